import { describe, expect, it } from 'vitest';
import { matchAction, matchArn, matchString, type MatchOptions, type PatternPiece } from '../../src/iam/match.js';
import { requestPattern } from '../../src/iam/conditions.js';
import { withOwnerPartition, requestContext } from '../../src/iam/request.js';
import type { Tri } from '../../src/model/tri.js';
import { OTHER_REGION, OWNER_ACCOUNT, OWNER_PARTITION, OWNER_REGION, displayString, marker, policyVariableValue, refMarker, unresolvedMarker } from '../../src/model/value.js';

const FOREIGN = '999988887777';
const ctx = requestContext({}, [], [FOREIGN]);
const ROLE = refMarker('Role', 'Arn');
const OTHER_ROLE = refMarker('Other', 'Arn');
const UNK = unresolvedMarker('Fn::ImportValue');
const OWNER_SAGEMAKER = `arn:${OWNER_PARTITION}:sagemaker:${OWNER_REGION}:${OWNER_ACCOUNT}`;

const equals: MatchOptions = { wildcards: false, ignoreCase: false };
const like: MatchOptions = { wildcards: true, ignoreCase: false };
const equalsIgnoreCase: MatchOptions = { wildcards: false, ignoreCase: true };
const likeIgnoreCase: MatchOptions = { wildcards: true, ignoreCase: true };

