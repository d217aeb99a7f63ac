import { describe, expect, it } from 'vitest';
import { foreignAccountsFor, mayReadSourceArn, mayReadSourceArnResource } from '../../src/iam/trust.js';
import type { ConditionEntry, PolicyDocument, Statement } from '../../src/model/policy.js';
import { Unresolved } from '../../src/model/value.js';

function documentWith(...conditions: Array<Pick<ConditionEntry, 'operator' | 'key' | 'values'>>): PolicyDocument {
  const statement = { effect: 'Allow', conditions } as unknown as Statement;
  return { statements: [statement] } as unknown as PolicyDocument;
}

const value = (text: string | Unresolved) => ({ value: text, path: [] });

describe('mayReadSourceArn', () => {
  it('is false when no condition names aws:SourceArn or holds a variable', () => {
    expect(mayReadSourceArn(documentWith())).toBe(false);
    expect(mayReadSourceArn(documentWith({ operator: 'StringEquals', key: 'aws:SourceAccount', values: [value('493827160514')] }))).toBe(false);
  });

  it('is true for a condition on the key, in any case', () => {
    expect(mayReadSourceArn(documentWith({ operator: 'ArnLike', key: 'AWS:SOURCEARN', values: [value('arn:aws:sagemaker:*')] }))).toBe(true);
  });

  it('is true for a value that may substitute the key or is not known', () => {
    expect(mayReadSourceArn(documentWith({ operator: 'StringLike', key: 'aws:PrincipalServiceName', values: [value('${aws:SourceArn}')] }))).toBe(true);
    expect(mayReadSourceArn(documentWith({ operator: 'StringEquals', key: 'aws:SourceAccount', values: [value(new Unresolved('known after apply'))] }))).toBe(true);
  });
});

describe('mayReadSourceArnResource', () => {
  const onSourceArn = (operator: string, ...patterns: Array<string | Unresolved>) => documentWith({ operator, key: 'aws:SourceArn', values: patterns.map((pattern) => value(pattern)) });

  it('is false where every Arn condition on the key matches any resource part', () => {
    expect(mayReadSourceArnResource(documentWith())).toBe(false);
    expect(mayReadSourceArnResource(onSourceArn('ArnLike', 'arn:aws:sagemaker:us-east-1:493827160514:*'))).toBe(false);
    expect(mayReadSourceArnResource(onSourceArn('ForAnyValue:ArnNotEqualsIfExists', 'arn:aws:sagemaker:*:*:*', 'arn:aws:sagemaker:eu-west-1:210987654321:*'))).toBe(false);
  });

  it('is true where a value names resources, is no ARN, or is compared as a string', () => {
    expect(mayReadSourceArnResource(onSourceArn('ArnLike', 'arn:aws:sagemaker:us-east-1:493827160514:*', 'arn:aws:sagemaker:us-east-1:493827160514:training-job/*'))).toBe(true);
    expect(mayReadSourceArnResource(onSourceArn('ArnLike', 'arn:aws:sagemaker:*'))).toBe(true);
    expect(mayReadSourceArnResource(onSourceArn('ArnLike', 'arn:aws:sagemaker:us-east-1:493827160514:x:*'))).toBe(true);
    expect(mayReadSourceArnResource(onSourceArn('StringLike', 'arn:aws:sagemaker:us-east-1:493827160514:*'))).toBe(true);
    expect(mayReadSourceArnResource(onSourceArn('StringEquals', 'arn:aws:sagemaker:us-east-1:493827160514:*'))).toBe(true);
    expect(mayReadSourceArnResource(onSourceArn('ArnLik', 'arn:aws:sagemaker:us-east-1:493827160514:*'))).toBe(true);
  });

  it('is true for a value that may substitute a key or is not known', () => {
    expect(mayReadSourceArnResource(onSourceArn('ArnLike', 'arn:aws:sagemaker:us-east-1:${aws:SourceAccount}:*'))).toBe(true);
    expect(mayReadSourceArnResource(onSourceArn('ArnLike', new Unresolved('known after apply')))).toBe(true);
    expect(mayReadSourceArnResource(documentWith({ operator: 'StringLike', key: 'aws:PrincipalServiceName', values: [value('${aws:SourceArn}')] }))).toBe(true);
  });
});

describe('foreignAccountsFor', () => {
  const accounts = (...written: string[]) => foreignAccountsFor(documentWith({ operator: 'StringLike', key: 'aws:SourceAccount', values: written.map((text) => value(text)) }));

  it('picks two accounts no literal writes, and a near-miss of each account written', () => {
    expect(accounts('111122223333')).toEqual(['999999999999', '888888888888', '111122223334']);
    expect(accounts('999999999999', '111122223339')).toEqual(['888888888888', '777777777777', '999999999990', '111122223330']);
  });

  it('leaves out a candidate written anywhere: in an ARN, inside a longer run of digits, but not across two literals', () => {
    expect(accounts('111122223333', 'arn:aws:iam::111122223334:root')).toEqual(['999999999999', '888888888888', '111122223335']);
    expect(accounts('111122223333', '1111222233349')).toEqual(['999999999999', '888888888888']);
    expect(accounts('2109876543*', 'x210987654300x')).toEqual(['999999999999', '888888888888', '210987654301']);
    expect(accounts('999999', '999999999999')).toEqual(['888888888888', '777777777777', '999999999990']);
    expect(accounts('888888', '888888')).toEqual(['999999999999', '888888888888']);
  });

  it('picks an account of the shape a wildcard account pattern admits', () => {
    expect(accounts('2109876543*')).toEqual(['999999999999', '888888888888', '210987654300']);
    expect(accounts('arn:aws:sagemaker:us-east-1:1111*')).toEqual(['999999999999', '888888888888', '111100000000']);
  });
});
