import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify as stringifyYaml } from 'yaml';
import { scan } from '../../src/analyze/engine.js';
import { linesOf, roleTemplate, scanText } from '../helpers.js';
import { scanTree } from '../parsers/terraform/helpers.js';

/**
 * Adversarial trust-policy cases from RULES.md, one line each: statements (YAML, indented under Statement:)
 * and the rules that must report. Everything not listed must stay silent.
 */
const SAGEMAKER = `- Effect: Allow
  Principal:
    Service: sagemaker.amazonaws.com
  Action: sts:AssumeRole`;

const TRUST_RULES = [
  'trust-service-without-source-condition',
  'trust-source-condition-ineffective',
  'trust-source-account-mismatch',
  'trust-source-arn-wrong-service',
  'trust-any-principal',
  'trust-cross-account-without-external-id',
];

const cases: Array<[string, string, string[]]> = [
  ['no condition at all', SAGEMAKER, ['trust-service-without-source-condition']],
  ['owner account via AWS::AccountId pins it', `${SAGEMAKER}\n  Condition:\n    StringEquals:\n      aws:SourceAccount: !Ref AWS::AccountId`, []],
  ['ArnLike with the owner account in the ARN', `${SAGEMAKER}\n  Condition:\n    ArnLike:\n      aws:SourceArn: !Sub arn:\${AWS::Partition}:sagemaker:*:\${AWS::AccountId}:*`, []],
  ['ArnEquals honours wildcards: account wildcard is ineffective', `${SAGEMAKER}\n  Condition:\n    ArnEquals:\n      aws:SourceArn: arn:aws:sagemaker:*:*:*`, ['trust-source-condition-ineffective']],
  ['StringLike "*" on SourceAccount is ineffective', `${SAGEMAKER}\n  Condition:\n    StringLike:\n      aws:SourceAccount: "*"`, ['trust-source-condition-ineffective']],
  ['StringEquals does not honour wildcards: "*" is a literal that pins nothing real, and no foreign account matches it', `${SAGEMAKER}\n  Condition:\n    StringEquals:\n      aws:SourceAccount: "*"`, []],
  ['only negated operators are ineffective', `${SAGEMAKER}\n  Condition:\n    StringNotEquals:\n      aws:SourceAccount: "210987654321"`, ['trust-source-condition-ineffective']],
  ['Null "false" only checks presence', `${SAGEMAKER}\n  Condition:\n    "Null":\n      aws:SourceArn: "false"`, ['trust-source-condition-ineffective']],
  ['ForAllValues on a single-valued key the request carries still pins', `${SAGEMAKER}\n  Condition:\n    ForAllValues:StringEquals:\n      aws:SourceAccount: !Ref AWS::AccountId`, []],
  ['a prefix wildcard account admits other accounts', `${SAGEMAKER}\n  Condition:\n    StringLike:\n      aws:SourceAccount: "2109876543*"`, ['trust-source-condition-ineffective']],
  ['case-insensitive keys', `${SAGEMAKER}\n  Condition:\n    StringEquals:\n      aws:sourceaccount: !Ref AWS::AccountId`, []],
  [
    'a Deny of every foreign SourceAccount protects an unconditioned Allow',
    `${SAGEMAKER}\n- Effect: Deny\n  Principal:\n    Service: sagemaker.amazonaws.com\n  Action: sts:AssumeRole\n  Condition:\n    StringNotEquals:\n      aws:SourceAccount: !Ref AWS::AccountId`,
    [],
  ],
  [
    'a Deny with IfExists on a key the service sends still protects',
    `${SAGEMAKER}\n- Effect: Deny\n  Principal: "*"\n  Action: sts:AssumeRole\n  Condition:\n    StringNotEqualsIfExists:\n      aws:SourceAccount: !Ref AWS::AccountId`,
    [],
  ],
  ['an unresolved SourceAccount never fires alone', `${SAGEMAKER}\n  Condition:\n    StringEquals:\n      aws:SourceAccount: !ImportValue shared-account-id`, []],
  ['EC2 does not send source keys', `- Effect: Allow\n  Principal:\n    Service: ec2.amazonaws.com\n  Action: sts:AssumeRole`, []],
  ['actions are case-insensitive', `- Effect: Allow\n  Principal:\n    Service: sagemaker.amazonaws.com\n  Action: STS:assumerole`, ['trust-service-without-source-condition']],
  ['sts:* covers AssumeRole', `- Effect: Allow\n  Principal:\n    Service: sagemaker.amazonaws.com\n  Action: "sts:*"`, ['trust-service-without-source-condition']],
  ['web identity federation is out of scope', `- Effect: Allow\n  Principal: "*"\n  Action: sts:AssumeRoleWithWebIdentity`, []],
  ['Principal "*" with no condition', `- Effect: Allow\n  Principal: "*"\n  Action: sts:AssumeRole`, ['trust-any-principal']],
  ['Principal AWS "*" pinned to the organization', `- Effect: Allow\n  Principal:\n    AWS: "*"\n  Action: sts:AssumeRole\n  Condition:\n    StringEquals:\n      aws:PrincipalOrgID: o-a1b2c3d4e5`, []],
  ['Principal "*" with only MFA: anyone can have MFA', `- Effect: Allow\n  Principal: "*"\n  Action: sts:AssumeRole\n  Condition:\n    Bool:\n      aws:MultiFactorAuthPresent: "true"`, ['trust-any-principal']],
  ['Allow with NotPrincipal admits everyone else', `- Effect: Allow\n  NotPrincipal:\n    AWS: arn:aws:iam::210987654321:root\n  Action: sts:AssumeRole`, ['trust-any-principal']],
  // IAM refuses the statement (policy-malformed); the trust rules read it by its Principal, not as everyone but the NotPrincipal.
  ['a statement with both Principal and NotPrincipal is read by its Principal', `${SAGEMAKER}\n  NotPrincipal:\n    AWS: arn:aws:iam::210987654321:root`, ['trust-service-without-source-condition']],
  ['a statement with both Principal "*" and NotPrincipal admits anyone by its Principal', `- Effect: Allow\n  Principal: "*"\n  NotPrincipal:\n    AWS: arn:aws:iam::210987654321:root\n  Action: sts:AssumeRole`, ['trust-any-principal']],
  ['another account without external id', `- Effect: Allow\n  Principal:\n    AWS: arn:aws:iam::210987654321:root\n  Action: sts:AssumeRole`, ['trust-cross-account-without-external-id']],
  ['another account with external id', `- Effect: Allow\n  Principal:\n    AWS: "210987654321"\n  Action: sts:AssumeRole\n  Condition:\n    StringEquals:\n      sts:ExternalId: partner-issued-id`, []],
  ['another account with MFA age', `- Effect: Allow\n  Principal:\n    AWS: arn:aws:iam::210987654321:root\n  Action: sts:AssumeRole\n  Condition:\n    NumericLessThan:\n      aws:MultiFactorAuthAge: "3600"`, []],
  ['an organization pattern every organization meets does not count', `- Effect: Allow\n  Principal:\n    AWS: arn:aws:iam::210987654321:root\n  Action: sts:AssumeRole\n  Condition:\n    StringLike:\n      aws:PrincipalOrgID: o-*`, ['trust-cross-account-without-external-id']],
  ['an organization path pattern every organization meets does not count', `- Effect: Allow\n  Principal:\n    AWS: arn:aws:iam::210987654321:root\n  Action: sts:AssumeRole\n  Condition:\n    ForAnyValue:StringLike:\n      aws:PrincipalOrgPaths: o-*`, ['trust-cross-account-without-external-id']],
  ['an external id pattern any caller can meet does not count', `- Effect: Allow\n  Principal:\n    AWS: arn:aws:iam::210987654321:root\n  Action: sts:AssumeRole\n  Condition:\n    StringLike:\n      sts:ExternalId: "*"`, ['trust-cross-account-without-external-id']],
  ['an empty external id no request can carry counts as unset', `- Effect: Allow\n  Principal:\n    AWS: arn:aws:iam::210987654321:root\n  Action: sts:AssumeRole\n  Condition:\n    StringEquals:\n      sts:ExternalId: ""`, ['trust-cross-account-without-external-id']],
  ['the owner account is not cross-account', `- Effect: Allow\n  Principal:\n    AWS: !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root\n  Action: sts:AssumeRole`, []],
  [
    'SourceAccount and SourceArn accounts differ',
    `${SAGEMAKER}\n  Condition:\n    StringEquals:\n      aws:SourceAccount: "210987654321"\n    ArnLike:\n      aws:SourceArn: arn:aws:sagemaker:us-east-1:109876543210:*`,
    ['trust-source-account-mismatch'],
  ],
  [
    'an aws:SourceArn naming no account neither hides nor proves a mismatch of the one beside it',
    `${SAGEMAKER}\n  Condition:\n    StringEquals:\n      aws:SourceAccount: "210987654321"\n    ArnLike:\n      aws:SourceArn:\n        - arn:aws:s3:::training-data\n        - arn:aws:sagemaker:us-east-1:109876543210:*`,
    ['trust-source-account-mismatch'],
  ],
  [
    'an aws:SourceArn naming no account beside one of the same account',
    `${SAGEMAKER}\n  Condition:\n    StringEquals:\n      aws:SourceAccount: "210987654321"\n    ArnLike:\n      aws:SourceArn:\n        - arn:aws:s3:::training-data\n        - arn:aws:sagemaker:us-east-1:210987654321:*`,
    [],
  ],
  [
    'an aws:SourceArn naming no account of a service the statement also trusts may be met beside aws:SourceAccount',
    `- Effect: Allow\n  Principal:\n    Service: [s3.amazonaws.com, sagemaker.amazonaws.com]\n  Action: sts:AssumeRole\n  Condition:\n    StringEquals:\n      aws:SourceAccount: "210987654321"\n    ArnLike:\n      aws:SourceArn:\n        - arn:aws:s3:::training-data\n        - arn:aws:sagemaker:us-east-1:109876543210:*`,
    [],
  ],
  [
    'a wildcard account ArnLike matches to aws:SourceAccount leaves a request that meets both',
    `${SAGEMAKER}\n  Condition:\n    StringEquals:\n      aws:SourceAccount: "210987654321"\n    ArnLike:\n      aws:SourceArn:\n        - arn:aws:sagemaker:us-east-1:*:*\n        - arn:aws:sagemaker:us-east-1:109876543210:*`,
    [],
  ],
  ['SourceArn of another service', `${SAGEMAKER}\n  Condition:\n    ArnLike:\n      aws:SourceArn: arn:aws:s3:::training-bucket`, ['trust-source-arn-wrong-service']],
  ['StringEqualsIgnoreCase matches the service part in any case', `${SAGEMAKER}\n  Condition:\n    StringEqualsIgnoreCase:\n      aws:SourceArn: !Sub arn:aws:SageMaker:us-east-1:\${AWS::AccountId}:*`, []],
  ['ArnLike is case-sensitive: a service part in another case never matches', `${SAGEMAKER}\n  Condition:\n    ArnLike:\n      aws:SourceArn: !Sub arn:aws:SageMaker:us-east-1:\${AWS::AccountId}:*`, ['trust-source-arn-wrong-service']],
  ['ArnLike is case-sensitive: an ARN whose arn is in capitals never matches', `${SAGEMAKER}\n  Condition:\n    ArnLike:\n      aws:SourceArn: !Sub ARN:AWS:SAGEMAKER:us-east-1:\${AWS::AccountId}:*`, ['trust-source-arn-wrong-service']],
  ['ArnEquals is case-sensitive: Arn:... never matches', `${SAGEMAKER}\n  Condition:\n    ArnEquals:\n      aws:SourceArn: !Sub Arn:aws:sagemaker:us-east-1:\${AWS::AccountId}:training-job/train`, ['trust-source-arn-wrong-service']],
  ['StringLike is case-sensitive: an ARN whose arn is in capitals never matches', `${SAGEMAKER}\n  Condition:\n    StringLike:\n      aws:SourceArn: !Sub ARN:AWS:SAGEMAKER:us-east-1:\${AWS::AccountId}:*`, ['trust-source-arn-wrong-service']],
  ['StringEqualsIgnoreCase matches an ARN written in capitals', `${SAGEMAKER}\n  Condition:\n    StringEqualsIgnoreCase:\n      aws:SourceArn: !Sub ARN:AWS:SAGEMAKER:US-EAST-1:\${AWS::AccountId}:training-job/train`, []],
  ['SourceArn with a wildcard service matches', `${SAGEMAKER}\n  Condition:\n    ArnLike:\n      aws:SourceArn: !Sub arn:aws:*:us-east-1:\${AWS::AccountId}:*`, []],
  ['a principal outside the catalog is not held to a guessed ARN service', `- Effect: Allow\n  Principal:\n    Service: eks-fargate-pods.amazonaws.com\n  Action: sts:AssumeRole\n  Condition:\n    ArnLike:\n      aws:SourceArn: !Sub arn:\${AWS::Partition}:eks:\${AWS::Region}:\${AWS::AccountId}:fargateprofile/*`, []],
  ['CDK writes the principal with AWS::URLSuffix', `- Effect: Allow\n  Principal:\n    Service: !Sub sagemaker.\${AWS::URLSuffix}\n  Action: sts:AssumeRole`, ['trust-service-without-source-condition']],
  ['a regional service principal built from AWS::Region', `- Effect: Allow\n  Principal:\n    Service: !Sub states.\${AWS::Region}.amazonaws.com\n  Action: sts:AssumeRole`, ['trust-service-without-source-condition']],
  ['a user id pattern every role session meets does not pin the caller', `- Effect: Allow\n  Principal: "*"\n  Action: sts:AssumeRole\n  Condition:\n    StringLike:\n      aws:userid: "*"`, ['trust-any-principal']],
  ['a user id required only to be present does not pin the caller', `- Effect: Allow\n  Principal: "*"\n  Action: sts:AssumeRole\n  Condition:\n    "Null":\n      aws:userid: "false"`, ['trust-any-principal']],
  ['a user id pinned to one role\'s unique id pins the caller', `- Effect: Allow\n  Principal: "*"\n  Action: sts:AssumeRole\n  Condition:\n    StringLike:\n      aws:userid: "AROAZ6EXAMPLEROLEID:*"`, []],
  ['a stranger named alice in any account is not pinned', `- Effect: Allow\n  Principal:\n    AWS: "*"\n  Action: sts:AssumeRole\n  Condition:\n    StringEquals:\n      aws:username: alice`, ['trust-any-principal']],
  ['a partner without MFA: MultiFactorAuthPresent false is no MFA condition', `- Effect: Allow\n  Principal:\n    AWS: arn:aws:iam::210987654321:root\n  Action: sts:AssumeRole\n  Condition:\n    Bool:\n      aws:MultiFactorAuthPresent: "false"`, ['trust-cross-account-without-external-id']],
  ['a partner controls its own tags', `- Effect: Allow\n  Principal:\n    AWS: arn:aws:iam::210987654321:root\n  Action: sts:AssumeRole\n  Condition:\n    StringEquals:\n      aws:PrincipalTag/team: data`, ['trust-cross-account-without-external-id']],
  ['Principal "*" with aws:SourceAccount matched by StringLike "*" lets services act for anyone', `- Effect: Allow\n  Principal: "*"\n  Action: sts:AssumeRole\n  Condition:\n    StringLike:\n      aws:SourceAccount: "*"`, ['trust-any-principal']],
  ['Principal "*" with aws:SourceAccount only required to be present', `- Effect: Allow\n  Principal: "*"\n  Action: sts:AssumeRole\n  Condition:\n    "Null":\n      aws:SourceAccount: "false"`, ['trust-any-principal']],
  ['Principal "*" with aws:SourceAccount pinned to the owner', `- Effect: Allow\n  Principal: "*"\n  Action: sts:AssumeRole\n  Condition:\n    StringEquals:\n      aws:SourceAccount: !Ref AWS::AccountId`, []],
  ['a Condition that cannot be resolved is not an absent one', `${SAGEMAKER}\n  Condition: !ImportValue shared-trust-condition`, []],
  ['an operator block that cannot be resolved is not an absent one', `${SAGEMAKER}\n  Condition:\n    StringEquals: !ImportValue shared-block`, []],
  ['a Deny whose Effect cannot be resolved may protect', `${SAGEMAKER}\n- Effect: !ImportValue effect\n  Principal: "*"\n  Action: sts:AssumeRole`, []],
  ['a principal that cannot be resolved may name anyone', `- Effect: Allow\n  Principal: !ImportValue trusted-principal\n  Action: sts:AssumeRole`, []],
  ['a partner with MFA present', `- Effect: Allow\n  Principal:\n    AWS: arn:aws:iam::210987654321:root\n  Action: sts:AssumeRole\n  Condition:\n    Bool:\n      aws:MultiFactorAuthPresent: "true"`, []],
  // IAM substitutes policy variables under Bool: the value is the request's, not the text ${...}.
  ['a Bool policy variable a service request always meets does not condition on the source', `${SAGEMAKER}\n  Condition:\n    Bool:\n      aws:PrincipalIsAWSService: "\${aws:PrincipalIsAWSService}"`, ['trust-service-without-source-condition']],
  ['a Deny on a Bool policy variable the request does not tell may protect', `${SAGEMAKER}\n- Effect: Deny\n  Principal: "*"\n  Action: sts:AssumeRole\n  Condition:\n    Bool:\n      aws:PrincipalIsAWSService: "\${aws:ResourceTag/tls}"`, []],
  // A service's request has no principal tags: the variable has no value, which matches no value (IAM: "Policy variables with no value").
  ['a Deny on a Bool policy variable with no value in the request does not protect', `${SAGEMAKER}\n- Effect: Deny\n  Principal: "*"\n  Action: sts:AssumeRole\n  Condition:\n    Bool:\n      aws:PrincipalIsAWSService: "\${aws:PrincipalTag/tls}"`, ['trust-service-without-source-condition']],
  // Its default is read there instead.
  ['a Deny on a Bool policy variable whose default a service request meets protects', `${SAGEMAKER}\n- Effect: Deny\n  Principal: "*"\n  Action: sts:AssumeRole\n  Condition:\n    Bool:\n      aws:PrincipalIsAWSService: "\${aws:PrincipalTag/tls, 'true'}"`, []],
];


