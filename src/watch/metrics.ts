import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Everything `kubewhy watch` exposes on /metrics, on a Registry of its own (never prom-client's
 * global one), so two controllers in one process — tests, the benchmark — do not share counters.
 */
export interface WatchMetrics {
  registry: Registry;
  /** Diagnoses that hold right now, on every replica (leader or not). */
  findings: Gauge<'rule' | 'fault' | 'severity' | 'namespace'>;
  /** Events created by this replica, one per new diagnosis. */
  published: Counter<'rule' | 'fault' | 'severity' | 'namespace'>;
  /** From the change on the API server (managedFields time, event time) to its diagnosis. */
  lag: Histogram<'resource'>;
  apiErrors: Counter<'verb' | 'resource' | 'code'>;
  relists: Counter<'resource' | 'reason'>;
  cacheObjects: Gauge<'resource'>;
  leader: Gauge;
  remediations: Counter<'action' | 'mode' | 'result'>;
  diagnosisRuns: Counter;
  /** Container logs of failing containers requested by the watch: read, forbidden (RBAC), error. */
  containerLogs: Counter<'result'>;
}

/** `cacheSizes` is read at each scrape. */
export function createWatchMetrics(cacheSizes: () => Record<string, number> = () => ({})): WatchMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'kubewhy_watch_process_' });
  const registers = [registry];
  return {
    registry,
    findings: new Gauge({ name: 'kubewhy_watch_findings', help: 'Current diagnoses by rule, fault, severity and namespace', labelNames: ['rule', 'fault', 'severity', 'namespace'], registers }),
    published: new Counter({ name: 'kubewhy_watch_findings_published_total', help: 'Diagnoses published as KubewhyDiagnosis Events by this replica', labelNames: ['rule', 'fault', 'severity', 'namespace'], registers }),
    lag: new Histogram({
      name: 'kubewhy_watch_lag_seconds',
      help: 'Time from a change on the API server to its diagnosis',
      labelNames: ['resource'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
      registers,
    }),
    apiErrors: new Counter({ name: 'kubewhy_watch_api_errors_total', help: 'Failed Kubernetes API requests by verb, resource and HTTP code (0: network)', labelNames: ['verb', 'resource', 'code'], registers }),
    relists: new Counter({ name: 'kubewhy_watch_relists_total', help: 'Full re-lists of a resource (410 Gone / Expired, or after errors)', labelNames: ['resource', 'reason'], registers }),
    cacheObjects: new Gauge({
      name: 'kubewhy_watch_cache_objects',
      help: 'Objects held in the watch cache by kind',
      labelNames: ['resource'],
      registers,
      collect() {
        for (const [resource, n] of Object.entries(cacheSizes())) this.set({ resource }, n);
      },
    }),
    leader: new Gauge({ name: 'kubewhy_watch_leader', help: '1 while this replica holds the leader Lease (or runs without leader election)', registers }),
    remediations: new Counter({ name: 'kubewhy_watch_remediations_total', help: 'Remediations by action, mode (dry-run, apply) and result', labelNames: ['action', 'mode', 'result'], registers }),
    diagnosisRuns: new Counter({ name: 'kubewhy_watch_diagnosis_runs_total', help: 'Incremental diagnose runs (one per affected object group)', registers }),
    containerLogs: new Counter({ name: 'kubewhy_watch_container_logs_total', help: 'Container logs of failing containers requested, by result (read, forbidden, error)', labelNames: ['result'], registers }),
  };
}
