import type { Finding, InputError, Severity } from './finding.js';
import type { RuleMeta } from './rule.js';
import type { LogFacts } from '../model/logs.js';
import type { ImageInspection } from '../model/image-index.js';

export type Command = 'lint' | 'diagnose' | 'logs' | 'image';

/** What a run hands to a reporter. Reporters only format this. */
export interface RunResult {
  command: Command;
  tool: { name: 'kubewhy'; version: string };
  /** Absolute root; finding files are relative to it. */
  root: string;
  /** Every finding, suppressed ones included (marked `suppressed`), in deterministic order. */
  findings: Finding[];
  inputErrors: InputError[];
  /** Metadata of every rule that was enabled for this run (SARIF tool.driver.rules). */
  rules: RuleMeta[];
  summary: Summary;
  /** `kubewhy logs`: what the decoders read (goroutine groups, sched/GC series), for `--format json`. */
  decoded?: LogFacts;
  /** `kubewhy image`: what the registry and the layers said, for `--format json`. */
  image?: ImageInspection;
}

export interface Summary {
  files: number;
  objects: number;
  bySeverity: Record<Severity, number>;
  suppressed: number;
  inputErrors: number;
}
