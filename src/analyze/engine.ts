import { hash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { decodeText, readCheckedSourceText } from '../../parsers/source-text.js';
import { lineColumn } from '../../parsers/cloudformation/fast.js';
import { RULES } from '../../rules/index.js';
import { coveredInEach, notesSharedPlace, withoutCoveredUsers, WRITTEN_ONCE_FOR } from '../../rules/trust/fix.js';
import { someOf } from '../../rules/support.js';
import { hasTemplateExtension, looksLikeCloudFormation, parseCloudFormation } from '../../parsers/cloudformation/index.js';
import { looksLikeBinaryTerraformPlan, looksLikeShownTerraformState, looksLikeTerraformPlan, looksLikeTerraformPlanLog, looksLikeTerraformState, parseTerraformPlan, type TerraformPlanOptions } from '../../parsers/terraform-plan/index.js';
import { ResourceGraph } from '../graph/graph.js';
import { mergeGraphSummaries, summarizeWorlds, type GraphSummary } from '../graph/summary.js';
import { readJsonText, type NormalizedTexts } from '../iam/normalize.js';
import type { Finding, Severity } from '../model/finding.js';
import { SEVERITIES, mostSevereFirst, severityRank } from '../model/finding.js';
import { encloses, locationKey, pathKey, type Path, type SourceLocation } from '../model/location.js';
import { Unresolved, bothWhens, displayString, escapeRegExp, inTerraformTerms, isObject, NOT_READ, loneReferencePayload, stepInto, valueAtPath, type OwnerValuesKnown, type Value } from '../model/value.js';
import { dnsSuffixOf, partitionOfRegion } from '../model/arn.js';
import { distinctByPlace, ownerDataSourceReference, fileFailure, type Edge, type OwnerDataSource, type InputError, type Notice, type ParsedFile, type ParsedWorld, type Resource, type UnanalyzedPart } from '../model/resource.js';
import type { Rule, RuleContext, RuleMeta, RuleReport } from '../model/rule.js';
import { compareText, sortTexts } from '../model/order.js';
import { LargeMap } from '../model/large-map.js';
import { listAt } from '../model/maps.js';
import type { TerraformScan } from '../../parsers/terraform/index.js';
import { applyBaseline, type Baseline } from './baseline.js';
import { applyRuleSettings, configuredSeverities, emptyConfig, enabledRules, knownRuleIds, ruleContextFor, type DeputyConfig } from './config.js';
import { MAX_FILE_BYTES, discover, displayPath, scanRoots, type Candidate } from './discover.js';
import { isIgnoredPath, isInside } from './glob.js';
import { StablePaths, realPath } from './repository.js';
import { isTerraformFile } from '../../parsers/terraform/detect.js';
import { applyConfigSuppressions, applyInlineSuppressions } from './suppress.js';
import { setOwn, withProperties } from '../model/objects.js';
import { masking, maskedFinding, maskedGraph, type MaskedValue } from '../model/masked.js';

export type { Notice } from '../model/resource.js';

export interface ScanOptions {
  /** CloudFormation parameter values (`--parameter`, `--parameters`). */
  parameters?: Record<string, string>;
  /** Terraform root variable values (`--var NAME=VALUE`), applied after every variable file. */
  variables?: Record<string, string>;
  /** Terraform variable files (`--var-file`), in order, after each root's own tfvars files. */
  variableFiles?: string[];
  /** The Terraform folder plan JSON files were made from (`--tf-dir`); by default a plan's own folder when it holds `.tf` files. */
  terraformFolder?: string;
  /** Report findings only on resources a plan creates, updates or replaces (`--changed-only`). */
  changedOnly?: boolean;
  /** Report only findings at this severity or above, as the configuration's `rules` set it (`--severity`). */
  minimumSeverity?: Severity;
  cwd?: string;
  rules?: readonly Rule[];
  /** `.deputy.yml` as read by `loadConfig` (rules, context for the rules, ignore paths and entries). */
  config?: DeputyConfig;
  /** Findings whose fingerprint the baseline holds are marked suppressed. */
  baseline?: { file: string; baseline: Baseline };
  /** The instant of the scan (milliseconds since the epoch) the rules read conditions on the request's time at; the clock's when the scan starts by default. */
  now?: number;
}

export interface ScanResult {
  findings: Finding[];
  errors: InputError[];
  /** What deputy could not fully analyze and why (a transform it does not expand, a capped set of branches). */
  notices: Notice[];
  /** The severity `.deputy.yml` gives a rule, by rule id: its findings have it, and reports that describe the rule say it. */
  configuredSeverities: Readonly<Record<string, Severity>>;
  summary: {
    /** The templates, plans and `.tf` files read: one that does not parse is not (ScanResult.notAnalyzed names it). */
    filesAnalyzed: number;
    resources: number;
    findings: number;
    bySeverity: Record<Severity, number>;
    byRule: Record<string, number>;
    errors: number;
  };
  /**
   * The roles, who may assume them, their policies and the SageMaker resources that use them. Computed on first
   * read: their line numbers need the precise parse of every template, which plain scans do not pay for.
   */
  readonly graph: GraphSummary;
  /**
   * The paths (as `errors` name them) of what input errors kept the scan from analyzing whole, a folder for every file in
   * it: a template or plan that does not parse, the `.tf` files of a configuration Terraform refuses. Their findings are
   * not known, so a baseline written from the scan keeps what it accepted there. Absent when every input was analyzed.
   */
  notAnalyzed?: string[];
  /**
   * What masks the values supplied for NoEcho parameters and sensitive Terraform root variables: the findings, errors,
   * notices and graph are masked already, and a report that quotes source lines passes them through it (a plan holds
   * the values in its text). Undefined when no value is masked.
   */
  mask?: (text: string) => string;
}

/** Scans files and folders: discovery, parsing, one graph per template world, rules, findings. */
export async function scan(paths: string[], options: ScanOptions = {}): Promise<ScanResult> {
  const cwd = options.cwd ?? process.cwd();
  const config = options.config ?? emptyConfig(cwd);
  const rules = enabledRules(options.rules ?? RULES, config);
  const runningRules = new Map(rules.map((rule) => [rule.meta.id, rule.meta.family]));
  const knownIds = knownRuleIds();
  const ruleContext = ruleContextFor(config, options.now ?? Date.now());
  const scanned = paths.length > 0 ? paths : ['.'];
  const discovered = discover(scanned, options.cwd);
  const roots = scanRoots(scanned, cwd);
  const stablePaths = new StablePaths(cwd, scanned);
  const planRoots = options.terraformFolder === undefined ? roots : [...roots, ...scanRoots([options.terraformFolder], cwd)];
  const errors = discovered.errors;
  /** See ScanResult.notAnalyzed: a path the scan could not read is one. */
  const notAnalyzed = errors.map((error) => error.file);
  /** An input error that leaves its file not analyzed. */
  const refuse = (error: InputError): void => {
    errors.push(error);
    notAnalyzed.push(error.file);
  };
  /** A failure inside deputy while analyzing `what` of the files: each is refused, the stack shown once under DEPUTY_DEBUG. */
  const refuseInternal = (files: readonly string[], what: string, error: unknown): void => {
    for (const file of files) refuse({ file, message: `internal error while analyzing ${what}: ${(error as Error).message}` });
    if (process.env.DEPUTY_DEBUG) console.error(error);
  };
  let findings: Finding[] = [];
  const ignorePaths = config.ignorePaths ?? [];
  const notices = discovered.unread.filter((entry) => !isIgnoredPath(config.directory, ignorePaths, entry.absolute)).map((entry) => entry.notice);
  const candidates = discovered.candidates.filter((candidate) => {
    if (!isIgnoredPath(config.directory, ignorePaths, candidate.absolute)) return true;
    if (candidate.explicit) notices.push({ file: candidate.file, message: `not analyzed: matched by ignorePaths in ${config.file ?? 'the configuration'}` });
    return false;
  });
  const terraformFolders = discovered.terraformFolders.filter((folder) => !isIgnoredPath(config.directory, ignorePaths, folder.absolute) && !filesIgnored(folder, config, ignorePaths, notices));
  /**
   * Terraform folders (by real path) whose plan was analyzed, and the local module folders it calls: the plan is the
   * more faithful input, so their `.tf` files are not analyzed again.
   */
  const plannedFolders = new Map<string, { plan: string; calledModule: boolean }>();
  /** The real paths of the Terraform folders the scan analyzes, once a plan asks whether its folder is one. */
  let scannedFolderPaths: ReadonlySet<string> | undefined;
  const declaredParameters = new Set<string>();
  /** The values supplied for NoEcho parameters and sensitive Terraform root variables: every report shows them masked, in any file (one value, one secret). */
  const maskedValues: MaskedValue[] = [];
  /** The variables of the Terraform root modules analyzed from their `.tf` files (a plan takes no `--var`). */
  const declaredVariables = new Set<string>();
  /** Whether a plan was analyzed: a `--var` beside one may be the value it was made with (`terraform plan -var`). */
  let planAnalyzed = false;
  const parsedInputs: Array<Pick<ParsedFile, 'file' | 'worlds'>> = [];
  /** What the analyzed files declare that deputy does not analyze whole: a config entry for it is not reported unused. */
  const unanalyzed: UnanalyzedPart[] = [];
  let filesAnalyzed = 0;
  let resources = 0;
  /** The files analyzed as CloudFormation templates, by absolute path. */
  const templateFiles = new Set<string>();
  /** The templates Terraform stacks and stack sets deploy, analyzed once every template file is known. */
  const deployedByTerraform: ParsedFile[] = [];
  /**
   * Analyzes what a parsed input holds. The templates a template's stack sets (or a Terraform stack or stack set)
   * deploy are analyzed as it is: in it, they are reported on the file that writes them.
   */
  const analyzeInput = (input: ParsedFile): void => {
    maskedValues.push(...(input.maskedValues ?? []));
    const graphs = graphsOf(input);
    resources += resourceCount(graphs);
    errors.push(...input.errors);
    // A plan's findings are on the plan (they point at its .tf files), as a template's are on the template.
    if (input.incomplete && !notAnalyzed.includes(input.file)) notAnalyzed.push(input.file);
    notices.push(...input.notices);
    unanalyzed.push(...(input.unanalyzed ?? []));
    const suppressed = applyInlineSuppressions(input, analyzeFile(input, rules, ruleContext, stablePaths, graphs), knownIds, runningRules, stablePaths);
    findings.push(...suppressed.findings);
    errors.push(...suppressed.errors);
    parsedInputs.push({ file: input.file, worlds: input.worlds });
  };
  for (const candidate of candidates) {
    let text: string;
    let notUtf8: number[] | undefined;
    try {
      const size = statSync(candidate.absolute).size;
      const plan = size > MAX_FILE_BYTES && startsLikePlan(candidate.absolute);
      const limit = plan ? MAX_PLAN_BYTES : MAX_FILE_BYTES;
      if (size > limit) {
        // A file found in a folder that starts as a plan is one, as it would be if read: skipped, it would pass unread.
        if (candidate.explicit || plan) refuse({ file: candidate.file, message: `file is larger than ${limit / 1024 / 1024} MiB; not analyzed` });
        continue;
      }
      // A pipe or a device says no size: the read stops at the largest any input may be.
      ({ text, notUtf8 } = readCheckedSourceText(candidate.absolute, MAX_PLAN_BYTES));
    } catch (error) {
      const tooLarge = (error as NodeJS.ErrnoException).code === 'ERR_FS_FILE_TOO_LARGE';
      if (!tooLarge || candidate.explicit) refuse({ file: candidate.file, message: tooLarge ? `file is larger than ${MAX_PLAN_BYTES / 1024 / 1024} MiB; not analyzed` : `cannot read file: ${fileFailure(error)}` });
      continue;
    }
    const isPlan = looksLikeTerraformPlan(text);
    // Meant as the plan wherever it is (a CI step's `terraform plan -json > plan.json`): skipped, that plan would pass unread.
    const notThePlan = isPlan ? undefined : writtenForPlan(text);
    if (notThePlan) {
      refuse({ file: candidate.file, message: notThePlan });
      continue;
    }
    if (!isPlan && !looksLikeCloudFormation(candidate.file, text)) {
      if (candidate.explicit) refuse({ file: candidate.file, message: notRecognised(candidate.file, text) });
      continue;
    }
    if (notUtf8) {
      refuse({ file: candidate.file, ...lineColumn(text, notUtf8[0]!), message: isPlan ? NOT_UTF8_PLAN : NOT_UTF8_TEMPLATE });
      continue;
    }
    try {
      const planFolder = isPlan ? planOptions(candidate, planRoots, options, cwd, (scannedFolderPaths ??= new Set(terraformFolders.map((folder) => realPath(folder.absolute))))) : undefined;
      const parsed = planFolder
        ? parseTerraformPlan(candidate.file, text, planFolder)
        : parseCloudFormation(candidate.file, text, { parameters: options.parameters ?? {} });
      planAnalyzed ||= planFolder !== undefined;
      (parsed.terraformFolders ?? []).forEach((folder, index) => {
        // A folder with a plan of its own is told as that plan's root, whichever plan calls it as a module.
        const real = realPath(folder);
        const known = plannedFolders.get(real);
        if (!known || (known.calledModule && index === 0)) plannedFolders.set(real, { plan: candidate.file, calledModule: index > 0 });
      });
      if (!planFolder) templateFiles.add(candidate.absolute);
      // A file that does not parse is no file analyzed, whatever it was taken for: its errors say so.
      if (parsed.worlds.length > 0) filesAnalyzed++;
      // A template a stack set deploys is given none of the --parameter values.
      for (const name of parsed.declaredParameters) declaredParameters.add(name);
      analyzeInput(parsed);
      if (planFolder) deployedByTerraform.push(...(parsed.deployedTemplates ?? []));
      else for (const template of parsed.deployedTemplates ?? []) analyzeInput(template);
    } catch (error) {
      refuseInternal([candidate.file], 'this file', error);
    }
  }
  const unplannedFolders = terraformFolders.filter((folder) => {
    const planned = plannedFolders.get(realPath(folder.absolute));
    if (planned?.calledModule) notices.push({ file: folder.file, message: `a local module of a configuration analyzed through its plan ${planned.plan}; not analyzed as a root module` });
    else if (planned) notices.push({ file: folder.file, message: `analyzed through its plan ${planned.plan}; its .tf files are not analyzed again` });
    return planned === undefined;
  });
  // A failure inside deputy that the Terraform reading does not contain to one folder stops it alone: the templates and
  // plans are still reported.
  const terraform = unplannedFolders.length === 0 ? undefined : await scanTerraform(unplannedFolders, roots, options, cwd).catch((error: unknown) => {
    refuseInternal(unplannedFolders.map((folder) => folder.file), 'this Terraform configuration', error);
    return undefined;
  });
  if (terraform) {
    filesAnalyzed += terraform.filesAnalyzed;
    errors.push(...terraform.errors);
    notAnalyzed.push(...terraform.notAnalyzed);
    for (const parsed of terraform.files) {
      for (const name of parsed.declaredParameters) declaredVariables.add(name);
      maskedValues.push(...(parsed.maskedValues ?? []));
      const graphs = graphsOf(parsed);
      resources += resourceCount(graphs);
      notices.push(...parsed.notices);
      unanalyzed.push(...(parsed.unanalyzed ?? []));
      try {
        const suppressed = applyInlineSuppressions(parsed, analyzeFile(parsed, rules, ruleContext, stablePaths, graphs), knownIds, runningRules, stablePaths);
        findings.push(...suppressed.findings);
        errors.push(...suppressed.errors);
        parsedInputs.push({ file: parsed.file, worlds: parsed.worlds });
        deployedByTerraform.push(...(parsed.deployedTemplates ?? []));
      } catch (error) {
        refuseInternal([parsed.file], 'this module', error);
      }
    }
  }
  // A template file() reads that the scan analyzes on its own is reported there, at the address it always had.
  for (const template of deployedByTerraform) {
    try {
      if (!templateFiles.has(resolve(cwd, template.file))) analyzeInput(template);
    } catch (error) {
      refuseInternal([template.file], 'this template', error);
    }
  }
  // A value no analyzed input reads (a misspelt name, the wrong folder scanned) would leave the analysis as it is
  // without saying so; a scan that analyzed nothing says that already.
  for (const name of Object.keys(options.parameters ?? {})) {
    if (filesAnalyzed > 0 && !declaredParameters.has(name)) errors.push({ file: '(command line)', message: `parameter ${name} is not declared by any scanned template` });
  }
  for (const name of Object.keys(options.variables ?? {})) {
    if (filesAnalyzed > 0 && !planAnalyzed && !declaredVariables.has(name)) errors.push({ file: '(command line)', message: `variable ${name} (--var) is not declared by any scanned root module` });
  }
  // Options only a plan reads: without one, --tf-dir names the folder of a plan the scan was not given, and --changed-only
  // leaves every finding in.
  if (filesAnalyzed > 0 && !planAnalyzed) {
    if (options.terraformFolder !== undefined) errors.push({ file: '(command line)', message: `--tf-dir ${options.terraformFolder} is read for the Terraform plans scanned, and no scanned file is a plan (terraform show -json): scan the plan too, or leave --tf-dir out` });
    if (options.changedOnly) notices.push({ file: '(command line)', message: '--changed-only keeps the findings on what a Terraform plan changes, and no scanned file is a plan: every finding is reported' });
  }
  findings = distinctFindings(findings, stablePaths);
  // Config entries see every finding: one on a resource the plan leaves alone is still suppressed, not unused.
  findings = applyConfigSuppressions(findings, config, runningRules, stablePaths, scansFolder(scanned, config.directory, cwd), unanalyzed);
  if (options.changedOnly) findings = findings.filter((finding) => finding.changed !== false);
  findings = applyRuleSettings(findings, config);
  if (options.minimumSeverity) findings = findings.filter(atLeast(options.minimumSeverity));
  if (options.baseline) findings = applyBaseline(findings, options.baseline.baseline, options.baseline.file);
  findings.sort(compareFindings);
  let graph: GraphSummary | undefined;
  // The analysis read the values as they are: only what the result shows is masked, here, once for every report.
  const mask = masking(maskedValues);
  const masked = <T extends { message: string }>(entry: T): T => (mask ? { ...entry, message: mask(entry.message) } : entry);
  if (mask) findings = findings.map((finding) => maskedFinding(finding, mask));
  const reported = distinctByPlace(errors).sort(compareInputErrors).map(masked);
  return {
    findings,
    errors: reported,
    notices: distinctByPlace(notices).map(masked),
    configuredSeverities: configuredSeverities(config),
    summary: summarize(findings, reported, filesAnalyzed, resources),
    ...(notAnalyzed.length > 0 ? { notAnalyzed: [...new Set(notAnalyzed)] } : {}),
    ...(mask ? { mask } : {}),
    get graph() {
      if (graph) return graph;
      const merged = mergeGraphSummaries(parsedInputs.map(summarizeWorlds));
      return (graph = mask ? maskedGraph(merged, mask) : merged);
    },
  };
}

function atLeast(minimum: Severity): (finding: Finding) => boolean {
  const rank = severityRank(minimum);
  return (finding) => severityRank(finding.severity) >= rank;
}

/** The graph of each world of a file: the resource count reads them, then the rules run on them. */
function graphsOf(parsed: ParsedFile): ResourceGraph[] {
  return parsed.worlds.map((world) => new ResourceGraph(world));
}

/** Whether a scanned path is the configuration's folder or a folder holding it: then the scan read every file it names. */
function scansFolder(scanned: readonly string[], directory: string, cwd: string): boolean {
  const folder = realPath(resolve(cwd, directory));
  return scanned.some((path) => isInside(folder, realPath(resolve(cwd, path))));
}

/** The distinct addresses of the worlds' resources (a resource is in every world of its template). */
function resourceCount(graphs: readonly ResourceGraph[]): number {
  // One world (every plan and most templates): its graph indexes the addresses already.
  if (graphs.length === 1) return graphs[0]!.addressCount;
  const addresses = new Set<string>();
  for (const graph of graphs) for (const resource of graph.resources()) addresses.add(resource.address);
  return addresses.size;
}

/**
 * YAML 1.2 and JSON are Unicode, and cfn-lint decodes a template whole as UTF-8 (the AWS CLI reads `file://` in the
 * system's encoding, UTF-8 on most CI runners), so a byte that is not UTF-8 refuses the template wherever it is, in a
 * YAML comment too. Terraform's JSON encoder writes such bytes as U+FFFD, so a plan holding them was re-encoded after
 * it, and its text is not the plan's.
 */
const NOT_UTF8_TEMPLATE = 'holds bytes that are not UTF-8, the first here: a template must be UTF-8 (YAML and JSON are Unicode; cfn-lint refuses this file, and so does the AWS CLI where it reads files as UTF-8), so it is not analyzed; save it as UTF-8';
const NOT_UTF8_PLAN =
  'holds bytes that are not UTF-8, the first here: terraform show -json writes only UTF-8, so this file was re-encoded after it (as by Windows PowerShell 5.1 Set-Content, in the ANSI code page) and is not analyzed; write it again with terraform show -json plan.bin > plan.json';

const STATE_NOT_PLAN = 'a Terraform state, not a plan: deputy reads plans, written with terraform plan -out plan.bin && terraform show -json plan.bin > plan.json';

/**
 * Why a file that Terraform writes where a plan is often meant is none: the log of `terraform plan -json`, the binary
 * plan of `terraform plan -out`, or `terraform show -json` without the plan file, which shows the state.
 */
function writtenForPlan(text: string): string | undefined {
  if (looksLikeTerraformPlanLog(text)) return 'the log terraform plan -json writes (a JSON message a line), not a plan: write the plan with terraform plan -out plan.bin, then terraform show -json plan.bin > plan.json';
  if (looksLikeBinaryTerraformPlan(text)) return 'the binary plan terraform plan -out writes, not its JSON: write that with terraform show -json plan.bin > plan.json';
  return looksLikeShownTerraformState(text) ? STATE_NOT_PLAN : undefined;
}

/** Plans of large configurations run to tens of megabytes: they may be bigger than other inputs. */
const MAX_PLAN_BYTES = 256 * 1024 * 1024;

/** Terraform writes `format_version` first: enough to let a large file through to plan detection. */
function startsLikePlan(path: string): boolean {
  const buffer = Buffer.alloc(128);
  const descriptor = openSync(path, 'r');
  try {
    return /^\s*\{\s*"format_version"\s*:/.test(decodeText(buffer.subarray(0, readSync(descriptor, buffer, 0, buffer.length, 0))));
  } finally {
    closeSync(descriptor);
  }
}

/**
 * Whether `ignorePaths` names every `.tf`/`.tf.json` file of a Terraform folder (`*.tf`, `legacy/main.tf`), which skips
 * the module (said where it was named); one naming only some skips nothing, since Terraform reads a folder whole, and a
 * notice says so.
 */
function filesIgnored(folder: Candidate, config: DeputyConfig, ignorePaths: readonly string[], notices: Notice[]): boolean {
  if (ignorePaths.length === 0) return false;
  let names: string[];
  try {
    names = readdirSync(folder.absolute).filter(isTerraformFile);
  } catch {
    return false;
  }
  const ignored = names.filter((name) => isIgnoredPath(config.directory, ignorePaths, resolve(folder.absolute, name)));
  if (ignored.length === 0) return false;
  const configFile = config.file ?? 'the configuration';
  if (ignored.length === names.length) {
    if (folder.explicit) notices.push({ file: folder.file, message: `not analyzed: its Terraform files are matched by ignorePaths in ${configFile}` });
    return true;
  }
  notices.push({
    file: folder.file,
    message: `ignorePaths in ${configFile} matches ${sortTexts(ignored).join(', ')} but not the module's other files: Terraform reads a module folder whole, so it is analyzed with them (name the folder to skip it)`,
  });
  return false;
}

/** Where a plan's findings point: the `.tf` files of `--tf-dir`, else of the plan's own folder when it has them. */
function planOptions(candidate: Candidate, roots: readonly string[], options: ScanOptions, cwd: string, scannedFolderPaths: ReadonlySet<string>): TerraformPlanOptions {
  const folder = options.terraformFolder !== undefined ? resolve(cwd, options.terraformFolder) : dirname(candidate.absolute);
  let hasTerraformFiles: boolean;
  try {
    hasTerraformFiles = readdirSync(folder).some(isTerraformFile);
  } catch {
    hasTerraformFiles = false;
  }
  if (!hasTerraformFiles) return {};
  return {
    terraformFolder: { absolute: folder, display: displayPath(cwd, folder), scanned: scannedFolderPaths.has(realPath(folder)) },
    ...(options.terraformFolder !== undefined ? { terraformFolderGiven: true } : {}),
    readable: (real) => roots.some((root) => real === root || real.startsWith(root + sep)),
  };
}

/** Terraform module folders: loaded lazily, so a scan without `.tf` files never loads the HCL parser. */
async function scanTerraform(folders: Candidate[], roots: readonly string[], options: ScanOptions, cwd: string): Promise<TerraformScan> {
  const { parseTerraform } = await import('../../parsers/terraform/index.js');
  return parseTerraform(folders, {
    scanRoots: [...roots],
    display: (absolute) => displayPath(cwd, absolute),
    variables: options.variables ?? {},
    variableFiles: (options.variableFiles ?? []).map((file) => resolve(cwd, file)),
  });
}

/** Why an explicitly named file is not analyzed. */
function notRecognised(file: string, text: string): string {
  if (text.replace(/^\uFEFF/, '').trim() === '') return 'empty: no template or plan to analyze';
  if (looksLikeTerraformState(text)) return STATE_NOT_PLAN;
  if (/\.tfvars(?:\.json)?$/.test(file)) return "a Terraform variable file, read with the module it sets: scan the module's folder, which reads its own terraform.tfvars and *.auto.tfvars, and give any other with --var-file";
  if (!hasTemplateExtension(file)) {
    return 'not a Terraform plan (terraform show -json), and CloudFormation templates are read only from .yaml, .yml, .json, .template, .cfn and .txt files';
  }
  return 'not recognised as a CloudFormation template (no AWSTemplateFormatVersion, no SAM Transform, no top-level Resources mapping with a typed resource) or a Terraform plan (terraform show -json)';
}

/** Plan changes `--changed-only` keeps findings for. */
const CHANGES = new Set(['create', 'update', 'replace']);

/** Whether the plan creates, updates or replaces the resource. */
function isChanged(resource: Resource): boolean {
  return resource.change !== undefined && CHANGES.has(resource.change);
}

/**
 * Runs the rules on every world of a file and merges the findings: one that holds only in some worlds says when. Findings
 * alike but for their fixes are kept apart (fixKey), then those of one mistake are one that says each text with when
 * (oneWhereFingerprintsAgree), and each fix with the worlds it is for where their snippets differ: a fix is true in
 * every world it says it is for.
 */
export function analyzeFile(parsed: ParsedFile, rules: readonly Rule[], context: RuleContext, paths = new StablePaths(process.cwd(), []), graphs = graphsOf(parsed)): Finding[] {
  // A fingerprint holds no value supplied for a NoEcho parameter: a report's fingerprints would let a guess be checked.
  const mask = masking(parsed.maskedValues ?? []);
  // The rules make up no name of a masked value (a fix's parameter named after a partner account a NoEcho parameter gives),
  // nor of a NoEcho parameter's Default, which reports show.
  const naming = parsed.unnamedValues ? masking([...(parsed.maskedValues ?? []), ...parsed.unnamedValues]) : mask;
  const fileContext = naming ? { ...context, mask: naming } : context;
  // The deployed findings' fingerprints are masked alike, or a finding on a masked value would never be found deployed.
  const deployed = parsed.changesNothing ? asDeployed : parsed.deployedWorld && deployedFindings(parsed.deployedWorld, fileContext, paths, graphs[0]?.texts, mask);
  const perWorld = graphs.map((graph) => noteDifferingFixes(runRules(graph, rules, fileContext, paths, deployed, mask)));
  if (perWorld.length === 1) return perWorld[0]!;
  // By the finding without its own branch: the worlds' findings alike but for it are one, which says each world's.
  const merged = new Map<string, InWorlds[]>();
  perWorld.forEach((findings, index) => {
    const byKey = new Map<string, Finding[]>();
    for (const finding of findings) listAt(byKey, `${finding.resource.address}\u0000${sameFindingKey({ ...finding, message: withoutOwnBranch(finding) })}\u0000${fixKey(finding)}`).push(finding);
    for (const [key, found] of byKey) pairWithEntries(listAt(merged, key), found, index);
  });
  /**
   * What tells the worlds `found` of a finding from the others `among` (every world by default): the conditions of its
   * resources and of what reaches them, and the values of the parameters its principals are named by (of every
   * parameter, `everyParameter`: what tells apart worlds a finding holds in alike may be any value).
   */
  const describerOf = (finding: Finding, everyParameter = false) => {
    const addresses = [finding.resource.address, ...finding.related.flatMap((related) => (related.resource ? [related.resource] : []))];
    const relevant = new Set(addresses.flatMap((address) => parsed.resourceConditions[address] ?? []));
    for (const name of reachConditions(parsed, graphs, finding.resource.address)) relevant.add(name);
    const around = new Set([finding.location, ...finding.related.map(({ location }) => location)].flatMap((location) => parsed.conditionsAround?.(location) ?? []));
    const named = new Set(everyParameter ? parsed.worlds.flatMap((world) => Object.keys(world.parameters ?? {})) : addresses.flatMap((address) => parsed.principalParameters?.[address] ?? []));
    const parameters = { named, lists: new Set(parsed.principalListParameters) };
    return (found: number[], among?: number[]) => {
      const worlds = among ? among.map((index) => parsed.worlds[index]!) : parsed.worlds;
      const at = among ? found.map((index) => among.indexOf(index)) : found;
      const told = describeBranch(worlds, at, relevant, around, parameters);
      if (told !== SOME_PARAMETER_VALUES) return told;
      // The conditions of the resources that use the role, which decide the fix a trust finding gives (fixKey).
      const users = graphs.flatMap((graph) => graph.usersOfRole(finding.resource.address)).flatMap(({ user }) => parsed.resourceConditions[user.address] ?? []);
      return users.length === 0 ? told : describeBranch(worlds, at, new Set([...relevant, ...users]), around, parameters);
    };
  };
  /** When the finding of `entry` holds: undefined where it holds in every world, alike in each. */
  const branchOf = ({ finding, worlds, ownBranches }: InWorlds): string | undefined => {
    const differing = new Set(worlds.map((world) => ownBranches.get(world))).size > 1;
    if (worlds.length === parsed.worlds.length && !differing) return undefined;
    const described = describerOf(finding);
    if (!differing) {
      const inWorlds = described(worlds);
      // A finding that says when within its worlds holds only when both do: one branch, said once.
      return finding.branch === undefined ? inWorlds : bothBranches(inWorlds, finding.branch);
    }
    // Each own branch in the worlds that say it, one or another: first the worlds where the finding holds in any case.
    const byOwn = new Map<string | undefined, number[]>();
    for (const world of worlds) listAt(byOwn, ownBranches.get(world)).push(world);
    return eachOwnBranch([...byOwn].sort(([a], [b]) => Number(a !== undefined) - Number(b !== undefined)).map(([own, found]) => ({ own, worlds: described(found) })));
  };
  const merges = oneWhereBranchesAgree(oneWherePlacesAgree([...merged.values()].flat(), parsed.worlds), parsed);
  return oneWhereFingerprintsAgree(merges).map((entry) => {
    if (entry.variants) {
      // Said as its texts' worlds are: by every parameter, and by each variant's worlds where no one "and" tells them.
      const described = describerOf(entry.finding, true);
      const { finding, saysWhen } = saidInEachVariant(entry, entry.variants, described);
      if (entry.worlds.length === parsed.worlds.length) return finding;
      const branch = eachPartTold(described, entry.variants.map(({ worlds }) => worlds));
      return withProperties(finding, { branch, message: saysWhen ? finding.message : `${finding.message} (${branch})` });
    }
    const branch = branchOf(entry);
    const finding = coveringInEveryWorld(entry);
    if (branch === undefined) return finding;
    return withProperties(finding, { branch, message: `${withoutOwnBranch(finding)} (${branch})` });
  });
}

/**
 * The findings of several worlds of one rule at one place on one resource with one fingerprint and related places, each
 * in worlds none of the others is made in, whose messages or fixes still differ (a time window a parameter's value
 * starts, a note on the roles a shared statement is written for in some worlds, a trust condition naming the pipeline
 * that uses the role in some worlds and any SageMaker ARN in others): one mistake, one finding, in the worlds of all,
 * that says what differs with the worlds it holds in (`saidInEachVariant`). Findings that say an own branch keep their
 * own.
 */
function oneWhereFingerprintsAgree(entries: InWorlds[]): InWorlds[] {
  const alike = new Map<string, InWorlds[]>();
  for (const entry of entries) {
    const { finding } = entry;
    if ([...entry.ownBranches.values()].some((own) => own !== undefined)) continue;
    const related = finding.related.map((place) => `${place.resource ?? ''}\u0001${locationKey(place.location)}\u0001${place.message}`).join('\u0002');
    listAt(alike, [finding.resource.address, finding.ruleId, locationKey(finding.location), finding.fingerprint, finding.severity, finding.fix ? 'fix' : '', related].join('\u0000')).push(entry);
  }
  // Each merged finding in place of its first variant, the others left out.
  const replaced = new Map<InWorlds, InWorlds | undefined>();
  for (const group of alike.values()) {
    if (group.length < 2) continue;
    // Findings that share a world are two mistakes there.
    const worlds = group.flatMap((entry) => entry.worlds);
    if (new Set(worlds).size < worlds.length) continue;
    const variants = group.sort((a, b) => a.worlds[0]! - b.worlds[0]!);
    const [first] = variants;
    const merged: InWorlds = { finding: first!.finding, worlds: [], ownBranches: new Map(), fixDescriptions: new Map(), variants };
    absorbWorlds(merged, variants);
    for (const entry of variants) replaced.set(entry, entry === first ? merged : undefined);
  }
  if (replaced.size === 0) return entries;
  return entries.flatMap((entry) => {
    if (!replaced.has(entry)) return [entry];
    const merged = replaced.get(entry);
    return merged ? [merged] : [];
  });
}

/**
 * The finding of `entry`, whose variants (`oneWhereFingerprintsAgree`) say different messages or fixes, and whether its
 * message says when each holds: each message with when it holds (`... (only when Start is 2999-01-01T00:00:00Z)`), and
 * each fix description with when it holds among the finding's worlds. A description the others extend is said once,
 * and what each adds with when. Where the variants' fixes write different snippets, the finding has each fix in place
 * of one (`Finding.fixes`), with the worlds it is for among the finding's.
 */
function saidInEachVariant(entry: InWorlds, variants: readonly InWorlds[], described: (found: number[], among?: number[]) => string): { finding: Finding; saysWhen: boolean } {
  // Each text once, with the worlds of every variant that says it: each fix's descriptions by its snippet.
  const byMessage = new Map<string, number[]>();
  const bySnippet = new Map<string, Map<string, number[]>>();
  for (const variant of variants) {
    const { message, fix } = coveringInEveryWorld(variant);
    listAt(byMessage, message).push(...variant.worlds);
    if (!fix) continue;
    const descriptions = bySnippet.get(fix.snippet) ?? new Map<string, number[]>();
    bySnippet.set(fix.snippet, descriptions);
    listAt(descriptions, fix.description).push(...variant.worlds);
  }
  const inOrder = (worlds: number[]) => worlds.sort((a, b) => a - b);
  const amongItsWorlds = (worlds: number[]) => described(inOrder(worlds), entry.worlds).replace(/^only /, '');
  const ofVariants = (parts: number[][]) => eachPartTold((found) => described(found, entry.worlds), parts).replace(/^only /, '');
  const saysWhen = byMessage.size > 1;
  const message = saysWhen ? eachMessage([...byMessage].map(([said, worlds]) => ({ message: said, when: described(inOrder(worlds)) }))) : entry.finding.message;
  const fixes = [...bySnippet].map(([snippet, descriptions]) => ({
    fix: { description: eachDescription([...descriptions].map(([description, worlds]) => ({ description, when: amongItsWorlds(worlds) }))), snippet },
    variants: variants.filter(({ finding: { fix } }) => fix?.snippet === snippet).map(({ worlds }) => worlds),
  }));
  if (fixes.length < 2) return { finding: withProperties(entry.finding, { message, ...(fixes[0] ? { fix: fixes[0].fix } : {}) }), saysWhen };
  const { fix: _oneFix, ...finding } = entry.finding;
  return { finding: withProperties(finding, { message, fixes: fixes.map(({ fix, variants }) => ({ when: ofVariants(variants), ...fix })) }), saysWhen };
}

/**
 * What tells the worlds of every part from the others (`described`: `only when Svc is sagemaker.amazonaws.com`), and
 * where no one "and" of conditions and values does (`P is a and Q is x`, with `P is b and Q is y`), what tells each
 * part, one or another; where some part is told by none either, that the worlds are some.
 */
function eachPartTold(described: (found: number[]) => string, parts: ReadonlyArray<readonly number[]>): string {
  const whole = described(parts.flat().sort((a, b) => a - b));
  if (whole !== SOME_PARAMETER_VALUES || parts.length < 2) return whole;
  const told = [...new Set(parts.map((part) => described([...part].sort((a, b) => a - b))))];
  if (told.some((said) => !said.startsWith(ONLY_WHEN))) return whole;
  return `${ONLY_WHEN}${told.map((said) => said.slice(ONLY_WHEN.length)).join(', or ')}`;
}

/**
 * Messages each with when it holds, what all of them say before a clause said once (`policy P allows ...: user B can
 * ... (only when ...); user A can ... (only when ...)`): up to the last `: ` they share that ends a clause (`sharedLead`).
 */
function eachMessage(said: ReadonlyArray<{ message: string; when: string }>): string {
  const lead = sharedLead(said.map(({ message }) => message));
  return lead + said.map(({ message, when }) => `${message.slice(lead.length)} (${when})`).join('; ');
}

/**
 * What all the texts begin with, up to and with the last `: ` of it outside quotes (`"Team: ML"`), code spans and
 * brackets (`Null {"aws:TagKeys": "false"}`, `(covers A: B)`): what follows such a one is a clause of each text's own,
 * never the rest of a value it quotes. Empty where they share none.
 */
function sharedLead(texts: readonly string[]): string {
  const [first, ...others] = texts;
  const sharedAt = (at: number) => at < first!.length && others.every((text) => text[at] === first![at]);
  let lead = 0;
  let depth = 0;
  let quote: string | undefined;
  for (let at = 0; sharedAt(at); at++) {
    const char = first![at]!;
    if (quote !== undefined) {
      // An escaped character is part of the quote, and shared only where the texts escape the same one.
      if (char === '\\' && !sharedAt(++at)) break;
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === '`') quote = char;
    else if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char)) depth--;
    else if (char === ':' && depth === 0 && sharedAt(at + 1) && first![at + 1] === ' ') lead = at + 2;
  }
  return first!.slice(0, lead);
}

