data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
}

resource "aws_security_group" "jobs" {
  name   = "${var.project}-sagemaker-jobs"
  vpc_id = var.vpc_id
}

# The execution role of the Studio domain, the model and the pipeline's jobs. SageMaker may assume it only
# for this account's own resources: aws:SourceAccount and aws:SourceArn pin the caller.
resource "aws_iam_role" "execution" {
  name = "${var.project}-sagemaker-execution"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = {
        StringEquals = { "aws:SourceAccount" = local.account_id }
        ArnLike      = { "aws:SourceArn" = "arn:${local.partition}:sagemaker:${var.region}:${local.account_id}:*" }
      }
    }]
  })
}

resource "aws_iam_role_policy" "execution" {
  name = "training"
  role = aws_iam_role.execution.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "Artifacts"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject", "s3:ListBucket"]
        Resource = ["arn:${local.partition}:s3:::${var.project}-ml-artifacts", "arn:${local.partition}:s3:::${var.project}-ml-artifacts/*"]
      },
      {
        Sid      = "IsolatedTraining"
        Effect   = "Allow"
        Action   = "sagemaker:CreateTrainingJob"
        Resource = "arn:${local.partition}:sagemaker:${var.region}:${local.account_id}:training-job/${var.project}-*"
        Condition = {
          ArnEquals                  = { "sagemaker:VolumeKmsKeyArn" = var.kms_key_arn }
          Bool                       = { "sagemaker:NetworkIsolation" = "true" }
          "ForAllValues:StringEquals" = { "sagemaker:VpcSubnets" = var.subnet_ids, "sagemaker:VpcSecurityGroupIds" = [aws_security_group.jobs.id] }
          Null                       = { "sagemaker:VpcSubnets" = "false", "sagemaker:VpcSecurityGroupIds" = "false" }
        }
      },
    ]
  })
}

resource "aws_sagemaker_domain" "studio" {
  domain_name             = "${var.project}-studio"
  auth_mode               = "IAM"
  vpc_id                  = var.vpc_id
  subnet_ids              = var.subnet_ids
  app_network_access_type = "VpcOnly"
  kms_key_id              = var.kms_key_arn

  default_user_settings {
    execution_role  = aws_iam_role.execution.arn
    security_groups = [aws_security_group.jobs.id]
  }
}

resource "aws_sagemaker_model" "churn" {
  name                     = "${var.project}-model"
  execution_role_arn       = aws_iam_role.execution.arn
  enable_network_isolation = true

  primary_container {
    image          = var.training_image
    model_data_url = var.model_data_path
  }

  vpc_config {
    subnets            = var.subnet_ids
    security_group_ids = [aws_security_group.jobs.id]
  }
}

resource "aws_sagemaker_pipeline" "training" {
  pipeline_name         = "${var.project}-training"
  pipeline_display_name = "${var.project}-training"
  role_arn              = aws_iam_role.execution.arn

  pipeline_definition = jsonencode({
    Version = "2020-12-01"
    Steps = [{
      Name = "Train"
      Type = "Training"
      Arguments = {
        RoleArn           = aws_iam_role.execution.arn
        AlgorithmSpecification = { TrainingImage = var.training_image, TrainingInputMode = "File" }
        OutputDataConfig  = { S3OutputPath = "s3://${var.project}-ml-artifacts/training/", KmsKeyId = var.kms_key_arn }
        ResourceConfig    = { InstanceType = "ml.m5.xlarge", InstanceCount = 1, VolumeSizeInGB = 30, VolumeKmsKeyId = var.kms_key_arn }
        StoppingCondition = { MaxRuntimeInSeconds = 3600 }
        EnableNetworkIsolation = true
        VpcConfig         = { Subnets = var.subnet_ids, SecurityGroupIds = [aws_security_group.jobs.id] }
      }
    }]
  })
}
