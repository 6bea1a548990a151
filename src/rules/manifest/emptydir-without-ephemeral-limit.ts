import { defineRule } from '../../core/rule.js';
import type { Json, KubeObject } from '../../model/manifest.js';
import { isJsonObject } from '../../model/pod-templates.js';
import { containerSubject, objectSubject } from '../../model/subjects.js';

export default defineRule({
  meta: {
    id: 'emptydir-without-ephemeral-limit',
    fault: 'E4',
    severity: 'warning',
    title: 'Disk-backed emptyDir with no size bound',
    why:
      'An emptyDir without sizeLimit, mounted by containers without an ephemeral-storage limit, grows until the node ' +
      'disk fills (temp files, upload spills, caches). The kubelet then evicts pods — this one first, as the biggest ' +
      'user over its request — with "The node was low on resource: ephemeral-storage." and other workloads on the node go too. ' +
      'With a bound, only this pod is evicted ("Usage of EmptyDir volume "tmp" exceeds the limit "64Mi".").',
    fix: 'Bound the volume (and/or the container):\nvolumes:\n  - name: tmp\n    emptyDir: { sizeLimit: 256Mi }\nresources:\n  limits: { ephemeral-storage: 1Gi }',
    verify: 'kubectl get events --field-selector reason=Evicted',
    needs: ['manifests'],
    tags: ['resources', 'storage'],
  },
  check({ ws, report }) {
    const defaulted = namespacesWithEphemeralDefault(ws.manifests.objects);
    for (const t of ws.manifests.podTemplates) {
      if (defaulted.has(t.object.namespace ?? '')) continue;
      const volumes = Array.isArray(t.spec.volumes) ? (t.spec.volumes as unknown as Json[]) : [];
      volumes.forEach((v, i) => {
        if (!isJsonObject(v) || !isJsonObject(v.emptyDir) || typeof v.name !== 'string') return;
        // Memory-backed emptyDirs count against the memory limit instead (an OOM question, not a disk one).
        if (v.emptyDir.medium === 'Memory' || v.emptyDir.sizeLimit !== undefined) return;
        const users = [...t.initContainers, ...t.containers].filter((c) => (c.spec.volumeMounts ?? []).some((m) => m.name === v.name));
        const unbounded = users.filter((c) => c.spec.resources?.limits?.['ephemeral-storage'] === undefined);
        if (unbounded.length === 0) return;
        const names = unbounded.map((c) => `"${c.name}"`).join(', ');
        report({
          message:
            `emptyDir "${v.name}" has no sizeLimit and ${unbounded.length === 1 ? 'container' : 'containers'} ${names} ` +
            `${unbounded.length === 1 ? 'has' : 'have'} no ephemeral-storage limit: writes can fill the node's disk and get pods evicted`,
          at: objectSubject(t.object, [...t.specPath, 'volumes', i, 'emptyDir']),
          evidence: unbounded.map((c) => ({ ...containerSubject(c, c.spec.resources ? ['resources'] : []), message: `container "${c.name}" mounts it, no ephemeral-storage limit` })),
        });
      });
    }
  },
});

/** A LimitRange `default` for ephemeral-storage gives every container a limit at admission. */
function namespacesWithEphemeralDefault(objects: readonly KubeObject[]): Set<string> {
  const out = new Set<string>();
  for (const o of objects) {
    if (o.kind !== 'LimitRange' || !isJsonObject(o.raw.spec)) continue;
    const limits = Array.isArray(o.raw.spec.limits) ? o.raw.spec.limits : [];
    if (limits.some((l) => isJsonObject(l) && l.type === 'Container' && isJsonObject(l.default) && l.default['ephemeral-storage'] !== undefined)) {
      out.add(o.namespace ?? '');
    }
  }
  return out;
}
