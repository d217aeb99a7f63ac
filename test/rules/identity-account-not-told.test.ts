import { describe, expect, it } from 'vitest';
import { scanText } from '../helpers.js';
import { scanTree } from '../parsers/terraform/helpers.js';

/**
 * Where the input does not tell the owner's account (a template; a configuration without allowed_account_ids or a
 * caller identity known), an account written out in a Deny may be the owner's or another: a Deny that refuses the
 * principal's requests in some of those accounts only is an open answer, and no finding rests on it; an Allow that
 * holds in some only grants nothing a finding rests on. Where the input tells it (a template's conditions that fix
 * AWS::AccountId, a provider's allowed_account_ids), the Deny is compared with that account.
 */
const WRITTEN = '493827160514';
const OTHER = '308412956170';

/** User Operator (named operator) with a policy of "*" on "*" and the statement; every resource under condition Tied where `tiedTo` says an account. */
function template(statement: string, tiedTo?: string): string {
  const tied = tiedTo === undefined ? '' : '\n    Condition: Tied';
  return `AWSTemplateFormatVersion: "2010-09-09"
${tiedTo === undefined ? '' : `Conditions:\n  Tied: !Equals [!Ref AWS::AccountId, "${tiedTo}"]\n`}Resources:
  Operator:
    Type: AWS::IAM::User${tied}
    Properties:
      UserName: operator
  Access:
    Type: AWS::IAM::ManagedPolicy${tied}
    Properties:
      Users: [!Ref Operator]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: "*"
            Resource: "*"
          - ${statement}
`;
}

/** The rules of these that report the policy. */
async function reported(text: string, rules: readonly string[]): Promise<string[]> {
  const result = await scanText(text);
  expect(result.errors).toEqual([]);
  return [...new Set(result.findings.filter((finding) => rules.includes(finding.ruleId)).map((finding) => finding.ruleId))].sort();
}

const FULL_ADMIN = ['identity-full-admin'];
const PASS_ROLE = ['identity-passrole-unscoped'];

