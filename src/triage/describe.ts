import type { Evidence, Subject } from '../core/finding.js';
import type { ClusterEvent, ClusterObject } from '../model/cluster.js';
import type { ContainerState } from './containers.js';

/** Where the pod template lives in an owner, so fixes name the field the user edits. */
export function templateSpecPath(kind: string): string {
  if (kind === 'Pod') return 'spec';
  if (kind === 'CronJob') return 'spec.jobTemplate.spec.template.spec';
  return 'spec.template.spec';
}

/** `Deployment shop/api`, `Pod default/debug`: how people name objects in kubectl. */
export function objectName(o: ClusterObject): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/** A group finding sits on the owner, at the container's field in its template. */
export function ownerSubject(owner: ClusterObject, c: ContainerState, field = ''): Subject {
  const list = c.init ? 'initContainers' : 'containers';
  return { object: owner.ref, fieldPath: `${templateSpecPath(owner.kind)}.${list}[${c.index}]${field}`, container: c.name };
}

/** "2/3 pods of Deployment shop/api" — or just the pod when it has no owner. */
export function podsLabel(owner: ClusterObject, affected: number, total: number): string {
  return owner.kind === 'Pod' ? objectName(owner) : `${affected}/${Math.max(total, affected)} pods of ${objectName(owner)}`;
}

/** As `kubectl describe` shows it: reason, count, first/last seen, source, message. */
export function eventEvidence(e: ClusterEvent, about: ClusterObject | undefined): Evidence {
  const when = e.firstSeen && e.lastSeen && e.firstSeen !== e.lastSeen ? `${e.firstSeen} … ${e.lastSeen}` : (e.lastSeen ?? e.firstSeen ?? 'time unknown');
  const from = e.source ? `, ${e.source}` : '';
  return {
    message: `event ${e.type} ${e.reason} ×${e.count} (${when}${from}): ${e.message}`,
    ...(about ? { object: about.ref } : {}),
  };
}

export function waitingEvidence(c: ContainerState): Evidence {
  const w = c.waiting;
  return {
    message: `container "${c.name}" waiting: ${w?.reason ?? 'unknown'}${w?.message ? ` (${w.message})` : ''}`,
    object: c.pod.ref,
    fieldPath: `status.${c.init ? 'initContainerStatuses' : 'containerStatuses'}[name=${c.name}].state.waiting`,
  };
}
