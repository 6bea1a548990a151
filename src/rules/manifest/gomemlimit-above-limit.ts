import { defineRule } from '../../core/rule.js';
import { isKnownNonGoImage, lookupEnv, memoryLimit, processContainers, settingSubject } from '../../model/go-runtime-env.js';
import { goMemLimitFor, parseGoByteCount } from '../../model/quantity.js';
import { containerSubject } from '../../model/subjects.js';

export default defineRule({
  meta: {
    id: 'gomemlimit-above-limit',
    fault: 'E1',
    severity: 'warning',
    title: 'GOMEMLIMIT leaves no headroom below the container memory limit',
    why:
      'GOMEMLIMIT is a soft limit on memory the Go runtime manages. The binary, cgo allocations and page cache count ' +
      'toward the cgroup limit too, so with GOMEMLIMIT at (or above) the limit the kernel kills the container ' +
      '(exit 137, OOMKilled) before the GC starts holding the heap back.',
    fix: 'Keep GOMEMLIMIT ~10 % below the limit, e.g. limit 512Mi → GOMEMLIMIT "460MiB".',
    verify: 'kubectl get pod <pod> -o jsonpath="{.status.containerStatuses[*].lastState.terminated.reason}"  # no OOMKilled',
    needs: ['manifests'],
    tags: ['go-runtime', 'memory'],
  },
  check({ ws, report }) {
    for (const t of ws.manifests.podTemplates) {
      for (const c of processContainers(t)) {
        const limit = memoryLimit(c);
        if (!limit || isKnownNonGoImage(c.spec.image)) continue;
        const env = lookupEnv(c, 'GOMEMLIMIT', ws.manifests.objects);
        if (!env.set || env.setting.value === undefined) continue;
        const bytes = parseGoByteCount(env.setting.value);
        if (bytes === undefined || bytes < limit.bytes) continue;
        const suggested = goMemLimitFor(limit.bytes);
        report({
          message:
            `GOMEMLIMIT ${env.setting.value} is not below the ${limit.raw} memory limit of container "${c.name}": ` +
            `the container is OOMKilled before the GC reacts (use ~90 %: "${suggested}")`,
          at: settingSubject(c, env.setting),
          evidence: [{ ...containerSubject(c, ['resources', 'limits', 'memory']), message: `memory limit ${limit.raw}` }],
          fix: `- name: GOMEMLIMIT\n  value: "${suggested}"`,
        });
      }
    }
  },
});
