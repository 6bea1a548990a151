// What an e2e test file needs: the cluster started by global-setup.ts, an admin client, and a
// fresh namespace per test (tests run in parallel against one cluster and isolate by namespace).
import { randomBytes } from 'node:crypto';
import { describe, inject } from 'vitest';
import type { ClusterInfo } from './control-plane.js';
import { Kube, waitFor } from './kube.js';

export function clusterInfo(): ClusterInfo {
  const c = inject('cluster');
  if (!c) throw new Error(`no e2e cluster: ${inject('clusterSkipReason')}`);
  return c;
}

/** `describe` that is skipped (with the reason in its name) when no control plane is available. */
export function describeCluster(name: string, fn: () => void): void {
  const c = inject('cluster');
  if (c) describe(name, fn);
  else describe.skip(`${name} (skipped: ${inject('clusterSkipReason')})`, fn);
}

export function admin(): Kube {
  const c = clusterInfo();
  return new Kube({ server: c.server, ca: c.ca, token: c.token });
}

/** Creates `<prefix>-<random>` and waits until its `default` ServiceAccount exists (ServiceAccount admission needs it). */
export async function newNamespace(kube: Kube, prefix: string, name?: string): Promise<string> {
  const ns = name ?? `${prefix}-${randomBytes(3).toString('hex')}`;
  await kube.create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'kubewhy.e2e/test': prefix } } });
  await waitFor(async () => (await kube.raw('GET', `/api/v1/namespaces/${ns}/serviceaccounts/default`)).status === 200, {
    what: `ServiceAccount ${ns}/default`,
  });
  return ns;
}

/** A pod spec with one container; the image is never pulled (kwok has no runtime). */
export function pod(name: string, spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...meta },
    spec: {
      containers: [{ name: 'app', image: 'registry.example.com/shop/api:1.4.2' }],
      terminationGracePeriodSeconds: 0,
      ...spec,
    },
  };
}
