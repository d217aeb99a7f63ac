import { iamCatalog } from '../../src/iam/catalog.js';
import { matchAction } from '../../src/iam/match.js';
import { requestContext } from '../../src/iam/request.js';
import { actionApplies } from '../../src/iam/trust.js';
import type { PolicyValue, Statement } from '../../src/model/policy.js';
import type { Rule, RuleReport } from '../../src/model/rule.js';
import { displayValue } from '../../src/model/value.js';
import { UNNAMED_ACTION, coversEveryResource, policiesWithFindings, resourceApplies, resourceText, leftOutResources } from '../support.js';
import { actionResourceProbes, exposedPrincipals, holdersText, identityPolicyGroups, listText, policyValues, restrictNoRequest, undeniedProbes, type Probe } from './identity-policies.js';
import { withProperties } from '../../src/model/objects.js';

/** Services whose write actions turn any permission into every permission (create credentials, pass or assume roles, edit policies). */
const ESCALATION_SERVICES = ['iam', 'sts'];
const READ_ONLY_LEVELS = new Set(['Read', 'List']);
/** Shown first when they are left allowed: the classic escalation paths. */
const WELL_KNOWN = ['iam:PassRole', 'iam:AttachRolePolicy', 'iam:PutRolePolicy', 'iam:CreateAccessKey', 'iam:CreatePolicyVersion', 'sts:AssumeRole'];

