import { posix } from 'node:path';
import type { Dockerfile, Instruction, Stage } from './dockerfile.js';
import { runScript } from './shell.js';

/**
 * `go …` commands inside RUN scripts, read the way sh would run them: enough of the shell
 * (command lists, prefix assignments, `export`, `env`) to know each go command's environment
 * and flags. Anything fancier (functions, `sh -c "…"`) is simply not recognised.
 */

export interface GoCommand {
  ins: Instruction;
  /** `build`, `install`, `mod download`, `test`, … (`mod` and `env` keep their second word). */
  subcommand: string;
  /** Words after the subcommand, quotes removed. */
  args: string[];
  /**
   * Variables this command sees from the script itself: `export X=…` and `go env -w X=…`
   * earlier in the same RUN, then `X=… go build` / `env X=… go build` prefixes.
   */
  env: Record<string, string>;
  /** The command was `xx-go` (tonistiigi/xx), which sets GOOS/GOARCH/CC from TARGETPLATFORM. */
  xx: boolean;
}

/** One shell command's words, quotes removed. */
function commandsOf(script: string): string[][] {
  const out: string[][] = [];
  let words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote = '';
  const endWord = (): void => {
    if (inWord) words.push(cur);
    cur = '';
    inWord = false;
  };
  const endCommand = (): void => {
    endWord();
    if (words.length > 0) out.push(words);
    words = [];
  };
  const text = script.replace(/\\\r?\n/g, ' ');
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quote !== '') {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"' && i + 1 < text.length) cur += text.charAt(++i);
      else cur += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      cur += text.charAt(++i);
      inWord = true;
    } else if (c === '#' && !inWord) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl - 1;
    } else if (c === ';' || c === '&' || c === '|' || c === '\n' || c === '(' || c === ')' || c === '{' || c === '}') {
      // `{`/`}` only group commands as separate words; inside a word (`${X}`) they are literal.
      if ((c === '{' || c === '}') && inWord) cur += c;
      else endCommand();
    } else if (/\s/.test(c)) {
      endWord();
    } else {
      cur += c;
      inWord = true;
    }
  }
  endCommand();
  return out;
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

/** Every `go` command of a RUN, with the script-level environment each one sees. */
export function goCommands(ins: Instruction): GoCommand[] {
  if (ins.keyword !== 'RUN') return [];
  const found: GoCommand[] = [];
  const exported: Record<string, string> = {};
  for (let words of commandsOf(runScript(ins))) {
    const prefix: Record<string, string> = {};
    for (;;) {
      const w = words[0];
      if (w === undefined) break;
      const m = ASSIGNMENT.exec(w);
      if (m) {
        prefix[m[1]!] = m[2]!;
        words = words.slice(1);
      } else if (w === 'env' || w === 'sudo' || w === 'time' || w === 'exec') {
        words = words.slice(1);
      } else {
        break;
      }
    }
    const [cmd, ...rest] = words;
    if (cmd === undefined) {
      Object.assign(exported, prefix);
      continue;
    }
    if (cmd === 'export') {
      for (const w of rest) {
        const m = ASSIGNMENT.exec(w);
        if (m) exported[m[1]!] = m[2]!;
      }
      continue;
    }
    const base = posix.basename(cmd);
    if (base !== 'go' && base !== 'xx-go') continue;
    const sub = rest[0];
    if (sub === undefined) continue;
    const twoWord = (sub === 'mod' || sub === 'env') && rest[1] !== undefined && !rest[1].startsWith('-');
    const subcommand = twoWord ? `${sub} ${rest[1]}` : sub;
    const args = rest.slice(twoWord ? 2 : 1);
    const cmdFound: GoCommand = { ins, subcommand, args, env: { ...exported, ...prefix }, xx: base === 'xx-go' };
    found.push(cmdFound);
    Object.assign(exported, goEnvWrites(cmdFound));
  }
  return found;
}

