import { defineRule } from '../../core/rule.js';
import { effectiveField } from '../../model/security-context.js';
import { objectSubject } from '../../model/subjects.js';

export default defineRule({
  meta: {
    id: 'run-as-non-root-with-root-uid',
    fault: 'C3',
    severity: 'error',
    title: 'runAsNonRoot: true together with runAsUser: 0',
    why:
      'The kubelet checks the effective security context before starting the container and refuses: the pod sits in ' +
      'CreateContainerConfigError with "Error: container\'s runAsUser breaks non-root policy (pod: "api-…_shop(…)", container: api)". ' +
      'Container-level fields override the pod-level ones, so the two settings may be far apart in the file.',
    fix: 'Run as the image\'s non-root user (distroless: 65532), e.g.\nsecurityContext:\n  runAsNonRoot: true\n  runAsUser: 65532',
    verify: 'kubectl get pod <pod> -o jsonpath="{.status.containerStatuses[*].state.waiting.message}"',
    needs: ['manifests'],
    tags: ['security'],
  },
  check({ ws, report }) {
    for (const t of ws.manifests.podTemplates) {
      for (const c of [...t.initContainers, ...t.containers]) {
        const nonRoot = effectiveField(c, 'runAsNonRoot');
        const user = effectiveField(c, 'runAsUser');
        if (nonRoot?.value !== true || user?.value !== 0) continue;
        report({
          message:
            `container "${c.name}" has runAsNonRoot: true and runAsUser: 0: the kubelet refuses to start it ` +
            `(CreateContainerConfigError: "container's runAsUser breaks non-root policy")`,
          at: { ...objectSubject(t.object, user.path), container: c.name },
          evidence: [{ ...objectSubject(t.object, nonRoot.path), message: 'runAsNonRoot: true' }],
        });
      }
    }
  },
});
