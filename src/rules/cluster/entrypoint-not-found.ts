import { startPath } from '../../triage/crash-causes.js';
import { crashRule } from '../../triage/crash-rule.js';
import { containerSpec } from '../../triage/pod-spec.js';

export default crashRule(
  {
    id: 'entrypoint-not-found',
    fault: 'C1',
    severity: 'error',
    title: 'Container command names a file that is not in the image',
    why:
      'runc resolves the command before starting the process (Go\'s exec.LookPath) and fails the create: ' +
      '"exec: "server": executable file not found in $PATH" or "exec: "/app/server": stat /app/server: no such ' +
      'file or directory". The kubelet shows StartError / RunContainerError with exit code 128 and the pod loops ' +
      'in CrashLoopBackOff. Causes: a command/args override with the wrong path, a relative name without ./, ' +
      'the binary copied to another directory, or a shell-form CMD in an image with no /bin/sh.',
    fix: 'Point <field> at the path the binary really has in the image, or fix ENTRYPOINT/CMD in the Dockerfile (exec form, absolute path).',
    verify: 'crane export <image> - | tar -t | grep -E "<name>$"',
    tags: ['live', 'start'],
  },
  ['exec-not-found'],
  (p) => {
    const first = p.pods[0]!;
    const path = startPath(p) ?? 'the command';
    const overridden = containerSpec(first)?.command !== undefined;
    const where = overridden ? 'the container\'s command' : 'the image\'s ENTRYPOINT/CMD';
    const shell = path === '/bin/sh' || path === 'sh' || path === '/bin/bash';
    const cause = shell
      ? `${where} runs through ${path} (shell form, or sh -c) and the image has no shell`
      : /executable file not found/.test(p.data.clue?.type === 'start' ? p.data.clue.start.excerpt : '')
        ? `"${path}" is not on the image's $PATH: ${where} names a file the image does not have there`
        : `${path} does not exist in the image: ${where} names the wrong path`;
    const name = path.slice(path.lastIndexOf('/') + 1);
    return {
      cause,
      field: overridden ? '.command' : '.image',
      ...(shell ? { fix: 'Use the exec form (ENTRYPOINT ["/app"]) in the Dockerfile or a command without sh -c in <owner>; scratch and distroless have no shell.' } : {}),
      verify: `crane export ${first.image ?? 'IMAGE'} - | tar -t | grep -E "(^|/)${name}$"`,
    };
  },
);
