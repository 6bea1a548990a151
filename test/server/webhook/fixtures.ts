// AdmissionReview requests shaped as kube-apiserver sends them (admission.k8s.io/v1): resource,
// requestKind, userInfo and options included, object without metadata.namespace on CREATE (the
// namespace comes from the URL), so the tests exercise what a cluster delivers.
import type { JsonObject } from '../../../src/model/manifest.js';
import type { AdmissionRequest } from '../../../src/server/webhook/admission.js';

const RESOURCES: Record<string, [string, string, string]> = {
  Deployment: ['apps', 'v1', 'deployments'],
  StatefulSet: ['apps', 'v1', 'statefulsets'],
  ReplicaSet: ['apps', 'v1', 'replicasets'],
  Pod: ['', 'v1', 'pods'],
  CronJob: ['batch', 'v1', 'cronjobs'],
  Job: ['batch', 'v1', 'jobs'],
  ConfigMap: ['', 'v1', 'configmaps'],
  Secret: ['', 'v1', 'secrets'],
  PodDisruptionBudget: ['policy', 'v1', 'poddisruptionbudgets'],
};

export interface ReviewOptions {
  operation?: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  namespace?: string;
  oldObject?: JsonObject;
  dryRun?: boolean;
  subResource?: string;
  uid?: string;
}

/** The AdmissionReview body the API server POSTs for `object`. */
export function admissionReview(object: JsonObject, opts: ReviewOptions = {}): JsonObject {
  const kind = String(object.kind);
  const [group, version, resource] = RESOURCES[kind] ?? ['', 'v1', `${kind.toLowerCase()}s`];
  const operation = opts.operation ?? 'CREATE';
  const meta = (object.metadata ?? {}) as JsonObject;
  const request: JsonObject = {
    uid: opts.uid ?? '705ab4f5-6393-11e8-b7cc-42010a800002',
    kind: { group, version, kind },
    resource: { group, version, resource },
    requestKind: { group, version, kind },
    requestResource: { group, version, resource },
    ...(opts.subResource ? { subResource: opts.subResource } : {}),
    name: String(meta.name ?? ''),
    namespace: opts.namespace ?? 'shop',
    operation,
    userInfo: { username: 'admin', groups: ['system:masters', 'system:authenticated'] },
    object: operation === 'DELETE' ? null : object,
    oldObject: opts.oldObject ?? null,
    dryRun: opts.dryRun ?? false,
    options: { apiVersion: 'meta.k8s.io/v1', kind: operation === 'UPDATE' ? 'UpdateOptions' : operation === 'DELETE' ? 'DeleteOptions' : 'CreateOptions', fieldManager: 'kubectl-client-side-apply' },
  };
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request };
}

export function requestOf(review: JsonObject): AdmissionRequest {
  return review.request as unknown as AdmissionRequest;
}

interface ContainerOpts {
  image?: string;
  env?: JsonObject[];
  extra?: JsonObject;
}

function container(name: string, c: ContainerOpts = {}): JsonObject {
  return {
    name,
    image: c.image ?? 'registry.example.com/shop/api:1.4.2',
    ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
    env: c.env ?? [{ name: 'GOMEMLIMIT', value: '230MiB' }, { name: 'GOMAXPROCS', value: '1' }],
    resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '256Mi' } },
    readinessProbe: { httpGet: { path: '/readyz', port: 'http', scheme: 'HTTP' }, periodSeconds: 5, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
    livenessProbe: { httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 2, successThreshold: 1, failureThreshold: 3 },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: 'IfNotPresent',
    ...c.extra,
  };
}

function podSpec(containers: JsonObject[], extra: JsonObject = {}): JsonObject {
  return {
    securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } },
    containers,
    volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    ...extra,
  };
}

export interface DeploymentOpts {
  name?: string;
  replicas?: number;
  containers?: JsonObject[];
  spec?: JsonObject;
  annotations?: Record<string, string>;
  templateAnnotations?: Record<string, string>;
  status?: JsonObject;
}

/** A Deployment as kubectl apply sends it after defaulting: the clean baseline every case changes one thing in. */
export function deployment(o: DeploymentOpts = {}): JsonObject {
  const name = o.name ?? 'api';
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      labels: { app: name },
      ...(o.annotations ? { annotations: o.annotations } : {}),
      generation: 1,
    },
    spec: {
      replicas: o.replicas ?? 2,
      selector: { matchLabels: { app: name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: {
        metadata: { labels: { app: name }, ...(o.templateAnnotations ? { annotations: o.templateAnnotations } : {}) },
        spec: podSpec(o.containers ?? [container('app')], o.spec),
      },
    },
    ...(o.status ? { status: o.status } : {}),
  };
}

export { container, podSpec };

export function pod(name: string, containers: JsonObject[], meta: JsonObject = {}): JsonObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, ...meta }, spec: podSpec(containers) };
}

export function cronJob(name: string, schedule: string, containers: JsonObject[]): JsonObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name },
    spec: {
      schedule,
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 300,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: {
        spec: {
          activeDeadlineSeconds: 600,
          ttlSecondsAfterFinished: 3600,
          backoffLimit: 2,
          template: { spec: podSpec(containers, { restartPolicy: 'OnFailure' }) },
        },
      },
    },
  };
}

/** A run-to-completion container: no ports, no probes. */
export function batchContainer(name: string, c: ContainerOpts = {}): JsonObject {
  const { ports: _ports, readinessProbe: _r, livenessProbe: _l, ...rest } = container(name, c);
  return rest;
}
