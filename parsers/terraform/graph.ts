/**
 * The graph pieces of Terraform resources (from HCL or a plan): policy documents, roles used by resources, policy
 * attachments and AWS managed policy ARNs. Values that refer to another resource hold `refMarker(address, attribute)`.
 */
import { bothHold, choiceText, hasMarker, hasUnresolvedPiece, isKnownAtPlan, loneReferencePayload, markerPayload, prop, textPattern, Unresolved, type Choice, type ChoiceTerm, type Edge, type ManagedPolicyArn, type Path, type PolicyRef, type Resource, type ExclusiveMembership, type UnknownMembership, type UnmatchedMember, type UnmatchedPrincipal, type Value } from '../../src/model/index.js';
import { attachedIamName, expressionOf, iamNameKey, iamNameOf, iamNamesPattern, isNameNotKnown, literalMayBeNameOf, mayBeInAccountOf, mayBeNameOf, mayNameInAccountOf, mayNameInPathOf, pieceNamingEach, PrincipalsByExpression, refusedWhereNameTaken, writtenName } from '../../src/model/arn.js';
import { LargeMap } from '../../src/model/large-map.js';
import { listAt } from '../../src/model/maps.js';
import { ATTACHMENTS, BOUNDARY_ATTRIBUTES, identifiesPrincipal, MEMBERSHIPS, POLICY_ATTRIBUTES, PRINCIPALS, ROLE_ATTRIBUTES, roleAttributeTakesArn, type PrincipalKind } from './resources.js';
import { modulePrefix, SameNamed } from './same-named.js';

export function terraformGraphPieces(resources: readonly Resource[], roleReads: readonly RoleRead[] = []): { edges: Edge[]; edgesByStart: LargeMap<Edge[]>; policies: PolicyRef[]; managedPolicyArns: ManagedPolicyArn[]; unmatchedPrincipals: UnmatchedPrincipal[]; unmatchedMembers: UnmatchedMember[]; unknownMemberships: UnknownMembership[]; exclusiveMemberships: ExclusiveMembership[] } {
  const pieces = new GraphPieces(new Targets(resources, roleReads), resources);
  for (let index = 0; index < resources.length; index++) {
    const resource = resources[index]!;
    const reading = READINGS_BY_TYPE.get(resource.type);
    // A data source reads what exists already: it declares no policy, attachment or role use of this configuration.
    if (reading && !isDataSource(resource.address)) pieces.add(resource, reading);
  }
  return { edges: pieces.edges.list(), edgesByStart: pieces.edges.byStart, policies: pieces.policies, managedPolicyArns: pieces.managedPolicyArns, unmatchedPrincipals: pieces.unmatchedPrincipals, unmatchedMembers: pieces.unmatchedMembers, unknownMemberships: pieces.unknownMemberships, exclusiveMemberships: pieces.exclusiveMemberships };
}

/**
 * An attribute spec split into its steps. Without `*` the steps are also the path of every value found, shared by
 * the policy references and edges made from it (frozen: paths are never modified).
 */
interface Spec {
  readonly steps: readonly string[];
  readonly wildcard: boolean;
}

function specOf(spec: string): Spec {
  const steps = spec === '' ? [] : spec.split('.');
  return { steps: Object.freeze(steps), wildcard: steps.includes('*') };
}

/** What the graph reads from resources of one type, in the order it reads it: policies, attachments, role uses, group memberships. */
interface TypeReading {
  policies: Array<{ spec: Spec; kind: 'trust' | 'identity'; nameAttribute: string | undefined }>;
  attachments: Array<{ policy: Spec | 'self'; principals: Array<{ spec: Spec; kind: Attachment['principals'][number]['kind'] }> }>;
  /** `takesArn`: the attribute takes the role's ARN, not its name (`roleAttributeTakesArn`). */
  roles: Array<{ spec: Spec; takesArn: boolean }>;
  memberships: Array<{ users: Spec; groups: Spec; exclusive: boolean }>;
  boundaries: Spec[];
}

type Attachment = (typeof ATTACHMENTS)[number];

const READINGS_BY_TYPE = new Map<string, TypeReading>();
function readingOf(type: string): TypeReading {
  let reading = READINGS_BY_TYPE.get(type);
  if (!reading) READINGS_BY_TYPE.set(type, (reading = { policies: [], attachments: [], roles: [], memberships: [], boundaries: [] }));
  return reading;
}
for (const [type, specs] of Object.entries(POLICY_ATTRIBUTES)) {
  for (const { spec, kind, nameAttribute } of specs) readingOf(type).policies.push({ spec: specOf(spec), kind, nameAttribute });
}
for (const { type, policy, principals } of ATTACHMENTS) {
  readingOf(type).attachments.push({ policy: policy === 'self' ? 'self' : specOf(policy), principals: principals.map(({ spec, kind }) => ({ spec: specOf(spec), kind })) });
}
for (const [type, specs] of Object.entries(ROLE_ATTRIBUTES)) readingOf(type).roles.push(...specs.map((spec) => ({ spec: specOf(spec), takesArn: roleAttributeTakesArn(type, spec) })));
for (const { type, users, groups, exclusive } of MEMBERSHIPS) readingOf(type).memberships.push({ users: specOf(users), groups: specOf(groups), exclusive });
for (const [type, spec] of Object.entries(BOUNDARY_ATTRIBUTES)) readingOf(type).boundaries.push(specOf(spec));

class GraphPieces {
  readonly edges: Edges;
  readonly policies: PolicyRef[] = [];
  readonly managedPolicyArns: ManagedPolicyArn[] = [];
  readonly unmatchedPrincipals: UnmatchedPrincipal[] = [];
  readonly unmatchedMembers: UnmatchedMember[] = [];
  readonly unknownMemberships: UnknownMembership[] = [];
  readonly exclusiveMemberships: ExclusiveMembership[] = [];

