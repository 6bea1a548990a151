import type { Evidence } from '../core/finding.js';
import type { ClusterEvent, ContainerLog } from '../model/cluster.js';
import type { ClusterIndex } from '../model/cluster-index.js';
import type { ContainerState, Terminated } from './containers.js';
import { exitMeaning } from './exit-codes.js';
import { formatAge, secondsBetween } from './clock.js';

/** `status.containerStatuses[name=api]`: where kubectl shows a container's state. */
export function statusField(c: ContainerState, rest = ''): string {
  return `status.${c.init ? 'initContainerStatuses' : 'containerStatuses'}[name=${c.name}]${rest}`;
}

/** The run that ended: the current state when terminated, else the last one before a restart. */
export function endedRun(c: ContainerState): { run: Terminated; field: string } | undefined {
  if (c.terminated) return { run: c.terminated, field: statusField(c, '.state.terminated') };
  if (c.lastTerminated) return { run: c.lastTerminated, field: statusField(c, '.lastState.terminated') };
  return undefined;
}

/** "exit 2 (Error) — Go panic …, 7 restarts, ran 3s": one line for how the container ended. */
export function terminationEvidence(c: ContainerState): Evidence | undefined {
  const ended = endedRun(c);
  if (!ended) return undefined;
  const { run } = ended;
  // StartError runs never started: containerd reports startedAt as the Unix epoch.
  const ran = run.startedAt && Date.parse(run.startedAt) > 0 ? secondsBetween(run.startedAt, run.finishedAt) : undefined;
  const parts = [
    `container "${c.name}" ${c.terminated ? 'terminated' : 'last terminated'}: exit ${run.exitCode}${run.reason ? ` (${run.reason})` : ''} — ${exitMeaning(run.exitCode, run.reason)}`,
    `${c.restartCount} restart${c.restartCount === 1 ? '' : 's'}`,
    ...(ran !== undefined && ran >= 0 ? [`ran ${formatAge(ran)}`] : []),
  ];
  return { message: parts.join(', '), object: c.pod.ref, fieldPath: ended.field };
}

/** kubelet events about one container (fieldPath `spec.containers{api}`), newest first. */
export function containerEvents(index: ClusterIndex, c: ContainerState, reasons: readonly string[]): ClusterEvent[] {
  const field = `spec.${c.init ? 'initContainers' : 'containers'}{${c.name}}`;
  return index.eventsFor(c.pod).filter((e) => reasons.includes(e.reason) && (e.involved.fieldPath === undefined || e.involved.fieldPath === field));
}

/** A bounded excerpt of a container's output, headed by where it came from. */
export function logEvidence(log: ContainerLog, lines: readonly string[], firstLine?: number): Evidence {
  const which = log.previous ? 'previous log' : 'log';
  const last = firstLine !== undefined ? firstLine + lines.length - 1 : 0;
  const range = firstLine === undefined ? ` last ${lines.length} line${lines.length === 1 ? '' : 's'}` : last === firstLine ? ` line ${firstLine}` : ` lines ${firstLine}–${last}`;
  const from = log.file ? ` (${log.file})` : '';
  return { message: `${which} of ${log.pod}/${log.container}${from},${range}:\n${lines.join('\n')}`, object: { apiVersion: 'v1', kind: 'Pod', name: log.pod, namespace: log.namespace } };
}
