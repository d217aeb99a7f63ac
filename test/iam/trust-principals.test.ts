import { describe, expect, it } from 'vitest';
import { normalizePolicy } from '../../src/iam/normalize.js';
import { awsCallerProbes, decide } from '../../src/iam/trust.js';
import type { Resource } from '../../src/model/resource.js';
import { OWNER_ACCOUNT, OWNER_PARTITION, Unresolved, type Value } from '../../src/model/value.js';

const location = { file: 'main.tf', startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
const role = { address: 'aws_iam_role.r', name: 'aws_iam_role.r', type: 'aws_iam_role', kind: 'iam-role', file: 'main.tf', format: 'terraform', syntax: 'hcl', properties: {}, location, locator: { locate: () => location } } as Resource;

function trusting(principals: Value): ReturnType<typeof normalizePolicy> {
  return normalizePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principals }, Action: 'sts:AssumeRole' }] }, { resource: role.address, path: ['assume_role_policy'], kind: 'trust' }, role);
}

/** Whether any principal of the account (or the one ARN given) may assume the role. */
function admits(doc: ReturnType<typeof normalizePolicy>, account: string, arn?: string): unknown {
  return awsCallerProbes(account, arn ? [arn] : [], { chooses: 'everything' }).map((probe) => decide(doc, probe).allowed)[0];
}

describe('AWS principals of a trust policy', () => {
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
