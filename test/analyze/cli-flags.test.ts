import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UNUSED_SUPPRESSION_ID } from '../../src/analyze/suppress.js';
import { BIN } from '../cli/bin.js';
import { CROSS_ACCOUNT, SERVICE, partnerRole, project, serviceRole } from './support.js';

/** Runs the command line users run outside GitHub Actions, in a folder that is its own git root. */
function deputy(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, NO_COLOR: '1' };
  delete env.GITHUB_ACTIONS;
  delete env.GITHUB_STEP_SUMMARY;
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function repository(files: Record<string, string>): string {
  const directory = project(files);
  mkdirSync(join(directory, '.git'));
  return directory;
}

const inline = (rule: string, reason: string) => `    Metadata:\n      deputy:\n        ignore:\n          - rule: ${rule}\n            reason: ${reason}\n`;
const jsonOf = (run: { stdout: string }) => JSON.parse(run.stdout) as { findings: Array<{ ruleId: string; suppressed?: { source: string }; location: { startLine: number } }>; errors: unknown[] };

describe('deputy scan with .deputy.yml', { timeout: 60_000 }, () => {
  it('finds the config upward from the scanned path; its failOn applies unless --fail-on is given', () => {
    const directory = repository({ '.deputy.yml': 'failOn: critical\n', 'stacks/partner.yaml': `Resources:\n${serviceRole()}` });
    expect(deputy(['scan', 'stacks'], directory).code).toBe(0);
    expect(deputy(['scan', '.'], join(directory, 'stacks')).code).toBe(0);
    expect(deputy(['scan', 'stacks', '--fail-on', 'high'], directory).code).toBe(1);
  });

  it('turns rules off and overrides severities', () => {
    const directory = repository({ '.deputy.yml': `rules:\n  ${SERVICE}: low\n`, 'stack.yaml': `Resources:\n${serviceRole()}` });
    const run = deputy(['scan', '.'], directory);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`stack.yaml:10:15  low       ${SERVICE}`);
  });

  it('reads --config instead of the discovered file', () => {
    const directory = repository({ '.deputy.yml': 'failOn: none\n', 'strict.yml': 'failOn: high\n', 'stack.yaml': `Resources:\n${serviceRole()}` });
    expect(deputy(['scan', '.'], directory).code).toBe(0);
    expect(deputy(['scan', '.', '--config', 'strict.yml'], directory).code).toBe(1);
  });

  it('an invalid configuration is a usage error naming file and line, and nothing is scanned', () => {
    const directory = repository({ '.deputy.yml': 'rules:\n  trust-any-principals: off\n', 'stack.yaml': `Resources:\n${serviceRole()}` });
    const run = deputy(['scan', '.'], directory);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('.deputy.yml:2:3: unknown rule "trust-any-principals"; did you mean "trust-any-principal"?');
    const missing = deputy(['scan', '.', '--config', 'nope.yml'], directory);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.yml:1:1: cannot read the configuration file: ENOENT (no such file or directory)');
  });
});

