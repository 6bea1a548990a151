import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { diagnosisId } from '../../src/watch/identity.js';

const finding = (ruleId: string, message: string, name = 'api'): Finding => ({
  ruleId,
  fault: 'E4',
  severity: 'error',
  message,
  subject: { object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name }, fieldPath: 'spec.template.spec.containers[0].readinessProbe' },
  evidence: [],
  fix: '',
  verify: '',
  fingerprint: '',
});

describe('diagnosisId', () => {
  it('stays the same while durations and counts in the message grow', () => {
    const a = finding('readiness-never-true', 'Deployment shop/api (1/3 pods): Running but not ready for 95s — probe fails');
    const b = finding('readiness-never-true', 'Deployment shop/api (3/3 pods): Running but not ready for 12m30s — probe fails');
    expect(diagnosisId(a)).toBe(diagnosisId(b));
    expect(diagnosisId(a)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('differs by rule, object and wording', () => {
    const a = finding('readiness-never-true', 'Deployment shop/api: Running but not ready for 95s — probe fails');
    expect(diagnosisId(finding('liveness-kills-slow-start', a.message))).not.toBe(diagnosisId(a));
    expect(diagnosisId(finding(a.ruleId, a.message, 'web'))).not.toBe(diagnosisId(a));
    expect(diagnosisId(finding(a.ruleId, 'Deployment shop/api: Running but not ready for 95s — port closed'))).not.toBe(diagnosisId(a));
  });
});
