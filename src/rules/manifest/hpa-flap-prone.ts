import { defineRule } from '../../core/rule.js';
import { isHpa, utilizationMetrics } from '../../model/autoscaling.js';
import type { JsonPath, KubeObject } from '../../model/manifest.js';
import { getIn } from '../../model/pod-templates.js';
import { objectSubject } from '../../model/subjects.js';
import { asObject } from '../../model/wiring.js';

/** Below this, a GC cycle (GOGC=100 marks with up to 25% of GOMAXPROCS plus assists) alone can cross the target. */
const MIN_CPU_TARGET = 50;
/** Below this, one quiet metrics window removes pods that the next burst needs back. */
const MIN_SCALE_DOWN_WINDOW = 60;

export default defineRule({
  meta: {
    id: 'hpa-flap-prone',
    fault: 'I2',
    severity: 'warning',
    title: 'HPA settings make it flap',
    why:
      'A Go service\'s CPU is spiky: every GC cycle takes a quarter of GOMAXPROCS for marking plus mutator assists, ' +
      'so a low CPU Utilization target (under 50%) is crossed by garbage collection alone and the HPA scales up ' +
      'without real load, then back down. A scaleDown stabilizationWindowSeconds under 60 (the default is 300) ' +
      'removes pods after one quiet metrics sample. `kubectl describe hpa` shows alternating "New size: N; reason: ' +
      'cpu resource utilization (percentage of request) above target" and "All metrics below target" events, and ' +
      'every scale-down drops connections and cold-starts pods.',
    fix:
      'Target a utilization a GC cycle cannot cross, and keep the default scale-down window:\n' +
      'metrics:\n  - type: Resource\n    resource:\n      name: cpu\n      target: { type: Utilization, averageUtilization: 70 }\n' +
      'behavior:\n  scaleDown:\n    stabilizationWindowSeconds: 300',
    verify: 'kubectl describe hpa <hpa>  # Events: no Rescale up/down pairs minutes apart',
    needs: ['manifests'],
    tags: ['autoscaling'],
  },
  check({ ws, report }) {
    for (const hpa of ws.manifests.objects) {
      if (!isHpa(hpa)) continue;
      for (const m of utilizationMetrics(hpa)) {
        if (m.resource !== 'cpu' || m.implicit) continue;
        const target = cpuTarget(hpa, m.path);
        if (!target || target.value >= MIN_CPU_TARGET) continue;
        report({
          message:
            `HorizontalPodAutoscaler ${hpa.name} targets ${target.value}% CPU utilization${m.container ? ` of container ${m.container}` : ''}: ` +
            `Go GC spikes alone cross a target below ${MIN_CPU_TARGET}% and trigger scale-ups`,
          at: objectSubject(hpa, target.path),
        });
      }
      const scaleDown = asObject(getIn(hpa.raw, ['spec', 'behavior', 'scaleDown']));
      const window = scaleDown?.stabilizationWindowSeconds;
      // Disabled scale-down never removes pods, so its window cannot make the HPA flap.
      if (typeof window !== 'number' || window >= MIN_SCALE_DOWN_WINDOW || scaleDown?.selectPolicy === 'Disabled') continue;
      report({
        message: `HorizontalPodAutoscaler ${hpa.name} sets scaleDown stabilizationWindowSeconds ${window} (default 300): it removes pods after one quiet sample and adds them back on the next spike`,
        at: objectSubject(hpa, ['spec', 'behavior', 'scaleDown', 'stabilizationWindowSeconds']),
      });
    }
  },
});

/** The written percentage of a CPU Utilization metric: v1 field, v2 `target.averageUtilization`, v2beta1 `targetAverageUtilization`. */
function cpuTarget(hpa: KubeObject, metricPath: JsonPath): { value: number; path: JsonPath } | undefined {
  const candidates: JsonPath[] =
    hpa.apiVersion === 'autoscaling/v1'
      ? [metricPath]
      : ['resource', 'containerResource'].flatMap((f) => [
          [...metricPath, f, 'target', 'averageUtilization'],
          [...metricPath, f, 'targetAverageUtilization'],
        ]);
  for (const path of candidates) {
    const value = getIn(hpa.raw, path);
    if (typeof value === 'number') return { value, path };
  }
  return undefined;
}
