import type { ConditionEntry, PolicyDocument, PolicyValue, PrincipalSet, Statement } from '../model/policy.js';
import { accountId, joinArn, splitArn } from '../model/arn.js';
import { triAnd, triNot, triOr, type Tri } from '../model/tri.js';
import { MARK_START, OWNER_ACCOUNT, OWNER_PARTITION, OWNER_REGION, PROBE_NAME, Unresolved, hasMarker, isKnownAtPlan, literalText, tokenize } from '../model/value.js';
import { conditionTimes, evaluateConditions, keyKnown, lastingOutcomes, onRequestTime } from './conditions.js';
import { parseOperator } from './operators.js';
import { matchAction, matchString } from './match.js';
import { KEYS_OF_EVERY_REQUEST, TIME_KEYS, firstRequestTime, madeAt, requestContext, timeKeys, withKeyValue, withKeysAbsent, type RequestContext } from './request.js';
import { ownEntry, withProperties } from '../model/objects.js';
import { iamCatalog } from './catalog.js';
import { listAt } from '../model/maps.js';
import { sourceArnServices, spelledInOtherPartition, type ServicePrincipalEntry } from './service-principals.js';

/**
 * Trust evaluation by probes (RULES.md): rather than spotting key names, ask "would AssumeRole be allowed for
 * this request?" over the whole policy, Allow and Deny together. A probe stands for a class of requests; its
 * context says which condition keys are present, which are absent and which are unknown.
 */
export type ProbeCaller =
  | { type: 'Service'; principal: string }
  | AwsCaller;

/**
 * An AWS principal calling: its account and ARN, and the partition it is in where the role's is known
 * (`RoleFacts.partition`): no principal of another partition assumes the role, so a principal a policy writes in another
 * (`arn:aws-cn:iam::...`) admits no caller of it.
 */
export interface AwsCaller {
  type: 'AWS';
  account: string;
  arn: string;
  partition?: string;
}

export interface Probe {
  caller: ProbeCaller;
  context: RequestContext;
  /** What the probe stands for, for messages. */
  label: string;
  /**
   * The request is made at each of these times (`requestTimes`: the scan's instant, the earliest, and later ones), which
   * its context leaves out (aws:CurrentTime, aws:EpochTime): `anyAllowed` reads the conditions on the time once for each time and the rest once for the
   * probe, where a probe for each time read the whole policy again for every principal ARN and variant.
   */
  times?: readonly number[];
}

export const ASSUME_ROLE = 'sts:AssumeRole';
export const SOURCE_KEYS = ['aws:sourcearn', 'aws:sourceaccount', 'aws:sourceorgid', 'aws:sourceorgpaths'];

export interface Decision {
  allowed: Tri;
  /** Allow statements that definitely apply to the probe. */
  allowing: Statement[];
  /** Deny statements that definitely apply to the probe. */
  denying: Statement[];
}

/** Allowed = some Allow applies and no Deny applies (three-valued). Statements with no valid Effect are skipped. */
export function decide(doc: PolicyDocument, probe: Probe, action = ASSUME_ROLE): Decision {
  return decideBy(doc, (statement) => statementApplies(statement, probe, action), (allow) => refusedOnRoleTag(doc, allow, probe, action));
}

/**
 * `decide` with whether each statement (by its position in the document) applies to the request, and whether an Allow
 * that may apply admits no request the Denies let through whatever the role's tag (`refusedOnRoleTag`): asked only
 * where the decision is otherwise unknown for want of the Allows alone.
 */
function decideBy(doc: PolicyDocument, appliesAt: (statement: Statement, position: number) => Tri, refused: (allow: Statement) => boolean): Decision {
  // Asked for every probe at every time: running results, not a list of every statement's.
  let allowed: Tri = false;
  let denied: Tri = false;
  const allowing: Statement[] = [];
  const denying: Statement[] = [];
  // The Allows that may apply, and whether a statement of no known Effect may (then those Allows do not decide alone).
  let undecided: Statement[] | undefined;
  let effectUnknown = false;
  if (doc.unresolved) return { allowed: 'unknown', allowing, denying };
  for (let position = 0; position < doc.statements.length; position++) {
    const statement = doc.statements[position]!;
    if (statement.effect !== 'Allow' && statement.effect !== 'Deny') {
      // An Effect not known may be Allow or Deny where the statement may apply: one that certainly does not apply to the
      // request (another action, principal or condition) decides nothing, whichever it is.
      if (statement.unresolved && (!effectAloneUnknown(statement) || appliesAt(statement, position) !== false)) {
        allowed = allowed === true ? true : 'unknown';
        denied = denied === true ? true : 'unknown';
        effectUnknown = true;
      }
      continue;
    }
    const applies = appliesAt(statement, position);
    if (statement.effect === 'Allow') {
      allowed = triOr([allowed, applies]);
      if (applies === true) allowing.push(statement);
      else if (applies === 'unknown') (undecided ??= []).push(statement);
    } else {
      denied = triOr([denied, applies]);
      if (applies === true) denying.push(statement);
    }
  }
  if (allowed === 'unknown' && !effectUnknown && denied !== true && undecided!.every(refused)) allowed = false;
  return { allowed: triAnd([allowed, triNot(denied)]), allowing, denying };
}

/**
 * Whether the Allow admits no request of the probe's kind the Denies let through, whatever the value of a tag of the
 * role it pins and the request leaves unknown (`roleTagRefusal`): `StringEquals aws:ResourceTag/team: a` beside a Deny
 * under `StringNotEquals iam:ResourceTag/team: b` admits none.
 */
function refusedOnRoleTag(doc: PolicyDocument, allow: Statement, probe: Probe, action: string): boolean {
  return roleTagRefusal(doc, allow, allow.conditions, probe.context, (statement, context) => statementApplies(statement, { ...probe, context }, action)) !== undefined;
}

/** A statement read whole but for its Effect, which is not known (normalize.ts): its principal, actions and conditions are. */
function effectAloneUnknown(statement: Statement): boolean {
  return statement.unresolved !== undefined && statement.effect === undefined && (statement.action !== undefined || statement.notAction !== undefined);
}

export function statementApplies(statement: Statement, probe: Probe, action = ASSUME_ROLE, conditions = statement.conditions): Tri {
  if (statement.unresolved && !effectAloneUnknown(statement)) return 'unknown';
  const principal = principalApplies(statement, probe.caller);
  if (principal === false) return false;
  const covered = actionApplies(statement, action);
  if (covered === false) return false;
  const met = evaluateConditions(conditions, probe.context);
  // Conditions on a tag of the role the request leaves unknown may still hold for none of its values.
  return triAnd([principal, covered, met === 'unknown' && tagConditionsNeverMet(conditions, probe.context, roleTagPrefixes()) ? false : met]);
}

/** The statement's Principal/NotPrincipal admits the caller (conditions aside). */
export function principalApplies(statement: Statement, caller: ProbeCaller): Tri {
  if (statement.principal) return principalSetMatches(statement.principal, caller);
  if (statement.notPrincipal) return triNot(principalSetMatches(statement.notPrincipal, caller));
  return false;
}

export function actionApplies(statement: Statement, action = ASSUME_ROLE): Tri {
  // Rules ask this for every action of the catalog: a plain loop, no arrays or closures per call.
  const entries = statement.action ?? statement.notAction;
  if (!entries) return false;
  let named: Tri = false;
  for (const entry of entries) {
    const matches = actionMatches(entry, action);
    if (matches === true) {
      named = true;
      break;
    }
    if (matches === 'unknown') named = 'unknown';
  }
  return statement.action ? named : triNot(named);
}

/**
 * Whether the statement may name an action of the services (lower case), as `actionApplies` reads its entries: an entry
 * with no wildcard before its first colon matches only actions of the service it writes, case aside (`s3:*` no
 * `sagemaker:CreateTrainingJob`). A NotAction may leave any, and so may an entry holding a value not known, one
 * without a colon (`*`) or one whose service has a wildcard (`sage*:Create*`).
 */
export function mayNameActionOf(statement: Statement, services: ReadonlySet<string>): boolean {
  if (statement.notAction) return true;
  for (const { value } of statement.action ?? []) {
    if (typeof value !== 'string' || hasMarker(value)) return true;
    const colon = value.indexOf(':');
    if (colon < 0) return true;
    const service = value.slice(0, colon).toLowerCase();
    if (service.includes('*') || service.includes('?') || services.has(service)) return true;
  }
  return false;
}

function actionMatches(entry: PolicyValue, action: string): Tri {
  if (entry.value instanceof Unresolved) return entry.value.allowed ? allowedValuesMatch(entry.value.allowed, action) : 'unknown';
  if (matchAction(entry.value, action)) return true;
  return hasMarker(entry.value) ? 'unknown' : false;
}

/** Whether a value that is one of `allowed` (`Unresolved.allowed`) names the action: whichever it is, or none of them. */
function allowedValuesMatch(allowed: readonly string[], action: string): Tri {
  const matching = allowed.filter((value) => matchAction(value, action)).length;
  return matching === allowed.length ? true : matching === 0 ? false : 'unknown';
}

