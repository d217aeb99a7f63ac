import type { ResourceGraph } from '../src/graph/graph.js';
import { PRINCIPAL_TYPES, type ConditionEntry, type PolicyDocument, type PolicyValue, type Statement } from '../src/model/policy.js';
import type { Resource } from '../src/model/resource.js';
import type { RuleContext } from '../src/model/rule.js';
import { displayString, displayValue } from '../src/model/value.js';
import type { ServiceInfo } from '../src/iam/trust.js';

/**
 * Each rule walks the policies with their holders, the trust rules only the roles' trust policies: both are picked
 * in one pass per graph (large plans hold tens of thousands).
 */
const heldPolicies = new WeakMap<ResourceGraph, HeldPolicies>();

interface HeldPolicies {
  all: ReadonlyArray<{ holder: Resource; doc: PolicyDocument }>;
  trust: ReadonlyArray<{ role: Resource; doc: PolicyDocument }>;
}

const memos = new WeakMap<ResourceGraph, WeakMap<RuleContext, Map<string, WeakMap<object, unknown>>>>();

/**
 * Computes once per graph and rule context what depends only on `key`: documents read from one policy text (a module
 * stamped out many times) share their statements (see normalize.ts), so a rule checks those once and reports on
 * every document that holds them. `scope` keeps apart what different rules compute from the same key.
 */
export function memoized<T>(graph: ResourceGraph, context: RuleContext, scope: string, key: object, compute: () => T): T {
  let byContext = memos.get(graph);
  if (!byContext) memos.set(graph, (byContext = new WeakMap()));
  let byScope = byContext.get(context);
  if (!byScope) byContext.set(context, (byScope = new Map()));
  let byKey = byScope.get(scope);
  if (!byKey) byScope.set(scope, (byKey = new WeakMap()));
  const known = byKey.get(key);
  if (known !== undefined || byKey.has(key)) return known as T;
  const value = compute();
  byKey.set(key, value);
  return value;
}

/** Trust policies of roles, with the role. */
export function trustPolicies(graph: ResourceGraph): ReadonlyArray<{ role: Resource; doc: PolicyDocument }> {
  return policiesWithHolders(graph).trust;
}

/** Every policy document with the resource holding it. */
export function allPolicies(graph: ResourceGraph): Array<{ holder: Resource; doc: PolicyDocument }> {
  return [...policiesWithHolders(graph).all];
}

function policiesWithHolders(graph: ResourceGraph): HeldPolicies {
  let held = heldPolicies.get(graph);
  if (!held) {
    const all: Array<{ holder: Resource; doc: PolicyDocument }> = [];
    const trust: Array<{ role: Resource; doc: PolicyDocument }> = [];
    for (const doc of graph.policies()) {
      const holder = graph.resource(doc.resource);
      if (!holder) continue;
      all.push({ holder, doc });
      if (doc.kind === 'trust') trust.push({ role: holder, doc });
    }
    heldPolicies.set(graph, (held = { all, trust }));
  }
  return held;
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

/** The logical id of a CloudFormation resource; a Terraform resource's full address, which tells instances of one module apart. */
export function nameOf(resource: Resource): string {
  return resource.format === 'cloudformation' ? resource.name : resource.address;
}
