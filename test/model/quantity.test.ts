import { describe, expect, it } from 'vitest';
import { formatBytesQuantity, formatCpu, goMemLimitFor, parseGoByteCount, parseQuantity, toGoByteCount } from '../../src/model/quantity.js';

describe('parseQuantity', () => {
  it.each([
    ['500m', 0.5],
    ['1.5', 1.5],
    ['128Mi', 128 * 2 ** 20],
    ['1G', 1e9],
    ['1e3', 1000],
    [2, 2],
  ] as const)('%s', (input, want) => expect(parseQuantity(input)).toBeCloseTo(want));
  it.each(['512MB', '1 Gi', 'abc', ''])('rejects %s', (input) => expect(parseQuantity(input)).toBeUndefined());
});

describe('parseGoByteCount (runtime.parseByteCount)', () => {
  it.each([
    ['536870912', 536870912],
    ['512B', 512],
    ['512KiB', 512 * 1024],
    ['512MiB', 512 * 2 ** 20],
    ['2GiB', 2 * 2 ** 30],
    ['1TiB', 2 ** 40],
    ['9223372036854775807', 2 ** 63],
  ])('accepts %s', (input, want) => expect(parseGoByteCount(input)).toBe(want));
  it.each(['512Mi', '512M', '512MB', '1e9', '1.5GiB', '512mib', '', 'B', 'MiB', '-1', ' 512MiB', '1PiB', '99999999999999999999', '9223372036854775808', '8388608TiB'])(
    'rejects %s',
    (input) => expect(parseGoByteCount(input)).toBeUndefined(),
  );
});

describe('toGoByteCount', () => {
  it.each([
    ['512Mi', '512MiB'],
    ['2Gi', '2GiB'],
    ['1G', '1000000000'],
    ['512M', '512000000'],
    ['1e9', '1000000000'],
  ])('%s → %s', (input, want) => expect(toGoByteCount(input)).toBe(want));
  it('gives up on non-quantities', () => expect(toGoByteCount('lots')).toBeUndefined());
});

describe('goMemLimitFor', () => {
  it('leaves 10 % headroom in MiB', () => expect(goMemLimitFor(512 * 2 ** 20)).toBe('460MiB'));
  it('takes another ratio', () => expect(goMemLimitFor(2 ** 30, 0.8)).toBe('819MiB'));
});

describe('formatting', () => {
  it('formats bytes and cores', () => {
    expect(formatBytesQuantity(256 * 2 ** 20)).toBe('256Mi');
    expect(formatCpu(0.25)).toBe('250m');
    expect(formatCpu(2)).toBe('2');
  });
});
