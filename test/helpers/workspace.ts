import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { defaultConfig } from '../../src/core/config.js';
import { lint } from '../../src/core/lint.js';
import type { Finding } from '../../src/core/finding.js';
import type { RunResult } from '../../src/core/result.js';
import type { Rule } from '../../src/core/rule.js';
import { RULES } from '../../src/rules/index.js';

/** Writes `files` (relative path → text) into a fresh temp dir and returns its path. */
export async function writeTree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'kubewhy-test-'));
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, rel)), { recursive: true });
    await writeFile(join(root, rel), text);
  }
  return root;
}

/** The real pipeline (discovery, loaders, links, engine, suppression) over a directory. */
export async function lintDir(root: string, rules: readonly Rule[] = RULES, buildArgs: Record<string, string> = {}): Promise<RunResult> {
  const config = defaultConfig();
  config.buildArgs = buildArgs;
  return lint({ paths: [root], root, config, rules });
}

export async function lintFiles(files: Record<string, string>, rules: readonly Rule[] = RULES): Promise<RunResult> {
  return lintDir(await writeTree(files), rules);
}

export interface Expected {
  file: string;
  line: number;
  column: number;
  message?: string | RegExp;
  evidence?: { file?: string; line: number }[];
}

/** Compact, comparable view of a finding: rule, file:line:col and message. */
export function where(f: Finding): { file?: string; line?: number; column?: number } {
  return { file: f.subject.span?.file, line: f.subject.span?.line, column: f.subject.span?.column };
}
