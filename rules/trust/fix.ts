import type { ResourceGraph } from '../../src/graph/graph.js';
import { sageMakerFeature } from '../../src/iam/sagemaker-features.js';
import type { ServiceInfo } from '../../src/iam/trust.js';
import type { Fix } from '../../src/model/finding.js';
import type { Resource } from '../../src/model/resource.js';
import { displayString } from '../../src/model/value.js';

/**
 * The exact Condition block to add to a trust statement: the owner's account, and source ARNs in the owner's
 * partition/region/account narrowed to what the role's SageMaker users present (RULES.md format table).
 */
export function sourceConditionFix(graph: ResourceGraph, role: Resource, service: ServiceInfo): Fix {
  const resourceParts = recommendedResourceParts(graph, role, service);
  const arns = resourceParts.map((part) => `arn:\${AWS::Partition}:${service.arnService}:\${AWS::Region}:\${AWS::AccountId}:${displayString(part)}`);
  const json = role.file.toLowerCase().endsWith('.json');
  const users = service.arnService === 'sagemaker' ? graph.usersOfRole(role.address).map(({ user }) => user.name) : [];
  const scope = users.length > 0 ? ` (covers ${users.join(', ')})` : '';
  return {
    description: `Add this Condition to the statement that trusts ${service.principal}${scope}`,
    snippet: json ? jsonSnippet(service, arns) : yamlSnippet(service, arns),
  };
}

function recommendedResourceParts(graph: ResourceGraph, role: Resource, service: ServiceInfo): string[] {
  if (service.arnService !== 'sagemaker') return ['*'];
  const parts = new Set<string>();
  for (const { user } of graph.usersOfRole(role.address)) {
    if (user.kind === 'sagemaker') for (const part of sageMakerFeature(user).recommended(user)) parts.add(part);
  }
  if (parts.size === 0 || parts.has('*')) return ['*'];
  return [...parts];
}

function yamlSnippet(service: ServiceInfo, arns: string[]): string {
  const lines = ['Condition:'];
  if (service.sendsSourceAccount) lines.push('  StringEquals:', '    aws:SourceAccount: !Ref AWS::AccountId');
  if (service.sendsSourceArn) {
    lines.push('  ArnLike:');
    if (arns.length === 1) lines.push(`    aws:SourceArn: !Sub ${arns[0]}`);
    else lines.push('    aws:SourceArn:', ...arns.map((arn) => `      - !Sub ${arn}`));
  }
  return lines.join('\n');
}

function jsonSnippet(service: ServiceInfo, arns: string[]): string {
  const condition: Record<string, unknown> = {};
  if (service.sendsSourceAccount) condition.StringEquals = { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } };
  if (service.sendsSourceArn) {
    const subs = arns.map((arn) => ({ 'Fn::Sub': arn }));
    condition.ArnLike = { 'aws:SourceArn': subs.length === 1 ? subs[0] : subs };
  }
  return `"Condition": ${JSON.stringify(condition, null, 2)}`;
}
