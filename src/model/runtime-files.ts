import type { Dockerfile } from './dockerfile.js';
import { buildTags, effectiveArgs, goCommands } from './go-build.js';
import { runScript } from './shell.js';
import { shippedChain, shippedInstructions } from './shipped-stages.js';

/**
 * Whether the shipped image gets `what` from the Dockerfile itself: a package install
 * (`apk add`, `apt-get install`, `dnf/microdnf install`) naming the package, or a COPY/ADD
 * whose text names the file or directory.
 */
export function shipsPackageOrFiles(df: Dockerfile, pkg: string, paths: RegExp): boolean {
  const install = new RegExp(`\\b(apk\\s+add|apt-get\\s+install|apt\\s+install|(micro)?dnf\\s+install|yum\\s+install)\\b[^;&|\\n]*\\b${pkg}\\b`);
  return shippedInstructions(df).some((i) => {
    if (i.keyword === 'RUN') return install.test(runScript(i));
    if (i.keyword === 'COPY' || i.keyword === 'ADD') return paths.test(i.expanded);
    return false;
  });
}

/** A variable set (ENV/ARG) in the shipped stages. */
export function shippedVar(df: Dockerfile, name: string): string | undefined {
  return shippedChain(df)[0]?.vars[name];
}

/** Some `go build` in the Dockerfile passes this build tag (`-tags timetzdata`, `-tags=netgo,timetzdata`). */
export function buildsWithTag(df: Dockerfile, tag: string): boolean {
  return df.stages.some((stage) =>
    stage.instructions.some((ins) =>
      goCommands(ins).some((c) => buildTags(effectiveArgs(c, stage.vars)).includes(tag)),
    ),
  );
}
