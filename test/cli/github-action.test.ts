import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRule } from '../../rules/index.js';
import type { Finding } from '../../src/model/finding.js';
import { BIN } from './bin.js';

const INJECTION = '\n::error file=x::pwned\n::add-mask::secret\r  ::warning::spoofed';

/**
 * A repository whose template holds injected workflow commands in a policy value (a condition value the
 * placeholder rule quotes in its message, and a Sid, which IAM refuses and policy-malformed quotes), one finding that is suppressed in the template, and a
 * SageMaker model using the role.
 */
const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  ExecRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: ${JSON.stringify(`Trust${INJECTION}`)}
            Effect: Allow
            Principal:
              Service: sagemaker.amazonaws.com
            Action: sts:AssumeRole
      Policies:
        - PolicyName: ${JSON.stringify(`data${INJECTION}`)}
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: s3:GetObject
                Resource: "*"
                Condition:
                  StringEquals:
                    aws:ResourceTag/team: ${JSON.stringify(`<team>${INJECTION}`)}
  PartnerRole:
    Type: AWS::IAM::Role
    Metadata:
      deputy:
        ignore:
          - rule: trust-cross-account-without-external-id
            reason: the partner signs in with MFA enforced on their side
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: arn:aws:iam::210987654321:root
            Action: sts:AssumeRole
  Model:
    Type: AWS::SageMaker::Model
    Properties:
      ExecutionRoleArn: !GetAtt ExecRole.Arn
      EnableNetworkIsolation: true
`;

let repository: string;
let summaryFile: string;
const PREVIOUS_SUMMARY = '# Earlier step\n\nkept\n';

beforeAll(() => {
  repository = mkdtempSync(join(tmpdir(), 'deputy-action-'));
  mkdirSync(join(repository, '.git'));
  mkdirSync(join(repository, 'infra'));
  mkdirSync(join(repository, 'out'));
  writeFileSync(join(repository, 'infra', 'stack.yaml'), TEMPLATE);
  summaryFile = join(repository, '..', `${repository.split('/').pop()}-summary.md`);
});
afterAll(() => {
  rmSync(repository, { recursive: true, force: true });
  rmSync(summaryFile, { force: true });
});

function deputy(args: string[], env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GITHUB_') && name !== 'CI'));
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: repository, encoding: 'utf8', env: { ...inherited, NO_COLOR: '1', ...env } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const ACTION_ENV = (): Record<string, string> => ({
  GITHUB_ACTIONS: 'true',
  GITHUB_STEP_SUMMARY: summaryFile,
  GITHUB_WORKSPACE: repository,
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'octo/infra',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
});

function findingsOf(): Finding[] {
  const run = deputy(['scan', '.', '--format', 'json']);
  return (JSON.parse(run.stdout) as { findings: Finding[] }).findings;
}

/** The runner's reading of a line: leading blanks trimmed, then `::name properties::data`. */
function workflowCommand(line: string): { name: string; properties: Record<string, string>; data: string } | undefined {
  const match = /^::([^ :]+)(?: ([^:]*))?::(.*)$/.exec(line.trimStart());
  if (!match) return undefined;
  const unescape = (text: string): string => text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const properties = Object.fromEntries((match[2] ?? '').split(',').filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf('=')), unescape(pair.slice(pair.indexOf('=') + 1))]));
  return { name: match[1]!, properties, data: unescape(match[3]!) };
}

describe('deputy in GitHub Actions (GITHUB_ACTIONS=true, no --format)', () => {
  it('annotates every unsuppressed finding, appends a job summary, and lets no injected command through', () => {
    writeFileSync(summaryFile, PREVIOUS_SUMMARY);
    const findings = findingsOf();
    const visible = findings.filter((finding) => !finding.suppressed);
    expect(visible.map((finding) => finding.ruleId).sort()).toEqual(['policy-documentation-placeholder', 'policy-malformed', 'trust-service-without-source-condition']);
    expect(findings.filter((finding) => finding.suppressed).map((finding) => finding.ruleId)).toEqual(['trust-cross-account-without-external-id']);
    expect(visible.find((finding) => finding.ruleId === 'policy-documentation-placeholder')!.message).toContain(INJECTION);

    const run = deputy([], ACTION_ENV());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const lines = run.stdout.split(/\r\n|\r|\n/);
    const commands = lines.filter((line) => workflowCommand(line) !== undefined);
    // Every workflow command on stdout is deputy's annotation of a real finding: one each, nothing else.
    expect(commands).toHaveLength(visible.length);
    const commandFor: Record<string, string> = { critical: 'error', high: 'error', medium: 'warning', low: 'notice' };
    for (const finding of visible) {
      const matching = commands.map((line) => workflowCommand(line)!).filter((command) => command.properties.title?.startsWith(`${finding.ruleId} (`));
      expect(matching).toHaveLength(1);
      const [annotation] = matching;
      expect(annotation!.name).toBe(commandFor[finding.severity]);
      expect(annotation!.properties).toEqual({
        file: 'infra/stack.yaml',
        line: String(finding.location.startLine),
        // Columns only for a range on one line, as GitHub takes them.
        ...(finding.location.endLine > finding.location.startLine ? {} : { col: String(finding.location.startColumn) }),
        endLine: String(finding.location.endLine),
        ...(finding.location.endLine > finding.location.startLine ? {} : { endColumn: String(finding.location.endColumn) }),
        title: `${finding.ruleId} (${finding.severity}): ${findRule(finding.ruleId)!.meta.title}`,
      });
      expect(annotation!.data.startsWith(finding.message)).toBe(true);
    }
    expect(lines.filter((line) => /^\s*::(error file=x|add-mask|warning::spoofed)/.test(line))).toEqual([]);
    expect(run.stdout).not.toContain('secret\n');

    const summary = readFileSync(summaryFile, 'utf8');
    expect(summary.startsWith(PREVIOUS_SUMMARY)).toBe(true);
    const appended = summary.slice(PREVIOUS_SUMMARY.length);
    expect(appended).toContain('## deputy: 3 findings in 1 file; 1 file analyzed');
    expect(appended).toContain('| 0 | 2 | 1 | 0 | 1 | 0 |');
    const placeholder = visible.find((finding) => finding.ruleId === 'policy-documentation-placeholder')!;
    expect(appended).toContain(
      `[infra/stack.yaml:${placeholder.location.startLine}](https://github.com/octo/infra/blob/0123456789abcdef0123456789abcdef01234567/infra/stack.yaml#L${placeholder.location.startLine})`,
    );
    const rows = appended.split('\n').filter((line) => /^\| (critical|high|medium|low) \| \[/.test(line));
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.split(/(?<!\\)\|/)).toHaveLength(7);
    expect(appended).toMatch(/```mermaid\nflowchart LR\n[\s\S]*"role ExecRole"[\s\S]*"SageMaker Model Model"[\s\S]*\n```\n/);
    expect(appended.split('\n').filter((line) => line.startsWith('```'))).toEqual(['```mermaid', '```']);
    expect(appended.split('\n').some((line) => line.startsWith('::'))).toBe(false);
  });

  it('prints annotations without a summary file when GITHUB_STEP_SUMMARY is unset', () => {
    const env = ACTION_ENV();
    delete (env as Partial<Record<string, string>>).GITHUB_STEP_SUMMARY;
    const run = deputy([], env);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n').filter((line) => line.startsWith('::'))).toHaveLength(3);
  });

  it('uses the formats asked for instead: no annotations, no summary', () => {
    writeFileSync(summaryFile, PREVIOUS_SUMMARY);
    const run = deputy(['--format', 'json'], ACTION_ENV());
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).findings).toHaveLength(4);
    expect(readFileSync(summaryFile, 'utf8')).toBe(PREVIOUS_SUMMARY);
  });
});