describe('a Deny compared with an account written out, where the owner\'s is not told', () => {
  // [case, statement beside the Allow, rules, reported where not told, where tied to another account, where tied to that one]
  it.each<[string, string, readonly string[], string[], string[], string[]]>([
    ['StringEquals aws:PrincipalAccount', `{Effect: Deny, Action: "*", Resource: "*", Condition: {StringEquals: {aws:PrincipalAccount: "${WRITTEN}"}}}`, FULL_ADMIN, [], FULL_ADMIN, []],
    ['StringNotEquals aws:PrincipalAccount', `{Effect: Deny, Action: "*", Resource: "*", Condition: {StringNotEquals: {aws:PrincipalAccount: "${WRITTEN}"}}}`, FULL_ADMIN, [], [], FULL_ADMIN],
    ['StringLike aws:PrincipalAccount of a pattern', `{Effect: Deny, Action: "*", Resource: "*", Condition: {StringLike: {aws:PrincipalAccount: "49*"}}}`, FULL_ADMIN, [], FULL_ADMIN, []],
    ['ArnLike aws:PrincipalArn', `{Effect: Deny, Action: "*", Resource: "*", Condition: {ArnLike: {aws:PrincipalArn: "arn:*:iam::${WRITTEN}:user/operator"}}}`, FULL_ADMIN, [], FULL_ADMIN, []],
    ['a Resource in that account', `{Effect: Deny, Action: iam:PassRole, Resource: "arn:*:iam::${WRITTEN}:role/*"}`, PASS_ROLE, [], PASS_ROLE, []],
  ])('%s: an open answer where not told, compared with the account where told', async (_, statement, rules, notTold, toldOther, toldWritten) => {
    expect(await reported(template(statement), rules)).toEqual(notTold);
    expect(await reported(template(statement, OTHER), rules)).toEqual(toldOther);
    expect(await reported(template(statement, WRITTEN), rules)).toEqual(toldWritten);
  });

  it('leaves the finding where the Deny refuses in none of the accounts, whatever the owner\'s', async () => {
    // Only requests through an endpoint: in that account too, the Deny leaves every other request.
    const throughEndpoint = `{Effect: Deny, Action: "*", Resource: "*", Condition: {StringEquals: {aws:PrincipalAccount: "${WRITTEN}", aws:SourceVpce: vpce-1a2b3c4d}}}`;
    expect(await reported(template(throughEndpoint), FULL_ADMIN)).toEqual(FULL_ADMIN);
    // The owner's account, whatever it is: refused wherever the stack is.
    expect(await reported(template('{Effect: Deny, Action: "*", Resource: "*", Condition: {StringEquals: {aws:PrincipalAccount: !Ref AWS::AccountId}}}'), FULL_ADMIN)).toEqual([]);
  });

  it('grants nothing a finding rests on by an Allow that holds in some of the accounts only', async () => {
    const allowIn = (condition: string) =>
      template(`{Effect: Deny, Action: sagemaker:DescribeModel, Resource: "*"}`).replace('            Action: "*"\n            Resource: "*"\n', `            Action: "*"\n            Resource: "*"\n            Condition: ${condition}\n`);
    const inWritten = allowIn(`{StringEquals: {aws:PrincipalAccount: "${WRITTEN}"}}`);
    expect(inWritten).toContain(`Condition: {StringEquals: {aws:PrincipalAccount: "${WRITTEN}"}}`);
    expect(await reported(inWritten, FULL_ADMIN)).toEqual([]);
    expect(await reported(allowIn(`{StringEquals: {aws:PrincipalAccount: !Ref AWS::AccountId}}`), FULL_ADMIN)).toEqual(FULL_ADMIN);
  });

  it('compares with the account a provider\'s allowed_account_ids tells, and leaves it open without', async () => {
    const configuration = (allowed: string) => ({
      'main.tf': `provider "aws" {
  region = "us-east-1"${allowed}
}

resource "aws_iam_user" "operator" {
  name = "operator"
}

resource "aws_iam_user_policy" "access" {
  user = aws_iam_user.operator.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "*", Resource = "*" },
      { Effect = "Deny", Action = "*", Resource = "*", Condition = { StringEquals = { "aws:PrincipalAccount" = "${WRITTEN}" } } },
    ]
  })
}
`,
    });
    const admins = async (allowed: string) => {
      const result = await scanTree(configuration(allowed));
      expect(result.errors).toEqual([]);
      return result.findings.filter((finding) => finding.ruleId === 'identity-full-admin').map((finding) => finding.resource.address);
    };
    expect(await admins('')).toEqual([]);
    expect(await admins(`\n  allowed_account_ids = ["${OTHER}"]`)).toEqual(['aws_iam_user_policy.access']);
    expect(await admins(`\n  allowed_account_ids = ["${WRITTEN}"]`)).toEqual([]);
  });
});