/** Scans one role whose trust policy holds the statements: no input error, and exactly the expected trust rules fire. */
async function expectFired(statements: string, expected: readonly string[]): Promise<void> {
  const result = await scanText(roleTemplate(statements));
  expect(result.errors).toEqual([]);
  const fired = TRUST_RULES.filter((rule) => linesOf(result, rule).length > 0);
  expect(fired).toEqual(expected);
}
describe('trust rules on adversarial policies', () => {
  it.each(cases)('%s', async (_name, statements, expected) => expectFired(statements, expected));

  it('does not blame IfExists under ForAnyValue, which fails on a missing key whatever IfExists says', async () => {
    const negated = `${SAGEMAKER}\n  Condition:\n    ForAnyValue:StringNotLikeIfExists:\n      aws:SourceOrgPaths: o-abc/r-ab12/ou-ab12-11111111/*`;
    const [finding] = (await scanText(roleTemplate(negated))).findings.filter((item) => item.ruleId === 'trust-source-condition-ineffective');
    expect(finding!.message).toContain('(negated operators only exclude values)');
    const plain = `${SAGEMAKER}\n  Condition:\n    StringNotLikeIfExists:\n      aws:SourceOrgPaths: o-abc/r-ab12/ou-ab12-11111111/*`;
    const [withoutQualifier] = (await scanText(roleTemplate(plain))).findings.filter((item) => item.ruleId === 'trust-source-condition-ineffective');
    expect(withoutQualifier!.message).toContain('IfExists passes when the key is absent');
  });

  it('says what Null checks: presence for "false", absence for "true"', async () => {
    const absent = `${SAGEMAKER}\n  Condition:\n    "Null":\n      aws:SourceOrgID: "true"`;
    const [whenAbsent] = (await scanText(roleTemplate(absent))).findings.filter((item) => item.ruleId === 'trust-source-condition-ineffective');
    expect(whenAbsent!.message).toContain('(Null only checks that the key is absent)');
    const present = `${SAGEMAKER}\n  Condition:\n    "Null":\n      aws:SourceArn: "false"`;
    const [whenPresent] = (await scanText(roleTemplate(present))).findings.filter((item) => item.ruleId === 'trust-source-condition-ineffective');
    expect(whenPresent!.message).toContain('(Null only checks that the key is present)');
  });
});

const USED_BY_MODEL = `  Model:
    Type: AWS::SageMaker::Model
    Properties:
      ExecutionRoleArn: !GetAtt Role.Arn
      PrimaryContainer:
        Image: 123.dkr.ecr.us-east-1.amazonaws.com/model:latest
`;

/** A processing job that runs with the role. */
const usedByProcessingJob = (logicalId: string, name: string): string =>
  `  ${logicalId}:\n    Type: AWS::SageMaker::ProcessingJob\n    Properties:\n      ProcessingJobName: ${name}\n      RoleArn: !GetAtt Role.Arn\n`;

describe('trust-sagemaker-role-unassumable with String operators on symbolic ARNs', () => {
  it.each([
    ['StringLike pinned to training jobs refuses the inference request', 'StringLike', 'training-job/*', [11]],
    ['StringLike on the literal star works', 'StringLike', '*', []],
    ['ArnLike pinned to training jobs refuses the inference request', 'ArnLike', 'training-job/*', [11]],
  ])('%s', async (_name, operator, resourcePart, lines) => {
    const statements = `${SAGEMAKER}\n  Condition:\n    ${operator}:\n      aws:SourceArn: !Sub arn:\${AWS::Partition}:sagemaker:\${AWS::Region}:\${AWS::AccountId}:${resourcePart}`;
    const result = await scanText(roleTemplate(statements, USED_BY_MODEL));
    const found = result.findings.filter((finding) => finding.ruleId === 'trust-sagemaker-role-unassumable');
    expect(found.map((finding) => finding.location.startLine)).toEqual(lines.length ? [19] : []);
    expect(lines.length === 0 || found[0]!.resource.address.endsWith('#Model')).toBe(true);
  });
});

describe('trust-sagemaker-role-unassumable points at the Deny that refuses what the Allow statements let in', () => {
  const ALLOW_OWNER = `${SAGEMAKER}\n  Condition:\n    StringEquals:\n      aws:SourceAccount: !Ref AWS::AccountId`;
  const OWNER_ARN = 'arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}';
  const deny = (condition: string): string => `- Effect: Deny\n  Principal:\n    Service: sagemaker.amazonaws.com\n  Action: sts:AssumeRole${condition}`;
  const unassumable = async (statements: string) => (await scanText(roleTemplate(statements, USED_BY_MODEL))).findings.filter((item) => item.ruleId === 'trust-sagemaker-role-unassumable');

  // Inference presents the literal `arn:...:*`: an ArnNotLike would read its * as a wildcard and exempt every source ARN.
  const LITERAL_NOTE = '; StringNotEquals exempts the source ARN with its literal * alone, where ArnNotLike would read the * as a wildcard and exempt every source ARN of this account';
  it.each([
    [
      'a StringNotEquals aws:SourceArn it has takes the value',
      `\n  Condition:\n    StringNotEquals:\n      aws:SourceArn: !Sub ${OWNER_ARN}:endpoint/churn`,
      `Add these values to the StringNotEquals aws:SourceArn of the Deny statement that refuses sagemaker.amazonaws.com (covers Model), so that its request passes, or remove the statement${LITERAL_NOTE}`,
      `\n  Condition:\n    StringNotEquals:\n      aws:SourceArn:\n        - !Sub ${OWNER_ARN}:endpoint/churn\n        - !Sub ${OWNER_ARN}:*`,
    ],
    [
      'an ArnNotLike aws:SourceArn it has gets one beside it',
      `\n  Condition:\n    ArnNotLike:\n      aws:SourceArn: !Sub ${OWNER_ARN}:endpoint/*`,
      `Merge this into the Condition of the Deny statement that refuses sagemaker.amazonaws.com (covers Model), so that its request passes, or remove the statement${LITERAL_NOTE}`,
      `\n  Condition:\n    ArnNotLike:\n      aws:SourceArn: !Sub ${OWNER_ARN}:endpoint/*\n    StringNotEquals:\n      aws:SourceArn: !Sub ${OWNER_ARN}:*`,
    ],
    [
      'a Deny without a condition gets one',
      '',
      `Add this Condition to the Deny statement that refuses sagemaker.amazonaws.com (covers Model), so that its request passes, or remove the statement${LITERAL_NOTE}`,
      `\n  Condition:\n    StringNotEquals:\n      aws:SourceArn: !Sub ${OWNER_ARN}:*`,
    ],
  ])('%s, and the fix lets the request in and no other', async (_name, condition, description, fixed) => {
    const statements = `${ALLOW_OWNER}\n${deny(condition)}`;
    const [finding, ...others] = await unassumable(statements);
    expect(others).toEqual([]);
    const denyLine = roleTemplate(statements).split('\n').findIndex((line) => line.includes('Effect: Deny')) + 1;
    expect(finding?.related.map((related) => [related.message, related.location.startLine])).toEqual([['Deny statement of the trust policy of Role', condition ? denyLine + 4 : denyLine]]);
    expect(finding?.fix).toEqual({ description, snippet: `Condition:\n  StringNotEquals:\n    aws:SourceArn: !Sub ${OWNER_ARN}:*` });
    expect(await unassumable(`${ALLOW_OWNER}\n${deny(fixed)}`)).toEqual([]);
    // The fixed Deny still refuses any other source ARN: a processing job presents its own.
    const fixedTemplate = roleTemplate(`${ALLOW_OWNER}\n${deny(fixed)}`, `${USED_BY_MODEL}${usedByProcessingJob('OtherJob', 'other-job')}`);
    const stillRefused = (await scanText(fixedTemplate)).findings.filter((item) => item.ruleId === 'trust-sagemaker-role-unassumable');
    expect(stillRefused.map((item) => item.resource.address.split('#')[1])).toEqual(['OtherJob']);
  });

  it('reads a policy variable as text where the policy has no Version 2012-10-17: a Deny pinned to ${aws:ResourceAccount} then refuses the owner', async () => {
    const statements = `${ALLOW_OWNER}\n${deny('\n  Condition:\n    StringNotEquals:\n      aws:SourceAccount: "${aws:ResourceAccount}"')}`;
    const withVersion = (version: string) => roleTemplate(statements, USED_BY_MODEL).replace('        Version: "2012-10-17"\n', version);
    const ruleIds = async (version: string) => (await scanText(withVersion(version))).findings.map((finding) => finding.ruleId).filter((id) => !id.startsWith('sagemaker-')).sort();
    expect(await ruleIds('')).toEqual(['policy-variables-without-version', 'trust-sagemaker-role-unassumable']);
    expect(await ruleIds('        Version: "2008-10-17"\n')).toEqual(['policy-variables-without-version', 'trust-sagemaker-role-unassumable']);
    // Under 2012-10-17 the variable is the owner's account: the Deny refuses other accounts only.
    expect(await ruleIds('        Version: "2012-10-17"\n')).toEqual([]);
  });

  it('exempts the source ARNs of a Deny narrowed to training jobs without exempting the account', async () => {
    const trainingOnly = deny(`\n  Condition:\n    ArnNotLike:\n      aws:SourceArn: !Sub ${OWNER_ARN}:training-job/*`);
    const users = `${USED_BY_MODEL}${usedByProcessingJob('NightlyJob', 'nightly')}`;
    const findings = (await scanText(roleTemplate(`${ALLOW_OWNER}\n${trainingOnly}`, users))).findings.filter((item) => item.ruleId === 'trust-sagemaker-role-unassumable');
    expect(findings.map((item) => item.fix)).toEqual([1, 2].map(() => ({
      description: `Merge this into the Condition of the Deny statement that refuses sagemaker.amazonaws.com (covers Model, NightlyJob) (adding the values to its ArnNotLike aws:SourceArn), so that its request passes, or remove the statement${LITERAL_NOTE}`,
      snippet: `Condition:\n  ArnNotLike:\n    aws:SourceArn: !Sub ${OWNER_ARN}:processing-job/*\n  StringNotEquals:\n    aws:SourceArn: !Sub ${OWNER_ARN}:*`,
    })));
    const fixed = deny(`\n  Condition:\n    ArnNotLike:\n      aws:SourceArn:\n        - !Sub ${OWNER_ARN}:training-job/*\n        - !Sub ${OWNER_ARN}:processing-job/*\n    StringNotEquals:\n      aws:SourceArn: !Sub ${OWNER_ARN}:*`);
    const pipeline = `  OtherPipeline:\n    Type: AWS::SageMaker::Pipeline\n    Properties:\n      PipelineName: other\n      RoleArn: !GetAtt Role.Arn\n      PipelineDefinition:\n        PipelineDefinitionBody: '{"Version":"2020-12-01","Steps":[]}'\n`;
    const afterFix = (await scanText(roleTemplate(`${ALLOW_OWNER}\n${fixed}`, `${users}${pipeline}`))).findings.filter((item) => item.ruleId === 'trust-sagemaker-role-unassumable');
    expect(afterFix.map((item) => item.resource.address.split('#')[1])).toEqual(['OtherPipeline']);
  });

  it('says that the pattern * exempts the whole account when a pipeline\'s steps are not known', async () => {
    const pipeline = `  Pipeline:\n    Type: AWS::SageMaker::Pipeline\n    Properties:\n      PipelineName: churn\n      RoleArn: !GetAtt Role.Arn\n      PipelineDefinition:\n        PipelineDefinitionS3Location:\n          Bucket: definitions\n          Key: churn.json\n`;
    const [finding] = (await scanText(roleTemplate(`${ALLOW_OWNER}\n${deny('')}`, pipeline))).findings.filter((item) => item.ruleId === 'trust-sagemaker-role-unassumable');
    expect(finding?.fix).toEqual({
      description: 'Add this Condition to the Deny statement that refuses sagemaker.amazonaws.com (covers Pipeline), so that its request passes, or remove the statement; its * is a wildcard that exempts every source ARN of this account, which a use whose source ARN is not known needs (the steps of a pipeline whose definition is not in the input may present any)',
      snippet: `Condition:\n  ArnNotLike:\n    aws:SourceArn: !Sub ${OWNER_ARN}:*`,
    });
  });

  it('names each Deny that refuses the request', async () => {
    const denies = [deny(''), deny(`\n  Condition:\n    ArnNotLike:\n      aws:SourceArn: !Sub ${OWNER_ARN}:endpoint/*`)];
    const [finding] = await unassumable([ALLOW_OWNER, ...denies].join('\n'));
    expect(finding?.related.map((related) => related.location.startLine)).toEqual([16, 24]);
    expect(finding?.fix?.description).toBe(
      `Merge this into the Condition of each Deny statement that refuses sagemaker.amazonaws.com (covers Model) (adding the values to the StringNotEquals aws:SourceArn of one that has it), so that its request passes, or remove them${LITERAL_NOTE}`,
    );
  });

  it('still points at the Allow when it refuses the request itself', async () => {
    const pinned = `${SAGEMAKER}\n  Condition:\n    ArnLike:\n      aws:SourceArn: !Sub ${OWNER_ARN}:training-job/*`;
    const [finding] = await unassumable(`${pinned}\n${deny('')}`);
    // At the condition that refuses it (aws:SourceArn, line 15), not at the Condition element above it.
    expect(finding?.related.map((related) => [related.message, related.location.startLine])).toEqual([["condition of the trust policy of Role that SageMaker's request fails", 15]]);
    expect(finding?.fix?.description).toBe('Replace the source conditions of the statement that trusts sagemaker.amazonaws.com (covers Model)');
  });

  it('points at each condition of the Allow that refuses the request, and at the statement where none does alone', async () => {
    const twoBlocks = `${SAGEMAKER}\n  Condition:\n    StringEquals:\n      aws:SourceAccount: !Ref AWS::AccountId\n    ArnLike:\n      aws:SourceArn: !Sub ${OWNER_ARN}:training-job/*\n    StringLike:\n      aws:SourceArn: !Sub ${OWNER_ARN}:model/*`;
    const [refused] = await unassumable(twoBlocks);
    // The account condition passes; each source ARN condition refuses the literal arn:...:* inference presents.
    expect(refused?.related.map((related) => related.location.startLine)).toEqual([17, 19]);
    // A tuning step's jobs may present a training job's or a tuning job's source ARN: each condition refuses one of them,
    // neither both, so the finding points at the statement's Condition.
    const eachRefusesOne = `${SAGEMAKER}\n  Condition:\n    ArnNotLike:\n      aws:SourceArn: !Sub ${OWNER_ARN}:training-job/*\n    StringNotLike:\n      aws:SourceArn: !Sub ${OWNER_ARN}:hyper-parameter-tuning-job/*`;
    const tuning = `  Pipeline:\n    Type: AWS::SageMaker::Pipeline\n    Properties:\n      PipelineName: tune\n      RoleArn: arn:aws:iam::123456789012:role/pipelines\n      PipelineDefinition:\n        PipelineDefinitionBody: !Sub '{"Version":"2020-12-01","Steps":[{"Name":"T","Type":"Tuning","Arguments":{"TrainingJobDefinition":{"RoleArn":"\${Role.Arn}"}}}]}'\n`;
    const [eitherJob, ...others] = (await scanText(roleTemplate(eachRefusesOne, tuning))).findings.filter((item) => item.ruleId === 'trust-sagemaker-role-unassumable');
    expect(others).toEqual([]);
    expect(eitherJob?.related.map((related) => [related.message, related.location.startLine])).toEqual([['trust policy of Role', 13]]);
  });

  it('points at the refusing conditions of every Allow that trusts SageMaker, not of the first alone', async () => {
    const pinned = (resource: string) => `${SAGEMAKER}\n  Condition:\n    ArnLike:\n      aws:SourceArn: !Sub ${OWNER_ARN}:${resource}`;
    const [finding, ...others] = await unassumable(`${pinned('training-job/*')}\n${pinned('processing-job/*')}`);
    expect(others).toEqual([]);
    // Each Allow's aws:SourceArn refuses the literal arn:...:* inference presents.
    expect(finding?.related.map((related) => [related.message, related.location.startLine])).toEqual([
      ["condition of the trust policy of Role that SageMaker's request fails", 15],
      ["condition of the trust policy of Role that SageMaker's request fails", 22],
    ]);
  });

  it('points at the condition of the Allow that refuses the request in a JSON template too', async () => {
    const sourceArn = (resource: string) => ({ 'Fn::Sub': `${OWNER_ARN}:${resource}` });
    const statement = { Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }, ArnLike: { 'aws:SourceArn': sourceArn('training-job/*') } } };
    const template = {
      Resources: {
        Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [statement] } } },
        Model: { Type: 'AWS::SageMaker::Model', Properties: { ExecutionRoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] }, PrimaryContainer: { Image: '123.dkr.ecr.us-east-1.amazonaws.com/model:latest' } } },
      },
    };
    const text = JSON.stringify(template, null, 2);
    const [finding, ...others] = (await scanText(text, 'template.json')).findings.filter((item) => item.ruleId === 'trust-sagemaker-role-unassumable');
    expect(others).toEqual([]);
    // The aws:SourceArn of ArnLike, which the literal source ARN of inference fails; the account condition passes.
    const line = text.split('\n').findIndex((written) => written.includes('"aws:SourceArn"')) + 1;
    expect(finding?.related.map((related) => [related.message, related.location.startLine])).toEqual([["condition of the trust policy of Role that SageMaker's request fails", line]]);
  });
});

describe('the long form of Fn::GetAtt', () => {
  it('links a model to its role through `Fn::GetAtt: Role.Arn`', async () => {
    const lambdaOnly = `- Effect: Allow\n  Principal:\n    Service: lambda.amazonaws.com\n  Action: sts:AssumeRole`;
    const model = USED_BY_MODEL.replace('ExecutionRoleArn: !GetAtt Role.Arn', 'ExecutionRoleArn:\n        Fn::GetAtt: Role.Arn');
    expect(linesOf(await scanText(roleTemplate(lambdaOnly, model)), 'trust-sagemaker-role-unassumable')).toEqual([16]);
  });
});

describe('policy-wildcard-in-equals-operator and the literal SageMaker star', () => {
  it('stays silent on StringEquals aws:SourceArn arn:...:sagemaker:...:* in a trust policy, fires on other stars', async () => {
    const exact = `${SAGEMAKER}\n  Condition:\n    StringEquals:\n      aws:SourceArn: !Sub arn:\${AWS::Partition}:sagemaker:\${AWS::Region}:\${AWS::AccountId}:*`;
    expect(linesOf(await scanText(roleTemplate(exact)), 'policy-wildcard-in-equals-operator')).toEqual([]);
    const pattern = `${SAGEMAKER}\n  Condition:\n    StringEquals:\n      aws:SourceArn: !Sub arn:\${AWS::Partition}:sagemaker:*:\${AWS::AccountId}:*`;
    expect(linesOf(await scanText(roleTemplate(pattern)), 'policy-wildcard-in-equals-operator')).toEqual([15]);
  });
});

