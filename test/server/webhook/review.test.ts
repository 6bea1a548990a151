import { describe, expect, it } from 'vitest';
import { defaultConfig, defaultWebhookConfig, type Config } from '../../../src/core/config.js';
import type { JsonObject } from '../../../src/model/manifest.js';
import { RULES } from '../../../src/rules/index.js';
import { parseAdmissionReview } from '../../../src/server/webhook/admission.js';
import { MAX_WARNING_RUNES, MAX_WARNINGS_RUNES } from '../../../src/server/webhook/messages.js';
import { judge, review, type Verdict } from '../../../src/server/webhook/review.js';
import { admissionRuleSet } from '../../../src/server/webhook/rule-set.js';
import { admissionReview, batchContainer, container, cronJob, deployment, pod, requestOf, type ReviewOptions } from './fixtures.js';

const RULE_SET = admissionRuleSet(RULES, defaultConfig());

function verdict(object: JsonObject, opts: ReviewOptions = {}, rules = RULE_SET): Verdict {
  return judge(requestOf(admissionReview(object, opts)), rules);
}

/** rule id → action of every finding, the compact view most cases compare. */
function acted(v: Verdict): string[] {
  return v.findings.map((f) => `${f.finding.ruleId}:${f.action}`);
}

function withWebhook(webhook: Partial<ReturnType<typeof defaultWebhookConfig>>, rules: Config['rules'] = {}) {
  const config = defaultConfig();
  config.rules = rules;
  config.webhook = { ...defaultWebhookConfig(), ...webhook };
  return admissionRuleSet(RULES, config);
}

const rootUid = (): JsonObject => deployment({ spec: { securityContext: { runAsNonRoot: true, runAsUser: 0 } } });
const badGomemlimit = (value: string): JsonObject => deployment({ containers: [container('app', { env: [{ name: 'GOMEMLIMIT', value }] })] });

describe('review: the rule set', () => {
  it('runs only rules that need nothing but manifests, once chosen at startup', () => {
    expect(RULE_SET.rules.length).toBeGreaterThan(40);
    expect(RULE_SET.rules.every((r) => r.meta.needs.every((n) => n === 'manifests'))).toBe(true);
    expect(RULE_SET.rules.map((r) => r.meta.id)).not.toContain('no-sigterm-handling');
    const off = admissionRuleSet(RULES, { ...defaultConfig(), rules: { 'image-latest-tag': { enabled: false } } });
    expect(off.rules.map((r) => r.meta.id)).not.toContain('image-latest-tag');
  });
});

