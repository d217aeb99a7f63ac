import { describe, expect, it } from 'vitest';
import { normalizePolicy } from '../../src/iam/normalize.js';
import { anyAllowed, awsCallerProbes, decide, requestTimes, strangerAllowed as strangerOfAnyAccountAllowed, withCallerChosenKeys, type RoleFacts } from '../../src/iam/trust.js';
import type { Resource } from '../../src/model/resource.js';
import { OWNER_ACCOUNT, OWNER_PARTITION, Unresolved, unresolvedMarker, type Value } from '../../src/model/value.js';

const location = { file: 'main.tf', startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
/** The scan's instant the requests are made from, where a test gives none. */
const SCAN = Date.parse('2030-06-01T00:00:00Z');
const role = { address: 'aws_iam_role.r', name: 'aws_iam_role.r', type: 'aws_iam_role', kind: 'iam-role', file: 'main.tf', format: 'terraform', syntax: 'hcl', properties: {}, location, locator: { locate: () => location } } as Resource;

function trusting(principals: Value): ReturnType<typeof normalizePolicy> {
  return normalizePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principals }, Action: 'sts:AssumeRole' }] }, { resource: role.address, path: ['assume_role_policy'], kind: 'trust' }, role);
}

/** Whether any principal of the account (or the one ARN given) may assume the role (in `partition` where known). */
function admits(doc: ReturnType<typeof normalizePolicy>, account: string, arn?: string, partition?: string): unknown {
  const on: RoleFacts | undefined = partition === undefined ? undefined : { tags: new Map(), allTags: false, otherAccounts: [], partition };
  return awsCallerProbes(account, arn ? [arn] : [], { chooses: 'everything', times: [SCAN], ...(on ? { role: on } : {}) }).map((probe) => decide(doc, probe).allowed)[0];
}

describe('AWS principals of a trust policy', () => {
  it('admit no caller where they write out another partition than the role\'s known one, and are read as written where it is not known', () => {
    const doc = trusting(['arn:aws-cn:iam::111122223333:root', 'arn:aws-us-gov:iam::444455556666:role/ci', `arn:${OWNER_PARTITION}:iam::777788889999:root`]);
    // The role's partition not known: the principals are read as written (a stack in cn-north-1 may be meant).
    expect(admits(doc, '111122223333')).toBe(true);
    expect(admits(doc, '444455556666', 'arn:aws-us-gov:iam::444455556666:role/ci')).toBe(true);
    // Known to be aws: IAM lets no principal of another partition in; the one built of the partition symbol is the role's.
    expect(admits(doc, '111122223333', undefined, 'aws')).toBe(false);
    expect(admits(doc, '444455556666', 'arn:aws-us-gov:iam::444455556666:role/ci', 'aws')).toBe(false);
    expect(admits(doc, '777788889999', undefined, 'aws')).toBe(true);
    // In the partition written, they admit the caller; an account id names the account in the role's partition.
    expect(admits(doc, '111122223333', undefined, 'aws-cn')).toBe(true);
    expect(admits(trusting(['arn:aws-cn:iam::111122223333:root', '111122223333']), '111122223333', undefined, 'aws')).toBe(true);
    // A Deny of a principal of another partition refuses no caller of the role's.
    const denied = normalizePolicy(
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'sts:AssumeRole' }, { Effect: 'Deny', Principal: { AWS: 'arn:aws-cn:iam::111122223333:root' }, Action: 'sts:AssumeRole' }] },
      { resource: role.address, path: ['assume_role_policy'], kind: 'trust' },
      role,
    );
    expect(admits(denied, '111122223333')).toBe(false);
    expect(admits(denied, '111122223333', undefined, 'aws')).toBe(true);
  });

  it('admit every principal of an account named by its id or root ARN, and only the principal a role ARN names', () => {
    const doc = trusting(['111122223333', 'arn:aws:iam::444455556666:root', 'arn:aws:iam::777788889999:role/partner']);
    expect(admits(doc, '111122223333')).toBe(true);
    expect(admits(doc, '444455556666')).toBe(true);
    expect(admits(doc, '777788889999')).toBe(false);
    expect(admits(doc, '777788889999', 'arn:aws:iam::777788889999:role/partner')).toBe(true);
    expect(admits(doc, '777788889999', 'arn:aws:iam::777788889999:role/Partner')).toBe(false);
    // Not a wildcard: an account id is compared whole.
    expect(admits(trusting('1111222233*'), '111122223333')).toBe(false);
    expect(admits(trusting('arn:aws:iam::11112222333:root'), '111122223333')).toBe(false);
  });

  it('compare the owner account as a symbol, and leave principals not known before apply open', () => {
    expect(admits(trusting(`arn:${OWNER_PARTITION}:iam::${OWNER_ACCOUNT}:root`), '111122223333')).toBe(false);
    expect(admits(trusting(OWNER_ACCOUNT), OWNER_ACCOUNT)).toBe(true);
    expect(admits(trusting(new Unresolved('known after apply')), '111122223333')).toBe('unknown');
    const mixed = trusting(['111122223333', new Unresolved('known after apply'), `arn:aws:iam::${OWNER_ACCOUNT}:root`]);
    expect(admits(mixed, '111122223333')).toBe(true);
    expect(admits(mixed, '444455556666')).toBe('unknown');
  });

  it('give every account of a long list the same answer as a short list does', () => {
    const accounts = Array.from({ length: 300 }, (_, index) => String(100000000000 + index));
    const doc = trusting([...accounts.map((account) => `arn:aws:iam::${account}:root`), 'arn:aws:iam::999999999999:role/partner']);
    expect(accounts.every((account) => admits(doc, account) === true)).toBe(true);
    expect(admits(doc, '100000000300')).toBe(false);
    expect(admits(doc, '999999999999')).toBe(false);
    expect(admits(doc, '999999999999', 'arn:aws:iam::999999999999:role/partner')).toBe(true);
  });
});