describe('trust fixes never break the other principals of a statement', () => {
  it('moves the service into a statement of its own when it shares one with EC2', async () => {
    const shared = `- Effect: Allow\n  Principal:\n    Service:\n      - ec2.amazonaws.com\n      - sagemaker.amazonaws.com\n  Action: sts:AssumeRole`;
    const finding = (await scanText(roleTemplate(shared))).findings.find((item) => item.ruleId === 'trust-service-without-source-condition');
    expect(finding?.fix?.description).toBe('Move sagemaker.amazonaws.com out of the statement into one of its own: the statement also trusts ec2.amazonaws.com, which these conditions would refuse');
    expect(finding?.fix?.snippet.split('\n').slice(0, 4)).toEqual(['- Effect: Allow', '  Principal:', '    Service: sagemaker.amazonaws.com', '  Action: sts:AssumeRole']);
  });

  it('leaves out of the service\'s own statement the conditions its request never carries (an external id for the account beside it)', async () => {
    const shared = `- Effect: Allow\n  Principal:\n    Service: sagemaker.amazonaws.com\n    AWS: arn:aws:iam::210987654321:root\n  Action: sts:AssumeRole\n  Condition:\n    StringEquals:\n      sts:ExternalId: partner-7\n    Bool:\n      aws:SecureTransport: "true"`;
    const finding = (await scanText(roleTemplate(shared, USED_BY_MODEL))).findings.find((item) => item.ruleId === 'trust-sagemaker-role-unassumable');
    expect(finding?.fix?.description).toMatch(/^Move sagemaker\.amazonaws\.com out of the statement into one of its own \(covers Model\): the statement also trusts arn:aws:iam::210987654321:root/);
    expect(finding?.fix?.snippet).not.toContain('sts:ExternalId');
    expect(finding?.fix?.snippet).toContain('aws:SecureTransport');
    // The statement the fix writes lets SageMaker in: the role is no longer reported.
    const fixed = `- Effect: Allow\n  Principal:\n    AWS: arn:aws:iam::210987654321:root\n  Action: sts:AssumeRole\n  Condition:\n    StringEquals:\n      sts:ExternalId: partner-7\n${finding!.fix!.snippet}`;
    expect(linesOf(await scanText(roleTemplate(fixed, USED_BY_MODEL)), 'trust-sagemaker-role-unassumable')).toEqual([]);
  });

  it('tells to remove the conditions no request of the service meets (MFA), which the source conditions merged beside them do not lift', async () => {
    const mfa = `${SAGEMAKER}\n  Condition:\n    Bool:\n      aws:MultiFactorAuthPresent: "true"`;
    const finding = (await scanText(roleTemplate(mfa, USED_BY_MODEL))).findings.find((item) => item.ruleId === 'trust-sagemaker-role-unassumable');
    expect(finding?.fix?.description).toBe('Merge this into the Condition of the statement that trusts sagemaker.amazonaws.com (covers Model), and remove its Bool aws:MultiFactorAuthPresent condition: sagemaker.amazonaws.com never sends that key');
  });

  it.each([['aws:CalledVia'], ['aws:CalledViaFirst'], ['aws:Ec2InstanceSourceVpc'], ['aws:AssumedRoot'], ['aws:VpceAccount']])(
    'reads %s as absent from the service\'s own AssumeRole: required present, SageMaker cannot assume the role; required absent, the condition protects nothing',
    async (key) => {
      const present = `${SAGEMAKER}\n  Condition:\n    "Null":\n      ${key}: "false"`;
      const refused = (await scanText(roleTemplate(present, USED_BY_MODEL))).findings.find((item) => item.ruleId === 'trust-sagemaker-role-unassumable');
      expect(refused?.fix?.description).toBe(`Merge this into the Condition of the statement that trusts sagemaker.amazonaws.com (covers Model), and remove its Null ${key} condition: sagemaker.amazonaws.com never sends that key`);
      const absent = `${SAGEMAKER}\n  Condition:\n    "Null":\n      ${key}: "true"`;
      const met = await scanText(roleTemplate(absent, USED_BY_MODEL));
      expect(linesOf(met, 'trust-sagemaker-role-unassumable')).toEqual([]);
      expect(linesOf(met, 'trust-service-without-source-condition')).toEqual([11]);
    },
  );

  it('tells to remove a condition on a value the service always sends otherwise (aws:ViaAWSService false), and the fix applied lets SageMaker in', async () => {
    const via = `${SAGEMAKER}\n  Condition:\n    Bool:\n      aws:ViaAWSService: "true"\n      aws:MultiFactorAuthPresent: "true"`;
    const finding = (await scanText(roleTemplate(via, USED_BY_MODEL))).findings.find((item) => item.ruleId === 'trust-sagemaker-role-unassumable');
    expect(finding?.fix?.description).toBe('Merge this into the Condition of the statement that trusts sagemaker.amazonaws.com (covers Model), and remove its Bool aws:ViaAWSService, Bool aws:MultiFactorAuthPresent conditions: sagemaker.amazonaws.com never sends aws:MultiFactorAuthPresent and always sends aws:ViaAWSService false');
    // A statement shared with an AWS principal: the service's own statement leaves the condition out.
    const shared = `- Effect: Allow\n  Principal:\n    Service: sagemaker.amazonaws.com\n    AWS: arn:aws:iam::210987654321:root\n  Action: sts:AssumeRole\n  Condition:\n    Bool:\n      aws:ViaAWSService: "true"`;
    const split = (await scanText(roleTemplate(shared, USED_BY_MODEL))).findings.find((item) => item.ruleId === 'trust-sagemaker-role-unassumable');
    expect(split?.fix?.snippet).not.toContain('aws:ViaAWSService');
    const fixed = `- Effect: Allow\n  Principal:\n    AWS: arn:aws:iam::210987654321:root\n  Action: sts:AssumeRole\n  Condition:\n    Bool:\n      aws:ViaAWSService: "true"\n${split!.fix!.snippet}`;
    expect(linesOf(await scanText(roleTemplate(fixed, USED_BY_MODEL)), 'trust-sagemaker-role-unassumable')).toEqual([]);
  });

  it('names twenty of the other principals a shared statement trusts, and counts the rest', async () => {
    const services = Array.from({ length: 22 }, (_, index) => `svc${String(index).padStart(2, '0')}.amazonaws.com`);
    const shared = `- Effect: Allow\n  Principal:\n    Service:\n${[...services, 'sagemaker.amazonaws.com'].map((service) => `      - ${service}`).join('\n')}\n  Action: sts:AssumeRole`;
    const finding = (await scanText(roleTemplate(shared))).findings.find((item) => item.ruleId === 'trust-service-without-source-condition');
    expect(finding?.fix?.description).toBe(`Move sagemaker.amazonaws.com out of the statement into one of its own: the statement also trusts ${services.slice(0, 20).join(', ')} and 2 more, which these conditions would refuse`);
  });

  it('says replace when the statement already has source conditions', async () => {
    const ineffective = `${SAGEMAKER}\n  Condition:\n    ArnLike:\n      aws:SourceArn: arn:aws:sagemaker:*:*:*`;
    const finding = (await scanText(roleTemplate(ineffective))).findings.find((item) => item.ruleId === 'trust-source-condition-ineffective');
    expect(finding?.fix?.description).toBe('Replace the source conditions of the statement that trusts sagemaker.amazonaws.com');
  });

  it('adds a whole statement when no statement trusts SageMaker', async () => {
    const lambdaOnly = `- Effect: Allow\n  Principal:\n    Service: lambda.amazonaws.com\n  Action: sts:AssumeRole`;
    const finding = (await scanText(roleTemplate(lambdaOnly, USED_BY_MODEL))).findings.find((item) => item.ruleId === 'trust-sagemaker-role-unassumable');
    expect(finding?.fix?.description).toBe('Add this statement to the trust policy of Role (covers Model)');
    expect(finding?.fix?.snippet).toContain('    Service: sagemaker.amazonaws.com');
  });
  it('names twenty of the resources a fix covers and counts the rest', async () => {
    const models = Array.from({ length: 22 }, (_, index) => USED_BY_MODEL.replace('  Model:', `  Model${String(index).padStart(2, '0')}:`)).join('');
    const finding = (await scanText(roleTemplate(SAGEMAKER, models))).findings.find((item) => item.ruleId === 'trust-service-without-source-condition');
    const named = Array.from({ length: 20 }, (_, index) => `Model${String(index).padStart(2, '0')}`).join(', ');
    expect(finding?.fix?.description).toBe(`Add this Condition to the statement that trusts sagemaker.amazonaws.com (covers ${named} and 2 more)`);
  });

  it('gives every finding on the uses of one role the same fix, written once', async () => {
    const lambdaOnly = `- Effect: Allow\n  Principal:\n    Service: lambda.amazonaws.com\n  Action: sts:AssumeRole`;
    const models = Array.from({ length: 22 }, (_, index) => USED_BY_MODEL.replace('  Model:', `  Model${String(index).padStart(2, '0')}:`)).join('');
    const findings = (await scanText(roleTemplate(lambdaOnly, models))).findings.filter((item) => item.ruleId === 'trust-sagemaker-role-unassumable');
    const named = Array.from({ length: 20 }, (_, index) => `Model${String(index).padStart(2, '0')}`).join(', ');
    expect(findings).toHaveLength(22);
    expect(new Set(findings.map((finding) => finding.fix)).size).toBe(1);
    expect(findings[0]!.fix?.description).toBe(`Add this statement to the trust policy of Role (covers ${named} and 2 more)`);
  });
});

describe('trust-service-without-source-condition fix', () => {
  it('builds the Condition block from the owner account and the pipeline that uses the role', async () => {
    const result = await scanText(
      roleTemplate(
        SAGEMAKER,
        `  Pipeline:
    Type: AWS::SageMaker::Pipeline
    Properties:
      PipelineName: churn-training
      RoleArn: !GetAtt Role.Arn
      PipelineDefinition:
        PipelineDefinitionBody: "{}"
`,
      ),
    );
    const finding = result.findings.find((item) => item.ruleId === 'trust-service-without-source-condition');
    expect(finding?.location.startLine).toBe(11);
    expect(finding?.fix?.snippet).toBe(
      [
        'Condition:',
        '  StringEquals:',
        '    aws:SourceAccount: !Ref AWS::AccountId',
        '  ArnLike:',
        '    aws:SourceArn: !Sub arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:pipeline/churn-training/*',
      ].join('\n'),
    );
  });
});

describe('SageMaker may present a name in lower case in its ARNs', () => {
  const pipelineNamed = (name: string) => `  Pipeline:\n    Type: AWS::SageMaker::Pipeline\n    Properties:\n      PipelineName: ${name}\n      RoleArn: !GetAtt Role.Arn\n      PipelineDefinition:\n        PipelineDefinitionBody: "{}"\n`;
  const sourceArnFix = async (name: string) => (await scanText(roleTemplate(SAGEMAKER, pipelineNamed(name)))).findings.find((item) => item.ruleId === 'trust-service-without-source-condition')?.fix?.snippet.split('\n').slice(3);

  it('so the fix for a pipeline admits its name in either case', async () => {
    expect(await sourceArnFix('ChurnTraining')).toEqual([
      '  ArnLike:',
      '    aws:SourceArn:',
      '      - !Sub arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:pipeline/ChurnTraining/*',
      '      - !Sub arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:pipeline/churntraining/*',
    ]);
  });

  it('of which the stack name is a value of its own, kept as written', async () => {
    expect(await sourceArnFix('!Sub ${AWS::StackName}-Churn')).toEqual([
      '  ArnLike:',
      '    aws:SourceArn:',
      '      - !Sub arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:pipeline/${AWS::StackName}-Churn/*',
      '      - !Sub arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:pipeline/${AWS::StackName}-churn/*',
    ]);
  });
});

describe('trust fixes for a policy written with Fn::ToJsonString', () => {
  const trustPolicy = (document: string): string => `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::LanguageExtensions
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: ${document}
`;
  const INEFFECTIVE = `{Statement: [{Effect: Allow, Principal: {Service: sagemaker.amazonaws.com}, Action: 'sts:AssumeRole',
        Condition: {ArnLike: {aws:SourceArn: 'arn:aws:sagemaker:*:*:*'}}}]}`;

  it('points at the condition in the template value and writes the fix in YAML', async () => {
    const finding = (await scanText(trustPolicy(`!ToJsonString ${INEFFECTIVE}`))).findings.find((item) => item.ruleId === 'trust-source-condition-ineffective');
    expect([finding?.location.startLine, finding?.location.startColumn]).toEqual([8, 31]);
    expect(finding?.fix?.description).toBe('Replace the source conditions of the statement that trusts sagemaker.amazonaws.com');
    expect(finding?.fix?.snippet.split('\n')[0]).toBe('Condition:');
  });

  it('keeps JSON text in an Fn::Sub for a policy written as JSON text', async () => {
    const text = `!Sub '{"Statement": [{"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]}'`;
    const finding = (await scanText(trustPolicy(text))).findings.find((item) => item.ruleId === 'trust-service-without-source-condition');
    expect(finding?.fix?.description).toContain("(in the policy's JSON text, which must be an Fn::Sub for ${AWS::...} to resolve: write a plain string as !Sub (Fn::Sub), and each other ${ in it as ${!)");
    expect(finding?.fix?.snippet.split('\n')[0]).toBe('"Condition": {');
  });
});

describe('trust fixes for a policy whose JSON text a parameter or a mapping gives', () => {
  // CloudFormation passes a parameter's value (and a mapping's) as it is, never through Fn::Sub: a ${AWS::AccountId}
  // written there stays in the policy literally, so the fix must not say to make it an Fn::Sub.
  const TRUST = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' },
      { Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' },
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::210987654321:root' }, Action: 'sts:AssumeRole' },
    ],
  });
  const yaml = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Trust:
    Type: String
    Default: '${TRUST}'
Mappings:
  Docs:
    Trust:
      Text: '${TRUST}'
Resources:
  FromParameter:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: !Ref Trust
  FromMapping:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: !FindInMap [Docs, Trust, Text]
`;
  const json = JSON.stringify({
    AWSTemplateFormatVersion: '2010-09-09',
    Parameters: { Trust: { Type: 'String', Default: TRUST } },
    Mappings: { Docs: { Trust: { Text: TRUST } } },
    Resources: {
      FromParameter: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Ref: 'Trust' } } },
      FromMapping: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { 'Fn::FindInMap': ['Docs', 'Trust', 'Text'] } } },
    },
  }, null, 2);
  const RULES = ['trust-any-principal', 'trust-service-without-source-condition', 'trust-cross-account-without-external-id'];

  for (const [syntax, text, name] of [['YAML', yaml, 'template.yaml'], ['JSON', json, 'template.json']] as const) {
    it(`says that no \${...} resolves there, in ${syntax}`, async () => {
      const { findings } = await scanText(text, name);
      for (const [role, from] of [['FromParameter', 'parameter Trust, passed at deploy time'], ['FromMapping', 'mapping Docs']]) {
        const fixes = RULES.map((ruleId) => findings.find((item) => item.ruleId === ruleId && item.resource.address.endsWith(`#${role}`))?.fix?.description);
        for (const description of fixes) {
          expect(description).toContain(`(in the JSON text of ${from}, which CloudFormation takes as it is, never through Fn::Sub: `);
          expect(description).not.toContain('must be an Fn::Sub');
        }
        expect(fixes[0]).toContain('${AWS::AccountId} would stay there literally and match no request; write its value literally in that text, or write the policy in the template');
        // No parameter can give the external id in that text: the fix writes it there, and offers none but in a policy the template writes.
        expect(fixes[2]).toContain("a parameter's ${...} would stay there literally and match no request; write the external id the partner issued for this account literally in that text in place of <external-id>, or write the policy in the template, as an object or an Fn::Sub, with a parameter PartnerExternalId210987654321 (Type: String, NoEcho: true) holding it)");
        expect(fixes[2]).not.toMatch(/, and a parameter PartnerExternalId/);
        const snippet = findings.find((item) => item.ruleId === RULES[2] && item.resource.address.endsWith(`#${role}`))?.fix?.snippet;
        expect(snippet).toContain('"sts:ExternalId": "<external-id>"');
        expect(snippet).not.toContain('${');
      }
    });
  }

  it('says so where a Fn::Sub or Fn::Join gives nothing but the parameter, whose text is not substituted again', async () => {
    const wrapped = `${yaml}  ViaSub:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: !Sub '\${Trust}'
  ViaSubVariable:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: !Sub ['\${Doc}', {Doc: !Ref Trust}]
  ViaJoin:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: !Join ['', [!Ref Trust]]
`;
    const { findings } = await scanText(wrapped, 'template.yaml');
    for (const role of ['ViaSub', 'ViaSubVariable', 'ViaJoin']) {
      const description = findings.find((item) => item.ruleId === 'trust-service-without-source-condition' && item.resource.address.endsWith(`#${role}`))?.fix?.description;
      expect(description).toContain('(in the JSON text of parameter Trust, passed at deploy time, which CloudFormation takes as it is');
      expect(description).not.toContain('must be an Fn::Sub');
    }
  });
});

