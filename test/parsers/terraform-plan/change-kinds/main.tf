provider "aws" {
  region                      = "us-east-1"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}

locals {
  open_trust = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole" }]
  })
  good_trust = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "sts:AssumeRole", Condition = { StringEquals = { "sts:ExternalId" = "x" } } }]
  })
}

resource "aws_iam_role" "created" {
  name               = "created"
  assume_role_policy = local.open_trust
}

resource "aws_iam_role" "updated" {
  name               = "updated"
  description        = "new description"
  assume_role_policy = local.open_trust
}

resource "aws_iam_role" "replaced" {
  name               = "replaced-v2"
  assume_role_policy = local.open_trust
}

resource "aws_iam_role" "noop" {
  name               = "noop"
  assume_role_policy = local.open_trust
}

resource "aws_iam_role" "fixed" {
  name               = "fixed"
  assume_role_policy = local.good_trust
}

resource "aws_iam_role" "broke" {
  name               = "broke"
  assume_role_policy = local.open_trust
}
