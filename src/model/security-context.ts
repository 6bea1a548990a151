import type { ContainerView, JsonPath } from './manifest.js';

/**
 * The effective value of a pod-or-container securityContext field and where it is written:
 * the container's own setting wins over the pod's (kubelet DetermineEffectiveSecurityContext).
 */
export function effectiveField(c: ContainerView, field: 'runAsNonRoot' | 'runAsUser'): { value: unknown; path: JsonPath } | undefined {
  const own = c.spec.securityContext?.[field];
  if (own !== undefined && own !== null) return { value: own, path: [...c.path, 'securityContext', field] };
  const pod = c.template.spec.securityContext?.[field];
  if (pod !== undefined && pod !== null) return { value: pod, path: [...c.template.specPath, 'securityContext', field] };
  return undefined;
}
