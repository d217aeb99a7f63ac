import { normalizePolicy, type NormalizedTexts } from '../iam/normalize.js';
import type { Path } from '../model/location.js';
import type { PolicyDocument } from '../model/policy.js';
import type { DuplicateKey, Edge, ManagedPolicyArn, ParsedWorld, Resource, ResourceKind, UnknownMembership, UnmatchedMember, UnmatchedPrincipal } from '../model/resource.js';
import { PRINCIPAL_NOUNS } from '../model/resource.js';
import { LargeMap } from '../model/large-map.js';
import { listAt } from '../model/maps.js';
import { bothWhens, valueAtPath, type Value } from '../model/value.js';

/**
 * What a way a policy reaches a principal by holds only with (`ResourceGraph.unsurePoliciesOf`): a resource that may
 * not be created, or an edge that holds only when a choice is made so.
 */
export type Doubt = Resource | Edge;

/** A policy document with the resource holding it. */
export interface HeldPolicy {
  holder: Resource;
  doc: PolicyDocument;
}

/** The members of a group one membership lists whole (`ResourceGraph.exclusiveMembersOf`). */
export interface ExclusiveMembers {
  readonly users: readonly Resource[];
  readonly names: readonly string[];
}

/** Resources by address, typed edges between them, and the policy documents they hold (normalised once). */
export class ResourceGraph {
  private readonly byAddress = new LargeMap<Resource>();
  private readonly byKind = new Map<ResourceKind, Resource[]>();
  /**
   * Edges by the address they leave and the one they reach, in their order, each indexed on the first ask for it (those
   * leaving given by the parser where it has them so: `ParsedWorld.edgesByStart`).
   */
  private outgoing?: LargeMap<Edge[]>;
  private incoming?: LargeMap<Edge[]>;
  /**
   * The edges of each kind rules ask for by the address they reach: a kind few edges are (a policy used as a permissions
   * boundary, among thousands of attachments) is indexed without the others.
   */
  private readonly incomingOfKind = new Map<Edge['kind'], LargeMap<Edge[]>>();
  private documents?: PolicyDocument[];
  private held?: HeldPolicy[];
  private trustByRole?: Map<string, PolicyDocument>;
  private identityByPrincipal?: Map<string, PolicyDocument[]>;
  private managedByPrincipal?: Map<string, ManagedPolicyArn[]>;
  private chosenAttachments?: Map<string, Map<string, string[]>>;
  /**
   * Whether some resource may not be created (`Resource.createdNotKnown`) or some edge holds only when a choice is made
   * so (`Edge.choices`), once asked; then the identity documents by their holder's address.
   */
  private mayNotHold?: boolean;
  private identityByHolder?: Map<string, PolicyDocument[]>;
  private unmatchedByPolicy?: Map<string, UnmatchedPrincipal[]>;
  private unknownByUser?: Map<string, UnknownMembership[]>;

  // Loops over every resource or document run once per graph, mostly before they are optimised: indexed, as `for
  // of` there allocates a step result per element.
  constructor(
    private readonly world: ParsedWorld,
    /**
     * Policies read from JSON text, by the text: another graph of the same plan (the world as deployed) gives its own,
     * as most of its policy texts are the planned ones again.
     */
    readonly texts: NormalizedTexts = new Map(),
  ) {
    const resources = world.resources;
    for (let index = 0; index < resources.length; index++) {
      const resource = resources[index]!;
      this.byAddress.set(resource.address, resource);
      // Grouped here, where each resource is read anyway: a later pass over tens of thousands costs more than the pushes.
      listAt(this.byKind, resource.kind).push(resource);
    }
  }

  resources(): Resource[] {
    return this.world.resources;
  }

  /** The resources of a kind, in the order of `resources()`. */
  resourcesOfKind(kind: ResourceKind): readonly Resource[] {
    return this.byKind.get(kind) ?? NO_RESOURCES;
  }

  /** How many distinct addresses the resources have. */
  get addressCount(): number {
    return this.byAddress.size;
  }

  resource(address: string): Resource | undefined {
    return this.byAddress.get(address);
  }

