import { evaluateConditions } from '../../src/iam/conditions.js';
import { matchString } from '../../src/iam/match.js';
import { requestContext, withKeyValue, type RequestContext } from '../../src/iam/request.js';
import type { Path } from '../../src/model/location.js';
import type { PolicyValue, Statement } from '../../src/model/policy.js';
import type { Rule, RuleReport } from '../../src/model/rule.js';
import { triAnd, triNot, triOr, type Tri } from '../../src/model/tri.js';
import { PROBE_NAME, Unresolved } from '../../src/model/value.js';
import { ASSOCIATED_RESOURCE_ARN, OWNERS_PROBE_ROLE, PASS_ROLE, PASSED_TO_SERVICE, PROBE_SERVICE, UNNAMED_RESOURCE, matchesInPartition, policiesWithFindings, resourceArn, resourcePattern, resourceText } from '../support.js';
import { actionPath, associatedResourcePins, conditionsDeciding, exposedPrincipals, grantedRequests, grantedWith, grants, grantText, identityPolicyGroups, conditionKeysValue, keysAsWritten, policyValues, requestersText, type Probe, CREATED_BESIDE_RATIONALE, UNKNOWN_MEMBERSHIP_RATIONALE, CHOSEN_VALUE_DENY_RATIONALE, TIME_WINDOW_DENY_RATIONALE, UNDECLARED_NAME_RATIONALE, MAYBE_ABSENT_DENY_RATIONALE, OWN_REQUESTS_RATIONALE } from './identity-policies.js';