const stringCases: Array<[string, string, string, MatchOptions, Tri]> = [
  ['literal equal', 'abc', 'abc', equals, true], // StringEquals: exact match
  ['literal differs', 'abc', 'abd', equals, false], // StringEquals: no match
  ['case differs', 'ABC', 'abc', equals, false], // StringEquals is case-sensitive
  ['IgnoreCase', 'ABC', 'abc', equalsIgnoreCase, true], // StringEqualsIgnoreCase
  ['* literal in Equals', 'a*', 'abc', equals, false], // StringEquals: * is a plain character
  ['* literal in Equals, same text', 'a*', 'a*', equals, true], // ...so it matches only a literal *
  ['? literal in Equals', 'a?c', 'abc', equals, false], // StringEquals: ? is a plain character
  ['* in Like', 'a*', 'abc', like, true], // StringLike: * is any run
  ['* matches empty', 'a*', 'a', like, true], // StringLike: * may be empty
  ['? in Like', 'a?c', 'abc', like, true], // StringLike: ? is one character
  ['? needs one char', 'a?', 'a', like, false], // StringLike: ? is exactly one character
  ['? reads a character outside the BMP', 'a?c', 'a\u{1F600}c', like, true], // one character, two UTF-16 code units
  ['? reads it once', 'a??c', 'a\u{1F600}c', like, false], // ...so a second ? finds nothing
  ['* backtracks', '*b*b', 'abxbab', like, true], // StringLike: multiple *
  ['Like case-sensitive', 'A*', 'abc', like, false], // StringLike is case-sensitive
  ['Like ignore case', 'A*', 'abc', likeIgnoreCase, true], // IgnoreCase applies to literals
  ['identical markers', `arn:aws:iam::${OWNER_ACCOUNT}:root`, `arn:aws:iam::${OWNER_ACCOUNT}:root`, equals, true], // a marker equals the identical marker
  ['different ref markers', ROLE, OTHER_ROLE, equals, 'unknown'], // two unknown values may or may not be equal
  ['* absorbs markers', 'arn:*:root', `arn:${OWNER_PARTITION}:iam::${OWNER_ACCOUNT}:root`, like, true], // * absorbs atoms
  ['? never absorbs a marker', `?`, OWNER_ACCOUNT, like, 'unknown'], // ? is one literal char, not an atom
  ['owner vs foreign', OWNER_ACCOUNT, FOREIGN, equals, false], // the owner's account differs from every foreign probe account
  ['foreign vs owner value', FOREIGN, OWNER_ACCOUNT, equals, false], // ...either way round
  ['owner vs unrelated literal', OWNER_ACCOUNT, '111122223333', equals, 'unknown'], // the owner could be that account
  ['pattern marker cannot fit', `arn:aws:s3:::${ROLE}`, 'arn:aws:iam::1:role/x', equals, false], // no value of the marker makes it match
  ['pattern marker could fit', `arn:aws:iam::${OWNER_ACCOUNT}:role/x`, 'arn:aws:iam::111122223333:role/x', equals, 'unknown'], // the marker could be that account
  ['owner account vs text no account is', `arn:aws:iam::${OWNER_ACCOUNT}:role/x`, 'arn:aws:iam::1:role/x', equals, false], // an account id has twelve digits
  ['owner account vs a policy variable read as text', '${aws:ResourceAccount}', OWNER_ACCOUNT, equals, false], // no account is that text
  ['owner account vs a digit pattern', '1111*', OWNER_ACCOUNT, like, 'unknown'], // the owner's account may begin so
  ['value marker only', 'abc', ROLE, equals, 'unknown'], // a symbolic request value is open
  ['unk identical', UNK, UNK, equals, true], // identical unresolved pieces match
  ['unk keeps the rest open', `x-${UNK}`, 'x-1', equals, 'unknown'], // an unresolved piece may be "1"
  ['literal ends still decide around unk', `x-${UNK}`, 'y-1', equals, false], // whatever it stands for, "x" is not "y"
  ['literal suffix decides around a value marker', 'processing-job/*', `training-job/${UNK}`, like, false], // the job type differs before the name
  ['literal between value markers decides', 'a-b', `a${UNK}x${UNK}b`, equals, false], // whatever they stand for, the "x" between them is not in "a-b"
  ['literal between value markers could fit', 'a-x-b', `a${UNK}x${UNK}b`, equals, 'unknown'], // each may be "-"
  ['owner ARN with a literal * vs an execution', `${OWNER_SAGEMAKER}:*`, `${OWNER_SAGEMAKER}:pipeline/p2/execution/${UNK}`, equals, false], // the resource part is "*" itself, not an execution
  ['another pipeline vs an execution', `${OWNER_SAGEMAKER}:pipeline/p3/*`, `${OWNER_SAGEMAKER}:pipeline/p2/execution/${UNK}`, like, false], // the pipeline name differs before the unknown id
  ['the pipeline vs its execution', `${OWNER_SAGEMAKER}:pipeline/p2/*`, `${OWNER_SAGEMAKER}:pipeline/p2/execution/${UNK}`, like, true], // the * absorbs the id
  ['a pattern the unknown id could complete', `${OWNER_SAGEMAKER}:pipeline/*/execution/x`, `${OWNER_SAGEMAKER}:pipeline/p2/execution/${UNK}`, like, 'unknown'], // the id may be "x"
  ['a region wildcard cannot reach past the owner\'s symbols', `arn:aws:sagemaker:*:${OWNER_ACCOUNT}:endpoint/*`, `${OWNER_SAGEMAKER}:*`, like, false], // region, account and partition hold no colon: the resource part is "*" itself
  ['a region wildcard reaches the resource part it matches', `arn:aws:sagemaker:*:${OWNER_ACCOUNT}:*`, `${OWNER_SAGEMAKER}:*`, like, 'unknown'], // the owner's partition may be aws
  ['* matches unk', '*', UNK, like, true], // * matches anything
  ['ignoreCase keeps markers', `A-${ROLE}`, `a-${ROLE}`, equalsIgnoreCase, true], // only literal characters are lower-cased
];

