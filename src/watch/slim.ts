import { createHash } from 'node:crypto';
import { asObject, asString } from '../model/cluster.js';
import type { Json, JsonObject } from '../model/manifest.js';
import { redactSecret } from '../load/snapshot.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export interface Slim {
  raw: JsonObject;
  /** When the API server last changed the object (newest managedFields time), epoch ms. */
  changedAt: number | undefined;
  /** ConfigMaps: a digest of the values, which are not kept, so a change of content is still visible. */
  contentDigest?: string;
}

/**
 * What the watch cache keeps of an object: what the cluster rules read (src/rules/cluster,
 * src/triage), nothing more. managedFields (often the largest part of an object) and
 * last-applied annotations go; Node image lists go (hundreds of entries, read by no rule);
 * Secret values never enter memory and ConfigMap values are replaced by a digest, except the
 * CoreDNS Corefile, which the coredns rule parses.
 */
export function slim(kind: string, apiVersion: string, item: JsonObject): Slim {
  const meta = asObject(item.metadata) ?? {};
  const changedAt = newestManagedTime(meta);
  const { managedFields: _mf, ...keepMeta } = meta;
  const ann = asObject(keepMeta.annotations);
  if (ann && LAST_APPLIED in ann) {
    const { [LAST_APPLIED]: _la, ...rest } = ann;
    keepMeta.annotations = rest;
  }
  let raw: JsonObject = { ...item, apiVersion, kind, metadata: keepMeta };
  let contentDigest: string | undefined;
  if (kind === 'Node') {
    const status = asObject(raw.status);
    if (status) {
      const { images: _images, ...keep } = status;
      raw.status = keep;
    }
  } else if (kind === 'Secret') raw = redactSecret(raw);
  else if (kind === 'ConfigMap') {
    const coredns = asString(keepMeta.namespace) === 'kube-system' && asString(keepMeta.name) === 'coredns';
    const data = asObject(raw.data) ?? {};
    const bin = asObject(raw.binaryData) ?? {};
    contentDigest = createHash('sha256').update(JSON.stringify([data, bin])).digest('hex').slice(0, 16);
    raw.data = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, coredns && k === 'Corefile' ? v : '<omitted>']));
    if (raw.binaryData !== undefined) raw.binaryData = Object.fromEntries(Object.keys(bin).map((k) => [k, '']));
  }
  return { raw, changedAt, ...(contentDigest !== undefined ? { contentDigest } : {}) };
}

function newestManagedTime(meta: JsonObject): number | undefined {
  let newest: number | undefined;
  const fields: Json = meta.managedFields ?? [];
  for (const f of Array.isArray(fields) ? fields : []) {
    const t = Date.parse(asString(asObject(f)?.time) ?? '');
    if (!Number.isNaN(t) && (newest === undefined || t > newest)) newest = t;
  }
  return newest;
}
