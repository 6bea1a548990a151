import rule from '../../../src/rules/dockerfile/runs-as-root.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const BUILD = 'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app ./cmd/app\n';

ruleTester(rule, {
  valid: [
    { name: 'distroless :nonroot without USER', files: { Dockerfile: `${BUILD}FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n` } },
    { name: 'chainguard static without USER', files: { Dockerfile: `${BUILD}FROM cgr.dev/chainguard/static:latest\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n` } },
    { name: 'scratch with a numeric USER', files: { Dockerfile: `${BUILD}FROM scratch\nCOPY --from=build /out/app /app\nUSER 65534:65534\nENTRYPOINT ["/app"]\n` } },
    { name: 'USER root in the builder only (multi-stage)', files: { Dockerfile: `FROM golang:1.23 AS build\nUSER root\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=build /app /app\nUSER 10001\nCMD ["/app"]\n` } },
    { name: 'root for a package install, then back to non-root', files: { Dockerfile: `FROM alpine:3.20\nUSER root\nRUN apk add --no-cache ca-certificates\nUSER 10001\nCMD ["/app"]\n` } },
    { name: 'unknown base image (its USER is unknowable here)', files: { Dockerfile: `${BUILD}FROM registry.acme.internal/base/runtime:2.4\nCOPY --from=build /out/app /app\nCMD ["/app"]\n` } },
    { name: 'named non-root user (user-not-numeric covers it)', files: { Dockerfile: `FROM alpine:3.20\nRUN adduser -D app\nUSER app\nCMD ["/app"]\n` } },
  ],
  invalid: [
    {
      name: 'alpine runtime without USER',
      files: { Dockerfile: `${BUILD}FROM alpine:3.20\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n` },
      findings: [{ file: 'Dockerfile', line: 5, column: 6, message: 'final stage sets no USER and alpine:3.20 runs as root: runAsNonRoot pods will not start' }],
    },
    {
      name: 'scratch without USER',
      files: { Dockerfile: `${BUILD}FROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n` },
      findings: [{ file: 'Dockerfile', line: 5, column: 6, message: /scratch runs as root/ }],
    },
    {
      name: 'distroless default tag without USER',
      files: { Dockerfile: `${BUILD}FROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n` },
      findings: [{ file: 'Dockerfile', line: 5, column: 6 }],
    },
    {
      name: 'explicit USER 0 on a nonroot base',
      files: { Dockerfile: `${BUILD}FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\nUSER 0\nENTRYPOINT ["/app"]\n` },
      findings: [{ file: 'Dockerfile', line: 7, column: 1, message: 'final image switches to USER 0: it runs as root, and runAsNonRoot pods will not start' }],
    },
    {
      name: 'final stage built FROM a debian stage, no USER anywhere',
      files: { Dockerfile: `FROM debian:bookworm-slim AS runtime\nRUN apt-get update\n${BUILD}FROM runtime\nCOPY --from=build /out/app /app\nCMD ["/app"]\n` },
      findings: [{ file: 'Dockerfile', line: 7, column: 6, evidence: [{ file: 'Dockerfile', line: 1 }] }],
    },
  ],
});
