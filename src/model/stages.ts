import type { Dockerfile, FromLine, ImageRef, Stage } from './dockerfile.js';

/** The stage `docker build` produces without `--target`: the last one. */
export function finalStage(df: Dockerfile): Stage | undefined {
  return df.stages[df.stages.length - 1];
}

/** The external image a stage ultimately starts from, following `FROM <earlier stage>` chains. */
export function rootFrom(df: Dockerfile, stage: Stage): FromLine {
  let from = stage.from;
  const seen = new Set<number>();
  while (from.parentStage !== undefined && !seen.has(from.parentStage)) {
    seen.add(from.parentStage);
    const parent = df.stages[from.parentStage];
    if (!parent) break;
    from = parent.from;
  }
  return from;
}

/** Official Go images, also through Docker Hub mirrors (`mirror.gcr.io/library/golang`, ECR public). */
export function isGolangImage(ref: ImageRef): boolean {
  return ref.repository === 'golang' || ref.repository.endsWith('/golang');
}

export function isScratch(ref: ImageRef): boolean {
  return ref.repository === 'scratch' && ref.registry === undefined;
}

/** Instructions of a stage with one keyword, in order. */
export function instructionsOf(stage: Stage, keyword: string) {
  return stage.instructions.filter((i) => i.keyword === keyword);
}