const arnCases: Array<[string, string, string, Tri]> = [
  ['identical', 'arn:aws:s3:::bucket', 'arn:aws:s3:::bucket', true], // ArnEquals: exact
  ['wildcard in resource', 'arn:aws:sagemaker:us-east-1:111122223333:training-job/*', 'arn:aws:sagemaker:us-east-1:111122223333:training-job/a', true], // ArnLike/ArnEquals: * wildcard
  ['? in region', 'arn:aws:sagemaker:us-east-?:1:x', 'arn:aws:sagemaker:us-east-1:1:x', true], // ? in a part
  ['* stays in its part', 'arn:aws:s3:*:1:x', 'arn:aws:s3:a:b:1:x', false], // each part is matched separately
  ['resource keeps colons', 'arn:aws:logs:r:1:log-group:g:*', 'arn:aws:logs:r:1:log-group:g:log-stream:s', true], // resource = everything after the 5th colon
  ['wrong service', 'arn:aws:sagemaker:*:*:*', 'arn:aws:s3:::bucket', false], // service part differs
  ['not an ARN value', 'arn:aws:s3:::*', 'bucket', false], // a value that is not ARN-shaped does not match
  ['not an ARN pattern', 'arn:aws:s3*', 'arn:aws:s3:::bucket', false], // a pattern that is not ARN-shaped does not match
  ['* alone', '*', 'arn:aws:s3:::bucket', true], // "*" matches every ARN
  ['case-sensitive', 'arn:aws:s3:::Bucket', 'arn:aws:s3:::bucket', false], // Arn operators are case-sensitive
  ['owner ARN vs foreign', `arn:aws:sagemaker:us-east-1:${OWNER_ACCOUNT}:*`, `arn:aws:sagemaker:us-east-1:${FOREIGN}:training-job/x`, false], // account part decides
  ['owner ARN vs other literal', `arn:aws:sagemaker:us-east-1:${OWNER_ACCOUNT}:*`, 'arn:aws:sagemaker:us-east-1:111122223333:training-job/x', 'unknown'], // the owner may be that account
  ['narrow pattern vs literal * resource', 'arn:aws:sagemaker:us-west-2:123456789012:training-job/*', `arn:${OWNER_PARTITION}:sagemaker:${OWNER_REGION}:${OWNER_ACCOUNT}:*`, false], // resource part decides despite markers elsewhere
  ['owner pattern vs owner value', `arn:${OWNER_PARTITION}:sagemaker:${OWNER_REGION}:${OWNER_ACCOUNT}:*`, `arn:${OWNER_PARTITION}:sagemaker:${OWNER_REGION}:${OWNER_ACCOUNT}:*`, true], // identical markers per part
  ['whole-ARN ref vs itself', ROLE, ROLE, true], // a Ref standing for a whole ARN equals itself
  ['whole-ARN ref vs ARN', ROLE, 'arn:aws:iam::1:role/x', 'unknown'], // a marker may hold the colons
  ['unk account', `arn:aws:s3:::${UNK}`, 'arn:aws:s3:::b', 'unknown'], // unresolved piece: true or unknown only
  ['unk ARN vs the resource *', `arn:aws:s3:::${UNK}`, '*', false], // whatever it stands for, an ARN pattern is not the "*" of an action without resource types
  ['short pattern vs the owner partition', 'arn:aws:*', `arn:${OWNER_PARTITION}:sagemaker:${OWNER_REGION}:${OWNER_ACCOUNT}:training-job/x`, 'unknown'], // the * may span the parts the pattern lacks, and the owner's partition may be aws
  ['short pattern of another service vs the owner partition', 'arn:aws:s3:bucket', `arn:${OWNER_PARTITION}:sagemaker:${OWNER_REGION}:${OWNER_ACCOUNT}:training-job/x`, false], // no * to span the missing parts
];

describe('matchString', () => {
  it.each(stringCases)('%s', (_name, pattern, value, options, expected) => {
    expect(matchString(pattern, value, options, ctx)).toBe(expected);
  });

  it('treats verbatim pieces as literal text even with wildcards on', () => {
    const pieces: PatternPiece[] = [{ text: 'a' }, { text: '*', verbatim: true }];
    expect(matchString(pieces, 'a*', like)).toBe(true);
    expect(matchString(pieces, 'ab', like)).toBe(false);
  });

  it('without a context the owner marker stays unknown', () => {
    expect(matchString(OWNER_ACCOUNT, FOREIGN, equals)).toBe('unknown');
  });

  it('remembers answers apart by options, pattern form and foreign accounts', () => {
    expect(matchString('a*', 'ab', like)).toBe(true);
    expect(matchString('a*', 'ab', equals)).toBe(false);
    expect(matchString([{ text: 'a*', verbatim: true }], 'ab', like)).toBe(false);
    expect(matchString('a*', 'ab', like)).toBe(true);
    expect(matchString(OWNER_ACCOUNT, FOREIGN, equals, ctx)).toBe(false);
    expect(matchString(OWNER_ACCOUNT, FOREIGN, equals, requestContext({}))).toBe('unknown');
    expect(matchString(OWNER_ACCOUNT, FOREIGN, equals, ctx)).toBe(false);
  });
});

