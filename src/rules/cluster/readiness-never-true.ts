import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { formatBudget, probeTiming } from '../../model/probe-timing.js';
import { containerField } from '../../triage/containers.js';
import { eventEvidence, objectName, ownerSubject, podsLabel } from '../../triage/describe.js';
import { describeProbe } from '../../triage/pod-spec.js';
import { readinessProblems, type ReadinessData } from '../../triage/readiness.js';
import { formatAge } from '../../triage/clock.js';

export default defineRule({
  meta: {
    id: 'readiness-never-true',
    fault: 'D2',
    severity: 'error',
    title: 'Container runs but its readiness probe has never passed',
    why:
      'A pod is added to its Services\' endpoints only when readiness passes. A probe that never passes ("Readiness ' +
      'probe failed: Get "http://10.244.1.7:8080/ready": dial tcp 10.244.1.7:8080: connect: connection refused", ' +
      '"HTTP probe failed with statuscode: 503") leaves the pod Running 0/1 forever: no traffic, and a rollout ' +
      'that waits on it never finishes.',
    fix: 'Make the probe match the service: the port and path the Go server really serves (on 0.0.0.0, not 127.0.0.1), and a readiness handler that turns 200 once start-up is done.',
    verify: 'kubectl get pod <pod> -n <namespace> -w   # READY must turn 1/1',
    needs: ['cluster'],
    tags: ['live', 'probes'],
  },
  check({ ws, report }) {
    if (!ws.cluster) return;
    for (const p of readinessProblems(ws.cluster)) {
      const first = p.pods[0]!;
      const { probe, unhealthy, runningSeconds } = p.data;
      const evidence: Evidence[] = [
        { message: `container "${first.name}" running for ${formatAge(runningSeconds)}, never ready`, object: first.pod.ref, fieldPath: `status.containerStatuses[name=${first.name}].ready` },
      ];
      if (unhealthy) evidence.push(eventEvidence(unhealthy, first.pod));
      evidence.push({ message: `readiness probe ${describeProbe(probe)}, budget ${formatBudget(probeTiming(probe))}`, object: first.pod.ref, fieldPath: containerField(first, '.readinessProbe') });
      const cause = explain(p.data, describeProbe(probe));
      evidence.push({ message: `root cause: ${cause}` });
      report({
        message: `${podsLabel(p.owner, p.pods.length, p.total)}: Running but not ready for ${formatAge(runningSeconds)} — ${cause}`,
        at: ownerSubject(p.owner, first, '.readinessProbe'),
        evidence,
        fix:
          p.data.failure === 'refused'
            ? `Make the Go server listen on the probed port on all interfaces (":PORT", not "127.0.0.1:PORT"), or point the readiness probe of ${objectName(p.owner)} at the port it does serve.`
            : `Make the readiness probe of ${objectName(p.owner)} match what the service serves, and fix whatever its readiness handler reports as not ready.`,
        verify: `kubectl get pod ${first.pod.name} -n ${first.pod.namespace ?? 'default'} -w   # READY must turn 1/1`,
      });
    }
  },
});

function explain(d: ReadinessData, probe: string): string {
  switch (d.failure) {
    case 'refused':
      return `the readiness probe (${probe}) gets "connection refused": nothing listens on that port on the pod IP`;
    case 'status': {
      const code = /statuscode: (\d+)/.exec(d.unhealthy?.message ?? '')?.[1];
      return `the readiness endpoint (${probe}) answers HTTP ${code}: the service reports itself not ready`;
    }
    case 'timeout':
      return `the readiness probe (${probe}) times out after ${probeTiming(d.probe).timeoutSeconds}s`;
    case 'other':
      return `the readiness probe (${probe}) fails: ${d.unhealthy?.message.replace(/^Readiness probe (failed|errored): /, '') ?? ''}`;
    default:
      return `the readiness probe (${probe}) has not passed once (its failure events have expired)`;
  }
}