describe('repeatable --format and --output', () => {
  it('pairs formats with outputs in order, one format going to standard output', () => {
    const run = deputy(['scan', 'infra', '--format', 'sarif', '--output', 'out/deputy.sarif', '--format', 'junit', '--output', 'out/junit.xml', '--format', 'markdown']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^## deputy: 3 findings/);
    const sarif = JSON.parse(readFileSync(join(repository, 'out', 'deputy.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'infra/stack.yaml', uriBaseId: '%SRCROOT%' });
    expect(readFileSync(join(repository, 'out', 'junit.xml'), 'utf8')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="deputy" tests="4" failures="3" errors="0" skipped="1">/);
  });

  it('sends the format given "-" to standard output and accepts -f/-o', () => {
    const run = deputy(['-f', 'github', '-o', '-', '-f', 'text', '-o', 'out/report.txt']);
    expect(run.stdout.split('\n').filter((line) => line.startsWith('::'))).toHaveLength(3);
    expect(readFileSync(join(repository, 'out', 'report.txt'), 'utf8')).toContain('infra/stack.yaml:');
    const text = readFileSync(join(repository, 'out', 'report.txt'), 'utf8');
    expect(text).not.toContain('\u001b[');
    // Text output shows the injected line feeds instead of sending them, so it is safe in a CI log as well.
    expect(text).toContain('\\x0a::error file=x::pwned');
    expect(text.split(/\r\n|\r|\n/).filter((line) => line.trimStart().startsWith('::'))).toEqual([]);
  });

  it.each([
    [['--format', 'sarif', '--format', 'junit'], 'sarif, junit would all go to standard output'],
    [['--format', 'json', '--output', 'a.json', '--output', 'b.json'], '2 --output values for 1 --format value'],
    [['--output', 'a.txt', '--output', 'b.txt'], '2 --output values for 1 --format value'],
    [['--format', 'json', '--output', 'same', '--format', 'sarif', '--output', 'same'], '--output same is given for more than one --format'],
    [['--format', 'yaml'], 'Invalid values'],
  ])('rejects %j with a usage error', (args, message) => {
    const run = deputy(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
    expect(existsSync(join(repository, 'a.json'))).toBe(false);
  });
});

describe('standard error in GitHub Actions', () => {
  it('prefixes every line, so a message quoting template or config text cannot start a workflow command', () => {
    writeFileSync(join(repository, 'hostile.deputy.yml'), 'rules: {}\n"\\n::error file=x::pwned": 1\n');
    const run = deputy(['scan', 'infra', '--config', 'hostile.deputy.yml'], ACTION_ENV());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('pwned');
    for (const line of run.stderr.split('\n').filter(Boolean)) expect(line.startsWith('deputy: ')).toBe(true);
    expect(run.stderr.split('\n').some((line) => workflowCommand(line) !== undefined)).toBe(false);
  });
});
