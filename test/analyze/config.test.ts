import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, findConfigFile, loadConfig, parseConfig, ruleContextFor } from '../../src/analyze/config.js';
import { scan } from '../../src/analyze/engine.js';
import { globToRegExp, isIgnoredPath } from '../../src/analyze/glob.js';
import { CROSS_ACCOUNT, PLACEHOLDER, SERVICE, partnerRole, project, serviceRole } from './support.js';

/** The scan's instant a rule context holds. */
const SCAN = Date.parse('2026-12-07T10:00:00Z');

async function problemsOf(text: string): Promise<Array<[number, string]>> {
  try {
    await parseConfig('.deputy.yml', text, '/');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((problem) => [problem.line, problem.message]);
    throw error;
  }
  return [];
}

async function scanWith(files: Record<string, string>, configText: string) {
  const directory = project(files);
  const config = await parseConfig('.deputy.yml', configText, directory);
  return scan(['.'], { cwd: directory, config });
}

const trustTemplate = (service: string, condition = '') => `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: ${service}
            Action: sts:AssumeRole
${condition}`;

describe('finding .deputy.yml', () => {
  it('walks up from the first scanned path, a file or a folder', () => {
    const directory = project({ '.deputy.yml': 'rules: {}\n', 'infra/stacks/stack.yaml': 'x', 'infra/.keep': '' });
    expect(findConfigFile(join(directory, 'infra', 'stacks'))).toBe(join(directory, '.deputy.yml'));
    expect(findConfigFile(join(directory, 'infra', 'stacks', 'stack.yaml'))).toBe(join(directory, '.deputy.yml'));
    const nearer = project({ '.deputy.yml': 'rules: {}\n', 'infra/.deputy.yml': 'rules: {}\n', 'infra/stack.yaml': 'x' });
    expect(findConfigFile(join(nearer, 'infra', 'stack.yaml'))).toBe(join(nearer, 'infra', '.deputy.yml'));
  });

  it('refuses a .deputy.yaml it would find in place of .deputy.yml, which it does not read, rather than leave every setting out unsaid', async () => {
    const directory = project({ '.deputy.yml': 'failOn: none\n', 'infra/.deputy.yaml': 'failOn: low\n', 'infra/stack.yaml': 'x' });
    await expect(loadConfig({ paths: ['infra'], cwd: directory })).rejects.toThrow(
      new ConfigError(join('infra', '.deputy.yaml'), [{ line: 1, column: 1, message: 'deputy reads its configuration from .deputy.yml, not .deputy.yaml: rename the file, or name it with --config' }]),
    );
    expect((await loadConfig({ paths: ['infra'], cwd: directory, configFile: 'infra/.deputy.yaml' })).failOn).toBe('low');
    // Beside .deputy.yml, which is read, it is some other file.
    writeFileSync(join(directory, 'infra', '.deputy.yml'), 'failOn: medium\n');
    expect((await loadConfig({ paths: ['infra'], cwd: directory })).failOn).toBe('medium');
  });

  it('stops at the git repository root', () => {
    const directory = project({ '.deputy.yml': 'rules: {}\n', 'repo/stacks/stack.yaml': 'x' });
    mkdirSync(join(directory, 'repo', '.git'));
    expect(findConfigFile(join(directory, 'repo', 'stacks'))).toBeUndefined();
    const inRoot = project({ 'repo/.deputy.yml': 'rules: {}\n', 'repo/stacks/stack.yaml': 'x' });
    mkdirSync(join(inRoot, 'repo', '.git'));
    expect(findConfigFile(join(inRoot, 'repo', 'stacks'))).toBe(join(inRoot, 'repo', '.deputy.yml'));
  });

  it('loads the discovered file relative to cwd, or the one --config names, and an empty config when there is none', async () => {
    const directory = project({ '.deputy.yml': 'failOn: medium\n', 'other.yml': 'failOn: low\n', 'stacks/a.yaml': 'x' });
    expect(await loadConfig({ paths: ['stacks'], cwd: directory })).toMatchObject({ failOn: 'medium', file: '.deputy.yml', directory });
    expect((await loadConfig({ paths: ['.'], cwd: join(directory, 'stacks') })).file).toBe(join(directory, '.deputy.yml'));
    const named = await loadConfig({ configFile: 'other.yml', paths: ['stacks'], cwd: directory });
    expect(named).toMatchObject({ failOn: 'low', file: 'other.yml', directory });
    const none = project({ 'a.yaml': 'x' });
    mkdirSync(join(none, '.git'));
    expect(await loadConfig({ paths: ['.'], cwd: none })).toEqual({ directory: none, rules: {} });
    await expect(loadConfig({ configFile: 'missing.yml', paths: ['.'], cwd: directory })).rejects.toThrow('missing.yml:1:1: cannot read the configuration file: ENOENT (no such file or directory)');
  });

  it('accepts an empty file', async () => {
    expect(await parseConfig('.deputy.yml', '# nothing yet\n', '/d')).toEqual({ file: '.deputy.yml', directory: '/d', rules: {} });
  });
});

