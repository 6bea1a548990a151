import type { Severity } from './finding.js';

/** `.kubewhy.yaml`, after validation. */
export interface Config {
  /** File it was read from (relative to the lint root), undefined for defaults. */
  file?: string;
  /** rule id → settings. `enabled: false` turns a rule off; `severity` overrides its default. */
  rules: Record<string, { enabled?: boolean; severity?: Severity; options?: Record<string, unknown> }>;
  /** gitignore-style globs of paths to skip entirely. */
  ignore: string[];
  /** Build args applied to every Dockerfile's ARGs (like `docker build --build-arg`). */
  buildArgs: Record<string, string>;
  /** Limits that keep memory bounded on hostile input. */
  limits: { maxFileBytes: number; maxAliasCount: number; maxDocuments: number };
}

export const DEFAULT_LIMITS: Config['limits'] = {
  maxFileBytes: 10 * 1024 * 1024,
  maxAliasCount: 100,
  maxDocuments: 10_000,
};

export function defaultConfig(): Config {
  return { rules: {}, ignore: [], buildArgs: {}, limits: { ...DEFAULT_LIMITS } };
}