  edgesFrom(address: string, kind?: Edge['kind']): readonly Edge[] {
    return edgesOfKind(this.edgesLeaving(address), kind);
  }

  edgesTo(address: string, kind?: Edge['kind']): readonly Edge[] {
    if (!kind) return this.edgesReaching(address) ?? NO_EDGES;
    let reaching = this.incomingOfKind.get(kind);
    if (!reaching) this.incomingOfKind.set(kind, (reaching = indexEdges(this.world.edges, 'to', kind)));
    return reaching.get(address) ?? NO_EDGES;
  }

  /** Every policy document in the graph, normalised. */
  policies(): PolicyDocument[] {
    if (!this.documents) this.readPolicies();
    return this.documents!;
  }

  /** `policies()`, each with the resource holding it: rules ask for both, and looking the holders up again costs. */
  heldPolicies(): readonly HeldPolicy[] {
    if (!this.held) this.readPolicies();
    return this.held!;
  }

  private readPolicies(): void {
    const texts = this.texts;
    const documents: PolicyDocument[] = [];
    const held: HeldPolicy[] = [];
    const refs = this.world.policies;
    for (let index = 0; index < refs.length; index++) {
      const ref = refs[index]!;
      const holder = ref.holder;
      const doc = normalizePolicy(valueAt(holder.properties, ref.path), ref, holder, texts);
      documents.push(doc);
      held.push({ holder, doc });
    }
    this.documents = documents;
    this.held = held;
  }

  /** The role's first trust policy in the order of `policies()`; indexed in one pass, as rules ask per role. */
  trustPolicyOf(role: string): PolicyDocument | undefined {
    if (!this.trustByRole) {
      this.trustByRole = new Map();
      const documents = this.policies();
      for (let index = 0; index < documents.length; index++) {
        const doc = documents[index]!;
        if (doc.kind === 'trust' && !this.trustByRole.has(doc.resource)) this.trustByRole.set(doc.resource, doc);
      }
    }
    return this.trustByRole.get(role);
  }

  /**
   * Identity policies that reach a role/user/group: its inline policies and the policy resources attached to it, and
   * for a user, after those, the policies that reach the groups it is a member of.
   */
  identityPoliciesOf(principal: string): readonly PolicyDocument[] {
    return this.identityPoliciesByPrincipal().get(principal) ?? [];
  }

  /**
   * Identity policies by the resource they reach (their holder unless it is a policy resource, and the principals
   * they are attached to), in the order of `policies()`: one pass over the documents, where asking per principal
   * would sort each one's list.
   */
  private identityPoliciesByPrincipal(): Map<string, PolicyDocument[]> {
    if (!this.identityByPrincipal) {
      this.identityByPrincipal = new Map();
      const held = this.heldPolicies();
      for (let index = 0; index < held.length; index++) {
        const { holder, doc } = held[index]!;
        if (doc.kind !== 'identity') continue;
        // A policy resource is no principal: its document reaches only those it is attached to. A permission set's reaches
        // the roles Identity Center makes from it in other accounts, which no input declares.
        if (PRINCIPAL_NOUNS[holder.kind] !== undefined) this.addReachedPolicy(doc.resource, doc);
        const edges = this.edgesLeaving(doc.resource) ?? NO_EDGES;
        for (let position = 0; position < edges.length; position++) if (edges[position]!.kind === 'attached-policy') this.addReachedPolicy(edges[position]!.to, doc);
      }
      // Groups hold no groups: their lists are complete before members take from them.
      for (const edge of this.world.edges) {
        if (edge.kind !== 'member-of') continue;
        for (const doc of this.identityByPrincipal.get(edge.to) ?? NO_DOCUMENTS) if (!this.identityByPrincipal.get(edge.from)?.includes(doc)) this.addReachedPolicy(edge.from, doc);
      }
    }
    return this.identityByPrincipal;
  }

  private edgesLeaving(address: string): readonly Edge[] | undefined {
    return (this.outgoing ??= this.world.edgesByStart ?? indexEdges(this.world.edges, 'from')).get(address);
  }

  private edgesReaching(address: string): readonly Edge[] | undefined {
    return (this.incoming ??= indexEdges(this.world.edges, 'to')).get(address);
  }

