import { defineRule } from '../../core/rule.js';
import { describeBaseImage } from '../../model/base-images.js';
import { lastShipped, shippedInstructions } from '../../model/shipped-stages.js';
import { finalStage, rootFrom } from '../../model/stages.js';

const SHELL_BINARY = /(^|\/)(sh|bash|busybox|ash|dash)\b/;

export default defineRule({
  meta: {
    id: 'shell-form-without-shell',
    fault: 'A6',
    severity: 'error',
    title: 'Shell-form CMD/ENTRYPOINT in an image without /bin/sh',
    why:
      'Shell form (`CMD ./app --port 8080`) is stored as `/bin/sh -c "./app --port 8080"`. scratch, distroless and ' +
      'Chainguard runtime images have no /bin/sh, so the container never starts: `exec: "/bin/sh": stat /bin/sh: ' +
      'no such file or directory` (StartError, exit 128, CrashLoopBackOff).',
    fix: 'Use exec (JSON) form with an absolute path: ENTRYPOINT ["/app", "--port", "8080"]',
    verify: "docker inspect --format '{{json .Config.Entrypoint}} {{json .Config.Cmd}}' <image>  # no \"/bin/sh\",\"-c\"",
    needs: ['dockerfile'],
    tags: ['runtime', 'startup'],
  },
  check({ ws, report }) {
    for (const df of ws.dockerfiles) {
      const stage = finalStage(df);
      if (!stage) continue;
      const from = rootFrom(df, stage);
      const base = from.unresolved ? undefined : describeBaseImage(from.image);
      if (!base || base.shell !== undefined) continue;
      const shipped = shippedInstructions(df);
      // A SHELL instruction or a copied-in shell/busybox means someone thought about it; don't guess.
      if (shipped.some((i) => i.keyword === 'SHELL' || ((i.keyword === 'COPY' || i.keyword === 'ADD') && SHELL_BINARY.test(i.expanded)))) continue;
      const entrypoint = lastShipped(df, 'ENTRYPOINT');
      // With an ENTRYPOINT, a shell-form CMD only becomes its arguments; the exec is the ENTRYPOINT's.
      const target = entrypoint ?? lastShipped(df, 'CMD');
      if (!target || target.json || target.args.trim() === '') continue;
      report({
        message: `${target.keyword} ${target.args.trim()} is shell form, which runs /bin/sh -c, and ${from.image.raw} has no /bin/sh: the container cannot start`,
        at: { span: target.span },
        evidence: [{ message: `runtime base ${base.label}`, span: from.imageSpan }],
        fix: `${target.keyword} ${JSON.stringify(target.args.trim().split(/\s+/))}`,
      });
    }
  },
});
