import type { Node, Tree } from 'web-tree-sitter';
import type { GoFile, GoImport } from '../../model/gosrc.js';
import { field, spanOf, stringLiteral } from './syntax.js';

/** One parsed file of a package; its tree lives until the package's facts are extracted. */
export interface ParsedFile {
  rel: string;
  /** The text the tree was parsed from (for a generated file, only its header). */
  text: string;
  tree: Tree;
  info: GoFile;
  /** Local package name → import path (`http` → `net/http`, `h` → `net/http`). */
  importNames: Map<string, string>;
  imports: GoImport[];
  packageName?: string;
  generated: boolean;
}

export interface Decl {
  node: Node;
  file: ParsedFile;
}

/** Everything a fact extractor looks up by name across the files of one package. */
export interface PackageIndex {
  files: ParsedFile[];
  fileOf: Map<Tree, ParsedFile>;
  /** Package-level `const`/`var` name → its value expression. */
  values: Map<string, Decl>;
  funcs: Map<string, Decl>;
  /** Methods by name, whatever the receiver (no types: `s.health` may be any of them). */
  methods: Map<string, Decl[]>;
  /** `x.f = v` assignments and `{f: v}` literal elements, by field name (filled on demand by fieldInitsOf). */
  fieldInits: Map<string, Decl[]>;
  /** Calls some extractor may handle (see indexFile), in source order per file. */
  calls: Node[];
  /** `Type{…}` literals whose type is qualified (`http.Server{}`), plus local struct literals. */
  literals: Node[];
  /** `http.DefaultClient` selectors. */
  selectors: Node[];
  /** String literals that look like https URLs or localhost addresses. */
  strings: Node[];
  /** `//kubewhy:ignore` and `//go:debug` comments. */
  comments: Node[];
  /** `field_declaration` nodes with a tag (envconfig / env struct tags). */
  taggedFields: Node[];
}

