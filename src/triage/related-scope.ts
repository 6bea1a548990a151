import type { Finding } from '../core/finding.js';
import type { ClusterObject } from '../model/cluster.js';
import { asObject, asString } from '../model/cluster.js';
import type { ClusterIndex } from '../model/cluster-index.js';
import { DNS_NAMESPACE } from './coredns.js';
import { factsOf } from './log-facts.js';

/**
 * Findings outside the asked-for scope that explain failures inside it. A namespace or a
 * target never contains a Node or kube-system's CoreDNS, yet "why is shop failing" is often
 * "its pods sit on a NotReady node" or "CoreDNS is down". They are kept, each with one more
 * evidence line saying which in-scope pod ties it in:
 * - a finding about a Node, when an in-scope pod runs (or ran, before eviction) on it;
 * - a finding about the cluster DNS (kube-system), when an in-scope container's decoded output
 *   shows DNS failing (`lookup …: no such host`, a lookup timing out at the resolver).
 */
export function relatedOutside(index: ClusterIndex, scopePods: readonly ClusterObject[], outside: readonly Finding[]): Finding[] {
  if (outside.length === 0 || scopePods.length === 0) return [];
  const byNode = new Map<string, ClusterObject>();
  for (const pod of scopePods) {
    const node = asString(asObject(pod.raw.spec)?.nodeName);
    if (node !== undefined && !byNode.has(node)) byNode.set(node, pod);
  }
  const dnsFailure = dnsFailureIn(index, scopePods);
  const out: Finding[] = [];
  for (const f of outside) {
    const ref = f.subject.object;
    if (!ref) continue;
    if (ref.kind === 'Node') {
      const pod = byNode.get(ref.name);
      if (pod) out.push(withReason(f, `related: pod ${pod.namespace}/${pod.name} is on node ${ref.name}`));
    } else if (ref.namespace === DNS_NAMESPACE && dnsFailure && /coredns|dns/i.test(f.ruleId)) {
      out.push(withReason(f, `related: ${dnsFailure}`));
    }
  }
  return out;
}

function withReason(f: Finding, message: string): Finding {
  return { ...f, evidence: [...f.evidence, { message }] };
}

/** "pod shop/api-1 logged `lookup db on 10.96.0.10:53: no such host`", or undefined. */
function dnsFailureIn(index: ClusterIndex, pods: readonly ClusterObject[]): string | undefined {
  const names = new Set(pods.map((p) => `${p.namespace}/${p.name}`));
  for (const log of index.state.logs) {
    if (!names.has(`${log.namespace}/${log.pod}`)) continue;
    const dns = factsOf(index, log).errors.find((e) => e.kind === 'dns-no-such-host' || (e.kind === 'dial-timeout' && e.detail.resolver !== undefined));
    if (dns) return `pod ${log.namespace}/${log.pod} (${log.container}) logged: ${dns.at.text.slice(0, 200)}`;
  }
  return undefined;
}
