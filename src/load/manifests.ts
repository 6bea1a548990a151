import {
  Composer,
  type Document,
  isAlias,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  Parser,
  type ParsedNode,
  type Tags,
  type YAMLMap,
} from 'yaml';
import type { Config } from '../core/config.js';
import type { InputError, ObjectRef, Span } from '../core/finding.js';
import type { Json, JsonObject, JsonPath, KubeObject } from '../model/manifest.js';
import { isJsonObject, stringMap } from '../model/pod-templates.js';

export interface LoadedManifests {
  objects: KubeObject[];
  errors: InputError[];
  /** The file holds Kubernetes objects (or is broken YAML that plainly meant to): its errors are ours to report. */
  kubernetes: boolean;
}

type Limits = Config['limits'];
type Doc = Document.Parsed;

/**
 * kubectl reads YAML through go-yaml v2: YAML 1.1 booleans and octals, but no timestamps and
 * no base-60 numbers on untyped scalars. The set/omap/binary tags would give Set/Map/Uint8Array
 * values that JSON cannot hold; unresolved, they fall back to plain maps, seqs and strings.
 */
const DROPPED_TAGS = new Set([
  'tag:yaml.org,2002:timestamp',
  'tag:yaml.org,2002:binary',
  'tag:yaml.org,2002:omap',
  'tag:yaml.org,2002:pairs',
  'tag:yaml.org,2002:set',
]);
const kubeTags = (tags: Tags): Tags =>
  tags.filter((t) => typeof t === 'string' || (!DROPPED_TAGS.has(t.tag) && t.format !== 'TIME'));

/** Where broken YAML plainly meant to be a manifest; anything else failing to parse is not ours. */
const KUBE_HINT = /^[ \t]*(?:-[ \t]+)?["']?(?:apiVersion|kind)["']?[ \t]*:/m;
const HELM_SOURCE = /^[ \t]*Source:[ \t]*(\S.*?)[ \t]*$/m;
const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';
const MAX_MESSAGE = 200;

export function loadManifests(file: string, text: string, limits: Limits): LoadedManifests {
  if (!looksLikeText(text)) return { objects: [], errors: [{ file, message: 'not a text file' }], kubernetes: false };
  // Compose files, workflows and Helm values are common and never manifests: skip the parse.
  if (!text.includes('apiVersion') && !text.includes('kind')) return notOurs();
  try {
    return loadStream(file, text, limits);
  } catch (err) {
    // The parser recurses; pathological nesting can still exhaust the stack.
    if (!KUBE_HINT.test(text)) return notOurs();
    const msg = err instanceof Error ? err.message : String(err);
    return { objects: [], errors: [{ file, message: `YAML: cannot parse (${oneLine(msg)})` }], kubernetes: true };
  }
}

function notOurs(): LoadedManifests {
  return { objects: [], errors: [], kubernetes: false };
}

function loadStream(file: string, text: string, limits: Limits): LoadedManifests {
  const lc = new LineCounter();
  const objects: KubeObject[] = [];
  const errors: InputError[] = [];
  let kubernetes = false;
  let nextIndex = 0;
  const at = (offset: number, message: string): InputError => {
    const p = lc.linePos(offset);
    return { file, line: p.line, column: p.col, message };
  };

  const composer = new Composer({ version: '1.1', customTags: kubeTags });
  let docCount = 0;
  for (const doc of composer.compose(new Parser(lc.addNewLine).parse(text))) {
    if (++docCount > limits.maxDocuments) {
      const n = limits.maxDocuments;
      errors.push(at(docStart(doc), `more than ${n} YAML documents; only the first ${n} were read (raise with --max-documents)`));
      break;
    }
    // Every document holds an index, even one skipped, so indexes match the file's document order.
    const first = nextIndex++;
    const kube = hasKubeHeader(doc.contents);
    kubernetes ||= kube;
    if (doc.errors.length > 0) {
      for (const e of doc.errors) errors.push(at(e.pos[0], `YAML: ${oneLine(e.message)}`));
      continue;
    }
    if (!kube) continue;
    const raw = toJson(doc, limits, (offset, message) => errors.push(at(offset, message)));
    if (!raw) continue;
    const ctx: DocContext = { file, text, lc, doc, origin: helmSource(doc) };
    const items = listItems(raw);
    if (!items) {
      objects.push(makeObject(ctx, raw, [], first));
      continue;
    }
    // A List's items each get their own index so fingerprints and messages can tell them apart.
    items.forEach((item, i) => {
      const obj = asListItem(item, raw);
      if (obj) objects.push(makeObject(ctx, obj, ['items', i], first + i));
    });
    nextIndex = first + Math.max(items.length, 1);
  }
  for (const e of composer.streamInfo().errors) errors.push(at(e.pos[0], `YAML: ${oneLine(e.message)}`));

  if (errors.length > 0 && !kubernetes && !KUBE_HINT.test(text)) return notOurs();
  return { objects, errors, kubernetes: kubernetes || errors.length > 0 };
}

function toJson(doc: Doc, limits: Limits, fail: (offset: number, message: string) => void): JsonObject | undefined {
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    fail(docStart(doc), /alias count/i.test(msg)
      ? `YAML alias expansion exceeds limit (${limits.maxAliasCount}); raise with --max-aliases`
      : `YAML: ${oneLine(msg)}`);
    return undefined;
  }
  // A map with string apiVersion/kind always converts to a plain object; the guard narrows the type.
  return isJsonObject(value as Json) ? (value as JsonObject) : undefined;
}

