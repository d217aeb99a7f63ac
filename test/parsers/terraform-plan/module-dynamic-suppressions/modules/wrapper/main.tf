variable "trust_statements" {
  type = any
}

module "inner" {
  source           = "../role"
  trust_statements = var.trust_statements
}
