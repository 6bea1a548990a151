import type { Evidence } from '../../core/finding.js';
import { asArray, asObject, asString } from '../../model/cluster.js';
import { toGoByteCount } from '../../model/quantity.js';
import { containerField } from '../../triage/containers.js';
import { crashRule } from '../../triage/crash-rule.js';
import { containerSpec, envOf } from '../../triage/pod-spec.js';

export default crashRule(
  {
    id: 'crashloop-malformed-gomemlimit',
    fault: 'E1',
    severity: 'error',
    title: 'GOMEMLIMIT is written in Kubernetes units and the Go runtime refuses to start',
    why:
      'The runtime parses GOMEMLIMIT before main runs and accepts only a byte count with B, KiB, MiB, GiB or TiB ' +
      '("512MiB"); Kubernetes spellings ("512Mi", "1G") stop it with "fatal error: malformed GOMEMLIMIT; see ' +
      '`go doc runtime/debug.SetMemoryLimit`" and exit 2, on every start.',
    fix: 'Write GOMEMLIMIT in Go units in <owner> (512Mi → 512MiB), or derive it with valueFrom.resourceFieldRef (resource: limits.memory).',
    verify: 'kubectl set env <owner-kind>/<owner-name> -n <namespace> --list | grep GOMEMLIMIT',
    tags: ['live', 'go', 'memory'],
  },
  ['malformed-gomemlimit'],
  (p) => {
    const first = p.pods[0]!;
    const spec = containerSpec(first);
    const env = envOf(spec, 'GOMEMLIMIT');
    const index = asArray(spec?.env).map(asObject).findLastIndex((e) => asString(e?.name) === 'GOMEMLIMIT');
    const evidence: Evidence[] = [];
    let cause = 'GOMEMLIMIT is not a Go byte count: the runtime exits before main';
    let fix: string | undefined;
    if (env && 'value' in env) {
      evidence.push({ message: `env GOMEMLIMIT=${env.value}`, object: first.pod.ref, fieldPath: containerField(first, `.env[${index}].value`) });
      const good = toGoByteCount(env.value);
      cause = `GOMEMLIMIT=${env.value} is not a Go byte count${good ? ` (Go wants ${good})` : ''}: the runtime exits before main`;
      if (good) fix = `Set GOMEMLIMIT to ${good} in <owner> (<field>).`;
    } else if (env) {
      evidence.push({ message: `env GOMEMLIMIT comes from ${env.from}`, object: first.pod.ref, fieldPath: containerField(first, `.env[${index}]`) });
      // The runtime prints the value it refused: what a ConfigMap or Secret really holds.
      const clue = p.data.clue;
      const logged = clue?.type === 'crash' ? clue.crash.gomemlimit : undefined;
      const good = logged !== undefined ? toGoByteCount(logged) : undefined;
      cause = `GOMEMLIMIT${logged !== undefined ? `=${logged}` : ''} (from ${env.from}) is not a Go byte count${good ? ` (Go wants ${good})` : ''}: the runtime exits before main`;
      if (good) fix = `Set GOMEMLIMIT to ${good} in ${env.from}, which <owner> reads (<field>).`;
    }
    return {
      cause,
      evidence,
      ...(index >= 0 ? { field: `.env[${index}]` } : {}),
      ...(fix ? { fix } : {}),
      verify: `kubectl set env ${p.owner.kind.toLowerCase()}/${p.owner.name} -n ${p.owner.namespace ?? 'default'} --list | grep GOMEMLIMIT`,
    };
  },
);
