import { defineRule } from '../../core/rule.js';
import { containerSubject, objectSubject } from '../../model/subjects.js';

const DANGEROUS_CAPS = new Set(['ALL', 'SYS_ADMIN', 'NET_ADMIN']);
const HOST_NAMESPACES = { hostNetwork: 'network', hostPID: 'process', hostIPC: 'IPC' } as const;

export default defineRule({
  meta: {
    id: 'privileged-host-access',
    fault: 'C3',
    severity: 'warning',
    title: 'Pod reaches into the node (privileged, host namespaces, hostPath, admin capabilities)',
    why:
      'A Go service never needs the node: privileged mode, SYS_ADMIN/NET_ADMIN/ALL capabilities, host namespaces and ' +
      'hostPath volumes turn any bug in it into a node compromise, and namespaces enforcing the baseline Pod Security ' +
      'level reject the pod ("violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true), …").',
    fix: 'Remove the setting; for files use a ConfigMap/Secret/PVC, for low ports add only NET_BIND_SERVICE:\nsecurityContext:\n  capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] }',
    verify: 'kubectl label --dry-run=server --overwrite ns <namespace> pod-security.kubernetes.io/enforce=baseline',
    needs: ['manifests'],
    tags: ['security'],
  },
  check({ ws, report }) {
    for (const t of ws.manifests.podTemplates) {
      // Node agents (log shippers, CNI, exporters) are DaemonSets and need the host by design.
      if (t.object.kind === 'DaemonSet') continue;
      const spec = t.spec;
      for (const [field, ns] of Object.entries(HOST_NAMESPACES) as [keyof typeof HOST_NAMESPACES, string][]) {
        if (spec[field] !== true) continue;
        report({ message: `pod template of ${t.object.kind} "${t.object.name}" shares the node's ${ns} namespace (${field}: true)`, at: objectSubject(t.object, [...t.specPath, field]) });
      }
      (Array.isArray(spec.volumes) ? spec.volumes : []).forEach((v, i) => {
        if (typeof v !== 'object' || v === null || typeof v.hostPath !== 'object' || v.hostPath === null) return;
        const path = typeof v.hostPath.path === 'string' ? v.hostPath.path : '?';
        report({ message: `volume "${v.name}" mounts the node path ${path} (hostPath)`, at: objectSubject(t.object, [...t.specPath, 'volumes', i, 'hostPath']) });
      });
      for (const c of [...t.initContainers, ...t.containers]) {
        const sc = c.spec.securityContext;
        if (sc?.privileged === true) {
          report({ message: `container "${c.name}" is privileged: it has every capability and all of the node's devices`, at: containerSubject(c, ['securityContext', 'privileged']) });
        }
        const add = Array.isArray(sc?.capabilities?.add) ? sc.capabilities.add : [];
        add.forEach((cap, i) => {
          // The runtimes accept SYS_ADMIN, sys_admin and CAP_SYS_ADMIN alike.
          const name = String(cap).toUpperCase().replace(/^CAP_/, '');
          if (!DANGEROUS_CAPS.has(name)) return;
          report({ message: `container "${c.name}" adds the ${name} capability`, at: containerSubject(c, ['securityContext', 'capabilities', 'add', i]) });
        });
      }
    }
  },
});
