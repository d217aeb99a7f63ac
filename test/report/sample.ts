import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scan, type Notice, type ScanResult } from '../../src/analyze/engine.js';
import type { Finding } from '../../src/model/finding.js';

/** Text a template author controls, built to break every output format that does not escape it. */
export const HOSTILE = 'x\n::error file=x::pwned\r\n%0A | `code` <script>alert(1)</script> @org/team #1 [a](b) "q" \'s\' & ]]> \u0001\u001b[31m --> %% ${AWS::AccountId}';

/**
 * A template whose role trusts SageMaker with no source condition (one finding), whose Sid (which IAM refuses: a
 * policy-malformed finding that quotes it) and PolicyName hold hostile text, and a SageMaker model using a role
 * SageMaker may not assume (a finding with a related location).
 */
export const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  ExecRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: ${JSON.stringify(HOSTILE)}
            Effect: Allow
            Principal:
              Service: sagemaker.amazonaws.com
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/AmazonSageMakerFullAccess
      Policies:
        - PolicyName: ${JSON.stringify(HOSTILE)}
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: s3:GetObject
                Resource: "*"
                Condition:
                  StringEquals:
                    aws:ResourceTag/team: ${JSON.stringify(HOSTILE)}
  LambdaRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
  Model:
    Type: AWS::SageMaker::Model
    Properties:
      ExecutionRoleArn: !GetAtt ExecRole.Arn
      EnableNetworkIsolation: true
  OrphanModel:
    Type: AWS::SageMaker::Model
    Properties:
      ExecutionRoleArn: !GetAtt LambdaRole.Arn
      EnableNetworkIsolation: true
`;

/** A notice at a line of the sample's template, and one on the whole file (as deputy reports condition worlds). */
export function placedNotices(): Notice[] {
  const file = join('odd %2C, name: #1', 'stack.yaml');
  return [
    { file, line: 2, column: 3, message: 'transform MyMacro is not expanded: resources it would add are not analyzed' },
    { file, message: 'conditions depend on A, B (4 combinations)' },
  ];
}

export interface Sample {
  /** The folder holding the template (the source root of the reports). */
  root: string;
  result: ScanResult;
  dispose(): void;
}

/**
 * A real scan of TEMPLATE (in a folder whose name needs escaping in URIs and workflow commands), plus what a scan
 * of other inputs adds: a suppressed finding of each source, an input error with and without a file, a notice.
 */
export async function hostileSample(): Promise<Sample> {
  const root = mkdtempSync(join(tmpdir(), 'deputy-report-'));
  const folder = join(root, 'odd %2C, name: #1');
  mkdirSync(folder);
  writeFileSync(join(folder, 'stack.yaml'), TEMPLATE);
  const result = await scan([folder], { cwd: root });
  const file = join('odd %2C, name: #1', 'stack.yaml');
  const suppressed = (finding: Finding, source: 'inline' | 'config' | 'baseline'): Finding => ({
    ...finding,
    fingerprint: `${finding.fingerprint.slice(0, 24)}${source.padEnd(8, '0')}`,
    suppressed: { source, reason: `accepted: ${HOSTILE}` },
  });
  const first = result.findings[0]!;
  result.findings.push(suppressed(first, 'inline'), suppressed(first, 'config'), suppressed(first, 'baseline'));
  result.errors.push({ file, line: 3, column: 5, message: `bad input: ${HOSTILE}` }, { file: '(command line)', message: 'parameter Env is not declared by any scanned template' });
  result.notices.push({ file, message: `transform not expanded: ${HOSTILE}` });
  result.summary.errors = result.errors.length;
  return { root, result, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/** The fixture whose one finding takes a fix for each world (the pipeline's SourceArn where IsModel is false, any SageMaker ARN where it is true). */
export const FIXED_PER_WORLD = join(import.meta.dirname, '..', 'fixtures', 'trust-service-without-source-condition', 'conditional-users.yaml');

/** A real scan of FIXED_PER_WORLD, run from the repository root, and its one finding. */
export async function fixedPerWorld(): Promise<{ root: string; result: ScanResult; finding: Finding }> {
  const root = join(import.meta.dirname, '..', '..');
  const result = await scan([FIXED_PER_WORLD], { cwd: root });
  if (result.findings.length !== 1 || result.findings[0]!.fixes?.length !== 2) throw new Error('the fixture no longer makes one finding with two fixes');
  return { root, result, finding: result.findings[0]! };
}
