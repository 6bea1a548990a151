// Recorded control-plane output (test/fixtures/cluster/recorded, see its README) loaded into a
// watch cache the way the reflectors' first List does.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonObject } from '../../src/model/manifest.js';
import { WatchCache } from '../../src/watch/cache.js';

export const RECORDED = join(import.meta.dirname, '../fixtures/cluster/recorded');

export function recordedItems(dir: string): JsonObject[] {
  const out: JsonObject[] = [];
  for (const f of readdirSync(join(RECORDED, dir)).filter((n) => n.endsWith('.json')).sort()) {
    const doc = JSON.parse(readFileSync(join(RECORDED, dir, f), 'utf8')) as { items: JsonObject[] };
    out.push(...doc.items);
  }
  return out;
}

/** Items grouped by kind and handed to cache.replace, as one List per kind. */
export function loadInto(cache: WatchCache, items: JsonObject[]): void {
  const byKind = new Map<string, { apiVersion: string; items: JsonObject[] }>();
  for (const i of items) {
    const kind = String(i.kind);
    const entry = byKind.get(kind) ?? { apiVersion: String(i.apiVersion), items: [] };
    entry.items.push(i);
    byKind.set(kind, entry);
  }
  for (const [kind, { apiVersion, items: list }] of byKind) cache.replace(kind, apiVersion, list);
}

export function cacheOf(...dirs: string[]): WatchCache {
  const cache = new WatchCache();
  loadInto(cache, dirs.flatMap(recordedItems));
  return cache;
}
