import { startPath } from '../../triage/crash-causes.js';
import { crashRule } from '../../triage/crash-rule.js';
import { containerSpec } from '../../triage/pod-spec.js';

export default crashRule(
  {
    id: 'entrypoint-not-executable',
    fault: 'C1',
    severity: 'error',
    title: 'Container command exists but may not be executed',
    why:
      'The file is there, but execve (or exec.LookPath at create time) gets EACCES: the binary lost its +x bit ' +
      '(COPY from a Windows checkout, an archive, a ConfigMap mount without defaultMode) or the container\'s ' +
      'non-root user cannot read it. runc reports "exec: "/app/server": permission denied" (StartError, exit ' +
      '128) or the process logs "exec /app/server: permission denied".',
    fix: 'Make the file executable and readable by the container user: COPY --chmod=0755 (or RUN chmod 0755) in the Dockerfile, defaultMode: 0755 on a mounted script.',
    verify: 'crane export <image> - | tar -tv | grep -E "<name>$"   # mode must include x for the container user',
    tags: ['live', 'start'],
  },
  ['exec-permission'],
  (p) => {
    const first = p.pods[0]!;
    const path = startPath(p) ?? 'the command';
    const name = path.slice(path.lastIndexOf('/') + 1);
    return {
      cause: `${path} is not executable by the container's user (permission denied)`,
      field: containerSpec(first)?.command !== undefined ? '.command' : '.image',
      verify: `crane export ${first.image ?? 'IMAGE'} - | tar -tv | grep -E "(^|/)${name}$"   # mode must include x for the container user`,
    };
  },
);
