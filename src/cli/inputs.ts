/** What `scan` and `graph` both read: the paths, the configuration, and the values CloudFormation and Terraform inputs take. */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, resolve, sep } from 'node:path';
import { looksLikeCloudFormation } from '../../parsers/cloudformation/detect.js';
import { readSourceText } from '../../parsers/source-text.js';
import { looksLikeTerraformPlan } from '../../parsers/terraform-plan/detect.js';
import { isTerraformFile } from '../../parsers/terraform/detect.js';
import type { Argv } from 'yargs';
import { ConfigError, findConfigFile, loadConfig, type DeputyConfig } from '../analyze/config.js';
import type { ScanOptions } from '../analyze/engine.js';
import { parseParameterFile, parseParameterPairs } from './parameters.js';
import { fileFailure } from '../model/resource.js';
import { UsageError } from './usage-error.js';
import { setOwn } from '../model/objects.js';

export interface InputArgs {
  paths: string[];
  config?: string;
  parameter: string[];
  parameters?: string;
  var: string[];
  varFile: string[];
  tfDir?: string;
}

/**
 * yargs gathers an option given twice into a list; for an option that takes one value that list would be read as
 * nothing (`--fail-on high --fail-on medium` would never fail the build), so it is a usage error instead.
 */
export function singleValued<T>(command: Argv<T>, names: readonly string[]): Argv<T> {
  return command.check((argv) => {
    for (const name of names) {
      const value = (argv as Record<string, unknown>)[name];
      if (Array.isArray(value)) throw new UsageError(`--${name} is given ${value.length} times (${value.join(', ')}): give it once`);
    }
    return true;
  });
}

export function inputOptions(command: Argv): Argv {
  return singleValued(command, ['config', 'parameters', 'tf-dir'])
    .positional('paths', { type: 'string', array: true, default: ['.'], describe: 'Files or folders to read' })
    .option('config', { alias: 'c', type: 'string', requiresArg: true, describe: 'Configuration file (default: the first .deputy.yml from the first path upward to the git root)' })
    .option('parameter', { alias: 'p', ...REPEATABLE, describe: 'CloudFormation parameter value, Key=Value (repeatable)' })
    .option('parameters', { type: 'string', requiresArg: true, describe: 'CloudFormation parameter file: [{ParameterKey, ParameterValue}] or {Key: Value}' })
    .option('var', { ...REPEATABLE, describe: 'Terraform root variable value, NAME=VALUE (repeatable; wins over every variable file)' })
    .option('var-file', { ...REPEATABLE, describe: "Terraform variable file (.tfvars or .tfvars.json), applied after the root's own tfvars files (repeatable)" })
    .option('tf-dir', { type: 'string', requiresArg: true, describe: 'The Terraform folder plan JSON files were made from: their findings point at its .tf files' });
}

/**
 * An option given once per value (`-p A=1 -p B=2`), gathered into a list. Not a yargs array option, which would also take
 * the paths after it as its values (`--var-file v.tfvars infra` would read `infra` as a second variable file).
 */
const REPEATABLE = { type: 'string', requiresArg: true, default: [] as string[], coerce: (value: string | string[]): string[] => (Array.isArray(value) ? value : [value]) } as const;

