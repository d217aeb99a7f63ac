/** What the identity-condition rules share: which principals a policy reaches, and whether a Deny protects them. */
import type { Doubt, ResourceGraph } from '../../src/graph/graph.js';
import { comparesRequestTime, conditionTimes, lastingOutcomes, defaultedKeys, onRequestTime, evaluateConditions, holdsForNoRequest, keysRead, mayHoldForEveryRequest, notInEveryRequest, substitutedText, withoutUntoldKeys, writtenEmpty } from '../../src/iam/conditions.js';
import { iamCatalog } from '../../src/iam/catalog.js';
import { parseOperator } from '../../src/iam/operators.js';
import { KEYS_OF_EVERY_REQUEST, TIME_KEYS, currentTimeText, derivedContext, madeAt, timeKeys, withOwnerAccount, withOwnerPartition, requestContext, withKeyValue, withKeysAbsent, type DerivedContexts, type RequestContext } from '../../src/iam/request.js';
import { matchAction } from '../../src/iam/match.js';
import { actionApplies, pinnedTags, resourceTagPrefixes, otherPartitionWritten, tagConditionsNeverMet, writtenPartition } from '../../src/iam/trust.js';
import { arnText, iamNameKey, isRegionText, joinArn, partitionOfRegion, splitArn, type ArnParts } from '../../src/model/arn.js';
import type { Path } from '../../src/model/location.js';
import type { RuleReport } from '../../src/model/rule.js';
import type { ConditionEntry, PolicyDocument, PolicyValue, Statement } from '../../src/model/policy.js';
import type { InputFormat, ManagedPolicyArn, Resource, UnknownMembership, UnmatchedPrincipal } from '../../src/model/resource.js';
import { PRINCIPAL_NOUNS } from '../../src/model/resource.js';
import { triAnd, type Tri } from '../../src/model/tri.js';
import { MARK_START, NO_VARIABLE_VALUE, prop, bothHold, bothWhens, choiceText, leastChoices, noneHolds, termsImply, type ChoiceTerm, OTHER_REGION, OWNER_ACCOUNT, OWNER_PARTITION, OWNER_REGION, PROBE_NAME, Unresolved, displayString, displayValue, hasMarker, hasUnresolvedPiece, holdsPolicyVariableValue, holdsUnreadVariable, literalText, marker, policyVariableValue, tokenize, unresolvedMarker, unresolvedPieces, withPiecesGiven } from '../../src/model/value.js';
import { ASSOCIATED_RESOURCE_ARN, PASS_ROLE, PASSED_TO_SERVICE, PROBE_SERVICE, RESOURCE_ACCOUNT, UNNAMED_ACTION, coversEveryResource, groupByStatements, leftOutResources, nameOf, readsVariables, requestOn, resourceApplies, resourceArn, resourcePattern, someOf, type StatementGroup, writtenTags } from '../support.js';
import { withProperties } from '../../src/model/objects.js';
import { listAt } from '../../src/model/maps.js';
import { PRINCIPALS as TERRAFORM_PRINCIPALS } from '../../parsers/terraform/resources.js';

/**
 * What the identity rules say, in their rationale, of a principal a policy is attached to by a name the input does not
 * declare (`UnmatchedPrincipal`, `elsewhereReadings`).
 */
export const UNDECLARED_NAME_RATIONALE =
  'a role, user or group the policy is attached to by a name the input does not declare holds, as far as deputy knows, the policies the input attaches to that name in that account (Terraform: with one provider configuration); a name a declared principal\'s name may be (`prod-bob` beside a user named `"${var.env}-bob"`) is read as that principal and, with what is attached to that name, as another one, and a name a conditional chooses for a declared principal (`"bob"` of `var.prod ? "bob" : "bob-dev"`) as another one only where the choice is not so, which the finding says (`only when var.prod is false`); a value not known (`"${var.env}-bob"` beside a user named `dev-bob`, which the finding names as written where it holds known text: `user ${var.env}-bob`) is read as each declared principal it may be, with the policy, and as another one holding the policy, those attached by the same value in that account and those of the groups a membership by the same value there puts it in (in a template, one of the names its parameters\' AllowedValues give that no declared principal has, which the finding names then; a plan without its `.tf` keeps no expression: there a Deny attached in that account by a value known only after apply that the configuration writes with the same references, or one of a group a membership by such a value puts it in, may be that principal\'s, or not, and leaves the answer open where it may refuse the request): where a declared one\'s Denies protect it, the finding holds only where the value does not name that one, and says so: by the value its one piece not known takes to name it, where that is one (`only when var.env is not "dev"` of a user named `dev-bob`; in a template `only when Env is not dev`), else by the value (`only when ${var.env}-bob in aws_iam_user_policy_attachment.env_bob does not name aws_iam_user.bob`; in a plan without its `.tf`, which does not show how the value is built, by the attachment alone: `only when aws_iam_user_policy_attachment.env_bob does not name aws_iam_user.bob`), beside the name where the finding holds for another one in any case (`user ${var.env}-bob when ...`)';

/**
 * What the identity rules that report a finding where a Deny may not reach the principal say, in their rationale, of such a
 * Deny (`surelyHeld`): one text.
 */
export const MAYBE_ABSENT_DENY_RATIONALE =
  'In a Terraform configuration, a Deny that reaches the principal only through a resource whose `count` or `for_each` is not known (a variable without a value: a group membership, a policy attachment, the Deny\'s own policy), or only through a membership or attachment that a conditional on such a variable chooses (`users = var.on ? [...] : []`) or that names by one of its names a user whose name such a conditional chooses (`user = "bob"` of one whose `name = var.on ? "bob" : "bob-dev"`), may not exist: the finding is made, and says which resource or which choice (`var.on is false`) decides it, as a template\'s finding says the `Condition` of a membership that decides it.';

/**
 * What the identity rules that read a Deny as protection say, in their rationale, of a Deny on a value the deployer
 * chooses among values written out (`valueCases`): one text.
 */
export const CHOSEN_VALUE_DENY_RATIONALE =
  'A Deny whose Action, NotAction, Resource, NotResource entry or condition value is a template parameter without a value that lists `AllowedValues`, or a Terraform conditional on a variable without a value (`var.strict ? "iam:PassRole" : "s3:GetObject"`), is read for each value the deployer may give, each combination of them at most 16 times (past that, the values stay not known and the Deny an open answer, which makes no finding): where one of them leaves the request, the finding is made and says which (`only when DeniedAction is s3:DeleteBucket`, `only when var.strict is false`), naming only the parameters whose value decides it, and none where each leaves it; a choice the Allow\'s own attachment never comes with is no such case. So is such a parameter or conditional written inside a text (`!Sub "arn:...:role/${Team}-*"`, `"${var.strict ? "iam" : "s3"}:PassRole"`): the text with each value in its place, its wildcards read as IAM reads them there. A variable\'s `validation` is not read so: the value stays not known. A value not known leaves the answer open only where some value of it may make the Deny refuse every request the finding is about: a condition on a global key that not every request carries fails for a request without it whatever the value, as IAM reads a missing key (under `StringEquals: {aws:SourceVpce: !ImportValue Endpoint}` the Deny refuses no request that goes through no VPC endpoint, and the finding is made), while `StringNotEquals` or `StringEqualsIfExists` of it holds for such a request and may refuse the others (no finding), and so may a condition on a key of the action\'s own service, which each of its requests may carry (`StringLike: {iam:PassedToService: !ImportValue Services}` may refuse every iam:PassRole).';

/**
 * What the identity rules that read a Deny as protection say, in their rationale, of a Deny under a window of time
 * (`denied`): one text.
 */
export const TIME_WINDOW_DENY_RATIONALE =
  'Every request is made at the time of the scan or later: a Deny under a window of time protects where it refuses the request at every time from which the Allow grants it (from the scan on, or from the later start of the Allow\'s own window, `DateGreaterThan: {aws:CurrentTime: "2999-01-01T00:00:00Z"}`). So a Deny open since before the scan (`DateGreaterThan: {aws:CurrentTime: "2000-01-01T00:00:00Z"}`, `NumericGreaterThan` of `aws:EpochTime`) protects; one that ends (`DateLessThan` a later date) does not, the grant being back after its end, nor one that opens after the grant starts, which leaves it until then; what a Deny does for one second alone is practically nothing: it protects at every time but one second (`DateNotEquals` of an instant), and not during one second (`StringEquals` or `DateEquals` of an instant), nor does an Allow only then grant anything; the scan\'s own second is past by the time the template is deployed, so `DateNotEquals` of it is a Deny from the next second on, which protects; one whose date is not known (a parameter without a value) leaves the answer open. The Allow is read so too: one whose conditions on the time hold at no time from the scan on grants nothing and makes no finding (`DateLessThan: {aws:CurrentTime: "2000-01-01T00:00:00Z"}`, on `aws:EpochTime` alike), whatever its other conditions; one that holds at some time is read as today, and a Deny protects it where it refuses the request at each time it grants it (an Allow until 2999-01-01 beside a Deny until 2999-06-01: no finding); a date deputy cannot read (a parameter without a value, one that does not parse) is read as holding.';

/**
 * What the identity rules that read a group's Deny as protection say, in their rationale, of a membership whose members
 * are not known (`UnknownMembership`): one text, which `ResourceGraph.unknownMembershipsOf` and the engine's wording follow.
 */
export const UNKNOWN_MEMBERSHIP_RATIONALE =
  'A membership whose members are not known (in a Terraform configuration a `for_each` or `users` of a variable without a value, in a template `Users` of a parameter without one), or that names a member by a name no user the input declares is written with (`bob`), may put in its group any user the input declares in its account whose name that value may be: in Terraform, one made through any provider configuration that may deploy to that account (IAM is global: another region of it names the same users; a configuration of another known account names none of them), and a user whose own name is not known as well (a variable or parameter without a value, a name known only after apply, in a template a `UserName` not written, which CloudFormation generates and a value given at a later deploy may name) unless their known text, or in a template the values their parameters allow (`AllowedValues`, `AllowedPattern`), tell them apart (`<team>-ops` is never `<team>-svc`, a `UserName` allowed to be bob or bobby is never a member allowed to be alice or carol): the group\'s Deny protects such a user only where the membership names it, so the finding is made and says so (`aws_iam_user_group_membership.m does not name aws_iam_user.bob`); what the group allows reaches no one through it.';

/**
 * What the identity rules that read a Deny reaching a principal through a resource of a `count` or `for_each` not known
 * as maybe absent say, in their rationale, of the resources that are no such resource (`surelyHeld`): one text.
 */
export const CREATED_BESIDE_RATIONALE =
  'A resource created wherever the principal and the Allow are is no such resource: one of the same `count` or `for_each` expression as theirs in the same module instance, or one whose module call\'s `count` or `for_each` alone is not known, beside them in that instance. Nor is a resource of a `count` or `for_each` not known where the Allow holds only when a choice is made so, or a choice that leaves the Deny out where the Allow comes through such a resource: the count may read the choice\'s condition (`count = var.on ? 1 : 0`), and the finding\'s case may never come.';

/**
 * What the identity rules that read a principal's Denies say, in their rationale, of aws:username in its requests
 * (`requestedAs`): one text.
 */
export const OWN_REQUESTS_RATIONALE =
  'Each principal\'s requests carry `aws:username` as IAM puts it there: an IAM user\'s its name (one the input attaches a policy to by name, that name; one named by a value not known, a name not known, on which a Deny leaves the answer open), a role\'s and an IAM Identity Center permission set\'s none, a group\'s members (IAM users) each a name not known, which `${aws:username}` in an Allow and in a Deny names alike. So a Deny under `Null: {aws:username: "true"}` (or `StringNotLike: {aws:username: "*"}`) refuses every request of a role and none of a user or a group\'s member, one under `Null: {aws:username: "false"}` or `StringLike: {aws:username: "*"}` every request of theirs, one under `StringEquals: {aws:username: bob}` leaves the answer open for a group, whose members the input does not all declare (a member it declares is read with its own name; a group whose `aws_iam_group_membership` lists every member, each a user the input declares or a name no user of it has, makes those members\' requests only, each with its own name, ARN and tags (a name\'s ARN of a path not known, its tags not known), except to identity-abac-tag-bypass, which reads such a group as any other), an Allow under `StringEquals: {aws:username: bob}` grants a role nothing and user bob what it allows (a user whose name is not known, or a group\'s members, it may grant nothing: no finding rests on that), and `${aws:username}` in a Resource names nothing for a role (a variable on a key the request lacks has no value): an Allow on `training-job/${aws:username}` grants a role no job, and one with a default (`${aws:username, \'x\'}`) grants a user its own name\'s, never the default\'s. They carry `aws:PrincipalArn` too, the principal\'s own ARN: a user\'s `arn:aws:iam::<account>:user/<path><name>`, a role session\'s its role\'s (`role/<path><name>`, not the session\'s `assumed-role` one), with the path written (`/` where none is); so a Deny under `ArnNotLike: {aws:PrincipalArn: "arn:aws:iam::*:user/alice"}` refuses every request but alice\'s, and an Allow under `ArnLike` of it grants user bob nothing. A name or path not known (a role CloudFormation names, a parameter without a value, a user the input attaches a policy to by name, whose path it does not tell) is a value not known there, on which a Deny leaves the answer open unless its pattern decides without it (`user/*bob` of user bob, whatever its path), and an Allow whose conditions it may fail grants nothing a finding rests on; a partition not known (a template, a configuration without a region) may be the `aws` a pattern writes or another, so a Deny that refuses the request in some partitions only (`ArnLike` of `arn:aws:iam::*:user/bob` for user bob, `ArnNotLike` of `arn:aws:iam::*:user/alice` for alice) may apply, an open answer on which no finding rests, as an Allow that holds in some partitions only (`ArnLike` of `arn:aws:iam::*:user/alice` for alice) grants nothing a finding rests on, while one of another principal\'s ARN leaves the request in every partition (`\${AWS::Partition}` in the pattern is the principal\'s own, and a region tells the partition). Likewise the owner\'s account where the input does not tell it (a template, but by conditions that fix `AWS::AccountId`; a configuration without `allowed_account_ids`; a plan tells it by its caller identity and its ARNs): the owner\'s principals\' requests carry the owner\'s account as `aws:PrincipalAccount` (and as `aws:ResourceAccount` on its resources), which may be an account a policy writes out or another (a principal of a Terraform configuration whose account is not told, beside others that may deploy to other accounts, carries an account not known: the caller identity its policies read may be another configuration\'s), so a Deny that refuses the request in some accounts only (`StringEquals: {aws:PrincipalAccount: "493827160514"}`, which refuses every request of the principal where the stack is deployed in that account and none elsewhere; `StringNotEquals` of it; a pattern of accounts such as `49*`; an ARN or Resource in that account) may apply, an open answer on which no finding rests, and an Allow that holds in some accounts only grants nothing a finding rests on; where the input tells the account, they are compared with it. They carry `aws:PrincipalTag/<key>` from the principal\'s own tags: a user\'s as the input writes them (a template\'s `Tags`; a configuration\'s `tags` over its provider\'s `default_tags`, which the user\'s own override key by key; a plan\'s `tags_all`), a key in any case as IAM reads it (`aws:PrincipalTag/Team` is tag `team`, and of a user written with both `team` and `Team`, which value it holds is not known), so a Deny under `StringNotEquals: {aws:PrincipalTag/team: ml}` refuses every request of a user tagged `team=data` and none of one tagged `team=ml`, and an Allow under `StringEquals` of it grants the first nothing; a tag value not known is a value not known there, on which an Allow grants nothing a finding rests on, and a key the user does not write is absent only from a plan\'s users, whose `tags_all` holds every tag (a stack\'s tags reach a template\'s user, and the default tags a provider takes from its environment, `TF_AWS_DEFAULT_TAGS_<key>`, a configuration\'s), unless their provider ignores some (`ignore_tags`: it neither creates nor reads them, and a key it ignores is read as one the user does not write): elsewhere a Deny on it leaves the answer open. A role session carries its role\'s tags and any session tags, which add keys and override the role\'s (IAM User Guide, Pass session tags in AWS STS): a Deny on a tag leaves a role exposed where its own tags escape it (a role tagged `team=ml` under the Deny above), and the answer open where they may not, and an Allow on a tag may grant a role whatever its own tags are; a group\'s members and a permission set\'s users are many principals of tags deputy is not told, and a Deny on a tag is read as sparing some of them.';

export interface IdentityPolicy {
  readonly holder: Resource;
  readonly doc: PolicyDocument;
  /** The graph's document, which `doc` reads in its holders' partition. */
  readonly source: PolicyDocument;
  /** Roles, users and groups the policy reaches: its holder for an inline policy, the attached principals for a policy resource. */
  readonly principals: Resource[];
  /** `policy Read of role MyRole`, `policy Shared`: which policy it is, whatever it is attached to (see `RuleReport.exposure`). */
  readonly name: string;
  /** `policy Read of role MyRole`, `policy Shared (attached to role MyRole and user Alice)`. */
  readonly label: string;
  /** Whether anything holds it: a role, user or group the input declares or names (an inline policy's always does). */
  readonly attached: boolean;
}

/** What a policy reaches and its name are worked out when a rule asks: most policies of a large plan are never reported. */
class GraphIdentityPolicy implements IdentityPolicy {
  private reached?: Resource[];
  private nameText?: string;
  private labelText?: string;
  private held?: boolean;
  private unmatchedNames?: UnmatchedNames;

  /** The document as its holders' partition reads it (`docInPartition`); `source` is the graph's. */
  readonly doc: PolicyDocument;

  /** `partition`: the holder's (`holdersPartition`). */
  constructor(
    private readonly graph: ResourceGraph,
    readonly holder: Resource,
    readonly source: PolicyDocument,
    partition: string | undefined,
  ) {
    this.doc = docInPartition(source, partition);
  }

  get principals(): Resource[] {
    return (this.reached ??= principalsReached(this.graph, this.holder));
  }

  get name(): string {
    return (this.nameText ??= policyName(this.doc, this.holder));
  }

  get label(): string {
    return (this.labelText ??= policyLabel(this.name, this.holder, this.principals, this.unmatched(), () => boundedPrincipals(this.graph, this.holder), (principal) => this.graph.attachedWhen(this.holder.address, principal.address)));
  }

  get attached(): boolean {
    return (this.held ??= isHeld(this.holder, this.principals, this.unmatched()));
  }

  private unmatched(): UnmatchedNames {
    return (this.unmatchedNames ??= unmatchedNames(this.graph.unmatchedPrincipalsOf(this.holder.address)));
  }
}

/** What the identity rules read of a graph's identity policies, gathered in one pass over its documents. */
interface IdentityIndex {
  policies: GraphIdentityPolicy[];
  groups: ReadonlyArray<StatementGroup<IdentityPolicy>>;
  /** The policy of each of the graph's documents, made when a rule first asks by principal (`principalPolicies`): most scans never do. */
  byDocument?: ReadonlyMap<PolicyDocument, IdentityPolicy>;
  /**
   * Whether each principal asked about has an identity policy (`identityPoliciesOf`) that holds a Deny or something
   * unresolved, or may hold one through a membership whose members are not known (`isGuarded`). `denied` is false for
   * every other principal whatever the request, so the rules need not ask it.
   */
  guarded: Map<string, boolean>;
  /** Whether some identity policy of the graph may deny (`mayDeny`), once asked: where none may, no principal is guarded. */
  someMayDeny?: boolean;
  /** What each policy is read with for the principals it reaches that the input does not declare (`elsewhereReadings`), made when asked. */
  elsewhere?: ReadonlyMap<IdentityPolicy, readonly Reading[]>;
}

/**
 * Principals a policy reaches that the input does not declare, read together: a name (`role existing-ml-role`) with
 * every identity policy the input attaches to that name in that account, which is what the principal holds as far as
 * deputy knows (a Deny attached beside the policy protects it); or those named by a value not known with the policy
 * alone.
 */
export interface Reading {
  /** The principals, as messages name them. */
  readonly names: readonly string[];
  readonly docs: readonly PolicyDocument[];
  /**
   * The identity policies whose documents `docs` holds, in the same order: those attached to the principals, then those
   * of the groups the input puts them in (a rule that reports a statement, not only reads the Denies, needs whose it is).
   */
  readonly policies: readonly IdentityPolicy[];
  /** Where the name is a declared principal's when a conditional not decided chooses it (`UnmatchedPrincipal.declaredWhen`): when it is not. */
  readonly when?: string;
  /**
   * Of a value not known that may name principals the input declares (`UnmatchedPrincipal.mayName`): those, read with
   * their own policies and `docs` where it names them, and the resource that writes the value. `docs` (the policies
   * attached by that value) are what it holds where it names another principal, which it may not where the input allows
   * it only their names (`other`).
   */
  readonly mayName?: { readonly principals: readonly Resource[]; readonly namedBy: Resource; readonly written?: string; readonly piece?: UnmatchedPrincipal['piece']; readonly other: boolean };
  /**
   * aws:username in the requests of the principals read (`UserName`): a user's name (`bob` of `user = "bob"`; a value
   * not known for one whose name is not known), none for a role's, a name not known for a group's members; not said for
   * principals of several kinds.
   */
  readonly userName?: string | null;
  /** aws:PrincipalArn in the requests of the principals read (`undeclaredPrincipalArn`): not said where they are not one kind's. */
  readonly principalArn?: string;
  /** aws:PrincipalTag/<key> in the requests of the principals read (`ownPrincipalTags`, `TAGS_NOT_KNOWN`): not said where they are not one role's or user's. */
  readonly principalTags?: PrincipalTags;
}

const indexes = new WeakMap<ResourceGraph, IdentityIndex>();

function identityIndex(graph: ResourceGraph): IdentityIndex {
  const known = indexes.get(graph);
  if (known) return known;
  const policies: GraphIdentityPolicy[] = [];
  // Holders mostly share one region: its partition (`holdersPartition`) is worked out once for each run of them, not for each of thousands.
  let region: string | undefined;
  let partition: string | undefined;
  let read = false;
  for (const { holder, doc } of graph.heldPolicies()) {
    if (doc.kind !== 'identity') continue;
    if (!read || holder.region !== region) {
      region = holder.region;
      partition = partitionOfRegion(region);
      read = true;
    }
    policies.push(new GraphIdentityPolicy(graph, holder, doc, partition));
  }
  const index: IdentityIndex = { policies, groups: groupByStatements(policies), guarded: new Map<string, boolean>() };
  indexes.set(graph, index);
  return index;
}

/**
 * The partition the principals an identity policy reaches act in, where the input tells it: that of its holder's region
 * (`partitionOfRegion`: a Terraform provider's, a plan's). IAM attaches a policy only to principals of its own account,
 * which is in one partition, so a policy resource's partition is theirs. Undefined where the region is not known (a
 * CloudFormation template, a provider without region).
 */
function holdersPartition(holder: Resource | undefined): string | undefined {
  return partitionOfRegion(holder?.region);
}

/**
 * The statements as principals of the partition read them: a Resource or NotResource entry whose ARN writes out another
 * partition (`arn:aws-cn:iam::*:role/*` for principals in `aws`) names no resource they act on (no principal acts on a
 * resource of another partition) and is left out, so that a Resource of such entries alone names none, and a
 * NotResource of them alone leaves out none. The statements themselves where the partition is not known or no entry
 * writes out another (a plan's `arn:aws:` in us-east-1); else one array for each statements and partition, so that the
 * policies sharing statements still share them (`groupByStatements`) where their holders' partition is the same.
 */
function statementsInPartition(statements: Statement[], partition: string | undefined): Statement[] {
  if (partition === undefined) return statements;
  let written = writtenPartitions.get(statements);
  if (!written) writtenPartitions.set(statements, (written = { partitions: partitionsOf(statements), read: new Map() }));
  if (writesOnly(written.partitions, partition)) return statements;
  let read = written.read.get(partition);
  if (!read) {
    const outside = ({ value }: PolicyValue) => typeof value === 'string' && otherPartitionWritten(value, partition) !== undefined;
    const inPartition = (entries: PolicyValue[] | undefined) => entries?.filter((entry) => !outside(entry));
    read = statements.map((statement) => {
      const resource = inPartition(statement.resource);
      const notResource = inPartition(statement.notResource);
      if (resource?.length === statement.resource?.length && notResource?.length === statement.notResource?.length) return statement;
      const otherPartition = { partition, resource: statement.resource?.filter(outside) ?? [], notResource: statement.notResource?.filter(outside) ?? [] };
      return withProperties(statement, { ...(resource ? { resource } : {}), ...(notResource ? { notResource } : {}), otherPartition });
    });
    written.read.set(partition, read);
  }
  return read;
}

/** Whether the partitions are that one alone, or none. */
function writesOnly(partitions: ReadonlySet<string>, partition: string): boolean {
  for (const other of partitions) if (other !== partition) return false;
  return true;
}

/** The partitions the Resource and NotResource entries of the statements write out (`writtenPartition`). */
function partitionsOf(statements: readonly Statement[]): ReadonlySet<string> {
  const partitions = new Set<string>();
  for (const statement of statements) {
    for (const { value } of [...(statement.resource ?? []), ...(statement.notResource ?? [])]) {
      const partition = typeof value === 'string' ? writtenPartition(value) : undefined;
      if (partition !== undefined) partitions.add(partition);
    }
  }
  return partitions;
}

const writtenPartitions = new WeakMap<readonly Statement[], { partitions: ReadonlySet<string>; read: Map<string, Statement[]> }>();

/**
 * The document with its statements as principals of the partition read them (`statementsInPartition`): itself where
 * they are the same, else one document per document and partition.
 */
function docInPartition(doc: PolicyDocument, partition: string | undefined): PolicyDocument {
  const statements = statementsInPartition(doc.statements, partition);
  if (statements === doc.statements) return doc;
  let byPartition = docsByPartition.get(doc);
  if (!byPartition) docsByPartition.set(doc, (byPartition = new Map()));
  let read = byPartition.get(partition!);
  if (!read) byPartition.set(partition!, (read = withProperties(doc, { statements })));
  return read;
}

const docsByPartition = new WeakMap<PolicyDocument, Map<string, PolicyDocument>>();

/**
 * The documents (a principal's, as `identityPoliciesOf` lists them) as principals of the partition read them
 * (`docInPartition`): the list itself where each is the same, else one list per list and partition (`denied` remembers
 * its answers by the list).
 */
function docsInPartition(docs: readonly PolicyDocument[], partition: string | undefined): readonly PolicyDocument[] {
  if (partition === undefined) return docs;
  let byPartition = listsByPartition.get(docs);
  if (!byPartition) listsByPartition.set(docs, (byPartition = new Map()));
  let list = byPartition.get(partition);
  if (!list) {
    const read = docs.map((doc) => docInPartition(doc, partition));
    byPartition.set(partition, (list = read.every((doc, index) => doc === docs[index]) ? docs : read));
  }
  return list;
}

const listsByPartition = new WeakMap<readonly PolicyDocument[], Map<string, readonly PolicyDocument[]>>();

/** The identity policies of a principal (`identityPoliciesOf`) as its partition reads them (`docsInPartition`). */
export function principalDocs(graph: ResourceGraph, principal: Resource): readonly PolicyDocument[] {
  return docsInPartition(graph.identityPoliciesOf(principal.address), holdersPartition(principal));
}

/**
 * The managed policies a principal is attached to by ARN (`managedPolicyArnsOf`) but those whose ARN writes out another
 * partition than the principal's known one (`arn:aws-cn:iam::aws:policy/AdministratorAccess` on a role in us-east-1):
 * IAM refuses to attach a policy of another partition, so such an ARN grants the principal nothing.
 */
export function principalManagedPolicyArns(graph: ResourceGraph, principal: Resource): readonly ManagedPolicyArn[] {
  const arns = graph.managedPolicyArnsOf(principal.address);
  const partition = holdersPartition(principal);
  return partition === undefined ? arns : arns.filter((entry) => otherPartitionWritten(entry.arn, partition) === undefined);
}

