import { describe, expect, it } from 'vitest';
import type * as sarif from 'sarif';
import { formatSarif, pascalCase } from '../../src/report/sarif.js';
import { emptyRun, runResult } from './fixtures.js';
import { sarifValidator } from './schema.js';

const validate = sarifValidator();

function run(text: string): sarif.Run {
  const log = JSON.parse(text) as sarif.Log;
  const first = log.runs[0];
  if (!first) throw new Error('no run');
  return first;
}

function results(text: string): sarif.Result[] {
  return run(text).results ?? [];
}

describe('formatSarif', () => {
  it('validates against the official SARIF 2.1.0 schema', () => {
    for (const r of [runResult(), emptyRun(), runResult({ command: 'diagnose', root: '/' })]) {
      const ok = validate(JSON.parse(formatSarif(r, {})));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('the schema is strict enough to catch a broken log', () => {
    const log = JSON.parse(formatSarif(runResult(), {})) as sarif.Log;
    const bad = { ...log, runs: [{ ...log.runs[0], results: [{ message: { text: 'x' }, level: 'fatal' }] }] };
    expect(validate(bad)).toBe(false);
    expect(validate({ ...log, version: '2.0.0' })).toBe(false);
  });

  it('describes every rule the way GitHub code scanning reads it', () => {
    const rules = run(formatSarif(runResult(), {})).tool.driver.rules ?? [];
    expect(rules.map((r) => r.id)).toEqual(['cgo-binary-on-libcless-base', 'probe-port-mismatch', 'memory-limit-without-gomemlimit', 'image-latest-tag']);
    const [cgo] = rules;
    expect(cgo).toMatchObject({
      name: 'CgoBinaryOnLibclessBase',
      shortDescription: { text: 'cgo-enabled binary copied onto an image without libc' },
      helpUri: 'https://github.com/kubewhy/kubewhy/blob/main/docs/rules/cgo-binary-on-libcless-base.md',
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['build', 'cgo'], precision: 'high', 'problem.severity': 'error' },
    });
    expect(cgo?.help?.markdown).toContain('**Fix:** Build with CGO_ENABLED=0');
    expect(cgo?.help?.markdown).toContain('```sh\ndocker run --rm <image> /app --version\n```');
    expect(rules[3]?.defaultConfiguration?.level).toBe('note');
    expect(rules[3]?.properties?.['problem.severity']).toBe('recommendation');
  });

  it('uses docsBaseUrl for helpUri', () => {
    const rules = run(formatSarif(runResult(), { docsBaseUrl: 'https://docs.example/rules/' })).tool.driver.rules ?? [];
    expect(rules[1]?.helpUri).toBe('https://docs.example/rules/probe-port-mismatch.md');
  });

  it('points ruleIndex at the matching rule and carries fingerprints', () => {
    const out = formatSarif(runResult(), {});
    const rules = run(out).tool.driver.rules ?? [];
    const res = results(out);
    expect(res).toHaveLength(6);
    for (const r of res) {
      expect(r.ruleIndex).toBeDefined();
      expect(rules[r.ruleIndex ?? -1]?.id).toBe(r.ruleId);
      expect(r.partialFingerprints?.['primaryLocationLineHash']).toMatch(/.+:1$/);
    }
    expect(res.map((r) => r.level)).toEqual(['error', 'note', 'warning', 'warning', 'error', 'error']);
  });

  it('locates span findings relative to %SRCROOT% and object findings logically', () => {
    const out = formatSarif(runResult(), {});
    const [cgo, latest, , , oom] = results(out);
    expect(cgo?.locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: 'Dockerfile', uriBaseId: '%SRCROOT%' },
          region: { startLine: 12, startColumn: 5, endLine: 12, endColumn: 28 },
        },
      },
    ]);
    expect(latest?.locations?.[0]?.logicalLocations).toEqual([{ name: 'api', fullyQualifiedName: 'Deployment/shop/api', kind: 'object' }]);
    expect(oom?.locations).toEqual([{ logicalLocations: [{ name: 'api', fullyQualifiedName: 'Deployment/shop/api', kind: 'object' }] }]);
    expect(run(out).originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///home/dev/my%20shop/' } });
    expect(run(out).automationDetails).toEqual({ id: 'kubewhy/lint/' });
  });

  it('turns located evidence into relatedLocations and keeps the rest readable', () => {
    const [cgo, , , , oom] = results(formatSarif(runResult(), {}));
    expect(cgo?.relatedLocations?.map((l) => [l.id, l.message?.text, l.physicalLocation?.region?.startLine])).toEqual([
      [0, 'builder has cgo on', 3],
      [1, 'final stage is scratch', 10],
    ]);
    expect(oom?.relatedLocations).toBeUndefined();
    expect(oom?.properties?.['evidence']).toEqual([
      'Deployment/shop/api .status.containerStatuses[0].lastState: OOMKilled at 2024-05-01T10:00:00Z',
      'Node/worker-1: node memory pressure <none>',
      'GC cycles climb before each kill',
    ]);
  });

  it('maps suppressions: annotation/comment in source, config/baseline external', () => {
    const res = results(formatSarif(runResult(), {}));
    expect(res[3]?.suppressions).toEqual([{ kind: 'inSource', justification: 'annotation: k8s/deploy.yaml' }]);
    expect(res[5]?.suppressions).toEqual([{ kind: 'external', justification: 'baseline: .kubewhy-baseline.json' }]);
    expect(res.filter((r) => r.suppressions !== undefined)).toHaveLength(2);
  });

  it('reports input errors as tool notifications of a successful run', () => {
    const [inv] = run(formatSarif(runResult(), {})).invocations ?? [];
    expect(inv?.executionSuccessful).toBe(true);
    expect(inv?.toolExecutionNotifications).toEqual([
      {
        level: 'error',
        message: { text: 'mapping values are not allowed here' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'k8s/broken.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 7, startColumn: 3 } } }],
      },
      {
        level: 'error',
        message: { text: 'cannot read go.mod: permission denied' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'go.mod', uriBaseId: '%SRCROOT%' } } }],
      },
    ]);
  });

  it('percent-encodes file paths so the URI stays valid', () => {
    const r = runResult({ inputErrors: [{ file: 'k8s/my app#1.yaml', message: 'bad' }] });
    const out = formatSarif(r, {});
    expect(validate(JSON.parse(out))).toBe(true);
    const [inv] = run(out).invocations ?? [];
    expect(inv?.toolExecutionNotifications?.[0]?.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBe('k8s/my%20app%231.yaml');
  });

  it('PascalCases rule ids', () => {
    expect(pascalCase('go-toolchain-mismatch')).toBe('GoToolchainMismatch');
    expect(pascalCase('image-latest-tag')).toBe('ImageLatestTag');
  });
});
