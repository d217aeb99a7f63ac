resource "aws_iam_role" "template" {
  name               = "template"
  assume_role_policy = templatefile("${path.module}/trust.tpl", { service = "sagemaker.amazonaws.com" })
}
