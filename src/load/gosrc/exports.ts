import type { GoStringPart } from '../../model/gosrc.js';
import type { PackageIndex } from './package-index.js';
import type { EnvHelper, Resolver } from './resolve.js';

/**
 * What other packages of the module can use from a package without its trees: the values of
 * its exported constants and variables, its exported env helpers and one-expression getters.
 * Packages are extracted dependencies first, so `config.DefaultPort` resolves in `cmd/api`.
 */
export interface PackageExports {
  values: Map<string, GoStringPart[]>;
  /** Exported constant durations, in nanoseconds (`ShutdownGrace = 20 * time.Second`). */
  durations: Map<string, number>;
  /** `func MustEnv(key string) string` and friends: read the env var named by their first parameter. */
  envHelpers: Map<string, EnvHelper>;
  /** `func Addr() string { return ":" + port }`: parameterless functions returning one expression. */
  returns: Map<string, GoStringPart[]>;
}

/** Import path → exports, for the packages already extracted. */
export type ExportTable = ReadonlyMap<string, PackageExports>;

const EXPORTED = /^\p{Lu}/u;

/** Expression kinds that can evaluate to a string or a duration. */
const SCALAR = new Set([
  'interpreted_string_literal', 'raw_string_literal', 'int_literal', 'float_literal', 'binary_expression',
  'parenthesized_expression', 'identifier', 'selector_expression', 'call_expression', 'type_conversion_expression',
]);

export function exportsOf(r: Resolver, index: PackageIndex): PackageExports {
  const out: PackageExports = { values: new Map(), durations: new Map(), envHelpers: new Map(), returns: new Map() };
  for (const [name, decl] of index.values) {
    // Tables and closures (`var Routes = []Route{…}`) are never a string or a duration.
    if (!EXPORTED.test(name) || !SCALAR.has(decl.node.type)) continue;
    const parts = r.parts(decl.node, 0);
    if (parts.some((p) => p.kind !== 'unknown')) out.values.set(name, parts);
    const ns = r.nanoseconds(decl.node);
    if (ns !== undefined) out.durations.set(name, ns);
  }
  for (const name of index.funcs.keys()) {
    if (!EXPORTED.test(name)) continue;
    const helper = r.envHelper(name);
    if (helper) {
      out.envHelpers.set(name, helper);
      continue;
    }
    const ret = r.returnedBy(name);
    if (ret && ret.some((p) => p.kind !== 'unknown')) out.returns.set(name, ret);
  }
  return out;
}

/** Names a package can call in its imports' exports: the call index must keep such calls. */
export function exportedCallNames(imports: Iterable<string>, table: ExportTable): Set<string> {
  const out = new Set<string>();
  for (const path of imports) {
    const ex = table.get(path);
    if (!ex) continue;
    for (const n of ex.envHelpers.keys()) out.add(n);
    for (const n of ex.returns.keys()) out.add(n);
  }
  return out;
}
