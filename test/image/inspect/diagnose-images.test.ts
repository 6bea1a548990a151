// `kubewhy diagnose --images`: the images of the pods in scope are read from the (real, TLS,
// htpasswd) test registry and judged by the image rules; images of pods outside the namespace
// asked about are neither read nor reported.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli.js';
import { buildLayer, pushImage } from '../../helpers/oci-push.js';
import { closeClients, registry, repo, tmp } from '../registry/context.js';
import { SKIP, binary, dockerConfig, tlsClient } from '../../rules/image/helpers.js';

if (SKIP) it.skip(`diagnose --images tests SKIPPED: ${SKIP}`, () => undefined);

const pod = (namespace: string, name: string, image: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, uid: `uid-${name}`, creationTimestamp: '2026-11-25T10:00:00Z' },
  spec: { containers: [{ name: 'app', image }], nodeName: 'node-a' },
  status: {
    phase: 'Running',
    containerStatuses: [{ name: 'app', image, imageID: '', ready: true, restartCount: 0, started: true, state: { running: { startedAt: '2026-11-25T10:00:05Z' } } }],
  },
});

interface Report {
  findings: { ruleId: string; fault: string; message: string; subject: { object?: { kind: string; name: string } } }[];
  inputErrors: { file: string; message: string }[];
}

describe.skipIf(SKIP !== '')('kubewhy diagnose --images', () => {
  afterAll(closeClients);

  it('judges the images of the pods in scope with the image rules, and only those', async () => {
    const info = registry!;
    const pusher = tlsClient();
    const cgo = `${info.tls.host}/${repo('diag-cgo')}`;
    const other = `${info.tls.host}/${repo('diag-other')}`;
    await pushImage(pusher, cgo, { tag: 'v1', layers: [await buildLayer([{ path: 'app', content: binary('cgo-dynamic'), mode: 0o755 }])], config: { Entrypoint: ['/app'], User: '65532' } });
    await pushImage(pusher, other, { tag: 'v1', layers: [await buildLayer([{ path: 'app', content: binary('cgo-dynamic'), mode: 0o755 }])], config: { Entrypoint: ['/app'], User: '65532' } });

    const dir = tmp('diag-snapshot');
    mkdirSync(dir, { recursive: true });
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-a', labels: { 'kubernetes.io/arch': 'amd64' } }, status: { nodeInfo: { architecture: 'amd64', operatingSystem: 'linux' } } };
    const items = [node, pod('shop', 'api-0', `${cgo}:v1`), pod('billing', 'ledger-0', `${other}:v1`)];
    writeFileSync(join(dir, 'objects.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
    const config = dockerConfig(info.tls.host, 'alice', info.users.alice);
    const env = { KUBEWHY_CACHE: tmp('diag-cache') };

    const r = cli(['diagnose', '--from', dir, '-n', 'shop', '--images', '--ca-file', info.caFile, '--docker-config', config, '-f', 'json'], { env });
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as Report;
    expect(report.inputErrors).toEqual([]);
    const missing = report.findings.filter((f) => f.ruleId === 'image-missing-interpreter');
    expect(missing.map((f) => [f.fault, f.subject.object?.kind, f.subject.object?.name])).toEqual([['A3', 'Image', `${cgo}:v1`]]);
    expect(missing[0]!.message).toContain('wants the loader /lib64/ld-linux-x86-64.so.2, which the image does not have');
    expect(report.findings.some((f) => f.subject.object?.name === `${other}:v1`)).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).not.toContain(info.users.alice);

    // Without --images no registry is contacted and no image rule runs.
    const plain = JSON.parse(cli(['diagnose', '--from', dir, '-n', 'shop', '-f', 'json'], { env }).stdout) as Report;
    expect(plain.findings.filter((f) => f.ruleId.startsWith('image-'))).toEqual([]);
  });
});
