import type { Span } from '../core/finding.js';

/** An image reference split the way Docker reads it (`registry/repo:tag@digest`). */
export interface ImageRef {
  /** As written after ARG expansion, e.g. `golang:1.22-alpine`. */
  raw: string;
  /** Registry host when written (`ghcr.io`, `localhost:5000`); undefined means Docker Hub. */
  registry?: string;
  /** Repository path without registry, e.g. `golang`, `distroless/static-debian12`. */
  repository: string;
  tag?: string;
  digest?: string;
}

export interface Flag {
  name: string;
  value?: string;
  span: Span;
}

export interface Heredoc {
  name: string;
  content: string;
  span: Span;
}

export interface Instruction {
  /** Upper-case keyword: FROM, RUN, COPY, ENV, ARG, USER, CMD, ENTRYPOINT, … */
  keyword: string;
  /** Argument text with line continuations joined (flags removed), ARGs/ENVs NOT expanded. */
  args: string;
  /** The same text with variables expanded from the stage's ARG/ENV scope where they resolve. */
  expanded: string;
  /** JSON (exec) form arguments, unquoted, when the instruction uses `["a","b"]`. */
  json?: string[];
  flags: Flag[];
  heredocs: Heredoc[];
  /** Whole instruction, keyword included. */
  span: Span;
  /** Just the arguments part (after the keyword and flags). */
  argsSpan: Span;
}

export interface FromLine {
  instruction: Instruction;
  /** The base image after ARG expansion (global ARGs, `--build-arg` overrides, `${X:-default}`). */
  image: ImageRef;
  /** Span of the image token as written in the file. */
  imageSpan: Span;
  /** True when some variable in the image could not be resolved (no default, no --build-arg). */
  unresolved: boolean;
  /** `--platform` value as written, if any. */
  platform?: string;
  /** When FROM names an earlier stage (`FROM builder`), that stage's index. */
  parentStage?: number;
}

export interface Stage {
  index: number;
  /** `AS name`, lower-cased as BuildKit matches it. */
  name?: string;
  from: FromLine;
  /** Instructions after FROM up to the next FROM. */
  instructions: Instruction[];
  /**
   * Variables visible at the end of the stage: ARG (with defaults or overrides) and ENV,
   * ENV winning as in Docker. Values are already expanded.
   */
  vars: Record<string, string>;
}

export interface IgnoreComment {
  /** Rule ids named in `# kubewhy:ignore a,b` (empty = every rule). */
  rules: string[];
  /**
   * Lines the comment covers: the whole next instruction (`# kubewhy:ignore`), or the whole
   * file (`# kubewhy:ignore-file`, written anywhere).
   */
  scope: { startLine: number; endLine: number } | 'file';
  span: Span;
}

export interface Dockerfile {
  /** Relative path from the lint root. */
  file: string;
  /** Directory relative to the lint root, used as the default build context. */
  dir: string;
  text: string;
  escape: string;
  /** Global ARGs declared before the first FROM (name → default after overrides; undefined = none). */
  globalArgs: Record<string, string | undefined>;
  stages: Stage[];
  ignores: IgnoreComment[];
  /** Lines of the `.dockerignore` beside it (or `<Dockerfile>.dockerignore`), undefined when absent. */
  dockerignore?: { file: string; patterns: string[] };
}
