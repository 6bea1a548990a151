import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDockerfile, type LoadDockerfileOptions } from '../../src/load/dockerfile.js';
import type { Instruction, Stage } from '../../src/model/dockerfile.js';

const FIXTURES = new URL('../fixtures/dockerfiles/', import.meta.url);
const F = 'svc/Dockerfile';

function load(fixture: string, opts: Partial<LoadDockerfileOptions> = {}) {
  const text = readFileSync(new URL(fixture, FIXTURES), 'utf8');
  return loadDockerfile(F, text, { buildArgs: {}, ...opts });
}

function loadText(text: string, opts: Partial<LoadDockerfileOptions> = {}) {
  return loadDockerfile('Dockerfile', text, { buildArgs: {}, ...opts });
}

/** [line, column, endLine, endColumn] in the fixture file. */
function pos(s: { line: number; column: number; endLine: number; endColumn: number }): number[] {
  return [s.line, s.column, s.endLine, s.endColumn];
}

function stage(stages: Stage[], i: number): Stage {
  const s = stages[i];
  if (!s) throw new Error(`no stage ${i}`);
  return s;
}

function find(s: Stage, keyword: string, nth = 0): Instruction {
  const found = s.instructions.filter((i) => i.keyword === keyword)[nth];
  if (!found) throw new Error(`no ${keyword} #${nth} in stage ${s.index}`);
  return found;
}

describe('loadDockerfile: multi-stage Go build', () => {
  const { dockerfile: df, errors } = load('multistage.Dockerfile');

  it('loads without errors and keeps file, dir and escape', () => {
    expect(errors).toEqual([]);
    expect(df.file).toBe(F);
    expect(df.dir).toBe('svc');
    expect(df.escape).toBe('\\');
    expect(df.stages.map((s) => s.name)).toEqual(['build', 'test', undefined]);
  });

  it('records global ARGs, with undefined for ones without a default', () => {
    expect(df.globalArgs).toEqual({ GO_VERSION: '1.22', ALPINE_VERSION: '3.20', REGISTRY: undefined });
    expect('REGISTRY' in df.globalArgs).toBe(true);
  });

  it('expands global ARGs in FROM and gives exact spans', () => {
    const from = stage(df.stages, 0).from;
    expect(from.image).toEqual({ raw: 'golang:1.22-alpine3.20', repository: 'golang', tag: '1.22-alpine3.20' });
    expect(from.unresolved).toBe(false);
    expect(from.platform).toBe('$BUILDPLATFORM');
    expect(pos(from.instruction.span)).toEqual([6, 1, 6, 85]);
    expect(pos(from.imageSpan)).toEqual([6, 32, 6, 76]);
    expect(from.instruction.flags).toEqual([
      { name: 'platform', value: '$BUILDPLATFORM', span: { file: F, line: 6, column: 6, endLine: 6, endColumn: 31 } },
    ]);
    expect(from.instruction.args).toBe('golang:${GO_VERSION}-alpine${ALPINE_VERSION} AS Build');
    expect(from.instruction.expanded).toBe('golang:1.22-alpine3.20 AS Build');
    expect(pos(from.instruction.argsSpan)).toEqual([6, 32, 6, 85]);
  });

  it('applies --build-arg overrides to declared ARGs', () => {
    const { dockerfile } = load('multistage.Dockerfile', {
      buildArgs: { GO_VERSION: '1.23.4', REGISTRY: 'registry.example.com:5000', TARGETARCH: 'arm64' },
    });
    expect(dockerfile.globalArgs.GO_VERSION).toBe('1.23.4');
    expect(stage(dockerfile.stages, 0).from.image.tag).toBe('1.23.4-alpine3.20');
    expect(stage(dockerfile.stages, 0).vars.GOARCH).toBe('arm64');
    expect(stage(dockerfile.stages, 2).from.image).toEqual({
      raw: 'registry.example.com:5000/distroless/static-debian12:nonroot',
      registry: 'registry.example.com:5000',
      repository: 'distroless/static-debian12',
      tag: 'nonroot',
    });
  });

  it('leaves automatic platform ARGs unresolved and sees redeclared globals', () => {
    const build = stage(df.stages, 0);
    expect(build.vars).toEqual({ GO_VERSION: '1.22', CGO_ENABLED: '0', GOOS: '${TARGETOS}', GOARCH: '$TARGETARCH' });
    const go = find(build, 'RUN', 1);
    expect(go.expanded).toBe('go build -trimpath -ldflags="-s -w -X main.version=1.22" -o /out/app ./cmd/app');
  });

  it('joins continuation lines and spans the whole instruction', () => {
    const env = find(stage(df.stages, 0), 'ENV');
    expect(env.args).toBe('CGO_ENABLED=0     GOOS=${TARGETOS} GOARCH=$TARGETARCH');
    expect(pos(env.span)).toEqual([10, 1, 11, 40]);
    expect(pos(env.argsSpan)).toEqual([10, 5, 11, 40]);

    const run = find(stage(df.stages, 0), 'RUN', 1);
    expect(pos(run.span)).toEqual([18, 1, 20, 92]);
    expect(pos(run.argsSpan)).toEqual([20, 5, 20, 92]);
    expect(run.flags.map((f) => [f.name, f.value, ...pos(f.span)])).toEqual([
      ['mount', 'type=cache,target=/go/pkg/mod', 18, 5, 18, 42],
      ['mount', 'type=cache,target=/root/.cache/go-build', 19, 5, 19, 52],
    ]);
  });

  it('links FROM <stage> to the earlier stage and inherits its ENV', () => {
    const test = stage(df.stages, 1);
    expect(test.from.parentStage).toBe(0);
    expect(test.from.image).toEqual({ raw: 'build', repository: 'build' });
    expect(test.vars).toEqual({ CGO_ENABLED: '0', GOOS: '${TARGETOS}', GOARCH: '$TARGETARCH' });
    expect(stage(df.stages, 2).from.parentStage).toBeUndefined();
  });

  it('reads COPY flags and exec-form instructions', () => {
    const final = stage(df.stages, 2);
    expect(final.from.image.registry).toBe('gcr.io');
    const copy = find(final, 'COPY');
    expect(copy.args).toBe('/out/app /app');
    expect(copy.flags.map((f) => [f.name, f.value, ...pos(f.span)])).toEqual([
      ['from', 'build', 26, 6, 26, 18],
      ['chown', '65532:65532', 26, 19, 26, 38],
    ]);
    expect(pos(copy.argsSpan)).toEqual([26, 39, 26, 52]);
    expect(find(final, 'ENTRYPOINT').json).toEqual(['/app']);
    expect(find(final, 'CMD').json).toEqual(['--port', '8080']);
    expect(find(final, 'USER').json).toBeUndefined();
  });

  it('parses an ignore comment for the next instruction, dropping the reason', () => {
    expect(df.ignores).toEqual([
      {
        rules: ['cgo-binary-on-libcless-base', 'go-build-flags'],
        scope: { startLine: 18, endLine: 20 },
        span: { file: F, line: 17, column: 1, endLine: 17, endColumn: 81 },
      },
    ]);
  });
});

