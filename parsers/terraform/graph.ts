/**
 * The graph pieces of Terraform resources (from HCL or a plan): policy documents, roles used by resources, policy
 * attachments and AWS managed policy ARNs. Values that refer to another resource hold `refMarker(address, attribute)`.
 */
import { hasMarker, loneMarker, markerPayload, prop, tokenize, type Edge, type ManagedPolicyArn, type Path, type PolicyRef, type Resource, type Value } from '../../src/model/index.js';
import { iamNameOf } from '../../src/model/arn.js';
import { ATTACHMENTS, IDENTIFYING_ATTRIBUTES, POLICY_ATTRIBUTES, PRINCIPALS, ROLE_ATTRIBUTES, type PrincipalKind } from './resources.js';

export function terraformGraphPieces(resources: readonly Resource[]): { edges: Edge[]; policies: PolicyRef[]; managedPolicyArns: ManagedPolicyArn[] } {
  const pieces = new GraphPieces(new Targets(resources));
  // A data source reads what exists already: it declares no policy, attachment or role use of this configuration.
  for (let index = 0; index < resources.length; index++) if (!isDataSource(resources[index]!.address)) pieces.add(resources[index]!);
  return { edges: pieces.edges.list, policies: pieces.policies, managedPolicyArns: pieces.managedPolicyArns };
}

class GraphPieces {
  readonly edges = new Edges();
  readonly policies: PolicyRef[] = [];
  readonly managedPolicyArns: ManagedPolicyArn[] = [];

  constructor(private readonly targets: Targets) {}

  add(resource: Resource): void {
    this.addPolicies(resource);
    for (const attachment of ATTACHMENTS_BY_TYPE.get(resource.type) ?? NONE) {
      if (attachment.policy === 'self') this.attachPolicy(resource, attachment, null, NO_PATH);
      else forEachValueAt(resource.properties, attachment.policy, (value, path) => this.attachPolicy(resource, attachment, value, path));
    }
    this.addRoleUses(resource);
  }

  private addPolicies({ address, type, properties }: Resource): void {
    for (const { spec, kind, nameAttribute } of POLICY_ATTRIBUTES[type] ?? NONE) {
      forEachValueAt(properties, spec, (value, path, parent) => {
        if (value === null || value === '') return;
        const name = nameAttribute === undefined ? undefined : prop(parent, nameAttribute);
        this.policies.push({ resource: address, path: [...path], kind, ...(typeof name === 'string' && !hasMarker(name) ? { name } : {}) });
      });
    }
  }

  /** Attaches the policy that `policyValue` names (the resource itself for a `self` attachment) to the principals the attachment names. */
  private attachPolicy(resource: Resource, attachment: Attachment, policyValue: Value, policyPath: Path): void {
    const policy = attachment.policy === 'self' ? resource : this.targets.find(policyValue, 'managedPolicy');
    for (const principalSpec of attachment.principals) {
      const { kind } = principalSpec;
      if (kind === 'self') this.attach(resource, policy, policyValue, policyPath, resource, policyPath, false);
      else forEachValueAt(resource.properties, principalSpec.spec, (value, path) => this.attach(resource, policy, policyValue, policyPath, this.targets.find(value, kind), path, true));
    }
  }

  /** `via` is the attribute of the resource that makes the attachment (the attachment, or the role's managed_policy_arns entry). */
  private attach(resource: Resource, policy: Resource | undefined, policyValue: Value, policyPath: Path, principal: Resource | undefined, via: Path, held: boolean): void {
    if (!principal) return;
    if (policy) this.edges.add({ from: policy.address, to: principal.address, kind: 'attached-policy', via: [...via] });
    else if (typeof policyValue === 'string' && policyValue !== '' && isKnownText(policyValue)) {
      this.managedPolicyArns.push({ principal: principal.address, arn: policyValue, via: [...policyPath], ...(held ? { holder: resource.address } : {}) });
    }
  }

  private addRoleUses({ address, type, properties }: Resource): void {
    for (const spec of ROLE_ATTRIBUTES[type] ?? NONE) {
      forEachValueAt(properties, spec, (value, path) => {
        const role = this.targets.find(value, 'role');
        if (role) this.edges.add({ from: address, to: role.address, kind: 'uses-role', via: [...path] });
      });
    }
  }
}

const NONE: readonly never[] = [];
const NO_PATH: Path = [];

/** Edges in the order first made; an edge with the same ends, kind and path as an earlier one takes its place. */
class Edges {
  readonly list: Edge[] = [];
  /** Positions in `list` by the edge's `from` and `to`. */
  private readonly positions = new Map<string, Map<string, number[]>>();

  add(edge: Edge): void {
    let byTarget = this.positions.get(edge.from);
    if (!byTarget) this.positions.set(edge.from, (byTarget = new Map()));
    let positions = byTarget.get(edge.to);
    if (!positions) byTarget.set(edge.to, (positions = []));
    for (const position of positions) {
      const known = this.list[position]!;
      if (known.kind === edge.kind && samePath(known.via, edge.via)) {
        this.list[position] = edge;
        return;
      }
    }
    positions.push(this.list.length);
    this.list.push(edge);
  }
}

