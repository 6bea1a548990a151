import { posix, relative, resolve, sep } from 'node:path';
import type { Config } from './config.js';
import type { Finding } from './finding.js';
import type { Rule } from './rule.js';
import type { RunResult } from './result.js';
import { asArray, asObject, asString, type ClusterObject, type ClusterState } from '../model/cluster.js';
import { indexCluster, type ClusterIndex } from '../model/cluster-index.js';
import { linkWorkspace } from '../model/link.js';
import type { ImageIndex } from '../model/image-index.js';
import type { Workspace } from '../model/workspace.js';
import { discover } from '../load/discover.js';
import { DNS_NAMESPACE } from '../triage/coredns.js';
import { decodeContainerLogs } from '../triage/log-facts.js';
import { relatedOutside } from '../triage/related-scope.js';
import { joinRepo, type RepoContext } from '../triage/repo-join.js';
import { buildWorkspace } from './lint.js';
import { enabledRules, runRules } from './engine.js';
import { applySuppressions } from './suppress.js';
import { summarize } from './summary.js';
import { VERSION } from './version.js';

/**
 * The static side of `diagnose --repo PATH`: the lint pipeline's workspace of PATH (Dockerfiles,
 * manifests, go.mod, Go facts) and the findings of the static rules on it, for joinRepo.
 */
export async function loadRepo(path: string, config: Config, rules: readonly Rule[]): Promise<RepoContext> {
  const root = resolve(path);
  const { files, errors } = await discover([root], root, config.ignore);
  const ws = await buildWorkspace(root, files, config);
  ws.inputErrors.unshift(...errors);
  const statics = enabledRules(rules, config).filter((r) => !r.meta.needs.includes('cluster') && !r.meta.needs.includes('logs'));
  const run = runRules(ws, statics, config);
  ws.inputErrors.push(...run.errors);
  applySuppressions(run.findings, { ws, config });
  const prefix = relative(process.cwd(), root).split(sep).join('/');
  return { ws, findings: run.findings.filter((f) => !f.suppressed), prefix: prefix.startsWith('..') ? root : prefix };
}

/** `deploy/api`, `deployment.apps/api`, `pod/api-7f9c-x`: kubectl's TYPE/NAME. */
export interface Target {
  kind: string;
  name: string;
}

const KIND_ALIASES: Record<string, string> = {
  po: 'Pod', pod: 'Pod', pods: 'Pod',
  deploy: 'Deployment', deployment: 'Deployment', deployments: 'Deployment',
  rs: 'ReplicaSet', replicaset: 'ReplicaSet', replicasets: 'ReplicaSet',
  sts: 'StatefulSet', statefulset: 'StatefulSet', statefulsets: 'StatefulSet',
  ds: 'DaemonSet', daemonset: 'DaemonSet', daemonsets: 'DaemonSet',
  job: 'Job', jobs: 'Job',
  cj: 'CronJob', cronjob: 'CronJob', cronjobs: 'CronJob',
  svc: 'Service', service: 'Service', services: 'Service',
  hpa: 'HorizontalPodAutoscaler', horizontalpodautoscaler: 'HorizontalPodAutoscaler',
  no: 'Node', node: 'Node', nodes: 'Node',
};

export function parseTarget(text: string): Target | undefined {
  const m = /^([a-z.]+)\/([a-z0-9][-a-z0-9.]*)$/i.exec(text);
  const kind = m ? KIND_ALIASES[m[1]!.toLowerCase().split('.')[0]!] : undefined;
  return m && kind ? { kind, name: m[2]! } : undefined;
}

export interface DiagnoseOptions {
  state: ClusterState;
  config: Config;
  rules: readonly Rule[];
  namespace?: string;
  target?: Target;
  /** `--repo PATH`: the static workspace whose facts join the live chains (loadRepo). */
  repo?: RepoContext;
  /** `--images`: the pods' images read from their registries (inspectClusterImages). */
  images?: ImageIndex;
}