  constructor(
    readonly targets: Targets,
    resources: readonly Resource[],
  ) {
    // Indexed, without a list per resource: a plan passes every resource here, and none of a plan's may not be made.
    const mayNotBeMade = new Set<string>();
    for (let index = 0; index < resources.length; index++) if (resources[index]!.createdNotKnown !== undefined) mayNotBeMade.add(resources[index]!.address);
    this.edges = new Edges(mayNotBeMade);
  }

  add(resource: Resource, reading: TypeReading): void {
    for (const policy of reading.policies) forEachValueAt(this, resource, policy.spec, addPolicy, policy);
    for (const attachment of reading.attachments) {
      if (attachment.policy === 'self') this.attachPolicy(resource, attachment, null, NO_PATH);
      else forEachValueAt(this, resource, attachment.policy, attachNamedPolicy, attachment);
    }
    for (const role of reading.roles) forEachValueAt(this, resource, role.spec, addRoleUse, role);
    for (const spec of reading.boundaries) forEachValueAt(this, resource, spec, addBoundary, spec);
    for (const { users, groups, exclusive } of reading.memberships) {
      const members: Members = { declared: [], named: [], notKnown: [], exclusive };
      forEachValueAt(this, resource, users, addMember, members);
      // A list not known (`users = var.users`) has no entries to visit, or more than those (`concat(["carol"], var.users)`): its other members are not known.
      const list = users.wildcard ? prop(resource.properties, users.steps[0]!) : undefined;
      if (list instanceof Unresolved && !list.choices && (!list.entries || list.more)) members.notKnown.push({ value: list, path: [users.steps[0]!] });
      // An exclusive list of no one says the group has no members.
      if (exclusive || members.declared.length > 0 || members.named.length > 0 || members.notKnown.length > 0 || members.chosen) forEachValueAt(this, resource, groups, addMembership, { spec: groups, members });
    }
  }

  /**
   * Attaches the policy that `policyValue` names (the resource itself for a `self` attachment) to the principals the
   * attachment names; `when`, where the policy is one of several a conditional not decided chooses between, is when it is.
   */
  attachPolicy(resource: Resource, attachment: AttachmentReading, policyValue: Value, policyPath: Path, when?: readonly ChoiceTerm[]): void {
    const policy = attachment.policy === 'self' ? resource : this.targets.find(policyValue, 'managedPolicy', resource, policyPath);
    for (const { spec, kind } of attachment.principals) {
      if (kind === 'self') this.attach(resource, policy, policyValue, policyPath, resource, policyPath, false, when && [when]);
      else {
        forEachValueAt(this, resource, spec, attachToPrincipal, { policy, policyValue, policyPath, spec, kind, when });
        // A list not known (`roles = var.roles`) has no entries to visit: it names principals whose names are not known.
        if (policy && spec.wildcard && spec.steps.length === 2) {
          const list = prop(resource.properties, spec.steps[0]!);
          if (list instanceof Unresolved && !list.choices) this.unmatchedPrincipals.push({ policy: policy.address, kind });
        }
      }
    }
  }

  /**
   * `via` is the attribute of the resource that makes the attachment (the attachment, or the role's managed_policy_arns
   * entry). Both paths are kept as given.
   */
  attach(resource: Resource, policy: Resource | undefined, policyValue: Value, policyPath: Path, principal: Resource | undefined, via: Path, held: boolean, when?: Choices): void {
    if (!principal) return;
    // Written out with and without its holder: a plan attaches thousands of policies, and a spread copies an object made for it.
    if (policy) {
      const from = policy.address;
      const to = principal.address;
      this.edges.add(withWhen<Edge>(resource === policy ? { from, to, kind: 'attached-policy', via } : { from, to, kind: 'attached-policy', via, holder: resource.address }, when));
    } else if (typeof policyValue === 'string' && policyValue !== '' && isKnownAtPlan(policyValue)) {
      this.managedPolicyArns.push(withWhen<ManagedPolicyArn>({ principal: principal.address, arn: policyValue, via: policyPath, ...(held ? { holder: resource.address } : {}) }, when));
    }
  }
}

type AttachmentReading = TypeReading['attachments'][number];

/** What `forEachValueAt` calls with each value found, and with what it reads the value for: functions of the module, not a closure per resource and spec. */
type ValueVisitor<T> = (pieces: GraphPieces, resource: Resource, reading: T, value: Value, path: Path, parent: Value | undefined) => void;

const addPolicy: ValueVisitor<TypeReading['policies'][number]> = (pieces, holder, { spec, kind, nameAttribute }, value, path, parent) => {
  if (value === null || value === '') return;
  const name = nameAttribute === undefined ? undefined : prop(parent, nameAttribute);
  const kept = keptPath(spec, path);
  const resource = holder.address;
  pieces.policies.push(typeof name === 'string' && !hasMarker(name) ? { resource, holder, path: kept, kind, name } : { resource, holder, path: kept, kind });
};

const attachNamedPolicy: ValueVisitor<AttachmentReading> = (pieces, resource, attachment, value, path) => {
  const policyPath = keptPath(attachment.policy as Spec, path);
  if (!(value instanceof Unresolved && value.choices)) pieces.attachPolicy(resource, attachment, value, policyPath);
  // One of the policies written out (a conditional not decided): each is attached when it is chosen.
  else for (const choice of value.choices) pieces.attachPolicy(resource, attachment, choice.value, policyPath, choice.when);
};

/**
 * What the choices of a value name (`find`), each with when: the choices that name it, each made together with `outer`
 * where that is given (none where they cannot both hold); where it is named whichever is made (by a choice of each
 * `when`), `outer` alone, or undefined without it. Choices of one `when` are the entries of one chosen list (`listEntryChoices`).
 */
function chosenTargets<T>(choices: readonly Choice[], outer: readonly ChoiceTerm[] | undefined, find: (value: Value) => T | undefined): Map<T, Choices | undefined> {
  const whens = new Map<T, Map<string, readonly ChoiceTerm[]>>();
  const made = new Set<string>();
  for (const choice of choices) {
    const when = outer ? bothHold(outer, choice.when) : choice.when;
    if (!when) continue;
    const text = choiceText(when);
    made.add(text);
    const found = find(choice.value);
    if (found === undefined) continue;
    const known = whens.get(found);
    if (known) known.set(text, when);
    else whens.set(found, new Map([[text, when]]));
  }
  const chosen = new Map<T, Choices | undefined>();
  // Named whichever is made: in any case, or when `outer` holds.
  for (const [found, when] of whens) chosen.set(found, when.size < made.size ? [...when.values()] : outer && [outer]);
  return chosen;
}

