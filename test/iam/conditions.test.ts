import { describe, expect, it } from 'vitest';
import { evaluateConditionEntry, evaluateConditions, holdsForNoRequest, iamDateReadings, isIamDate, mayHoldForEveryRequest, parseCidr, withoutUntoldKeys } from '../../src/iam/conditions.js';
import { requestContext, type RequestContext } from '../../src/iam/request.js';
import type { ConditionEntry } from '../../src/model/policy.js';
import type { Tri } from '../../src/model/tri.js';
import { OWNER_ACCOUNT, Unresolved, policyVariableValue, refMarker, unresolvedMarker } from '../../src/model/value.js';

type Values = string | Unresolved | Array<string | Unresolved>;

function entry(operator: string, key: string, values: Values): ConditionEntry {
  const list = Array.isArray(values) ? values : [values];
  return { operator, key, values: list.map((value) => ({ value, path: [] })), operatorPath: [], path: [], valueWasList: Array.isArray(values) };
}

const FOREIGN = '999988887777';
const OWNER_ARN = `arn:aws:sagemaker:us-east-1:${OWNER_ACCOUNT}:*`;
const ctx = requestContext(
  {
    'aws:SourceAccount': '111122223333',
    'aws:SourceArn': 'arn:aws:sagemaker:us-east-1:111122223333:training-job/a',
    'aws:SourceIp': '203.0.113.7',
    'aws:SourceIpV6': '2001:db8::1',
    'aws:SecureTransport': 'true',
    'aws:MultiFactorAuthAge': '300',
    'aws:CurrentTime': '2024-06-01T12:00:00Z',
    'aws:EpochTime': '1717243200', // 2024-06-01T12:00:00Z
    'aws:TagKeys': ['Team', 'Env'],
    'aws:username': 'alice',
    'aws:PrincipalArn': 'arn:aws:iam::111122223333:user/alice',
    's3:prefix': 'home/alice/*',
    'x:blob': 'QUJD',
    'owner:Account': OWNER_ACCOUNT,
    'foreign:Account': FOREIGN,
    'ref:Value': refMarker('Bucket'),
  },
  ['aws:PrincipalOrgID', 'sts:ExternalId', 'aws:RequestTag/Team'],
  [FOREIGN],
);

