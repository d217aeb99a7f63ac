import { describe, expect, it } from 'vitest';
import { LargeMap } from '../../src/model/large-map.js';

describe('LargeMap', () => {
  it('holds a value for each key, the last one set, as a Map does', () => {
    const map = new LargeMap<number>();
    const keys = Array.from({ length: 20_000 }, (_, index) => `module.team["t${index % 333}"].aws_iam_role.exec${index}`);
    keys.forEach((key, index) => map.set(key, index));
    map.set(keys[7]!, -7);
    expect(keys.every((key, index) => map.get(key) === (index === 7 ? -7 : index))).toBe(true);
    expect(map.has(keys[19_999]!)).toBe(true);
    expect(map.size).toBe(20_000);
  });

  it('holds the empty key, and has no value for a key never set', () => {
    const map = new LargeMap<string>();
    map.set('', 'empty');
    expect(map.get('')).toBe('empty');
    expect(map.has('a')).toBe(false);
    expect(map.get('module.a["k"]')).toBeUndefined();
  });

  it('tells whether setNew set a key it did not hold, and holds the value it set either way', () => {
    const map = new LargeMap<number>();
    const keys = Array.from({ length: 5_000 }, (_, index) => `aws_iam_policy.p${index}`);
    expect(keys.every((key, index) => map.setNew(key, index))).toBe(true);
    expect(map.setNew(keys[42]!, -42)).toBe(false);
    expect(map.setNew('', 0)).toBe(true);
    expect(map.setNew('', 1)).toBe(false);
    expect([map.get(keys[42]!), map.get(keys[43]!), map.get('')]).toEqual([-42, 43, 1]);
    expect(map.size).toBe(5_001);
  });
});
