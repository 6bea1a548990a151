import { defineRule } from '../../core/rule.js';
import { objectSubject } from '../../model/subjects.js';

interface Removal {
  /** Kubernetes minor release that stopped serving it. */
  removedIn: string;
  /** The apiVersion to use instead; empty when the kind itself is gone. */
  use: string;
  note?: string;
}

const R = (removedIn: string, use: string, note?: string): Removal => ({ removedIn, use, ...(note ? { note } : {}) });

/** `apiVersion kind` → removal, from the Kubernetes deprecated API migration guide. */
const REMOVED: Record<string, Removal> = {
  'extensions/v1beta1 Deployment': R('1.16', 'apps/v1', 'spec.selector is required in apps/v1'),
  'extensions/v1beta1 DaemonSet': R('1.16', 'apps/v1', 'spec.selector is required in apps/v1'),
  'extensions/v1beta1 ReplicaSet': R('1.16', 'apps/v1'),
  'extensions/v1beta1 NetworkPolicy': R('1.16', 'networking.k8s.io/v1'),
  'extensions/v1beta1 PodSecurityPolicy': R('1.16', '', 'PodSecurityPolicy was removed entirely in 1.25; use Pod Security Admission'),
  'extensions/v1beta1 Ingress': R('1.22', 'networking.k8s.io/v1', 'backends become service: { name, port: { number } } and pathType is required'),
  'apps/v1beta1 Deployment': R('1.16', 'apps/v1'),
  'apps/v1beta1 StatefulSet': R('1.16', 'apps/v1'),
  'apps/v1beta2 Deployment': R('1.16', 'apps/v1'),
  'apps/v1beta2 StatefulSet': R('1.16', 'apps/v1'),
  'apps/v1beta2 DaemonSet': R('1.16', 'apps/v1'),
  'apps/v1beta2 ReplicaSet': R('1.16', 'apps/v1'),
  'networking.k8s.io/v1beta1 Ingress': R('1.22', 'networking.k8s.io/v1', 'backends become service: { name, port: { number } } and pathType is required'),
  'networking.k8s.io/v1beta1 IngressClass': R('1.22', 'networking.k8s.io/v1'),
  'rbac.authorization.k8s.io/v1beta1 Role': R('1.22', 'rbac.authorization.k8s.io/v1'),
  'rbac.authorization.k8s.io/v1beta1 RoleBinding': R('1.22', 'rbac.authorization.k8s.io/v1'),
  'rbac.authorization.k8s.io/v1beta1 ClusterRole': R('1.22', 'rbac.authorization.k8s.io/v1'),
  'rbac.authorization.k8s.io/v1beta1 ClusterRoleBinding': R('1.22', 'rbac.authorization.k8s.io/v1'),
  'apiextensions.k8s.io/v1beta1 CustomResourceDefinition': R('1.22', 'apiextensions.k8s.io/v1', 'a structural schema is required'),
  'admissionregistration.k8s.io/v1beta1 MutatingWebhookConfiguration': R('1.22', 'admissionregistration.k8s.io/v1'),
  'admissionregistration.k8s.io/v1beta1 ValidatingWebhookConfiguration': R('1.22', 'admissionregistration.k8s.io/v1'),
  'scheduling.k8s.io/v1beta1 PriorityClass': R('1.22', 'scheduling.k8s.io/v1'),
  'coordination.k8s.io/v1beta1 Lease': R('1.22', 'coordination.k8s.io/v1'),
  'certificates.k8s.io/v1beta1 CertificateSigningRequest': R('1.22', 'certificates.k8s.io/v1'),
  'storage.k8s.io/v1beta1 CSIDriver': R('1.22', 'storage.k8s.io/v1'),
  'storage.k8s.io/v1beta1 StorageClass': R('1.22', 'storage.k8s.io/v1'),
  'batch/v1beta1 CronJob': R('1.25', 'batch/v1'),
  'batch/v2alpha1 CronJob': R('1.21', 'batch/v1'),
  'autoscaling/v2beta1 HorizontalPodAutoscaler': R('1.25', 'autoscaling/v2', 'targetAverageUtilization becomes target: { type: Utilization, averageUtilization }'),
  'autoscaling/v2beta2 HorizontalPodAutoscaler': R('1.26', 'autoscaling/v2'),
  'policy/v1beta1 PodDisruptionBudget': R('1.25', 'policy/v1', 'an empty selector now selects every pod in the namespace'),
  'policy/v1beta1 PodSecurityPolicy': R('1.25', '', 'use Pod Security Admission (pod-security.kubernetes.io/* namespace labels)'),
  'discovery.k8s.io/v1beta1 EndpointSlice': R('1.25', 'discovery.k8s.io/v1'),
  'node.k8s.io/v1beta1 RuntimeClass': R('1.25', 'node.k8s.io/v1'),
  'flowcontrol.apiserver.k8s.io/v1beta1 FlowSchema': R('1.26', 'flowcontrol.apiserver.k8s.io/v1'),
  'flowcontrol.apiserver.k8s.io/v1beta2 FlowSchema': R('1.29', 'flowcontrol.apiserver.k8s.io/v1'),
  'flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema': R('1.32', 'flowcontrol.apiserver.k8s.io/v1'),
  'storage.k8s.io/v1beta1 CSIStorageCapacity': R('1.27', 'storage.k8s.io/v1'),
};

export default defineRule({
  meta: {
    id: 'removed-api-version',
    fault: 'F4',
    severity: 'error',
    title: 'apiVersion no longer served by Kubernetes',
    why:
      'The API server stopped serving these versions; kubectl cannot map the object and refuses it: ' +
      '`resource mapping not found for name: "api" namespace: "shop" from "deploy.yaml": no matches for kind ' +
      '"Deployment" in version "extensions/v1beta1" ensure CRDs are installed first`. Helm fails the same way ' +
      '("unable to build kubernetes objects from release manifest").',
    fix: 'Move to the served version (and its schema changes), e.g.\napiVersion: apps/v1   # was extensions/v1beta1\nkind: Deployment\nspec:\n  selector:\n    matchLabels: { app: api }',
    verify: 'kubectl apply --dry-run=server -f <file>',
    needs: ['manifests'],
    tags: ['schema', 'upgrade'],
  },
  check({ ws, report }) {
    for (const o of ws.manifests.objects) {
      const removal = REMOVED[`${o.apiVersion} ${o.kind}`];
      if (!removal) continue;
      const instead = removal.use ? `; use ${removal.use}` : '';
      report({
        message:
          `${o.kind} ${o.name} uses ${o.apiVersion}, removed in Kubernetes ${removal.removedIn}${instead}${removal.note ? ` (${removal.note})` : ''}: ` +
          `no matches for kind "${o.kind}" in version "${o.apiVersion}"`,
        at: objectSubject(o, ['apiVersion']),
      });
    }
  },
});