export function emptyIndex(): PackageIndex {
  return {
    files: [],
    fileOf: new Map(),
    values: new Map(),
    funcs: new Map(),
    methods: new Map(),
    fieldInits: new Map(),
    calls: [],
    literals: [],
    selectors: [],
    strings: [],
    comments: [],
    taggedFields: [],
  };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** Reads the import block; tree-sitter keeps the quotes in the path node. */
export function readImports(file: ParsedFile): void {
  for (const decl of file.tree.rootNode.namedChildren) {
    if (decl?.type === 'package_clause') file.packageName = decl.namedChildren[0]?.text;
    if (decl?.type !== 'import_declaration') continue;
    for (const spec of decl.descendantsOfType('import_spec')) {
      if (!spec) continue;
      const pathNode = field(spec, 'path');
      const path = pathNode ? stringLiteral(pathNode) : undefined;
      if (path === undefined) continue;
      const alias = field(spec, 'name')?.text;
      file.imports.push({ path, ...(alias !== undefined ? { alias } : {}), span: spanOf(file.rel, spec) });
      if (alias === '_' || alias === '.') continue;
      file.importNames.set(alias ?? defaultImportName(path), path);
    }
  }
}

/**
 * The name a package is used under when imported without alias: the last path element,
 * minus a `/vN` major-version suffix and a `go-` prefix or `.go`/`-go` suffix (gopkg.in/yaml.v3 →
 * yaml, github.com/go-chi/chi/v5 → chi). A guess: the real name is in the package clause.
 */
export function defaultImportName(path: string): string {
  const parts = path.split('/');
  let last = parts[parts.length - 1] ?? path;
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2] ?? last;
  last = last.replace(/\.v\d+$/, '').replace(/^go-/, '').replace(/[.-]go$/, '');
  return last.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Builtins are never facts nor package functions. */
const BUILTINS = new Set(['append', 'cap', 'clear', 'close', 'complex', 'copy', 'delete', 'imag', 'len', 'make', 'max', 'min', 'new', 'panic', 'print', 'println', 'real', 'recover']);

/**
 * Nodes are found by searching the text, then looked up by position. Walking every node of
 * a module from JavaScript costs more than parsing it (each step crosses into WASM), and
 * the facts live in a small fraction of the nodes.
 */
const CALL_HINT = /([\p{L}_][\p{L}\p{N}_]*)\s*(?:\[[^\]\n]*\]\s*)?\(/gu;
const LITERAL_HINT = /\b[\p{L}_][\p{L}\p{N}_]*\.(Server|Client|Config)\s*\{/gu;
const STRING_HINT = /https:\/\/|wss:\/\/|grpcs:\/\/|localhost|127\.0\.0\.1|\[::1\]/g;
const COMMENT_HINT = /\/\/\s*kubewhy:ignore|\/\/go:debug/g;
const SELECTOR_HINT = /\bDefaultClient\b/g;
const TAG_HINT = /\b(?:envconfig|env):"/g;

/** Top-level declarations of a file: functions, methods, package constants and variables. */
export function indexDecls(index: PackageIndex, file: ParsedFile): void {
  index.files.push(file);
  index.fileOf.set(file.tree, file);
  for (const decl of file.tree.rootNode.namedChildren) {
    if (!decl) continue;
    if (decl.type === 'function_declaration') {
      const name = field(decl, 'name')?.text;
      if (name !== undefined && name !== 'init' && name !== '_') index.funcs.set(name, { node: decl, file });
    } else if (decl.type === 'method_declaration') {
      const name = field(decl, 'name')?.text;
      if (name !== undefined) push(index.methods, name, { node: decl, file });
    } else if (decl.type === 'const_declaration' || decl.type === 'var_declaration') {
      for (const spec of decl.descendantsOfType(['const_spec', 'var_spec'])) if (spec) packageValues(index, file, spec);
    }
  }
}

/**
 * Calls, literals and other rare nodes of every indexed file. `callNames` are the method and
 * package-function names some extractor handles; calls of the package's own functions are
 * always kept (env helpers, router-registering functions).
 */
export function indexNodes(index: PackageIndex, callNames: ReadonlySet<string>): void {
  for (const file of index.files) {
    if (file.generated) continue;
    const wanted = (name: string): boolean => callNames.has(name) || (index.funcs.has(name) && !BUILTINS.has(name));
    // The name is checked before the node lookup: most calls in a file are of no interest, and each lookup crosses into WASM.
    at(file, CALL_HINT, ['call_expression'], index.calls, (m, node) => calleeNameAt(node, m.index ?? 0), (m) => wanted(m[1] ?? ''));
    at(file, LITERAL_HINT, ['composite_literal'], index.literals);
    at(file, STRING_HINT, ['interpreted_string_literal', 'raw_string_literal'], index.strings);
    at(file, COMMENT_HINT, ['comment'], index.comments);
    at(file, SELECTOR_HINT, ['selector_expression'], index.selectors);
    at(file, TAG_HINT, ['field_declaration'], index.taggedFields, (_, node) => field(node, 'tag') !== undefined);
  }
}

/** The nearest enclosing node of one of `types` for each match (that `want`s a look), once each, in text order. */
function at(
  file: ParsedFile,
  re: RegExp,
  types: readonly string[],
  into: Node[],
  keep?: (m: RegExpMatchArray, node: Node) => boolean,
  want?: (m: RegExpMatchArray) => boolean,
): void {
  const root = file.tree.rootNode;
  const seen = new Set<number>();
  for (const m of file.text.matchAll(re)) {
    if (want && !want(m)) continue;
    let n: Node | null = root.descendantForIndex(m.index ?? 0);
    while (n && !types.includes(n.type)) n = n.parent;
    if (!n || seen.has(n.id) || (keep && !keep(m, n))) continue;
    seen.add(n.id);
    into.push(n);
  }
}

/** The match is the call's own callee name (`x.Name(` or `Name(`), not text inside an argument or a comment. */
function calleeNameAt(call: Node, index: number): boolean {
  let fn = field(call, 'function');
  if (fn?.type === 'index_expression' || fn?.type === 'generic_type') fn = field(fn, 'operand') ?? field(fn, 'type');
  const name = fn?.type === 'selector_expression' ? field(fn, 'field') : fn;
  return name !== undefined && name.startIndex === index;
}

/** `x.f = v` assignments and `{f: v}` literal elements for a field name, found by text on first use. */
export function fieldInitsOf(index: PackageIndex, name: string): Decl[] {
  const memo = index.fieldInits.get(name);
  if (memo) return memo;
  const out: Decl[] = [];
  index.fieldInits.set(name, out);
  if (!/^[\p{L}_][\p{L}\p{N}_]*$/u.test(name)) return out;
  const re = new RegExp(`\\.${name}\\s*=[^=]|\\b${name}\\s*:[^=]`, 'gu');
  for (const file of index.files) {
    if (file.generated) continue;
    for (const m of file.text.matchAll(re)) {
      let n: Node | null = file.tree.rootNode.descendantForIndex(m.index + (m[0].startsWith('.') ? 1 : 0));
      while (n && n.type !== 'keyed_element' && n.type !== 'assignment_statement' && n.type !== 'block' && n.type !== 'source_file') n = n.parent;
      if (n?.type === 'keyed_element') {
        const key = field(n, 'key')?.namedChildren[0];
        const value = field(n, 'value')?.namedChildren[0];
        if (key?.text === name && value) out.push({ node: value, file });
      } else if (n?.type === 'assignment_statement') {
        const left = field(n, 'left')?.namedChildren ?? [];
        const right = field(n, 'right')?.namedChildren ?? [];
        left.forEach((l, i) => {
          const r = right[i];
          if (l?.type === 'selector_expression' && field(l, 'field')?.text === name && r) out.push({ node: r, file });
        });
      }
    }
  }
  return out;
}

/** `const a, b = "x", 1` / `var port = flag.String(…)`: one value per name when counts match. */
function packageValues(index: PackageIndex, file: ParsedFile, spec: Node): void {
  const names = spec.childrenForFieldName('name').filter((n): n is Node => n !== null);
  const values = field(spec, 'value')?.namedChildren ?? [];
  if (values.length !== names.length) return;
  names.forEach((n, i) => {
    const v = values[i];
    if (v && n.text !== '_') index.values.set(n.text, { node: v, file });
  });
}
