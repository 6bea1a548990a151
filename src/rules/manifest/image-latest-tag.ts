import { defineRule } from '../../core/rule.js';
import { parseImageRef } from '../../load/image-ref.js';
import { containerSubject } from '../../model/subjects.js';

export default defineRule({
  meta: {
    id: 'image-latest-tag',
    fault: 'B7',
    severity: 'warning',
    title: 'Container image is :latest or untagged',
    why:
      'With :latest (or no tag) nodes run whatever they pulled first: with imagePullPolicy IfNotPresent old pods keep ' +
      'a stale image, new pods on other nodes get a newer one, and a rollback has nothing to roll back to.',
    fix: 'Deploy an immutable tag (the release version or commit SHA), ideally pinned by digest: image: repo/app:1.4.2@sha256:…',
    verify: 'kubectl get pods -o jsonpath="{range .items[*]}{.status.containerStatuses[*].imageID}{\\"\\n\\"}{end}" | sort | uniq -c',
    needs: ['manifests'],
    tags: ['image', 'delivery'],
  },
  check({ ws, report }) {
    for (const t of ws.manifests.podTemplates) {
      for (const c of [...t.initContainers, ...t.containers]) {
        const image = c.spec.image;
        // Unrendered templates and env substitutions are not images yet.
        if (typeof image !== 'string' || image === '' || /\{\{|\$\(|\$\{/.test(image)) continue;
        const ref = parseImageRef(image);
        if (ref.digest || (ref.tag !== undefined && ref.tag !== 'latest')) continue;
        const policy = c.spec.imagePullPolicy;
        const stale = policy === 'IfNotPresent' ? '; with imagePullPolicy IfNotPresent nodes keep a stale copy' : '';
        report({
          message:
            ref.tag === 'latest'
              ? `container "${c.name}" uses the mutable tag in ${image}${stale}`
              : `container "${c.name}" image ${image} has no tag, so it means :latest${stale}`,
          at: containerSubject(c, ['image']),
        });
      }
    }
  },
});
