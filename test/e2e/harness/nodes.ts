// The fake nodes of the e2e cluster: kwok keeps them Ready (lease heartbeats), nothing runs on them.
// Varied capacity, architectures, zones and one tainted pool, so the real scheduler has something
// to say. Test expectations (e.g. "0/4 nodes are available") depend on this list: change both.
import type { KubeObject } from './kube.js';

export interface FakeNode {
  name: string;
  arch: 'amd64' | 'arm64';
  cpu: string;
  memory: string;
  pods: string;
  zone: string;
  instanceType: string;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' }[];
}

export const FAKE_NODES: readonly FakeNode[] = [
  { name: 'kwok-amd64-small', arch: 'amd64', cpu: '2', memory: '4Gi', pods: '110', zone: 'zone-a', instanceType: 'kwok.small' },
  { name: 'kwok-amd64-large', arch: 'amd64', cpu: '8', memory: '32Gi', pods: '110', zone: 'zone-b', instanceType: 'kwok.large' },
  { name: 'kwok-arm64', arch: 'arm64', cpu: '4', memory: '16Gi', pods: '110', zone: 'zone-a', instanceType: 'kwok.arm' },
  {
    name: 'kwok-gpu',
    arch: 'amd64',
    cpu: '16',
    memory: '64Gi',
    pods: '110',
    zone: 'zone-b',
    instanceType: 'kwok.gpu',
    labels: { 'kubewhy.e2e/pool': 'gpu' },
    taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
  },
];

export function nodeObject(n: FakeNode): KubeObject {
  const resources = { cpu: n.cpu, memory: n.memory, pods: n.pods, 'ephemeral-storage': '100Gi' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      labels: {
        'kubernetes.io/arch': n.arch,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/hostname': n.name,
        'node.kubernetes.io/instance-type': n.instanceType,
        'topology.kubernetes.io/zone': n.zone,
        type: 'kwok',
        ...n.labels,
      },
      annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
    },
    spec: n.taints ? { taints: n.taints } : {},
    status: {
      allocatable: resources,
      capacity: resources,
      nodeInfo: { architecture: n.arch, operatingSystem: 'linux' },
    },
  };
}
