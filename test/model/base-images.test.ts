import { describe, expect, it } from 'vitest';
import { parseImageRef } from '../../src/load/image-ref.js';
import { describeBaseImage, golangImageVersion } from '../../src/model/base-images.js';

const facts = (raw: string) => describeBaseImage(parseImageRef(raw));

describe('describeBaseImage', () => {
  it.each([
    ['scratch', 'scratch', 'none'],
    ['alpine:3.20', 'alpine', 'musl'],
    ['docker.io/library/alpine:3.20', 'alpine', 'musl'],
    ['mirror.gcr.io/library/alpine:3.20', 'alpine', 'musl'],
    ['public.ecr.aws/docker/library/alpine:3.20', 'alpine', 'musl'],
    ['debian:bookworm-slim', 'debian', 'glibc'],
    ['ubuntu:24.04', 'ubuntu', 'glibc'],
    ['busybox', 'busybox', 'glibc'],
    ['busybox:1.36-musl', 'busybox', 'none'],
    ['busybox:uclibc', 'busybox', 'none'],
    ['gcr.io/distroless/static-debian12:nonroot', 'distroless-static', 'none'],
    ['gcr.io/distroless/static', 'distroless-static', 'none'],
    ['gcr.io/distroless/base-debian12', 'distroless-base', 'glibc'],
    ['gcr.io/distroless/base-nossl-debian12', 'distroless-base', 'glibc'],
    ['gcr.io/distroless/cc-debian12:debug', 'distroless-cc', 'glibc'],
    ['cgr.dev/chainguard/static:latest', 'chainguard-static', 'none'],
    ['cgr.dev/chainguard/glibc-dynamic:latest-dev', 'chainguard-glibc-dynamic', 'glibc'],
    ['cgr.dev/chainguard/wolfi-base', 'wolfi-base', 'glibc'],
    ['registry.access.redhat.com/ubi9/ubi-minimal:9.4', 'ubi', 'glibc'],
    ['registry.access.redhat.com/ubi8/ubi', 'ubi', 'glibc'],
    ['redhat/ubi9-minimal', 'ubi', 'glibc'],
    ['golang:1.23', 'golang', 'glibc'],
    ['golang:1.23-bookworm', 'golang', 'glibc'],
    ['golang:1.23-alpine3.20', 'golang', 'musl'],
  ])('%s is %s with libc %s', (raw, family, libc) => {
    expect(facts(raw)).toMatchObject({ family, libc });
  });

  it('returns undefined for images it does not know', () => {
    for (const raw of ['node:20', 'registry.corp.example.com/base/runtime:1', 'golang:1.23-windowsservercore-ltsc2022', 'scratch.example.com/scratch', 'gcr.io/distroless/java21']) {
      expect(facts(raw), raw).toBeUndefined();
    }
  });

  it('knows the loader each libc needs', () => {
    expect(facts('debian:12')?.loader).toBe('/lib64/ld-linux-x86-64.so.2');
    expect(facts('alpine:3.20')?.loader).toBe('/lib/ld-musl-x86_64.so.1');
    expect(facts('scratch')?.loader).toBeUndefined();
    expect(facts('gcr.io/distroless/static-debian12')?.loader).toBeUndefined();
  });

  it('reads users from the tag', () => {
    expect(facts('gcr.io/distroless/static-debian12')?.nonRootUser).toBe(false);
    expect(facts('gcr.io/distroless/static-debian12:nonroot')?.nonRootUser).toBe(true);
    expect(facts('gcr.io/distroless/base-debian12:debug-nonroot')?.nonRootUser).toBe(true);
    expect(facts('cgr.dev/chainguard/static')?.nonRootUser).toBe(true);
    expect(facts('alpine:3.20')?.nonRootUser).toBe(false);
    expect(facts('scratch')?.nonRootUser).toBe(false);
    expect(facts('gcr.io/distroless/static-debian12:nonroot')?.uid).toBe(65532);
    expect(facts('debian:12')?.uid).toBe(0);
  });

  it('knows which images have a shell, and where', () => {
    expect(facts('alpine:3.20')?.shell).toBe('/bin/sh');
    expect(facts('busybox:musl')?.shell).toBe('/bin/sh');
    expect(facts('scratch')?.shell).toBeUndefined();
    expect(facts('gcr.io/distroless/static-debian12')?.shell).toBeUndefined();
    expect(facts('gcr.io/distroless/static-debian12:debug')?.shell).toBe('/busybox/sh');
    expect(facts('cgr.dev/chainguard/static')?.shell).toBeUndefined();
    expect(facts('cgr.dev/chainguard/glibc-dynamic:latest-dev')?.shell).toBe('/bin/sh');
  });

  it('knows ca-certificates and tzdata', () => {
    expect(facts('scratch')).toMatchObject({ caCertificates: false, tzdata: false });
    expect(facts('alpine:3.20')).toMatchObject({ caCertificates: true, tzdata: false });
    expect(facts('debian:bookworm-slim')).toMatchObject({ caCertificates: false, tzdata: true });
    expect(facts('ubuntu:24.04')).toMatchObject({ caCertificates: false, tzdata: false });
    expect(facts('gcr.io/distroless/static-debian12')).toMatchObject({ caCertificates: true, tzdata: true });
    expect(facts('cgr.dev/chainguard/static')).toMatchObject({ caCertificates: true, tzdata: true });
    expect(facts('golang:1.23-alpine')).toMatchObject({ caCertificates: true, tzdata: false });
  });

  it('knows package managers, compilers and toolchains', () => {
    expect(facts('alpine:3.20')?.packageManager).toBe('apk');
    expect(facts('debian:12')?.packageManager).toBe('apt');
    expect(facts('registry.access.redhat.com/ubi9/ubi-minimal')?.packageManager).toBe('microdnf');
    expect(facts('registry.access.redhat.com/ubi9/ubi-micro')?.packageManager).toBeUndefined();
    expect(facts('gcr.io/distroless/static-debian12')?.packageManager).toBeUndefined();
    expect(facts('golang:1.23')).toMatchObject({ goToolchain: true, cCompiler: true });
    expect(facts('golang:1.23-alpine')).toMatchObject({ goToolchain: true, cCompiler: false });
    expect(facts('alpine:3.20')).toMatchObject({ goToolchain: false, cCompiler: false });
  });

  it('labels the image with its libc for messages', () => {
    expect(facts('alpine:3.20')?.label).toBe('alpine:3.20 (musl)');
    expect(facts('scratch')?.label).toBe('scratch (no libc)');
    expect(facts('gcr.io/distroless/static-debian12')?.label).toBe('gcr.io/distroless/static-debian12 (no libc)');
  });
});

describe('golangImageVersion', () => {
  it('reads versioned tags and leaves floating ones undefined', () => {
    expect(golangImageVersion(parseImageRef('golang:1.19-alpine'))).toBe('1.19');
    expect(golangImageVersion(parseImageRef('golang:1.23.4-bookworm'))).toBe('1.23.4');
    expect(golangImageVersion(parseImageRef('golang:alpine'))).toBeUndefined();
    expect(golangImageVersion(parseImageRef('golang'))).toBeUndefined();
  });
});
