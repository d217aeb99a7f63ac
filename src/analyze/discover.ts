import { isUtf8 } from 'node:buffer';
import { lstatSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { NOT_UTF8_NAME, shownName } from '../../parsers/file-names.js';
import { hasTerraformExtension, isTerraformFile } from '../../parsers/terraform/detect.js';
import { fileFailure, type InputError, type Notice } from '../model/resource.js';
import { compareText } from '../model/order.js';

/**
 * Folders never worth reading when found: `.aws-sam` holds `sam build`'s copy of each template and `.terragrunt-cache`
 * Terragrunt's copy of each module, whose findings would all be reported twice. Named on the command line, a folder is
 * read whatever its name.
 */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn', '.terraform', '.terragrunt-cache', '.aws-sam', 'cdk.out.bak', '__pycache__', '.venv', 'venv', 'dist-newstyle']);
/** Extensions that may hold a CloudFormation template (content decides). */
const CANDIDATE_EXTENSIONS = ['.yaml', '.yml', '.json', '.template', '.cfn', '.txt'];
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/**
 * Why a path named on the command line is not there. Node.js hands over command-line arguments decoded as UTF-8, an
 * invalid byte as U+FFFD: a path whose name is not valid UTF-8 arrives as one that names nothing.
 */
function missingPathMessage(path: string): string {
  if (path.includes('\uFFFD')) return 'no such file or directory: a name that is not valid UTF-8 reaches deputy with U+FFFD in place of its invalid bytes; rename it to analyze it';
  // A glob that a shell left as it was (it matched nothing), or one written in the Action's paths, which no shell reads.
  if (/[*?[]/.test(path)) return 'no such file or directory: deputy expands no glob; name the folder, which is walked for templates, plans and Terraform modules (ignorePaths of .deputy.yml leaves files out)';
  return 'no such file or directory';
}

/**
 * A folder or template the walk does not read: its name is not valid UTF-8 (`absolute` reads the name as text), or it
 * is a link out of the scanned folders.
 */
export interface UnreadEntry {
  absolute: string;
  notice: Notice;
}

export interface Candidate {
  /** Path as it will be shown: relative to the working directory when inside it. */
  file: string;
  absolute: string;
  /** Named on the command line (not found by walking): an unrecognised file is then an error, not silence. */
  explicit: boolean;
}

/**
 * Walks the given roots. Symbolic links are followed only while their target stays inside a scanned root (a notice
 * names each other link the walk would read), and every real directory is visited once, so link loops terminate.
 */
export function discover(paths: string[], cwd = process.cwd()): { candidates: Candidate[]; terraformFolders: Candidate[]; errors: InputError[]; unread: UnreadEntry[] } {
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
  const unread: UnreadEntry[] = [];
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
      errors.push({ file: path, message: (error as NodeJS.ErrnoException).code === 'ENOENT' ? missingPathMessage(path) : `cannot read: ${fileFailure(error)}` });
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
    let read: Array<Dirent<Buffer>>;
    try {
      read = readdirSync(directory, { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      errors.push({ file: display(directory), message: `cannot read directory: ${fileFailure(error)}` });
      return;
    }
    const entries = read.flatMap((entry) => {
      if (isUtf8(entry.name)) return [{ name: entry.name.toString('utf8'), entry }];
      const notice = notReadName(directory, entry);
      if (notice) unread.push({ absolute: join(directory, entry.name.toString('utf8')), notice: { file: display(directory), message: notice } });
      return [];
    });
    entries.sort((a, b) => compareText(a.name, b.name));
    // A Terraform file whose name is not valid UTF-8 still makes a module: the module reader says it cannot read it.
    if (read.some((entry) => !entry.isDirectory() && isTerraformFile(entry.name.toString('utf8')))) addTerraformFolder(directory, explicitFolders.has(directory));
    for (const { name, entry } of entries) {
      const full = join(directory, name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(name)) walk(full);
      } else if (entry.isSymbolicLink()) {
        let target;
        try {
          target = statSync(full);
        } catch {
          continue;
        }
        if (!insideRoots(realpathSync(full))) {
          const read = target.isDirectory() ? !SKIPPED_DIRECTORIES.has(name) : isCandidateName(name);
          if (read) unread.push({ absolute: full, notice: { file: display(full), message: `links to a ${target.isDirectory() ? 'folder' : 'file'} outside the scanned folders; not read` } });
          continue;
        }
        if (target.isDirectory()) {
          if (!SKIPPED_DIRECTORIES.has(name)) walk(full);
        } else if (isCandidateName(name)) addFile(full, false);
      } else if (entry.isFile() && isCandidateName(name)) {
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
  return { candidates, terraformFolders: [...terraformFolders.values()], errors, unread };
}

/**
 * Why a folder entry whose name is not valid UTF-8 is not read, when the walk would read it (a folder, or a file of a
 * template's extension): paths are text throughout deputy, and such a name read as text names no file. Terraform files
 * are left to the module reader, which lists its folder's files itself.
 */
function notReadName(directory: string, entry: Dirent<Buffer>): string | undefined {
  let isFolder = entry.isDirectory();
  if (entry.isSymbolicLink()) {
    try {
      isFolder = statSync(Buffer.concat([Buffer.from(directory + sep), entry.name])).isDirectory();
    } catch {
      return undefined;
    }
  }
  if (isFolder) return `folder ${shownName(entry.name)} not scanned: ${NOT_UTF8_NAME}; rename it to scan it`;
  // Read as text, the name keeps a template's extension: its bytes that are not UTF-8 are read as U+FFFD, in no extension.
  return isCandidateName(entry.name.toString('utf8')) ? `${shownName(entry.name)} not analyzed: ${NOT_UTF8_NAME}; rename it to analyze it` : undefined;
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
