#!/usr/bin/env node
// Synthetic repo generator for the kubewhy lint benchmark.
//
//   node bench/generate.mjs --out DIR [--manifests 5000] [--dockerfiles 500]
//                           [--seed 1] [--stamp FILE] [--force]
//
// Writes DIR/services/<svc>/{Dockerfile, go.mod, .dockerignore?, deploy/*.yaml}.
// One service directory per Dockerfile; the manifests are spread evenly over
// them (~10 YAML files each, some multi-document). Output is a pure function
// of (--manifests, --dockerfiles, --seed, this file): a seeded PRNG drives
// every choice. A fraction of objects carry seeded faults (latest/untagged
// images, missing probes, missing requests, old builder images, COPY . .
// before go mod download, :latest bases, single-stage toolchain images).
//
// A JSON stamp with the parameters, this file's hash and the counts is
// written to --stamp (default: DIR + ".stamp.json", outside the corpus so the
// linter never sees it). bench/run.mjs reads it.
//
// No dependencies; plain Node >= 20.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const GENERATOR_VERSION = 1;
export const GENERATOR_FILE = fileURLToPath(import.meta.url);
export const DEFAULTS = Object.freeze({ manifests: 5000, dockerfiles: 500, seed: 1 });

/** sha256 of this file: any change to the generator invalidates old corpora. */
export function generatorHash() {
  return createHash('sha256').update(readFileSync(GENERATOR_FILE)).digest('hex');
}

export function defaultStampPath(out) {
  return resolve(out) + '.stamp.json';
}

// ---------------------------------------------------------------- PRNG

function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeRng(seed) {
  const next = mulberry32(seed);
  const rng = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)), // inclusive
    chance: (p) => next() < p,
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    /** weighted pick: [[weight, value], ...] */
    weighted: (pairs) => {
      const total = pairs.reduce((s, [w]) => s + w, 0);
      let r = next() * total;
      for (const [w, v] of pairs) {
        if ((r -= w) < 0) return v;
      }
      return pairs[pairs.length - 1][1];
    },
  };
  return rng;
}

// ---------------------------------------------------------------- vocabulary

const DOMAINS = ['orders', 'payments', 'catalog', 'cart', 'users', 'auth', 'search', 'inventory',
  'shipping', 'billing', 'notify', 'ledger', 'pricing', 'reviews', 'media', 'gateway', 'reports',
  'audit', 'session', 'profile', 'checkout', 'coupon', 'tax', 'fraud', 'events', 'feeds'];
const ROLES = ['api', 'svc', 'worker', 'sync', 'indexer', 'proxy', 'scheduler', 'consumer'];
const NAMESPACES = ['shop', 'platform', 'payments', 'growth', 'data', 'identity', 'ops'];
const REGISTRIES = ['registry.example.com', 'ghcr.io/example', '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
  'europe-docker.pkg.dev/example-prod/apps', 'harbor.internal.example.net/apps'];
