import { posix } from 'node:path';
import { Add, Copy, DockerfileParser, ModifiableInstruction, Run } from 'dockerfile-ast';
import type { Dockerfile as AstDockerfile, Instruction as AstInstruction, Heredoc as AstHeredoc } from 'dockerfile-ast';
import type { InputError, Span } from '../core/finding.js';
import type { Dockerfile, Flag, FromLine, Heredoc, IgnoreComment, Instruction, Stage } from '../model/dockerfile.js';
import { expand, parseAssignments, type Assignment, type Lookup } from './dockerfile-expand.js';
import { parseImageRef } from './image-ref.js';

export interface LoadDockerfileOptions {
  /** `--build-arg` overrides; they apply only to ARGs the Dockerfile declares. */
  buildArgs: Record<string, string>;
  dockerignore?: { file: string; text: string };
}

export interface LoadedDockerfile {
  dockerfile: Dockerfile;
  errors: InputError[];
}

const KEYWORDS = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

/** Instructions whose `["a","b"]` argument is exec form rather than a shell string. */
const EXEC_FORM = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'COPY', 'ADD', 'SHELL', 'VOLUME']);

/**
 * BuildKit fills these in itself (from the builder and `--platform`), so without an explicit
 * `--build-arg` their value is unknowable statically, not empty.
 */
const AUTOMATIC_ARGS = new Set([
  'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT',
  'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT',
]);

interface LspPosition {
  line: number;
  character: number;
}
interface LspRange {
  start: LspPosition;
  end: LspPosition;
}

/** Variables of one stage as the build sees them while walking its instructions. */
interface StageScope {
  args: Map<string, string | null | undefined>;
  env: Map<string, string>;
}

export function loadDockerfile(file: string, text: string, opts: LoadDockerfileOptions): LoadedDockerfile {
  // BuildKit skips a UTF-8 BOM; dropping it keeps line 1 columns the same as editors show.
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const dockerfile: Dockerfile = {
    file,
    dir: posix.dirname(file),
    text: source,
    escape: '\\',
    globalArgs: {},
    stages: [],
    ignores: [],
  };
  if (opts.dockerignore) dockerfile.dockerignore = { file: opts.dockerignore.file, patterns: ignorePatterns(opts.dockerignore.text) };

  const nul = source.indexOf('\0');
  if (nul >= 0) {
    const { line, column } = positionOf(source, nul);
    return { dockerfile, errors: [{ file, line, column, message: 'not a text file' }] };
  }

  const ast = DockerfileParser.parse(source);
  const loader = new Loader(file, source, ast, opts.buildArgs);
  dockerfile.escape = loader.escape;
  loader.run(dockerfile);
  // Found in several passes; report them in file order.
  const errors = loader.errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return { dockerfile, errors };
}