  private addReachedPolicy(principal: string, doc: PolicyDocument): void {
    const docs = this.identityByPrincipal!.get(principal);
    // A policy attached twice (or to its own holder) reaches the principal once.
    if (!docs) this.identityByPrincipal!.set(principal, [doc]);
    else if (docs[docs.length - 1] !== doc) docs.push(doc);
  }

  /**
   * When the policy `holder` holds reaches the principal: undefined where it does in any case (its own inline policy, or
   * one attachment at least, or for a user one group it is a member of that the policy reaches, holds whichever a
   * conditional chooses), else each way's `Edge.when` (through a group, the group's with the membership's), one or another.
   */
  attachedWhen(holder: string, principal: string): string | undefined {
    if (holder === principal) return undefined;
    return (this.chosenAttachments ??= chosenAttachments(this.world.edges, (group) => this.edgesReaching(group) ?? NO_EDGES)).get(holder)?.get(principal)?.join(' or ');
  }

  /**
   * The identity policies of the principal (`identityPoliciesOf`) that reach it only through resources that may not be
   * created (`Resource.createdNotKnown`: the policy resource, the attachment, the membership or the group) or edges that
   * hold only when a choice is made so (`Edge.choices`: the attachment, the membership), each with the ways it reaches
   * it, each way those doubts: it reaches the principal where every resource of one way is created and every edge of it
   * holds. Empty where each reaches it in any case (every policy of a plan or a template: only a Terraform configuration
   * leaves a count or a choice not known).
   */
  unsurePoliciesOf(principal: string): ReadonlyMap<PolicyDocument, ReadonlyArray<readonly Doubt[]>> {
    if (!(this.mayNotHold ??= this.world.resources.some((resource) => resource.createdNotKnown !== undefined) || this.world.edges.some((edge) => edge.choices !== undefined))) return NO_UNSURE;
    if (!this.identityByHolder) {
      this.identityByHolder = new Map();
      for (const doc of this.policies()) if (doc.kind === 'identity') listAt(this.identityByHolder, doc.resource).push(doc);
    }
    const byHolder = this.identityByHolder;
    const sure = new Set<PolicyDocument>();
    const unsure = new Map<PolicyDocument, Doubt[][]>();
    // The steps of a way: the addresses of the resources it passes, and its edges.
    const way = (holder: string, through: ReadonlyArray<string | Edge | undefined>): void => {
      const doubts = [...new Set(through)].flatMap((step): Doubt[] => {
        if (typeof step !== 'string') return step?.choices === undefined ? [] : [step];
        const resource = this.byAddress.get(step);
        return resource?.createdNotKnown === undefined ? [] : [resource];
      });
      for (const doc of byHolder.get(holder) ?? NO_DOCUMENTS) {
        if (doubts.length === 0) sure.add(doc);
        else listAt(unsure, doc).push(doubts);
      }
    };
    // As `identityPoliciesByPrincipal` reaches them: the principal's own documents, those attached to it, and a group's.
    const reached = (target: string, through: ReadonlyArray<string | Edge | undefined>): void => {
      const resource = this.byAddress.get(target);
      if (resource && PRINCIPAL_NOUNS[resource.kind] !== undefined) way(target, through);
      for (const edge of this.edgesReaching(target) ?? NO_EDGES) if (edge.kind === 'attached-policy') way(edge.from, [...through, edge.from, edge.holder, edge]);
    };
    reached(principal, []);
    for (const edge of this.edgesLeaving(principal) ?? NO_EDGES) if (edge.kind === 'member-of') reached(edge.to, [edge.holder, edge.to, edge]);
    for (const doc of sure) unsure.delete(doc);
    return unsure.size === 0 ? NO_UNSURE : unsure;
  }

