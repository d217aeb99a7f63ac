import { describe, expect, it } from 'vitest';
import { AS_WRITTEN, TWO_FOR_ONE, writtenColumns, type ReadStep } from '../../parsers/written-columns.js';

describe('writtenColumns', () => {
  // `\u` and four digits read as one character, `\U` and eight as two (a code point past U+FFFF), `~~` as one `~`.
  const written = 'a\\u00e9b~~c\\U0001F600d';
  const step = (at: number): ReadStep => {
    if (written[at] === '\\') return written[at + 1] === 'U' ? { length: 10, units: 2 } : { length: 6, units: 1 };
    return written.startsWith('~~', at) ? TWO_FOR_ONE : AS_WRITTEN;
  };

  it.each([
    ['before the text', -3, 1],
    ['at its start', 1, 1],
    ['an escape', 2, 2],
    ['after an escape', 3, 8],
    ['a doubled character', 4, 9],
    ['after it', 5, 11],
    ['the first unit of a code point past U+FFFF', 6, 12],
    ['its second unit, inside the escape', 7, 12],
    ['after it', 8, 22],
    ['the end', 9, 23],
    ['past the end', 12, 23],
  ])('reads %s (column %i) at written column %i', (_what, column, expected) => {
    expect(writtenColumns(written, step)(column)).toBe(expected);
  });

  it('reads a text without escapes as written', () => {
    const columns = writtenColumns('plain', () => AS_WRITTEN);
    expect([0, 1, 3, 6, 9].map(columns)).toEqual([1, 1, 3, 6, 6]);
  });

  it('ends a range where the character before it is written: before an escape that reads as nothing, after a longer one', () => {
    // `|` and a line break read as nothing (an escaped line break), `%%` as one `%`: "ab%c" written "ab|\n  %%c".
    const text = 'ab|\n  %%c';
    const step = (at: number): ReadStep => (text.startsWith('|\n  ', at) ? { length: 4, units: 0 } : text.startsWith('%%', at) ? TWO_FOR_ONE : AS_WRITTEN);
    const [starts, ends] = [writtenColumns(text, step), writtenColumns(text, step, true)];
    // A start at `%` is past the escaped break; an end after `b` is before it; an end after `%` is after both of its characters.
    expect([starts(3), ends(3), ends(4), ends(5), ends(1), ends(9)]).toEqual([7, 3, 9, 10, 1, 10]);
  });
});
