import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

/** A throwaway PKI for the test registries: one CA, leaf certificates signed by it. */
export interface KeyPair {
  certPem: string;
  keyPem: string;
}

function rsaKeys(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey; keyPem: string } {
  // Node's native generator: node-forge's pure-JS RSA takes seconds on a busy 2-core machine.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const key = forge.pki.privateKeyFromPem(privateKey);
  return { privateKey: key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e), keyPem: privateKey };
}

function newCert(publicKey: forge.pki.PublicKey, subject: string, validity: { from: Date; to: Date }): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = validity.from;
  cert.validity.notAfter = validity.to;
  cert.setSubject([{ name: 'commonName', value: subject }]);
  return cert;
}

const DAY = 86_400_000;

export function createCa(name = 'kubewhy test CA'): KeyPair & { sign: (leaf: LeafSpec) => KeyPair } {
  const keys = rsaKeys();
  const cert = newCert(keys.publicKey, name, { from: new Date(Date.now() - DAY), to: new Date(Date.now() + 30 * DAY) });
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const sign = (leaf: LeafSpec): KeyPair => {
    const k = rsaKeys();
    const now = Date.now();
    const validity = leaf.expired ? { from: new Date(now - 10 * DAY), to: new Date(now - DAY) } : { from: new Date(now - DAY), to: new Date(now + 30 * DAY) };
    const c = newCert(k.publicKey, leaf.commonName, validity);
    c.setIssuer(cert.subject.attributes);
    const altNames = [...(leaf.ips ?? []).map((ip) => ({ type: 7, ip })), ...(leaf.dns ?? []).map((value) => ({ type: 2, value }))];
    c.setExtensions([
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
      ...(altNames.length ? [{ name: 'subjectAltName', altNames }] : []),
    ]);
    c.sign(keys.privateKey, forge.md.sha256.create());
    return { certPem: forge.pki.certificateToPem(c), keyPem: k.keyPem };
  };
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.keyPem, sign };
}

export interface LeafSpec {
  commonName: string;
  ips?: string[];
  dns?: string[];
  /** Valid until yesterday. */
  expired?: boolean;
}

/** Base64 DER of a PEM certificate, as a JWS `x5c` entry wants it. */
export function certDerBase64(certPem: string): string {
  return forge.util.encode64(forge.asn1.toDer(forge.pki.certificateToAsn1(forge.pki.certificateFromPem(certPem))).getBytes());
}
