import type { ClusterEvent, ClusterObject } from '../model/cluster.js';
import { asArray, asObject, asString } from '../model/cluster.js';
import type { ClusterIndex } from '../model/cluster-index.js';
import type { JsonObject } from '../model/manifest.js';
import { ageSeconds, conditionOf } from './clock.js';
import { podRequest, requestedOnNode, quantityOf, sayResource, formatResource, type ContainerRequest } from './resources.js';

export type ClauseKind =
  | 'insufficient'
  | 'too-many-pods'
  | 'taint'
  | 'node-affinity'
  | 'node-name'
  | 'ports'
  | 'unschedulable'
  | 'node-conditions'
  | 'pod-affinity'
  | 'pod-anti-affinity'
  | 'topology-spread'
  | 'volume-binding'
  | 'volume-node-affinity'
  | 'volume-limits'
  | 'volume-zone'
  | 'pvc-unbound'
  | 'pvc-missing'
  | 'other';

export interface Clause {
  /** Nodes rejected for this reason; absent for PreFilter messages (they reject every node). */
  count?: number;
  reason: string;
  kind: ClauseKind;
  /** `Insufficient nvidia.com/gpu` → `nvidia.com/gpu`. */
  resource?: string;
  /** `{dedicated: gpu}` → key and value (value empty for key-only taints). */
  taint?: { key: string; value: string };
  /** `persistentvolumeclaim "data-0" not found` → `data-0`. */
  claim?: string;
}

export interface SchedulingMessage {
  total: number;
  /** PreFilter rejections (`pod has unbound immediate PersistentVolumeClaims`): no per-node count. */
  preFilter?: Clause;
  /** Filter rejections, in the scheduler's (alphabetical) order. */
  clauses: Clause[];
  /** The `preemption: …` PostFilter text; its counts are about preemption, not scheduling. */
  preemption?: string;
}

/**
 * Order matters: "pod affinity" must be tested before "node affinity", and the anti-affinity
 * forms before the affinity ones. Old (≤ 1.24) and new wordings sit side by side.
 */
const KINDS: [ClauseKind, RegExp][] = [
  ['too-many-pods', /^Too many pods$/],
  ['pod-anti-affinity', /anti-affinity rules|didn't match pod affinity\/anti-affinity/],
  ['pod-affinity', /didn't match pod affinity rules/],
  ['node-affinity', /didn't match (?:Pod's node affinity\/selector|node selector|node affinity|scheduler-enforced node affinity)/],
  ['taint', /had (?:untolerated )?taints?\b/],
  ['topology-spread', /topology spread constraints/],
  ['node-name', /didn't match the requested node name/],
  ['ports', /didn't have free ports/],
  ['unschedulable', /were unschedulable/],
  ['node-conditions', /had unknown conditions|not-ready|unreachable/],
  ['volume-node-affinity', /volume node affinity conflict|didn't match PersistentVolume's node affinity/],
  ['volume-binding', /available persistent volumes to bind|enough free storage|non-existent pv/],
  ['volume-limits', /exceed max volume count/],
  ['volume-zone', /no available volume zone/],
  ['pvc-unbound', /unbound immediate PersistentVolumeClaims/],
  ['pvc-missing', /persistentvolumeclaim "[^"]+" not found/],
];

export function classifyClause(reason: string, count?: number): Clause {
  const clause: Clause = { reason, kind: 'other', ...(count !== undefined ? { count } : {}) };
  const insufficient = /^Insufficient (\S+)$/.exec(reason);
  if (insufficient) return { ...clause, kind: 'insufficient', resource: insufficient[1]! };
  clause.kind = KINDS.find(([, re]) => re.test(reason))?.[0] ?? 'other';
  // New: `had untolerated taint {k: v}`; ≤ 1.24: `had taint {k: v}, that the pod didn't tolerate`.
  const taint = /taint \{([^:}]*):\s?([^}]*)\}/.exec(reason);
  if (taint) clause.taint = { key: taint[1]!.trim(), value: taint[2]!.trim() };
  const claim = /persistentvolumeclaim "([^"]+)" not found/.exec(reason);
  if (claim) clause.claim = claim[1]!;
  return clause;
}

