/**
 * Suppressions, format-neutral: inline ones come on `Resource.suppressions` from any parser, config ones from
 * `.deputy.yml`. A matching finding is kept and marked suppressed; a suppression that matches nothing is itself
 * reported, as a low-severity finding of its own id, so every output shows it and only `--fail-on low` fails on it.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { Finding, Severity } from '../model/finding.js';
import { encloses, type SourceLocation } from '../model/location.js';
import type { BlockSuppressions, InputError, InlineSuppression, ParsedFile, Resource, UnanalyzedPart } from '../model/resource.js';
import type { RuleFamily } from '../model/rule.js';
import type { ConfigSuppression, DeputyConfig } from './config.js';
import { matchesGlob } from './glob.js';
import { suggestion } from './suggest.js';
import type { StablePaths } from './repository.js';
import { displayPath } from './discover.js';
import { withProperties } from '../model/objects.js';

export const UNUSED_SUPPRESSION_ID = 'deputy-unused-suppression';

/** Describes the engine's own report for reporters (SARIF rule descriptors, `deputy explain`-like help). */
export const UNUSED_SUPPRESSION = {
  id: UNUSED_SUPPRESSION_ID,
  severity: 'low' as Severity,
  title: 'A suppression matches no finding',
  summary:
    'An inline suppression (CloudFormation Metadata deputy.ignore, Terraform # deputy:ignore) or a .deputy.yml ignore entry names a rule that reports nothing there.',
  help: 'The finding it was written for is gone (fixed, or the rule changed), or the rule id or resource is wrong. Remove the suppression, or correct it; a stale suppression would silently hide the next real finding. Turn this report off with `rules: {deputy-unused-suppression: off}` in .deputy.yml.',
};

export interface SuppressionOutcome {
  findings: Finding[];
  errors: InputError[];
}

/**
 * Marks the findings of one parsed file that its resources' inline suppressions cover (and those of its blocks that
 * declare no resource, for the findings located inside them), and reports suppressions naming an unknown rule (input
 * errors, which suppress nothing, not even the known rules they name beside it) or matching nothing
 * (`deputy-unused-suppression` findings). Rules that do not run (`rules: off`) are not reported as unmatched: the
 * suppression may be needed again when they do. Nor are the suppressions of what deputy does not analyze whole
 * (`ParsedFile.unanalyzed`: a SAM function whose generated role is not expanded, a `module` block whose code is not
 * read): they may be for a finding deputy cannot make there.
 */
