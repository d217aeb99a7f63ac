import { describe, expect, it, vi } from 'vitest';
import { scanTree } from './helpers.js';

// A failure inside deputy while loading one folder (a parser bug the fuzzing found, say) must not stop the others:
// the folder is told with an internal error and its files as not analyzed, and every other input is still analyzed.
vi.mock('../../../parsers/terraform/config.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../parsers/terraform/config.js')>();
  const fails = (directory: string): boolean => directory.endsWith('/broken');
  return {
    ...original,
    loadModule: (directory: string, ...rest: [string, ((real: string) => boolean)?]) => (fails(directory) ? Promise.reject(new Error('loader bug')) : original.loadModule(directory, ...rest)),
    loadModules: (folders: ReadonlyArray<{ directory: string }>, ...rest: [((real: string) => boolean)?]) =>
      folders.some(({ directory }) => fails(directory)) ? Promise.reject(new Error('loader bug')) : original.loadModules(folders as Parameters<typeof original.loadModules>[0], ...rest),
  };
});

const UNSCOPED_TRUST = `resource "aws_iam_role" "r" {
  name = "r"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}
`;

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

describe('a Terraform folder whose loading fails inside deputy', () => {
  it('is told at its folder, its files not analyzed, and the other folders and templates are analyzed', async () => {
    const result = await scanTree({ 'good/main.tf': UNSCOPED_TRUST, 'broken/main.tf': UNSCOPED_TRUST, 'stack.yaml': TEMPLATE });
    expect(result.errors).toContainEqual({ file: 'broken', message: 'internal error while loading this module: loader bug' });
    const fired = result.findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition').map((finding) => finding.location.file).sort();
    expect(fired).toEqual(['good/main.tf', 'stack.yaml']);
    expect(result.notAnalyzed).toContain('broken/main.tf');
  });
});
