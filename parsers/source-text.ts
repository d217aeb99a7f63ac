import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { isAscii, isUtf8 } from 'node:buffer';

/**
 * A file's text, decoded as UTF-8, without a byte order mark: editors, Terraform and the CloudFormation parser count no
 * column for it, and every position deputy reports is counted as they count. A file that begins with a UTF-16 byte
 * order mark is UTF-16 (Windows PowerShell 5.1 writes `terraform show -json > plan.json` so). Most infrastructure code
 * is ASCII, which decodes as Latin-1 to the same text in half the time (15 against 29 ms for a 27 MB plan): one pass
 * checks that first. Throws what `readFileSync` throws, and ERR_FS_FILE_TOO_LARGE past `mostBytes`.
 */
export function readSourceText(path: string, mostBytes = MOST_BYTES_READ): string {
  return decodeText(readBytes(path, Math.min(mostBytes, MOST_BYTES_READ)));
}

/**
 * `readSourceText` for a reader of UTF-8 only, as Terraform is: it refuses a file in UTF-16 ("Invalid character
 * encoding"), which `readSourceText` would decode. Such a file gives the encoding its byte order mark names, not text.
 * A file with bytes that are not UTF-8 is decoded as `readSourceText` does, each invalid sequence to one U+FFFD, and
 * `notUtf8` gives where those are in the text (offsets, in order); ASCII, nearly every file, is not checked again.
 */
export function readUtf8SourceText(path: string, mostBytes = MOST_BYTES_READ): CheckedText | { utf16: Utf16Encoding } {
  return readCheckedBytes(path, mostBytes, (_bytes, utf16) => ({ utf16 }));
}

/**
 * `readSourceText`, and where the text holds the U+FFFD of bytes that are not UTF-8 (`notUtf8`, as `readUtf8SourceText`
 * gives them), for inputs that must be Unicode (YAML and JSON) but may be written in UTF-16. ASCII is not checked again.
 */
export function readCheckedSourceText(path: string, mostBytes = MOST_BYTES_READ): CheckedText {
  return readCheckedBytes(path, mostBytes, (bytes, utf16) => ({ text: utf16Text(bytes, utf16) }));
}

/** A file's bytes as ASCII, else as UTF-8 with where they are not (`checkedUtf8Text`), else as `inUtf16` reads them. */
function readCheckedBytes<Utf16Read>(path: string, mostBytes: number, inUtf16: (bytes: Buffer, encoding: Utf16Encoding) => Utf16Read): CheckedText | Utf16Read {
  const bytes = readBytes(path, Math.min(mostBytes, MOST_BYTES_READ));
  if (isAscii(bytes)) return { text: bytes.toString('latin1') };
  const utf16 = utf16Encoding(bytes);
  return utf16 ? inUtf16(bytes, utf16) : checkedUtf8Text(bytes);
}

/** A file's text, and the offsets of the U+FFFD its bytes that are not UTF-8 decode to (in order; absent when none). */
export interface CheckedText {
  text: string;
  notUtf8?: number[];
  /** The UTF-8 bytes began with a byte order mark, which `text` leaves out: a reader that keeps it (`file()`) is told. */
  byteOrderMark?: true;
}

/** Bytes that are not UTF-16 decoded as UTF-8, without a byte order mark, and where they are not UTF-8. */
function checkedUtf8Text(bytes: Buffer): CheckedText {
  const decoded = bytes.toString('utf8');
  const text = withoutMark(decoded);
  const marked = decoded.length - text.length;
  const mark = marked > 0 ? { byteOrderMark: true as const } : {};
  return isUtf8(bytes) ? { text, ...mark } : { text, ...mark, notUtf8: invalidSequences(bytes).map((offset) => offset - marked) };
}

/**
 * The offsets (in UTF-16 code units) of the U+FFFD that UTF-8 decoding gives bytes for their invalid sequences, one for
 * each maximal subpart of a sequence, as the WHATWG decoder that `Buffer.toString` follows writes them.
 */
