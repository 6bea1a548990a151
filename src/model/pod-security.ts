import type { ContainerView, Json, JsonObject, JsonPath, PodTemplate } from './manifest.js';
import { getIn, isJsonObject } from './pod-templates.js';

/**
 * The Pod Security Standards as Pod Security Admission (k8s.io/pod-security-admission, policy
 * "latest") evaluates them, with its exact reason and detail strings so findings quote what the
 * API server will say. Not evaluated (rare in Go services, documented as a gap): AppArmor,
 * SELinux options, Windows hostProcess and the Windows exemptions, ephemeral containers, seccomp annotations,
 * and the user-namespace relaxation (feature-gated).
 */
export type PssLevel = 'privileged' | 'baseline' | 'restricted';

export interface PssViolation {
  /** PSA check id, e.g. `allowPrivilegeEscalation`, `hostNamespaces`. */
  id: string;
  level: 'baseline' | 'restricted';
  /** PSA ForbiddenReason, e.g. `allowPrivilegeEscalation != false`. */
  reason: string;
  /** PSA ForbiddenDetail, e.g. `container "api" must set securityContext.allowPrivilegeEscalation=false`. */
  detail: string;
  /** Absolute path (inside the workload object) of the first offending field, or where it must be added. */
  path: JsonPath;
}

interface Check {
  id: string;
  level: 'baseline' | 'restricted';
  /** Baseline check this restricted check replaces at the restricted level. */
  overrides?: string;
  run(p: Pod): Omit<PssViolation, 'id' | 'level'> | undefined;
}

/** A pod template seen through PSA's eyes: the raw JSON (never trusted to be well-typed). */
interface Pod {
  t: PodTemplate;
  spec: JsonObject;
  sc: JsonObject | undefined;
  containers: ContainerView[];
}

const BASELINE_CAPS = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
]);
const RESTRICTED_VOLUME_OK = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);

const quote = (items: readonly string[]): string => items.map((s) => JSON.stringify(s)).join(', ');
const plural = (one: string, many: string, n: number): string => (n === 1 ? one : many);
const containerWord = (names: readonly string[]): string => `${plural('container', 'containers', names.length)} ${quote(names)}`;
const sorted = (s: Set<string>): string[] => [...s].sort();

function csc(c: ContainerView): JsonObject | undefined {
  const sc = (c.spec as unknown as JsonObject).securityContext;
  return isJsonObject(sc) ? sc : undefined;
}
const at = (c: ContainerView, ...rel: JsonPath): JsonPath => [...c.path, ...rel];
const str = (v: Json | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : []);

/** Containers whose field fails `bad`, with the first offending path. */
function offenders(p: Pod, bad: (c: ContainerView) => JsonPath | undefined): { names: string[]; path?: JsonPath } {
  const names: string[] = [];
  let path: JsonPath | undefined;
  for (const c of p.containers) {
    const hit = bad(c);
    if (!hit) continue;
    names.push(c.name);
    path ??= hit;
  }
  return path ? { names, path } : { names };
}

function volumes(p: Pod): { name: string; type: string; index: number }[] {
  return list(p.spec.volumes).flatMap((v, index) => {
    if (!isJsonObject(v)) return [];
    const type = Object.keys(v).find((k) => k !== 'name') ?? '';
    return [{ name: str(v.name) ?? '', type, index }];
  });
}