/** Whether a stranger of another account gets in, calling from the given time on. */
function strangerAllowed(statements: Array<Record<string, Value>>, now = SCAN, on?: RoleFacts): unknown {
  const doc = normalizePolicy({ Version: '2012-10-17', Statement: statements }, { resource: role.address, path: ['assume_role_policy'], kind: 'trust' }, role);
  return anyAllowed(withCallerChosenKeys(doc), awsCallerProbes('111122223333', [], { chooses: 'everything', times: requestTimes(doc, now), ...(on ? { role: on } : {}) })).allowed;
}
const anyone = (condition?: Record<string, Value>): Record<string, Value> => ({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) });
const denyAll = (condition: Record<string, Value>): Record<string, Value> => ({ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Condition: condition });

describe('AWS callers and the time', () => {
  it('call from now on, as services do: a trust that expired admits none, one that opens later admits them then', () => {
    const until2031 = [anyone({ DateLessThan: { 'aws:CurrentTime': '2031-01-01T00:00:00Z' } })];
    expect(strangerAllowed(until2031, Date.parse('2030-06-01T00:00:00Z'))).toBe(true);
    expect(strangerAllowed(until2031, Date.parse('2031-06-01T00:00:00Z'))).toBe(false);
    expect(strangerAllowed([anyone({ DateGreaterThan: { 'aws:CurrentTime': '2040-01-01T00:00:00Z' } })])).toBe(true);
    expect(strangerAllowed([anyone({ NumericLessThan: { 'aws:EpochTime': '1924992000' } })], Date.parse('2031-06-01T00:00:00Z'))).toBe(false);
    expect(strangerAllowed([anyone({ NumericLessThan: { 'aws:EpochTime': '1924992000.5' } })], Date.parse('2030-06-01T00:00:00Z'))).toBe(true);
    // Every number NumericGreaterThan reads is a date the time may reach: a signed or fractional epoch too.
    expect(strangerAllowed([anyone({ NumericGreaterThan: { 'aws:EpochTime': '+1924992000' } })])).toBe(true);
    expect(strangerAllowed([anyone({ NumericGreaterThanEquals: { 'aws:EpochTime': '1924992000.' } })])).toBe(true);
    expect(strangerAllowed([anyone({ Null: { 'aws:CurrentTime': 'true' } })])).toBe(false);
    expect(strangerAllowed([anyone({ DateLessThan: { 'aws:CurrentTime': new Unresolved('known after apply') } })])).toBe('unknown');
  });

  it('read a Deny gated by time at the time of the request, with the Allows', () => {
    expect(strangerAllowed([anyone(), denyAll({ DateGreaterThan: { 'aws:CurrentTime': '2029-01-01T00:00:00Z' } })])).toBe(false);
    expect(strangerAllowed([anyone(), denyAll({ DateGreaterThan: { 'aws:CurrentTime': '2031-01-01T00:00:00Z' } })])).toBe(true);
    expect(strangerAllowed([anyone(), denyAll({ DateLessThan: { 'aws:CurrentTime': '2031-01-01T00:00:00Z' } })])).toBe(true);
    const window = [anyone({ DateLessThan: { 'aws:CurrentTime': '2035-01-01T00:00:00Z' } }), denyAll({ DateLessThan: { 'aws:CurrentTime': '2035-01-01T00:00:00Z' } })];
    expect(strangerAllowed(window)).toBe(false);
  });

  it('make their request on the owner\'s role, whose account no caller chooses: aws:ResourceAccount is the owner\'s', () => {
    expect(strangerAllowed([anyone({ StringEquals: { 'aws:ResourceAccount': OWNER_ACCOUNT } })])).toBe(true);
    expect(strangerAllowed([anyone({ StringEquals: { 'aws:PrincipalAccount': '${aws:ResourceAccount}' } })])).toBe(false);
    expect(strangerAllowed([anyone(), denyAll({ StringEquals: { 'aws:ResourceAccount': OWNER_ACCOUNT } })])).toBe(false);
    expect(strangerAllowed([anyone(), denyAll({ StringNotEquals: { 'aws:ResourceAccount': OWNER_ACCOUNT } })])).toBe(true);
    // An account written out may be the owner's or another (a template that does not say which): open either way.
    expect(strangerAllowed([anyone({ StringEquals: { 'aws:ResourceAccount': '493827160514' } })])).toBe('unknown');
    expect(strangerAllowed([anyone(), denyAll({ StringEquals: { 'aws:ResourceAccount': '493827160514' } })])).toBe('unknown');
  });

  it('make their request on the role as the input tells of it: its tags, and the accounts its account is not', () => {
    const now = Date.parse('2030-06-01T00:00:00Z');
    const tagged: RoleFacts = { tags: new Map([['locked', 'true']]), allTags: false, otherAccounts: [] };
    const locked = { StringEquals: { 'aws:ResourceTag/Locked': 'true' } };
    // A Deny under a tag the role carries refuses every caller; an Allow pinned to it admits any.
    expect(strangerAllowed([anyone(), denyAll(locked)], now, tagged)).toBe(false);
    expect(strangerAllowed([anyone(locked)], now, tagged)).toBe(true);
    expect(strangerAllowed([anyone({ StringEquals: { 'aws:ResourceTag/locked': 'false' } })], now, tagged)).toBe(false);
    // A tag not written may be the stack's or a provider's default: not known, unless the input holds every tag.
    const team = { StringEquals: { 'aws:ResourceTag/team': 'blue' } };
    expect(strangerAllowed([anyone(team)], now, tagged)).toBe('unknown');
    expect(strangerAllowed([anyone(), denyAll(team)], now, tagged)).toBe('unknown');
    const all = { ...tagged, allTags: true };
    expect(strangerAllowed([anyone(team)], now, all)).toBe(false);
    expect(strangerAllowed([anyone(), denyAll(team)], now, all)).toBe(true);
    // iam:ResourceTag/<key> names the same tag of the role (before: a key the caller chooses, the Deny avoided).
    const notMl = { StringNotEquals: { 'iam:ResourceTag/Team': 'ml' } };
    const ml: RoleFacts = { tags: new Map([['team', 'ml']]), allTags: false, otherAccounts: [] };
    const other: RoleFacts = { tags: new Map([['team', 'other']]), allTags: false, otherAccounts: [] };
    expect(strangerAllowed([anyone(), denyAll(notMl)], now, other)).toBe(false);
    expect(strangerAllowed([anyone(), denyAll(notMl)], now, ml)).toBe(true);
    expect(strangerAllowed([anyone(), denyAll(notMl)], now)).toBe('unknown');
    expect(strangerAllowed([anyone({ StringEquals: { 'iam:ResourceTag/locked': 'true' } })], now, tagged)).toBe(true);
    expect(strangerAllowed([anyone({ StringEquals: { 'iam:ResourceTag/team': 'blue' } })], now, all)).toBe(false);
    // The organization of the role's account, which deputy does not know, and tags of a role it knows nothing of.
    expect(strangerAllowed([anyone(), denyAll({ StringNotEquals: { 'aws:ResourceOrgID': 'o-a1b2c3d4e5' } })], now)).toBe('unknown');
    expect(strangerAllowed([anyone({ StringEquals: { 'aws:ResourceOrgPaths': 'o-a1b2c3d4e5/*' } })], now)).toBe('unknown');
    expect(strangerAllowed([anyone(), denyAll(locked)], now)).toBe('unknown');
    // The role's account is known not to be 308412956170: StringNotEquals on it holds for every caller.
    const apart: RoleFacts = { tags: new Map(), allTags: false, otherAccounts: ['308412956170'] };
    const notOther = { StringNotEquals: { 'aws:ResourceAccount': '308412956170' } };
    expect(strangerAllowed([anyone(notOther)], now, apart)).toBe(true);
    expect(strangerAllowed([anyone(), denyAll(notOther)], now, apart)).toBe(false);
    expect(strangerAllowed([anyone(), denyAll({ StringEquals: { 'aws:ResourceAccount': '308412956170' } })], now, apart)).toBe(true);
    expect(strangerAllowed([anyone(notOther)], now)).toBe('unknown');
  });

  it('read a pattern on the role\'s account against the account id the input tells, and Null on it as every request carries it', () => {
    const now = Date.parse('2030-06-01T00:00:00Z');
    const known: RoleFacts = { tags: new Map(), allTags: false, otherAccounts: [], account: '493827160514' };
    const own = { StringLike: { 'aws:ResourceAccount': '49*' } };
    const other = { StringLike: { 'aws:ResourceAccount': '12*' } };
    // The role's account 493827160514 matches 49*: pinned to it, the Allow admits any caller and the Deny refuses every one.
    expect(strangerAllowed([anyone(own)], now, known)).toBe(true);
    expect(strangerAllowed([anyone(), denyAll(own)], now, known)).toBe(false);
    expect(strangerAllowed([anyone(other)], now, known)).toBe(false);
    expect(strangerAllowed([anyone(), denyAll(other)], now, known)).toBe(true);
    expect(strangerAllowed([anyone({ StringNotLike: { 'aws:ResourceAccount': '4938*' } })], now, known)).toBe(false);
    // Where the account is not known, a pattern decides nothing.
    expect(strangerAllowed([anyone(own)], now)).toBe('unknown');
    // Every AssumeRole request carries aws:ResourceAccount, whatever the account.
    expect(strangerAllowed([anyone(), denyAll({ Null: { 'aws:ResourceAccount': 'false' } })], now)).toBe(false);
    expect(strangerAllowed([anyone({ Null: { 'aws:ResourceAccount': 'true' } })], now)).toBe(false);
  });

  it('carry the times of the request, not a probe per time: dozens of dates do not multiply the principal ARNs and variants', () => {
    const dates = Array.from({ length: 40 }, (_, index) => `${2040 + index}-01-01T00:00:00Z`);
    const doc = normalizePolicy({ Version: '2012-10-17', Statement: [anyone({ DateGreaterThan: { 'aws:CurrentTime': dates } })] }, { resource: role.address, path: ['assume_role_policy'], kind: 'trust' }, role);
    const arns = Array.from({ length: 10 }, (_, index) => `arn:aws:iam::111122223333:role/r${index}`);
    const timed = awsCallerProbes('111122223333', arns, { chooses: 'everything', times: requestTimes(doc, SCAN) });
    expect(timed.length).toBe(awsCallerProbes('111122223333', arns, { chooses: 'everything', times: [SCAN] }).length);
    const verdict = anyAllowed(doc, timed);
    expect(verdict.allowed).toBe(true);
    // The probe that gets in is the request made at one of the times, with its time keys.
    expect(verdict.probe!.context.present.get('aws:currenttime')).toEqual(['2040-01-01T00:00:01Z']);
  });
});