function principalSetMatches(set: PrincipalSet, caller: ProbeCaller): Tri {
  if (set.any) return true;
  if (set.unresolved) return 'unknown';
  if (caller.type === 'Service') {
    return triOr(set.Service.map((entry) => (entry.value instanceof Unresolved ? 'unknown' : matchString(entry.value, caller.principal, { wildcards: false, ignoreCase: true }))));
  }
  // Whole accounts written literally admit a caller of a literal account exactly when one is its account (and, where
  // the caller's partition is known, its partition, where the principal writes one out): a trust policy naming
  // thousands of accounts is asked about each of them, and compared one by one that took quadratic time.
  const { accounts, others } = awsPrincipalIndex(set);
  if (hasMarker(caller.account)) return triOr(set.AWS.map((entry) => awsPrincipalAdmits(entry, caller)));
  const partitions = accounts.get(caller.account);
  if (partitions && (caller.partition === undefined || partitions.has(ANY_PARTITION) || partitions.has(caller.partition))) return true;
  return triOr(others.map((entry) => awsPrincipalAdmits(entry, caller)));
}

/** Whether the AWS principal entry admits the caller: unknown for a value not resolved. */
export function awsPrincipalAdmits(entry: PolicyValue, caller: AwsCaller): Tri {
  return entry.value instanceof Unresolved ? 'unknown' : awsPrincipalMatches(entry.value, caller);
}

/**
 * The AWS principals of a set: the accounts of those that stand for a whole account written literally, with the
 * partitions they write out (`ANY_PARTITION` for an account id, or a partition not written out), and the others.
 */
interface AwsPrincipalIndex {
  accounts: ReadonlyMap<string, ReadonlySet<string>>;
  others: readonly PolicyValue[];
}

/** The partition of a principal that does not write one out: an account id, `arn:${AWS::Partition}:iam::...:root`. */
const ANY_PARTITION = '';

const awsPrincipalIndexes = new WeakMap<PrincipalSet, AwsPrincipalIndex>();

function awsPrincipalIndex(set: PrincipalSet): AwsPrincipalIndex {
  let index = awsPrincipalIndexes.get(set);
  if (!index) {
    const accounts = new Map<string, Set<string>>();
    const others: PolicyValue[] = [];
    for (const entry of set.AWS) {
      const account = typeof entry.value === 'string' ? wholeAccountOf(entry.value) : undefined;
      if (account === undefined || hasMarker(account)) others.push(entry);
      else {
        let partitions = accounts.get(account);
        if (!partitions) accounts.set(account, (partitions = new Set()));
        partitions.add(writtenPartition(entry.value as string) ?? ANY_PARTITION);
      }
    }
    awsPrincipalIndexes.set(set, (index = { accounts, others }));
  }
  return index;
}

/**
 * `*`, an account id, an account root ARN (any principal of that account) or a specific principal ARN; an ARN whose
 * partition is written out and is not the caller's, where that is known, admits none.
 */
function awsPrincipalMatches(written: string, caller: AwsCaller): Tri {
  if (written === '*') return true;
  if (otherPartitionWritten(written, caller.partition) !== undefined) return false;
  const account = wholeAccountOf(written);
  // Literal whole accounts are matched by `awsPrincipalIndex`; with markers on neither side, a match without wildcards
  // is equality, where building and remembering a request context for each pair took seconds for a long list.
  if (account === undefined && !hasMarker(written) && !hasMarker(caller.arn)) return written === caller.arn;
  const context = { present: new Map(), absent: new Set<string>(), foreignAccounts: new Set([caller.account]) };
  if (account !== undefined) return matchString(account, caller.account, { wildcards: false, ignoreCase: false }, context);
  return matchString(written, caller.arn, { wildcards: false, ignoreCase: false }, context);
}

/** The partition a principal ARN writes out (`arn:aws-cn:`) where it is not `partition`, the caller's or role's, where that is known. */
export function otherPartitionWritten(written: string, partition: string | undefined): string | undefined {
  if (partition === undefined) return undefined;
  const other = writtenPartition(written);
  return other === partition ? undefined : other;
}

/** The account a principal that stands for every principal of an account names (an account id or its root ARN). */
function wholeAccountOf(written: string): string | undefined {
  const account = accountOfAwsPrincipal(written);
  return account !== undefined && (written === account || written.endsWith(':root')) ? account : undefined;
}

/** The account an AWS principal value names: a bare account id, or the account field of an ARN. */
export function accountOfAwsPrincipal(written: string): string | undefined {
  if (/^\d{12}$/.test(written) || written === OWNER_ACCOUNT) return written;
  const parts = splitArn(written);
  return parts ? parts.account : undefined;
}

// ---- Probes --------------------------------------------------------------------------------------------

/** Key families a service principal's AssumeRole request never carries: it has no tags of its own and passes none. */
const ABSENT_PREFIXES_FOR_SERVICE = ['aws:principaltag/', 'aws:requesttag/', 'sts:transitivetagkeys', 'aws:tagkeys'];

/**
 * Keys a service principal's AssumeRole request never carries (the availability the IAM global condition keys page gives
 * each): those of a principal's identity, MFA and session; of a request through a VPC endpoint; of a service calling
 * on with a principal's credentials (`aws:CalledVia`: not when the principal calls directly); of an EC2 instance's role
 * credentials; of root credentials from `sts:AssumeRoot`.
 */
const ABSENT_FOR_SERVICE = [
  'aws:SourceIp', 'aws:SourceVpc', 'aws:SourceVpce', 'aws:SourceVpcArn', 'aws:VpcSourceIp', 'aws:VpceAccount', 'aws:VpceOrgID',
  'aws:VpceOrgPaths', 'aws:PrincipalArn', 'aws:PrincipalAccount', 'aws:PrincipalOrgID', 'aws:PrincipalOrgPaths',
  'aws:PrincipalType', 'aws:userid', 'aws:username', 'aws:MultiFactorAuthPresent', 'aws:MultiFactorAuthAge', 'sts:ExternalId',
  'aws:TokenIssueTime', 'aws:FederatedProvider', 'aws:CalledVia', 'aws:CalledViaFirst', 'aws:CalledViaLast',
  'aws:Ec2InstanceSourceVpc', 'aws:Ec2InstanceSourcePrivateIPv4', 'aws:AssumedRoot',
];

/**
 * Keys a service principal's AssumeRole request carries with a value known whichever account it acts for (IAM global
 * condition keys): aws:PrincipalIsAWSService is true for a service principal's direct call, and aws:ViaAWSService, in
 * every request, is false when the principal makes the call directly (true only for a forward access session).
 */
const SERVICE_REQUEST_KEYS: Readonly<Record<string, readonly string[]>> = { 'aws:PrincipalIsAWSService': ['true'], 'aws:ViaAWSService': ['false'] };

/**
 * What every AssumeRole request carries of the role it is on, whoever makes it (a service for any account, a principal
 * of any account): aws:ResourceAccount, the account of the resource the request is on (IAM global condition keys), the
 * role's, the owner's. A trust condition that compares it with the source (`StringEquals aws:SourceAccount:
 * ${aws:ResourceAccount}`, a data-perimeter pattern) pins the service to the owner's account; one on the key with plain
 * values is read as the same for every account of a service (`ACCOUNT_BLIND_SERVICE_KEYS`), unless those are the
 * owner's account, ones it is known not to be or patterns where its account id is known, which decide it for every
 * request as `Null` on it does (`roleDecides`); no caller chooses it
 * (`withCallerChosenKeys`): `StringEquals aws:ResourceAccount: ${AWS::AccountId}` holds for every caller, and a Deny
 * under it refuses every one.
 */
const ON_THE_ROLE: Readonly<Record<string, readonly string[]>> = { 'aws:ResourceAccount': [OWNER_ACCOUNT] };

/** The key of `ON_THE_ROLE`, aws:ResourceAccount, lower-cased as request contexts hold keys. */
export const RESOURCE_ACCOUNT = 'aws:resourceaccount';

/** A tag key family of the catalog (`aws:ResourceTag/${TagKey}`): its prefix, `aws:ResourceTag/`. */
const TAG_TEMPLATE = /^(.+\/)\$\{TagKey\}$/;

let roleTagFamilies: readonly string[] | undefined;

/**
 * The key families of the role's tags in an AssumeRole request, lower-cased: those of the tags of the resource type
 * sts:AssumeRole acts on, the role being assumed, as the IAM catalog lists them (`aws:ResourceTag/<key>` and
 * `iam:ResourceTag/<key>`, one tag under either name). Read from the catalog when first asked.
 */
function roleTagPrefixes(): readonly string[] {
  return (roleTagFamilies ??= resourceTagPrefixes(ASSUME_ROLE));
}

/**
 * The lower-cased key families of the tags of the resource the action acts on (`aws:resourcetag/`,
 * `iam:resourcetag/` for sts:AssumeRole and iam:PassRole), as the IAM catalog lists them: for an action on one resource
 * type only, whose tag each family names; none for one on several, whose requests on one type lack the other types'
 * families.
 */
export function resourceTagPrefixes(action: string): readonly string[] {
  let prefixes = tagPrefixesByAction.get(action);
  if (!prefixes) {
    const catalog = iamCatalog();
    prefixes = catalog.actionResourceTypes(action)?.length === 1 ? catalog.actionResourceKeys(action).flatMap((key) => TAG_TEMPLATE.exec(key)?.[1]!.toLowerCase() ?? []) : [];
    tagPrefixesByAction.set(action, prefixes);
  }
  return prefixes;
}

const tagPrefixesByAction = new Map<string, readonly string[]>();

/** The tag key (lower-cased) of the role a lower-cased condition key names (`team` of `iam:resourcetag/team`), or undefined. */
function roleTagOf(lower: string): string | undefined {
  for (const prefix of roleTagPrefixes()) if (lower.startsWith(prefix)) return lower.slice(prefix.length);
  return undefined;
}

