import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { formatPlatformName } from '../../model/image-index.js';
import { imageTargets } from '../../model/image-targets.js';
import { objectSubject } from '../../model/subjects.js';

export default defineRule({
  meta: {
    id: 'image-missing-node-platform',
    fault: 'A4',
    severity: 'error',
    title: 'The image has no variant for the architecture its nodes run',
    why:
      'The kubelet pulls the index entry for its node\'s architecture. A single-platform image, or an index without ' +
      'that architecture, fails to pull ("no match for platform in manifest") or — when a single-platform image is ' +
      'pulled anyway — the binary dies with "exec format error".',
    fix: 'Build and push every architecture the nodes run: docker buildx build --platform linux/amd64,linux/arm64 --push …; or pin the pods to matching nodes with nodeSelector kubernetes.io/arch.',
    verify: 'docker buildx imagetools inspect <image>   # lists the platforms; kubectl get nodes -L kubernetes.io/arch',
    needs: ['image'],
    tags: ['image', 'platform'],
  },
  check({ ws, report }) {
    for (const t of imageTargets(ws)) {
      const { inspection, arches } = t;
      if (inspection.error || !arches || inspection.platforms.length === 0) continue;
      const offered = inspection.platforms.filter((p) => p.os === 'linux').map((p) => p.architecture);
      const missing = arches.architectures.filter((a) => !offered.includes(a));
      if (missing.length === 0) continue;
      const have = inspection.platforms.map(formatPlatformName).join(', ');
      const what = inspection.multiPlatform ? `an index of ${have}` : `a single-platform ${have} image`;
      const where = arches.source === 'nodes' ? 'the cluster has' : 'its pods are pinned to';
      const evidence: Evidence[] = [{ message: `${inspection.reference} (${inspection.digest ?? 'no digest'}) is ${what}` }];
      if (arches.source === 'nodes') evidence.push({ message: `Node architectures: ${arches.architectures.join(', ')}` });
      else if (t.container) evidence.push({ ...objectSubject(t.container.template.object, arches.source.path), message: `nodes restricted to ${arches.source.architectures.join(', ')}` });
      report({
        message: `${t.label}: ${inspection.reference} is ${what}, but ${where} ${missing.map((a) => `linux/${a}`).join(', ')} nodes: ${inspection.multiPlatform ? 'the pull fails with "no match for platform in manifest"' : 'the binary fails with "exec format error"'}`,
        at: t.subject,
        evidence,
      });
    }
  },
});