describe('review: CREATE', () => {
  it('admits a well-configured Deployment with no warnings', () => {
    const v = verdict(deployment());
    expect(v.findings).toEqual([]);
    expect(v.decision).toBe('allowed');
    expect(v.review).toEqual({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: '705ab4f5-6393-11e8-b7cc-42010a800002', allowed: true } });
  });

  it('denies error findings with 403 and a message naming each rule, fault, field and fix', () => {
    const v = verdict(rootUid(), { uid: 'c0ffee' });
    expect(v.decision).toBe('denied');
    const res = v.review.response!;
    expect(res.uid).toBe('c0ffee');
    expect(res.allowed).toBe(false);
    expect(res.status?.code).toBe(403);
    expect(res.status?.reason).toBe('Forbidden');
    expect(res.status?.message).toBe(
      [
        'kubewhy: Deployment shop/api has 1 finding that blocks admission:',
        '[1] run-as-non-root-with-root-uid (C3, error): container "app" has runAsNonRoot: true and runAsUser: 0: the kubelet refuses to start it (CreateContainerConfigError: "container\'s runAsUser breaks non-root policy")',
        '    at spec.template.spec.securityContext.runAsUser',
        "    fix: Run as the image's non-root user (distroless: 65532), e.g.",
        '      securityContext:',
        '        runAsNonRoot: true',
        '        runAsUser: 65532',
        'Details: kubewhy explain run-as-non-root-with-root-uid. To accept a finding, annotate the object (or its pod template): kubewhy.dev/ignore: "run-as-non-root-with-root-uid"',
      ].join('\n'),
    );
  });

  it('lists every denied finding, and returns the warn-level ones as warnings beside the denial', () => {
    const obj = deployment({
      spec: { securityContext: { runAsNonRoot: true, runAsUser: 0 } },
      containers: [container('app', { image: 'registry.example.com/shop/api:latest', env: [{ name: 'GOMEMLIMIT', value: '512MB' }] })],
    });
    const v = verdict(obj);
    // In field order: containers[0].env, containers[0].image, securityContext.
    expect(acted(v)).toEqual(['gomemlimit-invalid:deny', 'image-latest-tag:warn', 'run-as-non-root-with-root-uid:deny']);
    const message = v.review.response!.status!.message;
    expect(message).toMatch(/^kubewhy: Deployment shop\/api has 2 findings that block admission:\n\[1\] gomemlimit-invalid \(E1, error\): GOMEMLIMIT "512MB" is not a Go byte count/);
    expect(message).toContain('\n    at spec.template.spec.containers[0].env[0].value\n    fix: Write the value in Go units');
    expect(message).toContain('\n[2] run-as-non-root-with-root-uid (C3, error): container "app" has runAsNonRoot: true');
    expect(message).toMatch(/\nDetails: kubewhy explain gomemlimit-invalid\. To accept a finding, annotate the object \(or its pod template\): kubewhy\.dev\/ignore: "gomemlimit-invalid"$/);
    expect(v.review.response!.warnings).toEqual([
      'kubewhy image-latest-tag (B7) at spec.template.spec.containers[0].image: container "app" uses the mutable tag in registry.example.com/shop/api:latest; with imagePullPolicy IfNotPresent nodes keep a stale copy',
    ]);
  });

  it('admits warning-level findings with one warning line each', () => {
    const v = verdict(deployment({ containers: [container('app', { env: [{ name: 'GOMEMLIMIT', value: '1GiB' }] })] }));
    expect(v.decision).toBe('warned');
    expect(v.review.response).toEqual({
      uid: '705ab4f5-6393-11e8-b7cc-42010a800002',
      allowed: true,
      warnings: [
        'kubewhy gomemlimit-above-limit (E1) at spec.template.spec.containers[0].env[0].value: GOMEMLIMIT 1GiB is not below the 256Mi memory limit of container "app": the container is OOMKilled before the GC reacts (use ~90 %: "230MiB")',
      ],
    });
  });

  it('reviews a bare Pod (its fields live under spec, not spec.template)', () => {
    const v = verdict(pod('debug', [container('app', { image: 'registry.example.com/shop/api:latest' })]));
    expect(acted(v)).toEqual(['image-latest-tag:warn']);
    expect(v.findings[0]!.finding.subject.fieldPath).toBe('spec.containers[0].image');
  });

  it('reviews a CronJob down to its job template', () => {
    const v = verdict(cronJob('report', '*/5 * * * *', [batchContainer('report', { env: [{ name: 'GOMEMLIMIT', value: '1GB' }] })]));
    expect(v.decision).toBe('denied');
    expect(acted(v)).toEqual(['gomemlimit-invalid:deny']);
    expect(v.findings[0]!.finding.subject.fieldPath).toBe('spec.jobTemplate.spec.template.spec.containers[0].env[0].value');
    expect(verdict(cronJob('report', '*/5 * * * *', [batchContainer('report')])).decision).toBe('allowed');
  });

  it('judges a PodDisruptionBudget on its own', () => {
    const pdb = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'api' }, spec: { maxUnavailable: 0, selector: { matchLabels: { app: 'api' } } } };
    expect(acted(verdict(pdb))).toEqual(['pdb-blocks-disruption:warn']);
  });

  it('fills in the namespace the API server leaves out, and names generateName objects', () => {
    const obj = pod('', [container('app')], { generateName: 'debug-' });
    delete (obj.metadata as JsonObject).name;
    const v = verdict(obj, { namespace: 'team-a' });
    expect(v.object).toEqual({ kind: 'Pod', namespace: 'team-a', name: 'debug-' });
  });
});

describe('review: actions from config', () => {
  it('a per-rule action wins over the severity default', () => {
    const rules = withWebhook({ rules: { 'image-latest-tag': 'deny', 'run-as-non-root-with-root-uid': 'audit' } });
    const latest = verdict(deployment({ containers: [container('app', { image: 'registry.example.com/shop/api:latest' })] }), {}, rules);
    expect(latest.decision).toBe('denied');
    expect(latest.review.response!.status!.message).toContain('[1] image-latest-tag (B7, warning)');
    const audited = verdict(rootUid(), {}, rules);
    expect(audited.decision).toBe('allowed');
    expect(acted(audited)).toEqual(['run-as-non-root-with-root-uid:audit']);
    expect(audited.review.response).toEqual({ uid: '705ab4f5-6393-11e8-b7cc-42010a800002', allowed: true });
  });

  it('severity defaults can be changed, and a severity override in rules: moves the finding with it', () => {
    const warnOnly = withWebhook({ actions: { error: 'warn', warning: 'audit', info: 'audit' } });
    expect(acted(verdict(rootUid(), {}, warnOnly))).toEqual(['run-as-non-root-with-root-uid:warn']);
    const demoted = withWebhook({}, { 'run-as-non-root-with-root-uid': { severity: 'info' } });
    expect(acted(verdict(rootUid(), {}, demoted))).toEqual(['run-as-non-root-with-root-uid:audit']);
  });
});

