import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { formatCpu } from '../../model/quantity.js';
import { lineSpan, refSpan } from '../../logs/rule-support.js';

export default defineRule({
  meta: {
    id: 'gomaxprocs-above-cpu-limit',
    fault: 'E2',
    severity: 'warning',
    needs: ['logs'],
    title: 'GOMAXPROCS is higher than the container\'s CPU limit',
    why:
      'Before Go 1.25 (and with go.mod below 1.25 even on newer toolchains) GOMAXPROCS defaults to the node\'s CPU ' +
      'count and ignores the CFS quota. The scheduler and the GC then run more threads than the quota allows, the ' +
      'container is throttled every period, and latency and probe timeouts follow.',
    fix: 'Set GOMAXPROCS to the CPU limit (env from resourceFieldRef limits.cpu), build with go 1.25+ and `go 1.25` in go.mod, or import go.uber.org/automaxprocs.',
    verify: 'kubectl exec <pod> -- cat /sys/fs/cgroup/cpu.stat   # nr_throttled should stop growing',
    tags: ['logs', 'cpu'],
  },
  check({ ws, report }) {
    const facts = ws.logs;
    const cpu = facts?.limits.cpuCores;
    if (!facts || cpu === undefined) return;
    // Go 1.25's own cgroup-aware default rounds the quota up and never goes below 2.
    const allowed = Math.max(2, Math.ceil(cpu));
    const sched = facts.sched;
    const gc = facts.gc;
    const procs = sched ? Math.max(...sched.gomaxprocsValues) : gc ? gc.last.procs : undefined;
    if (procs === undefined || procs <= allowed) return;
    const evidence: Evidence[] = [];
    if (sched) evidence.push({ message: `schedtrace: gomaxprocs=${procs}`, span: refSpan(facts, sched.at) });
    if (gc) evidence.push({ message: `gctrace: ${gc.last.procs} P per GC cycle`, span: lineSpan(facts, gc.last.line) });
    evidence.push({ message: `container CPU limit: ${formatCpu(cpu)} (--cpu-limit)` });
    const at = sched ? refSpan(facts, sched.at) : refSpan(facts, gc!.at);
    report({
      message: `GOMAXPROCS is ${procs} but the container may use ${formatCpu(cpu)} CPU: ${procs} Ps compete for a ${formatCpu(cpu)}-CPU quota and get throttled`,
      at: { span: at },
      evidence,
      fix: `Set GOMAXPROCS=${Math.max(1, Math.floor(cpu))} (or from resourceFieldRef limits.cpu), or build with Go 1.25+ and go 1.25 in go.mod.`,
    });
  },
});