describe('loadDockerfile: ARG and ENV scoping', () => {
  const { dockerfile: df, errors } = load('arg-scope.Dockerfile');
  const s0 = stage(df.stages, 0);

  it('hides a global ARG inside a stage until it is redeclared', () => {
    expect(errors).toEqual([]);
    expect(s0.from.image.raw).toBe('alpine:3.19');
    expect(find(s0, 'RUN', 0).expanded).toBe('echo "version=${VERSION}"');
    expect(find(s0, 'RUN', 1).expanded).toBe('echo "version=1.0"');
  });

  it('handles default/alternative forms, ENV over ARG, and single quotes', () => {
    expect(find(s0, 'ENV', 0).expanded).toBe('VERSION=env-1.0');
    expect(find(s0, 'RUN', 2).expanded).toBe("echo env-1.0 fallback set dflt x '$VERSION' $HOME");
  });

  it('collects ARG and ENV values visible at the end of the stage', () => {
    expect(s0.vars).toEqual({
      VERSION: 'env-1.0',
      BASE: 'busybox',
      LEGACY: 'the rest  of the line',
      QUOTED: 'a b',
      EMPTY: '',
      SINGLE: '$BASE',
    });
  });

  it('marks a FROM with an ARG that has no value as unresolved, keeping the text', () => {
    const s1 = stage(df.stages, 1);
    expect(s1.from.unresolved).toBe(true);
    expect(s1.from.image.raw).toBe('${UNDECLARED_DEFAULT}');
    expect(pos(s1.from.imageSpan)).toEqual([14, 6, 14, 27]);
    const s2 = stage(df.stages, 2);
    expect(s2.from.unresolved).toBe(false);
    expect(s2.from.image).toEqual({ raw: 'debian:bookworm', repository: 'debian', tag: 'bookworm' });
  });

  it('uses a --build-arg for an ARG declared without default', () => {
    const { dockerfile } = load('arg-scope.Dockerfile', { buildArgs: { UNDECLARED_DEFAULT: 'golang:1.22', VERSION: '2.0' } });
    expect(stage(dockerfile.stages, 1).from.image.raw).toBe('golang:1.22');
    expect(stage(dockerfile.stages, 1).from.unresolved).toBe(false);
    expect(find(stage(dockerfile.stages, 0), 'RUN', 1).expanded).toBe('echo "version=2.0"');
  });

  it('expands a whole ENV line with the values from before it', () => {
    const { dockerfile } = loadText('FROM alpine\nENV abc=hello\nENV abc=bye def=$abc\nENV ghi=$abc\n');
    expect(stage(dockerfile.stages, 0).vars).toEqual({ abc: 'bye', def: 'hello', ghi: 'bye' });
  });

  it('ignores --build-arg for ARGs that are never declared', () => {
    const { dockerfile } = loadText('FROM ${IMG:-alpine}\nRUN echo $IMG\n', { buildArgs: { IMG: 'busybox' } });
    expect(stage(dockerfile.stages, 0).from.image.raw).toBe('alpine');
    expect(find(stage(dockerfile.stages, 0), 'RUN').expanded).toBe('echo $IMG');
  });

  it('lets automatic platform ARGs reach FROM only through --build-arg', () => {
    const text = 'FROM --platform=$TARGETPLATFORM golang:1.22-${TARGETARCH}\n';
    expect(stage(loadText(text).dockerfile.stages, 0).from.unresolved).toBe(true);
    const { dockerfile } = loadText(text, { buildArgs: { TARGETARCH: 'amd64' } });
    expect(stage(dockerfile.stages, 0).from.image.tag).toBe('1.22-amd64');
    expect(stage(dockerfile.stages, 0).from.platform).toBe('$TARGETPLATFORM');
  });
});

