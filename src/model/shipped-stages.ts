import type { Dockerfile, Instruction, Stage } from './dockerfile.js';
import { stageChain } from './go-build.js';
import { finalStage } from './stages.js';

/**
 * The stages whose filesystem and config make up the image `docker build` produces: the last
 * stage and the stages it is built FROM, last stage first. (`COPY --from` copies files, not config.)
 */
export function shippedChain(df: Dockerfile): Stage[] {
  const last = finalStage(df);
  return last ? stageChain(df, last).reverse() : [];
}

/** The last instruction with `keyword` in the shipped image, as Docker resolves inherited config. */
export function lastShipped(df: Dockerfile, keyword: string): Instruction | undefined {
  for (const stage of shippedChain(df)) {
    const hits = stage.instructions.filter((i) => i.keyword === keyword);
    const last = hits[hits.length - 1];
    if (last) return last;
  }
  return undefined;
}

/** Every instruction of the shipped stages, in build order. */
export function shippedInstructions(df: Dockerfile): Instruction[] {
  return shippedChain(df).reverse().flatMap((s) => s.instructions);
}
