import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import type { KubeObject, PodTemplate } from '../../model/manifest.js';
import { evaluatePodSecurity, formatViolations } from '../../model/pod-security.js';
import { objectSubject } from '../../model/subjects.js';

const PREFIX = 'pod-security.kubernetes.io/';
type Level = 'baseline' | 'restricted';

interface NamespacePolicy {
  ns: KubeObject;
  mode: 'enforce' | 'warn';
  level: Level;
  version: string;
}

export default defineRule({
  meta: {
    id: 'pod-security-admission',
    fault: 'F4',
    severity: 'error',
    title: 'Pod template violates the Pod Security level its namespace enforces',
    why:
      'Pod Security Admission checks every pod against the level in the namespace label ' +
      '`pod-security.kubernetes.io/enforce`. For a Deployment, kubectl apply succeeds but the ReplicaSet never gets a pod: ' +
      'its events say `Error creating: pods "api-…" is forbidden: violates PodSecurity "restricted:latest": ' +
      'allowPrivilegeEscalation != false (container "api" must set securityContext.allowPrivilegeEscalation=false), …`. ' +
      'A `warn` label only prints `Warning: would violate PodSecurity …` on apply.',
    fix:
      'Meet the level in the pod template; for restricted:\nsecurityContext:            # pod\n  runAsNonRoot: true\n  seccompProfile: { type: RuntimeDefault }\n' +
      'containers:\n  - securityContext:\n      allowPrivilegeEscalation: false\n      capabilities: { drop: ["ALL"] }',
    verify: 'kubectl label --dry-run=server --overwrite ns <namespace> pod-security.kubernetes.io/enforce=restricted',
    needs: ['manifests'],
    tags: ['security', 'admission'],
  },
  check({ ws, report }) {
    const policies = namespacePolicies(ws.manifests.objects);
    for (const t of ws.manifests.podTemplates) {
      const ns = t.object.namespace;
      if (ns === undefined) continue;
      const pol = policies.get(ns) ?? [];
      const enforce = pol.find((p) => p.mode === 'enforce');
      const enforced = enforce ? evaluatePodSecurity(t, enforce.level) : [];
      if (enforce && enforced.length > 0) {
        const text = `violates PodSecurity "${enforce.level}:${enforce.version}": ${formatViolations(enforced)}`;
        report({
          message: rejection(t, text),
          at: objectSubject(t.object, enforced[0]!.path),
          evidence: [...enforced.map((v): Evidence => ({ ...objectSubject(t.object, v.path), message: `${v.reason}: ${v.detail}` })), labelEvidence(enforce)],
        });
        continue;
      }
      const warn = pol.find((p) => p.mode === 'warn');
      const warned = warn ? evaluatePodSecurity(t, warn.level) : [];
      if (!warn || warned.length === 0) continue;
      report({
        message: `kubectl apply of ${t.object.kind} "${t.object.name}" prints "Warning: would violate PodSecurity "${warn.level}:${warn.version}": ${formatViolations(warned)}"`,
        at: objectSubject(t.object, warned[0]!.path),
        evidence: [...warned.map((v): Evidence => ({ ...objectSubject(t.object, v.path), message: `${v.reason}: ${v.detail}` })), labelEvidence(warn)],
        severity: 'info',
      });
    }
  },
});

/** What the user sees: a bare Pod is refused at apply, a controller's pods are refused when it creates them. */
function rejection(t: PodTemplate, text: string): string {
  const { kind, name } = t.object;
  if (kind === 'Pod') return `kubectl apply fails: pods "${name}" is forbidden: ${text}`;
  return `${kind} "${name}" never gets a pod: its controller reports "Error creating: pods "${name}-…" is forbidden: ${text}"`;
}

function labelEvidence(p: NamespacePolicy): Evidence {
  return { ...objectSubject(p.ns, ['metadata', 'labels', `${PREFIX}${p.mode}`]), message: `namespace "${p.ns.name}" ${p.mode}s ${p.level}` };
}

function namespacePolicies(objects: readonly KubeObject[]): Map<string, NamespacePolicy[]> {
  const out = new Map<string, NamespacePolicy[]>();
  for (const ns of objects) {
    if (ns.kind !== 'Namespace' || ns.apiVersion !== 'v1') continue;
    const list: NamespacePolicy[] = [];
    for (const mode of ['enforce', 'warn'] as const) {
      const level = ns.labels[`${PREFIX}${mode}`];
      if (level !== 'baseline' && level !== 'restricted') continue;
      list.push({ ns, mode, level, version: ns.labels[`${PREFIX}${mode}-version`] || 'latest' });
    }
    if (list.length > 0) out.set(ns.name, list);
  }
  return out;
}
