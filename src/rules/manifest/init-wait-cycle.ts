import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { type InitWait, initWaits } from '../../model/init-waits.js';
import { selects, serviceSelector } from '../../model/link.js';
import type { KubeObject, PodTemplate } from '../../model/manifest.js';
import { getIn } from '../../model/pod-templates.js';
import { containerSubject, objectSubject } from '../../model/subjects.js';
import { nsOf, services } from '../../model/wiring.js';

interface Edge {
  from: PodTemplate;
  to: PodTemplate;
  wait: InitWait;
  service: KubeObject;
}

export default defineRule({
  meta: {
    id: 'init-wait-cycle',
    fault: 'D5',
    severity: 'error',
    title: 'Init containers wait on each other in a cycle',
    why:
      'A pod is not Ready, and gets no Service endpoints, until its init containers finish. When A\'s init ' +
      'container waits for B\'s Service and B\'s waits for A\'s (or a pod waits for its own Service), neither can ' +
      'ever start: every pod shows Init:0/1 forever, `kubectl rollout status` hangs until ProgressDeadlineExceeded. ' +
      'Name lookups of a ClusterIP Service succeed without endpoints, so only connection checks (nc, curl, ' +
      'pg_isready) and lookups of headless Services block.',
    fix:
      'Break the cycle: let one side start without the other and retry the connection in the Go code (with ' +
      'backoff) instead of gating start-up on it; for peers of a StatefulSet use a headless Service with ' +
      'publishNotReadyAddresses: true.',
    verify: 'kubectl get pods  # STATUS leaves Init:0/1 for every workload in the cycle',
    needs: ['manifests'],
    tags: ['init', 'startup', 'wiring'],
  },
  check({ ws, report }) {
    const edges = waitEdges(ws.manifests.podTemplates, services(ws.manifests.objects));
    const reported = new Set<string>();
    for (const t of ws.manifests.podTemplates) {
      const cycle = findCycle(t, edges);
      if (!cycle) continue;
      const key = cycle.map((e) => id(e.from)).sort().join('|');
      if (reported.has(key)) continue;
      reported.add(key);
      const first = cycle[0]!;
      const steps = cycle.map((e) => `${id(e.from)} waits for Service ${e.service.name} (${e.wait.host}${e.wait.port ? `:${e.wait.port}` : ''}), which selects ${id(e.to)}`);
      const evidence: Evidence[] = cycle.flatMap((e) => [
        { message: `init container "${e.wait.container.name}" of ${id(e.from)} waits for ${e.wait.host}`, ...containerSubject(e.wait.container, [e.wait.field]) },
        { message: `Service ${e.service.name} selects ${id(e.to)}`, ...objectSubject(e.service, ['spec', 'selector']) },
      ]);
      report({
        message: `${cycle.length === 1 ? 'init container waits for its own pods' : 'init containers wait on each other'}: ${steps.join('; ')}. No pod in the cycle can finish its init containers (Init:0/1 forever)`,
        at: containerSubject(first.wait.container, [first.wait.field]),
        evidence,
      });
    }
  },
});

function id(t: PodTemplate): string {
  return `${t.object.kind} ${t.object.name}`;
}

function waitEdges(templates: PodTemplate[], svcs: KubeObject[]): Map<PodTemplate, Edge[]> {
  const out = new Map<PodTemplate, Edge[]>();
  for (const from of templates) {
    for (const wait of initWaits(from)) {
      const ref = wait.service;
      const service = ref && svcs.find((s) => s.name === ref.name && nsOf(s) === ref.namespace);
      if (!service || (wait.mode === 'dns' && !dnsNeedsEndpoints(service))) continue;
      for (const to of templates) {
        if (nsOf(to.object) !== nsOf(service) || !selects(serviceSelector(service), to.labels)) continue;
        out.set(from, [...(out.get(from) ?? []), { from, to, wait, service }]);
      }
    }
  }
  return out;
}

/** Only a headless Service's records follow ready endpoints (unless it publishes not-ready ones). */
function dnsNeedsEndpoints(svc: KubeObject): boolean {
  return getIn(svc.raw, ['spec', 'clusterIP']) === 'None' && getIn(svc.raw, ['spec', 'publishNotReadyAddresses']) !== true;
}

/** The shortest wait path from `start` back to itself, breadth first. */
function findCycle(start: PodTemplate, edges: Map<PodTemplate, Edge[]>): Edge[] | undefined {
  const queue: { at: PodTemplate; path: Edge[] }[] = [{ at: start, path: [] }];
  const seen = new Set<PodTemplate>();
  while (queue.length > 0) {
    const { at, path } = queue.shift()!;
    for (const e of edges.get(at) ?? []) {
      if (e.to === start) return [...path, e];
      if (seen.has(e.to)) continue;
      seen.add(e.to);
      queue.push({ at: e.to, path: [...path, e] });
    }
  }
  return undefined;
}
