import { posix } from 'node:path';
import type { Evidence, Finding, Span } from '../core/finding.js';
import type { ClusterObject } from '../model/cluster.js';
import { asArray, asObject, asString } from '../model/cluster.js';
import type { ClusterIndex } from '../model/cluster-index.js';
import type { Dockerfile } from '../model/dockerfile.js';
import { packagesInBinary } from '../model/go-packages.js';
import type { LinkableContainer } from '../model/link.js';
import { hasParams, routeServesGet } from '../model/route-match.js';
import type { JsonObject } from '../model/manifest.js';
import { stringMap } from '../model/pod-templates.js';
import type { Workspace } from '../model/workspace.js';

/** The static side of `diagnose --repo PATH`: the lint workspace of PATH and what the static rules found in it. */
export interface RepoContext {
  ws: Workspace;
  /** Unsuppressed findings of the static rules (Dockerfile, manifests, Go, cross-artifact). */
  findings: Finding[];
  /** PATH as the user gave it: repo files are shown under it. */
  prefix: string;
}

/**
 * Static faults that can be the root cause behind a live finding. Same fault first; a missing
 * Secret key (C3) is often an env var the code requires (C2); a probe that fails (D1/D2) may hit
 * a path the code never serves (D3) or a port it does not listen on (C4).
 */
const EXPLAINED_BY: Record<string, readonly string[]> = {
  'exec-binary-missing-interpreter': ['A3'],
  'entrypoint-not-found': ['A3', 'C1'],
  'entrypoint-not-executable': ['C1'],
  'exec-format-error': ['A4'],
  oomkilled: ['E1'],
  'crashloop-malformed-gomemlimit': ['E1'],
  'crashloop-missing-runtime-files': ['A6'],
  'crashloop-dependency-unreachable': ['C2'],
  'crashloop-exit': ['C2', 'C4'],
  'container-config-missing-ref': ['C2', 'C3'],
  'readiness-never-true': ['D3', 'C4'],
  'liveness-kills-slow-start': ['D1', 'D3'],
};
/** Env-driven live findings: the code that reads the variable is part of the story. */
const ENV_READERS = new Set(['container-config-missing-ref', 'crashloop-dependency-unreachable', 'crashloop-malformed-gomemlimit']);
const MAX_STATIC = 3;

/**
 * Joins the repo into live chains: each live finding's failing containers are linked to the
 * Dockerfiles that build their images (src/model/link.ts: `kubewhy.dev/dockerfile`
 * annotations, else the image name), and the static findings about those Dockerfiles, the Go
 * module they build, or the same workload's manifest join the evidence, before the root cause.
 */
export function joinRepo(index: ClusterIndex, findings: readonly Finding[], repo: RepoContext): void {
  const { ws } = repo;
  if (ws.dockerfiles.length === 0 && ws.manifests.objects.length === 0) return;
  for (const f of findings) {
    const faults = EXPLAINED_BY[f.ruleId];
    const ref = f.subject.object;
    if (!faults || !ref) continue;
    const owner = index.get(ref.kind, ref.namespace, ref.name);
    if (!owner) continue;
    const pod = owner.kind === 'Pod' ? owner : index.podsOf(owner)[0];
    if (!pod) continue;
    const dockerfiles = linkedDockerfiles(pod, f.subject.container, ws);
    const added: Evidence[] = [];
    for (const df of dockerfiles) added.push({ message: `${ref.kind} ${ref.namespace ?? ''}/${ref.name} runs the image built by ${show(repo, df.file)}`, span: { ...wholeLine(df.file, 1), file: show(repo, df.file) } });
    const statics = repo.findings.filter((s) => faults.includes(s.fault) && about(s, dockerfiles, ws, ref)).slice(0, MAX_STATIC);
    for (const s of statics) {
      added.push({ message: `from the repo: ${s.message} [${s.ruleId} ${s.fault}]`, ...(s.subject.span ? { span: moved(repo, s.subject.span) } : {}) });
      for (const e of s.evidence.slice(0, 4)) if (e.span) added.push({ message: `  ${e.message}`, span: moved(repo, e.span) });
    }
    if (ENV_READERS.has(f.ruleId)) added.push(...envReads(pod, f, dockerfiles, repo));
    added.push(...unservedProbePath(pod, f, dockerfiles, repo));
    if (added.length === 0) continue;
    const root = f.evidence.findIndex((e) => e.message.startsWith('root cause: '));
    f.evidence.splice(root < 0 ? f.evidence.length : root, 0, ...added);
  }
}

/** The live container in the link model's terms: its pod's annotations carry the template's. */
function linkedDockerfiles(pod: ClusterObject, container: string | undefined, ws: Workspace): Dockerfile[] {
  const spec = asObject(pod.raw.spec);
  const containers = asArray(spec?.containers).flatMap((c) => (asObject(c) ? [asObject(c)!] : []));
  const inits = asArray(spec?.initContainers);
  const annotations = stringMap(asObject(pod.raw.metadata)?.annotations);
  const out = new Set<Dockerfile>();
  for (const c of containers) {
    const name = asString(c.name) ?? '';
    if (container !== undefined && name !== container) continue;
    const view: LinkableContainer = { name, spec: { image: asString(c.image) }, template: { annotations, containers, initContainers: inits, object: { file: '' } } };
    for (const df of ws.links.dockerfilesFor(view)) out.add(df);
  }
  return [...out];
}