export function applyInlineSuppressions(parsed: ParsedFile, findings: Finding[], knownRules: readonly string[], runningRules: RunningRules, paths: StablePaths): SuppressionOutcome {
  const resources = new Map<string, Resource>();
  for (const world of parsed.worlds) {
    // Indexed: run once per file, mostly before it is optimised, `for of` allocates a step result per resource.
    for (let index = 0; index < world.resources.length; index++) {
      const resource = world.resources[index]!;
      if (resource.suppressions?.length && !resources.has(resource.address)) resources.set(resource.address, resource);
    }
  }
  const blocks = parsed.blockSuppressions ?? [];
  if (resources.size === 0 && blocks.length === 0) return { findings, errors: [] };
  const errors: InputError[] = [];
  const used = new Set<string>();
  // A comment naming a rule deputy does not have is an input error and suppresses nothing, not even the known rules it
  // names beside it (`# deputy:ignore trust-any-principal,trust-servce-typo`): the user fixes the comment as a whole.
  const valid = (suppression: InlineSuppression) => suppression.rules.every((rule) => knownRules.includes(rule));
  const naming = (finding: Finding) => (candidate: InlineSuppression) => candidate.rules.includes(finding.ruleId) && valid(candidate);
  const marked = findings.map((finding) => {
    // Every suppression that covers the finding matches it (one on the line before the block and one inside it, the
    // resource's and its data block's): none is reported unused while the finding is there. The resource's own comes
    // first and gives the reason.
    const covering = [
      ...(resources.get(finding.resource.address)?.suppressions!.filter(naming(finding)) ?? []),
      ...blocks.flatMap((block) => (holds(block, finding) ? block.suppressions.filter(naming(finding)) : [])),
    ];
    const suppression = covering[0];
    if (!suppression) return finding;
    for (const each of covering) used.add(usageKey(each, finding.ruleId));
    return finding.suppressed ? finding : withProperties(finding, { suppressed: { reason: suppression.reason, source: 'inline' as const } });
  });
  const unused: Finding[] = [];
  // One suppression may be written for several resources (the fragment of a CloudFormation `Fn::ForEach`, a Terraform
  // block with `count`): it is used when it matches a finding of any of them, and said once.
  const reported = new Set<string>();
  // Suppressions naming the engine's own report cover the reports of the other suppressions of their holder.
  const ofUnused: Array<{ holder: (typeof blocks)[number] | Resource; suppression: InlineSuppression }> = [];
  const holders = [...resources.values(), ...blocks];
  // The suppressions written at what deputy does not analyze whole, by usage key (one written for several resources, a
  // loop's fragment, is so when any of them is).
  const unanalyzed = new Map((parsed.unanalyzed ?? []).map((part) => [part.address, part]));
  const exempt = new Set<string>();
  for (const holder of holders) {
    const part = unanalyzed.get(holder.address);
    if (!part) continue;
    for (const suppression of holder.suppressions!) for (const rule of suppression.rules) if (mayBeUnjudged(part, rule, runningRules)) exempt.add(usageKey(suppression, rule));
  }
  // A suppression written once for several resources is reported under a name none of its instances' order picks: the
  // block's address without instance keys (Terraform), else what they share (a `Fn::ForEach` fragment), so that adding
  // or removing an instance neither renames the report nor changes its fingerprint.
  const holderCount = new Map<string, number>();
  for (const holder of holders) for (const suppression of holder.suppressions!) for (const rule of suppression.rules) holderCount.set(usageKey(suppression, rule), (holderCount.get(usageKey(suppression, rule)) ?? 0) + 1);
  const targetOf = (holder: (typeof holders)[number], suppression: InlineSuppression, rule: string): { name: string; stable: string } => {
    if ((holderCount.get(usageKey(suppression, rule)) ?? 0) < 2) return { name: holder.name, stable: holder.name };
    if (holder.address.startsWith(`${holder.file}#`)) return { name: holder.name, stable: `the ${holder.type} resources of one fragment` };
    const block = holder.address.replace(INSTANCE_KEYS, '');
    return { name: block, stable: block };
  };
  for (const holder of holders) {
    const covering = holder.suppressions!.find((candidate) => candidate.rules.includes(UNUSED_SUPPRESSION_ID) && valid(candidate));
    for (const suppression of holder.suppressions!) {
      for (const rule of suppression.rules) {
        const key = usageKey(suppression, rule);
        if (reported.has(key)) continue;
        reported.add(key);
        if (!knownRules.includes(rule)) {
          const { file, startLine, startColumn } = suppression.location;
          const others = suppression.rules.filter((other) => other !== rule && knownRules.includes(other));
          const nothing = others.length > 0 ? ` (so it suppresses nothing, not even ${others.join(', ')})` : '';
          errors.push({ file, line: startLine, column: startColumn, message: `suppression on ${holder.name} names an unknown rule "${rule}"${nothing}${suggestion(rule, knownRules)}` });
        } else if (!valid(suppression)) {
          // Its error says it suppresses nothing: it is no unused suppression either.
          continue;
        } else if (rule === UNUSED_SUPPRESSION_ID) {
          ofUnused.push({ holder, suppression });
        } else if (!runningRules.has(rule) || exempt.has(key)) {
          // Not reported while its rule is off (or while deputy does not analyze what the holder makes), and needed again
          // when it runs: so is the suppression that would cover its report.
          if (covering) used.add(usageKey(covering, UNUSED_SUPPRESSION_ID));
        } else if (!used.has(key)) {
          const report = unusedFinding(rule, targetOf(holder, suppression, rule), { address: holder.address, type: holder.type, file: holder.file }, suppression.location, suppression.reason, paths);
          if (covering) used.add(usageKey(covering, UNUSED_SUPPRESSION_ID));
          unused.push(covering ? withProperties(report, { suppressed: { reason: covering.reason, source: 'inline' as const } }) : report);
        }
      }
    }
  }
  // One that covers no report matches nothing, as any other (`rules: {deputy-unused-suppression: off}` drops it).
  for (const { holder, suppression } of ofUnused) {
    if (used.has(usageKey(suppression, UNUSED_SUPPRESSION_ID)) || exempt.has(usageKey(suppression, UNUSED_SUPPRESSION_ID))) continue;
    unused.push(unusedFinding(UNUSED_SUPPRESSION_ID, targetOf(holder, suppression, UNUSED_SUPPRESSION_ID), { address: holder.address, type: holder.type, file: holder.file }, suppression.location, suppression.reason, paths));
  }
  return { findings: [...marked, ...unused], errors };
}

