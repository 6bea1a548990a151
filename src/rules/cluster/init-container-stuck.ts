import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { containerField } from '../../triage/containers.js';
import { objectName, ownerSubject, podsLabel } from '../../triage/describe.js';
import { inCycle, initWaits } from '../../triage/init-waits.js';
import { formatAge } from '../../triage/clock.js';

export default defineRule({
  meta: {
    id: 'init-container-stuck',
    fault: 'D5',
    severity: 'error',
    title: 'Pod is stuck in an init container waiting for a dependency',
    why:
      'Init containers run one after another and the app containers start only when all have exited 0. A ' +
      'wait-for loop ("until nslookup db; do sleep 2; done", "nc -z db 5432") without a timeout waits forever ' +
      'when the Service does not exist or has no ready endpoints: the pod shows Init:0/1 and never starts.',
    fix: 'Create the Service the init container polls (or fix its name/namespace in <owner>), make its pods ready, and give the wait a timeout so the failure becomes visible.',
    verify: 'kubectl get endpoints <service> -n <namespace>',
    needs: ['cluster'],
    tags: ['live', 'init'],
  },
  check({ ws, report }) {
    if (!ws.cluster) return;
    for (const w of initWaits(ws.cluster)) {
      if (inCycle(ws.cluster, w)) continue;
      const first = w.pods[0]!;
      const ns = first.pod.namespace ?? 'default';
      const evidence: Evidence[] = [
        { message: `pod ${first.pod.name} is ${w.data.status}: init container "${first.name}" running for ${formatAge(w.data.runningSeconds)}`, object: first.pod.ref, fieldPath: `status.initContainerStatuses[name=${first.name}].state.running` },
        { message: `init command: ${w.data.command || '(the image\'s entrypoint)'}`, object: first.pod.ref, fieldPath: containerField(first, '.command') },
      ];
      const log = ws.cluster.log(ns, first.pod.name, first.name, false);
      const lastLine = log?.text.trimEnd().split('\n').at(-1);
      if (log && lastLine) evidence.push({ message: `log of ${first.pod.name}/${first.name}${log.file ? ` (${log.file})` : ''}, last line: ${lastLine.slice(0, 300)}`, object: first.pod.ref });
      for (const t of w.data.targets) evidence.push({ message: t.text, ...(t.svc ? { object: t.svc.ref } : {}) });
      const broken = w.data.targets.filter((t) => !t.healthy);
      const cause =
        broken.length > 0
          ? `it waits for ${broken.map((t) => `Service ${t.service.namespace}/${t.service.name}, which ${t.problem ?? 'is not usable'}`).join('; and for ')}`
          : w.data.targets.length > 0
            ? `it waits for ${w.data.targets.map((t) => `${t.service.namespace}/${t.service.name}`).join(', ')}, which look${w.data.targets.length === 1 ? 's' : ''} healthy: the check itself fails (wrong port, namespace or a NetworkPolicy)`
            : 'its command never exits and names no Service the snapshot can check';
      evidence.push({ message: `root cause: ${cause}` });
      const svc = broken[0] ?? w.data.targets[0];
      report({
        message: `${podsLabel(w.owner, w.pods.length, w.total)}: ${w.data.status} for ${formatAge(w.data.runningSeconds)} — ${cause}`,
        at: ownerSubject(w.owner, first, '.command'),
        evidence,
        fix: svc
          ? `Create Service ${svc.service.namespace}/${svc.service.name} with ready pods (or fix the name in the init command of ${objectName(w.owner)}), and bound the wait with a timeout.`
          : `Find what the init container "${first.name}" of ${objectName(w.owner)} waits for (its log), and bound the wait with a timeout.`,
        verify: svc ? `kubectl get endpoints ${svc.service.name} -n ${svc.service.namespace}` : `kubectl logs ${first.pod.name} -c ${first.name} -n ${ns} --tail=20`,
      });
    }
  },
});
