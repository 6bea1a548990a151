import rule from '../../../src/rules/dockerfile/runtime-stage-golang-image.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    { name: 'multi-stage with distroless runtime', files: { Dockerfile: 'FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\n' } },
    { name: 'golang only in a builder, final alpine', files: { Dockerfile: 'FROM golang:1.23-alpine AS b\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=b /app /app\n' } },
  ],
  invalid: [
    {
      name: 'single stage golang',
      files: { Dockerfile: 'FROM golang:1.23\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/server .\nCMD ["/app/server"]\n' },
      findings: [{ file: 'Dockerfile', line: 1, column: 6, message: 'final stage runs on golang:1.23: the Go toolchain ships to production' }],
    },
    {
      name: 'final stage derived from the builder stage',
      files: { Dockerfile: 'FROM golang:1.23-alpine AS build\nRUN go build -o /app .\n\nFROM build AS final\nCMD ["/app"]\n' },
      findings: [{ file: 'Dockerfile', line: 4, column: 6, message: /builds on a stage based on golang:1\.23-alpine/, evidence: [{ file: 'Dockerfile', line: 1 }] }],
    },
    {
      name: 'Docker Hub mirror of the official image',
      files: { 'build/Dockerfile.prod': 'FROM mirror.gcr.io/library/golang:1.23\nCMD ["go","run","."]\n' },
      findings: [{ file: 'build/Dockerfile.prod', line: 1, column: 6 }],
    },
  ],
});
