import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { writeFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { atLeast, formatInputError } from '../core/finding.js';
import { loadConfig, unknownRuleIds } from '../core/config-load.js';
import type { Rule } from '../core/rule.js';
import { parseQuantity } from '../model/quantity.js';
import type { ContainerLimits } from '../model/logs.js';
import { RULES } from '../rules/index.js';
import { LOG_RULES } from '../rules/logs/index.js';
import { runLogs } from '../logs/run.js';
import { formatReport, type Format } from '../report/index.js';
import type { FailOn } from './options.js';
import { EXIT, type ExitCode } from './exit.js';

export interface LogsFlags {
  format: Format;
  output?: string;
  failOn: FailOn;
  config?: string;
  quiet?: boolean;
  color: boolean;
  memoryLimit?: string;
  cpuLimit?: string;
  /** pod/NAME mode: kubectl's flags. */
  container?: string;
  previous?: boolean;
  namespace?: string;
  kubeconfig?: string;
  context?: string;
  tail?: string;
}

const CLUSTER_TARGET = /^(?:po|pod|pods)\/(.+)$/i;

export async function runLogsCommand(target: string | undefined, flags: LogsFlags): Promise<ExitCode> {
  const podName = target !== undefined ? CLUSTER_TARGET.exec(target)?.[1] : undefined;
  if (podName !== undefined) return runPodLogs(podName, flags);
  const clusterOnly = (['container', 'previous', 'namespace', 'kubeconfig', 'context', 'tail'] as const).filter((k) => flags[k] !== undefined && flags[k] !== false);
  if (clusterOnly.length > 0) {
    process.stderr.write(`kubewhy logs: --${clusterOnly[0]} is for pod/NAME (a log from the cluster), not for a file\n`);
    return EXIT.usage;
  }
  const fromStdin = target === undefined || target === '-';
  if (fromStdin && process.stdin.isTTY) {
    process.stderr.write('kubewhy logs: give a log FILE, or pipe a log in with `-` (kubectl logs <pod> | kubewhy logs -)\n');
    return EXIT.usage;
  }
  const limits = parseLimits(flags);
  if ('error' in limits) {
    process.stderr.write(`kubewhy logs: ${limits.error}\n`);
    return EXIT.usage;
  }
  const root = process.cwd();
  const file = fromStdin ? '<stdin>' : displayPath(root, target);
  // Opened only once the config is read: a stream's open error needs a reader attached.
  const open = (): Readable => (fromStdin ? process.stdin : createReadStream(resolve(target), { highWaterMark: 1 << 20 }));
  return decodeAndReport(open, file, limits.value, flags);
}

/**
 * `logs pod/NAME`: the log through the live-diagnose connection, with the container's own
 * limits fed to the decoders (--memory-limit / --cpu-limit still win when given).
 */
async function runPodLogs(pod: string, flags: LogsFlags): Promise<ExitCode> {
  const given = parseLimits(flags);
  if ('error' in given) {
    process.stderr.write(`kubewhy logs: ${given.error}\n`);
    return EXIT.usage;
  }
  const tail = flags.tail !== undefined ? Number(flags.tail) : undefined;
  if (tail !== undefined && !(Number.isInteger(tail) && tail >= 0)) {
    process.stderr.write(`kubewhy logs: --tail: expected a number of lines, got "${flags.tail}"\n`);
    return EXIT.usage;
  }
  const { fetchPodLog, LiveError } = await import('../load/cluster-live.js');
  let log;
  try {
    log = await fetchPodLog({
      pod,
      previous: flags.previous === true,
      ...(flags.container !== undefined ? { container: flags.container } : {}),
      ...(flags.namespace !== undefined ? { namespace: flags.namespace } : {}),
      ...(flags.kubeconfig !== undefined ? { kubeconfig: flags.kubeconfig } : {}),
      ...(flags.context !== undefined ? { context: flags.context } : {}),
      ...(tail !== undefined ? { tailLines: tail } : {}),
    });
  } catch (err) {
    if (err instanceof LiveError) {
      process.stderr.write(`kubewhy logs pod/${pod}: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
  if (log.defaultedFrom) process.stderr.write(`kubewhy logs: defaulted container "${log.container}" out of: ${log.defaultedFrom.join(', ')}\n`);
  const limits: ContainerLimits = {};
  const memory = log.limits.memory !== undefined ? parseQuantity(log.limits.memory) : undefined;
  const cpu = log.limits.cpu !== undefined ? parseQuantity(log.limits.cpu) : undefined;
  if (memory !== undefined && memory > 0) limits.memoryBytes = memory;
  if (cpu !== undefined && cpu > 0) limits.cpuCores = cpu;
  const file = `pod/${log.namespace}/${log.pod}/${log.container}${log.previous ? ' (previous)' : ''}`;
  return decodeAndReport(() => Readable.from([log.text]), file, { ...limits, ...given.value }, flags);
}

async function decodeAndReport(open: () => Readable, file: string, limits: ContainerLimits, flags: LogsFlags): Promise<ExitCode> {
  const root = process.cwd();
  const rules = logRules();
  const { config, errors: configErrors } = await loadConfig(root, flags.config);
  const unknown = unknownRuleIds(config, RULES.map((r) => r.meta.id).concat(rules.map((r) => r.meta.id)));
  if (configErrors.length > 0 || unknown.length > 0) {
    for (const e of configErrors) process.stderr.write(`kubewhy: ${formatInputError(e)}\n`);
    for (const id of unknown) process.stderr.write(`kubewhy: ${config.file ?? '.kubewhy.yaml'}: unknown rule "${id}" (see kubewhy rules)\n`);
    return EXIT.usage;
  }
  const result = await runLogs({ input: open(), file, root, limits, config, rules });
  const out = formatReport(result, flags.format, { color: flags.color && !flags.output, quiet: flags.quiet });
  if (flags.output) await writeFile(flags.output, out);
  else process.stdout.write(out);
  if (flags.format !== 'text' || flags.output) {
    for (const e of result.inputErrors) process.stderr.write(`kubewhy: ${formatInputError(e)}\n`);
  }
  if (result.inputErrors.length > 0) return EXIT.usage;
  const failOn = flags.failOn;
  if (failOn !== 'never' && result.findings.some((f) => !f.suppressed && atLeast(f.severity, failOn))) return EXIT.findings;
  return EXIT.ok;
}

/** The registry may or may not list the log rules yet; either way each runs once. */
function logRules(): Rule[] {
  const byId = new Map<string, Rule>();
  for (const r of [...RULES, ...LOG_RULES]) if (r.meta.needs.includes('logs')) byId.set(r.meta.id, r);
  return [...byId.values()];
}

function parseLimits(flags: LogsFlags): { value: ContainerLimits } | { error: string } {
  const value: ContainerLimits = {};
  if (flags.memoryLimit !== undefined) {
    const bytes = parseQuantity(flags.memoryLimit);
    if (bytes === undefined || bytes <= 0) return { error: `--memory-limit: expected a Kubernetes quantity like 512Mi, got "${flags.memoryLimit}"` };
    value.memoryBytes = bytes;
  }
  if (flags.cpuLimit !== undefined) {
    const cores = parseQuantity(flags.cpuLimit);
    if (cores === undefined || cores <= 0) return { error: `--cpu-limit: expected a Kubernetes quantity like 2 or 500m, got "${flags.cpuLimit}"` };
    value.cpuCores = cores;
  }
  return { value };
}

/** Relative to the working directory when the log is inside it, like lint's paths. */
function displayPath(root: string, target: string): string {
  const rel = relative(root, resolve(target));
  return rel.startsWith('..') || isAbsolute(rel) ? resolve(target) : rel.split('\\').join('/');
}
