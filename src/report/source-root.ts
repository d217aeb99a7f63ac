import { resolve } from 'node:path';
import { relativeInside } from '../analyze/glob.js';
import { gitRoot, realPath } from '../analyze/repository.js';

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
 * a pseudo-file (which stays as it is written, wherever deputy runs). A file scanned through a symbolic link into the
 * repository (`/work/repolink/infra` for `/work/repo`) is in it as its real path is.
 * `file` is as the scanner reported it: relative to `cwd`, or absolute.
 */
export function pathFromRoot(file: string, sourceRoot: string, cwd: string = process.cwd()): string | undefined {
  if (!namesFile(file)) return undefined;
  const absolute = resolve(cwd, file);
  return relativeInside(sourceRoot, absolute) ?? relativeInside(realPath(sourceRoot), realPath(absolute));
}

/** Lone UTF-16 surrogates (possible in file names and template text) replaced by U+FFFD, so URI encoding cannot throw. */
export function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
