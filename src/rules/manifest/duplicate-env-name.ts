import { defineRule } from '../../core/rule.js';
import { containerSubject } from '../../model/subjects.js';

export default defineRule({
  meta: {
    id: 'duplicate-env-name',
    fault: 'C3',
    severity: 'warning',
    title: 'Container defines the same environment variable twice',
    why:
      'The kubelet applies env entries in order, so the last one silently wins, and the API server only warns ' +
      '("spec.template.spec.containers[0].env[3]: hides previous definition of \\"LOG_LEVEL\\", which may be dropped ' +
      'when using apply"). `kubectl apply` merges env by name, so a later edit can delete the surviving entry; ' +
      'server-side apply rejects the object ("duplicate entries for key [name=\\"LOG_LEVEL\\"]").',
    fix: 'Keep one entry per name (usually a values-file override appended to a base list): remove the earlier one.',
    verify: 'kubectl exec <pod> -- printenv <NAME>',
    needs: ['manifests'],
    tags: ['config', 'schema'],
  },
  check({ ws, report }) {
    for (const t of ws.manifests.podTemplates) {
      for (const c of [...t.initContainers, ...t.containers]) {
        const first = new Map<string, number>();
        (c.spec.env ?? []).forEach((e, i) => {
          if (typeof e?.name !== 'string') return;
          const prev = first.get(e.name);
          if (prev === undefined) {
            first.set(e.name, i);
            return;
          }
          report({
            message: `container "${c.name}" sets ${e.name} twice (env[${prev}] and env[${i}]): env[${i}] silently wins, and apply may drop it`,
            at: containerSubject(c, ['env', i, 'name']),
            evidence: [{ message: `first ${e.name}`, ...containerSubject(c, ['env', prev, 'name']) }],
          });
        });
      }
    }
  },
});
