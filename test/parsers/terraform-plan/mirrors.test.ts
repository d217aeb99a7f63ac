import { describe, expect, it } from 'vitest';
import { PolicyMirrors } from '../../../parsers/terraform-plan/mirrors.js';
import type { ValueObject } from '../../../src/model/index.js';

/** A role's values as the provider reads them back: its inline policies and attached ARNs copied in. */
const role = (name: string): ValueObject => ({ name, inline_policy: [{ name: 'kept' }, { name: 'managed' }], managed_policy_arns: ['arn:aws:iam::aws:policy/Kept', 'arn:aws:iam::aws:policy/Managed'] });
const setsNothing = (): boolean => false;

describe('PolicyMirrors', () => {
  it('clears what a resource manages for a role of its name, for roles read before and after the first one is asked for', () => {
    const mirrors = new PolicyMirrors();
    mirrors.add('aws_iam_role', role('first'), '', 'aws');
    mirrors.add('aws_iam_role_policy', { name: 'managed', role: 'first' }, '', 'aws');
    const first = role('first');
    mirrors.clear(first, '', 'aws', setsNothing);
    expect(first.inline_policy).toEqual([{ name: 'kept' }, null]);
    // Read after the roles were indexed by name for the first one.
    mirrors.add('aws_iam_role', role('later'), '', 'aws');
    mirrors.add('aws_iam_role_policy_attachment', { policy_arn: 'arn:aws:iam::aws:policy/Managed', role: 'later' }, '', 'aws');
    const later = role('later');
    mirrors.clear(later, '', 'aws', setsNothing);
    expect(later.managed_policy_arns).toEqual(['arn:aws:iam::aws:policy/Kept', null]);
    expect(later.inline_policy).toEqual(role('later').inline_policy);
  });

  it('leaves the copy of a role no resource names, and of one of another module instance beside one of its own', () => {
    const mirrors = new PolicyMirrors();
    mirrors.add('aws_iam_role', role('unnamed'), '', 'aws');
    mirrors.add('aws_iam_role', role('shared'), 'module.a.', 'aws');
    mirrors.add('aws_iam_role', role('shared'), 'module.b.', 'aws');
    mirrors.add('aws_iam_role_policy', { name: 'managed', role: 'shared' }, 'module.a.', 'aws');
    const unnamed = role('unnamed');
    mirrors.clear(unnamed, '', 'aws', setsNothing);
    expect(unnamed).toEqual(role('unnamed'));
    const inA = role('shared');
    const inB = role('shared');
    mirrors.clear(inA, 'module.a.', 'aws', setsNothing);
    mirrors.clear(inB, 'module.b.', 'aws', setsNothing);
    expect(inA.inline_policy).toEqual([{ name: 'kept' }, null]);
    expect(inB).toEqual(role('shared'));
  });
});