/** Fix descriptions with the worlds each holds in: one that the others extend, then what each adds and when; else each, with when. */
function eachDescription(said: ReadonlyArray<{ description: string; when: string }>): string {
  if (said.length === 1) return said[0]!.description;
  const base = said.find(({ description }) => said.every((other) => other.description.startsWith(description)))?.description;
  if (base === undefined) return said.map(({ description, when }) => `${description} (${when})`).join('; ');
  return base + said.filter(({ description }) => description !== base).map(({ description, when }) => `; ${when}: ${description.slice(base.length).replace(/^; /, '')}`).join('');
}

/**
 * The finding of several worlds whose fixes differ only in the users a trust fix covers (`fixKey`), with a fix that
 * says the users it covers in every one of them (`coveredInEach`); the finding itself where they say the same.
 */
function coveringInEveryWorld({ finding, fixDescriptions }: InWorlds): Finding {
  const { fix } = finding;
  if (!fix || new Set(fixDescriptions.values()).size < 2) return finding;
  return withProperties(finding, { fix: withProperties(fix, { description: coveredInEach(fix.description, [...fixDescriptions.values()]) }) });
}

/**
 * How a finding's branch begins where it names when it holds (`describeBranch`, a rule's own `when`): branches that
 * both do are joined by what follows it.
 */