describe('matchArn', () => {
  it.each(arnCases)('%s', (_name, pattern, value, expected) => {
    expect(matchArn(pattern, value, ctx)).toBe(expected);
  });

  it('knows the owner\'s region differs from another region, and not from a region written out', () => {
    const jobs = (region: string) => `arn:aws:sagemaker:${region}:111122223333:training-job/x`;
    expect(matchArn(jobs(OWNER_REGION), jobs(OTHER_REGION))).toBe(false);
    expect(matchArn(jobs(OTHER_REGION), jobs(OWNER_REGION))).toBe(false);
    expect(matchArn(jobs('*'), jobs(OTHER_REGION))).toBe(true);
    expect(matchArn(jobs('us-east-1'), jobs(OTHER_REGION))).toBe('unknown');
    expect(matchString(OWNER_REGION, OTHER_REGION, { wildcards: false, ignoreCase: false })).toBe(false);
  });

  it('knows a region, account or partition symbol never holds a literal * or ?, as StringEquals reads them', () => {
    const exact = { wildcards: false, ignoreCase: false };
    const presented = `arn:${OWNER_PARTITION}:sagemaker:${OWNER_REGION}:${OWNER_ACCOUNT}:*`;
    expect(matchString(`arn:${OWNER_PARTITION}:sagemaker:*:${OWNER_ACCOUNT}:*`, presented, exact)).toBe(false);
    expect(matchString(`arn:*:sagemaker:${OWNER_REGION}:${OWNER_ACCOUNT}:*`, presented, exact)).toBe(false);
    expect(matchString(`arn:${OWNER_PARTITION}:sagemaker:us-east-?:${OWNER_ACCOUNT}:*`, presented, exact)).toBe(false);
    // The same text is still equal, and a wildcard still reads the symbol.
    expect(matchString(presented, presented, exact)).toBe(true);
    expect(matchString(`arn:${OWNER_PARTITION}:sagemaker:*:${OWNER_ACCOUNT}:*`, presented, { wildcards: true, ignoreCase: false })).toBe(true);
  });

  it('reads the owner\'s partition symbol as the partition the context tells, against a partition written out, either side', () => {
    const presented = `arn:${OWNER_PARTITION}:sagemaker:us-east-1:${OWNER_ACCOUNT}:notebook-instance/nb`;
    const commercial = { ...requestContext({}), ownerPartition: 'aws' };
    expect(matchArn(`arn:aws:sagemaker:us-east-1:${OWNER_ACCOUNT}:*`, presented, commercial)).toBe(true);
    expect(matchArn(`arn:aws-cn:sagemaker:us-east-1:${OWNER_ACCOUNT}:*`, presented, commercial)).toBe(false);
    expect(matchArn(`arn:aws*:sagemaker:us-east-1:${OWNER_ACCOUNT}:*`, presented, commercial)).toBe(true);
    expect(matchString(`arn:aws:sagemaker:us-east-1:${OWNER_ACCOUNT}:*`, presented, { wildcards: true, ignoreCase: false }, commercial)).toBe(true);
    expect(matchString(OWNER_PARTITION, 'aws-cn', { wildcards: false, ignoreCase: false }, commercial)).toBe(false);
    // The symbol is still itself, and without the context a partition written out stays open.
    expect(matchArn(presented, presented, commercial)).toBe(true);
    expect(matchArn(`arn:aws-cn:sagemaker:us-east-1:${OWNER_ACCOUNT}:*`, presented, requestContext({}))).toBe('unknown');
    expect(matchArn(`arn:aws:sagemaker:us-east-1:${OWNER_ACCOUNT}:*`, presented, { ...requestContext({}), ownerPartition: 'aws-cn' })).toBe(false);
  });

  it('reads the owner\'s partition as the one a context made in it tells (withOwnerPartition), one context per partition', () => {
    const bob = `arn:${OWNER_PARTITION}:iam::${OWNER_ACCOUNT}:user/bob`;
    const base = requestContext({ 'aws:PrincipalArn': bob });
    expect(withOwnerPartition(base, 'aws')).toBe(withOwnerPartition(base, 'aws'));
    expect(withOwnerPartition(base, 'aws').present).toBe(base.present);
    expect(matchArn('arn:aws:iam::*:user/bob', bob, base)).toBe('unknown');
    expect(matchArn('arn:aws:iam::*:user/bob', bob, withOwnerPartition(base, 'aws'))).toBe(true);
    expect(matchArn('arn:aws:iam::*:user/bob', bob, withOwnerPartition(base, 'aws-cn'))).toBe(false);
    // Another name is false in each partition.
    expect(matchArn('arn:aws:iam::*:user/alice', bob, base)).toBe(false);
    // Compared as whole strings, where a `*` may span colons, the symbol is the partition wherever it stands.
    const like = { wildcards: true, ignoreCase: false };
    expect(matchString('arn:aws:iam::*:user/bob', bob, like, base)).toBe('unknown');
    expect(matchString('arn:aws:iam::*:user/bob', bob, like, withOwnerPartition(base, 'aws'))).toBe(true);
    expect(matchString('arn:aws:iam::*:user/bob', bob, like, withOwnerPartition(base, 'aws-cn'))).toBe(false);
    expect(matchString(`arn:${OWNER_PARTITION}:iam::*`, 'arn:aws-cn:iam::210987654321:user/bob', like, withOwnerPartition(base, 'aws-cn'))).toBe(true);
  });

  it('knows the request\'s region symbol differs from the regions it is asked apart from, and from those only', () => {
    const jobs = (region: string) => `arn:aws:sagemaker:${region}:111122223333:training-job/x`;
    const exact = { wildcards: false, ignoreCase: false };
    for (const [symbol, other] of [[OWNER_REGION, OTHER_REGION], [OTHER_REGION, OWNER_REGION]] as const) {
      const apart = { ...requestContext({}), regionApart: { region: symbol, from: new Set(['us-east-1']) } };
      expect(matchArn(jobs('us-east-1'), jobs(symbol), apart)).toBe(false);
      expect(matchString(symbol, 'us-east-1', exact, apart)).toBe(false);
      expect(matchString('US-EAST-1', symbol, { wildcards: false, ignoreCase: true }, apart)).toBe(false);
      // Without the context, for the other symbol, a region it does not list or a pattern of regions, the answer stays open.
      expect(matchString('us-east-1', symbol, exact)).toBe('unknown');
      expect(matchString('us-east-1', other, exact, apart)).toBe('unknown');
      expect(matchString('eu-west-1', symbol, exact, apart)).toBe('unknown');
      expect(matchString('us-*', symbol, { wildcards: true, ignoreCase: false }, apart)).toBe('unknown');
      // Text no region is: a list joined by commas; a pattern compared as text.
      expect(matchString('us-east-1,eu-west-1', symbol, { wildcards: true, ignoreCase: false }, apart)).toBe(false);
      expect(matchString('us-*', symbol, exact, apart)).toBe(false);
      // Compared as text, a pattern's `*` is a character that no region holds, with or without the context.
      expect(matchString('us-*', symbol, exact)).toBe(false);
      expect(matchString(symbol, symbol, exact, apart)).toBe(true);
    }
  });
});

