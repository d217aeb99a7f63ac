import type { ResourceGraph } from '../../src/graph/graph.js';
import { iamCatalog } from '../../src/iam/catalog.js';
import { evaluateConditions, substitutedText, variableKeys } from '../../src/iam/conditions.js';
import { requestContext, type RequestContext } from '../../src/iam/request.js';
import { actionApplies } from '../../src/iam/trust.js';
import type { ConditionEntry, PolicyDocument, Statement } from '../../src/model/policy.js';
import type { Resource } from '../../src/model/resource.js';
import type { Rule, RuleReport } from '../../src/model/rule.js';
import { policiesWithFindings } from '../support.js';
import { CREATED_BESIDE_RATIONALE, actionPath, appliesAtNoTime, conditionsDeciding, conditionsOnKeys, denied, docsInCase, elsewhereReadings, elsewhereText, foundAsReadOrInCases, grantedResources, grants, type HeldElsewhere, heldInCase, identityPolicies, identityPolicyGroups, type IdentityPolicy, listText, type Probe, notNamingWhen, orText, policyValues, possibleCases, principalNames, principalPolicies, type Reading, requestOf, surelyHeld, TAGGED_TYPE, unlessNamedText, type ValueCase, whenEachHolds, UNKNOWN_MEMBERSHIP_RATIONALE, MAYBE_ABSENT_DENY_RATIONALE, CHOSEN_VALUE_DENY_RATIONALE, TIME_WINDOW_DENY_RATIONALE, OWN_REQUESTS_RATIONALE } from './identity-policies.js';
import { withProperties } from '../../src/model/objects.js';
import { bothWhens, hasMarker } from '../../src/model/value.js';
import type { Tri } from '../../src/model/tri.js';

const TAGGING_ACTIONS = ['sagemaker:AddTags', 'sagemaker:DeleteTags'];
const RESOURCE_TAG_PREFIXES = ['sagemaker:resourcetag/', 'aws:resourcetag/'];

interface TagCondition {
  policy: IdentityPolicy;
  condition: ConditionEntry;
  /** The tag key the condition reads (`Project` of `sagemaker:ResourceTag/Project`). */
  tag: string;
  /** The statement the condition is in: an Allow's condition keeps a resource out where it fails, a Deny's where it holds. */
  statement: Statement;
}

