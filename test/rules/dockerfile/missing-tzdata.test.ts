import rule from '../../../src/rules/dockerfile/missing-tzdata.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const GOMOD = 'module example.com/clock\n\ngo 1.23\n';
const mainGo = (body: string) => `package main\n\nimport (\n\t"fmt"\n\t"time"\n)\n\nfunc main() {\n${body}\n}\n`;
const SCRATCH = 'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app ./cmd/app\nFROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n';
const BUILD = 'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app ./cmd/app\n';

ruleTester(rule, {
  valid: [
    { name: 'zoneinfo copied from the builder', files: { Dockerfile: `${BUILD}FROM scratch\nCOPY --from=build /usr/share/zoneinfo /usr/share/zoneinfo\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n` } },
    { name: 'built with -tags timetzdata', files: { Dockerfile: 'FROM golang:1.23 AS build\nCOPY . .\nRUN CGO_ENABLED=0 go build -tags=netgo,timetzdata -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n' } },
    { name: 'GOFLAGS carries the tag', files: { Dockerfile: 'FROM golang:1.23 AS build\nENV GOFLAGS="-tags=timetzdata -trimpath"\nCOPY . .\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n' } },
    { name: 'alpine with apk add tzdata', files: { Dockerfile: `${BUILD}FROM alpine:3.20\nRUN apk add --no-cache ca-certificates tzdata\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n` } },
    { name: 'distroless has zoneinfo', files: { Dockerfile: `${BUILD}FROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\n` } },
    {
      name: 'the Go code in the workspace names no time zone',
      files: { 'go.mod': GOMOD, 'cmd/app/main.go': mainGo('\tfmt.Println(time.Now().UTC())'), Dockerfile: SCRATCH },
    },
    {
      name: 'the Go code embeds time/tzdata',
      files: {
        'go.mod': GOMOD,
        'cmd/app/main.go': mainGo('\tloc, _ := time.LoadLocation("Europe/Berlin")\n\tfmt.Println(time.Now().In(loc))').replace('"time"\n', '"time"\n\t_ "time/tzdata"\n'),
        Dockerfile: SCRATCH,
      },
    },
    { name: 'debian has tzdata', files: { Dockerfile: `${BUILD}FROM debian:bookworm-slim\nCOPY --from=build /out/app /app\n` } },
  ],
  invalid: [
    {
      name: 'the Go code calls time.LoadLocation',
      files: { 'go.mod': GOMOD, 'cmd/app/main.go': mainGo('\tloc, _ := time.LoadLocation("Europe/Berlin")\n\tfmt.Println(time.Now().In(loc))'), Dockerfile: SCRATCH },
      findings: [{ file: 'Dockerfile', line: 5, column: 6, message: /^scratch has no \/usr\/share\/zoneinfo/, evidence: [{ file: 'cmd/app/main.go', line: 9 }, { file: 'Dockerfile', line: 4 }] }],
    },
    {
      name: 'scratch with the binary and certs only',
      files: { Dockerfile: `${BUILD}FROM scratch\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n` },
      findings: [{ file: 'Dockerfile', line: 5, column: 6, message: 'scratch has no /usr/share/zoneinfo and the build does not embed time/tzdata: time.LoadLocation fails with "unknown time zone"' }],
    },
    {
      name: 'alpine runtime',
      files: { Dockerfile: `${BUILD}FROM alpine:3.20\nRUN apk add --no-cache ca-certificates\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n` },
      findings: [{ file: 'Dockerfile', line: 5, column: 6, message: /^alpine:3\.20 has no \/usr\/share\/zoneinfo/ }],
    },
  ],
});
