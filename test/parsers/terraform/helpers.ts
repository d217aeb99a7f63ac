import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { scan, type ScanOptions, type ScanResult } from '../../../src/analyze/engine.js';
import { parseTerraform, type TerraformScan } from '../../../parsers/terraform/index.js';
import type { Resource } from '../../../src/model/index.js';

/** Files by path relative to a fresh folder, as text or bytes; a value `{ link: target }` makes a symbolic link. */
export type Tree = Record<string, string | Buffer | { link: string }>;

export function writeTree(tree: Tree): string {
  const directory = realpathSync(mkdtempSync(join(tmpdir(), 'deputy-tf-')));
  for (const [path, content] of Object.entries(tree)) {
    const full = join(directory, path);
    mkdirSync(dirname(full), { recursive: true });
    if (typeof content === 'string' || Buffer.isBuffer(content)) writeFileSync(full, content);
    else symlinkSync(content.link, full);
  }
  return directory;
}

/** Scans a folder tree with `deputy scan` semantics; paths in the result are relative to the tree. */
export async function scanTree(tree: Tree, options: Omit<ScanOptions, 'cwd'> & { paths?: string[] } = {}): Promise<ScanResult> {
  const directory = writeTree(tree);
  try {
    return await scan(options.paths ?? ['.'], { ...options, cwd: directory });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Parses the tree's root folder (and the folders named) as Terraform roots, without rules. */
export async function parseTree(tree: Tree, folders: string[] = ['.'], options: { variables?: Record<string, string>; variableFiles?: string[] } = {}): Promise<TerraformScan & { directory: string }> {
  const directory = writeTree(tree);
  const display = (absolute: string): string => (absolute === directory ? '.' : absolute.startsWith(directory + '/') ? absolute.slice(directory.length + 1) : absolute);
  const parsed = await parseTerraform(
    folders.map((folder) => ({ file: folder, absolute: join(directory, folder), explicit: true })),
    { scanRoots: folders.map((folder) => join(directory, folder)), display, variables: options.variables ?? {}, variableFiles: (options.variableFiles ?? []).map((file) => join(directory, file)) },
  );
  rmSync(directory, { recursive: true, force: true });
  return { ...parsed, directory };
}

export function resourcesOf(parsed: TerraformScan): Resource[] {
  return parsed.files.flatMap((file) => file.worlds.flatMap((world) => world.resources));
}

export function resource(parsed: TerraformScan, address: string): Resource {
  const found = resourcesOf(parsed).find((candidate) => candidate.address === address);
  if (!found) throw new Error(`no resource ${address}; have ${resourcesOf(parsed).map((candidate) => candidate.address).join(', ')}`);
  return found;
}
