/** The folders on disk as `fileset()` walks them (`FolderTree`), seen only inside the folders `inside` accepts. */
import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { FileSetRefused, type EntryKind, type FolderTree } from './expression/fileset.js';

/** Errors that say nothing is at a path (or a link there leads nowhere): Terraform sees nothing there either. */
const NOTHING_THERE: ReadonlySet<string> = new Set(['ENOENT', 'ENOTDIR', 'ELOOP']);

/**
 * `inside`: whether a path (real, or as written where nothing is there) lies inside the scanned folders, as `file()`
 * reads only there; a path outside them is refused (`FileSetRefused`): deputy sees only part of the machine Terraform
 * runs on.
 */
export function diskFolderTree(inside: (path: string) => boolean): FolderTree {
  const nothing = (error: unknown): boolean => NOTHING_THERE.has((error as NodeJS.ErrnoException).code ?? '');
  /** Whether something is at the path (links followed); throws where it, or the path as written, is outside. */
  const vetted = (path: string): boolean => {
    let real: string;
    try {
      real = realpathSync(path);
    } catch (error) {
      if (nothing(error) && inside(path)) return false;
      throw new FileSetRefused(`cannot list ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    if (!inside(real)) throw new FileSetRefused(`${path} is outside the scanned folders`);
    return true;
  };
  return {
    kind(path: string): EntryKind {
      if (!vetted(path)) return undefined;
      const stats = statSync(path);
      return stats.isFile() ? 'file' : stats.isDirectory() ? 'folder' : 'other';
    },
    isLink(path: string): boolean {
      try {
        return lstatSync(path).isSymbolicLink();
      } catch {
        return false;
      }
    },
    list(path: string): string[] {
      vetted(path);
      try {
        return readdirSync(path);
      } catch (error) {
        throw new FileSetRefused(`cannot list ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
    },
    real: (path: string): string => realpathSync(path),
    leadsToFolder(path: string): boolean {
      try {
        return statSync(path).isDirectory();
      } catch {
        return false;
      }
    },
  };
}
