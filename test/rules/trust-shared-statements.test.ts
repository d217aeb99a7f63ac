import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/analyze/engine.js';
import { scanText } from '../helpers.js';

/**
 * Roles stamped out of one module repeat the same policy text, and their documents share the statements read from
 * it: the trust and SageMaker rules evaluate those once. Each role must still get its own findings, and a role
 * whose text differs must never inherit them.
 */
function role(name: string, trust: object, properties = ''): string {
  return `  ${name}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: '${JSON.stringify({ Version: '2012-10-17', Statement: trust })}'
${properties}`;
}

function reported(result: ScanResult, ruleId: string): string[] {
  expect(result.errors).toEqual([]);
  return result.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.resource.address.split('#')[1]!);
}

const SAGEMAKER = { Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' };

describe('trust policies that share their text', () => {
  it('report an aws:SourceArn of another service on every role that repeats it, with its own name', async () => {
    const s3Source = [{ ...SAGEMAKER, Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::training-data' } } }];
    const sageMakerSource = [{ ...SAGEMAKER, Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:sagemaker:us-east-1:493827160514:*' } } }];
    const result = await scanText(`Resources:
${role('First', s3Source)}${role('Right', sageMakerSource)}${role('Second', s3Source)}`);
    expect(reported(result, 'trust-source-arn-wrong-service')).toEqual(['First', 'Second']);
    const messages = result.findings.filter((finding) => finding.ruleId === 'trust-source-arn-wrong-service').map((finding) => finding.message);
    expect(messages[0]).toContain('role First');
    expect(messages[1]).toContain('role Second');
  });

  it('report mismatched source accounts per role', async () => {
    const mismatch = [{ ...SAGEMAKER, Condition: { StringEquals: { 'aws:SourceAccount': '210987654321' }, ArnLike: { 'aws:SourceArn': 'arn:aws:sagemaker:us-east-1:109876543210:*' } } }];
    const matching = [{ ...SAGEMAKER, Condition: { StringEquals: { 'aws:SourceAccount': '109876543210' }, ArnLike: { 'aws:SourceArn': 'arn:aws:sagemaker:us-east-1:109876543210:*' } } }];
    const result = await scanText(`Resources:
${role('First', mismatch)}${role('Matching', matching)}${role('Second', mismatch)}`);
    expect(reported(result, 'trust-source-account-mismatch')).toEqual(['First', 'Second']);
  });

  it('report a wildcard principal per role, and not where the organization pins the caller', async () => {
    const anyone = [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }];
    const organization = [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }];
    const result = await scanText(`Resources:
${role('First', anyone)}${role('Organization', organization)}${role('Second', anyone)}`);
    expect(reported(result, 'trust-any-principal')).toEqual(['First', 'Second']);
  });

  it('read the tags of each role that repeats a text conditioning on them: a Deny under its own tag refuses every caller of that role only', async () => {
    const lockedDenied = [
      { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' },
      { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:ResourceTag/locked': 'true' } } },
    ];
    const tagged = (value: string): string => `      Tags:\n        - Key: locked\n          Value: "${value}"\n`;
    const result = await scanText(`Resources:
${role('Open', lockedDenied, tagged('false'))}${role('Locked', lockedDenied, tagged('true'))}${role('AlsoOpen', lockedDenied, tagged('false'))}`);
    expect(reported(result, 'trust-any-principal')).toEqual(['Open', 'AlsoOpen']);
  });

  it("carry the tags of each role that repeats a text conditioning on them into SageMaker's own request: a role without the tag refuses its notebook only", async () => {
    const teamOnly = [{ ...SAGEMAKER, Condition: { StringEquals: { 'aws:ResourceTag/team': 'ml' } } }];
    const tagged = (value: string): string => `      Tags:\n        - Key: team\n          Value: "${value}"\n`;
    const notebook = (name: string): string => `  ${name}Notebook:\n    Type: AWS::SageMaker::NotebookInstance\n    Properties:\n      InstanceType: ml.t3.medium\n      RoleArn: !GetAtt ${name}.Arn\n`;
    const result = await scanText(`Resources:
${role('Ml', teamOnly, tagged('ml'))}${notebook('Ml')}${role('Other', teamOnly, tagged('other'))}${notebook('Other')}${role('AlsoMl', teamOnly, tagged('ml'))}${notebook('AlsoMl')}`);
    expect(reported(result, 'trust-sagemaker-role-unassumable')).toEqual(['OtherNotebook']);
  });

  it('report a partner without an external id per role, and not where the external id is required', async () => {
    const partner = [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::210987654321:root' }, Action: 'sts:AssumeRole' }];
    const withExternalId = [{ ...partner[0], Condition: { StringEquals: { 'sts:ExternalId': 'issued-by-partner' } } }];
    const result = await scanText(`Resources:
${role('First', partner)}${role('Guarded', withExternalId)}${role('Second', partner)}`);
    expect(reported(result, 'trust-cross-account-without-external-id')).toEqual(['First', 'Second']);
  });

  it('evaluate the SageMaker request of each resource against the text its role holds', async () => {
    const endpointOnly = [{ ...SAGEMAKER, Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:sagemaker:us-east-1:493827160514:endpoint/my-endpoint' } } }];
    const anySageMaker = [{ ...SAGEMAKER, Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:sagemaker:us-east-1:493827160514:*' } } }];
    const model = (name: string, roleName: string) => `  ${name}:
    Type: AWS::SageMaker::Model
    Properties:
      ExecutionRoleArn: !GetAtt ${roleName}.Arn
`;
    const result = await scanText(`Resources:
${role('FirstRole', endpointOnly)}${role('OpenRole', anySageMaker)}${role('SecondRole', endpointOnly)}${model('FirstModel', 'FirstRole')}${model('OpenModel', 'OpenRole')}${model('SecondModel', 'SecondRole')}`);
    expect(reported(result, 'trust-sagemaker-role-unassumable')).toEqual(['FirstModel', 'SecondModel']);
  });

  it('write the fix of a shared statement for each role, with its own SageMaker users', async () => {
    const model = (name: string, roleName: string) => `  ${name}:
    Type: AWS::SageMaker::Model
    Properties:
      ExecutionRoleArn: !GetAtt ${roleName}.Arn
`;
    const result = await scanText(`Resources:
${role('FirstRole', [SAGEMAKER])}${role('UnusedRole', [SAGEMAKER])}${role('SecondRole', [SAGEMAKER])}${model('FirstModel', 'FirstRole')}${model('SecondModel', 'SecondRole')}`);
    const fixes = result.findings
      .filter((finding) => finding.ruleId === 'trust-service-without-source-condition')
      .map((finding) => [finding.resource.address.split('#')[1], finding.fix?.description]);
    expect(fixes).toEqual([
      ['FirstRole', expect.stringContaining('(covers FirstModel)')],
      ['UnusedRole', expect.not.stringContaining('covers')],
      ['SecondRole', expect.stringContaining('(covers SecondModel)')],
    ]);
  });
});

describe('the SageMaker source ARN of each pipeline', () => {
  const pipeline = (name: string, roleName: string) => `  ${name}:
    Type: AWS::SageMaker::Pipeline
    Properties:
      PipelineName: ${name.toLowerCase()}
      RoleArn: !GetAtt ${roleName}.Arn
      PipelineDefinition:
        PipelineDefinitionBody: "{}"
`;
  const owner = 'arn:aws:sagemaker:us-east-1:493827160514';

  it('is weighed per pipeline where a condition reads it', async () => {
    const onFirst = [{ ...SAGEMAKER, Condition: { ArnLike: { 'aws:SourceArn': `${owner}:pipeline/first/*` } } }];
    const result = await scanText(`Resources:
${role('Role', onFirst)}${pipeline('First', 'Role')}${pipeline('Second', 'Role')}`);
    expect(reported(result, 'trust-sagemaker-role-unassumable')).toEqual(['Second']);
  });

  it('is weighed per pipeline where only a Deny reads more of it than its region and account', async () => {
    const secondDenied = [
      { ...SAGEMAKER, Condition: { ArnLike: { 'aws:SourceArn': 'arn:*:sagemaker:*:*:*' } } },
      { ...SAGEMAKER, Effect: 'Deny', Condition: { ArnLike: { 'aws:SourceArn': 'arn:*:sagemaker:*:*:pipeline/second/*' } } },
    ];
    const result = await scanText(`Resources:
${role('Role', secondDenied)}${pipeline('First', 'Role')}${pipeline('Second', 'Role')}${pipeline('Third', 'Role')}`);
    expect(reported(result, 'trust-sagemaker-role-unassumable')).toEqual(['Second']);
  });

  it('is weighed per resource where a String operator compares its resource part literally', async () => {
    const literalStar = [{ ...SAGEMAKER, Condition: { StringEquals: { 'aws:SourceArn': `${owner}:*` } } }];
    const model = `  Model:
    Type: AWS::SageMaker::Model
    Properties:
      ExecutionRoleArn: !GetAtt Role.Arn
`;
    const result = await scanText(`Resources:
${role('Role', literalStar)}${pipeline('First', 'Role')}${model}${pipeline('Second', 'Role')}`);
    expect(reported(result, 'trust-sagemaker-role-unassumable')).toEqual(['First', 'Second']);
  });

  it('gives every pipeline the same answer where no condition reads it', async () => {
    const denied = [SAGEMAKER, { ...SAGEMAKER, Effect: 'Deny', Condition: { Bool: { 'aws:PrincipalIsAWSService': 'true' } } }];
    const result = await scanText(`Resources:
${role('OpenRole', [SAGEMAKER])}${role('DeniedRole', denied)}${pipeline('First', 'OpenRole')}${pipeline('Second', 'DeniedRole')}${pipeline('Third', 'DeniedRole')}`);
    expect(reported(result, 'trust-sagemaker-role-unassumable')).toEqual(['Second', 'Third']);
  });
});

describe('identity policies that share their text', () => {
  it('weigh a shared administrator statement against the Denies of each role', async () => {
    const admin = `'{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}'`;
    const denyAll = `'{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}'`;
    const policies = (...documents: string[]) =>
      `      Policies:\n${documents.map((document, index) => `        - PolicyName: p${index}\n          PolicyDocument: ${document}\n`).join('')}`;
    const notebook = (name: string, roleName: string) => `  ${name}:
    Type: AWS::SageMaker::NotebookInstance
    Properties:
      InstanceType: ml.t3.medium
      RoleArn: !GetAtt ${roleName}.Arn
`;
    const result = await scanText(`Resources:
${role('AdminRole', [SAGEMAKER], policies(admin))}${role('DeniedRole', [SAGEMAKER], policies(admin, denyAll))}${role('OtherAdminRole', [SAGEMAKER], policies(admin))}${notebook('First', 'AdminRole')}${notebook('Denied', 'DeniedRole')}${notebook('Second', 'OtherAdminRole')}`);
    expect(reported(result, 'sagemaker-execution-role-admin')).toEqual(['AdminRole', 'OtherAdminRole']);
  });
});
