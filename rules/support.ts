import type { HeldPolicy, ResourceGraph } from '../src/graph/graph.js';
import { PRINCIPAL_TYPES, type ConditionEntry, type PolicyDocument, type PolicyValue, type Statement } from '../src/model/policy.js';
import type { IgnoredTags, Resource } from '../src/model/resource.js';
import type { RuleContext } from '../src/model/rule.js';
import { triNot, triOr, type Tri } from '../src/model/tri.js';
import { OWNER_ACCOUNT, OWNER_PARTITION, PROBE_NAME, Unresolved, displayString, displayValue, hasMarker, hasUnresolvedPiece, isObject, marker, unresolvedMarker, type Value, type ValueObject } from '../src/model/value.js';
import { matchArn, matchString, type Pattern } from '../src/iam/match.js';
import { partitionOfRegion, splitArn, type ArnParts } from '../src/model/arn.js';
import { requestPattern } from '../src/iam/conditions.js';
import { principalPartition } from '../src/iam/service-principals.js';
import { requestContext, withKeysAbsent, withKeyValue, type RequestContext } from '../src/iam/request.js';
import { ANY_ROLE, NO_ACCOUNTS, PARTITION_WRITTEN, RESOURCE_ACCOUNT, accountsApartFromOwner, isRoleKey, writtenPartition, type RoleFacts, type ServiceInfo } from '../src/iam/trust.js';

/** A role's trust policy. */
export interface TrustPolicy {
  role: Resource;
  doc: PolicyDocument;
}

const memos = new WeakMap<ResourceGraph, WeakMap<RuleContext, Map<string, WeakMap<object, unknown>>>>();

/**
 * Computes once per graph and rule context what depends only on `key`: documents read from one policy text (a module
 * stamped out many times) share their statements (see normalize.ts), so a rule checks those once and reports on
 * every document that holds them. `scope` keeps apart what different rules compute from the same key.
 */
export function memoized<T>(graph: ResourceGraph, context: RuleContext, scope: string, key: object, compute: () => T): T {
  let byContext = memos.get(graph);
  if (!byContext) memos.set(graph, (byContext = new WeakMap()));
  let byScope = byContext.get(context);
  if (!byScope) byContext.set(context, (byScope = new Map()));
  let byKey = byScope.get(scope);
  if (!byKey) byScope.set(scope, (byKey = new WeakMap()));
  const known = byKey.get(key);
  if (known !== undefined || byKey.has(key)) return known as T;
  const value = compute();
  byKey.set(key, value);
  return value;
}

/**
 * Policies (documents with their holder, and what a rule family adds) that share one `statements` array. Documents
 * read from one policy text share their statements, problems, version, kind and path (normalize.ts): a plan that
 * stamps a module out a thousand times holds a thousand documents and one text. Rules walk the groups, and visit a
 * document only when its text gives them something to report; in large plans that is most of their saving, as
 * documents lie scattered across memory and merely reading each one costs more than the check.
 */
export interface StatementGroup<P> {
  statements: readonly Statement[];
  /** The first policy of the group: what the policies share can be read from it. */
  first: P;
  /** Where the group's policies sit in `all`, the list the groups were made from (every group holds that one list). */
  positions: number[];
  all: readonly P[];
}

/** The policies grouped by the statements they share, in the order the groups first appear. */
export function groupByStatements<P extends { doc: PolicyDocument }>(policies: readonly P[]): Array<StatementGroup<P>> {
  const groups = new StatementGroups(policies);
  // Indexed: it runs a few times per graph over every policy, mostly before it is optimised.
  for (let position = 0; position < policies.length; position++) groups.add(policies[position]!.doc.statements, position);
  return groups.inOrder;
}

/** Groups of the policies of one list, made as their positions are added, in the order the groups first appear. */
class StatementGroups<P> {
  readonly inOrder: Array<StatementGroup<P>> = [];
  private readonly byStatements = new Map<readonly Statement[], StatementGroup<P>>();

  /** `all`: the list the positions are in; it may still grow as they are added. */
  constructor(private readonly all: readonly P[]) {}

  add(statements: readonly Statement[], position: number): void {
    const group = this.byStatements.get(statements);
    if (group) group.positions.push(position);
    else {
      const made = { statements, first: this.all[position]!, positions: [position], all: this.all };
      this.byStatements.set(statements, made);
      this.inOrder.push(made);
    }
  }
}

