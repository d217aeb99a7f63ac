output "notebook_role_arn" {
  value = aws_iam_role.notebook.arn
}

output "pipeline_execution_role_arn" {
  value = module.pipeline.execution_role_arn
}
