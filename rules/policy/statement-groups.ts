/**
 * Documents read from one policy text share their statements, problems, version, kind and path (normalize.ts): a
 * plan that stamps a module out a thousand times holds a thousand documents and one text. Rules walk the texts,
 * and visit a document only when its text gives them something to report; in large plans that is most of their
 * saving, as documents lie scattered across memory and merely reading each one costs more than the check.
 */
import type { ResourceGraph } from '../../src/graph/graph.js';
import type { PolicyDocument, Statement } from '../../src/model/policy.js';
import type { Resource } from '../../src/model/resource.js';
import type { RuleContext } from '../../src/model/rule.js';
import { allPolicies, memoized } from '../support.js';

/** Policies (documents with their holder, and what a rule family adds) that share one `statements` array. */
export interface StatementGroup<P> {
  statements: readonly Statement[];
  /** The first policy of the group: what the policies share can be read from it. */
  first: P;
  /** Every policy of the group with its position in the list the groups were made from. */
  members: Array<{ position: number; policy: P }>;
}

/** The policies grouped by the statements they share, in the order the groups first appear. */
export function groupByStatements<P extends { doc: PolicyDocument }>(policies: readonly P[]): Array<StatementGroup<P>> {
  const groups = new Map<readonly Statement[], StatementGroup<P>>();
  policies.forEach((policy, position) => {
    const statements = policy.doc.statements;
    const group = groups.get(statements);
    if (group) group.members.push({ position, policy });
    else groups.set(statements, { statements, first: policy, members: [{ position, policy }] });
  });
  return [...groups.values()];
}

/**
 * The policies on whose shared content `find` reports something, in their original order, each with what it found.
 * `find` runs once per group (and graph, rule context and `scope`, see `memoized`) on the group's first policy,
 * and must read only what the group shares: its statements, problems, version, kind and path.
 */
export function policiesWithFindings<P extends { doc: PolicyDocument }, T>(
  graph: ResourceGraph,
  context: RuleContext,
  scope: string,
  groups: ReadonlyArray<StatementGroup<P>>,
  find: (first: P) => readonly T[],
): Array<{ policy: P; found: readonly T[] }> {
  const flagged: Array<{ position: number; policy: P; found: readonly T[] }> = [];
  for (const group of groups) {
    const found = memoized(graph, context, scope, group.statements, () => find(group.first));
    if (found.length === 0) continue;
    for (const { position, policy } of group.members) flagged.push({ position, policy, found });
  }
  return flagged.sort((a, b) => a.position - b.position);
}

/** A document with the resource holding it, as `allPolicies` gives them. */
export interface HeldPolicy {
  holder: Resource;
  doc: PolicyDocument;
}

const heldGroups = new WeakMap<ResourceGraph, ReadonlyArray<StatementGroup<HeldPolicy>>>();

/** `allPolicies` grouped by shared statements, once per graph. */
export function allPolicyGroups(graph: ResourceGraph): ReadonlyArray<StatementGroup<HeldPolicy>> {
  let groups = heldGroups.get(graph);
  if (!groups) heldGroups.set(graph, (groups = groupByStatements(allPolicies(graph))));
  return groups;
}