/**
 * Keys, lower-cased, whose value in an AssumeRole request is the role's, whoever calls (IAM global condition keys): its
 * account (`ON_THE_ROLE`), the organization and path of its account (aws:ResourceOrgID, aws:ResourceOrgPaths, present
 * only when that account is in an organization, which deputy does not know) and its tags (`roleTagPrefixes`, as far as
 * `RoleFacts` tell them). No caller chooses them (`withCallerChosenKeys`).
 */
const ROLE_KEYS: ReadonlySet<string> = new Set([RESOURCE_ACCOUNT, 'aws:resourceorgid', 'aws:resourceorgpaths']);

/** Whether the key's value in an AssumeRole request is the role's (`ROLE_KEYS`, its tags). */
export function isRoleKey(key: string): boolean {
  const lower = key.toLowerCase();
  return ROLE_KEYS.has(lower) || roleTagOf(lower) !== undefined;
}

/**
 * What deputy knows of the role a trust policy is on, beyond what `ON_THE_ROLE` says of every one: its tags where the
 * input writes them (`tags`: by lower-cased key, the plain values; `allTags`: the role has no tag but those, so that
 * any other key is absent, as for a plan's `tags_all`), and account ids the owner's account is known to differ from
 * (`accountsApartFromOwner`), which its aws:ResourceAccount is not; the owner's account id where the input tells it
 * (`account`), which a value on aws:ResourceAccount written as a pattern (`49*`) is compared with; the owner's partition
 * where the input tells it (`partition`: the owner's own requests, in the partition of the role's region), which a
 * partition an ARN writes out (`arn:aws:sagemaker:...`) is compared with.
 */
export interface RoleFacts {
  tags: ReadonlyMap<string, string>;
  allTags: boolean;
  otherAccounts: readonly string[];
  account?: string;
  partition?: string;
}

/** A role of which nothing is known but what every AssumeRole request carries (`ON_THE_ROLE`). */
export const ANY_ROLE: RoleFacts = { tags: new Map(), allTags: false, otherAccounts: [] };

/** What an AssumeRole request carries of the role: `ON_THE_ROLE` and the tags `role` knows, under each of their names (`roleTagPrefixes`). */
function onTheRole(role: RoleFacts): Record<string, readonly string[]> {
  const present: Record<string, readonly string[]> = { ...ON_THE_ROLE };
  for (const [key, value] of role.tags) for (const prefix of roleTagPrefixes()) present[prefix + key] = [value];
  return present;
}

/** The role's tags a request is known to lack: every one but `role.tags` where those are all. */
function roleTagsAbsent(role: RoleFacts): readonly string[] {
  return role.allTags ? roleTagPrefixes() : [];
}

/** The key prefixes no service request carries (`ABSENT_PREFIXES_FOR_SERVICE`), with the role's tags it lacks (`roleTagsAbsent`). */
function serviceAbsentPrefixes(role: RoleFacts): readonly string[] {
  return role.allTags ? [...ABSENT_PREFIXES_FOR_SERVICE, ...roleTagsAbsent(role)] : ABSENT_PREFIXES_FOR_SERVICE;
}

/**
 * Whether conditions on one tag of a resource that the request leaves unknown (the key is neither present nor absent under
 * any of its names, `prefixes`: the lower-cased key families of the tags of the one resource type the action acts on,
 * `aws:resourcetag/` and `iam:resourcetag/` of a role) that no value of that tag meets together, read as one tag under
 * every name: `StringEquals aws:ResourceTag/team: a` with `StringEquals iam:ResourceTag/team: b` (or `StringLike
 * aws:ResourceTag/team: b`) holds for no role. Decided where one of them pins the tag, case-sensitively and for one
 * value (`StringEquals`, no set qualifier): a value it does not name fails it, so its values (and the tag's absence,
 * under `...IfExists`) are all the tag may be, and each is asked of them all. False when some value may meet them, or
 * none pins the tag.
 */
export function tagConditionsNeverMet(conditions: readonly ConditionEntry[], context: RequestContext, prefixes: readonly string[]): boolean {
  return pinnedTags(conditions, context, prefixes).some((pinned) => pinned.requests.every((request) => evaluateConditions(pinned.conditions, request) === false));
}

/** A tag of a resource that conditions pin (`pinnedTags`). */
export interface PinnedTag {
  /** The conditions on the tag, under any of its names. */
  conditions: ConditionEntry[];
  /** The request with the tag set, under each of its names, to each value they pin it to (or absent, under `...IfExists`). */
  requests: RequestContext[];
}

/**
 * The tags of a resource (of the key families `prefixes`, lower-cased) that the request leaves unknown (the key is
 * neither present nor absent under any of its names) and the conditions pin, case-sensitively and for one value
 * (`pinnedTagValues`): the values they name (and the tag's absence, under `...IfExists`) are all the tag may be in a
 * request they let through.
 */
export function pinnedTags(conditions: readonly ConditionEntry[], context: RequestContext, prefixes: readonly string[]): PinnedTag[] {
  const byTag = conditionsByTag(conditions, prefixes);
  if (!byTag) return [];
  const pinned: PinnedTag[] = [];
  for (const [tag, onTag] of byTag) {
    const keys = prefixes.map((prefix) => prefix + tag);
    if (tagKnown(context, keys)) continue;
    const values = pinnedTagValues(onTag);
    if (values) pinned.push({ conditions: onTag, requests: values.map((value) => withTagValue(context, keys, value)) });
  }
  return pinned;
}

/** The conditions on tags of the key families `prefixes` (lower-cased), by lower-cased tag key; undefined where none is. */
function conditionsByTag(conditions: readonly ConditionEntry[], prefixes: readonly string[]): Map<string, ConditionEntry[]> | undefined {
  let byTag: Map<string, ConditionEntry[]> | undefined;
  for (const condition of conditions) {
    const lower = condition.key.toLowerCase();
    const prefix = prefixes.find((family) => lower.startsWith(family));
    if (prefix === undefined) continue;
    listAt((byTag ??= new Map()), lower.slice(prefix.length)).push(condition);
  }
  return byTag;
}

/** Whether the request tells the tag under one of its names `keys`: present, or absent. */
function tagKnown(context: RequestContext, keys: readonly string[]): boolean {
  return keys.some((key) => keyKnown(key, context));
}

/** The request with the tag of names `keys` set to `value` under each, or absent (`undefined`). */
function withTagValue(context: RequestContext, keys: readonly string[], value: string | undefined): RequestContext {
  return value === undefined ? withKeysAbsent(context, keys) : keys.reduce((request, key) => withKeyValue(request, key, value), context);
}

/** What refuses every request an Allow admits whatever the role's tag (`roleTagRefusal`). */
export interface RoleTagRefusal {
  /** The Allow's conditions on that tag of the role. */
  conditions: ConditionEntry[];
  /** The Deny statements that refuse the request at a value those conditions admit (none where they admit none). */
  denies: Statement[];
}

/**
 * Whether an Allow admits no request whatever the value of a tag of the role the request leaves unknown, read with the
 * document's Denies: where its conditions pin the tag (`pinnedTagValues`: `StringEquals aws:ResourceTag/team: a`), the
 * values they name (and the tag's absence, under `...IfExists`) are all it may be in a request the Allow admits, so
 * where at each of them the Allow does not apply or some Deny certainly does (`StringNotEquals iam:ResourceTag/team: b`
 * at `a`), none gets in through it. `applies` says whether a statement applies to the request with the tag set so
 * (`statementApplies`): a Deny with a value not resolved, or on another key the request leaves unknown, decides nothing.
 * Asked only of an Allow whose conditions read a tag of the role, where the rest leave the decision unknown.
 */
export function roleTagRefusal(
  doc: PolicyDocument,
  allow: Statement,
  conditions: readonly ConditionEntry[],
  context: RequestContext,
  applies: (statement: Statement, context: RequestContext) => Tri,
): RoleTagRefusal | undefined {
  for (const pinned of pinnedTags(conditions, context, roleTagPrefixes())) {
    const denies = new Set<Statement>();
    const refused = pinned.requests.every((request) => {
      if (applies(allow, request) === false) return true;
      const deny = doc.statements.find((statement) => statement.effect === 'Deny' && applies(statement, request) === true);
      if (deny) denies.add(deny);
      return deny !== undefined;
    });
    if (refused) return { conditions: pinned.conditions, denies: [...denies] };
  }
  return undefined;
}

/**
 * The values a condition among them pins a tag to, case-sensitively and for one value (`StringEquals`, `...IfExists`,
 * with no set qualifier and plain values), with `undefined` for the tag's absence where `IfExists` lets it pass; undefined
 * where none does.
 */
function pinnedTagValues(conditions: readonly ConditionEntry[]): Array<string | undefined> | undefined {
  for (const condition of conditions) {
    const operator = parseOperator(condition.operator);
    if ('error' in operator || operator.family !== 'String' || operator.negated || operator.wildcards || operator.ignoreCase || operator.setQualifier) continue;
    if (condition.unresolved || condition.values.length === 0) continue;
    const values = condition.values.map((entry) => entry.value);
    if (!values.every((value): value is string => typeof value === 'string' && !hasMarker(value) && !value.includes('${'))) continue;
    return operator.ifExists ? [...values, undefined] : values;
  }
  return undefined;
}

/**
 * Whether what the probes carry of the role (`onTheRole`) decides the condition, as it does the owner's request: one on
 * a tag of the role that is known, or absent as it carries them all; one on aws:ResourceAccount that `Null` asks of
 * (every AssumeRole request carries the key), or whose every value is the owner's account (`OWNER_ACCOUNT`, which a
 * literal the input ties to the owner reads as), one it is known not to be (`role.otherAccounts`), or, where the
 * owner's account id is known (`role.account`, which the probes carry), any text without markers (a pattern such as
 * `49*`, matched against it). A literal account or a pattern not known either way is not decided.
 */
