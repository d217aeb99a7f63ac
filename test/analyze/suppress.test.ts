import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyConfig, parseConfig } from '../../src/analyze/config.js';
import { scan } from '../../src/analyze/engine.js';
import { UNUSED_SUPPRESSION_ID } from '../../src/analyze/suppress.js';
import { renderJson } from '../../src/report/json.js';
import { renderText } from '../../src/report/text.js';
import { CROSS_ACCOUNT, PLACEHOLDER, SERVICE, hclServiceRole, partnerRole, project, serviceRole } from './support.js';

const ignore = (...entries: Array<[string, string?]>): string =>
  `    Metadata:\n      deputy:\n        ignore:\n${entries.map(([rule, reason]) => `          - rule: ${rule}\n${reason === undefined ? '' : `            reason: ${reason}\n`}`).join('')}`;

async function scanProject(files: Record<string, string>, config = emptyConfig('/')) {
  const directory = project(files);
  return scan(['.'], { cwd: directory, config: { ...config, directory } });
}

describe('CloudFormation Metadata suppressions', () => {
  it('suppress the named rule on that resource only (YAML), keeping the finding with its reason', async () => {
    const result = await scanProject({ 'stack.yaml': `Resources:\n${serviceRole('Quiet', ignore([SERVICE, 'notebooks accepted until Q3']))}${serviceRole('Loud')}` });
    expect(result.errors).toEqual([]);
    const byResource = Object.fromEntries(result.findings.map((finding) => [finding.resource.address, finding.suppressed]));
    expect(byResource).toEqual({ 'stack.yaml#Quiet': { reason: 'notebooks accepted until Q3', source: 'inline' }, 'stack.yaml#Loud': undefined });
    expect(result.summary.findings).toBe(1);
    expect(result.summary.bySeverity.high).toBe(1);
  });

  it('read the same Metadata in a JSON template', async () => {
    const role = (name: string, metadata?: object) => ({
      Type: 'AWS::IAM::Role',
      ...(metadata ? { Metadata: metadata } : {}),
      Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] } },
    });
    const template = { Resources: { Quiet: role('Quiet', { deputy: { ignore: [{ rule: SERVICE, reason: 'accepted' }] } }), Loud: role('Loud') } };
    const result = await scanProject({ 'stack.json': JSON.stringify(template, null, 2) });
    expect(result.errors).toEqual([]);
    expect(result.findings.filter((finding) => finding.suppressed).map((finding) => finding.resource.address)).toEqual(['stack.json#Quiet']);
    expect(result.findings.filter((finding) => !finding.suppressed).map((finding) => finding.resource.address)).toEqual(['stack.json#Loud']);
  });

  it('take several rules, each with its own entry, and leave other rules of the resource reported', async () => {
    const result = await scanProject({ 'stack.yaml': `Resources:\n${partnerRole('Partner', ignore([CROSS_ACCOUNT, 'the partner signs a contract'], [PLACEHOLDER, 'the real id comes from a parameter later']))}` });
    expect(result.errors).toEqual([]);
    expect(result.findings.map((finding) => [finding.ruleId, finding.suppressed?.reason])).toEqual([
      [PLACEHOLDER, 'the real id comes from a parameter later'],
      [CROSS_ACCOUNT, 'the partner signs a contract'],
    ]);
    const onlyOne = await scanProject({ 'stack.yaml': `Resources:\n${partnerRole('Partner', ignore([CROSS_ACCOUNT, 'contract']))}` });
    expect(onlyOne.findings.filter((finding) => !finding.suppressed).map((finding) => finding.ruleId)).toEqual([PLACEHOLDER]);
  });

  it('a suppression without a reason is an input error at its line and suppresses nothing', async () => {
    const result = await scanProject({ 'stack.yaml': `Resources:\n${serviceRole('Role', ignore([SERVICE]))}` });
    expect(result.errors).toEqual([{ file: 'stack.yaml', line: 7, column: 13, message: `the suppression of ${SERVICE} on Role needs a reason: say why the finding is accepted` }]);
    expect(result.findings.map((finding) => [finding.ruleId, finding.suppressed])).toEqual([[SERVICE, undefined]]);
  });

  it('a reason written with !Sub is kept as written; one from a Ref is no reason', async () => {
    const subbed = await scanProject({ 'stack.yaml': `Resources:\n${serviceRole('Role', ignore([SERVICE, "!Sub 'single-tenant in ${AWS::Region}'"]))}` });
    expect(subbed.errors).toEqual([]);
    expect(subbed.findings[0]!.suppressed).toEqual({ reason: 'single-tenant in ${AWS::Region}', source: 'inline' });
    const referenced = await scanProject({ 'stack.yaml': `Parameters:\n  Why: {Type: String, Default: because}\nResources:\n${serviceRole('Role', ignore([SERVICE, '!Ref Why']))}` });
    expect(referenced.errors.map((error) => error.line)).toEqual([10]);
  });

  it('an empty reason is no reason; it is reported at the reason key', async () => {
    const result = await scanProject({ 'stack.yaml': `Resources:\n${serviceRole('Role', ignore([SERVICE, '"  "']))}` });
    expect(result.errors.map((error) => [error.line, error.message])).toEqual([[8, `the suppression of ${SERVICE} on Role needs a reason: say why the finding is accepted`]]);
  });

  it('an unknown rule id is an input error at its line with the nearest id suggested', async () => {
    const result = await scanProject({ 'stack.yaml': `Resources:\n${serviceRole('Role', ignore(['trust-service-without-source-conditions', 'typo']))}` });
    expect(result.errors).toEqual([
      { file: 'stack.yaml', line: 7, column: 13, message: `suppression on Role names an unknown rule "trust-service-without-source-conditions"; did you mean "${SERVICE}"?` },
    ]);
    expect(result.findings.map((finding) => [finding.ruleId, finding.suppressed])).toEqual([[SERVICE, undefined]]);
  });

  it('an entry naming an unknown rule suppresses nothing; the entries beside it, each one rule, still suppress theirs', async () => {
    const result = await scanProject({ 'stack.yaml': `Resources:\n${partnerRole('Partner', ignore([CROSS_ACCOUNT, 'contract'], ['policy-documentation-placeholders', 'typo']))}` });
    expect(result.errors.map((error) => [error.line, error.message])).toEqual([[9, `suppression on Partner names an unknown rule "policy-documentation-placeholders"; did you mean "${PLACEHOLDER}"?`]]);
    expect(result.findings.map((finding) => [finding.ruleId, finding.suppressed?.reason ?? null])).toEqual([
      [PLACEHOLDER, null],
      [CROSS_ACCOUNT, 'contract'],
    ]);
  });

  it('a Terraform comment naming an unknown rule beside a known one is an input error and suppresses neither, nor is reported unused', async () => {
    const open = 'jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "*" } }] })';
    const result = await scanProject({
      'main.tf': `# deputy:ignore trust-any-principal,trust-servce-typo -- reviewed\nresource "aws_iam_role" "r" {\n  assume_role_policy = ${open}\n}\n\ndata "aws_iam_policy_document" "d" {\n  # deputy:ignore ${UNUSED_SUPPRESSION_ID},trust-any-principals -- reviewed\n  statement {\n    actions = ["sts:AssumeRole"]\n  }\n}\n`,
    });
    expect(result.errors.map((error) => [error.line, error.message])).toEqual([
      [1, 'suppression on aws_iam_role.r names an unknown rule "trust-servce-typo" (so it suppresses nothing, not even trust-any-principal)'],
      [7, `suppression on data.aws_iam_policy_document.d names an unknown rule "trust-any-principals" (so it suppresses nothing, not even ${UNUSED_SUPPRESSION_ID}); did you mean "trust-any-principal"?`],
    ]);
    expect(result.findings.map((finding) => [finding.ruleId, finding.suppressed ?? null])).toEqual([['trust-any-principal', null]]);
    // The known rule alone suppresses, as before.
    const fixed = await scanProject({ 'main.tf': `# deputy:ignore trust-any-principal -- reviewed\nresource "aws_iam_role" "r" {\n  assume_role_policy = ${open}\n}\n` });
    expect(fixed.errors).toEqual([]);
    expect(fixed.findings.map((finding) => [finding.ruleId, finding.suppressed?.reason ?? null])).toEqual([['trust-any-principal', 'reviewed']]);
  });

  it('rejects malformed deputy Metadata with its line', async () => {
    const notAList = await scanProject({ 'stack.yaml': `Resources:\n${serviceRole('Role', '    Metadata:\n      deputy:\n        ignore: ' + SERVICE + '\n')}` });
    expect(notAList.errors.map((error) => [error.line, error.message])).toEqual([[5, 'Metadata.deputy of Role must be a mapping with an ignore list of {rule, reason}']]);
    const unknownKey = await scanProject({ 'stack.yaml': `Resources:\n${serviceRole('Role', ignore([SERVICE, 'ok']) + '            until: 2026-01-01\n')}` });
    expect(unknownKey.errors.map((error) => [error.line, error.message])).toEqual([[9, 'unknown key "until" in a deputy.ignore entry of Role; an entry holds rule and reason']]);
    expect(unknownKey.findings[0]!.suppressed?.reason).toBe('ok');
  });

  it('a Terraform-style comment in a YAML template is an input error at its place and suppresses nothing, also beside the Metadata form; the other files are analyzed', async () => {
    const comment = `    # deputy:ignore ${SERVICE} -- reviewed\n`;
    const result = await scanProject({
      'commented.yaml': `Resources:\n${serviceRole('Role', comment)}`,
      'both.yaml': `Resources:\n${serviceRole('Role', comment + ignore([SERVICE, 'reviewed']))}`,
      'quoted.yaml': `Description: "# deputy:ignore ${SERVICE} -- reviewed"\nResources:\n${serviceRole('Role')}`,
      'stack.json': JSON.stringify({ Description: `# deputy:ignore ${SERVICE} -- reviewed`, Resources: { Topic: { Type: 'AWS::SNS::Topic' } } }),
    });
    expect(result.errors).toEqual([
      { file: 'both.yaml', line: 4, column: 5, message: expect.stringContaining('"# deputy:ignore" is a comment, which suppresses nothing in a CloudFormation template') },
      { file: 'commented.yaml', line: 4, column: 5, message: expect.stringContaining(`(Metadata: {deputy: {ignore: [{rule: ${SERVICE}, reason: "reviewed"}]}}) and remove the comment`) },
    ]);
    expect(result.findings.map((finding) => [finding.resource.address, finding.ruleId, finding.suppressed?.reason ?? null])).toEqual([
      ['both.yaml#Role', SERVICE, 'reviewed'],
      ['commented.yaml#Role', SERVICE, null],
      ['quoted.yaml#Role', SERVICE, null],
    ]);
  });

  it('reports a suppression that matches no finding at its line, as a low finding that does not fail the default threshold', async () => {
    const result = await scanProject({ 'stack.yaml': `Resources:\n${serviceRole('Role', ignore([SERVICE, 'accepted'], [CROSS_ACCOUNT, 'left over']))}` });
    expect(result.errors).toEqual([]);
    const unused = result.findings.filter((finding) => finding.ruleId === UNUSED_SUPPRESSION_ID);
    expect(unused).toHaveLength(1);
    expect(unused[0]).toMatchObject({
      severity: 'low',
      resource: { address: 'stack.yaml#Role', file: 'stack.yaml' },
      location: { file: 'stack.yaml', startLine: 9 },
      message: `the suppression of ${CROSS_ACCOUNT} on Role matches no finding ("left over"): remove it or correct it`,
    });
    expect(unused[0]!.suppressed).toBeUndefined();
    expect(result.summary.bySeverity).toMatchObject({ high: 0, low: 1 });
  });

  it('names a suppression written once for several instances by the block, not by its first instance, with a fingerprint adding an instance keeps', async () => {
    const tf = (keys: string) => `resource "aws_iam_role" "svc" {
  for_each = toset([${keys}])
  # deputy:ignore trust-any-principal -- left over
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })
}
`;
    const loop = (names: string) =>
      `Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::Roles:\n    - Name\n    - [${names}]\n    - Role\${Name}:\n        Type: AWS::IAM::Role\n        Metadata:\n          deputy:\n            ignore:\n              - rule: trust-any-principal\n                reason: left over\n        Properties:\n          AssumeRolePolicyDocument:\n            Version: '2012-10-17'\n            Statement:\n              - Effect: Allow\n                Principal: { Service: ec2.amazonaws.com }\n                Action: sts:AssumeRole\n`;
    const unused = async (files: Record<string, string>) => (await scanProject(files)).findings.filter((finding) => finding.ruleId === UNUSED_SUPPRESSION_ID).map((finding) => [finding.message, finding.fingerprint]);
    const before = await unused({ 'main.tf': tf('"x", "y"'), 'stack.yaml': loop('B, C') });
    const after = await unused({ 'main.tf': tf('"a", "x", "y"'), 'stack.yaml': loop('A, B, C') });
    expect(before).toHaveLength(2);
    expect(before[0]![0]).toContain('on aws_iam_role.svc matches');
    expect(after.map(([, fingerprint]) => fingerprint)).toEqual(before.map(([, fingerprint]) => fingerprint));
  });

  it('every suppression that covers a finding matches it: none of two is reported unused (YAML and JSON Metadata)', async () => {
    const yaml = await scanProject({ 'stack.yaml': `Resources:\n${serviceRole('Role', ignore([SERVICE, 'first'], [SERVICE, 'second']))}` });
    expect(yaml.errors).toEqual([]);
    expect(yaml.findings.map((finding) => [finding.ruleId, finding.suppressed?.reason ?? null])).toEqual([[SERVICE, 'first']]);
    const role = { Type: 'AWS::IAM::Role', Metadata: { deputy: { ignore: [{ rule: SERVICE, reason: 'first' }, { rule: SERVICE, reason: 'second' }, { rule: CROSS_ACCOUNT, reason: 'stale' }] } }, Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } };
    const json = await scanProject({ 'stack.json': JSON.stringify({ Resources: { Role: role } }, null, 2) });
    expect(json.errors).toEqual([]);
    // A suppression of a rule that reports nothing there is still reported.
    expect(json.findings.map((finding) => [finding.ruleId, finding.suppressed?.reason ?? null])).toEqual([
      [UNUSED_SUPPRESSION_ID, null],
      [SERVICE, 'first'],
    ]);
  });

  it('every Terraform comment that covers a finding matches it (line before and inside, override, data block), in the .tf scan and a real plan beside it', async () => {
    // A real plan of main.tf and override.tf: the line before and inside the block, a block and its override, a role's
    // block and the data block its finding is located in; aws_iam_role.loud holds one that matches nothing.
    const fixture = join(import.meta.dirname, '..', 'fixtures', 'suppressions', 'covered-twice');
    const text = (name: string) => readFileSync(join(fixture, name), 'utf8');
    const view = (result: Awaited<ReturnType<typeof scan>>) => result.findings.map((finding) => [finding.ruleId, finding.resource.address, finding.location.file, finding.location.startLine, finding.suppressed?.reason ?? null]);
    const expected = [
      [SERVICE, 'aws_iam_role.twice', 'main.tf', 7, 'before the block'],
      [SERVICE, 'aws_iam_role.merged', 'main.tf', 16, 'in the block'],
      [SERVICE, 'aws_iam_role.documented', 'main.tf', 26, 'on the role'],
      [UNUSED_SUPPRESSION_ID, 'aws_iam_role.loud', 'main.tf', 38, null],
      [SERVICE, 'aws_iam_role.loud', 'main.tf', 42, null],
    ];
    const tf = await scanProject({ 'main.tf': text('main.tf'), 'override.tf': text('override.tf') });
    expect(tf.errors).toEqual([]);
    expect(view(tf)).toEqual(expected);
    const planned = await scanProject({ 'main.tf': text('main.tf'), 'override.tf': text('override.tf'), 'plan.json': text('plan.json') });
    expect(planned.errors).toEqual([]);
    expect(view(planned)).toEqual(expected);
    // A plan alone has no comments: nothing is suppressed, and nothing reported unused.
    const alone = await scanProject({ 'plan.json': text('plan.json') });
    expect(alone.findings.map((finding) => [finding.ruleId, finding.suppressed ?? null])).toEqual(Array(4).fill([SERVICE, null]));
  });

  it('an inline suppression of deputy-unused-suppression covers the reports of its resource\'s other suppressions, and is itself reported when it covers none', async () => {
    const kept = await scanProject({ 'stack.yaml': `Resources:\n${serviceRole('Role', ignore([SERVICE, 'accepted'], [CROSS_ACCOUNT, 'for the prod partner'], [UNUSED_SUPPRESSION_ID, 'kept for prod']))}` });
    expect(kept.errors).toEqual([]);
    expect(kept.findings.map((finding) => [finding.ruleId, finding.suppressed ?? null])).toEqual([
      [UNUSED_SUPPRESSION_ID, { reason: 'kept for prod', source: 'inline' }],
      [SERVICE, { reason: 'accepted', source: 'inline' }],
    ]);
    const idle = await scanProject({ 'stack.yaml': `Resources:\n${serviceRole('Role', ignore([SERVICE, 'accepted'], [UNUSED_SUPPRESSION_ID, 'kept for prod']))}` });
    expect(idle.findings.filter((finding) => !finding.suppressed).map((finding) => [finding.ruleId, finding.location.startLine, finding.message])).toEqual([
      [UNUSED_SUPPRESSION_ID, 9, `the suppression of ${UNUSED_SUPPRESSION_ID} on Role matches no finding ("kept for prod"): remove it or correct it`],
    ]);
  });

  it('does not report a suppression of deputy-unused-suppression beside one of a rule turned off, which it covers again once the rule runs', async () => {
    const template = `Resources:\n${serviceRole('Role', ignore([SERVICE, 'accepted'], [CROSS_ACCOUNT, 'for the prod partner'], [UNUSED_SUPPRESSION_ID, 'kept for prod']))}`;
    const offConfig = await parseConfig('.deputy.yml', `rules:\n  ${CROSS_ACCOUNT}: off\n`, '/');
    const result = await scanProject({ 'stack.yaml': template }, offConfig);
    expect(result.findings.filter((finding) => finding.ruleId === UNUSED_SUPPRESSION_ID)).toEqual([]);
  });

  it('does not report a suppression of a rule turned off in the configuration, and the report itself can be turned off', async () => {
    const template = `Resources:\n${serviceRole('Role', ignore([SERVICE, 'accepted']))}`;
    const offConfig = await parseConfig('.deputy.yml', `rules:\n  ${SERVICE}: off\n`, '/');
    const off = await scanProject({ 'stack.yaml': template }, offConfig);
    expect(off.findings).toEqual([]);
    const silenced = await parseConfig('.deputy.yml', `rules:\n  ${UNUSED_SUPPRESSION_ID}: off\n`, '/');
    const stale = await scanProject({ 'stack.yaml': `Resources:\n${serviceRole('Role', ignore([CROSS_ACCOUNT, 'stale']))}` }, silenced);
    expect(stale.findings.map((finding) => finding.ruleId)).toEqual([SERVICE]);
  });

  it('applies to the resource in every condition world, and a finding present in one branch only is still matched', async () => {
    const template = `Parameters:
  Env:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Role:
    Type: AWS::IAM::Role
    Metadata:
      deputy:
        ignore:
          - rule: ${SERVICE}
            reason: dev accounts only
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: !If [IsProd, ec2.amazonaws.com, sagemaker.amazonaws.com]
            Action: sts:AssumeRole
`;
    const result = await scanProject({ 'stack.yaml': template });
    expect(result.errors).toEqual([]);
    expect(result.findings.map((finding) => [finding.ruleId, finding.branch, finding.suppressed?.source])).toEqual([[SERVICE, 'only when condition IsProd is false', 'inline']]);
  });

  it('keeps suppressed findings in JSON output and hides them from text output', async () => {
    const result = await scanProject({ 'stack.yaml': `Resources:\n${serviceRole('Quiet', ignore([SERVICE, 'accepted']))}` });
    const json = JSON.parse(renderJson(result));
    expect(json.findings).toHaveLength(1);
    expect(json.findings[0].suppressed).toEqual({ reason: 'accepted', source: 'inline' });
    expect(json.summary.findings).toBe(0);
    const text = renderText(result, { color: false, readSource: () => undefined });
    expect(text).not.toContain(SERVICE);
    expect(text).toContain('0 findings; 1 file analyzed; 1 suppressed, not shown');
  });
});

