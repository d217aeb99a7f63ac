import { describe, expect, it } from 'vitest';
import { basename, join } from 'node:path';
import { indentLines, linesOf, roleTemplate, scanText } from '../helpers.js';
import { readFileSync } from 'node:fs';
import { scanTree, type Tree } from '../parsers/terraform/helpers.js';
import { scan, toFinding, type ScanResult } from '../../src/analyze/engine.js';
import { policyMalformed } from '../../rules/policy/policy-malformed.js';
import type { RuleReport } from '../../src/model/rule.js';
import type { Resource } from '../../src/model/resource.js';

/** A managed policy with one statement; `body` holds the statement's remaining YAML lines (indented by 4). */
function policyTemplate(body: string, { effect = 'Allow', action = 'sagemaker:CreateTrainingJob', version = '"2012-10-17"' } = {}): string {
  return `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  NoDefault:
    Type: String
  WithDefault:
    Type: String
    Default: "yes"
Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
${version === '' ? '' : `        Version: ${version}\n`}        Statement:
          - Effect: ${effect}
            Action: ${action}
            Resource: "*"
${body
  .split('\n')
  .map((line) => `            ${line}`)
  .join('\n')}
`;
}

function condition(operator: string, key: string, value: string): string {
  return `Condition:\n  ${operator}:\n    ${key}: ${value}`;
}

async function findings(text: string, ruleId: string) {
  const result = await scanText(text);
  expect(result.errors).toEqual([]);
  return result.findings.filter((finding) => finding.ruleId === ruleId);
}

describe('policy-unknown-action', () => {
  const fires = async (action: string) => findings(policyTemplate('', { action: JSON.stringify(action) }), 'policy-unknown-action');

  it.each([
    'sagemaker:CreateTrainingJob',
    'SageMaker:CREATETRAININGJOB',
    'sagemaker:*Algorithm',
    'sagemaker:*algorithms',
    'sagemaker:Create*',
    'iam:Pass*',
    's3:Get?bject',
    's*:AssumeRole',
    '*',
    'sagemaker:*',
  ])('%s exists or matches', async (action) => {
    expect(await fires(action)).toEqual([]);
  });

  it.each([
    ['sagemaker:CreateFlowDefiniton', 'medium', 'did you mean sagemaker:CreateFlowDefinition?'],
    ['sagemaker:createflowdefiniton', 'medium', 'did you mean sagemaker:CreateFlowDefinition?'],
    ['sagemaker:*Environment', 'medium', 'pattern sagemaker:*Environment'],
    ['sagemaker:FrobnicateEverything', 'medium', 'is not an action of sagemaker'],
    ['elastic-inference:Connect', 'low', '"elastic-inference" is not a service prefix'],
    ['sagemakr:CreateModel', 'low', 'did you mean sagemaker:CreateModel?'],
  ])('%s is reported (%s): %s', async (action, severity, text) => {
    const found = await fires(action);
    expect(found).toHaveLength(1);
    expect(found[0]!.severity).toBe(severity);
    expect(found[0]!.message).toContain(text);
  });

  it('leaves an action without a service prefix to policy-malformed: IAM refuses the policy, and the entry matches nothing', async () => {
    expect(await fires('CreateModel')).toEqual([]);
    const [malformed] = await findings(policyTemplate('', { action: JSON.stringify('CreateModel') }), 'policy-malformed');
    expect(malformed!.message).toContain('action "CreateModel" is not of the form service:action (AWS rejects this policy at deploy time)');
    expect(malformed!.severity).toBe('high');
  });

  it('gives no suggestion when no action is near', async () => {
    const [finding] = await fires('sagemaker:FrobnicateEverything');
    expect(finding!.message).not.toContain('did you mean');
  });

  it('points at the list item and ignores values from parameters without default', async () => {
    const text = policyTemplate('', { action: '\n              - sagemaker:CreateModel\n              - !Ref NoDefault\n              - sagemaker:CreateModle' });
    expect(linesOf(await scanText(text), 'policy-unknown-action')).toEqual([19]);
  });
});

describe('policy-condition-type-mismatch: operator against key type', () => {
  // The compatibility table the rule documents: String operators fit every key type; ARN operators fit ARN and
  // String keys; Numeric operators fit Numeric keys and aws:EpochTime (epoch seconds), not the Date keys that hold ISO
  // 8601 text; Date, Bool and IpAddress only their own type.
  it.each([
    ['StringEquals', 'aws:SecureTransport', '"true"', false],
    ['StringLike', 'aws:SourceArn', 'arn:aws:sagemaker:*', false],
    ['StringEquals', 'aws:MultiFactorAuthAge', '"3600"', false],
    ['StringEquals', 'aws:SourceIp', '203.0.113.7', false],
    ['ArnLike', 'aws:SourceArn', 'arn:aws:sagemaker:*', false],
    ['ArnEquals', 'aws:SourceVpcArn', 'arn:aws:ec2:us-east-1:210987654321:vpc/vpc-1', false],
    ['ArnLike', 'aws:SecureTransport', 'arn:aws:*', true],
    ['NumericLessThan', 'aws:MultiFactorAuthAge', '"3600"', false],
    ['NumericLessThan', 'aws:EpochTime', '"4102444800"', false],
    ['NumericLessThan', 'AWS:epochtime', '"4102444800"', false],
    ['NumericLessThan', 'aws:CurrentTime', '"4102444800"', true],
    ['NumericGreaterThanIfExists', 'aws:TokenIssueTime', '"1700000000"', true],
    ['NumericLessThan', 'aws:SourceAccount', '"5"', true],
    ['DateLessThan', 'aws:CurrentTime', '"2030-01-01T00:00:00Z"', false],
    ['DateLessThan', 'aws:MultiFactorAuthAge', '"2030-01-01"', true],
    ['Bool', 'aws:SecureTransport', '"true"', false],
    ['Bool', 'sagemaker:RootAccess', '"false"', true],
    ['BoolIfExists', 'sagemaker:NetworkIsolation', '"true"', false],
    ['IpAddress', 'aws:SourceIp', '10.0.0.0/8', false],
    ['IpAddress', 'aws:SourceVpc', '10.0.0.0/8', true],
    ['NotIpAddressIfExists', 'aws:SourceVpce', '10.0.0.0/8', true],
    ['ForAnyValue:StringEquals', 'aws:TagKeys', 'team', false],
    ['ForAllValues:ArnLike', 'sagemaker:ImageArns', 'arn:aws:sagemaker:*', false],
    ['ForAllValues:NumericEquals', 'sagemaker:ImageArns', '"1"', true],
    ['"Null"', 'aws:SourceIp', '"true"', false],
    ['Bool', 'sagemaker:NoSuchKey', '"true"', false],
    ['BinaryEquals', 'aws:PrincipalTag/badge', 'QmFkZ2U=', false],
  ])('%s on %s (%s) fires: %s', async (operator, key, value, fires) => {
    const found = await findings(policyTemplate(condition(operator, key, value)), 'policy-condition-type-mismatch');
    expect(found.length > 0).toBe(fires);
    if (fires) expect(found[0]!.message).toContain('the IAM catalog types');
  });
});

describe('policy-condition-type-mismatch: values the operator cannot read', () => {
  it.each([
    ['Bool', 'aws:SecureTransport', '"yes"', true],
    ['Bool', 'aws:SecureTransport', '"1"', true],
    ['Bool', 'aws:SecureTransport', 'false', false],
    ['Bool', 'aws:SecureTransport', '"TRUE"', false],
    ['"Null"', 'aws:TagKeys', '"no"', true],
    ['NumericLessThan', 'aws:MultiFactorAuthAge', '"1h"', true],
    ['NumericLessThan', 'aws:MultiFactorAuthAge', '3600', false],
    ['NumericLessThan', 'aws:MultiFactorAuthAge', '"-1.5"', false],
    ['DateLessThan', 'aws:CurrentTime', '"2026-02-30"', true],
    ['DateLessThan', 'aws:CurrentTime', '"2026-01-31T24:00:00Z"', true],
    ['DateLessThan', 'aws:CurrentTime', '"31.01.2026"', true],
    ['DateLessThan', 'aws:CurrentTime', '"2026"', false],
    ['DateLessThan', 'aws:CurrentTime', '"2026-01-31T12:00Z"', false],
    ['DateLessThan', 'aws:CurrentTime', '"2026-01-31T12:00:00.250-05:00"', false],
    ['DateLessThan', 'aws:EpochTime', '"1767225600"', false],
    ['IpAddress', 'aws:SourceIp', '10.0.0.0/33', true],
    ['IpAddress', 'aws:SourceIp', '10.0.0/24', true],
    ['IpAddress', 'aws:SourceIp', '"2001:db8::/129"', true],
    ['IpAddress', 'aws:SourceIp', '"2001:db8::/64"', false],
    ['IpAddress', 'aws:SourceIp', '"::1"', false],
    ['IpAddress', 'aws:SourceIp', '"${aws:PrincipalTag/cidr}"', true],
    ['StringEquals', 'aws:PrincipalTag/team', '"${aws:username}"', false],
    // IAM substitutes policy variables under String, ARN and Bool operators only.
    ['Bool', 'aws:ViaAWSService', '"${aws:PrincipalIsAWSService}"', false],
    ['Bool', 'aws:SecureTransport', `"\${aws:PrincipalTag/tls, 'true'}"`, false],
    ['ArnEquals', 'aws:SourceArn', '"arn:aws:s3:::${aws:username}"', false],
    ['DateGreaterThan', 'aws:CurrentTime', '"${aws:TokenIssueTime}"', true],
    ['NumericLessThan', 'aws:MultiFactorAuthAge', '"${aws:EpochTime}"', true],
    ['BinaryEquals', 'aws:PrincipalTag/badge', '"${aws:username}"', true],
    ['"Null"', 'aws:TagKeys', '"${aws:PrincipalTag/x}"', true],
    ['BinaryEquals', 'aws:PrincipalTag/badge', 'not-base64!', true],
  ])('%s %s %s fires: %s', async (operator, key, value, fires) => {
    const found = await findings(policyTemplate(condition(operator, key, value)), 'policy-condition-type-mismatch');
    expect(found.length > 0).toBe(fires);
  });

  it('reads a parameter default like a literal but never reports an unresolved value', async () => {
    expect(await findings(policyTemplate(condition('Bool', 'aws:SecureTransport', '!Ref WithDefault')), 'policy-condition-type-mismatch')).toHaveLength(1);
    expect(await findings(policyTemplate(condition('Bool', 'aws:SecureTransport', '!Ref NoDefault')), 'policy-condition-type-mismatch')).toEqual([]);
    expect(await findings(policyTemplate(condition('IpAddress', 'aws:SourceIp', '!ImportValue cidr')), 'policy-condition-type-mismatch')).toEqual([]);
  });

  it('says which operators IAM substitutes policy variables under', async () => {
    const [finding] = await findings(policyTemplate(condition('DateGreaterThan', 'aws:CurrentTime', '"${aws:TokenIssueTime}"')), 'policy-condition-type-mismatch');
    expect(finding!.message).toContain('holds a policy variable, which IAM substitutes only under String, ARN and Bool operators');
  });

  it('reports a key of the wrong type once, not again for each of its values', async () => {
    const text = policyTemplate('Condition:\n  IpAddress:\n    aws:SourceAccount: ["111122223333", "210987654321"]');
    const found = await findings(text, 'policy-condition-type-mismatch');
    expect(found).toHaveLength(1);
    expect(found[0]!.location.startLine).toBe(20);
  });
});

