/**
 * The modules `terraform init` installed for a root module (registry, git, and what they call), which Terraform
 * reads from there: the same files deputy then reads for them.
 */
import { realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { readSourceText } from '../source-text.js';
import { isObject, type Value } from '../../src/model/index.js';

/** Where a module was installed, and from what source. */
export interface InstalledModule {
  directory: string;
  source: string;
}

/**
 * `.terraform/modules/modules.json` of a root folder: each module's `Key` (its call names joined by dots), `Dir`
 * (relative to the root) and `Source`. Empty when it is missing, not a file of at most 20 MiB, not written so, or a
 * link out of the folder.
 */
export function readInstalledModules(root: string): ReadonlyMap<string, InstalledModule> {
  const installed = new Map<string, InstalledModule>();
  let manifest: unknown;
  try {
    const text = readTerraformStateFile(root, ['modules', 'modules.json'], MOST_MANIFEST_BYTES);
    if (text === undefined) return installed;
    manifest = JSON.parse(text);
  } catch {
    return installed;
  }
  const modules = isObject(manifest as Value) ? (manifest as { Modules?: unknown }).Modules : undefined;
  for (const module of Array.isArray(modules) ? modules : []) {
    const { Key: key, Dir: directory, Source: source } = isObject(module as Value) ? (module as { Key?: unknown; Dir?: unknown; Source?: unknown }) : {};
    if (typeof key === 'string' && key !== '' && typeof directory === 'string' && typeof source === 'string') installed.set(key, { directory, source });
  }
  return installed;
}

const MOST_MANIFEST_BYTES = 20 * 1024 * 1024;

/**
 * The text of a file `terraform init` or `terraform workspace` writes under a root folder's `.terraform`; undefined when
 * it is missing, not a file of at most `mostBytes`, or a link out of the folder (reads stay inside the scanned roots).
 */
export function readTerraformStateFile(root: string, steps: readonly string[], mostBytes: number): string | undefined {
  try {
    const file = realpathSync(join(root, '.terraform', ...steps));
    const stats = statSync(file);
    return file.startsWith(realpathSync(root) + sep) && stats.isFile() && stats.size <= mostBytes ? readSourceText(file) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The folder, relative to the root, that `terraform init` installed a module call's `source` in, by its call names;
 * undefined when it installed none there, or installed another registry module (the call changed since, and
 * Terraform would refuse to plan until init runs again). Other sources are recorded as Terraform normalizes them.
 */
export function installedFolder(installed: ReadonlyMap<string, InstalledModule>, names: readonly string[], source: string): string | undefined {
  const module = installed.get(names.join('.'));
  if (!module) return undefined;
  const registry = REGISTRY_SOURCE.exec(module.source);
  if (registry && !source.includes('::') && !/^[\w.-]+\.[a-z]{2,}\//i.test(source) && registry[1] !== source) return undefined;
  return module.directory;
}

/** A source as the manifest records a module of the public registry: `registry.terraform.io/` and the address written. */
const REGISTRY_SOURCE = /^registry\.terraform\.io\/(.+)$/;
