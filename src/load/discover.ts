import { promises as fs, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { InputError } from '../core/finding.js';
import { describeFsError } from './read-input.js';

export type FileKind = 'dockerfile' | 'manifest' | 'gomod' | 'kustomization' | 'gosrc';

export interface DiscoveredFile {
  abs: string;
  /** Relative to the lint root, forward slashes; `.` for the root itself (a kustomization there). */
  rel: string;
  /** For `kustomization`, `abs`/`rel` name the directory, not the kustomization file. */
  kind: FileKind;
}

export interface Discovery {
  files: DiscoveredFile[];
  errors: InputError[];
}

/** Never interesting and often huge; skipped even when no .gitignore says so. */
const ALWAYS_SKIPPED_DIRS = new Set(['.git', 'node_modules']);

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

const DOCKERFILE_NAMES = new Set(['Dockerfile', 'dockerfile', 'Containerfile', 'containerfile']);

/**
 * YAML/JSON files that are never Kubernetes objects. Only a shortcut: the manifest loader
 * skips any non-Kubernetes document silently, so this list only saves parsing time.
 */
const NOT_MANIFEST_NAMES = new Set([
  'package.json',
  'package-lock.json',
  'composer.json',
  'pnpm-lock.yaml',
  'renovate.json',
  '.kubewhy.yaml',
  '.kubewhy.yml',
  '.golangci.yml',
  '.golangci.yaml',
  '.goreleaser.yml',
  '.goreleaser.yaml',
  '.pre-commit-config.yaml',
]);
const NOT_MANIFEST_PATTERNS = [/^[tj]sconfig.*\.json$/, /\.schema\.json$/];

export function isDockerfileName(name: string): boolean {
  if (DOCKERFILE_NAMES.has(name)) return true;
  // `Dockerfile.dockerignore` is the per-Dockerfile ignore file, not a Dockerfile.
  if (name.endsWith('.dockerignore') || name.endsWith('.containerignore')) return false;
  return (
    name.startsWith('Dockerfile.') ||
    name.startsWith('Containerfile.') ||
    name.endsWith('.Dockerfile') ||
    name.endsWith('.dockerfile')
  );
}

function hasManifestExtension(name: string): boolean {
  return /\.(ya?ml|json)$/i.test(name);
}

/** Go source that `go build` compiles: tests are not part of the binary. */
function isGoSource(name: string): boolean {
  return name.endsWith('.go') && !name.endsWith('_test.go');
}

/** Directories the go tool ignores (`_x`, `.x`, `testdata`) or that hold third-party code (`vendor`). */
function hidesGoSource(dirName: string): boolean {
  return dirName === 'vendor' || dirName === 'testdata' || dirName.startsWith('.') || dirName.startsWith('_');
}

/** Kind of a file met while walking; undefined for files kubewhy does not read. */
function walkedKind(name: string): Exclude<FileKind, 'kustomization'> | undefined {
  if (name === 'go.mod') return 'gomod';
  if (isGoSource(name)) return 'gosrc';
  if (isDockerfileName(name)) return 'dockerfile';
  if (KUSTOMIZATION_FILES.includes(name)) return undefined; // reported as its directory
  if (!hasManifestExtension(name)) return undefined;
  if (NOT_MANIFEST_NAMES.has(name) || NOT_MANIFEST_PATTERNS.some((re) => re.test(name))) return undefined;
  return 'manifest';
}

/** Kind of a file the user named: the deny list does not apply, they asked for it. */
function explicitKind(name: string): FileKind | undefined {
  if (KUSTOMIZATION_FILES.includes(name)) return 'kustomization';
  if (name === 'go.mod') return 'gomod';
  if (isGoSource(name)) return 'gosrc';
  if (isDockerfileName(name)) return 'dockerfile';
  return hasManifestExtension(name) ? 'manifest' : undefined;
}

function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

/** Whether `p` is `dir` or somewhere below it (both absolute). */
function isWithin(dir: string, p: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (rel.split(path.sep)[0] !== '..' && !path.isAbsolute(rel));
}

function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : undefined;
}