describe('policy-condition-type-mismatch: a CIDR range a String operator compares as text', () => {
  // The request's aws:SourceIp is one address: no String operator finds it equal to a range with a /prefix. The
  // message names the IP operator that compares with the range, keeping the set qualifier, negation and IfExists.
  it.each([
    ['StringEquals', 'aws:SourceIp', '10.0.0.0/8', 'IpAddress'],
    ['StringNotEquals', 'aws:SourceIp', '10.0.0.0/8', 'NotIpAddress'],
    ['StringEqualsIfExists', 'aws:SourceIp', '192.0.2.0/24', 'IpAddressIfExists'],
    ['StringEqualsIgnoreCase', 'aws:SourceIp', '"2001:DB8::/32"', 'IpAddress'],
    ['StringNotEqualsIgnoreCaseIfExists', 'aws:SourceIp', '"2001:db8::/32"', 'NotIpAddressIfExists'],
    ['ForAnyValue:StringEquals', 'aws:VpcSourceIp', '10.20.0.0/16', 'ForAnyValue:IpAddress'],
    ['ForAllValues:StringNotEquals', 'aws:VpcSourceIp', '10.20.0.0/16', 'ForAllValues:NotIpAddress'],
    ['StringLike', 'aws:SourceIp', '192.0.2.0/24', 'IpAddress'],
    ['StringNotLike', 'aws:SourceIp', '192.0.2.0/24', 'NotIpAddress'],
    ['StringEquals', 'AWS:SOURCEIP', '0.0.0.0/0', 'IpAddress'],
    ['StringEquals', 'aws:SourceIp', '198.51.100.7/32', 'IpAddress'],
    ['StringEquals', 'ec2-instance-connect:privateIpAddress', '10.0.1.0/24', 'IpAddress'],
  ])('%s on %s with %s fires and names %s', async (operator, key, value, fitting) => {
    const found = await findings(policyTemplate(condition(operator, key, value)), 'policy-condition-type-mismatch');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain(`${operator} compares ${key} with the range "${value.replaceAll('"', '')}"`);
    expect(found[0]!.message).toContain('is a single address');
    expect(found[0]!.message).toContain(`use ${fitting} to compare it with the range`);
    expect(found[0]!.location.startLine).toBe(20);
  });

  it.each([
    ['a plain address, which the request\'s can equal', 'StringEquals', 'aws:SourceIp', '10.1.2.3'],
    ['a plain IPv6 address', 'StringEqualsIgnoreCase', 'aws:SourceIp', '"2001:db8::1"'],
    ['a text pattern over the address', 'StringLike', 'aws:SourceIp', '"10.0.*"'],
    ['a pattern with a prefix, not a range', 'StringLike', 'aws:SourceIp', '"10.0.*/16"'],
    ['a prefix IpAddress would refuse', 'StringEquals', 'aws:SourceIp', '10.0.0.0/33'],
    ['a policy variable', 'StringEquals', 'aws:SourceIp', '"${aws:PrincipalTag/cidr}"'],
    ['a range on a String key', 'StringEquals', 'aws:PrincipalTag/cidr', '10.0.0.0/8'],
    ['a range on a key the catalog does not know', 'StringEquals', 'sagemaker:NoSuchKey', '10.0.0.0/8'],
    ['a range under IpAddress', 'IpAddress', 'aws:SourceIp', '10.0.0.0/8'],
    ['a parameter without default', 'StringEquals', 'aws:SourceIp', '!Ref NoDefault'],
    ['an imported value', 'StringNotEquals', 'aws:SourceIp', '!ImportValue office-cidr'],
  ])('stays silent on %s', async (_case, operator, key, value) => {
    expect(await findings(policyTemplate(condition(operator, key, value)), 'policy-condition-type-mismatch')).toEqual([]);
  });

  it('reports each range of a list at its own line, not the plain address beside it', async () => {
    const text = policyTemplate('Condition:\n  StringNotEquals:\n    aws:SourceIp:\n      - 192.0.2.0/24\n      - 198.51.100.7\n      - 2001:db8::/32', { effect: 'Deny' });
    const found = await findings(text, 'policy-condition-type-mismatch');
    expect(found.map((finding) => finding.location.startLine)).toEqual([21, 23]);
    expect(found.map((finding) => finding.message)).toEqual([expect.stringContaining('"192.0.2.0/24"'), expect.stringContaining('"2001:db8::/32"')]);
  });

  it('reports a range once beside an IpAddress condition on the same key', async () => {
    const text = policyTemplate('Condition:\n  IpAddress:\n    aws:SourceIp: 10.0.0.0/8\n  StringEquals:\n    aws:SourceIp: 10.0.0.0/8');
    const found = await findings(text, 'policy-condition-type-mismatch');
    expect(found.map((finding) => finding.location.startLine)).toEqual([22]);
  });
});

describe('policy-deprecated-condition-key', () => {
  it.each([
    ['Allow', 'medium'],
    ['Deny', 'high'],
  ])('in an %s is %s and names the replacement', async (effect, severity) => {
    const found = await findings(policyTemplate(condition('ArnEquals', 'sagemaker:VolumeKmsKey', 'arn:aws:kms:us-east-1:210987654321:key/k'), { effect }), 'policy-deprecated-condition-key');
    expect(found).toHaveLength(1);
    expect(found[0]!.severity).toBe(severity);
    expect(found[0]!.message).toContain('use sagemaker:VolumeKmsKeyArn');
    expect(found[0]!.location.startLine).toBe(20);
  });

  it('knows keys case-insensitively and leaves current keys and deprecated keys that actions still list alone', async () => {
    expect(await findings(policyTemplate(condition('ArnEquals', 'SAGEMAKER:outputkmskey', 'arn:aws:kms:*')), 'policy-deprecated-condition-key')).toHaveLength(1);
    expect(await findings(policyTemplate(condition('ArnEquals', 'sagemaker:OutputKmsKeyArn', 'arn:aws:kms:*')), 'policy-deprecated-condition-key')).toEqual([]);
    const stillListed = policyTemplate(condition('StringEquals', 'secretsmanager:KmsKeyId', 'alias/x'), { action: 'secretsmanager:CreateSecret' });
    expect(await findings(stillListed, 'policy-deprecated-condition-key')).toEqual([]);
  });
});

describe('policy-single-valued-set-operator', () => {
  it.each([
    ['ForAllValues:ArnLike', 'aws:SourceArn', true],
    ['ForAnyValue:StringEquals', 'aws:SourceAccount', true],
    ['ForAnyValue:StringEqualsIfExists', 'aws:ResourceTag/team', true],
    ['ForAllValues:StringEquals', 'aws:TagKeys', false],
    ['ForAnyValue:StringLike', 'aws:PrincipalOrgPaths', false],
    ['ForAllValues:StringEquals', 'sagemaker:VpcSecurityGroupIds', false],
    ['ForAllValues:StringEquals', 'sagemaker:NoSuchKey', false],
    ['StringEquals', 'aws:SourceAccount', false],
  ])('%s on %s fires: %s', async (operator, key, fires) => {
    const found = await findings(policyTemplate(condition(operator, key, 'x')), 'policy-single-valued-set-operator');
    expect(found.length > 0).toBe(fires);
  });

  it('suggests the operator without its set qualifier', async () => {
    const [finding] = await findings(policyTemplate(condition('ForAllValues:StringLikeIfExists', 'aws:SourceVpc', 'vpc-*')), 'policy-single-valued-set-operator');
    expect(finding!.message).toContain('(use StringLikeIfExists)');
    expect(finding!.message).toContain('also true when the key is absent');
  });

  // The IAM global condition keys reference: these keys are in every request (every signed one), so never missing.
  it.each([
    ['ForAllValues:StringEquals', 'aws:RequestedRegion', '[eu-west-1]', 'StringEquals'],
    ['ForAllValues:StringLikeIfExists', 'aws:RequestedRegion', 'eu-*', 'StringLike'],
    ['ForAnyValue:ArnLike', 'aws:PrincipalArn', '"arn:aws:iam::*:role/ml-*"', 'ArnLike'],
    ['ForAllValues:StringEquals', 'AWS:SecureTransport', '["true"]', 'StringEquals'],
    ['ForAnyValue:StringNotEquals', 'aws:RequestedRegion', 'us-east-1', 'StringNotEquals'],
    ['ForAllValues:Null', 'aws:PrincipalArn', '"false"', 'Null'],
  ])('says %s on %s, a key every request carries, acts as the plain operator', async (operator, key, value, plain) => {
    const [finding] = await findings(policyTemplate(condition(operator, key, value)), 'policy-single-valued-set-operator');
    expect(finding!.message).toBe(`${operator} on ${key} in the policy of Policy: ${key} holds a single value in the IAM catalog and IAM puts it in every request, so ${operator} acts as the plain ${plain} and only suggests a set the request never holds (use ${plain})`);
  });

  it.each(['keys-in-every-request.yaml', 'keys-in-every-request.json', 'tf-keys-in-every-request', 'keys-in-every-request.plan.json'])('says so in %s', async (name) => {
    const result = await scan([join(import.meta.dirname, '..', 'fixtures', 'policy-single-valued-set-operator', name)]);
    const messages = result.findings.filter((finding) => finding.ruleId === 'policy-single-valued-set-operator').map((finding) => finding.message);
    expect(messages).toHaveLength(3);
    for (const message of messages) expect(message).toMatch(/IAM puts it in every request, so For(AllValues|AnyValue):\w+ acts as the plain (StringEquals|ArnLike)/);
  });

  it('reads a key every identity request carries as any other key in a trust policy, whose requests come from services too', async () => {
    const trust = roleTemplate(`- Effect: Allow\n  Principal:\n    Service: sagemaker.amazonaws.com\n  Action: sts:AssumeRole\n  Condition:\n    ForAllValues:ArnLike:\n      aws:PrincipalArn: ["arn:aws:iam::*:role/ml-*"]`);
    const [finding] = await findings(trust, 'policy-single-valued-set-operator');
    expect(finding!.message).toContain('also true when the key is absent');
  });

  it('says ForAllValues adds nothing to a negated operator, which is true on a missing key by itself', async () => {
    for (const [operator, effect] of [['ForAllValues:StringNotEquals', 'Deny'], ['ForAllValues:StringNotEquals', 'Allow'], ['ForAllValues:ArnNotLikeIfExists', 'Allow']] as const) {
      const [finding] = await findings(policyTemplate(condition(operator, 'aws:SourceVpce', 'vpce-1'), { effect, action: 's3:*' }), 'policy-single-valued-set-operator');
      expect(finding!.message).toContain('ForAllValues adds nothing over the plain negated operator');
      expect(finding!.message).not.toContain('so the condition passes requests that do not carry it');
    }
  });

  it('pairs a negated operator under ForAnyValue with Null false: alone it would also pass requests without the key', async () => {
    const [negated] = await findings(policyTemplate(condition('ForAnyValue:StringNotEquals', 'aws:SourceVpce', 'vpce-1')), 'policy-single-valued-set-operator');
    expect(negated!.message).toContain('(use StringNotEquals together with Null {"aws:SourceVpce": "false"})');
    expect(negated!.message).not.toContain('adds nothing');
  });

  it('drops IfExists under ForAnyValue too: ForAnyValue is false on a missing key with or without it', async () => {
    const [positive] = await findings(policyTemplate(condition('ForAnyValue:StringEqualsIfExists', 'aws:SourceAccount', '111122223333')), 'policy-single-valued-set-operator');
    expect(positive!.message).toContain('(use StringEquals)');
    expect(positive!.message).not.toContain('adds nothing');
    const [negated] = await findings(policyTemplate(condition('ForAnyValue:StringNotEqualsIfExists', 'aws:SourceVpce', 'vpce-1')), 'policy-single-valued-set-operator');
    expect(negated!.message).toContain('(use StringNotEquals together with Null {"aws:SourceVpce": "false"})');
  });

  it('in a Deny, suggests the plain negated operator alone: Null false would keep requests without the key undenied', async () => {
    const [deny] = await findings(policyTemplate(condition('ForAnyValue:StringNotEquals', 'aws:SourceVpc', 'vpc-1'), { effect: 'Deny', action: 's3:*' }), 'policy-single-valued-set-operator');
    expect(deny!.message).toContain('the Deny does not apply to requests that do not carry it');
    expect(deny!.message).toContain('(use StringNotEquals)');
    expect(deny!.message).not.toContain('Null');
  });
});

describe('policy-variables-without-version', () => {
  const resource = 'Condition:\n  StringEquals:\n    sagemaker:ResourceTag/owner: ${aws:username}';

  it.each([
    ['"2012-10-17"', 0],
    ['2012-10-17', 0],
    ['"2008-10-17"', 1],
    ['', 1],
  ])('Version %s gives %i finding(s)', async (version, count) => {
    expect(await findings(policyTemplate(resource, { version }), 'policy-variables-without-version')).toHaveLength(count);
  });

  it('points at Version when it is written and at the first use when it is missing', async () => {
    expect(linesOf(await scanText(policyTemplate(resource, { version: '"2008-10-17"' })), 'policy-variables-without-version')).toEqual([13]);
    expect(linesOf(await scanText(policyTemplate(resource, { version: '' })), 'policy-variables-without-version')).toEqual([19]);
  });

  it('leaves an invalid Version to policy-malformed', async () => {
    expect(await findings(policyTemplate(resource, { version: '"2012-10-18"' }), 'policy-variables-without-version')).toEqual([]);
  });

  // IAM lists ${*}, ${?} and ${$} among the policy variables: before 2012-10-17 they are text, and the * a wildcard.
  it.each(['${*}', '${?}', '${$}'])('reports the escape %s without a Version, not with 2012-10-17', async (escape) => {
    const condition = `Condition:\n  StringLike:\n    aws:ResourceTag/name: literal-${escape}`;
    const [found] = await findings(policyTemplate(condition, { version: '' }), 'policy-variables-without-version');
    expect(found?.message).toContain(`uses the policy variable ${escape} but has no Version`);
    expect(await findings(policyTemplate(condition), 'policy-variables-without-version')).toEqual([]);
  });
});

