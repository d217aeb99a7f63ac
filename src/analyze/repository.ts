import { existsSync, realpathSync, statSync } from 'node:fs';
import { isInside, relativeInside } from './glob.js';
import { dirname, join, resolve } from 'node:path';

const repositoryRoots = new Map<string, string | undefined>();

/**
 * The paths of a scan's files that fingerprints and baselines hold, one per file (it is asked for every finding). A
 * file in a git repository is named from the repository's root, so that the name does not depend on where deputy runs
 * or which folder of the repository it scans. A file outside any repository is named from the deepest folder holding
 * every scanned path (the folder of a scanned file): naming a folder and scanning `.` inside it give the same names,
 * and so does a copy of the folder elsewhere, which a baseline written for the original then still matches. Scanning
 * another selection of its files (a subfolder only) changes them, as no folder above the scan marks a project there.
 * A file outside that folder too keeps its absolute path.
 */
export class StablePaths {
  /** The scanned paths, absolute. */
  private readonly scanned: readonly string[];
  /** The deepest folder holding every scanned path. */
  private readonly scannedFolder: string;
  private readonly known = new Map<string, string>();

  /** `cwd` is the folder the scanned paths, and the files' paths as the scanner reports them, are relative to. */
  constructor(
    readonly cwd: string,
    scanned: readonly string[],
  ) {
    this.scanned = (scanned.length > 0 ? scanned : ['.']).map((path) => resolve(cwd, path));
    this.scannedFolder = commonFolder(this.scanned.map(folderOf));
  }

  /** `file` as the scanner reports it: relative to `cwd`, or absolute. */
  of(file: string): string {
    let path = this.known.get(file);
    if (path === undefined) {
      const absolute = resolve(this.cwd, file);
      const root = gitRoot(dirname(absolute)) ?? this.scannedFolder;
      path = relativeInside(root, absolute) ?? absolute;
      this.known.set(file, path);
    }
    return path;
  }

  /**
   * What the names `of` gives the files in the folder `path` (as the scanner reports it) start with: '' where they are
   * named from that folder. A path that does not exist (a scanned folder removed or renamed since) is taken as the
   * folder it may have been, as the scan that named its files took it; undefined for a file.
   */
  folderPrefix(path: string): string | undefined {
    const absolute = resolve(this.cwd, path);
    if (folderOf(absolute) !== absolute && existsSync(absolute)) return undefined;
    const root = gitRoot(absolute) ?? commonFolder(this.scanned.map((scanned) => (scanned === absolute ? absolute : folderOf(scanned))));
    if (root === absolute) return '';
    return `${relativeInside(root, absolute) ?? absolute}/`;
  }
}

/** The deepest folder holding every one of `folders`. */
function commonFolder(folders: readonly string[]): string {
  return folders.reduce((common, folder) => {
    while (!isInside(folder, common)) common = dirname(common);
    return common;
  });
}

/** The path itself when it is a folder, else the folder holding it (a file, or a path that does not exist). */
function folderOf(path: string): string {
  try {
    return statSync(path).isDirectory() ? path : dirname(path);
  } catch {
    return dirname(path);
  }
}

/** The path with symbolic links resolved, as discovery tells folders apart; as given when it does not exist. */
export function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
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
