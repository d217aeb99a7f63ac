import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';

const created: string[] = [];
afterAll(() => {
  for (const directory of created) rmSync(directory, { recursive: true, force: true });
});

/** A temporary folder holding the given files (paths relative to it), as text or bytes. */
export function project(files: Record<string, string | Buffer>): string {
  const directory = mkdtempSync(join(tmpdir(), 'deputy-analyze-'));
  created.push(directory);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(directory, name)), { recursive: true });
    writeFileSync(join(directory, name), text);
  }
  return directory;
}

/** A SageMaker-trusting role with no source condition (trust-service-without-source-condition), with optional Metadata lines. */
export function serviceRole(name = 'Role', metadata = ''): string {
  return `  ${name}:
    Type: AWS::IAM::Role
${metadata}    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: sagemaker.amazonaws.com
            Action: sts:AssumeRole
`;
}

/** `serviceRole` in HCL: role `aws_iam_role.exec` trusting the service the HCL expression `service` gives, with no source condition. */
export function hclServiceRole(service: string): string {
  return `resource "aws_iam_role" "exec" {
  name = "exec"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = ${service} }
      Action    = "sts:AssumeRole"
    }]
  })
}
`;
}

/** A role another account (the documentation's 123456789012) may assume: cross-account and placeholder findings. */
export function partnerRole(name = 'Partner', metadata = ''): string {
  return `  ${name}:
    Type: AWS::IAM::Role
${metadata}    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: arn:aws:iam::123456789012:root
            Action: sts:AssumeRole
`;
}

export const CROSS_ACCOUNT = 'trust-cross-account-without-external-id';
export const SERVICE = 'trust-service-without-source-condition';
export const PLACEHOLDER = 'policy-documentation-placeholder';
