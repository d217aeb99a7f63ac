import type { ConditionEntry } from '../../src/model/policy.js';
import type { Rule, RuleReport } from '../../src/model/rule.js';
import { nameOf, show } from '../support.js';
import { canonicalConditionsText, conditionsReport, conditionsText, foreignServiceAccess } from './service-trust.js';
import { sourceConditionFix } from './fix.js';

export const trustServiceWithoutSourceCondition: Rule = {
  meta: {
    id: 'trust-service-without-source-condition',
    family: 'trust',
    severity: 'high',
    title: 'Service principal trusted without aws:SourceArn / aws:SourceAccount',
    summary:
      'A service principal that sends confused-deputy context may assume the role on behalf of any account, because no statement that applies to it conditions on aws:SourceArn, aws:SourceAccount, aws:SourceOrgID or aws:SourceOrgPaths.',
    rationale:
      'When a role trusts a service principal such as sagemaker.amazonaws.com with no source condition, the service can be asked by *any* AWS customer to act with this role: the cross-service confused deputy. AWS recommends the aws:SourceArn and aws:SourceAccount global condition keys in the trust policy of every role that SageMaker, Personalize and the other services in the service catalog assume. deputy evaluates the whole trust policy (Allow and Deny statements) against a request from the service acting for another account; the rule fires only when that request would be allowed and no statement that applies to it mentions a source key. Conditions on keys that say nothing of the account the service acts for do not keep that request out: it is made from now on (aws:CurrentTime, aws:EpochTime; one second alone, `StringEquals aws:CurrentTime` or `DateEquals` of an instant, admits or refuses nothing, and the scan\'s own second is past by the time the template is deployed), picks the region and source identity that pass (aws:RequestedRegion, sts:SourceIdentity), and carries what the service sets alike for every account (aws:SecureTransport, sts:RoleSessionName) and what it holds of the role (its account\'s organization, aws:ResourceOrgID; a tag the input does not write, aws:ResourceTag/<key> or iam:ResourceTag/<key>) as the owner\'s own request does (conditions on one such tag that no value meets together, `StringEquals` of `a` under one name and of `b` under the other, admit neither, and are not reported, nor is an Allow that pins the tag, `StringEquals` of `a`, beside a Deny on the role alone that refuses each value it pins, `StringNotEquals` of `b`), while a tag the input writes is read as the role\'s (a template\'s `Tags`, a configuration\'s `tags` over its provider\'s `default_tags`, a plan\'s `tags_all`, which holds them all): a Deny under one the role carries refuses every request; a Deny it avoids that way is no protection. The role\'s account (aws:ResourceAccount) is the owner\'s whoever the service acts for, and is read so where the values say which it is (the owner\'s account, one the input proves it is not, or a pattern where the input tells the owner\'s account id: `StringLike aws:ResourceAccount: "49*"` for 493827160514), and under `Null`, as every AssumeRole request carries it: a Deny under `StringEquals aws:ResourceAccount: ${AWS::AccountId}` or `Null: false` refuses every request and an Allow under `StringNotEquals` of it admits none, while an account or pattern written out that the input does not tie to the owner or apart from it is read as the same for every account. Nor is a Deny that names what it refuses with a positive operator (`StringEquals aws:SourceAccount` of some other account, `ArnLike aws:SourceArn` of another account\'s resources): it refuses those alone and lets every other account in, so it is not a source condition of that request, and the message names it. Services that do not send these keys (EC2 instance profiles, for example) are never held to this rule: adding the condition there would break the role. A principal is read in any partition\'s spelling (`sagemaker.${AWS::URLSuffix}`, `sagemaker.amazonaws.com.cn`) where the role\'s partition is not known (a CloudFormation template) or is that spelling\'s; one spelled with the DNS suffix of another partition than the role\'s, where its region tells it (`sagemaker.amazonaws.com.cn` on a Terraform provider\'s or plan\'s us-east-1 role), is no service calling there, and is not reported.',
    sources: [
      { title: 'Amazon SageMaker: Cross-service confused deputy prevention', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/security-confused-deputy-prevention.html' },
      { title: 'Amazon Personalize: Cross-service confused deputy prevention', url: 'https://docs.aws.amazon.com/personalize/latest/dg/cross-service-confused-deputy-prevention.html' },
      { title: 'IAM User Guide: The confused deputy problem', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html' },
    ],
    messages: {
      missing: '{principal} may assume role {role} on behalf of any AWS account: no statement that applies to it conditions on aws:SourceArn or aws:SourceAccount',
      deniedByName:
        '{principal} may assume role {role} on behalf of any AWS account but those a Deny names: no statement that applies to it conditions on aws:SourceArn or aws:SourceAccount; the Deny\'s {denied} refuses only what it names',
      otherConditions:
        '{principal} may assume role {role} on behalf of any AWS account: no statement that applies to it conditions on aws:SourceArn or aws:SourceAccount, only on {conditions}, which say nothing of the account the service acts for',
    },
    bad: [
      {
        title: 'SageMaker execution role with no source condition',
        language: 'yaml',
        code: `ExecutionRole:
  Type: AWS::IAM::Role
  Properties:
    AssumeRolePolicyDocument:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Principal:
            Service: sagemaker.amazonaws.com
          Action: sts:AssumeRole`,
      },
    ],
    good: [
      {
        title: 'Pinned to the owner account and its SageMaker resources',
        language: 'yaml',
        code: `ExecutionRole:
  Type: AWS::IAM::Role
  Properties:
    AssumeRolePolicyDocument:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Principal:
            Service: sagemaker.amazonaws.com
          Action: sts:AssumeRole
          Condition:
            StringEquals:
              aws:SourceAccount: !Ref AWS::AccountId
            ArnLike:
              aws:SourceArn: !Sub arn:\${AWS::Partition}:sagemaker:\${AWS::Region}:\${AWS::AccountId}:*`,
      },
    ],
    fix: 'Add an `aws:SourceAccount` condition with the owner account and an `aws:SourceArn` condition (ArnLike) with the ARNs of the resources that use the role. deputy prints the exact block, built from the stack\'s account and region and the SageMaker resources that use the role. Where another statement of the policy already trusts the service with source conditions that let in its requests for each action, deputy says to take the service out of the statement instead (the statement out, where it trusts nothing else): a principal two Allow statements name is let in where either lets it in, and a second statement with the same conditions would only duplicate that one.',
  },
  check(graph, context) {
    return foreignServiceAccess(graph, context)
      .filter((access) => access.sourceConditions.length === 0)
      .map((access): RuleReport => ({
        // A Deny of named accounts (`StringEquals aws:SourceAccount` of another account) refuses those alone: the message
        // names its conditions, lest they be read as the source condition the role has.
        ...(access.namingDenyConditions.length > 0
          ? { messageId: 'deniedByName', ...deniedReport({ principal: show(access.entry.value), role: nameOf(access.role) }, access.namingDenyConditions) }
          : // The statement's other conditions (time, transport, region, ...) let the request in: the message names them.
            access.statement.conditions.length > 0
          ? { messageId: 'otherConditions', ...conditionsReport({ principal: show(access.entry.value), role: nameOf(access.role) }, access.statement.conditions) }
          : { messageId: 'missing', data: { principal: show(access.entry.value), role: nameOf(access.role) } }),
        resource: access.role,
        locator: access.doc.locator,
        path: access.entry.path,
        fix: sourceConditionFix(graph, access.role, access.doc, access.service, context.now, access.statement),
      }));
  },
};

/** The Deny's conditions, as `conditionsReport` gives a statement's: in a canonical order for the fingerprint, as written in the message. */
function deniedReport(data: Record<string, string>, conditions: readonly ConditionEntry[]): { data: Record<string, string>; exposure: Record<string, string> } {
  return { data: { ...data, denied: canonicalConditionsText(conditions) }, exposure: { denied: conditionsText(conditions) } };
}