/** Rules of one `.gitignore`, relative to the directory holding it. */
interface IgnoreLevel {
  base: string;
  ig: Ignore;
}

/** How a directory's contents are treated, inherited down the tree. */
interface DirState {
  levels: IgnoreLevel[];
  /**
   * Inside a Kustomize or Helm tree, YAML files are inputs to a renderer, not objects: a
   * kustomization's resources/bases/patches are rendered through it (a patch alone is not a
   * valid object), and chart templates are not even YAML until rendered. So no manifest
   * entries are emitted anywhere below a kustomization or Chart.yaml. Dockerfiles, go.mod and
   * nested kustomizations are still reported.
   */
  renderedTree: boolean;
  /** Below vendor/, testdata/, `.x` or `_x`: Go files here are not the module's own packages. */
  noGoSource?: boolean;
}

class Walker {
  readonly files = new Map<string, DiscoveredFile>();
  readonly errors: InputError[] = [];
  /** Realpaths of every directory walked, so a tree reached twice (two symlinks) is read once. */
  private readonly walked = new Set<string>();
  /**
   * Symlinked directories wait until every real directory has been walked, so files are
   * reported under their real path when it is inside the walk, not under whichever link
   * happens to sort first.
   */
  private readonly deferred: { abs: string; real: string; state: DirState }[] = [];

  constructor(
    private readonly root: string,
    private readonly configIgnore: Ignore,
  ) {}

  rel(abs: string): string {
    return toPosix(path.relative(this.root, abs)) || '.';
  }

  add(abs: string, kind: FileKind): void {
    this.files.set(`${kind}\0${abs}`, { abs, rel: this.rel(abs), kind });
  }

  error(abs: string, message: string): void {
    this.errors.push({ file: this.rel(abs), message });
  }

  async explicit(abs: string): Promise<void> {
    const st = await this.statFollowing(abs);
    if (!st) return;
    if (st.isDirectory()) {
      const real = await this.realpath(abs);
      if (real === undefined) return;
      await this.walk(abs, real, { levels: await this.ancestorLevels(abs), renderedTree: false });
      for (let next = this.deferred.shift(); next; next = this.deferred.shift()) {
        if (!this.walked.has(next.real)) await this.walk(next.abs, next.real, next.state);
      }
      return;
    }
    if (!st.isFile()) return this.error(abs, 'not a regular file or directory');
    const kind = explicitKind(path.basename(abs));
    if (kind === undefined) return this.error(abs, 'not a Dockerfile, go.mod, kustomization or .yaml/.yml/.json manifest');
    this.add(kind === 'kustomization' ? path.dirname(abs) : abs, kind);
  }

  /** stat() that turns a dangling or looping symlink into an input error. */
  private async statFollowing(abs: string): Promise<Stats | undefined> {
    try {
      return await fs.stat(abs);
    } catch (err) {
      const code = errnoCode(err);
      if (code === 'ELOOP') this.error(abs, 'symlink loop');
      else if ((code === 'ENOENT' || code === 'ENOTDIR') && (await isSymlink(abs))) this.error(abs, 'broken symlink');
      else this.error(abs, describeFsError(err));
      return undefined;
    }
  }

  private async realpath(abs: string): Promise<string | undefined> {
    try {
      return await fs.realpath(abs);
    } catch (err) {
      this.error(abs, describeFsError(err));
      return undefined;
    }
  }

  /** `.gitignore` files between the lint root and a directory named on the command line. */
  private async ancestorLevels(dir: string): Promise<IgnoreLevel[]> {
    if (dir === this.root || !isWithin(this.root, dir)) return [];
    const rel = path.relative(this.root, dir);
    const levels: IgnoreLevel[] = [];
    let cur = this.root;
    for (const part of ['', ...rel.split(path.sep).slice(0, -1)]) {
      cur = path.join(cur, part);
      const level = await this.readGitignore(cur);
      if (level) levels.push(level);
    }
    return levels;
  }

