import { normalizePolicy } from '../iam/normalize.js';
import { ifExistsPassesMissingKey, parseOperator } from '../iam/operators.js';
import { actionApplies } from '../iam/trust.js';
import { PRINCIPAL_TYPES, type ConditionEntry, type PolicyDocument, type PrincipalSet, type PrincipalType } from '../model/policy.js';
import type { Edge, ParsedFile, ParsedWorld, PolicyRef, Resource } from '../model/resource.js';
// Named as findings name them: the logical id of a template's resource, the address of a Terraform one (its name in
// its module is every instance's of the module).
import { nameOf } from '../../rules/support.js';
import { displayValue } from '../model/value.js';
import { ResourceGraph, valueAt } from './graph.js';
import { sageMakerUses } from '../iam/sagemaker-uses.js';
import { listAt } from '../model/maps.js';

/**
 * Who may assume a role. `type: '*'` is everyone: `Principal: "*"`, or an Allow with `NotPrincipal`
 * (then `value` names the excluded principals).
 */
export interface TrustPrincipal {
  type: PrincipalType | '*';
  value: string;
  /** The allowing statement has a Condition block (the principal is trusted only under it). */
  conditional: boolean;
  /** That Condition block in a few words, one per key (`SourceAccount pinned`, `sts:ExternalId pinned`); absent without one. */
  conditions?: string[];
}

export interface RolePolicy {
  /** The policy's name, or its ARN for a managed policy attached by ARN. */
  name: string;
  /** `inline`: written in the role; `resource`: a policy resource attached to the role; `managed`: an ARN. */
  kind: 'inline' | 'resource' | 'managed';
  /** Address of the policy resource, for `resource`. */
  address?: string;
  /** File declaring the policy resource, for `resource`: two Terraform roots may each declare one at the same address. */
  file?: string;
  /** The input the policy resource is read from, for `resource` (see `RoleSummary.input`): two plans of one folder each plan their own. */
  input?: string;
}

/** A SageMaker resource that uses a role. */
export interface RoleUser {
  address: string;
  name: string;
  type: string;
  /** Where the resource is declared. */
  file: string;
  line: number;
  /** The input it is read from, as for `RoleSummary`. */
  input: string;
}

export interface RoleSummary {
  address: string;
  name: string;
  /** Where the role is declared. */
  file: string;
  line: number;
  /**
   * The input deputy read it from: the CloudFormation template, the Terraform plan, or the Terraform root module's
   * folder. Roles of two plans of one folder, or of two roots that call one module, are two roles.
   */
  input: string;
  principals: TrustPrincipal[];
  policies: RolePolicy[];
  users: RoleUser[];
}

/** Format-neutral picture of the roles in a scan: who may assume them, what they carry, which SageMaker resources use them. */
export interface GraphSummary {
  roles: RoleSummary[];
}

const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML'];

/** The roles of every world of one input, merged: a principal or user present in any world is shown. */
export function summarizeWorlds({ file, worlds }: Pick<ParsedFile, 'file' | 'worlds'>): GraphSummary {
  return mergeGraphSummaries(worlds.map((world) => summarizeWorld(world, file)));
}

/**
 * Reads the world directly rather than through a ResourceGraph: only trust policies are normalised (identity
 * policies are named, not read), which keeps the summary cheap next to the rules.
 */
export function summarizeWorld(world: ParsedWorld, input: string): GraphSummary {
  const byAddress = new Map(world.resources.map((resource) => [resource.address, resource]));
  const trustRefs = new Map<string, PolicyRef>();
  const identityRefs = new Map<string, PolicyRef[]>();
  for (const ref of world.policies) {
    if (ref.kind === 'trust') trustRefs.set(ref.resource, ref);
    else identityRefs.set(ref.resource, [...(identityRefs.get(ref.resource) ?? []), ref]);
  }
  const edgesTo = new Map<string, Edge[]>();
  for (const edge of world.edges) edgesTo.set(edge.to, [...(edgesTo.get(edge.to) ?? []), edge]);
  const managedArns = new Map<string, string[]>();
  for (const entry of world.managedPolicyArns) managedArns.set(entry.principal, [...(managedArns.get(entry.principal) ?? []), entry.arn]);

  // The roles a pipeline's steps start jobs with are used by the pipeline too (as trust-sagemaker-role-unassumable and
  // sagemaker-execution-role-admin read them), though no property of it is an edge to them.
  const stepUsers = new Map<string, Resource[]>();
  if (world.resources.some((resource) => resource.kind === 'sagemaker' && resource.type.toLowerCase().endsWith('pipeline'))) {
    for (const use of sageMakerUses(new ResourceGraph(world))) listAt(stepUsers, use.role.address).push(use.user);
  }
  const roles = world.resources
    .filter((resource) => resource.kind === 'iam-role')
    .map((role) => {
      const trust = trustRefs.get(role.address);
      const incoming = edgesTo.get(role.address) ?? [];
      const policies: RolePolicy[] = [
        ...(identityRefs.get(role.address) ?? []).map((ref): RolePolicy => ({ name: ref.name ?? 'inline policy', kind: 'inline' })),
        ...incoming
          .filter((edge) => edge.kind === 'attached-policy')
          .map((edge): RolePolicy => {
            const named = (identityRefs.get(edge.from) ?? []).find((ref) => ref.name !== undefined);
            const resource = byAddress.get(edge.from);
            return { name: named?.name ?? (resource ? nameOf(resource) : edge.from), kind: 'resource', address: edge.from, ...(resource ? { file: resource.location.file, input } : {}) };
          }),
        ...(managedArns.get(role.address) ?? []).map((arn): RolePolicy => ({ name: displayValue(arn), kind: 'managed' })),
      ];
      const users = [...incoming.flatMap((edge) => (edge.kind === 'uses-role' ? [byAddress.get(edge.from)] : [])), ...(stepUsers.get(role.address) ?? [])].flatMap((user) =>
        user?.kind === 'sagemaker' ? [{ address: user.address, name: nameOf(user), type: user.type, file: user.location.file, line: user.location.startLine, input }] : [],
      );
      return {
        address: role.address,
        name: nameOf(role),
        file: role.location.file,
        line: role.location.startLine,
        input,
        principals: trust ? trustPrincipals(normalizePolicy(valueAt(role.properties, trust.path), trust, role)) : [],
        policies: unique(policies, policyKey),
        users: unique(users, (user) => user.address),
      };
    });
  return { roles };
}

