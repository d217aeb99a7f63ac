import { describe, expect, it } from 'vitest';
import { normalizePolicy } from '../../src/iam/normalize.js';
import { ANY_ROLE, anyAllowed, decide, foreignServiceProbes, ownerServiceProbes, withAccountBlindKeys, type RoleFacts, type ServiceInfo } from '../../src/iam/trust.js';
import type { Resource } from '../../src/model/resource.js';
import { OWNER_ACCOUNT, Unresolved, type Value } from '../../src/model/value.js';

const location = { file: 'main.tf', startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
const role = { address: 'aws_iam_role.r', name: 'aws_iam_role.r', type: 'aws_iam_role', kind: 'iam-role', file: 'main.tf', format: 'terraform', syntax: 'hcl', properties: {}, location, locator: { locate: () => location } } as Resource;
const SAGEMAKER: ServiceInfo = { principal: 'sagemaker.amazonaws.com', arnService: 'sagemaker', sendsSourceArn: true, sendsSourceAccount: true };
const OWNER = '493827160514';

function trust(...statements: Array<Record<string, Value>>): ReturnType<typeof normalizePolicy> {
  return normalizePolicy({ Version: '2012-10-17', Statement: statements }, { resource: role.address, path: ['assume_role_policy'], kind: 'trust' }, role);
}
const allow = (condition?: Record<string, Value>): Record<string, Value> => ({ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) });
const deny = (condition: Record<string, Value>): Record<string, Value> => ({ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Condition: condition });
const foreignAccount = { StringNotEquals: { 'aws:SourceAccount': OWNER } };

/** The scan's instant the requests are made from, where a test gives none. */
const SCAN = Date.parse('2030-06-01T00:00:00Z');

/** Whether SageMaker acting for another account gets in, from the given time on. */
function foreignAllowed(doc: ReturnType<typeof normalizePolicy>, now = SCAN, on: RoleFacts = ANY_ROLE): unknown {
  return anyAllowed(withAccountBlindKeys(doc, SAGEMAKER, on), foreignServiceProbes(doc, SAGEMAKER, now, on)).allowed;
}

