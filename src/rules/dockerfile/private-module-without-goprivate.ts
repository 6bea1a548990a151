import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { compareGoVersions } from '../../load/go-version.js';
import type { Dockerfile, Stage } from '../../model/dockerfile.js';
import type { GoModule, GoRequire } from '../../model/gomod.js';
import { chainInstructions, effectiveArgs, goCommands, goEnvWrites, loadsModules, modFlag, type GoCommand } from '../../model/go-build.js';
import { copySources, runScript } from '../../model/shell.js';

/** Public hosts whose names look like a self-hosted forge (`git.`, `gitlab.`, `code.`). */
const PUBLIC_FORGES = new Set([
  'github.com', 'gitlab.com', 'bitbucket.org', 'gitea.com', 'codeberg.org', 'git.sr.ht', 'code.gitea.io',
  'code.cloudfoundry.org', 'gitlab.gnome.org', 'gitlab.freedesktop.org', 'gitlab.torproject.org', 'git.kernel.org',
  'git.apache.org', 'git.zx2c4.com', 'go.googlesource.com', 'code.google.com',
]);

/** Host shapes that are only reachable inside a company network or with credentials. */
const INTERNAL_LABEL = /^(?:corp|internal|intranet|intra|local|lan|localdomain|private|priv)$/;
const FORGE_PREFIX = /^(?:git|gitlab|github|bitbucket|gitea|gogs|stash|scm|ghe|vcs|repo|repos|source|code)$/;

/** Settings that show the author handled private modules (any value: CI often passes them as build args). */
const MODULE_ENV = ['GOPRIVATE', 'GONOPROXY', 'GONOSUMDB', 'GONOSUMCHECK', 'GOPROXY', 'GOAUTH', 'GOINSECURE'];
const PATTERN_ENV = new Set(['GOPRIVATE', 'GONOPROXY', 'GONOSUMDB']);
const DEFAULT_PROXY = /^(?:https:\/\/proxy\.golang\.org(?:,direct)?)?$/;
const CREDENTIAL_SETUP = /\.netrc|insteadOf|credential\.helper|GIT_ASKPASS|GIT_CONFIG_|\.git-credentials/;

export default defineRule({
  meta: {
    id: 'private-module-without-goprivate',
    fault: 'A2',
    severity: 'error',
    title: 'Private Go modules downloaded with no GOPRIVATE and no credentials',
    why:
      'proxy.golang.org and sum.golang.org cannot see private repositories, and the go command disables git prompts, ' +
      'so inside `docker build` the download fails with "fatal: could not read Username for \'https://<host>\': ' +
      'terminal prompts disabled" or "reading https://sum.golang.org/lookup/<module>@<version>: 410 Gone". It works on ' +
      'laptops only because GOPRIVATE and git credentials live in the developer\'s environment.',
    fix:
      'Mark the modules private and pass credentials as a build secret (never an ARG):\n' +
      'ENV GOPRIVATE=git.corp.example.com\n' +
      'RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download\n' +
      '# docker build --secret id=netrc,src=$HOME/.netrc .\n' +
      'Or vendor the modules (go mod vendor) and build with -mod=vendor. The rule option `privatePatterns` ' +
      '(GOPRIVATE-style globs) names private modules kubewhy cannot recognise by host.',
    verify: 'docker build --no-cache --progress=plain . 2>&1 | grep -E "terminal prompts disabled|410 Gone|404 Not Found"  # want: no output',
    needs: ['dockerfile', 'gomod'],
    tags: ['build', 'modules', 'credentials'],
  },
  check({ ws, settings, report }) {
    const patterns = privatePatterns(settings.options.privatePatterns);
    for (const df of ws.dockerfiles) {
      const mod = ws.links.goModuleOf(df);
      if (!mod) continue;
      const privates = mod.requires.filter((r) => {
        const path = fetchedPath(mod, r);
        return path !== undefined && isPrivate(path, patterns);
      });
      if (privates.length === 0) continue;

      for (const stage of df.stages) {
        const download = firstDownload(stage, mod);
        if (!download) continue;
        const handled = privates.filter((r) => handledIn(df, stage, download, fetchedPath(mod, r) ?? r.path));
        const open = privates.filter((r) => !handled.includes(r));
        if (open.length === 0) continue;
        const names = open.slice(0, 3).map((r) => r.path).join(', ') + (open.length > 3 ? ` and ${open.length - 3} more` : '');
        const host = (open[0]?.path ?? '').split('/')[0];
        const evidence: Evidence[] = open.map((r) => ({ message: `private module ${r.path} ${r.version}`, span: r.span }));
        report({
          message:
            `\`go ${download.subcommand}\` fetches private module${open.length > 1 ? 's' : ''} ${names} with no GOPRIVATE and no ` +
            `credentials in the build: it fails with "could not read Username for 'https://${host}': terminal prompts disabled"`,
          at: { span: download.ins.span },
          evidence,
          fix:
            `ENV GOPRIVATE=${host}\n` +
            `RUN --mount=type=secret,id=netrc,target=/root/.netrc go ${download.subcommand} …\n` +
            '# docker build --secret id=netrc,src=$HOME/.netrc .',
        });
        break;
      }
    }
  },
});

