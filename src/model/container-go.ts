import type { Evidence, Subject } from '../core/finding.js';
import type { Dockerfile } from './dockerfile.js';
import { packagesInBinary } from './go-packages.js';
import { lookupEnv, settingSubject } from './go-runtime-env.js';
import type { MainPackageBuild } from './go-main-packages.js';
import type { GoListener, GoPackage, GoString } from './gosrc.js';
import { splitHostPort, valueOf } from './go-values.js';
import type { ContainerView, JsonPath } from './manifest.js';
import { probeHandler, probesOf, probeWord, type ProbeField } from './probe-timing.js';
import { findContainerPort } from './ports.js';
import { shippedVar } from './runtime-files.js';
import { containerSubject, objectSubject } from './subjects.js';
import type { Workspace } from './workspace.js';

/** A container joined to the one Go main package its image runs (via its Dockerfile). */
export interface ContainerBinary {
  df: Dockerfile;
  build: MainPackageBuild;
  /** The main package and every workspace package it imports. */
  pkgs: GoPackage[];
}

/** Only an unambiguous join: one Dockerfile building one main package; else undefined (rules stay silent). */
export function containerBinary(ws: Workspace, c: ContainerView): ContainerBinary | undefined {
  const dfs = ws.links.dockerfilesFor(c);
  if (dfs.length !== 1) return undefined;
  const df = dfs[0]!;
  const builds = ws.links.mainPackageBuildsOf(df);
  if (builds.length !== 1) return undefined;
  const build = builds[0]!;
  return { df, build, pkgs: packagesInBinary(build.pkg, ws.goPackages) };
}

export function buildEvidence(b: ContainerBinary): Evidence {
  return { message: `${b.df.file} builds ${b.build.pkg.dir === '.' ? 'the root main package' : b.build.pkg.dir} into the image`, span: b.build.ins.span };
}

/** A GoString's value in the container: manifest env, else the image's ENV, else empty. */
export interface ResolvedString {
  value?: string;
  /** Where env values came from (manifest entries or Dockerfile ENV). */
  evidence: Evidence[];
}

export function resolveInContainer(ws: Workspace, c: ContainerView, b: ContainerBinary, s: GoString): ResolvedString {
  const env: Record<string, string> = {};
  const evidence: Evidence[] = [];
  for (const p of s.parts) {
    if (p.kind !== 'env' || p.name in env) continue;
    const l = lookupEnv(c, p.name, ws.manifests.objects);
    if (l.set) {
      if (l.setting.value === undefined) return { evidence };
      env[p.name] = l.setting.value;
      evidence.push({ ...settingSubject(c, l.setting), message: `${p.name}=${l.setting.value} in the manifest` });
      continue;
    }
    if (!l.certain) return { evidence };
    const fromImage = shippedVar(b.df, p.name);
    if (fromImage !== undefined) {
      env[p.name] = fromImage;
      evidence.push({ message: `${p.name}=${fromImage} from the image (${b.df.file})`, span: b.df.stages[b.df.stages.length - 1]!.from.instruction.span });
    } else {
      env[p.name] = '';
      evidence.push({ message: `${p.name} is not set: the code falls back to "${p.fallback ?? ''}"`, span: p.fallbackFrom ?? p.span });
    }
  }
  const value = valueOf(s, env);
  return value === undefined ? { evidence } : { value, evidence };
}

/** Network listeners (not unix sockets) of a binary. */
export function networkListeners(b: ContainerBinary): GoListener[] {
  return b.pkgs.flatMap((p) => p.listeners).filter((l) => l.protocol !== 'unix');
}

/** The address a listener binds in this container, split; undefined when unresolved. */
export function listenerAddress(ws: Workspace, c: ContainerView, b: ContainerBinary, l: GoListener): { host: string; port?: number; evidence: Evidence[]; text: string } | undefined {
  const addr = l.addr ?? l.server?.addr;
  if (!addr) return undefined;
  const r = resolveInContainer(ws, c, b, addr);
  if (r.value === undefined) return undefined;
  const { host, port } = splitHostPort(r.value);
  // http.ListenAndServe("") serves :http (80), TLS :https (443).
  const n = port === '' ? (l.protocol === 'https' ? 443 : l.protocol === 'http' && r.value === '' ? 80 : undefined) : /^\d+$/.test(port) ? Number(port) : undefined;
  return { host, ...(n !== undefined && { port: n }), evidence: r.evidence, text: r.value };
}

/** A port something outside the process connects to: a probe or a Service targetPort. */
export interface PortUse {
  port: number;
  what: string;
  at: Subject;
  probe?: ProbeField;
}

/** Probe ports and Service targetPorts aimed at this container, resolved to numbers. */
export function portUses(ws: Workspace, c: ContainerView): PortUse[] {
  const out: PortUse[] = [];
  for (const { field, probe } of probesOf(c)) {
    const h = probeHandler(probe);
    if (!h || h.kind === 'exec' || h.port === undefined) continue;
    const n = typeof h.port === 'number' ? h.port : /^\d+$/.test(h.port) ? Number(h.port) : findContainerPort(c.spec, h.port)?.containerPort;
    if (n === undefined) continue;
    out.push({ port: n, what: `${probeWord(field)} probe (${h.kind} port ${h.port})`, at: containerSubject(c, [field, h.kind, 'port']), probe: field });
  }
  const single = c.template.containers.length === 1;
  for (const svc of ws.links.servicesSelecting(c.template)) {
    const ports = (svc.raw.spec as { ports?: unknown } | undefined)?.ports;
    if (!Array.isArray(ports)) continue;
    ports.forEach((p: unknown, i) => {
      if (typeof p !== 'object' || p === null) return;
      const sp = p as { port?: unknown; targetPort?: unknown; protocol?: unknown };
      if (sp.protocol !== undefined && sp.protocol !== 'TCP') return;
      const target = sp.targetPort ?? sp.port;
      const path: JsonPath = ['spec', 'ports', i, sp.targetPort !== undefined ? 'targetPort' : 'port'];
      let n: number | undefined;
      if (typeof target === 'number' || (typeof target === 'string' && /^\d+$/.test(target))) {
        n = Number(target);
        // In a multi-container pod a numeric targetPort may belong to another container.
        if (!single && !findContainerPort(c.spec, n)) return;
      } else if (typeof target === 'string') n = findContainerPort(c.spec, target)?.containerPort;
      if (n === undefined) return;
      out.push({ port: n, what: `Service ${svc.name} targetPort ${String(target)}`, at: objectSubject(svc, path) });
    });
  }
  return out;
}