/**
 * What a principal holds in any case, where some of its identity policies reach it only through resources that may not
 * be created or edges that hold only when a choice is made so (`ResourceGraph.unsurePoliciesOf`) and one of those may
 * deny: the others, as `principalPolicies` lists them and as its partition reads their documents (`principalDocs`), and
 * when the Denies are only theirs (`aws_iam_user_group_membership.bob is not created (its count is not known)`,
 * `var.on is false`). Undefined where every policy that may deny reaches it whenever the `grants` do. The Allow a rule
 * reports is known, and read as made: the policies that hold it (`grants`, the graph's documents) reach the principal,
 * and so does a policy through the resources and edges every way of theirs is made with (a Deny beside the Allow, in
 * its policy or attached by its attachment, or through the membership that brings the Allow). Only whether another
 * protection exists is not known: a finding made where the Denies are those others says when.
 */
export function surelyHeld(graph: ResourceGraph, principal: Resource, grants: readonly PolicyDocument[], arn?: ManagedPolicyArn): SurelyHeld | undefined {
  let byPrincipal = surelyHeldAnswers.get(graph);
  if (!byPrincipal) surelyHeldAnswers.set(graph, (byPrincipal = new Map()));
  const key = `${principal.address}\u0000${grants.map(documentId).join(',')}${arn ? `\u0000${documentId(arn)}` : ''}`;
  let answer = byPrincipal.get(key);
  if (answer === undefined) byPrincipal.set(key, (answer = readSurelyHeld(graph, principal, grants, arn) ?? null));
  return answer ?? undefined;
}

export interface SurelyHeld {
  policies: readonly IdentityPolicy[];
  docs: readonly PolicyDocument[];
  /** Undefined where the Denies are left out wherever the Allow reaches the principal (`var.on ? allow : deny`). */
  unless?: string;
  /** What leaves the Denies out, one or another, less the terms the Allow's edges need: what `unless` says. */
  absences: readonly Absence[];
}

const surelyHeldAnswers = new WeakMap<ResourceGraph, Map<string, SurelyHeld | null>>();

/** A number for each document or managed policy ARN `surelyHeld` is asked about, for its answers' keys. */
function documentId(doc: PolicyDocument | ManagedPolicyArn): number {
  let id = documentIds.get(doc);
  if (id === undefined) documentIds.set(doc, (id = nextDocumentId++));
  return id;
}

const documentIds = new WeakMap<PolicyDocument | ManagedPolicyArn, number>();
let nextDocumentId = 0;

function readSurelyHeld(graph: ResourceGraph, principal: Resource, grants: readonly PolicyDocument[], arn: ManagedPolicyArn | undefined): SurelyHeld | undefined {
  const unsure = graph.unsurePoliciesOf(principal.address);
  if (unsure.size === 0) return undefined;
  const { granted, grantedResource, isMade } = madeWithGrants(graph, principal, grants, arn, unsure);
  const withGrant = (absence: Absence) => !(grantedResource && absence.terms.length > 0) && !(granted.length > 0 && absence.resources.length > 0) && holdsWith(granted, absence.terms);
  const absent = new Set<PolicyDocument>();
  // When every Deny of `absent` is left out: for each, one doubt of each of its ways does not hold. A Deny that cannot
  // be left out with those before it (a choice one needs and another refuses) is read as there: more protection.
  let without: Absence[] = [{ terms: [], resources: [] }];
  for (const [doc, ways] of unsure) {
    if (!mayDeny(doc) || grants.includes(doc)) continue;
    let left: Absence[] | undefined = [{ terms: [], resources: [] }];
    for (const way of ways) {
      const leftOut = way.filter((doubt) => !isMade(doubt)).map(notHolding);
      left = left && !leftOut.includes(undefined) ? bothAbsent(left, leftOut.flatMap((absences) => absences!)) : undefined;
    }
    // Reached whatever is chosen (memberships of choices that leave out none), or past what is written out: a Deny there.
    const next = left && bothAbsent(without, left)?.filter(withGrant);
    if (!next || next.length === 0) continue;
    absent.add(doc);
    without = next;
  }
  if (absent.size === 0) return undefined;
  const held = graph.identityPoliciesOf(principal.address).filter((doc) => !absent.has(doc));
  const byDocument = policiesByDocument(graph);
  // The terms the Allow's edges need are told with whom it reaches (`ResourceGraph.attachedWhen`): not again.
  const told = (term: ChoiceTerm) => granted.some((choices) => choices.every((terms) => termsImply(terms, [term])));
  const unless = without.map(({ terms, resources }) => ({ terms: terms.filter((term) => !told(term)), resources }));
  const always = unless.some(({ terms, resources }) => terms.length === 0 && resources.length === 0);
  return { policies: held.map((doc) => byDocument.get(doc)!), docs: docsInPartition(held, holdersPartition(principal)), absences: unless, ...(always ? {} : { unless: absenceText(unless) }) };
}

/**
 * What the Allow that `grants` (and a managed policy ARN `arn`) hold brings with it to the principal, of what may not
 * hold (`ResourceGraph.unsurePoliciesOf`, `unsure`): the choices its own edges need (`granted`: each one of term lists),
 * whether it comes through a resource that may not be created (`grantedResource`), and whether a doubt is made wherever
 * it is (`isMade`).
 */
function madeWithGrants(
  graph: ResourceGraph,
  principal: Resource,
  grants: readonly PolicyDocument[],
  arn: ManagedPolicyArn | undefined,
  unsure: ReadonlyMap<PolicyDocument, ReadonlyArray<readonly Doubt[]>> = graph.unsurePoliciesOf(principal.address),
): { granted: ReadonlyArray<ReadonlyArray<readonly ChoiceTerm[]>>; grantedResource: boolean; isMade: (doubt: Doubt) => boolean } {
  const made = new Set<Doubt>();
  // What decides the creation of the principal and of the resources every way of a grant is made with: a resource
  // decided by those alone is made with them (`Resource.createdWith`).
  const decided = new Set(principal.createdWith);
  const madeWithGrant = (doubt: Doubt): void => {
    made.add(doubt);
    if (isResource(doubt)) for (const key of doubt.createdWith ?? [doubt.address]) decided.add(key);
  };
  for (const grant of grants) {
    const ways = unsure.get(grant);
    if (ways) for (const doubt of ways[0]!) if (ways.every((way) => way.includes(doubt))) madeWithGrant(doubt);
  }
  // A managed policy ARN that grants is made with its attachment, and holds where its choices do.
  const attachment = arn?.holder === undefined ? undefined : graph.resource(arn.holder);
  if (attachment?.createdNotKnown !== undefined) madeWithGrant(attachment);
  const isMade = (doubt: Doubt): boolean => made.has(doubt) || (isResource(doubt) && (doubt.createdWith ?? [doubt.address]).every((key) => decided.has(key)));
  // The Allow holds where its own edges do: what leaves a Deny out only where they do not leaves it nothing. A count
  // not known may read the conditions of a choice (`count = var.on ? 1 : 0`): a choice and a resource not created, one
  // the Allow's and the other the Deny's absence, may never come together, and leave the Deny there.
  const granted = [...[...made].flatMap((doubt) => (isResource(doubt) ? [] : [doubt.choices!])), ...(arn?.choices ? [arn.choices] : [])];
  const grantedResource = [...made].some(isResource) || principal.createdNotKnown !== undefined;
  return { granted, grantedResource, isMade };
}

/** Whether choices made so (`terms`) may come with each of the grant's (`granted`, `madeWithGrants`): one of its term lists holds with them. */
function holdsWith(granted: ReadonlyArray<ReadonlyArray<readonly ChoiceTerm[]>>, terms: readonly ChoiceTerm[]): boolean {
  return granted.every((choices) => choices.some((grantTerms) => bothHold(terms, grantTerms) !== undefined));
}

/**
 * When the Denies `surelyHeld` leaves out are out in a case of the values the Denies read (`ValueCase`), or as they are
 * read (undefined): undefined where they are there in that case.
 */
export function heldInCase(held: SurelyHeld, valueCase: ValueCase | undefined): { unless?: string } | undefined {
  return valueCase ? leftOutWith(held, valueCase.terms) : held;
}

/**
 * When the Denies `surelyHeld` leaves out are out where choices are made so (`terms`, a case of the values the Denies
 * read): the absences that may hold with them, less what they say already; undefined where none may (the Denies are
 * there then).
 */
function leftOutWith(held: SurelyHeld, terms: readonly ChoiceTerm[]): { unless?: string } | undefined {
  const absences = held.absences.flatMap((absence) => (bothHold(absence.terms, terms) === undefined ? [] : [{ terms: absence.terms.filter((term) => !termsImply(terms, [term])), resources: absence.resources }]));
  if (absences.length === 0) return undefined;
  return absences.some((absence) => absence.terms.length === 0 && absence.resources.length === 0) ? {} : { unless: absenceText(absences) };
}

/** Choices made together with resources that are not created: what leaves a Deny out (`surelyHeld`). */
interface Absence {
  terms: readonly ChoiceTerm[];
  resources: readonly Resource[];
}

/** The most choices `surelyHeld` writes out of what leaves Denies out: past them, the Denies are read as there. */
const MOST_ABSENCES = 16;

/** What leaves the doubt out: the resource not created, or the choices that make none of the edge's hold (`noneHolds`). */
function notHolding(doubt: Doubt): Absence[] | undefined {
  if (isResource(doubt)) return [{ terms: [], resources: [doubt] }];
  return noneHolds(doubt.choices!, MOST_ABSENCES)?.map((terms) => ({ terms, resources: [] }));
}

function isResource(doubt: Doubt): doubt is Resource {
  return 'address' in doubt;
}

/** Both made together, one of each (`bothHold`), without those another implies; undefined past `MOST_ABSENCES`. */
function bothAbsent(a: readonly Absence[], b: readonly Absence[]): Absence[] | undefined {
  const both = leastChoices(
    a.flatMap((first) =>
      b.flatMap((second) => {
        const terms = bothHold(first.terms, second.terms);
        return terms ? [{ terms, resources: [...new Set([...first.resources, ...second.resources])] }] : [];
      }),
    ),
    (x, y) => termsImply(x.terms, y.terms) && y.resources.every((resource) => x.resources.includes(resource)),
  );
  return both.length > MOST_ABSENCES ? undefined : both;
}

/**
 * `var.on is false`, `aws_iam_group_membership.ops is not created (its for_each is not known)`, each made together
 * (`and`), one or another (`or`); resources alone, one or another, said once (`notCreatedText`).
 */
function absenceText(absences: readonly Absence[]): string {
  if (absences.every(({ terms, resources }) => terms.length === 0 && resources.length === 1)) return notCreatedText(absences.map(({ resources }) => resources[0]!));
  return absences.map(({ terms, resources }) => [...(terms.length > 0 ? [choiceText(terms)] : []), ...resources.map((resource) => notCreatedText([resource]))].join(' and ')).join(' or ');
}

/**
 * `aws_iam_group_membership.ops is not created (its for_each is not known)`; of several, one or another. The resource by
 * its address as written, without the `[*]` of its one instance.
 */
function notCreatedText(resources: readonly Resource[]): string {
  const named = (resource: Resource): string => resource.address.replaceAll('[*]', '');
  if (resources.length === 1) return `${named(resources[0]!)} is not created (${resources[0]!.createdNotKnown})`;
  const each = resources.map((resource) => `${named(resource)} (${resource.createdNotKnown})`);
  return `${orText(each)} is not created`;
}

/**
 * Whether some identity policy of the principal may deny a request (see `IdentityIndex.guarded`), or one of a group a
 * membership whose members are not known may put it in (`ResourceGraph.unknownMembershipsOf`).
 */
function isGuarded(graph: ResourceGraph, principal: string): boolean {
  const index = identityIndex(graph);
  // Most inputs hold no Deny: then no principal's policies need finding.
  if (!(index.someMayDeny ??= index.policies.some((policy) => mayDeny(policy.source)))) return false;
  const { guarded } = index;
  let answer = guarded.get(principal);
  if (answer === undefined) {
    answer = graph.identityPoliciesOf(principal).some(mayDeny) || graph.unknownMembershipsOf(principal).some(({ group }) => graph.identityPoliciesOf(group).some(mayDeny));
    guarded.set(principal, answer);
  }
  return answer;
}

/**
 * When a finding on the user, which holds with the documents `docs` (all it holds, or those it holds in any case), holds
 * only unless memberships whose members are not known name it (`ResourceGraph.unknownMembershipsOf`): it holds in each
 * of its `cases` (a request left to the user) that no Deny of theirs, read with `docs`, takes away or leaves open
 * (`refused`: an open answer is no finding), so where none of the memberships that take that case away names the user,
 * one case or another (`aws_iam_user_group_membership.m does not name aws_iam_user.bob`). A group's Denies that may not
 * reach it (`surelyHeld` of the group: an attachment of a count not known) take a case away only where they do: the
 * finding holds too where they do not (`... does not name aws_iam_user.bob or aws_iam_group_policy_attachment.deny is
 * not created (its count is not known)`). Undefined where a case no membership takes away is left (the finding holds
 * whoever they name). What their groups allow is read nowhere: a membership not known never makes a finding, and never
 * silences one.
 */
export function unlessNamedText(graph: ResourceGraph, principal: Resource, docs: readonly PolicyDocument[], cases: ReadonlyArray<(docs: readonly PolicyDocument[]) => boolean>): string | undefined {
  const memberships = graph.unknownMembershipsOf(principal.address);
  if (memberships.length === 0 || cases.length === 0) return undefined;
  const partition = holdersPartition(principal);
  const withDenies = memberships.flatMap((membership) => {
    const denies = docsInPartition(graph.identityPoliciesOf(membership.group), partition).filter(mayDeny);
    if (denies.length === 0) return [];
    const group = graph.resource(membership.group);
    const held = group && surelyHeld(graph, group, []);
    if (!held) return [{ membership, docs: [...docs, ...denies] }];
    const sure = docsInPartition(held.policies.map(({ doc }) => doc), partition).filter(mayDeny);
    return [{ membership, docs: [...docs, ...sure] }, ...(held.unless === undefined ? [] : [{ membership: withProperties(membership, { absent: held.unless }), docs: [...docs, ...denies] }])];
  });
  // Of a membership whose Denies may not reach its group, the sure ones first: where they take a case away, the others add nothing.
  const takingAway = cases.map((refused) => {
    const taking: Taking[] = [];
    for (const { membership, docs: withNamed } of withDenies) {
      if (!taking.some(({ holder, group }) => holder === membership.holder && group === membership.group) && refused(withNamed)) taking.push(membership);
    }
    return taking;
  });
  if (takingAway.some((naming) => naming.length === 0)) return undefined;
  // A case left only where another is (taken away by those of another and more, or by a membership's sure Denies where
  // the other's are those that may not be there) adds nothing.
  const distinct = [...new Map(takingAway.map((naming) => [naming.map(({ holder, group, absent }) => `${holder}\u0000${group}\u0000${absent ?? ''}`).join('\u0001'), naming])).values()];
  const leftOnlyWhere = (naming: readonly Taking[], other: readonly Taking[]) =>
    other.every((taking) => naming.some(({ holder, group, absent }) => holder === taking.holder && group === taking.group && (absent === undefined || absent === taking.absent)));
  const least = leastChoices(distinct, leftOnlyWhere);
  const written = least.map((naming) => notNamingText(graph, principal, naming));
  if (written.includes(undefined)) return undefined;
  const texts = [...new Set(written.filter((text) => text !== undefined))];
  return texts.length === 1 ? texts[0] : texts.map((text) => (text.includes(' and ') || text.includes(' or ') ? `(${text})` : text)).join(' or ');
}

/** A membership that takes a case away (`unlessNamedText`), with when its group's Denies that do so are not there (`SurelyHeld.unless`). */
type Taking = UnknownMembership & { absent?: string };

/**
 * `aws_iam_user_group_membership.m does not name aws_iam_user.bob`: none of the memberships names the user (each by
 * its address as written, without the `[*]` of the one instance a for_each not known is read as, `notCreatedText`);
 * one whose group a conditional chooses brings its Deny only where it is chosen: or where it is not (`noneHolds`); one
 * whose group's Denies may not be there, only where they are: or where they are not (`absent`). Undefined past
 * `MOST_ABSENCES` of those choices.
 */
function notNamingText(graph: ResourceGraph, principal: Resource, memberships: readonly Taking[]): string | undefined {
  const named = (holder: string): string[] => {
    const resource = graph.resource(holder);
    return resource ? [nameOf(resource).replaceAll('[*]', '')] : [];
  };
  const user = nameOf(principal);
  const alone = ({ choices, absent }: Taking) => !choices && absent === undefined;
  const holders = [...new Set(memberships.flatMap((membership) => (alone(membership) ? named(membership.holder) : [])))];
  const clauses = holders.length > 0 ? [`${listText(holders)} ${holders.length === 1 ? 'does' : 'do'} not name ${user}`] : [];
  for (const membership of memberships) {
    if (alone(membership)) continue;
    const none = membership.choices ? noneHolds(membership.choices, MOST_ABSENCES) : [];
    if (!none) return undefined;
    const absent = membership.absent === undefined ? [] : [membership.absent.includes(' and ') ? `(${membership.absent})` : membership.absent];
    for (const name of named(membership.holder)) clauses.push([`${name} does not name ${user}`, ...none.map(choiceText), ...absent].join(' or '));
  }
  const distinct = [...new Set(clauses)];
  return distinct.length <= 1 ? distinct[0] : distinct.map((clause) => (clause.includes(' or ') ? `(${clause})` : clause)).join(' and ');
}

/** The identity policies of a principal, as `identityPoliciesOf` lists them (for a user, its groups' after its own). */
export function principalPolicies(graph: ResourceGraph, principal: string): IdentityPolicy[] {
  const byDocument = policiesByDocument(graph);
  return graph.identityPoliciesOf(principal).map((doc) => byDocument.get(doc)!);
}

/** The policy of each of the graph's documents (`IdentityIndex.byDocument`). */
function policiesByDocument(graph: ResourceGraph): ReadonlyMap<PolicyDocument, IdentityPolicy> {
  const index = identityIndex(graph);
  return (index.byDocument ??= new Map(index.policies.map((policy) => [policy.source, policy])));
}

/** Every identity policy of the graph, inline or standalone, with the principals it reaches (computed once per graph). */
export function identityPolicies(graph: ResourceGraph): IdentityPolicy[] {
  return [...identityIndex(graph).policies];
}

/** `identityPolicies` grouped by the statements they share (see groupByStatements in rules/support.ts). */
export function identityPolicyGroups(graph: ResourceGraph): ReadonlyArray<StatementGroup<IdentityPolicy>> {
  return identityIndex(graph).groups;
}

/**
 * Whether `denied` can be anything but false for the document. Remembered by its statements, which the documents of
 * one policy text share with their `unresolved` (normalize.ts): a policy attached to many principals is asked for
 * each, and a plan stamps thousands of documents out of a few texts.
 */
function mayDeny(doc: PolicyDocument): boolean {
  let answer = mayDenyAnswers.get(doc.statements);
  if (answer === undefined) {
    answer = doc.unresolved !== undefined || doc.statements.some((statement) => statement.unresolved !== undefined || statement.effect === 'Deny');
    mayDenyAnswers.set(doc.statements, answer);
  }
  return answer;
}

const mayDenyAnswers = new WeakMap<readonly Statement[], boolean>();

function principalsReached(graph: ResourceGraph, holder: Resource): Resource[] {
  if (PRINCIPAL_NOUNS[holder.kind]) return [holder];
  const reached: Resource[] = [];
  // A policy attached twice to a principal reaches it once; the graph gives one resource for each address. Most
  // policies are attached to one principal: the set is made when a second one comes.
  let seen: Set<Resource> | undefined;
  for (const edge of graph.edgesFrom(holder.address, 'attached-policy')) {
    const target = graph.resource(edge.to);
    if (!target || !PRINCIPAL_NOUNS[target.kind]) continue;
    if (reached.length > 0) {
      seen ??= new Set(reached);
      if (seen.has(target)) continue;
      seen.add(target);
    }
    reached.push(target);
  }
  return reached;
}

/** What a file of each format is called in messages. */
const INPUT_NOUNS: Readonly<Record<InputFormat, string>> = { cloudformation: 'template', terraform: 'configuration', 'terraform-plan': 'plan' };

/**
 * The principals a policy is attached to that the input is not found to declare, each once, by what is known of them:
 * a name no declared principal may have, a name one declared with a name not known (`${Env}-ml`) may have, which is not
 * said to be undeclared, or no name (a value not known).
 */
function unmatchedNames(unmatched: readonly UnmatchedPrincipal[]): UnmatchedNames {
  if (unmatched.length === 0) return NO_UNMATCHED_NAMES;
  const names = (entries: readonly UnmatchedPrincipal[], text: (entry: UnmatchedPrincipal) => string) => [...new Set(entries.map(text))];
  return {
    undeclared: names(unmatched.filter((entry) => entry.name !== undefined && !entry.mayBeDeclared), ({ kind, name }) => `${kind} ${name}`),
    mayBeDeclared: [...new Set(unmatched.flatMap((entry) => (entry.name !== undefined && entry.mayBeDeclared ? [`${entry.kind} ${entry.name}`] : notKnownNames(entry).map((name) => `${entry.kind} ${name}`))))],
    notKnown: names(unmatched.filter((entry) => entry.name === undefined && notKnownNames(entry).length === 0), ({ kind }) => `a ${kind} whose name is not known`),
  };
}

/**
 * The names a value not known is shown by, as a name a declared principal may have is: those no declared principal has
 * of the few the input allows it (`UnmatchedPrincipal.otherNames`: `prod-bob`), else how it is written where it holds
 * known text (`${var.env}-bob`); none for a value with no known text (`${var.user}`: `a user whose name is not known`).
 */
function notKnownNames(entry: UnmatchedPrincipal): readonly string[] {
  if (entry.name !== undefined) return [];
  if (entry.otherNames !== undefined && entry.otherNames.length > 0) return entry.otherNames;
  return entry.written !== undefined && /[^}]$|^[^$]|\}[^$]/.test(entry.written) ? [entry.written] : [];
}

interface UnmatchedNames {
  undeclared: readonly string[];
  mayBeDeclared: readonly string[];
  notKnown: readonly string[];
}

/** The names of most policies: every principal they are attached to is one the input is found to declare. */
const NO_UNMATCHED_NAMES: UnmatchedNames = { undeclared: [], mayBeDeclared: [], notKnown: [] };

/**
 * A report's values with the policy as `{policy}`: its name in the fingerprint, and in the message its label, which says
 * whom it is attached to. `exposure` holds the report's other values that say whom the finding reaches. Whether anything
 * holds the policy stays in the fingerprint (no message shows it): a baseline that accepted a policy attached to nothing
 * did not accept it held by a user. `data` and `exposure` are made for the one report: the policy's values are added to
 * them, not to copies (thousands of reports each make them).
 */
export function policyValues(policy: IdentityPolicy, data: Record<string, string>, exposure: Record<string, string> = {}): Pick<RuleReport, 'data' | 'exposure'> {
  data.policy = policy.name;
  if (!policy.attached) data.heldBy = 'nothing';
  exposure.policy = policy.label;
  return { data, exposure };
}

/** `role A, role B and user C` for names, undefined for none. */
function listedOrNone(names: readonly string[]): string | undefined {
  return names.length > 0 ? someOf(names, listText) : undefined;
}

/** The roles and users whose permissions boundary the policy resource is. */
function boundedPrincipals(graph: ResourceGraph, holder: Resource): Resource[] {
  return graph.edgesTo(holder.address, 'permissions-boundary').flatMap((edge) => graph.resource(edge.from) ?? []);
}

function policyName(doc: PolicyDocument, holder: Resource): string {
  if (PRINCIPAL_NOUNS[holder.kind]) return `${doc.name ? `policy ${displayString(doc.name)}` : 'the inline policy'} of ${principalNames([holder])}`;
  return holder.kind === 'sso-permission-set' ? `permission set policy ${nameOf(holder)}` : `policy ${nameOf(holder)}`;
}

/** Whether a role, user or group the input declares or names holds the policy; an inline policy's holder always does. */
function isHeld(holder: Resource, principals: readonly Resource[], { undeclared, mayBeDeclared, notKnown }: UnmatchedNames): boolean {
  if (PRINCIPAL_NOUNS[holder.kind] || holder.kind === 'sso-permission-set' || principals.length > 0) return true;
  return undeclared.length + mayBeDeclared.length + notKnown.length > 0;
}

/** The policy's name, and for a policy resource whom it is attached to. */
function policyLabel(name: string, holder: Resource, principals: Resource[], { undeclared, mayBeDeclared, notKnown }: UnmatchedNames, bounded: () => Resource[], whenAttached: WhenAttached): string {
  if (PRINCIPAL_NOUNS[holder.kind] || holder.kind === 'sso-permission-set') return name;
  // Most policies are attached to principals the input declares alone.
  if (principals.length > 0 && undeclared.length + mayBeDeclared.length + notKnown.length === 0) return `${name} (attached to ${principalNames(principals, whenAttached)})`;
  const input = INPUT_NOUNS[holder.format];
  const undeclaredListed = listedOrNone(undeclared);
  const elsewhere = [undeclaredListed && `${undeclaredListed}, which this ${input} does not declare`, listedOrNone(mayBeDeclared), listedOrNone(notKnown)].filter((text) => text !== undefined);
  const others = elsewhere.length > 0 ? elsewhere.join(', and to ') : undefined;
  let attached: string;
  const boundaryOf = principals.length === 0 && !others ? bounded() : [];
  if (boundaryOf.length > 0) attached = `the permissions boundary of ${principalNames(boundaryOf)}, attached to no role, user or group in this ${input}`;
  else if (principals.length === 0) attached = others ? `attached to ${others}` : `not attached to a role, user or group in this ${input}`;
  else attached = `attached to ${principalNames(principals, whenAttached)}${others ? ` and to ${others}` : ''}`;
  return `${name} (${attached})`;
}

/**
 * Who a message says gets what the policy grants: the exposed principals the input declares, then those it is attached
 * to that the input is not found to declare and the finding holds for too (`Exposure.elsewhere`, or beside declared ones
 * exposed in any case `Exposure.exposedBeside`), as its label names them, each with when it is exposed where the finding
 * as a whole does not say it (`Exposure.whenOf`, `HeldElsewhere.when`); for a policy attached to nothing in the input,
 * whoever it is attached to. Where the finding holds under conditions on who makes the request (`someMembers`), a group
 * the input declares is named by those of its members whose requests meet them, which some may not.
 */
export function holdersText(graph: ResourceGraph, policy: IdentityPolicy, { principals, elsewhere, when, whenOf, exposedBeside }: Exposure, { someMembers = false } = {}): string {
  if (principals.length === 0 && policy.holder.kind === 'sso-permission-set') return 'whoever the permission set is assigned to';
  const declared = principalsNamed(principals, (principal) => bothWhens(graph.attachedWhen(policy.holder.address, principal.address), when === undefined ? whenOf.get(principal) : undefined), someMembers);
  return listedOrNone([...declared, ...elsewhereNames(exposedBeside?.() ?? elsewhere, when)]) ?? 'whoever it is attached to';
}

/**
 * Who a finding holds for, as its message names them (`holdersText`), where the statement holds under conditions on
 * the principals' own name, ARN or tags (`ownValues`: `Probe.grantedUnder`), which the requests of some of them may not
 * meet: a group is named by those of its members whose requests meet them, and whoever a policy the input attaches to
 * no one it names is attached to, by those whose requests meet them. `onRequester`: the message names neither of those
 * by the principals whose requests meet the conditions, and says they are on who makes the request.
 */
