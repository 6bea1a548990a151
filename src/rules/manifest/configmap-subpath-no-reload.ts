import type { JsonObject } from '../../model/manifest.js';
import { changesRollPods } from '../../model/config-refs.js';
import { defineRule } from '../../core/rule.js';
import { containerSubject } from '../../model/subjects.js';
import { asArray, asObject, nsOf, rollsOnConfigChange } from '../../model/wiring.js';

const SOURCES = ['configMap', 'secret', 'projected', 'downwardAPI'] as const;

export default defineRule({
  meta: {
    id: 'configmap-subpath-no-reload',
    fault: 'H1',
    severity: 'warning',
    title: 'ConfigMap or Secret mounted with subPath never sees updates',
    why:
      'The kubelet refreshes ConfigMap and Secret volumes by swapping a `..data` symlink, but a subPath mount is a ' +
      'bind mount of one file resolved once at container start: after `kubectl apply` of a new ConfigMap the pod ' +
      'keeps the old file until it restarts, and a Go service watching it (fsnotify, viper.WatchConfig) never ' +
      'reloads. Rotated Secrets (TLS certificates, tokens) stay stale the same way.',
    fix:
      'Mount the whole volume on a directory and read the file from it (watch the directory, not the file):\n' +
      'volumeMounts:\n  - { name: config, mountPath: /etc/api }   # reads /etc/api/config.yaml\n' +
      'or roll the pods on change with a `checksum/config` pod-template annotation (Helm) or Stakater Reloader.',
    verify: 'kubectl exec <pod> -- cat <file>  # after updating the ConfigMap (allow ~1 min): shows the new content',
    needs: ['manifests'],
    tags: ['config', 'reload'],
  },
  check({ ws, report }) {
    const configs = new Map(
      ws.manifests.objects.filter((o) => (o.kind === 'ConfigMap' || o.kind === 'Secret') && o.apiVersion === 'v1').map((o) => [`${o.kind}/${nsOf(o)}/${o.name}`, o]),
    );
    for (const t of ws.manifests.podTemplates) {
      // Restarted on every change anyway: the stale file never outlives the rollout.
      if (rollsOnConfigChange(t) || t.runsToCompletion) continue;
      const volumes = new Map<string, JsonObject>();
      for (const v of asArray((t.spec as unknown as JsonObject).volumes)) {
        const vol = asObject(v);
        if (vol && typeof vol.name === 'string') volumes.set(vol.name, vol);
      }
      for (const c of [...t.initContainers.filter((i) => i.spec.restartPolicy === 'Always'), ...t.containers]) {
        (c.spec.volumeMounts ?? []).forEach((m, i) => {
          const field = m.subPath ? 'subPath' : m.subPathExpr ? 'subPathExpr' : undefined;
          const vol = volumes.get(m.name);
          const source = vol ? SOURCES.find((s) => vol[s] !== undefined) : undefined;
          if (!field || !vol || !source) return;
          const refName = configName(vol, source);
          if (refName) {
            const shipped = configs.get(`${source === 'configMap' ? 'ConfigMap' : 'Secret'}/${nsOf(t.object)}/${refName}`);
            if (changesRollPods({ name: refName, raw: shipped?.raw ?? {} })) return;
          }
          const what = source === 'configMap' ? 'ConfigMap' : source === 'secret' ? 'Secret' : source === 'projected' ? 'projected volume' : 'downwardAPI volume';
          report({
            message: `container "${c.name}" mounts ${what}${refName ? ` ${refName}` : ''} (volume "${m.name}") at ${m.mountPath} with ${field}: updates never reach the running pod`,
            at: containerSubject(c, ['volumeMounts', i, field]),
          });
        });
      }
    }
  },
});

function configName(vol: JsonObject, source: (typeof SOURCES)[number]): string | undefined {
  const src = asObject(vol[source]);
  const name = source === 'secret' ? src?.secretName : source === 'configMap' ? src?.name : undefined;
  return typeof name === 'string' ? name : undefined;
}
