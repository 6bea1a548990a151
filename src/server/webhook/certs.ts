import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';

export interface CertRequest {
  service: string;
  namespace: string;
  /** Extra DNS names or IP addresses (e.g. 127.0.0.1 for a webhook registered by URL). */
  hosts?: readonly string[];
  days?: number;
  /** Fixed clock for tests. */
  now?: Date;
}

export interface GeneratedCerts {
  caCert: string;
  caKey: string;
  cert: string;
  key: string;
  /** What the ValidatingWebhookConfiguration's clientConfig.caBundle takes: the CA PEM, base64. */
  caBundle: string;
  dnsNames: string[];
  ips: string[];
}

/** The names the API server may dial a Service by; it uses `<svc>.<ns>.svc`, the rest cover other clients. */
export function serviceDnsNames(service: string, namespace: string): string[] {
  return [service, `${service}.${namespace}`, `${service}.${namespace}.svc`, `${service}.${namespace}.svc.cluster.local`];
}

/**
 * A private CA and a serving certificate it signs, for local clusters and tests (production
 * installs use cert-manager or their own PKI). Go's TLS stack, which the API server uses, checks
 * SANs only, so every name goes into subjectAltName. RSA keys come from node:crypto: forge's
 * pure-JS key generation takes seconds.
 */
export function generateWebhookCerts(req: CertRequest): GeneratedCerts {
  const now = req.now ?? new Date();
  const days = req.days ?? 365;
  const hosts = req.hosts ?? [];
  const ips = hosts.filter((h) => isIP(h) !== 0);
  const dnsNames = [...new Set([...serviceDnsNames(req.service, req.namespace), ...hosts.filter((h) => isIP(h) === 0)])];

  const ca = rsaKeys();
  const caCert = forge.pki.createCertificate();
  caCert.publicKey = ca.publicKey;
  caCert.serialNumber = serial();
  setValidity(caCert, now, days);
  const caSubject = [{ name: 'commonName', value: `kubewhy webhook CA (${req.namespace}/${req.service})` }];
  caCert.setSubject(caSubject);
  caCert.setIssuer(caSubject);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  caCert.sign(ca.privateKey, forge.md.sha256.create());

  const leaf = rsaKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = leaf.publicKey;
  cert.serialNumber = serial();
  setValidity(cert, now, days);
  cert.setSubject([{ name: 'commonName', value: `${req.service}.${req.namespace}.svc` }]);
  cert.setIssuer(caSubject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [...dnsNames.map((value) => ({ type: 2, value })), ...ips.map((ip) => ({ type: 7, ip }))] },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(ca.privateKey, forge.md.sha256.create());

  const caPem = forge.pki.certificateToPem(caCert);
  return {
    caCert: caPem,
    caKey: ca.pem,
    cert: forge.pki.certificateToPem(cert),
    key: leaf.pem,
    caBundle: Buffer.from(caPem).toString('base64'),
    dnsNames,
    ips,
  };
}

function rsaKeys(): { pem: string; privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const key = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  return { pem, privateKey: key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e) };
}

/** Positive (high bit clear), 16 random bytes, as RFC 5280 asks. */
function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

function setValidity(cert: forge.pki.Certificate, now: Date, days: number): void {
  // An hour back absorbs clock skew between the machine that signs and the API server.
  cert.validity.notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now.getTime() + days * 24 * 60 * 60 * 1000);
}