/** diagnose = cluster state → workspace → live rules → findings, narrowed to what was asked about. */
export function diagnose(opts: DiagnoseOptions): RunResult {
  const index = indexCluster(opts.state);
  decodeContainerLogs(index);
  const manifests = { objects: [], podTemplates: [] };
  const repo = opts.repo;
  // With --repo the live rules see the checkout's facts too; its input errors show under its path.
  const ws: Workspace = {
    root: opts.state.source,
    dockerfiles: repo?.ws.dockerfiles ?? [],
    manifests: repo?.ws.manifests ?? manifests,
    goModules: repo?.ws.goModules ?? [],
    goPackages: repo?.ws.goPackages ?? [],
    links: repo?.ws.links ?? linkWorkspace([], [], manifests),
    cluster: index,
    ...(opts.images ? { images: opts.images } : {}),
    inputErrors: [...opts.state.warnings, ...(repo?.ws.inputErrors ?? []).map((e) => ({ ...e, file: posix.join(repo?.prefix ?? '', e.file) }))],
  };
  const rules = enabledRules(opts.rules, opts.config).filter((r) => r.meta.needs.includes('cluster') || (opts.images !== undefined && r.meta.needs.includes('image')));
  const { findings, errors } = runRules(ws, rules, opts.config);
  ws.inputErrors.push(...errors);
  const scope = inScope(index, opts.namespace, opts.target);
  const images = imagesOf(scope.pods);
  // An image finding without a manifest line is about `Image/<ref>`: it belongs to the scope whose pods run that image.
  const kept = findings.filter((f) => scope.keeps(f) || (f.subject.object?.kind === 'Image' && images.has(f.subject.object.name)));
  if (opts.namespace !== undefined || opts.target) kept.push(...relatedOutside(index, scope.pods, findings.filter((f) => !scope.keeps(f) && clusterWide(f))));
  if (repo) joinRepo(index, kept, repo);
  applySuppressions(kept, { ws, config: opts.config });
  return {
    command: 'diagnose',
    tool: { name: 'kubewhy', version: VERSION },
    root: opts.state.source,
    findings: kept,
    inputErrors: ws.inputErrors,
    rules: rules.map((r) => r.meta),
    summary: summarize(kept, ws.inputErrors, 0, opts.state.objects.length),
  };
}

/**
 * A target keeps findings about itself, its owners and what it owns (a pod's failure is
 * reported on its Deployment); a namespace keeps findings about objects in it. `pods` are the
 * pods in scope, for the cluster-scoped findings that explain them (relatedOutside).
 */
function inScope(index: ClusterIndex, namespace: string | undefined, target: Target | undefined): { keeps: (f: Finding) => boolean; pods: ClusterObject[] } {
  const related = new Set<ClusterObject>();
  if (target) {
    const obj = index.get(target.kind, namespace, target.name);
    if (obj) {
      related.add(obj);
      for (let up = index.owner(obj); up; up = index.owner(up)) related.add(up);
      for (const pod of index.podsOf(obj)) related.add(pod);
    }
  }
  const keeps = (f: Finding): boolean => {
    const ref = f.subject.object;
    if (namespace !== undefined && ref?.namespace !== namespace) return false;
    if (!target) return true;
    return ref !== undefined && [...related].some((o) => o.kind === ref.kind && o.name === ref.name && o.namespace === ref.namespace);
  };
  const pods = target ? [...related].filter((o) => o.kind === 'Pod') : index.ofKind('Pod').filter((p) => namespace === undefined || p.namespace === namespace);
  return { keeps, pods };
}

/** The image references the pods' containers and init containers run. */
function imagesOf(pods: readonly ClusterObject[]): Set<string> {
  const out = new Set<string>();
  for (const pod of pods) {
    const spec = asObject(asObject(pod.raw)?.['spec']);
    for (const c of [...asArray(spec?.['initContainers']), ...asArray(spec?.['containers'])]) {
      const image = asString(asObject(c)?.['image']);
      if (image) out.add(image);
    }
  }
  return out;
}

/** Findings on cluster-scoped objects (Nodes) or in kube-system: never inside a namespace the user asks about. */
function clusterWide(f: Finding): boolean {
  const ref = f.subject.object;
  return ref !== undefined && (ref.namespace === undefined || ref.namespace === DNS_NAMESPACE);
}
