import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { InputError } from '../core/finding.js';
import type { ClusterState } from '../model/cluster.js';
import { asArray, asNumber, asObject, asString } from '../model/cluster.js';
import type { Json, JsonObject } from '../model/manifest.js';
import { addObject, flatten, redactSecret } from './snapshot.js';
import { loadKubeConfig, networkMessage } from './kubeconfig.js';

/**
 * Live mode: reads the cluster the way `kubectl get -o json` does and hands the same
 * ClusterState to the engine as the snapshot loader (src/load/snapshot.ts).
 *
 * @kubernetes/client-node is used for the kubeconfig only (contexts, client certificates, tokens,
 * exec plugins, in-cluster service account): the requests are plain https with its options, so the
 * JSON arrives untouched (strings stay strings, unknown fields are kept). Read-only: GET only.
 */

export interface LiveOptions {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  allNamespaces?: boolean;
  /** `tailLines` per container log (default 200). */
  logTailLines?: number;
  /** Per request (default 30 s). */
  timeoutMs?: number;
  onProgress?: (msg: string) => void;
  /** Items per List page (default 500). */
  pageSize?: number;
  /** Wraps the HTTP transport: tests count requests with it. */
  wrapTransport?: (t: Transport) => Transport;
}

export interface ApiResponse {
  status: number;
  text: string;
}
/** GET `path` (with query) on the API server. Network failures reject; HTTP errors resolve. */
export type Transport = (path: string, timeoutMs: number) => Promise<ApiResponse>;

/** One resource kind as the loader lists it; its snapshot file is `<plural>.json`. */
interface Kind {
  kind: string;
  apiVersion: string;
  plural: string;
  namespaced: boolean;
}

