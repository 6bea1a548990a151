import type { Rule } from '../../core/rule.js';
import imageBinaryArchMismatch from './image-binary-arch-mismatch.js';
import imageEntrypointNotRunnable from './image-entrypoint-not-runnable.js';
import imageMissingCaBundle from './image-missing-ca-bundle.js';
import imageMissingInterpreter from './image-missing-interpreter.js';
import imageMissingNodePlatform from './image-missing-node-platform.js';
import imageMissingZoneinfo from './image-missing-zoneinfo.js';
import imageNotInRegistry from './image-not-in-registry.js';
import imageRegistryTls from './image-registry-tls.js';
import imageRegistryUnauthorized from './image-registry-unauthorized.js';
import imageRegistryUnreachable from './image-registry-unreachable.js';
import imageShellFormWithoutShell from './image-shell-form-without-shell.js';
import imageSinglePlatformWrongArch from './image-single-platform-wrong-arch.js';
import imageTagDrift from './image-tag-drift.js';
import imageTagNotPinned from './image-tag-not-pinned.js';
import imageUserFailsRunAsNonRoot from './image-user-fails-run-as-non-root.js';

/** Rules judging images read from their registries (needs: image). */
export const IMAGE_RULES: readonly Rule[] = [
  imageBinaryArchMismatch,
  imageEntrypointNotRunnable,
  imageMissingCaBundle,
  imageMissingInterpreter,
  imageMissingNodePlatform,
  imageMissingZoneinfo,
  imageNotInRegistry,
  imageRegistryTls,
  imageRegistryUnauthorized,
  imageRegistryUnreachable,
  imageShellFormWithoutShell,
  imageSinglePlatformWrongArch,
  imageTagDrift,
  imageTagNotPinned,
  imageUserFailsRunAsNonRoot,
];
