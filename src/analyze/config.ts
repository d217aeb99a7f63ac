/** `.deputy.yml`: found upward from the scanned path (or named with `--config`), read with positions, validated. */
import { existsSync, statSync } from 'node:fs';
import { readSourceText } from '../../parsers/source-text.js';
import { dirname, join, resolve } from 'node:path';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { RULES } from '../../rules/index.js';
import { IamCatalog } from '../iam/catalog.js';
import { defaultServicePrincipals, type ServicePrincipalInput } from '../iam/service-principals.js';
import { SEVERITIES, type Finding, type Severity } from '../model/finding.js';
import type { SourceLocation } from '../model/location.js';
import { fileFailure } from '../model/resource.js';
import type { Rule, RuleContext } from '../model/rule.js';
import { globToRegExp } from './glob.js';
import { suggestion } from './suggest.js';
import { UNUSED_SUPPRESSION_ID } from './suppress.js';
import { displayPath } from './discover.js';
import { withProperties } from '../model/objects.js';
import { shownPositions } from '../model/order.js';

export const CONFIG_FILE_NAME = '.deputy.yml';

/** `off` removes a rule, `on` runs it at its own severity, a severity runs it and reports every finding at that severity. */
export type RuleSetting = 'off' | 'on' | Severity;

export type FailOn = Severity | 'none';

/** A config-level suppression: findings of `rule` on the resource named and/or in the files matched. */
export interface ConfigSuppression {
  rule: string;
  /** A resource's name (CloudFormation logical id, Terraform address) or a CloudFormation resource's `file#LogicalId`, its file relative to the config file's folder. */
  resource?: string;
  /** A glob relative to the config file's folder. */
  file?: string;
  reason: string;
  location: SourceLocation;
}

export interface DeputyConfig {
  /** The file read; undefined for the empty configuration used when none is found. */
  file?: string;
  /** The folder `ignorePaths`, `ignore[].file` and the file of an `ignore[].resource` address are relative to. */
  directory: string;
  rules: Record<string, RuleSetting>;
  failOn?: FailOn;
  guardrailKeys?: Record<string, string[]>;
  servicePrincipals?: ServicePrincipalInput[];
  trustedAccounts?: string[];
  placeholders?: string[];
  ignorePaths?: string[];
  ignore?: ConfigSuppression[];
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: Array<{ line: number; column: number; message: string }>,
  ) {
    super(problems.map((problem) => `${file}:${problem.line}:${problem.column}: ${problem.message}`).join('\n'));
  }
}

export function emptyConfig(directory: string): DeputyConfig {
  return { directory, rules: {} };
}

/**
 * The configuration for a scan: the file named by `--config`, else the first `.deputy.yml` found from the first
 * scanned path upward, stopping at the git repository root or the filesystem root.
 */
export async function loadConfig(options: { configFile?: string; paths: readonly string[]; cwd?: string }): Promise<DeputyConfig> {
  const cwd = options.cwd ?? process.cwd();
  if (options.configFile !== undefined) {
    const file = resolve(cwd, options.configFile);
    let text: string;
    try {
      text = readSourceText(file);
    } catch (error) {
      throw new ConfigError(options.configFile, [{ line: 1, column: 1, message: `cannot read the configuration file: ${fileFailure(error)}` }]);
    }
    return parseConfig(options.configFile, text, dirname(file));
  }
  const found = searchConfigFile(resolve(cwd, options.paths[0] ?? '.'));
  if (!found) return emptyConfig(cwd);
  // The YAML spelling most tools take too (checkov's .checkov.yaml): read by none, it would leave every setting out unsaid.
  if (found.misnamed) throw new ConfigError(displayPath(cwd, found.file), [{ line: 1, column: 1, message: `deputy reads its configuration from ${CONFIG_FILE_NAME}, not ${MISNAMED_CONFIG_FILE_NAME}: rename the file, or name it with --config` }]);
  return parseConfig(displayPath(cwd, found.file), readSourceText(found.file), dirname(found.file));
}

const MISNAMED_CONFIG_FILE_NAME = '.deputy.yaml';

export function findConfigFile(start: string): string | undefined {
  const found = searchConfigFile(start);
  return found && !found.misnamed ? found.file : undefined;
}

