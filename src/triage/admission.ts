import type { Evidence } from '../core/finding.js';
import type { ClusterEvent, ClusterObject } from '../model/cluster.js';
import { asArray, asNumber, asObject, asString } from '../model/cluster.js';
import type { ClusterIndex } from '../model/cluster-index.js';
import type { JsonObject } from '../model/manifest.js';
import { parseQuantity } from '../model/quantity.js';
import { conditionOf } from './clock.js';
import { eventEvidence, objectName, templateSpecPath } from './describe.js';

export type Denial = 'quota-exceeded' | 'quota-must-specify' | 'limit-range' | 'pod-security' | 'webhook-denied' | 'webhook-unreachable' | 'service-account' | 'other';

/** A controller that cannot create its pods, and why the API server said no. */
export interface CreateFailure {
  /** The object the user edits: the Deployment above a ReplicaSet, the CronJob above a Job. */
  owner: ClusterObject;
  /** The controller that tried: ReplicaSet, Job, StatefulSet, DaemonSet. */
  controller: ClusterObject;
  denial: Denial;
  /** The API server's error, pod name and controller prefix stripped of nothing else. */
  error: string;
  event?: ClusterEvent;
  /** `status.replicas` vs desired, for the symptom line. */
  have?: number;
  want?: number;
}

const CONTROLLERS = ['ReplicaSet', 'Job', 'StatefulSet', 'DaemonSet', 'ReplicationController'];

