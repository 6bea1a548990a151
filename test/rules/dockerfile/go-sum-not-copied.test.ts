import rule from '../../../src/rules/dockerfile/go-sum-not-copied.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const lines = (...l: string[]) => `${l.join('\n')}\n`;

const gomod = lines('module github.com/acme/orders', '', 'go 1.23', '', 'require github.com/go-chi/chi/v5 v5.1.0');
const gosum = lines(
  'github.com/go-chi/chi/v5 v5.1.0 h1:acVI1TYaD+hhedDJ3r54HyA6sExp3HfXq7QWEEY/xMw=',
  'github.com/go-chi/chi/v5 v5.1.0/go.mod h1:DslCQbL2OYiznFReuXYUmQ2hGd1aDpCnlMNITLSKoi8=',
);
const mod = { 'go.mod': gomod, 'go.sum': gosum };

const build = (...copy: string[]) =>
  lines('FROM golang:1.23 AS build', 'WORKDIR /src', ...copy, 'RUN CGO_ENABLED=0 go build -o /out/api ./cmd/api', '', 'FROM scratch', 'COPY --from=build /out/api /api');

ruleTester(rule, {
  valid: [
    { name: 'go.mod and go.sum copied together', files: { ...mod, Dockerfile: build('COPY go.mod go.sum ./', 'RUN go mod download', 'COPY cmd/ cmd/', 'COPY internal/ internal/') } },
    { name: 'glob go.* matches both', files: { ...mod, Dockerfile: build('COPY go.* ./', 'RUN go mod download', 'COPY . .') } },
    { name: 'go.mod first, whole context later (go.sum arrives before the build)', files: { ...mod, Dockerfile: build('COPY go.mod ./', 'RUN go mod download', 'COPY . .') } },
    { name: 'go mod tidy writes go.sum', files: { ...mod, Dockerfile: build('COPY go.mod ./', 'RUN go mod tidy', 'COPY cmd/ cmd/') } },
    { name: '-mod=mod may update go.sum', files: { ...mod, Dockerfile: build('COPY go.mod ./', 'COPY cmd/ cmd/').replace('go build', 'go build -mod=mod') } },
    { name: 'GOFLAGS=-mod=vendor', files: { ...mod, Dockerfile: build('ENV GOFLAGS=-mod=vendor', 'COPY go.mod ./', 'COPY vendor/ vendor/', 'COPY cmd/ cmd/') } },
    { name: 'no requires: nothing to hash', files: { 'go.mod': 'module github.com/acme/tiny\n\ngo 1.23\n', 'go.sum': '', Dockerfile: build('COPY go.mod ./', 'COPY main.go ./') } },
    { name: 'no go.sum in the repository', files: { 'go.mod': gomod, Dockerfile: build('COPY go.mod ./', 'COPY cmd/ cmd/') } },
    {
      name: 'go.sum copied in the parent stage',
      files: {
        ...mod,
        Dockerfile: lines('FROM golang:1.23 AS deps', 'WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go mod download', 'FROM deps AS build', 'COPY cmd/ cmd/', 'RUN go build -o /out/api ./cmd/api'),
      },
    },
  ],
  invalid: [
    {
      name: 'only go.mod copied, then selective source copies',
      files: { ...mod, Dockerfile: build('COPY go.mod ./', 'RUN go mod download', 'COPY cmd/ cmd/', 'COPY internal/ internal/') },
      findings: [
        {
          file: 'Dockerfile',
          line: 3,
          column: 1,
          message: 'go.mod is copied without go.sum, so `go build` in this stage fails with "missing go.sum entry for module providing package …"',
          evidence: [{ file: 'Dockerfile', line: 7 }, { file: 'go.sum', line: 1 }],
        },
      ],
    },
    {
      name: '.dockerignore drops go.sum from COPY . .',
      files: { ...mod, '.dockerignore': lines('.git', 'bin/', 'go.sum'), Dockerfile: build('COPY go.mod ./', 'RUN go mod download', 'COPY . .') },
      findings: [{ file: 'Dockerfile', line: 3, column: 1, message: /\(\.dockerignore excludes go\.sum\)$/ }],
    },
    {
      name: 'go test in a test stage of a service in a mono-repo',
      files: {
        'go.mod': gomod,
        'go.sum': gosum,
        'services/api/Dockerfile': lines('FROM golang:1.23 AS test', 'WORKDIR /src', 'COPY go.mod ./', 'COPY services/ services/', 'RUN go test ./...'),
      },
      findings: [{ file: 'services/api/Dockerfile', line: 3, column: 1, message: /`go test` in this stage fails/, evidence: [{ file: 'services/api/Dockerfile', line: 5 }, { file: 'go.sum', line: 1 }] }],
    },
  ],
});
