project                    = "churn"
vpc_id                     = "vpc-0a3f9c2e71d45b608"
private_subnet_ids         = ["subnet-04e1b7c9a2d5f3e86", "subnet-0b8d2f6e1c9a47d35"]
notebook_security_group_id = "sg-0f2c7a91d3e5b8046"
kms_key_arn                = "arn:aws:kms:us-east-1:493827160514:key/7f3c2a9e-5b14-4d8e-9c06-2e1f8a7b3d45"
