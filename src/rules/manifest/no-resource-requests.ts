import { defineRule } from '../../core/rule.js';
import type { Json, KubeObject } from '../../model/manifest.js';
import { containerSubject } from '../../model/subjects.js';

const RESOURCES = ['cpu', 'memory'] as const;

export default defineRule({
  meta: {
    id: 'no-resource-requests',
    fault: 'E3',
    severity: 'warning',
    title: 'Container has no CPU or memory request',
    why:
      'Without requests the scheduler packs pods blindly: a pod with none at all is BestEffort and is evicted first ' +
      'under node pressure, and an HPA on CPU or memory cannot compute utilization ("missing request for cpu").',
    fix: 'Set requests from observed usage, e.g.\nresources:\n  requests: { cpu: 100m, memory: 128Mi }\n  limits: { memory: 256Mi }',
    verify: 'kubectl get pod <pod> -o jsonpath="{.status.qosClass}"  # Burstable or Guaranteed, not BestEffort',
    needs: ['manifests'],
    tags: ['resources', 'scheduling'],
  },
  check({ ws, report }) {
    const defaulted = namespacesWithDefaultRequests(ws.manifests.objects);
    for (const t of ws.manifests.podTemplates) {
      const ns = t.object.namespace ?? '';
      for (const c of [...t.initContainers, ...t.containers]) {
        // Kubernetes copies a limit into a missing request, and a LimitRange injects its defaultRequest.
        const missing = RESOURCES.filter(
          (r) => c.spec.resources?.requests?.[r] === undefined && c.spec.resources?.limits?.[r] === undefined && !defaulted.get(ns)?.has(r),
        );
        if (missing.length === 0) continue;
        const none = missing.length === RESOURCES.length;
        report({
          message: none
            ? `container "${c.name}" has no CPU or memory request (BestEffort QoS: evicted first, invisible to the scheduler)`
            : `container "${c.name}" has no ${missing[0]} request`,
          at: containerSubject(c, c.spec.resources ? ['resources'] : []),
        });
      }
    }
  },
});

function namespacesWithDefaultRequests(objects: KubeObject[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const o of objects) {
    if (o.kind !== 'LimitRange') continue;
    const limits = asArray(asRecord(o.raw.spec)?.limits);
    for (const l of limits) {
      const item = asRecord(l);
      if (item?.type !== 'Container') continue;
      const req = { ...asRecord(item.default), ...asRecord(item.defaultRequest) };
      const set = out.get(o.namespace ?? '') ?? new Set<string>();
      for (const k of Object.keys(req)) set.add(k);
      out.set(o.namespace ?? '', set);
    }
  }
  return out;
}

function asRecord(v: Json | undefined): Record<string, Json> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}

function asArray(v: Json | undefined): Json[] {
  return Array.isArray(v) ? v : [];
}