describe('a partner calling as a confused deputy', () => {
  /** Whether a principal of the partner's account gets in, sending no external id or one of its own. */
  function partnerAllowed(condition: Record<string, Value>): unknown {
    const doc = normalizePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole', Condition: condition }] }, { resource: role.address, path: ['assume_role_policy'], kind: 'trust' }, role);
    return anyAllowed(withCallerChosenKeys(doc), awsCallerProbes('111122223333', [], { chooses: 'external-id', times: [SCAN] })).allowed;
  }

  it('may be in an organization of its own, never the owner\'s', () => {
    expect(partnerAllowed({ StringLike: { 'aws:PrincipalOrgID': 'o-*' } })).toBe(true);
    expect(partnerAllowed({ 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-*' } })).toBe(true);
    expect(partnerAllowed({ Null: { 'aws:PrincipalOrgID': 'false' } })).toBe(true);
    expect(partnerAllowed({ StringEquals: { 'aws:PrincipalOrgID': 'o-7h2kq9x4mz' } })).toBe(false);
    expect(partnerAllowed({ StringEquals: { 'sts:ExternalId': 'issued-for-this-account' } })).toBe(false);
  });

  it('calls on the owner\'s role: a condition pinning aws:ResourceAccount to the owner\'s account holds for it too', () => {
    expect(partnerAllowed({ StringEquals: { 'aws:ResourceAccount': OWNER_ACCOUNT } })).toBe(true);
    expect(partnerAllowed({ StringNotEquals: { 'aws:ResourceAccount': OWNER_ACCOUNT } })).toBe(false);
  });
});

describe('a stranger naming its own principals', () => {
  /** Whether a principal of another account, or a service acting for one, gets in through `{"AWS": "*"}` under the condition. */
  function strangerGetsIn(condition: Record<string, Value>): unknown {
    const doc = normalizePolicy({ Version: '2012-10-17', Statement: [anyone(condition)] }, { resource: role.address, path: ['assume_role_policy'], kind: 'trust' }, role);
    return strangerOfAnyAccountAllowed(doc, SCAN).allowed;
  }
  const principalArnLike = (pattern: string): Record<string, Value> => ({ StringLike: { 'aws:PrincipalArn': pattern } });
  const userIdLike = (pattern: string): Record<string, Value> => ({ StringLike: { 'aws:userid': pattern } });

  it('names a role of its own so that its ARN holds the text of an aws:PrincipalArn pattern that is no ARN, whose `*` spans colons', () => {
    expect(strangerGetsIn(principalArnLike('*493827160514*'))).toBe(true);
    expect(strangerGetsIn(principalArnLike('*:role/admin'))).toBe(true);
    expect(strangerGetsIn(principalArnLike('*/ci-deployer'))).toBe(true);
    expect(strangerGetsIn(principalArnLike('arn:aws:iam::*493827160514*'))).toBe(true);
    expect(strangerGetsIn(principalArnLike(`*${OWNER_ACCOUNT}*`))).toBe(true);
    expect(strangerGetsIn({ ArnLike: { 'aws:PrincipalArn': '*493827160514*' } })).toBe(true);
    // A policy variable is one part of the ARN: the caller's own account pins none, the role's pins the owner's.
    expect(strangerGetsIn({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::${aws:PrincipalAccount}:role/deployer' } })).toBe(true);
    expect(strangerGetsIn({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::${aws:ResourceAccount}:role/deployer' } })).toBe(false);
    // Where the pattern's text must sit between colons, or begin the account, no name of a role puts it there (the
    // owner's partition, which the probes' ARNs hold, leaves the second open: never proven to admit).
    expect(strangerGetsIn(principalArnLike('arn:*:493827160514:*'))).toBe(false);
    expect(strangerGetsIn(principalArnLike('*:493827160514:*'))).not.toBe(true);
    expect(strangerGetsIn(principalArnLike('arn:aws:iam::493827160514*'))).toBe(false);
    // No role's path or name holds `#`, nor a value deputy does not know: a pattern that requires one admits no stranger.
    expect(strangerGetsIn(principalArnLike('*4938#27160514*'))).toBe(false);
    expect(strangerGetsIn(principalArnLike(`*${unresolvedMarker('a parameter with no value')}*`))).toBe('unknown');
  });

  it('names the session of a role of its own as an aws:userid pattern asks, and may be an IAM user, whose unique id is all of it', () => {
    expect(strangerGetsIn(userIdLike('*:admin'))).toBe(true);
    expect(strangerGetsIn(userIdLike('AROA*:ci-*'))).toBe(true);
    expect(strangerGetsIn(userIdLike('*493827160514*'))).toBe(true);
    expect(strangerGetsIn(userIdLike('AIDA*'))).toBe(true);
    // A role's unique id or a user's is no stranger's, and a session's name is 2 characters at least.
    expect(strangerGetsIn(userIdLike('AROAZ6EXAMPLEROLEID:*'))).toBe(false);
    expect(strangerGetsIn({ StringEquals: { 'aws:userid': 'AIDAZ6EXAMPLEUSERID' } })).toBe(false);
    expect(strangerGetsIn(userIdLike('*:?'))).toBe(false);
    // A user's request carries no session name: a user's ARN and a role session's id together are no one's.
    expect(strangerGetsIn({ StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/alice', 'aws:userid': 'AROA*' } })).toBe(false);
    expect(strangerGetsIn({ StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/alice', 'aws:userid': 'AIDA*' } })).toBe(true);
  });
});
