import { pullRule, registryOf } from '../../triage/pull-rule.js';

export default pullRule(
  {
    id: 'image-pull-unauthorized',
    fault: 'B2',
    severity: 'error',
    title: 'Registry refused the image pull (no or wrong credentials)',
    why:
      'The registry answered 401/403 ("unauthorized: authentication required", "pull access denied", ' +
      '"insufficient_scope"): the pod has no imagePullSecrets for this registry, the secret lives in another ' +
      'namespace or has the wrong type, or its token expired. Docker Hub also says "pull access denied … may ' +
      'require authorization" for repositories that do not exist.',
    fix:
      'Create a kubernetes.io/dockerconfigjson Secret in the pod\'s namespace and reference it from <owner> ' +
      '(spec.template.spec.imagePullSecrets) or the namespace\'s default ServiceAccount.',
    verify: 'kubectl get secret <pull-secret> -o jsonpath="{.type}" && crane manifest <image>',
    tags: ['image', 'live', 'auth'],
  },
  ['unauthorized'],
  (p) => `${registryOf(p.image)} refused to serve ${p.image} without valid credentials`,
);
