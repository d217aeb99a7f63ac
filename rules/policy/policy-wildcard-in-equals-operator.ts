import { parseOperator } from '../../src/iam/operators.js';
import { joinArn, splitArn } from '../../src/model/arn.js';
import type { ConditionEntry, PolicyDocument, PolicyValue } from '../../src/model/policy.js';
import type { Rule, RuleReport } from '../../src/model/rule.js';
import { literalText } from '../../src/model/value.js';
import { policyLabel, show, allPolicyGroups, policiesWithFindings } from '../support.js';
import { withProperties } from '../../src/model/objects.js';

export const policyWildcardInEqualsOperator: Rule = {
  meta: {
    id: 'policy-wildcard-in-equals-operator',
    family: 'policy',
    severity: 'medium',
    title: 'Wildcard in a StringEquals condition',
    summary: 'A `StringEquals`/`StringNotEquals` (or `IgnoreCase`) value contains `*` or `?`, which these operators compare literally.',
    rationale:
      'Only `StringLike`/`StringNotLike` and the ARN operators treat `*` and `?` as wildcards. `StringEquals: {aws:SourceArn: "arn:aws:sagemaker:*:111122223333:*"}` matches only the literal text with asterisks, so an Allow never applies (the role or permission silently does not work) and a Deny never triggers (the guardrail is off). In a StringNotEquals the exclusion never excludes. One value is exempt: `aws:SourceArn` equal to `arn:<partition>:sagemaker:<region>:<account>:*` in a trust policy, because for inference and Studio SageMaker presents exactly that text, asterisk included.',
    sources: [{ title: 'IAM User Guide: String condition operators', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String' }],
    messages: {
      wildcard: '{operator} compares {key} with {value} literally: the {wildcard} is not a wildcard here, so the condition in {policy} only matches that exact text',
    },
    bad: [
      {
        title: 'A pattern under StringEquals',
        language: 'yaml',
        code: `Condition:
  StringEquals:
    aws:SourceArn: !Sub arn:\${AWS::Partition}:sagemaker:*:\${AWS::AccountId}:*`,
      },
    ],
    good: [
      {
        title: 'ArnLike for patterns',
        language: 'yaml',
        code: `Condition:
  ArnLike:
    aws:SourceArn: !Sub arn:\${AWS::Partition}:sagemaker:*:\${AWS::AccountId}:*`,
      },
    ],
    fix: 'Use `StringLike` (or `ArnLike` for ARNs) when the value is a pattern; if the asterisk is meant literally, write it as the policy variable `${*}` in a policy with Version `2012-10-17` (inside a CloudFormation `Fn::Sub` write `${!*}`, in Terraform `$${*}`: there `${*}` is a substitution and fails).',
  },
  check(graph) {
    const reports: RuleReport[] = [];
    for (const { policy: { holder, doc }, found } of policiesWithFindings(allPolicyGroups(graph), ({ doc }) => wildcardsInEquals(doc))) {
      const policy = policyLabel(doc, holder);
      for (const { condition, entry, wildcard } of found) {
        reports.push({
          messageId: 'wildcard',
          data: { operator: condition.operator, key: condition.key, value: show(entry.value), wildcard: `"${wildcard}"`, policy },
          resource: holder,
          locator: doc.locator,
          path: entry.path,
        });
      }
    }
    return reports;
  },
};

/** Values of String operators without wildcard matching that hold a literal `*` or `?`. */
function wildcardsInEquals(doc: PolicyDocument): Array<{ condition: ConditionEntry; entry: PolicyValue; wildcard: string }> {
  const found: Array<{ condition: ConditionEntry; entry: PolicyValue; wildcard: string }> = [];
  for (const statement of doc.statements) {
    for (const condition of statement.conditions) {
      const parsed = parseOperator(condition.operator);
      if ('error' in parsed || parsed.family !== 'String' || parsed.wildcards) continue;
      for (const entry of condition.values) {
        if (typeof entry.value !== 'string') continue;
        const wildcard = literalWildcard(entry.value);
        if (!wildcard || (doc.kind === 'trust' && isSageMakerLiteralStar(condition.key, entry.value))) continue;
        found.push({ condition, entry, wildcard });
      }
    }
  }
  return found;
}

/**
 * For inference and Studio, SageMaker presents the literal source ARN `arn:P:sagemaker:R:A:*` ("the asterisk ...
 * does not stand for wildcard"), so `StringEquals` on exactly that value means what it says.
 */
function isSageMakerLiteralStar(key: string, value: string): boolean {
  const arn = splitArn(value);
  return key.toLowerCase() === 'aws:sourcearn' && arn?.service === 'sagemaker' && arn.resource === '*' && !literalWildcard(joinArn(withProperties(arn, { resource: '' })));
}

/** `*` or `?` in the literal text, ignoring policy-variable escapes `${*}`/`${?}` and markers. */
function literalWildcard(value: string): string | undefined {
  const literal = literalText(value).replace(/\$\{[*?$]\}/g, '');
  return literal.match(/[*?]/)?.[0];
}
