import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { RULES, findRule } from '../../rules/index.js';
import { scan } from '../analyze/engine.js';
import { SEVERITIES, severityRank, type Severity } from '../model/finding.js';
import { renderJson } from '../report/json.js';
import { renderText } from '../report/text.js';
import { TOOL_VERSION } from '../version.js';
import { renderRuleText } from './explain.js';
import { parseParameterFile, parseParameterPairs } from './parameters.js';
import { UsageError } from './usage-error.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;


type FailOn = Severity | 'none';

interface ScanArgs {
  paths: string[];
  format: 'text' | 'json';
  output?: string;
  failOn: FailOn;
  parameter: string[];
  parameters?: string;
  var: string[];
  varFile: string[];
  tfDir?: string;
  changedOnly: boolean;
  color?: boolean;
}

export async function main(argv: string[]): Promise<number> {
  let exitCode = EXIT_OK;
  const parser = yargs(argv)
    .scriptName('deputy')
    .usage('$0 <command> [options]')
    .command<ScanArgs>(
      ['scan [paths..]', '$0 [paths..]'],
      'Scan CloudFormation templates for IAM trust and condition mistakes',
      (command) =>
        command
          .positional('paths', { type: 'string', array: true, default: ['.'], describe: 'Files or folders to scan' })
          .option('format', { alias: 'f', choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' })
          .option('output', { alias: 'o', type: 'string', describe: 'Write the report to this file instead of standard output' })
          .option('fail-on', { choices: [...SEVERITIES, 'none'] as const, default: 'high' as const, describe: 'Exit 1 when a finding at or above this severity remains' })
          .option('parameter', { alias: 'p', type: 'string', array: true, default: [], describe: 'CloudFormation parameter value, Key=Value (repeatable)' })
          .option('parameters', { type: 'string', describe: 'CloudFormation parameter file: [{ParameterKey, ParameterValue}] or {Key: Value}' })
          .option('var', { type: 'string', array: true, default: [], describe: 'Terraform root variable value, NAME=VALUE (repeatable; wins over every variable file)' })
          .option('var-file', { type: 'string', array: true, default: [], describe: 'Terraform variable file (.tfvars or .tfvars.json), applied after the root\'s own tfvars files (repeatable)' })
          .option('tf-dir', { type: 'string', describe: 'The Terraform folder plan JSON files were made from: their findings point at its .tf files' })
          .option('changed-only', { type: 'boolean', default: false, describe: 'Report only findings on resources a Terraform plan creates, updates or replaces' })
          .option('color', { type: 'boolean', describe: 'Colour the text output (default: only on a terminal)' }),
      async (args) => {
        exitCode = await runScan(args);
      },
    )
    .command('rules', 'List the rules deputy applies', (command) => command.option('format', { choices: ['text', 'json'] as const, default: 'text' as const }), (args) => {
      if (args.format === 'json') process.stdout.write(JSON.stringify(RULES.map((rule) => rule.meta), null, 2) + '\n');
      else for (const rule of RULES) process.stdout.write(`${rule.meta.id.padEnd(42)} ${rule.meta.severity.padEnd(8)} ${rule.meta.title}\n`);
    })
    .command<{ id: string }>('explain <id>', 'Explain a rule: why it matters, examples, the fix', (command) => command.positional('id', { type: 'string', demandOption: true }), (args) => {
      const rule = findRule(args.id);
      if (!rule) throw new UsageError(`unknown rule "${args.id}"; \`deputy rules\` lists them`);
      process.stdout.write(renderRuleText(rule.meta));
    })
    .version(TOOL_VERSION)
    .strict()
    .help()
    .exitProcess(false)
    .fail((message, error) => {
      throw error instanceof UsageError || !error ? new UsageError(message ?? String(error)) : error;
    });
  await parser.parseAsync(hideBin(['node', 'deputy', ...argv]));
  return exitCode;
}

async function runScan(args: ScanArgs): Promise<number> {
  const parameters = {
    ...(args.parameters ? parseParameterFile(args.parameters) : {}),
    ...parseParameterPairs(args.parameter),
  };
  const variables: Record<string, string> = {};
  for (const pair of args.var) {
    const index = pair.indexOf('=');
    if (index <= 0) throw new UsageError(`--var expects NAME=VALUE, got "${pair}"`);
    variables[pair.slice(0, index)] = pair.slice(index + 1);
  }
  for (const file of args.varFile) if (!existsSync(file)) throw new UsageError(`--var-file ${file} does not exist`);
  if (args.tfDir !== undefined && !existsSync(args.tfDir)) throw new UsageError(`--tf-dir ${args.tfDir} does not exist`);
  const result = await scan(args.paths, { parameters, variables, variableFiles: args.varFile, ...(args.tfDir !== undefined ? { terraformFolder: args.tfDir } : {}), changedOnly: args.changedOnly });
  const color = args.color ?? (!args.output && process.stdout.isTTY === true && !process.env.NO_COLOR);
  const rendered =
    args.format === 'json'
      ? renderJson(result)
      : renderText(result, {
          color,
          readSource: (file) => {
            try {
              return readFileSync(file, 'utf8');
            } catch {
              return undefined;
            }
          },
        });
  if (args.output) {
    try {
      writeFileSync(args.output, rendered);
    } catch (error) {
      throw new UsageError(`cannot write --output ${args.output}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  } else process.stdout.write(rendered);
  if (result.errors.length > 0) return EXIT_ERROR;
  const threshold = args.failOn;
  if (threshold === 'none') return EXIT_OK;
  const failing = result.findings.some((finding) => !finding.suppressed && severityRank(finding.severity) >= severityRank(threshold));
  return failing ? EXIT_FINDINGS : EXIT_OK;
}
