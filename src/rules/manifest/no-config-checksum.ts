import { defineRule } from '../../core/rule.js';
import { changesRollPods, configRefs } from '../../model/config-refs.js';
import { objectSubject } from '../../model/subjects.js';
import { nsOf, rollsOnConfigChange } from '../../model/wiring.js';

export default defineRule({
  meta: {
    id: 'no-config-checksum',
    fault: 'H2',
    severity: 'info',
    title: 'Pods read a ConfigMap or Secret through env but do not roll when it changes',
    why:
      'Environment variables are copied into the container when it starts. Changing a ConfigMap or Secret that ' +
      'ships with the workload does not touch the pod template, so `kubectl apply` reports it "configured" and ' +
      'every pod keeps the old values until something else restarts it, often days later and one pod at a time.',
    fix:
      'Roll the pods whenever the configuration changes, e.g. with Helm:\n' +
      'spec:\n  template:\n    metadata:\n      annotations:\n        checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}\n' +
      'or use Kustomize configMapGenerator (hash-suffixed names) or Stakater Reloader (reloader.stakater.com/auto: "true").',
    verify: 'kubectl rollout history deployment/<name>  # a new revision after each configuration change',
    needs: ['manifests'],
    tags: ['config', 'reload', 'delivery'],
  },
  check({ ws, report }) {
    const shipped = new Map(
      ws.manifests.objects
        .filter((o) => (o.kind === 'ConfigMap' || o.kind === 'Secret') && o.apiVersion === 'v1')
        .map((o) => [`${o.kind}/${nsOf(o)}/${o.name}`, o]),
    );
    for (const t of ws.manifests.podTemplates) {
      if (t.runsToCompletion || t.object.kind === 'Pod' || rollsOnConfigChange(t)) continue;
      const refs = configRefs(t).filter((r) => {
        const o = shipped.get(`${r.kind}/${nsOf(t.object)}/${r.name}`);
        return r.via !== 'volume' && o !== undefined && !changesRollPods(o);
      });
      const first = refs[0];
      if (!first) continue;
      const names = [...new Set(refs.map((r) => `${r.kind} ${r.name}`))];
      report({
        message: `${t.object.kind} ${t.object.name} reads ${names.join(' and ')} through env, but nothing rolls its pods when ${names.length === 1 ? 'it changes' : 'they change'}: running pods keep the old values`,
        at: objectSubject(t.object, [...t.metadataPath, 'annotations']),
        evidence: refs.map((r) => ({ message: `${r.via} ${r.kind} ${r.name}`, ...objectSubject(t.object, r.path), ...(r.container ? { container: r.container.name } : {}) })),
      });
    }
  },
});
