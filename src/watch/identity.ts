import type { Finding } from '../core/finding.js';
import { fingerprint } from '../core/fingerprint.js';

const DURATION = /\b(?:\d+[smhdy])+\b/g;

/**
 * What makes two findings the same diagnosis while it lasts: the core fingerprint (rule, object,
 * field, container, message) of the message with its durations and numbers masked. Messages
 * state ages and counts ("Running but not ready for 12m", "2/3 pods") that grow every time the
 * object is re-diagnosed; with them in the identity each growth would look like a new diagnosis
 * and be published again.
 */
export function diagnosisId(f: Finding): string {
  return fingerprint(f.ruleId, f.subject, f.message.replace(DURATION, '<age>').replace(/\d+/g, '#'));
}
