import { posix } from 'node:path';
import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { describeBaseImage } from '../../model/base-images.js';
import { buildEvidence, containerBinary, resolveInContainer } from '../../model/container-go.js';
import { imageProvides, mountCovering, processCwd } from '../../model/go-container-files.js';
import { processContainers } from '../../model/go-runtime-env.js';
import { finalStage, rootFrom } from '../../model/stages.js';
import { containerSubject } from '../../model/subjects.js';

/** Paths the kernel, the kubelet or the container runtime provide in every container. */
const PROVIDED = /^\/(proc|sys|dev|tmp|run\/secrets\/kubernetes\.io|var\/run\/secrets\/kubernetes\.io)(\/|$)|^\/etc\/(hosts|hostname|resolv\.conf|mtab)$/;

export default defineRule({
  meta: {
    id: 'config-file-not-provided',
    fault: 'C2',
    severity: 'error',
    title: 'Go code must read a file that neither a volume nor the image provides',
    why:
      'The code opens a file at a fixed path (or relative to the working directory) and stops when that fails, but ' +
      'no volumeMount of the container covers the path and the runtime stage of the Dockerfile never copies it: ' +
      'multi-stage builds leave config files behind in the build stage, and mounts land on a neighbouring directory. ' +
      'The container exits at start with "open /etc/app/config.yaml: no such file or directory" (CrashLoopBackOff).',
    fix: 'Mount it (a ConfigMap volume whose mountPath is the file\'s directory) or COPY it into the runtime stage; or read the path from an env var the manifest sets.',
    verify: 'kubectl exec <pod> -- ls -l <path>  # or: kubectl logs <pod> --previous',
    needs: ['manifests', 'dockerfile', 'go'],
    tags: ['config', 'startup'],
  },
  check({ ws, report }) {
    for (const t of ws.manifests.podTemplates) {
      for (const c of processContainers(t)) {
        const b = containerBinary(ws, c);
        const final = b ? finalStage(b.df) : undefined;
        if (!b || !final) continue;
        // What an unknown base image contains is anyone's guess.
        const from = rootFrom(b.df, final);
        if (from.unresolved || !describeBaseImage(from.image)) continue;
        const cwd = processCwd(b.df, c);
        const seen = new Set<string>();
        for (const f of b.pkgs.flatMap((p) => p.config.files)) {
          if (!f.required) continue;
          const r = resolveInContainer(ws, c, b, f.path);
          if (r.value === undefined || r.value === '') continue;
          const path = posix.resolve(cwd, r.value);
          if (seen.has(path) || PROVIDED.test(path) || mountCovering(c, path) || imageProvides(b.df, path)) continue;
          seen.add(path);
          const relative = !r.value.startsWith('/');
          const evidence: Evidence[] = [
            ...r.evidence,
            ...(relative ? [{ message: `working directory ${cwd}`, span: final.from.instruction.span }] : []),
            { ...containerSubject(c, c.spec.volumeMounts ? ['volumeMounts'] : [], 'key'), message: `no volumeMount of container "${c.name}" covers ${path}` },
            buildEvidence(b),
          ];
          report({
            message: `container "${c.name}": ${f.call}(${JSON.stringify(r.value)}) must succeed (the program stops otherwise) but no volume mounts ${path} and ${b.df.file} does not copy it into the image: the container exits at start`,
            at: { span: f.span, container: c.name },
            evidence,
          });
        }
      }
    }
  },
});