const CHECKS: Check[] = [
  // Baseline, in PSA's order (check ids sorted).
  {
    id: 'capabilities_baseline',
    level: 'baseline',
    run(p) {
      const caps = new Set<string>();
      const o = offenders(p, (c) => {
        const add = list(getIn(csc(c) ?? {}, ['capabilities', 'add']));
        const i = add.findIndex((cap) => !BASELINE_CAPS.has(String(cap)));
        add.forEach((cap) => !BASELINE_CAPS.has(String(cap)) && caps.add(String(cap)));
        return i === -1 ? undefined : at(c, 'securityContext', 'capabilities', 'add', i);
      });
      if (!o.path) return undefined;
      return { reason: 'non-default capabilities', detail: `${containerWord(o.names)} must not include ${quote(sorted(caps))} in securityContext.capabilities.add`, path: o.path };
    },
  },
  {
    id: 'hostNamespaces',
    level: 'baseline',
    run(p) {
      const set = (['hostNetwork', 'hostPID', 'hostIPC'] as const).filter((k) => p.spec[k] === true);
      if (set.length === 0) return undefined;
      return { reason: 'host namespaces', detail: set.map((k) => `${k}=true`).join(', '), path: [...p.t.specPath, set[0]!] };
    },
  },
  {
    id: 'hostPathVolumes',
    level: 'baseline',
    run(p) {
      const host = volumes(p).filter((v) => v.type === 'hostPath');
      if (host.length === 0) return undefined;
      const names = host.map((v) => v.name);
      return { reason: 'hostPath volumes', detail: `${plural('volume', 'volumes', names.length)} ${quote(names)}`, path: [...p.t.specPath, 'volumes', host[0]!.index, 'hostPath'] };
    },
  },
  {
    id: 'hostPorts',
    level: 'baseline',
    run(p) {
      const ports = new Set<string>();
      const o = offenders(p, (c) => {
        let first: JsonPath | undefined;
        list((c.spec as unknown as JsonObject).ports).forEach((port, i) => {
          const hp = isJsonObject(port) ? port.hostPort : undefined;
          if (typeof hp !== 'number' || hp === 0) return;
          ports.add(String(hp));
          first ??= at(c, 'ports', i, 'hostPort');
        });
        return first;
      });
      if (!o.path) return undefined;
      const n = o.names.length;
      return {
        reason: 'hostPort',
        detail: `${containerWord(o.names)} ${plural('uses', 'use', n)} ${plural('hostPort', 'hostPorts', ports.size)} ${sorted(ports).join(', ')}`,
        path: o.path,
      };
    },
  },
  {
    id: 'hostProbesAndHostLifecycle',
    level: 'baseline',
    run(p) {
      const names = new Set<string>();
      const hosts = new Set<string>();
      let path: JsonPath | undefined;
      for (const c of p.containers) {
        const raw = c.spec as unknown as JsonObject;
        const handlers: JsonPath[] = [['livenessProbe'], ['readinessProbe'], ['startupProbe'], ['lifecycle', 'postStart'], ['lifecycle', 'preStop']];
        for (const h of handlers) {
          for (const kind of ['httpGet', 'tcpSocket']) {
            const host = getIn(raw, [...h, kind, 'host']);
            if (typeof host !== 'string' || host === '') continue;
            names.add(c.name);
            hosts.add(host);
            path ??= at(c, ...h, kind, 'host');
          }
        }
      }
      if (!path) return undefined;
      const n = names.size;
      return {
        reason: 'probe or lifecycle host',
        detail: `${plural('container', 'containers', n)} ${quote(sorted(names))} ${plural('uses', 'use', n)} ${plural('probe or lifecycle host', 'probe or lifecycle hosts', hosts.size)} ${quote(sorted(hosts))}`,
        path,
      };
    },
  },
  {
    id: 'privileged',
    level: 'baseline',
    run(p) {
      const o = offenders(p, (c) => (csc(c)?.privileged === true ? at(c, 'securityContext', 'privileged') : undefined));
      if (!o.path) return undefined;
      return { reason: 'privileged', detail: `${containerWord(o.names)} must not set securityContext.privileged=true`, path: o.path };
    },
  },
  {
    id: 'procMount',
    level: 'baseline',
    run(p) {
      const values = new Set<string>();
      const o = offenders(p, (c) => {
        const v = csc(c)?.procMount;
        if (v === undefined || v === null || v === 'Default') return undefined;
        values.add(String(v));
        return at(c, 'securityContext', 'procMount');
      });
      if (!o.path) return undefined;
      return { reason: 'procMount', detail: `${containerWord(o.names)} must not set securityContext.procMount to ${quote(sorted(values))}`, path: o.path };
    },
  },
  {
    id: 'seccompProfile_baseline',
    level: 'baseline',
    run(p) {
      const setters: string[] = [];
      let path: JsonPath | undefined;
      if (getIn(p.sc ?? {}, ['seccompProfile', 'type']) === 'Unconfined') {
        setters.push('pod');
        path = [...p.t.specPath, 'securityContext', 'seccompProfile', 'type'];
      }
      const o = offenders(p, (c) => (getIn(csc(c) ?? {}, ['seccompProfile', 'type']) === 'Unconfined' ? at(c, 'securityContext', 'seccompProfile', 'type') : undefined));
      if (o.path) setters.push(containerWord(o.names));
      path ??= o.path;
      return path ? { reason: 'seccompProfile', detail: `${setters.join(' and ')} must not set securityContext.seccompProfile.type to "Unconfined"`, path } : undefined;
    },
  },
  {
    id: 'sysctls',
    level: 'baseline',
    run(p) {
      const all = list(p.sc?.sysctls);
      const bad = all.flatMap((s, i) => (isJsonObject(s) && !SAFE_SYSCTLS.has(String(s.name)) ? [{ name: String(s.name), i }] : []));
      if (bad.length === 0) return undefined;
      return { reason: 'forbidden sysctls', detail: bad.map((b) => b.name).join(', '), path: [...p.t.specPath, 'securityContext', 'sysctls', bad[0]!.i] };
    },
  },
  // Restricted, in PSA's order; evaluated after the baseline checks.
  {
    id: 'allowPrivilegeEscalation',
    level: 'restricted',
    run(p) {
      const o = offenders(p, (c) => (csc(c)?.allowPrivilegeEscalation === false ? undefined : at(c, 'securityContext', 'allowPrivilegeEscalation')));
      if (!o.path) return undefined;
      return { reason: 'allowPrivilegeEscalation != false', detail: `${containerWord(o.names)} must set securityContext.allowPrivilegeEscalation=false`, path: o.path };
    },
  },
  {
    id: 'capabilities_restricted',
    level: 'restricted',
    overrides: 'capabilities_baseline',
    run(p) {
      const notDropped = offenders(p, (c) =>
        list(getIn(csc(c) ?? {}, ['capabilities', 'drop'])).includes('ALL') ? undefined : at(c, 'securityContext', 'capabilities', 'drop'),
      );
      const caps = new Set<string>();
      const adding = offenders(p, (c) => {
        const add = list(getIn(csc(c) ?? {}, ['capabilities', 'add']));
        add.forEach((cap) => cap !== 'NET_BIND_SERVICE' && caps.add(String(cap)));
        const i = add.findIndex((cap) => cap !== 'NET_BIND_SERVICE');
        return i === -1 ? undefined : at(c, 'securityContext', 'capabilities', 'add', i);
      });
      const details: string[] = [];
      if (notDropped.path) details.push(`${containerWord(notDropped.names)} must set securityContext.capabilities.drop=["ALL"]`);
      if (adding.path) details.push(`${containerWord(adding.names)} must not include ${quote(sorted(caps))} in securityContext.capabilities.add`);
      const path = notDropped.path ?? adding.path;
      return path ? { reason: 'unrestricted capabilities', detail: details.join('; '), path } : undefined;
    },
  },
  {
    id: 'restrictedVolumes',
    level: 'restricted',
    run(p) {
      const bad = volumes(p).filter((v) => !RESTRICTED_VOLUME_OK.has(v.type));
      if (bad.length === 0) return undefined;
      const types = sorted(new Set(bad.map((v) => v.type)));
      const n = bad.length;
      return {
        reason: 'restricted volume types',
        detail: `${plural('volume', 'volumes', n)} ${quote(bad.map((v) => v.name))} ${plural('uses', 'use', n)} ${plural('restricted volume type', 'restricted volume types', types.length)} ${quote(types)}`,
        path: [...p.t.specPath, 'volumes', bad[0]!.index],
      };
    },
  },
  {
    id: 'runAsNonRoot',
    level: 'restricted',
    run(p) {
      const setters: string[] = [];
      let path: JsonPath | undefined;
      const podValue = p.sc?.runAsNonRoot;
      if (podValue === false) {
        setters.push('pod');
        path = [...p.t.specPath, 'securityContext', 'runAsNonRoot'];
      }
      const explicit = offenders(p, (c) => (csc(c)?.runAsNonRoot === false ? at(c, 'securityContext', 'runAsNonRoot') : undefined));
      const implicit = offenders(p, (c) => {
        const v = csc(c)?.runAsNonRoot;
        return (v === undefined || v === null) && podValue !== true ? at(c, 'securityContext') : undefined;
      });
      if (explicit.path) setters.push(containerWord(explicit.names));
      // PSA reports explicit `false` settings alone; the "must set" hint only when nothing is explicitly wrong.
      if (setters.length > 0) {
        return { reason: 'runAsNonRoot != true', detail: `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`, path: (path ?? explicit.path)! };
      }
      if (!implicit.path) return undefined;
      return { reason: 'runAsNonRoot != true', detail: `pod or ${containerWord(implicit.names)} must set securityContext.runAsNonRoot=true`, path: implicit.path };
    },
  },
  {
    id: 'runAsUser',
    level: 'restricted',
    run(p) {
      const setters: string[] = [];
      let path: JsonPath | undefined;
      if (p.sc?.runAsUser === 0) {
        setters.push('pod');
        path = [...p.t.specPath, 'securityContext', 'runAsUser'];
      }
      const o = offenders(p, (c) => (csc(c)?.runAsUser === 0 ? at(c, 'securityContext', 'runAsUser') : undefined));
      if (o.path) setters.push(containerWord(o.names));
      path ??= o.path;
      return path ? { reason: 'runAsUser=0', detail: `${setters.join(' and ')} must not set runAsUser=0`, path } : undefined;
    },
  },
  {
    id: 'seccompProfile_restricted',
    level: 'restricted',
    overrides: 'seccompProfile_baseline',
    run(p) {
      const valid = (t: Json | undefined): boolean => t === 'RuntimeDefault' || t === 'Localhost';
      const setters: string[] = [];
      const values = new Set<string>();
      let path: JsonPath | undefined;
      const podProfile = p.sc?.seccompProfile;
      const podType = getIn(p.sc ?? {}, ['seccompProfile', 'type']);
      if (podProfile !== undefined && podProfile !== null && !valid(podType)) {
        setters.push('pod');
        values.add(String(podType));
        path = [...p.t.specPath, 'securityContext', 'seccompProfile', 'type'];
      }
      const podOk = valid(podType);
      const explicit = offenders(p, (c) => {
        const profile = csc(c)?.seccompProfile;
        if (profile === undefined || profile === null) return undefined;
        const t = getIn(csc(c) ?? {}, ['seccompProfile', 'type']);
        if (valid(t)) return undefined;
        values.add(String(t));
        return at(c, 'securityContext', 'seccompProfile', 'type');
      });
      const implicit = offenders(p, (c) => {
        const profile = csc(c)?.seccompProfile;
        return (profile === undefined || profile === null) && !podOk ? at(c, 'securityContext') : undefined;
      });
      if (explicit.path) setters.push(containerWord(explicit.names));
      if (setters.length > 0) {
        const detail = `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${quote(sorted(values))}`;
        return { reason: 'seccompProfile', detail, path: (path ?? explicit.path)! };
      }
      if (!implicit.path) return undefined;
      const detail = `pod or ${containerWord(implicit.names)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`;
      return { reason: 'seccompProfile', detail, path: implicit.path };
    },
  },
];