  private async readGitignore(dir: string): Promise<IgnoreLevel | undefined> {
    const file = path.join(dir, '.gitignore');
    try {
      return { base: dir, ig: ignore().add(await fs.readFile(file, 'utf8')) };
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT' && errnoCode(err) !== 'EISDIR') {
        this.error(file, `cannot read: ${describeFsError(err)}`);
      }
      return undefined;
    }
  }

  private ignored(abs: string, isDir: boolean, levels: readonly IgnoreLevel[]): boolean {
    const suffix = isDir ? '/' : '';
    if (isWithin(this.root, abs) && this.configIgnore.ignores(toPosix(path.relative(this.root, abs)) + suffix)) {
      return true;
    }
    // As in git, the deepest .gitignore with a matching rule decides, so `!keep.yaml` in a
    // subdirectory re-includes what a parent's `*.yaml` excluded.
    for (let i = levels.length - 1; i >= 0; i--) {
      const level = levels[i];
      if (!level) continue;
      const r = level.ig.test(toPosix(path.relative(level.base, abs)) + suffix);
      if (r.ignored) return true;
      if (r.unignored) return false;
    }
    return false;
  }

  async walk(dir: string, real: string, state: DirState): Promise<void> {
    this.walked.add(real);
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      return this.error(dir, `cannot read directory: ${describeFsError(err)}`);
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const names = new Set(entries.map((e) => e.name));

    const gitignore = names.has('.gitignore') ? await this.readGitignore(dir) : undefined;
    const levels = gitignore ? [...state.levels, gitignore] : state.levels;
    const isKustomization = KUSTOMIZATION_FILES.some((f) => names.has(f));
    if (isKustomization) this.add(dir, 'kustomization');
    const renderedTree = state.renderedTree || isKustomization || names.has('Chart.yaml');
    // vendor/ of a Go module is third-party code; the gomod loader reads vendor/modules.txt itself.
    const isGoModule = names.has('go.mod') || names.has('go.work');

    for (const entry of entries) {
      if (ALWAYS_SKIPPED_DIRS.has(entry.name) || (entry.name === 'vendor' && isGoModule)) continue;
      const abs = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const st = await this.statFollowing(abs);
        if (!st) continue;
        isDir = st.isDirectory();
        isFile = st.isFile();
      }
      if (!isDir && !isFile) continue;
      if (this.ignored(abs, isDir, levels)) continue;

      if (isDir) {
        const childState = { levels, renderedTree, noGoSource: state.noGoSource === true || hidesGoSource(entry.name) };
        if (!entry.isSymbolicLink()) {
          const childReal = path.join(real, entry.name);
          if (!this.walked.has(childReal)) await this.walk(abs, childReal, childState);
          continue;
        }
        const target = await this.realpath(abs);
        if (target === undefined) continue;
        // A link to a directory containing itself would be walked forever.
        if (isWithin(target, real)) this.error(abs, 'symlink loop');
        else this.deferred.push({ abs, real: target, state: childState });
        continue;
      }
      const kind = walkedKind(entry.name);
      if (kind === undefined || (kind === 'manifest' && renderedTree) || (kind === 'gosrc' && state.noGoSource)) continue;
      this.add(abs, kind);
    }
  }
}

async function isSymlink(abs: string): Promise<boolean> {
  try {
    return (await fs.lstat(abs)).isSymbolicLink();
  } catch {
    return false;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Finds the inputs under `paths`: directories are walked (honouring nested .gitignore files
 * and `ignoreGlobs`, relative to `root`), files are taken as named. Problems become input
 * errors; nothing here throws for bad input. Results are sorted by `rel`.
 */
export async function discover(paths: string[], root: string, ignoreGlobs: string[]): Promise<Discovery> {
  const walker = new Walker(root, ignore().add(ignoreGlobs));
  for (const p of paths) await walker.explicit(path.resolve(p));
  const files = [...walker.files.values()].sort((a, b) => compare(a.rel, b.rel) || compare(a.kind, b.kind));
  // A path both named and walked into (`kubewhy lint . dangling.yaml`) fails once, not twice.
  const unique = new Map(walker.errors.map((e) => [`${e.file}\0${e.message}`, e]));
  const errors = [...unique.values()].sort((a, b) => compare(a.file, b.file) || compare(a.message, b.message));
  return { files, errors };
}
