/** What `scan` and `graph` both read: the paths, the configuration, and the values CloudFormation and Terraform inputs take. */
import { existsSync } from 'node:fs';
import type { Argv } from 'yargs';
import { ConfigError, loadConfig, type DeputyConfig } from '../analyze/config.js';
import type { ScanOptions } from '../analyze/engine.js';
import { parseParameterFile, parseParameterPairs } from './parameters.js';
import { UsageError } from './usage-error.js';

export interface InputArgs {
  paths: string[];
  config?: string;
  parameter: string[];
  parameters?: string;
  var: string[];
  varFile: string[];
  tfDir?: string;
}

export function inputOptions(command: Argv): Argv {
  return command
    .positional('paths', { type: 'string', array: true, default: ['.'], describe: 'Files or folders to read' })
    .option('config', { alias: 'c', type: 'string', describe: 'Configuration file (default: the first .deputy.yml from the first path upward to the git root)' })
    .option('parameter', { alias: 'p', type: 'string', array: true, default: [], describe: 'CloudFormation parameter value, Key=Value (repeatable)' })
    .option('parameters', { type: 'string', describe: 'CloudFormation parameter file: [{ParameterKey, ParameterValue}] or {Key: Value}' })
    .option('var', { type: 'string', array: true, default: [], describe: 'Terraform root variable value, NAME=VALUE (repeatable; wins over every variable file)' })
    .option('var-file', { type: 'string', array: true, default: [], describe: "Terraform variable file (.tfvars or .tfvars.json), applied after the root's own tfvars files (repeatable)" })
    .option('tf-dir', { type: 'string', describe: 'The Terraform folder plan JSON files were made from: their findings point at its .tf files' });
}

/** The configuration and the scan options the inputs give; a UsageError for a malformed value or a missing file. */
export async function readInputs(args: InputArgs): Promise<{ config: DeputyConfig; options: Pick<ScanOptions, 'parameters' | 'variables' | 'variableFiles' | 'terraformFolder'> }> {
  const parameters = { ...(args.parameters ? parseParameterFile(args.parameters) : {}), ...parseParameterPairs(args.parameter) };
  const variables: Record<string, string> = {};
  for (const pair of args.var) {
    const index = pair.indexOf('=');
    if (index <= 0) throw new UsageError(`--var expects NAME=VALUE, got "${pair}"`);
    variables[pair.slice(0, index)] = pair.slice(index + 1);
  }
  for (const file of args.varFile) if (!existsSync(file)) throw new UsageError(`--var-file ${file} does not exist`);
  if (args.tfDir !== undefined && !existsSync(args.tfDir)) throw new UsageError(`--tf-dir ${args.tfDir} does not exist`);
  let config: DeputyConfig;
  try {
    config = await loadConfig({ configFile: args.config, paths: args.paths });
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`invalid configuration:\n${error.message}`);
    throw error;
  }
  return { config, options: { parameters, variables, variableFiles: args.varFile, ...(args.tfDir !== undefined ? { terraformFolder: args.tfDir } : {}) } };
}