describe('policy-unknown-action suggestions and labels', () => {
  /** The action the finding on an entry suggests, or undefined. */
  async function suggestionFor(action: string): Promise<string | undefined> {
    const [found] = await findings(policyTemplate('', { action: JSON.stringify(action) }), 'policy-unknown-action');
    return /did you mean (\S+)\?/.exec(found!.message)?.[1];
  }

  // A wrong suggestion is another permission: where the likely intent is not clear, none is given.
  it.each([
    ['kms:ReEncrypt', undefined, 'several actions continue it: ReEncryptFrom or ReEncryptTo alone is half of what was meant'],
    ['sagemaker:DescribeTrainingJo', 'sagemaker:DescribeTrainingJob', 'the one action that continues it'],
    ['s3:PutObjec', 's3:PutObject', 'of several that continue it, the one a letter longer'],
    ['sagemaker:UpdateProcessingJob', undefined, 'CreateProcessingJob is another verb: corrected to it, a Deny refuses every new job'],
    ['sagemaker:CraeteModel', 'sagemaker:CreateModel', 'a verb no action has is a typo of one'],
    ['sagemaker:DescribeTrainingJobs', 'sagemaker:DescribeTrainingJob', 'a plural'],
    ['sagemaker:UpdateModelPackageGroup', undefined, 'UpdateModelPackage leaves out a word: a package is not a group'],
    ['sagemaker:updateprocessingjob', undefined, 'verbs and words are read in any case'],
    ['sagemaker:UPDATEMODELPACKAGEGROUP', undefined, 'verbs and words are read in any case'],
    ['sagemaker:describetrainingjobs', 'sagemaker:DescribeTrainingJob', 'in any case'],
    ['s3:PutObjectTag', 's3:PutObjectTagging', 'PutObjectAcl, three letters away, swaps a word'],
    ['lambda:UpdateFunctionConfig', 'lambda:UpdateFunctionConfiguration', 'UpdateFunctionUrlConfig, three letters away, controls a function URL'],
    ['sagemaker:UpdateApp', undefined, 'apps are a resource: UpdateAppImageConfig is not UpdateApp cut short'],
    ['s3:PutBucketTags', undefined, 'PutBucketAcl swaps a word'],
    ['s3:GetObjectVersionTags', undefined, 'GetObjectVersionAcl swaps a word'],
    ['s3:GetBucketObject', undefined, 'GetBucketObjectLockConfiguration, the one action that begins with it, goes on for more than its length again'],
    ['sagemaker:CreateNotebookLifecycleConfig', undefined, 'CreateStudioLifecycleConfig swaps a word'],
    ['s3:DeleteBucketP', 's3:DeleteBucketPolicy', 'cut short in a word: not DeleteBucket, without it'],
    ['lambda:InvokeFunctionU', 'lambda:InvokeFunctionUrl', 'cut short in a word: not InvokeFunction, without it'],
    ['s3:GetBucketPolicys', 's3:GetBucketPolicy', 'a letter off, not GetBucketPolicyStatus cut short'],
    ['ecr:PutImages', 'ecr:PutImage', 'a letter off, not PutImageScanningConfiguration cut short'],
    ['s3:ListBuckets', undefined, 'ListBucket lists the objects of one bucket; the API ListBuckets is s3:ListAllMyBuckets'],
    ['s3:listbucketss', undefined, 'ListBucket lists the objects of one bucket, in any case'],
    ['s3:ListBucke', 's3:ListBucket', 'cut short, the List of one bucket it is'],
    ['omics:ListBatchs', 'omics:ListBatch', 'ListBatch lists the batches: it acts on no batch'],
    ['sst:AssumeRole', 'sts:AssumeRole', 'a service that has the action, not ssm'],
    ['ecs2:RunTask', 'ecs:RunTask', 'a service that has the action'],
    ['sst:Assume*', 'sts:Assume*', 'sts, a swap away, has actions the pattern matches; ssm, a letter off, has none'],
    ['ssn:Assume*', undefined, 'no service a letter off has actions the pattern matches'],
    ['xsiam:*', undefined, 'iam:*, two letters off, would grant every IAM action'],
    ['sagemake:CreateTrainingJob', 'sagemaker:CreateTrainingJob', 'a service whose prefix others continue (sagemaker-geospatial)'],
    ['lex:PutSlot', undefined, 'slots are a resource: PutSlotType is not PutSlot cut short, and PutBot swaps a word'],
    ['ec2:DescribeSecurityGroupVpc', undefined, 'DescribeSecurityGroups drops a word when the continuation is refused'],
    ['ecr:PutImageS', undefined, 'a capital S after a word may be a plural or start a word (PutImageScanningConfiguration): a guess'],
    ['s3:GetBucketPolicyS', undefined, 'a plural of GetBucketPolicy, or GetBucketPolicyStatus cut short'],
    ['s3:GETBUCKETPOLICYS', 's3:GetBucketPolicy', 'written in capitals, an S after a capital is a plural'],
    ['sagemkaer:*', 'sagemaker:*', 'two letters swapped are one edit, also with a wildcard'],
    ['cloudwacth:*', 'cloudwatch:*', 'two letters swapped are one edit'],
    ['finspace-data:*', undefined, 'finspace-api:*, three letters off, is every action of another service'],
    ['xxsagemaker:*', undefined, 'with a wildcard, only a letter off'],
    ['ssx:*', undefined, 'fsx, ssm and sso are as near: picking one is a guess'],
    ['ecx:ListTagsForResource', undefined, 'ecr and ecs both have the action, a letter off each'],
    ['ssx:GetParameter', 'ssm:GetParameter', 'of the services as near, ssm alone has the action'],
    ['efs:CreateFileSystem', 'elasticfilesystem:CreateFileSystem', 'the initials of Amazon Elastic File System: fsx, two letters off, is another service'],
    ['EFS:DescribeFileSystems', 'elasticfilesystem:DescribeFileSystems', 'initials in any case'],
    ['efs:CreateVolume', undefined, 'Elastic File System has no CreateVolume: fsx:CreateVolume is another service'],
    ['eb:CreateApplication', 'elasticbeanstalk:CreateApplication', 'the initials of AWS Elastic Beanstalk'],
    ['sm:GetSecretValue', 'secretsmanager:GetSecretValue', 'of the services sm abbreviates (Secrets Manager, Systems Manager), the one with the action'],
  ] as const)('%s suggests %s: %s', async (action, meant) => {
    expect(await suggestionFor(action)).toBe(meant);
  });

  it('quotes an action with a blank at either end, so that the blank shows, in every format', async () => {
    const directory = join(import.meta.dirname, '..', 'fixtures', 'policy-unknown-action');
    for (const fixture of ['spaced-action.yaml', 'spaced-action.json', 'tf-spaced-action', 'spaced-action.plan.json']) {
      const { findings: found } = await scan([join(directory, fixture)]);
      const messages = found.filter((finding) => finding.ruleId === 'policy-unknown-action').map((finding) => finding.message);
      expect(messages.map((message) => message.split(' in ')[0]), fixture).toEqual(['Action " s3:GetObject"', 'Action "s3:GetObject "']);
    }
  });

  it('quotes an action holding a character that shows as nothing, written as its escape, in every format', async () => {
    const directory = join(import.meta.dirname, '..', 'fixtures', 'policy-unknown-action');
    for (const fixture of ['unseen-character-action.yaml', 'unseen-character-action.json', 'tf-unseen-character-action', 'unseen-character-action.plan.json']) {
      const { findings: found } = await scan([join(directory, fixture)]);
      const messages = found.filter((finding) => finding.ruleId === 'policy-unknown-action').map((finding) => finding.message);
      expect(messages.map((message) => message.split(' in the ')[0].split(' in policy ')[0]), fixture).toEqual(['Action "s3:GetObject\\u200b"', 'Action "s3:Delete\\u00adObject"', 'Action "\\ufeffs3:ListBucket"']);
      expect(messages[2], fixture).toContain('"\\ufeffs3" is not a service prefix');
    }
  });

  it('shows a Sid and a condition operator holding a character that shows as nothing with it escaped, in every format', async () => {
    const directory = join(import.meta.dirname, '..', 'fixtures', 'policy-malformed');
    for (const fixture of ['sid-unseen-character.yaml', 'sid-unseen-character.json', 'tf-sid-unseen-character', 'sid-unseen-character.plan.json']) {
      const { findings: found } = await scan([join(directory, fixture)]);
      const messages = found.map((finding) => finding.message).sort();
      expect(messages, fixture).toHaveLength(2);
      expect(messages[0], fixture).toMatch(/^condition operator "StringEquals\\u200b" in .* is not valid: 'StringEquals\\u200b' is not a condition operator: did you mean 'StringEquals'\?$/);
      expect(messages[1], fixture).toContain('the Sid "Read\\u200b" holds "\\u200b": a Sid is ASCII letters and digits only');
    }
  });

  it('suggests no action, or operator, whose name goes on or differs for much of the name written, in every format', async () => {
    const fixtures = join(import.meta.dirname, '..', 'fixtures');
    const messagesOf = async (ruleId: string, fixture: string) =>
      (await scan([join(fixtures, ruleId, fixture)])).findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.message);
    for (const format of ['.yaml', '.json', '.plan.json']) {
      expect(await messagesOf('policy-unknown-action', `wordy-continuation${format}`), format).toEqual([expect.stringMatching(/^Action s3:GetBucketObject in .* so it matches no request$/)]);
      expect(await messagesOf('policy-invalid-condition-operator', `word-swapped${format}`), format).toEqual([expect.stringMatching(/'StringLikeIgnoreCase' is not a condition operator, and no operator has a name close to it$/)]);
    }
    expect(await messagesOf('policy-unknown-action', 'tf-wordy-continuation')).toEqual([expect.stringMatching(/so it matches no request$/)]);
    expect(await messagesOf('policy-invalid-condition-operator', 'tf-word-swapped')).toEqual([expect.stringMatching(/no operator has a name close to it$/)]);
  });

  it('suggests the service whose name an unknown prefix abbreviates, not another a few letters off, in every format', async () => {
    const directory = join(import.meta.dirname, '..', 'fixtures', 'policy-unknown-action');
    for (const fixture of ['service-initials.yaml', 'service-initials.json', 'tf-service-initials', 'service-initials.plan.json']) {
      const { findings: found } = await scan([join(directory, fixture)]);
      const messages = found.filter((finding) => finding.ruleId === 'policy-unknown-action').map((finding) => finding.message);
      expect(messages, fixture).toEqual([
        expect.stringMatching(/^Action efs:CreateFileSystem in .*: "efs" is not a service prefix in the IAM catalog, so it matches no request \(did you mean elasticfilesystem:CreateFileSystem\?\)$/),
        expect.stringMatching(/^Action efs:CreateVolume in .*: "efs" is not a service prefix in the IAM catalog, so it matches no request$/),
      ]);
    }
  });

  it('shows template values in policy names as the template wrote them', async () => {
    const text = `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: !Sub \${AWS::Region}-setup
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: s3:HeadObject
                Resource: "*"
`;
    const [finding] = await findings(text, 'policy-unknown-action');
    expect(finding!.message).toContain('policy ${AWS::Region}-setup of Role');
  });
});

describe('policy-unknown-action in a NotAction', () => {
  // A misspelled NotAction entry excludes nothing: an Allow grants, and a Deny denies, the action it meant to leave out.
  const ALLOW = 'so it excludes nothing: the Allow also grants s3:DeleteObject, which it likely meant to withhold';
  const DENY = 'so it exempts nothing: the Deny also denies s3:GetObject, which it likely meant to exempt';
  const PATTERN = 'matches no action of s3 in the IAM catalog, so it exempts nothing: the Deny denies the actions it was meant to exempt';
  // s3:* already withholds s3:DeleteBucket: the Allow does not grant it.
  const COVERED = 'so it excludes nothing (did you mean s3:DeleteBucket?)';
  it.each([
    ['notaction-typos.yaml', [ALLOW, DENY, PATTERN, COVERED]],
    ['notaction-typos.json', [ALLOW, DENY, PATTERN, COVERED]],
    ['notaction-typos.plan.json', [ALLOW, DENY, COVERED]],
    ['tf-notaction-typos', [ALLOW, DENY, COVERED]],
  ] as const)('%s says what the Allow grants or the Deny denies', async (fixture, endings) => {
    const result = await scan([join(import.meta.dirname, '..', 'fixtures', 'policy-unknown-action', fixture)]);
    const messages = result.findings.filter((finding) => finding.ruleId === 'policy-unknown-action').map((finding) => finding.message);
    expect(messages).toEqual(endings.map((ending) => expect.stringContaining(ending)));
  });

  /** A managed policy whose one statement has this Effect and NotAction (YAML flow values). */
  const statement = (effect: string, notAction: string) => `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  NoDefault:
    Type: String
Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: ${effect}
            NotAction: ${notAction}
            Resource: "*"
`;

  it.each([
    ['an Effect not known statically', '!Ref NoDefault', '[s3:DeleteObjekt]'],
    ['another entry not known statically, which may withhold the action', 'Allow', '[s3:DeleteObjekt, !Ref NoDefault]'],
  ])('with %s only says it excludes nothing', async (_, effect, notAction) => {
    const [finding] = await findings(statement(effect, notAction), 'policy-unknown-action');
    expect(finding!.message).toBe('NotAction s3:DeleteObjekt in the policy of Policy is not an action of s3 in the IAM catalog, so it excludes nothing (did you mean s3:DeleteObject?)');
  });

  it('leaves the Action message as it was', async () => {
    const [finding] = await findings(policyTemplate('', { action: 's3:DeleteObjekt' }), 'policy-unknown-action');
    expect(finding!.message).toBe('Action s3:DeleteObjekt in the policy of Policy is not an action of s3 in the IAM catalog, so it matches no request (did you mean s3:DeleteObject?)');
  });
});

