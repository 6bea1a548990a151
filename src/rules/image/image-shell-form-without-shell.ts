import { defineRule } from '../../core/rule.js';
import { overridesEntrypoint } from '../../model/image-index.js';
import { dockerfileEvidence, imageName, imageTargets, pathState, targetPlatforms } from '../../model/image-targets.js';

export default defineRule({
  meta: {
    id: 'image-shell-form-without-shell',
    fault: 'A6',
    severity: 'error',
    title: 'Shell-form ENTRYPOINT/CMD in an image without /bin/sh',
    why:
      'ENTRYPOINT app --flag (shell form) is stored as ["/bin/sh", "-c", "app --flag"]. scratch and distroless ' +
      'images have no shell, so the container fails with "exec: \\"/bin/sh\\": stat /bin/sh: no such file or directory".',
    fix: 'Use the exec form: ENTRYPOINT ["/app", "--flag"] (or set command: in the pod spec).',
    verify: 'docker inspect --format "{{json .Config.Entrypoint}} {{json .Config.Cmd}}" <image>   # no /bin/sh -c',
    needs: ['image'],
    tags: ['image', 'dockerfile'],
  },
  check({ ws, report }) {
    for (const t of imageTargets(ws)) {
      if (t.inspection.error || (t.container && overridesEntrypoint(t.container))) continue;
      for (const p of targetPlatforms(t)) {
        const ep = p.facts.entrypoint;
        const shell = ep?.shell;
        if (!ep?.shellForm || !shell || shell.state !== 'absent') continue;
        const df = [...dockerfileEvidence(ws, t, 'ENTRYPOINT', (a) => `ENTRYPOINT ${a}`), ...dockerfileEvidence(ws, t, 'CMD', (a) => `CMD ${a}`)];
        report({
          message:
            `${t.label}: ${t.inspection.reference} runs ${JSON.stringify(ep.argv)} (shell form) but has no ${ep.shellForm.shell}: ` +
            `the container fails with "exec: \\"${ep.shellForm.shell}\\": stat ${ep.shellForm.shell}: no such file or directory"` +
            (df.length > 0 ? ' — the pushed image confirms what the Dockerfile suggests' : ''),
          at: t.subject,
          evidence: [{ message: `${imageName(t.inspection, p)}: ${pathState(shell)}` }, ...df],
        });
      }
    }
  },
});