class Loader {
  readonly errors: InputError[] = [];
  readonly escape: string;
  private readonly lineStarts: number[];
  private readonly globals = new Map<string, string | null | undefined>();
  private readonly scopes: StageScope[] = [];

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly ast: AstDockerfile,
    private readonly buildArgs: Record<string, string>,
  ) {
    this.escape = ast.getEscapeCharacter();
    this.lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text.charAt(i) === '\n') this.lineStarts.push(i + 1);
  }

  run(df: Dockerfile): void {
    const nodes: AstInstruction[] = [];
    for (const node of this.ast.getInstructions()) {
      if (KEYWORDS.has(node.getKeyword())) nodes.push(node);
      else this.error(node.getRange().start, `unknown instruction ${quoteShort(node.getInstruction())}`);
    }
    const hasFrom = nodes.some((n) => n.getKeyword() === 'FROM');
    const first = nodes[0];
    if (!hasFrom && first) this.error(first.getRange().start, 'no FROM instruction');

    for (const node of nodes) {
      const keyword = node.getKeyword();
      const stage = df.stages[df.stages.length - 1];
      if (keyword === 'FROM') {
        df.stages.push(this.stage(node, df.stages));
      } else if (!stage) {
        if (keyword === 'ARG') this.declareGlobals(node);
        else if (hasFrom) this.error(node.getRange().start, `${keyword} before the first FROM (only ARG may come first)`);
      } else {
        this.addToStage(stage, node);
      }
    }

    for (const [name, value] of this.globals) df.globalArgs[name] = value ?? undefined;
    df.ignores = this.ignores(nodes);
  }

  private globalLookup: Lookup = (name) => {
    if (this.globals.has(name)) return this.globals.get(name);
    // Automatic platform ARGs are in the global scope without being declared.
    return AUTOMATIC_ARGS.has(name) ? (this.buildArgs[name] ?? null) : undefined;
  };

  private declareGlobals(node: AstInstruction): void {
    const { args } = this.argsOf(node, [], []);
    for (const { name, value } of this.assignments(node, args, 'ARG')) {
      this.globals.set(name, this.argValue(name, value, this.globalLookup, undefined));
    }
  }

  /**
   * BuildKit's precedence: automatic platform value or `--build-arg`, then the ARG's own
   * default, then (inside a stage, for `ARG NAME` alone) the global ARG of the same name.
   */
  private argValue(
    name: string,
    rawDefault: string | undefined,
    lookup: Lookup,
    inherited: string | null | undefined,
  ): string | null | undefined {
    const override = this.buildArgs[name];
    if (override !== undefined) return override;
    if (AUTOMATIC_ARGS.has(name)) return null;
    if (rawDefault !== undefined) return expand(rawDefault, lookup, this.escape, true).text;
    return inherited;
  }

  private stage(node: AstInstruction, earlier: Stage[]): Stage {
    const index = earlier.length;
    const instruction = this.instruction(node, this.globalLookup);
    const tokens = node.getArguments();
    const imageToken = tokens[0];
    const asToken = tokens[1];
    const nameToken = tokens[2];
    if (!imageToken) this.error(node.getRange().start, 'FROM has no image');
    else if (tokens.length !== 1 && (tokens.length !== 3 || asToken?.getValue().toLowerCase() !== 'as')) {
      this.error(node.getRange().start, 'FROM takes an image and optionally "AS name"');
    }

    const image = expand(imageToken?.getValue() ?? '', this.globalLookup, this.escape, true);
    const from: FromLine = {
      instruction,
      image: parseImageRef(image.text),
      imageSpan: imageToken ? this.span(imageToken.getRange()) : instruction.argsSpan,
      unresolved: image.unresolved,
    };
    const platform = instruction.flags.find((f) => f.name === 'platform');
    if (platform?.value !== undefined) from.platform = platform.value;
    const parent = earlier.findIndex((s) => s.name !== undefined && s.name === image.text.toLowerCase());
    if (parent >= 0) from.parentStage = parent;

    const stage: Stage = { index, from, instructions: [], vars: {} };
    if (nameToken && asToken?.getValue().toLowerCase() === 'as') stage.name = nameToken.getValue().toLowerCase();

    // A stage built on an earlier stage inherits its ENV (it is in the image config); ARGs are not inherited.
    const parentEnv = parent >= 0 ? this.scopes[parent]?.env : undefined;
    const scope: StageScope = { args: new Map(), env: new Map(parentEnv) };
    this.scopes.push(scope);
    stage.vars = varsOf(scope);
    return stage;
  }

  private addToStage(stage: Stage, node: AstInstruction): void {
    const scope = this.scopes[stage.index];
    if (!scope) return;
    // ENV wins over ARG of the same name, as in Docker.
    const lookup: Lookup = (name) => (scope.env.has(name) ? scope.env.get(name) : scope.args.get(name));
    const instruction = this.instruction(node, lookup);
    stage.instructions.push(instruction);

    const keyword = instruction.keyword;
    if (keyword !== 'ARG' && keyword !== 'ENV') return;
    // The whole instruction is expanded before it runs: `ENV A=1 B=$A` gives B the previous A.
    const values = this.assignments(node, instruction.args, keyword).map(({ name, value }) => ({
      name,
      value:
        keyword === 'ARG'
          ? this.argValue(name, value, lookup, this.globals.get(name))
          : expand(value ?? '', lookup, this.escape, true).text,
    }));
    for (const { name, value } of values) {
      if (keyword === 'ARG') scope.args.set(name, value);
      else if (typeof value === 'string') scope.env.set(name, value);
    }
    stage.vars = varsOf(scope);
  }

  private assignments(node: AstInstruction, args: string, keyword: 'ENV' | 'ARG'): Assignment[] {
    const parsed = parseAssignments(args, this.escape, keyword);
    if (parsed.error !== undefined) this.error(node.getRange().start, parsed.error);
    return parsed.assignments;
  }

  private instruction(node: AstInstruction, lookup: Lookup): Instruction {
    const keyword = node.getKeyword();
    const flags: Flag[] =
      node instanceof ModifiableInstruction
        ? node.getFlags().map((f) => {
            const flag: Flag = { name: f.getName(), span: this.span(f.getRange()) };
            const value = f.getValue();
            if (value !== null) flag.value = value;
            return flag;
          })
        : [];
    const astHeredocs = heredocsOf(node);
    const { args, argsSpan } = this.argsOf(node, astHeredocs, flags);
    const instruction: Instruction = {
      keyword,
      args,
      expanded: expand(args, lookup, this.escape).text,
      flags,
      heredocs: astHeredocs.map((h) => this.heredoc(h)),
      span: this.span(node.getRange()),
      argsSpan,
    };
    if (EXEC_FORM.has(keyword) && astHeredocs.length === 0) {
      const json = execForm(args);
      if (json) instruction.json = json;
    }
    return instruction;
  }

  /**
   * The argument text and its span. dockerfile-ast's tokens give the extent, but its joined
   * content keeps comment and blank lines inside continuations (BuildKit drops them) and, for
   * heredocs, the bodies: the instruction's own text ends with the line that opens the heredocs.
   */
  private argsOf(node: AstInstruction, heredocs: AstHeredoc[], flags: Flag[]): { args: string; argsSpan: Span } {
    let tokens = node.getArguments();
    const lastOpen = heredocs[heredocs.length - 1]?.getStartRange().start.line;
    if (lastOpen !== undefined) tokens = tokens.filter((t) => t.getRange().start.line <= lastOpen);
    const first = tokens[0];
    const last = tokens[tokens.length - 1];
    if (first && last) {
      const range = { start: first.getRange().start, end: last.getRange().end };
      const raw = this.text.slice(this.offset(range.start), this.offset(range.end));
      return { args: joinContinuations(raw, this.escape), argsSpan: this.span(range) };
    }
    // No arguments: an empty span right after the keyword (or its last flag).
    const lastFlag = flags[flags.length - 1];
    const end = lastFlag
      ? { line: lastFlag.span.endLine - 1, character: lastFlag.span.endColumn - 1 }
      : node.getInstructionRange().end;
    return { args: '', argsSpan: this.span({ start: end, end }) };
  }

  private heredoc(h: AstHeredoc): Heredoc {
    const open = h.getStartRange();
    const contentRange = h.getContentRange();
    let content = contentRange
      ? this.text.slice(this.offset(contentRange.start), this.offset(contentRange.end)).replace(/\r\n/g, '\n') + '\n'
      : '';
    // `<<-EOF` strips leading tabs from each body line (and the delimiter), like the shell.
    if (this.text.slice(this.offset(open.start), this.offset(open.end)).startsWith('<<-')) {
      content = content.replace(/^\t+/gm, '');
    }
    const end = (h.getDelimiterRange() ?? contentRange ?? open).end;
    return { name: h.getName(), content, span: this.span({ start: open.start, end }) };
  }

  private ignores(nodes: AstInstruction[]): IgnoreComment[] {
    const out: IgnoreComment[] = [];
    for (const comment of this.ast.getComments()) {
      const m = /^kubewhy:ignore(-file)?(?:\s+(.*))?$/.exec(comment.getContent());
      if (!m) continue;
      // Anything after `--` is a free-form reason, not rule ids.
      const ids = (m[2] ?? '').split(/(?:^|\s)--(?:\s|$)/)[0] ?? '';
      const rules = ids.split(/[\s,]+/).filter((r) => r !== '');
      const range = comment.getRange();
      const span = this.span(range);
      if (m[1] !== undefined) {
        out.push({ rules, scope: 'file', span });
        continue;
      }
      const next = nodes.find((n) => n.getRange().start.line > range.start.line);
      if (!next) continue;
      const r = next.getRange();
      out.push({ rules, scope: { startLine: r.start.line + 1, endLine: r.end.line + 1 }, span });
    }
    return out;
  }

  private offset(p: LspPosition): number {
    return (this.lineStarts[p.line] ?? this.text.length) + p.character;
  }

  private span(r: LspRange): Span {
    return {
      file: this.file,
      line: r.start.line + 1,
      column: r.start.character + 1,
      endLine: r.end.line + 1,
      endColumn: r.end.character + 1,
    };
  }

  private error(p: LspPosition, message: string): void {
    this.errors.push({ file: this.file, line: p.line + 1, column: p.character + 1, message });
  }
}