describe('sagemaker-execution-role-admin: a Deny compared with an account written out, where the role\'s is not told', () => {
  /** A notebook's execution role allowed "*" on "*" beside a Deny of "*" under the condition; every resource under condition Tied where `tiedTo` says an account. */
  const executionRole = (condition: string, tiedTo?: string) => {
    const tied = tiedTo === undefined ? '' : '\n    Condition: Tied';
    return `AWSTemplateFormatVersion: "2010-09-09"
${tiedTo === undefined ? '' : `Conditions:\n  Tied: !Equals [!Ref AWS::AccountId, "${tiedTo}"]\n`}Resources:
  Role:
    Type: AWS::IAM::Role${tied}
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Principal: {Service: sagemaker.amazonaws.com}, Action: sts:AssumeRole, Condition: {StringEquals: {aws:SourceAccount: !Ref AWS::AccountId}}}
      Policies:
        - PolicyName: admin
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - {Effect: Allow, Action: "*", Resource: "*"}
              - {Effect: Deny, Action: "*", Resource: "*", Condition: ${condition}}
  Notebook:
    Type: AWS::SageMaker::NotebookInstance${tied}
    Properties:
      InstanceType: ml.t3.medium
      RoleArn: !GetAtt Role.Arn
`;
  };
  const ADMIN = ['sagemaker-execution-role-admin'];

  it.each<[string, string, string[], string[], string[]]>([
    ['StringEquals aws:PrincipalAccount', `{StringEquals: {aws:PrincipalAccount: "${WRITTEN}"}}`, [], ADMIN, []],
    ['StringNotEquals aws:PrincipalAccount', `{StringNotEquals: {aws:PrincipalAccount: "${WRITTEN}"}}`, [], [], ADMIN],
    // Only requests through an endpoint: in no account does the Deny refuse every request.
    ['an endpoint beside the account', `{StringEquals: {aws:PrincipalAccount: "${WRITTEN}", aws:SourceVpce: vpce-1a2b3c4d}}`, ADMIN, ADMIN, ADMIN],
  ])('%s: an open answer where not told, compared with the account where told', async (_, condition, notTold, toldOther, toldWritten) => {
    expect(await reported(executionRole(condition), ADMIN)).toEqual(notTold);
    expect(await reported(executionRole(condition, OTHER), ADMIN)).toEqual(toldOther);
    expect(await reported(executionRole(condition, WRITTEN), ADMIN)).toEqual(toldWritten);
  });
});

describe('a Deny compared with an account written out, for a principal deployed beside configurations of other accounts', () => {
  /**
   * User operator in the default configuration, not locked to an account, beside configuration prod, which signs in
   * otherwise (its own profile) and is locked to another account: the user's account is still not told.
   */
  const beside = (condition: string, toldAccount?: string) => ({
    'main.tf': `provider "aws" {
  region = "us-east-1"${toldAccount === undefined ? '' : `\n  allowed_account_ids = ["${toldAccount}"]`}
}

provider "aws" {
  alias               = "prod"
  profile             = "prod"
  region              = "us-east-1"
  allowed_account_ids = ["${OTHER}"]
}

data "aws_caller_identity" "current" {}

resource "aws_iam_user" "operator" {
  name = "operator"
}

resource "aws_iam_user_policy" "access" {
  user = aws_iam_user.operator.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "*", Resource = "*" },
      { Effect = "Deny", Action = "*", Resource = "*", Condition = ${condition} },
    ]
  })
}
`,
  });
  const admins = async (condition: string, toldAccount?: string) => {
    const result = await scanTree(beside(condition, toldAccount));
    expect(result.errors).toEqual([]);
    return result.findings.filter((finding) => finding.ruleId === 'identity-full-admin').map((finding) => finding.resource.address);
  };

  it.each<[string, string, string[]]>([
    ['StringEquals aws:PrincipalAccount', `{ StringEquals = { "aws:PrincipalAccount" = "${WRITTEN}" } }`, []],
    ['StringNotEquals aws:PrincipalAccount', `{ StringNotEquals = { "aws:PrincipalAccount" = "${WRITTEN}" } }`, []],
    // Only requests through an endpoint: in no account does the Deny refuse them all.
    ['an endpoint beside the account', `{ StringEquals = { "aws:PrincipalAccount" = "${WRITTEN}", "aws:SourceVpce" = "vpce-1a2b3c4d" } }`, ['aws_iam_user_policy.access']],
    // The default configuration's caller identity may be the user's account or not: it may refuse every request.
    ['the caller identity\'s account', '{ StringEquals = { "aws:PrincipalAccount" = data.aws_caller_identity.current.account_id } }', []],
  ])('%s: an open answer where the account written out may be the user\'s', async (_, condition, reported) => {
    expect(await admins(condition)).toEqual(reported);
  });

  // The default configuration locked to the user's account: the user's requests carry it, as the owner's principals' do,
  // and a Deny on an account written out is compared with it. The caller identity may still be prod's account.
  it.each<[string, string, string[]]>([
    ['StringEquals of the account told', `{ StringEquals = { "aws:PrincipalAccount" = "${WRITTEN}" } }`, []],
    ['StringEquals of another account', `{ StringEquals = { "aws:PrincipalAccount" = "${OTHER}" } }`, ['aws_iam_user_policy.access']],
    ['StringNotEquals of the account told', `{ StringNotEquals = { "aws:PrincipalAccount" = "${WRITTEN}" } }`, ['aws_iam_user_policy.access']],
    ['StringNotEquals of another account', `{ StringNotEquals = { "aws:PrincipalAccount" = "${OTHER}" } }`, []],
    ['a pattern of the account told', `{ StringLike = { "aws:PrincipalAccount" = "49*" } }`, []],
    ['the caller identity\'s account', '{ StringEquals = { "aws:PrincipalAccount" = data.aws_caller_identity.current.account_id } }', []],
  ])('%s, where the user\'s account is told: compared with it', async (_, condition, reported) => {
    expect(await admins(condition, WRITTEN)).toEqual(reported);
  });
});

