// Starts a real Kubernetes control plane on 127.0.0.1 from the binaries built by
// scripts/control-plane/build.sh: etcd → kube-apiserver → kube-controller-manager, kube-scheduler,
// kwok (fake nodes and pod lifecycles). Static-token auth, RBAC, default admission plugins,
// leader election off, generated certificates, random free ports, everything in one run directory
// (on /dev/shm when available). See processes.mjs for how nothing is left running.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:https';
import { request as httpRequest } from 'node:http';
import { randomBytes } from 'node:crypto';
import { Kube, waitFor } from './kube.js';
import { FAKE_NODES, nodeObject, type FakeNode } from './nodes.js';
import { Supervisor, type Proc } from './processes.mjs';

const HERE = new URL('.', import.meta.url).pathname;
const STAGES_DIR = join(HERE, '../kwok-stages');

export type Component = 'etcd' | 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kwok';
export const ALL_COMPONENTS: readonly Component[] = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok'];

/** Clients first, so that no server waits for connections to drain. */
const STOP_TIERS = [['kwok', 'kube-scheduler', 'kube-controller-manager'], ['kube-apiserver'], ['etcd']];

export interface ClusterInfo {
  server: string;
  token: string;
  ca: string;
  caFile: string;
  kubeconfig: string;
  runDir: string;
  binDir: string;
  kubectl: string;
  k8sVersion: string;
  /** The serving certificate (SAN IP:127.0.0.1, DNS:localhost) and key, signed by `ca`: reuse for webhook servers. */
  servingCert: string;
  servingKey: string;
  nodes: string[];
  pids: Record<string, number>;
  startSeconds: number;
}

export interface StartOptions {
  /** Directory holding bin/, kwok-stages/ and manifest.env (what build.sh prints). */
  cacheDir: string;
  components?: readonly Component[];
  nodes?: readonly FakeNode[];
  keepRunDir?: boolean;
  log?: (msg: string) => void;
}

export class ControlPlane {
  private constructor(
    readonly info: ClusterInfo,
    private readonly sup: Supervisor,
  ) {}

  get kube(): Kube {
    return new Kube({ server: this.info.server, ca: this.info.ca, token: this.info.token });
  }

  static async start(opts: StartOptions): Promise<ControlPlane> {
    const t0 = Date.now();
    const log = opts.log ?? (() => {});
    const components = opts.components ?? ALL_COMPONENTS;
    const binDir = join(opts.cacheDir, 'bin');
    const manifest = parseEnv(readFileSync(join(opts.cacheDir, 'manifest.env'), 'utf8'));
    const shm = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
    const runDir = mkdtempSync(join(shm, 'kubewhy-e2e-'));
    for (const d of ['logs', 'tmp', 'etcd', 'pki']) mkdirSync(join(runDir, d));
    const sup = new Supervisor(runDir, { keepRunDir: opts.keepRunDir });
    sup.arm();
    try {
      return await startIn(opts, sup, runDir, binDir, manifest, components, log, t0);
    } catch (err) {
      const stopped = await sup.stopAll({ graceMs: 2000, tiers: STOP_TIERS });
      if (stopped.survivors.length) log(`WARNING: survivors after failed start: ${stopped.survivors.join(' ')}`);
      throw err;
    }
  }

  /** Stops every process (SIGTERM, then SIGKILL) and reports what was left, if anything. */
  stop(graceMs = 5000): Promise<{ pids: number[]; survivors: number[]; killed: string[] }> {
    return this.sup.stopAll({ graceMs, tiers: STOP_TIERS });
  }

  static fromStarted(info: ClusterInfo, sup: Supervisor): ControlPlane {
    return new ControlPlane(info, sup);
  }
}

