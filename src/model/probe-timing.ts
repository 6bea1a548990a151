import type { Probe } from 'kubernetes-types/core/v1.js';
import type { ContainerView } from './manifest.js';

export type ProbeField = 'livenessProbe' | 'readinessProbe' | 'startupProbe';

export const PROBE_FIELDS: readonly ProbeField[] = ['livenessProbe', 'readinessProbe', 'startupProbe'];

/** "liveness", "readiness", "startup": the words the kubelet uses in its events. */
export function probeWord(field: ProbeField): string {
  return field.replace('Probe', '');
}

/** What SetDefaults_Probe fills in; 0 counts as unset there, so it is defaulted too. */
export const PROBE_DEFAULTS = { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3 } as const;

export type TimingField = keyof typeof PROBE_DEFAULTS;

export interface ProbeTiming {
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
  /** Fields the manifest sets itself (a positive integer), as opposed to defaulted. */
  explicit: Set<TimingField>;
}

export function probeTiming(p: Probe): ProbeTiming {
  const explicit = new Set<TimingField>();
  const read = (f: TimingField): number => {
    const v: unknown = p[f];
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) {
      explicit.add(f);
      return v;
    }
    return PROBE_DEFAULTS[f];
  };
  return {
    initialDelaySeconds: read('initialDelaySeconds'),
    periodSeconds: read('periodSeconds'),
    timeoutSeconds: read('timeoutSeconds'),
    failureThreshold: read('failureThreshold'),
    explicit,
  };
}

/**
 * Seconds from container start until this probe, failing every time, makes the kubelet act
 * (restart for liveness/startup): initialDelaySeconds + failureThreshold × periodSeconds.
 */
export function probeBudget(t: ProbeTiming): number {
  return t.initialDelaySeconds + t.failureThreshold * t.periodSeconds;
}

export function formatBudget(t: ProbeTiming): string {
  return `${probeBudget(t)}s (initialDelaySeconds ${t.initialDelaySeconds} + failureThreshold ${t.failureThreshold} × periodSeconds ${t.periodSeconds})`;
}

export type HandlerKind = 'httpGet' | 'tcpSocket' | 'grpc' | 'exec';

export interface ProbeHandler {
  kind: HandlerKind;
  /** Port as written (number or name); undefined for exec. */
  port?: number | string;
  /** exec argv. */
  command?: string[];
}

/** The one handler of a probe (the API server rejects more than one), or undefined when none is usable. */
export function probeHandler(p: Probe): ProbeHandler | undefined {
  if (isRecord(p.httpGet)) return { kind: 'httpGet', ...portOf(p.httpGet.port) };
  if (isRecord(p.tcpSocket)) return { kind: 'tcpSocket', ...portOf(p.tcpSocket.port) };
  if (isRecord(p.grpc)) return { kind: 'grpc', ...portOf(p.grpc.port) };
  if (isRecord(p.exec)) {
    const cmd: unknown = p.exec.command;
    return { kind: 'exec', command: Array.isArray(cmd) ? cmd.map(String) : [] };
  }
  return undefined;
}

function portOf(v: unknown): { port?: number | string } {
  return typeof v === 'number' || typeof v === 'string' ? { port: v } : {};
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The container's probes that are objects, in liveness, readiness, startup order. */
export function probesOf(c: ContainerView): { field: ProbeField; probe: Probe }[] {
  const out: { field: ProbeField; probe: Probe }[] = [];
  for (const field of PROBE_FIELDS) {
    const probe: unknown = c.spec[field];
    if (isRecord(probe)) out.push({ field, probe: probe as Probe });
  }
  return out;
}
