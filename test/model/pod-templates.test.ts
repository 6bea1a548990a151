import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/core/config.js';
import { loadManifests } from '../../src/load/manifests.js';
import { podTemplatesOf } from '../../src/model/pod-templates.js';

const templatesOf = (text: string) => podTemplatesOf(loadManifests('x.yaml', text, DEFAULT_LIMITS).objects);
const fixture = (name: string): string => readFileSync(new URL(`../fixtures/manifests/${name}`, import.meta.url), 'utf8');

const containers = 'containers:\n  - name: app\n    image: app:1\n';
const indent = (text: string, n: number): string => text.replace(/^(?=.)/gm, ' '.repeat(n));
const workload = (apiVersion: string, kind: string): string =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: w\nspec:\n  template:\n    metadata:\n      labels: {app: w}\n    spec:\n${indent(containers, 6)}`;

describe('podTemplatesOf', () => {
  it('finds the template of a Deployment with absolute container paths', () => {
    const objects = loadManifests('d.yaml', fixture('deployment-service.yaml'), DEFAULT_LIMITS).objects;
    const [t, ...rest] = podTemplatesOf(objects);
    expect(rest).toEqual([]);
    expect(t?.object.kind).toBe('Deployment');
    expect(t?.specPath).toEqual(['spec', 'template', 'spec']);
    expect(t?.metadataPath).toEqual(['spec', 'template', 'metadata']);
    expect(t?.labels).toEqual({ app: 'api' });
    expect(t?.annotations).toEqual({});
    expect(t?.runsToCompletion).toBe(false);
    expect(t?.initContainers).toEqual([]);
    const [c] = t!.containers;
    expect(c).toMatchObject({ kind: 'container', index: 0, name: 'api', path: ['spec', 'template', 'spec', 'containers', 0] });
    expect(c?.template).toBe(t);
    expect(c?.spec.image).toBe('registry.example.com/shop/api:1.4.2');
    expect(c?.spec.env?.[0]?.value).toBe('info');
    // The path is usable with locate() as is.
    expect(t!.object.locate([...c!.path, 'image']).span).toMatchObject({ line: 24, column: 18 });
  });

  it.each([
    ['apps/v1', 'Deployment'],
    ['apps/v1beta2', 'StatefulSet'],
    ['extensions/v1beta1', 'DaemonSet'],
    ['apps/v1', 'ReplicaSet'],
    ['v1', 'ReplicationController'],
  ])('handles %s %s via spec.template', (apiVersion, kind) => {
    const [t] = templatesOf(workload(apiVersion, kind));
    expect(t).toMatchObject({ specPath: ['spec', 'template', 'spec'], labels: { app: 'w' }, runsToCompletion: false });
    expect(t?.containers.map((c) => c.name)).toEqual(['app']);
  });

  it('marks Jobs as running to completion', () => {
    const [t] = templatesOf(workload('batch/v1', 'Job'));
    expect(t).toMatchObject({ specPath: ['spec', 'template', 'spec'], runsToCompletion: true });
  });

  it.each(['batch/v1', 'batch/v1beta1'])('reaches a %s CronJob through jobTemplate', (apiVersion) => {
    const text = `apiVersion: ${apiVersion}\nkind: CronJob\nmetadata:\n  name: nightly\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        metadata:\n          annotations: {sidecar.istio.io/inject: "false"}\n        spec:\n          restartPolicy: OnFailure\n${indent(containers, 10)}`;
    const [t] = templatesOf(text);
    expect(t).toMatchObject({
      specPath: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
      metadataPath: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
      annotations: { 'sidecar.istio.io/inject': 'false' },
      runsToCompletion: true,
    });
    expect(t?.containers[0]?.path).toEqual(['spec', 'jobTemplate', 'spec', 'template', 'spec', 'containers', 0]);
    expect(t?.object.locate([...t.containers[0]!.path, 'image']).span).toMatchObject({ line: 16, column: 22 });
  });

  it('uses a bare Pod’s own spec and metadata; restartPolicy decides completion', () => {
    const pod = (policy: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {app: p}\nspec:\n${policy}${indent(containers, 2)}`;
    const [always] = templatesOf(pod(''));
    expect(always).toMatchObject({ specPath: ['spec'], metadataPath: ['metadata'], labels: { app: 'p' }, runsToCompletion: false });
    expect(always?.containers[0]?.path).toEqual(['spec', 'containers', 0]);
    expect(templatesOf(pod('  restartPolicy: Never\n'))[0]?.runsToCompletion).toBe(true);
    expect(templatesOf(pod('  restartPolicy: OnFailure\n'))[0]?.runsToCompletion).toBe(true);
    expect(templatesOf(pod('  restartPolicy: Always\n'))[0]?.runsToCompletion).toBe(false);
  });

  it('handles the PodTemplate kind', () => {
    const text = `apiVersion: v1\nkind: PodTemplate\nmetadata:\n  name: pt\ntemplate:\n  metadata:\n    labels: {role: batch}\n  spec:\n${indent(containers, 4)}`;
    const [t] = templatesOf(text);
    expect(t).toMatchObject({ specPath: ['template', 'spec'], metadataPath: ['template', 'metadata'], labels: { role: 'batch' } });
    expect(t?.containers[0]?.path).toEqual(['template', 'spec', 'containers', 0]);
  });

  it('lists init containers separately and ignores ephemeral containers', () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n    - name: migrate\n      image: migrate:1\n  ephemeralContainers:\n    - name: debug\n      image: busybox\n${indent(containers, 2)}`;
    const [t] = templatesOf(text);
    expect(t?.initContainers.map((c) => [c.kind, c.name, c.path])).toEqual([['initContainer', 'migrate', ['spec', 'initContainers', 0]]]);
    expect(t?.containers.map((c) => [c.kind, c.name])).toEqual([['container', 'app']]);
  });

  it('keeps original indexes when a container entry is not an object', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - just-a-string\n    - image: x\n';
    const [t] = templatesOf(text);
    expect(t?.containers.map((c) => [c.index, c.name, c.path])).toEqual([[1, '', ['spec', 'containers', 1]]]);
  });

  it.each([
    ['no spec', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n'],
    ['no template', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {replicas: 1}\n'],
    ['spec is a string', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec: oops\n'],
    ['CronJob without jobTemplate', 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  template:\n    spec: {containers: []}\n'],
    ['a CRD that reuses a workload kind', `apiVersion: example.com/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n${indent(containers, 6)}`],
    ['a Service', 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: {app: s}\n'],
  ])('finds no template for %s', (_, text) => {
    expect(templatesOf(text)).toEqual([]);
  });

  it('tolerates a spec whose containers are missing or malformed', () => {
    const [t] = templatesOf('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: {name: app}\n  initContainers: null\n');
    expect(t?.containers).toEqual([]);
    expect(t?.initContainers).toEqual([]);
    expect(t?.labels).toEqual({});
  });

  it('finds every template in a List', () => {
    const objects = loadManifests('l.yaml', fixture('list.yaml'), DEFAULT_LIMITS).objects;
    const templates = podTemplatesOf(objects);
    expect(templates.map((t) => [t.object.name, t.containers[0]?.spec.image])).toEqual([
      ['web', 'ghcr.io/acme/web:2.0.1'],
      ['worker', 'ghcr.io/acme/worker:2.0.1'],
    ]);
    const worker = templates[1]!;
    expect(worker.object.locate([...worker.containers[0]!.path, 'image']).span).toMatchObject({ line: 64, column: 18 });
  });
});