describe('trust-cross-account-without-external-id fix', () => {
  it('adds an external id condition read from a NoEcho parameter', async () => {
    const partner = `- Effect: Allow\n  Principal:\n    AWS: arn:aws:iam::210987654321:root\n  Action: sts:AssumeRole`;
    const finding = (await scanText(roleTemplate(partner))).findings.find((item) => item.ruleId === 'trust-cross-account-without-external-id');
    expect(finding?.location.startLine).toBe(11);
    expect(finding?.fix?.snippet).toBe('Condition:\n  StringEquals:\n    sts:ExternalId: !Ref PartnerExternalId210987654321');
    expect(finding?.fix?.description).toContain('NoEcho');
  });

  it('reads each partner account\'s external id from a parameter of its own', async () => {
    const partner = (account: string) => `- Effect: Allow\n  Principal:\n    AWS: arn:aws:iam::${account}:root\n  Action: sts:AssumeRole`;
    const findings = (await scanText(roleTemplate(`${partner('210987654321')}\n${partner('307990089504')}`))).findings.filter((item) => item.ruleId === 'trust-cross-account-without-external-id');
    expect(findings.map((finding) => finding.fix?.snippet.split(' ').at(-1))).toEqual(['PartnerExternalId210987654321', 'PartnerExternalId307990089504']);
  });

  it('names the parameter after the NoEcho parameter that gives the partner account, not after the masked account', async () => {
    // Masked, a name made of the account would be PartnerExternalId<Partner>: no valid logical id, and the secret in a name.
    const template = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Partner:
    Type: String
    NoEcho: true
  Other:
    Type: String
    NoEcho: true
Resources:
  PartnerRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Sub arn:aws:iam::\${Partner}:root
            Action: sts:AssumeRole
          - Effect: Allow
            Principal:
              AWS: !Ref Other
            Action: sts:AssumeRole
`;
    const findings = (await scanText(template, 'template.yaml', { Partner: '210987654321', Other: '307990089504' })).findings.filter((item) => item.ruleId === 'trust-cross-account-without-external-id');
    expect(findings.map((finding) => finding.fix?.snippet.split(' ').at(-1))).toEqual(['PartnerExternalIdForPartner', 'PartnerExternalIdForOther']);
    expect(findings[0]?.fix?.description).toContain('a parameter PartnerExternalIdForPartner (Type: String, NoEcho: true)');
    for (const finding of findings) expect(`${finding.fix?.description}${finding.fix?.snippet}`).not.toMatch(/ExternalId</);
  });

  it('names the parameter after a NoEcho parameter whose Default gives the partner account, which reports show as written, in YAML and JSON', async () => {
    // CloudFormation shows a parameter's name where it masks a NoEcho value: a name made of the Default would show it there.
    // A parameter not NoEcho gives a name after the account (silent: as before).
    const json = {
      Parameters: {
        Partner: { Type: 'String', NoEcho: true, Default: '210987654321' },
        Roots: { Type: 'CommaDelimitedList', NoEcho: 'true', Default: 'arn:aws:iam::307990089504:root' },
        Visible: { Type: 'String', Default: '410987654321' },
      },
      Resources: {
        PartnerRole: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${Partner}:root' } }, Action: 'sts:AssumeRole' },
                { Effect: 'Allow', Principal: { AWS: { Ref: 'Roots' } }, Action: 'sts:AssumeRole' },
                { Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${Visible}:root' } }, Action: 'sts:AssumeRole' },
              ],
            },
          },
        },
      },
    };
    for (const [text, name] of [[JSON.stringify(json, null, 2), 'template.json'], [stringifyYaml(json), 'template.yaml']] as const) {
      const findings = (await scanText(text, name)).findings.filter((item) => item.ruleId === 'trust-cross-account-without-external-id');
      expect(findings.map((finding) => finding.fix?.snippet.match(/PartnerExternalId\w*/)?.[0]), name).toEqual(['PartnerExternalIdForPartner', 'PartnerExternalIdForRoots', 'PartnerExternalId410987654321']);
      // The Default is in the template: messages show it as written.
      expect(findings.map((finding) => finding.message.match(/of account (\d+)/)?.[1]), name).toEqual(['210987654321', '307990089504', '410987654321']);
      for (const finding of findings.slice(0, 2)) expect(`${finding.fix?.description}${finding.fix?.snippet}`, name).not.toMatch(/ExternalId(?:210987654321|307990089504)/);
    }
  });

  it('tells two items of a NoEcho list apart, in messages, fingerprints and fix names, and shows neither, in YAML and JSON', async () => {
    // Both partners are written at one place (AWS: !Ref Partners): masked alike, the two findings were one message,
    // one fingerprint and one made-up parameter, though each partner issues its own external id.
    for (const name of ['noecho-list-partners.yaml', 'noecho-list-partners.json']) {
      const file = join(import.meta.dirname, '..', 'fixtures', 'trust-cross-account-without-external-id', name);
      const supplied = await scan([file], { parameters: { Partners: '410987654321, 510987654321' } });
      const findings = supplied.findings.filter((item) => item.ruleId === 'trust-cross-account-without-external-id');
      expect(findings.map((finding) => finding.message), name).toEqual([0, 1].map((index) => `principal <Partners[${index}]> of account <Partners[${index}]> may assume role PartnerRole without sts:ExternalId, aws:PrincipalOrgID or MFA conditions`));
      expect(new Set(findings.map((finding) => finding.fingerprint)).size, name).toBe(2);
      expect(findings.map((finding) => finding.fix?.snippet.match(/PartnerExternalId\w*/)?.[0]), name).toEqual(['PartnerExternalIdForPartners0', 'PartnerExternalIdForPartners1']);
      expect(JSON.stringify(supplied.findings), name).not.toMatch(/410987654321|510987654321/);
      // With its Default, which reports show as written, each fix still names its own parameter, after the item.
      const byDefault = (await scan([file])).findings.filter((item) => item.ruleId === 'trust-cross-account-without-external-id');
      expect(byDefault.map((finding) => finding.message.match(/of account (\d+)/)?.[1]), name).toEqual(['210987654321', '307990089504']);
      expect(byDefault.map((finding) => finding.fix?.snippet.match(/PartnerExternalId\w*/)?.[0]), name).toEqual(['PartnerExternalIdForPartners0', 'PartnerExternalIdForPartners1']);
    }
  });

  it('keeps the name of a NoEcho list of one item, and so the fingerprint its findings had', async () => {
    // The fingerprint names the file: both templates are scanned at one path, a list of one item and a String.
    const directory = mkdtempSync(join(tmpdir(), 'deputy-test-'));
    const file = join(directory, 'template.yaml');
    const partnerFinding = async (type: string) => {
      writeFileSync(file, roleTemplate('- Effect: Allow\n  Principal:\n    AWS: !Ref Partners\n  Action: sts:AssumeRole').replace('Resources:\n', `Parameters:\n  Partners:\n    Type: ${type}\n    NoEcho: true\nResources:\n`));
      return (await scan([file], { parameters: { Partners: '410987654321' } })).findings.find((item) => item.ruleId === 'trust-cross-account-without-external-id');
    };
    try {
      const [listed, alone] = [await partnerFinding('CommaDelimitedList'), await partnerFinding('String')];
      expect(listed?.message).toContain('principal <Partners> of account <Partners>');
      expect(listed?.fix?.snippet).toMatch(/!Ref PartnerExternalIdForPartners$/);
      expect(listed?.fingerprint).toBe(alone?.fingerprint);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

/** A pipeline whose training step runs its job with the same role as the pipeline. */
const PIPELINE_WITH_TRAINING_STEP = `  Pipeline:
    Type: AWS::SageMaker::Pipeline
    Properties:
      PipelineName: my-pipe
      RoleArn: !GetAtt Role.Arn
      PipelineDefinition:
        PipelineDefinitionBody: !Sub '{"Version": "2020-12-01", "Steps": [{"Name": "Train", "Type": "Training", "Arguments": {"RoleArn": "\${Role.Arn}"}}]}'
`;

describe('pipeline steps', () => {
  it('covers the pipeline and the jobs its steps start with the same role in the fix', async () => {
    const finding = (await scanText(roleTemplate(SAGEMAKER, PIPELINE_WITH_TRAINING_STEP))).findings.find((item) => item.ruleId === 'trust-service-without-source-condition');
    expect(finding?.fix?.snippet).toContain(
      [
        '    aws:SourceArn:',
        '      - !Sub arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:pipeline/my-pipe/*',
        '      - !Sub arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:training-job/*',
      ].join('\n'),
    );
  });

  it('accepts a step role pinned to the job names pipelines use, refuses one pinned to another job type', async () => {
    const pinned = (resource: string): string =>
      `${SAGEMAKER}\n  Condition:\n    ArnLike:\n      aws:SourceArn:\n        - !Sub arn:\${AWS::Partition}:sagemaker:\${AWS::Region}:\${AWS::AccountId}:pipeline/my-pipe/*\n        - !Sub arn:\${AWS::Partition}:sagemaker:\${AWS::Region}:\${AWS::AccountId}:${resource}`;
    expect(linesOf(await scanText(roleTemplate(pinned('training-job/pipelines-*'), PIPELINE_WITH_TRAINING_STEP)), 'trust-sagemaker-role-unassumable')).toEqual([]);
    expect(linesOf(await scanText(roleTemplate(pinned('processing-job/*'), PIPELINE_WITH_TRAINING_STEP)), 'trust-sagemaker-role-unassumable')).toEqual([24]);
  });

  it('points at the step role of a definition written with Fn::ToJsonString', async () => {
    const pipeline = `  Pipeline:
    Type: AWS::SageMaker::Pipeline
    Properties:
      PipelineName: my-pipe
      RoleArn: !GetAtt Role.Arn
      PipelineDefinition:
        PipelineDefinitionBody:
          Fn::ToJsonString:
            Version: '2020-12-01'
            Steps:
              - Name: Train
                Type: Processing
                Arguments:
                  RoleArn: !GetAtt Role.Arn
`;
    const pinned = `${SAGEMAKER}\n  Condition:\n    ArnLike:\n      aws:SourceArn: !Sub arn:\${AWS::Partition}:sagemaker:\${AWS::Region}:\${AWS::AccountId}:pipeline/my-pipe/*`;
    const result = await scanText(roleTemplate(pinned, pipeline));
    const stepLine = roleTemplate(pinned, pipeline).split('\n').findIndex((line) => line.includes('RoleArn: !GetAtt Role.Arn') && line.startsWith('                  ')) + 1;
    expect(linesOf(result, 'trust-sagemaker-role-unassumable')).toEqual([stepLine]);
  });

  it('does not narrow the fix when the pipeline definition is not in the template', async () => {
    const pipeline = `  Pipeline:
    Type: AWS::SageMaker::Pipeline
    Properties:
      PipelineName: my-pipe
      RoleArn: !GetAtt Role.Arn
      PipelineDefinition:
        PipelineDefinitionS3Location: {Bucket: pipelines, Key: my-pipe.json}
`;
    const finding = (await scanText(roleTemplate(SAGEMAKER, pipeline))).findings.find((item) => item.ruleId === 'trust-service-without-source-condition');
    expect(finding?.fix?.snippet).toContain(':${AWS::AccountId}:*');
  });
});

describe('trust-cross-account-without-external-id points at the statement that lets the partner in', () => {
  it('reports the open statement only, not one with a working external id', async () => {
    const statements = `- Effect: Allow\n  Principal:\n    AWS: arn:aws:iam::210987654321:root\n  Action: sts:AssumeRole\n  Condition:\n    StringEquals:\n      sts:ExternalId: partner-issued-id\n- Effect: Allow\n  Principal:\n    AWS: arn:aws:iam::210987654321:root\n  Action: sts:AssumeRole`;
    expect(linesOf(await scanText(roleTemplate(statements)), 'trust-cross-account-without-external-id')).toEqual([18]);
  });

  it('points at an external id condition that does not work, naming its value', async () => {
    const statements = `- Effect: Allow\n  Principal:\n    AWS: arn:aws:iam::210987654321:root\n  Action: sts:AssumeRole\n  Condition:\n    StringLike:\n      sts:ExternalId: "*"`;
    const finding = (await scanText(roleTemplate(statements))).findings.find((item) => item.ruleId === 'trust-cross-account-without-external-id');
    expect(finding?.location.startLine).toBe(15);
    expect(finding?.message).toContain('StringLike sts:ExternalId * lets any caller of that account through');
    expect(finding?.fix?.description).toMatch(/^Use this Condition instead of the one in the statement that trusts arn:aws:iam::210987654321:root, /);
  });

  it('names the Condition its fix replaces as the statement\'s, the statement as what trusts the partner, in every syntax', async () => {
    const statement = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::210987654321:root' }, Action: 'sts:AssumeRole', Condition: { StringLike: { 'sts:ExternalId': '*' } } };
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
    const cloudFormationJson = JSON.stringify({ Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [statement] } } } } });
    const hcl = `resource "aws_iam_role" "r" {\n  assume_role_policy = ${JSON.stringify(policy)}\n}\n`;
    const tfJson = JSON.stringify({ resource: { aws_iam_role: { r: { assume_role_policy: policy } } } });
    for (const result of [await scanText(cloudFormationJson, 'template.json'), await scanTree({ 'main.tf': hcl }), await scanTree({ 'main.tf.json': tfJson })]) {
      const fixes = result.findings.filter((item) => item.ruleId === 'trust-cross-account-without-external-id').map((item) => item.fix?.description);
      expect(fixes).toEqual([expect.stringMatching(/^Use this Condition instead of the one in the statement that trusts arn:aws:iam::210987654321:root, /)]);
    }
  });

  it('says of an empty external id that it tests no value, not that callers pass it (no request carries one)', async () => {
    const statements = `- Effect: Allow\n  Principal:\n    AWS: arn:aws:iam::210987654321:root\n  Action: sts:AssumeRole\n  Condition:\n    StringEquals:\n      sts:ExternalId: ""`;
    const finding = (await scanText(roleTemplate(statements))).findings.find((item) => item.ruleId === 'trust-cross-account-without-external-id');
    expect(finding?.message).toContain('StringEquals sts:ExternalId "" tests no value (an empty value is unset, and no request carries one)');
    expect(finding?.message).not.toContain('lets any caller');
  });
});

describe('fixes come in the syntax the template is written in', () => {
  it('gives a JSON fix for a JSON template whatever its file name', async () => {
    const template = JSON.stringify(
      { Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } } } },
      null,
      2,
    );
    const finding = (await scanText(template, 'stack.template')).findings.find((item) => item.ruleId === 'trust-service-without-source-condition');
    expect(finding?.fix?.snippet.startsWith('"Condition": {')).toBe(true);
  });
});

/**
 * Conditions on keys that do not say which account the service acts for (time, transport, requested region, session
 * name, source identity): a request on behalf of another account meets them as the owner's does, or picks a value
 * that passes. Source keys keep their exact meaning; a Deny that may still protect keeps the rules silent.
 */
const DENY_FOREIGN_ACCOUNT = `- Effect: Deny\n  Principal: "*"\n  Action: sts:AssumeRole\n  Condition:\n    StringNotEquals:\n      aws:SourceAccount: !Ref AWS::AccountId`;
const accountBlindCases: Array<[string, string, string[]]> = [
  ['a time window open now does not pin the account', `${SAGEMAKER}\n  Condition:\n    DateLessThan:\n      aws:CurrentTime: "2099-01-01T00:00:00Z"`, ['trust-service-without-source-condition']],
  ['an epoch-time window open now does not pin the account', `${SAGEMAKER}\n  Condition:\n    NumericLessThan:\n      aws:EpochTime: "4070908800"`, ['trust-service-without-source-condition']],
  ['a trust that only opens later is open then', `${SAGEMAKER}\n  Condition:\n    DateGreaterThan:\n      aws:CurrentTime: "2099-01-01T00:00:00Z"`, ['trust-service-without-source-condition']],
  ['a trust that expired in 2001 admits no request made now', `${SAGEMAKER}\n  Condition:\n    DateLessThan:\n      aws:CurrentTime: "2001-01-01T00:00:00Z"`, []],
  ['secure transport does not pin the account', `${SAGEMAKER}\n  Condition:\n    Bool:\n      aws:SecureTransport: "true"`, ['trust-service-without-source-condition']],
  ['the requested region does not pin the account', `${SAGEMAKER}\n  Condition:\n    StringEquals:\n      aws:RequestedRegion: us-east-1`, ['trust-service-without-source-condition']],
  ['the session name does not pin the account', `${SAGEMAKER}\n  Condition:\n    StringLike:\n      sts:RoleSessionName: "*"`, ['trust-service-without-source-condition']],
  ['the source identity does not pin the account', `${SAGEMAKER}\n  Condition:\n    StringLike:\n      sts:SourceIdentity: "*"`, ['trust-service-without-source-condition']],
  ['the role\'s own account does not pin the source account', `${SAGEMAKER}\n  Condition:\n    StringEquals:\n      aws:ResourceAccount: !Ref AWS::AccountId`, ['trust-service-without-source-condition']],
  ['a wildcard source ARN stays ineffective beside secure transport', `${SAGEMAKER}\n  Condition:\n    ArnLike:\n      aws:SourceArn: arn:aws:sagemaker:*:*:*\n    Bool:\n      aws:SecureTransport: "true"`, ['trust-source-condition-ineffective']],
  ['StringLike "*" on SourceAccount stays ineffective beside a session name', `${SAGEMAKER}\n  Condition:\n    StringLike:\n      aws:SourceAccount: "*"\n      sts:RoleSessionName: "*"`, ['trust-source-condition-ineffective']],
  ['the owner account stays pinned beside secure transport and a region', `${SAGEMAKER}\n  Condition:\n    StringEquals:\n      aws:SourceAccount: !Ref AWS::AccountId\n      aws:RequestedRegion: us-east-1\n    Bool:\n      aws:SecureTransport: "true"`, []],
  ['a session name compared with the source account may pin it', `${SAGEMAKER}\n  Condition:\n    StringEquals:\n      sts:RoleSessionName: "\${aws:SourceAccount}"`, []],
  ['a Deny of foreign accounts that applies only after 2099 does not protect now', `${SAGEMAKER}\n${DENY_FOREIGN_ACCOUNT}\n    DateGreaterThan:\n      aws:CurrentTime: "2099-01-01T00:00:00Z"`, ['trust-source-condition-ineffective']],
  ['a Deny of foreign accounts in effect since 2001 protects', `${SAGEMAKER}\n${DENY_FOREIGN_ACCOUNT}\n    DateGreaterThan:\n      aws:CurrentTime: "2001-01-01T00:00:00Z"`, []],
  ['a Deny of foreign accounts in one requested region is avoided in another', `${SAGEMAKER}\n${DENY_FOREIGN_ACCOUNT}\n    StringEquals:\n      aws:RequestedRegion: us-east-1`, ['trust-source-condition-ineffective']],
  [
    'a request carries one requested region: the Allow of one region and a Deny of foreign accounts in it protect together',
    `${SAGEMAKER}\n  Condition:\n    StringEquals:\n      aws:RequestedRegion: eu-west-1\n${DENY_FOREIGN_ACCOUNT}\n    StringEquals:\n      aws:RequestedRegion: eu-west-1`,
    [],
  ],
  ['a Deny of foreign accounts in every requested region protects', `${SAGEMAKER}\n${DENY_FOREIGN_ACCOUNT}\n    StringLike:\n      aws:RequestedRegion: "*"`, []],
  ['a Deny of foreign accounts whenever a region is requested protects', `${SAGEMAKER}\n${DENY_FOREIGN_ACCOUNT}\n    "Null":\n      aws:RequestedRegion: "false"`, []],
  ["a Deny of foreign accounts in the stack's own region is avoided in another", `${SAGEMAKER}\n${DENY_FOREIGN_ACCOUNT}\n    StringEquals:\n      aws:RequestedRegion: !Ref AWS::Region`, ['trust-source-condition-ineffective']],
  ['an Allow of two region patterns both one region meets does not pin the account', `${SAGEMAKER}\n  Condition:\n    StringLike:\n      aws:RequestedRegion: eu-*\n    StringLikeIfExists:\n      aws:RequestedRegion: "*-west-*"`, ['trust-service-without-source-condition']],
  ['an Allow of requests without a source identity does not pin the account', `${SAGEMAKER}\n  Condition:\n    "Null":\n      sts:SourceIdentity: "true"`, ['trust-service-without-source-condition']],
  ['a Deny of foreign accounts that set a source identity is avoided by setting none', `${SAGEMAKER}\n${DENY_FOREIGN_ACCOUNT}\n    "Null":\n      sts:SourceIdentity: "false"`, ['trust-source-condition-ineffective']],
  [
    'two Denies of foreign accounts, in one region and outside it, leave no region to pick',
    `${SAGEMAKER}\n${DENY_FOREIGN_ACCOUNT}\n      aws:RequestedRegion: us-east-1\n${DENY_FOREIGN_ACCOUNT}\n    StringEquals:\n      aws:RequestedRegion: us-east-1`,
    [],
  ],
  ['a Deny of foreign accounts outside one region is avoided in it', `${SAGEMAKER}\n${DENY_FOREIGN_ACCOUNT}\n      aws:RequestedRegion: us-east-1`, ['trust-source-condition-ineffective']],
  ['a Deny of foreign accounts over secure transport may protect: the service sets it alike for every account', `${SAGEMAKER}\n${DENY_FOREIGN_ACCOUNT}\n    Bool:\n      aws:SecureTransport: "true"`, []],
  ['a Deny of insecure requests refuses the owner as much as anyone', `${SAGEMAKER}\n- Effect: Deny\n  Principal: "*"\n  Action: sts:AssumeRole\n  Condition:\n    Bool:\n      aws:SecureTransport: "false"`, ['trust-service-without-source-condition']],
  [
    'SourceAccount and SourceArn accounts differ beside secure transport',
    `${SAGEMAKER}\n  Condition:\n    StringEquals:\n      aws:SourceAccount: "210987654321"\n    ArnLike:\n      aws:SourceArn: arn:aws:sagemaker:us-east-1:109876543210:*\n    Bool:\n      aws:SecureTransport: "true"`,
    ['trust-source-account-mismatch'],
  ],
  ['SourceArn of another service beside a time window', `${SAGEMAKER}\n  Condition:\n    ArnLike:\n      aws:SourceArn: arn:aws:s3:::training-bucket\n    DateLessThan:\n      aws:CurrentTime: "2099-01-01T00:00:00Z"`, ['trust-source-arn-wrong-service']],
];

describe('trust rules and conditions that say nothing of the account the service acts for', () => {
  it.each(accountBlindCases)('%s', async (_name, statements, expected) => expectFired(statements, expected));

  it('names the conditions that let the request in, instead of implying there are none', async () => {
    const result = await scanText(roleTemplate(`${SAGEMAKER}\n  Condition:\n    Bool:\n      aws:SecureTransport: "true"\n    StringEquals:\n      aws:RequestedRegion: us-east-1`));
    const [finding] = result.findings.filter((item) => item.ruleId === 'trust-service-without-source-condition');
    expect(finding?.message).toBe(
      'sagemaker.amazonaws.com may assume role Role on behalf of any AWS account: no statement that applies to it conditions on aws:SourceArn or aws:SourceAccount, only on Bool aws:SecureTransport true and StringEquals aws:RequestedRegion us-east-1, which say nothing of the account the service acts for',
    );
    expect(finding?.fix?.description).toMatch(/^Merge this into the Condition/);
  });

  it('says which condition of a Deny lets the request past it, not that its negated operator is the fault', async () => {
    const result = await scanText(roleTemplate(`${SAGEMAKER}\n${DENY_FOREIGN_ACCOUNT}\n    DateGreaterThan:\n      aws:CurrentTime: "2099-01-01T00:00:00Z"`));
    const [finding] = result.findings.filter((item) => item.ruleId === 'trust-source-condition-ineffective');
    expect(finding?.message).toBe(
      'sagemaker.amazonaws.com may still assume role Role on behalf of another account: StringNotEquals aws:SourceAccount ${AWS::AccountId} does not pin an account (the Deny also requires DateGreaterThan aws:CurrentTime 2099-01-01T00:00:00Z, which a request on behalf of another account need not meet)',
    );
  });

  it.each([
    ['secure transport', `Bool:\n      aws:SecureTransport: "true"`],
    ['a requested region', `StringEquals:\n      aws:RequestedRegion: eu-west-1`],
    ['a session name', `StringEquals:\n      sts:RoleSessionName: SageMaker`],
    ['a trust open until 2099', `DateLessThan:\n      aws:CurrentTime: "2099-01-01T00:00:00Z"`],
  ])('trust-sagemaker-role-unassumable stays silent on a role the owner pinned, with %s deputy cannot decide', async (_name, condition) => {
    const statements = `${SAGEMAKER}\n  Condition:\n    ArnLike:\n      aws:SourceArn: !Sub arn:\${AWS::Partition}:sagemaker:\${AWS::Region}:\${AWS::AccountId}:*\n    ${condition}`;
    const result = await scanText(roleTemplate(statements, USED_BY_MODEL));
    expect(result.errors).toEqual([]);
    expect(linesOf(result, 'trust-sagemaker-role-unassumable')).toEqual([]);
    expect(TRUST_RULES.filter((rule) => linesOf(result, rule).length > 0)).toEqual([]);
  });

  it('trust-sagemaker-role-unassumable reports a role whose trust expired: SageMaker assumes it now', async () => {
    const statements = `${SAGEMAKER}\n  Condition:\n    ArnLike:\n      aws:SourceArn: !Sub arn:\${AWS::Partition}:sagemaker:\${AWS::Region}:\${AWS::AccountId}:*\n    DateLessThan:\n      aws:CurrentTime: "2001-01-01T00:00:00Z"`;
    const result = await scanText(roleTemplate(statements, USED_BY_MODEL));
    expect(linesOf(result, 'trust-sagemaker-role-unassumable')).toHaveLength(1);
    expect(TRUST_RULES.filter((rule) => linesOf(result, rule).length > 0)).toEqual([]);
  });
});

/**
 * The time of a request to the AWS-principal trust rules, read as the service rules read it: a request is made now or
 * later, never in the past. An Allow that expired admits nobody, one that opens later will admit; a Deny in force now
 * and from then on protects, one that starts later or ends does not. Fixtures use 2001 and 2099.
 */
const ANYONE = `- Effect: Allow\n  Principal: "*"\n  Action: sts:AssumeRole`;
const PARTNER = `- Effect: Allow\n  Principal:\n    AWS: arn:aws:iam::210987654321:root\n  Action: sts:AssumeRole`;
const DENY_ALL = `- Effect: Deny\n  Principal: "*"\n  Action: sts:AssumeRole\n  Condition:`;
const timeCases: Array<[string, string, string[]]> = [
  ['anyone, until 2001: expired, admits nobody', `${ANYONE}\n  Condition:\n    DateLessThan:\n      aws:CurrentTime: "2001-01-01T00:00:00Z"`, []],
  ['anyone, until 2099: open now', `${ANYONE}\n  Condition:\n    DateLessThan:\n      aws:CurrentTime: "2099-01-01T00:00:00Z"`, ['trust-any-principal']],
  ['anyone, from 2099: will admit', `${ANYONE}\n  Condition:\n    DateGreaterThan:\n      aws:CurrentTime: "2099-01-01T00:00:00Z"`, ['trust-any-principal']],
  ['anyone, only at an instant of 2001', `${ANYONE}\n  Condition:\n    DateEquals:\n      aws:CurrentTime: "2001-01-01T00:00:00Z"`, []],
  ['anyone, epoch time before 2001', `${ANYONE}\n  Condition:\n    NumericLessThan:\n      aws:EpochTime: "978307200"`, []],
  ['anyone, epoch time after 2099', `${ANYONE}\n  Condition:\n    NumericGreaterThan:\n      aws:EpochTime: "4070908800"`, ['trust-any-principal']],
  ['anyone, epoch time after a date no request reaches', `${ANYONE}\n  Condition:\n    NumericGreaterThan:\n      aws:EpochTime: "99999999999999"`, []],
  ['anyone, epoch time before 2001 compared as a date', `${ANYONE}\n  Condition:\n    DateLessThan:\n      aws:EpochTime: "978307200"`, []],
  ['anyone, ForAnyValue until 2001', `${ANYONE}\n  Condition:\n    ForAnyValue:DateLessThan:\n      aws:CurrentTime: "2001-01-01T00:00:00Z"`, []],
  ['anyone, IfExists until 2001: the time is always there', `${ANYONE}\n  Condition:\n    DateLessThanIfExists:\n      aws:CurrentTime: "2001-01-01T00:00:00Z"`, []],
  ['anyone, when the time is absent: never', `${ANYONE}\n  Condition:\n    "Null":\n      aws:CurrentTime: "true"`, []],
  ['anyone, when the time is present: always', `${ANYONE}\n  Condition:\n    "Null":\n      aws:CurrentTime: "false"`, ['trust-any-principal']],
  ['anyone, until a date that cannot be resolved', `${ANYONE}\n  Condition:\n    DateLessThan:\n      aws:CurrentTime: !ImportValue expiry`, []],
  ['anyone, from a date that cannot be resolved', `${ANYONE}\n  Condition:\n    DateGreaterThan:\n      aws:CurrentTime: !ImportValue start`, []],
  ['anyone, denied since 2001', `${ANYONE}\n${DENY_ALL}\n    DateGreaterThan:\n      aws:CurrentTime: "2001-01-01T00:00:00Z"`, []],
  ['anyone, denied since 2001 in epoch seconds', `${ANYONE}\n${DENY_ALL}\n    NumericGreaterThan:\n      aws:EpochTime: "978307200"`, []],
  ['anyone, denied whenever the time is present', `${ANYONE}\n${DENY_ALL}\n    "Null":\n      aws:CurrentTime: "false"`, []],
  ['anyone, denied only from 2099: open now', `${ANYONE}\n${DENY_ALL}\n    DateGreaterThan:\n      aws:CurrentTime: "2099-01-01T00:00:00Z"`, ['trust-any-principal']],
  ['anyone, denied only until 2099: open then', `${ANYONE}\n${DENY_ALL}\n    DateLessThan:\n      aws:CurrentTime: "2099-01-01T00:00:00Z"`, ['trust-any-principal']],
  ['anyone until 2099, denied until 2099: the Deny covers every time the Allow admits', `${ANYONE}\n  Condition:\n    DateLessThan:\n      aws:CurrentTime: "2099-01-01T00:00:00Z"\n${DENY_ALL}\n    DateLessThan:\n      aws:CurrentTime: "2099-01-01T00:00:00Z"`, []],
  ['anyone, denied from a date that cannot be resolved: may protect', `${ANYONE}\n${DENY_ALL}\n    DateGreaterThan:\n      aws:CurrentTime: !ImportValue start`, []],
  ['anyone, denied since 2001 unless the session name is chosen: avoided', `${ANYONE}\n${DENY_ALL}\n    DateGreaterThan:\n      aws:CurrentTime: "2001-01-01T00:00:00Z"\n    StringEquals:\n      sts:RoleSessionName: blocked`, ['trust-any-principal']],
  ['anyone, denied outside one organization since 2001: a Deny with a time condition is no longer dropped', `${ANYONE}\n${DENY_ALL}\n    StringNotEquals:\n      aws:PrincipalOrgID: o-a1b2c3d4e5\n    DateGreaterThan:\n      aws:CurrentTime: "2001-01-01T00:00:00Z"`, []],
  ['anyone, denied outside one organization only from 2099: open now', `${ANYONE}\n${DENY_ALL}\n    StringNotEquals:\n      aws:PrincipalOrgID: o-a1b2c3d4e5\n    DateGreaterThan:\n      aws:CurrentTime: "2099-01-01T00:00:00Z"`, ['trust-any-principal']],
  ['anyone, until 2001 or from 2099: the second window will admit', `${ANYONE}\n  Condition:\n    DateLessThan:\n      aws:CurrentTime: "2001-01-01T00:00:00Z"\n${ANYONE}\n  Condition:\n    DateGreaterThan:\n      aws:CurrentTime: "2099-01-01T00:00:00Z"`, ['trust-any-principal']],
  ['anyone, expired in 2001, but a service acting for any account: expired too', `${ANYONE}\n  Condition:\n    DateLessThan:\n      aws:CurrentTime: "2001-01-01T00:00:00Z"\n    StringLike:\n      aws:SourceAccount: "*"`, []],
  ['a partner, denied outside one organization since 2001', `${PARTNER}\n${DENY_ALL}\n    StringNotEquals:\n      aws:PrincipalOrgID: o-a1b2c3d4e5\n    DateGreaterThan:\n      aws:CurrentTime: "2001-01-01T00:00:00Z"`, []],
  ['a partner, until 2001: expired', `${PARTNER}\n  Condition:\n    DateLessThan:\n      aws:CurrentTime: "2001-01-01T00:00:00Z"`, []],
  ['a partner, until 2099: open now', `${PARTNER}\n  Condition:\n    DateLessThan:\n      aws:CurrentTime: "2099-01-01T00:00:00Z"`, ['trust-cross-account-without-external-id']],
  ['a partner, from 2099: will admit', `${PARTNER}\n  Condition:\n    DateGreaterThan:\n      aws:CurrentTime: "2099-01-01T00:00:00Z"`, ['trust-cross-account-without-external-id']],
  ['a partner, epoch time before 2001', `${PARTNER}\n  Condition:\n    NumericLessThanEquals:\n      aws:EpochTime: "978307200"`, []],
  ['a partner, IfExists until 2001', `${PARTNER}\n  Condition:\n    DateLessThanIfExists:\n      aws:CurrentTime: "2001-01-01T00:00:00Z"`, []],
  ['a partner, when the time is absent: never', `${PARTNER}\n  Condition:\n    "Null":\n      aws:CurrentTime: "true"`, []],
  ['a partner, until a date that cannot be resolved', `${PARTNER}\n  Condition:\n    DateLessThan:\n      aws:CurrentTime: !ImportValue expiry`, []],
  ['a partner, denied since 2001', `${PARTNER}\n${DENY_ALL}\n    DateGreaterThan:\n      aws:CurrentTime: "2001-01-01T00:00:00Z"`, []],
  ['a partner, denied only from 2099: open now', `${PARTNER}\n${DENY_ALL}\n    DateGreaterThan:\n      aws:CurrentTime: "2099-01-01T00:00:00Z"`, ['trust-cross-account-without-external-id']],
  ['a partner with an external id, denied since 2001 without one', `${PARTNER}\n  Condition:\n    StringEquals:\n      sts:ExternalId: partner-issued-id\n${DENY_ALL}\n    "Null":\n      sts:ExternalId: "true"\n    DateGreaterThan:\n      aws:CurrentTime: "2001-01-01T00:00:00Z"`, []],
  ['a partner without an external id, denied from 2099 without one: open now', `${PARTNER}\n${DENY_ALL}\n    "Null":\n      sts:ExternalId: "true"\n    DateGreaterThan:\n      aws:CurrentTime: "2099-01-01T00:00:00Z"`, ['trust-cross-account-without-external-id']],
  ['anyone, a string pattern on the time that a later time meets', `${ANYONE}\n  Condition:\n    StringLike:\n      aws:CurrentTime: "2099-*"`, ['trust-any-principal']],
  ['anyone, a string pattern on the time that only a past time meets', `${ANYONE}\n  Condition:\n    StringLike:\n      aws:CurrentTime: "2000-*"`, []],
  ['a partner, a string pattern on the time that a later time meets', `${PARTNER}\n  Condition:\n    StringLike:\n      aws:CurrentTime: "2099-0?-*"`, ['trust-cross-account-without-external-id']],
  ['a service, a string pattern on the time that a later time meets', `${SAGEMAKER}\n  Condition:\n    StringLike:\n      aws:CurrentTime: "2099-*"`, ['trust-service-without-source-condition']],
  ['anyone, a string pattern on the time that only the 30th of a month meets', `${ANYONE}\n  Condition:\n    StringLike:\n      aws:CurrentTime: "2099-04-3*"`, ['trust-any-principal']],
  ['anyone, a string pattern on the time, denied at its start but not at its end', `${ANYONE}\n  Condition:\n    StringLike:\n      aws:CurrentTime: "2099-*"\n${DENY_ALL}\n    StringLike:\n      aws:CurrentTime: "2099-0*"`, ['trust-any-principal']],
  // The dates IAM reads (the W3C profile of ISO 8601, or epoch seconds), as policy-condition-type-mismatch reads them: what IAM cannot compare matches no request.
  ['anyone, until 2099 in ISO 8601 basic format, which IAM cannot compare: admits nobody', `${ANYONE}\n  Condition:\n    DateLessThan:\n      aws:CurrentTime: "20990101T000000Z"`, []],
  ['anyone, until 2099 with blanks around, which IAM cannot compare: admits nobody', `${ANYONE}\n  Condition:\n    DateLessThan:\n      aws:CurrentTime: " 2099-01-01T00:00:00Z "`, []],
  ['anyone, denied since 2001 in ISO 8601 basic format: the Deny never applies', `${ANYONE}\n${DENY_ALL}\n    DateGreaterThan:\n      aws:CurrentTime: "20010101T000000Z"`, ['trust-any-principal']],
  ['anyone, until January 2099, a year and month: open now', `${ANYONE}\n  Condition:\n    DateLessThan:\n      aws:CurrentTime: "2099-01"`, ['trust-any-principal']],
  ['anyone, until January 2001, a year and month: expired', `${ANYONE}\n  Condition:\n    DateLessThan:\n      aws:CurrentTime: "2001-01"`, []],
  ['anyone, a string pattern on the time beginning with more digits than a date holds', `${ANYONE}\n  Condition:\n    StringLike:\n      aws:CurrentTime: "100000000000000000000000*"`, []],
  // One second alone grants nothing and refuses nothing: what IAM does for the requests of one second is practically nothing.
  ['anyone, only during one second of 2099 as text: admits nobody', `${ANYONE}\n  Condition:\n    StringEquals:\n      aws:CurrentTime: "2099-01-01T00:00:00Z"`, []],
  ['a partner, only during one second of 2099 as a date: admits nobody', `${PARTNER}\n  Condition:\n    DateEquals:\n      aws:CurrentTime: "2099-01-01T00:00:00Z"`, []],
  ['a partner, at every time but one second of 2099: open now', `${PARTNER}\n  Condition:\n    DateNotEquals:\n      aws:CurrentTime: "2099-01-01T00:00:00Z"`, ['trust-cross-account-without-external-id']],
  ['a service, only during one second of 2099 in epoch seconds: admits nobody', `${SAGEMAKER}\n  Condition:\n    NumericEquals:\n      aws:EpochTime: "4070908800"`, []],
  ['anyone, denied at every time but one second of 2099: protects', `${ANYONE}\n${DENY_ALL}\n    DateNotEquals:\n      aws:CurrentTime: "2099-01-01T00:00:00Z"`, []],
  ['a service, denied for another account during one second alone: open', `${SAGEMAKER}\n${DENY_FOREIGN_ACCOUNT}\n    StringEquals:\n      aws:CurrentTime: "2099-01-01T00:00:00Z"`, ['trust-source-condition-ineffective']],
  ['a service, denied only until 2099: open then (as the AWS callers above)', `${SAGEMAKER}\n${DENY_FOREIGN_ACCOUNT}\n    DateLessThan:\n      aws:CurrentTime: "2099-01-01T00:00:00Z"`, ['trust-source-condition-ineffective']],
];

describe('trust-any-principal and trust-cross-account-without-external-id read the time as the service rules do', () => {
  it.each(timeCases)('%s', async (_name, statements, expected) => expectFired(statements, expected));

  it.each([
    ['20990101T000000Z', true],
    [' 2099-01-01T00:00:00Z ', true],
    ['2099-01', false],
  ])('policy-condition-type-mismatch reports the date %j as IAM cannot compare it exactly where the trust evaluator matches no request with it: %s', async (date, unreadable) => {
    const result = await scanText(roleTemplate(`${ANYONE}\n  Condition:\n    DateLessThan:\n      aws:CurrentTime: "${date}"`));
    expect(linesOf(result, 'policy-condition-type-mismatch').length > 0).toBe(unreadable);
    expect(linesOf(result, 'trust-any-principal').length > 0).toBe(!unreadable);
  });

  it('trust-any-principal names the conditions that let any caller in', async () => {
    const result = await scanText(roleTemplate(`${ANYONE}\n  Condition:\n    DateLessThan:\n      aws:CurrentTime: "2099-01-01T00:00:00Z"\n    StringEquals:\n      aws:username: alice`));
    const [finding] = result.findings.filter((item) => item.ruleId === 'trust-any-principal');
    expect(finding?.message).toBe(
      'any principal of any AWS account may assume role Role: Principal "*" with no condition that pins the caller, only DateLessThan aws:CurrentTime 2099-01-01T00:00:00Z and StringEquals aws:username alice, which a caller of any account can meet',
    );
    const [plain] = (await scanText(roleTemplate(ANYONE))).findings.filter((item) => item.ruleId === 'trust-any-principal');
    expect(plain?.message).toBe('any principal of any AWS account may assume role Role: Principal "*" with no condition that pins the caller');
  });

  it('trust-cross-account-without-external-id names the conditions that let the partner in', async () => {
    const result = await scanText(roleTemplate(`${PARTNER}\n  Condition:\n    DateGreaterThan:\n      aws:CurrentTime: "2099-01-01T00:00:00Z"`));
    const [finding] = result.findings.filter((item) => item.ruleId === 'trust-cross-account-without-external-id');
    expect(finding?.message).toBe(
      'principal arn:aws:iam::210987654321:root of account 210987654321 may assume role Role without sts:ExternalId, aws:PrincipalOrgID or MFA conditions, only DateGreaterThan aws:CurrentTime 2099-01-01T00:00:00Z, which the partner meets whichever customer it acts for',
    );
    const [plain] = (await scanText(roleTemplate(PARTNER))).findings.filter((item) => item.ruleId === 'trust-cross-account-without-external-id');
    expect(plain?.message).toBe('principal arn:aws:iam::210987654321:root of account 210987654321 may assume role Role without sts:ExternalId, aws:PrincipalOrgID or MFA conditions');
    // A partner condition that does not work is named as before, whatever else the statement requires.
    const weak = await scanText(roleTemplate(`${PARTNER}\n  Condition:\n    StringLike:\n      sts:ExternalId: "*"\n    DateLessThan:\n      aws:CurrentTime: "2099-01-01T00:00:00Z"`));
    expect(weak.findings.find((item) => item.ruleId === 'trust-cross-account-without-external-id')?.message).toBe(
      'principal arn:aws:iam::210987654321:root of account 210987654321 may assume role Role without a real external id, organization or MFA check: StringLike sts:ExternalId * lets any caller of that account through',
    );
  });
});

describe('a trust fix where AWS::NoValue leaves out the Condition the template writes', () => {
  const NO_VALUE_CONDITION = `\n  Condition: !If\n    - IsProd\n    - StringEquals:\n        aws:PrincipalOrgID: o-a1b2c3d4e5\n    - !Ref AWS::NoValue`;
  const withCondition = (template: string): string =>
    template.replace('Resources:', 'Parameters:\n  Env:\n    Type: String\n    AllowedValues: [prod, dev]\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\nResources:');
  // The snippet goes where `!Ref AWS::NoValue` is, as the list item it replaces.
  const applied = (template: string, snippet: string): string =>
    template.replace(/^( *)- !Ref AWS::NoValue$/m, (_line, indent: string) => `${indent}- ${snippet.split('\n').join(`\n${indent}  `)}`);
  const PARTNER_STATEMENT = `- Effect: Allow\n  Principal:\n    AWS: arn:aws:iam::210987654321:root\n  Action: sts:AssumeRole`;

  it.each([
    ['trust-service-without-source-condition', SAGEMAKER, '', 'Write this in place of the AWS::NoValue that leaves out the Condition of the statement that trusts sagemaker.amazonaws.com'],
    ['trust-sagemaker-role-unassumable', `${SAGEMAKER}\n  Condition:\n    StringEquals:\n      aws:SourceAccount: !Ref AWS::AccountId\n- Effect: Deny\n  Principal:\n    Service: sagemaker.amazonaws.com\n  Action: sts:AssumeRole`, USED_BY_MODEL, 'Write this in place of the AWS::NoValue that leaves out the Condition of the Deny statement that refuses sagemaker.amazonaws.com (covers Model), so that its request passes, or remove the statement; StringNotEquals exempts the source ARN with its literal * alone, where ArnNotLike would read the * as a wildcard and exempt every source ARN of this account'],
    ['trust-cross-account-without-external-id', PARTNER_STATEMENT, '', 'Write this in place of the AWS::NoValue that leaves out the Condition of the statement that trusts arn:aws:iam::210987654321:root, and a parameter PartnerExternalId210987654321 (Type: String, NoEcho: true) holding the external id the partner issued for this account'],
  ])('%s: a Condition beside it would be the statement\'s second; in its place the fix gives a template without the finding', async (ruleId, statements, extra, description) => {
    const template = withCondition(roleTemplate(`${statements}${NO_VALUE_CONDITION}`, extra));
    const findings = (await scanText(template)).findings.filter((item) => item.ruleId === ruleId);
    expect(findings.map((finding) => [finding.fix?.description, finding.branch])).toEqual([[description, 'only when condition IsProd is false']]);
    expect(findings[0]!.fix?.snippet).not.toMatch(/^Condition:/);
    const fixed = applied(template, findings[0]!.fix!.snippet).replace('Parameters:\n', 'Parameters:\n  PartnerExternalId210987654321:\n    Type: String\n    NoEcho: true\n');
    expect((await scanText(fixed)).findings.filter((item) => item.ruleId === ruleId || item.ruleId.startsWith('policy-'))).toEqual([]);
  });

  it('sees the Condition a policy given to Fn::ToJsonString writes: the fix goes in place of its AWS::NoValue too', async () => {
    const template = withCondition(roleTemplate(`${SAGEMAKER}${NO_VALUE_CONDITION}`))
      .replace('AssumeRolePolicyDocument:', 'AssumeRolePolicyDocument: !ToJsonString')
      .replace('Resources:', 'Transform: AWS::LanguageExtensions\nResources:');
    const findings = (await scanText(template)).findings.filter((item) => item.ruleId === 'trust-service-without-source-condition');
    expect(findings.map((finding) => finding.fix?.description)).toEqual(['Write this in place of the AWS::NoValue that leaves out the Condition of the statement that trusts sagemaker.amazonaws.com']);
    expect(findings[0]!.fix?.snippet).not.toMatch(/^Condition:/);
    const fixed = applied(template, findings[0]!.fix!.snippet);
    expect((await scanText(fixed)).findings.filter((item) => item.ruleId === 'trust-service-without-source-condition' || item.ruleId.startsWith('policy-'))).toEqual([]);
  });

  it('writes the value of the Condition in JSON, without its key', async () => {
    const template = JSON.stringify({
      Parameters: { Env: { Type: 'String', AllowedValues: ['prod', 'dev'] } },
      Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
      Resources: {
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: { Service: 'sagemaker.amazonaws.com' },
                  Action: 'sts:AssumeRole',
                  Condition: { 'Fn::If': ['IsProd', { StringEquals: { 'aws:PrincipalTag/team': 'ml' } }, { Ref: 'AWS::NoValue' }] },
                },
              ],
            },
          },
        },
      },
    }, null, 2);
    const [finding] = (await scanText(template, 'template.json')).findings.filter((item) => item.ruleId === 'trust-service-without-source-condition');
    expect(finding?.fix?.description).toBe('Write this in place of the AWS::NoValue that leaves out the Condition of the statement that trusts sagemaker.amazonaws.com');
    const fixed = template.replace(/\{\s*"Ref": "AWS::NoValue"\s*\}/, finding!.fix!.snippet);
    expect(JSON.parse(fixed).Resources.Role.Properties.AssumeRolePolicyDocument.Statement[0].Condition['Fn::If'][2].ArnLike).toBeDefined();
    expect((await scanText(fixed, 'template.json')).findings.filter((item) => item.ruleId === 'trust-service-without-source-condition')).toEqual([]);
  });

  // The Condition is there; an operator of the fix, or one of its keys, is written under it and left out.
  const operatorLeftOut = (operator: string, entry: string): string => `\n  Condition:\n    ${operator}: !If\n      - IsProd\n      - ${entry}\n      - !Ref AWS::NoValue`;

  it.each([
    ['trust-service-without-source-condition', `${SAGEMAKER}${operatorLeftOut('StringEquals', 'aws:PrincipalTag/team: ml')}`, '', 'Merge this into the Condition (what it writes under StringEquals in place of the AWS::NoValue that leaves out the one written there) of the statement that trusts sagemaker.amazonaws.com'],
    ['trust-service-without-source-condition', `${SAGEMAKER}\n  Condition:\n    StringEquals:\n      aws:SourceAccount: !If [IsProd, !Ref AWS::AccountId, !Ref AWS::NoValue]`, '', 'Merge this into the Condition (what it writes under StringEquals aws:SourceAccount in place of the AWS::NoValue that leaves out the one written there) of the statement that trusts sagemaker.amazonaws.com'],
    ['trust-sagemaker-role-unassumable', `${SAGEMAKER}\n  Condition:\n    StringEquals:\n      aws:SourceAccount: !Ref AWS::AccountId\n- Effect: Deny\n  Principal:\n    Service: sagemaker.amazonaws.com\n  Action: sts:AssumeRole${operatorLeftOut('StringNotEquals', 'aws:SourceArn: !Sub arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:*')}`, USED_BY_MODEL, 'Merge this into the Condition (what it writes under StringNotEquals in place of the AWS::NoValue that leaves out the one written there) of the Deny statement that refuses sagemaker.amazonaws.com (covers Model), so that its request passes, or remove the statement; StringNotEquals exempts the source ARN with its literal * alone, where ArnNotLike would read the * as a wildcard and exempt every source ARN of this account'],
    ['trust-any-principal', `${ANYONE}${operatorLeftOut('StringEquals', 'aws:PrincipalOrgID: o-a1b2c3d4e5')}`, '', 'Merge this into the Condition (what it writes under StringEquals in place of the AWS::NoValue that leaves out the one written there) of the statement that lets in any principal, so that only principals of this account may assume Role (to let in the accounts of your organization, pin aws:PrincipalOrgID to its id instead)'],
    ['trust-cross-account-without-external-id', `${PARTNER_STATEMENT}${operatorLeftOut('StringEquals', 'aws:PrincipalOrgID: o-a1b2c3d4e5')}`, '', 'Merge this into the Condition (what it writes under StringEquals in place of the AWS::NoValue that leaves out the one written there) of the statement that trusts arn:aws:iam::210987654321:root, and a parameter PartnerExternalId210987654321 (Type: String, NoEcho: true) holding the external id the partner issued for this account'],
  ])('%s: where AWS::NoValue leaves out what the Condition writes under the operator of the fix, what the fix writes there goes in its place (%#)', async (ruleId, statements, extra, description) => {
    const findings = (await scanText(withCondition(roleTemplate(statements, extra)))).findings.filter((item) => item.ruleId === ruleId);
    expect(findings.map((finding) => [finding.fix?.description, finding.branch])).toEqual([[description, 'only when condition IsProd is false']]);
  });

  it('the source conditions so written give a template without the finding', async () => {
    const template = withCondition(roleTemplate(`${SAGEMAKER}${operatorLeftOut('StringEquals', 'aws:PrincipalTag/team: ml')}`));
    const [finding] = (await scanText(template)).findings.filter((item) => item.ruleId === 'trust-service-without-source-condition');
    const [, stringEquals, rest] = /^Condition:\n  StringEquals:\n    (.*)\n(  ArnLike:\n[^]*)$/.exec(finding!.fix!.snippet)!;
    const fixed = template.replace(/^( *)- !Ref AWS::NoValue$/m, (_line, indent: string) => `${indent}- ${stringEquals}`) + rest!.replace(/^/gm, '            ');
    const findings = (await scanText(fixed)).findings.filter((item) => item.ruleId.startsWith('trust-') || item.ruleId.startsWith('policy-'));
    expect(findings).toEqual([]);
  });
});

