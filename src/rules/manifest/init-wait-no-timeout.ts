import { defineRule } from '../../core/rule.js';
import { containerScript, initWaits } from '../../model/init-waits.js';
import { getIn } from '../../model/pod-templates.js';
import { containerSubject } from '../../model/subjects.js';

/** A loop the shell repeats until its condition holds. */
const LOOP = /\b(?:until|while)\b/;
/** Signs that the loop gives up: a timeout wrapper, a counter, or a bounded for. */
const BOUND = /\btimeout\s+\d|-(?:lt|le|gt|ge)\b|\bseq\s|\$\(\(|\bfor\s+\w+\s+in\b|--timeout[= ]\d|\bexit\s+1\b/;

export default defineRule({
  meta: {
    id: 'init-wait-no-timeout',
    fault: 'D5',
    severity: 'warning',
    title: 'Init container waits for a dependency in a loop with no bound',
    why:
      'An `until nc -z db 5432; do sleep 2; done` loop never fails: when the dependency is missing, misnamed or ' +
      'blocked by a NetworkPolicy the pod sits in Init:0/1 forever, with no restart, no event and no log line ' +
      'that says why, and the rollout only surfaces ProgressDeadlineExceeded ten minutes later.',
    fix:
      'Bound the wait so the init container fails loudly (and is retried with backoff):\n' +
      'command: [sh, -c, "timeout 120 sh -c \'until nc -z db 5432; do sleep 2; done\'"]\n' +
      'or better, retry the connection with backoff in the Go service and drop the init container.',
    verify: 'kubectl logs <pod> -c <init-container>  # and kubectl get pod <pod>: Init:Error after the timeout, not Init:0/1 forever',
    needs: ['manifests'],
    tags: ['init', 'startup'],
  },
  check({ ws, report }) {
    for (const t of ws.manifests.podTemplates) {
      // The pod's own deadline bounds everything it runs.
      if (getIn(t.object.raw, [...t.specPath, 'activeDeadlineSeconds']) !== undefined) continue;
      const done = new Set<string>();
      for (const w of initWaits(t)) {
        if (done.has(w.container.name)) continue;
        const text = containerScript(w.container)?.text ?? '';
        if (!LOOP.test(text) || BOUND.test(text)) continue;
        done.add(w.container.name);
        report({
          message: `init container "${w.container.name}" loops until ${w.host}${w.port ? `:${w.port}` : ''} answers, with no timeout or attempt limit: if it never does, the pod stays in Init forever without an error`,
          at: containerSubject(w.container, [w.field]),
        });
      }
    }
  },
});
