import type {
  AccountFileFacts,
  EntrypointFacts,
  GroupEntry,
  ImageFactError,
  ImageFactKey,
  ImageFacts,
  ImageUserFacts,
  LayerReadStat,
  PasswdEntry,
  PathFact,
} from '../../model/image.js';
import { parseGroup, parsePasswd, resolveUser, splitUser } from './accounts.js';
import type { BinaryFacts } from './binary-scan.js';
import { content, contentOf, isExecutable, isFile, pathFact, type FactContext, type Found } from './context.js';
import type { Resolution } from './merged-view.js';
import { caBundle, zoneinfo } from './system-files.js';

/*
 * The facts, read off the layer walk's state (context.ts): which file contents are still
 * needed, whether each asked-for fact is decided, and the final ImageFacts.
 */

const PASSWD = '/etc/passwd';
const GROUP = '/etc/group';
const SHELL = '/bin/sh';

/** Files whose bytes are needed, as far as the layers read so far tell. */
export function contentTargets(ctx: FactContext): Array<{ layer: number; path: string; kind: 'binary' | 'text' }> {
  const out: Array<{ layer: number; path: string; kind: 'binary' | 'text' }> = [];
  if (ctx.want.has('entrypoint')) {
    // Every candidate found so far may turn out to be the one exec picks: read each (in practice one).
    for (const c of ctx.plan.candidates) {
      const r = ctx.view.resolve(c);
      if (isFile(r)) out.push({ ...contentOf(r), kind: 'binary' });
    }
  }
  for (const file of accountFilesNeeded(ctx)) {
    const r = ctx.view.resolve(file);
    if (isFile(r)) out.push({ ...contentOf(r), kind: 'text' });
  }
  return out;
}

/** Whether the entry just met (layer, path) is one whose bytes are needed. */
export function contentWanted(ctx: FactContext, layer: number, path: string): 'binary' | 'text' | undefined {
  return contentTargets(ctx).find((t) => t.layer === layer && t.path === path)?.kind;
}

function accountFilesNeeded(ctx: FactContext): string[] {
  if (!ctx.want.has('user') && !ctx.want.has('entrypoint')) return [];
  const { user, group } = splitUser(ctx.config.user);
  const out: string[] = [];
  if (user !== '' && !/^\d+$/.test(user)) out.push(PASSWD);
  if (group !== undefined && group !== '' && !/^\d+$/.test(group)) out.push(GROUP);
  return out;
}

/** A fact that no unread layer can change any more. */
export function factKnown(key: ImageFactKey, ctx: FactContext): boolean {
  switch (key) {
    case 'entrypoint':
      return entrypointKnown(ctx);
    case 'user':
      return accountFilesNeeded(ctx).every((f) => decided(ctx, ctx.view.resolve(f)));
    case 'caBundle':
      return caBundle(ctx).state !== 'unknown';
    case 'zoneinfo': {
      const z = zoneinfo(ctx);
      return z.state !== 'unknown' && z.tz?.state !== 'unknown';
    }
    case 'shell':
      return ctx.view.resolve(SHELL).kind !== 'pending';
  }
}

/** The path is decided, and if it is a file its bytes have been read. */
function decided(ctx: FactContext, r: Resolution): boolean {
  return r.kind !== 'pending' && (!isFile(r) || content(ctx, r) !== undefined);
}

/** exec.LookPath over the candidates: the first executable regular file; else the first file found (to report). */
function pickProgram(ctx: FactContext): { r: Resolution; path: string } | 'pending' | undefined {
  const { candidates, lookup } = ctx.plan;
  let firstFound: { r: Resolution; path: string } | undefined;
  for (const path of candidates) {
    const r = ctx.view.resolve(path);
    if (r.kind === 'pending') return 'pending';
    if (lookup !== 'path') return { r, path };
    if (isFile(r) && isExecutable(r)) return { r, path };
    if (r.kind !== 'missing') firstFound ??= { r, path };
  }
  return firstFound;
}

function entrypointKnown(ctx: FactContext): boolean {
  const shell = ctx.plan.shellForm ? ctx.view.resolve(ctx.plan.shellForm.shell) : undefined;
  if (shell?.kind === 'pending') return false;
  const picked = pickProgram(ctx);
  if (picked === 'pending') return false;
  if (!picked || !isFile(picked.r)) return true;
  const c = content(ctx, picked.r);
  if (!c) return false;
  const interp = c.kind === 'binary' ? interpreterOf(c.facts) : undefined;
  return interp === undefined || ctx.view.resolve(interp).kind !== 'pending';
}

function interpreterOf(b: BinaryFacts): string | undefined {
  return b.elf?.interpreter ?? b.script?.interpreter;
}

