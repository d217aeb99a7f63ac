/**
 * The graph pieces of Terraform resources (from HCL or a plan): policy documents, roles used by resources, policy
 * attachments and AWS managed policy ARNs. Values that refer to another resource hold `refMarker(address, attribute)`.
 */
import { hasMarker, prop, refMarker, tokenize, type Edge, type ManagedPolicyArn, type Path, type PolicyRef, type Resource, type Value } from '../../src/model/index.js';
import { ATTACHMENTS, IDENTIFYING_ATTRIBUTES, POLICY_ATTRIBUTES, PRINCIPALS, ROLE_ATTRIBUTES, type PrincipalKind } from './resources.js';

export function terraformGraphPieces(resources: readonly Resource[]): { edges: Edge[]; policies: PolicyRef[]; managedPolicyArns: ManagedPolicyArn[] } {
  const targets = new Targets(resources);
  const edges = new Map<string, Edge>();
  const policies: PolicyRef[] = [];
  const managedPolicyArns: ManagedPolicyArn[] = [];
  const addEdge = (edge: Edge) => edges.set(`${edge.from}\u0000${edge.to}\u0000${edge.kind}\u0000${edge.via.join('\u0000')}`, edge);

  for (const resource of resources) {
    const { address, type, properties } = resource;
    // A data source reads what exists already: it declares no policy, attachment or role use of this configuration.
    if (isDataSource(address)) continue;
    for (const { spec, kind, nameAttribute } of POLICY_ATTRIBUTES[type] ?? []) {
      for (const { value, path, parent } of valuesAt(properties, spec)) {
        if (value === null || value === '') continue;
        const name = nameAttribute === undefined ? undefined : prop(parent, nameAttribute);
        policies.push({ resource: address, path, kind, ...(typeof name === 'string' && !hasMarker(name) ? { name } : {}) });
      }
    }
    for (const attachment of ATTACHMENTS_BY_TYPE.get(type) ?? []) {
      const policyValues = attachment.policy === 'self' ? [{ value: null, path: [] as Path }] : valuesAt(properties, attachment.policy);
      for (const policyValue of policyValues) {
        const policy = attachment.policy === 'self' ? resource : targets.find(policyValue.value, 'managedPolicy');
        for (const principalSpec of attachment.principals) {
          const principals = principalSpec.kind === 'self' ? [{ principal: resource, path: policyValue.path }] : valuesAt(properties, principalSpec.spec).map(({ value, path }) => ({ principal: targets.find(value, principalSpec.kind as Exclude<PrincipalKind, 'managedPolicy'>), path }));
          for (const { principal, path } of principals) {
            if (!principal) continue;
            // `via` is the attribute of the resource that makes the attachment (the attachment, or the role's managed_policy_arns entry).
            if (policy) addEdge({ from: policy.address, to: principal.address, kind: 'attached-policy', via: path });
            else if (typeof policyValue.value === 'string' && policyValue.value !== '' && isKnownText(policyValue.value)) {
              managedPolicyArns.push({ principal: principal.address, arn: policyValue.value, via: policyValue.path, ...(principalSpec.kind === 'self' ? {} : { holder: address }) });
            }
          }
        }
      }
    }
    for (const spec of ROLE_ATTRIBUTES[type] ?? []) {
      for (const { value, path } of valuesAt(properties, spec)) {
        const role = targets.find(value, 'role');
        if (role) addEdge({ from: address, to: role.address, kind: 'uses-role', via: path });
      }
    }
  }
  return { edges: [...edges.values()], policies, managedPolicyArns };
}

const PRINCIPAL_TYPES = new Set(Object.values(PRINCIPALS).map(({ type }) => type));
const ATTACHMENTS_BY_TYPE = new Map<string, Array<(typeof ATTACHMENTS)[number]>>();
for (const attachment of ATTACHMENTS) ATTACHMENTS_BY_TYPE.set(attachment.type, [...(ATTACHMENTS_BY_TYPE.get(attachment.type) ?? []), attachment]);

/** Finds the resource a value names: a reference marker to an identifying attribute, or a literal name or ARN. */
class Targets {
  /** Resources by the payload a reference to them carries (`refMarker` escapes some characters of the address). */
  private readonly byReference = new Map<string, Resource>();
  private readonly byName = new Map<string, Resource>();

  constructor(resources: readonly Resource[]) {
    const principals = resources.filter((resource) => PRINCIPAL_TYPES.has(resource.type) && !isDataSource(resource.address));
    for (const resource of principals) this.byReference.set(referencePayload(resource.address), resource);
    for (const [kind, { type, nameAttribute }] of Object.entries(PRINCIPALS)) {
      for (const resource of principals) {
        const name = prop(resource.properties, nameAttribute);
        if (resource.type === type && typeof name === 'string' && name !== '' && !hasMarker(name)) this.byName.set(`${kind}/${name}`, resource);
      }
    }
  }

  find(value: Value | undefined, kind: PrincipalKind): Resource | undefined {
    if (typeof value !== 'string') return undefined;
    const { type, arnResource } = PRINCIPALS[kind];
    const arnParts = value.split(':');
    const named = arnParts[0] === 'arn' && arnParts.length >= 6 ? arnName(arnParts, arnResource) : value;
    if (named === undefined) return undefined;
    if (!hasMarker(named)) return this.byName.get(`${kind}/${named}`);
    const tokens = tokenize(named);
    const [token] = tokens;
    if (tokens.length !== 1 || !token || !('kind' in token) || token.kind !== 'ref') return undefined;
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
  return address.slice(MODULE_PREFIX.exec(address)![0].length).startsWith('data.');
}

function referencePayload(address: string): string {
  const [token] = tokenize(refMarker(address));
  return token && 'payload' in token ? token.payload : address;
}

/** The name in an IAM ARN (`arn:P:iam::A:role/path/name` → `name`) of that resource type, outside AWS's own account. */
function arnName(parts: string[], arnResource: string): string | undefined {
  const resource = parts.slice(5).join(':');
  if (parts[2] !== 'iam' || parts[4] === 'aws' || !resource.startsWith(`${arnResource}/`)) return undefined;
  return resource.slice(resource.lastIndexOf('/') + 1);
}

/** Values at an attribute spec such as `default_user_settings.*.execution_role` (empty: the whole value), with their paths and the object holding them. */
function valuesAt(properties: Value, spec: string): Array<{ value: Value; path: Path; parent: Value | undefined }> {
  let found: Array<{ value: Value; path: Path; parent: Value | undefined }> = [{ value: properties, path: [], parent: undefined }];
  for (const step of stepsOf(spec)) {
    if (found.length === 0) break;
    found = found.flatMap(({ value, path }) => {
      if (step === '*') return Array.isArray(value) ? value.map((item, index) => ({ value: item, path: [...path, index], parent: value })) : [];
      const child = prop(value, step);
      return child === undefined ? [] : [{ value: child, path: [...path, step], parent: value }];
    });
  }
  return found;
}

const specSteps = new Map<string, readonly string[]>();

function stepsOf(spec: string): readonly string[] {
  let steps = specSteps.get(spec);
  if (!steps) specSteps.set(spec, (steps = spec === '' ? [] : spec.split('.')));
  return steps;
}