function invalidSequences(bytes: Buffer): number[] {
  const offsets: number[] = [];
  let units = 0;
  let needed = 0;
  let seen = 0;
  let lower = 0x80;
  let upper = 0xbf;
  for (let index = 0; index < bytes.length; ) {
    const byte = bytes[index]!;
    if (needed === 0) {
      index++;
      if (byte <= 0x7f) units++;
      else if (byte >= 0xc2 && byte <= 0xdf) needed = 1;
      else if (byte >= 0xe0 && byte <= 0xef) {
        needed = 2;
        if (byte === 0xe0) lower = 0xa0;
        else if (byte === 0xed) upper = 0x9f;
      } else if (byte >= 0xf0 && byte <= 0xf4) {
        needed = 3;
        if (byte === 0xf0) lower = 0x90;
        else if (byte === 0xf4) upper = 0x8f;
      } else offsets.push(units++);
    } else if (byte < lower || byte > upper) {
      // The sequence ends, invalid, before this byte, which is read again.
      offsets.push(units++);
      needed = seen = 0;
      lower = 0x80;
      upper = 0xbf;
    } else {
      index++;
      lower = 0x80;
      upper = 0xbf;
      if (++seen === needed) {
        units += needed === 3 ? 2 : 1;
        needed = seen = 0;
      }
    }
  }
  if (needed !== 0) offsets.push(units);
  return offsets;
}

/** Bytes of a file (or of its start) as `readSourceText` decodes them. */
export function decodeText(bytes: Buffer): string {
  if (isAscii(bytes)) return bytes.toString('latin1');
  const utf16 = utf16Encoding(bytes);
  return utf16 ? utf16Text(bytes, utf16) : withoutMark(bytes.toString('utf8'));
}

/** Bytes that begin with a UTF-16 byte order mark, decoded without it (`TextDecoder` drops it). */
function utf16Text(bytes: Buffer, encoding: Utf16Encoding): string {
  return new TextDecoder(encoding).decode(bytes);
}

/** A text without the byte order mark it may begin with (U+FEFF). */
export function withoutMark(text: string): string {
  return text.charCodeAt(0) === BYTE_ORDER_MARK ? text.slice(1) : text;
}

type Utf16Encoding = 'utf-16le' | 'utf-16be';

/** The UTF-16 encoding of bytes that begin with its byte order mark. */
function utf16Encoding(bytes: Buffer): Utf16Encoding | undefined {
  return bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
}

const BYTE_ORDER_MARK = 0xfeff;

/**
 * Files are read into one buffer, kept from file to file: the text is decoded out of it, and a scan reads many files.
 * Memory the process has not used yet is costly to touch on some machines (a new 27 MB buffer for the bench plan took
 * 50-310 ms to fill, the kept one 4-38 ms); a buffer larger than this is not kept.
 */
const MOST_BYTES_KEPT = 64 * 1024 * 1024;
const FIRST_BUFFER_BYTES = 64 * 1024;
/** Less than what `readFileSync` reads at most (2 GiB): `readSync` takes its length as a 32-bit integer. */
const MOST_BYTES_READ = 2 ** 31 - 2;
let kept = Buffer.allocUnsafeSlow(0);

/**
 * The file's bytes, in the kept buffer (valid until the next read). Reads to the end, also past the size it had when
 * opened (a pipe or a device says 0), and throws ERR_FS_FILE_TOO_LARGE past `mostBytes`.
 */
function readBytes(path: string, mostBytes: number): Buffer {
  const descriptor = openSync(path, 'r');
  try {
    const { size } = fstatSync(descriptor);
    if (size > mostBytes) throw tooLarge(size);
    // One byte more than the size, so that the read that finds the end needs no larger buffer.
    let buffer = kept.length > size ? kept : Buffer.allocUnsafeSlow(Math.max(FIRST_BUFFER_BYTES, size + 1));
    let length = 0;
    for (;;) {
      const read = readSync(descriptor, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > mostBytes) throw tooLarge(length);
      if (length === buffer.length) {
        const larger = Buffer.allocUnsafeSlow(Math.min(buffer.length * 2, mostBytes + 1));
        buffer.copy(larger, 0, 0, length);
        buffer = larger;
      }
    }
    if (buffer !== kept && buffer.length <= MOST_BYTES_KEPT) kept = buffer;
    return buffer.subarray(0, length);
  } finally {
    closeSync(descriptor);
  }
}

/** The error `readFileSync` throws for a file it cannot read whole (its code; the message says the size read). */
function tooLarge(size: number): RangeError {
  return Object.assign(new RangeError(`File size (${size} bytes or more) is greater than the most read`), { code: 'ERR_FS_FILE_TOO_LARGE' });
}
