import { actionApplies, strangerAllowed, type RoleFacts } from '../../src/iam/trust.js';
import type { Path } from '../../src/model/location.js';
import type { PolicyDocument, Statement } from '../../src/model/policy.js';
import type { Rule, RuleReport } from '../../src/model/rule.js';
import { nameOf, policiesWithFindings, roleFacts, trustPolicyGroups } from '../support.js';
import { ownAccountFix } from './fix.js';
import { conditionsReport } from './service-trust.js';

export const trustAnyPrincipal: Rule = {
  meta: {
    id: 'trust-any-principal',
    family: 'trust',
    severity: 'critical',
    title: 'Any principal may assume the role',
    summary:
      'A trust statement with `Principal: "*"`, `{"AWS": "*"}` or an Allow with NotPrincipal lets principals of any AWS account assume the role, and no condition pins the caller.',
    rationale:
      'A wildcard principal in a trust policy means every IAM principal in every AWS account. Only a condition that pins the caller — aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn, aws:SourceAccount or a secret sts:ExternalId — keeps strangers out. deputy evaluates the whole policy (Deny statements included) for a caller from an unrelated account that may bring its own MFA, external id and organization, and that sets whatever it controls (session name, tags, source IP, the names of its own roles and of their sessions, which aws:PrincipalArn and aws:userid hold: `StringLike aws:PrincipalArn: "*:role/admin"` or `aws:userid: "*:admin"` pins no caller) to suit the policy (not the role\'s own keys, the same whoever calls: aws:ResourceAccount, its account; aws:ResourceTag/<key> or iam:ResourceTag/<key>, one tag under either name with its key read in any case, its tags, as a template\'s `Tags`, a configuration\'s `tags` over its provider\'s `default_tags` or a plan\'s `tags_all` write them; aws:ResourceOrgID and aws:ResourceOrgPaths, its account\'s organization, which deputy does not know: a condition pinning one to the role\'s own value pins no caller, a Deny under it refuses every one, and one on a value deputy does not know reports nothing alone), and for a service acting on behalf of another account (a wildcard principal admits services too, so an `aws:SourceAccount` condition must pin the account); it reports when either would be allowed. Both call now or later, never in the past (aws:CurrentTime, aws:EpochTime): a trust that expired admits nobody, one that opens later will admit, and a Deny protects only when it applies now and at every later time the Allow does; one second alone (`StringEquals aws:CurrentTime` or `DateEquals` of an instant) admits or refuses nothing, and the scan\'s own second is past by the time the template is deployed.',
    sources: [
      { title: 'IAM User Guide: AWS JSON policy elements: Principal', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html' },
      { title: 'IAM User Guide: AWS JSON policy elements: NotPrincipal', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html' },
    ],
    messages: {
      anyPrincipal: 'any principal of any AWS account may assume role {role}: {principal} with no condition that pins the caller',
      otherConditions:
        'any principal of any AWS account may assume role {role}: {principal} with no condition that pins the caller, only {conditions}, which a caller of any account can meet',
    },
    bad: [
      {
        title: 'Everyone',
        language: 'yaml',
        code: `Statement:
  - Effect: Allow
    Principal: "*"
    Action: sts:AssumeRole`,
      },
    ],
    good: [
      {
        title: 'Everyone in the organization',
        language: 'yaml',
        code: `Statement:
  - Effect: Allow
    Principal: { AWS: "*" }
    Action: sts:AssumeRole
    Condition:
      StringEquals:
        aws:PrincipalOrgID: o-a1b2c3d4e5`,
      },
    ],
    fix: 'Name the trusted accounts or roles in `Principal`, or add a condition that pins the caller (`aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:PrincipalArn`). deputy prints the `aws:PrincipalAccount` condition with the stack\'s own account, or the statement of its own that `{"AWS": "*"}` moves to when the statement trusts others too; where another statement already lets in the principals of this account alone, for each action, it says to take the wildcard out of the statement (the statement out, where it trusts nothing else) instead; none for a role that SageMaker resources use, which needs SageMaker trusted in a statement of its own beside it.',
  },
  check(graph, context) {
    const reports: RuleReport[] = [];
    for (const { policy: { role, doc }, found } of policiesWithFindings(trustPolicyGroups(graph), (policy) => strangerAdmissions(policy.doc, context.now, roleFacts(policy)))) {
      for (const { principal, path, statement } of found) {
        const fix = ownAccountFix(graph, role, doc, statement, context.now);
        reports.push({
          // The statement's conditions (time, MFA, session name, ...) let the caller in: the message names them.
          ...(statement.conditions.length > 0
            ? { messageId: 'otherConditions', ...conditionsReport({ role: nameOf(role), principal }, statement.conditions) }
            : { messageId: 'anyPrincipal', data: { role: nameOf(role), principal } }),
          resource: role,
          locator: doc.locator,
          path,
          ...(fix ? { fix } : {}),
        });
      }
    }
    return reports;
  },
};

/**
 * The wildcard principals through which a caller of another account, or a service acting for one, gets in, with their
 * statements: requests on the role `role` tells of, from the scan's instant `now` on.
 */
function strangerAdmissions(doc: PolicyDocument, now: number, role: RoleFacts): Array<{ principal: string; path: Path; statement: Statement }> {
  const wildcard = doc.statements.filter(
    (statement) =>
      statement.effect === 'Allow' &&
      actionApplies(statement) !== false &&
      // A statement with both Principal and NotPrincipal (which IAM refuses: policy-malformed) is read by its Principal, as principalApplies reads it.
      (statement.principal ? statement.principal.any || statement.principal.AWS.some((entry) => entry.value === '*') : statement.notPrincipal !== undefined),
  );
  if (wildcard.length === 0) return [];
  const verdict = strangerAllowed(doc, now, role);
  if (verdict.allowed !== true) return [];
  return wildcard
    .filter((item) => verdict.decision!.allowing.some((allowing) => allowing.index === item.index))
    .map((statement) => {
      const star = statement.principal?.AWS.find((entry) => entry.value === '*');
      const path = statement.principal?.any ? statement.principal.path : star ? star.path : statement.notPrincipal!.path;
      const principal = statement.principal?.any ? 'Principal "*"' : star ? 'Principal {"AWS": "*"}' : 'Allow with NotPrincipal';
      return { principal, path, statement };
    });
}
