import type { ResourceGraph } from '../../src/graph/graph.js';
import { sageMakerUses } from '../../src/iam/sagemaker-uses.js';
import { SOURCE_KEYS, type ServiceInfo } from '../../src/iam/trust.js';
import type { Fix } from '../../src/model/finding.js';
import type { PolicyDocument, Statement } from '../../src/model/policy.js';
import type { Resource } from '../../src/model/resource.js';
import { displayString } from '../../src/model/value.js';

/** How the fix is written: template YAML, template JSON, or JSON text inside a policy string (an `Fn::Sub`). */
type Syntax = 'yaml' | 'json' | 'json-text';

/**
 * The exact fix for a trust statement: the source conditions built from the owner's account and region and the
 * source ARNs of the role's SageMaker users (RULES.md format table). Added to the statement when it trusts only
 * this service; a statement of its own when it also trusts others (the conditions would refuse them) or when
 * no statement trusts the service.
 */
export function sourceConditionFix(graph: ResourceGraph, role: Resource, doc: PolicyDocument, service: ServiceInfo, statement?: Statement): Fix {
  const resourceParts = recommendedResourceParts(graph, role, service);
  const arns = resourceParts.map((part) => `arn:\${AWS::Partition}:${service.arnService}:\${AWS::Region}:\${AWS::AccountId}:${displayString(part)}`);
  const principal = displayString(service.principal);
  const syntax: Syntax = doc.writtenAsText ? 'json-text' : role.syntax === 'json' ? 'json' : 'yaml';
  const inText = syntax === 'json-text' ? ' (in the policy\'s JSON text, written as an Fn::Sub so that ${AWS::...} resolves)' : '';
  const users = service.arnService === 'sagemaker' ? [...new Set(sageMakerUses(graph).filter((use) => use.role === role).map((use) => use.user.name))] : [];
  const scope = users.length > 0 ? ` (covers ${users.join(', ')})` : '';
  const others = statement ? otherPrincipals(statement, service.principal) : [];
  if (!statement || others.length > 0) {
    return {
      description:
        (statement
          ? `Move ${principal} out of the statement into one of its own${scope}: the statement also trusts ${others.join(', ')}, which these conditions would refuse`
          : `Add this statement to the trust policy of ${role.name}${scope}`) + inText,
      snippet: syntax === 'yaml' ? yamlStatement(service, arns) : JSON.stringify(statementObject(service, arns, syntax), null, 2),
    };
  }
  const replacing = statement.conditions.some((condition) => SOURCE_KEYS.includes(condition.key.toLowerCase()));
  const action = replacing ? 'Replace the source conditions of' : statement.conditionPath ? 'Merge this into the Condition of' : 'Add this Condition to';
  return {
    description: `${action} the statement that trusts ${principal}${scope}${inText}`,
    snippet: syntax === 'yaml' ? yamlCondition(service, arns).join('\n') : `"Condition": ${JSON.stringify(conditionObject(service, arns, syntax), null, 2)}`,
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
  const parts = new Set(sageMakerUses(graph).filter((use) => use.role === role).flatMap((use) => use.recommended));
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

function conditionObject(service: ServiceInfo, arns: string[], syntax: Syntax): Record<string, unknown> {
  const sub = (text: string): unknown => (syntax === 'json-text' ? text : { 'Fn::Sub': text });
  const condition: Record<string, unknown> = {};
  if (service.sendsSourceAccount) condition.StringEquals = { 'aws:SourceAccount': syntax === 'json-text' ? '${AWS::AccountId}' : { Ref: 'AWS::AccountId' } };
  if (service.sendsSourceArn) condition.ArnLike = { 'aws:SourceArn': arns.length === 1 ? sub(arns[0]!) : arns.map(sub) };
  return condition;
}

function statementObject(service: ServiceInfo, arns: string[], syntax: Syntax): Record<string, unknown> {
  return { Effect: 'Allow', Principal: { Service: displayString(service.principal) }, Action: 'sts:AssumeRole', Condition: conditionObject(service, arns, syntax) };
}

/** What the fix prints for a SageMaker role used account-wide: the good example of the trust rules' docs. */
export const SAGEMAKER_SOURCE_CONDITION = yamlCondition(
  { principal: 'sagemaker.amazonaws.com', arnService: 'sagemaker', sendsSourceArn: true, sendsSourceAccount: true },
  ['arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:*'],
).join('\n');
