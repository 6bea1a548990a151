import { writeFile } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { atLeast, formatInputError } from '../core/finding.js';
import { loadConfig, unknownRuleIds } from '../core/config-load.js';
import { readBaseline, writeBaseline } from '../core/baseline.js';
import { lint } from '../core/lint.js';
import type { RegistryFlags } from '../image/inspect/registry-setup.js';
import { RULES } from '../rules/index.js';
import { formatReport, type Format } from '../report/index.js';
import type { FailOn } from './options.js';
import { EXIT, type ExitCode } from './exit.js';

export interface LintFlags {
  format: Format;
  output?: string;
  failOn: FailOn;
  config?: string;
  root?: string;
  baseline?: string;
  writeBaseline?: string;
  quiet?: boolean;
  color: boolean;
  buildArg: Record<string, string>;
  maxFileSize?: number;
  maxAliases?: number;
  maxDocuments?: number;
  /** `--images`, with the registry flags. */
  images?: RegistryFlags;
}

export async function runLint(paths: string[], flags: LintFlags): Promise<ExitCode> {
  const targets = paths.length > 0 ? paths : ['.'];
  const root = resolve(flags.root ?? defaultRoot(targets));
  const { config, errors: configErrors } = await loadConfig(root, flags.config);
  const unknown = unknownRuleIds(config, RULES.map((r) => r.meta.id));
  if (configErrors.length > 0 || unknown.length > 0) {
    for (const e of configErrors) process.stderr.write(`kubewhy: ${formatInputError(e)}\n`);
    for (const id of unknown) process.stderr.write(`kubewhy: ${config.file ?? '.kubewhy.yaml'}: unknown rule "${id}" (see kubewhy rules)\n`);
    return EXIT.usage;
  }
  config.buildArgs = { ...config.buildArgs, ...flags.buildArg };
  if (flags.maxFileSize !== undefined) config.limits.maxFileBytes = flags.maxFileSize;
  if (flags.maxAliases !== undefined) config.limits.maxAliasCount = flags.maxAliases;
  if (flags.maxDocuments !== undefined) config.limits.maxDocuments = flags.maxDocuments;

  let baseline;
  if (flags.baseline) {
    const read = await readBaseline(resolve(flags.baseline));
    if (read.error) {
      process.stderr.write(`kubewhy: ${formatInputError(read.error)}\n`);
      return EXIT.usage;
    }
    baseline = read.baseline;
  }

  const result = await lint({ paths: targets.map((p) => resolve(p)), root, config, rules: RULES, baseline, ...(flags.images ? { images: flags.images } : {}) });
  const out = formatReport(result, flags.format, { color: flags.color && !flags.output, quiet: flags.quiet });
  if (flags.output) await writeFile(flags.output, out);
  else process.stdout.write(out);
  if (flags.writeBaseline) await writeBaseline(resolve(flags.writeBaseline), result.findings);

  // Input errors go to stderr too, so a JSON/SARIF consumer on stdout still sees them named.
  if (flags.format !== 'text' || flags.output) {
    for (const e of result.inputErrors) process.stderr.write(`kubewhy: ${formatInputError(e)}\n`);
  }
  if (result.inputErrors.length > 0) return EXIT.usage;
  const failOn = flags.failOn;
  if (failOn !== 'never' && result.findings.some((f) => !f.suppressed && atLeast(f.severity, failOn))) return EXIT.findings;
  return EXIT.ok;
}

/** Paths are reported relative to the working directory unless a target lies outside it. */
function defaultRoot(targets: string[]): string {
  const cwd = process.cwd();
  const outside = targets.map((t) => resolve(t)).find((abs) => {
    const rel = relative(cwd, abs);
    return rel.startsWith('..') || isAbsolute(rel);
  });
  if (!outside) return cwd;
  try {
    return statSync(outside).isDirectory() ? outside : dirname(outside);
  } catch {
    return cwd; // a missing path is reported by discovery
  }
}
