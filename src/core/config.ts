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
  /** `kubewhy webhook serve` only: what each finding does at admission. */
  webhook?: WebhookConfig;
}

/** deny: refuse the request; warn: admit it with a `Warning:` kubectl prints; audit: metrics and log only. */
export type WebhookAction = 'deny' | 'warn' | 'audit';
export const WEBHOOK_ACTIONS: readonly WebhookAction[] = ['deny', 'warn', 'audit'];

export interface WebhookObjectExemption {
  /** Exact namespace, or `*`-globs; absent matches every namespace. */
  namespace?: string;
  /** Exact kind (`Deployment`); absent matches every kind. */
  kind?: string;
  /** Exact name or `*`-glob (`legacy-*`). */
  name: string;
}

export interface WebhookConfig {
  /** Action for a finding by its (configured) severity; a per-rule entry wins. */
  actions: Record<Severity, WebhookAction>;
  /** rule id → action. */
  rules: Record<string, WebhookAction>;
  /** Namespaces (exact or `*`-globs) whose requests are admitted without review. */
  exemptNamespaces: string[];
  exemptObjects: WebhookObjectExemption[];
}

export function defaultWebhookConfig(): WebhookConfig {
  return { actions: { error: 'deny', warning: 'warn', info: 'audit' }, rules: {}, exemptNamespaces: [], exemptObjects: [] };
}

export const DEFAULT_LIMITS: Config['limits'] = {
  maxFileBytes: 10 * 1024 * 1024,
  maxAliasCount: 100,
  maxDocuments: 10_000,
};

export function defaultConfig(): Config {
  return { rules: {}, ignore: [], buildArgs: {}, limits: { ...DEFAULT_LIMITS } };
}
