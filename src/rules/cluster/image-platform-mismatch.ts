import { pullRule } from '../../triage/pull-rule.js';

export default pullRule(
  {
    id: 'image-platform-mismatch',
    fault: 'B4',
    severity: 'error',
    title: 'Image has no variant for the node\'s platform',
    why:
      'The image index has no manifest for the node\'s OS/architecture ("no match for platform in manifest"): ' +
      'the image was built for amd64 only and the pod landed on an arm64 node (or the reverse).',
    fix:
      'Build and push a multi-arch image (docker buildx build --platform linux/amd64,linux/arm64 …), or pin ' +
      '<owner> to matching nodes with nodeSelector kubernetes.io/arch.',
    verify: 'docker buildx imagetools inspect <image>   # lists the platforms in the index',
    tags: ['image', 'live', 'platform'],
  },
  ['platform'],
  (p) => `${p.image} has no manifest for the node's platform`,
);