describe('deputy scan with inline suppressions', { timeout: 60_000 }, () => {
  it('a suppressed finding never fails the build, is hidden from text and kept in JSON', () => {
    const directory = repository({ 'stack.yaml': `Resources:\n${serviceRole('Role', inline(SERVICE, 'accepted for the pilot'))}` });
    const text = deputy(['scan', '.'], directory);
    expect(text.code).toBe(0);
    expect(text.stdout).not.toContain(SERVICE);
    const json = jsonOf(deputy(['scan', '.', '--format', 'json'], directory));
    expect(json.findings.map((finding) => [finding.ruleId, finding.suppressed?.source])).toEqual([[SERVICE, 'inline']]);
  });

  it('an unmatched suppression is shown in every output, fails only at --fail-on low', () => {
    const directory = repository({ 'stack.yaml': `Resources:\n${serviceRole('Role', inline(CROSS_ACCOUNT, 'stale'))}`, '.deputy.yml': `rules:\n  ${SERVICE}: off\n` });
    const text = deputy(['scan', '.'], directory);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`stack.yaml:7:13  low       ${UNUSED_SUPPRESSION_ID}  the suppression of ${CROSS_ACCOUNT} on Role matches no finding ("stale")`);
    expect(deputy(['scan', '.', '--fail-on', 'low'], directory).code).toBe(1);
    const sarif = JSON.parse(deputy(['scan', '.', '--format', 'sarif'], directory).stdout);
    expect(sarif.runs[0].results.map((result: { ruleId: string; level: string }) => [result.ruleId, result.level])).toEqual([[UNUSED_SUPPRESSION_ID, 'note']]);
  });

  it('a suppression without a reason is an input error: exit 2, the finding still reported', () => {
    const directory = repository({ 'stack.yaml': `Resources:\n${serviceRole('Role', '    Metadata:\n      deputy:\n        ignore:\n          - rule: ' + SERVICE + '\n')}` });
    const json = deputy(['scan', '.', '--format', 'json'], directory);
    expect(json.code).toBe(2);
    const report = jsonOf(json);
    expect(report.errors).toEqual([{ file: 'stack.yaml', line: 7, column: 13, message: `the suppression of ${SERVICE} on Role needs a reason: say why the finding is accepted` }]);
    expect(report.findings.map((finding) => [finding.ruleId, finding.suppressed ?? null])).toEqual([[SERVICE, null]]);
  });
});

describe('deputy scan --write-baseline / --baseline', { timeout: 60_000 }, () => {
  it('writes the baseline and exits 0 despite findings; with it, only new findings are reported and fail', () => {
    const directory = repository({ 'stack.yaml': `Resources:\n${serviceRole('Old')}` });
    const write = deputy(['scan', '.', '--write-baseline', 'deputy-baseline.json'], directory);
    expect(write.code).toBe(0);
    expect(write.stdout).toBe('');
    expect(write.stderr).toContain('wrote 1 fingerprint to deputy-baseline.json');
    const baseline = JSON.parse(readFileSync(join(directory, 'deputy-baseline.json'), 'utf8'));
    expect(baseline.entries).toEqual([{ fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/), ruleId: SERVICE, resource: 'Old', file: 'stack.yaml' }]);

    expect(deputy(['scan', '.', '--baseline', 'deputy-baseline.json'], directory).code).toBe(0);
    writeFileSync(join(directory, 'stack.yaml'), `# moved down\n\nResources:\n${serviceRole('Old')}${partnerRole('New').replace('123456789012', '210987654321')}`);
    const after = deputy(['scan', '.', '--baseline', 'deputy-baseline.json'], directory);
    expect(after.code).toBe(0);
    expect(after.stdout).not.toContain('Old');
    expect(after.stdout).toContain(CROSS_ACCOUNT);
    const json = jsonOf(deputy(['scan', '.', '--baseline', 'deputy-baseline.json', '--format', 'json'], directory));
    expect(json.findings.filter((finding) => finding.suppressed?.source === 'baseline').map((finding) => [finding.ruleId, finding.location.startLine])).toEqual([[SERVICE, 12]]);
    writeFileSync(join(directory, 'stack.yaml'), `Resources:\n${serviceRole('Old')}${serviceRole('New')}`);
    expect(deputy(['scan', '.', '--baseline', 'deputy-baseline.json'], directory).code).toBe(1);
  });

  it('a missing or invalid baseline is a usage error naming the file', () => {
    const directory = repository({ 'stack.yaml': `Resources:\n${serviceRole()}`, 'broken.json': '{"version": 1' });
    const missing = deputy(['scan', '.', '--baseline', 'absent.json'], directory);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read the baseline file absent.json: ENOENT (no such file or directory)');
    const broken = deputy(['scan', '.', '--baseline', 'broken.json'], directory);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('the baseline file broken.json is not valid JSON');
    expect(existsSync(join(directory, 'absent.json'))).toBe(false);
  });
});