/** The first line of content, past any `---` and comments: what a reader calls "the document". */
function docStart(doc: Doc): number {
  return doc.contents?.range[0] ?? doc.range[0];
}

/** NUL never appears in text; replacement characters mean the bytes were not UTF-8 at all. */
function looksLikeText(text: string): boolean {
  if (text.includes('\0')) return false;
  const sample = text.slice(0, 8192);
  let bad = 0;
  for (let i = sample.indexOf('\uFFFD'); i !== -1; i = sample.indexOf('\uFFFD', i + 1)) bad++;
  return bad <= sample.length * 0.05;
}

function oneLine(message: string): string {
  // yaml appends " at line L, column C:" plus a code frame; the position is reported separately.
  const first = (message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
  return first.length > MAX_MESSAGE ? `${first.slice(0, MAX_MESSAGE - 1)}…` : first;
}

function hasKubeHeader(contents: ParsedNode | null): contents is YAMLMap.Parsed {
  return isMap(contents) && typeof contents.get('apiVersion') === 'string' && typeof contents.get('kind') === 'string';
}

/** `kubectl get -o yaml` prints `kind: List`; the API's typed lists (`DeploymentList`) omit each item's kind. */
function listItems(raw: JsonObject): Json[] | undefined {
  const kind = raw.kind;
  if (typeof kind !== 'string' || !kind.endsWith('List') || !Array.isArray(raw.items)) return undefined;
  return raw.items;
}

function asListItem(item: Json, list: JsonObject): JsonObject | undefined {
  if (!isJsonObject(item)) return undefined;
  const listKind = String(list.kind);
  if (typeof item.apiVersion === 'string' && typeof item.kind === 'string') return item;
  if (listKind === 'List') return undefined;
  return { apiVersion: list.apiVersion ?? '', kind: listKind.slice(0, -'List'.length), ...item };
}

/** Helm's `# Source:` comment sits on the document, its root node, or its first key, depending on the `---`. */
function helmSource(doc: Doc): string | undefined {
  const root = doc.contents;
  const firstKey = isMap(root) ? root.items[0]?.key : undefined;
  for (const c of [root?.commentBefore, isScalar(firstKey) ? firstKey.commentBefore : undefined, doc.commentBefore]) {
    const m = c ? HELM_SOURCE.exec(c) : null;
    if (m?.[1]) return m[1];
  }
  return undefined;
}

/** Kustomize's `buildMetadata: [originAnnotations]` writes `path: base/deploy.yaml` (plus repo/ref) as a YAML string. */
function kustomizeOrigin(annotations: Record<string, string>): string | undefined {
  const v = annotations[ORIGIN_ANNOTATION];
  const m = v ? /^path:[ \t]*["']?([^"'\n]+?)["']?[ \t]*$/m.exec(v) : null;
  return m?.[1];
}

interface DocContext {
  file: string;
  text: string;
  lc: LineCounter;
  doc: Doc;
  origin: string | undefined;
}

function makeObject(ctx: DocContext, raw: JsonObject, rootPath: JsonPath, docIndex: number): KubeObject {
  const meta = isJsonObject(raw.metadata) ? raw.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : typeof meta.generateName === 'string' ? meta.generateName : '';
  const namespace = typeof meta.namespace === 'string' ? meta.namespace : undefined;
  const annotations = stringMap(meta.annotations);
  const ref: ObjectRef = { apiVersion: String(raw.apiVersion), kind: String(raw.kind), name };
  if (namespace !== undefined) ref.namespace = namespace;
  const origin = ctx.origin ?? kustomizeOrigin(annotations);
  const root = resolvePath(ctx.doc, ctx.doc.contents, rootPath).node;
  return {
    file: ctx.file,
    docIndex,
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    name,
    ...(namespace !== undefined ? { namespace } : {}),
    labels: stringMap(meta.labels),
    annotations,
    raw,
    ...(origin !== undefined ? { origin } : {}),
    ref,
    locate(path, target = 'value') {
      const r = resolvePath(ctx.doc, root, path);
      const exact = r.matched === path.length;
      // `key:` with nothing after it has a zero-width value; pointing at the key is more useful.
      const node = (target === 'key' && exact) || emptyValue(r.node) ? (r.key ?? r.node) : r.node;
      return { span: spanOf(ctx, node), exact };
    },
  };
}

interface Resolved {
  node: Node | null;
  /** Key of the last matched map entry, when the last matched segment was a map key. */
  key: Node | null;
  matched: number;
}

/** Walks only the path, so each lookup costs its depth, not the document size. */
function resolvePath(doc: Doc, start: Node | null, path: JsonPath): Resolved {
  let node = start;
  let key: Node | null = null;
  let matched = 0;
  for (const seg of path) {
    // Descending through `*alias` continues in the anchored node, where the value is written.
    const target = isAlias(node) ? node.resolve(doc) ?? null : node;
    let next: { key: Node | null; value: Node | null } | undefined;
    if (isMap(target)) next = findPair(doc, target, seg);
    else if (isSeq(target) && typeof seg === 'number') {
      const item = target.items[seg];
      next = item === undefined ? undefined : { key: null, value: item as Node | null };
    }
    if (!next) break;
    // An explicit `? key` without a value has no value node; the key stands in for it.
    node = next.value ?? next.key;
    key = next.key;
    matched++;
  }
  return { node, key, matched };
}

function findPair(doc: Doc, map: YAMLMap, seg: string | number): { key: Node | null; value: Node | null } | undefined {
  const want = String(seg);
  let merged: Node[] = [];
  for (const p of map.items) {
    if (!isPair(p)) continue;
    const k = isScalar(p.key) ? p.key.value : p.key;
    // The 1.1 schema turns a plain `<<` key into a symbol.
    if (typeof k === 'symbol' && k.description === '<<') {
      merged = isSeq(p.value) ? (p.value.items as Node[]) : p.value ? [p.value as Node] : [];
    } else if (k !== null && typeof k !== 'object' && String(k) === want) {
      return { key: p.key as Node, value: p.value as Node | null };
    }
  }
  // YAML 1.1 merge keys (`<<: *defaults`): the value lives in the anchored map.
  for (const m of merged) {
    const src = isAlias(m) ? m.resolve(doc) : m;
    const hit = isMap(src) ? findPair(doc, src, seg) : undefined;
    if (hit) return hit;
  }
  return undefined;
}

function emptyValue(node: Node | null): boolean {
  return !node?.range || node.range[0] === node.range[1];
}

/** Block collections' ranges run past trailing comments and newlines; a span ends at the last value character. */
function contentEnd(node: Node): number {
  const last = (isMap(node) || isSeq(node)) && !node.flow ? node.items[node.items.length - 1] : undefined;
  const inner = isPair(last) ? (last.value ?? last.key) : last;
  return isNode(inner) ? contentEnd(inner) : (node.range?.[1] ?? 0);
}

function spanOf(ctx: DocContext, node: Node | null): Span {
  const range = node?.range ?? ctx.doc.range;
  let end = node ? contentEnd(node) : range[1];
  while (end > range[0] && /\s/.test(ctx.text.charAt(end - 1))) end--;
  const s = ctx.lc.linePos(range[0]);
  const e = ctx.lc.linePos(end);
  return { file: ctx.file, line: s.line, column: s.col, endLine: e.line, endColumn: e.col };
}
