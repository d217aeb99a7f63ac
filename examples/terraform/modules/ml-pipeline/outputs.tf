output "execution_role_arn" {
  value = aws_iam_role.execution.arn
}

output "pipeline_arn" {
  value = aws_sagemaker_pipeline.training.arn
}
