import { defineRule } from '../../core/rule.js';
import { describeBaseImage } from '../../model/base-images.js';
import { numericUid, imageUser } from '../../model/image-user.js';
import { finalStage, rootFrom } from '../../model/stages.js';

export default defineRule({
  meta: {
    id: 'runs-as-root',
    fault: 'A6',
    severity: 'warning',
    title: 'The shipped image runs as root',
    why:
      'A container running as uid 0 turns any remote-code bug into root in the container (and a step from the ' +
      'node). Clusters that enforce Pod Security "restricted" or set `runAsNonRoot: true` refuse to start it: ' +
      'CreateContainerConfigError "container has runAsNonRoot and image will run as root".',
    fix:
      'Switch to a non-root numeric user in the final stage, e.g. `USER 65532:65532`, or use a base that already ' +
      'does (gcr.io/distroless/static-debian12:nonroot, cgr.dev/chainguard/static).',
    verify: "docker inspect --format '{{.Config.User}}' <image>  # empty, root or 0 means root",
    needs: ['dockerfile'],
    tags: ['security', 'kubernetes'],
  },
  check({ ws, report }) {
    for (const df of ws.dockerfiles) {
      const stage = finalStage(df);
      if (!stage) continue;
      const user = imageUser(df);
      if (user) {
        if (user.unresolved || (user.user !== 'root' && numericUid(user.user) !== 0)) continue;
        report({
          message: `final image switches to USER ${user.value}: it runs as root, and runAsNonRoot pods will not start`,
          at: { span: user.instruction.span },
        });
        continue;
      }
      const from = rootFrom(df, stage);
      if (from.unresolved) continue;
      // Unknown bases stay quiet: plenty of corporate bases set a USER we cannot see.
      const base = describeBaseImage(from.image);
      if (!base || base.nonRootUser) continue;
      report({
        message: `final stage sets no USER and ${from.image.raw} runs as root: runAsNonRoot pods will not start`,
        at: { span: stage.from.imageSpan },
        evidence: from === stage.from ? [] : [{ message: `base image ${from.image.raw}`, span: from.imageSpan }],
      });
    }
  },
});
