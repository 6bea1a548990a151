import rule from '../../../src/rules/dockerfile/cgo-libc-mismatch.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const lines = (...l: string[]) => `${l.join('\n')}\n`;

/** The classic: Debian golang builder (gcc present), default cgo, tiny runtime. */
const classic = (runtime: string, build = 'RUN go build -o /out/api ./cmd/api') =>
  lines(
    'FROM golang:1.23 AS build',
    'WORKDIR /src',
    'COPY go.mod go.sum ./',
    'RUN go mod download',
    'COPY . .',
    build,
    '',
    `FROM ${runtime}`,
    'COPY --from=build /out/api /api',
    'ENTRYPOINT ["/api"]',
  );

ruleTester(rule, {
  valid: [
    { name: 'CGO_ENABLED=0 as a RUN prefix', files: { Dockerfile: classic('alpine:3.20', 'RUN CGO_ENABLED=0 go build -o /out/api ./cmd/api') } },
    {
      name: 'ENV CGO_ENABLED=0 in the builder',
      files: { Dockerfile: classic('gcr.io/distroless/static-debian12:nonroot').replace('WORKDIR /src', 'ENV CGO_ENABLED=0\nWORKDIR /src') },
    },
    {
      name: 'ARG CGO_ENABLED=0 default',
      files: { Dockerfile: classic('scratch').replace('WORKDIR /src', 'ARG CGO_ENABLED=0\nWORKDIR /src') },
    },
    {
      name: 'export in the same RUN',
      files: { Dockerfile: classic('scratch', 'RUN export CGO_ENABLED=0 && go build -o /out/api ./cmd/api') },
    },
    {
      name: 'go env -w in an earlier RUN',
      files: { Dockerfile: classic('scratch').replace('RUN go mod download', 'RUN go env -w CGO_ENABLED=0 && go mod download') },
    },
    {
      name: 'cgo on but statically linked with -extldflags -static',
      files: { Dockerfile: classic('scratch', `RUN go build -ldflags "-s -w -linkmode external -extldflags '-static'" -o /out/api ./cmd/api`) },
    },
    {
      name: 'cgo on but netgo,osusergo tags',
      files: { Dockerfile: classic('gcr.io/distroless/static-debian12', 'RUN go build -tags netgo,osusergo -o /out/api ./cmd/api') },
    },
    { name: 'cgo on with a glibc runtime (distroless/base)', files: { Dockerfile: classic('gcr.io/distroless/base-debian12:nonroot') } },
    { name: 'cgo on with a debian-slim runtime', files: { Dockerfile: classic('debian:bookworm-slim') } },
    {
      name: 'alpine runtime with gcompat installed',
      files: { Dockerfile: classic('alpine:3.20').replace('COPY --from=build', 'RUN apk add --no-cache gcompat ca-certificates\nCOPY --from=build') },
    },
    {
      name: 'Alpine builder without a C compiler: cgo is off (Go >= 1.20)',
      files: { Dockerfile: classic('scratch').replace('golang:1.23', 'golang:1.23-alpine') },
    },
    {
      name: 'Alpine builder + Alpine runtime with cgo (musl on musl)',
      files: { Dockerfile: classic('alpine:3.20').replace('golang:1.23', 'golang:1.23-alpine').replace('WORKDIR /src', 'RUN apk add --no-cache build-base\nWORKDIR /src') },
    },
    {
      name: 'the copied file is not the cgo binary',
      files: {
        Dockerfile: lines(
          'FROM golang:1.23 AS build',
          'WORKDIR /src',
          'COPY . .',
          'RUN go build -o /out/tool ./cmd/tool && CGO_ENABLED=0 go build -o /out/api ./cmd/api',
          'FROM scratch',
          'COPY --from=build /out/api /api',
          'ENTRYPOINT ["/api"]',
        ),
      },
    },
    {
      name: 'loader copied by hand into scratch',
      files: { Dockerfile: classic('scratch').replace('COPY --from=build /out/api /api', 'COPY --from=build /lib/x86_64-linux-gnu /lib/x86_64-linux-gnu\nCOPY --from=build /lib64 /lib64\nCOPY --from=build /out/api /api') },
    },
    {
      name: 'cross-compiling with TARGETARCH: cgo default unknown',
      files: {
        Dockerfile: lines(
          'FROM --platform=$BUILDPLATFORM golang:1.23 AS build',
          'ARG TARGETOS TARGETARCH',
          'WORKDIR /src',
          'COPY . .',
          'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/api ./cmd/api',
          'FROM scratch',
          'COPY --from=build /out/api /api',
        ),
      },
    },
    { name: 'unknown builder image', files: { Dockerfile: classic('scratch').replace('golang:1.23', 'registry.corp.example.com/ci/go-builder:2024') } },
    { name: 'ARG CGO_ENABLED without default (set by CI)', files: { Dockerfile: classic('alpine:3.20').replace('WORKDIR /src', 'ARG CGO_ENABLED\nWORKDIR /src') } },
  ],
  invalid: [
    {
      name: 'Debian golang builder, default cgo, alpine runtime',
      files: { Dockerfile: classic('alpine:3.20') },
      findings: [
        {
          file: 'Dockerfile',
          line: 8,
          column: 6,
          endColumn: 17,
          message:
            '/api is dynamically linked against glibc (cgo on in golang:1.23) but alpine:3.20 has musl, not glibc: ' +
            'the container fails with "exec /api: no such file or directory"',
          evidence: [
            { file: 'Dockerfile', line: 6 },
            { file: 'Dockerfile', line: 1 },
            { file: 'Dockerfile', line: 9 },
          ],
        },
      ],
    },
    {
      name: 'bookworm builder, distroless/static runtime, output dir copied',
      files: {
        Dockerfile: lines(
          'ARG GO_VERSION=1.22',
          'FROM golang:${GO_VERSION}-bookworm AS builder',
          'WORKDIR /app',
          'COPY . .',
          'RUN go build -trimpath -o bin/ ./cmd/...',
          '',
          'FROM gcr.io/distroless/static-debian12:nonroot',
          'COPY --from=builder /app/bin/ /usr/local/bin/',
          'ENTRYPOINT ["/usr/local/bin/api"]',
        ),
      },
      findings: [{ file: 'Dockerfile', line: 7, column: 6, message: /against glibc \(cgo on in golang:1\.22-bookworm\) but gcr\.io\/distroless\/static-debian12:nonroot has no libc at all/ }],
    },
    {
      name: 'explicit CGO_ENABLED=1 for sqlite, scratch runtime',
      files: {
        Dockerfile: lines(
          'FROM golang:1.23-bullseye AS build',
          'ENV CGO_ENABLED=1',
          'WORKDIR /src',
          'COPY . .',
          'RUN go build -o /app .',
          'FROM scratch',
          'COPY --from=build /app /app',
          'CMD ["/app"]',
        ),
      },
      findings: [
        {
          file: 'Dockerfile',
          line: 6,
          column: 6,
          message: /\/app is dynamically linked against glibc .* but scratch has no libc at all/,
          evidence: [{ file: 'Dockerfile', line: 5 }, { file: 'Dockerfile', line: 2 }, { file: 'Dockerfile', line: 7 }],
        },
      ],
    },
    {
      name: 'Alpine builder with build-base (musl cgo) on a Debian runtime',
      files: {
        Dockerfile: lines(
          'FROM golang:1.23-alpine AS build',
          'RUN apk add --no-cache build-base',
          'WORKDIR /src',
          'COPY . .',
          'RUN go build -o /out/api ./cmd/api',
          'FROM debian:bookworm-slim',
          'COPY --from=build /out/api /usr/local/bin/api',
        ),
      },
      findings: [{ file: 'Dockerfile', line: 6, column: 6, message: /against musl .* debian:bookworm-slim has glibc, not musl/, evidence: [{ file: 'Dockerfile', line: 5 }, { file: 'Dockerfile', line: 2 }, { file: 'Dockerfile', line: 7 }] }],
    },
    {
      name: 'CGO_ENABLED=0 but -buildmode=pie on scratch',
      files: { Dockerfile: classic('scratch', 'RUN CGO_ENABLED=0 go build -buildmode=pie -o /out/api ./cmd/api') },
      findings: [{ file: 'Dockerfile', line: 8, column: 6, message: /\(-buildmode=pie in golang:1\.23\) but scratch has no libc/, evidence: [{ file: 'Dockerfile', line: 6 }, { file: 'Dockerfile', line: 9 }] }],
    },
    {
      name: 'final stage derives from a runtime base stage',
      files: {
        Dockerfile: lines(
          'FROM alpine:3.20 AS runtime-base',
          'RUN apk add --no-cache ca-certificates tzdata',
          'FROM golang:1.23 AS build',
          'WORKDIR /src',
          'COPY . .',
          'RUN go build -o /out/api ./cmd/api',
          'FROM runtime-base',
          'COPY --from=build /out/api /api',
        ),
      },
      findings: [{ file: 'Dockerfile', line: 1, column: 6, evidence: [{ file: 'Dockerfile', line: 6 }, { file: 'Dockerfile', line: 3 }, { file: 'Dockerfile', line: 8 }] }],
    },
  ],
});
