import { startPath } from '../../triage/crash-causes.js';
import { crashRule } from '../../triage/crash-rule.js';
import { commandLine, containerSpec } from '../../triage/pod-spec.js';

export default crashRule(
  {
    id: 'exec-binary-missing-interpreter',
    fault: 'A3',
    severity: 'error',
    title: 'Dynamically linked Go binary in an image without its ELF interpreter (libc)',
    why:
      'runc found the binary, but execve failed with ENOENT: the ELF names an interpreter ' +
      '(/lib64/ld-linux-x86-64.so.2, /lib/ld-musl-x86_64.so.1) that the image does not have. That is a cgo build ' +
      '(CGO_ENABLED=1, the default when the builder has gcc) copied into scratch, distroless/static or alpine. ' +
      'The container logs "exec /app/server: no such file or directory" (older runc: "exec user process caused: ' +
      'no such file or directory") although the file is there.',
    fix:
      'Build with CGO_ENABLED=0 (use pure-Go replacements such as modernc.org/sqlite), or use a runtime base ' +
      'with the matching libc (gcr.io/distroless/base-debian12, debian:bookworm-slim) for <owner>.',
    verify: 'id=$(docker create <image>) && docker cp "$id:<path>" ./bin && file ./bin   # want "statically linked"',
    tags: ['live', 'cgo', 'start'],
  },
  ['exec-missing-interpreter'],
  (p) => {
    const first = p.pods[0]!;
    const path = startPath(p) ?? commandLine(containerSpec(first))[0] ?? 'the entrypoint';
    return {
      cause: `exec ${path}: no such file or directory: ${path} is there, but it is dynamically linked and its ELF interpreter (libc loader) is missing from the image`,
      field: '.image',
      verify: `id=$(docker create ${first.image ?? 'IMAGE'}) && docker cp "$id:${path}" ./bin && file ./bin   # want "statically linked"`,
    };
  },
);
