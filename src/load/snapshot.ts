import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import type { Config } from '../core/config.js';
import type { InputError, ObjectRef } from '../core/finding.js';
import type { ClusterObject, ClusterState, ContainerLog } from '../model/cluster.js';
import { asObject, asString } from '../model/cluster.js';
import type { Json, JsonObject } from '../model/manifest.js';
import { normalizeEvent } from './events.js';
import { loadManifests } from './manifests.js';
import { readInput } from './read-input.js';

const DUMP_LOG_START = /^==== START logs for container (\S+) of pod ([^/\s]+)\/(\S+) ====$/;
const DUMP_LOG_END = /^==== END logs for container \S+ of pod \S+ ====$/;

/**
 * Reads an offline snapshot into the same ClusterState live mode produces:
 * - `kubectl get … -o json|yaml` output anywhere under PATH (objects or Lists, any mix);
 * - a `kubectl cluster-info dump --output-directory` tree, with its `<ns>/<pod>/logs.txt`;
 * - container logs as `logs/<namespace>/<pod>/<container>.log` and `<container>.previous.log`.
 */
export async function loadSnapshot(path: string, limits: Config['limits']): Promise<ClusterState> {
  const state: ClusterState = { source: path, objects: [], events: [], logs: [], warnings: [] };
  const seen = new Set<string>();
  let info;
  try {
    info = await stat(path);
  } catch {
    state.warnings.push({ file: path, message: 'no such file or directory' });
    return state;
  }
  const files = info.isDirectory() ? await walk(path, state.warnings) : [path];
  const root = info.isDirectory() ? path : join(path, '..');
  for (const abs of files.sort()) {
    const rel = relative(root, abs).split(sep).join('/');
    const log = logTarget(rel);
    if (!log && !/\.(json|ya?ml)$/i.test(abs)) continue;
    const read = await readInput(abs, rel, limits.maxFileBytes);
    if ('error' in read) {
      state.warnings.push(read.error);
      continue;
    }
    if (log === 'dump') state.logs.push(...splitDumpLogs(read.text, rel));
    else if (log) state.logs.push({ ...log, text: read.text, file: rel });
    else addObjects(state, seen, rel, read.text, limits);
  }
  return state;
}

async function walk(dir: string, warnings: InputError[]): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    warnings.push({ file: dir, message: `cannot read directory: ${(err as Error).message}` });
    return out;
  }
  for (const e of entries) {
    const abs = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(abs, warnings)));
    else if (e.isFile()) out.push(abs);
  }
  return out;
}

type LogTarget = Omit<ContainerLog, 'text' | 'file'> | 'dump' | undefined;

function logTarget(rel: string): LogTarget {
  if (basename(rel) === 'logs.txt') return 'dump';
  const m = /(?:^|\/)logs\/([^/]+)\/([^/]+)\/([^/]+?)(\.previous)?\.log$/.exec(rel);
  return m ? { namespace: m[1]!, pod: m[2]!, container: m[3]!, previous: m[4] !== undefined } : undefined;
}

/** cluster-info dump writes every container of a pod into one logs.txt between START/END markers. */
function splitDumpLogs(text: string, file: string): ContainerLog[] {
  const out: ContainerLog[] = [];
  let current: ContainerLog | undefined;
  let lines: string[] = [];
  for (const line of text.split('\n')) {
    const start = DUMP_LOG_START.exec(line);
    if (start) {
      current = { namespace: start[2]!, pod: start[3]!, container: start[1]!, previous: false, text: '', file };
      lines = [];
    } else if (current && DUMP_LOG_END.test(line)) {
      out.push({ ...current, text: lines.join('\n') });
      current = undefined;
    } else if (current) lines.push(line);
  }
  return out;
}

/** JSON is parsed natively (snapshots are large); YAML goes through the manifest loader. */
function addObjects(state: ClusterState, seen: Set<string>, rel: string, text: string, limits: Config['limits']): void {
  const items: JsonObject[] = [];
  if (/\.json$/i.test(rel)) {
    let doc: Json;
    try {
      doc = JSON.parse(text) as Json;
    } catch (err) {
      state.warnings.push({ file: rel, message: `JSON: ${(err as Error).message}` });
      return;
    }
    items.push(...flatten(doc));
  } else {
    const r = loadManifests(rel, text, limits);
    state.warnings.push(...r.errors);
    items.push(...r.objects.map((o) => o.raw));
  }
  for (const raw of items) {
    const readAt = snapshotReadAt(raw);
    if (readAt !== undefined) state.readAt ??= readAt;
    else addObject(state, seen, raw);
  }
}

/** `kubewhy snapshot` records when it read the cluster in this document (SNAPSHOT_FILE). */
export const SNAPSHOT_FILE = 'kubewhy-snapshot.json';
export const SNAPSHOT_KIND = { apiVersion: 'kubewhy.dev/v1', kind: 'Snapshot' } as const;

function snapshotReadAt(raw: JsonObject): string | undefined {
  if (raw.apiVersion !== SNAPSHOT_KIND.apiVersion || raw.kind !== SNAPSHOT_KIND.kind) return undefined;
  const readAt = asString(raw.readAt);
  return readAt !== undefined && !Number.isNaN(Date.parse(readAt)) ? readAt : undefined;
}

export function flatten(doc: Json): JsonObject[] {
  const obj = asObject(doc);
  if (!obj) return [];
  const kind = asString(obj.kind) ?? '';
  if (Array.isArray(obj.items) && (kind === 'List' || kind.endsWith('List'))) {
    const itemKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
    return obj.items.flatMap((i) => {
      const item = asObject(i);
      if (!item) return [];
      return [itemKind && !item.kind ? { apiVersion: obj.apiVersion ?? 'v1', kind: itemKind, ...item } : item];
    });
  }
  return typeof obj.kind === 'string' ? [obj] : [];
}

export function addObject(state: ClusterState, seen: Set<string>, raw: JsonObject): void {
  const kind = asString(raw.kind);
  const meta = asObject(raw.metadata);
  const name = asString(meta?.name);
  if (!kind || !name) return;
  if (kind === 'Event') {
    const e = normalizeEvent(raw);
    if (e) state.events.push(e);
    return;
  }
  const namespace = asString(meta?.namespace);
  const uid = asString(meta?.uid);
  // The same object can appear in several dumps (a namespace file and an -A list): keep the first.
  const id = uid ?? `${kind}/${namespace ?? ''}/${name}`;
  if (seen.has(id)) return;
  seen.add(id);
  const apiVersion = asString(raw.apiVersion) ?? 'v1';
  const ref: ObjectRef = { apiVersion, kind, name, ...(namespace !== undefined ? { namespace } : {}) };
  const obj: ClusterObject = { apiVersion, kind, name, raw: kind === 'Secret' ? redactSecret(raw) : raw, ref };
  if (namespace !== undefined) obj.namespace = namespace;
  if (uid !== undefined) obj.uid = uid;
  state.objects.push(obj);
}

/** Secret values never enter the model: rules only need to know which keys exist. */
export function redactSecret(raw: JsonObject): JsonObject {
  const keys = [...Object.keys(asObject(raw.data) ?? {}), ...Object.keys(asObject(raw.stringData) ?? {})];
  const { data: _data, stringData: _stringData, ...rest } = raw;
  return { ...rest, data: Object.fromEntries(keys.map((k) => [k, '<redacted>'])) };
}
