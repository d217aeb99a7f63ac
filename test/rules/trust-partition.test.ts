import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/analyze/engine.js';
import type { Finding } from '../../src/model/index.js';
import { scanTree } from '../parsers/terraform/helpers.js';

/**
 * The foreign probes (a stranger, a partner, a service acting for another account) carry the role's partition where its
 * region tells it: no caller of another partition assumes the role, so a statement that lets in only ARNs of another
 * partition lets in no one there, and is read as it is written where the partition is not known.
 */
const provider = (region: string) => `provider "aws" {\n  region = "${region}"\n}\n`;
const role = (name: string, statements: string) => `resource "aws_iam_role" "${name}" {
  name               = "${name}"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [${statements}] })
}
`;
const STAR = (partition: string) => `{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole", Condition = { ArnLike = { "aws:PrincipalArn" = "arn:${partition}:iam::*:role/*" } } }`;
const SAGEMAKER = (partition: string) => `{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole", Condition = { ArnLike = { "aws:SourceArn" = "arn:${partition}:sagemaker:*:*:*" } } }`;
const PARTNER = (partition: string) => `{ Effect = "Allow", Principal = { AWS = "210987654321" }, Action = "sts:AssumeRole", Condition = { ArnEquals = { "aws:PrincipalArn" = "arn:${partition}:iam::210987654321:role/ci" } } }`;
const RULES = ['trust-any-principal', 'trust-source-condition-ineffective', 'trust-cross-account-without-external-id'];

/** The trust findings on each role, by rule. */
async function trustFindings(main: string): Promise<Finding[]> {
  const result = await scanTree({ 'main.tf': main });
  expect(result.errors).toEqual([]);
  return result.findings.filter((finding) => finding.ruleId.startsWith('trust-'));
}
const rolesOf = (findings: Finding[], ruleId: string) => findings.filter((finding) => finding.ruleId === ruleId).map((finding) => /role aws_iam_role\.(\w+)/.exec(finding.message)?.[1]);

describe('trust rules in the partition the role\'s region tells', () => {
  const roles = (partitions: string[]) => partitions.map((partition) => role(`star_${partition.replace(/-/g, '_')}`, STAR(partition)) + role(`ml_${partition.replace(/-/g, '_')}`, SAGEMAKER(partition)) + role(`partner_${partition.replace(/-/g, '_')}`, PARTNER(partition))).join('');
  const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'];

  it.each([
    ['us-east-1', 'aws'],
    ['cn-north-1', 'aws_cn'],
    ['us-gov-west-1', 'aws_us_gov'],
  ])('in %s, each rule reports the role whose ARNs are of its partition (%s) alone', async (region, own) => {
    const findings = await trustFindings(provider(region) + roles(PARTITIONS));
    expect(rolesOf(findings, 'trust-any-principal')).toEqual([`star_${own}`]);
    expect(rolesOf(findings, 'trust-source-condition-ineffective')).toEqual([`ml_${own}`]);
    expect(rolesOf(findings, 'trust-cross-account-without-external-id')).toEqual([`partner_${own}`]);
  });

  it('without a region, the partition written is the one meant: each role is reported', async () => {
    const findings = await trustFindings(roles(PARTITIONS));
    for (const ruleId of RULES) expect(rolesOf(findings, ruleId), ruleId).toHaveLength(PARTITIONS.length);
  });

  it('takes out the statement that lets in any principal where another lets in the account alone and a third only principals of another partition, and the policy fixed so is silent', async () => {
    const OWN = '{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole", Condition = { StringEquals = { "aws:PrincipalAccount" = data.aws_caller_identity.current.account_id } } }';
    const OPEN = '{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole" }';
    const main = (statements: string[]) => `${provider('us-east-1')}data "aws_caller_identity" "current" {}\n${role('r', statements.join(', '))}`;
    const [finding, ...others] = await trustFindings(main([OPEN, OWN, STAR('aws-cn')]));
    // Before, the aws-cn strangers kept the policy left open: the fix wrote the account's condition a second time.
    expect(others).toEqual([]);
    expect(finding?.ruleId).toBe('trust-any-principal');
    expect(finding?.fix?.description).toMatch(/^Remove the statement that trusts \{"AWS": "\*"\}: the statement at main\.tf:\d+:\d+ already lets in the principals of this account alone, for each action this one gives it$/);
    expect(await trustFindings(main([OWN, STAR('aws-cn')]))).toEqual([]);
    // Of the role's partition, the third statement lets in strangers: the fix writes the condition.
    const [open] = await trustFindings(main([OPEN, OWN, STAR('aws')]));
    expect(open?.fix?.description).toMatch(/^Add this Condition to the statement that lets in any principal/);
  });
});