  /**
   * The memberships whose members are not known that may put the user in a group (`UnknownMembership`), one for each
   * membership resource and group, but for a group a `member-of` edge puts it in already in any case (not one of a
   * resource that may not be created, or that holds only when a choice is made so), whose policies reach it so.
   * Unlike `unsurePoliciesOf`, what they may bring is in no `identityPoliciesOf` list: only a Deny of their groups may
   * be there, and may protect, where the membership names the user.
   */
  unknownMembershipsOf(user: string): readonly UnknownMembership[] {
    if (!this.unknownByUser) {
      this.unknownByUser = new Map();
      for (const membership of this.world.unknownMemberships ?? []) {
        for (const address of new Set(membership.users)) {
          const known = listAt(this.unknownByUser, address);
          if (!known.some((other) => other.holder === membership.holder && other.group === membership.group)) known.push(membership);
        }
      }
    }
    const memberships = this.unknownByUser.get(user);
    if (!memberships) return NO_UNKNOWN_MEMBERSHIPS;
    // Only a membership that holds in any case: one that may not (a count not known, a choice) leaves the group's Deny to the other.
    const groups = new Set(this.edgesFrom(user, 'member-of').flatMap((edge) => (edge.choices === undefined && (edge.holder === undefined || this.resource(edge.holder)?.createdNotKnown === undefined) ? [edge.to] : [])));
    return memberships.every((membership) => !groups.has(membership.group)) ? memberships : memberships.filter((membership) => !groups.has(membership.group));
  }

  /**
   * The members of a group where one membership says all of them (`ExclusiveMembership`): the users its `member-of`
   * edges put in, each in any case, and the names it lists that no user of the input has. Undefined where that is not
   * known: no such membership, or another one names the group too (two exclusive lists, or one that adds users, which
   * Terraform's exclusive membership conflicts with), by users the input declares, by other names or by values not
   * known, or a name listed may be a declared user's whose own name is not known (`UnknownMembership`).
   */
  exclusiveMembersOf(group: string): ExclusiveMembers | undefined {
    if (!this.exclusiveMembers.has(group)) this.exclusiveMembers.set(group, this.readExclusiveMembers(group));
    return this.exclusiveMembers.get(group);
  }

  /** `exclusiveMembersOf` each group asked about: asked for each policy reaching the group. */
  private readonly exclusiveMembers = new Map<string, ExclusiveMembers | undefined>();

  private readExclusiveMembers(group: string): ExclusiveMembers | undefined {
    const exclusive = (this.world.exclusiveMemberships ?? []).filter((membership) => membership.group === group);
    if (exclusive.length !== 1) return undefined;
    const { holder, names } = exclusive[0]!;
    const edges = this.edgesTo(group, 'member-of');
    if (edges.some((edge) => edge.holder !== holder || edge.choices !== undefined)) return undefined;
    if ((this.world.unknownMemberships ?? []).some((membership) => membership.group === group)) return undefined;
    if (this.unmatchedMembers().some((member) => member.group === group && !('name' in member && names.includes(member.name)))) return undefined;
    const users = edges.flatMap((edge) => {
      const member = this.byAddress.get(edge.from);
      return member?.kind === 'iam-user' ? [member] : [];
    });
    return { users, names };
  }

  /** Resources that use a role. */
  usersOfRole(role: string): Array<{ user: Resource; edge: Edge }> {
    return this.edgesTo(role, 'uses-role').flatMap((edge) => {
      const user = this.byAddress.get(edge.from);
      return user ? [{ user, edge }] : [];
    });
  }

  managedPolicyArnsOf(principal: string): readonly ManagedPolicyArn[] {
    if (!this.managedByPrincipal) {
      this.managedByPrincipal = new Map();
      for (const entry of this.world.managedPolicyArns) listAt(this.managedByPrincipal, entry.principal).push(entry);
    }
    return this.managedByPrincipal.get(principal) ?? NO_MANAGED_POLICY_ARNS;
  }

  /** The roles, users and groups the policy held by the resource is attached to that no resource of the input is found to be. */
  unmatchedPrincipalsOf(policy: string): readonly UnmatchedPrincipal[] {
    if (!this.unmatchedByPolicy) {
      this.unmatchedByPolicy = new Map();
      for (const entry of this.world.unmatchedPrincipals ?? []) listAt(this.unmatchedByPolicy, entry.policy).push(entry);
    }
    return this.unmatchedByPolicy.get(policy) ?? NO_UNMATCHED_PRINCIPALS;
  }