describe('trust-any-principal fixes', () => {
  const OWN_ACCOUNT = 'so that only principals of this account may assume Role (to let in the accounts of your organization, pin aws:PrincipalOrgID to its id instead)';
  const PIN = 'Condition:\n  StringEquals:\n    aws:PrincipalAccount: !Ref AWS::AccountId';
  const anyPrincipal = async (template: string, name?: string) => (await scanText(template, name)).findings.filter((item) => item.ruleId === 'trust-any-principal');
  const trustFindings = async (template: string) => (await scanText(template)).findings.filter((item) => item.ruleId.startsWith('trust-') || item.ruleId.startsWith('policy-'));
  const indented = (snippet: string, by: string): string => snippet.split('\n').map((line) => by + line).join('\n');

  it.each([
    ['Principal "*"', ANYONE],
    ['{"AWS": "*"}', `- Effect: Allow\n  Principal:\n    AWS: "*"\n  Action: sts:AssumeRole`],
    ['an Allow with NotPrincipal', `- Effect: Allow\n  NotPrincipal:\n    AWS: arn:aws:iam::210987654321:root\n  Action: sts:AssumeRole`],
  ])('pins the caller of a statement with %s to the owner account, and the rules are silent on the result', async (_name, statements) => {
    const [finding] = await anyPrincipal(roleTemplate(statements));
    expect(finding?.fix).toEqual({ description: `Add this Condition to the statement that lets in any principal, ${OWN_ACCOUNT}`, snippet: PIN });
    expect(await trustFindings(roleTemplate(`${statements}\n${indented(finding!.fix!.snippet, '  ')}`))).toEqual([]);
  });

  it('merges into the conditions the statement has, and replaces those on aws:PrincipalAccount', async () => {
    const [merged] = await anyPrincipal(roleTemplate(`${ANYONE}\n  Condition:\n    Bool:\n      aws:SecureTransport: "true"`));
    expect(merged?.fix?.description).toBe(`Merge this into the Condition of the statement that lets in any principal, ${OWN_ACCOUNT}`);
    expect(await trustFindings(roleTemplate(`${ANYONE}\n  Condition:\n    Bool:\n      aws:SecureTransport: "true"\n${indented(PIN.split('\n').slice(1).join('\n'), '  ')}`))).toEqual([]);
    const [replaced] = await anyPrincipal(roleTemplate(`${ANYONE}\n  Condition:\n    StringNotEquals:\n      aws:PrincipalAccount: !Ref AWS::AccountId`));
    expect(replaced?.fix).toEqual({ description: `Replace the aws:PrincipalAccount conditions of the statement that lets in any principal, ${OWN_ACCOUNT}`, snippet: PIN });
  });

  it('moves {"AWS": "*"} into a statement of its own when the statement trusts others, which the condition would refuse', async () => {
    const shared = (aws: string) => `- Effect: Allow\n  Principal:\n    AWS: [${aws}]\n    Service: ec2.amazonaws.com\n  Action: sts:AssumeRole`;
    const [finding] = await anyPrincipal(roleTemplate(shared('"*", "arn:aws:iam::210987654321:root"')));
    expect(finding?.fix?.description).toBe(
      `Move {"AWS": "*"} out of the statement into one of its own, ${OWN_ACCOUNT}: the statement also trusts arn:aws:iam::210987654321:root, ec2.amazonaws.com, which this condition would refuse`,
    );
    expect(finding?.fix?.snippet).toBe(`- Effect: Allow\n  Principal:\n    AWS: "*"\n  Action: sts:AssumeRole\n${indented(PIN, '  ')}`);
    expect(await anyPrincipal(roleTemplate(`${shared('"arn:aws:iam::210987654321:root"')}\n${finding!.fix!.snippet}`))).toEqual([]);
  });

  it("keeps the statement's actions and conditions in the statement {\"AWS\": \"*\"} moves into (helper-164)", async () => {
    const shared = (aws: string) => `- Effect: Allow\n  Principal:\n    AWS: ${aws}\n    Service: ec2.amazonaws.com\n  Action: [sts:AssumeRole, sts:TagSession]\n  Condition:\n    StringEquals:\n      aws:PrincipalTag/team: ml`;
    const [finding] = await anyPrincipal(roleTemplate(shared('"*"')));
    expect(finding?.fix?.snippet).toBe(`- Effect: Allow\n  Principal:\n    AWS: "*"\n  Action: [sts:AssumeRole, sts:TagSession]\n  Condition:\n    StringEquals:\n      aws:PrincipalTag/team: ml\n      aws:PrincipalAccount: !Ref AWS::AccountId`);
    expect(await anyPrincipal(roleTemplate(`${shared('[]')}\n${finding!.fix!.snippet}`))).toEqual([]);
    // A value not known cannot be written out: the fix says to copy what it leaves.
    const unknown = await anyPrincipal(roleTemplate(`${shared('"*"')}\n      aws:PrincipalTag/project: !ImportValue project`));
    expect(unknown[0]?.fix?.description).toMatch(/which this condition would refuse; give it the statement's actions and other conditions too$/);
  });

  it('writes the condition in JSON', async () => {
    const template = JSON.stringify({ Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }] } } } } }, null, 2);
    const [finding] = await anyPrincipal(template, 'template.json');
    expect(finding?.fix?.snippet).toBe('"Condition": {\n  "StringEquals": {\n    "aws:PrincipalAccount": {\n      "Ref": "AWS::AccountId"\n    }\n  }\n}');
    expect(await anyPrincipal(template.replace('"Action": "sts:AssumeRole"', `"Action": "sts:AssumeRole",\n${finding!.fix!.snippet}`), 'template.json')).toEqual([]);
  });

  it('gives none for a role SageMaker resources use: the condition would refuse SageMaker too', async () => {
    const [finding] = await anyPrincipal(roleTemplate(ANYONE, USED_BY_MODEL));
    expect(finding).toBeDefined();
    expect(finding?.fix).toBeUndefined();
  });
});

