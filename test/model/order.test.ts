import { describe, expect, it } from 'vitest';
import { sortTexts } from '../../src/model/order.js';

describe('sortTexts', () => {
  it.each([
    [[]],
    [['b', 'a']],
    [['resource', 'principal', 'role']],
    [['b', 'B', 'a', 'A', '_', '10', '9', 'é', 'z']], // by UTF-16 code units, never by the locale
    [['\u{1F600}', '\uFFFF', 'a']], // a surrogate pair sorts by its code units, below U+FFFF
    [['k', 'j', 'i', 'h', 'g', 'f', 'e', 'd', 'c', 'b', 'a']], // past the few sorted by insertion
  ])('sorts %j in place as sort() does', (texts) => {
    const expected = [...texts].sort();
    expect(sortTexts(texts)).toBe(texts);
    expect(texts).toEqual(expected);
  });
});
