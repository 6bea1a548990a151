import rule from '../../../src/rules/dockerfile/go-build-flags.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    { name: 'both flags', files: { Dockerfile: 'FROM golang:1.23 AS build\nCOPY . .\nRUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w -X main.version=1.2.3" -o /out/app ./cmd/app\n' } },
    { name: 'ldflags with a space-separated value', files: { Dockerfile: 'FROM golang:1.23\nRUN go build -trimpath -ldflags "-s -w" -o /app .\n' } },
    { name: 'trimpath from GOFLAGS, -s alone', files: { Dockerfile: 'FROM golang:1.23\nENV GOFLAGS=-trimpath\nRUN go build -ldflags=-s -o /app .\n' } },
    { name: 'type-check of every package', files: { Dockerfile: 'FROM golang:1.23\nRUN go build ./... && go vet ./...\n' } },
    { name: 'delve debug build', files: { Dockerfile: 'FROM golang:1.23\nRUN go build -gcflags="all=-N -l" -o /app .\n' } },
    { name: 'tool install at a version', files: { Dockerfile: 'FROM golang:1.23\nRUN go install github.com/go-delve/delve/cmd/dlv@v1.23.1\n' } },
    { name: 'go test is not a release binary', files: { Dockerfile: 'FROM golang:1.23\nRUN go test ./...\n' } },
  ],
  invalid: [
    {
      name: 'plain go build',
      files: { Dockerfile: 'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 GOOS=linux go build -o /out/app ./cmd/app\n' },
      findings: [{ file: 'Dockerfile', line: 4, column: 1, message: 'go build without -trimpath and -ldflags="-s -w"' }],
    },
    {
      name: 'stripped but paths kept',
      files: { Dockerfile: 'FROM golang:1.23\nRUN --mount=type=cache,target=/root/.cache/go-build \\\n    go build -ldflags="-s -w" -o /app .\n' },
      findings: [{ file: 'Dockerfile', line: 2, column: 1, message: 'go build without -trimpath' }],
    },
    {
      name: 'go install of the service',
      files: { Dockerfile: 'FROM golang:1.23\nRUN go install -trimpath ./cmd/server\n' },
      findings: [{ file: 'Dockerfile', line: 2, column: 1, message: 'go install without -ldflags="-s -w"' }],
    },
  ],
});
