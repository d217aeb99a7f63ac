import { writeFileSync } from 'node:fs';
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { RULES, findRule } from '../../rules/index.js';
import { BaselineError, createBaseline, entriesNotAnalyzed, readBaseline, renderBaseline, type Baseline, type BaselineEntry } from '../analyze/baseline.js';
import { scan, type ScanResult } from '../analyze/engine.js';
import { SEVERITIES, severityRank, type Severity } from '../model/finding.js';
import { TOOL_VERSION } from '../version.js';
import { renderRuleText } from './explain.js';
import { graphOptions, runGraph, type GraphArgs } from './graph.js';
import { FORMATS, planOutputs, writeOutputs } from './outputs.js';
import { inputOptions, readInputs, refuseOverwritingInputs, singleValued, type InputArgs } from './inputs.js';
import { fileFailure } from '../model/resource.js';
import { inputPlace } from '../report/text.js';
import { UsageError } from './usage-error.js';
import { writeDiagnostic } from './diagnostic.js';
import { UNUSED_SUPPRESSION } from '../analyze/suppress.js';
import { knownRuleIds, withSelectedRules } from '../analyze/config.js';
import { suggestion } from '../analyze/suggest.js';
import { sortTexts } from '../model/order.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;


type FailOn = Severity | 'none';

interface ScanArgs extends InputArgs {
  format?: string | string[];
  output?: string | string[];
  failOn?: FailOn;
  baseline?: string;
  writeBaseline?: string;
  changedOnly: boolean;
  severity?: Severity;
  check?: string[];
  skipCheck?: string[];
  color?: boolean;
}

/** For callers that run deputy in-process (the GitHub Action): sees the scan result before the exit code is decided. */
export interface MainHooks {
  onScanResult?(result: ScanResult): void;
  /** Files the caller writes from the scan result (the Action's `sarif-file`): refused over the files the scan reads, as `--output` is. */
  reports?: ReadonlyArray<{ option: string; file: string }>;
}

/**
 * `--check a,b --check c` as the list of ids it names; an id deputy does not have is a usage error that suggests the
 * nearest, as a misspelt id in the configuration is.
 */
function ruleIds(option: string): (value: string | string[]) => string[] {
  return (value) => {
    const ids = [value].flat().flatMap((list) => list.split(',')).map((id) => id.trim());
    if (ids.some((id) => id === '')) throw new UsageError(`${option} takes rule ids separated by commas, and one of them is empty: ${[value].flat().join(' ')}`);
    const known = knownRuleIds();
    for (const id of ids) if (!known.includes(id)) throw new UsageError(`${option}: unknown rule "${id}"${suggestion(id, known) || '; `deputy rules` lists them'}`);
    return [...new Set(ids)];
  };
}

/** The options of `scan` and `graph` whose next word is their value (a `-` there is that value: `--output -`). */
const VALUE_OPTIONS = new Set(['-f', '--format', '-o', '--output', '--fail-on', '--baseline', '--write-baseline', '-c', '--config', '-p', '--parameter', '--parameters', '--var', '--var-file', '--tf-dir', '--severity', '--check', '--skip-check', '--failOn', '--skipCheck', '--writeBaseline', '--varFile', '--tfDir']);

/**
 * yargs reads neither a `-` path nor the words after `--` as paths, and the scan would read the current folder in their
 * place (`cat stack.yaml | deputy scan -` would pass on whatever the folder holds): deputy reads no standard input, so
 * both are usage errors.
 */
export function refuseUnreadPaths(argv: readonly string[]): void {
  if (argv[0] === 'rules' || argv[0] === 'explain') return;
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index]!;
    if (word === '--') throw new UsageError('the words after "--" are not read as paths: write a path that starts with "-" as ./-name');
    if (word === '-') throw new UsageError('templates are not read from standard input ("-"): name the file or folder to scan');
    if (VALUE_OPTIONS.has(word)) index++;
  }
}

