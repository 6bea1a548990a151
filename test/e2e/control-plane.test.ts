// The harness itself: a real kube-apiserver with token auth and RBAC, real controllers, kwok
// nodes, everything on loopback.
import { readFileSync, readlinkSync, readdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import { admin, clusterInfo, describeCluster, newNamespace } from './harness/context.js';
import { KubeError, waitFor } from './harness/kube.js';
import { FAKE_NODES } from './harness/nodes.js';

interface NodeLike {
  metadata: { name: string; labels: Record<string, string> };
  spec: { taints?: { key: string; value?: string; effect: string }[] };
  status: { allocatable: Record<string, string>; conditions: { type: string; status: string }[]; nodeInfo: { architecture: string } };
}

describeCluster('control plane (real kube-apiserver, controllers, scheduler; kwok nodes)', () => {
  it('serves the pinned Kubernetes version', async () => {
    const v = await admin().get<{ gitVersion: string; major: string; minor: string }>('/version');
    expect(v.gitVersion).toBe(clusterInfo().k8sVersion);
    expect(v.gitVersion).toMatch(/^v1\.\d+\.\d+$/);
  });

  it('authenticates bearer tokens: the static admin token works, a wrong token is 401, anonymous is 403', async () => {
    const kube = admin();
    expect((await kube.raw('GET', '/api/v1/namespaces')).status).toBe(200);
    const bad = await kube.as('not-a-token').raw('GET', '/api/v1/namespaces');
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ kind: 'Status', reason: 'Unauthorized' });
    const anon = await kube.as('').raw('GET', '/api/v1/namespaces');
    expect(anon.status).toBe(403);
    expect((anon.body as { message: string }).message).toBe('namespaces is forbidden: User "system:anonymous" cannot list resource "namespaces" in API group "" at the cluster scope');
  });

  it('RBAC: a ServiceAccount without bindings cannot list secrets or events; a Role grants exactly what it says', async () => {
    const kube = admin();
    const ns = await newNamespace(kube, 'rbac');
    await kube.create(`/api/v1/namespaces/${ns}/serviceaccounts`, { metadata: { name: 'reader' } });
    const tr = await kube.create<{ status: { token: string } }>(`/api/v1/namespaces/${ns}/serviceaccounts/reader/token`, {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { expirationSeconds: 600 },
    });
    const sa = kube.as(tr.status.token);
    const who = await sa.create<{ status: { userInfo: { username: string } } }>('/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
    });
    expect(who.status.userInfo.username).toBe(`system:serviceaccount:${ns}:reader`);
    for (const [resource, path] of [
      ['secrets', `/api/v1/namespaces/${ns}/secrets`],
      ['events', `/api/v1/namespaces/${ns}/events`],
      ['pods', `/api/v1/namespaces/${ns}/pods`],
    ] as const) {
      const err = await sa.list(path).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(KubeError);
      expect((err as KubeError).status).toBe(403);
      expect((err as KubeError).reason).toBe('Forbidden');
      expect((err as KubeError).apiMessage).toBe(`${resource} is forbidden: User "system:serviceaccount:${ns}:reader" cannot list resource "${resource}" in API group "" in the namespace "${ns}"`);
    }
    await kube.create(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`, {
      metadata: { name: 'pod-reader' },
      rules: [{ apiGroups: [''], resources: ['pods', 'events'], verbs: ['get', 'list', 'watch'] }],
    });
    await kube.create(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
      metadata: { name: 'reader-pods' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace: ns }],
    });
    await waitFor(async () => (await sa.raw('GET', `/api/v1/namespaces/${ns}/pods`)).status === 200, { what: 'the RoleBinding to take effect' });
    expect((await sa.raw('GET', `/api/v1/namespaces/${ns}/events`)).status).toBe(200);
    expect((await sa.raw('GET', `/api/v1/namespaces/${ns}/secrets`)).status).toBe(403);
    const review = await sa.create<{ status: { allowed: boolean } }>('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { namespace: ns, verb: 'list', resource: 'secrets' } },
    });
    expect(review.status.allowed).toBe(false);
  });

  it('has the kwok nodes Ready with their capacity, taints, and arch labels, heartbeating through Leases', async () => {
    const kube = admin();
    const nodes = (await kube.list<NodeLike>('/api/v1/nodes')).items;
    expect(nodes.map((n) => n.metadata.name).sort()).toEqual(FAKE_NODES.map((n) => n.name).sort());
    for (const want of FAKE_NODES) {
      const n = nodes.find((x) => x.metadata.name === want.name)!;
      expect(n.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
      expect(n.status.allocatable).toMatchObject({ cpu: want.cpu, memory: want.memory, pods: want.pods });
      expect(n.metadata.labels['kubernetes.io/arch']).toBe(want.arch);
      expect(n.status.nodeInfo.architecture).toBe(want.arch);
      expect(n.spec.taints ?? []).toEqual(want.taints ?? []);
      const lease = await kube.get<{ spec: { holderIdentity: string; renewTime: string; leaseDurationSeconds: number } }>(`/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${want.name}`);
      expect(lease.spec.leaseDurationSeconds).toBe(40); // kwok --node-lease-duration-seconds
      expect(Date.now() - Date.parse(lease.spec.renewTime)).toBeLessThan(60_000);
    }
  });

  it('binds every component to 127.0.0.1 and talks to nothing but loopback', () => {
    const info = clusterInfo();
    const sockets = tcpSockets();
    const seen: string[] = [];
    for (const [name, pid] of Object.entries(info.pids)) {
      for (const inode of socketInodes(pid)) {
        const s = sockets.get(inode);
        if (!s) continue;
        seen.push(`${name} ${s.local} -> ${s.remote} (${s.state})`);
        expect(s.local.startsWith('127.0.0.1:'), `${name} local ${s.local}`).toBe(true);
        if (s.state !== 'LISTEN') expect(s.remote.startsWith('127.0.0.1:'), `${name} remote ${s.remote}`).toBe(true);
      }
    }
    // every component listens on something (etcd 2, apiserver 1, kcm 1, scheduler 1, kwok 1+)
    expect(seen.filter((s) => s.includes('LISTEN')).length).toBeGreaterThanOrEqual(6);
  });
});

/** inode → socket from /proc/net/tcp{,6} (IPv6 sockets would show up with a non-127.0.0.1 address). */
function tcpSockets(): Map<string, { local: string; remote: string; state: string }> {
  const out = new Map<string, { local: string; remote: string; state: string }>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.trim().split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      out.set(f[9]!, { local: addr(f[1]!), remote: addr(f[2]!), state: f[3] === '0A' ? 'LISTEN' : `state ${f[3]}` });
    }
  }
  return out;
}

function addr(hex: string): string {
  const [ip, port] = hex.split(':') as [string, string];
  const p = parseInt(port, 16);
  if (ip.length === 8) return `${[3, 2, 1, 0].map((i) => parseInt(ip.slice(i * 2, i * 2 + 2), 16)).join('.')}:${p}`;
  if (ip === '0000000000000000FFFF00000100007F') return `127.0.0.1:${p}`; // v4-mapped loopback
  return `[${ip}]:${p}`;
}

function socketInodes(pid: number): string[] {
  const out: string[] = [];
  let fds: string[] = [];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return out;
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) out.push(m[1]!);
    } catch {
      /* closed meanwhile */
    }
  }
  return out;
}