describe('policy-malformed on policy text that is not JSON', () => {
  // Locations inside a policy string point at the line within it where that can be known: for text JSON refuses,
  // the line where parsing stops, with V8's echo of the text left out of the message.
  const trailingComma = ['{', '  "Version": "2012-10-17",', '  "Statement": [', '    {', '      "Effect": "Allow",', '      "Action": [', '        "s3:GetObject",', '      ],', '      "Resource": "*"', '    }', '  ]', '}'];

  it('in a YAML block scalar', async () => {
    const text = `Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: |\n${indentLines(trailingComma.join('\n'), '        ')}\n`;
    const result = await scanText(text);
    const found = result.findings.filter((finding) => finding.ruleId === 'policy-malformed');
    expect(found.map((finding) => [finding.location.startLine, finding.message])).toEqual([
      [13, "the policy of P: the policy is not valid JSON: Unexpected token ']' (line 8 of the policy text) (AWS rejects this policy at deploy time)"],
    ]);
  });

  it('in a Terraform heredoc', async () => {
    const text = `resource "aws_iam_policy" "p" {\n  policy = <<POLICY\n${trailingComma.join('\n')}\nPOLICY\n}\n`;
    const result = await scanText(text, 'main.tf');
    expect(linesOf(result, 'policy-malformed')).toEqual([10]);
  });

  // A piece not known statically decides the text from where it starts: an error before it is certain, one at or
  // after it may not be there once the value is known (RULES.md: no finding rests only on an unresolved value).
  const heredoc = (lines: readonly string[]) => `variable "bucket" {\n  type = string\n}\n\nresource "aws_s3_bucket" "b" {\n  bucket_prefix = "b"\n}\n\nresource "aws_iam_policy" "p" {\n  policy = <<POLICY\n${lines.join('\n')}\nPOLICY\n}\n`;

  it('in a heredoc whose unknown value comes after the error', async () => {
    const text = heredoc([...trailingComma.slice(0, 8), '      "Resource": "arn:aws:s3:::${var.bucket}/*"', ...trailingComma.slice(9)]);
    const result = await scanText(text, 'main.tf');
    expect(linesOf(result, 'policy-malformed')).toEqual([18]);
  });

  it('not in a heredoc whose error is where a value not known statically is written, or after an unknown value', async () => {
    const atReference = heredoc([...trailingComma.slice(0, 5), '      "Action": ["s3:GetObject"],', '      "Resource": ${aws_s3_bucket.b.policy}', ...trailingComma.slice(9)]);
    const afterUnknown = heredoc([...trailingComma.slice(0, 6), '        "s3:${var.bucket}",', ...trailingComma.slice(7)]);
    expect(linesOf(await scanText(atReference, 'main.tf'), 'policy-malformed')).toEqual([]);
    expect(linesOf(await scanText(afterUnknown, 'main.tf'), 'policy-malformed')).toEqual([]);
  });
});

describe('policy-malformed on policy text that begins with a byte order mark', () => {
  const trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"sagemaker.amazonaws.com"}}]}';
  const marked = `\uFEFF${trust}`;
  const messages = (result: ScanResult) => result.findings.filter((finding) => finding.ruleId === 'policy-malformed').map((finding) => `${finding.location.file}:${finding.location.startLine} ${finding.message}`);
  const bom = 'the policy is not valid JSON: a byte order mark (U+FEFF), which JSON does not allow (line 1 of the policy text)';

  // Terraform's file() keeps the mark, and the AWS provider refuses the policy at plan ("assume_role_policy" contains an
  // invalid JSON policy: not a JSON object, with terraform 1.x and the provider in /tmp/w/fav): AWS never sees it.
  it.each([
    ['.tf', { 'main.tf': 'resource "aws_iam_role" "r" {\n  name               = "r"\n  assume_role_policy = file("trust.json")\n}\n' }],
    ['.tf.json', { 'main.tf.json': JSON.stringify({ resource: { aws_iam_role: { r: { name: 'r', assume_role_policy: '${file("trust.json")}' } } } }) }],
  ])('says the AWS provider refuses it at plan time in Terraform (%s)', async (_format, files: Tree) => {
    const result = await scanTree({ ...files, 'trust.json': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(trust)]) });
    expect(messages(result)).toEqual([`trust.json:1 the trust policy of aws_iam_role.r: ${bom} (the AWS provider refuses this policy at plan time: it cannot read it as JSON)`]);
  });

  it('says AWS rejects it at deploy time in CloudFormation, as any other text that is not JSON (YAML and JSON)', async () => {
    const yaml = `Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: ${JSON.stringify(marked)}\n`;
    const json = JSON.stringify({ Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: marked } } } }, null, 2);
    expect(messages(await scanText(yaml))).toEqual([expect.stringMatching(/:5 the trust policy of Role: .* \(AWS rejects this policy at deploy time\)$/)]);
    expect(messages(await scanText(json, 'template.json'))).toEqual([expect.stringMatching(/:6 the trust policy of Role: .* \(AWS rejects this policy at deploy time\)$/)]);
  });

  // The provider validates every policy text it knows at plan ("policy" contains an invalid JSON policy: invalid
  // character ']' looking for beginning of value, with terraform 1.x and the provider in /tmp/w/fav); one that holds a
  // value known only after apply it validates at apply.
  it('says the AWS provider refuses at plan time any text known at plan that is not JSON in Terraform, and AWS at deploy time one known only after apply', async () => {
    const role = (policy: string) => `resource "aws_s3_bucket" "b" {\n  bucket_prefix = "b"\n}\n\nresource "aws_iam_role" "r" {\n  name               = "r"\n  assume_role_policy = ${policy}\n}\n`;
    const known = await scanTree({ 'main.tf': role('file("trust.json")'), 'trust.json': `${trust},` });
    expect(messages(known)).toEqual([expect.stringMatching(/^trust\.json:1 .* \(the AWS provider refuses this policy at plan time: it cannot read it as JSON\)$/)]);
    const afterApply = await scanTree({ 'main.tf': role(`<<POLICY\n${trust.replace('"Action"', '"Sid":"${aws_s3_bucket.b.id}","Action"')},\nPOLICY`) });
    expect(messages(afterApply)).toEqual([expect.stringMatching(/^main\.tf:\d+ .* \(AWS rejects this policy at deploy time\)$/)]);
  });

  it('gives the finding the fingerprint it had before the message said so: the variant is no part of it', () => {
    const location = { file: 'trust.json', startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 };
    const report: RuleReport = { messageId: 'malformed', data: { policy: 'the trust policy of aws_iam_role.r', problem: 'the policy is not valid JSON: a byte order mark (U+FEFF), which JSON does not allow' }, resource: { address: 'aws_iam_role.r', file: 'main.tf', format: 'terraform' } as Resource, locator: { locate: () => location }, path: [] };
    const deploy = toFinding(policyMalformed, report);
    const plan = toFinding(policyMalformed, { ...report, variants: { refusal: 'plan' } });
    expect(plan.fingerprint).toBe(deploy.fingerprint);
    expect([deploy.message, plan.message]).toEqual([
      `${report.data.policy}: ${report.data.problem} (AWS rejects this policy at deploy time)`,
      `${report.data.policy}: ${report.data.problem} (the AWS provider refuses this policy at plan time: it cannot read it as JSON)`,
    ]);
  });
});

describe('policy text that interpolates a reference', () => {
  // The name of a for_each instance holds quotes (aws_s3_bucket.b["k"].arn); the interpolation writes the bucket's ARN,
  // which holds none. The quotes of the name ended the JSON string, and the whole policy went unread.
  it('reads a heredoc that interpolates an instance of a for_each', async () => {
    const text = `resource "aws_s3_bucket" "b" {\n  for_each      = toset(["k"])\n  bucket_prefix = "b"\n}\n\nresource "aws_iam_policy" "p" {\n  policy = <<POLICY\n{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "s3:GetObject",\n      "Resource": "\${aws_s3_bucket.b["k"].arn}/*"\n    },\n    {\n      "Effect": "Allow",\n      "Action": "*",\n      "Resource": "*"\n    }\n  ]\n}\nPOLICY\n}\n`;
    const result = await scanText(text, 'main.tf');
    expect(linesOf(result, 'identity-full-admin')).toEqual([18]);
    expect(linesOf(result, 'policy-malformed')).toEqual([]);
  });
});

describe('policy-malformed on statements without Resource', () => {
  /** The policy-malformed messages on a managed policy of these statements (YAML under Statement:), without the policy's name. */
  async function problems(statements: string, head = ''): Promise<string[]> {
    const result = await scanText(`AWSTemplateFormatVersion: "2010-09-09"\n${head}Resources:\n  Policy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n${indentLines(statements, '          ')}\n`);
    expect(result.errors).toEqual([]);
    return result.findings.filter((finding) => finding.ruleId === 'policy-malformed').map((finding) => finding.message.replace(/^the policy of Policy: | \(AWS rejects this policy at deploy time\)$/g, ''));
  }

  it('reports a misspelled Resource as the misspelling alone, with the element it is a typo of', async () => {
    expect(await problems('- Effect: Allow\n  Action: s3:GetObject\n  Resouce: arn:aws:s3:::bucket/*')).toEqual(['"Resouce" is not a statement element (did you mean "Resource"?)']);
    expect(await problems('- Effect: Allow\n  Acton: s3:GetObject\n  Resource: "*"')).toEqual(['"Acton" is not a statement element (did you mean "Action"?)']);
    expect(await problems('- Efect: Allow\n  Action: s3:GetObject\n  Resource: "*"')).toEqual(['"Efect" is not a statement element (did you mean "Effect"?)']);
  });

  it('says an Action or Resource that is written but empty is empty, not missing', async () => {
    // A parameter whose default is empty (a nested stack's optional topic) leaves Resource written, with no value.
    const head = "Parameters:\n  TopicArn: {Type: String, Default: ''}\n";
    expect(await problems('- Effect: Allow\n  Action: sns:Publish\n  Resource:\n    - !Ref TopicArn', head)).toEqual(["the statement's Resource names no resource: its value is empty"]);
    expect(await problems('- Effect: Allow\n  Action: sns:Publish\n  Resource: ""')).toEqual(["the statement's Resource names no resource: its value is empty"]);
    expect(await problems('- Effect: Allow\n  Action: []\n  Resource: "*"')).toEqual(["the statement's Action names no action: its value is empty"]);
    expect(await problems('- Effect: Allow\n  Action: sns:Publish')).toEqual(['the statement has neither Resource nor NotResource']);
  });

  it('reports a misspelled Statement or Principal alone', async () => {
    const role = (document: string) => `Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n${indentLines(document, '        ')}\n`;
    const malformed = async (text: string) => (await scanText(text)).findings.filter((finding) => finding.ruleId === 'policy-malformed').map((finding) => finding.message.replace(/^the trust policy of Role: | \(AWS rejects this policy at deploy time\)$/g, ''));
    expect(await malformed(role('Version: "2012-10-17"\nStatment:\n  - Effect: Allow\n    Principal: {Service: sagemaker.amazonaws.com}\n    Action: sts:AssumeRole'))).toEqual(['"Statment" is not a policy element (did you mean "Statement"?)']);
    expect(await malformed(role('Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Principle: {Service: sagemaker.amazonaws.com}\n    Action: sts:AssumeRole'))).toEqual(['"Principle" is not a statement element (did you mean "Principal"?)']);
    // The element the key is a typo of, before one it holds: NotPrincipals holds Principal.
    expect(await malformed(role('Version: "2012-10-17"\nStatement:\n  - Effect: Deny\n    NotPrincipals: {AWS: "arn:aws:iam::210987654321:root"}\n    Action: sts:AssumeRole'))).toEqual(['"NotPrincipals" is not a statement element (did you mean "NotPrincipal"?)']);
    // A macro given the Principal may write it.
    const principalMacro = 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Principal:\n      Service: sagemaker.amazonaws.com\n      Fn::Transform: {Name: AddPrincipals}\n    Action: sts:AssumeRole';
    expect((await scanText(role(principalMacro))).findings.map((finding) => finding.ruleId)).toEqual([]);
    // It writes the principal only: the rest of the statement is read.
    expect(await malformed(role(`${principalMacro}\n    Resource: "*"`))).toEqual(['a trust policy cannot name a Resource: the role itself is what it grants']);
  });

  it('reads a macro key as text outside a CloudFormation template: in Terraform, and in a policy written as JSON text', async () => {
    const hcl = `resource "aws_iam_role" "exec" {\n  name = "exec"\n  assume_role_policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com", "Fn::Transform" = { Name = "M" } } }]\n  })\n}\n`;
    const fromHcl = (await scanText(hcl, 'main.tf')).findings.filter((finding) => finding.ruleId === 'policy-malformed');
    expect(fromHcl.map((finding) => finding.message)).toEqual([expect.stringContaining('unknown principal type "Fn::Transform"')]);
    const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', 'Fn::Transform': { Name: 'M' } }] });
    const template = `Resources:\n  Policy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: '${text}'\n`;
    const fromText = (await scanText(template)).findings.filter((finding) => finding.ruleId === 'policy-malformed');
    expect(fromText.map((finding) => finding.message)).toEqual([expect.stringContaining('"Fn::Transform" is not a statement element')]);
  });

  it('leaves a statement a macro, or a loop it cannot expand, writes (Fn::Transform beside its keys, Fn::ForEach) unread', async () => {
    const include = '- Effect: Allow\n  Action: s3:GetObject\n  Fn::Transform:\n    Name: AWS::Include\n    Parameters:\n      Location: s3://templates/resource.yaml';
    expect(await problems(include)).toEqual([]);
    const forEach = '- Effect: Allow\n  Action: s3:GetObject\n  Fn::ForEach::Buckets:\n    - Bucket\n    - !Ref Buckets\n    - Resource: !Sub arn:aws:s3:::${Bucket}/*';
    const withoutValue = 'Parameters:\n  Buckets: {Type: CommaDelimitedList}\n';
    expect(await problems(forEach, `Transform: AWS::LanguageExtensions\n${withoutValue}`)).toEqual([]);
    // Without AWS::LanguageExtensions, CloudFormation expands no loop: the key reaches IAM.
    expect(await problems(forEach.replace('!Sub arn:aws:s3:::${Bucket}/*', 'arn:aws:s3:::logs/*'), withoutValue)).toEqual(['the statement has neither Resource nor NotResource', '"Fn::ForEach::Buckets" is not a statement element']);
    // In its Condition, or in an operator's block of it: the statement is not known either.
    const inCondition = '- Effect: Allow\n  Action: s3:GetObject\n  Resource: "*"\n  Condition:\n    Fn::Transform: {Name: AddConditions}\n    StringEquals: {aws:PrincipalTag/team: ml}';
    const inOperator = '- Effect: Allow\n  Action: s3:GetObject\n  Resource: "*"\n  Condition:\n    StringEquals:\n      Fn::ForEach::Tags:\n        - Tag\n        - !Ref Tags\n        - aws:PrincipalTag/${Tag}: ml';
    for (const statements of [inCondition, inOperator]) {
      const result = await scanText(`AWSTemplateFormatVersion: "2010-09-09"\nTransform: AWS::LanguageExtensions\nParameters:\n  Tags: {Type: CommaDelimitedList}\nResources:\n  Policy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n${indentLines(statements, '          ')}\n`);
      expect(result.findings.map((finding) => finding.ruleId)).toEqual([]);
    }
  });

  it('leaves a policy a macro writes (Fn::Transform beside Version and Statement) unread', async () => {
    const result = await scanText(`AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Policy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Fn::Transform: {Name: AddStatements}\n        Statement:\n          - Effect: Allow\n            Action: "*"\n            Resource: "*"\n`);
    expect(result.findings.map((finding) => finding.ruleId)).toEqual([]);
  });
});