const addRoleUse: ValueVisitor<TypeReading['roles'][number]> = (pieces, resource, { spec, takesArn }, value, path) => {
  if (value instanceof Unresolved && value.choices) {
    // One of the values written out (a conditional on a variable without a value): the resource may use the role each
    // names, and uses it whichever is chosen where every one names it.
    const chosen = chosenTargets(value.choices, undefined, (choice) => pieces.targets.find(choice, 'role', resource, path, takesArn));
    for (const [role, when] of chosen) pieces.edges.add(withWhen<Edge>({ from: resource.address, to: role.address, kind: 'uses-role', via: keptPath(spec, path) }, when));
    return;
  }
  const role = pieces.targets.find(value, 'role', resource, path, takesArn);
  if (role) pieces.edges.add({ from: resource.address, to: role.address, kind: 'uses-role', via: keptPath(spec, path) });
};

const addBoundary: ValueVisitor<Spec> = (pieces, resource, spec, value, path) => {
  const policy = pieces.targets.find(value, 'managedPolicy', resource, path);
  if (policy) pieces.edges.add({ from: resource.address, to: policy.address, kind: 'permissions-boundary', via: keptPath(spec, path) });
};

const addMember: ValueVisitor<Members> = (pieces, resource, members, value, path) => {
  // Users one of several a conditional not decided chooses between: each joins when it is chosen (and the group is).
  if (value instanceof Unresolved && value.choices) {
    (members.chosen ??= []).push({ choices: value.choices, path: [...path] });
    return;
  }
  const user = pieces.targets.find(value, 'user', resource, path);
  if (user) members.declared.push(user);
  else {
    const named = attachedIamName(value);
    if (named?.name !== undefined) {
      members.named.push(named.name);
      // It may be the name of a declared user whose own name is not known.
      members.notKnown.push({ value, path: [...path] });
    }
    // A value not known (`user = each.key` of a for_each not known), not a reference IAM refuses (`aws_iam_user.u.arn`).
    else if (named && !pieces.targets.refersToDeclared(value, 'user', resource, path)) {
      members.notKnown.push({ value, path: [...path] });
      const expression = expressionOf(resource, path);
      const references = expression === undefined ? resource.referencesKey?.(path) : undefined;
      if (expression !== undefined) (members.expressions ??= []).push(expression);
      else if (references !== undefined) (members.references ??= []).push(references);
    }
  }
};

/** Each member named by the membership resource joins the group `value` names; `via` is the entry naming the group. */
const addMembership: ValueVisitor<{ spec: Spec; members: Members }> = (pieces, resource, { spec, members }, value, path) => {
  if (!(value instanceof Unresolved && value.choices)) {
    const group = pieces.targets.find(value, 'group', resource, path);
    if (group) join(pieces, resource, members, group, keptPath(spec, path));
  } else if (!members.chosen) {
    // A group one of several a conditional not decided chooses between: the members join each when it is chosen.
    for (const [group, when] of chosenTargets(value.choices, undefined, (choice) => pieces.targets.find(choice, 'group', resource, path))) join(pieces, resource, members, group, keptPath(spec, path), when);
  } else {
    // Members and group both chosen: each choice of the group with the choices of the members it may be made with.
    for (const choice of value.choices) {
      const group = pieces.targets.find(choice.value, 'group', resource, path);
      if (group) join(pieces, resource, members, group, keptPath(spec, path), [choice.when], choice.when);
    }
  }
};

/**
 * The members join the group (`via` the entry naming it): where `when` is given, only then, each chosen member
 * (`Members.chosen`) when it is chosen as well, with `outer` (the terms of the group's choice, where members are chosen
 * too). A user named but not declared is kept for messages only where the group is joined in any case.
 */
function join(pieces: GraphPieces, resource: Resource, members: Members, group: Resource, via: Path, when?: Choices, outer?: readonly ChoiceTerm[]): void {
  const holder = resource.address;
  for (const member of members.declared) pieces.edges.add(withWhen<Edge>({ from: member.address, to: group.address, kind: 'member-of', via, holder }, when));
  // Chosen members come with a group in any case, or with the terms of its choice (`addMembership`).
  for (const { choices, path } of members.chosen ?? []) {
    for (const [user, userWhen] of chosenTargets(choices, outer, (choice) => pieces.targets.find(choice, 'user', resource, path))) pieces.edges.add(withWhen<Edge>({ from: user.address, to: group.address, kind: 'member-of', via, holder }, userWhen));
  }
  // A user whose name a conditional not decided chooses joins when the name it is given is the one written.
  for (const name of members.named) {
    for (const [user, userWhen] of pieces.targets.chosenNamed('user', name, resource, when)) pieces.edges.add(withWhen<Edge>({ from: user.address, to: group.address, kind: 'member-of', via, holder }, userWhen));
  }
  for (const { value, path } of members.notKnown) {
    const users = pieces.targets.mayBeNamedBy('user', value, resource).filter((user) => !members.declared.includes(user));
    if (users.length > 0) pieces.unknownMemberships.push({ holder, group: group.address, via: path, users: users.map((user) => user.address), ...(when ? { choices: when } : {}) });
  }
  if (when !== undefined) return;
  if (members.exclusive && listsKnownUsersOnly(members) && resource.createdNotKnown === undefined) pieces.exclusiveMemberships.push({ holder, group: group.address, names: members.named });
  const { accountScope } = resource;
  const scope = accountScope !== undefined ? { scope: accountScope } : {};
  for (const name of members.named) pieces.unmatchedMembers.push({ group: group.address, name, ...scope });
  for (const expression of members.expressions ?? []) pieces.unmatchedMembers.push({ group: group.address, expression, ...scope });
  for (const references of members.references ?? []) pieces.unmatchedMembers.push({ group: group.address, references, ...scope });
}

