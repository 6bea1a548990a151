import type { Container, PodSpec } from 'kubernetes-types/core/v1.js';
import type { ObjectRef, Span } from '../core/finding.js';

export type JsonPath = (string | number)[];

/** A plain JSON value as kubectl would send it to the API server. */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

export interface KubeObject {
  /** File relative to the lint root (for Helm output: the rendered stream's file). */
  file: string;
  /** Index of the YAML document in its file (0-based), or of the item inside a `kind: List`. */
  docIndex: number;
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The object as JSON (YAML 1.1 semantics, as kubectl reads it). */
  raw: JsonObject;
  /** Helm `# Source: chart/templates/x.yaml` or Kustomize origin, when the stream says so. */
  origin?: string;
  /**
   * Position of a path inside this object. Falls back to the nearest existing parent
   * (`exact: false`) so "add X here" findings still point somewhere useful.
   */
  locate(path: JsonPath, target?: 'key' | 'value'): { span: Span; exact: boolean };
  ref: ObjectRef;
}

export type ContainerKind = 'container' | 'initContainer' | 'ephemeralContainer';

export interface ContainerView {
  template: PodTemplate;
  kind: ContainerKind;
  index: number;
  name: string;
  spec: Container;
  /** Absolute path of this container inside the owning object. */
  path: JsonPath;
}

/** The pod template of any workload kind, found once so rules never repeat the walk. */
export interface PodTemplate {
  object: KubeObject;
  /** Path to the PodSpec inside the object, e.g. ['spec','template','spec'] or ['spec','jobTemplate','spec','template','spec']. */
  specPath: JsonPath;
  /** Path to the template metadata (labels/annotations), e.g. ['spec','template','metadata']; [ 'metadata' ] for a bare Pod. */
  metadataPath: JsonPath;
  spec: PodSpec;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  containers: ContainerView[];
  initContainers: ContainerView[];
  /** True for Job/CronJob (run to completion: no probes expected). */
  runsToCompletion: boolean;
}

export interface ManifestSet {
  objects: KubeObject[];
  podTemplates: PodTemplate[];
}