/**
 * The policies on whose shared content `find` reports something, in their original order (`position`), each with what
 * it found. `find` runs once per group on the group's first policy, and must read only what the group shares: its
 * statements, problems, version, kind and path.
 */
export function policiesWithFindings<P extends { doc: PolicyDocument }, T>(
  groups: ReadonlyArray<StatementGroup<P>>,
  find: (first: P) => readonly T[],
): Array<{ position: number; policy: P; found: readonly T[] }> {
  const flagged: Array<{ position: number; policy: P; found: readonly T[] }> = [];
  let only: StatementGroup<P> | undefined;
  let onlyFound: readonly T[] = [];
  // What each flagged position found, set once a second group is flagged: the groups' members interleave, and a walk
  // over the positions puts them in order where sorting thousands of entries cost more than the rest.
  let foundAt: Array<readonly T[] | undefined> | undefined;
  for (let index = 0; index < groups.length; index++) {
    const group = groups[index]!;
    const found = find(group.first);
    if (found.length === 0) continue;
    if (!only) {
      only = group;
      onlyFound = found;
      continue;
    }
    if (!foundAt) {
      foundAt = new Array<readonly T[] | undefined>(group.all.length);
      for (const position of only.positions) foundAt[position] = onlyFound;
    }
    for (const position of group.positions) foundAt[position] = found;
  }
  if (!only) return flagged;
  const all = only.all;
  if (!foundAt) {
    const positions = only.positions;
    for (let index = 0; index < positions.length; index++) flagged.push({ position: positions[index]!, policy: all[positions[index]!]!, found: onlyFound });
    return flagged;
  }
  for (let position = 0; position < foundAt.length; position++) {
    const found = foundAt[position];
    if (found !== undefined) flagged.push({ position, policy: all[position]!, found });
  }
  return flagged;
}

/**
 * Each rule walks the policies with their holders, the trust rules only the roles' trust policies: both are picked
 * and grouped by shared statements in one pass per graph (large plans hold tens of thousands).
 */
const heldPolicies = new WeakMap<ResourceGraph, HeldPolicies>();

interface HeldPolicies {
  all: readonly HeldPolicy[];
  groups: ReadonlyArray<StatementGroup<HeldPolicy>>;
  trustGroups: ReadonlyArray<StatementGroup<TrustPolicy>>;
}

/** Every policy document with the resource holding it. */
export function allPolicies(graph: ResourceGraph): readonly HeldPolicy[] {
  return policiesWithHolders(graph).all;
}

/** `allPolicies` grouped by shared statements. */
export function allPolicyGroups(graph: ResourceGraph): ReadonlyArray<StatementGroup<HeldPolicy>> {
  return policiesWithHolders(graph).groups;
}

/**
 * The roles' trust policies grouped by shared statements, and where those condition on the role's own keys (its
 * account, its tags: `isRoleKey`) by what each role gives them too (`roleFacts`): requests on two roles carry their own.
 */
export function trustPolicyGroups(graph: ResourceGraph): ReadonlyArray<StatementGroup<TrustPolicy>> {
  return policiesWithHolders(graph).trustGroups;
}

function policiesWithHolders(graph: ResourceGraph): HeldPolicies {
  let held = heldPolicies.get(graph);
  if (!held) {
    const all = graph.heldPolicies();
    const trust: TrustPolicy[] = [];
    const groups = new StatementGroups(all);
    const trustGroups = new StatementGroups(trust);
    // One pass groups both lists: each document is read once, where a pass per list read the trust ones twice.
    for (let position = 0; position < all.length; position++) {
      const { holder, doc } = all[position]!;
      groups.add(doc.statements, position);
      if (doc.kind !== 'trust') continue;
      trust.push({ role: holder, doc });
      trustGroups.add(doc.statements, trust.length - 1);
    }
    heldPolicies.set(graph, (held = { all, groups: groups.inOrder, trustGroups: trustGroups.inOrder.flatMap(byRoleFacts) }));
  }
  return held;
}

/**
 * What a trust policy's statements read that tells its roles' requests apart (`roleFacts`), found once per statement
 * list (a group's, shared by its policies): `role`, whether some condition is on a key of the role itself
 * (`isRoleKey`); `partition`, whether some ARN they write (a principal, a condition's value) spells its partition out
 * (`arn:aws:`), or a service principal is spelled with a partition's DNS suffix (`sagemaker.amazonaws.com.cn`,
 * `principalPartition`): a caller of the role's partition presents no other (`callerPartition`,
 * `spelledInOtherPartition`), so requests on roles of two partitions may differ.
 */
