import rule from '../../../src/rules/dockerfile/add-remote-url.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    { name: 'ADD with --checksum', files: { Dockerfile: 'FROM alpine:3.20\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://github.com/grpc-ecosystem/grpc-health-probe/releases/download/v0.4.28/grpc_health_probe-linux-amd64 /bin/grpc_health_probe\n' } },
    { name: 'ADD of a local file', files: { Dockerfile: 'FROM alpine:3.20\nADD config.yaml /etc/app/\n' } },
    { name: 'ADD of a git ref', files: { Dockerfile: 'FROM alpine:3.20\nADD https://github.com/moby/buildkit.git#v0.14.0 /src\n' } },
    { name: 'COPY is never remote', files: { Dockerfile: 'FROM alpine:3.20\nCOPY https.txt /x\n' } },
  ],
  invalid: [
    {
      name: 'health probe binary downloaded unverified',
      files: { Dockerfile: 'FROM alpine:3.20\nARG PROBE_VERSION=v0.4.28\nADD https://github.com/grpc-ecosystem/grpc-health-probe/releases/download/${PROBE_VERSION}/grpc_health_probe-linux-amd64 /bin/grpc_health_probe\n' },
      findings: [{ file: 'Dockerfile', line: 3, column: 1, message: 'ADD https://github.com/grpc-ecosystem/grpc-health-probe/releases/download/v0.4.28/grpc_health_probe-linux-amd64 downloads without --checksum: the content is not verified' }],
    },
    {
      name: 'credentials in the URL are redacted',
      files: { Dockerfile: 'FROM alpine:3.20\nADD https://ci:s3cret@artifacts.acme.internal/app.tar.gz /tmp/\n' },
      findings: [{ file: 'Dockerfile', line: 2, column: 1, message: 'ADD https://<redacted>@artifacts.acme.internal/app.tar.gz downloads without --checksum: the content is not verified' }],
    },
  ],
});
