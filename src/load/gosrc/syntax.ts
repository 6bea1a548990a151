import type { Node } from 'web-tree-sitter';
import type { Span } from '../../core/finding.js';

/** tree-sitter positions are 0-based rows and UTF-16 columns (we parse JS strings); Span is 1-based. */
export function spanOf(file: string, node: Node): Span {
  const s = node.startPosition;
  const e = node.endPosition;
  return { file, line: s.row + 1, column: s.column + 1, endLine: e.row + 1, endColumn: e.column + 1 };
}

/** The value of a Go string literal node, or undefined when the node is not one. */
export function stringLiteral(node: Node): string | undefined {
  if (node.type === 'raw_string_literal') return node.text.slice(1, -1).replace(/\r/g, '');
  if (node.type !== 'interpreted_string_literal') return undefined;
  return unescapeGo(node.text.slice(1, -1));
}

const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };

function unescapeGo(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (m, e: string) => {
    const c = e.charAt(0);
    if (c === 'x' || c === 'u' || c === 'U') return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/[0-7]/.test(c)) return String.fromCharCode(parseInt(e, 8));
    return SIMPLE_ESCAPES[c] ?? m;
  });
}

/** Named children that carry a field name (tree-sitter-go puts arguments in `argument_list`). */
export function callArgs(call: Node): Node[] {
  return call.childForFieldName('arguments')?.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment') ?? [];
}

export function field(node: Node, name: string): Node | undefined {
  return node.childForFieldName(name) ?? undefined;
}

/** Strips `(x)`, `&x`, `*x`. */
export function unwrap(node: Node): Node {
  let n = node;
  for (;;) {
    if (n.type === 'parenthesized_expression') {
      const inner = n.namedChildren[0];
      if (!inner) return n;
      n = inner;
    } else if (n.type === 'unary_expression' && (n.childForFieldName('operator')?.text === '&' || n.childForFieldName('operator')?.text === '*')) {
      const inner = n.childForFieldName('operand');
      if (!inner) return n;
      n = inner;
    } else return n;
  }
}

/** The innermost function (declaration, method or literal) containing `node`. */
export function enclosingFunction(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'function_declaration' || p.type === 'method_declaration' || p.type === 'func_literal') return p;
  }
  return undefined;
}

/** Parameter names of a function node, in order. */
export function parameterNames(fn: Node): { name: string; type: string }[] {
  const params = fn.childForFieldName('parameters');
  if (!params) return [];
  const out: { name: string; type: string }[] = [];
  for (const decl of params.namedChildren) {
    if (!decl || (decl.type !== 'parameter_declaration' && decl.type !== 'variadic_parameter_declaration')) continue;
    const type = decl.childForFieldName('type')?.text ?? '';
    for (const n of decl.childrenForFieldName('name')) if (n) out.push({ name: n.text, type });
  }
  return out;
}

/** Short single-line text for evidence messages. */
export function brief(text: string, max = 80): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