describe('policy-wildcard-in-equals-operator', () => {
  it('stays silent on the literal asterisk its fix names, in the spelling each place needs', async () => {
    const star = (value: string) => findings(policyTemplate(condition('StringEquals', 'aws:ResourceTag/name', value)), 'policy-wildcard-in-equals-operator');
    expect(await star('literal-*')).toHaveLength(1);
    expect(await star("'literal-${*}'")).toEqual([]);
    // Inside Fn::Sub, ${*} would be a substitution of "*" (an input error): ${!*} writes the policy variable.
    expect(await star("!Sub 'literal-${!*}-${AWS::Region}'")).toEqual([]);
  });
});

describe('policy-duplicate-key: what happens to the repeated key', () => {
  const text = (region: string) =>
    `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"${region}",\n "Condition":{"StringEquals":{"aws:RequestedRegion":"us-east-1","aws:RequestedRegion":"eu-west-1"}}}]}`;
  const messages = (result: Awaited<ReturnType<typeof scanText>>) =>
    result.findings.filter((finding) => finding.ruleId === 'policy-duplicate-key').map((finding) => finding.message.replace(/^.*?: /, ''));

  // The AWS provider's ValidIAMPolicyJSON refuses repeated keys of JSON text at plan time (`"policy" contains duplicate
  // JSON keys: duplicate key "Statement.0.Condition.StringEquals.aws:RequestedRegion"`, provider 5.100.0).
  it('says that Terraform refuses JSON text known at plan', async () => {
    const result = await scanText(`resource "aws_iam_policy" "p" {\n  policy = <<-EOF\n${text('*')}\n  EOF\n}\n`, 'main.tf');
    expect(messages(result)).toEqual([expect.stringMatching(/^the AWS provider refuses this JSON text at plan time \("contains duplicate JSON keys"\), so the policy cannot deploy/)]);
    expect(result.findings.find((finding) => finding.ruleId === 'policy-duplicate-key')!.related?.map(({ message }) => message)).toEqual(['earlier "aws:RequestedRegion"']);
  });

  it('says that text known only at apply escapes the check and keeps the last key', async () => {
    const result = await scanText(`resource "aws_s3_bucket" "b" {\n  bucket_prefix = "b"\n}\n\nresource "aws_iam_policy" "p" {\n  policy = <<-EOF\n${text('${aws_s3_bucket.b.arn}')}\n  EOF\n}\n`, 'main.tf');
    expect(messages(result)).toEqual([expect.stringMatching(/when it is known then; with a value known only at apply the check is skipped, and only this last one is kept/)]);
  });

  it('says that the last key is kept silently by jsonencode, CloudFormation JSON text and templates', async () => {
    const hcl = `resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect = "Allow"\n      Action = "s3:GetObject"\n      Resource = "*"\n      Condition = {\n        StringEquals = { "aws:RequestedRegion" = "us-east-1" }\n        StringEquals = { "aws:RequestedRegion" = "eu-west-1" }\n      }\n    }]\n  })\n}\n`;
    const cfn = `Resources:\n  Policy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: '${text('*').replace('\n', '')}'\n`;
    for (const result of [await scanText(hcl, 'main.tf'), await scanText(cfn)]) {
      expect(messages(result)).toEqual(['only this last one is kept, the others are silently dropped']);
    }
  });
});

describe('policy-duplicate-key: keys a .tf.json file repeats', () => {
  const fixture = join(import.meta.dirname, '..', 'fixtures', 'policy-duplicate-key', 'tf-plan-json-expression-keys');
  /** The finding and its related locations as the text each points at on its line. */
  const shown = (result: ScanResult, text: string) => {
    const lines = text.split('\n');
    const at = ({ startLine, startColumn, endColumn }: { startLine: number; startColumn: number; endColumn: number }) => `${startLine}:${startColumn} ${lines[startLine - 1]!.slice(startColumn - 1, endColumn - 1)}`;
    return result.findings.filter((finding) => finding.ruleId === 'policy-duplicate-key').map((finding) => [finding.resource.address, at(finding.location), ...finding.related.map(({ location }) => at(location)), finding.message.replace(/^.*?: /, '')]);
  };

  it("reads an HCL object constructor a string's expression writes, which keeps the last key, beside its real plan as in the folder alone", async () => {
    const text = readFileSync(join(fixture, 'main.tf.json'), 'utf8');
    const expected = [
      ['aws_iam_policy.from_local', '4:109 Action = \\"s3:PutObject\\"', '4:82 Action = \\"s3:GetObject\\"', 'only this last one is kept, the others are silently dropped'],
      ['aws_iam_policy.inline', '10:204 StringEquals = {\\"aws:ResourceTag/stage\\" = \\"dev\\"}', '10:152 StringEquals = {\\"aws:ResourceTag/team\\" = \\"ml\\"}', 'only this last one is kept, the others are silently dropped'],
    ];
    for (const result of [await scan([join(fixture, 'main.tf.json')]), await scan([fixture])]) {
      expect(result.errors).toEqual([]);
      expect(shown(result, text)).toEqual(expected);
    }
  });

  it('leaves an object the JSON syntax writes itself, whose repeated key Terraform refuses ("Duplicate object attribute"), to the input error', async () => {
    const text = '{\n  "locals": {\n    "document": {\n      "Version": "2012-10-17",\n      "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],\n      "Statement": [{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}]\n    }\n  },\n  "resource": { "aws_iam_policy": { "p": { "name": "p", "policy": "${jsonencode(local.document)}" } } }\n}\n';
    const result = await scanTree({ 'main.tf.json': text });
    expect(result.errors.map(({ file, line, column, message }) => `${file}:${line}:${column} ${message}`)).toEqual([
      'main.tf.json:6:7 Statement is written twice in one JSON object, where it can only be set once; the last value is analyzed (Terraform refuses it)',
    ]);
    expect(shown(result, text)).toEqual([]);
  });
});

