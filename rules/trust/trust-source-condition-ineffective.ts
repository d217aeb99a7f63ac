import type { ConditionEntry } from '../../src/model/policy.js';
import type { Rule } from '../../src/model/rule.js';
import { compareText, sortTexts } from '../../src/model/order.js';
import { SOURCE_KEYS } from '../../src/iam/trust.js';
import { ifExistsPassesMissingKey, parseOperator } from '../../src/iam/operators.js';
import { splitArn } from '../../src/model/arn.js';
import { nameOf, show } from '../support.js';
import { SAGEMAKER_SOURCE_CONDITION, sourceConditionFix } from './fix.js';
import { admittingValue, canonicalConditionsText, conditionsText, foreignServiceAccess, type ForeignServiceAccess } from './service-trust.js';

export const trustSourceConditionIneffective: Rule = {
  meta: {
    id: 'trust-source-condition-ineffective',
    family: 'trust',
    severity: 'high',
    title: 'Source condition that does not pin an account',
    summary:
      'The trust policy conditions on aws:SourceArn/aws:SourceAccount, but a request from the service acting for another account still passes.',
    rationale:
      'A source condition protects a role only when it pins the account (or the exact resources) the service acts for. Wildcards in the account part of aws:SourceArn (`arn:aws:sagemaker:*:*:*`), `StringLike "*"` on aws:SourceAccount, conditions that use only negated operators, only `Null`, or `...IfExists` on a key the request may lack (aws:SourceOrgID or aws:SourceOrgPaths, which the service does not send for an account in no organization; on aws:SourceArn or aws:SourceAccount, which it always sends, `IfExists` changes nothing), look protective and are not. deputy evaluates the whole trust policy against a request from the service on behalf of an unrelated account (with the resource names and regions the policy itself names, so only the account differs) and reports when it would be allowed. Conditions beside the source condition on keys that say nothing of the account (the time, aws:SecureTransport, aws:RequestedRegion, sts:RoleSessionName, sts:SourceIdentity) do not make it effective, and a Deny of other accounts that also requires a time to come or a region the other account need not use does not protect. A Deny that refuses only the accounts it names (`StringEquals aws:SourceAccount` of another account) is no source condition of the foreign request at all: with no other, trust-service-without-source-condition reports the role.',
    sources: [
      { title: 'Amazon SageMaker: Cross-service confused deputy prevention', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/security-confused-deputy-prevention.html' },
      { title: 'IAM User Guide: IAM JSON policy elements: Condition operators', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html' },
    ],
    messages: {
      ineffective: '{principal} may still assume role {role} on behalf of another account: {operator} {key} {values} does not pin an account{why}',
    },
    bad: [
      {
        title: 'Account part of the source ARN is a wildcard',
        language: 'yaml',
        code: `Condition:
  ArnLike:
    aws:SourceArn: arn:aws:sagemaker:*:*:*`,
      },
    ],
    good: [
      {
        title: 'The owner account, in the ARN and in aws:SourceAccount',
        language: 'yaml',
        code: SAGEMAKER_SOURCE_CONDITION,
      },
    ],
    fix: 'Pin the account: put the owner account id (or `${AWS::AccountId}`) in the account part of aws:SourceArn and use a positive operator (`StringEquals` for aws:SourceAccount, `ArnLike`/`ArnEquals` for aws:SourceArn) without `IfExists`.',
  },
  check(graph, context) {
    return foreignServiceAccess(graph, context)
      .filter((access) => access.sourceConditions.length > 0)
      .map((access) => {
        const conditions = inReportOrder(access);
        const condition = conditions[0]!;
        const admitting = access.denySourceConditions.has(condition) ? undefined : admittingValue(condition, access.probe.context);
        const values = condition.values.map((entry) => show(entry.value));
        return {
          messageId: 'ineffective',
          // The data the fingerprint is made from holds values and reasons in a canonical order (IAM reads a condition's
          // values in any order); the message shows them as written.
          data: {
            principal: show(access.service.principal),
            role: nameOf(access.role),
            operator: condition.operator,
            key: condition.key,
            values: sortTexts([...values]).join(', '),
            why: explain(access, conditions, true),
          },
          exposure: { values: values.join(', '), why: explain(access, conditions, false) },
          resource: access.role,
          locator: access.doc.locator,
          path: admitting?.path ?? condition.path,
          fix: sourceConditionFix(graph, access.role, access.doc, access.service, context.now, access.statement),
        };
      });
  },
};

/**
 * A short reason, from the shape of the conditions (the verdict itself comes from evaluation). In a Deny, negated
 * operators and IfExists are the protective shape; what may let the request past it is another condition of the
 * Deny, on a key that says nothing of the account, which the request does not meet.
 */
function explain(access: ForeignServiceAccess, conditions: readonly ConditionEntry[], canonical: boolean): string {
  const reasons = new Set<string>();
  for (const condition of conditions) {
    const parsed = parseOperator(condition.operator);
    if ('error' in parsed) continue;
    const inDeny = access.denySourceConditions.has(condition);
    if (parsed.negated && !inDeny) reasons.add('negated operators only exclude values');
    // `Null: {key: "true"}` holds when the key is absent, `"false"` when it is present.
    if (parsed.family === 'Null') reasons.add(condition.values.every((entry) => typeof entry.value === 'string' && entry.value.toLowerCase() === 'true') ? 'Null only checks that the key is absent' : 'Null only checks that the key is present');
    if (ifExistsPassesMissingKey(parsed) && !inDeny) reasons.add('IfExists passes when the key is absent');
    if (parsed.setQualifier === 'ForAllValues') reasons.add('ForAllValues passes when the key is absent');
    for (const entry of condition.values) {
      if (typeof entry.value !== 'string') continue;
      const arn = splitArn(entry.value);
      if (arn && (arn.account === '' || /^[*?]+$/.test(arn.account))) reasons.add('the account part of the ARN is a wildcard or empty');
      else if (/^[*?]+$/.test(entry.value)) reasons.add('the value is a bare wildcard');
    }
  }
  if (access.blindDenyConditions.length > 0) {
    const blind = canonical ? canonicalConditionsText(access.blindDenyConditions) : conditionsText(access.blindDenyConditions);
    reasons.add(`the Deny also requires ${blind}, which a request on behalf of another account need not meet`);
  }
  return reasons.size > 0 ? ` (${[...reasons].join('; ')})` : '';
}

/**
 * The source conditions in the order a finding picks from, whatever order they are written in (IAM reads a
 * Condition's operators and keys in any order, and a formatter may sort them): the Allow statement's before the
 * Deny's, whose failure only matters when the Allow has none; then by key as SOURCE_KEYS orders them
 * (aws:SourceArn, which can pin the account and the resources, then aws:SourceAccount, aws:SourceOrgID,
 * aws:SourceOrgPaths), operator and values. The finding reports the first, so reordering the
 * conditions keeps its location and fingerprint.
 */
function inReportOrder(access: ForeignServiceAccess): ConditionEntry[] {
  const inDeny = (condition: ConditionEntry): number => Number(access.denySourceConditions.has(condition));
  const valuesText = (condition: ConditionEntry): string => sortTexts(condition.values.map((entry) => show(entry.value))).join('\u0000');
  // A stable sort: conditions alike in all of these stay as written.
  return [...access.sourceConditions].sort(
    (a, b) => inDeny(a) - inDeny(b) || keyRank(a.key) - keyRank(b.key) || compareText(a.key.toLowerCase(), b.key.toLowerCase()) || compareText(a.operator, b.operator) || compareText(valuesText(a), valuesText(b)),
  );
}

function keyRank(key: string): number {
  const index = SOURCE_KEYS.indexOf(key.toLowerCase());
  return index < 0 ? SOURCE_KEYS.length : index;
}
