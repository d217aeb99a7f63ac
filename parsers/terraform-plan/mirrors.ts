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
  /** By role name: the policies other resources manage for a role of that name, with the module instance of each. */
  private readonly managers = new Map<string, Manager[]>();
  /** By role name: the module instance of each role of the plan with that name (IAM names are unique per account only). */
  private readonly roles = new Map<string, string[]>();
  /** By role name, worked out on the first ask: what is managed for the role in each module instance. */
  private readonly managed = new Map<string, Map<string, { inline: Set<string>; attached: Set<string> }>>();

  /** Whether resources of the type manage a role's inline or attached policies. */
  reads(type: string): boolean {
    return MANAGING.has(type);
  }

  /**
   * Reads a role of the plan, or a resource of the plan or its state that manages a role's policies (planned, deployed,
   * or being deleted; not one the plan forgets, whose policy stays on the role), with its values as Terraform writes
   * them and the module instance it is in (`module.a["k"].`).
   */
  add(type: string, values: Value | undefined, module: string): void {
    if (!isObject(values)) return;
    if (type === 'aws_iam_role') {
      if (typeof values.name === 'string') append(this.roles, values.name, module);
      return;
    }
    for (const { policy, inline, role, roleList } of MANAGING.get(type) ?? []) {
      const policyName = values[policy];
      if (typeof policyName !== 'string') continue;
      const roles = roleList ? (Array.isArray(values[role]) ? (values[role] as Value[]) : []) : [values[role]];
      for (const roleName of roles) if (typeof roleName === 'string') append(this.managers, roleName, { policy: policyName, inline, module });
    }
  }

  /**
   * Writes null over the elements of a role's values that another resource manages, in place, but in an attribute the
   * role's configuration sets (`configured`): then the role manages those policies itself. A resource manages the
   * policies of the role its name means from its module instance, as the graph reads the name (`SameNamed`). Positions
   * are kept: findings on the other elements are located by them.
   */
  clear(values: ValueObject, module: string, configured: (attribute: string) => boolean): void {
    const name = values.name;
    if (typeof name !== 'string') return;
    const managed = this.managedFor(name).get(module);
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

  private managedFor(name: string): Map<string, { inline: Set<string>; attached: Set<string> }> {
    let byModule = this.managed.get(name);
    if (byModule) return byModule;
    byModule = new Map();
    this.managed.set(name, byModule);
    const roles = this.roles.get(name) ?? [];
    let same: SameNamed<string> | undefined;
    if (roles.length > 1) {
      same = new SameNamed();
      for (const module of roles) same.add(module, module);
    }
    for (const { policy, inline, module } of this.managers.get(name) ?? []) {
      const target = same ? same.nearest(module) : roles[0];
      if (target === undefined) continue;
      let policies = byModule.get(target);
      if (!policies) byModule.set(target, (policies = { inline: new Set(), attached: new Set() }));
      (inline ? policies.inline : policies.attached).add(policy);
    }
    return byModule;
  }
}

/** A policy a resource manages for a role, and the module instance of that resource. */
interface Manager {
  policy: string;
  inline: boolean;
  module: string;
}

function append<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}