/** Paths written alike (`0` and `"0"` too, as they read in a message). */
function samePath(a: Path, b: Path): boolean {
  return a.length === b.length && a.every((step, index) => String(step) === String(b[index]));
}

const PRINCIPAL_KINDS_BY_TYPE = new Map<string, Array<{ kind: PrincipalKind; nameAttribute: string }>>();
for (const [kind, { type, nameAttribute }] of Object.entries(PRINCIPALS) as Array<[PrincipalKind, (typeof PRINCIPALS)[PrincipalKind]]>) {
  PRINCIPAL_KINDS_BY_TYPE.set(type, [...(PRINCIPAL_KINDS_BY_TYPE.get(type) ?? []), { kind, nameAttribute }]);
}
type Attachment = (typeof ATTACHMENTS)[number];
const ATTACHMENTS_BY_TYPE = new Map<string, Attachment[]>();
for (const attachment of ATTACHMENTS) ATTACHMENTS_BY_TYPE.set(attachment.type, [...(ATTACHMENTS_BY_TYPE.get(attachment.type) ?? []), attachment]);

/** Finds the resource a value names: a reference marker to an identifying attribute, or a literal name or ARN. */
class Targets {
  /** Resources by the payload a reference to them carries (`refMarker` escapes some characters of the address). */
  private readonly byReference = new Map<string, Resource>();
  /** Resources by kind, then by name: lookups by a literal name build no key. */
  private readonly byName = new Map<PrincipalKind, Map<string, Resource>>();

  constructor(resources: readonly Resource[]) {
    for (let index = 0; index < resources.length; index++) {
      const resource = resources[index]!;
      const kinds = PRINCIPAL_KINDS_BY_TYPE.get(resource.type);
      if (!kinds || isDataSource(resource.address)) continue;
      this.byReference.set(markerPayload(resource.address), resource);
      for (const { kind, nameAttribute } of kinds) {
        const name = prop(resource.properties, nameAttribute);
        if (typeof name !== 'string' || name === '' || hasMarker(name)) continue;
        let named = this.byName.get(kind);
        if (!named) this.byName.set(kind, (named = new Map()));
        named.set(name, resource);
      }
    }
  }

  find(value: Value | undefined, kind: PrincipalKind): Resource | undefined {
    if (typeof value !== 'string') return undefined;
    const { type, arnResource } = PRINCIPALS[kind];
    const named = iamNameOf(value, arnResource);
    if (named === undefined) return undefined;
    if (!hasMarker(named)) return this.byName.get(kind)?.get(named);
    const token = loneMarker(named);
    if (token?.kind !== 'ref') return undefined;
    const split = token.payload.lastIndexOf('.');
    if (split < 0) return undefined;
    const resource = this.byReference.get(token.payload.slice(0, split));
    return resource?.type === type && IDENTIFYING_ATTRIBUTES[kind].includes(token.payload.slice(split + 1)) ? resource : undefined;
  }
}

/** Literal text, or text built from the owner's account, region and partition (`arn:${data.aws_partition.current.partition}:...`). */
function isKnownText(text: string): boolean {
  return tokenize(text).every((token) => 'literal' in token || token.kind === 'sym');
}

const MODULE_PREFIX = /^(?:module\.[\w-]+(?:\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\])?\.)*/;

/** `data.aws_iam_role.x`, also inside modules (`module.a["k"].data.aws_iam_role.x`). */
function isDataSource(address: string): boolean {
  return address.includes('data.') && address.slice(MODULE_PREFIX.exec(address)![0].length).startsWith('data.');
}

/**
 * Calls `visit` with each value at an attribute spec such as `default_user_settings.*.execution_role` (empty: the
 * whole value), its path and the object holding it. The path is read during the call only: it changes afterwards.
 */
function forEachValueAt(properties: Value, spec: string, visit: (value: Value, path: Path, parent: Value | undefined) => void): void {
  const steps = stepsOf(spec);
  // Without `*`, the path is the spec's steps; with it, the list positions are written into a copy.
  visitValues(properties, undefined, steps, 0, steps.includes('*') ? [...steps] : steps, visit);
}

function visitValues(value: Value, parent: Value | undefined, steps: readonly string[], depth: number, path: Array<string | number> | readonly string[], visit: (value: Value, path: Path, parent: Value | undefined) => void): void {
  if (depth === steps.length) {
    visit(value, path, parent);
    return;
  }
  const step = steps[depth]!;
  if (step === '*') {
    if (!Array.isArray(value)) return;
    for (let index = 0; index < value.length; index++) {
      (path as Array<string | number>)[depth] = index;
      visitValues(value[index]!, value, steps, depth + 1, path, visit);
    }
    return;
  }
  const child = prop(value, step);
  if (child !== undefined) visitValues(child, value, steps, depth + 1, path, visit);
}

const specSteps = new Map<string, readonly string[]>();

function stepsOf(spec: string): readonly string[] {
  let steps = specSteps.get(spec);
  if (!steps) specSteps.set(spec, (steps = spec === '' ? [] : spec.split('.')));
  return steps;
}
