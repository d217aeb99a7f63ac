import { accountOfAwsPrincipal, actionApplies, anyAllowed, awsCallerProbes, awsPrincipalAdmits, callerPartition, directCallerProbe, principalApplies, requestTimes, withCallerChosenKeys, type AwsCaller, type ProbeCaller, type RoleFacts } from '../../src/iam/trust.js';
import { joinArn, splitArn } from '../../src/model/arn.js';
import type { Fix } from '../../src/model/finding.js';
import type { Path } from '../../src/model/location.js';
import type { ConditionEntry, PolicyDocument, PolicyValue, Statement } from '../../src/model/policy.js';
import type { Rule, RuleContext, RuleReport } from '../../src/model/rule.js';
import type { Resource } from '../../src/model/resource.js';
import { valueAt } from '../../src/graph/graph.js';
import { PROBE_NAME, Unresolved, displayString, refMarker, tokenize, unresolvedPieceOf } from '../../src/model/value.js';
import { conditionsOn, nameOf, policiesWithFindings, roleFacts, show, trustPolicyGroups } from '../support.js';
import { conditionEdit, conditionEditAction, conditionSnippet, contentNote, coveringForEveryRole, coveringStatement, editedConditions, editedConditionSnippet, fixTarget, isTerraformSyntax, ofDocument, ownStatementSyntax, removalFix, syntaxNote, type ConditionEdit, type FixTarget, writtenInJson } from './fix.js';
import { admittingValue, conditionsReport } from './service-trust.js';
import { withProperties } from '../../src/model/objects.js';

