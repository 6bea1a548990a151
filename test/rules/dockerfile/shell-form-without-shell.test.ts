import rule from '../../../src/rules/dockerfile/shell-form-without-shell.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const BUILD = 'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app ./cmd/app\n';

ruleTester(rule, {
  valid: [
    { name: 'exec form on distroless', files: { Dockerfile: `${BUILD}FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app", "--port", "8080"]\n` } },
    { name: 'shell form on alpine (has /bin/sh)', files: { Dockerfile: `${BUILD}FROM alpine:3.20\nCOPY --from=build /out/app /app\nCMD /app --port 8080\n` } },
    { name: 'shell form only in the builder stage', files: { Dockerfile: `FROM golang:1.23 AS build\nCMD go test ./...\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n` } },
    { name: 'exec ENTRYPOINT with a shell-form CMD: no /bin/sh exec', files: { Dockerfile: `${BUILD}FROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\nCMD --help\n` } },
    { name: 'busybox copied in for a shell', files: { Dockerfile: `${BUILD}FROM busybox:1.36-musl AS sh\nFROM scratch\nCOPY --from=sh /bin/busybox /bin/sh\nCOPY --from=build /out/app /app\nCMD /app\n` } },
    { name: 'distroless :debug has a busybox shell', files: { Dockerfile: `${BUILD}FROM gcr.io/distroless/static-debian12:debug\nCOPY --from=build /out/app /app\nSHELL ["/busybox/sh", "-c"]\nCMD /app\n` } },
    { name: 'unknown base', files: { Dockerfile: `${BUILD}FROM registry.acme.internal/runtime:1\nCOPY --from=build /out/app /app\nCMD /app\n` } },
  ],
  invalid: [
    {
      name: 'CMD ./app on scratch',
      files: { Dockerfile: `${BUILD}FROM scratch\nWORKDIR /\nCOPY --from=build /out/app /app\nCMD ./app --port 8080\n` },
      findings: [
        {
          file: 'Dockerfile',
          line: 8,
          column: 1,
          message: 'CMD ./app --port 8080 is shell form, which runs /bin/sh -c, and scratch has no /bin/sh: the container cannot start',
          evidence: [{ file: 'Dockerfile', line: 5 }],
        },
      ],
    },
    {
      name: 'shell-form ENTRYPOINT on distroless nonroot',
      files: { Dockerfile: `${BUILD}FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\nENTRYPOINT /app serve\n` },
      findings: [{ file: 'Dockerfile', line: 7, column: 1, message: /^ENTRYPOINT \/app serve is shell form/ }],
    },
    {
      name: 'CMD inherited from a runtime stage on chainguard static',
      files: { Dockerfile: `FROM cgr.dev/chainguard/static AS runtime\nCMD /app\n${BUILD}FROM runtime\nCOPY --from=build /out/app /app\n` },
      findings: [{ file: 'Dockerfile', line: 2, column: 1, evidence: [{ file: 'Dockerfile', line: 1 }] }],
    },
  ],
});
