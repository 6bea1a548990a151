// Container logs for kwok pods. The API server proxies pods/log to the node's kubelet endpoint
// (status.daemonEndpoints.kubeletEndpoint); the harness's kwok advertises that port on every fake
// node but does not listen there, so the real answer for a kwok pod is the API server's 500
// "dial tcp …: connection refused". serveKubeletLogs starts a second kwok that manages nothing and
// only serves the kubelet API on that port, with ClusterLogs for the given pods: kwok reads
// CRI-format log files (as the kubelet reads /var/log/pods) and the API server relays them — both
// real code paths.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { clusterInfo } from './context.js';
import type { Kube, KubeObject } from './kube.js';
import { waitFor } from './kube.js';
import { alive, Supervisor } from './processes.mjs';

/** What the kubelet writes under /var/log/pods: `<RFC3339Nano> <stream> <F|P> <line>`. */
export function criLog(text: string): string {
  return (
    text
      .replace(/\n$/, '')
      .split('\n')
      .map((l, i) => `2026-11-25T09:29:${String(i % 60).padStart(2, '0')}.000000000Z stderr F ${l}`)
      .join('\n') + '\n'
  );
}

export interface PodLogs {
  pod: string;
  container: string;
  /** Output of the current instance, plain text (written as a CRI log file). */
  current: string;
  /** Output of the previous instance (`--previous`). */
  previous: string;
}

/** The port the kwok nodes advertise as their kubelet endpoint. */
export async function kubeletPort(kube: Kube, node = 'kwok-amd64-small'): Promise<number> {
  const n = await kube.get<KubeObject & { status: { daemonEndpoints: { kubeletEndpoint: { Port: number } } } }>(`/api/v1/nodes/${node}`);
  return n.status.daemonEndpoints.kubeletEndpoint.Port;
}

/**
 * Starts the kubelet-API kwok (in `dir`, an empty directory) serving these logs for `namespace`;
 * resolves once it listens. Test files run in parallel and there is one kubelet port: a lock
 * directory holds the port until stop().
 */
export async function serveKubeletLogs(kube: Kube, dir: string, namespace: string, logs: readonly PodLogs[]): Promise<{ stop(): Promise<void> }> {
  const port = await kubeletPort(kube);
  const lock = join(tmpdir(), `kubewhy-kubelet-logs-${port}.lock`);
  await waitFor(async () => takeLock(lock), { what: `the kubelet port ${port} (held by another test file)`, timeoutMs: 110_000 });
  const inert = (kind: string): string[] => ['apiVersion: kwok.x-k8s.io/v1alpha1', 'kind: Stage', 'metadata:', `  name: kubewhy-inert-${kind.toLowerCase()}`, 'spec:', `  resourceRef: {apiGroup: v1, kind: ${kind}}`, '  selector:', '    matchExpressions:', "    - {key: '.metadata.labels[\"kubewhy.e2e/none\"]', operator: In, values: ['none']}", '  next: {}', '---'];
  const config = [
    // kwok insists on stages; these match nothing (this kwok manages no node and no pod).
    ...inert('Node'),
    ...inert('Pod'),
  ];
  logs.forEach((l, i) => {
    const base = join(dir, `${l.pod}.${l.container}`);
    writeFileSync(`${base}.log`, criLog(l.current));
    writeFileSync(`${base}.previous.log`, criLog(l.previous));
    config.push(
      ...(i > 0 ? ['---'] : []),
      'apiVersion: kwok.x-k8s.io/v1alpha1',
      'kind: ClusterLogs',
      'metadata:',
      `  name: kubewhy-logs-${i}`,
      'spec:',
      '  selector:',
      `    matchNamespaces: [${namespace}]`,
      `    matchNames: [${l.pod}]`,
      '  logs:',
      `  - containers: [${l.container}]`,
      `    logsFile: ${base}.log`,
      `    previousLogsFile: ${base}.previous.log`,
    );
  });
  writeFileSync(join(dir, 'kwok.yaml'), config.join('\n') + '\n');
  const c = clusterInfo();
  mkdirSync(join(dir, 'run'));
  const sup = new Supervisor(join(dir, 'run'));
  sup.arm();
  sup.spawn(
    'kwok-logs',
    join(c.binDir, 'kwok'),
    [`--kubeconfig=${c.kubeconfig}`, `--config=${join(dir, 'kwok.yaml')}`, '--manage-all-nodes=false', '--manage-nodes-with-label-selector=kubewhy.e2e/none=none', `--server-address=127.0.0.1:${port}`, `--tls-cert-file=${c.servingCert}`, `--tls-private-key-file=${c.servingKey}`],
    { env: { PATH: process.env.PATH ?? '', HOME: dir }, logFile: join(dir, 'kwok-logs.log') },
  );
  // Listening is enough: the ClusterLogs are read from its config at start, and the pods may not exist yet.
  await waitFor(() => listening(port), { what: `kwok serving the kubelet API on 127.0.0.1:${port}`, timeoutMs: 30_000 });
  return {
    async stop() {
      await sup.stopAll();
      rmSync(lock, { recursive: true, force: true });
    },
  };
}

/** mkdir is atomic; a lock whose process is gone (a killed run) is taken over. */
function takeLock(lock: string): boolean {
  try {
    mkdirSync(lock);
  } catch {
    let owner = 0;
    try {
      owner = Number(readFileSync(join(lock, 'pid'), 'utf8'));
    } catch {
      return false;
    }
    if (owner && alive(owner)) return false;
    rmSync(lock, { recursive: true, force: true });
    return false;
  }
  writeFileSync(join(lock, 'pid'), String(process.pid));
  return true;
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}
