import { createHash } from 'node:crypto';
import type { Subject } from './finding.js';

/**
 * Line numbers are left out on purpose: a baseline must survive edits above the finding.
 * What identifies a finding is its rule, its file/object/container/field and its message.
 */
export function fingerprint(ruleId: string, at: Subject, message: string): string {
  const o = at.object;
  const parts = [
    ruleId,
    at.span?.file ?? '',
    o ? `${o.kind}/${o.namespace ?? ''}/${o.name}` : '',
    at.fieldPath ?? '',
    at.container ?? '',
    message,
  ];
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
}
