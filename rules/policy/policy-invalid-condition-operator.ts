import { parseOperator } from '../../src/iam/operators.js';
import type { ConditionEntry, Statement } from '../../src/model/policy.js';
import type { Rule, RuleReport } from '../../src/model/rule.js';
import { hasMarker } from '../../src/model/value.js';
import { visibleText } from '../../src/model/visible.js';
import { policyLabel, allPolicyGroups, policiesWithFindings } from '../support.js';

export const policyInvalidConditionOperator: Rule = {
  meta: {
    id: 'policy-invalid-condition-operator',
    family: 'policy',
    severity: 'high',
    title: 'Condition operator not in the IAM grammar',
    summary: 'A condition operator is not one IAM knows: a typo, the seed\'s `String`, a wrong case, or a bad `ForAllValues:`/`ForAnyValue:`/`IfExists` composition.',
    rationale:
      'IAM operator names are case-sensitive and come from a fixed grammar (String*, Numeric*, Date*, Bool, BinaryEquals, IpAddress/NotIpAddress, Arn*, Null; optional `IfExists` suffix; optional `ForAllValues:`/`ForAnyValue:` prefix). An unknown operator makes the policy fail validation at deploy time, and where a tool accepts it, the condition never matches. One of the SageMaker identity-policy examples uses the operator `String`, which does not exist.',
    sources: [
      { title: 'IAM User Guide: IAM JSON policy elements: Condition operators', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html' },
      { title: 'IAM User Guide: Grammar of the IAM JSON policy language', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html' },
    ],
    messages: {
      invalid: 'condition operator "{operator}" in {policy} is not valid: {reason}',
      yamlNull:
        "condition operator {written} in {policy} is read as \"null\", which is not a condition operator: YAML 1.1 reads the unquoted key {written} as null; quote it: 'Null':",
    },
    bad: [
      {
        title: 'No such operator',
        language: 'yaml',
        code: `Condition:
  String:
    sagemaker:ResourceTag/team: ml`,
      },
    ],
    good: [
      {
        title: 'A real operator',
        language: 'yaml',
        code: `Condition:
  StringEquals:
    sagemaker:ResourceTag/team: ml`,
      },
    ],
    fix: "Use an operator from the IAM grammar with its exact casing, e.g. `StringEquals`, `StringLike`, `ArnLike`, `ForAnyValue:StringEquals`, `StringEqualsIfExists`. In YAML, quote the `Null` operator (`'Null':`): YAML reads an unquoted `Null` key as null, so the template names the operator \"null\".",
  },
  check(graph) {
    const reports: RuleReport[] = [];
    for (const { policy: { holder, doc }, found } of policiesWithFindings(allPolicyGroups(graph), ({ doc }) => invalidOperators(doc.statements))) {
      const policy = policyLabel(doc, holder);
      for (const { condition, reason } of found) {
        // A YAML key `Null:` written unquoted is read as null: the operator is "null" although the file shows `Null`.
        const written = condition.operator === 'null' ? doc.locator.nullKey?.(condition.operatorPath) : undefined;
        if (written !== undefined) {
          reports.push({
            messageId: 'yamlNull',
            data: { written: written === '' ? '(empty)' : written, policy },
            resource: holder,
            locator: doc.locator,
            path: condition.operatorPath,
            fix: { description: "Quote the key, so that YAML reads it as the operator Null (AWS's sample templates write 'Null':)", snippet: "'Null':" },
          });
          continue;
        }
        reports.push({
          messageId: 'invalid',
          // An operator written with a character that shows as nothing (`StringEquals\u200b`) shows it escaped.
          data: { operator: visibleText(condition.operator), policy, reason: visibleText(reason) },
          resource: holder,
          locator: doc.locator,
          path: condition.operatorPath,
        });
      }
    }
    return reports;
  },
};

/** The first condition under each operator IAM does not define, per statement, with the reason. */
function invalidOperators(statements: readonly Statement[]): Array<{ condition: ConditionEntry; reason: string }> {
  const found: Array<{ condition: ConditionEntry; reason: string }> = [];
  for (const statement of statements) {
    const seen = new Set<string>();
    // IAM checks the operator whatever its values: one whose values are all empty (unset) still fails to deploy.
    for (const condition of [...statement.conditions, ...(statement.unsetConditions ?? [])]) {
      // An operator computed from a value not known statically (an HCL key `(var.operator)`) may be any operator.
      if (condition.unresolved || hasMarker(condition.operator) || seen.has(condition.operator)) continue;
      seen.add(condition.operator);
      const parsed = parseOperator(condition.operator);
      if ('error' in parsed) found.push({ condition, reason: parsed.error });
    }
  }
  return found;
}
