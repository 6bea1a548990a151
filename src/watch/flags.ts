import { InvalidArgumentError } from '@commander-js/extra-typings';

/** Parsers for `kubewhy watch` flags; main.ts imports them eagerly, so this module stays tiny. */

export const REMEDIATIONS = ['ttl', 'restart-on-subpath'] as const;
export type Remediation = (typeof REMEDIATIONS)[number];

/** `15s`, `2m` or plain seconds. */
export function parseSeconds(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(s|m)?$/.exec(value.trim());
  if (!m || Number(m[1]) <= 0) throw new InvalidArgumentError(`expected a duration like 15s, got "${value}"`);
  return Number(m[1]) * (m[2] === 'm' ? 60 : 1);
}

export function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`expected a port (0-65535), got "${value}"`);
  return n;
}

export function parseRemediations(value: string, previous: string[] = []): string[] {
  const known: readonly string[] = REMEDIATIONS;
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const i of items) if (!known.includes(i)) throw new InvalidArgumentError(`unknown remediation "${i}" (known: ${known.join(', ')})`);
  return [...previous, ...items];
}