const GO_MINORS = [20, 21, 22, 23, 24];
const LATEST_PATCH = { 20: 14, 21: 13, 22: 12, 23: 8, 24: 4 };
const REQUIRES = [
  ['github.com/jackc/pgx/v5', ['v5.5.5', 'v5.6.0', 'v5.7.1']],
  ['github.com/prometheus/client_golang', ['v1.18.0', 'v1.19.1', 'v1.20.5']],
  ['github.com/redis/go-redis/v9', ['v9.5.1', 'v9.6.1', 'v9.7.0']],
  ['go.uber.org/zap', ['v1.26.0', 'v1.27.0']],
  ['google.golang.org/grpc', ['v1.62.1', 'v1.65.0', 'v1.67.1']],
  ['github.com/go-chi/chi/v5', ['v5.0.12', 'v5.1.0']],
  ['github.com/segmentio/kafka-go', ['v0.4.47']],
  ['go.opentelemetry.io/otel', ['v1.28.0', 'v1.31.0']],
  ['github.com/aws/aws-sdk-go-v2', ['v1.30.3', 'v1.32.2']],
  ['go.uber.org/automaxprocs', ['v1.5.3', 'v1.6.0']],
  ['github.com/mattn/go-sqlite3', ['v1.14.22']],
  ['github.com/spf13/viper', ['v1.19.0']],
];
const ENV_NAMES = ['LOG_LEVEL', 'LOG_FORMAT', 'HTTP_ADDR', 'GRPC_ADDR', 'METRICS_ADDR', 'DB_HOST', 'DB_PORT',
  'DB_NAME', 'DB_USER', 'DB_MAX_CONNS', 'DB_TIMEOUT', 'REDIS_ADDR', 'REDIS_DB', 'KAFKA_BROKERS', 'KAFKA_TOPIC',
  'KAFKA_GROUP', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_SERVICE_NAME', 'OTEL_TRACES_SAMPLER', 'FEATURE_FLAGS',
  'CACHE_TTL', 'REQUEST_TIMEOUT', 'SHUTDOWN_TIMEOUT', 'RATE_LIMIT_RPS', 'UPSTREAM_URL', 'REGION', 'TZ',
  'GOGC', 'GODEBUG', 'S3_BUCKET', 'AWS_REGION', 'SENTRY_ENVIRONMENT', 'PPROF_ENABLED', 'MAX_BODY_BYTES',
  'RETRY_MAX', 'RETRY_BACKOFF', 'BATCH_SIZE', 'WORKERS', 'QUEUE_DEPTH', 'TLS_MIN_VERSION'];

// ---------------------------------------------------------------- generators

function imageRef(rng, repo, counts) {
  const ref = `${rng.pick(REGISTRIES)}/${repo}`;
  const r = rng.next();
  if (r < 0.10) { counts.faults.imageLatestTag++; return `${ref}:latest`; }
  if (r < 0.14) { counts.faults.imageLatestTag++; return ref; }
  if (r < 0.17) return `${ref}@sha256:${createHash('sha256').update(ref + r).digest('hex')}`;
  return `${ref}:${rng.int(0, 3)}.${rng.int(0, 30)}.${rng.int(0, 12)}`;
}

function goModFile(rng, svc, goVersion, counts) {
  counts.files.gomod++;
  const reqs = [];
  const n = rng.int(2, 6);
  const used = new Set();
  for (let i = 0; i < n; i++) {
    const [path, versions] = rng.pick(REQUIRES);
    if (used.has(path)) continue;
    used.add(path);
    reqs.push(`\t${path} ${rng.pick(versions)}`);
  }
  reqs.sort();
  // toolchain (a preference, never below the go line): go1.M.P with P >= the go line's patch.
  const [, minor, patch = '0'] = goVersion.split('.');
  const toolchain = Number(minor) >= 21 && rng.chance(0.1) ? `\ntoolchain go1.${minor}.${rng.int(Number(patch), LATEST_PATCH[minor])}\n` : '';
  return `module github.com/example/${svc}\n\ngo ${goVersion}\n${toolchain}\nrequire (\n${reqs.join('\n')}\n)\n`;
}

