import type { ContainerLog } from '../model/cluster.js';
import { asArray, asObject, asString } from '../model/cluster.js';
import type { ClusterIndex } from '../model/cluster-index.js';
import type { ContainerLimits, LogFacts } from '../model/logs.js';
import { parseQuantity } from '../model/quantity.js';
import { decodeText } from '../logs/decode.js';

/**
 * Container output goes through the same decoders as `kubewhy logs`, with the container's own
 * limits (as `--memory-limit` / `--cpu-limit` give them by hand), once per log, before the
 * rules read it.
 */
export function decodeContainerLogs(index: ClusterIndex): void {
  for (const log of index.state.logs) factsOf(index, log);
}

/** The decoded facts of a log (decoded now if diagnose did not already). */
export function factsOf(index: ClusterIndex, log: ContainerLog): LogFacts {
  log.facts ??= decodeText(log.text, { file: logPath(log), limits: containerLimits(index, log) });
  return log.facts;
}

function logPath(log: ContainerLog): string {
  return log.file ?? `logs/${log.namespace}/${log.pod}/${log.container}${log.previous ? '.previous' : ''}.log`;
}

/** limits.memory / limits.cpu of the container in its pod's spec. */
function containerLimits(index: ClusterIndex, log: Pick<ContainerLog, 'namespace' | 'pod' | 'container'>): ContainerLimits {
  const pod = index.get('Pod', log.namespace, log.pod);
  const spec = asObject(pod?.raw.spec);
  const all = [...asArray(spec?.containers), ...asArray(spec?.initContainers)].map(asObject);
  const limits = asObject(asObject(all.find((c) => asString(c?.name) === log.container)?.resources)?.limits);
  const out: ContainerLimits = {};
  const memory = parseQuantity(limits?.memory);
  if (memory !== undefined && memory > 0) out.memoryBytes = memory;
  const cpu = parseQuantity(limits?.cpu);
  if (cpu !== undefined && cpu > 0) out.cpuCores = cpu;
  return out;
}
