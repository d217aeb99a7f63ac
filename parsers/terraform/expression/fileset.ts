/**
 * Terraform's `fileset(path, pattern)`: the regular files under `path` whose path matches `pattern`, relative to
 * `path`, with `/` separators. Terraform globs with doublestar v1 (`doublestar.Glob(filepath.Join(path, pattern))`):
 * the joined pattern is cleaned (`.` and `..` resolved as written), split on `/`, each part matched against one name
 * (`*`, `?`, `[abc]`, `[a-z]`, `[^a]`, `{a,b}`, `\` escapes), a part `**` alone spanning zero or more folders, and
 * links to folders followed; a match that is not a regular file (links followed) is dropped.
 *
 * deputy's `ignorePaths` globs (src/analyze/glob.ts) are not this syntax: they know no `[...]` nor `{...}`, a `**`
 * inside a name spans folders there (doublestar reads it as `*`), and a glob without `/` matches at any depth.
 */
import { posix } from 'node:path';
import { compareUtf8 } from '../../../src/model/order.js';

/** What is at a path, links followed: a regular file, a folder, something else (a fifo, a device), or nothing. */
export type EntryKind = 'file' | 'folder' | 'other' | undefined;

/**
 * The folders `fileset` walks, by absolute `/`-separated path. `kind` follows links (undefined for nothing there or a
 * dangling link), `isLink` does not; `real` is the path with links resolved, for a folder. A method may throw
 * `FileSetRefused` where deputy chooses not to look (outside the scanned folders).
 */
export interface FolderTree {
  kind(path: string): EntryKind;
  isLink(path: string): boolean;
  list(path: string): string[];
  real(path: string): string;
  /**
   * Whether a path is a folder (links followed), told where `kind` refuses (a link out of the scanned folders): whether
   * `**` would go into it. Nothing is listed or read there.
   */
  leadsToFolder?(path: string): boolean;
}

export class FileSetRefused extends Error {}

/** `files` sorted, or why Terraform fails (`error`), or why deputy does not list them (`refused`). */
export type FileSetResult = { files: string[] } | { error: string } | { refused: string };

/** Most names one `fileset` call looks at. */
const MOST_NAMES = 20_000;

class BadPattern extends Error {}

/** `folder`: the absolute path `path` names (joined to the module's folder as Terraform joins it to its working folder). */
export function fileSet(folder: string, pattern: string, tree: FolderTree): FileSetResult {
  const base = clean(folder);
  const joined = clean(posix.join(base, pattern));
  const walk = new Walk(tree);
  try {
    walk.glob('/', splitComponents(joined).slice(1), []);
    const files: string[] = [];
    for (const match of walk.matches) {
      const kind = tree.kind(match);
      if (kind === undefined) return { error: `failed to stat (${match})` };
      if (kind !== 'file') continue;
      files.push(posix.relative(base, match));
    }
    return { files: [...new Set(files)].sort(compareUtf8) };
  } catch (error) {
    if (error instanceof BadPattern) return { error: `failed to glob pattern (${joined}): syntax error in pattern` };
    if (error instanceof FileSetRefused) return { refused: error.message };
    throw error;
  }
}

/** Go's `filepath.Clean` for an absolute `/` path: `.`, `..` and repeated or trailing separators resolved. */
function clean(path: string): string {
  const normalized = posix.normalize(path);
  return normalized.length > 1 ? normalized.replace(/\/+$/, '') : normalized;
}

/** Splits on `/`, not on an escaped one (`\/`), as doublestar does. */
function splitComponents(path: string): string[] {
  const parts = [''];
  for (let index = 0; index < path.length; index++) {
    const char = path[index]!;
    if (char === '/' && (index === 0 || path[index - 1] !== '\\')) parts.push('');
    else parts[parts.length - 1] += char;
  }
  return parts;
}

class Walk {
  readonly matches: string[] = [];
  private names = 0;
  constructor(private readonly tree: FolderTree) {}