/**
 * Whether a block's comments cover a finding: it is located inside the block, or (a `module` block read with a plan) it
 * is on a resource one of the block's calls makes and located where a plan locates a statement a `dynamic` block of
 * that call's code makes, which the `.tf` scan locates in the object the block passes (`BlockSuppressions.calls`).
 */
function holds(block: BlockSuppressions, finding: Finding): boolean {
  if (block.spans.some((span) => encloses(span, finding.location))) return true;
  const { calls } = block;
  if (!calls || !calls.spans.some((span) => encloses(span, finding.location))) return false;
  const modulePath = finding.resource.address.replace(INSTANCE_KEYS, '');
  return calls.modules.some((call) => modulePath.startsWith(`${call}.`));
}

/** The instance keys of a Terraform address (`[0]`, `["a.b"]`), a quoted one with any character but an unescaped quote. */
const INSTANCE_KEYS = /\[(?:"(?:[^"\\]|\\.)*"|[^\]"]*)\]/g;

function usageKey(suppression: InlineSuppression, rule: string): string {
  const { file, startLine, startColumn } = suppression.location;
  return [file, startLine, startColumn, rule].join('\u0000');
}

/**
 * Applies `.deputy.yml` `ignore` entries to every finding of the scan (before `--changed-only` leaves some out, as
 * those are still found). Entries that match nothing are reported when the scan read the configuration's whole folder
 * (`wholeFolder`): there an entry whose glob matches no file names files that are gone. A scan of some files (a
 * pre-commit hook, one template) cannot tell an entry for a file it left out from a stale one, so it reports none. Nor
 * does it report an entry that may be for what deputy does not analyze whole (`unanalyzed`, of every file scanned): one
 * naming such a part (a SAM function, a `module` block whose code is not read) or a resource inside it, or, without a
 * resource, a file that holds one.
 */
export function applyConfigSuppressions(
  findings: Finding[],
  config: DeputyConfig,
  runningRules: RunningRules,
  paths: StablePaths,
  wholeFolder: boolean,
  unanalyzed: readonly UnanalyzedPart[] = [],
): Finding[] {
  const entries = config.ignore ?? [];
  if (entries.length === 0) return findings;
  const used = new Set<ConfigSuppression>();
  const marked = findings.map((finding) => {
    // Every entry that names the finding matches it (a file glob and a resource beside it): none is reported unused while
    // the finding is there. The first gives the reason.
    const matching = entries.filter((candidate) => configMatches(candidate, finding, config, paths.cwd));
    const entry = matching[0];
    if (!entry) return finding;
    for (const each of matching) used.add(each);
    return finding.suppressed ? finding : withProperties(finding, { suppressed: { reason: entry.reason, source: 'config' as const } });
  });
  const configFile = displayPath(paths.cwd, resolve(paths.cwd, config.file ?? ''));
  const mayBeForUnanalyzed = (entry: ConfigSuppression): boolean =>
    unanalyzed.some(
      (part) =>
        mayBeUnjudged(part, entry.rule, runningRules) &&
        (entry.resource === undefined || namesPart(entry.resource, part, config.directory, paths.cwd)) &&
        (entry.file === undefined || matchesGlob(config.directory, entry.file, resolve(paths.cwd, part.file))),
    );
  const unused = entries
    // The engine's own report is no rule that runs, but is made while it is on (`off` drops these reports too).
    .filter((entry) => wholeFolder && !used.has(entry) && (runningRules.has(entry.rule) || entry.rule === UNUSED_SUPPRESSION_ID) && !mayBeForUnanalyzed(entry))
    .map((entry) => {
      const target = [entry.resource && `resource ${entry.resource}`, entry.file && `files ${entry.file}`].filter(Boolean).join(' in ');
      return unusedFinding(entry.rule, { name: target, stable: target }, { address: configFile, type: 'deputy-config', file: configFile }, { ...entry.location, file: configFile }, entry.reason, paths);
    });
  return [...marked, ...unused];
}

