import { isUtf8 } from 'node:buffer';

/** Why deputy does not read an entry whose name is not valid UTF-8, as its messages say it beside `shownName`. */
export const NOT_UTF8_NAME = 'its name is not valid UTF-8 (its invalid bytes shown as \\xNN)';

/**
 * A file name that is not valid UTF-8, as it can be shown: its valid UTF-8 as text, every other byte as `\xNN`. Node
 * reads such a name with U+FFFD in place of those bytes, which names no file and does not tell the bytes apart.
 */
export function shownName(name: Buffer): string {
  let shown = '';
  let start = 0;
  while (start < name.length) {
    const length = utf8SequenceLength(name, start);
    shown += length === 0 ? `\\x${name[start]!.toString(16).padStart(2, '0')}` : name.toString('utf8', start, start + length);
    start += length || 1;
  }
  return shown;
}

/** The length of the valid UTF-8 sequence that starts at `start` (one code point), or 0. */
function utf8SequenceLength(bytes: Buffer, start: number): number {
  for (let length = 1; length <= 4 && start + length <= bytes.length; length++) {
    if (isUtf8(bytes.subarray(start, start + length))) return length;
  }
  return 0;
}
