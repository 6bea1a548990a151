import { expect, it } from 'vitest';
import { defaultConfig } from '../../../src/core/config.js';
import { lint } from '../../../src/core/lint.js';
import rule from '../../../src/rules/dockerfile/private-module-without-goprivate.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { writeTree } from '../../helpers/workspace.js';

const lines = (...l: string[]) => `${l.join('\n')}\n`;

const gomod = lines(
  'module git.corp.example.com/shop/orders',
  '',
  'go 1.23',
  '',
  'require (',
  '\tgithub.com/go-chi/chi/v5 v5.1.0',
  '\tgit.corp.example.com/platform/auth v1.4.2',
  '\tgo.uber.org/zap v1.27.0',
  ')',
);
const gosum = 'github.com/go-chi/chi/v5 v5.1.0 h1:x=\ngit.corp.example.com/platform/auth v1.4.2 h1:y=\ngo.uber.org/zap v1.27.0 h1:z=\n';

const df = (...setup: string[]) =>
  lines(
    'FROM golang:1.23 AS build',
    'WORKDIR /src',
    ...setup,
    'COPY go.mod go.sum ./',
    'RUN go mod download',
    'COPY . .',
    'RUN CGO_ENABLED=0 go build -o /out/orders ./cmd/orders',
    'FROM gcr.io/distroless/static-debian12:nonroot',
    'COPY --from=build /out/orders /orders',
  );

const mod = { 'go.mod': gomod, 'go.sum': gosum };

ruleTester(rule, {
  valid: [
    { name: 'GOPRIVATE set in ENV', files: { ...mod, Dockerfile: df('ENV GOPRIVATE=git.corp.example.com') } },
    { name: 'GOPRIVATE glob', files: { ...mod, Dockerfile: df('ENV GOPRIVATE=*.corp.example.com,github.com/acme/*') } },
    { name: 'GOPRIVATE as a build arg without default (set by CI)', files: { ...mod, Dockerfile: df('ARG GOPRIVATE') } },
    { name: 'corporate proxy (Athens/Artifactory)', files: { ...mod, Dockerfile: df('ENV GOPROXY=https://goproxy.corp.example.com,direct') } },
    {
      name: 'netrc build secret on the download',
      files: { ...mod, Dockerfile: df().replace('RUN go mod download', 'RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download') },
    },
    { name: 'ssh mount with git insteadOf', files: { ...mod, Dockerfile: df('RUN git config --global url."ssh://git@git.corp.example.com/".insteadOf "https://git.corp.example.com/"') } },
    { name: 'go env -w in the download RUN', files: { ...mod, Dockerfile: df().replace('RUN go mod download', 'RUN go env -w GOPRIVATE=git.corp.example.com && go mod download') } },
    {
      name: 'vendored module built with the default -mod=vendor',
      files: {
        ...mod,
        'vendor/modules.txt': lines('# github.com/go-chi/chi/v5 v5.1.0', '## explicit', '# git.corp.example.com/platform/auth v1.4.2', '## explicit', '# go.uber.org/zap v1.27.0', '## explicit'),
        Dockerfile: lines('FROM golang:1.23 AS build', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /out/orders ./cmd/orders'),
      },
    },
    { name: 'private module replaced by a local directory', files: { 'go.mod': `${gomod}replace git.corp.example.com/platform/auth => ./third_party/auth\n`, 'go.sum': gosum, Dockerfile: df() } },
    {
      name: 'public vanity hosts only',
      files: {
        'go.mod': lines('module github.com/acme/orders', '', 'go 1.23', '', 'require (', '\tgo.uber.org/zap v1.27.0', '\tdario.cat/mergo v1.0.1', '\tcode.gitea.io/sdk/gitea v0.19.0', '\tgitlab.com/acme/lib v1.0.0', ')'),
        Dockerfile: df(),
      },
    },
  ],
  invalid: [
    {
      name: 'corporate host, nothing configured',
      files: { ...mod, Dockerfile: df() },
      findings: [
        {
          file: 'Dockerfile',
          line: 4,
          column: 1,
          message:
            '`go mod download` fetches private module git.corp.example.com/platform/auth with no GOPRIVATE and no credentials in the build: ' +
            'it fails with "could not read Username for \'https://git.corp.example.com\': terminal prompts disabled"',
          evidence: [{ file: 'go.mod', line: 7 }],
        },
      ],
    },
    {
      name: 'GOPRIVATE names another host',
      files: { ...mod, Dockerfile: df('ENV GOPRIVATE=github.com/acme') },
      findings: [{ file: 'Dockerfile', line: 5, column: 1, evidence: [{ file: 'go.mod', line: 7 }] }],
    },
    {
      name: 'self-hosted GitLab, no download step: go build fetches',
      files: {
        'go.mod': lines('module gitlab.acme.io/payments/api', '', 'go 1.22', '', 'require gitlab.acme.io/payments/sdk v0.3.0'),
        Dockerfile: lines('FROM golang:1.22-alpine AS build', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /api .'),
      },
      findings: [{ file: 'Dockerfile', line: 4, column: 1, message: /^`go build` fetches private module gitlab\.acme\.io\/payments\/sdk/ }],
    },
    {
      name: 'vendored, but go mod download still fetches',
      files: {
        ...mod,
        'vendor/modules.txt': lines('# github.com/go-chi/chi/v5 v5.1.0', '## explicit', '# git.corp.example.com/platform/auth v1.4.2', '## explicit', '# go.uber.org/zap v1.27.0', '## explicit'),
        Dockerfile: df(),
      },
      findings: [{ file: 'Dockerfile', line: 4, column: 1 }],
    },
  ],
});

it('privatePatterns option marks github.com/acme/* private', async () => {
  const root = await writeTree({
    'go.mod': lines('module github.com/acme/orders', '', 'go 1.23', '', 'require github.com/acme/platform-go v1.2.0'),
    Dockerfile: df(),
  });
  const config = defaultConfig();
  config.rules[rule.meta.id] = { options: { privatePatterns: ['github.com/acme/*'] } };
  const r = await lint({ paths: [root], root, config, rules: [rule] });
  expect(r.findings.map((f) => f.subject.span?.line)).toEqual([4]);
  expect(r.findings[0]?.message).toMatch(/^`go mod download` fetches private module github\.com\/acme\/platform-go /);
  const none = await lint({ paths: [root], root, config: defaultConfig(), rules: [rule] });
  expect(none.findings).toEqual([]);
});
