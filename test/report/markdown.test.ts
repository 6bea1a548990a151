import { describe, expect, it } from 'vitest';
import { formatMarkdown, inline, MAX_ROWS } from '../../src/report/markdown.js';
import { emptyRun, manyFindings, runResult } from './fixtures.js';

function tableRows(md: string): string[] {
  return md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Severity') && !l.startsWith('| ---'));
}

describe('formatMarkdown', () => {
  it('opens with the counts and the scope', () => {
    const [heading, , scope] = formatMarkdown(runResult()).split('\n');
    expect(heading).toBe('### kubewhy lint: 2 errors, 1 warning, 1 info');
    expect(scope).toBe('4 files, 3 objects · 2 suppressed · 2 input errors');
  });

  it('lists unsuppressed findings in a table, errors first, cells escaped', () => {
    expect(tableRows(formatMarkdown(runResult()))).toEqual([
      '| 🔴 error | `cgo-binary-on-libcless-base` | A3 | `Dockerfile:12` | Binary built with cgo runs on a libc-less base image |',
      '| 🔴 error | `memory-limit-without-gomemlimit` | E1 | `Deployment/shop/api` | Container api was OOMKilled 3 times<br>limit is 256Mi, GOMEMLIMIT unset |',
      '| 🟡 warning | `probe-port-mismatch` | D2 | `k8s/deploy.yaml:31` | readinessProbe uses port 8081 \\| container listens on 8080 |',
      '| 🔵 info | `image-latest-tag` | K1 | `k8s/deploy.yaml:20` | Image shop/api:latest uses the latest tag |',
    ]);
  });

  it('links locations when given a base', () => {
    const md = formatMarkdown(runResult(), { linkBase: 'https://github.com/o/r/blob/abc123/' });
    expect(md).toContain('| [Dockerfile:12](https://github.com/o/r/blob/abc123/Dockerfile#L12) |');
  });

  it('adds a details block per error with evidence, fix and verify', () => {
    const md = formatMarkdown(runResult());
    expect(md.match(/<details>/g)).toHaveLength(2);
    expect(md).toContain(
      [
        '<details>',
        '<summary><code>cgo-binary-on-libcless-base</code> Dockerfile:12 — Binary built with cgo runs on a libc-less base image</summary>',
        '',
        '**Evidence**',
        '',
        '- `Dockerfile:3:1` builder has cgo on',
        '- `Dockerfile:10:1` final stage is scratch',
        '',
        '**Fix:** Set ENV CGO_ENABLED=0 in the build stage',
        '',
        '**Verify:**',
        '',
        '```sh',
        'docker run --rm shop/api:dev /app --version',
        '```',
        '',
        '</details>',
      ].join('\n'),
    );
    expect(md).toContain('- `Node/worker-1` node memory pressure &lt;none&gt;');
    expect(md).not.toContain('livenessProbe uses port 9090');
  });

  it('lists input errors', () => {
    expect(formatMarkdown(runResult())).toContain('- k8s/broken.yaml:7:3: mapping values are not allowed here\n');
  });

  it(`caps the table at ${MAX_ROWS} rows`, () => {
    const md = formatMarkdown(runResult({ findings: manyFindings(130) }));
    expect(tableRows(md)).toHaveLength(MAX_ROWS);
    expect(md).toContain('\n… and 30 more\n');
  });

  it('says so when there is nothing to show', () => {
    expect(formatMarkdown(emptyRun())).toContain('\nNo findings.\n');
  });

  it('fences verify commands that contain backticks', () => {
    const r = runResult();
    const first = r.findings[0];
    if (!first) throw new Error('fixture has findings');
    r.findings[0] = { ...first, verify: 'echo ```' };
    expect(formatMarkdown(r)).toContain('````sh\necho ```\n````');
  });

  it('escapes pipes, newlines and HTML in cells', () => {
    expect(inline('a | b\r\nc <d> & e')).toBe('a \\| b<br>c &lt;d&gt; &amp; e');
  });
});
