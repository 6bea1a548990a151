import { defineRule } from '../../core/rule.js';
import { containerBinary } from '../../model/container-go.js';
import { buildsGo } from '../../model/go-build.js';
import { isKnownNonGoImage, lookupEnv, memoryLimit, processContainers, requiredAnywhere } from '../../model/go-runtime-env.js';
import { goMemLimitFor } from '../../model/quantity.js';
import { containerSubject } from '../../model/subjects.js';

export default defineRule({
  meta: {
    id: 'memory-limit-without-gomemlimit',
    fault: 'E1',
    severity: 'warning',
    title: 'Go container has a memory limit but no GOMEMLIMIT',
    why:
      'The Go GC knows nothing about the cgroup limit: with GOGC=100 it lets the heap grow to about twice the live heap ' +
      'before collecting. A traffic spike then crosses the memory limit and the kernel kills the process: exit code 137, ' +
      'reason OOMKilled, no Go output at all. GOMEMLIMIT (Go ≥1.19) makes the GC work harder as the heap nears the limit instead.',
    fix:
      'Set GOMEMLIMIT to ~90 % of the limit, in Go units (MiB, not Mi):\nenv:\n  - name: GOMEMLIMIT\n    value: "460MiB"   # limit 512Mi\n' +
      'or import _ "github.com/KimMachineGun/automemlimit" in main (it reads the cgroup limit).',
    verify: 'kubectl get pod <pod> -o jsonpath="{.status.containerStatuses[*].lastState.terminated.reason}"  # no OOMKilled',
    needs: ['manifests'],
    tags: ['go-runtime', 'memory'],
  },
  check({ ws, report }) {
    // automemlimit in a go.mod of the workspace sets the limit from the cgroup at start.
    if (requiredAnywhere(ws, 'github.com/KimMachineGun/automemlimit')) return;
    for (const t of ws.manifests.podTemplates) {
      for (const c of processContainers(t)) {
        const limit = memoryLimit(c);
        if (!limit || isKnownNonGoImage(c.spec.image)) continue;
        // The Dockerfile that builds this image compiles no Go (a Node.js or Python sidecar): GOMEMLIMIT means nothing to it.
        const dockerfiles = ws.links.dockerfilesFor(c);
        if (dockerfiles.length > 0 && !dockerfiles.some(buildsGo)) continue;
        // The linked Go binary (container → Dockerfile → main package) sets the limit itself.
        const bin = containerBinary(ws, c);
        if (bin?.pkgs.some((p) => p.runtime.automemlimit !== undefined || p.runtime.setMemoryLimit.length > 0)) continue;
        const env = lookupEnv(c, 'GOMEMLIMIT', ws.manifests.objects);
        // An envFrom we cannot see might set it: stay quiet rather than guess.
        if (env.set || !env.certain) continue;
        const suggested = goMemLimitFor(limit.bytes);
        report({
          message:
            `container "${c.name}" has a ${limit.raw} memory limit but no GOMEMLIMIT: the Go GC lets the heap reach ~2× the live heap ` +
            `and the container is OOMKilled (exit 137) instead of collecting, unless the code sets it (automemlimit / debug.SetMemoryLimit)`,
          at: containerSubject(c, ['resources', 'limits', 'memory']),
          fix: `Add to container "${c.name}":\nenv:\n  - name: GOMEMLIMIT\n    value: "${suggested}"   # ~90 % of ${limit.raw}`,
        });
      }
    }
  },
});
