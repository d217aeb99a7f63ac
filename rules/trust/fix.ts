import type { ResourceGraph } from '../../src/graph/graph.js';
import { sageMakerFeature } from '../../src/iam/sagemaker-features.js';
import { SOURCE_KEYS, type ServiceInfo } from '../../src/iam/trust.js';
import type { Fix } from '../../src/model/finding.js';
import type { Statement } from '../../src/model/policy.js';
import type { Resource } from '../../src/model/resource.js';
import { displayString } from '../../src/model/value.js';

/**
 * The exact fix for a trust statement: the source conditions built from the owner's account and region and the
 * source ARNs of the role's SageMaker users (RULES.md format table). Added to the statement when it trusts only
 * this service; a statement of its own when it also trusts others (the conditions would refuse them) or when
 * no statement trusts the service.
 */
export function sourceConditionFix(graph: ResourceGraph, role: Resource, service: ServiceInfo, statement?: Statement): Fix {
  const resourceParts = recommendedResourceParts(graph, role, service);
  const arns = resourceParts.map((part) => `arn:\${AWS::Partition}:${service.arnService}:\${AWS::Region}:\${AWS::AccountId}:${displayString(part)}`);
  const principal = displayString(service.principal);
  const json = role.file.toLowerCase().endsWith('.json');
  const users = service.arnService === 'sagemaker' ? graph.usersOfRole(role.address).map(({ user }) => user.name) : [];
  const scope = users.length > 0 ? ` (covers ${users.join(', ')})` : '';
  const others = statement ? otherPrincipals(statement, service.principal) : [];
  if (!statement || others.length > 0) {
    return {
      description: statement
        ? `Trust ${principal} in a statement of its own${scope}: the statement also trusts ${others.join(', ')}, which these conditions would refuse`
        : `Add this statement to the trust policy of ${role.name}${scope}`,
      snippet: json ? jsonStatement(service, arns) : yamlStatement(service, arns),
    };
  }
  const replacing = statement.conditions.some((condition) => SOURCE_KEYS.includes(condition.key.toLowerCase()));
  return {
    description: `${replacing ? 'Replace the source conditions of' : 'Add this Condition to'} the statement that trusts ${principal}${scope}`,
    snippet: json ? `"Condition": ${JSON.stringify(conditionObject(service, arns), null, 2)}` : yamlCondition(service, arns).join('\n'),
  };
}

function otherPrincipals(statement: Statement, principal: string): string[] {
  const set = statement.principal;
  if (!set) return [];
  if (set.any) return ['"*"'];
  const others = [...set.AWS, ...set.Federated, ...set.CanonicalUser, ...set.Service.filter((entry) => typeof entry.value !== 'string' || entry.value.toLowerCase() !== principal.toLowerCase())];
  return others.map((entry) => (typeof entry.value === 'string' ? displayString(entry.value) : entry.value.toString()));
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

function yamlCondition(service: ServiceInfo, arns: string[]): string[] {
  const lines = ['Condition:'];
  if (service.sendsSourceAccount) lines.push('  StringEquals:', '    aws:SourceAccount: !Ref AWS::AccountId');
  if (service.sendsSourceArn) {
    lines.push('  ArnLike:');
    if (arns.length === 1) lines.push(`    aws:SourceArn: !Sub ${arns[0]}`);
    else lines.push('    aws:SourceArn:', ...arns.map((arn) => `      - !Sub ${arn}`));
  }
  return lines;
}

function yamlStatement(service: ServiceInfo, arns: string[]): string {
  const principal = displayString(service.principal);
  return ['- Effect: Allow', '  Principal:', `    Service: ${principal}`, '  Action: sts:AssumeRole', ...yamlCondition(service, arns).map((line) => `  ${line}`)].join('\n');
}

function conditionObject(service: ServiceInfo, arns: string[]): Record<string, unknown> {
  const condition: Record<string, unknown> = {};
  if (service.sendsSourceAccount) condition.StringEquals = { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } };
  if (service.sendsSourceArn) {
    const subs = arns.map((arn) => ({ 'Fn::Sub': arn }));
    condition.ArnLike = { 'aws:SourceArn': subs.length === 1 ? subs[0] : subs };
  }
  return condition;
}

function jsonStatement(service: ServiceInfo, arns: string[]): string {
  const statement = { Effect: 'Allow', Principal: { Service: displayString(service.principal) }, Action: 'sts:AssumeRole', Condition: conditionObject(service, arns) };
  return JSON.stringify(statement, null, 2);
}
