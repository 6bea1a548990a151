import type { Json, JsonObject } from '../../model/manifest.js';
import { isJsonObject } from '../../model/pod-templates.js';

/** admission.k8s.io/v1 AdmissionReview, the fields the webhook reads and writes. */
export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export interface AdmissionRequest {
  uid: string;
  kind: GroupVersionKind;
  operation: Operation;
  namespace?: string;
  name?: string;
  subResource?: string;
  dryRun?: boolean;
  object?: JsonObject | null;
  oldObject?: JsonObject | null;
  userInfo?: { username?: string };
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: { code: number; message: string; reason?: string };
  warnings?: string[];
}

export interface AdmissionReview {
  apiVersion: 'admission.k8s.io/v1';
  kind: 'AdmissionReview';
  request?: AdmissionRequest;
  response?: AdmissionResponse;
}

const OPERATIONS: readonly string[] = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'] satisfies Operation[];

/**
 * Checks the envelope the API server sends; anything else is a client error the caller answers
 * with 400 and this message (which never quotes the body: it may carry Secret data).
 */
export function parseAdmissionReview(text: string): { review: AdmissionReview & { request: AdmissionRequest } } | { error: string } {
  let body: Json;
  try {
    body = JSON.parse(text) as Json;
  } catch (err) {
    return { error: `body is not JSON (${err instanceof Error ? err.message : String(err)})` };
  }
  if (!isJsonObject(body)) return { error: 'body is not a JSON object' };
  if (body.kind !== 'AdmissionReview') return { error: `kind is ${describe(body.kind)}, expected AdmissionReview` };
  if (body.apiVersion !== 'admission.k8s.io/v1') {
    return { error: `apiVersion is ${describe(body.apiVersion)}, expected admission.k8s.io/v1 (set admissionReviewVersions: [v1])` };
  }
  const req = body.request;
  if (!isJsonObject(req)) return { error: 'request is missing' };
  if (typeof req.uid !== 'string' || req.uid === '') return { error: 'request.uid is missing' };
  if (typeof req.operation !== 'string' || !OPERATIONS.includes(req.operation)) return { error: `request.operation is ${describe(req.operation)}` };
  const kind = req.kind;
  if (!isJsonObject(kind) || typeof kind.kind !== 'string' || typeof kind.version !== 'string' || typeof kind.group !== 'string') {
    return { error: 'request.kind must be {group, version, kind}' };
  }
  for (const field of ['object', 'oldObject'] as const) {
    const v = req[field];
    if (v !== undefined && v !== null && !isJsonObject(v)) return { error: `request.${field} is not an object` };
  }
  const request: AdmissionRequest = {
    uid: req.uid,
    kind: { group: kind.group, version: kind.version, kind: kind.kind },
    operation: req.operation as Operation,
    ...(typeof req.namespace === 'string' ? { namespace: req.namespace } : {}),
    ...(typeof req.name === 'string' ? { name: req.name } : {}),
    ...(typeof req.subResource === 'string' ? { subResource: req.subResource } : {}),
    ...(req.dryRun === true ? { dryRun: true } : {}),
    ...(isJsonObject(req.object) ? { object: req.object } : {}),
    ...(isJsonObject(req.oldObject) ? { oldObject: req.oldObject } : {}),
    ...(isJsonObject(req.userInfo) && typeof req.userInfo.username === 'string' ? { userInfo: { username: req.userInfo.username } } : {}),
  };
  return { review: { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request } };
}

function describe(v: Json | undefined): string {
  if (v === undefined) return 'missing';
  return typeof v === 'string' ? JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v) : `a ${Array.isArray(v) ? 'list' : v === null ? 'null' : typeof v}`;
}

export function respond(uid: string, response: Omit<AdmissionResponse, 'uid'>): AdmissionReview {
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid, ...response } };
}
