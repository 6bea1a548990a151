import { defineRule } from '../../core/rule.js';
import { finalStage, isScratch, rootFrom } from '../../model/stages.js';

export default defineRule({
  meta: {
    id: 'base-not-pinned-by-digest',
    fault: 'A7',
    severity: 'info',
    title: 'Runtime base image pinned by tag, not digest',
    why:
      'Tags are mutable: `alpine:3.20` or `distroless/static-debian12:nonroot` are rebuilt and re-pushed, so the same ' +
      'commit builds a different image next week and a rollback does not restore the old runtime. Only the ' +
      'runtime stage is checked: it is what ships; builder tags only affect the build.',
    fix: 'FROM gcr.io/distroless/static-debian12:nonroot@sha256:<digest>   (keep the tag for readability; let Renovate/Dependabot bump the digest)',
    verify: 'docker buildx imagetools inspect <image>:<tag> --format "{{.Manifest.Digest}}"',
    needs: ['dockerfile'],
    tags: ['reproducibility', 'image'],
  },
  check({ ws, report }) {
    for (const df of ws.dockerfiles) {
      const stage = finalStage(df);
      if (!stage) continue;
      const from = rootFrom(df, stage);
      const { image } = from;
      // No tag or :latest is base-image-latest's finding; don't stack two on one token.
      if (from.unresolved || isScratch(image) || image.digest || image.tag === undefined || image.tag === 'latest') continue;
      report({
        message: `runtime base ${image.raw} is pinned by tag only; the image behind the tag can change`,
        at: { span: from.imageSpan },
        verify: `docker buildx imagetools inspect ${image.raw} --format "{{.Manifest.Digest}}"`,
      });
    }
  },
});
