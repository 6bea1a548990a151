import type { WebhookConfig } from '../../core/config.js';

export interface ObjectId {
  namespace: string;
  kind: string;
  name: string;
}

/**
 * Why a request is admitted without review because the operator said so, or undefined.
 * Names accept `*` globs so a family (`legacy-*`, `team-*`) needs one entry.
 */
export function exemption(id: ObjectId, webhook: WebhookConfig): string | undefined {
  if (webhook.exemptNamespaces.some((ns) => globMatch(ns, id.namespace))) return `namespace ${id.namespace} is exempt`;
  const hit = webhook.exemptObjects.find(
    (e) => (e.namespace === undefined || globMatch(e.namespace, id.namespace)) && (e.kind === undefined || e.kind === id.kind) && globMatch(e.name, id.name),
  );
  return hit ? `${id.kind} ${id.namespace}/${id.name} is exempt` : undefined;
}

export function globMatch(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value;
  const re = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`);
  return re.test(value);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}