export const LIVE_KINDS: readonly Kind[] = [
  { kind: 'Pod', apiVersion: 'v1', plural: 'pods', namespaced: true },
  { kind: 'ReplicaSet', apiVersion: 'apps/v1', plural: 'replicasets', namespaced: true },
  { kind: 'Deployment', apiVersion: 'apps/v1', plural: 'deployments', namespaced: true },
  { kind: 'StatefulSet', apiVersion: 'apps/v1', plural: 'statefulsets', namespaced: true },
  { kind: 'DaemonSet', apiVersion: 'apps/v1', plural: 'daemonsets', namespaced: true },
  { kind: 'Job', apiVersion: 'batch/v1', plural: 'jobs', namespaced: true },
  { kind: 'CronJob', apiVersion: 'batch/v1', plural: 'cronjobs', namespaced: true },
  { kind: 'Service', apiVersion: 'v1', plural: 'services', namespaced: true },
  { kind: 'EndpointSlice', apiVersion: 'discovery.k8s.io/v1', plural: 'endpointslices', namespaced: true },
  { kind: 'Node', apiVersion: 'v1', plural: 'nodes', namespaced: false },
  { kind: 'Namespace', apiVersion: 'v1', plural: 'namespaces', namespaced: false },
  { kind: 'ResourceQuota', apiVersion: 'v1', plural: 'resourcequotas', namespaced: true },
  { kind: 'LimitRange', apiVersion: 'v1', plural: 'limitranges', namespaced: true },
  { kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v2', plural: 'horizontalpodautoscalers', namespaced: true },
  { kind: 'PodDisruptionBudget', apiVersion: 'policy/v1', plural: 'poddisruptionbudgets', namespaced: true },
  { kind: 'ConfigMap', apiVersion: 'v1', plural: 'configmaps', namespaced: true },
  { kind: 'Secret', apiVersion: 'v1', plural: 'secrets', namespaced: true },
  { kind: 'PersistentVolumeClaim', apiVersion: 'v1', plural: 'persistentvolumeclaims', namespaced: true },
  { kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1', plural: 'networkpolicies', namespaced: true },
  { kind: 'Event', apiVersion: 'v1', plural: 'events', namespaced: true },
];

/** What was read, before it becomes a ClusterState: also what `kubewhy snapshot` writes. */
export interface LiveFetch {
  source: string;
  /** The namespace listed, or undefined for all namespaces. */
  namespace: string | undefined;
  /** When the Lists were read (RFC 3339): "now" for every age the diagnosis states. */
  readAt: string;
  /** One `kind: List` document per kind, keyed by its snapshot file name (`pods.json`). */
  lists: { file: string; doc: JsonObject }[];
  logs: { namespace: string; pod: string; container: string; previous: boolean; text: string }[];
  warnings: InputError[];
  /** GET requests made, by kind plural (pages of one List count separately) and `log`. */
  requests: Record<string, number>;
}

/** An error that ends live mode: one line, names the endpoint. */
export class LiveError extends Error {
  override name = 'LiveError';
}

/** `tailLines` per container log, live diagnose and watch alike. */
export const DEFAULT_LOG_TAIL_LINES = 200;
const LOG_CONCURRENCY = 4;
const LIST_CONCURRENCY = 6;
const MAX_LOG_CONTAINERS = 100;
const LOG_LIMIT_BYTES = 1 << 20;
const MAX_410_RESTARTS = 3;

export async function loadLive(opts: LiveOptions): Promise<ClusterState> {
  return (await loadLiveScoped(opts)).state;
}

/** loadLive, plus the namespace that was listed (the context's namespace without -n / -A). */
export async function loadLiveScoped(opts: LiveOptions): Promise<{ state: ClusterState; namespace: string | undefined; fetch: LiveFetch }> {
  const fetched = await fetchLive(opts);
  return { state: toState(fetched), namespace: fetched.namespace, fetch: fetched };
}

/** The same path as the snapshot loader's: List documents in file-name order, then the logs. */
export function toState(f: LiveFetch): ClusterState {
  const state: ClusterState = { source: f.source, readAt: f.readAt, objects: [], events: [], logs: [], warnings: [...f.warnings] };
  const seen = new Set<string>();
  for (const { doc } of [...f.lists].sort((a, b) => a.file.localeCompare(b.file))) {
    for (const raw of flatten(doc)) addObject(state, seen, raw);
  }
  state.logs.push(...[...f.logs].sort((a, b) => logFile(a).localeCompare(logFile(b))));
  return state;
}

export function logFile(l: { namespace: string; pod: string; container: string; previous: boolean }): string {
  return `logs/${l.namespace}/${l.pod}/${l.container}${l.previous ? '.previous' : ''}.log`;
}

interface Connection {
  server: string;
  context: string;
  defaultNamespace: string;
  transport: Transport;
}

async function connect(opts: LiveOptions): Promise<Connection> {
  const target = await loadKubeConfig(opts, (message) => new LiveError(message));
  const { server } = target;
  const transport: Transport = async (path, timeoutMs) => {
    const options = { ...(await target.requestOptions('GET', {})), timeout: timeoutMs };
    return get(server + path, options, timeoutMs).catch((err: unknown) => {
      throw new LiveError(`cannot reach the Kubernetes API at ${server}: ${networkMessage(err)}`);
    });
  };
  return { server, context: target.context, defaultNamespace: target.defaultNamespace, transport };
}

/**
 * The image pull Secrets the pods name (`spec.imagePullSecrets`, which the ServiceAccount admission
 * plugin already filled from the pod's service account), read with their data for the registry
 * client of `diagnose --images` only: they are handed to it and never enter the ClusterState, a
 * report or a snapshot. One GET per Secret; a Secret that cannot be read is a warning.
 */
export async function fetchPullSecrets(opts: LiveOptions, refs: readonly { namespace: string; name: string }[]): Promise<{ secrets: JsonObject[]; warnings: InputError[] }> {
  const conn = await connect(opts);
  const transport = opts.wrapTransport ? opts.wrapTransport(conn.transport) : conn.transport;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const secrets: JsonObject[] = [];
  const warnings: InputError[] = [];
  const unique = [...new Map(refs.map((r) => [`${r.namespace}/${r.name}`, r])).values()];
  await pool(unique, LIST_CONCURRENCY, async ({ namespace, name }) => {
    const res = await transport(`/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets/${encodeURIComponent(name)}`, timeoutMs);
    const obj = res.status === 200 ? parseJson(res.text) : undefined;
    if (obj) secrets.push(obj);
    else warnings.push({ file: `secret ${namespace}/${name}`, message: pullSecretWarning(res, name, namespace, conn.server) });
  });
  return { secrets, warnings };
}

function pullSecretWarning(res: ApiResponse, name: string, namespace: string, server: string): string {
  if (res.status === 403) return `forbidden: cannot get secret ${name} in namespace ${namespace} (RBAC); its images are read with the Docker config credentials only`;
  if (res.status === 404) return `imagePullSecret ${name} does not exist in namespace ${namespace} (the kubelet cannot use it either)`;
  return `HTTP ${res.status} from ${server} reading secret ${namespace}/${name}; its images are read with the Docker config credentials only`;
}

function get(url: string, options: RequestOptions, timeoutMs: number): Promise<ApiResponse> {
  const send = url.startsWith('http:') ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, options, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`no response within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end();
  });
}


/** Reads every kind once for the scope, the events once, then the logs of failing containers. */
export async function fetchLive(opts: LiveOptions): Promise<LiveFetch> {
  const conn = await connect(opts);
  const transport = opts.wrapTransport ? opts.wrapTransport(conn.transport) : conn.transport;
  const namespace = opts.allNamespaces ? undefined : (opts.namespace ?? conn.defaultNamespace);
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const pageSize = opts.pageSize ?? 500;
  const progress = opts.onProgress ?? (() => {});
  const out: LiveFetch = {
    source: `context ${conn.context} (${conn.server})${namespace !== undefined ? `, namespace ${namespace}` : ', all namespaces'}`,
    namespace,
    readAt: '',
    lists: [],
    logs: [],
    warnings: [],
    requests: {},
  };
  const count = (what: string): void => {
    out.requests[what] = (out.requests[what] ?? 0) + 1;
  };
  const scopeText = namespace !== undefined ? `in namespace ${namespace}` : 'in any namespace';

  const readKind = async (k: Kind): Promise<void> => {
    const base = k.apiVersion.includes('/') ? `/apis/${k.apiVersion}` : `/api/${k.apiVersion}`;
    // In one namespace, the Namespace itself is a Get (a List would need cluster-wide rights).
    if (k.kind === 'Namespace' && namespace !== undefined) {
      count(k.plural);
      const res = await transport(`${base}/namespaces/${encodeURIComponent(namespace)}`, timeoutMs);
      if (res.status === 200) {
        const obj = parseJson(res.text);
        if (obj) out.lists.push({ file: `${k.plural}.json`, doc: listDoc([{ apiVersion: k.apiVersion, kind: k.kind, ...obj }]) });
        return;
      }
      if (res.status === 404) throw new LiveError(`namespace "${namespace}" not found at ${conn.server}`);
      if (res.status === 401) throw unauthorized(conn.server);
      out.warnings.push(httpWarning(res, `${k.plural} (get)`, `get namespace ${namespace}`, conn.server));
      return;
    }
    const path = k.namespaced && namespace !== undefined ? `${base}/namespaces/${encodeURIComponent(namespace)}/${k.plural}` : `${base}/${k.plural}`;
    const where = k.namespaced ? scopeText : 'at the cluster scope';
    const items = await listAll(transport, path, pageSize, timeoutMs, () => count(k.plural));
    if ('error' in items) {
      if (items.error.status === 401) throw unauthorized(conn.server);
      out.warnings.push(httpWarning(items.error, `${k.plural} (list)`, `list ${k.plural} ${where}`, conn.server));
      return;
    }
    const normalized = items.items.map((item) => normalize(k, item));
    out.lists.push({ file: `${k.plural}.json`, doc: listDoc(normalized) });
  };

  progress(`reading ${out.source}`);
  // The first request alone: an unreachable server or bad credentials end the run once, clearly.
  const [first, ...rest] = [LIVE_KINDS.find((k) => k.kind === 'Namespace')!, ...LIVE_KINDS.filter((k) => k.kind !== 'Namespace')];
  await readKind(first);
  let done = 1;
  await pool(rest, LIST_CONCURRENCY, async (k) => {
    await readKind(k);
    progress(`read ${++done}/${LIVE_KINDS.length} kinds`);
  });

  out.readAt = new Date().toISOString();
  const pods = out.lists.find((l) => l.file === 'pods.json');
  await fetchLogs(out, pods ? asArray(pods.doc.items) : [], transport, opts.logTailLines ?? DEFAULT_LOG_TAIL_LINES, timeoutMs, count, progress, conn.server);
  return out;
}

type ListResult = { items: JsonObject[] } | { error: ApiResponse };

/** `limit` + `continue` pages; a 410 (continue token too old) restarts the List from the beginning. */
async function listAll(transport: Transport, path: string, pageSize: number, timeoutMs: number, counted: () => void): Promise<ListResult> {
  for (let restarts = 0; ; restarts++) {
    const items: JsonObject[] = [];
    let cont: string | undefined;
    let expired = false;
    do {
      const query = `?limit=${pageSize}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`;
      counted();
      const res = await transport(path + query, timeoutMs);
      if (res.status === 410 && cont && restarts < MAX_410_RESTARTS) {
        expired = true;
        break;
      }
      if (res.status !== 200) return { error: res };
      const list = parseJson(res.text);
      if (!list) return { error: { status: 0, text: 'response is not a JSON object' } };
      for (const i of asArray(list.items)) {
        const o = asObject(i);
        if (o) items.push(o);
      }
      cont = asString(asObject(list.metadata)?.continue) || undefined;
    } while (cont);
    if (!expired) return { items };
  }
}

function parseJson(text: string): JsonObject | undefined {
  try {
    return asObject(JSON.parse(text) as Json);
  } catch {
    return undefined;
  }
}

function listDoc(items: JsonObject[]): JsonObject {
  return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items };
}

function unauthorized(server: string): LiveError {
  return new LiveError(`the Kubernetes API at ${server} rejected the credentials (401 Unauthorized)`);
}

/** `what`: "list secrets in namespace shop". */
function httpWarning(res: ApiResponse, file: string, what: string, server: string): InputError {
  const apiMessage = asString(parseJson(res.text)?.message);
  if (res.status === 403) return { file, message: `forbidden: cannot ${what} (RBAC); diagnosis continues without them` };
  if (res.status === 404) return { file, message: `not served by the API server at ${server} (404); diagnosis continues without them` };
  return { file, message: `HTTP ${res.status}${apiMessage ? `: ${apiMessage}` : ''}; diagnosis continues without them` };
}

/**
 * What `kubectl get -o json` shows, minus what must not or need not leave the cluster:
 * managedFields (kubectl hides them too), Secret values (key names stay), ConfigMap values
 * (key names stay; CoreDNS's Corefile in kube-system is kept), last-applied annotations of both.
 */
function normalize(k: Kind, item: JsonObject): JsonObject {
  const meta = asObject(item.metadata);
  const obj: JsonObject = { apiVersion: k.apiVersion, kind: k.kind, ...item };
  if (meta) {
    const { managedFields: _mf, ...restMeta } = meta;
    obj.metadata = restMeta;
    if (k.kind === 'Secret' || k.kind === 'ConfigMap') {
      const ann = asObject(restMeta.annotations);
      if (ann && 'kubectl.kubernetes.io/last-applied-configuration' in ann) {
        const { 'kubectl.kubernetes.io/last-applied-configuration': _la, ...keep } = ann;
        obj.metadata = { ...restMeta, annotations: keep };
      }
    }
  }
  if (k.kind === 'Secret') return redactSecret(obj);
  if (k.kind === 'ConfigMap') {
    const coredns = asString(meta?.namespace) === 'kube-system' && asString(meta?.name) === 'coredns';
    const data = asObject(obj.data);
    if (data) obj.data = Object.fromEntries(Object.entries(data).map(([key, v]) => [key, coredns && key === 'Corefile' ? v : '<omitted>']));
    const bin = asObject(obj.binaryData);
    if (bin) obj.binaryData = Object.fromEntries(Object.keys(bin).map((key) => [key, '']));
  }
  return obj;
}

/** One container log to read: the current instance, or the previous (crashed) one. */
export interface LogWant {
  namespace: string;
  pod: string;
  container: string;
  previous: boolean;
  /** The container's restartCount when it was selected: a new value is a new crash. */
  restartCount: number;
  /** The instance this log belongs to has ended (terminated): its output is complete. */
  ended: boolean;
}

/** Containers that crashed, crash-loop, exited non-zero or are a stuck init container: current and previous output. */
export function failingContainers(pods: readonly Json[]): LogWant[] {
  return pods.flatMap((p) => failingContainersOf(p));
}

/** failingContainers of one pod (the watch asks per pod as pods change). */
export function failingContainersOf(p: Json): LogWant[] {
  const out: LogWant[] = [];
  const pod = asObject(p);
  const meta = asObject(pod?.metadata);
  const status = asObject(pod?.status);
  const namespace = asString(meta?.namespace);
  const name = asString(meta?.name);
  if (!namespace || !name || !status) return out;
  const inits = new Set(asArray(status.initContainerStatuses));
  for (const cs of [...inits, ...asArray(status.containerStatuses)]) {
    const c = asObject(cs);
    const container = asString(c?.name);
    if (!c || !container) continue;
    const state = asObject(c.state);
    const restarts = asNumber(c.restartCount) ?? 0;
    const waiting = asString(asObject(state?.waiting)?.reason);
    const exit = asNumber(asObject(state?.terminated)?.exitCode);
    const lastExit = asObject(asObject(c.lastState)?.terminated);
    // An init container still running while the pod is Pending is what holds the pod back.
    const stuckInit = inits.has(cs) && state?.running !== undefined && asString(status.phase) === 'Pending';
    if (restarts === 0 && waiting !== 'CrashLoopBackOff' && !(exit !== undefined && exit !== 0) && !stuckInit) continue;
    const base = { namespace, pod: name, container, restartCount: restarts };
    // The current instance has output only when it ran (running or terminated).
    if (state?.running || state?.terminated) out.push({ ...base, previous: false, ended: state.terminated !== undefined });
    if (restarts > 0 || lastExit) out.push({ ...base, previous: true, ended: true });
  }
  return out;
}

/** The pods/log GET for one want: tail-bounded and byte-bounded, as live diagnose reads it. */
export function podLogPath(w: Pick<LogWant, 'namespace' | 'pod' | 'container' | 'previous'>, tailLines: number): string {
  const q = `container=${encodeURIComponent(w.container)}&tailLines=${tailLines}&limitBytes=${LOG_LIMIT_BYTES}${w.previous ? '&previous=true' : ''}`;
  return `/api/v1/namespaces/${encodeURIComponent(w.namespace)}/pods/${encodeURIComponent(w.pod)}/log?${q}`;
}

async function fetchLogs(
  out: LiveFetch,
  pods: Json[],
  transport: Transport,
  tailLines: number,
  timeoutMs: number,
  count: (what: string) => void,
  progress: (msg: string) => void,
  server: string,
): Promise<void> {
  let wants = failingContainers(pods);
  if (wants.length === 0) return;
  if (wants.length > MAX_LOG_CONTAINERS) {
    out.warnings.push({ file: 'pods/log (get)', message: `${wants.length} failing container logs; read the first ${MAX_LOG_CONTAINERS} only` });
    wants = wants.slice(0, MAX_LOG_CONTAINERS);
  }
  progress(`reading ${wants.length} container logs`);
  const failures: string[] = [];
  let forbidden = false;
  await pool(wants, LOG_CONCURRENCY, async (w) => {
    if (forbidden) return;
    count('log');
    const res = await transport(podLogPath(w, tailLines), timeoutMs);
    if (res.status === 200) out.logs.push({ namespace: w.namespace, pod: w.pod, container: w.container, previous: w.previous, text: res.text });
    else if (res.status === 403) forbidden = true;
    else if (res.status === 401) throw unauthorized(server);
    else failures.push(`${w.namespace}/${w.pod}/${w.container}${w.previous ? ' (previous)' : ''}: HTTP ${res.status}${asString(parseJson(res.text)?.message) ? ` ${asString(parseJson(res.text)?.message)}` : ''}`);
  });
  if (forbidden) {
    out.warnings.push({ file: 'pods/log (get)', message: `forbidden: cannot get pods/log (RBAC); diagnosis continues without container logs` });
  }
  if (failures.length > 0) {
    out.warnings.push({ file: 'pods/log (get)', message: `${failures.length} of ${wants.length} container logs could not be read from ${server} (first: ${failures[0]!.slice(0, 300)})` });
  }
}

async function pool<T>(items: readonly T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: unknown;
  const worker = async (): Promise<void> => {
    while (next < items.length && failed === undefined) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (err) {
        failed ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  if (failed !== undefined) throw failed;
}

export interface PodLogRequest {
  kubeconfig?: string;
  context?: string;
  /** Default: the context's namespace, like kubectl. */
  namespace?: string;
  pod: string;
  /** Default: the `kubectl.kubernetes.io/default-container` annotation, else the first container. */
  container?: string;
  previous: boolean;
  /** `tailLines`; all of it when absent. */
  tailLines?: number;
  timeoutMs?: number;
  wrapTransport?: (t: Transport) => Transport;
}

export interface PodLog {
  namespace: string;
  pod: string;
  container: string;
  /** Set when the container was not named and the pod has several: kubectl's "Defaulted container" note. */
  defaultedFrom?: string[];
  previous: boolean;
  text: string;
  /** resources.limits of the container, as quantities (the decoders compare the runtime with them). */
  limits: { memory?: string; cpu?: string };
}

/**
 * `kubectl logs pod/NAME [-c C] [--previous] [--tail N]` through the same connection as live
 * diagnose: the pod first (for its containers and their limits), then its log. What the API
 * server refuses (no such pod, container, or previous instance; a node it cannot reach) is a
 * LiveError carrying the API server's own message.
 */
export async function fetchPodLog(req: PodLogRequest): Promise<PodLog> {
  const conn = await connect(req);
  const transport = req.wrapTransport ? req.wrapTransport(conn.transport) : conn.transport;
  const timeoutMs = req.timeoutMs ?? 30_000;
  const namespace = req.namespace ?? conn.defaultNamespace;
  const podPath = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(req.pod)}`;
  const res = await transport(podPath, timeoutMs);
  if (res.status === 401) throw unauthorized(conn.server);
  if (res.status !== 200) throw new LiveError(`${apiMessage(res)} (namespace ${namespace}, ${conn.server})`);
  const pod = parseJson(res.text);
  const spec = asObject(pod?.spec);
  const containers = [...asArray(spec?.containers), ...asArray(spec?.initContainers), ...asArray(spec?.ephemeralContainers)].flatMap((c) => {
    const o = asObject(c);
    return o ? [o] : [];
  });
  const names = asArray(spec?.containers).map((c) => asString(asObject(c)?.name) ?? '');
  const annotated = asString(asObject(asObject(pod?.metadata)?.annotations)?.['kubectl.kubernetes.io/default-container']);
  const container = req.container ?? (annotated !== undefined && names.includes(annotated) ? annotated : names[0]);
  if (container === undefined) throw new LiveError(`pod ${namespace}/${req.pod} has no containers`);
  const q = `container=${encodeURIComponent(container)}${req.tailLines !== undefined ? `&tailLines=${req.tailLines}` : ''}${req.previous ? '&previous=true' : ''}`;
  const log = await transport(`${podPath}/log?${q}`, timeoutMs);
  if (log.status === 401) throw unauthorized(conn.server);
  if (log.status !== 200) {
    throw new LiveError(`cannot read the ${req.previous ? 'previous ' : ''}log of ${namespace}/${req.pod} container ${container}: ${apiMessage(log)}`);
  }
  const limits = asObject(asObject(containers.find((c) => asString(c.name) === container)?.resources)?.limits);
  const out: PodLog = { namespace, pod: req.pod, container, previous: req.previous, text: log.text, limits: {} };
  const memory = limits?.memory;
  const cpu = limits?.cpu;
  if (typeof memory === 'string' || typeof memory === 'number') out.limits.memory = String(memory);
  if (typeof cpu === 'string' || typeof cpu === 'number') out.limits.cpu = String(cpu);
  if (req.container === undefined && names.length > 1) out.defaultedFrom = names;
  return out;
}

/** The API server's Status message (`pods "x" not found`), else the HTTP status. */
function apiMessage(res: ApiResponse): string {
  const message = asString(parseJson(res.text)?.message);
  return message ? `${message} (HTTP ${res.status})` : `HTTP ${res.status}${res.text ? `: ${res.text.split('\n')[0]!.slice(0, 300)}` : ''}`;
}