describe('review: what is not reviewed', () => {
  it.each([
    ['DELETE', { operation: 'DELETE' as const }, 'DELETE is not reviewed'],
    ['CONNECT', { operation: 'CONNECT' as const }, 'CONNECT is not reviewed'],
    ['a status write', { operation: 'UPDATE' as const, subResource: 'status' }, 'subresource status is not reviewed'],
  ])('%s is admitted at once', (_name, opts, reason) => {
    const v = verdict(rootUid(), opts);
    expect(v.decision).toBe('skipped');
    expect(v.reason).toBe(reason);
    expect(v.review.response).toEqual({ uid: '705ab4f5-6393-11e8-b7cc-42010a800002', allowed: true });
  });

  it('admits kinds no rule judges, without reading the object (a Secret never reaches the loader)', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, data: { password: 'aHVudGVyMg==' } };
    const v = verdict(secret);
    expect(v.decision).toBe('skipped');
    expect(v.reason).toBe('Secret is not reviewed');
    expect(JSON.stringify(v)).not.toContain('aHVudGVyMg==');
  });

  it('does not review a kind name from another API group', () => {
    const crd = { apiVersion: 'example.com/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: {} };
    const req = requestOf(admissionReview(crd));
    req.kind = { group: 'example.com', version: 'v1', kind: 'Deployment' };
    expect(judge(req, RULE_SET).reason).toBe('Deployment.example.com is not reviewed');
  });

  it('skips objects a reviewed controller creates from its template (no triple counting, no FailedCreate loops)', () => {
    const owned = pod('api-7f9c-x2x', [container('app', { image: 'registry.example.com/shop/api:latest' })], {
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'api-7f9c', uid: 'u-1', controller: true, blockOwnerDeletion: true }],
    });
    const v = verdict(owned);
    expect(v.decision).toBe('skipped');
    expect(v.reason).toBe('created by ReplicaSet api-7f9c, whose template was reviewed');
    // An operator's pods were never reviewed as a template: they are judged themselves.
    (owned.metadata as JsonObject).ownerReferences = [{ apiVersion: 'example.com/v1', kind: 'Rollout', name: 'api', uid: 'u-2', controller: true }];
    expect(acted(verdict(owned))).toEqual(['image-latest-tag:warn']);
  });
});

describe('review: exemptions and the ignore annotation', () => {
  it('admits exempt namespaces and objects unreviewed', () => {
    const rules = withWebhook({ exemptNamespaces: ['kube-*', 'legacy'], exemptObjects: [{ namespace: 'shop', kind: 'Deployment', name: 'old-*' }] });
    expect(verdict(rootUid(), { namespace: 'kube-system' }, rules).reason).toBe('namespace kube-system is exempt');
    expect(verdict(rootUid(), { namespace: 'legacy' }, rules).reason).toBe('namespace legacy is exempt');
    const old = rootUid();
    (old.metadata as JsonObject).name = 'old-billing';
    expect(verdict(old, {}, rules).reason).toBe('Deployment shop/old-billing is exempt');
    expect(verdict(old, { namespace: 'other' }, rules).decision).toBe('denied');
    expect(verdict(rootUid(), {}, rules).decision).toBe('denied');
  });

  it('honours kubewhy.dev/ignore on the object, and kubewhy.dev/ignore.<container> on the pod template', () => {
    const onObject = deployment({ spec: { securityContext: { runAsNonRoot: true, runAsUser: 0 } }, annotations: { 'kubewhy.dev/ignore': 'run-as-non-root-with-root-uid' } });
    expect(verdict(onObject).decision).toBe('allowed');
    const perContainer = deployment({
      containers: [container('app', { env: [{ name: 'GOMEMLIMIT', value: '512MB' }] })],
      templateAnnotations: { 'kubewhy.dev/ignore.app': 'E1' },
    });
    expect(verdict(perContainer).decision).toBe('allowed');
    const otherContainer = deployment({
      containers: [container('app', { env: [{ name: 'GOMEMLIMIT', value: '512MB' }] })],
      templateAnnotations: { 'kubewhy.dev/ignore.sidecar': 'E1' },
    });
    expect(verdict(otherContainer).decision).toBe('denied');
  });
});

