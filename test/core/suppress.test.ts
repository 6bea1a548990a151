import { describe, expect, it } from 'vitest';
import { defaultConfig, type Config } from '../../src/core/config.js';
import type { Finding, Span, Subject } from '../../src/core/finding.js';
import { applySuppressions } from '../../src/core/suppress.js';
import type { Dockerfile, IgnoreComment } from '../../src/model/dockerfile.js';
import type { JsonPath, KubeObject, PodTemplate } from '../../src/model/manifest.js';
import type { Workspace } from '../../src/model/workspace.js';

function span(file: string, line: number): Span {
  return { file, line, column: 1, endLine: line, endColumn: 10 };
}

/** A KubeObject whose `locate` knows the line of each annotation key given. */
function object(
  file: string,
  kind: string,
  name: string,
  annotations: Record<string, string>,
  lines: Record<string, number> = {},
  namespace?: string,
): KubeObject {
  return {
    file,
    docIndex: 0,
    apiVersion: 'apps/v1',
    kind,
    name,
    namespace,
    labels: {},
    annotations,
    raw: {},
    locate: (path: JsonPath) => ({ span: span(file, lines[path.join('.')] ?? 1), exact: true }),
    ref: { apiVersion: 'apps/v1', kind, name, namespace },
  };
}

function template(obj: KubeObject, annotations: Record<string, string>): PodTemplate {
  return {
    object: obj,
    specPath: ['spec', 'template', 'spec'],
    metadataPath: ['spec', 'template', 'metadata'],
    spec: { containers: [] },
    labels: {},
    annotations,
    containers: [],
    initContainers: [],
    runsToCompletion: false,
  };
}

function dockerfile(file: string, ignores: IgnoreComment[]): Dockerfile {
  return { file, dir: '.', text: '', escape: '\\', globalArgs: {}, stages: [], ignores };
}

function workspace(parts: Partial<Pick<Workspace, 'dockerfiles'>> & { objects?: KubeObject[]; templates?: PodTemplate[] }): Workspace {
  return {
    root: '/repo',
    dockerfiles: parts.dockerfiles ?? [],
    manifests: { objects: parts.objects ?? [], podTemplates: parts.templates ?? [] },
    goModules: [],
    goPackages: [],
    links: { goModuleOf: () => undefined, mainPackagesOf: () => [], mainPackageBuildsOf: () => [], servicesSelecting: () => [], dockerfilesFor: () => [] },
    inputErrors: [],
  };
}

function finding(ruleId: string, subject: Subject, fingerprint = `fp-${ruleId}`, fault = 'A3'): Finding {
  return { ruleId, fault, severity: 'error', message: 'm', subject, evidence: [], fix: '', verify: '', fingerprint };
}

function deploymentSubject(file = 'deploy.yaml', container?: string): Subject {
  return {
    span: span(file, 20),
    object: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', namespace: 'shop' },
    ...(container ? { container } : {}),
  };
}

function run(findings: Finding[], ws: Workspace, config: Config = defaultConfig(), fingerprints?: string[]): Finding[] {
  applySuppressions(findings, {
    ws,
    config,
    ...(fingerprints ? { baseline: { file: 'baseline.json', fingerprints: new Set(fingerprints) } } : {}),
  });
  return findings;
}

