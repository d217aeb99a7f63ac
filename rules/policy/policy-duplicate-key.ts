import { pathStartsWith } from '../../src/model/location.js';
import type { Rule, RuleReport } from '../../src/model/rule.js';
import type { DuplicateKey } from '../../src/model/resource.js';
import { allPolicies, policyLabel } from '../support.js';

export const policyDuplicateKey: Rule = {
  meta: {
    id: 'policy-duplicate-key',
    family: 'policy',
    severity: 'high',
    title: 'Key repeated inside a policy',
    summary: 'A JSON/YAML object inside a policy repeats a key: only the last occurrence survives parsing, silently dropping the others (a Terraform policy written as JSON text is refused at plan time instead, unless a policy document data source includes it); in a Terraform policy document data source, two `condition` blocks of one statement with the same `test` and `variable` are merged into one key that any of their values passes.',
    rationale:
      'JSON parsers, CloudFormation, and Terraform\'s HCL objects (`jsonencode({...})`) keep the last of two equal keys without a word, so a second `StringEquals` block or a repeated condition key replaces the first instead of adding to it. One of the SageMaker identity-policy examples (`SearchVisibilityCondition`) repeats a condition key in exactly this way. What deploys is not what the author reviewed. A policy\'s own key written twice in a template (a second `AssumeRolePolicyDocument`, as a merge may leave it) is reported too: the first document is dropped whole. A Terraform policy written as JSON text (a heredoc, `file()`, a string) in `aws_iam_role`, `aws_iam_policy`, `aws_iam_*_policy` or `aws_ssoadmin_permission_set_inline_policy` is different: the AWS provider refuses it at plan time (`"policy" contains duplicate JSON keys`), so nothing deploys until it is fixed; only text that holds a value known at apply (a new resource\'s ARN) escapes that check, and then the provider keeps the last key as well. JSON text that a `data "aws_iam_policy_document"` includes (`source_policy_documents`, `override_policy_documents`) is not checked so: the provider keeps the last key there without a word, and the policy it renders holds only that one. The data source\'s own `condition` blocks write the same mistake another way: two blocks of one statement with the same `test` and `variable` and different values are neither refused nor replaced, the provider merges their values into one list under the key, so what the author wrote as two requirements passes when either value matches (a plan\'s rendered `json` shows one key with both values, as one block with two values writes it: only the `.tf` blocks tell them apart, so a plan is checked with its folder). The same variable under two tests (`StringEquals` and `StringLike`) is two keys that AWS ANDs, blocks of the same values lose nothing (the same as the test compares them: `300` and `300.0` under `NumericEquals`, `true` and `True` under `Bool`, one instant written two ways under `DateEquals`; and identical blocks are one, the provider keeping the blocks as a set), and the blocks of a negated test (`StringNotEquals`, `NotIpAddress`) require together what the merged key does, a value matching none of them: none of these is reported. Nor are two kinds of blocks whose either-or is what the author meant. The blocks one `dynamic "condition"` block makes of a list (`for_each = var.accounts` with `values = [condition.value]`): a block per element merged into one key is that idiom\'s purpose (a static block, or another dynamic block, of the same key beside it is still reported, the dynamic block\'s values taken together). And blocks of an exact-equality test without a set qualifier or `IfExists` (`StringEquals`, `StringEqualsIgnoreCase`, `NumericEquals`, `DateEquals`, `Bool`; `ArnEquals`, `ArnLike` and `StringLike` where no value holds `*` or `?`) on a key the IAM catalog documents as single-valued, whose values have none in common: a request carries one value of the key, so read as "each of them" the condition could never pass. Patterns, values in common, policy variables, `IfExists`, set qualifiers and multivalued keys stay reported.',
    sources: [
      { title: 'Amazon SageMaker: Identity-based policy examples', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_id-based-policy-examples.html' },
      { title: 'RFC 8259: object names SHOULD be unique', url: 'https://www.rfc-editor.org/rfc/rfc8259#section-4' },
    ],
    messages: {
      duplicate: 'key "{key}" appears {count} times in the same object of {policy}: only this last one is kept, the others are silently dropped',
      refusedAtPlan: 'key "{key}" appears {count} times in the same object of {policy}: the AWS provider refuses this JSON text at plan time ("contains duplicate JSON keys"), so the policy cannot deploy until the repeated keys are merged into one',
      refusedUnlessKnownAtApply: 'key "{key}" appears {count} times in the same object of {policy}: the AWS provider refuses this JSON text at plan time ("contains duplicate JSON keys") when it is known then; with a value known only at apply the check is skipped, and only this last one is kept, the others silently dropped',
      mergedBlocks: '{count} condition blocks of one statement of {policy} test {operator} on "{key}": the AWS provider merges their values into one list under the key, so the condition passes when any one of them matches, not each of them',
    },
    bad: [
      {
        title: 'Two StringEquals blocks',
        language: 'yaml',
        code: `Condition:
  StringEquals:
    aws:SourceAccount: !Ref AWS::AccountId
  StringEquals:
    aws:PrincipalOrgID: o-a1b2c3d4e5`,
      },
      {
        title: 'Two condition blocks of one aws_iam_policy_document statement with the same test and variable',
        language: 'hcl',
        code: `condition {
  test     = "ArnLike"
  variable = "aws:SourceArn"
  values   = ["arn:aws:sagemaker:*:493827160514:pipeline/*"]
}
condition {
  test     = "ArnLike"
  variable = "aws:SourceArn" # merged: a pipeline of any account in us-east-1 passes
  values   = ["arn:aws:sagemaker:us-east-1:*:*"]
}`,
      },
    ],
    good: [
      {
        title: 'One block, two keys',
        language: 'yaml',
        code: `Condition:
  StringEquals:
    aws:SourceAccount: !Ref AWS::AccountId
    aws:PrincipalOrgID: o-a1b2c3d4e5`,
      },
      {
        title: 'One condition block, the pattern that says both',
        language: 'hcl',
        code: `condition {
  test     = "ArnLike"
  variable = "aws:SourceArn"
  values   = ["arn:aws:sagemaker:us-east-1:493827160514:pipeline/*"]
}`,
      },
    ],
    fix: 'Merge the repeated keys into one (put several values of one condition key in a list; several keys under one operator). Of condition blocks that repeat a test and variable keep one, with only the values any of which may match.',
  },
  check(graph) {
    const reports: RuleReport[] = [];
    for (const { holder, doc } of allPolicies(graph)) {
      for (const duplicate of graph.duplicateKeys(holder.address)) {
        // Inside the policy, or the policy's own key written again (a second AssumeRolePolicyDocument replaces the first).
        if (pathStartsWith([...duplicate.path, duplicate.key], doc.path)) reports.push(report(duplicate, holder, policyLabel(doc, holder), 'duplicate'));
      }
      // Keys repeated inside JSON text. Every Terraform attribute a policy is read from (POLICY_ATTRIBUTES) is checked by
      // the provider's ValidIAMPolicyJSON, which refuses repeated keys of text known at plan; a plan JSON made despite
      // that, CloudFormation and IAM keep the last. A plan holds a text known only at apply as its .tf files beside it
      // write it: the provider has not checked it, as for those files alone.
      const checkedByProvider = holder.format === 'terraform' || (holder.format === 'terraform-plan' && doc.textUnknownAtPlan);
      const messageId = !checkedByProvider ? 'duplicate' : doc.textUnknownAtPlan ? 'refusedUnlessKnownAtApply' : 'refusedAtPlan';
      for (const duplicate of doc.duplicateKeys ?? []) reports.push(report(duplicate, holder, policyLabel(doc, holder), messageId));
      // The JSON text a policy document data source includes (source_policy_documents, override_policy_documents): the
      // provider reads it with a plain JSON decoder, which keeps the last key, at plan as at apply.
      // Condition blocks of a statement of the data source that repeat a test and variable: the provider merges them.
      for (const duplicate of doc.includedDuplicateKeys?.() ?? []) reports.push(report(duplicate, holder, policyLabel(doc, holder), duplicate.merged ? 'mergedBlocks' : 'duplicate'));
    }
    return reports;
  },
};

function report(duplicate: DuplicateKey, holder: RuleReport['resource'], policy: string, messageId: 'duplicate' | 'refusedAtPlan' | 'refusedUnlessKnownAtApply' | 'mergedBlocks'): RuleReport {
  const last = duplicate.locations[duplicate.locations.length - 1]!;
  // Refused at plan, nothing is dropped: the text does not deploy. Merged blocks drop nothing either.
  const earlier =
    messageId === 'mergedBlocks' ? `earlier block of "${duplicate.key}", its values merged` : messageId === 'refusedAtPlan' ? `earlier "${duplicate.key}"` : `earlier "${duplicate.key}", dropped`;
  const data: Record<string, string> = { key: duplicate.key, count: String(duplicate.locations.length), policy };
  // The operator a merged key is under: the mapping that holds it.
  if (messageId === 'mergedBlocks') data.operator = String(duplicate.path[duplicate.path.length - 1]);
  return {
    messageId,
    data,
    resource: holder,
    // Occurrences other than the last are gone from the parsed value, so the location is given directly.
    locator: { locate: () => last },
    path: [...duplicate.path, duplicate.key],
    related: duplicate.locations.slice(0, -1).map((location) => ({ message: earlier, locator: { locate: () => location }, path: [] })),
  };
}

