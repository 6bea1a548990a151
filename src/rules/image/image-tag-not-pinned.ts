import { defineRule } from '../../core/rule.js';
import { normalizeImageRef } from '../../load/image-ref.js';
import { imageTargets } from '../../model/image-targets.js';

/** Tags that are moved by design: latest, branches, channels, and major or major.minor lines. */
const MOVING = /^(latest|main|master|dev|develop|edge|stable|nightly|canary|v?\d+|v?\d+\.\d+)$/;

export default defineRule({
  meta: {
    id: 'image-tag-not-pinned',
    fault: 'B7',
    severity: 'info',
    title: 'A moving tag resolved to a digest: pin it',
    why:
      'latest, branch tags and major/minor tags (1, 1.4) are re-pushed by design, so what a new pod pulls depends ' +
      'on when its node pulls. The registry says what the tag means now; deploying that digest makes every pod ' +
      'run the same build and makes rollbacks exact.',
    fix: 'Deploy the digest shown: image: repo:tag@sha256:… (tools like kustomize edit set image or crane digest help).',
    verify: 'crane digest <image>',
    needs: ['image'],
    tags: ['image', 'delivery'],
  },
  check({ ws, report }) {
    for (const t of imageTargets(ws)) {
      const { reference, digest, error } = t.inspection;
      if (error || !digest) continue;
      let n;
      try {
        n = normalizeImageRef(reference);
      } catch {
        continue;
      }
      if (n.digest || !n.tag || !MOVING.test(n.tag)) continue;
      report({
        message: `${t.label}: the moving tag ${reference} resolves to ${digest} now; pin it: ${reference}@${digest}`,
        at: t.subject,
      });
    }
  },
});
