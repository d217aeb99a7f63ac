import { describe, expect, it } from 'vitest';
import { parseCloudFormation } from '../../parsers/cloudformation/index.js';
import { policyDocumentationPlaceholder } from '../../rules/policy/policy-documentation-placeholder.js';
import { allPolicyGroups, groupByStatements, policiesWithFindings } from '../../rules/support.js';
import { ResourceGraph, type HeldPolicy } from '../../src/graph/graph.js';
import { defaultServicePrincipals } from '../../src/iam/service-principals.js';
import { linesOf, sageMakerRoleWithTextPolicies, scanText } from '../helpers.js';

const PLACEHOLDER = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::acme-artifacts/*", "Condition": {"StringEquals": {"aws:PrincipalAccount": "123456789012"}}}]}`;
const PLAIN = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::team-artifacts/*"}]}`;

function role(name: string, policy: string): string {
  return sageMakerRoleWithTextPolicies(name, { artifacts: policy });
}

const TEMPLATE = `Resources:
${role('First', PLACEHOLDER)}${role('Plain', PLAIN)}${role('Second', PLACEHOLDER)}`;

// The policy-grammar rules read a text shared by many documents once, and report on each document in turn.
describe('policy-grammar rules on documents that share a text', () => {
  it('report every document holding the text, at its own line, and none holding another text', async () => {
    const result = await scanText(TEMPLATE);
    expect(result.errors).toEqual([]);
    expect(linesOf(result, 'policy-documentation-placeholder')).toEqual([13, 37]);
    const messages = result.findings.filter((finding) => finding.ruleId === 'policy-documentation-placeholder').map((finding) => finding.message);
    expect(messages.map((message) => /policy artifacts of (\w+)/.exec(message)?.[1])).toEqual(['First', 'Second']);
  });

  it('keep what each rule context finds apart (configured placeholders)', () => {
    const graph = new ResourceGraph(parseCloudFormation('template.yaml', TEMPLATE).worlds[0]!);
    const placeholders = (extra: string[]) => policyDocumentationPlaceholder.check(graph, { services: defaultServicePrincipals, now: Date.parse('2026-12-07T10:00:00Z'), placeholders: extra }).map((report) => `${report.resource.name} ${report.data.placeholder}`);
    expect(placeholders([])).toEqual(['First 123456789012', 'Second 123456789012']);
    expect(placeholders(['team-artifacts'])).toEqual(['First 123456789012', 'Plain team-artifacts', 'Second 123456789012']);
    expect(placeholders([])).toEqual(['First 123456789012', 'Second 123456789012']);
  });

  it('give the documents whose text has findings in document order, computing once per text', () => {
    const graph = new ResourceGraph(parseCloudFormation('template.yaml', TEMPLATE).worlds[0]!);
    const groups = allPolicyGroups(graph);
    // Only the identity policies are JSON text; each trust policy, a template mapping, is read on its own.
    expect(groups.map((group) => group.positions.map((position) => `${group.all[position]!.holder.name} ${group.all[position]!.doc.kind}`))).toEqual([
      ['First trust'],
      ['First identity', 'Second identity'],
      ['Plain trust'],
      ['Plain identity'],
      ['Second trust'],
    ]);
    const computed: string[] = [];
    const find = ({ holder, doc }: HeldPolicy) => {
      computed.push(holder.name);
      return doc.kind === 'identity' ? [doc.statements.length] : [];
    };
    const found = policiesWithFindings(groups, find).map(({ policy, found }) => `${policy.holder.name} ${found.join()}`);
    expect(found).toEqual(['First 1', 'Plain 1', 'Second 1']);
    expect(computed).toEqual(['First', 'First', 'Plain', 'Plain', 'Second']);
  });

  it('group by the statements array itself, not by equal content', () => {
    const graph = new ResourceGraph(parseCloudFormation('template.yaml', TEMPLATE).worlds[0]!);
    const docs = graph.policies().map((doc) => ({ doc }));
    const copies = docs.map(({ doc }) => ({ doc: { ...doc, statements: [...doc.statements] } }));
    expect(groupByStatements(docs)).toHaveLength(5);
    expect(groupByStatements(copies)).toHaveLength(docs.length);
  });
});