export const trustCrossAccountWithoutExternalId: Rule = {
  meta: {
    id: 'trust-cross-account-without-external-id',
    family: 'trust',
    severity: 'medium',
    title: 'Another account may assume the role without an external id',
    summary:
      'An AWS principal of another account (a literal account id or ARN) may assume the role without sts:ExternalId, aws:PrincipalOrgID or MFA conditions.',
    rationale:
      'When a third party (a vendor, a partner, a SaaS) assumes a role in your account, the third party is itself a deputy acting for many customers. Without a per-customer sts:ExternalId, another of its customers can make it use your role: the confused deputy. AWS recommends an external id for every third-party role, or an organization or MFA condition for your own accounts. deputy evaluates the trust policy for a principal of the named account that is outside your organization (in no organization, or in one of its own), has no MFA (the key absent, or `false`), sends either no external id or one of its own choosing (what a deputy acting for another customer would send), and sets what it controls (tags, session name, source IP) to suit the policy (not the role\'s own keys, the same whoever calls: aws:ResourceAccount, its account; aws:ResourceTag/<key> or iam:ResourceTag/<key>, one tag under either name with its key read in any case, its tags, as a template\'s `Tags`, a configuration\'s `tags` over its provider\'s `default_tags` or a plan\'s `tags_all` write them; aws:ResourceOrgID and aws:ResourceOrgPaths, its account\'s organization, which deputy does not know: a condition pinning one to the role\'s own value lets the partner in, a Deny under it refuses every caller, and one on a value deputy does not know reports nothing alone), calling now or later, never in the past (aws:CurrentTime, aws:EpochTime: a trust that expired does not count, and a Deny protects only when it applies now and at every later time the Allow does; one second alone, `StringEquals aws:CurrentTime` or `DateEquals` of an instant, admits or refuses nothing, and the scan\'s own second is past by the time the template is deployed); it reports when such a call would be allowed. So `Null` or `IfExists` on sts:ExternalId, a tag condition, or an organization pattern every organization meets (`StringLike aws:PrincipalOrgID "o-*"`), does not count.',
    sources: [
      { title: 'IAM User Guide: Access to AWS accounts owned by third parties (external ID)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html' },
      { title: 'IAM User Guide: The confused deputy problem', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html' },
    ],
    messages: {
      crossAccount: 'principal {principal} of account {account} may assume role {role} without sts:ExternalId, aws:PrincipalOrgID or MFA conditions',
      otherConditions:
        'principal {principal} of account {account} may assume role {role} without sts:ExternalId, aws:PrincipalOrgID or MFA conditions, only {conditions}, which the partner meets whichever customer it acts for',
      weakCondition: 'principal {principal} of account {account} may assume role {role} without a real external id, organization or MFA check: {operator} {key} {values} lets any caller of that account through',
      emptyCondition: 'principal {principal} of account {account} may assume role {role} without a real external id, organization or MFA check: {operator} {key} "" tests no value (an empty value is unset, and no request carries one)',
    },
    bad: [
      {
        title: 'A partner account with no external id',
        language: 'yaml',
        code: `Statement:
  - Effect: Allow
    Principal:
      AWS: arn:aws:iam::210987654321:root
    Action: sts:AssumeRole`,
      },
    ],
    good: [
      {
        title: 'The partner must present the external id it issued for you',
        language: 'yaml',
        code: `Statement:
  - Effect: Allow
    Principal:
      AWS: arn:aws:iam::210987654321:root
    Action: sts:AssumeRole
    Condition:
      StringEquals:
        sts:ExternalId: !Ref PartnerExternalId`,
      },
    ],
    fix: 'Add `Condition: {StringEquals: {sts:ExternalId: <id the partner gave you>}}`; for accounts of your own organization use `aws:PrincipalOrgID`, for people `aws:MultiFactorAuthPresent`. Where another statement already lets the partner in with an external id, for each action, deputy says to take the partner out of the statement (the statement out, where it trusts nothing else) instead of trusting it a second time under another id; where that statement gives less, the condition deputy writes reads the parameter or variable it reads the id from, not a new one.',
  },
  check(graph, context) {
    const reports: RuleReport[] = [];
    for (const { policy: { role, doc }, found } of policiesWithFindings(trustPolicyGroups(graph), (policy) => unguardedPartners(policy.doc, context, roleFacts(policy)))) {
      const facts = roleFacts({ role, doc });
      for (const partner of found) {
        const target = fixTarget(role, doc, partner.statement);
        const { syntax, document, content, condition } = target;
        const request = partnerRequest(doc, partner, context.now);
        // Another statement may already let the partner in with an external id, in each role the statement is written for.
        const covered = content
          ? undefined
          : coveringForEveryRole(graph, { role, doc, statement: partner.statement }, `partner\u0000${String(partner.entry.value)}`, (one) => {
              // This role's own entry reuses its request and facts; another role's may hold this very statement object
              // (a plan beside its .tf folder), but is read with its own document and facts.
              if (one.role === role && one.statement === partner.statement) return coveringPartnerStatement(doc, partner, request, facts, context.now);
              const entry = one.statement.principal?.AWS.find((other) => other.value === partner.entry.value);
              const theirs = entry && { ...partner, statement: one.statement, entry };
              return theirs && coveringPartnerStatement(one.doc, theirs, partnerRequest(one.doc, theirs, context.now), roleFacts(one), context.now);
            });
        // The parameter or variable another statement reads the partner's external id from: the fix reads it too.
        const holder = request.expected && externalIdHolder(role, doc, request.expected, isTerraformSyntax(syntax));
        reports.push({
          ...(partner.weak
            ? { messageId: partner.weak.empty ? 'emptyCondition' : 'weakCondition', data: withProperties(partner.data, { role: nameOf(role), ...partner.weak.data }), path: partner.weak.path }
            : partner.statement.conditions.length > 0
              ? // The statement's other conditions (time, tags, principal ARN, ...) let the partner in: the message names them.
                { messageId: 'otherConditions', ...conditionsReport({ ...partner.data, role: nameOf(role) }, partner.statement.conditions), path: partner.entry.path, part: partner.data.account }
              : { messageId: 'crossAccount', data: withProperties(partner.data, { role: nameOf(role) }), path: partner.entry.path, part: partner.data.account }),
          resource: role,
          locator: doc.locator,
          fix: covered
            ? removalFix(syntax, document, partner.statement, { type: 'AWS', value: displayString(partner.entry.value as string) }, '', 'trusts it with an external id', doc.locator.locate(covered.covering.path), covered.sharing)
            : externalIdFix(target, partner.data.principal, context, { shared: partner.shared, replace: partner.weak !== undefined, edit: conditionEdit(role, partner.statement, [EXTERNAL_ID_CONDITION], condition), statement: partner.statement, ...(holder ? { holder } : {}) }),
        });
      }
    }
    return reports;
  },
};

interface UnguardedPartner {
  entry: PolicyValue;
  data: { principal: string; account: string };
  /** The statement that lets the partner in. */
  statement: Statement;
  /** The partner condition that exists but lets any caller of the account through. */
  weak?: { data: { operator: string; key: string; values: string }; path: Path; empty: boolean };
  /** The statement names other principals too. */
  shared: boolean;
}

/** AWS principals of other accounts that the policy lets assume the role (`role` tells of) as a confused partner would call. */
function unguardedPartners(doc: PolicyDocument, context: RuleContext, role: RoleFacts): UnguardedPartner[] {
  const found: UnguardedPartner[] = [];
  // The partner sets what it controls (its session names, tags, source IPs) to suit the policy.
  const asPartnerSeesIt = withCallerChosenKeys(doc);
  // It calls now or later, not in the past: at the times the policy's time conditions tell apart.
  const times = requestTimes(doc, context.now);
  for (const statement of doc.statements) {
    if (statement.effect !== 'Allow' || !statement.principal || actionApplies(statement) === false) continue;
    for (const entry of statement.principal.AWS) {
      if (typeof entry.value !== 'string' || entry.value === '*') continue;
      const account = accountOfAwsPrincipal(entry.value);
      if (!account || !/^\d{12}$/.test(account) || context.trustedAccounts?.includes(account)) continue;
      const named = /^\d{12}$/.test(entry.value) || entry.value.endsWith(':root') ? [] : [entry.value];
      // A PrincipalArn condition narrows who in that account may call, not whether the call is a confused deputy: the
      // partner calls as a principal one names, in this statement or in another (a Deny of every other principal).
      const arnsOf = (statements: readonly Statement[]) =>
        statements
          .flatMap((pinning) => conditionsOn(pinning, ['aws:principalarn']))
          .flatMap((condition) => condition.values)
          .flatMap((value) => {
            const parts = typeof value.value === 'string' ? splitArn(value.value) : undefined;
            // Of the role's partition, where it is known: no principal of another assumes it (`callerPartition`).
            return parts?.account === account ? [joinArn({ ...parts, partition: callerPartition(parts.partition, role) }).replace(/[*?]/g, 'x')] : [];
          });
      const pinnedArns = arnsOf([statement]);
      const elsewhere = arnsOf(doc.statements.filter((other) => other !== statement));
      // An empty ARN stands for some other role of that account, which a policy naming none is asked about.
      const others = elsewhere.length > 0 && named.length + pinnedArns.length === 0 ? ['', ...elsewhere] : elsewhere;
      const probes = awsCallerProbes(account, [...named, ...pinnedArns, ...others], { chooses: 'external-id', times, role });
      const verdict = anyAllowed(asPartnerSeesIt, probes);
      // Report the statement that lets the partner in, not another one that names it with a working condition.
      if (verdict.allowed !== true || !verdict.decision!.allowing.some((allowing) => allowing.index === statement.index)) continue;
      // The partner got in through another principal of the statement (its account id beside an ARN of another
      // partition, which admits no caller of the role's): this one is not reported.
      if (awsPrincipalAdmits(entry, verdict.probe!.caller as AwsCaller) === false) continue;
      const weak = [...conditionsOn(statement, PARTNER_CONDITION_KEYS), ...(statement.unsetConditions ?? []).filter((condition) => PARTNER_CONDITION_KEYS.includes(condition.key.toLowerCase()))][0];
      found.push({
        entry,
        data: { principal: show(entry.value), account },
        statement,
        ...(weak
          ? { weak: { data: { operator: weak.operator, key: weak.key, values: weak.values.map((value) => (value.value === '' ? '""' : show(value.value))).join(', ') || '""' }, path: admittingValue(weak, verdict.probe!.context)?.path ?? weak.path, empty: weak.values.every((value) => value.value === '') } }
          : {}),
        shared: statement.principal.AWS.length + statement.principal.Service.length > 1,
      });
    }
  }
  return found;
}

/** How the partner calls directly (its ARN where the statement names one), and the external id another Allow statement that may apply to it expects, if one does. */
interface PartnerRequest {
  arn?: string;
  caller: ProbeCaller;
  expected?: PolicyValue;
}

function partnerRequest(doc: PolicyDocument, { statement, entry, data: { account } }: UnguardedPartner, now: number): PartnerRequest {
  const written = entry.value as string;
  const arn = /^\d{12}$/.test(written) || written.endsWith(':root') ? undefined : written;
  const caller = directCallerProbe(account, now, { ...(arn ? { arn } : {}) }).caller;
  const expected = doc.statements
    .filter((other) => other !== statement && other.effect === 'Allow' && principalApplies(other, caller) !== false)
    .flatMap((other) => conditionsOn(other, ['sts:externalid']))
    .flatMap((condition) => condition.values)[0];
  return { ...(arn ? { arn } : {}), caller, ...(expected ? { expected } : {}) };
}

/**
 * The name of the parameter (CloudFormation) or variable (Terraform) an external id is read from, where the input tells
 * it: one without a value is read as written (`PartnerId`, `var.partner_id`), a template's `Ref` of one with a default
 * as Fn::Sub would write it (`${PartnerId}`), a Terraform variable read whole (with a default, or a plan's value beside
 * its `.tf` files) by the name the locator tells (`Locator.variableReadAt`: also where a heredoc's `"${var.partner_id}"`
 * renders it). Undefined for a value written out, or read from anything else (a plan alone holds every value, and no
 * expression).
 */
function externalIdHolder(role: Resource, doc: PolicyDocument, expected: PolicyValue, terraform: boolean): string | undefined {
  const { value, path } = expected;
  // A value written alone, not in a list, is the first of its condition's values: its path names the list's first place.
  const at = path.at(-1) === 0 && !Array.isArray(valueAt(role.properties, path.slice(0, -1))) ? path.slice(0, -1) : path;
  // A value not known is one alone, or the one piece of a text (JSON text, a heredoc, that interpolates it whole).
  const unresolved = value instanceof Unresolved ? value : typeof value === 'string' && tokenize(value).length === 1 ? unresolvedPieceOf(value) : undefined;
  // A policy document data source's value is read where its block's `values` writes it (the path with its index).
  if (terraform && !unresolved) return doc.locator.variableReadAt?.(path) ?? (at === path ? undefined : doc.locator.variableReadAt?.(at));
  const written = unresolved ? unresolved.written : /^\$\{([^}]+)\}$/.exec(role.templateText?.(at)?.text ?? '')?.[1];
  if (written === undefined) return undefined;
  return terraform ? /^var\.([A-Za-z_][\w-]*)$/.exec(written)?.[1] : /^[A-Za-z0-9]+$/.test(written) ? written : undefined;
}

