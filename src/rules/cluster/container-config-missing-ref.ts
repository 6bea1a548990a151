import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { configProblems, refField, storeState } from '../../triage/config-errors.js';
import { containerField } from '../../triage/containers.js';
import { eventEvidence, objectName, ownerSubject, podsLabel, waitingEvidence } from '../../triage/describe.js';

export default defineRule({
  meta: {
    id: 'container-config-missing-ref',
    fault: 'C3',
    severity: 'error',
    title: 'Container references a ConfigMap, Secret or key that does not exist',
    why:
      'The kubelet builds the environment from env[].valueFrom and envFrom before creating the container; a ' +
      'missing object or key stops it with CreateContainerConfigError: "configmap "app-config" not found", ' +
      '"secret "db" not found", "couldn\'t find key DB_URL in ConfigMap shop/app-config". The pod stays there ' +
      'until the reference resolves.',
    fix: 'Create the ConfigMap/Secret (with the key) in the pod\'s namespace, fix the name or key in <owner>, or mark the reference optional: true.',
    verify: 'kubectl get <kind> <name> -n <namespace> -o jsonpath="{.data}"',
    needs: ['cluster'],
    tags: ['live', 'config'],
  },
  check({ ws, report }) {
    if (!ws.cluster) return;
    for (const p of configProblems(ws.cluster)) {
      const f = p.data.failure;
      if (f.kind === 'non-root') continue;
      const first = p.pods[0]!;
      const ns = first.pod.namespace ?? 'default';
      const state = storeState(ws.cluster, f.store, ns, f.name);
      const key = f.kind === 'missing-key' ? f.key : undefined;
      const field = refField(first, f.store, f.name, key);
      const evidence: Evidence[] = [waitingEvidence(first)];
      if (p.data.event) evidence.push(eventEvidence(p.data.event, first.pod));
      if (field) evidence.push({ message: `referenced at ${field.slice(1)}`, object: first.pod.ref, fieldPath: containerField(first, field) });
      evidence.push({ message: state.text, ...(state.obj ? { object: state.obj.ref } : {}) });
      const what = `${f.store} ${ns}/${f.name}`;
      const cause =
        f.kind === 'missing-key'
          ? !state.obj
            ? `${what} has no key ${f.key} (the ${f.store} is not in the snapshot)`
            : state.keys.includes(f.key)
              ? `key ${f.key} was missing from ${what} when the kubelet tried (it is in the snapshot now)`
              : `${what} exists but has no key ${f.key}`
          : state.obj
            ? `${what} was missing when the kubelet tried (it is in the snapshot now)`
            : state.surelyAbsent
              ? `${what} does not exist`
              : `${what} was not found by the kubelet`;
      evidence.push({ message: `root cause: ${cause}` });
      report({
        message: `${podsLabel(p.owner, p.pods.length, p.total)}: CreateContainerConfigError — ${cause}`,
        at: ownerSubject(p.owner, first, field ?? ''),
        evidence,
        fix:
          f.kind === 'missing-key'
            ? `Add key ${f.key} to ${f.store} ${ns}/${f.name}, or fix the key name in ${objectName(p.owner)}.`
            : `Create ${f.store} ${ns}/${f.name}, fix the name in ${objectName(p.owner)}, or set optional: true on the reference.`,
        verify: `kubectl get ${f.store.toLowerCase()} ${f.name} -n ${ns} -o jsonpath="{.data}"${key ? ` | grep -c '"${key}"'` : ''}`,
      });
    }
  },
});