/**
 * Whether every user the membership names is known in any case: one the input declares, or a name (each of which is
 * one of `notKnown` too, as it may be a declared user's whose name is not known); no other value not known (each is one
 * of `notKnown` alone, with its expression or references), no choice.
 */
function listsKnownUsersOnly(members: Members): boolean {
  return members.notKnown.length === members.named.length && !members.chosen;
}

/** The users a membership resource names: those of the input, and the names of others. */
interface Members {
  /** The users named are all of the group's members (`ExclusiveMembership`). */
  exclusive: boolean;
  declared: Resource[];
  named: string[];
  /** Values not known that name users, and names no declared user is written with, with where each is read. */
  notKnown: Array<{ value: Value; path: Path }>;
  /** The keys of the expressions writing those of them that are values not known, one user each (not a list: `UnmatchedMember`). */
  expressions?: string[];
  /** The same of a plan without its `.tf`: the keys of the references writing them (`UnmatchedPrincipal.references`), each maybe one user. */
  references?: string[];
  /** Users one of several a conditional not decided chooses between, with where each choice is read. */
  chosen?: Array<{ choices: readonly Choice[]; path: Path }>;
}

interface PrincipalAttachment {
  policy: Resource | undefined;
  policyValue: Value;
  policyPath: Path;
  spec: Spec;
  kind: Exclude<PrincipalKind, 'managedPolicy'>;
  /** Where the policy is one of several a conditional not decided chooses between: when it is. */
  when: readonly ChoiceTerm[] | undefined;
}

const attachToPrincipal: ValueVisitor<PrincipalAttachment> = (pieces, resource, reading, value, path) => {
  const { policy, policyValue, policyPath, spec, kind, when } = reading;
  // One of the principals written out: the policy is attached to each when it is chosen (and the policy is).
  if (value instanceof Unresolved && value.choices) {
    const chosen = chosenTargets(value.choices, when, (choice) => pieces.targets.find(choice, kind, resource, path));
    for (const [principal, chosenWhen] of chosen) pieces.attach(resource, policy, policyValue, policyPath, principal, keptPath(spec, path), true, chosenWhen);
    return;
  }
  const principal = pieces.targets.find(value, kind, resource, path);
  if (principal) pieces.attach(resource, policy, policyValue, policyPath, principal, keptPath(spec, path), true, when && [when]);
  else if (!pieces.targets.refersToDeclared(value, kind, resource, path)) {
    const named = attachedIamName(value);
    if (!named) return;
    // A principal whose name a conditional not decided chooses has the name written when a choice of it is made.
    if (named.name !== undefined) {
      for (const [chosen, chosenWhen] of pieces.targets.chosenNamed(kind, named.name, resource, when && [when])) pieces.attach(resource, policy, policyValue, policyPath, chosen, keptPath(spec, path), true, chosenWhen);
    }
    // A role made elsewhere, or named by a value not known: kept to name it in messages.
    if (!policy) return;
    const { accountScope } = resource;
    // Chosen in any case, a choice has no terms.
    const declaredWhen = named.name === undefined ? [] : [...pieces.targets.chosenNamed(kind, named.name, resource, undefined).values()].flatMap((choices) => choices ?? [[]]);
    pieces.unmatchedPrincipals.push({
      policy: policy.address,
      kind,
      ...named,
      ...(named.name !== undefined && pieces.targets.mayBeNamed(kind, named.name) ? { mayBeDeclared: true as const } : {}),
      ...(declaredWhen.length > 0 ? { declaredWhen } : {}),
      ...(accountScope !== undefined ? { scope: accountScope } : {}),
      ...(named.name === undefined ? notKnownNaming(kind, pieces.targets.mayBeNamedBy(kind, value, resource), resource, value, path) : {}),
    });
  }
};

/** What an attachment's value not known at `path` of `resource` may name (`UnmatchedPrincipal.mayName`), and how and where it is written. */
function notKnownNaming(kind: Exclude<PrincipalKind, 'managedPolicy'>, principals: readonly Resource[], resource: Resource, value: Value, path: Path): Pick<UnmatchedPrincipal, 'mayName' | 'namedBy' | 'written' | 'expression' | 'references' | 'piece'> {
  const expression = expressionOf(resource, path);
  const references = resource.referencesKey?.(path);
  // A plan without its `.tf` shows a reference for a value that may be built from it (`"${aws_iam_group.team.unique_id}-bob"`): not as written.
  const written = resource.builtFromReference?.(path) ? undefined : writtenName(value);
  const piece = pieceNamingEach(value, principals.map((principal) => prop(principal.properties, PRINCIPALS[kind].nameAttribute)));
  return { mayName: principals.map((principal) => principal.address), namedBy: resource.address, ...(written === undefined ? {} : { written }), ...(expression === undefined ? {} : { expression }), ...(references === undefined ? {} : { references }), ...(piece ? { piece } : {}) };
}

/**
 * The entries of the lists a value not known may be (`roles = var.a ? [..] : [..]`), each a choice made when its list
 * is; a list with none, or a value not a list, gives its own, naming nothing (`chosenTargets` counts each `when`).
 */
function listEntryChoices(list: Unresolved): Unresolved {
  const entries = (list.choices ?? []).flatMap((choice) => (Array.isArray(choice.value) && choice.value.length > 0 ? choice.value.map((entry) => ({ value: entry, when: choice.when })) : [{ value: null, when: choice.when }]));
  return new Unresolved(list.reason, list.written, entries);
}

/** An edge or managed policy ARN holding only when one of the choices is made where they are given (`Edge.when`, `Edge.choices`); not copied otherwise. */
function withWhen<T extends { when?: string; choices?: Choices }>(item: T, when: Choices | undefined): T {
  return when === undefined ? item : { ...item, when: whenText(when), choices: when };
}

/** Choices, one or another, each the terms that all hold (`Edge.choices`). */
type Choices = ReadonlyArray<readonly ChoiceTerm[]>;

/** `var.a is true or var.b is false`. */
function whenText(when: Choices): string {
  return when.map(choiceText).join(' or ');
}

