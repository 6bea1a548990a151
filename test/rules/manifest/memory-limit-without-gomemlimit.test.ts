import rule from '../../../src/rules/manifest/memory-limit-without-gomemlimit.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment } from './fixtures.js';

const api = (extra = ''): string =>
  deployment(`        - name: api
          image: ghcr.io/acme/api:1.4.2
          resources:
            requests: { cpu: 100m, memory: 256Mi }
            limits: { memory: 512Mi }
${extra}`);

const goMod = (require: string): string => `module github.com/acme/api\n\ngo 1.22\n\nrequire ${require}\n`;

ruleTester(rule, {
  valid: [
    {
      name: 'linked Go binary calls debug.SetMemoryLimit (container → api/Dockerfile → cmd/api)',
      files: {
        'd.yaml': api(),
        'go.mod': 'module github.com/acme/shop\n\ngo 1.22\n',
        'cmd/api/main.go': 'package main\n\nimport "runtime/debug"\n\nfunc main() {\n\tdebug.SetMemoryLimit(460 << 20)\n}\n',
        'api/Dockerfile': 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/api ./cmd/api\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/api /api\n',
      },
    },
    {
      name: 'the Dockerfile that builds the image compiles no Go (a Node.js service)',
      files: {
        'd.yaml': api(),
        'api/Dockerfile': 'FROM node:20-bookworm-slim AS build\nWORKDIR /src\nCOPY . .\nRUN npm ci && npm run build\nFROM gcr.io/distroless/nodejs20-debian12\nCOPY --from=build /src/dist /app\nCMD ["/app/main.js"]\n',
      },
    },
    { name: 'GOMEMLIMIT literal', files: { 'd.yaml': api('          env:\n            - name: GOMEMLIMIT\n              value: 460MiB\n') } },
    {
      name: 'GOMEMLIMIT from resourceFieldRef',
      files: { 'd.yaml': api('          env:\n            - name: GOMEMLIMIT\n              valueFrom:\n                resourceFieldRef: { resource: limits.memory }\n') },
    },
    {
      name: 'GOMEMLIMIT from a ConfigMap via envFrom',
      files: {
        'd.yaml': api('          envFrom:\n            - configMapRef: { name: api-env }\n'),
        'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: api-env, namespace: shop }\ndata:\n  GOMEMLIMIT: 460MiB\n',
      },
    },
    { name: 'envFrom a Secret we cannot see', files: { 'd.yaml': api('          envFrom:\n            - secretRef: { name: api-env }\n') } },
    { name: 'automemlimit in go.mod', files: { 'd.yaml': api(), 'go.mod': goMod('github.com/KimMachineGun/automemlimit v0.7.0') } },
    { name: 'no memory limit', files: { 'd.yaml': deployment('        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          resources:\n            requests: { memory: 256Mi }\n') } },
    {
      name: 'non-Go sidecar image (envoy) and classic init container',
      files: {
        'd.yaml': deployment(
          '        - name: envoy\n          image: envoyproxy/envoy:v1.31.0\n          resources:\n            limits: { memory: 256Mi }\n',
          '      initContainers:\n        - name: migrate\n          image: ghcr.io/acme/migrate:1.4.2\n          resources:\n            limits: { memory: 128Mi }\n',
        ),
      },
    },
  ],
  invalid: [
    {
      name: 'linked Go binary that does not set the limit still fires',
      files: {
        'd.yaml': api(),
        'go.mod': 'module github.com/acme/shop\n\ngo 1.22\n',
        'cmd/api/main.go': 'package main\n\nfunc main() {}\n',
        'api/Dockerfile': 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/api ./cmd/api\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/api /api\n',
      },
      findings: [{ file: 'd.yaml', line: 19, column: 31, message: /has a 512Mi memory limit but no GOMEMLIMIT/ }],
    },
    {
      name: 'memory limit, no GOMEMLIMIT',
      files: { 'd.yaml': api('          env:\n            - name: LOG_LEVEL\n              value: info\n') },
      findings: [
        {
          file: 'd.yaml',
          line: 19,
          column: 31,
          container: 'api',
          message:
            'container "api" has a 512Mi memory limit but no GOMEMLIMIT: the Go GC lets the heap reach ~2× the live heap and the container is OOMKilled (exit 137) instead of collecting, unless the code sets it (automemlimit / debug.SetMemoryLimit)',
        },
      ],
    },
    {
      name: 'an unrelated module in go.mod does not silence it; a CronJob counts',
      files: {
        'go.mod': goMod('go.uber.org/automaxprocs v1.6.0'),
        'c.yaml': `apiVersion: batch/v1
kind: CronJob
metadata: { name: report, namespace: shop }
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: ghcr.io/acme/report:2.0.0
              resources:
                limits: { memory: 1Gi }
`,
      },
      findings: [{ file: 'c.yaml', line: 15, column: 35, container: 'report', message: /^container "report" has a 1Gi memory limit but no GOMEMLIMIT/ }],
    },
  ],
});