function privatePatterns(option: unknown): string[] {
  if (typeof option === 'string') return option.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (Array.isArray(option)) return option.filter((p): p is string => typeof p === 'string' && p !== '');
  return [];
}

/** The module path actually fetched: replacements to a local directory fetch nothing. */
function fetchedPath(mod: GoModule, r: GoRequire): string | undefined {
  const rep = mod.replaces.find((p) => p.from === r.path && (p.fromVersion === undefined || p.fromVersion === r.version));
  if (!rep) return r.path;
  return rep.to.startsWith('./') || rep.to.startsWith('../') || rep.to.startsWith('/') ? undefined : rep.to;
}

function isPrivate(path: string, patterns: readonly string[]): boolean {
  if (patterns.length > 0 && matchesPatterns(patterns, path)) return true;
  const host = (path.split('/')[0] ?? '').toLowerCase().replace(/:\d+$/, '');
  if (!host.includes('.') || PUBLIC_FORGES.has(host)) return false;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return true;
  const labels = host.split('.');
  if (labels.some((l) => INTERNAL_LABEL.test(l))) return true;
  if (host === 'dev.azure.com' || host.endsWith('.visualstudio.com')) return true;
  return FORGE_PREFIX.test(labels[0] ?? '') && labels.length >= 3;
}

/**
 * cmd/go's module.MatchPrefixPatterns: a comma-separated glob list where each pattern matches a
 * path prefix with the same number of elements (`*.corp.com` matches `git.corp.com/team/lib`).
 */
function matchesPatterns(patterns: readonly string[], path: string): boolean {
  const elems = path.split('/');
  return patterns.some((pattern) => {
    const p = pattern.replace(/\/+$/, '');
    if (p === '') return false;
    const prefix = elems.slice(0, p.split('/').length).join('/');
    return globToRegExp(p).test(prefix);
  });
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob.charAt(i);
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${glob.slice(i + 1, end).replace(/^\^/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The first command of this stage that fetches modules; a vendored build fetches nothing (go mod download still does). */
function firstDownload(stage: Stage, mod: GoModule): GoCommand | undefined {
  const vendored = mod.vendor !== undefined && mod.goVersion !== undefined && compareGoVersions(mod.goVersion, '1.14') >= 0;
  for (const ins of stage.instructions) {
    for (const cmd of goCommands(ins)) {
      if (!loadsModules(cmd) || cmd.subcommand === 'mod vendor') continue;
      if (cmd.subcommand === 'mod download') return cmd;
      const mode = modFlag(effectiveArgs(cmd, stage.vars));
      if (mode === 'vendor' || (vendored && mode === undefined)) continue;
      return cmd;
    }
  }
  return undefined;
}

/** GOPRIVATE-like settings covering `path`, a custom proxy, or git credentials anywhere before the download. */
function handledIn(df: Dockerfile, stage: Stage, download: GoCommand, path: string): boolean {
  const all = chainInstructions(df, stage);
  const before = all.slice(0, all.indexOf(download.ins) + 1);
  const env: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(df.globalArgs)) if (MODULE_ENV.includes(name)) env[name] = value ?? null;
  for (const ins of before) {
    if (ins.keyword === 'ENV' || ins.keyword === 'ARG') {
      for (const name of MODULE_ENV) if (new RegExp(`\\b${name}\\b`).test(ins.args)) env[name] = stage.vars[name] ?? null;
    }
    if (ins.keyword === 'RUN') {
      if (ins.flags.some((f) => f.name === 'mount' && /type=(?:secret|ssh)/.test(f.value ?? ''))) return true;
      if (CREDENTIAL_SETUP.test(runScript(ins))) return true;
      // In the download's own RUN only what precedes it counts, which its script environment already holds.
      const seen = ins === download.ins ? [download.env] : goCommands(ins).flatMap((c) => [c.env, goEnvWrites(c)]);
      for (const [name, value] of seen.flatMap((e) => Object.entries(e))) if (MODULE_ENV.includes(name)) env[name] = value;
    }
    if ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && copySources(ins).some((s) => /(?:^|\/)\.(?:netrc|gitconfig|ssh|git-credentials)$/.test(s))) return true;
  }
  return Object.entries(env).some(([name, value]) => covers(name, value, path));
}

function covers(name: string, value: string | null, path: string): boolean {
  // Unknown at lint time (a build arg without default, `$VAR` left unresolved): trust the author.
  if (value === null || value.includes('$')) return true;
  if (name === 'GOPROXY') return !DEFAULT_PROXY.test(value.trim());
  if (PATTERN_ENV.has(name)) return matchesPatterns(value.split(',').map((p) => p.trim()), path);
  return value.trim() !== '';
}