function roleDecides(condition: ConditionEntry, role: RoleFacts): boolean {
  const lower = condition.key.toLowerCase();
  if (lower === RESOURCE_ACCOUNT) {
    const operator = parseOperator(condition.operator);
    if (!('error' in operator) && operator.family === 'Null') return true;
    const decided = (value: PolicyValue['value']) => value === OWNER_ACCOUNT || (typeof value === 'string' && (role.otherAccounts.includes(value) || (role.account !== undefined && !hasMarker(value))));
    return condition.values.length > 0 && condition.values.every((entry) => decided(entry.value));
  }
  const tag = roleTagOf(lower);
  return tag !== undefined && (role.allTags || role.tags.has(tag));
}

/**
 * The request context with the owner's account id and partition the role's facts tell (`RoleFacts.account`,
 * `RoleFacts.partition`), which `OWNER_ACCOUNT` and `OWNER_PARTITION` stand for.
 */
function onRoleOwner(context: RequestContext, role: RoleFacts): RequestContext {
  if (role.account === undefined && role.partition === undefined) return context;
  return withProperties(context, { ...(role.account === undefined ? {} : { ownerAccount: role.account }), ...(role.partition === undefined ? {} : { ownerPartition: role.partition }) });
}

/** `ABSENT_FOR_SERVICE` as a request context holds it: owner probes are built per source ARN, the set once. */
const ABSENT_FROM_OWNER_SERVICE: ReadonlySet<string> = new Set(ABSENT_FOR_SERVICE.map((key) => key.toLowerCase()));

/** Whether a service principal's AssumeRole request never carries the key (sts:ExternalId, aws:PrincipalArn, MFA, tags, ...). */
export function neverInServiceRequest(key: string): boolean {
  const lower = key.toLowerCase();
  return ABSENT_FROM_OWNER_SERVICE.has(lower) || ABSENT_PREFIXES_FOR_SERVICE.some((prefix) => lower.startsWith(prefix));
}

/**
 * A service principal's request holding `present` (with `SERVICE_REQUEST_KEYS` and what it carries of the role,
 * `onTheRole`), without the keys none carries (`ABSENT_FOR_SERVICE`) nor the role's tags `role` says it lacks.
 */
function serviceRequest(present: Record<string, readonly string[]>, role: RoleFacts = ANY_ROLE): RequestContext {
  const context = requestContext({ ...SERVICE_REQUEST_KEYS, ...onTheRole(role), ...present }, [], role.otherAccounts);
  return withProperties(onRoleOwner(context, role), { absent: ABSENT_FROM_OWNER_SERVICE, absentPrefixes: serviceAbsentPrefixes(role) });
}

/** A service request as far as it is the same for every one (`SERVICE_REQUEST_KEYS`, `ABSENT_FOR_SERVICE`). */
const ANY_SERVICE_REQUEST: RequestContext = serviceRequest({});

/**
 * A condition that refuses every service request: on a key such a request never carries, with an operator that fails
 * without it, or on one it carries with a value the condition refuses (Bool aws:ViaAWSService true).
 */
export function refusesServiceRequests(condition: ConditionEntry): boolean {
  if (condition.unresolved || !(neverInServiceRequest(condition.key) || serviceRequestValue(condition.key) !== undefined)) return false;
  return evaluateConditions([condition], ANY_SERVICE_REQUEST) === false;
}

/** `SERVICE_REQUEST_KEYS` by lower-cased key. */
const SERVICE_VALUES: Readonly<Record<string, readonly string[]>> = Object.fromEntries(Object.entries(SERVICE_REQUEST_KEYS).map(([key, values]) => [key.toLowerCase(), values]));

/** The value every service request carries for the key (`SERVICE_REQUEST_KEYS`), or undefined. */
export function serviceRequestValue(key: string): string | undefined {
  return ownEntry(SERVICE_VALUES, key.toLowerCase())?.[0];
}

/** Literal strings anywhere in the policy, to pick foreign account ids that no literal matches. */
function literalsOf(doc: PolicyDocument): string[] {
  const found: string[] = [];
  const add = (entry: PolicyValue): void => {
    if (typeof entry.value === 'string') found.push(entry.value);
  };
  for (const statement of doc.statements) {
    for (const set of [statement.principal, statement.notPrincipal]) if (set) [...set.AWS, ...set.Service].forEach(add);
    for (const condition of statement.conditions) condition.values.forEach(add);
  }
  return found;
}

/**
 * The account ids a policy writes out (whole values and the account part of ARNs) that are not `owner`, where the
 * owner's account is known (a plan's caller identity, the ARNs it deploys): the owner's account is none of them.
 */
export function accountsApartFromOwner(doc: PolicyDocument, owner: string | undefined): readonly string[] {
  if (owner === undefined) return NO_ACCOUNTS;
  const accounts = accountsWritten(doc);
  if (!accounts.includes(owner)) return accounts;
  // One list for each text and owner, which facts shared by its roles are found by (`sharedFacts` in rules/support.ts).
  let byOwner = apartFromOwners.get(accounts);
  if (!byOwner) apartFromOwners.set(accounts, (byOwner = new Map()));
  let apart = byOwner.get(owner);
  if (!apart) byOwner.set(owner, (apart = accounts.length === 1 ? NO_ACCOUNTS : accounts.filter((account) => account !== owner)));
  return apart;
}

const apartFromOwners = new WeakMap<readonly string[], Map<string, readonly string[]>>();

/** No account: one list, which facts shared by roles are found by (`sharedFacts` in rules/support.ts). */
export const NO_ACCOUNTS: readonly string[] = [];

/**
 * The account ids a policy writes out, each once in the order first written: read once per statement list, which the
 * documents of one policy text share (a trust rule asks for each role, thousands in a plan stamped out of a few texts).
 */
function accountsWritten(doc: PolicyDocument): readonly string[] {
  let accounts = writtenAccounts.get(doc.statements);
  if (!accounts) {
    const found = new Set<string>();
    for (const literal of literalsOf(doc)) {
      for (const written of [literal, splitArn(literal)?.account]) {
        const account = accountId(written);
        if (account !== undefined) found.add(account);
      }
    }
    writtenAccounts.set(doc.statements, (accounts = found.size === 0 ? NO_ACCOUNTS : [...found]));
  }
  return accounts;
}

const writtenAccounts = new WeakMap<readonly Statement[], readonly string[]>();

/** Account ids standing for "another account": some no literal names, and near-misses of literal accounts (to catch prefix wildcards). */
export function foreignAccountsFor(doc: PolicyDocument): string[] {
  const literals = literalsOf(doc);
  // Every candidate is 12 digits: one the policy writes anywhere is not another account's.
  const written = twelveDigitRuns(literals);
  const accounts = new Set<string>();
  for (const digit of '9876543210') {
    const candidate = digit.repeat(12);
    if (!written.has(candidate)) accounts.add(candidate);
    if (accounts.size === 2) break;
  }
  for (const literal of literals) {
    for (const match of literal.matchAll(/(?<!\d)(\d{12})(?!\d)/g)) {
      const account = match[1]!;
      const nearMiss = account.slice(0, 11) + String((Number(account[11]) + 1) % 10);
      if (!written.has(nearMiss)) accounts.add(nearMiss);
    }
  }
  // Wildcard account patterns such as `12345678901?`, `1234*` or `*1234` admit accounts of their own shape. The account
  // part is the fifth field of an ARN, also of one a `*` ends before its resource (`arn:aws:sagemaker:us-east-1:1111*`
  // under StringLike, whose `*` spans the colon).
  for (const literal of literals) {
    const account = literal.startsWith('arn:') ? literal.split(':')[4] : undefined;
    for (const pattern of [account, literal]) {
      if (pattern && /^[\d*?]+$/.test(pattern) && /[*?]/.test(pattern) && !hasMarker(pattern)) {
        const concrete = accountOfShape(pattern);
        if (concrete !== undefined && !written.has(concrete)) accounts.add(concrete);
      }
    }
  }
  return [...accounts];
}

/**
 * Every 12 digits in a row the literals write, inside longer runs of digits too: what a search of their text for a
 * 12-digit id finds, made once (a policy naming n accounts asks of n near-misses, each a search through all n).
 */
function twelveDigitRuns(literals: readonly string[]): Set<string> {
  const found = new Set<string>();
  for (const literal of literals) {
    for (const [run] of literal.matchAll(/\d{12,}/g)) for (let start = 0; start + 12 <= run.length; start++) found.add(run.slice(start, start + 12));
  }
  return found;
}

/** A 12-digit account id a pattern of digits, `*` and `?` matches: its first `*` stands for the zeros that make up the length, the others for nothing. */
function accountOfShape(pattern: string): string | undefined {
  const fixed = pattern.replace(/\*/g, '').replace(/\?/g, '0');
  if (fixed.length > 12) return undefined;
  const star = pattern.indexOf('*');
  if (star < 0) return fixed.length === 12 ? fixed : undefined;
  const before = pattern.slice(0, star).replace(/\?/g, '0');
  return before + '0'.repeat(12 - fixed.length) + fixed.slice(before.length);
}

/** Replaces wildcards by concrete characters an attacker could choose. */
function concretize(pattern: string): string {
  return tokenize(pattern)
    .map((token) => ('literal' in token ? token.literal.replace(/\*/g, 'x').replace(/\?/g, 'x') : token.text))
    .join('');
}

