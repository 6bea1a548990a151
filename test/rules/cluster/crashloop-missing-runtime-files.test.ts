import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/crashloop-missing-runtime-files.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('crashloop-missing-runtime-files', () => {
  it('reports missing CA certificates and tzdata, through a CronJob\'s Job pod too', async () => {
    const r = await diagnoseFixture('containers/crash', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'CronJob/shop/report spec.jobTemplate.spec.template.spec.containers[0].image report: 1/1 pods of CronJob shop/report: Error — unknown time zone Europe/Berlin: the image has no zoneinfo database and the binary does not embed time/tzdata',
      'Deployment/shop/payments spec.template.spec.containers[0].image payments: 1/1 pods of Deployment shop/payments: CrashLoopBackOff — x509: certificate signed by unknown authority (calling https://api.payments.example): the image has no CA bundle to verify TLS peers (or the peer uses a private CA that is not mounted)',
    ]);
    const f = r.findings[0]!;
    expect(f.fault).toBe('A6');
    expect(f.evidence.map((e) => e.message)).toEqual([
      'container "report" terminated: exit 1 (Error) — exited with status 1 (log.Fatal / os.Exit(1): the app gave up, read its last log lines), 0 restarts, ran 0s',
      'log of report-29400540-5xq7t/report (logs/shop/report-29400540-5xq7t/report.log), line 1:\n2026/11/25 09:00:04 report window: unknown time zone Europe/Berlin',
      'root cause: unknown time zone Europe/Berlin: the image has no zoneinfo database and the binary does not embed time/tzdata',
    ]);
    expect(f.fix).toBe('Embed the zone database (import _ "time/tzdata" in main, or go build -tags timetzdata), or COPY /usr/share/zoneinfo into the final stage of the image CronJob shop/report runs.');
    expect(f.verify).toBe('crane export registry.example.com/shop/report:1.4.0 - | tar -t | grep -c zoneinfo/');
    expect(r.findings[1]!.evidence.at(-1)!.message).toBe('root cause: x509: certificate signed by unknown authority (calling https://api.payments.example): the image has no CA bundle to verify TLS peers (or the peer uses a private CA that is not mounted)');
  });

  it('stays silent on the decoys and on the other failure families', async () => {
    for (const dir of ['start', 'config', 'probes', 'init']) {
      const r = await diagnoseFixture(`containers/${dir}`, [rule]);
      expect(r.findings.map(summary)).toEqual([]);
    }
  });
});
