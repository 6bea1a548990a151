import type { Evidence, Span } from '../core/finding.js';
import type { Rule, RuleMeta, RuleSettings } from '../core/rule.js';
import { defineRule } from '../core/rule.js';
import type { Crash, ErrorFact, ErrorKind, Frame, GoroutineGroup, LogFacts, LogRef } from '../model/logs.js';

/** Shared by the rules in src/rules/logs: positions in the log file and readable frames. */

export function refSpan(facts: LogFacts, ref: LogRef): Span {
  return { file: facts.file, line: ref.line, column: ref.column, endLine: ref.line, endColumn: ref.column + ref.length };
}

export function lineSpan(facts: LogFacts, line: number): Span {
  return { file: facts.file, line, column: 1, endLine: line, endColumn: 2 };
}

export function refEvidence(facts: LogFacts, ref: LogRef, message: string): Evidence {
  return { message, span: refSpan(facts, ref) };
}

export function frameEvidence(facts: LogFacts, frame: Frame, message: string): Evidence {
  return { message, span: lineSpan(facts, frame.logLine) };
}

/** `main.worker (/src/app/main.go:13)` */
export function frameLabel(f: Frame): string {
  return `${f.func} (${f.file}:${f.line})`;
}

/** `chan receive, 3~7 minutes` as panicparse prints a group's state. */
export function stateLabel(g: Pick<GoroutineGroup, 'state' | 'minMinutes' | 'maxMinutes'>): string {
  if (g.minMinutes === undefined || g.maxMinutes === undefined) return g.state;
  const m = g.minMinutes === g.maxMinutes ? `${g.minMinutes}` : `${g.minMinutes}~${g.maxMinutes}`;
  return `${g.state}, ${m} minutes`;
}

/** Where a group's goroutines are: their first user frame, else their top frame. */
export function groupWhere(g: GoroutineGroup): string {
  const f = g.userFrame ?? g.frames[0];
  return f ? frameLabel(f) : 'an unknown place (no stack printed)';
}

export function groupEvidence(facts: LogFacts, g: GoroutineGroup): Evidence[] {
  const ids = g.count > g.ids.length ? `${g.ids.join(', ')}, …` : g.ids.join(', ');
  const out: Evidence[] = [refEvidence(facts, g.at, `${g.count} goroutine${g.count === 1 ? '' : 's'} [${stateLabel(g)}] (${ids})`)];
  const f = g.userFrame ?? g.frames[0];
  if (f) out.push(frameEvidence(facts, f, `blocked at ${frameLabel(f)}`));
  if (g.createdBy) out.push({ message: `created by ${g.createdBy.func} (${g.createdBy.file}:${g.createdBy.line})${g.createdBy.parent !== undefined ? ` in goroutine ${g.createdBy.parent}` : ''}` });
  return out;
}

/** The same crash repeated across restarts is one finding, counted. */
export function distinctCrashes(crashes: readonly Crash[], key: (c: Crash) => string): { crash: Crash; times: number }[] {
  const seen = new Map<string, { crash: Crash; times: number }>();
  for (const c of crashes) {
    const k = key(c);
    const entry = seen.get(k);
    if (entry) entry.times++;
    else seen.set(k, { crash: c, times: 1 });
  }
  return [...seen.values()];
}

export function times(n: number): string {
  return n > 1 ? ` (${n} times)` : '';
}

export function numberOption(settings: RuleSettings, name: string, fallback: number): number {
  const v = settings.options[name];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

export function mb(n: number): string {
  return `${Math.round(n)} MB`;
}

/** One rule per kind of root-cause error line: the same shape, different words. */
export function errorLineRule(meta: Omit<RuleMeta, 'needs'>, kind: ErrorKind, message: (f: ErrorFact) => string): Rule {
  return defineRule({
    meta: { ...meta, needs: ['logs'] },
    check({ ws, report }) {
      const facts = ws.logs;
      if (!facts) return;
      for (const f of facts.errors) {
        if (f.kind !== kind) continue;
        const evidence: Evidence[] = [refEvidence(facts, f.at, f.at.time ? `${f.at.time}: ${f.at.text}` : f.at.text)];
        if (f.count > 1) evidence.push({ message: `logged ${f.count} times, last on line ${f.lastLine}`, span: lineSpan(facts, f.lastLine) });
        report({ message: message(f), at: { span: refSpan(facts, f.at) }, evidence });
      }
    },
  });
}
