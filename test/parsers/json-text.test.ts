import { describe, expect, it } from 'vitest';
import { JsonCursor, pathRange, stringEnd } from '../../parsers/json-text.js';

/** Character by character, as JSON reads a string: a backslash escapes the character after it. */
function endByReading(text: string, start: number): number {
  for (let index = start + 1; index < text.length; index++) {
    if (text[index] === '\\') index++;
    else if (text[index] === '"') return index + 1;
  }
  return text.length;
}

describe('stringEnd', () => {
  const texts = [
    '"plain" tail',
    '"a\\"b" tail',
    '"a\\\\" "b"',
    '"a\\\\\\"b" "c"',
    '"\\"" ',
    '"\\\\"',
    '"{\\n  \\"Version\\": \\"2012-10-17\\",\\n  \\"Sid\\": \\"a\\\\\\\\b\\"\\n}","next":1',
    '"\\u0022" "x"',
    '"never closed \\"',
    // Many escaped quotes, with escaped backslashes before some of them.
    '"a\\"b\\"c\\"d\\"e\\\\\\"f\\\\" "g"',
    '"a\\"b\\"c\\"d\\"e\\"f\\"g\\"',
    // Long runs of escapes: closed, unclosed, and ending the text on a backslash.
    `"${'\\"x\\n'.repeat(300)}" "y"`,
    `"${'\\"x'.repeat(300)}`,
    `"${'\\"'.repeat(300)}\\`,
    `"${'\\\\'.repeat(130)}\\"" "z"`,
    '"ends on a backslash \\',
    '""',
  ];

  it('ends each string where reading it character by character ends it, escapes of quotes and backslashes in any number', () => {
    for (const text of texts) expect([text, stringEnd(text, 0)]).toEqual([text, endByReading(text, 0)]);
  });

  it('reads a string of millions of escaped quotes to its end', () => {
    const text = `"${'a\\"'.repeat(5_000_000)}" "b"`;
    expect(stringEnd(text, 0)).toBe(text.length - 4);
    expect(stringEnd(text.slice(0, -5), 0)).toBe(text.length - 5);
  });

  it('starts at the opening quote given, not at the text start', () => {
    const text = 'x"\\\\"y"a\\"b"';
    expect(stringEnd(text, 1)).toBe(5);
    expect(stringEnd(text, 6)).toBe(text.length);
  });
});

describe('pathRange with the end of the value known', () => {
  const text = '{"a":{"p":"x\\"y","q":1},"a":{"p":"{\\"k\\":\\"v\\"}","q":2}}';
  const walked = pathRange(new JsonCursor(text), [0, text.length], ['a', 'p']);

  it('takes the end it is told where it ends a value, at the last writing of a key', () => {
    const asked: number[] = [];
    const known = pathRange(new JsonCursor(text), [0, text.length], ['a', 'p'], (start) => (asked.push(start), stringEnd(text, start)));
    expect(known).toEqual(walked);
    expect(text.slice(known.valueStart, known.end)).toBe('"{\\"k\\":\\"v\\"}"');
    // Asked at each writing the path leads to, not for the values around them.
    expect(asked).toEqual([text.indexOf('"x'), known.valueStart]);
  });

  it('walks the value where the end told is not where a value ends', () => {
    expect(pathRange(new JsonCursor(text), [0, text.length], ['a', 'p'], (start) => start + 2)).toEqual(walked);
    expect(pathRange(new JsonCursor(text), [0, text.length], ['a', 'p'], () => undefined)).toEqual(walked);
  });
});
