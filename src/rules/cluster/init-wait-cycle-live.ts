import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { objectName, ownerSubject } from '../../triage/describe.js';
import { initWaitCycles } from '../../triage/init-waits.js';

export default defineRule({
  meta: {
    id: 'init-wait-cycle-live',
    fault: 'D5',
    severity: 'error',
    title: 'Workloads wait for each other in init containers: none can ever start',
    why:
      'A\'s init container waits for B\'s Service and B\'s init container waits for A\'s. A Service gets endpoints ' +
      'only from ready pods, and neither side\'s pods get past Init, so both stay Init:0/1 forever: a deadlock ' +
      'that no restart resolves.',
    fix: 'Break the cycle: drop the wait from one side (let the app retry its connection with back-off instead), or publish not-ready addresses on one Service (publishNotReadyAddresses: true) if only DNS is awaited.',
    verify: 'kubectl get pods -n <namespace> -w   # both workloads must leave Init',
    needs: ['cluster'],
    tags: ['live', 'init'],
  },
  check({ ws, report }) {
    if (!ws.cluster) return;
    for (const cycle of initWaitCycles(ws.cluster)) {
      const head = cycle[0]!;
      const evidence: Evidence[] = [];
      const hops: string[] = [];
      for (let i = 0; i < cycle.length; i++) {
        const w = cycle[i]!;
        const next = cycle[(i + 1) % cycle.length]!;
        const t = w.data.targets.find((x) => x.owners.includes(next.owner));
        const c = w.pods[0]!;
        const svc = t ? `Service ${t.service.namespace}/${t.service.name}` : 'a Service';
        hops.push(`${objectName(w.owner)} waits for ${svc} (pods of ${objectName(next.owner)})`);
        evidence.push({ message: `${objectName(w.owner)} is ${w.data.status}: init container "${c.name}" runs "${w.data.command}"`, object: c.pod.ref, fieldPath: `status.initContainerStatuses[name=${c.name}]` });
        if (t) evidence.push({ message: t.text, ...(t.svc ? { object: t.svc.ref } : {}) });
      }
      const cause = `${hops.join(', ')}: a wait cycle, so none of their pods can get ready`;
      evidence.push({ message: `root cause: ${cause}` });
      report({
        message: `${cycle.map((w) => objectName(w.owner)).join(' ⇄ ')}: init containers wait for each other — ${cause}`,
        at: ownerSubject(head.owner, head.pods[0]!, '.command'),
        evidence,
        verify: `kubectl get pods -n ${head.owner.namespace ?? 'default'} -w   # both workloads must leave Init`,
      });
    }
  },
});