async function startIn(
  opts: StartOptions,
  sup: Supervisor,
  runDir: string,
  binDir: string,
  manifest: Record<string, string>,
  components: readonly Component[],
  log: (msg: string) => void,
  t0: number,
): Promise<ControlPlane> {
  const pki = join(runDir, 'pki');
  makeCerts(pki);
  const ca = readFileSync(join(pki, 'ca.crt'), 'utf8');
  const token = randomBytes(16).toString('hex');
  writeFileSync(join(pki, 'tokens.csv'), `${token},kubewhy-admin,kubewhy-admin,"system:masters"\n`, { mode: 0o600 });
  const [etcdPort, peerPort, apiPort, kcmPort, schedPort, kwokPort, kwokNodePort] = (await freePorts(7)) as [number, number, number, number, number, number, number];
  const server = `https://127.0.0.1:${apiPort}`;
  const kubeconfig = join(runDir, 'admin.kubeconfig');
  writeFileSync(kubeconfig, kubeconfigYaml(server, join(pki, 'ca.crt'), token), { mode: 0o600 });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: runDir, // kwok reads ~/.kwok/kwok.yaml; nothing may read the developer's home
    TMPDIR: join(runDir, 'tmp'),
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
  };
  const pids: Record<string, number> = {};
  const spawn = (name: Component, args: string[]): Proc => {
    const p = sup.spawn(name, join(binDir, name), args, { env, logFile: join(runDir, 'logs', `${name}.log`) });
    pids[name] = p.pid;
    log(`started ${name} (pid ${p.pid})`);
    return p;
  };
  const ready = async (p: Proc, probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> => {
    try {
      await waitFor(
        async () => {
          if (p.exit) throw new ExitedError(`${p.name} exited (${JSON.stringify(p.exit)})`);
          return probe();
        },
        { timeoutMs, intervalMs: 200, what: `${p.name} to become ready` },
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- last lines of ${p.logFile} ---\n${tail(p.logFile, 40)}`);
    }
    log(`${p.name} ready after ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  };
  const httpsOk = (port: number, path: string, auth = true) => () => probeHttps(port, path, ca, auth ? token : undefined);
  const want = new Set(components);

  if (want.has('etcd')) {
    const etcd = spawn('etcd', [
      '--name=e2e',
      `--data-dir=${join(runDir, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdPort}`,
      `--advertise-client-urls=http://127.0.0.1:${etcdPort}`,
      `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-cluster=e2e=http://127.0.0.1:${peerPort}`,
      '--unsafe-no-fsync=true',
      '--quota-backend-bytes=1073741824',
      '--log-level=warn',
    ]);
    await ready(etcd, () => probeHttp(etcdPort, '/readyz'));
  }
  if (want.has('kube-apiserver')) {
    const api = spawn('kube-apiserver', [
      `--etcd-servers=http://127.0.0.1:${etcdPort}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      '--endpoint-reconciler-type=none',
      `--cert-dir=${pki}`,
      `--tls-cert-file=${join(pki, 'serving.crt')}`,
      `--tls-private-key-file=${join(pki, 'serving.key')}`,
      `--client-ca-file=${join(pki, 'ca.crt')}`,
      `--token-auth-file=${join(pki, 'tokens.csv')}`,
      '--authorization-mode=RBAC',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${join(pki, 'sa.pub')}`,
      `--service-account-signing-key-file=${join(pki, 'sa.key')}`,
      '--service-cluster-ip-range=10.96.0.0/16',
      '--allow-privileged=true',
      // The default admission plugins stay on (NamespaceLifecycle, LimitRanger, ServiceAccount,
      // DefaultTolerationSeconds, ResourceQuota, TaintNodesByCondition, Priority, PodSecurity,
      // MutatingAdmissionWebhook, ValidatingAdmissionWebhook, …); nothing is disabled.
      '--profiling=false',
      '--v=1',
    ]);
    await ready(api, httpsOk(apiPort, '/readyz'), 90_000);
  }
  const waits: Promise<void>[] = [];
  const common = (port: number): string[] => [
    `--kubeconfig=${kubeconfig}`,
    `--authentication-kubeconfig=${kubeconfig}`,
    `--authorization-kubeconfig=${kubeconfig}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${port}`,
    `--tls-cert-file=${join(pki, 'serving.crt')}`,
    `--tls-private-key-file=${join(pki, 'serving.key')}`,
    '--leader-elect=false',
    '--profiling=false',
    '--v=1',
  ];
  if (want.has('kube-controller-manager')) {
    const kcm = spawn('kube-controller-manager', [
      ...common(kcmPort),
      `--service-account-private-key-file=${join(pki, 'sa.key')}`,
      `--root-ca-file=${join(pki, 'ca.crt')}`,
      '--controllers=*',
      '--horizontal-pod-autoscaler-sync-period=5s',
      '--node-monitor-period=2s',
      '--concurrent-service-syncs=1',
    ]);
    waits.push(ready(kcm, httpsOk(kcmPort, '/healthz', false)));
  }
  if (want.has('kube-scheduler')) {
    const sched = spawn('kube-scheduler', common(schedPort));
    waits.push(ready(sched, httpsOk(schedPort, '/readyz', false)));
  }
  if (want.has('kwok')) {
    const stagesFile = join(runDir, 'kwok-stages.yaml');
    const stageFiles = [
      ...['node-initialize.yaml', 'node-heartbeat-with-lease.yaml', 'pod-delete.yaml'].map((f) => join(opts.cacheDir, 'kwok-stages', f)),
      join(STAGES_DIR, 'pod-lifecycle.yaml'),
      join(STAGES_DIR, 'sim-container-states.yaml'),
    ];
    writeFileSync(stagesFile, stageFiles.map((f) => readFileSync(f, 'utf8').trimEnd()).join('\n---\n') + '\n');
    const kwok = spawn('kwok', [
      `--kubeconfig=${kubeconfig}`,
      `--config=${stagesFile}`,
      '--manage-all-nodes=true',
      '--node-ip=127.0.0.1',
      `--node-port=${kwokNodePort}`,
      `--server-address=127.0.0.1:${kwokPort}`,
      `--tls-cert-file=${join(pki, 'serving.crt')}`,
      `--tls-private-key-file=${join(pki, 'serving.key')}`,
      '--node-lease-duration-seconds=40',
      '--cidr=10.244.0.0/16',
    ]);
    waits.push(ready(kwok, () => probeAny(kwokPort, '/healthz', ca)));
  }
  await Promise.all(waits);

  const info: ClusterInfo = {
    server,
    token,
    ca,
    caFile: join(pki, 'ca.crt'),
    kubeconfig,
    runDir,
    binDir,
    kubectl: join(binDir, 'kubectl'),
    k8sVersion: manifest.K8S_VERSION ?? 'unknown',
    servingCert: join(pki, 'serving.crt'),
    servingKey: join(pki, 'serving.key'),
    nodes: [],
    pids,
    startSeconds: 0,
  };
  const cp = ControlPlane.fromStarted(info, sup);
  const kube = cp.kube;
  if (want.has('kube-apiserver')) {
    // RBAC bootstrap roles and the default namespace's ServiceAccount (needs the KCM).
    await waitFor(async () => (await kube.raw('GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles/view')).status === 200, { what: 'RBAC bootstrap roles' });
    if (want.has('kube-controller-manager')) {
      await waitFor(async () => (await kube.raw('GET', '/api/v1/namespaces/default/serviceaccounts/default')).status === 200, { what: 'the default ServiceAccount' });
    }
  }
  if (want.has('kwok') && want.has('kube-controller-manager')) {
    const nodes = opts.nodes ?? FAKE_NODES;
    for (const n of nodes) await kube.create('/api/v1/nodes', nodeObject(n));
    // Ready, and the node-lifecycle controller has removed the not-ready taint TaintNodesByCondition added.
    await waitFor(
      async () => {
        const list = await kube.list<{ metadata: { name: string }; spec?: { taints?: { key: string }[] }; status?: { conditions?: { type: string; status: string }[] } }>('/api/v1/nodes');
        return nodes.every((n) => {
          const o = list.items.find((i) => i.metadata.name === n.name);
          const ready = o?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
          const tainted = o?.spec?.taints?.some((t) => t.key.startsWith('node.kubernetes.io/'));
          return ready && !tainted;
        });
      },
      { timeoutMs: 90_000, what: 'fake nodes Ready and untainted' },
    );
    info.nodes = nodes.map((n) => n.name);
    log(`${nodes.length} kwok nodes ready`);
  }
  info.startSeconds = (Date.now() - t0) / 1000;
  return cp;
}

class ExitedError extends Error {
  readonly fatal = true;
}

function makeCerts(dir: string): void {
  const ossl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  };
  ossl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=kubewhy-e2e-ca',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
    '-keyout', 'ca.key', '-out', 'ca.crt');
  ossl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'serving.key', '-out', 'serving.csr');
  writeFileSync(join(dir, 'serving.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n');
  ossl('x509', '-req', '-in', 'serving.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'serving.ext', '-out', 'serving.crt');
  ossl('genrsa', '-out', 'sa.key', '2048');
  ossl('rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub');
}

function kubeconfigYaml(server: string, caFile: string, token: string): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: kubewhy-e2e
  cluster:
    server: ${server}
    certificate-authority: ${caFile}
users:
- name: kubewhy-admin
  user:
    token: ${token}
contexts:
- name: kubewhy-e2e
  context:
    cluster: kubewhy-e2e
    user: kubewhy-admin
    namespace: default
current-context: kubewhy-e2e
`;
}

/** Distinct free loopback ports (all held open until every one is picked). */
async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, () => new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
      const s = createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => resolve(s));
    })),
  );
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

function probeHttps(port: number, path: string, ca: string, token?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, ca, timeout: 2000, headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

function probeHttp(port: number, path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** kwok's server speaks HTTPS when given a certificate; accept either. */
async function probeAny(port: number, path: string, ca: string): Promise<boolean> {
  return (await probeHttps(port, path, ca)) || (await probeHttp(port, path));
}

function parseEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

export function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch (err) {
    return `(cannot read: ${(err as Error).message})`;
  }
}
