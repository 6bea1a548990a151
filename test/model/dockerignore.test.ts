import { describe, expect, it } from 'vitest';
import { compileDockerignore } from '../../src/model/dockerignore.js';

describe('compileDockerignore', () => {
  const cases: [string[], string, boolean][] = [
    [['.git'], '.git/HEAD', true],
    [['/.git/'], '.git/objects/ab', true],
    [['**/.git'], '.git', true],
    [['**/.env'], 'svc/a/.env', true],
    [['*.env'], 'prod.env', true],
    [['*.env'], 'cfg/prod.env', false],
    [['*', '!go.mod', '!cmd/'], '.git/HEAD', true],
    [['*', '!go.mod', '!cmd/'], 'cmd/app/main.go', false],
    [['.git', '!.git'], '.git/HEAD', false],
    [['bin/[a-c]*'], 'bin/app', true],
    [['bin/[^a-c]*'], 'bin/app', false],
    [['./build/../.git'], '.git/config', true],
  ];
  it.each(cases)('%j excludes %s: %s', (patterns, path, want) => {
    expect(compileDockerignore(patterns)(path)).toBe(want);
  });
});