function readOfRole(statements: readonly Statement[]): { role: boolean; partition: boolean } {
  let read = readsOfRole.get(statements);
  if (!read) {
    const written = (entry: PolicyValue) => typeof entry.value === 'string' && writtenPartition(entry.value) !== undefined;
    const spelled = (entry: PolicyValue) => typeof entry.value === 'string' && principalPartition(entry.value) !== undefined;
    read = {
      role: statements.some((statement) => statement.conditions.some((condition) => isRoleKey(condition.key))),
      partition: statements.some((statement) => [statement.principal, statement.notPrincipal].some((set) => set?.AWS.some(written) || set?.Service.some(spelled)) || statement.conditions.some((condition) => condition.values.some(written))),
    };
    readsOfRole.set(statements, read);
  }
  return read;
}

const readsOfRole = new WeakMap<readonly Statement[], { role: boolean; partition: boolean }>();

/**
 * A group of trust policies, or where its statements read the role's own keys or write a partition out, one for each set
 * of `roleFacts` its roles give.
 */
function byRoleFacts(group: StatementGroup<TrustPolicy>): Array<StatementGroup<TrustPolicy>> {
  if (group.positions.length === 1) return [group];
  const read = readOfRole(group.statements);
  if (!read.role && !read.partition) return [group];
  const split = new Map<string, StatementGroup<TrustPolicy>>();
  for (const position of group.positions) {
    const policy = group.all[position]!;
    const facts = roleFacts(policy);
    const key = roleFactsKey(facts);
    const same = split.get(key);
    if (same) same.positions.push(position);
    else split.set(key, { statements: group.statements, first: policy, positions: [position], all: group.all });
  }
  return [...split.values()];
}

/** A text that tells apart what roles give a trust policy's requests (`roleFacts`, `ownerRoleFacts`). */
export function roleFactsKey(facts: RoleFacts): string {
  let key = factsKeys.get(facts);
  if (key === undefined) factsKeys.set(facts, (key = JSON.stringify([[...facts.tags].sort(), facts.allTags, facts.otherAccounts, facts.account ?? null, facts.partition ?? null])));
  return key;
}

/** The keys of facts that roles share (`sharedFacts`): made once for all of them. */
const factsKeys = new WeakMap<RoleFacts, string>();

/**
 * What a trust policy's requests carry of its role, where its statements read it (`ANY_ROLE` otherwise): the tags the
 * input writes (`roleTags`), the accounts the policy writes out that the role's account, where known, is not, and that
 * account; and where the statements write a partition out (`readOfRole`), the role's, where its region tells it
 * (`partitionOfRegion`): the caller's too, whoever it is.
 */
export function roleFacts({ role, doc }: TrustPolicy): RoleFacts {
  const read = readOfRole(doc.statements);
  const partition = read.partition ? partitionOfRegion(role.region) : undefined;
  if (!read.role) return sharedFacts(NO_ACCOUNTS, partition);
  const facts = { ...roleTags(role), otherAccounts: accountsApartFromOwner(doc, role.account), ...(role.account === undefined ? {} : { account: role.account }) };
  return partition === undefined ? facts : { ...facts, partition };
}

/**
 * What the owner's own requests carry of the role: `roleFacts`, with the accounts the owner's is known not to be
 * (`accountsApartFromOwner`) whether or not the policy reads the role's keys, and the owner's partition, that of the
 * role's region where the input tells it (`partitionOfRegion`): a policy may write it out (`arn:aws:`, as a plan renders
 * `data.aws_partition`) or read it (`${data.aws_partition.current.partition}`), and the owner's requests meet both.
 */
export function ownerRoleFacts(policy: TrustPolicy): RoleFacts {
  const partition = partitionOfRegion(policy.role.region);
  if (!readOfRole(policy.doc.statements).role) return sharedFacts(accountsApartFromOwner(policy.doc, policy.role.account), partition);
  const facts = roleFacts(policy);
  return partition === undefined ? facts : { ...facts, partition };
}

/**
 * The facts of a role whose trust policy does not read the role's own keys: nothing of the role but the accounts the
 * owner's is known not to be and the partition. One object for each such list (one per statement list and account,
 * `accountsApartFromOwner`) and partition: roles of one policy text share it, and its key (`roleFactsKey`), where each
 * role of a large plan made its own.
 */
