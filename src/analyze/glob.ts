import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * A glob of `ignorePaths` as a RegExp over `/`-separated paths relative to the config folder: `**` spans folders,
 * `*` and `?` stay inside one name. A glob without a `/` (other than a trailing one) matches at any depth, as in
 * .gitignore; a leading `/` anchors it to the config folder.
 */
export function globToRegExp(glob: string): RegExp {
  let pattern = glob.trim().replace(/\\/g, '/').replace(/\/+$/, '');
  if (pattern === '' || pattern === '/') throw new Error(`"${glob}" matches nothing: give a path pattern such as "vendor/**"`);
  const anchored = pattern.startsWith('/') || pattern.includes('/');
  pattern = pattern.replace(/^\/+/, '').replace(/^\.\//, '');
  let source = '';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]!;
    if (char === '*' && pattern[index + 1] === '*') {
      const slashAfter = pattern[index + 2] === '/';
      const atSegmentStart = index === 0 || pattern[index - 1] === '/';
      if (atSegmentStart && slashAfter) {
        source += '(?:[^/]+/)*';
        index += 2;
      } else {
        source += '.*';
        index += 1;
      }
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${anchored ? '' : '(?:[^/]+/)*'}${source}$`);
}

const compiledGlobs = new Map<string, RegExp>();

function compiled(glob: string): RegExp {
  let pattern = compiledGlobs.get(glob);
  if (!pattern) compiledGlobs.set(glob, (pattern = globToRegExp(glob)));
  return pattern;
}

/** Whether a file (absolute path) is skipped by one of the globs: a glob matches the file or one of its folders. */
export function isIgnoredPath(directory: string, globs: readonly string[], absolute: string): boolean {
  if (globs.length === 0) return false;
  const path = relativeInside(directory, absolute);
  return path !== undefined && matchesPathOrFolder(globs.map(compiled), path);
}

/**
 * Whether a file (absolute path) is matched by a glob of `ignore[].file`, relative to `directory`: the file or one of
 * its folders, as `ignorePaths` reads a glob (`file: legacy` names every file under `legacy/`).
 */
export function matchesGlob(directory: string, glob: string, absolute: string): boolean {
  const path = relativeInside(directory, absolute);
  return path !== undefined && matchesPathOrFolder([compiled(glob)], path);
}

/** Whether a pattern matches the path (`/` separators) or one of the folders it lies in. */
function matchesPathOrFolder(patterns: readonly RegExp[], path: string): boolean {
  const parts = path.split('/');
  return parts.some((_, index) => {
    const prefix = parts.slice(0, index + 1).join('/');
    return patterns.some((pattern) => pattern.test(prefix));
  });
}

/** The path from `directory` with `/` separators, or undefined when the file lies outside it. */
export function relativeInside(directory: string, absolute: string): string | undefined {
  const path = relative(resolve(directory), resolve(absolute));
  if (path === '' || path === '..' || path.startsWith(`..${sep}`) || isAbsolute(path)) return undefined;
  return path.split(sep).join('/');
}

/** Whether `path` is `folder` or lies inside it. */
export function isInside(path: string, folder: string): boolean {
  return resolve(path) === resolve(folder) || relativeInside(folder, path) !== undefined;
}
