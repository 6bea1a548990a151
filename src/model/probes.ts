import type { ContainerView, PodTemplate } from './manifest.js';

/**
 * Containers that serve traffic for their whole life: main containers of workloads that do
 * not run to completion. Native sidecars (init containers with restartPolicy Always) count too.
 */
export function longRunningContainers(t: PodTemplate): ContainerView[] {
  if (t.runsToCompletion) return [];
  return [...t.initContainers.filter((c) => c.spec.restartPolicy === 'Always'), ...t.containers];
}
