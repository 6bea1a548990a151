import type { ClusterEvent, ClusterObject } from '../model/cluster.js';
import { asArray, asNumber, asObject, asString } from '../model/cluster.js';
import type { ClusterIndex } from '../model/cluster-index.js';
import { ageSeconds, conditionOf, type Condition } from './clock.js';
import { templateSpec } from './admission.js';
import { templateSpecPath } from './describe.js';

/** Without conditions (autoscaling/v1 reads), a metrics event this fresh means the HPA is still blind. */
const FRESH_EVENT_SECONDS = 600;
/** I2: this many rescales, both ways, inside this window is flapping. */
export const FLAP_WINDOW_SECONDS = 1800;
export const FLAP_MIN_RESCALES = 4;

export function hpaTarget(index: ClusterIndex, hpa: ClusterObject): ClusterObject | undefined {
  const ref = asObject(asObject(hpa.raw.spec)?.scaleTargetRef);
  const kind = asString(ref?.kind);
  const name = asString(ref?.name);
  return kind && name ? index.get(kind, hpa.namespace, name) : undefined;
}

export type MetricsFailureKind = 'missing-request' | 'api-missing' | 'no-metrics' | 'other';

export interface MetricsFailure {
  hpa: ClusterObject;
  target?: ClusterObject;
  kind: MetricsFailureKind;
  /** The controller's error, without the "the HPA was unable to compute the replica count: " lead. */
  detail: string;
  condition?: Condition;
  event?: ClusterEvent;
  /** missing-request: the container, resource and the pod it was noticed on. */
  container?: string;
  resource?: string;
  pod?: string;
  /** The template field to change (missing-request). */
  fieldPath?: string;
}

/**
 * HPAs that cannot compute a replica count (pkg/controller/podautoscaler): ScalingActive=False
 * with a Failed* reason, or — for HPAs read without conditions — a FailedGetResourceMetric
 * event from the last ten minutes. ScalingDisabled (target at 0 replicas) is a choice.
 */
export function metricsFailures(index: ClusterIndex): MetricsFailure[] {
  const out: MetricsFailure[] = [];
  for (const hpa of index.ofKind('HorizontalPodAutoscaler')) {
    const active = conditionOf(hpa, 'ScalingActive');
    const event = index.eventsFor(hpa).find((e) => /^FailedGet\w*Metric$/.test(e.reason));
    if (active) {
      if (active.status !== 'False' || !/^FailedGet/.test(active.reason ?? '')) continue;
    } else {
      const age = ageSeconds(index, event?.lastSeen ?? event?.firstSeen);
      if (!event || age === undefined || age > FRESH_EVENT_SECONDS) continue;
    }
    const detail = event?.message ?? (active?.message ?? '').replace(/^the HPA was unable to compute the replica count: /, '');
    const target = hpaTarget(index, hpa);
    const f: MetricsFailure = { hpa, kind: classify(detail), detail, ...(target ? { target } : {}), ...(active ? { condition: active } : {}), ...(event ? { event } : {}) };
    const missing = /missing request for (\S+) in container (\S+) of Pod (\S+)/.exec(detail);
    if (missing) {
      f.resource = missing[1]!;
      f.container = missing[2]!;
      f.pod = missing[3]!;
      if (target) {
        const i = asArray(templateSpec(target)?.containers).findIndex((c) => asString(asObject(c)?.name) === f.container);
        f.fieldPath = `${templateSpecPath(target.kind)}.containers[${Math.max(0, i)}].resources.requests.${f.resource}`;
      }
    }
    out.push(f);
  }
  return out;
}

function classify(detail: string): MetricsFailureKind {
  if (/missing request for/.test(detail)) return 'missing-request';
  if (/could not find the requested resource \(get pods\.metrics\.k8s\.io\)|the server is currently unable to handle the request \(get pods\.metrics\.k8s\.io\)/.test(detail)) return 'api-missing';
  if (/no metrics returned from resource metrics API|did not receive metrics for targeted pods/.test(detail)) return 'no-metrics';
  return 'other';
}

export interface Rescales {
  up: ClusterEvent[];
  down: ClusterEvent[];
  ups: number;
  downs: number;
}

/** SuccessfulRescale events seen in the last FLAP_WINDOW_SECONDS, split by direction. */
export function recentRescales(index: ClusterIndex, hpa: ClusterObject): Rescales {
  const out: Rescales = { up: [], down: [], ups: 0, downs: 0 };
  for (const e of index.eventsFor(hpa)) {
    if (e.reason !== 'SuccessfulRescale') continue;
    const age = ageSeconds(index, e.lastSeen ?? e.firstSeen);
    if (age === undefined || age > FLAP_WINDOW_SECONDS) continue;
    if (/above target|above Spec\.MaxReplicas/i.test(e.message) && !/below/i.test(e.message)) {
      out.up.push(e);
      out.ups += e.count;
    } else if (/below target|below Spec\.MinReplicas/i.test(e.message)) {
      out.down.push(e);
      out.downs += e.count;
    }
  }
  return out;
}

export interface UtilizationReading {
  resource: string;
  current: number;
  target: number;
}

/** Resource Utilization metrics with their current reading (status.currentMetrics). */
export function utilizationReadings(hpa: ClusterObject): UtilizationReading[] {
  const current = new Map<string, number>();
  for (const m of asArray(asObject(hpa.raw.status)?.currentMetrics).map(asObject)) {
    const r = asObject(m?.resource) ?? asObject(m?.containerResource);
    const name = asString(r?.name);
    const value = asNumber(asObject(r?.current)?.averageUtilization);
    if (name && value !== undefined) current.set(name, value);
  }
  return asArray(asObject(hpa.raw.spec)?.metrics).flatMap((m) => {
    const r = asObject(asObject(m)?.resource) ?? asObject(asObject(m)?.containerResource);
    const name = asString(r?.name);
    const target = asNumber(asObject(r?.target)?.averageUtilization);
    const now = name ? current.get(name) : undefined;
    return name && target !== undefined && now !== undefined ? [{ resource: name, current: now, target }] : [];
  });
}
