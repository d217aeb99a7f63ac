import { readFileSync } from 'node:fs';
import { isAscii } from 'node:buffer';

/**
 * A file's text, decoded as UTF-8, without a byte order mark: editors, Terraform and the CloudFormation parser count no
 * column for it, and every position deputy reports is counted as they count. Most infrastructure code is ASCII, which
 * decodes as Latin-1 to the same text in half the time (15 against 29 ms for a 27 MB plan): one pass checks that
 * first. Throws what `readFileSync` throws.
 */
export function readSourceText(path: string): string {
  const bytes = readFileSync(path);
  if (isAscii(bytes)) return bytes.toString('latin1');
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === BYTE_ORDER_MARK ? text.slice(1) : text;
}

const BYTE_ORDER_MARK = 0xfeff;