describe('AWS principals written in a partition', () => {
  const PRINCIPAL = (partition: string) => `{ Effect = "Allow", Principal = { AWS = ["arn:${partition}:iam::210987654321:root", "arn:${partition}:iam::210987654322:role/ci"] }, Action = "sts:AssumeRole" }`;
  const roles = ['aws', 'aws-cn', 'aws-us-gov'].map((partition) => role(`partner_${partition.replace(/-/g, '_')}`, PRINCIPAL(partition))).join('');
  const byRule = async (main: string) => {
    const result = await scanTree({ 'main.tf': main });
    expect(result.errors).toEqual([]);
    const of = (ruleId: string) => result.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.resource.address);
    return { partners: of('trust-cross-account-without-external-id'), refused: of('policy-malformed') };
  };

  it.each([
    ['us-east-1', 'partner_aws', ['partner_aws_cn', 'partner_aws_us_gov']],
    ['cn-north-1', 'partner_aws_cn', ['partner_aws', 'partner_aws_us_gov']],
    ['us-gov-west-1', 'partner_aws_us_gov', ['partner_aws', 'partner_aws_cn']],
  ])('in %s, only the principals of the role\'s partition are partners (%s); IAM refuses the others (policy-malformed)', async (region, own, others) => {
    const { partners, refused } = await byRule(provider(region) + roles);
    expect(partners).toEqual([`aws_iam_role.${own}`, `aws_iam_role.${own}`]);
    expect(refused).toEqual(others.flatMap((name) => [`aws_iam_role.${name}`, `aws_iam_role.${name}`]));
  });

  it('without a region (or one whose partition deputy does not know), each principal is read as written and none is refused', async () => {
    for (const main of [roles, provider('us-isob-east-1') + roles]) {
      const { partners, refused } = await byRule(main);
      expect(partners).toHaveLength(6);
      expect(refused).toEqual([]);
    }
  });
});

describe('service principals spelled with a partition\'s DNS suffix, in the partition the role\'s region tells', () => {
  const SPELLINGS: Record<string, string> = { commercial: 'sagemaker.amazonaws.com', china: 'sagemaker.amazonaws.com.cn', iso: 'sagemaker.c2s.ic.gov' };
  /** A role trusting SageMaker by the spelling with no source condition, and a notebook that runs as it. */
  const trusting = (name: string, principal: string) =>
    role(name, `{ Effect = "Allow", Principal = { Service = "${principal}" }, Action = "sts:AssumeRole" }`) +
    `resource "aws_sagemaker_notebook_instance" "${name}" {\n  name          = "${name}"\n  instance_type = "ml.t3.medium"\n  role_arn      = aws_iam_role.${name}.arn\n}\n`;
  const roles = Object.entries(SPELLINGS).map(([name, principal]) => trusting(name, principal)).join('');
  const found = async (main: string) => {
    const findings = await trustFindings(main);
    const roleOf = (finding: Finding) => /aws_iam_role\.(\w+)/.exec(finding.message)?.[1];
    return {
      open: findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition').map(roleOf).sort(),
      unassumable: findings.filter((finding) => finding.ruleId === 'trust-sagemaker-role-unassumable').map((finding) => [roleOf(finding), finding.message.includes('does not allow sagemaker.amazonaws.com')]),
    };
  };

  it.each([['us-east-1'], ['us-gov-west-1']])('in %s, another partition\'s spelling is no service calling on the role: SageMaker cannot assume it, and no one on behalf of another account', async (region) => {
    expect(await found(provider(region) + roles)).toEqual({ open: ['commercial'], unassumable: [['china', true], ['iso', true]] });
  });

  it('in cn-north-1, China\'s spelling is read as SageMaker\'s, as sagemaker.amazonaws.com is', async () => {
    expect(await found(provider('cn-north-1') + roles)).toEqual({ open: ['china', 'commercial'], unassumable: [['iso', true]] });
  });

  it('where the partition is not known, each spelling may be SageMaker\'s: no role is said to refuse it', async () => {
    for (const main of [roles, provider('us-isob-east-1') + roles]) expect(await found(main)).toEqual({ open: ['china', 'commercial', 'iso'], unassumable: [] });
  });
});