describe('applySuppressions', () => {
  describe('annotations', () => {
    const annotated = object('deploy.yaml', 'Deployment', 'api', { 'kubewhy.dev/ignore': 'missing-probes, A7' }, { 'metadata.annotations.kubewhy.dev/ignore': 7 }, 'shop');
    const ws = workspace({ objects: [annotated] });

    it('suppresses listed rule ids and fault ids on the object, naming the line', () => {
      const [byId, byFault, other] = run(
        [
          finding('missing-probes', deploymentSubject()),
          finding('image-latest-tag', deploymentSubject(), 'x', 'A7'),
          finding('cgo-binary', deploymentSubject()),
        ],
        ws,
      );
      expect(byId?.suppressed).toEqual({ kind: 'annotation', source: 'deploy.yaml:7 kubewhy.dev/ignore' });
      expect(byFault?.suppressed?.kind).toBe('annotation');
      expect(other?.suppressed).toBeUndefined();
    });

    it('does not reach a same-named object in another file or namespace', () => {
      const [otherFile, otherNs] = run(
        [
          finding('missing-probes', deploymentSubject('overlays/prod.yaml')),
          finding('missing-probes', { object: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', namespace: 'dev' } }),
        ],
        ws,
      );
      expect(otherFile?.suppressed).toBeUndefined();
      expect(otherNs?.suppressed).toBeUndefined();
    });

    it('reads the pod template annotations too, and * / all', () => {
      const obj = object('d.yaml', 'Deployment', 'api', {}, { 'spec.template.metadata.annotations.kubewhy.dev/ignore': 12 }, 'shop');
      const [f] = run([finding('anything', deploymentSubject('d.yaml'))], workspace({ objects: [obj], templates: [template(obj, { 'kubewhy.dev/ignore': '*' })] }));
      expect(f?.suppressed).toEqual({ kind: 'annotation', source: 'd.yaml:12 kubewhy.dev/ignore' });
    });

    it('limits a per-container annotation to that container', () => {
      const obj = object('d.yaml', 'Deployment', 'api', { 'kubewhy.dev/ignore.sidecar': 'all' }, { 'metadata.annotations.kubewhy.dev/ignore.sidecar': 5 }, 'shop');
      const [sidecar, app, whole] = run(
        [
          finding('missing-probes', deploymentSubject('d.yaml', 'sidecar')),
          finding('missing-probes', deploymentSubject('d.yaml', 'app')),
          finding('missing-probes', deploymentSubject('d.yaml')),
        ],
        workspace({ objects: [obj] }),
      );
      expect(sidecar?.suppressed).toEqual({ kind: 'annotation', source: 'd.yaml:5 kubewhy.dev/ignore.sidecar' });
      expect(app?.suppressed).toBeUndefined();
      expect(whole?.suppressed).toBeUndefined();
    });
  });

  describe('Dockerfile comments', () => {
    const df = dockerfile('build/Dockerfile', [
      { rules: ['run-as-root'], scope: { startLine: 5, endLine: 7 }, span: span('build/Dockerfile', 4) },
      { rules: [], scope: 'file', span: span('build/Dockerfile', 1) },
    ]);
    const onlyScoped = dockerfile('Dockerfile', [{ rules: ['run-as-root', 'A9'], scope: { startLine: 5, endLine: 7 }, span: span('Dockerfile', 4) }]);

    it('suppresses inside the next instruction only, for the rules named', () => {
      const [inside, after, otherRule, byFault] = run(
        [
          finding('run-as-root', { span: span('Dockerfile', 6) }),
          finding('run-as-root', { span: span('Dockerfile', 8) }),
          finding('apk-no-cache', { span: span('Dockerfile', 6) }),
          finding('whatever', { span: span('Dockerfile', 5) }, 'fp', 'A9'),
        ],
        workspace({ dockerfiles: [onlyScoped] }),
      );
      expect(inside?.suppressed).toEqual({ kind: 'comment', source: 'Dockerfile:4' });
      expect(after?.suppressed).toBeUndefined();
      expect(otherRule?.suppressed).toBeUndefined();
      expect(byFault?.suppressed?.kind).toBe('comment');
    });

    it('takes the first matching comment; ignore-file with no rules covers everything', () => {
      const [scoped, anywhere, elsewhere] = run(
        [
          finding('run-as-root', { span: span('build/Dockerfile', 6) }),
          finding('apk-no-cache', { span: span('build/Dockerfile', 30) }),
          finding('apk-no-cache', { span: span('Dockerfile', 30) }),
        ],
        workspace({ dockerfiles: [df, onlyScoped] }),
      );
      expect(scoped?.suppressed?.source).toBe('build/Dockerfile:4');
      expect(anywhere?.suppressed?.source).toBe('build/Dockerfile:1');
      expect(elsewhere?.suppressed).toBeUndefined();
    });
  });

  it('suppresses findings in files matched by config ignore globs', () => {
    const config = { ...defaultConfig(), file: '.kubewhy.yaml', ignore: ['legacy/', '*.gen.yaml'] };
    const [legacy, generated, kept, noSpan] = run(
      [
        finding('a', { span: span('legacy/deploy.yaml', 1) }),
        finding('a', { span: span('k8s/app.gen.yaml', 1) }),
        finding('a', { span: span('k8s/app.yaml', 1) }),
        finding('a', { object: { apiVersion: 'v1', kind: 'Pod', name: 'p' } }),
      ],
      workspace({}),
      config,
    );
    expect(legacy?.suppressed).toEqual({ kind: 'config', source: '.kubewhy.yaml' });
    expect(generated?.suppressed?.kind).toBe('config');
    expect(kept?.suppressed).toBeUndefined();
    expect(noSpan?.suppressed).toBeUndefined();
  });

  it('suppresses baselined fingerprints', () => {
    const [old, fresh] = run([finding('a', { span: span('x.yaml', 1) }, 'old'), finding('a', { span: span('x.yaml', 2) }, 'new')], workspace({}), defaultConfig(), ['old']);
    expect(old?.suppressed).toEqual({ kind: 'baseline', source: 'baseline.json' });
    expect(fresh?.suppressed).toBeUndefined();
  });

  it('prefers the annotation over config over baseline, and keeps an existing suppression', () => {
    const obj = object('deploy.yaml', 'Deployment', 'api', { 'kubewhy.dev/ignore': 'a' }, { 'metadata.annotations.kubewhy.dev/ignore': 3 }, 'shop');
    const config = { ...defaultConfig(), ignore: ['deploy.yaml'] };
    const preset = finding('a', deploymentSubject(), 'fp');
    preset.suppressed = { kind: 'config', source: 'elsewhere' };
    const [annotated, configOnly, kept] = run(
      [finding('a', deploymentSubject(), 'fp'), finding('b', deploymentSubject(), 'fp'), preset],
      workspace({ objects: [obj] }),
      config,
      ['fp'],
    );
    expect(annotated?.suppressed?.kind).toBe('annotation');
    expect(configOnly?.suppressed).toEqual({ kind: 'config', source: '.kubewhy.yaml' });
    expect(kept?.suppressed?.source).toBe('elsewhere');
  });
});
