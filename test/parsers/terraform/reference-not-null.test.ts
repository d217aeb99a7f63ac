import { describe, expect, it } from 'vitest';
import { scanTree } from './helpers.js';

const IAM = `data "aws_caller_identity" "current" {}
resource "aws_iam_role" "r" {
  name = "shared"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { ArnLike = { "aws:SourceArn" = "arn:aws:sagemaker:us-east-1:\${data.aws_caller_identity.current.account_id}:training-job/*" } }
    }]
  })
}
output "role_arn" { value = aws_iam_role.r.arn }
`;

const SM = (test: string, unset: string) => `variable "create_role" { default = true }
variable "role_arn" { default = ${unset} }
resource "aws_iam_role" "default" {
  count              = var.create_role ? 1 : 0
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
locals {
  role_arn = ${test} ? var.role_arn : aws_iam_role.default[0].arn
}
resource "aws_sagemaker_model" "m" {
  name               = "m"
  execution_role_arn = local.role_arn
}
`;

describe('a module that takes a role ARN or creates its own', () => {
  for (const [test, unset] of [['var.role_arn != null', 'null'], ['var.role_arn != ""', '""']] as const) {
    it(`links the model to the role passed in (${test})`, async () => {
      const main = 'module "iam" {\n  source = "./modules/iam"\n}\nmodule "sm" {\n  source      = "./modules/sm"\n  create_role = false\n  role_arn    = module.iam.role_arn\n}\n';
      const result = await scanTree({ 'main.tf': main, 'modules/iam/main.tf': IAM, 'modules/sm/main.tf': SM(test, unset) });
      expect(result.errors).toEqual([]);
      const unassumable = result.findings.filter((finding) => finding.ruleId === 'trust-sagemaker-role-unassumable');
      expect(unassumable.map((finding) => finding.message)).toEqual([expect.stringContaining('uses role module.iam.aws_iam_role.r (Inference)')]);
    });
  }
});
