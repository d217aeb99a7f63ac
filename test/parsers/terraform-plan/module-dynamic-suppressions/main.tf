# A module whose dynamic blocks make its trust statements of the objects its calls pass: the HCL scan locates a finding
# on such a statement in the object, inside the module block, where a comment suppresses it; the plan, read with this
# folder, locates it there too, and the comment suppresses it in both. One on a call of a module that writes its
# statement itself (static) suppresses nothing in either.
module "inside" {
  # deputy:ignore trust-service-without-source-condition -- inside the block
  source = "./modules/role"
  trust_statements = {
    SageMaker = {
      actions    = ["sts:AssumeRole"]
      principals = [{ type = "Service", identifiers = ["sagemaker.amazonaws.com"] }]
    }
  }
}

# deputy:ignore trust-service-without-source-condition -- on the line before
module "before" {
  source = "./modules/role"
  trust_statements = {
    SageMaker = {
      actions    = ["sts:AssumeRole"]
      principals = [{ type = "Service", identifiers = ["sagemaker.amazonaws.com"] }]
    }
  }
}

module "loud" {
  source = "./modules/role"
  trust_statements = {
    SageMaker = {
      actions    = ["sts:AssumeRole"]
      principals = [{ type = "Service", identifiers = ["sagemaker.amazonaws.com"] }]
    }
  }
}

module "wrapped" {
  # deputy:ignore trust-service-without-source-condition -- through a module between
  source = "./modules/wrapper"
  trust_statements = {
    SageMaker = {
      actions    = ["sts:AssumeRole"]
      principals = [{ type = "Service", identifiers = ["sagemaker.amazonaws.com"] }]
    }
  }
}

module "static" {
  # deputy:ignore trust-service-without-source-condition -- the module writes the statement
  source = "./modules/static"
}

provider "aws" {
  region                      = "us-east-1"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}