function sharedFacts(otherAccounts: readonly string[], partition: string | undefined): RoleFacts {
  let byPartition = factsByAccounts.get(otherAccounts);
  if (!byPartition) factsByAccounts.set(otherAccounts, (byPartition = new Map()));
  let facts = byPartition.get(partition);
  if (!facts) {
    const base = otherAccounts.length === 0 ? ANY_ROLE : { ...ANY_ROLE, otherAccounts };
    byPartition.set(partition, (facts = partition === undefined ? base : { ...base, partition }));
  }
  return facts;
}

const factsByAccounts = new WeakMap<readonly string[], Map<string | undefined, RoleFacts>>();

/**
 * A role's tags as the input writes them, by lower-cased key, those with a plain value (`writtenTags`). Only a plan's are
 * all the role's (`allTags`).
 */
function roleTags(role: Resource): Pick<RoleFacts, 'tags' | 'allTags'> {
  const { tags, all } = writtenTags(role);
  const plain = new Map([...tags].filter(([, value]) => !hasMarker(value)));
  return { tags: plain, allTags: all && plain.size === tags.size };
}

/**
 * A principal's tags as the input writes them, by lower-cased key: a template's `Tags`; a configuration's `tags` over its
 * provider's `default_tags` (`Resource.providerDefaultTags`), which its own override key by key (AWS provider docs,
 * default_tags: resource tags take precedence), where its own are a map of keys all known (a key not known may be any
 * default's), less the keys its `ignore_tags` ignores; a plan's `tags_all`, which holds them so, else its `tags`. Each
 * value as written, one not written out a value not known (an unresolved marker).
 *
 * IAM reads a user's or role's tag keys in any case (IAM User Guide, Tagging IAM resources, "Case sensitivity":
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html#id_tags_rules_creating), and the key a condition key
 * names alike (Controlling access using tags, "Key names are not case sensitive in policy conditions":
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_tags.html#access_tags_control-tag-keys): `aws:PrincipalTag/Team`
 * reads tag `team`. A key written in two cases (`team` and `Team`: a template's list, or a configuration's tags beside
 * its defaults, which the provider merges as written) is one key to IAM, and which value the principal holds, if IAM
 * creates it at all, the docs do not say: not known.
 *
 * `all` where the keys are all the principal's: a plan's `tags_all`, every key known, of a provider that ignores none
 * (AWS may hold those it ignores); not a template's, which a stack's own tags reach, nor a configuration's, to which the
 * provider adds the default tags of its environment (`TF_AWS_DEFAULT_TAGS_<key>`, AWS provider 5.62 and later; those
 * the block writes win over them).
 */
export function writtenTags(principal: Resource): { tags: ReadonlyMap<string, string>; all: boolean } {
  const properties = isObject(principal.properties) ? principal.properties : {};
  const inPlan = principal.format === 'terraform-plan' && isObject(properties.tags_all);
  const pairs = inPlan ? Object.entries(properties.tags_all as ValueObject) : principal.format === 'cloudformation' ? templateTagPairs(properties.Tags) : configurationTagPairs(properties.tags, principal.providerDefaultTags, principal.providerIgnoredTags);
  const tags = new Map<string, string>();
  const spellings = new Map<string, string>();
  let notKnown = pairs === undefined;
  for (const [key, value] of pairs ?? []) {
    if (typeof key !== 'string' || hasMarker(key)) {
      notKnown = true;
      continue;
    }
    const folded = key.toLowerCase();
    const spelled = spellings.get(folded);
    if (spelled !== undefined) {
      tags.set(folded, unresolvedMarker(`tags ${spelled} and ${key} of ${principal.address} are one IAM tag key: which value it holds is not known`));
      continue;
    }
    spellings.set(folded, key);
    const text = typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
    const plain = typeof text === 'string' && (!hasMarker(text) || hasUnresolvedPiece(text));
    tags.set(folded, plain ? text : unresolvedMarker(value instanceof Unresolved ? value : `the value of tag ${key} of ${principal.address} is not known`));
  }
  return { tags, all: inPlan && !notKnown && principal.providerIgnoredTags === undefined };
}

