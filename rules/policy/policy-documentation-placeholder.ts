import { splitArn } from '../../src/model/arn.js';
import type { PolicyDocument, PolicyValue } from '../../src/model/policy.js';
import type { Rule, RuleReport } from '../../src/model/rule.js';
import { markersReplaced } from '../../src/model/value.js';
import { policyLabel, policyStrings, show, allPolicyGroups, policiesWithFindings } from '../support.js';

/**
 * The default placeholder list of RULES.md (config may extend the values): the words AWS documentation writes for the
 * partition, region and account of an ARN, case as written (`arn:partition:sagemaker:region:accountNumber:*`, and the
 * SageMaker identity-policy examples' `arn:aws:sagemaker:AWS Region:111122223333:domain/example-domain-1`). No real
 * partition, region or account is one of them, so any of the three parts is checked against them all.
 */
export const PLACEHOLDER_ARN_PARTS = ['accountNumber', 'region', 'AWS Region', 'partition', 'account-id', 'accountId', 'account'];
export const PLACEHOLDER_VALUES = [
  '123456789012',
  '111122223333',
  '444455556666',
  'vpc-111bbaaa',
  'vpce-111bbccc',
  'fs-12345678',
  'sg-12345678',
  'subnet-a1234',
  '1234abcd-12ab-34cd-56ef-1234567890ab',
];
const ID_CHARACTER = /[\w-]/;
/** The example accounts among the samples. */
const ACCOUNT_SAMPLE = /^\d{12}$/;
/** The first four groups of a UUID, ending where its last group starts. */
const UUID_GROUPS_BEFORE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-$/i;
const ANGLE_PLACEHOLDER = /<[A-Za-z][\w .-]*>/;
// `{Name}` but not a policy variable `${aws:username}`.
const BRACE_PLACEHOLDER = /(?<!\$)\{[A-Za-z][\w .-]*\}/;

