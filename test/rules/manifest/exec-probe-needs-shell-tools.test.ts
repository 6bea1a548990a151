import rule from '../../../src/rules/manifest/exec-probe-needs-shell-tools.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment } from './fixtures.js';

const api = (image: string, probe: string): string =>
  deployment(`        - name: api
          image: ${image}
${probe}`);

const curlLiveness = '          livenessProbe:\n            exec:\n              command: ["curl", "-fsS", "http://localhost:8080/livez"]\n';

ruleTester(rule, {
  valid: [
    {
      name: 'the app binary checks itself',
      files: { 'deploy.yaml': api('gcr.io/acme/api:1.4.2', '          livenessProbe:\n            exec:\n              command: ["/app", "healthcheck"]\n') },
    },
    { name: 'httpGet probe', files: { 'deploy.yaml': api('gcr.io/acme/api:1.4.2', '          livenessProbe:\n            httpGet: { path: /livez, port: 8080 }\n') } },
    {
      name: 'busybox applets on an -alpine image',
      files: {
        'deploy.yaml': api(
          'ghcr.io/acme/api:1.4.2-alpine',
          '          readinessProbe:\n            exec:\n              command: ["sh", "-c", "wget -q -O- http://127.0.0.1:8080/readyz && cat /tmp/ready"]\n',
        ),
      },
    },
    {
      name: 'a shell script calling only shell builtins on a Debian image',
      files: { 'deploy.yaml': api('ghcr.io/acme/api:1.4.2-bookworm', '          livenessProbe:\n            exec:\n              command: ["/bin/bash", "-c", "test -f /tmp/alive"]\n') },
    },
  ],
  invalid: [
    {
      name: 'curl in a Go service image',
      files: { 'deploy.yaml': api('ghcr.io/acme/api:1.4.2', curlLiveness) },
      findings: [
        {
          file: 'deploy.yaml',
          line: 19,
          column: 24,
          container: 'api',
          message:
            'the liveness probe of container "api" runs curl; in a scratch or distroless image it fails with: exec: "curl": executable file not found in $PATH',
          evidence: [{ file: 'deploy.yaml', line: 16 }],
        },
      ],
    },
    {
      name: 'sh -ec with if/then calling nc, on distroless',
      files: {
        'deploy.yaml': api(
          'gcr.io/distroless/static-debian12:nonroot',
          '          readinessProbe:\n            exec:\n              command:\n                - /bin/sh\n                - -ec\n                - if nc -z 127.0.0.1 8080; then exit 0; fi; exit 1\n',
        ),
      },
      findings: [{ file: 'deploy.yaml', line: 20, column: 17, message: /runs sh, nc; in a scratch or distroless image it fails with: exec: "sh"/ }],
    },
    {
      name: 'curl on an -alpine image is still missing (busybox has wget, not curl)',
      files: { 'deploy.yaml': api('ghcr.io/acme/api:1.4.2-alpine', curlLiveness) },
      findings: [{ file: 'deploy.yaml', line: 19, column: 24, message: /runs curl;/ }],
    },
    {
      name: 'grpc_health_probe (the kubelet has native grpc probes)',
      files: { 'deploy.yaml': api('ghcr.io/acme/grpc-api:0.9.0', '          startupProbe:\n            exec:\n              command: ["/bin/grpc_health_probe", "-addr=:9090"]\n') },
      findings: [{ file: 'deploy.yaml', line: 19, column: 24, message: /startup probe of container "api" runs grpc_health_probe;/ }],
    },
  ],
});
