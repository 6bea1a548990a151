import type { Json, JsonPath, KubeObject, PodTemplate } from './manifest.js';
import { getIn, isJsonObject } from './pod-templates.js';
import { asArray, asObject, nsOf } from './wiring.js';

/** HorizontalPodAutoscalers of every served and removed version (the group is what matters). */
export function isHpa(o: KubeObject): boolean {
  return o.kind === 'HorizontalPodAutoscaler' && o.apiVersion.startsWith('autoscaling/');
}

export interface ScaleTarget {
  kind: string;
  name: string;
}

export function scaleTarget(hpa: KubeObject): ScaleTarget | undefined {
  const ref = getIn(hpa.raw, ['spec', 'scaleTargetRef']);
  if (!isJsonObject(ref) || typeof ref.kind !== 'string' || typeof ref.name !== 'string') return undefined;
  return { kind: ref.kind, name: ref.name };
}

/** The pod template the HPA scales, when its target is in the set. */
export function targetTemplate(templates: PodTemplate[], hpa: KubeObject): PodTemplate | undefined {
  const t = scaleTarget(hpa);
  if (!t) return undefined;
  return templates.find((p) => p.object.kind === t.kind && p.object.name === t.name && nsOf(p.object) === nsOf(hpa));
}

/** A metric computed as a percentage of container requests, which the HPA cannot do without them. */
export interface UtilizationMetric {
  resource: string;
  /** Set for ContainerResource metrics: only this container's request counts. */
  container?: string;
  /** Where the metric is written; for the implicit default, the HPA spec. */
  path: JsonPath;
  /** True when no metric is written and the API server defaults to 80% CPU. */
  implicit: boolean;
}

export function utilizationMetrics(hpa: KubeObject): UtilizationMetric[] {
  const spec = asObject(hpa.raw.spec);
  if (!spec) return [];
  if (hpa.apiVersion === 'autoscaling/v1') {
    const written = spec.targetCPUUtilizationPercentage !== undefined;
    return [{ resource: 'cpu', path: ['spec', written ? 'targetCPUUtilizationPercentage' : 'scaleTargetRef'], implicit: !written }];
  }
  const metrics = asArray(spec.metrics);
  // SetDefaults_HorizontalPodAutoscaler: no metrics means 80% average CPU utilization.
  if (metrics.length === 0) return [{ resource: 'cpu', path: ['spec', 'scaleTargetRef'], implicit: true }];
  const out: UtilizationMetric[] = [];
  metrics.forEach((m, i) => {
    const metric = asObject(m);
    const field = metric?.type === 'Resource' ? 'resource' : metric?.type === 'ContainerResource' ? 'containerResource' : undefined;
    const source = field ? asObject(metric?.[field]) : undefined;
    if (!source || typeof source.name !== 'string' || !isUtilization(source)) return;
    const container = field === 'containerResource' && typeof source.container === 'string' ? source.container : undefined;
    out.push({ resource: source.name, ...(container !== undefined ? { container } : {}), path: ['spec', 'metrics', i], implicit: false });
  });
  return out;
}

/** v2/v2beta2 `target.type: Utilization`, v2beta1 `targetAverageUtilization`. */
function isUtilization(source: { [k: string]: Json }): boolean {
  if (source.targetAverageUtilization !== undefined) return true;
  return asObject(source.target)?.type === 'Utilization';
}
