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
  /** By role name: the inline policies (by name) and managed policies (by ARN) that other resources manage. */
  private readonly inline = new Map<string, Set<string>>();
  private readonly attached = new Map<string, Set<string>>();

  /** Whether resources of the type manage a role's inline or attached policies. */
  reads(type: string): boolean {
    return MANAGING.has(type);
  }

  /** Reads a resource of the plan or its state (planned, deployed, or being deleted) with its values as Terraform writes them. */
  add(type: string, values: Value | undefined): void {
    const managing = MANAGING.get(type);
    if (!managing || !isObject(values)) return;
    for (const { policy, inline, role, roleList } of managing) {
      const policyName = values[policy];
      if (typeof policyName !== 'string') continue;
      const roles = roleList ? (Array.isArray(values[role]) ? (values[role] as Value[]) : []) : [values[role]];
      for (const roleName of roles) {
        if (typeof roleName !== 'string') continue;
        const byRole = inline ? this.inline : this.attached;
        let names = byRole.get(roleName);
        if (!names) byRole.set(roleName, (names = new Set()));
        names.add(policyName);
      }
    }
  }

  /**
   * Writes null over the elements of a role's values that another resource manages, in place. Positions are kept:
   * findings on the other elements are located by them.
   */
  clear(values: ValueObject): void {
    const name = values.name;
    if (typeof name !== 'string') return;
    const inline = this.inline.get(name);
    if (inline && Array.isArray(values.inline_policy)) {
      const elements = values.inline_policy;
      for (let index = 0; index < elements.length; index++) {
        const policyName = asRecord(elements[index]).name;
        if (typeof policyName === 'string' && inline.has(policyName)) elements[index] = null;
      }
    }
    const attached = this.attached.get(name);
    if (attached && Array.isArray(values.managed_policy_arns)) {
      const arns = values.managed_policy_arns;
      for (let index = 0; index < arns.length; index++) {
        const arn = arns[index];
        if (typeof arn === 'string' && attached.has(arn)) arns[index] = null;
      }
    }
  }
}
