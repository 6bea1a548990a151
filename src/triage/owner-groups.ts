import type { ClusterObject } from '../model/cluster.js';
import type { ClusterIndex } from '../model/cluster-index.js';
import type { ContainerState } from './containers.js';

/** Identical failures of one container across an owner's pods, reported once. */
export interface OwnerGroup<T> {
  owner: ClusterObject;
  /** Affected containers, one per pod; the first one's details stand for the group. */
  pods: ContainerState[];
  /** Pods the owner has in total, for "2/3 pods". */
  total: number;
  data: T;
}

/** Groups by top owner × container × cause; `data` of the first member is kept. */
export function groupByOwner<T>(index: ClusterIndex, items: Iterable<{ c: ContainerState; cause: string; data: T }>): OwnerGroup<T>[] {
  const groups = new Map<string, OwnerGroup<T>>();
  for (const { c, cause, data } of items) {
    const owner = index.topOwner(c.pod);
    const key = `${owner.kind}\0${owner.namespace ?? ''}\0${owner.name}\0${c.init}\0${c.name}\0${cause}`;
    const g = groups.get(key);
    if (g) g.pods.push(c);
    else groups.set(key, { owner, pods: [c], total: owner === c.pod ? 1 : index.podsOf(owner).length, data });
  }
  return [...groups.values()];
}