function trustPrincipals(doc: PolicyDocument): TrustPrincipal[] {
  const principals: TrustPrincipal[] = [];
  for (const statement of doc.statements) {
    if (statement.effect !== 'Allow' || !ASSUME_ACTIONS.some((action) => actionApplies(statement, action) !== false)) continue;
    const conditions = [...new Set(statement.conditions.map(describeCondition))];
    const under = conditions.length > 0 ? { conditional: true, conditions } : { conditional: false };
    if (statement.principal) principals.push(...principalsOf(statement.principal).map((principal) => ({ ...principal, ...under })));
    if (statement.notPrincipal) principals.push({ type: '*', value: notPrincipalLabel(statement.notPrincipal), ...under });
  }
  return unique(principals, principalKey);
}

function principalKey(principal: TrustPrincipal): string {
  return `${principal.type}\u0000${principal.value}\u0000${principal.conditional}\u0000${(principal.conditions ?? []).join('\u0000')}`;
}

function principalsOf(set: PrincipalSet): Array<Pick<TrustPrincipal, 'type' | 'value'>> {
  if (set.any) return [{ type: '*', value: '*' }];
  if (set.unresolved) return [{ type: '*', value: set.unresolved.toString() }];
  return PRINCIPAL_TYPES.flatMap((type) => set[type].map((entry) => ({ type, value: displayValue(entry.value) })));
}

function notPrincipalLabel(set: PrincipalSet): string {
  const excluded = principalsOf(set).map((principal) => principal.value);
  return `anyone except ${excluded.join(', ') || 'nobody'}`;
}

/**
 * One condition entry in a few words: what it does to its key. `aws:` is left off global keys. Equality is
 * `pinned`, a wildcard pattern `matched`, a negated operator `excluded`, `Null` `present`/`absent`.
 */
export function describeCondition(entry: ConditionEntry): string {
  if (entry.unresolved) return 'unresolved condition';
  const key = entry.key.replace(/^aws:/i, '');
  const operator = parseOperator(entry.operator);
  if ('error' in operator) return `${key} (${entry.operator})`;
  const values = entry.values.map((value) => value.value);
  const texts = values.filter((value): value is string => typeof value === 'string');
  let effect: string;
  if (operator.family === 'Null')
    effect = texts.length === values.length && texts.every((text) => text === 'false') ? 'present' : texts.length === values.length && texts.every((text) => text === 'true') ? 'absent' : 'tested for null';
  else if (operator.negated) effect = 'excluded';
  else if (operator.family === 'Bool') effect = `= ${values.map(displayValue).join(' or ')}`;
  else if (/(Less|Greater)Than/.test(operator.base)) effect = 'bounded';
  else if (operator.wildcards && values.some((value) => typeof value !== 'string' || /[*?]/.test(value))) effect = 'matched';
  else effect = 'pinned';
  return `${key} ${effect}${ifExistsPassesMissingKey(operator) ? ' if present' : ''}`;
}

const policyKey = (policy: RolePolicy): string => `${policy.kind}\u0000${policy.input ?? policy.file ?? ''}\u0000${policy.address ?? ''}\u0000${policy.name}`;

/**
 * The file a resource is read from and its address: a Terraform address (and a plan's) names no file, so two roots or
 * plans scanned together may each hold `aws_iam_role.this`; they are different roles.
 */
export const placeKey = (item: { input: string; address: string }): string => `${item.input}\u0000${item.address}`;

/** Merges the summaries of the worlds of one input, and of inputs that read the same role (same input and address). */
export function mergeGraphSummaries(parts: readonly GraphSummary[]): GraphSummary {
  const byAddress = new Map<string, RoleSummary>();
  for (const role of parts.flatMap((part) => part.roles)) {
    const known = byAddress.get(placeKey(role));
    if (!known) {
      byAddress.set(placeKey(role), { ...role, principals: [...role.principals], policies: [...role.policies], users: [...role.users] });
      continue;
    }
    known.principals = unique([...known.principals, ...role.principals], principalKey);
    known.policies = unique([...known.policies, ...role.policies], policyKey);
    known.users = unique([...known.users, ...role.users], placeKey);
  }
  return { roles: [...byAddress.values()] };
}

function unique<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}
