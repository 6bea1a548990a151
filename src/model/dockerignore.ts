import { posix } from 'node:path';
import type { Dockerfile, Instruction, Stage } from './dockerfile.js';
import { copiesWholeContext } from './shell.js';
import type { Workspace } from './workspace.js';

/**
 * `.dockerignore` semantics as BuildKit applies them (moby/patternmatcher): patterns are
 * cleaned paths relative to the context root (a leading `/` is dropped), matched with Go's
 * filepath.Match plus `**` for any number of directories; `!` re-includes; the last pattern
 * that matches wins; and a pattern that matches a directory excludes everything under it.
 */
interface Pattern {
  negate: boolean;
  re: RegExp;
}

export function compileDockerignore(patterns: readonly string[]): (path: string) => boolean {
  const compiled: Pattern[] = [];
  for (const raw of patterns) {
    const negate = raw.startsWith('!');
    let p = (negate ? raw.slice(1) : raw).trim();
    p = posix.normalize(p).replace(/^\/+/, '').replace(/\/+$/, '');
    if (p === '' || p === '.') continue;
    compiled.push({ negate, re: patternRegExp(p) });
  }
  return (path) => {
    const clean = posix.normalize(path).replace(/^\/+/, '');
    const candidates = parentsAndSelf(clean);
    let excluded = false;
    for (const { negate, re } of compiled) {
      if (candidates.some((c) => re.test(c))) excluded = !negate;
    }
    return excluded;
  };
}

/** `a/b/c` → `a`, `a/b`, `a/b/c`: a pattern matching any of them covers the path. */
function parentsAndSelf(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

function patternRegExp(p: string): RegExp {
  let re = '';
  for (let i = 0; i < p.length; i++) {
    const ch = p.charAt(i);
    if (ch === '*') {
      if (p.charAt(i + 1) === '*') {
        i++;
        // `**/` may match zero directories; a trailing or inner `**` matches anything.
        if (p.charAt(i + 1) === '/') {
          i++;
          re += '(?:.*/)?';
        } else {
          re += '.*';
        }
      } else {
        re += '[^/]*';
      }
    } else if (ch === '?') {
      re += '[^/]';
    } else if (ch === '[') {
      const close = p.indexOf(']', i + 1);
      if (close < 0) {
        re += '\\[';
        continue;
      }
      // filepath.Match negates with `^`, as JS does; `!` is a literal there.
      re += `[${p.slice(i + 1, close).replace(/\\(?!.)/g, '\\\\')}]`;
      i = close;
    } else if (ch === '\\' && i + 1 < p.length) {
      i++;
      re += escapeRe(p.charAt(i));
    } else {
      re += escapeRe(ch);
    }
  }
  return new RegExp(`^${re}$`);
}

function escapeRe(ch: string): string {
  return /[\\^$.*+?()[\]{}|]/.test(ch) ? `\\${ch}` : ch;
}

/**
 * Whether the loader's `.dockerignore` (the one beside the Dockerfile) is the one the build
 * uses. A Dockerfile below its go.mod (`deploy/Dockerfile`, module at the root) is almost
 * always built with the module root as context, whose ignore file the loader did not read.
 */
export function contextIsDockerfileDir(ws: Workspace, df: Dockerfile): boolean {
  const mod = ws.links.goModuleOf(df);
  return !mod || posix.normalize(mod.dir || '.') === posix.normalize(df.dir || '.');
}

/** COPY/ADD instructions that take the whole context (`COPY . .`, `ADD . /src`). */
export function wholeContextCopies(stage: Stage): Instruction[] {
  return stage.instructions.filter((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && copiesWholeContext(i));
}