/** dockerfile-ast finds heredocs in any instruction but exposes them only on RUN and COPY; BuildKit allows ADD too. */
function heredocsOf(node: AstInstruction): AstHeredoc[] {
  if (node instanceof Run || node instanceof Copy) return node.getHeredocs();
  if (node instanceof Add) return (node as unknown as { getHeredocs(): AstHeredoc[] }).getHeredocs();
  return [];
}

/**
 * BuildKit's line joining: an escape at the end of a line (trailing blanks allowed) continues
 * the instruction, and blank or comment lines inside the continuation are dropped.
 */
function joinContinuations(raw: string, escape: string): string {
  const continued = new RegExp(`${escape.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}[ \t]*$`);
  let out = '';
  raw.split(/\r?\n/).forEach((line, i) => {
    if (i > 0 && /^\s*(?:#.*)?$/.test(line)) return;
    const m = continued.exec(line);
    out += m ? line.slice(0, m.index) : line;
  });
  return out;
}

function varsOf(scope: StageScope): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [name, value] of scope.args) if (typeof value === 'string') vars[name] = value;
  for (const [name, value] of scope.env) vars[name] = value;
  return vars;
}

/** BuildKit's rule: exec form iff the whole argument parses as a JSON array of strings. */
function execForm(args: string): string[] | undefined {
  if (!args.trimStart().startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(args);
    if (Array.isArray(parsed) && parsed.every((v): v is string => typeof v === 'string')) return parsed;
  } catch {
    // Not JSON: shell form that happens to start with `[`.
  }
  return undefined;
}

function ignorePatterns(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

/** Keeps error messages on one line whatever garbage the keyword holds. */
function quoteShort(s: string): string {
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
}
