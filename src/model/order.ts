/** Orders strings the same way on every machine: by UTF-16 code units, as `<` does, never by the locale's collation. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Orders strings by their UTF-8 bytes, as Go compares strings (Terraform's sets of strings, `fileset()`): by code point.
 * UTF-16 code units differ from that only where a character past U+FFFF (a surrogate pair) meets one of U+E000-U+FFFF.
 */
export function compareUtf8(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const left = a.charCodeAt(index);
    const right = b.charCodeAt(index);
    if (left !== right) return codePointRank(left) - codePointRank(right);
  }
  return a.length - b.length;
}

/** A UTF-16 code unit ranked as the code points it starts: surrogates (U+D800-U+DFFF) after U+E000-U+FFFF. */
function codePointRank(unit: number): number {
  return unit >= 0xd800 && unit <= 0xdfff ? unit + 0x2000 : unit >= 0xe000 ? unit - 0x800 : unit;
}

/**
 * Sorts strings in place as `sort()` does by default (by UTF-16 code units), by insertion for a few: `sort()` allocates
 * its work space on every call (0.9 kB), which for the message data keys of thousands of findings was most of what their
 * fingerprints allocated.
 */
export function sortTexts(texts: string[]): string[] {
  if (texts.length > 8) return texts.sort();
  for (let sorted = 1; sorted < texts.length; sorted++) {
    const text = texts[sorted]!;
    let index = sorted;
    for (; index > 0 && texts[index - 1]! > text; index--) texts[index] = texts[index - 1]!;
    texts[index] = text;
  }
  return texts;
}

/** The position of the last number of `sorted` (ascending) that is at most `value`, 0 where none is: by binary search. */
export function lastAtOrBefore(sorted: readonly number[], value: number): number {
  let low = 0;
  for (let high = sorted.length - 1; low < high; ) {
    const middle = (low + high + 1) >> 1;
    if (sorted[middle]! <= value) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** Where each line of a text starts, ascending: `lastAtOrBefore` gives the 0-based line of an offset. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

/**
 * 1-based positions in a text as an editor shows them. Parsers place an error at the end of a text that ends with a line
 * break on the line after it, which no editor shows: that is the end of the last line. The text's lines are counted
 * once, for all the positions asked (a binary file has hundreds of syntax errors).
 */
export function shownPositions(text: string): (line: number, column: number) => { line: number; column: number } {
  let starts: number[] | undefined;
  return (line, column) => {
    starts ??= lineStarts(text);
    const lines = text.endsWith('\n') ? starts.length - 1 : starts.length;
    if (line <= lines || lines === 0) return { line, column };
    const lastLine = text.slice(starts[lines - 1], text.length - 1).replace(/\r$/, '');
    return { line: lines, column: lastLine.length + 1 };
  };
}
