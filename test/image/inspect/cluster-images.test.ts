import { afterAll, describe, expect, it } from 'vitest';
import { clusterImageInputs, inspectClusterImages } from '../../../src/image/inspect/index.js';
import type { ClusterObject } from '../../../src/model/cluster.js';
import type { JsonObject } from '../../../src/model/manifest.js';
import { buildLayer, pushImage, pushIndex } from '../../helpers/oci-push.js';
import { closeClients, registry, repo, tmp } from '../registry/context.js';
import { SKIP, binary, tlsClient } from '../../rules/image/helpers.js';

if (SKIP) it.skip(`cluster image tests SKIPPED: ${SKIP}`, () => undefined);

function obj(kind: string, name: string, raw: JsonObject, namespace?: string): ClusterObject {
  return { apiVersion: 'v1', kind, name, ...(namespace ? { namespace } : {}), raw: { kind, metadata: { name, ...(namespace ? { namespace } : {}) }, ...raw }, ref: { apiVersion: 'v1', kind, name, ...(namespace ? { namespace } : {}) } };
}

describe.skipIf(SKIP !== '')('inspectClusterImages (the diagnose entry point)', () => {
  afterAll(closeClients);

  it('reads each pod image once with the pods\' pull Secrets, for every Node architecture', async () => {
    const info = registry!;
    const name = `${info.tls.host}/${repo('live')}`;
    const pusher = tlsClient();
    const amd = await pushImage(pusher, name, { layers: [await buildLayer([{ path: 'app', content: binary('server-static'), mode: 0o755 }])], config: { Entrypoint: ['/app'] } });
    await pushIndex(pusher, name, 'v1', [{ manifest: amd.manifest, platform: { os: 'linux', architecture: 'amd64' } }]);
    const auth = Buffer.from(`alice:${info.users.alice}`).toString('base64');
    const dockerconfigjson = Buffer.from(JSON.stringify({ auths: { [info.tls.host]: { auth } } })).toString('base64');
    const pod = (n: string, secret?: string) =>
      obj('Pod', n, { spec: { containers: [{ name: 'api', image: `${name}:v1` }], ...(secret ? { imagePullSecrets: [{ name: secret }] } : {}) } }, 'shop');
    const objects = [
      obj('Secret', 'regcred', { type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': dockerconfigjson } }, 'shop'),
      obj('Node', 'n1', { status: { nodeInfo: { architecture: 'amd64' } } }),
      obj('Node', 'n2', { status: { nodeInfo: { architecture: 'arm64' } } }),
      pod('api-1', 'regcred'),
      pod('api-2', 'regcred'),
    ];
    const inputs = clusterImageInputs(objects);
    expect(inputs.images).toEqual([`${name}:v1`, `${name}:v1`]);
    expect(inputs.nodeArchitectures).toEqual(['amd64', 'arm64']);
    expect(inputs.pullSecrets).toHaveLength(1);

    const registryFlags = { caFile: [info.caFile], dockerConfig: tmp('no-docker-config'), cacheDir: tmp('live-cache') };
    const live = await inspectClusterImages({ ...inputs, registry: registryFlags });
    if ('error' in live) throw new Error(live.error);
    expect(live.failures).toEqual([]);
    const index = live.index;
    expect(index.nodeArchitectures).toEqual(['amd64', 'arm64']);
    expect([...index.byReference.keys()]).toEqual([`${name}:v1`]);
    const i = index.byReference.get(`${name}:v1`)!;
    expect(i.error).toBeUndefined();
    expect(i.platforms).toEqual([{ os: 'linux', architecture: 'amd64' }]);
    expect(i.inspected.map((p) => p.platform.architecture)).toEqual(['amd64']);

    const withoutSecret = await inspectClusterImages({ ...clusterImageInputs([pod('api-3')]), registry: registryFlags });
    if ('error' in withoutSecret) throw new Error(withoutSecret.error);
    expect(withoutSecret.index.byReference.get(`${name}:v1`)!.error).toMatchObject({ kind: 'unauthorized', fault: 'B2', code: 'UNAUTHORIZED' });
  });
});