  /** Users the input puts in its groups by a name no user of it is found to have. */
  unmatchedMembers(): readonly UnmatchedMember[] {
    return this.world.unmatchedMembers ?? [];
  }

  duplicateKeys(address: string): DuplicateKey[] {
    return this.world.duplicateKeys(address);
  }
}

const NO_EDGES: readonly Edge[] = [];
const NO_RESOURCES: readonly Resource[] = [];
const NO_DOCUMENTS: readonly PolicyDocument[] = [];
const NO_UNSURE: ReadonlyMap<PolicyDocument, ReadonlyArray<readonly Doubt[]>> = new Map();
const NO_UNKNOWN_MEMBERSHIPS: readonly UnknownMembership[] = [];
const NO_MANAGED_POLICY_ARNS: readonly ManagedPolicyArn[] = [];
const NO_UNMATCHED_PRINCIPALS: readonly UnmatchedPrincipal[] = [];

/** The edges of the kind; the list itself when all are (rules ask per policy and principal: no copy for each). */
function edgesOfKind(edges: readonly Edge[] | undefined, kind?: Edge['kind']): readonly Edge[] {
  if (!edges) return NO_EDGES;
  if (!kind || edges.every((edge) => edge.kind === kind)) return edges;
  return edges.filter((edge) => edge.kind === kind);
}

/**
 * The whens of the attachments that hold only when a choice is made so, by policy holder and principal, where no
 * attachment of the holder to the principal holds in any case: one pass over the edges where none says when (a
 * policy attached to thousands of roles is not searched per role). A user reaches what reaches its groups (the group
 * itself, its inline policies' holder, and the policies attached to it, `edgesTo` the group): through a membership or
 * an attachment to the group that says when, only when both hold.
 */
function chosenAttachments(edges: readonly Edge[], edgesTo: (group: string) => readonly Edge[]): Map<string, Map<string, string[]>> {
  const chosen = new Map<string, Map<string, string[]>>();
  const add = (holder: string, principal: string, when: string): void => {
    let byPrincipal = chosen.get(holder);
    if (!byPrincipal) chosen.set(holder, (byPrincipal = new Map()));
    const whens = listAt(byPrincipal, principal);
    if (!whens.includes(when)) whens.push(when);
  };
  let chosenMembers = false;
  for (const edge of edges) {
    if (edge.when === undefined) continue;
    if (edge.kind === 'attached-policy') add(edge.from, edge.to, edge.when);
    else if (edge.kind === 'member-of') chosenMembers = true;
  }
  if (chosen.size === 0 && !chosenMembers) return chosen;
  // A user reaches the group's holder and each policy attached to the group; the ways that hold in any case are
  // gathered in the same pass and drop their pair's whens once every when is added.
  const always: Array<[holder: string, user: string]> = [];
  const reach = (holder: string, user: string, when: string | undefined): void => {
    if (when === undefined) always.push([holder, user]);
    else add(holder, user, when);
  };
  for (const edge of edges) {
    if (edge.kind !== 'member-of') continue;
    reach(edge.to, edge.from, edge.when);
    for (const attachment of edgesTo(edge.to)) if (attachment.kind === 'attached-policy') reach(attachment.from, edge.from, bothWhens(attachment.when, edge.when));
  }
  for (const edge of edges) if (edge.kind === 'attached-policy' && edge.when === undefined) chosen.get(edge.from)?.delete(edge.to);
  for (const [holder, user] of always) chosen.get(holder)?.delete(user);
  return chosen;
}

/** The edges (those of the kind, where one is given) by the address at one end, in their order. */
function indexEdges(edges: readonly Edge[], end: 'from' | 'to', kind?: Edge['kind']): LargeMap<Edge[]> {
  const index = new LargeMap<Edge[]>();
  for (let position = 0; position < edges.length; position++) {
    const edge = edges[position]!;
    if (kind === undefined || edge.kind === kind) listAt(index, edge[end]).push(edge);
  }
  return index;
}

/** Reads a resolved value at a resource path (paths start with 'Properties', which is the properties object itself). */
export function valueAt(properties: Value, path: Path): Value | undefined {
  return valueAtPath(properties, path, path[0] === 'Properties' ? 1 : 0);
}