/** A template's `Tags` as key and value pairs: none where it writes none, undefined where it is not a list of tags. */
function templateTagPairs(written: Value | undefined): Array<[Value, Value]> | undefined {
  if (written === undefined || written === null) return [];
  if (!Array.isArray(written) || !written.every((tag) => isObject(tag))) return undefined;
  return written.map((tag) => [(tag as ValueObject).Key ?? null, (tag as ValueObject).Value ?? null]);
}

/**
 * A configuration's `tags` over its provider's `defaults` (`writtenTags`) as key and value pairs: undefined where its
 * own are not a map, and its own alone where a key of them is not known. Without the keys the provider's `ignore_tags`
 * ignores, as it matches them (a key as written, or a prefix of it): it neither creates nor reads them, so they are
 * AWS's to hold, as a key the configuration does not write; undefined where which it ignores is not known.
 */
function configurationTagPairs(written: Value | undefined, defaults: ValueObject | undefined, ignored: IgnoredTags | undefined): Array<[Value, Value]> | undefined {
  const own = written === undefined || written === null ? {} : isObject(written) ? written : undefined;
  if (own === undefined || ignored === 'not known') return undefined;
  const pairs = defaults === undefined || Object.keys(own).some((key) => hasMarker(key)) ? Object.entries(own) : Object.entries({ ...defaults, ...own });
  if (ignored === undefined) return pairs;
  return pairs.filter(([key]) => !ignored.keys.includes(key) && !ignored.keyPrefixes.some((prefix) => key.startsWith(prefix)));
}

/**
 * Lists in messages and fixes name at most this many items and count the rest: a policy attached to thousands of
 * roles, or a role thousands of resources use, would otherwise make a message or fix of hundreds of kilobytes.
 */
const MOST_NAMED = 20;

/**
 * The names as `whole` writes them (`a, b, c` by default), or past MOST_NAMED the first ones and how many more; each
 * shown as `shown` says (itself by default), which only those shown are.
 */
export function someOf(names: readonly string[], whole: (names: readonly string[]) => string = (all) => all.join(', '), shown?: (name: string) => string): string {
  if (names.length <= MOST_NAMED) return whole(shown ? names.map(shown) : names);
  const first = names.slice(0, MOST_NAMED);
  return `${(shown ? first.map(shown) : first).join(', ')} and ${(names.length - MOST_NAMED).toLocaleString('en-US')} more`;
}

export function serviceInfo(context: RuleContext, principal: string): ServiceInfo | undefined {
  const entry = context.services.servicePrincipal(principal);
  if (!entry) return undefined;
  return {
    principal: principal.toLowerCase(),
    arnService: entry.arnService,
    ...(entry.otherArnServices ? { otherArnServices: entry.otherArnServices } : {}),
    sendsSourceArn: entry.sendsSourceArn,
    sendsSourceAccount: entry.sendsSourceAccount,
    ...(entry.accountWideRoles ? { accountWideRoles: entry.accountWideRoles } : {}),
  };
}

/**
 * An action and a resource no policy names: a pattern that matches them matches every action or every resource. Written
 * with PROBE_NAME, so that a policy variable not known never names them (`namesProbe`).
 */
export const UNNAMED_ACTION = `${PROBE_NAME}:DeputyProbe`;
/** A role of the owner's account no policy names: what a grant that reaches it reaches for every role there. */
export const OWNERS_PROBE_ROLE = `arn:${OWNER_PARTITION}:iam::${OWNER_ACCOUNT}:role/${PROBE_NAME}`;
export const PASS_ROLE = 'iam:PassRole';
/** The key every iam:PassRole request carries: the service the role is handed to (lower-cased, as contexts hold keys). */
export const PASSED_TO_SERVICE = 'iam:passedtoservice';
/** A service no policy names: a condition that admits it admits any service. */
export const PROBE_SERVICE = `${PROBE_NAME}.amazonaws.com`;
/** A resource no policy names, of a service no policy names. */
export const UNNAMED_RESOURCE = `arn:${PROBE_NAME}:${PROBE_NAME}:${PROBE_NAME}:000000000000:${PROBE_NAME}/${PROBE_NAME}`;
/**
 * The key of an iam:PassRole request that a service sends with the ARN of the resource the role is passed for (IAM User
 * Guide, "IAM and AWS STS condition context keys"; lower-cased, as contexts hold keys).
 */
export const ASSOCIATED_RESOURCE_ARN = 'iam:associatedresourcearn';

/** `arn:`, then a partition written without wildcards (literally, or as a marker). */
const ARN_PARTITION = /^arn:([^:*?]+):/;