export const identityPassRoleUnscoped: Rule = {
  meta: {
    id: 'identity-passrole-unscoped',
    family: 'identity',
    severity: 'high',
    title: 'iam:PassRole on any role, to any service',
    summary: 'An Allow grants `iam:PassRole` (also through `iam:*`, `iam:Pass*` or `*`) on every role, with no `iam:PassedToService` condition that pins the services the roles may be handed to.',
    rationale:
      'Whoever may pass a role can make a service act with that role\'s permissions: create a SageMaker notebook, a Lambda function or an EC2 instance with an administrator role, and the principal holds those permissions. The SageMaker identity-policy examples grant `iam:PassRole` only together with `"Condition": {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}}`, and the IAM guide recommends naming the roles in `Resource`. Every iam:PassRole request names the service the role is handed to, never an empty text, and IAM compares a condition value as written: `StringEquals: {iam:PassedToService: ""}` (or a list of only `""`, also with `IfExists`) passes no role and is not reported, an empty text beside a service (`["", "sagemaker.amazonaws.com"]`) pins that service, and `StringNotEquals` of it limits nothing; a Deny is read so too: under `StringEquals` of `""` it refuses no iam:PassRole, under `StringNotEquals` of it every one. A condition on `iam:AssociatedResourceArn`, which a service sends with "the ARN of the resource to which this role will be associated at the destination service" (IAM User Guide, IAM condition keys; the services that support iam:PassedToService support it), pins the services as iam:PassedToService does, to those its ARNs name: `ArnEquals`, `ArnLike`, `StringEquals` or `StringLike`, with or without `ForAnyValue:`, each value of which names its service without a wildcard (`arn:aws:sagemaker:us-east-1:493827160514:notebook-instance/nb`), is not reported. A value of any service (`*`, `arn:aws:*:...`), `IfExists` or `ForAllValues:` (which pass a request without the key, from a service that does not send it) and negated operators pin none, and the statement is reported. deputy reads NotAction and NotResource with their real meaning, expands wildcard actions, and stays silent when a Deny in any policy of the same principal (for a user, also in the policies of its groups) refuses passing roles to other services; ' +
      UNDECLARED_NAME_RATIONALE +
      '. Conditions on the tag of the role passed are read as one tag under either name (`aws:ResourceTag/<key>`, `iam:ResourceTag/<key>`): where no value meets them together (`StringEquals` of `a` under one name and of `b` under the other), the statement passes no role and is not reported. Where they pin the tag (`StringEquals aws:ResourceTag/team: a`), the roles it passes are those of that value: a Deny that refuses each value it pins (`StringNotEquals iam:ResourceTag/team: b`) leaves it none to pass, while one that lets a value through (`StringNotEquals` of `a`), or may not apply for a condition on a key deputy does not know, does not. Conditions on the principal\'s own `aws:username`, `aws:PrincipalArn` and `aws:PrincipalTag` are read for each principal with its own name, ARN and tags (see below), and the message names their keys: `under conditions that the requests of user bob meet (aws:username)`; where it names a group, some of whose members may not meet them, or a policy attached to no one the input declares, `under conditions on who makes the request (aws:username)`, and the finding is for the members of the group, or whoever the policy is attached to, whose requests meet them, not for the group as a whole. ' +
      MAYBE_ABSENT_DENY_RATIONALE +
      ' ' +
      UNKNOWN_MEMBERSHIP_RATIONALE +
      ' ' +
      CHOSEN_VALUE_DENY_RATIONALE +
      ' ' +
      TIME_WINDOW_DENY_RATIONALE +
      ' ' +
      CREATED_BESIDE_RATIONALE +
      ' ' +
      OWN_REQUESTS_RATIONALE,
    sources: [
      { title: 'Amazon SageMaker AI identity-based policy examples', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_id-based-policy-examples.html' },
      { title: 'IAM User Guide: Grant a user permissions to pass a role to an AWS service', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html' },
      { title: 'IAM User Guide: IAM and AWS STS condition context keys (iam:AssociatedResourceArn)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html' },
    ],
    messages: {
      noCondition: '{policy} allows {grant} on {resource}{conditions} with no iam:PassedToService condition: {principals} can hand any role to any service',
      anyService: '{policy} allows {grant} on {resource}{conditions}, and its iam:PassedToService condition admits any service: {principals} can hand any role to any service',
    },
    // The statement's conditions on the principals' own name, ARN or tags, which the requests of the principals named
    // meet: their keys are `{conditionKeys}`.
    variants: {
      conditions: {
        none: '',
        principals: ' under conditions that the requests of {principals} meet ({conditionKeys})',
        onRequester: ' under conditions on who makes the request ({conditionKeys})',
      },
    },
    bad: [
      {
        title: 'Pass any role to anything',
        language: 'yaml',
        code: `- Effect: Allow
  Action: iam:PassRole
  Resource: "*"`,
      },
    ],
    good: [
      {
        title: 'Pass the execution roles to SageMaker only',
        language: 'yaml',
        code: `- Effect: Allow
  Action: iam:PassRole
  Resource: !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/sagemaker-execution-*
  Condition:
    StringEquals:
      iam:PassedToService: sagemaker.amazonaws.com`,
      },
    ],
    fix: 'Name the roles that may be passed in `Resource` and add `Condition: {StringEquals: {iam:PassedToService: <service>.amazonaws.com}}` for the services that need them, in a statement that allows only `iam:PassRole`. When the statement grants it through `*`, `iam:*` or `iam:Pass*` next to other actions, do not add either there: only iam:PassRole requests carry iam:PassedToService, so the condition would refuse every other action, and a Resource of roles would take the others\' resources away. Take iam:PassRole out of the broad statement (`NotAction`, or list its actions) and grant it in a statement of its own, or add a Deny of `iam:PassRole` under `StringNotEquals: {iam:PassedToService: ...}`.',
  },
  check(graph, { now }) {
    const reports: RuleReport[] = [];
    const request = requestContext({ [PASSED_TO_SERVICE]: PROBE_SERVICE });
    const unscoped = policiesWithFindings(identityPolicyGroups(graph), ({ doc }) =>
      doc.statements.flatMap((statement) => unscopedGrant(statement, request, now) ?? []),
    );
    for (const { policy, found } of unscoped) {
      for (const { probes, ownKeys, ...grant } of found) {
        const exposure = exposedPrincipals(graph, policy, probes);
        if (!exposure) continue;
        // Conditions on the principals' own name, ARN or tags are met by some of a group's members, and by some of
        // whoever a policy is attached to where the input names none of them: what the message says, out of the fingerprint.
        const { principals, onRequester } = requestersText(graph, policy, exposure, ownKeys !== undefined);
        reports.push({
          messageId: grant.messageId,
          ...policyValues(policy, { grant: grant.grant, resource: grant.resource }, { principals, ...(ownKeys === undefined ? {} : conditionKeysValue(ownKeys)) }),
          ...(ownKeys === undefined ? {} : { variants: { conditions: onRequester ? 'onRequester' : 'principals' } }),
          resource: policy.holder,
          locator: policy.doc.locator,
          path: grant.path,
          ...(exposure.when === undefined ? {} : { when: exposure.when }),
        });
      }
    }
    return reports;
  },
};

/**
 * What the statement says when it lets any role be passed to the probe service, whoever holds it, and the requests the
 * Denies of its holders are asked (`probes`): once per statement group, not per policy that shares it. `ownKeys`: the
 * keys of its conditions on the principal's own name, ARN or tags (`grantedUnder`), as written, where it has such.
 * Requests are made from the scan at `now` on.
 */
function unscopedGrant(statement: Statement, request: RequestContext, now: number): { probes: Probe[]; ownKeys?: string[]; messageId: string; grant: string; resource: string; path: Path } | undefined {
  if (statement.effect !== 'Allow' || !grants(statement, PASS_ROLE, now) || coversAnyRole(statement) !== true) return undefined;
  const pinning = conditionsDeciding(statement, [PASSED_TO_SERVICE]);
  // Pinned to the services of the resources it is passed for: the probe's is none of them.
  if (evaluateConditions([...pinning, ...associatedResourcePins(statement)], withKeyValue(request, ASSOCIATED_RESOURCE_ARN, UNNAMED_RESOURCE)) !== true) return undefined;
  const path = actionPath(statement, [PASS_ROLE]);
  const own = grantedWith(statement, now);
  return {
    // The roles it passes are those of the tags it pins, if it pins one: the Denies are asked of each.
    probes: grantedRequests(statement, PASS_ROLE, request).map((context) => ({ action: PASS_ROLE, resource: OWNERS_PROBE_ROLE, context, now, ...own })),
    ...(own.grantedUnder ? { ownKeys: keysAsWritten(own.grantedUnder) } : {}),
    messageId: pinning.length === 0 ? 'noCondition' : 'anyService',
    grant: grantText(statement, path, PASS_ROLE),
    resource: resourceText(statement),
    path: pinning[0]?.path ?? path,
  };
}

/**
 * Resource `*`, or a pattern whose resource part matches any role name (`arn:aws:iam::*:role/*`, whatever its partition
 * and account); NotResource that leaves some role. Its parts are read as IAM reads the policy (`resourceArn`, each part's
 * `resourcePattern`): under `2012-10-17` a policy variable is one piece, never a wildcard
 * (`arn:aws:iam::${aws:PrincipalAccount}:role/*` is any role of the caller's account, `role/${aws:username}` and
 * `role/${*}` none the probe stands for).
 */
function coversAnyRole(statement: Statement): Tri {
  const anyRole = (entry: PolicyValue): Tri => {
    if (entry.value instanceof Unresolved) return 'unknown';
    if (entry.value === '*') return true;
    const options = { wildcards: true, ignoreCase: false };
    const arn = resourceArn(statement, entry.value);
    // A pattern of fewer parts names roles only through a `*` that spans the parts it lacks (`arn:aws:*`).
    if (!arn) return matchesInPartition(resourcePattern(statement, entry.value), `arn:aws:iam::000000000000:role/${PROBE_NAME}`);
    return triAnd([matchString(resourcePattern(statement, arn.service), 'iam', options), matchString(resourcePattern(statement, arn.resource), `role/${PROBE_NAME}`, options)]);
  };
  if (statement.resource) return triOr(statement.resource.map(anyRole));
  if (statement.notResource) return triNot(triOr(statement.notResource.map(anyRole)));
  return false;
}
