import type { Subject } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import type { Json, JsonPath, KubeObject, PodTemplate } from '../../model/manifest.js';
import { getIn } from '../../model/pod-templates.js';
import { objectSubject } from '../../model/subjects.js';
import { asArray, asObject } from '../../model/wiring.js';

/** A string field that YAML typed as something else, and the Go struct field the API server names. */
interface Mistyped {
  path: JsonPath;
  value: Json;
  what: string;
  goField: string;
  container?: string;
}

export default defineRule({
  meta: {
    id: 'yaml11-boolean-string',
    fault: 'F4',
    severity: 'error',
    title: 'String field written as an unquoted YAML boolean or number',
    why:
      'kubectl reads YAML 1.1: unquoted yes/no/on/off/true/false are booleans, 0777 is an octal number, 1.10 is ' +
      'the float 1.1. Env values, ConfigMap data, labels and annotations must be strings, so the API server ' +
      'refuses the object: "json: cannot unmarshal bool into Go struct field EnvVar.spec.template.spec.containers.env.value of type string".',
    fix: 'Quote the value:\nenv:\n  - name: FEATURE_X\n    value: "true"\n  - name: VERSION\n    value: "1.10"',
    verify: 'kubectl apply --dry-run=server -f <file>',
    needs: ['manifests'],
    tags: ['schema', 'yaml'],
  },
  check({ ws, report }) {
    for (const o of ws.manifests.objects) {
      for (const m of mistyped(o, ws.manifests.podTemplates.filter((t) => t.object === o))) {
        const kind = typeof m.value === 'boolean' ? 'bool' : 'number';
        const at: Subject = { ...objectSubject(o, m.path), ...(m.container !== undefined ? { container: m.container } : {}) };
        report({
          message: `${m.what} is the YAML ${typeof m.value === 'boolean' ? 'boolean' : 'number'} ${JSON.stringify(m.value)}, not a string: json: cannot unmarshal ${kind} into Go struct field ${m.goField} of type string`,
          at,
        });
      }
    }
  },
});

function mistyped(o: KubeObject, templates: PodTemplate[]): Mistyped[] {
  const out: Mistyped[] = [];
  const check = (value: Json | undefined, path: JsonPath, what: string, goField: string, container?: string) => {
    if (typeof value === 'boolean' || typeof value === 'number') out.push({ path, value, what, goField, ...(container !== undefined ? { container } : {}) });
  };
  const meta = (path: JsonPath) => {
    for (const field of ['labels', 'annotations']) {
      const word = field === 'labels' ? 'label' : 'annotation';
      for (const [k, v] of Object.entries(asObject(getIn(o.raw, [...path, field])) ?? {})) check(v, [...path, field, k], `${word} ${k}`, `ObjectMeta.${goPath(path)}.${field}`);
    }
  };
  meta(['metadata']);
  if ((o.kind === 'ConfigMap' || o.kind === 'Secret') && o.apiVersion === 'v1') {
    const field = o.kind === 'ConfigMap' ? 'data' : 'stringData';
    for (const [k, v] of Object.entries(asObject(o.raw[field]) ?? {})) check(v, [field, k], `${field}.${k}`, `${o.kind}.${field}`);
  }
  for (const t of templates) {
    if (t.metadataPath.length > 1) meta(t.metadataPath);
    for (const c of [...t.initContainers, ...t.containers]) {
      asArray(getIn(o.raw, [...c.path, 'env'])).forEach((e, i) => {
        const env = asObject(e);
        check(env?.value, [...c.path, 'env', i, 'value'], `env ${String(env?.name)} value`, `EnvVar.${goPath(c.path)}.env.value`, c.name);
      });
    }
  }
  return out;
}

/** encoding/json names the field by its JSON path without indexes: spec.template.spec.containers. */
function goPath(path: JsonPath): string {
  return path.filter((s) => typeof s === 'string').join('.');
}
