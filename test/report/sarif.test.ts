import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { parseConfig } from '../../src/analyze/config.js';
import { scan } from '../../src/analyze/engine.js';
import type { Finding, Severity } from '../../src/model/finding.js';
import { MOST_RELATED_LOCATIONS, MOST_RESULTS, REPOSITORY_URL, SARIF_DESCRIPTION_LIMIT, renderSarif } from '../../src/report/sarif.js';
import { TOOL_VERSION } from '../../src/version.js';
import { HOSTILE, TEMPLATE, fixedPerWorld, hostileSample, placedNotices, type Sample } from './sample.js';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * The SARIF 2.1.0 schema as Microsoft's SARIF SDK ships it in the @microsoft/sarif-multitool-linux 5.7.0 package
 * (MIT): the OASIS schema re-expressed for JSON Schema 2020-12, which ajv validates natively.
 */
const schema = JSON.parse(readFileSync(join(import.meta.dirname, 'sarif-schema-2.1.0.json'), 'utf8')) as object;
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addFormat('uri', (text: string) => URL.canParse(text));
ajv.addFormat('uri-reference', (text: string) => URL.canParse(text, 'file:///base/') && !/[\s%](?![0-9A-Fa-f]{2})/.test(text));
ajv.addFormat('date-time', (text: string) => !Number.isNaN(Date.parse(text)));
ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
const validate = ajv.compile(schema);

interface SarifLog {
  runs: Array<{
    tool: { driver: { name: string; version: string; informationUri: string; rules: Array<Record<string, any>> } };
    invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications?: Array<Record<string, any>> }>;
    originalUriBaseIds: Record<string, { uri: string }>;
    results: Array<Record<string, any>>;
  }>;
}

function parse(text: string): SarifLog {
  const log = JSON.parse(text) as SarifLog;
  expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
  return log;
}

let sample: Sample;
beforeAll(async () => {
  sample = await hostileSample();
});
afterAll(() => sample.dispose());

