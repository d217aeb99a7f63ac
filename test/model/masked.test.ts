import { describe, expect, it } from 'vitest';
import { masking, maskedFinding, maskedLeavesOf, maskedValuesOf } from '../../src/model/masked.js';
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
    // A policy a plan holds as a JSON string is escaped twice in the plan's text.
    expect(mask('{\\"v\\":\\"ab\\\\\\"c\\"}')).toBe('{\\"v\\":\\"<Id>\\"}');
    expect(mask('nothing here')).toBe('nothing here');
    expect(masking([{ name: 'Empty', value: '' }])).toBeUndefined();
    // Terraform writes <, > and & as \u escapes in JSON (jsonencode, terraform show -json): once, and twice in a policy.
    const html = masking([{ name: 'var.id', value: 'Ab<Sec&ret>*9' }])!;
    expect(html('"value":"Ab\\u003cSec\\u0026ret\\u003e*9"')).toBe('"value":"<var.id>"');
    expect(html('\\"sts:ExternalId\\":\\"Ab\\\\u003cSec\\\\u0026ret\\\\u003e*9\\"')).toBe('\\"sts:ExternalId\\":\\"<var.id>\\"');
  });

  it('masks a value of several lines as written, its lines indented or not, on its first line, keeping the lines after it empty', () => {
    const mask = masking([{ name: 'var.trust', value: '{"Sid":"Secret1",\n "Effect":"Allow"}\n' }])!;
    expect(mask('trust = <<EOT\n{"Sid":"Secret1",\n "Effect":"Allow"}\nEOT\n')).toBe('trust = <<EOT\n<var.trust>\n\nEOT\n');
    // `<<-EOT` strips the indentation the file writes.
    expect(mask('trust = <<-EOT\n    {"Sid":"Secret1",\n      "Effect":"Allow"}\n  EOT\n')).toBe('trust = <<-EOT\n    <var.trust>\n\n  EOT\n');
    // Escaped on one line, as a plan or a JSON string writes it.
    expect(mask('"trust":"{\\"Sid\\":\\"Secret1\\",\\n \\"Effect\\":\\"Allow\\"}\\n"')).toBe('"trust":"<var.trust>"');
  });

  it('masks the longest of values of several lines first, and never text beside a value of blank lines', () => {
    // One value's lines starting another's: the longer is masked whole, none of its lines shown.
    const nested = masking([
      { name: 'var.a', value: 'ab\ncd' },
      { name: 'var.b', value: 'ab\ncd\nef' },
    ])!;
    expect(nested('x ab\ncd\nef y')).toBe('x <var.b>\n\n y');
    expect(nested('x ab\ncd y')).toBe('x <var.a>\n y');
    // Only blank lines: each is masked as written, the text between them is not.
    const blank = masking([{ name: 'var.s', value: ' \n' }])!;
    expect(blank('ab\ncd')).toBe('ab\ncd');
    expect(blank('ab \ncd')).toBe('ab<var.s>\ncd');
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

  it("masks each of a finding's fixes for its worlds: when, description and snippet", () => {
    const finding: Finding = {
      ruleId: 'r',
      severity: 'high',
      message: 'trusts a partner',
      resource: { address: 'a.yaml#Role', type: 'AWS::IAM::Role', file: 'a.yaml' },
      location: { file: 'a.yaml', startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
      related: [],
      fixes: [
        { when: 'when Partner is 210987654321', description: 'drop 210987654321', snippet: 'AWS: arn:aws:iam::210987654321:root' },
        { when: 'when Partner is 123456789012', description: 'keep it', snippet: 'AWS: arn:aws:iam::123456789012:root' },
      ],
      fingerprint: 'f',
    };
    const masked = maskedFinding(finding, masking([{ name: 'Partner', value: '210987654321' }])!);
    expect(masked.fixes).toEqual([
      { when: 'when Partner is <Partner>', description: 'drop <Partner>', snippet: 'AWS: arn:aws:iam::<Partner>:root' },
      finding.fixes![1],
    ]);
  });
});

describe('maskedValuesOf', () => {
  it('masks a list parameter item by item, each named as !Select reads it, and the account of an ARN, which messages show alone', () => {
    expect(maskedValuesOf('P', 'arn:aws:iam::210987654321:role/x, 123456789012', true).map(({ name, value }) => `${name} ${value}`)).toEqual([
      'P arn:aws:iam::210987654321:role/x, 123456789012',
      'P[0] arn:aws:iam::210987654321:role/x',
      'P[1] 123456789012',
      'P[0] 210987654321',
    ]);
    // Two items' findings are told apart, and neither item is shown.
    const mask = masking(maskedValuesOf('P', 'arn:aws:iam::210987654321:role/x, 123456789012', true))!;
    expect(mask('principal arn:aws:iam::210987654321:role/x of account 210987654321; principal 123456789012')).toBe('principal <P[0]> of account <P[0]>; principal <P[1]>');
    // A list of one item is the list, named as it is; a text that is no list is one value, commas and all.
    expect(maskedValuesOf('P', 'arn:aws:iam::210987654321:root', true).map(({ name, value }) => `${name} ${value}`)).toEqual(['P arn:aws:iam::210987654321:root', 'P 210987654321']);
    expect(maskedValuesOf('P', 'a,b', false).map(({ name, value }) => `${name} ${value}`)).toEqual(['P a,b']);
  });
});

describe('maskedLeavesOf', () => {
  it('masks each text and number of a sensitive variable, however deep, and the account of an ARN; not booleans, null or keys', () => {
    const value = { partners: ['arn:aws:iam::210987654321:root', 'x-1'], port: 8443, 'not a name': 'k-9', on: true, none: null, nested: { deep: [{ id: 's3cret' }] } };
    // Each leaf named as the configuration reads it: two leaves' findings are told apart.
    expect(maskedLeavesOf('var.v', value).map(({ name, value: text }) => `${name} ${text}`)).toEqual([
      'var.v.partners[0] arn:aws:iam::210987654321:root',
      'var.v.partners[1] x-1',
      'var.v["not a name"] k-9',
      'var.v.nested.deep[0].id s3cret',
      'var.v.partners[0] 210987654321',
      'var.v.port 8443',
    ]);
    // A value of one leaf is the variable, named as it is.
    expect(maskedLeavesOf('var.v', ['arn:aws:iam::210987654321:root', true]).map(({ name, value: text }) => `${name} ${text}`)).toEqual(['var.v arn:aws:iam::210987654321:root', 'var.v 210987654321']);
    expect(maskedLeavesOf('var.v', 'Tf-S3cret*').map(({ value: text }) => text)).toEqual(['Tf-S3cret*']);
    expect(masking(maskedLeavesOf('var.external_id', 'Tf-S3cret*'))!('with Tf-S3cret* literally')).toBe('with <var.external_id> literally');
  });

  it('masks a number only where it is a number of its own, not digits inside another (an account)', () => {
    const mask = masking(maskedLeavesOf('var.db', { password: 'pw-long-secret', replicas: 3, ratio: 1.5 }))!;
    expect(mask('principal arn:aws:iam::210987654321:root of account 210987654321')).toBe('principal arn:aws:iam::210987654321:root of account 210987654321');
    expect(mask('3 replicas, role-3, x=3; 1.5 and 31.5 and 1.55')).toBe('<var.db.replicas> replicas, role-<var.db.replicas>, x=<var.db.replicas>; <var.db.ratio> and 31.5 and 1.55');
    expect(mask('"password":"pw-long-secret"')).toBe('"password":"<var.db.password>"');
  });
});
