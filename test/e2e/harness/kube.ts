// A minimal Kubernetes REST client for the e2e tests: HTTPS to 127.0.0.1 with the cluster CA and a
// bearer token, JSON in and out. No dependency beyond node:https, so it cannot drift from the API.
import { request } from 'node:https';

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name?: string; namespace?: string; uid?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: unknown };
  [k: string]: unknown;
}
export interface KubeList<T = KubeObject> {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion?: string; [k: string]: unknown };
  items: T[];
}
export interface KubeResponse {
  status: number;
  body: unknown;
  /** `Warning:` response headers (admission warnings, deprecations). */
  warnings: string[];
}

export class KubeError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    const msg = (body as { message?: string } | null)?.message ?? JSON.stringify(body);
    super(`${method} ${path}: HTTP ${status}: ${msg}`);
  }
  get reason(): string | undefined {
    return (this.body as { reason?: string } | null)?.reason;
  }
  get apiMessage(): string {
    return (this.body as { message?: string } | null)?.message ?? '';
  }
}

export interface Connection {
  server: string; // https://127.0.0.1:PORT
  ca: string; // PEM
  token: string;
}

export class Kube {
  constructor(readonly conn: Connection) {}

  /** The same server and CA, authenticated as someone else. */
  as(token: string): Kube {
    return new Kube({ ...this.conn, token });
  }

  raw(method: string, path: string, body?: unknown, contentType = 'application/json', timeoutMs = 30_000): Promise<KubeResponse> {
    const url = new URL(path, this.conn.server);
    if (url.hostname !== '127.0.0.1') throw new Error(`refusing non-loopback URL ${url.href}`);
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          ca: this.conn.ca,
          headers: {
            authorization: `Bearer ${this.conn.token}`,
            accept: 'application/json',
            ...(payload !== undefined ? { 'content-type': contentType, 'content-length': Buffer.byteLength(payload) } : {}),
          },
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              /* keep text */
            }
            const w = res.headers.warning;
            const warnings = (Array.isArray(w) ? w : w ? [w] : []).map((s) => s.replace(/^299 - "(.*)"$/, '$1'));
            resolve({ status: res.statusCode ?? 0, body: parsed, warnings });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out after ${timeoutMs} ms`)));
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  async call<T = KubeObject>(method: string, path: string, body?: unknown, contentType?: string): Promise<T> {
    const res = await this.raw(method, path, body, contentType);
    if (res.status < 200 || res.status >= 300) throw new KubeError(method, path, res.status, res.body);
    return res.body as T;
  }

  get<T = KubeObject>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }
  list<T = KubeObject>(path: string): Promise<KubeList<T>> {
    return this.call<KubeList<T>>('GET', path);
  }
  create<T = KubeObject>(path: string, obj: unknown): Promise<T> {
    return this.call<T>('POST', path, obj);
  }
  /** JSON merge patch. */
  patch<T = KubeObject>(path: string, patch: unknown): Promise<T> {
    return this.call<T>('PATCH', path, patch, 'application/merge-patch+json');
  }
  async delete(path: string): Promise<void> {
    const res = await this.raw('DELETE', path);
    if (res.status !== 404 && (res.status < 200 || res.status >= 300)) throw new KubeError('DELETE', path, res.status, res.body);
  }
}

/** Kind → collection path; enough for the kinds the e2e tests create. */
export function collectionPath(apiVersion: string, kind: string, namespace?: string): string {
  const plural = PLURALS[kind] ?? `${kind.toLowerCase()}s`;
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  return namespace && !CLUSTER_SCOPED.has(kind) ? `${base}/namespaces/${namespace}/${plural}` : `${base}/${plural}`;
}
const PLURALS: Record<string, string> = {
  Ingress: 'ingresses',
  NetworkPolicy: 'networkpolicies',
  PodSecurityPolicy: 'podsecuritypolicies',
  ResourceQuota: 'resourcequotas',
  StorageClass: 'storageclasses',
  Endpoints: 'endpoints',
  HorizontalPodAutoscaler: 'horizontalpodautoscalers',
  PriorityClass: 'priorityclasses',
};
const CLUSTER_SCOPED = new Set(['Namespace', 'Node', 'ClusterRole', 'ClusterRoleBinding', 'PriorityClass', 'StorageClass', 'PersistentVolume', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'CustomResourceDefinition']);

export function objectPath(obj: KubeObject, namespace?: string): string {
  const ns = obj.metadata.namespace ?? namespace;
  return `${collectionPath(obj.apiVersion ?? 'v1', obj.kind ?? '', ns)}/${obj.metadata.name}`;
}

/** Create any object from its apiVersion/kind (namespaced into `namespace` unless it names one). */
export function apply<T extends KubeObject>(kube: Kube, obj: T, namespace?: string): Promise<T> {
  const ns = obj.metadata.namespace ?? namespace;
  return kube.create<T>(collectionPath(obj.apiVersion ?? 'v1', obj.kind ?? '', ns), obj);
}

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  what?: string;
}

/** Polls `probe` until it returns something other than undefined/false; errors are retried unless they carry `fatal: true`. */
export async function waitFor<T>(probe: () => Promise<T | undefined | false>, opts: WaitOptions = {}): Promise<T> {
  const { timeoutMs = 60_000, intervalMs = 250, what = 'condition' } = opts;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      if ((err as { fatal?: boolean }).fatal) throw err;
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export interface CoreEvent extends KubeObject {
  involvedObject: { kind: string; name: string; namespace?: string; uid?: string; fieldPath?: string };
  reason: string;
  message: string;
  type: string;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  count?: number;
}

/** core/v1 Events in `namespace` about the object `kind/name` (events.k8s.io events are readable here too). */
export async function eventsFor(kube: Kube, namespace: string, kind: string, name: string): Promise<CoreEvent[]> {
  const sel = encodeURIComponent(`involvedObject.kind=${kind},involvedObject.name=${name}`);
  const list = await kube.list<CoreEvent>(`/api/v1/namespaces/${namespace}/events?fieldSelector=${sel}`);
  return list.items;
}

/** Waits for an Event with `reason` about kind/name and returns it. */
export function waitForEvent(kube: Kube, namespace: string, kind: string, name: string, reason: string, opts: WaitOptions = {}): Promise<CoreEvent> {
  return waitFor(async () => (await eventsFor(kube, namespace, kind, name)).find((e) => e.reason === reason), {
    what: `event ${reason} on ${kind} ${namespace}/${name}`,
    ...opts,
  });
}