describe('a Deny compared with another configuration\'s caller identity', () => {
  /**
   * User operator in the default configuration, locked to WRITTEN, beside configuration other, which signs in otherwise
   * (its own profile), deploys a bucket and reads a caller identity; locked to `otherLock` where given.
   */
  const configuration = (condition: string, otherLock?: string) => ({
    'main.tf': `provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["${WRITTEN}"]
}

provider "aws" {
  alias   = "other"
  profile = "other"
  region  = "us-east-1"${otherLock === undefined ? '' : `\n  allowed_account_ids = ["${otherLock}"]`}
}

data "aws_caller_identity" "other" {
  provider = aws.other
}

resource "aws_s3_bucket" "logs" {
  provider = aws.other
  bucket   = "logs"
}

resource "aws_iam_user" "operator" {
  name = "operator"
}

resource "aws_iam_user_policy" "access" {
  user = aws_iam_user.operator.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "*", Resource = "*" },
      { Effect = "Deny", Action = "*", Resource = "*", Condition = ${condition} },
    ]
  })
}
`,
  });
  const admins = async (condition: string, otherLock?: string) => {
    const result = await scanTree(configuration(condition, otherLock));
    expect(result.errors).toEqual([]);
    return result.findings.filter((finding) => finding.ruleId === 'identity-full-admin').map((finding) => finding.resource.address);
  };
  const notEquals = '{ StringNotEquals = { "aws:PrincipalAccount" = data.aws_caller_identity.other.account_id } }';
  const equals = '{ StringEquals = { "aws:PrincipalAccount" = data.aws_caller_identity.other.account_id } }';
  const throughEndpoint = '{ StringEquals = { "aws:PrincipalAccount" = data.aws_caller_identity.other.account_id, "aws:SourceVpce" = "vpce-1a2b3c4d" } }';

  // Its account not told, it may be the user's or another, not read as his own: each Deny may refuse every request.
  it.each<[string, string, string[]]>([
    ['StringNotEquals', notEquals, []],
    ['StringEquals', equals, []],
    // Only requests through an endpoint: in no account does the Deny refuse them all.
    ['StringEquals with an endpoint', throughEndpoint, ['aws_iam_user_policy.access']],
  ])('%s, its account not told: an open answer', async (_, condition, reported) => {
    expect(await admins(condition)).toEqual(reported);
  });

  // Its account told: compared with the user's.
  it.each<[string, string, string, string[]]>([
    ['StringNotEquals, the user\'s account', notEquals, WRITTEN, ['aws_iam_user_policy.access']],
    ['StringNotEquals, another account', notEquals, OTHER, []],
    ['StringEquals, the user\'s account', equals, WRITTEN, []],
    ['StringEquals, another account', equals, OTHER, ['aws_iam_user_policy.access']],
  ])('%s told: compared with the user\'s', async (_, condition, otherLock, reported) => {
    expect(await admins(condition, otherLock)).toEqual(reported);
  });
});
