import type { Container, PodSpec } from 'kubernetes-types/core/v1.js';
import type { ContainerKind, ContainerView, Json, JsonObject, JsonPath, KubeObject, PodTemplate } from './manifest.js';

export function isJsonObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Labels and annotations as the API server would hold them. A non-string value is already an
 * apply-time error elsewhere; coercing keeps selectors and suppressions working meanwhile.
 */
export function stringMap(v: Json | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isJsonObject(v)) return out;
  for (const [k, val] of Object.entries(v)) {
    out[k] = typeof val === 'string' ? val : val === null ? '' : typeof val === 'object' ? JSON.stringify(val) : String(val);
  }
  return out;
}

export function getIn(root: Json, path: JsonPath): Json | undefined {
  let cur: Json | undefined = root;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === 'number') cur = cur[seg];
    else if (isJsonObject(cur) && typeof seg === 'string') cur = cur[seg];
    else return undefined;
  }
  return cur;
}

interface Shape {
  specPath: JsonPath;
  metadataPath: JsonPath;
}

const TEMPLATE: Shape = { specPath: ['spec', 'template', 'spec'], metadataPath: ['spec', 'template', 'metadata'] };

const SHAPES: Record<string, Shape> = {
  Pod: { specPath: ['spec'], metadataPath: ['metadata'] },
  PodTemplate: { specPath: ['template', 'spec'], metadataPath: ['template', 'metadata'] },
  Deployment: TEMPLATE,
  StatefulSet: TEMPLATE,
  DaemonSet: TEMPLATE,
  ReplicaSet: TEMPLATE,
  ReplicationController: TEMPLATE,
  Job: TEMPLATE,
  CronJob: {
    specPath: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
    metadataPath: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
  },
};

/** Every old and new version of the workload kinds lives in these groups; a CRD reusing a kind name does not. */
const BUILTIN_GROUPS = new Set(['', 'apps', 'extensions', 'batch']);

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

export function podTemplatesOf(objects: KubeObject[]): PodTemplate[] {
  const out: PodTemplate[] = [];
  for (const object of objects) {
    const t = podTemplateOf(object);
    if (t) out.push(t);
  }
  return out;
}

function podTemplateOf(object: KubeObject): PodTemplate | undefined {
  const shape = Object.hasOwn(SHAPES, object.kind) ? SHAPES[object.kind] : undefined;
  if (!shape || !BUILTIN_GROUPS.has(groupOf(object.apiVersion))) return undefined;
  const spec = getIn(object.raw, shape.specPath);
  if (!isJsonObject(spec)) return undefined;
  const metadata = getIn(object.raw, shape.metadataPath);
  const template: PodTemplate = {
    object,
    specPath: shape.specPath,
    metadataPath: shape.metadataPath,
    // The JSON came from the user's YAML; rules must still check field types before trusting them.
    spec: spec as unknown as PodSpec,
    labels: stringMap(isJsonObject(metadata) ? metadata.labels : undefined),
    annotations: stringMap(isJsonObject(metadata) ? metadata.annotations : undefined),
    containers: [],
    initContainers: [],
    runsToCompletion: runsToCompletion(object.kind, spec.restartPolicy),
  };
  template.containers = containerViews(template, spec.containers, 'container', 'containers');
  template.initContainers = containerViews(template, spec.initContainers, 'initContainer', 'initContainers');
  return template;
}

function runsToCompletion(kind: string, restartPolicy: Json | undefined): boolean {
  if (kind === 'Job' || kind === 'CronJob') return true;
  return kind === 'Pod' && (restartPolicy === 'Never' || restartPolicy === 'OnFailure');
}

function containerViews(template: PodTemplate, list: Json | undefined, kind: ContainerKind, field: string): ContainerView[] {
  if (!Array.isArray(list)) return [];
  const views: ContainerView[] = [];
  list.forEach((c, index) => {
    if (!isJsonObject(c)) return;
    views.push({
      template,
      kind,
      index,
      name: typeof c.name === 'string' ? c.name : '',
      spec: c as unknown as Container,
      path: [...template.specPath, field, index],
    });
  });
  return views;
}