describe('data.aws_partition\'s dns_suffix in a service principal', () => {
  const main = `data "aws_partition" "current" {}\n${role('ml', '{ Effect = "Allow", Principal = { Service = "sagemaker.${data.aws_partition.current.dns_suffix}" }, Action = "sts:AssumeRole" }')}`;

  it.each([
    ['us-east-1', 'sagemaker.amazonaws.com'],
    ['us-gov-west-1', 'sagemaker.amazonaws.com'],
    ['cn-north-1', 'sagemaker.amazonaws.com.cn'],
  ])('in %s is the suffix of its partition, as a plan renders it: %s', async (region, principal) => {
    const findings = (await trustFindings(provider(region) + main)).filter((finding) => finding.ruleId === 'trust-service-without-source-condition');
    expect(findings.map((finding) => finding.message.split(' may assume')[0])).toEqual([principal]);
  });

  it('without a region is the owner\'s, which names SageMaker\'s principal', async () => {
    const findings = (await trustFindings(main)).filter((finding) => finding.ruleId === 'trust-service-without-source-condition');
    expect(findings.map((finding) => finding.message.split(' may assume')[0])).toEqual(['sagemaker.amazonaws.com']);
  });
});

describe('source conditions of a statement trusting a service spelled with another partition\'s DNS suffix', () => {
  // A Lambda source ARN (the wrong service for SageMaker) in one account, aws:SourceAccount another.
  const main = role('ml', '{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com.cn" }, Action = "sts:AssumeRole", Condition = { ArnLike = { "aws:SourceArn" = "arn:aws:lambda:us-east-1:493827160514:function:*" }, StringEquals = { "aws:SourceAccount" = "210987654321" } } }');
  const found = async (text: string) =>
    Object.fromEntries(
      (await trustFindings(text)).filter((finding) => ['trust-source-arn-wrong-service', 'trust-source-account-mismatch'].includes(finding.ruleId)).map((finding) => [finding.ruleId, finding.fix?.description.split(';')[0] ?? 'no fix']),
    );

  it('in us-east-1 no SageMaker request reaches the statement, so no source ARN is the wrong service\'s; the accounts still never agree, and the fix names no service', async () => {
    expect(await found(provider('us-east-1') + main)).toEqual({ 'trust-source-account-mismatch': 'no fix' });
  });

  it.each([['cn-north-1'], ['no region']])('in %s the principal may be SageMaker\'s: both fire, and the fix is for it', async (region) => {
    const fix = 'Replace the source conditions of the statement that trusts sagemaker.amazonaws.com.cn';
    expect(await found((region === 'no region' ? '' : provider(region)) + main)).toEqual({ 'trust-source-arn-wrong-service': fix, 'trust-source-account-mismatch': fix });
  });
});

