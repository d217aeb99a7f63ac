variable "region" {
  description = "Region the ML platform runs in."
  type        = string
  default     = "us-east-1"
}

variable "project" {
  description = "Prefix of every resource name."
  type        = string
}

variable "vpc_id" {
  description = "VPC the notebook, the Studio domain and the training jobs run in."
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets (no route to an internet gateway)."
  type        = list(string)
}

variable "notebook_security_group_id" {
  description = "Security group of the research notebook."
  type        = string
}

variable "kms_key_arn" {
  description = "Customer managed key for notebook volumes and model artifacts."
  type        = string
}
