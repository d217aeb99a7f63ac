import type { ResourceGraph } from '../../src/graph/graph.js';
import type { MalformedProblem, PolicyDocument } from '../../src/model/policy.js';
import type { Path } from '../../src/model/location.js';
import type { Resource } from '../../src/model/resource.js';
import type { Rule } from '../../src/model/rule.js';
import { displayString, hasMarker, loneReferencePayload, prop } from '../../src/model/value.js';
import { policyLabel, allPolicyGroups, policiesWithFindings, trustPolicyGroups, type TrustPolicy } from '../support.js';
import { partitionOfRegion } from '../../src/model/arn.js';
import { otherPartitionWritten } from '../../src/iam/trust.js';
import { modulePrefix } from '../../parsers/terraform/same-named.js';
import { isNameAttribute, type PrincipalKind } from '../../parsers/terraform/resources.js';

export const policyMalformed: Rule = {
  meta: {
    id: 'policy-malformed',
    family: 'policy',
    severity: 'high',
    title: 'Policy that AWS rejects at deploy time',
    summary:
      'A statement, principal or policy text that IAM or the AWS provider refuses when the role or policy is created: a missing or misplaced element, a principal or Resource IAM does not take, a repeated or malformed Sid, a policy text that is not JSON.',
    details:
      'What it reports: no Effect, an unknown principal type, an AWS principal that is not an account id or an IAM/STS principal ARN (`arn:aws:iam::root`, wildcards inside an ARN, a CloudFormation `Ref` of a role or user, or a Terraform reference to its `name` or `id`, which give its name), an AWS principal ARN of another partition than the role\'s where its region tells that partition (a Terraform provider\'s or plan\'s `us-east-1` role trusting `arn:aws-cn:iam::<account>:root` or `arn:aws-us-gov:...`: "Invalid principal in policy", no role delegates access across partitions; a CloudFormation template does not tell its stack\'s partition and is left alone), a Condition that is not an object, both Action and NotAction (or Resource and NotResource, or Principal and NotPrincipal), an element outside the grammar (`dAction`), an unknown Version, an action without a service prefix ("Actions/Conditions must be prefaced by a vendor"), an identity policy\'s Resource or NotResource entry that is neither `*` nor an ARN (`my-bucket`, `my-bucket/*`, the name of a role, user or group: "must be in ARN format"), a trust statement without Principal or with a Resource or NotResource ("Has prohibited field Resource"), an identity policy with a Principal, an identity statement with neither Resource nor NotResource ("Policy statement must contain resources": an aws_iam_policy_document statement whose resources are an empty list writes none), two statements with one Sid ("Statement IDs (SID) in a single policy must be unique"; the AWS provider refuses an aws_iam_policy_document whose own statements, or source documents, repeat one), a Sid that is a list or an object, or text that holds other characters than ASCII letters and digits (a number may reach IAM as its text, and is left alone), or that is built with a value of the owner all of whose values hold one (`Read${AWS::Region}`: every region name has `-`; `${AWS::URLSuffix}`, `${AWS::StackId}`, Terraform\'s `data.aws_region` and `data.aws_partition`\'s `dns_suffix`; not the partition, the account id or the stack\'s name, which may be letters and digits, nor a parameter or variable) ("Statement IDs (SID) must be alpha-numeric": `allow-s3 read`; an aws_iam_policy_document writes its `sid` as given, and the S3, KMS, SQS or SNS resource policies that take other Sids are not read). In Terraform, a policy text that is not JSON and holds no value known only after apply (a byte order mark `file()` keeps included) is reported as the AWS provider refuses it: at plan time.',
    rationale:
      'IAM validates policy grammar when the role or policy is created: a malformed statement fails the deployment (CloudFormation rolls the stack back) or, in a policy some tool accepted, does not mean what it says. deputy reports each structural problem where it is and still reads the rest of the policy, so the other rules see every valid statement.',
    sources: [
      { title: 'IAM User Guide: Grammar of the IAM JSON policy language', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html' },
      { title: 'IAM User Guide: AWS JSON policy elements: Principal', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html' },
      { title: 'IAM User Guide: IAM JSON policy elements: Sid', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html' },
      { title: 'AWS Knowledge Center: How do I resolve the IAM trust policy error "Invalid principal in policy"?', url: 'https://repost.aws/knowledge-center/iam-trust-policy-error' },
    ],
    messages: {
      malformed: '{policy}: {problem} ({refusal})',
    },
    variants: {
      refusal: {
        deploy: 'AWS rejects this policy at deploy time',
        plan: 'the AWS provider refuses this policy at plan time: it cannot read it as JSON',
      },
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
    fix: 'Correct the element as the message says: every statement needs `Effect: Allow|Deny` and exactly one of `Action`/`NotAction`, and a trust statement exactly one of `Principal`/`NotPrincipal`; principals are `"*"` or an object of `AWS`, `Service`, `Federated`, `CanonicalUser`, and an AWS principal is `"*"`, an account id or an ARN such as `arn:aws:iam::<account>:root` / `role/<name>`; `Condition` is an object of `operator: {key: values}`.',
  },
  check(graph) {
    // JSON text refused where a value not known statically is written (a heredoc interpolating a variable with no
    // default where JSON expects a value or a list) may well be valid as AWS receives it: not reported.
    const known = ({ holder, doc }: { holder: Resource; doc: PolicyDocument }) => [
      ...doc.problems.filter((problem) => !problem.restsOnUnknown),
      ...principalNames(graph, holder, doc),
      ...resourceNames(graph, holder, doc),
    ];
    // A principal of another partition is refused on the role it is written for, whose partition its region tells:
    // trust policies are grouped by it where a principal writes a partition out (`trustPolicyGroups`).
    const held = policiesWithFindings(allPolicyGroups(graph), known);
    const inOtherPartition = policiesWithFindings(trustPolicyGroups(graph), otherPartitionPrincipals).map(({ position, policy: { role, doc }, found }) => ({ position, policy: { holder: role, doc }, found }));
    return [...held, ...inOtherPartition].flatMap(({ policy: { holder, doc }, found: problems }) => {
      const policy = policyLabel(doc, holder);
      return problems.map((found) => {
        // What to write instead of a Ref depends on where it is written: the group's policies differ there.
        const problem = 'named' in found ? { ...found, message: `${found.message}: ${arnAdvice(holder, doc, found.path, found.named)}` } : found;
        return {
          messageId: 'malformed',
          data: { policy, problem: problem.message },
          // Where in the text it is is shown, but is a line number: not part of the fingerprint.
          ...(problem.position === undefined ? {} : { exposure: { problem: `${problem.message} (${problem.position})` } }),
          ...('refusedAtPlan' in problem ? { variants: { refusal: 'plan' } } : {}),
          resource: holder,
          locator: doc.locator,
          path: problem.path,
        };
      });
    });
  },
};

/**
 * A role's, user's or group's name where its ARN is needed: the message says what to write instead (`arnAdvice`) for
 * each policy of the group, which may write the Ref differently (`!Ref Role`, `!Sub '${Role}'`) or be the resource's own.
 */
interface NameProblem {
  path: Path;
  message: string;
  named: NameOf & { as: 'principal' | 'resource' };
}

/** What a CloudFormation `Ref` gives of these types: the name, which IAM refuses as a principal. */
const NAMED_BY_REF: Readonly<Record<string, string>> = { 'AWS::IAM::Role': 'role', 'AWS::IAM::User': 'user' };

/**
 * Terraform types whose name attributes (`isNameAttribute`: `name`, and `id`, which the AWS provider makes the name of a
 * role, user or group; its `unique_id` is IAM's id, left alone here) IAM refuses as a principal.
 */
const NAMED_BY_ATTRIBUTE: Readonly<Record<string, NamedKind>> = { aws_iam_role: 'role', aws_iam_user: 'user' };
/** The principal kinds a name reference is reported for, which the message names as they are written (`role`). */
type NamedKind = Exclude<PrincipalKind, 'managedPolicy'>;

/** A value that is the name of a role, user or group of the template or configuration, written alone, and how to write its ARN. */
interface NameOf {
  written: string;
  kind: string;
  entity: string;
  arn: string;
}

/**
 * The role, user or group (of the kinds given per format) whose name the value is: a CloudFormation `Ref` of it, or a
 * Terraform reference to its `name` or `id` (`aws_iam_role.caller.name`), which stays a name whether or not the
 * configuration writes it (a generated name is not known before apply, but is no ARN either).
 */
function nameOf(graph: ResourceGraph, holder: Resource, value: unknown, cloudFormation: Readonly<Record<string, string>>, terraform: Readonly<Record<string, NamedKind>>): NameOf | undefined {
  const payload = typeof value === 'string' ? loneReferencePayload(value) : undefined;
  if (payload === undefined) return undefined;
  if (holder.format === 'cloudformation') {
    if (payload.includes('.')) return undefined;
    const kind = cloudFormation[graph.resource(`${holder.address.slice(0, holder.address.length - holder.name.length)}${payload}`)?.type ?? ''];
    return kind ? { written: `Ref ${payload}`, kind, entity: payload, arn: `Fn::GetAtt ${payload}.Arn` } : undefined;
  }
  if (holder.format !== 'terraform' && holder.format !== 'terraform-plan') return undefined;
  const dot = payload.lastIndexOf('.');
  if (dot < 0) return undefined;
  const address = payload.slice(0, dot);
  const kind = terraform[graph.resource(address)?.type ?? ''];
  if (!kind || !isNameAttribute(kind, payload.slice(dot + 1))) return undefined;
  // The reference as the module that declares the resource writes it: no module's `.tf` refers to another module's
  // resources by their address (`module.m.aws_iam_role.r`), and an instance key may be written as each.key or count.index.
  const declaring = modulePrefix(address);
  const inModule = address.slice(declaring.length);
  const attribute = payload.slice(dot + 1);
  const keyed = inModule.endsWith(']');
  const reference = `${inModule}.arn${keyed ? ` (the same reference with .arn in place of .${attribute}, its index as written)` : ''}`;
  // Read through another module (an output of the module that declares it, an input its call passes): the ARN is
  // given where that module reads the name.
  const arn = declaring === modulePrefix(holder.address) ? reference : `the ${kind}'s ARN where its .${attribute} is read (${reference} ${declaring === '' ? 'in the root module' : `in ${declaring.slice(0, -1)}`}), and pass that on`;
  return { written: payload, kind, entity: address, arn };
}

/**
 * AWS principals of a trust policy that name a role or user of the template or configuration by its name (a
 * CloudFormation `Ref`, a Terraform `.name` or `.id`), not its ARN, which IAM refuses ("Invalid principal in policy");
 * checkAwsPrincipal leaves references alone, not knowing them.
 */
function principalNames(graph: ResourceGraph, holder: Resource, doc: PolicyDocument): NameProblem[] {
  if (doc.kind !== 'trust') return [];
  const problems: NameProblem[] = [];
  for (const statement of doc.statements) {
    for (const entry of [...(statement.principal?.AWS ?? []), ...(statement.notPrincipal?.AWS ?? [])]) {
      const named = nameOf(graph, holder, entry.value, NAMED_BY_REF, NAMED_BY_ATTRIBUTE);
      if (named) problems.push({ path: entry.path, message: `AWS principal ${named.written} is the name of ${named.kind} ${named.entity}, not its ARN, and IAM refuses a name as a principal ("Invalid principal in policy")`, named: { ...named, as: 'principal' } });
    }
  }
  return problems;
}

/**
 * AWS principals of a trust policy whose ARN writes out another partition than the role's, where its region tells it
 * (`partitionOfRegion`: a Terraform provider's or the resource's own region, a plan's): IAM refuses them ("Invalid
 * principal in policy": no role delegates access across partitions), and the trust rules read them as admitting no
 * caller (`AwsCaller.partition`). A role whose partition is not known (a CloudFormation template) is left alone.
 */
function otherPartitionPrincipals({ role, doc }: TrustPolicy): MalformedProblem[] {
  const partition = partitionOfRegion(role.region);
  if (partition === undefined) return [];
  const problems: MalformedProblem[] = [];
  for (const statement of doc.statements) {
    for (const entry of [...(statement.principal?.AWS ?? []), ...(statement.notPrincipal?.AWS ?? [])]) {
      const written = typeof entry.value === 'string' ? otherPartitionWritten(entry.value, partition) : undefined;
      if (written === undefined) continue;
      problems.push({ path: entry.path, message: `AWS principal "${displayString(entry.value as string)}" is in partition ${written}, but the role is in partition ${partition}, and IAM refuses a principal of another partition ("Invalid principal in policy"): no role delegates access across partitions` });
    }
  }
  return problems;
}

/** What a CloudFormation `Ref` gives of these types where an identity policy needs an ARN: the name. */
const RESOURCE_NAMED_BY_REF: Readonly<Record<string, string>> = { ...NAMED_BY_REF, 'AWS::IAM::Group': 'group' };
const RESOURCE_NAMED_BY_ATTRIBUTE: Readonly<Record<string, NamedKind>> = { ...NAMED_BY_ATTRIBUTE, aws_iam_group: 'group' };

/**
 * Resource and NotResource entries of an identity policy that name a role, user or group of the template or
 * configuration by its name (`iam:PassRole` on `!Ref Role`, on `aws_iam_role.job.name`), which IAM refuses ("must be
 * in ARN format"), as it refuses `my-role` written literally; normalize leaves references alone, not knowing them.
 */
function resourceNames(graph: ResourceGraph, holder: Resource, doc: PolicyDocument): NameProblem[] {
  if (doc.kind !== 'identity') return [];
  const problems: NameProblem[] = [];
  for (const statement of doc.statements) {
    for (const entry of [...(statement.resource ?? []), ...(statement.notResource ?? [])]) {
      const named = nameOf(graph, holder, entry.value, RESOURCE_NAMED_BY_REF, RESOURCE_NAMED_BY_ATTRIBUTE);
      if (named) problems.push({ path: entry.path, message: `resource ${named.written} is the name of ${named.kind} ${named.entity}, not its ARN, and IAM refuses a name as a resource (it must be in ARN format or "*")`, named: { ...named, as: 'resource' } });
    }
  }
  return problems;
}

/**
 * What to write for the ARN of the role, user or group `logicalId` where its Ref is written. Its `Fn::GetAtt ...Arn`,
 * except in the resource's own policy (its trust policy, its own `Policies`): CloudFormation refuses a resource that
 * reads its own attribute ("Circular dependency between resources"). Inside an Fn::Sub's text, the Fn::Sub form.
 */
function arnAdvice(holder: Resource, doc: PolicyDocument, path: Path, { entity: logicalId, kind, arn: reference, as }: NameProblem['named']): string {
  if (holder.format !== 'cloudformation') return `use ${reference}`;
  if (holder.name === logicalId) {
    // The name the ARN is built of (RoleName, UserName or GroupName) and its Path, as an Fn::Sub writes them.
    const nameKey = `${kind[0]!.toUpperCase()}${kind.slice(1)}Name`;
    const name = writtenText(holder, nameKey);
    const arn = `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:${kind}${writtenText(holder, 'Path') ?? '/'}${name ?? `<${nameKey}>`}`;
    const named = name !== undefined ? '' : `give the ${kind} a ${nameKey} (without one CloudFormation makes up a name no policy can write beforehand) and `;
    const own = `Fn::GetAtt ${logicalId}.Arn in its own ${as === 'principal' ? 'trust policy' : 'policy'} is a circular dependency CloudFormation refuses`;
    if (as === 'resource') return `${own}: ${named}write the ARN as the Fn::Sub text ${arn}`;
    // IAM checks that a role an ARN principal names exists when the trust policy is saved, which the role is not while
    // CloudFormation creates it with that policy; the value of a condition names nothing IAM checks.
    return (
      `${own}, and IAM refuses the role's ARN written out ("Invalid principal in policy"), since the role does not exist yet when its trust policy is created: ` +
      `${named}trust its account, arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root, with the Condition ArnEquals aws:PrincipalArn ${arn} (both as Fn::Sub text); ` +
      `the role's own policy must allow sts:AssumeRole on that ARN too, as for any principal of an account a role trusts`
    );
  }
  return writtenInSub(holder, doc, path) ? `write \${${logicalId}.Arn} in the Fn::Sub` : `use ${reference}`;
}

/** A string property as an Fn::Sub writes it (`${Prefix}-job`); undefined where it is not written, or not as text. */
function writtenText(holder: Resource, key: string): string | undefined {
  const written = holder.templateText?.(['Properties', key])?.text;
  if (written !== undefined) return written;
  const value = prop(holder.properties, key);
  return typeof value === 'string' && !hasMarker(value) ? value : undefined;
}

/** Whether the value at a path is written in the text of an Fn::Sub (`!Sub '${Role}'`, a policy's JSON text an Fn::Sub writes). */
function writtenInSub(holder: Resource, doc: PolicyDocument, path: Path): boolean {
  const written = holder.expressionKey?.(path) ?? (doc.writtenAsText ? holder.expressionKey?.(doc.path) : undefined);
  if (written === undefined) return false;
  const node: unknown = JSON.parse(written);
  return typeof node === 'object' && node !== null && Object.hasOwn(node, 'Fn::Sub');
}
