import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { hasTerraformExtension, isTerraformFile } from '../../parsers/terraform/detect.js';
import { readFailure, type InputError } from '../model/resource.js';
import { compareText } from '../model/order.js';

/** Folders never worth reading. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn', '.terraform', 'cdk.out.bak', '__pycache__', '.venv', 'venv', 'dist-newstyle']);
/** Extensions that may hold a CloudFormation template (content decides). */
const CANDIDATE_EXTENSIONS = ['.yaml', '.yml', '.json', '.template', '.cfn', '.txt'];
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

export interface Candidate {
  /** Path as it will be shown: relative to the working directory when inside it. */
  file: string;
  absolute: string;
  /** Named on the command line (not found by walking): an unrecognised file is then an error, not silence. */
  explicit: boolean;
}

/**
 * Walks the given roots. Symbolic links are followed only while their target stays inside a scanned root, and
 * every real directory is visited once, so link loops terminate.
 */
export function discover(paths: string[], cwd = process.cwd()): { candidates: Candidate[]; terraformFolders: Candidate[]; errors: InputError[] } {
  const candidates: Candidate[] = [];
  /** Folders holding `.tf`/`.tf.json` files (Terraform modules); explicit when named on the command line or holding a named `.tf` file. */
  const terraformFolders = new Map<string, Candidate>();
  const addTerraformFolder = (absolute: string, explicit: boolean): void => {
    let real: string;
    try {
      real = realpathSync(absolute);
    } catch {
      return;
    }
    const known = terraformFolders.get(real);
    if (known) known.explicit ||= explicit;
    else terraformFolders.set(real, { file: display(absolute), absolute, explicit });
  };
  const explicitFolders = new Set(paths.map((path) => resolve(cwd, path)));
  const errors: InputError[] = [];
  const roots: string[] = [];
  const visited = new Set<string>();
  /** The candidate of each real file, by its index. */
  const seenFiles = new Map<string, number>();
  const display = (absolute: string): string => displayPath(cwd, absolute);
  const insideRoots = (real: string): boolean => roots.some((root) => real === root || real.startsWith(root + sep));

  for (const path of paths) {
    const absolute = resolve(cwd, path);
    try {
      roots.push(realpathSync(absolute));
    } catch (error) {
      errors.push({ file: path, message: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : `cannot read: ${readFailure(error)}` });
    }
  }

  const addFile = (absolute: string, explicit: boolean): void => {
    let real: string;
    try {
      real = realpathSync(absolute);
    } catch {
      return; // dangling link
    }
    const index = seenFiles.get(real);
    if (index === undefined) {
      seenFiles.set(real, candidates.length);
      candidates.push({ file: display(absolute), absolute, explicit });
      return;
    }
    // A file reached again is shown by the path named on the command line, else by its own path rather than a link's:
    // findings, annotations and fingerprints name it so whatever links to it.
    const known = candidates[index]!;
    const better = explicit ? !known.explicit : !known.explicit && absolute === real && known.absolute !== real;
    if (better) candidates[index] = { file: display(absolute), absolute, explicit: explicit || known.explicit };
  };

  const walk = (directory: string): void => {
    let real: string;
    try {
      real = realpathSync(directory);
    } catch {
      return;
    }
    if (visited.has(real) || !insideRoots(real)) return;
    visited.add(real);
    let entries;
    try {
      entries = readdirSync(directory, { withFileTypes: true });
    } catch (error) {
      errors.push({ file: display(directory), message: `cannot read directory: ${readFailure(error)}` });
      return;
    }
    entries.sort((a, b) => compareText(a.name, b.name));
    if (entries.some((entry) => !entry.isDirectory() && isTerraformFile(entry.name))) addTerraformFolder(directory, explicitFolders.has(directory));
    for (const entry of entries) {
      const full = join(directory, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(full);
      } else if (entry.isSymbolicLink()) {
        let target;
        try {
          target = statSync(full);
        } catch {
          continue;
        }
        if (!insideRoots(realpathSync(full))) continue;
        if (target.isDirectory()) {
          if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(full);
        } else if (isCandidateName(entry.name)) addFile(full, false);
      } else if (entry.isFile() && isCandidateName(entry.name)) {
        addFile(full, false);
      }
    }
  };

  for (const path of paths) {
    const absolute = resolve(cwd, path);
    let stats;
    try {
      stats = lstatSync(absolute).isSymbolicLink() ? statSync(absolute) : lstatSync(absolute);
    } catch {
      continue;
    }
    if (stats.isDirectory()) walk(absolute);
    else if (isTerraformFile(absolute)) addTerraformFolder(dirname(absolute), true);
    else if (hasTerraformExtension(absolute)) errors.push({ file: display(absolute), message: 'a hidden file, which Terraform does not read: not analyzed' });
    else addFile(absolute, true);
  }
  return { candidates, terraformFolders: [...terraformFolders.values()], errors };
}

function isCandidateName(name: string): boolean {
  const lower = name.toLowerCase();
  if (hasTerraformExtension(lower)) return false;
  return CANDIDATE_EXTENSIONS.some((extension) => lower.endsWith(extension));
}

/** How a path is shown: relative to the working directory when inside it (`.` for the directory itself), else absolute. */
export function displayPath(cwd: string, absolute: string): string {
  const rel = relative(cwd, absolute);
  if (rel === '') return '.';
  return !rel.startsWith('..') && !isAbsolute(rel) ? rel : absolute;
}

/** The real folders a scan may read from: each path given, or the folder of a file given; paths that do not exist are left out. */
export function scanRoots(paths: readonly string[], cwd: string): string[] {
  return paths.flatMap((path) => {
    try {
      const real = realpathSync(resolve(cwd, path));
      return [statSync(real).isDirectory() ? real : dirname(real)];
    } catch {
      return [];
    }
  });
}
