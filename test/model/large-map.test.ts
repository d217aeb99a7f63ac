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
});