export const policyDocumentationPlaceholder: Rule = {
  meta: {
    id: 'policy-documentation-placeholder',
    family: 'policy',
    severity: 'high',
    severityNote: 'high in trust policies, medium in identity policies',
    title: 'Value left from documentation',
    summary:
      'A policy value still holds a placeholder copied from AWS documentation: an example account (123456789012, 111122223333, 444455556666), an ARN part such as `accountNumber`, `region` (or `AWS Region`) or `partition`, a `<...>`/`{...}` placeholder, or one of the sample resource ids.',
    rationale:
      'AWS examples use placeholders that deploy without error: `arn:aws:personalize:region:accountNumber:*` is a valid string that matches nothing, and 123456789012 is a real-looking account id that is not yours. A trust condition built from them either locks the service out or, worse, names an account you do not own. The SageMaker and Personalize confused-deputy pages use exactly these placeholders, so copy-pasted trust policies carry them.',
    sources: [
      { title: 'Amazon Personalize: Cross-service confused deputy prevention', url: 'https://docs.aws.amazon.com/personalize/latest/dg/cross-service-confused-deputy-prevention.html' },
      { title: 'Amazon SageMaker: Cross-service confused deputy prevention', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/security-confused-deputy-prevention.html' },
    ],
    messages: {
      placeholder: '{field} value {value} in {policy} still holds the documentation placeholder {placeholder}',
    },
    bad: [
      {
        title: 'The Personalize example, pasted as is',
        language: 'yaml',
        code: `Condition:
  StringEquals:
    aws:SourceAccount: accountNumber
  StringLike:
    aws:SourceArn: arn:aws:personalize:region:accountNumber:*`,
      },
    ],
    good: [
      {
        title: 'Values from the stack',
        language: 'yaml',
        code: `Condition:
  StringEquals:
    aws:SourceAccount: !Ref AWS::AccountId
  ArnLike:
    aws:SourceArn: !Sub arn:\${AWS::Partition}:personalize:\${AWS::Region}:\${AWS::AccountId}:*`,
      },
    ],
    fix: 'Replace the placeholder with the real value; for the owner account, region and partition use `AWS::AccountId`, `AWS::Region`, `AWS::Partition` (Terraform: `data.aws_caller_identity`, `data.aws_region`, `data.aws_partition`).',
  },
  check(graph, context) {
    // Distinct texts repeat the same strings (actions, service principals): each is read once.
    const placeholders = new Map<string, string | undefined>();
    const placeholderIn = (value: string): string | undefined => {
      if (!placeholders.has(value)) placeholders.set(value, findPlaceholder(value, context.placeholders));
      return placeholders.get(value);
    };
    const reports: RuleReport[] = [];
    for (const { policy: { holder, doc }, found } of policiesWithFindings(allPolicyGroups(graph), ({ doc }) => placeholdersIn(doc, placeholderIn))) {
      const policy = policyLabel(doc, holder);
      for (const { entry, field, placeholder } of found) {
        reports.push({
          messageId: 'placeholder',
          data: { field, value: show(entry.value), policy, placeholder },
          resource: holder,
          locator: doc.locator,
          path: entry.path,
          part: placeholder,
          severity: doc.kind === 'trust' ? 'high' : 'medium',
        });
      }
    }
    return reports;
  },
};

/** The strings of the document's statements that hold a placeholder, with the placeholder. */
function placeholdersIn(doc: PolicyDocument, placeholderIn: (value: string) => string | undefined): Array<{ entry: PolicyValue; field: string; placeholder: string }> {
  return policyStrings(doc).flatMap(({ entry, field }) => {
    if (typeof entry.value !== 'string') return [];
    const placeholder = placeholderIn(entry.value);
    return placeholder ? [{ entry, field, placeholder }] : [];
  });
}

export function findPlaceholder(value: string, extraPlaceholders: readonly string[] = []): string | undefined {
  // Each marker a blank: a placeholder does not run across a value not written out.
  const literal = markersReplaced(value, ' ');
  if (value === 'accountNumber') return 'accountNumber';
  const arn = splitArn(value);
  if (arn) {
    const placeholder = [arn.partition, arn.region, arn.account].find((part) => PLACEHOLDER_ARN_PARTS.includes(part));
    if (placeholder !== undefined) return placeholder;
  }
  // A sample written inside a longer id is not the sample: a word character on either side continues it, as do the
  // groups of a UUID it ends (`ws-12345678-1234-1234-1234-123456789012`), and a hyphen after a sample id
  // (`vpc-111bbaaa-2`). A hyphen around an example account is a separator: buckets are named with the account
  // (`sagemaker-us-west-2-111122223333`, `cdk-hnb659fds-assets-123456789012-us-east-1`), and the documentation writes
  // them with the example one.
  for (const sample of extraPlaceholders.length === 0 ? PLACEHOLDER_VALUES : [...PLACEHOLDER_VALUES, ...extraPlaceholders]) {
    for (let index = literal.indexOf(sample); index >= 0; index = literal.indexOf(sample, index + 1)) {
      // A placeholder of the configuration is matched as a whole word, as documented: a hyphen ends it (`YOUR_ACCOUNT_ID-bucket`).
      const after = ACCOUNT_SAMPLE.test(sample) || !PLACEHOLDER_VALUES.includes(sample) ? /\w/ : ID_CHARACTER;
      const continues = after.test(literal[index + sample.length] ?? '') || /\w/.test(literal[index - 1] ?? '') || UUID_GROUPS_BEFORE.test(literal.slice(Math.max(0, index - 24), index));
      if (!continues) return sample;
    }
  }
  // Most texts hold neither bracket: no match is tried then.
  return (literal.includes('<') ? literal.match(ANGLE_PLACEHOLDER)?.[0] : undefined) ?? (literal.includes('{') ? literal.match(BRACE_PLACEHOLDER)?.[0] : undefined);
}
