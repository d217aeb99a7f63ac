import type { ResourceGraph } from '../../src/graph/graph.js';
import type { MalformedProblem, PolicyDocument } from '../../src/model/policy.js';
import type { Resource } from '../../src/model/resource.js';
import type { Rule } from '../../src/model/rule.js';
import { tokenize } from '../../src/model/value.js';
import { policyLabel, allPolicyGroups, policiesWithFindings } from '../support.js';

export const policyMalformed: Rule = {
  meta: {
    id: 'policy-malformed',
    family: 'policy',
    severity: 'high',
    title: 'Policy that AWS rejects at deploy time',
    summary:
      'A statement or principal that AWS rejects: no Effect, an unknown principal type, an AWS principal that is not an account id or an IAM/STS principal ARN (`arn:aws:iam::root`, wildcards inside an ARN, a CloudFormation `Ref` of a role or user, which gives its name), a Condition that is not an object, both Action and NotAction (or Resource and NotResource), an element outside the grammar (`dAction`), an unknown Version, an action without a service prefix ("Actions/Conditions must be prefaced by a vendor"), an identity policy\'s Resource or NotResource entry that is neither `*` nor an ARN (`my-bucket`, `my-bucket/*`: "must be in ARN format"), a trust statement without Principal or with a Resource or NotResource ("Has prohibited field Resource"), an identity policy with a Principal, an identity statement with neither Resource nor NotResource ("Policy statement must contain resources": an aws_iam_policy_document statement whose resources are an empty list writes none), two statements with one Sid ("Statement IDs (SID) in a single policy must be unique"; the AWS provider refuses an aws_iam_policy_document whose own statements, or source documents, repeat one).',
    rationale:
      'IAM validates policy grammar when the role or policy is created: a malformed statement fails the deployment (CloudFormation rolls the stack back) or, in a policy some tool accepted, does not mean what it says. deputy reports each structural problem where it is and still reads the rest of the policy, so the other rules see every valid statement.',
    sources: [
      { title: 'IAM User Guide: Grammar of the IAM JSON policy language', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html' },
      { title: 'IAM User Guide: AWS JSON policy elements: Principal', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html' },
    ],
    messages: {
      malformed: '{policy}: {problem} (AWS rejects this policy at deploy time)',
    },
    bad: [
      {
        title: 'A principal type that does not exist',
        language: 'yaml',
        code: `Statement:
  - Effect: Allow
    Principal:
      Services: sagemaker.amazonaws.com
    Action: sts:AssumeRole`,
      },
    ],
    good: [
      {
        title: 'Service, AWS, Federated or CanonicalUser',
        language: 'yaml',
        code: `Statement:
  - Effect: Allow
    Principal:
      Service: sagemaker.amazonaws.com
    Action: sts:AssumeRole
    Condition:
      StringEquals:
        aws:SourceAccount: !Ref AWS::AccountId`,
      },
    ],
    fix: 'Correct the element as the message says: every statement needs `Effect: Allow|Deny` and exactly one of `Action`/`NotAction`; principals are `"*"` or an object of `AWS`, `Service`, `Federated`, `CanonicalUser`, and an AWS principal is `"*"`, an account id or an ARN such as `arn:aws:iam::<account>:root` / `role/<name>`; `Condition` is an object of `operator: {key: values}`.',
  },
  check(graph) {
    // JSON text refused where a value not known statically is written (a heredoc interpolating a variable with no
    // default where JSON expects a value or a list) may well be valid as AWS receives it: not reported.
    const known = ({ holder, doc }: { holder: Resource; doc: PolicyDocument }) => [
      ...doc.problems.filter((problem) => !problem.restsOnUnknown),
      ...principalNames(graph, holder, doc),
      ...resourceNames(graph, holder, doc),
    ];
    return policiesWithFindings(allPolicyGroups(graph), known).flatMap(({ policy: { holder, doc }, found: problems }) => {
      const policy = policyLabel(doc, holder);
      return problems.map((problem) => ({
        messageId: 'malformed',
        data: { policy, problem: problem.message },
        // Where in the text it is is shown, but is a line number: not part of the fingerprint.
        ...(problem.position === undefined ? {} : { exposure: { problem: `${problem.message} (${problem.position})` } }),
        resource: holder,
        locator: doc.locator,
        path: problem.path,
      }));
    });
  },
};

/** What a CloudFormation `Ref` gives of these types: the name, which IAM refuses as a principal. */
const NAMED_BY_REF: Readonly<Record<string, string>> = { 'AWS::IAM::Role': 'role', 'AWS::IAM::User': 'user' };

/**
 * AWS principals of a CloudFormation trust policy that are a `Ref` of a role or user of the template: its name, not its
 * ARN, which IAM refuses ("Invalid principal in policy"); checkAwsPrincipal leaves references alone, not knowing them.
 */
function principalNames(graph: ResourceGraph, holder: Resource, doc: PolicyDocument): MalformedProblem[] {
  if (holder.format !== 'cloudformation' || doc.kind !== 'trust') return [];
  const problems: MalformedProblem[] = [];
  for (const statement of doc.statements) {
    for (const entry of [...(statement.principal?.AWS ?? []), ...(statement.notPrincipal?.AWS ?? [])]) {
      const logicalId = loneRef(entry.value);
      const kind = logicalId === undefined ? undefined : NAMED_BY_REF[graph.resource(`${holder.file}#${logicalId}`)?.type ?? ''];
      if (kind) problems.push({ path: entry.path, message: `AWS principal Ref ${logicalId} is the name of ${kind} ${logicalId}, not its ARN, and IAM refuses a name as a principal ("Invalid principal in policy"): use Fn::GetAtt ${logicalId}.Arn` });
    }
  }
  return problems;
}

/** What a CloudFormation `Ref` gives of these types where an identity policy needs an ARN: the name. */
const RESOURCE_NAMED_BY_REF: Readonly<Record<string, string>> = { ...NAMED_BY_REF, 'AWS::IAM::Group': 'group' };

/**
 * Resource and NotResource entries of a CloudFormation identity policy that are a `Ref` of a role, user or group of the
 * template (`iam:PassRole` on `!Ref Role`): its name, which IAM refuses ("must be in ARN format"), as it refuses
 * `my-role` written literally; normalize leaves references alone, not knowing them.
 */
function resourceNames(graph: ResourceGraph, holder: Resource, doc: PolicyDocument): MalformedProblem[] {
  if (holder.format !== 'cloudformation' || doc.kind !== 'identity') return [];
  const problems: MalformedProblem[] = [];
  for (const statement of doc.statements) {
    for (const entry of [...(statement.resource ?? []), ...(statement.notResource ?? [])]) {
      const logicalId = loneRef(entry.value);
      const kind = logicalId === undefined ? undefined : RESOURCE_NAMED_BY_REF[graph.resource(`${holder.file}#${logicalId}`)?.type ?? ''];
      if (kind) problems.push({ path: entry.path, message: `resource Ref ${logicalId} is the name of ${kind} ${logicalId}, not its ARN, and IAM refuses a name as a resource (it must be in ARN format or "*"): use Fn::GetAtt ${logicalId}.Arn` });
    }
  }
  return problems;
}

/** The logical id a value is the `Ref` of, alone (`!Ref Role`, `!Sub '${Role}'`). */
function loneRef(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const tokens = tokenize(value);
  const [token] = tokens;
  return tokens.length !== 1 || !token || 'literal' in token || token.kind !== 'ref' || token.payload.includes('.') ? undefined : token.payload;
}
