import rule from '../../../src/rules/dockerfile/dockerignore-gaps.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const DF =
  'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\n' +
  'RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app\n\nFROM gcr.io/distroless/static-debian12:nonroot\n' +
  'COPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n';

ruleTester(rule, {
  valid: [
    { name: '.git excluded', files: { Dockerfile: DF, '.dockerignore': '# VCS\n.git\nbin/\n' } },
    { name: '/.git/ with slashes', files: { Dockerfile: DF, '.dockerignore': '/.git/\n' } },
    { name: '**/.git', files: { Dockerfile: DF, '.dockerignore': '**/.git\n' } },
    { name: '.git* glob', files: { Dockerfile: DF, '.dockerignore': '.git*\n' } },
    { name: 'allow-list style', files: { Dockerfile: DF, '.dockerignore': '*\n!go.mod\n!go.sum\n!cmd/\n!internal/\n' } },
    { name: 'no whole-context copy', files: { Dockerfile: 'FROM golang:1.23\nCOPY go.mod go.sum main.go ./\nRUN go build -o /app .\n', '.dockerignore': 'bin/\n' } },
    { name: 'no ignore file at all (missing-dockerignore covers it)', files: { Dockerfile: DF } },
  ],
  invalid: [
    {
      name: 'ignore file lists build output only',
      files: { Dockerfile: DF, '.dockerignore': 'bin/\n*.test\n' },
      findings: [{ file: 'Dockerfile', line: 5, column: 1, message: '.dockerignore does not exclude .git (nor .env), and the whole context is copied', evidence: [{ file: '.dockerignore', line: 1 }] }],
    },
    {
      name: '.git re-included by a later negation',
      files: { Dockerfile: DF, '.dockerignore': '.git\n.env\n!.git\n' },
      findings: [{ file: 'Dockerfile', line: 5, column: 1, message: '.dockerignore does not exclude .git, and the whole context is copied' }],
    },
    {
      name: 'allow-list that re-includes everything under the root',
      files: { Dockerfile: DF, 'Dockerfile.dockerignore': '*\n!**\n' },
      findings: [{ file: 'Dockerfile', line: 5, column: 1, evidence: [{ file: 'Dockerfile.dockerignore', line: 1 }] }],
    },
  ],
});