const ONLY_WHEN = 'only when ';
/** Worlds no condition tells from the others (`describeBranch`), as a branch says them. */
const FOR_SOME_VALUES = 'for some values of the template parameters';
/** A finding's branch where no condition tells its worlds from the others (`describeBranch`). */
const SOME_PARAMETER_VALUES = `only ${FOR_SOME_VALUES}`;

/** The finding's message without the branch it says of its own (`Finding.branch`), which `toFinding` puts last and `withValuesShown` leaves last. */
function withoutOwnBranch({ message, branch }: Finding): string {
  if (branch === undefined) return message;
  const said = ` (${branch})`;
  return message.endsWith(said) ? message.slice(0, -said.length) : message;
}

/**
 * When a finding holds whose own branch differs between its worlds: each own branch with what tells its worlds
 * (`describeBranch`), one or another, those where the finding holds in any case first. The worlds no condition tells
 * still say their own branch, after the others (`..., or for some values of the template parameters when AddMember does
 * not name Bob`): the finding holds there only when it does. Where it holds in such worlds in any case, what is said of
 * the others tells nothing of when it holds.
 */
function eachOwnBranch(parts: ReadonlyArray<{ own: string | undefined; worlds: string }>): string {
  const untold = parts.filter(({ worlds }) => worlds === SOME_PARAMETER_VALUES).map(({ own }) => own);
  if (untold.some((own) => own === undefined || !own.startsWith(ONLY_WHEN))) return SOME_PARAMETER_VALUES;
  const owns = untold.map((own) => own!.slice(ONLY_WHEN.length)).join(', or ');
  const told = parts.flatMap(({ own, worlds }) => (worlds === SOME_PARAMETER_VALUES ? [] : [(own === undefined ? worlds : bothBranches(worlds, own)).slice(ONLY_WHEN.length)]));
  if (told.length === 0) return bothBranches(SOME_PARAMETER_VALUES, `${ONLY_WHEN}${owns}`);
  return `${ONLY_WHEN}${told.join(', or ')}${untold.length === 0 ? '' : `, or ${FOR_SOME_VALUES} when ${owns}`}`;
}