describe('configuration keys', () => {
  it('rules: off removes a rule, a severity overrides it, on keeps the default', async () => {
    const files = { 'stack.yaml': `Resources:\n${serviceRole()}${partnerRole()}` };
    const defaults = await scanWith(files, '{}');
    expect(defaults.findings.map((finding) => [finding.ruleId, finding.severity])).toEqual([
      [SERVICE, 'high'],
      [PLACEHOLDER, 'high'],
      [CROSS_ACCOUNT, 'medium'],
    ]);
    const configured = await scanWith(files, `rules:\n  ${SERVICE}: off\n  ${CROSS_ACCOUNT}: critical\n  ${PLACEHOLDER}: on\n`);
    expect(configured.findings.map((finding) => [finding.ruleId, finding.severity])).toEqual([
      [CROSS_ACCOUNT, 'critical'],
      [PLACEHOLDER, 'high'],
    ]);
    expect(configured.summary.bySeverity).toMatchObject({ critical: 1, high: 1 });
  });

  it('failOn is read', async () => {
    expect((await parseConfig('c', 'failOn: none\n', '/')).failOn).toBe('none');
    expect((await parseConfig('c', 'failOn: low\n', '/')).failOn).toBe('low');
  });

  it('trustedAccounts: a listed account is not reported by the cross-account rule, others still are', async () => {
    const partner = (account: string) => partnerRole('Partner').replace('123456789012', account);
    const files = { 'stack.yaml': `Resources:\n${partner('210987654321')}${partner('012345678901').replace('Partner:', 'Other:')}` };
    const before = await scanWith(files, '{}');
    expect(before.findings.filter((finding) => finding.ruleId === CROSS_ACCOUNT).map((finding) => finding.resource.address)).toEqual(['stack.yaml#Partner', 'stack.yaml#Other']);
    // The unquoted id keeps its leading zero: read as written, not as a YAML number.
    const after = await scanWith(files, 'trustedAccounts:\n  - "210987654321"\n');
    expect(after.findings.filter((finding) => finding.ruleId === CROSS_ACCOUNT).map((finding) => finding.resource.address)).toEqual(['stack.yaml#Other']);
    const both = await scanWith(files, 'trustedAccounts: [210987654321, 012345678901]\n');
    expect(both.findings.filter((finding) => finding.ruleId === CROSS_ACCOUNT)).toEqual([]);
  });

  it('placeholders extend the documentation placeholders, matched as whole words in policy values', async () => {
    const template = (value: string) => trustTemplate('sagemaker.amazonaws.com', `            Condition:\n              StringEquals:\n                aws:SourceAccount: ${value}\n`);
    const config = 'placeholders: [YOUR_ACCOUNT_ID]\n';
    const found = await scanWith({ 'stack.yaml': template('YOUR_ACCOUNT_ID') }, config);
    expect(found.findings.filter((finding) => finding.ruleId === PLACEHOLDER).map((finding) => [finding.location.startLine, finding.message])).toEqual([
      [14, 'Condition StringEquals aws:SourceAccount value YOUR_ACCOUNT_ID in the trust policy of Role still holds the documentation placeholder YOUR_ACCOUNT_ID'],
    ]);
    expect((await scanWith({ 'stack.yaml': template('YOUR_ACCOUNT_ID') }, '{}')).findings.filter((finding) => finding.ruleId === PLACEHOLDER)).toEqual([]);
    expect((await scanWith({ 'stack.yaml': template('NOT_YOUR_ACCOUNT_ID_2') }, config)).findings.filter((finding) => finding.ruleId === PLACEHOLDER)).toEqual([]);
    // A whole word: a hyphen or a colon ends it, as in a bucket or an ARN named with it.
    const words = await scanWith({ 'stack.yaml': template('YOUR_ACCOUNT_ID-artifacts') }, config);
    expect(words.findings.filter((finding) => finding.ruleId === PLACEHOLDER).map((finding) => finding.message.split(' ').at(-1))).toEqual(['YOUR_ACCOUNT_ID']);
  });

  it('servicePrincipals extend the catalog: a principal that sends source keys is held to them, one that sends none is not', async () => {
    const files = { 'custom.yaml': trustTemplate('custom.amazonaws.com'), 'sagemaker.yaml': trustTemplate('sagemaker.amazonaws.com') };
    const before = await scanWith(files, '{}');
    expect(before.findings.map((finding) => [finding.ruleId, finding.location.file])).toEqual([[SERVICE, 'sagemaker.yaml']]);
    const after = await scanWith(
      files,
      `servicePrincipals:
  - principal: custom.amazonaws.com
    sendsSourceArn: true
    sendsSourceAccount: true
    source: https://example.com/custom-service-docs
  - principal: sagemaker.amazonaws.com
    sendsSourceArn: false
    sendsSourceAccount: false
`,
    );
    expect(after.findings.map((finding) => [finding.ruleId, finding.location.file])).toEqual([[SERVICE, 'custom.yaml']]);
  });

  it('servicePrincipals: arnService names the service in the ARNs the principal presents', async () => {
    const condition = `            Condition:\n              ArnLike:\n                aws:SourceArn: !Sub arn:\${AWS::Partition}:custom:\${AWS::Region}:\${AWS::AccountId}:thing/*\n`;
    const files = { 'stack.yaml': trustTemplate('custom-tasks.amazonaws.com', condition) };
    const principal = (arnService: string) => `servicePrincipals:\n  - principal: custom-tasks.amazonaws.com\n    arnService: ${arnService}\n    sendsSourceArn: true\n    sendsSourceAccount: true\n`;
    expect((await scanWith(files, principal('custom'))).findings).toEqual([]);
    expect((await scanWith(files, principal('other'))).findings.map((finding) => finding.ruleId)).toEqual(['trust-source-arn-wrong-service']);
  });

  it('servicePrincipals: otherArnServices name the services of the other ARNs the principal presents', async () => {
    const condition = `            Condition:\n              ArnLike:\n                aws:SourceArn: !Sub arn:\${AWS::Partition}:cloudformation:\${AWS::Region}:\${AWS::AccountId}:stack/app/*\n`;
    const files = { 'stack.yaml': trustTemplate('custom-tasks.amazonaws.com', condition) };
    const principal = (others: string) => `servicePrincipals:\n  - principal: custom-tasks.amazonaws.com\n    arnService: custom\n    otherArnServices: ${others}\n    sendsSourceArn: true\n    sendsSourceAccount: true\n`;
    expect((await scanWith(files, principal('[ecs, cloudformation]'))).findings).toEqual([]);
    expect((await scanWith(files, principal('[ecs]'))).findings.map((finding) => finding.ruleId)).toEqual(['trust-source-arn-wrong-service']);
    expect(await problemsOf(principal('[ecs, Cloud Formation]'))).toEqual([[4, 'otherArnServices must be service names of ARNs, such as "cloudformation", not "Cloud Formation"']]);
    expect(await problemsOf(principal('cloudformation'))).toEqual([[4, 'otherArnServices of custom-tasks.amazonaws.com must be a list of strings']]);
  });

  it('sagemakerGuardrailKeys reach the rule context in canonical spelling, checked against the IAM catalog', async () => {
    const config = await parseConfig('c', 'sagemakerGuardrailKeys:\n  sagemaker:createtrainingjob: [sagemaker:volumekmskeyarn, aws:RequestTag/team]\n', '/');
    expect(ruleContextFor(config, SCAN).guardrailKeys).toEqual({ 'sagemaker:CreateTrainingJob': ['sagemaker:VolumeKmsKeyArn', 'aws:RequestTag/team'] });
  });

  it('sagemakerGuardrailKeys take key=value requirements and change what identity-sagemaker-guardrail-missing reports', async () => {
    const notebookPolicy = `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: sagemaker:CreateNotebookInstance
            Resource: "*"
            Condition:
              StringEquals:
                sagemaker:DirectInternetAccess: Disabled
                sagemaker:RootAccess: Disabled
`;
    const guardrail = (result: Awaited<ReturnType<typeof scanWith>>) => result.findings.filter((finding) => finding.ruleId === 'identity-sagemaker-guardrail-missing');
    expect(guardrail(await scanWith({ 'policy.yaml': notebookPolicy }, 'failOn: high\n'))).toEqual([]);
    const config = 'sagemakerGuardrailKeys:\n  sagemaker:CreateNotebookInstance: [sagemaker:rootaccess=Enabled, sagemaker:InstanceTypes]\n';
    expect(ruleContextFor(await parseConfig('c', config, '/'), SCAN).guardrailKeys).toEqual({ 'sagemaker:CreateNotebookInstance': ['sagemaker:RootAccess=Enabled', 'sagemaker:InstanceTypes'] });
    const findings = guardrail(await scanWith({ 'policy.yaml': notebookPolicy }, config));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toMatch(/sagemaker:InstanceTypes/);
    expect(findings[0]!.message).toMatch(/sagemaker:RootAccess/);
  });

  it('the rule context carries trusted accounts and placeholders, and the default catalog when no principal is added', async () => {
    const context = ruleContextFor(await parseConfig('c', 'trustedAccounts: ["111111111111"]\nplaceholders: [TODO]\n', '/'), SCAN);
    expect(context.trustedAccounts).toEqual(['111111111111']);
    expect(context.placeholders).toEqual(['TODO']);
    expect(context.services.servicePrincipal('sagemaker.amazonaws.com')?.sendsSourceArn).toBe(true);
  });

  it('ignorePaths skip files during discovery; an explicitly named ignored file gets a notice', async () => {
    const directory = project({
      'stacks/app.yaml': `Resources:\n${serviceRole()}`,
      'vendor/lib/third.yaml': `Resources:\n${serviceRole()}`,
      'stacks/generated/out.yaml': `Resources:\n${serviceRole()}`,
      'stacks/app.test.yaml': `Resources:\n${serviceRole()}`,
    });
    const config = await parseConfig('.deputy.yml', 'ignorePaths: [vendor, "**/generated/**", "*.test.yaml"]\n', directory);
    const result = await scan(['.'], { cwd: directory, config });
    expect(result.findings.map((finding) => finding.location.file)).toEqual(['stacks/app.yaml']);
    expect(result.summary.filesAnalyzed).toBe(1);
    const explicit = await scan(['vendor/lib/third.yaml'], { cwd: directory, config });
    expect(explicit.findings).toEqual([]);
    expect(explicit.notices).toEqual([{ file: 'vendor/lib/third.yaml', message: 'not analyzed: matched by ignorePaths in .deputy.yml' }]);
  });

  it('ignorePaths naming the .tf files of a module skip the module, and say so when they name only some of them', async () => {
    const role = (name: string) =>
      `resource "aws_iam_role" "${name}" {\n  assume_role_policy = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Principal = {Service = "sagemaker.amazonaws.com"}, Action = "sts:AssumeRole"}]})\n}\n`;
    const directory = project({ 'stacks/app.yaml': `Resources:\n${serviceRole()}`, 'legacy/main.tf': role('a'), 'legacy/more.tf': role('b') });
    const files = async (ignorePaths: string, paths = ['.']) => {
      const result = await scan(paths, { cwd: directory, config: await parseConfig('.deputy.yml', `ignorePaths: ${ignorePaths}\n`, directory) });
      return { files: [...new Set(result.findings.map((finding) => finding.location.file))], notices: result.notices.map((notice) => `${notice.file}: ${notice.message}`) };
    };
    expect(await files('["*.tf"]')).toEqual({ files: ['stacks/app.yaml'], notices: [] });
    expect(await files('["legacy/*.tf"]', ['legacy/main.tf'])).toEqual({ files: [], notices: ['legacy: not analyzed: its Terraform files are matched by ignorePaths in .deputy.yml'] });
    expect(await files('[legacy/main.tf]')).toEqual({
      files: ['legacy/main.tf', 'legacy/more.tf', 'stacks/app.yaml'],
      notices: ["legacy: ignorePaths in .deputy.yml matches main.tf but not the module's other files: Terraform reads a module folder whole, so it is analyzed with them (name the folder to skip it)"],
    });
  });
});