describe('policy-duplicate-key: condition blocks of a policy document data source that repeat a test and variable', () => {
  const fixtures = join(import.meta.dirname, '..', 'fixtures', 'policy-duplicate-key');
  const duplicates = (result: Awaited<ReturnType<typeof scanText>>) => result.findings.filter((finding) => finding.ruleId === 'policy-duplicate-key');
  const conditions = (blocks: Array<[string, string, string | string[]]>) =>
    blocks.map(([test, variable, value]) => `    condition {\n      test     = "${test}"\n      variable = "${variable}"\n      values   = ${JSON.stringify([value].flat())}\n    }\n`).join('');
  const document = (blocks: string) =>
    `data "aws_iam_policy_document" "d" {\n  statement {\n    actions   = ["s3:GetObject"]\n    resources = ["*"]\n${blocks}  }\n}\n\nresource "aws_iam_policy" "p" {\n  name   = "p"\n  policy = data.aws_iam_policy_document.d.json\n}\n`;

  // terraform-provider-aws, internal/service/iam/policy_model.go: iamPolicyStatementConditionSet.MarshalJSON appends
  // each block's values to raw[Test][Variable]; a real plan renders {"StringEquals":{"aws:SourceAccount":[both]}}.
  it('says that the provider merges their values, so either passes, at the last block', async () => {
    // Overlapping: each block alone passes 493827160514, merged either account does.
    const result = await scanText(document(conditions([['StringEquals', 'aws:SourceAccount', '493827160514'], ['StringEquals', 'aws:SourceAccount', ['493827160514', '384756102938']]])), 'main.tf');
    const [finding, ...rest] = duplicates(result);
    expect(rest).toEqual([]);
    expect(finding!.message).toBe(
      '2 condition blocks of one statement of policy p of aws_iam_policy.p test StringEquals on "aws:SourceAccount": the AWS provider merges their values into one list under the key, so the condition passes when any one of them matches, not each of them',
    );
    expect(finding!.location.startLine).toBe(12);
    expect(finding!.related?.map(({ message, location }) => [message, location.startLine])).toEqual([['earlier block of "aws:SourceAccount", its values merged', 7]]);
  });

  it('counts every block of a key repeated three times, and reports each repeated key once', async () => {
    const result = await scanText(
      document(
        conditions([
          ['ArnLike', 'aws:SourceArn', 'arn:aws:s3:::a-*'],
          ['ArnLike', 'aws:SourceArn', 'arn:aws:s3:::b-*'],
          ['StringEquals', 'aws:SourceAccount', '493827160514'],
          ['ArnLike', 'aws:SourceArn', 'arn:aws:s3:::c-*'],
          ['StringEquals', 'aws:SourceAccount', ['493827160514', '384756102938']],
        ]),
      ),
      'main.tf',
    );
    expect(duplicates(result).map((finding) => [finding.location.startLine, finding.message.match(/(\d) condition blocks .* test (\S+) on "([^"]+)"/)!.slice(1)])).toEqual([
      [22, ['3', 'ArnLike', 'aws:SourceArn']],
      [27, ['2', 'StringEquals', 'aws:SourceAccount']],
    ]);
  });

  it('stays silent where the blocks write different keys, or one block writes two values', async () => {
    const silent = [
      conditions([['StringEquals', 'aws:SourceAccount', '493827160514'], ['StringLike', 'aws:SourceAccount', '4938*']]),
      conditions([['StringEquals', 'aws:SourceAccount', '493827160514'], ['StringEquals', 'aws:PrincipalAccount', '493827160514']]),
      // Keys differ in case only: the provider writes two keys.
      conditions([['StringEquals', 'aws:SourceAccount', '493827160514'], ['StringEquals', 'aws:sourceaccount', '384756102938']]),
      '    condition {\n      test     = "StringEquals"\n      variable = "aws:SourceAccount"\n      values   = ["493827160514", "384756102938"]\n    }\n',
      // The same values twice: merged, they require what each block does.
      conditions([['StringEquals', 'aws:SourceAccount', '493827160514'], ['StringEquals', 'aws:SourceAccount', '493827160514']]),
    ];
    for (const blocks of silent) expect(duplicates(await scanText(document(blocks), 'main.tf'))).toEqual([]);
  });

  // A negated test holds where the value matches none of its values: merged, none of either block's may match, which is
  // what the two blocks require (under ForAnyValue: a value matching none of them all, more than each requires).
  it('stays silent for the blocks of a negated test, and reports those of its positive and IfExists forms', async () => {
    const pair = (test: string) => conditions([[test, 'aws:PrincipalAccount', '493827160514'], [test, 'aws:PrincipalAccount', '384756102938']]);
    for (const test of ['StringNotEquals', 'StringNotEqualsIfExists', 'ArnNotLike', 'NotIpAddress', 'ForAllValues:StringNotLike', 'ForAnyValue:StringNotEquals']) {
      expect(duplicates(await scanText(document(pair(test)), 'main.tf'))).toEqual([]);
    }
    // StringEquals and ArnLike of these values are silent as no two of them can hold at once (below).
    for (const test of ['StringEqualsIfExists', 'IpAddress', 'ForAllValues:StringLike', 'ForAnyValue:StringEquals']) {
      expect(duplicates(await scanText(document(pair(test)), 'main.tf')).map((finding) => finding.location.startLine)).toEqual([12]);
    }
  });

  // A request carries one value of a single-valued key: exact tests of blocks with no value in common could never all
  // hold, so the either-or the provider makes of them is all the author can have meant.
  it('stays silent for exact tests of a single-valued key whose blocks share no value, and reports the rest', async () => {
    const pair = (test: string, variable: string, first: string | string[], second: string | string[]) => document(conditions([[test, variable, first], [test, variable, second]]));
    const silent = [
      pair('StringEquals', 'aws:SourceAccount', '493827160514', '384756102938'),
      pair('StringEquals', 'aws:SourceAccount', ['493827160514', '111122223333'], '384756102938'),
      pair('StringEqualsIgnoreCase', 'aws:PrincipalTag/team', 'ml', 'data'),
      pair('NumericEquals', 'aws:MultiFactorAuthAge', '300', '600'),
      pair('DateEquals', 'aws:CurrentTime', '2026-01-01T00:00:00Z', '2026-06-01T00:00:00Z'),
      pair('Bool', 'aws:SecureTransport', 'true', 'false'),
      pair('ArnEquals', 'aws:SourceArn', 'arn:aws:s3:::a', 'arn:aws:s3:::b'),
      pair('ArnLike', 'aws:SourceArn', 'arn:aws:s3:::a', 'arn:aws:s3:::b'),
      pair('StringLike', 'aws:SourceAccount', '493827160514', '384756102938'),
    ];
    for (const text of silent) expect(duplicates(await scanText(text, 'main.tf'))).toEqual([]);
    const reported = [
      // A value in common: each block alone passes it only, merged every value passes.
      pair('StringEquals', 'aws:SourceAccount', '493827160514', ['493827160514', '384756102938']),
      pair('StringEqualsIgnoreCase', 'aws:PrincipalTag/team', 'ml', ['ML', 'data']),
      pair('NumericEquals', 'aws:MultiFactorAuthAge', '300', ['300.0', '600']),
      pair('DateEquals', 'aws:CurrentTime', '2026-01-01T00:00:00Z', ['1767225600', '2026-06-01T00:00:00Z']),
      pair('Bool', 'aws:SecureTransport', 'true', ['TRUE', 'false']),
      // Patterns may meet; a policy variable reads the request.
      pair('ArnLike', 'aws:SourceArn', 'arn:aws:s3:::a*', 'arn:aws:s3:::b'),
      pair('StringLike', 'aws:SourceAccount', '4938?', '384756102938'),
      pair('StringEquals', 'aws:SourceAccount', '493827160514', '$${aws:PrincipalAccount}'),
      // IfExists: a request without the key passes each block; a set qualifier, a multivalued key: several values at once.
      pair('StringEqualsIfExists', 'aws:SourceAccount', '493827160514', '384756102938'),
      pair('ForAnyValue:StringEquals', 'aws:SourceAccount', '493827160514', '384756102938'),
      pair('StringEquals', 'aws:TagKeys', 'team', 'project'),
      pair('StringEquals', 'aws:PrincipalOrgPaths', 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/', 'o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/'),
    ];
    for (const text of reported) expect(duplicates(await scanText(text, 'main.tf')).map((finding) => finding.location.startLine), text).toEqual([12]);
  });

  // IAM compares a Numeric or Date test's values as numbers and instants, a Bool's and an IgnoreCase test's in any case:
  // blocks that write one value so require the same, and merged they require it still.
  it('stays silent for blocks whose values are the same as the test compares them, and reports other values', async () => {
    const pair = (test: string, variable: string, first: string | string[], second: string | string[]) => document(conditions([[test, variable, first], [test, variable, second]]));
    const silent = [
      pair('NumericEquals', 'aws:MultiFactorAuthAge', '300', '300.0'),
      pair('NumericLessThan', 'aws:MultiFactorAuthAge', '300', ['300.00', '0300']),
      pair('Bool', 'aws:SecureTransport', 'true', 'True'),
      pair('DateEquals', 'aws:CurrentTime', '2026-01-01T00:00:00Z', ['2026-01-01T00:00:00+00:00', '1767225600']),
      pair('StringEqualsIgnoreCase', 'aws:TagKeys', 'Team', 'TEAM'),
    ];
    for (const text of silent) expect(duplicates(await scanText(text, 'main.tf')), text).toEqual([]);
    const reported = [
      pair('NumericLessThan', 'aws:MultiFactorAuthAge', '300', '600'),
      pair('DateLessThan', 'aws:CurrentTime', '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z'),
      // ISO 8601 basic format is no date IAM compares (policy-condition-type-mismatch): not the same value.
      pair('DateLessThan', 'aws:CurrentTime', '2026-01-01T00:00:00Z', '20260101T000000Z'),
      // Four digits are a year or epoch seconds: not known to be the year.
      pair('DateLessThan', 'aws:CurrentTime', '2026-01-01T00:00:00Z', '2026'),
      // StringEquals compares case: Team and team are two tags, both passing once merged.
      pair('StringEquals', 'aws:TagKeys', 'Team', 'team'),
    ];
    for (const text of reported) expect(duplicates(await scanText(text, 'main.tf')).map((finding) => finding.location.startLine), text).toEqual([12]);
  });

  // The provider keeps a statement's condition blocks as a set: a block identical to another is that block.
  it('counts and locates identical blocks once, as the provider renders them', async () => {
    const a: [string, string, string[]] = ['ArnLike', 'aws:SourceArn', ['arn:aws:s3:::a-*', 'arn:aws:s3:::b-*']];
    const b: [string, string, string] = ['ArnLike', 'aws:SourceArn', 'arn:aws:s3:::c-*'];
    const found = async (blocks: Array<[string, string, string | string[]]>) =>
      duplicates(await scanText(document(conditions(blocks)), 'main.tf')).map((finding) => [finding.message.match(/^(\d) condition blocks/)![1], finding.location.startLine, ...finding.related.map((related) => related.location.startLine)]);
    expect(await found([a, a])).toEqual([]);
    expect(await found([a, b, b])).toEqual([['2', 12, 7]]);
    // The provider's `values` is a list: the same values in another order, or one written twice, are another block,
    // which it keeps, as a real plan's condition set does (tf-plan-policy-document-condition-set).
    expect(await found([a, b, [a[0], a[1], [...a[2]].reverse()]])).toEqual([['3', 17, 7, 12]]);
    expect(await found([b, [b[0], b[1], [b[2], b[2]]], a])).toEqual([['3', 17, 7, 12]]);
  });

  // Beside its folder, the plan's condition set holds both blocks of the same values in another order: each element is
  // the block whose list is its own in order, as the .tf scan locates them.
  it('locates blocks of the same values in another order beside a plan as the .tf scan does', async () => {
    const places = (result: Awaited<ReturnType<typeof scan>>) =>
      duplicates(result).map((finding) => [finding.message.match(/^(\d) condition blocks/)![1], finding.location.startLine, ...finding.related.map((related) => related.location.startLine)]);
    const tf = places(await scan([join(fixtures, 'tf-policy-document-condition-set')]));
    expect(tf).toContainEqual(['3', 161, 151, 156]);
    expect(places(await scan([join(fixtures, 'tf-plan-policy-document-condition-set')]))).toEqual(tf);
  });

  // `for_each = var.accounts` with `values = [condition.value]`: a block per element, merged into either-or on purpose.
  it('stays silent for the blocks one dynamic block makes, and reports them beside a static block or another dynamic block', async () => {
    const dynamic = (list = 'arns') => `    dynamic "condition" {\n      for_each = local.${list}\n      content {\n        test     = "ArnLike"\n        variable = "aws:SourceArn"\n        values   = [condition.value]\n      }\n    }\n`;
    const arns = `locals {\n  arns = ["arn:aws:s3:::a-*", "arn:aws:s3:::b-*"]\n  others = ["arn:aws:s3:::c-*"]\n}\n\n`;
    const lines = async (blocks: string) => duplicates(await scanText(arns + document(blocks), 'main.tf')).map((finding) => [finding.location.startLine, finding.message.match(/^(\d) condition blocks/)![1]]);
    expect(await lines(dynamic())).toEqual([]);
    expect(await lines(dynamic() + conditions([['ArnLike', 'aws:SourceArn', 'arn:aws:s3:::c-*']]))).toEqual([[20, '3']]);
    expect(await lines(dynamic() + dynamic('others'))).toEqual([[22, '3']]);
    // The static block writes a value the dynamic block's blocks write together: nothing is lost.
    expect(await lines(dynamic() + conditions([['ArnLike', 'aws:SourceArn', ['arn:aws:s3:::a-*', 'arn:aws:s3:::b-*']]]))).toEqual([]);
  });

  it('reads a test, variable or values not known statically as no repeat, unless known values differ besides', async () => {
    const unknown = (test: string, variable: string) =>
      `variable "key" {\n  type = string\n}\n\nvariable "conditions" {\n  type = list(object({ test = string, variable = string, values = list(string) }))\n}\n\n` +
      document(`${conditions([['StringEquals', 'aws:SourceAccount', '493827160514']])}    condition {\n      test     = ${test}\n      variable = ${variable}\n      values   = ["384756102938"]\n    }\n`);
    expect(duplicates(await scanText(unknown('"StringEquals"', 'var.key'), 'main.tf'))).toEqual([]);
    expect(duplicates(await scanText(unknown('var.key', '"aws:SourceAccount"'), 'main.tf'))).toEqual([]);
    // Both written by the same variable: equal, but not known statically.
    expect(duplicates(await scanText(unknown('"StringEquals"', 'var.key').replace('"aws:SourceAccount"', 'var.key'), 'main.tf'))).toEqual([]);
    // Values not known may be the other block's: only blocks of known values that differ weaken the condition.
    const values = (second: string, third = '') =>
      `variable "account" {\n  type = string\n}\n\n` +
      document(`${conditions([['StringEquals', 'aws:SourceAccount', '493827160514']])}    condition {\n      test     = "StringEquals"\n      variable = "aws:SourceAccount"\n      values   = ${second}\n    }\n${third}`);
    expect(duplicates(await scanText(values('[var.account]'), 'main.tf'))).toEqual([]);
    expect(duplicates(await scanText(values('["\${var.account}"]'), 'main.tf'))).toEqual([]);
    const [three] = duplicates(await scanText(values('[var.account]', conditions([['StringEquals', 'aws:SourceAccount', '384756102938']])), 'main.tf'));
    expect(three!.message).toMatch(/^3 condition blocks of one statement/);
  });

  it('reports a statement a later one of its Sid replaces no more, and one a data source includes where it is included', async () => {
    const twice = conditions([['StringEquals', 'aws:SourceAccount', '493827160514'], ['StringEquals', 'aws:SourceAccount', ['493827160514', '384756102938']]]);
    const tree: Tree = {
      'main.tf': `data "aws_iam_policy_document" "base" {\n  statement {\n    sid       = "Read"\n    actions   = ["s3:GetObject"]\n    resources = ["*"]\n${twice}  }\n}\n\n` +
        `data "aws_iam_policy_document" "replaced" {\n  source_policy_documents = [data.aws_iam_policy_document.base.json]\n  statement {\n    sid       = "Read"\n    actions   = ["s3:GetObject"]\n    resources = ["*"]\n  }\n}\n\n` +
        `data "aws_iam_policy_document" "kept" {\n  source_policy_documents = [data.aws_iam_policy_document.base.json]\n}\n\n` +
        `resource "aws_iam_policy" "replaced" {\n  name   = "replaced"\n  policy = data.aws_iam_policy_document.replaced.json\n}\n\n` +
        `resource "aws_iam_policy" "kept" {\n  name   = "kept"\n  policy = data.aws_iam_policy_document.kept.json\n}\n`,
    };
    const result = await scanTree(tree);
    expect(duplicates(result).map((finding) => [finding.resource.address, finding.location.startLine])).toEqual([['aws_iam_policy.kept', 13]]);
  });

  it('is not seen in a plan alone, whose rendered text holds the key once', async () => {
    const plan = readFileSync(join(fixtures, 'tf-plan-policy-document-condition-blocks', 'plan.json'), 'utf8');
    expect(plan).toContain('\\"aws:SourceAccount\\":[\\"384756102938\\",\\"493827160514\\"]');
    expect(duplicates(await scanText(plan, 'plan.json'))).toEqual([]);
  });
});

describe('policy-invalid-condition-operator: the Null operator written as an unquoted YAML key', () => {
  const nullCondition = (key: string) => policyTemplate(`Condition:\n  ${key}:\n    sagemaker:VpcSubnets: "false"`);

  it.each(['Null', 'NULL', 'null', '~'])('%s: YAML reads it as null, and the fix quotes it', async (key) => {
    const [finding, ...rest] = await findings(nullCondition(key), 'policy-invalid-condition-operator');
    expect(rest).toEqual([]);
    expect(finding!.message).toBe(
      `condition operator ${key} in the policy of Policy is read as "null", which is not a condition operator: YAML 1.1 reads the unquoted key ${key} as null; quote it: 'Null':`,
    );
    expect(finding!.fix).toEqual({ description: expect.stringContaining('Quote the key') as string, snippet: "'Null':" });
    expect(finding!.location.startLine).toBe(19);
  });

  it.each([`'Null'`, '"Null"'])('%s quoted is the operator Null', async (key) => {
    expect(await findings(nullCondition(key), 'policy-invalid-condition-operator')).toEqual([]);
  });

  it('a quoted "null" is the text null: the operator is in the wrong case', async () => {
    const [finding] = await findings(nullCondition('"null"'), 'policy-invalid-condition-operator');
    expect(finding!.message).toContain("operator names are case-sensitive, use 'Null'");
    expect(finding!.fix).toBeUndefined();
  });

  it('JSON templates are unaffected: "Null" is the operator, "null" the wrong case', async () => {
    const json = (key: string) =>
      JSON.stringify({
        Resources: {
          Policy: {
            Type: 'AWS::IAM::ManagedPolicy',
            Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sagemaker:CreateTrainingJob', Resource: '*', Condition: { [key]: { 'sagemaker:VpcSubnets': 'false' } } }] } },
          },
        },
      });
    const operatorFindings = async (key: string) => (await scanText(json(key), 'template.json')).findings.filter((finding) => finding.ruleId === 'policy-invalid-condition-operator');
    expect(await operatorFindings('Null')).toEqual([]);
    const [finding] = await operatorFindings('null');
    expect(finding!.message).toContain("operator names are case-sensitive, use 'Null'");
  });

  it('a policy written as JSON text in a YAML string is unaffected', async () => {
    const text = policyTemplate('').replace(
      /PolicyDocument:[\s\S]*$/,
      `PolicyDocument: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sagemaker:CreateTrainingJob", "Resource": "*", "Condition": {"null": {"sagemaker:VpcSubnets": "false"}}}]}'\n`,
    );
    const [finding] = await findings(text, 'policy-invalid-condition-operator');
    expect(finding!.message).toContain("operator names are case-sensitive, use 'Null'");
  });
});

describe('policy-invalid-condition-operator: IfExists written before the rest of the name', () => {
  // The nearest name by edit distance, StringEqualsIgnoreCase, would drop IfExists: requests without the key would
  // no longer pass an Allow (or no longer meet a Deny's negated condition).
  it.each(['ifexists-inside-name.yaml', 'ifexists-inside-name.json', 'ifexists-inside-name.plan.json', 'tf-ifexists-inside-name'])('%s names the operator with IfExists at the end', async (fixture) => {
    const result = await scan([join(import.meta.dirname, '..', 'fixtures', 'policy-invalid-condition-operator', fixture)]);
    const messages = result.findings.filter((finding) => finding.ruleId === 'policy-invalid-condition-operator').map((finding) => finding.message);
    expect(messages).toEqual([expect.stringContaining("'StringEqualsIfExistsIgnoreCase' is not a condition operator: IfExists ends an operator's name, use 'StringEqualsIgnoreCaseIfExists'")]);
  });
});

describe('policy-malformed: what to write instead of a Ref of a role, user or group', () => {
  const TRUST = (principal: string) => `AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: ${principal}
            Action: sts:AssumeRole`;
  const template = (resources: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  ExecRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: ec2.amazonaws.com
            Action: sts:AssumeRole
${resources}`;
  const messages = async (text: string) => (await findings(text, 'policy-malformed')).map((finding) => finding.message);

  it("says Fn::GetAtt of another role, and the Fn::Sub form inside an Fn::Sub's text", async () => {
    const text = template(`  ByRef:
    Type: AWS::IAM::Role
    Properties:
      ${TRUST('!Ref ExecRole')}
  BySub:
    Type: AWS::IAM::Role
    Properties:
      ${TRUST("!Sub '${ExecRole}'")}
  ByText:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: !Sub '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"\${ExecRole}"},"Action":"sts:AssumeRole"}]}'
  Pass:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: iam:PassRole
            Resource: !Sub '\${ExecRole}'
`);
    const [byRef, bySub, byText, pass] = await messages(text);
    expect(byRef).toMatch(/: use Fn::GetAtt ExecRole\.Arn \(AWS rejects/);
    for (const message of [bySub, byText, pass]) {
      expect(message).toContain(': write ${ExecRole.Arn} in the Fn::Sub (AWS rejects');
      expect(message).not.toContain('GetAtt');
    }
  });

  it("in a role's own trust policy, trusts its account with a condition on aws:PrincipalArn, not its Arn (a circular dependency)", async () => {
    const text = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Unnamed:
    Type: AWS::IAM::Role
    Properties:
      ${TRUST('!Ref Unnamed')}
  Named:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub '\${AWS::StackName}-exec'
      Path: /jobs/
      ${TRUST('!Ref Named')}
      Policies:
        - PolicyName: self
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: sts:AssumeRole
                Resource: !Ref Named
`;
    const [unnamed, named, ownPolicy] = await messages(text);
    expect(unnamed).toContain('Fn::GetAtt Unnamed.Arn in its own trust policy is a circular dependency CloudFormation refuses');
    expect(unnamed).toContain('give the role a RoleName');
    expect(unnamed).toContain('trust its account, arn:${AWS::Partition}:iam::${AWS::AccountId}:root, with the Condition ArnEquals aws:PrincipalArn arn:${AWS::Partition}:iam::${AWS::AccountId}:role/<RoleName>');
    expect(named).not.toContain('give the role a RoleName');
    expect(named).toContain('aws:PrincipalArn arn:${AWS::Partition}:iam::${AWS::AccountId}:role/jobs/${AWS::StackName}-exec (both as Fn::Sub text)');
    expect(ownPolicy).toContain('Fn::GetAtt Named.Arn in its own policy is a circular dependency CloudFormation refuses: write the ARN as the Fn::Sub text arn:${AWS::Partition}:iam::${AWS::AccountId}:role/jobs/${AWS::StackName}-exec (AWS rejects');
    for (const message of [unnamed, named, ownPolicy]) expect(message).not.toContain('use Fn::GetAtt');
  });
});

