import { Command, InvalidArgumentError, Option } from '@commander-js/extra-typings';
import { EXIT, type ExitCode } from './exit.js';
import { parseSize } from './options.js';

/** `kubewhy webhook serve|certs`; the server code loads only when a subcommand runs. */
export function webhookCommand(setExit: (code: ExitCode) => void): Command {
  // addCommand() copies no settings from the program: errors must still throw (exit 2), not exit 1.
  const webhook = new Command('webhook')
    .description('Validating admission webhook: run the manifest rules on objects as they reach the API server')
    .showHelpAfterError()
    .exitOverride();

  webhook
    .command('serve')
    .description('Serve AdmissionReview v1 on HTTPS POST /validate; /metrics, /healthz, /readyz on a plain-HTTP side port')
    .requiredOption('--cert <file>', 'serving certificate (PEM); reloaded when it changes')
    .requiredOption('--key <file>', 'its private key (PEM); reloaded when it changes')
    .option('--port <n>', 'HTTPS port', parsePort, 8443)
    .option('--host <addr>', 'address to listen on', '0.0.0.0')
    .option('--metrics-port <n>', 'plain-HTTP port for /metrics, /healthz, /readyz', parsePort, 8080)
    .option('-c, --config <file>', 'config file with a webhook: section (default: .kubewhy.yaml in the working directory)')
    .addOption(new Option('--log <format>', 'log lines on stderr').choices(['text', 'json', 'none'] as const).default('text' as const))
    .option('--max-body <size>', 'largest AdmissionReview accepted, e.g. 8MB (default 4MiB; 413 above)', parseSize)
    .option('--drain-timeout <seconds>', 'on SIGTERM, how long in-flight reviews may take before connections close', parseSeconds, 25)
    .action(async (opts) => {
      const { serveWebhook } = await import('../server/webhook/serve.js');
      setExit(
        await serveWebhook({
          cert: opts.cert,
          key: opts.key,
          port: opts.port,
          host: opts.host,
          metricsPort: opts.metricsPort,
          config: opts.config,
          log: opts.log,
          maxBodyBytes: opts.maxBody,
          drainTimeoutMs: opts.drainTimeout * 1000,
        }),
      );
    });

  webhook
    .command('certs')
    .description('Generate a CA and a serving certificate for the webhook Service; prints the caBundle')
    .requiredOption('--out <dir>', 'directory for ca.crt, ca.key, tls.crt, tls.key')
    .requiredOption('--service <name>', 'the webhook Service name')
    .requiredOption('-n, --namespace <ns>', "the Service's namespace")
    .option('--host <name-or-ip>', 'extra DNS name or IP address in the certificate (repeatable), e.g. 127.0.0.1', collect, [] as string[])
    .option('--days <n>', 'validity in days', parseDays, 365)
    .action(async (opts) => {
      const { writeWebhookCerts } = await import('../server/webhook/write-certs.js');
      setExit(await writeWebhookCerts({ out: opts.out, service: opts.service, namespace: opts.namespace, hosts: opts.host, days: opts.days }));
    });

  webhook.action(() => {
    webhook.outputHelp({ error: true });
    setExit(EXIT.usage);
  });
  return webhook;
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`expected a port number, got "${value}"`);
  return n;
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`expected seconds, got "${value}"`);
  return n;
}

function parseDays(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`expected a whole number of days, got "${value}"`);
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
