import { errorLineRule, times } from '../../logs/rule-support.js';

export default errorLineRule(
  {
    id: 'log-exec-format-error',
    fault: 'A4',
    severity: 'error',
    title: 'The binary was built for another CPU architecture',
    why:
      '`exec format error` is the kernel refusing an executable it cannot run: an amd64 binary on an arm64 node (or ' +
      'the reverse) — typically a multi-platform build with `FROM --platform=$BUILDPLATFORM golang` but no ' +
      'GOARCH=$TARGETARCH — or a script without a shebang.',
    fix: 'Cross-compile with GOOS=$TARGETOS GOARCH=$TARGETARCH in the build stage, or pin nodeSelector kubernetes.io/arch to the image\'s architecture.',
    verify: 'docker run --rm --entrypoint "" <image> /bin/sh -c "uname -m"; kubectl get nodes -L kubernetes.io/arch',
    tags: ['logs', 'image'],
  },
  'exec-format-error',
  (f) => `${f.detail.path ? `${f.detail.path}: ` : ''}exec format error: the binary's architecture does not match the node${times(f.count)}`,
);
