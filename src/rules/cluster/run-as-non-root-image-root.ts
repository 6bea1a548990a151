import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { asObject } from '../../model/cluster.js';
import { configProblems } from '../../triage/config-errors.js';
import { containerField } from '../../triage/containers.js';
import { eventEvidence, objectName, ownerSubject, podsLabel, waitingEvidence } from '../../triage/describe.js';
import { containerSpec } from '../../triage/pod-spec.js';

export default defineRule({
  meta: {
    id: 'run-as-non-root-image-root',
    fault: 'C3',
    severity: 'error',
    title: 'runAsNonRoot is set but the image runs as root or as a user name',
    why:
      'With runAsNonRoot: true the kubelet checks the UID the container will run as before creating it. An ' +
      'image without USER (or USER root) fails with "container has runAsNonRoot and image will run as root"; ' +
      'USER nonroot or USER app (a name, not a number) fails with "image has non-numeric user (nonroot), cannot ' +
      'verify user is non-root"; runAsUser: 0 with "container\'s runAsUser breaks non-root policy". The pod stays ' +
      'in CreateContainerConfigError.',
    fix: 'Set a numeric non-root user: securityContext.runAsUser: 65532 in <owner>, or USER 65532:65532 in the Dockerfile.',
    verify: 'docker inspect --format "{{.Config.User}}" <image>   # must be a non-zero number',
    needs: ['cluster'],
    tags: ['live', 'security'],
  },
  check({ ws, report }) {
    if (!ws.cluster) return;
    for (const p of configProblems(ws.cluster)) {
      const f = p.data.failure;
      if (f.kind !== 'non-root') continue;
      const first = p.pods[0]!;
      const evidence: Evidence[] = [waitingEvidence(first)];
      if (p.data.event) evidence.push(eventEvidence(p.data.event, first.pod));
      const own = asObject(containerSpec(first)?.securityContext)?.runAsNonRoot === true;
      evidence.push({
        message: `runAsNonRoot: true is set on the ${own ? 'container' : 'pod'}`,
        object: first.pod.ref,
        fieldPath: own ? containerField(first, '.securityContext.runAsNonRoot') : 'spec.securityContext.runAsNonRoot',
      });
      const cause =
        f.variant === 'non-numeric'
          ? `the image's USER is "${f.user}", a name the kubelet cannot verify as non-root`
          : f.variant === 'uid-zero'
            ? 'runAsUser: 0 contradicts runAsNonRoot'
            : 'the image runs as root (no USER, or USER root/0) and nothing overrides it with a non-root runAsUser';
      evidence.push({ message: `root cause: ${cause}` });
      report({
        message: `${podsLabel(p.owner, p.pods.length, p.total)}: CreateContainerConfigError — ${cause}`,
        at: ownerSubject(p.owner, first, '.securityContext.runAsUser'),
        evidence,
        fix:
          f.variant === 'non-numeric'
            ? `Use the numeric id of "${f.user}" (USER 65532:65532 for distroless nonroot) in the Dockerfile, or set securityContext.runAsUser to it in ${objectName(p.owner)}.`
            : `Set securityContext.runAsUser to a non-zero UID (e.g. 65532) in ${objectName(p.owner)}, or USER 65532:65532 in the Dockerfile.`,
        verify: `docker inspect --format "{{.Config.User}}" ${first.image ?? 'IMAGE'}   # must be a non-zero number`,
      });
    }
  },
});
