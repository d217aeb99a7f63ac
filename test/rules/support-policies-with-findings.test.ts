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
});
