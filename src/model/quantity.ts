/**
 * Kubernetes resource quantities (`500m`, `1.5`, `128Mi`, `1G`, `1e3`) as plain numbers:
 * CPU in cores, memory/storage in bytes. Undefined for anything the API server would reject.
 */
const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/.exec(value.trim());
  if (!m) return undefined;
  const base = Number(m[1]);
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  return base * (SUFFIX[m[3] ?? ''] ?? 1);
}

/** `268435456` → `256Mi`, `0.25` cores → `250m`: for messages, in the units people write. */
export function formatBytesQuantity(bytes: number): string {
  for (const [unit, size] of [['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) {
    if (bytes >= size && Number.isInteger(bytes / size)) return `${bytes / size}${unit}`;
  }
  return bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)}Mi` : `${bytes}`;
}

export function formatCpu(cores: number): string {
  return Number.isInteger(cores) ? String(cores) : `${Math.round(cores * 1000)}m`;
}

/**
 * A byte count as the Go runtime reads GOMEMLIMIT (runtime.parseByteCount): an integer with an
 * optional `B`, `KiB`, `MiB`, `GiB` or `TiB` suffix. Kubernetes spellings (`512Mi`, `1G`, `1e9`)
 * are rejected at start-up with `fatal error: malformed GOMEMLIMIT`. Undefined when malformed.
 */
export function parseGoByteCount(value: string): number | undefined {
  const m = /^(\d+)(?:([KMGT])iB|B)?$/.exec(value);
  if (!m) return undefined;
  const n = BigInt(m[1]!) * 1024n ** BigInt(m[2] ? 'KMGT'.indexOf(m[2]) + 1 : 0);
  // The runtime rejects anything that overflows int64.
  return n <= 2n ** 63n - 1n ? Number(n) : undefined;
}

/** A Kubernetes memory quantity rewritten in GOMEMLIMIT syntax: `512Mi` → `512MiB`, `1G` → `1000000000`. */
export function toGoByteCount(quantity: string): string | undefined {
  const m = /^(\d+)([KMGT])i$/.exec(quantity.trim());
  if (m) return `${m[1]}${m[2]}iB`;
  const bytes = parseQuantity(quantity);
  return bytes !== undefined && bytes >= 0 ? String(Math.floor(bytes)) : undefined;
}

/** GOMEMLIMIT with headroom below a container memory limit, in MiB as people write it: 90 % of 512Mi → `460MiB`. */
export function goMemLimitFor(limitBytes: number, ratio = 0.9): string {
  return `${Math.floor((limitBytes * ratio) / 2 ** 20)}MiB`;
}
