// The real kube-apiserver calls the kubewhy webhook over TLS: a ValidatingWebhookConfiguration
// taken from deploy/kubernetes (its rules and matchConditions as shipped), registered by URL
// (https://127.0.0.1:<port>/validate) with the caBundle `kubewhy webhook certs` would print, and
// scoped by namespaceSelector to this test's namespace only, so the other e2e files running
// against the same API server never reach it. failurePolicy Fail here (unlike the shipped
// Ignore) so a webhook that is not called cannot pass for one that admits.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { defaultConfig } from '../../src/core/config.js';
import { RULES } from '../../src/rules/index.js';
import { generateWebhookCerts } from '../../src/server/webhook/certs.js';
import { webhookLog } from '../../src/server/webhook/log.js';
import { webhookMetrics, type WebhookMetrics } from '../../src/server/webhook/metrics.js';
import { admissionRuleSet } from '../../src/server/webhook/rule-set.js';
import { startWebhookServer, type WebhookServer } from '../../src/server/webhook/server.js';
import { admin, describeCluster, newNamespace } from './harness/context.js';
import { collectionPath, waitFor, type Kube, type KubeObject, type KubeResponse } from './harness/kube.js';

const IMAGE = 'registry.example.com/shop/api:1.4.2';
const SHIPPED = join(new URL('.', import.meta.url).pathname, '../../deploy/kubernetes/kubewhy-webhook.yaml');
const shipped = parseAllDocuments(readFileSync(SHIPPED, 'utf8')).map((d) => d.toJS() as KubeObject);

let kube: Kube;
let ns = '';
let dir = '';
let server: WebhookServer | undefined;
let metrics: WebhookMetrics;
let configName = '';
const logLines: string[] = [];

/** A Deployment the rules have nothing against, with `change` applied to its container. */
function deployment(name: string, change: Record<string, unknown> = {}, podSpec: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } },
          terminationGracePeriodSeconds: 0,
          containers: [
            {
              name: 'app',
              image: IMAGE,
              ports: [{ name: 'http', containerPort: 8080 }],
              env: [{ name: 'GOMEMLIMIT', value: '230MiB' }, { name: 'GOMAXPROCS', value: '1' }],
              resources: { requests: { cpu: '10m', memory: '256Mi' }, limits: { memory: '256Mi' } },
              readinessProbe: { httpGet: { path: '/readyz', port: 'http' }, periodSeconds: 5 },
              livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10, timeoutSeconds: 2 },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
              ...change,
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
          ...podSpec,
        },
      },
    },
  };
}

