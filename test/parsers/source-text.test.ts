import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCheckedSourceText, readSourceText, readUtf8SourceText } from '../../parsers/source-text.js';

const directory = mkdtempSync(join(tmpdir(), 'deputy-source-text-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function written(name: string, bytes: Buffer): string {
  const file = join(directory, name);
  writeFileSync(file, bytes);
  return file;
}

describe('readSourceText', () => {
  it('reads every file as UTF-8 text, whether it is ASCII or not', () => {
    const samples: Record<string, Buffer> = {
      ascii: Buffer.from('{"Resources": {"R": {"Type": "AWS::IAM::Role"}}}\n'),
      accented: Buffer.from('Description: rôle d’exécution – ✓ 🚀\n', 'utf8'),
      byteOrderMark: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"format_version":"1.2"}')]),
      invalid: Buffer.from([0x61, 0xff, 0xfe, 0x62, 0xc3]),
      latin1Bytes: Buffer.from('caf\xe9', 'latin1'),
      empty: Buffer.alloc(0),
    };
    for (const [name, bytes] of Object.entries(samples)) expect(readSourceText(written(name, bytes)), name).toBe(bytes.toString('utf8').replace(/^\uFEFF/, ''));
    expect(readSourceText(written('bad', samples.invalid!))).toBe('a\ufffd\ufffdb\ufffd');
  });

  it('leaves out a byte order mark, for which no editor counts a column (only a leading one: one inside is text)', () => {
    const mark = Buffer.from([0xef, 0xbb, 0xbf]);
    expect(readSourceText(written('marked.tf', Buffer.concat([mark, Buffer.from('resource "aws_iam_role" "r" {}\n')])))).toBe('resource "aws_iam_role" "r" {}\n');
    expect(readSourceText(written('inside.tf', Buffer.concat([Buffer.from('# a'), mark])))).toBe('# a\uFEFF');
  });

  it('reads a file that begins with a UTF-16 byte order mark as UTF-16 (Windows PowerShell 5.1 redirects so)', () => {
    const text = '{"format_version": "1.2", "note": "rôle 🚀"}\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    expect(readSourceText(written('le.json', le))).toBe(text);
    expect(readSourceText(written('be.json', be))).toBe(text);
  });

  it('reads a file for a reader of UTF-8 only: UTF-16 is said, not decoded', () => {
    const text = 'variable "x" {}\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(readUtf8SourceText(written('le.tf', le))).toEqual({ utf16: 'utf-16le' });
    expect(readUtf8SourceText(written('be.tf', Buffer.from(le).swap16()))).toEqual({ utf16: 'utf-16be' });
    expect(readUtf8SourceText(written('marked-utf8.tf', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])))).toEqual({ text, byteOrderMark: true });
  });

  it('says where the text holds the U+FFFD of bytes that are not UTF-8, one for each invalid sequence, and checks no ASCII or UTF-8 file', () => {
    const mark = Buffer.from([0xef, 0xbb, 0xbf]);
    // `\xe9` alone, a sequence cut short (`\xe2\x82`), a surrogate (`\xed\xa0\x80`, three), a 4-byte character before.
    const bytes = Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from('\n\u{1f680}\ufffd'), Buffer.from([0xe2, 0x82, 0x41, 0xed, 0xa0, 0x80])]);
    const text = 'caf\ufffd\n\u{1f680}\ufffd\ufffdA\ufffd\ufffd\ufffd';
    expect(readUtf8SourceText(written('latin1.tf', bytes))).toEqual({ text, notUtf8: [3, 8, 10, 11, 12] });
    expect(readUtf8SourceText(written('marked-latin1.tf', Buffer.concat([mark, bytes])))).toEqual({ text, byteOrderMark: true, notUtf8: [3, 8, 10, 11, 12] });
    expect(readUtf8SourceText(written('utf8.tf', Buffer.from('r\u00f4le \ufffd\n')))).toEqual({ text: 'r\u00f4le \ufffd\n' });
    expect(readUtf8SourceText(written('ascii.tf', Buffer.from('x = 1\n')))).toEqual({ text: 'x = 1\n' });
  });

  it('reads a YAML or JSON input as readSourceText does (UTF-16 decoded) and says where its bytes are not UTF-8', () => {
    const mark = Buffer.from([0xef, 0xbb, 0xbf]);
    const bytes = Buffer.concat([Buffer.from('# r\u00f4le\r\nName: caf'), Buffer.from([0xe9]), Buffer.from('\r\n')]);
    const text = '# r\u00f4le\r\nName: caf\ufffd\r\n';
    expect(readCheckedSourceText(written('latin1.yaml', bytes))).toEqual({ text, notUtf8: [17] });
    expect(readCheckedSourceText(written('marked.yaml', Buffer.concat([mark, bytes])))).toEqual({ text, byteOrderMark: true, notUtf8: [17] });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Name: r\u00f4le\n', 'utf16le')]);
    expect(readCheckedSourceText(written('le.yaml', utf16))).toEqual({ text: 'Name: r\u00f4le\n' });
    expect(readCheckedSourceText(written('be.yaml', Buffer.from(utf16).swap16()))).toEqual({ text: 'Name: r\u00f4le\n' });
    expect(readCheckedSourceText(written('utf8.yaml', Buffer.concat([mark, Buffer.from('Name: r\u00f4le\n')])))).toEqual({ text: 'Name: r\u00f4le\n', byteOrderMark: true });
    expect(readCheckedSourceText(written('ascii.json', Buffer.from('{}\n')))).toEqual({ text: '{}\n' });
  });

  it('reads files of every size one after the other, each whole and with nothing of the one before', () => {
    // Around the first buffer's 64 KiB, and larger files after smaller ones and back: the buffer is kept between reads.
    const sizes = [10, 65_535, 65_536, 65_537, 3, 1_000_000, 200_000, 0, 131_073];
    sizes.forEach((size, index) => {
      // ASCII and not, each decoded its own way.
      const text = size === 0 ? '' : `${'x'.repeat(size - 1)}${index % 2 === 0 ? 'z' : 'é'}`;
      const file = written(`sized-${index}`, Buffer.from(text, 'utf8'));
      expect(readSourceText(file), `file ${index}`).toBe(readFileSync(file, 'utf8'));
    });
  });

  it('reads a file to its end where its size says nothing (a /proc file writes 0)', () => {
    if (!existsSync('/proc/version')) return;
    expect(readSourceText('/proc/version')).toBe(readFileSync('/proc/version', 'utf8'));
    expect(readSourceText('/proc/version').length).toBeGreaterThan(0);
  });

  it('throws what reading the file throws', () => {
    expect(() => readSourceText(join(directory, 'missing'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(() => readSourceText(directory)).toThrow(expect.objectContaining({ code: 'EISDIR' }));
    // A file of 2 GiB or more, as readFileSync refuses it (sparse: nothing is written or read).
    const huge = written('huge', Buffer.alloc(0));
    truncateSync(huge, 2 ** 31 + 10);
    expect(() => readSourceText(huge)).toThrow(expect.objectContaining({ code: 'ERR_FS_FILE_TOO_LARGE' }));
    rmSync(huge);
    // Past the most a caller reads, also where the size says nothing (a /proc file, a pipe, a device).
    expect(() => readSourceText(written('eleven', Buffer.from('01234567890')), 10)).toThrow(expect.objectContaining({ code: 'ERR_FS_FILE_TOO_LARGE' }));
    expect(readSourceText(written('ten', Buffer.from('0123456789')), 10)).toBe('0123456789');
    if (existsSync('/proc/version')) expect(() => readSourceText('/proc/version', 5)).toThrow(expect.objectContaining({ code: 'ERR_FS_FILE_TOO_LARGE' }));
  });
});