describe('loadDockerfile: heredocs', () => {
  const { dockerfile: df, errors } = load('heredoc.Dockerfile');
  const s0 = stage(df.stages, 0);

  it('keeps the heredoc body out of args and in heredocs', () => {
    expect(errors).toEqual([]);
    const run = find(s0, 'RUN', 0);
    expect(run.args).toBe('<<EOF');
    expect(run.heredocs).toEqual([
      {
        name: 'EOF',
        content: 'set -eux\napt-get update\napt-get install -y --no-install-recommends ca-certificates\n',
        span: { file: F, line: 3, column: 5, endLine: 7, endColumn: 4 },
      },
    ]);
    expect(pos(run.span)).toEqual([3, 1, 7, 4]);
    expect(pos(run.argsSpan)).toEqual([3, 5, 3, 10]);
  });

  it('strips tabs for <<- and unquotes the delimiter name', () => {
    const copy = find(s0, 'COPY');
    expect(copy.args).toBe('<<-"CONF" /etc/app/app.conf');
    expect(copy.heredocs.map((h) => [h.name, h.content, ...pos(h.span)])).toEqual([['CONF', 'listen = :8080\n', 8, 6, 10, 6]]);
    expect(copy.json).toBeUndefined();
  });

  it('keeps flags and the command after the heredoc marker', () => {
    const run = find(s0, 'RUN', 1);
    expect(run.args).toBe('<<SCRIPT bash');
    expect(run.flags.map((f) => f.name)).toEqual(['mount']);
    expect(pos(run.argsSpan)).toEqual([11, 46, 11, 59]);
    expect(run.heredocs[0]?.content).toBe('echo hi\n');
  });

  it('reads compact JSON-form CMD', () => {
    const cmd = find(s0, 'CMD');
    expect(cmd.json).toEqual(['/app', '--port', '8080']);
    expect(pos(cmd.span)).toEqual([14, 1, 14, 29]);
  });

  it('reads heredocs in ADD too', () => {
    const { dockerfile } = loadText('FROM alpine\nADD <<EOF /etc/motd\nhello\nEOF\n');
    const add = find(stage(dockerfile.stages, 0), 'ADD');
    expect(add.args).toBe('<<EOF /etc/motd');
    expect(add.heredocs.map((h) => [h.name, h.content, ...pos(h.span)])).toEqual([['EOF', 'hello\n', 2, 5, 4, 4]]);
  });

  it('splits several heredocs on one line', () => {
    const { dockerfile } = loadText('FROM alpine\nRUN <<A cat A - && <<B cat B\na\nA\nb\nB\n');
    const run = find(stage(dockerfile.stages, 0), 'RUN');
    expect(run.args).toBe('<<A cat A - && <<B cat B');
    expect(run.heredocs.map((h) => [h.name, h.content])).toEqual([
      ['A', 'a\n'],
      ['B', 'b\n'],
    ]);
  });
});

