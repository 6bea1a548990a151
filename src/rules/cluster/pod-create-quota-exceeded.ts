import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { asObject } from '../../model/cluster.js';
import {
  containerPath, containerResource, controllerCheck, createEvidence, createFailures, parseResourceList, quantityNumber, templateContainers,
  type CreateFailure,
} from '../../triage/admission.js';
import { objectName, templateSpecPath } from '../../triage/describe.js';
import type { ClusterIndex } from '../../model/cluster-index.js';
import type { Report } from '../../core/rule.js';

export default defineRule({
  meta: {
    id: 'pod-create-quota-exceeded',
    fault: 'F2',
    severity: 'error',
    title: 'A ResourceQuota rejects the pods, so they are never created',
    why:
      'The API server refuses the pod at admission: "exceeded quota: compute, requested: limits.memory=1Gi, used: ' +
      'limits.memory=3584Mi, limited: limits.memory=4Gi", or "failed quota: compute: must specify limits.cpu for: ' +
      'api" when the quota covers a resource the containers do not set. No pod exists to describe: the only trace is ' +
      'a FailedCreate event on the ReplicaSet/Job and `kubectl get deploy` showing 0 up-to-date replicas.',
    fix: 'Set or lower the container resources the quota names, raise the quota\'s spec.hard, or free quota in the namespace.',
    verify: 'kubectl describe resourcequota -n <namespace>',
    needs: ['cluster'],
    tags: ['admission', 'quota', 'live'],
  },
  check({ ws, report }) {
    if (!ws.cluster) return;
    for (const f of createFailures(ws.cluster)) {
      if (f.denial === 'quota-exceeded') report(exceeded(ws.cluster, f));
      else if (f.denial === 'quota-must-specify') report(mustSpecify(ws.cluster, f));
    }
  },
});

function exceeded(index: ClusterIndex, f: CreateFailure): Report {
  const m = /exceeded quota: ([^,]+), requested: (.+?), used: (.+?), limited: (.+)$/.exec(f.error);
  const name = m?.[1] ?? '?';
  const requested = parseResourceList(m?.[2] ?? '');
  const used = parseResourceList(m?.[3] ?? '');
  const limited = parseResourceList(m?.[4] ?? '');
  const [resource = '?'] = Object.keys(requested);
  const quota = index.get('ResourceQuota', f.controller.namespace, name);
  const hard = asObject(asObject(quota?.raw.status)?.hard) ?? asObject(asObject(quota?.raw.spec)?.hard);
  const cause = `ResourceQuota ${name} is full: ${resource} used ${used[resource] ?? '?'} + ${requested[resource] ?? '?'} for this pod > ${limited[resource] ?? '?'}`;
  const evidence: Evidence[] = [...createEvidence(f)];
  if (quota) {
    const usedNow = asObject(asObject(quota.raw.status)?.used);
    const lines = Object.keys(hard ?? {}).sort().map((k) => `${k} ${String(usedNow?.[k] ?? '0')}/${String(hard?.[k])}`);
    evidence.push({ message: `${objectName(quota)} used/hard: ${lines.join(', ')}`, object: quota.ref, fieldPath: 'status' });
  }
  evidence.push({ message: `root cause: ${cause}` });
  const containers = templateContainers(f.owner);
  const biggest = [...containers].sort((a, b) => quantityNumber(containerResource(b, resource)) - quantityNumber(containerResource(a, resource)))[0];
  const perPod = resource === 'pods' || resource.startsWith('count/');
  const fieldPath = perPod ? (f.owner.kind === 'Job' || f.owner.kind === 'CronJob' ? templateSpecPath(f.owner.kind) : 'spec.replicas') : biggest ? containerPath(f.owner, biggest, `.resources.${resource.includes('.') ? resource : `requests.${resource}`}`) : templateSpecPath(f.owner.kind);
  return {
    message: `${objectName(f.owner)}: no pods created — ${cause}`,
    at: { object: f.owner.ref, fieldPath, ...(biggest && !perPod ? { container: biggest.name } : {}) },
    evidence,
    fix: perPod
      ? `Lower ${objectName(f.owner)} ${fieldPath}, raise spec.hard["${resource}"] of ResourceQuota ${f.controller.namespace}/${name}, or delete unused pods in ${f.controller.namespace}.`
      : `Lower ${resource} in ${objectName(f.owner)} (${fieldPath}), raise spec.hard["${resource}"] of ResourceQuota ${f.controller.namespace}/${name}, or scale down other workloads in ${f.controller.namespace}.`,
    verify: `kubectl describe resourcequota -n ${f.controller.namespace} ${name} && ${controllerCheck(f)}`,
  };
}

/**
 * `must specify cpu for: nginx; memory for: nginx` (1.29+ names containers) or the older
 * `must specify limits.cpu,limits.memory` (every container lacking it).
 */
function mustSpecify(index: ClusterIndex, f: CreateFailure): Report {
  const m = /failed quota: ([^:]+): must specify (.+)$/.exec(f.error);
  const name = m?.[1] ?? '?';
  const containers = templateContainers(f.owner);
  const missing = new Map<string, string[]>();
  for (const part of (m?.[2] ?? '').split(/;\s*/)) {
    const named = /^(.+?) for: (.+)$/.exec(part);
    const resources = named ? [named[1]!] : part.split(',');
    for (const r of resources.map((x) => x.trim()).filter(Boolean)) {
      const who = named ? named[2]!.split(',').map((x) => x.trim()) : containers.filter((c) => containerResource(c, r) === undefined).map((c) => c.name);
      for (const c of who) missing.set(c, [...(missing.get(c) ?? []), r]);
    }
  }
  const [firstName, firstResources = []] = [...missing.entries()][0] ?? [];
  const first = containers.find((c) => c.name === firstName);
  const say = [...missing.entries()].map(([c, rs]) => `${c} (${rs.join(', ')})`).join('; ');
  const cause = `ResourceQuota ${name} covers ${[...new Set([...missing.values()].flat())].join(', ')} and the pod leaves it unset: ${say}`;
  const limitRanges = index.ofKind('LimitRange').filter((l) => l.namespace === f.controller.namespace);
  const fieldPath = first ? containerPath(f.owner, first, '.resources') : templateSpecPath(f.owner.kind);
  return {
    message: `${objectName(f.owner)}: no pods created — ${cause}`,
    at: { object: f.owner.ref, fieldPath, ...(first ? { container: first.name } : {}) },
    evidence: [...createEvidence(f), { message: `root cause: ${cause}` }],
    fix:
      `Set resources ${firstResources.map((r) => (r.includes('.') ? r : `requests.${r}`)).join(' and ')} on container ${firstName ?? '?'} (${fieldPath})` +
      `${missing.size > 1 ? ' and the other containers named' : ''}` +
      `${limitRanges.length === 0 ? `, or add a LimitRange with defaults to namespace ${f.controller.namespace}` : ''}.`,
    verify: controllerCheck(f),
  };
}