const NO_PATH: Path = Object.freeze([]);

/** A path `forEachValueAt` gave, to keep: the spec's own (frozen) steps, or a copy when `*` made it. */
function keptPath(spec: Spec, path: Path): Path {
  return spec.wildcard ? [...path] : spec.steps;
}

/** Past this many edges from one start, an edge is compared only with those that have its end too. */
const MOST_EDGES_COMPARED = 8;

/** Edges in the order first made; an edge with the same ends, kind and path as an earlier one takes its place (`replacedAt`). */
class Edges {
  /**
   * The edges by their start, each start's in the order made: what a new edge is compared with (a resource starts few
   * edges, and its address is a key already hashed), and the graph's index of the edges leaving each resource
   * (`ParsedWorld.edgesByStart`), which it would otherwise build again.
   */
  readonly byStart = new LargeMap<Edge[]>();
  /**
   * Of a start with many edges (one policy attached to thousands of roles), the positions of its edges in its list by
   * their end: compared one by one, adding its edges took time quadratic in their number.
   */
  private readonly byEnd = new Map<string, Map<string, number[]>>();
  /** The first edge of each place in the order, in the order made. */
  private readonly made: Edge[] = [];
  /** Of a place whose edge another took, the edge there now by the first one, and the first one by each that took it. */
  private readonly takenBy = new Map<Edge, Edge>();
  private readonly firstOf = new Map<Edge, Edge>();

  /** `mayNotBeMade`: the addresses of the resources that may not be created (`Resource.createdNotKnown`). */
  constructor(private readonly mayNotBeMade: ReadonlySet<string>) {}

  /** The edges in the order first made, each place's latest. */
  list(): Edge[] {
    return this.takenBy.size === 0 ? this.made : this.made.map((edge) => this.takenBy.get(edge) ?? edge);
  }

  add(edge: Edge): void {
    const leaving = this.byStart.get(edge.from);
    if (leaving === undefined) {
      this.byStart.set(edge.from, [edge]);
      this.made.push(edge);
      return;
    }
    const ends = this.byEnd.get(edge.from);
    const candidates = ends?.get(edge.to);
    if (ends === undefined) {
      for (let index = 0; index < leaving.length; index++) if (this.replacedAt(leaving, index, edge)) return;
    } else if (candidates) {
      for (const index of candidates) if (this.replacedAt(leaving, index, edge)) return;
    }
    leaving.push(edge);
    this.made.push(edge);
    if (ends === undefined) {
      if (leaving.length > MOST_EDGES_COMPARED) this.byEnd.set(edge.from, positionsByEnd(leaving));
    } else if (candidates) candidates.push(leaving.length - 1);
    else ends.set(edge.to, [leaving.length - 1]);
  }

  /**
   * Whether the edge at the position of the start's list has the same ends, kind and path: the new edge then takes its
   * place, but for one that holds only when a choice is made so (`Edge.when`), which one holding in any case keeps out,
   * and which is kept beside one holding when another choice is made; and for one whose maker may not be created, which
   * one made in any case keeps out (two membership resources writing one group at `groups.0`).
   */
  private replacedAt(leaving: Edge[], index: number, edge: Edge): boolean {
    const earlier = leaving[index]!;
    if (earlier.to !== edge.to || earlier.kind !== edge.kind || !samePath(earlier.via, edge.via)) return false;
    if (edge.when !== undefined && earlier.when !== undefined && edge.when !== earlier.when) return false;
    if ((edge.when === undefined || earlier.when !== undefined) && (!this.mayNotBeMade.has(edge.holder ?? edge.from) || this.mayNotBeMade.has(earlier.holder ?? earlier.from))) {
      leaving[index] = edge;
      const first = this.firstOf.get(earlier) ?? earlier;
      this.takenBy.set(first, edge);
      this.firstOf.set(edge, first);
    }
    return true;
  }
}

/** The positions of the edges in the list by their end. */
function positionsByEnd(edges: readonly Edge[]): Map<string, number[]> {
  const byEnd = new Map<string, number[]>();
  for (let position = 0; position < edges.length; position++) listAt(byEnd, edges[position]!.to).push(position);
  return byEnd;
}

/** Paths written alike (`0` and `"0"` too, as they read in a message). */
function samePath(a: Path, b: Path): boolean {
  return a === b || (a.length === b.length && a.every((step, index) => String(step) === String(b[index])));
}

const PRINCIPAL_KINDS_BY_TYPE = new Map<string, Array<{ kind: PrincipalKind; nameAttribute: string; prefixAttribute?: string }>>();
for (const [kind, { type, nameAttribute, prefixAttribute }] of Object.entries(PRINCIPALS) as Array<[PrincipalKind, (typeof PRINCIPALS)[PrincipalKind]]>) {
  PRINCIPAL_KINDS_BY_TYPE.set(type, [...(PRINCIPAL_KINDS_BY_TYPE.get(type) ?? []), { kind, nameAttribute, ...(prefixAttribute ? { prefixAttribute } : {}) }]);
}

/**
 * The names a principal's name not known may be (`iamNamesPattern`); of one a conditional not decided chooses
 * (`var.prod ? "bob" : "${var.team}-bob"`), those of its choices not written out: one that is (`bob`) is that name when
 * it is chosen, and only then (`Targets.chosenNamed`), another principal's otherwise.
 */
function notWrittenNamesPattern(name: Value | undefined): RegExp | undefined {
  if (!(name instanceof Unresolved && name.choices)) return iamNamesPattern(name);
  const patterns = name.choices.flatMap(({ value }) => (typeof value === 'string' && !hasMarker(value) ? [] : (iamNamesPattern(value)?.source ?? [])));
  return patterns.length === 0 ? undefined : new RegExp(patterns.map((source) => `(?:${source})`).join('|'), 'i');
}

/** Resources by name, one or several (`SameNamed`). */
type ByName = Map<string, Resource | SameNamed<Resource>>;

