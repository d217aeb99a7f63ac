import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const repositoryRoots = new Map<string, string | undefined>();

/**
 * The file's path from the root of its git repository, so a fingerprint does not depend on where deputy ran from.
 * `file` is as the scanner reports it: relative to `cwd`, or absolute.
 */
export function repositoryPath(file: string, cwd: string = process.cwd()): string {
  const absolute = resolve(cwd, file);
  const root = gitRoot(dirname(absolute));
  return root ? relative(root, absolute).split(sep).join('/') : absolute;
}

/** The nearest folder at or above `directory` holding `.git`; cached for every folder on the way. */
export function gitRoot(directory: string): string | undefined {
  const visited: string[] = [];
  let root: string | undefined;
  directory = resolve(directory);
  for (;;) {
    if (repositoryRoots.has(directory)) {
      root = repositoryRoots.get(directory);
      break;
    }
    visited.push(directory);
    if (existsSync(join(directory, '.git'))) {
      root = directory;
      break;
    }
    const parent = dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  for (const seen of visited) repositoryRoots.set(seen, root);
  return root;
}
