import { describe, expect, it } from 'vitest';
import { loadDockerfile } from '../../src/load/dockerfile.js';
import { cgoSetting, goBinary } from '../../src/model/cgo.js';
import type { Dockerfile } from '../../src/model/dockerfile.js';
import { buildOutput, buildTags, copyTakesOutput, flagValue, goCommands } from '../../src/model/go-build.js';

function load(text: string): Dockerfile {
  const { dockerfile } = loadDockerfile('Dockerfile', text, { buildArgs: {} });
  return dockerfile;
}

function commands(run: string) {
  const df = load(`FROM golang:1.23\n${run}\n`);
  return df.stages[0]!.instructions.flatMap(goCommands);
}

describe('goCommands', () => {
  it('reads prefixes, env, export and go env -w', () => {
    const cmds = commands('RUN export GOFLAGS=-trimpath && go env -w GOPRIVATE=corp.io && env CGO_ENABLED=0 GOOS=linux go build -o /out/app ./cmd/app');
    expect(cmds.map((c) => c.subcommand)).toEqual(['env', 'build']);
    expect(cmds[1]!.env).toEqual({ GOFLAGS: '-trimpath', GOPRIVATE: 'corp.io', CGO_ENABLED: '0', GOOS: 'linux' });
    expect(cmds[1]!.args).toEqual(['-o', '/out/app', './cmd/app']);
  });

  it('keeps quoted ldflags as one word and splits command lists', () => {
    const cmds = commands(`RUN go mod download; go build -ldflags "-s -w -extldflags '-static'" -tags netgo,osusergo -o app . || exit 1`);
    expect(cmds.map((c) => c.subcommand)).toEqual(['mod download', 'build']);
    expect(flagValue(cmds[1]!.args, 'ldflags')).toBe("-s -w -extldflags '-static'");
    expect(buildTags(cmds[1]!.args)).toEqual(['netgo', 'osusergo']);
  });

  it('reads exec form, heredocs and continuation lines', () => {
    expect(commands('RUN ["go", "build", "-o=/app", "."]').map((c) => flagValue(c.args, 'o'))).toEqual(['/app']);
    expect(commands('RUN <<EOF\nset -e\nCGO_ENABLED=0 go build -o /app .\nEOF').map((c) => c.env.CGO_ENABLED)).toEqual(['0']);
    expect(commands('RUN CGO_ENABLED=0 \\\n    go build -o /app .').map((c) => c.env.CGO_ENABLED)).toEqual(['0']);
  });

  it('ignores go in words that are not commands', () => {
    expect(commands('RUN echo go build && cargo build')).toEqual([]);
  });
});

describe('build outputs', () => {
  it('resolves -o against WORKDIR, and go install to GOBIN', () => {
    const df = load('FROM golang:1.23\nWORKDIR /src\nRUN go build -o bin/app ./cmd/app && go install ./cmd/tool\n');
    const stage = df.stages[0]!;
    const [build, install] = stage.instructions.flatMap(goCommands);
    expect(buildOutput(df, stage, build!)).toBe('/src/bin/app');
    expect(buildOutput(df, stage, install!)).toBe('/go/bin/');
    expect(copyTakesOutput('/src/bin', '/src/bin/app')).toBe(true);
    expect(copyTakesOutput('/go/bin/tool', '/go/bin/')).toBe(true);
    expect(copyTakesOutput('/src/bin/other', '/src/bin/app')).toBe(false);
  });
});

describe('cgo', () => {
  const setting = (text: string) => {
    const df = load(text);
    const stage = df.stages[df.stages.length - 1]!;
    const cmd = stage.instructions.flatMap(goCommands).find((c) => c.subcommand === 'build')!;
    return { setting: cgoSetting(df, stage, cmd), binary: goBinary(df, stage, cmd) };
  };

  it('defaults to on in Debian golang images and links glibc', () => {
    const { setting: s, binary } = setting('FROM golang:1.23\nRUN go build -o /app .\n');
    expect(s).toMatchObject({ enabled: true, reason: 'golang:1.23 ships gcc, so cgo defaults to on' });
    expect(binary).toMatchObject({ needs: 'glibc', dynamicBecause: 'cgo' });
  });

  it('is off in Alpine golang images unless a compiler is installed', () => {
    expect(setting('FROM golang:1.23-alpine\nRUN go build -o /app .\n').setting.enabled).toBe(false);
    expect(setting('FROM golang:1.23-alpine\nRUN apk add --no-cache gcc musl-dev\nRUN go build -o /app .\n').binary.needs).toBe('musl');
    expect(setting('FROM golang:1.19-alpine\nRUN go build -o /app .\n').setting.enabled).toBeUndefined();
  });

  it('follows ENV inherited from a parent stage', () => {
    const { setting: s } = setting('FROM golang:1.23 AS base\nENV CGO_ENABLED=0\nFROM base\nRUN go build -o /app .\n');
    expect(s).toMatchObject({ enabled: false, reason: 'ENV CGO_ENABLED=0' });
    expect(s.span.line).toBe(2);
  });

  it('treats an unresolved value as unknown', () => {
    expect(setting('FROM golang:1.23\nARG CGO\nRUN CGO_ENABLED=$CGO go build -o /app .\n').setting.enabled).toBeUndefined();
  });
});
