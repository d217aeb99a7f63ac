import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, mkdirSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import yargs from 'yargs';
import { RULES } from '../../rules/index.js';
import { skipHelpCache } from '../../src/cli/cli.js';
import { BIN } from './bin.js';

function deputy(args: string[], cwd?: string): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const UNSAFE = `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Principal:
              Service: sagemaker.amazonaws.com
            Action: sts:AssumeRole
`;

const created: string[] = [];
afterAll(() => {
  for (const directory of created) rmSync(directory, { recursive: true, force: true });
});

function project(files: Record<string, string | Buffer>): string {
  const directory = mkdtempSync(join(tmpdir(), 'deputy-cli-'));
  created.push(directory);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(directory, name, '..'), { recursive: true });
    writeFileSync(join(directory, name), text);
  }
  return directory;
}

describe('deputy scan', () => {
  it('prints path:line:col severity rule message with a code frame and the fix, and exits 1 on a high finding', () => {
    const directory = project({ 'stack.yaml': UNSAFE });
    const run = deputy(['scan', '.'], directory);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('stack.yaml:10:15  high      trust-service-without-source-condition  sagemaker.amazonaws.com may assume role Role');
    expect(run.stdout).toContain('>') ;
    expect(run.stdout).toContain('aws:SourceAccount: !Ref AWS::AccountId');
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('shows the same snippets and code frames for a template with a byte order mark as without it', () => {
    const minified = JSON.stringify({ Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] } } } } });
    const directory = project({ 'plain.json': minified, 'marked.json': `\uFEFF${minified}` });
    const snippets = (file: string) => {
      const sarif = JSON.parse(deputy(['scan', file, '--format', 'sarif', '--fail-on', 'none'], directory).stdout) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { region: { snippet?: { text: string } } } }> }> }> };
      return sarif.runs[0]!.results.map((result) => result.locations[0]!.physicalLocation.region.snippet?.text);
    };
    const frames = (file: string) => deputy(['scan', file, '--fail-on', 'none'], directory).stdout.split('\n').filter((line) => line.startsWith('    > '));
    expect(snippets('plain.json')).toContain('"AWS":"*"');
    expect(snippets('marked.json')).toEqual(snippets('plain.json'));
    expect(frames('marked.json')).toEqual(frames('plain.json'));
  });

  it('exits 0 when findings are below --fail-on, and scans "." by default', () => {
    const directory = project({ 'stack.yaml': UNSAFE });
    expect(deputy(['--fail-on', 'critical'], directory).code).toBe(0);
    expect(deputy(['--fail-on', 'none'], directory).code).toBe(0);
  });

  it('refuses an option that takes one value given twice, rather than reading it as no value', () => {
    const directory = project({ 'stack.yaml': UNSAFE });
    for (const args of [
      ['--fail-on', 'low', '--fail-on', 'high'],
      ['--fail-on', 'high', '--fail-on', 'none'],
      ['--config', 'a.yml', '--config', 'b.yml'],
      ['--baseline', 'a.json', '--baseline', 'b.json'],
      ['--tf-dir', '.', '--tf-dir', '.'],
    ]) {
      const run = deputy(['scan', 'stack.yaml', ...args], directory);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`deputy: ${args[0]} is given 2 times`);
      expect(run.stderr).not.toContain('internal error');
    }
    expect(deputy(['graph', 'stack.yaml', '--format', 'dot', '--format', 'json'], directory).code).toBe(2);
    // Repeatable options stay repeatable.
    expect(deputy(['scan', 'stack.yaml', '--format', 'json', '--output', 'a.json', '--format', 'sarif', '--output', 'b.sarif'], directory).code).toBe(1);
  });

  it('takes one value for each occurrence of a repeatable option, leaving the paths after it to scan', () => {
    const directory = project({ 'stack.yaml': UNSAFE, 'v.tfvars': 'x = 1\n', 'elsewhere/broken.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources: [\n' });
    // Read as a second variable file, stack.yaml left "." to scan, whose broken template is an input error (exit 2).
    const run = deputy(['scan', '--var-file', 'v.tfvars', 'stack.yaml', '--format', 'json'], directory);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).summary.filesAnalyzed).toBe(1);
    const parameters = deputy(['scan', '-p', 'A=1', 'stack.yaml', '-p', 'B=2', '--format', 'json'], directory);
    expect(JSON.parse(parameters.stdout).errors.map(({ message }: { message: string }) => message)).toEqual(['parameter A is not declared by any scanned template', 'parameter B is not declared by any scanned template']);
  });

  it('refuses a "-" path, an empty path and paths after "--" rather than scanning the current folder in their place', () => {
    const directory = project({ 'stack.yaml': UNSAFE });
    for (const [args, message] of [
      [['scan', '-'], 'templates are not read from standard input ("-")'],
      [['-', '--format', 'json'], 'templates are not read from standard input ("-")'],
      [['graph', '-'], 'templates are not read from standard input ("-")'],
      [['scan', '--', 'stack.yaml'], 'the words after "--" are not read as paths'],
      [['scan', ''], 'an empty path names no file or folder'],
      [['scan', 'stack.yaml', '', '--format', 'json'], 'an empty path names no file or folder'],
      [['graph', ''], 'an empty path names no file or folder'],
    ] as const) {
      const run = deputy([...args], directory);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`deputy: ${message}`);
    }
    // "-" as the value of --output is standard output.
    expect(JSON.parse(deputy(['scan', 'stack.yaml', '--format', 'json', '--output', '-'], directory).stdout).findings.length).toBeGreaterThan(0);
  });

  it('refuses an option given without its value as a usage error', () => {
    const directory = project({ 'stack.yaml': UNSAFE });
    for (const option of ['--output', '--format', '--fail-on', '--parameters', '--tf-dir', '--config', '--var-file', '--baseline', '--write-baseline']) {
      const run = deputy(['scan', 'stack.yaml', option], directory);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`deputy: Not enough arguments following: ${option.slice(2)}`);
    }
  });

  it('refuses to write a report or a baseline over a file the scan reads, and leaves it as it was', () => {
    const directory = project({ 'stack.yaml': UNSAFE, 'infra/main.tf': 'resource "aws_s3_bucket" "b" {}\n' });
    for (const args of [
      ['scan', 'stack.yaml', '--format', 'json', '--output', 'stack.yaml'],
      ['scan', '.', '--format', 'sarif', '--output', 'infra/main.tf'],
      ['scan', 'stack.yaml', '--write-baseline', 'stack.yaml'],
      ['graph', 'stack.yaml', '--output', 'stack.yaml'],
    ]) {
      const run = deputy(args, directory);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/deputy: --(output|write-baseline) \S+ is a file the scan reads: write it elsewhere/);
    }
    expect(readFileSync(join(directory, 'stack.yaml'), 'utf8')).toBe(UNSAFE);
    // A report written into the scanned folder before is no input: the next scan overwrites it.
    expect(deputy(['scan', '.', '--format', 'json', '--output', 'report.json'], directory).code).toBe(1);
    expect(deputy(['scan', '.', '--format', 'json', '--output', 'report.json'], directory).code).toBe(1);
  });

  it('refuses to write over the --tf-dir folder\'s files, a root\'s tfvars, and the variable, parameter and configuration files it reads', () => {
    const directory = project({ 'stack.yaml': UNSAFE, 'infra/main.tf': 'resource "aws_s3_bucket" "b" {}\n', 'infra/terraform.tfvars': 'x = 1\n', 'v.tfvars': 'x = 1\n', 'params.json': '{}', 'cfg.yml': 'failOn: none\n' });
    for (const args of [
      ['scan', 'stack.yaml', '--tf-dir', 'infra', '--format', 'json', '--output', 'infra/main.tf'],
      ['scan', 'infra', '--format', 'json', '--output', 'infra/terraform.tfvars'],
      ['scan', 'infra', '--var-file', 'v.tfvars', '--format', 'json', '--output', 'v.tfvars'],
      ['scan', 'stack.yaml', '--parameters', 'params.json', '--write-baseline', 'params.json'],
      ['graph', 'stack.yaml', '--config', 'cfg.yml', '--output', 'cfg.yml'],
    ]) {
      const run = deputy(args, directory);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/deputy: --(output|write-baseline) \S+ is a file the scan reads: write it elsewhere/);
    }
    expect(readFileSync(join(directory, 'infra/main.tf'), 'utf8')).toBe('resource "aws_s3_bucket" "b" {}\n');
    expect(readFileSync(join(directory, 'params.json'), 'utf8')).toBe('{}');
  });

  it('refuses to write over the .deputy.yml it reads without --config, scan and graph alike', () => {
    const directory = project({ 'stack.yaml': UNSAFE, '.deputy.yml': 'failOn: none\n' });
    for (const args of [
      ['scan', 'stack.yaml', '--format', 'json', '--output', '.deputy.yml'],
      ['scan', '.', '--write-baseline', '.deputy.yml'],
      ['graph', 'stack.yaml', '--output', '.deputy.yml'],
    ]) {
      const run = deputy(args, directory);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/deputy: --(output|write-baseline) \.deputy\.yml is a file the scan reads: write it elsewhere/);
    }
    expect(readFileSync(join(directory, '.deputy.yml'), 'utf8')).toBe('failOn: none\n');
  });

  it('refuses to write a report over the --baseline it reads, and lets --write-baseline bring that baseline up to date', () => {
    const directory = project({ 'stack.yaml': UNSAFE });
    expect(deputy(['scan', 'stack.yaml', '--write-baseline', 'baseline.json'], directory).code).toBe(0);
    const baseline = readFileSync(join(directory, 'baseline.json'), 'utf8');
    const run = deputy(['scan', 'stack.yaml', '--baseline', 'baseline.json', '--format', 'sarif', '--output', 'baseline.json'], directory);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('deputy: --output baseline.json is a file the scan reads: write it elsewhere\n');
    expect(readFileSync(join(directory, 'baseline.json'), 'utf8')).toBe(baseline);
    expect(deputy(['scan', 'stack.yaml', '--baseline', 'baseline.json', '--write-baseline', 'baseline.json'], directory).code).toBe(0);
    expect(readFileSync(join(directory, 'baseline.json'), 'utf8')).toBe(baseline);
  });

  it('refuses --output beside --write-baseline, which writes no report, rather than leave the report unwritten', () => {
    const directory = project({ 'stack.yaml': UNSAFE });
    const run = deputy(['scan', 'stack.yaml', '--format', 'sarif', '--output', 'report.sarif', '--write-baseline', 'baseline.json'], directory);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('deputy: --write-baseline writes no report: --output report.sarif would not be written (run the scan again without --write-baseline for it)\n');
    expect(existsSync(join(directory, 'baseline.json'))).toBe(false);
  });

  it('reads a configuration, parameter file and baseline written with a byte order mark, as it reads templates', () => {
    const directory = project({ 'stack.yaml': UNSAFE, '.deputy.yml': '\uFEFFfailOn: none\n', 'params.json': '\uFEFF{}' });
    expect(deputy(['scan', 'stack.yaml', '--parameters', 'params.json'], directory).code).toBe(0);
    expect(deputy(['scan', 'stack.yaml', '--fail-on', 'high', '--write-baseline', 'baseline.json'], directory).code).toBe(0);
    writeFileSync(join(directory, 'baseline.json'), `\uFEFF${readFileSync(join(directory, 'baseline.json'), 'utf8')}`);
    expect(deputy(['scan', 'stack.yaml', '--fail-on', 'high', '--baseline', 'baseline.json'], directory).code).toBe(0);
  });

  it('refuses a --tf-dir that is not a folder of .tf files, rather than ignoring it', () => {
    const directory = project({ 'stack.yaml': UNSAFE, 'infra/prod/main.tf': 'resource "aws_s3_bucket" "b" {}\n' });
    for (const [tfDir, reason] of [['infra', 'holds no .tf or .tf.json files'], ['infra/prod/main.tf', 'is not a folder']]) {
      const run = deputy(['scan', 'stack.yaml', '--tf-dir', tfDir], directory);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`deputy: --tf-dir ${tfDir} ${reason}`);
    }
    // A folder of .tf files is taken, and read for the plans the scan reads (none here: see the plan tests below).
    expect(deputy(['scan', 'stack.yaml', '--tf-dir', 'infra/prod'], directory).stderr).not.toContain('deputy: --tf-dir');
  });

  it('writes versioned JSON with the documented shape to --output', () => {
    const directory = project({ 'stack.yaml': UNSAFE });
    const run = deputy(['scan', 'stack.yaml', '--format', 'json', '--output', 'out.json'], directory);
    expect(run.code).toBe(1);
    const report = JSON.parse(readFileSync(join(directory, 'out.json'), 'utf8'));
    expect(report.version).toBe('1.0');
    expect(report.tool.name).toBe('deputy');
    expect(report.errors).toEqual([]);
    expect(report.notices).toEqual([]);
    const finding = report.findings[0];
    expect(Object.keys(finding).sort()).toEqual(['fingerprint', 'fix', 'location', 'message', 'related', 'resource', 'ruleId', 'severity'].sort());
    expect(finding.resource).toEqual({ address: 'stack.yaml#Role', type: 'AWS::IAM::Role', file: 'stack.yaml' });
    expect(finding.location).toMatchObject({ file: 'stack.yaml', startLine: 10, startColumn: 15 });
    expect(report.summary).toMatchObject({ findings: 1, filesAnalyzed: 1, bySeverity: { high: 1 } });
  });

  it('writes a notice with the line it is about, in JSON and as a GitHub annotation', () => {
    const directory = project({ 'stacks/macro.yaml': `AWSTemplateFormatVersion: "2010-09-09"\nTransform: MyMacro\n${UNSAFE}` });
    const message = 'transform MyMacro is not expanded: resources it would add are not analyzed';
    expect(JSON.parse(deputy(['scan', '.', '--format', 'json'], directory).stdout).notices).toEqual([{ file: 'stacks/macro.yaml', line: 2, column: 1, message }]);
    const annotations = deputy(['scan', '.', '--format', 'github'], directory).stdout.split('\n');
    expect(annotations).toContain(`::notice file=stacks/macro.yaml,line=2,col=1,title=deputy%3A not fully analyzed::${message}`);
  });

  it('analyzes the Policies a SAM function writes for the role SAM generates, and notices the policy templates it does not model', () => {
    const sam = 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - DynamoDBReadPolicy: {TableName: jobs}\n        - Statement:\n            - Effect: Allow\n              Action: iam:PassRole\n              Resource: "*"\n';
    const report = JSON.parse(deputy(['scan', '.', '--format', 'json'], project({ 'sam.yaml': sam })).stdout);
    expect(report.findings.map((finding: { ruleId: string; resource: { address: string }; location: { startLine: number } }) => [finding.ruleId, finding.resource.address, finding.location.startLine])).toEqual([['identity-passrole-unscoped', 'sam.yaml#FnRole', 10]]);
    expect(report.notices).toEqual([{ file: 'sam.yaml', line: 1, column: 1, message: 'transform AWS::Serverless-2016-10-31 is not expanded whole: these IAM roles and policies it generates are not analyzed: the policy templates of Fn (DynamoDBReadPolicy)' }]);
  });

  it('keeps fingerprints across line shifts and across the folder deputy runs from', () => {
    const directory = project({ 'stacks/stack.yaml': UNSAFE });
    const fingerprintOf = (args: string[], cwd: string): string => JSON.parse(deputy(['scan', ...args, '--format', 'json'], cwd).stdout).findings[0].fingerprint;
    const original = fingerprintOf(['stacks/stack.yaml'], directory);
    expect(fingerprintOf(['stack.yaml'], join(directory, 'stacks'))).toBe(original);
    writeFileSync(join(directory, 'stacks', 'stack.yaml'), `# a comment\n# and another\n${UNSAFE}`);
    expect(fingerprintOf(['stacks'], directory)).toBe(original);
  });

  it('reports unparsable input with file and line, still analyzes the rest, exits 2, and never prints a stack', () => {
    const directory = project({
      'good.yaml': UNSAFE,
      'broken.yaml': 'Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties: [unclosed\n',
      'broken.json': '{"Resources": {"Role": {"Type": "AWS::IAM::Role",}}',
    });
    const run = deputy(['scan', '.', '--format', 'json'], directory);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report.findings.map((finding: { ruleId: string }) => finding.ruleId)).toContain('trust-service-without-source-condition');
    const files = report.errors.map((error: { file: string }) => error.file).sort();
    expect(files).toEqual(['broken.json', 'broken.yaml']);
    for (const error of report.errors) {
      expect(error.line).toBeGreaterThan(0);
      expect(error.message).not.toMatch(/\n\s+at /);
    }
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports a walked template that does not parse at its line, counts it not analyzed, and skips other broken YAML and JSON silently', () => {
    const plan = readFileSync(join(import.meta.dirname, '..', 'analyze', 'baseline-plan', 'plan.json'), 'utf8');
    const notTemplates = {
      '.github/workflows/ci.yml': 'on: push\njobs:\n  build: [\n',
      'docker-compose.yml': 'services:\n  web:\n    image: "app\n',
      'k8s/pod.yaml': 'apiVersion: v1\nkind: Pod\nspec:\n  containers: [\n',
      'openapi.yaml': 'openapi: 3.0.0\ncomponents:\n  schemas:\n    Resources: {type: object\n',
      'appspec.yml': 'version: 0.0\nResources:\n  - MyFunction:\n      Type: AWS::Lambda::Function\n      Properties: [\n',
      'appspec.json': '{"version": 0.0, "Resources": [{"MyFunction": {"Type": "AWS::Lambda::Function",',
      'package.json': '{"name": "app", "scripts": {',
      // A Resources mapping that names no resource type would make no template whole either.
      'config.yaml': 'Resources:\n  RoleB: [\n',
    };
    const directory = project({
      ...notTemplates,
      'good.yaml': UNSAFE,
      'stack.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  RoleB: [\n',
      'stack.json': '{\n  // the role\n  "Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {',
      'plan/plan.json': plan.slice(0, 1000),
    });
    const run = deputy(['scan', '.', '--format', 'json'], directory);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report.errors).toEqual([
      expect.objectContaining({ file: 'plan/plan.json', line: 1, column: 1001, message: expect.stringMatching(/^the plan is not valid JSON/) }),
      expect.objectContaining({ file: 'stack.json', line: 2, column: 3, message: expect.stringMatching(/^JSON syntax error/) }),
      expect.objectContaining({ file: 'stack.yaml', line: 3, column: 11, message: expect.stringMatching(/^YAML syntax error/) }),
    ]);
    expect(report.findings.map((finding: { location: { file: string } }) => finding.location.file)).toEqual(['good.yaml']);
    expect(report.summary.filesAnalyzed).toBe(1);
    expect(deputy(['scan', '.'], directory).stdout).toMatch(/; 1 file analyzed, 3 input errors\n$/);

    const quiet = project(notTemplates);
    const silent = deputy(['scan', '.'], quiet);
    expect(silent.code).toBe(0);
    expect(silent.stdout).toBe('0 findings; 0 files analyzed\n');
    // Named, a file that is not a template is an input error still.
    expect(deputy(['scan', 'appspec.yml'], quiet).code).toBe(2);
  });

  it('reports walked templates whose keys a list left open or an indentation mistake hides, and skips types outside Resources', () => {
    const directory = project({
      'good.yaml': UNSAFE,
      // A list left open before the template's keys: JSON.parse stops at the first colon in it.
      'open-list.json': '{"Description": [1, "AWSTemplateFormatVersion": "2010-09-09", "Resources": {"R": {"Type": "AWS::IAM::Role"}}}',
      // Resources indented under a format version with no value: valid YAML that nests the resources.
      'nested.yaml': 'AWSTemplateFormatVersion:\n Resources:\n  R:\n   Type: AWS::IAM::Role\n',
      // The same with no format version: under a description with a value, Resources belongs to nothing (YAML refuses it).
      'stray.yaml': 'Description: x\n Resources:\n  R:\n   Type: AWS::IAM::Role\n',
      'described.yaml': 'Description:\n Resources:\n  R:\n   Type: AWS::IAM::Role\n',
      // Under a key that is no template section's, or a block scalar's text: no template.
      'named.yaml': 'name: x\n Resources:\n  R:\n   Type: AWS::IAM::Role\n',
      'text.yaml': 'Description: |\n Resources:\n  R:\n   Type: AWS::IAM::Role\n',
      // Resource types outside Resources make no template, whole or broken.
      'outputs.json': '{"Resources": {"R": {"Properties": {}}}, "Outputs": {"O": {"Type": "AWS::IAM::Role", ',
      'config.yaml': 'Resources:\n  cpu: 2\nOutputs:\n  O:\n    Type: AWS::S3::Bucket\n',
      '.vscode/settings.json': '{\n  // CloudFormation\n  "yaml.customTags": ["!Ref", "!GetAtt"],\n  "files.associations": {"Resources": "yaml", "Type": "AWS::IAM::Role"},\n}\n',
      'serverless.yml': 'service: app\nresources:\n  Resources:\n    B:\n      Type: AWS::S3::Bucket\n      Properties: [\n',
      'schema.json': '{"required": ["Resources", "properties": {"Resources": {"additionalProperties": {"properties": {"Type": {"const": "AWS::IAM::Role"',
    });
    const run = deputy(['scan', '.'], directory);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^error {2}nested\.yaml:2:2 {2}AWSTemplateFormatVersion is a mapping, not a string: is Resources nested under it by mistake\?$/m);
    expect(run.stdout).toMatch(/^error {2}open-list\.json:1:\d+ {2}JSON syntax error/m);
    expect(run.stdout).toMatch(/^error {2}stray\.yaml:2:2 {2}YAML syntax error: Resources is indented under Description, a section that holds text: a template's sections start in the first column$/m);
    expect(run.stdout).toMatch(/^error {2}described\.yaml:2:2 {2}Description is a mapping, not a string: is Resources nested under it by mistake\?$/m);
    expect(run.stdout.match(/^error /gm)).toHaveLength(4);
    expect(run.stdout).toMatch(/; 3 files analyzed, 4 input errors\n$/);
  });

  it('reports jsondecode() of a file that is not JSON at the call, naming the file and its line, in every format, exits 2, and still analyzes the rest', () => {
    const directory = project({
      'stack.yaml': UNSAFE,
      'infra/main.tf': 'resource "aws_iam_policy" "p" {\n  name   = "p"\n  policy = jsonencode(jsondecode(file("${path.module}/policy.json")))\n}\n',
      'infra/policy.json': '{\n  "Version": "2012-10-17",\n  "Statement": [,]\n}\n',
    });
    const message = 'jsondecode: infra/policy.json is not valid JSON: Unexpected token \',\' at line 3, column 17 (Terraform refuses it)';
    const text = deputy(['scan', '.'], directory);
    expect(text.code).toBe(2);
    expect(text.stdout).toContain(`error  infra/main.tf:3:23  ${message}`);
    expect(text.stdout).toContain('stack.yaml:10:15  high      trust-service-without-source-condition');
    const json = deputy(['scan', '.', '--format', 'json'], directory);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).errors).toEqual([{ file: 'infra/main.tf', line: 3, column: 23, message }]);
    const sarif = JSON.parse(deputy(['scan', '.', '--format', 'sarif'], directory).stdout) as { runs: Array<{ invocations: Array<{ toolExecutionNotifications: Array<{ message: { text: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }> }> }> }> };
    const [notification] = sarif.runs[0]!.invocations[0]!.toolExecutionNotifications;
    expect(notification!.message.text).toBe(`${message}.`);
    expect(notification!.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'infra/main.tf', uriBaseId: '%SRCROOT%' }, region: { startLine: 3, startColumn: 23 } });
  });

  it('reports each jsondecode() of a text that is not JSON, in a local nothing reads and twice in one object, in every format, exits 2, and still analyzes the rest', () => {
    const directory = project({
      'stack.yaml': UNSAFE,
      'infra/main.tf': 'locals {\n  unread = jsondecode(file("${path.module}/policy.json"))\n  tags   = { a = jsondecode("{x"), b = jsondecode("[1,") }\n}\n',
      'infra/policy.json': '{\n  "Version": "2012-10-17",\n  "Statement": [,]\n}\n',
    });
    const errors = [
      { file: 'infra/main.tf', line: 2, column: 12, message: 'jsondecode: infra/policy.json is not valid JSON: Unexpected token \',\' at line 3, column 17 (Terraform refuses it)' },
      { file: 'infra/main.tf', line: 3, column: 18, message: "jsondecode: the text given is not valid JSON: Expected property name or '}' at line 1, column 2 of the text (Terraform refuses it)" },
      { file: 'infra/main.tf', line: 3, column: 40, message: 'jsondecode: the text given is not valid JSON: Unexpected end of JSON input at line 1, column 4 of the text (Terraform refuses it)' },
    ];
    const text = deputy(['scan', '.'], directory);
    expect(text.code).toBe(2);
    for (const { file, line, column, message } of errors) expect(text.stdout).toContain(`error  ${file}:${line}:${column}  ${message}`);
    expect(text.stdout).toContain('stack.yaml:10:15  high      trust-service-without-source-condition');
    const json = deputy(['scan', '.', '--format', 'json'], directory);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).errors).toEqual(expect.arrayContaining(errors));
    expect(JSON.parse(json.stdout).errors).toHaveLength(3);
    const sarif = deputy(['scan', '.', '--format', 'sarif'], directory);
    expect(sarif.code).toBe(2);
    const notifications = (JSON.parse(sarif.stdout) as { runs: Array<{ invocations: Array<{ toolExecutionNotifications: Array<{ message: { text: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }> }> }> }> }).runs[0]!.invocations[0]!.toolExecutionNotifications;
    expect(notifications.map(({ message, locations }) => ({ file: locations[0]!.physicalLocation.artifactLocation.uri, line: locations[0]!.physicalLocation.region.startLine, column: locations[0]!.physicalLocation.region.startColumn, message: message.text.replace(/\.$/, '') }))).toEqual(expect.arrayContaining(errors));
    expect(notifications).toHaveLength(3);
  });

  it('lists input errors by file, line and column in every format: refused calls Terraform validates in a module with no instance, a templatefile() file, a condition block; exits 2 and still analyzes the rest', () => {
    const directory = project({
      'stack.yaml': UNSAFE,
      'infra/main.tf': 'output "first" {\n  value = jsondecode("{o")\n}\n\nmodule "none" {\n  source = "./child"\n  count  = 0\n}\n\nlocals {\n  unread = templatefile("${path.module}/p.tpl", {})\n}\n\nvariable "v" {\n  default = "a"\n  validation {\n    condition     = var.v == "a"\n    error_message = "bad ${jsondecode("{m")}"\n  }\n}\n',
      'infra/p.tpl': '${jsondecode("{x")}\n',
      'infra/child/main.tf': 'locals {\n  inner = jsondecode("{c")\n}\n',
    });
    const refused = "jsondecode: the text given is not valid JSON: Expected property name or '}' at line 1, column 2 of the text (Terraform refuses it)";
    // Met in another order: the locals, then the outputs, the variables, and the module called last.
    const errors = [
      { file: 'infra/child/main.tf', line: 2, column: 11, message: refused },
      { file: 'infra/main.tf', line: 2, column: 11, message: refused },
      { file: 'infra/main.tf', line: 11, column: 12, message: `templatefile: infra/p.tpl: line 1, column 3 of the template: ${refused}` },
      { file: 'infra/main.tf', line: 18, column: 28, message: refused },
    ];
    const text = deputy(['scan', '.'], directory);
    expect(text.code).toBe(2);
    const lines = text.stdout.split('\n').filter((line) => line.startsWith('error  '));
    expect(lines).toEqual(errors.map(({ file, line, column, message }) => `error  ${file}:${line}:${column}  ${message}`));
    expect(text.stdout).toContain('stack.yaml:10:15  high      trust-service-without-source-condition');
    const json = deputy(['scan', '.', '--format', 'json'], directory);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).errors).toEqual(errors);
    const sarif = deputy(['scan', '.', '--format', 'sarif'], directory);
    expect(sarif.code).toBe(2);
    const run = (JSON.parse(sarif.stdout) as { runs: Array<{ results: unknown[]; invocations: Array<{ toolExecutionNotifications: Array<{ level: string; message: { text: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }> }> }> }> }).runs[0]!;
    const notifications = run.invocations[0]!.toolExecutionNotifications.filter(({ level }) => level === 'error');
    expect(notifications.map(({ message, locations }) => ({ file: locations[0]!.physicalLocation.artifactLocation.uri, line: locations[0]!.physicalLocation.region.startLine, column: locations[0]!.physicalLocation.region.startColumn, message: message.text.replace(/\.$/, '') }))).toEqual(errors);
    expect(run.results.length).toBeGreaterThan(0);
  });

  it('lists a key a .tf.json object or a .tfvars.json file writes twice as an input error at its second writing; exits 2 and still analyzes the rest', () => {
    const directory = project({
      'stack.yaml': UNSAFE,
      'infra/main.tf.json': '{\n  "variable": { "team": {} },\n  "locals": { "tags": { "team": { "name": "a" }, "team": { "name": "b" } } }\n}\n',
      'infra/terraform.tfvars.json': '{ "team": "a", "team": "b" }\n',
    });
    const message = (name: string) => `${name} is written twice in one JSON object, where it can only be set once; the last value is analyzed (Terraform refuses it)`;
    const errors = [
      { file: 'infra/main.tf.json', line: 3, column: 50, message: message('team') },
      { file: 'infra/terraform.tfvars.json', line: 1, column: 16, message: message('team') },
    ];
    const text = deputy(['scan', '.'], directory);
    expect(text.code).toBe(2);
    expect(text.stderr).toBe('');
    expect(text.stdout.split('\n').filter((line) => line.startsWith('error  '))).toEqual(errors.map(({ file, line, column, message }) => `error  ${file}:${line}:${column}  ${message}`));
    expect(text.stdout).toContain('stack.yaml:10:15  high      trust-service-without-source-condition');
    const json = deputy(['scan', '.', '--format', 'json'], directory);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).errors).toEqual(errors);
  });

  it('lists refused calls in a data source nothing reads and in a check block (an assert, its scoped data source) in text and JSON; exits 2 and still analyzes the rest', () => {
    const directory = project({
      'stack.yaml': UNSAFE,
      'infra/main.tf': 'data "aws_region" "r" {\n  name = jsondecode("{r")\n}\n\nvariable "v" {\n  default = "a"\n}\n\ncheck "c" {\n  data "aws_iam_policy_document" "d" {\n    statement {\n      actions = [jsondecode("{d")]\n    }\n  }\n  assert {\n    condition     = var.v == "a"\n    error_message = jsondecode("{m")\n  }\n}\n',
    });
    const refused = "jsondecode: the text given is not valid JSON: Expected property name or '}' at line 1, column 2 of the text (Terraform refuses it)";
    const errors = [
      { file: 'infra/main.tf', line: 2, column: 10, message: refused },
      { file: 'infra/main.tf', line: 12, column: 18, message: refused },
      { file: 'infra/main.tf', line: 17, column: 21, message: refused },
    ];
    const text = deputy(['scan', '.'], directory);
    expect(text.code).toBe(2);
    expect(text.stdout.split('\n').filter((line) => line.startsWith('error  '))).toEqual(errors.map(({ file, line, column, message }) => `error  ${file}:${line}:${column}  ${message}`));
    expect(text.stdout).toContain('stack.yaml:10:15  high      trust-service-without-source-condition');
    const json = deputy(['scan', '.', '--format', 'json'], directory);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).errors).toEqual(errors);
  });

  it('refuses a template with bytes that are not UTF-8 at the first, exits 2, and still analyzes the rest', () => {
    const directory = project({ 'good.yaml': UNSAFE, 'latin1.yaml': Buffer.from(`# caf\xe9\n${UNSAFE}`, 'latin1') });
    const run = deputy(['scan', '.'], directory);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('good.yaml:10:15  high      trust-service-without-source-condition');
    expect(run.stdout).toContain('error  latin1.yaml:1:6  holds bytes that are not UTF-8, the first here');
  });

  it('parses HCL nested deeper than the main thread holds in a thread of its own, and still analyzes the other files', () => {
    // Each overflowed hcl2json's stack and broke its Go runtime: the next file it parsed ended the process, exit 0.
    const local = (name: string, value: string) => `locals {\n  ${name}_a = 1\n  ${name} = ${value}\n}\n`;
    const role = 'resource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })\n}\n';
    const directory = project({
      'parens.tf': local('parens', `${'('.repeat(20_000)}1${')'.repeat(20_000)}`),
      'unary.tf': local('unary', `${'!'.repeat(20_000)}true`),
      'closed-first.tf': `# ${')'.repeat(20_000)}\n${local('closed', `${'('.repeat(20_000)}1${')'.repeat(20_000)}`)}`,
      'roles.tf': role,
    });
    const run = deputy(['scan', '.', '--format', 'json'], directory);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.errors).toEqual([]);
    expect(report.findings.map((finding: { ruleId: string }) => finding.ruleId)).toContain('trust-service-without-source-condition');
  });

  it('refuses a YAML alias bomb with a clear message', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let level = 1; level < 9; level++) bomb.push(`${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(9).fill('*' + String.fromCharCode(96 + level)).join(',')}]`);
    const directory = project({ 'bomb.yaml': `Resources:\n  R:\n    Type: AWS::IAM::Role\n${bomb.join('\n')}\n` });
    const run = deputy(['scan', '.', '--format', 'json'], directory);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).errors[0].message).toMatch(/alias/i);
  });

  it("skips the folders of installed packages and build output, sam build's and Terragrunt's copies among them, unless named", () => {
    const role = 'resource "aws_iam_role" "r" {\n  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole" }] })\n}\n';
    const directory = project({
      'template.yaml': UNSAFE,
      '.aws-sam/build/template.yaml': UNSAFE,
      'node_modules/pkg/stack.yaml': UNSAFE,
      '.terraform/modules/m/stack.yaml': UNSAFE,
      'modules/role/main.tf': role,
      'live/prod/.terragrunt-cache/abc/def/main.tf': role,
    });
    const files = (args: string[]) => (JSON.parse(deputy(['scan', ...args, '--format', 'json'], directory).stdout) as { findings: Array<{ location: { file: string } }> }).findings.map((finding) => finding.location.file);
    expect(files(['.'])).toEqual(['modules/role/main.tf', 'template.yaml']);
    expect(files(['.aws-sam/build'])).toEqual(['.aws-sam/build/template.yaml']);
  });

  it('terminates on symlink loops and does not leave the scanned root, naming each link out of it that it would read', () => {
    const outside = project({ 'secret.yaml': UNSAFE, 'stacks/shared.yaml': UNSAFE, 'notes.md': '' });
    const directory = project({ 'stack.yaml': UNSAFE, '.deputy.yml': 'ignorePaths:\n  - vendor\n' });
    symlinkSync(directory, join(directory, 'loop'));
    symlinkSync(join(outside, 'secret.yaml'), join(directory, 'linked.yaml'));
    symlinkSync(join(outside, 'stacks'), join(directory, 'shared'));
    // Not read in any case: a file no template is read from, a folder the walk skips, a link under ignorePaths.
    symlinkSync(join(outside, 'notes.md'), join(directory, 'notes.md'));
    symlinkSync(join(outside, 'stacks'), join(directory, 'node_modules'));
    mkdirSync(join(directory, 'vendor'));
    symlinkSync(join(outside, 'stacks'), join(directory, 'vendor', 'stacks'));
    const run = deputy(['scan', '.', '--format', 'json'], directory);
    const report = JSON.parse(run.stdout);
    expect(report.findings.map((finding: { location: { file: string } }) => finding.location.file)).toEqual(['stack.yaml']);
    expect(report.notices).toEqual([
      { file: 'linked.yaml', message: 'links to a file outside the scanned folders; not read' },
      { file: 'shared', message: 'links to a folder outside the scanned folders; not read' },
    ]);
    // Scanned with the folder it links to, the link is read there: its findings are the target's.
    const both = JSON.parse(deputy(['scan', '.', outside, '--format', 'json'], directory).stdout);
    expect(both.notices).toEqual([]);
    expect(both.findings).toHaveLength(3);
  });

  it('finds templates written in YAML flow style by content', () => {
    const trust = "{Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: sagemaker.amazonaws.com}, Action: 'sts:AssumeRole'}]}";
    const directory = project({
      'flow.yaml': `Description: compact\nResources:\n  Role: {Type: 'AWS::IAM::Role', Properties: {AssumeRolePolicyDocument: ${trust}}}\n`,
      'flowdoc.yaml': `{Resources: {Role: {Type: 'AWS::IAM::Role', Properties: {AssumeRolePolicyDocument: ${trust}}}}}\n`,
    });
    for (const args of [['.'], ['flow.yaml', 'flowdoc.yaml']]) {
      const report = JSON.parse(deputy(['scan', ...args, '--format', 'json'], directory).stdout);
      expect(report.errors).toEqual([]);
      expect(report.findings.map((finding: { location: { file: string; startLine: number } }) => `${finding.location.file}:${finding.location.startLine}`)).toEqual(['flow.yaml:3', 'flowdoc.yaml:1']);
    }
  });

  it('reports a broken flow-style template in a folder scan at its line, and still analyzes the others', () => {
    const trust = "{Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: sagemaker.amazonaws.com}, Action: 'sts:AssumeRole'}]}";
    const directory = project({
      'broken.yaml': `# compact\n{Resources: {Role: {Type: 'AWS::IAM::Role', Properties: {AssumeRolePolicyDocument: ${trust}}}}\n`,
      'flow.yaml': `Resources:\n  Role: {Type: 'AWS::IAM::Role', Properties: {AssumeRolePolicyDocument: ${trust}}}\n`,
    });
    const run = deputy(['scan', '.', '--format', 'json'], directory);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report.errors).toEqual([expect.objectContaining({ file: 'broken.yaml', line: 2, message: expect.stringMatching(/^YAML syntax error: Flow map must end with a \}/) })]);
    expect(report.findings.map((finding: { location: { file: string } }) => finding.location.file)).toEqual(['flow.yaml']);
  });

  it('says a named path that is a symbolic link loop is one, a missing path is missing, and a glob is not expanded', () => {
    const directory = project({ 'infra/stack.yaml': UNSAFE });
    symlinkSync('self', join(directory, 'self'));
    // The glob as the Action's paths input, which no shell reads, passes it (or a shell where it matches nothing).
    const report = JSON.parse(deputy(['scan', 'self', 'missing.yaml', 'infra/**/*.yaml', '--format', 'json'], directory).stdout);
    // Errors are listed by file, not in the order the paths are named.
    expect(report.errors).toEqual([
      { file: 'infra/**/*.yaml', message: 'no such file or directory: deputy expands no glob; name the folder, which is walked for templates, plans and Terraform modules (ignorePaths of .deputy.yml leaves files out)' },
      { file: 'missing.yaml', message: 'no such file or directory' },
      { file: 'self', message: 'cannot read: ELOOP (a symbolic link loop)' },
    ]);
  });

  it('names an explicitly given file that is not a template', () => {
    const directory = project({ 'package.json': '{"name": "x"}', 'stack.cfg': 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n' });
    const run = deputy(['scan', 'package.json', 'stack.cfg', '--format', 'json'], directory);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).errors).toEqual([
      { file: 'package.json', message: 'not recognised as a CloudFormation template (no AWSTemplateFormatVersion, no SAM Transform, no top-level Resources mapping with a typed resource) or a Terraform plan (terraform show -json)' },
      { file: 'stack.cfg', message: 'not a Terraform plan (terraform show -json), and CloudFormation templates are read only from .yaml, .yml, .json, .template, .cfn and .txt files' },
    ]);
    // terraform show -json of a state, where a plan was meant
    const state = JSON.stringify({ format_version: '1.0', terraform_version: '1.11.4', values: { root_module: { resources: [{ address: 'aws_iam_role.r', mode: 'managed', type: 'aws_iam_role', name: 'r', values: {} }] } } });
    // the state file itself, and terraform show -json of an empty state
    const stateFile = JSON.stringify({ version: 4, terraform_version: '1.11.4', serial: 3, lineage: '122747c3-489d-50b1-ddef-57d08ad73436', outputs: {}, resources: [] }, null, 2);
    const states = project({ 'state.json': state, 'terraform.tfstate.json': stateFile, 'empty.json': '{"format_version":"1.0"}' });
    const stateRun = deputy(['scan', 'state.json', 'terraform.tfstate.json', 'empty.json', '--format', 'json'], states);
    expect(stateRun.code).toBe(2);
    const errors = JSON.parse(stateRun.stdout).errors as Array<{ file: string; message: string }>;
    expect(errors.map((error) => error.file).sort()).toEqual(['empty.json', 'state.json', 'terraform.tfstate.json']);
    for (const error of errors) expect(error.message, error.file).toMatch(/^a Terraform state, not a plan: .*terraform show -json plan\.bin/);
    // An empty file (a template not written yet, a redirect that failed) is said to be empty.
    const empty = project({ 'stack.yaml': '', 'plan.json': '\uFEFF\n' });
    expect(JSON.parse(deputy(['scan', 'stack.yaml', 'plan.json', '--format', 'json'], empty).stdout).errors).toEqual([
      { file: 'plan.json', message: 'empty: no template or plan to analyze' },
      { file: 'stack.yaml', message: 'empty: no template or plan to analyze' },
    ]);
    // A variable file, as tfsec and checkov take one: deputy reads it with its module.
    const tfvars = project({ 'infra/main.tf': 'variable "x" {}\n', 'infra/terraform.tfvars': 'x = 1\n', 'infra/prod.tfvars.json': '{"x": 2}' });
    const tfvarsRun = deputy(['scan', 'infra/terraform.tfvars', 'infra/prod.tfvars.json', '--format', 'json'], tfvars);
    expect(tfvarsRun.code).toBe(2);
    const told = "a Terraform variable file, read with the module it sets: scan the module's folder, which reads its own terraform.tfvars and *.auto.tfvars, and give any other with --var-file";
    expect(JSON.parse(tfvarsRun.stdout).errors).toEqual([
      { file: 'infra/prod.tfvars.json', message: told },
      { file: 'infra/terraform.tfvars', message: told },
    ]);
    expect(deputy(['scan', 'infra', '--var-file', 'infra/prod.tfvars.json', '--format', 'json'], tfvars).code).toBe(0);
  });

  it('applies --parameter and --parameters in both file shapes', () => {
    const template = `Parameters:
  Trusted:
    Type: String
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal:
              Service: sagemaker.amazonaws.com
            Action: sts:AssumeRole
            Condition:
              StringLike:
                aws:SourceAccount: !Ref Trusted
`;
    const directory = project({
      'stack.yaml': template,
      'cli.json': JSON.stringify([{ ParameterKey: 'Trusted', ParameterValue: '*' }]),
      'plain.json': JSON.stringify({ Trusted: '*' }),
    });
    const ineffective = (args: string[]): boolean => deputy(['scan', 'stack.yaml', '--format', 'json', ...args], directory).stdout.includes('trust-source-condition-ineffective');
    expect(ineffective([])).toBe(false);
    expect(ineffective(['--parameter', 'Trusted=*'])).toBe(true);
    expect(ineffective(['--parameters', 'cli.json'])).toBe(true);
    expect(ineffective(['--parameters', 'plain.json'])).toBe(true);
  });

  it('refuses parameter values CloudFormation would refuse, and parameters no template declares', () => {
    const directory = project({
      'stack.yaml': 'Parameters:\n  Env:\n    Type: String\n    AllowedValues: [prod, dev]\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n',
    });
    const outside = JSON.parse(deputy(['scan', '.', '--format', 'json', '-p', 'Env=staging'], directory).stdout);
    expect(outside.errors).toEqual([{ file: 'stack.yaml', line: 2, column: 3, message: 'the value "staging" given for parameter Env is not one of its AllowedValues (prod, dev)' }]);
    const unknown = deputy(['scan', '.', '--format', 'json', '-p', 'Nope=1'], directory);
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stdout).errors).toEqual([{ file: '(command line)', message: 'parameter Nope is not declared by any scanned template' }]);
  });

  it('refuses a list value, given on the command line or in a parameters file, with an item its AllowedPattern does not match', () => {
    const directory = project({
      'stack.yaml': 'Parameters:\n  Services:\n    Type: CommaDelimitedList\n    AllowedPattern: "[a-z0-9]+[.]amazonaws[.]com"\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n',
      'cli.json': JSON.stringify([{ ParameterKey: 'Services', ParameterValue: 'ec2.amazonaws.com,sagemaker' }]),
      'good.json': JSON.stringify({ Services: 'ec2.amazonaws.com,sagemaker.amazonaws.com' }),
    });
    const refused = [{ file: 'stack.yaml', line: 2, column: 3, message: 'the value "ec2.amazonaws.com,sagemaker" given for parameter Services has the item "sagemaker" that does not match its AllowedPattern ([a-z0-9]+[.]amazonaws[.]com)' }];
    for (const given of [['-p', 'Services=ec2.amazonaws.com,sagemaker'], ['--parameters', 'cli.json']]) {
      const result = deputy(['scan', '.', '--format', 'json', ...given], directory);
      expect(result.code).toBe(2);
      expect(JSON.parse(result.stdout).errors).toEqual(refused);
    }
    expect(JSON.parse(deputy(['scan', '.', '--format', 'json', '--parameters', 'good.json'], directory).stdout).errors).toEqual([]);
  });


  describe('NoEcho parameters', () => {
    const SECRET = 'Real-Pr0d-S3cret*';
    const TEMPLATE = `Parameters:
  ExternalId: {Type: String, NoEcho: true}
  Partner: {Type: String, NoEcho: 'true'}
  Visible: {Type: String, Default: Shown-In-Template*}
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {AWS: arn:aws:iam::210987654321:root}
            Action: sts:AssumeRole
            Condition: {StringEquals: {sts:ExternalId: !Ref ExternalId}}
          - Effect: Allow
            Principal: {AWS: !Sub 'arn:aws:iam::\${Partner}:root'}
            Action: sts:AssumeRole
          - Effect: Allow
            Principal: {AWS: arn:aws:iam::210987654321:root}
            Action: sts:AssumeRole
            Condition: {StringEquals: {sts:ExternalId: !Ref Visible}}
`;
    const PARTNER = '987654321098';

    it('masks a value supplied for a NoEcho parameter in every output format and the graph, and still reads it', () => {
      const directory = project({ 'stack.yaml': TEMPLATE, 'params.json': JSON.stringify([{ ParameterKey: 'Partner', ParameterValue: PARTNER }]) });
      for (const format of ['text', 'json', 'sarif', 'github', 'junit', 'markdown']) {
        const run = deputy(['scan', 'stack.yaml', '-p', `ExternalId=${SECRET}`, '--parameters', 'params.json', '--format', format, '--fail-on', 'none'], directory);
        expect(run.code, format).toBe(0);
        expect(run.stdout + run.stderr, format).not.toContain('S3cret');
        expect(run.stdout + run.stderr, format).not.toContain(PARTNER);
        // The value is read: its "*" is still compared literally, and the partner's account still trusted without an external id.
        expect(run.stdout, format).toContain('policy-wildcard-in-equals-operator');
        expect(run.stdout, format).toContain('trust-cross-account-without-external-id');
      }
      const json = JSON.parse(deputy(['scan', 'stack.yaml', '-p', `ExternalId=${SECRET}`, '--parameters', 'params.json', '--format', 'json'], directory).stdout) as { findings: Array<{ ruleId: string; message: string; fix?: { description: string } }> };
      const messages = json.findings.map(({ message }) => message);
      expect(messages).toContain('StringEquals compares sts:ExternalId with <ExternalId> literally: the "*" is not a wildcard here, so the condition in the trust policy of Role only matches that exact text');
      expect(messages).toContain('principal arn:aws:iam::<Partner>:root of account <Partner> may assume role Role without sts:ExternalId, aws:PrincipalOrgID or MFA conditions');
      // A Default is written in the template, for anyone who reads it: shown as it is.
      expect(messages.some((message) => message.includes('Shown-In-Template*'))).toBe(true);
      for (const format of ['mermaid', 'dot', 'json']) {
        const graph = deputy(['graph', 'stack.yaml', '-p', `ExternalId=${SECRET}`, '--parameters', 'params.json', '--format', format], directory);
        expect(graph.code, format).toBe(0);
        expect(graph.stdout, format).not.toContain(PARTNER);
        expect(graph.stdout, format).toMatch(/Partner/);
      }
    });

    it('keeps the fingerprint of a finding on a NoEcho value free of it, and masks it in the AllowedValues error', () => {
      const directory = project({ 'stack.yaml': TEMPLATE.replace('NoEcho: true}', 'NoEcho: true, AllowedValues: [a*, b*]}') });
      const fingerprints = (value: string) => {
        const run = deputy(['scan', 'stack.yaml', '-p', `ExternalId=${value}`, '-p', `Partner=${PARTNER}`, '--format', 'json'], directory);
        expect(run.stdout + run.stderr).not.toContain(value);
        return JSON.parse(run.stdout) as { findings: Array<{ ruleId: string; fingerprint: string }>; errors: Array<{ message: string }> };
      };
      const first = fingerprints(SECRET);
      expect(first.errors.map(({ message }) => message)).toEqual(['the value <ExternalId> given for parameter ExternalId is not one of its AllowedValues (a*, b*)']);
      const wildcard = (result: typeof first) => result.findings.find(({ ruleId }) => ruleId === 'policy-wildcard-in-equals-operator')!.fingerprint;
      expect(wildcard(fingerprints('Another-S3cret*'))).toBe(wildcard(first));
    });

    it('quotes no piece of a parameters file that is not valid JSON (a NoEcho value left unquoted)', () => {
      const directory = project({ 'stack.yaml': TEMPLATE, 'params.json': '{"ExternalId": Real-Pr0d-S3cret}' });
      const run = deputy(['scan', 'stack.yaml', '--parameters', 'params.json'], directory);
      expect(run.code).toBe(2);
      expect(run.stderr).not.toContain('S3c');
      expect(run.stderr).not.toContain("'R'");
      expect(run.stderr).toContain('--parameters file params.json is not valid JSON (Unexpected token at line 1 column 16)');
    });
  });
  describe('sensitive Terraform root variables', () => {
    const SECRET = 'Tf-S3cret*';
    const PARTNER = '987654321098';
    const PARTNER_ROLE = `arn:aws:iam::${PARTNER}:role/partner`;
    // Made by terraform 1.11 (plan -var external_id=... -var partner_role=..., show -json) from the main.tf beside it.
    const FIXTURE = join(import.meta.dirname, 'sensitive-plan');
    const TF = readFileSync(join(FIXTURE, 'main.tf'), 'utf8');
    const PLAN = readFileSync(join(FIXTURE, 'plan.json'), 'utf8');
    const FORMATS = ['text', 'json', 'sarif', 'github', 'junit', 'markdown'];

    const expectMasked = (run: { code: number | null; stdout: string; stderr: string }, label: string) => {
      expect(run.code, label).toBe(0);
      expect(run.stdout + run.stderr, label).not.toContain('S3cret');
      expect(run.stdout + run.stderr, label).not.toContain(PARTNER);
      // The value is read: its "*" is still compared literally, and the partner's account still trusted without an external id.
      expect(run.stdout, label).toContain('policy-wildcard-in-equals-operator');
      expect(run.stdout, label).toContain('trust-cross-account-without-external-id');
    };
    const messagesOf = (stdout: string) => (JSON.parse(stdout) as { findings: Array<{ message: string }> }).findings.map(({ message }) => message);
    const expectMessages = (stdout: string) => {
      const messages = messagesOf(stdout);
      expect(messages).toContain('StringEquals compares sts:ExternalId with <var.external_id> literally: the "*" is not a wildcard here, so the condition in the trust policy of aws_iam_role.partner only matches that exact text');
      expect(messages).toContain('principal <var.partner_role> of account <var.partner_role> may assume role aws_iam_role.partner without sts:ExternalId, aws:PrincipalOrgID or MFA conditions');
      // A default is written in the .tf file, for anyone who reads it: shown as it is.
      expect(messages.some((message) => message.includes('Shown-In-Config*'))).toBe(true);
    };

    it('masks a value given by --var, --var-file or a tfvars file for a sensitive variable in every output format and the graph', () => {
      const directory = project({ 'main.tf': TF, 'terraform.tfvars': `partner_role = "${PARTNER_ROLE}"\n`, 'ci.tfvars': `external_id = "${SECRET}"\n` });
      for (const format of FORMATS) expectMasked(deputy(['scan', '.', '--var-file', 'ci.tfvars', '--format', format, '--fail-on', 'none'], directory), format);
      expectMessages(deputy(['scan', '.', '--var', `external_id=${SECRET}`, '--format', 'json'], directory).stdout);
      for (const format of ['mermaid', 'dot', 'json']) {
        const graph = deputy(['graph', '.', '--var', `external_id=${SECRET}`, '--format', format], directory);
        expect(graph.code, format).toBe(0);
        expect(graph.stdout, format).not.toContain(PARTNER);
        expect(graph.stdout, format).toContain('var.partner_role');
      }
    });

    it('masks a refused value in its error, and keeps fingerprints free of the value', () => {
      const directory = project({ 'main.tf': TF.replace('type      = string\n  sensitive = true\n}\n\nvariable "partner_role"', 'type      = number\n  sensitive = true\n}\n\nvariable "partner_role"') });
      const refused = deputy(['scan', '.', '--var', `external_id=${SECRET}`, '--var', `partner_role=${PARTNER_ROLE}`, '--format', 'json'], directory);
      expect(refused.stdout + refused.stderr).not.toContain('S3cret');
      // A syntax error would quote the text it stopped at, a piece of the value.
      const list = project({ 'main.tf': 'variable "ids" {\n  type      = list(string)\n  sensitive = true\n}\n' });
      const unparsed = deputy(['scan', '.', '--var', `ids=["a" "${SECRET}"]`, '--format', 'json'], list);
      expect(JSON.parse(unparsed.stdout).errors).toEqual([{ file: '(command line)', message: 'invalid value for variable ids (--var): not a valid expression; Terraform refuses it, and var.ids is analyzed as not known' }]);
      expect(unparsed.stdout + unparsed.stderr).not.toContain('S3cret');
      const fingerprints = (value: string) => {
        const run = deputy(['scan', '.', '--var', `external_id=${value}`, '--var', `partner_role=${PARTNER_ROLE}`, '--format', 'json'], project({ 'main.tf': TF }));
        expect(run.stdout + run.stderr).not.toContain(value);
        return (JSON.parse(run.stdout) as { findings: Array<{ ruleId: string; fingerprint: string }> }).findings.map(({ ruleId, fingerprint }) => `${ruleId} ${fingerprint}`);
      };
      expect(fingerprints('Another-S3cret*')).toEqual(fingerprints(SECRET));
    });

    it('masks the values a real plan holds for its sensitive root variables, but not a default', () => {
      const directory = project({ 'plan.json': PLAN });
      for (const format of FORMATS) expectMasked(deputy(['scan', 'plan.json', '--format', format, '--fail-on', 'none'], directory), format);
      expectMessages(deputy(['scan', 'plan.json', '--format', 'json'], directory).stdout);
      // Beside the .tf files it was made from, its findings point at them, and still show no value.
      const beside = project({ 'plan.json': PLAN, 'main.tf': TF });
      for (const format of FORMATS) expectMasked(deputy(['scan', '.', '--format', format, '--fail-on', 'none'], beside), format);
      const fingerprints = (plan: string) => (JSON.parse(deputy(['scan', 'plan.json', '--format', 'json'], project({ 'plan.json': plan })).stdout) as { findings: Array<{ fingerprint: string }> }).findings.map(({ fingerprint }) => fingerprint);
      expect(fingerprints(PLAN.replaceAll(SECRET, 'Another-S3cret*'))).toEqual(fingerprints(PLAN));
    });

    it('finds a finding on a masked value deployed when the plan only updates its resource', () => {
      // The role is deployed as planned (prior_state); the plan changes its tags only: every finding is existing.
      const plan = JSON.parse(PLAN) as Record<string, any>;
      const change = plan.resource_changes[0].change;
      const before = { ...change.after, arn: 'arn:aws:iam::111122223333:role/partner', id: 'partner', unique_id: 'AROAEXAMPLE', create_date: '2024-01-01T00:00:00Z', inline_policy: [], managed_policy_arns: [], name_prefix: '', tags_all: {} };
      const after = { ...before, tags: { team: 'x' }, tags_all: { team: 'x' } };
      plan.resource_changes[0].change = { actions: ['update'], before, after, after_unknown: {}, before_sensitive: { assume_role_policy: true }, after_sensitive: { assume_role_policy: true } };
      plan.planned_values.root_module.resources[0].values = after;
      const { values: _planned, ...deployed } = plan.planned_values.root_module.resources[0];
      plan.prior_state = { format_version: '1.0', terraform_version: plan.terraform_version, values: { root_module: { resources: [{ ...deployed, values: before }] } } };
      const run = deputy(['scan', 'plan.json', '--format', 'json', '--fail-on', 'none'], project({ 'plan.json': JSON.stringify(plan) }));
      expect(run.stdout).not.toContain('S3cret');
      const findings = (JSON.parse(run.stdout) as { findings: Array<{ ruleId: string; status: string }> }).findings;
      expect(findings.map(({ ruleId, status }) => `${ruleId} ${status}`).sort()).toEqual(['policy-wildcard-in-equals-operator existing', 'policy-wildcard-in-equals-operator existing', 'trust-cross-account-without-external-id existing']);
    });
  });

  it('reports usage errors in one line with exit 2', () => {
    const bad = deputy(['scan', '--parameter', 'novalue']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('deputy: --parameter expects Key=Value, got "novalue"');
    const unwritable = deputy(['scan', '--output', join(tmpdir(), 'deputy-no-such-dir', 'out.txt')], project({ 'stack.yaml': UNSAFE }));
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr.trim()).toMatch(/^deputy: cannot write --output .*out\.txt: ENOENT \(no such file or directory\)$/);
    const unknownFormat = deputy(['scan', '--format', 'yaml']);
    expect(unknownFormat.code).toBe(2);
    expect(unknownFormat.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('deputy scan --severity, --check and --skip-check', () => {
  const OPEN = `Resources:
  OpenRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Principal:
              AWS: "*"
            Action: sts:AssumeRole
`;
  const reported = (run: { stdout: string }) => (JSON.parse(run.stdout) as { findings: Array<{ ruleId: string; severity: string }> }).findings.map(({ ruleId, severity }) => [ruleId, severity]);

  it('--severity reports the findings at or above it, as the configuration sets their severity, and the exit code follows them', () => {
    const directory = project({ 'open.yaml': OPEN, 'stack.yaml': UNSAFE });
    const critical = deputy(['scan', '.', '--severity', 'critical', '--format', 'json'], directory);
    expect(reported(critical)).toEqual([['trust-any-principal', 'critical']]);
    expect(JSON.parse(critical.stdout).summary.findings).toBe(1);
    expect(critical.code).toBe(1);
    // Lowered in .deputy.yml, the critical finding is below --severity high; the one left is below --fail-on critical.
    writeFileSync(join(directory, '.deputy.yml'), 'rules:\n  trust-any-principal: medium\n');
    const high = deputy(['scan', '.', '--severity', 'high', '--format', 'json', '--fail-on', 'critical'], directory);
    expect(reported(high)).toEqual([['trust-service-without-source-condition', 'high']]);
    expect(high.code).toBe(0);
    expect(deputy(['scan', '.', '--severity', 'critical'], directory).code).toBe(0);
    expect(deputy(['scan', '.', '--severity', 'low', '--format', 'json'], directory).stdout).toContain('"severity": "medium"');
    const unknown = deputy(['scan', '.', '--severity', 'urgent'], directory);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Given: "urgent", Choices: "critical", "high", "medium", "low"');
  });

  it('--check runs only the rules it names, also one the configuration turns off, and --skip-check leaves rules out, winning over --check', () => {
    const directory = project({ 'open.yaml': OPEN, 'stack.yaml': UNSAFE, '.deputy.yml': 'rules:\n  trust-any-principal: off\n' });
    expect(reported(deputy(['scan', '.', '--format', 'json'], directory))).toEqual([['trust-service-without-source-condition', 'high']]);
    expect(reported(deputy(['scan', '.', '--format', 'json', '--check', 'trust-any-principal'], directory))).toEqual([['trust-any-principal', 'critical']]);
    const both = ['trust-any-principal', 'trust-service-without-source-condition'];
    expect(reported(deputy(['scan', '.', '--format', 'json', '--check', both.join(',')], directory)).map(([id]) => id)).toEqual(both);
    expect(reported(deputy(['scan', '.', '--format', 'json', '--check', both[0]!, '--check', ` ${both[1]!}`], directory)).map(([id]) => id)).toEqual(both);
    expect(reported(deputy(['scan', '.', '--format', 'json', '--check', both.join(','), '--skip-check', both[1]!], directory))).toEqual([['trust-any-principal', 'critical']]);
    const skipped = deputy(['scan', '.', '--format', 'json', '--skip-check', 'trust-service-without-source-condition'], directory);
    expect(reported(skipped)).toEqual([]);
    expect(skipped.code).toBe(0);
  });

  it('does not report a suppression of a rule --check leaves out as unused: the rule did not run', () => {
    const suppressed = UNSAFE.replace('    Properties:', '    Metadata:\n      deputy:\n        ignore:\n          - rule: trust-service-without-source-condition\n            reason: pilot\n    Properties:');
    const directory = project({ 'open.yaml': OPEN, 'stack.yaml': suppressed });
    expect(reported(deputy(['scan', '.', '--format', 'json', '--check', 'trust-any-principal,deputy-unused-suppression'], directory))).toEqual([['trust-any-principal', 'critical']]);
    const stale = project({ 'stack.yaml': suppressed.replace('trust-service-without-source-condition', 'trust-any-principal') });
    expect(reported(deputy(['scan', '.', '--format', 'json', '--check', 'trust-any-principal,deputy-unused-suppression'], stale))).toEqual([['deputy-unused-suppression', 'low']]);
  });

  it('refuses an unknown or empty rule id with a usage error that suggests the nearest, and scans nothing', () => {
    const directory = project({ 'stack.yaml': UNSAFE });
    for (const [args, message] of [
      [['--check', 'trust-any-principals'], '--check: unknown rule "trust-any-principals"; did you mean "trust-any-principal"?'],
      [['--skip-check', 'trust-any-principal,policy-malformd'], '--skip-check: unknown rule "policy-malformd"; did you mean "policy-malformed"?'],
      [['--check', 'CKV_AWS_60'], '--check: unknown rule "CKV_AWS_60"; `deputy rules` lists them'],
      [['--check', 'trust-any-principal,'], '--check takes rule ids separated by commas, and one of them is empty: trust-any-principal,'],
      [['--severity', 'high', '--severity', 'low'], '--severity is given 2 times (high, low): give it once'],
    ] as const) {
      const run = deputy(['scan', 'stack.yaml', ...args], directory);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`deputy: ${message}\n`);
    }
  });

  it('writes every finding to --write-baseline whatever narrows the report, and says so', () => {
    const directory = project({ 'open.yaml': OPEN, 'stack.yaml': UNSAFE });
    const write = deputy(['scan', '.', '--severity', 'critical', '--skip-check', 'trust-any-principal', '--write-baseline', 'baseline.json'], directory);
    expect(write.code).toBe(0);
    expect(write.stderr).toBe('deputy: --severity critical, --skip-check trust-any-principal narrow what a report shows, not what a baseline records: baseline.json records every finding\ndeputy: wrote 2 fingerprints to baseline.json\n');
    const next = deputy(['scan', '.', '--baseline', 'baseline.json', '--format', 'json'], directory);
    expect(next.code).toBe(0);
    expect((JSON.parse(next.stdout) as { findings: Array<{ suppressed?: { source: string } }> }).findings.map((finding) => finding.suppressed?.source)).toEqual(['baseline', 'baseline']);
  });
});

describe('deputy rules, explain, --version', () => {
  it('lists every rule', () => {
    const run = deputy(['rules']);
    expect(run.code).toBe(0);
    for (const rule of RULES) expect(run.stdout).toContain(rule.meta.id);
    // A severity that depends on where the finding is, as the docs give it.
    const lines = run.stdout.split('\n');
    const placeholder = lines.findIndex((line) => line.startsWith('policy-documentation-placeholder '));
    expect(lines[placeholder + 1]!.trim()).toBe('severity: high in trust policies, medium in identity policies');
  });

  it('lists every rule as JSON with --format json, or -f json as scan takes it', () => {
    for (const args of [['rules', '--format', 'json'], ['rules', '-f', 'json']]) {
      const run = deputy(args);
      expect(run.code).toBe(0);
      expect((JSON.parse(run.stdout) as Array<{ id: string }>).map((rule) => rule.id)).toEqual(RULES.map((rule) => rule.meta.id));
    }
  });

  it('explains a rule from its metadata, and refuses an unknown id', () => {
    const run = deputy(['explain', 'trust-service-without-source-condition']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Why it matters');
    expect(run.stdout).toContain('https://docs.aws.amazon.com/sagemaker/latest/dg/security-confused-deputy-prevention.html');
    const unknown = deputy(['explain', 'no-such-rule']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown rule "no-such-rule"; `deputy rules` lists them');
    // As in .deputy.yml: the nearest id, deputy's own report's included.
    expect(deputy(['explain', 'trust-any-principals']).stderr).toContain('unknown rule "trust-any-principals"; did you mean "trust-any-principal"?');
    expect(deputy(['explain', 'deputy-unused-suppresion']).stderr).toContain('did you mean "deputy-unused-suppression"?');
    const none = deputy(['explain']);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('deputy: name the rule to explain: deputy explain <rule-id> (deputy rules lists them)\n');
  });

  it('explains its own report of a suppression that matches nothing', () => {
    const run = deputy(['explain', 'deputy-unused-suppression']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('A suppression matches no finding');
    expect(run.stdout).toContain('rules: {deputy-unused-suppression: off}');
  });

  it('prints the help of a command, which yargs is kept from rendering after every command (skipHelpCache)', () => {
    expect(skipHelpCache(yargs([]))).toBe(true);
    const run = deputy(['scan', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('deputy scan [paths..]');
    expect(run.stdout).toContain('--changed-only');
  });

  it('prints the package version', () => {
    const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8'));
    expect(deputy(['--version']).stdout.trim()).toBe(manifest.version);
  });

  it('stops quietly when the reader closes the pipe early (| head), with the exit code of the command', async () => {
    // 300 findings with their code frames are several times a pipe's buffer: writing the rest fails once the reader is gone.
    const directory = mkdtempSync(join(tmpdir(), 'deputy-pipe-'));
    created.push(directory);
    const roles = Array.from({ length: 300 }, (_, index) => `  R${index}:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: sagemaker.amazonaws.com}, Action: sts:AssumeRole}]}\n`);
    writeFileSync(join(directory, 'roles.yaml'), `Resources:\n${roles.join('')}`);
    const child = spawn(process.execPath, [BIN, 'scan', join(directory, 'roles.yaml'), '--fail-on', 'none'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it.runIf(existsSync('/dev/full'))('says once, without a stack trace, that it cannot write the report, and exits 2', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const run = spawnSync(process.execPath, [BIN, 'rules'], { stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
      expect(run.stderr).toBe('deputy: cannot write to standard output: ENOSPC (no space left on the device)\n');
      expect(run.status).toBe(2);
    } finally {
      closeSync(full);
    }
  });
});

describe('deputy scan on Terraform plans', () => {
  const trust = (principal: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] });
  const role = (name: string, actions: string[], before: string | null) => ({
    address: `aws_iam_role.${name}`,
    mode: 'managed',
    type: 'aws_iam_role',
    name,
    values: { name, assume_role_policy: trust('*') },
    change: { actions, before: before === null ? null : { name, assume_role_policy: before }, after: { name, assume_role_policy: trust('*') }, after_unknown: {} },
  });
  const resources = [role('deployed', ['no-op'], trust('*')), role('tightened_before', ['update'], trust('arn:aws:iam::493827160514:root'))];
  const plan = JSON.stringify(
    {
      format_version: '1.2',
      planned_values: { root_module: { resources: resources.map(({ change: _change, ...resource }) => resource) } },
      resource_changes: resources.map(({ values: _values, ...resource }) => resource),
      configuration: { root_module: { resources: [] } },
    },
    null,
    2,
  );
  const tf = 'resource "aws_iam_role" "deployed" {\n  name               = "deployed"\n  assume_role_policy = var.open\n}\n\nresource "aws_iam_role" "tightened_before" {\n  name               = "tightened_before"\n  assume_role_policy = var.open\n}\n';

  it('reports change and status in JSON, and --changed-only keeps changed resources', () => {
    const directory = project({ 'plan.json': plan });
    const all = JSON.parse(deputy(['scan', 'plan.json', '--format', 'json'], directory).stdout) as { findings: Array<{ resource: { address: string }; change: string; status: string }> };
    expect(all.findings.map((finding) => [finding.resource.address, finding.change, finding.status])).toEqual([
      ['aws_iam_role.deployed', 'no-op', 'existing'],
      ['aws_iam_role.tightened_before', 'update', 'new'],
    ]);
    const changed = JSON.parse(deputy(['scan', 'plan.json', '--format', 'json', '--changed-only'], directory).stdout) as { findings: Array<{ resource: { address: string } }> };
    expect(changed.findings.map((finding) => finding.resource.address)).toEqual(['aws_iam_role.tightened_before']);
  });

  it('points findings at the .tf files of --tf-dir, and refuses a missing one', () => {
    const directory = project({ 'plans/plan.json': plan, 'infra/main.tf': tf });
    const run = deputy(['scan', 'plans/plan.json', '--tf-dir', 'infra', '--format', 'json'], directory);
    const report = JSON.parse(run.stdout) as { findings: Array<{ location: { file: string; startLine: number } }> };
    expect(report.findings.map((finding) => [finding.location.file, finding.location.startLine])).toEqual([
      ['infra/main.tf', 3],
      ['infra/main.tf', 8],
    ]);
    const missing = deputy(['scan', 'plans/plan.json', '--tf-dir', 'nowhere'], directory);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--tf-dir nowhere does not exist');
  });

  it('refuses --tf-dir when no scanned file is a plan: the plan it was given for was left out of the scan', () => {
    const directory = project({ 'plans/plan.json': plan, 'infra/main.tf': tf, 'stack.yaml': UNSAFE });
    const run = deputy(['scan', 'stack.yaml', '--tf-dir', 'infra', '--format', 'json'], directory);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as { findings: unknown[]; errors: unknown[] };
    expect(report.errors).toEqual([{ file: '(command line)', message: '--tf-dir infra is read for the Terraform plans scanned, and no scanned file is a plan (terraform show -json): scan the plan too, or leave --tf-dir out' }]);
    // The template is still analyzed; beside the plan, --tf-dir is read.
    expect(report.findings).toHaveLength(1);
    const withPlan = JSON.parse(deputy(['scan', 'stack.yaml', 'plans/plan.json', '--tf-dir', 'infra', '--format', 'json'], directory).stdout) as { errors: unknown[] };
    expect(withPlan.errors).toEqual([]);
  });

  it('writes the findings --changed-only leaves out to --write-baseline too: the next scan without it finds none new', () => {
    const directory = project({ 'plan.json': plan });
    const write = deputy(['scan', 'plan.json', '--changed-only', '--write-baseline', 'baseline.json'], directory);
    expect(write.code).toBe(0);
    expect(write.stderr).toBe('deputy: --changed-only narrows what a report shows, not what a baseline records: baseline.json records every finding\ndeputy: wrote 2 fingerprints to baseline.json\n');
    const entries = (JSON.parse(readFileSync(join(directory, 'baseline.json'), 'utf8')) as { entries: Array<{ resource: string }> }).entries;
    expect(entries.map((entry) => entry.resource).sort()).toEqual(['aws_iam_role.deployed', 'aws_iam_role.tightened_before']);
    const full = deputy(['scan', 'plan.json', '--baseline', 'baseline.json', '--format', 'json'], directory);
    expect(full.code).toBe(0);
    expect((JSON.parse(full.stdout) as { findings: Array<{ suppressed?: { source: string } }> }).findings.map((finding) => finding.suppressed?.source)).toEqual(['baseline', 'baseline']);
  });

  it('refuses a template whose policy is a function of no value and a plan whose address is a number, at their lines, and analyzes the rest', () => {
    const broken = JSON.parse(plan) as { resource_changes: Array<Record<string, unknown>> };
    broken.resource_changes[1]!.address = 1;
    const planText = JSON.stringify(broken, null, 2);
    const addressLine = planText.split('\n').findIndex((line) => line.includes('"address": 1')) + 1;
    const directory = project({ 'plan.json': planText, 'sub.yaml': 'Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: !Sub\n', 'stack.yaml': UNSAFE });
    const run = deputy(['scan', '.', '--format', 'json'], directory);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as { findings: Array<{ location: { file: string } }>; errors: Array<{ file: string; line?: number; message: string }> };
    expect(report.errors.map(({ file, line, message }) => [file, line, message.split(',')[0]])).toEqual([
      ['plan.json', addressLine, 'not a Terraform plan: its resource_changes[1].address is not a string'],
      ['sub.yaml', 5, 'Fn::Sub has no value: it needs a text'],
    ]);
    expect(report.findings.map((finding) => finding.location.file)).toEqual(['stack.yaml']);
    const text = deputy(['scan', '.'], directory);
    expect(text.code).toBe(2);
    expect(text.stdout).toContain('error  sub.yaml:5:');
    expect(text.stdout + text.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a plan whose prior_state names no resource, at its line, without a stack trace, and analyzes the rest', () => {
    const broken = JSON.parse(plan) as Record<string, unknown>;
    broken.prior_state = { format_version: '1.0', values: { root_module: { resources: [{ address: '1', mode: 'managed', type: 'aws_iam_role', name: 'deployed', values: { name: 'deployed' } }] } } };
    const planText = JSON.stringify(broken, null, 2);
    const addressLine = planText.split('\n').findIndex((line) => line.includes('"address": "1"')) + 1;
    const directory = project({ 'plan.json': planText, 'stack.yaml': UNSAFE });
    const run = deputy(['scan', '.', '--format', 'json'], directory);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as { findings: Array<{ location: { file: string } }>; errors: Array<{ file: string; line?: number; message: string }> };
    expect(report.errors.map(({ file, line, message }) => [file, line, message.split(' (')[0]])).toEqual([['plan.json', addressLine, 'not a Terraform plan: its prior_state.values.root_module.resources[0].address is not a resource address']]);
    expect(report.findings.map((finding) => finding.location.file)).toEqual(['stack.yaml']);
    const text = deputy(['scan', '.'], directory);
    expect(text.code).toBe(2);
    expect(text.stdout).toContain(`error  plan.json:${addressLine}:`);
    expect(text.stdout + text.stderr).not.toMatch(/\n\s+at /);
  });

  it('says that --changed-only keeps every finding when no scanned file is a plan, which alone tells what changes', () => {
    const directory = project({ 'plan.json': plan, 'stack.yaml': UNSAFE });
    const run = deputy(['scan', 'stack.yaml', '--changed-only', '--format', 'json'], directory);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { findings: unknown[]; notices: unknown[] };
    expect(report.findings).toHaveLength(1);
    expect(report.notices).toEqual([{ file: '(command line)', message: '--changed-only keeps the findings on what a Terraform plan changes, and no scanned file is a plan: every finding is reported' }]);
    const withPlan = JSON.parse(deputy(['scan', 'stack.yaml', 'plan.json', '--changed-only', '--format', 'json'], directory).stdout) as { notices: unknown[] };
    expect(withPlan.notices).toEqual([]);
  });
});