describe('ignorePaths globs', () => {
  it.each([
    ['vendor', 'vendor', true],
    ['vendor', 'a/vendor', true],
    ['vendor', 'vendors', false],
    ['/vendor', 'a/vendor', false],
    ['vendor/**', 'vendor/x/y.yaml', true],
    ['**/generated/**', 'generated/x.yaml', true],
    ['**/generated/**', 'a/b/generated/x.yaml', true],
    ['stacks/*.yaml', 'stacks/a.yaml', true],
    ['stacks/*.yaml', 'stacks/sub/a.yaml', false],
    ['stacks/**/*.yaml', 'stacks/a.yaml', true],
    ['stacks/**/*.yaml', 'stacks/x/y/a.yaml', true],
    ['stack-?.json', 'deep/stack-1.json', true],
    ['stack-?.json', 'stack-10.json', false],
    ['a.b', 'axb', false],
    ['(x)+', '(x)+', true],
  ])('%s matches %s: %s', (glob, path, matches) => {
    expect(globToRegExp(glob).test(path)).toBe(matches);
  });

  it('a folder glob skips everything below it; files outside the config folder are never skipped', () => {
    expect(isIgnoredPath('/repo', ['legacy/'], '/repo/legacy/a/b.yaml')).toBe(true);
    expect(isIgnoredPath('/repo', ['legacy'], '/elsewhere/legacy/b.yaml')).toBe(false);
    expect(isIgnoredPath('/repo', [], '/repo/legacy/b.yaml')).toBe(false);
  });
});

