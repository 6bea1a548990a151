import { defineRule } from '../../core/rule.js';
import { createdUid, imageUser, numericUid } from '../../model/image-user.js';

/** Conventional uids of well-known non-root accounts in runtime bases. */
const KNOWN_UIDS: Record<string, number> = { nonroot: 65532, nobody: 65534 };

export default defineRule({
  meta: {
    id: 'user-not-numeric',
    fault: 'A6',
    severity: 'warning',
    title: 'The image runs as a user name, not a numeric uid',
    why:
      'The kubelet checks `runAsNonRoot: true` against the image user before starting the container, and it can ' +
      'only check a number: with a name it refuses to start the pod (CreateContainerConfigError): "container has ' +
      'runAsNonRoot and image has non-numeric user (app), cannot verify user is non-root" ' +
      '(kubernetes pkg/kubelet/kuberuntime/security_context_others.go, verifyRunAsNonRoot). Pod Security ' +
      '"restricted" requires runAsNonRoot, so this bites as soon as a namespace enforces it.',
    fix: 'Use the numeric uid (and gid) in the final stage, e.g. `USER 65532:65532` for distroless `nonroot`, or set `runAsUser` in the pod securityContext.',
    verify: "docker inspect --format '{{.Config.User}}' <image>  # should print a number",
    needs: ['dockerfile'],
    tags: ['security', 'kubernetes'],
  },
  check({ ws, report }) {
    for (const df of ws.dockerfiles) {
      const user = imageUser(df);
      if (!user || user.unresolved || user.user === '' || numericUid(user.user) !== undefined) continue;
      // `USER root` is a different problem (runs-as-root); it fails runAsNonRoot by name too, but for the right reason.
      if (user.user === 'root') continue;
      const uid = createdUid(df, user.user) ?? KNOWN_UIDS[user.user];
      // The kubelet checks only the uid; the group part may stay a name.
      const group = user.value.includes(':') ? user.value.slice(user.value.indexOf(':')) : '';
      report({
        message: `final image runs as user name "${user.user}": with runAsNonRoot the kubelet cannot verify it and will not start the container`,
        at: { span: user.instruction.span },
        fix:
          uid !== undefined
            ? `USER ${uid}${group}   # "${user.user}" — or set securityContext.runAsUser: ${uid} in the pod spec`
            : `Create the user with a fixed uid (e.g. \`adduser -D -u 10001 ${user.user}\`) and write \`USER 10001\`, or set securityContext.runAsUser.`,
      });
    }
  },
});