/** A static finding about a linked Dockerfile, the Go module it builds, or the same workload's manifest. */
function about(s: Finding, dockerfiles: readonly Dockerfile[], ws: Workspace, ref: NonNullable<Finding['subject']['object']>): boolean {
  const file = s.subject.span?.file;
  const obj = s.subject.object;
  if (obj && obj.kind === ref.kind && obj.name === ref.name && (obj.namespace === undefined || obj.namespace === ref.namespace)) return true;
  if (file === undefined) return false;
  for (const df of dockerfiles) {
    if (file === df.file) return true;
    const mod = ws.links.goModuleOf(df);
    if (mod && file.endsWith('.go') && (posix.normalize(mod.dir) === '.' || file.startsWith(`${posix.normalize(mod.dir)}/`))) return true;
  }
  return false;
}

/**
 * A probe the kubelet saw answer 404 (`HTTP probe failed with statuscode: 404`), against the
 * routes of the Go code built into the image: the path nobody registered, and what is served.
 */
function unservedProbePath(pod: ClusterObject, f: Finding, dockerfiles: readonly Dockerfile[], repo: RepoContext): Evidence[] {
  const failed = f.evidence.map((e) => /(Readiness|Liveness|Startup) probe failed: HTTP probe failed with statuscode: 404/.exec(e.message)).find((m) => m !== null);
  if (!failed) return [];
  const spec = asObject(pod.raw.spec);
  const c = asArray(spec?.containers).map(asObject).find((x) => f.subject.container === undefined || asString(x?.name) === f.subject.container);
  const probe = asObject(asObject(c?.[`${failed[1]!.toLowerCase()}Probe`])?.httpGet);
  const path = asString(probe?.path) ?? '/';
  const routes = dockerfiles.flatMap((df) => repo.ws.links.mainPackageBuildsOf(df).flatMap((b) => packagesInBinary(b.pkg, repo.ws.goPackages).flatMap((pkg) => pkg.routes)));
  if (routes.length === 0 || routes.some((r) => hasParams(r.path) || routeServesGet(r, path))) return [];
  const served = routes.slice(0, 5).map((r) => `${r.method ? `${r.method} ` : ''}${r.path}`).join(', ');
  return [{ message: `the code built into the image registers no GET ${path} (it serves ${served}${routes.length > 5 ? ', …' : ''})`, span: moved(repo, routes[0]!.span) }];
}

/** `env[2]` of the finding's container: where the Go code built into the image reads that variable. */
function envReads(pod: ClusterObject, f: Finding, dockerfiles: readonly Dockerfile[], repo: RepoContext): Evidence[] {
  const names = envNames(pod, f);
  if (names.size === 0) return [];
  const out: Evidence[] = [];
  const seen = new Set<string>();
  for (const df of dockerfiles) {
    for (const build of repo.ws.links.mainPackageBuildsOf(df)) {
      for (const pkg of packagesInBinary(build.pkg, repo.ws.goPackages)) {
        for (const read of pkg.config.env) {
          const key = `${read.span.file}:${read.span.line}`;
          if (!names.has(read.name) || seen.has(key)) continue;
          seen.add(key);
          const fallback = read.fallback !== undefined ? `, default "${read.fallback}"` : '';
          out.push({ message: `the code reads ${read.name} (${read.via}${fallback})${read.required ? ' and stops without it' : ''}`, span: moved(repo, read.span) });
        }
      }
    }
  }
  return out;
}

/** The env var names the finding's field points at (`….env[2]…`), or every env of the container it names. */
function envNames(pod: ClusterObject, f: Finding): Set<string> {
  const spec = asObject(pod.raw.spec);
  const containers = asArray(spec?.containers).flatMap((c) => (asObject(c) ? [asObject(c)!] : []));
  const c: JsonObject | undefined = containers.find((x) => asString(x.name) === f.subject.container) ?? containers[0];
  const env = asArray(c?.env).map(asObject);
  const index = /\.env\[(\d+)\]/.exec(f.subject.fieldPath ?? '');
  const names = new Set<string>();
  if (index) {
    const name = asString(env[Number(index[1])]?.name);
    if (name !== undefined) names.add(name);
    return names;
  }
  // A missing Secret/ConfigMap reached through env[].valueFrom: the variables that use it.
  const store = /(?:Secret|ConfigMap) \S+?\/(\S+)/.exec(f.message)?.[1];
  for (const e of env) {
    const from = asObject(e?.valueFrom);
    const key = asObject(from?.secretKeyRef) ?? asObject(from?.configMapKeyRef);
    const name = asString(e?.name);
    if (store !== undefined && name !== undefined && asString(key?.name) === store) names.add(name);
  }
  return names;
}

function show(repo: RepoContext, file: string): string {
  return repo.prefix === '' || repo.prefix === '.' ? file : posix.join(repo.prefix, file);
}

function moved(repo: RepoContext, span: Span): Span {
  return { ...span, file: show(repo, span.file) };
}

function wholeLine(file: string, line: number): Span {
  return { file, line, column: 1, endLine: line, endColumn: 2 };
}
