import { InvalidArgumentError } from '@commander-js/extra-typings';
import { describe, expect, it } from 'vitest';
import { parsePort, parseRemediations, parseSeconds } from '../../src/watch/flags.js';

describe('kubewhy watch flag parsers', () => {
  it('durations: plain seconds, s and m suffixes, fractions', () => {
    expect([parseSeconds('15'), parseSeconds('10s'), parseSeconds('2m'), parseSeconds('0.5s')]).toEqual([15, 10, 120, 0.5]);
    for (const bad of ['0', '-1s', '1h', 'soon']) expect(() => parseSeconds(bad)).toThrow(new InvalidArgumentError(`expected a duration like 15s, got "${bad}"`));
  });

  it('ports 0-65535', () => {
    expect(parsePort('0')).toBe(0);
    expect(parsePort('8080')).toBe(8080);
    expect(() => parsePort('65536')).toThrow('expected a port (0-65535), got "65536"');
  });

  it('remediations: comma lists, repeatable, known names only', () => {
    expect(parseRemediations('ttl, restart-on-subpath')).toEqual(['ttl', 'restart-on-subpath']);
    expect(parseRemediations('restart-on-subpath', ['ttl'])).toEqual(['ttl', 'restart-on-subpath']);
    expect(() => parseRemediations('ttl,delete-pods')).toThrow('unknown remediation "delete-pods" (known: ttl, restart-on-subpath)');
  });
});
