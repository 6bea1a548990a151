import type { WebhookAction } from '../../core/config.js';
import { runRules } from '../../core/engine.js';
import type { Finding, InputError } from '../../core/finding.js';
import { applySuppressions } from '../../core/suppress.js';
import type { Json, JsonObject } from '../../model/manifest.js';
import { isJsonObject } from '../../model/pod-templates.js';
import { respond, type AdmissionRequest, type AdmissionReview, type Operation } from './admission.js';
import { exemption } from './exemptions.js';
import { denialMessage, warningLines, type ObjectLabel } from './messages.js';
import { objectWorkspace } from './object-workspace.js';
import { actionFor, type AdmissionRuleSet } from './rule-set.js';

/** Kinds some manifest rule can judge on their own, by API group. */
const REVIEWED: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['', new Set(['Pod'])],
  ['apps', new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'])],
  ['batch', new Set(['Job', 'CronJob'])],
  ['policy', new Set(['PodDisruptionBudget'])],
  ['autoscaling', new Set(['HorizontalPodAutoscaler'])],
  ['networking.k8s.io', new Set(['NetworkPolicy'])],
]);

/** Controllers that create reviewed objects from a template that was itself reviewed. */
const TEMPLATE_OWNERS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['apps', new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'])],
  ['batch', new Set(['Job', 'CronJob'])],
]);

export type Decision = 'allowed' | 'warned' | 'denied' | 'skipped';

export interface ActedFinding {
  finding: Finding;
  action: WebhookAction;
  /** UPDATE only: the old object had it too, so it cannot block the update. */
  preExisting: boolean;
}

export interface Verdict {
  review: AdmissionReview;
  decision: Decision;
  /** Why no rule ran, when skipped. */
  reason?: string;
  kind: string;
  operation: Operation;
  dryRun: boolean;
  /** Who sent the request (from userInfo), for the audit log. */
  user?: string;
  object: ObjectLabel;
  findings: ActedFinding[];
  /** Rules that crashed or an object the loader could not read: logged, never fatal. */
  errors: InputError[];
}

/** review() as the brief names it: AdmissionReview in, AdmissionReview out. */
export function review(admission: { request: AdmissionRequest }, rules: AdmissionRuleSet): AdmissionReview {
  return judge(admission.request, rules).review;
}

/**
 * The whole admission decision, pure: no I/O, no clock, no metrics (the server records those
 * from the verdict). dryRun requests get the same verdict, so `kubectl apply --dry-run=server`
 * previews exactly what a real apply would meet.
 */
export function judge(request: AdmissionRequest, rules: AdmissionRuleSet): Verdict {
  const object = request.object ?? request.oldObject ?? undefined;
  const label: ObjectLabel = {
    kind: request.kind.kind,
    namespace: request.namespace ?? '',
    name: request.name || nameOf(object) || '',
  };
  const base = {
    kind: request.kind.kind,
    operation: request.operation,
    dryRun: request.dryRun === true,
    ...(request.userInfo?.username ? { user: request.userInfo.username } : {}),
    object: label,
    findings: [],
    errors: [],
  };
  const skip = (reason: string): Verdict => ({ ...base, review: respond(request.uid, { allowed: true }), decision: 'skipped', reason });

  if (request.operation !== 'CREATE' && request.operation !== 'UPDATE') return skip(`${request.operation} is not reviewed`);
  if (request.subResource) return skip(`subresource ${request.subResource} is not reviewed`);
  if (!REVIEWED.get(request.kind.group)?.has(request.kind.kind)) return skip(`${kindName(request)} is not reviewed`);
  if (!request.object) return skip('the request carries no object');
  const exempt = exemption(label, rules.webhook);
  if (exempt) return skip(exempt);
  const owner = templateOwner(request.object);
  if (owner) return skip(`created by ${owner}, whose template was reviewed`);
  if (request.operation === 'UPDATE' && request.oldObject && !relevantChange(request.oldObject, request.object)) {
    return skip('the update changes no spec, label or annotation');
  }

  const now = findingsOf(request.object, request, rules);
  const before = request.operation === 'UPDATE' && request.oldObject ? findingsOf(request.oldObject, request, rules) : undefined;
  const existed = new Set(before?.findings.map(findingKey));
  const findings: ActedFinding[] = now.findings.map((finding) => {
    const preExisting = existed.has(findingKey(finding));
    const action = actionFor(finding, rules.webhook);
    // Debt the object already had must not block the update that may be fixing something else.
    return { finding, preExisting, action: preExisting && action === 'deny' ? 'warn' : action };
  });

  const denied = findings.filter((f) => f.action === 'deny').map((f) => f.finding);
  const warned = findings.filter((f) => f.action === 'warn');
  const warnings = warningLines(warned);
  const response =
    denied.length > 0
      ? { allowed: false, status: { code: 403, reason: 'Forbidden', message: denialMessage(label, denied) } }
      : { allowed: true };
  return {
    ...base,
    review: respond(request.uid, { ...response, ...(warnings.length > 0 ? { warnings } : {}) }),
    decision: denied.length > 0 ? 'denied' : warned.length > 0 ? 'warned' : 'allowed',
    findings,
    errors: now.errors,
  };
}

