import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, REPO } from '../helpers/cli.js';
import { reportValidator } from '../report/schema.js';
import { RECORDED } from './helpers.js';

const DEADLOCK = join(RECORDED, 'panic-deadlock-go1.25.txt');

describe('kubewhy logs', () => {
  it('text report: findings at the log position, exit 1 on errors', () => {
    const r = cli(['logs', DEADLOCK]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('1:1  error    deadlock: all 2 goroutines blocked');
    expect(r.stdout).toContain('[go-deadlock C2]');
  });

  it('--format json follows the report schema and carries the decoded structure', () => {
    const r = cli(['logs', join(RECORDED, 'gctrace-go1.21.txt'), '--format', 'json', '--memory-limit', '100Mi', '--cpu-limit', '1']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { command: string; findings: { ruleId: string; subject: { span: { file: string; line: number } } }[]; decoded: { gc: { count: number; cycles: { n: number; liveMB: number }[] }; limits: object } };
    const validate = reportValidator();
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc.command).toBe('logs');
    expect(doc.decoded.gc.count).toBe(8);
    expect(doc.decoded.gc.cycles.map((c) => c.liveMB)).toEqual([3, 7, 13, 27, 36, 45, 54, 31]);
    expect(doc.decoded.limits).toEqual({ memoryBytes: 100 * 2 ** 20, cpuCores: 1 });
    expect(doc.findings.map((f) => f.ruleId)).toContain('gc-heap-near-memory-limit');
    expect(doc.findings[0]?.subject.span.file).toBe('test/logs/fixtures/recorded/gctrace-go1.21.txt');
  });

  it('reads stdin with -', () => {
    const r = spawnSync(process.execPath, [join(REPO, 'dist/cli/main.js'), 'logs', '-', '--format', 'json'], {
      input: 'starting\ndial tcp: lookup db on 10.96.0.10:53: no such host\n',
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout) as { findings: { ruleId: string; subject: { span: { file: string; line: number } } }[] };
    expect(doc.findings.map((f) => [f.ruleId, f.subject.span.file, f.subject.span.line])).toEqual([['log-dns-no-such-host', '<stdin>', 2]]);
  });

  it('a clean log exits 0', () => {
    const r = spawnSync(process.execPath, [join(REPO, 'dist/cli/main.js'), 'logs', '-'], { input: 'listening on :8080\n', encoding: 'utf8' });
    expect(r.status).toBe(0);
  });

  it('pod/NAME reads through the kubeconfig: an unreadable one is exit 2 naming it; cluster flags on a file are a usage error', () => {
    const r = cli(['logs', 'pod/api-7f9c', '-c', 'api', '--previous', '--kubeconfig', 'no/such/kubeconfig']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^kubewhy logs pod\/api-7f9c: cannot read the kubeconfig no\/such\/kubeconfig: .*no\/such\/kubeconfig.*\n$/);
    const f = cli(['logs', DEADLOCK, '--previous']);
    expect(f.code).toBe(2);
    expect(f.stderr).toBe('kubewhy logs: --previous is for pod/NAME (a log from the cluster), not for a file\n');
  });

  it('a missing file is an input error (exit 2), a bad limit a usage error', () => {
    expect(cli(['logs', 'no/such.log']).code).toBe(2);
    const bad = cli(['logs', DEADLOCK, '--memory-limit', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--memory-limit');
  });
});