interface NameIndex {
  /** The principals named by text known when Terraform plans (`"ml"`, `"${data.aws_caller_identity.current.account_id}-ml"`). */
  byName: Map<PrincipalKind, ByName>;
  /** The same by name key (`iamNameKey`). */
  byKey: Map<PrincipalKind, ByName>;
  /**
   * The names of principals written with values not known (`"${var.env}-ml"`), by kind, as patterns of the names they
   * may be (`textPattern`, or a name the provider makes: `generatedName`).
   */
  notKnown: Map<PrincipalKind, RegExp[]>;
  /** The principals named by values not known, by the expression naming them (in its module instance). */
  byExpression: PrincipalsByExpression;
  /** The principals whose name a conditional not decided chooses (`var.prod ? "bob" : "bob-dev"`), by kind, with its choices. */
  chosen: Map<PrincipalKind, Array<{ principal: Resource; choices: readonly Choice[] }>>;
}

/** Finds the resource a value names: a reference marker to an identifying attribute, or a literal name or ARN. */
class Targets {
  /** Resources by the payload a reference to them carries (`refMarker` escapes some characters of the address). */
  private readonly byReference = new LargeMap<Resource>();
  /** The resources that others can name. */
  private readonly principals: Resource[] = [];
  /**
   * Resources by kind, then by name (lookups by a literal name build no key), and the names not known. Read from
   * `principals` on the first lookup by name: values that refer to resources by reference never need it.
   */
  private names?: NameIndex;

  /** The `aws_iam_role` data sources, by the payload a reference to them carries: each reads a role by its name. */
  private readonly roleReads = new LargeMap<RoleRead>();

  constructor(resources: readonly Resource[], roleReads: readonly RoleRead[]) {
    for (const read of roleReads) this.roleReads.set(markerPayload(read.address), read);
    for (let index = 0; index < resources.length; index++) {
      const resource = resources[index]!;
      if (!PRINCIPAL_KINDS_BY_TYPE.has(resource.type) || isDataSource(resource.address)) continue;
      this.byReference.set(markerPayload(resource.address), resource);
      this.principals.push(resource);
    }
  }

  /**
   * The principal of a kind with a name: of several with the name (one module called per account), the one deployed by
   * the provider configuration of the resource that names it, where one is: IAM resolves the name in that configuration's
   * account (`Resource.accountScope`), even where the configuration writes it as a reference to a namesake of another.
   * Else the one a reference from its module instance means (`SameNamed.nearest`).
   */
  private named(kind: PrincipalKind, name: string, from: Pick<Resource, 'address' | 'accountScope'>, exactCase: boolean, accept: (principal: Resource) => boolean): Resource | undefined {
    const scope = from.accountScope;
    const inScope = scope === undefined ? undefined : this.namedAccepted(kind, name, from, exactCase, (principal) => principal.accountScope === scope && accept(principal));
    return inScope ?? this.namedAccepted(kind, name, from, exactCase, accept);
  }

  /** `named` among the principals `accept` takes. */
  private namedAccepted(kind: PrincipalKind, name: string, from: Pick<Resource, 'address'>, exactCase: boolean, accept: (principal: Resource) => boolean): Resource | undefined {
    const { byName, byKey } = this.nameIndex();
    // A name IAM is given is the principal's whatever its case (`iamNameKey`): of those named alike but for the case, the
    // one a reference from the module means; of several there (which one account cannot hold), the one written so.
    const anyCase = exactCase ? undefined : nearest(byKey.get(kind)?.get(iamNameKey(name)), from, accept);
    return anyCase ?? nearest(byName.get(kind)?.get(name), from, accept);
  }

  /**
   * Whether a declared principal of the kind whose name is not known (`"${var.env}-ml"`, a variable without a value)
   * may have the name, in any case: a principal named so is then not known to be one the configuration does not declare.
   */
  mayBeNamed(kind: Exclude<PrincipalKind, 'managedPolicy'>, name: string): boolean {
    return (this.nameIndex().notKnown.get(kind) ?? []).some((pattern) => pattern.test(name));
  }

  /**
   * The declared principals of the kind that a name not known (`value`: a variable without a value, `"${var.env}-ml"`),
   * or a literal name no declared principal is written with, given to IAM by `from` may be: those that may be of its account (`mayBeInAccountOf`, whatever the configuration making
   * either) whose name, known or not, may be the value (`mayBeNameOf`).
   */
  mayBeNamedBy(kind: Exclude<PrincipalKind, 'managedPolicy'>, value: Value, from: Resource): Resource[] {
    const literal = typeof value === 'string' && !hasMarker(value) ? value : undefined;
    if (literal === undefined && !iamNamesPattern(value)) return [];
    return this.principals.filter((principal) =>
      PRINCIPAL_KINDS_BY_TYPE.get(principal.type)!.some(({ kind: principalKind, nameAttribute }) => {
        // IAM is global: a configuration of another region, or any signing in to the same account, names the same users.
        if (principalKind !== kind || !mayBeInAccountOf(from.account, principal)) return false;
        // A literal name is the principal's written so (`find`) or chosen so (`chosenNamed`), or one written with pieces
        // not known that may be it: not one the provider generates (`name_prefix`), which the configuration cannot know.
        if (literal !== undefined) return literalMayBeNameOf(literal, prop(principal.properties, nameAttribute));
        return mayBeNameOf(value, prop(principal.properties, nameAttribute));
      }),
    );
  }

  /**
   * The declared principals of the kind whose name a conditional not decided chooses (`var.prod ? "bob" : "bob-dev"`)
   * that a literal name given to IAM by `from` is, in any case (`iamNameKey`), each with when (`chosenTargets`): when a
   * choice of that name is made, with one of `when` where that is given.
   */
  chosenNamed(kind: Exclude<PrincipalKind, 'managedPolicy'>, name: string, from: Resource, when: Choices | undefined): Map<Resource, Choices | undefined> {
    const chosen = new Map<Resource, Choices | undefined>();
    const key = iamNameKey(name);
    for (const { principal, choices } of this.nameIndex().chosen.get(kind) ?? []) {
      if (!mayNameInAccountOf(name, from, principal)) continue;
      for (const outer of when ?? [undefined]) {
        for (const [found, foundWhen] of chosenTargets(choices, outer, (choice) => (typeof choice === 'string' && iamNameKey(choice) === key ? principal : undefined))) {
          chosen.set(found, foundWhen && [...(chosen.get(found) ?? []), ...foundWhen]);
        }
      }
    }
    return chosen;
  }

