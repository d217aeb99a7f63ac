variable "external_id" {
  type      = string
  sensitive = true
}

variable "partner_role" {
  type      = string
  sensitive = true
}

variable "shared_id" {
  type      = string
  sensitive = true
  default   = "Shown-In-Config*"
}

resource "aws_iam_role" "partner" {
  name = "partner"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::210987654321:root" }
        Action    = "sts:AssumeRole"
        Condition = { StringEquals = { "sts:ExternalId" = var.external_id } }
      },
      {
        Effect    = "Allow"
        Principal = { AWS = var.partner_role }
        Action    = "sts:AssumeRole"
      },
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::210987654321:root" }
        Action    = "sts:AssumeRole"
        Condition = { StringEquals = { "sts:ExternalId" = var.shared_id } }
      },
    ]
  })
}
