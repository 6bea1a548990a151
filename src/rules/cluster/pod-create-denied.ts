import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { asObject, asString } from '../../model/cluster.js';
import { containerPath, controllerCheck, createEvidence, createFailures, templateContainers, type CreateFailure } from '../../triage/admission.js';
import { objectName, templateSpecPath } from '../../triage/describe.js';
import type { ClusterIndex } from '../../model/cluster-index.js';
import type { Report } from '../../core/rule.js';

export default defineRule({
  meta: {
    id: 'pod-create-denied',
    fault: 'F4',
    severity: 'error',
    title: 'Admission (Pod Security, a webhook, a missing ServiceAccount) rejects the pods',
    why:
      'The pod template breaks a namespace policy, so the API server refuses every pod: "violates PodSecurity ' +
      '"restricted:latest": allowPrivilegeEscalation != false (container "api" must set ' +
      'securityContext.allowPrivilegeEscalation=false), …", "admission webhook "validate.kyverno.svc-fail" denied the ' +
      'request: …", or a webhook that cannot be reached ("failed calling webhook"). The Deployment shows 0 pods and ' +
      'only the ReplicaSet\'s FailedCreate event says why.',
    fix: 'Change the pod template to satisfy the policy (the settings the message asks for), or fix the webhook / namespace policy.',
    verify: 'kubectl apply --dry-run=server -f <manifest>   # the server runs the same admission chain',
    needs: ['cluster'],
    tags: ['admission', 'security', 'live'],
  },
  check({ ws, report }) {
    if (!ws.cluster) return;
    for (const f of createFailures(ws.cluster)) {
      if (f.denial === 'pod-security') report(podSecurity(ws.cluster, f));
      else if (f.denial === 'webhook-denied' || f.denial === 'webhook-unreachable') report(webhook(f));
      else if (f.denial === 'service-account') report(serviceAccount(f));
      else if (f.denial === 'other') report(other(f));
    }
  },
});

/** `allowPrivilegeEscalation != false (container "api" must set …)` pairs from the PSA message. */
function violations(text: string): { check: string; detail: string }[] {
  return [...text.matchAll(/(?:^|, )([^,()][^()]*?) \(([^()]*)\)/g)].map((m) => ({ check: m[1]!.trim(), detail: m[2]!.trim() }));
}

function podSecurity(index: ClusterIndex, f: CreateFailure): Report {
  const m = /violates PodSecurity "([^"]+)": ([\s\S]+)$/.exec(f.error);
  const level = m?.[1] ?? '?';
  const found = violations(m?.[2] ?? '');
  // `must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"` → `…type=RuntimeDefault`.
  const settings = found.flatMap((v) =>
    [...v.detail.matchAll(/must (set|not set) (\S+?)(?:=(\S+)| to "([^"]+)"(?: or "[^"]+")?)?(?=$|,|\s)/g)].map((x) =>
      x[1] === 'set' ? `${x[2]}=${x[3] ?? x[4] ?? 'true'}` : `unset ${x[2]}`,
    ),
  );
  const containerName = found.map((v) => /container "([^"]+)"/.exec(v.detail)?.[1]).find((x) => x !== undefined);
  const c = templateContainers(f.owner).find((x) => x.name === containerName);
  const fieldPath = c ? containerPath(f.owner, c, '.securityContext') : `${templateSpecPath(f.owner.kind)}.securityContext`;
  const ns = index.get('Namespace', undefined, f.controller.namespace ?? '');
  const labels = asObject(asObject(ns?.raw.metadata)?.labels);
  const enforce = asString(labels?.['pod-security.kubernetes.io/enforce']);
  const cause = `Pod Security "${level}" rejects it: ${found.map((v) => v.check).join(', ')}`;
  const evidence: Evidence[] = [...createEvidence(f)];
  if (ns && enforce) evidence.push({ message: `Namespace ${ns.name} enforces pod-security.kubernetes.io/enforce=${enforce}`, object: ns.ref, fieldPath: 'metadata.labels' });
  evidence.push({ message: `root cause: ${cause}` });
  return {
    message: `${objectName(f.owner)}: no pods created — ${cause}`,
    at: { object: f.owner.ref, fieldPath, ...(c ? { container: c.name } : {}) },
    evidence,
    fix: `In ${objectName(f.owner)} ${settings.length ? `set ${settings.join(', ')}` : 'meet the level the message names'} (${fieldPath}); only if the workload truly needs it, relax the namespace label pod-security.kubernetes.io/enforce.`,
    verify: `kubectl label --dry-run=server --overwrite ns ${f.controller.namespace} pod-security.kubernetes.io/enforce=${level.split(':')[0]}   # lists the pods that would still violate; then ${controllerCheck(f)}`,
  };
}

function webhook(f: CreateFailure): Report {
  const denied = /admission webhook "([^"]+)" denied the request:?\s*([\s\S]*)$/.exec(f.error);
  const failed = /failed calling webhook "([^"]+)":\s*([\s\S]*)$/.exec(f.error);
  const name = denied?.[1] ?? failed?.[1] ?? '?';
  // Policy engines answer in several indented lines; one line reads better in a finding.
  const reason = (denied?.[2] ?? '').replace(/\s+/g, ' ').trim();
  const cause = denied ? `admission webhook ${name} denies it: ${reason || '(no reason given)'}` : `admission webhook ${name} cannot be reached: ${failed?.[2] ?? f.error}`;
  return {
    message: `${objectName(f.owner)}: no pods created — ${cause}`,
    at: { object: f.owner.ref, fieldPath: templateSpecPath(f.owner.kind) },
    evidence: [...createEvidence(f), { message: `root cause: ${cause}` }],
    fix: denied
      ? `Change ${objectName(f.owner)}'s pod template to satisfy the policy behind ${name} (its message says what it wants), or get a policy exception.`
      : `Bring back the webhook's backend Service (kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations -o wide), or set its failurePolicy to Ignore if it is not a security control.`,
    verify: controllerCheck(f),
  };
}

function serviceAccount(f: CreateFailure): Report {
  const sa = /serviceaccount "([^"]+)" not found/.exec(f.error)?.[1] ?? '?';
  const cause = `ServiceAccount ${sa} does not exist in ${f.controller.namespace}`;
  const fieldPath = `${templateSpecPath(f.owner.kind)}.serviceAccountName`;
  return {
    message: `${objectName(f.owner)}: no pods created — ${cause}`,
    at: { object: f.owner.ref, fieldPath },
    evidence: [...createEvidence(f), { message: `root cause: ${cause}` }],
    fix: `Create it (kubectl create serviceaccount -n ${f.controller.namespace} ${sa}) or fix ${fieldPath}.`,
    verify: `kubectl get serviceaccount -n ${f.controller.namespace} ${sa} && ${controllerCheck(f)}`,
  };
}

function other(f: CreateFailure): Report {
  const cause = `the API server rejects the pod: ${f.error}`;
  return {
    message: `${objectName(f.owner)}: no pods created — ${cause}`,
    at: { object: f.owner.ref, fieldPath: templateSpecPath(f.owner.kind) },
    evidence: [...createEvidence(f), { message: `root cause: ${cause}` }],
    fix: `Change ${objectName(f.owner)}'s pod template so the API server accepts it (kubectl apply --dry-run=server shows the same error).`,
    verify: controllerCheck(f),
  };
}