describe('review: UPDATE', () => {
  it('admits an update that changes no spec, label or annotation without running the rules', () => {
    const old = rootUid();
    const v = verdict({ ...old, status: { replicas: 2, readyReplicas: 1 } }, { operation: 'UPDATE', oldObject: old });
    expect(v.decision).toBe('skipped');
    expect(v.reason).toBe('the update changes no spec, label or annotation');
  });

  it('denies a finding the update introduces', () => {
    const v = verdict(rootUid(), { operation: 'UPDATE', oldObject: deployment() });
    expect(v.decision).toBe('denied');
    expect(v.findings.map((f) => f.preExisting)).toEqual([false]);
  });

  it('only warns about a finding the object already had, so unrelated changes are not blocked', () => {
    const old = rootUid();
    const changed = rootUid();
    (changed.spec as JsonObject).replicas = 3;
    const v = verdict(changed, { operation: 'UPDATE', oldObject: old });
    expect(v.decision).toBe('warned');
    expect(acted(v)).toEqual(['run-as-non-root-with-root-uid:warn']);
    const [warning] = v.review.response!.warnings!;
    // Clipped at the API server's 256-rune item limit; rule and field come first, so they survive.
    expect(warning).toMatch(/^kubewhy run-as-non-root-with-root-uid \(C3, already there before this update\) at spec\.template\.spec\.securityContext\.runAsUser: container "app" has runAsNonRoot: true and runAsUser: 0: the kubelet refuses .*…$/);
    expect([...warning!]).toHaveLength(MAX_WARNING_RUNES);
  });
});

describe('review: dry run', () => {
  it('gives a server-side dry run the verdict the real request would get, flagged as a dry run', () => {
    const real = verdict(rootUid());
    const dry = verdict(rootUid(), { dryRun: true });
    expect(dry.dryRun).toBe(true);
    expect(real.dryRun).toBe(false);
    expect(dry.review).toEqual(real.review);
  });
});

describe('review: warnings stay inside the API server limits', () => {
  it('keeps each warning one line of ≤ 256 runes and all of them ≤ 2048, with a count of the rest', () => {
    const containers = Array.from({ length: 40 }, (_, i) =>
      container(`worker-with-a-long-descriptive-name-${i}`, { image: `registry.example.com/some/quite/deeply/nested/repository/path/image-${i}:latest` }),
    );
    const v = verdict(deployment({ containers }));
    expect(acted(v).filter((a) => a === 'image-latest-tag:warn')).toHaveLength(40);
    const warnings = v.review.response!.warnings!;
    const runes = (s: string): number => [...s].length;
    expect(warnings.every((w) => runes(w) <= MAX_WARNING_RUNES && !/[\u0000-\u001f]/.test(w))).toBe(true);
    expect(warnings.reduce((n, w) => n + runes(w), 0)).toBeLessThanOrEqual(MAX_WARNINGS_RUNES);
    const shown = warnings.length - 1;
    expect(warnings.at(-1)).toBe(`kubewhy: ${40 - shown} more findings not shown (kubewhy lint on the manifest lists them all)`);
    expect(shown).toBeGreaterThan(5);
  });
});

describe('review(): AdmissionReview in, AdmissionReview out', () => {
  it('round-trips a serialized review as the API server sends it', () => {
    const parsed = parseAdmissionReview(JSON.stringify(admissionReview(rootUid(), { uid: 'abc-123' })));
    if ('error' in parsed) throw new Error(parsed.error);
    const out = review(parsed.review, RULE_SET);
    expect(out.apiVersion).toBe('admission.k8s.io/v1');
    expect(out.kind).toBe('AdmissionReview');
    expect(out.response?.uid).toBe('abc-123');
    expect(out.response?.allowed).toBe(false);
    expect(out.request).toBeUndefined();
  });
});

describe('parseAdmissionReview: malformed input', () => {
  const ok = admissionReview(deployment());
  const withRequest = (patch: JsonObject): string => JSON.stringify({ ...ok, request: { ...(ok.request as JsonObject), ...patch } });
  it.each([
    ['{"apiVersion":', /^body is not JSON \(/],
    ['[1,2]', /^body is not a JSON object$/],
    [JSON.stringify({ ...ok, kind: 'Deployment' }), /^kind is "Deployment", expected AdmissionReview$/],
    [JSON.stringify({ ...ok, apiVersion: 'admission.k8s.io/v1beta1' }), /^apiVersion is "admission\.k8s\.io\/v1beta1", expected admission\.k8s\.io\/v1 \(set admissionReviewVersions: \[v1\]\)$/],
    [JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }), /^request is missing$/],
    [withRequest({ uid: '' }), /^request\.uid is missing$/],
    [withRequest({ operation: 'PATCH' }), /^request\.operation is "PATCH"$/],
    [withRequest({ kind: 'Deployment' }), /^request\.kind must be \{group, version, kind\}$/],
    [withRequest({ object: [1] }), /^request\.object is not an object$/],
  ])('%s', (body, message) => {
    const r = parseAdmissionReview(body);
    expect('error' in r && r.error).toMatch(message);
  });

  it('never quotes the body in its message (it may carry Secret data)', () => {
    const r = parseAdmissionReview('{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"object":{"data":{"password":"hunter2"}}');
    expect('error' in r && r.error).not.toContain('hunter2');
  });
});
