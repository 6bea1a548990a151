import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Fault {
  id: string;
  title: string;
  /** The catalog text of the entry, as written in docs/faults.md. */
  text: string;
}

/** The catalog ships with the package (docs/faults.md, a copy of the project's FAULTS.md). */
export const FAULTS_FILE = fileURLToPath(new URL('../../docs/faults.md', import.meta.url));

let cache: Map<string, Fault> | undefined;

export function faults(): Map<string, Fault> {
  cache ??= parseFaults(readFileSync(FAULTS_FILE, 'utf8'));
  return cache;
}

/**
 * Entries are bold-headed paragraphs (`**A1 Title** (error). …`); some paragraphs hold several
 * entries inline (B1–B7), so an entry runs until the next bold id or the end of its paragraph.
 */
export function parseFaults(md: string): Map<string, Fault> {
  const out = new Map<string, Fault>();
  for (const para of md.split(/\n\s*\n/)) {
    const text = para.replace(/\s*\n\s*/g, ' ').trim();
    const heads = [...text.matchAll(/\*\*([A-K]\d+)\s*([^*]*)\*\*/g)];
    heads.forEach((m, i) => {
      const end = i + 1 < heads.length ? heads[i + 1]!.index : text.length;
      const id = m[1]!;
      out.set(id, { id, title: m[2]!.trim(), text: text.slice(m.index, end).trim() });
    });
  }
  return out;
}