function dockerfile(rng, svc, goVersion, counts) {
  counts.files.dockerfile++;
  const [, m, p = '0'] = goVersion.split('.');
  const goMinor = Number(m);
  const goPatch = Number(p);
  // builder: usually the go.mod minor; sometimes older (A1), sometimes newer.
  let builderMinor = goMinor;
  const b = rng.next();
  if (b < 0.10 && goMinor > 20) builderMinor = rng.int(20, goMinor - 1);
  else if (b < 0.25 && goMinor < 24) builderMinor = rng.int(goMinor + 1, 24);
  // A minor-only tag (golang:1.23) floats to the newest patch, so it satisfies 1.23.x.
  const builderPatch = rng.chance(0.5) ? rng.int(0, LATEST_PATCH[builderMinor]) : null;
  const patch = builderPatch === null ? '' : `.${builderPatch}`;
  if (builderMinor < goMinor || (builderMinor === goMinor && builderPatch !== null && builderPatch < goPatch)) {
    counts.faults.goToolchainMismatch++;
  }
  const flavor = rng.weighted([[4, ''], [3, '-alpine'], [3, '-bookworm'], [1, '-alpine3.20']]);
  const style = rng.weighted([[6, 'multi'], [2, 'arg'], [1, 'single']]);
  const copyFirst = rng.chance(0.2);
  if (copyFirst) counts.faults.copyBeforeModDownload++;
  const cache = rng.chance(0.5);
  const cgo = rng.chance(0.8) ? 'CGO_ENABLED=0 ' : '';
  const ldflags = rng.chance(0.7) ? ' -trimpath -ldflags="-s -w"' : '';
  const mountMod = cache ? '--mount=type=cache,target=/go/pkg/mod ' : '';
  const mountBuild = cache ? '--mount=type=cache,target=/go/pkg/mod \\\n    --mount=type=cache,target=/root/.cache/go-build \\\n    ' : '';

  const lines = [`# ${svc} image`];
  let from;
  if (style === 'arg') {
    lines.push(`ARG GO_VERSION=1.${builderMinor}${patch}`);
    from = `golang:\${GO_VERSION}${flavor}`;
  } else {
    from = `golang:1.${builderMinor}${patch}${flavor}`;
  }
  lines.push('', style === 'single' ? `FROM ${from}` : `FROM ${from} AS build`);
  if (style === 'single') counts.faults.runtimeStageGolang++;
  if (flavor.startsWith('-alpine') && rng.chance(0.5)) lines.push('RUN apk add --no-cache git ca-certificates');
  lines.push('WORKDIR /src');
  if (copyFirst) {
    lines.push('COPY . .', `RUN ${mountMod}go mod download`);
  } else {
    lines.push('COPY go.mod go.sum ./', `RUN ${mountMod}go mod download`, 'COPY . .');
  }
  const out = style === 'single' ? `/app/${svc}` : `/out/${svc}`;
  const goarch = rng.chance(0.1) ? 'GOARCH=amd64 ' : '';
  lines.push(`RUN ${mountBuild}${cgo}${goarch}go build${ldflags} -o ${out} ./cmd/${svc}`);
  if (style === 'single') {
    lines.push('EXPOSE 8080', `CMD ["${out}"]`);
    return lines.join('\n') + '\n';
  }
  const final = rng.weighted([
    [3, 'gcr.io/distroless/static-debian12:nonroot'], [1, 'gcr.io/distroless/base-debian12'],
    [3, 'alpine:3.20'], [1, 'alpine:latest'], [1, 'alpine'], [2, 'scratch'], [1, 'debian:bookworm-slim'],
  ]);
  if (final === 'alpine:latest' || final === 'alpine') counts.faults.baseImageLatest++;
  lines.push('', `FROM ${final}`);
  if (final.startsWith('alpine') && rng.chance(0.6)) lines.push('RUN apk add --no-cache ca-certificates tzdata');
  if (final === 'scratch') lines.push('COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/');
  lines.push(`COPY --from=build ${out} /usr/local/bin/${svc}`);
  if (rng.chance(0.6)) lines.push(final.includes('distroless') || final === 'scratch' ? 'USER 65532:65532' : 'USER 10001:10001');
  lines.push('EXPOSE 8080');
  lines.push(rng.chance(0.9) ? `ENTRYPOINT ["/usr/local/bin/${svc}"]` : `CMD /usr/local/bin/${svc}`);
  return lines.join('\n') + '\n';
}

function labels(indent, name, extra = {}) {
  const pad = ' '.repeat(indent);
  const out = [`${pad}app.kubernetes.io/name: ${name}`];
  for (const [k, v] of Object.entries(extra)) out.push(`${pad}${k}: ${v}`);
  return out;
}

function probeLines(rng, kind, path, port, pad) {
  const l = [`${pad}${kind}:`];
  if (rng.chance(0.85)) {
    l.push(`${pad}  httpGet:`, `${pad}    path: ${path}`, `${pad}    port: ${port}`);
  } else {
    l.push(`${pad}  tcpSocket:`, `${pad}    port: ${port}`);
  }
  if (rng.chance(0.6)) l.push(`${pad}  initialDelaySeconds: ${rng.pick([0, 5, 10, 15, 30])}`);
  l.push(`${pad}  periodSeconds: ${rng.pick([5, 10, 15, 20])}`);
  if (rng.chance(0.5)) l.push(`${pad}  timeoutSeconds: ${rng.pick([1, 2, 3, 5])}`);
  if (rng.chance(0.5)) l.push(`${pad}  failureThreshold: ${rng.pick([3, 5, 6])}`);
  return l;
}

