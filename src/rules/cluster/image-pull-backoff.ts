import { pullRule } from '../../triage/pull-rule.js';

export default pullRule(
  {
    id: 'image-pull-backoff',
    fault: 'B1',
    severity: 'error',
    title: 'Image pull keeps failing and the cause is no longer in the events',
    why:
      'Events expire (one hour by default), so a pod that has been in ImagePullBackOff for a while often only ' +
      'shows "Back-off pulling image". The cause is one of: tag not found (B1), no credentials (B2), untrusted ' +
      'TLS (B3), wrong platform (B4), registry unreachable (B5); the pull error text tells which.',
    fix: 'Delete one pod of <owner> to get a fresh pull attempt and its error event, or pull the image by hand.',
    verify: 'kubectl delete pod <pod> && kubectl get events --field-selector reason=Failed -w   # or: crane manifest <image>',
    tags: ['image', 'live'],
  },
  ['unknown'],
  (p) => `pulling ${p.image} fails and the kubelet's error has expired`,
);
