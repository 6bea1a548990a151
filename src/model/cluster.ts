import type { InputError, ObjectRef } from '../core/finding.js';
import type { LogFacts } from './logs.js';
import type { Json, JsonObject } from './manifest.js';

/** One object as the API server returns it (`kubectl get -o json`), strings kept as strings. */
export interface ClusterObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  uid?: string;
  raw: JsonObject;
  ref: ObjectRef;
}

/**
 * core/v1 and events.k8s.io/v1 events in one shape. Timestamps are RFC 3339 strings; either
 * may be missing (`lastTimestamp: null` is common for events.k8s.io-created events).
 */
export interface ClusterEvent {
  type: string;
  reason: string;
  message: string;
  count: number;
  firstSeen?: string;
  lastSeen?: string;
  involved: { kind: string; namespace?: string; name: string; uid?: string; fieldPath?: string };
  /** Reporting component: kubelet, default-scheduler, replicaset-controller, job-controller, … */
  source?: string;
}

export interface ContainerLog {
  namespace: string;
  pod: string;
  container: string;
  /** Output of the previous (crashed) instance: `kubectl logs --previous`. */
  previous: boolean;
  text: string;
  /** Where it was read from, for evidence. */
  file?: string;
  /** What the Go log decoders (src/logs) read in it; set by diagnose before the rules run. */
  facts?: LogFacts;
}

export interface ClusterState {
  /** What was read: the snapshot path or the kubeconfig context. */
  source: string;
  /**
   * When it was read (RFC 3339): set by live mode and recorded by `kubewhy snapshot`; absent
   * for a directory of plain `kubectl get -o json` output.
   */
  readAt?: string;
  objects: ClusterObject[];
  events: ClusterEvent[];
  logs: ContainerLog[];
  /** Kinds or namespaces that could not be read (RBAC, malformed files): reported, never fatal. */
  warnings: InputError[];
}

export function asObject(v: Json | undefined): JsonObject | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}

export function asArray(v: Json | undefined): Json[] {
  return Array.isArray(v) ? v : [];
}

export function asString(v: Json | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function asNumber(v: Json | undefined): number | undefined {
  return typeof v === 'number' ? v : undefined;
}
