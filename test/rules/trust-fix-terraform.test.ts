import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/index.js';
import { scanTree } from '../parsers/terraform/helpers.js';

async function findingOf(main: string, ruleId: string): Promise<Finding> {
  const result = await scanTree({ 'main.tf': main });
  expect(result.errors).toEqual([]);
  const finding = result.findings.find((candidate) => candidate.ruleId === ruleId);
  if (!finding) throw new Error(`no ${ruleId} finding; have ${result.findings.map((candidate) => candidate.ruleId).join(', ')}`);
  return finding;
}

const OWNER_ARN = 'arn:${data.aws_partition.current.partition}:sagemaker:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}';

describe('trust fixes for Terraform', () => {
  it('writes condition blocks for a trust policy built by aws_iam_policy_document', async () => {
    const finding = await findingOf(
      `data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["sagemaker.amazonaws.com"]
    }
  }
}
resource "aws_iam_role" "exec" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
resource "aws_sagemaker_notebook_instance" "nb" {
  name          = "nb"
  instance_type = "ml.t3.medium"
  role_arn      = aws_iam_role.exec.arn
}`,
      'trust-service-without-source-condition',
    );
    expect(finding.fix?.description).toBe(
      'Add this Condition to the statement that trusts sagemaker.amazonaws.com (covers aws_sagemaker_notebook_instance.nb); it reads data "aws_caller_identity" "current" {}, data "aws_partition" "current" {}, data "aws_region" "current" {}, declare them where the module lacks them',
    );
    expect(finding.fix?.snippet).toBe(
      [
        'condition {',
        '  test     = "StringEquals"',
        '  variable = "aws:SourceAccount"',
        '  values   = [data.aws_caller_identity.current.account_id]',
        '}',
        '',
        'condition {',
        '  test     = "ArnLike"',
        '  variable = "aws:SourceArn"',
        `  values   = ["${OWNER_ARN}:*"]`,
        '}',
      ].join('\n'),
    );
  });

  it('writes an HCL object for jsonencode, narrowed to the pipeline that uses the role', async () => {
    const finding = await findingOf(
      `resource "aws_iam_role" "exec" {
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}
resource "aws_sagemaker_pipeline" "train" {
  pipeline_name         = "churn-training"
  pipeline_display_name = "churn"
  role_arn              = aws_iam_role.exec.arn
  pipeline_definition   = "{\\"Version\\": \\"2020-12-01\\", \\"Steps\\": []}"
}`,
      'trust-service-without-source-condition',
    );
    expect(finding.fix?.snippet).toBe(
      [
        'Condition = {',
        '  StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id }',
        `  ArnLike      = { "aws:SourceArn" = "${OWNER_ARN}:pipeline/churn-training/*" }`,
        '}',
      ].join('\n'),
    );
  });

  it('writes JSON text with Terraform interpolations for a heredoc policy', async () => {
    const finding = await findingOf(
      `resource "aws_iam_role" "exec" {
  assume_role_policy = <<EOF
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "personalize.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
EOF
}`,
      'trust-service-without-source-condition',
    );
    expect(finding.fix?.description).toContain("(in the policy's JSON text: ${...} resolves in a heredoc or templatefile(), not in file())");
    expect(JSON.parse(finding.fix!.snippet.replace(/^"Condition": /, ''))).toEqual({
      StringEquals: { 'aws:SourceAccount': '${data.aws_caller_identity.current.account_id}' },
      ArnLike: { 'aws:SourceArn': 'arn:${data.aws_partition.current.partition}:personalize:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:*' },
    });
  });

  it('writes a whole statement as an HCL object when no statement trusts SageMaker', async () => {
    const finding = await findingOf(
      `resource "aws_iam_role" "lambda" {
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}
resource "aws_sagemaker_model" "m" {
  execution_role_arn = aws_iam_role.lambda.arn
}`,
      'trust-sagemaker-role-unassumable',
    );
    expect(finding.fix?.snippet).toBe(
      [
        '{',
        '  Effect    = "Allow"',
        '  Principal = { Service = "sagemaker.amazonaws.com" }',
        '  Action    = "sts:AssumeRole"',
        '  Condition = {',
        '    StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id }',
        `    ArnLike      = { "aws:SourceArn" = "${OWNER_ARN}:*" }`,
        '  }',
        '}',
      ].join('\n'),
    );
  });

  it('reads the external id from a sensitive variable', async () => {
    const finding = await findingOf(
      `data "aws_iam_policy_document" "partner" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::210987654321:root"]
    }
  }
}
resource "aws_iam_role" "partner" {
  assume_role_policy = data.aws_iam_policy_document.partner.json
}`,
      'trust-cross-account-without-external-id',
    );
    expect(finding.fix?.description).toBe(
      'Add this Condition to the statement that trusts arn:aws:iam::210987654321:root, and a variable partner_external_id (type = string, sensitive = true) holding the external id the partner issued for this account',
    );
    expect(finding.fix?.snippet).toBe(['condition {', '  test     = "StringEquals"', '  variable = "sts:ExternalId"', '  values   = [var.partner_external_id]', '}'].join('\n'));
  });
});