export const identityAbacTagBypass: Rule = {
  meta: {
    id: 'identity-abac-tag-bypass',
    family: 'identity',
    severity: 'medium',
    title: 'Tag-based access that the principal can retag its way around',
    summary:
      'A principal\'s policies decide SageMaker access by `sagemaker:ResourceTag/*` or `aws:ResourceTag/*` conditions while also allowing `sagemaker:AddTags`/`DeleteTags` without limits that keep the tag from being set outside resource creation (`aws:TagKeys`, `sagemaker:TaggingAction`, `aws:RequestTag` with `aws:ResourceTag`) and without a Deny of them.',
    rationale:
      'Attribute-based access control on SageMaker resources holds only as long as the principal cannot change the tags it is judged by. The SageMaker identity-policy examples warn that user-defined tags "can be overridden if a resource is later updated", so that "a training job created with {Team: A} could be improperly updated and retagged as {Team: B}", and their tag-based examples deny `sagemaker:AddTags` and `sagemaker:DeleteTags` next to the ResourceTag conditions. deputy reads all the identity policies that reach one role, user or group together, a user\'s with those of the groups it is a member of: the tag conditions may sit in one policy and the tagging permission in another. A statement of a group\'s policy is reported once, for the group, not again for each member. A tagging Allow is limited when its conditions refuse every request that sets the tag key the access depends on outside resource creation (`aws:TagKeys`, `sagemaker:TaggingAction`, or `aws:RequestTag/<key>` together with `aws:ResourceTag/<key>`), or when a Deny refuses them: deputy asks for the tag set alone, beside another key (which a `ForAllValues` Deny of the tag alone lets through) or beside the keys a `ForAnyValue` condition names, and, where `aws:RequestTag/<key>` pins the value set, that value set on a resource of another value (pinning the value alone lets the principal take over another team\'s resources). A tag condition decides access only for actions that act on a resource that exists before the request: one on actions that only create the resource they act on (`sagemaker:CreateModel`, `sagemaker:CreateProcessingJob`, by the resource types the IAM catalog lists for them) is not one retagging can get around. A role, user or group the input attaches policies to by a name it does not declare is read with the policies the input attaches to that name in that account (Terraform: with one provider configuration), and a user with those of the groups the input puts it in, as far as deputy knows all it holds (a group\'s Deny of tagging refuses it, a group\'s tag condition decides its access); a policy attached to no role, user or group the input names is read alone. ' +
      MAYBE_ABSENT_DENY_RATIONALE +
      ' ' +
      UNKNOWN_MEMBERSHIP_RATIONALE +
      ' ' +
      CREATED_BESIDE_RATIONALE +
      ' ' +
      CHOSEN_VALUE_DENY_RATIONALE +
      ' ' +
      TIME_WINDOW_DENY_RATIONALE +
      ' ' +
      OWN_REQUESTS_RATIONALE,
    sources: [
      { title: 'Amazon SageMaker AI identity-based policy examples (Control access to SageMaker AI resources by using tags; Provide permissions for tagging)', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_id-based-policy-examples.html' },
      { title: 'How Amazon SageMaker AI works with IAM (Authorization based on SageMaker tags)', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_service-with-iam.html' },
    ],
    messages: {
      bypass:
        '{principal} can retag SageMaker resources around its tag-based access: {policy} allows {actions} with no limit (aws:TagKeys, sagemaker:TaggingAction, aws:RequestTag with aws:ResourceTag, or a Deny) that keeps it from setting the tag outside resource creation, while {abacPolicy} decides access by {tags}',
    },
    bad: [
      {
        title: 'Access by project tag, and free retagging',
        language: 'yaml',
        code: `- Effect: Allow
  Action: sagemaker:*
  Resource: "*"
  Condition:
    StringEquals:
      sagemaker:ResourceTag/Project: A
- Effect: Allow
  Action: sagemaker:AddTags
  Resource: "*"`,
      },
    ],
    good: [
      {
        title: 'The seed\'s pattern: deny retagging',
        language: 'yaml',
        code: `- Effect: Allow
  Action: sagemaker:*
  Resource: "*"
- Effect: Deny
  Action: sagemaker:*
  Resource: "*"
  Condition:
    StringEquals:
      sagemaker:ResourceTag/Project: B
- Effect: Deny
  Action: [sagemaker:AddTags, sagemaker:DeleteTags]
  Resource: "*"`,
      },
      {
        title: 'Tagging only while creating, untagging only of other keys',
        language: 'yaml',
        code: `- Effect: Allow
  Action: sagemaker:DescribeTrainingJob
  Resource: "*"
  Condition:
    StringEquals:
      sagemaker:ResourceTag/Project: A
- Effect: Allow
  Action: sagemaker:AddTags
  Resource: "*"
  Condition:
    StringEquals:
      sagemaker:TaggingAction: CreateTrainingJob
- Effect: Allow
  Action: sagemaker:DeleteTags
  Resource: "*"
  Condition:
    ForAllValues:StringEquals:
      aws:TagKeys: [Owner]
    "Null":
      aws:TagKeys: "false"`,
      },
    ],
    fix: 'Deny `sagemaker:AddTags` and `sagemaker:DeleteTags` to principals whose access depends on tags, or limit `sagemaker:AddTags` to resource creation with `StringEquals: {sagemaker:TaggingAction: [<the Create actions that need tags>]}` and `sagemaker:DeleteTags` to other keys with `ForAllValues:StringEquals: {aws:TagKeys: [<keys that decide no access>]}` beside `Null: {aws:TagKeys: "false"}`: ForAllValues alone also passes a request without the key (identity-forallvalues-without-null), and an aws:TagKeys limit on `sagemaker:AddTags` leaves it free to tag existing resources with other keys (identity-addtags-unscoped).',
  },
  check(graph, { now }) {
    const tagged = policiesWithFindings(identityPolicyGroups(graph), ({ doc }) => resourceTagConditions(doc.statements, now));
    if (tagged.length === 0) return [];
    const tagConditionsOf = new Map(tagged.map(({ policy, found }) => [policy, found]));
    const units = principalUnits(graph);
    // Groups first: a member reports a statement of its groups' policies only when the group does not.
    const ofGroups = new Map(units.filter((unit) => unit.principal?.kind === 'iam-group').map((unit) => [unit, unitFindings(graph, now, unit, tagConditionsOf, NO_REPORTS)]));
    const reportedForGroups = reportedIn([...ofGroups.values()].flat());
    const declared = units.flatMap((unit) => ofGroups.get(unit) ?? unitFindings(graph, now, unit, tagConditionsOf, reportedForGroups));
    // Principals the input does not declare are read with what it attaches to them (elsewhereReadings): a policy also
    // attached to declared principals does not take their Denies to that one. A statement reported for a declared
    // principal in any case is not reported again (one reported only in some case may hold for them in any other); one
    // reported for several others is reported once, naming them all.
    const reported = reportedIn(declared.filter(({ report }) => report.when === undefined));
    const elsewhere = new Map<IdentityPolicy, Map<Statement, { report: RuleReport; held: HeldElsewhere[] }>>();
    for (const unit of elsewhereUnits(graph)) {
      // What each principal the value may name is reported for is read once for the unit, not again for each statement.
      let ofNamed: NamedFindings | undefined;
      for (const { policy, statement, report } of unitFindings(graph, now, unit, tagConditionsOf, NO_REPORTS)) {
        if (reported.get(policy)?.has(statement)) continue;
        // The reading's own when, where it is another's (`report.when`), where the value names one of those it may (`whenNamedExposed`).
        const named = unit.mayName ? whenNamedExposed(unit.mayName, (ofNamed ??= namedFindings(graph, now, unit.mayName.principals, unit.policies, tagConditionsOf)), policy, statement, report.when) : report.when;
        if (named === null) continue;
        const when = bothWhens(named, unit.when);
        let byStatement = elsewhere.get(policy);
        if (!byStatement) elsewhere.set(policy, (byStatement = new Map()));
        const heldHere: HeldElsewhere = { names: unit.names, ...(when === undefined ? {} : { when }) };
        const known = byStatement.get(statement);
        if (known) known.held.push(heldHere);
        else byStatement.set(statement, { report, held: [heldHere] });
      }
    }
    // A name a declared principal has when a conditional chooses it is one made elsewhere only otherwise (`Reading.when`).
    const elsewhereReports = [...elsewhere.values()].flatMap((byStatement) =>
      [...byStatement.values()].map(({ report, held }) => {
        const when = whenEachHolds(held.map((entry) => entry.when));
        return withProperties(report, { data: { ...report.data, principal: elsewhereText(held, when) }, when });
      }),
    );
    return [...declared.map(({ report }) => report), ...elsewhereReports];
  },
};

/**
 * The identity policies of a role, user or group (`principalPolicies`: for a user, its groups' after its own), or those
 * read together for principals the input does not declare (`names`, see `elsewhereReadings`), and the documents their
 * Denies are read in: the policies' own, or those of the reading.
 */
interface PrincipalUnit extends Pick<Reading, 'userName' | 'principalArn' | 'principalTags'> {
  principal?: Resource;
  names?: readonly string[];
  policies: readonly IdentityPolicy[];
  docs: readonly PolicyDocument[];
}

/**
 * The statements reported, by the policy they were reported in: policies of one JSON text share their statements
 * (src/iam/normalize.ts), and a statement reported in one policy is not reported in another of that text.
 */
type Reported = ReadonlyMap<IdentityPolicy, ReadonlySet<Statement>>;

const NO_REPORTS: Reported = new Map();

function reportedIn(found: ReadonlyArray<{ policy: IdentityPolicy; statement: Statement }>): Reported {
  const reported = new Map<IdentityPolicy, Set<Statement>>();
  for (const { policy, statement } of found) reported.set(policy, (reported.get(policy) ?? new Set()).add(statement));
  return reported;
}

/**
 * Findings for one unit, with the policy and statement of each; a statement `skipped` in its policy is not reported
 * through a group's policy. The principal is named with when both the policy and the one whose tag condition is named
 * reach it, where a conditional not decided attaches either (or, for a user, puts it in the group it reaches).
 */
function unitFindings(graph: ResourceGraph, now: number, unit: PrincipalUnit, tagConditionsOf: ReadonlyMap<IdentityPolicy, ReadonlyArray<Omit<TagCondition, 'policy'>>>, skipped: Reported): Array<{ policy: IdentityPolicy; statement: Statement; report: RuleReport }> {
  const tagConditions = unit.policies.flatMap((policy) => (tagConditionsOf.get(policy) ?? []).map((found): TagCondition => ({ policy, ...found })));
  if (tagConditions.length === 0) return [];
  const tags = [...new Set(tagConditions.map((entry) => entry.tag))];
  const { docs } = unit;
  // The Denies are asked the unit's own requests (`requestOf`), as the other identity rules ask them: a Deny pinned to
  // the owner's aws:PrincipalAccount refuses its principals'.
  const requester = unit.principal ?? unit.policies[0]!.holder;
  const asRequested = (probe: Probe) => requestOf(requester, probe, unit.principal ? undefined : unit);
  const found: Array<{ policy: IdentityPolicy; statement: Statement; report: RuleReport }> = [];
  for (const policy of unit.policies) {
    const throughGroup = unit.principal !== undefined && !policy.principals.includes(unit.principal);
    const granting = [...new Set([policy.source, ...tagConditions.map((entry) => entry.policy.source)])];
    for (const statement of policy.doc.statements) {
      // Asked only of a statement that grants tagging: most grant none.
      if (statement.effect !== 'Allow' || (throughGroup && skipped.get(policy)?.has(statement)) || !TAGGING_ACTIONS.some((action) => grants(statement, action, now))) continue;
      // As the Denies are read, and where they leave a request open or refuse it only where some may not reach the
      // principal, as each case of the values they read gives them (`foundAsReadOrInCases`).
      const retaggingCases = foundAsReadOrInCases(
        () => possibleCases(graph, unit.principal, granting, docs),
        (valueCase) => retaggingIn(graph, unit.principal, docs, valueCase, (denies, left) => TAGGING_ACTIONS.filter((action) => grants(statement, action, now) && tags.some((tag) => canRetag(statement, denies, action, tag, refusesUntagged(tagConditions, tag), left, asRequested, now))), granting),
      );
      if (!retaggingCases) continue;
      // The actions left in each case the finding holds in; where they differ, one or another.
      const retagging = TAGGING_ACTIONS.filter((action) => retaggingCases.found.some(({ actions }) => actions.includes(action)));
      const sameInEach = retaggingCases.found.every(({ actions }) => actions.length === retagging.length);
      const { when } = retaggingCases;
      const first = tagConditions[0]!;
      found.push({
        policy,
        statement,
        report: {
          messageId: 'bypass',
          ...policyValues(
            policy,
            {
              principal: unit.principal ? principalNames([unit.principal], (principal) => bothWhens(graph.attachedWhen(policy.holder.address, principal.address), graph.attachedWhen(first.policy.holder.address, principal.address))) : elsewhereText([{ names: unit.names ?? [] }], undefined),
              actions: (sameInEach ? listText : orText)(retagging),
              abacPolicy: first.policy.name,
              tags: listText(tags.map((tag) => `the tag ${tag}`)),
            },
            { abacPolicy: first.policy.label },
          ),
          resource: policy.holder,
          locator: policy.doc.locator,
          path: actionPath(statement, retagging),
          ...(when !== undefined ? { when } : {}),
          related: [{ message: `tag condition ${first.condition.key}`, resource: first.policy.holder, locator: first.policy.doc.locator, path: first.condition.path }],
        },
      });
    }
  }
  return found;
}

/**
 * The tagging actions of the statement whose requests retag around the tag conditions (`retaggingWith` of the Denies,
 * each request left as `left` answers), as the Denies are read or as a case of the values they read gives them, and
 * when: where only Denies that may not reach the principal (`surelyHeld`, told the documents that grant, `granting`)
 * certainly refuse them, the finding holds where those do not; where a membership whose members are not known may
 * refuse them, or leave them open, it holds unless it names the user. Undefined where none is left.
 */
function retaggingIn(
  graph: ResourceGraph,
  principal: Resource | undefined,
  docs: readonly PolicyDocument[],
  valueCase: ValueCase | undefined,
  retaggingWith: (denies: readonly PolicyDocument[], left: (answer: Tri) => boolean) => string[],
  granting: readonly PolicyDocument[],
): { actions: string[]; when?: string } | undefined {
  const inCase = (denies: readonly PolicyDocument[], left = NOT_REFUSED) => retaggingWith(docsInCase(denies, valueCase), left);
  let actions = inCase(docs);
  let readWith = docs;
  let unless: string | undefined;
  if (actions.length === 0 && principal && inCase(docs, MAY_BE_LEFT).length === 0) {
    const held = surelyHeld(graph, principal, granting);
    const left = held && heldInCase(held, valueCase);
    if (held && left) {
      readWith = held.policies.map((kept) => kept.doc);
      actions = inCase(readWith);
      unless = left.unless;
    }
  }
  if (actions.length === 0) return undefined;
  // Refused, or left open, where a membership whose members are not known names the user: the finding holds only unless it does.
  const refused = actions.map((action) => (withNamed: readonly PolicyDocument[]) => !inCase(withNamed).includes(action));
  const when = bothWhens(unless, principal && unlessNamedText(graph, principal, readWith, refused));
  return { actions, ...(when === undefined ? {} : { when }) };
}

/**
 * The identity policies of each role, user and group a policy reaches, and of each member of such a group (a user
 * holds its groups' policies); a policy attached to none of them stands alone.
 */
function principalUnits(graph: ResourceGraph): PrincipalUnit[] {
  const policies = identityPolicies(graph);
  const principals = new Map<string, Resource>();
  for (const policy of policies) for (const principal of policy.principals) principals.set(principal.address, principal);
  for (const principal of [...principals.values()]) {
    if (principal.kind !== 'iam-group') continue;
    for (const edge of graph.edgesTo(principal.address, 'member-of')) {
      const user = graph.resource(edge.from);
      if (user && !principals.has(user.address)) principals.set(user.address, user);
    }
  }
  return [...principals.values()].map((principal) => unitOf(principal, principalPolicies(graph, principal.address)));
}

function unitOf(principal: Resource, policies: readonly IdentityPolicy[]): PrincipalUnit {
  return { principal, policies, docs: policies.map((policy) => policy.doc) };
}

type NamedFindings = ReadonlyArray<{ principal: Resource; findings: ReturnType<typeof unitFindings> }>;

/** What each declared principal a value not known may name is reported for, read with its policies and the unit's (those attached by that value). */
function namedFindings(graph: ResourceGraph, now: number, principals: readonly Resource[], policies: readonly IdentityPolicy[], tagConditionsOf: ReadonlyMap<IdentityPolicy, ReadonlyArray<Omit<TagCondition, 'policy'>>>): NamedFindings {
  return principals.map((principal) => {
    const held = principalPolicies(graph, principal.address);
    return { principal, findings: unitFindings(graph, now, unitOf(principal, [...held, ...policies.filter((named) => !held.includes(named))]), tagConditionsOf, NO_REPORTS) };
  });
}

/**
 * Of a value not known that may name declared principals (`Reading.mayName`), when a statement of the policy reported
 * for the principal it names holds: where it names none of those whose policies, with the unit's (those attached by
 * that value), leave the statement unreported (`notNamingWhen`), and where one it may name is exposed: another, where
 * the unit's report holds (`whenOther`), or a declared one, where its own report does. Null where it names no other
 * and each of them leaves the statement unreported.
 */
function whenNamedExposed(mayName: NonNullable<Reading['mayName']>, ofNamed: NamedFindings, policy: IdentityPolicy, statement: Statement, whenOther: string | undefined): string | undefined | null {
  const protecting: Resource[] = [];
  const exposedWhens = mayName.other ? [whenOther] : [];
  for (const { principal, findings } of ofNamed) {
    const found = findings.find((reported) => reported.policy === policy && reported.statement === statement);
    if (found) exposedWhens.push(found.report.when);
    else protecting.push(principal);
  }
  if (exposedWhens.length === 0) return null;
  return bothWhens(whenEachHolds(exposedWhens), notNamingWhen(mayName, protecting));
}

/**
 * The policies read together for principals the input does not declare, one unit for each reading (`elsewhereReadings`),
 * with all the reading holds: a user's groups' policies too, whose Denies refuse its requests and whose tag conditions
 * or tagging Allows are its own, as a declared user's (`principalPolicies`); and what the principals' requests carry of
 * their own (aws:username, aws:PrincipalArn, aws:PrincipalTag), which the Denies are asked with (`requestOf`).
 */
function elsewhereUnits(graph: ResourceGraph): readonly Reading[] {
  const readings = new Set<Reading>();
  for (const policy of identityPolicies(graph)) for (const reading of elsewhereReadings(graph, policy)) readings.add(reading);
  return [...readings];
}

/** ResourceTag conditions of statements that decide some SageMaker action: not of one that applies at no time from the scan at `now` on. */
function resourceTagConditions(statements: readonly Statement[], now: number): Array<Omit<TagCondition, 'policy'>> {
  return statements.flatMap((statement) => {
    const conditions = conditionsOnKeys(statement, [], RESOURCE_TAG_PREFIXES);
    if (conditions.length === 0 || appliesAtNoTime(statement, now) || !iamCatalog().actions('sagemaker').some((action) => !createsOnly(action) && actionApplies(statement, action) === true)) return [];
    return conditions.map((condition) => ({ condition, statement, tag: condition.key.slice(condition.key.indexOf('/') + 1) }));
  });
}

/**
 * A Create action whose every resource type is the one it creates (`sagemaker:CreateModel`: model): it acts on no
 * resource that exists before the request, so no tag that sagemaker:AddTags or DeleteTags changes decides it. Those
 * that also act on an existing resource (`CreateEndpoint`: its endpoint-config; `CreatePresignedDomainUrl`: a user
 * profile) still do.
 */
function createsOnly(action: string): boolean {
  let creates = createsOnlyByAction.get(action);
  if (creates === undefined) createsOnlyByAction.set(action, (creates = readCreatesOnly(action)));
  return creates;
}

/** `createsOnly`'s answers: asked of every SageMaker action for each statement with tag conditions, of a catalog that never changes. */
const createsOnlyByAction = new Map<string, boolean>();

function readCreatesOnly(action: string): boolean {
  const name = action.slice(action.indexOf(':') + 1).toLowerCase();
  if (!name.startsWith('create')) return false;
  // The type may carry a prefix (`CreateTrialComponent`: experiment-trial-component), the action a version
  // (`CreateAutoMLJobV2`: automl-job).
  const created = name.slice('create'.length).replace(/v\d+$/, '');
  const types = iamCatalog().actionResourceTypes(action);
  return types !== undefined && types.length > 0 && types.every((type) => typeNames(type).includes(created));
}

/** A resource type's name without hyphens, and each of its hyphen-separated endings (`trialcomponent`, `component`). */
function typeNames(type: string): string[] {
  const words = type.toLowerCase().split('-');
  return words.map((_, index) => words.slice(index).join(''));
}

/**
 * Whether a condition on the tag keeps a resource without it out: an Allow's that does not hold (`StringEquals`), a
 * Deny's that may (`StringNotEqualsIfExists`), for a request whose resource has neither aws:ResourceTag nor
 * sagemaker:ResourceTag of the tag. Where none does, an untagged resource is already in the principal's scope.
 */
function refusesUntagged(tagConditions: readonly TagCondition[], tag: string): boolean {
  const lower = tag.toLowerCase();
  const context = requestContext({}, [`aws:resourcetag/${lower}`, `sagemaker:resourcetag/${lower}`]);
  return tagConditions.some(({ condition, statement, tag: read }) => {
    if (read.toLowerCase() !== lower) return false;
    const answer = evaluateConditions([condition], context);
    return statement.effect === 'Deny' ? answer !== false : answer !== true;
  });
}

/**
 * A tagging request that sets the tag outside resource creation passes the statement's limits, and the Denies leave it
 * as the principal's requests make it (`asRequested`; `left` of their answer: no Deny refuses it, by default), from the
 * scan at `now` on.
 */
function canRetag(statement: Statement, docs: readonly PolicyDocument[], action: string, tag: string, untaggedKeptOut: boolean, left: (answer: Tri) => boolean, asRequested: (probe: Probe) => Probe | undefined, now: number): boolean {
  return retaggingRequests(statement, tag, untaggedKeptOut).some(({ context, limits }) => {
    if (evaluateConditions(limits, context) !== true) return false;
    return grantedResources(statement, action, now, TAGGED_TYPE).some((resource) => {
      const requested = asRequested({ action, ...resource, context, now });
      return requested !== undefined && left(denied(docs, requested));
    });
  });
}

const NOT_REFUSED = (answer: Tri): boolean => answer === false;
/** Not certainly refused: a Deny that rests on a value not known leaves the request open. */
const MAY_BE_LEFT = (answer: Tri): boolean => answer !== true;

/**
 * Requests outside resource creation that set the tag, each with the statement's conditions that decide it: with the tag
 * alone, beside another key (a `ForAllValues` Deny of the tag alone does not refuse it), or beside the keys the
 * statement's aws:TagKeys conditions name (a `ForAnyValue` Allow asks for one); each setting a value not known, or each
 * value the statement requires of the tag on a resource that holds another (another team's resource, taken over).
 */
function retaggingRequests(statement: Statement, tag: string, untaggedKeptOut: boolean): Array<{ context: RequestContext; limits: ConditionEntry[] }> {
  const requestTag = `aws:requesttag/${tag.toLowerCase()}`;
  const namedKeys = literalValuesOf(statement, 'aws:tagkeys').filter((key) => !key.includes('${'));
  const keySets = [[tag], [tag, OTHER_TAG_KEY], ...(namedKeys.length > 0 ? [[tag, ...namedKeys]] : [])];
  const resourceTags = [`aws:resourcetag/${tag.toLowerCase()}`, `sagemaker:resourcetag/${tag.toLowerCase()}`];
  const takeoverLimits = conditionsDeciding(statement, ['aws:tagkeys', 'sagemaker:taggingaction', requestTag, ...resourceTags]);
  const settings: Array<{ set: Record<string, string>; absent?: readonly string[]; limits: ConditionEntry[] }> = [{ set: {}, limits: conditionsDeciding(statement, ['aws:tagkeys', 'sagemaker:taggingaction', requestTag]) }];
  for (const written of new Set(literalValuesOf(statement, requestTag))) {
    // A value read from the principal (`${aws:PrincipalTag/Team}`) is its own: the request carries what it reads, one
    // text for each key, which a principal's requests write as its own value where it is told (`requestOf`).
    const principal = Object.fromEntries(variableKeys(written).map((key) => [key, `${PRINCIPAL_TAG_VALUE}(${key.toLowerCase()})`]));
    const value = substitutedText(written, requestContext(principal));
    if (value === undefined) continue;
    // On a resource of another value: one no policy names, or one the statement lets it tag.
    const held = new Set([`${value}${OTHER_TAG_VALUE}`, ...resourceTags.flatMap((key) => literalValuesOf(statement, key)).filter((other) => !other.includes('${') && other !== value)]);
    for (const other of held) settings.push({ set: { ...principal, [requestTag]: value, ...Object.fromEntries(resourceTags.map((key) => [key, other])) }, limits: takeoverLimits });
    // And on a resource without the tag (`StringEqualsIfExists: {aws:ResourceTag/<key>: ...}` lets it through): the tag
    // conditions refuse an untagged resource, and tagging it takes it in. Not where they let an untagged resource in
    // (`StringEqualsIfExists` there too): tagging it gives nothing they do not already.
    if (untaggedKeptOut) settings.push({ set: { ...principal, [requestTag]: value }, absent: resourceTags, limits: takeoverLimits });
  }
  return keySets.flatMap((keys) => settings.map(({ set, absent = [], limits }) => ({ context: requestContext({ 'aws:TagKeys': keys, ...set }, ['sagemaker:TaggingAction', ...absent]), limits })));
}

/** The values the statement's conditions on the key (lower-cased) write out: no wildcard or value not known, policy variables kept. */
function literalValuesOf(statement: Statement, key: string): string[] {
  return statement.conditions
    .filter((condition) => condition.key.toLowerCase() === key)
    .flatMap((condition) => condition.values.flatMap(({ value }) => (typeof value === 'string' && !hasMarker(value) && !/[*?]/.test(value.replace(/\$\{[^}]*\}/g, '')) ? [value] : [])));
}

/** A tag key, and a suffix making another tag value, that no policy names. */
const OTHER_TAG_KEY = 'deputy-other-key';
const OTHER_TAG_VALUE = '-deputy-other-value';
/** The value of the principal's own tag a policy variable reads, followed by the key it is of. */
const PRINCIPAL_TAG_VALUE = 'deputy-principal-value';