/** Resource `*` (or a pattern matching any ARN), or NotResource that leaves an arbitrary resource. */
export function coversEveryResource(statement: Statement): Tri {
  const matches = (entry: PolicyValue): Tri => (entry.value instanceof Unresolved ? 'unknown' : matchesInPartition(resourcePattern(statement, entry.value), UNNAMED_RESOURCE));
  if (statement.resource) return triOr(statement.resource.map(matches));
  if (statement.notResource) return triNot(triOr(statement.notResource.map(matches)));
  return false;
}

/**
 * Whether the statement's Resource (NotResource) leaves every IAM resource of an account: a role, user, group, policy,
 * provider or any other, whatever its name (`Resource: "*"`, `arn:aws:iam::*:*`, `arn:${AWS::Partition}:iam::${AWS::AccountId}:*`,
 * a NotResource that leaves out nothing IAM holds). `ownersAccount`: whether the owner's account its policies read
 * (`AWS::AccountId`, a caller identity's, an account id a plan writes) is the account asked about; else only a wildcard
 * account stands for it.
 */
export function coversEveryIamResource(statement: Statement, ownersAccount: boolean): Tri {
  return ownersAccount ? resourceApplies(statement, OWNERS_IAM_RESOURCE, OWNERS_REQUEST) : resourceApplies(statement, UNTOLD_ACCOUNTS_IAM_RESOURCE, UNTOLD_ACCOUNTS_REQUEST);
}

/**
 * The resource part of an IAM ARN no policy names: a type and a name, each a marker, which only a wildcard spanning each
 * is sure to match (a bare `*`, or a `*` on each side of the slash: every IAM resource is written `type/name`, as
 * `role/x`, `policy/x`, `mfa/x`).
 */
const ANY_IAM_RESOURCE = `${marker('sym', 'deputy.AnyIamResourceType')}/${marker('sym', 'deputy.AnyIamResourceName')}`;
const OWNERS_IAM_RESOURCE = `arn:${OWNER_PARTITION}:iam::${OWNER_ACCOUNT}:${ANY_IAM_RESOURCE}`;
/** An account a policy's `AWS::AccountId` may not stand for: only a wildcard account matches it. */
const UNTOLD_ACCOUNT = marker('sym', 'deputy.UntoldAccount');
const UNTOLD_ACCOUNTS_IAM_RESOURCE = `arn:${OWNER_PARTITION}:iam::${UNTOLD_ACCOUNT}:${ANY_IAM_RESOURCE}`;
/** The request of a principal of that account, which IAM gives `aws:PrincipalAccount` (a Resource's `${aws:PrincipalAccount}` reads it). */
const OWNERS_REQUEST = requestContext({ 'aws:PrincipalAccount': OWNER_ACCOUNT });
const UNTOLD_ACCOUNTS_REQUEST = requestContext({ 'aws:PrincipalAccount': UNTOLD_ACCOUNT });

/**
 * Whether an ARN pattern, matched as a whole string (a `*` spans colons, so `arn:aws:*` covers every part it lacks),
 * matches `arn` in the partition `arn` is in, which stands for the owner's, the only one its policies act in: a
 * partition written out (`arn:aws:`, as a plan writes every partition) or `${AWS::Partition}` is that partition; one
 * that is another unknown value leaves a match unknown.
 */
export function matchesInPartition(pattern: Pattern, arn: string): Tri {
  const options = { wildcards: true, ignoreCase: false };
  // A partition is written in the pattern's first piece (a policy variable is a piece of its own: `requestPattern`).
  const [first, ...rest] = typeof pattern === 'string' ? [{ text: pattern }] : pattern;
  const partition = first === undefined || first.verbatim ? null : ARN_PARTITION.exec(first.text);
  if (!partition) return matchString(pattern, arn, options);
  const inArns = `${ARN_PARTITION.exec(arn)?.[0] ?? 'arn::'}${first!.text.slice(partition[0].length)}`;
  const matched = matchString(typeof pattern === 'string' ? inArns : [{ text: inArns }, ...rest], arn, options);
  return matched === true && partition[1] !== OWNER_PARTITION && hasMarker(partition[1]) ? 'unknown' : matched;
}