/** `only when condition IsProd is true and AddMember does not name Bob`: the worlds' branch, then the finding's own. */
function bothBranches(worlds: string, own: string): string {
  if (!worlds.startsWith(ONLY_WHEN) || !own.startsWith(ONLY_WHEN)) return `${worlds}, and ${own}`;
  return `${ONLY_WHEN}${bothWhens(worlds.slice(ONLY_WHEN.length), own.slice(ONLY_WHEN.length))}`;
}

/**
 * The template conditions written around what decides whom a finding's resource reaches, in any world: a policy
 * resource's attachments (its `Users: [...]`, a user's `ManagedPolicyArns: !If [...]`), and what else reaches the
 * principal, or each the policy is attached to: its memberships (a user's `Groups: !If [...]`, a membership written
 * apart under a `Condition`, one whose members are not known that may name it), the policies attached to it or its
 * groups (a Deny attached by a `Fn::If`), and the Denies of their identity policies (a statement a `Fn::If` writes, an
 * `Action: !If [...]` of one). A finding on a policy names those principals, or the one it reaches among them, and
 * holds where their Denies leave it. The conditions around the edges and the Denies alone, not all of the principals'
 * (a `Path: !If [...]` decides nothing of it), but for the name of what an edge or a membership names by its name
 * (`Users: [bob]` of a user named `!If [IsProd, bob, bob-dev]`): that decides whether it names it.
 */
function reachConditions(parsed: ParsedFile, graphs: readonly ResourceGraph[], address: string): Set<string> {
  const found = new Set<string>();
  const { conditionsAround } = parsed;
  if (!conditionsAround) return found;
  for (const graph of graphs) {
    // What the value at `via` of `holder` names by its name, not by a reference (`!Ref Bob` names Bob whatever his name).
    const byName = (holder: Resource, via: Path, named: string): void => {
      const value = valueAtPath(holder.properties, via, 1);
      if (value === undefined) return;
      const reference = typeof value === 'string' ? loneReferencePayload(value) : undefined;
      if (reference !== undefined && reference.split('.')[0] === graph.resource(named)?.name) return;
      for (const name of parsed.conditionsOfName?.(named) ?? []) found.add(name);
    };
    // A membership written apart names its group by its GroupName.
    const membershipNames = (membership: Resource, via: Path, user: string, group: string): void => {
      byName(membership, via, user);
      byName(membership, ['Properties', 'GroupName'], group);
    };
    const around = (edge: Edge): string => {
      const holder = graph.resource(edge.holder ?? edge.from);
      if (holder) {
        for (const name of conditionsAround(holder.locator.locate(edge.via))) found.add(name);
        // A user's Groups name groups, a policy's Users principals, a principal's ManagedPolicyArns policies.
        if (holder.address === edge.from) byName(holder, edge.via, edge.to);
        else if (holder.address === edge.to) byName(holder, edge.via, edge.from);
        else membershipNames(holder, edge.via, edge.from, edge.to);
      }
      return edge.to;
    };
    // A statement that may deny (its Effect not known too), where a Fn::If writes it or its Effect, and each of its parts,
    // where a Fn::If writes it or one is written within it: an item of a condition's list of values (its key is located
    // at the list), a `!Join [":", [iam, !If [...]]]`.
    const aroundDenies = (reached: string): void => {
      for (const doc of graph.identityPoliciesOf(reached)) {
        for (const statement of doc.statements) {
          if (statement.effect === 'Allow') continue;
          for (const path of [statement.path, [...statement.path, 'Effect']]) for (const name of conditionsAround(doc.locator.locate(path))) found.add(name);
          for (const entries of [statement.action, statement.notAction, statement.resource, statement.notResource, statement.conditions]) {
            for (const { path } of entries ?? []) {
              const location = doc.locator.locate(path);
              for (const name of [...conditionsAround(location), ...(parsed.conditionsWithin?.(location) ?? [])]) found.add(name);
            }
          }
        }
      }
    };
    for (const principal of [address, ...graph.edgesFrom(address, 'attached-policy').map(around)]) {
      for (const reached of [principal, ...graph.edgesFrom(principal, 'member-of').map(around)]) {
        graph.edgesTo(reached, 'attached-policy').forEach(around);
        aroundDenies(reached);
      }
      // A membership whose members are not known may name the user: where it is made decides when the finding says so,
      // and so do its group's Denies.
      for (const { holder, group, via } of graph.unknownMembershipsOf(principal)) {
        const membership = graph.resource(holder);
        if (membership) {
          for (const name of conditionsAround(membership.locator.locate(via))) found.add(name);
          membershipNames(membership, via, principal, group);
        }
        aroundDenies(group);
      }
    }
  }
  return found;
}

/** A finding with the indexes of the worlds it is made in. */
interface InWorlds {
  finding: Finding;
  worlds: number[];
  /**
   * The branch the finding says of its own in each of its worlds (a membership whose members are not known may name the
   * user), where one world's may say another than the others': the findings are one, which says each.
   */
  ownBranches: Map<number, string | undefined>;
  /** The fix description in each of its worlds, which may differ in the users a trust fix covers (`fixKey`). */
  fixDescriptions: Map<number, string>;
  /** The findings of several worlds this one is made of, where their texts differ (`oneWhereFingerprintsAgree`). */
  variants?: InWorlds[];
}