/**
 * Parses the scheduler's FitError text (pkg/scheduler/framework/types.go):
 * `0/N nodes are available: <PreFilter msg>. <count reason, …>. preemption: …`.
 * Undefined for other FailedScheduling texts (binding errors, "skip schedule deleting pod").
 */
export function parseFailedScheduling(message: string): SchedulingMessage | undefined {
  const m = /^0\/(\d+) nodes are available:?\s*([\s\S]*)$/.exec(message.trim());
  if (!m) return undefined;
  let body = m[2]!;
  let preemption: string | undefined;
  const cut = body.search(/(?:^|\s)preemption: /);
  if (cut >= 0) {
    preemption = body.slice(cut).trim().replace(/^preemption: /, '').replace(/\.+$/, '');
    body = body.slice(0, cut);
  }
  body = body.trim().replace(/\.+$/, '');
  let preFilter: Clause | undefined;
  const split = /^(\D[\s\S]*?)\.\s+(?=\d+ )/.exec(body);
  if (split) {
    preFilter = classifyClause(split[1]!);
    body = body.slice(split[0].length);
  } else if (body && !/^\d+ /.test(body)) {
    preFilter = classifyClause(body);
    body = '';
  }
  // A clause never starts with a digit except its count; the old taint wording has its own ", that".
  const clauses = body
    ? body.split(/,\s+(?=\d+ )/).map((c) => {
        const cm = /^(\d+) ([\s\S]*)$/.exec(c.trim());
        return cm ? classifyClause(cm[2]!, Number(cm[1])) : classifyClause(c.trim());
      })
    : [];
  return { total: Number(m[1]), ...(preFilter ? { preFilter } : {}), clauses, ...(preemption ? { preemption } : {}) };
}

export interface Taint {
  key: string;
  value: string;
  effect: string;
}

