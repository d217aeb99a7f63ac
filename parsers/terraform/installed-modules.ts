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
    const file = realpathSync(join(root, '.terraform', 'modules', 'modules.json'));
    const stats = statSync(file);
    if (!file.startsWith(realpathSync(root) + sep) || !stats.isFile() || stats.size > MOST_MANIFEST_BYTES) return installed;
    manifest = JSON.parse(readSourceText(file));
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
