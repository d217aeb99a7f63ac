import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scan, type ScanResult } from '../src/analyze/engine.js';

/** Writes a template to a fresh temporary folder and scans it. */
export async function scanText(text: string, name = 'template.yaml', parameters: Record<string, string> = {}): Promise<ScanResult> {
  const directory = mkdtempSync(join(tmpdir(), 'deputy-test-'));
  const file = join(directory, name);
  writeFileSync(file, text);
  try {
    return await scan([file], { parameters });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Start lines of one rule's findings. */
export function linesOf(result: ScanResult, ruleId: string): number[] {
  return result.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.location.startLine).sort((a, b) => a - b);
}

/** Every line of the text after the indent: YAML written at the top level, placed in a template. */
export function indentLines(text: string, indent: string): string {
  return text
    .split('\n')
    .map((line) => `${indent}${line}`)
    .join('\n');
}

/** A YAML template holding one role with the given trust policy statements (indented YAML lines). */
export function roleTemplate(statements: string, extra = ''): string {
  return `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
${indentLines(statements, '          ')}
${extra}`;
}

/**
 * A role that SageMaker may assume, whose inline policies are JSON text (`PolicyName` → text): roles given the same
 * text share its statements, which the rules check once.
 */
export function sageMakerRoleWithTextPolicies(name: string, policies: Record<string, string>): string {
  return `  ${name}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: sagemaker.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
${Object.entries(policies)
  .map(([policyName, text]) => `        - PolicyName: ${policyName}\n          PolicyDocument: '${text}'`)
  .join('\n')}
`;
}
