import { matchString } from '../../src/iam/match.js';
import { parseOperator } from '../../src/iam/operators.js';
import { trustedServices, type ServiceInfo } from '../../src/iam/trust.js';
import { sourceArnServices } from '../../src/iam/service-principals.js';
import { splitArn } from '../../src/model/arn.js';
import type { Path } from '../../src/model/location.js';
import type { ConditionEntry, PolicyDocument, Statement } from '../../src/model/policy.js';
import type { Rule, RuleContext, RuleReport } from '../../src/model/rule.js';
import { hasMarker, tokenize } from '../../src/model/value.js';
import { conditionsOn, nameOf, roleFacts, policiesWithFindings, serviceInfo, trustPolicyGroups } from '../support.js';
import { SAGEMAKER_SOURCE_CONDITION, sourceConditionFix } from './fix.js';
import { withProperties } from '../../src/model/objects.js';

export const trustSourceAccountMismatch: Rule = {
  meta: {
    id: 'trust-source-account-mismatch',
    family: 'trust',
    severity: 'high',
    title: 'aws:SourceAccount and the account in aws:SourceArn differ',
    summary: 'A trust statement pins aws:SourceAccount and aws:SourceArn to different accounts, so no request can satisfy both.',
    rationale:
      'The SageMaker confused-deputy guidance says that when both global condition keys are used and the aws:SourceArn value contains an account id, "the aws:SourceAccount value and the account in the aws:SourceArn value must use the same account ID when used in the same policy statement". A service acts for one account at a time, so a statement whose two conditions name different accounts never matches: the role is unusable, and usually one of the two values is a copy-paste leftover. An aws:SourceArn value that names no account (`arn:aws:s3:::bucket`) tells nothing of it, and the values beside it that name one are compared; where the statement also trusts the service such an ARN is of (S3, whose requests carry their bucket\'s ARN), that service may meet both conditions, and nothing is reported.',
    sources: [{ title: 'Amazon SageMaker: Cross-service confused deputy prevention', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/security-confused-deputy-prevention.html' }],
    messages: {
      mismatch: 'aws:SourceAccount {accounts} never equals the account {arnAccounts} in aws:SourceArn of the same statement: no request can satisfy both, so role {role} cannot be assumed through it',
    },
    bad: [
      {
        title: 'Two different accounts',
        language: 'yaml',
        code: `Condition:
  StringEquals:
    aws:SourceAccount: "210987654321"
  ArnLike:
    aws:SourceArn: arn:aws:sagemaker:us-east-1:109876543210:*`,
      },
    ],
    good: [
      {
        title: 'One account, from the stack',
        language: 'yaml',
        code: SAGEMAKER_SOURCE_CONDITION,
      },
    ],
    fix: 'Use the same account in both conditions; `!Ref AWS::AccountId` / `${AWS::AccountId}` keeps them in step.',
  },
  check(graph, context) {
    const reports: RuleReport[] = [];
    for (const { policy: { role, doc }, found: findings } of policiesWithFindings(trustPolicyGroups(graph), (policy) => mismatches(policy.doc, roleFacts(policy).partition, context))) {
      for (const found of findings) {
        reports.push({
          messageId: 'mismatch',
          data: withProperties(found.data, { role: nameOf(role) }),
          resource: role,
          locator: doc.locator,
          path: found.path,
          ...(found.service ? { fix: sourceConditionFix(graph, role, doc, found.service, context.now, found.statement) } : {}),
        });
      }
    }
    return reports;
  },
};

/**
 * Allow statements whose source conditions pin different accounts, with the service the fix is for (if the catalog
 * knows it): not one spelled with another partition's DNS suffix than the role's, which never calls there.
 */
function mismatches(doc: PolicyDocument, partition: string | undefined, context: RuleContext): Array<{ statement: Statement; path: Path; data: Record<string, string>; service?: ServiceInfo }> {
  const found: Array<{ statement: Statement; path: Path; data: Record<string, string>; service?: ServiceInfo }> = [];
  for (const statement of doc.statements) {
    if (statement.effect !== 'Allow') continue;
    const accountConditions = conditionsOn(statement, ['aws:sourceaccount']).filter(pinning);
    const arnConditions = conditionsOn(statement, ['aws:sourcearn']).filter(pinning);
    const accounts = literalValues(accountConditions, (text) => text);
    const arnAccounts = literalValues(arnConditions, arnAccount, { services: arnServicesTrusted(statement, context) });
    if (!accounts || !arnAccounts || accounts.size === 0 || arnAccounts.size === 0) continue;
    if ([...accounts].some((account) => [...arnAccounts].some((pattern) => (/[*?]/.test(pattern) ? matchString(pattern, account, WILDCARDS) === true : pattern === account)))) continue;
    const trusted = trustedServices(doc, partition).find((item) => item.statement === statement && serviceInfo(context, item.name));
    const service = trusted && { ...serviceInfo(context, trusted.name)!, principal: trusted.principal };
    found.push({ statement, path: accountConditions[0]!.path, data: { accounts: [...accounts].join(', '), arnAccounts: [...arnAccounts].join(', ') }, ...(service ? { service } : {}) });
  }
  return found;
}

/** Positive String and Arn operators: the ones whose values say which account is meant. */
function pinning(condition: ConditionEntry): boolean {
  const parsed = parseOperator(condition.operator);
  return !('error' in parsed) && !parsed.negated && (parsed.family === 'String' || parsed.family === 'Arn');
}

/**
 * The accounts the values name; undefined when any value is unresolved or symbolic, or a pattern (then nothing is
 * certain). `arns`: the values are ARNs, of requests of the services whose ARN service names are `arns.services`
 * (undefined where the statement may trust one whose name is not known: `Principal: "*"`, one the catalog lacks). Where
 * the operator reads `*` and `?` as wildcards (ArnLike, ArnEquals, StringLike) a pattern that no account of the other
 * condition matches is as far from it as another account (`arn:aws:sagemaker:us-east-1:2222222222??:*` beside
 * aws:SourceAccount 111111111111). An ARN whose account holds `*` or `?` where they are no wildcards matches no
 * request's ARN, and one that names no account (`arn:aws:s3:::bucket`) matches none of a service trusted here when its
 * service is none of theirs: either tells nothing of the account, and the ARNs beside it that name one decide. An ARN
 * with no account of a service trusted here (S3's requests carry their bucket's) may be met beside aws:SourceAccount.
 */
function literalValues(conditions: ConditionEntry[], account: (text: string) => string | undefined, arns?: { services: ReadonlySet<string> | undefined }): Set<string> | undefined {
  const found = new Set<string>();
  for (const condition of conditions) {
    const parsed = parseOperator(condition.operator);
    const wildcards = arns !== undefined && !('error' in parsed) && parsed.wildcards === true;
    for (const entry of condition.values) {
      if (typeof entry.value !== 'string' || entry.value.includes('${')) return undefined;
      const value = account(entry.value);
      if (value === undefined || hasMarker(value)) return undefined;
      if (arns && /[*?]/.test(value) && !wildcards) continue;
      if (arns?.services && value === '' && matchesNoTrustedService(entry.value, arns.services)) continue;
      if (value === '' || (/[*?]/.test(value) && !wildcards)) return undefined;
      found.add(value);
    }
  }
  return found;
}

/**
 * The ARN service names (`sagemaker`) of the services the statement trusts, as the service catalog gives them; undefined
 * where it may trust one whose name is not known: a wildcard principal, a service not in the catalog, a value not known.
 */
function arnServicesTrusted(statement: Statement, context: RuleContext): Set<string> | undefined {
  const principals = statement.principal;
  if (!principals || principals.any || principals.unresolved || principals.AWS.some(({ value }) => value === '*')) return undefined;
  const names = new Set<string>();
  for (const { value } of principals.Service) {
    const service = typeof value === 'string' ? serviceInfo(context, value.toLowerCase()) : undefined;
    if (!service) return undefined;
    for (const name of sourceArnServices(service)) names.add(name);
  }
  return names;
}

/** Whether an ARN's service is written out (no wildcard, nothing not known) and is none of `arnServices`. */
function matchesNoTrustedService(text: string, arnServices: ReadonlySet<string>): boolean {
  const service = splitArn(text)?.service;
  return service !== undefined && service !== '' && !/[*?]/.test(service) && !hasMarker(service) && !arnServices.has(service);
}

const WILDCARDS = { wildcards: true, ignoreCase: false } as const;

/**
 * The account field of an ARN value. The owner's partition and region (`arn:${AWS::Partition}:sagemaker:${AWS::Region}:
 * 111122223333:*`) and values not known after it (`pipeline/${PipelineName}/*`) leave it where it is written; another
 * value not known before it may hold colons of its own, and then the field is not known.
 */
function arnAccount(text: string): string | undefined {
  const parts = splitArn(text);
  if (!parts) return undefined;
  const head = [parts.partition, parts.service, parts.region].join(':');
  return tokenize(head).every((token) => 'literal' in token || token.kind === 'sym') ? parts.account : undefined;
}
