import { stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { atLeast, formatInputError } from '../core/finding.js';
import { loadConfig } from '../core/config-load.js';
import { diagnose, loadRepo, parseTarget } from '../core/diagnose.js';
import { loadSnapshot } from '../load/snapshot.js';
import { RULES } from '../rules/index.js';
import { formatReport, type Format } from '../report/index.js';
import type { FailOn } from './options.js';
import type { RegistryFlags } from '../image/inspect/registry-setup.js';
import type { PullSecret } from '../image/registry/index.js';
import { asArray, asObject, asString, type ClusterObject } from '../model/cluster.js';
import type { ImageIndex } from '../model/image-index.js';
import { EXIT, type ExitCode } from './exit.js';

export interface DiagnoseFlags {
  from?: string;
  namespace?: string;
  allNamespaces?: boolean;
  format: Format;
  output?: string;
  failOn: FailOn;
  config?: string;
  quiet?: boolean;
  color: boolean;
  kubeconfig?: string;
  context?: string;
  /** Static facts of this checkout join the live chains. */
  repo?: string;
  /** `--images`: read the pods' images from their registries, with these registry flags. */
  images?: RegistryFlags;
}

export async function runDiagnose(targetText: string | undefined, flags: DiagnoseFlags): Promise<ExitCode> {
  const target = targetText === undefined ? undefined : parseTarget(targetText);
  if (targetText !== undefined && !target) {
    process.stderr.write(`kubewhy diagnose: "${targetText}" is not TYPE/NAME (e.g. deploy/api, pod/api-7f9c-x, job/migrate)\n`);
    return EXIT.usage;
  }
  const { config, errors } = await loadConfig(process.cwd(), flags.config);
  for (const e of errors) process.stderr.write(`kubewhy: ${formatInputError(e)}\n`);
  if (errors.length > 0) return EXIT.usage;

  let state;
  let namespace = flags.allNamespaces ? undefined : flags.namespace;
  if (flags.from) state = await loadSnapshot(resolve(flags.from), config.limits);
  else {
    // Live: the kubeconfig's cluster, read-only; without -n / -A the context's namespace, like kubectl.
    const { loadLiveScoped, LiveError } = await import('../load/cluster-live.js');
    const { liveOptions, endProgress } = await import('./snapshot-command.js');
    try {
      const live = await loadLiveScoped(liveOptions(flags));
      state = live.state;
      namespace = live.namespace;
    } catch (err) {
      endProgress();
      if (err instanceof LiveError) {
        process.stderr.write(`kubewhy diagnose: ${err.message}\n`);
        return EXIT.usage;
      }
      throw err;
    }
    endProgress();
  }
  let repo;
  if (flags.repo !== undefined) {
    if (!(await isDirectory(flags.repo))) {
      process.stderr.write(`kubewhy diagnose: --repo ${flags.repo}: not a directory\n`);
      return EXIT.usage;
    }
    repo = await loadRepo(flags.repo, config, RULES);
  }
  let images: ImageIndex | undefined;
  if (flags.images) {
    // Only the pods in the namespace asked about: every other image would be read for nothing.
    const objects = namespace === undefined ? state.objects : state.objects.filter((o) => o.kind !== 'Pod' || o.namespace === namespace);
    const { clusterImageInputs, inspectClusterImages } = await import('../image/inspect/index.js');
    const inputs = clusterImageInputs(objects);
    // Secret values never enter the cluster state: live, the pods' pull Secrets are read once more, for the registry client only.
    if (!flags.from) {
      const { fetchPullSecrets } = await import('../load/cluster-live.js');
      const { liveOptions } = await import('./snapshot-command.js');
      const pulled = await fetchPullSecrets(liveOptions(flags), pullSecretRefs(objects));
      inputs.pullSecrets = pulled.secrets as PullSecret[];
      state.warnings.push(...pulled.warnings);
    }
    const read = await inspectClusterImages({ ...inputs, registry: flags.images });
    if ('error' in read) {
      process.stderr.write(`kubewhy diagnose: ${read.error}\n`);
      return EXIT.usage;
    }
    images = read.index;
    for (const f of read.failures) state.warnings.push({ file: `image ${f.reference}`, message: f.message });
  }
  const result = diagnose({ state, config, rules: RULES, ...(namespace !== undefined ? { namespace } : {}), ...(target ? { target } : {}), ...(repo ? { repo } : {}), ...(images ? { images } : {}) });
  const out = formatReport(result, flags.format, { color: flags.color && !flags.output, quiet: flags.quiet });
  if (flags.output) await writeFile(flags.output, out);
  else process.stdout.write(out);
  if (flags.format !== 'text' || flags.output) {
    for (const e of result.inputErrors) process.stderr.write(`kubewhy: ${formatInputError(e)}\n`);
  }
  if (state.objects.length === 0 && state.events.length === 0) {
    process.stderr.write(`kubewhy diagnose: nothing to diagnose in ${flags.from ?? state.source} (no Kubernetes objects found)\n`);
    return EXIT.usage;
  }
  const failOn = flags.failOn;
  if (failOn !== 'never' && result.findings.some((f) => !f.suppressed && atLeast(f.severity, failOn))) return EXIT.findings;
  return EXIT.ok;
}

/** `spec.imagePullSecrets` of every pod: the Secrets the kubelet pulls its images with. */
function pullSecretRefs(objects: readonly ClusterObject[]): { namespace: string; name: string }[] {
  const refs: { namespace: string; name: string }[] = [];
  for (const pod of objects) {
    if (pod.kind !== 'Pod' || pod.namespace === undefined) continue;
    for (const ref of asArray(asObject(pod.raw['spec'])?.['imagePullSecrets'])) {
      const name = asString(asObject(ref)?.['name']);
      if (name) refs.push({ namespace: pod.namespace, name });
    }
  }
  return refs;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
