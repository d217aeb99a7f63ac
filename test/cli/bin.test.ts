import { spawnSync } from 'node:child_process';
import { accessSync, constants, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../src/action/bundle.js';
import { INSTALLED_DEPENDENCIES } from '../../src/cli/bundle.js';
import { BIN, UNBUNDLED_CLI } from './bin.js';

const ROOT = repositoryRoot();

function run(cli: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, [cli, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 1 << 26 });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** The packages a script imports or requires by name, subpaths cut to the package. */
function packagesImported(script: string): Set<string> {
  const specifiers = [...readFileSync(script, 'utf8').matchAll(/(?:^import [^;]*? from |import\(|require\()"([^"./][^"]*)"[;)]/gm)].map(([, specifier]) => specifier!);
  return new Set(specifiers.map((specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/')));
}

describe("package.json's bin", () => {
  it('is one executable ES module with its worker thread beside it, and nothing copied from node_modules', () => {
    expect(readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(() => accessSync(BIN, constants.X_OK)).not.toThrow();
    expect(readdirSync(dirname(BIN)).sort()).toEqual(['deputy.js', 'hcl-worker.js', 'package.json'].sort());
    expect(JSON.parse(readFileSync(join(dirname(BIN), 'package.json'), 'utf8'))).toMatchObject({ type: 'module' });
  });

  it('imports from node_modules only the dependencies it leaves installed', () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
    // js-yaml's !!js/function type requires esprima out of bundlers' sight, and does without it.
    const installed = [...INSTALLED_DEPENDENCIES, 'esprima'];
    for (const script of [BIN, join(dirname(BIN), 'hcl-worker.js')]) {
      for (const name of packagesImported(script)) if (!builtins.has(name)) expect(installed).toContain(name);
    }
    expect([...packagesImported(BIN)]).toEqual(expect.arrayContaining(INSTALLED_DEPENDENCIES));
  });

  it("prints package.json's version, as the unbundled command line does", () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(run(BIN, ['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(run(UNBUNDLED_CLI, ['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it.each([[[]], [['--format', 'json']]])('prints on examples/ what the unbundled command line prints (%j)', (format) => {
    const bundled = run(BIN, ['scan', 'examples', ...format]);
    expect(bundled.code).toBe(1);
    expect(bundled.stdout).toContain('trust-service-without-source-condition');
    expect(bundled).toEqual(run(UNBUNDLED_CLI, ['scan', 'examples', ...format]));
  });
});
