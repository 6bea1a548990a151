import rule from '../../../src/rules/dockerfile/no-build-cache-mount.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'both caches mounted',
      files: {
        Dockerfile:
          'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\n' +
          'RUN --mount=type=cache,target=/go/pkg/mod \\\n    --mount=type=cache,target=/root/.cache/go-build \\\n    CGO_ENABLED=0 go build -o /out/app ./cmd/app\n',
      },
    },
    {
      name: 'build after a download layer only needs the build cache',
      files: {
        Dockerfile:
          'FROM golang:1.23 AS build\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod/ go mod download\nCOPY . .\n' +
          'RUN --mount=type=cache,target=/root/.cache/go-build go build -o /app .\n',
      },
    },
    {
      name: 'custom GOCACHE honoured',
      files: { Dockerfile: 'FROM golang:1.23\nENV GOCACHE=/cache/go\nCOPY . .\nRUN --mount=type=cache,target=/cache/go go build -mod=vendor -o /app .\n' },
    },
    { name: 'no Go at all', files: { Dockerfile: 'FROM alpine:3.20\nRUN apk add --no-cache ca-certificates\n' } },
    { name: 'go version is not a build', files: { Dockerfile: 'FROM golang:1.23\nRUN go version && go env\n' } },
  ],
  invalid: [
    {
      name: 'the classic two-step without mounts: one finding, the other step as evidence',
      files: {
        Dockerfile:
          'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app ./cmd/app\n' +
          'FROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\n',
      },
      findings: [
        {
          file: 'Dockerfile',
          line: 4,
          column: 1,
          message: 'Go step runs without a cache mount for /go/pkg/mod: every source change rebuilds from scratch',
          evidence: [{ file: 'Dockerfile', line: 6 }],
        },
      ],
    },
    {
      name: 'module cache mounted but not the build cache',
      files: { Dockerfile: 'FROM golang:1.23\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod go build -o /app .\n' },
      findings: [{ file: 'Dockerfile', line: 3, column: 1, message: /for \/root\/\.cache\/go-build:/ }],
    },
    {
      name: 'build with no earlier download needs both',
      files: { Dockerfile: 'FROM golang:1.23-alpine\nCOPY . .\nRUN go build -o /app ./cmd/api\n' },
      findings: [{ file: 'Dockerfile', line: 3, column: 1, message: /for \/go\/pkg\/mod and \/root\/\.cache\/go-build:/ }],
    },
  ],
});
