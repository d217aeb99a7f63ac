import { describe, expect, it } from 'vitest';
import { normalizePolicy, type NormalizedTexts } from '../../src/iam/normalize.js';
import type { Path, SourceLocation } from '../../src/model/location.js';
import type { PolicyRef, Resource } from '../../src/model/resource.js';
import { OWNER_URL_SUFFIX, Unresolved, unresolvedMarker, type Value } from '../../src/model/value.js';

/** A resource whose locator answers with the path it was asked for, so tests can see which path a finding would use. */
function resourceWith(locate: (path: Path) => SourceLocation = () => at(1, 1), stringOrigin?: () => { line: number; column: number; indentColumn: number }): Resource {
  return {
    address: 'stack.yaml#Role',
    name: 'Role',
    type: 'AWS::IAM::Role',
    kind: 'iam-role',
    file: 'stack.yaml',
    format: 'cloudformation',
    syntax: 'yaml',
    properties: {},
    location: at(1, 1),
    locator: { locate, ...(stringOrigin ? { stringOrigin } : {}) },
  };
}

function at(line: number, column: number): SourceLocation {
  return { file: 'stack.yaml', startLine: line, startColumn: column, endLine: line, endColumn: column };
}

const trust: PolicyRef = { resource: 'stack.yaml#Role', path: ['Properties', 'AssumeRolePolicyDocument'], kind: 'trust' };
const identity: PolicyRef = { resource: 'stack.yaml#Role', path: ['Properties', 'Policies', 0, 'PolicyDocument'], kind: 'identity', name: 'inline' };

