import type { ClusterObject } from '../model/cluster.js';
import { asArray, asObject, asString } from '../model/cluster.js';
import type { ClusterIndex } from '../model/cluster-index.js';

/** A host name as a pod's resolver would turn it into a Service: `db`, `db.data`, `db.data.svc.cluster.local`. */
export interface ServiceName {
  name: string;
  namespace: string;
}

/** Undefined for IPs and names outside the cluster domain (`api.github.com`). */
export function serviceNameOf(host: string, podNamespace: string): ServiceName | undefined {
  const h = host.replace(/\.$/, '').toLowerCase();
  if (/^[\d.]+$/.test(h) || h.includes(':') || h === 'localhost') return undefined;
  const labels = h.split('.');
  if (labels.some((l) => !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(l))) return undefined;
  if (labels.length === 1) return { name: labels[0]!, namespace: podNamespace };
  if (labels.length === 2 || labels[2] === 'svc') return { name: labels[0]!, namespace: labels[1]! };
  return undefined;
}

export function serviceByClusterIP(index: ClusterIndex, ip: string): ClusterObject | undefined {
  return index.ofKind('Service').find((s) => asString(asObject(s.raw.spec)?.clusterIP) === ip);
}

export interface EndpointCount {
  ready: number;
  notReady: number;
  /** Neither an Endpoints object nor an EndpointSlice for the Service is in the snapshot. */
  unknown: boolean;
}

/** Ready addresses from EndpointSlices (discovery.k8s.io/v1), else the legacy Endpoints object. */
export function endpointsOf(index: ClusterIndex, svc: ClusterObject): EndpointCount {
  const slices = index
    .ofKind('EndpointSlice')
    .filter((s) => s.namespace === svc.namespace && asString(asObject(asObject(s.raw.metadata)?.labels)?.['kubernetes.io/service-name']) === svc.name);
  if (slices.length > 0) {
    let ready = 0;
    let notReady = 0;
    for (const s of slices) {
      for (const e of asArray(s.raw.endpoints).map(asObject)) {
        // discovery/v1: a nil "ready" means ready.
        if (asObject(e?.conditions)?.ready === false) notReady++;
        else ready++;
      }
    }
    return { ready, notReady, unknown: false };
  }
  const ep = index.get('Endpoints', svc.namespace, svc.name);
  if (!ep) return { ready: 0, notReady: 0, unknown: true };
  let ready = 0;
  let notReady = 0;
  for (const subset of asArray(ep.raw.subsets).map(asObject)) {
    ready += asArray(subset?.addresses).length;
    notReady += asArray(subset?.notReadyAddresses).length;
  }
  return { ready, notReady, unknown: false };
}

/** Pods in the Service's namespace whose labels match its selector (none for selector-less Services). */
export function podsSelectedBy(index: ClusterIndex, svc: ClusterObject): ClusterObject[] {
  const selector = asObject(asObject(svc.raw.spec)?.selector);
  const pairs = Object.entries(selector ?? {});
  if (pairs.length === 0) return [];
  return index.ofKind('Pod').filter((p) => {
    if (p.namespace !== svc.namespace) return false;
    const labels = asObject(asObject(p.raw.metadata)?.labels) ?? {};
    return pairs.every(([k, v]) => labels[k] === v);
  });
}

/**
 * What a dialer would find behind a Service name. `problem` completes "Service shop/db, which …";
 * `text` is the whole sentence for evidence.
 */
export function describeServiceState(index: ClusterIndex, target: ServiceName): { svc?: ClusterObject; text: string; problem?: string; healthy: boolean } {
  const name = `${target.namespace}/${target.name}`;
  const svc = index.get('Service', target.namespace, target.name);
  if (!svc) {
    const elsewhere = index.ofKind('Service').filter((s) => s.name === target.name).map((s) => s.namespace);
    const hint = elsewhere.length > 0 ? ` (a Service "${target.name}" exists in namespace ${elsewhere.join(', ')})` : '';
    const none = index.ofKind('Service').length === 0 ? ' in the snapshot (it has no Services at all)' : '';
    const problem = `does not exist${none}${hint}`;
    return { text: `there is no Service ${name}${none}${hint}`, problem, healthy: false };
  }
  const eps = endpointsOf(index, svc);
  if (eps.unknown) return { svc, text: `Service ${name} exists; its endpoints are not in the snapshot`, healthy: true };
  if (eps.ready === 0) {
    const selected = podsSelectedBy(index, svc).length;
    const why = eps.notReady > 0 ? `${eps.notReady} not ready` : selected === 0 ? 'its selector matches no pod' : `${selected} selected pod${selected === 1 ? '' : 's'}, none ready`;
    const problem = `has no ready endpoints (${why})`;
    return { svc, text: `Service ${name} ${problem}`, problem, healthy: false };
  }
  return { svc, text: `Service ${name} has ${eps.ready} ready endpoint${eps.ready === 1 ? '' : 's'}`, healthy: true };
}