describe('ARN parts of a pattern with policy variables', () => {
  it('reads a policy variable as one piece: its colon parts no ARN', () => {
    const written = 'arn:aws:iam::${aws:PrincipalAccount}:role/*';
    expect(matchArn(requestPattern(written, undefined), `arn:aws:iam::${policyVariableValue('aws:PrincipalAccount')}:role/admin`)).toBe(true);
    expect(matchArn(requestPattern(written, undefined), 'arn:aws:iam::111122223333:role/admin')).toBe('unknown');
    expect(matchArn(requestPattern(written, requestContext({ 'aws:PrincipalAccount': '111122223333' })), 'arn:aws:iam::111122223333:role/admin')).toBe(true);
    // The text as written (no Version, 2008-10-17) is split at every colon, as IAM reads text: its account is `${aws`,
    // and its resource `PrincipalAccount}:role/*` names the text's own resources only.
    expect(matchArn(written, 'arn:aws:iam::111122223333:role/admin')).toBe(false);
    expect(matchArn(written, 'arn:aws:iam::${aws:PrincipalAccount}:role/admin')).toBe(true);
  });

  it('matches the role of the account a variable the request gives names, and an escape as its character only', () => {
    const ownRoles = requestPattern('arn:aws:iam::${aws:PrincipalAccount}:role/*', requestContext({ 'aws:PrincipalAccount': '111122223333' }));
    expect(matchArn(ownRoles, 'arn:aws:iam::111122223333:role/admin')).toBe(true);
    expect(matchArn(ownRoles, 'arn:aws:iam::444455556666:role/admin')).toBe(false);
    const escaped = requestPattern('arn:aws:iam::111122223333:role/${*}', undefined);
    expect(escaped).toEqual([{ text: 'arn:aws:iam::111122223333:role/' }, { text: '*', verbatim: true }, { text: '' }]);
    expect(matchArn(escaped, 'arn:aws:iam::111122223333:role/*')).toBe(true);
    expect(matchArn(escaped, 'arn:aws:iam::111122223333:role/admin')).toBe(false);
  });

  it("reads a request's value not known as one string: it may be a name a policy writes, never a probe's", () => {
    const ownRole = requestPattern('arn:aws:iam::*:role/${aws:username}x', requestContext({ 'aws:username': unresolvedMarker('the UserName of Unnamed is not known') }));
    expect(matchArn(ownRole, 'arn:aws:iam::111122223333:role/adminx')).toBe('unknown');
    expect(matchArn(ownRole, 'arn:aws:iam::111122223333:role/admin')).toBe(false);
    expect(matchArn(ownRole, `arn:aws:iam::111122223333:role/${marker('sym', 'deputy.AnyName')}`)).toBe(false);
    expect(matchArn(requestPattern('arn:aws:iam::*:role/${aws:username}', requestContext({ 'aws:username': UNK })), 'arn:aws:iam::111122223333:role/deputy-probe')).toBe(false);
    // Written in the policy, a value not known may be "*": any name.
    expect(matchArn(`arn:aws:iam::*:role/${UNK}`, `arn:aws:iam::111122223333:role/${marker('sym', 'deputy.AnyName')}`)).toBe('unknown');
  });

  it('reads no variable inside a marker: how the input writes a value not known holds none of the policy', () => {
    const notKnown = unresolvedMarker('Fn::Split of "${Env}-x", which is not known statically');
    const pattern = requestPattern(`arn:aws:iam::111122223333:role/${notKnown}`, requestContext({}));
    expect(pattern).toEqual([{ text: `arn:aws:iam::111122223333:role/${notKnown}` }]);
    expect(matchArn(pattern, 'arn:aws:iam::111122223333:role/admin')).toBe('unknown');
    const beside = requestPattern(`arn:aws:iam::111122223333:role/${notKnown}-\${aws:username}`, requestContext({ 'aws:username': 'bob' }));
    expect(beside).toEqual([{ text: `arn:aws:iam::111122223333:role/${notKnown}-` }, { text: 'bob', verbatim: true }, { text: '' }]);
    // A variable whose default is a value not known holds the whole marker: it is still a variable.
    const defaulted = requestPattern(`arn:aws:iam::111122223333:role/\${aws:username, '${unresolvedMarker('var.fallback has no value')}'}`, requestContext({ 'aws:username': 'bob' }));
    expect(defaulted).toEqual([{ text: 'arn:aws:iam::111122223333:role/' }, { text: 'bob', verbatim: true }, { text: '' }]);
  });
});

