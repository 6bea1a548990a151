import type { Evidence } from '../core/finding.js';
import { asArray, asObject, asString } from '../model/cluster.js';
import { containerField, type ContainerState } from './containers.js';
import { containerSpec } from './pod-spec.js';

/**
 * Which of a container's volumeMounts would hold `path`: a config file the app could not open
 * is either outside every mount (nothing mounted there) or missing from the volume mounted over
 * its directory (wrong key, subPath, or items list).
 */
export function mountEvidence(c: ContainerState, path: string): { covered?: string; evidence: Evidence[] } {
  const mounts = asArray(containerSpec(c)?.volumeMounts).map(asObject);
  const volumes = asArray(asObject(c.pod.raw.spec)?.volumes).map(asObject);
  let best: { index: number; mountPath: string; volume: string } | undefined;
  mounts.forEach((m, index) => {
    const mountPath = asString(m?.mountPath)?.replace(/\/+$/, '');
    if (mountPath === undefined || !(path === mountPath || path.startsWith(`${mountPath}/`))) return;
    if (!best || mountPath.length > best.mountPath.length) best = { index, mountPath, volume: asString(m?.name) ?? '?' };
  });
  if (!best) {
    const at = mounts.map((m) => asString(m?.mountPath)).filter((p): p is string => p !== undefined);
    return { evidence: [{ message: at.length > 0 ? `volumeMounts: ${at.join(', ')} (none holds ${path})` : `no volumeMounts: nothing is mounted at ${path}`, object: c.pod.ref, fieldPath: containerField(c, '.volumeMounts') }] };
  }
  const { index, mountPath, volume } = best;
  const vol = volumes.find((v) => asString(v?.name) === volume);
  const cm = asString(asObject(vol?.configMap)?.name);
  const secret = asString(asObject(vol?.secret)?.secretName);
  const from = cm !== undefined ? ` from ConfigMap ${cm}` : secret !== undefined ? ` from Secret ${secret}` : '';
  return { covered: mountPath, evidence: [{ message: `volume ${volume}${from} is mounted at ${mountPath}`, object: c.pod.ref, fieldPath: containerField(c, `.volumeMounts[${index}]`) }] };
}
