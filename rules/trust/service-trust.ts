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
  // Roles stamped out of one module share their trust policy text, and then its statements (see NormalizedTexts):
  // the probes' verdict is computed once per statements and service.
  const verdicts = new Map<readonly Statement[], Map<string, ForeignVerdict | undefined>>();
  for (const { role, doc } of trustPolicies(graph)) {
    const seen = new Set<string>();
    const known = verdicts.get(doc.statements) ?? new Map<string, ForeignVerdict | undefined>();
    verdicts.set(doc.statements, known);
    for (const { principal, name } of trustedServices(doc)) {
      if (seen.has(principal.toLowerCase())) continue;
      seen.add(principal.toLowerCase());
      const info = serviceInfo(context, name);
      if (!info || !(info.sendsSourceArn || info.sendsSourceAccount)) continue;
      const service = { ...info, principal };
      if (!known.has(principal)) known.set(principal, foreignVerdict(doc, service));
      const verdict = known.get(principal);
      if (!verdict) continue;
      const probe = verdict.probe;
      const denies = verdict.denies.map((index) => doc.statements[index]!);
      // Every Allow statement naming the service that lets the foreign request in is a finding of its own.
      for (const statement of verdict.allowing.map((index) => doc.statements[index]!)) {
        const entry = statement.principal?.Service.find((item) => typeof item.value === 'string' && item.value.toLowerCase() === principal.toLowerCase());
        if (!entry) continue;
        found.push({ role, doc, service, statement, entry, probe, sourceConditions: [statement, ...denies].flatMap((item) => conditionsOn(item, SOURCE_KEYS)) });
      }
    }
  }
  cache.set(graph, { context, found });
  return found;
}

/** A foreign request the policy lets in: the probe, the Allow statements admitting it and the Denies that fail to stop it, by position. */
interface ForeignVerdict {
  probe: Probe;
  allowing: number[];
  denies: number[];
}

function foreignVerdict(doc: PolicyDocument, service: ServiceInfo): ForeignVerdict | undefined {
  const verdict = anyAllowed(doc, foreignServiceProbes(doc, service));
  if (verdict.allowed !== true || !verdict.probe || !verdict.decision) return undefined;
  const probe = verdict.probe;
  const positions = (statements: Statement[]) => statements.map((statement) => doc.statements.indexOf(statement));
  // The Denies aimed at the service that fail to stop the foreign request.
  const denies = doc.statements.filter((item) => item.effect === 'Deny' && principalApplies(item, probe.caller) !== false && actionApplies(item) !== false);
  return { probe, allowing: positions(verdict.decision.allowing), denies: positions(denies) };
}
