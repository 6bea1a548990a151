import { defaultWebhookConfig, type Config, type WebhookAction, type WebhookConfig } from '../../core/config.js';
import { enabledRules } from '../../core/engine.js';
import type { Finding } from '../../core/finding.js';
import type { Rule } from '../../core/rule.js';

/**
 * The rules an admission review can run, chosen once at startup: enabled, and needing nothing
 * but manifests (one object carries no Dockerfile, Go source or cluster state, so rules that need
 * those would never run anyway; filtering here keeps the per-request loop short).
 */
export interface AdmissionRuleSet {
  rules: readonly Rule[];
  config: Config;
  webhook: WebhookConfig;
}

export function admissionRuleSet(all: readonly Rule[], config: Config): AdmissionRuleSet {
  const rules = enabledRules(all, config).filter((r) => r.meta.needs.every((n) => n === 'manifests'));
  return { rules, config, webhook: config.webhook ?? defaultWebhookConfig() };
}

/** A per-rule action wins over the action for the finding's (configured) severity. */
export function actionFor(f: Finding, webhook: WebhookConfig): WebhookAction {
  return webhook.rules[f.ruleId] ?? webhook.actions[f.severity];
}
