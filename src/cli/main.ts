#!/usr/bin/env node
import { basename } from 'node:path';
import { Command, CommanderError, Option } from '@commander-js/extra-typings';
import { VERSION } from '../core/version.js';
import { collectBuildArg, failOnOption, formatOption, parsePositiveInt, parseSize, insecureRegistryOption, caFileOption, dockerConfigOption } from './options.js';
import { EXIT, type ExitCode } from './exit.js';
import { parsePort, parseRemediations, parseSeconds } from '../watch/flags.js';
import { webhookCommand } from './webhook-command.js';

/** Colour only on a TTY, never with NO_COLOR (https://no-color.org) or --no-color. */
function wantColor(flag: boolean): boolean {
  return flag && process.stdout.isTTY === true && !process.env.NO_COLOR;
}

interface ReportOpts<F, S> {
  format: F;
  output?: string;
  failOn: S;
  config?: string;
  quiet?: true;
  color: boolean;
}

/** The report flags every finding-printing command shares, as its runner expects them. */
function reportFlags<F, S>(opts: ReportOpts<F, S>) {
  return { format: opts.format, output: opts.output, failOn: opts.failOn, config: opts.config, quiet: opts.quiet, color: wantColor(opts.color) };
}


/** Builds the CLI; actions hand their exit code to `setExit` (commander actions return nothing). */
export function program(setExit: (code: ExitCode) => void) {
  // `kubectl why …` runs us as kubectl-why: name the program the way the user typed it.
  const name = basename(process.argv[1] ?? '') === 'kubectl-why' ? 'kubectl why' : 'kubewhy';
  const cli = new Command()
    .name(name)
    .description('Why your Go service will fail, or did fail, on Docker + Kubernetes.')
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();

  cli
    .command('lint')
    .description('Check Dockerfiles, manifests and Go modules under PATHs before they ship')
    .argument('[paths...]', 'files or directories (default: .)')
    .addOption(formatOption())
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addOption(failOnOption())
    .option('-c, --config <file>', 'config file (default: .kubewhy.yaml in the root)')
    .option('--root <dir>', 'directory paths are reported relative to (default: the working directory)')
    .option('--baseline <file>', 'suppress findings recorded in this baseline')
    .option('--write-baseline <file>', 'record the current findings as a baseline')
    .option('--build-arg <name=value>', 'Dockerfile ARG value, like docker build (repeatable)', collectBuildArg, {} as Record<string, string>)
    .option('--max-file-size <size>', 'skip files larger than this (default 10MB)', parseSize)
    .option('--max-aliases <n>', 'YAML alias expansion limit per document (default 100)', parsePositiveInt)
    .option('--max-documents <n>', 'YAML documents read per file (default 10000)', parsePositiveInt)
    .option('--images', 'read every image the manifests reference from its registry and run the image rules')
    .addOption(insecureRegistryOption())
    .addOption(caFileOption())
    .addOption(dockerConfigOption())
    .option('-q, --quiet', 'report errors only')
    .option('--no-color', 'disable colours (NO_COLOR is honoured too)')
    .action(async (paths, opts) => {
      const { runLint } = await import('./lint-command.js');
      setExit(await runLint(paths, {
        format: opts.format,
        output: opts.output,
        failOn: opts.failOn,
        config: opts.config,
        root: opts.root,
        baseline: opts.baseline,
        writeBaseline: opts.writeBaseline,
        quiet: opts.quiet,
        color: wantColor(opts.color),
        buildArg: opts.buildArg,
        maxFileSize: opts.maxFileSize,
        maxAliases: opts.maxAliases,
        maxDocuments: opts.maxDocuments,
        images: opts.images ? { insecureRegistry: opts.insecureRegistry, caFile: opts.caFile, dockerConfig: opts.dockerConfig } : undefined,
      }));
    });

  cli
    .command('rules')
    .description('List every rule with its fault id and severity')
    .addOption(new Option('-f, --format <format>').choices(['text', 'json'] as const).default('text' as const))
    .option('--no-color', 'disable colours')
    .action(async (opts) => {
      const { listRules } = await import('./catalog-commands.js');
      setExit(listRules(opts.format, wantColor(opts.color)));
    });

  cli
    .command('explain')
    .description('Explain a rule (go-toolchain-mismatch) or a fault catalog entry (A3)')
    .argument('<id>', 'rule id or fault id')
    .option('--no-color', 'disable colours')
    .action(async (id, opts) => {
      const { explain } = await import('./catalog-commands.js');
      setExit(explain(id, wantColor(opts.color)));
    });

  cli
    .command('docs', { hidden: true })
    .description('Generate docs/rules from rule metadata')
    .option('--dir <dir>', 'output directory', 'docs/rules')
    .option('--check', 'exit 1 when the generated pages differ from the files')
    .action(async (opts) => {
      const { docs } = await import('./catalog-commands.js');
      setExit(await docs(opts.dir, opts.check === true));
    });

  cli
    .command('diagnose')
    .description('Explain why workloads are failing: the live cluster (kubeconfig), or a snapshot (--from)')
    .argument('[target]', 'TYPE/NAME to diagnose, e.g. deploy/api (default: everything in scope)')
    .option('--from <path>', 'offline input: kubectl get -o json/yaml output, a cluster-info dump directory, logs/<ns>/<pod>/<container>.log')
    .option('-n, --namespace <ns>', 'only this namespace')
    .option('-A, --all-namespaces', 'every namespace (the default for snapshots)')
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or the in-cluster service account)')
    .option('--context <name>', 'kubeconfig context (default: the current context)')
    .option('--repo <path>', 'join the static facts of this checkout (Dockerfiles, manifests, Go code) into the chains')
    .option('--images', "read the pods' images from their registries and run the image rules")
    .addOption(insecureRegistryOption())
    .addOption(caFileOption())
    .addOption(dockerConfigOption())
    .addOption(formatOption())
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addOption(failOnOption())
    .option('-c, --config <file>', 'config file (default: .kubewhy.yaml in the working directory)')
    .option('-q, --quiet', 'report errors only')
    .option('--no-color', 'disable colours (NO_COLOR is honoured too)')
    .action(async (target, opts) => {
      const { runDiagnose } = await import('./diagnose-command.js');
      setExit(
        await runDiagnose(target, {
          from: opts.from,
          namespace: opts.namespace,
          allNamespaces: opts.allNamespaces,
          ...reportFlags(opts),
          kubeconfig: opts.kubeconfig,
          context: opts.context,
          repo: opts.repo,
          images: opts.images ? { insecureRegistry: opts.insecureRegistry, caFile: opts.caFile, dockerConfig: opts.dockerConfig } : undefined,
        }),
      );
    });

  cli
    .command('snapshot')
    .description('Save what live diagnose reads (kubeconfig cluster) to a directory that diagnose --from reads')
    .requiredOption('-o, --output <dir>', 'directory to write (<kind>.json Lists, events.json, logs/<ns>/<pod>/<container>.log)')
    .option('-n, --namespace <ns>', "only this namespace (default: the context's namespace)")
    .option('-A, --all-namespaces', 'every namespace')
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or the in-cluster service account)')
    .option('--context <name>', 'kubeconfig context (default: the current context)')
    .action(async (opts) => {
      const { runSnapshot } = await import('./snapshot-command.js');
      setExit(await runSnapshot({ output: opts.output, namespace: opts.namespace, allNamespaces: opts.allNamespaces, kubeconfig: opts.kubeconfig, context: opts.context }));
    });
  cli
    .command('logs')
    .description('Decode Go runtime output (panics, goroutine dumps, schedtrace, gctrace, inittrace, error lines) into findings')
    .argument('[file]', 'log file, - for stdin, or pod/NAME to read a container log from the cluster')
    .addOption(formatOption())
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addOption(failOnOption())
    .option('--config <file>', 'config file (default: .kubewhy.yaml in the working directory)')
    .option('--memory-limit <quantity>', "the container's memory limit (e.g. 512Mi), to compare the Go heap with")
    .option('--cpu-limit <quantity>', "the container's CPU limit (e.g. 2, 500m), to compare GOMAXPROCS with")
    .option('-c, --container <name>', 'container of pod/NAME (default: the pod\'s default container)')
    .option('-p, --previous', 'the previous (crashed) instance of the container')
    .option('-n, --namespace <ns>', "namespace of pod/NAME (default: the context's namespace)")
    .option('--tail <lines>', 'only the last N lines of the container log')
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or the in-cluster service account)')
    .option('--context <name>', 'kubeconfig context (default: the current context)')
    .option('-q, --quiet', 'report errors only')
    .option('--no-color', 'disable colours (NO_COLOR is honoured too)')
    .action(async (file, opts) => {
      const { runLogsCommand } = await import('./logs-command.js');
      setExit(
        await runLogsCommand(file, {
          ...reportFlags(opts),
          memoryLimit: opts.memoryLimit,
          cpuLimit: opts.cpuLimit,
          container: opts.container,
          previous: opts.previous,
          namespace: opts.namespace,
          tail: opts.tail,
          kubeconfig: opts.kubeconfig,
          context: opts.context,
        }),
      );
    });
  cli.addCommand(webhookCommand(setExit));
  cli
    .command('watch')
    .description('Run in the cluster: watch workloads, publish each new diagnosis as an Event and as metrics, optionally remediate')
    .option('-n, --namespace <ns>', "only this namespace (default: the context's namespace)")
    .option('-A, --all-namespaces', 'every namespace')
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or the in-cluster service account)')
    .option('--context <name>', 'kubeconfig context (default: the current context)')
    .option('-c, --config <file>', 'config file (default: .kubewhy.yaml in the working directory)')
    .option('--metrics-port <port>', '/metrics, /healthz, /readyz port (0: any free port)', parsePort, 8080)
    .option('--metrics-host <addr>', 'address to serve metrics on', '0.0.0.0')
    .option('--leader-elect', 'run several replicas: only the holder of a Lease publishes and remediates')
    .option('--leader-elect-namespace <ns>', 'namespace of the Lease (default: the watched namespace or the context\'s)')
    .option('--leader-elect-lease-name <name>', 'name of the Lease', 'kubewhy-watch')
    .option('--leader-elect-lease-duration <duration>', 'how long a Lease not renewed stays taken', parseSeconds, 15)
    .option('--leader-elect-renew-deadline <duration>', 'how long the leader keeps trying to renew before stepping down', parseSeconds, 10)
    .option('--leader-elect-retry-period <duration>', 'how often to try to take or renew the Lease', parseSeconds, 2)
    .option('--identity <id>', 'this replica in the Lease and in Events (default: $POD_NAME or host_pid)')
    .option('--remediate <actions>', 'opt-in fixes, comma-separated: ttl, restart-on-subpath (dry-run unless --apply)', parseRemediations)
    .option('--apply', 'make the remediation changes (default: server-side dry run, logged)')
    .option('--job-ttl <seconds>', 'ttlSecondsAfterFinished the ttl remediation sets', parsePositiveInt, 86400)
    .addOption(new Option('--log-format <format>', 'log lines on stderr').choices(['text', 'json'] as const).default('text' as const))
    .option('--debounce <ms>', 'quiet time after a change before it is diagnosed', parsePositiveInt, 500)
    .action(async (opts) => {
      const { runWatch } = await import('./watch-command.js');
      setExit(await runWatch(opts));
    });
  cli
    .command('image')
    .description('Read an image from its registry (no Docker): platforms, user, entrypoint ELF, Go build info, CA/tz/shell, and what will fail')
    .argument('<ref>', 'image reference, e.g. ghcr.io/org/api:1.4 or repo@sha256:…')
    .option('--platform <os/arch[/variant]>', 'platform to read from a multi-platform image (default linux/amd64)')
    .addOption(insecureRegistryOption())
    .addOption(caFileOption())
    .addOption(dockerConfigOption())
    .addOption(formatOption())
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addOption(failOnOption())
    .option('-c, --config <file>', 'config file (default: .kubewhy.yaml in the working directory)')
    .option('-q, --quiet', 'report errors only')
    .option('--no-color', 'disable colours (NO_COLOR is honoured too)')
    .action(async (ref, opts) => {
      const { runImage } = await import('./image-command.js');
      setExit(await runImage(ref, { ...reportFlags(opts), platform: opts.platform, insecureRegistry: opts.insecureRegistry, caFile: opts.caFile, dockerConfig: opts.dockerConfig }));
    });

  return cli;
}

async function main(): Promise<void> {
  let code: ExitCode = EXIT.ok;
  const cli = program((c) => {
    code = c;
  });
  try {
    await cli.parseAsync(process.argv);
    process.exitCode = code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version are not errors; everything else commander rejects is a usage error.
      process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    process.stderr.write(`kubewhy: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = EXIT.usage;
  }
}

await main();