describe('a trust finding that blames one value of a list points at that value', () => {
  // The plan writes the policy as one JSON string: the value's own line is the string's, its column the value's.
  it.each([
    ['trust-source-condition-ineffective', 'wildcard-in-list.plan.json'],
    ['trust-cross-account-without-external-id', 'external-id-wildcard-in-list.plan.json'],
  ])('%s, inside the policy text of a plan', async (ruleId, fixture) => {
    const file = join(import.meta.dirname, '..', 'fixtures', ruleId, fixture);
    const [finding, ...others] = (await scan([file])).findings.filter((item) => item.ruleId === ruleId);
    expect(others).toEqual([]);
    const line = readFileSync(file, 'utf8').split('\n')[finding!.location.startLine - 1]!;
    expect(line.slice(finding!.location.startColumn - 1)).toMatch(/^\\"\*\\"\\n/);
  });
});

describe('fixes of a statement that one Fn::ForEach fragment writes for several roles', () => {
  it('let in the uses of every role the fragment makes, so that the fix written once leaves each assumable', async () => {
    const template = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::LanguageExtensions
Resources:
  Fn::ForEach::Teams:
    - Team
    - [alpha, beta]
    - \${Team}Role:
        Type: AWS::IAM::Role
        Properties:
          AssumeRolePolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Principal: {Service: sagemaker.amazonaws.com}
                Action: sts:AssumeRole
      \${Team}Pipe:
        Type: AWS::SageMaker::Pipeline
        Properties:
          PipelineName: !Ref Team
          RoleArn: !GetAtt [!Sub "\${Team}Role", Arn]
          PipelineDefinition:
            PipelineDefinitionBody: '{"Version":"2020-12-01","Steps":[]}'
`;
    const fixes = (await scanText(template)).findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition').map((finding) => finding.fix);
    expect(fixes).toHaveLength(2);
    expect(fixes[1]).toEqual(fixes[0]);
    expect(fixes[0]?.description).toContain('(covers alphaPipe, betaPipe)');
    const indented = fixes[0]!.snippet.split('\n').map((line) => `                ${line}`).join('\n');
    const fixed = await scanText(template.replace('                Action: sts:AssumeRole\n', `                Action: sts:AssumeRole\n${indented}\n`));
    expect(fixed.errors).toEqual([]);
    expect(fixed.findings.filter((finding) => finding.ruleId.startsWith('trust-'))).toEqual([]);
  });
});

describe('a statement of its own beside a Statement written as one object', () => {
  it('says to make Statement a list first, where the snippet is a list item', async () => {
    const statement = 'Effect: Allow\nPrincipal: {Service: [ec2.amazonaws.com, sagemaker.amazonaws.com]}\nAction: sts:AssumeRole';
    const finding = (await scanText(roleTemplate(statement))).findings.find((item) => item.ruleId === 'trust-service-without-source-condition');
    expect(finding?.fix?.snippet.startsWith('- Effect: Allow')).toBe(true);
    expect(finding?.fix?.description).toContain('; Statement holds one object here, not a list: make it a list of that statement and this one');
    const listed = (await scanText(roleTemplate(`- ${statement.replaceAll('\n', '\n  ')}`))).findings.find((item) => item.ruleId === 'trust-service-without-source-condition');
    expect(listed?.fix).toBeDefined();
    expect(listed?.fix?.description).not.toContain('Statement holds one object');
  });
});

describe('fixes that differ at one place a loop writes for several roles', () => {
  it('say that the place is written once for each role, whose fixes differ', async () => {
    const template = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::LanguageExtensions
Resources:
  Fn::ForEach::Partners:
    - Acct
    - ["210987654321", "310987654321"]
    - Role&{Acct}:
        Type: AWS::IAM::Role
        Properties:
          AssumeRolePolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Principal:
                  AWS: !Sub "arn:aws:iam::\${Acct}:root"
                Action: sts:AssumeRole
`;
    const fixes = (await scanText(template)).findings.filter((finding) => finding.ruleId === 'trust-cross-account-without-external-id').map((finding) => finding.fix?.description);
    expect(fixes).toHaveLength(2);
    for (const description of fixes) {
      expect(description).toContain('; this place is written once for 2 resources (Role210987654321, Role310987654321), whose fixes differ');
    }
    // One partner alone: nothing else is written there.
    const alone = (await scanText(template.replace('["210987654321", "310987654321"]', '["210987654321"]'))).findings.find((finding) => finding.ruleId === 'trust-cross-account-without-external-id');
    expect(alone?.fix?.description).not.toContain('written once');
  });
});