/**
 * Another Allow statement that already lets the partner in with an external id, as the fix would (`coveringStatement`):
 * with the partner out of the statement, the policy still lets it in sending the external id a statement that may apply
 * to it expects, for each action the statement gives, and no longer without one. The fix then takes the partner out
 * of the statement (or the statement out) rather than trusting it a second time under another external id. The id
 * expected is often a parameter or a variable not known here: the partner sends it whatever it is, so the policy is
 * read with that value as a text the partner's request holds.
 */
function coveringPartnerStatement(doc: PolicyDocument, { statement, entry, data: { account } }: UnguardedPartner, { arn, caller, expected }: PartnerRequest, role: RoleFacts, now: number): Statement | undefined {
  if (!expected) return undefined;
  const sent = String(expected.value);
  const issued = `${PROBE_NAME}-issued-external-id`;
  const sends = (condition: ConditionEntry): ConditionEntry =>
    condition.key.toLowerCase() === 'sts:externalid' ? withProperties(condition, { values: condition.values.map((value) => (String(value.value) === sent ? withProperties(value, { value: issued }) : value)) }) : condition;
  // The statement stays the one the fix is for; the others read the id as the partner sends it.
  const read = withProperties(doc, { statements: doc.statements.map((other) => (other === statement ? other : withProperties(other, { conditions: other.conditions.map(sends) }))) });
  return coveringStatement(read, statement, {
    caller,
    without: (set) => withProperties(set, { AWS: set.AWS.filter((other) => other !== entry) }),
    owner: () => [directCallerProbe(account, now, { ...(arn ? { arn } : {}), sent: { 'sts:ExternalId': [issued] }, role })],
    open: (rest) => anyAllowed(withCallerChosenKeys(rest), awsCallerProbes(account, arn ? [arn] : [], { chooses: 'external-id', times: requestTimes(rest, now), role })).allowed !== false,
  });
}

