import { readFileSync } from 'node:fs';
import type { RequestOptions } from 'node:http';
import type { KubeConfig } from '@kubernetes/client-node';

/** The cluster a kubeconfig (or the in-cluster service account) points at, ready for requests. */
export interface KubeTarget {
  server: string;
  context: string;
  defaultNamespace: string;
  /** Request options with the kubeconfig's CA, client certificate, token or exec-plugin credentials applied. */
  requestOptions(method: string, headers: Record<string, string>): Promise<RequestOptions>;
}

/**
 * Reads the kubeconfig the way kubectl does: `--kubeconfig`, else $KUBECONFIG / ~/.kube/config / the
 * in-cluster service account; `--context` must exist. `fail` makes the caller's one-line error type.
 * client-node is loaded lazily: its import alone costs ~300 ms, which lint never pays.
 */
export async function loadKubeConfig(opts: { kubeconfig?: string; context?: string }, fail: (message: string) => Error): Promise<KubeTarget> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc: KubeConfig = new KubeConfig();
  try {
    if (opts.kubeconfig) kc.loadFromFile(opts.kubeconfig);
    else kc.loadFromDefault();
  } catch (err) {
    throw fail(`cannot read the kubeconfig${opts.kubeconfig ? ` ${opts.kubeconfig}` : ''}: ${oneLine(err)}`);
  }
  if (opts.context) {
    if (!kc.getContextObject(opts.context)) throw fail(`context "${opts.context}" not found in the kubeconfig`);
    kc.setCurrentContext(opts.context);
  }
  const cluster = kc.getCurrentCluster();
  // loadFromDefault's last resort (no KUBECONFIG, no ~/.kube/config, not in a pod) is an
  // unauthenticated http://localhost:8080: say what is missing instead of failing to connect there.
  if (!opts.kubeconfig && cluster?.name === 'cluster' && cluster.server === 'http://localhost:8080' && kc.getCurrentUser()?.name === 'user') {
    throw fail('no kubeconfig found: set KUBECONFIG, pass --kubeconfig, or run in a pod with a service account');
  }
  if (!cluster) throw fail('no current cluster in the kubeconfig (set KUBECONFIG, pass --kubeconfig, or run in a pod with a service account)');
  const server = cluster.server.replace(/\/+$/, '');
  const ctx = kc.getContextObject(kc.getCurrentContext());
  return {
    server,
    context: kc.getCurrentContext() || 'in-cluster',
    defaultNamespace: ctx?.namespace || inClusterNamespace() || 'default',
    async requestOptions(method, headers) {
      const o: RequestOptions & Record<string, unknown> = { method, headers: { accept: 'application/json', ...headers } };
      try {
        await kc.applyToHTTPSOptions(o as never);
      } catch (err) {
        throw fail(`cannot authenticate to the Kubernetes API at ${server}: ${oneLine(err)}`);
      }
      return o;
    },
  };
}

/** In a pod, the service account's namespace is the natural default (kubectl does the same). */
function inClusterNamespace(): string | undefined {
  try {
    return readFileSync('/var/run/secrets/kubernetes.io/serviceaccount/namespace', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** `connect ECONNREFUSED`, not a stack: what a person needs to know about a failed request. */
export function networkMessage(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.syscall && e.code) return `${e.syscall} ${e.code}`;
  if (e.code === 'ETIMEDOUT' || e.code === 'ECONNRESET') return `${e.code} ${e.message}`;
  return oneLine(err);
}

export function oneLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!.trim();
}
