import { describe, expect, it } from 'vitest';
import coredns from '../../src/rules/cluster/coredns-unhealthy.js';
import dependency from '../../src/rules/cluster/crashloop-dependency-unreachable.js';
import nodeNotReady from '../../src/rules/cluster/node-not-ready.js';
import podEvicted from '../../src/rules/cluster/pod-evicted.js';
import { diagnoseFixture } from '../helpers/cluster.js';

const subjects = (r: { findings: { ruleId: string; subject: { object?: { kind: string; namespace?: string; name: string } } }[] }): string[] =>
  r.findings.map((f) => `${f.ruleId} ${f.subject.object?.kind}/${f.subject.object?.namespace ?? ''}/${f.subject.object?.name}`);

describe('diagnosing a namespace or a target keeps the cluster-scoped causes of its failures', () => {
  it('a NotReady node that runs the namespace\'s pods; not the nodes it does not use', async () => {
    const shop = await diagnoseFixture('nodes', [nodeNotReady, podEvicted], { namespace: 'shop' });
    expect(subjects(shop)).toEqual([
      'pod-evicted Deployment/shop/worker',
      'node-not-ready Node//worker-2',
      'node-not-ready Node//worker-3',
      'node-not-ready Node//worker-4',
    ]);
    expect(shop.findings.slice(1).map((f) => f.evidence.at(-1)!.message)).toEqual(['related: pod shop/api-5d8b7f9c44-k2x9p is on node worker-2', 'related: pod shop/debug is on node worker-3', 'related: pod shop/thumbnails-7c9d6b5f48-z8x71 is on node worker-4']);
    
    const data = await diagnoseFixture('nodes', [nodeNotReady], { namespace: 'data' });
    expect(subjects(data)).toEqual(['node-not-ready Node//worker-2']);
    expect(data.findings[0]!.evidence.at(-1)!.message).toBe('related: pod data/db-0 is on node worker-2');
    // A target: only the nodes under its own pods.
    const target = await diagnoseFixture('nodes', [nodeNotReady], { namespace: 'data', target: { kind: 'StatefulSet', name: 'db' } });
    expect(subjects(target)).toEqual(['node-not-ready Node//worker-2']);
    // -A: every finding once, none marked related.
    const all = await diagnoseFixture('nodes', [nodeNotReady]);
    expect(all.findings.every((f) => !f.evidence.some((e) => e.message.startsWith('related:')))).toBe(true);
  });

  it('CoreDNS down in kube-system, when the namespace\'s pods logged DNS failures', async () => {
    const shop = await diagnoseFixture('dns/broken', [coredns, dependency], { namespace: 'shop' });
    expect(subjects(shop)).toEqual([
      'crashloop-dependency-unreachable Pod/shop/checkout',
      'coredns-unhealthy ConfigMap/kube-system/coredns',
      'coredns-unhealthy ConfigMap/kube-system/coredns',
    ]);
    expect(shop.findings[0]!.message).toBe('Pod shop/checkout: CrashLoopBackOff — the DNS lookup of payments.shop.svc.cluster.local timed out at 10.96.0.10:53: the cluster DNS does not answer (CoreDNS down, or a NetworkPolicy blocks egress to port 53)');
    expect(shop.findings[1]!.evidence.at(-1)!.message).toBe(
      'related: pod shop/checkout (checkout) logged: payments client: dial tcp: lookup payments.shop.svc.cluster.local on 10.96.0.10:53: read udp 10.244.2.9:41000->10.96.0.10:53: i/o timeout',
    );
    const billing = await diagnoseFixture('dns/broken', [coredns, dependency], { namespace: 'billing' });
    expect(subjects(billing)).toEqual([]);
  });
});
