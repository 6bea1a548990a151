import { redact } from '../../core/redact.js';
import type { Verdict } from './review.js';

export type LogFormat = 'text' | 'json' | 'none';

export interface WebhookLog {
  verdict(v: Verdict, ms: number): void;
  info(msg: string, fields?: Record<string, string | number | boolean>): void;
  error(msg: string, fields?: Record<string, string | number | boolean>): void;
}

/**
 * Log lines name objects and rules, never object bodies: an AdmissionReview can carry a Secret's
 * data or env values, and nothing from request.object other than its name reaches a line.
 * Plain admissions without findings are counted in metrics only; at hundreds of requests a
 * second a line each would cost more than the review.
 */
export function webhookLog(format: LogFormat, write: (line: string) => void = (l) => process.stderr.write(l)): WebhookLog {
  const emit = (level: 'info' | 'error', msg: string, fields: Record<string, unknown>): void => {
    if (format === 'none') return;
    if (format === 'json') {
      write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
      return;
    }
    const rest = Object.entries(fields).map(([k, v]) => `${k}=${typeof v === 'string' && /\s/.test(v) ? JSON.stringify(v) : Array.isArray(v) ? v.join(',') : String(v)}`);
    write(`kubewhy webhook: ${level === 'error' ? 'ERROR ' : ''}${msg}${rest.length ? ` ${rest.join(' ')}` : ''}\n`);
  };
  return {
    verdict(v, ms) {
      if (v.findings.length === 0 && v.errors.length === 0) return;
      emit('info', 'review', {
        uid: v.review.response?.uid,
        kind: v.kind,
        namespace: v.object.namespace,
        name: v.object.name,
        operation: v.operation,
        ...(v.user ? { user: v.user } : {}),
        decision: v.decision,
        dryRun: v.dryRun,
        findings: v.findings.map((f) => `${f.finding.ruleId}:${f.action}${f.preExisting ? ':pre-existing' : ''}`),
        ...(v.errors.length ? { errors: v.errors.map((e) => redact(`${e.file}: ${e.message}`)) } : {}),
        ms: Number(ms.toFixed(2)),
      });
    },
    info: (msg, fields = {}) => emit('info', msg, fields),
    error: (msg, fields = {}) => emit('error', msg, fields),
  };
}
