import { X509Certificate, createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateWebhookCerts, serviceDnsNames } from '../../../src/server/webhook/certs.js';

describe('webhook certs', () => {
  const now = new Date('2026-11-25T12:00:00Z');
  const g = generateWebhookCerts({ service: 'kubewhy-webhook', namespace: 'kubewhy', hosts: ['127.0.0.1', 'webhook.example.test', '::1'], days: 30, now });
  const ca = new X509Certificate(g.caCert);
  const leaf = new X509Certificate(g.cert);

  it('names the Service every way a client can dial it, plus the extra hosts', () => {
    expect(serviceDnsNames('kubewhy-webhook', 'kubewhy')).toEqual(['kubewhy-webhook', 'kubewhy-webhook.kubewhy', 'kubewhy-webhook.kubewhy.svc', 'kubewhy-webhook.kubewhy.svc.cluster.local']);
    expect(leaf.subjectAltName).toBe(
      'DNS:kubewhy-webhook, DNS:kubewhy-webhook.kubewhy, DNS:kubewhy-webhook.kubewhy.svc, DNS:kubewhy-webhook.kubewhy.svc.cluster.local, DNS:webhook.example.test, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
    );
    expect(leaf.checkHost('kubewhy-webhook.kubewhy.svc')).toBe('kubewhy-webhook.kubewhy.svc');
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(leaf.checkHost('other.kubewhy.svc')).toBeUndefined();
  });

  it('is a serving certificate signed by the CA, which is a CA and nothing else', () => {
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(leaf.checkPrivateKey(createPrivateKey(g.key))).toBe(true);
    expect(ca.checkPrivateKey(createPrivateKey(g.caKey))).toBe(true);
  });

  it('is valid from an hour before now for the requested days', () => {
    expect(new Date(leaf.validFrom).toISOString()).toBe('2026-11-25T11:00:00.000Z');
    expect(new Date(leaf.validTo).toISOString()).toBe('2026-12-25T12:00:00.000Z');
  });

  it('gives the caBundle as base64 of the CA PEM', () => {
    expect(Buffer.from(g.caBundle, 'base64').toString()).toBe(g.caCert);
  });
});
