import rule from '../../../src/rules/dockerfile/go-toolchain-mismatch.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const gomod = (v: string) => `module github.com/acme/api\n\ngo ${v}\n\nrequire github.com/go-chi/chi/v5 v5.1.0\n`;
const build = (from: string) =>
  [`FROM ${from} AS build`, 'WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go mod download', 'COPY . .',
    'RUN CGO_ENABLED=0 go build -o /out/api ./cmd/api', '', 'FROM gcr.io/distroless/static-debian12:nonroot', 'COPY --from=build /out/api /api', 'ENTRYPOINT ["/api"]', ''].join('\n');

ruleTester(rule, {
  valid: [
    { name: 'builder newer than go.mod', files: { 'go.mod': gomod('1.22'), Dockerfile: build('golang:1.23-bookworm') } },
    { name: 'same patch', files: { 'go.mod': gomod('1.23.4'), Dockerfile: build('golang:1.23.4-alpine') } },
    { name: 'minor-only tag floats to the newest patch', files: { 'go.mod': gomod('1.23.4'), Dockerfile: build('golang:1.23') } },
    { name: 'not a golang builder', files: { 'go.mod': gomod('1.23'), Dockerfile: build('cgr.dev/chainguard/go:latest') } },
    { name: 'tag not a version', files: { 'go.mod': gomod('1.23'), Dockerfile: build('golang:alpine') } },
    { name: 'no go.mod near the Dockerfile', files: { 'svc/Dockerfile': build('golang:1.19'), 'other/go.mod': gomod('1.23') } },
    {
      name: 'ARG default resolves to a new enough version',
      files: { 'go.mod': gomod('1.22.1'), Dockerfile: `ARG GO_VERSION=1.22.5\n${build('golang:${GO_VERSION}')}` },
    },
    { name: 'unresolved ARG is not guessed', files: { 'go.mod': gomod('1.22'), Dockerfile: `ARG GO_VERSION\n${build('golang:${GO_VERSION}')}` } },
  ],
  invalid: [
    {
      name: 'builder older than go.mod',
      files: { 'go.mod': gomod('1.23.4'), Dockerfile: build('golang:1.21 ') },
      findings: [{ file: 'Dockerfile', line: 1, column: 6, endColumn: 17, message: 'builder image golang:1.21 has Go 1.21, but go.mod requires go 1.23.4', evidence: [{ file: 'go.mod', line: 3 }] }],
    },
    {
      name: 'patch-pinned tag one patch behind',
      files: { 'go.mod': gomod('1.22.5'), Dockerfile: build('golang:1.22.3-alpine3.20') },
      findings: [{ file: 'Dockerfile', line: 1, column: 6, message: /has Go 1\.22\.3, but go\.mod requires go 1\.22\.5/ }],
    },
    {
      name: 'platform flag and global ARG, Dockerfile in a service dir under a root module',
      files: {
        'go.mod': gomod('1.24'),
        'services/api/Dockerfile': `ARG GO_VERSION=1.22\n${build('--platform=$BUILDPLATFORM golang:${GO_VERSION}')}`,
      },
      findings: [{ file: 'services/api/Dockerfile', line: 2, column: 32, message: /golang:1\.22 has Go 1\.22, but go\.mod requires go 1\.24/, evidence: [{ file: 'go.mod', line: 3 }] }],
    },
  ],
});
