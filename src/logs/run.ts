import type { Readable } from 'node:stream';
import type { Config } from '../core/config.js';
import type { RunResult } from '../core/result.js';
import type { Rule } from '../core/rule.js';
import { enabledRules, runRules } from '../core/engine.js';
import { applySuppressions } from '../core/suppress.js';
import { summarize } from '../core/summary.js';
import { VERSION } from '../core/version.js';
import type { InputError } from '../core/finding.js';
import type { ContainerLimits } from '../model/logs.js';
import { linkWorkspace } from '../model/link.js';
import type { Workspace } from '../model/workspace.js';
import { decodeStream } from './decode.js';

export interface LogsRunOptions {
  input: Readable;
  /** Path findings point at, relative to `root` when the log lies inside it. */
  file: string;
  root: string;
  limits: ContainerLimits;
  config: Config;
  rules: readonly Rule[];
}

/** logs = decode → workspace with only log facts → the `logs` rules → findings (+ the decoded model). */
export async function runLogs(opts: LogsRunOptions): Promise<RunResult> {
  const inputErrors: InputError[] = [];
  const manifests = { objects: [], podTemplates: [] };
  const ws: Workspace = { root: opts.root, dockerfiles: [], manifests, goModules: [], goPackages: [], links: linkWorkspace([], [], manifests), inputErrors };
  try {
    ws.logs = await decodeStream(opts.input, { file: opts.file, limits: opts.limits });
  } catch (err) {
    inputErrors.push({ file: opts.file, message: `cannot read: ${err instanceof Error ? err.message : String(err)}` });
  }
  const rules = enabledRules(opts.rules, opts.config).filter((r) => r.meta.needs.includes('logs'));
  const { findings, errors } = ws.logs ? runRules(ws, rules, opts.config) : { findings: [], errors: [] };
  inputErrors.push(...errors);
  applySuppressions(findings, { ws, config: opts.config });
  const result: RunResult = {
    command: 'logs',
    tool: { name: 'kubewhy', version: VERSION },
    root: opts.root,
    findings,
    inputErrors,
    rules: rules.map((r) => r.meta),
    summary: summarize(findings, inputErrors, ws.logs ? 1 : 0, 0),
  };
  if (ws.logs) result.decoded = ws.logs;
  return result;
}
