import { describe, expect, it, vi } from 'vitest';
import { scanTree } from '../parsers/terraform/helpers.js';

// A failure inside deputy that the Terraform reading does not contain to a folder: the templates are still reported.
vi.mock('../../parsers/terraform/index.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../parsers/terraform/index.js')>()),
  parseTerraform: () => Promise.reject(new Error('reader bug')),
}));

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: sagemaker.amazonaws.com
            Action: sts:AssumeRole
`;

describe('a Terraform reading that fails inside deputy', () => {
  it('is told at each Terraform folder, and the templates beside it are analyzed', async () => {
    const result = await scanTree({ 'infra/main.tf': 'resource "aws_iam_role" "r" {}\n', 'stack.yaml': TEMPLATE });
    expect(result.errors).toContainEqual({ file: 'infra', message: 'internal error while analyzing this Terraform configuration: reader bug' });
    expect(result.findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition').map((finding) => finding.location.file)).toEqual(['stack.yaml']);
  });
});