/** SourceArn values the policy mentions (any operator), to build probes an attacker could present. */
function sourceArnPatterns(doc: PolicyDocument): string[] {
  const patterns: string[] = [];
  for (const statement of doc.statements) {
    for (const condition of statement.conditions) {
      if (condition.key.toLowerCase() !== 'aws:sourcearn') continue;
      for (const entry of condition.values) if (typeof entry.value === 'string') patterns.push(entry.value);
    }
  }
  return patterns;
}

/** What the trust evaluation reads of a service principal's catalog entry. */
export type ServiceInfo = Pick<ServicePrincipalEntry, 'principal' | 'arnService' | 'otherArnServices' | 'sendsSourceArn' | 'sendsSourceAccount' | 'accountWideRoles'>;

/**
 * Times at which another account may make its request, or have a service make it: the scan's instant `now`, and every
 * later instant at which a date of the policy's time conditions changes their outcome (`conditionTimes`). A
 * request cannot be made in the past: a trust that stopped applying is not open, a Deny that started applying protects.
 * The foreign service probes and the AWS caller probes (`awsCallerProbes`) are made at these times.
 */
export function requestTimes(doc: PolicyDocument, now: number): number[] {
  return conditionTimes(doc.statements.flatMap((statement) => statement.conditions), now);
}

/**
 * Requests from the service on behalf of another account: for each foreign account and each service whose ARNs it
 * presents (`sourceArnServices`), a generic source ARN and one shaped after every SourceArn pattern in the policy (same
 * region and resource, the foreign account), with and without organization keys, at each time from now on that the
 * policy's time conditions tell apart, on the role `role` tells of (`onTheRole`). Conditions on other keys that do not
 * say which account the service acts for are read by `withAccountBlindKeys`.
 */
export function foreignServiceProbes(doc: PolicyDocument, service: ServiceInfo, now: number, role: RoleFacts = ANY_ROLE): Probe[] {
  const accounts = foreignAccountsFor(doc);
  const onRole = onTheRole(role);
  const absentPrefixes = serviceAbsentPrefixes(role);
  const times = requestTimes(doc, now);
  const patterns = sourceArnPatterns(doc);
  // The caller shares the owner's partition; a partition the policy spells out (`arn:aws:...`) is the one meant, unless
  // the role's is known to be another (`callerPartition`).
  const partitions = new Set([OWNER_PARTITION, ...patterns.flatMap((pattern) => writtenPartition(pattern) ?? []).map((partition) => callerPartition(partition, role))]);
  // The source ARNs' parts but their service and account: a generic one in each partition, then one after each pattern.
  const shapes = [...partitions].map((partition) => ({ partition, region: 'us-east-1', resource: 'x' }));
  for (const pattern of patterns) {
    const parts = splitArn(pattern);
    if (!parts) {
      // A pattern that is no ARN (`*123456789012*` under StringLike) may match text the caller chooses: a resource
      // name of the foreign account that holds the pattern's literal parts.
      if (/[*?]/.test(pattern)) for (const partition of partitions) shapes.push({ partition, region: 'us-east-1', resource: concretize(pattern).replace(/:/g, '/') });
      continue;
    }
    shapes.push({ partition: callerPartition(parts.partition, role), region: concretize(parts.region), resource: concretize(parts.resource) || 'x' });
  }
  const probes: Probe[] = [];
  for (const account of accounts) {
    const arns = new Set<string>();
    for (const arnService of sourceArnServices(service)) for (const shape of shapes) arns.add(joinArn({ ...shape, service: arnService, account }));
    for (const arn of arns) {
      for (const inOrganization of [false, true]) {
        const present: Record<string, readonly string[]> = { 'aws:PrincipalServiceName': [service.principal], ...SERVICE_REQUEST_KEYS, ...onRole };
        const absent = [...ABSENT_FOR_SERVICE];
        if (service.sendsSourceArn) present['aws:SourceArn'] = [arn];
        else absent.push('aws:SourceArn');
        if (service.sendsSourceAccount) present['aws:SourceAccount'] = [account];
        else absent.push('aws:SourceAccount');
        if (inOrganization) {
          present['aws:SourceOrgID'] = ['o-deputyprobe1'];
          present['aws:SourceOrgPaths'] = ['o-deputyprobe1/r-dp01/ou-dp01-probe0001/'];
        } else absent.push('aws:SourceOrgID', 'aws:SourceOrgPaths');
        probes.push({
          caller: { type: 'Service', principal: service.principal },
          // The account is one no literal of the policy names, standing for whichever one a stranger chooses.
          context: onRoleOwner(requestContext(present, absent, [account, ...role.otherAccounts], absentPrefixes, [account]), role),
          label: `${service.principal} acting for account ${account}`,
          times,
        });
      }
    }
  }
  return probes;
}

/**
 * The owner's own service request made as soon as it can be after the scan at `now` (`firstRequestTime`), presenting one of the given source ARNs (built from the owner's symbols),
 * on the role `role` tells of (`onTheRole`, as the foreign probes are; its `otherAccounts`: account ids the owner's
 * account is known to differ from, `accountsApartFromOwner`, here whether or not the policy reads the role's keys).
 */
export function ownerServiceProbes(service: ServiceInfo, sourceArns: string[], now: number, role: RoleFacts = ANY_ROLE): Probe[] {
  return sourceArns.map((arn) => {
    const present: Record<string, readonly string[]> = { 'aws:PrincipalServiceName': [service.principal], ...timeKeys(firstRequestTime(now)) };
    if (service.sendsSourceArn) present['aws:SourceArn'] = [arn];
    if (service.sendsSourceAccount) present['aws:SourceAccount'] = [OWNER_ACCOUNT];
    const context = serviceRequest(present, role);
    return { caller: { type: 'Service', principal: service.principal }, context, label: `${service.principal} with source ARN ${arn}` };
  });
}

/**
 * A principal of the given account calling AssumeRole directly, never from the owner's organization. What the
 * caller controls: a partner (`'external-id'`, a deputy acting for another of its customers) may send an
 * external id of its own, may or may not have MFA, and may be in an organization of its own or in none; a stranger
 * (`'everything'`, of an account `foreignAccountsFor` picks, standing for any it may choose) also brings MFA and an
 * organization of its own. Whoever calls, the request is on the owner's role, as `options.role` tells of it
 * (`onTheRole`; `ANY_ROLE` when not given). An empty principal ARN stands for some role of that account. The request is
 * made at each of `times` (the policy's `requestTimes`), as the foreign service probes are. A role
 * session of the caller's is named each of `sessionNames` (`strangerSessionNames`; `PROBE_NAME` when not given).
 */
export function awsCallerProbes(
  account: string,
  principalArns: string[],
  options: { chooses: 'external-id' | 'everything'; times: readonly number[]; role?: RoleFacts; sessionNames?: readonly string[] },
): Probe[] {
  const role = options.role ?? ANY_ROLE;
  const onRole = onTheRole(role);
  const foreign = [account, ...role.otherAccounts];
  const tagsAbsent = roleTagsAbsent(role);
  const anyRole = someRoleOf(account);
  const arns = principalArns.length > 0 ? principalArns.map((arn) => arn || anyRole) : [anyRole];
  const externalId = { 'sts:ExternalId': [`${PROBE_NAME}-external-id`] };
  const organization = { 'aws:PrincipalOrgID': ['o-deputyprobe1'], 'aws:PrincipalOrgPaths': ['o-deputyprobe1/r-dp01/ou-dp01-probe0001/'] };
  // IAM sends aws:MultiFactorAuthAge only after MFA: without it the key is absent (chosenKeys), as after long-term keys.
  const noMfa = { 'aws:MultiFactorAuthPresent': ['false'] };
  const mfa = { 'aws:MultiFactorAuthPresent': ['true'], 'aws:MultiFactorAuthAge': ['60'] };
  // A partner's account is in no organization or in one of its own, which deputy cannot tell: both are asked about.
  const partner = [{}, externalId, noMfa, { ...externalId, ...noMfa }];
  const variants: Array<Record<string, string[]>> =
    options.chooses === 'everything' ? [{}, { ...externalId, ...organization, ...mfa }] : [...partner, ...partner.map((chosen) => ({ ...chosen, ...organization }))];
  const chosenKeys = [...Object.keys(externalId), ...Object.keys(organization), ...Object.keys(mfa)];
  const times = options.times;
  const sessions = options.sessionNames ?? [PROBE_NAME];
  // An IAM user's request holds no session name: one request for each of its variants.
  const callers = arns.flatMap((arn) => (isUserArn(arn) ? [{ arn, session: PROBE_NAME }] : sessions.map((session) => ({ arn, session }))));
  return callers.flatMap(({ arn, session }) =>
    variants.map((chosen) => {
      const present: Record<string, readonly string[]> = { ...callerKeys(account, arn, session), ...onRole, ...chosen };
      const absent = [...NOT_FROM_A_SERVICE, ...chosenKeys.filter((key) => !(key in chosen))];
      // A stranger's account is one it chooses (`foreignAccountsFor`); a partner's is the one the policy names.
      const chosenAccount = options.chooses === 'everything' ? [account] : [];
      return { caller: awsCaller(account, arn, role), context: onRoleOwner(requestContext(present, absent, foreign, tagsAbsent, chosenAccount), role), label: `a principal of account ${account}`, times };
    }),
  );
}

/**
 * A principal of the account calling AssumeRole directly as soon as it can after the scan at `now` (`firstRequestTime`), sending what `sent` holds (an external id) and no other
 * key a caller adds at will (MFA, an organization): the request a statement written for it lets in, on the role `role`
 * tells of (whose `otherAccounts` the caller's account, where it is the owner's, is none of). `arn` is the principal's;
 * some role of the account where not given.
 */
