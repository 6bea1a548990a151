import { posix } from 'node:path';
import { goBinary, type GoBinary } from './cgo.js';
import type { Dockerfile, Instruction, Stage } from './dockerfile.js';
import { buildOutput, copyTakesOutput, goCommands, isBuild, stageChain } from './go-build.js';
import { copySources } from './shell.js';

/**
 * The go builds of `stage` whose output the COPY takes; when no build names its output with -o,
 * every build without -o is a candidate (Go names the binary after the package).
 */
export function shippedBinaries(df: Dockerfile, stage: Stage, copy: Instruction): GoBinary[] {
  const builds = stageChain(df, stage).flatMap((s) =>
    s.instructions.flatMap((i) => goCommands(i).filter(isBuild).map((cmd) => ({ s, cmd, out: buildOutput(df, s, cmd) }))),
  );
  const sources = copySources(copy).map((src) => posix.resolve('/', src));
  const matched = builds.filter((b) => b.out !== undefined && sources.some((src) => copyTakesOutput(src, b.out!)));
  const candidates = matched.length > 0 ? matched : builds.filter((b) => b.out === undefined);
  return candidates.map((b) => goBinary(df, b.s, b.cmd));
}

/** The path the binary lands at: the COPY destination, plus the source name when it is a directory. */
export function copyDestination(copy: Instruction): string {
  const words = copy.json ?? copy.expanded.split(/\s+/).filter((w) => w !== '');
  const dest = words[words.length - 1] ?? '/';
  const src = copySources(copy)[0] ?? '';
  return dest.endsWith('/') || dest === '.' ? posix.join(dest, posix.basename(src)) : dest;
}

/** `COPY --from=build /lib64 /lib64`: the team ships a dynamic loader by hand and knows what it does. */
export function copiesLoader(copies: readonly Instruction[]): boolean {
  return copies.some((c) => c.flags.some((f) => f.name === 'from') && copySources(c).some((s) => /(^|\/)(lib|lib64)(\/|$)|ld-/.test(s)));
}