/** The first folder from `start` upward (to the git repository root) that holds `.deputy.yml`, or else `.deputy.yaml`. */
function searchConfigFile(start: string): { file: string; misnamed: boolean } | undefined {
  let directory = existsSync(start) && !statSync(start).isDirectory() ? dirname(start) : start;
  const isFile = (file: string): boolean => existsSync(file) && statSync(file).isFile();
  for (;;) {
    const candidate = join(directory, CONFIG_FILE_NAME);
    if (isFile(candidate)) return { file: candidate, misnamed: false };
    const misnamed = join(directory, MISNAMED_CONFIG_FILE_NAME);
    if (isFile(misnamed)) return { file: misnamed, misnamed: true };
    const parent = dirname(directory);
    if (existsSync(join(directory, '.git')) || parent === directory) return undefined;
    directory = parent;
  }
}

const SERVICE_PRINCIPAL_KEYS = ['principal', 'arnService', 'otherArnServices', 'sendsSourceArn', 'sendsSourceAccount', 'source', 'note'] as const;
const SUPPRESSION_KEYS = ['rule', 'resource', 'file', 'reason'] as const;
const TOP_LEVEL_KEYS = ['rules', 'failOn', 'sagemakerGuardrailKeys', 'servicePrincipals', 'trustedAccounts', 'placeholders', 'ignorePaths', 'ignore'] as const;

/** Every id a configuration or a suppression may name: the rules and the engine's own report of unused suppressions. */
export function knownRuleIds(): string[] {
  return [...RULES.map((rule) => rule.meta.id), UNUSED_SUPPRESSION_ID];
}

