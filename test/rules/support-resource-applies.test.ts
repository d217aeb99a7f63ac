import { describe, expect, it } from 'vitest';
import { OWNERS_PROBE_ROLE, coversEveryIamResource, requestOn, resourceApplies } from '../../rules/support.js';
import { requestContext } from '../../src/iam/request.js';
import type { Statement } from '../../src/model/policy.js';
import { OWNER_ACCOUNT, OWNER_PARTITION } from '../../src/model/value.js';

const FOREIGN = '999988887777';
const statement = (field: 'resource' | 'notResource', value: string, literalVariables?: boolean): Statement =>
  ({ index: 0, path: [], effect: 'Deny', [field]: [{ value, path: [] }], conditions: [], ...(literalVariables ? { literalVariables } : {}) }) as unknown as Statement;

describe('resourceApplies: a Resource entry reads the account of the resource the request is on', () => {
  const ownRoles = 'arn:aws:iam::${aws:ResourceAccount}:role/*';

  it('names the roles of every account by ${aws:ResourceAccount}: the account each role ARN writes', () => {
    for (const ctx of [undefined, requestContext({}), requestContext({}, [], [FOREIGN])]) {
      expect(resourceApplies(statement('resource', ownRoles), OWNERS_PROBE_ROLE, ctx)).toBe(true);
      expect(resourceApplies(statement('resource', ownRoles), 'arn:aws:iam::111122223333:role/x', ctx)).toBe(true);
      expect(resourceApplies(statement('notResource', ownRoles), OWNERS_PROBE_ROLE, ctx)).toBe(false);
      // In another part, it is that account still: a role named after it is no role of another name.
      expect(resourceApplies(statement('resource', 'arn:aws:iam::*:role/${aws:ResourceAccount}-admin'), `arn:${OWNER_PARTITION}:iam::${OWNER_ACCOUNT}:role/${OWNER_ACCOUNT}-admin`, ctx)).toBe(true);
      expect(resourceApplies(statement('resource', 'arn:aws:iam::*:role/${aws:ResourceAccount}-admin'), 'arn:aws:iam::111122223333:role/444455556666-admin', ctx)).toBe(false);
      // Other resources than roles it does not name.
      expect(resourceApplies(statement('resource', ownRoles), `arn:${OWNER_PARTITION}:iam::${OWNER_ACCOUNT}:user/x`, ctx)).toBe(false);
    }
  });

  it('keeps what the request says of the key, and leaves open what the resource ARN does not write', () => {
    // A request that says the resource's account is another: the role of the owner's account is not of it.
    expect(resourceApplies(statement('resource', ownRoles), OWNERS_PROBE_ROLE, requestContext({ 'aws:ResourceAccount': FOREIGN }, [], [FOREIGN]))).toBe(false);
    // One without the key: the variable has no value, and the entry names nothing.
    expect(resourceApplies(statement('resource', ownRoles), OWNERS_PROBE_ROLE, requestContext({}, ['aws:ResourceAccount']))).toBe(false);
    // A bucket's ARN writes no account: which account owns it, the ARN does not tell.
    expect(resourceApplies(statement('resource', 'arn:aws:s3:::bucket-${aws:ResourceAccount}'), 'arn:aws:s3:::bucket-111122223333', requestContext({}))).toBe('unknown');
    // Without a Version, `${aws:ResourceAccount}` is text, which no account id is.
    expect(resourceApplies(statement('resource', ownRoles, true), OWNERS_PROBE_ROLE, requestContext({}))).toBe(false);
  });

  it('tells ${aws:PrincipalAccount} only where the request gives it', () => {
    const principalRoles = 'arn:aws:iam::${aws:PrincipalAccount}:role/*';
    expect(resourceApplies(statement('resource', principalRoles), OWNERS_PROBE_ROLE, requestContext({ 'aws:PrincipalAccount': OWNER_ACCOUNT }))).toBe(true);
    expect(resourceApplies(statement('resource', principalRoles), OWNERS_PROBE_ROLE, requestContext({ 'aws:PrincipalAccount': FOREIGN }, [], [FOREIGN]))).toBe(false);
    // A service principal's request carries none: the entry names nothing.
    expect(resourceApplies(statement('resource', principalRoles), OWNERS_PROBE_ROLE, requestContext({}, ['aws:PrincipalAccount']))).toBe(false);
    // A request that does not say: the principal may be of the owner's account or another.
    expect(resourceApplies(statement('resource', principalRoles), OWNERS_PROBE_ROLE, requestContext({}))).toBe('unknown');
  });

  it('makes ${aws:ResourceAccount} cover every IAM resource of the account asked about, known or not', () => {
    const allow = { ...statement('resource', 'arn:aws:iam::${aws:ResourceAccount}:*'), effect: 'Allow' } as Statement;
    expect(coversEveryIamResource(allow, true)).toBe(true);
    expect(coversEveryIamResource(allow, false)).toBe(true);
  });
});

describe('requestOn: the aws:ResourceAccount of a request', () => {
  it('is the account the ARN writes, and missing from the request of an action on no resource (`*`)', () => {
    const ctx = requestContext({});
    expect(requestOn(OWNERS_PROBE_ROLE, ctx).present.get('aws:resourceaccount')).toEqual([OWNER_ACCOUNT]);
    const onNone = requestOn('*', ctx);
    expect(onNone.absent.has('aws:resourceaccount')).toBe(true);
    expect(onNone.present.has('aws:resourceaccount')).toBe(false);
    // One object for each context: answers are remembered by it.
    expect(requestOn('*', ctx)).toBe(onNone);
    // What the context already says of the key stands.
    const told = requestContext({ 'aws:ResourceAccount': FOREIGN });
    expect(requestOn('*', told)).toBe(told);
  });
});
