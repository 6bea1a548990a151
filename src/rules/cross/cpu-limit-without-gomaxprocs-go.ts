import { defineRule } from '../../core/rule.js';
import { compareGoVersions } from '../../load/go-version.js';
import { buildEvidence, containerBinary } from '../../model/container-go.js';
import { lookupEnv, processContainers } from '../../model/go-runtime-env.js';
import { formatCpu, parseQuantity } from '../../model/quantity.js';
import { shippedVar } from '../../model/runtime-files.js';
import { containerSubject } from '../../model/subjects.js';

export default defineRule({
  meta: {
    id: 'cpu-limit-without-gomaxprocs-go',
    fault: 'E2',
    severity: 'warning',
    title: 'CPU-limited Go binary runs one thread per node core',
    why:
      'The binary\'s go.mod says go <1.25, so the runtime ignores the cgroup CPU quota (container-aware GOMAXPROCS is off: ' +
      'GODEBUG containermaxprocs=0) and sets GOMAXPROCS to the node\'s core count. On a 32-core node a pod limited to 1 CPU ' +
      'runs 32 threads of Go code, spends its quota early in each 100 ms period and is throttled for the rest: tail latency ' +
      'spikes, probe timeouts, nr_throttled climbing in /sys/fs/cgroup/cpu.stat.',
    fix:
      'Any one of:\n  go 1.25 in go.mod (the runtime then follows the CPU limit)\n  import _ "go.uber.org/automaxprocs" in package main\n' +
      '  env:\n    - name: GOMAXPROCS\n      valueFrom:\n        resourceFieldRef: { resource: limits.cpu }',
    verify: 'kubectl exec <pod> -- cat /sys/fs/cgroup/cpu.stat  # nr_throttled should stay flat under load',
    needs: ['manifests', 'dockerfile', 'go'],
    tags: ['go-runtime', 'cpu'],
  },
  check({ ws, report }) {
    for (const t of ws.manifests.podTemplates) {
      for (const c of processContainers(t)) {
        const cores = parseQuantity(c.spec.resources?.limits?.cpu);
        if (cores === undefined || cores <= 0) continue;
        const b = containerBinary(ws, c);
        const mod = b?.build.pkg.module;
        if (!b || mod?.goVersion === undefined || compareGoVersions(mod.goVersion, '1.25') >= 0) continue;
        // Any of these sizes the runtime to the quota; an envFrom we cannot read may set it too.
        if (b.pkgs.some((p) => p.runtime.automaxprocs !== undefined || p.runtime.gomaxprocs.length > 0)) continue;
        const env = lookupEnv(c, 'GOMAXPROCS', ws.manifests.objects);
        if (env.set || !env.certain || shippedVar(b.df, 'GOMAXPROCS') !== undefined) continue;
        // A Go ≥1.25 toolchain turns the cgroup-aware default back on for an older go line when asked to.
        if (b.build.pkg.runtime.godebug.some((d) => d.setting === 'containermaxprocs' && d.value === '1')) continue;
        const godebug = lookupEnv(c, 'GODEBUG', ws.manifests.objects);
        if (godebug.set ? /\bcontainermaxprocs=1\b/.test(godebug.setting.value ?? '') : !godebug.certain) continue;
        const limit = formatCpu(cores);
        report({
          message:
            `container "${c.name}" has a ${limit} CPU limit but ${b.build.pkg.dir} is built as go ${mod.goVersion} without automaxprocs or GOMAXPROCS: ` +
            'the runtime runs one thread per node core and the container is CFS-throttled',
          at: containerSubject(c, ['resources', 'limits', 'cpu']),
          evidence: [
            ...(mod.goSpan ? [{ message: `go ${mod.goVersion}: container-aware GOMAXPROCS (Go 1.25) is off`, span: mod.goSpan }] : []),
            ...(b.build.pkg.mainSpan ? [{ message: 'never sets GOMAXPROCS nor imports go.uber.org/automaxprocs', span: b.build.pkg.mainSpan }] : []),
            buildEvidence(b),
          ],
        });
      }
    }
  },
});