describe('trust-source-condition-ineffective: the condition reported does not follow the written order', () => {
  const template = (conditions: string) => roleTemplate(`- Effect: Allow\n  Principal:\n    Service: sagemaker.amazonaws.com\n  Action: sts:AssumeRole\n  Condition:\n${conditions}`);
  const arn = '    ArnLike:\n      aws:SourceArn: [arn:aws:sagemaker:us-east-1:*:training-job/*, arn:aws:sagemaker:us-east-1:*:processing-job/*]';
  const arnReordered = '    ArnLike:\n      aws:SourceArn: [arn:aws:sagemaker:us-east-1:*:processing-job/*, arn:aws:sagemaker:us-east-1:*:training-job/*]';
  const account = '    StringNotEquals:\n      aws:SourceAccount: "210987654321"';
  const reported = async (conditions: string) => {
    const { findings } = await scanText(template(conditions));
    const lines = template(conditions).split('\n');
    return findings
      .filter((finding) => finding.ruleId === 'trust-source-condition-ineffective')
      .map(({ fingerprint, location, message }) => ({ fingerprint, key: lines[location.startLine - 1]!.trim().split(':').slice(0, 2).join(':'), message }));
  };

  it('reports aws:SourceArn before aws:SourceAccount, with one fingerprint, whichever is written first and whatever the order of its values', async () => {
    const first = await reported(`${arn}\n${account}`);
    expect(first).toHaveLength(1);
    expect(first[0]!.key).toBe('aws:SourceArn');
    const swapped = await reported(`${account}\n${arn}`);
    const reordered = await reported(`${account}\n${arnReordered}`);
    expect(swapped.map(({ fingerprint, key }) => ({ fingerprint, key }))).toEqual(first.map(({ fingerprint, key }) => ({ fingerprint, key })));
    expect(reordered[0]!.fingerprint).toBe(first[0]!.fingerprint);
    // The message shows the values as written.
    expect(reordered[0]!.message).toContain('processing-job/*, arn:aws:sagemaker:us-east-1:*:training-job/*');
  });
});

describe('trust fixes never write the service a second statement where another already trusts it with source conditions', () => {
  const PINNED = `- Effect: Allow\n  Principal:\n    Service: sagemaker.amazonaws.com\n  Action: sts:AssumeRole\n  Condition:\n    StringEquals:\n      aws:SourceAccount: !Ref AWS::AccountId\n    ArnLike:\n      aws:SourceArn: !Sub arn:\${AWS::Partition}:sagemaker:\${AWS::Region}:\${AWS::AccountId}:*`;
  const SHARED = `- Effect: Allow\n  Principal:\n    Service: sagemaker.amazonaws.com\n    AWS: arn:aws:iam::210987654321:root\n  Action: sts:AssumeRole`;
  const sourceFinding = async (template: string, name = 'template.yaml') => (await scanText(template, name)).findings.find((item) => item.ruleId === 'trust-service-without-source-condition');

  it('takes the service out of the statement it shares (YAML); the policy left lets SageMaker in and pins its source', async () => {
    const finding = await sourceFinding(roleTemplate(`${SHARED}\n${PINNED}`, USED_BY_MODEL));
    expect(finding?.location.startLine).toBe(11);
    expect(finding?.fix?.description).toMatch(/^Remove sagemaker\.amazonaws\.com from the principals of the statement, which also trusts arn:aws:iam::210987654321:root: the statement at \S+template\.yaml:14:\d+ already trusts it with source conditions \(covers Model\), for each action this one gives it$/);
    expect(finding?.fix?.snippet).toBe('sagemaker.amazonaws.com');
    // Applied: the principal's line goes, nothing else; no trust rule but the partner's external id reports.
    const fixed = await scanText(roleTemplate(`${SHARED.replace('    Service: sagemaker.amazonaws.com\n', '')}\n${PINNED}`, USED_BY_MODEL));
    expect(fixed.findings.map((item) => item.ruleId).filter((id) => id.startsWith('trust-'))).toEqual(['trust-cross-account-without-external-id']);
  });

  it('takes out the statement that trusts the service alone (YAML), where the fix added the same conditions to it', async () => {
    const finding = await sourceFinding(roleTemplate(`${SAGEMAKER}\n${PINNED}`));
    expect(finding?.fix?.description).toMatch(/^Remove the statement that trusts sagemaker\.amazonaws\.com: the statement at \S+template\.yaml:13:\d+ already trusts it with source conditions, for each action this one gives it$/);
    expect(finding?.fix?.snippet).toBe('sagemaker.amazonaws.com');
  });

  it('writes the same in CloudFormation JSON, the principal as a JSON string', async () => {
    const statement = (principal: object, condition?: object) => ({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) });
    const pinned = statement({ Service: 'sagemaker.amazonaws.com' }, { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }, ArnLike: { 'aws:SourceArn': { 'Fn::Sub': 'arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:*' } } });
    const template = (first: object) => JSON.stringify({ Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [first, pinned] } } } } }, null, 2);
    const shared = await sourceFinding(template(statement({ Service: 'sagemaker.amazonaws.com', AWS: 'arn:aws:iam::210987654321:root' })), 'template.json');
    expect(shared?.fix?.description).toMatch(/^Remove sagemaker\.amazonaws\.com from the principals of the statement, which also trusts arn:aws:iam::210987654321:root: the statement at \S+template\.json:\d+:\d+ already trusts it with source conditions/);
    expect(shared?.fix?.snippet).toBe('"sagemaker.amazonaws.com"');
    const alone = await sourceFinding(template(statement({ Service: 'sagemaker.amazonaws.com' })), 'template.json');
    expect(alone?.fix?.description).toMatch(/^Remove the statement that trusts sagemaker\.amazonaws\.com: /);
  });

  it.each([
    ['the statement gives an action the other does not (sts:TagSession)', SHARED.replace('Action: sts:AssumeRole', 'Action: [sts:AssumeRole, sts:TagSession]')],
    ['the other statement pins the source to nothing the owner presents', SHARED],
  ])('still moves the service into a statement of its own where %s', async (label, shared) => {
    const other = label.includes('nothing') ? PINNED.replace('aws:SourceAccount: !Ref AWS::AccountId', 'aws:SourceAccount: "*"') : PINNED;
    const finding = await sourceFinding(roleTemplate(`${shared}\n${other}`));
    expect(finding?.fix?.description).toMatch(/^Move sagemaker\.amazonaws\.com out of the statement into one of its own/);
  });

  it('writes no removal where the other statement lets the service in unpinned too: each finding keeps its conditions to add', async () => {
    const findings = (await scanText(roleTemplate(`${SHARED}\n${SAGEMAKER}`))).findings.filter((item) => item.ruleId === 'trust-service-without-source-condition');
    expect(findings.map((item) => item.fix?.description.split(' ')[0])).toEqual(['Move', 'Add']);
  });
});

describe('trust-any-principal fixes never write a second statement pinning the caller to this account where one is written', () => {
  const OWN = `- Effect: Allow\n  Principal:\n    AWS: "*"\n  Action: sts:AssumeRole\n  Condition:\n    StringEquals:\n      aws:PrincipalAccount: !Ref AWS::AccountId`;
  const anyFinding = async (template: string, name = 'template.yaml') => (await scanText(template, name)).findings.find((item) => item.ruleId === 'trust-any-principal');

  it('takes {"AWS": "*"} out of the statement it shares (YAML), and the policy left is silent but for the partner', async () => {
    const shared = `- Effect: Allow\n  Principal:\n    AWS: ["*", "arn:aws:iam::210987654321:root"]\n  Action: sts:AssumeRole`;
    const finding = await anyFinding(roleTemplate(`${shared}\n${OWN}`));
    expect(finding?.fix?.description).toMatch(/^Remove \{"AWS": "\*"\} from the principals of the statement, which also trusts arn:aws:iam::210987654321:root: the statement at \S+template\.yaml:13:\d+ already lets in the principals of this account alone, for each action this one gives it$/);
    expect(finding?.fix?.snippet).toBe('"*"');
    const fixed = await scanText(roleTemplate(`${shared.replace('["*", "arn:aws:iam::210987654321:root"]', '"arn:aws:iam::210987654321:root"')}\n${OWN}`));
    expect(fixed.findings.map((item) => item.ruleId).filter((id) => id.startsWith('trust-'))).toEqual(['trust-cross-account-without-external-id']);
  });

  it('takes out a statement of Principal "*" (YAML) and of {"AWS": "*"} (JSON) that trusts nothing else', async () => {
    const star = await anyFinding(roleTemplate(`- Effect: Allow\n  Principal: "*"\n  Action: sts:AssumeRole\n${OWN}`));
    expect(star?.fix?.description).toMatch(/^Remove the statement that trusts \{"AWS": "\*"\}: the statement at \S+template\.yaml:12:\d+ already lets in the principals of this account alone/);
    const own = { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalAccount': { Ref: 'AWS::AccountId' } } } };
    const open = { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' };
    const json = (statements: object[]) => JSON.stringify({ Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: statements } } } } }, null, 2);
    const finding = await anyFinding(json([open, own]), 'template.json');
    expect(finding?.fix?.description).toMatch(/^Remove the statement that trusts \{"AWS": "\*"\}: the statement at \S+template\.json:\d+:\d+ already lets in the principals of this account alone/);
    expect(finding?.fix?.snippet).toBe('"*"');
    expect(await anyFinding(json([own]), 'template.json')).toBeUndefined();
  });

  it.each([
    ['asks for MFA, which the wildcard does not', `${OWN}\n    Bool:\n      aws:MultiFactorAuthPresent: "true"`],
    ['gives sts:AssumeRole alone, where the wildcard gives sts:TagSession too', OWN],
    ['pins the caller to another account', OWN.replace('!Ref AWS::AccountId', '"210987654321"')],
  ])('still writes the condition where the other statement %s', async (label, other) => {
    const open = `- Effect: Allow\n  Principal:\n    AWS: "*"\n  Action: ${label.includes('TagSession') ? '[sts:AssumeRole, sts:TagSession]' : 'sts:AssumeRole'}`;
    const finding = await anyFinding(roleTemplate(`${open}\n${other}`));
    expect(finding?.fix?.description).toMatch(/^Add this Condition to the statement that lets in any principal/);
  });
});

describe('trust-cross-account-without-external-id fixes never trust a partner a second time where a statement gives it an external id', () => {
  const PARTNER = 'arn:aws:iam::210987654321:root';
  const WITH_ID = (id: string) => `- Effect: Allow\n  Principal:\n    AWS: ${PARTNER}\n  Action: sts:AssumeRole\n  Condition:\n    StringEquals:\n      sts:ExternalId: ${id}`;
  const SHARED = `- Effect: Allow\n  Principal:\n    AWS: ${PARTNER}\n    Service: ec2.amazonaws.com\n  Action: sts:AssumeRole`;
  const partnerFinding = async (template: string, name = 'template.yaml') => (await scanText(template, name)).findings.find((item) => item.ruleId === 'trust-cross-account-without-external-id');
  const PARAMETER = 'Parameters:\n  PartnerId:\n    Type: String\n    NoEcho: true\n';

  it.each([
    ['written out', 'partner-7', ''],
    ['a NoEcho parameter without a default, which the partner sends whatever it is', '!Ref PartnerId', PARAMETER],
  ])('takes the partner out of the statement it shares (YAML) where the other gives it an external id %s; the policy left is silent', async (_label, id, parameters) => {
    const template = (statements: string) => roleTemplate(statements).replace('Resources:\n', `${parameters}Resources:\n`);
    const finding = await partnerFinding(template(`${SHARED}\n${WITH_ID(id)}`));
    expect(finding?.fix?.description).toMatch(/^Remove arn:aws:iam::210987654321:root from the principals of the statement, which also trusts ec2\.amazonaws\.com: the statement at \S+template\.yaml:\d+:\d+ already trusts it with an external id, for each action this one gives it$/);
    expect(finding?.fix?.snippet).toBe(PARTNER);
    const fixed = await scanText(template(`${SHARED.replace(`    AWS: ${PARTNER}\n`, '')}\n${WITH_ID(id)}`));
    expect(fixed.findings.filter((item) => item.ruleId.startsWith('trust-'))).toEqual([]);
  });

  it('takes out the statement that trusts the partner alone (YAML), and writes the same in CloudFormation JSON', async () => {
    const alone = await partnerFinding(roleTemplate(`- Effect: Allow\n  Principal:\n    AWS: ${PARTNER}\n  Action: sts:AssumeRole\n${WITH_ID('partner-7')}`));
    expect(alone?.fix?.description).toMatch(/^Remove the statement that trusts arn:aws:iam::210987654321:root: the statement at \S+template\.yaml:13:\d+ already trusts it with an external id/);
    const statement = (principal: object, condition?: object) => ({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) });
    const json = JSON.stringify({ Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [statement({ AWS: PARTNER, Service: 'ec2.amazonaws.com' }), statement({ AWS: PARTNER }, { StringEquals: { 'sts:ExternalId': 'partner-7' } })] } } } } }, null, 2);
    const shared = await partnerFinding(json, 'template.json');
    expect(shared?.fix?.description).toMatch(/^Remove arn:aws:iam::210987654321:root from the principals of the statement, which also trusts ec2\.amazonaws\.com: the statement at \S+template\.json:\d+:\d+ already trusts it with an external id/);
    expect(shared?.fix?.snippet).toBe(`"${PARTNER}"`);
  });

  it.each([
    ['gives sts:TagSession too, which the other does not', SHARED.replace('Action: sts:AssumeRole', 'Action: [sts:AssumeRole, sts:TagSession]'), WITH_ID('partner-7')],
    ['is guarded by MFA alone elsewhere, no external id', SHARED, WITH_ID('partner-7').replace('StringEquals:\n      sts:ExternalId: partner-7', 'Bool:\n      aws:MultiFactorAuthPresent: "true"')],
    ['has an external id only for another account', SHARED, WITH_ID('partner-7').replace('210987654321', '310987654321')],
  ])('still trusts the partner in a statement of its own with an external id where the shared statement %s', async (_label, shared, other) => {
    const finding = await partnerFinding(roleTemplate(`${shared}\n${other}`));
    expect(finding?.fix?.description).toMatch(/^Trust arn:aws:iam::210987654321:root in a statement of its own/);
  });

  it.each([
    ['without a default', PARAMETER],
    ['with a default', 'Parameters:\n  PartnerId:\n    Type: String\n    Default: partner-7\n'],
  ])('reads the parameter %s that the other statement reads the external id from, rather than naming one of its own; the policy fixed so is silent (YAML)', async (_label, parameters) => {
    const template = (statements: string) => roleTemplate(statements).replace('Resources:\n', `${parameters}Resources:\n`);
    const more = `- Effect: Allow\n  Principal:\n    AWS: ${PARTNER}\n  Action: [sts:AssumeRole, sts:TagSession]`;
    const finding = await partnerFinding(template(`${more}\n${WITH_ID('!Ref PartnerId')}`));
    expect(finding?.fix).toEqual({
      description: 'Add this Condition to the statement that trusts arn:aws:iam::210987654321:root, reading the external id parameter PartnerId holds, as another statement of the policy does',
      snippet: 'Condition:\n  StringEquals:\n    sts:ExternalId: !Ref PartnerId',
    });
    const fixed = await scanText(template(`${more}\n  Condition:\n    StringEquals:\n      sts:ExternalId: !Ref PartnerId\n${WITH_ID('!Ref PartnerId')}`));
    expect(fixed.findings.filter((item) => item.ruleId.startsWith('trust-'))).toEqual([]);
    // The shared statement: the partner's own statement reads it too.
    const shared = await partnerFinding(template(`${SHARED.replace('Action: sts:AssumeRole', 'Action: [sts:AssumeRole, sts:TagSession]')}\n${WITH_ID('!Ref PartnerId')}`));
    expect(shared?.fix?.description).toBe('Trust arn:aws:iam::210987654321:root in a statement of its own (each partner issues its own external id) with this Condition, reading the external id parameter PartnerId holds, as another statement of the policy does');
  });

  it('reads the parameter in CloudFormation JSON, and names one of its own where the other statement writes the id out', async () => {
    const statement = (principal: object, actions: string[], condition?: object) => ({ Effect: 'Allow', Principal: principal, Action: actions, ...(condition ? { Condition: condition } : {}) });
    const json = (id: unknown) =>
      JSON.stringify({ Parameters: { PartnerId: { Type: 'String', NoEcho: true } }, Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [statement({ AWS: PARTNER }, ['sts:AssumeRole', 'sts:TagSession']), statement({ AWS: PARTNER }, ['sts:AssumeRole'], { StringEquals: { 'sts:ExternalId': id } })] } } } } }, null, 2);
    const finding = await partnerFinding(json({ Ref: 'PartnerId' }), 'template.json');
    expect(finding?.fix?.description).toBe('Add this Condition to the statement that trusts arn:aws:iam::210987654321:root, reading the external id parameter PartnerId holds, as another statement of the policy does');
    expect(JSON.parse(`{${finding!.fix!.snippet}}`)).toEqual({ Condition: { StringEquals: { 'sts:ExternalId': { Ref: 'PartnerId' } } } });
    const written = await partnerFinding(json('partner-7'), 'template.json');
    expect(written?.fix?.description).toMatch(/, and a parameter PartnerExternalId210987654321 \(Type: String, NoEcho: true\) holding the external id the partner issued for this account$/);
  });
});

