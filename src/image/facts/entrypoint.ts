import { posix } from 'node:path';
import type { EntrypointFacts, ImageConfigFacts } from '../../model/image.js';

/** containerd's and Docker's PATH when the image sets none. */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface ProcessOverrides {
  /** Kubernetes `command`: replaces the image Entrypoint (and drops its Cmd). */
  command?: string[];
  /** Kubernetes `args`: replaces the image Cmd. */
  args?: string[];
}

/** What the runtime will exec, before looking at the filesystem: argv, shell form, the candidate paths. */
export type ExecPlan = Pick<EntrypointFacts, 'argv' | 'shellForm' | 'program' | 'lookup' | 'candidates'>;

export function execPlan(config: ImageConfigFacts, over: ProcessOverrides = {}): ExecPlan {
  const entrypoint = over.command ?? config.entrypoint;
  const cmd = over.args ?? (over.command ? [] : config.cmd);
  const argv = [...entrypoint, ...cmd];
  const shellForm = argv.length >= 3 && /^(\/bin\/|\/usr\/bin\/)?(sh|bash|ash|dash)$/.test(argv[0]!) && argv[1] === '-c' ? { shell: argv[0]!, script: argv[2]! } : undefined;
  const program = shellForm ? scriptCommand(shellForm.script) : argv[0];
  if (program === undefined || program === '') return { argv, ...(shellForm ? { shellForm } : {}), candidates: [] };
  const { lookup, candidates } = candidatesFor(program, config);
  return { argv, ...(shellForm ? { shellForm } : {}), program, lookup, candidates };
}

/**
 * Where exec.LookPath (runc) looks for `program`: a name with a slash is taken as is, relative
 * to WorkingDir; a bare name is tried in every $PATH directory (an empty element = WorkingDir).
 */
function candidatesFor(program: string, config: ImageConfigFacts): { lookup: 'path' | 'absolute' | 'relative'; candidates: string[] } {
  if (program.startsWith('/')) return { lookup: 'absolute', candidates: [posix.normalize(program)] };
  if (program.includes('/')) return { lookup: 'relative', candidates: [posix.join(config.workingDir, program)] };
  const path = config.env.PATH ?? DEFAULT_PATH;
  const dirs = path.split(':').map((d) => (d === '' ? config.workingDir : posix.isAbsolute(d) ? d : posix.join(config.workingDir, d)));
  return { lookup: 'path', candidates: [...new Set(dirs.map((d) => posix.join(d, program)))] };
}

/**
 * The program a `sh -c` script starts, when the script is simple enough to tell: the first
 * word after `exec` and `NAME=value` prefixes, with no expansion or quoting in it.
 */
function scriptCommand(script: string): string | undefined {
  const words = script.trim().split(/\s+/);
  let i = 0;
  while (i < words.length && (words[i] === 'exec' || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!))) i++;
  const w = words[i];
  return w !== undefined && /^[A-Za-z0-9_./+@-]+$/.test(w) ? w : undefined;
}
