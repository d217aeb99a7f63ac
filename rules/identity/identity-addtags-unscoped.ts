import { evaluateConditions } from '../../src/iam/conditions.js';
import { requestContext, type RequestContext } from '../../src/iam/request.js';
import type { Path } from '../../src/model/location.js';
import type { Statement } from '../../src/model/policy.js';
import type { Rule, RuleReport } from '../../src/model/rule.js';
import { policiesWithFindings } from '../support.js';
import { actionPath, conditionsDeciding, exposedPrincipals, grantedResources, grants, grantText, identityPolicyGroups, policyValues, TAGGED_TYPE, type ProbedResource, CREATED_BESIDE_RATIONALE, UNKNOWN_MEMBERSHIP_RATIONALE, CHOSEN_VALUE_DENY_RATIONALE, TIME_WINDOW_DENY_RATIONALE, UNDECLARED_NAME_RATIONALE, MAYBE_ABSENT_DENY_RATIONALE, OWN_REQUESTS_RATIONALE } from './identity-policies.js';

const ADD_TAGS = 'sagemaker:AddTags';
const TAGGING_ACTION = 'sagemaker:taggingaction';

export const identityAddTagsUnscoped: Rule = {
  meta: {
    id: 'identity-addtags-unscoped',
    family: 'identity',
    severity: 'low',
    title: 'sagemaker:AddTags without a TaggingAction condition',
    summary: 'An Allow grants `sagemaker:AddTags` (also through `sagemaker:*` or `*`) with no `sagemaker:TaggingAction` condition, or with one that a request without the key passes (`...IfExists`, a negated operator), so tags can be changed on existing resources, not only set while creating them.',
    rationale:
      'The SageMaker identity-policy examples scope tagging to resource creation: `"Condition": {"StringEquals": {"sagemaker:TaggingAction": "CreateTrainingJob"}}` "prevents blanket sagemaker:AddTags permission by scoping it narrowly to creation actions that need tagging", which "implements least privilege for sagemaker:AddTags". Without it the principal can add or overwrite tags on any SageMaker resource it reaches, and tags often decide access or cost allocation. A request that tags an existing resource carries no `sagemaker:TaggingAction`; deputy reports when such a request passes the statement and no Deny in a policy of the same principal (for a user, also of its groups) refuses it; ' +
      UNDECLARED_NAME_RATIONALE +
      '. ' +
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
      { title: 'Amazon SageMaker AI identity-based policy examples (Add tag permissions to certain create actions)', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_id-based-policy-examples.html' },
    ],
    messages: {
      unscoped: '{policy} allows {grant} without a sagemaker:TaggingAction condition: tags can be changed on existing resources, not only set while creating them',
      keyNotRequired:
        '{policy} allows {grant}, and its sagemaker:TaggingAction condition also admits a request that carries no sagemaker:TaggingAction: tags can be changed on existing resources, not only set while creating them',
    },
    bad: [
      {
        title: 'Tag anything, any time',
        language: 'yaml',
        code: `- Effect: Allow
  Action: sagemaker:AddTags
  Resource: "*"`,
      },
      {
        title: 'A TaggingAction condition that tagging an existing resource passes',
        language: 'yaml',
        code: `- Effect: Allow
  Action: sagemaker:AddTags
  Resource: "*"
  Condition:
    StringEqualsIfExists:
      sagemaker:TaggingAction: CreateTrainingJob`,
      },
    ],
    good: [
      {
        title: 'Tag only while creating a training job',
        language: 'yaml',
        code: `- Effect: Allow
  Action: sagemaker:AddTags
  Resource: "*"
  Condition:
    StringEquals:
      sagemaker:TaggingAction: CreateTrainingJob`,
      },
    ],
    fix: 'Add `Condition: {StringEquals: {sagemaker:TaggingAction: [<the Create actions that need tags>]}}` to the statement that allows `sagemaker:AddTags`.',
  },
  check(graph, { now }) {
    const reports: RuleReport[] = [];
    const request = requestContext({}, [TAGGING_ACTION]);
    const unscoped = policiesWithFindings(identityPolicyGroups(graph), ({ doc }) =>
      doc.statements.flatMap((statement) => unscopedGrant(statement, request, now) ?? []),
    );
    for (const { policy, found } of unscoped) {
      for (const { messageId, grant, path, resources } of found) {
        const exposure = exposedPrincipals(graph, policy, resources.map((resource) => ({ action: ADD_TAGS, ...resource, context: request, now })));
        if (!exposure) continue;
        reports.push({ messageId, ...policyValues(policy, { grant }), resource: policy.holder, locator: policy.doc.locator, path, ...(exposure.when === undefined ? {} : { when: exposure.when }) });
      }
    }
    return reports;
  },
};

/** How the statement allows AddTags outside resource creation from the scan at `now` on, whoever holds it, and where it says so. */
function unscopedGrant(statement: Statement, request: RequestContext, now: number): { messageId: string; grant: string; path: Path; resources: ProbedResource[] } | undefined {
  if (statement.effect !== 'Allow' || !grants(statement, ADD_TAGS, now)) return undefined;
  const scoping = conditionsDeciding(statement, [TAGGING_ACTION]);
  if (evaluateConditions(scoping, request) !== true) return undefined;
  const path = actionPath(statement, [ADD_TAGS]);
  return {
    // A condition on the key that a request without it passes (`...IfExists`, a negated operator) is there, but does not require it.
    messageId: scoping.length === 0 ? 'unscoped' : 'keyNotRequired',
    grant: grantText(statement, path, ADD_TAGS),
    path: scoping[0]?.path ?? path,
    resources: grantedResources(statement, ADD_TAGS, now, TAGGED_TYPE),
  };
}
