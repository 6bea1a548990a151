import type { Finding, InputError } from './finding.js';
import type { Config } from './config.js';
import type { Need, Rule } from './rule.js';
import type { Workspace } from '../model/workspace.js';
import { fingerprint } from './fingerprint.js';
import { redact } from './redact.js';

export function available(ws: Workspace): Set<Need> {
  const have = new Set<Need>();
  if (ws.dockerfiles.length > 0) have.add('dockerfile');
  if (ws.manifests.objects.length > 0) have.add('manifests');
  if (ws.goModules.length > 0) have.add('gomod');
  if (ws.goPackages.length > 0) have.add('go');
  if (ws.cluster) have.add('cluster');
  if (ws.logs) have.add('logs');
  if (ws.images) have.add('image');
  return have;
}

export function enabledRules(rules: readonly Rule[], config: Config): Rule[] {
  return rules.filter((r) => config.rules[r.meta.id]?.enabled !== false);
}

/**
 * Runs every enabled rule whose needs the workspace meets. A rule that throws costs only
 * its own findings: the crash becomes an input error naming the rule.
 */
export function runRules(ws: Workspace, rules: readonly Rule[], config: Config): { findings: Finding[]; errors: InputError[] } {
  const have = available(ws);
  const findings: Finding[] = [];
  const errors: InputError[] = [];
  const seen = new Set<string>();
  // TIMING=1, as in ESLint: the slowest rules on stderr.
  const timings = process.env.TIMING ? new Map<string, number>() : undefined;
  for (const rule of rules) {
    const { meta } = rule;
    if (!meta.needs.every((n) => have.has(n))) continue;
    const ruleConfig = config.rules[meta.id];
    const started = performance.now();
    try {
      rule.check({
        ws,
        settings: { options: ruleConfig?.options ?? {} },
        report(r) {
          const fp = fingerprint(meta.id, r.at, r.message);
          const key = `${fp}:${r.at.span?.line ?? ''}:${r.at.span?.column ?? ''}`;
          if (seen.has(key)) return;
          seen.add(key);
          findings.push({
            ruleId: meta.id,
            fault: meta.fault,
            severity: ruleConfig?.severity ?? r.severity ?? meta.severity,
            message: redact(r.message),
            subject: r.at,
            evidence: (r.evidence ?? []).map((e) => ({ ...e, message: redact(e.message) })),
            fix: r.fix ?? meta.fix,
            verify: r.verify ?? meta.verify,
            fingerprint: fp,
          });
        },
      });
    } catch (err) {
      errors.push({ file: `rule ${meta.id}`, message: `internal error: ${err instanceof Error ? err.message : String(err)}` });
    }
    timings?.set(meta.id, performance.now() - started);
  }
  if (timings) printTimings(timings);
  findings.sort(compareFindings);
  return { findings, errors };
}

function printTimings(timings: Map<string, number>): void {
  const rows = [...timings].sort((a, b) => b[1] - a[1]).slice(0, 15);
  for (const [id, ms] of rows) process.stderr.write(`${ms.toFixed(1).padStart(9)} ms  ${id}\n`);
}

/** Files first (by path, line, column), then object-only findings by reference; rule id breaks ties. */
export function compareFindings(a: Finding, b: Finding): number {
  const fa = a.subject.span?.file;
  const fb = b.subject.span?.file;
  if (fa !== undefined && fb === undefined) return -1;
  if (fa === undefined && fb !== undefined) return 1;
  return (
    cmp(fa ?? '', fb ?? '') ||
    (a.subject.span?.line ?? 0) - (b.subject.span?.line ?? 0) ||
    (a.subject.span?.column ?? 0) - (b.subject.span?.column ?? 0) ||
    cmp(refKey(a), refKey(b)) ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.message, b.message)
  );
}

function refKey(f: Finding): string {
  const o = f.subject.object;
  return o ? `${o.namespace ?? ''}/${o.kind}/${o.name}/${f.subject.container ?? ''}` : '';
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
