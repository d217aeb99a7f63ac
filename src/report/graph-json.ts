import type { GraphSummary, RoleSummary } from '../graph/summary.js';
import { compareText } from '../model/order.js';

/**
 * `deputy graph --format json`, version 1. Keys always appear in this order and optional data is never left out
 * (`conditions` is `[]` without a Condition block, `address` and `file` are `null` but for policy resources), so the output
 * of the same input is byte-for-byte the same; roles are ordered by file, line, address and input.
 */
export interface GraphJson {
  format: 'deputy-graph';
  version: 1;
  roles: Array<{
    /** `<file>#<logical id>` (CloudFormation) or the Terraform address. */
    address: string;
    name: string;
    /** Where the role is declared. */
    file: string;
    line: number;
    /** The file read: `file`, but for a Terraform plan read with its folder, whose roles are declared in its `.tf` files. */
    input: string;
    /** Who may assume the role: `type` is `AWS`, `Service`, `Federated`, `CanonicalUser` or `*` (anyone, or anyone but the `NotPrincipal`s named in `value`). */
    principals: Array<{ type: string; value: string; conditions: string[] }>;
    /** `inline` (written in the role), `resource` (a policy resource attached to it, with its `address` and the `file` declaring it), `managed` (an ARN, in `name`). */
    policies: Array<{ kind: 'inline' | 'resource' | 'managed'; name: string; address: string | null; file: string | null }>;
    /** SageMaker resources that use the role. */
    users: Array<{ address: string; type: string; name: string; file: string; line: number; input: string }>;
  }>;
}

export function graphJson(graph: GraphSummary): GraphJson {
  return {
    format: 'deputy-graph',
    version: 1,
    roles: [...graph.roles].sort(compareRoles).map((role) => ({
      address: role.address,
      name: role.name,
      file: role.file,
      line: role.line,
      input: role.input,
      principals: role.principals.map((principal) => ({ type: principal.type, value: principal.value, conditions: principal.conditions ?? [] })),
      policies: role.policies.map((policy) => ({ kind: policy.kind, name: policy.name, address: policy.address ?? null, file: policy.file ?? null })),
      users: role.users.map((user) => ({ address: user.address, type: user.type, name: user.name, file: user.file, line: user.line, input: user.input })),
    })),
  };
}

export function renderGraphJson(graph: GraphSummary): string {
  return JSON.stringify(graphJson(graph), null, 2) + '\n';
}

export function compareRoles(left: RoleSummary, right: RoleSummary): number {
  return compareText(left.file, right.file) || left.line - right.line || compareText(left.address, right.address) || compareText(left.input, right.input);
}