describe('a trust Deny on aws:SourceArn that writes its partition out, beside a SageMaker model', () => {
  /** A role SageMaker may assume, but for a Deny of SageMaker under ArnLike aws:SourceArn of every ARN of `partition`, and a model that runs as it. */
  const deniedInPartition = (partition: string) => `${role('ml', `{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }, { Effect = "Deny", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole", Condition = { ArnLike = { "aws:SourceArn" = "arn:${partition}:sagemaker:*:*:*" } } }`)}resource "aws_sagemaker_model" "m" {
  name               = "m"
  execution_role_arn = aws_iam_role.ml.arn
  primary_container {
    image = "x"
  }
}
`;
  const unassumable = async (main: string) => (await trustFindings(main)).filter((finding) => finding.ruleId === 'trust-sagemaker-role-unassumable').length;

  // The model's requests carry a source ARN of the owner's partition: the region tells it, else the Deny may refuse them
  // or not, an open answer that makes no finding.
  it.each<[string, string, number]>([
    ['us-east-1', 'aws', 1],
    ['cn-north-1', 'aws', 0],
    ['cn-north-1', 'aws-cn', 1],
    ['no region', 'aws', 0],
  ])('in %s, a Deny of arn:%s:sagemaker:*:*:* makes %i finding', async (region, partition, count) => {
    expect(await unassumable((region === 'no region' ? 'provider "aws" {}\n' : provider(region)) + deniedInPartition(partition))).toBe(count);
  });

  // data.aws_partition renders its own configuration's partition: the default us-east-1 one's Deny is of arn:aws:...,
  // which a model of the cn-north-1 configuration never presents.
  it.each<[string, number]>([
    ['the default us-east-1 configuration', 0],
    ['the cn-north-1 configuration of the role', 1],
  ])('on a cn-north-1 role, a Deny of arn:${data.aws_partition.X.partition}:sagemaker:*:*:* with X of %s makes %i finding', async (of, count) => {
    const dataSource = of.startsWith('the default') ? 'data "aws_partition" "x" {}\n' : 'data "aws_partition" "x" {\n  provider = aws.china\n}\n';
    const inChina = deniedInPartition('${data.aws_partition.x.partition}')
      .replace('resource "aws_iam_role" "ml" {\n', 'resource "aws_iam_role" "ml" {\n  provider           = aws.china\n')
      .replace('resource "aws_sagemaker_model" "m" {\n', 'resource "aws_sagemaker_model" "m" {\n  provider           = aws.china\n');
    expect(inChina.match(/provider           = aws\.china\n/g)).toHaveLength(2);
    expect(await unassumable(provider('us-east-1') + 'provider "aws" {\n  alias  = "china"\n  region = "cn-north-1"\n}\n' + dataSource + inChina)).toBe(count);
  });
});

describe('the owner\'s values the input tells, in messages', () => {
  const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
  /** The source ARNs each trust-sagemaker-role-unassumable message says SageMaker's request carries, by resource. */
  const sourceArns = async (fixture: string) => {
    const result = await scan([join(FIXTURES, fixture)]);
    expect(result.errors).toEqual([]);
    return result.findings.filter((finding) => finding.ruleId === 'trust-sagemaker-role-unassumable').map((finding) => [finding.resource.address, finding.message.split(' with aws:SourceArn ')[1], finding.fix?.snippet.includes('${data.aws_partition.')]);
  };

  it('writes the partition its region tells, and the account where it tells it; a fix to paste into the .tf files keeps the references', async () => {
    expect(await sourceArns('trust-sagemaker-role-unassumable/partition-written.plan.json')).toEqual([
      ['aws_sagemaker_notebook_instance.commercial_in_china', "arn:aws-cn:sagemaker:cn-north-1:<the owner's account id>:* or arn:aws-cn:sagemaker:cn-north-1:<the owner's account id>:notebook-instance/commercial-in-china", true],
      ['aws_sagemaker_notebook_instance.other_partition', 'arn:aws:sagemaker:us-east-1:${data.aws_caller_identity.current.account_id}:* or arn:aws:sagemaker:us-east-1:${data.aws_caller_identity.current.account_id}:notebook-instance/other-partition', true],
    ]);
    expect(await sourceArns('sagemaker-execution-role-admin/principal-account.plan.json')).toEqual([
      ['aws_sagemaker_model.model', 'arn:aws:sagemaker:us-east-1:493827160514:*', true],
      ['aws_sagemaker_notebook_instance.notebook', 'arn:aws:sagemaker:us-east-1:493827160514:* or arn:aws:sagemaker:us-east-1:493827160514:notebook-instance/notebook', true],
    ]);
  });

  it('writes the partition a literal region of a provider tells in .tf code too, and the account a provider allowing one alone tells; the fix keeps the references', async () => {
    const literalRegion = 'trust-sagemaker-role-unassumable/tf-source-arn-partition-literal-region';
    expect(await sourceArns(literalRegion)).toEqual([
      ['aws_sagemaker_notebook_instance.training_only', "arn:aws:sagemaker:us-east-1:<the owner's account id>:* or arn:aws:sagemaker:us-east-1:<the owner's account id>:notebook-instance/training-only", true],
      ['aws_sagemaker_notebook_instance.china_training_only', 'arn:aws-cn:sagemaker:cn-north-1:493827160514:* or arn:aws-cn:sagemaker:cn-north-1:493827160514:notebook-instance/china-training-only', true],
    ]);
    // Its plan, made without allowed_account_ids (the provider refuses to plan with them offline), tells the partitions alike.
    // Where the module is known to read no caller identity (beside its .tf; aws.china's in the plan's configuration), the
    // account is said in words; the plan alone tells nothing of the default configuration's.
    for (const [plan, china, current] of [
      ['trust-sagemaker-role-unassumable/tf-plan-source-arn-partition-literal-region', "<the owner's account id>", "<the owner's account id>"],
      ['trust-sagemaker-role-unassumable/source-arn-partition-literal-region.plan.json', "<the owner's account id>", '${data.aws_caller_identity.current.account_id}'],
    ]) {
      expect((await sourceArns(plan!)).map(([, arns]) => arns).sort(), plan).toEqual([
        `arn:aws-cn:sagemaker:cn-north-1:${china}:* or arn:aws-cn:sagemaker:cn-north-1:${china}:notebook-instance/china-training-only`,
        `arn:aws:sagemaker:us-east-1:${current}:* or arn:aws:sagemaker:us-east-1:${current}:notebook-instance/training-only`,
      ]);
    }
    expect((await sourceArns('trust-sagemaker-role-unassumable/tf-partition-written')).map(([, arns]) => arns)).toEqual([
      "arn:aws:sagemaker:us-east-1:<the owner's account id>:* or arn:aws:sagemaker:us-east-1:<the owner's account id>:notebook-instance/other-partition",
      "arn:aws-cn:sagemaker:cn-north-1:<the owner's account id>:* or arn:aws-cn:sagemaker:cn-north-1:<the owner's account id>:notebook-instance/commercial-in-china",
    ]);
  });

  it('keeps the data sources where the region is a variable without a value; a plan, which gives it one, writes its partition', async () => {
    expect(await sourceArns('trust-sagemaker-role-unassumable/tf-source-arn-partition-variable-region')).toEqual([
      ['aws_sagemaker_notebook_instance.training_only', "arn:${data.aws_partition.current.partition}:sagemaker:${data.aws_region.current.name}:<the owner's account id>:* or arn:${data.aws_partition.current.partition}:sagemaker:${data.aws_region.current.name}:<the owner's account id>:notebook-instance/training-only", true],
    ]);
    for (const [plan, account] of [
      ['trust-sagemaker-role-unassumable/tf-plan-source-arn-partition-variable-region', "<the owner's account id>"],
      ['trust-sagemaker-role-unassumable/source-arn-partition-variable-region.plan.json', '${data.aws_caller_identity.current.account_id}'],
    ]) {
      expect(await sourceArns(plan!), plan).toEqual([
        ['aws_sagemaker_notebook_instance.training_only', `arn:aws-cn:sagemaker:cn-north-1:${account}:* or arn:aws-cn:sagemaker:cn-north-1:${account}:notebook-instance/training-only`, true],
      ]);
    }
  });
});

describe('the source-condition fix of a statement trusting SageMaker by China\'s spelling', () => {
  const LAMBDA_ARN = '{ ArnLike = { "aws:SourceArn" = "arn:aws-cn:lambda:cn-north-1:493827160514:function:*" } }';
  /** A role whose one statement trusts the principals with the condition (a Lambda source ARN; none for null), and a notebook that runs as it. */
  const notebookRole = (principals: string[], condition: string | null = LAMBDA_ARN) =>
    role('ml', `{ Effect = "Allow", Principal = { Service = ${JSON.stringify(principals)} }, Action = "sts:AssumeRole"${condition === null ? '' : `, Condition = ${condition}`} }`) +
    'resource "aws_sagemaker_notebook_instance" "ml" {\n  name          = "ml"\n  instance_type = "ml.t3.medium"\n  role_arn      = aws_iam_role.ml.arn\n}\n';
  const fixesOf = async (main: string, ruleId: string) => (await trustFindings(main)).filter((finding) => finding.ruleId === ruleId).map((finding) => finding.fix!);

  it('in cn-north-1 edits the statement that trusts sagemaker.amazonaws.com.cn alone, naming no other principal', async () => {
    const [fix, ...rest] = await fixesOf(provider('cn-north-1') + notebookRole(['sagemaker.amazonaws.com.cn']), 'trust-sagemaker-role-unassumable');
    expect(rest).toEqual([]);
    expect(fix?.description).toMatch(/^Replace the source conditions of the statement that trusts sagemaker\.amazonaws\.com\.cn \(covers aws_sagemaker_notebook_instance\.ml\)/);
    expect(fix?.snippet).toMatch(/^Condition = \{\n  StringEquals = \{ "aws:SourceAccount" = data\.aws_caller_identity\.current\.account_id \}\n  ArnLike      = \{ "aws:SourceArn" = "arn:\$\{data\.aws_partition\.current\.partition\}:sagemaker:/);
    expect(fix?.snippet).not.toContain('Principal');
  });

  it('in cn-north-1 reads both spellings as SageMaker\'s: each rule edits the statement', async () => {
    const main = provider('cn-north-1') + notebookRole(['sagemaker.amazonaws.com.cn', 'sagemaker.amazonaws.com']);
    for (const ruleId of ['trust-sagemaker-role-unassumable', 'trust-source-arn-wrong-service']) {
      const fixes = await fixesOf(main, ruleId);
      expect(fixes, ruleId).toHaveLength(1);
      expect(fixes[0]!.description, ruleId).toMatch(/^Replace the source conditions of the statement that trusts sagemaker\.amazonaws\.com/);
      expect(fixes[0]!.description, ruleId).not.toContain('also trusts');
    }
    // Without conditions, each spelling is open to other accounts; each one's fix writes the statement's conditions.
    const open = await fixesOf(provider('cn-north-1') + notebookRole(['sagemaker.amazonaws.com.cn', 'sagemaker.amazonaws.com'], null), 'trust-service-without-source-condition');
    expect(open.map((fix) => fix.description.split(' (')[0])).toEqual(['Add this Condition to the statement that trusts sagemaker.amazonaws.com.cn', 'Add this Condition to the statement that trusts sagemaker.amazonaws.com']);
  });

  it('moves China\'s spelling, as written, out of a statement that also trusts another service', async () => {
    const [fix] = await fixesOf(provider('cn-north-1') + notebookRole(['sagemaker.amazonaws.com.cn', 'lambda.amazonaws.com']), 'trust-sagemaker-role-unassumable');
    expect(fix?.description).toMatch(/^Move sagemaker\.amazonaws\.com\.cn out of the statement into one of its own \(covers aws_sagemaker_notebook_instance\.ml\): the statement also trusts lambda\.amazonaws\.com, which these conditions would refuse/);
    expect(fix?.snippet).toContain('Principal = { Service = "sagemaker.amazonaws.com.cn" }');
  });

  it('in us-east-1 China\'s spelling is no service there: it is another principal, which SageMaker moves out of', async () => {
    const [fix] = await fixesOf(provider('us-east-1') + notebookRole(['sagemaker.amazonaws.com', 'sagemaker.amazonaws.com.cn'], '{ ArnLike = { "aws:SourceArn" = "arn:aws:lambda:us-east-1:493827160514:function:*" } }'), 'trust-sagemaker-role-unassumable');
    expect(fix?.description).toMatch(/^Move sagemaker\.amazonaws\.com out of the statement into one of its own \(covers aws_sagemaker_notebook_instance\.ml\): the statement also trusts sagemaker\.amazonaws\.com\.cn, which these conditions would refuse/);
    expect(fix?.snippet).toContain('Principal = { Service = "sagemaker.amazonaws.com" }');
  });

  it.each([['service-spelling-china.yaml'], ['service-spelling-china.json'], ['tf-service-spelling-china'], ['service-spelling-china.plan.json']])('%s: the fixture\'s role trusting China\'s spelling alone is fixed in its statement', async (name) => {
    const result = await scan([join(import.meta.dirname, '..', 'fixtures', 'trust-sagemaker-role-unassumable', name)]);
    expect(result.errors).toEqual([]);
    const fixes = result.findings.filter((finding) => finding.ruleId === 'trust-sagemaker-role-unassumable').map((finding) => finding.fix!.description);
    const chinaOnly = fixes.filter((description) => /covers (ChinaOnlyNotebook|aws_sagemaker_notebook_instance\.china_only)\)/.test(description));
    expect(chinaOnly).toHaveLength(1);
    expect(chinaOnly[0]).toMatch(/^Replace the source conditions of the statement that trusts sagemaker\.amazonaws\.com\.cn /);
    expect(fixes.filter((description) => description.includes('also trusts sagemaker.amazonaws.com'))).toEqual([]);
  });
});