// [operator, key, policy values, expected]
const cases: Array<[string, string, Values, Tri]> = [
  // String operators
  ['StringEquals', 'aws:SourceAccount', '111122223333', true], // StringEquals: exact
  ['StringEquals', 'AWS:SOURCEACCOUNT', '111122223333', true], // keys are case-insensitive
  ['StringEquals', 'aws:SourceAccount', ['444455556666', '111122223333'], true], // values of one key are ORed
  ['StringEquals', 'aws:SourceAccount', ['444455556666', '777788889999'], false], // no value matches
  ['StringEquals', 'aws:SourceAccount', '1111*', false], // StringEquals: * is literal
  ['StringLike', 'aws:SourceAccount', '1111*', true], // StringLike: * is a wildcard
  ['StringEqualsIgnoreCase', 'aws:username', 'ALICE', true], // IgnoreCase
  ['StringNotEquals', 'aws:SourceAccount', '444455556666', true], // negated: value differs
  ['StringNotEquals', 'aws:SourceAccount', ['444455556666', '111122223333'], false], // StringNotEquals [a, b]: neither a nor b
  ['StringNotEquals', 'aws:SourceAccount', ['444455556666', '777788889999'], true], // ...holds when the value is neither
  ['StringNotLike', 'aws:SourceAccount', '1111*', false], // negated StringLike
  ['stringequals', 'aws:SourceAccount', '111122223333', 'unknown'], // operators are case-sensitive: invalid → unknown
  ['String', 'aws:SourceAccount', '111122223333', 'unknown'], // not an operator → unknown (reported elsewhere)
  // Missing keys
  ['StringEquals', 'sts:ExternalId', 'x', false], // key absent → false
  ['StringNotEquals', 'sts:ExternalId', 'x', true], // negated operator: true on a missing key
  ['StringNotLike', 'sts:ExternalId', 'x', true], // negated operator: true on a missing key
  ['ArnNotLike', 'sts:ExternalId', 'arn:*', true], // negated operator: true on a missing key
  ['NumericNotEquals', 'sts:ExternalId', '1', true], // negated operator: true on a missing key
  ['DateNotEquals', 'sts:ExternalId', '1', true], // negated operator: true on a missing key
  ['NotIpAddress', 'sts:ExternalId', '10.0.0.0/8', true], // negated operator: true on a missing key
  ['StringEqualsIfExists', 'sts:ExternalId', 'x', true], // IfExists: true on a missing key
  ['StringEqualsIfExists', 'aws:SourceAccount', '444455556666', false], // IfExists: compares a present key
  ['BoolIfExists', 'aws:SecureTransport', 'false', false], // IfExists: compares a present key
  ['StringEquals', 'aws:NeverMentioned', 'x', 'unknown'], // key neither present nor absent → unknown
  ['StringEqualsIfExists', 'aws:NeverMentioned', 'x', 'unknown'], // ...also for IfExists
  ['StringNotEquals', 'aws:NeverMentioned', 'x', 'unknown'], // ...also for negated operators
  // Null
  ['Null', 'sts:ExternalId', 'true', true], // Null true: key absent
  ['Null', 'sts:ExternalId', 'false', false], // Null false: key must be present
  ['Null', 'aws:SourceAccount', 'false', true], // Null false only checks presence
  ['Null', 'aws:SourceAccount', 'TRUE', false], // Null values are case-insensitive
  ['Null', 'aws:SourceAccount', 'yes', 'unknown'], // not a Null value
  ['Null', 'aws:NeverMentioned', 'false', 'unknown'], // unknown key
  // Null with a set qualifier: IAM accepts it and documents neither; Null where the key is there, and where it is not
  // only what both readings (plain Null, the qualifier's reading of a missing key) give
  ['ForAllValues:Null', 'aws:SourceAccount', 'false', true], // key present: Null
  ['ForAnyValue:Null', 'aws:SourceAccount', 'true', false], // key present: Null
  ['ForAllValues:Null', 'sts:ExternalId', 'true', true], // absent: Null true, and ForAllValues true on a missing key
  ['ForAnyValue:Null', 'sts:ExternalId', 'false', false], // absent: Null false, and ForAnyValue false on a missing key
  ['ForAllValues:Null', 'sts:ExternalId', 'false', 'unknown'], // absent: Null false, ForAllValues vacuously true
  ['ForAnyValue:Null', 'sts:ExternalId', 'true', 'unknown'], // absent: Null true, ForAnyValue false on a missing key
  // Set operators
  ['ForAllValues:StringEquals', 'aws:RequestTag/Team', 'x', true], // ForAllValues: true when the key is absent
  ['ForAnyValue:StringEquals', 'aws:RequestTag/Team', 'x', false], // ForAnyValue: false when the key is absent
  ['ForAnyValue:StringEqualsIfExists', 'aws:RequestTag/Team', 'x', false], // ...IfExists included: no value, none passes
  ['ForAnyValue:StringNotLikeIfExists', 'aws:RequestTag/Team', 'x', false], // ...negated and IfExists too
  ['ForAllValues:StringEqualsIfExists', 'aws:RequestTag/Team', 'x', true], // ForAllValues: true either way
  ['ForAllValues:StringEquals', 'aws:TagKeys', ['Team', 'Env', 'Owner'], true], // every request value in the policy set
  ['ForAllValues:StringEquals', 'aws:TagKeys', ['Team'], false], // Env is not in the set
  ['ForAnyValue:StringEquals', 'aws:TagKeys', ['Env'], true], // some request value matches
  ['ForAnyValue:StringEquals', 'aws:TagKeys', ['Owner'], false], // none matches
  ['ForAllValues:StringNotEquals', 'aws:TagKeys', ['Owner'], true], // negated: every request value matches none
  ['ForAllValues:StringNotEquals', 'aws:TagKeys', ['Env'], false], // Env matches a policy value
  ['ForAnyValue:StringNotEquals', 'aws:TagKeys', ['Env'], true], // negated: Team matches none
  ['ForAnyValue:StringNotEquals', 'aws:TagKeys', ['Team', 'Env'], false], // every request value matches some policy value
  ['StringEquals', 'aws:TagKeys', 'Team', 'unknown'], // multivalued request key without a set qualifier: undocumented
  // Arn operators
  ['ArnEquals', 'aws:SourceArn', 'arn:aws:sagemaker:us-east-1:111122223333:training-job/*', true], // ArnEquals honours wildcards
  ['StringEquals', 'aws:SourceArn', 'arn:aws:sagemaker:us-east-1:111122223333:training-job/*', false], // StringEquals does not
  ['ArnLike', 'aws:SourceArn', 'arn:aws:sagemaker:*:111122223333:*', true], // ArnLike per part
  ['ArnLike', 'aws:SourceArn', 'arn:aws:s3:::*', false], // service part differs
  ['ArnNotLike', 'aws:SourceArn', 'arn:aws:sagemaker:*:444455556666:*', true], // negated Arn
  // Markers
  ['StringEquals', 'foreign:Account', OWNER_ACCOUNT, false], // owner account marker vs a foreign probe account
  ['StringEquals', 'aws:SourceAccount', OWNER_ACCOUNT, 'unknown'], // owner account vs an unrelated literal
  ['StringEquals', 'owner:Account', OWNER_ACCOUNT, true], // identical markers
  ['StringNotEquals', 'foreign:Account', OWNER_ACCOUNT, true], // negated, decided by the owner/foreign rule
  ['ArnLike', 'aws:SourceArn', `arn:aws:sagemaker:us-east-1:${FOREIGN}:*`, false], // literal account differs
  ['StringLike', 'owner:Account', '*', true], // * absorbs markers
  ['StringLike', 'ref:Value', 'b*', 'unknown'], // symbolic request value
  ['ArnLike', 'aws:SourceArn', OWNER_ARN, 'unknown'], // the owner may be 111122223333
  ['StringEquals', 'aws:SourceAccount', new Unresolved('Fn::ImportValue'), 'unknown'], // Unresolved policy value → unknown
  ['StringEquals', 'aws:SourceAccount', [new Unresolved('x'), '111122223333'], true], // ...but another value may still match
  ['StringEquals', 'aws:SourceAccount', [new Unresolved('x'), '444455556666'], 'unknown'], // ...or leave it open
  ['StringEquals', 'aws:SourceAccount', `1111${unresolvedMarker('x')}`, 'unknown'], // unresolved piece never decides false
  // Policy variables
  ['StringEquals', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:user/${aws:username}', true], // variable substituted from the request
  ['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:user/${aws:username}', true], // variables in Arn operators (the variable holds a colon)
  ['StringEquals', 'aws:username', '${aws:userid}', 'unknown'], // variable with an unknown key
  ['StringEquals', 'aws:username', '${sts:ExternalId}', false], // a variable with no value (an absent key, no default) matches nothing...
  ['StringNotEquals', 'aws:username', '${sts:ExternalId}', true], // ...which a negated operator passes
  ['StringEquals', 'aws:username', "${sts:ExternalId, 'alice'}", true], // default value for an absent key
  ['StringEquals', 'aws:username', "${aws:username, 'bob'}", true], // a present key is its value, not the default
  ['StringEquals', 'aws:username', "${aws:userid, 'alice'}", 'unknown'], // a key the request may hold: its value or the default
  ['StringEquals', 'aws:username', "${sts:ExternalId,'alice'}", 'unknown'], // no blank after the comma: outside the documented grammar, not known
  ['StringEquals', 'aws:username', '${sts:ExternalId, "alice"}', 'unknown'], // a double-quoted default: likewise
  ['StringNotEquals', 'aws:username', "${aws:username,'bob'}", 'unknown'], // likewise whatever the request holds
  ['StringLike', 's3:prefix', 'home/${aws:username}/${*}', true], // ${*} is a literal * ...
  ['StringLike', 's3:prefix', 'home/${aws:username}/*', true], // ...while * is a wildcard
  ['StringLike', 'aws:username', 'ali${*}', false], // ${*} never acts as a wildcard
  ['StringLike', 'aws:username', '${?}lice', false], // ${?} never acts as a wildcard
  // Bool, Binary
  ['Bool', 'aws:SecureTransport', 'true', true], // Bool
  ['Bool', 'aws:SecureTransport', 'TRUE', true], // Bool is case-insensitive
  ['Bool', 'aws:SecureTransport', 'false', false], // Bool mismatch
  ['Bool', 'aws:MultiFactorAuthPresent', 'true', 'unknown'], // unknown key
  // IAM substitutes policy variables under Bool as under String and ARN operators
  ['Bool', 'aws:SecureTransport', '${aws:SecureTransport}', true], // the variable's value from the request
  ['Bool', 'aws:SecureTransport', "${sts:ExternalId, 'FALSE'}", false], // an absent key's default, in any case
  ['Bool', 'aws:SecureTransport', '${aws:MultiFactorAuthPresent}', 'unknown'], // a variable the request does not tell: not the text
  ['Bool', 'aws:SecureTransport', '${sts:ExternalId}', false], // an absent key without a default: no value
  ['BinaryEquals', 'x:blob', 'QUJD', true], // base64 equality
  ['BinaryEquals', 'x:blob', 'qujd', false], // base64 is case-sensitive
  // Numeric
  ['NumericLessThan', 'aws:MultiFactorAuthAge', '3600', true], // 300 < 3600
  ['NumericLessThan', 'aws:MultiFactorAuthAge', '300', false], // strict
  ['NumericLessThanEquals', 'aws:MultiFactorAuthAge', '300', true], // inclusive
  ['NumericGreaterThan', 'aws:MultiFactorAuthAge', '299.5', true], // decimals
  ['NumericEquals', 'aws:MultiFactorAuthAge', '300.0', true], // numeric, not string, equality
  ['NumericNotEquals', 'aws:MultiFactorAuthAge', ['1', '2'], true], // negated: equals none
  ['NumericEquals', 'aws:MultiFactorAuthAge', 'abc', false], // unparsable → false
  ['NumericEquals', 'owner:Account', '1', 'unknown'], // marker → unknown
  // Date
  ['DateGreaterThan', 'aws:CurrentTime', '2024-01-01T00:00:00Z', true], // ISO 8601
  ['DateLessThan', 'aws:CurrentTime', '2024-01-01', false], // date-only ISO
  ['DateEquals', 'aws:CurrentTime', '1717243200', true], // epoch seconds vs ISO value
  ['DateEquals', 'aws:EpochTime', '2024-06-01T14:00:00+02:00', true], // ISO with offset vs epoch value
  ['DateLessThanEquals', 'aws:EpochTime', '2024-06-01T12:00:00.000Z', true], // fractional seconds
  ['DateEquals', 'aws:CurrentTime', 'not a date', false], // unparsable → false
  ['DateEquals', 'aws:CurrentTime', '20240601T120000Z', false], // ISO 8601 basic format: IAM cannot compare it
  ['DateEquals', 'aws:CurrentTime', ' 2024-06-01T12:00:00Z ', false], // blanks around: IAM cannot compare it
  ['NumericEquals', 'aws:EpochTime', ' 1717243200 ', false], // blanks around a number, as policy-condition-type-mismatch reads it
  ['DateGreaterThan', 'aws:CurrentTime', '2024-05', true], // a year and month (W3C profile)
  ['DateLessThan', 'aws:CurrentTime', '2024-07', true], // a year and month, after
  ['DateGreaterThan', 'aws:CurrentTime', '2000', true], // four digits: the year 2000 and 2000 seconds after 1970 agree
  ['DateGreaterThan', 'aws:CurrentTime', '2999', 'unknown'], // four digits: the year 2999 is later, 2999 seconds after 1970 earlier
  ['DateGreaterThan', 'aws:CurrentTime', '29990', true], // five digits: epoch seconds alone
  // IP addresses
  ['IpAddress', 'aws:SourceIp', '203.0.113.0/24', true], // IPv4 CIDR containment
  ['IpAddress', 'aws:SourceIp', '203.0.114.0/24', false], // outside the range
  ['IpAddress', 'aws:SourceIp', ['10.0.0.0/8', '203.0.113.7/32'], true], // ORed, /32
  ['IpAddress', 'aws:SourceIp', '0.0.0.0/0', true], // /0 contains everything
  ['NotIpAddress', 'aws:SourceIp', '203.0.113.0/24', false], // negated
  ['IpAddress', 'aws:SourceIpV6', '2001:db8::/32', true], // IPv6 CIDR containment
  ['IpAddress', 'aws:SourceIpV6', '2001:db9::/32', false], // IPv6 outside
  ['IpAddress', 'aws:SourceIpV6', '2001:0db8:0000:0000:0000:0000:0000:0000/127', true], // uncompressed IPv6
  ['IpAddress', 'aws:SourceIpV6', '203.0.113.0/24', false], // families differ
  ['IpAddress', 'aws:SourceIp', '203.0.113.0/33', false], // invalid prefix → false
];

describe('evaluateConditionEntry', () => {
  it.each(cases)('%s %s %j → %s', (operator, key, values, expected) => {
    expect(evaluateConditionEntry(entry(operator, key, values), ctx)).toBe(expected);
  });

  it('reads a Bool policy variable as text in a policy without Version 2012-10-17', () => {
    expect(evaluateConditionEntry({ ...entry('Bool', 'aws:SecureTransport', '${aws:SecureTransport}'), literalVariables: true }, ctx)).toBe(false);
  });
});

const blocks: Array<[string, ConditionEntry[], RequestContext, Tri]> = [
  ['no conditions', [], ctx, true], // an empty Condition block holds
  ['operators ANDed', [entry('StringEquals', 'aws:SourceAccount', '111122223333'), entry('Bool', 'aws:SecureTransport', 'false')], ctx, false], // every operator must hold
  ['all hold', [entry('StringEquals', 'aws:SourceAccount', '111122223333'), entry('Null', 'aws:SourceArn', 'false')], ctx, true], // all hold
  ['unknown and true', [entry('StringEquals', 'aws:SourceAccount', '111122223333'), entry('StringEquals', 'aws:NeverMentioned', 'x')], ctx, 'unknown'], // an open condition leaves the block open
  ['unknown and false', [entry('String', 'aws:SourceAccount', 'x'), entry('StringEquals', 'sts:ExternalId', 'x')], ctx, false], // one false decides the block
  ['ForAllValues without Null', [entry('ForAllValues:StringEquals', 'aws:TagKeys', 'Team')], requestContext({}, ['aws:TagKeys']), true], // the seed's pitfall: an omitted key passes
  ['ForAllValues with Null', [entry('ForAllValues:StringEquals', 'aws:TagKeys', 'Team'), entry('Null', 'aws:TagKeys', 'false')], requestContext({}, ['aws:TagKeys']), false], // Null false closes it
  ['empty request set', [entry('ForAllValues:StringEquals', 'aws:TagKeys', 'Team')], requestContext({ 'aws:TagKeys': [] }), true], // an empty set is vacuously true
];

describe('evaluateConditions', () => {
  it.each(blocks)('%s', (_name, entries, context, expected) => {
    expect(evaluateConditions(entries, context)).toBe(expected);
  });
});

describe('holdsForNoRequest: a condition written with empty texts only', () => {
  const cases: Array<[string, ConditionEntry, boolean]> = [
    ['StringEquals of ""', entry('StringEquals', 'iam:PassedToService', ''), true],
    ['StringEquals of [""]', entry('StringEquals', 'iam:PassedToService', ['']), true],
    ['ArnLike of ""', entry('ArnLike', 'aws:SourceArn', ''), true],
    ['ForAnyValue:StringEquals of [""]', entry('ForAnyValue:StringEquals', 'aws:TagKeys', ['']), true],
    // A request without the key passes these: they limit what a request carries, not every request.
    ['StringEqualsIfExists of ""', entry('StringEqualsIfExists', 'iam:PassedToService', ''), false],
    ['ForAllValues:StringEquals of [""]', entry('ForAllValues:StringEquals', 'aws:TagKeys', ['']), false],
    ['StringNotEquals of ""', entry('StringNotEquals', 'iam:PassedToService', ''), false],
    // Not written with empty texts only: compared as any other condition.
    ['StringEquals of "" and a service', entry('StringEquals', 'iam:PassedToService', ['', 'sagemaker.amazonaws.com']), false],
    ['StringEquals of no value', entry('StringEquals', 'iam:PassedToService', []), false],
  ];
  it.each(cases)('%s → %s', (_name, condition, expected) => {
    expect(holdsForNoRequest(condition)).toBe(expected);
  });
});

describe('value parsers', () => {
  it.each<[string, number[]]>([
    ['1717243200', [Date.UTC(2024, 5, 1, 12)]], // epoch seconds
    ['2024-06-01T12:00:00Z', [Date.UTC(2024, 5, 1, 12)]], // W3C profile
    ['2024-06-01T14:00:00+02:00', [Date.UTC(2024, 5, 1, 12)]], // an offset
    ['2024-06-01T12:00:00.5Z', [Date.UTC(2024, 5, 1, 12, 0, 0, 500)]], // a fraction of a second
    ['2024-06-01T12:00:00', [Date.UTC(2024, 5, 1, 12)]], // no zone means UTC
    ['2024-06-01', [Date.UTC(2024, 5, 1)]], // a day
    ['2024-06', [Date.UTC(2024, 5, 1)]], // a year and month
    ['2024', [2024_000, Date.UTC(2024, 0, 1)]], // four digits: epoch seconds or a year
    ['0999', [999_000, Date.UTC(999, 0, 1)]], // a year before 1000
    ['20240601T120000Z', []], // ISO 8601 basic format, outside the W3C profile
    [' 2024-06-01 ', []], // blanks around
    ['2024-02-30', []], // no such day
    ['2024-13', []], // no such month
    ['2024-06-01T25:00:00Z', []], // no such hour
    ['2024-06-01T12:00:00+24:00', []], // no such offset
  ])('iamDateReadings(%j)', (text, expected) => {
    expect(iamDateReadings(text)).toEqual(expected);
    // policy-condition-type-mismatch reports the values with no reading.
    expect(isIamDate(text)).toBe(expected.length > 0);
  });

  it.each([
    ['10.0.0.0/8', { version: 4, prefix: 8 }], // IPv4 CIDR
    ['10.0.0.1', { version: 4, prefix: 32 }], // bare address = full prefix
    ['::/0', { version: 6, prefix: 0 }], // IPv6 all
    ['::ffff:192.0.2.1/128', { version: 6, prefix: 128 }], // embedded IPv4 tail
    ['256.0.0.0/8', undefined], // octet out of range
    ['1:2:3:4:5:6:7:8:9/64', undefined], // too many groups
    ['1::2::3/64', undefined], // two ::
    ['10.0.0.0/8/8', undefined], // two prefixes
  ])('parseCidr(%j)', (text, expected) => {
    const parsed = parseCidr(text);
    if (expected === undefined) expect(parsed).toBeUndefined();
    else expect(parsed).toMatchObject(expected);
  });
});

describe('requestContext', () => {
  it('shares one empty set of foreign accounts, and keeps each given set apart', () => {
    const plain = requestContext({});
    expect(requestContext({}, ['aws:SourceArn']).foreignAccounts).toBe(plain.foreignAccounts);
    expect(plain.foreignAccounts.size).toBe(0);
    const foreign = requestContext({}, [], ['210987654321']);
    expect([...foreign.foreignAccounts]).toEqual(['210987654321']);
    expect(plain.foreignAccounts.size).toBe(0);
  });
});

describe('a value not known statically against an account a stranger chose', () => {
  const STRANGER = '999999999999';
  const stranger = requestContext(
    {
      'aws:PrincipalAccount': STRANGER,
      'aws:PrincipalArn': `arn:aws:iam::${STRANGER}:role/deputy-probe`,
      'aws:PrincipalRoleArn': `arn:aws:iam::${STRANGER}:role/${refMarker('Partner')}`,
      'aws:PrincipalIsAWSService': 'false',
    },
    [],
    [STRANGER],
    [],
    [STRANGER],
  );
  // The same account as a partner's, which the policy names: an unknown value may be that account.
  const partner = requestContext({ 'aws:PrincipalAccount': STRANGER }, [], [STRANGER]);
  const unknown = new Unresolved('unknown value', 'var.account');
  const marked = unresolvedMarker('aws_iam_role.x.unique_id');
  const bucket = refMarker('Partner');
  it.each<[string, string, Values, Tri]>([
    // Exact negated operators exclude at most the values they list: the stranger's account is none of them.
    ['StringNotEquals', 'aws:PrincipalAccount', unknown, true],
    ['StringNotEquals', 'aws:PrincipalAccount', marked, true],
    ['StringNotEquals', 'aws:PrincipalAccount', bucket, true],
    ['StringNotEquals', 'aws:PrincipalAccount', [unknown, '111122223333'], true],
    ['StringNotEqualsIgnoreCase', 'aws:PrincipalArn', `arn:aws:iam::${marked}:role/deputy-probe`, true],
    // The request's other parts do not change with the account it chose: a role name shaped after the policy's.
    ['StringNotEquals', 'aws:PrincipalRoleArn', `arn:aws:iam::${marked}:role/${bucket}`, true],
    ['NumericNotEquals', 'aws:PrincipalAccount', unknown, true],
    ['DateNotEquals', 'aws:PrincipalAccount', unknown, true],
    ['ForAnyValue:StringNotEquals', 'aws:PrincipalAccount', unknown, true],
    ['StringNotEqualsIfExists', 'aws:PrincipalAccount', unknown, true],
    // The positive forms name one account each, not the stranger's.
    ['StringEquals', 'aws:PrincipalAccount', unknown, false],
    ['StringEquals', 'aws:PrincipalAccount', marked, false],
    // An unknown value of a wildcard or range operator may be `*` or a range holding the account: still unknown.
    ['StringNotLike', 'aws:PrincipalAccount', unknown, 'unknown'],
    ['ArnNotEquals', 'aws:PrincipalArn', marked, 'unknown'],
    ['ArnNotLike', 'aws:PrincipalArn', marked, 'unknown'],
    ['NumericGreaterThan', 'aws:PrincipalAccount', unknown, 'unknown'],
    // A key whose value the stranger did not choose may be the one value named.
    ['StringNotEquals', 'aws:PrincipalIsAWSService', unknown, 'unknown'],
    // A policy variable is the request's own value.
    ['StringNotEquals', 'aws:PrincipalArn', `arn:aws:iam::\${aws:PrincipalAccount}:role/${marked}`, 'unknown'],
  ])('%s %s %j', (operator, key, values, expected) => {
    expect(evaluateConditionEntry(entry(operator, key, values), stranger)).toBe(expected);
  });
  it('keeps a partner\'s account open: the unknown value may be it', () => {
    expect(evaluateConditionEntry(entry('StringNotEquals', 'aws:PrincipalAccount', unknown), partner)).toBe('unknown');
  });
  it('keeps an unknown key or operator unknown', () => {
    const unresolved = { ...entry('StringNotEquals', 'aws:PrincipalAccount', unknown), unresolved: unknown };
    expect(evaluateConditionEntry(unresolved, stranger)).toBe('unknown');
  });
});

describe('a value not known on a key the request may lack', () => {
  const notKnown = new Unresolved('Fn::ImportValue', 'TheEndpoint');
  // IAM User Guide, "Condition operators": "If the key that you specify in a policy condition is not present in the
  // request context, the values do not match and the condition is false. If the policy condition requires that the key
  // is not matched, such as StringNotLike or ArnNotLike, and the right key is not present, the condition is true. This
  // logic applies to all condition operators except ...IfExists and Null check."
  const families: Array<[string, string, Tri]> = [
    ['StringEquals', 'aws:SourceVpce', false],
    ['StringEqualsIgnoreCase', 'aws:SourceVpce', false],
    ['StringLike', 'aws:SourceVpce', false],
    ['StringNotEquals', 'aws:SourceVpce', true],
    ['StringNotEqualsIgnoreCase', 'aws:SourceVpce', true],
    ['StringNotLike', 'aws:SourceVpce', true],
    ['NumericEquals', 'aws:MultiFactorAuthAge', false],
    ['NumericLessThan', 'aws:MultiFactorAuthAge', false],
    ['NumericNotEquals', 'aws:MultiFactorAuthAge', true],
    ['DateGreaterThan', 'aws:TokenIssueTime', false],
    ['DateNotEquals', 'aws:TokenIssueTime', true],
    ['Bool', 'aws:MultiFactorAuthPresent', false],
    ['BinaryEquals', 'x:blob', false],
    ['IpAddress', 'aws:SourceIp', false],
    ['NotIpAddress', 'aws:SourceIp', true],
    ['ArnEquals', 'aws:SourceArn', false],
    ['ArnLike', 'aws:SourceArn', false],
    ['ArnNotEquals', 'aws:SourceArn', true],
    ['ArnNotLike', 'aws:SourceArn', true],
    ['StringEqualsIfExists', 'aws:SourceVpce', true],
    ['ArnLikeIfExists', 'aws:SourceArn', true],
    ['StringNotEqualsIfExists', 'aws:SourceVpce', true],
    ['ForAllValues:StringEquals', 'aws:TagKeys', true],
    ['ForAllValues:StringNotEquals', 'aws:TagKeys', true],
    ['ForAnyValue:StringEquals', 'aws:TagKeys', false],
    ['ForAnyValue:StringNotEquals', 'aws:TagKeys', false],
    ['ForAnyValue:StringEqualsIfExists', 'aws:TagKeys', false],
  ];

  it.each(families)('%s %s: the value decides nothing on a request without the key', (operator, key, expected) => {
    expect(evaluateConditionEntry(entry(operator, key, notKnown), requestContext({}, [key]))).toBe(expected);
    // With the key, the value decides.
    expect(evaluateConditionEntry(entry(operator, key, notKnown), requestContext({ [key]: 'vpce-0a1b2c3d' }))).toBe('unknown');
  });

  it.each(families)('%s %s: may hold for every request only where it holds without the key', (operator, key, withoutKey) => {
    // A request that does not tell the key may carry it or not: the value may make it hold for those that do.
    expect(mayHoldForEveryRequest([entry(operator, key, notKnown)], requestContext({}))).toBe(withoutKey !== false);
  });

  it('reads Null by the presence of the key alone, and its value not known as either answer', () => {
    expect(evaluateConditionEntry(entry('Null', 'aws:SourceVpce', notKnown), requestContext({}, ['aws:SourceVpce']))).toBe('unknown');
    expect(evaluateConditionEntry(entry('Null', 'aws:SourceVpce', 'true'), requestContext({}, ['aws:SourceVpce']))).toBe(true);
    expect(mayHoldForEveryRequest([entry('Null', 'aws:SourceVpce', 'false')], requestContext({}))).toBe(false);
    expect(mayHoldForEveryRequest([entry('Null', 'aws:SourceVpce', 'true')], requestContext({}))).toBe(true);
    expect(mayHoldForEveryRequest([entry('Null', 'aws:SourceVpce', notKnown)], requestContext({}))).toBe(true);
  });

  it('never finds missing a key every request carries, nor one the context tells', () => {
    // aws:PrincipalArn is in every request: the value may be the caller's.
    expect(mayHoldForEveryRequest([entry('StringEquals', 'aws:PrincipalArn', notKnown)], requestContext({}))).toBe(true);
    expect(withoutUntoldKeys([entry('StringEquals', 'aws:PrincipalArn', notKnown)], requestContext({})).absent.has('aws:principalarn')).toBe(false);
    // A request that carries aws:SourceVpce may carry the value not known.
    expect(mayHoldForEveryRequest([entry('StringEquals', 'aws:SourceVpce', notKnown)], requestContext({ 'aws:SourceVpce': 'vpce-0a1b2c3d' }))).toBe(true);
    // Keys are case-insensitive: aws:sourcevpce is the key the context leaves untold.
    expect([...withoutUntoldKeys([entry('StringEquals', 'AWS:SourceVPCE', notKnown)], requestContext({ 'aws:PrincipalTag/team': 'a' })).absent]).toEqual(['aws:sourcevpce']);
  });

  it('finds missing only the keys the caller says a request may lack', () => {
    const onlyGlobal = (key: string) => key.startsWith('aws:');
    const block = [entry('StringLike', 'iam:PassedToService', notKnown), entry('StringEquals', 'aws:SourceVpce', notKnown)];
    expect([...withoutUntoldKeys(block, requestContext({}), onlyGlobal).absent]).toEqual(['aws:sourcevpce']);
    expect(mayHoldForEveryRequest(block.slice(0, 1), requestContext({}), onlyGlobal)).toBe(true);
    expect(mayHoldForEveryRequest(block.slice(0, 1), requestContext({}))).toBe(false);
  });

  // A policy variable reads a key too: a request without it gives the variable no value, which names nothing.
  it('finds missing a key a policy variable in a value reads, where the context does not tell it', () => {
    const onOwnerTag = [entry('StringEquals', 'aws:username', '${aws:PrincipalTag/owner}')];
    const member = requestContext({ 'aws:username': 'bob' });
    expect([...withoutUntoldKeys(onOwnerTag, member).absent]).toEqual(['aws:principaltag/owner']);
    expect(mayHoldForEveryRequest(onOwnerTag, member)).toBe(false);
    // One the context tells stays as it tells it.
    expect(mayHoldForEveryRequest(onOwnerTag, requestContext({ 'aws:username': 'bob', 'aws:PrincipalTag/owner': 'bob' }))).toBe(true);
    expect(withoutUntoldKeys(onOwnerTag, requestContext({ 'aws:username': 'bob' }, ['aws:PrincipalTag/owner'])).absent.has('aws:principaltag/owner')).toBe(true);
  });

  it('fails the block where one condition fails without its key, whatever the others', () => {
    const block = [entry('StringNotEquals', 'aws:PrincipalAccount', notKnown), entry('StringEquals', 'aws:SourceVpce', notKnown)];
    expect(mayHoldForEveryRequest(block, requestContext({}))).toBe(false);
    expect(mayHoldForEveryRequest(block.slice(0, 1), requestContext({}))).toBe(true);
  });

  it('keeps an operator block not known open: it may be any condition', () => {
    const unresolved = { ...entry('StringEquals', 'aws:SourceVpce', notKnown), unresolved: notKnown };
    expect(mayHoldForEveryRequest([unresolved], requestContext({}))).toBe(true);
  });
});

// A group's member's request carries aws:username (every IAM user's does) with a name the input does not tell: the
// policy variable's own value (`policyVariableValue`), present in the request and equal to no name written out.
describe("a key present with the policy variable's own value", () => {
  const member = requestContext({ 'aws:username': policyVariableValue('aws:username') });

  it.each<[string, string, Tri]>([
    ['Null', 'false', true],
    ['Null', 'true', false],
    ['StringLike', '*', true],
    ['ForAnyValue:StringLike', '*', true],
    ['StringNotLike', '*', false],
    ['StringEquals', 'bob', 'unknown'],
    ['StringNotEquals', 'bob', 'unknown'],
    ['StringEqualsIfExists', 'bob', 'unknown'],
    ['StringLike', 'b*', 'unknown'],
  ])('%s %s is %s', (operator, value, expected) => {
    expect(evaluateConditionEntry(entry(operator, 'aws:username', value), member)).toBe(expected);
  });
});