export function taintText(t: Taint): string {
  return `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;
}

/** What keeps one node from taking the pod, as far as the snapshot shows. */
export type Blocker =
  | { kind: 'cordoned' }
  | { kind: 'not-ready'; status: string }
  | { kind: 'taint'; taint: Taint }
  | { kind: 'selector'; key: string; want: string; have?: string }
  | { kind: 'affinity' }
  | { kind: 'resource'; resource: string; need: number; allocatable: number; used: number };

export interface NodeFit {
  node: ClusterObject;
  controlPlane: boolean;
  blockers: Blocker[];
}

const CONTROL_PLANE = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'];

function labelsOf(o: ClusterObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(asObject(asObject(o.raw.metadata)?.labels) ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}

export function nodeTaints(node: ClusterObject): Taint[] {
  return asArray(asObject(node.raw.spec)?.taints).flatMap((t) => {
    const o = asObject(t);
    const key = asString(o?.key);
    return key ? [{ key, value: asString(o?.value) ?? '', effect: asString(o?.effect) ?? '' }] : [];
  });
}

/** v1helper.TolerationsTolerateTaint: empty key + Exists tolerates everything; empty effect matches all. */
function tolerates(tolerations: JsonObject[], t: Taint): boolean {
  return tolerations.some((tol) => {
    const key = asString(tol.key) ?? '';
    const op = asString(tol.operator) ?? 'Equal';
    const effect = asString(tol.effect) ?? '';
    if (effect && effect !== t.effect) return false;
    if (!key) return op === 'Exists';
    if (key !== t.key) return false;
    return op === 'Exists' || (asString(tol.value) ?? '') === t.value;
  });
}

function matchesTerm(term: JsonObject, labels: Record<string, string>): boolean {
  const exprs = asArray(term.matchExpressions).flatMap((e) => (asObject(e) ? [asObject(e)!] : []));
  if (exprs.length === 0 && asArray(term.matchFields).length === 0) return false;
  return exprs.every((e) => {
    const key = asString(e.key) ?? '';
    const values = asArray(e.values).map(String);
    const has = Object.hasOwn(labels, key);
    switch (asString(e.operator)) {
      case 'In':
        return has && values.includes(labels[key]!);
      case 'NotIn':
        return !has || !values.includes(labels[key]!);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      case 'Gt':
        return has && Number(labels[key]) > Number(values[0]);
      case 'Lt':
        return has && Number(labels[key]) < Number(values[0]);
      default:
        return false;
    }
  });
}

function requiredTerms(spec: JsonObject | undefined): JsonObject[] | undefined {
  const req = asObject(asObject(asObject(asObject(spec?.affinity)?.nodeAffinity)?.requiredDuringSchedulingIgnoredDuringExecution));
  if (!req) return undefined;
  return asArray(req.nodeSelectorTerms).flatMap((t) => (asObject(t) ? [asObject(t)!] : []));
}

const RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];

/** Every node, with what the snapshot says would stop the pod there (taints, selector, capacity). */
export function nodeFits(index: ClusterIndex, pod: ClusterObject): NodeFit[] {
  const spec = asObject(pod.raw.spec);
  const tolerations = asArray(spec?.tolerations).flatMap((t) => (asObject(t) ? [asObject(t)!] : []));
  const selector = asObject(spec?.nodeSelector) ?? {};
  const terms = requiredTerms(spec);
  const extended = new Set<string>();
  for (const c of [...asArray(spec?.containers), ...asArray(spec?.initContainers)]) {
    const res = asObject(asObject(c)?.resources);
    for (const k of Object.keys({ ...asObject(res?.requests), ...asObject(res?.limits) })) if (!RESOURCES.includes(k)) extended.add(k);
  }
  return index.ofKind('Node').map((node) => {
    const labels = labelsOf(node);
    const blockers: Blocker[] = [];
    if (asObject(node.raw.spec)?.unschedulable === true) blockers.push({ kind: 'cordoned' });
    const ready = asArray(asObject(node.raw.status)?.conditions).map(asObject).find((c) => c?.type === 'Ready');
    if (ready && ready.status !== 'True') blockers.push({ kind: 'not-ready', status: asString(ready.status) ?? 'Unknown' });
    for (const t of nodeTaints(node)) {
      if ((t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(tolerations, t)) blockers.push({ kind: 'taint', taint: t });
    }
    for (const [key, want] of Object.entries(selector)) {
      if (labels[key] !== want) blockers.push({ kind: 'selector', key, want: String(want), ...(labels[key] !== undefined ? { have: labels[key] } : {}) });
    }
    if (terms && !terms.some((t) => matchesTerm(t, labels))) blockers.push({ kind: 'affinity' });
    const allocatable = asObject(asObject(node.raw.status)?.allocatable);
    for (const resource of [...RESOURCES, ...extended]) {
      const need = podRequest(spec, resource).amount;
      if (need <= 0) continue;
      const cap = quantityOf(allocatable, resource) ?? 0;
      const used = requestedOnNode(index, node.name, resource);
      if (need > cap - used) blockers.push({ kind: 'resource', resource, need, allocatable: cap, used });
    }
    return { node, controlPlane: CONTROL_PLANE.some((k) => Object.hasOwn(labels, k)), blockers };
  });
}

export interface Unschedulable {
  /** Groups pods of one owner with the same story. */
  key: string;
  /** One line: what stops the pod, with numbers. */
  cause: string;
  /** The smallest change that makes a node fit. */
  fix: string;
  /** Template-relative field to change (`.tolerations`, `.containers[0].resources.requests.cpu`). */
  field: string;
  /** A field outside the pod template (a StatefulSet's volumeClaimTemplates), absolute in the owner. */
  ownerField?: string;
  container?: string;
  /** Facts behind the cause: node capacity, taints, the PVC's status. */
  facts: string[];
}

/**
 * Names the cheapest way to get the pod scheduled. Each node is rejected by one filter, so
 * the scheduler's histogram alone cannot say whether lowering a request would help on a node
 * that is also tainted: the node objects can. Nodes needing the fewest changes win;
 * control-plane nodes only when nothing else exists (tolerating the control-plane taint is
 * never the fix people want).
 */
export function explainUnschedulable(index: ClusterIndex, pod: ClusterObject, msg: SchedulingMessage | undefined): Unschedulable {
  const pre = msg?.preFilter;
  if (pre && (pre.kind === 'pvc-unbound' || pre.kind === 'pvc-missing')) return volumeStory(index, pod, pre);
  const fits = nodeFits(index, pod);
  const workers = fits.filter((f) => !f.controlPlane);
  const pool = workers.length > 0 ? workers : fits;
  const ranked = [...pool].sort((a, b) => a.blockers.length - b.blockers.length || cost(a) - cost(b) || a.node.name.localeCompare(b.node.name));
  const best = ranked[0];
  if (!best || best.blockers.length === 0) return fromMessage(msg);
  const spec = asObject(pod.raw.spec);
  const parts = best.blockers.map((b) => describe(b, pool, spec, best.node.name));
  const primary = parts[0]!;
  const facts = ranked.slice(0, 3).map((f) => nodeFact(index, f));
  if (best.blockers.length === 1) {
    return { key: primary.key, cause: primary.cause, fix: primary.fix, field: primary.field, ...(primary.container ? { container: primary.container } : {}), facts };
  }
  return {
    key: parts.map((p) => p.key).join('+'),
    cause: `no node fits without ${parts.length} changes; the closest, ${best.node.name}: ${parts.map((p) => p.cause).join('; ')}`,
    fix: parts.map((p) => p.fix).join(' AND '),
    field: primary.field,
    ...(primary.container ? { container: primary.container } : {}),
    facts,
  };
}

interface Story {
  key: string;
  cause: string;
  fix: string;
  field: string;
  container?: string;
}

/**
 * Among equally short fixes, prefer changing the pod's own asks over reaching into nodes kept
 * for others: a dedicated taint exists to keep this pod off, a cordon is someone's maintenance.
 */
const COST: Record<Blocker['kind'], number> = { resource: 1, selector: 2, affinity: 2, taint: 3, cordoned: 4, 'not-ready': 5 };

function cost(f: NodeFit): number {
  return f.blockers.reduce((sum, b) => sum + COST[b.kind], 0);
}

function describe(b: Blocker, all: NodeFit[], spec: JsonObject | undefined, closest: string): Story {
  // Capacity is only worth quoting on nodes where capacity is the sole problem.
  const onlyCapacity = all.filter((f) => f.blockers.every((x) => x.kind === 'resource'));
  const pool = b.kind === 'resource' && onlyCapacity.length > 0 ? onlyCapacity : all;
  const carrying = (pred: (x: Blocker) => boolean): string[] => pool.filter((f) => f.blockers.some(pred)).map((f) => f.node.name);
  switch (b.kind) {
    case 'resource': {
      const req = podRequest(spec, b.resource);
      const res = b.resource;
      const largest = Math.max(...pool.map((f) => quantityOf(asObject(asObject(f.node.raw.status)?.allocatable), res) ?? 0));
      const field = req.biggest ? containerField(req.biggest, `.resources.requests.${res}`) : '.containers';
      const container = req.biggest?.name;
      const askers = req.containers.filter((c) => !c.init && c.amount > 0);
      const who =
        req.initDominates && req.biggest
          ? ` (init container ${req.biggest.name} alone asks for it)`
          : askers.length > 1
            ? ` (${askers.map((c) => `${c.name} ${formatResource(res, c.amount)}`).join(' + ')})`
            : '';
      if (b.need > largest) {
        return {
          key: `too-big:${res}`,
          cause: `needs ${sayResource(res, b.need)}${who}, the largest node has ${formatResource(res, largest)} allocatable`,
          fix: `lower requests.${res} to ≤ ${formatResource(res, largest)} or add a bigger node`,
          field,
          ...(container ? { container } : {}),
        };
      }
      const free = Math.max(0, ...pool.map((f) => {
        const cap = quantityOf(asObject(asObject(f.node.raw.status)?.allocatable), res) ?? 0;
        const r = f.blockers.find((x): x is Extract<Blocker, { kind: 'resource' }> => x.kind === 'resource' && x.resource === res);
        return r ? cap - r.used : cap;
      }));
      return {
        key: `full:${res}`,
        cause: `needs ${sayResource(res, b.need)}${who}, the most any node has free is ${formatResource(res, free)} (the rest is requested by running pods)`,
        fix: `lower requests.${res} to ≤ ${formatResource(res, free)}, scale down other workloads, or add a node`,
        field,
        ...(container ? { container } : {}),
      };
    }
    case 'taint': {
      const t = b.taint;
      const nodes = carrying((x) => x.kind === 'taint' && taintText(x.taint) === taintText(t));
      return {
        key: `taint:${taintText(t)}`,
        cause: `${nodes.length === 1 ? `node ${nodes[0]} carries` : `${nodes.length} nodes carry`} taint ${taintText(t)} that the pod does not tolerate`,
        fix: `add a toleration (key: ${t.key}, ${t.value ? `operator: Equal, value: ${t.value}` : 'operator: Exists'}, effect: ${t.effect}) or remove the taint (kubectl taint nodes ${nodes[0]} ${t.key}:${t.effect}-)`,
        field: '.tolerations',
      };
    }
    case 'selector': {
      const labelled = pool.filter((f) => labelsOf(f.node)[b.key] === b.want).length;
      return {
        key: `selector:${b.key}=${b.want}`,
        cause: `nodeSelector ${b.key}=${b.want} matches ${labelled === 0 ? 'no node' : 'only nodes that cannot take it'}${b.have !== undefined ? ` (nodes have ${b.key}=${b.have})` : ''}`,
        fix: `fix nodeSelector ${b.key} or label a node: kubectl label node ${closest} ${b.key}=${b.want}`,
        field: '.nodeSelector',
      };
    }
    case 'affinity':
      return {
        key: 'affinity',
        cause: 'required node affinity matches no node',
        fix: 'relax affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution or label a node to match it',
        field: '.affinity.nodeAffinity',
      };
    case 'cordoned': {
      const nodes = carrying((x) => x.kind === 'cordoned');
      return { key: 'cordoned', cause: `${nodes.join(', ')} ${nodes.length === 1 ? 'is' : 'are'} cordoned (spec.unschedulable)`, fix: `kubectl uncordon ${nodes[0]} once its maintenance is done, or add a node`, field: '' };
    }
    case 'not-ready': {
      const nodes = carrying((x) => x.kind === 'not-ready');
      return { key: 'not-ready', cause: `${nodes.join(', ')} ${nodes.length === 1 ? 'is' : 'are'} not Ready`, fix: 'bring the node back (kubelet, container runtime, network) or add a node', field: '' };
    }
  }
}

function containerField(c: ContainerRequest, rest: string): string {
  return `.${c.init ? 'initContainers' : 'containers'}[${c.index}]${rest}`;
}

function nodeFact(index: ClusterIndex, f: NodeFit): string {
  const alloc = asObject(asObject(f.node.raw.status)?.allocatable);
  const used = (r: string): string => formatResource(r, requestedOnNode(index, f.node.name, r));
  const taints = nodeTaints(f.node).map(taintText);
  return (
    `node ${f.node.name}: allocatable cpu ${formatResource('cpu', quantityOf(alloc, 'cpu') ?? 0)} (${used('cpu')} requested), ` +
    `memory ${formatResource('memory', quantityOf(alloc, 'memory') ?? 0)} (${used('memory')} requested)` +
    (taints.length ? `, taints ${taints.join(', ')}` : '')
  );
}

/** No Node objects in the snapshot (RBAC, namespace-only dump): explain from the message alone. */
function fromMessage(msg: SchedulingMessage | undefined): Unschedulable {
  const clauses = [...(msg?.clauses ?? [])].filter((c) => !(c.taint && CONTROL_PLANE.includes(c.taint.key)));
  const top = clauses.sort((a, b) => (b.count ?? 0) - (a.count ?? 0))[0] ?? msg?.preFilter;
  if (!top) return { key: 'unknown', cause: 'the scheduler found no node', fix: 'read the FailedScheduling message', field: '', facts: [] };
  const n = top.count !== undefined ? `${top.count}/${msg?.total} nodes: ` : '';
  switch (top.kind) {
    case 'insufficient':
      return { key: `full:${top.resource}`, cause: `${n}Insufficient ${top.resource}`, fix: `lower requests.${top.resource} or add capacity`, field: '.containers', facts: [] };
    case 'taint':
      return { key: `taint:${top.taint?.key ?? ''}`, cause: `${n}${top.reason}`, fix: `add a matching toleration or remove the taint${top.taint ? ` ${top.taint.key}` : ''}`, field: '.tolerations', facts: [] };
    case 'node-affinity':
      return { key: 'affinity', cause: `${n}${top.reason}`, fix: 'fix nodeSelector / required node affinity or label a node to match', field: '.nodeSelector', facts: [] };
    case 'pod-anti-affinity':
    case 'pod-affinity':
      return { key: top.kind, cause: `${n}${top.reason}`, fix: 'relax affinity.podAntiAffinity/podAffinity (preferred instead of required) or add nodes', field: '.affinity', facts: [] };
    case 'topology-spread':
      return { key: top.kind, cause: `${n}${top.reason}`, fix: 'use whenUnsatisfiable: ScheduleAnyway or raise maxSkew, or add nodes in the missing zone', field: '.topologySpreadConstraints', facts: [] };
    default:
      return { key: top.kind, cause: `${n}${top.reason}`, fix: 'change the pod spec or the nodes so at least one node passes', field: '', facts: [] };
  }
}

function volumeStory(index: ClusterIndex, pod: ClusterObject, pre: Clause): Unschedulable {
  const ns = pod.namespace;
  const claims = asArray(asObject(pod.raw.spec)?.volumes).flatMap((v) => {
    const name = asString(asObject(asObject(v)?.persistentVolumeClaim)?.claimName);
    return name ? [name] : [];
  });
  if (pre.kind === 'pvc-missing') {
    const claim = pre.claim ?? claims[0] ?? '?';
    return {
      key: `pvc-missing:${claim}`,
      cause: `PersistentVolumeClaim ${claim} does not exist`,
      fix: `create PersistentVolumeClaim ${ns}/${claim} (or for a StatefulSet, fix spec.volumeClaimTemplates so its name matches) or point the volume at an existing claim`,
      field: '.volumes',
      facts: [],
    };
  }
  for (const name of claims) {
    const pvc = index.get('PersistentVolumeClaim', ns, name);
    const phase = asString(asObject(pvc?.raw.status)?.phase);
    if (!pvc || phase === 'Bound') continue;
    const sc = asString(asObject(pvc.raw.spec)?.storageClassName);
    const template = claimTemplateField(index, pod, name);
    const event = index.eventsFor(pvc).find((e) => e.type === 'Warning');
    const classes = index.ofKind('StorageClass');
    const missing = sc !== undefined && classes.length > 0 && !classes.some((c) => c.name === sc);
    const why = event ? `${event.reason}: ${event.message}` : missing ? `storageclass.storage.k8s.io "${sc}" not found` : `storageClassName ${sc ?? '(none)'}`;
    const existing = classes.map((c) => (asObject(asObject(c.raw.metadata)?.annotations)?.['storageclass.kubernetes.io/is-default-class'] === 'true' ? `${c.name} (default)` : c.name));
    return {
      key: `pvc-unbound:${name}`,
      cause: `PersistentVolumeClaim ${name} is ${phase ?? 'Pending'} (${why})`,
      fix: missing
        ? `set storageClassName to an existing StorageClass (${existing.join(', ')}) or create StorageClass ${sc}`
        : sc
          ? `make the claim bindable: check StorageClass ${sc}'s provisioner (kubectl describe pvc -n ${ns} ${name})`
          : 'set storageClassName to an existing StorageClass or create a matching PersistentVolume',
      field: '.volumes',
      ...(template ? { ownerField: `${template}.spec.storageClassName` } : {}),
      facts: [`pvc ${ns}/${name}: ${phase ?? 'Pending'}, storageClassName ${sc ?? '(none)'}`],
    };
  }
  return { key: 'pvc-unbound', cause: 'the pod has an unbound PersistentVolumeClaim', fix: 'make the claim bindable (StorageClass, provisioner or a matching PV)', field: '.volumes', facts: [] };
}

