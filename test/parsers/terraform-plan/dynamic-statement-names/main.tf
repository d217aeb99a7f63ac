# A real plan: a policy document data source deferred to apply whose dynamic statement block comes before a static one.
# The plan's configuration leaves dynamic blocks out, so its statements are not the plan's by position: the static
# statement's references are not linked to the dynamic block's statement.
resource "aws_iam_role" "caller" {
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

data "aws_iam_policy_document" "made" {
  dynamic "statement" {
    for_each = ["iam:GetRole"]
    content {
      actions   = [statement.value]
      resources = [aws_iam_role.caller.arn]
    }
  }
  statement {
    actions   = ["iam:PassRole"]
    resources = [aws_iam_role.caller.name]
  }
}

resource "aws_iam_policy" "made" {
  policy = data.aws_iam_policy_document.made.json
}
