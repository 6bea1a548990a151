import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/core/config.js';
import { loadSnapshot } from '../../src/load/snapshot.js';
import { writeTree } from '../helpers/workspace.js';

const pod = (ns: string, name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, uid: `uid-${name}` }, spec: { containers: [{ name: 'app', image: 'x:1' }] }, status: { phase: 'Running' } });

describe('loadSnapshot', () => {
  it('reads a kubectl cluster-info dump tree, splitting logs.txt per container', async () => {
    const dir = await writeTree({
      'nodes.json': JSON.stringify({ kind: 'NodeList', apiVersion: 'v1', metadata: {}, items: [{ metadata: { name: 'worker-1', uid: 'n1' }, status: {} }] }),
      'shop/pods.json': JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [{ ...pod('shop', 'api-1'), kind: undefined, apiVersion: undefined }] }),
      'shop/events.json': JSON.stringify({ kind: 'EventList', apiVersion: 'v1', metadata: {}, items: [] }),
      'shop/api-1/logs.txt': [
        '==== START logs for container app of pod shop/api-1 ====',
        'panic: boom',
        '',
        'goroutine 1 [running]:',
        '==== END logs for container app of pod shop/api-1 ====',
        '==== START logs for container proxy of pod shop/api-1 ====',
        'listening on :15001',
        '==== END logs for container proxy of pod shop/api-1 ====',
        '',
      ].join('\n'),
    });
    const s = await loadSnapshot(dir, DEFAULT_LIMITS);
    expect(s.warnings).toEqual([]);
    expect(s.objects.map((o) => `${o.kind}/${o.namespace ?? ''}/${o.name}`)).toEqual(['Node//worker-1', 'Pod/shop/api-1']);
    expect(s.logs.map((l) => [l.container, l.previous, l.text, l.file])).toEqual([
      ['app', false, 'panic: boom\n\ngoroutine 1 [running]:', 'shop/api-1/logs.txt'],
      ['proxy', false, 'listening on :15001', 'shop/api-1/logs.txt'],
    ]);
  });

  it('reads logs/<ns>/<pod>/<container>(.previous).log, YAML lists, and both event APIs', async () => {
    const dir = await writeTree({
      'logs/shop/api-1/app.log': 'starting\n',
      'logs/shop/api-1/app.previous.log': 'panic: nil map\n',
      'pods.yaml': `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata: { name: api-1, namespace: shop, uid: u1 }\n`,
      'events.json': JSON.stringify({
        kind: 'List',
        apiVersion: 'v1',
        items: [
          { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e1', namespace: 'shop' }, involvedObject: { kind: 'Pod', name: 'api-1', namespace: 'shop' }, reason: 'BackOff', message: 'Back-off restarting failed container app in pod api-1_shop(u1)', type: 'Warning', count: 7, firstTimestamp: '2026-11-25T08:00:00Z', lastTimestamp: null, eventTime: null, source: { component: 'kubelet' } },
          { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'e2', namespace: 'shop' }, regarding: { kind: 'Pod', name: 'api-1', namespace: 'shop' }, reason: 'Unhealthy', note: 'Readiness probe failed: HTTP probe failed with statuscode: 503', type: 'Warning', eventTime: '2026-11-25T08:01:00.000000Z', series: { count: 12, lastObservedTime: '2026-11-25T08:05:00.000000Z' }, reportingController: 'kubelet' },
        ],
      }),
    });
    const s = await loadSnapshot(dir, DEFAULT_LIMITS);
    expect(s.logs.map((l) => [l.pod, l.container, l.previous, l.text])).toEqual([
      ['api-1', 'app', false, 'starting\n'],
      ['api-1', 'app', true, 'panic: nil map\n'],
    ]);
    expect(s.events).toEqual([
      { type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container app in pod api-1_shop(u1)', count: 7, firstSeen: '2026-11-25T08:00:00Z', lastSeen: '2026-11-25T08:00:00Z', involved: { kind: 'Pod', namespace: 'shop', name: 'api-1' }, source: 'kubelet' },
      { type: 'Warning', reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503', count: 12, firstSeen: '2026-11-25T08:01:00.000000Z', lastSeen: '2026-11-25T08:05:00.000000Z', involved: { kind: 'Pod', namespace: 'shop', name: 'api-1' }, source: 'kubelet' },
    ]);
    expect(s.objects.map((o) => o.name)).toEqual(['api-1']);
  });

  it('never keeps Secret values; malformed files are warnings naming the file; duplicates are read once', async () => {
    const dir = await writeTree({
      'a/secrets.json': JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop', uid: 's1' }, data: { password: 'aHVudGVyMg==' }, stringData: { token: 'abc' } }),
      'b/all.json': JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [pod('shop', 'api-1'), { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop', uid: 's1' }, data: { password: 'aHVudGVyMg==' } }] }),
      'c/broken.json': '{"kind": "List", "items": [',
    });
    await mkdir(join(dir, 'd'));
    await writeFile(join(dir, 'd/pod.json'), JSON.stringify(pod('shop', 'api-1')));
    const s = await loadSnapshot(dir, DEFAULT_LIMITS);
    expect(s.objects.map((o) => o.kind)).toEqual(['Secret', 'Pod']);
    expect(s.objects[0]!.raw.data).toEqual({ password: '<redacted>', token: '<redacted>' });
    expect(JSON.stringify(s)).not.toContain('aHVudGVyMg');
    expect(s.warnings).toHaveLength(1);
    expect(s.warnings[0]).toMatchObject({ file: 'c/broken.json' });
    expect(s.warnings[0]!.message).toMatch(/^JSON: /);
  });

  it('a missing path is one warning', async () => {
    const s = await loadSnapshot('/nonexistent/snapshot', DEFAULT_LIMITS);
    expect(s.warnings).toEqual([{ file: '/nonexistent/snapshot', message: 'no such file or directory' }]);
  });
});
