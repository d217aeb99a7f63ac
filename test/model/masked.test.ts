import { describe, expect, it } from 'vitest';
import { masking, maskedFinding, maskedValuesOf } from '../../src/model/masked.js';
import type { Finding } from '../../src/model/finding.js';

describe('masking', () => {
  it('masks each value as its parameter, in any case and in the escaped forms reports write, longest first and once', () => {
    const mask = masking([
      { name: 'Id', value: 'ab"c' },
      { name: 'Long', value: 'ab"cd' },
      { name: 'Quote', value: "it's" },
      { name: 'Empty', value: '' },
    ])!;
    expect(mask('x ab"cd y ab"c z')).toBe('x <Long> y <Id> z');
    expect(mask('{"v": "ab\\"c"}')).toBe('{"v": "<Id>"}');
    expect(mask("v: 'it''s'")).toBe("v: '<Quote>'");
    expect(mask('AB"C')).toBe('<Id>');
    expect(mask('nothing here')).toBe('nothing here');
    expect(masking([{ name: 'Empty', value: '' }])).toBeUndefined();
  });

  it('masks what a finding says: message, fix, related messages and branch', () => {
    const finding: Finding = {
      ruleId: 'r',
      severity: 'high',
      message: 'trusts 210987654321 (only when condition C is true)',
      resource: { address: 'a.yaml#210987654321', type: 'AWS::IAM::Role', file: 'a.yaml' },
      location: { file: 'a.yaml', startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
      related: [{ message: 'account 210987654321', location: { file: 'a.yaml', startLine: 2, startColumn: 1, endLine: 2, endColumn: 2 } }],
      fix: { description: 'drop 210987654321', snippet: 'AWS: arn:aws:iam::210987654321:root' },
      fingerprint: 'f',
    };
    const masked = maskedFinding(finding, masking([{ name: 'Partner', value: '210987654321' }])!);
    expect(JSON.stringify({ ...masked, resource: undefined })).not.toContain('210987654321');
    expect(masked.fix!.snippet).toBe('AWS: arn:aws:iam::<Partner>:root');
    // Where the finding is stays as it is: an address names the resource, not a value.
    expect(masked.resource).toEqual(finding.resource);
  });
});

describe('maskedValuesOf', () => {
  it('masks a list parameter item by item and the account of an ARN, which messages show alone', () => {
    expect(maskedValuesOf('P', 'arn:aws:iam::210987654321:role/x, 123456789012', true).map(({ value }) => value)).toEqual([
      'arn:aws:iam::210987654321:role/x, 123456789012',
      'arn:aws:iam::210987654321:role/x',
      '123456789012',
      '210987654321',
    ]);
    expect(maskedValuesOf('P', 'a,b', false).map(({ value }) => value)).toEqual(['a,b']);
  });
});