describe('loadDockerfile: escape directive', () => {
  const { dockerfile: df, errors } = load('windows.Dockerfile');
  const s0 = stage(df.stages, 0);

  it('uses the backtick for continuations and keeps backslashes literal', () => {
    expect(errors).toEqual([]);
    expect(df.escape).toBe('`');
    const run = find(s0, 'RUN');
    expect(run.args).toBe('New-Item -ItemType Directory C:\\app ;     Write-Host done');
    expect(pos(run.span)).toEqual([4, 1, 5, 20]);
    expect(find(s0, 'COPY').args).toBe('app.exe C:\\app\\app.exe');
    expect(find(s0, 'ENTRYPOINT').json).toEqual(['C:\\app\\app.exe']);
    expect(find(s0, 'SHELL').json).toEqual(['powershell', '-Command', "$ErrorActionPreference = 'Stop';"]);
  });

  it('splits a registry with a path', () => {
    expect(s0.from.image).toEqual({
      raw: 'mcr.microsoft.com/windows/servercore:ltsc2022',
      registry: 'mcr.microsoft.com',
      repository: 'windows/servercore',
      tag: 'ltsc2022',
    });
  });

  it('handles CRLF line endings and a BOM', () => {
    const { dockerfile, errors: errs } = loadText('\uFEFF# escape=`\r\nFROM alpine AS a\r\nRUN echo a `\r\n  b\r\n');
    expect(errs).toEqual([]);
    const run = find(stage(dockerfile.stages, 0), 'RUN');
    expect(run.args).toBe('echo a   b');
    expect(pos(run.span)).toEqual([3, 1, 4, 4]);
    expect(pos(stage(dockerfile.stages, 0).from.imageSpan)).toEqual([2, 6, 2, 12]);
  });
});

describe('loadDockerfile: continuation lines', () => {
  it('drops comment and blank lines inside a continuation, as BuildKit does', () => {
    const text = 'FROM alpine\nRUN apk add --no-cache \\\n    # TLS roots\n\n    ca-certificates \\  \n    tzdata\n';
    const run = find(stage(loadText(text).dockerfile.stages, 0), 'RUN');
    expect(run.args).toBe('apk add --no-cache     ca-certificates     tzdata');
    expect(pos(run.span)).toEqual([2, 1, 6, 11]);
    expect(pos(run.argsSpan)).toEqual([2, 5, 6, 11]);
  });

  it('spans a FROM split over lines and keeps its image span on the image line', () => {
    const { dockerfile } = loadText('  from \\\n   golang:1.22 \\\n   AS Builder\n');
    const s0 = stage(dockerfile.stages, 0);
    expect(s0.name).toBe('builder');
    expect(s0.from.instruction.keyword).toBe('FROM');
    expect(s0.from.instruction.args).toBe('golang:1.22    AS Builder');
    expect(pos(s0.from.instruction.span)).toEqual([1, 3, 3, 14]);
    expect(pos(s0.from.imageSpan)).toEqual([2, 4, 2, 15]);
  });
});

describe('loadDockerfile: suppression comments', () => {
  const { dockerfile: df } = load('ignore-file.Dockerfile');

  it('covers the whole next instruction, or the whole file', () => {
    expect(df.ignores).toEqual([
      { rules: [], scope: { startLine: 3, endLine: 4 }, span: { file: F, line: 2, column: 1, endLine: 2, endColumn: 17 } },
      { rules: ['image-latest-tag'], scope: 'file', span: { file: F, line: 6, column: 1, endLine: 6, endColumn: 39 } },
    ]);
  });

  it('reads ids separated by commas or spaces and drops a -- reason', () => {
    const text = 'FROM alpine\n# kubewhy:ignore a, b c -- because\nRUN x\n# kubewhy:ignore --\nRUN y\n# kubewhy:ignore\n';
    expect(loadText(text).dockerfile.ignores.map((i) => [i.rules, i.scope])).toEqual([
      [['a', 'b', 'c'], { startLine: 3, endLine: 3 }],
      [[], { startLine: 5, endLine: 5 }],
    ]);
  });
});

