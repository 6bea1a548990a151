import { defineRule } from '../../core/rule.js';
import { isKnownNonGoImage, lookupEnv } from '../../model/go-runtime-env.js';
import { containerSubject } from '../../model/subjects.js';

export default defineRule({
  meta: {
    id: 'readonly-rootfs-without-tmp',
    fault: 'C3',
    severity: 'info',
    title: 'Read-only root filesystem with nothing writable at the temp dir',
    why:
      'Go\'s os.TempDir() is $TMPDIR or /tmp. With readOnlyRootFilesystem and no volume there, os.CreateTemp, ' +
      'os.MkdirTemp, multipart uploads spilling to disk (ParseMultipartForm) and many libraries fail at run time with ' +
      '"open /tmp/…: read-only file system" — only on the code path that needs it, often long after the deploy.',
    fix: 'Mount a small emptyDir at /tmp:\nvolumeMounts:\n  - { name: tmp, mountPath: /tmp }\nvolumes:\n  - name: tmp\n    emptyDir: { sizeLimit: 64Mi }',
    verify: 'kubectl exec <pod> -- touch /tmp/probe  # needs a shell; or watch the logs for "read-only file system"',
    needs: ['manifests'],
    tags: ['security', 'filesystem'],
  },
  check({ ws, report }) {
    for (const t of ws.manifests.podTemplates) {
      for (const c of [...t.initContainers, ...t.containers]) {
        if (c.spec.securityContext?.readOnlyRootFilesystem !== true || isKnownNonGoImage(c.spec.image)) continue;
        const tmpdir = lookupEnv(c, 'TMPDIR', ws.manifests.objects);
        // TMPDIR from somewhere we cannot read: it may well point at a mount.
        if (tmpdir.set && tmpdir.setting.value === undefined) continue;
        const dir = tmpdir.set && tmpdir.setting.value ? tmpdir.setting.value.replace(/\/+$/, '') || '/' : '/tmp';
        const mounts = Array.isArray(c.spec.volumeMounts) ? c.spec.volumeMounts : [];
        const writable = mounts.some((m) => {
          const p = typeof m.mountPath === 'string' ? m.mountPath.replace(/\/+$/, '') : undefined;
          return p !== undefined && m.readOnly !== true && (p === dir || dir.startsWith(`${p}/`));
        });
        if (writable) continue;
        report({
          message: `container "${c.name}" has a read-only root filesystem and nothing writable at ${dir}: Go temp files fail with "open ${dir}/…: read-only file system"`,
          at: containerSubject(c, ['securityContext', 'readOnlyRootFilesystem']),
        });
      }
    }
  },
});