describe('policy-malformed: a Terraform name reference in a module', () => {
  const trust = (principal: string) => `jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = ${principal} }] })`;
  const malformed = async (tree: Record<string, string>) => (await scanTree(tree)).findings.filter((finding) => finding.ruleId === 'policy-malformed').map((finding) => finding.message);

  it('says to write the reference as the module writes it, not by the module address', async () => {
    const messages = await malformed({
      'main.tf': 'module "m" {\n  source = "./mod"\n}\n',
      'mod/main.tf': [
        `resource "aws_iam_role" "caller" {\n  assume_role_policy = ${trust('{ Service = "ec2.amazonaws.com" }')}\n}`,
        `resource "aws_iam_role" "many" {\n  for_each = toset(["a"])\n  assume_role_policy = ${trust('{ Service = "ec2.amazonaws.com" }')}\n}`,
        `resource "aws_iam_role" "target" {\n  assume_role_policy = ${trust('{ AWS = aws_iam_role.caller.name }')}\n}`,
        `resource "aws_iam_role" "other" {\n  for_each = toset(["a"])\n  assume_role_policy = ${trust('{ AWS = aws_iam_role.many[each.key].id }')}\n}`,
      ].join('\n'),
    });
    expect(messages).toHaveLength(2);
    expect(messages.find((message) => message.includes('caller'))).toContain('use aws_iam_role.caller.arn (AWS rejects');
    expect(messages.find((message) => message.includes('many'))).toContain('use aws_iam_role.many["a"].arn (the same reference with .arn in place of .id, its index as written)');
    for (const message of messages) expect(message).not.toContain('use module.');
  });

  it('says where the ARN is given for a name read through a module input', async () => {
    const [message] = await malformed({
      'main.tf': `resource "aws_iam_role" "caller" {\n  assume_role_policy = ${trust('{ Service = "ec2.amazonaws.com" }')}\n}\nmodule "m" {\n  source    = "./mod"\n  role_name = aws_iam_role.caller.name\n}\n`,
      'mod/main.tf': `variable "role_name" { type = string }\nresource "aws_iam_role" "target" {\n  assume_role_policy = ${trust('{ AWS = var.role_name }')}\n}\n`,
    });
    expect(message).toContain("use the role's ARN where its .name is read (aws_iam_role.caller.arn in the root module), and pass that on");
  });
});

describe('policy-malformed: a Terraform name reference in a policy document data source the plan defers to apply', () => {
  const fixture = (...steps: string[]) => join(import.meta.dirname, '..', ...steps);
  const read = (directory: string, files: string[]) => Object.fromEntries(files.map((file) => [file, readFileSync(join(directory, file), 'utf8')]));
  const ofDocuments = async (tree: Tree, options: { paths?: string[]; terraformFolder?: string } = {}) =>
    (await scanTree(tree, options)).findings
      .filter((finding) => finding.ruleId === 'policy-malformed' && ['aws_iam_role.by_id', 'aws_iam_policy.pass_document', 'aws_iam_policy.made'].includes(finding.resource.address))
      .map(({ location, message }) => `${basename(location.file)}:${location.startLine} ${message}`)
      .sort();

  it('fires beside the plan, or with --tf-dir, where the .tf scan does; not on the plan alone, which cannot tell a reference alone from one inside an ARN', async () => {
    // A real plan: identifiers = [aws_iam_role.caller.id], resources = [aws_iam_role.caller.arn, aws_iam_role.caller.name],
    // not_resources = [aws_iam_group.team.id], and an ARN built around the name (silent).
    const directory = fixture('fixtures', 'policy-malformed', 'tf-plan-role-name-reference');
    const fromTf = await ofDocuments(read(directory, ['main.tf', 'prov.tf']));
    expect(fromTf.map((finding) => finding.split(' ')[0])).toEqual(['main.tf:103', 'main.tf:37', 'main.tf:99']);
    expect(await ofDocuments(read(directory, ['main.tf', 'prov.tf', 'plan.json']), { paths: ['plan.json'] })).toEqual(fromTf);
    expect(await ofDocuments(read(directory, ['plan.json']), { paths: ['plan.json'], terraformFolder: directory })).toEqual(fromTf);
    expect(await ofDocuments(read(directory, ['plan.json']))).toEqual([]);
  });

  it('links nothing where a dynamic statement block comes first: the configuration leaves it out, and its statements are not the plan\'s by position', async () => {
    // A real plan: the dynamic block's statement reads aws_iam_role.caller.arn, the static one after it .name (line 21).
    const directory = fixture('parsers', 'terraform-plan', 'dynamic-statement-names');
    const tf = read(directory, ['main.tf', 'prov.tf']);
    expect((await ofDocuments(tf)).map((finding) => finding.split(' ')[0])).toEqual(['main.tf:21']);
    // Paired by position, the static statement's .name would be read into the dynamic block's (line 16).
    expect(await ofDocuments({ ...tf, ...read(directory, ['plan.json']) }, { paths: ['plan.json'] })).toEqual([]);
  });
});

describe('policy-malformed: a Sid that is not text', () => {
  it.each([
    ['a list', 'Sid: [ReadLogs]', true],
    ['an object', 'Sid: {Name: ReadLogs}', true],
    ['a number, which may reach IAM as its text', 'Sid: 12', false],
    ['true or false, which may reach IAM as its text', 'Sid: true', false],
  ])('%s', async (_what, sid, fires) => {
    const result = await scanText(policyTemplate(sid));
    const messages = result.findings.filter((finding) => finding.ruleId === 'policy-malformed').map((finding) => finding.message);
    expect(messages).toEqual(fires ? [expect.stringContaining('the Sid must be a string')] : []);
  });
});