/** Shorter than this and the scheduler may still be retrying with fresh capacity (autoscaler, preemption). */
export const PENDING_GRACE_SECONDS = 60;

export interface UnschedulableGroup {
  owner: ClusterObject;
  pods: ClusterObject[];
  total: number;
  story: Unschedulable;
  /** The newest FailedScheduling event of the first pod, when events survive. */
  event?: ClusterEvent;
  /** The scheduler's text (event or PodScheduled condition) for the first pod. */
  message: string;
  parsed?: SchedulingMessage;
  pendingSeconds?: number;
}

const groupsCache = new WeakMap<ClusterIndex, Map<number, UnschedulableGroup[]>>();

/**
 * Pending pods the scheduler rejected (PodScheduled=False/Unschedulable or a FailedScheduling
 * event), grouped by top owner and story. Skipped: pods bound to a node, pods with a
 * nominated node (preemption under way), scheduling gates, pods younger than the grace.
 */
export function unschedulableGroups(index: ClusterIndex, graceSeconds = PENDING_GRACE_SECONDS): UnschedulableGroup[] {
  const byGrace = groupsCache.get(index) ?? new Map<number, UnschedulableGroup[]>();
  groupsCache.set(index, byGrace);
  const cached = byGrace.get(graceSeconds);
  if (cached) return cached;
  const groups = new Map<string, UnschedulableGroup>();
  const stories = new Map<string, Unschedulable>();
  for (const pod of index.ofKind('Pod')) {
    const spec = asObject(pod.raw.spec);
    const status = asObject(pod.raw.status);
    if (asString(status?.phase) !== 'Pending' || asString(spec?.nodeName) || asString(status?.nominatedNodeName)) continue;
    const cond = conditionOf(pod, 'PodScheduled');
    if (cond?.status === 'True' || cond?.reason === 'SchedulingGated') continue;
    const event = index.eventsFor(pod).find((e) => e.reason === 'FailedScheduling');
    if (cond?.reason !== 'Unschedulable' && !event) continue;
    const age = ageSeconds(index, asString(asObject(pod.raw.metadata)?.creationTimestamp));
    if (age !== undefined && age < graceSeconds) continue;
    const message = event?.message ?? cond?.message ?? '';
    const parsed = parseFailedScheduling(message);
    const owner = index.topOwner(pod);
    // Replicas share a spec and usually the message: one node walk per owner and text.
    const storyKey = `${owner.kind}/${owner.namespace}/${owner.name}\0${message}`;
    const story = stories.get(storyKey) ?? explainUnschedulable(index, pod, parsed);
    stories.set(storyKey, story);
    const key = `${owner.kind}/${owner.namespace}/${owner.name}/${story.key}`;
    const g = groups.get(key);
    if (g) g.pods.push(pod);
    else {
      const total = owner === pod ? 1 : index.podsOf(owner).length;
      groups.set(key, {
        owner,
        pods: [pod],
        total,
        story,
        ...(event ? { event } : {}),
        message,
        ...(parsed ? { parsed } : {}),
        ...(age !== undefined ? { pendingSeconds: age } : {}),
      });
    }
  }
  const out = [...groups.values()];
  byGrace.set(graceSeconds, out);
  return out;
}

/** StatefulSet claims are named `<template>-<statefulset>-<ordinal>`: the template is what to edit. */
function claimTemplateField(index: ClusterIndex, pod: ClusterObject, claim: string): string | undefined {
  const owner = index.topOwner(pod);
  if (owner.kind !== 'StatefulSet') return undefined;
  const templates = asArray(asObject(owner.raw.spec)?.volumeClaimTemplates);
  const i = templates.findIndex((t) => claim.startsWith(`${asString(asObject(asObject(t)?.metadata)?.name) ?? ''}-${owner.name}-`));
  return i >= 0 ? `spec.volumeClaimTemplates[${i}]` : undefined;
}