/** Every check of `level` the template fails, in the order PSA lists them. */
export function evaluatePodSecurity(t: PodTemplate, level: 'baseline' | 'restricted'): PssViolation[] {
  const spec = t.spec as unknown as JsonObject;
  const sc = isJsonObject(spec.securityContext) ? spec.securityContext : undefined;
  const pod: Pod = { t, spec, sc, containers: [...t.initContainers, ...t.containers] };
  const active = CHECKS.filter((c) => c.level === 'baseline' || level === 'restricted');
  const overridden = new Set(active.map((c) => c.overrides).filter((id): id is string => id !== undefined));
  const out: PssViolation[] = [];
  for (const check of active) {
    if (overridden.has(check.id)) continue;
    const v = check.run(pod);
    if (v) out.push({ id: check.id, level: check.level, ...v });
  }
  return out;
}

/** The strictest level the template meets. */
export function podSecurityLevel(t: PodTemplate): PssLevel {
  if (evaluatePodSecurity(t, 'baseline').length > 0) return 'privileged';
  return evaluatePodSecurity(t, 'restricted').length > 0 ? 'baseline' : 'restricted';
}

/** PSA's aggregated text: `reason (detail), reason (detail)`. */
export function formatViolations(vs: readonly PssViolation[]): string {
  return vs.map((v) => (v.detail ? `${v.reason} (${v.detail})` : v.reason)).join(', ');
}
