import type { Instruction } from './dockerfile.js';

/** Source operands of a COPY/ADD (everything but the destination), exec or shell form. */
export function copySources(ins: Instruction): string[] {
  const words = ins.json ?? ins.expanded.split(/\s+/).filter((w) => w !== '');
  return words.slice(0, -1);
}

/** `.`, `./`, `./.` and `*` send the whole build context into the layer. */
export function copiesWholeContext(ins: Instruction): boolean {
  if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || ins.flags.some((f) => f.name === 'from')) return false;
  return copySources(ins).some((s) => s === '.' || s === './' || s === './.' || s === '*' || s === './*');
}

/** The shell text a RUN executes: its arguments plus any heredoc bodies. */
export function runScript(ins: Instruction): string {
  return [ins.json ? ins.json.join(' ') : ins.expanded, ...ins.heredocs.map((h) => h.content)].join('\n');
}

export function runsGo(ins: Instruction, subcommand: RegExp): boolean {
  return ins.keyword === 'RUN' && new RegExp(`(^|[\\s;&|(])go\\s+${subcommand.source}`).test(runScript(ins));
}

/** `--mount=type=cache,target=/go/pkg/mod` (or GOMODCACHE's default under /root/go). */
export function hasModuleCacheMount(ins: Instruction): boolean {
  return ins.flags.some(
    (f) => f.name === 'mount' && /type=cache/.test(f.value ?? '') && /target=[^,]*(pkg\/mod|\/go\b)/.test(f.value ?? ''),
  );
}
