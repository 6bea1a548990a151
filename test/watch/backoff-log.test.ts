import { describe, expect, it } from 'vitest';
import { backoffMs } from '../../src/watch/backoff.js';
import { createLogger } from '../../src/watch/log.js';

describe('backoffMs', () => {
  it('doubles from 500 ms to a 30 s cap, with jitter between half and all of it', () => {
    expect([0, 1, 2, 3, 10].map((a) => backoffMs(a, 500, 30_000, () => 1))).toEqual([500, 1000, 2000, 4000, 30_000]);
    expect([0, 1, 2, 3, 10].map((a) => backoffMs(a, 500, 30_000, () => 0))).toEqual([250, 500, 1000, 2000, 15_000]);
    expect(backoffMs(1000, 500, 30_000, () => 1)).toBe(30_000);
  });
});

describe('watch log lines', () => {
  it('JSON lines or key=value text, credentials redacted in both', () => {
    const lines: string[] = [];
    const json = createLogger('json', (l) => lines.push(l));
    json.warn('cannot publish: Authorization: Bearer abcdef0123456789', { error: 'token=s3cr3t-value', status: 401 });
    const rec = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(rec).toMatchObject({ level: 'warn', msg: 'cannot publish: Authorization: Bearer <redacted>', error: 'token=<redacted>', status: 401 });
    expect(typeof rec.time).toBe('string');
    const text = createLogger('text', (l) => lines.push(l));
    text.info('published', { event: 'shop/api.kubewhy-1', message: 'a b' });
    expect(lines[1]).toBe('kubewhy watch: info published event=shop/api.kubewhy-1 message="a b"\n');
  });
});