export function directCallerProbe(account: string, now: number, options: { arn?: string; sent?: Record<string, readonly string[]>; role?: RoleFacts } = {}): Probe {
  const role = options.role ?? ANY_ROLE;
  const arn = options.arn ?? someRoleOf(account);
  const sent = options.sent ?? {};
  const present: Record<string, readonly string[]> = { ...callerKeys(account, arn), 'aws:MultiFactorAuthPresent': ['false'], ...onTheRole(role), ...timeKeys(firstRequestTime(now)), ...sent };
  const absent = [...NOT_FROM_A_SERVICE, 'sts:ExternalId', 'aws:PrincipalOrgID', 'aws:PrincipalOrgPaths', 'aws:MultiFactorAuthAge'].filter((key) => !(key in sent));
  const foreign = account === OWNER_ACCOUNT ? role.otherAccounts : [account, ...role.otherAccounts];
  return { caller: awsCaller(account, arn, role), context: onRoleOwner(requestContext(present, absent, foreign, roleTagsAbsent(role)), role), label: `a principal of account ${account}` };
}

/** An AWS principal of the account calling on the role `role` tells of: in the role's partition, where that is known. */
function awsCaller(account: string, arn: string, role: RoleFacts): AwsCaller {
  return role.partition === undefined ? { type: 'AWS', account, arn } : { type: 'AWS', account, arn, partition: role.partition };
}

/** Stands for any service principal that reports the account it acts for. */
const ANY_SERVICE: ServiceInfo = { principal: 'sagemaker.amazonaws.com', arnService: 'sagemaker', sendsSourceArn: true, sendsSourceAccount: true };

/**
 * Whether a caller of another account that chooses what it sends, or a service acting for one, may assume the role
 * (trust-any-principal), at the times the policy's time conditions tell apart: `anyAllowed` over those probes, requests
 * on the role `role` tells of, from the scan's instant `now` on.
 */
export function strangerAllowed(doc: PolicyDocument, now: number, role: RoleFacts = ANY_ROLE): { allowed: Tri; probe?: Probe; decision?: Decision } {
  // "*" also admits services acting for any account: those requests carry aws:SourceAccount/SourceArn. Both are made
  // now or later, at the times the policy's time conditions tell apart.
  const times = requestTimes(doc, now);
  const sessionNames = [PROBE_NAME, ...strangerSessionNames(doc)];
  const probes = [
    ...foreignAccountsFor(doc).flatMap((account) => awsCallerProbes(account, ['', ...strangerPrincipalArns(doc, account, role)], { chooses: 'everything', times, role, sessionNames })),
    ...foreignServiceProbes(doc, ANY_SERVICE, now, role),
  ];
  return anyAllowed(withCallerChosenKeys(doc), probes);
}

/** The unique ids of a probe's role and IAM user (`AROA...`, `AIDA...`), which no real role or user has. */
const STRANGER_ROLE_ID = 'AROADEPUTYPROBE7EXAMPLE';
const STRANGER_USER_ID = 'AIDADEPUTYPROBE7EXAMPLE';

/**
 * The partition an ARN spells out (`aws-cn` of `arn:aws-cn:iam::*:role/*`): undefined where it holds a wildcard, a
 * policy variable or a marker (`${AWS::Partition}`), or is no ARN.
 */
export function writtenPartition(arn: string): string | undefined {
  return PARTITION_WRITTEN.exec(arn)?.[1];
}

/** `arn:` and a partition written out, without wildcards, policy variables or markers. */
export const PARTITION_WRITTEN = new RegExp(`^arn:([^:*?$${MARK_START}]+):`);

/**
 * The partition a caller of another account presents in an ARN (its principal's, the source a service acts from) shaped
 * after one a policy writes: the partition written, or the owner's symbol where it holds a wildcard or nothing, or where
 * it is written out and the role's partition is known (`RoleFacts.partition`) to be another: no principal or service of
 * another partition assumes the role, so an ARN of that partition is in no request on it.
 */
export function callerPartition(written: string, role: RoleFacts): string {
  const other = role.partition !== undefined && written !== role.partition && !hasMarker(written);
  return written === '' || /[*?]/.test(written) || other ? OWNER_PARTITION : written;
}

/** The ARN that stands for some role of the account (`awsCallerProbes`, `directCallerProbe`). */
function someRoleOf(account: string): string {
  return `arn:${OWNER_PARTITION}:iam::${account}:role/${PROBE_NAME}`;
}

/**
 * What every AssumeRole request of an AWS principal (`awsCallerProbes`, `directCallerProbe`) carries of its caller.
 * aws:userid is in every request: an IAM user's is its unique id, a role session's its role's unique id and the name
 * `session` its caller gave the session. A stranger's unique id is one no policy writes, so only patterns that admit
 * any role's or user's id (`*`, `AROA*`, `AIDA*`) or the session name it chooses (`*:admin`) let it in.
 */
function callerKeys(account: string, arn: string, session = PROBE_NAME): Record<string, readonly string[]> {
  const userId = isUserArn(arn) ? STRANGER_USER_ID : `${STRANGER_ROLE_ID}:${session}`;
  return { 'aws:PrincipalAccount': [account], 'aws:PrincipalArn': [arn], 'aws:PrincipalIsAWSService': ['false'], 'aws:userid': [userId] };
}

/** Whether a principal ARN names an IAM user (`arn:aws:iam::111122223333:user/alice`). */
function isUserArn(arn: string): boolean {
  return splitArn(arn)?.resource.startsWith('user/') === true;
}

/** The keys only a service's request carries (its source, its name): an AWS principal's request lacks them. */
const NOT_FROM_A_SERVICE = ['aws:SourceArn', 'aws:SourceAccount', 'aws:SourceOrgID', 'aws:SourceOrgPaths', 'aws:PrincipalServiceName'];

/** Keys that say who the caller is: the only ones a stranger cannot satisfy at will (RULES.md, trust-any-principal). */
export const CALLER_PINNING_KEYS = [
  'aws:principalorgid', 'aws:principalorgpaths', 'aws:principalaccount', 'aws:principalarn', 'aws:sourceaccount', 'aws:sourcearn',
  'aws:sourceorgid', 'aws:sourceorgpaths', 'sts:externalid', 'aws:userid', 'aws:principalisawsservice', 'aws:principalservicename',
  'aws:multifactorauthpresent', 'aws:multifactorauthage',
];

/**
 * The policy as a stranger sees it: conditions on keys the caller controls (session name, tags, source IP, ...)
 * are satisfied in Allow statements and avoided in Deny statements. The time is not the caller's to choose: it
 * calls now or later (`requestTimes`, which the caller probes carry), so time conditions stay as written; nor are the
 * role's own keys (`isRoleKey`: its account, organization and tags, which the probes carry as far as they are known), so
 * conditions on them stay too: a Deny under a tag the role carries refuses every caller, an Allow pinned to a tag it
 * lacks admits none, and one on a key the probes leave unknown (the organization) stays unknown.
 */
export function withCallerChosenKeys(doc: PolicyDocument): PolicyDocument {
  // Conditions that could not be resolved may be on pinning keys: they stay, as unknown.
  const chosen = (condition: ConditionEntry): boolean => {
    const key = condition.key.toLowerCase();
    return !condition.unresolved && !CALLER_PINNING_KEYS.includes(key) && !TIME_KEYS.includes(key) && !isRoleKey(key);
  };
  const statements = doc.statements.flatMap((statement) => {
    if (!statement.conditions.some(chosen)) return [statement];
    if (statement.effect === 'Deny') return [];
    return [withProperties(statement, { conditions: statement.conditions.filter((condition) => !chosen(condition)) })];
  });
  return withProperties(doc, { statements });
}

/**
 * Keys of a service's AssumeRole request whose value does not say which account the service acts for, other than
 * the time (which the foreign probes carry, see `requestTimes`). From the IAM global condition keys:
 * - `'chosen'`: the other account picks the value through what it asks the service to do. aws:RequestedRegion is
 *   the region of the STS call, which follows the region of the resources it creates; sts:SourceIdentity is what
 *   the service propagates from that account's side (SageMaker Studio: the name of a user profile of a domain
 *   that account owns).
 * - `'shared'`: the service or the role sets the value, the same way whichever account it acts for, and deputy
 *   cannot know it: aws:SecureTransport (how the service calls STS), sts:RoleSessionName
 *   (the service names its sessions), aws:ResourceAccount, aws:ResourceOrgID, aws:ResourceOrgPaths and
 *   the role's tags (`roleTagPrefixes`: the role itself, the owner's; a tag of the role known to deputy is not, `roleDecides`). A
 *   condition on aws:ResourceAccount with plain values is read so, unless `roleDecides` it (the owner's account, ones
 *   it is known not to be, patterns where its account id is known, `Null`);
 *   one that compares it with a policy variable (`${aws:SourceAccount}`) is not (`accountBlindConditions`) and reads the
 *   role's account the probes carry (`ON_THE_ROLE`).
 * Keys that identify the account (the source keys, SOURCE_KEYS) and keys a service request is known to carry or
 * not, or to carry with a known value (the probes' present and absent keys: aws:ViaAWSService is false), are not
 * here: they keep their exact semantics.
 */
const ACCOUNT_BLIND_SERVICE_KEYS: ReadonlyMap<string, 'chosen' | 'shared'> = new Map([
  ['aws:requestedregion', 'chosen'],
  ['sts:sourceidentity', 'chosen'],
  ['aws:securetransport', 'shared'],
  ['sts:rolesessionname', 'shared'],
  ['aws:resourceaccount', 'shared'],
  ['aws:resourceorgid', 'shared'],
  ['aws:resourceorgpaths', 'shared'],
]);