describe('foreign service requests and keys that say nothing of the account', () => {
  it('are made from now on: a trust that expired admits none, one that opens later admits them then', () => {
    const until2031 = trust(allow({ DateLessThan: { 'aws:CurrentTime': '2031-01-01T00:00:00Z' } }));
    expect(foreignAllowed(until2031, Date.parse('2030-06-01T00:00:00Z'))).toBe(true);
    expect(foreignAllowed(until2031, Date.parse('2031-06-01T00:00:00Z'))).toBe(false);
    expect(foreignAllowed(trust(allow({ DateGreaterThan: { 'aws:CurrentTime': '2040-01-01T00:00:00Z' } })))).toBe(true);
    expect(foreignAllowed(trust(allow({ NumericGreaterThanEquals: { 'aws:EpochTime': '2208988800' } })))).toBe(true);
    expect(foreignAllowed(trust(allow({ DateEquals: { 'aws:CurrentTime': '2001-01-01T00:00:00Z' } })))).toBe(false);
  });

  it('grant nothing by a window of one second alone, and lose nothing to a Deny of one second alone', () => {
    const instant = '2040-01-01T00:00:00Z';
    expect(foreignAllowed(trust(allow({ StringEquals: { 'aws:CurrentTime': instant } })))).toBe(false);
    expect(foreignAllowed(trust(allow({ DateEquals: { 'aws:CurrentTime': instant } })))).toBe(false);
    expect(foreignAllowed(trust(allow({ NumericEquals: { 'aws:EpochTime': String(Date.parse(instant) / 1000) } })))).toBe(false);
    // Two seconds are a window.
    expect(foreignAllowed(trust(allow({ DateGreaterThanEquals: { 'aws:CurrentTime': instant }, DateLessThanEquals: { 'aws:CurrentTime': '2040-01-01T00:00:01Z' } })))).toBe(true);
    // From a second on, refused during the next alone: admitted from the first, the request reported is made then.
    const deniedOneSecond = trust(allow({ DateGreaterThanEquals: { 'aws:CurrentTime': '2039-12-31T23:59:59Z' } }), deny({ ...foreignAccount, StringEquals: { 'aws:CurrentTime': instant } }));
    const scan = Date.parse('2039-12-31T23:59:58Z');
    const { allowed, probe, decision } = anyAllowed(withAccountBlindKeys(deniedOneSecond, SAGEMAKER), foreignServiceProbes(deniedOneSecond, SAGEMAKER, scan));
    expect(allowed).toBe(true);
    expect(decision?.allowed).toBe(true);
    expect(probe?.context.present.get('aws:currenttime')).toEqual(['2039-12-31T23:59:59Z']);
  });

  it("read the scan's own second as past: what holds only then admits or refuses no request", () => {
    const second = '2030-06-01T00:00:00Z';
    for (const scan of [SCAN, SCAN + 500, SCAN + 999]) {
      expect(foreignAllowed(trust(allow({ DateEquals: { 'aws:CurrentTime': second } })), scan)).toBe(false);
      expect(foreignAllowed(trust(allow(), deny({ ...foreignAccount, DateNotEquals: { 'aws:CurrentTime': second } })), scan)).toBe(false);
      expect(foreignAllowed(trust(allow({ DateNotEquals: { 'aws:CurrentTime': second } })), scan)).toBe(true);
      expect(foreignAllowed(trust(allow(), deny({ ...foreignAccount, DateEquals: { 'aws:CurrentTime': second } })), scan)).toBe(true);
    }
    // The request that gets in under a Deny of the scan's second alone is the one made the next second.
    const { probe } = anyAllowed(trust(allow(), deny({ ...foreignAccount, DateEquals: { 'aws:CurrentTime': second } })), foreignServiceProbes(trust(allow(), deny({ ...foreignAccount, DateEquals: { 'aws:CurrentTime': second } })), SAGEMAKER, SCAN + 500));
    expect(probe?.context.present.get('aws:currenttime')).toEqual(['2030-06-01T00:00:01Z']);
    // The owner's own request too is made after the scan's second.
    const owned = [`arn:aws:sagemaker:us-east-1:${OWNER}:*`];
    expect(anyAllowed(trust(allow({ DateEquals: { 'aws:CurrentTime': second } })), ownerServiceProbes(SAGEMAKER, owned, SCAN + 500)).allowed).toBe(false);
    expect(anyAllowed(trust(allow({ DateNotEquals: { 'aws:CurrentTime': second } })), ownerServiceProbes(SAGEMAKER, owned, SCAN + 500)).allowed).toBe(true);
  });

  it('read a Deny gated by time at the time the request is made', () => {
    expect(foreignAllowed(trust(allow(), deny({ ...foreignAccount, DateGreaterThan: { 'aws:CurrentTime': '2029-01-01T00:00:00Z' } })))).toBe(false);
    expect(foreignAllowed(trust(allow(), deny({ ...foreignAccount, DateGreaterThan: { 'aws:CurrentTime': '2031-01-01T00:00:00Z' } })))).toBe(true);
    // The Allow and the Deny are read at one time: the Deny covers every time the Allow admits.
    const window = trust(allow({ DateLessThan: { 'aws:CurrentTime': '2035-01-01T00:00:00Z' } }), deny({ ...foreignAccount, DateLessThan: { 'aws:CurrentTime': '2035-01-01T00:00:00Z' } }));
    expect(foreignAllowed(window)).toBe(false);
  });

  it('meet keys the other account picks in an Allow and avoid them in a Deny', () => {
    expect(foreignAllowed(trust(allow({ StringEquals: { 'aws:RequestedRegion': 'us-east-1' } })))).toBe(true);
    expect(foreignAllowed(trust(allow({ StringLike: { 'sts:SourceIdentity': 'alice*' } })))).toBe(true);
    expect(foreignAllowed(trust(allow(), deny({ ...foreignAccount, StringEquals: { 'aws:RequestedRegion': 'us-east-1' } })))).toBe(true);
  });

  it('meet keys the service sets alike for every account in an Allow, and keep a Deny on them undecided', () => {
    expect(foreignAllowed(trust(allow({ Bool: { 'aws:SecureTransport': 'true' }, StringEquals: { 'sts:RoleSessionName': 'SageMaker', 'aws:ResourceTag/team': 'ml' } })))).toBe(true);
    expect(foreignAllowed(trust(allow(), deny({ ...foreignAccount, Bool: { 'aws:SecureTransport': 'true' } })))).toBe('unknown');
    // A Deny on nothing but such keys refuses the owner whenever it refuses another account.
    expect(foreignAllowed(trust(allow(), deny({ Bool: { 'aws:SecureTransport': 'false' } })))).toBe(true);
  });

  it('keep the exact meaning of the source keys, and of values that compare with them', () => {
    expect(foreignAllowed(trust(allow({ StringEquals: { 'aws:SourceAccount': OWNER }, Bool: { 'aws:SecureTransport': 'true' } })))).toBe(false);
    expect(foreignAllowed(trust(allow({ StringEqualsIfExists: { 'aws:SourceAccount': OWNER }, StringLike: { 'sts:RoleSessionName': '*' } })))).toBe(false);
    expect(foreignAllowed(trust(allow({ StringEquals: { 'sts:RoleSessionName': '${aws:SourceAccount}' } })))).toBe('unknown');
  });

  it('meet a value not known on a key that holds a region or a boolean, but not on one it may tie to the account', () => {
    const unknown = new Unresolved('variable: var.x has no default and no value was given');
    expect(foreignAllowed(trust(allow({ StringEquals: { 'aws:RequestedRegion': unknown } })))).toBe(true);
    expect(foreignAllowed(trust(allow({ Bool: { 'aws:SecureTransport': unknown } })))).toBe(true);
    // The trust may have expired, for every account alike.
    expect(foreignAllowed(trust(allow({ DateLessThan: { 'aws:CurrentTime': unknown } })))).toBe('unknown');
    // `aws:ResourceAccount` equal to `${aws:SourceAccount}` pins the source account to the role's: a value not known may be that.
    expect(foreignAllowed(trust(allow({ StringEquals: { 'aws:ResourceAccount': unknown } })))).toBe('unknown');
    expect(foreignAllowed(trust(allow({ StringEquals: { 'sts:RoleSessionName': unknown } })))).toBe('unknown');
  });

  it('leave the owner\'s own request undecided on them (trust-sagemaker-role-unassumable stays silent)', () => {
    const doc = trust(allow({ Bool: { 'aws:SecureTransport': 'true' }, StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } }));
    expect(anyAllowed(doc, ownerServiceProbes(SAGEMAKER, [`arn:aws:sagemaker:us-east-1:${OWNER}:*`], SCAN)).allowed).toBe('unknown');
  });

  it('carry no value per region or source identity a policy names: their number does not multiply the probes', () => {
    const regions = Array.from({ length: 40 }, (_, index) => `region-${index}`);
    const plain = trust(allow({ StringEquals: { 'aws:SourceAccount': OWNER } }));
    const named = trust(allow({ StringEquals: { 'aws:SourceAccount': OWNER, 'aws:RequestedRegion': regions, 'sts:SourceIdentity': regions } }));
    expect(foreignServiceProbes(named, SAGEMAKER, SCAN).length).toBe(foreignServiceProbes(plain, SAGEMAKER, SCAN).length);
  });

  it("read the owner's own request as made now: a trust that expired refuses it, one still open admits it", () => {
    const owned = [`arn:aws:sagemaker:us-east-1:${OWNER}:*`];
    expect(anyAllowed(trust(allow({ DateLessThan: { 'aws:CurrentTime': '2001-01-01T00:00:00Z' } })), ownerServiceProbes(SAGEMAKER, owned, SCAN)).allowed).toBe(false);
    expect(anyAllowed(trust(allow(), deny({ DateGreaterThan: { 'aws:CurrentTime': '2001-01-01T00:00:00Z' } })), ownerServiceProbes(SAGEMAKER, owned, SCAN)).allowed).toBe(false);
    expect(anyAllowed(trust(allow({ DateLessThan: { 'aws:CurrentTime': '2099-01-01T00:00:00Z' } })), ownerServiceProbes(SAGEMAKER, owned, SCAN)).allowed).toBe(true);
  });

  it("read aws:ResourceAccount as decided where its values are the owner's account or ones it is known not to be", () => {
    const apart: RoleFacts = { ...ANY_ROLE, otherAccounts: ['308412956170'] };
    const now = Date.parse('2030-06-01T00:00:00Z');
    // The role's account is the owner's whoever the service acts for: a Deny under it refuses every request.
    expect(foreignAllowed(trust(allow(), deny({ StringEquals: { 'aws:ResourceAccount': OWNER_ACCOUNT } })))).toBe(false);
    expect(foreignAllowed(trust(allow(), deny({ StringNotEquals: { 'aws:ResourceAccount': OWNER_ACCOUNT } })))).toBe(true);
    expect(foreignAllowed(trust(allow({ StringNotEquals: { 'aws:ResourceAccount': OWNER_ACCOUNT } })))).toBe(false);
    expect(foreignAllowed(trust(allow({ StringEquals: { 'aws:ResourceAccount': OWNER_ACCOUNT } })))).toBe(true);
    // An account the owner's is known not to be.
    expect(foreignAllowed(trust(allow(), deny({ StringNotEquals: { 'aws:ResourceAccount': '308412956170' } })), now, apart)).toBe(false);
    expect(foreignAllowed(trust(allow({ StringEquals: { 'aws:ResourceAccount': '308412956170' } })), now, apart)).toBe(false);
    // Not known either way (one value of two): read as the same for every account, as before.
    expect(foreignAllowed(trust(allow(), deny({ StringNotEquals: { 'aws:ResourceAccount': '308412956170' } })))).toBe(true);
    expect(foreignAllowed(trust(allow(), deny({ StringEquals: { 'aws:ResourceAccount': [OWNER_ACCOUNT, '111122223333'] } })), now, apart)).toBe(true);
  });

  it("carry the role's tags in the owner's own request, as the foreign ones do", () => {
    const owned = [`arn:aws:sagemaker:us-east-1:${OWNER}:*`];
    const ml: RoleFacts = { tags: new Map([['team', 'ml']]), allTags: false, otherAccounts: [] };
    const other: RoleFacts = { tags: new Map([['team', 'other']]), allTags: false, otherAccounts: [] };
    const none: RoleFacts = { tags: new Map(), allTags: true, otherAccounts: [] };
    const pinned = trust(allow({ StringEquals: { 'aws:ResourceTag/Team': 'ml' } }));
    expect(anyAllowed(pinned, ownerServiceProbes(SAGEMAKER, owned, SCAN, ml)).allowed).toBe(true);
    expect(anyAllowed(pinned, ownerServiceProbes(SAGEMAKER, owned, SCAN, other)).allowed).toBe(false);
    expect(anyAllowed(pinned, ownerServiceProbes(SAGEMAKER, owned, SCAN, none)).allowed).toBe(false);
    expect(anyAllowed(pinned, ownerServiceProbes(SAGEMAKER, owned, SCAN)).allowed).toBe('unknown');
    const denied = trust(allow(), deny({ StringEquals: { 'aws:ResourceTag/team': 'ml' } }));
    expect(anyAllowed(denied, ownerServiceProbes(SAGEMAKER, owned, SCAN, ml)).allowed).toBe(false);
    expect(anyAllowed(denied, ownerServiceProbes(SAGEMAKER, owned, SCAN, other)).allowed).toBe(true);
    // iam:ResourceTag/<key> names the same tag of the role.
    const pinnedIam = trust(allow({ StringEquals: { 'iam:ResourceTag/Team': 'ml' } }));
    expect(anyAllowed(pinnedIam, ownerServiceProbes(SAGEMAKER, owned, SCAN, ml)).allowed).toBe(true);
    expect(anyAllowed(pinnedIam, ownerServiceProbes(SAGEMAKER, owned, SCAN, other)).allowed).toBe(false);
    expect(anyAllowed(pinnedIam, ownerServiceProbes(SAGEMAKER, owned, SCAN, none)).allowed).toBe(false);
    expect(anyAllowed(pinnedIam, ownerServiceProbes(SAGEMAKER, owned, SCAN)).allowed).toBe('unknown');
    expect(foreignAllowed(trust(allow(), deny({ StringEquals: { 'iam:ResourceTag/team': 'ml' } })), SCAN, ml)).toBe(false);
  });

  it('read an Allow that pins a tag of the role not known with the Denies at each value it pins', () => {
    const owned = [`arn:aws:sagemaker:us-east-1:${OWNER}:*`];
    const owner = (doc: ReturnType<typeof normalizePolicy>) => decide(doc, ownerServiceProbes(SAGEMAKER, owned, SCAN)[0]!).allowed;
    const both = (doc: ReturnType<typeof normalizePolicy>) => [owner(doc), foreignAllowed(doc)];
    const team = (operator: string, value: Value) => ({ [operator]: { 'aws:ResourceTag/team': value } });
    const denyTeam = (operator: string, value: Value, key = 'iam:ResourceTag/team') => deny({ [operator]: { [key]: value } });
    // team=a fails the Deny of every value but b, any other value the Allow: no request gets in, the owner's nor another account's.
    expect(both(trust(allow(team('StringEquals', 'a')), denyTeam('StringNotEquals', 'b')))).toEqual([false, false]);
    expect(both(trust(allow(team('StringEquals', 'a')), denyTeam('StringNotEquals', 'b', 'aws:ResourceTag/team')))).toEqual([false, false]);
    // At a time the Allow admits too (the probes' times are read apart).
    expect(foreignAllowed(trust(allow({ ...team('StringEquals', 'a'), DateLessThan: { 'aws:CurrentTime': '2035-01-01T00:00:00Z' } }), denyTeam('StringNotEquals', 'b')))).toBe(false);
    // Under IfExists the tag's absence passes the Allow too: a Deny that refuses it as well decides, one that lets it through does not.
    expect(both(trust(allow(team('StringEqualsIfExists', 'a')), denyTeam('StringNotEquals', 'b')))).toEqual([false, false]);
    expect(both(trust(allow(team('StringEqualsIfExists', 'a')), denyTeam('StringEquals', 'a')))).toEqual(['unknown', true]);
    // A Deny that lets team=a through, one whose value is not known, one on another key not known (the organization),
    // or one for other principals, decides nothing; nor does an Allow that does not pin the tag case-sensitively.
    expect(both(trust(allow(team('StringEquals', 'a')), denyTeam('StringNotEquals', 'a')))).toEqual(['unknown', true]);
    // (A Deny with a value not known stays unknown for another account's request too: it may hold there.)
    expect(both(trust(allow(team('StringEquals', 'a')), denyTeam('StringNotEquals', new Unresolved('var.team'))))).toEqual(['unknown', 'unknown']);
    expect(both(trust(allow(team('StringEquals', 'a')), deny({ StringNotEquals: { 'iam:ResourceTag/team': 'b' }, StringEquals: { 'aws:ResourceOrgID': 'o-abc123' } })))).toEqual(['unknown', true]);
    expect(both(trust(allow(team('StringEquals', 'a')), { ...denyTeam('StringNotEquals', 'b'), Principal: { AWS: `arn:aws:iam::${OWNER}:root` } }))).toEqual(['unknown', true]);
    expect(both(trust(allow(team('StringEqualsIgnoreCase', 'a')), denyTeam('StringNotEquals', 'b')))).toEqual(['unknown', true]);
    // A second Allow the Deny does not refuse still lets the request in.
    expect(both(trust(allow(team('StringEquals', 'a')), allow(team('StringEquals', 'b')), denyTeam('StringNotEquals', 'b')))).toEqual(['unknown', true]);
  });
});
