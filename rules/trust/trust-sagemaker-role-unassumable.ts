import { ownerSageMakerArn } from '../../src/iam/sagemaker-features.js';
import { sageMakerUses } from '../../src/iam/sagemaker-uses.js';
import { evaluateConditionEntry, evaluateConditions } from '../../src/iam/conditions.js';
import { actionApplies, decide, isRoleKey, mayReadSourceArn, mayReadSourceArnResource, ownerServiceProbes, principalApplies, roleTagRefusal, statementApplies, trustedServices, type Decision, type Probe, type RoleFacts, type ServiceInfo } from '../../src/iam/trust.js';
import type { ConditionEntry, PolicyDocument, Statement } from '../../src/model/policy.js';
import type { Resource } from '../../src/model/resource.js';
import type { Rule, RuleContext, RuleReport } from '../../src/model/rule.js';
import { OWNER_REGION, displayString } from '../../src/model/value.js';
import { nameOf, ownerRoleFacts, roleFactsKey, serviceInfo } from '../support.js';
import { principalPartition } from '../../src/iam/service-principals.js';
import { withProperties } from '../../src/model/objects.js';
import { denyExemptionFix, sourceConditionFix } from './fix.js';
import { conditionsReport } from './service-trust.js';

const SAGEMAKER = 'sagemaker.amazonaws.com';

