import { describe, expect, it } from 'vitest';
import { columnBeforeReplacements } from '../../src/model/location.js';

describe('columnBeforeReplacements', () => {
  // "ab" + a 5-character replacement of 2 written characters + "cd": written "ab12cd", read "abXXXXXcd".
  const read = 'abXXXXXcd';
  const replacement = (at: number) => (read.startsWith('XXXXX', at) ? ([5, 2] as const) : undefined);

  it('maps columns before, after and past a replacement to where they were written', () => {
    expect(columnBeforeReplacements(read, 1, replacement)).toBe(1);
    expect(columnBeforeReplacements(read, 3, replacement)).toBe(3);
    expect(columnBeforeReplacements(read, 8, replacement)).toBe(5);
    expect(columnBeforeReplacements(read, 9, replacement)).toBe(6);
    // Past the line's end (the position after its last character), columns count on one by one.
    expect(columnBeforeReplacements(read, 11, replacement)).toBe(8);
  });

  it('leaves a line without replacements as it is', () => {
    expect(columnBeforeReplacements('abcdef', 4, () => undefined)).toBe(4);
  });
});
