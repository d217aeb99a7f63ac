import { describe, expect, it } from 'vitest';
import { mergeGraphSummaries, type GraphSummary } from '../../src/graph/summary.js';
import { scanText } from '../helpers.js';

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  ExecRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: [sagemaker.amazonaws.com] }
            Action: sts:AssumeRole
            Condition:
              StringEquals:
                aws:SourceAccount: !Ref AWS::AccountId
          - Effect: Allow
            Principal:
              AWS: !If [IsProd, "arn:aws:iam::210987654321:root", "arn:aws:iam::310987654321:root"]
            Action: sts:AssumeRole
            Condition:
              StringEquals:
                sts:ExternalId: partner-issued-id
          - Effect: Deny
            Principal: { AWS: "arn:aws:iam::999999999999:root" }
            Action: sts:AssumeRole
          - Effect: Allow
            Principal: { AWS: "arn:aws:iam::888888888888:root" }
            Action: sts:TagSession
          - Effect: Allow
            Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }
            Action: sts:AssumeRoleWithWebIdentity
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/AmazonSageMakerFullAccess
        - !Ref Shared
      Policies:
        - PolicyName: read-data
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - { Effect: Allow, Action: s3:GetObject, Resource: "*" }
  OpenRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            NotPrincipal: { AWS: "arn:aws:iam::777777777777:root" }
            Action: sts:AssumeRole
          - Effect: Allow
            Principal: "*"
            Action: "sts:*"
  Shared:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - { Effect: Allow, Action: s3:PutObject, Resource: "*" }
  Attached:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: attached-inline
      Roles: [!Ref ExecRole, !Ref OpenRole]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - { Effect: Allow, Action: logs:PutLogEvents, Resource: "*" }
  Model:
    Type: AWS::SageMaker::Model
    Properties:
      ExecutionRoleArn: !GetAtt ExecRole.Arn
  Notebook:
    Type: AWS::SageMaker::NotebookInstance
    Condition: IsProd
    Properties:
      InstanceType: ml.t3.medium
      RoleArn: !GetAtt ExecRole.Arn
  Profile:
    Type: AWS::IAM::InstanceProfile
    Properties:
      Roles: [!Ref ExecRole]
`;

describe('graph summary', () => {
  it('lists who may assume each role (Allow statements covering an AssumeRole action), across condition branches', async () => {
    const { graph } = await scanText(TEMPLATE);
    const exec = graph.roles.find((role) => role.name === 'ExecRole')!;
    expect(exec.line).toBe(TEMPLATE.split('\n').indexOf('  ExecRole:') + 1);
    expect(exec.principals).toEqual([
      { type: 'Service', value: 'sagemaker.amazonaws.com', conditional: true, conditions: ['SourceAccount pinned'] },
      { type: 'AWS', value: 'arn:aws:iam::210987654321:root', conditional: true, conditions: ['sts:ExternalId pinned'] },
      { type: 'Federated', value: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com', conditional: false },
      { type: 'AWS', value: 'arn:aws:iam::310987654321:root', conditional: true, conditions: ['sts:ExternalId pinned'] },
    ]);
    const open = graph.roles.find((role) => role.name === 'OpenRole')!;
    expect(open.principals).toEqual([
      { type: '*', value: 'anyone except arn:aws:iam::777777777777:root', conditional: false },
      { type: '*', value: '*', conditional: false },
    ]);
  });

  it('lists the policies a role carries: inline, attached policy resources and managed ARNs', async () => {
    const { graph } = await scanText(TEMPLATE);
    const exec = graph.roles.find((role) => role.name === 'ExecRole')!;
    expect(exec.policies).toEqual(
      expect.arrayContaining([
        { name: 'read-data', kind: 'inline' },
        { name: 'Attached', kind: 'resource', address: expect.stringMatching(/#Attached$/), file: expect.stringMatching(/template\.yaml$/), input: expect.stringMatching(/template\.yaml$/) },
        { name: 'Shared', kind: 'resource', address: expect.stringMatching(/#Shared$/), file: expect.stringMatching(/template\.yaml$/), input: expect.stringMatching(/template\.yaml$/) },
        { name: 'arn:aws:iam::aws:policy/AmazonSageMakerFullAccess', kind: 'managed' },
      ]),
    );
    expect(exec.policies).toHaveLength(4);
    expect(graph.roles.find((role) => role.name === 'OpenRole')!.policies).toEqual([{ name: 'Attached', kind: 'resource', address: expect.stringMatching(/#Attached$/), file: expect.stringMatching(/template\.yaml$/), input: expect.stringMatching(/template\.yaml$/) }]);
  });

  it('lists the SageMaker resources that use a role (from any branch), not other users', async () => {
    const { graph } = await scanText(TEMPLATE);
    const exec = graph.roles.find((role) => role.name === 'ExecRole')!;
    expect(exec.users.map((user) => [user.name, user.type])).toEqual([
      ['Model', 'AWS::SageMaker::Model'],
      ['Notebook', 'AWS::SageMaker::NotebookInstance'],
    ]);
    expect(exec.users[0]!.line).toBe(TEMPLATE.split('\n').indexOf('  Model:') + 1);
  });

  it('merges summaries by role address without duplicates', () => {
    const role = (principal: string, user: string): GraphSummary => ({
      roles: [
        {
          address: 'a#R',
          name: 'R',
          file: 'a',
          line: 1,
          principals: [{ type: 'Service', value: principal, conditional: false }],
          policies: [{ name: 'p', kind: 'inline' }],
          users: [{ address: user, name: user, type: 'AWS::SageMaker::Model', file: 'a', line: 2 }],
        },
      ],
    });
    const merged = mergeGraphSummaries([role('s1', 'u1'), role('s2', 'u1'), role('s1', 'u2')]);
    expect(merged.roles).toHaveLength(1);
    expect(merged.roles[0]!.principals.map((principal) => principal.value)).toEqual(['s1', 's2']);
    expect(merged.roles[0]!.policies).toHaveLength(1);
    expect(merged.roles[0]!.users.map((user) => user.address)).toEqual(['u1', 'u2']);
  });
});
