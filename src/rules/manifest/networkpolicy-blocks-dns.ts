import { defineRule } from '../../core/rule.js';
import type { Json, JsonObject, KubeObject, PodTemplate } from '../../model/manifest.js';
import { getIn } from '../../model/pod-templates.js';
import { isEmptySelector, parseLabelSelector, selectorMatches } from '../../model/selectors.js';
import { objectSubject } from '../../model/subjects.js';
import { asArray, asObject, nsOf } from '../../model/wiring.js';

const NS_NAME = 'kubernetes.io/metadata.name';

export default defineRule({
  meta: {
    id: 'networkpolicy-blocks-dns',
    fault: 'G3',
    severity: 'error',
    title: 'NetworkPolicy egress rules block DNS',
    why:
      'Once any NetworkPolicy with policyTypes Egress selects a pod, only the egress its rules allow gets out, DNS ' +
      'included. CoreDNS runs in kube-system and answers on UDP 53 (TCP only for large answers); a port entry ' +
      'without protocol means TCP. Without a rule for UDP 53 to kube-system every lookup times out: the Go service ' +
      'logs "dial tcp: lookup db on 10.96.0.10:53: read udp 10.244.1.7:41234->10.96.0.10:53: i/o timeout" and ' +
      'fails its readiness checks.',
    fix:
      'Allow DNS next to the default deny:\n' +
      'egress:\n  - to:\n      - namespaceSelector:\n          matchLabels: { kubernetes.io/metadata.name: kube-system }\n' +
      '        podSelector:\n          matchLabels: { k8s-app: kube-dns }\n    ports:\n      - { protocol: UDP, port: 53 }\n      - { protocol: TCP, port: 53 }',
    verify: 'kubectl exec <pod> -- nslookup kubernetes.default  # or a debug container: kubectl debug <pod> -it --image=busybox -- nslookup kubernetes.default',
    needs: ['manifests'],
    tags: ['networking', 'dns', 'networkpolicy'],
  },
  check({ ws, report }) {
    const policies = ws.manifests.objects.filter((o) => o.kind === 'NetworkPolicy' && o.apiVersion === 'networking.k8s.io/v1' && restrictsEgress(o));
    for (const t of ws.manifests.podTemplates) {
      if (t.spec.dnsPolicy === 'None' || t.spec.hostNetwork === true) continue;
      const applying = policies.filter((p) => nsOf(p) === nsOf(t.object) && selectsTemplate(p, t));
      const first = applying[0];
      if (!first) continue;
      const rules = applying.flatMap((p) => asArray(getIn(p.raw, ['spec', 'egress'])).map(asObject)).filter((r): r is JsonObject => r !== undefined);
      if (rules.some((r) => allowsDns(r, 'UDP', nsOf(first)))) continue;
      const tcpOnly = rules.some((r) => allowsDns(r, 'TCP', nsOf(first)));
      const names = applying.map((p) => p.name).join(', ');
      report({
        message:
          `NetworkPolicy ${names} ${applying.length === 1 ? 'restricts' : 'restrict'} egress of ${t.object.kind} ${t.object.name}, ` +
          (tcpOnly ? 'but allows port 53 over TCP only (a port without protocol is TCP): DNS queries go over UDP and time out' : 'but no egress rule allows DNS (UDP 53 to kube-system): every name lookup times out'),
        at: objectSubject(first, ['spec', getIn(first.raw, ['spec', 'egress']) !== undefined ? 'egress' : 'policyTypes']),
        evidence: [
          ...applying.slice(1).map((p) => ({ message: `NetworkPolicy ${p.name} also restricts egress`, ...objectSubject(p, ['spec', 'podSelector']) })),
          { message: `${t.object.kind} ${t.object.name} pod labels`, ...objectSubject(t.object, [...t.metadataPath, 'labels']) },
        ],
      });
    }
  },
});

/** policyTypes, or by default Ingress plus Egress when the policy has egress rules. */
function restrictsEgress(p: KubeObject): boolean {
  const types = getIn(p.raw, ['spec', 'policyTypes']);
  if (Array.isArray(types)) return types.includes('Egress');
  return asArray(getIn(p.raw, ['spec', 'egress'])).length > 0;
}

function selectsTemplate(p: KubeObject, t: PodTemplate): boolean {
  const sel = parseLabelSelector(getIn(p.raw, ['spec', 'podSelector']) ?? {});
  return sel !== undefined && (isEmptySelector(sel) || selectorMatches(sel, t.labels));
}

function allowsDns(rule: JsonObject, protocol: 'UDP' | 'TCP', policyNs: string): boolean {
  const ports = asArray(rule.ports);
  const portOk = ports.length === 0 || ports.some((p) => portAllows(asObject(p), protocol));
  const peers = asArray(rule.to);
  return portOk && (peers.length === 0 || peers.some((p) => peerMayBeCoreDns(asObject(p), policyNs)));
}

function portAllows(p: JsonObject | undefined, protocol: string): boolean {
  if (!p || (typeof p.protocol === 'string' ? p.protocol : 'TCP') !== protocol) return false;
  const port = p.port;
  if (port === undefined || port === null) return true;
  // CoreDNS names its ports dns (UDP) and dns-tcp.
  if (typeof port === 'string' && !/^\d+$/.test(port)) return port === (protocol === 'UDP' ? 'dns' : 'dns-tcp');
  const n = Number(port);
  return typeof p.endPort === 'number' ? n <= 53 && 53 <= p.endPort : n === 53;
}

/** Unknown namespace labels might be on kube-system; only a kubernetes.io/metadata.name selector is decisive. */
function peerMayBeCoreDns(peer: JsonObject | undefined, policyNs: string): boolean {
  if (!peer) return false;
  if (peer.ipBlock !== undefined) return true;
  if (peer.namespaceSelector === undefined || peer.namespaceSelector === null) return policyNs === 'kube-system';
  return mayMatchKubeSystem(peer.namespaceSelector);
}

function mayMatchKubeSystem(v: Json): boolean {
  const sel = parseLabelSelector(v);
  if (!sel) return true;
  const decisive = {
    matchLabels: Object.fromEntries(Object.entries(sel.matchLabels).filter(([k]) => k === NS_NAME)),
    matchExpressions: sel.matchExpressions.filter((r) => r.key === NS_NAME),
  };
  return selectorMatches(decisive, { [NS_NAME]: 'kube-system' });
}
