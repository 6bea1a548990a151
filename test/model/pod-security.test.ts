import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/core/config.js';
import { loadManifests } from '../../src/load/manifests.js';
import { evaluatePodSecurity, formatViolations, podSecurityLevel } from '../../src/model/pod-security.js';
import { podTemplatesOf } from '../../src/model/pod-templates.js';

const indent = (text: string, n: number): string => text.replace(/^(?=.)/gm, ' '.repeat(n));
/** A Deployment whose pod spec is `spec` (YAML at pod-spec level). */
function template(spec: string) {
  const text = `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api, namespace: shop }\nspec:\n  template:\n    spec:\n${indent(spec, 6)}`;
  const [t] = podTemplatesOf(loadManifests('d.yaml', text, DEFAULT_LIMITS).objects);
  return t!;
}

const restrictedContainer = `securityContext:
  allowPrivilegeEscalation: false
  capabilities: { drop: ["ALL"] }`;

const hardened = template(`securityContext:
  runAsNonRoot: true
  seccompProfile: { type: RuntimeDefault }
containers:
  - name: api
    image: ghcr.io/acme/api:1.4.2
${indent(restrictedContainer, 4)}
volumes:
  - name: tmp
    emptyDir: {}
`);

const plain = template(`containers:
  - name: api
    image: ghcr.io/acme/api:1.4.2
`);

describe('evaluatePodSecurity', () => {
  it('passes a hardened Go service at restricted', () => {
    expect(evaluatePodSecurity(hardened, 'restricted')).toEqual([]);
    expect(podSecurityLevel(hardened)).toBe('restricted');
  });

  it('a plain template is baseline, and fails restricted with PSA\'s exact text', () => {
    expect(podSecurityLevel(plain)).toBe('baseline');
    expect(formatViolations(evaluatePodSecurity(plain, 'restricted'))).toBe(
      'allowPrivilegeEscalation != false (container "api" must set securityContext.allowPrivilegeEscalation=false), ' +
        'unrestricted capabilities (container "api" must set securityContext.capabilities.drop=["ALL"]), ' +
        'runAsNonRoot != true (pod or container "api" must set securityContext.runAsNonRoot=true), ' +
        'seccompProfile (pod or container "api" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
  });

  it('lists baseline checks first, then restricted; hostPath also fails restricted volume types', () => {
    const t = template(`hostNetwork: true
hostPID: true
containers:
  - name: agent
    image: ghcr.io/acme/agent:1.0.0
    securityContext:
      privileged: true
      allowPrivilegeEscalation: false
      runAsNonRoot: true
      seccompProfile: { type: RuntimeDefault }
      capabilities: { drop: ["ALL"], add: ["SYS_ADMIN", "NET_BIND_SERVICE"] }
    ports:
      - containerPort: 9100
        hostPort: 9100
volumes:
  - name: proc
    hostPath: { path: /proc }
`);
    expect(podSecurityLevel(t)).toBe('privileged');
    expect(formatViolations(evaluatePodSecurity(t, 'baseline'))).toBe(
      'non-default capabilities (container "agent" must not include "SYS_ADMIN" in securityContext.capabilities.add), ' +
        'host namespaces (hostNetwork=true, hostPID=true), hostPath volumes (volume "proc"), ' +
        'hostPort (container "agent" uses hostPort 9100), privileged (container "agent" must not set securityContext.privileged=true)',
    );
    // capabilities_restricted overrides capabilities_baseline at restricted.
    expect(evaluatePodSecurity(t, 'restricted').map((v) => v.id)).toEqual([
      'hostNamespaces', 'hostPathVolumes', 'hostPorts', 'privileged', 'capabilities_restricted', 'restrictedVolumes',
    ]);
    expect(evaluatePodSecurity(t, 'restricted').find((v) => v.id === 'restrictedVolumes')?.detail).toBe('volume "proc" uses restricted volume type "hostPath"');
  });

  it('explicit false/0/Unconfined settings are named, with pod and containers joined by "and"', () => {
    const t = template(`securityContext:
  runAsNonRoot: false
  runAsUser: 0
  seccompProfile: { type: Unconfined }
initContainers:
  - name: migrate
    image: ghcr.io/acme/migrate:1.0.0
${indent(restrictedContainer, 4)}
containers:
  - name: api
    image: ghcr.io/acme/api:1.4.2
    securityContext:
      allowPrivilegeEscalation: false
      capabilities: { drop: ["ALL"] }
      runAsNonRoot: false
      runAsUser: 0
`);
    const byId = Object.fromEntries(evaluatePodSecurity(t, 'restricted').map((v) => [v.id, v.detail]));
    expect(byId).toEqual({
      runAsNonRoot: 'pod and container "api" must not set securityContext.runAsNonRoot=false',
      runAsUser: 'pod and container "api" must not set runAsUser=0',
      seccompProfile_restricted: 'pod must not set securityContext.seccompProfile.type to "Unconfined"',
    });
    expect(evaluatePodSecurity(t, 'baseline').map((v) => `${v.reason} (${v.detail})`)).toEqual([
      'seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")',
    ]);
  });

  it('pluralizes over init and main containers; container-level settings satisfy restricted without pod-level', () => {
    const t = template(`initContainers:
  - name: migrate
    image: ghcr.io/acme/migrate:1.0.0
containers:
  - name: api
    image: ghcr.io/acme/api:1.4.2
  - name: ok
    image: ghcr.io/acme/ok:1.0.0
    securityContext:
      allowPrivilegeEscalation: false
      runAsNonRoot: true
      seccompProfile: { type: Localhost, localhostProfile: go.json }
      capabilities: { drop: ["ALL"] }
`);
    expect(evaluatePodSecurity(t, 'restricted').map((v) => v.detail)).toEqual([
      'containers "migrate", "api" must set securityContext.allowPrivilegeEscalation=false',
      'containers "migrate", "api" must set securityContext.capabilities.drop=["ALL"]',
      'pod or containers "migrate", "api" must set securityContext.runAsNonRoot=true',
      'pod or containers "migrate", "api" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
    ]);
  });

  it('forbids unsafe sysctls, Unmasked procMount and probe hosts at baseline', () => {
    const t = template(`securityContext:
  sysctls:
    - { name: net.ipv4.tcp_keepalive_time, value: "60" }
    - { name: net.core.somaxconn, value: "4096" }
containers:
  - name: api
    image: ghcr.io/acme/api:1.4.2
    securityContext: { procMount: Unmasked }
    livenessProbe:
      httpGet: { host: 127.0.0.1, path: /healthz, port: 8080 }
`);
    expect(formatViolations(evaluatePodSecurity(t, 'baseline'))).toBe(
      'probe or lifecycle host (container "api" uses probe or lifecycle host "127.0.0.1"), ' +
        'procMount (container "api" must not set securityContext.procMount to "Unmasked"), forbidden sysctls (net.core.somaxconn)',
    );
  });

  it('points at the offending field', () => {
    const t = template(`hostNetwork: true\ncontainers:\n  - name: api\n    image: ghcr.io/acme/api:1.4.2\n`);
    expect(evaluatePodSecurity(t, 'baseline')[0]?.path).toEqual(['spec', 'template', 'spec', 'hostNetwork']);
  });
});
