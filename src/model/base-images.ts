import { goVersionFromImageTag } from '../load/go-version.js';
import { officialName } from '../load/image-ref.js';
import type { ImageRef } from './dockerfile.js';

/**
 * What a common base image ships, so rules can reason about a runtime stage without pulling it.
 *
 * When a fact is uncertain or varies between tags we cannot tell apart, it is set to the value
 * that keeps rules quiet (e.g. "has ca-certificates"): a missed finding is cheaper than a
 * false alarm the team learns to ignore.
 */

/** The C library a dynamically linked binary needs; `none` = no dynamic loader at all. */
export type Libc = 'glibc' | 'musl' | 'none';

export type BaseFamily =
  | 'scratch'
  | 'alpine'
  | 'debian'
  | 'ubuntu'
  | 'busybox'
  | 'distroless-static'
  | 'distroless-base'
  | 'distroless-cc'
  | 'chainguard-static'
  | 'chainguard-glibc-dynamic'
  | 'wolfi-base'
  | 'ubi'
  | 'golang';

export type PackageManager = 'apk' | 'apt' | 'dnf' | 'microdnf';

export interface BaseImage {
  family: BaseFamily;
  /** Short human description for messages, e.g. `alpine (musl)`. */
  label: string;
  libc: Libc;
  /** Path of the dynamic loader a binary for this libc expects on linux/amd64, when there is one. */
  loader?: string;
  /** Whether the image config sets a non-root USER (distroless :nonroot, Chainguard). */
  nonRootUser: boolean;
  /**
   * The uid the image runs as without a USER instruction: 0, or 65532 for the non-root variants
   * (they set it numerically, so kubelet's runAsNonRoot check can verify it).
   */
  uid: number;
  /** The POSIX shell's path when there is one. Distroless :debug has only `/busybox/sh`. */
  shell?: string;
  /** `/etc/ssl/certs/ca-certificates.crt` (or the distro equivalent) is present. */
  caCertificates: boolean;
  /** `/usr/share/zoneinfo` is present. */
  tzdata: boolean;
  packageManager?: PackageManager;
  /** A C compiler is installed, so Go's cgo defaults to on (official Debian-based golang images). */
  cCompiler: boolean;
  goToolchain: boolean;
}

const GLIBC_LOADER = '/lib64/ld-linux-x86-64.so.2';
const MUSL_LOADER = '/lib/ld-musl-x86_64.so.1';

type Facts = Omit<BaseImage, 'label' | 'uid'>;

const NONROOT_UID = 65532;

const BASE = { nonRootUser: false, cCompiler: false, goToolchain: false } as const;

const SCRATCH: Facts = { ...BASE, family: 'scratch', libc: 'none', caCertificates: false, tzdata: false };
const ALPINE: Facts = {
  ...BASE,
  family: 'alpine',
  libc: 'musl',
  loader: MUSL_LOADER,
  shell: '/bin/sh',
  // ca-certificates-bundle is part of the alpine base image since 3.13-era builds.
  caCertificates: true,
  tzdata: false,
  packageManager: 'apk',
};
const DEBIAN: Facts = {
  ...BASE,
  family: 'debian',
  libc: 'glibc',
  loader: GLIBC_LOADER,
  shell: '/bin/sh',
  caCertificates: false,
  tzdata: true,
  packageManager: 'apt',
};
// Ubuntu's cloud rootfs dropped tzdata in 2017 and never had ca-certificates.
const UBUNTU: Facts = { ...DEBIAN, family: 'ubuntu', tzdata: false };

/** Docker Hub's official name, also through the common mirrors (`mirror.gcr.io/library/x`, ECR public). */
function hubName(ref: ImageRef): string | undefined {
  return officialName(ref) ?? /(?:^|\/)library\/([^/]+)$/.exec(ref.repository)?.[1];
}

function golang(ref: ImageRef): Facts | undefined {
  const tag = ref.tag ?? 'latest';
  if (/windowsservercore|nanoserver/.test(tag)) return undefined;
  const common = { ...BASE, family: 'golang', goToolchain: true, shell: '/bin/sh', caCertificates: true } as const;
  if (tag.includes('alpine')) {
    // The alpine variant installs only ca-certificates: no gcc, so cgo is off (Go ≥1.20).
    return { ...common, libc: 'musl', loader: MUSL_LOADER, tzdata: false, packageManager: 'apk' };
  }
  // Debian variants come from buildpack-deps:*-scm plus gcc, libc6-dev, make, pkg-config.
  return { ...common, libc: 'glibc', loader: GLIBC_LOADER, tzdata: true, packageManager: 'apt', cCompiler: true };
}

