import type { Json } from './manifest.js';
import { isJsonObject } from './pod-templates.js';

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface SelectorRequirement {
  key: string;
  operator: SelectorOperator;
  values: string[];
}

/** A metav1.LabelSelector after validation: every requirement must hold (AND). */
export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: SelectorRequirement[];
}

const OPERATORS = new Set<string>(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/**
 * Reads a LabelSelector (Deployment, PDB, NetworkPolicy…). Undefined when it is missing or
 * one the API server would reject (unknown operator, In/NotIn without values, Exists with
 * values): guessing at an invalid selector would only produce wrong findings.
 */
export function parseLabelSelector(v: Json | undefined): LabelSelector | undefined {
  if (!isJsonObject(v)) return undefined;
  const matchLabels: Record<string, string> = {};
  if (v.matchLabels !== undefined && v.matchLabels !== null) {
    if (!isJsonObject(v.matchLabels)) return undefined;
    for (const [k, val] of Object.entries(v.matchLabels)) {
      if (typeof val === 'object' && val !== null) return undefined;
      matchLabels[k] = val === null ? '' : String(val);
    }
  }
  const matchExpressions: SelectorRequirement[] = [];
  if (v.matchExpressions !== undefined && v.matchExpressions !== null) {
    if (!Array.isArray(v.matchExpressions)) return undefined;
    for (const e of v.matchExpressions) {
      const req = parseRequirement(e);
      if (!req) return undefined;
      matchExpressions.push(req);
    }
  }
  return { matchLabels, matchExpressions };
}

function parseRequirement(e: Json): SelectorRequirement | undefined {
  if (!isJsonObject(e) || typeof e.key !== 'string' || typeof e.operator !== 'string' || !OPERATORS.has(e.operator)) return undefined;
  const operator = e.operator as SelectorOperator;
  const raw = e.values ?? [];
  if (!Array.isArray(raw)) return undefined;
  const values = raw.map((x) => (typeof x === 'string' ? x : String(x)));
  const needsValues = operator === 'In' || operator === 'NotIn';
  if (needsValues !== values.length > 0) return undefined;
  return { key: e.key, operator, values };
}

/** True when the selector has no requirements: metav1 turns it into labels.Everything(). */
export function isEmptySelector(sel: LabelSelector): boolean {
  return Object.keys(sel.matchLabels).length === 0 && sel.matchExpressions.length === 0;
}

/** labels.Selector.Matches, as apimachinery evaluates a converted LabelSelector. */
export function selectorMatches(sel: LabelSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels)) {
    if (!Object.hasOwn(labels, k) || labels[k] !== v) return false;
  }
  return sel.matchExpressions.every((r) => requirementMatches(r, labels));
}

function requirementMatches(r: SelectorRequirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, r.key);
  switch (r.operator) {
    case 'In':
      return has && r.values.includes(labels[r.key]!);
    // NotIn also matches when the key is absent (apimachinery's semantics, often missed).
    case 'NotIn':
      return !has || !r.values.includes(labels[r.key]!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
  }
}
