import { defineRule } from '../../core/rule.js';
import { registryEvidence, registryFailures } from '../../model/image-targets.js';

export default defineRule({
  meta: {
    id: 'image-registry-unauthorized',
    fault: 'B2',
    severity: 'error',
    title: 'The registry refuses the image with the available credentials',
    why:
      'A private repository needs credentials on every node that pulls it: imagePullSecrets on the pod (or its ' +
      'service account). Without them, or with a wrong/expired password or token, the pull fails with ' +
      '"401 Unauthorized" / "pull access denied" and the pod sits in ImagePullBackOff.',
    fix: 'Create a kubernetes.io/dockerconfigjson Secret for the registry (kubectl create secret docker-registry …) and reference it in imagePullSecrets or the service account; check the password or token is current.',
    verify: 'kubectl get secret <pull-secret> -o jsonpath="{.data.\\.dockerconfigjson}" | base64 -d | jq ".auths | keys"',
    needs: ['image'],
    tags: ['image', 'registry', 'auth'],
  },
  check({ ws, report }) {
    for (const t of registryFailures(ws, ['unauthorized', 'denied'])) {
      report({
        message: `${t.label}: the registry refuses ${t.inspection.reference} with the available credentials: ${t.error.message}`,
        at: t.subject,
        evidence: [registryEvidence(t.error)],
      });
    }
  },
});
