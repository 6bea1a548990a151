import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/core/config.js';
import { loadSnapshot } from '../../src/load/snapshot.js';
import { indexCluster } from '../../src/model/cluster-index.js';
import { ageSeconds, formatAge, observedAt } from '../../src/triage/clock.js';

const dir = mkdtempSync(join(tmpdir(), 'kubewhy-clock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pods = {
  apiVersion: 'v1',
  kind: 'List',
  items: [
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'api', namespace: 'shop', creationTimestamp: '2026-11-25T09:00:00Z' },
      status: { phase: 'Running', containerStatuses: [{ name: 'api', restartCount: 0, state: { running: { startedAt: '2026-11-25T09:10:00Z' } } }] },
    },
  ],
};

describe('observedAt: "now" for a cluster state', () => {
  it('is the newest timestamp in a plain kubectl dump (container starts included)', async () => {
    writeFileSync(join(dir, 'pods.json'), JSON.stringify(pods));
    const state = await loadSnapshot(dir, defaultConfig().limits);
    expect(state.readAt).toBeUndefined();
    const index = indexCluster(state);
    expect(new Date(observedAt(index)).toISOString()).toBe('2026-11-25T09:10:00.000Z');
    expect(ageSeconds(index, '2026-11-25T09:00:00Z')).toBe(600);
  });

  it('is the read time kubewhy snapshot recorded (kubewhy-snapshot.json), not the newest timestamp', async () => {
    writeFileSync(join(dir, 'kubewhy-snapshot.json'), JSON.stringify({ apiVersion: 'kubewhy.dev/v1', kind: 'Snapshot', metadata: { name: 'snapshot' }, readAt: '2026-11-25T10:00:00.000Z' }));
    const state = await loadSnapshot(dir, defaultConfig().limits);
    expect(state.readAt).toBe('2026-11-25T10:00:00.000Z');
    expect(state.objects.map((o) => o.kind)).toEqual(['Pod']);
    expect(ageSeconds(indexCluster(state), '2026-11-25T09:00:00Z')).toBe(3600);
  });
});

describe('formatAge', () => {
  it('prints durations as kubectl does (apimachinery duration.HumanDuration)', () => {
    const cases: [number, string][] = [
      [-5, '0s'], [0, '0s'], [119, '119s'], [120, '2m'], [440, '7m20s'], [599, '9m59s'], [600, '10m'], [3600, '60m'], [10799, '179m'],
      [10800, '3h'], [11400, '3h10m'], [8 * 3600, '8h'], [47 * 3600 + 59 * 60, '47h'], [48 * 3600, '2d'], [2 * 86400 + 4 * 3600, '2d4h'],
      [8 * 86400, '8d'], [730 * 86400, '2y'], [731 * 86400, '2y1d'], [9 * 365 * 86400, '9y'],
    ];
    for (const [s, want] of cases) expect(formatAge(s), String(s)).toBe(want);
  });
});