/**
 * The statement's Resource/NotResource covers the ARN (`*` covers everything). Against an ARN in the owner's partition,
 * a partition written out is read as the owner's. `ctx`: what the request tells of the ARN's region (`regionsApart`),
 * and the values its policy variables read (`requestPattern`: under `2012-10-17`, `${aws:PrincipalAccount}` is the
 * request's account, `${aws:ResourceAccount}` the account the ARN writes where `ctx` does not say (`requestOn`), and a
 * variable the request does not say names one string deputy does not know).
 */
export function resourceApplies(statement: Statement, arn: string, ctx?: RequestContext): Tri {
  const ownersPartition = arn.startsWith(OWNER_PARTITION_PREFIX);
  const matches = (entry: PolicyValue): Tri => {
    if (entry.value instanceof Unresolved) return 'unknown';
    if (entry.value === '*') return true;
    const text = ownersPartition ? inOwnerPartition(entry.value) : entry.value;
    // Only an entry that reads variables asks what the request says of the resource: the others pay one includes().
    return matchArn(readsVariables(statement, text) ? requestPattern(text, requestOn(arn, ctx)) : text, arn, ctx);
  };
  if (statement.resource) return triOr(statement.resource.map(matches));
  if (statement.notResource) return triNot(triOr(statement.notResource.map(matches)));
  return false;
}

/**
 * The request on the resource `arn` names, as `ctx` makes it: with aws:ResourceAccount, the account of the resource's
 * owner, which its ARN writes (the ARN reference: the account field is "the ID of the AWS account that owns the
 * resource"), where `ctx` does not say it and the ARN writes one account (a bucket's writes none), so that
 * `arn:aws:iam::${aws:ResourceAccount}:role/*` names the owner's roles, and a condition on the key reads it (a Deny
 * of every resource under `StringEquals aws:ResourceAccount: ${AWS::AccountId}` refuses the owner's: `denied`). The
 * request of an action on no resource (`*`, `actionResourceProbes`) carries no aws:ResourceAccount: such a Deny does
 * not refuse it, and one under `StringNotEquals` does. One object per context and account: matching and conditions
 * remember their answers by the context.
 */
export function requestOn(arn: string, ctx: RequestContext): RequestContext;
export function requestOn(arn: string, ctx: RequestContext | undefined): RequestContext | undefined;
export function requestOn(arn: string, ctx: RequestContext | undefined): RequestContext | undefined {
  if (ctx && (ctx.present.has(RESOURCE_ACCOUNT) || ctx.absent.has(RESOURCE_ACCOUNT))) return ctx;
  if (arn === '*') return withKeysAbsent(ctx ?? NO_REQUEST, [RESOURCE_ACCOUNT]);
  const account = splitArn(arn)?.account;
  if (!account || /[*?]/.test(account)) return ctx;
  return withKeyValue(ctx ?? NO_REQUEST, RESOURCE_ACCOUNT, account);
}

/** aws:ResourceAccount as request contexts hold keys: the key trust probes carry of the role (src/iam/trust.ts). */
export { RESOURCE_ACCOUNT };
/** A request that says nothing: what `requestOn` adds to where no context is given. */
const NO_REQUEST = requestContext({});

/**
 * An entry of the statement's Resource or NotResource as the request reads it (`requestPattern`): under `2012-10-17`
 * with its policy variables substituted, or kept as one piece each, never a wildcard; otherwise the text as written.
 * Only an entry holding `${` takes that path (one includes() per entry otherwise).
 */
export function resourcePattern(statement: Statement, text: string, ctx?: RequestContext): Pattern {
  return readsVariables(statement, text) ? requestPattern(text, ctx) : text;
}

/** Whether an entry of the statement's Resource or NotResource reads policy variables (`resourcePattern`): `${` under `2012-10-17`. */
export function readsVariables(statement: Statement, text: string): boolean {
  return statement.literalVariables !== true && text.includes('${');
}

/**
 * An entry of the statement's Resource or NotResource split into its ARN parts as IAM reads it (`splitArn`, where it
 * `readsVariables`): the one way rules read an entry's parts, each read as a pattern with `resourcePattern`.
 */
export function resourceArn(statement: Statement, text: string): ArnParts | undefined {
  return splitArn(text, readsVariables(statement, text));
}

const OWNER_PARTITION_PREFIX = `arn:${OWNER_PARTITION}:`;
/**
 * The ARN pattern with a partition written out read as the owner's: a policy acts in its owner's partition only, where
 * `arn:aws:` means that partition, and a plan writes every partition out. Where the identity rules know the partition
 * of a policy's holders, they have left out the entries written in another (`statementsInPartition` in
 * rules/identity/identity-policies.ts): those that remain are of the owner's.
 */