export async function main(argv: string[], hooks: MainHooks = {}): Promise<number> {
  refuseUnreadPaths(argv);
  let exitCode = EXIT_OK;
  const parser = yargs(argv)
    .scriptName('deputy')
    .usage('$0 <command> [options]')
    .command<ScanArgs>(
      ['scan [paths..]', '$0 [paths..]'],
      'Scan CloudFormation templates, Terraform modules and plans for IAM trust and condition mistakes',
      (command) =>
        singleValued(inputOptions(command), ['fail-on', 'severity', 'baseline', 'write-baseline'])
          .option('format', {
            alias: 'f',
            type: 'string',
            requiresArg: true,
            choices: FORMATS,
            describe: 'Output format, repeatable and paired in order with --output (default: text; with GITHUB_ACTIONS=true, annotations and a job summary)',
          })
          .option('output', { alias: 'o', type: 'string', requiresArg: true, describe: 'Write the report of the --format at the same position to this file (repeatable; "-" is standard output)' })
          .option('fail-on', { type: 'string', requiresArg: true, choices: [...SEVERITIES, 'none'] as const, describe: 'Exit 1 when an unsuppressed finding at or above this severity remains (default: failOn of .deputy.yml, else high)' })
          .option('baseline', { type: 'string', requiresArg: true, describe: 'Baseline file: findings it holds are suppressed, only new ones count' })
          .option('write-baseline', { type: 'string', requiresArg: true, describe: 'Write the fingerprints of the current findings to this file and exit 0 (2 on input errors, keeping what the file accepted in the files not analyzed)' })
          .option('severity', { type: 'string', requiresArg: true, choices: SEVERITIES, describe: 'Report only findings at this severity or above (as .deputy.yml sets severities); the exit code follows what is reported' })
          .option('check', { type: 'string', requiresArg: true, coerce: ruleIds('--check'), describe: 'Run only these rules: comma-separated ids (repeatable; deputy rules lists them), also rules .deputy.yml turns off' })
          .option('skip-check', { type: 'string', requiresArg: true, coerce: ruleIds('--skip-check'), describe: 'Do not run these rules: comma-separated ids (repeatable); wins over --check' })
          .option('changed-only', { type: 'boolean', default: false, describe: 'Report only findings that rest on a resource a Terraform plan creates, updates or replaces' })
          .option('color', { type: 'boolean', describe: 'Colour the text output (default: only on a terminal)' }) as unknown as Argv<ScanArgs>,
      async (args) => {
        exitCode = await runScan(args, hooks);
      },
    )
    .command('rules', 'List the rules deputy applies', (command) => command.option('format', { alias: 'f', choices: ['text', 'json'] as const, default: 'text' as const }), (args) => {
      if (args.format === 'json') process.stdout.write(JSON.stringify(RULES.map((rule) => rule.meta), null, 2) + '\n');
      else {
        for (const { meta } of RULES) {
          process.stdout.write(`${meta.id.padEnd(42)} ${meta.severity.padEnd(8)} ${meta.title}\n`);
          // A rule whose findings take another severity by where they are says when, under its title.
          if (meta.severityNote) process.stdout.write(`${' '.repeat(52)}severity: ${meta.severityNote}\n`);
        }
      }
    })
    .command<{ id: string }>('explain <id>', 'Explain a rule: why it matters, examples, the fix', (command) => command.positional('id', { type: 'string', demandOption: true }), (args) => {
      if (args.id === UNUSED_SUPPRESSION.id) {
        const { id, severity, title, summary, help } = UNUSED_SUPPRESSION;
        process.stdout.write(`${id} (${severity})\n${title}\n\n${summary}\n\n${help}\n`);
        return;
      }
      const rule = findRule(args.id);
      if (!rule) throw new UsageError(`unknown rule "${args.id}"${suggestion(args.id, knownRuleIds()) || '; `deputy rules` lists them'}`);
      process.stdout.write(renderRuleText(rule.meta));
    })
    .command<GraphArgs>('graph [paths..]', 'Show the roles, who may assume them, the policies they carry and the SageMaker resources that use them', graphOptions, async (args) => {
      exitCode = (await runGraph(args)).length > 0 ? EXIT_ERROR : EXIT_OK;
    })
    .version(TOOL_VERSION)
    .strict()
    .help()
    .exitProcess(false)
    .fail((message, error) => {
      // `explain <id>` is the one command with a positional it requires: yargs would say only how many it got.
      if (message?.startsWith('Not enough non-option arguments')) throw new UsageError('name the rule to explain: deputy explain <rule-id> (deputy rules lists them)');
      // yargs reports what it validates itself (an option without its value) as a YError.
      throw error instanceof UsageError || !error || error.name === 'YError' ? new UsageError(message ?? error.message) : error;
    });
  skipHelpCache(parser);
  await parser.parseAsync(hideBin(['node', 'deputy', ...argv]));
  return exitCode;
}

/**
 * yargs renders the whole help text after each named command runs, to show it should the command ask for it later
 * (about 60 ms of string-width on every `deputy scan`); deputy's commands never show help, and its fail handler throws
 * instead of printing it, so the text is rendered only when `--help` asks for it.
 */
export function skipHelpCache(parser: Argv): boolean {
  const usage = (parser as unknown as { getInternalMethods?(): { getUsageInstance?(): { cacheHelpMessage?(): void } } }).getInternalMethods?.().getUsageInstance?.();
  if (!usage?.cacheHelpMessage) return false;
  usage.cacheHelpMessage = () => {};
  return true;
}

