import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/model/manifest.js';
import { REPORTING_CONTROLLER, WatchCache } from '../../src/watch/cache.js';
import { buildGroup, groupsOf } from '../../src/watch/groups.js';
import { cacheOf, recordedItems } from './fixtures.js';

function event(name: string, involved: JsonObject, extra: JsonObject = {}): JsonObject {
  return { apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: 'shop', resourceVersion: name }, involvedObject: involved, reason: 'BackOff', message: name, type: 'Warning', lastTimestamp: `2026-11-25T08:${name.padStart(2, '0')}:00Z`, ...extra };
}

describe('WatchCache and groups', () => {
  it('a pod change belongs to its top owner; the group holds the owner chain, its events and the namespace context', () => {
    const cache = cacheOf('quota');
    const pod = cache.ofKind('Pod')[0]!;
    const c = cache.apply('MODIFIED', 'Pod', 'v1', { ...pod.raw, metadata: { ...(pod.raw.metadata as JsonObject), resourceVersion: '2' } })!;
    expect(groupsOf(cache, c)).toEqual(['W:Deployment/recorded-quota/web']);
    const g = buildGroup(cache, 'W:Deployment/recorded-quota/web', 'test', Date.now())!;
    expect([...g.members].sort()).toEqual([`Deployment/recorded-quota/web`, `Pod/recorded-quota/${pod.name}`, `ReplicaSet/recorded-quota/${cache.ofKind('ReplicaSet')[0]!.name}`].sort());
    expect(g.state.objects.map((o) => o.kind)).toEqual(expect.arrayContaining(['ResourceQuota', 'LimitRange']));
    expect(g.state.events.map((e) => e.reason)).toContain('FailedCreate');
    // Not the top of its chain: no group of its own.
    expect(buildGroup(cache, `W:Pod/recorded-quota/${pod.name}`, 'test', Date.now())).toBeUndefined();
  });

  it('a List replaces the kind: what it lacks was deleted; an unchanged resourceVersion is no change', () => {
    const cache = cacheOf('jobs');
    const jobs = recordedItems('jobs').filter((i) => i.kind === 'Job');
    expect(cache.replace('Job', 'batch/v1', jobs)).toEqual([]);
    const changes = cache.replace('Job', 'batch/v1', jobs.slice(1));
    expect(changes.map((c) => `${c.type} ${'object' in c ? c.object.name : ''}`)).toEqual([`DELETED ${(jobs[0]!.metadata as JsonObject).name}`]);
    expect(cache.ofKind('Job').map((j) => j.name)).toEqual([(jobs[1]!.metadata as JsonObject).name]);
  });

  it('events: bounded per object, kubewhy\'s own never enter', () => {
    const cache = new WatchCache();
    const involved = { kind: 'Pod', namespace: 'shop', name: 'api-1' };
    for (let i = 1; i <= 30; i++) cache.apply('ADDED', 'Event', 'v1', event(String(i), involved));
    const kept = cache.eventsAbout({ apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'api-1' });
    expect(kept).toHaveLength(24);
    expect(kept.map((e) => e.message)).not.toContain('1');
    expect(kept.map((e) => e.message)).toContain('30');
    expect(cache.apply('ADDED', 'Event', 'v1', event('31', involved, { reportingComponent: REPORTING_CONTROLLER }))).toBeUndefined();
    expect(cache.sizes().Event).toBe(24);
  });
});
