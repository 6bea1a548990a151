import rule from '../../../src/rules/dockerfile/user-not-numeric.js';
import { lintFiles } from '../../helpers/workspace.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { expect, it } from 'vitest';

const BUILD = 'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app ./cmd/app\n';

ruleTester(rule, {
  valid: [
    { name: 'numeric uid:gid', files: { Dockerfile: `${BUILD}FROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\nUSER 65532:65532\nENTRYPOINT ["/app"]\n` } },
    { name: 'numeric uid with a group name', files: { Dockerfile: `${BUILD}FROM alpine:3.20\nCOPY --from=build /out/app /app\nUSER 10001:app\nENTRYPOINT ["/app"]\n` } },
    { name: 'named USER only in the builder stage', files: { Dockerfile: `FROM golang:1.23 AS build\nUSER builder\nRUN go build -o /tmp/app .\nFROM scratch\nCOPY --from=build /tmp/app /app\nUSER 1000\nENTRYPOINT ["/app"]\n` } },
    { name: 'no USER (the base decides; runs-as-root covers root)', files: { Dockerfile: `${BUILD}FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n` } },
    { name: 'USER from an unresolved ARG', files: { Dockerfile: `${BUILD}FROM alpine:3.20\nARG APP_USER\nUSER \${APP_USER}\nENTRYPOINT ["/app"]\n` } },
    { name: 'USER resolved from an ARG default to a number', files: { Dockerfile: `${BUILD}FROM alpine:3.20\nARG UID=10001\nUSER \${UID}\nENTRYPOINT ["/app"]\n` } },
    { name: 'USER root is another rule', files: { Dockerfile: `FROM alpine:3.20\nUSER root\nCMD ["/app"]\n` } },
  ],
  invalid: [
    {
      name: 'USER nonroot:nonroot on distroless',
      files: { Dockerfile: `${BUILD}FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\nUSER nonroot:nonroot\nENTRYPOINT ["/app"]\n` },
      findings: [{ file: 'Dockerfile', line: 7, column: 1, message: 'final image runs as user name "nonroot": with runAsNonRoot the kubelet cannot verify it and will not start the container' }],
    },
    {
      name: 'user created on alpine and switched to by name',
      files: { Dockerfile: `${BUILD}FROM alpine:3.20\nRUN addgroup -S app && adduser -S -u 10001 -G app app\nCOPY --from=build /out/app /app\nUSER app\nENTRYPOINT ["/app"]\n` },
      findings: [{ file: 'Dockerfile', line: 8, column: 1, message: /user name "app"/ }],
    },
    {
      name: 'USER set in a base stage the final stage builds on',
      files: { Dockerfile: `FROM debian:bookworm-slim AS runtime\nRUN useradd --uid 1001 svc\nUSER svc\n${BUILD}FROM runtime\nCOPY --from=build /out/app /app\nCMD ["/app"]\n` },
      findings: [{ file: 'Dockerfile', line: 3, column: 1, message: /user name "svc"/ }],
    },
  ],
});

it('user-not-numeric names the uid the Dockerfile created', async () => {
  const r = await lintFiles({ Dockerfile: `${BUILD}FROM alpine:3.20\nRUN adduser -D -u 10001 app\nCOPY --from=build /out/app /app\nUSER app:app\n` }, [rule]);
  expect(r.findings[0]?.fix).toBe('USER 10001:app   # "app" — or set securityContext.runAsUser: 10001 in the pod spec');
});
