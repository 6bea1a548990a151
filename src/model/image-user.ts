import type { Dockerfile, Instruction } from './dockerfile.js';
import { shellWords } from './dockerfile-words.js';
import { runScript } from './shell.js';
import { lastShipped } from './shipped-stages.js';

/** The USER the image's config will carry, as set by this Dockerfile (undefined = inherited from the base). */
export interface StageUser {
  /** Expanded `USER` value, e.g. `app`, `1000:1000`, `nonroot:nonroot`. */
  value: string;
  /** The user part before `:`. */
  user: string;
  instruction: Instruction;
  /** True when a variable in it did not resolve. */
  unresolved: boolean;
}

/** The last USER of the shipped image as this Dockerfile sets it (undefined = the base image decides). */
export function imageUser(df: Dockerfile): StageUser | undefined {
  const last = lastShipped(df, 'USER');
  if (!last) return undefined;
  const value = last.expanded.trim();
  return { value, user: value.split(':')[0] ?? '', instruction: last, unresolved: /\$/.test(value) };
}

/** The way the kubelet (via the CRI) reads an image user: numeric uid or a name. */
export function numericUid(user: string): number | undefined {
  return /^\d+$/.test(user) ? Number(user) : undefined;
}

/**
 * The uid a `useradd -u N name` / `adduser -u N name` / `adduser --uid N name` in the
 * Dockerfile gives `name`, so a fix can name the number instead of guessing.
 */
export function createdUid(df: Dockerfile, name: string): number | undefined {
  let found: number | undefined;
  for (const stage of df.stages) {
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'RUN') continue;
      for (const segment of runScript(ins).split(/&&|\|\||[;\n]/)) {
        const words = shellWords(segment);
        const cmd = words.findIndex((w) => /(^|\/)(useradd|adduser)$/.test(w));
        if (cmd < 0 || !words.slice(cmd + 1).includes(name)) continue;
        const rest = words.slice(cmd + 1);
        for (let i = 0; i < rest.length; i++) {
          const m = /^(?:-u|--uid)(?:=(\d+))?$/.exec(rest[i]!);
          const uid = m ? (m[1] ?? rest[i + 1]) : undefined;
          if (uid !== undefined && /^\d+$/.test(uid)) found = Number(uid);
        }
      }
    }
  }
  return found;
}
