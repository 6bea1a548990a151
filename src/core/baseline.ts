import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { Finding, InputError, ObjectRef } from './finding.js';
import { describeFsError } from '../load/read-input.js';

/** Fingerprints of findings accepted as known debt: they stay reported but suppressed. */
export interface Baseline {
  /** The baseline's path for messages: relative to the working directory when inside it. */
  file: string;
  fingerprints: Set<string>;
}

interface BaselineEntry {
  ruleId: string;
  fingerprint: string;
  file?: string;
  object?: string;
  message: string;
}

interface BaselineFile {
  version: 1;
  generated: string;
  findings: BaselineEntry[];
}

function displayPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? p : rel.split(path.sep).join('/');
}

function objectLabel(o: ObjectRef): string {
  return [o.kind, o.namespace, o.name].filter((s) => s !== undefined && s !== '').join('/');
}

/**
 * JSON.parse names a character offset for some mistakes and none for others (`[,]`); the YAML
 * parser, reading JSON as the YAML subset it is, finds those. People want line and column.
 */
function jsonErrorPosition(text: string, err: unknown): { line?: number; column?: number } {
  const m = err instanceof Error ? /position (\d+)/.exec(err.message) : null;
  const offset = m ? Number(m[1]) : parseDocument(text, { prettyErrors: false }).errors[0]?.pos[0];
  if (offset === undefined) return {};
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

/** V8 appends a quote of the input (`, ..."…" is not valid JSON`), newlines included; keep the first clause. */
function jsonErrorMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const clause = message.replace(/, (\.\.\.)?".*$/s, '').replace(/ in JSON at position \d+.*$/s, '');
  return clause.split('\n')[0] ?? clause;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export async function readBaseline(file: string): Promise<{ baseline?: Baseline; error?: InputError }> {
  const shown = displayPath(file);
  const fail = (message: string, pos: { line?: number; column?: number } = {}) => ({ error: { file: shown, ...pos, message } });
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    return fail(`cannot read baseline: ${describeFsError(err)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return fail(`malformed baseline JSON: ${jsonErrorMessage(err)}`, jsonErrorPosition(text, err));
  }
  if (!isRecord(data) || data.version !== 1 || !Array.isArray(data.findings)) {
    return fail('not a kubewhy baseline: expected {"version": 1, "findings": [...]}');
  }
  const fingerprints = new Set<string>();
  for (const [i, entry] of data.findings.entries()) {
    if (!isRecord(entry) || typeof entry.fingerprint !== 'string') {
      return fail(`not a kubewhy baseline: findings[${i}] has no "fingerprint" string`);
    }
    fingerprints.add(entry.fingerprint);
  }
  return { baseline: { file: shown, fingerprints } };
}

/**
 * Writes every finding still open as the new baseline. Findings the previous baseline
 * suppressed count as open: regenerating a baseline with the old one applied must not
 * forget the debt it recorded. Sorted and de-duplicated so the file diffs cleanly.
 */
export async function writeBaseline(file: string, findings: Finding[]): Promise<void> {
  const byFingerprint = new Map<string, BaselineEntry>();
  for (const f of findings) {
    if (f.suppressed && f.suppressed.kind !== 'baseline') continue;
    if (byFingerprint.has(f.fingerprint)) continue;
    const { span, object } = f.subject;
    byFingerprint.set(f.fingerprint, {
      ruleId: f.ruleId,
      fingerprint: f.fingerprint,
      ...(span ? { file: span.file } : {}),
      ...(object ? { object: objectLabel(object) } : {}),
      message: f.message,
    });
  }
  const key = (e: BaselineEntry) => [e.file ?? '', e.ruleId, e.object ?? '', e.fingerprint];
  const entries = [...byFingerprint.values()].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) {
      const x = ka[i] ?? '';
      const y = kb[i] ?? '';
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  });
  const out: BaselineFile = { version: 1, generated: new Date().toISOString(), findings: entries };
  // Write beside and rename, so an interrupted run never leaves a truncated baseline.
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, `${JSON.stringify(out, null, 2)}\n`);
  await fs.rename(tmp, file);
}
