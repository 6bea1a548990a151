import { writeFile } from 'node:fs/promises';
import { atLeast, formatInputError } from '../core/finding.js';
import { loadConfig, unknownRuleIds } from '../core/config-load.js';
import { enabledRules, runRules } from '../core/engine.js';
import { summarize } from '../core/summary.js';
import { VERSION } from '../core/version.js';
import type { RunResult } from '../core/result.js';
import { inspectImage, registrySetup, type RegistryFlags } from '../image/inspect/index.js';
import { formatInspection } from '../image/inspect/summary.js';
import { parsePlatform } from '../image/registry/index.js';
import { linkWorkspace } from '../model/link.js';
import type { Workspace } from '../model/workspace.js';
import { RULES } from '../rules/index.js';
import { formatReport, type Format } from '../report/index.js';
import type { FailOn } from './options.js';
import { EXIT, type ExitCode } from './exit.js';

export interface ImageFlags extends RegistryFlags {
  platform?: string;
  format: Format;
  output?: string;
  failOn: FailOn;
  config?: string;
  quiet?: boolean;
  color: boolean;
}

/** `kubewhy image REF`: read one image from its registry, print its facts and the image rules' findings. */
export async function runImage(reference: string, flags: ImageFlags): Promise<ExitCode> {
  const platform = flags.platform !== undefined ? parsePlatform(flags.platform) : undefined;
  if (flags.platform !== undefined && !platform) {
    process.stderr.write(`kubewhy image: --platform: expected os/arch[/variant], got "${flags.platform}"\n`);
    return EXIT.usage;
  }
  const root = process.cwd();
  const { config, errors: configErrors } = await loadConfig(root, flags.config);
  const unknown = unknownRuleIds(config, RULES.map((r) => r.meta.id));
  if (configErrors.length > 0 || unknown.length > 0) {
    for (const e of configErrors) process.stderr.write(`kubewhy: ${formatInputError(e)}\n`);
    for (const id of unknown) process.stderr.write(`kubewhy: ${config.file ?? '.kubewhy.yaml'}: unknown rule "${id}" (see kubewhy rules)\n`);
    return EXIT.usage;
  }
  const setup = registrySetup(flags);
  if ('error' in setup) {
    process.stderr.write(`kubewhy image: ${setup.error}\n`);
    return EXIT.usage;
  }
  let inspection;
  try {
    inspection = await inspectImage(setup.client, reference, { factsCache: setup.factsCache, ...(platform ? { platforms: [platform] } : {}) });
  } catch (err) {
    process.stderr.write(`kubewhy image: ${reference}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
    return EXIT.usage;
  } finally {
    setup.client.close();
  }
  if (platform && !inspection.error && inspection.inspected.length === 0) {
    process.stderr.write(`kubewhy image: ${reference} has no ${flags.platform} image (it has: ${inspection.platforms.map((p) => [p.os, p.architecture, p.variant].filter(Boolean).join('/')).join(', ')})\n`);
    return EXIT.usage;
  }

  const manifests = { objects: [], podTemplates: [] };
  const ws: Workspace = {
    root,
    dockerfiles: [],
    manifests,
    goModules: [],
    goPackages: [],
    links: linkWorkspace([], [], manifests),
    images: { byReference: new Map([[reference, inspection]]) },
    inputErrors: [],
  };
  const rules = enabledRules(RULES, config);
  const { findings, errors } = runRules(ws, rules, config);
  const result: RunResult = {
    command: 'image',
    tool: { name: 'kubewhy', version: VERSION },
    root,
    findings,
    inputErrors: errors,
    rules: rules.filter((r) => r.meta.needs.every((n) => n === 'image')).map((r) => r.meta),
    summary: summarize(findings, errors, 0, 0),
    image: inspection,
  };
  const report = formatReport(result, flags.format, { color: flags.color && !flags.output, quiet: flags.quiet });
  const out = flags.format === 'text' ? formatInspection(inspection) + report : report;
  if (flags.output) await writeFile(flags.output, out);
  else process.stdout.write(out);
  if (errors.length > 0) return EXIT.usage;
  const failOn = flags.failOn;
  if (failOn !== 'never' && findings.some((f) => atLeast(f.severity, failOn))) return EXIT.findings;
  return EXIT.ok;
}
