import { defineRule } from '../../core/rule.js';
import { dockerfileEvidence, imageName, imageTargets, targetPlatforms } from '../../model/image-targets.js';
import { effectiveField } from '../../model/security-context.js';
import { objectSubject } from '../../model/subjects.js';

export default defineRule({
  meta: {
    id: 'image-user-fails-run-as-non-root',
    fault: 'C3',
    severity: 'error',
    title: 'runAsNonRoot: true, no runAsUser, and the image user is root or a name',
    why:
      'Without runAsUser the kubelet checks the image\'s USER before creating the container (verifyRunAsNonRoot). ' +
      'No USER, USER root as uid 0, or USER 0 fails with "container has runAsNonRoot and image will run as root"; a ' +
      'user name (USER nonroot) fails with "container has runAsNonRoot and image has non-numeric user (nonroot), ' +
      'cannot verify user is non-root". The pod stays in CreateContainerConfigError.',
    fix: 'Set a numeric non-root user: securityContext.runAsUser: 65532 on the container, or USER 65532:65532 in the Dockerfile.',
    verify: 'docker inspect --format "{{.Config.User}}" <image>   # must be a non-zero number',
    needs: ['image', 'manifests'],
    tags: ['image', 'security'],
  },
  check({ ws, report }) {
    for (const t of imageTargets(ws)) {
      const c = t.container;
      if (t.inspection.error || !c) continue;
      const nonRoot = effectiveField(c, 'runAsNonRoot');
      if (nonRoot?.value !== true || effectiveField(c, 'runAsUser') !== undefined) continue;
      for (const p of targetPlatforms(t).slice(0, 1)) {
        const u = p.facts.user;
        const uid = u.numeric ? u.uid : u.source === 'default' ? 0 : undefined;
        let refusal: string;
        if (uid === 0) refusal = 'container has runAsNonRoot and image will run as root';
        else if (uid === undefined && u.user !== '') refusal = `container has runAsNonRoot and image has non-numeric user (${u.user}), cannot verify user is non-root`;
        else continue;
        const userText = u.source === 'default' ? 'no User (root)' : `User "${u.raw}"${u.source === 'passwd' && u.uid !== undefined ? ` (uid ${u.uid} in /etc/passwd, but the kubelet does not read it)` : ''}`;
        report({
          message: `${t.label}: the kubelet refuses to start it: "${refusal}" (CreateContainerConfigError) — ${t.inspection.reference} has ${userText} and nothing sets runAsUser`,
          at: t.subject,
          evidence: [
            { ...objectSubject(c.template.object, nonRoot.path), container: c.name, message: 'runAsNonRoot: true, no runAsUser' },
            { message: `${imageName(t.inspection, p)}: config User ${JSON.stringify(u.raw)}` },
            ...dockerfileEvidence(ws, t, 'USER', (a) => `USER ${a}`),
          ],
          fix:
            uid === 0
              ? `Set securityContext.runAsUser to a non-zero UID (e.g. 65532) on container "${c.name}", or USER 65532:65532 in the Dockerfile.`
              : `Use the numeric id of "${u.user}" (${u.uid !== undefined ? `USER ${u.uid}` : 'USER 65532:65532 for distroless nonroot'}) in the Dockerfile, or set securityContext.runAsUser on container "${c.name}".`,
        });
      }
    }
  },
});
