import { describe, expect, it } from 'vitest';
import { formatText } from '../../src/report/text.js';
import { emptyRun, latestFinding, runResult } from './fixtures.js';

describe('formatText', () => {
  it('groups by file, then object, after input errors, with evidence, fix and verify', () => {
    expect(formatText(runResult(), { color: false }).split('\n')).toEqual([
      'input errors',
      '  k8s/broken.yaml:7:3: mapping values are not allowed here',
      '  go.mod: cannot read go.mod: permission denied',
      '',
      'Dockerfile',
      '  12:5  error    Binary built with cgo runs on a libc-less base image  [cgo-binary-on-libcless-base A3]',
      '    ↳ Dockerfile:3:1 builder has cgo on',
      '    ↳ Dockerfile:10:1 final stage is scratch',
      '    fix: Set ENV CGO_ENABLED=0 in the build stage',
      '    verify: $ docker run --rm shop/api:dev /app --version',
      '',
      'k8s/deploy.yaml',
      '  20:18  info     Image shop/api:latest uses the latest tag  [image-latest-tag K1]',
      '    fix: Pin the image by digest',
      '  31:17  warning  readinessProbe uses port 8081 | container listens on 8080  [probe-port-mismatch D2]',
      '    ↳ k8s/deploy.yaml:24:28 containerPort is 8080',
      '    fix: Change the probe port to 8080',
      '    verify: $ kubectl -n shop get pods -l app=api',
      '',
      'Deployment/shop/api',
      '  error    Container api was OOMKilled 3 times',
      '      limit is 256Mi, GOMEMLIMIT unset  [memory-limit-without-gomemlimit E1]',
      '    at .spec.template.spec.containers[0].resources.limits.memory (container api)',
      '    ↳ Deployment/shop/api .status.containerStatuses[0].lastState OOMKilled at 2024-05-01T10:00:00Z',
      '    ↳ Node/worker-1 node memory pressure <none>',
      '    ↳ GC cycles climb before each kill',
      '    fix: Set env GOMEMLIMIT=230MiB',
      '    verify: $ kubectl -n shop get pod -l app=api -o jsonpath="{..restartCount}"',
      '',
      '2 errors, 1 warning, 1 info (2 suppressed) in 4 files, 3 objects; 2 input errors',
      '',
    ]);
  });

  it('does not list suppressed findings', () => {
    const out = formatText(runResult(), { color: false });
    expect(out).not.toContain('livenessProbe uses port 9090');
    expect(out).not.toContain('worker/Dockerfile');
  });

  it('quiet keeps only errors and input errors', () => {
    const out = formatText(runResult(), { color: false, quiet: true });
    expect(out).toContain('input errors');
    expect(out).toContain('[cgo-binary-on-libcless-base A3]');
    expect(out).toContain('[memory-limit-without-gomemlimit E1]');
    expect(out).not.toContain('probe-port-mismatch');
    expect(out).not.toContain('image-latest-tag');
    expect(out).not.toContain('k8s/deploy.yaml');
  });

  it('prints only the summary for a clean run, with singular nouns', () => {
    expect(formatText(emptyRun(), { color: false })).toBe('0 errors, 0 warnings, 0 info in 1 file, 1 object\n');
  });

  it('colours only when asked, whatever the terminal', () => {
    const plain = formatText(runResult(), { color: false });
    const coloured = formatText(runResult(), { color: true });
    expect(plain).not.toMatch(/\u001b\[/);
    expect(coloured).toMatch(/\u001b\[/);
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain);
  });

  it('prints a rule\'s fix once, not for every finding that shares it', () => {
    const second = { ...latestFinding, subject: { ...latestFinding.subject, span: { ...latestFinding.subject.span!, line: 40 } } };
    const text = formatText(runResult({ findings: [latestFinding, second], inputErrors: [] }), { color: false });
    expect(text.match(/fix: Pin the image by digest/g)).toHaveLength(1);
    expect(text).toMatch(/ {2}40:18 {2}info {5}Image shop\/api:latest uses the latest tag/);
  });
});