const deployments = (): string => `/apis/apps/v1/namespaces/${ns}/deployments`;
const apiMessage = (r: KubeResponse): string => (r.body as { message?: string } | undefined)?.message ?? '';
/** The Warning header quotes its text; Kube.raw strips the `299 - "…"` wrapper but not the escapes. */
const unescape = (w: string): string => w.replace(/\\(["\\])/g, '$1');

describeCluster('webhook: the API server calls kubewhy over TLS', () => {
  beforeAll(async () => {
    kube = admin();
    ns = await newNamespace(kube, 'webhook');
    dir = mkdtempSync(join(tmpdir(), 'kubewhy-e2e-webhook-'));
    const certs = generateWebhookCerts({ service: 'kubewhy-webhook', namespace: 'kubewhy', hosts: ['127.0.0.1'] });
    writeFileSync(join(dir, 'tls.crt'), certs.cert);
    writeFileSync(join(dir, 'tls.key'), certs.key);
    metrics = webhookMetrics();
    server = await startWebhookServer({
      port: 0,
      host: '127.0.0.1',
      files: { cert: join(dir, 'tls.crt'), key: join(dir, 'tls.key') },
      rules: admissionRuleSet(RULES, defaultConfig()),
      metrics,
      log: webhookLog('json', (l) => logLines.push(l)),
    });
    // Created before the webhook exists: debt an UPDATE must not be blocked by.
    await kube.create(deployments(), deployment('legacy', { env: [{ name: 'GOMEMLIMIT', value: '512MB' }] }));
    configName = `kubewhy-e2e-${ns}`;
    const vwc = shipped.find((o) => o.kind === 'ValidatingWebhookConfiguration')!;
    const [hook] = vwc.webhooks as Record<string, unknown>[];
    await kube.create('/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations', {
      ...vwc,
      metadata: { name: configName },
      webhooks: [
        {
          ...hook,
          clientConfig: { url: `https://127.0.0.1:${server.port}/validate`, caBundle: certs.caBundle },
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } },
          failurePolicy: 'Fail',
        },
      ],
    });
    // The API server picks the configuration up from its informer: wait until a bad object is refused.
    const probe = deployment('probe', { env: [{ name: 'GOMEMLIMIT', value: '1GB' }] });
    await waitFor(async () => (await kube.raw('POST', `${deployments()}?dryRun=All`, probe)).status === 403, { what: 'the webhook registration to take effect', timeoutMs: 30_000 });
  });

  afterAll(async () => {
    if (configName) await kube.delete(`/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/${configName}`);
    await server?.shutdown();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('denies a Deployment with an error finding; the message names the rule, field and fix', async () => {
    const r = await kube.raw('POST', deployments(), deployment('bad', { env: [{ name: 'GOMEMLIMIT', value: '512MB' }] }));
    expect(r.status).toBe(403);
    const message = apiMessage(r);
    expect(message).toMatch(new RegExp(`^admission webhook "validate\\.kubewhy\\.dev" denied the request: kubewhy: Deployment ${ns}/bad has 1 finding that blocks admission:\\n`));
    expect(message).toContain('\n[1] gomemlimit-invalid (E1, error): GOMEMLIMIT "512MB" is not a Go byte count: container "app" exits 2 at start');
    expect(message).toContain('\n    at spec.template.spec.containers[0].env[0].value\n    fix: Write the value in Go units, with headroom below the memory limit, e.g.\n');
    expect((await kube.raw('GET', `${deployments()}/bad`)).status).toBe(404);
  });

  it('admits a warn-level Deployment and the client gets the Warning header', async () => {
    const r = await kube.raw('POST', deployments(), deployment('latest', { image: 'registry.example.com/shop/api:latest' }));
    expect(r.status).toBe(201);
    expect(r.warnings.map(unescape)).toContain(
      'kubewhy image-latest-tag (B7) at spec.template.spec.containers[0].image: container "app" uses the mutable tag in registry.example.com/shop/api:latest',
    );
  });

  it('answers a server-side dry run with the real verdict and leaves nothing behind', async () => {
    const denied = await kube.raw('POST', `${deployments()}?dryRun=All`, deployment('dry-bad', { env: [{ name: 'GOMEMLIMIT', value: '2GB' }] }));
    expect(denied.status).toBe(403);
    expect(apiMessage(denied)).toContain('[1] gomemlimit-invalid (E1, error): GOMEMLIMIT "2GB" is not a Go byte count');
    const admitted = await kube.raw('POST', `${deployments()}?dryRun=All`, deployment('dry-good'));
    expect(admitted.status).toBe(201);
    expect((await kube.raw('GET', `${deployments()}/dry-good`)).status).toBe(404);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/kubewhy_webhook_reviews_total\{kind="Deployment",operation="CREATE",decision="denied",dry_run="true"\} [1-9]/);
    expect(text).toMatch(/kubewhy_webhook_reviews_total\{kind="Deployment",operation="CREATE",decision="allowed",dry_run="true"\} [1-9]/);
  });

  it('lets an UPDATE through an error the object already had, as a warning instead of a denial', async () => {
    const r = await kube.raw('PATCH', `${deployments()}/legacy`, { spec: { replicas: 3 } }, 'application/merge-patch+json');
    expect(r.status).toBe(200);
    expect(r.warnings.map(unescape).find((w) => w.includes('gomemlimit-invalid'))).toMatch(
      /^kubewhy gomemlimit-invalid \(E1, already there before this update\) at spec\.template\.spec\.containers\[0\]\.env\[0\]\.value: GOMEMLIMIT "512MB" is not a Go byte count/,
    );
  });

  it('admits a good Deployment with no warning from kubewhy', async () => {
    const r = await kube.raw('POST', deployments(), deployment('good'));
    expect(r.status).toBe(201);
    expect(r.warnings.filter((w) => w.includes('kubewhy'))).toEqual([]);
  });

  it('accepts every object of deploy/kubernetes (server-side dry run, schema and CEL checked by the API server)', async () => {
    for (const obj of shipped) {
      if (obj.kind === 'Namespace') continue;
      const namespaced = obj.kind !== 'ValidatingWebhookConfiguration';
      const body = { ...obj, metadata: { ...obj.metadata, ...(namespaced ? { namespace: ns } : { name: `${configName}-dry` }) } };
      const r = await kube.raw('POST', `${collectionPath(String(obj.apiVersion), String(obj.kind), namespaced ? ns : undefined)}?dryRun=All`, body);
      expect({ kind: obj.kind, status: r.status, message: apiMessage(r) }).toEqual({ kind: obj.kind, status: 201, message: '' });
    }
  });

  it('denies an UPDATE that introduces an error; matchConditions keep controller-made objects away', async () => {
    const patch = { spec: { template: { spec: { containers: [{ name: 'app', env: [{ name: 'GOMEMLIMIT', value: '230MB' }] }] } } } };
    const r = await kube.raw('PATCH', `${deployments()}/good`, patch, 'application/strategic-merge-patch+json');
    expect(r.status).toBe(403);
    expect(apiMessage(r)).toContain(`kubewhy: Deployment ${ns}/good has 1 finding that blocks admission:\n[1] gomemlimit-invalid (E1, error): GOMEMLIMIT "230MB"`);
    // The ReplicaSets and their Pods come from templates already reviewed: the shipped
    // matchConditions stop the API server from even calling the webhook for them.
    await waitFor(async () => (await kube.list(`/api/v1/namespaces/${ns}/pods`)).items.length >= 2, { what: 'pods of the admitted Deployments' });
    const text = await metrics.registry.metrics();
    expect(text).not.toMatch(/kubewhy_webhook_reviews_total\{kind="(ReplicaSet|Pod)"/);
    // A Pod nobody owns is reviewed.
    const bare = await kube.raw('POST', `/api/v1/namespaces/${ns}/pods`, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'bare' },
      spec: (deployment('bare', { image: 'registry.example.com/shop/api:latest' }).spec as { template: { spec: unknown } }).template.spec,
    });
    expect(bare.status).toBe(201);
    expect(bare.warnings.map(unescape)).toContain(
      'kubewhy image-latest-tag (B7) at spec.containers[0].image: container "app" uses the mutable tag in registry.example.com/shop/api:latest',
    );
    expect(logLines.join('')).not.toMatch(/"level":"error"/);
  });
});