/**
 * The findings of one world alike but for their own branch (a rule's split findings, or one) added to the entries made
 * of earlier worlds' findings alike so: each to an entry that says the same own branch in some world, and the others,
 * in the order of their own branches, to the entries left in the order they were made, or to new ones. The order a rule
 * lists them in, which may change from world to world (it follows memberships a condition chooses), decides nothing.
 */
function pairWithEntries(entries: InWorlds[], found: readonly Finding[], world: number): void {
  const add = (entry: InWorlds, finding: Finding) => {
    entry.worlds.push(world);
    entry.ownBranches.set(world, finding.branch);
    if (finding.fix) entry.fixDescriptions.set(world, finding.fix.description);
  };
  const free = entries.slice();
  const unpaired: Finding[] = [];
  for (const finding of found.length === 1 ? found : [...found].sort(byOwnBranch)) {
    // One finding and one entry (most are) pair whatever their own branches.
    const alike = free.length > 1 || found.length > 1 ? free.findIndex(({ ownBranches }) => [...ownBranches.values()].includes(finding.branch)) : -1;
    if (alike === -1) unpaired.push(finding);
    else add(free.splice(alike, 1)[0]!, finding);
  }
  for (const finding of unpaired) {
    const entry = free.shift();
    if (entry) add(entry, finding);
    else entries.push({ finding, worlds: [world], ownBranches: new Map([[world, finding.branch]]), fixDescriptions: new Map(finding.fix ? [[world, finding.fix.description]] : []) });
  }
}

/** Findings without an own branch first, then by their own branch's text. */
function byOwnBranch(a: Finding, b: Finding): number {
  return Number(a.branch !== undefined) - Number(b.branch !== undefined) || compareText(a.branch ?? '', b.branch ?? '');
}

/**
 * `kept` made in the worlds of `others` too, each with the own branch it says there: `kept.finding`'s own branch is
 * that of its first world alone.
 */
function absorbWorlds(kept: InWorlds, others: readonly InWorlds[]): void {
  kept.worlds = [kept, ...others].flatMap(({ worlds }) => worlds).sort((a, b) => a - b);
  for (const other of others) {
    for (const [world, own] of other.ownBranches) kept.ownBranches.set(world, own);
    for (const [world, description] of other.fixDescriptions) kept.fixDescriptions.set(world, description);
  }
}

/**
 * The findings of several worlds at one place, of one rule on one resource, that differ only in the value their worlds
 * give a parameter: one finding in the worlds of all, that shows the parameter as written (`${Env}*`, as a template
 * shows it where it has no value). Where one world shows it so already (the parameter has no value there) that finding
 * is kept, with its fingerprint; where each shows a value (`prod*` where Env is assumed prod, `dev*` where it is its
 * Default), the one of the first world (the Default's, as the template without its conditions shows it) is, written.
 * Findings whose fixes or related places differ otherwise stay apart.
 */
function oneWherePlacesAgree(entries: InWorlds[], worlds: readonly ParsedWorld[]): InWorlds[] {
  if (!worlds.some(({ parameters }) => parameters && Object.keys(parameters).length > 0)) return entries;
  const byPlace = new Map<string, InWorlds[]>();
  for (const entry of entries) {
    const { finding } = entry;
    const key = `${finding.resource.address}\u0000${finding.ruleId}\u0000${locationKey(finding.location)}`;
    const found = byPlace.get(key);
    if (found) found.push(entry);
    else byPlace.set(key, [entry]);
  }
  const absorbed = new Set<InWorlds>();
  const written = new Set<InWorlds>();
  for (const group of byPlace.values()) {
    if (group.length < 2) continue;
    for (const kept of group) {
      if (absorbed.has(kept)) continue;
      for (const other of group) {
        if (other === kept || absorbed.has(other) || other.worlds.some((index) => kept.worlds.includes(index))) continue;
        if (!showsValuesOf(kept.finding, other.finding, valuesInAll(worlds, other.worlds))) {
          const across = writtenAcross(kept, other, worlds);
          if (across === undefined) continue;
          kept.finding = across;
          written.add(kept);
        }
        absorbWorlds(kept, [other]);
        absorbed.add(other);
      }
    }
  }
  for (const entry of written) entry.finding = withValuesShown(entry.finding, entry.worlds, worlds);
  return absorbed.size === 0 ? entries : entries.filter((entry) => !absorbed.has(entry));
}

/**
 * The findings of several worlds alike but for their place, each a branch of a `Fn::If` the template writes the same
 * thing in (`!If [IsProd, !GetAtt Role.Arn, !GetAtt Role.Arn]`: one role, whichever is chosen): one finding in the worlds
 * of all, at the first world's place, with the others related. Findings whose fixes differ (but for the users a trust
 * fix covers in each world) stay apart.
 */
function oneWhereBranchesAgree(entries: InWorlds[], parsed: ParsedFile): InWorlds[] {
  const { conditionsAround } = parsed;
  if (!conditionsAround) return entries;
  const alike = new Map<string, InWorlds[]>();
  for (const entry of entries) {
    const { finding } = entry;
    if (conditionsAround(finding.location).length === 0) continue;
    const key = `${finding.resource.address}\u0000${finding.fingerprint}\u0000${finding.message}\u0000${fixKey(finding)}`;
    listAt(alike, key).push(entry);
  }
  const absorbed = new Set<InWorlds>();
  for (const group of alike.values()) {
    if (group.length < 2) continue;
    // Findings that share a world are not branches of one choice.
    const worlds = group.flatMap((entry) => entry.worlds);
    if (new Set(worlds).size < worlds.length) continue;
    const [kept, ...others] = group.sort((a, b) => a.worlds[0]! - b.worlds[0]!);
    absorbWorlds(kept!, others);
    kept!.finding = withProperties(kept!.finding, { related: [...kept!.finding.related, ...others.map(({ finding }) => ({ message: 'the same, where the template\'s conditions choose this branch', location: finding.location }))] });
    for (const other of others) absorbed.add(other);
  }
  return absorbed.size === 0 ? entries : entries.filter((entry) => !absorbed.has(entry));
}

/** A parameter as a merged finding's text writes it (`${Env}`), its name captured. */
const PARAMETER_AS_WRITTEN = /\$\{([^{}]+)\}/g;

/**
 * A finding written with parameters in place of the values its worlds give them (`${Partner}`), saying those values
 * after its message (`(Partner: 111122223333 or 444455556666)`), before the branch it says of its own: the text as
 * written cannot show what the finding is about where the value is the point (a documentation placeholder each allowed
 * value is).
 */
function withValuesShown(finding: Finding, indexes: readonly number[], worlds: readonly ParsedWorld[]): Finding {
  const shown: string[] = [];
  for (const name of new Set([...finding.message.matchAll(PARAMETER_AS_WRITTEN)].map((match) => match[1]!))) {
    const values = [...new Set(indexes.map((index) => worlds[index]!.parameters?.[name]))];
    if (values.length > 1 && values.every((value) => value !== undefined && value !== '')) shown.push(`${name}: ${values.join(' or ')}`);
  }
  if (shown.length === 0) return finding;
  // The own branch stays last, where every finding says when it holds (`analyzeFile` joins the worlds' when to it there).
  const base = withoutOwnBranch(finding);
  const own = base === finding.message ? '' : ` (${finding.branch})`;
  return withProperties(finding, { message: `${base} (${shown.join('; ')})${own}` });
}

/** The literal values every one of the worlds gives a parameter alike. */
function valuesInAll(worlds: readonly ParsedWorld[], indexes: readonly number[]): Record<string, string> {
  const [first, ...rest] = indexes.map((index) => worlds[index]!.parameters ?? {});
  return Object.fromEntries(Object.entries(first ?? {}).filter(([name, value]) => rest.every((given) => given[name] === value)));
}

/**
 * Whether `other` is the finding `written` shows with some parameters as written (`${Env}`), with the values `given`
 * in their place: in its message, and in its fix and related places' texts where those differ.
 */
function showsValuesOf(written: Finding, other: Finding, given: Readonly<Record<string, string>>): boolean {
  if (!written.message.includes('${') || !showsAssumedValues(written.message, other.message, given)) return false;
  return mergedFinding(written, other, (text, from) => (text === from || showsAssumedValues(text, from, given) ? text : undefined)) !== undefined;
}

/**
 * The finding of two sets of worlds, each showing the values its worlds give some parameters (`prod*`, `dev*`), written
 * once with those parameters as written (`${Env}*`): in its message, its fix's description and its related places'
 * messages. Undefined where they differ otherwise, or where their fixes write different snippets: a snippet is text to
 * write, in which a parameter is written otherwise (`!Sub`), so each world keeps its own.
 */
function writtenAcross(a: InWorlds, b: InWorlds, worlds: readonly ParsedWorld[]): Finding | undefined {
  const [first, second] = a.worlds[0]! < b.worlds[0]! ? [a, b] : [b, a];
  const [given, otherGiven] = [valuesInAll(worlds, first.worlds), valuesInAll(worlds, second.worlds)];
  const varying = Object.keys(given).filter((name) => Object.hasOwn(otherGiven, name) && given[name] !== otherGiven[name] && given[name] !== '' && otherGiven[name] !== '');
  if (varying.length === 0) return undefined;
  // Parameters both sets of worlds give the same values (Env and Stage, dev here and prod there) are one to a text, which
  // cannot tell which of them it shows: they are written as neither.
  const parameters = varying.map((name) => ({ name: varying.some((alike) => alike !== name && given[alike] === given[name] && otherGiven[alike] === otherGiven[name]) ? undefined : name, value: given[name]!, other: otherGiven[name]! }));
  const written = (text: string, other: string) => (text === other ? text : writtenForm(text, other, parameters));
  return mergedFinding(first.finding, second.finding, written, (snippet, other) => (snippet === other ? snippet : undefined));
}

/**
 * Two findings at one place as one, their texts (message, related places' messages, fix description and snippet) each
 * written as one by `merge` (`mergeSnippet` for the snippet); undefined where one cannot be, or where they differ
 * otherwise (severity, related places, a fix on one only). `finding` itself where every text is its own.
 */
function mergedFinding(finding: Finding, other: Finding, merge: (text: string, other: string) => string | undefined, mergeSnippet = merge): Finding | undefined {
  const message = merge(finding.message, other.message);
  if (message === undefined || finding.severity !== other.severity || finding.related.length !== other.related.length || (finding.fix === undefined) !== (other.fix === undefined)) return undefined;
  const related: Finding['related'] = [];
  for (const [index, place] of finding.related.entries()) {
    const from = other.related[index]!;
    const shown = place.resource === from.resource && locationKey(place.location) === locationKey(from.location) ? merge(place.message, from.message) : undefined;
    if (shown === undefined) return undefined;
    related.push(shown === place.message ? place : withProperties(place, { message: shown }));
  }
  let { fix } = finding;
  if (fix) {
    const description = merge(fix.description, other.fix!.description);
    const snippet = mergeSnippet(fix.snippet, other.fix!.snippet);
    if (description === undefined || snippet === undefined) return undefined;
    if (description !== fix.description || snippet !== fix.snippet) fix = withProperties(fix, { description, snippet });
  }
  if (message === finding.message && fix === finding.fix && related.every((place, index) => place === finding.related[index])) return finding;
  return withProperties(finding, { message, related, ...(fix ? { fix } : {}) });
}

/**
 * `text` and `other` as one text with parameters as written (`${Env}`) where `text` shows a parameter's `value` and
 * `other` its `other` value, and alike elsewhere; undefined when there is none, or when it shows a parameter whose
 * `name` is not known (undefined: one of several the values may be). The pairs of positions reached are few (each
 * parameter's values shift one text against the other by their difference in length), and are visited once.
 */
