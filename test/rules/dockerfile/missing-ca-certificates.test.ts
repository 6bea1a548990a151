import rule from '../../../src/rules/dockerfile/missing-ca-certificates.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const BUILD = 'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app ./cmd/app\n';
const SCRATCH = `${BUILD}FROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n`;
const GOMOD = 'module example.com/app\n\ngo 1.23\n';
const withGo = (main: string) => ({ Dockerfile: SCRATCH, 'go.mod': GOMOD, 'cmd/app/main.go': main });
const HTTPS = 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.Get("https://api.example.com/v1/ping")\n}\n';

ruleTester(rule, {
  valid: [
    { name: 'scratch with the bundle copied from the builder', files: { Dockerfile: `${BUILD}FROM scratch\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n` } },
    { name: 'scratch with the whole cert dir', files: { Dockerfile: `${BUILD}FROM scratch\nCOPY --from=build /etc/ssl/certs /etc/ssl/certs\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n` } },
    { name: 'distroless ships certs', files: { Dockerfile: `${BUILD}FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n` } },
    { name: 'alpine ships the bundle', files: { Dockerfile: `${BUILD}FROM alpine:3.20\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n` } },
    {
      name: 'debian-slim installs ca-certificates',
      files: { Dockerfile: `${BUILD}FROM debian:bookworm-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends ca-certificates tzdata \\\n && rm -rf /var/lib/apt/lists/*\nCOPY --from=build /out/app /app\nCMD ["/app"]\n` },
    },
    { name: 'SSL_CERT_FILE points at a bundle copied elsewhere', files: { Dockerfile: `${BUILD}FROM scratch\nCOPY --from=build /out/ /\nENV SSL_CERT_FILE=/roots.pem\nENTRYPOINT ["/app"]\n` } },
    { name: 'builder stage on scratch is not shipped', files: { Dockerfile: `FROM scratch AS assets\nCOPY static /static\n${BUILD}FROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\n` } },
    { name: 'Go code in the workspace makes no TLS call', files: withGo('package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n') },
    { name: 'Go code embeds the roots (x509roots/fallback)', files: withGo(HTTPS.replace('import "net/http"', 'import (\n\t"net/http"\n\n\t_ "golang.org/x/crypto/x509roots/fallback"\n)')) },
  ],
  invalid: [
    {
      name: 'Go code in the workspace calls an https URL: evidence points at it',
      files: withGo(HTTPS),
      findings: [{ file: 'Dockerfile', line: 5, column: 6, message: /^scratch has no CA certificates/, evidence: [{ file: 'cmd/app/main.go', line: 6 }, { file: 'Dockerfile', line: 4 }] }],
    },
    {
      name: 'scratch with only the binary',
      files: { Dockerfile: `${BUILD}FROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n` },
      findings: [{ file: 'Dockerfile', line: 5, column: 6, message: 'scratch has no CA certificates and the Dockerfile adds none: outgoing HTTPS calls will fail with "x509: certificate signed by unknown authority"' }],
    },
    {
      name: 'debian-slim with apt-get install of other packages only',
      files: { Dockerfile: `${BUILD}FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl-minimal && rm -rf /var/lib/apt/lists/*\nCOPY --from=build /out/app /app\nCMD ["/app"]\n` },
      findings: [{ file: 'Dockerfile', line: 5, column: 6, message: /^debian:bookworm-slim has no CA certificates/ }],
    },
  ],
});
