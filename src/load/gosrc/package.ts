import { posix } from 'node:path';
import type { InputError } from '../../core/finding.js';
import type { GoFile, GoIgnoreComment, GoPackage } from '../../model/gosrc.js';
import type { GoModule } from '../../model/gomod.js';
import { Scopes } from './bindings.js';
import { ConfigExtractor } from './config.js';
import { exportedCallNames, exportsOf, type ExportTable, type PackageExports } from './exports.js';
import { firstSyntaxError, generatedPrefix, ignoreComment, readHeader } from './file-info.js';
import { ImageNeedsExtractor } from './image-needs.js';
import { NetworkExtractor } from './network.js';
import { emptyIndex, indexDecls, indexNodes, readImports, type ParsedFile } from './package-index.js';
import { parseGo, type GoParser } from './parser.js';
import { Resolver } from './resolve.js';
import { Routers } from './routers.js';
import { RouteExtractor } from './routes.js';
import { field, spanOf } from './syntax.js';

/** The calls worth materialising: those some extractor handles. */
const CALL_NAMES: ReadonlySet<string> = new Set([
  ...NetworkExtractor.CALL_NAMES,
  ...RouteExtractor.CALL_NAMES,
  ...ImageNeedsExtractor.CALL_NAMES,
  ...ConfigExtractor.CALL_NAMES,
]);

export interface GoSource {
  /** Path relative to the lint root. */
  rel: string;
  text: string;
}

export interface PackageResult {
  pkg?: GoPackage;
  /** What importers of this package may resolve through it. */
  exports?: PackageExports;
  errors: InputError[];
}

/**
 * Facts of one package (the Go files of one directory). All its trees stay alive while the
 * facts are extracted, so constants and functions resolve across files; then they are freed.
 */
export function extractPackage(parser: GoParser, dir: string, sources: GoSource[], module?: GoModule, deps: ExportTable = new Map()): PackageResult {
  const errors: InputError[] = [];
  const index = emptyIndex();
  try {
    for (const src of sources) {
      const file = parseFile(parser, src, errors);
      if (!file) continue;
      readImports(file);
      if (file.packageName === undefined && !file.info.partial) {
        errors.push({ file: src.rel, message: 'no package clause (go build rejects the file)' });
      }
      // Generated code (protobuf, mocks) contributes its imports, never listeners or routes.
      if (!file.generated) indexDecls(index, file);
      else index.files.push(file);
    }
    const imported = exportedCallNames(new Set(index.files.flatMap((f) => f.imports.map((i) => i.path))), deps);
    indexNodes(index, imported.size === 0 ? CALL_NAMES : new Set([...CALL_NAMES, ...imported]));
    const files = index.files;
    if (files.length === 0) return { errors };
    return { ...facts(dir, files, index, module, deps), errors };
  } finally {
    for (const f of index.files) f.tree.delete();
  }
}

function parseFile(parser: GoParser, src: GoSource, errors: InputError[]): ParsedFile | undefined {
  const header = readHeader(src.rel, src.text);
  if (header.neverBuilt) return undefined;
  if (src.text.includes('\uFFFD')) {
    errors.push({ file: src.rel, message: 'not valid UTF-8 (go build rejects it); read with replacement characters' });
  }
  const text = header.generated ? generatedPrefix(src.text) : src.text;
  const tree = parseGo(parser, text);
  const syntax = firstSyntaxError(src.rel, tree);
  if (syntax) errors.push(syntax);
  const info: GoFile = {
    file: src.rel,
    ...(header.constraint !== undefined ? { constraint: header.constraint } : {}),
    ...(header.constraintLine
      ? { constraintSpan: { file: src.rel, line: header.constraintLine.line, column: 1, endLine: header.constraintLine.line, endColumn: header.constraintLine.length + 1 } }
      : {}),
    partial: syntax !== undefined,
  };
  return { rel: src.rel, text, tree, info, importNames: new Map(), imports: [], generated: header.generated };
}

function facts(dir: string, files: ParsedFile[], index: ReturnType<typeof emptyIndex>, module: GoModule | undefined, deps: ExportTable): { pkg: GoPackage; exports: PackageExports } {
  const resolver = new Resolver(new Scopes(index), deps);
  const routers = new Routers(resolver);
  const network = new NetworkExtractor(resolver, routers);
  const routes = new RouteExtractor(resolver, routers);
  const needs = new ImageNeedsExtractor(resolver);
  const config = new ConfigExtractor(resolver);

  const imports = files.flatMap((f) => f.imports);
  needs.imports(imports);
  for (const lit of index.literals) {
    network.literal(lit);
    needs.literal(lit);
  }
  for (const sel of index.selectors) network.selector(sel);
  for (const call of index.calls) {
    const c = resolver.callee(call);
    network.call(call, c);
    routes.visit(call, c);
    needs.call(call, c);
    config.call(call, c);
  }
  for (const s of index.strings) {
    needs.string(s);
    config.string(s);
  }
  for (const f of index.taggedFields) config.taggedField(f);
  const ignores: GoIgnoreComment[] = [];
  for (const c of index.comments) {
    needs.comment(c);
    const ig = ignoreComment(resolver.fileOf(c).rel, c);
    if (ig) ignores.push(ig);
  }

  const name = packageName(files);
  const main = name === 'main' ? index.funcs.get('main') : undefined;
  const mainName = main ? field(main.node, 'name') : undefined;
  const pkg: GoPackage = {
    dir,
    name,
    files: files.map((f) => f.info),
    isMain: main !== undefined,
    ...(main && mainName ? { mainSpan: spanOf(main.file.rel, mainName) } : {}),
    ...(module ? { module, importPath: importPathOf(module, dir) } : {}),
    imports,
    listeners: network.listeners,
    routes: routes.routes,
    ...(routes.unresolved.length > 0 ? { unresolvedRoutes: routes.unresolved } : {}),
    shutdown: network.shutdown,
    clients: network.clients,
    servers: network.servers,
    runtime: needs.runtime,
    needs: needs.needs,
    config: config.config,
    observability: needs.observability,
    ignores,
  };
  return { pkg, exports: exportsOf(resolver, index) };
}

/** The package clause most files agree on (a stray file with another name does not build anyway). */
function packageName(files: ParsedFile[]): string {
  const counts = new Map<string, number>();
  for (const f of files) if (f.packageName) counts.set(f.packageName, (counts.get(f.packageName) ?? 0) + 1);
  let best = '';
  for (const [n, c] of counts) if (c > (counts.get(best) ?? 0)) best = n;
  return best;
}

export function importPathOf(module: GoModule, dir: string): string {
  const rel = posix.relative(module.dir || '.', dir || '.');
  return rel === '' ? module.module : `${module.module}/${rel}`;
}
