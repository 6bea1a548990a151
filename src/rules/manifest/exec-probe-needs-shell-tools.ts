import { defineRule } from '../../core/rule.js';
import { parseImageRef } from '../../load/image-ref.js';
import { probeHandler, probesOf, probeWord } from '../../model/probe-timing.js';
import { longRunningContainers } from '../../model/probes.js';
import { containerSubject } from '../../model/subjects.js';

/** Programs that exec probes commonly call and that scratch/distroless Go images do not have. */
const TOOLS = new Set(['sh', 'bash', 'ash', 'curl', 'wget', 'nc', 'cat', 'grpc_health_probe']);
const SHELLS = new Set(['sh', 'bash', 'ash']);
/** Words that come before the program in a shell command: keywords, `exec`, negation. */
const PREFIX_WORDS = new Set(['!', 'exec', 'if', 'then', 'else', 'elif', 'while', 'until', 'do', 'time']);

/**
 * What a base named in the image reference is known to ship. Only the facts: Alpine/BusyBox give
 * sh, wget, nc and cat as applets but no bash or curl; Debian/Ubuntu give sh, bash and cat but
 * not curl, wget or nc (not even the full images). grpc_health_probe is never in a base image.
 */
const BASES: { pattern: RegExp; tools: readonly string[] }[] = [
  { pattern: /(^|[^a-z])(alpine|busybox)/, tools: ['sh', 'ash', 'wget', 'nc', 'cat'] },
  { pattern: /(^|[^a-z])(debian|ubuntu|bookworm|bullseye|trixie|jammy|noble|focal)/, tools: ['sh', 'bash', 'cat'] },
];

export default defineRule({
  meta: {
    id: 'exec-probe-needs-shell-tools',
    fault: 'D3',
    severity: 'warning',
    title: 'Exec probe calls a shell or tool that Go runtime images usually lack',
    why:
      'Go services usually ship FROM scratch or distroless: one static binary, no /bin/sh, curl, wget, nc or cat. ' +
      'An exec probe that calls one of them can never succeed — "Liveness probe errored: ... exec: "curl": ' +
      'executable file not found in $PATH" — so liveness restarts the container forever and readiness keeps it ' +
      'out of every Service. This rule reads only the manifest: whether the image really has the program is ' +
      'checked against the image itself by `kubewhy image`. Programs the base named in the image tag is known to ' +
      'ship (busybox applets on -alpine, bash on -bookworm) are not flagged.',
    fix:
      'Use a probe the kubelet runs itself, no program in the image needed:\n' +
      'livenessProbe:\n  httpGet: { path: /livez, port: http }   # or grpc: { port: 8080 } for gRPC servers\n' +
      'or, for exec, call your own binary (e.g. command: ["/app", "healthcheck"]).',
    verify: 'kubectl exec <pod> -c <container> -- <program> --help  # "executable file not found" means it is missing',
    needs: ['manifests'],
    tags: ['probes', 'image'],
  },
  check({ ws, report }) {
    for (const t of ws.manifests.podTemplates) {
      for (const c of longRunningContainers(t)) {
        const known = knownTools(typeof c.spec.image === 'string' ? c.spec.image : '');
        for (const { field, probe } of probesOf(c)) {
          const h = probeHandler(probe);
          if (h?.kind !== 'exec' || !h.command || h.command.length === 0) continue;
          const missing = programsCalled(h.command).filter((p) => TOOLS.has(p) && !known.has(p));
          if (missing.length === 0) continue;
          report({
            message:
              `the ${probeWord(field)} probe of container "${c.name}" runs ${missing.join(', ')}; ` +
              `in a scratch or distroless image it fails with: exec: "${missing[0]}": executable file not found in $PATH`,
            at: containerSubject(c, [field, 'exec', 'command']),
            evidence: [{ message: `image ${String(c.spec.image)}: contents not checked here (run kubewhy image)`, ...containerSubject(c, ['image']) }],
          });
        }
      }
    }
  },
});

/** Distroless names its Debian release (static-debian12) but ships none of Debian's programs. */
const NO_TOOLS = /distroless|chainguard\/static/;

function knownTools(image: string): Set<string> {
  const ref = parseImageRef(image);
  const name = `${ref.registry ?? ''}/${ref.repository}:${ref.tag ?? ''}`;
  if (NO_TOOLS.test(name)) return new Set();
  return new Set(BASES.filter((b) => b.pattern.test(name)).flatMap((b) => b.tools));
}

/** argv[0], plus the command words of a `sh -c` script, as program basenames, in order, without repeats. */
function programsCalled(argv: string[]): string[] {
  const base = (w: string): string => w.slice(w.lastIndexOf('/') + 1);
  const out = [base(argv[0]!)];
  const c = argv.findIndex((a, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(a));
  if (SHELLS.has(out[0]!) && c > 0 && argv[c + 1] !== undefined) {
    for (const segment of argv[c + 1]!.split(/&&|\|\||[;&|\n()`]|\$\(/)) {
      const words = segment.trim().split(/\s+/).filter((w) => w !== '' && !PREFIX_WORDS.has(w) && !/^\w+=/.test(w));
      if (words[0]) out.push(base(words[0]));
    }
  }
  return [...new Set(out)];
}
