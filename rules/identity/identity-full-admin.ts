import type { Rule, RuleReport } from '../../src/model/rule.js';
import { displayValue } from '../../src/model/value.js';
import { policiesWithFindings, resourceText } from '../support.js';
import type { Statement } from '../../src/model/policy.js';
import { currentTimeText } from '../../src/iam/request.js';
import { ESCALATION_SERVICES, adminGrant, escalationExamples, escalationProbes, exposedPrincipals, holdersAccount, identityPolicyGroups, leftFrom, listText, policyValues, readsHoldersKeys, readsOwnAccount, requestersText, undeniedProbes, unlimitingKeys, unlimitingVariant, type AdminGrant, type Probe, UNKNOWN_MEMBERSHIP_RATIONALE, CHOSEN_VALUE_DENY_RATIONALE, TIME_WINDOW_DENY_RATIONALE, UNDECLARED_NAME_RATIONALE, MAYBE_ABSENT_DENY_RATIONALE, OWN_REQUESTS_RATIONALE } from './identity-policies.js';

export const identityFullAdmin: Rule = {
  meta: {
    id: 'identity-full-admin',
    family: 'identity',
    severity: 'high',
    title: 'Full administrator access',
    summary:
      'An Allow of `Action: "*"` on `Resource: "*"` with no condition that limits it (none, or only conditions every request meets, such as `StringLikeIfExists: {aws:RequestedRegion: "*"}`, or that the requests of the principals it reaches meet by their own ARN, name, tags or account, such as `ArnLike: {aws:PrincipalArn: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:user/alice"}`), or an Allow with `NotAction` on `Resource: "*"` whose exclusions still leave IAM or STS write actions allowed (near-admin: the principal can grant itself the rest); either one also under conditions that hold for every request on a resource of the owner\'s own account (`StringEquals: {aws:ResourceAccount: !Ref AWS::AccountId}`), which leave every IAM/STS write action on its roles, users and policies.',
    rationale:
      'The SageMaker identity-policy best practices say to "apply least-privilege permissions" and to "grant only the permissions required to perform a task". A statement that allows every action on every resource makes each principal it reaches an administrator, and so does an Allow with NotAction on every resource when the excluded actions leave IAM or STS write actions (the Service Authorization Reference access levels Write and Permissions management) allowed: with `iam:PassRole`, `iam:AttachRolePolicy`, `iam:CreateAccessKey` or `sts:AssumeRole` the principal can obtain any permission it was denied. deputy expands the exclusions against the IAM catalog, checks each escalation action against the statement\'s Resource or NotResource in the ARN of the resource it acts on (an IAM role for `sts:AssumeRole`), and stays silent when unconditional Deny statements in the policies of every principal it reaches refuse all those actions (' +
      UNDECLARED_NAME_RATIONALE +
      '). A condition that every request meets limits nothing: deputy evaluates the statement\'s conditions for a request without each key they name and for one with each key of any value, and reports the statement when both pass (`StringLikeIfExists` with a bare `*`, `Null: false` on a key IAM puts in every request such as `aws:RequestedRegion`). Every request is made at the time of the scan or later, with that time as `aws:CurrentTime` and `aws:EpochTime`: a window of time with no end limits nothing (`DateGreaterThan: {aws:CurrentTime: "2000-01-01T00:00:00Z"}`, with `IfExists` too, `DateNotEquals` of an instant before the scan, `NumericGreaterThan` of `aws:EpochTime`; of several values of one operator the earliest counts), and one that opens after the scan grants everything from then on (`under conditions every request from 2999-01-01T00:00:01Z on meets`: the earliest second from which they all hold; the finding keeps its fingerprint once that time has passed). What conditions do for one second alone is practically nothing: `DateNotEquals` of an instant after the scan limits nothing (every request meets the conditions, but those of that second), and `DateEquals` or `StringEquals` of an instant grants nothing. The scan\'s own second is past by the time the template is deployed: `DateNotEquals` of it limits nothing, `DateGreaterThan` of it opens no later window, and `DateEquals` of it grants nothing. A String operator compares the request\'s `aws:CurrentTime` as text (`2026-12-07T12:00:00Z`): `StringLike` `*` matches every time, and beside a Date operator leaves the window to it. A date IAM reads two ways (`2999`: the year 2999, or 2999 seconds after 1970) holds from when both readings agree. A date the deployer chooses among values written out (a template parameter with `AllowedValues` and no value given, a Terraform root variable without a value whose `validation` lists the values it takes) is read for each of those values, and a finding that holds for some says which: a start in 2000 for one value and in 2999 for another makes an administrator now when the deployer gives the first (`only when Start is 2000-01-01T00:00:00Z`) and from 2999-01-01T00:00:01Z on when it gives the second (`only when Start is 2999-01-01T00:00:00Z`), a start before the scan for every value makes one whichever is given, with no such words, and an end before the scan for every value grants nothing; a date the input lists no values of is not known, and keeps the statement out, as any condition whose value is not known. Conditions on keys that the requests of IAM/STS write actions never carry (per the IAM catalog: service keys such as `sagemaker:VolumeKmsKeyArn`, and the tags a request sets, `aws:TagKeys`, which only tagging actions carry) limit nothing for those actions where a request without the key meets them (IAM reads such a key as missing: `StringEqualsIfExists`, a negated operator, `ForAllValues:`, `Null: true`): an Allow of every action under `StringEqualsIfExists: {sagemaker:VolumeKmsKeyArn: ...}` limits SageMaker jobs and leaves `iam:AttachRolePolicy`, with which the principal grants itself the rest, and the rule reports it, naming the actions left (`under conditions on sagemaker:VolumeKmsKeyArn that a request without them meets`), while `StringEquals` of such a key refuses those actions, and the rule stays silent. A window that ends (`DateLessThan`, a time-boxed grant) limits the statement, and so does a date that does not parse (policy-condition-type-mismatch reports it). Conditions on the principal\'s own `aws:username`, `aws:PrincipalArn` and `aws:PrincipalTag` are not asked so: they are read for each principal the policy reaches with its own name, ARN and tags (see below): `ArnLike: {aws:PrincipalArn: "arn:${AWS::Partition}:iam::${AWS::AccountId}:user/alice"}` or `StringEquals: {aws:username: alice}` makes user alice an administrator and grants user bob nothing, and the finding names alice alone; `Null: {aws:username: "true"}` makes each role one, whose requests carry no `aws:username`, and grants a user nothing. The requests of the owner\'s own roles, users and groups carry the owner\'s account as `aws:PrincipalAccount`, so `StringEquals: {aws:PrincipalAccount: !Ref AWS::AccountId}` limits nothing for them (it does limit a permission set, which is provisioned into other accounts); a condition that may refuse some request, or whose value is not known, keeps the statement out. The message says why the conditions do not limit the statement: it has none (`with no condition that limits it`), every request meets them (`under conditions every request meets`), or the requests of the principals it names meet them, by the keys it names (`under conditions that the requests of user alice meet (aws:PrincipalArn)`); where it names none of them (a policy attached to no one the input declares), or names a group, some of whose members meet them, conditions on their own name, ARN or tags are `on who makes the request` (and the finding on such a policy is for whoever it is attached to whose requests meet them, on a group\'s for the members of the group whose requests meet them); on the owner\'s resources alone (below), every request there or those principals\' requests there (`(aws:PrincipalArn, aws:ResourceAccount)`). Where Deny statements of those principals refuse some of the escalation actions (unconditionally or under conditions every request of that shape meets), the message names the ones left instead of saying the principal can do anything; where the policy reaches several principals, those left to each of them (a Deny of `iam:PassRole` of one and one of `iam:AttachRolePolicy` of the other leave `iam:PutRolePolicy`, ...). Every `iam:PassRole` request names the service the role is handed to, so a Deny under `StringLike: {iam:PassedToService: "*"}` refuses each of them (and no other action, whose requests carry no such key), while one that names some services leaves passing roles to the others, and one under `StringNotEquals` (`StringNotLike`) of some services leaves passing roles to those: the request is asked with each service the Denies name as well as with one they do not. A Deny of every action under `StringEquals: {aws:ResourceAccount: !Ref AWS::AccountId}` refuses every action on the account\'s resources, but the requests of actions on no resource (`iam:UpdateAccountPasswordPolicy`, `iam:CreateAccountAlias`, ...) carry no aws:ResourceAccount, so it leaves those IAM write actions, and the rule still reports them; under `StringNotEquals` of the account it refuses those alone, and leaves the rest (`iam:PassRole`, ...). The same condition on an Allow limits it to the account\'s resources, and leaves every IAM/STS write action on its roles, users and policies (`iam:PassRole`, `iam:AttachRolePolicy`, `iam:PutRolePolicy`, ...), with which the principal grants itself the rest: the rule reports it, naming those actions (not the actions on no resource, whose requests carry no aws:ResourceAccount). The account is the owner\'s where the input says so (`!Ref AWS::AccountId`, a Terraform caller identity where no configuration beside it deploys to another account, an account id the input ties to the owner, a plan\'s); another account, or a value deputy cannot resolve, limits the Allow. A pattern of accounts (`StringLike: {aws:ResourceAccount: "49*"}`) is decided against the id of the account the principals the policy is attached to are in, where the input tells it, as the id written out: on an Allow, it limits the statement where that account does not match or is not known (but `*`, which matches any); on a Deny (`StringNotLike`), for each principal the policy reaches, roles, users and groups the input declares and those it attaches the policy to by name alike (not a permission set\'s, which act in the accounts it is assigned in). Where the Denies read a value the deployer chooses (see below), the message names the escalation actions left whichever value the finding holds for: those each such value leaves (a Deny of `iam:PassRole` or of `iam:AttachRolePolicy` leaves `iam:PutRolePolicy`, ...), `some IAM/STS write actions` where they leave none in common (`iam:*` or `sts:*`), and says the principal can do anything only where each leaves everything. Where the Denies refuse what the message names until a time after the Allow first grants it (a Deny of `iam:*` and `sts:*` under `DateLessThan: {aws:CurrentTime: "2999-01-01T00:00:00Z"}`), the message says from when it is left (`can do anything in the account from 2999-01-01T00:00:00Z on, when Deny statements that refuse it until then end`): the earliest time by which each action it names is left; that time is out of the fingerprint, which stays once it has passed. ' +
      MAYBE_ABSENT_DENY_RATIONALE +
      ' ' +
      UNKNOWN_MEMBERSHIP_RATIONALE +
      ' ' +
      CHOSEN_VALUE_DENY_RATIONALE +
      ' ' +
      TIME_WINDOW_DENY_RATIONALE +
      ' ' +
      OWN_REQUESTS_RATIONALE,
    sources: [
      { title: 'Amazon SageMaker AI identity-based policy examples (Policy best practices)', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_id-based-policy-examples.html' },
      { title: 'IAM User Guide: IAM JSON policy elements: NotAction', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html' },
    ],
    messages: {
      everything: '{policy} allows every action on every resource {conditions}: {principals} can do anything in the account{leftLater}',
      everythingLeft: '{policy} allows every action on every resource {conditions}, which Deny statements do not take back whole: they leave {left} allowed to {principals}{leftLater}',
      everythingWhereAssigned: '{policy} allows every action on every resource {conditions}: {principals} can do anything in each account it is assigned in',
      notAction: '{policy} allows every action except {excluded} on every resource {conditions}, which leaves {left} allowed{leftLater}: {principals} can grant themselves the rest',
      someResources: '{policy} allows {actions} on {resources} {conditions}, which leaves {left} allowed{leftLater}: {principals} can grant themselves the rest',
      ownersResources: '{policy} allows {actions} on {resources} {ownersConditions}: {left} stay allowed on the roles, users and policies there{leftLater}, and {principals} can grant themselves the rest',
    },
    // Why the statement's conditions do not limit it (`AdminGrant.unlimiting`): the keys of those its principals'
    // requests meet are `{conditionKeys}`; `{start}`, the time after the scan's from which they hold (`...From`).
    variants: {
      conditions: {
        none: 'with no condition that limits it',
        everyRequest: 'under conditions every request meets',
        principals: 'under conditions that the requests of {principals} meet ({conditionKeys})',
        onRequester: 'under conditions on who makes the request ({conditionKeys})',
        everyRequestFrom: 'under conditions every request from {start} on meets',
        principalsFrom: 'under conditions that the requests of {principals} from {start} on meet ({conditionKeys})',
        onRequesterFrom: 'under conditions on who makes the request, from {start} on ({conditionKeys})',
        keysNotCarried: 'under conditions on {conditionKeys} that a request without them meets',
        keysNotCarriedFrom: 'under conditions on {conditionKeys} that a request without them from {start} on meets',
      },
      ownersConditions: {
        everyRequest: 'under conditions that hold for every request on a resource of its own account (aws:ResourceAccount)',
        principals: 'under conditions that the requests of {principals} on a resource of its own account meet ({conditionKeys}, aws:ResourceAccount)',
        onRequester: 'under conditions on who makes the request and on a resource of its own account ({conditionKeys}, aws:ResourceAccount)',
        everyRequestFrom: 'under conditions that hold for every request on a resource of its own account from {start} on (aws:ResourceAccount)',
        principalsFrom: 'under conditions that the requests of {principals} on a resource of its own account from {start} on meet ({conditionKeys}, aws:ResourceAccount)',
        onRequesterFrom: 'under conditions on who makes the request and on a resource of its own account, from {start} on ({conditionKeys}, aws:ResourceAccount)',
      },
      // Where Denies refuse what is left until a time after the Allow first grants it (`leftFrom`), that time: `{leftFrom}`.
      leftLater: {
        fromFirst: '',
        later: ' from {leftFrom} on, when Deny statements that refuse it until then end',
      },
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
        title: 'Everything, from a date on',
        language: 'yaml',
        code: `- Effect: Allow
  Action: "*"
  Resource: "*"
  Condition:
    DateGreaterThan:
      aws:CurrentTime: "2024-01-01T00:00:00Z"`,
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
  check(graph, { now }) {
    const escalation = escalationProbes(ESCALATION_SERVICES, now);
    const reports: RuleReport[] = [];
    // A statement whose conditions name a key the holders' requests decide is decided again with the account the
    // principals each policy reaches are in (`readsHoldersKeys`, `holdersAccount`), once for each, which a pattern of
    // accounts (`StringLike aws:ResourceAccount: "49*"`) matches or not by its id. Conditions on each principal's own
    // name, ARN and tags are read for each of them with its own (`adminGrant`, `exposedPrincipals`).
    const forHolders = new Map<Statement, Map<string, AdminGrant | undefined>>();
    const grantForHolders = (statement: Statement, account: string | undefined): AdminGrant | undefined => {
      if (account === undefined) return undefined;
      let byHolders = forHolders.get(statement);
      if (!byHolders) forHolders.set(statement, (byHolders = new Map()));
      if (!byHolders.has(account)) byHolders.set(account, adminGrant(statement, escalation, now, { account }));
      return byHolders.get(account);
    };
    const broad = policiesWithFindings(identityPolicyGroups(graph), ({ doc }) => doc.statements.flatMap((statement): Found[] => {
      const grant = adminGrant(statement, escalation, now);
      return grant ? [grant] : readsHoldersKeys(statement) ? [{ statement }] : [];
    }));
    for (const { policy, found } of broad) {
      for (const entry of found) {
        const grant = 'probes' in entry ? entry : grantForHolders(entry.statement, holdersAccount(policy));
        if (!grant) continue;
        const { statement, everyAction, probes, onEveryResource, ownerPrincipalsOnly, ownersResourcesOnly, unlimiting } = grant;
        // A permission set is provisioned into other accounts, whose principals' requests carry those accounts (and
        // whose resources are theirs: ownersResourcesOnly holds ownerPrincipalsOnly).
        if (ownerPrincipalsOnly && (policy.holder.kind === 'sso-permission-set' || !readsOwnAccount(policy.holder))) continue;
        const exposure = exposedPrincipals(graph, policy, probes);
        if (!exposure) continue;
        // What the Denies of those principals refuse is not left to them; asked only for a message that names it (asking
        // reads every Deny for each escalation action, which for every statement of a long policy took seconds).
        let undenied: readonly Probe[] | undefined;
        const leftProbes = () => (undenied ??= undeniedProbes(graph, policy, exposure, probes));
        const left = () => leftText(leftProbes());
        const excluded = statement.notAction ? listText(statement.notAction.map((entry) => displayValue(entry.value))) : '';
        // Each message's own data only: the data is part of the fingerprint, which a baseline keeps.
        const actions = everyAction ? 'every action' : `every action except ${excluded}`;
        // A grant on the owner's resources alone is never on every resource (`AdminGrant.onEveryResource`).
        const [messageId, data]: [string, Record<string, string>] = !onEveryResource
          ? [ownersResourcesOnly ? 'ownersResources' : 'someResources', { left: left(), actions, resources: resourceText(statement) }]
          : !everyAction
            ? ['notAction', { excluded, left: left() }]
            : policy.holder.kind === 'sso-permission-set'
              ? ['everythingWhereAssigned', {}]
              : everythingMessage(leftProbes(), probes);
        // The message names the principals the input does not declare exposed beside declared ones too (`holdersText`),
        // and what is left to each of them; the fingerprint keeps what is left to the declared ones, which decide the finding.
        const beside = exposure.exposedBeside?.() ?? [];
        const leftToAll: Record<string, string> = 'left' in data && beside.length > 0 ? { left: leftText(undeniedProbes(graph, policy, { principals: exposure.principals, elsewhere: beside }, probes)) } : {};
        // Why the conditions do not limit it is what the message says, not what the finding is: out of the fingerprint.
        // Conditions on the principals' own name, ARN or tags are met by some of a group's members, and by some of
        // whoever a policy is attached to where the input names none of them.
        // Where the Denies refuse what the message names until a later time (a Deny that ends), it says from when: out of the fingerprint too.
        const later = undenied && leftFrom(graph, policy, exposure, probes, undenied);
        const { principals, onRequester } = requestersText(graph, policy, exposure, unlimiting.by === 'principals' && unlimiting.ownValues);
        reports.push({
          messageId,
          ...policyValues(policy, data, { principals, ...leftToAll, ...unlimitingKeys(unlimiting), ...(later === undefined ? {} : { leftFrom: currentTimeText(later) }) }),
          variants: { [ownersResourcesOnly ? 'ownersConditions' : 'conditions']: unlimitingVariant(unlimiting, onRequester), ...(later === undefined ? {} : { leftLater: 'later' }) },
          resource: policy.holder,
          locator: policy.doc.locator,
          path: everyAction?.path ?? [...statement.path, 'NotAction'],
          ...(exposure.when === undefined ? {} : { when: exposure.when }),
        });
      }
    }
    return reports;
  },
};

/** What a policy's statements are found to be: an administrator's grant, or one its holders decide (`readsHoldersKeys`). */
type Found = AdminGrant | { statement: Statement };

/**
 * The escalation actions of the probes, as a message names them: those left in each case of the values the Denies read
 * (`undeniedProbes`), and where the cases leave none in common, that each leaves some.
 */
function leftText(probes: readonly Probe[]): string {
  return probes.length === 0 ? 'some IAM/STS write actions' : escalationExamples(probes.map(({ action }) => action), 'IAM/STS write actions');
}

/**
 * The message of an Allow of everything, given the escalation requests the principals' Denies leave (`undeniedProbes`,
 * which answers at once for principals no Deny may guard): all of them, or those left where the Denies refuse some (a
 * Deny of `iam:*`; one of every action under `StringEquals aws:ResourceAccount: ${AWS::AccountId}`, which leaves the
 * actions on no resource, whose requests carry no aws:ResourceAccount): the principals cannot do anything in the
 * account then. Not asked for a permission set: its principals act in the accounts it is assigned in.
 */
function everythingMessage(left: readonly Probe[], probes: readonly Probe[]): [string, Record<string, string>] {
  return left.length < probes.length ? ['everythingLeft', { left: leftText(left) }] : ['everything', {}];
}
