import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { storeState } from '../../triage/config-errors.js';
import { eventEvidence, objectName, podsLabel, templateSpecPath, waitingEvidence } from '../../triage/describe.js';
import { mountProblems } from '../../triage/mount-failures.js';

export default defineRule({
  meta: {
    id: 'volume-mount-failed',
    fault: 'C3',
    severity: 'error',
    title: 'A volume of the pod cannot be set up, so no container starts',
    why:
      'The kubelet mounts every volume before it creates any container; while one fails the pod sits in ' +
      'ContainerCreating with Warning FailedMount events: "MountVolume.SetUp failed for volume "config" : ' +
      'configmap "app-config" not found", then "Unable to attach or mount volumes: unmounted volumes=[config] …: ' +
      'timed out waiting for the condition".',
    fix: 'Create the ConfigMap/Secret the volume names in the pod\'s namespace, fix the name in <owner>, or mark the volume source optional: true.',
    verify: 'kubectl get events -n <namespace> --field-selector reason=FailedMount,involvedObject.name=<pod>',
    needs: ['cluster'],
    tags: ['live', 'config', 'volumes'],
  },
  check({ ws, report }) {
    if (!ws.cluster) return;
    for (const p of mountProblems(ws.cluster)) {
      const first = p.pods[0]!;
      const ns = first.pod.namespace ?? 'default';
      const { volume, missing, error } = p.data;
      const evidence: Evidence[] = [waitingEvidence(first), eventEvidence(p.data.setup, first.pod)];
      if (p.data.summary) evidence.push(eventEvidence(p.data.summary, first.pod));
      let cause = `volume "${volume}" cannot be set up: ${error}`;
      if (missing) {
        const state = storeState(ws.cluster, missing.store, ns, missing.name);
        evidence.push({ message: state.text, ...(state.obj ? { object: state.obj.ref } : {}) });
        cause = state.obj
          ? `volume "${volume}" needs ${missing.store} ${ns}/${missing.name}, which was missing when the kubelet tried (it is in the snapshot now)`
          : `volume "${volume}" needs ${missing.store} ${ns}/${missing.name}, which ${state.surelyAbsent ? 'does not exist' : 'the kubelet could not find'}`;
      }
      evidence.push({ message: `root cause: ${cause}` });
      report({
        message: `${podsLabel(p.owner, p.pods.length, p.total)}: ContainerCreating — ${cause}`,
        at: { object: p.owner.ref, fieldPath: `${templateSpecPath(p.owner.kind)}.volumes[${p.data.volumeIndex}]` },
        evidence,
        fix: missing
          ? `Create ${missing.store} ${ns}/${missing.name}, fix the name in volume "${volume}" of ${objectName(p.owner)}, or set optional: true on it.`
          : `Fix volume "${volume}" of ${objectName(p.owner)} so the kubelet can set it up (${error}).`,
        verify: `kubectl get events -n ${ns} --field-selector reason=FailedMount,involvedObject.name=${first.pod.name}`,
      });
    }
  },
});