  /** doublestar's doGlob: `ancestors` are the real paths of the folders a `**` recursed through, to stop at a link back. */
  glob(basedir: string, components: string[], ancestors: string[]): void {
    let index = 0;
    while (index < components.length && !/[*?[{\\]/.test(components[index]!)) index++;
    if (index > 0) basedir = posix.join(basedir, ...components.slice(0, index));
    const exists = this.tree.isLink(basedir) || this.tree.kind(basedir) !== undefined;
    if (!exists) return;
    if (index >= components.length) {
      this.matches.push(basedir);
      return;
    }
    if (this.tree.kind(basedir) !== 'folder') return;
    const names = this.tree.list(basedir);
    this.names += names.length;
    if (this.names > MOST_NAMES) throw new FileSetRefused(`more than ${MOST_NAMES} names to look at`);
    let last = index + 1 >= components.length;
    if (components[index] === '**') {
      const real = this.tree.real(basedir);
      const chain = [...ancestors, real];
      for (const name of names) {
        const path = posix.join(basedir, name);
        let kind: EntryKind;
        try {
          kind = this.tree.kind(path);
        } catch (error) {
          // A link out of the scanned folders to a file: `**` does not go into it, and the part after `**` still has to
          // match its name below (a match is then refused where it is checked).
          if (!(error instanceof FileSetRefused) || last || this.tree.leadsToFolder?.(path) !== false) throw error;
          continue;
        }
        if (kind === undefined) continue;
        if (kind === 'folder') {
          if (last) this.matches.push(path);
          // A link back to a folder the walk is in: Terraform would list it again at every depth, until the
          // system refuses the path; deputy does not say which files it would end with.
          if (chain.includes(this.tree.real(path))) throw new FileSetRefused(`${path} links back to a folder it is in`);
          this.glob(path, components.slice(index), chain);
        } else if (last) this.matches.push(path);
      }
      if (last) return;
      index++;
      last = index + 1 >= components.length;
    }
    for (const name of names) {
      if (!matchComponent(components[index]!, name)) continue;
      const path = posix.join(basedir, name);
      if (last) this.matches.push(path);
      else this.glob(path, components.slice(index + 1), ancestors);
    }
  }
}

/** doublestar v1's `matchComponent`: whether one name matches one part of a pattern; throws `BadPattern`. */
export function matchComponent(pattern: string, name: string): boolean {
  const patternRunes = [...pattern];
  const nameRunes = [...name];
  return matchRunes(patternRunes, 0, nameRunes, 0);
}

function matchRunes(pattern: string[], start: number, name: string[], from: number): boolean {
  const patternLength = pattern.length - start;
  const nameLength = name.length - from;
  if (patternLength === 0 && nameLength === 0) return true;
  if (patternLength === 0) return false;
  if (nameLength === 0 && !(patternLength === 1 && pattern[start] === '*')) return false;
  let p = start;
  let n = from;
  while (p < pattern.length && n < name.length) {
    const rune = pattern[p]!;
    const nameRune = name[n]!;
    if (rune === '\\') {
      p++;
      if (p >= pattern.length) throw new BadPattern();
      if (pattern[p] !== nameRune) return false;
      p++;
      n++;
    } else if (rune === '*') {
      p++;
      if (p >= pattern.length) return true;
      // doublestar v1 drops the error of what follows a star (`if m, _ := matchComponent(...)`): `*[.json` matches
      // nothing, it is no syntax error.
      for (; n < name.length; n++) if (matchesIgnoringErrors(pattern, p, name, n)) return true;
      return false;
    } else if (rune === '[') {
      p++;
      const end = indexWithEscaping(pattern, p, ']');
      if (end === -1) throw new BadPattern();
      const classRunes = pattern.slice(p, end);
      if (classRunes.length === 0) throw new BadPattern();
      let index = classRunes[0] === '^' ? 1 : 0;
      let matched = false;
      while (index < classRunes.length) {
        let low = classRunes[index]!;
        if (low === '-') throw new BadPattern();
        index++;
        if (low === '\\') {
          if (index >= classRunes.length) throw new BadPattern();
          low = classRunes[index++]!;
        }
        let high = low;
        if (index < classRunes.length && classRunes[index] === '-') {
          index++;
          if (index >= classRunes.length) throw new BadPattern();
          high = classRunes[index]!;
          if (high === '-') throw new BadPattern();
          index++;
          if (high === '\\') {
            if (index >= classRunes.length) throw new BadPattern();
            high = classRunes[index++]!;
          }
        }
        if (codePoint(low) <= codePoint(nameRune) && codePoint(nameRune) <= codePoint(high)) matched = true;
      }
      if (matched === (classRunes[0] === '^')) return false;
      p = end + 1;
      n++;
    } else if (rune === '{') {
      p++;
      const end = indexWithEscaping(pattern, p, '}');
      if (end === -1) throw new BadPattern();
      const options = splitOptions(pattern.slice(p, end));
      const rest = pattern.slice(end + 1);
      for (const option of options) if (matchRunes([...option, ...rest], 0, name, n)) return true;
      return false;
    } else if (rune === '?' || rune === nameRune) {
      p++;
      n++;
    } else return false;
  }
  if (p >= pattern.length && n >= name.length) return true;
  const rest = pattern.slice(p).join('');
  return (n >= name.length && rest === '*') || rest === '**';
}

function matchesIgnoringErrors(pattern: string[], start: number, name: string[], from: number): boolean {
  try {
    return matchRunes(pattern, start, name, from);
  } catch (error) {
    if (error instanceof BadPattern) return false;
    throw error;
  }
}

function codePoint(rune: string): number {
  return rune.codePointAt(0)!;
}

/** The index of the first `char` from `start` not escaped by a `\` right before it, or -1. */
function indexWithEscaping(runes: string[], start: number, char: string): number {
  for (let index = start; index < runes.length; index++) {
    if (runes[index] === char && !(index > start && runes[index - 1] === '\\')) return index;
  }
  return -1;
}

/** The alternatives of `{a,b}`, split on commas not escaped. */
function splitOptions(runes: string[]): string[][] {
  const options: string[][] = [[]];
  runes.forEach((rune, index) => {
    if (rune === ',' && !(index > 0 && runes[index - 1] === '\\')) options.push([]);
    else options[options.length - 1]!.push(rune);
  });
  return options;
}