/** The configuration and the scan options the inputs give; a UsageError for a malformed value or a missing file. */
export async function readInputs(args: InputArgs): Promise<{ config: DeputyConfig; options: Pick<ScanOptions, 'parameters' | 'variables' | 'variableFiles' | 'terraformFolder'> }> {
  // An empty path (`deputy scan "$DIR"` with DIR unset) would resolve to the current folder and scan it in its place.
  if (args.paths.some((path) => path === '')) throw new UsageError('an empty path names no file or folder (an unset variable?): name the file or folder to scan');
  const parameters = { ...(args.parameters ? parseParameterFile(args.parameters) : {}), ...parseParameterPairs(args.parameter) };
  const variables: Record<string, string> = {};
  for (const pair of args.var) {
    const index = pair.indexOf('=');
    if (index <= 0) throw new UsageError(`--var expects NAME=VALUE, got "${pair}"`);
    setOwn(variables, pair.slice(0, index), pair.slice(index + 1));
  }
  for (const file of args.varFile) if (!existsSync(file)) throw new UsageError(`--var-file ${file} does not exist`);
  if (args.tfDir !== undefined) checkTerraformFolder(args.tfDir);
  let config: DeputyConfig;
  try {
    config = await loadConfig({ configFile: args.config, paths: args.paths });
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`invalid configuration:\n${error.message}`);
    throw error;
  }
  return { config, options: { parameters, variables, variableFiles: args.varFile, ...(args.tfDir !== undefined ? { terraformFolder: args.tfDir } : {}) } };
}

/**
 * `--tf-dir` names the folder a plan was made from: one that is not a folder, or holds no `.tf` files (a folder above
 * the configuration), would otherwise be dropped without a word, and with it the plan's own folder.
 */
function checkTerraformFolder(folder: string): void {
  if (!existsSync(folder)) throw new UsageError(`--tf-dir ${folder} does not exist`);
  if (!statSync(folder).isDirectory()) throw new UsageError(`--tf-dir ${folder} is not a folder: name the folder the plan was made from`);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch (error) {
    throw new UsageError(`--tf-dir ${folder} cannot be read: ${fileFailure(error)}`);
  }
  if (!names.some(isTerraformFile)) throw new UsageError(`--tf-dir ${folder} holds no .tf or .tf.json files: name the folder the plan was made from`);
}

/**
 * Refuses to write a report or a baseline over a file the scan reads (a template, a plan, a `.tf` file or a root's
 * `.tfvars`, named or in a scanned folder or the `--tf-dir` folder; a `--var-file`, `--parameters`, `--config` (or the
 * `.deputy.yml` read without it) or `--baseline` file): what the user wrote would be lost. A report written into a
 * scanned folder before is not such a file, and `--write-baseline` may rewrite the `--baseline` it read (that is how
 * a baseline is brought up to date).
 */
export function refuseOverwritingInputs(
  outputs: ReadonlyArray<{ option: string; file: string }>,
  paths: readonly string[],
  inputs: Partial<Pick<InputArgs, 'tfDir' | 'varFile' | 'parameters' | 'config'>> & { baseline?: string | undefined } = {},
): void {
  const roots = [...paths, ...(inputs.tfDir === undefined ? [] : [inputs.tfDir])].map(realOrResolved);
  // Without --config the scan reads the .deputy.yml found upward from the first path, as loadConfig finds it.
  const config = inputs.config ?? findConfigFile(resolve(paths[0] ?? '.'));
  const named = new Set([...(inputs.varFile ?? []), ...(inputs.parameters === undefined ? [] : [inputs.parameters]), ...(config === undefined ? [] : [config])].map(realOrResolved));
  const baseline = inputs.baseline === undefined ? undefined : realOrResolved(inputs.baseline);
  for (const { option, file } of outputs) {
    const target = realOrResolved(file);
    const readBaseline = target === baseline && option !== '--write-baseline';
    if ((named.has(target) || readBaseline) && existsSync(target)) throw new UsageError(`${option} ${file} is a file the scan reads: write it elsewhere`);
    if (!roots.some((root) => target === root || target.startsWith(root.endsWith(sep) ? root : root + sep))) continue;
    let text: string;
    try {
      if (!statSync(target).isFile()) continue;
      text = readSourceText(target);
    } catch {
      continue;
    }
    if (isTerraformFile(basename(target)) || /\.tfvars(\.json)?$/.test(target) || looksLikeTerraformPlan(text) || looksLikeCloudFormation(target, text)) {
      throw new UsageError(`${option} ${file} is a file the scan reads: write it elsewhere`);
    }
  }
}

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

