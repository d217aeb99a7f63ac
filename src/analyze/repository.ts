import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const repositoryRoots = new Map<string, string | undefined>();

/** The file's path from the root of its git repository, so a fingerprint does not depend on where deputy ran from. */
export function repositoryPath(file: string): string {
  const absolute = resolve(file);
  let directory = dirname(absolute);
  const visited: string[] = [];
  let root: string | undefined;
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
  return root ? relative(root, absolute).split(sep).join('/') : absolute;
}
