import { objectsOf } from './object-index.js';
import type { Json, KubeObject, PodTemplate } from './manifest.js';
import { getIn, isJsonObject } from './pod-templates.js';
import { isEmptySelector, parseLabelSelector, selectorMatches } from './selectors.js';

/**
 * intstr.GetScaledValueFromIntOrPercent: an int as is, "N%" of `total` rounded up or down.
 * Undefined for what the API server rejects (negative, a string without %, "1.5%").
 */
export function scaleIntOrPercent(v: Json | undefined, total: number, roundUp: boolean): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^(\d+)%$/.exec(v);
  if (!m) return undefined;
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** True for 0 and "0%": what apps validation's getIntOrPercentValue reads as zero. */
export function isZeroIntOrPercent(v: Json | undefined): boolean {
  return v === 0 || v === '0%';
}

/** Workload kinds whose replica count a PDB or rollout strategy is about. */
const SCALABLE = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

export interface ReplicaCount {
  /** The lowest number of pods the workload runs: spec.replicas (default 1), or the HPA's minReplicas. */
  min: number;
  /** The HPA that owns the count, when one targets the workload. */
  hpa?: KubeObject;
}

/** For pod templates (already limited to the built-in API groups): does the kind have a replica count? */
export function hasReplicas(t: PodTemplate): boolean {
  return SCALABLE.has(t.object.kind);
}

/** HorizontalPodAutoscalers (any version) in the workload's namespace whose scaleTargetRef names it. */
export function hpaTargeting(objects: KubeObject[], w: KubeObject): KubeObject | undefined {
  return objectsOf(objects, 'HorizontalPodAutoscaler', w.namespace).find((o) => {
    const ref = getIn(o.raw, ['spec', 'scaleTargetRef']);
    return isJsonObject(ref) && ref.kind === w.kind && ref.name === w.name;
  });
}

export function replicaCount(objects: KubeObject[], w: KubeObject): ReplicaCount | undefined {
  const hpa = hpaTargeting(objects, w);
  if (hpa) {
    const min = getIn(hpa.raw, ['spec', 'minReplicas']);
    // minReplicas defaults to 1; 0 is only allowed behind the HPAScaleToZero gate.
    return { min: typeof min === 'number' && Number.isInteger(min) && min >= 0 ? min : 1, hpa };
  }
  const r = getIn(w.raw, ['spec', 'replicas']);
  if (r === undefined || r === null) return { min: 1 };
  return typeof r === 'number' && Number.isInteger(r) && r >= 0 ? { min: r } : undefined;
}

/**
 * PodDisruptionBudgets in the template's namespace that select its pods. policy/v1 reads an
 * empty selector as "every pod in the namespace", policy/v1beta1 as "no pod".
 */
export function pdbsSelecting(objects: KubeObject[], t: PodTemplate): KubeObject[] {
  return objectsOf(objects, 'PodDisruptionBudget', t.object.namespace).filter((o) => {
    if (!o.apiVersion.startsWith('policy/')) return false;
    const sel = parseLabelSelector(getIn(o.raw, ['spec', 'selector']));
    if (!sel) return false;
    if (isEmptySelector(sel)) return o.apiVersion === 'policy/v1';
    return selectorMatches(sel, t.labels);
  });
}
