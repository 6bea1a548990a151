import type { Probe } from 'kubernetes-types/core/v1.js';
import { asArray, asNumber, asObject, asString } from '../model/cluster.js';
import type { JsonObject } from '../model/manifest.js';
import type { ContainerState } from './containers.js';

/** The container's spec in its pod (the owner's template, as the pod got it). */
export function containerSpec(c: ContainerState): JsonObject | undefined {
  const spec = asObject(c.pod.raw.spec);
  const list = asArray(spec?.[c.init ? 'initContainers' : 'containers']).map(asObject);
  return list.find((s) => asString(s?.name) === c.name);
}

export type EnvSource = { value: string } | { from: string } | undefined;

/** A literal env value, or a description of where it comes from (`resourceFieldRef limits.memory`). */
export function envOf(spec: JsonObject | undefined, name: string): EnvSource {
  const entries = asArray(spec?.env).map(asObject);
  const e = entries.filter((x) => asString(x?.name) === name).at(-1);
  if (!e) return undefined;
  const value = asString(e.value);
  if (value !== undefined) return { value };
  const from = asObject(e.valueFrom);
  const field = asObject(from?.resourceFieldRef);
  if (field) return { from: `resourceFieldRef ${asString(field.resource) ?? '?'}` };
  const key = asObject(from?.configMapKeyRef) ?? asObject(from?.secretKeyRef);
  return { from: key ? `${from?.configMapKeyRef ? 'ConfigMap' : 'Secret'} ${asString(key.name) ?? '?'} key ${asString(key.key) ?? '?'}` : 'valueFrom' };
}

export function memoryLimitOf(spec: JsonObject | undefined): string | undefined {
  const m = asObject(asObject(spec?.resources)?.limits)?.memory;
  return typeof m === 'number' ? String(m) : asString(m);
}

export function probeOf(spec: JsonObject | undefined, field: 'livenessProbe' | 'readinessProbe' | 'startupProbe'): Probe | undefined {
  return asObject(spec?.[field]) as Probe | undefined;
}

/** `GET :8080/healthz`, `tcp :5432`, `exec pg_isready`: a probe as people name it. */
export function describeProbe(p: Probe): string {
  if (p.httpGet) return `GET ${p.httpGet.scheme === 'HTTPS' ? 'https ' : ''}:${String(p.httpGet.port)}${p.httpGet.path ?? '/'}`;
  if (p.tcpSocket) return `tcp :${String(p.tcpSocket.port)}`;
  if (p.grpc) return `grpc :${p.grpc.port}`;
  if (p.exec) return `exec ${(p.exec.command ?? []).join(' ')}`;
  return 'no handler';
}

export function gracePeriodOf(c: ContainerState): number {
  return asNumber(asObject(c.pod.raw.spec)?.terminationGracePeriodSeconds) ?? 30;
}

/** The command line the container runs, as the pod spec says (empty when the image decides). */
export function commandLine(spec: JsonObject | undefined): string[] {
  return [...asArray(spec?.command), ...asArray(spec?.args)].map((v) => asString(v) ?? '').filter((v) => v !== '');
}