function writtenForm(text: string, other: string, parameters: ReadonlyArray<{ name: string | undefined; value: string; other: string }>): string | undefined {
  const width = other.length + 1;
  // How each pair of positions is reached: the pair before it and what is written between.
  const reached = new Map<number, { from: number; written: string | undefined }>([[0, { from: -1, written: '' }]]);
  const queue = [0];
  const end = text.length * width + other.length;
  for (let next = 0; next < queue.length && !reached.has(end); next++) {
    const at = queue[next]!;
    const [i, j] = [Math.floor(at / width), at % width];
    const step = (to: number, written: string | undefined) => {
      if (reached.has(to)) return;
      reached.set(to, { from: at, written });
      queue.push(to);
    };
    for (const { name, value, other: otherValue } of parameters) {
      if (text.startsWith(value, i) && other.startsWith(otherValue, j)) step((i + value.length) * width + j + otherValue.length, name === undefined ? undefined : '${' + name + '}');
    }
    if (i < text.length && j < other.length && text[i] === other[j]) step(at + width + 1, text[i]!);
  }
  if (!reached.has(end)) return undefined;
  const pieces: string[] = [];
  for (let at = end; at !== 0; at = reached.get(at)!.from) {
    const { written } = reached.get(at)!;
    if (written === undefined) return undefined;
    pieces.push(written);
  }
  return pieces.reverse().join('');
}

/** Whether `text` is `written` with some parameters it shows as written (`${Env}`) replaced by the values assumed for them. */
function showsAssumedValues(written: string, text: string, assumed: Readonly<Record<string, string>>): boolean {
  let pattern = '';
  let last = 0;
  for (const match of written.matchAll(PARAMETER_AS_WRITTEN)) {
    const value = Object.hasOwn(assumed, match[1]!) ? assumed[match[1]!] : undefined;
    if (value === undefined) continue;
    pattern += `${escapeRegExp(written.slice(last, match.index))}(?:${escapeRegExp(value)}|${escapeRegExp(match[0])})`;
    last = match.index + match[0].length;
  }
  return last > 0 && new RegExp(`^${pattern}${escapeRegExp(written.slice(last))}$`).test(text);
}

/**
 * Findings of one rule at one place on several resources (a statement a loop, `for_each` or module writes once for
 * each) whose fixes differ: each fix, written there, changes the others' resources too (another partner's external
 * id, another pipeline's source ARN). Each fix says so.
 */
function noteDifferingFixes(findings: Finding[]): Finding[] {
  const byPlace = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (!finding.fix) continue;
    const key = `${finding.ruleId}\u0000${locationKey(finding.location)}`;
    const found = byPlace.get(key);
    if (found) found.push(finding);
    else byPlace.set(key, [finding]);
  }
  let noted: Map<Finding, Finding> | undefined;
  for (const group of byPlace.values()) {
    if (group.length < 2 || new Set(group.map(({ fix }) => fix!.snippet)).size < 2) continue;
    // A template's resources by their logical ids, which their addresses prefix with the file.
    const resources = [...new Set(group.map(({ resource: { address, file } }) => (address.startsWith(`${file}#`) ? address.slice(file.length + 1) : address)))];
    if (resources.length < 2) continue;
    const note = `; this place ${WRITTEN_ONCE_FOR} ${resources.length} resources (${someOf(resources)}), whose fixes differ: write what differs from what tells them apart (the loop's item, each.key, a module input), or give each its own`;
    // A fix that already says its place is shared (a trust fix whose place other roles trust other services at) keeps its note.
    for (const finding of group) if (!notesSharedPlace(finding.fix!.description)) (noted ??= new Map()).set(finding, withProperties(finding, { fix: withProperties(finding.fix!, { description: finding.fix!.description + note }) }));
  }
  return noted ? findings.map((finding) => noted.get(finding) ?? finding) : findings;
}

/**
 * The places the rule makes a finding of this fingerprint at on the resources as deployed before a plan, a report of each
 * (none: it makes none); every place, for a plan that changes nothing. The deployed world is read when a finding first
 * asks (most findings of a new configuration are on resources it creates, and ask nothing), and each rule runs on it
 * when one of its findings first asks.
 */
type DeployedFinding = (rule: Rule, fingerprint: string) => readonly RuleReport[] | 'everywhere';

/** Any finding of a plan that changes nothing is deployed already, at every place. */
const asDeployed: DeployedFinding = () => 'everywhere';

function deployedFindings(world: () => ParsedWorld, context: RuleContext, paths: StablePaths, texts?: NormalizedTexts, mask?: (text: string) => string): DeployedFinding {
  let graph: ResourceGraph | undefined;
  // By rule, then by fingerprint: a report at each place (the resource located in and the path there, positions included).
  const byRule = new Map<Rule, Map<string, { places: Set<string>; reports: RuleReport[] }>>();
  return (rule, fingerprint) => {
    let fingerprints = byRule.get(rule);
    if (!fingerprints) {
      graph ??= new ResourceGraph(world(), texts);
      byRule.set(rule, (fingerprints = new Map()));
      for (const report of rule.check(graph, context)) {
        const made = findingFingerprint(rule.meta.id, report, paths, mask);
        let found = fingerprints.get(made);
        if (!found) fingerprints.set(made, (found = { places: new Set(), reports: [] }));
        const place = `${(report.locator.resource ?? report.resource).address}\u0000${pathKey(locatedPath(report))}`;
        if (found.places.has(place)) continue;
        found.places.add(place);
        found.reports.push(report);
      }
    }
    return fingerprints.get(fingerprint)?.reports ?? [];
  };
}

/**
 * Findings of one rule that share a fingerprint, each said existing, at more places than the rule finds it at on the
 * resources as deployed: the plan brings some (a statement added with the same mistake as a deployed one). A place that
 * holds what a deployed place holds (the same statement) is that one; of the others, as many as the deployed places
 * left are existing, in the order `distinctFindings` gives places their fingerprints, and the rest are new.
 */
function markPlacesPastDeployed(findings: ReadonlyArray<{ finding: Finding; report: RuleReport }>, deployed: readonly RuleReport[], paths: StablePaths): void {
  const places = orderedPlaces(findings.map(({ finding }) => finding), paths);
  if (places.length <= deployed.length) return;
  const reportOf = new Map(findings.map(({ finding, report }) => [finding, report]));
  // Matched first by the statement (or the place itself) they hold, then by the principal or action entry inside it.
  const deployedHeld = deployed.map(placeHolds);
  const planned = places.map((place) => ({ place, held: placeHolds(reportOf.get(place.findings[0]!)!), matched: false }));
  let deployedLeft = deployed.length;
  for (const tier of ['key', 'entry'] as const) {
    // The deployed places not yet matched, by what they hold.
    const holding = new Map<string, Array<{ matched: boolean }>>();
    for (const held of deployedHeld) {
      const key = held?.[tier];
      if (key === undefined || held!.matched) continue;
      const alike = holding.get(key);
      if (alike) alike.push(held!);
      else holding.set(key, [held!]);
    }
    for (const entry of planned) {
      const key = entry.held?.[tier];
      const deployedPlace = entry.matched || key === undefined ? undefined : holding.get(key)?.pop();
      if (!deployedPlace) continue;
      deployedPlace.matched = true;
      entry.matched = true;
      deployedLeft--;
    }
  }
  const unmatched = planned.filter((entry) => !entry.matched).map((entry) => entry.place);
  for (const place of unmatched.slice(deployedLeft)) {
    for (const finding of place.findings) {
      finding.status = 'new';
      finding.changed = true;
    }
  }
}

/**
 * What a report's place holds, to tell apart the places of one fingerprint (which leaves list positions out, and the
 * resource its location is in): in that resource, the deepest list item on the path it is located at that is an object
 * (a statement), read into JSON text where the path enters it, with its keys in order (a text written again,
 * `jsonencode` for a heredoc, orders them otherwise); without such an item, the deepest list item (an ARN of
 * `managed_policy_arns`) or, with none, the path itself (an attachment's `policy_arn`). `entry`: the list item of text below the statement (a
 * principal or action of it), which tells the places apart when the statement changed. Undefined when the path enters
 * text that does not parse. Text is read as the rules read it (`readJsonText`: values known after apply inside it too).
 */
function placeHolds(report: RuleReport): { key: string; entry?: string; matched: boolean } | undefined {
  const located = report.locator.resource ?? report.resource;
  const path = locatedPath(report);
  let node: Value | undefined = located.properties;
  let item: Value | undefined;
  let last: Value | undefined;
  for (const step of path) {
    // Text is entered by a key (a policy's `Statement`); an index past a string is the one value a condition key is
    // written with alone (normalize's paths), which holds nothing more.
    if (typeof node === 'string' && typeof step === 'string') {
      const read = readJsonText(node, [], located);
      if ('error' in read) return undefined;
      node = read.value;
    }
    node = stepInto(node, step);
    if (typeof step !== 'number' || node === undefined) continue;
    if (isObject(node)) item = node;
    last = node;
  }
  const where = `${located.address}\u0000${pathKey(path.filter((step) => typeof step === 'string'))}\u0000`;
  if (item === undefined) return { key: where + (last === undefined ? pathKey(path) : canonicalJson(last)), matched: false };
  return { key: where + canonicalJson(item), ...(last !== item ? { entry: where + canonicalJson(last!) } : {}), matched: false };
}

/** JSON text of a value with every object's keys in order, and an unresolved value as what it stands for. */
function canonicalJson(value: Value): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner instanceof Unresolved) return `\u0001unresolved ${inner.reason}`;
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(inner).sort()) setOwn(sorted, key, (inner as Record<string, unknown>)[key]);
    return sorted;
  });
}

/** Where findings are: a file's stable path and a range. */
interface Place {
  file: string;
  location: Finding['location'];
  findings: Finding[];
}

/** The places of findings, each with the findings there, in `comparePlaces` order: the order `distinctFindings` numbers them in. */
function orderedPlaces(findings: readonly Finding[], paths: StablePaths): Place[] {
  const places = new Map<string, Place>();
  for (const finding of findings) {
    const { location } = finding;
    const file = paths.of(location.file);
    const key = locationKey({ ...location, file });
    const place = places.get(key);
    if (place) place.findings.push(finding);
    else places.set(key, { file, location, findings: [finding] });
  }
  return [...places.values()].sort(comparePlaces);
}

/** The order of places: by the file's stable path (neither the folder deputy runs in nor the locale changes it), then by range. */
function comparePlaces(a: Place, b: Place): number {
  return (
    compareText(a.file, b.file) ||
    a.location.startLine - b.location.startLine ||
    a.location.startColumn - b.location.startColumn ||
    a.location.endLine - b.location.endLine ||
    a.location.endColumn - b.location.endColumn
  );
}

/** The findings of the rules, each kept once per rule id, resource, position and message. */
function runRules(graph: ResourceGraph, rules: readonly Rule[], context: RuleContext, paths: StablePaths, deployed?: DeployedFinding, mask?: (text: string) => string): Finding[] {
  const findings: Finding[] = [];
  // Findings of different rules are never the same (their rule ids differ): the findings of each rule id are kept by
  // resource apart, in maps smaller than one of every finding (a large plan has thousands, and a map's growth copies it).
  const byRule = new Map<string, Map<string, Finding[] | Set<string>>>();
  for (const rule of rules) {
    // A resource holds few findings: comparing them spares building (and keeping) a key of each message. One that holds
    // many (a role a thousand principals are checked against) has their keys instead: compared, they took quadratic time.
    let byResource = byRule.get(rule.meta.id);
    if (!byResource) byRule.set(rule.meta.id, (byResource = new Map()));
    // The rule's findings said existing, by fingerprint: a fingerprint of several places may be deployed at fewer.
    let existing: Map<string, Array<{ finding: Finding; report: RuleReport }>> | undefined;
    for (const report of rule.check(graph, context)) {
      // A resource the plan forgets is read for what uses it, and not reported: the configuration no longer manages it.
      if (report.resource.forgotten) continue;
      const finding = toFinding(rule, report, paths, graph, deployed, mask);
      const onResource = byResource.get(finding.resource.address);
      if (!onResource) byResource.set(finding.resource.address, [finding]);
      else if (Array.isArray(onResource)) {
        if (onResource.some((found) => sameFinding(found, finding))) continue;
        onResource.push(finding);
        if (onResource.length > MOST_FINDINGS_COMPARED) byResource.set(finding.resource.address, new Set(onResource.map(sameFindingKey)));
      } else {
        const key = sameFindingKey(finding);
        if (onResource.has(key)) continue;
        onResource.add(key);
      }
      findings.push(finding);
      if (finding.status === 'existing' && deployed !== asDeployed) {
        existing ??= new Map();
        const sharing = existing.get(finding.fingerprint);
        if (sharing) sharing.push({ finding, report });
        else existing.set(finding.fingerprint, [{ finding, report }]);
      }
    }
    for (const [fingerprint, sharing] of existing ?? []) {
      if (sharing.length < 2) continue;
      const places = deployed!(rule, fingerprint);
      if (places !== 'everywhere') markPlacesPastDeployed(sharing, places, paths);
    }
  }
  return findings;
}

