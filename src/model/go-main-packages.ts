import { posix } from 'node:path';
import type { Dockerfile, Instruction, Stage } from './dockerfile.js';
import type { GoModule } from './gomod.js';
import type { GoPackage } from './gosrc.js';
import { chainInstructions, effectiveArgs, goCommands, isBuild, workdirAt, type GoCommand } from './go-build.js';
import { copySources } from './shell.js';

/** A main package a Dockerfile builds, and the RUN that builds it (evidence for rules). */
export interface MainPackageBuild {
  pkg: GoPackage;
  stage: Stage;
  ins: Instruction;
}

/** go build/install flags that take a value as the next word (`-o out`); the rest are booleans. */
const VALUE_FLAGS = new Set([
  'o', 'p', 'C', 'tags', 'ldflags', 'gcflags', 'asmflags', 'gccgoflags', 'mod', 'modfile', 'overlay', 'pgo',
  'pkgdir', 'toolexec', 'compiler', 'buildmode', 'installsuffix', 'covermode', 'coverpkg', 'exec',
]);

/** Package arguments of a go build (flags and their values removed); `.` when none. */
export function buildTargets(args: readonly string[]): { targets: string[]; dir?: string } {
  const targets: string[] = [];
  let dir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('-')) {
      targets.push(a);
      continue;
    }
    const name = a.replace(/^--?/, '');
    if (name.includes('=')) {
      if (name.startsWith('C=')) dir = name.slice(2);
      continue;
    }
    if (VALUE_FLAGS.has(name)) {
      if (name === 'C') dir = args[i + 1];
      i++;
    }
  }
  return { targets: targets.length > 0 ? targets : ['.'], ...(dir !== undefined ? { dir } : {}) };
}

/** Where build-context paths land in a stage: COPY/ADD from the context and bind mounts. */
interface ContextMapping {
  /** Path inside the build context ('' = the context root). */
  source: string;
  /** Absolute path in the stage's filesystem. */
  dest: string;
}

function contextMappings(df: Dockerfile, stage: Stage, upTo: Instruction): ContextMapping[] {
  const out: ContextMapping[] = [];
  for (const ins of chainInstructions(df, stage)) {
    if (ins === upTo) break;
    if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || ins.flags.some((f) => f.name === 'from')) continue;
    const words = ins.json ?? ins.expanded.split(/\s+/).filter((w) => w !== '');
    const destWord = words[words.length - 1];
    if (destWord === undefined) continue;
    const dest = posix.resolve(workdirAt(df, stage, ins), destWord);
    const sources = copySources(ins);
    const intoDir = destWord.endsWith('/') || sources.length > 1;
    for (const src of sources) {
      // A directory's contents land in dest (Docker copies contents, not the directory); a
      // file lands in dest as `dest/<name>`, so its directory maps to dest.
      if (!looksLikeFile(src)) out.push({ source: normContext(src), dest });
      else if (intoDir) out.push({ source: normContext(posix.dirname(src)), dest });
    }
  }
  for (const f of upTo.flags) {
    if (f.name !== 'mount' || !/(^|,)type=bind(,|$)/.test(f.value ?? '')) continue;
    const opts = Object.fromEntries((f.value ?? '').split(',').map((kv) => kv.split('=') as [string, string?]));
    if (opts.from !== undefined) continue;
    const target = opts.target ?? opts.dst ?? opts.destination;
    if (target !== undefined) out.push({ source: normContext(opts.source ?? opts.src ?? ''), dest: posix.resolve(workdirAt(df, stage, upTo), target) });
  }
  return out;
}

/** `main.go`, `go.mod`: a dotted base name (not `.`/`..` or a dotfile-like directory). */
function looksLikeFile(src: string): boolean {
  const base = posix.basename(src.replace(/\/+$/, ''));
  return !src.endsWith('/') && /^[^.].*\.[A-Za-z0-9]+$/.test(base);
}

function normContext(p: string): string {
  const n = posix.normalize(p.replace(/^\/+/, '')).replace(/\/+$/, '');
  return n === '.' ? '' : n;
}

/** A path in the stage's filesystem, back in the build context; the latest COPY covering it wins. */
function toContext(path: string, mappings: readonly ContextMapping[]): string | undefined {
  for (let i = mappings.length - 1; i >= 0; i--) {
    const m = mappings[i]!;
    if (path === m.dest || path.startsWith(`${m.dest.replace(/\/$/, '')}/`)) {
      return posix.join(m.source || '.', posix.relative(m.dest, path));
    }
  }
  return undefined;
}

/** Repo directories (relative to the lint root) one build command compiles, `/...` kept as a suffix flag. */
function targetDirs(df: Dockerfile, stage: Stage, cmd: GoCommand, context: string, module: GoModule | undefined): { dir: string; recursive: boolean }[] {
  const { targets, dir } = buildTargets(effectiveArgs(cmd, stage.vars));
  const cwd = posix.resolve(workdirAt(df, stage, cmd.ins), dir ?? '.');
  const mappings = contextMappings(df, stage, cmd.ins);
  const out: { dir: string; recursive: boolean }[] = [];
  for (const raw of targets) {
    const recursive = raw.endsWith('/...') || raw === '...';
    const t = raw.replace(/\/?\.\.\.$/, '') || '.';
    if (t.startsWith('.') || t.startsWith('/')) {
      const inContext = toContext(posix.resolve(cwd, t), mappings);
      if (inContext !== undefined) out.push({ dir: posix.normalize(posix.join(context, inContext)), recursive });
    } else if (module && (t === module.module || t.startsWith(`${module.module}/`))) {
      out.push({ dir: posix.normalize(posix.join(module.dir || '.', t.slice(module.module.length + 1))), recursive });
    }
  }
  return out;
}

/**
 * Main packages each `go build`/`go install` of a Dockerfile compiles. The build context is
 * taken to be the Dockerfile's directory, or the module root when nothing matches there
 * (`docker build -f deploy/Dockerfile .`).
 */
export function mainPackageBuilds(df: Dockerfile, packages: readonly GoPackage[], module: GoModule | undefined): MainPackageBuild[] {
  const mains = packages.filter((p) => p.isMain);
  const contexts = [df.dir || '.', ...(module && (module.dir || '.') !== (df.dir || '.') ? [module.dir || '.'] : [])];
  const out: MainPackageBuild[] = [];
  const seen = new Set<GoPackage>();
  for (const stage of df.stages) {
    for (const ins of stage.instructions) {
      for (const cmd of goCommands(ins).filter(isBuild)) {
        for (const context of contexts) {
          const dirs = targetDirs(df, stage, cmd, context, module);
          const found = mains.filter((p) => dirs.some((d) => p.dir === d.dir || (d.recursive && (d.dir === '.' || p.dir.startsWith(`${d.dir}/`)))));
          if (found.length === 0) continue;
          for (const pkg of found) {
            if (seen.has(pkg)) continue;
            seen.add(pkg);
            out.push({ pkg, stage, ins });
          }
          break;
        }
      }
    }
  }
  return out;
}
