import { describe, expect, it } from 'vitest';
import { parseFailedScheduling } from '../../src/triage/scheduling.js';

/** [message, total, preFilter kind, [count, kind, detail?][]] */
const CASES: [string, number, string | undefined, [number | undefined, string, string?][]][] = [
  // 1.31 FitError with PostFilter (preemption) suffix: its counts must not leak into clauses.
  [
    '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
    3, undefined, [[1, 'insufficient', 'cpu'], [2, 'taint', 'node-role.kubernetes.io/control-plane=']],
  ],
  ['0/1 nodes are available: 1 Insufficient nvidia.com/gpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.', 1, undefined, [[1, 'insufficient', 'nvidia.com/gpu']]],
  // PreFilter rejections carry no count.
  ['0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.', 2, 'pvc-unbound', []],
  ['0/3 nodes are available: persistentvolumeclaim "data-postgres-0" not found. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.', 3, 'pvc-missing', []],
  // Pre-1.2x: the PVC rejection was a counted filter clause.
  ['0/3 nodes are available: 3 pod has unbound immediate PersistentVolumeClaims.', 3, undefined, [[3, 'pvc-unbound']]],
  ["0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.", 1, undefined, [[1, 'node-affinity']]],
  // ≤ 1.24 taint wording has its own comma inside the clause.
  [
    "0/4 nodes are available: 1 node(s) had taint {dedicated: gpu}, that the pod didn't tolerate, 1 node(s) had taint {node-role.kubernetes.io/master: }, that the pod didn't tolerate, 2 node(s) didn't match node selector.",
    4, undefined, [[1, 'taint', 'dedicated=gpu'], [1, 'taint', 'node-role.kubernetes.io/master='], [2, 'node-affinity']],
  ],
  ["0/3 nodes are available: 3 node(s) had taints that the pod didn't tolerate.", 3, undefined, [[3, 'taint']]],
  ['0/5 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 4 Insufficient memory.', 5, undefined, [[1, 'taint', 'node.kubernetes.io/unreachable='], [4, 'insufficient', 'memory']]],
  ["0/6 nodes are available: 2 node(s) didn't match pod anti-affinity rules, 4 node(s) didn't match Pod's node affinity/selector.", 6, undefined, [[2, 'pod-anti-affinity'], [4, 'node-affinity']]],
  ["0/3 nodes are available: 3 node(s) didn't satisfy existing pods anti-affinity rules.", 3, undefined, [[3, 'pod-anti-affinity']]],
  ["0/3 nodes are available: 3 node(s) didn't match pod affinity rules.", 3, undefined, [[3, 'pod-affinity']]],
  ["0/3 nodes are available: 3 node(s) didn't match pod affinity/anti-affinity, 3 node(s) didn't satisfy existing pods anti-affinity rules.", 3, undefined, [[3, 'pod-anti-affinity'], [3, 'pod-anti-affinity']]],
  ["0/3 nodes are available: 3 node(s) didn't match pod topology spread constraints (missing required label).", 3, undefined, [[3, 'topology-spread']]],
  ["0/2 nodes are available: 1 node(s) had volume node affinity conflict, 1 node(s) were unschedulable.", 2, undefined, [[1, 'volume-node-affinity'], [1, 'unschedulable']]],
  ["0/2 nodes are available: 2 node(s) didn't match PersistentVolume's node affinity.", 2, undefined, [[2, 'volume-node-affinity']]],
  ["0/3 nodes are available: 3 node(s) didn't find available persistent volumes to bind.", 3, undefined, [[3, 'volume-binding']]],
  ["0/3 nodes are available: 1 Too many pods, 2 node(s) didn't have free ports for the requested pod ports.", 3, undefined, [[1, 'too-many-pods'], [2, 'ports']]],
  ["0/1 nodes are available: 1 node(s) didn't match the requested node name.", 1, undefined, [[1, 'node-name']]],
  ['0/4 nodes are available: 1 node(s) exceed max volume count, 3 Insufficient ephemeral-storage.', 4, undefined, [[1, 'volume-limits'], [3, 'insufficient', 'ephemeral-storage']]],
  // 1.24–1.27 printed a double period after the PostFilter message.
  ['0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..', 1, undefined, [[1, 'insufficient', 'memory']]],
];

describe('parseFailedScheduling', () => {
  it.each(CASES)('%s', (message, total, pre, clauses) => {
    const m = parseFailedScheduling(message)!;
    expect(m.total).toBe(total);
    expect(m.preFilter?.kind).toBe(pre);
    expect(
      m.clauses.map((c) => [c.count, c.kind, ...(c.resource ? [c.resource] : c.taint ? [`${c.taint.key}=${c.taint.value}`] : [])]),
    ).toEqual(clauses);
  });

  it('keeps the preemption text apart and names the missing claim', () => {
    const m = parseFailedScheduling('0/3 nodes are available: persistentvolumeclaim "data-postgres-0" not found. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.')!;
    expect(m.preFilter?.claim).toBe('data-postgres-0');
    expect(m.preemption).toBe('0/3 nodes are available: 3 Preemption is not helpful for scheduling');
  });

  it('leaves other FailedScheduling texts alone', () => {
    expect(parseFailedScheduling('skip schedule deleting pod: shop/api-1')).toBeUndefined();
    expect(parseFailedScheduling('running PreBind plugin "VolumeBinding": binding volumes: timed out waiting for the condition')).toBeUndefined();
  });
});
