/** Orders strings the same way on every machine: by UTF-16 code units, as `<` does, never by the locale's collation. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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
