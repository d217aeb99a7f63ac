import { describe, expect, it } from 'vitest';
import { compareUtf8, sortTexts } from '../../src/model/order.js';

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

describe('compareUtf8', () => {
  it('orders strings by code point, as Go orders their UTF-8 bytes: a character past U+FFFF after U+E000-U+FFFF', () => {
    expect(['😀.json', 'ｚ.json', 'a.json', 'ab', 'a'].sort(compareUtf8)).toEqual(['a', 'a.json', 'ab', 'ｚ.json', '😀.json']);
    // UTF-16 code units put the surrogate pair first.
    expect(['😀', 'ｚ'].sort()).toEqual(['😀', 'ｚ']);
    expect(compareUtf8('\u{1F600}', '\u{1F601}')).toBeLessThan(0);
    expect(compareUtf8('same', 'same')).toBe(0);
  });
});
