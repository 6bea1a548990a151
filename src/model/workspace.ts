import type { InputError } from '../core/finding.js';
import type { ClusterIndex } from './cluster-index.js';
import type { Dockerfile } from './dockerfile.js';
import type { GoModule } from './gomod.js';
import type { KubeObject, ManifestSet, PodTemplate } from './manifest.js';

/** Joins between artifacts, computed once when the workspace is built. */
export interface WorkspaceLinks {
  /** The Go module a Dockerfile builds: go.mod in its directory or the nearest parent. */
  goModuleOf(df: Dockerfile): GoModule | undefined;
  /** Services in the same namespace whose selector matches the template's labels. */
  servicesSelecting(t: PodTemplate): KubeObject[];
}

/** Everything the loaders read, linked once; rules are pure functions of this. */
export interface Workspace {
  /** Absolute lint root; every `file` in the model is relative to it. */
  root: string;
  dockerfiles: Dockerfile[];
  manifests: ManifestSet;
  goModules: GoModule[];
  links: WorkspaceLinks;
  /** Live or snapshot cluster state, indexed (diagnose, watch). */
  cluster?: ClusterIndex;
  /** Input problems (malformed files, limits hit). Reported, never fatal. */
  inputErrors: InputError[];
}
