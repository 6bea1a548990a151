import type { Subject } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { type ConfigKind, type ConfigRef, configKeys, configRefs } from '../../model/config-refs.js';
import type { KubeObject } from '../../model/manifest.js';
import { getIn } from '../../model/pod-templates.js';
import { objectSubject } from '../../model/subjects.js';
import { asObject, didYouMean, nsName, nsOf, unrendered } from '../../model/wiring.js';

/** What the set defines: keys are known for plain objects, unknown for ones a controller generates. */
interface Provided {
  object: KubeObject;
  keys?: Set<string>;
}

export default defineRule({
  meta: {
    id: 'config-ref-missing',
    fault: 'C3',
    severity: 'error',
    title: 'Pod reads a ConfigMap, Secret or key that is not defined',
    why:
      'The kubelet resolves env and envFrom references when it creates the container and mounts volumes before ' +
      'that. A missing object or key (and no `optional: true`) keeps the pod in CreateContainerConfigError ' +
      '("secret \\"db\\" not found", "couldn\'t find key DB_URL in ConfigMap shop/api") or ContainerCreating ' +
      '("MountVolume.SetUp failed for volume \\"config\\" : configmap \\"api\\" not found"). Without ' +
      '`options.complete: true` only missing keys of objects in the set and near-miss names are reported, since ' +
      'Secrets often come from elsewhere; with it, every reference must resolve within the set.',
    fix:
      'Fix the name or key so it matches the object (same namespace), or mark a reference that may be absent:\n' +
      'valueFrom:\n  secretKeyRef: { name: db-credentials, key: password, optional: true }',
    verify: 'kubectl get pod <pod> -o jsonpath="{.status.containerStatuses[*].state.waiting.message}"',
    needs: ['manifests'],
    tags: ['config', 'wiring'],
  },
  check({ ws, report, settings }) {
    const complete = settings.options.complete === true;
    const provided = providedObjects(ws.manifests.objects);
    for (const t of ws.manifests.podTemplates) {
      const ns = nsOf(t.object);
      for (const ref of configRefs(t)) {
        if (ref.optional || unrendered(ref.name) || (ref.key !== undefined && unrendered(ref.key))) continue;
        const have = provided.get(`${ref.kind}/${ns}/${ref.name}`);
        const at: Subject = { ...objectSubject(t.object, ref.path), ...(ref.container ? { container: ref.container.name } : {}) };
        if (!have) {
          const sameKind = [...provided.values()].filter((p) => p.object.kind === ref.kind && nsOf(p.object) === ns).map((p) => p.object.name);
          const hint = didYouMean(ref.name, sameKind);
          if (!complete && hint === '') continue;
          report({
            message: `${reader(ref)} reads ${ref.kind} ${ref.name}, which is not in ${ns === '' ? 'the set' : `namespace ${ns}`}${hint}: ${missingObject(ref)}`,
            at,
            ...(complete ? {} : { severity: 'warning' as const }),
          });
          continue;
        }
        if (ref.key === undefined || !have.keys || have.keys.has(ref.key)) continue;
        report({
          message: `${reader(ref)} reads key ${ref.key} of ${ref.kind} ${ref.name}, which has ${[...have.keys].join(', ') || 'no keys'}${didYouMean(ref.key, [...have.keys])}: ${missingKey(ref, ns)}`,
          at,
          evidence: [{ message: `${ref.kind} ${ref.name}`, ...objectSubject(have.object, ['metadata', 'name']) }],
        });
      }
    }
  },
});

function providedObjects(objects: KubeObject[]): Map<string, Provided> {
  const out = new Map<string, Provided>();
  const add = (kind: ConfigKind, o: KubeObject, name: string, keys?: Set<string>) =>
    out.set(`${kind}/${nsOf(o)}/${name}`, { object: o, ...(keys ? { keys } : {}) });
  for (const o of objects) {
    if ((o.kind === 'ConfigMap' || o.kind === 'Secret') && o.apiVersion === 'v1') add(o.kind, o, o.name, configKeys(o.raw));
    // Controllers that write a Secret: its keys are only known once they run.
    else if (o.kind === 'ExternalSecret' && o.apiVersion.startsWith('external-secrets.io/')) {
      const target = getIn(o.raw, ['spec', 'target', 'name']);
      add('Secret', o, typeof target === 'string' ? target : o.name);
    } else if (o.kind === 'SealedSecret' && o.apiVersion.startsWith('bitnami.com/')) {
      const encrypted = asObject(getIn(o.raw, ['spec', 'encryptedData']));
      add('Secret', o, o.name, encrypted ? new Set(Object.keys(encrypted)) : undefined);
    }
  }
  return out;
}

function reader(ref: ConfigRef): string {
  if (ref.via === 'volume') return `volume "${ref.volume ?? ''}"`;
  const c = ref.container?.name ?? '';
  return ref.via === 'envFrom' ? `container "${c}" envFrom` : `container "${c}" env`;
}

function missingObject(ref: ConfigRef): string {
  const lower = ref.kind.toLowerCase();
  return ref.via === 'volume'
    ? `the pod stays in ContainerCreating (MountVolume.SetUp failed for volume "${ref.volume ?? ''}" : ${lower} "${ref.name}" not found)`
    : `the container stays in CreateContainerConfigError (${lower} "${ref.name}" not found)`;
}

function missingKey(ref: ConfigRef, ns: string): string {
  if (ref.via === 'volume') {
    const what = ref.kind === 'ConfigMap' ? 'configmap references non-existent config key' : 'secret references non-existent secret key';
    return `the pod stays in ContainerCreating (MountVolume.SetUp failed for volume "${ref.volume ?? ''}" : ${what}: ${ref.key ?? ''})`;
  }
  return `the container stays in CreateContainerConfigError (couldn't find key ${ref.key ?? ''} in ${ref.kind} ${nsName(ns, ref.name)})`;
}