describe('trust fixes that take a principal out of a statement a CloudFormation Fn::ForEach writes for several roles', () => {
  /** Two roles of one loop; the second statement trusts the service of the team's entry, pinned to the stack's account. */
  const loop = (alpha: string, beta: string) => ({
    Transform: 'AWS::LanguageExtensions',
    Mappings: { Pinned: { alpha: { Service: alpha }, beta: { Service: beta } } },
    Resources: {
      'Fn::ForEach::Roles': [
        'Team',
        ['alpha', 'beta'],
        {
          '${Team}Role': {
            Type: 'AWS::IAM::Role',
            Properties: {
              AssumeRolePolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  { Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com', AWS: 'arn:aws:iam::210987654321:root' }, Action: 'sts:AssumeRole' },
                  { Effect: 'Allow', Principal: { Service: { 'Fn::FindInMap': ['Pinned', { Ref: 'Team' }, 'Service'] } }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } },
                ],
              },
            },
          },
        },
      ],
    },
  });
  const asYaml = (template: object) => stringifyYaml(template);
  const sourceFixes = async (text: string, name: string) => (await scanText(text, name)).findings.filter((item) => item.ruleId === 'trust-service-without-source-condition').map((item) => item.fix?.description);

  it.each([
    ['YAML', 'template.yaml', asYaml],
    ['JSON', 'template.json', (template: object) => JSON.stringify(template, null, 2)],
  ])('%s: takes the service out where each role of the loop has the pinned statement, the fixed loop is silent, and moves it where one lacks it', async (_label, name, write) => {
    const fixes = await sourceFixes(write(loop('sagemaker.amazonaws.com', 'sagemaker.amazonaws.com')), name);
    expect(fixes).toHaveLength(2);
    for (const fix of fixes) {
      expect(fix).toMatch(/^Remove sagemaker\.amazonaws\.com from the principals of the statement, which also trusts arn:aws:iam::210987654321:root: the statement at \S+template\.(yaml|json):\d+:\d+ already trusts it with source conditions, for each action this one gives it; this statement is written once for 2 roles, and another of each one's statements does so for it too$/);
    }
    const fixed = loop('sagemaker.amazonaws.com', 'sagemaker.amazonaws.com');
    delete (fixed.Resources['Fn::ForEach::Roles'][2] as { '${Team}Role': { Properties: { AssumeRolePolicyDocument: { Statement: Array<{ Principal: { Service?: unknown } }> } } } })['${Team}Role'].Properties.AssumeRolePolicyDocument.Statement[0]!.Principal.Service;
    expect(await sourceFixes(write(fixed), name)).toEqual([]);
    // beta's second statement trusts Lambda: taken out of the loop's statement, SageMaker would lose betaRole.
    expect((await sourceFixes(write(loop('sagemaker.amazonaws.com', 'lambda.amazonaws.com')), name)).map((fix) => fix?.split(':')[0])).toEqual(['Move sagemaker.amazonaws.com out of the statement into one of its own', 'Move sagemaker.amazonaws.com out of the statement into one of its own']);
  });
});

describe("trust-sagemaker-role-unassumable names the condition on the role's own keys that refuses SageMaker", () => {
  const ALLOWED_MESSAGE = (user: string, type: string, role: string, conditions: string): string =>
    `${user} (${type}) uses role ${role} (Inference), but its trust policy lets SageMaker assume it only under ${conditions}, which the role itself fails: the condition reads the role's own tags or account, not what SageMaker presents`;
  const TAG = 'StringEquals aws:ResourceTag/team ml';
  const tagged = (statements: string, team: string): string =>
    roleTemplate(statements, USED_BY_MODEL).replace('      AssumeRolePolicyDocument:', `      Tags:\n        - Key: team\n          Value: ${team}\n      AssumeRolePolicyDocument:`);
  const unassumable = async (text: string) => (await scanText(text)).findings.filter((item) => item.ruleId === 'trust-sagemaker-role-unassumable');
  const allowTeam = (source: string): string => `${SAGEMAKER}\n  Condition:\n    StringEquals:\n      aws:ResourceTag/team: ml\n      ${source}`;

  it('in CloudFormation: an Allow pinned to a tag the role has another value of, with no fix (merging source conditions leaves it refused)', async () => {
    const pinned = allowTeam('aws:SourceAccount: !Ref AWS::AccountId');
    const [finding, ...others] = await unassumable(tagged(pinned, 'other'));
    expect(others).toEqual([]);
    expect(finding?.message).toBe(ALLOWED_MESSAGE('Model', 'AWS::SageMaker::Model', 'Role', TAG));
    expect(finding?.fix).toBeUndefined();
    const tagLine = tagged(pinned, 'other').split('\n').findIndex((line) => line.includes('aws:ResourceTag/team')) + 1;
    expect(finding?.related.map((related) => [related.message, related.location.startLine])).toEqual([['condition of the trust policy of Role that the role fails', tagLine]]);
    // Tagged as the condition asks, the role is SageMaker's.
    expect(await unassumable(tagged(pinned, 'ml'))).toEqual([]);
    // A wrong source ARN beside the tag: the tag still refuses, so no source condition to merge is offered.
    const [both] = await unassumable(tagged(`${SAGEMAKER}\n  Condition:\n    StringEquals:\n      aws:ResourceTag/team: ml\n    ArnEquals:\n      aws:SourceArn: !Sub arn:\${AWS::Partition}:sagemaker:\${AWS::Region}:\${AWS::AccountId}:endpoint/churn`, 'other'));
    expect([both?.message, both?.fix]).toEqual([ALLOWED_MESSAGE('Model', 'AWS::SageMaker::Model', 'Role', TAG), undefined]);
    // Tagged right, the source ARN alone refuses: the source conditions to write, as before.
    const [source] = await unassumable(tagged(`${SAGEMAKER}\n  Condition:\n    StringEquals:\n      aws:ResourceTag/team: ml\n    ArnEquals:\n      aws:SourceArn: !Sub arn:\${AWS::Partition}:sagemaker:\${AWS::Region}:\${AWS::AccountId}:endpoint/churn`, 'ml'));
    expect(source?.message).toContain('but its trust policy refuses the request SageMaker makes for it, with aws:SourceArn');
    expect(source?.fix?.description).toBe('Replace the source conditions of the statement that trusts sagemaker.amazonaws.com (covers Model)');
  });

  // aws:ResourceTag/team and iam:ResourceTag/team name one tag of the role. Where the input does not tell it, conditions
  // on it that no value meets together (StringEquals a under one name and b under the other, or StringLike b on the same
  // key) refuse SageMaker whatever the role is tagged: named with no fix, as a tag the role fails is; ones some value
  // meets (a and a; StringLike a* and *b) are not. trust-service-without-source-condition, whose fixtures hold the same
  // roles, is silent on the first (no account's request gets in) and reports the others.
  it.each([
    ['role-tag-names.yaml', 'MixedNotebook', 'AWS::SageMaker::NotebookInstance', 'MixedRole', 'SameKeyNotebook', 'SameKeyRole'],
    ['role-tag-names.json', 'MixedNotebook', 'AWS::SageMaker::NotebookInstance', 'MixedRole', 'SameKeyNotebook', 'SameKeyRole'],
    ['tf-role-tag-names', 'aws_sagemaker_notebook_instance.mixed', 'aws_sagemaker_notebook_instance', 'aws_iam_role.mixed', 'aws_sagemaker_notebook_instance.same_key', 'aws_iam_role.same_key'],
    ['role-tag-names.plan.json', 'aws_sagemaker_notebook_instance.mixed', 'aws_sagemaker_notebook_instance', 'aws_iam_role.mixed', 'aws_sagemaker_notebook_instance.same_key', 'aws_iam_role.same_key'],
  ])('names conditions on a tag of the role not known that no value meets, under either name (%s)', async (name, mixedUser, type, mixedRole, sameUser, sameRole) => {
    const result = await scan([join(import.meta.dirname, '..', 'fixtures', 'trust-sagemaker-role-unassumable', name)]);
    const findings = result.findings.filter((item) => item.ruleId === 'trust-sagemaker-role-unassumable');
    const message = (user: string, role: string, conditions: string) => ALLOWED_MESSAGE(user, type, role, conditions).replace('(Inference)', '(NotebookInstance)');
    expect(findings.map((item) => item.message)).toEqual([
      message(mixedUser, mixedRole, 'StringEquals aws:ResourceTag/team a and StringEquals iam:ResourceTag/team b'),
      message(sameUser, sameRole, 'StringEquals aws:ResourceTag/team a and StringLike aws:ResourceTag/team b'),
    ]);
    expect(findings.map((item) => item.fix)).toEqual([undefined, undefined]);
  });

  // An Allow that pins the tag (StringEquals aws:ResourceTag/team a) beside a Deny that refuses each value it pins
  // (StringNotEquals b, under iam:ResourceTag or the same key) refuses SageMaker whatever the role is tagged: both are
  // named, with no fix; a Deny of StringNotEquals a, or one also on the organization deputy does not know, does not.
  it.each([
    ['role-tag-deny.yaml', 'DenyOtherNotebook', 'AWS::SageMaker::NotebookInstance', 'DenyOtherRole', 'DenySameKeyNotebook', 'DenySameKeyRole'],
    ['role-tag-deny.json', 'DenyOtherNotebook', 'AWS::SageMaker::NotebookInstance', 'DenyOtherRole', 'DenySameKeyNotebook', 'DenySameKeyRole'],
    ['tf-role-tag-deny', 'aws_sagemaker_notebook_instance.deny_other', 'aws_sagemaker_notebook_instance', 'aws_iam_role.deny_other', 'aws_sagemaker_notebook_instance.deny_same_key', 'aws_iam_role.deny_same_key'],
    ['role-tag-deny.plan.json', 'aws_sagemaker_notebook_instance.deny_other', 'aws_sagemaker_notebook_instance', 'aws_iam_role.deny_other', 'aws_sagemaker_notebook_instance.deny_same_key', 'aws_iam_role.deny_same_key'],
  ])('names an Allow pinning a tag of the role not known and a Deny refusing each value it pins (%s)', async (name, otherUser, type, otherRole, sameUser, sameRole) => {
    const result = await scan([join(import.meta.dirname, '..', 'fixtures', 'trust-sagemaker-role-unassumable', name)]);
    const findings = result.findings.filter((item) => item.ruleId === 'trust-sagemaker-role-unassumable');
    const message = (user: string, role: string, deny: string) =>
      `${user} (${type}) uses role ${role} (NotebookInstance), but its trust policy refuses SageMaker whatever the role is tagged, under StringEquals aws:ResourceTag/team a and StringNotEquals ${deny} b: every value of the role's tag the Allow admits SageMaker at, the Deny refuses it at; the conditions read the role's own tags, not what SageMaker presents`;
    expect(findings.map((item) => item.message)).toEqual([message(otherUser, otherRole, 'iam:ResourceTag/team'), message(sameUser, sameRole, 'aws:ResourceTag/team')]);
    expect(findings.map((item) => item.fix)).toEqual([undefined, undefined]);
    expect(findings[0]!.related.map((related) => related.message)).toEqual([
      `condition of the trust policy of ${otherRole} that the role fails where the Deny does not refuse it`,
      `condition of a Deny of the trust policy of ${otherRole} that refuses SageMaker at the tag the Allow admits`,
    ]);
  });

  it('in CloudFormation: a Deny under a tag the role carries is named, and its fix still exempts the source ARN', async () => {
    const denied = `${SAGEMAKER}\n- Effect: Deny\n  Principal: "*"\n  Action: sts:AssumeRole\n  Condition:\n    StringEquals:\n      aws:ResourceTag/team: ml`;
    const [finding] = await unassumable(tagged(denied, 'ml'));
    expect(finding?.message).toBe(
      'Model (AWS::SageMaker::Model) uses role Role (Inference), but a Deny of its trust policy under StringEquals aws:ResourceTag/team ml, which the role itself meets, refuses the request SageMaker makes for it, with aws:SourceArn arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:*',
    );
    expect(finding?.fix).toEqual({
      description: 'Merge this into the Condition of the Deny statement that refuses sagemaker.amazonaws.com (covers Model), so that its request passes, or remove the statement; StringNotEquals exempts the source ARN with its literal * alone, where ArnNotLike would read the * as a wildcard and exempt every source ARN of this account',
      snippet: 'Condition:\n  StringNotEquals:\n    aws:SourceArn: !Sub arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:*',
    });
  });

  it('in Terraform: an Allow pinned to a tag or to another account than the role\'s, with no fix; a Deny under the tag keeps its fix', async () => {
    const role = (name: string, team: string, statements: string): string => `resource "aws_iam_role" "${name}" {
  name = "${name}"
  tags = { team = "${team}" }
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [${statements}]
  })
}

resource "aws_sagemaker_model" "${name}" {
  name               = "${name}"
  execution_role_arn = aws_iam_role.${name}.arn
  primary_container {
    image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:latest"
  }
}
`;
    const allow = (condition: string): string => `{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole"${condition} }`;
    const main = `provider "aws" {
  region = "us-east-1"
}

data "aws_caller_identity" "current" {}

${role('team', 'other', allow(', Condition = { StringEquals = { "aws:ResourceTag/team" = "ml", "aws:SourceAccount" = data.aws_caller_identity.current.account_id } }'))}
${role('account', 'ml', allow(', Condition = { StringNotEquals = { "aws:ResourceAccount" = data.aws_caller_identity.current.account_id } }'))}
${role('denied', 'ml', `${allow('')}, { Effect = "Deny", Principal = "*", Action = "sts:AssumeRole", Condition = { StringEquals = { "aws:ResourceTag/team" = "ml" } } }`)}
${role('fine', 'ml', allow(', Condition = { StringEquals = { "aws:ResourceTag/team" = "ml", "aws:SourceAccount" = data.aws_caller_identity.current.account_id } }'))}`;
    const result = await scanTree({ 'main.tf': main });
    const findings = result.findings.filter((item) => item.ruleId === 'trust-sagemaker-role-unassumable');
    expect(findings.map((item) => [item.message, item.fix?.description])).toEqual([
      [ALLOWED_MESSAGE('aws_sagemaker_model.team', 'aws_sagemaker_model', 'aws_iam_role.team', TAG), undefined],
      [ALLOWED_MESSAGE('aws_sagemaker_model.account', 'aws_sagemaker_model', 'aws_iam_role.account', 'StringNotEquals aws:ResourceAccount ${data.aws_caller_identity.current.account_id}'), undefined],
      [
        'aws_sagemaker_model.denied (aws_sagemaker_model) uses role aws_iam_role.denied (Inference), but a Deny of its trust policy under StringEquals aws:ResourceTag/team ml, which the role itself meets, refuses the request SageMaker makes for it, with aws:SourceArn arn:aws:sagemaker:us-east-1:${data.aws_caller_identity.current.account_id}:*',
        expect.stringMatching(/^Merge this into the Condition of the Deny statement that refuses sagemaker\.amazonaws\.com \(covers aws_sagemaker_model\.denied\), so that its request passes, or remove the statement/),
      ],
    ]);
    // Each points at the line its condition is written on: the statements' line, one each.
    const statementLines = main.split('\n').flatMap((line, index) => (line.includes('Statement = [') ? [index + 1] : []));
    expect(findings.map((item) => item.related.map((related) => related.location.startLine))).toEqual([[statementLines[0]], [statementLines[1]], [statementLines[2]]]);
  });
});

describe('trust fixes for a service whose roles are account-wide by design', () => {
  const statement = (service: string, condition = '') => `- Effect: Allow\n  Principal:\n    Service: ${service}\n  Action: sts:AssumeRole${condition}`;
  const trustFindings = async (template: string, name?: string) => (await scanText(template, name)).findings.filter((item) => item.ruleId.startsWith('trust-') || item.ruleId.startsWith('policy-'));
  const indented = (snippet: string, by: string): string => snippet.split('\n').map((line) => by + line).join('\n');
  const ANY_REGION = "; aws:SourceArn allows any region (*), as an IAM role is global and one region's source ARN would lock out the role's users in the others: ";

  it.each([
    ['elasticmapreduce.amazonaws.com', 'elasticmapreduce', "EMR's service roles are account-wide by design"],
    ['dms.amazonaws.com', 'dms', "DMS's roles are account-wide by design"],
  ])('%s: aws:SourceArn in any region, which the note says why, and the rules are silent on the result (YAML)', async (service, arnService, reason) => {
    const [finding] = await trustFindings(roleTemplate(statement(service)));
    expect(finding?.ruleId).toBe('trust-service-without-source-condition');
    expect(finding?.fix?.snippet).toBe(`Condition:\n  StringEquals:\n    aws:SourceAccount: !Ref AWS::AccountId\n  ArnLike:\n    aws:SourceArn: !Sub arn:\${AWS::Partition}:${arnService}:*:\${AWS::AccountId}:*`);
    expect(finding?.fix?.description).toContain(`${ANY_REGION}${reason} (`);
    expect(await trustFindings(roleTemplate(`${statement(service)}\n${indented(finding!.fix!.snippet, '  ')}`))).toEqual([]);
  });

  it('writes the same in JSON, and for trust-source-condition-ineffective, whose fix replaces the source conditions', async () => {
    const template = (condition?: object) =>
      JSON.stringify({ Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'dms-vpc-role', AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'dms.amazonaws.com' }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }] } } } } }, null, 2);
    const [open] = await trustFindings(template(), 'template.json');
    expect(open?.fix?.snippet).toContain('"Fn::Sub": "arn:${AWS::Partition}:dms:*:${AWS::AccountId}:*"');
    const fixed = template().replace('"Action": "sts:AssumeRole"', `"Action": "sts:AssumeRole",\n${open!.fix!.snippet}`);
    expect(await trustFindings(fixed, 'template.json')).toEqual([]);
    const [ineffective] = await trustFindings(template({ StringLike: { 'aws:SourceAccount': '*' } }), 'template.json');
    expect(ineffective?.ruleId).toBe('trust-source-condition-ineffective');
    expect(ineffective?.fix?.description).toMatch(/^Replace the source conditions of the statement that trusts dms\.amazonaws\.com; aws:SourceArn allows any region \(\*\)/);
    expect(ineffective?.fix?.snippet).toContain('"Fn::Sub": "arn:${AWS::Partition}:dms:*:${AWS::AccountId}:*"');
    const replaced = template().replace('"Action": "sts:AssumeRole"', `"Action": "sts:AssumeRole",\n${ineffective!.fix!.snippet}`);
    expect(await trustFindings(replaced, 'template.json')).toEqual([]);
  });

  it("keeps the stack's region for a service whose roles are regional, and says nothing of regions", async () => {
    const [finding] = await trustFindings(roleTemplate(statement('personalize.amazonaws.com')));
    expect(finding?.fix?.snippet).toContain('aws:SourceArn: !Sub arn:${AWS::Partition}:personalize:${AWS::Region}:${AWS::AccountId}:*');
    expect(finding?.fix?.description).toBe('Add this Condition to the statement that trusts personalize.amazonaws.com');
  });
});
