import { posix } from 'node:path';
import type { Dockerfile, Instruction } from './dockerfile.js';
import { workdirAt } from './go-build.js';
import type { ContainerView, JsonObject } from './manifest.js';
import { runScript } from './shell.js';
import { shippedChain, shippedInstructions } from './shipped-stages.js';
import { asArray, asObject } from './wiring.js';

/** Where files come from in a running container: a volume mount, or the image. */
export interface MountHit {
  index: number;
  mountPath: string;
  subPath?: string;
  /** The volume's source kind (`configMap`, `secret`, `emptyDir`, …) and the object it names. */
  source?: string;
  refName?: string;
}

/** The volume mount a path lives on (the deepest one), if any. */
export function mountCovering(c: ContainerView, path: string): MountHit | undefined {
  const volumes = new Map<string, JsonObject>();
  for (const v of asArray((c.template.spec as unknown as JsonObject).volumes)) {
    const vol = asObject(v);
    if (vol && typeof vol.name === 'string') volumes.set(vol.name, vol);
  }
  let best: MountHit | undefined;
  (c.spec.volumeMounts ?? []).forEach((m, index) => {
    const mp = posix.normalize(m.mountPath ?? '');
    if (mp === '' || !(path === mp || path.startsWith(`${mp.replace(/\/$/, '')}/`))) return;
    if (best && best.mountPath.length >= mp.length) return;
    const vol = volumes.get(m.name);
    const source = vol ? Object.keys(vol).find((k) => k !== 'name') : undefined;
    const ref = source && vol ? asObject(vol[source]) : undefined;
    const refName = typeof ref?.name === 'string' ? ref.name : typeof ref?.secretName === 'string' ? ref.secretName : undefined;
    const sub = m.subPath ?? m.subPathExpr;
    best = { index, mountPath: mp, ...(sub ? { subPath: sub } : {}), ...(source ? { source } : {}), ...(refName ? { refName } : {}) };
  });
  return best;
}

/** The process's working directory: the container's workingDir, else the image's last WORKDIR. */
export function processCwd(df: Dockerfile, c: ContainerView): string {
  if (typeof c.spec.workingDir === 'string' && c.spec.workingDir !== '') return c.spec.workingDir;
  const chain = shippedChain(df);
  const last = chain[0];
  const end = last?.instructions[last.instructions.length - 1];
  if (!last || !end) return '/';
  const dir = workdirAt(df, last, end);
  return end.keyword === 'WORKDIR' ? posix.resolve(dir, end.expanded.trim()) : dir;
}

/**
 * The instruction that puts `path` into the shipped image: a COPY/ADD whose destination is the
 * path or a directory above it, or a RUN that names it. Undefined when the Dockerfile does not.
 */
export function imageProvides(df: Dockerfile, path: string): Instruction | undefined {
  const chain = shippedChain(df);
  const last = chain[0];
  for (const ins of shippedInstructions(df)) {
    if (ins.keyword === 'RUN' && runScript(ins).includes(path)) return ins;
    if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
    const words = ins.json ?? ins.expanded.split(/\s+/).filter((w) => w !== '');
    const destWord = words[words.length - 1];
    if (destWord === undefined || !last) continue;
    const stage = chain.find((s) => s.instructions.includes(ins)) ?? last;
    const dest = posix.resolve(workdirAt(df, stage, ins), destWord);
    if (path === dest || path.startsWith(`${dest.replace(/\/$/, '')}/`)) return ins;
  }
  return undefined;
}
