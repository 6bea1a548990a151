import { resolve } from 'node:path';
import { loadConfig, unknownRuleIds } from '../../core/config-load.js';
import { formatInputError } from '../../core/finding.js';
import { RULES } from '../../rules/index.js';
import { EXIT, type ExitCode } from '../../cli/exit.js';
import { startOpsEndpoints } from '../ops-endpoints.js';
import { webhookLog, type LogFormat } from './log.js';
import { webhookMetrics } from './metrics.js';
import { admissionRuleSet } from './rule-set.js';
import { startWebhookServer, VALIDATE_PATH } from './server.js';

export interface ServeFlags {
  cert: string;
  key: string;
  port: number;
  host: string;
  metricsPort: number;
  config?: string;
  log: LogFormat;
  maxBodyBytes?: number;
  drainTimeoutMs: number;
}

/** Runs until SIGTERM or SIGINT, then drains and exits 0; bad config or certificates exit 2 at once. */
export async function serveWebhook(flags: ServeFlags): Promise<ExitCode> {
  const log = webhookLog(flags.log);
  const { config, errors } = await loadConfig(process.cwd(), flags.config);
  const unknown = unknownRuleIds(config, RULES.map((r) => r.meta.id));
  if (errors.length > 0 || unknown.length > 0) {
    for (const e of errors) process.stderr.write(`kubewhy: ${formatInputError(e)}\n`);
    for (const id of unknown) process.stderr.write(`kubewhy: ${config.file ?? '.kubewhy.yaml'}: unknown rule "${id}" (see kubewhy rules)\n`);
    return EXIT.usage;
  }
  const rules = admissionRuleSet(RULES, config);
  const metrics = webhookMetrics();
  let server;
  try {
    server = await startWebhookServer({
      port: flags.port,
      host: flags.host,
      files: { cert: resolve(flags.cert), key: resolve(flags.key) },
      rules,
      metrics,
      log,
      maxBodyBytes: flags.maxBodyBytes,
      drainTimeoutMs: flags.drainTimeoutMs,
    });
  } catch (err) {
    process.stderr.write(`kubewhy webhook: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.usage;
  }
  const webhook = server;
  let ops;
  try {
    ops = await startOpsEndpoints({ port: flags.metricsPort, host: flags.host, registry: metrics.registry, notReady: webhook.notReady });
  } catch (err) {
    await webhook.shutdown();
    process.stderr.write(`kubewhy webhook: metrics port ${flags.metricsPort}: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.usage;
  }
  log.info('listening', {
    https: `${flags.host}:${webhook.port}${VALIDATE_PATH}`,
    ops: `${flags.host}:${ops.port}`,
    rules: rules.rules.length,
    config: config.file ?? '(defaults)',
  });

  const signal = await new Promise<NodeJS.Signals>((done) => {
    process.once('SIGTERM', () => done('SIGTERM'));
    process.once('SIGINT', () => done('SIGINT'));
  });
  log.info('draining', { signal });
  const { drained } = await webhook.shutdown();
  await ops.close();
  log.info('stopped', { drained });
  return EXIT.ok;
}
