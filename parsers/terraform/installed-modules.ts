/**
 * The modules `terraform init` installed for a root module (registry, git, and what they call), which Terraform
 * reads from there: the same files deputy then reads for them.
 */
import { realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import { readSourceText } from '../source-text.js';
import { isObject, type Value } from '../../src/model/index.js';

/**
 * `.terraform/modules/modules.json` of a root folder: each module's `Key` (its call names joined by dots) and `Dir`
 * (relative to the root). Empty when it is missing, not written so, or a link out of the folder.
 */
export function readInstalledModules(root: string): ReadonlyMap<string, string> {
  const installed = new Map<string, string>();
  let manifest: unknown;
  try {
    const file = realpathSync(join(root, '.terraform', 'modules', 'modules.json'));
    if (!file.startsWith(realpathSync(root) + sep)) return installed;
    manifest = JSON.parse(readSourceText(file));
  } catch {
    return installed;
  }
  const modules = isObject(manifest as Value) ? (manifest as { Modules?: unknown }).Modules : undefined;
  for (const module of Array.isArray(modules) ? modules : []) {
    const { Key: key, Dir: directory } = isObject(module as Value) ? (module as { Key?: unknown; Dir?: unknown }) : {};
    if (typeof key === 'string' && key !== '' && typeof directory === 'string') installed.set(key, directory);
  }
  return installed;
}