describe('deputy scan --write-baseline over a baseline, when inputs fail to analyze', { timeout: 60_000 }, () => {
  /** The baseline's entries as file#resource, and the entries themselves. */
  const entriesOf = (directory: string): Array<{ fingerprint: string; resource: string; file: string }> => JSON.parse(readFileSync(join(directory, 'baseline.json'), 'utf8')).entries;
  const named = (directory: string): string[] => entriesOf(directory).map(({ file, resource }) => `${file}#${resource}`);
  const write = (directory: string, ...args: string[]) => deputy(['scan', ...args, '--baseline', 'baseline.json', '--write-baseline', 'baseline.json'], directory);
  const jsonServiceRole = (name: string): string =>
    JSON.stringify({ Resources: { [name]: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } } } }, null, 2);
  const FIXED = 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n';

  it('keeps the entries of a YAML or JSON template that does not parse, and only those: an analyzed file has its new ones', () => {
    const directory = repository({ 'a.yaml': `Resources:\n${serviceRole('A')}`, 'b.yaml': `Resources:\n${serviceRole('B')}`, 'c.json': jsonServiceRole('C') });
    expect(deputy(['scan', '.', '--write-baseline', 'baseline.json'], directory).code).toBe(0);
    const before = entriesOf(directory);
    expect(named(directory)).toEqual(['a.yaml#A', 'b.yaml#B', 'c.json#C']);

    writeFileSync(join(directory, 'a.yaml'), FIXED);
    writeFileSync(join(directory, 'b.yaml'), `Resources:\n${serviceRole('B').replace('Action: sts:AssumeRole', 'Action: [sts:AssumeRole')}`);
    writeFileSync(join(directory, 'c.json'), jsonServiceRole('C').replace(/\}$/, ',}'));
    const broken = write(directory, '.');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('b.yaml:11:36: YAML syntax error');
    expect(broken.stderr).toContain('c.json:');
    expect(broken.stderr).toContain('kept 2 fingerprints from baseline.json for the files this scan could not analyze: b.yaml, c.json\n');
    expect(broken.stderr).toContain('wrote 2 fingerprints to baseline.json');
    expect(entriesOf(directory)).toEqual(before.slice(1));
    // Without --baseline too: what is kept comes from the file written over.
    expect(deputy(['scan', '.', '--write-baseline', 'baseline.json'], directory).code).toBe(2);
    expect(entriesOf(directory)).toEqual(before.slice(1));

    // Mended, the files are analyzed: the finding fixed in b.yaml leaves the baseline, c.json's is found again.
    writeFileSync(join(directory, 'b.yaml'), FIXED);
    writeFileSync(join(directory, 'c.json'), jsonServiceRole('C'));
    const mended = write(directory, '.');
    expect(mended.code).toBe(0);
    expect(mended.stderr).not.toContain('kept');
    expect(entriesOf(directory)).toEqual(before.slice(2));
  });

  it('keeps the entries of templates a merge conflict breaks, which the scan does not count as analyzed, and says nothing of a broken file that is no template', () => {
    const directory = repository({ 'a.yaml': `Resources:\n${serviceRole('A')}`, 'c.json': jsonServiceRole('C'), 'appspec.yml': 'version: 0.0\nResources:\n  - F:\n      Type: AWS::Lambda::Function\n' });
    expect(deputy(['scan', '.', '--write-baseline', 'baseline.json'], directory).code).toBe(0);
    const before = entriesOf(directory);
    expect(named(directory)).toEqual(['a.yaml#A', 'c.json#C']);

    writeFileSync(join(directory, 'a.yaml'), `Resources:\n<<<<<<< HEAD\n${serviceRole('A')}=======\n${serviceRole('B')}>>>>>>> other\n`);
    writeFileSync(join(directory, 'c.json'), jsonServiceRole('C').replace('{\n', '{\n<<<<<<< HEAD\n  "Description": "c",\n=======\n>>>>>>> other\n'));
    writeFileSync(join(directory, 'appspec.yml'), 'version: 0.0\nResources:\n  - F:\n      Type: AWS::Lambda::Function\n      Properties: [\n');
    const broken = write(directory, '.');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('a.yaml:2:1: YAML syntax error');
    expect(broken.stderr).toContain('c.json:2:1: JSON syntax error');
    expect(broken.stderr).not.toContain('appspec.yml');
    expect(broken.stderr).toContain('kept 2 fingerprints from baseline.json for the files this scan could not analyze: a.yaml, c.json\n');
    expect(entriesOf(directory)).toEqual(before);
    expect(JSON.parse(deputy(['scan', '.', '--format', 'json'], directory).stdout).summary.filesAnalyzed).toBe(0);
  });

  it('keeps the entries of a plan that does not parse, and those of an errored plan beside the ones it still gives', () => {
    const plan = readFileSync(join(import.meta.dirname, 'baseline-plan', 'plan.json'), 'utf8');
    const directory = repository({ 'plan.json': plan });
    expect(deputy(['scan', '.', '--write-baseline', 'baseline.json'], directory).code).toBe(0);
    const before = entriesOf(directory);
    // A plan's findings are on the plan: entries name it, whatever .tf lines they point at.
    expect(named(directory)).toEqual(['plan.json#aws_iam_role.partner', 'plan.json#aws_iam_role.training']);

    writeFileSync(join(directory, 'plan.json'), plan.slice(0, 1000));
    const broken = write(directory, '.');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('plan.json:1:1001: the plan is not valid JSON');
    expect(broken.stderr).toContain('kept 2 fingerprints from baseline.json for the files this scan could not analyze: plan.json\n');
    expect(entriesOf(directory)).toEqual(before);

    // Terraform stopped before it planned the partner role: the plan holds only the training role.
    const document = JSON.parse(plan);
    const training = (resource: { address: string }) => resource.address === 'aws_iam_role.training';
    document.errored = true;
    document.planned_values.root_module.resources = document.planned_values.root_module.resources.filter(training);
    document.resource_changes = document.resource_changes.filter(training);
    writeFileSync(join(directory, 'plan.json'), JSON.stringify(document));
    const errored = write(directory, '.');
    expect(errored.code).toBe(2);
    expect(errored.stderr).toContain('the plan errored');
    expect(errored.stderr).toContain('kept 1 fingerprint from baseline.json for the files this scan could not analyze: plan.json\n');
    expect(entriesOf(directory)).toEqual(before);

    writeFileSync(join(directory, 'plan.json'), JSON.stringify({ ...document, errored: false }));
    expect(write(directory, '.').code).toBe(0);
    expect(named(directory)).toEqual(['plan.json#aws_iam_role.training']);
  });

  it('keeps the entries of every file of a Terraform configuration with a file that does not parse (.tf or .tf.json), and of the local modules it calls', () => {
    const role = (name: string, principal = '{ Service = "sagemaker.amazonaws.com" }') =>
      `resource "aws_iam_role" "${name}" {\n  name = "${name}"\n  assume_role_policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Principal = ${principal}, Action = "sts:AssumeRole" }]\n  })\n}\n`;
    const jsonRole = { aws_iam_role: { d: { name: 'd', assume_role_policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}]}' } } };
    const files = {
      'envs/prod/main.tf': `${role('a')}module "m" {\n  source = "../../modules/m"\n}\n`,
      'envs/prod/other.tf': role('b'),
      'envs/dev/main.tf.json': JSON.stringify({ resource: jsonRole, module: { n: { source: '../../modules/n' } } }, null, 2),
      'envs/qa/main.tf': `variable "partner" {}\n${role('p', '{ AWS = var.partner }')}`,
      'envs/qa/qa.tfvars': 'partner = "arn:aws:iam::210987654321:root"\n',
      'modules/m/main.tf': role('c'),
      'modules/n/main.tf': role('e'),
      'stack.yaml': `Resources:\n${serviceRole('S')}`,
    };
    const directory = repository(files);
    expect(deputy(['scan', '.', '--var-file', 'envs/qa/qa.tfvars', '--write-baseline', 'baseline.json'], directory).code).toBe(0);
    const before = named(directory);
    expect(before).toEqual([
      'envs/dev/main.tf.json#aws_iam_role.d',
      'envs/prod/main.tf#aws_iam_role.a',
      'envs/prod/other.tf#aws_iam_role.b',
      'envs/qa/main.tf#aws_iam_role.p',
      'modules/m/main.tf#module.m.aws_iam_role.c',
      'modules/n/main.tf#module.n.aws_iam_role.e',
      'stack.yaml#S',
    ]);

    // The files with the module calls do not parse: Terraform plans neither configuration, and the scan reads the
    // modules as roots of their own (new entries); a variable file that does not parse leaves var.partner unknown.
    writeFileSync(join(directory, 'envs/prod/main.tf'), `${files['envs/prod/main.tf']}resource "aws_iam_role" "x" {\n`);
    writeFileSync(join(directory, 'envs/dev/main.tf.json'), files['envs/dev/main.tf.json'].slice(0, -2));
    writeFileSync(join(directory, 'envs/qa/qa.tfvars'), 'partner = \n');
    writeFileSync(join(directory, 'stack.yaml'), FIXED);
    const broken = write(directory, '.', '--var-file', 'envs/qa/qa.tfvars');
    expect(broken.code).toBe(2);
    // other.tf's finding is found again, so it is written anew, not kept.
    expect(broken.stderr).toContain('kept 5 fingerprints from baseline.json for the files this scan could not analyze: envs/dev/main.tf.json, envs/prod/main.tf, envs/qa/main.tf, modules/m/main.tf, modules/n/main.tf\n');
    expect(named(directory)).toEqual([...before.slice(0, 4), 'modules/m/main.tf#aws_iam_role.c', before[4], 'modules/n/main.tf#aws_iam_role.e', before[5]]);

    for (const file of ['envs/prod/main.tf', 'envs/dev/main.tf.json', 'envs/qa/qa.tfvars']) writeFileSync(join(directory, file), files[file as keyof typeof files]);
    expect(write(directory, '.', '--var-file', 'envs/qa/qa.tfvars').code).toBe(0);
    expect(named(directory)).toEqual(before.slice(0, -1));
  });

  it('keeps the entries under a scanned folder removed or renamed since, as a folder, in a git repository and outside one', () => {
    for (const make of [repository, project]) {
      const directory = make({ 'bl/t.yaml': `Resources:\n${serviceRole('T')}`, 'bl/sub/u.yaml': `Resources:\n${serviceRole('U')}` });
      expect(deputy(['scan', 'bl', '--write-baseline', 'baseline.json'], directory).code).toBe(0);
      const before = entriesOf(directory);
      expect(before).toHaveLength(2);
      // Outside a repository the files are named from the scanned folder, so the missing path names no file of them.
      const files = make === repository ? 'bl/sub/u.yaml, bl/t.yaml' : 'sub/u.yaml, t.yaml';
      renameSync(join(directory, 'bl'), join(directory, 'renamed'));
      const missing = deputy(['scan', 'bl', '--write-baseline', 'baseline.json'], directory);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('bl: no such file or directory');
      expect(missing.stderr).toContain(`kept 2 fingerprints from baseline.json for the files this scan could not analyze: ${files}\n`);
      expect(entriesOf(directory)).toEqual(before);
      // Beside a file that is scanned, the names are those of a scan of both (outside a repository too).
      rmSync(join(directory, 'renamed'), { recursive: true });
      writeFileSync(join(directory, 'a.yaml'), `Resources:\n${serviceRole('A')}`);
      mkdirSync(join(directory, 'bl'));
      writeFileSync(join(directory, 'bl/t.yaml'), `Resources:\n${serviceRole('T')}`);
      expect(deputy(['scan', 'bl', 'a.yaml', '--write-baseline', 'baseline.json'], directory).code).toBe(0);
      rmSync(join(directory, 'bl'), { recursive: true });
      const beside = deputy(['scan', 'bl', 'a.yaml', '--write-baseline', 'baseline.json'], directory);
      expect(beside.stderr).toContain('kept 1 fingerprint from baseline.json for the files this scan could not analyze: bl/t.yaml\n');
      expect(named(directory)).toEqual(['a.yaml#A', 'bl/t.yaml#T']);
    }
  });

  it('writes the baseline of what was scanned: entries of files the scan was not given are not kept', () => {
    const directory = repository({ 'a.yaml': `Resources:\n${serviceRole('A')}`, 'b.yaml': `Resources:\n${serviceRole('B')}` });
    expect(deputy(['scan', '.', '--write-baseline', 'baseline.json'], directory).code).toBe(0);
    expect(deputy(['scan', 'a.yaml', '--write-baseline', 'baseline.json'], directory).code).toBe(0);
    expect(named(directory)).toEqual(['a.yaml#A']);
  });
});