describe('SARIF', () => {
  it('is valid SARIF 2.1.0 for findings, suppressions, input errors and notices with hostile text', () => {
    const log = parse(renderSarif(sample.result, { sourceRoot: sample.root, cwd: sample.root }));
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0]!.results).toHaveLength(sample.result.findings.length);
  });

  it('is valid for the examples and for an empty scan', async () => {
    const examples = await scan([join(ROOT, 'examples')]);
    expect(examples.findings.length).toBeGreaterThan(0);
    parse(renderSarif(examples, { sourceRoot: ROOT }));
    const empty = await scan([join(ROOT, 'docs')]);
    const log = parse(renderSarif(empty, { sourceRoot: ROOT }));
    expect(log.runs[0]!.results).toEqual([]);
    expect(log.runs[0]!.invocations[0]!.executionSuccessful).toBe(true);
  });

  it('the schema check rejects what it must', () => {
    const log = JSON.parse(renderSarif(sample.result, { sourceRoot: sample.root, cwd: sample.root })) as SarifLog;
    log.runs[0]!.results[0]!.level = 'critical';
    expect(validate(log)).toBe(false);
  });

  it('describes every rule from its metadata, with docs page, severity score, tags and default level', () => {
    const log = parse(renderSarif(sample.result, { sourceRoot: sample.root, cwd: sample.root }));
    const driver = log.runs[0]!.tool.driver;
    expect(driver).toMatchObject({ name: 'deputy', version: TOOL_VERSION, informationUri: REPOSITORY_URL });
    expect(driver.rules.map((rule) => rule.id)).toEqual([...RULES.map((rule) => rule.meta.id), 'deputy-unused-suppression']);
    const score: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };
    const level: Record<Severity, string> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
    const rank: Severity[] = ['low', 'medium', 'high', 'critical'];
    for (const [index, descriptor] of driver.rules.slice(0, RULES.length).entries()) {
      const meta = RULES[index]!.meta;
      const reported = sample.result.findings.filter((finding) => finding.ruleId === meta.id).map((finding) => finding.severity);
      const severity = reported.length === 0 ? meta.severity : rank[Math.max(...reported.map((one) => rank.indexOf(one)))]!;
      expect(descriptor.helpUri).toBe(`${REPOSITORY_URL}/blob/main/docs/rules/${meta.id}.md`);
      expect(existsSync(join(ROOT, 'docs', 'rules', `${meta.id}.md`)), meta.id).toBe(true);
      expect(descriptor.shortDescription.text).toBe(`${meta.title}.`);
      expect(descriptor.fullDescription.text).not.toContain('`');
      expect(descriptor.help.text).toContain(meta.fix.replace(/`/g, ''));
      expect(descriptor.help.markdown).toContain(meta.rationale);
      expect(descriptor.properties['security-severity'], meta.id).toBe(score[severity]);
      expect(descriptor.properties.tags).toEqual(['security', 'iam', meta.family]);
      expect(descriptor.defaultConfiguration.level, meta.id).toBe(level[severity]);
      expect(descriptor.name).toMatch(/^[A-Z][A-Za-z0-9]+$/);
    }
    expect(driver.rules.find((rule) => rule.id === 'trust-any-principal')!.properties['security-severity']).toBe('9.5');
  });

  it('describes a rule at the severity .deputy.yml gives it, as its results have it', async () => {
    const config = await parseConfig('.deputy.yml', 'rules:\n  trust-service-without-source-condition: low\n  deputy-unused-suppression: medium\n', ROOT);
    const result = await scan([join(ROOT, 'examples')], { config });
    expect(result.configuredSeverities).toEqual({ 'trust-service-without-source-condition': 'low', 'deputy-unused-suppression': 'medium' });
    const run = parse(renderSarif(result, { sourceRoot: ROOT })).runs[0]!;
    const described = (id: string) => run.tool.driver.rules.find((rule) => rule.id === id)!;
    const service = described('trust-service-without-source-condition');
    expect([service.defaultConfiguration.level, service.properties['security-severity']]).toEqual(['note', '3.0']);
    expect(service.help.markdown).toContain('(severity low, set in the configuration)');
    expect(run.results.filter((item) => item.ruleId === service.id).map((item) => item.level)).toContain('note');
    expect(described('deputy-unused-suppression').defaultConfiguration.level).toBe('warning');
    const unconfigured = described('trust-any-principal');
    expect([unconfigured.defaultConfiguration.level, unconfigured.properties['security-severity']]).toEqual(['error', '9.5']);
    expect(unconfigured.help.markdown).toContain('(severity critical)');
  });

  it('describes a rule whose findings take another severity by where they are at its most severe result, as code scanning ranks alerts by the descriptor', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deputy-sarif-severity-'));
    try {
      const policy = (effect: string) =>
        `Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: ${effect}\n            Action: s3:GetObject\n            Resource: '*'\n            Condition:\n              StringNotEquals:\n                sagemaker:VolumeKmsKeyArn: arn:aws:kms:us-east-1:111111111111:key/abc\n`;
      const described = async (effect: string) => {
        writeFileSync(join(dir, 't.yaml'), policy(effect));
        const run = parse(renderSarif(await scan([join(dir, 't.yaml')]), { sourceRoot: dir })).runs[0]!;
        const [only] = run.results.filter((item) => item.ruleId === 'identity-condition-key-not-applicable');
        const descriptor = run.tool.driver.rules[only!.ruleIndex]!;
        return [only!.properties.severity, descriptor.properties['security-severity'], descriptor.defaultConfiguration.level];
      };
      expect(await described('Deny')).toEqual(['high', '8.0', 'error']);
      expect(await described('Allow')).toEqual(['medium', '5.5', 'warning']);
      // A suppressed result counts only where the rule has no other: an accepted high one does not rank the open medium one.
      writeFileSync(join(dir, 't.yaml'), policy('Deny'));
      const [denied] = (await scan([join(dir, 't.yaml')])).findings.filter((finding) => finding.ruleId === 'identity-condition-key-not-applicable');
      writeFileSync(join(dir, 't.yaml'), policy('Allow'));
      const allowed = await scan([join(dir, 't.yaml')]);
      const accepted = { ...denied!, suppressed: sample.result.findings.find((finding) => finding.suppressed)!.suppressed };
      const severityOf = (findings: typeof allowed.findings) => {
        const run = parse(renderSarif({ ...allowed, findings }, { sourceRoot: dir })).runs[0]!;
        return run.tool.driver.rules.find((rule) => rule.id === 'identity-condition-key-not-applicable')!.properties['security-severity'];
      };
      expect(severityOf([...allowed.findings, accepted])).toBe('5.5');
      expect(severityOf([accepted])).toBe('8.0');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('describes deputy’s own report of an unused suppression, outside the security rules', () => {
    const unused = {
      ...sample.result.findings[0]!,
      ruleId: 'deputy-unused-suppression',
      severity: 'low' as const,
      message: 'suppression of trust-any-principal on ExecRole matches no finding',
    };
    const log = parse(renderSarif({ ...sample.result, findings: [unused] }, { sourceRoot: sample.root, cwd: sample.root }));
    const [only] = log.runs[0]!.results;
    const descriptor = log.runs[0]!.tool.driver.rules[only!.ruleIndex]!;
    expect(descriptor).toMatchObject({ id: 'deputy-unused-suppression', defaultConfiguration: { level: 'note' }, properties: { tags: ['maintainability'] } });
    expect(descriptor.properties['security-severity']).toBeUndefined();
    expect(only!.level).toBe('note');
  });

  it('places results: rule index, level, repo-relative escaped URI under %SRCROOT%, 1-based region, fingerprint', () => {
    const log = parse(renderSarif(sample.result, { sourceRoot: sample.root, cwd: sample.root }));
    const run = log.runs[0]!;
    expect(run.originalUriBaseIds['%SRCROOT%']!.uri).toBe(pathToFileURL(sample.root).href + '/');
    const finding = sample.result.findings.find((item) => item.ruleId === 'policy-documentation-placeholder')!;
    const result = run.results.find((item) => item.ruleId === 'policy-documentation-placeholder')!;
    expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
    expect(result.level).toBe('warning');
    const physical = result.locations[0].physicalLocation;
    expect(physical.artifactLocation).toEqual({ uri: 'odd%20%252C%2C%20name%3A%20%231/stack.yaml', uriBaseId: '%SRCROOT%' });
    expect(decodeURIComponent(physical.artifactLocation.uri.split('/')[0])).toBe('odd %2C, name: #1');
    expect(physical.region).toEqual({
      startLine: finding.location.startLine,
      startColumn: finding.location.startColumn,
      endLine: finding.location.endLine,
      endColumn: finding.location.endColumn,
    });
    expect(result.partialFingerprints).toEqual({ 'deputyFindingHash/v1': finding.fingerprint });
    // The message is kept whole (JSON escapes it); it becomes a sentence.
    expect(result.message.text).toBe(`${finding.message}.`);
    expect(result.message.text).toContain(HOSTILE);
  });

  it('links related locations and keeps the fix in the message and properties (no invalid SARIF fix object)', () => {
    const log = parse(renderSarif(sample.result, { sourceRoot: sample.root, cwd: sample.root }));
    const results = log.runs[0]!.results;
    const unassumable = results.find((item) => item.ruleId === 'trust-sagemaker-role-unassumable')!;
    expect(unassumable.relatedLocations).toEqual([
      expect.objectContaining({ id: 0, message: { text: 'trust policy of LambdaRole.' }, physicalLocation: expect.objectContaining({ region: expect.objectContaining({ startLine: 30 }) }) }),
    ]);
    const withFix = results.find((item) => item.ruleId === 'trust-service-without-source-condition' && !item.suppressions)!;
    const fix = sample.result.findings.find((item) => item.ruleId === 'trust-service-without-source-condition')!.fix!;
    expect(withFix.fixes).toBeUndefined();
    expect(withFix.properties.fix).toEqual({ description: fix.description, snippet: fix.snippet });
    expect(withFix.message.text).toContain(`Fix: ${fix.description}`);
  });

  it('keeps each fix of a finding whose worlds take different ones, with the worlds it is for, in its one result\'s message and properties', async () => {
    const { root, result, finding } = await fixedPerWorld();
    const rendered = renderSarif(result, { sourceRoot: root, cwd: root });
    expect(validate(JSON.parse(rendered))).toBe(true);
    const results = parse(rendered).runs[0]!.results;
    expect(results).toHaveLength(1);
    const [pipeline, model] = finding.fixes!;
    expect(results[0]!.fixes).toBeUndefined();
    expect(results[0]!.properties.fix).toBeUndefined();
    expect(results[0]!.properties.fixes).toEqual(finding.fixes);
    expect(results[0]!.message.text).toBe(`${finding.message}. Fix when condition IsModel is false: ${pipeline!.description}. Fix when condition IsModel is true: ${model!.description}.`);
  });

  it("carries a plan's change, status and changed in each result's properties, as the JSON report does", async () => {
    const planned = await scan([join(ROOT, 'test', 'parsers', 'terraform-plan', 'change-kinds', 'plan.json')]);
    const results = parse(renderSarif(planned, { sourceRoot: ROOT })).runs[0]!.results;
    expect(results.map((result) => [result.properties.resource, result.properties.change, result.properties.status, result.properties.changed])).toEqual(
      planned.findings.map((finding) => [finding.resource.address, finding.change, finding.status, finding.changed]),
    );
    expect(results.find((result) => result.properties.resource === 'aws_iam_role.noop')!.properties).toMatchObject({ change: 'no-op', status: 'existing', changed: false });
    // A template's findings have none of them.
    const log = parse(renderSarif(sample.result, { sourceRoot: sample.root, cwd: sample.root }));
    for (const result of log.runs[0]!.results) expect(Object.keys(result.properties).filter((key) => ['change', 'status', 'changed'].includes(key))).toEqual([]);
  });

  it('keeps suppressed findings with their suppression: inSource for inline, external for config and baseline', () => {
    const log = parse(renderSarif(sample.result, { sourceRoot: sample.root, cwd: sample.root }));
    const suppressions = log.runs[0]!.results.filter((item) => item.suppressions).map((item) => item.suppressions[0]);
    expect(suppressions).toEqual([
      { kind: 'inSource', status: 'accepted', justification: `accepted: ${HOSTILE}`, properties: { source: 'inline' } },
      { kind: 'external', status: 'accepted', justification: `accepted: ${HOSTILE}`, properties: { source: 'config' } },
      { kind: 'external', status: 'accepted', justification: `accepted: ${HOSTILE}`, properties: { source: 'baseline' } },
    ]);
  });

  it('reports input errors as failed execution with notifications, located when they name a file', () => {
    const log = parse(renderSarif(sample.result, { sourceRoot: sample.root, cwd: sample.root }));
    const invocation = log.runs[0]!.invocations[0]!;
    expect(invocation.executionSuccessful).toBe(false);
    const [fileError, commandLine, notice] = invocation.toolExecutionNotifications!;
    expect(fileError).toMatchObject({ level: 'error', locations: [{ physicalLocation: { region: { startLine: 3, startColumn: 5 } } }] });
    expect(fileError!.message.text).toContain('bad input');
    expect(commandLine).toEqual({ level: 'error', message: { text: '(command line): parameter Env is not declared by any scanned template.' } });
    expect(notice).toMatchObject({ level: 'note', locations: [{ physicalLocation: { artifactLocation: { uriBaseId: '%SRCROOT%' } } }] });
  });

  it('locates a notice at its line and column when it has them, at its file otherwise', () => {
    const log = parse(renderSarif({ ...sample.result, errors: [], notices: placedNotices() }, { sourceRoot: sample.root, cwd: sample.root }));
    const artifactLocation = { uri: 'odd%20%252C%2C%20name%3A%20%231/stack.yaml', uriBaseId: '%SRCROOT%' };
    expect(log.runs[0]!.invocations[0]!.toolExecutionNotifications).toEqual([
      { level: 'note', message: { text: 'transform MyMacro is not expanded: resources it would add are not analyzed.' }, locations: [{ physicalLocation: { artifactLocation, region: { startLine: 2, startColumn: 3 } } }] },
      { level: 'note', message: { text: 'conditions depend on A, B (4 combinations).' }, locations: [{ physicalLocation: { artifactLocation } }] },
    ]);
  });

  it('quotes the region and the lines around it when it can read the file', () => {
    const readSource = (file: string): string | undefined => readFileSync(join(sample.root, file), 'utf8');
    const log = parse(renderSarif(sample.result, { sourceRoot: sample.root, cwd: sample.root, readSource }));
    const result = log.runs[0]!.results.find((item) => item.ruleId === 'trust-service-without-source-condition')!;
    const { region, contextRegion } = result.locations[0].physicalLocation;
    expect(region.snippet).toEqual({ text: 'Service: sagemaker.amazonaws.com' });
    expect(contextRegion).toEqual({
      startLine: region.startLine - 2,
      endLine: region.startLine + 2,
      snippet: { text: TEMPLATE.split('\n').slice(region.startLine - 3, region.startLine + 2).join('\n') },
    });
    const related = log.runs[0]!.results.find((item) => item.ruleId === 'trust-sagemaker-role-unassumable')!.relatedLocations[0].physicalLocation;
    expect(related.region.snippet.text.split('\n')[0]).toBe('AssumeRolePolicyDocument:');
    const unreadable = parse(renderSarif(sample.result, { sourceRoot: sample.root, cwd: sample.root, readSource: () => undefined }));
    expect(unreadable.runs[0]!.results[0]!.locations[0].contextRegion).toBeUndefined();
  });

  it('gives files outside the source root an absolute file URI', () => {
    const elsewhere = join(sample.root, 'elsewhere');
    const log = parse(renderSarif(sample.result, { sourceRoot: elsewhere, cwd: sample.root }));
    const location = log.runs[0]!.results[0]!.locations[0].physicalLocation.artifactLocation;
    expect(location.uriBaseId).toBeUndefined();
    expect(location.uri).toBe(pathToFileURL(join(sample.root, 'odd %2C, name: #1', 'stack.yaml')).href);
  });

  it('places a file scanned through a symbolic link into the source root under %SRCROOT%, as its real path is', () => {
    const link = join(mkdtempSync(join(tmpdir(), 'deputy-link-')), 'repolink');
    symlinkSync(sample.root, link);
    const placed = (cwd: string) => parse(renderSarif(sample.result, { sourceRoot: sample.root, cwd })).runs[0]!.results[0]!.locations[0].physicalLocation.artifactLocation;
    expect(placed(link)).toEqual({ uri: 'odd%20%252C%2C%20name%3A%20%231/stack.yaml', uriBaseId: '%SRCROOT%' });
    expect(placed(link)).toEqual(placed(sample.root));
    rmSync(dirname(link), { recursive: true });
  });

  it("stays within GitHub's hard limit on related locations: the first 1,000, and the message says how many there were", () => {
    const withRelated = sample.result.findings.find((finding) => finding.related.length > 0)!;
    const related = Array.from({ length: MOST_RELATED_LOCATIONS + 500 }, (_, index) => ({ message: `use ${index}`, location: { ...withRelated.location, startLine: index + 1, endLine: index + 1 } }));
    const log = parse(renderSarif({ ...sample.result, findings: [{ ...withRelated, related }] }, { sourceRoot: sample.root, cwd: sample.root }));
    const [result] = log.runs[0]!.results;
    expect(result!.relatedLocations).toHaveLength(MOST_RELATED_LOCATIONS);
    expect(result!.relatedLocations.at(-1).message.text).toBe('use 999.');
    expect(result!.message.text).toMatch(/ The first 1,000 of 1,500 related locations are listed\.$/);
    expect(result!.properties.relatedLocationsLeftOut).toBe(500);
    const within = parse(renderSarif({ ...sample.result, findings: [{ ...withRelated, related: related.slice(0, MOST_RELATED_LOCATIONS) }] }, { sourceRoot: sample.root, cwd: sample.root }));
    expect(within.runs[0]!.results[0]!.relatedLocations).toHaveLength(MOST_RELATED_LOCATIONS);
    expect(within.runs[0]!.results[0]!.properties.relatedLocationsLeftOut).toBeUndefined();
  });

  it("stays within GitHub's hard limit on results: unsuppressed and most severe first, and a warning says how many are left out", () => {
    const [first] = sample.result.findings.filter((finding) => !finding.suppressed);
    const suppressed = sample.result.findings.find((finding) => finding.suppressed)!;
    const make = (severity: Severity, index: number, base: Finding = first!): Finding => ({ ...base, severity, related: [], fix: undefined, message: `finding ${index}`, fingerprint: String(index) });
    // Low findings first, then a suppressed critical one, then the critical and high ones the run must keep.
    const findings = [
      ...Array.from({ length: MOST_RESULTS }, (_, index) => make('low', index)),
      make('critical', MOST_RESULTS, suppressed),
      make('critical', MOST_RESULTS + 1),
      make('high', MOST_RESULTS + 2),
    ];
    const log = JSON.parse(renderSarif({ ...sample.result, errors: [], notices: [], findings }, { sourceRoot: sample.root, cwd: sample.root })) as SarifLog;
    const { results, invocations } = log.runs[0]!;
    expect(results).toHaveLength(MOST_RESULTS);
    expect(results.slice(0, 3).map((result) => result.message.text)).toEqual([`finding ${MOST_RESULTS + 1}.`, `finding ${MOST_RESULTS + 2}.`, 'finding 0.']);
    expect(results.some((result) => result.suppressions)).toBe(false);
    expect(results.at(-1)!.message.text).toBe(`finding ${MOST_RESULTS - 3}.`);
    expect(invocations[0]!.toolExecutionNotifications).toEqual([
      { level: 'warning', message: { text: expect.stringMatching(/^3 of 25,003 findings are left out of this file: GitHub code scanning rejects a run of more than 25,000 results\./) } },
    ]);
    const within = JSON.parse(renderSarif({ ...sample.result, errors: [], notices: [], findings: findings.slice(0, MOST_RESULTS) }, { sourceRoot: sample.root, cwd: sample.root })) as SarifLog;
    expect(within.runs[0]!.results.map((result) => result.message.text)).toEqual(findings.slice(0, MOST_RESULTS).map((finding) => `${finding.message}.`));
    expect(within.runs[0]!.invocations[0]!.toolExecutionNotifications).toBeUndefined();
  });

  it('keeps package.json and the descriptors pointing at the same home', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { homepage: string; repository: { url: string } };
    expect(manifest.homepage.startsWith(REPOSITORY_URL)).toBe(true);
    expect(manifest.repository.url).toBe(`git+${REPOSITORY_URL}.git`);
  });
});

describe('rule descriptors within what code scanning takes', () => {
  it('writes every rule\'s short and full description whole, each within SARIF_DESCRIPTION_LIMIT characters, and the details after the summary in its help', () => {
    const sarif = JSON.parse(renderSarif(sample.result, { sourceRoot: sample.root, cwd: sample.root })) as {
      runs: Array<{ tool: { driver: { rules: Array<{ id: string; shortDescription: { text: string }; fullDescription: { text: string }; help: { text: string } }> } } }>;
    };
    const descriptors = sarif.runs[0]!.tool.driver.rules;
    expect(descriptors.map((descriptor) => descriptor.id)).toEqual([...RULES.map((rule) => rule.meta.id), 'deputy-unused-suppression']);
    for (const descriptor of descriptors) {
      for (const text of [descriptor.shortDescription.text, descriptor.fullDescription.text]) {
        expect(text.length, `${descriptor.id}: ${text}`).toBeLessThanOrEqual(SARIF_DESCRIPTION_LIMIT);
        expect(text, descriptor.id).toMatch(/[.?!]$/);
      }
      const meta = RULES.find((rule) => rule.meta.id === descriptor.id)?.meta;
      if (meta) expect(descriptor.fullDescription.text.replace(/\.$/, '')).toBe(meta.summary.replace(/`([^`]*)`/g, '$1').replace(/\.$/, ''));
      if (meta?.details) expect(descriptor.help.text).toContain(meta.details.replace(/`([^`]*)`/g, '$1'));
    }
    expect(RULES.some((rule) => rule.meta.details)).toBe(true);
  });
});
