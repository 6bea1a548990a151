import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { formatAge } from '../../triage/clock.js';
import { containerField } from '../../triage/containers.js';
import { objectName, templateSpecPath } from '../../triage/describe.js';
import { exitMeaning } from '../../triage/exit-codes.js';
import { jobFailures, jobSpecNumber, logTail, type JobFailure } from '../../triage/jobs.js';

export default defineRule({
  meta: {
    id: 'job-failed',
    fault: 'F5',
    severity: 'error',
    title: 'Job failed: backoff limit or deadline reached',
    why:
      'The Job controller marks the Job Failed with "BackoffLimitExceeded: Job has reached the specified backoff ' +
      'limit" once backoffLimit pods have failed, or "DeadlineExceeded: Job was active longer than specified ' +
      'deadline" when activeDeadlineSeconds passes (and deletes the pods still running). The Job condition says ' +
      'that it failed; the failed pods\' exit code and last log lines say why.',
    fix: 'Fix what makes the container exit non-zero (its log says), or raise activeDeadlineSeconds above the real run time.',
    verify: 'kubectl wait --for=condition=complete job/<job> -n <namespace> --timeout=15m',
    needs: ['cluster'],
    tags: ['jobs', 'live'],
  },
  check({ ws, report }) {
    if (!ws.cluster) return;
    const index = ws.cluster;
    for (const f of jobFailures(index)) {
      const ns = f.job.namespace ?? '';
      const run = f.owner === f.job ? objectName(f.job) : `${objectName(f.owner)}: run ${f.job.name}`;
      const evidence: Evidence[] = [
        { message: `condition Failed=True ${f.failed.reason ?? ''}: ${f.failed.message ?? ''}${f.failed.lastTransitionTime ? ` (${f.failed.lastTransitionTime})` : ''}`, object: f.job.ref, fieldPath: 'status.conditions[type=Failed]' },
      ];
      const event = index.eventsFor(f.job).find((e) => e.reason === f.failed.reason);
      if (event) evidence.push({ message: `event ${event.type} ${event.reason} ×${event.count} (${event.lastSeen ?? event.firstSeen ?? 'time unknown'}, ${event.source ?? 'job-controller'}): ${event.message}`, object: f.job.ref });
      if (f.failed.reason === 'DeadlineExceeded') report(deadline(f, run, evidence, ns));
      else report(crashed(f, run, evidence, ns));
    }
  },
});

function deadline(f: JobFailure, run: string, evidence: Evidence[], ns: string) {
  const limit = jobSpecNumber(f.job, 'activeDeadlineSeconds');
  const field = f.owner.kind === 'CronJob' ? 'spec.jobTemplate.spec.activeDeadlineSeconds' : 'spec.activeDeadlineSeconds';
  const cause = `still running after activeDeadlineSeconds=${limit ?? '?'}${limit !== undefined ? ` (${formatAge(limit)})` : ''}; the controller killed its pods`;
  evidence.push({ message: `root cause: ${cause}` });
  return {
    message: `${run} failed (DeadlineExceeded) — ${cause}`,
    at: { object: f.owner.ref, fieldPath: field },
    evidence,
    fix: `Raise ${field} in ${objectName(f.owner)} above the real run time, or make the work fit (smaller batches, more parallelism).`,
    verify: `kubectl wait --for=condition=complete job/${f.job.name} -n ${ns} --timeout=${(limit ?? 600) * 2}s   # on the next run`,
  };
}

function crashed(f: JobFailure, run: string, evidence: Evidence[], ns: string) {
  const backoff = jobSpecNumber(f.job, 'backoffLimit');
  if (!f.container || !f.terminated) {
    const cause = `${backoff ?? 6} retries used up and no failed pod is left to say why`;
    evidence.push({ message: `root cause: ${cause}` });
    return {
      message: `${run} failed (${f.failed.reason ?? 'Failed'}) — ${cause}`,
      at: { object: f.owner.ref, fieldPath: templateSpecPath(f.owner.kind) },
      evidence,
      fix: `Re-run it and read the failing pod's log before the Job is cleaned up (kubectl create job --from=… then kubectl logs -f).`,
      verify: `kubectl get pods -n ${ns} -l job-name=${f.job.name}`,
    };
  }
  const c = f.container;
  const t = f.terminated;
  const meaning = exitMeaning(t.exitCode, t.reason);
  evidence.push({
    message: `container "${c.name}" of pod ${c.pod.name} terminated: exit ${t.exitCode}${t.reason ? ` (${t.reason})` : ''} — ${meaning}`,
    object: c.pod.ref,
    fieldPath: `status.${c.init ? 'initContainerStatuses' : 'containerStatuses'}[name=${c.name}].state.terminated`,
  });
  const tail = f.log ? logTail(f.log.text) : [];
  if (f.log && tail.length) evidence.push({ message: `log ${f.log.file ?? `${c.pod.name}/${c.name}`} (last ${tail.length} lines):\n${tail.join('\n')}`, object: c.pod.ref, container: c.name });
  const said = tail.at(-1);
  const cause = `container ${c.name} ${meaning}${said ? `; its log ends with: ${said}` : ''}`;
  evidence.push({ message: `root cause: ${cause}` });
  const field = `${templateSpecPath(f.owner.kind)}${containerField(c).slice('spec'.length)}`;
  return {
    message: `${run} failed (${f.failed.reason ?? 'Failed'}) — container ${c.name} exited ${t.exitCode}${t.reason && t.reason !== 'Error' ? ` (${t.reason})` : ''} in ${f.affected}/${Math.max(f.total, f.affected)} pods`,
    at: { object: f.owner.ref, fieldPath: field, container: c.name },
    evidence,
    fix: `Fix why container ${c.name} exits ${t.exitCode} (its log above); backoffLimit (${backoff ?? 6}) only sets how often ${objectName(f.owner)} retries it.`,
    verify:
      f.owner.kind === 'CronJob'
        ? `kubectl create job -n ${ns} --from=cronjob/${f.owner.name} ${f.owner.name}-check && kubectl wait --for=condition=complete -n ${ns} job/${f.owner.name}-check --timeout=15m`
        : `kubectl wait --for=condition=complete -n ${ns} job/${f.job.name} --timeout=15m   # after re-creating the Job`,
  };
}