/**
 * Whether another account can make its request fail a condition on a key it picks (`'chosen'`), so that a Deny
 * holding it does not apply: it picks a value no value of the condition names, or one a negated operator names, or
 * (sts:SourceIdentity) leaves the key out. Not when a value is a bare wildcard of a `Like` operator, when `Null`
 * refuses the absence of a key every request carries (sts:SourceIdentity only when set), or when a value or the
 * operator is not plain.
 */
function isAvoidable(condition: ConditionEntry): boolean {
  const parsed = parseOperator(condition.operator);
  if ('error' in parsed || parsed.setQualifier) return false;
  if (condition.values.some((entry) => typeof entry.value !== 'string' || !isKnownAtPlan(entry.value))) return false;
  if (parsed.family === 'Null') return !(KEYS_OF_EVERY_REQUEST.has(condition.key.toLowerCase()) && condition.values.every((entry) => entry.value === 'false'));
  if (parsed.negated) return true;
  return !(parsed.family === 'String' && /Like/.test(condition.operator) && condition.values.some((entry) => /^\*+$/.test(entry.value as string)));
}

/** How a key of a service's request stands to the account it acts for, or undefined when it may identify it. */
function accountBlindServiceKey(key: string): 'time' | 'chosen' | 'shared' | undefined {
  const lower = key.toLowerCase();
  if (TIME_KEYS.includes(lower)) return 'time';
  return ACCOUNT_BLIND_SERVICE_KEYS.get(lower) ?? (roleTagOf(lower) !== undefined ? 'shared' : undefined);
}

/**
 * Whether a condition is on a key that does not say which account a service request is for (`accountBlindServiceKey`),
 * and not one the role's facts decide (`roleDecides`: the probes carry them as the owner's request does, so that such
 * conditions are read as written).
 */
function onAccountBlindKey(condition: ConditionEntry, role: RoleFacts): boolean {
  return accountBlindServiceKey(condition.key) !== undefined && !roleDecides(condition, role);
}

/**
 * Keys whose request value is a region or a boolean: a value not known here, whatever it turns out to be, cannot make
 * a condition on them tell one account's request from another's. (One on the time can: it may have passed for both.)
 */
const VALUE_NAMES_NO_ACCOUNT = new Set(['aws:requestedregion', 'aws:securetransport']);

/**
 * Conditions on keys whose value does not say which account a service request is for (`accountBlindServiceKey`,
 * time included). A condition whose values hold a policy variable (`${aws:SourceAccount}`) may compare with the
 * account (`aws:ResourceAccount` with it pins the source account to the role's), and so may one that could not be
 * resolved, unless its key is one of `VALUE_NAMES_NO_ACCOUNT`: neither is one of them.
 */
export function accountBlindConditions(statement: Statement, role: RoleFacts = ANY_ROLE): ConditionEntry[] {
  return statement.conditions.filter((condition) => {
    if (condition.unresolved || !onAccountBlindKey(condition, role)) return false;
    const valueMayNameAccount = !VALUE_NAMES_NO_ACCOUNT.has(condition.key.toLowerCase());
    return condition.values.every((entry) => (typeof entry.value === 'string' ? !entry.value.includes('${') : entry.value instanceof Unresolved && !valueMayNameAccount));
  });
}

/**
 * The policy as a request from a service on behalf of another account meets it (foreign service probes). The
 * question is whether such a request gets in when the owner's own does, so the conditions that cannot tell the two
 * apart (`accountBlindConditions`, but the time, which the probes carry) are met in Allow statements: the owner's
 * request carries the same value, or the other account picks one that passes. A Deny with no other conditions than
 * such ones refuses the owner's request whenever it refuses the other account's (dropped, as the Allows are read as
 * working for the owner). A Deny the other account avoids through a key it picks (`isAvoidable`) is dropped too,
 * unless another statement also conditions on that key (`avoidableKeys`). Otherwise those conditions stay as
 * written, so a Deny that may protect keeps the verdict unknown. Conditions on what `role` tells of the role (its tags;
 * its account, where the values say which it is) stay as written too: the probes carry it (`foreignServiceProbes`).
 */
export function withAccountBlindKeys(doc: PolicyDocument, service: ServiceInfo, role: RoleFacts = ANY_ROLE): PolicyDocument {
  // Most trust policies hold no such condition: they are read as they are, with nothing worked out or copied.
  if (!doc.statements.some((statement) => statement.conditions.some((condition) => onAccountBlindKey(condition, role)))) return doc;
  const blind = (statement: Statement): ConditionEntry[] => accountBlindConditions(statement, role).filter((condition) => accountBlindServiceKey(condition.key) !== 'time');
  const avoidable = avoidableKeys(doc);
  // What a request carries of the role alone, from the service: Denies on it refuse the owner's requests and another account's alike.
  let onRole: Probe | undefined;
  const statements = doc.statements.flatMap((statement) => {
    const conditions = blind(statement);
    if (conditions.length === 0) return [statement];
    if (statement.effect === 'Deny') return conditions.length === statement.conditions.length || avoidedThrough(statement, avoidable).length > 0 ? [] : [statement];
    if (statement.effect !== 'Allow') return [statement];
    // Met in the owner's request only where some value of the role's tags meets them and no Deny on what the request
    // carries of the role refuses it there: an Allow whose conditions on one tag no value meets, or a Deny refuses each
    // value they admit at, admits no request, the owner's nor another account's.
    const request = (onRole ??= { caller: { type: 'Service', principal: service.principal }, context: requestContext(onTheRole(role)), label: 'what a request carries of the role' });
    const applies = (item: Statement, context: RequestContext): Tri => (item === statement ? evaluateConditions(conditions, context) : statementApplies(item, { ...request, context }));
    if (roleTagRefusal(doc, statement, conditions, request.context, applies)) return [];
    return [withProperties(statement, { conditions: statement.conditions.filter((condition) => !conditions.includes(condition)) })];
  });
  return withProperties(doc, { statements });
}

/**
 * The keys another account picks (`'chosen'`) through which it may avoid a Deny: those no other statement conditions
 * on. One request carries one value, which may not pass an Allow and fail the Deny, or fail two Denies, at once.
 */
function avoidableKeys(doc: PolicyDocument): Set<string> {
  const statementsOn = new Map<string, number>();
  for (const statement of doc.statements) {
    for (const key of new Set(statement.conditions.map((condition) => condition.key.toLowerCase()))) statementsOn.set(key, (statementsOn.get(key) ?? 0) + 1);
  }
  return new Set([...statementsOn].filter(([key, count]) => count === 1 && accountBlindServiceKey(key) === 'chosen').map(([key]) => key));
}

/** The conditions of Denies through which another account avoids them (`withAccountBlindKeys`), each Deny's in turn. */
export function avoidedConditions(doc: PolicyDocument, denies: readonly Statement[]): ConditionEntry[] {
  const avoidable = avoidableKeys(doc);
  return denies.flatMap((deny) => avoidedThrough(deny, avoidable));
}

function avoidedThrough(deny: Statement, avoidable: ReadonlySet<string>): ConditionEntry[] {
  return accountBlindConditions(deny).filter((condition) => avoidable.has(condition.key.toLowerCase()) && isAvoidable(condition));
}

/**
 * Principal ARNs a stranger of `account` could hold: shaped after the policy's aws:PrincipalArn patterns, an ARN's
 * resource made concrete; for a pattern that is no ARN (`*123456789012*`, `*:role/admin` under StringLike, whose `*`
 * spans colons), a role of the stranger's own making whose path and name hold the pattern's text after its last colon
 * (`chosenPrincipalResource`). Where the policy conditions on aws:userid, also some IAM user of the account, whose unique
 * id (`AIDA...`) is all of its aws:userid (`callerKeys`).
 */
export function strangerPrincipalArns(doc: PolicyDocument, account: string, role: RoleFacts = ANY_ROLE): string[] {
  const arns: string[] = [];
  for (const entry of conditionValuesOn(doc, 'aws:principalarn')) {
    // A policy variable is one part (`arn:aws:iam::${aws:PrincipalAccount}:role/x`): its colon splits nothing.
    const parts = splitArn(entry, true);
    if (parts) {
      arns.push(joinArn({ partition: callerPartition(parts.partition, role), service: 'iam', region: '', account, resource: concretize(parts.resource) || 'role/x' }));
      continue;
    }
    const resource = chosenPrincipalResource(entry);
    if (resource) arns.push(joinArn({ partition: callerPartition(writtenPartition(entry) ?? '', role), service: 'iam', region: '', account, resource }));
  }
  if (conditionValuesOn(doc, 'aws:userid').length > 0) arns.push(`arn:${OWNER_PARTITION}:iam::${account}:user/${PROBE_NAME}`);
  return arns;
}

/**
 * Session names a stranger could give the session of a role of its own it calls from: shaped after the policy's
 * aws:userid patterns (a role session's is its role's unique id, a colon and the session name its caller chose), the
 * text after the first colon (`*:admin`, `AROA*:ci-*`), or the whole of a pattern without one (`*admin*`), made concrete.
 */
export function strangerSessionNames(doc: PolicyDocument): string[] {
  const names: string[] = [];
  for (const entry of conditionValuesOn(doc, 'aws:userid')) {
    if (!/[*?]/.test(literalText(entry))) continue;
    const name = concretize(entry.slice(entry.indexOf(':') + 1));
    // A session's name is 2 characters at least: a `?` alone there admits none.
    if (name.length >= 2 && madeOf(name, SESSION_NAME_CHARACTERS)) names.push(name);
  }
  return names;
}

