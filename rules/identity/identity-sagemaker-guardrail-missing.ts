import type { ResourceGraph } from '../../src/graph/graph.js';
import { iamCatalog } from '../../src/iam/catalog.js';
import { evaluateConditions } from '../../src/iam/conditions.js';
import { mayNameActionOf } from '../../src/iam/trust.js';
import { requestContext, type RequestContext } from '../../src/iam/request.js';
import type { Path } from '../../src/model/location.js';
import type { Statement } from '../../src/model/policy.js';
import type { Rule, RuleContext, RuleReport } from '../../src/model/rule.js';
import { policiesWithFindings } from '../support.js';
import { actionPath, conditionsDeciding, exposedPrincipals, grantedResources, grants, identityPolicyGroups, type IdentityPolicy, listText, madeByAnyone, policyValues, reachesOnlyUnguarded, reachesOnlyUnguardedPrincipals, type Probe, type ProbedResource, UNKNOWN_MEMBERSHIP_RATIONALE, CHOSEN_VALUE_DENY_RATIONALE, TIME_WINDOW_DENY_RATIONALE, UNDECLARED_NAME_RATIONALE, OWN_REQUESTS_RATIONALE } from './identity-policies.js';
import { ownEntry } from '../../src/model/objects.js';

/**
 * The guardrail keys the SageMaker identity-policy examples show, per action (`key` must be present,
 * `key=value` must hold that value). `.deputy.yml` `sagemakerGuardrailKeys` replaces the list of any action it names.
 */
export const DEFAULT_GUARDRAIL_KEYS: Readonly<Record<string, readonly string[]>> = {
  'sagemaker:CreateTrainingJob': ['sagemaker:VolumeKmsKeyArn', 'sagemaker:NetworkIsolation=true', 'sagemaker:VpcSubnets', 'sagemaker:VpcSecurityGroupIds'],
  'sagemaker:CreateHyperParameterTuningJob': ['sagemaker:VolumeKmsKeyArn', 'sagemaker:NetworkIsolation=true', 'sagemaker:VpcSubnets', 'sagemaker:VpcSecurityGroupIds'],
  'sagemaker:CreateProcessingJob': ['sagemaker:VolumeKmsKeyArn', 'sagemaker:VpcSubnets', 'sagemaker:VpcSecurityGroupIds'],
  'sagemaker:CreateLabelingJob': ['sagemaker:VolumeKmsKeyArn'],
  'sagemaker:CreateTransformJob': ['sagemaker:VolumeKmsKeyArn'],
  'sagemaker:CreateNotebookInstance': ['sagemaker:DirectInternetAccess=Disabled', 'sagemaker:RootAccess=Disabled'],
  'sagemaker:UpdateNotebookInstance': ['sagemaker:RootAccess=Disabled'],
};

interface Guardrail {
  /** As configured, for messages. */
  text: string;
  key: string;
  value?: string;
}

