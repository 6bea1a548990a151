import type { Rule } from '../core/rule.js';
import copyBeforeModDownload from './dockerfile/copy-before-mod-download.js';
import baseImageLatest from './dockerfile/base-image-latest.js';
import goToolchainMismatch from './dockerfile/go-toolchain-mismatch.js';
import runtimeStageGolangImage from './dockerfile/runtime-stage-golang-image.js';
import imageLatestTag from './manifest/image-latest-tag.js';
import noLivenessProbe from './manifest/no-liveness-probe.js';
import noReadinessProbe from './manifest/no-readiness-probe.js';
import noResourceRequests from './manifest/no-resource-requests.js';
import imageNotFound from './cluster/image-not-found.js';
import imagePlatformMismatch from './cluster/image-platform-mismatch.js';
import imagePullBackoff from './cluster/image-pull-backoff.js';
import imagePullUnauthorized from './cluster/image-pull-unauthorized.js';
import imagePullUnreachable from './cluster/image-pull-unreachable.js';
import imagePullUntrustedTls from './cluster/image-pull-untrusted-tls.js';

/** Explicit list: deterministic order, and a test checks every rule file is registered here. */
export const RULES: readonly Rule[] = [
  goToolchainMismatch,
  copyBeforeModDownload,
  runtimeStageGolangImage,
  baseImageLatest,
  imageLatestTag,
  noReadinessProbe,
  noLivenessProbe,
  noResourceRequests,
  imageNotFound,
  imagePullUnauthorized,
  imagePullUntrustedTls,
  imagePlatformMismatch,
  imagePullUnreachable,
  imagePullBackoff,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
