import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createColors } from 'picocolors';
import { faults } from '../core/faults.js';
import { ruleDocs } from '../core/rule-docs.js';
import { RULES } from '../rules/index.js';
import { EXIT, type ExitCode } from './exit.js';

export function listRules(format: 'text' | 'json', color: boolean): ExitCode {
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(RULES.map((r) => r.meta), null, 2)}\n`);
    return EXIT.ok;
  }
  const c = createColors(color);
  const idWidth = Math.max(...RULES.map((r) => r.meta.id.length));
  for (const { meta } of RULES) {
    const sev = meta.severity.padEnd(7);
    process.stdout.write(`${c.bold(meta.id.padEnd(idWidth))}  ${meta.fault.padEnd(3)}  ${sev}  ${meta.title}\n`);
  }
  return EXIT.ok;
}

/** `explain A3` prints the catalog entry and its rules; `explain <rule-id>` the rule and its entry. */
export function explain(id: string, color: boolean): ExitCode {
  const c = createColors(color);
  const catalog = faults();
  const rule = RULES.find((r) => r.meta.id === id);
  const faultId = rule ? rule.meta.fault : id.toUpperCase();
  const fault = catalog.get(faultId);
  if (!rule && !fault) {
    process.stderr.write(`kubewhy: no rule or fault "${id}" (see kubewhy rules; faults are A1–K3)\n`);
    return EXIT.usage;
  }
  const out: string[] = [];
  if (rule) {
    const m = rule.meta;
    out.push(`${c.bold(m.id)} (${m.severity}, fault ${m.fault}): ${m.title}`, '', m.why, '', `${c.bold('fix:')} ${m.fix}`, `${c.bold('verify:')} $ ${m.verify}`, '');
  }
  if (fault) {
    out.push(`${c.bold(`${fault.id} ${fault.title}`)}`, '', wrap(fault.text.replace(/\*\*/g, ''), 88), '');
    const detecting = RULES.filter((r) => r.meta.fault === fault.id);
    out.push(detecting.length > 0 ? `${c.bold('detected by:')} ${detecting.map((r) => r.meta.id).join(', ')}` : 'no rule detects this fault yet', '');
  }
  process.stdout.write(out.join('\n'));
  return EXIT.ok;
}

/** Writes docs/rules, or with `check` reports (exit 1) which generated pages are stale. */
export async function docs(dir: string, check: boolean): Promise<ExitCode> {
  const pages = ruleDocs(RULES);
  if (!check) {
    await mkdir(dir, { recursive: true });
    for (const [name, text] of pages) await writeFile(join(dir, name), text);
    return EXIT.ok;
  }
  const stale: string[] = [];
  for (const [name, text] of pages) {
    const current = await readFile(join(dir, name), 'utf8').catch(() => undefined);
    if (current !== text) stale.push(name);
  }
  const extra = (await readdir(dir).catch(() => [] as string[])).filter((n) => !pages.has(n));
  for (const n of [...stale, ...extra]) process.stderr.write(`kubewhy: docs/rules/${n} is stale; run npm run docs\n`);
  return stale.length + extra.length > 0 ? EXIT.findings : EXIT.ok;
}

function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}
