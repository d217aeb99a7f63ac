import { describe, expect, it } from 'vitest';
import { BASE_OPERATORS, parseOperator, type ParsedOperator } from '../../src/iam/operators.js';

type Expected = Omit<ParsedOperator, 'text'>;

const valid: Array<[string, Partial<Expected>]> = [
  ['StringEquals', { base: 'StringEquals', family: 'String', ifExists: false, negated: false, wildcards: false, ignoreCase: false }], // string operators compare literally
  ['StringNotEquals', { family: 'String', negated: true, wildcards: false }], // negated string operator
  ['StringEqualsIgnoreCase', { family: 'String', ignoreCase: true, wildcards: false }], // IgnoreCase variant
  ['StringNotEqualsIgnoreCase', { negated: true, ignoreCase: true }], // negated IgnoreCase variant
  ['StringLike', { family: 'String', wildcards: true }], // StringLike: * and ? are wildcards
  ['StringNotLike', { negated: true, wildcards: true }], // negated StringLike
  ['ArnEquals', { family: 'Arn', wildcards: true, negated: false }], // ArnEquals honours wildcards like ArnLike
  ['ArnLike', { family: 'Arn', wildcards: true }], // ArnLike
  ['ArnNotEquals', { family: 'Arn', wildcards: true, negated: true }], // negated Arn operators
  ['ArnNotLike', { family: 'Arn', wildcards: true, negated: true }], // negated Arn operators
  ['NumericLessThanEquals', { family: 'Numeric', negated: false }], // numeric operators
  ['NumericNotEquals', { family: 'Numeric', negated: true }], // NumericNotEquals is negated
  ['DateGreaterThan', { family: 'Date' }], // date operators
  ['DateNotEquals', { family: 'Date', negated: true }], // DateNotEquals is negated
  ['Bool', { family: 'Bool' }], // Boolean operator
  ['BinaryEquals', { family: 'Binary' }], // binary operator
  ['IpAddress', { family: 'IpAddress', negated: false }], // IP address operators
  ['NotIpAddress', { family: 'IpAddress', negated: true }], // NotIpAddress is negated
  ['Null', { family: 'Null', ifExists: false }], // Null checks existence
  ['StringLikeIfExists', { base: 'StringLike', ifExists: true, wildcards: true }], // ...IfExists on any operator but Null
  ['BoolIfExists', { base: 'Bool', ifExists: true }], // BoolIfExists
  ['NotIpAddressIfExists', { base: 'NotIpAddress', ifExists: true, negated: true }], // negated + IfExists
  ['ForAllValues:StringLike', { base: 'StringLike', setQualifier: 'ForAllValues' }], // set qualifier ForAllValues
  ['ForAnyValue:StringEquals', { base: 'StringEquals', setQualifier: 'ForAnyValue' }], // set qualifier ForAnyValue
  ['ForAllValues:Null', { family: 'Null', setQualifier: 'ForAllValues' }], // IAM accepts a set qualifier on Null (what it does is not documented)
  ['ForAnyValue:Null', { family: 'Null', setQualifier: 'ForAnyValue' }],
  ['ForAnyValue:ArnNotLikeIfExists', { base: 'ArnNotLike', setQualifier: 'ForAnyValue', ifExists: true, negated: true }], // qualifier + IfExists together
];

