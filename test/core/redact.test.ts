import { describe, expect, it } from 'vitest';
import { redact } from '../../src/core/redact.js';

describe('redact', () => {
  it.each([
    ['dial postgres://app:s3cr3t@db:5432/shop failed', 'dial postgres://app:<redacted>@db:5432/shop failed'],
    ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc.def', 'Authorization: Bearer <redacted>'],
    ['DB_PASSWORD=hunter22 and token: "abc def"', 'DB_PASSWORD=<redacted> and token: <redacted>'],
    ['using ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'using <redacted token>'],
    ['key AKIAIOSFODNN7EXAMPLE here', 'key <redacted token> here'],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----', '<redacted private key>'],
  ])('%s', (input, want) => {
    expect(redact(input)).toBe(want);
  });

  it('leaves ordinary text alone', () => {
    for (const text of [
      'Failed to pull image "registry.example.com/shop/api:v1.2.4": not found',
      'failed to authorize: failed to fetch anonymous token: unexpected status: 403 Forbidden',
    ]) expect(redact(text)).toBe(text);
  });
});
