import { defineRule } from '../../core/rule.js';
import { effectiveField } from '../../model/security-context.js';
import { objectSubject } from '../../model/subjects.js';

export default defineRule({
  meta: {
    id: 'run-as-user-zero',
    fault: 'C3',
    severity: 'warning',
    title: 'Container explicitly runs as root (runAsUser: 0)',
    why:
      'runAsUser: 0 overrides a non-root USER in the image. A Go service needs no root: a container escape or a path ' +
      'traversal bug then owns the node\'s files mounted into the pod, and namespaces that enforce the restricted ' +
      'Pod Security level reject the pod ("runAsUser=0 (container \\"api\\" must not set runAsUser=0)").',
    fix: 'Drop runAsUser: 0 and run as a non-root UID (distroless nonroot is 65532):\nsecurityContext:\n  runAsNonRoot: true\n  runAsUser: 65532',
    verify: 'kubectl exec <pod> -- id -u  # or check the process owner on the node when the image has no shell',
    needs: ['manifests'],
    tags: ['security'],
  },
  check({ ws, report }) {
    for (const t of ws.manifests.podTemplates) {
      for (const c of [...t.initContainers, ...t.containers]) {
        const user = effectiveField(c, 'runAsUser');
        // With runAsNonRoot: true the kubelet refuses to start it: run-as-non-root-with-root-uid reports that.
        if (user?.value !== 0 || effectiveField(c, 'runAsNonRoot')?.value === true) continue;
        report({ message: `container "${c.name}" runs as root (runAsUser: 0)`, at: { ...objectSubject(t.object, user.path), container: c.name } });
      }
    }
  },
});
