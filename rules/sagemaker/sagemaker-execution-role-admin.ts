import type { ResourceGraph } from '../../src/graph/graph.js';
import { ADMIN_MANAGED_POLICIES, isAdminManagedPolicy } from '../../src/iam/managed-policies.js';
import { sageMakerUsesByRole, type SageMakerUse } from '../../src/iam/sagemaker-uses.js';
import { matchAction } from '../../src/iam/match.js';
import type { Locator, Path } from '../../src/model/location.js';
import type { PolicyDocument, PolicyValue, Statement } from '../../src/model/policy.js';
import type { ManagedPolicyArn, Resource } from '../../src/model/resource.js';
import type { Rule, RuleContext, RuleReport } from '../../src/model/rule.js';
import { bothWhens, hasMarker, Unresolved } from '../../src/model/value.js';
import { triAnd, type Tri } from '../../src/model/tri.js';
import { withProperties } from '../../src/model/objects.js';
import { ESCALATION_SERVICES, accountsTheOwnerMayBe, allowedEscalations, unlimitingConditions, unlimitingKeys, type UnlimitingConditions, deniedOnce, docsInCase, escalationExamples, escalationProbes, foundInCases, grantedToPrincipal, grantedWith, hasUnresolvedValue, heldInCase, identityPolicyGroups, mayRestrictNoRequest, possibleCases, principalDocs, principalManagedPolicyArns, readsOwnAccount, requestOf, restrictNoRequest, surelyHeld, type OwnersRequests, type Probe, type ValueCase } from '../identity/identity-policies.js';
import { ANY_RESOURCE_TEXT, OWNERS_PROBE_ROLE, UNNAMED_ACTION, coversEveryIamResource, coversEveryResource, memoized, nameOf, policyLabel, resourceApplies, resourceText, someOf } from '../support.js';

type Scope = 'all' | 'iam' | 'iamWrites';
const SCOPES: readonly Scope[] = ['all', 'iam', 'iamWrites'];
const SCOPE_TEXT: Readonly<Record<Scope, string>> = {
  all: 'every action on every resource',
  iam: 'every IAM action, enough to grant itself any other permission',
  iamWrites: 'IAM write actions, enough to grant itself any other permission',
};

/** The scopes of a grant limited to the role's own account's resources (`Reach.ownersResources`, message `statementOwnResources`). */
const OWN_RESOURCES_SCOPE_TEXT: Readonly<Record<Scope, string>> = {
  all: 'every action on every resource of its account',
  iam: "every IAM action on its account's IAM resources, enough to grant itself any other permission",
  iamWrites: "IAM write actions on its account's IAM resources, enough to grant itself any other permission",
};

/** An AWS managed policy ARN in any partition (`aws`, `aws-cn`, `aws-us-gov`, or the stack's own `${AWS::Partition}`): the role's, where that is known (`principalManagedPolicyArns`). */
const AWS_MANAGED_POLICY_ARN = /^arn:[^:]+:iam::aws:policy\/([A-Za-z0-9+=,.@_-]+)$/;

/** What a role may do that makes it an administrator, and where that is written. */
interface AdminGrant {
  messageId: 'managed' | 'statement' | 'statementResources' | 'statementOwnResources';
  grant: string;
  /** The statement's Resource or NotResource, for a grant by a statement on other resources than `*`. */
  resources?: string;
  policy: string;
  locator: Locator;
  path: Path;
  /** The Action entry or NotAction of the statement that grants it, where the finding is located (`RuleReport.locatedAt`). */
  locatedAt?: Path;
  scope: Scope;
  /** Where the policy reaches the role only when a conditional not decided chooses so (`ResourceGraph.attachedWhen`): when. */
  when?: string;
  /** Why the statement's conditions do not limit it, for a grant by a statement (`AllowedReach.unlimiting`). */
  unlimiting?: UnlimitingConditions;
}