/** Conditions meant to stop a confused partner: when they exist but fail, the finding points at them. */
const PARTNER_CONDITION_KEYS = ['sts:externalid', 'aws:principalorgid', 'aws:principalorgpaths', 'aws:multifactorauthpresent', 'aws:multifactorauthage'];

/** What the fix writes for the external id where the user writes it in the policy's text (`WrittenValue`). */
const EXTERNAL_ID_PLACEHOLDER = '<external-id>';

/**
 * The name of the parameter or variable the fix makes up for a partner's external id: after its account
 * (`PartnerExternalId210987654321`, `partner_external_id_210987654321`). An account `mask` masks (a NoEcho
 * parameter's value or Default, a sensitive variable's value) would make the name `PartnerExternalId<Partner>`, no valid
 * code, and the secret is not to be written into a name (CloudFormation shows a parameter's name where it masks a NoEcho
 * value): the name is then after the masked value's parameter or variable (`PartnerExternalIdForPartner`,
 * `partner_external_id_for_partner`), and the item of it that gives the account where it holds several
 * (`<Partners[1]>`: `PartnerExternalIdForPartners1`; `<var.partners.ci>`: `partner_external_id_for_partners_ci`), one
 * name per partner, which holds none of the value; neutral where the mask is not one name alone.
 */
