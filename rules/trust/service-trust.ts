import type { ResourceGraph } from '../../src/graph/graph.js';
import { SOURCE_KEYS, actionApplies, anyAllowed, foreignServiceProbes, principalApplies, trustedServices, type Probe, type ServiceInfo } from '../../src/iam/trust.js';
import type { ConditionEntry, PolicyDocument, PolicyValue, Statement } from '../../src/model/policy.js';
import type { Resource } from '../../src/model/resource.js';
import type { RuleContext } from '../../src/model/rule.js';
import { conditionsOn, serviceInfo, trustPolicies } from '../support.js';

/** A service principal that sends confused-deputy context and may assume the role on behalf of another account. */
export interface ForeignServiceAccess {
  role: Resource;
  doc: PolicyDocument;
  service: ServiceInfo;
  /** The Allow statement that admits the foreign request, and the principal entry naming the service there. */
  statement: Statement;
  entry: PolicyValue;
  probe: Probe;
  /** Source-key conditions of the allowing statements, then of the Deny statements aimed at the service. */
  sourceConditions: ConditionEntry[];
}

const cache = new WeakMap<ResourceGraph, { context: RuleContext; found: ForeignServiceAccess[] }>();

/** Shared by trust-service-without-source-condition and trust-source-condition-ineffective (computed once per graph and context). */
export function foreignServiceAccess(graph: ResourceGraph, context: RuleContext): ForeignServiceAccess[] {
  const cached = cache.get(graph);
  if (cached?.context === context) return cached.found;
  const found: ForeignServiceAccess[] = [];
  for (const { role, doc } of trustPolicies(graph)) {
    const seen = new Set<string>();
    for (const { principal, name } of trustedServices(doc)) {
      if (seen.has(principal.toLowerCase())) continue;
      seen.add(principal.toLowerCase());
      const known = serviceInfo(context, name);
      if (!known || !(known.sendsSourceArn || known.sendsSourceAccount)) continue;
      const service = { ...known, principal };
      const verdict = anyAllowed(doc, foreignServiceProbes(doc, service));
      if (verdict.allowed !== true || !verdict.probe || !verdict.decision) continue;
      const probe = verdict.probe;
      // The Denies aimed at the service that fail to stop the foreign request.
      const denies = doc.statements.filter((item) => item.effect === 'Deny' && principalApplies(item, probe.caller) !== false && actionApplies(item) !== false);
      // Every Allow statement naming the service that lets the foreign request in is a finding of its own.
      for (const statement of verdict.decision.allowing) {
        const entry = statement.principal?.Service.find((item) => typeof item.value === 'string' && item.value.toLowerCase() === principal.toLowerCase());
        if (!entry) continue;
        found.push({ role, doc, service, statement, entry, probe, sourceConditions: [statement, ...denies].flatMap((item) => conditionsOn(item, SOURCE_KEYS)) });
      }
    }
  }
  cache.set(graph, { context, found });
  return found;
}
