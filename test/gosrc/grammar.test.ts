import { describe, expect, it } from 'vitest';
import { goParser, parseGo } from '../../src/load/gosrc/parser.js';

describe('tree-sitter-go grammar', () => {
  it('loads with the pinned web-tree-sitter (ABI compatible) and parses Go', async () => {
    const p = await goParser();
    expect(p.language.name).toBe('go');
    expect(p.language.abiVersion).toBe(15);
    const tree = parseGo(p, 'package main\n\nfunc main() {}\n');
    try {
      expect(tree.rootNode.hasError).toBe(false);
      expect(tree.rootNode.namedChildren.map((n) => n?.type)).toEqual(['package_clause', 'function_declaration']);
    } finally {
      tree.delete();
    }
  });

  it('reads large inputs in chunks with UTF-16 columns across chunk borders', async () => {
    const p = await goParser();
    // Non-ASCII text before the chunk border must not shift positions after it.
    const filler = `// x${'é€😀'.repeat(3000)}\n`; // the 8 KiB border splits a surrogate pair
    const text = `package main\n${filler}var x = "ok"\n`;
    const tree = parseGo(p, text);
    try {
      expect(tree.rootNode.hasError).toBe(false);
      const spec = tree.rootNode.descendantsOfType('var_spec')[0];
      expect(spec?.startPosition).toEqual({ row: 2, column: 4 });
      expect(spec?.text).toBe('x = "ok"');
      expect(tree.rootNode.descendantsOfType('comment')[0]?.text).toBe(filler.trimEnd());
    } finally {
      tree.delete();
    }
  });
});
