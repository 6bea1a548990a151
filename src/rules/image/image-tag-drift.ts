import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { normalizeImageRef } from '../../load/image-ref.js';
import { imageTargets, type ImageTarget } from '../../model/image-targets.js';

/** `host/repo:tag` of a reference, undefined for a digest-only one. */
function tagKey(reference: string): { key: string; pinned?: string } | undefined {
  try {
    const n = normalizeImageRef(reference);
    return n.tag ? { key: `${n.domain}/${n.repository}:${n.tag}`, ...(n.digest ? { pinned: n.digest } : {}) } : undefined;
  } catch {
    return undefined;
  }
}

export default defineRule({
  meta: {
    id: 'image-tag-drift',
    fault: 'B7',
    severity: 'warning',
    title: 'A tag points at another image than the digest pinned for it',
    why:
      'A tag is a movable pointer. When one manifest pins repo:1.4@sha256:A and another deploys repo:1.4 (or the ' +
      'pin was taken before the tag was pushed again), the cluster runs two different builds under one name: a ' +
      'rollback or a new node may silently change what runs.',
    fix: 'Deploy the same image everywhere by digest (repo:1.4@sha256:…) and never re-push a release tag.',
    verify: 'crane digest <repo:tag>   # compare with the @sha256 in the manifests',
    needs: ['image'],
    tags: ['image', 'delivery'],
  },
  check({ ws, report }) {
    const byTag = new Map<string, { t: ImageTarget; digest: string; pinned: boolean }[]>();
    for (const t of imageTargets(ws)) {
      const k = tagKey(t.inspection.reference);
      if (!k || t.inspection.error) continue;
      const { tagDigest, digest } = t.inspection;
      if (k.pinned && tagDigest && tagDigest !== k.pinned) {
        report({
          message: `${t.label}: ${t.inspection.reference} pins ${k.pinned.slice(0, 19)}…, but the tag now points at ${tagDigest}: the tag was pushed again since it was pinned`,
          at: t.subject,
          evidence: [{ message: `registry: ${k.key} → ${tagDigest}` }],
        });
      }
      const current = k.pinned ?? digest;
      if (current) byTag.set(k.key, [...(byTag.get(k.key) ?? []), { t, digest: current, pinned: k.pinned !== undefined }]);
    }
    for (const [key, uses] of byTag) {
      const pins = uses.filter((u) => u.pinned);
      for (const u of uses) {
        if (u.pinned) continue;
        const other = pins.find((p) => p.digest !== u.digest);
        if (!other) continue;
        const evidence: Evidence[] = [{ ...other.t.subject, message: `pinned here: ${other.t.inspection.reference}` }];
        report({
          message: `${u.t.label}: ${u.t.inspection.reference} resolves to ${u.digest}, but ${key} is pinned to ${other.digest.slice(0, 19)}… elsewhere: two different images run under one tag`,
          at: u.t.subject,
          evidence,
        });
      }
    }
  },
});