/** A Deployment of 60–120 lines with varied completeness. */
function deployment(rng, ctx, name, counts) {
  counts.objects.Deployment++;
  const target = rng.int(60, 120);
  const { ns, svc } = ctx;
  const c = '        '; // container item indent
  const p = '          '; // container field indent
  const L = [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: ${name}`, `  namespace: ${ns}`,
    '  labels:', ...labels(4, name, { 'app.kubernetes.io/part-of': ctx.system, 'app.kubernetes.io/managed-by': 'kustomize' }),
  ];
  if (rng.chance(0.4)) L.push('  annotations:', `    deployment.kubernetes.io/revision: "${rng.int(1, 90)}"`);
  L.push('spec:', `  replicas: ${rng.pick([1, 2, 2, 3, 3, 4, 6])}`);
  if (rng.chance(0.5)) L.push(`  revisionHistoryLimit: ${rng.pick([3, 5, 10])}`);
  if (rng.chance(0.5)) {
    L.push('  strategy:', '    type: RollingUpdate', '    rollingUpdate:', `      maxSurge: ${rng.pick([1, '25%'])}`,
      `      maxUnavailable: ${rng.pick([0, 1, '25%'])}`);
  }
  L.push('  selector:', '    matchLabels:', ...labels(6, name), '  template:', '    metadata:', '      labels:',
    ...labels(8, name, { 'app.kubernetes.io/part-of': ctx.system }));
  if (rng.chance(0.5)) {
    L.push('      annotations:', '        prometheus.io/scrape: "true"', `        prometheus.io/port: "${ctx.port}"`);
  }
  L.push('    spec:');
  if (rng.chance(0.5)) L.push(`      serviceAccountName: ${svc}`);
  if (rng.chance(0.6)) L.push(`      terminationGracePeriodSeconds: ${rng.pick([10, 30, 30, 60])}`);
  if (rng.chance(0.6)) {
    L.push('      securityContext:', '        runAsNonRoot: true', '        runAsUser: 65532', '        fsGroup: 65532');
  }
  if (rng.chance(0.2)) L.push('      nodeSelector:', `        kubernetes.io/arch: ${rng.pick(['amd64', 'arm64'])}`);
  if (rng.chance(0.3)) L.push('      imagePullSecrets:', '        - name: registry-credentials');
  L.push('      containers:', `${c}- name: ${name}`, `${p}image: ${imageRef(rng, name, counts)}`);
  if (rng.chance(0.5)) L.push(`${p}imagePullPolicy: ${rng.pick(['IfNotPresent', 'Always'])}`);
  if (rng.chance(0.3)) L.push(`${p}args: ["--config=/etc/${svc}/config.yaml"]`);
  L.push(`${p}ports:`, `${p}  - name: http`, `${p}    containerPort: ${ctx.port}`);
  if (rng.chance(0.3)) L.push(`${p}  - name: grpc`, `${p}    containerPort: 9090`);

  // probes
  const probes = rng.weighted([[70, 'both'], [8, 'readiness'], [7, 'liveness'], [15, 'none']]);
  if (probes === 'none' || probes === 'liveness') counts.faults.noReadinessProbe++;
  if (probes === 'none' || probes === 'readiness') counts.faults.noLivenessProbe++;
  if (probes === 'both' || probes === 'readiness') L.push(...probeLines(rng, 'readinessProbe', '/readyz', 'http', p));
  if (probes === 'both' || probes === 'liveness') L.push(...probeLines(rng, 'livenessProbe', '/healthz', 'http', p));
  if (probes === 'both' && rng.chance(0.3)) L.push(...probeLines(rng, 'startupProbe', '/healthz', 'http', p));

  // resources
  const res = rng.weighted([[60, 'full'], [20, 'requests'], [5, 'limits'], [15, 'none']]);
  if (res === 'none') counts.faults.noResourceRequests++;
  const mem = rng.pick([64, 128, 256, 512, 1024]);
  if (res !== 'none') {
    L.push(`${p}resources:`);
    if (res === 'full' || res === 'requests') {
      L.push(`${p}  requests:`, `${p}    cpu: ${rng.pick(['50m', '100m', '250m', '500m'])}`, `${p}    memory: ${mem}Mi`);
    }
    if (res === 'full' || res === 'limits') {
      L.push(`${p}  limits:`);
      if (rng.chance(0.5)) L.push(`${p}    cpu: "${rng.pick(['500m', '1', '2'])}"`);
      L.push(`${p}    memory: ${mem * rng.pick([1, 1, 2])}Mi`);
    }
  }

  // volumes
  const vols = [];
  if (rng.chance(0.5)) vols.push(['config', `/etc/${svc}`, ['configMap:', `  name: ${svc}-config`]]);
  if (rng.chance(0.3)) vols.push(['tmp', '/tmp', ['emptyDir: {}']]);
  if (rng.chance(0.2)) vols.push(['tls', '/etc/tls', ['secret:', `  secretName: ${svc}-tls`]]);
  if (vols.length) {
    L.push(`${p}volumeMounts:`);
    for (const [vn, mp] of vols) L.push(`${p}  - name: ${vn}`, `${p}    mountPath: ${mp}`, `${p}    readOnly: true`);
  }
  if (rng.chance(0.6)) {
    L.push(`${p}securityContext:`, `${p}  allowPrivilegeEscalation: false`, `${p}  readOnlyRootFilesystem: ${rng.chance(0.8)}`,
      `${p}  capabilities:`, `${p}    drop: ["ALL"]`);
  }
  const tail = [];
  if (vols.length) {
    tail.push('      volumes:');
    for (const [vn, , src] of vols) tail.push(`        - name: ${vn}`, ...src.map((s) => `          ${s}`));
  }

  // env fills the remaining budget (2–4 lines each) up to the target size.
  const env = [`${p}env:`];
  if (rng.chance(0.4)) env.push(`${p}  - name: GOMEMLIMIT`, `${p}    value: "${Math.floor(mem * 0.9)}MiB"`);
  let i = 0;
  while (L.length + tail.length + env.length + 2 <= target && i < 400) {
    const nm = ENV_NAMES[i % ENV_NAMES.length] + (i >= ENV_NAMES.length ? `_${Math.floor(i / ENV_NAMES.length)}` : '');
    i++;
    if (L.length + tail.length + env.length + 5 <= target && rng.chance(0.15)) {
      env.push(`${p}  - name: ${nm}`, `${p}    valueFrom:`, `${p}      secretKeyRef:`, `${p}        name: ${svc}-secrets`,
        `${p}        key: ${nm.toLowerCase().replace(/_/g, '-')}`);
    } else {
      env.push(`${p}  - name: ${nm}`, `${p}    value: "${rng.pick(['info', 'json', '30s', '10', 'true', 'eu-west-1', `:${ctx.port}`, 'UTC'])}"`);
    }
  }
  if (env.length > 1) L.push(...env);
  if (L.length + tail.length < target) L.push(`${p}terminationMessagePolicy: FallbackToLogsOnError`);
  L.push(...tail);
  counts.deploymentLines.push(L.length);
  return L.join('\n') + '\n';
}

function service(rng, ctx, name, counts) {
  counts.objects.Service++;
  const L = ['apiVersion: v1', 'kind: Service', 'metadata:', `  name: ${name}`, `  namespace: ${ctx.ns}`, '  labels:',
    ...labels(4, name), 'spec:', `  type: ${rng.weighted([[8, 'ClusterIP'], [1, 'NodePort'], [1, 'LoadBalancer']])}`,
    '  selector:', ...labels(4, name), '  ports:', '    - name: http', '      port: 80',
    `      targetPort: ${rng.chance(0.6) ? 'http' : ctx.port}`, '      protocol: TCP'];
  if (rng.chance(0.3)) L.push('    - name: grpc', '      port: 9090', '      targetPort: 9090');
  return L.join('\n') + '\n';
}

function hpa(rng, ctx, name, counts) {
  counts.objects.HorizontalPodAutoscaler++;
  const min = rng.pick([2, 2, 3]);
  const L = ['apiVersion: autoscaling/v2', 'kind: HorizontalPodAutoscaler', 'metadata:', `  name: ${name}`, `  namespace: ${ctx.ns}`,
    'spec:', '  scaleTargetRef:', '    apiVersion: apps/v1', '    kind: Deployment', `    name: ${name}`,
    `  minReplicas: ${min}`, `  maxReplicas: ${min + rng.int(2, 18)}`, '  metrics:', '    - type: Resource', '      resource:',
    `        name: ${rng.pick(['cpu', 'cpu', 'memory'])}`, '        target:', '          type: Utilization',
    `          averageUtilization: ${rng.pick([60, 70, 75, 80])}`];
  if (rng.chance(0.5)) {
    L.push('  behavior:', '    scaleDown:', `      stabilizationWindowSeconds: ${rng.pick([60, 300, 600])}`, '      policies:',
      '        - type: Pods', '          value: 1', '          periodSeconds: 60');
  }
  return L.join('\n') + '\n';
}

function pdb(rng, ctx, name, counts) {
  counts.objects.PodDisruptionBudget++;
  const budget = rng.chance(0.5) ? `  minAvailable: ${rng.pick([1, '50%'])}` : `  maxUnavailable: ${rng.pick([1, '25%'])}`;
  return ['apiVersion: policy/v1', 'kind: PodDisruptionBudget', 'metadata:', `  name: ${name}`, `  namespace: ${ctx.ns}`,
    'spec:', budget, '  selector:', '    matchLabels:', ...labels(6, name)].join('\n') + '\n';
}

function configMap(rng, ctx, name, counts) {
  counts.objects.ConfigMap++;
  const L = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: ${name}`, `  namespace: ${ctx.ns}`, '  labels:',
    ...labels(4, ctx.svc), 'data:'];
  const n = rng.int(2, 8);
  for (let i = 0; i < n; i++) L.push(`  ${ENV_NAMES[(i * 7 + name.length) % ENV_NAMES.length]}: "${rng.int(1, 5000)}"`);
  if (rng.chance(0.5)) {
    L.push('  config.yaml: |', '    server:', `      addr: ":${ctx.port}"`, `      readHeaderTimeout: ${rng.pick(['5s', '10s'])}`,
      '    log:', `      level: ${rng.pick(['info', 'debug', 'warn'])}`, '    features:');
    for (let i = 0, k = rng.int(1, 6); i < k; i++) L.push(`      flag_${i}: ${rng.chance(0.5)}`);
  }
  return L.join('\n') + '\n';
}

