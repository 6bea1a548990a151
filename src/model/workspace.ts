import type { InputError } from '../core/finding.js';
import type { Dockerfile } from './dockerfile.js';
import type { GoModule } from './gomod.js';
import type { ManifestSet } from './manifest.js';

/** Everything the loaders read, linked once; rules are pure functions of this. */
export interface Workspace {
  /** Absolute lint root; every `file` in the model is relative to it. */
  root: string;
  dockerfiles: Dockerfile[];
  manifests: ManifestSet;
  goModules: GoModule[];
  /** Input problems (malformed files, limits hit). Reported, never fatal. */
  inputErrors: InputError[];
}
