import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { buildEvidence, containerBinary, type ContainerBinary } from '../../model/container-go.js';
import { lookupEnv, processContainers } from '../../model/go-runtime-env.js';
import type { GoEnvRead } from '../../model/gosrc.js';
import type { ContainerView, KubeObject } from '../../model/manifest.js';
import { shippedVar } from '../../model/runtime-files.js';
import { containerSubject } from '../../model/subjects.js';

/** envconfig also accepts `<PREFIX>_<NAME>` (envconfig.Process("app", …) reads APP_PORT before PORT). */
function setInContainer(c: ContainerView, read: GoEnvRead, objects: readonly KubeObject[]): boolean | undefined {
  const l = lookupEnv(c, read.name, objects);
  if (l.set) return true;
  if (read.via === 'envconfig' && (c.spec.env ?? []).some((e) => e.name.endsWith(`_${read.name}`))) return true;
  return l.certain ? false : undefined;
}

export default defineRule({
  meta: {
    id: 'required-env-missing',
    fault: 'C2',
    severity: 'error',
    title: 'Go code requires an environment variable no container running it sets',
    why:
      'The code stops when the variable is empty — log.Fatal/panic/os.Exit after os.Getenv, a MustGetenv helper, ' +
      'envconfig `required:"true"`, caarlos0/env `,required` — and neither the manifests (env, envFrom) nor the ' +
      "image's ENV set it. Every container running the image exits at start: CrashLoopBackOff with exit code 1 or 2 " +
      'and the variable name in the previous logs.',
    fix: 'Set it on the container:\nenv:\n  - name: <NAME>\n    valueFrom: { secretKeyRef: { name: <secret>, key: <key> } }\n(or add it to the ConfigMap/Secret the container loads with envFrom).',
    verify: 'kubectl exec <pod> -- env | grep <NAME>  # or: kubectl logs <pod> --previous',
    needs: ['manifests', 'dockerfile', 'go'],
    tags: ['config', 'startup'],
  },
  check({ ws, report }) {
    // Containers grouped by the binary they run: a variable set by any of them may be what
    // that one needs (a Job running another subcommand of the same image need not set it).
    const groups = new Map<string, { b: ContainerBinary; containers: ContainerView[] }>();
    for (const t of ws.manifests.podTemplates) {
      for (const c of processContainers(t)) {
        const b = containerBinary(ws, c);
        if (!b) continue;
        const key = `${b.df.file}\u0000${b.build.pkg.dir}`;
        const g = groups.get(key);
        if (g) g.containers.push(c);
        else groups.set(key, { b, containers: [c] });
      }
    }
    for (const { b, containers } of groups.values()) {
      const seen = new Set<string>();
      for (const read of b.pkgs.flatMap((p) => p.config.env)) {
        if (!read.required || seen.has(read.name)) continue;
        seen.add(read.name);
        if (shippedVar(b.df, read.name) !== undefined) continue;
        const states = containers.map((c) => setInContainer(c, read, ws.manifests.objects));
        // An envFrom source outside the manifest set might provide it.
        if (states.some((s) => s !== false)) continue;
        const [first, ...others] = containers;
        const evidence: Evidence[] = [
          { message: `${read.via} reads ${read.name} and stops the program when it is empty`, span: read.span },
          ...others.map((c) => ({ ...containerSubject(c, ['env'], 'key'), message: `container "${c.name}" of ${c.template.object.kind} ${c.template.object.name} runs the same image without it` })),
          buildEvidence(b),
        ];
        report({
          message: `container "${first!.name}": ${b.build.pkg.dir} requires ${read.name} (${read.via}) but no env or envFrom of the ${containers.length === 1 ? 'container' : `${containers.length} containers`} running it sets it: it exits at start`,
          at: containerSubject(first!, ['env'], 'key'),
          evidence,
        });
      }
    }
  },
});
