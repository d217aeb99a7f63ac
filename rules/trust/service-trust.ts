import type { ResourceGraph } from '../../src/graph/graph.js';
import { evaluateConditionEntry } from '../../src/iam/conditions.js';
import { parseOperator } from '../../src/iam/operators.js';
import { SOURCE_KEYS, accountBlindConditions, avoidedConditions, actionApplies, foreignServiceAllowed, principalApplies, trustedServices, type Probe, type RoleFacts, type ServiceInfo } from '../../src/iam/trust.js';
import type { ConditionEntry, PolicyDocument, PolicyValue, Statement } from '../../src/model/policy.js';
import type { Tri } from '../../src/model/tri.js';
import type { Resource } from '../../src/model/resource.js';
import type { RequestContext } from '../../src/iam/request.js';
import type { RuleContext } from '../../src/model/rule.js';
import { conditionsOn, policiesWithFindings, roleFacts, serviceInfo, show, trustPolicyGroups } from '../support.js';
import { withProperties } from '../../src/model/objects.js';
import { sortTexts } from '../../src/model/order.js';

/** A service principal that sends confused-deputy context and may assume the role on behalf of another account. */
export interface ForeignServiceAccess extends ForeignAdmission {
  role: Resource;
  doc: PolicyDocument;
}

/** What in a trust policy's statements lets a service in on behalf of another account. */
interface ForeignAdmission {
  service: ServiceInfo;
  /** The Allow statement that admits the foreign request, and the principal entry naming the service there. */
  statement: Statement;
  entry: PolicyValue;
  probe: Probe;
  /** Source-key conditions of the allowing statements, then of the Deny statements aimed at the service. */
  sourceConditions: ConditionEntry[];
  /** Of `sourceConditions`, those of Deny statements. */
  denySourceConditions: ReadonlySet<ConditionEntry>;
  /** Such conditions of the Deny statements with source conditions that fail to stop the request, which it does not meet. */
  blindDenyConditions: ConditionEntry[];
  /**
   * Positive source conditions of Deny statements that name other accounts or resources than the request's: such a
   * Deny refuses what it names and nothing else (a list of refused accounts), so it holds no source condition that
   * applies to the request. Left out of `sourceConditions`.
   */
  namingDenyConditions: ConditionEntry[];
}

const cache = new WeakMap<ResourceGraph, { context: RuleContext; found: ForeignServiceAccess[] }>();

/** Shared by trust-service-without-source-condition and trust-source-condition-ineffective (computed once per graph and context). */
export function foreignServiceAccess(graph: ResourceGraph, context: RuleContext): ForeignServiceAccess[] {
  const cached = cache.get(graph);
  if (cached?.context === context) return cached.found;
  const found = policiesWithFindings(trustPolicyGroups(graph), (policy) => foreignAdmissions(policy.doc, context, roleFacts(policy))).flatMap(
    ({ policy: { role, doc }, found: admissions }): ForeignServiceAccess[] => admissions.map((admission) => ({ role, doc, ...admission })),
  );
  cache.set(graph, { context, found });
  return found;
}

function foreignAdmissions(doc: PolicyDocument, context: RuleContext, role: RoleFacts): ForeignAdmission[] {
  const admissions: ForeignAdmission[] = [];
  const seen = new Set<string>();
  for (const { principal, name } of trustedServices(doc, role.partition)) {
    if (seen.has(principal.toLowerCase())) continue;
    seen.add(principal.toLowerCase());
    const info = serviceInfo(context, name);
    if (!info || !(info.sendsSourceArn || info.sendsSourceAccount)) continue;
    const service = withProperties(info, { principal });
    const verdict = foreignVerdict(doc, service, context.now, role);
    if (!verdict) continue;
    // A Deny that refuses the accounts or resources it names with a positive operator (`StringEquals aws:SourceAccount`
    // of some other account) does not apply to the foreign request for that very reason: it is no source condition
    // of that request, which the Allow lets in as if the Deny were not written.
    const namingDenies = verdict.denies.filter((item) => conditionsOn(item, SOURCE_KEYS).some((condition) => namesOthers(condition, verdict.probe)));
    const namingDenyConditions = namingDenies.flatMap((item) => conditionsOn(item, SOURCE_KEYS).filter((condition) => namesOthers(condition, verdict.probe)));
    const denySourceConditions = verdict.denies.filter((item) => !namingDenies.includes(item)).flatMap((item) => conditionsOn(item, SOURCE_KEYS));
    // What lets the request past the Denies that refer to the source: a key the other account picks, or a time at which they do not apply.
    const sourceDenies = verdict.denies.filter((item) => !namingDenies.includes(item) && conditionsOn(item, SOURCE_KEYS).length > 0);
    const blindDenyConditions = [
      ...avoidedConditions(doc, sourceDenies),
      ...sourceDenies.flatMap((deny) => accountBlindConditions(deny, role)).filter((condition) => evaluateConditionEntry(condition, verdict.probe.context) === false),
    ];
    // Every Allow statement naming the service that lets the foreign request in is a finding of its own.
    for (const statement of verdict.allowing) {
      const entry = statement.principal?.Service.find((item) => typeof item.value === 'string' && item.value.toLowerCase() === principal.toLowerCase());
      if (!entry) continue;
      admissions.push({
        service,
        statement,
        entry,
        probe: verdict.probe,
        sourceConditions: [...conditionsOn(statement, SOURCE_KEYS), ...denySourceConditions],
        denySourceConditions: new Set(denySourceConditions),
        blindDenyConditions,
        namingDenyConditions,
      });
    }
  }
  return admissions;
}

