import rule from '../../../src/rules/manifest/cpu-limit-gomaxprocs.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment } from './fixtures.js';

const api = (extra = '', cpu = '500m'): string =>
  deployment(`        - name: api
          image: ghcr.io/acme/api:1.4.2
          resources:
            requests: { cpu: 250m, memory: 256Mi }
            limits: { cpu: ${cpu}, memory: 512Mi }
${extra}`);

const goMod = (go: string, require = ''): string => `module github.com/acme/api\n\ngo ${go}\n${require ? `\nrequire ${require}\n` : ''}`;
const gomaxprocs = (value: string): string => `          env:\n            - name: GOMAXPROCS\n              value: ${value}\n`;

ruleTester(rule, {
  valid: [
    { name: 'GOMAXPROCS from limits.cpu', files: { 'd.yaml': api('          env:\n            - name: GOMAXPROCS\n              valueFrom:\n                resourceFieldRef: { resource: limits.cpu }\n') } },
    { name: 'GOMAXPROCS equal to the rounded-up limit', files: { 'd.yaml': api(gomaxprocs('"1"')) } },
    { name: 'go.mod says go 1.25 (container-aware default)', files: { 'd.yaml': api(), 'go.mod': goMod('1.25.0') } },
    { name: 'automaxprocs in go.mod', files: { 'd.yaml': api(), 'go.mod': goMod('1.22', 'go.uber.org/automaxprocs v1.6.0') } },
    { name: 'no CPU limit (requests only)', files: { 'd.yaml': deployment('        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          resources:\n            requests: { cpu: 250m }\n') } },
    {
      name: 'container linked to its Go binary: cpu-limit-without-gomaxprocs-go decides',
      files: {
        'd.yaml': api(),
        'go.mod': goMod('1.24'),
        'cmd/api/main.go': 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n',
        'api/Dockerfile': 'FROM golang:1.24 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/api ./cmd/api\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/api /api\nENTRYPOINT ["/api"]\n',
      },
    },
    { name: 'non-Go image', files: { 'd.yaml': deployment('        - name: cache\n          image: redis:7.4\n          resources:\n            limits: { cpu: "1" }\n') } },
  ],
  invalid: [
    {
      name: 'CPU limit, no GOMAXPROCS, Go version unknown (info)',
      files: { 'd.yaml': api() },
      findings: [
        {
          file: 'd.yaml',
          line: 19,
          column: 28,
          container: 'api',
          message:
            'container "api" has a 500m CPU limit but no GOMAXPROCS: before Go 1.25 the runtime runs one thread per node core and the container is CFS-throttled, unless built with Go ≥1.25 or automaxprocs',
        },
      ],
    },
    {
      name: 'go.mod says go 1.24: still fires',
      files: { 'd.yaml': api(), 'go.mod': goMod('1.24') },
      findings: [{ file: 'd.yaml', line: 19, column: 28, message: /^container "api" has a 500m CPU limit but no GOMAXPROCS/ }],
    },
    {
      name: 'GOMAXPROCS above the limit',
      files: { 'd.yaml': api(gomaxprocs('"8"'), '2') },
      findings: [
        {
          file: 'd.yaml',
          line: 22,
          column: 22,
          message: 'GOMAXPROCS=8 exceeds the 2 CPU limit of container "api": the quota is spent early in each period and the container is throttled',
          evidence: [{ file: 'd.yaml', line: 19 }],
        },
      ],
    },
    {
      name: 'GOMAXPROCS not an integer (silently ignored by Go)',
      files: { 'd.yaml': api(gomaxprocs('"1.5"'), '2') },
      findings: [{ file: 'd.yaml', line: 22, column: 22, message: `GOMAXPROCS "1.5" is not a positive integer: Go ignores it and uses the node's core count` }],
    },
  ],
});
