import { promises as fs } from 'node:fs';
import path from 'node:path';
import { LineCounter, isAlias, isMap, isNode, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { DEFAULT_LIMITS, WEBHOOK_ACTIONS, defaultConfig, defaultWebhookConfig, type Config, type WebhookAction, type WebhookObjectExemption } from './config.js';
import type { InputError, Severity } from './finding.js';
import { parseByteSize, readInput } from '../load/read-input.js';

const CONFIG_NAMES = ['.kubewhy.yaml', '.kubewhy.yml'];
const SEVERITIES: readonly string[] = ['error', 'warning', 'info'] satisfies Severity[];
const TOP_LEVEL_KEYS = ['rules', 'ignore', 'buildArgs', 'limits', 'webhook'];
const WEBHOOK_KEYS = ['actions', 'rules', 'exemptNamespaces', 'exemptObjects'];
const RULE_KEYS = ['enabled', 'severity', 'options'];

export interface LoadedConfig {
  config: Config;
  errors: InputError[];
}

/**
 * Reads `.kubewhy.yaml` (or `.kubewhy.yml`) at the root, or the file the user named. Every
 * problem is an input error at the offending node; a bad value leaves that setting at its
 * default and the rest of the file still applies, so one typo never silently disables config.
 */
export async function loadConfig(root: string, explicitPath?: string): Promise<LoadedConfig> {
  const config = defaultConfig();
  const errors: InputError[] = [];
  const abs = explicitPath !== undefined ? path.resolve(explicitPath) : await findConfig(root);
  if (abs === undefined) return { config, errors };
  const rel = toPosix(path.relative(root, abs));

  const read = await readInput(abs, rel, DEFAULT_LIMITS.maxFileBytes);
  if ('error' in read) return { config, errors: [read.error] };

  const lineCounter = new LineCounter();
  const doc = parseDocument(read.text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    return { config, errors: [{ file: rel, line: pos.line, column: pos.col, message: `invalid YAML: ${first.message}` }] };
  }
  config.file = rel;
  new ConfigReader(rel, doc, lineCounter, errors).read(config);
  return { config, errors };
}

/** Rule ids the config mentions that no rule has; the caller reports them (it knows the registry). */
export function unknownRuleIds(config: Config, knownIds: Iterable<string>): string[] {
  const known = new Set(knownIds);
  const mentioned = new Set([...Object.keys(config.rules), ...Object.keys(config.webhook?.rules ?? {})]);
  return [...mentioned].filter((id) => !known.has(id)).sort();
}

async function findConfig(root: string): Promise<string | undefined> {
  for (const name of CONFIG_NAMES) {
    const abs = path.join(root, name);
    try {
      await fs.access(abs);
      return abs;
    } catch {
      // try the next spelling
    }
  }
  return undefined;
}

function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

/** Short rendering of a bad value for error messages. */
function show(node: unknown): string {
  if (isScalar(node)) return node.value === null ? 'nothing' : JSON.stringify(node.value);
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  return 'nothing';
}

class ConfigReader {
  constructor(
    private readonly file: string,
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
    private readonly errors: InputError[],
  ) {}

  read(config: Config): void {
    const top = this.doc.contents;
    if (top === null || (isScalar(top) && top.value === null)) return; // empty file: all defaults
    for (const [key, keyNode, value] of this.entries(top, 'the config file')) {
      if (key === 'rules') this.rules(value, config);
      else if (key === 'ignore') this.ignore(value, config);
      else if (key === 'buildArgs') this.buildArgs(value, config);
      else if (key === 'limits') this.limits(value, config);
      else if (key === 'webhook') this.webhook(value, config);
      else this.fail(keyNode, `unknown key "${key}" (expected ${TOP_LEVEL_KEYS.join(', ')})`);
    }
  }

  private fail(node: unknown, message: string): void {
    this.failAt(isNode(node) ? node.range?.[0] : undefined, message);
  }

  private failAt(offset: number | undefined, message: string): void {
    if (offset === undefined) {
      this.errors.push({ file: this.file, message });
      return;
    }
    const pos = this.lines.linePos(offset);
    this.errors.push({ file: this.file, line: pos.line, column: pos.col, message });
  }

  /** Follows an alias to its anchor; an unresolvable alias is usually an unquoted `*glob`. */
  private resolve(node: unknown, where: string): unknown {
    if (!isAlias(node)) return node;
    const target = node.resolve(this.doc);
    if (target === undefined) {
      this.fail(node, `${where}: *${node.source} reads as a YAML alias; quote the value`);
    }
    return target;
  }

  /** A mapping's entries with string keys; anything else is reported and yields nothing. */
  private entries(node: unknown, where: string): [string, unknown, unknown][] {
    const map = this.resolve(node, where);
    if (!isMap(map)) {
      if (map !== undefined) this.fail(map, `${where}: expected a mapping, got ${show(map)}`);
      return [];
    }
    const out: [string, unknown, unknown][] = [];
    for (const pair of map.items) {
      if (isScalar(pair.key) && (typeof pair.key.value === 'string' || typeof pair.key.value === 'number')) {
        out.push([String(pair.key.value), pair.key, pair.value]);
      } else {
        this.fail(pair.key, `${where}: keys must be plain strings`);
      }
    }
    return out;
  }

  private rules(node: unknown, config: Config): void {
    for (const [id, , raw] of this.entries(node, 'rules')) {
      const where = `rules.${id}`;
      const value = this.resolve(raw, where);
      if (value === undefined) continue;
      if (isMap(value)) {
        config.rules[id] = this.ruleSettings(value, where);
        continue;
      }
      const v = isScalar(value) ? value.value : undefined;
      if (v === 'off' || v === false) config.rules[id] = { enabled: false };
      else if (v === 'on' || v === true) config.rules[id] = { enabled: true };
      else if (typeof v === 'string' && SEVERITIES.includes(v)) config.rules[id] = { severity: v as Severity };
      else this.fail(value, `${where}: expected off, on, error, warning, info or a mapping, got ${show(value)}`);
    }
  }

  private ruleSettings(node: unknown, where: string): Config['rules'][string] {
    const settings: Config['rules'][string] = {};
    for (const [key, keyNode, raw] of this.entries(node, where)) {
      const value = this.resolve(raw, `${where}.${key}`);
      if (value === undefined) continue;
      const v = isScalar(value) ? value.value : undefined;
      if (key === 'enabled') {
        if (typeof v === 'boolean') settings.enabled = v;
        else this.fail(value, `${where}.enabled: expected true or false, got ${show(value)}`);
      } else if (key === 'severity') {
        if (typeof v === 'string' && SEVERITIES.includes(v)) settings.severity = v as Severity;
        else this.fail(value, `${where}.severity: expected error, warning or info, got ${show(value)}`);
      } else if (key === 'options') {
        if (isMap(value)) {
          const options: unknown = value.toJS(this.doc, { maxAliasCount: DEFAULT_LIMITS.maxAliasCount });
          settings.options = options as Record<string, unknown>;
        } else {
          this.fail(value, `${where}.options: expected a mapping, got ${show(value)}`);
        }
      } else {
        this.fail(keyNode, `${where}: unknown key "${key}" (expected ${RULE_KEYS.join(', ')})`);
      }
    }
    return settings;
  }

  private ignore(node: unknown, config: Config): void {
    const seq = this.resolve(node, 'ignore');
    if (!isSeq(seq)) {
      if (seq !== undefined) this.fail(seq, `ignore: expected a list of paths or globs, got ${show(seq)}`);
      return;
    }
    for (const item of seq.items) {
      const value = this.resolve(item, 'ignore');
      if (value === undefined) continue;
      if (!isScalar(value)) {
        this.fail(value, `ignore: expected a path or glob, got ${show(value)}`);
      } else if (value.tag?.startsWith('!') && !value.tag.startsWith('!!')) {
        // `- !keep.yaml` parses as a YAML tag with an empty value, not a negated glob. The
        // empty value sits after the tag, so point at the tag via the parser's warning.
        const tagStart = this.doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED' && w.pos[1] === value.range?.[0]);
        this.failAt(tagStart?.pos[0] ?? value.range?.[0], `ignore: ${value.tag} reads as a YAML tag; quote the pattern`);
      } else if (typeof value.value === 'string' || typeof value.value === 'number') {
        config.ignore.push(String(value.source ?? value.value));
      } else {
        this.fail(value, `ignore: expected a path or glob, got ${show(value)}`);
      }
    }
  }

  private buildArgs(node: unknown, config: Config): void {
    for (const [name, , raw] of this.entries(node, 'buildArgs')) {
      const value = this.resolve(raw, `buildArgs.${name}`);
      if (value === undefined) continue;
      const v = isScalar(value) ? value.value : undefined;
      if (!isScalar(value) || v === null || typeof v === 'object') {
        this.fail(value, `buildArgs.${name}: expected a string, got ${show(value)}`);
        continue;
      }
      // Plain scalars keep their source text: `GO_VERSION: 1.20` must not become "1.2".
      config.buildArgs[name] = value.type === 'PLAIN' && value.source !== undefined ? value.source : String(v);
    }
  }

  private limits(node: unknown, config: Config): void {
    for (const [key, keyNode, raw] of this.entries(node, 'limits')) {
      const where = `limits.${key}`;
      const value = this.resolve(raw, where);
      if (value === undefined) continue;
      const v = isScalar(value) ? value.value : undefined;
      if (key === 'maxFileBytes') {
        const bytes = typeof v === 'number' || typeof v === 'string' ? parseByteSize(String(v)) : undefined;
        if (bytes !== undefined && bytes > 0) config.limits.maxFileBytes = bytes;
        else this.fail(value, `${where}: expected a positive size like 20971520 or 20MB, got ${show(value)}`);
      } else if (key === 'maxAliasCount' || key === 'maxDocuments') {
        // Zero aliases is a meaningful policy; zero documents is not.
        const min = key === 'maxDocuments' ? 1 : 0;
        if (typeof v === 'number' && Number.isInteger(v) && v >= min) config.limits[key] = v;
        else this.fail(value, `${where}: expected a whole number ≥ ${min}, got ${show(value)}`);
      } else {
        this.fail(keyNode, `limits: unknown key "${key}" (expected maxFileBytes, maxAliasCount, maxDocuments)`);
      }
    }
  }

  private webhook(node: unknown, config: Config): void {
    const webhook = defaultWebhookConfig();
    config.webhook = webhook;
    for (const [key, keyNode, raw] of this.entries(node, 'webhook')) {
      const where = `webhook.${key}`;
      if (key === 'actions') {
        for (const [severity, sevNode, value] of this.entries(raw, where)) {
          const action = this.action(value, `${where}.${severity}`);
          if (!SEVERITIES.includes(severity)) this.fail(sevNode, `${where}: unknown severity "${severity}" (expected ${SEVERITIES.join(', ')})`);
          else if (action) webhook.actions[severity as Severity] = action;
        }
      } else if (key === 'rules') {
        for (const [id, , value] of this.entries(raw, where)) {
          const action = this.action(value, `${where}.${id}`);
          if (action) webhook.rules[id] = action;
        }
      } else if (key === 'exemptNamespaces') {
        webhook.exemptNamespaces = this.strings(raw, where);
      } else if (key === 'exemptObjects') {
        webhook.exemptObjects = this.exemptObjects(raw, where);
      } else {
        this.fail(keyNode, `webhook: unknown key "${key}" (expected ${WEBHOOK_KEYS.join(', ')})`);
      }
    }
  }

  private action(node: unknown, where: string): WebhookAction | undefined {
    const value = this.resolve(node, where);
    const v = isScalar(value) ? value.value : undefined;
    if (typeof v === 'string' && (WEBHOOK_ACTIONS as readonly string[]).includes(v)) return v as WebhookAction;
    if (value !== undefined) this.fail(value, `${where}: expected ${WEBHOOK_ACTIONS.join(', ')}, got ${show(value)}`);
    return undefined;
  }

  private strings(node: unknown, where: string): string[] {
    const seq = this.resolve(node, where);
    if (!isSeq(seq)) {
      if (seq !== undefined) this.fail(seq, `${where}: expected a list of names, got ${show(seq)}`);
      return [];
    }
    const out: string[] = [];
    for (const item of seq.items) {
      const value = this.resolve(item, where);
      if (isScalar(value) && typeof value.value === 'string' && value.value !== '') out.push(value.value);
      else if (value !== undefined) this.fail(value, `${where}: expected a name, got ${show(value)}`);
    }
    return out;
  }

  private exemptObjects(node: unknown, where: string): WebhookObjectExemption[] {
    const seq = this.resolve(node, where);
    if (!isSeq(seq)) {
      if (seq !== undefined) this.fail(seq, `${where}: expected a list of {namespace, kind, name}, got ${show(seq)}`);
      return [];
    }
    const out: WebhookObjectExemption[] = [];
    for (const item of seq.items) {
      const fields: Partial<Record<'namespace' | 'kind' | 'name', string>> = {};
      for (const [key, keyNode, raw] of this.entries(item, where)) {
        const value = this.resolve(raw, `${where}.${key}`);
        if (key !== 'namespace' && key !== 'kind' && key !== 'name') this.fail(keyNode, `${where}: unknown key "${key}" (expected namespace, kind, name)`);
        else if (isScalar(value) && typeof value.value === 'string' && value.value !== '') fields[key] = value.value;
        else if (value !== undefined) this.fail(value, `${where}.${key}: expected a string, got ${show(value)}`);
      }
      if (fields.name === undefined) {
        if (isMap(this.resolve(item, where))) this.fail(item, `${where}: each entry needs a name (use "*" for every name)`);
        continue;
      }
      out.push({ name: fields.name, ...(fields.namespace !== undefined ? { namespace: fields.namespace } : {}), ...(fields.kind !== undefined ? { kind: fields.kind } : {}) });
    }
    return out;
  }
}
