variable "trust_statements" {
  type = map(object({
    actions = list(string)
    principals = list(object({
      type        = string
      identifiers = list(string)
    }))
  }))
}

data "aws_iam_policy_document" "trust" {
  dynamic "statement" {
    for_each = var.trust_statements
    content {
      sid     = statement.key
      actions = statement.value.actions
      dynamic "principals" {
        for_each = statement.value.principals
        content {
          type        = principals.value.type
          identifiers = principals.value.identifiers
        }
      }
    }
  }
}

resource "aws_iam_role" "this" {
  name               = "exec"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