export const identitySageMakerGuardrailMissing: Rule = {
  meta: {
    id: 'identity-sagemaker-guardrail-missing',
    family: 'identity',
    severity: 'medium',
    title: 'SageMaker create/update allowed without guardrail conditions',
    summary:
      'An Allow grants SageMaker job, notebook or tuning create/update actions without the condition keys the SageMaker examples use as guardrails (KMS volume key, network isolation, VPC, no direct internet, no root access); one finding per statement lists the missing keys per action.',
    rationale:
      'SageMaker checks its own condition keys on the request that creates a resource, so an identity policy can refuse a training job without an encrypted volume, outside a VPC or without network isolation, or a notebook instance with direct internet or root access. The SageMaker identity-policy examples show these guardrails: `sagemaker:VolumeKmsKeyArn` for training, tuning, labeling, processing and transform jobs, `sagemaker:NetworkIsolation` for training and tuning, `sagemaker:VpcSubnets` with `sagemaker:VpcSecurityGroupIds` for jobs, and `sagemaker:DirectInternetAccess`/`sagemaker:RootAccess` = `Disabled` for notebook instances. deputy evaluates the statement for a request without the key (and, where a value is required, with another value); a Deny in any policy of the same principal (for a user, also of its groups) that refuses such a request on every resource the statement grants (in the region, account and name prefix its Resource writes; in every region for `*` or a wildcard region, since a principal may call any region, unless the statement\'s `StringEquals` or `StringLike` on aws:RequestedRegion names the regions; a request in every region is one in the owner\'s and one in another, each carrying aws:RequestedRegion, so a Deny of every other region and one in `${AWS::Region}` together refuse it, as do a Deny of every region but one written out and one in that region) counts as the guardrail; ' +
      UNDECLARED_NAME_RATIONALE +
      '. A Deny condition written with only empty text is compared as IAM compares it, not read as unset: `StringEquals: {sagemaker:VolumeKmsKeyArn: ""}` holds for no request, and that Deny closes no gap, while `StringEqualsIfExists` of `""` holds for every request without the key, and closes it. The seed\'s deprecated `sagemaker:VolumeKmsKey` counts as present here (policy-deprecated-condition-key reports it). The required keys per action are configuration (`sagemakerGuardrailKeys` in `.deputy.yml`). In a Terraform configuration, a Deny that reaches the principal only through a resource whose `count` or `for_each` is not known (a variable without a value: a group membership, a policy attachment, the Deny\'s own policy), or only through a membership or attachment that a conditional on such a variable chooses (`users = var.on ? [...] : []`) or that names by one of its names a user whose name such a conditional chooses (`user = "bob"` of one whose `name = var.on ? "bob" : "bob-dev"`), may not exist: the gap it closes is reported in a finding of its own, which says which resource or which choice (`var.on is false`) decides it, as a template\'s finding says the `Condition` of a membership that decides it. ' +
      UNKNOWN_MEMBERSHIP_RATIONALE +
      ' ' +
      CHOSEN_VALUE_DENY_RATIONALE +
      ' ' +
      TIME_WINDOW_DENY_RATIONALE +
      ' ' +
      OWN_REQUESTS_RATIONALE,
    sources: [
      { title: 'Amazon SageMaker AI identity-based policy examples (Control creation of SageMaker AI resources with condition keys)', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_id-based-policy-examples.html' },
      { title: 'How Amazon SageMaker AI works with IAM (condition keys)', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_service-with-iam.html' },
    ],
    messages: {
      missing: '{policy} allows SageMaker actions without the guardrail conditions the SageMaker examples use: {missing}',
    },
    bad: [
      {
        title: 'Training jobs with any volume key, network and VPC',
        language: 'yaml',
        code: `- Effect: Allow
  Action: sagemaker:CreateTrainingJob
  Resource: "*"`,
      },
    ],
    good: [
      {
        title: 'Encrypted, isolated training in the VPC',
        language: 'yaml',
        code: `- Effect: Allow
  Action: sagemaker:CreateTrainingJob
  Resource: "*"
  Condition:
    ArnEquals:
      sagemaker:VolumeKmsKeyArn: !GetAtt TrainingKey.Arn
    Bool:
      sagemaker:NetworkIsolation: "true"
    ForAllValues:StringEquals:
      sagemaker:VpcSubnets: [!Ref PrivateSubnet]
      sagemaker:VpcSecurityGroupIds: [!Ref TrainingSecurityGroup]
    "Null":
      sagemaker:VpcSubnets: "false"
      sagemaker:VpcSecurityGroupIds: "false"`,
      },
    ],
    fix: 'Add the keys listed for each action to a statement that allows only the actions listed with those keys (move them out of a broad statement such as `sagemaker:Create*` or `sagemaker:*`), or add a Deny that refuses requests without them. Do not add every listed key to one statement with several kinds of actions: a condition on a key that an action\'s requests never carry (`sagemaker:DirectInternetAccess` for CreateTrainingJob, `sagemaker:NetworkIsolation` for CreateNotebookInstance) makes the Allow refuse that action, and such a statement grants none of them. To require other keys, set `sagemakerGuardrailKeys` per action in `.deputy.yml`.',
  },
  check(graph, context) {
    const required = guardrailsPerAction(context);
    const reports: RuleReport[] = [];
    const withGaps = policiesWithFindings(identityPolicyGroups(graph), ({ doc }) => openStatements(doc.statements, required, context.now));
    for (const { policy, found } of withGaps) {
      for (const open of found) {
        // Where no principal is guarded and no gap's requests depend on who makes them, every gap is open in any case:
        // asked once for the policy, not for each gap.
        if (open.madeByAnyone && reachesOnlyUnguardedPrincipals(graph, policy)) {
          reportMissing(reports, policy, open, '', open.everyGap);
          continue;
        }
        // The gaps no Deny closes, in any case ('') or only when Denies that may not reach the principals are left out
        // (`Exposure.when`): one report for each when, naming the gaps open then.
        const whens = open.gaps.map((gap) => (reachesOnlyUnguarded(graph, policy, gap.probes) ? '' : gapOpenWhen(graph, policy, gap)));
        // Mostly each gap is open alike (no Deny closes any): one report of them all, without sets and keys per policy.
        if (whens.every((when) => when === whens[0])) reportMissing(reports, policy, open, whens[0], open.everyGap);
        else for (const when of new Set(whens)) reportMissing(reports, policy, open, when, whens.map((gapWhen) => (gapWhen === when ? '1' : '0')).join(''));
      }
    }
    return reports;
  },
};

/** Reports the gaps of the statement that `unguarded` marks open (`missingGuardrails`) `when` they are; none where a Deny closes them (undefined). */
function reportMissing(reports: RuleReport[], policy: IdentityPolicy, open: OpenStatement, when: string | undefined, unguarded: string): void {
  const missing = when === undefined ? undefined : missingGuardrails(open, unguarded);
  if (!missing) return;
  // Written out, not spread: thousands of policies each make one.
  const { data, exposure } = policyValues(policy, { missing: missing.text });
  const report: RuleReport = { messageId: 'missing', data, exposure, resource: policy.holder, locator: policy.doc.locator, path: missing.path };
  if (when) report.when = when;
  reports.push(report);
}

/** A guardrail that the statement's own conditions do not enforce for an action: the requests without it that they let through. */
interface GuardrailGap {
  action: string;
  guardrail: Guardrail;
  probes: Probe[];
}

/** When no Deny closes the gap: '' in any case, else when the Denies that may not reach the principals are left out; undefined where one closes it. */
function gapOpenWhen(graph: ResourceGraph, policy: IdentityPolicy, gap: GuardrailGap): string | undefined {
  const exposure = exposedPrincipals(graph, policy, gap.probes);
  return exposure && (exposure.when ?? '');
}

/** An Allow with gaps. Whether a Deny closes them depends on the principals a document reaches, which the statement does not know. */
interface OpenStatement {
  statement: Statement;
  gaps: GuardrailGap[];
  /** What to report, by which gaps no Deny closes (see `missingGuardrails`). */
  described: Map<string, { text: string; path: Path } | undefined>;
  /** The key of `described` where no Deny closes any gap. */
  everyGap: string;
  /** Whether every gap's requests are made whoever makes them (`madeByAnyone`). */
  madeByAnyone: boolean;
}

/** The Allow statements whose conditions leave guardrails of the actions they grant (from the scan at `now` on) open. */
function openStatements(statements: readonly Statement[], required: RequiredGuardrails, now: number): OpenStatement[] {
  const open: OpenStatement[] = [];
  for (const statement of statements) {
    // Most Allow statements of a large input name no action of those services: no `grants` is asked of them.
    if (statement.effect !== 'Allow' || !mayNameActionOf(statement, required.services)) continue;
    const gaps: GuardrailGap[] = [];
    for (const { action, guardrails } of required.actions) {
      if (!grants(statement, action, now)) continue;
      const resources = grantedResources(statement, action, now);
      for (const guardrail of guardrails) {
        const probes = requestsWithout(statement, action, guardrail, resources, now);
        if (probes.length > 0) gaps.push({ action, guardrail, probes });
      }
    }
    if (gaps.length > 0) open.push({ statement, gaps, described: new Map(), everyGap: '1'.repeat(gaps.length), madeByAnyone: gaps.every((gap) => madeByAnyone(gap.probes)) });
  }
  return open;
}

/**
 * The message text and the path for the statement's gaps that no Deny closes (`unguarded` holds `1` for each such
 * gap, in order); undefined when there are none. Documents of one text mostly agree: each answer is worked out once.
 */
function missingGuardrails(open: OpenStatement, unguarded: string): { text: string; path: Path } | undefined {
  if (open.described.has(unguarded)) return open.described.get(unguarded);
  const missingPerAction = new Map<string, string[]>();
  open.gaps.forEach((gap, index) => {
    if (unguarded[index] === '1') missingPerAction.set(gap.action, [...(missingPerAction.get(gap.action) ?? []), gap.guardrail.text]);
  });
  const missing = missingPerAction.size > 0 ? { text: describeMissing(missingPerAction), path: actionPath(open.statement, [...missingPerAction.keys()]) } : undefined;
  open.described.set(unguarded, missing);
  return missing;
}

/** The guardrails required for one action. */
interface ActionGuardrails {
  action: string;
  guardrails: Guardrail[];
}

interface RequiredGuardrails {
  actions: ActionGuardrails[];
  /** The services of the actions, lower case (`sagemaker`): a statement that may name none of their actions is not asked about each. */
  services: ReadonlySet<string>;
}

/** The defaults, with the actions the configuration names replaced (action names are case-insensitive). */
function guardrailsPerAction(context: RuleContext): RequiredGuardrails {
  const lists = new Map<string, { action: string; keys: readonly string[] }>();
  for (const [action, keys] of [...Object.entries(DEFAULT_GUARDRAIL_KEYS), ...Object.entries(context.guardrailKeys ?? {})]) {
    lists.set(action.toLowerCase(), { action, keys });
  }
  const actions = [...lists.values()].map(({ action, keys }) => ({
    action,
    guardrails: keys.map((text) => {
      const [key = '', value] = text.split('=', 2);
      return value === undefined ? { text, key } : { text, key, value };
    }),
  }));
  return { actions, services: new Set([...lists.keys()].map(serviceOf)) };
}

/** The service an action (`sagemaker:createtrainingjob`) or an Action entry names: the text before its first colon, the whole without one. */
function serviceOf(text: string): string {
  const colon = text.indexOf(':');
  return colon < 0 ? text : text.slice(0, colon);
}

/**
 * Requests for the action on the resources without the key (or with another value) that pass the statement's own
 * conditions on the key; none when the conditions keep the answer open. Keys the catalog marks deprecated in favour of
 * the guardrail key stand for it. The guardrail is missing when a Deny does not refuse one of them for some principal
 * the policy reaches. The requests are made from the scan at `now` on.
 */
function requestsWithout(statement: Statement, action: string, guardrail: Guardrail, resources: readonly ProbedResource[], now: number): Probe[] {
  const { keys, contexts } = withoutGuardrail(guardrail);
  const own = conditionsDeciding(statement, keys);
  const passing: Probe[] = [];
  for (const context of contexts) {
    const result = evaluateConditions(own, context);
    if (result === 'unknown') return [];
    if (result === true) for (const resource of resources) passing.push({ action, ...resource, context, now });
  }
  return passing;
}

/**
 * The guardrail key and the keys the catalog marks deprecated in favour of it (a request without the guardrail carries
 * neither, so a Deny written with the deprecated key, `Null: {sagemaker:VolumeKmsKey: "true"}`, refuses it), and the
 * request contexts without them: with another value in each too, for a guardrail with a value. Made once per guardrail,
 * and shared by every statement (a Deny's answers are remembered by the context).
 */
function withoutGuardrail(guardrail: Guardrail): { keys: readonly string[]; contexts: readonly RequestContext[] } {
  let found = withoutGuardrails.get(guardrail);
  if (!found) {
    const key = guardrail.key.toLowerCase();
    const keys = [key, ...iamCatalog().deprecatedAliasesOf(key).filter((alias) => alias !== key)];
    const contexts = [requestContext({}, keys)];
    if (guardrail.value !== undefined) {
      const other = otherValue(guardrail.value);
      contexts.push(requestContext(Object.fromEntries(keys.map((name) => [name, other]))));
    }
    withoutGuardrails.set(guardrail, (found = { keys, contexts }));
  }
  return found;
}

const withoutGuardrails = new WeakMap<Guardrail, { keys: readonly string[]; contexts: readonly RequestContext[] }>();

const OPPOSITES: Readonly<Record<string, string>> = { true: 'false', false: 'true', enabled: 'Disabled', disabled: 'Enabled' };

/** A value that differs from the required one: the opposite for the two-valued keys, else any other text. */
function otherValue(required: string): string {
  return ownEntry(OPPOSITES, required.toLowerCase()) ?? `not-${required}`;
}

/** `sagemaker:CreateTrainingJob and sagemaker:CreateHyperParameterTuningJob need A, B; sagemaker:CreateNotebookInstance needs C`. */
function describeMissing(missingPerAction: ReadonlyMap<string, string[]>): string {
  const byKeys = new Map<string, string[]>();
  for (const [action, keys] of missingPerAction) {
    const text = keys.join(', ');
    byKeys.set(text, [...(byKeys.get(text) ?? []), action]);
  }
  return [...byKeys].map(([keys, actions]) => `${listText(actions)} ${actions.length > 1 ? 'need' : 'needs'} ${keys}`).join('; ');
}
