import { evaluateConditions } from '../../src/iam/conditions.js';
import { parseOperator } from '../../src/iam/operators.js';
import { requestContext } from '../../src/iam/request.js';
import type { ConditionEntry, Statement } from '../../src/model/policy.js';
import type { Rule, RuleReport } from '../../src/model/rule.js';
import { policiesWithFindings } from '../support.js';
import { conditionsDeciding, identityPolicyGroups, policyValues } from './identity-policies.js';

export const identityForAllValuesWithoutNull: Rule = {
  meta: {
    id: 'identity-forallvalues-without-null',
    family: 'identity',
    severity: 'high',
    title: 'ForAllValues condition that a request passes by omitting the key',
    summary: 'An Allow conditions a key with a positive `ForAllValues:...` operator (an allow-list such as `ForAllValues:StringEquals`) and nothing else in the statement requires the key to be present (`Null: {key: "false"}`), so a request without the key passes.',
    rationale:
      '`ForAllValues` is true when every value in the request matches, and therefore also when the request carries no value at all. A policy that means "only these subnets" with `ForAllValues:StringEquals: {sagemaker:VpcSubnets: [...]}` also allows a training job created with no VPC configuration. The SageMaker identity-policy examples pair the condition with `"Null": {"sagemaker:VpcSubnets": "false", "sagemaker:VpcSecurityGroupIds": "false"}` for exactly this reason. deputy evaluates the statement\'s conditions on the key for a request that omits it: a `Null: false`, a `ForAnyValue:` or a plain positive operator on the same key all make such a request fail, and then the rule stays silent. A negated operator (`ForAllValues:StringNotEquals`, `StringNotLike`, `ArnNotLike`, ...) is not reported: it excludes values (`ForAllValues:StringNotEquals: {aws:TagKeys: [Owner]}`, no tag key may be Owner), a request without the key carries none of them and is meant to pass, and a `Null: false` would refuse every such request (a resource created without tags).',
    sources: [
      { title: 'Amazon SageMaker AI identity-based policy examples (Restrict training to a specific VPC)', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_id-based-policy-examples.html' },
      { title: 'IAM User Guide: Single-valued vs. multivalued context keys', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html' },
    ],
    messages: {
      vacuous: '{operator} on {key} in {policy} also passes a request that carries no {key}: add Null {"{key}": "false"} to the statement',
    },
    bad: [
      {
        title: 'Any subnet, or none',
        language: 'yaml',
        code: `- Effect: Allow
  Action: sagemaker:CreateTrainingJob
  Resource: "*"
  Condition:
    ForAllValues:StringEquals:
      sagemaker:VpcSubnets: [subnet-0a1b2c3d]`,
      },
    ],
    good: [
      {
        title: 'These subnets, and some subnet',
        language: 'yaml',
        code: `- Effect: Allow
  Action: sagemaker:CreateTrainingJob
  Resource: "*"
  Condition:
    ForAllValues:StringEquals:
      sagemaker:VpcSubnets: [subnet-0a1b2c3d]
    "Null":
      sagemaker:VpcSubnets: "false"`,
      },
      {
        title: 'An exclusion: no tag key may be Owner, and no tags at all is fine',
        language: 'yaml',
        code: `- Effect: Allow
  Action: sagemaker:CreateTrainingJob
  Resource: "*"
  Condition:
    ForAllValues:StringNotEquals:
      aws:TagKeys: [Owner]`,
      },
    ],
    fix: 'Add `Null: {<key>: "false"}` to the same statement, so that a request must carry the key for the ForAllValues test to mean anything.',
  },
  check(graph) {
    const reports: RuleReport[] = [];
    const withVacuous = policiesWithFindings(identityPolicyGroups(graph), ({ doc }) => vacuousConditions(doc.statements));
    for (const { policy, found } of withVacuous) {
      for (const condition of found) {
        reports.push({
          messageId: 'vacuous',
          ...policyValues(policy, { operator: condition.operator, key: condition.key }),
          resource: policy.holder,
          locator: policy.doc.locator,
          path: condition.path,
        });
      }
    }
    return reports;
  },
};

/** Per Allow statement, the first positive ForAllValues condition on each key that a request without the key passes. */
function vacuousConditions(statements: readonly Statement[]): ConditionEntry[] {
  const found: ConditionEntry[] = [];
  for (const statement of statements) {
    // An operator block that could not be resolved may hold the Null that makes the key required.
    if (statement.effect !== 'Allow' || statement.conditions.some((condition) => condition.unresolved)) continue;
    const reported = new Set<string>();
    for (const condition of statement.conditions) {
      const operator = parseOperator(condition.operator);
      const key = condition.key.toLowerCase();
      // A negated operator excludes values (no tag key may be Owner): a request without the key has none of them, and
      // passing it is what the statement means; a Null false would refuse it.
      if ('error' in operator || operator.setQualifier !== 'ForAllValues' || operator.negated || reported.has(key)) continue;
      const withoutKey = requestContext({}, [key]);
      if (evaluateConditions(conditionsDeciding(statement, [key]), withoutKey) !== true) continue;
      reported.add(key);
      found.push(condition);
    }
  }
  return found;
}