describe('normalizePolicy shapes', () => {
  it.each<[string, Value, PolicyRef, string[]]>([
    ['Statement as one object', { Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' } }, trust, []],
    ['a statement without Effect', { Statement: [{ Principal: '*', Action: 'sts:AssumeRole' }] }, trust, ['the statement has no Effect']],
    ['an unknown principal type', { Statement: [{ Effect: 'Allow', Principal: { Services: 'x' }, Action: 'sts:AssumeRole' }] }, trust, ['unknown principal type "Services" (expected AWS, Service, Federated, CanonicalUser)']],
    ['a principal that is a plain string', { Statement: [{ Effect: 'Allow', Principal: 'sagemaker.amazonaws.com', Action: 'sts:AssumeRole' }] }, trust, ['a principal must be "*" or an object of AWS/Service/Federated/CanonicalUser, not "sagemaker.amazonaws.com"']],
    ['Condition that is not an object', { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Condition: 'x' }] }, trust, ['Condition must be an object of operator: {key: values}']],
    ['a trust statement without Principal', { Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] }, trust, ['a trust policy statement needs a Principal']],
    ['an identity statement with a Principal', { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }] }, identity, ['an identity-based policy cannot name a Principal']],
    ['a trust statement with both Principal and NotPrincipal', { Statement: [{ Effect: 'Deny', NotPrincipal: { Service: 'sagemaker.amazonaws.com' }, Principal: '*', Action: 'sts:AssumeRole' }] }, trust, ['a statement cannot have both Principal and NotPrincipal']],
    ['an identity statement with both Principal and NotPrincipal names a Principal, once', { Statement: [{ Effect: 'Allow', Principal: '*', NotPrincipal: '*', Action: 's3:GetObject', Resource: '*' }] }, identity, ['an identity-based policy cannot name a Principal']],
    ['a Principal and a NotPrincipal in two statements', { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }, { Effect: 'Deny', NotPrincipal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] }, trust, []],
    ['a misspelled element is reported once', { Statement: [{ Effect: 'Allow', Actions: 's3:GetObject', Resource: '*' }] }, identity, ['"Actions" is not a statement element (did you mean "Action"?)']],
    ...['arn:aws:iam::root', 'arn:aws::iam::210987654321:root', 'arn:aws:s3:::bucket', 'arn:aws:iam::210987654321:group/admins', 'arn:aws:iam::210987654321:federated-user/bob'].map(
      (arn): [string, Value, PolicyRef, string[]] => [
        `an AWS principal IAM refuses: ${arn}`,
        { Statement: [{ Effect: 'Allow', Principal: { AWS: arn }, Action: 'sts:AssumeRole' }] },
        trust,
        [`AWS principal "${arn}" is not an account id or an ARN of the form arn:aws:iam::<account>:<root|role/...|user/...> or arn:aws:sts::<account>:<assumed-role/...|federated-user/...>`],
      ],
    ),
    [
      'a wildcard inside an AWS principal ARN',
      { Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::*:root' }, Action: 'sts:AssumeRole' }] },
      trust,
      ['AWS principal "arn:aws:iam::*:root" is not an account id or an ARN of the form arn:aws:iam::<account>:<root|role/...|user/...> or arn:aws:sts::<account>:<assumed-role/...|federated-user/...>: wildcards are allowed only as the whole principal "*"'],
    ],
    ['valid AWS principals', { Statement: [{ Effect: 'Allow', Principal: { AWS: ['*', '210987654321', 'AROAEXAMPLEID1234567', 'arn:aws:iam::210987654321:role/x', 'arn:aws-cn:sts::210987654321:assumed-role/r/s'] }, Action: 'sts:AssumeRole' }] }, trust, []],
    ['an unknown Version', { Version: '2012-10-18', Statement: [] }, identity, ['Version must be "2012-10-17" (or the legacy "2008-10-17"), not "2012-10-18"']],
  ])('%s', (_name, document, ref, problems) => {
    expect(normalizePolicy(document, ref, resourceWith()).problems.map((problem) => problem.message)).toEqual(problems);
  });

  it('keeps paths of single values and list items, and turns numbers and booleans into IAM strings', () => {
    const doc = normalizePolicy(
      { Statement: [{ Effect: 'Allow', Principal: { AWS: ['111111111111', 222222222222] }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:SecureTransport': true } } }] },
      trust,
      resourceWith(),
    );
    const statement = doc.statements[0]!;
    expect(statement.principal!.AWS).toEqual([
      { value: '111111111111', path: ['Properties', 'AssumeRolePolicyDocument', 'Statement', 0, 'Principal', 'AWS', 0] },
      { value: '222222222222', path: ['Properties', 'AssumeRolePolicyDocument', 'Statement', 0, 'Principal', 'AWS', 1] },
    ]);
    expect(statement.action![0]!.path).toEqual(['Properties', 'AssumeRolePolicyDocument', 'Statement', 0, 'Action']);
    expect(statement.conditions[0]).toMatchObject({ operator: 'Bool', key: 'aws:SecureTransport', values: [{ value: 'true' }], valueWasList: false });
  });

  it('drops empty condition values: an empty string is unset', () => {
    const doc = normalizePolicy({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': '' } } }] }, trust, resourceWith());
    expect(doc.statements[0]!.conditions).toEqual([]);
  });

  it('reads a service principal written with AWS::URLSuffix as the amazonaws.com principal', () => {
    const doc = normalizePolicy({ Statement: [{ Effect: 'Allow', Principal: { Service: `sagemaker.${OWNER_URL_SUFFIX}` }, Action: 'sts:AssumeRole' }] }, trust, resourceWith());
    expect(doc.statements[0]!.principal!.Service[0]!.value).toBe('sagemaker.amazonaws.com');
  });

  it('keeps an unresolved document or statement as unresolved, never as empty', () => {
    expect(normalizePolicy(new Unresolved('Fn::ImportValue x'), trust, resourceWith()).unresolved?.reason).toBe('Fn::ImportValue x');
    const doc = normalizePolicy({ Statement: [new Unresolved('parameter P has no value')] }, trust, resourceWith());
    expect(doc.statements[0]!.unresolved?.reason).toBe('parameter P has no value');
  });

  it('reads an object with a key written from an unknown value as wholly unknown, as Terraform does, never as a problem', () => {
    const unknownKey = unresolvedMarker('variable: var.k has no default and no value was given');
    const principal = normalizePolicy({ Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com', [unknownKey]: '*' }, Action: 'sts:AssumeRole' }] }, trust, resourceWith());
    expect(principal.problems).toEqual([]);
    expect(principal.statements[0]!.principal!.unresolved?.reason).toBe('variable: var.k has no default and no value was given');
    const statement = normalizePolicy({ Statement: [{ Effect: 'Allow', [`${unknownKey}Action`]: 's3:GetObject', Resource: '*' }] }, identity, resourceWith());
    expect(statement.problems).toEqual([]);
    expect(statement.statements[0]!.unresolved?.reason).toBe('variable: var.k has no default and no value was given');
    const text = `{"Statement": [], "${unknownKey}": "x"}`;
    const document = normalizePolicy(text, identity, resourceWith());
    expect([document.problems, document.statements, document.unresolved?.reason]).toEqual([[], [], 'variable: var.k has no default and no value was given']);
    expect(normalizePolicy(text, identity, resourceWith(), new Map()).unresolved?.reason).toBe('variable: var.k has no default and no value was given');
  });

  it('reads a condition whose operator or key is written from an unknown value as an unknown condition, which may be any pinning one', () => {
    const unknownKey = unresolvedMarker('variable: var.k has no default and no value was given');
    const doc = normalizePolicy(
      { Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { [unknownKey]: 'o-123', 'aws:PrincipalTag/team': 'ml' }, [unknownKey]: { 'aws:PrincipalOrgID': 'o-123' } } }] },
      trust,
      resourceWith(),
    );
    expect(doc.problems).toEqual([]);
    expect(doc.statements[0]!.conditions.map((condition) => [condition.key, condition.unresolved?.reason])).toEqual([
      ['', 'variable: var.k has no default and no value was given'],
      ['aws:PrincipalTag/team', undefined],
      ['', 'variable: var.k has no default and no value was given'],
    ]);
  });
});

describe('policies written as JSON strings', () => {
  const text = '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Principal": {"Service": "sagemaker.amazonaws.com"},\n    "Action": "sts:AssumeRole",\n    "Action": "sts:TagSession"\n  }]\n}\n';

  it('parses the string, maps positions through the string origin, and finds duplicate keys with both lines', () => {
    const doc = normalizePolicy(text, trust, resourceWith(() => at(3, 7), () => ({ line: 4, column: 9, indentColumn: 9 })));
    expect(doc.statements[0]!.principal!.Service[0]!.value).toBe('sagemaker.amazonaws.com');
    expect(doc.locator.locate(['Properties', 'AssumeRolePolicyDocument', 'Statement', 0, 'Principal'])).toMatchObject({ startLine: 8, startColumn: 13 });
    expect(doc.duplicateKeys).toEqual([
      { path: ['Properties', 'AssumeRolePolicyDocument', 'Statement', 0], key: 'Action', locations: [expect.objectContaining({ startLine: 9 }), expect.objectContaining({ startLine: 10 })] },
    ]);
  });

  it('points at the string itself when its text is not lines of the file', () => {
    const doc = normalizePolicy(text, trust, resourceWith(() => at(3, 7)));
    expect(doc.locator.locate(['Properties', 'AssumeRolePolicyDocument', 'Statement', 0, 'Principal'])).toMatchObject({ startLine: 3, startColumn: 7 });
  });

  it('shares what a repeated text reads as, yet locates each copy and its repeated keys in its own resource', () => {
    const texts: NormalizedTexts = new Map();
    const origin = (line: number) => () => ({ line, column: 9, indentColumn: 9 });
    const first = normalizePolicy(text, trust, resourceWith(() => at(3, 7), origin(4)), texts);
    const second = normalizePolicy(`${text}`, trust, resourceWith(() => at(30, 7), origin(40)), texts);
    expect(second.statements).toBe(first.statements);
    expect(second.writtenAsText).toBe(true);
    const principal = ['Properties', 'AssumeRolePolicyDocument', 'Statement', 0, 'Principal'];
    expect([first, second].map((doc) => doc.locator.locate(principal).startLine)).toEqual([8, 44]);
    expect([first, second].map((doc) => doc.duplicateKeys!.flatMap((duplicate) => duplicate.locations.map((location) => location.startLine)))).toEqual([
      [9, 10],
      [45, 46],
    ]);
    // The same text read at another path, or as another kind of policy, is read again: its paths and problems differ.
    const asIdentity = normalizePolicy(text, identity, resourceWith(), texts);
    expect(asIdentity.statements).not.toBe(first.statements);
    expect(asIdentity.statements[0]!.path).toEqual(['Properties', 'Policies', 0, 'PolicyDocument', 'Statement', 0]);
    expect(asIdentity.problems.map((problem) => problem.message)).toContain('an identity-based policy cannot name a Principal');
  });

  it('reads a repeated text again at a path that differs in any step, even `0` against "0"', () => {
    const texts: NormalizedTexts = new Map();
    const policyText = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
    const at = (...path: Array<string | number>): PolicyRef => ({ ...identity, path });
    const first = normalizePolicy(policyText, at('Properties', 'Policies', 0, 'PolicyDocument'), resourceWith(), texts);
    const samePlace = normalizePolicy(policyText, at('Properties', 'Policies', 0, 'PolicyDocument'), resourceWith(), texts);
    const textIndex = normalizePolicy(policyText, at('Properties', 'Policies', '0', 'PolicyDocument'), resourceWith(), texts);
    const shorter = normalizePolicy(policyText, at('Properties', 'Policies', 0), resourceWith(), texts);
    expect(samePlace.statements).toBe(first.statements);
    expect(textIndex.statements).not.toBe(first.statements);
    expect(textIndex.statements[0]!.path).toEqual(['Properties', 'Policies', '0', 'PolicyDocument', 'Statement', 0]);
    expect(shorter.statements[0]!.path).toEqual(['Properties', 'Policies', 0, 'Statement', 0]);
    // Each place read once, under the one text.
    expect(texts.size).toBe(1);
    expect([...texts.values()][0]).toHaveLength(3);
  });

  it('says of every copy of a repeated text whether a value in it is known only after apply', () => {
    const texts: NormalizedTexts = new Map();
    // A value known after apply stands in the text as its marker (Terraform's jsonencode of an unknown value).
    const open = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "${unresolvedMarker('known after apply')}"}]}`;
    const known = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
    const read = (policyText: string) => normalizePolicy(policyText, identity, resourceWith(), texts);
    const [first, copy, other] = [read(open), read(`${open}`), read(known)];
    expect(copy.statements).toBe(first.statements);
    expect([first, copy, other].map((doc) => doc.textUnknownAtPlan)).toEqual([true, true, undefined]);
  });

  it('reports invalid JSON as malformed with the line inside the policy text', () => {
    expect(normalizePolicy('{"Statement": [}', trust, resourceWith()).problems[0]).toMatchObject({ message: "the policy is not valid JSON: Unexpected token '}'", position: 'line 1 of the policy text' });
    expect(normalizePolicy('{"Version": "2012-10-17",\n "Statement": [],}', trust, resourceWith()).problems[0]).toMatchObject({
      message: 'the policy is not valid JSON: Expected double-quoted property name',
      position: 'line 2 of the policy text',
    });
  });
});
