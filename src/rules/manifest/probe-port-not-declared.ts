import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import type { ContainerView } from '../../model/manifest.js';
import { findContainerPort, portResolves } from '../../model/ports.js';
import { probeHandler, probesOf, probeWord } from '../../model/probe-timing.js';
import { longRunningContainers } from '../../model/probes.js';
import { containerSubject } from '../../model/subjects.js';

export default defineRule({
  meta: {
    id: 'probe-port-not-declared',
    fault: 'D3',
    severity: 'error',
    title: 'Probe port is not a port the container declares',
    why:
      'The kubelet resolves a named probe port against the probed container\'s own ports list only. When no port ' +
      'there has that name the probe can never run: "Liveness probe errored: strconv.Atoi: parsing "http": invalid ' +
      'syntax" — liveness restarts the container forever, readiness keeps it out of every Service. A numeric port ' +
      'always resolves, but one that differs from every declared containerPort usually means the probe was not ' +
      'updated when the server port changed (connection refused); that case is a warning.',
    fix: 'Point the probe at a declared port, preferably by name:\nports:\n  - name: http\n    containerPort: 8080\nlivenessProbe:\n  httpGet: { path: /livez, port: http }',
    verify: 'kubectl describe pod <pod> | grep -E "Liveness|Readiness|Startup|Port"',
    needs: ['manifests'],
    tags: ['probes', 'ports'],
  },
  check({ ws, report }) {
    for (const t of ws.manifests.podTemplates) {
      const all = [...t.initContainers, ...t.containers];
      for (const c of longRunningContainers(t)) {
        for (const { field, probe } of probesOf(c)) {
          const h = probeHandler(probe);
          if (!h || h.kind === 'exec' || h.port === undefined) continue;
          const at = containerSubject(c, [field, h.kind, 'port']);
          const word = probeWord(field);
          const owner = all.find((o) => o !== c && findContainerPort(o.spec, h.port) !== undefined);
          const elsewhere = owner ? `; container "${owner.name}" declares it, but a probe only looks at its own container's ports` : '';
          if (!portResolves(c.spec, h.port)) {
            report({
              message: `the ${word} probe of container "${c.name}" uses port "${h.port}", which the container does not declare, so the probe can never run${elsewhere}`,
              at,
              evidence: declaredPorts(c),
            });
            continue;
          }
          const declared = (c.spec.ports ?? []).map((p) => p.containerPort);
          if (declared.length === 0 || findContainerPort(c.spec, h.port)) continue;
          report({
            message: owner
              ? `the ${word} probe of container "${c.name}" checks port ${h.port}, which belongs to container "${owner.name}"`
              : `the ${word} probe of container "${c.name}" checks port ${h.port}, but the container declares ${declared.join(', ')}`,
            at,
            evidence: declaredPorts(c),
            severity: 'warning',
          });
        }
      }
    }
  },
});

function declaredPorts(c: ContainerView): Evidence[] {
  if (!c.spec.ports || c.spec.ports.length === 0) return [];
  return [{ message: `ports declared by container "${c.name}"`, ...containerSubject(c, ['ports'], 'key') }];
}
