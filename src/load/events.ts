import type { ClusterEvent } from '../model/cluster.js';
import { asNumber, asObject, asString } from '../model/cluster.js';
import type { Json, JsonObject } from '../model/manifest.js';

const CLUSTER_SCOPED = new Set(['Node', 'Namespace', 'PersistentVolume', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding']);

/**
 * core/v1 Events and events.k8s.io/v1 Events in one shape. Newer components write only
 * `eventTime` + `series` (and leave `lastTimestamp: null`); older ones only the timestamps.
 */
export function normalizeEvent(raw: JsonObject): ClusterEvent | undefined {
  const core = asObject(raw.involvedObject);
  const target = core ?? asObject(raw.regarding);
  if (!target) return undefined;
  const series = asObject(raw.series);
  const eventTime = asString(raw.eventTime);
  const firstSeen = asString(raw.firstTimestamp) ?? asString(raw.deprecatedFirstTimestamp) ?? eventTime;
  const lastSeen = asString(series?.lastObservedTime) ?? asString(raw.lastTimestamp) ?? asString(raw.deprecatedLastTimestamp) ?? eventTime ?? firstSeen;
  // Events about cluster-scoped objects (Nodes) are stored in `default`; that is not the object's namespace.
  const kind = asString(target.kind) ?? '';
  const namespace = asString(target.namespace) ?? (CLUSTER_SCOPED.has(kind) ? undefined : asString(asObject(raw.metadata)?.namespace));
  const source = asString(asObject(raw.source)?.component) ?? asString(raw.reportingController) ?? asString(raw.reportingComponent);
  const event: ClusterEvent = {
    type: asString(raw.type) ?? 'Normal',
    reason: asString(raw.reason) ?? '',
    message: (asString(raw.message) ?? asString(raw.note) ?? '').trim(),
    // A zero count (events.k8s.io's deprecatedCount: 0) means "not counted", not "never happened".
    count: positive(raw.count) ?? positive(series?.count) ?? positive(raw.deprecatedCount) ?? 1,
    involved: {
      kind: asString(target.kind) ?? '',
      name: asString(target.name) ?? '',
      ...(namespace !== undefined ? { namespace } : {}),
      ...(asString(target.uid) !== undefined ? { uid: asString(target.uid) } : {}),
      ...(asString(target.fieldPath) !== undefined ? { fieldPath: asString(target.fieldPath) } : {}),
    },
  };
  if (firstSeen !== undefined) event.firstSeen = firstSeen;
  if (lastSeen !== undefined) event.lastSeen = lastSeen;
  if (source !== undefined) event.source = source;
  return event;
}

function positive(v: Json | undefined): number | undefined {
  const n = asNumber(v);
  return n !== undefined && n > 0 ? n : undefined;
}
