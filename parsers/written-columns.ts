/**
 * Columns of a text read back to where it is written, for text written with escapes (a quoted YAML or JSON string, a
 * `Fn::Sub` template, an HCL heredoc), which are written longer than what they read as.
 */

import { lastAtOrBefore } from '../src/model/order.js';

/** What the written text holds at an offset: `length` written characters that read as `units` characters. */
export interface ReadStep {
  length: number;
  units: number;
}

/** A character written as it reads. */
export const AS_WRITTEN: ReadStep = { length: 1, units: 1 };
/** Two characters written for one (`''` in a single-quoted YAML string, `$${` in a heredoc). */
export const TWO_FOR_ONE: ReadStep = { length: 2, units: 1 };

/**
 * The column in `written` (1-based) of each column of the text it reads as, `step` telling how it reads from each
 * offset; a column inside what one step reads as (a code point past U+FFFF, two UTF-16 units) is the step's own, and
 * a column past the end is past the written end. Read once: a finding locates its start and end in the text, and a
 * long text (a policy in one `Fn::Sub`) holds thousands of findings, each found among the escapes by binary search.
 * With `ends`, each column ends a range: it is written where the character before it ends (past an escaped line break
 * that reads as nothing, the end stays before the break, where the range's last character is).
 */
export function writtenColumns(written: string, step: (at: number) => ReadStep, ends = false): (column: number) => number {
  // The stretches written as they read: the text's start and each escape's end, and how many characters follow it
  // before the next escape.
  const readStarts = [1];
  const writtenStarts = [0];
  const plainLengths: number[] = [];
  let read = 1;
  for (let at = 0; at < written.length; ) {
    const { length, units } = step(at);
    if (length === 1 && units === 1) {
      at++;
      read++;
      continue;
    }
    plainLengths.push(read - readStarts[readStarts.length - 1]!);
    read += units;
    at += length;
    readStarts.push(read);
    writtenStarts.push(at);
  }
  plainLengths.push(read - readStarts[readStarts.length - 1]!);
  return (column) => {
    if (ends && column > 1) {
      // The written end of the character before: in a stretch written as read, the next written character; else the
      // end of the step that reads it.
      const before = lastAtOrBefore(readStarts, column - 1);
      const inside = column - 1 - readStarts[before]!;
      if (inside >= 0 && inside < plainLengths[before]!) return writtenStarts[before]! + inside + 2;
      if (inside >= 0 && before + 1 < writtenStarts.length) return writtenStarts[before + 1]! + 1;
    }
    const low = lastAtOrBefore(readStarts, column);
    return writtenStarts[low]! + Math.min(Math.max(column - readStarts[low]!, 0), plainLengths[low]!) + 1;
  };
}