function inOwnerPartition(pattern: string): string {
  return pattern.replace(PARTITION_WRITTEN, OWNER_PARTITION_PREFIX);
}

/** How `resourceText` writes a statement with `Resource: "*"`. */
export const ANY_RESOURCE_TEXT = 'Resource "*"';

/** What a NotResource leaves out: its entries but "" (an empty one, [] or "", leaves out nothing, as RULES.md reads it unset). */
export function leftOutResources(statement: Statement): PolicyValue[] {
  return statement.notResource?.filter((entry) => entry.value !== '') ?? [];
}

/**
 * The statement's Resource or NotResource as written, for messages, as its principals' partition reads it: with the
 * entries of another partition it leaves out named after it (`Statement.otherPartition`), since the text quoted is not
 * all the policy writes (a NotResource of `arn:aws-cn:` entries alone is every resource for principals in `aws`).
 */
export function resourceText(statement: Statement): string {
  const other = statement.otherPartition;
  if (statement.notResource) {
    const leftOut = leftOutResources(statement);
    const text = leftOut.length > 0 ? `every resource but ${valuesText(leftOut)}` : 'every resource';
    return other && other.notResource.length > 0 ? `${text} (${otherPartitionText('NotResource', other.notResource, other.partition)})` : text;
  }
  if (statement.resource?.some((entry) => entry.value === '*')) return ANY_RESOURCE_TEXT;
  const text = valuesText(statement.resource ?? []);
  return other && other.resource.length > 0 ? `${text} (${otherPartitionText('Resource', other.resource, other.partition)})` : text;
}

function valuesText(entries: readonly PolicyValue[]): string {
  return entries.map((entry) => displayValue(entry.value)).join(', ');
}

/** Entries of a Resource or NotResource that name another partition's resources, left out for principals of `partition`. */
function otherPartitionText(element: string, entries: readonly PolicyValue[], partition: string): string {
  return `${element} ${valuesText(entries)} left out: in another partition than ${partition}, where the policy's principals are`;
}

export function conditionsOn(statement: Statement, keys: readonly string[]): ConditionEntry[] {
  return statement.conditions.filter((condition) => keys.includes(condition.key.toLowerCase()));
}

export function policyLabel(doc: PolicyDocument, holder: Resource): string {
  if (doc.kind === 'trust') return `the trust policy of ${nameOf(holder)}`;
  return doc.name ? `policy ${displayString(doc.name)} of ${nameOf(holder)}` : `the policy of ${nameOf(holder)}`;
}

export function show(value: PolicyValue['value']): string {
  return displayValue(value);
}

/** A string element of a policy, with the field it sits in. */
export interface PolicyString {
  entry: PolicyValue;
  field: string;
  statement: Statement;
  condition?: ConditionEntry;
}

/**
 * Every string element of a policy, with the field it sits in. Remembered by the statements, which the documents of one
 * policy text share (normalize.ts): two rules read every group's.
 */
export function policyStrings(doc: PolicyDocument): readonly PolicyString[] {
  let strings = stringsByStatements.get(doc.statements);
  if (!strings) stringsByStatements.set(doc.statements, (strings = stringsOf(doc.statements)));
  return strings;
}

const stringsByStatements = new WeakMap<readonly Statement[], readonly PolicyString[]>();

function stringsOf(statements: readonly Statement[]): PolicyString[] {
  const found: PolicyString[] = [];
  for (const statement of statements) {
    for (const [field, set] of [['Principal', statement.principal], ['NotPrincipal', statement.notPrincipal]] as const) {
      if (!set) continue;
      for (const type of PRINCIPAL_TYPES) for (const entry of set[type]) found.push({ entry, field: `${field}.${type}`, statement });
    }
    for (const field of ['action', 'notAction', 'resource', 'notResource'] as const) {
      for (const entry of statement[field] ?? []) found.push({ entry, field, statement });
    }
    for (const condition of statement.conditions) {
      const field = `Condition ${condition.operator} ${condition.key}`;
      for (const entry of condition.values) found.push({ entry, field, statement, condition });
    }
  }
  return found;
}

/** The logical id of a CloudFormation resource; a Terraform resource's full address, which tells instances of one module apart. */
export function nameOf(resource: Resource): string {
  return resource.format === 'cloudformation' ? resource.name : resource.address;
}