export function requestersText(graph: ResourceGraph, policy: IdentityPolicy, exposure: Exposure, ownValues: boolean): { principals: string; onRequester: boolean } {
  const unnamed = ownValues && !namesHolders(exposure);
  const someMembers = ownValues && exposure.principals.some((principal) => principal.kind === 'iam-group');
  const holders = holdersText(graph, policy, exposure, { someMembers });
  return { principals: unnamed ? `${holders} whose requests meet them` : holders, onRequester: unnamed || someMembers };
}

/** Whether `holdersText` names the principals, rather than whoever the policy is attached or the permission set assigned to. */
export function namesHolders({ principals, elsewhere, when, exposedBeside }: Exposure): boolean {
  return principals.length > 0 || elsewhereNames(exposedBeside?.() ?? elsewhere, when).length > 0;
}

/**
 * When a finding made for several principals or readings holds, where each holds only in some case: one of their cases
 * (`a or b`); undefined where one holds in any case (undefined), or there is none (each is then named with its own,
 * `holdersText`).
 */
export function whenEachHolds(whens: ReadonlyArray<string | undefined>): string | undefined {
  if (whens.length === 0 || whens.some((when) => when === undefined)) return undefined;
  return [...new Set(whens)].join(' or ');
}

/**
 * Principals the input does not declare that a finding holds for, as a message names them (`Reading.names`), each with
 * when it holds for them where the finding as a whole does not say it (`findingWhen`, `whenEachHolds`: undefined where
 * one of them is exposed in any case), as `holdersText` names declared principals: whoever the policy is attached to
 * when none is named.
 */
export function elsewhereText(held: readonly HeldElsewhere[], findingWhen: string | undefined): string {
  return listedOrNone(elsewhereNames(held, findingWhen)) ?? 'whoever it is attached to';
}

/** The names `elsewhereText` lists, each once. */
function elsewhereNames(held: readonly HeldElsewhere[], findingWhen: string | undefined): string[] {
  return [...new Set(held.flatMap(({ names, when }) => names.map((name) => (when === undefined || findingWhen !== undefined ? name : `${name} when ${when}`))))];
}

/** Principals the input does not declare that a finding holds for, read together (`Reading.names`), and when, where only in some case. */
export interface HeldElsewhere {
  readonly names: readonly string[];
  readonly when?: string;
}

/** When a policy reaches a principal: undefined in any case, else what a conditional not decided must choose (`ResourceGraph.attachedWhen`). */
type WhenAttached = (principal: Resource) => string | undefined;

/** `role A, role B and user C` (see `someOf` for a policy attached to many), each with when the policy reaches it where `whenAttached` says so. */
export function principalNames(principals: readonly Resource[], whenAttached?: WhenAttached): string {
  return someOf(principalsNamed(principals, whenAttached), listText);
}

/** Each of `principalNames`; a group as those of its members whose requests meet the conditions, where `someMembers`. */
function principalsNamed(principals: readonly Resource[], whenAttached?: WhenAttached, someMembers = false): string[] {
  return principals.map((principal) => {
    const when = whenAttached?.(principal);
    const named = `${PRINCIPAL_NOUNS[principal.kind] ?? principal.type} ${nameOf(principal)}`;
    return `${someMembers && principal.kind === 'iam-group' ? `the members of ${named} whose requests meet them` : named}${when === undefined ? '' : ` when ${when}`}`;
  });
}