/** `go env -w NAME=value …`: settings written to the go env file, seen by every later go command. */
export function goEnvWrites(cmd: GoCommand): Record<string, string> {
  const out: Record<string, string> = {};
  if (cmd.subcommand !== 'env' || cmd.args[0] !== '-w') return out;
  for (const w of cmd.args.slice(1)) {
    const m = ASSIGNMENT.exec(w);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

/** `go build`/`go install`: the commands that produce a binary. */
export function isBuild(cmd: GoCommand): boolean {
  return cmd.subcommand === 'build' || cmd.subcommand === 'install';
}

/** Commands that load the module graph (and so need go.sum and may download modules). */
export function loadsModules(cmd: GoCommand): boolean {
  return /^(build|install|test|vet|run|list|generate|mod download|mod tidy|mod vendor|mod verify|mod graph|mod why|get)$/.test(
    cmd.subcommand,
  );
}

/**
 * A go flag's value: `-o x`, `-o=x`, `--o x`. Returns the last occurrence (the one Go uses).
 * Boolean flags are not supported (they would swallow the next word).
 */
export function flagValue(args: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const bare = a.replace(/^--?/, '-');
    if (bare === `-${name}`) value = args[++i];
    else if (bare.startsWith(`-${name}=`)) value = bare.slice(name.length + 2);
  }
  return value;
}

/**
 * Flags from GOFLAGS (space-separated, as cmd/go reads it) followed by the command line, so a
 * command-line flag wins, as in Go.
 */
export function effectiveArgs(cmd: GoCommand, stageVars: Record<string, string>): string[] {
  const goflags = cmd.env.GOFLAGS ?? stageVars.GOFLAGS ?? '';
  return [...goflags.split(/\s+/).filter((w) => w !== ''), ...cmd.args];
}

/** Build tags from `-tags a,b` (or the legacy space-separated form). */
export function buildTags(args: readonly string[]): string[] {
  return (flagValue(args, 'tags') ?? '').split(/[\s,]+/).filter((t) => t !== '');
}

/** `-mod=vendor|mod|readonly` as the command sees it. */
export function modFlag(args: readonly string[]): string | undefined {
  return flagValue(args, 'mod');
}

/** A variable the command sees: script environment first, then the stage's ARG/ENV. */
export function envOf(cmd: GoCommand, stageVars: Record<string, string>, name: string): string | undefined {
  return cmd.env[name] ?? stageVars[name];
}

/**
 * Stages a stage is built on, oldest first, ending with the stage itself
 * (`FROM golang AS base` … `FROM base AS build`).
 */
export function stageChain(df: Dockerfile, stage: Stage): Stage[] {
  const chain: Stage[] = [stage];
  const seen = new Set([stage.index]);
  let cur = stage;
  while (cur.from.parentStage !== undefined && !seen.has(cur.from.parentStage)) {
    const parent = df.stages[cur.from.parentStage];
    if (!parent) break;
    seen.add(parent.index);
    chain.unshift(parent);
    cur = parent;
  }
  return chain;
}

/** Instructions of a stage and the stages it is built on, in build order. */
export function chainInstructions(df: Dockerfile, stage: Stage): Instruction[] {
  return stageChain(df, stage).flatMap((s) => s.instructions);
}

/** The stage a `COPY --from=<name|index>` reads, undefined for an external image. */
export function copyFromStage(df: Dockerfile, ins: Instruction): Stage | undefined {
  const from = ins.flags.find((f) => f.name === 'from')?.value;
  if (from === undefined) return undefined;
  if (/^\d+$/.test(from)) return df.stages[Number(from)];
  return df.stages.find((s) => s.name === from.toLowerCase());
}

/** The working directory in effect at `ins` (WORKDIR is inherited from parent stages). */
export function workdirAt(df: Dockerfile, stage: Stage, ins: Instruction): string {
  let dir = '/';
  for (const i of chainInstructions(df, stage)) {
    if (i === ins) break;
    if (i.keyword === 'WORKDIR') dir = posix.resolve(dir, i.expanded.trim().replace(/^["']|["']$/g, ''));
  }
  return dir;
}

/**
 * Where a build writes its binary, absolute, or undefined when Go picks the name (no `-o`).
 * A trailing slash (or `go install`) means a directory.
 */
export function buildOutput(df: Dockerfile, stage: Stage, cmd: GoCommand): string | undefined {
  const out = flagValue(cmd.args, 'o');
  if (cmd.subcommand === 'install') return envOf(cmd, stage.vars, 'GOBIN') ?? '/go/bin/';
  if (out === undefined) return undefined;
  const abs = posix.resolve(workdirAt(df, stage, cmd.ins), out);
  return out.endsWith('/') ? `${abs}/` : abs;
}

/** Whether a COPY source path (absolute in the other stage) picks up a build output. */
export function copyTakesOutput(source: string, output: string): boolean {
  const src = source.replace(/\/+$/, '');
  const out = output.replace(/\/+$/, '');
  // The source is the binary itself, a directory holding it (`/` included), or a file in an output directory.
  return src === out || src === '' || out.startsWith(`${src}/`) || (output.endsWith('/') && src.startsWith(`${out}/`));
}

const compilesGo = new WeakMap<Dockerfile, boolean>();

/** Some stage compiles Go (`go build`/`go install`): the image it produces can hold a Go binary. */
export function buildsGo(df: Dockerfile): boolean {
  let known = compilesGo.get(df);
  // Shell-parsing every RUN is the costly part, and many containers share one Dockerfile.
  if (known === undefined) compilesGo.set(df, (known = df.stages.some((s) => s.instructions.some((ins) => goCommands(ins).some(isBuild)))));
  return known;
}