function busybox(ref: ImageRef): Facts {
  const tag = ref.tag ?? 'latest';
  // The musl and uclibc variants are one static binary with no loader; the default (`latest`,
  // `1.36`, …) has been the glibc variant since 2022, which ships glibc's loader and libc.
  const libc: Libc = /musl|uclibc/.test(tag) ? 'none' : 'glibc';
  const facts: Facts = { ...BASE, family: 'busybox', libc, shell: '/bin/sh', caCertificates: false, tzdata: false };
  if (libc === 'glibc') facts.loader = GLIBC_LOADER;
  return facts;
}

/** `gcr.io/distroless/static-debian12:nonroot` and friends, also through registry mirrors. */
function distroless(ref: ImageRef): Facts | undefined {
  const m = /(?:^|\/)distroless\/(static|base-nossl|base|cc)(?:-debian\d+)?$/.exec(ref.repository);
  if (!m) return undefined;
  const tag = ref.tag ?? 'latest';
  const facts: Facts = {
    ...BASE,
    family: m[1] === 'static' ? 'distroless-static' : m[1] === 'cc' ? 'distroless-cc' : 'distroless-base',
    libc: m[1] === 'static' ? 'none' : 'glibc',
    nonRootUser: tag.includes('nonroot'),
    caCertificates: true,
    tzdata: true,
  };
  if (facts.libc === 'glibc') facts.loader = GLIBC_LOADER;
  if (tag.includes('debug')) facts.shell = '/busybox/sh';
  return facts;
}

/** cgr.dev images (Chainguard and other orgs on cgr.dev); `-dev` tags add a shell and apk. */
function chainguard(ref: ImageRef): Facts | undefined {
  if (ref.registry !== 'cgr.dev') return undefined;
  const name = ref.repository.split('/').pop();
  const dev = (ref.tag ?? '').endsWith('-dev');
  const common = { ...BASE, nonRootUser: true, caCertificates: true, tzdata: true } as const;
  const devExtras = dev ? ({ shell: '/bin/sh', packageManager: 'apk' } as const) : {};
  switch (name) {
    case 'static':
      return { ...common, ...devExtras, family: 'chainguard-static', libc: 'none' };
    case 'glibc-dynamic':
      return { ...common, ...devExtras, family: 'chainguard-glibc-dynamic', libc: 'glibc', loader: GLIBC_LOADER };
    case 'wolfi-base':
      return { ...common, nonRootUser: false, family: 'wolfi-base', libc: 'glibc', loader: GLIBC_LOADER, shell: '/bin/sh', packageManager: 'apk' };
    default:
      return undefined;
  }
}

/** Red Hat UBI 8/9/10: `registry.access.redhat.com/ubi9/ubi-minimal`, `ubi9-minimal`, `redhat/ubi9`. */
function ubi(ref: ImageRef): Facts | undefined {
  const m = /(?:^|\/)ubi\d+(?:\/ubi)?(?:-(minimal|micro|init))?$/.exec(ref.repository);
  if (!m) return undefined;
  const variant = m[1];
  const facts: Facts = {
    ...BASE,
    family: 'ubi',
    libc: 'glibc',
    loader: GLIBC_LOADER,
    shell: '/bin/sh',
    caCertificates: true,
    tzdata: true,
  };
  if (variant === 'minimal') facts.packageManager = 'microdnf';
  else if (variant !== 'micro') facts.packageManager = 'dnf';
  return facts;
}

function official(ref: ImageRef): Facts | undefined {
  switch (hubName(ref)) {
    case 'alpine':
      return ALPINE;
    case 'debian':
      return DEBIAN;
    case 'ubuntu':
      return UBUNTU;
    case 'busybox':
      return busybox(ref);
    case 'golang':
      return golang(ref);
    default:
      return undefined;
  }
}

/** Facts about a known base image, or undefined when kubewhy does not know it (rules then stay quiet). */
export function describeBaseImage(ref: ImageRef): BaseImage | undefined {
  if (ref.repository === 'scratch' && ref.registry === undefined) return { ...SCRATCH, uid: 0, label: 'scratch (no libc)' };
  const facts = official(ref) ?? distroless(ref) ?? chainguard(ref) ?? ubi(ref);
  if (!facts) return undefined;
  return { ...facts, uid: facts.nonRootUser ? NONROOT_UID : 0, label: `${ref.raw} (${libcLabel(facts.libc)})` };
}

export function libcLabel(libc: Libc): string {
  return libc === 'none' ? 'no libc' : libc;
}

/**
 * The Go version of an official golang image tag, or undefined for floating tags
 * (`golang:alpine`, `golang:latest`), which are always a current release.
 */
export function golangImageVersion(ref: ImageRef): string | undefined {
  return ref.tag ? goVersionFromImageTag(ref.tag) : undefined;
}
