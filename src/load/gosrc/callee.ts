import type { Node } from 'web-tree-sitter';
import type { ParsedFile } from './package-index.js';
import { field } from './syntax.js';

/** What a call calls, as far as syntax tells: an imported package's function, a method, or a package function. */
export type Callee =
  | { kind: 'pkg'; path: string; name: string }
  | { kind: 'method'; recv: Node; name: string }
  | { kind: 'func'; name: string }
  | { kind: 'other' };

/** `pkg.Name` where `pkg` is an import of the file: the import path and the name. */
export function qualified(node: Node, file: ParsedFile): { path: string; name: string } | undefined {
  if (node.type !== 'selector_expression' && node.type !== 'qualified_type') return undefined;
  const left = field(node, node.type === 'qualified_type' ? 'package' : 'operand');
  const right = field(node, node.type === 'qualified_type' ? 'name' : 'field');
  if (!left || !right || (left.type !== 'identifier' && left.type !== 'package_identifier')) return undefined;
  const path = file.importNames.get(left.text);
  return path === undefined ? undefined : { path, name: right.text };
}

export function calleeOf(call: Node, file: ParsedFile): Callee {
  let fn = field(call, 'function');
  // Generic instantiation `getEnv[int](…)`: the callee is the operand.
  if (fn?.type === 'index_expression' || fn?.type === 'generic_type') fn = field(fn, 'operand') ?? field(fn, 'type');
  if (!fn) return { kind: 'other' };
  if (fn.type === 'identifier') return { kind: 'func', name: fn.text };
  if (fn.type !== 'selector_expression') return { kind: 'other' };
  const q = qualified(fn, file);
  if (q) return { kind: 'pkg', ...q };
  const recv = field(fn, 'operand');
  const name = field(fn, 'field')?.text;
  return recv && name !== undefined ? { kind: 'method', recv, name } : { kind: 'other' };
}

/** Whether the callee is `path.name` (any of `names`). */
export function isPkgCall(c: Callee, path: string | RegExp, ...names: string[]): boolean {
  return c.kind === 'pkg' && (typeof path === 'string' ? c.path === path : path.test(c.path)) && (names.length === 0 || names.includes(c.name));
}
