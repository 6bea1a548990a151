import { InvalidArgumentError, Option } from '@commander-js/extra-typings';
import type { Severity } from '../core/finding.js';
import { parseByteSize } from '../load/read-input.js';

export type FailOn = Severity | 'never';

/** `--build-arg K=V`, repeatable, like docker build. */
export function collectBuildArg(value: string, previous: Record<string, string>): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`expected NAME=VALUE, got "${value}"`);
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

/** Sizes like `50MB`, `512k`, `1G` or plain bytes. */
/** A repeatable flag's values, in order. */
function collectValue(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function parseSize(value: string): number {
  const n = parseByteSize(value);
  if (n === undefined) throw new InvalidArgumentError(`expected a size like 50MB, got "${value}"`);
  return n;
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return n;
}

/** The report options every command that prints findings shares. */
export function formatOption() {
  return new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif', 'markdown'] as const).default('text' as const);
}

export function failOnOption() {
  return new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity')
    .choices(['error', 'warning', 'info', 'never'] as const)
    .default('error' as const);
}

/** The registry flags of every command that reads images (image, lint --images, diagnose --images). */
export function insecureRegistryOption() {
  return new Option('--insecure-registry <host>', 'registry reached without TLS verification (host:port), or plain HTTP (http://host:port); repeatable')
    .argParser(collectValue)
    .default([] as string[]);
}

export function caFileOption() {
  return new Option('--ca-file <file>', 'extra trusted CA certificates for registries (PEM); repeatable').argParser(collectValue).default([] as string[]);
}

export function dockerConfigOption() {
  return new Option('--docker-config <dir>', 'directory of the Docker config.json with registry credentials (default $DOCKER_CONFIG or ~/.docker)');
}