function serviceAccount(rng, ctx, name, counts) {
  counts.objects.ServiceAccount++;
  const L = ['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', `  name: ${name}`, `  namespace: ${ctx.ns}`];
  if (rng.chance(0.3)) L.push('  annotations:', `    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/${name}`);
  L.push(`automountServiceAccountToken: ${rng.chance(0.7) ? 'false' : 'true'}`);
  return L.join('\n') + '\n';
}

function multi(...docs) {
  return docs.map((d) => d.trimEnd()).join('\n---\n') + '\n';
}

/** Produce `k` manifest files for one service: [relativePath, content][]. */
function manifestsFor(rng, ctx, k, counts) {
  const { svc } = ctx;
  const files = [];
  const add = (path, content) => { files.push([path, content]); counts.files.manifest++; };
  const plan = [];
  if (rng.chance(0.3)) plan.push('deploy+svc'); else plan.push('deployment', 'service');
  plan.push('configmap');
  if (rng.chance(0.6)) plan.push('hpa');
  if (rng.chance(0.3)) plan.push('pdb+hpa'); else plan.push('pdb');
  plan.push('serviceaccount');
  if (rng.chance(0.5)) plan.push('worker');
  if (rng.chance(0.3)) plan.push('canary');
  if (rng.chance(0.4)) plan.push('bundle');
  let extra = 0;
  while (plan.length < k) plan.push(rng.chance(0.5) ? `configmap-${extra++}` : `deployment-${extra++}`);
  plan.length = k;
  for (const item of plan) {
    switch (item) {
      case 'deployment': add('deploy/deployment.yaml', deployment(rng, ctx, svc, counts)); break;
      case 'service': add('deploy/service.yaml', service(rng, ctx, svc, counts)); break;
      case 'deploy+svc': add('deploy/app.yaml', multi(deployment(rng, ctx, svc, counts), service(rng, ctx, svc, counts))); break;
      case 'configmap': add('deploy/configmap.yaml', configMap(rng, ctx, `${svc}-config`, counts)); break;
      case 'hpa': add('deploy/hpa.yaml', hpa(rng, ctx, svc, counts)); break;
      case 'pdb': add('deploy/pdb.yaml', pdb(rng, ctx, svc, counts)); break;
      case 'pdb+hpa': add('deploy/availability.yaml', multi(pdb(rng, ctx, svc, counts), hpa(rng, ctx, `${svc}-v2`, counts))); break;
      case 'serviceaccount': add('deploy/serviceaccount.yaml', serviceAccount(rng, ctx, svc, counts)); break;
      case 'worker': add('deploy/worker.yaml', deployment(rng, ctx, `${svc}-worker`, counts)); break;
      case 'canary': add('deploy/canary.yaml', multi(deployment(rng, ctx, `${svc}-canary`, counts), pdb(rng, ctx, `${svc}-canary`, counts))); break;
      case 'bundle':
        add('deploy/bundle.yaml', multi(configMap(rng, ctx, `${svc}-env`, counts), serviceAccount(rng, ctx, `${svc}-jobs`, counts),
          service(rng, ctx, `${svc}-internal`, counts)));
        break;
      default:
        if (item.startsWith('configmap-')) add(`deploy/${item}.yaml`, configMap(rng, ctx, `${svc}-${item}`, counts));
        else add(`deploy/${item}.yaml`, deployment(rng, ctx, `${svc}-${item.slice('deployment-'.length)}`, counts));
    }
  }
  return files;
}