/** The rules that run, by id, with their family. */
type RunningRules = ReadonlyMap<string, RuleFamily>;

/**
 * Whether a finding of the rule may be one deputy cannot make in a part it does not analyze whole: any, where the part
 * does not say which families it leaves out; the engine's own report, of the suppressions there, too.
 */
function mayBeUnjudged(part: UnanalyzedPart, rule: string, runningRules: RunningRules): boolean {
  if (!part.families || rule === UNUSED_SUPPRESSION_ID) return true;
  const family = runningRules.get(rule);
  return family === undefined || part.families.includes(family);
}

function configMatches(entry: ConfigSuppression, finding: Finding, config: DeputyConfig, cwd: string): boolean {
  if (entry.rule !== finding.ruleId) return false;
  if (entry.resource !== undefined && !namesResource(entry.resource, finding.resource, config.directory, cwd)) return false;
  const glob = entry.file;
  if (glob === undefined) return true;
  // The file the finding is shown in, as the user reads it: a plan read with its Terraform folder shows its resources'
  // findings in the `.tf`. The resource's own file (the plan) still matches, as entries written for it expect.
  return [finding.location.file, finding.resource.file].some((file) => matchesGlob(config.directory, glob, resolve(cwd, file)));
}

/**
 * Whether an entry's `resource` names the finding's resource: a Terraform address as it is, or written without instance
 * keys for every instance (`aws_iam_role.r` names `aws_iam_role.r[0]` and `module.m["a"].aws_iam_role.r`, as a comment in
 * the block does and as `terraform plan -target` reads it), a CloudFormation resource by its logical id or by its full
 * address. The scan writes that address with the file as named from the folder deputy runs
 * in (`infra/t.yaml#Role`), which the configuration cannot know: the entry's file is read from the configuration's
 * folder, as its `file` globs are, so that it names the same file wherever deputy runs.
 */
function namesResource(written: string, resource: Pick<Finding['resource'], 'address' | 'file'>, configDirectory: string, cwd: string): boolean {
  const { address, file } = resource;
  if (!address.startsWith(`${file}#`)) return address === written || (!written.includes('[') && address.replace(INSTANCE_KEYS, '') === written);
  const name = address.slice(file.length + 1);
  if (written === name) return true;
  // The name may hold a `#` itself: a resource of a template a stack set deploys (`Members/TemplateBody#Role`).
  const writtenFile = written.endsWith(`#${name}`) ? written.slice(0, written.length - name.length - 1) : '';
  return writtenFile !== '' && resolve(configDirectory, writtenFile) === resolve(cwd, file);
}

/**
 * Whether an entry's `resource` names a part deputy does not analyze whole: the CloudFormation resource itself, or a
 * Terraform module call or any resource it makes (`module.roles.aws_iam_role.this`, `module.roles["a"].aws_iam_role.x`).
 */
function namesPart(written: string, part: UnanalyzedPart, configDirectory: string, cwd: string): boolean {
  if (part.address.startsWith(`${part.file}#`)) return namesResource(written, part, configDirectory, cwd);
  return written === part.address || written.startsWith(`${part.address}.`) || written.startsWith(`${part.address}[`);
}

function unusedFinding(rule: string, target: { name: string; stable: string }, resource: Finding['resource'], location: SourceLocation, reason: string, paths: StablePaths): Finding {
  return {
    ruleId: UNUSED_SUPPRESSION_ID,
    severity: UNUSED_SUPPRESSION.severity,
    message: `the suppression of ${rule} on ${target.name} matches no finding ("${reason}"): remove it or correct it`,
    resource,
    location,
    related: [],
    fingerprint: createHash('sha256')
      .update([UNUSED_SUPPRESSION_ID, paths.of(location.file), target.stable, rule].join('\u0000'))
      .digest('hex')
      .slice(0, 32),
  };
}
