import { describe, expect, it } from 'vitest';
import { scanTree } from '../parsers/terraform/helpers.js';

/**
 * The identity rules read a policy's Resource and NotResource in the partition of the principals it reaches, where their
 * region tells it: no principal acts on a resource of another partition, so an entry written in another names none of
 * theirs, and is read as written (the owner's partition) where the partition is not known.
 */
const provider = (region: string, alias?: string) => `provider "aws" {\n${alias ? `  alias  = "${alias}"\n` : ''}  region = "${region}"\n}\n`;
const RULES = ['identity-passrole-unscoped', 'identity-full-admin', 'identity-addtags-unscoped', 'identity-sagemaker-guardrail-missing', 'identity-abac-tag-bypass', 'sagemaker-execution-role-admin'];
const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'];
const nameOf = (partition: string) => `r_${partition.replace(/-/g, '_')}`;

/** A role whose policy grants, in the partition, what each rule reports, and a notebook that runs as it. */
const role = (partition: string, providerLine = '') => {
  const name = nameOf(partition);
  return `resource "aws_iam_role" "${name}" {
  ${providerLine}name               = "${name}"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })
  inline_policy {
    name = "access"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [
        { Effect = "Allow", Action = "sagemaker:DescribeTrainingJob", Resource = "*", Condition = { StringEquals = { "sagemaker:ResourceTag/Project" = "A" } } },
        { Effect = "Allow", Action = "*", Resource = "arn:${partition}:*" },
      ]
    })
  }
}
resource "aws_sagemaker_notebook_instance" "${name}" {
  ${providerLine}name          = "${name.replace(/_/g, '-')}"
  instance_type = "ml.t3.medium"
  role_arn      = aws_iam_role.${name}.arn
}
`;
};

/** The roles each rule reports, by rule. */
async function reported(tree: Record<string, string>): Promise<Record<string, string[]>> {
  const result = await scanTree(tree);
  expect(result.errors).toEqual([]);
  const byRule = Object.fromEntries(RULES.map((ruleId) => [ruleId, [] as string[]]));
  for (const finding of result.findings) if (finding.ruleId in byRule) byRule[finding.ruleId]!.push(/aws_iam_role\.(\w+)/.exec(finding.resource.address)?.[1] ?? finding.resource.address);
  for (const ruleId of RULES) byRule[ruleId] = [...new Set(byRule[ruleId])].sort();
  return byRule;
}

describe('identity rules in the partition the principals\' region tells', () => {
  const roles = PARTITIONS.map((partition) => role(partition)).join('');

  it.each([
    ['us-east-1', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
  ])('in %s, each rule reports the role whose Resource is of its partition (%s) alone', async (region, own) => {
    const byRule = await reported({ 'main.tf': provider(region) + roles });
    for (const ruleId of RULES) expect(byRule[ruleId], ruleId).toEqual([nameOf(own)]);
  });

  it('without a region (or one whose partition deputy does not know), each Resource is read as written: every role is reported', async () => {
    for (const main of [roles, provider('us-isob-east-1') + roles]) {
      const byRule = await reported({ 'main.tf': main });
      for (const ruleId of RULES) expect(byRule[ruleId], ruleId).toEqual(PARTITIONS.map(nameOf).sort());
    }
  });

  it('reads one module\'s policies, whose statements its instances share, in each instance\'s partition', async () => {
    const instance = (name: string, alias: string) => `module "${name}" {\n  source    = "./m"\n  providers = { aws = aws.${alias} }\n}\n`;
    const main = provider('us-east-1', 'east') + provider('cn-north-1', 'china') + instance('east', 'east') + instance('china', 'china');
    const result = await scanTree({ 'main.tf': main, 'm/main.tf': role('aws') });
    expect(result.errors).toEqual([]);
    for (const ruleId of RULES) {
      const found = result.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.resource.address);
      expect([...new Set(found)], ruleId).toEqual([`module.east.aws_iam_role.${nameOf('aws')}`]);
    }
  });
});

