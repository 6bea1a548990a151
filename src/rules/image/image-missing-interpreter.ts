import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { overridesEntrypoint } from '../../model/image-index.js';
import { fileWhere, imageName, imageTargets, pathState, runtimeFromEvidence, targetPlatforms } from '../../model/image-targets.js';

/** The C library a loader path belongs to, as the error message should name it. */
function libcOf(interpreter: string): string {
  if (/ld-musl-/.test(interpreter)) return 'musl (an alpine-based runtime image)';
  if (/ld-linux|ld64\.so|ld\.so/.test(interpreter)) return 'glibc (a debian/ubuntu or distroless/base runtime image)';
  return 'the C library that provides it';
}

export default defineRule({
  meta: {
    id: 'image-missing-interpreter',
    fault: 'A3',
    severity: 'error',
    title: 'The image\'s entrypoint is a dynamic binary whose loader is not in the image',
    why:
      'A cgo build links against the builder\'s C library and records its loader (PT_INTERP, e.g. ' +
      '/lib64/ld-linux-x86-64.so.2) in the ELF header. When the runtime image (scratch, distroless/static, alpine ' +
      'for a glibc binary) lacks that file, the kernel cannot start the program: the container exits 127 with ' +
      '"exec /app: no such file or directory" although /app exists.',
    fix: 'Build with CGO_ENABLED=0 (pure Go net and os/user need no libc), or ship a runtime image with the same C library as the builder (distroless/base-debian12 for glibc).',
    verify: 'docker run --rm --entrypoint "" <image> ls -l <interpreter>   # or: readelf -l <binary> | grep interpreter',
    needs: ['image'],
    tags: ['image', 'cgo'],
  },
  check({ ws, report }) {
    for (const t of imageTargets(ws)) {
      if (t.inspection.error || (t.container && overridesEntrypoint(t.container))) continue;
      for (const p of targetPlatforms(t)) {
        const ep = p.facts.entrypoint;
        const interp = ep?.elf?.interpreter;
        if (!ep || !interp || ep.elf?.linkage !== 'dynamic' || ep.interpreter?.state !== 'absent' || !ep.file.file) continue;
        const needed = ep.elf.needed && ep.elf.needed.length > 0 ? ` and needs ${ep.elf.needed.join(', ')}` : '';
        const evidence: Evidence[] = [
          { message: `${imageName(t.inspection, p)}: ${ep.file.path} (${fileWhere(ep.file.file, p.facts.layers.length)}) is a dynamically linked ELF: PT_INTERP ${interp}${needed}` },
          { message: `looked up in the image: ${pathState(ep.interpreter)}` },
        ];
        if (ep.goBuildInfo?.cgoEnabled) evidence.push({ message: `Go build info: CGO_ENABLED=1 (${ep.goBuildInfo.goVersion ?? 'go'})` });
        const df = runtimeFromEvidence(ws, t);
        report({
          message:
            `${t.label}: ${ep.file.path} in ${t.inspection.reference} wants the loader ${interp}, which the image does not have: ` +
            `exec fails with "no such file or directory"; the binary expects ${libcOf(interp)}` +
            (df.length > 0 ? ' — the pushed image confirms what the Dockerfile suggests' : ''),
          at: t.subject,
          evidence: [...evidence, ...df],
        });
      }
    }
  },
});
