import type { Config } from './config.js';
import type { Finding } from './finding.js';
import type { Rule } from './rule.js';
import type { RunResult } from './result.js';
import type { ClusterObject, ClusterState } from '../model/cluster.js';
import { indexCluster, type ClusterIndex } from '../model/cluster-index.js';
import { linkWorkspace } from '../model/link.js';
import type { Workspace } from '../model/workspace.js';
import { enabledRules, runRules } from './engine.js';
import { applySuppressions } from './suppress.js';
import { summarize } from './summary.js';
import { VERSION } from './version.js';

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
}

/** diagnose = cluster state → workspace → live rules → findings, narrowed to what was asked about. */
export function diagnose(opts: DiagnoseOptions): RunResult {
  const index = indexCluster(opts.state);
  const manifests = { objects: [], podTemplates: [] };
  const ws: Workspace = {
    root: opts.state.source,
    dockerfiles: [],
    manifests,
    goModules: [],
    goPackages: [],
    links: linkWorkspace([], [], manifests),
    cluster: index,
    inputErrors: [...opts.state.warnings],
  };
  const rules = enabledRules(opts.rules, opts.config).filter((r) => r.meta.needs.includes('cluster'));
  const { findings, errors } = runRules(ws, rules, opts.config);
  ws.inputErrors.push(...errors);
  const kept = findings.filter(inScope(index, opts.namespace, opts.target));
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
 * reported on its Deployment); a namespace keeps findings about objects in it.
 */
function inScope(index: ClusterIndex, namespace: string | undefined, target: Target | undefined): (f: Finding) => boolean {
  const related = new Set<ClusterObject>();
  if (target) {
    const obj = index.get(target.kind, namespace, target.name);
    if (obj) {
      related.add(obj);
      for (let up = index.owner(obj); up; up = index.owner(up)) related.add(up);
      for (const pod of index.podsOf(obj)) related.add(pod);
    }
  }
  return (f) => {
    const ref = f.subject.object;
    if (namespace !== undefined && ref?.namespace !== namespace) return false;
    if (!target) return true;
    return ref !== undefined && [...related].some((o) => o.kind === ref.kind && o.name === ref.name && o.namespace === ref.namespace);
  };
}
