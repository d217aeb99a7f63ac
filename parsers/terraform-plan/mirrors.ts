/**
 * A role's `inline_policy` and `managed_policy_arns` as the AWS provider reads them back. When the configuration does
 * not set them, the provider fills them from AWS with every inline policy and attached managed policy the role has,
 * those that `aws_iam_role_policy` and attachment resources manage included. A plan shows that copy as it was before
 * the plan (the role itself unchanged) while the resources that manage those policies change or go: read as the role's
 * own, the copy would report an inline policy the plan fixes or deletes, an attachment it removes, and every finding of
 * the others twice. An element that a policy or attachment resource of the plan or its state manages is read from that
 * resource only.
 */
import { isObject, type Value, type ValueObject } from '../../src/model/index.js';
import { ATTACHMENTS } from '../terraform/resources.js';
import { SameNamed } from '../terraform/same-named.js';
import { asRecord } from './configuration.js';

/** How a resource type names a role's inline policy or attached managed policy: the policy's attribute, the role's. */
interface Managing {
  /** `name` for an inline policy resource (it is the policy), else the attribute holding the managed policy's ARN. */
  policy: string;
  inline: boolean;
  /** The attribute naming the role, and whether it lists several. */
  role: string;
  roleList: boolean;
}

const MANAGING = new Map<string, Managing[]>();
for (const { type, policy, principals } of ATTACHMENTS) {
  for (const { spec, kind } of principals) {
    if (kind !== 'role') continue;
    const [role, rest] = spec.split('.');
    const managing: Managing = { policy: policy === 'self' ? 'name' : policy, inline: policy === 'self', role: role!, roleList: rest === '*' };
    MANAGING.set(type, [...(MANAGING.get(type) ?? []), managing]);
  }
}

export class PolicyMirrors {
  /** By role name: the policies other resources manage for a role of that name, with where each resource is. */
  private readonly managers = new Map<string, Manager[]>();
  /** Each role of the plan, with where it is, as read: indexed by name (`rolesNamed`) only when a resource names a role. */
  private readonly roleList: NamedPlace[] = [];
  /** By role name: where each role of the plan with that name is (IAM names are unique per account only). */
  private roles?: Map<string, NamedPlace[]>;
  /** By role name, worked out on the first ask: what is managed for the role at each place (`placeKey`). */
  private readonly managed = new Map<string, Map<string, { inline: Set<string>; attached: Set<string> }>>();

  /** Whether resources of the type manage a role's inline or attached policies. */
  reads(type: string): boolean {
    return MANAGING.has(type);
  }

  /**
   * Reads a role of the plan, or a resource of the plan or its state that manages a role's policies (planned, deployed,
   * or being deleted; not one the plan forgets, whose policy stays on the role), with its values as Terraform writes
   * them, the module instance it is in (`module.a["k"].`) and the key of its provider configuration.
   */
  add(type: string, values: Value | undefined, module: string, provider: string | undefined): void {
    if (!isObject(values)) return;
    if (type === 'aws_iam_role') {
      if (typeof values.name !== 'string') return;
      const role = { name: values.name, module, provider };
      this.roleList.push(role);
      if (this.roles) append(this.roles, role.name, role);
      return;
    }
    for (const { policy, inline, role, roleList } of MANAGING.get(type) ?? []) {
      const policyName = values[policy];
      if (typeof policyName !== 'string') continue;
      const roles = roleList ? (Array.isArray(values[role]) ? (values[role] as Value[]) : []) : [values[role]];
      for (const roleName of roles) if (typeof roleName === 'string') append(this.managers, roleName, { policy: policyName, inline, module, provider });
    }
  }

  /**
   * Writes null over the elements of a role's values that another resource manages, in place, but in an attribute the
   * role's configuration sets (`configured`): then the role manages those policies itself. Positions are kept:
   * findings on the other elements are located by them.
   */
  clear(values: ValueObject, module: string, provider: string | undefined, configured: (attribute: string) => boolean): void {
    const name = values.name;
    // Most roles have nothing managed for them by name: no resource names them literally.
    if (typeof name !== 'string' || !this.managers.has(name)) return;
    const managed = this.managedFor(name).get(placeKey({ module, provider }));
    if (!managed) return;
    if (!configured('inline_policy') && Array.isArray(values.inline_policy)) {
      const elements = values.inline_policy;
      for (let index = 0; index < elements.length; index++) {
        const policyName = asRecord(elements[index]).name;
        if (typeof policyName === 'string' && managed.inline.has(policyName)) elements[index] = null;
      }
    }
    if (!configured('managed_policy_arns') && Array.isArray(values.managed_policy_arns)) {
      const arns = values.managed_policy_arns;
      for (let index = 0; index < arns.length; index++) {
        const arn = arns[index];
        if (typeof arn === 'string' && managed.attached.has(arn)) arns[index] = null;
      }
    }
  }

  /**
   * What each role of a name has managed by other resources. A resource manages the role its name means: of the roles
   * in its own module instance, the one of its provider configuration (another is another account's); with none there,
   * the only one of the name, else the only one below it (`SameNamed`, as the graph reads the name); else none.
   */
  private managedFor(name: string): Map<string, { inline: Set<string>; attached: Set<string> }> {
    let byPlace = this.managed.get(name);
    if (byPlace) return byPlace;
    byPlace = new Map();
    this.managed.set(name, byPlace);
    const roles = this.rolesNamed(name);
    const byModule = new Map<string, Place[]>();
    for (const role of roles) append(byModule, role.module, role);
    let below: SameNamed<Place> | undefined;
    for (const { policy, inline, module, provider } of this.managers.get(name) ?? []) {
      let target: Place | undefined;
      const inModule = byModule.get(module);
      if (inModule) {
        const ofProvider = provider === undefined ? inModule : inModule.filter((role) => role.provider === undefined || role.provider === provider);
        target = ofProvider.length === 1 ? ofProvider[0] : undefined;
      } else if (roles.length === 1) target = roles[0];
      else {
        if (!below) {
          below = new SameNamed();
          for (const role of roles) below.add(role.module, role);
        }
        target = below.nearest(module);
      }
      if (!target) continue;
      const key = placeKey(target);
      let policies = byPlace.get(key);
      if (!policies) byPlace.set(key, (policies = { inline: new Set(), attached: new Set() }));
      (inline ? policies.inline : policies.attached).add(policy);
    }
    return byPlace;
  }

  /**
   * The roles of the name: indexed on the first ask, which a plan where no resource names a role literally (all in the
   * names a reference leaves open) never makes.
   */
  private rolesNamed(name: string): readonly NamedPlace[] {
    if (!this.roles) {
      this.roles = new Map();
      for (const role of this.roleList) append(this.roles, role.name, role);
    }
    return this.roles.get(name) ?? [];
  }
}

/** Where a resource is: its module instance and its provider configuration's key, when the plan says. */
interface Place {
  module: string;
  provider: string | undefined;
}

interface NamedPlace extends Place {
  name: string;
}

function placeKey({ module, provider }: Place): string {
  return `${module}\u0000${provider ?? ''}`;
}

/** A policy a resource manages for a role, and where that resource is. */
interface Manager extends Place {
  policy: string;
  inline: boolean;
}

function append<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}
