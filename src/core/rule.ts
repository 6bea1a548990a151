import type { Evidence, Severity, Subject } from './finding.js';
import type { Workspace } from '../model/workspace.js';

/** Facts a rule needs; the engine runs it only when the workspace has them. */
export type Need = 'dockerfile' | 'manifests' | 'gomod' | 'go' | 'image' | 'cluster' | 'logs';

export interface RuleMeta {
  /** Stable forever; kebab-case, e.g. `go-toolchain-mismatch`. SARIF ruleId. */
  id: string;
  /** FAULTS.md entry, e.g. "A1". */
  fault: string;
  severity: Severity;
  /** One line, imperative-free: what is wrong. */
  title: string;
  /** Why it breaks, in the user's terms (what they will see). */
  why: string;
  /** What to change. */
  fix: string;
  /** One command a person can run to confirm the fix. */
  verify: string;
  needs: readonly Need[];
  tags?: readonly string[];
}

export interface Report {
  message: string;
  at: Subject;
  evidence?: Evidence[];
  /** Overrides meta.fix with a case-specific fix. */
  fix?: string;
  /** Overrides meta.verify with a case-specific command. */
  verify?: string;
  /** Overrides meta.severity for this case only (e.g. a milder variant). */
  severity?: Severity;
}

/** Per-rule knobs from `.kubewhy.yaml` (`rules.<id>.options`) and global settings rules may read. */
export interface RuleSettings {
  options: Record<string, unknown>;
}

export interface RuleContext {
  ws: Workspace;
  settings: RuleSettings;
  report(r: Report): void;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
