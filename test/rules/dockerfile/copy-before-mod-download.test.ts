import rule from '../../../src/rules/dockerfile/copy-before-mod-download.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'go.mod first, then download, then the rest',
      files: { Dockerfile: 'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app .\n' },
    },
    {
      name: 'download uses a module cache mount',
      files: { Dockerfile: 'FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nRUN go build -o /app .\n' },
    },
    {
      name: 'build with a module cache mount and no download step',
      files: { Dockerfile: 'FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    --mount=type=cache,target=/root/.cache/go-build \\\n    go build -o /app .\n' },
    },
    { name: 'COPY --from a stage is not the build context', files: { Dockerfile: 'FROM golang:1.23 AS b\nRUN echo\nFROM b\nCOPY --from=b . .\nRUN go mod download\n' } },
    { name: 'not a Go build', files: { Dockerfile: 'FROM node:20\nCOPY . .\nRUN npm ci\n' } },
  ],
  invalid: [
    {
      name: 'COPY . . before go mod download',
      files: { Dockerfile: 'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN go mod download\nRUN go build -o /app ./cmd/app\n' },
      findings: [{ file: 'Dockerfile', line: 3, column: 1, message: '`COPY . .` comes before `go mod download`: every source change re-downloads all modules', evidence: [{ file: 'Dockerfile', line: 4 }] }],
    },
    {
      name: 'COPY ./ /src then go build, no download step',
      files: { Dockerfile: 'FROM golang:1.23-alpine AS build\nWORKDIR /src\nCOPY ./ /src/\nRUN CGO_ENABLED=0 go build -o /app ./cmd/app\n' },
      findings: [{ file: 'Dockerfile', line: 3, column: 1, message: /then `go build` with no earlier `go mod download`/, evidence: [{ file: 'Dockerfile', line: 4 }] }],
    },
    {
      name: 'download inside a shell chain after COPY . .',
      files: { Dockerfile: 'FROM golang:1.23\nCOPY . .\nRUN apk add git && go mod download && go build -o /app .\n' },
      findings: [{ file: 'Dockerfile', line: 2, column: 1, evidence: [{ file: 'Dockerfile', line: 3 }] }],
    },
  ],
});