export function listText(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** `a, b or c`: one of the items, as `listText` writes all of them. */
export function orText(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** A request of a given shape: the action, the resource, and the context keys known about it. */
export interface Probe {
  action: string;
  resource: string;
  /** The scan's instant (`RuleContext.now`): the request is made at it or later. */
  now: number;
  /**
   * The resource with the owner's region, account or both where its ARN writes them out (see `grantedResources`): a
   * Deny written with the owner's symbols, or with one of them, refuses the request too.
   */
  asOwners?: readonly string[];
  context: RequestContext;
  /**
   * Keys (lower-cased) the request does not hold, whatever `context` says: the resource is the one an Allow names with a
   * policy variable's default (`${aws:username, 'x'}` names `x` in a request without aws:username), asked of the Denies
   * in such a request, where they read the default too, and a variable on the key without one has no value (see
   * `grantedResources`).
   */
  withoutKeys?: readonly string[];
  /**
   * The request stands for one to every service (an iam:PassRole that may hand the role to any): refused only where the
   * Denies refuse it with each service they write as iam:PassedToService too (`deniedToEachService`), not only with
   * the service no policy names its context carries.
   */
  toEveryService?: true;
  /**
   * The conditions of the Allow that grants the request on aws:username, aws:PrincipalArn and aws:PrincipalTag, which
   * each principal's requests decide (`grantedUnder`): a principal whose requests may fail them is granted none of it
   * for a finding (`makes`).
   */
  grantedUnder?: readonly ConditionEntry[];
  /**
   * The Allow's conditions on the request's time, where they hold only at some times from the scan on (`grantingWindow`:
   * `DateGreaterThan aws:CurrentTime: 2999-01-01`, `DateLessThan: 2999-01-01`): the Denies protect the request where they
   * refuse it at each time these hold (`denied`). From the scan on, at every time, where not given.
   */
  grantedWhen?: readonly ConditionEntry[];
  /**
   * For an administrator's grant, the time after the scan from which it holds for every request (`unrestrictedFrom`),
   * where it holds only from then on: the Denies are asked from then on alone.
   */
  grantedFrom?: number;
  /** The latest time the request is asked at, where a message asks what the Denies leave until then (`leftFrom`). */
  grantedUntil?: number;
}

/** Who a finding on a policy's probes is made for (`exposedPrincipals`), and when it holds. */
export interface Exposure {
  /** The principals the input declares that are exposed; empty when only ones it does not declare are. */
  readonly principals: Resource[];
  /**
   * The principals the input does not declare that are exposed, and when (each reading the finding holds for, read with
   * their own requests: `elsewhereProbes`), where no declared one is, or each is only in some case.
   */
  readonly elsewhere: readonly HeldElsewhere[];
  /** Where every principal is exposed only without Denies that may not reach it: when the finding holds (`whenEachHolds`). */
  readonly when?: string;
  /** When each principal exposed only so is exposed (`surelyHeld`, `unlessNamedText`). */
  readonly whenOf: ReadonlyMap<Resource, string>;
  /**
   * Where a declared principal is exposed in any case (`elsewhere` is empty then, and `undeniedProbes` reads the declared
   * ones only): the principals the input does not declare that are exposed too, as `elsewhere` would list them.
   */
  readonly exposedBeside?: () => readonly HeldElsewhere[];
}

/**
 * The principals the policy reaches for whom some probe is not certainly refused by a Deny among all of that
 * principal's identity policies. A Deny that might apply only through an unresolved value leaves the answer open, and
 * an open answer is never a finding: such a principal is not listed. Undefined when every principal is protected (or
 * possibly protected). Empty when none the input declares is exposed but one it does not declare is, read as
 * `elsewhereReadings` reads it (a policy attached to a guarded role too must not hide what it grants that other one):
 * `elsewhere` lists those, and those beside declared ones exposed only in some case. A principal protected only by
 * Denies that may not reach it (`surelyHeld`) is exposed too, and `whenOf` says when.
 */
export function exposedPrincipals(graph: ResourceGraph, policy: IdentityPolicy, probes: readonly Probe[]): Exposure | undefined {
  if (probes.length === 0) return undefined;
  const unless = new Map<Resource, string>();
  const exposed = policy.principals.filter((principal) => {
    const exposure = principalExposure(graph, policy, principal, probes);
    if (exposure?.when !== undefined) unless.set(principal, exposure.when);
    return exposure !== undefined;
  });
  const declaredWhen = whenEachHolds(exposed.map((principal) => unless.get(principal)));
  // Exposed in any case, the declared ones decide the finding and its when: the others it holds for too are read only
  // for a message that names them, but for a value not known that may name only declared principals exposed already
  // (`Reading.mayName`), which adds no one.
  if (exposed.length > 0 && declaredWhen === undefined) {
    const namesAnother = ({ mayName }: Reading) => !mayName || mayName.other || mayName.principals.some((principal) => !exposed.includes(principal));
    let beside: HeldElsewhere[] | undefined;
    return { principals: exposed, elsewhere: [], whenOf: unless, exposedBeside: () => (beside ??= exposedReadings(graph, policy, probes, elsewhereReadings(graph, policy).filter(namesAnother))) };
  }
  // Where the declared ones are exposed only in some case, the others may be in any other (a name the input does not
  // declare, whom their Denies do not reach): the finding holds where one of them is, and names them all.
  const exposedElsewhere = exposedReadings(graph, policy, probes, elsewhereReadings(graph, policy));
  if (exposed.length === 0 && exposedElsewhere.length === 0) return undefined;
  // Each exposed only in some case (a declared one whose Denies may not reach it, a name that is a declared one's where
  // its Denies are read): the finding holds where one of them is.
  const when = whenEachHolds([...exposed.map((principal) => unless.get(principal)), ...exposedElsewhere.map((exposure) => exposure.when)]);
  return { principals: exposed, elsewhere: exposedElsewhere, ...(when === undefined ? {} : { when }), whenOf: unless };
}

/** Of the readings of the principals the policy reaches that the input does not declare (`elsewhereReadings`), those some probe is left to, and when. */
function exposedReadings(graph: ResourceGraph, policy: IdentityPolicy, probes: readonly Probe[], readings: readonly Reading[]): HeldElsewhere[] {
  return readings.flatMap((reading) => {
    const exposure = readingExposure(graph, policy, reading, probes, presentIn(elsewhereProbes(policy, probes, reading)));
    return exposure ? [{ names: reading.names, ...exposure }] : [];
  });
}

/**
 * Whether some probe is not certainly refused by a Deny among the principal's identity policies (see
 * `exposedPrincipals`), and when: undefined where none is. `named`: the documents it holds too where a value not known
 * names it (`readingExposure`: the policy, and those attached by the same expression).
 */
function principalExposure(graph: ResourceGraph, policy: IdentityPolicy, principal: Resource, probes: readonly Probe[], named: readonly PolicyDocument[] = []): Exposed | undefined {
  if (principal.kind !== 'iam-group') return ownExposure(graph, policy, principal, probes, named);
  // A group whose members are all known makes its members' requests only: none of a member of a name not known.
  const exclusive = graph.exclusiveMembersOf(principal.address);
  if (exclusive) return membersExposure(graph, policy, exclusive.users, probes, named, namedMembersExposure(graph, policy, principal, exclusive.names, probes, named));
  return ownExposure(graph, policy, principal, probes, named) ?? membersExposure(graph, policy, surelyDeclaredMembers(graph, principal), probes, named);
}

/**
 * A group's exposure through members the input declares (`surelyDeclaredMembers`, or all of them:
 * `ResourceGraph.exclusiveMembersOf`), each read with its own requests (its name as aws:username) and Denies: where the
 * group's own reading leaves the answer open (a Deny on a member's name, which a member of a name not known may have,
 * `ownUserName`), or where they are all its members, a declared member that is certainly left a request exposes the
 * group; in any case where one of them is exposed in any case, else when one of them is (`whenEachHolds`).
 */
function membersExposure(graph: ResourceGraph, policy: IdentityPolicy, members: readonly Resource[], probes: readonly Probe[], named: readonly PolicyDocument[], others: ReadonlyArray<Exposed | undefined> = []): Exposed | undefined {
  const whens: string[] = [];
  for (const exposure of others) {
    if (!exposure) continue;
    if (exposure.when === undefined) return {};
    whens.push(exposure.when);
  }
  for (const member of members) {
    const exposure = ownExposure(graph, policy, member, probes, named);
    if (!exposure) continue;
    // One member exposed in any case decides it: the others need not be read (a group of thousands).
    if (exposure.when === undefined) return {};
    whens.push(exposure.when);
  }
  const when = whenEachHolds(whens);
  return when === undefined ? undefined : { when };
}

/**
 * The exposure of each member of the group that the input names but does not declare (`ResourceGraph.exclusiveMembersOf`),
 * read with the group's documents and `named`, and its own requests: its name as aws:username, an ARN of a path not
 * known, tags not known (`undeclaredRequests`). What is attached to that name elsewhere may only add Denies: not read.
 */
function namedMembersExposure(graph: ResourceGraph, policy: IdentityPolicy, group: Resource, names: readonly string[], probes: readonly Probe[], named: readonly PolicyDocument[]): Array<Exposed | undefined> {
  const docs = withDeniesOf(principalDocs(graph, group), named);
  return names.map((name) => {
    const reading: Reading = { names: [`user ${name}`], docs, policies: principalPolicies(graph, group.address), ...undeclaredRequests(policy, 'user', name) };
    return readingExposure(graph, policy, reading, probes, presentIn(elsewhereProbes(policy, probes, reading)));
  });
}

/**
 * The users the input declares that a membership puts in the group in any case: not one whose resource may not be
 * created (a `count` not known) or that holds only when a choice is made so, where the group's Allow may not reach them.
 */
function surelyDeclaredMembers(graph: ResourceGraph, group: Resource): Resource[] {
  return graph.edgesTo(group.address, 'member-of').flatMap((edge) => {
    if (edge.choices !== undefined || (edge.holder !== undefined && graph.resource(edge.holder)?.createdNotKnown !== undefined)) return [];
    const member = graph.resource(edge.from);
    return member?.kind === 'iam-user' ? [member] : [];
  });
}

/** `principalExposure` of the principal with its own requests: a group's those of a member of a name not known (`ownUserName`). */
function ownExposure(graph: ResourceGraph, policy: IdentityPolicy, principal: Resource, probes: readonly Probe[], named: readonly PolicyDocument[]): Exposed | undefined {
  const grants = grantsTo(policy, principal);
  const denying = named.filter(mayDeny);
  if (grants.length > 0 || denying.length > 0) return exposureWith(graph, principal, probes, grants, denying);
  // A policy that neither reaches the principal nor brings it a Deny changes nothing of what it holds: read once for
  // the requests (values not known that may name each of thousands of users, each attached to a policy of its own).
  let byPrincipal = exposuresOfUnreached.get(principal);
  if (!byPrincipal) exposuresOfUnreached.set(principal, (byPrincipal = new Map()));
  const key = probesKey(probes);
  let exposure = byPrincipal.get(key);
  if (exposure === undefined) byPrincipal.set(key, (exposure = exposureWith(graph, principal, probes, [], []) ?? null));
  return exposure ?? undefined;
}

/** The documents of the policy's Allow that reach the principal, as `surelyHeld` is told them: none for one it does not reach (a value not known may name it). */
function grantsTo(policy: IdentityPolicy, principal: Resource): readonly PolicyDocument[] {
  return policy.principals.includes(principal) ? [policy.source] : [];
}

type Exposed = { when?: string };

const exposuresOfUnreached = new WeakMap<Resource, Map<string, Exposed | null>>();

/** The requests as a key: two lists of the same requests (statements of one text in policies of their own) have one. */
function probesKey(probes: readonly Probe[]): string {
  let key = probesKeys.get(probes);
  if (key === undefined) {
    key = probes.map((probe) => [probe.action, probe.resource, probe.asOwners?.join('\u0002') ?? '', contextId(probe.context), probe.withoutKeys?.join('\u0002') ?? '', probe.toEveryService ? 'every service' : '', probe.grantedUnder?.map(conditionText).join('\u0002') ?? '', grantTimesKey(probe)].join('\u0001')).join('\u0000');
    probesKeys.set(probes, key);
  }
  return key;
}

const probesKeys = new WeakMap<readonly Probe[], string>();

/** A condition as text that tells it apart from others (`probesKey`). */
function conditionText({ operator, key, values }: ConditionEntry): string {
  return JSON.stringify([operator, key, values.map(({ value }) => (value instanceof Unresolved ? null : value))]);
}

/** A number for each context, which `probesKey` writes for it: contexts are told apart by identity. */
function contextId(context: RequestContext): number {
  let id = contextIds.get(context);
  if (id === undefined) contextIds.set(context, (id = nextContextId++));
  return id;
}

const contextIds = new WeakMap<RequestContext, number>();
let nextContextId = 0;

/**
 * `principalExposure` of a principal that holds `grants` (the documents of the Allow that reach it, which `surelyHeld`
 * is told) and the documents that may deny `denying` besides its own. Where its Denies read values each one of values
 * written out (`valueCases`) and leave some request open, each way those values may be is read apart: the finding holds
 * where one of those leaves a request to the principal, and says which (`only when DeniedAction is s3:DeleteBucket`,
 * `only when var.strict is false`).
 */
function exposureWith(graph: ResourceGraph, principal: Resource, probes: readonly Probe[], grants: readonly PolicyDocument[], denying: readonly PolicyDocument[]): Exposed | undefined {
  // A principal no Deny may guard is exposed to each request it makes (`makes`).
  if (!isGuarded(graph, principal.address) && denying.length === 0) {
    const carried = ownRequests(principal);
    return probes.some((probe) => makes(carried, probe)) ? {} : undefined;
  }
  const found = foundAsReadOrInCases(
    () => possibleCases(graph, principal, grants, withDeniesOf(principalDocs(graph, principal), denying)),
    (valueCase) => exposureInCase(graph, principal, probes, grants, denying, valueCase),
  );
  return found && (found.when === undefined ? {} : { when: found.when });
}

/**
 * What a reading (`find`) finds as the documents are read, and where that is nothing, or holds only in some case, what
 * it finds in each case of the values their Denies read (`cases`, asked only then): `foundInCases` where it finds
 * something there, else what it finds as they are read. For a rule whose reading leaves a Deny on a value not known an
 * open answer, which makes no finding: one it makes as they are read holds in every case.
 */
export function foundAsReadOrInCases<T extends Exposed>(cases: () => readonly ValueCase[] | undefined, find: (valueCase?: ValueCase) => T | undefined): FoundInCases<T> | undefined {
  const asRead = find();
  if (asRead && asRead.when === undefined) return { found: [asRead] };
  const possible = cases();
  return (possible && foundInCases(possible, find)) ?? (asRead && { found: [asRead], when: asRead.when });
}

/**
 * What a reading (`find`) finds in each case of the values Denies read (`possibleCases`), together: undefined where it
 * finds nothing in any; else what it finds in each where it does, and when the finding holds (`exposedInCases`: none
 * where it holds in each alike, else which cases).
 */
export function foundInCases<T extends Exposed>(cases: readonly ValueCase[], find: (valueCase: ValueCase) => T | undefined): FoundInCases<T> | undefined {
  const exposed = cases.flatMap((valueCase) => {
    const found = find(valueCase);
    return found ? [{ valueCase, when: found.when, found }] : [];
  });
  return exposed.length === 0 ? undefined : { found: exposed.map(({ found }) => found), ...exposedInCases(exposed, cases) };
}

/** What a reading finds in the cases it finds something in (`foundInCases`), and when the finding holds. */
export interface FoundInCases<T> {
  found: readonly T[];
  when?: string;
}

/**
 * What a reading exposed in some of the cases of the values its Denies read (`valueCases`) is: exposed as in each where
 * it is in all of them alike, else only in those it is, which it names (`casesText`).
 */
function exposedInCases(exposed: readonly CaseExposed[], cases: readonly ValueCase[]): Exposed {
  const { when } = exposed[0]!;
  if (exposed.length === cases.length && exposed.every((other) => other.when === when)) return when === undefined ? {} : { when };
  return { when: casesText(exposed, cases) };
}

/** A case of the values Denies read in which a reading is exposed, and when there. */
interface CaseExposed {
  valueCase: ValueCase;
  when: string | undefined;
}

/**
 * The cases of the values the principal's Denies read (`valueCases` of `docs`) that may come with the Allow of
 * `grants` (and a managed policy ARN `arn`): one it never comes with is none of the finding's, nor one of a grant
 * through a resource of a count not known, whose count may read the same choice. Undefined where the Denies read no
 * such value. Each of them, without a principal (the documents read for principals the input does not declare).
 */
export function possibleCases(graph: ResourceGraph, principal: Resource | undefined, grants: readonly PolicyDocument[], docs: readonly PolicyDocument[], arn?: ManagedPolicyArn): readonly ValueCase[] | undefined {
  const cases = valueCases(docs);
  if (!principal || cases === undefined || cases.every(({ terms }) => terms.length === 0)) return cases;
  const { granted, grantedResource } = madeWithGrants(graph, principal, grants, arn);
  return cases.filter(({ terms }) => terms.length === 0 || (!grantedResource && holdsWith(granted, terms)));
}

/** `exposureWith` as the documents are read in a case of the values their Denies read (`valueCases`), or as they are (undefined). */
function exposureInCase(graph: ResourceGraph, principal: Resource, probes: readonly Probe[], grants: readonly PolicyDocument[], denying: readonly PolicyDocument[], valueCase: ValueCase | undefined): Exposed | undefined {
  const withDenying = (docs: readonly PolicyDocument[]) => docsInCase(withDeniesOf(docs, denying), valueCase);
  const asked = probesOf(principal, probes);
  // Exposed with `docs`: only unless memberships whose members are not known name it, where their Denies refuse what
  // is left or leave it open (a Deny on a value not known): an open answer is no finding.
  const unlessNamed = (docs: readonly PolicyDocument[]) =>
    unlessNamedText(
      graph,
      principal,
      docs,
      asked.filter((probe) => deniedOnce(docs, probe) === false).map((probe) => (withNamed: readonly PolicyDocument[]) => deniedOnce(docsInCase(withNamed, valueCase), probe) !== false),
    );
  const docs = withDenying(principalDocs(graph, principal));
  if (isExposedTo(docs, asked)) {
    const when = unlessNamed(docs);
    return when ? { when } : {};
  }
  const held = surelyHeld(graph, principal, grants);
  const left = held && heldInCase(held, valueCase);
  if (!held || !left) return undefined;
  const heldDocs = withDenying(held.docs);
  if (!exposedOnlyWithout(docs, heldDocs, asked)) return undefined;
  const when = bothWhens(left.unless, unlessNamed(heldDocs));
  return when === undefined ? {} : { when };
}

/**
 * One way the values not known that Denies read may be, where each is one of values written out: a template
 * parameter without a value one of its AllowedValues (`Unresolved.allowed`), a Terraform conditional on a variable
 * without a value one of its choices (`Unresolved.choices`). The deployer chooses it: a finding that holds in such a
 * case rests on that choice, which it names, not on a value not known.
 */
export interface ValueCase {
  /** The value each such parameter is, by name. */
  readonly parameters: ReadonlyMap<string, string>;
  /** The choices made so. */
  readonly terms: readonly ChoiceTerm[];
  /** The statements, documents and lists of documents as this case reads them, each made once (`docsInCase`). */
  readonly statements: WeakMap<Statement, Statement>;
  readonly docs: WeakMap<PolicyDocument, PolicyDocument>;
  readonly lists: WeakMap<readonly PolicyDocument[], readonly PolicyDocument[]>;
}

/** The most cases `valueCases` reads: past them, the values stay not known, and a Deny on them an open answer. */
const MOST_VALUE_CASES = 16;

/**
 * The ways the values Denies of the documents read whole (an Action, NotAction, Resource, NotResource entry or a
 * condition value) may be, where each is one of values written out (`ValueCase`): every combination of each parameter's
 * allowed values and of choices that may hold together (`bothHold`). Undefined where they read none, or where there
 * are more than MOST_VALUE_CASES.
 */
function valueCases(docs: readonly PolicyDocument[]): readonly ValueCase[] | undefined {
  if (valueCasesOf.has(docs)) return valueCasesOf.get(docs) ?? undefined;
  const allowed = new Map<string, readonly string[]>();
  const chosen: Unresolved[] = [];
  for (const doc of docs) {
    for (const statement of doc.statements) {
      if (statement.effect !== 'Deny') continue;
      for (const { value } of statementValues(statement)) {
        for (const oneOf of oneOfWrittenIn(value)) {
          if (oneOf.allowed && oneOf.written !== undefined) allowed.set(oneOf.written, oneOf.allowed);
          else if (oneOf.choices) chosen.push(oneOf);
        }
      }
    }
  }
  let cases: Array<{ parameters: ReadonlyMap<string, string>; terms: readonly ChoiceTerm[] }> = [{ parameters: new Map(), terms: [] }];
  for (const [name, values] of allowed) {
    cases = cases.flatMap(({ parameters, terms }) => values.map((value) => ({ parameters: new Map([...parameters, [name, value]]), terms })));
    if (cases.length > MOST_VALUE_CASES) break;
  }
  for (const value of chosen) {
    if (cases.length > MOST_VALUE_CASES) break;
    cases = cases.flatMap(({ parameters, terms }) =>
      value.choices!.flatMap((choice) => {
        const both = bothHold(terms, choice.when);
        return both ? [{ parameters, terms: both }] : [];
      }),
    );
  }
  const found = allowed.size + chosen.length === 0 || cases.length > MOST_VALUE_CASES ? undefined : cases.map((made) => ({ ...made, statements: new WeakMap(), docs: new WeakMap(), lists: new WeakMap() }));
  valueCasesOf.set(docs, found ?? null);
  return found;
}

const valueCasesOf = new WeakMap<readonly PolicyDocument[], readonly ValueCase[] | null>();

/** Whether a value is not known but one of values written out: a parameter's allowed values, a conditional's choices (`ValueCase`). */
function isOneOfWritten(value: PolicyValue['value']): value is Unresolved {
  return value instanceof Unresolved && ((value.allowed !== undefined && value.written !== undefined) || value.choices !== undefined);
}

/**
 * The values not known but one of values written out (`isOneOfWritten`) an entry reads: the entry whole, or the pieces
 * of its text (`!Sub 'iam:${Verb}'`, whose marker keeps the values Verb allows).
 */
function oneOfWrittenIn(value: PolicyValue['value']): readonly Unresolved[] {
  if (typeof value === 'string') return unresolvedPieces(value).filter(isOneOfWritten);
  return isOneOfWritten(value) ? [value] : [];
}

/** The values a statement's Action, NotAction, Resource, NotResource and condition entries hold. */
function statementValues(statement: Statement): PolicyValue[] {
  return [...(statement.action ?? []), ...(statement.notAction ?? []), ...(statement.resource ?? []), ...(statement.notResource ?? []), ...statement.conditions.flatMap(({ values }) => values)];
}

/**
 * The documents as the case reads them: each Deny with the values the case gives in place of those not known; as they
 * are read where there is no case (undefined).
 */
export function docsInCase(docs: readonly PolicyDocument[], valueCase: ValueCase | undefined): readonly PolicyDocument[] {
  if (!valueCase) return docs;
  let read = valueCase.lists.get(docs);
  if (!read) {
    const inCase = docs.map((doc) => docInCase(doc, valueCase));
    read = inCase.every((doc, index) => doc === docs[index]) ? docs : inCase;
    valueCase.lists.set(docs, read);
  }
  return read;
}

function docInCase(doc: PolicyDocument, valueCase: ValueCase): PolicyDocument {
  let read = valueCase.docs.get(doc);
  if (!read) {
    const statements = doc.statements.map((statement) => statementInCase(statement, valueCase));
    read = statements.every((statement, index) => statement === doc.statements[index]) ? doc : withProperties(doc, { statements });
    valueCase.docs.set(doc, read);
  }
  return read;
}

function statementInCase(statement: Statement, valueCase: ValueCase): Statement {
  if (statement.effect !== 'Deny' || !statementValues(statement).some(({ value }) => oneOfWrittenIn(value).length > 0)) return statement;
  let read = valueCase.statements.get(statement);
  if (!read) {
    const entries = (list: PolicyValue[] | undefined) => list && list.flatMap((entry) => entryInCase(entry, valueCase));
    read = withProperties(statement, {
      action: entries(statement.action),
      notAction: entries(statement.notAction),
      resource: entries(statement.resource),
      notResource: entries(statement.notResource),
      conditions: statement.conditions.map((condition) => withProperties(condition, { values: entries(condition.values)! })),
    });
    valueCase.statements.set(statement, read);
  }
  return read;
}

/**
 * The entries a value is in the case: the allowed value of its parameter, the value of the choice the case makes (a list
 * is each of its items), written as IAM reads it; a text with the allowed value of each parameter of its pieces in
 * their place; the entry itself where the case gives it no value, or one that is no text (an object, an empty text,
 * which is unset).
 */
function entryInCase(entry: PolicyValue, valueCase: ValueCase): PolicyValue[] {
  const { value, path } = entry;
  if (typeof value === 'string') {
    const text = withPiecesGiven(value, (piece) => parameterInCase(piece, valueCase));
    return text === value || text === '' ? [entry] : [{ value: text, path }];
  }
  const given = parameterInCase(value, valueCase) ?? value.choices?.find((choice) => termsImply(valueCase.terms, choice.when))?.value;
  if (given === undefined) return [entry];
  const items = Array.isArray(given) ? given : [given];
  const texts = items.map((item) => (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean' ? String(item) : item instanceof Unresolved ? item : undefined));
  if (texts.some((text) => text === undefined || text === '')) return [entry];
  return texts.map((text) => ({ value: text!, path }));
}

/** The value the case gives a parameter with AllowedValues (`Unresolved.allowed`); undefined for any other value. */
function parameterInCase(value: Unresolved, valueCase: ValueCase): string | undefined {
  return value.allowed && value.written !== undefined ? valueCase.parameters.get(value.written) : undefined;
}

/**
 * When a finding that holds in some of the cases of the values its Denies read (`valueCases`) holds: each case with when
 * it holds there, one or another, without the parameters whose value decides nothing (each value leaves the finding as
 * it is where the others are as they are); cases of one parameter alone said once (`DeniedAction is s3:GetObject or
 * s3:DeleteBucket`).
 */
function casesText(exposed: readonly CaseExposed[], cases: readonly ValueCase[]): string {
  const whenIn = new Map(exposed.map(({ valueCase, when }) => [valueCase, when ?? '']));
  const untold = new Set<string>();
  const apartFrom = ({ parameters, terms }: ValueCase, name: string) => JSON.stringify([[...parameters].filter(([other]) => other !== name && !untold.has(other)), terms]);
  for (const name of new Set(cases.flatMap(({ parameters }) => [...parameters.keys()]))) {
    const alike = new Map<string, Set<string | undefined>>();
    for (const valueCase of cases) {
      const key = apartFrom(valueCase, name);
      alike.set(key, (alike.get(key) ?? new Set()).add(whenIn.get(valueCase)));
    }
    if ([...alike.values()].every((whens) => whens.size === 1)) untold.add(name);
  }
  const told = exposed.map(({ valueCase, when }) => ({ parameters: [...valueCase.parameters].filter(([name]) => !untold.has(name)), terms: valueCase.terms, when }));
  const [first] = told;
  if (told.every(({ parameters, terms, when }) => parameters.length === 1 && parameters[0]![0] === first!.parameters[0]?.[0] && terms.length === 0 && when === undefined)) {
    return `${first!.parameters[0]![0]} is ${orText([...new Set(told.map(({ parameters }) => valueText(parameters[0]![1])))])}`;
  }
  return [...new Set(told.map(({ parameters, terms, when }) => bothWhens(caseText(parameters, terms), when)))].join(' or ');
}

/** `DeniedAction is s3:DeleteBucket and var.strict is false`: the values and choices of a case. */
function caseText(parameters: ReadonlyArray<readonly [string, string]>, terms: readonly ChoiceTerm[]): string | undefined {
  const said = [...parameters.map(([name, value]) => `${name} is ${valueText(value)}`), ...(terms.length > 0 ? [choiceText(terms)] : [])];
  return said.length === 0 ? undefined : said.join(' and ');
}

/** A parameter's value as a when says it: quoted where it is empty or holds a space, which would run into the words around it. */
function valueText(value: string): string {
  return /^\S+$/.test(value) ? value : JSON.stringify(value);
}

/**
 * The documents with those of `named` that may deny and are not among them (`exposureWith`): Allows change no
 * answer of `denied`, and the documents themselves, whose answers are remembered by the list, are read where none is
 * added (a value not known that may name each of thousands of users).
 */
function withDeniesOf(docs: readonly PolicyDocument[], named: readonly PolicyDocument[]): readonly PolicyDocument[] {
  const added = named.filter((doc) => mayDeny(doc) && !docs.includes(doc));
  return added.length === 0 ? docs : [...docs, ...added];
}

/**
 * The probes as the requests of the principals a policy reaches that the input does not declare make them, as the
 * reading stands for them (`elsewhereReadings`): principals of the policy's own account, where IAM attaches it, whose
 * requests are the owner's principals' (`askedOf` its holder: a Deny on a pattern of accounts is decided against the
 * holder's account id); a permission set's as they are, since its principals act in the accounts it is assigned in;
 * each with the aws:username and aws:PrincipalArn the reading's principals carry (`Reading.userName`, `Reading.principalArn`).
 */
function elsewhereProbes(policy: IdentityPolicy, probes: readonly Probe[], reading: OwnRequests): ReadonlyArray<Probe | undefined> {
  return policy.holder.kind === 'sso-permission-set' ? askedAs(probes, reading) : askedOf(policy.holder, probes, reading);
}

/**
 * aws:username in the requests of whom a principal stands for: a name (one not known is an unresolved marker; a group's
 * member's is the policy variable's value, `USER_NAME_VALUE`), `null` where they carry none (a role's sessions),
 * undefined where that is not said (principals of several kinds, a policy attached to no one).
 */
type UserName = string | null | undefined;

/**
 * The probe as the requests of whom `requester` stands for make it, as `probesOf` and `elsewhereProbes` make their
 * probes: a principal's, or, for a policy resource, those of the principals a reading of it stands for
 * (`elsewhereReadings`); for a rule that asks `denied` itself. Undefined where they make no such request (`makes`).
 */
export function requestOf(requester: Resource, probe: Probe, reading?: OwnRequests): Probe | undefined {
  const owners = requester.kind === 'sso-permission-set' ? probe : probesWithPrincipalAccount([probe], requester)[0]!;
  const { userName, principalArn, principalTags } = reading ?? ownRequests(requester);
  return requestedAs(asPrincipal(owners, principalArn, principalTags), { userName, principalArn, principalTags });
}

/**
 * The probes as the principal's requests make them, each in its place, undefined where it makes no such request: those
 * of a principal with the account it carries as `probesWithPrincipalAccount` makes them; each
 * with the aws:username, aws:PrincipalArn and aws:PrincipalTag they carry (`requestedAs`, `asPrincipal`: the principal's
 * own, `ownUserName`, `ownPrincipalArn` and `ownPrincipalTags`, or a reading's).
 */
function askedOf(principal: Resource, probes: readonly Probe[], carried: OwnRequests): ReadonlyArray<Probe | undefined> {
  return askedAs(probesWithPrincipalAccount(probes, principal), carried);
}

/** `askedOf` the principal with its own aws:username, ARN and tags, without the requests it does not make. */
function probesOf(principal: Resource, probes: readonly Probe[]): readonly Probe[] {
  return presentIn(askedOf(principal, probes, ownRequests(principal)));
}

/** The probes as requests carrying `carried`'s aws:PrincipalArn, aws:PrincipalTag and aws:username make them (`asPrincipal`, `requestedAs`), each in its place. */
function askedAs(probes: readonly Probe[], { userName, principalArn, principalTags }: OwnRequests): ReadonlyArray<Probe | undefined> {
  return userName === undefined && principalArn === undefined && principalTags === undefined ? probes : probes.map((probe) => requestedAs(asPrincipal(probe, principalArn, principalTags), { userName, principalArn, principalTags }));
}

/** The requests made of `askedOf`'s probes, in their order. */
function presentIn(probes: ReadonlyArray<Probe | undefined>): readonly Probe[] {
  return probes.every((probe) => probe !== undefined) ? (probes as readonly Probe[]) : probes.filter((probe) => probe !== undefined);
}

/** The probe with another context (and resource), one object per probe and context: Denies are remembered by context (`deniedOnce`). */
function probeWithContext(probe: Probe, context: RequestContext, named?: (resource: string) => string): Probe {
  if (context === probe.context) return probe;
  let twins = probeTwins.get(probe);
  if (!twins) probeTwins.set(probe, (twins = new WeakMap()));
  let twin = twins.get(context);
  if (!twin) twins.set(context, (twin = named ? { ...probe, context, resource: named(probe.resource), ...(probe.asOwners ? { asOwners: probe.asOwners.map(named) } : {}) } : { ...probe, context }));
  return twin;
}

const probeTwins = new WeakMap<Probe, WeakMap<RequestContext, Probe>>();

/**
 * aws:username in the requests of a principal (`UserName`): an IAM user's name, which IAM puts in every request of an
 * IAM user; none in a role's or a permission set's, whose requests are those of role sessions: IAM puts the key in no
 * request of a role, nor of IAM Identity Center credentials (IAM User Guide, AWS global condition context keys:
 * aws:username; IAM policy elements: Variables, "aws:username ... (not present)" for every role session). A user's name
 * not known (a parameter or variable without a value, one CloudFormation generates, a name of other symbols such as
 * `${AWS::StackName}-bob`, whose names it may be are not compared here) is a value not known. A group's members are IAM
 * users, whose every request carries a name the input does not tell: the value the policy variable stands for where the
 * request does not say it (`policyVariableValue`), so that `${aws:username}` in an Allow and in a Deny name one resource
 * for each request, a Deny on the key's presence refuses them, and one on a name leaves the answer open
 * (`readsUnresolvedRequestValue`); the members the input declares are read with their own names (`membersExposure`).
 */
function ownUserName(principal: Resource): UserName {
  if (principal.kind === 'iam-role' || principal.kind === 'sso-permission-set') return null;
  if (principal.kind === 'iam-group') return USER_NAME_VALUE;
  if (principal.kind !== 'iam-user') return undefined;
  return writtenOrNotKnown(principal, principal.format === 'cloudformation' ? 'UserName' : TERRAFORM_PRINCIPALS.user.nameAttribute);
}

/**
 * aws:PrincipalArn in the requests of a principal, which IAM puts in every request: the ARN of the user, or of the role
 * (not of its session: IAM User Guide, AWS global condition context keys, aws:PrincipalArn), in the partition its
 * region tells (else the owner's) and the owner's account, with the path written (`/` where none is) and the name; a
 * name or path not known is a value not known there, so a Deny it may decide is an open answer. Undefined where the
 * requests are not one principal's (a group's members) or of an ARN not told (a permission set's role, which IAM
 * Identity Center names).
 */
function ownPrincipalArn(principal: Resource): string | undefined {
  const kind = principal.kind === 'iam-role' ? 'role' : principal.kind === 'iam-user' ? 'user' : undefined;
  if (kind === undefined) return undefined;
  const cloudformation = principal.format === 'cloudformation';
  const name = writtenOrNotKnown(principal, cloudformation ? (kind === 'role' ? 'RoleName' : 'UserName') : TERRAFORM_PRINCIPALS[kind].nameAttribute);
  const pathProperty = cloudformation ? 'Path' : 'path';
  const path = prop(principal.properties, pathProperty) === undefined ? '/' : writtenOrNotKnown(principal, pathProperty);
  return principalArnText(holdersPartition(principal), kind, literalText(path) === '' ? pathNotKnown(principal, pathProperty) : path, name);
}

/**
 * A path of which nothing is written out: `/` and then any text, as IAM begins every path (IAM User Guide, IAM
 * identifiers), so that a pattern of `user/*alice` decides whatever it is. A marker of its own, not the parameter's:
 * a value the deployer may give it (`withPiecesGiven`) begins with that `/` already.
 */
function pathNotKnown(principal: Resource, property: string): string {
  return `/${unresolvedMarker(`the ${property} of ${nameOf(principal)} is not known`)}`;
}

/** A principal's ARN in the partition its region tells, else the owner's (`OWNER_PARTITION`), and the owner's account. */
function principalArnText(partition: string | undefined, kind: 'role' | 'user', path: string, name: string): string {
  return `arn:${partition ?? OWNER_PARTITION}:iam::${OWNER_ACCOUNT}:${kind}${path}${name}`;
}

/** The principal's property as written, or a value not known where it is not written out (`ownUserName`). */
function writtenOrNotKnown(principal: Resource, property: string): string {
  const value = prop(principal.properties, property);
  const written = typeof value === 'string' && value !== '' && (!hasMarker(value) || hasUnresolvedPiece(value));
  return written ? value : unresolvedMarker(`the ${property} of ${nameOf(principal)} is not known`);
}

/**
 * aws:PrincipalArn of a principal the input does not declare, named `name` (`ownPrincipalArn`): its path is not known
 * (`/` where it was made without one, but it may have been made with another), and a name not known is a value not known.
 */
function undeclaredPrincipalArn(policy: IdentityPolicy, kind: UnmatchedPrincipal['kind'], name: string | undefined): string | undefined {
  if (kind === 'group') return undefined;
  const path = `/${unresolvedMarker(`the path of a ${kind} the input does not declare is not known`)}`;
  return principalArnText(holdersPartition(policy.holder), kind, path, name ?? unresolvedMarker(`the name of a ${kind} the input does not declare is not known`));
}

/**
 * The probe as requests carrying `principalArn` as aws:PrincipalArn and `principalTags` as aws:PrincipalTag make it: a
 * Deny on the principal's own ARN or tags refuses them.
 */
function asPrincipal(probe: Probe, principalArn: string | undefined, principalTags: PrincipalTags | undefined): Probe {
  const named = principalArn === undefined || probe.context.present.has(PRINCIPAL_ARN) ? probe : probeWithContext(probe, withPrincipalArn(probe.context, principalArn));
  return principalTags === undefined ? named : probeWithContext(named, withPrincipalTags(named.context, principalTags));
}

/**
 * The context with `principalArn` as aws:PrincipalArn. The partition it writes out (its region's, `holdersPartition`)
 * is the owner's (`RequestContext.ownerPartition`): a Deny's `arn:${AWS::Partition}:...` is compared with it.
 */
function withPrincipalArn(context: RequestContext, principalArn: string): RequestContext {
  const carried = withKeyValue(context, PRINCIPAL_ARN, principalArn);
  const partition = writtenPartition(principalArn);
  return partition === undefined ? carried : withOwnerPartition(carried, partition);
}

/**
 * aws:PrincipalTag/<key> in the requests of whom a principal stands for, which IAM puts there from the tags of the
 * principal making them (IAM User Guide, AWS global condition context keys: aws:PrincipalTag): a user's tags; a role
 * session's role's tags with its session tags, which add keys and override the role's own (Pass session tags in AWS
 * STS), so that a Deny its role's tags alone meet may not refuse a session.
 */
interface PrincipalTags {
  /** The tags the input writes, by lower-cased key; a value not known is an unresolved marker. */
  readonly written: ReadonlyMap<string, string>;
  /** The principal holds no tag but those written (a plan's `tags_all`): any other key is absent from its requests (a role session's, but for session tags). */
  readonly all: boolean;
  /** Which tags the requests may carry with values not known: those not written (a user's), or every one (a role's, by session tags); none where `all` of a user's. */
  readonly notKnown?: 'unwritten' | 'every';
  /** One text for each tags: contexts made with them are made once (`withPrincipalTags`). */
  readonly id: string;
}

/** The tags of a role or user the input does not declare: none known, any may be there. */
const TAGS_NOT_KNOWN: PrincipalTags = { written: new Map(), all: false, notKnown: 'every', id: 'every' };

/**
 * aws:PrincipalTag in the requests of a principal (`PrincipalTags`): a user's tags as the input writes them (`writtenTags`:
 * a template's `Tags`, a configuration's `tags` over its provider's `default_tags`, a plan's `tags_all`, which alone are
 * all of them), a value not known where it is not written out; a role's the same with any session tags beside and over
 * them. Not said for a group or a permission set, which stand for many principals (its members, the users it is
 * assigned to) of tags deputy is not told: some may carry any tag.
 */
function ownPrincipalTags(principal: Resource): PrincipalTags | undefined {
  if (principal.kind !== 'iam-user' && principal.kind !== 'iam-role') return undefined;
  const { tags, all } = writtenTags(principal);
  const notKnown = principal.kind === 'iam-role' ? 'every' : all ? undefined : 'unwritten';
  const id = `${notKnown ?? ''}\u0000${all}\u0000${[...tags].flat().join('\u0000')}`;
  return { written: tags, all, ...(notKnown ? { notKnown } : {}), id };
}

/**
 * The context with the principal's tags (`PrincipalTags`): those written present (where the request does not say them
 * already), every other absent where they are all, and which may be there with values not known. One object per
 * context and tags.
 */
function withPrincipalTags(context: RequestContext, tags: PrincipalTags): RequestContext {
  return derivedContext(contextsWithPrincipalTags, context, tags.id, (base) => {
    // A tag the request says already is a rule's probe of the principal's own value, whatever it is (a text standing for
    // it, which the probe may have copied into other keys: aws:RequestTag/team of `${aws:PrincipalTag/team}`). Where the
    // principal's value is told (a user's tag written out), it is that value wherever the probe wrote it; elsewhere (a
    // role's, whose sessions may carry any) it stays as the probe says.
    const said = [...base.present.keys()].filter((key) => key.startsWith(PRINCIPAL_TAG));
    const present = new Map(base.present);
    if (tags.notKnown !== 'every') {
      for (const key of said) {
        const own = tags.written.get(key.slice(PRINCIPAL_TAG.length));
        const standIn = base.present.get(key);
        if (own !== undefined && !hasMarker(own) && standIn?.length === 1) writeOwnValue(present, standIn[0]!, own);
      }
    }
    for (const [key, value] of tags.written) if (!present.has(PRINCIPAL_TAG + key)) present.set(PRINCIPAL_TAG + key, [value]);
    const except = tags.notKnown === 'unwritten' ? [...present.keys()].filter((key) => key.startsWith(PRINCIPAL_TAG)) : said;
    return withProperties(base, {
      present,
      ...(tags.all ? { absentPrefixes: [...(base.absentPrefixes ?? []), PRINCIPAL_TAG] } : {}),
      ...(tags.notKnown ? { principalTagsNotKnown: { except: new Set(except) } } : {}),
    });
  });
}

const contextsWithPrincipalTags: DerivedContexts = new WeakMap();

/**
 * Writes `own`, the principal's value of a key, wherever a rule's probe wrote `standIn` for it (`withPrincipalTags`,
 * `requestedAs`): the keys it copied the value into read the principal's value too.
 */
function writeOwnValue(present: Map<string, readonly string[]>, standIn: string, own: string): void {
  if (standIn === own) return;
  for (const [key, values] of present) if (values.some((value) => value.includes(standIn))) present.set(key, values.map((value) => value.replaceAll(standIn, own)));
}

/**
 * Whether the statement's conditions read (by a key, or a policy variable in a value) a tag of the principal that the
 * request may carry with a value not known (`RequestContext.principalTagsNotKnown`): a Deny that may apply on it is an
 * open answer.
 */
function readsPrincipalTagNotKnown(statement: Statement, context: RequestContext): boolean {
  const notKnown = context.principalTagsNotKnown;
  return notKnown !== undefined && principalTagsRead(statement).some((key) => !notKnown.except.has(key));
}

/** The aws:PrincipalTag keys, lower-cased, that the statement's conditions read (`readsPrincipalTagNotKnown`); remembered. */
function principalTagsRead(statement: Statement): readonly string[] {
  let keys = principalTagKeys.get(statement);
  if (keys === undefined) {
    const read = new Set<string>();
    for (const condition of statement.conditions) {
      if (condition.unresolved) continue;
      for (const key of keysRead(condition)) if (key.startsWith(PRINCIPAL_TAG)) read.add(key);
    }
    principalTagKeys.set(statement, (keys = read.size === 0 ? NONE : [...read]));
  }
  return keys;
}

const principalTagKeys = new WeakMap<Statement, readonly string[]>();

/**
 * The probe as requests carrying `userName` as aws:username make it (see `UserName`), so that a Deny pinned to it
 * (`StringEquals aws:username: Bob`) refuses a user's requests and one on its absence (`Null: {aws:username: "true"}`)
 * a role's. The name is compared as IAM compares it, by the condition's operator: `StringEquals` is case-sensitive (IAM
 * User Guide, IAM JSON policy elements: Condition operators), so a Deny of `bob` does not refuse the requests of user
 * `Bob`. A name not known makes a Deny it may decide an open answer (`deniedInRegion`), not one that lets the request
 * through. The resource an Allow names by `${aws:username}` (`grantedName`) is the one of that name; requests without
 * the key make none (IAM User Guide, policy variables with no value: the entry names no resource), as requests with it
 * make none of a name an Allow gives only without it (`Probe.withoutKeys`): undefined then.
 */
function requestedAs(probe: Probe, carried: OwnRequests): Probe | undefined {
  if (!makes(carried, probe)) return undefined;
  const { userName } = carried;
  if (userName === undefined) return probe;
  if (userName === null) return probeWithContext(probe, withKeysAbsent(probe.context, [USER_NAME]));
  return probeWithContext(probe, withUserName(probe.context, userName), namesUserName(probe) ? (resource) => resource.replaceAll(USER_NAME_VALUE, userName) : undefined);
}

/**
 * The context with `userName` as aws:username. One the request says already is a rule's probe of the principal's own
 * name (aws:RequestTag/owner of `${aws:username}`): a name written out is that name wherever the probe wrote it.
 */
function withUserName(context: RequestContext, userName: string): RequestContext {
  const said = context.present.get(USER_NAME);
  if (said?.length !== 1 || said[0] === userName || hasMarker(userName)) return withKeyValue(context, USER_NAME, userName);
  return derivedContext(contextsWithUserName, context, userName, (base) => {
    const present = new Map(base.present);
    writeOwnValue(present, said[0]!, userName);
    return withProperties(base, { present });
  });
}

const contextsWithUserName: DerivedContexts = new WeakMap();

/**
 * Whether requests carrying `userName` (`UserName`), `principalArn` and `principalTags` make the probe (`requestedAs`):
 * not on a resource named by a key they lack, or by a default of one they hold, nor where the Allow's conditions on the
 * keys do not certainly hold for them (`Probe.grantedUnder`, `grantedTo`): `StringEquals: {aws:username: bob}` grants a
 * role nothing, `Null: {aws:username: "true"}` a user nothing, `StringEquals: {aws:PrincipalTag/team: ml}` a user tagged
 * team=data nothing, `ArnLike: {aws:PrincipalArn: "arn:aws:iam::*:user/alice"}` user bob nothing.
 */
function makes(carried: OwnRequests, probe: Probe): boolean {
  const { userName, principalArn, principalTags } = carried;
  if (userName === undefined && principalArn === undefined && principalTags === undefined) return true;
  if (userName === null ? namesUserName(probe) : userName !== undefined && probe.withoutKeys?.includes(USER_NAME) === true) return false;
  if (saysTagNotHeld(probe.context, principalTags)) return false;
  return probe.grantedUnder === undefined || grantedTo(probe.grantedUnder, carried);
}

/**
 * Whether the request says a tag of the principal (a rule's probe of its own value, `withPrincipalTags`) that a principal
 * of tags all told does not hold (a plan's user without the key in `tags_all`): its requests never carry one, and a
 * policy variable reading it has no value.
 */
function saysTagNotHeld(context: RequestContext, tags: PrincipalTags | undefined): boolean {
  if (!tags?.all || tags.notKnown !== undefined) return false;
  for (const key of context.present.keys()) if (key.startsWith(PRINCIPAL_TAG) && !tags.written.has(key.slice(PRINCIPAL_TAG.length))) return true;
  return false;
}

/** Whether the request says some tag of the principal (`saysTagNotHeld` asks of which). */
function saysPrincipalTag(context: RequestContext): boolean {
  for (const key of context.present.keys()) if (key.startsWith(PRINCIPAL_TAG)) return true;
  return false;
}

/**
 * Whether the Allow's conditions on the principal's own keys (`Probe.grantedUnder`) hold for its requests, as far as the
 * input tells them: a value of its own not known (a name from a parameter without a value, a group's member's name, a
 * path or tag value not known, a tag the input may not write) may fail them, and a finding never rests on it alone;
 * neither does a partition or account not told (`appliesWhereverTheOwnerIs`: `arn:aws:` may not be the owner's, nor `493827160514`). A role session's
 * tags are its session's to choose (session tags): a condition on them grants what some session meets.
 */
function grantedTo(conditions: readonly ConditionEntry[], { userName, principalArn, principalTags }: OwnRequests): boolean {
  const chosen = principalTags?.notKnown === 'every' ? conditions.filter(({ key }) => key.toLowerCase().startsWith(PRINCIPAL_TAG)) : NO_CONDITIONS;
  const context = grantingContext(userName, principalArn, principalTags);
  if (chosen.length > 0 && evaluateConditions(chosen, context) === false) return false;
  const own = chosen.length === 0 ? conditions : conditions.filter((condition) => !chosen.includes(condition));
  const holds = evaluateConditions(own, context);
  if (holds !== 'unknown') return holds;
  return appliesWhereverTheOwnerIs(comparedTexts(own, context), [], context, (asOwner) => evaluateConditions(own, asOwner(context))) === true;
}

const NO_CONDITIONS: readonly ConditionEntry[] = [];

/**
 * The request an Allow's conditions on aws:username, aws:PrincipalArn and aws:PrincipalTag are asked with (`grantedTo`):
 * the name (none for a role session), the ARN in the partition it writes out (`withPrincipalArn`), and a user's tags as
 * the input writes them, every other absent where they are all (`PrincipalTags`); not a role's, whose sessions may carry
 * any value by session tags. One object for each name, ARN and tags.
 */
function grantingContext(userName: UserName, principalArn: string | undefined, principalTags: PrincipalTags | undefined): RequestContext {
  const userTags = principalTags?.notKnown === 'every' ? undefined : principalTags;
  let byRequests = grantingContexts.get(userTags ?? NO_TAGS);
  if (!byRequests) grantingContexts.set(userTags ?? NO_TAGS, (byRequests = new Map()));
  const nameKey = userName === undefined ? '\u0001' : userName === null ? '\u0000' : userName;
  const key = `${nameKey}\u0002${principalArn ?? ''}`;
  let context = byRequests.get(key);
  if (!context) {
    const present: Record<string, string> = Object.fromEntries([...(userTags?.written ?? [])].map(([tag, value]) => [PRINCIPAL_TAG + tag, value]));
    if (typeof userName === 'string') present[USER_NAME] = userName;
    const asked = requestContext(present, userName === null ? [USER_NAME] : [], [], userTags?.all ? [PRINCIPAL_TAG] : []);
    byRequests.set(key, (context = principalArn === undefined ? asked : withPrincipalArn(asked, principalArn)));
  }
  return context;
}

/** Tags of which none is known (`grantingContext`). */
const NO_TAGS: PrincipalTags = { written: new Map(), all: false, id: '' };
const grantingContexts = new WeakMap<PrincipalTags, Map<string, RequestContext>>();

/** Whether the principal's own requests meet an Allow's conditions on its own keys (`grantedUnder`), as `makes` reads them for a probe. */
export function grantedToPrincipal(conditions: readonly ConditionEntry[], principal: Resource): boolean {
  return grantedTo(conditions, ownRequests(principal));
}

/**
 * What a probe of what the statement grants holds of it: its conditions on aws:username, aws:PrincipalArn and
 * aws:PrincipalTag (`Probe.grantedUnder`), and its conditions on the request's time where they hold only at some times
 * from the scan at `now` on (`Probe.grantedWhen`, `grantingWindow`).
 */
export function grantedWith(statement: Statement, now: number): Pick<Probe, 'grantedUnder' | 'grantedWhen'> {
  const conditions = conditionsOnKeys(statement, [USER_NAME, PRINCIPAL_ARN], [PRINCIPAL_TAG]);
  const window = grantingWindow(statement, now);
  return { ...(conditions.length === 0 ? {} : { grantedUnder: conditions }), ...(window.holds === 'always' ? {} : { grantedWhen: window.conditions }) };
}

/**
 * The statement's conditions on the request's time that deputy reads (`comparesRequestTime`), and whether they hold at
 * every time from the scan at `now` on, at some or at none, asked at each time they tell apart (`conditionTimes`): every
 * request is made at the time of the scan or later. A condition it cannot read (a date that does not parse, a parameter without
 * a value) is read as holding, as today; one it reads that holds at no time refuses every request whatever the others
 * (`DateLessThan aws:CurrentTime: 2000-01-01`), and so does one that holds only for a second (`lastingOutcomes`:
 * `StringEquals aws:CurrentTime: 2999-01-01T00:00:00Z`). Remembered per statement and scan: `grants` asks for each action.
 */
function grantingWindow(statement: Statement, now: number): GrantingWindow {
  let window = grantingWindows.get(statement);
  if (window?.now !== now) {
    const conditions = statement.conditions.filter(comparesRequestTime);
    const times = conditions.length === 0 ? [] : conditionTimes(conditions, now).sort((one, other) => one - other);
    const holding = lastingOutcomes(times, times.map((time) => holdsAt(conditions, time)), now).filter(Boolean).length;
    window = { conditions, holds: holding === times.length ? 'always' : holding === 0 ? 'never' : 'sometimes', now };
    grantingWindows.set(statement, window);
  }
  return window;
}

interface GrantingWindow {
  conditions: readonly ConditionEntry[];
  holds: 'always' | 'sometimes' | 'never';
  /** The scan's instant the window is read from. */
  now: number;
}

const grantingWindows = new WeakMap<Statement, GrantingWindow>();

/**
 * Whether the statement's conditions on the request's time hold at no time from the scan at `now` on (`grantingWindow`:
 * `DateLessThan aws:CurrentTime: 2000-01-01`): it applies to no request, an Allow grants nothing.
 */
export function appliesAtNoTime(statement: Statement, now: number): boolean {
  return statement.conditions.length > 0 && grantingWindow(statement, now).holds === 'never';
}

/** Whether conditions on the request's time hold for a request made at `time`. */
function holdsAt(conditions: readonly ConditionEntry[], time: number): boolean {
  return evaluateConditions(conditions, requestContext(timeKeys(time))) !== false;
}

/** Whether the probe's resource is one an Allow names by `${aws:username}` (`grantedName`). */
function namesUserName({ resource, asOwners }: Probe): boolean {
  return resource.includes(USER_NAME_VALUE) || asOwners?.some((variant) => variant.includes(USER_NAME_VALUE)) === true;
}

/**
 * The probes as the requests of the principal make them, with the account IAM puts in each as `aws:PrincipalAccount`.
 * One of the owner's principals carries the owner's account, so that a Deny on it refuses them (`Deny` of `*` under
 * `aws:PrincipalAccount: !Ref AWS::AccountId`), and the account id the owner's account stands for where the input tells
 * it (`Resource.account`), so that a Deny on a pattern of accounts (`StringNotLike aws:ResourceAccount: "49*"`) is
 * decided as one on the account written out. So does one whose owner's account may be another configuration's
 * (`readsOwnAccount`) where the input tells its own (`allowed_account_ids`): its policies' values read that account as
 * the owner's (`withOwnerAccount` of src/iam/normalize.ts), as they read its own configuration's caller identity. Where
 * the input does not tell its own, it carries an account not known (`ACCOUNT_NOT_TOLD`): a Deny on an account, written
 * out or read from a caller identity, may refuse its requests or not, an open answer. Made once for each probe and account.
 */
function probesWithPrincipalAccount(probes: readonly Probe[], principal: Resource): readonly Probe[] {
  if (readsOwnAccount(principal) || principal.account !== undefined) return probes.map((probe) => probeWithContext(probe, withOwnPrincipalAccount(probe.context, principal.account)));
  return probes.map((probe) => probeWithContext(probe, probe.context.present.has(PRINCIPAL_ACCOUNT) ? probe.context : withKeyValue(probe.context, PRINCIPAL_ACCOUNT, ACCOUNT_NOT_TOLD)));
}

/** The account of a principal deployed beside configurations of other accounts, where the input does not tell its own (`probesWithPrincipalAccount`). */
const ACCOUNT_NOT_TOLD = unresolvedMarker('the account of a configuration beside others that may deploy to other accounts');

/** One twin for each context and account, which probes share: a principal's Denies are remembered by context (`deniedOnce`). */
function withOwnPrincipalAccount(context: RequestContext, account: string | undefined): RequestContext {
  const owners = context.present.has(PRINCIPAL_ACCOUNT) ? context : withKeyValue(context, PRINCIPAL_ACCOUNT, OWNER_ACCOUNT);
  return account === undefined ? owners : withOwnerAccount(owners, account);
}

function isExposedTo(docs: readonly PolicyDocument[], probes: readonly Probe[]): boolean {
  return probes.some((probe) => deniedOnce(docs, probe) === false);
}

/**
 * Whether some probe is left to the principal by the Denies of the documents it holds in any case (`held`), and each
 * such probe is certainly refused where all its documents reach it: the finding holds then, and only then. One whose
 * answer rests on a value not known there is an open answer, no finding.
 */
function exposedOnlyWithout(all: readonly PolicyDocument[], held: readonly PolicyDocument[], probes: readonly Probe[]): boolean {
  let exposed = false;
  for (const probe of probes) {
    if (deniedOnce(held, probe) !== false) continue;
    if (deniedOnce(all, probe) !== true) return false;
    exposed = true;
  }
  return exposed;
}

/**
 * How the policy is read for the principals it reaches that the input does not declare (see `Reading`). For a policy
 * that reaches principals the input declares, only those named by a name (one a declared principal may have too: it
 * may be another's, which their Denies do not protect); those named by a value not known may be the declared ones,
 * whose Denies are read already. A policy attached to nothing the input names is read alone, unless it is only a
 * permissions boundary.
 */
export function elsewhereReadings(graph: ResourceGraph, policy: IdentityPolicy): readonly Reading[] {
  // The readings of every policy, which a name several policies are attached to needs, are made only when a policy
  // attached to such a name is asked about: most policies (all of many inputs) are attached to none.
  if (graph.unmatchedPrincipalsOf(policy.holder.address).length === 0) return aloneReadings(graph, policy);
  const index = identityIndex(graph);
  index.elsewhere ??= readingsOfPolicies(graph, index.policies);
  return index.elsewhere.get(policy) ?? [];
}

/** `elsewhereReadings` of a policy attached to no name the input does not declare: itself alone, or none. */
function aloneReadings(graph: ResourceGraph, policy: IdentityPolicy): readonly Reading[] {
  // A permissions boundary grants nothing: attached to nothing else, it is no one's policy.
  if (policy.principals.length > 0 || graph.edgesTo(policy.holder.address, 'permissions-boundary').length > 0) return [];
  return [{ names: [], docs: alone(policy.doc), policies: [policy], ...ownRequests(policy.holder) }];
}

/** What a principal's requests carry of its own: aws:username, aws:PrincipalArn and aws:PrincipalTag, each left out where not said. */
type OwnRequests = Pick<Reading, 'userName' | 'principalArn' | 'principalTags'>;

/** `OwnRequests` of a principal the input declares (`ownUserName`, `ownPrincipalArn`, `ownPrincipalTags`). */
function ownRequests(principal: Resource): OwnRequests {
  let own = ownRequestsOf.get(principal);
  if (own === undefined) ownRequestsOf.set(principal, (own = carrying(ownUserName(principal), ownPrincipalArn(principal), ownPrincipalTags(principal))));
  return own;
}

/** `ownRequests` of each principal, read once: it is asked for each request of it, and caches are keyed by its tags. */
const ownRequestsOf = new WeakMap<Resource, OwnRequests>();

/** `OwnRequests` of principals of a kind the input does not declare, by a name or none (`undeclaredUserName`, `undeclaredPrincipalArn`), a role's or user's tags not known. */
function undeclaredRequests(policy: IdentityPolicy, kind: UnmatchedPrincipal['kind'], name: string | undefined): OwnRequests {
  return carrying(undeclaredUserName(kind, name), undeclaredPrincipalArn(policy, kind, name), kind === 'group' ? undefined : TAGS_NOT_KNOWN);
}

function carrying(userName: UserName, principalArn: string | undefined, principalTags: PrincipalTags | undefined): OwnRequests {
  return { ...(userName === undefined ? {} : { userName }), ...(principalArn === undefined ? {} : { principalArn }), ...(principalTags === undefined ? {} : { principalTags }) };
}

/**
 * aws:username in the requests of a principal of the kind the input does not declare (`UserName`), named `name`: a
 * user's name as the attachment writes it (IAM compares names without regard to case, and the user may have been made
 * in another: read as written), a value not known for a user named by one, a group's member's name (`ownUserName`).
 */
function undeclaredUserName(kind: UnmatchedPrincipal['kind'], name: string | undefined): UserName {
  if (kind === 'role') return null;
  if (kind === 'group') return USER_NAME_VALUE;
  return name ?? unresolvedMarker('the name of a user the input does not declare is not known');
}

/** `elsewhereReadings` of the policies attached to a name the input does not declare. */
function readingsOfPolicies(graph: ResourceGraph, policies: readonly IdentityPolicy[]): Map<IdentityPolicy, Reading[]> {
  const byPrincipal = new Map<string, GatheredReading>();
  const byExpression = new Map<string, NotKnownReading>();
  const byReferences = new Map<string, NotKnownReading[]>();
  const readings = new Map<IdentityPolicy, Reading[]>();
  for (const policy of policies) {
    const unmatched = graph.unmatchedPrincipalsOf(policy.holder.address);
    if (unmatched.length === 0) continue;
    const own: Reading[] = [];
    const others: UnmatchedPrincipal[] = [];
    for (const entry of unmatched) {
      // A value not known is read on its own where the parser tells which declared principals it may name, with what
      // is attached by the same expression (one principal): the Denies of those it may name protect it only where it
      // names them (`readingExposure`). Else it may be any declared principal, whose Denies are read already.
      if (entry.name === undefined) {
        const reading = entry.mayName && notKnownReading(graph, policy, entry, byExpression);
        const references = notKnownKey(entry.kind, entry.references, entry.scope);
        if (reading && references !== undefined) {
          const alike = listAt(byReferences, references);
          if (!alike.includes(reading)) alike.push(reading);
        }
        if (reading && !own.includes(reading)) own.push(reading);
        else others.push(entry);
        continue;
      }
      // A name a declared principal may have is read with what is attached to that name too: that one's own policies
      // could only add Denies, and the name may be a principal made elsewhere, which holds none of them. Even where the
      // policy reaches declared principals: their Denies protect no one of that name.
      // A name a conditional chooses for a declared principal in any case is only that one's, whose Denies are read.
      const undeclaredWhen = entry.declaredWhen && noneHolds(entry.declaredWhen, MOST_ABSENCES);
      if (undeclaredWhen?.length === 0) continue;
      // Without a scope the name is no other attachment's principal: read with this policy only.
      const key = `${entry.kind}\u0000${iamNameKey(entry.name)}\u0000${entry.scope ?? `\u0001${policy.holder.address}`}`;
      let principal = byPrincipal.get(key);
      if (!principal) byPrincipal.set(key, (principal = { names: [`${entry.kind} ${entry.name}`], docs: [], policies: [], ...(undeclaredWhen ? { when: undeclaredWhen.map(choiceText).join(' or ') } : {}), ...undeclaredRequests(policy, entry.kind, entry.name) }));
      if (principal.docs.at(-1) !== policy.doc) {
        principal.docs.push(policy.doc);
        principal.policies.push(policy);
        own.push(principal);
      }
    }
    // A permissions boundary grants nothing: attached to nothing else, it is no one's policy.
    const boundaryOnly = own.length === 0 && others.length === 0 && graph.edgesTo(policy.holder.address, 'permissions-boundary').length > 0;
    if (policy.principals.length === 0 && (others.length > 0 || (own.length === 0 && !boundaryOnly))) {
      // Principals of one kind carry what that kind does; a policy attached to nothing, what its holder's do.
      const kinds = new Set(others.map((entry) => entry.kind));
      const carried = others.length === 0 ? ownRequests(policy.holder) : kinds.size === 1 ? undeclaredRequests(policy, others[0]!.kind, undefined) : {};
      own.push({ names: unmatchedNames(others).notKnown, docs: alone(policy.doc), policies: [policy], ...carried });
    }
    if (own.length > 0) readings.set(policy, own);
  }
  // A user the input puts in one of its groups holds that group's policies too: one named so, or the one a value not
  // known names where a policy is attached by the same expression in the same scope.
  const groupDocs = (group: string) => docsInPartition(graph.identityPoliciesOf(group), holdersPartition(graph.resource(group)));
  const byReferencesGroups = new Map<string, PolicyDocument[]>();
  for (const member of graph.unmatchedMembers()) {
    if (member.scope === undefined) continue;
    let reading: GatheredReading | undefined;
    if ('name' in member) reading = byPrincipal.get(`user\u0000${iamNameKey(member.name)}\u0000${member.scope}`);
    else if ('expression' in member) {
      const key = notKnownKey('user', member.expression, member.scope);
      reading = key === undefined ? undefined : byExpression.get(key);
    } else listAt(byReferencesGroups, notKnownKey('user', member.references, member.scope)!).push(...groupDocs(member.group));
    if (!reading) continue;
    reading.docs.push(...groupDocs(member.group));
    reading.policies.push(...principalPolicies(graph, member.group));
  }
  // Values of one key of references in a plan without its `.tf` (`UnmatchedPrincipal.references`) may be one principal,
  // or not: what is attached by the others, or a membership by such a value brings, is read as a Deny that may apply to
  // it (`maybeHeld`), an open answer.
  for (const [key, alike] of byReferences) {
    const held = alike.map((reading) => [...reading.docs]);
    alike.forEach((reading, index) => {
      for (const doc of [...held.flatMap((docs, other) => (other === index ? [] : docs)), ...(byReferencesGroups.get(key) ?? [])]) {
        const maybe = maybeHeld(doc);
        if (maybe && !reading.docs.includes(doc) && !reading.docs.includes(maybe)) reading.docs.push(maybe);
      }
    });
  }
  return readings;
}

/**
 * A document attached to a principal that may be the one read, or another (`UnmatchedPrincipal.references`): its Denies,
 * each applying only where that principal is the one read, which is not known (a condition not known: it leaves the
 * answer open where it may apply, `deniedInRegion`); undefined for one that may deny nothing. Its Allows are no one's.
 */
function maybeHeld(doc: PolicyDocument): PolicyDocument | undefined {
  if (!mayDeny(doc)) return undefined;
  let maybe = maybeHeldDocs.get(doc);
  if (!maybe) {
    const statements = doc.statements.flatMap((statement) => {
      if (statement.effect === 'Allow') return [];
      const path = statement.conditionPath ?? statement.path;
      return [withProperties(statement, { conditions: [...statement.conditions, { operator: '', key: '', values: [], operatorPath: path, path, valueWasList: false, unresolved: MAYBE_SAME_PRINCIPAL }] })];
    });
    maybeHeldDocs.set(doc, (maybe = withProperties(doc, { statements })));
  }
  return maybe;
}

const maybeHeldDocs = new WeakMap<PolicyDocument, PolicyDocument>();

const MAYBE_SAME_PRINCIPAL = new Unresolved('attached to a principal that may be another one');

/** A reading `readingsOfPolicies` adds the documents and policies of further attachments and memberships to. */
type GatheredReading = Reading & { docs: PolicyDocument[]; policies: IdentityPolicy[] };

/** A reading of a value not known (`Reading.mayName`), which the policies attached by the same expression add to. */
type NotKnownReading = GatheredReading & { mayName: NonNullable<Reading['mayName']> };

/**
 * The key of the principal a value not known names: one kind, expression and scope (account) are one principal, as a
 * name's are; without a scope (a provider configuration not known) the value is joined with nothing.
 */
function notKnownKey(kind: UnmatchedPrincipal['kind'], expression: string | undefined, scope: string | undefined): string | undefined {
  return expression === undefined || scope === undefined ? undefined : `${kind}\u0000${expression}\u0000${scope}`;
}

/**
 * The reading of a value not known that may name the declared principals `entry.mayName` lists (`Reading.mayName`): that
 * of the policies attached by the same expression (`UnmatchedPrincipal.expression`), with this one's document added.
 */
function notKnownReading(graph: ResourceGraph, policy: IdentityPolicy, entry: UnmatchedPrincipal, byExpression: Map<string, NotKnownReading>): NotKnownReading | undefined {
  const key = notKnownKey(entry.kind, entry.expression, entry.scope);
  const known = key === undefined ? undefined : byExpression.get(key);
  if (known) {
    if (!known.docs.includes(policy.doc)) {
      known.docs.push(policy.doc);
      known.policies.push(policy);
    }
    return known;
  }
  const namedBy = entry.namedBy === undefined ? undefined : graph.resource(entry.namedBy);
  if (!namedBy) return undefined;
  const principals = entry.mayName!.flatMap((address) => graph.resource(address) ?? []);
  const { mayBeDeclared, notKnown } = unmatchedNames([entry]);
  const written = entry.written === undefined ? {} : { written: entry.written };
  // The values the piece takes are the principals' in turn: where some address names no resource, those of the others.
  // Else the attachment's own list, not a copy: a value beside thousands of principals, in as many attachments, would
  // hold a copy of thousands of values in each reading.
  const pieceOf = ({ written: piece, values }: NonNullable<UnmatchedPrincipal['piece']>) => ({ written: piece, values: values.filter((_, index) => graph.resource(entry.mayName![index]!)) });
  const piece = entry.piece ? { piece: principals.length === entry.mayName!.length ? entry.piece : pieceOf(entry.piece) } : {};
  const reading: NotKnownReading = { names: [...mayBeDeclared, ...notKnown], docs: [policy.doc], policies: [policy], mayName: { principals, namedBy, ...written, ...piece, other: entry.otherNames?.length !== 0 }, ...undeclaredRequests(policy, entry.kind, undefined) };
  if (key !== undefined) byExpression.set(key, reading);
  return reading;
}

/**
 * Whether some of the probes is left to the principals the reading stands for (`asked`: as its `docs` are asked, and in
 * each case of the values their Denies read), and when: where its name a conditional chooses for a declared principal is
 * not so (`Reading.when`); of a value not known that may name declared principals (`Reading.mayName`), where it names
 * none whose Denies leave it nothing (`aws_iam_user_policy_attachment.env_bob does not name aws_iam_user.bob`), and where
 * one of the principals it may be is exposed: another (`Reading.mayName.other`), or a declared one, each when it is. A
 * declared principal it may name that the policy does not reach is read with the policy, as it holds it then.
 */
function readingExposure(graph: ResourceGraph, policy: IdentityPolicy, reading: Reading, probes: readonly Probe[], asked: readonly Probe[]): Exposed | undefined {
  const whenOf = (when: string | undefined) => (when === undefined ? {} : { when });
  const exposedAsNamed = () =>
    foundAsReadOrInCases(
      () => valueCases(reading.docs),
      (valueCase) => (isExposedTo(docsInCase(reading.docs, valueCase), asked) ? {} : undefined),
    );
  if (!reading.mayName) {
    const found = exposedAsNamed();
    return found && whenOf(bothWhens(reading.when, found.when));
  }
  const { principals, other } = reading.mayName;
  const protecting: Resource[] = [];
  const exposed: Exposed[] = [];
  for (const principal of principals) {
    const exposure = principalExposure(graph, policy, principal, probes, reading.docs);
    if (exposure) exposed.push(exposure);
    else protecting.push(principal);
  }
  const another = other ? exposedAsNamed() : undefined;
  if (another) exposed.push(another);
  if (exposed.length === 0) return undefined;
  const named = bothWhens(notNamingWhen(reading.mayName, protecting), whenEachHolds(exposed.map(({ when }) => when)));
  return whenOf(bothWhens(reading.when, named));
}

/**
 * Where a value not known (`Reading.mayName`) names none of the principals (some of those it may name): `var.env is not
 * "dev"` (`Env is not dev` in a template) where it names each one it may name by the value of one piece
 * (`Reading.mayName.piece`: `dev` of `${var.env}-bob` for a user named `dev-bob`), else `${var.env}-bob in
 * aws_iam_user_policy_attachment.env_bob does not name aws_iam_user.bob` (as written, where it can be shown, and the
 * resource writing it, which may name the principals otherwise too); undefined for none.
 */
export function notNamingWhen({ namedBy, written, piece, principals: mayName }: Pick<NonNullable<Reading['mayName']>, 'namedBy' | 'written' | 'piece' | 'principals'>, principals: readonly Resource[]): string | undefined {
  if (principals.length === 0) return undefined;
  if (piece) {
    const named = principals.length === mayName.length ? undefined : new Set(principals);
    const values = new Set<string>();
    piece.values.forEach((value, index) => {
      if (!named || named.has(mayName[index]!)) values.add(value);
    });
    // A template's parameter value as a case of its values is said (`valueText`), a Terraform one as a string is written.
    return `${piece.written} is not ${someOf([...values], orText, namedBy.format === 'cloudformation' ? valueText : (value) => JSON.stringify(value))}`;
  }
  const value = `${written === undefined ? '' : `${written} in `}${nameOf(namedBy).replaceAll('[*]', '')}`;
  return `${value} does not name ${someOf(principals.map((principal) => nameOf(principal)), orText)}`;
}

/**
 * The probes that each of the exposed principals (from `exposedPrincipals`, and those the input does not declare) is
 * not certainly refused by its Denies: what the policy leaves every one of them, to name in a message that names them
 * all (one left to A alone, which B's Deny refuses, is not said of B). Every probe for a principal no Deny may guard.
 * Where a principal's Denies read values the deployer chooses (`valueCases`), those left in each case that leaves some
 * (the weakest of them): a message that names them is true whichever it is. None where they leave none in common.
 */
export function undeniedProbes(graph: ResourceGraph, policy: IdentityPolicy, { principals: exposed, elsewhere: exposedElsewhere }: Pick<Exposure, 'principals' | 'elsewhere'>, probes: readonly Probe[]): Probe[] {
  // Each request in the place of the probe it is made of: one the principal does not make is left to none.
  const leftBy = (docs: readonly PolicyDocument[], asked: ReadonlyArray<Probe | undefined>) => new Set(asked.flatMap((probe, index) => (probe && deniedOnce(docs, probe) === false ? [index] : [])));
  // As the documents are read (a Deny on a value not known leaves its requests open), and in each case of the values
  // their Denies read: a request left as they are read is left in each case.
  const leftInEachCase = (read: (valueCase?: ValueCase) => ReadonlySet<number>, cases: readonly ValueCase[]) => {
    const asRead = read();
    return leftToEach(cases.map((valueCase) => new Set([...asRead, ...read(valueCase)]))) ?? asRead;
  };
  // Each principal's Denies are asked its own requests (`askedOf`), as `exposedPrincipals` asks them: for one exposed
  // only without the Denies that may not reach it, those it holds in any case (`surelyHeld`).
  const leftTo = (principal: Resource, named: readonly PolicyDocument[] = []) => {
    const asked = askedOf(principal, probes, ownRequests(principal));
    const grants = grantsTo(policy, principal);
    const docs = withDeniesOf(principalDocs(graph, principal), named);
    return leftInEachCase((valueCase) => {
      const all = docsInCase(docs, valueCase);
      return leftBy(isExposedTo(all, presentIn(asked)) ? all : docsInCase(withDeniesOf(surelyHeld(graph, principal, grants)?.docs ?? docs, named), valueCase), asked);
    }, possibleCases(graph, principal, grants, docs) ?? []);
  };
  // A principal no Deny may guard is left each request it makes (`makes`).
  const made = (principal: Resource) => {
    const carried = ownRequests(principal);
    return new Set(probes.flatMap((probe, index) => (makes(carried, probe) ? [index] : [])));
  };
  const leftToOne = (principal: Resource) => (isGuarded(graph, principal.address) ? leftTo(principal) : made(principal));
  // A group's requests are its members' (`membersExposure`): what is left to one of those it declares is left to it,
  // and only that where they are all its members.
  const leftToGroup = (group: Resource) => {
    const exclusive = graph.exclusiveMembersOf(group.address);
    if (!exclusive) return new Set([group, ...surelyDeclaredMembers(graph, group)].flatMap((one) => [...leftToOne(one)]));
    const docs = principalDocs(graph, group);
    const leftToNamed = exclusive.names.flatMap((name) => {
      const asked = elsewhereProbes(policy, probes, undeclaredRequests(policy, 'user', name));
      return [...leftInEachCase((valueCase) => leftBy(docsInCase(docs, valueCase), asked), valueCases(docs) ?? [])];
    });
    return new Set([...exclusive.users.flatMap((one) => [...leftToOne(one)]), ...leftToNamed]);
  };
  const left = exposed.map((principal) => (principal.kind === 'iam-group' ? leftToGroup(principal) : leftToOne(principal)));
  if (exposed.length === 0 || exposedElsewhere.length > 0) {
    // A value not known that may name declared principals leaves a probe where it names another, or one of those it leaves exposed.
    for (const found of elsewhereReadings(graph, policy)) {
      const asked = elsewhereProbes(policy, probes, found);
      if (!found.mayName || found.mayName.other) left.push(leftInEachCase((valueCase) => leftBy(docsInCase(found.docs, valueCase), asked), valueCases(found.docs) ?? []));
      for (const principal of found.mayName?.principals ?? []) if (principalExposure(graph, policy, principal, probes, found.docs)) left.push(leftTo(principal, found.docs));
    }
  }
  const leftToAll = leftToEach(left);
  return leftToAll ? probes.filter((_, index) => leftToAll.has(index)) : [];
}

/** The requests (by index) each of the sets that leave some leaves; undefined where none leaves any. */
function leftToEach(sets: ReadonlyArray<ReadonlySet<number>>): ReadonlySet<number> | undefined {
  const leaving = sets.filter((left) => left.size > 0);
  return leaving.length === 0 ? undefined : leaving.reduce((both, left) => new Set([...both].filter((index) => left.has(index))));
}

/**
 * Whether the policy reaches principals none of whose identity policies may hold a Deny, each making every one of the
 * probes (`makes`: a role makes none on a resource named by `${aws:username}`): then `exposedPrincipals` returns all
 * of them for those probes, and a rule need not ask each.
 */
export function reachesOnlyUnguarded(graph: ResourceGraph, policy: IdentityPolicy, probes: readonly Probe[]): boolean {
  if (!reachesOnlyUnguardedPrincipals(graph, policy)) return false;
  if (madeByAnyone(probes)) return true;
  for (const principal of policy.principals) if (!makesEach(ownRequests(principal), probes)) return false;
  return true;
}

/**
 * Whether the policy reaches principals none of whose identity policies may hold a Deny: `reachesOnlyUnguarded` of
 * probes `madeByAnyone` makes, asked once for a policy's many lists of probes.
 */
export function reachesOnlyUnguardedPrincipals(graph: ResourceGraph, policy: IdentityPolicy): boolean {
  const { principals } = policy;
  // A loop, not every(): asked for each gap of thousands of policies, a closure each time showed in the allocations.
  for (const principal of principals) if (isGuarded(graph, principal.address)) return false;
  return principals.length > 0;
}

/** Whether requests carrying the principal's own values make each of the probes (`makes`). */
function makesEach(carried: OwnRequests, probes: readonly Probe[]): boolean {
  for (const probe of probes) if (!makes(carried, probe)) return false;
  return true;
}

/**
 * Whether `makes` holds for the probes whatever a principal's requests carry of its own, so that its own values need not
 * be read: none is on a resource named by `${aws:username}` or asked without the key, says a principal tag, or is granted
 * under conditions on the principal's own keys. Remembered by the list, which a rule makes once for a group's policies.
 */
export function madeByAnyone(probes: readonly Probe[]): boolean {
  let answer = madeByAnyoneAnswers.get(probes);
  if (answer === undefined) {
    answer = probes.every((probe) => probe.grantedUnder === undefined && probe.withoutKeys?.includes(USER_NAME) !== true && !namesUserName(probe) && !saysPrincipalTag(probe.context));
    madeByAnyoneAnswers.set(probes, answer);
  }
  return answer;
}

const madeByAnyoneAnswers = new WeakMap<readonly Probe[], boolean>();

/**
 * `denied`, remembered by the documents (a principal's, which the graph keeps as one list), the request context (a rule
 * builds one per kind of request) and the action and resource: every Allow statement of a principal asks it again, and
 * each answer reads every Deny.
 */
export function deniedOnce(docs: readonly PolicyDocument[], asked: Probe): Tri {
  const probe = inReading(asked);
  let byContext = deniedAnswers.get(docs);
  if (!byContext) deniedAnswers.set(docs, (byContext = new WeakMap()));
  let byRequest = byContext.get(probe.context);
  if (!byRequest) byContext.set(probe.context, (byRequest = new Map()));
  const request = `${probe.action}\u0000${deniesEveryResource(docs) ? regionsKey(probe, docs) : probedKey(probe)}${probe.toEveryService ? '\u0000every service' : ''}\u0000${grantTimesKey(probe)}`;
  let answer = byRequest.get(request);
  if (answer === undefined) byRequest.set(request, (answer = denied(docs, probe)));
  return answer;
}

const deniedAnswers = new WeakMap<readonly PolicyDocument[], WeakMap<RequestContext, Map<string, Tri>>>();

/** The probe with the keys it is asked without (`Probe.withoutKeys`) absent from its context; the probe itself when none. */
function inReading(probe: Probe): Probe {
  if (!probe.withoutKeys) return probe;
  const { withoutKeys, ...request } = probe;
  return withProperties(request, { context: withKeysAbsent(probe.context, withoutKeys) });
}

/**
 * Whether every Deny of the documents is written for every resource (`Resource: "*"`): what they answer a request then
 * depends on the regions and accounts its resources are in (the requests `denied` asks, the contexts it gives them), not
 * on the rest of the resources, and one answer serves every resource of a region (a policy of thousands of Allow statements,
 * each for its own resource, asked each Deny for each of them).
 */
function deniesEveryResource(docs: readonly PolicyDocument[]): boolean {
  let answer = everyResourceAnswers.get(docs);
  if (answer === undefined) {
    answer = docs.every((doc) => doc.statements.every((statement) => statement.effect !== 'Deny' || (statement.notResource === undefined && statement.resource?.some((entry) => entry.value === '*') === true)));
    everyResourceAnswers.set(docs, answer);
  }
  return answer;
}

const everyResourceAnswers = new WeakMap<readonly PolicyDocument[], boolean>();

/**
 * Whether a statement of the documents that may deny conditions on aws:ResourceAccount: on the key, or with a value
 * holding `${aws:ResourceAccount}`. Only then is each resource asked with the account its ARN writes (`requestOn`);
 * a Resource entry holding the variable reads it there itself (`resourceApplies`).
 */
function denyReadsResourceAccount(docs: readonly PolicyDocument[]): boolean {
  let answer = resourceAccountReaders.get(docs);
  if (answer === undefined) {
    answer = docs.some((doc) => doc.statements.some((statement) => statement.effect !== 'Allow' && statement.conditions.some(readsResourceAccount)));
    resourceAccountReaders.set(docs, answer);
  }
  return answer;
}

function readsResourceAccount(condition: ConditionEntry): boolean {
  return keysRead(condition).includes(RESOURCE_ACCOUNT);
}

const resourceAccountReaders = new WeakMap<readonly PolicyDocument[], boolean>();

/**
 * The regions of a probe's resources (`inEachRegion` reads them) and their accounts (a Deny's conditions read them as
 * aws:ResourceAccount: `requestOn`), as a key.
 */
function regionsKey({ resource, asOwners }: Probe, docs: readonly PolicyDocument[]): string {
  const withAccount = denyReadsResourceAccount(docs);
  const regionOf = (arn: string) => {
    const parts = splitArn(arn);
    return parts ? (withAccount ? `${parts.region}\u0002${parts.account}` : parts.region) : '\u0001';
  };
  return asOwners ? `${regionOf(resource)}\u0000${asOwners.map(regionOf).join('\u0000')}` : regionOf(resource);
}

/** A document as the one list of documents `denied` reads, the same list each time: its answers are remembered by it. */
function alone(doc: PolicyDocument): readonly PolicyDocument[] {
  let list = lists.get(doc);
  if (!list) lists.set(doc, (list = [doc]));
  return list;
}

const lists = new WeakMap<PolicyDocument, readonly PolicyDocument[]>();

/**
 * Whether a Deny among the documents certainly refuses the probe; 'unknown' when that rests on an unresolved value. A
 * request in every region is one in the owner's region and one in another (each carrying its aws:RequestedRegion):
 * both must be refused, by one Deny or by two (a Deny in `${AWS::Region}` and one of every other region); one that no
 * Deny refuses whatever its region is asked again in each region the Denies write out (`deniedInEachRegionListed`).
 * Where a Deny reads the request's time, the request is made at every time from the scan on at which the Allow grants it
 * (`Probe.grantedWhen`, from `Probe.grantedFrom`), and refused only where it is refused at each (`requestTimes`): a Deny
 * under `DateGreaterThan aws:CurrentTime: 2000-01-01` refuses it; one that ends (`DateLessThan: 2999-01-01`) leaves it from
 * then on, unless the Allow ends by then too; one that opens later (`DateGreaterThan: 2999-01-01`) leaves it until then,
 * unless the Allow grants it only from then. An Allow that grants at no such time leaves nothing. A second alone between two
 * others that agree is read as they are (`lastingOutcomes`): a Deny under `DateNotEquals aws:CurrentTime` of an instant
 * refuses the request, one under `StringEquals` or `DateEquals` of it does not.
 */
export function denied(docs: readonly PolicyDocument[], probe: Probe): Tri {
  const times = requestTimes(docs, probe);
  if (times === undefined) return deniedAtOneTime(docs, probe);
  const answers = times.map((time) => deniedAtOneTime(docs, withProperties(probe, { context: madeAt(probe.context, time) })));
  const lasting = lastingOutcomes(times, answers, probe.now);
  return lasting.includes(false) ? false : lasting.includes('unknown') ? 'unknown' : true;
}

function deniedAtOneTime(docs: readonly PolicyDocument[], probe: Probe): Tri {
  const answer = deniedInEachRegion(docs, probe);
  return answer === true && probe.toEveryService ? deniedToEachService(docs, probe) : answer;
}

/**
 * The times a request is asked of the documents' Denies at (`denied`): each time from the scan on that their conditions
 * on the request's time or the Allow's (`Probe.grantedWhen`) tell apart (`conditionTimes`) at which the Allow grants it
 * (`grantsAt`); undefined where neither reads the time, whose answer is the same at every time.
 */
function requestTimes(docs: readonly PolicyDocument[], probe: Probe): number[] | undefined {
  const told = denyTimes(docs, probe.now);
  if (told === undefined && probe.grantedWhen === undefined && probe.grantedFrom === undefined && probe.grantedUntil === undefined) return undefined;
  const granting = timesToAsk(probe, told ?? []).filter((time) => grantsAt(probe, time));
  // Where no Deny reads the time, one time the Allow grants at answers for all.
  return told === undefined ? granting.slice(0, 1) : granting;
}

/** The times a probe is asked at, in order: the scan's, the Denies' (`denyTimes`) and those its own window tells apart. */
function timesToAsk({ grantedWhen, grantedFrom, now }: Probe, denies: readonly number[]): number[] {
  const own = grantedWhen ? conditionTimes(grantedWhen, now) : [];
  return [...new Set([now, ...denies, ...own, ...(grantedFrom !== undefined && grantedFrom > now ? [grantedFrom] : [])])].filter((time) => time >= now).sort((one, other) => one - other);
}

/** When the Allow grants the probe (`now`, `grantedWhen`, `grantedFrom`, `grantedUntil`) as one key of the answers remembered for it. */
function grantTimesKey({ now, grantedWhen, grantedFrom, grantedUntil }: Probe): string {
  return `${now}\u0001${grantedWhen?.map(conditionText).join('\u0002') ?? ''}\u0001${grantedFrom ?? ''}\u0001${grantedUntil ?? ''}`;
}

/** Whether the Allow grants the probe at `time`, from the scan on (`Probe.grantedWhen`, `grantedFrom`, `grantedUntil`). */
function grantsAt({ grantedWhen, grantedFrom, grantedUntil }: Probe, time: number): boolean {
  return (grantedFrom === undefined || time >= grantedFrom) && (grantedUntil === undefined || time <= grantedUntil) && (grantedWhen === undefined || holdsAt(grantedWhen, time));
}

/**
 * The time after the Allow first grants the probes from which the Denies of the principals it reaches leave them each
 * of the probes they leave at some time (`left`, `undeniedProbes`), where they refuse some of those until then (a Deny of
 * `iam:*` under `DateLessThan aws:CurrentTime: 2999-01-01`): a message that says what is left says from when. Undefined
 * where all of them are left from the Allow's first time, as where no Deny of the graph reads the time.
 */
export function leftFrom(graph: ResourceGraph, policy: IdentityPolicy, exposure: Pick<Exposure, 'principals' | 'elsewhere'>, probes: readonly Probe[], left: readonly Probe[]): number | undefined {
  const told = left.length === 0 ? undefined : graphDenyTimes(graph, left[0]!.now);
  if (told === undefined) return undefined;
  const times = [...new Set(probes.flatMap((probe) => timesToAsk(probe, told)))].sort((one, other) => one - other);
  const granting = times.filter((time) => probes.some((probe) => grantsAt(probe, time)));
  for (const [index, time] of granting.entries()) {
    const asked = probes.map((probe) => withProperties(probe, { grantedUntil: time }));
    if (undeniedProbes(graph, policy, exposure, asked).length === left.length) return index === 0 ? undefined : time;
  }
  return undefined;
}

/** `denyTimes` of the Denies of every identity policy of the graph, once for it and the scan (`leftFrom`). */
function graphDenyTimes(graph: ResourceGraph, now: number): readonly number[] | undefined {
  let told = graphDenyTimesOf.get(graph);
  if (told?.now !== now) graphDenyTimesOf.set(graph, (told = { now, times: denyTimes(identityPolicies(graph).map(({ doc }) => doc), now) }));
  return told.times;
}

const graphDenyTimesOf = new WeakMap<ResourceGraph, { now: number; times: readonly number[] | undefined }>();

/**
 * The times the conditions of the documents' Deny statements (and of those whose Effect is not known) on the request's
 * time tell apart from the scan at `now` on (`conditionTimes`), and the scan's time, once for the documents and the scan:
 * every request asked of them is made at the same times, and shares their contexts (`madeAt`). Undefined where none
 * reads the time.
 */
function denyTimes(docs: readonly PolicyDocument[], now: number): readonly number[] | undefined {
  const remembered = denyTimesOf.get(docs);
  if (remembered?.now === now) return remembered.times;
  const conditions = docs.flatMap((doc) => doc.statements.flatMap((statement) => (statement.effect === 'Allow' ? [] : statement.conditions.filter((condition) => keysRead(condition).some((key) => TIME_KEYS.includes(key))))));
  const times = conditions.length === 0 ? undefined : conditionTimes(conditions, now);
  denyTimesOf.set(docs, { now, times });
  return times;
}

const denyTimesOf = new WeakMap<readonly PolicyDocument[], { now: number; times: readonly number[] | undefined }>();

function deniedInEachRegion(docs: readonly PolicyDocument[], probe: Probe): Tri {
  return triAnd(
    inEachRegion(inReading(probe)).map((request) => {
      const answer = deniedInRegion(docs, request);
      return answer !== true && deniedInEachRegionListed(docs, request) ? true : answer;
    }),
  );
}

/**
 * Whether the Denies refuse a request to every service (`Probe.toEveryService`) with each service they write as
 * iam:PassedToService in its place: `StringNotEquals iam:PassedToService: sagemaker.amazonaws.com` refuses passing a role
 * to any service but SageMaker, and leaves passing it to SageMaker. A pattern written (`sagemaker*`) is a service it matches.
 */
function deniedToEachService(docs: readonly PolicyDocument[], probe: Probe): Tri {
  const services = new Set<string>();
  for (const doc of docs) {
    for (const statement of doc.statements) {
      if (statement.effect !== 'Deny') continue;
      for (const condition of statement.conditions) {
        if (condition.key.toLowerCase() !== PASSED_TO_SERVICE) continue;
        for (const { value } of condition.values) if (typeof value === 'string' && !hasMarker(value)) services.add(value);
      }
    }
  }
  return triAnd([...services].map((service) => deniedInEachRegion(docs, withProperties(probe, { context: withKeyValue(probe.context, PASSED_TO_SERVICE, service) }))));
}

/**
 * Whether the Denies refuse a request whose region is a symbol (the owner's, or another than the owner's) in each region
 * it may be: in each region the Denies write out (the owner's, for the owner's symbol: a Deny in `${AWS::Region}`
 * refuses it there too) and in one they do not write. A region lock (`StringNotEquals aws:RequestedRegion: us-east-1`)
 * with Denies on `us-east-1` ARNs refuses a request in every region, though neither Deny alone does.
 */
function deniedInEachRegionListed(docs: readonly PolicyDocument[], request: RegionalRequest): boolean {
  const symbol = splitArn(request.resource)?.region;
  if (symbol !== OWNER_REGION && symbol !== OTHER_REGION) return false;
  const listed = regionsWritten(docs);
  if (listed.size === 0) return false;
  // The region they do not write first: without a Deny of every region but some (a region lock) it is not refused, and
  // each region written out would cost another reading of every Deny.
  const unlisted: RegionalRequest = withProperties(request, { context: apartFrom(request.context, symbol, listed) });
  return deniedInRegion(docs, unlisted) === true && [...listed].every((region) => deniedInRegion(docs, inListedRegion(request, symbol, region)) === true);
}

/** The request made in a region written out: for the owner's symbol, the owner's region is that one. */
function inListedRegion(request: RegionalRequest, symbol: string, region: string): RegionalRequest {
  const moved = (arn: string) => {
    const parts = splitArn(arn);
    return parts?.region === symbol ? joinArn(withProperties(parts, { region })) : arn;
  };
  const variants = [request.resource, ...(request.asOwners ?? [])];
  const owners = symbol === OWNER_REGION ? variants : [];
  return withProperties(withProperties(request, probedOf([...variants.map(moved), ...owners])), { context: requestedIn(request.context, region), ...(symbol === OWNER_REGION ? { ownersContext: request.context } : {}) });
}

/** The regions the Deny statements write out, lower-cased: in ARNs of Resource or NotResource, and as values of aws:RequestedRegion. */
function regionsWritten(docs: readonly PolicyDocument[]): ReadonlySet<string> {
  const known = writtenRegions.get(docs);
  if (known) return known;
  const regions = new Set<string>();
  // Only text a region may be (`us-east-1`): a pattern, a marker or a joined list (`us-east-1,eu-west-1`) is no case a request can be in.
  const add = (value: PolicyValue['value'] | undefined) => {
    if (typeof value === 'string' && isRegionText(value)) regions.add(value.toLowerCase());
  };
  for (const doc of docs) {
    for (const statement of doc.statements) {
      if (statement.effect !== 'Deny') continue;
      for (const { value } of [...(statement.resource ?? []), ...(statement.notResource ?? [])]) add(typeof value === 'string' ? resourceArn(statement, value)?.region : undefined);
      for (const condition of statement.conditions) if (condition.key.toLowerCase() === REQUESTED_REGION) for (const { value } of condition.values) add(value);
    }
  }
  writtenRegions.set(docs, regions);
  return regions;
}

const writtenRegions = new WeakMap<readonly PolicyDocument[], ReadonlySet<string>>();

/** The context with its region (a symbol) known to differ from the regions, one object per context, symbol and set of regions. */
function apartFrom(context: RequestContext, region: string, from: ReadonlySet<string>): RequestContext {
  let byRegions = contextsApart.get(context);
  if (!byRegions) contextsApart.set(context, (byRegions = new WeakMap()));
  let bySymbol = byRegions.get(from);
  if (!bySymbol) byRegions.set(from, (bySymbol = new Map()));
  let apart = bySymbol.get(region);
  if (!apart) bySymbol.set(region, (apart = withProperties(context, { regionApart: { region, from } })));
  return apart;
}

const contextsApart = new WeakMap<RequestContext, WeakMap<ReadonlySet<string>, Map<string, RequestContext>>>();

/**
 * A probe as one request in one region. `ownersContext`: the request in the owner's region, for a resource whose region
 * is written out and taken for the owner's (`asOwners` in `${AWS::Region}`): the same request, so a Deny whose conditions
 * hold for either context refuses it. `regionNotKnown`: the resource's region is a value not known, which a Deny
 * pinned to some region by aws:RequestedRegion may name.
 */
interface RegionalRequest extends Probe {
  ownersContext?: RequestContext;
  regionNotKnown?: boolean;
}

/**
 * The probe as the requests it stands for, each carrying the region it is made in: a resource in one region (written
 * out, or the owner's) is asked for there; one in every region (`ANY_REGION`) in the owner's region and in another.
 */
function inEachRegion(probe: Probe): RegionalRequest[] {
  const region = splitArn(probe.resource)?.region;
  if (region !== ANY_REGION) {
    if (region !== undefined && hasUnresolvedPiece(region)) return [withProperties(probe, { regionNotKnown: true })];
    const known = region !== undefined && region !== '' && !/[*?]/.test(region) && !region.includes(ANY_REGION);
    if (!known) return [probe];
    const inOwners = region !== OWNER_REGION && probe.asOwners?.some((arn) => splitArn(arn)?.region === OWNER_REGION);
    return [withProperties(probe, { context: requestedIn(probe.context, region), ...(inOwners ? { ownersContext: requestedIn(probe.context, OWNER_REGION) } : {}) })];
  }
  return [OWNER_REGION, OTHER_REGION].map((region) => {
    const moved = (arn: string) => arn.replace(ANY_REGION, region);
    return withProperties(probe, { resource: moved(probe.resource), ...(probe.asOwners ? { asOwners: probe.asOwners.map(moved) } : {}), context: requestedIn(probe.context, region) });
  });
}

/** The context with aws:RequestedRegion, one object per context and region (answers are remembered by the context). */
function requestedIn(context: RequestContext, region: string): RequestContext {
  return withKeyValue(context, REQUESTED_REGION, region);
}

const REQUESTED_REGION = 'aws:requestedregion';

function deniedInRegion(docs: readonly PolicyDocument[], probe: RegionalRequest): Tri {
  let open = false;
  // The request on the resource and on each of its variants (`requestOn`: aws:ResourceAccount is the account its ARN
  // writes), which a Deny's Resource and its conditions both read; made once for every Deny.
  // Only where a Deny's conditions read the key (`denyReadsResourceAccount`): the others keep the one request every
  // resource shares, and what is remembered by it.
  const perResource = denyReadsResourceAccount(docs);
  const request = perResource ? requestOn(probe.resource, probe.context) : probe.context;
  const asOwners = probe.asOwners?.map((arn) => ({ arn, context: perResource ? requestOn(arn, probe.context) : undefined }));
  const { ownersContext } = probe;
  const ownersContexts = ownersContext ? (perResource ? [probe.resource, ...(probe.asOwners ?? [])].map((arn) => requestOn(arn, ownersContext)) : [ownersContext]) : undefined;
  for (const doc of docs) {
    if (doc.unresolved) open = true;
    for (const statement of doc.statements) {
      // A statement whose Effect alone is not known may be a Deny: it leaves the answer open where it may apply, as one
      // read as a Deny does. One not known at all may be any Deny.
      const effectNotKnown = statement.unresolved !== undefined && (statement.action !== undefined || statement.notAction !== undefined);
      if (statement.unresolved && !effectNotKnown) open = true;
      if (statement.effect !== 'Deny' && !effectNotKnown) continue;
      // A condition written with only empty text that no request meets (`StringEquals: {sagemaker:VolumeKmsKeyArn: ""}`),
      // which RULES.md reads as unset but IAM compares as written: the Deny refuses nothing, as such an Allow grants nothing.
      if (statement.unsetConditions?.some(holdsForNoRequest)) continue;
      // What certainly does not apply decides first: matching resources is the costly part, and most Denies of a
      // policy of many are for other actions.
      const action = actionApplies(statement, probe.action);
      if (action === false) continue;
      // A variant with the owner's symbols stands for the same request: it counts when the Deny certainly names it, and
      // compared with any other region or account it tells nothing.
      const resource = asOwners?.some((variant) => resourceApplies(statement, variant.arn, variant.context ?? probe.context) === true) ? true : resourceApplies(statement, probe.resource, request);
      if (resource === false) continue;
      const carried = asCarried(statement, probe.action, request);
      let conditions = conditionsHold(statement, carried);
      const holdsIn = (context: RequestContext) => conditionsHold(statement, asCarried(statement, probe.action, context)) === true;
      if (conditions !== true && (asOwners?.some((variant) => variant.context !== undefined && holdsIn(variant.context)) || ownersContexts?.some(holdsIn))) conditions = true;
      const applies = triAnd([action, resource, conditions]);
      // A tag of the principal the request may carry with another value (a role session's session tag) may take it out.
      if (applies !== false && readsPrincipalTagNotKnown(statement, carried)) {
        open = true;
        continue;
      }
      if (applies === true && !effectNotKnown) return true;
      if (applies === 'unknown' && !effectNotKnown) {
        const resourceTexts = [probe.resource, ...[...(statement.resource ?? []), ...(statement.notResource ?? [])].map(({ value }) => value).filter((value): value is string => typeof value === 'string')];
        const whereverTheOwnerIs = appliesWhereverTheOwnerIs(comparedTexts(statement.conditions, carried), resourceTexts, carried, (asOwner) =>
          triAnd([action, resource === true ? true : resourceApplies(statement, probe.resource, asOwner(request)), conditionsHold(statement, asOwner(carried))]),
        );
        if (whereverTheOwnerIs === true) return true;
        if (whereverTheOwnerIs === 'unknown') {
          open = true;
          continue;
        }
      }
      if (applies !== false && effectNotKnown && mayHoldForEveryRequest(statement.conditions, carried, mayLackInRequestOfAction)) open = true;
      // A name not known in the request (an unresolved piece of the Allow's Resource) leaves open a Deny that may name it,
      // as a policy variable the request does not say leaves open one that may name a resource a policy names
      // (`role/${aws:username}` and `role/admin`: `requestPattern`), and a region not known one whose only doubt is the
      // region it is pinned to by aws:RequestedRegion. Not where its conditions fail, whatever those values, for some
      // request the probe stands for (`mayHoldForEveryRequest`): the Deny leaves that request. A variable the request
      // gives one value known, asked of a resource no variable names, is that value written out (`role/${aws:username}x`
      // of user Bob is `role/Bobx`, which leaves every other role, as `role/x` does).
      if (applies === 'unknown' && (hasUnresolvedValue(statement) || readsUnresolvedRequestValue(statement, carried) || (resource === 'unknown' && (hasUnresolvedPiece(probe.resource) || readsResourceVariablesLeftOpen(statement, probe.resource, request))) || (probe.regionNotKnown && action === true && resource === true && pinnedOnly(statement, carried))) && mayHoldForEveryRequest(statement.conditions, carried, mayLackInRequestOfAction)) open = true;
    }
  }
  return open ? 'unknown' : false;
}

/**
 * Whether a Deny (or an Allow's conditions on the principal's own keys, `grantedTo`) applies to the request wherever the
 * owner may be, where the request does not tell its partition (`RequestContext.ownerPartition`) or its account
 * (`RequestContext.ownerAccount`) and the Deny compares the owner's marker of it with text: `conditionTexts` (its
 * conditions' values and the request's values of their keys: a principal's ARN in a template, `arn:${AWS::Partition}:...`
 * in the policy, the owner's account as aws:PrincipalAccount or aws:ResourceAccount) for both, `resourceTexts` (its
 * Resource and NotResource and the resource asked of, whose partition written out is already read as the owner's:
 * `resourceApplies`) for the account. Asked in the commercial partition, in each one written out and in one written
 * nowhere; in each account written out (`writtenAccounts`) and in one written nowhere; `appliesIn` is given how to make
 * a context of the request such an owner's (the marker compared as that partition or account, src/iam/match.ts). True
 * where it applies in each; 'unknown' where in some only: the Deny may apply, an open answer that makes no finding
 * alone (a Deny under `ArnLike aws:PrincipalArn: arn:aws:iam::*:user/bob` refuses user bob in `aws` and leaves him
 * elsewhere; one under `StringEquals aws:PrincipalAccount: "493827160514"` refuses every request of a template's user
 * where the stack is deployed in that account, and none elsewhere), and the Allow may grant nothing; undefined where in
 * none, or where neither is told or compared.
 */
function appliesWhereverTheOwnerIs(conditionTexts: readonly string[], resourceTexts: readonly string[], request: RequestContext, appliesIn: (asOwner: (context: RequestContext) => RequestContext) => Tri): Tri | undefined {
  const partitions = request.ownerPartition === undefined && conditionTexts.some((text) => text.includes(OWNER_PARTITION)) ? [...new Set([COMMERCIAL_PARTITION, ...conditionTexts.flatMap((text) => writtenPartition(text) ?? []), UNWRITTEN_PARTITION])] : [undefined];
  const accountTexts = [...conditionTexts, ...resourceTexts];
  const accounts = request.ownerAccount === undefined && accountTexts.some((text) => text.includes(OWNER_ACCOUNT)) ? writtenAccounts(accountTexts) : [undefined];
  if (partitions[0] === undefined && accounts[0] === undefined) return undefined;
  const answers = partitions.flatMap((partition) =>
    accounts.map((account) => {
      const inPartition = (context: RequestContext) => (partition === undefined ? context : withOwnerPartition(context, partition));
      return appliesIn((context) => (account === undefined ? inPartition(context) : withOwnerAccount(inPartition(context), account)));
    }),
  );
  if (answers.every((answer) => answer === true)) return true;
  return answers.includes(true) ? 'unknown' : undefined;
}

/** The conditions' values and the request's values of their keys, the texts they compare (`appliesWhereverTheOwnerIs`). */
function comparedTexts(conditions: readonly ConditionEntry[], request: RequestContext): string[] {
  const values = conditions.flatMap((condition) => [...condition.values.map(({ value }) => value), ...(request.present.get(condition.key.toLowerCase()) ?? [])]);
  return values.filter((value): value is string => typeof value === 'string');
}

/**
 * The accounts an owner whose account is not told may be in, as the conditions' values write them (`writtenAccounts`):
 * each is asked where a rule reads a Deny's conditions for every request of the owner's (`restrictNoRequest`), which
 * may refuse them all in some of those accounts only.
 */
export function accountsTheOwnerMayBe(conditions: readonly ConditionEntry[]): string[] {
  return writtenAccounts(conditions.flatMap((condition) => condition.values.flatMap(({ value }) => (typeof value === 'string' ? [value] : []))));
}

/**
 * The accounts an owner whose account is not told may be in, as the texts compared with it write them: each account
 * written out (`493827160514`, or in an ARN, `arn:aws:iam::493827160514:root`), one of each pattern of accounts written
 * (`49*` as `490000000000`), and one none of those is.
 */
function writtenAccounts(texts: readonly string[]): string[] {
  const accounts = new Set<string>();
  for (const text of texts) {
    const written = splitArn(text)?.account ?? text;
    const account = hasMarker(written) ? undefined : accountOfPattern(written);
    if (account !== undefined) accounts.add(account);
  }
  let unwritten = UNWRITTEN_ACCOUNT;
  while (accounts.has(unwritten)) unwritten = String(Number(unwritten) + 1).padStart(ACCOUNT_DIGITS, '0');
  return [...accounts, unwritten];
}

/** An account id a text of digits and wildcards matches (`49*` as `490000000000`), the text itself where it is one; undefined where none is. */
function accountOfPattern(text: string): string | undefined {
  if (!/^[\d*?]+$/.test(text)) return undefined;
  const fixed = text.replace(/\*/g, '').length;
  if (fixed > ACCOUNT_DIGITS || (fixed < ACCOUNT_DIGITS && !text.includes('*'))) return undefined;
  return text.replace('*', '0'.repeat(ACCOUNT_DIGITS - fixed)).replace(/\*/g, '').replaceAll('?', '0');
}

const ACCOUNT_DIGITS = 12;
/** An account no policy is likely to write out: the owner's account where the input does not tell it may be another than any written. */
const UNWRITTEN_ACCOUNT = '000000000001';

/** The partition of most accounts, which an owner whose partition is not told may be in. */
const COMMERCIAL_PARTITION = 'aws';
/**
 * A partition no policy writes out: an owner's partition not told may be another than any written. Every partition's
 * name starts with `aws` (aws-cn, aws-us-gov, aws-iso-b, ...), so `arn:aws*:` in a Deny names the principal there too.
 */
const UNWRITTEN_PARTITION = `aws-${PROBE_NAME}`;

/**
 * Whether a request of the action a Deny is asked about may lack the key (lower-cased): a global key not in every
 * request (aws:SourceVpce). A key of the action's service may be a parameter every request of it carries
 * (iam:PassedToService of iam:PassRole), which the IAM catalog does not tell: a Deny on a value not known of it stays
 * open (`StringLike iam:PassedToService: !ImportValue Services` may refuse every iam:PassRole).
 */
function mayLackInRequestOfAction(key: string): boolean {
  return notInEveryRequest(key) && iamCatalog().isGlobalKey(key);
}

/**
 * Whether the statement's Resource or NotResource reads a policy variable (`resourcePattern`) that may name the resource,
 * asked of a Deny left open: one the request does not give one value known (`substitutedText`), or any where the
 * resource holds a variable's value itself (an Allow's on `training-job/${aws:PrincipalAccount, 'x'}`), which the
 * request's value may be.
 */
function readsResourceVariablesLeftOpen(statement: Statement, resource: string, request: RequestContext): boolean {
  return [...(statement.resource ?? []), ...(statement.notResource ?? [])].some(({ value }) => {
    if (typeof value !== 'string' || !readsVariables(statement, value)) return false;
    if (holdsPolicyVariableValue(resource)) return true;
    const substituted = substitutedText(value, request);
    return substituted === undefined || hasUnresolvedPiece(substituted);
  });
}

/**
 * Whether the statement's conditions hold for the request context, remembered: the probes of a principal's Allow
 * statements share a few contexts (one per kind of request and region), and each is asked of every Deny for each
 * resource an Allow grants.
 */
function conditionsHold(statement: Statement, context: RequestContext): Tri {
  let byContext = conditionAnswers.get(statement);
  if (!byContext) conditionAnswers.set(statement, (byContext = new WeakMap()));
  let answer = byContext.get(context);
  if (answer === undefined) byContext.set(context, (answer = evaluateConditions(comparedConditions(statement), context)));
  return answer;
}

/**
 * The statement's conditions IAM compares: those written with only empty text among them (`StringEqualsIfExists:
 * {aws:PrincipalTag/team: ""}` holds only for a request without the key), which RULES.md reads as unset; remembered.
 */
function comparedConditions(statement: Statement): readonly ConditionEntry[] {
  if (!statement.unsetConditions) return statement.conditions;
  let compared = comparedConditionsOf.get(statement);
  if (!compared) comparedConditionsOf.set(statement, (compared = [...statement.conditions, ...statement.unsetConditions.filter(writtenEmpty)]));
  return compared;
}

const comparedConditionsOf = new WeakMap<Statement, readonly ConditionEntry[]>();

const conditionAnswers = new WeakMap<Statement, WeakMap<RequestContext, Tri>>();

/**
 * The context with the keys the statement's conditions name that the action never carries known to be absent, as
 * `grants` reads them for an Allow: a Deny of CreateTransformJob on `Null sagemaker:VpcSubnets: true` refuses every
 * such request, since no transform job request has subnets. Global keys may be in any request, and a deprecated key
 * stands for its replacement (policy-deprecated-condition-key reports it). One object per context and key set.
 */
function asCarried(statement: Statement, action: string, context: RequestContext): RequestContext {
  const keys = neverCarriedKeysOf(statement, action);
  if (keys.length === 0 || keys.every((key) => context.absent.has(key))) return context;
  return derivedContext(contextsAsCarried, context, keys.join('\u0000'), () => withProperties(context, { absent: new Set([...context.absent, ...keys]) }));
}

const contextsAsCarried: DerivedContexts = new WeakMap();

/** The keys of the statement's conditions, lower-cased, that the catalog says the action never carries; remembered. */
function neverCarriedKeysOf(statement: Statement, action: string): readonly string[] {
  let byAction = neverCarriedKeys.get(statement);
  if (!byAction) neverCarriedKeys.set(statement, (byAction = new Map()));
  let keys = byAction.get(action);
  if (keys === undefined) byAction.set(action, (keys = neverCarried(statement, action)));
  return keys;
}

const NONE: readonly string[] = [];
const neverCarriedKeys = new WeakMap<Statement, Map<string, readonly string[]>>();

/**
 * The keys of the statement's conditions, lower-cased, that the catalog says the action never carries. Global keys may
 * be in any request, but for the tags a request sets (`aws:RequestTag/<key>`, `aws:TagKeys`): IAM puts them only in the
 * requests of actions that pass tags, which the catalog lists per action (`iam:PassRole` carries neither).
 */
function neverCarried(statement: Statement, action: string): readonly string[] {
  const catalog = iamCatalog();
  let keys: string[] | undefined;
  for (const condition of statement.conditions) {
    const key = condition.key.toLowerCase();
    if (condition.unresolved || keys?.includes(key) || (catalog.isGlobalKey(key) && !isRequestTagKey(key))) continue;
    const known = catalog.conditionKey(key);
    if (known !== undefined && !known.deprecated && !catalog.actionSupportsKey(action, key)) (keys ??= []).push(key);
  }
  return keys ?? NONE;
}

/** `aws:RequestTag/<key>` or `aws:TagKeys` (lower-cased): present only in the requests of actions that pass tags. */
export function isRequestTagKey(key: string): boolean {
  return key === 'aws:tagkeys' || key.startsWith('aws:requesttag/');
}

/** The statement has a condition on aws:RequestedRegion, and its other conditions hold for the request. */
function pinnedOnly(statement: Statement, context: RequestContext): boolean {
  const onRegion = (condition: ConditionEntry) => condition.key.toLowerCase() === REQUESTED_REGION;
  return statement.conditions.some(onRegion) && evaluateConditions(statement.conditions.filter((condition) => !onRegion(condition)), context) === true;
}

function isUnresolvedValue(entry: PolicyValue): boolean {
  return entry.value instanceof Unresolved || hasUnresolvedPiece(entry.value);
}

/** Some element of the statement could not be resolved. */
export function hasUnresolvedValue(statement: Statement): boolean {
  let answer = unresolvedAnswers.get(statement);
  if (answer === undefined) {
    const fields = [statement.action, statement.notAction, statement.resource, statement.notResource];
    answer = statement.unresolved !== undefined || fields.some((values) => values?.some(isUnresolvedValue)) || statement.conditions.some((condition) => condition.unresolved !== undefined || condition.values.some(isUnresolvedValue));
    unresolvedAnswers.set(statement, answer);
  }
  return answer;
}

/**
 * Whether the statement's conditions read a key the request holds a value not known of (a user's name not known, a
 * group's member's, `requestedAs`): the Deny may be pinned to that value, and leaves the answer open, as one of its own values not known does.
 */
function readsUnresolvedRequestValue(statement: Statement, context: RequestContext): boolean {
  return statement.conditions.some((condition) => context.present.get(condition.key.toLowerCase())?.some((value) => hasUnresolvedPiece(value) || holdsPolicyVariableValue(value)) === true);
}

/** `hasUnresolvedValue` of each statement asked: every Deny is asked again for each probe it leaves open. */
const unresolvedAnswers = new WeakMap<Statement, boolean>();

/** The statement's conditions on any of the keys (lower-cased), or on a key matching one of the prefixes. */
export function conditionsOnKeys(statement: Statement, keys: readonly string[], prefixes: readonly string[] = []): ConditionEntry[] {
  return statement.conditions.filter((condition) => {
    const key = condition.key.toLowerCase();
    return !condition.unresolved && (keys.includes(key) || prefixes.some((prefix) => key.startsWith(prefix)));
  });
}

/**
 * Whether the statement gives the action: its actions cover it and no condition is certain to fail on every request
 * for it. A positive operator on a service key the action's requests never carry (per the IAM catalog) fails:
 * `StringEquals sagemaker:VolumeKmsKeyArn` in a statement that also lists `iam:PassRole` gives no PassRole. So does a
 * positive operator written with only empty values (`holdsForNoRequest`), which RULES.md reads as unset but IAM as a
 * condition no request meets: `StringEquals iam:PassedToService: ""` passes no role. So do conditions on the request's
 * time that hold at no time from the scan on (`grantingWindow`): `DateLessThan aws:CurrentTime: 2000-01-01` grants nothing.
 */
export function grants(statement: Statement, action: string, now: number): boolean {
  if (actionApplies(statement, action) !== true || !mayNameResourceOf(statement, action)) return false;
  if (appliesAtNoTime(statement, now)) return false;
  // Conditions on one tag of the resource acted on that no value meets together (`aws:ResourceTag/team: a` with
  // `iam:ResourceTag/team: b` for iam:PassRole) grant the action on none.
  if (statement.conditions.length > 0 && tagConditionsNeverMet(statement.conditions, NO_KEYS_KNOWN, resourceTagPrefixes(action))) return false;
  if (statement.unsetConditions?.some(holdsForNoRequest)) return false;
  const keys = neverCarriedKeysOf(statement, action);
  if (keys.length === 0) return true;
  return evaluateConditions(conditionsOnKeys(statement, keys), requestContext({}, keys)) !== false;
}

/**
 * The requests of the action the statement grants it in, as far as its conditions on a tag of the resource acted on say:
 * where they pin one the request leaves unknown (`pinnedTags`: `StringEquals aws:ResourceTag/team: a` for
 * iam:PassRole), the request with the tag at each value they pin it to and let through, which the Denies of the
 * principals it reaches are asked of (a Deny under `StringNotEquals iam:ResourceTag/team: b` refuses them all: the
 * statement passes no role they let through); the request itself otherwise.
 */
export function grantedRequests(statement: Statement, action: string, request: RequestContext): RequestContext[] {
  if (statement.conditions.length === 0) return [request];
  const pinned = pinnedTags(statement.conditions, request, resourceTagPrefixes(action))[0];
  return pinned ? pinned.requests.filter((context) => evaluateConditions(pinned.conditions, context) !== false) : [request];
}

/** A request of which no key is known. */
const NO_KEYS_KNOWN = requestContext({});

/**
 * Whether the statement's Resource may name a resource the action acts on: not when every entry is an ARN of another
 * service than those of the action's resource types in the IAM catalog (`Action: "*"` on an S3 bucket grants no
 * sagemaker:AddTags). An entry that is unresolved, or a reference whose ARN is not written out, may.
 */
function mayNameResourceOf(statement: Statement, action: string): boolean {
  // A NotResource may leave some resource of a type the action acts on (`*` for one without types).
  if (statement.notResource) return actionResourceProbes(action).some((probe) => resourceApplies(statement, probe) !== false);
  // Neither: IAM refuses the policy (policy-malformed), which grants nothing.
  if (!statement.resource) return false;
  // The catalog is asked only for an ARN of a written-out service: most statements name `*` or their own service.
  let services: ReadonlySet<string> | undefined;
  for (const { value } of statement.resource) {
    if (typeof value !== 'string' || value === '*') return true;
    const arn = resourceArn(statement, value);
    if (arn === undefined) {
      if (hasMarker(value) || /[*?]/.test(value)) return true;
      continue;
    }
    const { service } = arn;
    if (hasMarker(service) || /[*?]/.test(service)) return true;
    services ??= iamCatalog().actionResourceServices(action) ?? ANY_SERVICE;
    if (services === ANY_SERVICE || (services.has(service.toLowerCase()) && mayNameResourceType(arn.resource, action))) return true;
  }
  return false;
}

/**
 * Whether an ARN of the action's service may name a resource of one of its types: the resource parts must agree up
 * to the first wildcard, policy variable or value not known of either (`flow-definition/*` names no `training-job/...`,
 * so `sagemaker:*` on it grants no sagemaker:CreateTrainingJob). Two patterns that both match some text share it from
 * its start, so the literal text each begins with is a prefix of the other's or the other way round.
 */
function mayNameResourceType(resource: string, action: string): boolean {
  const types = resourceTypesOf(action);
  if (types.length === 0) return true;
  const written = literalStart(resource, /[*?$]/);
  return types.some(({ start }) => written.startsWith(start) || start.startsWith(written));
}

/** The text before the first match of `open` or a marker of a value not known statically, lower-cased. */
function literalStart(text: string, open: RegExp): string {
  const end = [text.search(open), text.indexOf(MARK_START)].filter((index) => index >= 0);
  return (end.length > 0 ? text.slice(0, Math.min(...end)) : text).toLowerCase();
}

/** An action the catalog does not know may act on any service's resources. */
const ANY_SERVICE: ReadonlySet<string> = new Set();

/**
 * The region of a request a policy grants in every region (`Resource: "*"`, `arn:aws:sagemaker:*:...`): the principal
 * may call any region's endpoint, so only a Deny written for every region (`*`) refuses it, not one in the owner's
 * region (`${AWS::Region}`) or another written out.
 */
const ANY_REGION = marker('sym', 'deputy.AnyRegion');

/** The variables of the catalog's ARN formats: the owner's partition and account, and any region. */
const OWNER_SYMBOLS: Readonly<Record<string, string>> = { Partition: OWNER_PARTITION, Region: ANY_REGION, Account: OWNER_ACCOUNT };

/**
 * A resource of each type the action acts on, in the owner's account, any name (sts:AssumeRole acts on IAM roles:
 * `arn:${Partition}:iam::${Account}:role/<any name>`); `*` for an action without resource types, which IAM authorizes
 * on `*`.
 */
export function actionResourceProbes(action: string): readonly string[] {
  let probes = probesByAction.get(action);
  if (!probes) {
    const types = resourceTypesOf(action);
    probes = types.length === 0 ? ['*'] : types.map((type) => type.probe);
    probesByAction.set(action, probes);
  }
  return probes;
}

const probesByAction = new Map<string, readonly string[]>();

/** A resource a Deny is asked about (see `Probe`). */
export type ProbedResource = Pick<Probe, 'resource' | 'asOwners' | 'withoutKeys' | 'grantedUnder' | 'grantedWhen'>;

/** The resource written as its variants: the first is it, the others (if any, once each) its `asOwners`; asked without the keys. */
function probedOf(variants: readonly string[], withoutKeys?: readonly string[]): ProbedResource {
  // A few variants, mostly alike: told apart by includes(), not by a Set and two arrays per probe.
  const resource = variants[0]!;
  let asOwners: string[] | undefined;
  for (let index = 1; index < variants.length; index++) {
    const variant = variants[index]!;
    if (variant !== resource && !asOwners?.includes(variant)) (asOwners ??= []).push(variant);
  }
  const probed: ProbedResource = asOwners ? { resource, asOwners } : { resource };
  if (withoutKeys) probed.withoutKeys = withoutKeys;
  return probed;
}

/** Tells probed resources apart: the resource and its variants. */
function probedKey({ resource, asOwners, withoutKeys }: ProbedResource): string {
  const key = asOwners ? `${resource}\u0000${asOwners.join('\u0000')}` : resource;
  return withoutKeys ? `${key}\u0001${withoutKeys.join('\u0000')}` : key;
}

/**
 * The resources of the action's types that the statement's Resource names, one for each entry, for Denies to be asked
 * about: a Deny refuses what the Allow grants when it refuses each. An ARN keeps its region, account and name, each
 * wildcard of the name standing for text only a Deny's `*` covers (`training-job/team-d*` does not refuse what
 * `training-job/team-*` grants), each policy variable for its one value in the request, which a Deny's `*` or the same
 * variable covers (`grantedName`), a piece not known staying one (a Deny that may name it leaves the answer open); a region with a wildcard stands for every region (`ANY_REGION`), an account with one for the owner's; an ARN
 * of a type the action does not act on asks about nothing. The region (account) the entries write out is taken for the
 * owner's when they write one only: the owner has one. `*`, an entry whose partition, service, region or account is not
 * known, and NotResource ask about the probe of the `representative` type (a prefix of its resource part,
 * `training-job/`; the action's first type by default), or for NotResource of the first type it leaves when it leaves no
 * resource of that one; for an entry, in the region `unnamedRegion` gives it.
 */
export function grantedResources(statement: Statement, action: string, now: number, representative?: string): ProbedResource[] {
  const granted = grantedAnywhere(statement, action, representative);
  const regions = requestedRegions(statement);
  const inEach = regions ? granted.flatMap((probed) => inRegions(probed, regions)) : granted;
  const asGranted = grantedWith(statement, now);
  return Object.keys(asGranted).length > 0 ? inEach.map((probed) => ({ ...probed, ...asGranted })) : inEach;
}

/**
 * The regions the statement's conditions let its requests be made in: the values of `StringEquals` or `StringLike` on
 * aws:RequestedRegion, which every request carries (a value not known stands for a region not known); undefined when no
 * condition says. A request in another region is not granted by the statement, whatever its Resource.
 */
function requestedRegions(statement: Statement): string[] | undefined {
  for (const condition of statement.conditions) {
    if (condition.unresolved || condition.key.toLowerCase() !== 'aws:requestedregion') continue;
    const operator = parseOperator(condition.operator);
    if ('error' in operator || operator.family !== 'String' || operator.negated || operator.setQualifier !== undefined) continue;
    return condition.values.map(({ value }) => {
      if (typeof value !== 'string' || hasUnresolvedPiece(value)) return REGION_NOT_KNOWN;
      const region = operator.ignoreCase ? value.toLowerCase() : value;
      return operator.wildcards ? region : region.replace(/[*?]/g, '_');
    });
  }
  return undefined;
}

/**
 * A probe in every region its Resource grants (`ANY_REGION` in its region) asked in each of the regions instead; with
 * the owner's region too where they write one out alone (as `grantedResources` takes the region of an ARN).
 */
function inRegions(probed: ProbedResource, regions: readonly string[]): ProbedResource[] {
  const variants = [probed.resource, ...(probed.asOwners ?? [])];
  if (!variants.every((text) => splitArn(text)?.region.includes(ANY_REGION))) return [probed];
  const ownersToo = writesOneOnly(regions);
  const moved = (region: string) => variants.map((text) => joinArn({ ...splitArn(text)!, region }));
  return regions.map((written) => {
    const region = grantedRegion(written);
    const owners = ownersToo && region !== '' && !hasMarker(region) && !/[*?]/.test(written) ? moved(OWNER_REGION) : [];
    return probedOf([...moved(region), ...owners], probed.withoutKeys);
  });
}

/** `grantedResources` before the statement's conditions on the requested region are read. */
function grantedAnywhere(statement: Statement, action: string, representative?: string): ProbedResource[] {
  const types = resourceTypesOf(action);
  const chosen = (representative === undefined ? undefined : types.find((type) => type.start === representative)) ?? types[0];
  if (!chosen) return [{ resource: '*' }];
  if (!statement.resource) {
    const left = (type: ResourceTypeProbe) => resourceApplies(statement, type.probe) !== false;
    return [{ resource: (left(chosen) ? chosen : (types.find(left) ?? chosen)).probe }];
  }
  const named: Array<{ arn: ArnParts; name: string; withoutKeys?: readonly string[] }> = [];
  let namesNoResource = false;
  const representativeRegions = new Set<string>();
  for (const { value } of statement.resource) {
    const arn = typeof value === 'string' ? resourceArn(statement, value) : undefined;
    const written = arn && `${arn.partition}:${arn.service}:${arn.region}:${arn.account}`;
    if (!arn || !written || written.includes('${') || !onlyOwnerSymbols(written) || /[*?]/.test(arn.service)) {
      representativeRegions.add(unnamedRegion(value, arn));
      continue;
    }
    const start = literalStart(arn.resource, /[*?]|\$\{/);
    const ofService = types.filter((type) => type.service === arn.service);
    if (ofService.some((type) => start.startsWith(type.start))) {
      const readings = grantedNames(statement, arn.resource);
      if (readings.length === 0) namesNoResource = true;
      for (const reading of readings) named.push({ arn, ...reading });
    } else if (start.length < arn.resource.length) {
      // A wildcard before the type's name is complete: the entry names resources of each type it begins.
      const begun = ofService.includes(chosen) && chosen.start.startsWith(start) ? chosen : ofService.find((type) => type.start.startsWith(start));
      if (begun) named.push({ arn, name: begun.probeName });
    }
  }
  const ownersRegion = writesOneOnly(named.map(({ arn }) => arn.region));
  const ownersAccount = writesOneOnly(named.map(({ arn }) => arn.account));
  const resources = new Map<string, ProbedResource>();
  const add = (probed: ProbedResource) => resources.set(probedKey(probed), probed);
  for (const { arn, name, withoutKeys } of named) add(probeIn(arn, name, ownersRegion, ownersAccount, withoutKeys));
  for (const region of representativeRegions) add({ resource: chosen.probe.replaceAll(ANY_REGION, region) });
  if (resources.size === 0 && !namesNoResource) add({ resource: chosen.probe });
  return [...resources.values()];
}

/**
 * The region an entry of Resource that `grantedResources` does not read as an ARN asks about the representative type
 * in: every region for `*`, a wildcard region or text without a reference; one not known for an entry holding a value
 * not known (a Deny written for one region leaves the answer open, as `denied` does for a name not known); the owner's
 * for a resource the input declares (`!Ref Notebook`, `aws_sagemaker_domain.d.arn`, a plan's value known after apply),
 * which is made in the owner's region. A region written out is kept.
 */
function unnamedRegion(value: PolicyValue['value'], arn: ArnParts | undefined): string {
  if (typeof value !== 'string' || hasUnresolvedPiece(value)) return REGION_NOT_KNOWN;
  if (!arn) return hasMarker(value) ? OWNER_REGION : ANY_REGION;
  if (hasMarker(arn.region)) return OWNER_REGION;
  if (arn.region === '' || arn.region.includes('${')) return ANY_REGION;
  return grantedRegion(arn.region);
}

/** The region of a request for a resource the policy names with a value not known. */
const REGION_NOT_KNOWN = unresolvedMarker('a region not known');

/**
 * The name of a resource part of the statement, each wildcard of its literal text as `ANY_NAME`, each `?` as `_`, read as
 * IAM reads the policy (`resourcePattern`): under `2012-10-17` each policy variable is its value in the request (one
 * string, which a Deny on the same variable names: `policyVariableValue`) and an escape (`${*}`) its character, never a
 * wildcard; under no Version or `2008-10-17` a `${...}` is text.
 */
function grantedName(statement: Statement, resource: string, ctx?: RequestContext): string {
  const pattern = resourcePattern(statement, resource, ctx);
  const wildcards = (text: string) => tokenize(text).map((token) => ('literal' in token ? token.literal.replace(/\*+/g, ANY_NAME).replaceAll('?', '_') : token.text)).join('');
  if (typeof pattern === 'string') return wildcards(pattern);
  return pattern.map((piece) => piece.variable ?? (piece.verbatim ? piece.text : wildcards(piece.text))).join('');
}

/**
 * The names a resource part of the statement grants (`grantedName`), each in the requests it is granted in: in one that
 * holds the keys of its policy variables, each variable is its value there, with or without a default; in one without
 * the key of a variable written with a default (`${aws:username, 'x'}`; no key of `KEYS_OF_EVERY_REQUEST`), that
 * default (`x`), asked of the Denies without the key (`Probe.withoutKeys`: a Deny on `${aws:username}` names nothing
 * there), for each set of such keys (of the first `MOST_DEFAULTED_KEYS`) that the statement's conditions may grant. A
 * name holding a variable with no value (`NO_VARIABLE_VALUE`) is granted in no request, and one holding text IAM's documented
 * grammar does not read (`holdsUnreadVariable`) in none a finding may rest on: none.
 */
function grantedNames(statement: Statement, resource: string): Array<{ name: string; withoutKeys?: readonly string[] }> {
  const names: Array<{ name: string; withoutKeys?: readonly string[] }> = [{ name: grantedName(statement, resource) }];
  // Only an entry that reads variables can hold a default: the others pay one includes(). A key every request carries
  // (`${aws:PrincipalAccount, 'x'}`) never leaves one to its default.
  const keys = readsVariables(statement, resource) ? defaultedKeys(resource).filter((key) => !KEYS_OF_EVERY_REQUEST.has(key)).slice(0, MOST_DEFAULTED_KEYS) : [];
  for (let set = 1; set < 1 << keys.length; set++) {
    const withoutKeys = keys.filter((_, index) => (set & (1 << index)) !== 0);
    const without = requestContext({}, withoutKeys);
    // Conditions that refuse every request without the keys (`Null: {aws:username: "false"}`) grant no default.
    if (evaluateConditions(statement.conditions, without) === false) continue;
    names.push({ name: grantedName(statement, resource, without), withoutKeys });
  }
  return names.filter(({ name }) => !name.includes(NO_VARIABLE_VALUE) && !holdsUnreadVariable(name));
}

/** The keys with defaults in one entry whose absence `grantedNames` asks about: each set of them is a request of its own. */
const MOST_DEFAULTED_KEYS = 3;

/** Whether the parts write out one region (account) at most: one the owner's symbol in a Deny may stand for. */
function writesOneOnly(parts: readonly string[]): boolean {
  if (parts.length <= 1) return true;
  return new Set(parts.filter((part) => part !== '' && !/[*?]/.test(part) && !hasMarker(part))).size <= 1;
}

/** The type tagging is asked about on `*`: SageMaker tags resources of every type, and a training job stands for them. */
export const TAGGED_TYPE = 'training-job/';

/**
 * A resource type of an action (from the IAM catalog's ARN formats): its service, the literal start of its resource
 * part, and its probe.
 */
interface ResourceTypeProbe {
  service: string;
  start: string;
  probe: string;
  probeName: string;
}

function resourceTypesOf(action: string): readonly ResourceTypeProbe[] {
  let types = typesByAction.get(action);
  if (!types) {
    types = (iamCatalog().actionResourceArns(action) ?? []).flatMap((format) => {
      const arn = splitArn(format);
      const probe = format.replace(/\$\{(\w+)\}/g, (_, name: string) => OWNER_SYMBOLS[name] ?? ANY_NAME);
      const probeName = splitArn(probe)?.resource;
      // A format may hold a wildcard where the resource's name goes (dms `endpoint:*`, identitystore `group/*`).
      return arn && probeName !== undefined ? [{ service: arn.service, start: literalStart(arn.resource, /\$\{|[*?]/), probe, probeName }] : [];
    });
    typesByAction.set(action, types);
  }
  return types;
}

const typesByAction = new Map<string, readonly ResourceTypeProbe[]>();

/**
 * The resource of the name in the region and account of the ARN (the owner's for a wildcard), in the owner's partition;
 * with the owner's region, account or both where the ARN writes them out and they may be the owner's.
 */
function probeIn(arn: ArnParts, name: string, ownersRegion: boolean, ownersAccount: boolean, withoutKeys?: readonly string[]): ProbedResource {
  const region = grantedRegion(arn.region);
  const account = /[*?]/.test(arn.account) ? OWNER_ACCOUNT : arn.account;
  const regions = ownersRegion ? [region, ownersIfWritten(region, OWNER_REGION)] : [region];
  const accounts = ownersAccount ? [account, ownersIfWritten(account, OWNER_ACCOUNT)] : [account];
  const variants: string[] = [];
  for (const inRegion of regions) for (const inAccount of accounts) variants.push(arnText(OWNER_PARTITION, arn.service, inRegion, inAccount, name));
  return probedOf(variants, withoutKeys);
}

/**
 * What a wildcard in a granted name stands for: a piece no literal text and no `?` of a Deny matches, only its `*`, so a
 * Deny refuses it only when it refuses every name the wildcard may stand for.
 */
const ANY_NAME = marker('sym', 'deputy.AnyName');

/**
 * The region of a request a region pattern grants: each run of `*` as `ANY_REGION`, each `?` as `_` (as `grantedName`
 * does), so a Deny on `us-*` refuses what an Allow on `us-*` grants, only a Deny on every region what `*` grants, and
 * a Deny in one region neither.
 */
function grantedRegion(region: string): string {
  if (!region.includes('*') && !region.includes('?')) return region;
  return region.replace(/\*+/g, ANY_REGION).replaceAll('?', '_');
}

/** The owner's region or account for one written out. */
function ownersIfWritten(part: string, owners: string): string {
  return part === '' || hasMarker(part) ? part : owners;
}

/** No markers in the text but the owner's partition, region and account. */
function onlyOwnerSymbols(text: string): boolean {
  return !hasMarker(text.replaceAll(OWNER_PARTITION, '').replaceAll(OWNER_REGION, '').replaceAll(OWNER_ACCOUNT, ''));
}

/**
 * Whether the conditions hold for every request, so that they restrict nothing: for a request without each key they
 * name (a key every request carries is never missing) and for one with each key of a value no policy names, which only
 * a bare `*` of a `Like` or `Arn` operator is sure to match (`StringLikeIfExists aws:RequestedRegion: "*"`, `Null
 * aws:RequestedRegion: "false"`). A condition that may refuse some request, or whose value is not known, does not.
 * `owner.principals`: the policy is held only by the owner's IAM principals, whose requests carry the owner's account as
 * `aws:PrincipalAccount` (`StringEquals aws:PrincipalAccount: !Ref AWS::AccountId` restricts nothing for them).
 * `owner.resources`: only the requests on the owner's resources are asked about, which carry the owner's account as
 * `aws:ResourceAccount` (`StringEquals aws:ResourceAccount: !Ref AWS::AccountId` restricts nothing for them; the
 * requests of actions on no resource carry no aws:ResourceAccount, and are not these). `owner.account`: the account id
 * the owner's account stands for, where the input tells it (`Resource.account`): a pattern written out (`StringLike
 * aws:ResourceAccount: "49*"`) is compared with it, as IAM compares the account (`RequestContext.ownerAccount`).
 */
export function restrictNoRequest(conditions: readonly ConditionEntry[], owner: OwnersRequests): boolean {
  return unrestrictedFrom(conditions, owner) === owner.now;
}

/**
 * The earliest time, from the scan's on (`OwnersRequests.now`), from which the conditions hold for every request
 * (`restrictNoRequest`); undefined where there is none. Every request is made at the time of the scan or later, with
 * that time as aws:CurrentTime and aws:EpochTime: conditions that compare it (`comparesRequestTime`) are asked at each
 * time their dates tell apart (`conditionTimes`), and hold from the earliest of those from which they hold at every
 * later one, a second alone between two others read as they are (`lastingOutcomes`): `DateGreaterThan aws:CurrentTime: 2000-01-01` from
 * now, `DateGreaterThan: 2999-01-01` from a second after it, `DateNotEquals: 2999-01-01T00:00:00Z` from now (it refuses
 * the requests of that second alone), a `DateLessThan` never (it ends the window). Where some condition on the time does not compare it so (another
 * operator, a value that does not parse), the time is a value no policy names, as any other key's.
 */
export function unrestrictedFrom(conditions: readonly ConditionEntry[], owner: OwnersRequests): number | undefined {
  const { now } = owner;
  if (conditions.length === 0) return now;
  const holdsAt = (time: number | undefined) => everyRequestContexts(conditions, owner, time).every((context) => evaluateConditions(conditions, context) === true);
  const onTime = conditions.filter(onRequestTime);
  if (onTime.length === 0 || !onTime.every(comparesRequestTime)) return holdsAt(undefined) ? now : undefined;
  const times = conditionTimes(onTime, now).sort((one, other) => one - other);
  const holding = lastingOutcomes(times, times.map(holdsAt), now);
  let from: number | undefined;
  for (let index = times.length - 1; index >= 0 && holding[index]; index--) from = times[index];
  return from;
}

/**
 * Whether the conditions may hold for every request (`restrictNoRequest`) for some value of those not known: those
 * written out restrict nothing, and each one resting on a value not known holds, or may, for the requests
 * `restrictNoRequest` asks. A value changes nothing of a request without the key: `StringEquals aws:SourceVpce:
 * !ImportValue Vpce` refuses no request through no endpoint, whatever it is.
 */
export function mayRestrictNoRequest(conditions: readonly ConditionEntry[], owner: OwnersRequests): boolean {
  const notKnown = conditions.filter((condition) => condition.unresolved !== undefined || condition.values.some(isUnresolvedValue));
  if (!restrictNoRequest(notKnown.length === 0 ? conditions : conditions.filter((condition) => !notKnown.includes(condition)), owner)) return false;
  return notKnown.length === 0 || everyRequestContexts(notKnown, owner).every((context) => evaluateConditions(notKnown, context) !== false);
}

/**
 * The requests `restrictNoRequest` asks the conditions: one with each key they name, of a value no policy names (the
 * owner's account for the keys `owner` tells), and one without each key that not every request carries; both without
 * the keys the owner's requests never carry (`OwnersRequests.roleSessions`). At `time`, where given, the keys of the
 * request's time hold it (`timeKeys`).
 */
function everyRequestContexts(conditions: readonly ConditionEntry[], owner: OwnersRequests, time?: number): RequestContext[] {
  const lacking = owner.roleSessions === true ? [USER_NAME] : [];
  const keys = [...new Set(conditions.map((condition) => condition.key.toLowerCase()))].filter((key) => !lacking.includes(key));
  const ownersValue = (key: string) => (owner.principals === true && key === PRINCIPAL_ACCOUNT) || (owner.resources === true && key === RESOURCE_ACCOUNT);
  const inEveryRequest = (key: string) => KEYS_OF_EVERY_REQUEST.has(key) || (owner.resources === true && key === RESOURCE_ACCOUNT);
  const atTime: Record<string, readonly string[]> = time === undefined ? {} : timeKeys(time);
  const withValues = (named: readonly string[]) => Object.fromEntries(named.map((key) => [key, atTime[key] ?? (ownersValue(key) ? OWNER_ACCOUNT : ANY_VALUE)]));
  const inAccount = (context: RequestContext) => (owner.account === undefined ? context : withProperties(context, { ownerAccount: owner.account }));
  const withEachKey = inAccount(requestContext(withValues(keys), lacking));
  const withoutEachKey = withoutUntoldKeys(conditions, inAccount(requestContext(withValues(keys.filter(inEveryRequest)), lacking)));
  return [withEachKey, withoutEachKey];
}

/** Which requests of the owner's `restrictNoRequest` asks about, from when, and the owner's account id where known. */
export interface OwnersRequests {
  principals?: boolean;
  resources?: boolean;
  account?: string;
  /** Only a role's requests are asked about: a role session's, which carry no aws:username (`ownUserName`). */
  roleSessions?: boolean;
  /** The scan's instant (`RuleContext.now`), at or after which every request is made. */
  now: number;
}

const PRINCIPAL_ACCOUNT = 'aws:principalaccount';
const USER_NAME = 'aws:username';
const PRINCIPAL_ARN = 'aws:principalarn';
/** The prefix of the keys of a principal's tags (`PrincipalTags`), lower-cased. */
const PRINCIPAL_TAG = 'aws:principaltag/';
/** What an Allow's `${aws:username}` names in a request that does not say the name (`grantedName`). */
const USER_NAME_VALUE = policyVariableValue(USER_NAME);

/**
 * Whether the owner's account a resource's policies read (`AWS::AccountId`, a caller identity's account) is surely its
 * own (`restrictNoRequest`): not where Terraform configurations beside its own may deploy to other accounts, whose
 * caller identity it may read.
 */
export function readsOwnAccount(resource: Resource): boolean {
  return resource.besideOtherAccounts !== true;
}

/** Services whose write actions turn any permission into every permission (create credentials, pass or assume roles, edit policies). */
export const ESCALATION_SERVICES = ['iam', 'sts'];
const READ_ONLY_LEVELS = new Set(['Read', 'List']);
/** Shown first when they are left allowed: the classic escalation paths. */
const WELL_KNOWN_ESCALATIONS = ['iam:PassRole', 'iam:AttachRolePolicy', 'iam:PutRolePolicy', 'iam:CreateAccessKey', 'iam:CreatePolicyVersion', 'sts:AssumeRole'];

/**
 * A request for each write action (the access levels Write and Permissions management) of the services, on a resource
 * of the type it acts on. Made once for a check: statements pick theirs, and the answers of a principal's Denies are
 * remembered by the request (`exposedPrincipals`).
 */
export function escalationProbes(services: readonly string[], now: number): Probe[] {
  const catalog = iamCatalog();
  const context = requestContext({});
  // Every iam:PassRole request names the service the role is handed to: a Deny under `StringLike iam:PassedToService: "*"` refuses each.
  const passing = requestContext({ [PASSED_TO_SERVICE]: PROBE_SERVICE });
  return services
    .flatMap((service) => catalog.actions(service))
    .filter((action) => !READ_ONLY_LEVELS.has(catalog.actionAccessLevel(action) ?? ''))
    .map((action) => (action === PASS_ROLE ? { action, resource: actionResourceProbes(action)[0]!, context: passing, now, toEveryService: true as const } : { action, resource: actionResourceProbes(action)[0]!, context, now }));
}

/** An Allow that makes its holder an administrator, or able to make itself one (see `adminGrant`). */
export interface AdminGrant {
  statement: Statement;
  /** The Action entry that allows every action; none for a NotAction statement. */
  everyAction?: PolicyValue;
  /** The escalation requests the statement allows. */
  probes: Probe[];
  /** Whether its resources leave every escalation action its actions allow, and leave out nothing (no NotResource). */
  onEveryResource: boolean;
  /** Whether its conditions restrict nothing only for the owner's IAM principals (`restrictNoRequest`), not for a permission set's. */
  ownerPrincipalsOnly: boolean;
  /**
   * Whether they restrict nothing only for the owner's principals' requests on the owner's resources, which carry its
   * account as aws:ResourceAccount (`probes` are those): every IAM/STS write action on the account's roles, users,
   * groups and policies, not the actions on no resource.
   */
  ownersResourcesOnly: boolean;
  /** Why its conditions do not keep it from being one, as its message says (`unlimitingConditions`). */
  unlimiting: UnlimitingConditions;
}

/**
 * Why an Allow's conditions leave it an administrator's grant, as its message says: it has none (`none`), every request
 * (on the owner's resources, for a grant there alone) meets them (`everyRequest`), or the requests of the principals it
 * reaches do, by values of their own (`principals`): their name, ARN or tags (`grantedUnder`; `ownValues`), which each
 * meets or not, or the owner's account as aws:PrincipalAccount, which each of the owner's meets; or the requests of the
 * escalation actions it leaves meet them by not carrying their keys (`keysNotCarried`, see `escalationGrant`); `keys`,
 * those keys as the statement writes them.
 */
export type UnlimitingConditions = ({ by: 'none' | 'everyRequest' } | { by: 'principals'; keys: readonly string[]; ownValues: boolean } | { by: 'keysNotCarried'; keys: readonly string[] }) & {
  /** Where they hold only from a time after the scan's on, that time (`unrestrictedFrom`: `DateGreaterThan aws:CurrentTime: 2999-01-01`). */
  from?: number;
};

/**
 * The keys of the conditions the principals' own requests meet (`{conditionKeys}`), and the time from which they
 * hold (`{start}`), as a message names them: exposure, out of the fingerprint (a start that passes keeps the finding's).
 */
export function unlimitingKeys(unlimiting: UnlimitingConditions | undefined): Record<string, string> {
  const keys = unlimiting !== undefined && 'keys' in unlimiting ? conditionKeysValue(unlimiting.keys) : {};
  return unlimiting?.from === undefined ? keys : { ...keys, start: currentTimeText(unlimiting.from) };
}

/** The variant of a message's conditions placeholder that says why they do not limit the statement (`RuleMeta.variants`). */
export function unlimitingVariant(unlimiting: UnlimitingConditions, onRequester = false): string {
  const by = onRequester ? 'onRequester' : unlimiting.by;
  return unlimiting.from === undefined ? by : `${by}From`;
}

/** `{conditionKeys}` of a message: the keys, each once as `keysAsWritten` gives them. */
export function conditionKeysValue(keys: readonly string[]): { conditionKeys: string } {
  return { conditionKeys: keys.join(', ') };
}

/**
 * `UnlimitingConditions` of an Allow read as an administrator's grant: `own`, its conditions on the principal's own name,
 * ARN and tags (`grantedUnder`); `ownersAccount`, whether the others were read with the owner's account as
 * aws:PrincipalAccount, for the owner's principals alone (`OwnersRequests.principals`): their conditions on it are
 * the principals' to meet then; `from`, the time after the scan's from which they hold, where they hold only from then.
 */
export function unlimitingConditions(statement: Statement, own: readonly ConditionEntry[] | undefined, ownersAccount: boolean, from?: number): UnlimitingConditions {
  if (statement.conditions.length === 0) return { by: 'none' };
  const after = from === undefined ? {} : { from };
  const deciding = statement.conditions.filter((condition) => own?.includes(condition) || (ownersAccount && condition.key.toLowerCase() === PRINCIPAL_ACCOUNT));
  if (deciding.length === 0) return { by: 'everyRequest', ...after };
  return { by: 'principals', keys: keysAsWritten(deciding), ownValues: own !== undefined, ...after };
}

/** The keys of the conditions, each once whatever its case, as the first of them writes it. */
export function keysAsWritten(conditions: readonly ConditionEntry[]): string[] {
  return [...new Map(conditions.map(({ key }) => [key.toLowerCase(), key] as const)).values()];
}

/**
 * An Allow of every action, or of the escalation actions its NotAction leaves, on every resource, with no condition that
 * may refuse a request (`restrictNoRequest`), or none on the owner's resources (`AdminGrant.ownersResourcesOnly`): the
 * Action entry that says so, a request for each escalation action its resources and conditions leave, and whether
 * they leave every escalation action its actions allow. Its conditions on the principal's own name, ARN and tags
 * (`grantedUnder`: `ArnLike aws:PrincipalArn: .../user/alice`, `Null aws:username: "true"`) go with the requests, which
 * each principal makes only where its own values meet them (`makes`): user alice, role sessions. `inAccount`, asked only of a
 * statement whose other conditions name a key the holders' requests decide (`readsHoldersKeys`): the id of the owner's
 * account they are in, where the input tells it (`holdersAccount`), which a pattern of accounts is compared with
 * (`StringLike aws:ResourceAccount: "49*"`).
 */
export function adminGrant(statement: Statement, escalation: readonly Probe[], now: number, inAccount: Pick<OwnersRequests, 'account'> = {}): AdminGrant | undefined {
  const everyAction = adminShape(statement);
  if (!everyAction) return undefined;
  // The conditions on the principal's own name, ARN and tags are each principal's requests' to meet (`makes`): the
  // others must hold for every request.
  const own = grantedWith(statement, now);
  const limiting = own.grantedUnder ? statement.conditions.filter((condition) => !own.grantedUnder!.includes(condition)) : statement.conditions;
  // Evaluating the conditions builds two requests: asked last, of the few statements that grant every action. A window
  // of time with no end grants from its start on, past or not (`unrestrictedFrom`).
  const forAnyPrincipal = unrestrictedFrom(limiting, { ...inAccount, now });
  const ownerPrincipalsOnly = forAnyPrincipal === undefined;
  const forOwnerPrincipals = forAnyPrincipal ?? unrestrictedFrom(limiting, { ...inAccount, principals: true, now });
  // Conditions that hold for every request on the owner's resources (`StringEquals aws:ResourceAccount:
  // ${AWS::AccountId}`) grant every escalation action on its roles, users, groups and policies, not those on no resource.
  const onOwnersResources = forOwnerPrincipals === undefined ? unrestrictedFrom(limiting, { ...inAccount, principals: true, resources: true, now }) : undefined;
  const ownersResourcesOnly = onOwnersResources !== undefined;
  const from = forOwnerPrincipals ?? onOwnersResources;
  if (from === undefined) return own.grantedUnder ? undefined : escalationGrant(statement, everyAction, escalation, own, { ...inAccount, now });
  const { allowed, probes: onResources } = allowedEscalations(statement, escalation);
  const onOwners = ownersResourcesOnly ? onResources.filter(({ resource }) => splitArn(resource)?.account === OWNER_ACCOUNT) : onResources;
  if (onOwners.length === 0) return undefined;
  // From a start after the scan, the Denies protect it where they refuse it from then on (`denied`): the time from which
  // every request meets the conditions, not the earlier one from which some may.
  const granted = { ...own, ...(from > now ? { grantedFrom: from } : {}) };
  const probes = Object.keys(granted).length > 0 ? onOwners.map((probe) => ({ ...probe, ...granted })) : onOwners;
  // A NotResource leaves out something, even where every escalation action is left: the message names it.
  const found = {
    statement,
    probes,
    onEveryResource: !ownersResourcesOnly && probes.length === allowed.length && leftOutResources(statement).length === 0,
    ownerPrincipalsOnly,
    ownersResourcesOnly,
    unlimiting: unlimitingConditions(statement, own.grantedUnder, ownerPrincipalsOnly, from > now ? from : undefined),
  };
  return everyAction !== true ? withProperties(found, { everyAction }) : found;
}

/**
 * An Allow of every action whose conditions that may refuse a request are all on keys the requests of some escalation
 * actions never carry (per the IAM catalog, as `grants` reads them), each met by a request without its key
 * (`StringEqualsIfExists sagemaker:VolumeKmsKeyArn`, `StringNotEquals sagemaker:RootAccess`, `ForAllValues:StringEquals
 * aws:TagKeys`): IAM reads the key as missing from those requests, so the statement grants those actions, with which the
 * principal grants itself the rest. Its other conditions must hold for every request (`unrestrictedFrom`); undefined
 * where no escalation action is left so.
 */
function escalationGrant(statement: Statement, everyAction: PolicyValue | true, escalation: readonly Probe[], own: Pick<Probe, 'grantedWhen'>, owner: OwnersRequests): AdminGrant | undefined {
  const fromPerKeys = new Map<string, number | undefined>();
  const unreadConditions = new Set<ConditionEntry>();
  const probes: Probe[] = [];
  let earliest: number | undefined;
  for (const probe of allowedEscalations(statement, escalation).probes) {
    const absent = neverCarriedKeysOf(statement, probe.action);
    if (absent.length === 0) continue;
    const unread = conditionsOnKeys(statement, absent);
    if (unread.length === 0) continue;
    const signature = absent.join('\u0000');
    if (!fromPerKeys.has(signature)) {
      const metWithout = evaluateConditions(unread, requestContext({}, absent)) === true;
      fromPerKeys.set(signature, metWithout ? unrestrictedFrom(statement.conditions.filter((condition) => !unread.includes(condition)), owner) : undefined);
    }
    const from = fromPerKeys.get(signature);
    if (from === undefined) continue;
    for (const condition of unread) unreadConditions.add(condition);
    probes.push({ ...probe, ...own, ...(from > owner.now ? { grantedFrom: from } : {}) });
    earliest = earliest === undefined ? from : Math.min(earliest, from);
  }
  if (earliest === undefined) return undefined;
  const found = {
    statement,
    probes,
    onEveryResource: false,
    ownerPrincipalsOnly: false,
    ownersResourcesOnly: false,
    unlimiting: { by: 'keysNotCarried' as const, keys: keysAsWritten([...unreadConditions]), ...(earliest > owner.now ? { from: earliest } : {}) },
  };
  return everyAction !== true ? withProperties(found, { everyAction }) : found;
}

/**
 * Whether the statement is an Allow of every action, or of all but a NotAction, on every resource: its Action entry
 * that allows every action, `true` for a NotAction; undefined for any other statement.
 */
function adminShape(statement: Statement): PolicyValue | true | undefined {
  if (statement.effect !== 'Allow' || coversEveryResource(statement) !== true) return undefined;
  const everyAction = statement.action?.find((entry) => typeof entry.value === 'string' && matchAction(entry.value, UNNAMED_ACTION));
  return everyAction ?? (statement.notAction ? true : undefined);
}

/**
 * Whether `adminGrant` may answer otherwise for the principals a policy reaches: the statement is an Allow of every
 * action (or a NotAction) on every resource, and its conditions name aws:ResourceAccount or aws:PrincipalAccount, whose
 * values for the owner's requests are the owner's account (`restrictNoRequest`), which a pattern written out
 * (`StringLike aws:ResourceAccount: "49*"`) matches or not by its id alone.
 */
export function readsHoldersKeys(statement: Statement): boolean {
  // The conditions first: most statements have none, and adminShape matches their resources again.
  return statement.conditions.some(({ key }) => HOLDERS_KEYS.has(key.toLowerCase())) && adminShape(statement) !== undefined;
}

const HOLDERS_KEYS: ReadonlySet<string> = new Set([PRINCIPAL_ACCOUNT, RESOURCE_ACCOUNT]);

/**
 * The id of the account the owner's principals a policy reaches are in, where the input tells it for each of them and
 * they agree (`Resource.account`; IAM attaches a policy only to principals of its own account): the policy's holder's
 * where it reaches none the input declares (a policy attached to names of that account). Undefined for a permission
 * set, whose principals act in the accounts it is assigned in, and where a principal's owner's account may be
 * another's (`readsOwnAccount`).
 */
export function holdersAccount(policy: IdentityPolicy): string | undefined {
  if (policy.holder.kind === 'sso-permission-set') return undefined;
  const holders = holdersOf(policy);
  const account = holders[0]!.account;
  return holders.every((holder) => readsOwnAccount(holder) && holder.account === account) ? account : undefined;
}

/** The principals the policy reaches that the input declares, or its holder where it reaches none (a policy attached to names). */
function holdersOf(policy: IdentityPolicy): readonly Resource[] {
  return policy.principals.length > 0 ? policy.principals : [policy.holder];
}

/** Of the escalation requests, those for the actions the statement allows, and of those the ones on resources it leaves. */
export function allowedEscalations(statement: Statement, escalation: readonly Probe[]): { allowed: Probe[]; probes: Probe[] } {
  const allowed = escalation.filter(({ action }) => actionApplies(statement, action) === true);
  return { allowed, probes: allowed.filter(({ resource }) => resourceApplies(statement, resource) === true) };
}

/** The escalation actions left allowed, the classic paths first: three named, the rest counted as `kind`. */
export function escalationExamples(actions: readonly string[], kind: string): string {
  const ordered = [...WELL_KNOWN_ESCALATIONS.filter((action) => actions.includes(action)), ...actions.filter((action) => !WELL_KNOWN_ESCALATIONS.includes(action))];
  const shown = ordered.slice(0, 3);
  return ordered.length > shown.length ? `${shown.join(', ')} and ${ordered.length - shown.length} more ${kind}` : listText(shown);
}

/** A request's value of a key that no policy names: only a wildcard that matches any text is sure to match it. */
const ANY_VALUE = marker('sym', 'deputy.AnyValue');

/**
 * The statement's conditions on `keys` (lower-cased), those written with empty texts only among them, which IAM compares
 * as written (`StringEqualsIfExists iam:PassedToService: ""` fails every iam:PassRole, `StringNotEquals` of it none), and
 * those not resolved, which may be on any key.
 */
export function conditionsDeciding(statement: Statement, keys: readonly string[]): ConditionEntry[] {
  const writtenEmptyOnKeys = (statement.unsetConditions ?? []).filter((condition) => writtenEmpty(condition) && keys.includes(condition.key.toLowerCase()));
  return [...conditionsOnKeys(statement, keys), ...writtenEmptyOnKeys, ...statement.conditions.filter((condition) => condition.unresolved)];
}

/**
 * The statement's conditions on iam:AssociatedResourceArn that pin the services a role is passed for to those their ARNs
 * name, as iam:PassedToService pins them: a positive ARN or String operator, with or without `ForAnyValue:` (not
 * `IfExists` nor `ForAllValues:`, which a request without the key passes), each value of which names its service without
 * a wildcard (`arn:aws:sagemaker:...`) or is not known. A value of any service (`*`, `arn:aws:*:...`) pins none.
 */
export function associatedResourcePins(statement: Statement): ConditionEntry[] {
  return conditionsOnKeys(statement, [ASSOCIATED_RESOURCE_ARN]).filter((condition) => {
    const operator = parseOperator(condition.operator);
    if ('error' in operator || operator.negated || operator.ifExists || operator.setQualifier === 'ForAllValues' || (operator.family !== 'Arn' && operator.family !== 'String')) return false;
    return condition.values.every(({ value }) => value instanceof Unresolved || namesServiceWithoutWildcard(statement, value));
  });
}

/** Whether an ARN names its service without a wildcard or a policy variable; a piece not known there may name any. */
function namesServiceWithoutWildcard(statement: Statement, text: string): boolean {
  const service = resourceArn(statement, text)?.service;
  if (service === undefined || service === '') return false;
  if (hasUnresolvedPiece(service)) return true;
  return !/[*?]/.test(service) && !readsVariables(statement, service);
}

/** The most specific place naming the actions: the one Action entry that covers them all, else the Action/NotAction element. */
export function actionPath(statement: Statement, actions: readonly string[]): Path {
  const single = statement.action?.find((entry) => actions.every((action) => actionApplies(withProperties(statement, { action: [entry] }), action) === true));
  if (single) return single.path;
  return [...statement.path, statement.action ? 'Action' : 'NotAction'];
}

/** `iam:PassRole`, or how the statement grants the action: `iam:PassRole (through iam:Pass*)`, `... (through NotAction s3:*)`. */
export function grantText(statement: Statement, path: Path, action: string): string {
  const written = statement.action?.find((entry) => entry.path === path)?.value;
  const through = written !== undefined ? displayValue(written) : actionsAsWritten(statement);
  return through === action ? action : `${action} (through ${through})`;
}

/** The statement's Action or NotAction as written, for messages. */
export function actionsAsWritten(statement: Statement): string {
  const values = (statement.action ?? statement.notAction ?? []).map((entry) => displayValue(entry.value));
  const shown = values.length > 4 ? [...values.slice(0, 3), `${values.length - 3} more`] : values;
  return `${statement.notAction ? 'NotAction ' : ''}${listText(shown)}`;
}
