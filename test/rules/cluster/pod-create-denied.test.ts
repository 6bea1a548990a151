import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/pod-create-denied.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('pod-create-denied', () => {
  it('reports Pod Security, webhook denials, unreachable webhooks and missing ServiceAccounts on the owner', async () => {
    const r = await diagnoseFixture('admission', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      "DaemonSet/secure/log-agent spec.template.spec undefined: DaemonSet secure/log-agent: no pods created — admission webhook validate.kyverno.svc-fail denies it: resource Pod/secure/log-agent-7xk2p was blocked due to the following policies disallow-host-path: host-path: 'validation error: HostPath volumes are forbidden. The field spec.volumes[*].hostPath must be unset. rule host-path failed at path /spec/volumes/0/hostPath/'",
      'Deployment/secure/gateway spec.template.spec.containers[0].securityContext gateway: Deployment secure/gateway: no pods created — Pod Security "restricted:latest" rejects it: allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile',
      'Deployment/shop/mailer spec.template.spec.serviceAccountName undefined: Deployment shop/mailer: no pods created — ServiceAccount mailer does not exist in shop',
      'Deployment/shop/worker spec.template.spec undefined: Deployment shop/worker: no pods created — admission webhook mpod.elbv2.k8s.aws cannot be reached: failed to call webhook: Post "https://aws-load-balancer-webhook-service.kube-system.svc:443/mutate-v1-pod?timeout=10s": no endpoints available for service "aws-load-balancer-webhook-service"',
    ]);
    expect(r.findings.every((f) => f.fault === 'F4')).toBe(true);
  });

  it('turns the Pod Security message into the settings to add, with the namespace label as evidence', async () => {
    const r = await diagnoseFixture('admission', [rule], { namespace: 'secure', target: { kind: 'Deployment', name: 'gateway' } });
    const f = r.findings[0]!;
    expect(f.fix).toBe(
      'In Deployment secure/gateway set securityContext.allowPrivilegeEscalation=false, securityContext.capabilities.drop=["ALL"], securityContext.runAsNonRoot=true, securityContext.seccompProfile.type=RuntimeDefault (spec.template.spec.containers[0].securityContext); only if the workload truly needs it, relax the namespace label pod-security.kubernetes.io/enforce.',
    );
    expect(f.evidence.map((e) => e.message).slice(2)).toEqual([
      'Namespace secure enforces pod-security.kubernetes.io/enforce=restricted',
      'root cause: Pod Security "restricted:latest" rejects it: allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile',
    ]);
  });

  it('leaves quota and LimitRange rejections to their rules', async () => {
    const r = await diagnoseFixture('admission', [rule], { namespace: 'tools' });
    expect(r.findings).toEqual([]);
  });
});
