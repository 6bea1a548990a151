import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';

export interface CertFiles {
  cert: string;
  key: string;
}

export interface CertPair {
  cert: string;
  key: string;
  notAfter: Date;
  /** SHA-256 of the certificate, to tell a rotation from a rewrite of the same bytes. */
  fingerprint: string;
}

/**
 * Reads and checks a PEM certificate and its key. Errors name the file and never quote it:
 * the key file is a secret.
 */
export function readCertPair(files: CertFiles): CertPair {
  const cert = readPem(files.cert, 'certificate');
  const key = readPem(files.key, 'key');
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch (err) {
    throw new Error(`${files.cert}: not a PEM certificate (${message(err)})`);
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    throw new Error(`${files.key}: not a PEM private key`);
  }
  if (!x509.checkPrivateKey(privateKey)) throw new Error(`${files.key}: the key does not belong to the certificate in ${files.cert}`);
  return { cert, key, notAfter: new Date(x509.validTo), fingerprint: x509.fingerprint256 };
}

function readPem(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`${file}: cannot read the ${what} (${(err as NodeJS.ErrnoException).code ?? message(err)})`);
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export interface CertWatcher {
  stop(): void;
}

/**
 * Calls `onChange` with a new, valid pair whenever the files change. A Secret volume updates by
 * pointing the `..data` symlink at a new directory (an atomic rename in the directory), which a
 * watch on the files themselves would miss, so the directories are watched. A half-written
 * rotation (new cert, old key) fails the key check and is retried on the next event; a poll
 * covers filesystems where watches do not fire (some network and overlay mounts).
 */
export function watchCertFiles(
  files: CertFiles,
  current: CertPair,
  onChange: (pair: CertPair) => void,
  onError: (err: Error) => void,
  opts: { debounceMs?: number; pollMs?: number } = {},
): CertWatcher {
  let inUse = current;
  let lastError = '';
  let timer: NodeJS.Timeout | undefined;
  const check = (): void => {
    let pair: CertPair;
    try {
      pair = readCertPair(files);
    } catch (err) {
      const msg = message(err);
      // A watch fires several times per rotation; one line per distinct problem is enough.
      if (msg !== lastError) onError(new Error(msg));
      lastError = msg;
      return;
    }
    lastError = '';
    if (pair.fingerprint === inUse.fingerprint && pair.key === inUse.key) return;
    inUse = pair;
    onChange(pair);
  };
  const soon = (): void => {
    clearTimeout(timer);
    timer = setTimeout(check, opts.debounceMs ?? 100);
    timer.unref();
  };
  const watchers: FSWatcher[] = [];
  for (const dir of new Set([dirname(files.cert), dirname(files.key)])) {
    try {
      const w = watch(dir, { persistent: false }, soon);
      w.on('error', (err) => onError(new Error(`${dir}: watch failed (${err.message}); relying on polling`)));
      watchers.push(w);
    } catch (err) {
      onError(new Error(`${dir}: cannot watch (${message(err)}); relying on polling`));
    }
  }
  const poll = setInterval(check, opts.pollMs ?? 30_000);
  poll.unref();
  return {
    stop() {
      clearTimeout(timer);
      clearInterval(poll);
      for (const w of watchers) w.close();
    },
  };
}
