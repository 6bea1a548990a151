// `kubewhy diagnose --images` live: the real API server holds the pods and their
// kubernetes.io/dockerconfigjson pull Secret, the real (TLS, htpasswd) test registry holds the
// images. The pull Secret is what lets kubewhy read the private image — the Docker config it is
// given is empty — and its password appears nowhere in the output.
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { admin, clusterInfo, describeCluster, newNamespace, pod } from './harness/context.js';
import { runKubewhy } from './harness/kubewhy.js';
import type { Kube } from './harness/kube.js';
import { buildLayer, pushImage } from '../helpers/oci-push.js';
import { closeClients, registry, repo } from '../image/registry/context.js';
import { SKIP, binary, tlsClient } from '../rules/image/helpers.js';



interface Report {
  findings: { ruleId: string; fault: string; message: string; subject: { object?: { kind: string; name: string } } }[];
  inputErrors: { file: string; message: string }[];
}

let kube: Kube;
let ns = '';
let nsWithout = '';
let tmp = '';

describeCluster('diagnose --images with the pods\' pull Secrets (real API server, real registry)', () => {
  beforeAll(async () => {
    if (SKIP) return;
    kube = admin();
    ns = await newNamespace(kube, 'images');
    nsWithout = await newNamespace(kube, 'images-nocred');
    tmp = mkdtempSync(join(tmpdir(), 'kubewhy-diag-images-'));
  });
  afterAll(closeClients);

  it.skipIf(SKIP !== '')('reads the private image with the Secret the pod names, and says which Secrets it could not use', async () => {
    const info = registry!;
    const cgo = `${info.tls.host}/${repo('e2e-cgo')}:v1`;
    const other = `${info.tls.host}/${repo('e2e-other')}:v1`;
    const pusher = tlsClient();
    for (const ref of [cgo, other]) {
      const [name, tag] = [ref.slice(0, ref.lastIndexOf(':')), ref.slice(ref.lastIndexOf(':') + 1)];
      await pushImage(pusher, name, { tag, layers: [await buildLayer([{ path: 'app', content: binary('cgo-dynamic'), mode: 0o755 }])], config: { Entrypoint: ['/app'], User: '65532' } });
    }
    const auth = Buffer.from(`alice:${info.users.alice}`).toString('base64');
    await kube.create(`/api/v1/namespaces/${ns}/secrets`, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'regcred' },
      type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': Buffer.from(JSON.stringify({ auths: { [info.tls.host]: { auth } } })).toString('base64') },
    });
    await kube.create(`/api/v1/namespaces/${ns}/pods`, pod('api', { containers: [{ name: 'app', image: cgo }], imagePullSecrets: [{ name: 'regcred' }] }));
    await kube.create(`/api/v1/namespaces/${nsWithout}/pods`, pod('worker', { containers: [{ name: 'app', image: other }], imagePullSecrets: [{ name: 'gone' }] }));

    const emptyDockerConfig = join(tmp, 'docker');
    mkdirSync(emptyDockerConfig);
    const env = { KUBECONFIG: clusterInfo().kubeconfig, HOME: tmp, KUBEWHY_CACHE: join(tmp, 'cache') };
    const run = async (namespace: string) => {
      const r = await runKubewhy(['diagnose', '-n', namespace, '--images', '--ca-file', info.caFile, '--docker-config', emptyDockerConfig, '-f', 'json'], env);
      expect(r.stdout + r.stderr).not.toContain(info.users.alice);
      expect(r.stdout + r.stderr).not.toContain(auth);
      return JSON.parse(r.stdout) as Report;
    };
    const about = (report: Report, ref: string) => report.findings.filter((f) => f.subject.object?.name === ref).map((f) => [f.ruleId, f.fault]);

    // With regcred the image was read: its facts are judged (the cgo binary lacks its loader).
    const withSecret = await run(ns);
    expect(about(withSecret, cgo)).toContainEqual(['image-missing-interpreter', 'A3']);
    expect(about(withSecret, cgo).map(([id]) => id)).not.toContain('image-registry-unauthorized');
    expect(withSecret.inputErrors).toEqual([]);

    // The other namespace's pod names a Secret that does not exist: no credentials, and kubewhy says why.
    const without = await run(nsWithout);
    expect(about(without, other)).toEqual([['image-registry-unauthorized', 'B2']]);
    expect(without.inputErrors).toContainEqual({ file: `secret ${nsWithout}/gone`, message: `imagePullSecret gone does not exist in namespace ${nsWithout} (the kubelet cannot use it either)` });
  });
});
