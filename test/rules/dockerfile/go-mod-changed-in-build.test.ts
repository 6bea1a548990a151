import rule from '../../../src/rules/dockerfile/go-mod-changed-in-build.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    { name: 'download then build', files: { Dockerfile: 'FROM golang:1.23\nCOPY go.mod go.sum ./\nRUN go mod download && go mod verify\nCOPY . .\nRUN go build -mod=readonly -o /app .\n' } },
    { name: 'tidy check only', files: { Dockerfile: 'FROM golang:1.23\nCOPY . .\nRUN go mod tidy -diff\n' } },
    { name: 'vendored build', files: { Dockerfile: 'FROM golang:1.23\nENV GOFLAGS=-mod=vendor\nCOPY . .\nRUN go build -o /app .\n' } },
    { name: 'tool install at a version', files: { Dockerfile: 'FROM golang:1.23\nRUN go install github.com/go-delve/delve/cmd/dlv@v1.23.1\n' } },
  ],
  invalid: [
    {
      name: 'go mod tidy before the build',
      files: { Dockerfile: 'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN go mod tidy && go build -o /app ./cmd/app\n' },
      findings: [{ file: 'Dockerfile', line: 4, column: 1, message: '`go mod tidy` rewrites go.mod/go.sum during the build' }],
    },
    {
      name: 'go get of a dependency',
      files: { Dockerfile: 'FROM golang:1.23\nCOPY . .\nRUN go get github.com/lib/pq@latest\nRUN go build -o /app .\n' },
      findings: [{ file: 'Dockerfile', line: 3, column: 1, message: '`go get` changes go.mod during the build' }],
    },
    {
      name: '-mod=mod through GOFLAGS',
      files: { Dockerfile: 'FROM golang:1.23\nENV GOFLAGS="-mod=mod"\nCOPY . .\nRUN go build -o /app .\n' },
      findings: [{ file: 'Dockerfile', line: 4, column: 1, message: '`go build` with -mod=mod may update go.mod/go.sum during the build' }],
    },
  ],
});