export const identityFullAdmin: Rule = {
  meta: {
    id: 'identity-full-admin',
    family: 'identity',
    severity: 'high',
    title: 'Full administrator access',
    summary:
      'An Allow of `Action: "*"` on `Resource: "*"` with no condition that limits it (none, or only conditions every request meets, such as `StringLikeIfExists: {aws:RequestedRegion: "*"}`), or an Allow with `NotAction` on `Resource: "*"` whose exclusions still leave IAM or STS write actions allowed (near-admin: the principal can grant itself the rest).',
    rationale:
      'The SageMaker identity-policy best practices say to "apply least-privilege permissions" and to "grant only the permissions required to perform a task". A statement that allows every action on every resource makes each principal it reaches an administrator, and so does an Allow with NotAction on every resource when the excluded actions leave IAM or STS write actions (the Service Authorization Reference access levels Write and Permissions management) allowed: with `iam:PassRole`, `iam:AttachRolePolicy`, `iam:CreateAccessKey` or `sts:AssumeRole` the principal can obtain any permission it was denied. deputy expands the exclusions against the IAM catalog, checks each escalation action against the statement\'s Resource or NotResource in the ARN of the resource it acts on (an IAM role for `sts:AssumeRole`), and stays silent when unconditional Deny statements in the policies of every principal it reaches refuse all those actions (a role, user or group the policy is attached to by a name the input does not declare holds, as far as deputy knows, the policies the input attaches to that name in that account (Terraform: with one provider configuration)). A condition that every request meets limits nothing: deputy evaluates the statement\'s conditions for a request without each key they name and for one with each key of any value, and reports the statement when both pass (`StringLikeIfExists` with a bare `*`, `Null: false` on a key IAM puts in every request such as `aws:RequestedRegion`); a condition that may refuse some request, or whose value is not known, keeps the statement out.',
    sources: [
      { title: 'Amazon SageMaker AI identity-based policy examples (Policy best practices)', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_id-based-policy-examples.html' },
      { title: 'IAM User Guide: IAM JSON policy elements: NotAction', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html' },
    ],
    messages: {
      everything: '{policy} allows every action on every resource with no condition that limits it: {principals} can do anything in the account',
      everythingWhereAssigned:
        '{policy} allows every action on every resource with no condition that limits it: {principals} can do anything in each account it is assigned in',
      notAction:
        '{policy} allows every action except {excluded} on every resource with no condition that limits it, which leaves {left} allowed: {principals} can grant themselves the rest',
      someResources:
        '{policy} allows {actions} on {resources} with no condition that limits it, which leaves {left} allowed: {principals} can grant themselves the rest',
    },
    bad: [
      {
        title: 'Everything',
        language: 'yaml',
        code: `- Effect: Allow
  Action: "*"
  Resource: "*"`,
      },
      {
        title: 'Everything, under a condition every request meets',
        language: 'yaml',
        code: `- Effect: Allow
  Action: "*"
  Resource: "*"
  Condition:
    StringLikeIfExists:
      aws:RequestedRegion: "*"`,
      },
      {
        title: 'Everything but a few IAM actions',
        language: 'yaml',
        code: `- Effect: Allow
  NotAction: [iam:CreateUser, iam:DeleteUser]
  Resource: "*"`,
      },
    ],
    good: [
      {
        title: 'The actions the task needs',
        language: 'yaml',
        code: `- Effect: Allow
  Action: [sagemaker:CreateTrainingJob, sagemaker:DescribeTrainingJob]
  Resource: "*"`,
      },
    ],
    fix: 'List the actions the principal needs (the SageMaker managed policies are a starting point); if a broad NotAction is intended, also exclude `iam:*`, `sts:*` and `organizations:*`.',
  },
  check(graph) {
    const catalog = iamCatalog();
    // A request for each escalation action, made once: statements pick theirs, and the answers of a principal's Denies
    // are remembered by the request (exposedPrincipals).
    const context = requestContext({});
    const escalation: Probe[] = ESCALATION_SERVICES.flatMap((service) => catalog.actions(service))
      .filter((action) => !READ_ONLY_LEVELS.has(catalog.actionAccessLevel(action) ?? ''))
      .map((action) => ({ action, resource: actionResourceProbes(action)[0]!, context }));
    const reports: RuleReport[] = [];
    const broad = policiesWithFindings(identityPolicyGroups(graph), ({ doc }) => doc.statements.flatMap((statement) => adminGrant(statement, escalation) ?? []));
    for (const { policy, found } of broad) {
      for (const { statement, everyAction, probes, onEveryResource } of found) {
        const exposed = exposedPrincipals(graph, policy, probes);
        if (!exposed) continue;
        // What the Denies of those principals refuse is not left to them; asked only for a message that names it (asking
        // reads every Deny for each escalation action, which for every statement of a long policy took seconds).
        const left = () => undeniedProbes(graph, policy, exposed, probes).map(({ action }) => action);
        const excluded = statement.notAction ? listText(statement.notAction.map((entry) => displayValue(entry.value))) : '';
        // Each message's own data only: the data is part of the fingerprint, which a baseline keeps.
        const [messageId, data]: [string, Record<string, string>] = !onEveryResource
          ? ['someResources', { left: examples(left()), actions: everyAction ? 'every action' : `every action except ${excluded}`, resources: resourceText(statement) }]
          : everyAction
            ? [policy.holder.kind === 'sso-permission-set' ? 'everythingWhereAssigned' : 'everything', {}]
            : ['notAction', { excluded, left: examples(left()) }];
        reports.push({
          messageId,
          ...policyValues(policy, data, { principals: holdersText(graph, policy, exposed, probes) }),
          resource: policy.holder,
          locator: policy.doc.locator,
          path: everyAction?.path ?? [...statement.path, 'NotAction'],
        });
      }
    }
    return reports;
  },
};

/**
 * An Allow of every action, or of the escalation actions its NotAction leaves, on every resource, with no condition that
 * may refuse a request (`restrictNoRequest`): the Action entry that says so, a request for each escalation action its
 * resources leave, and whether its resources leave every escalation action its actions allow.
 */
function adminGrant(
  statement: Statement,
  escalation: readonly Probe[],
): { statement: Statement; everyAction?: PolicyValue; probes: Probe[]; onEveryResource: boolean } | undefined {
  if (statement.effect !== 'Allow' || coversEveryResource(statement) !== true) return undefined;
  const everyAction = statement.action?.find((entry) => typeof entry.value === 'string' && matchAction(entry.value, UNNAMED_ACTION));
  // Evaluating the conditions builds two requests: asked last, of the few statements that grant every action.
  if ((!everyAction && !statement.notAction) || !restrictNoRequest(statement.conditions)) return undefined;
  const allowed = escalation.filter(({ action }) => actionApplies(statement, action) === true);
  const probes = allowed.filter(({ resource }) => resourceApplies(statement, resource) === true);
  if (probes.length === 0) return undefined;
  // A NotResource leaves out something, even where every escalation action is left: the message names it.
  const found = { statement, probes, onEveryResource: probes.length === allowed.length && leftOutResources(statement).length === 0 };
  return everyAction ? withProperties(found, { everyAction }) : found;
}

function examples(actions: readonly string[]): string {
  const ordered = [...WELL_KNOWN.filter((action) => actions.includes(action)), ...actions.filter((action) => !WELL_KNOWN.includes(action))];
  const shown = ordered.slice(0, 3);
  return ordered.length > shown.length ? `${shown.join(', ')} and ${ordered.length - shown.length} more IAM/STS write actions` : listText(shown);
}