/** The text values of the policy's conditions on a key (lower-cased), whatever their operator. */
function conditionValuesOn(doc: PolicyDocument, key: string): string[] {
  return doc.statements.flatMap((statement) =>
    statement.conditions.flatMap((condition) => (condition.key.toLowerCase() === key ? condition.values.flatMap((entry) => (typeof entry.value === 'string' ? [entry.value] : [])) : [])),
  );
}

/**
 * The resource of a principal ARN of the stranger's own making that a pattern which is no ARN may match: the pattern's
 * text after its last colon made concrete, as a role's path and name (`role/` before it, unless it names a role or user
 * itself). None for a pattern without wildcards, which matches its own text alone, nor where that text holds what no
 * path or name may (a character IAM refuses, a value deputy does not know).
 */
function chosenPrincipalResource(pattern: string): string | undefined {
  if (!/[*?]/.test(literalText(pattern))) return undefined;
  const resource = concretize(pattern.slice(pattern.lastIndexOf(':') + 1));
  if (!madeOf(resource, IAM_PATH_CHARACTERS)) return undefined;
  return /^(role|user)\//.test(resource) ? resource : `role/${resource}`;
}

/** The characters of an IAM role's or user's path and name (`[\w+=,.@-]`, and `/` between them), and of a role session's name (no `/`). */
const IAM_PATH_CHARACTERS = /^[\w+=,.@/-]+$/;
const SESSION_NAME_CHARACTERS = /^[\w+=,.@-]+$/;

/**
 * Whether a name a stranger gives its principal or session, shaped after a pattern, is made of characters `allowed`
 * matches: its literal parts, and the owner's symbols among them, whose values are (`NAME_LIKE_OWNER_SYMBOLS`: a name
 * holding the owner's account id, after `*${AWS::AccountId}*`). A value deputy does not know may hold any character.
 */
function madeOf(text: string, allowed: RegExp): boolean {
  const tokens = tokenize(text);
  return tokens.length > 0 && tokens.every((token) => ('literal' in token ? allowed.test(token.literal) : NAME_LIKE_OWNER_SYMBOLS.has(token.text)));
}

/** The owner's symbols whose values are made of the characters of a name: an account id, a partition, a region. */
const NAME_LIKE_OWNER_SYMBOLS: ReadonlySet<string> = new Set([OWNER_ACCOUNT, OWNER_PARTITION, OWNER_REGION]);


/**
 * Whether the document's decision may depend on the request's aws:SourceArn: some condition is on that key, or
 * has a value that is not plain text (a policy variable such as `${aws:SourceArn}`, or an unresolved value).
 */
export function mayReadSourceArn(doc: PolicyDocument): boolean {
  return doc.statements.some((statement) =>
    statement.conditions.some((condition) => condition.key.toLowerCase().includes('sourcearn') || mayReadAnyKey(condition)),
  );
}

/** Whether a condition's value is not known or reads a policy variable: then it may read any key of the request. */
function mayReadAnyKey(condition: ConditionEntry): boolean {
  return condition.values.some((entry) => typeof entry.value !== 'string' || entry.value.includes('${'));
}

/**
 * Whether the document's decision may depend on the resource part of the request's aws:SourceArn (`mayReadSourceArn`),
 * not only on its partition, service, region and account: false where every condition on the key is an Arn operator
 * whose values each write a resource part of `*` alone, which matches every resource part (Arn operators match the six
 * parts separately), and no value of any condition reads a policy variable or is not known. Then the requests of a
 * service that present the ARNs of its resources in one account and region are decided alike, one for all of them.
 */
export function mayReadSourceArnResource(doc: PolicyDocument): boolean {
  return doc.statements.some((statement) =>
    statement.conditions.some((condition) => {
      if (mayReadAnyKey(condition)) return true;
      if (!condition.key.toLowerCase().includes('sourcearn')) return false;
      const operator = parseOperator(condition.operator);
      return 'error' in operator || operator.family !== 'Arn' || condition.values.some((entry) => splitArn(entry.value as string)?.resource !== '*');
    }),
  );
}

/**
 * Whether the policy lets the service in on behalf of another account: `anyAllowed` over its foreign probes, requests on
 * the role `role` tells of, the conditions that cannot tell another account's request from the owner's met (or avoided)
 * as it suits the request, from the scan's instant `now` on.
 */
export function foreignServiceAllowed(doc: PolicyDocument, service: ServiceInfo, now: number, role: RoleFacts = ANY_ROLE): { allowed: Tri; probe?: Probe; decision?: Decision } {
  return anyAllowed(withAccountBlindKeys(doc, service, role), foreignServiceProbes(doc, service, now, role));
}

/**
 * Decision over several probes: allowed as soon as one is definitely allowed. A probe made at several times (`Probe.times`)
 * is decided at each, and an outcome that lasts one second alone between two others that agree is read as theirs
 * (`lastingOutcomes`): a trust that admits only during one second (`StringEquals aws:CurrentTime` or `DateEquals` of an
 * instant) admits nobody, a Deny that refuses only then protects nothing.
 */
export function anyAllowed(doc: PolicyDocument, probes: Probe[]): { allowed: Tri; probe?: Probe; decision?: Decision } {
  let result: Tri = false;
  // Conditions that read the time (`readsTime`) apart from the rest; those that read nothing else have one outcome at
  // each time for every probe, kept here (undefined for a statement when another of its conditions reads the probe too).
  const timed = doc.statements.map((statement) => statement.conditions.filter(readsTime));
  const timeless = doc.statements.map((statement) => statement.conditions.filter((condition) => !readsTime(condition)));
  const shared = timed.map((conditions) => !conditions.some(holdsPolicyVariable));
  const atTime = new Map<number, Array<Tri | undefined>>();
  for (const probe of probes) {
    if (!probe.times) {
      const decision = decide(doc, probe);
      if (decision.allowed === true) return { allowed: true, probe, decision };
      if (decision.allowed === 'unknown') result = 'unknown';
      continue;
    }
    const rest = doc.statements.map((statement, position) => statementApplies(statement, probe, ASSUME_ROLE, timeless[position]));
    const times = [...probe.times].sort((one, other) => one - other);
    const decided = times.map((time) => {
      let outcomes = atTime.get(time);
      if (!outcomes) {
        const context = requestContext(timeKeys(time));
        atTime.set(time, (outcomes = timed.map((conditions, position) => (shared[position] ? evaluateConditions(conditions, context) : undefined))));
      }
      let made: Probe | undefined;
      const decision = decideBy(
        doc,
        (_statement, position) => (rest[position] === false ? false : triAnd([rest[position]!, outcomes[position] ?? evaluateConditions(timed[position]!, (made ??= probeAt(probe, time)).context)])),
        (allow) => refusedOnRoleTag(doc, allow, (made ??= probeAt(probe, time)), ASSUME_ROLE),
      );
      return { decision, made };
    });
    // The earliest time is the scan's instant (`requestTimes`).
    const lasting = lastingOutcomes(times, decided.map(({ decision }) => decision.allowed), times[0]!);
    for (const [index, allowed] of lasting.entries()) {
      if (allowed === 'unknown') result = 'unknown';
      if (allowed !== true) continue;
      // A second refused alone between two that are allowed reads as theirs: the request of the second before is allowed;
      // the scan's own second refused reads as the next one's, whose request is allowed.
      const at = decided[index]!.decision.allowed === true ? index : decided[index - 1]?.decision.allowed === true ? index - 1 : decided.findIndex(({ decision }, later) => later > index && decision.allowed === true);
      return { allowed: true, probe: decided[at]!.made ?? probeAt(probe, times[at]!), decision: decided[at]!.decision };
    }
  }
  return { allowed: result };
}

/** A condition whose outcome may depend on the time of the request: on a time key, or with a policy variable. */
function readsTime(condition: ConditionEntry): boolean {
  return onRequestTime(condition) || holdsPolicyVariable(condition);
}

/** A condition with a policy variable (`${aws:CurrentTime}`, `${aws:username}`): it reads the rest of the request too. */
function holdsPolicyVariable(condition: ConditionEntry): boolean {
  return condition.values.some((entry) => typeof entry.value === 'string' && entry.value.includes('${'));
}

/** The probe made at one of its times: its context with the time keys. */
function probeAt(probe: Probe, time: number): Probe {
  const { times: _times, ...made } = probe;
  return withProperties(made, { context: madeAt(probe.context, time) });
}

/**
 * Service principals named by Allow statements whose actions may cover sts:AssumeRole. `principal` is the value
 * as written (it may hold the owner's region, as in `states.${AWS::Region}.amazonaws.com`); `name` is the form
 * to look up in the service catalog. Given the role's `partition`, not a spelling of another partition's
 * (`sagemaker.amazonaws.com.cn` on a role in us-east-1), which no service calling on the role presents.
 */
export function trustedServices(doc: PolicyDocument, partition?: string): Array<{ principal: string; name: string; statement: Statement; entry: PolicyValue }> {
  const found: Array<{ principal: string; name: string; statement: Statement; entry: PolicyValue }> = [];
  for (const statement of doc.statements) {
    if (statement.effect !== 'Allow' || !statement.principal || actionApplies(statement) === false) continue;
    for (const entry of statement.principal.Service) {
      if (typeof entry.value !== 'string') continue;
      const name = entry.value.split(OWNER_REGION).join('us-east-1').toLowerCase();
      if (!hasMarker(name) && !spelledInOtherPartition(name, partition)) found.push({ principal: entry.value, name, statement, entry });
    }
  }
  return found;
}
