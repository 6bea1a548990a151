import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/core/config.js';
import { diagnose } from '../../src/core/diagnose.js';
import type { Finding } from '../../src/core/finding.js';
import type { ClusterState } from '../../src/model/cluster.js';
import type { JsonObject } from '../../src/model/manifest.js';
import { RULES } from '../../src/rules/index.js';
import type { WatchCache } from '../../src/watch/cache.js';
import { Diagnoser } from '../../src/watch/diagnoser.js';
import { createLogger } from '../../src/watch/log.js';
import { createWatchMetrics } from '../../src/watch/metrics.js';
import { cacheOf, recordedItems } from './fixtures.js';
import { toState } from '../../src/load/cluster-live.js';

/** Every timestamp in the recorded fixtures (see their README). */
const RECORDED_AT = Date.parse('2026-11-25T08:00:00Z');

function harness(cache: WatchCache) {
  const added: Finding[] = [];
  const gone: Finding[] = [];
  const metrics = createWatchMetrics();
  const d = new Diagnoser({
    cache,
    config: defaultConfig(),
    rules: RULES,
    metrics,
    log: createLogger('json', () => {}),
    debounceMs: 5,
    source: 'test',
    now: () => RECORDED_AT,
    onNew: (f) => added.push(f),
    onGone: (f) => gone.push(f),
  });
  return { d, added, gone, metrics };
}

const said = (fs: Finding[]): string[] => fs.map((f) => `${f.ruleId} ${f.subject.object?.kind}/${f.subject.object?.name}`).sort();

/** The whole snapshot diagnosed at once, as `kubewhy diagnose --from` does. */
function worldFindings(dirs: string[]): Finding[] {
  const items = dirs.flatMap(recordedItems);
  const state: ClusterState = toState({ source: 'test', namespace: undefined, readAt: new Date(RECORDED_AT).toISOString(), lists: [{ file: 'all.json', doc: { apiVersion: 'v1', kind: 'List', items } }], logs: [], warnings: [], requests: {} });
  return diagnose({ state, config: defaultConfig(), rules: RULES }).findings;
}

function bumped(item: JsonObject, rv: string, labels: Record<string, string>): JsonObject {
  const meta = item.metadata as JsonObject;
  return { ...item, metadata: { ...meta, resourceVersion: rv, labels: { ...(meta.labels as JsonObject), ...labels } } };
}

describe('incremental diagnosis on recorded control-plane output', () => {
  it('after the initial sync: per group, the same diagnoses as diagnosing the whole snapshot', async () => {
    const dirs = ['jobs', 'quota', 'simulated'];
    const { d, added } = harness(cacheOf(...dirs));
    d.start();
    await d.idle();
    expect(said(added)).toEqual([
      'crashloop-exit Job/import-orders',
      'crashloop-exit Pod/crashloop',
      'image-not-found Pod/image-pull',
      'job-failed Job/import-orders',
      'job-failed Job/nightly-report',
      'oomkilled Pod/oomkilled',
      'pod-create-quota-exceeded Deployment/web',
    ]);
    expect(added.map((f) => f.fingerprint).sort()).toEqual(worldFindings(dirs).map((f) => f.fingerprint).sort());
    await d.stop();
  });

  it('a change re-diagnoses its group without publishing again; deletion forgets; a recurrence is new again', async () => {
    const cache = cacheOf('jobs');
    const { d, added, gone, metrics } = harness(cache);
    d.start();
    await d.idle();
    expect(said(added)).toEqual(['crashloop-exit Job/import-orders', 'job-failed Job/import-orders', 'job-failed Job/nightly-report']);
    const runs = async (): Promise<number> => (await metrics.diagnosisRuns.get()).values[0]!.value;
    const before = await runs();

    const job = recordedItems('jobs').find((i) => i.kind === 'Job' && (i.metadata as JsonObject).name === 'nightly-report')!;
    d.changed(cache.apply('MODIFIED', 'Job', 'batch/v1', bumped(job, '2', { touched: 'yes' }))!);
    await d.idle();
    expect(await runs()).toBe(before + 1); // one group, not the world
    expect(added).toHaveLength(3);
    expect(gone).toHaveLength(0);

    d.changed(cache.apply('DELETED', 'Job', 'batch/v1', job)!);
    await d.idle();
    expect(said(gone)).toEqual(['job-failed Job/nightly-report']);
    expect(said(d.findings())).toEqual(['crashloop-exit Job/import-orders', 'job-failed Job/import-orders']);

    d.changed(cache.apply('ADDED', 'Job', 'batch/v1', bumped(job, '3', {}))!);
    await d.idle();
    expect(said(added.slice(3))).toEqual(['job-failed Job/nightly-report']);
    await d.stop();
  });

  it('an event re-diagnoses the group of its involved object', async () => {
    // Without the ReplicaFailure conditions the controllers also wrote, only the events tell.
    const items = recordedItems('quota').map((i): JsonObject => (i.kind === 'ReplicaSet' || i.kind === 'Deployment' ? { ...i, status: { ...(i.status as JsonObject), conditions: [] } } : i));
    const cache = cacheOf();
    const { d, added } = harness(cache);
    // Everything but the FailedCreate events: the quota denial is not visible yet.
    const isFailedCreate = (i: JsonObject): boolean => i.kind === 'Event' && i.reason === 'FailedCreate';
    for (const kind of new Set(items.map((i) => String(i.kind)))) {
      cache.replace(kind, String(items.find((i) => i.kind === kind)!.apiVersion), items.filter((i) => i.kind === kind && !isFailedCreate(i)));
    }
    d.start();
    await d.idle();
    expect(added).toHaveLength(0);
    for (const ev of items.filter(isFailedCreate)) {
      const c = cache.apply('ADDED', 'Event', 'v1', ev);
      if (c) d.changed(c);
    }
    await d.idle();
    expect(said(added)).toEqual(['pod-create-quota-exceeded Deployment/web']);
    await d.stop();
  });
});