/**
 * The plan resources a finding rests on, each with the path it reads there: where the finding is (a rule may report on a
 * role at a statement of its policy: the locator reads the policy), its related places, and the attachments of the
 * policy it is in (to its resource, when that is the principal it reports on).
 */
function planPlaces(report: RuleReport, graph: ResourceGraph | undefined): Array<[Resource, Path]> {
  const located = report.locator.resource ?? report.resource;
  const places: Array<[Resource, Path]> = [[located, report.path]];
  for (const { resource, locator, path } of report.related ?? []) {
    const relatedAt = locator.resource ?? resource;
    if (relatedAt) places.push([relatedAt, path]);
  }
  for (const edge of graph?.edgesFrom(located.address, 'attached-policy') ?? []) {
    const holder = edge.holder === undefined ? undefined : graph!.resource(edge.holder);
    if (holder && (located === report.resource || edge.to === report.resource.address)) places.push([holder, edge.via]);
  }
  return places;
}

/** Past this many findings on one resource, a finding is looked up by its key rather than compared with each. */
const MOST_FINDINGS_COMPARED = 16;

/**
 * Same rule id, position (file included: two documents a policy includes may write the same text) and message (of
 * findings on one resource): what `sameFindingKey` writes.
 */
function sameFinding(a: Finding, b: Finding): boolean {
  return a.ruleId === b.ruleId && a.location.startLine === b.location.startLine && a.location.startColumn === b.location.startColumn && a.location.file === b.location.file && a.message === b.message;
}

/** The fields `sameFinding` compares, as one key: the findings of several worlds are merged by it (with the address). */
function sameFindingKey({ ruleId, location, message }: Finding): string {
  return `${ruleId}\u0000${location.file}\u0000${location.startLine}\u0000${location.startColumn}\u0000${message}`;
}

/**
 * A finding's fix as one key, less the users a trust fix names as covered (`withoutCoveredUsers`): findings of several
 * worlds whose fixes differ otherwise (a statement that trusts one service where a list parameter names it alone, and
 * must be split where it names two) stay apart, each with its own fix and saying its own worlds.
 */
function fixKey({ fix }: Finding): string {
  return fix ? `${withoutCoveredUsers(fix.description)}\u0000${fix.snippet}` : '';
}

/** Said before the fix of a finding in registry or git code: the user changes it in the module's source. */
const REMOTE_MODULE_FIX = "Make this change in the module's source (or pick a version that has it).";
/** The same, for code terraform init installed: the copy is not where the user can change it. */
const INSTALLED_COPY_FIX = "Make this change in the module's source (or pick a version that has it): terraform init installed this copy and undoes edits to it.";

/**
 * Said before the fix of a finding in registry or git code where the fix is made in a module call of the user's own
 * code (`RuleReport.fixInCall`), not in the module's source.
 */
function fixInCallPrefix(call: SourceLocation): string {
  return `Make this change in your own code, the module call at ${call.file}:${call.startLine}, not in the module's source.`;
}

/** Where a report is located: more precisely than the path its fingerprint is built from, where it says so (`RuleReport.locatedAt`). */
function locatedPath(report: RuleReport): Path {
  return report.locatedAt ?? report.path;
}

/**
 * `paths` names the report's files in its fingerprint; `graph`, the graph the rule read (a plan's attachments);
 * `deployed`, for a plan, whether the rule makes the finding on its resources as deployed; `mask`, what masks the values
 * supplied for NoEcho parameters in the message data its fingerprint is built from.
 */
export function toFinding(rule: Rule, report: RuleReport, paths = new StablePaths(process.cwd(), []), graph?: ResourceGraph, deployed?: DeployedFinding, mask?: (text: string) => string): Finding {
  const template = rule.meta.messages[report.messageId];
  if (template === undefined) throw new Error(`rule ${rule.meta.id} has no message "${report.messageId}"`);
  const filled = fillTemplate(template, report, rule.meta);
  const at = locatedPath(report);
  const location = report.locator.locate(at);
  // The choice is told as the input writes it, as a template's branch is (`analyzeFile`).
  const branch = report.when === undefined ? undefined : `${ONLY_WHEN}${report.when}`;
  const said = inTerms(filled, report.resource, location.file, 'message');
  const message = branch === undefined ? said : `${said} (${branch})`;
  const resource = { address: report.resource.address, type: report.resource.type, file: report.resource.file };
  const related = report.related
    ? report.related.map(({ message, resource, locator, path }): Finding['related'][number] => (resource ? { message, resource: resource.address, location: locator.locate(path) } : { message, location: locator.locate(path) }))
    : [];
  const fingerprint = findingFingerprint(rule.meta.id, report, paths, mask);
  const severity = report.severity ?? rule.meta.severity;
  // Written out in either shape, not with the branch spread in: no object is made and copied per finding for it.
  const finding: Finding =
    branch === undefined
      ? { ruleId: rule.meta.id, severity, message, resource, location, related, fingerprint }
      : { ruleId: rule.meta.id, severity, message, branch, resource, location, related, fingerprint };
  // A value read whole from elsewhere (a module input, a local) is changed where it is written; not where the finding's
  // own line already shows it (a part of a `.tf.json` template the finding is located at whole).
  const written = report.locator.valueWrittenAt?.(at, report.part);
  const onItsLine = written !== undefined && location.startLine === location.endLine && encloses(location, written);
  if (written && !onItsLine && !encloses(written, location)) related.push({ message: 'where the value read here is written', location: written });
  const { moduleCall } = report.resource;
  if (moduleCall) related.push({ message: moduleCall.installed ? 'the module call that terraform init installed this code for' : 'the module call whose code declares this resource (not installed here: the finding is located in the plan)', resource: report.resource.address, location: moduleCall.location });
  if (report.fix) {
    // A fix's description quotes the values it works around (`the statement also trusts arn:aws:iam::${AWS::AccountId}:root`) as messages do.
    const description = inTerms(report.fix.description, report.resource, location.file, 'fix');
    const prefix = moduleCall && (report.fixInCall ? fixInCallPrefix(report.fixInCall) : moduleCall.installed ? INSTALLED_COPY_FIX : REMOTE_MODULE_FIX);
    finding.fix = prefix ? withProperties(report.fix, { description: `${prefix} ${description}` }) : description === report.fix.description ? report.fix : withProperties(report.fix, { description });
  }
  if (report.resource.change) finding.change = report.resource.change;
  // A plan that lists no change for the resource (one trimmed to planned_values) tells neither whether the finding is new nor whether it changed.
  // One read from prior_state, which a targeted plan neither lists nor changes, is as deployed: its change is none.
  if (report.resource.format === 'terraform-plan' && (report.resource.change !== undefined || report.resource.leftAsDeployed)) {
    // Deployed before the plan: the rules make it on the resources as deployed (none of a created resource's are). A
    // finding the plan brings is one it changed, also where what changed is what it no longer holds (a Deny it deletes).
    const deployedPlaces = report.resource.change === 'create' ? undefined : deployed?.(rule, fingerprint);
    const existing = deployedPlaces === 'everywhere' || (deployedPlaces !== undefined && deployedPlaces.length > 0);
    finding.status = existing ? 'existing' : 'new';
    finding.changed = !existing || isChanged(report.resource) || planPlaces(report, graph).some(([resource]) => isChanged(resource));
  }
  return finding;
}

/**
 * A text of a finding (located in `file`) in Terraform terms: only references (`${AWS::AccountId}`) change, and most
 * texts hold none. The owner's data sources are named as the module the finding points into names them
 * (`data.aws_caller_identity.this`), or as a fix there would declare them: not by a name the module gives another data
 * source. A `message` quotes the one the module reads (`OwnerDataSource.read`), not one a fix declares beside it; where
 * the module reads none, the value is said in words: the one a fix would declare (`current2`, `china` for aws.china)
 * is no name of the module's, and `current` may be another configuration's.
 */
function inTerms(text: string, resource: Resource, file: string, said: 'message' | 'fix'): string {
  if (resource.format === 'cloudformation' || !text.includes('${')) return text;
  return inTerraformTerms(text, ownerValuesKnown(resource), (dataSource) => {
    const sources = ownerSourcesOf(resource, file, dataSource);
    if (!sources) return undefined;
    return said === 'message' ? (sources.read ?? NOT_READ) : ownerDataSourceReference(dataSource, sources);
  });
}

/**
 * The owner's data sources of a type as the module written in `file` declares them. A location in a file no module is
 * written in (a policy read with file() or templatefile()) is in the module of the resource that reads it: its data
 * sources are those of the resource's file.
 */
function ownerSourcesOf(resource: Resource, file: string, dataSource: string): OwnerDataSource | undefined {
  return resource.ownerDataSource?.(file, dataSource) ?? (file === resource.file ? undefined : resource.ownerDataSource?.(resource.file, dataSource));
}

/**
 * The owner's values a resource's input tells, as messages write them: its account where known, and the partition (and
 * its DNS suffix) of its region where the input fixes one (a plan's, a literal `region` of its provider configuration
 * or its own), as `data.aws_partition` reads it there. A fix's snippet, pasted into `.tf` code that may be deployed
 * elsewhere, keeps the references.
 */
function ownerValuesKnown(resource: Resource): OwnerValuesKnown {
  const partition = partitionOfRegion(resource.region);
  return { 'AWS.AccountId': resource.account, 'AWS.Partition': partition, 'AWS.URLSuffix': partition && dnsSuffixOf(partition) };
}

/** Message templates split at their `{name}` placeholders: the names are the odd entries. */
const templateParts = new Map<string, string[]>();

/** The text of a placeholder's variant (`RuleMeta.variants`), the first where none is named; undefined for a placeholder without variants. */
function variantText(meta: RuleMeta, name: string, variant?: string): string | undefined {
  const texts = meta.variants?.[name];
  if (texts === undefined) return undefined;
  const text = variant === undefined ? Object.values(texts)[0] : texts[variant];
  if (text === undefined) throw new Error(`rule ${meta.id} has no variant "${variant}" of {${name}}`);
  return text;
}

/**
 * The template with each `{name}` replaced by the report's exposure value, else its data's, else (with `meta`) the text
 * of the variant it names (`variantText`), whose own `{name}`s are the report's exposure or data values (`{principals}`);
 * a name without one stays as written. Each template is split once (`templateParts`), and filled without closures.
 */
function fillTemplate(template: string, report: RuleReport, meta?: RuleMeta): string {
  let parts = templateParts.get(template);
  if (!parts) templateParts.set(template, (parts = template.split(/\{(\w+)\}/)));
  let filled = parts[0]!;
  for (let index = 1; index < parts.length; index += 2) {
    const name = parts[index]!;
    filled += (givenValue(report, name) ?? (meta && variantFilled(report, meta, name)) ?? `{${name}}`) + parts[index + 1]!;
  }
  return filled;
}

/** The report's exposure value of a name, else its data's. Data taken straight from a value may hold its markers: a message shows them as a reader writes them. */
function givenValue({ data, exposure }: RuleReport, name: string): string | undefined {
  const value = exposure?.[name] ?? data[name];
  return value === undefined ? undefined : displayString(value);
}

