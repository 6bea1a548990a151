import rule from '../../../src/rules/dockerfile/goarch-hardcoded.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const lines = (...l: string[]) => `${l.join('\n')}\n`;

const runtime = ['', 'FROM gcr.io/distroless/static-debian12:nonroot', 'COPY --from=build /out/api /api', 'ENTRYPOINT ["/api"]'];

ruleTester(rule, {
  valid: [
    {
      name: 'cross-compile with TARGETOS/TARGETARCH on $BUILDPLATFORM',
      files: {
        Dockerfile: lines(
          'FROM --platform=$BUILDPLATFORM golang:1.23 AS build',
          'ARG TARGETOS TARGETARCH',
          'WORKDIR /src',
          'COPY . .',
          'RUN CGO_ENABLED=0 GOOS=${TARGETOS} GOARCH=${TARGETARCH} go build -o /out/api ./cmd/api',
          ...runtime,
        ),
      },
    },
    {
      name: 'ENV GOARCH from TARGETARCH',
      files: {
        Dockerfile: lines('FROM --platform=$BUILDPLATFORM golang:1.23 AS build', 'ARG TARGETARCH', 'ENV GOARCH=$TARGETARCH CGO_ENABLED=0', 'COPY . .', 'RUN go build -o /out/api ./cmd/api', ...runtime),
      },
    },
    {
      name: 'GOARCH computed from TARGETPLATFORM in shell',
      files: {
        Dockerfile: lines(
          'FROM --platform=$BUILDPLATFORM golang:1.23 AS build',
          'ARG TARGETPLATFORM',
          'COPY . .',
          'RUN GOARCH=$(echo $TARGETPLATFORM | cut -d/ -f2) go build -o /out/api ./cmd/api',
          ...runtime,
        ),
      },
    },
    {
      name: 'tonistiigi/xx cross-compilation helper',
      files: {
        Dockerfile: lines(
          'FROM --platform=$BUILDPLATFORM tonistiigi/xx:1.5.0 AS xx',
          'FROM --platform=$BUILDPLATFORM golang:1.23-alpine AS build',
          'COPY --from=xx / /',
          'COPY . .',
          'RUN CGO_ENABLED=0 xx-go build -o /out/api ./cmd/api && xx-verify /out/api',
          ...runtime,
        ),
      },
    },
    { name: 'native build without GOARCH or --platform', files: { Dockerfile: lines('FROM golang:1.23 AS build', 'COPY . .', 'RUN CGO_ENABLED=0 go build -o /out/api ./cmd/api', ...runtime) } },
    {
      name: 'release stage building a GOOS/GOARCH matrix',
      files: {
        Dockerfile: lines(
          'FROM golang:1.23 AS release',
          'COPY . .',
          'RUN GOOS=linux GOARCH=amd64 go build -o dist/api-linux-amd64 ./cmd/api && \\',
          '    GOOS=linux GOARCH=arm64 go build -o dist/api-linux-arm64 ./cmd/api',
        ),
      },
    },
    { name: 'runtime stage on $TARGETPLATFORM', files: { Dockerfile: lines('FROM golang:1.23 AS build', 'COPY . .', 'RUN go build -o /out/api .', 'FROM --platform=$TARGETPLATFORM alpine:3.20', 'COPY --from=build /out/api /api') } },
    {
      name: '$BUILDPLATFORM stage that only installs a build-time tool',
      files: {
        Dockerfile: lines('FROM --platform=$BUILDPLATFORM golang:1.23 AS gen', 'RUN go install github.com/swaggo/swag/cmd/swag@v1.16.3', 'COPY . .', 'RUN swag init -g cmd/api/main.go'),
      },
    },
    { name: '$BUILDPLATFORM stage that builds with make', files: { Dockerfile: lines('FROM --platform=$BUILDPLATFORM golang:1.23 AS build', 'ARG TARGETARCH', 'COPY . .', 'RUN make build ARCH=$TARGETARCH') } },
  ],
  invalid: [
    {
      name: 'GOARCH=amd64 on the go build',
      files: { Dockerfile: lines('FROM golang:1.23 AS build', 'WORKDIR /src', 'COPY . .', 'RUN CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -o /out/api ./cmd/api', ...runtime) },
      findings: [
        {
          file: 'Dockerfile',
          line: 4,
          column: 1,
          message: 'GOARCH is hard-coded to amd64: the binary is amd64 whatever platform the image is built for, and on arm64 nodes the container fails with "exec format error"',
          evidence: [{ file: 'Dockerfile', line: 1 }],
        },
      ],
    },
    {
      name: 'ENV GOARCH=arm64 in a base stage the build stage derives from',
      files: { Dockerfile: lines('FROM golang:1.23 AS base', 'ENV GOOS=linux GOARCH=arm64', 'FROM base AS build', 'COPY . .', 'RUN go build -o /out/api ./cmd/api', ...runtime) },
      findings: [{ file: 'Dockerfile', line: 2, column: 1, message: /hard-coded to arm64: .* on amd64 nodes/, evidence: [{ file: 'Dockerfile', line: 3 }] }],
    },
    {
      name: 'GOARCH from an ARG default, on $BUILDPLATFORM',
      files: { Dockerfile: lines('FROM --platform=$BUILDPLATFORM golang:1.23 AS build', 'ARG ARCH=amd64', 'COPY . .', 'RUN GOARCH=$ARCH go build -o /out/api ./cmd/api', ...runtime) },
      findings: [{ file: 'Dockerfile', line: 4, column: 1, message: /GOARCH is hard-coded to amd64/ }],
    },
    {
      name: '$BUILDPLATFORM builder without GOARCH',
      files: { Dockerfile: lines('FROM --platform=$BUILDPLATFORM golang:1.23-alpine AS build', 'WORKDIR /src', 'COPY . .', 'RUN CGO_ENABLED=0 go build -o /out/api ./cmd/api', ...runtime) },
      findings: [{ file: 'Dockerfile', line: 4, column: 1, message: /runs on \$BUILDPLATFORM but go build sets no GOARCH/, evidence: [{ file: 'Dockerfile', line: 1 }] }],
    },
    {
      name: 'builder pinned to linux/amd64',
      files: { Dockerfile: lines('FROM --platform=linux/amd64 golang:1.23 AS build', 'COPY . .', 'RUN CGO_ENABLED=0 go build -o /out/api ./cmd/api', ...runtime) },
      findings: [{ file: 'Dockerfile', line: 1, column: 6, message: /pinned to --platform=linux\/amd64 and its go build sets no GOARCH/, evidence: [{ file: 'Dockerfile', line: 3 }] }],
    },
    {
      name: 'runtime stage pinned to linux/amd64',
      files: { Dockerfile: lines('FROM golang:1.23 AS build', 'COPY . .', 'RUN CGO_ENABLED=0 go build -o /out/api .', 'FROM --platform=linux/amd64 alpine:3.20', 'COPY --from=build /out/api /api') },
      findings: [{ file: 'Dockerfile', line: 4, column: 6, message: /runtime stage is pinned to --platform=linux\/amd64: the image is amd64/ }],
    },
  ],
});
