import { defineRule } from '../../core/rule.js';
import { isScratch } from '../../model/stages.js';

export default defineRule({
  meta: {
    id: 'base-image-latest',
    fault: 'A6',
    severity: 'warning',
    title: 'Base image is :latest or has no tag',
    why:
      'An untagged FROM means :latest, which moves under you: the same Dockerfile builds a different image next ' +
      'week (new libc, new user, removed packages), and a broken build or runtime cannot be reproduced.',
    fix: 'Pin a version tag (e.g. alpine:3.20), or better a digest (alpine:3.20@sha256:…).',
    verify: 'docker buildx imagetools inspect <image>:<tag>',
    needs: ['dockerfile'],
    tags: ['image', 'reproducibility'],
  },
  check({ ws, report }) {
    for (const df of ws.dockerfiles) {
      for (const stage of df.stages) {
        const { from } = stage;
        if (from.parentStage !== undefined || from.unresolved || isScratch(from.image) || from.image.digest) continue;
        if (from.image.tag !== undefined && from.image.tag !== 'latest') continue;
        report({
          message:
            from.image.tag === 'latest'
              ? `base image ${from.image.raw} uses the mutable :latest tag`
              : `base image ${from.image.raw} has no tag, so it means :latest`,
          at: { span: from.imageSpan },
        });
      }
    }
  },
});
