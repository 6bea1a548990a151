import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EXIT, type ExitCode } from '../../cli/exit.js';
import { generateWebhookCerts } from './certs.js';

export interface CertsFlags {
  out: string;
  service: string;
  namespace: string;
  hosts: string[];
  days: number;
}

/** Writes the four PEM files (keys owner-only) and prints the caBundle on stdout, so `$(kubewhy webhook certs …)` works. */
export async function writeWebhookCerts(flags: CertsFlags): Promise<ExitCode> {
  const g = generateWebhookCerts({ service: flags.service, namespace: flags.namespace, hosts: flags.hosts, days: flags.days });
  try {
    await mkdir(flags.out, { recursive: true });
    await writeFile(join(flags.out, 'ca.crt'), g.caCert);
    await writeFile(join(flags.out, 'ca.key'), g.caKey, { mode: 0o600 });
    await writeFile(join(flags.out, 'tls.crt'), g.cert);
    await writeFile(join(flags.out, 'tls.key'), g.key, { mode: 0o600 });
  } catch (err) {
    process.stderr.write(`kubewhy webhook certs: ${flags.out}: ${(err as NodeJS.ErrnoException).code ?? String(err)}\n`);
    return EXIT.usage;
  }
  process.stderr.write(
    `kubewhy webhook certs: wrote ca.crt, ca.key, tls.crt, tls.key to ${flags.out} (valid ${flags.days} days)\n` +
      `  SANs: ${[...g.dnsNames, ...g.ips].join(', ')}\n` +
      `  caBundle for the ValidatingWebhookConfiguration on stdout\n`,
  );
  process.stdout.write(`${g.caBundle}\n`);
  return EXIT.ok;
}
