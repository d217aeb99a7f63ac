import { describe, expect, it } from 'vitest';
import { mayReadSourceArn } from '../../src/iam/trust.js';
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
