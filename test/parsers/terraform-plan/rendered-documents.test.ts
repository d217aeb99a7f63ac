import { describe, expect, it } from 'vitest';
import { pathInBuiltDocument } from '../../../parsers/terraform-plan/rendered-documents.js';
import type { Value } from '../../../src/model/index.js';

describe('paths in a rendered policy document, mapped to the built one', () => {
  const built = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'A', Effect: 'Allow', Action: ['sts:TagSession', 'sts:AssumeRole'], Principal: { Service: ['sagemaker.amazonaws.com'] } },
      { Effect: 'Deny', Action: 's3:*', Resource: '*' },
      { Effect: 'Deny', Action: 's3:*', Resource: '*' },
    ],
  };

  it('finds list elements by value, whatever order the provider wrote them in, and a one-element list written as a string', () => {
    const rendered = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'A', Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Principal: { Service: 'sagemaker.amazonaws.com' } },
        { Sid: '', Effect: 'Deny', Action: 's3:*', Resource: '*' },
        { Sid: '', Effect: 'Deny', Action: 's3:*', Resource: '*' },
      ],
    };
    expect(pathInBuiltDocument(rendered, built, ['Statement', 0, 'Action', 0])).toEqual(['Statement', 0, 'Action', 1]);
    expect(pathInBuiltDocument(rendered, built, ['Statement', 0, 'Principal', 'Service'])).toEqual(['Statement', 0, 'Principal', 'Service']);
    // Two statements alike: each is the one at its own position.
    expect(pathInBuiltDocument(rendered, built, ['Statement', 2, 'Resource'])).toEqual(['Statement', 2, 'Resource']);
    expect(pathInBuiltDocument(rendered, built, ['Version'])).toEqual(['Version']);
  });

  it('finds a statement the provider moved by its content, and none that the built document does not hold', () => {
    const reordered = { ...built, Statement: [built.Statement[0], built.Statement[1]] };
    expect(pathInBuiltDocument({ Statement: [built.Statement[1], built.Statement[0]] }, reordered, ['Statement', 1, 'Action', 1])).toEqual(['Statement', 0, 'Action', 1]);
    const other = { Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] };
    expect(pathInBuiltDocument(other, built, ['Statement', 0, 'Resource'])).toBeUndefined();
    // A statement that holds more than the built one is not it.
    const wider = { Statement: [{ ...built.Statement[0], Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'] }] };
    expect(pathInBuiltDocument(wider, built, ['Statement', 0, 'Action', 2])).toBeUndefined();
  });

  it('compares nothing nested deeper than any policy, without running out of stack', () => {
    let deep: Value = 'x';
    for (let level = 0; level < 50_000; level++) deep = { a: deep };
    const rendered = { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:x': deep } } }] };
    expect(pathInBuiltDocument(rendered, rendered, ['Statement', 0, 'Action'])).toBeUndefined();
  });
});
