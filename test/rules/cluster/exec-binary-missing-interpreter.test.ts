import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/exec-binary-missing-interpreter.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('exec-binary-missing-interpreter', () => {
  it('tells a cgo binary without its loader from a missing file', async () => {
    const r = await diagnoseFixture('containers/start', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'Deployment/shop/reports spec.template.spec.containers[0].image reports: 1/1 pods of Deployment shop/reports: CrashLoopBackOff — exec /app/reports: no such file or directory: /app/reports is there, but it is dynamically linked and its ELF interpreter (libc loader) is missing from the image',
    ]);
    const f = r.findings[0]!;
    expect(f.fault).toBe('A3');
    expect(f.evidence.map((e) => e.message)).toEqual([
      'container "reports" waiting: CrashLoopBackOff (back-off 5m0s restarting failed container=reports pod=reports-dejfkbjkcl-x2xkq_shop(734cbfa6-b021-112e-d864-8cb5133544da))',
      'container "reports" last terminated: exit 1 (Error) — exited with status 1 (log.Fatal / os.Exit(1): the app gave up, read its last log lines), 6 restarts, ran 0s',
      'event Warning BackOff ×27 (2026-11-25T09:01:10Z … 2026-11-25T09:30:00Z, kubelet): Back-off restarting failed container reports in pod reports-dejfkbjkcl-x2xkq_shop(734cbfa6-b021-112e-d864-8cb5133544da)',
      'previous log of reports-dejfkbjkcl-x2xkq/reports (logs/shop/reports-dejfkbjkcl-x2xkq/reports.previous.log), line 1:\nexec /app/reports: no such file or directory',
      'root cause: exec /app/reports: no such file or directory: /app/reports is there, but it is dynamically linked and its ELF interpreter (libc loader) is missing from the image',
    ]);
    expect(f.fix).toBe('Build with CGO_ENABLED=0 (use pure-Go replacements such as modernc.org/sqlite), or use a runtime base with the matching libc (gcr.io/distroless/base-debian12, debian:bookworm-slim) for Deployment shop/reports.');
    expect(f.verify).toBe('id=$(docker create registry.example.com/shop/reports:2.0.0) && docker cp "$id:/app/reports" ./bin && file ./bin   # want "statically linked"');
  });

  it('stays silent on the decoys and on the other failure families', async () => {
    for (const dir of ['crash', 'config', 'probes', 'init']) {
      const r = await diagnoseFixture(`containers/${dir}`, [rule]);
      expect(r.findings.map(summary)).toEqual([]);
    }
  });
});