describe('loadDockerfile: malformed input', () => {
  it('reports each problem with its position and keeps loading', () => {
    const { dockerfile: df, errors } = load('malformed.Dockerfile');
    expect(errors).toEqual([
      { file: F, line: 1, column: 1, message: 'RUN before the first FROM (only ARG may come first)' },
      { file: F, line: 4, column: 1, message: 'unknown instruction "RUNN"' },
      { file: F, line: 6, column: 1, message: 'unknown instruction "}}}"' },
      { file: F, line: 7, column: 1, message: 'FROM has no image' },
      { file: F, line: 8, column: 1, message: 'FROM takes an image and optionally "AS name"' },
    ]);
    expect(df.globalArgs).toEqual({ OK: '1' });
    expect(df.stages.map((s) => [s.from.image.raw, s.instructions.map((i) => i.keyword)])).toEqual([
      ['golang:1.22', ['COPY']],
      ['', []],
      ['alpine', ['USER']],
    ]);
  });

  it('reports a file without FROM once', () => {
    const { dockerfile, errors } = load('no-from.Dockerfile');
    expect(errors).toEqual([{ file: F, line: 2, column: 1, message: 'no FROM instruction' }]);
    expect(dockerfile.stages).toEqual([]);
  });

  it('rejects binary content with a single error', () => {
    const { dockerfile, errors } = loadText('FROM alpine\nRUN \u0000\u0001\u0002garbage\n');
    expect(errors).toEqual([{ file: 'Dockerfile', line: 2, column: 5, message: 'not a text file' }]);
    expect(dockerfile.stages).toEqual([]);
  });

  it('keeps error messages on one line', () => {
    const { errors } = loadText('FROM alpine\n\u0001\u0002\u001b[31m zz\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).not.toMatch(/[\n\r\u0000-\u001f]/);
  });

  it('never throws on arbitrary mixes of Dockerfile syntax', () => {
    const parts = ['FROM ', 'RUN ', '<<EOF', 'EOF', '\n', '\\', '`', '# escape=`\n', '${', '}', '$', ':-', '"', "'", '[', ']',
      '--mount=', '--from=x ', 'AS ', 'ARG A=', 'ENV ', '=', ' ', '\r\n', 'COPY ', '<<-', 'x', '# kubewhy:ignore', 'ADD ', '\u{1F600}'];
    let seed = 7;
    const next = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let k = 0; k < 2000; k++) {
      const text = Array.from({ length: next(30) }, () => parts[next(parts.length)]).join('');
      expect(() => loadText(text, { buildArgs: { A: 'x' } })).not.toThrow();
    }
  });

  it('accepts an empty file', () => {
    expect(loadText('')).toEqual({
      dockerfile: { file: 'Dockerfile', dir: '.', text: '', escape: '\\', globalArgs: {}, stages: [], ignores: [] },
      errors: [],
    });
  });

  it('reports an ENV without a value but keeps the stage', () => {
    const { dockerfile, errors } = loadText('FROM alpine\nENV ONLYNAME\nUSER app\n');
    expect(errors).toEqual([{ file: 'Dockerfile', line: 2, column: 1, message: 'ENV ONLYNAME has no value' }]);
    expect(stage(dockerfile.stages, 0).instructions.map((i) => i.keyword)).toEqual(['ENV', 'USER']);
  });
});

describe('loadDockerfile: .dockerignore', () => {
  it('keeps patterns and drops comments and blank lines', () => {
    const text = readFileSync(new URL('app.dockerignore', FIXTURES), 'utf8');
    const { dockerfile } = loadText('FROM scratch\n', { dockerignore: { file: '.dockerignore', text } });
    expect(dockerfile.dockerignore).toEqual({ file: '.dockerignore', patterns: ['.git', '*.md', '!README.md', 'bin/'] });
    expect(stage(dockerfile.stages, 0).from.image).toEqual({ raw: 'scratch', repository: 'scratch' });
  });

  it('is undefined when there is none', () => {
    expect(loadText('FROM scratch\n').dockerfile.dockerignore).toBeUndefined();
  });
});
