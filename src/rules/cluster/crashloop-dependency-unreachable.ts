import type { Evidence } from '../../core/finding.js';
import { asArray, asObject, asString } from '../../model/cluster.js';
import { containerField } from '../../triage/containers.js';
import { crashRule, type CrashExplanation } from '../../triage/crash-rule.js';
import type { CrashProblem } from '../../triage/crash-causes.js';
import type { ClusterIndex } from '../../model/cluster-index.js';
import { containerSpec } from '../../triage/pod-spec.js';
import { describeServiceState, serviceByClusterIP, serviceNameOf } from '../../triage/services.js';

export default crashRule(
  {
    id: 'crashloop-dependency-unreachable',
    fault: 'C2',
    severity: 'error',
    title: 'Service exits because a dependency it dials at start-up is unreachable',
    why:
      'The Go service dials its database or another service at start-up and exits (log.Fatal, exit 1) when that ' +
      'fails: "dial tcp 127.0.0.1:5432: connect: connection refused" (the address is the pod itself: the database ' +
      'is not in this pod), "lookup db on 10.96.0.10:53: no such host" (no such Service in this namespace), ' +
      '"connection refused" from a Service without ready endpoints, or "i/o timeout" (NetworkPolicy, firewall).',
    fix: 'Point the address in <owner> at the dependency\'s Service (name.namespace.svc:port), make sure that Service has ready endpoints, and retry with back-off instead of exiting.',
    verify: 'kubectl run -it --rm dialcheck -n <namespace> --image=busybox --restart=Never -- nc -zv -w 3 <host> <port>',
    tags: ['live', 'network', 'crash'],
  },
  ['dependency-unreachable'],
  explain,
);

function explain(p: CrashProblem, index: ClusterIndex): CrashExplanation {
  const first = p.pods[0]!;
  const ns = first.pod.namespace ?? 'default';
  const clue = p.data.clue;
  const error = clue?.type === 'error' ? clue.error : undefined;
  const detail = error?.detail.address ?? error?.detail.host ?? '';
  const [host, port] = splitHostPort(detail);
  const verify = `kubectl run -it --rm dialcheck -n ${ns} --image=busybox --restart=Never -- nc -zv -w 3 ${host} ${port || '<port>'}`;
  if (error?.kind === 'connection-refused-localhost') {
    const env = localhostEnv(first);
    const evidence: Evidence[] = env ? [{ message: `env ${env.name}=${env.value}`, object: first.pod.ref, fieldPath: containerField(first, `.env[${env.index}].value`) }] : [];
    return {
      cause: `the app dials ${detail}, which is the pod itself: nothing listens there because the dependency runs in another pod`,
      evidence,
      ...(env ? { field: `.env[${env.index}]` } : {}),
      fix: `Replace localhost in ${env ? `${env.name} (<field>)` : 'the address the app dials'} with the dependency's Service name (e.g. postgres.${ns}.svc:${port || '5432'}).`,
      verify: `kubectl set env ${p.owner.kind.toLowerCase()}/${p.owner.name} -n ${ns} --list | grep -E "localhost|127\\.0\\.0\\.1"   # must print nothing`,
    };
  }
  if (error?.kind === 'dns-no-such-host') {
    const target = serviceNameOf(detail, ns);
    const state = target ? describeServiceState(index, target) : undefined;
    const resolver = error.detail.resolver !== undefined ? ` (asked ${error.detail.resolver})` : '';
    return {
      cause: `lookup ${detail}: no such host${state ? `: ${state.text}` : `: the name does not resolve from the pod${resolver}`}`,
      fix: 'Use the name of a Service that exists (name.namespace for another namespace), or create the Service <owner> expects.',
      verify: `kubectl run -it --rm dnscheck -n ${ns} --image=busybox --restart=Never -- nslookup ${detail}`,
    };
  }
  const svc = serviceByClusterIP(index, host);
  const state = svc ? describeServiceState(index, { name: svc.name, namespace: svc.namespace ?? ns }) : undefined;
  const via = state ? `: ${state.text}` : '';
  if (error?.kind === 'connection-refused') {
    return { cause: `dial tcp ${detail}: connection refused: nothing accepts connections on that address${via}`, verify };
  }
  if (error?.detail.resolver !== undefined) {
    return { cause: `the DNS lookup of ${detail} timed out at ${error.detail.resolver}: the cluster DNS does not answer (CoreDNS down, or a NetworkPolicy blocks egress to port 53)`, verify: `kubectl run -it --rm dnscheck -n ${ns} --image=busybox --restart=Never -- nslookup ${detail}` };
  }
  return { cause: `dial tcp ${detail} timed out: packets are dropped on the way (NetworkPolicy egress, firewall) or the peer is down${via}`, verify };
}

function splitHostPort(hp: string): [string, string] {
  const m = /^\[?([^\]]*?)\]?:(\d+)$/.exec(hp);
  return m ? [m[1]!, m[2]!] : [hp, ''];
}

/** The env entry that points the app at localhost (a DSN, DB_HOST): what to change. */
function localhostEnv(c: CrashProblem['pods'][number]): { name: string; value: string; index: number } | undefined {
  const env = asArray(containerSpec(c)?.env).map(asObject);
  for (let i = 0; i < env.length; i++) {
    const value = asString(env[i]?.value);
    if (value !== undefined && /(^|[/@=:\s])(localhost|127\.0\.0\.1)([:/\s]|$)/.test(value)) return { name: asString(env[i]?.name) ?? '?', value, index: i };
  }
  return undefined;
}
