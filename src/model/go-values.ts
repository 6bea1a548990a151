import type { GoString, GoStringPart } from './gosrc.js';

/**
 * The value a computed string has for a given environment: env parts read `env` (empty →
 * fallback), flags take their defaults. Undefined when some part is beyond static reach.
 */
export function staticValue(parts: readonly GoStringPart[], env: Readonly<Record<string, string>> = {}): string | undefined {
  let out = '';
  for (const p of parts) {
    if (p.kind === 'text') out += p.text;
    else if (p.kind === 'flag') out += p.default;
    else if (p.kind === 'env') {
      const v = env[p.name] ?? '';
      out += v === '' ? (p.fallback ?? '') : v;
    } else return undefined;
  }
  return out;
}

export function valueOf(s: GoString, env: Readonly<Record<string, string>> = {}): string | undefined {
  return staticValue(s.parts, env);
}

/** Env vars the value depends on. */
export function envNames(s: GoString): string[] {
  return s.parts.flatMap((p) => (p.kind === 'env' ? [p.name] : []));
}

export interface HostPort {
  host: string;
  /** Port as written (a number, or a service name like `http`); '' when absent. */
  port: string;
}

/** Splits `host:port`, `:port`, `[::1]:port` as net.SplitHostPort does; a bare port-less host gives port ''. */
export function splitHostPort(addr: string): HostPort {
  const v6 = /^\[([^\]]*)\](?::(.*))?$/.exec(addr);
  if (v6) return { host: v6[1] ?? '', port: v6[2] ?? '' };
  const i = addr.lastIndexOf(':');
  return i < 0 ? { host: addr, port: '' } : { host: addr.slice(0, i), port: addr.slice(i + 1) };
}

/** A bind address only this pod's own network namespace can reach. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
