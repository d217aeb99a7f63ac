import { matchString } from '../../src/iam/match.js';
import { parseOperator, type ParsedOperator } from '../../src/iam/operators.js';
import { actionApplies, type ServiceInfo } from '../../src/iam/trust.js';
import { splitArnAnyPrefixCase, type ArnParts } from '../../src/model/arn.js';
import type { ConditionEntry, Statement } from '../../src/model/policy.js';
import type { Rule, RuleContext, RuleReport } from '../../src/model/rule.js';
import { hasMarker } from '../../src/model/value.js';
import { sourceArnServices, spelledInOtherPartition } from '../../src/iam/service-principals.js';
import { conditionsOn, nameOf, roleFacts, policiesWithFindings, serviceInfo, show, trustPolicyGroups } from '../support.js';
import { sourceConditionFix } from './fix.js';
import { withProperties } from '../../src/model/objects.js';

export const trustSourceArnWrongService: Rule = {
  meta: {
    id: 'trust-source-arn-wrong-service',
    family: 'trust',
    severity: 'high',
    title: 'aws:SourceArn names a different service than the trusted principal',
    summary: 'Every aws:SourceArn value of a trust statement names another service than the service principal it trusts, so the condition never matches that service (checked for the principals the service catalog knows).',
    rationale:
      'A service principal presents the ARN of its own resource as aws:SourceArn (SageMaker presents `arn:aws:sagemaker:...`). A statement that trusts sagemaker.amazonaws.com but only allows `arn:aws:s3:::...` or `arn:aws:lambda:...` source ARNs never matches a SageMaker request: the role silently cannot be assumed by the service it was written for, usually because a condition was copied from another role. The Arn operators, and the String operators but the IgnoreCase ones, compare case-sensitively: `arn:aws:SageMaker:...`, or `ARN:AWS:SAGEMAKER:...` (every ARN a request carries begins with a lower-case `arn:`), never matches either. Some principals present another service\'s ARNs for some of their uses, as their pages show (CodeDeploy presents the CloudFormation stack\'s ARN for ECS blue/green deployments made through CloudFormation): a value on any of them may match. A principal spelled with the DNS suffix of another partition than the role\'s known one (`sagemaker.amazonaws.com.cn` on a role in us-east-1) sends no request to that role, so its source conditions are not judged for it.',
    sources: [
      { title: 'Amazon SageMaker: Cross-service confused deputy prevention', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/security-confused-deputy-prevention.html' },
      { title: 'AWS CodeDeploy: Cross-service confused deputy prevention', url: 'https://docs.aws.amazon.com/codedeploy/latest/userguide/security_confused_deputy.html' },
      { title: 'IAM User Guide: aws:SourceArn', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourcearn' },
      { title: 'IAM User Guide: IAM JSON policy elements: Condition operators', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html' },
    ],
    messages: {
      wrongService: 'aws:SourceArn {values} never matches a request from {principals}, whose source ARNs are {service} ARNs; role {role} cannot be assumed by it through this statement',
    },
    bad: [
      {
        title: 'An S3 ARN as the SageMaker source',
        language: 'yaml',
        code: `Principal:
  Service: sagemaker.amazonaws.com
Action: sts:AssumeRole
Condition:
  ArnLike:
    aws:SourceArn: arn:aws:s3:::training-data-bucket`,
      },
    ],
    good: [
      {
        title: 'A SageMaker ARN',
        language: 'yaml',
        code: `Principal:
  Service: sagemaker.amazonaws.com
Action: sts:AssumeRole
Condition:
  ArnLike:
    aws:SourceArn: !Sub arn:\${AWS::Partition}:sagemaker:\${AWS::Region}:\${AWS::AccountId}:*`,
      },
    ],
    fix: 'Use the ARN of the trusted service\'s own resources (for SageMaker `arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:...`).',
  },
  check(graph, context) {
    const reports: RuleReport[] = [];
    for (const { policy: { role, doc }, found: findings } of policiesWithFindings(trustPolicyGroups(graph), (policy) => wrongServiceConditions(policy.doc.statements, roleFacts(policy).partition, context))) {
      for (const found of findings) {
        reports.push({
          messageId: 'wrongService',
          data: withProperties(found.data, { role: nameOf(role) }),
          resource: role,
          locator: doc.locator,
          path: found.condition.path,
          fix: sourceConditionFix(graph, role, doc, found.service, context.now, found.statement),
        });
      }
    }
    return reports;
  },
};

/**
 * aws:SourceArn conditions of Allow statements that no trusted service's request can match, with the message data they
 * share. A principal spelled with another partition's DNS suffix than the role's (`sagemaker.amazonaws.com.cn` on a role
 * in us-east-1) sends no request there to match.
 */
function wrongServiceConditions(statements: readonly Statement[], partition: string | undefined, context: RuleContext): Array<{ statement: Statement; condition: ConditionEntry; service: ServiceInfo; data: Record<string, string> }> {
  const found: Array<{ statement: Statement; condition: ConditionEntry; service: ServiceInfo; data: Record<string, string> }> = [];
  for (const statement of statements) {
    if (statement.effect !== 'Allow' || !statement.principal || actionApplies(statement) === false) continue;
    const services = statement.principal.Service.flatMap((entry) => (typeof entry.value === 'string' && !hasMarker(entry.value) && !spelledInOtherPartition(entry.value, partition) ? [entry.value.toLowerCase()] : []));
    if (services.length === 0) continue;
    for (const condition of conditionsOn(statement, ['aws:sourcearn'])) {
      const parsed = parseOperator(condition.operator);
      if ('error' in parsed || parsed.negated || (parsed.family !== 'Arn' && parsed.family !== 'String')) continue;
      const parts = condition.values.map((entry) => (typeof entry.value === 'string' ? splitArnAnyPrefixCase(entry.value) : undefined));
      if (parts.length === 0 || parts.some((part) => !part || hasMarker(part.service))) continue;
      // Only principals the catalog knows to send aws:SourceArn, with the service name their ARNs carry.
      const stranded = services.flatMap((principal) => {
        const entry = context.services.servicePrincipal(principal);
        if (entry?.sendsSourceArn !== true) return [];
        const arnServices = sourceArnServices(entry);
        const neverMatches = parts.every((part) => arnServices.every((arnService) => !mayMatchService(part!, arnService, parsed)));
        return neverMatches ? [{ principal, arnServices }] : [];
      });
      if (stranded.length === 0) continue;
      found.push({
        statement,
        condition,
        service: { ...serviceInfo(context, stranded[0]!.principal)!, principal: stranded[0]!.principal },
        data: {
          values: condition.values.map((entry) => show(entry.value)).join(', '),
          principals: stranded.map((item) => item.principal).join(', '),
          service: [...new Set(stranded.flatMap((item) => item.arnServices.map((arnService) => `arn:...:${arnService}:...`)))].join(' / '),
        },
      });
    }
  }
  return found;
}

/**
 * Whether a source ARN of the service may match the value: its service part does, in the operator's case, and under a
 * case-sensitive operator its `arn` is written in lower case, as every source ARN begins (`ARN:AWS:SAGEMAKER:...` under
 * ArnLike or StringLike matches no request, as `arn:aws:SageMaker:...` does not).
 */
function mayMatchService(part: ArnParts & { prefix: string }, arnService: string, { wildcards, ignoreCase }: ParsedOperator): boolean {
  if (!ignoreCase && part.prefix !== 'arn') return false;
  return matchString(part.service, arnService, { wildcards, ignoreCase }) !== false;
}