describe('suppressions on what deputy does not analyze whole', () => {
  const samFunction = (name: string, properties = '') =>
    `  ${name}:\n    Type: AWS::Serverless::Function\n${ignore(['identity-passrole-unscoped', 'the generated role passes only its own'])}    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n${properties}`;
  const unused = (findings: Array<{ ruleId: string; location: { file: string; startLine: number } }>) =>
    findings.filter((finding) => finding.ruleId === UNUSED_SUPPRESSION_ID).map((finding) => `${finding.location.file}:${finding.location.startLine}`);

  it('a SAM function whose generated role is analyzed but for the trust SAM writes holds trust suppressions that are not reported unused; its others are, as one given its Role', async () => {
    const withRole = samFunction('WithRole', '      Role: arn:aws:iam::111122223333:role/fn\n');
    const trustToo = `  TrustToo:\n    Type: AWS::Serverless::Function\n${ignore(['trust-service-without-source-condition', 'SAM writes the trust'], ['identity-passrole-unscoped', 'reviewed'])}    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n`;
    const result = await scanProject({ 'sam.yaml': `Transform: AWS::Serverless-2016-10-31\nResources:\n${samFunction('Generated')}${withRole}${trustToo}` });
    expect(result.errors).toEqual([]);
    // Its execution role is analyzed without what SAM adds to it itself (the runtime's and event sources' permissions).
    expect(result.notices).toEqual([]);
    // Generated's and TrustToo's passrole suppressions match nothing; TrustToo's trust one is for what deputy cannot judge.
    expect(unused(result.findings)).toEqual(['sam.yaml:8', 'sam.yaml:19', 'sam.yaml:33']);
  });

  it('a SAM function whose generated IAM deputy does not analyze whole (a policy template in its Policies) holds suppressions that are not reported unused', async () => {
    const template = samFunction('Templated', '      Policies:\n        - S3ReadPolicy:\n            BucketName: artifacts\n');
    const result = await scanProject({ 'sam.yaml': `Transform: AWS::Serverless-2016-10-31\nResources:\n${template}` });
    expect(result.errors).toEqual([]);
    expect(result.notices.map((notice) => notice.message)).toEqual([expect.stringContaining('S3ReadPolicy')]);
    expect(unused(result.findings)).toEqual([]);
  });

  it('a SAM function\'s suppression covers the findings on the Policies it writes for its generated role', async () => {
    const policies = '      Policies:\n        - Statement:\n            - Effect: Allow\n              Action: iam:PassRole\n              Resource: "*"\n';
    const result = await scanProject({ 'sam.yaml': `Transform: AWS::Serverless-2016-10-31\nResources:\n${samFunction('Generated', policies)}` });
    expect(result.errors).toEqual([]);
    expect(result.findings.map((finding) => [finding.ruleId, finding.resource.address, finding.location.startLine, finding.suppressed])).toEqual([
      ['identity-passrole-unscoped', 'sam.yaml#GeneratedRole', 17, { reason: 'the generated role passes only its own', source: 'inline' }],
    ]);
  });

  it('a function a Fn::ForEach loop generates gets its execution role, and its suppression that matches nothing is reported once', async () => {
    const loop = `Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]\nResources:\n  Fn::ForEach::Fns:\n    - Name\n    - [A, B]\n    - Fn\${Name}:\n${samFunction('x').split('\n').slice(1).map((line) => (line === '' ? line : `    ${line}`)).join('\n')}`;
    const result = await scanProject({ 'sam.yaml': loop });
    expect(result.errors).toEqual([]);
    expect(result.notices).toEqual([]);
    expect(unused(result.findings)).toEqual(['sam.yaml:11']);
  });

  it('a Terraform module block whose code is not read (not installed) holds suppressions that are not reported unused; a local module\'s are', async () => {
    const call = (name: string, source: string) => `module "${name}" {\n  # deputy:ignore trust-any-principal -- reviewed\n  source = "${source}"\n}\n`;
    const result = await scanProject({ 'main.tf': call('remote', 'terraform-aws-modules/iam/aws') + call('local', './mod'), 'mod/main.tf': 'variable "x" {\n  default = 1\n}\n' });
    expect(result.errors).toEqual([]);
    expect(result.notices.map((notice) => notice.message)).toEqual([expect.stringContaining('module "remote": source "terraform-aws-modules/iam/aws" is not a local folder and is not installed here')]);
    expect(unused(result.findings)).toEqual(['main.tf:6']);
  });

  it('a .deputy.yml entry naming such a part, a resource a skipped module call makes, or a file holding one, is not reported unused, but for a rule deputy judges there', async () => {
    const directory = project({
      'sam.yaml': `Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n`,
      'main.tf': 'module "remote" {\n  source = "terraform-aws-modules/iam/aws"\n}\n',
    });
    const entry = (rule: string, target: string) => `  - rule: ${rule}\n    ${target}\n    reason: reviewed\n`;
    const config = await parseConfig(
      '.deputy.yml',
      `ignore:\n${entry('identity-passrole-unscoped', 'resource: Fn')}${entry('trust-any-principal', 'resource: sam.yaml#Fn')}${entry('trust-any-principal', 'resource: module.remote.aws_iam_role.this[0]')}${entry('trust-any-principal', 'file: sam.yaml')}${entry('trust-any-principal', 'resource: aws_iam_role.gone')}${entry('trust-any-principal', 'resource: module.remotes.aws_iam_role.this')}`,
      directory,
    );
    const result = await scan(['.'], { cwd: directory, config });
    // Fn's generated role is analyzed but for its trust: the passrole entry for it matches nothing.
    expect(unused(result.findings)).toEqual(['.deputy.yml:2', '.deputy.yml:14', '.deputy.yml:17']);
  });

  it('a .deputy.yml entry naming the execution role SAM generates for a function or state machine without Role (<LogicalId>Role) is not reported unused', async () => {
    const sam = (name: string, type: string, properties = '') => `  ${name}:\n    Type: AWS::Serverless::${type}\n    Properties:\n      CodeUri: src/\n${properties}`;
    const directory = project({
      'sam.yaml': `Transform: AWS::Serverless-2016-10-31\nResources:\n${sam('Fn', 'Function')}${sam('Machine', 'StateMachine')}${sam('Given', 'Function', '      Role: arn:aws:iam::111122223333:role/fn\n')}${sam('Declared', 'Function')}  DeclaredRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}\n`,
      'plain.yaml': `Resources:\n${sam('Plain', 'Function')}`,
    });
    const entry = (target: string) => `  - rule: trust-any-principal\n    resource: ${target}\n    reason: reviewed\n`;
    const config = await parseConfig('.deputy.yml', `ignore:\n${['FnRole', 'sam.yaml#FnRole', 'MachineRole', 'GivenRole', 'DeclaredRole', 'PlainRole', 'other.yaml#FnRole'].map(entry).join('')}`, directory);
    const result = await scan(['.'], { cwd: directory, config });
    // Given gives its Role, DeclaredRole is a resource deputy analyzes, plain.yaml is no SAM template, other.yaml holds no function.
    expect(unused(result.findings)).toEqual(['.deputy.yml:11', '.deputy.yml:14', '.deputy.yml:17', '.deputy.yml:20']);
  });
});