function findingsOf(object: JsonObject, request: AdmissionRequest, rules: AdmissionRuleSet): { findings: Finding[]; errors: InputError[] } {
  const withKind = typeof object.apiVersion === 'string' && typeof object.kind === 'string' ? object : { ...object, apiVersion: apiVersionOf(request), kind: request.kind.kind };
  const ws = objectWorkspace(withKind, request.namespace);
  const { findings, errors } = runRules(ws, rules.rules, rules.config);
  applySuppressions(findings, { ws, config: rules.config });
  // One object, no source lines: field order is what a reader of the manifest follows.
  const kept = findings.filter((f) => !f.suppressed).sort((a, b) => cmp(a.subject.fieldPath ?? '', b.subject.fieldPath ?? '') || cmp(a.ruleId, b.ruleId));
  return { findings: kept, errors: [...ws.inputErrors, ...errors] };
}

/** The same finding on the old and new object: rule, field and container (messages may quote changed values). */
function findingKey(f: Finding): string {
  return `${f.ruleId}\0${f.subject.fieldPath ?? ''}\0${f.subject.container ?? ''}`;
}

/** Status writes, finalizers and managedFields churn never change what the rules read. */
function relevantChange(before: JsonObject, after: JsonObject): boolean {
  const meta = (o: JsonObject): JsonObject => (isJsonObject(o.metadata) ? o.metadata : {});
  const same = (a: Json | undefined, b: Json | undefined): boolean => JSON.stringify(a) === JSON.stringify(b);
  return !(same(before.spec, after.spec) && same(meta(before).labels, meta(after).labels) && same(meta(before).annotations, meta(after).annotations));
}

function templateOwner(object: JsonObject): string | undefined {
  const refs = isJsonObject(object.metadata) ? object.metadata.ownerReferences : undefined;
  if (!Array.isArray(refs)) return undefined;
  for (const r of refs) {
    if (!isJsonObject(r) || r.controller !== true || typeof r.apiVersion !== 'string' || typeof r.kind !== 'string') continue;
    const group = r.apiVersion.includes('/') ? r.apiVersion.slice(0, r.apiVersion.indexOf('/')) : '';
    if (TEMPLATE_OWNERS.get(group)?.has(r.kind)) return `${r.kind} ${typeof r.name === 'string' ? r.name : ''}`.trim();
  }
  return undefined;
}

function nameOf(object: JsonObject | undefined): string | undefined {
  const meta = object && isJsonObject(object.metadata) ? object.metadata : undefined;
  const name = meta?.name ?? meta?.generateName;
  return typeof name === 'string' ? name : undefined;
}

function apiVersionOf(request: AdmissionRequest): string {
  return request.kind.group ? `${request.kind.group}/${request.kind.version}` : request.kind.version;
}

function kindName(request: AdmissionRequest): string {
  return request.kind.group ? `${request.kind.kind}.${request.kind.group}` : request.kind.kind;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
