import fs from 'node:fs';
import { test } from 'vitest';
import { loadDockerfile } from '../../src/load/dockerfile.js';
test('probe', () => {
  const r = loadDockerfile('svc/Dockerfile', fs.readFileSync(process.env.F!, 'utf8'), { buildArgs: JSON.parse(process.env.B ?? '{}') });
  console.log(JSON.stringify(r, (k, v) => (k === 'text' ? undefined : v), 1).replace(/\n\s*/g, ' ').replace(/"span"/g, '\n   "span"').replace(/\{ "keyword"/g, '\n{ "keyword"'));
});
