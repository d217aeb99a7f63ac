import { iamCatalog } from '../../src/iam/catalog.js';
import { evaluateConditions, notInEveryRequest } from '../../src/iam/conditions.js';
import { parseOperator } from '../../src/iam/operators.js';
import { requestContext } from '../../src/iam/request.js';
import type { ConditionEntry, Statement } from '../../src/model/policy.js';
import type { Rule, RuleReport } from '../../src/model/rule.js';
import { hasMarker } from '../../src/model/value.js';
import { policiesWithFindings } from '../support.js';
import { conditionsDeciding, exposedPrincipals, type Exposure, grantedResources, grants, identityPolicyGroups, isRequestTagKey, listText, policyValues, type Probe, UNKNOWN_MEMBERSHIP_RATIONALE, CHOSEN_VALUE_DENY_RATIONALE, TIME_WINDOW_DENY_RATIONALE, MAYBE_ABSENT_DENY_RATIONALE, OWN_REQUESTS_RATIONALE } from './identity-policies.js';

export const identityForAllValuesWithoutNull: Rule = {
  meta: {
    id: 'identity-forallvalues-without-null',
    family: 'identity',
    severity: 'high',
    title: 'ForAllValues condition that a request passes by omitting the key',
    summary: 'An Allow conditions a key with a positive `ForAllValues:...` operator (an allow-list such as `ForAllValues:StringEquals`) and nothing else in the statement requires the key to be present (`Null: {key: "false"}`), so a request without the key passes.',
    rationale:
      '`ForAllValues` is true when every value in the request matches, and therefore also when the request carries no value at all. A policy that means "only these subnets" with `ForAllValues:StringEquals: {sagemaker:VpcSubnets: [...]}` also allows a training job created with no VPC configuration. The SageMaker identity-policy examples pair the condition with `"Null": {"sagemaker:VpcSubnets": "false", "sagemaker:VpcSecurityGroupIds": "false"}` for exactly this reason. deputy evaluates the statement\'s conditions on the key for a request that omits it: a `Null: false`, a `ForAnyValue:` or a plain positive operator on the same key all make such a request fail, and then the rule stays silent. So does a Deny in a policy of the same principal (for a user, also of its groups) that refuses a request without the key for every action and resource the statement grants (`Null: {key: "true"}` in a Deny). A key IAM puts in every request (`aws:PrincipalArn`, `aws:RequestedRegion`, `aws:SecureTransport`, ...: the IAM global condition keys reference says each "is always included in the request context") is never missing, so no request passes by omitting it, and the rule stays silent (policy-single-valued-set-operator still asks for the plain operator on such a single-valued key). A negated operator (`ForAllValues:StringNotEquals`, `StringNotLike`, `ArnNotLike`, ...) is not reported: it excludes values (`ForAllValues:StringNotEquals: {aws:TagKeys: [Owner]}`, no tag key may be Owner), a request without the key carries none of them and is meant to pass, and a `Null: false` would refuse every such request (a resource created without tags). ' +
      MAYBE_ABSENT_DENY_RATIONALE +
      ' ' +
      UNKNOWN_MEMBERSHIP_RATIONALE +
      ' ' +
      CHOSEN_VALUE_DENY_RATIONALE +
      ' ' +
      TIME_WINDOW_DENY_RATIONALE +
      ' ' +
      OWN_REQUESTS_RATIONALE,
    sources: [
      { title: 'Amazon SageMaker AI identity-based policy examples (Restrict training to a specific VPC)', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_id-based-policy-examples.html' },
      { title: 'IAM User Guide: Single-valued vs. multivalued context keys', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html' },
      { title: 'IAM User Guide: AWS global condition context keys (Availability)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html' },
    ],
    messages: {
      vacuous: '{operator} on {key} in {policy} also passes a request that carries no {key}: add Null {"{key}": "false"} to the statement',
      vacuousMixed:
        '{operator} on {key} in {policy} also passes a request that carries no {key}: move {carrying} to a separate statement with Null {"{key}": "false"}; in this statement the Null would also refuse {others}, whose requests never carry {key}',
      vacuousUnlisted:
        '{operator} on {key} in {policy} also passes a request that carries no {key}: add Null {"{key}": "false"} in a statement that allows only the actions whose requests carry {key}; in this statement, whose actions are not listed one by one, the Null would also refuse every action whose requests never carry it',
      vacuousNeverCarried:
        '{operator} on {key} in {policy} passes every request: none of the statement\'s actions carry {key}, so a Null {"{key}": "false"} would refuse all of them; condition the actions that carry the key in a statement of their own',
      // A single-valued key (per the IAM catalog): the plain operator refuses a request without the key as the Null does,
      // and is what policy-single-valued-set-operator asks for on the same condition, so it comes first.
      vacuousSingleValued:
        '{operator} on {key} in {policy} also passes a request that carries no {key}: {key} holds a single value, so use {plain}, which also refuses a request without it, or add Null {"{key}": "false"} to the statement',
      vacuousMixedSingleValued:
        '{operator} on {key} in {policy} also passes a request that carries no {key}: move {carrying} to a separate statement with {plain} ({key} holds a single value) or with Null {"{key}": "false"}; in this statement either would also refuse {others}, whose requests never carry {key}',
      vacuousUnlistedSingleValued:
        '{operator} on {key} in {policy} also passes a request that carries no {key}: use {plain} ({key} holds a single value), or add Null {"{key}": "false"}, in a statement that allows only the actions whose requests carry {key}; in this statement, whose actions are not listed one by one, either would also refuse every action whose requests never carry it',
      vacuousNeverCarriedSingleValued:
        '{operator} on {key} in {policy} passes every request: none of the statement\'s actions carry {key}, so {plain} ({key} holds a single value) or a Null {"{key}": "false"} would refuse all of them; condition the actions that carry the key in a statement of their own',
    },
    bad: [
      {
        title: 'Any subnet, or none',
        language: 'yaml',
        code: `- Effect: Allow
  Action: sagemaker:CreateTrainingJob
  Resource: "*"
  Condition:
    ForAllValues:StringEquals:
      sagemaker:VpcSubnets: [subnet-0a1b2c3d]`,
      },
    ],
    good: [
      {
        title: 'These subnets, and some subnet',
        language: 'yaml',
        code: `- Effect: Allow
  Action: sagemaker:CreateTrainingJob
  Resource: "*"
  Condition:
    ForAllValues:StringEquals:
      sagemaker:VpcSubnets: [subnet-0a1b2c3d]
    "Null":
      sagemaker:VpcSubnets: "false"`,
      },
      {
        title: 'An exclusion: no tag key may be Owner, and no tags at all is fine',
        language: 'yaml',
        code: `- Effect: Allow
  Action: sagemaker:CreateTrainingJob
  Resource: "*"
  Condition:
    ForAllValues:StringNotEquals:
      aws:TagKeys: [Owner]`,
      },
    ],
    fix: 'Add `Null: {<key>: "false"}` to the same statement, so that a request must carry the key for the ForAllValues test to mean anything. On a key the IAM catalog defines as single-valued (`aws:RequestTag/<key>`, `sagemaker:RootAccess`), drop the `ForAllValues:` prefix (and any `IfExists`) instead: the plain operator also refuses a request without the key, as policy-single-valued-set-operator asks; the Null is the alternative. When the statement also allows actions whose requests never carry the key (`sagemaker:DescribeTrainingJob` carries no `sagemaker:VpcSubnets`), the Null would refuse them: move the actions that carry the key to a statement of their own with the Null, as the message lists them.',
  },
  check(graph, { now }) {
    const reports: RuleReport[] = [];
    const withVacuous = policiesWithFindings(identityPolicyGroups(graph), ({ doc }) => vacuousConditions(doc.statements, now));
    for (const { policy, found } of withVacuous) {
      for (const { condition, carriers, statement } of found) {
        // A Deny among the principal's policies that refuses every request the statement grants without the key does
        // what the Null would: such a request does not pass (as identity-sagemaker-guardrail-missing reads the Deny).
        const probes = probesWithoutKey(statement, condition.key, carriers, now);
        const exposure: Pick<Exposure, 'when'> | undefined = probes.length > 0 ? exposedPrincipals(graph, policy, probes) : {};
        if (!exposure) continue;
        const { when } = exposure;
        // A Null in a statement that also grants actions whose requests never carry the key would refuse those actions.
        // The actions are listed from the IAM catalog, which a deputy release updates: shown, but out of the fingerprint
        // (a new SageMaker action changed "and 18 more", and a finding a baseline accepted came back new).
        const [messageId, extra]: [string, Record<string, string> | undefined] =
          !carriers && carriedByListedActionsOnly(statement, condition.key)
            ? ['vacuousUnlisted', undefined]
            : !carriers || carriers.others.length === 0
              ? ['vacuous', undefined]
              : carriers.carrying.length === 0
                ? ['vacuousNeverCarried', undefined]
                : ['vacuousMixed', { carrying: examples(carriers.carrying), others: examples(carriers.others) }];
        // On a single-valued key the plain operator is the remedy policy-single-valued-set-operator gives too; the
        // messages for multivalued keys (and their fingerprints) stay as they were.
        const plain = iamCatalog().isMultivaluedKey(condition.key) === false ? refusingPlainOperator(condition.operator) : undefined;
        reports.push({
          messageId: plain ? `${messageId}SingleValued` : messageId,
          ...policyValues(policy, { operator: condition.operator, key: condition.key }, plain ? { ...extra, plain } : extra),
          resource: policy.holder,
          locator: policy.doc.locator,
          path: condition.path,
          ...(when === undefined ? {} : { when }),
        });
      }
    }
    return reports;
  },
};

/** Per Allow statement, the first positive ForAllValues condition on each key that a request without the key passes from the scan at `now` on. */
function vacuousConditions(statements: readonly Statement[], now: number): Array<{ condition: ConditionEntry; carriers: KeyCarriers | undefined; statement: Statement }> {
  const found: Array<{ condition: ConditionEntry; carriers: KeyCarriers | undefined; statement: Statement }> = [];
  for (const statement of statements) {
    // An operator block that could not be resolved may hold the Null that makes the key required.
    if (statement.effect !== 'Allow' || statement.conditions.some((condition) => condition.unresolved)) continue;
    const reported = new Set<string>();
    let passesNothing: boolean | undefined;
    for (const condition of statement.conditions) {
      const operator = parseOperator(condition.operator);
      const key = condition.key.toLowerCase();
      // A negated operator excludes values (no tag key may be Owner): a request without the key has none of them, and
      // passing it is what the statement means; a Null false would refuse it.
      // ForAllValues:Null tests whether the key is there, as Null does: no allow-list of values.
      if ('error' in operator || operator.setQualifier !== 'ForAllValues' || operator.negated || operator.family === 'Null' || reported.has(key)) continue;
      // A key IAM puts in every request (aws:PrincipalArn, aws:RequestedRegion) is never missing: no request omits it.
      if (!notInEveryRequest(key)) continue;
      const withoutKey = requestContext({}, [key]);
      if (evaluateConditions(conditionsDeciding(statement, [key]), withoutKey) !== true) continue;
      // A statement that no request passes (a condition on a key none of its actions carry) lets no request through
      // without the key either. Asked only here: it walks the catalog's actions of the statement's services.
      if ((passesNothing ??= grantsNothing(statement, now))) break;
      reported.add(key);
      found.push({ condition, carriers: keyCarriers(statement, key, now), statement });
    }
  }
  return found;
}

/**
 * Requests without the key for every action the statement grants, on the resources it grants them on; none when the
 * actions cannot be listed (the finding then stands, whatever the Denies); made from the scan at `now` on.
 */
function probesWithoutKey(statement: Statement, key: string, carriers: KeyCarriers | undefined, now: number): Probe[] {
  if (!carriers || carriers.others.includes(OTHER_SERVICES)) return [];
  const context = requestContext({}, [key.toLowerCase()]);
  return [...carriers.carrying, ...carriers.others].flatMap((action) => grantedResources(statement, action, now).map((resource) => ({ action, ...resource, context, now })));
}

const OTHER_SERVICES = 'the actions of other services';

/** The actions a statement grants, split by whether their requests may carry a key (per the IAM catalog). */
interface KeyCarriers {
  carrying: string[];
  /** Actions that never carry the key; `actions of other services` for a statement whose Action names any service. */
  others: string[];
}

/**
 * Which of the statement's granted actions (from the scan at `now` on) may carry the key and which never do; undefined
 * when they cannot be listed (NotAction, an unresolved or unknown action, a global key on an Action of any service).
 */
function keyCarriers(statement: Statement, key: string, now: number): KeyCarriers | undefined {
  const named = servicesNamed(statement);
  if (!named) return undefined;
  const catalog = iamCatalog();
  const global = catalog.isGlobalKey(key);
  const { services, anyService } = named;
  if (anyService) {
    // A global key may be carried by requests to any service; which of them do is not listed here.
    if (global) return undefined;
    services.add(key.slice(0, Math.max(key.indexOf(':'), 0)).toLowerCase());
  }
  const carrying: string[] = [];
  const others: string[] = [];
  for (const service of services) {
    if (!catalog.serviceExists(service) || !catalog.readsActionsOf(service)) return undefined;
    for (const action of catalog.actions(service)) {
      if (!grants(statement, action, now)) continue;
      (catalog.actionSupportsKey(action, key) ? carrying : others).push(action);
    }
  }
  // A global key no listed action names (aws:CalledVia, aws:PrincipalOrgPaths) is carried by requests whatever the action.
  if (global && carrying.length === 0) return undefined;
  if (anyService) others.unshift(OTHER_SERVICES);
  return { carrying, others };
}

/**
 * Whether the catalog shows that the statement grants none of the actions it names: each names a known service, and
 * for every action of those services it matches, its conditions on keys the action never carries refuse it (see
 * `grants`, from the scan at `now` on). NotAction, a service wildcard or an unknown action keeps it in.
 */
function grantsNothing(statement: Statement, now: number): boolean {
  const named = servicesNamed(statement);
  if (!named || named.anyService) return false;
  const catalog = iamCatalog();
  if (statement.action!.some(({ value }) => !/[*?]/.test(value as string) && !catalog.actionExists(value as string))) return false;
  return [...named.services].every((service) => catalog.serviceExists(service) && catalog.readsActionsOf(service) && catalog.actions(service).every((action) => !grants(statement, action, now)));
}

/**
 * Whether only some actions carry the key, those the IAM catalog lists it for (a service key, or the tags a request sets:
 * `aws:TagKeys`, `aws:RequestTag/<key>`), while the statement grants actions `keyCarriers` cannot list (NotAction, or an
 * Action of any service with such a global key): a Null in the statement would refuse the others, which it cannot name.
 */
function carriedByListedActionsOnly(statement: Statement, key: string): boolean {
  const lower = key.toLowerCase();
  const perAction = !iamCatalog().isGlobalKey(lower) || isRequestTagKey(lower);
  if (!perAction || statement.unresolved) return false;
  if (statement.notAction) return !statement.notAction.some(({ value }) => typeof value !== 'string' || hasMarker(value));
  const named = servicesNamed(statement);
  return named !== undefined && named.anyService;
}

/** The services a statement's Action names, and whether it names any (`*`, `*:Get*`); undefined for NotAction or a value not known. */
function servicesNamed(statement: Statement): { services: Set<string>; anyService: boolean } | undefined {
  if (!statement.action || statement.unresolved) return undefined;
  const services = new Set<string>();
  let anyService = false;
  for (const { value } of statement.action) {
    if (typeof value !== 'string' || hasMarker(value)) return undefined;
    const service = value === '*' ? '*' : value.slice(0, Math.max(value.indexOf(':'), 0)).toLowerCase();
    if (/[*?]/.test(service)) anyService = true;
    else services.add(service);
  }
  return { services, anyService };
}

/**
 * The operator without its `ForAllValues:` prefix, and without `IfExists`, which would let a request without the key
 * pass again: `ForAllValues:StringEqualsIfExists` is refused without the key as `StringEquals`.
 */
function refusingPlainOperator(operator: string): string {
  const unqualified = operator.slice('ForAllValues:'.length);
  return unqualified.endsWith('IfExists') ? unqualified.slice(0, -'IfExists'.length) : unqualified;
}

/** `a, b, c and 12 more`: the statement may grant hundreds. */
function examples(actions: readonly string[]): string {
  return actions.length > 4 ? `${actions.slice(0, 3).join(', ')} and ${actions.length - 3} more` : listText(actions);
}