export const trustSageMakerRoleUnassumable: Rule = {
  meta: {
    id: 'trust-sagemaker-role-unassumable',
    family: 'trust',
    severity: 'high',
    title: 'SageMaker resource uses a role SageMaker cannot assume',
    summary:
      'A SageMaker resource names a role whose trust policy denies sagemaker.amazonaws.com the AssumeRole for that resource\'s feature: no statement trusts SageMaker, or the source conditions exclude the ARN SageMaker presents.',
    rationale:
      'SageMaker assumes the execution role with a feature-specific aws:SourceArn. For inference (models, endpoints) and Studio (domains, user profiles, spaces) it presents the literal `arn:<partition>:sagemaker:<region>:<account>:*` — "Do not replace the aws:SourceArn in this template with the full ARN of a specific model or endpoint" — for pipelines `pipeline/<name>/...`, for processing jobs and the jobs the steps of a pipeline start with a role `training-job/...` or `processing-job/...`, for images `image` or `image-version`. SageMaker writes many names in lower case in its ARNs, and which is not documented: a source ARN with a resource\'s name as written or in lower case is read as its own. A trust policy narrowed to another ARN shape looks tighter but makes the deployment fail when SageMaker first uses the role. deputy evaluates the trust policy against the exact request SageMaker makes for each resource (and each step of an inline pipeline definition) that uses the role, with the stack\'s own account and region, on the role as the input gives it (its tags where written: a template\'s `Tags`, a configuration\'s `tags` over its provider\'s `default_tags`, all of them in a plan\'s `tags_all`), so that a condition on aws:ResourceTag/<key> or iam:ResourceTag/<key> (one tag under either name) that the role\'s tags fail refuses SageMaker; where the input does not tell the tag, conditions on it that no value meets together (`StringEquals` of `a` under one name and of `b` under the other, where one pins the tag) refuse it whatever the role is tagged, and so does an Allow that pins the tag (`StringEquals aws:ResourceTag/team: a`) beside a Deny that refuses SageMaker at each value it pins (`StringNotEquals iam:ResourceTag/team: b`): the message names both; a Deny that lets one value through (`StringNotEquals` of `a`), or whose other conditions the input does not tell (the role\'s organization), does not. A template leaves the region open, so a trust pinned to a literal region may be right and is not reported; a Terraform plan says where each resource is created (its provider configuration\'s region, or its own `region` argument under AWS provider 6), so a trust pinned to another region is. SageMaker presents `sagemaker.amazonaws.com` (`sagemaker.${AWS::URLSuffix}` outside China); which spelling it presents in China is documented nowhere deputy reads, so where the role may be there (its region is in China, or not known) a trust of `sagemaker.amazonaws.com.cn` is read as admitting SageMaker too, and the role is reported only if the policy refuses both; on a role of another partition (a us-east-1 role trusting `sagemaker.amazonaws.com.cn` alone) SageMaker is not trusted at all.',
    sources: [{ title: 'Amazon SageMaker: Cross-service confused deputy prevention', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/security-confused-deputy-prevention.html' }],
    messages: {
      notTrusted: '{user} ({type}) uses role {role}, but its trust policy does not allow sagemaker.amazonaws.com to assume it',
      excluded: '{user} ({type}) uses role {role} ({feature}), but its trust policy refuses the request SageMaker makes for it, with aws:SourceArn {arns}',
      roleFailsAllow: '{user} ({type}) uses role {role} ({feature}), but its trust policy lets SageMaker assume it only under {conditions}, which the role itself fails: the condition reads the role\'s own tags or account, not what SageMaker presents',
      roleRefusedWhateverTag: '{user} ({type}) uses role {role} ({feature}), but its trust policy refuses SageMaker whatever the role is tagged, under {conditions}: every value of the role\'s tag the Allow admits SageMaker at, the Deny refuses it at; the conditions read the role\'s own tags, not what SageMaker presents',
      roleMeetsDeny: '{user} ({type}) uses role {role} ({feature}), but a Deny of its trust policy under {conditions}, which the role itself meets, refuses the request SageMaker makes for it, with aws:SourceArn {arns}',
    },
    bad: [
      {
        title: 'An endpoint ARN where SageMaker presents the literal `*`',
        language: 'yaml',
        code: `ModelRole:
  Type: AWS::IAM::Role
  Properties:
    AssumeRolePolicyDocument:
      Statement:
        - Effect: Allow
          Principal: { Service: sagemaker.amazonaws.com }
          Action: sts:AssumeRole
          Condition:
            ArnEquals:
              aws:SourceArn: !Sub arn:\${AWS::Partition}:sagemaker:\${AWS::Region}:\${AWS::AccountId}:endpoint/my-endpoint
Model:
  Type: AWS::SageMaker::Model
  Properties:
    ExecutionRoleArn: !GetAtt ModelRole.Arn`,
      },
    ],
    good: [
      {
        title: 'The format the inference feature presents',
        language: 'yaml',
        code: `Condition:
  ArnLike:
    aws:SourceArn: !Sub arn:\${AWS::Partition}:sagemaker:\${AWS::Region}:\${AWS::AccountId}:*`,
      },
    ],
    fix: 'Trust sagemaker.amazonaws.com with the aws:SourceArn format of the feature that uses the role (see the table in RULES.md / the SageMaker confused-deputy page); deputy prints the block for the resources that use the role. When the Allow statements let the request in and a Deny refuses it, narrow or remove that Deny: deputy prints the conditions on aws:SourceArn that exempt those source ARNs from it: `ArnNotLike` for patterns, and `StringNotEquals` for the literal `arn:...:*` of inference and Studio, whose asterisk `ArnNotLike` would read as a wildcard exempting every source ARN of the account. When what refuses SageMaker is a condition of the Allow statements on the role\'s own keys (a tag of the role it lacks or has another value of under aws:ResourceTag/<key> or iam:ResourceTag/<key>, the role\'s account under aws:ResourceAccount; a tag the Allow pins, each value of which a Deny refuses), no source condition lets the request in: deputy names that condition and prints no fix; tag the role as the condition asks, or change the condition.',
  },
  check(graph, context) {
    const service = serviceInfo(context, SAGEMAKER);
    if (!service) return [];
    const reports: RuleReport[] = [];
    // Each role's trust policy and how it reads SageMaker's requests, worked out once: many resources use one role.
    const trustOfRole = new Map<Resource, { doc: PolicyDocument; trust: SageMakerTrust } | null>();
    // How each statement list reads them for each set of role facts (`roleFactsKey`): roles of one text share it. Kept
    // here, as the check runs once per graph: a memo of the graph's built a key text of each role, then looked it up.
    const trustByFacts = new Map<string, Map<readonly Statement[], SageMakerTrust>>();
    for (const use of sageMakerUses(graph)) {
      let known = trustOfRole.get(use.role);
      if (known === undefined) {
        const doc = graph.trustPolicyOf(use.role.address);
        // Where the role's account is known, the accounts the policy writes out are others: the owner's requests present
        // none of them. They are on the role, with the tags the input gives it where the policy reads them (`ownerRoleFacts`).
        const facts = doc && !doc.unresolved ? ownerRoleFacts({ role: use.role, doc }) : undefined;
        if (doc && facts) {
          const factsKey = roleFactsKey(facts);
          let byStatements = trustByFacts.get(factsKey);
          if (!byStatements) trustByFacts.set(factsKey, (byStatements = new Map()));
          let trust = byStatements.get(doc.statements);
          if (!trust) byStatements.set(doc.statements, (trust = sageMakerTrust(doc, service, context, facts)));
          known = { doc, trust };
        } else known = null;
        trustOfRole.set(use.role, known);
      }
      if (!known) continue;
      const { doc, trust } = known;
      // A plan says where the resource is created: a trust pinned to another region refuses it.
      const region = use.user.region ?? OWNER_REGION;
      const refusal = trust.refusal(use.alternatives, region);
      if (!refusal) continue;
      const arns = use.alternatives.map((resourcePart) => ownerSageMakerArn(resourcePart, region));
      const statement = trust.statement;
      // Where the Allow statements let the request in, the Deny statements that refuse it are what to change.
      const { denies } = refusal;
      const data = { user: nameOf(use.user), type: use.user.type, role: nameOf(use.role), feature: use.feature, arns: arns.map(displayString).join(' or ') };
      const { conditions: onRole, denied } = trust.onRole(denies);
      if (onRole.length > 0 && denies.length === 0) {
        // The role's own tags or account refuse SageMaker: no source condition merged into the Allow lets it in.
        reports.push({
          messageId: denied.size > 0 ? 'roleRefusedWhateverTag' : 'roleFailsAllow',
          ...conditionsReport(data, onRole),
          resource: use.user,
          locator: use.locator,
          path: use.path,
          ...(use.when === undefined ? {} : { when: use.when }),
          related: onRole.map((condition) => ({
            message: denied.has(condition)
              ? `condition of a Deny of the trust policy of ${nameOf(use.role)} that refuses SageMaker at the tag the Allow admits`
              : `condition of the trust policy of ${nameOf(use.role)} that the role fails${denied.size > 0 ? ' where the Deny does not refuse it' : ''}`,
            resource: use.role,
            locator: doc.locator,
            path: condition.path,
          })),
        });
        continue;
      }
      const failed = denies.length === 0 ? trust.failed(use.alternatives, region) : [];
      reports.push({
        ...(onRole.length > 0 ? { messageId: 'roleMeetsDeny', ...conditionsReport(data, onRole) } : { messageId: trust.trustsSageMaker ? 'excluded' : 'notTrusted', data }),
        resource: use.user,
        locator: use.locator,
        path: use.path,
        ...(use.when === undefined ? {} : { when: use.when }),
        related:
          denies.length > 0
            ? denies.map((deny) => ({ message: `Deny statement of the trust policy of ${nameOf(use.role)}`, resource: use.role, locator: doc.locator, path: deny.conditionPath ?? deny.path }))
            : failed.length > 0
              ? failed.map((condition) => ({ message: `condition of the trust policy of ${nameOf(use.role)} that SageMaker's request fails`, resource: use.role, locator: doc.locator, path: condition.path }))
              : [{ message: `trust policy of ${nameOf(use.role)}`, resource: use.role, locator: doc.locator, path: statement?.conditionPath ?? statement?.path ?? doc.path }],
        fix: denies.length > 0 ? denyExemptionFix(graph, use.role, doc, service, denies) : sourceConditionFix(graph, use.role, doc, service, context.now, statement),
      });
    }
    return reports;
  },
};

/**
 * How a trust policy's statements treat SageMaker: whether they refuse the owner's requests for every one of some
 * alternatives (resource parts of the source ARN, see SageMakerUse), and if so the Deny statements that refuse a
 * request the Allow statements let in (none when the Allow statements refuse every alternative); `onRole`, given those
 * Denies, the conditions on the role's own keys that refuse it (`refusingOnRole`).
 */
interface SageMakerTrust {
  refusal(alternatives: readonly string[], region: string): { denies: Statement[] } | undefined;
  onRole(denies: readonly Statement[]): OnRole;
  failed(alternatives: readonly string[], region: string): ConditionEntry[];
  statement?: Statement;
  trustsSageMaker: boolean;
}

function sageMakerTrust(doc: PolicyDocument, service: ServiceInfo, context: RuleContext, role: RoleFacts): SageMakerTrust {
  // The statements that trust SageMaker by a spelling a service calling on the role may present.
  const trusting = trustedServices(doc, role.partition).filter((trusted) => context.services.servicePrincipal(trusted.name)?.principal === SAGEMAKER);
  // Which spelling SageMaker presents in a partition whose DNS suffix is not amazonaws.com is documented nowhere deputy
  // reads: where the role may be in one, SageMaker is refused only if refused under each spelling the policy writes.
  const spelled = new Set(trusting.flatMap((trusted) => (principalPartition(trusted.name) === undefined ? [] : [trusted.name])));
  const spellings = [service, ...[...spelled].map((principal) => withProperties(service, { principal }))];
  const decided = spellings.map((spelling) => decider(doc, spelling, context.now, role));
  // What SageMaker's request carries of the role is the same whichever source ARN it presents: one request tells it.
  let roleProbe: Probe | undefined;
  let allowsOnRole: OnRole | undefined;
  // The Allow statement that trusts SageMaker, if there is one.
  const statement = trusting[0]?.statement;
  return {
    refusal: (alternatives, region) => {
      if (!decided.every((decisionOf) => alternatives.every((resourcePart) => decisionOf(resourcePart, region).allowed === false))) return undefined;
      const deniedOnly = decided.flatMap((decisionOf) => alternatives.map((resourcePart) => decisionOf(resourcePart, region))).find((decision) => decision.allowing.length > 0 && decision.denying.length > 0);
      return { denies: deniedOnly?.denying ?? [] };
    },
    onRole: (denies) => {
      const probe = (roleProbe ??= ownerProbe(service, '*', OWNER_REGION, context.now, role));
      if (denies.length > 0) return { conditions: refusingOnRole(denies, probe, true), denied: NONE_DENIED };
      return (allowsOnRole ??= allowsRefusingOnRole(doc, doc.statements.filter((item) => item.effect === 'Allow' && principalApplies(item, probe.caller) !== false && actionApplies(item) !== false), probe));
    },
    // The conditions of the Allows that SageMaker's request fails whichever source ARN it presents: where a finding points.
    failed: (alternatives, region) => {
      if (!statement) return [];
      const contexts = alternatives.map((resourcePart) => ownerProbe(service, resourcePart, region, context.now, role).context);
      return [...new Set(trusting.map((trusted) => trusted.statement))].flatMap((allow) => allow.conditions.filter((condition) => contexts.every((request) => evaluateConditionEntry(condition, request) === false)));
    },
    ...(statement ? { statement } : {}),
    trustsSageMaker: statement !== undefined || doc.statements.some((item) => item.effect === 'Allow' && item.principal?.any),
  };
}

/**
 * The decision on the owner's request of the service, by the resource part of the source ARN it presents and the
 * region. Many resources present the same source ARN (`*` for inference and Studio): each is evaluated once. When no
 * condition can read the source ARN (pipelines present one each), every ARN gets the same verdict; when none can read
 * more of it than its region and account (`ArnLike aws:SourceArn: arn:aws:sagemaker:us-east-1:<account>:*`), every ARN
 * of a region does. By region, then resource part: a key joining them would be made for each use.
 */
function decider(doc: PolicyDocument, service: ServiceInfo, now: number, role: RoleFacts): (resourcePart: string, region: string) => Decision {
  const decisions = new Map<string, Map<string, Decision>>();
  const sourceArnMatters = mayReadSourceArn(doc);
  const resourcePartMatters = sourceArnMatters && mayReadSourceArnResource(doc);
  return (resourcePart, region) => {
    const regionKey = sourceArnMatters ? region : '';
    const partKey = resourcePartMatters ? resourcePart : '';
    let inRegion = decisions.get(regionKey);
    if (!inRegion) decisions.set(regionKey, (inRegion = new Map()));
    let decision = inRegion.get(partKey);
    if (decision === undefined) {
      decision = decide(doc, ownerProbe(service, resourcePart, region, now, role));
      inRegion.set(partKey, decision);
    }
    return decision;
  };
}

/** The owner's request of the service that presents the source ARN of the resource part in the region, after the scan at `now`. */
function ownerProbe(service: ServiceInfo, resourcePart: string, region: string, now: number, role: RoleFacts): Probe {
  return ownerServiceProbes(service, [ownerSageMakerArn(resourcePart, region)], now, role)[0]!;
}

/** The conditions on the role's own keys that refuse SageMaker, and of them those of Denies (`allowsRefusingOnRole`). */
interface OnRole {
  conditions: ConditionEntry[];
  denied: ReadonlySet<ConditionEntry>;
}

/** `OnRole.denied` where the Denies refuse the request themselves: the check reads it only where none does. */
const NONE_DENIED: ReadonlySet<ConditionEntry> = new Set();

/**
 * The conditions on the role's own keys (`isRoleKey`: its tags, its account) with which the statements refuse the
 * request: those it fails in Allow statements that trust SageMaker, or meets (`holding`) in the Denies that refuse it.
 * A condition the role's facts leave unknown is none of them.
 */
function refusingOnRole(statements: readonly Statement[], probe: Probe, holding: boolean): ConditionEntry[] {
  return statements.flatMap((item) => item.conditions.filter((condition) => isRoleKey(condition.key) && evaluateConditionEntry(condition, probe.context) === holding));
}

/**
 * The conditions on the role's own keys with which the Allow statements that trust SageMaker refuse it
 * (`refusingOnRole`), and, where the input does not tell a tag they pin, those on it with which they refuse it whatever
 * the role is tagged (`roleTagRefusal`, asked of the Allow's conditions on the role alone): its own that no value meets
 * together (`aws:ResourceTag/team: a` with `iam:ResourceTag/team: b`), or with those on the role of the Denies that
 * refuse each value they admit (`StringNotEquals iam:ResourceTag/team: b` beside `a`), which `denied` holds.
 */
function allowsRefusingOnRole(doc: PolicyDocument, allows: readonly Statement[], probe: Probe): OnRole {
  const denied = new Set<ConditionEntry>();
  const conditions = allows.flatMap((item) => {
    const onRole = item.conditions.filter((condition) => isRoleKey(condition.key));
    const applies = (statement: Statement, context: Probe['context']) => (statement === item ? evaluateConditions(onRole, context) : statementApplies(statement, { ...probe, context }));
    const refusal = roleTagRefusal(doc, item, onRole, probe.context, applies);
    const ofDenies = refusal?.denies.flatMap((deny) => deny.conditions.filter((condition) => isRoleKey(condition.key))) ?? [];
    for (const condition of ofDenies) denied.add(condition);
    return [...refusingOnRole([item], probe, false), ...(refusal?.conditions ?? []), ...ofDenies];
  });
  return { conditions: [...new Set(conditions)], denied };
}
