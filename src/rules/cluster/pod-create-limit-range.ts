import { defineRule } from '../../core/rule.js';
import { containerPath, containerResource, controllerCheck, createEvidence, createFailures, quantityNumber, templateContainers } from '../../triage/admission.js';
import { objectName, templateSpecPath } from '../../triage/describe.js';
import type { ClusterObject } from '../../model/cluster.js';
import { asArray, asObject } from '../../model/cluster.js';

const BOUND = /(maximum|minimum) (\S+) usage per (Container|Pod|PersistentVolumeClaim) is (\S+), but (limit|request) is (\S+?)(?=[,\]]|$)/g;
const RATIO = /(\S+) max limit to request ratio per (Container|Pod) is (\S+), but provided ratio is (\S+?)(?=[,\]]|$)/g;

export default defineRule({
  meta: {
    id: 'pod-create-limit-range',
    fault: 'F3',
    severity: 'error',
    title: 'A LimitRange rejects the pods\' resources, so they are never created',
    why:
      'The LimitRanger admission plugin refuses pods whose containers ask outside the namespace\'s bounds: "maximum ' +
      'cpu usage per Container is 1, but limit is 2", "minimum memory usage per Container is 64Mi, but request is ' +
      '32Mi", or a limit/request ratio above maxLimitRequestRatio. The ReplicaSet/Job records FailedCreate and no ' +
      'pod ever appears.',
    fix: 'Bring the container\'s requests/limits inside the LimitRange, or change the LimitRange.',
    verify: 'kubectl describe limitrange -n <namespace>',
    needs: ['cluster'],
    tags: ['admission', 'resources', 'live'],
  },
  check({ ws, report }) {
    if (!ws.cluster) return;
    for (const f of createFailures(ws.cluster)) {
      if (f.denial !== 'limit-range') continue;
      const ns = f.controller.namespace;
      const containers = templateContainers(f.owner);
      const violations = [...f.error.matchAll(BOUND)].map((m) => {
        const [, bound, resource, per, allowed, what, value] = m as unknown as [string, string, string, string, string, string, string];
        const field = `${what === 'limit' ? 'limits' : 'requests'}.${resource}`;
        // The message omits the container: the one whose value equals the rejected one is it.
        const c = per === 'Container' ? containers.find((x) => quantityNumber(containerResource(x, field)) === quantityNumber(value)) : undefined;
        return {
          c,
          field,
          text: `${bound} ${resource} per ${per} is ${allowed}, ${c ? `container ${c.name}` : 'the pod'} has ${what} ${value}`,
          fix: `${bound === 'maximum' ? 'lower' : 'raise'} ${field}${c ? ` of container ${c.name}` : ''} to ${bound === 'maximum' ? '≤' : '≥'} ${allowed}`,
        };
      });
      for (const m of f.error.matchAll(RATIO)) {
        violations.push({ c: undefined, field: `limits.${m[1]}`, text: `${m[1]} limit/request ratio per ${m[2]} is at most ${m[3]}, the pod has ${m[4]}`, fix: `bring limits.${m[1]} within ${m[3]}× requests.${m[1]}` });
      }
      const ranges = ws.cluster.ofKind('LimitRange').filter((l) => l.namespace === ns);
      const rangeName = ranges.length === 1 ? `LimitRange ${ns}/${ranges[0]!.name}` : `the LimitRange in ${ns}`;
      const first = violations[0];
      const cause = violations.length ? `${rangeName}: ${violations.map((v) => v.text).join('; ')}` : `${rangeName} rejects the pod: ${f.error}`;
      const fieldPath = first?.c ? containerPath(f.owner, first.c, `.resources.${first.field}`) : templateSpecPath(f.owner.kind);
      report({
        message: `${objectName(f.owner)}: no pods created — ${cause}`,
        at: { object: f.owner.ref, fieldPath, ...(first?.c ? { container: first.c.name } : {}) },
        evidence: [
          ...createEvidence(f),
          ...ranges.map((l) => ({ message: `${objectName(l)}: ${bounds(l)}`, object: l.ref, fieldPath: 'spec.limits' })),
          { message: `root cause: ${cause}` },
        ],
        fix: `${violations.map((v) => v.fix).join('; ') || 'bring the containers\' resources within the LimitRange'} (${objectName(f.owner)}), or change ${rangeName}.`,
        verify: `kubectl describe limitrange -n ${ns} && ${controllerCheck(f)}`,
      });
    }
  },
});

/** `Container max cpu=1, min memory=64Mi`: the bounds, not the defaults. */
function bounds(l: ClusterObject): string {
  return asArray(asObject(l.raw.spec)?.limits)
    .map((item) => {
      const o = asObject(item);
      const parts = (['max', 'min', 'maxLimitRequestRatio'] as const).flatMap((k) =>
        Object.entries(asObject(o?.[k]) ?? {}).map(([r, v]) => `${k} ${r}=${String(v)}`),
      );
      return `${String(o?.type)} ${parts.join(', ')}`;
    })
    .join('; ');
}
