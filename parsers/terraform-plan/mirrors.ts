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
  /**
   * By role name: the inline policies (by name) and managed policies (by ARN) that other resources manage, each with
   * the module instance of the resource that manages it.
   */
  private readonly inline = new Map<string, Managed[]>();
  private readonly attached = new Map<string, Managed[]>();
  /** How many roles of the plan have each name: IAM names are unique per account only. */
  private readonly roleNames = new Map<string, number>();

  /** Whether resources of the type manage a role's inline or attached policies. */
  reads(type: string): boolean {
    return MANAGING.has(type);
  }

  /**
   * Reads a resource of the plan or its state (planned, deployed, or being deleted; not one the plan forgets, whose
   * policy stays on the role) with its values as Terraform writes them, and the module instance it is in.
   */
  add(type: string, values: Value | undefined, module: string): void {
    if (!isObject(values)) return;
    if (type === 'aws_iam_role') {
      if (typeof values.name === 'string') this.roleNames.set(values.name, (this.roleNames.get(values.name) ?? 0) + 1);
      return;
    }
    for (const { policy, inline, role, roleList } of MANAGING.get(type) ?? []) {
      const policyName = values[policy];
      if (typeof policyName !== 'string') continue;
      const roles = roleList ? (Array.isArray(values[role]) ? (values[role] as Value[]) : []) : [values[role]];
      for (const roleName of roles) {
        if (typeof roleName !== 'string') continue;
        const byRole = inline ? this.inline : this.attached;
        const managed = byRole.get(roleName);
        if (managed) managed.push({ policy: policyName, module });
        else byRole.set(roleName, [{ policy: policyName, module }]);
      }
    }
  }

  /**
   * Writes null over the elements of a role's values that another resource manages, in place, but in an attribute the
   * configuration sets (`configured`): then the role manages those policies itself. Where several roles have the name,
   * only what a resource of the role's own module instance manages. Positions are kept: findings on the other elements
   * are located by them.
   */
  clear(values: ValueObject, module: string, configured: (attribute: string) => boolean): void {
    const name = values.name;
    if (typeof name !== 'string') return;
    const shared = (this.roleNames.get(name) ?? 0) > 1;
    const managedHere = (managed: Managed[] | undefined): Set<string> | undefined =>
      managed && new Set(managed.filter((entry) => !shared || entry.module === module).map((entry) => entry.policy));
    const inline = configured('inline_policy') ? undefined : managedHere(this.inline.get(name));
    if (inline && Array.isArray(values.inline_policy)) {
      const elements = values.inline_policy;
      for (let index = 0; index < elements.length; index++) {
        const policyName = asRecord(elements[index]).name;
        if (typeof policyName === 'string' && inline.has(policyName)) elements[index] = null;
      }
    }
    const attached = configured('managed_policy_arns') ? undefined : managedHere(this.attached.get(name));
    if (attached && Array.isArray(values.managed_policy_arns)) {
      const arns = values.managed_policy_arns;
      for (let index = 0; index < arns.length; index++) {
        const arn = arns[index];
        if (typeof arn === 'string' && attached.has(arn)) arns[index] = null;
      }
    }
  }
}

/** A policy another resource manages for a role, and the module instance of that resource. */
interface Managed {
  policy: string;
  module: string;
}