// ---------------------------------------------------------------- main

export function generate({ out, manifests = DEFAULTS.manifests, dockerfiles = DEFAULTS.dockerfiles, seed = DEFAULTS.seed,
  stamp = defaultStampPath(out), force = false }) {
  const t0 = process.hrtime.bigint();
  out = resolve(out);
  if (existsSync(out) && readdirSync(out).length > 0) {
    if (!force && !existsSync(stamp)) {
      throw new Error(`${out} is not empty and has no generator stamp (${stamp}); pass --force to overwrite it`);
    }
    rmSync(out, { recursive: true, force: true });
  }
  mkdirSync(out, { recursive: true });

  const rng = makeRng(seed);
  const services = dockerfiles > 0 ? dockerfiles : Math.max(1, Math.ceil(manifests / 10));
  const counts = {
    files: { total: 0, manifest: 0, dockerfile: 0, gomod: 0, dockerignore: 0 },
    objects: { Deployment: 0, Service: 0, HorizontalPodAutoscaler: 0, PodDisruptionBudget: 0, ConfigMap: 0, ServiceAccount: 0 },
    faults: {
      imageLatestTag: 0, noReadinessProbe: 0, noLivenessProbe: 0, noResourceRequests: 0,
      goToolchainMismatch: 0, copyBeforeModDownload: 0, baseImageLatest: 0, runtimeStageGolang: 0,
    },
    deploymentLines: [],
  };
  let bytes = 0;
  const dirs = new Set();
  const write = (path, content) => {
    const d = dirname(path);
    if (!dirs.has(d)) { mkdirSync(d, { recursive: true }); dirs.add(d); }
    writeFileSync(path, content);
    bytes += Buffer.byteLength(content);
    counts.files.total++;
  };

  const base = Math.floor(manifests / services);
  const rem = manifests % services;
  for (let s = 0; s < services; s++) {
    const svc = `${DOMAINS[s % DOMAINS.length]}-${ROLES[Math.floor(s / DOMAINS.length) % ROLES.length]}-${String(s).padStart(4, '0')}`;
    const ctx = { svc, ns: rng.pick(NAMESPACES), system: DOMAINS[s % DOMAINS.length], port: rng.pick([8080, 8080, 8080, 8000, 3000, 9000]) };
    const dir = join(out, 'services', svc);
    const goMinor = rng.pick(GO_MINORS);
    const goVersion = goMinor >= 21 && rng.chance(0.5) ? `1.${goMinor}.${rng.int(0, LATEST_PATCH[goMinor])}` : (goMinor >= 21 && rng.chance(0.5) ? `1.${goMinor}.0` : `1.${goMinor}`);
    write(join(dir, 'go.mod'), goModFile(rng, svc, goVersion, counts));
    if (s < dockerfiles) {
      write(join(dir, 'Dockerfile'), dockerfile(rng, svc, goVersion, counts));
      if (rng.chance(0.7)) {
        counts.files.dockerignore++;
        write(join(dir, '.dockerignore'), '.git\nbin/\n*.env\ndeploy/\n');
      }
    }
    const k = base + (s < rem ? 1 : 0);
    for (const [rel, content] of manifestsFor(rng, ctx, k, counts)) write(join(dir, rel), content);
  }

  const dl = counts.deploymentLines;
  const objectsTotal = Object.values(counts.objects).reduce((a, b) => a + b, 0);
  const result = {
    generator: 'kubewhy-bench',
    version: GENERATOR_VERSION,
    generatorHash: generatorHash(),
    params: { manifests, dockerfiles, seed },
    out,
    services,
    files: counts.files,
    objects: { total: objectsTotal, ...counts.objects },
    deploymentLines: dl.length
      ? { min: Math.min(...dl), max: Math.max(...dl), mean: Math.round(dl.reduce((a, b) => a + b, 0) / dl.length) }
      : null,
    // What the generator meant to seed (per container / Dockerfile); a guide, not a test oracle.
    seededFaults: counts.faults,
    bytes,
    generatedAt: new Date().toISOString(),
    elapsedMs: Number(process.hrtime.bigint() - t0) / 1e6,
  };
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, JSON.stringify(result, null, 2) + '\n');
  return result;
}

