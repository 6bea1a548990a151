import rule from '../../../src/rules/dockerfile/missing-dockerignore.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const GOMOD = 'module example.com/shop\n\ngo 1.23\n';
const MULTI =
  'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\n' +
  'RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app\n\nFROM gcr.io/distroless/static-debian12:nonroot\n' +
  'COPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n';

ruleTester(rule, {
  valid: [
    { name: 'a .dockerignore beside the Dockerfile', files: { 'go.mod': GOMOD, Dockerfile: MULTI, '.dockerignore': '.git\n' } },
    { name: 'a per-Dockerfile ignore file', files: { 'go.mod': GOMOD, Dockerfile: MULTI, 'Dockerfile.dockerignore': '.git\n' } },
    {
      name: 'only named paths are copied',
      files: { Dockerfile: 'FROM golang:1.23 AS build\nCOPY go.mod go.sum ./\nCOPY cmd ./cmd\nCOPY internal ./internal\nRUN go build -o /app ./cmd/app\n' },
    },
    {
      name: 'Dockerfile below the module root: the context (and its ignore file) is the root',
      files: { 'go.mod': GOMOD, 'deploy/Dockerfile': MULTI },
    },
    { name: 'COPY --from=build . . is not the context', files: { Dockerfile: 'FROM alpine:3.20 AS a\nRUN mkdir /x\nFROM scratch\nCOPY --from=a . .\n' } },
  ],
  invalid: [
    {
      name: 'builder stage copies everything, no ignore file',
      files: { 'go.mod': GOMOD, Dockerfile: MULTI },
      findings: [{ file: 'Dockerfile', line: 5, column: 1, message: /^the whole build context is copied and there is no \.dockerignore/ }],
    },
    {
      name: 'single-stage image ships the context',
      files: { Dockerfile: 'FROM golang:1.23-alpine\nWORKDIR /app\nADD . /app\nRUN go build -o server .\nCMD ["./server"]\n' },
      findings: [{ file: 'Dockerfile', line: 3, column: 1, message: /copied into the shipped image/ }],
    },
    {
      name: 'service Dockerfile beside its own go.mod in a mono-repo',
      files: { 'svc/orders/go.mod': GOMOD, 'svc/orders/Dockerfile': MULTI, '.dockerignore': '.git\n' },
      findings: [{ file: 'svc/orders/Dockerfile', line: 5, column: 1 }],
    },
  ],
});
