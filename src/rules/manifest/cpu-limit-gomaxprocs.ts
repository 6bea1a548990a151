import type { Report } from '../../core/rule.js';
import { defineRule } from '../../core/rule.js';
import type { ContainerView } from '../../model/manifest.js';
import type { Workspace } from '../../model/workspace.js';
import { containerBinary } from '../../model/container-go.js';
import { isKnownNonGoImage, lookupEnv, processContainers, requiredAnywhere, settingSubject } from '../../model/go-runtime-env.js';
import { formatCpu, parseQuantity } from '../../model/quantity.js';
import { containerSubject } from '../../model/subjects.js';

type GoLine = 'all-new' | 'all-old' | 'unknown';

export default defineRule({
  meta: {
    id: 'cpu-limit-gomaxprocs',
    fault: 'E2',
    severity: 'info',
    title: 'CPU limit without a matching GOMAXPROCS',
    why:
      'Before Go 1.25 GOMAXPROCS defaults to the node\'s core count and ignores the CFS quota: on a 32-core node a pod ' +
      'limited to 1 CPU runs up to 32 threads of Go code, burns its quota early in each 100 ms period and is throttled ' +
      'for the rest (tail latency, probe timeouts). Go 1.25 reads the quota, but only when go.mod says go ≥1.25 and ' +
      'GOMAXPROCS is not set; go.uber.org/automaxprocs does the same for older versions.',
    fix: 'Derive it from the limit (rounded up to whole CPUs):\nenv:\n  - name: GOMAXPROCS\n    valueFrom:\n      resourceFieldRef: { resource: limits.cpu }',
    verify: 'kubectl exec <pod> -- cat /sys/fs/cgroup/cpu.stat  # nr_throttled should stay flat',
    needs: ['manifests'],
    tags: ['go-runtime', 'cpu'],
  },
  check({ ws, report }) {
    const automaxprocs = requiredAnywhere(ws, 'go.uber.org/automaxprocs') !== undefined;
    const goLine = goLineOf(ws);
    for (const t of ws.manifests.podTemplates) {
      for (const c of processContainers(t)) {
        const cores = parseQuantity(c.spec.resources?.limits?.cpu);
        if (cores === undefined || cores <= 0 || isKnownNonGoImage(c.spec.image)) continue;
        const r = problem(ws, c, cores, automaxprocs, goLine);
        if (r) report(r);
      }
    }
  },
});

function problem(ws: Workspace, c: ContainerView, cores: number, automaxprocs: boolean, goLine: GoLine): Report | undefined {
  const limit = formatCpu(cores);
  const env = lookupEnv(c, 'GOMAXPROCS', ws.manifests.objects);
  if (env.set) {
    const value = env.setting.value;
    if (value === undefined || value === '') return undefined;
    const at = settingSubject(c, env.setting);
    // The runtime reads GOMAXPROCS with atoi and silently ignores anything else.
    if (!/^\d+$/.test(value) || Number(value) === 0) {
      return { message: `GOMAXPROCS "${value}" is not a positive integer: Go ignores it and uses the node's core count`, at, severity: 'warning' };
    }
    if (Number(value) <= Math.ceil(cores)) return undefined;
    return {
      message: `GOMAXPROCS=${value} exceeds the ${limit} CPU limit of container "${c.name}": the quota is spent early in each period and the container is throttled`,
      at,
      severity: 'warning',
      evidence: [{ ...containerSubject(c, ['resources', 'limits', 'cpu']), message: `CPU limit ${limit}` }],
      fix: `- name: GOMAXPROCS\n  value: "${Math.max(1, Math.ceil(cores))}"`,
    };
  }
  // A container linked to its Go binary: cpu-limit-without-gomaxprocs-go decides from that binary's go.mod and imports.
  if (!env.certain || automaxprocs || goLine === 'all-new' || containerBinary(ws, c)) return undefined;
  return {
    message:
      `container "${c.name}" has a ${limit} CPU limit but no GOMAXPROCS: before Go 1.25 the runtime runs one thread per node core ` +
      `and the container is CFS-throttled, unless built with Go ≥1.25 or automaxprocs`,
    at: containerSubject(c, ['resources', 'limits', 'cpu']),
    // Every go.mod here says go <1.25: container-aware GOMAXPROCS is off (GODEBUG containermaxprocs=0) even on a new toolchain.
    ...(goLine === 'all-old' && { severity: 'warning' as const }),
  };
}

function goLineOf(ws: Workspace): GoLine {
  const versions = ws.goModules.map((m) => m.goVersion).filter((v): v is string => v !== undefined);
  if (versions.length === 0) return 'unknown';
  const isNew = versions.map((v) => {
    const [major = 0, minor = 0] = v.split('.').map(Number);
    return major > 1 || (major === 1 && minor >= 25);
  });
  if (isNew.every(Boolean)) return 'all-new';
  return isNew.some(Boolean) ? 'unknown' : 'all-old';
}
