import { parseImageRef } from '../../load/image-ref.js';
import { pullRule } from '../../triage/pull-rule.js';

export default pullRule(
  {
    id: 'image-not-found',
    fault: 'B1',
    severity: 'error',
    title: 'Image tag or repository does not exist in the registry',
    why:
      'The kubelet asked the registry for the manifest and got "not found" / "manifest unknown": a typo in the ' +
      'repository, a tag that CI never pushed (or pushed to another registry), or a tag deleted by a retention ' +
      'policy. Pods stay in ErrImagePull / ImagePullBackOff forever.',
    fix: 'Push the tag (check the CI job that builds it), or point <owner> at a tag that exists.',
    verify: 'crane manifest <image>   # or: skopeo inspect docker://<image>',
    tags: ['image', 'live'],
  },
  ['not-found', 'invalid-name'],
  (p) => {
    if (p.failure === 'invalid-name') return `"${p.image}" is not a valid image reference`;
    const ref = parseImageRef(p.image);
    const where = `${ref.registry ?? 'docker.io'}/${ref.repository}`;
    return ref.tag ? `tag ${ref.tag} not found in ${where}` : `${p.image} not found in ${where}`;
  },
);