const DENIALS: [Denial, RegExp][] = [
  ['quota-exceeded', /exceeded quota: /],
  ['quota-must-specify', /failed quota: [^:]+: must specify /],
  ['limit-range', /(?:maximum|minimum) \S+ usage per (?:Container|Pod|PersistentVolumeClaim) is|max limit to request ratio per/],
  ['pod-security', /violates PodSecurity "/],
  ['webhook-denied', /admission webhook "[^"]+" denied the request/],
  ['webhook-unreachable', /failed calling webhook "/],
  ['service-account', /error looking up service account|serviceaccount "[^"]+" not found/],
];

export function classifyDenial(error: string): Denial {
  return DENIALS.find(([, re]) => re.test(error))?.[0] ?? 'other';
}

/**
 * `Error creating: <err>` (ReplicaSet, Job, DaemonSet controllers), `create Pod x in
 * StatefulSet y failed error: <err>` (StatefulSet), and the correlator's
 * `(combined from similar events): ` prefix: all reduced to the API server's error.
 */
export function apiError(message: string): string | undefined {
  const m = /^(?:\(combined from similar events\): )?(?:Error creating: |create Pod \S+ in StatefulSet \S+ failed error: )([\s\S]+)$/.exec(message.trim());
  return m?.[1]?.trim();
}

function desired(c: ClusterObject): { have?: number; want?: number; stuck: boolean } {
  const spec = asObject(c.raw.spec);
  const status = asObject(c.raw.status);
  switch (c.kind) {
    case 'Job': {
      const done = ['Complete', 'Failed', 'SuccessCriteriaMet', 'FailureTarget'].some((t) => conditionOf(c, t)?.status === 'True');
      return { stuck: !done && spec?.suspend !== true && (asNumber(status?.active) ?? 0) < (asNumber(spec?.parallelism) ?? 1) };
    }
    case 'DaemonSet': {
      const want = asNumber(status?.desiredNumberScheduled) ?? 0;
      const have = asNumber(status?.currentNumberScheduled) ?? 0;
      return { have, want, stuck: have < want };
    }
    default: {
      const want = asNumber(spec?.replicas) ?? 1;
      const have = asNumber(status?.replicas) ?? 0;
      return { have, want, stuck: want > 0 && (have < want || conditionOf(c, 'ReplicaFailure')?.status === 'True') };
    }
  }
}

const cache = new WeakMap<ClusterIndex, CreateFailure[]>();

/**
 * Controllers short of pods whose newest FailedCreate (or ReplicaFailure condition) carries an
 * API server denial. A FailedCreate on a controller that has all its pods is history, not a
 * finding; so is one on an old ReplicaSet scaled to zero.
 */
export function createFailures(index: ClusterIndex): CreateFailure[] {
  const cached = cache.get(index);
  if (cached) return cached;
  const out: CreateFailure[] = [];
  for (const kind of CONTROLLERS) {
    for (const controller of index.ofKind(kind)) {
      const { have, want, stuck } = desired(controller);
      if (!stuck) continue;
      const event = index.eventsFor(controller).find((e) => e.reason === 'FailedCreate' && apiError(e.message) !== undefined);
      const condition = conditionOf(controller, 'ReplicaFailure');
      const error = event ? apiError(event.message) : condition?.status === 'True' && condition.reason === 'FailedCreate' ? condition.message : undefined;
      if (!error) continue;
      out.push({
        owner: index.topOwner(controller),
        controller,
        denial: classifyDenial(error),
        error,
        ...(event ? { event } : {}),
        ...(have !== undefined ? { have } : {}),
        ...(want !== undefined ? { want } : {}),
      });
    }
  }
  cache.set(index, out);
  return out;
}

/** The owner's pod template, wherever the kind keeps it. */
export function templateSpec(owner: ClusterObject): JsonObject | undefined {
  let node: JsonObject | undefined = owner.raw;
  for (const part of templateSpecPath(owner.kind).split('.')) node = asObject(node?.[part]);
  return node;
}

export interface TemplateContainer {
  name: string;
  index: number;
  init: boolean;
  raw: JsonObject;
}

export function templateContainers(owner: ClusterObject): TemplateContainer[] {
  const spec = templateSpec(owner);
  const out: TemplateContainer[] = [];
  for (const [field, init] of [['initContainers', true], ['containers', false]] as const) {
    asArray(spec?.[field]).forEach((c, index) => {
      const raw = asObject(c);
      if (raw) out.push({ name: asString(raw.name) ?? `#${index}`, index, init, raw });
    });
  }
  return out;
}

export function containerPath(owner: ClusterObject, c: TemplateContainer, rest = ''): string {
  return `${templateSpecPath(owner.kind)}.${c.init ? 'initContainers' : 'containers'}[${c.index}]${rest}`;
}

/** `requests.cpu` → the container value, with the API server's default of request = limit. */
export function containerResource(c: TemplateContainer, qualified: string): string | undefined {
  const [kind, name] = qualified.includes('.') ? (qualified.split(/\.(.*)/s) as [string, string]) : ['requests', qualified];
  const res = asObject(c.raw.resources);
  const v = asObject(res?.[kind])?.[name] ?? (kind === 'requests' ? asObject(res?.limits)?.[name] : undefined);
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

/** The chain every admission finding opens with: desired vs created, then the controller's event. */
export function createEvidence(f: CreateFailure): Evidence[] {
  const counts = f.want !== undefined ? `${f.have ?? 0}/${f.want} pods created` : 'no pod created';
  const out: Evidence[] = [{ message: `${objectName(f.controller)}: ${counts}, the API server rejects every pod`, object: f.controller.ref }];
  out.push(f.event ? eventEvidence(f.event, f.controller) : { message: `condition ReplicaFailure=True FailedCreate: ${f.error}`, object: f.controller.ref, fieldPath: 'status.conditions[type=ReplicaFailure]' });
  return out;
}

/** `requests.cpu=1,limits.cpu=2` → { 'requests.cpu': '1', 'limits.cpu': '2' } */
export function parseResourceList(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const [k, v] = part.split('=');
    if (k && v) out[k.trim()] = v.trim();
  }
  return out;
}

export function quantityNumber(v: string | undefined): number {
  return parseQuantity(v) ?? 0;
}

/** A command showing whether the controller now creates its pods. */
export function controllerCheck(f: CreateFailure): string {
  const kind = f.controller.kind.toLowerCase();
  return `kubectl get ${kind} -n ${f.controller.namespace} ${f.controller.name}   # ${f.controller.kind === 'Job' ? 'ACTIVE should be 1+' : 'CURRENT should reach DESIRED'}`;
}