async function runScan(args: ScanArgs, hooks: MainHooks): Promise<number> {
  const plan = planOutputs(args.format, args.output, process.env);
  const outputs = plan.targets.flatMap(({ file }) => (file === undefined ? [] : [{ option: '--output', file }]));
  // A CI step writing a baseline and a report at once would find the report missing only when it uploads it.
  if (args.writeBaseline !== undefined && outputs.length > 0) throw new UsageError(`--write-baseline writes no report: --output ${outputs[0]!.file} would not be written (run the scan again without --write-baseline for it)`);
  const written = [...outputs, ...(args.writeBaseline === undefined ? [] : [{ option: '--write-baseline', file: args.writeBaseline }])];
  refuseOverwritingInputs([...written, ...(hooks.reports ?? [])], args.paths, args);
  const { config: configured, options } = await readInputs(args);
  const baseline = args.baseline === undefined ? undefined : readBaselineFile(args.baseline);
  if (args.writeBaseline !== undefined) {
    // A baseline records the state of the code, every finding of the rules the configuration runs: one written through
    // what a report is narrowed to would bring back every other finding as new in the next scan that is not narrowed so.
    const result = await scan(args.paths, { ...options, config: configured, ...(baseline ? { baseline } : {}) });
    hooks.onScanResult?.(result);
    return writeBaseline(args.writeBaseline, result, args.paths, reportFilters(args));
  }
  const config = withSelectedRules(configured, { ...(args.check ? { check: args.check } : {}), ...(args.skipCheck ? { skip: args.skipCheck } : {}) });
  const result = await scan(args.paths, { ...options, changedOnly: args.changedOnly, ...(args.severity ? { minimumSeverity: args.severity } : {}), config, ...(baseline ? { baseline } : {}) });
  hooks.onScanResult?.(result);
  writeOutputs(result, plan, { ...(args.color !== undefined ? { color: args.color } : {}), env: process.env });
  if (result.errors.length > 0) return EXIT_ERROR;
  const threshold = args.failOn ?? config.failOn ?? 'high';
  if (threshold === 'none') return EXIT_OK;
  const failing = result.findings.some((finding) => !finding.suppressed && severityRank(finding.severity) >= severityRank(threshold));
  return failing ? EXIT_FINDINGS : EXIT_OK;
}

/** The options given that narrow what a scan reports, as written on the command line. */
function reportFilters(args: ScanArgs): string[] {
  return [
    ...(args.changedOnly ? ['--changed-only'] : []),
    ...(args.severity ? [`--severity ${args.severity}`] : []),
    ...(args.check ? [`--check ${args.check.join(',')}`] : []),
    ...(args.skipCheck ? [`--skip-check ${args.skipCheck.join(',')}`] : []),
  ];
}

/** The entries of the baseline at `file` (when it is one) on files the scan could not analyze. */
function keptEntries(file: string, notAnalyzed: readonly string[], scanned: readonly string[]): BaselineEntry[] {
  let previous: Baseline;
  try {
    previous = readBaseline(file);
  } catch (error) {
    // No baseline there yet, or none this deputy reads (--baseline refuses it): the file is written as it always was.
    if (error instanceof BaselineError) return [];
    throw error;
  }
  return entriesNotAnalyzed(previous, notAnalyzed, process.cwd(), scanned);
}

function readBaselineFile(file: string): { file: string; baseline: ReturnType<typeof readBaseline> } {
  try {
    return { file, baseline: readBaseline(file) };
  } catch (error) {
    if (error instanceof BaselineError) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * Input errors still mean an incomplete baseline: the file is written, the errors shown, and the exit code says so. The
 * entries the baseline it replaces holds for files the errors kept the scan from analyzing are kept, and said: the
 * findings there are not known, and dropping them would make them new once the files are mended.
 */
function writeBaseline(file: string, result: Awaited<ReturnType<typeof scan>>, scanned: readonly string[], filters: readonly string[]): number {
  // An entry a finding of the scan gives again is not kept but written anew.
  const found = new Set(result.findings.map((finding) => finding.fingerprint));
  const kept = result.notAnalyzed ? keptEntries(file, result.notAnalyzed, scanned).filter((entry) => !found.has(entry.fingerprint)) : [];
  const baseline = createBaseline(result.findings, process.cwd(), scanned, kept);
  try {
    writeFileSync(file, renderBaseline(baseline));
  } catch (error) {
    throw new UsageError(`cannot write --write-baseline ${file}: ${fileFailure(error)}`);
  }
  for (const error of result.errors) writeDiagnostic(`${inputPlace(error)}: ${error.message}`);
  if (kept.length > 0) {
    const files = sortTexts([...new Set(kept.map((entry) => entry.file))]);
    writeDiagnostic(`kept ${kept.length} fingerprint${kept.length === 1 ? '' : 's'} from ${file} for the files this scan could not analyze: ${files.join(', ')}`);
  }
  if (filters.length > 0) writeDiagnostic(`${filters.join(', ')} ${filters.length === 1 ? 'narrows' : 'narrow'} what a report shows, not what a baseline records: ${file} records every finding`);
  writeDiagnostic(`wrote ${baseline.entries.length} fingerprint${baseline.entries.length === 1 ? '' : 's'} to ${file}`);
  return result.errors.length > 0 ? EXIT_ERROR : EXIT_OK;
}
