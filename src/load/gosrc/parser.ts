import { createRequire } from 'node:module';
import type { Language, Parser, Tree } from 'web-tree-sitter';

/**
 * One tree-sitter parser for the whole process. web-tree-sitter is imported only when Go
 * files exist, so a lint without Go never pays for the WASM start-up.
 */
export interface GoParser {
  parser: Parser;
  language: Language;
}

let ready: Promise<GoParser> | undefined;

async function init(): Promise<GoParser> {
  const { Parser, Language } = await import('web-tree-sitter');
  await Parser.init();
  // The grammar package has no `exports` map, so its .wasm resolves as a plain subpath.
  const wasm = createRequire(import.meta.url).resolve('tree-sitter-go/tree-sitter-go.wasm');
  const language = await Language.load(wasm);
  const parser = new Parser();
  parser.setLanguage(language);
  return { parser, language };
}

export function goParser(): Promise<GoParser> {
  ready ??= init();
  return ready;
}

/**
 * Chunk size fed to the parser. Handing web-tree-sitter the whole string makes it copy the
 * remainder of the text on every read, which is quadratic on large files.
 */
const CHUNK = 8 * 1024;

/** Parses Go source; the caller owns the tree and must `delete()` it (WASM memory is not GC'd). */
export function parseGo(p: GoParser, text: string): Tree {
  const tree = p.parser.parse((index) => text.slice(index, index + CHUNK));
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}
