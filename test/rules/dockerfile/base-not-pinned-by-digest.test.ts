import rule from '../../../src/rules/dockerfile/base-not-pinned-by-digest.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const BUILD = 'FROM golang:1.23 AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\n';
const DIGEST = 'sha256:' + 'e'.repeat(64);

ruleTester(rule, {
  valid: [
    { name: 'tag and digest', files: { Dockerfile: `${BUILD}FROM gcr.io/distroless/static-debian12:nonroot@${DIGEST}\nCOPY --from=build /out/app /app\n` } },
    { name: 'scratch has nothing to pin', files: { Dockerfile: `${BUILD}FROM scratch\nCOPY --from=build /out/app /app\n` } },
    { name: 'builder stages are not checked', files: { Dockerfile: `${BUILD}FROM alpine:3.20@${DIGEST}\nCOPY --from=build /out/app /app\n` } },
    { name: ':latest is base-image-latest\'s', files: { Dockerfile: `${BUILD}FROM alpine:latest\nCOPY --from=build /out/app /app\n` } },
    { name: 'unresolved ARG', files: { Dockerfile: `ARG RUNTIME\n${BUILD}FROM \${RUNTIME}\nCOPY --from=build /out/app /app\n` } },
  ],
  invalid: [
    {
      name: 'runtime base by tag',
      files: { Dockerfile: `${BUILD}FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\n` },
      findings: [{ file: 'Dockerfile', line: 3, column: 6, message: 'runtime base gcr.io/distroless/static-debian12:nonroot is pinned by tag only; the image behind the tag can change' }],
    },
    {
      name: 'tag through an ARG default, final stage built on a runtime stage',
      files: { Dockerfile: `ARG ALPINE=3.20\nFROM alpine:\${ALPINE} AS runtime\nRUN apk add --no-cache tzdata\n${BUILD}FROM runtime\nCOPY --from=build /out/app /app\n` },
      findings: [{ file: 'Dockerfile', line: 2, column: 6, message: /^runtime base alpine:3\.20 is pinned by tag only/ }],
    },
  ],
});