describe('a policy variable the request does not say', () => {
  const userNamedText = 'arn:aws:iam::111122223333:role/${aws:username}';
  const userNamed = requestPattern(userNamedText, undefined);

  it('may be a name a policy writes, and is no probe\'s', () => {
    expect(userNamed).toContainEqual({ text: '${aws:username}', verbatim: true, variable: policyVariableValue('aws:username') });
    expect(matchArn(userNamed, 'arn:aws:iam::111122223333:role/admin')).toBe('unknown');
    expect(matchArn(userNamed, 'arn:aws:iam::111122223333:role/deputy-probe')).toBe(false);
    expect(matchArn(userNamed, `arn:aws:iam::111122223333:role/${marker('sym', 'deputy.AnyName')}`)).toBe(false);
    // Text it cannot be part of, whatever its value: another type, another account.
    expect(matchArn(userNamed, 'arn:aws:iam::111122223333:user/admin')).toBe(false);
    expect(matchArn(userNamed, 'arn:aws:iam::444455556666:role/admin')).toBe(false);
    // Text outside the grammar IAM documents for variables is not known: what IAM reads it as, the guide does not say.
    for (const written of ['${a b}', "${aws:username,'x'}", '${aws:username, "x"}', '${ aws:username }']) {
      const pattern = requestPattern(`arn:aws:iam::111122223333:role/${written}`, undefined);
      expect(matchArn(pattern, 'arn:aws:iam::111122223333:role/admin')).toBe('unknown');
      expect(matchArn(pattern, `arn:aws:iam::111122223333:role/${written}`)).toBe('unknown');
      expect(matchArn(pattern, 'arn:aws:iam::111122223333:role/x')).toBe('unknown');
      // Still a role of that account, whatever it reads as.
      expect(matchArn(pattern, 'arn:aws:iam::111122223333:user/x')).toBe(false);
    }
  });

  it('has one value for each request: the same variable names it, another may, its own in another shape only at the same length', () => {
    const role = (name: string) => `arn:aws:iam::111122223333:role/${name}`;
    const userName = policyVariableValue('aws:username');
    // Keys are read case-insensitively; a wildcard beside the variable still spans what follows it.
    expect(matchArn(userNamed, role(userName))).toBe(true);
    expect(matchArn(requestPattern(role('${AWS:UserName}'), undefined), role(userName))).toBe(true);
    expect(matchArn(requestPattern(role('team-${aws:username}-*'), undefined), role(`team-${userName}-${marker('sym', 'deputy.AnyName')}`))).toBe(true);
    // Another variable may hold the same value.
    expect(matchArn(userNamed, role(policyVariableValue('aws:userid')))).toBe('unknown');
    // Its value followed by any name is no value of it alone.
    expect(matchArn(userNamed, role(`${userName}-${marker('sym', 'deputy.AnyName')}`))).toBe(false);
  });

  it("is what a request holding the key with the variable's own value reads too: a group's member's name, present and not known", () => {
    const member = requestContext({ 'aws:username': policyVariableValue('aws:username') });
    expect(requestPattern(userNamedText, member)).toEqual(userNamed);
    expect(matchArn(requestPattern(userNamedText, member), `arn:aws:iam::111122223333:role/${policyVariableValue('aws:username')}`)).toBe(true);
    expect(matchArn(requestPattern(userNamedText, member), 'arn:aws:iam::111122223333:role/admin')).toBe('unknown');
    expect(matchArn(requestPattern(userNamedText, member), 'arn:aws:iam::111122223333:role/deputy-probe')).toBe(false);
  });

  it('is one string on both sides: text around it on one side only makes another length, never the same string', () => {
    const user = policyVariableValue('aws:username');
    const like = { wildcards: true, ignoreCase: false };
    const exact = { wildcards: false, ignoreCase: false };
    const pattern = (text: string) => requestPattern(text, undefined);
    const cases: Array<[string, string, MatchOptions, Tri]> = [
      // Text on one side only: lengths that differ for every value of it.
      ['role/${aws:username}', `role/${user}-x`, like, false],
      ['role/${aws:username}-x', `role/${user}`, like, false],
      ['x-${aws:username}', user, exact, false],
      ['${aws:username}-${aws:username}', user, exact, false], // twice its length plus one is never once its length
      ['${aws:username}-${aws:userid}', user, exact, false], // another variable beside it is one character at least
      ['${aws:username}-${aws:username}', `${user}--`, exact, 'unknown'], // 2n+1 = n+2 for n = 1: "-" makes both "---"
      // A `*` beside it takes text, but never makes the pattern shorter.
      ['team-${aws:username}-*', `team-${user}`, like, false],
      ['*-${aws:username}', user, like, false],
      ['team-${aws:username}-*', `team-${user}-x`, like, true],
      ['${aws:username}*', `${user}-x`, like, true],
      ['*${aws:username}', `x-${user}`, like, true],
      ['${aws:username}${aws:username}', `${user}${user}`, exact, true],
      // Compared as text (StringEquals), a `*` is one character: `team-<its value>-*` is longer than `team-<its value>`.
      ['team-${aws:username}-*', `team-${user}-`, exact, false],
      // The same length: it may be the text that makes both agree (`${aws:username}-x` is `-x${aws:username}` for `-x`).
      ['${aws:username}-x', `-x${user}`, exact, 'unknown'],
      ['team-${aws:username}-*', 'team-admin-x', like, 'unknown'],
      // Another variable, another unknown value beside it, or the value where the pattern holds it twice: left open.
      ['${aws:username}-x', policyVariableValue('aws:userid'), exact, 'unknown'],
      ['${aws:username}-x', `${user}${UNK}`, exact, 'unknown'],
      ['${aws:username}${aws:username}', `${user}-x`, exact, 'unknown'],
      ['${aws:username}-${aws:userid}', `${user}-x`, exact, 'unknown'],
    ];
    for (const [written, value, options, expected] of cases) expect([written, displayString(value), matchString(pattern(written), value, options)]).toEqual([written, displayString(value), expected]);
    // In an ARN: the part the variable is written in decides.
    const role = (name: string) => `arn:aws:iam::111122223333:role/${name}`;
    expect(matchArn(requestPattern(role('${aws:username}-x'), undefined), role(user))).toBe(false);
    expect(matchArn(userNamed, role(`${user}-x`))).toBe(false);
  });

  it('with a default, is its value in a request with the key and the default in one without: a variable without one has no value there', () => {
    const role = (name: string) => `arn:aws:iam::111122223333:role/${name}`;
    const userName = policyVariableValue('aws:username');
    const defaulted = role("${aws:username, 'x'}");
    // The request may hold the key: the variable is its value there, as one without a default is.
    expect(requestPattern(defaulted, undefined)).toContainEqual({ text: "${aws:username, 'x'}", verbatim: true, variable: userName });
    expect(matchArn(requestPattern(defaulted, undefined), role(userName))).toBe(true);
    expect(matchArn(requestPattern(defaulted, requestContext({ 'aws:username': 'alice' })), role('alice'))).toBe(true);
    expect(matchArn(requestPattern(defaulted, requestContext({ 'aws:username': 'alice' })), role('x'))).toBe(false);
    // Without the key, the default (verbatim: never a wildcard), and nothing for a variable without one.
    const without = requestContext({}, ['aws:username']);
    expect(matchArn(requestPattern(defaulted, without), role('x'))).toBe(true);
    expect(matchArn(requestPattern(role("${aws:username, '*'}"), without), role('admin'))).toBe(false);
    expect(matchArn(requestPattern(userNamedText, without), role('x'))).toBe(false);
    expect(matchArn(requestPattern(userNamedText, without), role(userName))).toBe(false);
    // The same text is another pattern in each request: answers are not mixed up.
    expect(matchArn(requestPattern(userNamedText, undefined), role(userName))).toBe(true);
  });
});

const actionCases: Array<[string, string, boolean]> = [
  ['sts:AssumeRole', 'sts:AssumeRole', true], // exact
  ['STS:assumerole', 'sts:AssumeRole', true], // action names are case-insensitive
  ['sts:Assume*', 'sts:AssumeRoleWithSAML', true], // * wildcard
  ['sts:*', 'sts:AssumeRole', true], // service wildcard
  ['*', 'iam:PassRole', true], // * alone matches everything
  ['iam:Pass?ole', 'iam:PassRole', true], // ? wildcard
  ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', false], // no implicit prefix match
  ['s3:*', 'sts:AssumeRole', false], // other service
];

describe('matchAction', () => {
  it.each(actionCases)('%s vs %s', (pattern, action, expected) => {
    expect(matchAction(pattern, action)).toBe(expected);
  });
});