const invalid: Array<[string, RegExp]> = [
  ['String', /did you mean 'StringEquals'/], // the seed's "String" operator: not in the grammar
  ['StringEqual', /did you mean 'StringEquals'/], // truncated name
  ['StringEqauls', /did you mean 'StringEquals'/], // typo: closest by edit distance
  ['stringequals', /case-sensitive.*'StringEquals'/], // operator names are case-sensitive
  ['stringLikeIfExists', /case-sensitive.*'StringLikeIfExists'/], // case-sensitive, IfExists form
  ['StringEqualsifexists', /case-sensitive.*'StringEqualsIfExists'/], // IfExists suffix is case-sensitive too
  ['ForAllValue:StringLike', /'ForAllValue:' is not a set qualifier.*did you mean 'ForAllValues:'/], // bad qualifier spelling
  ['forallvalues:StringLike', /not a set qualifier.*'ForAllValues:'/], // qualifiers are case-sensitive
  ['ForAnyValues:StringLike', /not a set qualifier.*'ForAnyValue:'/], // ForAnyValue has no s
  ['Bool:StringLike', /only 'ForAllValues:' and 'ForAnyValue:' may prefix/], // not a qualifier at all
  ['ForAllValues:', /no operator after the set qualifier/], // qualifier alone
  ['ForAllValues:ForAnyValue:StringLike', /at most one set qualifier/], // two qualifiers
  ['ForAllValues:StringLik', /did you mean 'ForAllValues:StringLike'/], // suggestion keeps the qualifier
  ['NullIfExists', /IfExists cannot be used with Null/], // IfExists not allowed with Null
  ['IfExists', /not a condition operator/], // the suffix alone
  ['StringEqualsIfExistsIfExists', /not a condition operator: did you mean 'StringEqualsIfExists'/], // IfExists only once
  ['StringEqualsIfexistsIfExists', /not a condition operator: did you mean 'StringEqualsIfExists'/], // IfExists repeated in another case
  ['StringEqualsIfExistsIgnoreCase', /IfExists ends an operator's name, use 'StringEqualsIgnoreCaseIfExists'/], // not StringEqualsIgnoreCase, which drops IfExists
  ['ForAnyValue:IfExistsStringLike', /IfExists ends an operator's name, use 'ForAnyValue:StringLikeIfExists'/], // IfExists first, qualifier kept
  ['StringNotEqualsIfexistsIgnoreCase', /IfExists ends an operator's name, use 'StringNotEqualsIgnoreCaseIfExists'/], // any case of IfExists
  ['ArnMatches', /not a condition operator, and no operator has a name close to it$/], // not an IAM operator: ArnEquals and ArnLike each swap a word
  ['StringLikeIgnoreCase', /not a condition operator, and no operator has a name close to it$/], // not StringEqualsIgnoreCase, another word
  ['ForAnyValue:NumericLessThen', /did you mean 'ForAnyValue:NumericLessThan'/], // a letter off
  ['StringEquals ', /did you mean 'StringEquals'/], // stray whitespace is not trimmed by IAM
  ['', /empty condition operator/], // empty operator
];

describe('parseOperator', () => {
  it.each(valid)('%s parses', (text, expected) => {
    const parsed = parseOperator(text);
    expect(parsed).toMatchObject({ text, ...expected });
  });

  it.each(invalid)('%j is rejected', (text, message) => {
    const parsed = parseOperator(text);
    expect('error' in parsed ? parsed.error : 'parsed').toMatch(message);
  });

  it('accepts every base operator, with IfExists and qualifiers where the grammar allows them', () => {
    expect(BASE_OPERATORS).toHaveLength(27);
    for (const base of BASE_OPERATORS) {
      const withSuffixes = base === 'Null' ? [base] : [base, `${base}IfExists`, `ForAllValues:${base}`, `ForAnyValue:${base}IfExists`];
      for (const text of withSuffixes) expect(parseOperator(text), text).toMatchObject({ base });
    }
  });

  it('omits setQualifier when there is none', () => {
    expect(parseOperator('StringEquals')).not.toHaveProperty('setQualifier');
  });

  it('parses each text once and hands out a result no caller can change', () => {
    const first = parseOperator('ForAnyValue:StringLikeIfExists');
    expect(parseOperator('ForAnyValue:StringLikeIfExists')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    // Texts that differ only in case are different operators (and the second is not one).
    expect(parseOperator('stringequals')).toHaveProperty('error');
    expect(parseOperator('StringEquals')).toMatchObject({ base: 'StringEquals' });
  });
});