describe('AWS managed policy ARNs in the partition the role\'s region tells', () => {
  /** A role attached to AdministratorAccess of the partition, by managed_policy_arns or by an attachment, and a notebook that runs as it. */
  const attached = (partition: string) => {
    const name = nameOf(partition);
    return `resource "aws_iam_role" "${name}" {
  name                = "${name}"
  assume_role_policy  = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })
  managed_policy_arns = ["arn:${partition}:iam::aws:policy/AdministratorAccess"]
}
resource "aws_iam_role" "${name}_attached" {
  name               = "${name}_attached"
  assume_role_policy = aws_iam_role.${name}.assume_role_policy
}
resource "aws_iam_role_policy_attachment" "${name}" {
  role       = aws_iam_role.${name}_attached.name
  policy_arn = "arn:${partition}:iam::aws:policy/IAMFullAccess"
}
${['', '_attached'].map((suffix) => `resource "aws_sagemaker_notebook_instance" "${name}${suffix}" {
  name          = "${name.replace(/_/g, '-')}${suffix.replace(/_/g, '-')}"
  instance_type = "ml.t3.medium"
  role_arn      = aws_iam_role.${name}${suffix}.arn
}
`).join('')}`;
  };
  const roles = PARTITIONS.map(attached).join('');
  const adminRoles = async (main: string) => {
    const result = await scanTree({ 'main.tf': main });
    expect(result.errors).toEqual([]);
    return result.findings.filter((finding) => finding.ruleId === 'sagemaker-execution-role-admin').map((finding) => finding.resource.address).sort();
  };

  it.each([
    ['us-east-1', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
  ])('in %s, sagemaker-execution-role-admin reports the roles attached to the policies of its partition (%s) alone: IAM attaches no other', async (region, own) => {
    expect(await adminRoles(provider(region) + roles)).toEqual([`aws_iam_role.${nameOf(own)}`, `aws_iam_role.${nameOf(own)}_attached`]);
  });

  it('without a region (or one whose partition deputy does not know), every ARN is read as attached', async () => {
    const every = PARTITIONS.flatMap((partition) => [`aws_iam_role.${nameOf(partition)}`, `aws_iam_role.${nameOf(partition)}_attached`]).sort();
    for (const main of [roles, provider('us-isob-east-1') + roles]) expect(await adminRoles(main)).toEqual(every);
  });
});

describe('messages that quote Resource or NotResource, as the principals\' partition reads them', () => {
  const policy = (statement: string) => `resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })
  inline_policy {
    name   = "access"
    policy = jsonencode({ Version = "2012-10-17", Statement = [${statement}] })
  }
}
`;
  const passRoleMessage = async (main: string) => {
    const result = await scanTree({ 'main.tf': main });
    expect(result.errors).toEqual([]);
    return result.findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => finding.message);
  };
  const LEFT_OUT = "left out: in another partition than aws, where the policy's principals are";

  it.each([
    ['a NotResource of another partition alone', '{ Effect = "Allow", Action = "iam:PassRole", NotResource = "arn:aws-cn:iam::*:role/*" }', `on every resource (NotResource arn:aws-cn:iam::*:role/* ${LEFT_OUT}) with`],
    ['a NotResource of both', '{ Effect = "Allow", Action = "iam:PassRole", NotResource = ["arn:aws:iam::*:role/admin", "arn:aws-us-gov:iam::*:role/*"] }', `on every resource but arn:aws:iam::*:role/admin (NotResource arn:aws-us-gov:iam::*:role/* ${LEFT_OUT}) with`],
    ['a Resource of both', '{ Effect = "Allow", Action = "iam:PassRole", Resource = ["arn:aws:iam::*:role/*", "arn:aws-cn:iam::*:role/*"] }', `on arn:aws:iam::*:role/* (Resource arn:aws-cn:iam::*:role/* ${LEFT_OUT}) with`],
  ])('in us-east-1, %s: the message names the entries left out', async (_name, statement, text) => {
    const messages = await passRoleMessage(provider('us-east-1') + policy(statement));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(text);
  });

  it('where the partition is not known, the entries are quoted as written', async () => {
    const messages = await passRoleMessage(policy('{ Effect = "Allow", Action = "iam:PassRole", Resource = ["arn:aws:iam::*:role/*", "arn:aws-cn:iam::*:role/*"] }'));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('on arn:aws:iam::*:role/*, arn:aws-cn:iam::*:role/* with');
  });

  it('a Resource "*" beside entries of another partition is Resource "*", and says nothing of them', async () => {
    const messages = await passRoleMessage(provider('us-east-1') + policy('{ Effect = "Allow", Action = "iam:PassRole", Resource = ["*", "arn:aws-cn:iam::*:role/*"] }'));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('on Resource "*" with');
  });
});

