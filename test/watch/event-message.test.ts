import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { eventMessage, MAX_MESSAGE_BYTES, truncate } from '../../src/watch/event-message.js';

function finding(evidence: string[], fix = 'Raise spec.activeDeadlineSeconds.'): Finding {
  return {
    ruleId: 'job-failed',
    fault: 'F5',
    severity: 'error',
    message: 'Job shop/report failed (DeadlineExceeded)',
    subject: { object: { apiVersion: 'batch/v1', kind: 'Job', namespace: 'shop', name: 'report' } },
    evidence: evidence.map((message) => ({ message })),
    fix,
    verify: 'kubectl wait',
    fingerprint: 'f'.repeat(32),
  };
}

describe('eventMessage', () => {
  it('symptom → evidence → root cause → fix, on one line', () => {
    const f = finding(['condition Failed=True DeadlineExceeded', 'log (last 2 lines):\nline one\n  line two', 'root cause: still running after 3s']);
    expect(eventMessage(f)).toBe(
      'Job shop/report failed (DeadlineExceeded) | evidence: condition Failed=True DeadlineExceeded; log (last 2 lines): ⏎ line one ⏎ line two' +
        ' | root cause: still running after 3s | fix: Raise spec.activeDeadlineSeconds. [job-failed, F5]',
    );
  });

  it('shortens the evidence, never the root cause or the fix, to at most 1024 bytes of UTF-8', () => {
    const f = finding([`log:\n${'ü€'.repeat(2000)}`, 'root cause: container app exited 3']);
    const m = eventMessage(f);
    expect(Buffer.byteLength(m)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(Buffer.byteLength(m)).toBeGreaterThan(MAX_MESSAGE_BYTES - 4);
    expect(m).toMatch(/^Job shop\/report failed \(DeadlineExceeded\) \| evidence: log: ⏎ (ü€)+ü?… \| root cause: container app exited 3 \| fix: Raise spec\.activeDeadlineSeconds\. \[job-failed, F5\]$/);
  });

  it('redacts credentials quoted in evidence', () => {
    const m = eventMessage(finding(['log: connecting to postgres://app:hunter2@db:5432/shop failed', 'root cause: x']));
    expect(m).toContain('postgres://app:<redacted>@db:5432/shop');
    expect(m).not.toContain('hunter2');
  });

  it('truncate cuts on a character boundary and marks the cut', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('aé€x', 7)).toBe('aé€x');
    expect(truncate('aé€x', 6)).toBe('aé…');
    expect(Buffer.byteLength(truncate('€'.repeat(10), 10))).toBeLessThanOrEqual(10);
  });
});
