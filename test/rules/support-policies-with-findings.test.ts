import { describe, expect, it } from 'vitest';
import { groupByStatements, policiesWithFindings } from '../../rules/support.js';
import type { PolicyDocument, Statement } from '../../src/model/policy.js';

describe('policiesWithFindings', () => {
  const [a, b, c]: Statement[][] = [[], [], []];
  const policy = (name: string, statements: Statement[]) => ({ name, doc: { statements } as unknown as PolicyDocument });
  const policies = [policy('a0', a!), policy('b1', b!), policy('a2', a!), policy('c3', c!), policy('b4', b!), policy('a5', a!)];

  it('reports in the order of the policies, each group checked once', () => {
    const checked: string[] = [];
    const found = policiesWithFindings(groupByStatements(policies), (first) => {
      checked.push(first.name);
      return first.doc.statements === c ? [] : [first.name];
    });
    expect(checked).toEqual(['a0', 'b1', 'c3']);
    expect(found.map(({ policy, found }) => `${policy.name}:${found.join()}`)).toEqual(['a0:a0', 'b1:b1', 'a2:a0', 'b4:b1', 'a5:a0']);
  });

  it('keeps the order when given only some of the groups', () => {
    const groups = groupByStatements(policies).filter((group) => group.statements !== a);
    const found = policiesWithFindings(groups, (first) => [first.name]);
    expect(found.map(({ policy }) => policy.name)).toEqual(['b1', 'c3', 'b4']);
  });

  it('reports one flagged group in its order, and nothing where no group is flagged', () => {
    const groups = groupByStatements(policies);
    const found = policiesWithFindings(groups, (first) => (first.doc.statements === a ? ['open'] : []));
    expect(found.map(({ position, policy, found }) => `${position}:${policy.name}:${found.join()}`)).toEqual(['0:a0:open', '2:a2:open', '5:a5:open']);
    expect(policiesWithFindings(groups, () => [])).toEqual([]);
  });

  it('keeps the order of groups split apart (as trust policies are by their roles), whose positions interleave', () => {
    const [whole] = groupByStatements([policy('x0', a!), policy('x1', a!), policy('x2', a!), policy('x3', a!)]);
    const split = [
      { ...whole!, positions: [1, 3], first: whole!.all[1]! },
      { ...whole!, positions: [0, 2], first: whole!.all[0]! },
    ];
    const found = policiesWithFindings(split, (first) => [first.name]);
    expect(found.map(({ position, policy, found }) => `${position}:${policy.name}:${found.join()}`)).toEqual(['0:x0:x0', '1:x1:x1', '2:x2:x0', '3:x3:x1']);
  });
});