/** Parses and validates a configuration; every problem is reported at once, at its line. */
export async function parseConfig(file: string, text: string, directory: string): Promise<DeputyConfig> {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const problems: ConfigError['problems'] = [];
  const at = (node: Node | null | undefined): { line: number; column: number } => {
    const { line, col } = lineCounter.linePos(node?.range?.[0] ?? 0);
    return { line: Math.max(line, 1), column: col };
  };
  const problem = (node: Node | null | undefined, message: string): undefined => {
    problems.push({ ...at(node), message });
    return undefined;
  };
  // A glob that matches nothing ("/") is the user's mistake, told at its line rather than when a scan first uses it.
  const checkGlob = (node: Node, glob: string): void => {
    try {
      globToRegExp(glob);
    } catch (error) {
      problem(node, (error as Error).message);
    }
  };
  const shown = shownPositions(text);
  for (const error of document.errors) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    problems.push({ ...shown(Math.max(line, 1), col), message: error.message });
  }
  if (problems.length > 0) throw new ConfigError(file, problems);

  const config = emptyConfig(directory);
  config.file = file;
  const root = document.contents;
  if (root === null || (isScalar(root) && root.value === null)) return config;
  if (!isMap(root)) throw new ConfigError(file, [{ ...at(root), message: 'the configuration must be a mapping of keys (rules, failOn, ...)' }]);

  const string = (node: unknown, what: string): string | undefined => {
    if (isScalar(node) && typeof node.value === 'string' && node.value.trim() !== '') return node.value;
    return problem(node as Node, `${what} must be a non-empty string`);
  };
  const stringList = (node: unknown, what: string): string[] | undefined => {
    if (!isSeq(node)) return problem(node as Node, `${what} must be a list of strings`);
    const items = node.items.map((item) => string(item, `each item of ${what}`));
    return items.every((item) => item !== undefined) ? (items as string[]) : undefined;
  };
  const knownIds = knownRuleIds();
  const ruleId = (node: unknown, what: string): string | undefined => {
    const id = string(node, what);
    if (id === undefined || knownIds.includes(id)) return id;
    return problem(node as Node, `unknown rule "${id}"${suggestion(id, knownIds)}`);
  };

  for (const pair of pairsOf(root)) {
    const key = keyOf(pair);
    const value = pair.value as Node | null;
    switch (key) {
      case 'rules': {
        if (!isMap(value)) {
          problem(value ?? (pair.key as Node), 'rules must be a mapping of rule id to off, on or a severity');
          break;
        }
        for (const rulePair of pairsOf(value)) {
          const id = ruleId(rulePair.key, 'a rule id');
          const setting = scalarText(rulePair.value);
          const allowed = ['off', 'on', ...SEVERITIES];
          if (setting === undefined || !allowed.includes(setting)) {
            problem((rulePair.value as Node) ?? (rulePair.key as Node), `rule setting must be one of ${allowed.join(', ')}${setting === undefined ? '' : `, not "${setting}"${suggestion(setting, allowed)}`}`);
          } else if (id !== undefined) config.rules[id] = setting as RuleSetting;
        }
        break;
      }
      case 'failOn': {
        const allowed = [...SEVERITIES, 'none'];
        const setting = scalarText(value);
        if (setting === undefined || !allowed.includes(setting)) problem(value ?? (pair.key as Node), `failOn must be one of ${allowed.join(', ')}${setting === undefined ? '' : `, not "${setting}"${suggestion(setting, allowed)}`}`);
        else config.failOn = setting as FailOn;
        break;
      }
      case 'sagemakerGuardrailKeys': {
        if (!isMap(value)) {
          problem(value ?? (pair.key as Node), 'sagemakerGuardrailKeys must be a mapping of action (sagemaker:CreateTrainingJob) to a list of condition keys');
          break;
        }
        const entries = pairsOf(value).flatMap((entry) => {
          const action = string(entry.key, 'an action');
          const keys = stringList(entry.value, `the condition keys of ${action ?? 'the action'}`);
          return action === undefined || keys === undefined ? [] : [{ action, keys, pair: entry }];
        });
        config.guardrailKeys = await checkGuardrailKeys(entries, problem);
        break;
      }
      case 'servicePrincipals': {
        if (!isSeq(value)) {
          problem(value ?? (pair.key as Node), 'servicePrincipals must be a list of {principal, sendsSourceArn, sendsSourceAccount, arnService?, otherArnServices?, source?, note?}');
          break;
        }
        config.servicePrincipals = value.items.flatMap((item) => {
          const entry = servicePrincipal(item, problem, unknownKeys, stringList);
          return entry ? [entry] : [];
        });
        break;
      }
      case 'trustedAccounts': {
        if (!isSeq(value)) {
          problem(value ?? (pair.key as Node), 'trustedAccounts must be a list of 12-digit account ids');
          break;
        }
        config.trustedAccounts = value.items.flatMap((item) => {
          // An unquoted id is a YAML number that would lose a leading zero: read the text as written.
          const written = isScalar(item) ? (item.source ?? String(item.value)) : undefined;
          if (written !== undefined && /^\d{12}$/.test(written)) return [written];
          problem(item as Node, `a trusted account must be a 12-digit account id${written === undefined ? '' : `, not "${written}"`}`);
          return [];
        });
        break;
      }
      case 'placeholders':
        config.placeholders = stringList(value, 'placeholders');
        break;
      case 'ignorePaths': {
        const globs = stringList(value, 'ignorePaths');
        if (globs) {
          for (const [index, glob] of globs.entries()) checkGlob((value as YAMLSeq).items[index] as Node, glob);
          config.ignorePaths = globs;
        }
        break;
      }
      case 'ignore': {
        if (!isSeq(value)) {
          problem(value ?? (pair.key as Node), 'ignore must be a list of {rule, resource and/or file, reason}');
          break;
        }
        config.ignore = value.items.flatMap((item) => {
          if (!isMap(item)) return problem(item as Node, 'each ignore entry must be a mapping {rule, resource and/or file, reason}') ?? [];
          unknownKeys(item, SUPPRESSION_KEYS, 'an ignore entry');
          const rule = ruleId(item.get('rule', true), 'rule');
          const reason = item.has('reason') ? string(item.get('reason', true), 'reason') : problem(item, 'an ignore entry needs a reason');
          const resource = item.has('resource') ? string(item.get('resource', true), 'resource') : undefined;
          const fileGlob = item.has('file') ? string(item.get('file', true), 'file') : undefined;
          if (fileGlob !== undefined) checkGlob(item.get('file', true) as Node, fileGlob);
          if (!item.has('resource') && !item.has('file')) problem(item, 'an ignore entry needs a resource or a file (to turn a rule off everywhere, use rules: {<id>: off})');
          if (rule === undefined || reason === undefined || (resource === undefined && fileGlob === undefined)) return [];
          const start = at(item);
          // The entry's end is its last value's: a block map's own range runs past the line break that ends it. A flow
          // map's (`{rule: ..., reason: ...}`) ends at its closing brace, which is the entry's too.
          const end = lineCounter.linePos((item.flow ? item.range?.[1] : undefined) ?? (item.items.at(-1)?.value as Node | null)?.range?.[1] ?? item.range?.[1] ?? 0);
          const location: SourceLocation = { file, startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.col };
          return [{ rule, reason, location, ...(resource === undefined ? {} : { resource }), ...(fileGlob === undefined ? {} : { file: fileGlob }) }];
        });
        break;
      }
      default:
        problem(pair.key as Node, `unknown key "${key}"${suggestion(key, TOP_LEVEL_KEYS)}; known keys: ${TOP_LEVEL_KEYS.join(', ')}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(file, problems.sort((a, b) => a.line - b.line || a.column - b.column));
  return config;

  function unknownKeys(map: YAMLMap, known: readonly string[], what: string): void {
    for (const pair of pairsOf(map)) {
      const key = keyOf(pair);
      if (!known.includes(key)) problem(pair.key as Node, `unknown key "${key}" in ${what}${suggestion(key, known)}; known keys: ${known.join(', ')}`);
    }
  }
}

type Report = (node: Node | null | undefined, message: string) => undefined;

/** The service part of an ARN as the catalog names it (`ecs`, `cloudformation`). */
const ARN_SERVICE = /^[a-z0-9-]+$/;

function servicePrincipal(
  item: unknown,
  problem: Report,
  unknownKeys: (map: YAMLMap, known: readonly string[], what: string) => void,
  stringList: (node: unknown, what: string) => string[] | undefined,
): ServicePrincipalInput | undefined {
  if (!isMap(item)) return problem(item as Node, 'each service principal must be a mapping {principal, sendsSourceArn, sendsSourceAccount, ...}');
  unknownKeys(item, SERVICE_PRINCIPAL_KEYS, 'a service principal');
  const principalNode = item.get('principal', true);
  const principal = isScalar(principalNode) && typeof principalNode.value === 'string' ? principalNode.value.trim() : undefined;
  if (!principal || !/^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/i.test(principal)) {
    return problem(principalNode ?? item, 'principal must be a service principal such as "example.amazonaws.com"');
  }
  const flag = (name: 'sendsSourceArn' | 'sendsSourceAccount'): boolean | undefined => {
    const node = item.get(name, true);
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    return problem(node ?? item, `${name} of ${principal} must be true or false`);
  };
  const sendsSourceArn = flag('sendsSourceArn');
  const sendsSourceAccount = flag('sendsSourceAccount');
  const optional = (name: 'arnService' | 'source' | 'note'): string | undefined => {
    const node = item.get(name, true);
    if (node === undefined) return undefined;
    if (isScalar(node) && typeof node.value === 'string' && node.value.trim() !== '') return node.value;
    return problem(node, `${name} of ${principal} must be a non-empty string`);
  };
  const arnService = optional('arnService');
  const source = optional('source');
  const note = optional('note');
  if (arnService !== undefined && !ARN_SERVICE.test(arnService)) return problem(item.get('arnService', true), `arnService must be the service name of ARNs, such as "ecs", not "${arnService}"`);
  const othersNode: unknown = item.get('otherArnServices', true);
  const otherArnServices = othersNode === undefined ? undefined : stringList(othersNode, `otherArnServices of ${principal}`);
  const misnamed = otherArnServices?.findIndex((name) => !ARN_SERVICE.test(name)) ?? -1;
  if (misnamed >= 0 && isSeq(othersNode)) return problem(othersNode.items[misnamed] as Node, `otherArnServices must be service names of ARNs, such as "cloudformation", not "${otherArnServices![misnamed]}"`);
  if (sendsSourceArn === undefined || sendsSourceAccount === undefined) return undefined;
  return {
    principal,
    sendsSourceArn,
    sendsSourceAccount,
    ...(arnService ? { arnService } : {}),
    ...(otherArnServices ? { otherArnServices } : {}),
    ...(source ? { source } : {}),
    ...(note ? { note } : {}),
  };
}

/** Actions and keys are checked against the IAM catalog: a key the action does not support can never be present. */
async function checkGuardrailKeys(entries: Array<{ action: string; keys: string[]; pair: Pair }>, problem: Report): Promise<Record<string, string[]>> {
  // The services of the keys too: a key of another service than the action's is read in the catalog to be refused.
  const prefixes = entries.flatMap(({ action, keys }) => [action, ...keys.map(keyOfRequirement)].map((name) => name.split(':')[0]!)).filter((prefix) => prefix !== '');
  const catalog = await IamCatalog.load(prefixes);
  const result: Record<string, string[]> = {};
  for (const { action, keys, pair } of entries) {
    const prefix = action.includes(':') ? action.slice(0, action.indexOf(':')) : '';
    if (!catalog.serviceExists(prefix) || !catalog.actionExists(action)) {
      const actions = catalog.serviceExists(prefix) ? catalog.actions(prefix) : [];
      problem(pair.key as Node, `unknown action "${action}"${suggestion(action, actions)}`);
      continue;
    }
    const canonical = catalog.expandAction(action)[0] ?? action;
    const valid = keys.filter((entry, index) => {
      const key = keyOfRequirement(entry);
      const supported = catalog.actionSupportsKey(action, key) || catalog.isGlobalKey(key);
      if (!supported) problem((pair.value as YAMLSeq).items[index] as Node, `${canonical} does not support the condition key "${key}"${suggestion(key, catalog.actionConditionKeys(action))}`);
      return supported;
    });
    result[canonical] = valid.map((entry) => {
      const key = keyOfRequirement(entry);
      const known = catalog.conditionKey(key)?.key;
      // A templated catalog key (`aws:RequestTag/${TagKey}`) must keep the tag the user named.
      return (known && !known.includes('${') ? known : key) + entry.slice(key.length);
    });
  }
  return result;
}

/** A guardrail requirement is a key, or `key=value` when the key must hold that value. */
function keyOfRequirement(entry: string): string {
  const equals = entry.indexOf('=');
  return equals < 0 ? entry : entry.slice(0, equals);
}

function pairsOf(map: YAMLMap): Pair[] {
  return map.items as Pair[];
}

function keyOf(pair: Pair): string {
  return isScalar(pair.key) ? String((pair.key as Scalar).value) : String(pair.key);
}

function scalarText(node: unknown): string | undefined {
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'boolean') ? String(node.value) : undefined;
}

/** What the rules see of the configuration. */
export function ruleContextFor(config: DeputyConfig, now: number): RuleContext {
  return {
    services: config.servicePrincipals?.length ? defaultServicePrincipals.withExtraPrincipals(config.servicePrincipals) : defaultServicePrincipals,
    now,
    ...(config.trustedAccounts ? { trustedAccounts: config.trustedAccounts } : {}),
    ...(config.guardrailKeys ? { guardrailKeys: config.guardrailKeys } : {}),
    ...(config.placeholders ? { placeholders: config.placeholders } : {}),
  };
}

/**
 * The configuration with the rules the command line selects (`--check`, `--skip-check`), as `rules` would select them:
 * a rule `--check` does not name is off, one it names runs even where `rules` turns it off (the command line wins, as
 * `--fail-on` wins over `failOn`) at the severity `rules` gives it, and one `--skip-check` names is off, also when
 * `--check` names it. Ids are those of `knownRuleIds`, checked before.
 */
export function withSelectedRules(config: DeputyConfig, selection: { check?: readonly string[]; skip?: readonly string[] }): DeputyConfig {
  if (!selection.check && !selection.skip) return config;
  const rules: Record<string, RuleSetting> = { ...config.rules };
  if (selection.check) {
    for (const id of knownRuleIds()) {
      if (!selection.check.includes(id)) rules[id] = 'off';
      else if (rules[id] === 'off') rules[id] = 'on';
    }
  }
  for (const id of selection.skip ?? []) rules[id] = 'off';
  return { ...config, rules };
}

/** The rules to run: those not turned off. */
export function enabledRules(rules: readonly Rule[], config: DeputyConfig): Rule[] {
  return rules.filter((rule) => config.rules[rule.meta.id] !== 'off');
}

/** The severity the configuration gives a rule, by rule id (`rules: {<id>: low}`): every finding of it is reported at it. */
export function configuredSeverities(config: DeputyConfig): Record<string, Severity> {
  const severities: Record<string, Severity> = {};
  for (const ruleId of Object.keys(config.rules)) {
    const severity = configuredSeverity(config, ruleId);
    if (severity) severities[ruleId] = severity;
  }
  return severities;
}

/** The severity `rules` gives a rule, if it gives one (not `on` or `off`). */
function configuredSeverity(config: DeputyConfig, ruleId: string): Severity | undefined {
  const setting = config.rules[ruleId];
  return setting === undefined || setting === 'on' || setting === 'off' ? undefined : setting;
}

/** Drops the findings of rules turned off (the engine's own reports included) and applies severity overrides. */
export function applyRuleSettings(findings: Finding[], config: DeputyConfig): Finding[] {
  // A loop, not flatMap: a scan of a large plan passes thousands of findings, and flatMap made an array of each.
  const applied: Finding[] = [];
  for (const finding of findings) {
    if (config.rules[finding.ruleId] === 'off') continue;
    const severity = configuredSeverity(config, finding.ruleId);
    applied.push(severity === undefined || severity === finding.severity ? finding : withProperties(finding, { severity }));
  }
  return applied;
}