describe('a policy document data source the plan defers to apply whose statement writes several principals blocks', () => {
  const directory = join(import.meta.dirname, '..', 'fixtures', 'policy-malformed', 'tf-plan-document-principal-blocks');
  const read = (files: string[]) => Object.fromEntries(files.map((file) => [file, readFileSync(join(directory, file), 'utf8')]));
  // The principals each finding reads: policy-malformed's message, and the other principals trust-service-without-source-condition's fix names.
  const principals = async (tree: Tree, options: { paths?: string[]; terraformFolder?: string } = {}) =>
    (await scanTree(tree, options)).findings
      .filter((finding) => ['policy-malformed', 'trust-service-without-source-condition'].includes(finding.ruleId))
      .map(({ ruleId, resource, location, message, fix }) => `${ruleId} ${resource.address} ${basename(location.file)}:${location.startLine} ${ruleId === 'policy-malformed' ? message : /also trusts (.*?), which these conditions/.exec(fix?.description ?? '')?.[1]}`)
      .sort();

  it('reads each planned block with the block whose constants it holds, beside the plan or with --tf-dir, as the .tf scan does', async () => {
    // A real plan: the provider lists the Service block before the AWS one the file writes first; by position, the
    // AWS block's reference would be read into the Service block. Blocks alike but for what they read (alike,
    // two_roles, two_names: two AWS blocks that each read a role) are planned alike and each read with one of them.
    // Those alike in constants but planned otherwise (not_alike: a block of two identifiers, a variable's known ARN)
    // are told apart by the .tf scan only.
    const fromTf = await principals(read(['main.tf', 'prov.tf']));
    const malformed = (resource: string, line: number, role: string, attribute: string) =>
      `policy-malformed aws_iam_role.${resource} main.tf:${line} the trust policy of aws_iam_role.${resource}: AWS principal aws_iam_role.${role}.${attribute} is the name of role aws_iam_role.${role}, not its ARN, and IAM refuses a name as a principal ("Invalid principal in policy"): use aws_iam_role.${role}.arn (AWS rejects this policy at deploy time)`;
    expect(fromTf).toEqual([
      malformed('alike', 78, 'caller', 'name'),
      malformed('by_name', 22, 'caller', 'name'),
      malformed('by_name', 38, 'caller', 'id'),
      malformed('not_alike', 156, 'caller', 'name'),
      malformed('not_alike', 171, 'other', 'name'),
      malformed('two_names', 123, 'other', 'id'),
      malformed('two_names', 138, 'other', 'name'),
      'trust-service-without-source-condition aws_iam_role.by_arn main.tf:52 ${aws_iam_role.caller.arn}, cognito-identity.amazonaws.com',
      'trust-service-without-source-condition aws_iam_role.by_name main.tf:26 ${aws_iam_role.caller.name}',
      'trust-service-without-source-condition aws_iam_role.two_roles main.tf:104 ${aws_iam_role.caller.arn}, ${aws_iam_role.other.arn}',
    ]);
    const beside = fromTf.filter((finding) => !finding.includes('aws_iam_role.not_alike'));
    expect(await principals(read(['main.tf', 'prov.tf', 'plan.json']), { paths: ['plan.json'] })).toEqual(beside);
    expect(await principals(read(['plan.json']), { paths: ['plan.json'], terraformFolder: directory })).toEqual(beside);
  });

  it('pairs the blocks alike but for what they read in a .tf.json file too, beside its real plan or with --tf-dir', async () => {
    // A .tf.json policy document's statements are located in its objects beside a plan, as the .tf.json scan locates them.
    const json = join(directory, '..', 'tf-plan-document-principal-blocks-json');
    const files = (names: string[]) => Object.fromEntries(names.map((file) => [file, readFileSync(join(json, file), 'utf8')]));
    const fromTf = await principals(files(['main.tf.json', 'prov.tf']));
    expect(fromTf).toEqual([
      expect.stringMatching(/^policy-malformed aws_iam_role\.two_names main\.tf\.json:24 the trust policy of aws_iam_role\.two_names: AWS principal aws_iam_role\.other\.name is the name of role/),
      'trust-service-without-source-condition aws_iam_role.two_roles main.tf.json:35 ${aws_iam_role.caller.arn}, ${aws_iam_role.other.arn}',
    ]);
    expect(await principals(files(['main.tf.json', 'prov.tf', 'plan.json']), { paths: ['plan.json'] })).toEqual(fromTf);
    expect(await principals(files(['plan.json']), { paths: ['plan.json'], terraformFolder: json })).toEqual(fromTf);
  });

  it('links none on the plan alone, which cannot tell a reference alone from one inside an ARN', async () => {
    const alone = await principals(read(['plan.json']));
    expect(alone.filter((finding) => finding.startsWith('policy-malformed'))).toEqual([]);
    expect(alone.filter((finding) => finding.startsWith('trust-service')).map((finding) => finding.replace(/^(\S+ \S+) \S+/, '$1'))).toEqual([
      'trust-service-without-source-condition aws_iam_role.by_arn <unresolved: known after apply>, cognito-identity.amazonaws.com',
      'trust-service-without-source-condition aws_iam_role.by_name <unresolved: known after apply>',
      'trust-service-without-source-condition aws_iam_role.two_roles <unresolved: known after apply>, <unresolved: known after apply>',
    ]);
  });
});

describe('policy-malformed: a Sid built with a value of the owner that always holds a character a Sid refuses', () => {
  const sidMessages = (findings: Array<{ ruleId: string; message: string }>) => findings.filter((finding) => finding.ruleId === 'policy-malformed').map((finding) => finding.message.replace(/^.*?: the Sid /, 'the Sid ').replace(/: a Sid is .*$/, ''));

  it.each([
    ['the region', 'Sid: !Sub Read${AWS::Region}', 'the Sid "Read${AWS::Region}" holds ${AWS::Region}, and every region name has "-" (us-east-1)'],
    ['the region alone', 'Sid: !Ref AWS::Region', 'the Sid "${AWS::Region}" holds ${AWS::Region}, and every region name has "-" (us-east-1)'],
    ['the URL suffix', 'Sid: !Sub Read${AWS::URLSuffix}', 'the Sid "Read${AWS::URLSuffix}" holds ${AWS::URLSuffix}, and every DNS suffix has "." (amazonaws.com)'],
    ['the stack ID', 'Sid: !Sub ${AWS::StackId}', 'the Sid "${AWS::StackId}" holds ${AWS::StackId}, and every stack ID has ":" (arn:aws:cloudformation:us-east-1:123456789012:stack/name/id)'],
    ['a parameter beside the region: the region decides', 'Sid: !Sub ${NoDefault}${AWS::Region}', 'the Sid "${NoDefault}${AWS::Region}" holds ${AWS::Region}, and every region name has "-" (us-east-1)'],
    ['a character written beside it: that character, as before', 'Sid: !Sub Read_${AWS::Region}', 'the Sid "Read_${AWS::Region}" holds "_"'],
    ['the stack name, which may be letters and digits', 'Sid: !Sub ${AWS::StackName}Read', undefined],
    ['the partition, aws in the commercial partition', 'Sid: !Sub Read${AWS::Partition}', undefined],
    ['the account id', 'Sid: !Sub Read${AWS::AccountId}', undefined],
    ['a parameter', 'Sid: !Sub Read${NoDefault}', undefined],
    ['the region split at its hyphens and joined again: letters and digits', 'Sid: !Join ["", !Split ["-", !Sub "Read${AWS::Region}"]]', undefined],
    ['a piece of the region split at its hyphens', 'Sid: !Select [0, !Split ["-", !Ref AWS::Region]]', undefined],
    ['a piece of the DNS suffix split at its dots', 'Sid: !Select [0, !Split [".", !Ref AWS::URLSuffix]]', undefined],
    ['the region a split at colons keeps whole', 'Sid: !Select [1, !Split [":", !Sub "Read:${AWS::Region}"]]', 'the Sid "${AWS::Region}" holds ${AWS::Region}, and every region name has "-" (us-east-1)'],
    // Judged by every region, not by us-east-1 alone: us-west-2 loses its hyphens to "-west-", us-east-2 is cut at "2".
    ['the region split at "-west-" and joined again: not known', 'Sid: !Join ["", !Split ["-west-", !Ref AWS::Region]]', undefined],
    ['a piece of the region split at "2": not known', 'Sid: !Select [0, !Split ["2", !Sub "Read${AWS::Region}"]]', undefined],
    ['the region a split at "_" keeps whole', 'Sid: !Select [0, !Split ["_", !Sub "Read${AWS::Region}_x"]]', 'the Sid "Read${AWS::Region}" holds ${AWS::Region}, and every region name has "-" (us-east-1)'],
    // A stack's name may hold hyphens (ml-prod): the piece after the first is not known to be "Read.x".
    ['a piece after the stack name split at a hyphen: not known', 'Sid: !Select [1, !Split ["-", !Sub "${AWS::StackName}-Read.x"]]', undefined],
    ['a piece after the stack name split at a dot, which it never holds', 'Sid: !Select [1, !Split [".", !Sub "${AWS::StackName}.Read-x"]]', 'the Sid "Read-x" holds "-"'],
  ])('CloudFormation: %s', async (_what, sid, message) => {
    expect(sidMessages(await findings(policyTemplate(sid), 'policy-malformed'))).toEqual(message === undefined ? [] : [message]);
  });

  const policy = (sid: string, provider = '') =>
    `${provider}data "aws_region" "here" {}\ndata "aws_partition" "here" {}\nvariable "region" {\n  type = string\n}\n` +
    `resource "aws_iam_policy" "p" {\n  name   = "p"\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Sid = ${sid}, Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })\n}\n`;

  it.each([
    ['the region', '"Read${data.aws_region.here.name}"', '', 'the Sid "Read${data.aws_region.here.name}" holds ${data.aws_region.here.name}, and every region name has "-" (us-east-1)'],
    ['the region by its id', 'data.aws_region.here.id', '', 'the Sid "${data.aws_region.here.name}" holds ${data.aws_region.here.name}, and every region name has "-" (us-east-1)'],
    ['the DNS suffix', '"Read${data.aws_partition.here.dns_suffix}"', '', 'the Sid "Read${data.aws_partition.here.dns_suffix}" holds ${data.aws_partition.here.dns_suffix}, and every DNS suffix has "." (amazonaws.com)'],
    ['the region the provider writes: that region', '"Read${data.aws_region.here.name}"', 'provider "aws" {\n  region = "eu-west-1"\n}\n', 'the Sid "Readeu-west-1" holds "-"'],
    ['the partition', '"Read${data.aws_partition.here.partition}"', '', undefined],
    ['a variable', '"Read${var.region}"', '', undefined],
    ['the region without its hyphens', '"Read${replace(data.aws_region.here.name, "-", "")}"', '', undefined],
    ['the region without what a pattern finds', '"Read${replace(data.aws_region.here.name, "/[^a-zA-Z0-9]/", "")}"', '', undefined],
    ['the region split at its hyphens and joined again', 'join("", split("-", data.aws_region.here.name))', '', undefined],
    ['the region where a replace finds nothing', '"Read${replace(data.aws_region.here.name, "_", "")}"', '', 'the Sid "Read${data.aws_region.here.name}" holds ${data.aws_region.here.name}, and every region name has "-" (us-east-1)'],
    // Judged by every region, not by us-east-1 alone: us-west-2 loses its hyphens to "-west-", us-east-2 is cut at "2".
    ['the region without "-west-": not known', '"Read${replace(data.aws_region.here.name, "-west-", "")}"', '', undefined],
    ['the region split at "2" and joined again: not known', 'join("", split("2", data.aws_region.here.name))', '', undefined],
    ['the region without what a pattern finds in some regions: not known', '"Read${replace(data.aws_region.here.name, "/-west-|2$/", "")}"', '', undefined],
    ['the region where a pattern finds nothing', '"Read${replace(data.aws_region.here.name, "/[_.:]+/", "")}"', '', 'the Sid "Read${data.aws_region.here.name}" holds ${data.aws_region.here.name}, and every region name has "-" (us-east-1)'],
    ['the region split where no region has the separator', 'join("", split(":", "Read:${data.aws_region.here.name}"))', '', 'the Sid "Read${data.aws_region.here.name}" holds ${data.aws_region.here.name}, and every region name has "-" (us-east-1)'],
    ['the region of a provider given by a variable: a region all the same', '"Read${data.aws_region.here.name}"', 'provider "aws" {\n  region = var.region\n}\n', 'the Sid "Read${data.aws_region.here.name}" holds ${data.aws_region.here.name}, and every region name has "-" (us-east-1)'],
  ])('Terraform: %s', async (_what, sid, provider, message) => {
    expect(sidMessages((await scanTree({ 'main.tf': policy(sid, provider) })).findings)).toEqual(message === undefined ? [] : [message]);
  });
});