/**
 * A Deny's source condition that the foreign request fails with a positive operator (not negated, not Null): it names
 * accounts or resources other than the request's, and the Deny refuses only those.
 */
function namesOthers(condition: ConditionEntry, probe: Probe): boolean {
  const parsed = parseOperator(condition.operator);
  if ('error' in parsed || parsed.negated || parsed.family === 'Null') return false;
  return evaluateConditionEntry(condition, probe.context) === false;
}

/** A foreign request the policy lets in: the probe, the Allow statements admitting it and the Denies that fail to stop it. */
interface ForeignVerdict {
  probe: Probe;
  allowing: Statement[];
  denies: Statement[];
}

function foreignVerdict(doc: PolicyDocument, service: ServiceInfo, now: number, role: RoleFacts): ForeignVerdict | undefined {
  const verdict = foreignServiceAllowed(doc, service, now, role);
  if (verdict.allowed !== true || !verdict.probe || !verdict.decision) return undefined;
  const probe = verdict.probe;
  // The statements as written (a statement's index is its position): the verdict read some without their account-blind conditions.
  const allowing = verdict.decision.allowing.map((read) => doc.statements[read.index]!);
  // The Denies aimed at the service that fail to stop the foreign request.
  const denies = doc.statements.filter((item) => item.effect === 'Deny' && principalApplies(item, probe.caller) !== false && actionApplies(item) !== false);
  return { probe, allowing, denies };
}

/** Conditions as the trust messages name them: `operator key values`, joined by "and". */
export function conditionsText(conditions: readonly ConditionEntry[]): string {
  return conditions.map((condition) => `${condition.operator} ${condition.key} ${condition.values.map((entry) => show(entry.value)).join(', ')}`).join(' and ');
}

/**
 * A report's values with the statement's conditions: the message shows them as written, while the data the fingerprint
 * is made from holds them in a canonical order, as IAM reads a Condition's operators, keys and values in any order:
 * reordering them (a formatter sorting keys) keeps the finding a baseline accepted.
 */
export function conditionsReport(data: Record<string, string>, conditions: readonly ConditionEntry[]): { data: Record<string, string>; exposure: Record<string, string> } {
  return { data: { ...data, conditions: canonicalConditionsText(conditions) }, exposure: { conditions: conditionsText(conditions) } };
}

/** `conditionsText` with the conditions, and the values of each, in a canonical order: the same however they are written. */
export function canonicalConditionsText(conditions: readonly ConditionEntry[]): string {
  return sortTexts(conditions.map((condition) => `${condition.operator} ${condition.key} ${sortTexts(condition.values.map((entry) => show(entry.value))).join(', ')}`)).join(' and ');
}

/**
 * The one value of an Allow statement's condition that lets the request in, which a finding that blames the condition
 * points at: alone, it lets the request in, and without it the condition is not known to (it refuses the request, or
 * the values left are not known: `[<not known>, "arn:aws:sagemaker:*:*:*"]`). None when the condition has one value,
 * or when it lets the request in whichever value goes (a negated operator, IfExists on an absent key) or only through
 * several.
 */
export function admittingValue(condition: ConditionEntry, context: RequestContext): PolicyValue | undefined {
  if (condition.values.length < 2) return undefined;
  const holds = (values: PolicyValue[]): Tri => evaluateConditionEntry(withProperties(condition, { values }), context);
  const admitting = condition.values.filter((value) => holds(condition.values.filter((other) => other !== value)) !== true && holds([value]) === true);
  return admitting.length === 1 ? admitting[0] : undefined;
}
