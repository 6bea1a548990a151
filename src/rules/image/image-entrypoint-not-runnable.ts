import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { overridesEntrypoint } from '../../model/image-index.js';
import { dockerfileEvidence, fileWhere, imageName, imageTargets, pathState, targetPlatforms } from '../../model/image-targets.js';

export default defineRule({
  meta: {
    id: 'image-entrypoint-not-runnable',
    fault: 'C1',
    severity: 'error',
    title: 'The image\'s entrypoint is missing or not executable',
    why:
      'The runtime looks the program up in the image when the container starts. A missing file fails with ' +
      '"exec: \\"/app\\": stat /app: no such file or directory" (StartError, exit 128); a file without an execute bit ' +
      'for the image user with "permission denied" — the pod goes straight to CrashLoopBackOff.',
    fix: 'Point ENTRYPOINT at the path the binary is copied to (COPY --from=build /out/app /app; ENTRYPOINT ["/app"]) and make it executable for the image user (COPY --chmod=0755, or RUN chmod 0755 before USER).',
    verify: 'docker run --rm --entrypoint "" <image> ls -l <entrypoint>',
    needs: ['image'],
    tags: ['image', 'startup'],
  },
  check({ ws, report }) {
    for (const t of imageTargets(ws)) {
      if (t.inspection.error || (t.container && overridesEntrypoint(t.container))) continue;
      for (const p of targetPlatforms(t)) {
        const ep = p.facts.entrypoint;
        if (!ep?.program || ep.shellForm) continue;
        const name = imageName(t.inspection, p);
        const user = p.facts.user;
        const who = user.source === 'default' ? 'root' : `user ${user.raw}${user.uid !== undefined ? ` (uid ${user.uid})` : ''}`;
        let problem: string;
        let detail: string;
        if (ep.file.state === 'absent') {
          problem = `the entrypoint ${ep.program} does not exist in the image: the container fails with "no such file or directory"`;
          detail = `looked up ${ep.candidates.join(', ')}: ${pathState(ep.file)}`;
        } else if (ep.file.file && ep.executable === false) {
          problem = `the entrypoint ${ep.file.path} has no execute bit: the container fails with "permission denied"`;
          detail = `${ep.file.path}: ${fileWhere(ep.file.file, p.facts.layers.length)}`;
        } else if (ep.file.file && ep.executableByUser === false) {
          problem = `the entrypoint ${ep.file.path} is not executable by ${who}: the container fails with "permission denied"`;
          detail = `${ep.file.path}: ${fileWhere(ep.file.file, p.facts.layers.length)}, gid ${ep.file.file.gid}`;
        } else continue;
        const evidence: Evidence[] = [
          { message: `${name}: Entrypoint+Cmd ${JSON.stringify(ep.argv)}` },
          { message: detail },
          ...dockerfileEvidence(ws, t, 'ENTRYPOINT', (a) => `ENTRYPOINT ${a}`),
        ];
        report({ message: `${t.label}: ${problem}`, at: t.subject, evidence });
      }
    }
  },
});