export const sageMakerExecutionRoleAdmin: Rule = {
  meta: {
    id: 'sagemaker-execution-role-admin',
    family: 'sagemaker',
    severity: 'medium',
    title: 'SageMaker resource runs with an administrator role',
    summary:
      'A role that a SageMaker resource uses (notebook, model, endpoint, domain, pipeline, ...) has `AdministratorAccess` or `IAMFullAccess` attached, or an identity statement that allows `*` or `iam:*` on `Resource: "*"`, or on every IAM resource of the role\'s account (`arn:aws:iam::*:*`), with no condition that limits it (none, or only conditions every request meets, or that the role\'s own requests meet by its ARN, tags or account, or conditions that hold for every request on a resource of the role\'s own account, such as `StringEquals: {aws:ResourceAccount: !Ref AWS::AccountId}`), or that allows every action but a `NotAction` on those resources whose exclusions leave IAM write actions allowed (near-admin).',
    rationale:
      'SageMaker hands the execution role\'s credentials to whatever runs in the resource: notebook users and their code, training and processing scripts, inference containers. Any of them, or a compromised dependency, then acts with the role\'s permissions. SageMaker assumes the role for every request the notebook, job or container sends to AWS; the SageMaker IAM guidance is to grant the execution role only the permissions the workload needs. With `AdministratorAccess` or a `*`/`iam:*` grant, a notebook user becomes an account administrator, and with `IAMFullAccess` (or `iam:*`) the code can attach any policy to itself. deputy reads the role\'s inline policies, the policies attached to it in the template and the AWS managed policy ARNs in `ManagedPolicyArns` (`managed_policy_arns`, attachments), in any partition where the role\'s is not known (a CloudFormation template); where its region tells it (a Terraform provider\'s, a plan\'s), an ARN of another partition (`arn:aws-cn:iam::aws:policy/AdministratorAccess` on a role in us-east-1) grants nothing: IAM refuses to attach a policy of another partition. A `NotAction` statement is read as `identity-full-admin` reads it, for IAM alone: it counts when the actions it excludes leave some IAM write action (access level Write or Permissions management) allowed: `NotAction: iam:PassRole` still allows `iam:AttachRolePolicy` and `iam:PutRolePolicy`, while `NotAction: iam:*` leaves none. A statement counts when it leaves every resource, the role\'s own account\'s roles included: `Resource: "*"`, a pattern that matches any ARN, or a `NotResource` of other resources. It counts as well when it leaves every IAM resource of the role\'s account, all that `IAMFullAccess` reaches, where every action is every IAM action: a pattern that matches each IAM ARN of that account whatever its resource type and name (`arn:aws:iam::*:*`, `arn:*:iam::*:*`, `arn:${AWS::Partition}:iam::${AWS::AccountId}:*`, or the account id written out where the input tells it is the role\'s: a Terraform plan\'s, a provider\'s `allowed_account_ids`), or a `NotResource` that leaves out no IAM resource (`arn:aws:*:?*:*:*`, every resource in a region). A pattern of some IAM resources (`arn:aws:iam::*:role/*`), of another account, or of an account deputy cannot tell is the role\'s (a parameter, a value known after apply, a caller identity read beside Terraform configurations that deploy to other accounts) does not count. An unconditional Deny of the same actions in the role\'s own policies clears the grant, and so does an unconditional Deny with a `NotAction` whose exclusions leave none of them (`NotAction: [s3:*, sagemaker:*]` refuses every IAM action, and every action an administrator\'s grant rests on); a Deny on every IAM resource of the account takes back the IAM grants, not the rest of an Allow of everything. Denies that each leave some IAM write action take back the IAM grants where together they refuse each of them, as identity-full-admin asks them: `NotAction: [iam:PassRole, sagemaker:*]` beside a Deny of `iam:PassRole` under `Null: {iam:PassedToService: "false"}`, which every iam:PassRole request meets, in the same policy or another; under `StringNotEquals: {iam:PassedToService: sagemaker.amazonaws.com}` the second leaves passing roles to SageMaker, and the grant is reported. So is an Allow of everything taken back by a Deny on every resource whose NotAction leaves only actions among which the Denies together refuse each IAM and STS write action (`NotAction: [s3:*, iam:Get*]` leaves none; `[iam:PassRole, sagemaker:*]` leaves iam:PassRole but to the Deny of passing roles above). A condition that every request meets limits nothing, as identity-full-admin reads it (`StringLikeIfExists: {aws:RequestedRegion: "*"}`), in an Allow and in a Deny; so does a window of time with no end that opened before the scan (`DateGreaterThan: {aws:CurrentTime: "2000-01-01T00:00:00Z"}`: every request is made at the time of the scan or later), while one that opens after it or ends (`DateLessThan`) limits the statement (the rule reads what the role may do now); statements with other conditions, or values deputy cannot resolve, are not reported. A Deny also counts when its conditions hold for every request on a resource of the role\'s own account, which carries that account as aws:ResourceAccount (`StringEquals: {aws:ResourceAccount: !Ref AWS::AccountId}`, or the account id written out where the input ties it to the role\'s): of every action on every resource, it leaves the role nothing in its account but the actions on no resource (account settings), no administrator\'s grant, as a Deny on every IAM resource of the account leaves them; `StringNotEquals` of that account refuses only other accounts\' resources and clears nothing. Where the input does not tell the role\'s account (a template, but by conditions that fix `AWS::AccountId`; a Terraform configuration without `allowed_account_ids`), an account a Deny\'s conditions write out may be it: a Deny whose conditions hold for every request of the role in some accounts only (`StringEquals: {aws:PrincipalAccount: "493827160514"}`, which refuses each of them where the stack is deployed in that account) is an open answer, which makes no finding. An Allow of `*` under such conditions grants every action on every resource of the role\'s account (its roles, users and policies among them): an administrator\'s grant there, reported as one on the resources of its own account; on another account\'s resources (`StringEquals: {aws:ResourceAccount: "308412956170"}` where the input tells the role\'s is another), or on an account deputy cannot resolve, it is not. Where the input tells the role\'s account id, a pattern of accounts (`StringLike: {aws:ResourceAccount: "49*"}`) is compared with it, as IAM compares the account. In a Terraform configuration, a Deny that reaches the role only through a resource whose `count` or `for_each` is not known (a variable without a value: a policy attachment, the Deny\'s own policy), or only through an attachment that a conditional on such a variable chooses (`policy_arn = var.on ? aws_iam_policy.lockdown.arn : ...`), may not exist: the finding is made, and says which resource or which choice (`var.on is false`) decides it, as a template\'s finding says the `Condition` of a policy that decides it. A Deny whose Action, NotAction, Resource, NotResource entry or condition value is a template parameter without a value that lists `AllowedValues`, or a Terraform conditional on a variable without a value (`var.lock_iam ? "iam:*" : "s3:*"`), is read for each value the deployer may give, written whole or inside a text (`!Sub "${DeniedService}:*"`), each combination of them at most 16 times: the grant is reported where one of them leaves it, and says which (`only when DeniedService is s3:*`), and not where each takes it back. Past 16, and for any other value deputy cannot resolve (`Fn::ImportValue`, a parameter without `AllowedValues`, a Terraform variable without a value, a value known only after apply), the Deny is an open answer, which makes no finding, where some value of it would take the grant back: an Action that may be `*` or `iam:*`, a Resource that may be every resource, a condition that may hold for every request (`StringNotEquals: {aws:ResourceAccount: !ImportValue WorkloadAccount}`); so is a policy not known as a whole (`policy = var.policy` without a value, a plan\'s `jsonencode` of a value known after apply), which may deny anything. Where no value of it would (an Action written out of another service, `s3:*`; a Resource written out of other resources; a condition that a request without its key fails whatever the value, `StringEquals: {aws:SourceVpce: !ImportValue Endpoint}`), the grant is reported as without that Deny. The role\'s requests are a role session\'s, which carry no `aws:username`: a condition on its absence (`Null: {aws:username: "true"}`) holds for every one of them, so a Deny under it takes the grant back and an Allow under it grants as one without it; one on its presence or its value (`StringEquals: {aws:username: bob}`) holds for none. An Allow\'s conditions on the role\'s own `aws:PrincipalArn` and `aws:PrincipalTag` are read with its own ARN (`arn:${AWS::Partition}:iam::${AWS::AccountId}:role/<path><name>`) and tags (with any session tags) as the identity rules read them: `ArnLike: {aws:PrincipalArn: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/worker"}` grants role worker what the Allow allows and any other role nothing; a name or path not known, or a partition not told (`arn:aws:` in a template), grants nothing a finding rests on. The message of a statement with conditions says why they do not limit it: every request meets them (`under conditions every request meets`), or the role\'s own requests do, by the keys it names (`under conditions that the role\'s own requests meet (aws:PrincipalArn)`: its ARN, name or tags, or its account as aws:PrincipalAccount), on a resource of its account where aws:ResourceAccount limits it to those.',
    sources: [
      { title: 'Amazon SageMaker AI: How to use SageMaker AI execution roles', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html' },
      { title: 'Amazon SageMaker AI: How SageMaker AI works with IAM', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_service-with-iam.html' },
      { title: 'IAM User Guide: IAM JSON policy elements: NotAction', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html' },
      { title: 'AWS Managed Policy Reference: AdministratorAccess', url: 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html' },
      { title: 'IAM User Guide: Apply least-privilege permissions', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege' },
    ],
    messages: {
      managed: 'Role {role}, used by {users}, has the AWS managed policy {grant} attached ({scope}): code running in {usedBy} acts as an administrator',
      statement: 'Role {role}, used by {users}, is allowed {grant} on Resource "*" by {policy}{conditions} ({scope}): code running in {usedBy} acts as an administrator',
      statementResources: 'Role {role}, used by {users}, is allowed {grant} on {resources} by {policy}{conditions} ({scope}): code running in {usedBy} acts as an administrator',
      statementOwnResources:
        'Role {role}, used by {users}, is allowed {grant} on {resources} by {policy} {ownResourcesConditions} ({scope}): code running in {usedBy} acts as an administrator of that account',
    },
    // Why the statement's conditions do not limit it (`AllowedReach.unlimiting`): the keys of those the role's own
    // requests meet are `{conditionKeys}`.
    variants: {
      conditions: {
        none: '',
        everyRequest: ' under conditions every request meets',
        principals: " under conditions that the role's own requests meet ({conditionKeys})",
      },
      // The resources that use the role, as the message's end names them again: one, or several.
      usedBy: {
        several: 'those SageMaker resources',
        one: 'that SageMaker resource',
      },
      ownResourcesConditions: {
        everyRequest: 'under conditions that hold for every request on a resource of its own account, aws:ResourceAccount',
        principals: "under conditions that the role's own requests on a resource of its account meet ({conditionKeys}, aws:ResourceAccount)",
      },
    },
    bad: [
      {
        title: 'A notebook whose role is an administrator',
        language: 'yaml',
        code: `NotebookRole:
  Type: AWS::IAM::Role
  Properties:
    AssumeRolePolicyDocument: ...
    ManagedPolicyArns:
      - !Sub arn:\${AWS::Partition}:iam::aws:policy/AdministratorAccess
Notebook:
  Type: AWS::SageMaker::NotebookInstance
  Properties:
    InstanceType: ml.t3.medium
    RoleArn: !GetAtt NotebookRole.Arn`,
      },
      {
        title: 'Everything but passing roles, which still lets the role attach any policy to itself',
        language: 'yaml',
        code: `- Effect: Allow
  NotAction: iam:PassRole
  Resource: "*"`,
      },
    ],
    good: [
      {
        title: 'Only what the notebook needs',
        language: 'yaml',
        code: `NotebookRole:
  Type: AWS::IAM::Role
  Properties:
    AssumeRolePolicyDocument: ...
    Policies:
      - PolicyName: project-data
        PolicyDocument:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Action: [s3:GetObject, s3:PutObject]
              Resource: !Sub arn:\${AWS::Partition}:s3:::\${ProjectBucket}/*`,
      },
    ],
    fix: 'Replace the administrator grant with the permissions the workload needs (for example `AmazonSageMakerFullAccess` scoped down, or statements on the project\'s buckets, keys and repositories); keep `iam:*` and `*` out of execution roles.',
  },
  check(graph, context) {
    const reports: RuleReport[] = [];
    const escalation = escalationProbes(ESCALATION_SERVICES, context.now);
    const iamEscalation = escalation.filter(isIamRequest);
    const statementsMayGrant = someStatementMayGrant(graph);
    for (const [role, uses] of sageMakerUsesByRole(graph)) {
      const grants = adminGrants(graph, context, role, { escalation, iamEscalation }, statementsMayGrant);
      if (grants.length === 0) continue;
      const users = usersOf(uses);
      const related = uses.map((use) => ({ message: `${nameOf(use.user)} (${use.user.type}) uses ${nameOf(role)}${use.when === undefined ? '' : ` when ${use.when}`}`, resource: use.user, locator: use.locator, path: use.path }));
      // A role a plan forgets (`removed` with `destroy = false`) stays deployed and is not reported, but a SageMaker
      // resource the plan still manages runs as it: the finding is then that resource's, where it names the role.
      const managedUse = role.forgotten ? uses.find((use) => !use.user.forgotten) : undefined;
      if (role.forgotten && !managedUse) continue;
      for (const grant of grants) {
        reports.push({
          messageId: grant.messageId,
          // The data is part of the fingerprint, which a baseline keeps: the resources only where the message names them.
          // Which SageMaker resources use the role says whom the grant reaches, not what is wrong (as whom an identity
          // policy is attached to): shown, but out of the fingerprint, so that another notebook using the role, or the
          // resources written in another order, keep the finding a baseline accepted.
          data: { role: nameOf(role), grant: grant.grant, ...(grant.resources === undefined ? {} : { resources: grant.resources }), policy: grant.policy, scope: (grant.messageId === 'statementOwnResources' ? OWN_RESOURCES_SCOPE_TEXT : SCOPE_TEXT)[grant.scope] },
          // Why the statement's conditions do not limit it (its keys, the variant) is what the message says, not what the
          // finding is: out of the fingerprint too.
          exposure: { users: someOf(users.map(({ user, when }) => `${nameOf(user)} (${user.type})${when === undefined ? '' : ` when ${when}`}`)), ...unlimitingKeys(grant.unlimiting) },
          variants: { usedBy: users.length === 1 ? 'one' : 'several', ...(grant.unlimiting === undefined ? {} : { [grant.messageId === 'statementOwnResources' ? 'ownResourcesConditions' : 'conditions']: grant.unlimiting.by }) },
          ...(grant.when === undefined ? {} : { when: grant.when }),
          ...(managedUse
            ? {
                resource: managedUse.user,
                locator: managedUse.locator,
                path: managedUse.path,
                related: [{ message: `${grant.policy} of ${nameOf(role)}, which the plan forgets`, resource: role, locator: grant.locator, path: grant.locatedAt ?? grant.path }, ...related],
              }
            : { resource: role, locator: grant.locator, path: grant.path, ...(grant.locatedAt === undefined ? {} : { locatedAt: grant.locatedAt }), related }),
        });
      }
    }
    return reports;
  },
};

/**
 * The resources that use the role, each with when it does where only a choice the input leaves open makes it use the
 * role (`SageMakerUse.when`), else in any case.
 */
function usersOf(uses: readonly SageMakerUse[]): Array<{ user: Resource; when?: string }> {
  const users = new Map<string, { user: Resource; whens: string[] }>();
  for (const use of uses) {
    const found = users.get(use.user.address);
    if (!found) users.set(use.user.address, { user: use.user, whens: use.when === undefined ? [] : [use.when] });
    // A use in any case makes the resource's others in any case too.
    else if (found.whens.length > 0 && use.when !== undefined) found.whens.push(use.when);
    else found.whens = [];
  }
  return [...users.values()].map(({ user, whens }) => (whens.length === 0 ? { user } : { user, when: [...new Set(whens)].join(' or ') }));
}

/**
 * Whether an Allow statement of some identity policy of the graph may grant what an administrator's grant is made of,
 * read from its Action or NotAction alone (`actionsMayGrant`): where none may, a role's grants are its managed
 * policies' only, and a role without any has none, whatever its policies' resources and conditions.
 */
function someStatementMayGrant(graph: ResourceGraph): boolean {
  return identityPolicyGroups(graph).some(({ statements }) => statements.some((statement) => statement.effect === 'Allow' && actionsMayGrant(statement)));
}

/**
 * Whether the statement's actions may make it an administrator's grant (`grantedScope`): `*` or `iam:*` among them, or a
 * NotAction written out, whatever it leaves (which `grantedScope` reads against the statement's resources).
 */
function actionsMayGrant(statement: Statement): boolean {
  if (statement.action) return literals(statement.action).some((action) => isEveryAction(action) || coversEveryIamAction(action));
  return notActionWrittenOut(statement);
}

/** Whether the statement has a NotAction, every entry of it written out. */
function notActionWrittenOut(statement: Statement): statement is Statement & { notAction: NonNullable<Statement['notAction']> } {
  return statement.notAction !== undefined && !statement.notAction.some((entry) => typeof entry.value !== 'string' || hasMarker(entry.value));
}

/** The IAM and STS write requests (`escalationProbes`), and the IAM ones among them. */
interface EscalationRequests {
  escalation: readonly Probe[];
  iamEscalation: readonly Probe[];
}

function adminGrants(graph: ResourceGraph, context: RuleContext, role: Resource, { escalation, iamEscalation }: EscalationRequests, statementsMayGrant: boolean): AdminGrant[] {
  const managedArns = principalManagedPolicyArns(graph, role);
  if (!statementsMayGrant && managedArns.length === 0) return [];
  // Each as the role's partition reads it: an entry of another partition's resources names none of those it acts on.
  const docs = principalDocs(graph, role);
  const ownAccount = readsOwnAccount(role);
  // The Denies are asked the role's own requests (`requestOf`), a role session's without aws:username, as its
  // statements' conditions are read (`rolesRequests`): a Deny under `Null: {aws:username: "true"}` refuses each.
  const rolesEscalation = escalation.flatMap((probe) => requestOf(role, probe) ?? []);
  const rolesIamEscalation = rolesEscalation.filter(isIamRequest);
  const readDocs = (read: readonly PolicyDocument[]): { readings: StatementsReading[]; denied?: Set<Scope>; open?: Set<Scope> } => {
    const readings: StatementsReading[] = [];
    let denied: Set<Scope> | undefined;
    let open: Set<Scope> | undefined;
    for (const doc of read) {
      // Statements whose Allows read the role's own name, ARN or tags are read for each role.
      const scope = readsOwnKeys(doc.statements, context.now) ? `${memoryKey(role, ownAccount)} for ${role.address}` : memoryKey(role, ownAccount);
      const reading = doc.unresolved ? UNKNOWN_DOCUMENT : memoized(graph, context, scope, doc.statements, () => readStatements(doc.statements, iamEscalation, ownAccount, role, context.now));
      readings.push(reading);
      for (const scope of reading.denied) (denied ??= new Set()).add(scope);
      for (const scope of reading.open) (open ??= new Set()).add(scope);
    }
    // Denies that each leave some IAM write action may refuse every one together (a NotAction that leaves iam:PassRole,
    // and a Deny of iam:PassRole to every service): the grants are taken away then, as the identity rules read it.
    const takeAway = (scopes: readonly Scope[], together: () => Tri) => {
      if (denied?.has(scopes[0]!)) return;
      const answer = together();
      if (answer !== false) for (const scope of scopes) (answer === true ? (denied ??= new Set()) : (open ??= new Set())).add(scope);
    };
    takeAway(IAM_SCOPES, () => deniedTogether(read, rolesIamEscalation));
    takeAway(['all'], () => everythingDeniedTogether(read, rolesEscalation, ownAccount, role.account, context.now));
    return { readings, denied, open };
  };
  const asRead = readDocs(docs);
  const { readings } = asRead;
  // The graph's documents, in the order of `docs`, which read them in the role's partition.
  const sources = graph.identityPoliciesOf(role.address);
  /**
   * Where the Denies, as a case of the values they read gives them (`ValueCase`) or as they are, take the scope away,
   * whether the grant is left where those that may not reach the role do not (`surelyHeld`, asked with the documents or
   * the managed policy ARN that grant it): then when (none where it is wherever the grant holds), else undefined; `{}`
   * where no Deny takes it away. Undefined where a Deny on a value not known may take it away (`openScopes`) where all
   * the Denies reach the role, or where those that surely reach it are read: an open answer is no finding.
   */
  const leftIn = (valueCase: ValueCase | undefined, scope: Scope, grantedBy: readonly PolicyDocument[], arn?: ManagedPolicyArn): { when?: string } | undefined => {
    const inCase = docsInCase(docs, valueCase);
    const { denied, open } = inCase === docs ? asRead : readDocs(inCase);
    if (!denied?.has(scope)) return open?.has(scope) ? undefined : {};
    const held = surelyHeld(graph, role, grantedBy, arn);
    const kept = held && heldInCase(held, valueCase);
    if (!held || !kept) return undefined;
    const surely = readDocs(inCase.filter((_, index) => held.docs.includes(docs[index]!)));
    if (surely.denied?.has(scope) || surely.open?.has(scope)) return undefined;
    return kept.unless === undefined ? {} : { when: kept.unless };
  };
  // Where the deployer chooses a Deny's value among values written out, each case of them is read, and the grant is
  // left where one leaves it; any other value not known is an open answer where it may take the grant away.
  const left = (scope: Scope, grantedBy: readonly PolicyDocument[], arn?: ManagedPolicyArn): { unless?: string } | undefined => {
    const cases = possibleCases(graph, role, grantedBy, docs, arn);
    const kept = cases ? foundInCases(cases, (valueCase) => leftIn(valueCase, scope, grantedBy, arn)) : leftIn(undefined, scope, grantedBy, arn);
    return kept && (kept.when === undefined ? {} : { unless: kept.when });
  };
  const grants: AdminGrant[] = [];
  for (const entry of managedArns) {
    const name = AWS_MANAGED_POLICY_ARN.exec(entry.arn)?.[1];
    const scope = name !== undefined && isAdminManagedPolicy(name) ? ADMIN_MANAGED_POLICIES[name] : undefined;
    const attachment = entry.holder === undefined ? role : graph.resource(entry.holder);
    const kept = name && scope && attachment && left(scope, [], entry);
    if (!kept) continue;
    const when = bothWhens(entry.when, kept.unless);
    grants.push({ messageId: 'managed', grant: name, policy: `AWS managed policy ${name}`, locator: attachment.locator, path: entry.via, scope, ...(when === undefined ? {} : { when }) });
  }
  for (let index = 0; index < docs.length; index++) {
    const doc = docs[index]!;
    const reading = readings[index];
    const holder = reading.grants.length > 0 ? graph.resource(doc.resource) : undefined;
    if (!holder) continue;
    // A policy attached only when a conditional chooses so grants only then; a Deny that reaches the role only when
    // another choice is made, or through a resource that may not be created, takes the grant away only then (`left`).
    const attached = graph.attachedWhen(doc.resource, role.address);
    for (const { statement, grant, grantedAt, scope, ownersResources, unlimiting } of reading.grants) {
      const kept = left(scope, [sources[index]!]);
      if (!kept) continue;
      const when = bothWhens(attached, kept.unless);
      const resources = resourceText(statement);
      const onStar = resources === ANY_RESOURCE_TEXT && !ownersResources;
      const messageId = ownersResources ? 'statementOwnResources' : onStar ? 'statement' : 'statementResources';
      grants.push({ messageId, grant, ...(onStar ? {} : { resources }), policy: policyLabel(doc, holder), locator: doc.locator, path: statement.path, locatedAt: grantedAt, scope, unlimiting, ...(when === undefined ? {} : { when }) });
    }
  }
  return grants;
}

const IAM_SCOPES: readonly Scope[] = ['iam', 'iamWrites'];

function isIamRequest({ action }: Probe): boolean {
  return action.startsWith('iam:');
}

/**
 * Whether the Denies of the documents refuse each IAM write request together (`deniedOnce`): `true` where they do,
 * 'unknown' where the rest rests on values not known (an open answer), `false` where one is left. Asked only of
 * documents with a statement that may deny.
 */
function deniedTogether(docs: readonly PolicyDocument[], iamEscalation: readonly Probe[]): Tri {
  if (!docs.some((doc) => doc.statements.some((statement) => statement.effect !== 'Allow'))) return false;
  return triAnd(eachDenied(docs, iamEscalation));
}

/** Whether the Denies of the documents refuse each request, asked one after the other (`triAnd` stops at one left). */
function* eachDenied(docs: readonly PolicyDocument[], probes: readonly Probe[]): Generator<Tri> {
  for (const probe of probes) yield deniedOnce(docs, probe);
}

/**
 * Whether a Deny with no condition that limits it on every resource (`unconditionalReach`) leaves the role only the
 * actions its NotAction excludes, and the Denies refuse together each IAM and STS write request among those:
 * `NotAction: [iam:PassRole, sagemaker:*]` beside a Deny of iam:PassRole to every service leaves no administrator's
 * grant of an Allow of everything, as a NotAction that excludes no IAM or STS action does (`deniedScopes`). 'unknown'
 * where that rests on values not known (an open answer).
 */
function everythingDeniedTogether(docs: readonly PolicyDocument[], escalation: readonly Probe[], ownAccount: boolean, account: string | undefined, now: number): Tri {
  let answer: Tri = false;
  for (const doc of docs) {
    for (const statement of doc.statements) {
      if (statement.effect !== 'Deny' || !notActionWrittenOut(statement)) continue;
      if (unconditionalReach(statement, ownAccount, account, now)?.on !== 'every') continue;
      const excluded = literals(statement.notAction);
      const refused = triAnd(eachDenied(docs, escalation.filter(({ action }) => excluded.some((pattern) => matchAction(pattern, action)))));
      if (refused === true) return true;
      if (refused === 'unknown') answer = 'unknown';
    }
  }
  return answer;
}

/** What a policy's statements grant and take away again, before the role's other policies are considered. */
interface StatementsReading {
  grants: Array<{ statement: Statement } & GrantedScope & Omit<AllowedReach, 'on'>>;
  denied: Set<Scope>;
  /** What a Deny on a value not known may take away, for some value of it (`openScopes`): an open answer. */
  open: Set<Scope>;
}

/** A document not known as a whole: it grants nothing deputy can name, and may deny anything. */
const UNKNOWN_DOCUMENT: StatementsReading = { grants: [], denied: new Set(), open: new Set(SCOPES) };

/**
 * The key the readings of a role's policies are remembered by: what they depend on of the role, whether the owner's
 * account its policies read is its own and the id of that account where the input tells it.
 */
function memoryKey(role: Resource, ownAccount: boolean): string {
  if (!ownAccount) return 'sagemaker-execution-role-admin beside other accounts';
  return role.account === undefined ? 'sagemaker-execution-role-admin' : `sagemaker-execution-role-admin in ${role.account}`;
}

/**
 * `ownAccount`: the owner's account the policies read (`AWS::AccountId`, a caller identity's, an account id written
 * out where the input tells the role's) is the role's (`readsOwnAccount`), in their conditions and their resources. Not
 * where configurations beside its own deploy to other accounts: a caller identity read may be another's. `account`: the
 * id of the role's account, where the input tells it (`Resource.account`).
 */
function readStatements(statements: readonly Statement[], iamEscalation: readonly Probe[], ownAccount: boolean, role: Resource, now: number): StatementsReading {
  const { account } = role;
  const grants: StatementsReading['grants'] = [];
  for (const statement of statements) {
    const reach = statement.effect === 'Allow' ? allowedReach(statement, ownAccount, role, now) : undefined;
    const granted = reach && grantedScope(statement, reach.on, iamEscalation);
    if (granted) grants.push({ statement, ...granted, ownersResources: reach.ownersResources, unlimiting: reach.unlimiting });
  }
  return { grants, denied: deniedScopes(statements, ownAccount, account, now), open: openScopes(statements, ownAccount, account, now) };
}

/**
 * Scopes that an unconditional Deny on every resource takes away again (denying `*` also denies every IAM action, and
 * those include the IAM write actions); on every IAM resource, it takes away the IAM ones.
 */
function deniedScopes(statements: readonly Statement[], ownAccount: boolean, account: string | undefined, now: number): Set<Scope> {
  const denied = new Set<Scope>();
  for (const statement of statements) {
    const reach = statement.effect === 'Deny' ? unconditionalReach(statement, ownAccount, account, now) : undefined;
    if (!reach) continue;
    // On IAM's resources alone, even a Deny of every action takes away no more than IAM.
    const everything = reach.on === 'every';
    if (statement.action) {
      const actions = literals(statement.action);
      if (everything && actions.some(isEveryAction)) denied.add('all');
      if (actions.some(coversEveryIamAction)) denied.add('iam').add('iamWrites');
      continue;
    }
    // A Deny with NotAction refuses every action but those it excludes: when none of them may be an IAM action, it
    // refuses all of IAM; when none may be an IAM or STS action either, what it leaves is no administrator's grant.
    if (!notActionWrittenOut(statement)) continue;
    const excluded = literals(statement.notAction);
    if (excluded.some((action) => mayMatchServiceAction(action, 'iam'))) continue;
    denied.add('iam').add('iamWrites');
    if (everything && !excluded.some((action) => mayMatchServiceAction(action, 'sts'))) denied.add('all');
  }
  return denied;
}

/**
 * Scopes a Deny on a value not known (`hasUnresolvedValue`) may take away for some value of it, read as `deniedScopes`
 * reads a Deny with each such value one that takes the most: an Action entry that may be `*` or `iam:*` (a parameter
 * with AllowedValues, past the cases `valueCases` reads, where one of those may), a Resource that may be every one, a
 * condition that may hold for every request (`mayRestrictNoRequest`), a NotAction entry that may exclude nothing.
 * What it takes away whatever the value (`deniedScopes`) is not asked again. A statement whose Effect is not known may
 * be such a Deny; one not known at all (no Action or NotAction read), any Deny.
 */
function openScopes(statements: readonly Statement[], ownAccount: boolean, account: string | undefined, now: number): Set<Scope> {
  const open = new Set<Scope>();
  for (const statement of statements) {
    const mayDeny = statement.effect === 'Deny' || (statement.effect === undefined && statement.unresolved !== undefined);
    if (!mayDeny) continue;
    const notKnown = hasUnresolvedValue(statement);
    // Where the input does not tell the role's account, an account the Deny's conditions write out may be it.
    const accountNotTold = !notKnown && account === undefined && statement.effect === 'Deny' && statement.conditionPath !== undefined;
    if (!notKnown && !accountNotTold) continue;
    const { action, notAction } = statement;
    if (!action && !notAction) {
      if (statement.unresolved) return new Set(SCOPES);
      continue;
    }
    const on = notKnown ? mayReach(statement, ownAccount, account, now) : reachInSomeOwnerAccount(statement, now);
    if (!on) continue;
    if (action) {
      if (on === 'every' && action.some((entry) => mayBe(entry, isEveryAction))) open.add('all');
      if (action.some((entry) => mayBe(entry, coversEveryIamAction))) open.add('iam').add('iamWrites');
      continue;
    }
    const excluded = literals(notAction!);
    if (excluded.some((excludedAction) => mayMatchServiceAction(excludedAction, 'iam'))) continue;
    open.add('iam').add('iamWrites');
    if (on === 'every' && !excluded.some((excludedAction) => mayMatchServiceAction(excludedAction, 'sts'))) open.add('all');
  }
  return open;
}

/**
 * What a Deny reaches with no condition that limits it (`unconditionalReach`) where the role's account is one of those
 * its conditions write out or one they do not (`accountsTheOwnerMayBe`), where the input does not tell it: in some
 * only, it may refuse what it reaches, an open answer (`StringEquals aws:PrincipalAccount: "493827160514"` refuses
 * every request of the role where the stack is deployed in that account). Undefined where in none.
 */
function reachInSomeOwnerAccount(statement: Statement, now: number): Reach['on'] | undefined {
  for (const account of accountsTheOwnerMayBe(statement.conditions)) {
    const reach = unconditionalReach(statement, true, account, now);
    if (reach) return reach.on;
  }
  return undefined;
}

/**
 * Whether the Action entry may be one the test holds for: a value not known may be any, one of its AllowedValues or
 * conditional's choices where it is one of those (`valueCases` reads at most 16 combinations of them).
 */
function mayBe({ value }: PolicyValue, test: (action: string) => boolean): boolean {
  if (!(value instanceof Unresolved)) return hasMarker(value) || test(value);
  const oneOf = value.allowed ?? value.choices?.map((choice) => choice.value);
  return oneOf === undefined || oneOf.some((one) => typeof one !== 'string' || hasMarker(one) || test(one));
}

/**
 * The resources a Deny on a value not known may reach with no condition that limits it, for some value of it
 * (`unconditionalReach` of such a value): `every`, `iam`, or undefined where none of its values reaches either, or its
 * conditions limit it whatever they are.
 */
function mayReach(statement: Statement, ownAccount: boolean, account: string | undefined, now: number): Reach['on'] | undefined {
  const on = coversEveryResource(statement) !== false && resourceApplies(statement, OWNERS_PROBE_ROLE) !== false ? 'every' : coversEveryIamResource(statement, ownAccount) !== false ? 'iam' : undefined;
  if (!on || statement.conditionPath === undefined) return on;
  const owner = rolesRequests(ownAccount, account, now);
  return mayRestrictNoRequest(statement.conditions, { ...owner, principals: ownAccount }) || (ownAccount && mayRestrictNoRequest(statement.conditions, { ...owner, principals: true, resources: true })) ? on : undefined;
}

/**
 * The resources a statement with no condition that limits it (none, or only conditions every request meets, as
 * identity-full-admin reads them) reaches: `every` for Resource `*` (or a pattern or NotResource leaving every resource,
 * the owner's roles included), `iam` for every IAM resource of the role's account, all that IAMFullAccess reaches
 * (`arn:aws:iam::*:*`; a NotResource that leaves out nothing IAM holds); undefined for fewer. A Deny counts where its
 * conditions limit nothing of the requests on the role's account's resources, which carry that account as
 * aws:ResourceAccount (`StringEquals aws:ResourceAccount: ${AWS::AccountId}`): on every resource, it leaves the role
 * no action on a resource of its account, and so no administrator's grant there (the actions on no resource, which
 * carry no aws:ResourceAccount, change account settings, as a Deny on every IAM resource of the account leaves them).
 * So does an Allow under such conditions (`ownersResources`): every action on every resource of the account is an
 * administrator's grant there, as the Deny's reading says. `account`: the role's account id, where the input tells
 * it, which a pattern of accounts is compared with (`StringLike aws:ResourceAccount: "49*"`).
 */
function unconditionalReach(statement: Statement, ownAccount: boolean, account: string | undefined, now: number): Reach | undefined {
  if (statement.unresolved) return undefined;
  const on = coversEveryResource(statement) === true && resourceApplies(statement, OWNERS_PROBE_ROLE) === true ? 'every' : coversEveryIamResource(statement, ownAccount) === true ? 'iam' : undefined;
  if (!on) return undefined;
  // Evaluating the conditions builds two requests: asked last, as adminGrant does.
  const owner = rolesRequests(ownAccount, account, now);
  if (statement.conditionPath === undefined || restrictNoRequest(statement.conditions, { ...owner, principals: ownAccount })) return { on, ownersResources: false };
  return ownAccount && restrictNoRequest(statement.conditions, { ...owner, principals: true, resources: true }) ? { on, ownersResources: true } : undefined;
}

/**
 * `unconditionalReach` of an Allow, whose conditions on the role's own name, ARN and tags (`grantedUnder`:
 * `ArnLike aws:PrincipalArn: .../role/worker`) its own requests must meet (`grantedToPrincipal`): a value not known, or
 * a partition not told, grants nothing. With why its conditions do not limit it: its others were read with the role's
 * account as aws:PrincipalAccount where it is the owner's (`unconditionalReach`).
 */
function allowedReach(statement: Statement, ownAccount: boolean, role: Resource, now: number): AllowedReach | undefined {
  const own = grantedWith(statement, now).grantedUnder;
  if (own && !grantedToPrincipal(own, role)) return undefined;
  const others = own ? withProperties(statement, { conditions: statement.conditions.filter((condition) => !own.includes(condition)) }) : statement;
  const reach = unconditionalReach(others, ownAccount, role.account, now);
  return reach && { ...reach, unlimiting: unlimitingConditions(statement, own, ownAccount) };
}

/** What an Allow reaches (`allowedReach`), and why its conditions do not limit it, as the message says. */
interface AllowedReach extends Reach {
  unlimiting: UnlimitingConditions;
}

/** Whether an Allow among the statements has a condition on the principal's own name, ARN or tags (`allowedReach`). */
function readsOwnKeys(statements: readonly Statement[], now: number): boolean {
  return statements.some((statement) => statement.effect === 'Allow' && grantedWith(statement, now).grantedUnder !== undefined);
}

/** The requests of the role a reading of its statements asks about (`OwnersRequests`): a role session's from the scan at `now` on, in its account where told. */
function rolesRequests(ownAccount: boolean, account: string | undefined, now: number): OwnersRequests {
  return ownAccount && account !== undefined ? { account, roleSessions: true, now } : { roleSessions: true, now };
}

/**
 * What an unconditional statement reaches (`unconditionalReach`): `on`, the resources; `ownersResources`, whether its
 * conditions limit it to the requests on the role's own account's resources.
 */
interface Reach {
  on: 'every' | 'iam';
  ownersResources: boolean;
}

/** What an Allow statement grants (`grantedScope`): as the message names it, and where it is written. */
interface GrantedScope {
  grant: string;
  scope: Scope;
  /** The Action entry of `*` or `iam:*`, or the NotAction. */
  grantedAt: Path;
}

/**
 * What an Allow statement grants of `*` / `iam:*` on the resources it reaches, written as the message names it: on
 * IAM's resources alone, every action is what IAMFullAccess grants. A NotAction is read as identity-full-admin reads it
 * (`adminGrant`), for the IAM write actions: it counts when its exclusions leave any.
 */
function grantedScope(statement: Statement, reach: 'every' | 'iam', iamEscalation: readonly Probe[]): GrantedScope | undefined {
  if (statement.action) {
    const actions = literalEntries(statement.action);
    const every = actions.find(({ value }) => isEveryAction(value));
    if (every) return { grant: `Action "${every.value}"`, scope: reach === 'every' ? 'all' : 'iam', grantedAt: every.path };
    const iam = actions.find(({ value }) => coversEveryIamAction(value));
    return iam ? { grant: `Action "${iam.value}"`, scope: 'iam', grantedAt: iam.path } : undefined;
  }
  if (!notActionWrittenOut(statement)) return undefined;
  const excluded = literals(statement.notAction);
  const allExcept = `every action except ${excluded.map((action) => `"${action}"`).join(', ')} (NotAction)`;
  const grantedAt = [...statement.path, 'NotAction'];
  if (!excluded.some((action) => mayMatchServiceAction(action, 'iam'))) return { grant: `${allExcept}, which includes iam:*`, scope: 'iam', grantedAt };
  // Which IAM write actions the exclusions leave is asked only of a NotAction that excludes some IAM action.
  const left = allowedEscalations(statement, iamEscalation).probes.map(({ action }) => action);
  return left.length > 0 ? { grant: `${allExcept}, which includes ${escalationExamples(left, 'IAM write actions')}`, scope: 'iamWrites', grantedAt } : undefined;
}

/** The literal strings of a policy element (unresolved values and values with markers decide nothing). */
function literals(values: PolicyValue[]): string[] {
  return literalEntries(values).map(({ value }) => value);
}

/** The entries of a policy element whose values are literal strings (`literals`). */
function literalEntries(values: PolicyValue[]): Array<PolicyValue & { value: string }> {
  return values.filter((entry): entry is PolicyValue & { value: string } => typeof entry.value === 'string' && !hasMarker(entry.value));
}

/** `*`, `*:*`, ...: a pattern that matches every action name. */
function isEveryAction(action: string): boolean {
  return matchAction(action, UNNAMED_ACTION);
}

/** `iam:*`, `IAM:*`, `i*`, ...: a pattern that matches every IAM action name. */
function coversEveryIamAction(action: string): boolean {
  return !action.includes('?') && matchAction(action, 'iam:*');
}

/**
 * Could the pattern match some action of the service (for `iam`: so that a NotAction does not leave all of `iam:*`)?
 * Decided by its text before the first wildcard.
 */
function mayMatchServiceAction(action: string, service: string): boolean {
  const lower = action.toLowerCase();
  const wildcard = lower.search(/[*?]/);
  if (wildcard < 0) return lower.startsWith(`${service}:`);
  const prefix = lower.slice(0, wildcard);
  return `${service}:`.startsWith(prefix) || prefix.startsWith(`${service}:`);
}

