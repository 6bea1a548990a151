import type { InputError } from '../core/finding.js';
import type { ClusterIndex } from './cluster-index.js';
import type { Dockerfile } from './dockerfile.js';
import type { GoModule } from './gomod.js';
import type { GoPackage } from './gosrc.js';
import type { ImageIndex } from './image-index.js';
import type { MainPackageBuild } from './go-main-packages.js';
import type { LogFacts } from './logs.js';
import type { LinkableContainer } from './link.js';
import type { KubeObject, ManifestSet, PodTemplate } from './manifest.js';

/** Joins between artifacts, computed once when the workspace is built. */
export interface WorkspaceLinks {
  /** The Go module a Dockerfile builds: go.mod in its directory or the nearest parent. */
  goModuleOf(df: Dockerfile): GoModule | undefined;
  /** Main packages the Dockerfile's `go build`/`go install` commands compile. */
  mainPackagesOf(df: Dockerfile): GoPackage[];
  /** The same, with the stage and RUN that build each one. */
  mainPackageBuildsOf(df: Dockerfile): MainPackageBuild[];
  /** Services in the same namespace whose selector matches the template's labels. */
  servicesSelecting(t: PodTemplate): KubeObject[];
  /** Dockerfiles that build the container's image: annotation, else a unique name match, else none. */
  dockerfilesFor(c: LinkableContainer): Dockerfile[];
}

/** Everything the loaders read, linked once; rules are pure functions of this. */
export interface Workspace {
  /** Absolute lint root; every `file` in the model is relative to it. */
  root: string;
  dockerfiles: Dockerfile[];
  manifests: ManifestSet;
  goModules: GoModule[];
  /** Go packages read from source (one per directory), [] when there are none. */
  goPackages: GoPackage[];
  links: WorkspaceLinks;
  /** Live or snapshot cluster state, indexed (diagnose, watch). */
  cluster?: ClusterIndex;
  /** Decoded Go runtime output (`kubewhy logs`, container logs). */
  logs?: LogFacts;
  /** Images read from their registries (`kubewhy image`, `lint --images`, diagnose). */
  images?: ImageIndex;
  /** Input problems (malformed files, limits hit). Reported, never fatal. */
  inputErrors: InputError[];
}
