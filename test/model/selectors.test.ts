import { describe, expect, it } from 'vitest';
import { isEmptySelector, parseLabelSelector, selectorMatches } from '../../src/model/selectors.js';

const pod = { app: 'api', tier: 'web', track: 'stable' };

describe('parseLabelSelector', () => {
  it('reads matchLabels and matchExpressions', () => {
    expect(parseLabelSelector({ matchLabels: { app: 'api' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] })).toEqual({
      matchLabels: { app: 'api' },
      matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }],
    });
  });
  it('coerces YAML scalars in matchLabels the way labels are coerced', () => {
    expect(parseLabelSelector({ matchLabels: { v: 1, on: true } })?.matchLabels).toEqual({ v: '1', on: 'true' });
  });
  it.each([
    ['missing', undefined],
    ['not a mapping', 'app=api'],
    ['unknown operator', { matchExpressions: [{ key: 'a', operator: 'Equals', values: ['x'] }] }],
    ['In without values', { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }],
    ['Exists with values', { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }],
    ['nested matchLabels value', { matchLabels: { a: { b: 'c' } } }],
  ])('rejects %s', (_name, v) => {
    expect(parseLabelSelector(v)).toBeUndefined();
  });
  it('an empty selector is empty', () => {
    expect(isEmptySelector(parseLabelSelector({})!)).toBe(true);
    expect(isEmptySelector(parseLabelSelector({ matchLabels: { a: 'b' } })!)).toBe(false);
  });
});

describe('selectorMatches', () => {
  const m = (sel: unknown, labels: Record<string, string> = pod): boolean =>
    selectorMatches(parseLabelSelector(sel as Parameters<typeof parseLabelSelector>[0])!, labels);

  it('empty selector matches everything', () => expect(m({})).toBe(true));
  it('matchLabels must all match', () => {
    expect(m({ matchLabels: { app: 'api', tier: 'web' } })).toBe(true);
    expect(m({ matchLabels: { app: 'api', tier: 'db' } })).toBe(false);
    expect(m({ matchLabels: { missing: '' } })).toBe(false);
  });
  it('In', () => {
    expect(m({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['db', 'web'] }] })).toBe(true);
    expect(m({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['db'] }] })).toBe(false);
    expect(m({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] })).toBe(false);
  });
  it('NotIn matches an absent key', () => {
    expect(m({ matchExpressions: [{ key: 'track', operator: 'NotIn', values: ['canary'] }] })).toBe(true);
    expect(m({ matchExpressions: [{ key: 'track', operator: 'NotIn', values: ['stable'] }] })).toBe(false);
    expect(m({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] })).toBe(true);
  });
  it('Exists and DoesNotExist', () => {
    expect(m({ matchExpressions: [{ key: 'app', operator: 'Exists' }] })).toBe(true);
    expect(m({ matchExpressions: [{ key: 'zone', operator: 'Exists' }] })).toBe(false);
    expect(m({ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] })).toBe(true);
    expect(m({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] })).toBe(false);
  });
  it('matchLabels and matchExpressions are ANDed', () => {
    expect(m({ matchLabels: { app: 'api' }, matchExpressions: [{ key: 'track', operator: 'In', values: ['canary'] }] })).toBe(false);
  });
  it('does not match inherited object keys', () => {
    expect(m({ matchExpressions: [{ key: 'constructor', operator: 'Exists' }] }, {})).toBe(false);
  });
});
