import type { Evidence } from '../../core/finding.js';
import { asObject, asString } from '../../model/cluster.js';
import { startPath } from '../../triage/crash-causes.js';
import { crashRule } from '../../triage/crash-rule.js';
import { commandLine, containerSpec } from '../../triage/pod-spec.js';

export default crashRule(
  {
    id: 'exec-format-error',
    fault: 'A4',
    severity: 'error',
    title: 'Container binary is built for another CPU architecture than the node',
    why:
      'The kernel refuses to run an ELF for another architecture (ENOEXEC). runc ≥ 1.1 prints "exec /app: exec ' +
      'format error", older runc "standard_init_linux.go:228: exec user process caused: exec format error"; the ' +
      'container exits 1 and goes into CrashLoopBackOff. Typical cause: GOARCH hard-coded (or no --platform) in a ' +
      'cross build, so an arm64-labelled image carries an amd64 binary, or the reverse.',
    fix:
      'Build the binary for the node\'s platform: in the Dockerfile use FROM --platform=$BUILDPLATFORM for the ' +
      'builder and GOOS=$TARGETOS GOARCH=$TARGETARCH go build, then docker buildx build --platform ' +
      'linux/amd64,linux/arm64; or pin <owner> to matching nodes with nodeSelector kubernetes.io/arch.',
    verify: 'docker run --rm --platform linux/<arch> <image>   # must not print "exec format error"',
    tags: ['live', 'platform', 'start'],
  },
  ['exec-format'],
  (p, index) => {
    const first = p.pods[0]!;
    const path = startPath(p) ?? commandLine(containerSpec(first))[0];
    const evidence: Evidence[] = [];
    const arches = new Set<string>();
    for (const c of p.pods) {
      const nodeName = asString(asObject(c.pod.raw.spec)?.nodeName);
      const node = nodeName ? index.get('Node', undefined, nodeName) : undefined;
      const arch = asString(asObject(asObject(node?.raw.status)?.nodeInfo)?.architecture);
      if (!node || !arch || arches.has(arch)) continue;
      arches.add(arch);
      evidence.push({ message: `node ${node.name} runs ${arch} (status.nodeInfo.architecture)`, object: node.ref, fieldPath: 'status.nodeInfo.architecture' });
    }
    const arch = [...arches].join(', ');
    const platform = arches.size > 0 ? `linux/${[...arches].join(' and linux/')}, the nodes' architecture` : 'the node\'s architecture';
    return {
      cause: `${path ? `exec ${path}: ` : ''}exec format error: the ${path ? 'binary' : 'entrypoint binary'} is not built for ${platform}`,
      evidence,
      field: '.image',
      verify: `docker run --rm --platform linux/${arch || 'ARCH'} ${first.image ?? 'IMAGE'}   # must not print "exec format error"`,
    };
  },
);