function externalIdName(terraform: boolean, account: string, mask: RuleContext['mask']): string {
  const shown = account && mask ? mask(account) : account;
  const masked = shown !== account;
  // `<Partner>`, `<var.partner_account>`, `<Partners[1]>`: the name of what gives the value, in the characters a name may hold.
  const from = masked ? /^<(?:var\.)?([A-Za-z][^<>]*)>$/.exec(shown)?.[1] : undefined;
  const suffix = masked ? (from === undefined ? '' : terraform ? `_for_${from.match(/\w+/g)!.join('_')}` : `For${from.replace(/[^A-Za-z0-9]/g, '')}`) : terraform ? (account ? `_${account}` : '') : account;
  return terraform ? `partner_external_id${suffix}` : `PartnerExternalId${suffix}`;
}

/** The condition the fix adds, its value aside. */
const EXTERNAL_ID_CONDITION = { operator: 'StringEquals', key: 'sts:ExternalId' };

/**
 * The external id as a NoEcho parameter (CloudFormation) or a sensitive variable (Terraform): the value the partner
 * issued for this account never sits in the code.
 */
function externalIdFix(target: FixTarget, principal: string, context: RuleContext, how: { shared: boolean; replace: boolean; edit: ConditionEdit; statement: Statement; holder?: string }): Fix {
  const { syntax, document, owner, content, readFrom } = target;
  const terraform = isTerraformSyntax(syntax);
  const of = ofDocument(document);
  // A Condition an interpolation writes is written anew in the statement, not in one of its own.
  const rewritten = how.edit.kind === 'written' && !how.shared;
  // The statement trusts the principal, not its Condition: the Condition replaced is named as the statement's.
  const verb = how.replace ? `Use this Condition instead of the one in the statement${of}` : `${conditionEditAction(how.edit, 1)} the statement${of}`;
  const where = how.shared ? `Trust ${principal} in a statement of its own${document ? ` in ${document}` : ''} (each partner issues its own external id) with this Condition` : `${verb} that trusts ${principal}`;
  // Each partner issues its own external id: one variable per partner account, named after it.
  const account = /(?:^|:)(\d{12})(?::|$)/.exec(principal)?.[1] ?? '';
  const variable = how.holder ?? externalIdName(terraform, account, context.mask);
  const holder = !terraform
    ? `a parameter ${variable} (Type: String, NoEcho: true)`
    : writtenInJson(syntax)
      ? `a variable ${variable} ("variable": { "${variable}": { "type": "string", "sensitive": true } })`
      : `a variable ${variable} (type = string, sensitive = true)`;
  const what = 'the external id the partner issued for this account';
  // JSON text a parameter or a mapping gives is taken as it is: no parameter can give the id there, which is written in it.
  const written = !terraform && syntax === 'json-text' && readFrom !== undefined ? { placeholder: EXTERNAL_ID_PLACEHOLDER, what, holder } : undefined;
  const conditions = [{ ...EXTERNAL_ID_CONDITION, values: [written ? EXTERNAL_ID_PLACEHOLDER : refMarker(terraform ? `var.${variable}` : variable)] }];
  // Written anew, the statement's other conditions are kept and an external id it pins replaced.
  const edited = rewritten ? editedConditions(target, how.edit, how.statement, conditions, (entry) => entry.key.toLowerCase() !== 'sts:externalid') : undefined;
  const inText = edited ? edited.note : syntax === 'json-text' && readFrom === undefined ? ` (in the policy's JSON text, which must be an Fn::Sub for \${${variable}} to resolve: write a plain string as !Sub (Fn::Sub), and each other \${ in it as \${!)` : contentNote(content, how.shared ? 'statement' : 'conditions') + syntaxNote(how.shared ? ownStatementSyntax(syntax) : syntax, conditions, owner, readFrom, written);
  return {
    description: written ? `${where}${inText}` : how.holder ? `${where}, reading the external id ${terraform ? `var.${variable}` : `parameter ${variable}`} holds, as another statement of the policy does${inText}` : `${where}, and ${holder} holding ${what}${inText}`,
    snippet: edited?.snippet ?? (how.shared ? conditionSnippet(ownStatementSyntax(syntax), conditions) : how.replace ? conditionSnippet(syntax, conditions) : editedConditionSnippet(syntax, how.edit, conditions)),
  };
}
