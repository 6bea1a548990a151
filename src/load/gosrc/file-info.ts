import type { Node, Tree } from 'web-tree-sitter';
import type { InputError } from '../../core/finding.js';
import type { GoIgnoreComment } from '../../model/gosrc.js';
import { spanOf } from './syntax.js';

/** Build tags that by convention are never set: files carrying only them are never compiled. */
const NEVER_BUILT = new Set(['ignore', 'tools']);

const GOOS = 'aix|android|darwin|dragonfly|freebsd|hurd|illumos|ios|js|linux|nacl|netbsd|openbsd|plan9|solaris|wasip1|windows|zos';
const GOARCH = '386|amd64|arm|arm64|loong64|mips|mipsle|mips64|mips64le|ppc64|ppc64le|riscv64|s390x|wasm';
const FILE_CONSTRAINT = new RegExp(`_(${GOOS})(?:_(${GOARCH}))?\\.go$|_(${GOARCH})\\.go$`);

export interface Header {
  constraint?: string;
  /** Line (1-based) and length of the `//go:build` line. */
  constraintLine?: { line: number; length: number };
  generated: boolean;
  /** `//go:build ignore` (or `tools`): the file is not part of any build. */
  neverBuilt: boolean;
}

/**
 * Reads the file header with plain text scanning, before parsing: a never-built file is not
 * parsed at all, and a generated file only up to its imports.
 */
export function readHeader(rel: string, text: string): Header {
  const pkg = /^package\s/m.exec(text);
  const head = pkg ? text.slice(0, pkg.index) : text.slice(0, 4096);
  const lines = head.split('\n');
  let constraint: string | undefined;
  let constraintLine: Header['constraintLine'];
  lines.forEach((l, i) => {
    const m = /^\/\/go:build\s+(.*?)\s*$/.exec(l);
    if (m?.[1] && constraint === undefined) {
      constraint = m[1];
      constraintLine = { line: i + 1, length: l.replace(/\r$/, '').length };
    }
  });
  if (constraint === undefined) {
    const m = FILE_CONSTRAINT.exec(rel);
    if (m) constraint = [m[1], m[2] ?? m[3]].filter(Boolean).join(' && ');
  }
  const generated = /^\/\/ Code generated .* DO NOT EDIT\.\r?$/m.test(head);
  const neverBuilt = constraint !== undefined && NEVER_BUILT.has(constraint.trim());
  return { ...(constraint !== undefined ? { constraint } : {}), ...(constraintLine ? { constraintLine } : {}), generated, neverBuilt };
}

/**
 * Where a generated file's declarations start: everything before is package clause, imports
 * and comments, which is all a generated file contributes (its imports).
 */
export function generatedPrefix(text: string): string {
  const m = /^(func|type|var|const)\b/m.exec(text);
  return m ? text.slice(0, m.index) : text;
}

/** The first syntax error, reported once per file with its position. */
export function firstSyntaxError(rel: string, tree: Tree): InputError | undefined {
  if (!tree.rootNode.hasError) return undefined;
  const node = findError(tree.rootNode);
  const where = node ?? tree.rootNode;
  const what = node?.isMissing ? `missing ${node.type}` : 'syntax error';
  return {
    file: rel,
    line: where.startPosition.row + 1,
    column: where.startPosition.column + 1,
    message: `Go ${what}; facts come from the parsable parts only`,
  };
}

function findError(node: Node): Node | undefined {
  for (const child of node.children) {
    if (!child) continue;
    if (child.isError || child.isMissing) return child;
    if (child.hasError) return findError(child) ?? child;
  }
  return undefined;
}

/** `//kubewhy:ignore rule-a,rule-b` (or `// kubewhy:ignore …`). */
export function ignoreComment(rel: string, node: Node): GoIgnoreComment | undefined {
  const m = /^\/\/\s*kubewhy:ignore(?:\s+(.*))?$/.exec(node.text.trimEnd());
  if (!m) return undefined;
  const rules = (m[1] ?? '').split(/[\s,]+/).filter((r) => r !== '');
  return { rules, span: spanOf(rel, node) };
}