function entrypointFacts(ctx: FactContext, user: ImageUserFacts, errors: ImageFactError[]): EntrypointFacts {
  const { argv, shellForm, program, lookup, candidates } = ctx.plan;
  const base = { argv, ...(shellForm ? { shellForm } : {}), ...(program !== undefined ? { program } : {}), ...(lookup ? { lookup } : {}), candidates };
  const shell = shellForm ? { shell: pathFact(ctx, shellForm.shell) } : {};
  const picked = pickProgram(ctx);
  if (picked === undefined || picked === 'pending') {
    const path = candidates[0] ?? '';
    const file: PathFact =
      picked === 'pending'
        ? { path, state: 'unknown', symlinks: [], reason: 'in layers (or the part of a layer) not read' }
        : { path, state: program ? 'absent' : 'unknown', symlinks: [], reason: program ? `not found in ${candidates.join(', ')}` : 'no Entrypoint or Cmd' };
    return { ...base, ...shell, file };
  }
  const file = pathFact(ctx, picked.path, picked.r);
  if (picked.r.kind === 'loop') errors.push({ kind: 'symlink-loop', message: file.reason ?? '', path: picked.path });
  const out: EntrypointFacts = { ...base, ...shell, file };
  if (!isFile(picked.r)) return out;
  out.executable = isExecutable(picked.r);
  if (user.uid !== undefined) out.executableByUser = canExec(picked.r, user);
  const c = content(ctx, picked.r);
  if (c?.kind === 'error') errors.push({ kind: c.error.kind, message: c.error.message, path: picked.path });
  if (c?.kind !== 'binary') return out;
  const b = c.facts;
  for (const e of b.errors) errors.push({ kind: e.kind, message: e.message, path: picked.path });
  out.format = b.format;
  if (b.elf) out.elf = b.elf;
  if (b.script) out.script = b.script;
  if (b.goBuildInfo) out.goBuildInfo = b.goBuildInfo;
  const interp = interpreterOf(b);
  if (interp !== undefined) {
    out.interpreter = pathFact(ctx, interp);
    if (ctx.view.resolve(interp).kind === 'loop') errors.push({ kind: 'symlink-loop', message: out.interpreter.reason ?? '', path: interp });
  }
  return out;
}

/** Owner, group, other execute bits against the user (root needs any bit; supplementary groups ignored). */
function canExec(r: Found, user: ImageUserFacts): boolean {
  const mode = r.entry.mode;
  if (user.uid === 0) return (mode & 0o111) !== 0;
  if (user.uid === r.entry.uid) return (mode & 0o100) !== 0;
  if (user.gid === r.entry.gid) return (mode & 0o010) !== 0;
  return (mode & 0o001) !== 0;
}

function accountFile<T>(ctx: FactContext, path: string, parse: (text: string) => T[], errors: ImageFactError[]): AccountFileFacts<T> {
  const r = ctx.view.resolve(path);
  const file = pathFact(ctx, path, r);
  if (!isFile(r)) return { file, entries: [] };
  const c = content(ctx, r);
  if (c?.kind === 'error') errors.push({ kind: c.error.kind, message: c.error.message, path });
  return { file, entries: c?.kind === 'text' ? parse(c.text) : [] };
}

/** The facts as the model describes them; anything still pending is `unknown`. */
export function buildFacts(ctx: FactContext, layers: LayerReadStat[], errors: ImageFactError[]): ImageFacts {
  const needed = accountFilesNeeded(ctx);
  const why = ctx.want.has('user') || ctx.want.has('entrypoint') ? 'not needed: the user and group are numbers or unset' : 'not asked for';
  const passwd = needed.includes(PASSWD) ? accountFile<PasswdEntry>(ctx, PASSWD, parsePasswd, errors) : notRead<PasswdEntry>(PASSWD, why);
  const group = needed.includes(GROUP) ? accountFile<GroupEntry>(ctx, GROUP, parseGroup, errors) : notRead<GroupEntry>(GROUP, why);
  const user = resolveUser(
    ctx.config.user,
    passwd.file.state === 'present' ? passwd.entries : undefined,
    group.file.state === 'present' ? group.entries : undefined,
  );
  if (user.source === 'unresolved' && passwd.file.state === 'unknown') user.reason = `/etc/passwd was not read (${passwd.file.reason ?? 'unknown'})`;
  const facts: ImageFacts = {
    config: ctx.config,
    user,
    passwd,
    group,
    caBundle: caBundle(ctx),
    zoneinfo: zoneinfo(ctx, true),
    shell: pathFact(ctx, SHELL),
    layers,
    bytesRead: layers.reduce((n, l) => n + l.compressedBytes, 0),
    errors,
  };
  if (ctx.want.has('entrypoint')) facts.entrypoint = entrypointFacts(ctx, user, errors);
  return facts;
}

function notRead<T>(path: string, reason: string): AccountFileFacts<T> {
  return { file: { path, state: 'unknown', symlinks: [], reason }, entries: [] };
}
