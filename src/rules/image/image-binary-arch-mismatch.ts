import { defineRule } from '../../core/rule.js';
import { formatPlatformName, overridesEntrypoint } from '../../model/image-index.js';
import { fileWhere, imageName, imageTargets, targetPlatforms } from '../../model/image-targets.js';

export default defineRule({
  meta: {
    id: 'image-binary-arch-mismatch',
    fault: 'A4',
    severity: 'error',
    title: 'The entrypoint binary is built for another architecture than the image says',
    why:
      'The image config (and the index entry) says one architecture, so nodes of that architecture pull it; the ' +
      'ELF inside was compiled for another (GOARCH fixed in the Dockerfile, or a binary copied in from the host). ' +
      'The container fails at once with "exec format error".',
    fix: 'Cross-compile for the target platform: in the build stage use GOOS=$TARGETOS GOARCH=$TARGETARCH (docker buildx sets them per platform), FROM --platform=$BUILDPLATFORM golang:… for the builder.',
    verify: 'docker run --rm --platform <os/arch> <image>   # must not print "exec format error"',
    needs: ['image'],
    tags: ['image', 'platform'],
  },
  check({ ws, report }) {
    for (const t of imageTargets(ws)) {
      if (t.inspection.error || (t.container && overridesEntrypoint(t.container))) continue;
      for (const p of targetPlatforms(t)) {
        const ep = p.facts.entrypoint;
        const elfArch = ep?.elf?.goarch;
        const configArch = p.facts.config.architecture ?? p.platform.architecture;
        if (!ep?.file.file || !elfArch || elfArch === configArch) continue;
        const evidence = [
          { message: `${imageName(t.inspection, p)}: ${ep.file.path} (${fileWhere(ep.file.file, p.facts.layers.length)}) is an ELF for ${elfArch} (e_machine ${ep.elf!.machine})` },
          { message: `image config architecture: ${configArch}${t.inspection.multiPlatform ? ` (index entry ${formatPlatformName(p.platform)})` : ''}` },
        ];
        if (ep.goBuildInfo?.goarch) evidence.push({ message: `Go build info: GOARCH=${ep.goBuildInfo.goarch}` });
        report({
          message: `${t.label}: ${ep.file.path} in ${t.inspection.reference} is built for ${elfArch}, the image for ${configArch}: it fails with "exec format error" on ${configArch} nodes`,
          at: t.subject,
          evidence,
        });
      }
    }
  },
});
