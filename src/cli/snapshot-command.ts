import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { formatInputError } from '../core/finding.js';
import { SNAPSHOT_FILE, SNAPSHOT_KIND } from '../load/snapshot.js';
import { EXIT, type ExitCode } from './exit.js';
import type { LiveOptions } from '../load/cluster-live.js';

export interface LiveFlags {
  namespace?: string;
  allNamespaces?: boolean;
  kubeconfig?: string;
  context?: string;
}

export function liveOptions(flags: LiveFlags): LiveOptions {
  return {
    ...(flags.kubeconfig !== undefined ? { kubeconfig: flags.kubeconfig } : {}),
    ...(flags.context !== undefined ? { context: flags.context } : {}),
    ...(flags.namespace !== undefined ? { namespace: flags.namespace } : {}),
    ...(flags.allNamespaces ? { allNamespaces: true } : {}),
    // A progress line only for a person watching: never into pipes or CI logs.
    ...(process.stderr.isTTY ? { onProgress: progressLine } : {}),
  };
}

function progressLine(msg: string): void {
  process.stderr.write(`\r\x1b[2Kkubewhy: ${msg}`);
}

export function endProgress(): void {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
}

/**
 * `kubewhy snapshot -o DIR`: what live mode reads, written in the format `diagnose --from` reads:
 * one `<kind>.json` List per kind, events.json, logs/<ns>/<pod>/<container>[.previous].log, and
 * kubewhy-snapshot.json with the moment of the read.
 * Secrets carry key names only; ConfigMaps key names only (CoreDNS's Corefile excepted).
 */
export async function runSnapshot(flags: LiveFlags & { output: string }): Promise<ExitCode> {
  const { fetchLive, logFile, LiveError } = await import('../load/cluster-live.js');
  let fetched;
  try {
    fetched = await fetchLive(liveOptions(flags));
  } catch (err) {
    endProgress();
    if (err instanceof LiveError) {
      process.stderr.write(`kubewhy snapshot: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
  endProgress();
  const dir = resolve(flags.output);
  await mkdir(dir, { recursive: true });
  for (const { file, doc } of fetched.lists) await writeFile(join(dir, file), JSON.stringify(doc, null, 2) + '\n');
  const meta = { ...SNAPSHOT_KIND, metadata: { name: 'snapshot' }, readAt: fetched.readAt, source: fetched.source };
  await writeFile(join(dir, SNAPSHOT_FILE), JSON.stringify(meta, null, 2) + '\n');
  for (const log of fetched.logs) {
    const path = join(dir, logFile(log));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, log.text);
  }
  for (const w of fetched.warnings) process.stderr.write(`kubewhy: ${formatInputError(w)}\n`);
  const objects = fetched.lists.reduce((n, l) => n + (Array.isArray(l.doc.items) ? l.doc.items.length : 0), 0);
  process.stderr.write(`kubewhy snapshot: wrote ${fetched.lists.length} lists (${objects} objects) and ${fetched.logs.length} logs from ${fetched.source} to ${flags.output}\n`);
  return EXIT.ok;
}
