terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = var.region
}

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

# The research notebook's role. Its trust policy lets SageMaker assume it with no aws:SourceAccount or
# aws:SourceArn condition: SageMaker acting for any other account could assume it (confused deputy).
data "aws_iam_policy_document" "notebook_trust" {
  statement {
    sid     = "SageMakerAssume"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["sagemaker.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "notebook" {
  name               = "${var.project}-research-notebook"
  assume_role_policy = data.aws_iam_policy_document.notebook_trust.json
}

resource "aws_sagemaker_notebook_instance" "research" {
  name                   = "${var.project}-research"
  instance_type          = "ml.t3.medium"
  role_arn               = aws_iam_role.notebook.arn
  kms_key_id             = var.kms_key_arn
  subnet_id              = var.private_subnet_ids[0]
  security_groups        = [var.notebook_security_group_id]
  direct_internet_access = "Disabled"
  root_access            = "Disabled"
}

# What the notebook may start: training jobs in the project's VPC, encrypted, with the pipeline's execution role.
data "aws_iam_policy_document" "notebook_permissions" {
  statement {
    sid       = "StartTraining"
    actions   = ["sagemaker:CreateTrainingJob"]
    resources = ["arn:${data.aws_partition.current.partition}:sagemaker:${var.region}:${data.aws_caller_identity.current.account_id}:training-job/${var.project}-*"]

    condition {
      test     = "ArnEquals"
      variable = "sagemaker:VolumeKmsKeyArn"
      values   = [var.kms_key_arn]
    }
  }

  statement {
    sid       = "PassExecutionRole"
    actions   = ["iam:PassRole"]
    resources = [module.pipeline.execution_role_arn]

    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["sagemaker.amazonaws.com"]
    }
  }
}

resource "aws_iam_policy" "notebook_permissions" {
  name   = "${var.project}-research-notebook"
  policy = data.aws_iam_policy_document.notebook_permissions.json
}

resource "aws_iam_role_policy_attachment" "notebook_permissions" {
  role       = aws_iam_role.notebook.name
  policy_arn = aws_iam_policy.notebook_permissions.arn
}

module "pipeline" {
  source = "./modules/ml-pipeline"

  project         = var.project
  region          = data.aws_region.current.name
  vpc_id          = var.vpc_id
  subnet_ids      = var.private_subnet_ids
  kms_key_arn     = var.kms_key_arn
  training_image  = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
  model_data_path = "s3://${var.project}-ml-artifacts/models/churn/model.tar.gz"
}
