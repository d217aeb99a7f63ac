import type { ResourceGraph } from '../src/graph/graph.js';
import { PRINCIPAL_TYPES, type ConditionEntry, type PolicyDocument, type PolicyValue, type Statement } from '../src/model/policy.js';
import type { Resource } from '../src/model/resource.js';
import type { RuleContext, RuleReport } from '../src/model/rule.js';
import { displayString, displayValue } from '../src/model/value.js';
import type { ServiceInfo } from '../src/iam/trust.js';

/** Trust policies of roles, with the role. */
export function trustPolicies(graph: ResourceGraph): Array<{ role: Resource; doc: PolicyDocument }> {
  return graph.policies().flatMap((doc) => {
    const role = graph.resource(doc.resource);
    return doc.kind === 'trust' && role ? [{ role, doc }] : [];
  });
}

/** Every policy document with the resource holding it. */
export function allPolicies(graph: ResourceGraph): Array<{ holder: Resource; doc: PolicyDocument }> {
  return graph.policies().flatMap((doc) => {
    const holder = graph.resource(doc.resource);
    return holder ? [{ holder, doc }] : [];
  });
}

export function serviceInfo(context: RuleContext, principal: string): ServiceInfo | undefined {
  const entry = context.services.servicePrincipal(principal);
  if (!entry) return undefined;
  return {
    principal: principal.toLowerCase(),
    arnService: entry.arnService,
    sendsSourceArn: entry.sendsSourceArn,
    sendsSourceAccount: entry.sendsSourceAccount,
  };
}

export function conditionsOn(statement: Statement, keys: readonly string[]): ConditionEntry[] {
  return statement.conditions.filter((condition) => keys.includes(condition.key.toLowerCase()));
}

export function policyLabel(doc: PolicyDocument, holder: Resource): string {
  if (doc.kind === 'trust') return `the trust policy of ${holder.name}`;
  return doc.name ? `policy ${displayString(doc.name)} of ${holder.name}` : `the policy of ${holder.name}`;
}

export function show(value: PolicyValue['value']): string {
  return displayValue(value);
}

/** Every string element of a policy, with the field it sits in. */
export function policyStrings(doc: PolicyDocument): Array<{ entry: PolicyValue; field: string; statement: Statement; condition?: ConditionEntry }> {
  const found: Array<{ entry: PolicyValue; field: string; statement: Statement; condition?: ConditionEntry }> = [];
  for (const statement of doc.statements) {
    for (const [field, set] of [['Principal', statement.principal], ['NotPrincipal', statement.notPrincipal]] as const) {
      if (!set) continue;
      for (const type of PRINCIPAL_TYPES) for (const entry of set[type]) found.push({ entry, field: `${field}.${type}`, statement });
    }
    for (const field of ['action', 'notAction', 'resource', 'notResource'] as const) {
      for (const entry of statement[field] ?? []) found.push({ entry, field, statement });
    }
    for (const condition of statement.conditions) {
      for (const entry of condition.values) found.push({ entry, field: `Condition ${condition.operator} ${condition.key}`, statement, condition });
    }
  }
  return found;
}
