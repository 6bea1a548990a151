import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Verdict } from './review.js';

/** One registry per server, so two servers in one process (tests) never share or double-register. */
export interface WebhookMetrics {
  registry: Registry;
  record(verdict: Verdict, seconds: number): void;
  invalid(reason: 'malformed' | 'too-large' | 'method' | 'not-found'): void;
  certReload(result: 'ok' | 'error', notAfter?: Date): void;
}

export function webhookMetrics(): WebhookMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const reviews = new Counter({
    name: 'kubewhy_webhook_reviews_total',
    help: 'Admission reviews answered, by object kind, operation, decision (allowed, warned, denied, skipped) and dry run',
    labelNames: ['kind', 'operation', 'decision', 'dry_run'] as const,
    registers: [registry],
  });
  const findings = new Counter({
    name: 'kubewhy_webhook_findings_total',
    help: 'Findings in admitted or denied requests (dry runs excluded), by rule, fault, severity and action',
    labelNames: ['rule', 'fault', 'severity', 'action'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'kubewhy_webhook_review_duration_seconds',
    help: 'Time from the complete request body to the response, by decision',
    labelNames: ['decision'] as const,
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
    registers: [registry],
  });
  const rejected = new Counter({
    name: 'kubewhy_webhook_invalid_requests_total',
    help: 'Requests answered with a 4xx before any review, by reason',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const reloads = new Counter({
    name: 'kubewhy_webhook_certificate_reloads_total',
    help: 'Serving certificate loads after a change on disk, by result',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const expiry = new Gauge({
    name: 'kubewhy_webhook_certificate_expiry_timestamp_seconds',
    help: 'notAfter of the serving certificate in use, as a Unix timestamp',
    registers: [registry],
  });
  return {
    registry,
    record(v, seconds) {
      reviews.inc({ kind: v.kind, operation: v.operation, decision: v.decision, dry_run: String(v.dryRun) });
      latency.observe({ decision: v.decision }, seconds);
      // A dry run changes nothing, so it must not count as a finding that reached the cluster.
      if (v.dryRun) return;
      for (const f of v.findings) findings.inc({ rule: f.finding.ruleId, fault: f.finding.fault, severity: f.finding.severity, action: f.action });
    },
    invalid(reason) {
      rejected.inc({ reason });
    },
    certReload(result, notAfter) {
      reloads.inc({ result });
      if (notAfter) expiry.set(Math.floor(notAfter.getTime() / 1000));
    },
  };
}
