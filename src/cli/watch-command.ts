import { hostname } from 'node:os';
import { formatInputError } from '../core/finding.js';
import { loadConfig } from '../core/config-load.js';
import type { Remediation } from '../watch/flags.js';
import { EXIT, type ExitCode } from './exit.js';

export interface WatchFlags {
  namespace?: string;
  allNamespaces?: boolean;
  kubeconfig?: string;
  context?: string;
  config?: string;
  metricsPort: number;
  metricsHost: string;
  leaderElect?: boolean;
  leaderElectNamespace?: string;
  leaderElectLeaseName: string;
  leaderElectLeaseDuration: number;
  leaderElectRenewDeadline: number;
  leaderElectRetryPeriod: number;
  identity?: string;
  remediate?: string[];
  apply?: boolean;
  jobTtl: number;
  logFormat: 'text' | 'json';
  debounce: number;
}

/**
 * `kubewhy watch`: runs until SIGTERM/SIGINT, then stops the watches, finishes the Event being
 * written, releases the Lease and exits 0. A bad kubeconfig or an occupied metrics port ends it
 * at once with one line on stderr.
 */
export async function runWatch(flags: WatchFlags): Promise<ExitCode> {
  if (flags.leaderElectRenewDeadline >= flags.leaderElectLeaseDuration) {
    process.stderr.write('kubewhy watch: --leader-elect-renew-deadline must be shorter than --leader-elect-lease-duration\n');
    return EXIT.usage;
  }
  const { config, errors } = await loadConfig(process.cwd(), flags.config);
  for (const e of errors) process.stderr.write(`kubewhy: ${formatInputError(e)}\n`);
  if (errors.length > 0) return EXIT.usage;

  const { connect, ConnectError } = await import('../watch/api.js');
  const { createLogger } = await import('../watch/log.js');
  const { WatchController } = await import('../watch/controller.js');
  const { startOpsEndpoints } = await import('../server/ops-endpoints.js');
  const { RULES } = await import('../rules/index.js');
  const log = createLogger(flags.logFormat);

  let api;
  try {
    api = await connect({ ...(flags.kubeconfig !== undefined ? { kubeconfig: flags.kubeconfig } : {}), ...(flags.context !== undefined ? { context: flags.context } : {}) });
  } catch (err) {
    if (err instanceof ConnectError) {
      process.stderr.write(`kubewhy watch: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
  const namespace = flags.allNamespaces ? undefined : (flags.namespace ?? api.defaultNamespace);
  const identity = flags.identity ?? process.env.POD_NAME ?? `${hostname()}_${process.pid}`;
  const controller = new WatchController({
    api,
    namespace,
    config,
    rules: RULES,
    log,
    identity,
    debounceMs: flags.debounce,
    remediate: new Set((flags.remediate ?? []) as Remediation[]),
    apply: flags.apply === true,
    jobTtlSeconds: flags.jobTtl,
    ...(flags.leaderElect
      ? {
          leaderElection: {
            namespace: flags.leaderElectNamespace ?? namespace ?? api.defaultNamespace,
            name: flags.leaderElectLeaseName,
            leaseDurationSeconds: flags.leaderElectLeaseDuration,
            renewDeadlineSeconds: flags.leaderElectRenewDeadline,
            retryPeriodSeconds: flags.leaderElectRetryPeriod,
          },
        }
      : {}),
  });
  let ops;
  try {
    ops = await startOpsEndpoints({ port: flags.metricsPort, host: flags.metricsHost, registry: controller.metrics.registry, notReady: () => controller.notReady() });
  } catch (err) {
    process.stderr.write(`kubewhy watch: cannot serve metrics on ${flags.metricsHost}:${flags.metricsPort}: ${(err as NodeJS.ErrnoException).code ?? String(err)}\n`);
    return EXIT.usage;
  }
  log.info('serving /metrics, /healthz, /readyz', { address: `${flags.metricsHost}:${ops.port}`, port: ops.port });
  controller.start();

  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      log.info('shutting down', { signal });
      resolve();
    };
    const onTerm = (): void => stop('SIGTERM');
    const onInt = (): void => stop('SIGINT');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
  });
  await controller.stop();
  await ops.close();
  return EXIT.ok;
}
