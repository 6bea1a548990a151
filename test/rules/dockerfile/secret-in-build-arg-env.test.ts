import rule from '../../../src/rules/dockerfile/secret-in-build-arg-env.js';
import { lintFiles } from '../../helpers/workspace.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { expect, it } from 'vitest';

const FAKE_GHP = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
const FAKE_AKIA = 'AKIA' + 'IOSFODNN7EXAMPLE';

ruleTester(rule, {
  valid: [
    {
      name: 'secret mount for private modules',
      files: {
        Dockerfile:
          'FROM golang:1.23 AS build\nENV GOPRIVATE=github.com/acme/*\nCOPY go.mod go.sum ./\n' +
          'RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download\n',
      },
    },
    {
      name: 'names that point at a secret, not hold one',
      files: {
        Dockerfile:
          'FROM alpine:3.20\nENV DB_PASSWORD_FILE=/run/secrets/db_password \\\n    OAUTH_TOKEN_URL=https://auth.example.com/token \\\n' +
          '    SECRET_NAME=shop-db TOKEN_TTL=15m\nARG API_KEY_HEADER=X-Api-Key\nCMD ["/app"]\n',
      },
    },
    { name: 'non-secret build args', files: { Dockerfile: 'ARG GO_VERSION=1.23\nFROM golang:${GO_VERSION}\nARG TARGETARCH\nENV CGO_ENABLED=0 GOFLAGS=-trimpath\n' } },
    { name: 'empty ENV in the final stage', files: { Dockerfile: 'FROM alpine:3.20\nENV API_KEY=""\nCMD ["/app"]\n' } },
  ],
  invalid: [
    {
      name: 'ARG GITHUB_TOKEN in the builder for go mod download',
      files: {
        Dockerfile:
          'FROM golang:1.23 AS build\nARG GITHUB_TOKEN\n' +
          'RUN git config --global url."https://${GITHUB_TOKEN}@github.com/".insteadOf "https://github.com/"\nRUN go mod download\n' +
          'FROM scratch\nCOPY --from=build /app /app\n',
      },
      findings: [{ file: 'Dockerfile', line: 2, column: 1, message: 'ARG GITHUB_TOKEN passes a secret as a build argument: its value is recorded in the image history and build cache' }],
    },
    {
      name: 'ENV copying the ARG into the shipped stage',
      files: { Dockerfile: 'FROM alpine:3.20\nARG NPM_TOKEN\nENV NPM_TOKEN=${NPM_TOKEN}\nCMD ["/app"]\n' },
      findings: [
        { file: 'Dockerfile', line: 2, column: 1, message: /^ARG NPM_TOKEN passes a secret/ },
        { file: 'Dockerfile', line: 3, column: 1, message: "ENV NPM_TOKEN=<redacted> is stored in the shipped image's config, readable by anyone who can pull it" },
      ],
    },
    {
      name: 'literal GitHub token as a global ARG default',
      files: { Dockerfile: `ARG GO_VERSION=1.23\nARG GH_AUTH=${FAKE_GHP}\nFROM golang:\${GO_VERSION}\n` },
      findings: [{ file: 'Dockerfile', line: 2, column: 1, message: 'ARG GH_AUTH=<redacted> holds a literal GitHub token: it is in the Dockerfile, the git history and the image' }],
    },
    {
      name: 'AWS key under an innocent name, and a password URL',
      files: { Dockerfile: `FROM golang:1.23 AS build\nENV S3_ID=${FAKE_AKIA} \\\n    DATABASE_URL="postgres://shop:hunter2@db:5432/shop"\n` },
      findings: [
        { file: 'Dockerfile', line: 2, column: 1, message: /^ENV DATABASE_URL=<redacted> holds a literal password in a URL/ },
        { file: 'Dockerfile', line: 2, column: 1, message: /^ENV S3_ID=<redacted> holds a literal AWS access key id/ },
      ],
    },
  ],
});

it('never prints the secret value', async () => {
  const r = await lintFiles({ Dockerfile: `FROM alpine:3.20\nENV GITHUB_TOKEN=${FAKE_GHP} DB_PASSWORD=hunter2\n` }, [rule]);
  expect(r.findings).toHaveLength(2);
  const text = JSON.stringify(r.findings);
  expect(text).not.toContain(FAKE_GHP);
  expect(text).not.toContain('hunter2');
});

it('build-only secrets are warnings, shipped or literal ones errors', async () => {
  const r = await lintFiles({ Dockerfile: `FROM golang:1.23 AS b\nARG GITHUB_TOKEN\nFROM alpine:3.20\nENV API_TOKEN=abc\n` }, [rule]);
  expect(r.findings.map((f) => f.severity)).toEqual(['warning', 'error']);
});