  /** `names`, read when first asked. */
  private nameIndex(): NameIndex {
    if (!this.names) {
      this.names = { byName: new Map(), byKey: new Map(), notKnown: new Map(), byExpression: new PrincipalsByExpression(), chosen: new Map() };
      for (const resource of this.principals) {
        for (const { kind: resourceKind, nameAttribute, prefixAttribute } of PRINCIPAL_KINDS_BY_TYPE.get(resource.type)!) {
          const resourceName = prop(resource.properties, nameAttribute);
          const generated = prefixAttribute === undefined ? undefined : generatedName(resourceName, prop(resource.properties, prefixAttribute));
          const pattern = generated ?? notWrittenNamesPattern(resourceName);
          if (pattern) listAt(this.names.notKnown, resourceKind).push(pattern);
          if (isNameNotKnown(resourceName)) this.names.byExpression.add(resourceKind, resource, [nameAttribute]);
          if (resourceName instanceof Unresolved && resourceName.choices) listAt(this.names.chosen, resourceKind).push({ principal: resource, choices: resourceName.choices });
          if (typeof resourceName !== 'string' || resourceName === '' || hasUnresolvedPiece(resourceName)) continue;
          addNamed(this.names.byName, resourceKind, resourceName, resource);
          addNamed(this.names.byKey, resourceKind, iamNameKey(resourceName), resource);
        }
      }
    }
    return this.names;
  }

  /**
   * `from`: the resource whose value it is, at `path`. `takesArn`: the attribute takes the principal's ARN, not its name
   * (`role_arn`): only a reference to its `arn` or an ARN names it there (a reference to its `name` or `id`, or a name,
   * is refused), as CloudFormation's `Targets.find` reads such a property. Else it takes a role's, user's or group's
   * name (an attachment's `role`, an instance profile's `role`), which a reference to its `arn` is not.
   */
  find(value: Value | undefined, kind: PrincipalKind, from: Resource, path: Path, takesArn = false): Resource | undefined {
    if (value instanceof Unresolved) return this.sameExpression(kind, from, path, takesArn);
    if (typeof value !== 'string') return undefined;
    if (refusedWhereNameTaken(value, kind, takesArn)) return undefined;
    const { type, arnResource } = PRINCIPALS[kind];
    const named = iamNameOf(value, arnResource);
    if (named === undefined) return undefined;
    const payload = loneReferencePayload(named);
    if (payload !== undefined) {
      const split = payload.lastIndexOf('.');
      const resource = split < 0 ? undefined : this.byReference.get(payload.slice(0, split));
      // Written in an ARN (`role/${aws_iam_role.x.name}`), the reference must be the name (not the ARN, nor IAM's
      // `unique_id`), and the name is the principal's only at its path. Alone where an ARN is needed, it must be the ARN;
      // where a name is needed, the name (`name`, `id`): IAM refuses the ARN there, and the policy is never attached.
      const insideArn = named !== value;
      // A plan without its `.tf` does not show whether the reference is written alone or inside an ARN: where an ARN is
      // needed, a reference to the name may then be written inside one, the only way the value is taken.
      const attribute = payload.slice(split + 1);
      const identifies = identifiesPrincipal(kind, attribute, insideArn, takesArn) || (takesArn && !insideArn && identifiesPrincipal(kind, attribute, true) && from.builtFromReference?.(path) === true);
      if (resource) return resource.type === type && identifies && mayNameInPathOf(value, arnResource, prop(resource.properties, 'path')) ? resource : undefined;
      const read = split < 0 || kind !== 'role' ? undefined : this.roleReads.get(payload.slice(0, split));
      if (read) return identifies ? this.readRole(read) : undefined;
    }
    // A name (a reference to a role's `name` among them) where an ARN is needed names no principal: the apply fails.
    if (takesArn && !value.startsWith('arn:')) return undefined;
    if (hasUnresolvedPiece(named)) return this.sameExpression(kind, from, path, takesArn);
    // A name is IAM's to resolve, in any case (`iamNameKey`); an ARN is matched as written. A name built from the
    // owner's symbols and references is one value wherever it is written (in one account: `named` takes the nearest).
    // Of those named alike in one module (a provider configuration per account), the one in the account (and at the
    // path) it names.
    const mayName = (principal: Resource) => mayNameInAccountOf(value, from, principal) && mayNameInPathOf(value, arnResource, prop(principal.properties, 'path'));
    const principal = this.named(kind, named, from, value.startsWith('arn:'), mayName);
    if (principal) return mayName(principal) ? principal : undefined;
    // Built from a reference known only after apply (`"${aws_iam_group.team.unique_id}-bob"`): a plan beside its `.tf`
    // knows the name of a principal written so only as not known, and names it by the same expression.
    const same = hasMarker(named) ? this.sameExpression(kind, from, path, takesArn) : undefined;
    return same && mayName(same) ? same : undefined;
  }

  /**
   * Whether the value at `path` of `from` is a reference alone to a principal of the kind that the configuration
   * declares: where `find` does not take it as naming that principal (`role = aws_iam_role.r.arn` where IAM takes the
   * name, `aws_iam_role.r.unique_id`), IAM refuses the value, which names no principal made elsewhere either (nor does
   * an ARN written around one: `attachedIamName`). Not a reference to its ARN that a plan without its `.tf` may show
   * for a value built from it (`builtFromReference`): `basename(aws_iam_role.r.arn)` is the role's name, and which
   * principal the value names is not known.
   */
  refersToDeclared(value: Value, kind: PrincipalKind, from: Resource, path: Path): boolean {
    const payload = typeof value === 'string' ? loneReferencePayload(value) : undefined;
    const split = payload === undefined ? -1 : payload.lastIndexOf('.');
    if (split < 0 || this.byReference.get(payload!.slice(0, split))?.type !== PRINCIPALS[kind].type) return false;
    return !(identifiesPrincipal(kind, payload!.slice(split + 1), false, true) && from.builtFromReference?.(path) === true);
  }

