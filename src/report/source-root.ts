import { isAbsolute, relative, resolve, sep } from 'node:path';
import { gitRoot } from '../analyze/repository.js';

/** The root that CI tools (code scanning, annotations) resolve paths against: the git repository holding `cwd`, else `cwd`. */
export function findSourceRoot(cwd: string = process.cwd()): string {
  return gitRoot(cwd) ?? resolve(cwd);
}

/** Whether a reported file is one: input errors about the command line name a pseudo-file such as "(command line)". */
export function namesFile(file: string): boolean {
  return !/^\(.*\)$/.test(file);
}

/**
 * A scanned file's path from the source root, with `/` separators, or undefined when the file lies outside it or is
 * a pseudo-file (which stays as it is written, wherever deputy runs).
 * `file` is as the scanner reported it: relative to `cwd`, or absolute.
 */
export function pathFromRoot(file: string, sourceRoot: string, cwd: string = process.cwd()): string | undefined {
  if (!namesFile(file)) return undefined;
  const path = relative(sourceRoot, resolve(cwd, file));
  if (path === '' || path === '..' || path.startsWith(`..${sep}`) || isAbsolute(path)) return undefined;
  return path.split(sep).join('/');
}

/** Lone UTF-16 surrogates (possible in file names and template text) replaced by U+FFFD, so URI encoding cannot throw. */
export function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