describe('a Deny on aws:PrincipalArn, in the partition the principal\'s region tells', () => {
  /** User bob, allowed iam:PassRole on "*" and denied it under `operator aws:PrincipalArn: arn`. */
  const userBob = (providerBlock: string, operator: string, arn: string) => `${providerBlock}data "aws_partition" "current" {}
resource "aws_iam_user" "bob" {
  name = "bob"
}
resource "aws_iam_user_policy" "pass" {
  user = aws_iam_user.bob.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "iam:PassRole", Resource = "*" },
      { Effect = "Deny", Action = "iam:PassRole", Resource = "*", Condition = { ${operator} = { "aws:PrincipalArn" = "${arn}" } } },
    ]
  })
}
`;
  const messages = async (providerBlock: string, operator: string, arn: string) =>
    (await scanTree({ 'main.tf': userBob(providerBlock, operator, arn) })).findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => finding.message);
  const FIRES = ['policy aws_iam_user_policy.pass (attached to user aws_iam_user.bob) allows iam:PassRole on Resource "*" with no iam:PassedToService condition: user aws_iam_user.bob can hand any role to any service'];
  const WRITTEN = 'arn:aws:iam::*:user/bob';
  const SYMBOL = 'arn:${data.aws_partition.current.partition}:iam::*:user/bob';
  const OTHER_USER = 'arn:aws:iam::*:user/alice';
  // Every partition's name starts with aws: bob's ARN in any of them.
  const ANY_PARTITION = 'arn:aws*:iam::*:user/bob';
  const NO_REGION = 'provider "aws" {}\n';
  const IN: Record<string, string> = { 'us-east-1': provider('us-east-1'), 'cn-north-1': provider('cn-north-1'), 'no region': NO_REGION };

  // In us-east-1 bob's ARN is `arn:aws:...`, in cn-north-1 `arn:aws-cn:...`; without a region it is in the owner's
  // partition, which `aws` may be or not: a Deny that refuses bob in some partitions only may apply, and makes no finding.
  it.each<[string, string, string, boolean]>([
    ['us-east-1', 'ArnLike', WRITTEN, false],
    ['cn-north-1', 'ArnLike', WRITTEN, true],
    ['no region', 'ArnLike', WRITTEN, false],
    ['us-east-1', 'ArnNotLike', WRITTEN, true],
    ['cn-north-1', 'ArnNotLike', WRITTEN, false],
    ['no region', 'ArnNotLike', WRITTEN, false],
    ['us-east-1', 'ArnLike', SYMBOL, false],
    ['cn-north-1', 'ArnLike', SYMBOL, false],
    ['no region', 'ArnLike', SYMBOL, false],
    ['us-east-1', 'ArnNotLike', SYMBOL, true],
    ['cn-north-1', 'ArnNotLike', SYMBOL, true],
    ['no region', 'ArnNotLike', SYMBOL, true],
    ['us-east-1', 'ArnLike', OTHER_USER, true],
    ['cn-north-1', 'ArnLike', OTHER_USER, true],
    ['no region', 'ArnLike', OTHER_USER, true],
    ['no region', 'ArnNotLike', OTHER_USER, false],
    // StringLike compares whole strings, where a `*` may span colons: the partition is read wherever it stands.
    ['us-east-1', 'StringLike', WRITTEN, false],
    ['cn-north-1', 'StringLike', WRITTEN, true],
    ['no region', 'StringLike', WRITTEN, false],
    ['no region', 'StringLike', OTHER_USER, true],
    ['no region', 'ArnNotLike', ANY_PARTITION, true],
    ['no region', 'StringNotLike', ANY_PARTITION, true],
    ['no region', 'ArnLike', ANY_PARTITION, false],
    ['cn-north-1', 'ArnNotLike', ANY_PARTITION, true],
  ])('in %s, %s %s: reported %s', async (region, operator, arn, reported) => {
    expect(await messages(IN[region]!, operator, arn)).toEqual(reported ? FIRES : []);
  });

  // An account written out beside the partition may be the owner's where the input does not tell it (no
  // allowed_account_ids): the Deny may refuse bob, and makes no finding. Told another, it is read as another account
  // than the owner's, whatever the partition.
  it('a literal account beside the partition: open where the account is not told, another account where it is', async () => {
    expect(await messages(NO_REGION, 'ArnLike', 'arn:aws:iam::210987654321:user/bob')).toEqual([]);
    expect(await messages('provider "aws" {\n  allowed_account_ids = ["308412956170"]\n}\n', 'ArnLike', 'arn:aws:iam::210987654321:user/bob')).toEqual(FIRES);
    expect(await messages('provider "aws" {\n  allowed_account_ids = ["210987654321"]\n}\n', 'ArnLike', 'arn:aws:iam::210987654321:user/bob')).toEqual([]);
  });
});