describe('configuration errors, each at its line', () => {
  it('an unknown key, with the nearest one suggested', async () => {
    expect(await problemsOf('rules: {}\nfailon: high\n')).toEqual([[2, 'unknown key "failon"; did you mean "failOn"?; known keys: rules, failOn, sagemakerGuardrailKeys, servicePrincipals, trustedAccounts, placeholders, ignorePaths, ignore']]);
    expect((await problemsOf('guardrailKeys: {}\n'))[0]![1]).toContain('did you mean "sagemakerGuardrailKeys"?');
  });

  it('an unknown rule id, with the nearest one suggested, and a bad rule setting', async () => {
    expect(await problemsOf(`rules:\n  trust-any-principals: off\n  ${SERVICE}: hihg\n  ${CROSS_ACCOUNT}: 3\n`)).toEqual([
      [2, 'unknown rule "trust-any-principals"; did you mean "trust-any-principal"?'],
      [3, 'rule setting must be one of off, on, critical, high, medium, low, not "hihg"; did you mean "high"?'],
      [4, 'rule setting must be one of off, on, critical, high, medium, low'],
    ]);
  });

  it('wrong types', async () => {
    expect(await problemsOf('rules: [a]\ntrustedAccounts: "123456789012"\nplaceholders: [ok, 3]\nignorePaths: vendor\n')).toEqual([
      [1, 'rules must be a mapping of rule id to off, on or a severity'],
      [2, 'trustedAccounts must be a list of 12-digit account ids'],
      [3, 'each item of placeholders must be a non-empty string'],
      [4, 'ignorePaths must be a list of strings'],
    ]);
    expect(await problemsOf('- rules\n')).toEqual([[1, 'the configuration must be a mapping of keys (rules, failOn, ...)']]);
  });

  it('a bad failOn, a bad account id', async () => {
    expect(await problemsOf('failOn: severe\ntrustedAccounts:\n  - "12345"\n  - 123456789012\n  - arn:aws:iam::123456789012:root\n')).toEqual([
      [1, 'failOn must be one of critical, high, medium, low, none, not "severe"'],
      [3, 'a trusted account must be a 12-digit account id, not "12345"'],
      [5, 'a trusted account must be a 12-digit account id, not "arn:aws:iam::123456789012:root"'],
    ]);
  });

  it('service principals: missing flags, a non-principal, an unknown key', async () => {
    expect(
      await problemsOf(`servicePrincipals:
  - principal: custom.amazonaws.com
    sendsSourceArn: yes
  - principal: not a principal
    sendsSourceArn: true
    sendsSourceAccount: true
  - principal: other.amazonaws.com
    sendsSourceArn: true
    sendsSourceAccount: false
    arnservice: other
`),
    ).toEqual([
      [2, 'sendsSourceAccount of custom.amazonaws.com must be true or false'],
      [3, 'sendsSourceArn of custom.amazonaws.com must be true or false'],
      [4, 'principal must be a service principal such as "example.amazonaws.com"'],
      [10, 'unknown key "arnservice" in a service principal; did you mean "arnService"?; known keys: principal, arnService, otherArnServices, sendsSourceArn, sendsSourceAccount, source, note'],
    ]);
  });

  it('guardrail keys: an unknown action and a key the action does not support, with suggestions', async () => {
    expect(await problemsOf('sagemakerGuardrailKeys:\n  sagemaker:CreateTrainingJobs: [sagemaker:VolumeKmsKeyArn]\n  sagemaker:CreateTrainingJob:\n    - sagemaker:VolumeKmsKeyArns\n')).toEqual([
      [2, 'unknown action "sagemaker:CreateTrainingJobs"; did you mean "sagemaker:CreateTrainingJob"?'],
      [4, 'sagemaker:CreateTrainingJob does not support the condition key "sagemaker:VolumeKmsKeyArns"; did you mean "sagemaker:VolumeKmsKeyArn"?'],
    ]);
  });

  it('guardrail keys: a key of another service than the action\'s is refused, not a crash', async () => {
    expect(await problemsOf('sagemakerGuardrailKeys:\n  sagemaker:CreateTrainingJob:\n    - ec2:FooBar\n')).toEqual([[3, 'sagemaker:CreateTrainingJob does not support the condition key "ec2:FooBar"']]);
  });

  it('guardrail keys: global keys, the cross-service ones too, are any action\'s', async () => {
    expect(await problemsOf('sagemakerGuardrailKeys:\n  sagemaker:CreateTrainingJob: [aws:RequestedRegion, lambda:SourceFunctionArn, ec2:SourceInstanceArn]\n')).toEqual([]);
  });

  it('ignore entries: a reason, a rule and a target are required', async () => {
    expect(await problemsOf(`ignore:\n  - rule: ${SERVICE}\n    resource: Role\n  - rule: trust-any\n    reason: x\n    file: a.yaml\n  - rule: ${SERVICE}\n    reason: everywhere\n`)).toEqual([
      [2, 'an ignore entry needs a reason'],
      [4, 'unknown rule "trust-any"; did you mean "trust-any-principal"?'],
      [7, 'an ignore entry needs a resource or a file (to turn a rule off everywhere, use rules: {<id>: off})'],
    ]);
  });

  it('ignore entries: a file glob that matches nothing is a problem at its line, not an internal error of the scan', async () => {
    expect(await problemsOf(`ignore:\n  - rule: ${SERVICE}\n    reason: x\n    file: "/"\n`)).toEqual([[4, '"/" matches nothing: give a path pattern such as "vendor/**"']]);
  });

  it('YAML syntax errors and duplicate keys', async () => {
    // At the end of the text: on its last line, not the one after its final line break.
    expect(await problemsOf('rules:\n  a: [\n')).toEqual([[2, expect.stringContaining('Flow sequence')]]);
    expect(await problemsOf('failOn: high\nfailOn: low\n')).toEqual([[2, 'Map keys must be unique']]);
  });

  it('the error message names the file, line and column', async () => {
    await expect(parseConfig('conf/.deputy.yml', 'rules:\n  nope: off\n', '/')).rejects.toThrow('conf/.deputy.yml:2:3: unknown rule "nope"');
  });
});

describe('the README example', () => {
  it('is a valid configuration', async () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const example = /```yaml\n# \.deputy\.yml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const config = await parseConfig('.deputy.yml', example!, '/repo');
    expect(Object.keys(config).sort()).toEqual(['directory', 'failOn', 'file', 'guardrailKeys', 'ignore', 'ignorePaths', 'placeholders', 'rules', 'servicePrincipals', 'trustedAccounts']);
    expect(config.servicePrincipals?.map((entry) => entry.principal)).toEqual(['batch-runner.amazonaws.com', 'legacy-agent.amazonaws.com']);
  });
});