/** The text of the variant of a placeholder the report names, its own `{name}`s filled with the report's values. */
function variantFilled(report: RuleReport, meta: RuleMeta, name: string): string | undefined {
  const variant = variantText(meta, name, report.variants?.[name]);
  return variant === undefined ? undefined : fillTemplate(variant, report);
}

/** Stable across unrelated edits: built from the rule, the resource address, the path's property names and the message data (not its `exposure`), never from line numbers or list positions. */
function findingFingerprint(ruleId: string, report: RuleReport, paths: StablePaths, mask?: (text: string) => string): string {
  let data = '';
  for (const key of sortTexts(Object.keys(report.data))) data += `${data === '' ? '' : '\n'}${key}=${mask ? mask(report.data[key]!) : report.data[key]}`;
  // A Terraform module's file is shared by every instance of the module: only the full address tells them apart. A
  // template's resource is named after its file by its logical id, under the stack set TemplateBody written in, if any.
  const { address, file, format } = report.resource;
  const name = format === 'cloudformation' ? address.slice(file.length + 1) : address;
  const where = `${paths.of(report.resource.file)}#${name}`;
  // Positions in lists (statement 2, action 0) shift when an unrelated statement is inserted: the message data names what is at fault.
  const logicalPath = report.path.filter((step) => typeof step === 'string');
  // The first 16 bytes written out, not a slice of the digest's text: a slice keeps the whole text to the end of the scan.
  return hash('sha256', `${ruleId}\u0000${where}\u0000${pathKey(logicalPath)}\u0000${report.messageId}\u0000${data}`, 'buffer').toString('hex', 0, 16);
}

/**
 * "only when condition IsProd is true": among the conditions the finding's resources depend on, those whose
 * known value is the same in every world with the finding and differs in some world without it; of those, every one
 * the finding is written under (`around`: each holds wherever the finding does, a nested Fn::If or a related
 * location adding its own) when there are such, as worlds that vary independent parameters side by side give every
 * condition the same values; else the first that alone tells the worlds apart, else every one. Then, where those leave
 * worlds without the finding, the values there of the parameters its resources' trust principals are named by
 * (`parameters`, `ParsedFile.principalParameters`) that tell them apart: "only when Svc is sagemaker.amazonaws.com",
 * "only when Services includes sagemaker.amazonaws.com".
 */
function describeBranch(worlds: ParsedWorld[], found: number[], relevant: ReadonlySet<string>, around: ReadonlySet<string>, parameters: PrincipalParameters): string {
  const foundSet = new Set(found);
  const first = worlds[found[0]!]!.conditions;
  const explaining = [...relevant].sort().filter((name) => {
    const value = first[name];
    if (value === undefined || !found.every((index) => worlds[index]!.conditions[name] === value)) return false;
    return worlds.some((world, index) => !foundSet.has(index) && world.conditions[name] !== undefined && world.conditions[name] !== value);
  });
  const writtenUnder = explaining.filter((name) => around.has(name));
  const sufficient = explaining.filter((name) => worlds.every((world, index) => foundSet.has(index) || world.conditions[name] !== first[name]));
  // Conditions that, with the values they have where the finding is, hold in no world without it.
  const tellsApart = (names: readonly string[]): boolean => worlds.every((world, index) => foundSet.has(index) || names.some((name) => world.conditions[name] !== first[name]));
  // Those written under, with the others the finding also needs (a Fn::If of a related resource's policy) until they tell the worlds apart.
  const needed = writtenUnder.slice();
  for (const name of explaining) {
    if (needed.length === 0 || tellsApart(needed)) break;
    // Only a condition that tells apart some world the others leave: one that follows them (IsDev false where IsProd is true) adds nothing.
    const helps = worlds.some((world, index) => !foundSet.has(index) && needed.every((other) => world.conditions[other] === first[other]) && world.conditions[name] !== first[name]);
    if (!needed.includes(name) && helps) needed.push(name);
  }
  const chosen = writtenUnder.length > 0 ? needed : sufficient.length > 0 ? sufficient.slice(0, 1) : explaining;
  // The worlds without the finding that the conditions chosen do not tell apart: the values of the parameters its
  // principals are named by may.
  const left = worlds.filter((world, index) => !foundSet.has(index) && chosen.every((name) => world.conditions[name] === first[name]));
  const values = valuesTellingApart(worlds, found, parameters, left);
  if (chosen.length === 0 && values.length === 0) return SOME_PARAMETER_VALUES;
  return `${ONLY_WHEN}${[...chosen.map((name) => `condition ${name} is ${first[name]}`), ...values].join(' and ')}`;
}

/** The parameters a finding's trust principals are named by (`ParsedFile.principalParameters`), and which are lists. */
interface PrincipalParameters {
  named: ReadonlySet<string>;
  lists: ReadonlySet<string>;
}

/**
 * What the values of the parameters (by name) in the worlds of a finding (`found`) tell of the worlds without it
 * (`without`): for each parameter in turn that has a value in each of them, and another in some world still left, the
 * values it has where the finding is (`Svc is sagemaker.amazonaws.com or personalize.amazonaws.com`), or of a list the
 * items that tell them apart (listTerm), until none is left.
 */
function valuesTellingApart(worlds: readonly ParsedWorld[], found: readonly number[], parameters: PrincipalParameters, without: readonly ParsedWorld[]): string[] {
  const terms: string[] = [];
  let left = without;
  for (const name of [...parameters.named].sort()) {
    if (left.length === 0) break;
    const values = found.map((index) => worlds[index]!.parameters?.[name]);
    if (values.some((value) => value === undefined) || left.some((world) => world.parameters?.[name] === undefined)) continue;
    if (parameters.lists.has(name)) {
      const term = listTerm(name, values as string[], left.map((world) => world.parameters![name]!));
      if (term === undefined) continue;
      terms.push(term);
      left = [];
      continue;
    }
    const where = new Set(values);
    if (left.every((world) => where.has(world.parameters![name]))) continue;
    terms.push(`${name} is ${[...where].map(shownValue).join(' or ')}`);
    left = left.filter((world) => where.has(world.parameters![name]));
  }
  return terms;
}

/** A parameter's value as a branch says it: quoted where it holds a space, or is empty. */
function shownValue(value: string | undefined): string {
  return /^\S+$/.test(value!) ? value! : JSON.stringify(value);
}

/**
 * What a list parameter's values (its items joined with commas) where a finding is (`found`) and where it is not
 * (`left`) tell apart: the items found in no list left, where each list found includes one ("Services includes
 * sagemaker.amazonaws.com"); else the items left in no list found, where each list left includes one ("Services does
 * not include sagemaker.amazonaws.com"); else the items every list found includes where no list left includes them all
 * ("Services includes sagemaker.amazonaws.com and personalize.amazonaws.com", where a list of either alone makes the
 * finding with another fix), only where the lists are every list of their items (everyListOf); undefined where none.
 */
function listTerm(name: string, found: readonly string[], left: readonly string[]): string | undefined {
  const [foundLists, leftLists] = [found, left].map((values) => values.map((value) => value.split(',')));
  const apart = (these: string[][], those: string[][]) => {
    const elsewhere = new Set(those.flat());
    const items = [...new Set(these.flat())].filter((item) => !elsewhere.has(item));
    return items.length > 0 && these.every((list) => list.some((item) => items.includes(item))) ? items.map(shownValue) : undefined;
  };
  const included = apart(foundLists, leftLists);
  if (included) return `${name} includes ${included.join(' or ')}`;
  const excluded = apart(leftLists, foundLists);
  if (excluded) return `${name} does not include ${excluded.join(' or ')}`;
  const shared = [...new Set(foundLists[0])].filter((item) => foundLists.every((list) => list.includes(item)));
  const togetherApart = shared.length > 1 && everyListOf([...foundLists, ...leftLists]) && leftLists.every((list) => shared.some((item) => !list.includes(item)));
  return togetherApart ? `${name} includes ${shared.map(shownValue).join(' and ')}` : undefined;
}

/**
 * Whether the lists are every list of their items, each item once and in any order. The worlds vary a list parameter
 * over each value alone and all of them together, which are every list of two values but not of three: of three, a
 * list of two of them is in no world, so "includes A and B and C" would say a finding of two of them holds only with
 * the third.
 */
function everyListOf(lists: readonly string[][]): boolean {
  const items = new Set(lists.flat());
  const held = new Set(lists.map((list) => [...new Set(list)].sort().join(',')));
  return held.size === 2 ** items.size - 1;
}

/**
 * Input errors by file, line and column, as findings are, not in the order the parsers met them (a Terraform module's
 * refused calls are met as values are read, not as written); a file's errors without a line come first, and errors at
 * one place keep the order they were told in.
 */
function compareInputErrors(a: InputError, b: InputError): number {
  return compareText(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.location.file, b.location.file) ||
    a.location.startLine - b.location.startLine ||
    a.location.startColumn - b.location.startColumn ||
    mostSevereFirst(a, b) ||
    compareText(a.ruleId, b.ruleId)
  );
}

/**
 * Each finding once, and each place its own fingerprint. A local module that several root modules call (the examples
 * of a module repository) is analyzed with each, and reports the same finding, at the same place, with each: findings
 * alike in every field are one, and so are findings whose fixes differ only in which of each root's users of a role the
 * same snippet covers (a caveat one root's fix carries keeps its finding apart); the first is kept. Findings that share
 * a fingerprint at different places are different findings whose rule, resource, property names and message data are
 * the same (two statements of one policy that both lack a condition): a baseline holding the fingerprint would accept
 * each, and a third added later, and code scanning would show them as one alert. The first place, in the order of
 * stable paths and positions, keeps it, so that baselines keep accepting it; each later place gets a fingerprint of its
 * own, made from the shared one and its position among them. Findings at one place (the roots calling one module, each seeing other users of a role) are one
 * mistake and keep one fingerprint. The order reads stable paths, compared by code point: neither the folder deputy
 * runs in nor the locale changes it. Only findings that share a fingerprint are compared; most share none.
 */
function distinctFindings(findings: Finding[], paths: StablePaths): Finding[] {
  const byFingerprint = new LargeMap<Finding[]>();
  const sharing: Finding[][] = [];
  for (const finding of findings) {
    const group = listAt(byFingerprint, finding.fingerprint);
    if (group.push(finding) === 2) sharing.push(group);
  }
  const repeated = new Set<Finding>();
  const renamed = new Map<Finding, string>();
  for (const group of sharing) {
    const shared = group[0]!.fingerprint;
    const texts = new Set<string>();
    const distinct = group.filter((finding) => {
      const text = JSON.stringify(finding.fix ? withProperties(finding, { fix: { description: withoutCoveredUsers(finding.fix.description), snippet: finding.fix.snippet } }) : finding);
      if (texts.has(text)) {
        repeated.add(finding);
        return false;
      }
      texts.add(text);
      return true;
    });
    const places = orderedPlaces(distinct, paths);
    if (places.length < 2) continue;
    places.forEach((place, position) => {
      if (position === 0) return;
      const fingerprint = hash('sha256', `${shared}\u0000${position + 1}`, 'hex').slice(0, 32);
      for (const finding of place.findings) renamed.set(finding, fingerprint);
    });
  }
  if (repeated.size === 0 && renamed.size === 0) return findings;
  return findings.flatMap((finding) => {
    if (repeated.has(finding)) return [];
    const fingerprint = renamed.get(finding);
    return [fingerprint === undefined ? finding : withProperties(finding, { fingerprint })];
  });
}

function summarize(findings: Finding[], errors: InputError[], filesAnalyzed: number, resources: number): ScanResult['summary'] {
  const bySeverity = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  const byRule: Record<string, number> = {};
  for (const finding of findings) {
    if (finding.suppressed) continue;
    bySeverity[finding.severity]++;
    byRule[finding.ruleId] = (byRule[finding.ruleId] ?? 0) + 1;
  }
  return { filesAnalyzed, resources, findings: findings.filter((finding) => !finding.suppressed).length, bySeverity, byRule, errors: errors.length };
}