function parseArgs(argv) {
  const opts = { ...DEFAULTS, out: undefined, stamp: undefined, force: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const num = () => {
      const v = Number(val());
      if (!Number.isInteger(v) || v < 0) throw new Error(`${a} needs a non-negative integer`);
      return v;
    };
    switch (a) {
      case '--out': opts.out = val(); break;
      case '--manifests': opts.manifests = num(); break;
      case '--dockerfiles': opts.dockerfiles = num(); break;
      case '--seed': opts.seed = num(); break;
      case '--stamp': opts.stamp = val(); break;
      case '--force': opts.force = true; break;
      case '-h': case '--help':
        process.stdout.write('usage: node bench/generate.mjs --out DIR [--manifests 5000] [--dockerfiles 500] [--seed 1] [--stamp FILE] [--force]\n');
        process.exit(0);
        break;
      default: throw new Error(`unknown argument: ${a}`);
    }
  }
  if (!opts.out) throw new Error('--out DIR is required');
  opts.stamp = opts.stamp ? resolve(opts.stamp) : defaultStampPath(opts.out);
  return opts;
}

if (process.argv[1] && resolve(process.argv[1]) === GENERATOR_FILE) {
  try {
    const r = generate(parseArgs(process.argv.slice(2)));
    const f = r.files;
    const o = r.objects;
    process.stdout.write(
      `generated ${r.out}\n` +
      `  services:    ${r.services}\n` +
      `  files:       ${f.total} (manifests ${f.manifest}, Dockerfiles ${f.dockerfile}, go.mod ${f.gomod}, .dockerignore ${f.dockerignore})\n` +
      `  objects:     ${o.total} (Deployment ${o.Deployment}, Service ${o.Service}, HPA ${o.HorizontalPodAutoscaler}, ` +
      `PDB ${o.PodDisruptionBudget}, ConfigMap ${o.ConfigMap}, ServiceAccount ${o.ServiceAccount})\n` +
      (r.deploymentLines ? `  Deployment lines: min ${r.deploymentLines.min}, mean ${r.deploymentLines.mean}, max ${r.deploymentLines.max}\n` : '') +
      `  seeded:      ${Object.entries(r.seededFaults).map(([k, v]) => `${k} ${v}`).join(', ')}\n` +
      `  size:        ${(r.bytes / 1048576).toFixed(1)} MiB in ${r.elapsedMs.toFixed(0)} ms (seed ${r.params.seed})\n`,
    );
  } catch (err) {
    process.stderr.write(`generate: ${err.message}\n`);
    process.exit(2);
  }
}
