import { posix } from 'node:path';
import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { configRefs } from '../../model/config-refs.js';
import { buildEvidence, containerBinary, resolveInContainer } from '../../model/container-go.js';
import { mountCovering, processCwd } from '../../model/go-container-files.js';
import type { GoString } from '../../model/gosrc.js';
import { longRunningContainers } from '../../model/probes.js';
import { containerSubject, objectSubject } from '../../model/subjects.js';
import { rollsOnConfigChange } from '../../model/wiring.js';

const CONFIG_SOURCES = new Set(['configMap', 'secret', 'projected']);

export default defineRule({
  meta: {
    id: 'config-watch-never-fires',
    fault: 'H1',
    severity: 'warning',
    title: 'Go code watches a config file that Kubernetes never updates in place',
    why:
      'The service reloads its configuration when the file changes (fsnotify, viper.WatchConfig), but the manifest ' +
      'delivers it in a way that never changes the file: a ConfigMap/Secret mounted with subPath is bound once at ' +
      'container start and never refreshed, and a ConfigMap consumed through env/envFrom is fixed when the process ' +
      'starts while the watched file is whatever the image shipped. A watch on the file itself inside a ConfigMap ' +
      'volume breaks at the first update: the kubelet swaps a `..data` symlink, fsnotify reports Chmod/Remove and ' +
      'drops the watch. After `kubectl apply` of new config nothing reloads; the pods run the old settings until ' +
      'they restart, and nobody notices.',
    fix:
      'Mount the ConfigMap as a directory (no subPath) and watch the directory, not the file: the kubelet swaps a ' +
      '`..data` symlink there, e.g.\nvolumeMounts:\n  - { name: config, mountPath: /etc/app }\nwatcher.Add("/etc/app")\n' +
      'or drop the watcher and roll the pods on change (checksum/config annotation, Stakater Reloader).',
    verify: 'kubectl edit configmap <name>; sleep 90; kubectl exec <pod> -- cat <file>  # and the service log shows the reload',
    needs: ['manifests', 'dockerfile', 'go'],
    tags: ['config', 'reload'],
  },
  check({ ws, report }) {
    for (const t of ws.manifests.podTemplates) {
      // Restarted on every change anyway: the stale file never outlives the rollout.
      if (rollsOnConfigChange(t)) continue;
      const envRefs = configRefs(t).filter((r) => r.kind === 'ConfigMap' && r.via !== 'volume');
      for (const c of longRunningContainers(t)) {
        const b = containerBinary(ws, c);
        if (!b) continue;
        for (const p of b.pkgs) {
          for (const w of p.config.watchers) {
            // viper watches the file it was given with SetConfigFile.
            const target: GoString | undefined = w.target ?? p.config.files.find((f) => f.call === 'viper.SetConfigFile')?.path;
            if (!target) continue;
            const r = resolveInContainer(ws, c, b, target);
            if (r.value === undefined || r.value === '') continue;
            const path = posix.resolve(processCwd(b.df, c), r.value);
            const what = w.kind === 'viper' ? 'viper.WatchConfig' : 'fsnotify';
            const mount = mountCovering(c, path);
            // `watcher.Add(config.File)`: also where the constant says which file.
            const origin = target.parts.find((x) => x.kind === 'text' && x.from !== undefined && x.from.file !== target.span.file);
            const goEvidence: Evidence[] = [
              { message: `watches ${path}`, span: target.span },
              ...(origin?.kind === 'text' && origin.from ? [{ message: `${path} is set here`, span: origin.from }] : []),
              ...r.evidence,
              buildEvidence(b),
            ];
            if (mount?.subPath !== undefined && mount.source !== undefined && CONFIG_SOURCES.has(mount.source)) {
              report({
                message: `container "${c.name}": ${what} watches ${path}, which is mounted from ${mount.source}${mount.refName ? ` ${mount.refName}` : ''} with subPath: the file is never updated, the reload never fires`,
                at: { span: w.span, container: c.name },
                evidence: [{ ...containerSubject(c, ['volumeMounts', mount.index, 'subPath']), message: `subPath mount at ${mount.mountPath}: bound once at start` }, ...goEvidence],
              });
            } else if (w.kind === 'fsnotify' && mount?.source !== undefined && CONFIG_SOURCES.has(mount.source) && path !== mount.mountPath) {
              // viper watches the directory and follows `..data`; a bare fsnotify watch on the file does not.
              report({
                message: `container "${c.name}": fsnotify watches the file ${path} inside ${mount.source} volume${mount.refName ? ` ${mount.refName}` : ''}: the kubelet updates it by swapping the ..data symlink, so the watch sees Chmod/Remove once and is dropped, later updates never reload`,
                at: { span: w.span, container: c.name },
                evidence: [{ ...containerSubject(c, ['volumeMounts', mount.index, 'mountPath']), message: `${mount.source} volume mounted at ${mount.mountPath}: watch this directory` }, ...goEvidence],
              });
            } else if (!mount && envRefs.some((ref) => ref.container === c)) {
              const ref = envRefs.find((x) => x.container === c)!;
              report({
                message: `container "${c.name}": ${what} watches ${path}, but the pod gets ConfigMap ${ref.name} through ${ref.via} and mounts nothing there: the watched file is the image's copy, it never changes`,
                at: { span: w.span, container: c.name },
                evidence: [{ ...objectSubject(t.object, ref.path), container: c.name, message: `ConfigMap ${ref.name} via ${ref.via}: fixed at process start` }, ...goEvidence],
              });
            }
          }
        }
      }
    }
  },
});
