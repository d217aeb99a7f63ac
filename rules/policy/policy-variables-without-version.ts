import { valueAt } from '../../src/graph/graph.js';
import type { PolicyDocument, PolicyValue } from '../../src/model/policy.js';
import type { Rule, RuleReport } from '../../src/model/rule.js';
import { tokenize } from '../../src/model/value.js';
import { readsVariablesAsText } from '../../src/iam/normalize.js';
import { policyLabel, policyStrings, allPolicyGroups, policiesWithFindings } from '../support.js';

/**
 * `${aws:username}`, `${aws:PrincipalTag/team}`, `${saml:sub}`: a request-context key; and the escapes `${*}`, `${?}`,
 * `${$}`, which IAM lists among the policy variables ("Special characters") and reads only under 2012-10-17 too: before
 * it, `${*}` under StringLike is `${`, a wildcard and `}`, not the literal `*` it was written for.
 */
const POLICY_VARIABLE = /\$\{(?:[^}\s:]+:[^}]+|[*?$])\}/;

/** Only these elements substitute policy variables (IAM User Guide: "Where you can use policy variables"). */
const SUBSTITUTING_FIELDS = new Set(['resource', 'notResource']);

export const policyVariablesWithoutVersion: Rule = {
  meta: {
    id: 'policy-variables-without-version',
    family: 'policy',
    severity: 'medium',
    title: 'Policy variables without Version 2012-10-17',
    summary: 'A policy uses policy variables such as `${aws:username}` (or the escapes `${*}`, `${?}`, `${$}`) in `Resource` or condition values, but its `Version` is missing or `2008-10-17`, so the variables are plain text.',
    rationale:
      'IAM substitutes policy variables only in policies with `"Version": "2012-10-17"`. Without a Version (IAM then assumes 2008-10-17) or with the old one, `arn:aws:iam::*:user/${aws:username}` is compared as that literal text: the SageMaker example "Allow users to view their own permissions" stops matching any user, and a condition pinned to `${aws:PrincipalTag/team}` matches nothing. The escapes are policy variables too: `${*}`, written for a literal asterisk, stays the text `${*}`, whose `*` a `Like` operator or a `Resource` reads as a wildcard. The policy deploys without error, so the mistake only shows as access denied (or, in a Deny, as a guardrail that never applies).',
    sources: [
      { title: 'IAM User Guide: IAM policy elements: Variables and tags', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html' },
      { title: 'IAM User Guide: IAM JSON policy elements: Version', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html' },
      { title: 'Amazon SageMaker: Identity-based policy examples (Allow users to view their own permissions)', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_id-based-policy-examples.html' },
    ],
    messages: {
      missing: '{policy} uses the policy variable {variable}{more} but has no Version, so IAM treats it as literal text (add Version "2012-10-17")',
      old: '{policy} uses the policy variable {variable}{more} but has Version "{version}", so IAM treats it as literal text (use Version "2012-10-17")',
    },
    bad: [
      {
        title: 'No Version',
        language: 'yaml',
        code: `PolicyDocument:
  Statement:
    - Effect: Allow
      Action: iam:GetUser
      Resource: arn:aws:iam::*:user/\${aws:username}`,
      },
    ],
    good: [
      {
        title: 'Version 2012-10-17',
        language: 'yaml',
        code: `PolicyDocument:
  Version: "2012-10-17"
  Statement:
    - Effect: Allow
      Action: iam:GetUser
      Resource: arn:aws:iam::*:user/\${aws:username}`,
      },
    ],
    fix: 'Add `Version: "2012-10-17"` at the top of the policy document (quote it in YAML).',
  },
  check(graph) {
    const reports: RuleReport[] = [];
    const withVariables = policiesWithFindings(allPolicyGroups(graph), ({ doc }) => variableUses(doc));
    for (const { policy: { holder, doc }, found: uses } of withVariables) {
      if (doc.unresolved || !readsVariablesAsText(doc.writtenAsText ? doc.version : valueAt(holder.properties, [...doc.path, 'Version']))) continue;
      const [first, ...others] = uses;
      reports.push({
        messageId: doc.version === undefined ? 'missing' : 'old',
        data: {
          policy: policyLabel(doc, holder),
          variable: first!.variable,
          more: others.length > 0 ? ` (and ${others.length} more use${others.length > 1 ? 's' : ''})` : '',
          version: doc.version ?? '',
        },
        resource: holder,
        locator: doc.locator,
        path: doc.version === undefined ? first!.entry.path : [...doc.path, 'Version'],
        related: others.map(({ entry, variable }) => ({ message: `also uses ${variable}`, locator: doc.locator, path: entry.path })),
      });
    }
    return reports;
  },
};

/** The policy variables written where IAM substitutes them, in the order written. */
function variableUses(doc: PolicyDocument): Array<{ entry: PolicyValue; variable: string }> {
  return policyStrings(doc).flatMap(({ entry, field, condition }) => {
    if (!SUBSTITUTING_FIELDS.has(field) && !condition) return [];
    const variable = variableIn(entry);
    return variable === undefined ? [] : [{ entry, variable }];
  });
}

/** The first policy variable in the literal text of the value (markers from the template are not text). */
function variableIn(entry: PolicyValue): string | undefined {
  if (typeof entry.value !== 'string') return undefined;
  const literal = tokenize(entry.value)
    .map((token) => ('literal' in token ? token.literal : ' '))
    .join('');
  return POLICY_VARIABLE.exec(literal)?.[0];
}