describe('.deputy.yml ignore entries', () => {
  it('suppress by resource name or file glob with source config, and report an entry that matches nothing at its line in the config', async () => {
    const directory = project({
      'stacks/a.yaml': `Resources:\n${serviceRole('Alpha')}${serviceRole('Beta')}`,
      'legacy/old.yaml': `Resources:\n${serviceRole('Old')}`,
    });
    const config = await parseConfig(
      '.deputy.yml',
      `ignore:\n  - rule: ${SERVICE}\n    resource: Alpha\n    reason: alpha is being retired\n  - rule: ${SERVICE}\n    file: legacy/**\n    reason: legacy stacks\n  - rule: ${CROSS_ACCOUNT}\n    resource: Gamma\n    reason: gone\n`,
      directory,
    );
    const result = await scan(['.'], { cwd: directory, config });
    const view = result.findings.map((finding) => [finding.ruleId, finding.resource.address, finding.suppressed?.source ?? null, finding.location.file, finding.location.startLine]);
    expect(view).toEqual([
      [UNUSED_SUPPRESSION_ID, '.deputy.yml', null, '.deputy.yml', 8],
      [SERVICE, 'legacy/old.yaml#Old', 'config', 'legacy/old.yaml', 10],
      [SERVICE, 'stacks/a.yaml#Alpha', 'config', 'stacks/a.yaml', 10],
      [SERVICE, 'stacks/a.yaml#Beta', null, 'stacks/a.yaml', 20],
    ]);
  });

  it.each([['legacy'], ['legacy/'], ['stacks/legacy'], ['*/legacy']])('read a file glob naming a folder (%s) as every file under it, as ignorePaths does', async (glob) => {
    const directory = project({
      'stacks/legacy/old.yaml': `Resources:\n${serviceRole('Old')}`,
      'stacks/current/new.yaml': `Resources:\n${serviceRole('New')}`,
    });
    const config = await parseConfig('.deputy.yml', `ignore:\n  - rule: ${SERVICE}\n    file: '${glob}'\n    reason: legacy stacks\n`, directory);
    const result = await scan(['.'], { cwd: directory, config });
    expect(result.findings.map((finding) => [finding.ruleId, finding.resource.address, finding.suppressed?.source ?? null])).toEqual([
      [SERVICE, 'stacks/current/new.yaml#New', null],
      [SERVICE, 'stacks/legacy/old.yaml#Old', 'config'],
    ]);
  });

  it('are each matched by a finding they both name (a file glob and a resource beside it), in a template and in Terraform', async () => {
    const directory = project({
      'stacks/legacy/a.yaml': `Resources:\n${serviceRole('Alpha')}`,
      'tf/main.tf': hclServiceRole('"sagemaker.amazonaws.com"'),
    });
    const entry = (target: string, reason: string) => `  - rule: ${SERVICE}\n    ${target}\n    reason: ${reason}\n`;
    const config = await parseConfig(
      '.deputy.yml',
      `ignore:\n${entry('file: stacks/legacy/**', 'legacy stacks')}${entry('resource: stacks/legacy/a.yaml#Alpha', 'alpha')}${entry('file: tf/*.tf', 'tf folder')}${entry('resource: aws_iam_role.exec', 'exec')}${entry('resource: Gone', 'gone')}`,
      directory,
    );
    const result = await scan(['.'], { cwd: directory, config });
    expect(result.findings.map((finding) => [finding.ruleId, finding.resource.address, finding.location.startLine, finding.suppressed?.reason ?? null])).toEqual([
      [UNUSED_SUPPRESSION_ID, '.deputy.yml', 14, null],
      [SERVICE, 'stacks/legacy/a.yaml#Alpha', 10, 'legacy stacks'],
      [SERVICE, 'aws_iam_role.exec', 7, 'tf folder'],
    ]);
  });

  it('name every instance of a Terraform block by its address without instance keys, and one instance with its key, in the .tf scan and a real plan', async () => {
    const fixture = join(import.meta.dirname, '..', 'fixtures', 'suppressions', 'instances');
    const text = (name: string) => readFileSync(join(fixture, name), 'utf8');
    const entry = (resource: string, reason: string) => `  - rule: ${SERVICE}\n    resource: ${resource}\n    reason: ${reason}\n`;
    const entries = `ignore:\n${entry('aws_iam_role.counted', 'every instance')}${entry('aws_iam_role.keyed["b"]', 'one instance')}${entry('aws_iam_role.count', 'no such block')}`;
    const expected = [
      [UNUSED_SUPPRESSION_ID, '.deputy.yml', 'no such block'],
      [SERVICE, 'aws_iam_role.counted[0]', 'every instance'],
      [SERVICE, 'aws_iam_role.counted[1]', 'every instance'],
      [SERVICE, 'aws_iam_role.keyed["a"]', null],
      [SERVICE, 'aws_iam_role.keyed["b"]', 'one instance'],
    ];
    for (const files of [{ 'main.tf': text('main.tf') }, { 'main.tf': text('main.tf'), 'plan.json': text('plan.json') }, { 'plan.json': text('plan.json') }]) {
      const directory = project(files);
      const result = await scan(['.'], { cwd: directory, config: await parseConfig('.deputy.yml', entries, directory) });
      expect(result.errors).toEqual([]);
      const view = result.findings.map((finding) => [finding.ruleId, finding.resource.address, finding.suppressed?.reason ?? (finding.ruleId === UNUSED_SUPPRESSION_ID ? finding.message.match(/\("(.*)"\)/)![1] : null)]);
      expect(view, Object.keys(files).join(' ')).toEqual(expected);
    }
  });

  it('match a CloudFormation resource\'s full address by its file from the config\'s folder, wherever deputy runs', async () => {
    const directory = project({ 'infra/t.yaml': `Resources:\n${serviceRole('Other')}${serviceRole('Role')}`, 'other/t.yaml': `Resources:\n${serviceRole('Role')}` });
    const config = await parseConfig('.deputy.yml', `ignore:\n  - rule: ${SERVICE}\n    resource: infra/t.yaml#Role\n    reason: full address\n`, directory);
    const view = (findings: Array<{ ruleId: string; resource: { address: string }; suppressed?: { source: string } }>) => findings.map((finding) => [finding.ruleId, finding.resource.address, finding.suppressed?.source ?? null]);
    expect(view((await scan(['.'], { cwd: directory, config })).findings)).toEqual([
      [SERVICE, 'infra/t.yaml#Other', null],
      [SERVICE, 'infra/t.yaml#Role', 'config'],
      [SERVICE, 'other/t.yaml#Role', null],
    ]);
    expect(view((await scan(['.'], { cwd: join(directory, 'infra'), config })).findings)).toEqual([
      [SERVICE, 't.yaml#Other', null],
      [SERVICE, 't.yaml#Role', 'config'],
    ]);
    const outside = view((await scan([directory], { cwd: dirname(directory), config })).findings);
    expect(outside.filter(([ruleId]) => ruleId === UNUSED_SUPPRESSION_ID)).toEqual([]);
    expect(outside.filter(([, address]) => String(address).endsWith('infra/t.yaml#Role'))).toEqual([[SERVICE, `${basename(directory)}/infra/t.yaml#Role`, 'config']]);
  });

  const legacyEntries = `ignore:\n  - rule: ${SERVICE}\n    file: stacks/legacy/**\n    reason: legacy stacks\n  - rule: ${SERVICE}\n    resource: Gamma\n    reason: gamma is being retired\n`;
  const unusedLines = (findings: Array<{ ruleId: string; location: { startLine: number } }>) => findings.filter((finding) => finding.ruleId === UNUSED_SUPPRESSION_ID).map((finding) => finding.location.startLine);

  it('are not reported unused when the paths scanned leave out the files they name, or may (an entry without a file)', async () => {
    const directory = project({ 'a.yaml': `Resources:\n${serviceRole('Alpha')}`, 'stacks/legacy/old.yaml': `Resources:\n${serviceRole('Old')}`, 'stacks/gamma.yaml': `Resources:\n${serviceRole('Gamma')}` });
    const config = await parseConfig('.deputy.yml', legacyEntries, directory);
    const alpha = await scan(['a.yaml'], { cwd: directory, config });
    expect(alpha.findings.map((finding) => [finding.ruleId, finding.resource.address, finding.suppressed?.source ?? null])).toEqual([[SERVICE, 'a.yaml#Alpha', null]]);
    expect(unusedLines((await scan([join(directory, 'stacks', 'gamma.yaml')], { cwd: directory, config })).findings)).toEqual([]);
  });

  it('report an entry of deputy-unused-suppression that matches nothing, as an inline one is, unless the report is off', async () => {
    const directory = project({ 'a.yaml': `Resources:\n${serviceRole('Alpha')}` });
    const entries = `ignore:\n  - rule: ${UNUSED_SUPPRESSION_ID}\n    file: gone/**\n    reason: gone\n`;
    expect(unusedLines((await scan(['.'], { cwd: directory, config: await parseConfig('.deputy.yml', entries, directory) })).findings)).toEqual([2]);
    // Located at the whole entry, as an unused inline suppression is: an empty range is no region in SARIF or an annotation.
    const [unused] = (await scan(['.'], { cwd: directory, config: await parseConfig('.deputy.yml', entries, directory) })).findings.filter((finding) => finding.ruleId === UNUSED_SUPPRESSION_ID);
    expect(unused?.location).toMatchObject({ startLine: 2, startColumn: 5, endLine: 4, endColumn: 17 });
    // A flow mapping entry ends at its closing brace.
    const flow = `ignore:\n  - {rule: ${UNUSED_SUPPRESSION_ID}, file: gone/**, reason: gone}\n`;
    const [unusedFlow] = (await scan(['.'], { cwd: directory, config: await parseConfig('.deputy.yml', flow, directory) })).findings.filter((finding) => finding.ruleId === UNUSED_SUPPRESSION_ID);
    expect(unusedFlow?.location).toMatchObject({ startLine: 2, startColumn: 5, endLine: 2, endColumn: flow.split('\n')[1]!.length + 1 });
    const off = await parseConfig('.deputy.yml', `rules:\n  ${UNUSED_SUPPRESSION_ID}: off\n${entries}`, directory);
    expect(unusedLines((await scan(['.'], { cwd: directory, config: off })).findings)).toEqual([]);
  });

  it('are reported unused when the whole folder was analyzed, not when some of its files were', async () => {
    const fixed = serviceRole('Old').replace('            Action: sts:AssumeRole\n', '            Action: sts:AssumeRole\n            Condition:\n              StringEquals:\n                aws:SourceAccount: !Ref AWS::AccountId\n');
    const directory = project({ 'a.yaml': `Resources:\n${serviceRole('Alpha')}`, 'stacks/legacy/old.yaml': `Resources:\n${fixed}` });
    const config = await parseConfig('.deputy.yml', legacyEntries, directory);
    // A scan of some files cannot tell an entry for a file it left out (a.yaml's Alpha) from a stale one.
    expect(unusedLines((await scan(['stacks/legacy'], { cwd: directory, config })).findings)).toEqual([]);
    expect(unusedLines((await scan(['.'], { cwd: directory, config })).findings)).toEqual([2, 5]);
    expect(unusedLines((await scan([directory], { cwd: join(directory, 'stacks'), config })).findings)).toEqual([2, 5]);
  });

  it('suppress a finding --changed-only leaves out (a resource the plan does not change), and are not reported unused', async () => {
    const open = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] });
    const role = { address: 'aws_iam_role.kept', mode: 'managed', type: 'aws_iam_role', name: 'kept', provider_name: 'registry.terraform.io/hashicorp/aws' };
    const values = { name: 'kept', assume_role_policy: open };
    const plan = {
      format_version: '1.2',
      planned_values: { root_module: { resources: [{ ...role, schema_version: 0, values, sensitive_values: {} }] } },
      resource_changes: [{ ...role, change: { actions: ['no-op'], before: values, after: values, after_unknown: {}, before_sensitive: false, after_sensitive: {} } }],
    };
    const directory = project({ 'plan.json': JSON.stringify(plan, null, 2) });
    const config = await parseConfig('.deputy.yml', 'ignore:\n  - rule: trust-any-principal\n    resource: aws_iam_role.kept\n    reason: reviewed\n', directory);
    const all = await scan(['.'], { cwd: directory, config });
    expect(all.findings.map((finding) => [finding.ruleId, finding.suppressed?.source ?? null, finding.changed])).toEqual([['trust-any-principal', 'config', false]]);
    expect((await scan(['.'], { cwd: directory, config, changedOnly: true })).findings).toEqual([]);
  });

  it('match a file glob against the file the finding is shown in (a plan\'s .tf beside it), and still against the plan', async () => {
    const open = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] });
    const role = { address: 'aws_iam_role.open', mode: 'managed', type: 'aws_iam_role', name: 'open', provider_name: 'registry.terraform.io/hashicorp/aws' };
    const values = { name: 'open', assume_role_policy: open };
    const plan = {
      format_version: '1.2',
      planned_values: { root_module: { resources: [{ ...role, schema_version: 0, values, sensitive_values: {} }] } },
      resource_changes: [{ ...role, change: { actions: ['create'], before: null, after: values, after_unknown: {}, before_sensitive: false, after_sensitive: {} } }],
    };
    const directory = project({
      'main.tf': 'resource "aws_iam_role" "open" {\n  name = "open"\n  assume_role_policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect    = "Allow"\n      Principal = { AWS = "*" }\n      Action    = "sts:AssumeRole"\n    }]\n  })\n}\n',
      'plan.json': JSON.stringify(plan, null, 2),
    });
    for (const file of ['main.tf', 'plan.json']) {
      const config = await parseConfig('.deputy.yml', `ignore:\n  - rule: trust-any-principal\n    file: ${file}\n    reason: reviewed\n`, directory);
      const result = await scan(['.'], { cwd: directory, config });
      expect(result.findings.map((finding) => [finding.ruleId, finding.resource.file, finding.location.file, finding.location.startLine, finding.suppressed?.source ?? null])).toEqual([['trust-any-principal', 'plan.json', 'main.tf', 7, 'config']]);
    }
  });
});
