import type { Finding, ObjectRef } from '../../src/core/finding.js';
import type { RunResult } from '../../src/core/result.js';
import type { RuleMeta } from '../../src/core/rule.js';

const api: ObjectRef = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'api' };
const node: ObjectRef = { apiVersion: 'v1', kind: 'Node', name: 'worker-1' };

export const rules: RuleMeta[] = [
  {
    id: 'cgo-binary-on-libcless-base',
    fault: 'A3',
    severity: 'error',
    title: 'cgo-enabled binary copied onto an image without libc',
    why: 'The binary links against glibc dynamically; on scratch or distroless/static it fails with "no such file or directory" at start.',
    fix: 'Build with CGO_ENABLED=0, or use a base image that ships glibc.',
    verify: 'docker run --rm <image> /app --version',
    needs: ['dockerfile'],
    tags: ['build', 'cgo'],
  },
  {
    id: 'probe-port-mismatch',
    fault: 'D2',
    severity: 'warning',
    title: 'Probe targets a port the container does not listen on',
    why: 'The kubelet probes a closed port, so the pod never becomes ready.',
    fix: 'Point the probe at the port the server listens on.',
    verify: 'kubectl -n shop get pods -l app=api',
    needs: ['manifests'],
  },
  {
    id: 'memory-limit-without-gomemlimit',
    fault: 'E1',
    severity: 'error',
    title: 'Memory limit set but GOMEMLIMIT is not',
    why: 'The Go GC does not see the cgroup limit and the container is OOMKilled under load.',
    fix: 'Set GOMEMLIMIT to about 90% of the memory limit.',
    verify: 'kubectl -n shop get pod -l app=api -o jsonpath="{..lastState.terminated.reason}"',
    needs: ['manifests'],
    tags: ['runtime'],
  },
  {
    id: 'image-latest-tag',
    fault: 'K1',
    severity: 'info',
    title: 'Image uses the :latest tag',
    why: 'Rollouts are not reproducible and `kubectl rollout undo` may not restore the old code.',
    fix: 'Pin the image by tag or digest.',
    verify: 'kubectl -n shop get deploy api -o jsonpath="{..image}"',
    needs: ['manifests'],
  },
];

export const cgoFinding: Finding = {
  ruleId: 'cgo-binary-on-libcless-base',
  fault: 'A3',
  severity: 'error',
  message: 'Binary built with cgo runs on a libc-less base image',
  subject: { span: { file: 'Dockerfile', line: 12, column: 5, endLine: 12, endColumn: 28 } },
  evidence: [
    { message: 'builder has cgo on', span: { file: 'Dockerfile', line: 3, column: 1, endLine: 3, endColumn: 22 } },
    { message: 'final stage is scratch', span: { file: 'Dockerfile', line: 10, column: 1, endLine: 10, endColumn: 13 } },
  ],
  fix: 'Set ENV CGO_ENABLED=0 in the build stage',
  verify: 'docker run --rm shop/api:dev /app --version',
  fingerprint: '3f2a9c1d0b7e4a55:1',
};

export const probeFinding: Finding = {
  ruleId: 'probe-port-mismatch',
  fault: 'D2',
  severity: 'warning',
  message: 'readinessProbe uses port 8081 | container listens on 8080',
  subject: {
    span: { file: 'k8s/deploy.yaml', line: 31, column: 17, endLine: 31, endColumn: 21 },
    object: api,
    fieldPath: 'spec.template.spec.containers[0].readinessProbe.httpGet.port',
    container: 'api',
  },
  evidence: [
    { message: 'containerPort is 8080', span: { file: 'k8s/deploy.yaml', line: 24, column: 28, endLine: 24, endColumn: 32 }, object: api },
  ],
  fix: 'Change the probe port to 8080',
  verify: 'kubectl -n shop get pods -l app=api',
  fingerprint: '9d81c2e7a4b3f610:1',
};

/** Found in cluster state only: there is no file to point at. */
export const oomFinding: Finding = {
  ruleId: 'memory-limit-without-gomemlimit',
  fault: 'E1',
  severity: 'error',
  message: 'Container api was OOMKilled 3 times\nlimit is 256Mi, GOMEMLIMIT unset',
  subject: { object: api, fieldPath: 'spec.template.spec.containers[0].resources.limits.memory', container: 'api' },
  evidence: [
    { message: 'OOMKilled at 2024-05-01T10:00:00Z', object: api, fieldPath: 'status.containerStatuses[0].lastState' },
    { message: 'node memory pressure <none>', object: node },
    { message: 'GC cycles climb before each kill' },
  ],
  fix: 'Set env GOMEMLIMIT=230MiB',
  verify: 'kubectl -n shop get pod -l app=api -o jsonpath="{..restartCount}"',
  fingerprint: '51aa0e37c9d2b8f4:1',
};

export const latestFinding: Finding = {
  ruleId: 'image-latest-tag',
  fault: 'K1',
  severity: 'info',
  message: 'Image shop/api:latest uses the latest tag',
  subject: { span: { file: 'k8s/deploy.yaml', line: 20, column: 18, endLine: 20, endColumn: 33 }, object: api },
  evidence: [],
  fix: 'Pin the image by digest',
  verify: '',
  fingerprint: 'c0ffee0012345678:1',
};

export const annotationSuppressed: Finding = {
  ...probeFinding,
  message: 'livenessProbe uses port 9090',
  subject: { span: { file: 'k8s/deploy.yaml', line: 40, column: 17, endLine: 40, endColumn: 21 }, object: api },
  evidence: [],
  fingerprint: '77aa88bb99cc00dd:1',
  suppressed: { kind: 'annotation', source: 'k8s/deploy.yaml' },
};

export const baselineSuppressed: Finding = {
  ...cgoFinding,
  message: 'Worker binary built with cgo runs on a libc-less base image',
  subject: { span: { file: 'worker/Dockerfile', line: 8, column: 1, endLine: 8, endColumn: 30 } },
  evidence: [],
  fingerprint: 'deadbeefcafe0001:1',
  suppressed: { kind: 'baseline', source: '.kubewhy-baseline.json' },
};

export function runResult(overrides: Partial<RunResult> = {}): RunResult {
  return {
    command: 'lint',
    tool: { name: 'kubewhy', version: '0.1.0' },
    root: '/home/dev/my shop',
    findings: [cgoFinding, latestFinding, probeFinding, annotationSuppressed, oomFinding, baselineSuppressed],
    inputErrors: [
      { file: 'k8s/broken.yaml', line: 7, column: 3, message: 'mapping values are not allowed here' },
      { file: 'go.mod', message: 'cannot read go.mod: permission denied' },
    ],
    rules,
    summary: {
      files: 4,
      objects: 3,
      bySeverity: { error: 2, warning: 1, info: 1 },
      suppressed: 2,
      inputErrors: 2,
    },
    ...overrides,
  };
}

export function emptyRun(): RunResult {
  return runResult({
    findings: [],
    inputErrors: [],
    summary: { files: 1, objects: 1, bySeverity: { error: 0, warning: 0, info: 0 }, suppressed: 0, inputErrors: 0 },
  });
}

/** `n` distinct warnings, for caps. */
export function manyFindings(n: number): Finding[] {
  return Array.from({ length: n }, (_, i) => ({
    ...probeFinding,
    message: `probe ${i}`,
    subject: { span: { file: 'k8s/deploy.yaml', line: i + 1, column: 1, endLine: i + 1, endColumn: 2 } },
    evidence: [],
    fingerprint: `fp${i}:1`,
  }));
}