  /**
   * The role of this configuration a `data "aws_iam_role"` reads (for an attribute naming it, `identifiesPrincipal`):
   * the one with the name it is given, in its account (`find` of that name from the data source).
   */
  private readRole(read: RoleRead): Resource | undefined {
    const name = prop(read.properties, 'name');
    if (typeof name !== 'string' || name === '' || hasUnresolvedPiece(name)) return undefined;
    const mayName = (principal: Resource) => mayNameInAccountOf(name, read, principal);
    const principal = this.named('role', name, read, false, mayName);
    return principal && mayName(principal) ? principal : undefined;
  }

  /**
   * The principal whose name is not known that a value not known names (`PrincipalsByExpression.find`): a variable has
   * one value in its module instance.
   */
  private sameExpression(kind: PrincipalKind, from: Resource, path: Path, takesArn = false): Resource | undefined {
    return this.nameIndex().byExpression.find(kind, PRINCIPALS[kind].arnResource, from, path, takesArn);
  }
}

/**
 * The names the provider may make for a resource not given a name (`name` not written, or in a plan known after apply
 * with `name_prefix` known): its `name_prefix` (`terraform-` when none is written) followed by the 26 hexadecimal
 * digits of `id.PrefixedUniqueId` (a timestamp and a counter). A name equal to the prefix is never one of them; a
 * reference to the role (`aws_iam_role.x.name`) is the role whatever its name. Undefined for a resource given a name.
 */
function generatedName(name: Value | undefined, prefix: Value | undefined): RegExp | undefined {
  const unnamed = name === undefined || name === null;
  if (!unnamed && !(name instanceof Unresolved && typeof prefix === 'string')) return undefined;
  const start = prefix === undefined || prefix === null || prefix === '' ? 'terraform-' : prefix;
  if (typeof start !== 'string' && !(start instanceof Unresolved)) return undefined;
  return new RegExp(`^${textPattern(start)}[0-9a-f]{26}$`, 'i');
}

/** The resource, or of those named alike the one a reference from `from`'s module instance means (`SameNamed.nearest`). */
function nearest(named: Resource | SameNamed<Resource> | undefined, from: Pick<Resource, 'address'>, accept?: (principal: Resource) => boolean): Resource | undefined {
  return named instanceof SameNamed ? named.nearest(modulePrefix(from.address), accept) : named;
}

/** Adds a resource of a kind under a name, with those named alike. */
function addNamed(index: Map<PrincipalKind, ByName>, kind: PrincipalKind, name: string, resource: Resource): void {
  let byName = index.get(kind);
  if (!byName) index.set(kind, (byName = new Map()));
  const known = byName.get(name);
  if (known === undefined) byName.set(name, resource);
  else if (known instanceof SameNamed) known.add(modulePrefix(resource.address), resource);
  else {
    const same = new SameNamed<Resource>();
    same.add(modulePrefix(known.address), known);
    same.add(modulePrefix(resource.address), resource);
    byName.set(name, same);
  }
}



/**
 * A `data "aws_iam_role"` instance (a plan's data source resource, or one of a `.tf` configuration): its address, the
 * name it reads the role by, and the account (and provider configuration) it reads it in.
 */
export type RoleRead = Pick<Resource, 'address' | 'properties' | 'account' | 'accountScope'>;

/** `data.aws_iam_role.x`, also inside modules (`module.a["k"].data.aws_iam_role.x`). */
export function isDataSource(address: string): boolean {
  return address.includes('data.') && address.slice(modulePrefix(address).length).startsWith('data.');
}


/**
 * Calls `visit` with each value at an attribute spec of the resource such as `default_user_settings.*.execution_role`
 * (no steps: the whole value), its path and the object holding it. With `*`, the path is read during the call only: it
 * changes afterwards (`keptPath`).
 */
function forEachValueAt<T>(pieces: GraphPieces, resource: Resource, spec: Spec, visit: ValueVisitor<T>, reading: T): void {
  const properties = resource.properties;
  if (!spec.wildcard) {
    // One value at most: found by a loop, with the spec's steps as its path.
    const { steps } = spec;
    let parent: Value | undefined;
    let value: Value | undefined = properties;
    for (let depth = 0; depth < steps.length && value !== undefined; depth++) {
      parent = value;
      value = prop(value, steps[depth]!);
    }
    if (value !== undefined) visit(pieces, resource, reading, value, steps, parent);
    return;
  }
  // The list positions are written into a copy of the steps.
  visitValues(pieces, resource, visit, reading, properties, undefined, spec.steps, 0, [...spec.steps]);
}

function visitValues<T>(pieces: GraphPieces, resource: Resource, visit: ValueVisitor<T>, reading: T, value: Value, parent: Value | undefined, steps: readonly string[], depth: number, path: Array<string | number>): void {
  if (depth === steps.length) {
    visit(pieces, resource, reading, value, path, parent);
    return;
  }
  const step = steps[depth]!;
  if (step === '*') {
    if (!Array.isArray(value)) {
      // A list attribute one of several lists a conditional not decided chooses between: their entries, at the list;
      // one a condition known only after apply chooses: the entries each holds, at the list, whichever it is.
      if (depth < steps.length - 1 || !(value instanceof Unresolved)) return;
      if (value.choices) visit(pieces, resource, reading, listEntryChoices(value), path.slice(0, depth), parent);
      else if (value.entries) for (const entry of value.entries) visit(pieces, resource, reading, entry, path.slice(0, depth), parent);
      return;
    }
    for (let index = 0; index < value.length; index++) {
      path[depth] = index;
      visitValues(pieces, resource, visit, reading, value[index]!, value, steps, depth + 1, path);
    }
    return;
  }
  const child = prop(value, step);
  if (child !== undefined) visitValues(pieces, resource, visit, reading, child, value, steps, depth + 1, path);
}
