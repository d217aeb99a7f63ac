import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCloudFormation } from '../../parsers/cloudformation/index.js';
import { identityAbacTagBypass } from '../../rules/identity/identity-abac-tag-bypass.js';
import { DEFAULT_GUARDRAIL_KEYS, identitySageMakerGuardrailMissing } from '../../rules/identity/identity-sagemaker-guardrail-missing.js';
import { mayNameActionOf } from '../../src/iam/trust.js';
import { grants } from '../../rules/identity/identity-policies.js';
import { scan, toFinding } from '../../src/analyze/engine.js';
import { ResourceGraph } from '../../src/graph/graph.js';
import { iamCatalog } from '../../src/iam/catalog.js';
import { defaultServicePrincipals } from '../../src/iam/service-principals.js';
import type { Finding } from '../../src/model/finding.js';
import type { RuleContext } from '../../src/model/rule.js';
import { indentLines, scanText } from '../helpers.js';
import { scanTree } from '../parsers/terraform/helpers.js';

const IDENTITY_RULES = [
  'identity-passrole-unscoped',
  'identity-forallvalues-without-null',
  'identity-sagemaker-guardrail-missing',
  'identity-abac-tag-bypass',
  'identity-addtags-unscoped',
  'identity-condition-key-not-applicable',
  'identity-sourceip-with-vpc-endpoint',
  'identity-full-admin',
];

/** A group Ops with an inline policy `power` of these statements. */
function groupPolicyTemplate(statements: string): string {
  return `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Ops:
    Type: AWS::IAM::Group
    Properties:
      Policies:
        - PolicyName: power
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
${indentLines(statements, '              ')}
`;
}

/** A String parameter allowing `allowed` (a YAML list), and user Bob with an inline policy pass-roles of these statements. */
function bobWithParameterTemplate(parameter: string, allowed: string, statements: string): string {
  return `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  ${parameter}:
    Type: String
    AllowedValues: ${allowed}
Resources:
  Bob:
    Type: AWS::IAM::User
    Properties:
      Policies:
        - PolicyName: pass-roles
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
${indentLines(statements, '              ')}
`;
}

/** A template with one managed policy holding the statements (YAML, indented under Statement:). */
function policyTemplate(statements: string, extra = ''): string {
  return `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
${indentLines(statements, '          ')}
${extra}`;
}

async function identityFindings(text: string): Promise<Finding[]> {
  const result = await scanText(text);
  expect(result.errors).toEqual([]);
  return result.findings.filter((finding) => IDENTITY_RULES.includes(finding.ruleId));
}

async function identityRuleIds(text: string): Promise<string[]> {
  return [...new Set((await identityFindings(text)).map((finding) => finding.ruleId))].sort();
}

/** The findings of a rule on a fixture (file or folder) of test/fixtures/<ruleId>, read without input errors. */
async function fixtureFindings(ruleId: string, name: string): Promise<Finding[]> {
  const result = await scan([join(import.meta.dirname, '..', 'fixtures', ruleId, name)]);
  expect(result.errors).toEqual([]);
  return result.findings.filter((finding) => finding.ruleId === ruleId);
}

/** The identity-passrole-unscoped findings of a fixture written in YAML and in JSON, each read without input errors. */
async function passRoleFixtureFindings(name: string): Promise<Finding[][]> {
  const found: Finding[][] = [];
  for (const format of ['yaml', 'json']) {
    found.push(await fixtureFindings('identity-passrole-unscoped', `${name}.${format}`));
  }
  return found;
}

/** Runs the guardrail rule with a given context (the engine's context carries no configuration yet). */
function guardrailFindings(text: string, context: Partial<RuleContext> = {}): Finding[] {
  const parsed = parseCloudFormation('template.yaml', text);
  expect(parsed.errors).toEqual([]);
  const graph = new ResourceGraph(parsed.worlds[0]!);
  return identitySageMakerGuardrailMissing.check(graph, { services: defaultServicePrincipals, now: Date.parse('2026-12-07T10:00:00Z'), ...context }).map((report) => toFinding(identitySageMakerGuardrailMissing, report));
}

const ROLE = `  Worker:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root
            Action: sts:AssumeRole`;

describe('identity-sagemaker-guardrail-missing fix', () => {
  it('does not advise adding every listed key to the statement, which would refuse each action a key is not carried by', () => {
    const fix = identitySageMakerGuardrailMissing.meta.fix;
    expect(fix).not.toMatch(/^Add the listed condition keys to the statement/);
    expect(fix).toMatch(/statement that allows only the actions listed with those keys/);
  });
});

describe('identity rules: adversarial statements', () => {
  const cases: Array<[string, string, string[]]> = [
    ['PassRole pinned by StringLike to SageMaker names', `- Effect: Allow\n  Action: iam:PassRole\n  Resource: "*"\n  Condition:\n    StringLike:\n      iam:PassedToService: sagemaker.*`, []],
    ['PassRole pinned only by a negated operator admits other services', `- Effect: Allow\n  Action: iam:PassRole\n  Resource: "*"\n  Condition:\n    StringNotEquals:\n      iam:PassedToService: ec2.amazonaws.com`, ['identity-passrole-unscoped']],
    ['PassRole with Null on PassedToService admits any service', `- Effect: Allow\n  Action: iam:PassRole\n  Resource: "*"\n  Condition:\n    "Null":\n      iam:PassedToService: "false"`, ['identity-passrole-unscoped']],
    // No iam:PassRole request carries an empty service: IAM compares the empty text as written, and no request equals it.
    ['PassRole pinned to empty text only passes no role', `- Effect: Allow\n  Action: iam:PassRole\n  Resource: "*"\n  Condition:\n    StringEquals:\n      iam:PassedToService: ""\n- Effect: Allow\n  Action: iam:PassRole\n  Resource: "*"\n  Condition:\n    StringEqualsIfExists:\n      iam:PassedToService: [""]`, []],
    ['PassRole pinned to empty text and SageMaker pins SageMaker', `- Effect: Allow\n  Action: iam:PassRole\n  Resource: "*"\n  Condition:\n    StringEquals:\n      iam:PassedToService: ["", sagemaker.amazonaws.com]`, []],
    ['PassRole other than to empty text admits any service', `- Effect: Allow\n  Action: iam:PassRole\n  Resource: "*"\n  Condition:\n    StringNotEquals:\n      iam:PassedToService: ""`, ['identity-passrole-unscoped']],
    // iam:AssociatedResourceArn pins the services a role is passed for to those its ARNs name, where each names one.
    ['PassRole for one SageMaker notebook instance', `- Effect: Allow\n  Action: iam:PassRole\n  Resource: "*"\n  Condition:\n    ArnEquals:\n      iam:AssociatedResourceArn: arn:aws:sagemaker:us-east-1:493827160514:notebook-instance/nb`, []],
    ['PassRole for the owner\'s SageMaker training jobs, in any case of the key', `- Effect: Allow\n  Action: iam:PassRole\n  Resource: "*"\n  Condition:\n    ForAnyValue:ArnLike:\n      IAM:associatedresourceARN: !Sub arn:\${AWS::Partition}:sagemaker:\${AWS::Region}:\${AWS::AccountId}:training-job/*`, []],
    ['PassRole for resources of a service not known', `- Effect: Allow\n  Action: iam:PassRole\n  Resource: "*"\n  Condition:\n    ArnLike:\n      iam:AssociatedResourceArn: !Sub ['arn:aws:\${Service}:*:*:*', {Service: !ImportValue service}]`, []],
    ['PassRole for resources of any service', `- Effect: Allow\n  Action: iam:PassRole\n  Resource: "*"\n  Condition:\n    ArnLike:\n      iam:AssociatedResourceArn: ["arn:aws:sagemaker:*:*:*", "arn:aws:s*:*:*:*"]`, ['identity-passrole-unscoped']],
    ['PassRole for a SageMaker resource if the service sends one', `- Effect: Allow\n  Action: iam:PassRole\n  Resource: "*"\n  Condition:\n    ArnLikeIfExists:\n      iam:AssociatedResourceArn: arn:aws:sagemaker:*:*:*`, ['identity-passrole-unscoped']],
    ['a role wildcard with a name prefix is not any role', `- Effect: Allow\n  Action: iam:PassRole\n  Resource: arn:aws:iam::*:role/ml-*`, []],
    // A Deny of tagging outside creation refuses what the Allow grants: in its region and account, on its resource type.
    ['AddTags denied outside creation on the ARN it is allowed on', `- Effect: Allow\n  Action: sagemaker:AddTags\n  Resource: arn:aws:sagemaker:us-east-1:493827160514:training-job/*\n- Effect: Deny\n  Action: sagemaker:AddTags\n  Resource: arn:aws:sagemaker:us-east-1:493827160514:training-job/*\n  Condition:\n    "Null": {sagemaker:TaggingAction: "true"}`, []],
    ['AddTags on endpoints denied outside creation on endpoints', `- Effect: Allow\n  Action: sagemaker:AddTags\n  Resource: arn:aws:sagemaker:*:*:endpoint/*\n- Effect: Deny\n  Action: sagemaker:AddTags\n  Resource: arn:aws:sagemaker:*:*:endpoint/*\n  Condition:\n    "Null": {sagemaker:TaggingAction: "true"}`, []],
    ['AddTags on endpoints denied outside creation on training jobs only', `- Effect: Allow\n  Action: sagemaker:AddTags\n  Resource: arn:aws:sagemaker:*:*:endpoint/*\n- Effect: Deny\n  Action: sagemaker:AddTags\n  Resource: arn:aws:sagemaker:*:*:training-job/*\n  Condition:\n    "Null": {sagemaker:TaggingAction: "true"}`, ['identity-addtags-unscoped']],
    ['retagging denied on the ARN tagging is allowed on keeps the ResourceTag condition', `- Effect: Allow\n  Action: sagemaker:DescribeTrainingJob\n  Resource: "*"\n  Condition:\n    StringEquals:\n      aws:ResourceTag/team: ml\n- Effect: Allow\n  Action: sagemaker:AddTags\n  Resource: arn:aws:sagemaker:us-east-1:493827160514:training-job/*\n- Effect: Deny\n  Action: sagemaker:AddTags\n  Resource: arn:aws:sagemaker:us-east-1:493827160514:training-job/*\n  Condition:\n    ForAnyValue:StringEquals:\n      aws:TagKeys: [team]`, ['identity-addtags-unscoped']],
    ['retagging denied in another region than tagging is allowed in', `- Effect: Allow\n  Action: sagemaker:DescribeTrainingJob\n  Resource: "*"\n  Condition:\n    StringEquals:\n      aws:ResourceTag/team: ml\n- Effect: Allow\n  Action: sagemaker:AddTags\n  Resource: arn:aws:sagemaker:us-east-1:493827160514:training-job/*\n- Effect: Deny\n  Action: sagemaker:AddTags\n  Resource: arn:aws:sagemaker:eu-west-1:493827160514:training-job/*\n  Condition:\n    ForAnyValue:StringEquals:\n      aws:TagKeys: [team]`, ['identity-abac-tag-bypass', 'identity-addtags-unscoped']],
    ['AddTags on every resource denied outside creation in one region', `- Effect: Allow\n  Action: sagemaker:AddTags\n  Resource: "*"\n- Effect: Deny\n  Action: sagemaker:AddTags\n  Resource: arn:aws:sagemaker:us-east-1:*:*\n  Condition:\n    "Null": {sagemaker:TaggingAction: "true"}`, ['identity-addtags-unscoped']],
    ['AddTags on every resource denied outside creation in the one region every request is locked to', `- Effect: Allow\n  Action: sagemaker:AddTags\n  Resource: "*"\n- Effect: Deny\n  Action: sagemaker:AddTags\n  Resource: arn:aws:sagemaker:us-east-1:*:*\n  Condition:\n    "Null": {sagemaker:TaggingAction: "true"}\n- Effect: Deny\n  Action: "*"\n  Resource: "*"\n  Condition:\n    StringNotEquals: {aws:RequestedRegion: us-east-1}`, []],
    // The probe's name is one only a Deny's `*` covers: a Deny on a narrower prefix, or on every name but some, refuses part of the grant.
    ['AddTags on a prefix denied on a narrower prefix the old probe name began', `- Effect: Allow\n  Action: sagemaker:AddTags\n  Resource: arn:aws:sagemaker:*:*:training-job/team-*\n- Effect: Deny\n  Action: sagemaker:AddTags\n  Resource: arn:aws:sagemaker:*:*:training-job/team-d*\n  Condition:\n    "Null": {sagemaker:TaggingAction: "true"}`, ['identity-addtags-unscoped']],
    ['AddTags denied outside creation on every job but approved ones', `- Effect: Allow\n  Action: sagemaker:AddTags\n  Resource: arn:aws:sagemaker:*:*:training-job/*\n- Effect: Deny\n  Action: sagemaker:AddTags\n  NotResource: arn:aws:sagemaker:*:*:training-job/approved-*\n  Condition:\n    "Null": {sagemaker:TaggingAction: "true"}`, ['identity-addtags-unscoped']],
    ['AddTags on every resource but training jobs denied outside creation on training jobs only', `- Effect: Allow\n  Action: sagemaker:AddTags\n  NotResource: arn:aws:sagemaker:*:*:training-job/*\n- Effect: Deny\n  Action: sagemaker:AddTags\n  Resource: arn:aws:sagemaker:*:*:training-job/*\n  Condition:\n    "Null": {sagemaker:TaggingAction: "true"}`, ['identity-addtags-unscoped']],
    ['PassRole in a Deny is not a grant', `- Effect: Deny\n  Action: iam:PassRole\n  Resource: "*"`, []],
    ['NotAction of iam:* and sts:* excludes PassRole and leaves no escalation, but grants SageMaker', `- Effect: Allow\n  NotAction: [iam:*, sts:*]\n  Resource: "*"`, ['identity-addtags-unscoped', 'identity-sagemaker-guardrail-missing']],
    // ForAllValues:Null tests whether the key is there (IAM accepts it, undocumented): no allow-list to pair a Null with.
    ['ForAllValues:Null on a key is no ForAllValues allow-list', `- Effect: Allow\n  Action: sagemaker:CreateModel\n  Resource: "*"\n  Condition:\n    ForAllValues:Null:\n      sagemaker:VpcSubnets: "true"`, []],
    ['ForAllValues on a key the statement also requires with IfExists only', `- Effect: Allow\n  Action: sagemaker:CreateModel\n  Resource: "*"\n  Condition:\n    ForAllValues:StringEquals:\n      sagemaker:VpcSubnets: [subnet-1]\n    StringLikeIfExists:\n      sagemaker:VpcSubnets: subnet-*`, ['identity-forallvalues-without-null']],
    // A statement conditioned on a key CreateTrainingJob never carries passes no request: condition-key-not-applicable says so.
    ['ForAllValues in a statement that no request passes', `- Effect: Allow\n  Action: sagemaker:CreateTrainingJob\n  Resource: "*"\n  Condition:\n    StringEquals:\n      sagemaker:RootAccess: Disabled\n    ForAllValues:StringEquals:\n      sagemaker:VpcSubnets: [subnet-1]`, ['identity-condition-key-not-applicable']],
    // A key IAM puts in every request is never missing: no request passes by omitting it.
    ['ForAllValues on keys every request carries', `- Effect: Allow\n  Action: sagemaker:CreateModel\n  Resource: "*"\n  Condition:\n    ForAllValues:StringEquals:\n      aws:RequestedRegion: [eu-west-1]\n      AWS:SecureTransport: ["true"]\n    ForAllValues:ArnLike:\n      aws:PrincipalArn: ["arn:aws:iam::*:role/ml-*"]`, []],
    ['ForAllValues on a key only requests through an endpoint carry', `- Effect: Allow\n  Action: sagemaker:CreateModel\n  Resource: "*"\n  Condition:\n    ForAllValues:StringEquals:\n      aws:RequestedRegion: [eu-west-1]\n      aws:SourceVpce: [vpce-0a1b2c3d4e5f60718]`, ['identity-forallvalues-without-null']],
    ['ForAllValues with Null false on the key in other casing', `- Effect: Allow\n  Action: sagemaker:CreateModel\n  Resource: "*"\n  Condition:\n    ForAllValues:StringEquals:\n      sagemaker:VpcSubnets: [subnet-1]\n    "Null":\n      SAGEMAKER:VPCSUBNETS: "false"`, []],
    ['a global key is never not-applicable', `- Effect: Allow\n  Action: sagemaker:DescribeModel\n  Resource: "*"\n  Condition:\n    StringEquals:\n      aws:PrincipalTag/team: ml`, []],
    ['a key that a resource type of the action supports applies', `- Effect: Allow\n  Action: sagemaker:DescribeNotebookInstance\n  Resource: "*"\n  Condition:\n    StringEquals:\n      aws:ResourceTag/team: ml\n      sagemaker:ResourceTag/team: ml`, []],
    ['Action * with a condition is not full admin', `- Effect: Allow\n  Action: "*"\n  Resource: "*"\n  Condition:\n    Bool:\n      aws:MultiFactorAuthPresent: "true"`, ['identity-addtags-unscoped', 'identity-passrole-unscoped', 'identity-sagemaker-guardrail-missing']],
    ['NotResource on Action * leaves every other resource', `- Effect: Allow\n  Action: "*"\n  NotResource: arn:aws:s3:::audit-logs/*`, ['identity-addtags-unscoped', 'identity-full-admin', 'identity-passrole-unscoped', 'identity-sagemaker-guardrail-missing']],
    ['a short pattern whose * spans the missing parts covers every role', `- Effect: Allow\n  Action: iam:PassRole\n  Resource: arn:*`, ['identity-passrole-unscoped']],
    ['a short pattern of the partition covers every role, whatever the partition', `- Effect: Allow\n  Action: iam:PassRole\n  Resource: !Sub arn:\${AWS::Partition}:*`, ['identity-passrole-unscoped']],
    ['NotResource of every resource in the partition leaves nothing', `- Effect: Allow\n  Action: "*"\n  NotResource: !Sub arn:\${AWS::Partition}:*`, []],
    ['a Deny of every role written in the aws partition protects, the partition read as the owner\'s', `- Effect: Allow\n  Action: iam:PassRole\n  Resource: "*"\n- Effect: Deny\n  Action: iam:PassRole\n  Resource: arn:aws:iam::*:role/*`, []],
    ['NotResource of every resource written in the aws partition leaves nothing', `- Effect: Allow\n  Action: "*"\n  NotResource: arn:aws:*:*:*:*`, []],
    ['NotResource of every SageMaker resource leaves the other actions', `- Effect: Allow\n  Action: "*"\n  NotResource: arn:*:sagemaker:*:*:*`, ['identity-full-admin', 'identity-passrole-unscoped']],
    ['a short pattern whose partition is an unresolved value may name no role', `- Effect: Allow\n  Action: iam:PassRole\n  Resource: !Join ['', ['arn:', !ImportValue prefix, ':*']]`, []],
    ['SageMaker actions on flow definitions only create no job and no notebook instance', `- Effect: Allow\n  Action: sagemaker:*\n  Resource: arn:aws:sagemaker:*:*:flow-definition/*`, ['identity-addtags-unscoped']],
    ['SageMaker actions on training jobs create them', `- Effect: Allow\n  Action: sagemaker:*\n  Resource: arn:aws:sagemaker:*:*:training-job/*`, ['identity-addtags-unscoped', 'identity-sagemaker-guardrail-missing']],
    ['a resource part whose wildcard comes first may be any type', `- Effect: Allow\n  Action: sagemaker:CreateTrainingJob\n  Resource: arn:aws:sagemaker:*:*:*-job/*`, ['identity-sagemaker-guardrail-missing']],
    ['NotResource of every SageMaker resource written in the aws partition leaves the other actions', `- Effect: Allow\n  Action: "*"\n  NotResource: arn:aws:sagemaker:*:*:*`, ['identity-full-admin', 'identity-passrole-unscoped']],
    // The Resource decides which actions a statement grants by resource type, not only by service (as NotResource does).
    ['sagemaker:* on endpoints grants no job or notebook creation, only tagging of endpoints', `- Effect: Allow\n  Action: sagemaker:*\n  Resource: !Sub arn:\${AWS::Partition}:sagemaker:\${AWS::Region}:\${AWS::AccountId}:endpoint/*`, ['identity-addtags-unscoped']],
    ['CreateTrainingJob on notebook instances grants nothing', `- Effect: Allow\n  Action: sagemaker:CreateTrainingJob\n  Resource: arn:aws:sagemaker:us-east-1:111122223334:notebook-instance/*`, []],
    ['PassRole on IAM users passes no role', `- Effect: Allow\n  Action: iam:PassRole\n  Resource: arn:aws:iam::*:user/*`, []],
    // A statement must name a required resource type of the action (the catalog's `*`) to grant it: training-job is
    // CreateTrainingJob's, training-plan and reserved-capacity are optional.
    ['CreateTrainingJob on training plans only grants no training job', `- Effect: Allow\n  Action: sagemaker:CreateTrainingJob\n  Resource: arn:aws:sagemaker:*:*:training-plan/*`, []],
    ['CreateTrainingJob with NotResource of every training job grants none', `- Effect: Allow\n  Action: sagemaker:CreateTrainingJob\n  NotResource: arn:aws:sagemaker:*:*:training-job/*`, []],
    ['CreateTrainingJob with NotResource of training plans still grants training jobs', `- Effect: Allow\n  Action: sagemaker:CreateTrainingJob\n  NotResource: arn:aws:sagemaker:*:*:training-plan/*`, ['identity-sagemaker-guardrail-missing']],
    // Denies that refuse training jobs without the guardrail keys close the gaps, on `*` or on the training-job type the
    // request creates; on another type they refuse no training job.
    ['Denies of training jobs without the guardrail keys are the guardrails', `- Effect: Allow\n  Action: sagemaker:CreateTrainingJob\n  Resource: "*"\n- Effect: Deny\n  Action: sagemaker:CreateTrainingJob\n  Resource: arn:aws:sagemaker:*:*:training-job/*\n  Condition:\n    "Null": {sagemaker:VolumeKmsKeyArn: "true"}\n- Effect: Deny\n  Action: sagemaker:CreateTrainingJob\n  Resource: arn:aws:sagemaker:*:*:training-job/*\n  Condition:\n    "Null": {sagemaker:VpcSubnets: "true"}\n- Effect: Deny\n  Action: sagemaker:CreateTrainingJob\n  Resource: arn:aws:sagemaker:*:*:training-job/*\n  Condition:\n    "Null": {sagemaker:VpcSecurityGroupIds: "true"}\n- Effect: Deny\n  Action: sagemaker:CreateTrainingJob\n  Resource: arn:aws:sagemaker:*:*:training-job/*\n  Condition:\n    "Null": {sagemaker:NetworkIsolation: "true"}\n- Effect: Deny\n  Action: sagemaker:CreateTrainingJob\n  Resource: arn:aws:sagemaker:*:*:training-job/*\n  Condition:\n    Bool: {sagemaker:NetworkIsolation: "false"}`, []],
    ['Denies on every resource without the guardrail keys are the guardrails', `- Effect: Allow\n  Action: sagemaker:CreateTrainingJob\n  Resource: "*"\n- Effect: Deny\n  Action: sagemaker:CreateTrainingJob\n  Resource: "*"\n  Condition:\n    "Null": {sagemaker:VolumeKmsKeyArn: "true"}\n- Effect: Deny\n  Action: sagemaker:CreateTrainingJob\n  Resource: "*"\n  Condition:\n    "Null": {sagemaker:VpcSubnets: "true"}\n- Effect: Deny\n  Action: sagemaker:CreateTrainingJob\n  Resource: "*"\n  Condition:\n    "Null": {sagemaker:VpcSecurityGroupIds: "true"}\n- Effect: Deny\n  Action: sagemaker:CreateTrainingJob\n  Resource: "*"\n  Condition:\n    "Null": {sagemaker:NetworkIsolation: "true"}\n- Effect: Deny\n  Action: sagemaker:CreateTrainingJob\n  Resource: "*"\n  Condition:\n    Bool: {sagemaker:NetworkIsolation: "false"}`, []],
    ['Denies of notebook instances refuse no training job', `- Effect: Allow\n  Action: sagemaker:CreateTrainingJob\n  Resource: "*"\n- Effect: Deny\n  Action: sagemaker:CreateTrainingJob\n  Resource: arn:aws:sagemaker:*:*:notebook-instance/*\n  Condition:\n    "Null": {sagemaker:VolumeKmsKeyArn: "true"}\n- Effect: Deny\n  Action: sagemaker:CreateTrainingJob\n  Resource: arn:aws:sagemaker:*:*:notebook-instance/*\n  Condition:\n    "Null": {sagemaker:VpcSubnets: "true"}\n- Effect: Deny\n  Action: sagemaker:CreateTrainingJob\n  Resource: arn:aws:sagemaker:*:*:notebook-instance/*\n  Condition:\n    "Null": {sagemaker:VpcSecurityGroupIds: "true"}\n- Effect: Deny\n  Action: sagemaker:CreateTrainingJob\n  Resource: arn:aws:sagemaker:*:*:notebook-instance/*\n  Condition:\n    "Null": {sagemaker:NetworkIsolation: "true"}\n- Effect: Deny\n  Action: sagemaker:CreateTrainingJob\n  Resource: arn:aws:sagemaker:*:*:notebook-instance/*\n  Condition:\n    Bool: {sagemaker:NetworkIsolation: "false"}`, ['identity-sagemaker-guardrail-missing']],
    // The fix: each action's keys in a statement of its own. Every listed key in one statement of training and notebook
    // actions makes it grant neither (no request carries both NetworkIsolation and DirectInternetAccess).
    ['the guardrail keys of each action in a statement of its own', `- Effect: Allow\n  Action: sagemaker:CreateTrainingJob\n  Resource: "*"\n  Condition:\n    ArnLike: {sagemaker:VolumeKmsKeyArn: "arn:aws:kms:*:*:key/*"}\n    Bool: {sagemaker:NetworkIsolation: "true"}\n    ForAllValues:StringEquals: {sagemaker:VpcSubnets: [subnet-1], sagemaker:VpcSecurityGroupIds: [sg-1]}\n    "Null": {sagemaker:VpcSubnets: "false", sagemaker:VpcSecurityGroupIds: "false"}\n- Effect: Allow\n  Action: sagemaker:CreateNotebookInstance\n  Resource: "*"\n  Condition:\n    StringEquals: {sagemaker:DirectInternetAccess: Disabled, sagemaker:RootAccess: Disabled}`, []],
    ['every guardrail key in one statement of training and notebook actions grants neither', `- Effect: Allow\n  Action: [sagemaker:CreateTrainingJob, sagemaker:CreateNotebookInstance]\n  Resource: "*"\n  Condition:\n    ArnLike: {sagemaker:VolumeKmsKeyArn: "arn:aws:kms:*:*:key/*"}\n    Bool: {sagemaker:NetworkIsolation: "true"}\n    StringEquals: {sagemaker:DirectInternetAccess: Disabled, sagemaker:RootAccess: Disabled}\n    ForAllValues:StringEquals: {sagemaker:VpcSubnets: [subnet-1], sagemaker:VpcSecurityGroupIds: [sg-1]}\n    "Null": {sagemaker:VpcSubnets: "false", sagemaker:VpcSecurityGroupIds: "false"}`, []],
    ['CreateTrainingJob on named training jobs still needs its guardrails', `- Effect: Allow\n  Action: sagemaker:CreateTrainingJob\n  Resource: arn:aws:sagemaker:*:*:training-job/ml-*`, ['identity-sagemaker-guardrail-missing']],
    // IAM refuses an identity statement without either ("Policy statement must contain resources"): policy-malformed says so, and it grants nothing.
    ['a statement with neither Resource nor NotResource grants nothing', `- Effect: Allow\n  Action: "*"`, []],
    ['a resource part that an unresolved value writes may name the action\'s resources', `- Effect: Allow\n  Action: sagemaker:CreateTrainingJob\n  Resource: !Join ['', ['arn:aws:sagemaker:*:*:', !ImportValue jobs]]`, ['identity-sagemaker-guardrail-missing']],
  ];

  it.each(cases)('%s', async (_name, statements, expected) => {
    expect(await identityRuleIds(policyTemplate(statements))).toEqual([...expected].sort());
  });
});

/** An AWS::IAM::Policy `Shared` allowing iam:PassRole on every resource, attached as `attachments` say. */
function sharedPassRole(attachments: string): string {
  return `  Shared:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: shared
      ${attachments}
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: iam:PassRole
            Resource: "*"
`;
}

describe('identity-passrole-unscoped fix', () => {
  it('does not advise conditioning a broad statement on iam:PassedToService, which only iam:PassRole requests carry', async () => {
    const { identityPassRoleUnscoped } = await import('../../rules/identity/identity-passrole-unscoped.js');
    expect(identityPassRoleUnscoped.meta.fix).toMatch(/in a statement that allows only `iam:PassRole`/);
    // Following the old advice on `iam:*` leaves a statement that grants iam:PassRole only: deputy then reports nothing.
    const conditioned = `- Effect: Allow\n  Action: iam:*\n  Resource: arn:aws:iam::111111111111:role/ml-*\n  Condition:\n    StringEquals:\n      iam:PassedToService: sagemaker.amazonaws.com`;
    expect(await identityRuleIds(policyTemplate(conditioned))).toEqual([]);
    expect(iamCatalog().actionsSupportingKey('iam', 'iam:PassedToService')).toEqual(['iam:PassRole']);
  });
});

describe('identity messages name the principals a policy reaches', () => {
  it('an AWS::IAM::Policy attached to a role and a user', async () => {
    const text = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
${ROLE}
  Alice:
    Type: AWS::IAM::User
${sharedPassRole('Roles: [!Ref Worker]\n      Users: [!Ref Alice]')}`;
    const [finding] = (await identityFindings(text)).filter((item) => item.ruleId === 'identity-passrole-unscoped');
    expect(finding?.message).toBe(
      'policy Shared (attached to role Worker and user Alice) allows iam:PassRole on Resource "*" with no iam:PassedToService condition: role Worker and user Alice can hand any role to any service',
    );
    expect(finding?.resource.address).toMatch(/#Shared$/);
  });

  it('names twenty principals of a policy attached to more, and counts the rest', async () => {
    const users = Array.from({ length: 22 }, (_, index) => `U${String(index).padStart(2, '0')}`);
    const text = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
${users.map((user) => `  ${user}:\n    Type: AWS::IAM::User`).join('\n')}
${sharedPassRole(`Users: [${users.map((user) => `!Ref ${user}`).join(', ')}]`)}`;
    const [finding] = (await identityFindings(text)).filter((item) => item.ruleId === 'identity-passrole-unscoped');
    const named = `${users.slice(0, 20).map((user) => `user ${user}`).join(', ')} and 2 more`;
    expect(finding?.message).toBe(`policy Shared (attached to ${named}) allows iam:PassRole on Resource "*" with no iam:PassedToService condition: ${named} can hand any role to any service`);
  });

  it('a Deny in one principal\'s own policy narrows the message to the other principal', async () => {
    const text = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
${ROLE}
  Alice:
    Type: AWS::IAM::User
    Properties:
      Policies:
        - PolicyName: no-admin
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Deny
                Action: [iam:*, sts:*]
                Resource: "*"
  Admin:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [!Ref Worker]
      Users: [!Ref Alice]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: "*"
            Resource: "*"
`;
    const admin = (await identityFindings(text)).filter((item) => item.ruleId === 'identity-full-admin');
    expect(admin.map((item) => item.message)).toEqual([
      'policy Admin (attached to role Worker and user Alice) allows every action on every resource with no condition that limits it: role Worker can do anything in the account',
    ]);
  });

  // What the message says gets the grant is true of each attachment: the declared principals it leaves exposed, else
  // those named that the template does not declare, or whose name is not known, else whoever it is attached to.
  it.each([
    ['a role and a user the template does not declare', 'Roles: [existing-ml-role]\n      Users: [alice]', 'attached to role existing-ml-role and user alice, which this template does not declare', 'role existing-ml-role and user alice'],
    ['a role named by a parameter without a value', 'Roles: [!Ref RoleName]', 'attached to a role whose name is not known', 'a role whose name is not known'],
    ['a role the template does not declare and one whose name is not known', 'Roles: [existing-ml-role, !Ref RoleName]', 'attached to role existing-ml-role, which this template does not declare, and to a role whose name is not known', 'role existing-ml-role and a role whose name is not known'],
    ['a role one declared with a name not known may be', 'Roles: [prod-ml]', 'attached to role prod-ml', 'role prod-ml'],
    ['nothing', 'Description: none', 'not attached to a role, user or group in this template', 'whoever it is attached to'],
  ])('a policy attached to %s says who can hand roles and do anything', async (_name, attachments, label, holders) => {
    const text = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  RoleName: { Type: String }
  Env: { Type: String }
Resources:
  Worker:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub "\${Env}-ml"
${sharedPassRole(attachments).replace('Action: iam:PassRole', 'Action: "*"')}`;
    const messages = (await identityFindings(text)).filter((item) => ['identity-full-admin', 'identity-passrole-unscoped'].includes(item.ruleId)).map((item) => item.message);
    expect(messages.sort()).toEqual([
      `policy Shared (${label}) allows every action on every resource with no condition that limits it: ${holders} can do anything in the account`,
      `policy Shared (${label}) allows iam:PassRole (through *) on Resource "*" with no iam:PassedToService condition: ${holders} can hand any role to any service`,
    ]);
  });

  it('a permission set’s inline policy is named so, for whoever the permission set is assigned to, and no principal gets it', async () => {
    const text = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  DataScientists:
    Type: AWS::SSO::PermissionSet
    Properties:
      InstanceArn: arn:aws:sso:::instance/ssoins-1234567890abcdef
      Name: DataScientists
      InlinePolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: "*"
            Resource: "*"
`;
    const messages = (await identityFindings(text)).filter((item) => ['identity-full-admin', 'identity-passrole-unscoped'].includes(item.ruleId)).map((item) => item.message);
    expect(messages.sort()).toEqual([
      'permission set policy DataScientists allows every action on every resource with no condition that limits it: whoever the permission set is assigned to can do anything in each account it is assigned in',
      'permission set policy DataScientists allows iam:PassRole (through *) on Resource "*" with no iam:PassedToService condition: whoever the permission set is assigned to can hand any role to any service',
    ]);
    const [world] = parseCloudFormation('t.yaml', text).worlds;
    expect(new ResourceGraph(world!).identityPoliciesOf('t.yaml#DataScientists')).toEqual([]);
  });

  it('a policy attached to a declared role and one the template does not declare names both it leaves exposed, the declared one first', async () => {
    const text = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
${ROLE}
${sharedPassRole('Roles: [!Ref Worker, existing-ml-role]')}`;
    const [finding] = (await identityFindings(text)).filter((item) => item.ruleId === 'identity-passrole-unscoped');
    expect(finding?.message).toBe(
      'policy Shared (attached to role Worker and to role existing-ml-role, which this template does not declare) allows iam:PassRole on Resource "*" with no iam:PassedToService condition: role Worker and role existing-ml-role can hand any role to any service',
    );
  });

  // The declared role decides the finding; the names beside it change only the message, never the fingerprint.
  it.each([
    ['undeclared-beside-declared.yaml', 'policy Shared (attached to role OpenRole and to role existing-ml-role and role guarded-ml-role, which this template does not declare)', 'role OpenRole and role existing-ml-role'],
    ['undeclared-beside-declared.json', 'policy Shared (attached to role OpenRole and to role existing-ml-role and role guarded-ml-role, which this template does not declare)', 'role OpenRole and role existing-ml-role'],
    ['tf-undeclared-beside-declared', 'policy aws_iam_policy.shared (attached to role aws_iam_role.open and to role existing-ml-role and role guarded-ml-role, which this configuration does not declare)', 'role aws_iam_role.open and role existing-ml-role'],
    ['undeclared-beside-declared.plan.json', 'policy aws_iam_policy.shared (attached to role aws_iam_role.open and to role existing-ml-role and role guarded-ml-role, which this plan does not declare)', 'role aws_iam_role.open and role existing-ml-role'],
  ])('identity-passrole-unscoped %s: names the roles the input does not declare that the finding holds for beside the declared one, not the one a Deny on its name guards', async (name, policy, principals) => {
    expect((await fixtureFindings('identity-passrole-unscoped', name)).map((finding) => [finding.message, finding.branch])).toEqual([
      [`${policy} allows iam:PassRole on Resource "*" with no iam:PassedToService condition: ${principals} can hand any role to any service`, undefined],
    ]);
  });

  // What the message says is left is what is left to each of them (Bob's Deny of iam:* leaves him no IAM action, whatever
  // the user beside him may do); the fingerprint keeps what the declared one's Deny leaves.
  it.each([
    ['undeclared-beside-declared.yaml', 'policy Admin (attached to user Bob and to user existing-user, which this template does not declare)', 'user Bob and user existing-user', '        - existing-user\n'],
    ['undeclared-beside-declared.json', 'policy Admin (attached to user Bob and to user existing-user, which this template does not declare)', 'user Bob and user existing-user', ', "existing-user"'],
    ['tf-undeclared-beside-declared/main.tf', 'policy aws_iam_policy.admin (attached to user aws_iam_user.bob and to user existing-user, which this configuration does not declare)', 'user aws_iam_user.bob and user existing-user', ', "existing-user"'],
  ])('identity-full-admin %s: names the user the input does not declare beside the guarded one, and what is left to each', async (name, policy, principals, attachment) => {
    const text = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'identity-full-admin', name), 'utf8');
    const found = async (source: string) => (await scanText(source, basename(name))).findings.filter((finding) => finding.ruleId === 'identity-full-admin');
    const [finding] = await found(text);
    expect(finding?.message).toBe(
      `${policy} allows every action on every resource with no condition that limits it, which Deny statements do not take back whole: they leave sts:AssumeRole, sts:SetContext, sts:SetSourceIdentity and 9 more IAM/STS write actions allowed to ${principals}`,
    );
    const alone = text.replace(attachment, '');
    expect(alone).not.toBe(text);
    const [bobAlone] = await found(alone);
    expect(bobAlone?.message).toMatch(/they leave sts:AssumeRole, sts:SetContext, sts:SetSourceIdentity and 9 more IAM\/STS write actions allowed to user (Bob|aws_iam_user\.bob)$/);
    expect(bobAlone?.fingerprint).toBe(finding?.fingerprint);
  });

  it('identity-full-admin undeclared-beside-declared.plan.json: names the user the plan does not declare beside the guarded one', async () => {
    expect((await fixtureFindings('identity-full-admin', 'undeclared-beside-declared.plan.json')).map((finding) => [finding.message, finding.branch])).toEqual([
      [
        'policy aws_iam_policy.admin (attached to user aws_iam_user.bob and to user existing-user, which this plan does not declare) allows every action on every resource with no condition that limits it, which Deny statements do not take back whole: they leave sts:AssumeRole, sts:SetContext, sts:SetSourceIdentity and 9 more IAM/STS write actions allowed to user aws_iam_user.bob and user existing-user',
        undefined,
      ],
    ]);
  });

  it('a name a declared user has only when a conditional chooses it is named beside him with when it is another user', async () => {
    const hcl = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'identity-full-admin', 'tf-undeclared-beside-declared', 'main.tf'), 'utf8')
      .replace('name = "bob"', 'name = var.prod ? "bob" : "bob-dev"')
      .replace('users      = [aws_iam_user.bob.name, "existing-user"]', 'users      = [aws_iam_user.bob.name, "existing-user", "bob"]');
    const findings = (await scanText(`variable "prod" {\n  type = bool\n}\n${hcl}`, 'main.tf')).findings;
    expect(findings.filter((finding) => finding.ruleId === 'identity-full-admin').map((finding) => [finding.message, finding.branch])).toEqual([
      [
        'policy aws_iam_policy.admin (attached to user aws_iam_user.bob and to user existing-user and user bob, which this configuration does not declare) allows every action on every resource with no condition that limits it, which Deny statements do not take back whole: they leave sts:AssumeRole, sts:SetContext, sts:SetSourceIdentity and 9 more IAM/STS write actions allowed to user aws_iam_user.bob, user existing-user and user bob when var.prod is false',
        undefined,
      ],
    ]);
  });

  // A Deny of the declared role does not reach the other: the policy alone is what that role is known to hold.
  it('a policy attached to a guarded role and to one the template does not declare is reported for that one, by each rule that reads Denies', async () => {
    const text = (roles: string) => `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  RoleName: { Type: String }
  SsmName: { Type: "AWS::SSM::Parameter::Value<String>", Default: /ml/role-name }
Mappings:
  Names: { prod: { name: ml } }
Resources:
${ROLE}
      Policies:
        - PolicyName: guard
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Deny
                Action: "*"
                Resource: "*"
  Shared:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [${roles}]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: "*"
            Resource: "*"
`;
    const reported = async (roles: string) => (await identityFindings(text(roles))).map((item) => item.ruleId).sort();
    expect(await reported('!Ref Worker, existing-ml-role')).toEqual(['identity-addtags-unscoped', 'identity-full-admin', 'identity-passrole-unscoped', 'identity-sagemaker-guardrail-missing']);
    const [admin] = (await identityFindings(text('!Ref Worker, existing-ml-role'))).filter((item) => item.ruleId === 'identity-full-admin');
    expect(admin?.message).toBe(
      'policy Shared (attached to role Worker and to role existing-ml-role, which this template does not declare) allows every action on every resource with no condition that limits it: role existing-ml-role can do anything in the account',
    );
    expect(await reported('!Ref Worker')).toEqual([]);
    // A value not known may name the guarded role, whose Deny protects it there, or a role made elsewhere, which nothing protects.
    expect(await reported('!Ref Worker, !Ref RoleName')).toEqual(['identity-addtags-unscoped', 'identity-full-admin', 'identity-passrole-unscoped', 'identity-sagemaker-guardrail-missing']);
    const [notKnownAdmin] = (await identityFindings(text('!Ref Worker, !Ref RoleName'))).filter((item) => item.ruleId === 'identity-full-admin');
    expect([notKnownAdmin?.branch, notKnownAdmin?.message]).toEqual([
      'only when ${RoleName} in Shared does not name Worker',
      'policy Shared (attached to role Worker and to a role whose name is not known) allows every action on every resource with no condition that limits it: a role whose name is not known can do anything in the account (only when ${RoleName} in Shared does not name Worker)',
    ]);
    // An ARN where IAM takes a name names no role.
    expect(await reported('!Ref Worker, !Sub "arn:aws:iam::${AWS::AccountId}:role/${SsmName}"')).toEqual([]);
    expect(await reported('!Ref Worker, !Sub ["arn:aws:iam::${AWS::AccountId}:role/${N}", {N: !FindInMap [Names, prod, other]}]')).toEqual([]);
  });

  it('a retagging policy attached to a role the input does not declare names that role, in each format', async () => {
    const abac = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'sagemaker:*', Resource: '*', Condition: { StringEquals: { 'sagemaker:ResourceTag/Project': 'A' } } },
        { Effect: 'Allow', Action: 'sagemaker:AddTags', Resource: '*' },
      ],
    };
    const template = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [existing-ml-role]
      PolicyDocument: ${JSON.stringify(abac)}
`;
    // Both statements allow retagging (sagemaker:* too): who can is said alike.
    const bypass = (result: Awaited<ReturnType<typeof scanText>>) => [...new Set(result.findings.filter((finding) => finding.ruleId === 'identity-abac-tag-bypass').map((finding) => finding.message.split(' can retag ')[0]))];
    expect(bypass(await scanText(template))).toEqual(['role existing-ml-role']);
    const hcl = `resource "aws_iam_policy" "abac" {
  name   = "abac"
  policy = ${hclOf(abac)}
}
resource "aws_iam_role_policy_attachment" "abac" {
  role       = "existing-ml-role"
  policy_arn = aws_iam_policy.abac.arn
}
`;
    expect(bypass(await scanText(hcl, 'main.tf'))).toEqual(['role existing-ml-role']);
    expect(bypass(await scanText(template.replace('      Roles: [existing-ml-role]\n', '')))).toEqual(['whoever it is attached to']);
  });

  it('a retagging policy attached to a guarded role and to one the input does not declare is read alone for that one', async () => {
    const abac = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'sagemaker:DescribeTrainingJob', Resource: '*', Condition: { StringEquals: { 'sagemaker:ResourceTag/Project': 'A' } } },
        { Effect: 'Allow', Action: 'sagemaker:AddTags', Resource: '*' },
      ],
    };
    const template = (roles: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
${ROLE}
      Policies:
        - PolicyName: guard
          PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Deny, Action: "sagemaker:AddTags", Resource: "*"}]}
${ROLE.replace('Worker:', 'Other:')}
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [${roles}]
      PolicyDocument: ${JSON.stringify(abac)}
`;
    const bypass = async (roles: string) => (await scanText(template(roles))).findings.filter((finding) => finding.ruleId === 'identity-abac-tag-bypass').map((finding) => finding.message.split(' can retag ')[0]);
    expect(await bypass('!Ref Worker, existing-ml-role')).toEqual(['role existing-ml-role']);
    expect(await bypass('!Ref Worker')).toEqual([]);
    // A value not known may be the guarded role, or Other, or a role made elsewhere: the finding holds where it is not Worker.
    const whens = async (roles: string) => (await scanText(template(roles))).findings.filter((finding) => finding.ruleId === 'identity-abac-tag-bypass').map((finding) => [finding.message.split(' can retag ')[0], finding.branch]);
    expect(await whens('!Ref Worker, !ImportValue RoleName')).toEqual([['a role whose name is not known', 'only when Policy does not name Worker']]);
    // Where Other holds it too, its finding is the one: the value not known may be Other.
    expect(await whens('!Ref Worker, !Ref Other, !ImportValue RoleName')).toEqual([['role Other', undefined]]);
    // Reported for an unguarded declared role, the statement is not reported again for the other.
    expect(await bypass('!Ref Other, existing-ml-role')).toEqual(['role Other']);
  });

  it('a statement reported for a declared role is not taken for the same text in another policy, attached to one the input does not declare', async () => {
    // Policies of one text share their statements: the one reported for role open must not hide policy b's for existing-ml-role.
    const abac = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'sagemaker:DescribeTrainingJob', Resource: '*', Condition: { StringEquals: { 'sagemaker:ResourceTag/Project': 'A' } } },
        { Effect: 'Allow', Action: 'sagemaker:AddTags', Resource: '*' },
      ],
    };
    const role = (name: string) => `resource "aws_iam_role" "${name}" {
  name               = "${name}"
  assume_role_policy = ${hclOf({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] })}
}
`;
    const hcl = (policyB: string) => `${role('open')}${role('guarded')}resource "aws_iam_role_policy" "guard" {
  role   = aws_iam_role.guarded.name
  policy = ${hclOf({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'sagemaker:AddTags', Resource: '*' }] })}
}
resource "aws_iam_policy" "a" {
  name   = "a"
  policy = ${JSON.stringify(JSON.stringify(abac))}
}
resource "aws_iam_policy" "b" {
  name   = "b"
  policy = ${JSON.stringify(policyB)}
}
resource "aws_iam_role_policy_attachment" "a" {
  role       = aws_iam_role.open.name
  policy_arn = aws_iam_policy.a.arn
}
resource "aws_iam_policy_attachment" "b" {
  name       = "b"
  roles      = [aws_iam_role.guarded.name, "existing-ml-role"]
  policy_arn = aws_iam_policy.b.arn
}
`;
    const bypass = async (policyB: string) => (await scanText(hcl(policyB), 'main.tf')).findings.filter((finding) => finding.ruleId === 'identity-abac-tag-bypass').map((finding) => finding.message.split(' can retag ')[0]);
    expect(await bypass(JSON.stringify(abac, null, 1))).toEqual(['role aws_iam_role.open', 'role existing-ml-role']);
    expect(await bypass(JSON.stringify(abac))).toEqual(['role aws_iam_role.open', 'role existing-ml-role']);
  });

  // What the input attaches to a name it does not declare is what that principal holds, as far as deputy knows.
  it('policies attached to one name the input does not declare are read together, and a Deny among them protects only that principal', async () => {
    const template = (roles: string) => `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  RoleName: { Type: String }
Resources:
  Admin:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [${roles}]
      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "*", Resource: "*"}]}
  Lockout:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [Legacy-Role]
      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Deny, Action: "*", Resource: "*"}]}
`;
    // Names are one principal's in any case (IAM's).
    expect(await identityRuleIds(template('legacy-role'))).toEqual([]);
    const admin = async (roles: string) => (await identityFindings(template(roles))).filter((finding) => finding.ruleId === 'identity-full-admin').map((finding) => finding.message.split(': ')[1]);
    // The others the policy reaches are read as before, and only they are named.
    expect(await admin('legacy-role, other-role')).toEqual(['role other-role can do anything in the account']);
    expect(await admin('legacy-role, !Ref RoleName')).toEqual(['a role whose name is not known can do anything in the account']);
    const passRole = (await identityFindings(template('legacy-role, other-role'))).filter((finding) => finding.ruleId === 'identity-passrole-unscoped');
    expect(passRole.map((finding) => finding.message.split(': ')[1])).toEqual(['role other-role can hand any role to any service']);
  });

  // An IAM user's requests carry its name as aws:username (IAM User Guide, AWS global condition context keys); a
  // role's do not. Bob's Deny on aws:username Bob refuses every request of Bob's; one on Alice refuses none.
  it.each<[string, string, string]>([
    ['deny-other-username.yaml', 'PassRoles', 'Bob'],
    ['deny-other-username.json', 'PassRoles', 'Bob'],
    ['tf-deny-other-username', 'aws_iam_user_policy.pass_roles', 'aws_iam_user.bob'],
    ['deny-other-username.plan.json', 'aws_iam_user_policy.pass_roles', 'aws_iam_user.bob'],
  ])('a Deny pinned to another user name does not protect the user (%s)', async (fixture, policy, user) => {
    const result = await scan([join(import.meta.dirname, '..', 'fixtures', 'identity-passrole-unscoped', fixture)]);
    expect(result.errors).toEqual([]);
    expect(result.findings.filter((finding) => IDENTITY_RULES.includes(finding.ruleId)).map((finding) => [finding.ruleId, finding.message])).toEqual([
      ['identity-passrole-unscoped', `policy ${policy} (attached to user ${user}) allows iam:PassRole on Resource "*" with no iam:PassedToService condition: user ${user} can hand any role to any service`],
    ]);
  });

  describe('a Deny on aws:username, read with the user\'s own name', () => {
    /** User Bob (`UserName` as given, none where undefined) allowed every action, with a Deny of every action under `condition`, and the parameter `parameters` declares. */
    const template = (userName: string | undefined, condition: string, parameters = '') => `AWSTemplateFormatVersion: "2010-09-09"
${parameters}Resources:
  Bob:
    Type: AWS::IAM::User
    Properties:
${userName === undefined ? '' : `      UserName: ${userName}\n`}      Policies:
        - PolicyName: admin
          PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "*", Resource: "*"}]}
        - PolicyName: lockout
          PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Deny, Action: "*", Resource: "*", Condition: ${condition}}]}
`;

    it('refuses the requests of the user of that name, for every identity rule', async () => {
      expect(await identityRuleIds(template('Bob', '{StringEquals: {aws:username: Bob}}'))).toEqual([]);
      expect(await identityRuleIds(template('Bob', '{StringLike: {aws:username: "B*"}}'))).toEqual([]);
      expect(await identityRuleIds(template('Bob', '{StringEquals: {aws:username: Alice}}'))).toContain('identity-full-admin');
      expect(await identityRuleIds(template('Bob', '{StringNotEquals: {aws:username: Bob}}'))).toContain('identity-full-admin');
      // Every request of a user carries the key: a Deny of requests without it refuses none of them.
      expect(await identityRuleIds(template('Bob', '{"Null": {aws:username: "true"}}'))).toContain('identity-full-admin');
    });

    // StringEquals is case-sensitive (IAM User Guide, IAM JSON policy elements: Condition operators), and the request
    // carries the name as the user was created with it: IAM keeps names unique without regard to case only.
    it('compares the name as the operator does: case-sensitively under StringEquals, in any case under StringEqualsIgnoreCase', async () => {
      const admin = async (condition: string) => (await identityFindings(template('Bob', condition))).filter((finding) => finding.ruleId === 'identity-full-admin').map((finding) => finding.message);
      expect(await admin('{StringEquals: {aws:username: bob}}')).toEqual(['policy admin of user Bob allows every action on every resource with no condition that limits it: user Bob can do anything in the account']);
      expect(await admin('{StringEqualsIgnoreCase: {aws:username: bob}}')).toEqual([]);
    });

    it('leaves the answer open where the user\'s name is not known: no finding rests on it', async () => {
      const parameter = 'Parameters:\n  Name:\n    Type: String\n';
      expect(await identityRuleIds(template('!Ref Name', '{StringEquals: {aws:username: Bob}}', parameter))).toEqual([]);
      // Its known text decides where it can: `${Name}-ops` is never Bob, and is always `*-ops`.
      expect(await identityRuleIds(template('!Sub "${Name}-ops"', '{StringEquals: {aws:username: Bob}}', parameter))).toContain('identity-full-admin');
      expect(await identityRuleIds(template('!Sub "${Name}-ops"', '{StringLike: {aws:username: "*-ops"}}', parameter))).toEqual([]);
      expect(await identityRuleIds(template('!Sub "${Name}-ops"', '{StringEquals: {aws:username: bob-ops}}', parameter))).toEqual([]);
      // A name CloudFormation generates is not known either.
      expect(await identityRuleIds(template(undefined, '{StringEquals: {aws:username: Bob}}'))).toEqual([]);
      // A Deny on another key is read as before.
      expect(await identityRuleIds(template('!Ref Name', '{StringEquals: {aws:SourceVpce: vpce-1}}', parameter))).toContain('identity-full-admin');
    });

    it('leaves the answer open for a Terraform user whose name is a variable without a value', async () => {
      const own = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'identity-passrole-unscoped', 'tf-deny-own-username', 'main.tf'), 'utf8');
      const hcl = `${own.replace('name = "Bob"', 'name = var.user_name')}
variable "user_name" {
  type = string
}
`;
      expect(hcl).toContain('name = var.user_name');
      const passRole = async (text: string) => (await scanText(text, 'main.tf')).findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => finding.message);
      expect(await passRole(hcl)).toEqual([]);
      expect(await passRole(hcl.replace('"aws:username" = "Bob"', '"aws:username" = "Alice"'))).toEqual([]);
      // With the name given, the Deny on another name protects nothing.
      expect(await passRole(hcl.replace('"aws:username" = "Bob"', '"aws:username" = "Alice"').replace('type = string', 'type    = string\n  default = "Bob"'))).toEqual([
        'policy aws_iam_user_policy.pass_roles (attached to user aws_iam_user.bob) allows iam:PassRole on Resource "*" with no iam:PassedToService condition: user aws_iam_user.bob can hand any role to any service',
      ]);
    });

    it('protects no role of that name, whose requests carry no aws:username', async () => {
      const role = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Bob:
    Type: AWS::IAM::Role
    Properties:
      RoleName: Bob
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: pass-roles
          PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: iam:PassRole, Resource: "*"}]}
        - PolicyName: lockout
          PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Deny, Action: "*", Resource: "*", Condition: {StringEquals: {aws:username: Bob}}}]}
`;
      expect(await identityRuleIds(role)).toEqual(['identity-passrole-unscoped']);
    });

    it('refuses a group member of that name only: the group is still reported for its other members', async () => {
      const group = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Ops:
    Type: AWS::IAM::Group
    Properties:
      Policies:
        - PolicyName: pass-roles
          PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: iam:PassRole, Resource: "*"}]}
        - PolicyName: lockout
          PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Deny, Action: "*", Resource: "*", Condition: {StringEquals: {aws:username: Bob}}}]}
  Bob:
    Type: AWS::IAM::User
    Properties: {UserName: Bob, Groups: [!Ref Ops]}
  Carol:
    Type: AWS::IAM::User
    Properties: {UserName: Carol, Groups: [!Ref Ops]}
`;
      const found = (await identityFindings(group)).filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => finding.message.split(': ')[1]);
      expect(found).toEqual(['group Ops can hand any role to any service']);
      // With Bob its only member the input declares, the group's other members are of names not known: an open answer.
      const bobOnly = group.slice(0, group.indexOf('  Carol:'));
      expect((await identityFindings(bobOnly)).filter((finding) => finding.ruleId === 'identity-passrole-unscoped')).toEqual([]);
    });

    it("reports the group when a member it declares is exposed only in some case, and says when", async () => {
      const hcl = `variable "lock" {
  type = bool
}

resource "aws_iam_group" "ops" {
  name = "ops"
}

resource "aws_iam_group_policy" "pass_roles" {
  name  = "pass-roles"
  group = aws_iam_group.ops.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "iam:PassRole", Resource = "*" },
      { Effect = "Deny", Action = "iam:PassRole", Resource = "*", Condition = { StringEquals = { "aws:username" = "bob" } } },
    ]
  })
}

resource "aws_iam_user" "bob" {
  name = "bob"
}

resource "aws_iam_user" "carol" {
  name = "carol"
}

resource "aws_iam_group_membership" "ops" {
  name  = "ops"
  group = aws_iam_group.ops.name
  users = [aws_iam_user.bob.name, aws_iam_user.carol.name]
}

resource "aws_iam_user_policy" "carol_lock" {
  count = var.lock ? 1 : 0
  name  = "lock"
  user  = aws_iam_user.carol.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Action = "iam:PassRole", Resource = "*" }]
  })
}
`;
      const found = (await scanText(hcl, 'main.tf')).findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => finding.message.split(': ')[1]);
      expect(found).toEqual(['group aws_iam_group.ops can hand any role to any service (only when aws_iam_user_policy.carol_lock is not created (its count is not known))']);
      // Locked in any case, carol leaves bob alone, whom the Deny names: an open answer for the members not declared.
      expect((await scanText(hcl.replace('count = var.lock ? 1 : 0\n  ', ''), 'main.tf')).findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped')).toEqual([]);
    });
  });

  // Every request carries the principal's own ARN as aws:PrincipalArn, a role session's its role's (IAM User Guide,
  // AWS global condition context keys: aws:PrincipalArn): a Deny under ArnNotLike of user alice's refuses everyone else's.
  // A template writes the stack's partition there: one that writes `arn:aws:` may refuse alice's too (principal-arn-deny.yaml).
  it.each<[string, string, string]>([
    ['principal-arn-deny-partition-symbol.yaml', 'PassRoles (attached to role Runner, user Alice and user Bob)', 'user Alice'],
    ['principal-arn-deny-partition-symbol.json', 'PassRoles (attached to role Runner, user Alice and user Bob)', 'user Alice'],
    ['tf-principal-arn-deny', 'aws_iam_policy.pass_roles (attached to role aws_iam_role.runner, user aws_iam_user.alice and user aws_iam_user.bob)', 'user aws_iam_user.alice'],
    ['principal-arn-deny.plan.json', 'aws_iam_policy.pass_roles (attached to role aws_iam_role.runner, user aws_iam_user.alice and user aws_iam_user.bob)', 'user aws_iam_user.alice'],
  ])('a Deny on aws:PrincipalArn leaves only the principal whose own ARN it spares (%s)', async (fixture, policy, user) => {
    expect((await fixtureFindings('identity-passrole-unscoped', fixture)).map((finding) => finding.message)).toEqual([
      `policy ${policy} allows iam:PassRole on Resource "*" with no iam:PassedToService condition: ${user} can hand any role to any service`,
    ]);
  });

  // Where the input does not tell the partition (a template, a provider without region), a principal's ARN is in the
  // owner's, which a Deny's `arn:aws:` may name: the Deny may apply, an open answer, and no finding rests on it. Whatever
  // the partition, user bob's ARN never names user alice: a Deny of hers leaves his requests (a plan tells `aws`).
  it.each<[string, string[]]>([
    ['principal-arn-partition-written.yaml', []],
    ['principal-arn-partition-written.json', []],
    ['tf-principal-arn-partition-written', []],
    ['principal-arn-partition-written.plan.json', []],
    ['principal-arn-partition-written-other-user.yaml', ['policy PassRoles (attached to user Bob) allows iam:PassRole on Resource "*" with no iam:PassedToService condition: user Bob can hand any role to any service']],
    ['principal-arn-partition-written-other-user.json', ['policy PassRoles (attached to user Bob) allows iam:PassRole on Resource "*" with no iam:PassedToService condition: user Bob can hand any role to any service']],
    ['tf-principal-arn-partition-written-other-user', ['policy aws_iam_policy.pass_roles (attached to user aws_iam_user.bob) allows iam:PassRole on Resource "*" with no iam:PassedToService condition: user aws_iam_user.bob can hand any role to any service']],
    ['principal-arn-partition-written-other-user.plan.json', ['policy aws_iam_policy.pass_roles (attached to user aws_iam_user.bob) allows iam:PassRole on Resource "*" with no iam:PassedToService condition: user aws_iam_user.bob can hand any role to any service']],
  ])('a Deny on aws:PrincipalArn that writes its partition out, where the input may not tell it (%s)', async (fixture, messages) => {
    expect((await fixtureFindings('identity-passrole-unscoped', fixture)).map((finding) => finding.message)).toEqual(messages);
  });

  // An Allow's conditions on aws:PrincipalArn are read with each principal's own ARN: bob is granted nothing by an Allow
  // under user alice's ARN. An Allow on aws:username of a user whose name is not known may grant it nothing: silent.
  it.each<[string, string[]]>([
    ['allow-principal-arn.yaml', ['policy PassRoles (attached to user Alice and user Bob) allows iam:PassRole on Resource "*" under conditions that the requests of user Alice meet (aws:PrincipalArn) with no iam:PassedToService condition: user Alice can hand any role to any service']],
    ['allow-principal-arn.json', ['policy PassRoles (attached to user Alice and user Bob) allows iam:PassRole on Resource "*" under conditions that the requests of user Alice meet (aws:PrincipalArn) with no iam:PassedToService condition: user Alice can hand any role to any service']],
    ['tf-allow-principal-arn', ['policy aws_iam_policy.pass_roles (attached to user aws_iam_user.alice and user aws_iam_user.bob) allows iam:PassRole on Resource "*" under conditions that the requests of user aws_iam_user.alice meet (aws:PrincipalArn) with no iam:PassedToService condition: user aws_iam_user.alice can hand any role to any service']],
    ['allow-principal-arn.plan.json', ['policy aws_iam_policy.pass_roles (attached to user aws_iam_user.alice and user aws_iam_user.bob) allows iam:PassRole on Resource "*" under conditions that the requests of user aws_iam_user.alice meet (aws:PrincipalArn) with no iam:PassedToService condition: user aws_iam_user.alice can hand any role to any service']],
    ['allow-username-not-known.yaml', []],
    ['allow-username-not-known.json', []],
    ['tf-allow-username-not-known', []],
    ['allow-username-not-known.plan.json', []],
  ])("an Allow's conditions on the principal's own keys grant only where its own values certainly meet them (%s)", async (fixture, messages) => {
    expect((await fixtureFindings('identity-passrole-unscoped', fixture)).map((finding) => finding.message)).toEqual(messages);
  });

  describe("an Allow on aws:PrincipalArn, read with the principal's own ARN", () => {
    /** A policy allowing iam:PassRole on "*" under `condition`, attached as `attached` says, beside `principals`. */
    const template = (principals: string, attached: string, condition: string, parameters = '') => `AWSTemplateFormatVersion: "2010-09-09"
${parameters}Resources:
${principals}  PassRoles:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ${attached}
      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: iam:PassRole, Resource: "*", Condition: ${condition}}]}
`;
    const arn = (resource: string) => `!Sub "arn:\${AWS::Partition}:iam::*:${resource}"`;
    const exposed = async (text: string) => (await identityFindings(text)).filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => finding.message.split(': ')[1]);
    const users = '  Alice:\n    Type: AWS::IAM::User\n    Properties: {UserName: alice}\n  Bob:\n    Type: AWS::IAM::User\n    Properties: {UserName: bob}\n';
    const both = 'Users: [!Ref Alice, !Ref Bob]';

    it('grants the principal whose own ARN meets it, and no other', async () => {
      expect(await exposed(template(users, both, `{ArnLike: {aws:PrincipalArn: ${arn('user/alice')}}}`))).toEqual(['user Alice can hand any role to any service']);
      expect(await exposed(template(users, 'Users: [!Ref Bob]', `{ArnLike: {aws:PrincipalArn: ${arn('user/alice')}}}`))).toEqual([]);
      expect(await exposed(template(users, both, `{ArnNotLike: {aws:PrincipalArn: ${arn('user/alice')}}}`))).toEqual(['user Bob can hand any role to any service']);
      expect(await exposed(template(users, both, `{ArnEquals: {aws:PrincipalArn: ${arn('user/*')}}}`))).toEqual(['user Alice and user Bob can hand any role to any service']);
    });

    it('grants nothing for a finding where the partition, a name or a path is not known', async () => {
      // A template's partition is not told: `arn:aws:` may not be the stack's.
      expect(await exposed(template(users, both, '{ArnLike: {aws:PrincipalArn: "arn:aws:iam::*:user/alice"}}'))).toEqual([]);
      expect(await exposed(template(users, both, '{ArnLike: {aws:PrincipalArn: "arn:*:iam::*:user/alice"}}'))).toEqual(['user Alice can hand any role to any service']);
      // Nor is a configuration's without a region.
      const hcl = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'identity-passrole-unscoped', 'tf-allow-principal-arn', 'main.tf'), 'utf8');
      const withoutRegion = hcl.replace('provider "aws" {\n  region = "us-east-1"\n}\n', '');
      expect(withoutRegion).not.toContain('provider "aws"');
      expect((await scanText(withoutRegion, 'main.tf')).findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped')).toEqual([]);
      const alice = '  Alice:\n    Type: AWS::IAM::User\n    Properties: {UserName: alice, Path: !Ref AlicePath}\n';
      const pathParameter = 'Parameters:\n  AlicePath: {Type: String}\n';
      expect(await exposed(template(alice, 'Users: [!Ref Alice]', `{ArnLike: {aws:PrincipalArn: ${arn('user/alice')}}}`, pathParameter))).toEqual([]);
      // Every path begins with "/": user/*alice is alice's ARN whatever hers is.
      expect(await exposed(template(alice, 'Users: [!Ref Alice]', `{ArnLike: {aws:PrincipalArn: ${arn('user/*alice')}}}`, pathParameter))).toEqual(['user Alice can hand any role to any service']);
      // CloudFormation names a role without RoleName.
      const runner = (properties: string) => `  Runner:\n    Type: AWS::IAM::Role\n    Properties:\n      ${properties}AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}\n`;
      expect(await exposed(template(runner(''), 'Roles: [!Ref Runner]', `{ArnLike: {aws:PrincipalArn: ${arn('role/runner')}}}`))).toEqual([]);
      expect(await exposed(template(runner('RoleName: runner\n      '), 'Roles: [!Ref Runner]', `{ArnLike: {aws:PrincipalArn: ${arn('role/runner')}}}`))).toEqual(['role Runner can hand any role to any service']);
      // A user the input attaches the policy to by name, of a path not known: user/bob may not be its ARN, user/*bob is.
      expect(await exposed(template('', 'Users: [bob]', `{ArnLike: {aws:PrincipalArn: ${arn('user/bob')}}}`))).toEqual([]);
      expect(await exposed(template('', 'Users: [bob]', `{ArnLike: {aws:PrincipalArn: ${arn('user/*bob')}}}`))).toEqual(['user bob can hand any role to any service']);
    });

    it('grants nothing for a finding on aws:username where the user\'s name is not known', async () => {
      const deployer = '  Deployer:\n    Type: AWS::IAM::User\n    Properties: {UserName: !Ref Name}\n';
      const nameParameter = 'Parameters:\n  Name: {Type: String}\n';
      expect(await exposed(template(deployer, 'Users: [!Ref Deployer]', '{StringEquals: {aws:username: bob}}', nameParameter))).toEqual([]);
      // Every user's requests carry a name, whatever it is.
      expect(await exposed(template(deployer, 'Users: [!Ref Deployer]', '{StringLike: {aws:username: "*"}}', nameParameter))).toEqual(['user Deployer can hand any role to any service']);
      expect(await exposed(template(deployer, 'Users: [!Ref Deployer]', '{"Null": {aws:username: "false"}}', nameParameter))).toEqual(['user Deployer can hand any role to any service']);
      // Every rule that asks whom an Allow grants reads it alike.
      const granting = (condition: string) =>
        template(deployer, 'Users: [!Ref Deployer]', condition, nameParameter).replace('Action: iam:PassRole', 'Action: [iam:PassRole, sagemaker:AddTags, sagemaker:CreateTrainingJob]');
      expect(granting('{}')).toContain('Action: [iam:PassRole, sagemaker:AddTags, sagemaker:CreateTrainingJob]');
      expect(await identityRuleIds(granting('{StringEquals: {aws:username: bob}}'))).toEqual([]);
      expect(await identityRuleIds(granting('{StringLike: {aws:username: "*"}}'))).toEqual(['identity-addtags-unscoped', 'identity-passrole-unscoped', 'identity-sagemaker-guardrail-missing']);
    });
  });

  describe('a Deny on aws:PrincipalArn, read with the principal\'s own ARN', () => {
    /** A policy allowing iam:PassRole on "*" attached as `attached` says, with a Deny of it under `condition`, beside `principals`. */
    const template = (principals: string, attached: string, condition: string, parameters = '') => `AWSTemplateFormatVersion: "2010-09-09"
${parameters}Resources:
${principals}  PassRoles:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ${attached}
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Action: iam:PassRole, Resource: "*"}
          - {Effect: Deny, Action: iam:PassRole, Resource: "*", Condition: ${condition}}
`;
    /** An ARN pattern in the stack's own partition, any account: a stack's partition is not known to be `aws`. */
    const arn = (resource: string) => `!Sub "arn:\${AWS::Partition}:iam::*:${resource}"`;
    const exposed = async (text: string) => (await identityFindings(text)).filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => finding.message.split(': ')[1]);
    const role = (properties: string) => `  Runner:
    Type: AWS::IAM::Role
    Properties:
      ${properties}AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}
`;

    it('is the role\'s ARN for a role session, not the session\'s', async () => {
      const runner = role('RoleName: runner\n      Path: /ci/\n      ');
      expect(await exposed(template(runner, 'Roles: [!Ref Runner]', `{ArnLike: {aws:PrincipalArn: ${arn('role/ci/runner')}}}`))).toEqual([]);
      expect(await exposed(template(runner, 'Roles: [!Ref Runner]', '{ArnLike: {aws:PrincipalArn: "arn:aws:sts::*:assumed-role/runner/*"}}'))).toEqual(['role Runner can hand any role to any service']);
      expect(await exposed(template(runner, 'Roles: [!Ref Runner]', `{ArnNotLike: {aws:PrincipalArn: ${arn('role/ci/runner')}}}`))).toEqual(['role Runner can hand any role to any service']);
    });

    it('leaves the answer open where the name or path is not known, and decides where the pattern does not read them', async () => {
      // CloudFormation names a role without RoleName: a Deny on one name may be on its own.
      expect(await exposed(template(role(''), 'Roles: [!Ref Runner]', '{ArnNotLike: {aws:PrincipalArn: "arn:aws:iam::*:role/runner"}}'))).toEqual([]);
      expect(await exposed(template(role(''), 'Roles: [!Ref Runner]', '{ArnLike: {aws:PrincipalArn: "arn:aws:iam::*:user/*"}}'))).toEqual(['role Runner can hand any role to any service']);
      const alice = `  Alice:\n    Type: AWS::IAM::User\n    Properties: {UserName: alice, Path: !Ref AlicePath}\n`;
      const pathParameter = 'Parameters:\n  AlicePath: {Type: String}\n';
      expect(await exposed(template(alice, 'Users: [!Ref Alice]', `{ArnLike: {aws:PrincipalArn: ${arn('user/alice')}}}`, pathParameter))).toEqual([]);
      expect(await exposed(template(alice, 'Users: [!Ref Alice]', `{ArnLike: {aws:PrincipalArn: ${arn('user/*alice')}}}`, pathParameter))).toEqual([]);
      expect(await exposed(template(alice, 'Users: [!Ref Alice]', `{ArnLike: {aws:PrincipalArn: ${arn('user/*carol')}}}`, pathParameter))).toEqual(['user Alice can hand any role to any service']);
      // Every path begins with "/": a Deny of all but user/*alice leaves alice whatever her path is.
      expect(await exposed(template(alice, 'Users: [!Ref Alice]', `{ArnNotLike: {aws:PrincipalArn: ${arn('user/*alice')}}}`, pathParameter))).toEqual(['user Alice can hand any role to any service']);
    });

    it('is of a path not known for a user the input does not declare', async () => {
      // user bob may have been made with any path: user/bob may not be its ARN, user/*bob is.
      expect(await exposed(template('', 'Users: [bob]', `{ArnLike: {aws:PrincipalArn: ${arn('user/*bob')}}}`))).toEqual([]);
      expect(await exposed(template('', 'Users: [bob]', `{ArnNotLike: {aws:PrincipalArn: ${arn('user/bob')}}}`))).toEqual([]);
      expect(await exposed(template('', 'Users: [bob]', `{ArnLike: {aws:PrincipalArn: ${arn('user/*alice')}}}`))).toEqual(['user bob can hand any role to any service']);
      expect(await exposed(template('', 'Users: [bob]', `{ArnNotLike: {aws:PrincipalArn: ${arn('user/*bob')}}}`))).toEqual(['user bob can hand any role to any service']);
    });
  });

  // IAM puts aws:PrincipalTag/<key> in each request from the tags of the principal making it: a user's own; a role
  // session's, its role's with the session tags, which add keys and override the role's (IAM User Guide, AWS global
  // condition context keys: aws:PrincipalTag; Pass session tags in AWS STS).
  it.each<[string, string, string]>([
    ['principal-tag-deny.yaml', 'PassRoles (attached to role Runner, user Alice and user Bob)', 'user Alice'],
    ['principal-tag-deny.json', 'PassRoles (attached to role Runner, user Alice and user Bob)', 'user Alice'],
    ['tf-principal-tag-deny', 'aws_iam_policy.pass_roles (attached to role aws_iam_role.runner, user aws_iam_user.alice and user aws_iam_user.bob)', 'user aws_iam_user.alice'],
    ['principal-tag-deny.plan.json', 'aws_iam_policy.pass_roles (attached to role aws_iam_role.runner, user aws_iam_user.alice and user aws_iam_user.bob)', 'user aws_iam_user.alice'],
  ])('a Deny on aws:PrincipalTag leaves only the user whose own tag it spares (%s)', async (fixture, policy, user) => {
    expect((await fixtureFindings('identity-passrole-unscoped', fixture)).map((finding) => finding.message)).toEqual([
      `policy ${policy} allows iam:PassRole on Resource "*" with no iam:PassedToService condition: ${user} can hand any role to any service`,
    ]);
  });

  // A Deny where the caller's name is its own owner tag refuses user bob (owner=bob), and leaves a group's members of
  // names and tags not known: one without the tag gives the variable no value, which equals no name.
  it.each<[string, string, string]>([
    ['group-deny-username-own-tag.yaml', 'PassRoles (attached to user Bob and group Crew)', 'group Crew'],
    ['group-deny-username-own-tag.json', 'PassRoles (attached to user Bob and group Crew)', 'group Crew'],
    ['tf-group-deny-username-own-tag', 'aws_iam_policy.pass_roles (attached to group aws_iam_group.crew and user aws_iam_user.bob)', 'group aws_iam_group.crew'],
    ['group-deny-username-own-tag.plan.json', 'aws_iam_policy.pass_roles (attached to group aws_iam_group.crew and user aws_iam_user.bob)', 'group aws_iam_group.crew'],
  ])('a Deny on aws:username equal to a tag of the caller leaves a group its untagged members (%s)', async (fixture, policy, group) => {
    expect((await fixtureFindings('identity-passrole-unscoped', fixture)).map((finding) => finding.message)).toEqual([
      `policy ${policy} allows iam:PassRole on Resource "*" with no iam:PassedToService condition: ${group} can hand any role to any service`,
    ]);
  });

  describe('a Deny on aws:PrincipalTag, read with the principal\'s own tags', () => {
    /** A policy allowing `action` on "*" attached as `attached` says, with a Deny of it under `condition`, beside `principals`. */
    const template = (principals: string, attached: string, condition: string, action = 'iam:PassRole') => `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Team: {Type: String}
Resources:
${principals}  Shared:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ${attached}
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Action: "${action}", Resource: "*"}
          - {Effect: Deny, Action: "${action}", Resource: "*", Condition: ${condition}}
`;
    const user = (id: string, name: string, tags: string) => `  ${id}:\n    Type: AWS::IAM::User\n    Properties: {UserName: ${name}${tags === '' ? '' : `, Tags: ${tags}`}}\n`;
    const role = (tags: string) => `  Runner:
    Type: AWS::IAM::Role
    Properties:
      RoleName: runner
      ${tags === '' ? '' : `Tags: ${tags}\n      `}AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}
`;
    const findingsOf = async (text: string, ruleId: string) => (await identityFindings(text)).filter((finding) => finding.ruleId === ruleId).map((finding) => finding.message.split(': ')[1]);
    const exposed = (text: string) => findingsOf(text, 'identity-passrole-unscoped');
    const NOT_ML = '{StringNotEquals: {aws:PrincipalTag/team: ml}}';

    it('decides a Deny of every action for identity-full-admin too', async () => {
      const users = user('Alice', 'alice', '[{Key: team, Value: ml}]') + user('Bob', 'bob', '[{Key: team, Value: data}]');
      expect(await findingsOf(template(users, 'Users: [!Ref Alice, !Ref Bob]', NOT_ML, '*'), 'identity-full-admin')).toEqual(['user Alice can do anything in the account']);
    });

    it('reads a tag value not known as a value not known: an open answer', async () => {
      expect(await exposed(template(user('Carol', 'carol', '[{Key: team, Value: !Ref Team}]'), 'Users: [!Ref Carol]', NOT_ML))).toEqual([]);
      expect(await exposed(template(user('Carol', 'carol', '!Ref Team'), 'Users: [!Ref Carol]', NOT_ML))).toEqual([]);
    });

    it('reads a role session as carrying its role\'s tags, which a session tag may override or add to', async () => {
      // A session without session tags carries team=ml: the Deny leaves it.
      expect(await exposed(template(role('[{Key: team, Value: ml}]'), 'Roles: [!Ref Runner]', NOT_ML))).toEqual(['role Runner can hand any role to any service']);
      // It refuses a session of the role's own team=data, or of no team, which one with a session tag team=ml escapes.
      expect(await exposed(template(role('[{Key: team, Value: data}]'), 'Roles: [!Ref Runner]', NOT_ML))).toEqual([]);
      expect(await exposed(template(role(''), 'Roles: [!Ref Runner]', '{"Null": {aws:PrincipalTag/team: "true"}}'))).toEqual([]);
      // A Deny of team=data refuses no session of the role tagged team=ml.
      expect(await exposed(template(role('[{Key: team, Value: ml}]'), 'Roles: [!Ref Runner]', '{StringEquals: {aws:PrincipalTag/team: data}}'))).toEqual(['role Runner can hand any role to any service']);
    });

    it('reads a group as members of tags not told, some of which a Deny on a tag spares', async () => {
      const group = '  Crew:\n    Type: AWS::IAM::Group\n';
      expect(await exposed(template(group, 'Groups: [!Ref Crew]', NOT_ML))).toEqual(['group Crew can hand any role to any service']);
      expect(await exposed(template(group, 'Groups: [!Ref Crew]', '{"Null": {aws:PrincipalTag/team: "false"}}'))).toEqual(['group Crew can hand any role to any service']);
    });

    it('reads a tag a policy variable names as the principal\'s own', async () => {
      const users = user('Alice', 'alice', '[{Key: login, Value: alice}]') + user('Bob', 'bob', '[{Key: login, Value: alice}]') + user('Carol', 'carol', '');
      // The Deny refuses every request whose aws:username is not the principal's login tag: Bob's; Carol's may carry one
      // from the stack's tags, an open answer.
      expect(await exposed(template(users, 'Users: [!Ref Alice, !Ref Bob, !Ref Carol]', '{StringNotEquals: {aws:username: "${aws:PrincipalTag/login}"}}'))).toEqual(['user Alice can hand any role to any service']);
    });

    it('reads an Allow on aws:PrincipalTag as granting a user what its own tags meet, and a role what a session tag may', async () => {
      const principals = user('Alice', 'alice', '[{Key: team, Value: ml}]') + user('Bob', 'bob', '[{Key: team, Value: data}]') + user('Carol', 'carol', '') + role('[{Key: team, Value: data}]');
      // Runner's sessions may carry team=ml by a session tag; bob is tagged team=data; carol may be tagged team=ml by
      // the stack's tags, or not: a tag value not known, on which no finding rests.
      const allowed = template(principals, 'Users: [!Ref Alice, !Ref Bob, !Ref Carol]\n      Roles: [!Ref Runner]', NOT_ML).replace(
        '- {Effect: Allow, Action: "iam:PassRole", Resource: "*"}\n          - {Effect: Deny, Action: "iam:PassRole", Resource: "*", Condition: {StringNotEquals: {aws:PrincipalTag/team: ml}}}',
        '- {Effect: Allow, Action: "iam:PassRole", Resource: "*", Condition: {StringEquals: {aws:PrincipalTag/team: ml}}}',
      );
      expect(allowed).toContain('Condition: {StringEquals: {aws:PrincipalTag/team: ml}}}');
      expect(await exposed(allowed)).toEqual(['role Runner and user Alice can hand any role to any service']);
      // A tag value from a parameter without a value is not known either.
      const fromParameter = allowed.replace('{UserName: carol}', '{UserName: carol, Tags: [{Key: team, Value: !Ref Team}]}');
      expect(fromParameter).toContain('Value: !Ref Team}]}');
      expect(await exposed(fromParameter)).toEqual(['role Runner and user Alice can hand any role to any service']);
    });

    it('reads a key a user does not write as absent only where its tags are all known (a plan\'s tags_all)', async () => {
      // A stack's tags reach a template's user, a provider's default_tags a configuration's: a Deny of dept=data may refuse them.
      const onDept = '{StringEquals: {aws:PrincipalTag/dept: data}}';
      expect(await exposed(template(user('Alice', 'alice', '[{Key: team, Value: ml}]'), 'Users: [!Ref Alice]', onDept))).toEqual([]);
      const plan = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'identity-passrole-unscoped', 'principal-tag-deny.plan.json'), 'utf8');
      const deniedOnDept = plan.replaceAll('{\\"StringNotEquals\\":{\\"aws:PrincipalTag/team\\":\\"ml\\"}}', '{\\"StringEquals\\":{\\"aws:PrincipalTag/dept\\":\\"data\\"}}');
      expect(deniedOnDept).not.toEqual(plan);
      const result = await scanText(deniedOnDept, 'dept.plan.json');
      expect(result.errors).toEqual([]);
      expect(result.findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => finding.message.split(': ')[1])).toEqual([
        'role aws_iam_role.runner, user aws_iam_user.alice and user aws_iam_user.bob can hand any role to any service',
      ]);
      // An Allow on dept=data grants neither user, whose tags_all hold no dept, and a role whatever a session tag says.
      const allowedOnDept = deniedOnDept.replaceAll('{\\"Action\\":\\"iam:PassRole\\",\\"Effect\\":\\"Allow\\",\\"Resource\\":\\"*\\"}', '{\\"Action\\":\\"iam:PassRole\\",\\"Condition\\":{\\"StringEquals\\":{\\"aws:PrincipalTag/dept\\":\\"data\\"}},\\"Effect\\":\\"Allow\\",\\"Resource\\":\\"*\\"}');
      expect(allowedOnDept).not.toEqual(deniedOnDept);
      const allowedResult = await scanText(allowedOnDept, 'dept.plan.json');
      expect(allowedResult.errors).toEqual([]);
      expect(allowedResult.findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => finding.message.split(': ')[1])).toEqual(['role aws_iam_role.runner can hand any role to any service']);
    });
  });

  // IAM puts aws:username in every request of an IAM user and in none of a role session's, an IAM Identity Center
  // permission set's included (IAM User Guide, AWS global condition context keys: aws:username).
  describe('aws:username in the requests of each kind of principal', () => {
    /** Conditions of a Deny of every action that refuse the requests without aws:username, and those with it. */
    const LACKING = '{"Null": {aws:username: "true"}}';
    const CARRYING = '{"Null": {aws:username: "false"}}';

    it("reads a permission set's requests, a role session's, as carrying none", async () => {
      const permissionSet = (condition: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Admins:
    Type: AWS::SSO::PermissionSet
    Properties:
      InstanceArn: arn:aws:sso:::instance/ssoins-1234567890abcdef
      Name: Admins
      InlinePolicy:
        Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Action: "*", Resource: "*"}
          - {Effect: Deny, Action: "*", Resource: "*", Condition: ${condition}}
`;
      expect(await identityRuleIds(permissionSet(LACKING))).toEqual([]);
      expect(await identityRuleIds(permissionSet(CARRYING))).toContain('identity-full-admin');
    });

    it("reads a declared role's requests as carrying none: a Deny on the key's absence refuses them, as negated and IfExists operators do", async () => {
      const role = (condition: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Worker:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: admin
          PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "*", Resource: "*"}]}
        - PolicyName: users-only
          PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Deny, Action: "*", Resource: "*", Condition: ${condition}}]}
`;
      expect(await identityRuleIds(role(LACKING))).toEqual([]);
      expect(await identityRuleIds(role('{StringNotLike: {aws:username: "*"}}'))).toEqual([]);
      expect(await identityRuleIds(role('{StringEqualsIfExists: {aws:username: bob}}'))).toEqual([]);
      expect(await identityRuleIds(role(CARRYING))).toContain('identity-full-admin');
      expect(await identityRuleIds(role('{StringLike: {aws:username: "*"}}'))).toContain('identity-full-admin');
    });

    it("reads an Allow's conditions on aws:username with each principal's requests: what they refuse is granted to none", async () => {
      /** iam:PassRole and sagemaker:AddTags allowed on "*" under `condition`, to the principal `attached` names. */
      const allowed = (attached: string, condition: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Worker:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}
  Bob:
    Type: AWS::IAM::User
    Properties: {UserName: bob}
  Team:
    Type: AWS::IAM::Group
  Granted:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ${attached}
      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: [iam:PassRole, sagemaker:AddTags], Resource: "*", Condition: ${condition}}]}
`;
      const both = ['identity-addtags-unscoped', 'identity-passrole-unscoped'];
      expect(await identityRuleIds(allowed('Roles: [!Ref Worker]', '{StringEquals: {aws:username: bob}}'))).toEqual([]);
      expect(await identityRuleIds(allowed('Roles: [!Ref Worker]', LACKING))).toEqual(both);
      expect(await identityRuleIds(allowed('Users: [!Ref Bob]', '{StringEquals: {aws:username: bob}}'))).toEqual(both);
      expect(await identityRuleIds(allowed('Users: [!Ref Bob]', '{StringEquals: {aws:username: alice}}'))).toEqual([]);
      expect(await identityRuleIds(allowed('Users: [!Ref Bob]', LACKING))).toEqual([]);
      // A group's members' names are not said: the Allow may grant them, or not, and no finding rests on a name not
      // known; one that holds for every name grants each member.
      expect(await identityRuleIds(allowed('Groups: [!Ref Team]', '{StringEquals: {aws:username: alice}}'))).toEqual([]);
      expect(await identityRuleIds(allowed('Groups: [!Ref Team]', '{StringLike: {aws:username: "*"}}'))).toEqual(both);
      // A member the input declares is read with its own name.
      const withMember = allowed('Groups: [!Ref Team]', '{StringEquals: {aws:username: bob}}').replace('Properties: {UserName: bob}', 'Properties: {UserName: bob, Groups: [!Ref Team]}');
      expect(withMember).toContain('Groups: [!Ref Team]}');
      expect(await identityRuleIds(withMember)).toEqual(both);
      // By name, as the input does not declare them.
      expect(await identityRuleIds(allowed('Roles: [ops]', '{StringEquals: {aws:username: bob}}'))).toEqual([]);
      expect(await identityRuleIds(allowed('Users: [alice]', '{StringEquals: {aws:username: bob}}'))).toEqual([]);
      expect(await identityRuleIds(allowed('Users: [bob]', '{StringEquals: {aws:username: bob}}'))).toEqual(both);
    });

    /** A policy allowing iam:PassRole on "*", with a Deny of every action under `condition`, attached to `attached` (`Roles: [ops]`), which the template does not declare. */
    const undeclared = (attached: string, condition: string, parameters = '') => `AWSTemplateFormatVersion: "2010-09-09"
${parameters}Resources:
  PassRoles:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: pass-roles
      ${attached}
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Action: iam:PassRole, Resource: "*"}
          - {Effect: Deny, Action: "*", Resource: "*", Condition: ${condition}}
`;

    it('reads a role the input does not declare as carrying none, and a user it names by a name as carrying that name', async () => {
      expect(await identityRuleIds(undeclared('Roles: [ops]', LACKING))).toEqual([]);
      expect(await identityRuleIds(undeclared('Roles: [ops]', CARRYING))).toEqual(['identity-passrole-unscoped']);
      expect(await identityRuleIds(undeclared('Users: [bob]', LACKING))).toEqual(['identity-passrole-unscoped']);
      expect(await identityRuleIds(undeclared('Users: [bob]', CARRYING))).toEqual([]);
      expect(await identityRuleIds(undeclared('Users: [bob]', '{StringEquals: {aws:username: bob}}'))).toEqual([]);
      expect(await identityRuleIds(undeclared('Users: [bob]', '{StringEquals: {aws:username: alice}}'))).toEqual(['identity-passrole-unscoped']);
      // A group's members are users the input does not name: each request carries a name not known, on which a Deny on
      // a name leaves the answer open, and which a Deny on the key's presence refuses.
      expect(await identityRuleIds(undeclared('Groups: [ops]', '{StringEquals: {aws:username: bob}}'))).toEqual([]);
      expect(await identityRuleIds(undeclared('Groups: [ops]', CARRYING))).toEqual([]);
      expect(await identityRuleIds(undeclared('Groups: [ops]', LACKING))).toEqual(['identity-passrole-unscoped']);
    });

    it('reads a user the input names by a value not known as carrying a name not known: a Deny on a name leaves the answer open', async () => {
      const parameter = 'Parameters:\n  Env:\n    Type: String\n';
      expect(await identityRuleIds(undeclared('Users: [!Sub "${Env}-bob"]', '{StringEquals: {aws:username: dev-bob}}', parameter))).toEqual([]);
      expect(await identityRuleIds(undeclared('Users: [!Sub "${Env}-bob"]', LACKING, parameter))).toEqual(['identity-passrole-unscoped']);
      expect(await identityRuleIds(undeclared('Roles: [!Sub "${Env}-ops"]', LACKING, parameter))).toEqual([]);
    });

    it('reads the same in a Terraform configuration: a role by name, a user by name', async () => {
      const hcl = (attachment: string, condition: string) => `resource "aws_iam_policy" "pass_roles" {
  name = "pass-roles"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "iam:PassRole", Resource = "*" },
      { Effect = "Deny", Action = "*", Resource = "*", Condition = ${condition} },
    ]
  })
}

${attachment}
`;
      const role = 'resource "aws_iam_role_policy_attachment" "ops" {\n  role       = "ops"\n  policy_arn = aws_iam_policy.pass_roles.arn\n}';
      const user = 'resource "aws_iam_user_policy_attachment" "bob" {\n  user       = "bob"\n  policy_arn = aws_iam_policy.pass_roles.arn\n}';
      const ids = async (text: string) => [...new Set((await scanText(text, 'main.tf')).findings.filter((finding) => IDENTITY_RULES.includes(finding.ruleId)).map((finding) => finding.ruleId))];
      expect(await ids(hcl(role, '{ Null = { "aws:username" = "true" } }'))).toEqual([]);
      expect(await ids(hcl(user, '{ Null = { "aws:username" = "true" } }'))).toEqual(['identity-passrole-unscoped']);
      expect(await ids(hcl(user, '{ StringEquals = { "aws:username" = "bob" } }'))).toEqual([]);
      expect(await ids(hcl(user, '{ StringEquals = { "aws:username" = "alice" } }'))).toEqual(['identity-passrole-unscoped']);
    });
  });

  // A group's members are IAM users: each request of theirs carries aws:username, a name the input does not tell. A
  // Deny under Null false refuses them, an Allow under Null true grants them nothing, a Deny under StringEquals bob
  // leaves the answer open (as for a user whose name is not known); only a Deny under Null true leaves them the Allow.
  const lackingGroup = (policy: string, group: string) => `${policy} allows iam:PassRole on Resource "*" with no iam:PassedToService condition: ${group} can hand any role to any service`;
  it.each([
    ['group-members-carry-username.yaml', 71, 'policy pass-roles of group Lacking', 'group Lacking'],
    ['group-members-carry-username.json', 112, 'policy pass-roles of group Lacking', 'group Lacking'],
    ['tf-group-members-carry-username', 76, 'policy aws_iam_group_policy.lacking (attached to group aws_iam_group.lacking)', 'group aws_iam_group.lacking'],
    ['group-members-carry-username.plan.json', 83, 'policy aws_iam_group_policy.lacking (attached to group aws_iam_group.lacking)', 'group aws_iam_group.lacking'],
  ])("identity-passrole-unscoped %s: a group's members carry aws:username", async (name, line, policy, group) => {
    expect((await fixtureFindings('identity-passrole-unscoped', name)).map((finding) => [finding.location.startLine, finding.message])).toEqual([[line, lackingGroup(policy, group)]]);
  });
  // aws_iam_group_membership manages all of a group's members: the group's requests are those of the users it lists,
  // each with its own Denies. AWS::IAM::UserToGroupAddition and aws_iam_user_group_membership only add members.
  const deployersGroup = (policy: string, group: string) => `${policy} allows iam:PassRole on Resource "*" with no iam:PassedToService condition: ${group} can hand any role to any service`;
  it.each<[string, number[]]>([
    ['tf-group-membership-exclusive', []],
    ['group-membership-exclusive.plan.json', []],
    ['tf-group-membership-exclusive-named', []],
    ['group-membership-exclusive-named.plan.json', []],
    ['tf-group-membership-exclusive-open', [12]],
    ['group-membership-exclusive-open.plan.json', [52]],
  ])('identity-passrole-unscoped %s: an exclusive membership lists every member of the group', async (name, lines) => {
    const message = deployersGroup('policy aws_iam_group_policy.deployers (attached to group aws_iam_group.deployers)', 'group aws_iam_group.deployers');
    expect((await fixtureFindings('identity-passrole-unscoped', name)).map((finding) => [finding.location.startLine, finding.message])).toEqual(lines.map((line) => [line, message]));
  });
  it('identity-passrole-unscoped group-membership-addition.yaml: a UserToGroupAddition lists only some members', async () => {
    expect((await fixtureFindings('identity-passrole-unscoped', 'group-membership-addition.yaml')).map((finding) => [finding.location.startLine, finding.message])).toEqual([[16, deployersGroup('policy pass-roles of group Deployers', 'group Deployers')]]);
  });
  describe('a group is read as the members of its exclusive membership only where that list is all known', () => {
    const exclusiveFixture = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'identity-passrole-unscoped', 'tf-group-membership-exclusive', 'main.tf'), 'utf8');
    const variants: Array<[string, string, string]> = [
      ['a list not known', 'users = [aws_iam_user.alice.name, aws_iam_user.bob.name]', 'users = concat([aws_iam_user.alice.name, aws_iam_user.bob.name], var.others)'],
      ['a second exclusive membership of the group', '', 'resource "aws_iam_group_membership" "more" {\n  name  = "more"\n  group = aws_iam_group.deployers.name\n  users = [aws_iam_user.alice.name]\n}\n'],
      ['an aws_iam_user_group_membership adding to the group', '', 'resource "aws_iam_user_group_membership" "alice" {\n  user   = aws_iam_user.alice.name\n  groups = [aws_iam_group.deployers.name]\n}\n'],
      ['a user added by name by an aws_iam_user_group_membership', '', 'resource "aws_iam_user_group_membership" "erin" {\n  user   = "erin"\n  groups = [aws_iam_group.deployers.name]\n}\n'],
      ['a membership resource that may not be created', 'resource "aws_iam_group_membership" "deployers" {', 'resource "aws_iam_group_membership" "deployers" {\n  count = var.members ? 1 : 0'],
    ];
    it.each(variants)('%s keeps the group read with members it does not list', async (_case, written, replacement) => {
      expect(exclusiveFixture).toContain(written);
      const text = written === '' ? `${exclusiveFixture}\n${replacement}` : exclusiveFixture.replace(written, replacement);
      const findings = (await scanText(`variable "others" {\n  type = list(string)\n}\nvariable "members" {\n  type = bool\n}\n${text}`, 'main.tf')).findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped');
      expect(findings.map((finding) => finding.resource.address)).toEqual(['aws_iam_group_policy.deployers']);
    });
    // A name no user of the input has is a member with that name as aws:username, an ARN of a path not known and tags
    // not known, read with the group's own Denies.
    it.each<[string, string, string[]]>([
      ['refused by an ArnLike Deny on its own name', 'user/*carol', []],
      ['not refused by a Deny on another name', 'user/*dave', ['aws_iam_group_policy.deployers']],
    ])('a member listed by a name the input does not declare, %s', async (_case, pattern, fired) => {
      const deny = `{ Effect = "Deny", Action = "iam:PassRole", Resource = "*", Condition = { ArnLike = { "aws:PrincipalArn" = "arn:*:iam::*:${pattern}" } } }`;
      const text = exclusiveFixture
        .replace('users = [aws_iam_user.alice.name, aws_iam_user.bob.name]', 'users = [aws_iam_user.alice.name, aws_iam_user.bob.name, "carol"]')
        .replace('Statement = [{ Effect = "Allow", Action = "iam:PassRole", Resource = "*" }]', `Statement = [{ Effect = "Allow", Action = "iam:PassRole", Resource = "*" }, ${deny}]`);
      expect(text).toContain(deny);
      const findings = (await scanText(text, 'main.tf')).findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped');
      expect(findings.map((finding) => finding.resource.address)).toEqual(fired);
    });
    it('an exclusive membership of no one leaves the group no requests', async () => {
      const text = exclusiveFixture.replace('users = [aws_iam_user.alice.name, aws_iam_user.bob.name]', 'users = []');
      expect((await scanText(text, 'main.tf')).findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped')).toEqual([]);
    });
  });
  // identity-full-admin alike: an Allow of everything under Null true grants them nothing, a Deny of everything under
  // Null false or StringLike "*" refuses them all.
  it.each([
    ['group-members-carry-username.yaml', 64, 'policy everything of group Lacking', 'group Lacking'],
    ['group-members-carry-username.json', 101, 'policy everything of group Lacking', 'group Lacking'],
    ['tf-group-members-carry-username', 61, 'policy aws_iam_group_policy.lacking (attached to group aws_iam_group.lacking)', 'group aws_iam_group.lacking'],
    ['group-members-carry-username.plan.json', 97, 'policy aws_iam_group_policy.lacking (attached to group aws_iam_group.lacking)', 'group aws_iam_group.lacking'],
  ])("identity-full-admin %s: a group's members carry aws:username", async (name, line, policy, group) => {
    expect((await fixtureFindings('identity-full-admin', name)).map((finding) => [finding.location.startLine, finding.message])).toEqual([
      [line, `${policy} allows every action on every resource with no condition that limits it: ${group} can do anything in the account`],
    ]);
  });

  // Whom a finding names is whom it is made for: each name read with its own requests, which carry the owner's
  // aws:PrincipalAccount, so a Deny pinned to it that is attached to the name refuses them (`Exposure.elsewhere`).
  it.each<[string, string]>([
    ['undeclared-user-own-account-deny.yaml', 'template'],
    ['undeclared-user-own-account-deny.json', 'template'],
    ['tf-undeclared-user-own-account-deny', 'configuration'],
    ['undeclared-user-own-account-deny.plan.json', 'plan'],
  ])('a name whose own Deny on the owner\'s aws:PrincipalAccount refuses the requests is not named beside one exposed (%s)', async (fixture, input) => {
    const result = await scan([join(import.meta.dirname, '..', 'fixtures', 'identity-full-admin', fixture)]);
    expect(result.errors).toEqual([]);
    const policy = input === 'template' ? 'Admin' : 'aws_iam_policy.admin';
    const label = `policy ${policy} (attached to user alice and user bob, which this ${input} does not declare)`;
    const messages = (ruleId: string) => result.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => [finding.branch, finding.message]);
    expect(messages('identity-full-admin')).toEqual([[undefined, `${label} allows every action on every resource with no condition that limits it: user alice can do anything in the account`]]);
    expect(messages('identity-passrole-unscoped')).toEqual([[undefined, `${label} allows iam:PassRole (through *) on Resource "*" with no iam:PassedToService condition: user alice can hand any role to any service`]]);
  });

  // A declared principal exposed only in some case beside a name the input does not declare, exposed in any case: the
  // finding holds in any case, for each rule, and names both, the declared one with when it holds for it.
  it.each<[string, string, string]>([
    ['members-not-known-beside-undeclared.yaml', 'policy Admin (attached to user Dave and to user alice, which this template does not declare)', 'user Dave when AddMember does not name Dave and user alice'],
    ['members-not-known-beside-undeclared.json', 'policy Admin (attached to user Dave and to user alice, which this template does not declare)', 'user Dave when AddMember does not name Dave and user alice'],
    [
      'tf-unsure-deny-beside-undeclared',
      'policy aws_iam_policy.admin (attached to user aws_iam_user.dave and to user alice, which this configuration does not declare)',
      'user aws_iam_user.dave when aws_iam_user_group_membership.dave is not created (its count is not known) and user alice',
    ],
  ])('a declared user exposed only in some case beside a name the input does not declare exposed in any case is named with it, and the finding holds in any case (%s)', async (fixture, label, holders) => {
    const result = await scan([join(import.meta.dirname, '..', 'fixtures', 'identity-full-admin', fixture)]);
    expect(result.errors).toEqual([]);
    const identity = result.findings.filter((finding) => IDENTITY_RULES.includes(finding.ruleId));
    expect(identity.map((finding) => finding.ruleId).sort()).toEqual(['identity-addtags-unscoped', 'identity-full-admin', 'identity-passrole-unscoped', 'identity-sagemaker-guardrail-missing']);
    expect(identity.map((finding) => finding.branch)).toEqual(identity.map(() => undefined));
    const messages = (ruleId: string) => identity.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.message);
    expect(messages('identity-full-admin')).toEqual([`${label} allows every action on every resource with no condition that limits it: ${holders} can do anything in the account`]);
    expect(messages('identity-passrole-unscoped')).toEqual([`${label} allows iam:PassRole (through *) on Resource "*" with no iam:PassedToService condition: ${holders} can hand any role to any service`]);
  });

  it('identity-abac-tag-bypass: a statement reported for a declared user only in some case is reported for a name the input does not declare that it holds for in any case', async () => {
    const label = 'policy aws_iam_policy.abac (attached to user aws_iam_user.dave and to user alice, which this configuration does not declare)';
    const bypass = (principal: string) =>
      `user ${principal} can retag SageMaker resources around its tag-based access: ${label} allows sagemaker:AddTags with no limit (aws:TagKeys, sagemaker:TaggingAction, aws:RequestTag with aws:ResourceTag, or a Deny) that keeps it from setting the tag outside resource creation, while ${label} decides access by the tag Project`;
    const when = 'only when aws_iam_user_group_membership.dave is not created (its count is not known)';
    expect((await fixtureFindings('identity-abac-tag-bypass', 'tf-unsure-deny-beside-undeclared')).map((finding) => [finding.branch, finding.message])).toEqual([
      [when, `${bypass('aws_iam_user.dave')} (${when})`],
      [undefined, bypass('alice')],
    ]);
  });

  it('a value not known whose own Deny on the owner\'s aws:PrincipalAccount refuses the requests where it names another is not named beside one exposed', async () => {
    const alike = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'identity-passrole-unscoped', 'tf-name-not-known-denied-alike', 'main.tf'), 'utf8');
    const ownAccountDeny = '{ Effect = "Deny", Action = "iam:PassRole", Resource = "*", Condition = { StringEquals = { "aws:PrincipalAccount" = data.aws_caller_identity.current.account_id } } }';
    const hcl = `${alike.replace(/(resource "aws_iam_policy" "no_passrole" \{[^}]*Statement = \[)\{[^}]*\}/, `$1${ownAccountDeny}`)}
data "aws_caller_identity" "current" {}

resource "aws_iam_user_policy_attachment" "alice" {
  user       = "alice"
  policy_arn = aws_iam_policy.pass_roles.arn
}
`;
    expect(hcl).toContain(ownAccountDeny);
    const found = (await scanText(hcl, 'main.tf')).findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => [finding.branch, finding.message]);
    expect(found).toEqual([
      [undefined, 'policy aws_iam_policy.pass_roles (attached to user aws_iam_user.bob and to user alice, which this configuration does not declare, and to user ${var.env}-bob) allows iam:PassRole on Resource "*" with no iam:PassedToService condition: user alice can hand any role to any service'],
    ]);
  });

  it('a policy used only as a permissions boundary grants no one anything, and is named as the boundary it is', async () => {
    const template = (attachment: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Boundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
${attachment}      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "*", Resource: "*", Condition: {ForAllValues:StringEquals: {aws:TagKeys: [team]}}}]}
${ROLE}
      PermissionsBoundary: !Ref Boundary
  Operator:
    Type: AWS::IAM::User
    Properties:
      PermissionsBoundary: !Ref Boundary
`;
    const found = async (attachment: string) => (await identityFindings(template(attachment))).map((finding) => `${finding.ruleId} ${/policy \S+ \(([^)]*)\) /.exec(finding.message)?.[1]}`);
    // Its condition mistake is still one (what it lets through is what it caps).
    expect(await found('')).toEqual(['identity-forallvalues-without-null the permissions boundary of role Worker and user Operator, attached to no role, user or group in this template']);
    // Attached to a role too, it grants: what it grants that role is reported, as full admin too: its condition on
    // aws:TagKeys holds for every request without tags, iam:AttachRolePolicy's among them.
    expect((await found('      Roles: [!Ref Worker]\n')).map((text) => text.split(' ')[0]).sort()).toEqual(['identity-addtags-unscoped', 'identity-forallvalues-without-null', 'identity-full-admin', 'identity-passrole-unscoped', 'identity-sagemaker-guardrail-missing']);
  });

  // A statement whose Effect is not known may be a Deny, of its own actions only.
  it('a statement whose Effect is not known leaves open only what it may refuse', async () => {
    const template = (action: string) => `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  LogEffect: { Type: String }
Resources:
${ROLE}
      Policies:
        - PolicyName: admin
          PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "*", Resource: "*"}]}
        - PolicyName: logs
          PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: !Ref LogEffect, Action: "${action}", Resource: "*"}]}
`;
    expect(await identityRuleIds(template('logs:CreateLogGroup'))).toEqual(['identity-addtags-unscoped', 'identity-full-admin', 'identity-passrole-unscoped', 'identity-sagemaker-guardrail-missing']);
    // It may refuse passing roles: that finding is left open, the others stand.
    expect(await identityRuleIds(template('iam:PassRole'))).toEqual(['identity-addtags-unscoped', 'identity-full-admin', 'identity-sagemaker-guardrail-missing']);
    const hcl = `variable "log_effect" {
  type = string
}
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = ${hclOf({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] })}
}
resource "aws_iam_role_policy" "admin" {
  role   = aws_iam_role.r.id
  policy = ${hclOf({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] })}
}
data "aws_iam_policy_document" "logs" {
  statement {
    effect    = var.log_effect
    actions   = ["logs:CreateLogGroup"]
    resources = ["*"]
  }
}
resource "aws_iam_role_policy" "logs" {
  role   = aws_iam_role.r.id
  policy = data.aws_iam_policy_document.logs.json
}
`;
    const ruleIds = async (text: string) => [...new Set((await scanText(text, 'main.tf')).findings.map((finding) => finding.ruleId))];
    expect(await ruleIds(hcl)).toEqual(['identity-passrole-unscoped']);
    expect(await ruleIds(hcl.replace('"logs:CreateLogGroup"', '"iam:Pass*"'))).toEqual([]);
  });

  // IAM names a managed policy (a role, a user) by its path and name: an ARN of another path is another policy.
  it('a managed policy ARN names the policy of the path it writes', async () => {
    const passRole = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] };
    const guard = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:PassRole', Resource: '*', Condition: { StringNotEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } } }] };
    const hcl = (arnPath: string, policyPath: string) => `data "aws_caller_identity" "me" {}
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = ${hclOf({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] })}
  managed_policy_arns = [
    "arn:aws:iam::\${data.aws_caller_identity.me.account_id}:policy/allow",
    "arn:aws:iam::\${data.aws_caller_identity.me.account_id}:policy${arnPath}deny",
  ]
}
resource "aws_iam_policy" "allow" {
  name   = "allow"
  policy = ${hclOf(passRole)}
}
resource "aws_iam_policy" "deny" {
  name   = "deny"
${policyPath}  policy = ${hclOf(guard)}
}
`;
    const ruleIds = async (text: string, file: string) => [...new Set((await scanText(text, file)).findings.map((finding) => finding.ruleId))];
    expect(await ruleIds(hcl('/', ''), 'main.tf')).toEqual([]);
    expect(await ruleIds(hcl('/team/', '  path   = "/team/"\n'), 'main.tf')).toEqual([]);
    expect(await ruleIds(hcl('/', '  path   = "/team/"\n'), 'main.tf')).toEqual(['identity-passrole-unscoped']);
    expect(await ruleIds(hcl('/team/', ''), 'main.tf')).toEqual(['identity-passrole-unscoped']);
    const template = (arnPath: string, policyPath: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
${ROLE}
      ManagedPolicyArns:
        - !Ref Allow
        - !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:policy${arnPath}deny
  Allow:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: ${JSON.stringify(passRole)}
  Deny:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: deny
${policyPath}      PolicyDocument: ${JSON.stringify(guard)}
`;
    expect(await identityRuleIds(template('/', ''))).toEqual([]);
    expect(await identityRuleIds(template('/team/', '      Path: /team/\n'))).toEqual([]);
    expect(await identityRuleIds(template('/', '      Path: /team/\n'))).toEqual(['identity-passrole-unscoped']);
  });

  // The AWS ABAC tutorials pin the value set to the principal's own tag: without the resource's tag too, that is a takeover.
  it('a tagging Allow pinning the value set takes over resources of another value, also through a policy variable', async () => {
    const template = (condition: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
${ROLE}
      Policies:
        - PolicyName: abac
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - {Effect: Allow, Action: "sagemaker:DescribeTrainingJob", Resource: "*", Condition: {StringEquals: {"aws:ResourceTag/Team": "\${aws:PrincipalTag/Team}"}}}
              - {Effect: Allow, Action: "sagemaker:AddTags", Resource: "*", Condition: {StringEquals: {${condition}}}}
`;
    const bypass = async (condition: string) => (await identityFindings(template(condition))).filter((finding) => finding.ruleId === 'identity-abac-tag-bypass').length;
    expect(await bypass('"aws:RequestTag/Team": "${aws:PrincipalTag/Team}"')).toBe(1);
    expect(await bypass('"aws:RequestTag/Team": "${aws:PrincipalTag/Team}", "aws:ResourceTag/Team": "${aws:PrincipalTag/Team}"')).toBe(0);
    // Team B's resources may be retagged A.
    expect(await bypass('"aws:RequestTag/Team": A, "aws:ResourceTag/Team": B')).toBe(1);
    expect(await bypass('"aws:RequestTag/Team": A, "aws:ResourceTag/Team": A')).toBe(0);
  });

  // The retagging request carries the principal's own tag where the policy variable reads it (aws:RequestTag/team of
  // `${aws:PrincipalTag/team}`): a user's written tag is that value in the request, so a Deny on the tag reads it.
  it("a Deny on aws:PrincipalTag is asked a user's retagging with the user's own tag, which the request sets", async () => {
    const template = (team: string, deny: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Alice:
    Type: AWS::IAM::User
    Properties:
      UserName: alice
      Tags: [{Key: team, Value: ${team}}]
      Policies:
        - PolicyName: abac
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - {Effect: Allow, Action: "sagemaker:DescribeTrainingJob", Resource: "*", Condition: {StringEquals: {"aws:ResourceTag/team": "\${aws:PrincipalTag/team}"}}}
              - {Effect: Allow, Action: "sagemaker:AddTags", Resource: "*", Condition: {StringEquals: {"aws:RequestTag/team": "\${aws:PrincipalTag/team}"}, StringEqualsIfExists: {"aws:ResourceTag/team": "\${aws:PrincipalTag/team}"}}}
              - {Effect: Deny, Action: "sagemaker:AddTags", Resource: "*", Condition: {${deny}}}
`;
    const bypass = async (team: string, deny: string) => (await identityFindings(template(team, deny))).filter((finding) => finding.ruleId === 'identity-abac-tag-bypass').length;
    expect(await bypass('data', 'StringEquals: {aws:PrincipalTag/team: data}')).toBe(0);
    expect(await bypass('ml', 'StringEquals: {aws:PrincipalTag/team: data}')).toBe(1);
    expect(await bypass('ml', 'StringNotEquals: {aws:PrincipalTag/team: ml}')).toBe(1);
    expect(await bypass('data', 'StringNotEquals: {aws:PrincipalTag/team: ml}')).toBe(0);
    // A Deny of setting a value other than one's own tag leaves setting one's own.
    expect(await bypass('ml', 'StringNotEquals: {aws:RequestTag/team: "${aws:PrincipalTag/team}"}')).toBe(1);
    // The same of user alice's own name, which her requests carry as aws:username.
    const byName = (deny: string) => template('ml', deny).replaceAll('aws:ResourceTag/team": "${aws:PrincipalTag/team}', 'aws:ResourceTag/owner": "${aws:username}').replaceAll('aws:RequestTag/team": "${aws:PrincipalTag/team}', 'aws:RequestTag/owner": "${aws:username}');
    const bypassByName = async (deny: string) => (await identityFindings(byName(deny))).filter((finding) => finding.ruleId === 'identity-abac-tag-bypass').length;
    expect(await bypassByName('StringEquals: {aws:RequestTag/owner: alice}')).toBe(0);
    expect(await bypassByName('StringEquals: {aws:RequestTag/owner: bob}')).toBe(1);
    expect(await bypassByName('StringNotEquals: {aws:RequestTag/owner: "${aws:username}"}')).toBe(1);
  });

  it('policies attached to a name a declared principal may have are read together too', async () => {
    const template = (lockout: string) => `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env: { Type: String }
Resources:
  MlRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub \${Env}-ml
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}
  Admin:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [prod-ml]
      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "*", Resource: "*"}]}
${lockout}`;
    const lockout = `  Lockout:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [prod-ml]
      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Deny, Action: "*", Resource: "*"}]}
`;
    // Whether prod-ml is MlRole or another role, the Deny attached to it refuses everything.
    expect(await identityRuleIds(template(lockout))).toEqual([]);
    const admin = (await identityFindings(template(''))).filter((finding) => finding.ruleId === 'identity-full-admin');
    expect(admin.map((finding) => finding.message.split(': ')[1])).toEqual(['role prod-ml can do anything in the account']);
  });

  it('a user the input does not declare, which it puts in one of its groups, holds that group\'s policies too', async () => {
    const template = (membership: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Locked:
    Type: AWS::IAM::Group
    Properties:
      Policies:
        - PolicyName: lock
          PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Deny, Action: "*", Resource: "*"}]}
${membership}  Admin:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: admin
      Users: [bob]
      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "*", Resource: "*"}]}
`;
    const membership = `  Membership:
    Type: AWS::IAM::UserToGroupAddition
    Properties:
      GroupName: !Ref Locked
      Users: [bob]
`;
    expect(await identityRuleIds(template(membership))).toEqual([]);
    expect(await identityRuleIds(template(''))).toContain('identity-full-admin');
    const hcl = (groups: string) => `resource "aws_iam_group" "locked" {
  name = "locked"
}
resource "aws_iam_group_policy" "lock" {
  group  = aws_iam_group.locked.name
  policy = ${hclOf({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] })}
}
resource "aws_iam_user_group_membership" "bob" {
  user   = "bob"
  groups = [${groups}]
}
resource "aws_iam_user_policy" "admin" {
  user   = "bob"
  policy = ${hclOf({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] })}
}
`;
    const ruleIds = async (text: string) => [...new Set((await scanText(text, 'main.tf')).findings.map((finding) => finding.ruleId))];
    expect(await ruleIds(hcl('aws_iam_group.locked.name'))).toEqual([]);
    // A group the configuration does not declare: its policies are not known.
    expect(await ruleIds(hcl('"other"'))).toContain('identity-full-admin');
  });

  // An AWS::IAM::UserToGroupAddition under a Condition, or whose Users a Fn::If chooses (the list, or an item with
  // AWS::NoValue), makes its users members only in the worlds that hold it; the findings that rest on the membership say
  // when, by the condition that decides it (not "for some values of the template parameters").
  it.each([
    ['identity-abac-tag-bypass', 'membership-addition-chosen.yaml', [['user U', 'IsAdmin is true'], ['user V', 'IsAdmin is true'], ['user W', 'IsAdmin is false']]],
    ['identity-abac-tag-bypass', 'membership-addition-chosen.json', [['user U', 'IsAdmin is true'], ['user V', 'IsAdmin is true'], ['user W', 'IsAdmin is false']]],
    ['identity-passrole-unscoped', 'membership-addition-chosen.yaml', [['user Bob', 'IsProd is false'], ['user Carol', 'IsProd is false'], ['user Dave', 'IsProd is true']]],
    ['identity-passrole-unscoped', 'membership-addition-chosen.json', [['user Bob', 'IsProd is false'], ['user Carol', 'IsProd is false'], ['user Dave', 'IsProd is true']]],
  ])('%s %s: a membership a condition decides holds only when it does, and the finding says so', async (ruleId, name, expected) => {
    const findings = await fixtureFindings(ruleId, name);
    const principal = (message: string) => /(?:^|: )(user \w+) can /.exec(message)?.[1];
    expect(findings.map((finding) => [principal(finding.message), finding.branch]).sort()).toEqual(expected.map(([user, when]) => [user, `only when condition ${when}`]));
  });

  // A finding on a standalone policy is about the principals it is attached to: whom it is attached to (a user's
  // ManagedPolicyArns: !If) and whom a Deny protects among them (a user's Groups: !If, a UserToGroupAddition under a
  // Condition, a Deny policy's Users: !If) are decided by the conditions written around those attachments and
  // memberships, which the finding names (not "for some values of the template parameters"); not by another condition
  // of the users (H's Path: !If [IsDev, ...], though it is false wherever IsProd is true), and none where the finding
  // holds in every world (V).
  const membershipChosen = [['user U', 'IsAdmin is true'], ['user V'], ['user W', 'IsAdmin is false']];
  const standaloneChosen = [
    ['user B', 'IsProd is true and condition IsTeamA is false'],
    ['user A', 'IsProd is false and condition IsTeamA is true'],
    ['user A and user B', 'IsProd is false and condition IsTeamA is false'],
    ['user D and user E', 'IsProd is true'],
    ['user E', 'IsProd is false'],
    ['user H', 'IsProd is true'],
    ['user G and user H', 'IsProd is false'],
    ['user K', 'IsTeamA is false'],
  ];
  it.each([
    ['identity-abac-tag-bypass', 'membership-chosen.yaml', membershipChosen],
    ['identity-abac-tag-bypass', 'membership-chosen.json', membershipChosen],
    ['identity-passrole-unscoped', 'standalone-policy-chosen.yaml', standaloneChosen],
    ['identity-passrole-unscoped', 'standalone-policy-chosen.json', standaloneChosen],
  ])('%s %s: a finding says the conditions of the attachments and memberships that decide whom its policy reaches', async (ruleId, name, expected) => {
    const findings = await fixtureFindings(ruleId, name);
    const principals = (message: string) => /(?:^|: )(user \w+(?: and user \w+)*) can /.exec(message)?.[1];
    const branch = (when?: string) => (when === undefined ? undefined : `only when condition ${when}`);
    const sorted = (pairs: Array<Array<string | undefined>>) => pairs.sort((a, b) => a.join().localeCompare(b.join()));
    // One finding a policy: where whom it reaches differs from world to world, its message says each with when.
    const said = ({ message, branch: when }: Finding) => {
      const parts = message.split('; ').filter((part) => principals(part) !== undefined);
      return parts.length < 2 ? [[principals(message), when]] : parts.map((part) => [principals(part), /\((only when [^)]*)\)$/.exec(part)?.[1]]);
    };
    expect(sorted(findings.flatMap(said))).toEqual(sorted(expected.map(([users, when]) => [users, branch(when)])));
  });

  // A Deny that reaches a user only through a Terraform resource whose count or for_each is not known (a variable without
  // a value) may not exist: the finding it would take away is made, and says which resource decides it, as a template's
  // says the condition of a UserToGroupAddition. The plan of the same folder, made with the values given, knows whether
  // the resource is created: its findings say no condition.
  const whose = (address: string, argument: string) => `only when ${address} is not created (its ${argument} is not known)`;
  it.each([
    ['identity-passrole-unscoped', 'tf-deny-creation-not-known', [['bob', whose('aws_iam_user_group_membership.bob', 'count')], ['carol', whose('aws_iam_user_group_membership.carol', 'for_each')], ['dave', whose('aws_iam_group_policy.guard_no_passrole', 'count')]]],
    ['identity-passrole-unscoped', 'planned-without-denies.plan.json', [['bob'], ['carol'], ['dave']]],
    ['identity-abac-tag-bypass', 'tf-deny-creation-not-known', [['u', whose('aws_iam_user_group_membership.u', 'count')], ['v', whose('aws_iam_user_group_membership.v', 'for_each')]]],
    ['identity-abac-tag-bypass', 'planned-without-deny.plan.json', [['u'], ['v']]],
    ['identity-addtags-unscoped', '../identity-abac-tag-bypass/tf-deny-creation-not-known', [['u', whose('aws_iam_user_group_membership.u', 'count')], ['v', whose('aws_iam_user_group_membership.v', 'for_each')]]],
    ['identity-addtags-unscoped', '../identity-abac-tag-bypass/planned-without-deny.plan.json', [['u'], ['v']]],
  ])('%s %s: a Deny through a resource that may not be created does not silence the finding, which says so', async (ruleId, name, expected) => {
    const findings = await fixtureFindings(ruleId, name);
    const user = (message: string) => /user aws_iam_user\.\w+\["(\w+)"\]/.exec(message)?.[1];
    expect(findings.map((finding) => [user(finding.message), finding.branch]).sort()).toEqual(expected.map(([name, when]) => [name, when]));
    for (const finding of findings) expect(finding.message.endsWith(`(${finding.branch})`)).toBe(finding.branch !== undefined);
  });

  // A Deny that reaches a user only through a membership a conditional on a variable without a value chooses may not
  // reach it: the finding says the choice that leaves it out, as the template's says the condition of the membership (a
  // UserToGroupAddition under a Condition, Groups: !If). A user in one group or another, each with the Deny, is
  // protected whichever is chosen. The plan of the folder, made with the values given, says no condition.
  const offTagging = [['u', 'only when var.on is false'], ['v', 'only when var.on is false']];
  it.each([
    ['identity-passrole-unscoped', 'tf-deny-choice-not-known', [['dave', 'only when var.on is false'], ['erin', 'only when var.admin is false']]],
    ['identity-passrole-unscoped', 'planned-choice-without-deny.plan.json', [['dave'], ['erin']]],
    ['identity-passrole-unscoped', 'tf-deny-choice-given', []],
    // Comparisons of var.env with two literals cannot both hold: an Allow attached in prod keeps a Deny left out in dev.
    ['identity-passrole-unscoped', 'tf-deny-choice-exclusive', [['cal', 'only when var.env == "test" is true'], ['dan']]],
    ['identity-passrole-unscoped', 'planned-choice-with-deny.plan.json', []],
    ['identity-passrole-unscoped', 'group-deny-chosen.yaml', [['Dave', 'only when condition IsEnabled is false'], ['Erin', 'only when condition IsAdmin is false']]],
    ['identity-passrole-unscoped', 'group-deny-chosen.json', [['Dave', 'only when condition IsEnabled is false'], ['Erin', 'only when condition IsAdmin is false']]],
    ['identity-abac-tag-bypass', 'tf-deny-choice-not-known', offTagging],
    ['identity-abac-tag-bypass', 'planned-choice-without-deny.plan.json', [['u'], ['v']]],
    ['identity-abac-tag-bypass', 'tf-deny-choice-given', []],
    ['identity-addtags-unscoped', '../identity-abac-tag-bypass/tf-deny-choice-not-known', offTagging],
    ['identity-addtags-unscoped', '../identity-abac-tag-bypass/planned-choice-without-deny.plan.json', [['u'], ['v']]],
    ['identity-addtags-unscoped', '../identity-abac-tag-bypass/planned-choice-with-deny.plan.json', []],
  ])('%s %s: a Deny through a membership of an open choice does not silence the finding, which says the other choice', async (ruleId, name, expected) => {
    const findings = await fixtureFindings(ruleId, name);
    const user = (message: string) => /user (?:aws_iam_user\.\w+\["(\w+)"\]|([A-Z]\w*))[) ]/.exec(message)?.slice(1).find((found) => found !== undefined);
    expect(findings.map((finding) => [user(finding.message), finding.branch].filter((part) => part !== undefined)).sort()).toEqual(expected);
  });

  // A Deny whose Action, Resource or condition value a conditional on a variable without a value chooses is read for each
  // choice: the finding holds where one leaves the request, and says which; where each refuses, or the Allow comes only
  // with a choice whose Deny refuses, there is none. A variable's validation is not read: its value stays not known. The
  // real plans of the folder, made with var.strict false and true, decide it and say no choice.
  it.each([
    ['tf-deny-value-chosen', [['bob', 'only when var.strict is false'], ['cal'], ['dan', 'only when var.env == "prod" is false'], ['eve', 'only when var.strict is false'], ['fay', 'only when var.strict is true']]],
    ['tf-deny-value-chosen-refused', []],
    ['deny-value-chosen-lax.plan.json', [['bob'], ['cal'], ['dan'], ['eve']]],
    ['deny-value-chosen-strict.plan.json', [['cal'], ['fay']]],
  ])('identity-passrole-unscoped %s: a Deny on a value a conditional chooses is decided by each choice', async (name, expected) => {
    const findings = await fixtureFindings('identity-passrole-unscoped', name);
    const user = (message: string) => /user aws_iam_user\.(\w+) can/.exec(message)?.[1];
    expect(findings.map((finding) => [user(finding.message), finding.branch].filter((part) => part !== undefined))).toEqual(expected);
    for (const finding of findings) {
      const said = user(finding.message)!;
      const branch = finding.branch === undefined ? '' : ` (${finding.branch})`;
      expect(finding.message).toBe(`policy aws_iam_user_policy.${said} (attached to user aws_iam_user.${said}) allows iam:PassRole on Resource "*" with no iam:PassedToService condition: user aws_iam_user.${said} can hand any role to any service${branch}`);
    }
  });

  // A Deny on a value not known is decided where no value of it refuses the request: a request through no VPC endpoint
  // carries no aws:SourceVpce, which StringEquals of any value then fails (IAM: a condition on a key the request lacks is
  // false); so does a statement whose Effect is not known (Frank), whichever it is. StringNotEquals, and
  // StringEqualsIfExists, hold for such a request, and the value may leave nothing else: no finding.
  const passesAny = (policy: string, user: string) => `policy ${policy} allows iam:PassRole on Resource "*" with no iam:PassedToService condition: ${user} can hand any role to any service`;
  const inlineOf = (name: string) => passesAny(`pass of user ${name}`, `user ${name}`);
  const tfOf = (name: string, policy = name) => passesAny(`aws_iam_user_policy.${policy} (attached to user aws_iam_user.${name})`, `user aws_iam_user.${name}`);
  it.each([
    ['deny-source-vpce-not-known.yaml', [inlineOf('Bob'), inlineOf('Dave'), inlineOf('Frank')]],
    ['deny-source-vpce-not-known.json', [inlineOf('Bob'), inlineOf('Dave'), inlineOf('Frank')]],
    ['tf-deny-source-vpce-not-known', [tfOf('bob'), tfOf('dave')]],
    ['deny-source-vpce-known-after-apply.plan.json', [tfOf('bob', 'pass')]],
    ['deny-other-than-source-vpce-not-known.yaml', []],
    ['deny-other-than-source-vpce-not-known.json', []],
    ['tf-deny-other-than-source-vpce-not-known', []],
    ['deny-other-than-source-vpce-known-after-apply.plan.json', []],
  ])('identity-passrole-unscoped %s: a Deny on aws:SourceVpce of a value not known refuses no request through no endpoint under StringEquals', async (name, expected) => {
    const findings = await fixtureFindings('identity-passrole-unscoped', name);
    expect(findings.map((finding) => [finding.message, finding.branch])).toEqual(expected.map((message) => [message, undefined]));
  });

  // A key of the action's own service may be a parameter each of its requests carries (iam:PassedToService of
  // iam:PassRole): a Deny on a value not known of it stays open, where it may refuse them all (`*`), and the message
  // does not name iam:PassRole as left; one of aws:SourceVpce, which a request through no endpoint lacks, does not.
  it.each([
    ['iam:PassedToService', 'StringLike', 'they leave iam:AttachRolePolicy, iam:PutRolePolicy, iam:CreateAccessKey and 121 more IAM/STS write actions allowed to user Bob'],
    ['aws:SourceVpce', 'StringEquals', undefined],
  ])('identity-full-admin: a Deny of iam:PassRole under %s %s of a value not known', async (key, operator, left) => {
    const text = groupPolicyTemplate(`- Effect: Allow\n  Action: "*"\n  Resource: "*"\n- Effect: Deny\n  Action: iam:PassRole\n  Resource: "*"\n  Condition:\n    ${operator}:\n      ${key}: !ImportValue Guarded`).replace('  Ops:\n    Type: AWS::IAM::Group', '  Bob:\n    Type: AWS::IAM::User');
    const messages = (await identityFindings(text)).filter((finding) => finding.ruleId === 'identity-full-admin').map((finding) => finding.message);
    const granted = 'policy power of user Bob allows every action on every resource with no condition that limits it';
    expect(messages).toEqual([left === undefined ? `${granted}: user Bob can do anything in the account` : `${granted}, which Deny statements do not take back whole: ${left}`]);
  });

  // Every iam:PassRole request names the service the role is handed to: a Deny under `StringLike iam:PassedToService:
  // "*"` refuses each (and no other IAM action, whose requests carry no such key), so the message leaves iam:PassRole
  // out; one that names SageMaker alone refuses passing roles to other services to no one, and leaves anything.
  const passingLeft = (policy: string, user: string) => `${policy} allows every action on every resource with no condition that limits it, which Deny statements do not take back whole: they leave iam:AttachRolePolicy, iam:PutRolePolicy, iam:CreateAccessKey and 121 more IAM/STS write actions allowed to ${user}`;
  const anything = (policy: string, user: string) => `${policy} allows every action on every resource with no condition that limits it: ${user} can do anything in the account`;
  const configured = (name: string) => [`policy aws_iam_user_policy.${name} (attached to user aws_iam_user.${name})`, `user aws_iam_user.${name}`] as const;
  it.each([
    ['passrole-denied-any-service.yaml', [[17, passingLeft('policy everything of user Any', 'user Any')], [34, anything('policy everything of user SageMakerOnly', 'user SageMakerOnly')]]],
    ['passrole-denied-any-service.json', [[16, passingLeft('policy everything of user Any', 'user Any')], [46, anything('policy everything of user SageMakerOnly', 'user SageMakerOnly')]]],
    ['tf-passrole-denied-any-service', [[15, passingLeft(...configured('any'))], [36, anything(...configured('sagemaker_only'))]]],
    ['passrole-denied-any-service.plan.json', [[52, passingLeft(...configured('any'))], [66, anything(...configured('sagemaker_only'))]]],
  ])('identity-full-admin %s: a Deny of passing roles to any service takes iam:PassRole away', async (name, expected) => {
    expect((await fixtureFindings('identity-full-admin', name)).map((finding) => [finding.location.startLine, finding.message])).toEqual(expected);
  });

  // A Deny of passing roles to every service but SageMaker leaves passing them to SageMaker: iam:PassRole is left, where
  // the request to a service no policy names alone was refused. A second Deny of passing them to SageMaker refuses the rest.
  const passRoleLeft = (policy: string, user: string) => `${policy} allows every action on every resource with no condition that limits it, which Deny statements do not take back whole: they leave iam:PassRole allowed to ${user}`;
  it.each([
    ['passrole-denied-but-to-sagemaker.yaml', [[17, passRoleLeft('policy everything of user ToSageMaker', 'user ToSageMaker')]]],
    ['passrole-denied-but-to-sagemaker.json', [[16, passRoleLeft('policy everything of user ToSageMaker', 'user ToSageMaker')]]],
    ['tf-passrole-denied-but-to-sagemaker', [[15, passRoleLeft(...configured('to_sagemaker'))]]],
    ['passrole-denied-but-to-sagemaker.plan.json', [[66, passRoleLeft(...configured('to_sagemaker'))]]],
  ])('identity-full-admin %s: a Deny of passing roles to all services but one leaves iam:PassRole', async (name, expected) => {
    expect((await fixtureFindings('identity-full-admin', name)).map((finding) => [finding.location.startLine, finding.message])).toEqual(expected);
  });

  // A role's requests carry no aws:username: an Allow of everything under Null aws:username "true" makes a role an
  // administrator, and grants a user, whose requests carry its name, nothing. The message says the role's requests meet it.
  it.each([
    ['role-sessions-null-username.yaml', 23, 'policy sessions-only of role Worker', 'role Worker'],
    ['role-sessions-null-username.json', 28, 'policy sessions-only of role Worker', 'role Worker'],
    ['tf-role-sessions-null-username', 19, 'policy aws_iam_role_policy.worker (attached to role aws_iam_role.worker)', 'role aws_iam_role.worker'],
    ['role-sessions-null-username.plan.json', 39, 'policy aws_iam_role_policy.worker (attached to role aws_iam_role.worker)', 'role aws_iam_role.worker'],
  ])('identity-full-admin %s: an Allow under a condition every role session meets is an administrator\'s for the role alone', async (name, line, policy, role) => {
    expect((await fixtureFindings('identity-full-admin', name)).map((finding) => [finding.location.startLine, finding.message])).toEqual([
      [line, `${policy} allows every action on every resource under conditions that the requests of ${role} meet (aws:username): ${role} can do anything in the account`],
    ]);
  });

  // An Allow of everything under a condition on the principal's own ARN or name is read with each principal's own: it
  // makes user alice an administrator, and the message names her alone, as those whose requests meet the condition;
  // bob, whose requests carry his own, gets nothing.
  const aliceOnly = (policy: string, alice: string, key: string) => `${policy} allows every action on every resource under conditions that the requests of ${alice} meet (${key}): ${alice} can do anything in the account`;
  const attachedToBoth = 'policy aws_iam_policy.alice_only (attached to user aws_iam_user.alice and user aws_iam_user.bob)';
  it.each([
    ['allow-all-own-arn.yaml', [23, 29], 'policy AliceOnly (attached to user Alice and user Bob)', 'user Alice'],
    ['allow-all-own-arn.json', [33, 45], 'policy AliceOnly (attached to user Alice and user Bob)', 'user Alice'],
    ['tf-allow-all-own-arn', [22, 28], attachedToBoth, 'user aws_iam_user.alice'],
    ['allow-all-own-arn.plan.json', [18, 18], attachedToBoth, 'user aws_iam_user.alice'],
  ])('identity-full-admin %s: an Allow of everything under a condition on the holder\'s own ARN or name is an administrator\'s for that holder alone', async (name, [arnLine, nameLine], policy, alice) => {
    expect((await fixtureFindings('identity-full-admin', name)).map((finding) => [finding.location.startLine, finding.message])).toEqual([
      [arnLine, aliceOnly(policy, alice, 'aws:PrincipalArn')],
      [nameLine, aliceOnly(policy, alice, 'aws:username')],
    ]);
  });

  // The message says why the statement's conditions do not limit it: every request meets them, or the requests of the
  // principals it names do, by their own ARN, tags or account (the keys named), on any resource or on those of their
  // own account (aws:ResourceAccount). Carol, whose tag is another team's, is granted nothing. Where the input names
  // none of them (a policy attached to no one it declares), or names a group, some of whose members meet them, the
  // conditions are on who makes the request, and the finding is for those whose requests meet them.
  const meeting = (policy: string, principals: string, keys: string) => `${policy} allows every action on every resource under conditions that the requests of ${principals} meet (${keys}): ${principals} can do anything in the account`;
  const onOwnResources = (policy: string, alice: string) =>
    `${policy} allows every action on Resource "*" under conditions that the requests of ${alice} on a resource of its own account meet (aws:PrincipalArn, aws:ResourceAccount): iam:PassRole, iam:AttachRolePolicy, iam:PutRolePolicy and 100 more IAM/STS write actions stay allowed on the roles, users and policies there, and ${alice} can grant themselves the rest`;
  const everyRequest = (policy: string) => `${policy} allows every action on every resource under conditions every request meets: whoever it is attached to can do anything in the account`;
  const templateTeam = meeting('policy MlTeam (attached to user Bob and user Carol)', 'user Bob', 'aws:PrincipalTag/team');
  const configuredTeam = meeting('policy aws_iam_policy.ml_team (attached to user aws_iam_user.bob and user aws_iam_user.carol)', 'user aws_iam_user.bob', 'aws:PrincipalTag/team');
  const configuredOwn = onOwnResources('policy aws_iam_user_policy.own_resources (attached to user aws_iam_user.alice)', 'user aws_iam_user.alice');
  const ownAccount = meeting('policy OwnAccount (attached to user Admin)', 'user Admin', 'aws:PrincipalAccount');
  const configuredOwnAccount = meeting('policy aws_iam_user_policy.own_account (attached to user aws_iam_user.admin)', 'user aws_iam_user.admin', 'aws:PrincipalAccount');
  const unattached = (input: string) => `(not attached to a role, user or group in this ${input})`;
  const anywhere = (policy: string, input: string) =>
    `${policy} ${unattached(input)} allows every action on every resource under conditions on who makes the request (aws:username): whoever it is attached to whose requests meet them can do anything in the account`;
  const members = (policy: string, group: string) => `${policy} allows every action on every resource under conditions on who makes the request (aws:username): the members of ${group} whose requests meet them can do anything in the account`;
  const templateMembers = members('policy dave-only of group Ops', 'group Ops');
  const configuredMembers = members('policy aws_iam_group_policy.dave_only (attached to group aws_iam_group.ops)', 'group aws_iam_group.ops');
  it.each<[string, Array<[number, string]>]>([
    ['holders-conditions.yaml', [[22, onOwnResources('policy own-resources of user Alice', 'user Alice')], [51, templateTeam], [63, anywhere('policy AliceAnywhere', 'template')], [77, templateMembers]]],
    ['holders-conditions.json', [[17, onOwnResources('policy own-resources of user Alice', 'user Alice')], [78, templateTeam], [98, anywhere('policy AliceAnywhere', 'template')], [121, templateMembers]]],
    ['tf-holders-conditions', [[24, configuredOwn], [52, configuredTeam], [77, anywhere('policy aws_iam_policy.alice_anywhere', 'configuration')], [97, configuredMembers]]],
    ['holders-conditions.plan.json', [[52, configuredMembers], [67, anywhere('policy aws_iam_policy.alice_anywhere', 'plan')], [85, configuredTeam], [203, configuredOwn]]],
    ['principal-account.yaml', [[18, ownAccount]]],
    ['principal-account.json', [[21, ownAccount]]],
    ['tf-principal-account', [[17, configuredOwnAccount]]],
    ['principal-account.plan.json', [[32, configuredOwnAccount]]],
    ['vacuous-conditions.yaml', [[18, everyRequest(`policy AnyRegionIfExists ${unattached('template')}`)], [30, everyRequest(`policy AnyRegion ${unattached('template')}`)]]],
    ['vacuous-conditions.json', [[18, everyRequest(`policy AnyRegionIfExists ${unattached('template')}`)], [38, everyRequest(`policy AnyRegion ${unattached('template')}`)]]],
    ['tf-vacuous-conditions', [[11, everyRequest(`policy aws_iam_policy.any_region_if_exists ${unattached('configuration')}`)], [32, everyRequest(`policy aws_iam_policy.any_region ${unattached('configuration')}`)]]],
    ['vacuous-conditions.plan.json', [[18, everyRequest(`policy aws_iam_policy.any_region ${unattached('plan')}`)], [36, everyRequest(`policy aws_iam_policy.any_region_if_exists ${unattached('plan')}`)]]],
  ])('identity-full-admin %s: the message says which conditions hold, and for whom', async (name, expected) => {
    expect((await fixtureFindings('identity-full-admin', name)).map((finding) => [finding.location.startLine, finding.message])).toEqual(expected);
  });

  // iam:PassRole under conditions on who makes the request: a group, some of whose members meet them, is named by those
  // members, and a policy attached to no one declared by whoever it is attached to whose requests meet them.
  const passing = (policy: string, conditions: string, principals: string) =>
    `${policy} allows iam:PassRole on Resource "*" under conditions ${conditions} with no iam:PassedToService condition: ${principals} can hand any role to any service`;
  const byRequester = 'on who makes the request (aws:username)';
  const whoeverMeets = 'whoever it is attached to whose requests meet them';
  const configuredOps = passing('policy aws_iam_group_policy.ops (attached to group aws_iam_group.ops)', byRequester, 'the members of group aws_iam_group.ops whose requests meet them');
  const configuredBob = passing('policy aws_iam_policy.ml_team (attached to user aws_iam_user.bob)', 'that the requests of user aws_iam_user.bob meet (aws:PrincipalTag/team)', 'user aws_iam_user.bob');
  const templateMessages = [
    passing('policy dave-only of group Ops', byRequester, 'the members of group Ops whose requests meet them'),
    passing('policy MlTeam (attached to user Bob)', 'that the requests of user Bob meet (aws:PrincipalTag/team)', 'user Bob'),
    passing(`policy DaveAnywhere ${unattached('template')}`, byRequester, whoeverMeets),
  ];
  const templateAt = (lines: number[]) => templateMessages.map((message, index): [number, string] => [lines[index]!, message]);
  it.each<[string, Array<[number, string]>]>([
    ['holders-conditions.yaml', templateAt([19, 63, 75])],
    ['holders-conditions.json', templateAt([16, 105, 125])],
    ['tf-holders-conditions', [[12, configuredOps], [12, passing(`policy aws_iam_policy.dave_anywhere ${unattached('configuration')}`, byRequester, whoeverMeets)], [70, configuredBob]]],
    ['holders-conditions.plan.json', [[99, configuredOps], [114, passing(`policy aws_iam_policy.dave_anywhere ${unattached('plan')}`, byRequester, whoeverMeets)], [132, configuredBob]]],
  ])('identity-passrole-unscoped %s: under conditions on who makes the request, the message names those whose requests meet them', async (name, expected) => {
    expect((await fixtureFindings('identity-passrole-unscoped', name)).map((finding) => [finding.location.startLine, finding.message])).toEqual(expected);
  });

  // The other rules on a group's policy under a condition on who makes the request: identity-abac-tag-bypass reads each
  // member with its own name and names the one whose requests meet it, and those on the statement itself name the
  // policy by whom it is attached to, no holder as able to do it.
  it('a group\'s policy under a condition on its members\' names: no rule says the group can do what only a member can', async () => {
    const result = await scanText(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Ops:
    Type: AWS::IAM::Group
  Dave:
    Type: AWS::IAM::User
    Properties:
      UserName: dave
      Groups: [!Ref Ops]
  Erin:
    Type: AWS::IAM::User
    Properties:
      UserName: erin
      Groups: [!Ref Ops]
  DaveOnly:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Groups: [!Ref Ops]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: [iam:PassRole, sagemaker:AddTags, sagemaker:CreateTrainingJob]
            Resource: "*"
            Condition:
              StringEquals:
                aws:username: dave
          - Effect: Allow
            Action: sagemaker:DescribeTrainingJob
            Resource: "*"
            Condition:
              StringEquals:
                sagemaker:ResourceTag/Project: A
`);
    const policy = 'policy DaveOnly (attached to group Ops)';
    expect(result.findings.map((finding) => [finding.ruleId, finding.message]).sort()).toEqual([
      ['identity-abac-tag-bypass', `user Dave can retag SageMaker resources around its tag-based access: ${policy} allows sagemaker:AddTags with no limit (aws:TagKeys, sagemaker:TaggingAction, aws:RequestTag with aws:ResourceTag, or a Deny) that keeps it from setting the tag outside resource creation, while ${policy} decides access by the tag Project`],
      ['identity-addtags-unscoped', `${policy} allows sagemaker:AddTags without a sagemaker:TaggingAction condition: tags can be changed on existing resources, not only set while creating them`],
      ['identity-passrole-unscoped', `${policy} allows iam:PassRole on Resource "*" under conditions on who makes the request (aws:username) with no iam:PassedToService condition: the members of group Ops whose requests meet them can hand any role to any service`],
      ['identity-sagemaker-guardrail-missing', `${policy} allows SageMaker actions without the guardrail conditions the SageMaker examples use: sagemaker:CreateTrainingJob needs sagemaker:VolumeKmsKeyArn, sagemaker:NetworkIsolation=true, sagemaker:VpcSubnets, sagemaker:VpcSecurityGroupIds`],
    ]);
  });

  // A policy on a user and a group under conditions on aws:username: bob's requests meet them, and those of the group's
  // member dave, not every member's: the conditions are on who makes the request, and the finding names the group by
  // the members whose requests meet them.
  it('identity-full-admin: a policy on a user and a group under conditions on the requester\'s name names the group by the members whose requests meet them', async () => {
    const result = await scanText(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Bob:
    Type: AWS::IAM::User
    Properties:
      UserName: bob
  Ops:
    Type: AWS::IAM::Group
  Dave:
    Type: AWS::IAM::User
    Properties:
      UserName: dave
      Groups: [!Ref Ops]
  Named:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Users: [!Ref Bob]
      Groups: [!Ref Ops]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: "*"
            Resource: "*"
            Condition:
              StringEquals:
                aws:username: [bob, dave]
`);
    expect(result.findings.filter((finding) => finding.ruleId === 'identity-full-admin').map((finding) => finding.message)).toEqual([
      'policy Named (attached to user Bob and group Ops) allows every action on every resource under conditions on who makes the request (aws:username): user Bob and the members of group Ops whose requests meet them can do anything in the account',
    ]);
  });

  describe('identity-full-admin: an Allow of everything under a condition on the holder\'s own name or ARN', () => {
    /** Role worker and user (UserName `userName`) holding a managed policy that allows everything under `condition`. */
    const template = (condition: string, userName = 'alice') => `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Name:
    Type: String
Resources:
  Worker:
    Type: AWS::IAM::Role
    Properties:
      RoleName: worker
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}
  User:
    Type: AWS::IAM::User
    Properties:
      UserName: ${userName}
  Everything:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [!Ref Worker]
      Users: [!Ref User]
      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "*", Resource: "*", Condition: ${condition}}]}
`;
    const admins = async (text: string) => (await identityFindings(text)).filter((finding) => finding.ruleId === 'identity-full-admin').map((finding) => finding.message.replace(/.*: (.*) can do anything in the account$/, '$1'));

    it.each<[string, string, string[]]>([
      ['the user\'s own name', '{StringEquals: {aws:username: alice}}', ['user User']],
      ['the user\'s own ARN', '{ArnLike: {aws:PrincipalArn: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:user/alice"}}', ['user User']],
      ['the role\'s own ARN', '{ArnLike: {aws:PrincipalArn: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/worker"}}', ['role Worker']],
      // A role session carries no aws:username: the role alone, not the user beside it.
      ['no aws:username', '{"Null": {aws:username: "true"}}', ['role Worker']],
      ['another user\'s name', '{StringEquals: {aws:username: bob}}', []],
      // A template does not tell its partition: `arn:aws:` may not be the principal's, and no finding rests on that.
      ['an ARN in a partition not told', '{ArnLike: {aws:PrincipalArn: "arn:aws:iam::*:user/alice"}}', []],
      // A condition on another key still limits it.
      ['the user\'s own name and an endpoint', '{StringEquals: {aws:username: alice, aws:SourceVpce: vpce-1}}', []],
    ])('is an administrator\'s for the principals whose own values meet it: %s', async (_, condition, expected) => {
      expect(await admins(template(condition))).toEqual(expected);
    });

    it('grants nothing a finding rests on to a user whose name is not known', async () => {
      expect(await admins(template('{StringEquals: {aws:username: alice}}', '!Ref Name'))).toEqual([]);
    });

    // What the message says of the conditions: the keys the principal's requests meet them by, not those every request
    // meets; aws:PrincipalAccount where only the owner's principals' requests carry the value it names.
    const conditionsText = async (condition: string) =>
      (await identityFindings(template(condition))).filter((finding) => finding.ruleId === 'identity-full-admin').map((finding) => / (with no condition that limits it|under conditions every request meets|under conditions .*?\([^)]*\))[:,]/.exec(finding.message)?.[1]);
    it.each<[string, string, string[]]>([
      ['its own name beside a region every request names', '{StringEquals: {aws:username: alice}, StringLikeIfExists: {aws:RequestedRegion: "*"}}', ['under conditions that the requests of user User meet (aws:username)']],
      ['its own ARN and account', '{ArnLike: {aws:PrincipalArn: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/worker"}, StringEquals: {aws:PrincipalAccount: !Ref AWS::AccountId}}', ['under conditions that the requests of role Worker meet (aws:PrincipalArn, aws:PrincipalAccount)']],
      ['an account pattern every request meets', '{StringLike: {aws:PrincipalAccount: "*"}}', ['under conditions every request meets']],
      ['the account of the principal and of the resource', '{StringEquals: {aws:PrincipalAccount: !Ref AWS::AccountId, aws:ResourceAccount: !Ref AWS::AccountId}}', ['under conditions that the requests of role Worker and user User on a resource of its own account meet (aws:PrincipalAccount, aws:ResourceAccount)']],
    ])('says which conditions hold, and for whom: %s', async (_, condition, expected) => {
      expect(await conditionsText(condition)).toEqual(expected);
    });
  });

  // A policy that reaches several principals whose Denies differ names what is left to each of them: not iam:PassRole,
  // which one's Deny refuses, nor "can do anything" where one has no Deny and the other's refuses iam:*.
  const toBoth = (policy: string, users: string, left: string) => `${policy} allows every action on every resource with no condition that limits it, which Deny statements do not take back whole: they leave ${left} allowed to ${users}`;
  const iamLeft = 'iam:PutRolePolicy, iam:CreateAccessKey, iam:CreatePolicyVersion and 108 more IAM/STS write actions';
  const stsLeft = 'sts:AssumeRole, sts:SetContext, sts:SetSourceIdentity and 9 more IAM/STS write actions';
  const users = (a: string, b: string) => `user aws_iam_user.u["${a}"] and user aws_iam_user.u["${b}"]`;
  const attached = (pair: string, a: string, b: string) => `policy aws_iam_policy.everything["${pair}"] (attached to ${users(a, b)})`;
  it.each([
    ['left-to-each-principal.yaml', [[50, toBoth('policy EverythingAB (attached to user A and user B)', 'user A and user B', iamLeft)], [60, toBoth('policy EverythingCD (attached to user C and user D)', 'user C and user D', stsLeft)]]],
    ['left-to-each-principal.json', [[90, toBoth('policy EverythingAB (attached to user A and user B)', 'user A and user B', iamLeft)], [113, toBoth('policy EverythingCD (attached to user C and user D)', 'user C and user D', stsLeft)]]],
    ['tf-left-to-each-principal', [[32, toBoth(attached('ab', 'a', 'b'), users('a', 'b'), iamLeft)], [32, toBoth(attached('cd', 'c', 'd'), users('c', 'd'), stsLeft)]]],
    ['left-to-each-principal.plan.json', [[19, toBoth(attached('ab', 'a', 'b'), users('a', 'b'), iamLeft)], [38, toBoth(attached('cd', 'c', 'd'), users('c', 'd'), stsLeft)]]],
  ])('identity-full-admin %s: the message names what is left to each principal the policy reaches', async (name, expected) => {
    expect((await fixtureFindings('identity-full-admin', name)).map((finding) => [finding.location.startLine, finding.message])).toEqual(expected);
  });

  // identity-full-admin reads such a Deny alike: in a template, where a parameter without a value gives it (what it
  // leaves is what the cases where the finding holds leave), in a configuration where a conditional chooses it, and in
  // the real plans that decide it. A Deny each of whose values takes the IAM and STS write actions away leaves none.
  const leftToGated = (role: string) => `allows every action on every resource with no condition that limits it, which Deny statements do not take back whole: they leave iam:PassRole, iam:AttachRolePolicy, iam:PutRolePolicy and 110 more IAM/STS write actions allowed to role ${role}`;
  it.each([
    ['parameter-deny-allowed-values.yaml', [[29, `policy everything of role Gated ${leftToGated('Gated')} (only when DeniedService is s3:*)`]]],
    ['parameter-deny-allowed-values.json', [[46, `policy everything of role Gated ${leftToGated('Gated')} (only when DeniedService is s3:*)`]]],
    ['tf-deny-value-chosen', [[29, `policy aws_iam_role_policy.gated (attached to role aws_iam_role.gated) ${leftToGated('aws_iam_role.gated')} (only when var.lock_iam is false)`]]],
    ['deny-value-chosen-open.plan.json', [[67, `policy aws_iam_role_policy.gated (attached to role aws_iam_role.gated) ${leftToGated('aws_iam_role.gated')}`]]],
    ['deny-value-chosen-locked.plan.json', []],
  ])('identity-full-admin %s: a Deny on a value a parameter or a conditional chooses is decided by each value', async (name, expected) => {
    expect((await fixtureFindings('identity-full-admin', name)).map((finding) => [finding.location.startLine, finding.message])).toEqual(expected);
  });

  // A parameter written inside a Denied action (Fn::Sub, short, long and list form), or a conditional inside a Terraform
  // text, is read alike: each value in its place, `*` a wildcard there as IAM reads it. The real plan decides it.
  const leftTo = (policy: string, role: string, left: string, when: string) => [`${policy} allows every action on every resource with no condition that limits it, which Deny statements do not take back whole: they leave ${left} IAM/STS write actions allowed to role ${role} (${when})`, when];
  const gatedLeft = (policy: string, role: string, when: string) => leftTo(policy, role, 'iam:PassRole, iam:AttachRolePolicy, iam:PutRolePolicy and 110 more', when);
  const listedLeft = leftTo('policy everything of role Listed', 'Listed', 'iam:PassRole, iam:AttachRolePolicy, iam:PutRolePolicy and 95 more', 'only when SealedVerbs is Create*');
  it.each([
    ['parameter-deny-text-allowed-values.yaml', [[35, ...gatedLeft('policy everything of role Gated', 'Gated', 'only when DeniedService is s3')], [77, ...listedLeft]]],
    ['parameter-deny-text-allowed-values.json', [[53, ...gatedLeft('policy everything of role Gated', 'Gated', 'only when DeniedService is s3')], [138, ...listedLeft]]],
    ['tf-deny-text-chosen', [[29, ...gatedLeft('policy aws_iam_role_policy.gated (attached to role aws_iam_role.gated)', 'aws_iam_role.gated', 'only when var.lock_iam is false')]]],
    ['deny-text-chosen-locked.plan.json', []],
  ])('identity-full-admin %s: a Deny on a text around a parameter or a conditional is decided by each value', async (name, expected) => {
    expect((await fixtureFindings('identity-full-admin', name)).map((finding) => [finding.location.startLine, finding.message, finding.branch])).toEqual(expected);
  });

  // Where several values leave the finding, the actions it names are those each of them leaves: what both a Deny of
  // iam:PassRole and one of iam:AttachRolePolicy leave, not the two one of them refuses; where they leave none in common
  // (iam:* or sts:*), some IAM/STS write actions, not "anything". The real plan decides it and names what is left.
  const leaves = (policy: string, user: string, left: string) => `${policy} allows every action on every resource with no condition that limits it, which Deny statements do not take back whole: they leave ${left} allowed to ${user}`;
  const eachLeaves = 'iam:PutRolePolicy, iam:CreateAccessKey, iam:CreatePolicyVersion and 108 more IAM/STS write actions';
  const noneInCommon = 'some IAM/STS write actions';
  const inConfig = (user: string, left: string) => leaves(`policy aws_iam_user_policy.${user} (attached to user aws_iam_user.u["${user}"])`, `user aws_iam_user.u["${user}"]`, left);
  it.each([
    ['parameter-deny-allowed-values-left.yaml', [[23, leaves('policy everything of user Either', 'user Either', eachLeaves)], [37, leaves('policy everything of user Disjoint', 'user Disjoint', noneInCommon)]]],
    ['parameter-deny-allowed-values-left.json', [[32, leaves('policy everything of user Either', 'user Either', eachLeaves)], [62, leaves('policy everything of user Disjoint', 'user Disjoint', noneInCommon)]]],
    ['tf-deny-value-chosen-left', [[20, inConfig('either', eachLeaves)], [32, inConfig('disjoint', noneInCommon)]]],
    ['deny-value-chosen-strict.plan.json', [[59, inConfig('disjoint', 'sts:AssumeRole, sts:SetContext, sts:SetSourceIdentity and 9 more IAM/STS write actions')], [73, inConfig('either', 'iam:AttachRolePolicy, iam:PutRolePolicy, iam:CreateAccessKey and 109 more IAM/STS write actions')]]],
  ])('identity-full-admin %s: what Denies on a value the deployer chooses leave is named as each value leaves it', async (name, expected) => {
    expect((await fixtureFindings('identity-full-admin', name)).map((finding) => [finding.location.startLine, finding.message, finding.branch])).toEqual(expected.map(([line, message]) => [line, message, undefined]));
  });

  // identity-abac-tag-bypass reads such a Deny alike: where each value refuses both tagging actions there is no
  // finding, where one leaves one of them the finding names it and the value; where each value leaves another action,
  // the finding holds in any case and names one or the other. The real plans decide the variable. A parameter written
  // inside the Denied action (Fn::Sub) is read alike, with the same whens.
  const retags = (user: string, policy: string, actions: string, when?: string) =>
    `${user} can retag SageMaker resources around its tag-based access: ${policy} allows ${actions} with no limit (aws:TagKeys, sagemaker:TaggingAction, aws:RequestTag with aws:ResourceTag, or a Deny) that keeps it from setting the tag outside resource creation, while ${policy} decides access by the tag Project${when === undefined ? '' : ` (${when})`}`;
  const inTemplate = (user: string, actions: string, when?: string) => retags(`user ${user}`, `policy project-a of user ${user}`, actions, when);
  const inConfiguration = (user: string, actions: string, when?: string) => retags(`user aws_iam_user.u["${user}"]`, `policy aws_iam_user_policy.${user} (attached to user aws_iam_user.u["${user}"])`, actions, when);
  it.each([
    ['parameter-deny-allowed-values.yaml', [[33, inTemplate('Bob', 'sagemaker:AddTags', 'only when DeniedTagging is sagemaker:DeleteTags')], [73, inTemplate('Dan', 'sagemaker:AddTags or sagemaker:DeleteTags')]]],
    ['parameter-deny-allowed-values.json', [[50, inTemplate('Bob', 'sagemaker:AddTags', 'only when DeniedTagging is sagemaker:DeleteTags')], [129, inTemplate('Dan', 'sagemaker:AddTags or sagemaker:DeleteTags')]]],
    ['parameter-deny-text-allowed-values.yaml', [[34, inTemplate('Bob', 'sagemaker:AddTags', 'only when DeniedTagging is Delete')], [75, inTemplate('Dan', 'sagemaker:AddTags or sagemaker:DeleteTags')]]],
    ['parameter-deny-text-allowed-values.json', [[50, inTemplate('Bob', 'sagemaker:AddTags', 'only when DeniedTagging is Delete')], [136, inTemplate('Dan', 'sagemaker:AddTags or sagemaker:DeleteTags')]]],
    ['tf-deny-value-chosen', [[18, inConfiguration('bob', 'sagemaker:AddTags', 'only when var.lock is false')], [18, inConfiguration('dan', 'sagemaker:AddTags and sagemaker:DeleteTags', 'only when var.lock is false')]]],
    ['planned-deny-value-chosen-open.plan.json', [[78, inConfiguration('bob', 'sagemaker:AddTags')], [106, inConfiguration('dan', 'sagemaker:AddTags and sagemaker:DeleteTags')]]],
    ['planned-deny-value-chosen-locked.plan.json', []],
  ])('identity-abac-tag-bypass %s: a Deny on a value a parameter or a conditional chooses is decided by each value', async (name, expected) => {
    const found = (await fixtureFindings('identity-abac-tag-bypass', name)).map((finding) => [finding.location.startLine, finding.message]);
    expect(found.sort(([a, x], [b, y]) => Number(a) - Number(b) || String(x).localeCompare(String(y)))).toEqual(expected);
  });

  // identity-forallvalues-without-null and identity-sagemaker-guardrail-missing read such a Deny alike: the one whose
  // Action may be sagemaker:CreateModel leaves a training job without a VPC only for that value; the one each of whose
  // values refuses it leaves none (the guardrail rule still reports the keys no Deny stands for). The real plans decide it.
  // A parameter written inside the Denied action (Fn::Sub) is read alike, with the same whens.
  const withoutVpc = (policy: string, when?: string) => `ForAllValues:StringEquals on sagemaker:VpcSubnets in ${policy} also passes a request that carries no sagemaker:VpcSubnets: add Null {"sagemaker:VpcSubnets": "false"} to the statement${when === undefined ? '' : ` (${when})`}`;
  const needsVpc = (policy: string, when: string) => `${policy} allows SageMaker actions without the guardrail conditions the SageMaker examples use: sagemaker:CreateTrainingJob needs sagemaker:VpcSubnets (${when})`;
  const gatedInConfig = 'policy aws_iam_role_policy.gated (attached to role aws_iam_role.gated)';
  it.each([
    ['vpc-deny-value-chosen.yaml', [withoutVpc('policy vpc-only of role Gated', 'only when GatedAction is sagemaker:CreateModel')], [needsVpc('policy vpc-only of role Gated', 'only when GatedAction is sagemaker:CreateModel')]],
    ['vpc-deny-value-chosen.json', [withoutVpc('policy vpc-only of role Gated', 'only when GatedAction is sagemaker:CreateModel')], [needsVpc('policy vpc-only of role Gated', 'only when GatedAction is sagemaker:CreateModel')]],
    ['vpc-deny-text-chosen.yaml', [withoutVpc('policy vpc-only of role Gated', 'only when GatedAction is Model')], [needsVpc('policy vpc-only of role Gated', 'only when GatedAction is Model')]],
    ['vpc-deny-text-chosen.json', [withoutVpc('policy vpc-only of role Gated', 'only when GatedAction is Model')], [needsVpc('policy vpc-only of role Gated', 'only when GatedAction is Model')]],
    ['tf-vpc-deny-value-chosen', [withoutVpc(gatedInConfig, 'only when var.require_vpc is false')], [needsVpc(gatedInConfig, 'only when var.require_vpc is false')]],
    ['vpc-deny-value-chosen-open.plan.json', [withoutVpc(gatedInConfig)], []],
    ['vpc-deny-value-chosen-locked.plan.json', [], []],
  ])('identity-forallvalues-without-null and identity-sagemaker-guardrail-missing %s: a Deny on a value a parameter or a conditional chooses is decided by each value', async (name, withoutNull, guardrail) => {
    const result = await scan([join(import.meta.dirname, '..', 'fixtures', 'identity-forallvalues-without-null', name)]);
    expect(result.errors).toEqual([]);
    const messages = (ruleId: string) => result.findings.filter((finding) => finding.ruleId === ruleId).map(({ message }) => message);
    expect(messages('identity-forallvalues-without-null')).toEqual(withoutNull);
    expect(messages('identity-sagemaker-guardrail-missing').filter((message) => message.includes('needs sagemaker:VpcSubnets ('))).toEqual(guardrail);
  });

  // identity-addtags-unscoped reads such a Deny alike: the one whose Action may be sagemaker:DeleteTags leaves AddTags
  // only for that value; the one each of whose values refuses it leaves nothing. The real plans decide it. A parameter
  // written inside the Denied action (Fn::Sub) is read alike, with the same whens.
  const retagsExisting = (policy: string, when?: string) => `${policy} allows sagemaker:AddTags without a sagemaker:TaggingAction condition: tags can be changed on existing resources, not only set while creating them${when === undefined ? '' : ` (${when})`}`;
  it.each([
    ['with-deny-value-chosen.yaml', [[23, retagsExisting('policy tagging of user Gated', 'only when GatedAction is sagemaker:DeleteTags')]]],
    ['with-deny-value-chosen.json', [[32, retagsExisting('policy tagging of user Gated', 'only when GatedAction is sagemaker:DeleteTags')]]],
    ['with-deny-text-chosen.yaml', [[24, retagsExisting('policy tagging of user Gated', 'only when GatedAction is Delete')]]],
    ['with-deny-text-chosen.json', [[32, retagsExisting('policy tagging of user Gated', 'only when GatedAction is Delete')]]],
    ['tf-with-deny-value-chosen', [[18, retagsExisting('policy aws_iam_user_policy.gated (attached to user aws_iam_user.gated)', 'only when var.lock is false')]]],
    ['with-deny-value-chosen-open.plan.json', [[57, retagsExisting('policy aws_iam_user_policy.gated (attached to user aws_iam_user.gated)')]]],
    ['with-deny-value-chosen-locked.plan.json', []],
  ])('identity-addtags-unscoped %s: a Deny on a value a parameter or a conditional chooses is decided by each value', async (name, expected) => {
    expect((await fixtureFindings('identity-addtags-unscoped', name)).map((finding) => [finding.location.startLine, finding.message])).toEqual(expected);
  });

  // A user the input does not declare, which it puts in one of its groups, holds that group's policies as a declared
  // member does (`Reading.policies`): the group's Deny of tagging refuses its retagging (the undeclared-member-group-deny
  // fixtures, all silent), and a tag condition in one of its policies and a tagging Allow in the other make the finding,
  // which a statement of the group's policy is reported in for that user where the group alone is not.
  const retagsElsewhere = (user: string, tagging: string, abac: string) =>
    `user ${user} can retag SageMaker resources around its tag-based access: ${tagging} allows sagemaker:AddTags with no limit (aws:TagKeys, sagemaker:TaggingAction, aws:RequestTag with aws:ResourceTag, or a Deny) that keeps it from setting the tag outside resource creation, while ${abac} decides access by the tag team`;
  const undeclared = (policy: string, user: string, input: string) => `policy ${policy} (attached to user ${user}, which this ${input} does not declare)`;
  const membersInTemplate = [
    retagsElsewhere('prod-carol', undeclared('CarolAbac', 'prod-carol', 'template'), undeclared('CarolAbac', 'prod-carol', 'template')),
    retagsElsewhere('prod-dave', undeclared('DaveTagging', 'prod-dave', 'template'), 'policy abac of group Team'),
    retagsElsewhere('prod-erin', 'policy tagging of group Taggers', undeclared('ErinAbac', 'prod-erin', 'template')),
  ];
  const membersInTerraform = (input: string) => [
    retagsElsewhere('prod-carol', undeclared('aws_iam_user_policy.carol', 'prod-carol', input), undeclared('aws_iam_user_policy.carol', 'prod-carol', input)),
    retagsElsewhere('prod-dave', undeclared('aws_iam_user_policy.dave', 'prod-dave', input), 'policy aws_iam_group_policy.team (attached to group aws_iam_group.team)'),
    retagsElsewhere('prod-erin', 'policy aws_iam_group_policy.taggers (attached to group aws_iam_group.taggers)', undeclared('aws_iam_user_policy.erin', 'prod-erin', input)),
  ];
  it.each([
    ['undeclared-member-group-retag.yaml', [40, 70, 81], membersInTemplate],
    ['undeclared-member-group-retag.json', [61, 119, 137], membersInTemplate],
    ['tf-undeclared-member-group-retag', [31, 59, 72], membersInTerraform('configuration')],
    ['undeclared-member-group-retag.plan.json', [154, 168, 70], membersInTerraform('plan')],
  ])('identity-abac-tag-bypass %s: a user the input does not declare is read with the policies of the groups it puts the user in', async (name, lines, messages) => {
    const found = (await fixtureFindings('identity-abac-tag-bypass', name)).map((finding) => [finding.location.startLine, finding.message, finding.branch]);
    expect(found.sort(([, a], [, b]) => String(a).localeCompare(String(b)))).toEqual(messages.map((message, index) => [lines[index], message, undefined]));
  });

  // A membership by the same value not known as the attachment (`${var.who}-bob`) brings its group's Deny to the user
  // that value names, as it does for the other identity rules.
  it('identity-abac-tag-bypass reads a user named by a value not known with the groups a membership by the same value puts it in', async () => {
    const hcl = (membership: string) => `variable "who" {
  type = string
}
resource "aws_iam_user" "bob" {
  name = "dev-bob"
}
resource "aws_iam_group" "locked" {
  name = "locked"
}
resource "aws_iam_group_policy" "deny_tags" {
  name   = "deny-tags"
  group  = aws_iam_group.locked.name
  policy = ${hclOf({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: ['sagemaker:AddTags', 'sagemaker:DeleteTags'], Resource: '*' }] })}
}
${membership}resource "aws_iam_user_policy" "who" {
  name   = "abac"
  user   = "\${var.who}-bob"
  policy = ${hclOf({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sagemaker:DescribeTrainingJob', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'a' } } }, { Effect: 'Allow', Action: 'sagemaker:AddTags', Resource: '*' }] })}
}
`;
    const membership = `resource "aws_iam_user_group_membership" "who" {
  user   = "\${var.who}-bob"
  groups = [aws_iam_group.locked.name]
}
`;
    const bypass = async (text: string) => (await scanText(text, 'main.tf')).findings.filter((finding) => finding.ruleId === 'identity-abac-tag-bypass').map((finding) => finding.message.split(': policy ')[0]);
    expect(await bypass(hcl(membership))).toEqual([]);
    expect(await bypass(hcl(''))).toEqual(['user ${var.who}-bob can retag SageMaker resources around its tag-based access']);
  });

  // A policy attached to nothing the template names is read alone, its Deny per value as well.
  it('identity-abac-tag-bypass reads the Deny of a policy attached to nothing per value of its parameter', async () => {
    const result = await scanText(`AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  DeniedTagging:
    Type: String
    AllowedValues: ["sagemaker:*Tags", "sagemaker:DeleteTags"]
Resources:
  Alone:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: sagemaker:DescribeTrainingJob
            Resource: "*"
            Condition:
              StringEquals:
                sagemaker:ResourceTag/Project: A
          - Effect: Allow
            Action: [sagemaker:AddTags, sagemaker:DeleteTags]
            Resource: "*"
          - Effect: Deny
            Action: !Ref DeniedTagging
            Resource: "*"
`);
    expect(result.findings.filter((finding) => finding.ruleId === 'identity-abac-tag-bypass').map((finding) => [finding.location.startLine, finding.message])).toEqual([
      [20, retags('whoever it is attached to', 'policy Alone (not attached to a role, user or group in this template)', 'sagemaker:AddTags', 'only when DeniedTagging is sagemaker:DeleteTags')],
    ]);
  });

  // A conditional written inside a Terraform text is read per choice as well (the text is one of the texts it makes),
  // and so is a template parameter inside a Fn::Sub text, by each of its AllowedValues.
  it('a Deny on a text a conditional or a parameter inside it chooses is decided by each choice', async () => {
    const inText = await scanTree({ 'main.tf': `variable "strict" {
  type = bool
}
resource "aws_iam_user" "bob" {
  name = "bob"
}
resource "aws_iam_user_policy" "bob" {
  name = "pass"
  user = aws_iam_user.bob.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "iam:PassRole", Resource = "*" },
      { Effect = "Deny", Action = "iam:PassRole", Resource = "arn:aws:iam::*:role/\${var.strict ? "*" : "team-a"}" },
    ]
  })
}
` });
    expect(inText.findings.filter(({ ruleId }) => ruleId === 'identity-passrole-unscoped').map(({ location, branch }) => [location.startLine, branch])).toEqual([[13, 'only when var.strict is false']]);
    const inSub = await scanText(bobWithParameterTemplate('Team', '["*", team-a]', `- Effect: Allow
  Action: iam:PassRole
  Resource: "*"
- Effect: Deny
  Action: iam:PassRole
  Resource: !Sub "arn:aws:iam::\${AWS::AccountId}:role/\${Team}"`));
    expect(inSub.findings.filter(({ ruleId }) => ruleId === 'identity-passrole-unscoped').map(({ location, branch }) => [location.startLine, branch])).toEqual([[16, 'only when Team is team-a']]);
  });

  // A principal the input attaches policies to by a name it does not declare holds those policies alone: their Deny on a
  // value the deployer chooses is read per value as a declared principal's is.
  it('a Deny on a value the deployer chooses, attached to a name the input does not declare, is decided by each value', async () => {
    const passRoleFindings = (findings: readonly Finding[]) => findings.filter(({ ruleId }) => ruleId === 'identity-passrole-unscoped').map(({ location, branch }) => [location.startLine, branch]);
    const template = (allowed: string) => `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  DeniedAction:
    Type: String
    AllowedValues: ${allowed}
Resources:
  PassRoles:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: pass-roles
      Roles: [existing-ml-role]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: iam:PassRole
            Resource: "*"
  Guard:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: guard
      Roles: [existing-ml-role]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Deny
            Action: !Ref DeniedAction
            Resource: "*"
`;
    expect(passRoleFindings((await scanText(template('[iam:PassRole, s3:DeleteBucket]'))).findings)).toEqual([[16, 'only when DeniedAction is s3:DeleteBucket']]);
    expect(passRoleFindings((await scanText(template('[iam:PassRole, "iam:*"]'))).findings)).toEqual([]);
    const configuration = (otherwise: string) => `variable "strict" {
  type = bool
}
resource "aws_iam_role_policy" "pass" {
  name = "pass"
  role = "existing-ml-role"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "iam:PassRole", Resource = "*" }]
  })
}
resource "aws_iam_role_policy" "guard" {
  name = "guard"
  role = "existing-ml-role"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Action = var.strict ? "iam:PassRole" : "${otherwise}", Resource = "*" }]
  })
}
`;
    expect(passRoleFindings((await scanTree({ 'main.tf': configuration('s3:GetObject') })).findings)).toEqual([[9, 'only when var.strict is false']]);
    expect(passRoleFindings((await scanTree({ 'main.tf': configuration('iam:*') })).findings)).toEqual([]);
  });

  // The other rules that read a Deny as protection read one that may not reach the principal (a membership or an
  // attachment of an open choice, one of a count not known) as the passrole rule does: the finding is made and says
  // when, as the template's says the Condition of the membership or attachment; the plan made with var.on false says no
  // condition, and with the value given (var.on true) the Deny is there. identity-sagemaker-guardrail-missing reports the
  // gap the Deny closes apart from those open in any case (a template, read world by world, reports each world's).
  const onOff = ['only when var.on is false'];
  const template = ['only when condition IsEnabled is false', 'only when condition IsEnabled is false'];
  const left = [undefined, undefined];
  it.each([
    ['identity-full-admin', 'identity-full-admin', [...onOff, 'only when aws_iam_user_group_membership.erin is not created (its count is not known)'], template],
    ['identity-forallvalues-without-null', 'identity-forallvalues-without-null', [...onOff, 'only when aws_iam_user_group_membership.erin is not created (its count is not known)'], template],
    ['identity-sagemaker-guardrail-missing', 'identity-forallvalues-without-null', [...onOff, 'only when aws_iam_user_group_membership.erin is not created (its count is not known)', undefined, undefined], [...template, 'only when condition IsEnabled is true', 'only when condition IsEnabled is true']],
    ['sagemaker-execution-role-admin', 'sagemaker-execution-role-admin', [...onOff, 'only when aws_iam_role_policy_attachment.lockdown_b is not created (its count is not known)'], template],
  ])('%s: a Deny that may not reach the principal does not silence it, in .tf, template and plan alike', async (ruleId, folder, tf, cfn) => {
    const branches = async (name: string) => {
      const result = await scan([join(import.meta.dirname, '..', 'fixtures', folder, name)]);
      return result.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.branch ?? '').sort();
    };
    const sorted = (whens: ReadonlyArray<string | undefined>) => whens.map((when) => when ?? '').sort();
    expect(await branches('tf-unsure-deny')).toEqual(sorted(tf));
    expect(await branches('unsure-deny.yaml')).toEqual(sorted(cfn));
    expect(await branches('unsure-deny.json')).toEqual(sorted(cfn));
    const guardrails = ruleId === 'identity-sagemaker-guardrail-missing';
    expect(await branches('unsure-deny-left-out.plan.json')).toEqual(sorted(left));
    // The gaps open in any case stay reported where the Deny is there; no other rule here fires then.
    expect(await branches('tf-unsure-deny-given')).toEqual(guardrails ? sorted(left) : []);
    expect(await branches('unsure-deny-made.plan.json')).toEqual(guardrails ? sorted(left) : []);
  });

  // A membership whose members are not known (a for_each or a list of a variable without a value, a parameter without a
  // value) may name a declared user of its account: its group's Deny protects the user then, so the finding holds only
  // when it does not, and says so. One whose value cannot be the user's name ('${var.team}-ops') decides nothing of it.
  // Values given (tfvars, the real plans of those folders, Defaults) that name the user leave the Deny there; those that
  // name others leave the finding with no condition.
  const membersRead: Array<[string, string[][]]> = [
    ['tf-members-not-known', [['aws_iam_user.bob', 'only when aws_iam_group_membership.g and aws_iam_user_group_membership.m do not name aws_iam_user.bob'], ['aws_iam_user.carol', 'only when aws_iam_group_membership.g and aws_iam_user_group_membership.m do not name aws_iam_user.carol']]],
    ['tf-members-named', []],
    ['members-named.plan.json', []],
    ['tf-members-others', [['aws_iam_user.bob'], ['aws_iam_user.carol']]],
    ['members-others.plan.json', [['aws_iam_user.bob'], ['aws_iam_user.carol']]],
    ['members-not-known.yaml', [['Bob', 'only when AddMember and AddMembers do not name Bob'], ['Carol', 'only when AddMember and AddMembers do not name Carol']]],
    ['members-not-known.json', [['Bob', 'only when AddMember and AddMembers do not name Bob'], ['Carol', 'only when AddMember and AddMembers do not name Carol']]],
    ['members-named.yaml', []],
    ['members-named.json', []],
    ['members-others.yaml', [['Bob'], ['Carol']]],
    ['members-others.json', [['Bob'], ['Carol']]],
  ];
  const expectMembersRead = async (ruleId: string, name: string, expected: string[][], user: RegExp) => {
    const findings = await fixtureFindings(ruleId, name);
    expect(findings.map((finding) => [user.exec(finding.message)?.[1], finding.branch].filter((part) => part !== undefined)).sort()).toEqual(expected);
    for (const finding of findings) expect(finding.message.endsWith(`(${finding.branch})`)).toBe(finding.branch !== undefined);
  };
  const inModule: [string, string[][]] = ['tf-members-not-known-module', [['aws_iam_user.u', 'only when module.team.aws_iam_group_membership.g does not name aws_iam_user.u']]];
  it.each([membersRead[0]!, inModule, ...membersRead.slice(1)])('identity-passrole-unscoped %s: a group Deny that a membership whose members are not known may bring does not silence the finding, which says so', (name, expected) =>
    expectMembersRead('identity-passrole-unscoped', name, expected, /: user (\S+) can hand/),
  );

  // IAM is global: a membership made through another provider configuration of the user's account (another region,
  // signing in alike; one whose account is known to be the user's) may name the user, one of another account never does,
  // and one whose group's Deny takes nothing the user is allowed decides nothing. The plans give the member as a value
  // known only after apply; the account of a configuration that only allowed_account_ids fixes cannot be planned offline.
  it.each<[string, string[][]]>([
    ['tf-members-other-region', [['aws_iam_user.bob', 'only when aws_iam_user_group_membership.m does not name aws_iam_user.bob']]],
    ['tf-members-other-account', [['aws_iam_user.bob', 'only when aws_iam_user_group_membership.m does not name aws_iam_user.bob']]],
    ['members-other-region.plan.json', [['aws_iam_user.bob', 'only when aws_iam_user_group_membership.m does not name aws_iam_user.bob']]],
    ['tf-members-other-region-named', []],
    ['members-other-region-named.plan.json', []],
    ['members-other-region-others.plan.json', [['aws_iam_user.bob']]],
  ])('identity-passrole-unscoped %s: a membership of members not known made through another provider configuration of the user\'s account may name the user', (name, expected) =>
    expectMembersRead('identity-passrole-unscoped', name, expected, /: user (\S+) can hand/),
  );

  // A user whose own name is not known (a variable or parameter without a value, a name built from one, a name known
  // only after apply, or in a template none written: CloudFormation generates one, which a value given at a later deploy
  // may be) may be the one a membership of members not known names, where some name may be both: '<team>-ops' may be a
  // name not known at all, never '<team>-svc'. A group Deny that takes nothing of what the user is allowed decides
  // nothing. Values given that name the user leave the Deny there; the others say no condition.
  const userNotNamed = (user: string, memberships: string) => `only when ${memberships} not name ${user}`;
  it.each<[string, string[][]]>([
    ['tf-members-user-not-named', [['aws_iam_user.u', userNotNamed('aws_iam_user.u', 'aws_iam_user_group_membership.m and aws_iam_user_group_membership.ops do')], ['aws_iam_user.v', userNotNamed('aws_iam_user.v', 'aws_iam_user_group_membership.m does')]]],
    ['members-user-not-named.plan.json', [['aws_iam_user.u', userNotNamed('aws_iam_user.u', 'aws_iam_user_group_membership.m and aws_iam_user_group_membership.ops do')], ['aws_iam_user.v', userNotNamed('aws_iam_user.v', 'aws_iam_user_group_membership.m and aws_iam_user_group_membership.ops do')]]],
    ['members-user-not-named.yaml', [['Bob', userNotNamed('Bob', 'AddMember and AddOps do')], ['Carol', userNotNamed('Carol', 'AddMember and AddOps do')], ['Dave', userNotNamed('Dave', 'AddMember does')]]],
    ['members-user-not-named.json', [['Bob', userNotNamed('Bob', 'AddMember and AddOps do')], ['Carol', userNotNamed('Carol', 'AddMember and AddOps do')], ['Dave', userNotNamed('Dave', 'AddMember does')]]],
    ['tf-members-user-not-named-given', [['aws_iam_user.v']]],
    ['members-user-not-named-given.plan.json', [['aws_iam_user.v']]],
    ['members-user-not-named-given.yaml', [['Carol'], ['Dave']]],
    ['members-user-not-named-given.json', [['Carol'], ['Dave']]],
  ])('identity-passrole-unscoped %s: a membership of members not known may name a user whose own name is not known, and the finding says so', (name, expected) =>
    expectMembersRead('identity-passrole-unscoped', name, expected, /: user (\S+) can hand/),
  );

  it('a membership of members not known made through a configuration of another account names none of the users of this one', async () => {
    const folder = join(import.meta.dirname, '..', 'fixtures', 'identity-passrole-unscoped', 'tf-members-other-account');
    const hcl = readFileSync(join(folder, 'main.tf'), 'utf8');
    const branches = async (text: string) => (await scanText(text, 'main.tf')).findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => finding.branch);
    expect(await branches(hcl)).toEqual(['only when aws_iam_user_group_membership.m does not name aws_iam_user.bob']);
    // The same configuration with aws.other in bob's account: o may name him too.
    const sameAccount = hcl.replace('allowed_account_ids = ["345678901234"]', 'allowed_account_ids = ["210987654321"]');
    expect(await branches(sameAccount)).toEqual(['only when aws_iam_group_membership.o and aws_iam_user_group_membership.m do not name aws_iam_user.bob']);
  });

  // identity-abac-tag-bypass reads the Denies of a user's groups apart from exposedPrincipals: the same folders and
  // templates, where the groups deny tagging, read alike.
  it.each(membersRead)('identity-abac-tag-bypass %s: a group Deny of tagging that a membership whose members are not known may bring does not silence the finding, which says so', (name, expected) =>
    expectMembersRead('identity-abac-tag-bypass', name, expected, /^user (\S+) can retag/),
  );

  it('a membership whose members are not known made under a Condition says both when, and the other world, where the finding holds in any case, in the same finding', async () => {
    const template = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Member:
    Type: String
  Env:
    Type: String
    AllowedValues: [dev, prod]
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Locked:
    Type: AWS::IAM::Group
    Properties:
      Policies:
        - PolicyName: no-passrole
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Deny
                Action: iam:PassRole
                Resource: "*"
  Bob:
    Type: AWS::IAM::User
    Properties:
      UserName: bob
      Policies:
        - PolicyName: pass-roles
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: iam:PassRole
                Resource: "*"
  AddMember:
    Type: AWS::IAM::UserToGroupAddition
    Condition: IsProd
    Properties:
      GroupName: !Ref Locked
      Users: [!Ref Member]
`;
    const result = await scanText(template);
    expect(result.errors).toEqual([]);
    const findings = result.findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped');
    // One statement, one finding: in the world without the membership it holds in any case.
    expect(findings.map((finding) => finding.branch)).toEqual(['only when condition IsProd is false, or condition IsProd is true and AddMember does not name Bob']);
    for (const finding of findings) expect(finding.message.endsWith(`can hand any role to any service (${finding.branch})`)).toBe(true);
  });

  it('a finding whose worlds show a parameter\'s values says its own when after them, whole', async () => {
    for (const [finding, ...others] of await passRoleFixtureFindings('members-not-known-values-shown')) {
      expect(others).toEqual([]);
      expect(finding!.branch).toBe('only when condition Granted is true and AddMember does not name Bob');
      expect(finding!.message).toMatch(/ on arn:aws:iam::\$\{Acct\}:role\/\* .* can hand any role to any service \(Acct: 307990089504 or 493827160514\) \(only when condition Granted is true and AddMember does not name Bob\)$/);
    }
  });

  // The worlds of findings that differ only in a parameter's value are one finding; each world's own when stays its own,
  // none where the finding holds in any case, and is said last, after the values, also where every world says one alike.
  const ownBranchesFolded = 'policy pass of user Bob allows iam:PassRole on arn:aws:iam::${Acct}:role/* with no iam:PassedToService condition: user Bob can hand any role to any service (Acct: 493827160514 or 307990089504)';
  it.each([
    ['members-not-known-own-branches-folded', `${ownBranchesFolded} (only when condition AddsAuditor is false and AddMember does not name Bob, or condition AddsAuditor is true and AddMember and AddAuditor do not name Bob)`],
    ['members-under-condition-values-shown', `${ownBranchesFolded} (only when condition AddsAuditor is false, or condition AddsAuditor is true and AddAuditor does not name Bob)`],
    ['members-not-known-values-shown-everywhere', `${ownBranchesFolded} (only when AddMember does not name Bob)`],
  ])('%s: a finding whose worlds show a parameter\'s values says the own when of each world it holds in', async (name, message) => {
    for (const findings of await passRoleFixtureFindings(name)) {
      expect(findings.map(({ message }) => message)).toEqual([message]);
    }
  });

  // Worlds whose own when differs and that no condition tells (a mapping keyed by a parameter decides the user's name,
  // and so whom a membership may name) still say their own when: the finding holds there only when it does. Where it
  // holds in such worlds in any case, nothing more can be said. A Fn::If in the name tells them.
  const bobPassesAnyRole = 'policy PassRoles (attached to user Bob) allows iam:PassRole on Resource "*" with no iam:PassedToService condition: user Bob can hand any role to any service';
  it.each([
    ['members-own-branches-mapped-name', 'only for some values of the template parameters, and only when AddMember does not name Bob, or AddMember and AddDeveloper do not name Bob'],
    ['members-own-branches-partly-told', 'only when condition AddsDevelopers is true and condition IsProd is false and AddMember and AddDeveloper do not name Bob, or for some values of the template parameters when AddMember does not name Bob'],
    ['members-own-branches-mapped-name-in-any-case', 'only for some values of the template parameters'],
    ['members-own-branches-untold', 'only when condition IsProd is true and AddMember does not name Bob, or condition IsProd is false and AddMember and AddDeveloper do not name Bob'],
    ['members-own-branches-untold-in-any-case', 'only when condition IsProd is true, or condition IsProd is false and AddDeveloper does not name Bob'],
  ])('%s: worlds no condition tells say the own when the finding holds in them with', async (name, branch) => {
    for (const findings of await passRoleFixtureFindings(name)) {
      expect(findings.map(({ message, branch }) => [message, branch])).toEqual([[`${bobPassesAnyRole} (${branch})`, branch]]);
    }
  });

  // A Deny that protects the user only where a condition holds (a Fn::If writes the statement, its Action, an item of a
  // condition's values, or is written within a Fn::Join or Fn::Sub that makes one), in a policy of a group the user is
  // in, attached to the user, or of a group a membership not known may put the user in; or that a group or policy holds
  // whose name a condition chooses where the user's Groups, a membership's GroupName or ManagedPolicyArns name it by its
  // name: the finding names that condition.
  const bobsPassRoles = 'policy pass-roles of user Bob allows iam:PassRole on Resource "*" with no iam:PassedToService condition: user Bob can hand any role to any service';
  it.each([
    ['group-deny-action-chosen', 'only when condition Strict is false'],
    ['managed-deny-statement-chosen', 'only when condition Strict is false'],
    ['members-deny-action-chosen', 'only when condition Strict is true and AddMember and AddAuditor do not name Bob, or condition Strict is false and AddMember does not name Bob'],
    ['group-deny-condition-item-chosen', 'only when condition Strict is false'],
    ['group-deny-condition-joined-chosen', 'only when condition Strict is false'],
    ['group-deny-action-joined-chosen', 'only when condition Strict is false'],
    ['group-name-chosen', 'only when condition IsProd is false'],
    ['group-name-chosen-by-addition', 'only when condition IsProd is false'],
    ['managed-name-chosen', 'only when condition IsProd is false'],
  ])('%s: a Deny a condition writes decides the finding, which names that condition', async (name, branch) => {
    for (const findings of await passRoleFixtureFindings(name)) {
      expect(findings.map(({ message, branch }) => [message, branch])).toEqual([[`${bobsPassRoles} (${branch})`, branch]]);
    }
  });

  // A parameter without a value is one of its AllowedValues: a Deny of it is decided by each of them, not left open.
  it('a Deny whose Action is a parameter none of whose allowed values refuses iam:PassRole protects no one', async () => {
    for (const findings of await passRoleFixtureFindings('parameter-deny-action-allowed-values-none-refuse')) {
      expect(findings.map(({ message, branch }) => [message, branch])).toEqual([['policy pass-roles of user Bob allows iam:PassRole on Resource "*" with no iam:PassedToService condition: user Bob can hand any role to any service', undefined]]);
    }
  });

  // Where only some of the allowed values refuse, each is read apart: the finding holds where one leaves the request,
  // and names that value.
  it('a Deny whose Action is a parameter some of whose allowed values refuse iam:PassRole holds only when it is another, and says which', async () => {
    for (const findings of await passRoleFixtureFindings('parameter-deny-action-allowed-values-some-refuse')) {
      const branch = 'only when DeniedAction is s3:DeleteBucket';
      expect(findings.map(({ message, branch }) => [message, branch])).toEqual([[`policy pass-roles of user Bob allows iam:PassRole on Resource "*" with no iam:PassedToService condition: user Bob can hand any role to any service (${branch})`, branch]]);
    }
    const allowing = async (allowed: string) =>
      (await scanText(bobWithParameterTemplate('DeniedAction', allowed, `- Effect: Allow
  Action: iam:PassRole
  Resource: "*"
- Effect: Deny
  Action: !Ref DeniedAction
  Resource: "*"`))).findings.flatMap(({ ruleId, location, branch }) => (ruleId === 'identity-passrole-unscoped' ? [[location.startLine, branch]] : []));
    expect(await allowing('[s3:GetObject, iam:PassRole, "s3:Delete*", "iam:Pass*"]')).toEqual([[16, 'only when DeniedAction is s3:GetObject or s3:Delete*']]);
  });

  it('a Deny whose Resource or condition value is a parameter is decided by each allowed value', async () => {
    const passes = (user: string, branch: string) => [`policy pass-roles of user ${user} allows iam:PassRole on Resource "*" with no iam:PassedToService condition: user ${user} can hand any role to any service (${branch})`, branch];
    for (const findings of await passRoleFixtureFindings('parameter-deny-resource-condition-allowed-values')) {
      expect(findings.map(({ message, branch }) => [message, branch])).toEqual([passes('Bob', 'only when DeniedResource is arn:aws:s3:::training-data'), passes('Carol', 'only when AllowedService is *')]);
    }
  });

  // A parameter written inside a text (Fn::Sub, short, long and list form) is read as it is whole: the text is each value
  // the parameter allows in its place, its wildcards read as IAM reads them, and the finding says which value leaves
  // the request; where each value refuses it, there is no finding.
  it('a Deny whose Resource, Action or condition value is a text around a parameter is decided by each allowed value', async () => {
    const passes = (user: string, branch?: string) => [`policy pass-roles of user ${user} allows iam:PassRole on Resource "*" with no iam:PassedToService condition: user ${user} can hand any role to any service${branch === undefined ? '' : ` (${branch})`}`, branch];
    for (const findings of await passRoleFixtureFindings('parameter-deny-text-allowed-values')) {
      expect(findings.map(({ message, branch }) => [message, branch])).toEqual([passes('Bob'), passes('Carol', 'only when Verb is GetRole'), passes('Dan', 'only when Service is *')]);
    }
    for (const findings of await passRoleFixtureFindings('parameter-deny-text-allowed-values-all-refuse')) expect(findings).toEqual([]);
  });

  // How the input writes a value not known inside a text may hold "${" (`Fn::Split of "${Env}-x"`, a parameter's
  // allowed `${aws:username}`): it is no policy variable, which read with no value made the Deny name no role.
  it('a Deny on a text whose value not known is written with "${" is read as that value, not as a policy variable', async () => {
    const passes = (user: string, branch?: string) => [`policy pass-roles of user ${user} allows iam:PassRole on Resource "*" with no iam:PassedToService condition: user ${user} can hand any role to any service${branch === undefined ? '' : ` (${branch})`}`, branch];
    for (const findings of await passRoleFixtureFindings('deny-text-dollar-brace')) {
      // A Deny of the user's own role names one role, whatever the user's name is: the others are left.
      expect(findings.map(({ message, branch }) => [message, branch])).toEqual([passes('Carol', 'only when Owner is ${aws:username}'), passes('Dan')]);
    }
    const inTerraform = await fixtureFindings('identity-passrole-unscoped', 'tf-deny-text-dollar-brace');
    expect(inTerraform.map(({ location, message }) => [location.startLine, message])).toEqual([
      [35, 'policy aws_iam_user_policy.dan (attached to user aws_iam_user.dan) allows iam:PassRole on Resource "*" with no iam:PassedToService condition: user aws_iam_user.dan can hand any role to any service'],
    ]);
  });

  // A Deny of iam:PassRole on a role named with the user's own name (aws:username, in every request of an IAM user) names
  // one role, whatever the name, known or not: both rules say the others are left, as for a name written out. A Deny on
  // the roles of the account a principal tag names may be on the user's own account: an open answer (Tagged, silent).
  it.each([
    ['own-name-role-deny.yaml', 'Unnamed', 'Bob', ' (only when OwnRole is arn:aws:iam::*:role/${aws:username}x)'],
    ['own-name-role-deny.json', 'Unnamed', 'Bob', ' (only when OwnRole is arn:aws:iam::*:role/${aws:username}x)'],
    ['tf-own-name-role-deny', 'aws_iam_user.user["unnamed"]', 'aws_iam_user.user["bob"]', ''],
    ['own-name-role-deny.plan.json', 'aws_iam_user.user["unnamed"]', 'aws_iam_user.user["bob"]', ''],
  ])('%s: a Deny of the role named after the user leaves iam:PassRole to both rules alike', async (name, unnamed, bob, when) => {
    const policy = (user: string) => (user.startsWith('aws_') ? `policy aws_iam_user_policy.admin_but_passing["${user.slice(19, -2)}"] (attached to user ${user})` : `policy admin-but-passing of user ${user}`);
    const fullAdmin = (user: string, branch: string) => `${policy(user)} allows every action on every resource with no condition that limits it, which Deny statements do not take back whole: they leave iam:PassRole allowed to user ${user}${branch}`;
    const passRole = (user: string, branch: string) => `${policy(user)} allows iam:PassRole (through *) on Resource "*" with no iam:PassedToService condition: user ${user} can hand any role to any service${branch}`;
    const messages = async (ruleId: string) => (await fixtureFindings(ruleId, ruleId === 'identity-full-admin' ? name : `../identity-full-admin/${name}`)).map(({ message }) => message).sort();
    expect(await messages('identity-full-admin')).toEqual([fullAdmin(unnamed, when), fullAdmin(bob, '')].sort());
    expect(await messages('identity-passrole-unscoped')).toEqual([passRole(unnamed, when), passRole(bob, '')].sort());
  });

  // A conditional inside a Terraform text is read alike, with the whens of a conditional written whole; the real plan
  // decides it.
  it.each([
    ['tf-deny-text-chosen', [[19, 'bob', 'only when var.strict is false'], [35, 'cal', undefined]]],
    ['deny-text-chosen-lax.plan.json', [[75, 'bob', undefined], [89, 'cal', undefined]]],
  ] as const)('%s: a Deny whose Action or Resource is a text around a conditional is decided by each choice', async (name, expected) => {
    const passes = (user: string, branch?: string) => `policy aws_iam_user_policy.${user} (attached to user aws_iam_user.${user}) allows iam:PassRole on Resource "*" with no iam:PassedToService condition: user aws_iam_user.${user} can hand any role to any service${branch === undefined ? '' : ` (${branch})`}`;
    expect((await fixtureFindings('identity-passrole-unscoped', name)).map(({ location, message, branch }) => [location.startLine, message, branch])).toEqual(expected.map(([line, user, branch]) => [line, passes(user, branch), branch]));
  });

  // The values a Deny of such a text leaves are told apart from those it refuses: were the text still any text, each
  // Deny here would be an open answer, which is no finding.
  it.each([
    ['Resource: !Sub "arn:aws:iam::${AWS::AccountId}:${Kind}/*"', 'Kind', '[role, user]', 'only when Kind is user'],
    ['Action: !Sub "iam:${Verb}"', 'Verb', '[PassRole, "Get*", "Pass*"]', 'only when Verb is Get*'],
    ['Action: !Join ["", ["iam:", !Ref Verb]]', 'Verb', '[PassRole, GetRole]', 'only when Verb is GetRole'],
    ['Action: !Sub "${Service}:PassRole"', 'Service', '[iam, "i*", s3]', 'only when Service is s3'],
  ])('a Deny with %s, the parameter allowing %s %s, holds %s', async (denied, parameter, allowed, branch) => {
    const [element, value] = denied.split(': ');
    const statements = `- Effect: Allow\n  Action: iam:PassRole\n  Resource: "*"\n- Effect: Deny\n  ${element === 'Resource' ? 'Action: iam:PassRole' : 'Resource: "*"'}\n  ${element}: ${value}`;
    const found = (await scanText(bobWithParameterTemplate(parameter, allowed, statements))).findings.filter(({ ruleId }) => ruleId === 'identity-passrole-unscoped');
    expect(found.map(({ branch }) => branch)).toEqual([branch]);
  });

  // Each combination of the allowed values of the parameters a principal's Denies read is read, up to 16 of them: past
  // those the values stay not known, and a Deny on them an open answer, which is no finding.
  it('a Deny on parameters of more than 16 combinations of allowed values stays an open answer', async () => {
    const template = (resources: readonly string[]) => `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  DeniedAction:
    Type: String
    AllowedValues: [iam:PassRole, s3:DeleteBucket]
  DeniedResource:
    Type: String
    AllowedValues: [${resources.map((resource) => `"${resource}"`).join(', ')}]
Resources:
  Bob:
    Type: AWS::IAM::User
    Properties:
      Policies:
        - PolicyName: pass-roles
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: iam:PassRole
                Resource: "*"
              - Effect: Deny
                Action: !Ref DeniedAction
                Resource: !Ref DeniedResource
`;
    // Each resource allowed names every role: which one is given decides nothing, and the finding does not name it.
    const everyRole = (count: number) => Array.from({ length: count }, (_, index) => `arn:aws:iam::*:role/${'*'.repeat(index + 1)}`);
    const branches = async (count: number) => (await scanText(template(everyRole(count)))).findings.flatMap(({ ruleId, branch }) => (ruleId === 'identity-passrole-unscoped' ? [branch] : []));
    expect(await branches(8)).toEqual(['only when DeniedAction is s3:DeleteBucket']);
    expect(await branches(9)).toEqual([]);
  });

  // A template condition that chooses the parameter is said with it: the finding holds in the branch that takes it, for
  // the value that leaves the request.
  it('a Deny a Fn::If chooses between a literal and a parameter holds in the branch of the parameter, for the value that leaves the request', async () => {
    const result = await scanText(`AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  DeniedAction:
    Type: String
    AllowedValues: [iam:PassRole, s3:DeleteBucket]
  Env:
    Type: String
    AllowedValues: [prod, dev]
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Bob:
    Type: AWS::IAM::User
    Properties:
      Policies:
        - PolicyName: pass-roles
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: iam:PassRole
                Resource: "*"
              - Effect: Deny
                Action: !If [IsProd, "iam:*", !Ref DeniedAction]
                Resource: "*"
`);
    expect(result.findings.filter(({ ruleId }) => ruleId === 'identity-passrole-unscoped').map(({ location, branch }) => [location.startLine, branch])).toEqual([[21, 'only when condition IsProd is false and DeniedAction is s3:DeleteBucket']]);
  });

  it('a Deny whose NotAction is a parameter is decided by each allowed value: every one names iam:PassRole, or none does', async () => {
    const template = (allowed: string) => bobWithParameterTemplate('KeptAction', allowed, `- Effect: Allow
  Action: iam:PassRole
  Resource: "*"
- Effect: Deny
  NotAction: !Ref KeptAction
  Resource: "*"`);
    const passRole = async (allowed: string) => (await scanText(template(allowed))).findings.filter(({ ruleId }) => ruleId === 'identity-passrole-unscoped').map(({ location }) => location.startLine);
    // Each value leaves iam:PassRole out of the Deny: it never refuses it.
    expect(await passRole('[iam:PassRole, "iam:*"]')).toEqual([16]);
    // Each value leaves iam:PassRole in: it always refuses it.
    expect(await passRole('[s3:GetObject, s3:DeleteBucket]')).toEqual([]);
  });

  it('an Allow whose Action is a parameter every allowed value of which grants iam:PassRole grants it; one of them that does not leaves it open', async () => {
    const template = (allowed: string) => bobWithParameterTemplate('PassedAction', allowed, `- Effect: Allow
  Action: !Ref PassedAction
  Resource: "*"`);
    const passRole = async (allowed: string) => (await scanText(template(allowed))).findings.filter(({ ruleId }) => ruleId === 'identity-passrole-unscoped').map(({ message, location }) => [location.startLine, message]);
    expect(await passRole('[iam:PassRole, "iam:*"]')).toEqual([[16, 'policy pass-roles of user Bob allows iam:PassRole (through ${PassedAction}) on Resource "*" with no iam:PassedToService condition: user Bob can hand any role to any service']]);
    expect(await passRole('[iam:PassRole, s3:GetObject]')).toEqual([]);
  });

  it('a statement of a group whose Effect a Fn::If chooses decides the finding on its member, which names that condition', async () => {
    for (const findings of await passRoleFixtureFindings('group-deny-effect-chosen')) {
      expect(findings.map(({ message }) => message)).toEqual([
        `${bobsPassRoles} (only when condition Strict is false)`,
        'policy passrole-unless-strict of group Locked allows iam:PassRole on Resource "*" with no iam:PassedToService condition: group Locked can hand any role to any service (only when condition Strict is false)',
      ]);
    }
  });

  it('a finding written alike in both branches of a Fn::If says the own when of each world it holds in', async () => {
    const template = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
    AllowedValues: [prod, dev]
  Member:
    Type: String
  Auditor:
    Type: String
  Audit:
    Type: String
    AllowedValues: ["yes", "no"]
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  AddsAuditor: !And [!Not [!Condition IsProd], !Not [!Equals [!Ref Audit, "no"]]]
Resources:
  Bob:
    Type: AWS::IAM::User
    Properties:
      UserName: bob
      Policies:
        - PolicyName: pass
          PolicyDocument:
            Version: "2012-10-17"
            Statement: !If
              - IsProd
              - - Effect: Allow
                  Action: iam:PassRole
                  Resource: "*"
              - - Effect: Allow
                  Action: iam:PassRole
                  Resource: "*"
  Locked:
    Type: AWS::IAM::Group
    Properties:
      Policies:
        - PolicyName: deny
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Deny
                Action: iam:PassRole
                Resource: "*"
  AddMember:
    Type: AWS::IAM::UserToGroupAddition
    Properties:
      GroupName: !Ref Locked
      Users: [!Ref Member]
  AddAuditor:
    Type: AWS::IAM::UserToGroupAddition
    Condition: AddsAuditor
    Properties:
      GroupName: !Ref Locked
      Users: [!Ref Auditor]
`;
    const result = await scanText(template);
    expect(result.errors).toEqual([]);
    const findings = result.findings.filter(({ ruleId }) => ruleId === 'identity-passrole-unscoped');
    expect(findings.map(({ location, branch }) => [location.startLine, branch])).toEqual([
      [28, 'only when condition AddsAuditor is false and AddMember does not name Bob, or condition IsProd is false and condition AddsAuditor is true and AddMember and AddAuditor do not name Bob'],
    ]);
    for (const finding of findings) expect(finding.message.endsWith(`can hand any role to any service (${finding.branch})`)).toBe(true);
  });

  // The .tf pieces the tests below build their inputs of, so that each writes out only what is its own case.
  const hclVariable = (name: string, body = 'type = set(string)') => `variable "${name}" {\n  ${body}\n}\n`;
  const hclUser = (name: string) => `resource "aws_iam_user" "${name}" {\n  name = "${name}"\n}\n`;
  const hclDocument = (statements: string) => `jsonencode({ Version = "2012-10-17", Statement = [${statements}] })`;
  /** A policy of user u's own. */
  const hclUserPolicy = (name: string, statements: string) => `resource "aws_iam_user_policy" "${name}" {
  name   = "${name}"
  user   = aws_iam_user.u.name
  policy = ${hclDocument(statements)}
}
`;
  const hclGroup = (address: string, name = address) => `resource "aws_iam_group" "${address}" {\n  name = "${name}"\n}\n`;
  const hclGroupPolicy = (address: string, name: string, group: string, statements: string) => `resource "aws_iam_group_policy" "${address}" {
  name   = "${name}"
  group  = aws_iam_group.${group}.name
  policy = ${hclDocument(statements)}
}
`;
  const hclManagedPolicy = (address: string, name: string, statements: string) => `resource "aws_iam_policy" "${address}" {
  name   = "${name}"
  policy = ${hclDocument(statements)}
}
`;
  const hclUserAttachment = (address: string, user: string, policyArn: string, count?: string) => `resource "aws_iam_user_policy_attachment" "${address}" {
${count === undefined ? '' : `  count      = ${count}\n`}  user       = aws_iam_user.${user}.name
  policy_arn = ${policyArn}
}
`;
  /** A membership of the members of a variable without a value. */
  const hclMembersOf = (address: string, variable: string, groups: string) => `resource "aws_iam_user_group_membership" "${address}" {
  for_each = var.${variable}
  user     = each.key
  groups   = [${groups}]
}
`;
  const allowPassRole = '{ Effect = "Allow", Action = "iam:PassRole", Resource = "*" }';
  const denyPassRole = '{ Effect = "Deny", Action = "iam:PassRole", Resource = "*" }';
  const allowAll = '{ Effect = "Allow", Action = "*", Resource = "*" }';
  const denyIam = '{ Effect = "Deny", Action = "iam:*", Resource = "*" }';
  const denySts = '{ Effect = "Deny", Action = "sts:*", Resource = "*" }';

  // The other rules that read a group's Deny as protection read one a membership of members not known may bring alike.
  // identity-sagemaker-guardrail-missing reports the gap the Deny closes apart from those open in any case.
  const membersNotKnown = (allow: string, deny: string, members = 'type = set(string)') =>
    hclVariable('members', members) +
    hclUser('u') +
    hclUserPolicy('allow', allow) +
    hclGroup('guard') +
    hclGroupPolicy('guard', 'guard', 'guard', deny) +
    hclMembersOf('m', 'members', 'aws_iam_group.guard.name');
  const notNamed = 'only when aws_iam_user_group_membership.m does not name aws_iam_user.u';
  const vpcSubnets = '{ Effect = "Allow", Action = "sagemaker:CreateTrainingJob", Resource = "*", Condition = { "ForAllValues:StringEquals" = { "sagemaker:VpcSubnets" = ["subnet-0a1b2c3d"] } } }';
  const noSubnets = '{ Effect = "Deny", Action = "sagemaker:CreateTrainingJob", Resource = "*", Condition = { Null = { "sagemaker:VpcSubnets" = "true" } } }';
  const tagging = '{ Effect = "Allow", Action = "sagemaker:AddTags", Resource = "*" }';
  const noTagging = '{ Effect = "Deny", Action = ["sagemaker:AddTags", "sagemaker:DeleteTags"], Resource = "*" }';
  it.each([
    ['identity-full-admin', '{ Effect = "Allow", Action = "*", Resource = "*" }', '{ Effect = "Deny", Action = "*", Resource = "*" }', [notNamed], []],
    ['identity-addtags-unscoped', tagging, noTagging, [notNamed], []],
    ['identity-abac-tag-bypass', `{ Effect = "Allow", Action = "sagemaker:DescribeTrainingJob", Resource = "*", Condition = { StringEquals = { "sagemaker:ResourceTag/Project" = "A" } } }, ${tagging}`, noTagging, [notNamed], []],
    ['identity-forallvalues-without-null', vpcSubnets, noSubnets, [notNamed], []],
    ['identity-sagemaker-guardrail-missing', vpcSubnets, noSubnets, ['', notNamed], ['']],
  ])('%s: a group Deny that a membership whose members are not known may bring does not silence the finding, which says so', async (ruleId, allow, deny, notKnown, named) => {
    const branches = async (text: string) => {
      const result = await scanText(text, 'main.tf');
      expect(result.errors).toEqual([]);
      return result.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.branch ?? '').sort();
    };
    expect(await branches(membersNotKnown(allow, deny))).toEqual(notKnown);
    expect(await branches(membersNotKnown(allow, deny, 'default = ["u"]'))).toEqual(named);
    // Another user named: the finding holds, with no condition (the guardrail's gaps in one report).
    expect(await branches(membersNotKnown(allow, deny, 'default = ["x"]'))).toEqual(['']);
  });

  // As much where the membership is made through a provider configuration of another region (IAM is global), and where
  // the user's own name is not known (a reference to it names the user its policy is attached to).
  it.each([
    ['identity-full-admin', '{ Effect = "Allow", Action = "*", Resource = "*" }', '{ Effect = "Deny", Action = "*", Resource = "*" }', [notNamed]],
    ['identity-addtags-unscoped', tagging, noTagging, [notNamed]],
    ['identity-abac-tag-bypass', `{ Effect = "Allow", Action = "sagemaker:DescribeTrainingJob", Resource = "*", Condition = { StringEquals = { "sagemaker:ResourceTag/Project" = "A" } } }, ${tagging}`, noTagging, [notNamed]],
    ['identity-forallvalues-without-null', vpcSubnets, noSubnets, [notNamed]],
    ['identity-sagemaker-guardrail-missing', vpcSubnets, noSubnets, ['', notNamed]],
  ])('%s: a membership of members not known through another region\'s provider configuration, or of a user whose name is not known, may name the user', async (ruleId, allow, deny, notKnown) => {
    const branches = async (text: string) => {
      const result = await scanText(text, 'main.tf');
      expect(result.errors).toEqual([]);
      return result.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.branch ?? '').sort();
    };
    const providers = 'provider "aws" {\n  region = "us-east-1"\n}\nprovider "aws" {\n  alias  = "west"\n  region = "us-west-2"\n}\n';
    const otherRegion = providers + membersNotKnown(allow, deny).replace('  for_each = var.members', '  provider = aws.west\n  for_each = var.members');
    expect(otherRegion).toContain('  provider = aws.west\n  for_each = var.members');
    expect(await branches(otherRegion)).toEqual(notKnown);
    const userNotNamed = hclVariable('user_name', 'type = string') + membersNotKnown(allow, deny).replace(hclUser('u'), 'resource "aws_iam_user" "u" {\n  name = var.user_name\n}\n');
    expect(userNotNamed).toContain('name = var.user_name');
    expect(await branches(userNotNamed)).toEqual(notKnown);
  });

  it('a policy attached by a reference to the name of a user whose name is not known is the user\'s', async () => {
    const hcl = hclVariable('user_name', 'type = string') + 'resource "aws_iam_user" "u" {\n  name = var.user_name\n}\n' + hclUserPolicy('allow', allowPassRole);
    const result = await scanText(hcl, 'main.tf');
    expect(result.findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => finding.message)).toEqual([
      'policy aws_iam_user_policy.allow (attached to user aws_iam_user.u) allows iam:PassRole on Resource "*" with no iam:PassedToService condition: user aws_iam_user.u can hand any role to any service',
    ]);
  });

  it('a user whose name a conditional not decided chooses is the one a reference to its name names, and a membership of members not known may name it only as one of those names', async () => {
    const hcl = [
      hclVariable('prod', 'type = bool'),
      hclVariable('team', 'type = string'),
      hclVariable('members'),
      'resource "aws_iam_user" "u" {\n  name = var.prod ? "bob" : "bob-dev"\n}\n',
      hclUserPolicy('allow', allowPassRole),
      hclGroup('guard'),
      hclGroupPolicy('guard', 'guard', 'guard', denyPassRole),
      hclMembersOf('m', 'members', 'aws_iam_group.guard.name'),
      // Neither bob nor bob-dev ends in -ops.
      'resource "aws_iam_user_group_membership" "ops" {\n  user   = "${var.team}-ops"\n  groups = [aws_iam_group.guard.name]\n}\n',
    ].join('');
    const result = await scanText(hcl, 'main.tf');
    expect(result.findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => [finding.message.split(' allows ')[0], finding.branch])).toEqual([
      ['policy aws_iam_user_policy.allow (attached to user aws_iam_user.u)', 'only when aws_iam_user_group_membership.m does not name aws_iam_user.u'],
    ]);
  });

  it('a Deny that may not be created and one a membership of members not known may bring: the finding holds only when neither is there', async () => {
    const hcl = [
      hclVariable('members'),
      hclVariable('on', 'type = bool'),
      hclUser('u'),
      hclUserPolicy('allow', allowPassRole),
      hclManagedPolicy('deny', 'deny', denyPassRole),
      hclUserAttachment('deny', 'u', 'aws_iam_policy.deny.arn', 'var.on ? 1 : 0'),
      hclGroup('guard'),
      hclGroupPolicy('guard', 'guard', 'guard', denyPassRole),
      hclMembersOf('m', 'members', 'aws_iam_group.guard.name'),
    ].join('');
    const result = await scanText(hcl, 'main.tf');
    expect(result.findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => finding.branch)).toEqual([
      'only when aws_iam_user_policy_attachment.deny is not created (its count is not known) and aws_iam_user_group_membership.m does not name aws_iam_user.u',
    ]);
  });

  it('a membership of members not known beside one of the user that may not be created: the finding holds only where neither puts the user in the group', async () => {
    expect((await fixtureFindings('identity-passrole-unscoped', 'tf-members-not-known-beside-unsure')).map((finding) => finding.branch)).toEqual([
      'only when aws_iam_user_group_membership.bob is not created (its count is not known) and aws_iam_group_membership.g does not name aws_iam_user.bob',
    ]);
  });

  it('a membership of users written out and users not known (concat) puts those written in the group: their finding is silenced, the others\' says the membership', async () => {
    const found = (await fixtureFindings('identity-passrole-unscoped', 'tf-members-concat')).map((finding) => [finding.resource.address, finding.branch]);
    expect(found).toEqual([['aws_iam_user_policy.bob', 'only when aws_iam_group_membership.g does not name aws_iam_user.bob']]);
    // As a set: the same members.
    const hcl = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'identity-passrole-unscoped', 'tf-members-concat', 'main.tf'), 'utf8');
    const asSet = await scanText(hcl.replace('users = concat([aws_iam_user.carol.name], var.users)', 'users = toset(concat([aws_iam_user.carol.name], var.users))'), 'main.tf');
    expect(asSet.findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => [finding.resource.address, finding.branch])).toEqual(found);
  });

  it('a template parameter that limits the members (AllowedValues, AllowedPattern) names no user it does not allow: that user\'s finding says no condition', async () => {
    const file = join(import.meta.dirname, '..', 'fixtures', 'identity-passrole-unscoped', 'members-allowed-values.yaml');
    const result = await scan([file]);
    expect(result.errors).toEqual([]);
    const branches = result.findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => [finding.resource.address.split('#')[1], finding.branch]);
    expect(branches).toEqual([
      ['Bob', undefined],
      ['Carol', 'only when AddMember and AddMembers do not name Carol'],
    ]);
    // Without the limits, each may name Bob.
    const unlimited = readFileSync(file, 'utf8').replace(/\n {4}Allowed(Values|Pattern): .*/g, '');
    const open = await scanText(unlimited);
    expect(open.findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => finding.branch)).toEqual([
      'only when AddMember, AddMembers and AddOps do not name Bob',
      'only when AddMember, AddMembers and AddOps do not name Carol',
    ]);
  });

  it.each(['yaml', 'json'])('a list parameter of members names no user its AllowedPattern refuses for an item, a CommaDelimitedList\'s or a List<String>\'s (%s)', async (format) => {
    const file = join(import.meta.dirname, '..', 'fixtures', 'identity-passrole-unscoped', `members-list-allowed-pattern.${format}`);
    const branches = (result: { findings: Finding[] }) => result.findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => [finding.resource.address.split('#')[1], finding.branch]);
    const result = await scan([file]);
    expect(result.errors).toEqual([]);
    expect(branches(result)).toEqual([
      ['Bob', undefined],
      ['Carol', 'only when AddOps does not name Carol'],
    ]);
    // A List<Number>'s pattern is not matched against its items: Teams may then name anyone.
    const text = readFileSync(file, 'utf8');
    const numbers = text.replace(/(Type"?: "?)List<String>/, '$1List<Number>');
    expect(numbers).not.toEqual(text);
    expect(branches(await scanText(numbers, `template.${format}`))).toEqual([
      ['Bob', 'only when AddTeams does not name Bob'],
      ['Carol', 'only when AddOps and AddTeams do not name Carol'],
    ]);
  });

  it.each(['yaml', 'json'])('a user whose name is a parameter the template limits is named only by a membership whose parameter allows a name it allows (%s)', async (format) => {
    const passesAnyRole = (user: string) => `policy pass-roles of user ${user} allows iam:PassRole on Resource "*" with no iam:PassedToService condition: user ${user} can hand any role to any service`;
    expect((await fixtureFindings('identity-passrole-unscoped', `members-allowed-values-user-names.${format}`)).map((finding) => [finding.resource.address.split('#')[1], finding.branch, finding.message])).toEqual([
      // bob or bobby is never alice or carol, starts with ops- or ends with -ops: the Deny never protects Bob.
      ['Bob', undefined, passesAnyRole('Bob')],
      // Member's carol is CarolName's Carol; AddOps's ops- names are not hers.
      ['Carol', 'only when AddMember does not name Carol', `${passesAnyRole('Carol')} (only when AddMember does not name Carol)`],
      // Two patterns, ops- and dave-, are taken to share a name, and dave-ops is '<Team>-ops'; neither alice nor carol starts with dave-.
      ['Dave', 'only when AddOps and AddTeamOps do not name Dave', `${passesAnyRole('Dave')} (only when AddOps and AddTeamOps do not name Dave)`],
      // Neither alice nor carol is '<Team>-svc'; an ops- name may be.
      ['Erin', 'only when AddOps does not name Erin', `${passesAnyRole('Erin')} (only when AddOps does not name Erin)`],
    ]);
  });

  it('a membership or attachment by a literal name names a user whose name a conditional not decided chooses when it chooses that name', async () => {
    const folder = join(import.meta.dirname, '..', 'fixtures', 'identity-passrole-unscoped', 'tf-members-named-chosen');
    const result = await scan([folder]);
    expect(result.errors).toEqual([]);
    const passesAnyRole = (user: string) => `policy aws_iam_user_policy.${user}_passes_roles (attached to user aws_iam_user.${user}) allows iam:PassRole on Resource "*" with no iam:PassedToService condition: user aws_iam_user.${user} can hand any role to any service (only when var.prod is false)`;
    // bob by aws_iam_user_group_membership, dave by aws_iam_group_membership: in group ops when var.prod is true; carol has no_passrole then.
    expect(result.findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => [finding.resource.address, finding.branch, finding.message])).toEqual(
      ['bob', 'carol', 'dave'].map((user) => [`aws_iam_user_policy.${user}_passes_roles`, 'only when var.prod is false', passesAnyRole(user)]),
    );
    const hcl = readFileSync(join(folder, 'main.tf'), 'utf8');
    const group = (name: string) => `resource "aws_iam_group" "${name}" {\n  name = "${name}"\n}\n`;
    const bob = async (groups: string) => {
      const text = hcl.replace('groups = [aws_iam_group.ops.name]', `groups = [${groups}]`) + group('dev');
      expect(text).toContain(`groups = [${groups}]`);
      const findings = (await scanText(text, 'main.tf')).findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped' && finding.resource.address.endsWith('.bob_passes_roles'));
      return findings.map((finding) => finding.branch);
    };
    // The membership chooses ops when it names bob: the Deny protects him whenever he is bob.
    expect(await bob('var.prod ? aws_iam_group.ops.name : aws_iam_group.dev.name')).toEqual(['only when var.prod is false']);
    // It chooses ops only when the user is bob-dev, whom "bob" does not name: the Deny never protects him.
    expect(await bob('var.prod ? aws_iam_group.dev.name : aws_iam_group.ops.name')).toEqual([undefined]);
    // A name chosen in another case is the same IAM name, whichever is chosen.
    expect((await scanText(hcl.replace('var.prod ? "bob" : "bob-dev"', 'var.prod ? "bob" : "BOB"'), 'main.tf')).findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => finding.resource.address)).toEqual(['aws_iam_user_policy.carol_passes_roles', 'aws_iam_user_policy.dave_passes_roles']);
  });

  it('a policy attached by a literal name that a user\'s chosen name may be reaches that user when chosen, and the principal of that name otherwise', async () => {
    const passRoles = (name: string, statement: string) => `resource "aws_iam_policy" "${name}" {\n  name   = "${name}"\n  policy = jsonencode({ Version = "2012-10-17", Statement = [${statement}] })\n}\n`;
    const attach = (name: string, user: string, policy: string) => `resource "aws_iam_user_policy_attachment" "${name}" {\n  user       = ${user}\n  policy_arn = aws_iam_policy.${policy}.arn\n}\n`;
    const allow = '{ Effect = "Allow", Action = "iam:PassRole", Resource = "*" }';
    const deny = '{ Effect = "Deny", Action = "iam:PassRole", Resource = "*" }';
    const bob = 'variable "prod" {\n  type = bool\n}\n\nresource "aws_iam_user" "bob" {\n  name = var.prod ? "bob" : "bob-dev"\n}\n';
    const found = async (hcl: string) => (await scanText(hcl, 'main.tf')).findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => finding.message);
    // bob's own Deny protects him when he is bob; when not, "bob" is a user made elsewhere, with no Deny.
    expect(await found(bob + passRoles('pass_roles', allow) + passRoles('no_passrole', deny) + attach('bob', '"bob"', 'pass_roles') + attach('bob_deny', 'aws_iam_user.bob.name', 'no_passrole'))).toEqual([
      'policy aws_iam_policy.pass_roles (attached to user aws_iam_user.bob when var.prod is true and to user bob, which this configuration does not declare) allows iam:PassRole on Resource "*" with no iam:PassedToService condition: user bob can hand any role to any service (only when var.prod is false)',
    ]);
    // A name bob has whichever is chosen is his only: his Deny protects it.
    expect(await found(bob.replace('"bob-dev"', '"BOB"') + passRoles('pass_roles', allow) + passRoles('no_passrole', deny) + attach('bob', '"bob"', 'pass_roles') + attach('bob_deny', 'aws_iam_user.bob.name', 'no_passrole'))).toEqual([]);
    // Without his Deny he is exposed when he is bob, and the user bob made elsewhere otherwise: the finding names both.
    expect(await found(bob + passRoles('pass_roles', allow) + attach('bob', '"bob"', 'pass_roles'))).toEqual([
      'policy aws_iam_policy.pass_roles (attached to user aws_iam_user.bob when var.prod is true and to user bob, which this configuration does not declare) allows iam:PassRole on Resource "*" with no iam:PassedToService condition: user aws_iam_user.bob when var.prod is true and user bob when var.prod is false can hand any role to any service',
    ]);
    // A name none of bob's choices is (zed) is no user this configuration declares: read alone beside amy, whom her Deny protects.
    const amy = 'resource "aws_iam_user" "amy" {\n  name = "amy"\n}\n';
    expect(await found(bob + amy + passRoles('pass_roles', allow) + passRoles('no_passrole', deny) + attach('amy', 'aws_iam_user.amy.name', 'pass_roles') + attach('amy_deny', 'aws_iam_user.amy.name', 'no_passrole') + attach('zed', '"zed"', 'pass_roles'))).toEqual([
      'policy aws_iam_policy.pass_roles (attached to user aws_iam_user.amy and to user zed, which this configuration does not declare) allows iam:PassRole on Resource "*" with no iam:PassedToService condition: user zed can hand any role to any service',
    ]);
  });

  it.each([
    ['name-may-be-declared-beside-denied.yaml', 'policy PassRoles (attached to user Amy and to user prod-bob)'],
    ['name-may-be-declared-beside-denied.json', 'policy PassRoles (attached to user Amy and to user prod-bob)'],
    ['tf-name-may-be-declared-beside-denied', 'policy aws_iam_policy.pass_roles (attached to user aws_iam_user.amy and to user prod-bob)'],
  ])('a policy attached to a guarded user and by a literal name a declared user\'s name not known may be is reported for that name (%s)', async (fixture, label) => {
    // prod-bob is bob when Env is prod, else a user made elsewhere: amy's Deny protects neither.
    expect((await fixtureFindings('identity-passrole-unscoped', fixture)).map((finding) => [finding.branch, finding.message])).toEqual([
      [undefined, `${label} allows iam:PassRole on Resource "*" with no iam:PassedToService condition: user prod-bob can hand any role to any service`],
    ]);
  });

  it('a Deny of the declared user a literal name may be does not protect that name, which may be a user made elsewhere', async () => {
    const hcl = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'identity-passrole-unscoped', 'tf-name-may-be-declared-beside-denied', 'main.tf'), 'utf8');
    const bobDenied = `${hcl}\nresource "aws_iam_user_policy_attachment" "bob_deny" {\n  user       = aws_iam_user.bob.name\n  policy_arn = aws_iam_policy.no_passrole.arn\n}\n`;
    const found = async (text: string) => (await scanText(text, 'main.tf')).findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => finding.message);
    expect(await found(bobDenied)).toEqual([
      'policy aws_iam_policy.pass_roles (attached to user aws_iam_user.amy and to user prod-bob) allows iam:PassRole on Resource "*" with no iam:PassedToService condition: user prod-bob can hand any role to any service',
    ]);
    // A name no declared user may have is said to be undeclared, as before.
    expect(await found(bobDenied.replaceAll('"prod-bob"', '"prod-zed"'))).toEqual([
      'policy aws_iam_policy.pass_roles (attached to user aws_iam_user.amy and to user prod-zed, which this configuration does not declare) allows iam:PassRole on Resource "*" with no iam:PassedToService condition: user prod-zed can hand any role to any service',
    ]);
  });

  // A name with a piece not known may be a declared user, whose Deny protects it there, or a user made elsewhere, which
  // holds only what is attached to it: the finding holds where the value does not name the declared one.
  const notKnownLabel = (attached: string) => `${attached} allows iam:PassRole on Resource "*" with no iam:PassedToService condition: `;
  it.each<[string, Array<[string | undefined, string]>]>([
    ['name-not-known-beside-denied.yaml', [['only when Env is not dev', `${notKnownLabel('policy PassRoles (attached to user Bob and to user ${Env}-bob)')}user \${Env}-bob can hand any role to any service (only when Env is not dev)`]]],
    ['name-not-known-beside-denied.json', [['only when Env is not dev', `${notKnownLabel('policy PassRoles (attached to user Bob and to user ${Env}-bob)')}user \${Env}-bob can hand any role to any service (only when Env is not dev)`]]],
    // Env allows dev and prod: ${Env}-bob is Bob or prod-bob, which the finding names.
    ['name-allowed-beside-denied.yaml', [['only when Env is not dev', `${notKnownLabel('policy PassRoles (attached to user Bob and to user prod-bob)')}user prod-bob can hand any role to any service (only when Env is not dev)`]]],
    ['name-allowed-beside-denied.json', [['only when Env is not dev', `${notKnownLabel('policy PassRoles (attached to user Bob and to user prod-bob)')}user prod-bob can hand any role to any service (only when Env is not dev)`]]],
    // Env allows dev only: ${Env}-bob is Bob.
    ['name-allowed-declared-beside-denied.yaml', []],
    ['name-allowed-declared-beside-denied.json', []],
    // Env's AllowedPattern refuses dev: ${Env}-bob is never Bob, in any case.
    ['name-pattern-refuses-declared-beside-denied.yaml', [[undefined, `${notKnownLabel('policy PassRoles (attached to user Bob and to user ${Env}-bob)')}user \${Env}-bob can hand any role to any service`]]],
    ['name-pattern-refuses-declared-beside-denied.json', [[undefined, `${notKnownLabel('policy PassRoles (attached to user Bob and to user ${Env}-bob)')}user \${Env}-bob can hand any role to any service`]]],
    // Env's AllowedPattern leaves dev alone of its AllowedValues: ${Env}-bob is Bob.
    ['name-allowed-pattern-declared-beside-denied.yaml', []],
    ['name-allowed-pattern-declared-beside-denied.json', []],
    [
      'tf-name-not-known-beside-denied',
      [
        [
          'only when var.env is not "dev"',
          `${notKnownLabel('policy aws_iam_policy.pass_roles (attached to user aws_iam_user.bob and to user ${var.env}-bob)')}user \${var.env}-bob can hand any role to any service (only when var.env is not "dev")`,
        ],
      ],
    ],
    [
      'tf-inline-name-not-known-beside-denied',
      [['only when var.env is not "dev"', `${notKnownLabel('policy aws_iam_user_policy.pass_roles (attached to user ${var.env}-bob)')}user \${var.env}-bob can hand any role to any service (only when var.env is not "dev")`]],
    ],
    // A plan decides var.env: prod-bob is a user made elsewhere, dev-bob is bob.
    ['name-not-known-beside-denied-prod.plan.json', [[undefined, `${notKnownLabel('policy aws_iam_policy.pass_roles (attached to user aws_iam_user.bob and to user prod-bob, which this plan does not declare)')}user prod-bob can hand any role to any service`]]],
    ['name-not-known-beside-denied-dev.plan.json', []],
  ])('an Allow attached beside a guarded user by a name not known that may be that user holds only where it names another (%s)', async (fixture, expected) => {
    expect((await fixtureFindings('identity-passrole-unscoped', fixture)).map((finding) => [finding.branch, finding.message])).toEqual(expected);
  });

  // Beside a name exposed in any case, the finding holds in any case, and the name not known is named with when it holds
  // for it, as a declared principal is (`elsewhereText`).
  it.each<[string, string, string]>([
    ['identity-passrole-unscoped', 'name-not-known-beside-denied-and-other.yaml', `${notKnownLabel('policy PassRoles (attached to user Bob and to user alice, which this template does not declare, and to user ${Env}-bob)')}user alice and user \${Env}-bob when Env is not dev can hand any role to any service`],
    ['identity-passrole-unscoped', 'name-not-known-beside-denied-and-other.json', `${notKnownLabel('policy PassRoles (attached to user Bob and to user alice, which this template does not declare, and to user ${Env}-bob)')}user alice and user \${Env}-bob when Env is not dev can hand any role to any service`],
    [
      'identity-passrole-unscoped',
      'tf-name-not-known-beside-denied-and-other',
      `${notKnownLabel('policy aws_iam_policy.pass_roles (attached to user aws_iam_user.bob and to user alice, which this configuration does not declare, and to user ${var.env}-bob)')}user alice and user \${var.env}-bob when var.env is not "dev" can hand any role to any service`,
    ],
    [
      'identity-abac-tag-bypass',
      'tf-name-not-known-beside-denied-and-other',
      'user alice and user ${var.env}-bob when var.env is not "dev" can retag SageMaker resources around its tag-based access: policy aws_iam_policy.abac (attached to user aws_iam_user.bob and to user alice, which this configuration does not declare, and to user ${var.env}-bob) allows sagemaker:AddTags with no limit (aws:TagKeys, sagemaker:TaggingAction, aws:RequestTag with aws:ResourceTag, or a Deny) that keeps it from setting the tag outside resource creation, while policy aws_iam_policy.abac (attached to user aws_iam_user.bob and to user alice, which this configuration does not declare, and to user ${var.env}-bob) decides access by the tag Project',
    ],
  ])('%s: a name not known beside a guarded user it may be and a name exposed in any case is named with when it holds for it (%s)', async (ruleId, fixture, message) => {
    expect((await fixtureFindings(ruleId, fixture)).map((finding) => [finding.branch, finding.message])).toEqual([[undefined, message]]);
  });

  it('a name not known beside a declared user it may be is named only where that user\'s Denies protect it', async () => {
    const hcl = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'identity-passrole-unscoped', 'tf-name-not-known-beside-denied', 'main.tf'), 'utf8');
    const found = async (text: string) => (await scanText(text, 'main.tf')).findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => [finding.branch, finding.message]);
    // Without the group's Deny bob is exposed, and so is the name that may be his or a user made elsewhere: the one finding names both.
    const unguarded = hcl.replace(/resource "aws_iam_user_group_membership" "bob" \{[^}]*\}\n/, '');
    expect(unguarded).not.toBe(hcl);
    expect(await found(unguarded)).toEqual([[undefined, `${notKnownLabel('policy aws_iam_policy.pass_roles (attached to user aws_iam_user.bob and to user ${var.env}-bob)')}user aws_iam_user.bob and user \${var.env}-bob can hand any role to any service`]]);
    // A name bob's cannot be ("${var.env}-carl") is another user whatever var.env is: bob's Deny protects it nowhere.
    expect(await found(hcl.replaceAll('"${var.env}-bob"', '"${var.env}-carl"'))).toEqual([[undefined, `${notKnownLabel('policy aws_iam_policy.pass_roles (attached to user aws_iam_user.bob and to user ${var.env}-carl)')}user \${var.env}-carl can hand any role to any service`]]);
    // A Deny attached by the same value protects whoever it names, where the Allow is attached by that value alone too.
    const deniedAlike = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'identity-passrole-unscoped', 'tf-name-not-known-denied-alike', 'main.tf'), 'utf8');
    const aloneDeniedAlike = deniedAlike.replace(/resource "aws_iam_user_policy_attachment" "bob" \{[^}]*\}\n/, '');
    expect(aloneDeniedAlike).not.toBe(deniedAlike);
    expect(await found(aloneDeniedAlike)).toEqual([]);
    // Another value ("${var.team}-bob") may name another user.
    const otherValue = `${aloneDeniedAlike}\nvariable "team" {\n  type = string\n}\n`.replace('user       = "${var.env}-bob"\n  policy_arn = aws_iam_policy.no_passrole.arn', 'user       = "${var.team}-bob"\n  policy_arn = aws_iam_policy.no_passrole.arn');
    expect(otherValue).toContain('"${var.team}-bob"');
    expect(await found(otherValue)).toEqual([
      ['only when var.env is not "dev"', `${notKnownLabel('policy aws_iam_policy.pass_roles (attached to user ${var.env}-bob)')}user \${var.env}-bob can hand any role to any service (only when var.env is not "dev")`],
    ]);
    // Given a value, the name is bob's or another's.
    expect(await found(`${hcl}\nvariable "given" {\n  default = "dev"\n}\n`.replaceAll('"${var.env}-bob"', '"${var.given}-bob"'))).toEqual([]);
    expect(await found(`${hcl}\nvariable "given" {\n  default = "prod"\n}\n`.replaceAll('"${var.env}-bob"', '"${var.given}-bob"'))).toEqual([
      [undefined, `${notKnownLabel('policy aws_iam_policy.pass_roles (attached to user aws_iam_user.bob and to user prod-bob, which this configuration does not declare)')}user prod-bob can hand any role to any service`],
    ]);
  });

  // A name not known that may be a guarded user, or a user made elsewhere, beside a Deny of an action the deployer
  // chooses: each case of that choice is read, for the user made elsewhere and for the declared one alike.
  const chosenDenyLabel = (attached: string, holders: string, when?: string) => `${notKnownLabel(attached)}${holders} can hand any role to any service${when ? ` (only when ${when})` : ''}`;
  const cfnPassRoles = 'policy PassRoles (attached to user Bob and to user ${Env}-bob)';
  const tfPassRoles = 'policy aws_iam_policy.pass_roles (attached to user aws_iam_user.bob and to user ${var.env}-bob)';
  it.each<[string, Array<[string | undefined, string]>]>([
    // Bob's own Deny protects him: the finding holds where the name is another's and the chosen Deny does not refuse.
    ['name-not-known-beside-denied-deny-chosen.yaml', [['only when Env is not dev and DeniedAction is s3:GetObject', chosenDenyLabel(cfnPassRoles, 'user ${Env}-bob', 'Env is not dev and DeniedAction is s3:GetObject')]]],
    ['name-not-known-beside-denied-deny-chosen.json', [['only when Env is not dev and DeniedAction is s3:GetObject', chosenDenyLabel(cfnPassRoles, 'user ${Env}-bob', 'Env is not dev and DeniedAction is s3:GetObject')]]],
    ['tf-name-not-known-beside-denied-deny-chosen', [['only when var.env is not "dev" and var.strict is false', chosenDenyLabel(tfPassRoles, 'user ${var.env}-bob', 'var.env is not "dev" and var.strict is false')]]],
    ['name-not-known-beside-denied-deny-chosen-lax.plan.json', [[undefined, chosenDenyLabel('policy aws_iam_policy.pass_roles (attached to user aws_iam_user.bob and to user prod-bob, which this plan does not declare)', 'user prod-bob')]]],
    ['name-not-known-beside-denied-deny-chosen-strict.plan.json', []],
    // Each action the choice may give refuses iam:PassRole.
    ['name-not-known-beside-denied-deny-chosen-refused.yaml', []],
    ['name-not-known-beside-denied-deny-chosen-refused.json', []],
    ['tf-name-not-known-beside-denied-deny-chosen-refused', []],
    // Without Bob's own Deny, the chosen Deny alone decides, for Bob and for whoever the name is.
    ['name-not-known-deny-chosen.yaml', [['only when DeniedAction is s3:GetObject', chosenDenyLabel(cfnPassRoles, 'user Bob and user ${Env}-bob', 'DeniedAction is s3:GetObject')]]],
    ['name-not-known-deny-chosen.json', [['only when DeniedAction is s3:GetObject', chosenDenyLabel(cfnPassRoles, 'user Bob and user ${Env}-bob', 'DeniedAction is s3:GetObject')]]],
    ['tf-name-not-known-deny-chosen', [['only when var.strict is false', chosenDenyLabel(tfPassRoles, 'user aws_iam_user.bob and user ${var.env}-bob', 'var.strict is false')]]],
    // Env can only be dev: the name is Bob's, exposed only where his own chosen Deny does not refuse.
    ['name-allowed-declared-deny-chosen.yaml', [['only when DeniedAction is s3:GetObject', chosenDenyLabel(cfnPassRoles, 'user Bob and user ${Env}-bob', 'DeniedAction is s3:GetObject')]]],
    ['name-allowed-declared-deny-chosen.json', [['only when DeniedAction is s3:GetObject', chosenDenyLabel(cfnPassRoles, 'user Bob and user ${Env}-bob', 'DeniedAction is s3:GetObject')]]],
  ])('a name not known that may be a declared user, beside a Deny of a value the deployer chooses, is read per value (%s)', async (fixture, expected) => {
    expect((await fixtureFindings('identity-passrole-unscoped', fixture)).map((finding) => [finding.branch, finding.message])).toEqual(expected);
  });

  it('a Deny of a value the deployer chooses beside a name not known that may be a guarded user is read per value wherever it is attached by that name', async () => {
    const hcl = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'identity-passrole-unscoped', 'tf-name-not-known-beside-denied-deny-chosen', 'main.tf'), 'utf8');
    const found = async (text: string) => (await scanText(text, 'main.tf')).findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => [finding.branch, finding.message]);
    const chosenDeny = '      { Effect = "Deny", Action = var.strict ? "iam:PassRole" : "s3:GetObject", Resource = "*" },\n';
    expect(hcl).toContain(chosenDeny);
    // A Deny that refuses nothing of iam:PassRole in any case leaves the name exposed wherever it is not bob's.
    expect(await found(hcl.replace(chosenDeny, '      { Effect = "Deny", Action = "s3:GetObject", Resource = "*" },\n'))).toEqual([
      ['only when var.env is not "dev"', chosenDenyLabel(tfPassRoles, 'user ${var.env}-bob', 'var.env is not "dev"')],
    ]);
    // The chosen Deny in a policy of its own attached by the same value is read with the Allow, as in one policy.
    const apart = `${hcl.replace(chosenDeny, '')}
resource "aws_iam_policy" "chosen_deny" {
  name   = "chosen-deny"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = var.strict ? "iam:PassRole" : "s3:GetObject", Resource = "*" }] })
}

resource "aws_iam_user_policy_attachment" "env_bob_chosen_deny" {
  user       = "\${var.env}-bob"
  policy_arn = aws_iam_policy.chosen_deny.arn
}
`;
    expect(await found(apart)).toEqual([['only when var.env is not "dev" and var.strict is false', chosenDenyLabel(tfPassRoles, 'user ${var.env}-bob', 'var.env is not "dev" and var.strict is false')]]);
  });

  it('identity-full-admin reads a name not known that may be a guarded user per value of a chosen Deny, as identity-passrole-unscoped does', async () => {
    const read = (fixture: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'identity-passrole-unscoped', fixture, 'main.tf'), 'utf8');
    // Every action allowed, and denied to bob, or by the choice, in place of iam:PassRole.
    const toAdmin = (hcl: string) => {
      const text = hcl.replaceAll('Action = "iam:PassRole"', 'Action = "*"').replace('var.strict ? "iam:PassRole"', 'var.strict ? "*"');
      expect(text).not.toMatch(/Action = [^,]*"iam:PassRole"/);
      return text;
    };
    const found = async (text: string) => (await scanText(text, 'main.tf')).findings.filter((finding) => finding.ruleId === 'identity-full-admin').map((finding) => [finding.branch, finding.message]);
    const admin = (holders: string, when: string) => `${tfPassRoles} allows every action on every resource with no condition that limits it: ${holders} can do anything in the account (only when ${when})`;
    expect(await found(toAdmin(read('tf-name-not-known-beside-denied-deny-chosen')))).toEqual([
      ['only when var.env is not "dev" and var.strict is false', admin('user ${var.env}-bob', 'var.env is not "dev" and var.strict is false')],
    ]);
    expect(await found(toAdmin(read('tf-name-not-known-deny-chosen')))).toEqual([['only when var.strict is false', admin('user aws_iam_user.bob and user ${var.env}-bob', 'var.strict is false')]]);
  });

  it.each(['name-allowed-declared-deny-chosen.yaml', 'name-allowed-declared-deny-chosen.json'])('identity-abac-tag-bypass: a name that can only be a guarded user holds where that user\'s chosen Deny leaves tagging (%s)', async (fixture) => {
    const retags = (holder: string) =>
      `${holder} can retag SageMaker resources around its tag-based access: policy Abac (attached to user Bob and to user \${Env}-bob) allows sagemaker:AddTags with no limit (aws:TagKeys, sagemaker:TaggingAction, aws:RequestTag with aws:ResourceTag, or a Deny) that keeps it from setting the tag outside resource creation, while policy Abac (attached to user Bob and to user \${Env}-bob) decides access by the tag Project (only when DeniedAction is s3:GetObject)`;
    expect((await fixtureFindings('identity-abac-tag-bypass', fixture)).map((finding) => [finding.branch, finding.message])).toEqual([
      ['only when DeniedAction is s3:GetObject', retags('user Bob')],
      ['only when DeniedAction is s3:GetObject', retags('user ${Env}-bob')],
    ]);
  });

  it('a template parameter\'s AllowedPattern that may give the guarded user\'s name, or that JavaScript does not read as CloudFormation does, keeps the finding to where the name is not his', async () => {
    const yaml = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'identity-passrole-unscoped', 'name-pattern-refuses-declared-beside-denied.yaml'), 'utf8');
    // Env's AllowedPattern, and a parameter Team that allows any value.
    const found = async (pattern: string, users = "!Sub '${Env}-bob'") => {
      const text = yaml.replace("    AllowedPattern: '^prod-.*'\n", () => `    AllowedPattern: '${pattern}'\n  Team:\n    Type: String\n`).replace("!Sub '${Env}-bob'", () => users);
      expect(text).toContain(`AllowedPattern: '${pattern}'\n  Team:`);
      expect(text).toContain(users);
      return (await scanText(text)).findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => [finding.branch, finding.message.split(': ').at(-1)]);
    };
    expect(await found('^[a-z]+$')).toEqual([['only when Env is not dev', 'user ${Env}-bob can hand any role to any service (only when Env is not dev)']]);
    // IAM reads DEV-bob as dev-bob.
    expect(await found('^DEV$')).toEqual([['only when Env is not dev', 'user ${Env}-bob can hand any role to any service (only when Env is not dev)']]);
    // The piece is empty where the text around it is the whole name.
    expect(await found('^[a-z]*$', "!Sub 'dev-bob${Env}'")).toEqual([['only when Env is not ""', 'user dev-bob${Env} can hand any role to any service (only when Env is not "")']]);
    // Java's quoting, which JavaScript does not read: the pattern is not read.
    expect(await found('^\\Qprod\\E-.*$')).toEqual([['only when Env is not dev', 'user ${Env}-bob can hand any role to any service (only when Env is not dev)']]);
    // Of two pieces, Env is the text before the dash of dev-bob, which ^prod-.* refuses; ^[a-z]+$ does not, and no one piece names Bob.
    expect(await found('^prod-.*', "!Sub '${Env}-${Team}'")).toEqual([[undefined, 'user ${Env}-${Team} can hand any role to any service']]);
    expect(await found('^[a-z]+$', "!Sub '${Env}-${Team}'")).toEqual([['only when ${Env}-${Team} in PassRoles does not name Bob', 'user ${Env}-${Team} can hand any role to any service (only when ${Env}-${Team} in PassRoles does not name Bob)']]);
  });

  it('says when a name not known names none of the guarded users by the value its one piece takes for each, and by the value where no one piece names each', async () => {
    const hcl = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'identity-passrole-unscoped', 'tf-name-not-known-beside-denied', 'main.tf'), 'utf8');
    const branches = async (text: string) => (await scanText(text, 'main.tf')).findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => finding.branch);
    const guarded = (name: string, address: string) => `${hcl}\nresource "aws_iam_user" "${address}" {\n  name = "${name}"\n}\nresource "aws_iam_user_group_membership" "${address}" {\n  user   = aws_iam_user.${address}.name\n  groups = [aws_iam_group.no_passrole.name]\n}\n`;
    expect(await branches(guarded('prod-bob', 'prod_bob'))).toEqual(['only when var.env is not "dev" or "prod"']);
    // One whose name is not written out leaves no one value: the value is named.
    expect(await branches(`${guarded('${var.team}-bob', 'team_bob')}\nvariable "team" {\n  type = string\n}\n`)).toEqual(['only when ${var.env}-bob in aws_iam_user_policy_attachment.env_bob does not name aws_iam_user.bob or aws_iam_user.team_bob']);
    // A local holding the text names bob by the variable's value.
    const byLocal = `${hcl.replaceAll('user       = "${var.env}-bob"', 'user       = local.env_bob')}\nlocals {\n  env_bob = "\${var.env}-bob"\n}\n`;
    expect(byLocal).toContain('user       = local.env_bob');
    expect(await branches(byLocal)).toEqual(['only when var.env is not "dev"']);
    // Nor does a function of the variable, which may give the name in any case.
    expect(await branches(hcl.replaceAll('"${var.env}-bob"', '"${upper(var.env)}-bob"'))).toEqual(['only when ${upper(var.env)}-bob in aws_iam_user_policy_attachment.env_bob does not name aws_iam_user.bob']);
  });

  // A membership by the value a policy is attached by puts whoever it names in its group, whose Deny protects that one.
  it.each<[string, Array<[string | undefined, string]>]>([
    ['name-not-known-member-denied.yaml', []],
    ['name-not-known-member-denied.json', []],
    ['tf-name-not-known-member-denied', []],
    ['name-not-known-member-denied-prod.plan.json', []],
    // Another value may name another user.
    ['name-not-known-member-other-value.yaml', [['only when Env is not dev', `${notKnownLabel('policy PassRoles (attached to user Bob and to user ${Env}-bob)')}user \${Env}-bob can hand any role to any service (only when Env is not dev)`]]],
    ['name-not-known-member-other-value.json', [['only when Env is not dev', `${notKnownLabel('policy PassRoles (attached to user Bob and to user ${Env}-bob)')}user \${Env}-bob can hand any role to any service (only when Env is not dev)`]]],
    ['tf-name-not-known-member-other-value', [['only when var.env is not "dev"', `${notKnownLabel('policy aws_iam_policy.pass_roles (attached to user aws_iam_user.bob and to user ${var.env}-bob)')}user \${var.env}-bob can hand any role to any service (only when var.env is not "dev")`]]],
    // The plan decides var.env (prod) and var.team (qa): prod-bob holds the policy, qa-bob the group's Deny.
    ['name-not-known-member-other-value-prod.plan.json', [[undefined, `${notKnownLabel('policy aws_iam_policy.pass_roles (attached to user aws_iam_user.bob and to user prod-bob, which this plan does not declare)')}user prod-bob can hand any role to any service`]]],
  ])('a group\'s Deny reaching a name not known by a membership of the same value protects the policy attached by it (%s)', async (fixture, expected) => {
    expect((await fixtureFindings('identity-passrole-unscoped', fixture)).map((finding) => [finding.branch, finding.message])).toEqual(expected);
  });

  it('a membership protects a policy attached by a value not known only where it is the same expression, in the same account, into a group that denies', async () => {
    const hcl = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'identity-passrole-unscoped', 'tf-name-not-known-member-denied', 'main.tf'), 'utf8');
    const membership = 'resource "aws_iam_user_group_membership" "env_bob" {\n  user   = "${var.env}-bob"\n  groups = [aws_iam_group.no_passrole.name]\n}\n';
    expect(hcl).toContain(membership);
    const branches = async (written: string, extra = '') => {
      const text = `${hcl.replace(membership, () => written)}${extra}`;
      return (await scanText(text, 'main.tf')).findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => finding.branch);
    };
    const exposed = ['only when var.env is not "dev"'];
    // The same text, written otherwise, or by a membership of another type.
    expect(await branches(membership.replace('"${var.env}-bob"', 'format("%s-bob", var.env)'))).toEqual([]);
    expect(await branches('resource "aws_iam_group_membership" "env_bob" {\n  name  = "env-bob"\n  users = ["${var.env}-bob"]\n  group = aws_iam_group.no_passrole.name\n}\n')).toEqual([]);
    // A group without a Deny protects no one.
    expect(await branches(membership.replace('aws_iam_group.no_passrole.name', 'aws_iam_group.other.name'), 'resource "aws_iam_group" "other" {\n  name = "other"\n}\n')).toEqual(exposed);
    // Made through another provider configuration, which may deploy to another account: another user of that name.
    const otherAccount = 'provider "aws" {\n  alias = "other"\n}\n';
    expect(await branches(membership.replace('user   =', 'provider = aws.other\n  user   ='), otherAccount)).toEqual(exposed);
  });

  // One text names one principal only in one account: a Deny attached by it through another provider configuration is
  // another account's user's.
  it.each<[string, string[]]>([
    ['tf-name-not-known-denied-other-account', [`${notKnownLabel('policy aws_iam_policy.pass_roles (attached to user aws_iam_user.bob and to user ${var.env}-bob)')}user \${var.env}-bob can hand any role to any service (only when var.env is not "dev")`]],
    ['tf-name-not-known-denied-same-other-account', []],
  ])('a Deny attached by the same value not known protects the policy only in the same account (%s)', async (fixture, expected) => {
    expect((await fixtureFindings('identity-passrole-unscoped', fixture)).map((finding) => finding.message)).toEqual(expected);
  });

  // Real plans, alone, of `"${aws_iam_group.team.unique_id}-bob"`, known only after apply, holding pass-roles beside a Deny
  // attached by a value the configuration writes with the same references. The plan keeps no expression: the two values
  // may be one user, whose Deny leaves the answer open, only through one provider configuration and where the Deny may
  // refuse the request. The finding says the value as the plan knows it, by the attachment that writes it.
  it.each<[string, string[]]>([
    ['references-alike-denied.plan.json', []],
    ['references-alike-denied-other-provider.plan.json', [`${notKnownLabel('policy aws_iam_policy.pass_roles (attached to user aws_iam_user.bob and to a user whose name is not known)')}a user whose name is not known can hand any role to any service (only when aws_iam_user_policy_attachment.env_bob does not name aws_iam_user.bob)`]],
    ['references-alike-denied-other-action.plan.json', [`${notKnownLabel('policy aws_iam_policy.pass_roles (attached to user aws_iam_user.bob and to a user whose name is not known)')}a user whose name is not known can hand any role to any service (only when aws_iam_user_policy_attachment.env_bob does not name aws_iam_user.bob)`]],
    ['references-other-denied.plan.json', [`${notKnownLabel('policy aws_iam_policy.pass_roles (attached to user aws_iam_user.bob and to a user whose name is not known)')}a user whose name is not known can hand any role to any service (only when aws_iam_user_policy_attachment.env_bob does not name aws_iam_user.bob)`]],
    // A membership by a value of the same references into a group that denies, through the same provider configuration or another.
    ['references-alike-member-denied.plan.json', []],
    ['references-alike-member-denied-other-provider.plan.json', [`${notKnownLabel('policy aws_iam_policy.pass_roles (attached to user aws_iam_user.bob and to a user whose name is not known)')}a user whose name is not known can hand any role to any service (only when aws_iam_user_policy_attachment.env_bob does not name aws_iam_user.bob)`]],
    // The same by the one entry of a users list (aws_iam_group_membership, aws_iam_policy_attachment), whose references the
    // configuration lists for the whole list: through another provider configuration, or a Deny of another action, it fires.
    ['references-alike-member-list-denied.plan.json', []],
    ['references-alike-member-list-denied-other-provider.plan.json', [`${notKnownLabel('policy aws_iam_policy.pass_roles (attached to user aws_iam_user.bob and to a user whose name is not known)')}a user whose name is not known can hand any role to any service (only when aws_iam_user_policy_attachment.env_bob does not name aws_iam_user.bob)`]],
    ['references-alike-attachment-list-denied.plan.json', []],
    ['references-alike-attachment-list-denied-other-action.plan.json', [`${notKnownLabel('policy aws_iam_policy.pass_roles (attached to user aws_iam_user.bob and to a user whose name is not known)')}a user whose name is not known can hand any role to any service (only when aws_iam_user_policy_attachment.env_bob does not name aws_iam_user.bob)`]],
  ])('in a plan alone, a Deny attached, or a membership made, by a value known only after apply of the same references may protect the user another names (%s)', async (fixture, expected) => {
    expect((await fixtureFindings('identity-passrole-unscoped', fixture)).map((finding) => finding.message)).toEqual(expected);
  });

  // A real plan beside the `.tf` it was made from: the text joins two attachments of `"${aws_iam_group.team.unique_id}-bob"`,
  // known only after apply, as the .tf scan does, only through one provider configuration.
  it.each<[string, string[]]>([
    ['tf-plan-expression-alike-denied', []],
    ['tf-plan-expression-alike-denied-other-provider', [`${notKnownLabel('policy aws_iam_policy.pass_roles (attached to user aws_iam_user.bob and to user ${aws_iam_group.team.unique_id}-bob)')}user \${aws_iam_group.team.unique_id}-bob can hand any role to any service (only when \${aws_iam_group.team.unique_id}-bob in aws_iam_user_policy_attachment.env_bob does not name aws_iam_user.bob)`]],
  ])('in a plan beside its .tf, a Deny attached by the same text known only after apply protects the user it names (%s)', async (fixture, expected) => {
    expect((await fixtureFindings('identity-passrole-unscoped', fixture)).map((finding) => finding.message)).toEqual(expected);
  });

  // Real plans beside the `.tf` they were made from, read as the .tf files alone are: an entry of a users list is keyed by
  // its own text (`users = ["${aws_iam_group.team.unique_id}-bob"]`), not the list's, and a join() or format() of quoted
  // text and references by the text it writes, which the same value written as a template shares.
  const exposedBob = (namedBy: string) =>
    `${notKnownLabel('policy aws_iam_policy.pass_roles (attached to user aws_iam_user.bob and to user ${aws_iam_group.team.unique_id}-bob)')}user \${aws_iam_group.team.unique_id}-bob can hand any role to any service (only when \${aws_iam_group.team.unique_id}-bob in ${namedBy} does not name aws_iam_user.bob)`;
  it.each<[string, string[], string[]?]>([
    ['tf-plan-expression-member-list-denied', []],
    ['tf-plan-expression-member-list-denied-other-literal', [exposedBob('aws_iam_user_policy_attachment.env_bob')]],
    ['tf-plan-expression-member-list-denied-other-provider', [exposedBob('aws_iam_user_policy_attachment.env_bob')]],
    ['tf-plan-expression-member-join-denied', []],
    ['tf-plan-expression-json-member-list-denied', []],
    ['tf-plan-expression-attachment-list-denied', []],
    ['tf-plan-expression-attachment-list-denied-other-action', [exposedBob('aws_iam_policy_attachment.env_bob_deny')]],
    ['tf-plan-expression-attachment-list-two', [`${notKnownLabel('policy aws_iam_policy.pass_roles (attached to user aws_iam_user.bob and to user ${aws_iam_group.team.unique_id}-alice and user ${aws_iam_group.team.unique_id}-bob)')}user \${aws_iam_group.team.unique_id}-alice can hand any role to any service`]],
    ['tf-plan-expression-format-denied-by-template', []],
    ['tf-plan-expression-format-other-literal', [exposedBob('aws_iam_user_policy_attachment.env_bob')]],
    // A declared user named "${aws_iam_group.team.unique_id}-bob", whose name the plan knows only as not known: named by the
    // same text written otherwise, not by another. The plan does not tell that "-alice" cannot be that user's name; the .tf does.
    ['tf-plan-expression-declared-user-format', []],
    ['tf-plan-expression-declared-user-format-other-provider', []],
    [
      'tf-plan-expression-declared-user-format-other-literal',
      [`${notKnownLabel('policy aws_iam_policy.pass_roles (attached to user aws_iam_user.bob and to user ${aws_iam_group.team.unique_id}-alice)')}user \${aws_iam_group.team.unique_id}-alice can hand any role to any service (only when \${aws_iam_group.team.unique_id}-alice in aws_iam_user_policy_attachment.env_bob does not name aws_iam_user.env_bob)`],
      [`${notKnownLabel('policy aws_iam_policy.pass_roles (attached to user aws_iam_user.bob and to user ${aws_iam_group.team.unique_id}-alice)')}user \${aws_iam_group.team.unique_id}-alice can hand any role to any service`],
    ],
  ])('in a plan beside its .tf, a list entry or a join()/format() known only after apply is joined by its text, as in the .tf alone (%s)', async (fixture, beside, alone = beside) => {
    const folder = join(import.meta.dirname, '..', 'fixtures', 'identity-passrole-unscoped', fixture);
    const written = readdirSync(folder).filter((name) => /\.tf(?:\.json)?$/.test(name));
    for (const [paths, expected] of [[[folder], beside], [written.map((name) => join(folder, name)), alone]] as const) {
      const result = await scan(paths);
      expect(result.errors).toEqual([]);
      expect(result.findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => finding.message)).toEqual(expected);
    }
  });

  // A name given to IAM names the principal of the giving resource's provider configuration, where one of that name is:
  // a namesake made through another configuration (another account) neither hides it nor is taken for it. The user
  // "${aws_iam_group.team.unique_id}-bob" joins the denying group only through aws.other, not the account it is given
  // pass-roles in.
  const groupOtherAccount = `${notKnownLabel('policy aws_iam_policy.pass_roles (attached to user aws_iam_user.bob and to user ${aws_iam_group.team.unique_id}-bob)')}user \${aws_iam_group.team.unique_id}-bob can hand any role to any service (only when \${aws_iam_group.team.unique_id}-bob in aws_iam_user_policy_attachment.env_bob does not name aws_iam_user.bob)`;
  const principalsOtherAccount = `${notKnownLabel('policy aws_iam_policy.pass_roles (attached to role aws_iam_role.r and user aws_iam_user.bob)')}role aws_iam_role.r can hand any role to any service`;
  it.each<[string, string[]]>([
    ['tf-same-name-group-other-account', [groupOtherAccount]],
    ['tf-plan-same-name-group-other-account', [groupOtherAccount]],
    ['same-name-group-other-account.plan.json', [`${notKnownLabel('policy aws_iam_policy.pass_roles (attached to user aws_iam_user.bob and to a user whose name is not known)')}a user whose name is not known can hand any role to any service (only when aws_iam_user_policy_attachment.env_bob does not name aws_iam_user.bob)`]],
    ['tf-same-name-principals-other-account', [principalsOtherAccount]],
    ['same-name-principals-other-account.plan.json', [principalsOtherAccount]],
  ])('a name names the principal of its own provider configuration beside a namesake of another (%s)', async (fixture, expected) => {
    expect((await fixtureFindings('identity-passrole-unscoped', fixture)).map((finding) => finding.message)).toEqual(expected);
  });

  it('in a plan alone, values of other references, or of an instance\'s own key, are not read as one user', async () => {
    const plan = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'identity-passrole-unscoped', 'references-alike-denied.plan.json'), 'utf8')) as {
      configuration: { root_module: { resources: Array<{ address: string; expressions: Record<string, { references?: string[] }> }> } };
    };
    const branches = async (references: (address: string) => string[]) => {
      const edited = structuredClone(plan);
      for (const resource of edited.configuration.root_module.resources) {
        if (resource.address.startsWith('aws_iam_user_policy_attachment.env_bob')) resource.expressions.user = { references: references(resource.address) };
      }
      const result = await scanText(JSON.stringify(edited), 'edited.plan.json');
      expect(result.errors).toEqual([]);
      return result.findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => finding.branch);
    };
    const exposed = ['only when aws_iam_user_policy_attachment.env_bob does not name aws_iam_user.bob'];
    expect(await branches(() => ['aws_iam_group.team.unique_id', 'aws_iam_group.team'])).toEqual([]);
    // Listed in another order: the same references.
    expect(await branches((address) => (address.endsWith('_deny') ? ['aws_iam_group.team', 'aws_iam_group.team.unique_id'] : ['aws_iam_group.team.unique_id', 'aws_iam_group.team']))).toEqual([]);
    // each.key differs from one instance to the next.
    expect(await branches(() => ['each.key', 'aws_iam_group.team.unique_id', 'aws_iam_group.team'])).toEqual(exposed);
    // Only one of them reads it.
    expect(await branches((address) => (address.endsWith('_deny') ? ['aws_iam_group.no_passrole.unique_id', 'aws_iam_group.no_passrole'] : ['aws_iam_group.team.unique_id', 'aws_iam_group.team']))).toEqual(exposed);
  });

  // The same text names the declared user only where the attachment's provider configuration may deploy to its account.
  it('in a plan beside its .tf, a declared user named by the same text through a provider configuration of another account is another user, as in the .tf alone', async () => {
    const fixture = join(import.meta.dirname, '..', 'fixtures', 'identity-passrole-unscoped', 'tf-plan-expression-declared-user-format-other-provider');
    const plan = JSON.parse(readFileSync(join(fixture, 'plan.json'), 'utf8')) as { configuration: { provider_config: Record<string, { expressions: Record<string, unknown> }> } };
    const accounts: Record<string, string> = { aws: '111111111111', 'aws.other': '222222222222' };
    for (const [key, account] of Object.entries(accounts)) plan.configuration.provider_config[key]!.expressions.allowed_account_ids = { constant_value: [account] };
    let provider = 0;
    const hcl = readFileSync(join(fixture, 'main.tf'), 'utf8').replace(/^provider "aws" \{$/gm, (block) => `${block}\n  allowed_account_ids = ["${Object.values(accounts)[provider++]}"]`);
    expect(provider).toBe(2);
    const folder = mkdtempSync(join(tmpdir(), 'deputy-accounts-'));
    try {
      writeFileSync(join(folder, 'main.tf'), hcl);
      writeFileSync(join(folder, 'plan.json'), JSON.stringify(plan));
      for (const paths of [[folder], [join(folder, 'main.tf')]]) {
        const result = await scan(paths);
        expect(result.errors).toEqual([]);
        expect(result.findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => finding.message)).toEqual([
          `${notKnownLabel('policy aws_iam_policy.pass_roles (attached to user aws_iam_user.bob and to user ${aws_iam_group.team.unique_id}-bob)')}user \${aws_iam_group.team.unique_id}-bob can hand any role to any service`,
        ]);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  // The configuration lists references for a whole list: an entry has them as its own only where they name one resource.
  it('in a plan alone, an entry not known of a users list is read as the user a value of the same references names only where the list refers to one resource', async () => {
    type Edited = {
      planned_values: { root_module: { resources: Array<{ address: string; values: Record<string, unknown> }> } };
      resource_changes: Array<{ address: string; change: { after: Record<string, unknown>; after_unknown: Record<string, unknown> } }>;
      configuration: { root_module: { resources: Array<{ address: string; expressions: Record<string, { references?: string[] }> }> } };
    };
    const plan = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'identity-passrole-unscoped', 'references-alike-attachment-list-denied.plan.json'), 'utf8')) as Edited;
    const configured = (edited: Edited, address: string) => edited.configuration.root_module.resources.find((resource) => resource.address === address)!;
    const deny = 'aws_iam_policy_attachment.env_bob_deny';
    // The Deny's users list, as planned (null where not known), and the references the configuration lists for it and for
    // the user pass-roles is attached to.
    const branches = async (users: Array<string | null>, references: string[], userReferences = references) => {
      const edited = structuredClone(plan);
      edited.planned_values.root_module.resources.find((resource) => resource.address === deny)!.values.users = users;
      const { change } = edited.resource_changes.find((resource) => resource.address === deny)!;
      change.after.users = users;
      change.after_unknown.users = users.map((user) => user === null);
      configured(edited, deny).expressions.users = { references };
      configured(edited, 'aws_iam_user_policy_attachment.env_bob').expressions.user = { references: userReferences };
      const result = await scanText(JSON.stringify(edited), 'edited.plan.json');
      expect(result.errors).toEqual([]);
      return result.findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => finding.branch);
    };
    const team = ['aws_iam_group.team.unique_id', 'aws_iam_group.team'];
    const bobAndTeam = ['aws_iam_user.bob.name', 'aws_iam_user.bob', ...team];
    expect(await branches(['dev-bob', null], team)).toEqual([]);
    // Two entries not known of a list that refers to two resources: each reads one of them, not both as the user's value does.
    expect(await branches([null, null], bobAndTeam)).toEqual(['only when aws_iam_user_policy_attachment.env_bob does not name aws_iam_user.bob']);
  });

  it('a Deny attached by a value not known protects a policy attached by the same value only through the same provider configuration', async () => {
    const hcl = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'identity-passrole-unscoped', 'tf-name-not-known-denied-alike', 'main.tf'), 'utf8');
    const denyAttachment = 'resource "aws_iam_user_policy_attachment" "env_bob_deny" {\n  user       =';
    expect(hcl).toContain(denyAttachment);
    const branches = async (text: string) => (await scanText(text, 'main.tf')).findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => finding.branch);
    const otherProvider = 'provider "aws" {\n  alias = "other"\n}\n';
    const throughOther = (text: string) => `${otherProvider}${text.replace(denyAttachment, denyAttachment.replace('  user', '  provider   = aws.other\n  user'))}`;
    expect(await branches(hcl)).toEqual([]);
    // Another configuration, whose account is not known, may deploy to another account.
    expect(await branches(throughOther(hcl))).toEqual(['only when var.env is not "dev"']);
    // Both through it: one user of its account.
    const allowAttachment = 'resource "aws_iam_user_policy_attachment" "env_bob" {\n  user       =';
    expect(hcl).toContain(allowAttachment);
    expect(await branches(throughOther(hcl).replace(allowAttachment, allowAttachment.replace('  user', '  provider   = aws.other\n  user')))).toEqual([]);
  });

  it('a list of users not known beside a guarded user it may name holds only where it does not name that one', async () => {
    const template = (allowed: string) => `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Names:
    Type: CommaDelimitedList
${allowed}Resources:
  Bob:
    Type: AWS::IAM::User
    Properties:
      UserName: dev-bob
      Policies:
        - PolicyName: no-passrole
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Deny
                Action: iam:PassRole
                Resource: "*"
  PassRoles:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Users: !Ref Names
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: iam:PassRole
            Resource: "*"
`;
    const found = async (allowed: string) => (await scanText(template(allowed))).findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => [finding.branch, finding.message.split(': ').at(-1)]);
    expect(await found('')).toEqual([['only when \${Names} in PassRoles does not name Bob', 'a user whose name is not known can hand any role to any service (only when \${Names} in PassRoles does not name Bob)']]);
    expect(await found('    AllowedValues: [dev-bob, prod-bob]\n')).toEqual([['only when \${Names} in PassRoles does not name Bob', 'user prod-bob can hand any role to any service (only when \${Names} in PassRoles does not name Bob)']]);
    expect(await found('    AllowedValues: [dev-bob]\n')).toEqual([]);
  });

  it('retagging allowed beside a user whose own Deny takes tagging away, by a name not known that may be that user, holds only where it names another', async () => {
    const label = 'policy aws_iam_policy.abac (attached to user aws_iam_user.bob and to user ${var.env}-bob)';
    expect((await fixtureFindings('identity-abac-tag-bypass', 'tf-name-not-known-beside-denied')).map((finding) => [finding.branch, finding.message])).toEqual([
      [
        'only when var.env is not "dev"',
        `user \${var.env}-bob can retag SageMaker resources around its tag-based access: ${label} allows sagemaker:AddTags with no limit (aws:TagKeys, sagemaker:TaggingAction, aws:RequestTag with aws:ResourceTag, or a Deny) that keeps it from setting the tag outside resource creation, while ${label} decides access by the tag Project (only when var.env is not "dev")`,
      ],
    ]);
  });

  it('a value not known that may name many guarded users names twenty of them and counts the rest', async () => {
    const users = Array.from({ length: 25 }, (_, index) => `resource "aws_iam_user" "u${index}" {\n  name = "dev-u${index}"\n}\nresource "aws_iam_user_group_membership" "u${index}" {\n  user   = aws_iam_user.u${index}.name\n  groups = [aws_iam_group.deny.name]\n}\n`);
    const hcl = `variable "user" {\n  type = string\n}\nresource "aws_iam_group" "deny" {\n  name = "deny"\n}\nresource "aws_iam_group_policy" "deny" {\n  name   = "deny"\n  group  = aws_iam_group.deny.name\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "iam:PassRole", Resource = "*" }] })\n}\n${users.join('')}resource "aws_iam_user_policy" "p" {\n  name   = "p"\n  user   = var.user\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "iam:PassRole", Resource = "*" }] })\n}\n`;
    const findings = (await scanText(hcl, 'main.tf')).findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped');
    // var.user names each by its whole name.
    const names = Array.from({ length: 25 }, (_, index) => `"dev-u${index}"`).sort().slice(0, 20);
    expect(findings.map((finding) => finding.branch)).toEqual([`only when var.user is not ${names.join(', ')} and 5 more`]);
  });

  it('every identity rule that reads Denies holds a name not known beside a guarded user it may be only where it names another', async () => {
    const hcl = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'identity-passrole-unscoped', 'tf-name-not-known-beside-denied', 'main.tf'), 'utf8').replaceAll('Action = "iam:PassRole"', 'Action = "*"');
    const findings = (await scanText(hcl, 'main.tf')).findings;
    expect(findings.map((finding) => [finding.ruleId, finding.branch]).sort()).toEqual(
      ['identity-addtags-unscoped', 'identity-full-admin', 'identity-passrole-unscoped', 'identity-sagemaker-guardrail-missing'].map((ruleId) => [ruleId, 'only when var.env is not "dev"']),
    );
    expect(findings.find((finding) => finding.ruleId === 'identity-full-admin')?.message).toBe(
      'policy aws_iam_policy.pass_roles (attached to user aws_iam_user.bob and to user ${var.env}-bob) allows every action on every resource with no condition that limits it: user ${var.env}-bob can do anything in the account (only when var.env is not "dev")',
    );
  });

  it.each([
    ['name-chosen-for-declared-user.yaml', 'policy PassRoles (attached to user bob, which this template does not declare)', 'only when condition IsProd is false'],
    ['name-chosen-for-declared-user.json', 'policy PassRoles (attached to user bob, which this template does not declare)', 'only when condition IsProd is false'],
    ['tf-name-chosen-for-declared-user', 'policy aws_iam_policy.pass_roles (attached to user aws_iam_user.bob when var.prod is true and to user bob, which this configuration does not declare)', 'only when var.prod is false'],
  ])('an Allow attached by a literal name a declared user\'s chosen name may be holds only where that user, whose Deny protects it, is not chosen (%s)', async (fixture, label, branch) => {
    expect((await fixtureFindings('identity-passrole-unscoped', fixture)).map((finding) => [finding.branch, finding.message])).toEqual([
      [branch, `${label} allows iam:PassRole on Resource "*" with no iam:PassedToService condition: user bob can hand any role to any service (${branch})`],
    ]);
  });

  it('retagging allowed by a literal name a declared user\'s chosen name may be holds only where that user, whose Deny protects it, is not chosen', async () => {
    const result = await scan([join(import.meta.dirname, '..', 'fixtures', 'identity-abac-tag-bypass', 'tf-name-chosen-for-declared-user')]);
    expect(result.errors).toEqual([]);
    const label = 'policy aws_iam_policy.abac (attached to user aws_iam_user.bob when var.prod is true and to user bob, which this configuration does not declare)';
    const retags = (actions: string) =>
      `user bob can retag SageMaker resources around its tag-based access: ${label} allows ${actions} with no limit (aws:TagKeys, sagemaker:TaggingAction, aws:RequestTag with aws:ResourceTag, or a Deny) that keeps it from setting the tag outside resource creation, while ${label} decides access by the tag Project (only when var.prod is false)`;
    expect(result.findings.filter((finding) => finding.ruleId === 'identity-abac-tag-bypass').map((finding) => [finding.location.startLine, finding.branch, finding.message])).toEqual([
      [12, 'only when var.prod is false', retags('sagemaker:AddTags and sagemaker:DeleteTags')],
      [13, 'only when var.prod is false', retags('sagemaker:AddTags')],
    ]);
    expect(result.findings.filter((finding) => finding.ruleId === 'identity-addtags-unscoped').map((finding) => finding.branch)).toEqual(['only when var.prod is false', 'only when var.prod is false']);
  });

  it.each<[string, Array<[string, string | undefined]>]>([
    ['members-named-user-not-named.yaml', [['Bob', 'only when AddNamed does not name Bob'], ['Carol', undefined], ['Dave', 'only when AddNamed does not name Dave'], ['Erin', undefined]]],
    ['members-named-user-not-named.json', [['Bob', 'only when AddNamed does not name Bob'], ['Carol', undefined], ['Dave', 'only when AddNamed does not name Dave'], ['Erin', undefined]]],
    ['members-named-user-not-named-given.yaml', [['Carol', undefined], ['Erin', undefined]]],
    ['members-named-user-not-named-given.json', [['Carol', undefined], ['Erin', undefined]]],
    ['tf-members-named-user-not-named', [['aws_iam_user.bob', 'only when aws_iam_group_membership.ops and aws_iam_user_group_membership.bob do not name aws_iam_user.bob'], ['aws_iam_user.carol', undefined], ['aws_iam_user.dave', 'only when aws_iam_group_membership.ops does not name aws_iam_user.dave']]],
    ['tf-members-named-user-not-named-given', [['aws_iam_user.carol', undefined]]],
    ['members-named-user-not-named-given.plan.json', [['aws_iam_user.carol', undefined]]],
  ])('a membership by a literal name may name a user whose own name is not known, unless its known text or allowed values tell them apart (%s)', async (fixture, expected) => {
    const user = (address: string) => (address.includes('#') ? address.split('#')[1]! : address.replace('aws_iam_user_policy.', 'aws_iam_user.').replace('_passes_roles', ''));
    const passesAnyRole = (name: string, branch: string | undefined) => {
      const text = name.startsWith('aws_iam_user.')
        ? `policy ${name.replace('aws_iam_user.', 'aws_iam_user_policy.')}_passes_roles (attached to user ${name}) allows iam:PassRole on Resource "*" with no iam:PassedToService condition: user ${name} can hand any role to any service`
        : `policy pass-roles of user ${name} allows iam:PassRole on Resource "*" with no iam:PassedToService condition: user ${name} can hand any role to any service`;
      return branch === undefined ? text : `${text} (${branch})`;
    };
    expect((await fixtureFindings('identity-passrole-unscoped', fixture)).map((finding) => [user(finding.resource.address), finding.branch, finding.message])).toEqual(expected.map(([name, branch]) => [name, branch, passesAnyRole(name, branch)]));
  });

  it.each([
    ['tf-members-named-chosen-given', []],
    ['members-named-chosen-given.plan.json', []],
    // A plan decides var.prod: "bob" names no user of bob-dev's, and no Deny reaches them.
    ['members-named-chosen-not-prod.plan.json', [['aws_iam_user_policy.bob_passes_roles', undefined], ['aws_iam_user_policy.carol_passes_roles', undefined], ['aws_iam_user_policy.dave_passes_roles', undefined]]],
  ])('a literal membership or attachment of a user whose name is decided (%s)', async (fixture, expected) => {
    expect((await fixtureFindings('identity-passrole-unscoped', fixture)).map((finding) => [finding.resource.address, finding.branch])).toEqual(expected);
  });

  it('a membership of members not known whose group\'s Deny may not be attached: the finding holds where it does not name the user or the Deny is not there', async () => {
    const hcl = [
      hclVariable('members'),
      hclVariable('on', 'type = bool'),
      hclUser('u'),
      hclUserPolicy('allow', allowAll),
      hclGroup('guard'),
      hclGroupPolicy('no_iam', 'no-iam', 'guard', denyIam),
      hclManagedPolicy('no_sts', 'no-sts', denySts),
      `resource "aws_iam_group_policy_attachment" "no_sts" {
  count      = var.on ? 1 : 0
  group      = aws_iam_group.guard.name
  policy_arn = aws_iam_policy.no_sts.arn
}
`,
      hclMembersOf('m', 'members', 'aws_iam_group.guard.name'),
    ].join('');
    const branches = async (text: string, ruleId: string) => (await scanText(text, 'main.tf')).findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.branch);
    // The STS escalations are taken away only where no_sts is attached: left where it is not, named or not.
    expect(await branches(hcl, 'identity-full-admin')).toEqual(['only when aws_iam_user_group_membership.m does not name aws_iam_user.u or aws_iam_group_policy_attachment.no_sts is not created (its count is not known)']);
    // PassRole is refused by no_iam, which is there whenever the group is.
    expect(await branches(hcl, 'identity-passrole-unscoped')).toEqual(['only when aws_iam_user_group_membership.m does not name aws_iam_user.u']);
    // Named for certain, the attachment alone decides, as before.
    expect(await branches(hcl.replace('type = set(string)', 'default = ["u"]'), 'identity-full-admin')).toEqual(['only when aws_iam_group_policy_attachment.no_sts is not created (its count is not known)']);
  });

  it('a membership of members not known whose group a conditional chooses brings the Deny only where it is chosen: the finding says the other choice too', async () => {
    const hcl = [
      hclVariable('members'),
      hclVariable('on', 'type = bool'),
      hclUser('u'),
      hclUserPolicy('allow', allowPassRole),
      hclGroup('guard'),
      hclGroup('open'),
      hclGroupPolicy('guard', 'guard', 'guard', denyPassRole),
      hclMembersOf('m', 'members', 'var.on ? aws_iam_group.guard.name : aws_iam_group.open.name'),
    ].join('');
    const branches = async (text: string) => (await scanText(text, 'main.tf')).findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => finding.branch);
    expect(await branches(hcl)).toEqual(['only when aws_iam_user_group_membership.m does not name aws_iam_user.u or var.on is false']);
    // Chosen either way, the group is guard: the choice leaves no way out.
    expect(await branches(hcl.replace('aws_iam_group.open.name]', 'aws_iam_group.guard.name]'))).toEqual(['only when aws_iam_user_group_membership.m does not name aws_iam_user.u']);
  });

  it('memberships of members not known that each take away part of what is left: the finding holds where one or the other does not name the user', async () => {
    const hcl = [
      hclVariable('members'),
      hclVariable('others'),
      hclUser('u'),
      hclUserPolicy('allow', allowAll),
      hclGroup('no_iam', 'no-iam'),
      hclGroupPolicy('no_iam', 'no-iam', 'no_iam', denyIam),
      hclGroup('no_sts', 'no-sts'),
      hclGroupPolicy('no_sts', 'no-sts', 'no_sts', denySts),
      hclMembersOf('iam', 'members', 'aws_iam_group.no_iam.name'),
      hclMembersOf('sts', 'others', 'aws_iam_group.no_sts.name'),
    ].join('');
    const branches = async (text: string, ruleId: string) => (await scanText(text, 'main.tf')).findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.branch);
    // iam's Deny refuses the IAM escalations, sts's the STS ones: both must name u for none to be left.
    expect(await branches(hcl, 'identity-full-admin')).toEqual(['only when aws_iam_user_group_membership.iam does not name aws_iam_user.u or aws_iam_user_group_membership.sts does not name aws_iam_user.u']);
    // PassRole is refused by iam's alone.
    expect(await branches(hcl, 'identity-passrole-unscoped')).toEqual(['only when aws_iam_user_group_membership.iam does not name aws_iam_user.u']);
  });

  it('a membership whose members are not known grants nothing, and a Deny of its group that is not known leaves the request open where it names the user: the finding holds only where it does not', async () => {
    const passing = async (text: string) => (await scanText(text, 'main.tf')).findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => [finding.message.split(' condition: ')[1], finding.branch]);
    // The group allows: what it grants is the group's, and reaches no declared user through the membership.
    const allowing = membersNotKnown('{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }', allowPassRole);
    expect(await passing(allowing)).toEqual([['group aws_iam_group.guard can hand any role to any service', undefined]]);
    const unknownDeny = `${membersNotKnown(allowPassRole, '{ Effect = "Deny", Action = "iam:PassRole", Resource = var.denied }')}variable "denied" {
  type = string
}
`;
    expect(await passing(unknownDeny)).toEqual([[`user aws_iam_user.u can hand any role to any service (${notNamed})`, notNamed]]);
    // Named for certain, the open answer is no finding.
    expect(await passing(unknownDeny.replace('type = set(string)', 'default = ["u"]'))).toEqual([]);
    const retagging = async (text: string) => (await scanText(text, 'main.tf')).findings.filter((finding) => finding.ruleId === 'identity-abac-tag-bypass').map((finding) => finding.branch);
    const abac = `${membersNotKnown(
      '{ Effect = "Allow", Action = "sagemaker:DescribeTrainingJob", Resource = "*", Condition = { StringEquals = { "sagemaker:ResourceTag/Project" = "A" } } }, { Effect = "Allow", Action = "sagemaker:AddTags", Resource = "*" }',
      '{ Effect = "Deny", Action = ["sagemaker:AddTags", "sagemaker:DeleteTags"], Resource = var.denied }',
    )}variable "denied" {
  type = string
}
`;
    expect(await retagging(abac)).toEqual([notNamed]);
    expect(await retagging(abac.replace('type = set(string)', 'default = ["u"]'))).toEqual([]);
    const template = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Member:
    Type: String
  Denied:
    Type: String
Resources:
  Guard:
    Type: AWS::IAM::Group
    Properties:
      Policies:
        - PolicyName: guard
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - { Effect: Deny, Action: iam:PassRole, Resource: !Ref Denied }
  U:
    Type: AWS::IAM::User
    Properties:
      UserName: u
      Policies:
        - PolicyName: allow
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - { Effect: Allow, Action: iam:PassRole, Resource: "*" }
  AddMember:
    Type: AWS::IAM::UserToGroupAddition
    Properties:
      GroupName: !Ref Guard
      Users: [!Ref Member]
`;
    const inTemplate = (await scanText(template)).findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped');
    expect(inTemplate.map((finding) => finding.branch)).toEqual(['only when AddMember does not name U']);
  });

  it('a Deny whose attachment a conditional chooses against the Allow fires with the Allow\'s when alone, and one chosen either way with a Deny beside it is read as there', async () => {
    const hcl = [
      hclVariable('on', 'type = bool'),
      hclUser('u'),
      hclManagedPolicy('allow', 'allow', allowPassRole),
      hclManagedPolicy('deny', 'deny', denyPassRole),
      hclUserAttachment('chosen', 'u', 'var.on ? aws_iam_policy.allow.arn : aws_iam_policy.deny.arn'),
    ].join('');
    const messages = (text: string) => scanText(text, 'main.tf').then((result) => result.findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => [finding.message.split(' condition: ')[1], finding.branch]));
    // The Deny is left out wherever the Allow is attached: no condition of its own, not 'only when var.on is true' again.
    expect(await messages(hcl)).toEqual([['user aws_iam_user.u when var.on is true can hand any role to any service', undefined]]);
    // The Allow in a policy of the user's own, the Deny of iam:PassRole attached only when var.on is true and one of s3
    // only when it is false: both cannot be left out together, and the one the conditional names second (s3's) is read
    // as there (more protection, never a finding the input does not hold).
    const own = [
      hclVariable('on', 'type = bool'),
      hclUser('u'),
      hclUserPolicy('pass', allowPassRole),
      hclManagedPolicy('deny', 'deny', denyPassRole),
      hclManagedPolicy('no_s3', 'no-s3', '{ Effect = "Deny", Action = "s3:*", Resource = "*" }'),
      hclUserAttachment('chosen', 'u', 'var.on ? aws_iam_policy.deny.arn : aws_iam_policy.no_s3.arn'),
    ].join('');
    expect(await messages(own)).toEqual([['user aws_iam_user.u can hand any role to any service (only when var.on is false)', 'only when var.on is false']]);
    expect(await messages(own.replace('var.on ? aws_iam_policy.deny.arn : aws_iam_policy.no_s3.arn', 'var.on ? aws_iam_policy.deny.arn : aws_iam_policy.deny.arn'))).toEqual([]);
  });

  it('a Deny of tagging that may not exist, and whose Resource is not known where it does, leaves identity-abac-tag-bypass open: no finding', async () => {
    const fixture = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'identity-abac-tag-bypass', 'tf-deny-creation-not-known', 'main.tf'), 'utf8');
    const bypass = async (text: string) => (await scanText(text, 'main.tf')).findings.filter((finding) => finding.ruleId === 'identity-abac-tag-bypass').length;
    expect(await bypass(fixture)).toBe(2);
    const open = fixture.replace('Action = ["sagemaker:AddTags", "sagemaker:DeleteTags"], Resource = "*"', 'Action = ["sagemaker:AddTags", "sagemaker:DeleteTags"], Resource = var.denied');
    expect(open).not.toBe(fixture);
    expect(await bypass(`variable "denied" {\n  type = string\n}\n${open}`)).toBe(0);
  });

  it('a policy reaching users of which one is refused only by a Deny that may not exist names that user with when', async () => {
    const hcl = [
      hclVariable('on', 'type = bool'),
      hclUser('a'),
      hclUser('b'),
      hclManagedPolicy('pass', 'pass', allowPassRole),
      `resource "aws_iam_policy_attachment" "pass" {
  name       = "pass"
  users      = [aws_iam_user.a.name, aws_iam_user.b.name]
  policy_arn = aws_iam_policy.pass.arn
}
`,
      hclManagedPolicy('deny', 'deny', denyPassRole),
      hclUserAttachment('deny', 'b', 'aws_iam_policy.deny.arn', 'var.on ? 1 : 0'),
    ].join('');
    const messages = (text: string) => scanText(text, 'main.tf').then((result) => result.findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => [finding.message.split(' condition: ')[1], finding.branch]));
    expect(await messages(hcl)).toEqual([['user aws_iam_user.a and user aws_iam_user.b when aws_iam_user_policy_attachment.deny is not created (its count is not known) can hand any role to any service', undefined]]);
    // Attached to b alone, the finding holds only then; with a count known, the Deny is there and the finding is not.
    const alone = hcl.replace('[aws_iam_user.a.name, aws_iam_user.b.name]', '[aws_iam_user.b.name]');
    expect(await messages(alone)).toEqual([['user aws_iam_user.b can hand any role to any service (only when aws_iam_user_policy_attachment.deny is not created (its count is not known))', 'only when aws_iam_user_policy_attachment.deny is not created (its count is not known)']]);
    expect(await messages(alone.replace('var.on ? 1 : 0', '1'))).toEqual([]);
    // A Deny that may not refuse it where it is created (its Resource not known) leaves the answer open there: no finding.
    const open = alone.replace('Effect = "Deny", Action = "iam:PassRole", Resource = "*"', 'Effect = "Deny", Action = "iam:PassRole", Resource = var.denied').replace('variable "on" {', 'variable "denied" {\n  type = string\n}\nvariable "on" {');
    expect(await messages(open.replace('var.on ? 1 : 0', '1'))).toEqual([]);
    expect(await messages(open)).toEqual([]);
  });

  it('policies attached to one name by configurations that may deploy to other accounts are not read together', async () => {
    const hcl = (provider: string) => `provider "aws" {
  region = "us-east-1"
}
provider "aws" {
  alias  = "other"
  region = "us-east-1"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/deploy"
  }
}
resource "aws_iam_policy" "admin" {
  name   = "admin"
  policy = ${hclOf({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] })}
}
resource "aws_iam_policy" "lockout" {
  name   = "lockout"
  policy = ${hclOf({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] })}
}
resource "aws_iam_role_policy_attachment" "admin" {
  role       = "legacy-role"
  policy_arn = aws_iam_policy.admin.arn
}
resource "aws_iam_role_policy_attachment" "lockout" {
${provider}  role       = "legacy-role"
  policy_arn = aws_iam_policy.lockout.arn
}
`;
    const admin = async (text: string, file: string) => (await scanText(text, file)).findings.filter((finding) => finding.ruleId === 'identity-full-admin').map((finding) => finding.message.split(': ')[1]);
    expect(await admin(hcl(''), 'main.tf')).toEqual([]);
    expect(await admin(hcl('  provider   = aws.other\n'), 'main.tf')).toEqual(['role legacy-role can do anything in the account']);
    const everything = (effect: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: effect, Action: '*', Resource: '*' }] });
    const plan = (lockoutProvider: string) => {
      const planned = JSON.parse(
        planOf([
          { type: 'aws_iam_policy', name: 'admin', values: { name: 'admin', policy: everything('Allow') }, unknown: { arn: true, id: true } },
          { type: 'aws_iam_policy', name: 'lockout', values: { name: 'lockout', policy: everything('Deny') }, unknown: { arn: true, id: true } },
          { type: 'aws_iam_role_policy_attachment', name: 'admin', values: { role: 'legacy-role' }, unknown: { policy_arn: true }, expressions: { role: { constant_value: 'legacy-role' }, policy_arn: { references: ['aws_iam_policy.admin.arn', 'aws_iam_policy.admin'] } } },
          { type: 'aws_iam_role_policy_attachment', name: 'lockout', values: { role: 'legacy-role' }, unknown: { policy_arn: true }, expressions: { role: { constant_value: 'legacy-role' }, policy_arn: { references: ['aws_iam_policy.lockout.arn', 'aws_iam_policy.lockout'] } } },
        ]),
      );
      for (const resource of planned.configuration.root_module.resources) resource.provider_config_key = resource.address === 'aws_iam_role_policy_attachment.lockout' ? lockoutProvider : 'aws';
      planned.configuration.provider_config = { aws: { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws' }, 'aws.other': { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws', alias: 'other' } };
      return JSON.stringify(planned, null, 2);
    };
    expect(await admin(plan('aws'), 'plan.json')).toEqual([]);
    expect(await admin(plan('aws.other'), 'plan.json')).toEqual(['role legacy-role can do anything in the account']);
  });

  it('reads a module of a plan before Terraform 1.1 with the configuration it inherits, where the plan writes no other', async () => {
    const everything = (effect: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: effect, Action: '*', Resource: '*' }] });
    const resources = [
      { module: '', type: 'aws_iam_policy', name: 'admin', values: { name: 'admin', policy: everything('Allow') }, unknown: { arn: true, id: true }, expressions: {} },
      { module: '', type: 'aws_iam_role_policy_attachment', name: 'admin', values: { role: 'legacy-role' }, unknown: { policy_arn: true }, expressions: { role: { constant_value: 'legacy-role' }, policy_arn: { references: ['aws_iam_policy.admin'] } } },
      { module: 'module.legacy', type: 'aws_iam_policy', name: 'lockout', values: { name: 'lockout', policy: everything('Deny') }, unknown: { arn: true, id: true }, expressions: {} },
      { module: 'module.legacy', type: 'aws_iam_role_policy_attachment', name: 'lockout', values: { role: 'legacy-role' }, unknown: { policy_arn: true }, expressions: { role: { constant_value: 'legacy-role' }, policy_arn: { references: ['aws_iam_policy.lockout'] } } },
    ];
    const head = ({ module, type, name }: (typeof resources)[number]) => ({ address: `${module ? `${module}.` : ''}${type}.${name}`, mode: 'managed', type, name, provider_name: 'registry.terraform.io/hashicorp/aws' });
    const inRoot = resources.filter((resource) => resource.module === '');
    const inModule = resources.filter((resource) => resource.module !== '');
    // Terraform 0.15 keys the module's resources by its own name for the configuration (`legacy:aws`) and lists none under it.
    const configured = (resource: (typeof resources)[number]) => ({ address: `${resource.type}.${resource.name}`, mode: 'managed', type: resource.type, name: resource.name, provider_config_key: resource.module ? 'legacy:aws' : 'aws', expressions: resource.expressions, schema_version: 0 });
    const plan = (providerConfig: Record<string, unknown>) =>
      JSON.stringify(
        {
          format_version: '0.1',
          terraform_version: '0.15.5',
          planned_values: { root_module: { resources: inRoot.map((resource) => ({ ...head(resource), values: resource.values })), child_modules: [{ address: 'module.legacy', resources: inModule.map((resource) => ({ ...head(resource), values: resource.values })) }] } },
          resource_changes: resources.map((resource) => ({ ...head(resource), ...(resource.module ? { module_address: resource.module } : {}), change: { actions: ['create'], before: null, after: resource.values, after_unknown: resource.unknown } })),
          configuration: { provider_config: providerConfig, root_module: { resources: inRoot.map(configured), module_calls: { legacy: { source: './legacy', module: { resources: inModule.map(configured) } } } } },
        },
        null,
        2,
      );
    const admin = async (text: string) => (await scanText(text, 'plan.json')).findings.filter((finding) => finding.ruleId === 'identity-full-admin').map((finding) => finding.message.split(': ')[1]);
    const aws = { name: 'aws', expressions: { region: { constant_value: 'us-east-1' } } };
    expect(await admin(plan({ aws }))).toEqual([]);
    expect(await admin(plan({}))).toEqual([]);
    // With another configuration in the plan, the call may pass that one: the module's Deny may hold in another account.
    expect(await admin(plan({ aws, 'aws.other': { name: 'aws', alias: 'other' } }))).toEqual(['role legacy-role can do anything in the account']);
  });

  it('retagging is read across the policies attached to one name the input does not declare', async () => {
    const template = (deny: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Abac:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [existing-ml-role, other-role]
      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "sagemaker:DescribeTrainingJob", Resource: "*", Condition: {StringEquals: {"sagemaker:ResourceTag/Project": A}}}]}
  Tagging:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [existing-ml-role, other-role]
      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "sagemaker:AddTags", Resource: "*"}]}
${deny}`;
    const bypass = async (deny: string) => (await scanText(template(deny))).findings.filter((finding) => finding.ruleId === 'identity-abac-tag-bypass').map((finding) => `${finding.location.startLine} ${finding.message.split(' can retag ')[0]}`);
    // The tag condition and the tagging are in two policies: each alone says nothing. Reported once for both roles.
    expect(await bypass('')).toEqual(['12 role existing-ml-role and role other-role']);
    const guard = `  Guard:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [existing-ml-role]
      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Deny, Action: "sagemaker:AddTags", Resource: "*"}]}
`;
    expect(await bypass(guard)).toEqual(['12 role other-role']);
  });

  // The Denies are asked the principal's own requests, as the other identity rules ask them: those of the owner's
  // principals carry its aws:PrincipalAccount.
  const ownAccountBypass = (principal: string, policy: string) =>
    `user ${principal} can retag SageMaker resources around its tag-based access: policy ${policy} (attached to user ${principal}) allows sagemaker:AddTags with no limit (aws:TagKeys, sagemaker:TaggingAction, aws:RequestTag with aws:ResourceTag, or a Deny) that keeps it from setting the tag outside resource creation, while policy ${policy} (attached to user ${principal}) decides access by the tag Project`;
  // Unguarded's Deny is pinned to an account written out: where the input does not tell the owner's (a template), it may
  // be that one, and no finding rests on the Deny; where it does (a provider's allowed_account_ids, a plan's caller
  // identity), it is another, and the Deny refuses none of his requests.
  it.each<[string, string[]]>([
    ['principal-account-deny.yaml', []],
    ['principal-account-deny.json', []],
    ['tf-principal-account-deny', [ownAccountBypass('aws_iam_user.unguarded', 'aws_iam_user_policy.unguarded')]],
    ['principal-account-deny.plan.json', [ownAccountBypass('aws_iam_user.unguarded', 'aws_iam_user_policy.unguarded')]],
  ])('a Deny of retagging pinned to the owner\'s aws:PrincipalAccount protects the user it is attached to, and a name the input does not declare (%s)', async (fixture, messages) => {
    const path = join(import.meta.dirname, '..', 'fixtures', 'identity-abac-tag-bypass', fixture);
    const result = await scan([path]);
    expect(result.errors).toEqual([]);
    expect(result.findings.filter((finding) => finding.ruleId === 'identity-abac-tag-bypass').map((finding) => finding.message)).toEqual(messages);
    if (!fixture.endsWith('.yaml')) return;
    // The policy attached to bob alone: read as a name the input does not declare, which the Deny protects too.
    const text = readFileSync(path, 'utf8');
    const bobOnly = text.replace('Users: [!Ref Guarded, bob]', 'Users: [bob]');
    expect(bobOnly).toContain('Users: [bob]');
    expect((await scanText(bobOnly)).findings.filter((finding) => finding.ruleId === 'identity-abac-tag-bypass').map((finding) => finding.message)).toEqual([]);
    // Unguarded and his policy where the template's conditions fix the account to another: the Deny refuses none of his requests.
    const tiedElsewhere = text
      .replace('Resources:\n', 'Conditions:\n  Prod: !Equals [!Ref AWS::AccountId, "308412956170"]\nResources:\n')
      .replace('  Unguarded:\n    Type: AWS::IAM::User\n', '  Unguarded:\n    Type: AWS::IAM::User\n    Condition: Prod\n')
      .replace('  UnguardedAbac:\n    Type: AWS::IAM::ManagedPolicy\n', '  UnguardedAbac:\n    Type: AWS::IAM::ManagedPolicy\n    Condition: Prod\n');
    expect(tiedElsewhere.match(/Condition: Prod/g)).toHaveLength(2);
    expect((await scanText(tiedElsewhere)).findings.filter((finding) => finding.ruleId === 'identity-abac-tag-bypass').map((finding) => finding.message)).toEqual([`${ownAccountBypass('Unguarded', 'UnguardedAbac')} (only when condition Prod is true)`]);
  });

  // A principal the input does not declare carries its own ARN as aws:PrincipalArn, as a declared one does: a Deny of
  // retagging under ArnLike of any user named bob protects user bob, which the input attaches the policy to by name.
  it.each<[string, string, string]>([
    ['principal-arn-elsewhere-other.yaml', 'BobAbac', 'template'],
    ['principal-arn-elsewhere-other.json', 'BobAbac', 'template'],
    ['tf-principal-arn-elsewhere-other', 'aws_iam_policy.bob_abac', 'configuration'],
    ['principal-arn-elsewhere-other.plan.json', 'aws_iam_policy.bob_abac', 'plan'],
  ])('a Deny of retagging on aws:PrincipalArn is read with the ARN of a user the input attaches the policy to by name (%s)', async (fixture, policy, input) => {
    const attached = `policy ${policy} (attached to user bob, which this ${input} does not declare)`;
    expect((await fixtureFindings('identity-abac-tag-bypass', fixture)).map((finding) => finding.message)).toEqual([
      `user bob can retag SageMaker resources around its tag-based access: ${attached} allows sagemaker:AddTags with no limit (aws:TagKeys, sagemaker:TaggingAction, aws:RequestTag with aws:ResourceTag, or a Deny) that keeps it from setting the tag outside resource creation, while ${attached} decides access by the tag Project`,
    ]);
    // The same Deny of user bob's ARN (any path) refuses its retagging.
    expect(await fixtureFindings('identity-abac-tag-bypass', fixture.replace('-other', ''))).toEqual([]);
  });

  it('a statement reported for a group is not taken for the same text in another group\'s policy, which a member reaches', async () => {
    const tagging = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sagemaker:AddTags', Resource: '*' }] });
    const abac = (project: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sagemaker:DescribeTrainingJob', Resource: '*', Condition: { StringEquals: { 'sagemaker:ResourceTag/Project': project } } }] });
    // Group g1 has the tag condition and the tagging; g2 the tagging only, and its member u the tag condition.
    const hcl = (g2Tagging: string) => `resource "aws_iam_group" "g1" {
  name = "g1"
}
resource "aws_iam_group" "g2" {
  name = "g2"
}
resource "aws_iam_user" "u" {
  name = "u"
}
resource "aws_iam_user_group_membership" "u" {
  user   = aws_iam_user.u.name
  groups = [aws_iam_group.g2.name]
}
resource "aws_iam_group_policy" "g1abac" {
  group  = aws_iam_group.g1.name
  policy = ${hclOf(abac('A'))}
}
resource "aws_iam_group_policy" "g1tagging" {
  group  = aws_iam_group.g1.name
  policy = ${JSON.stringify(tagging)}
}
resource "aws_iam_group_policy" "g2tagging" {
  group  = aws_iam_group.g2.name
  policy = ${JSON.stringify(g2Tagging)}
}
resource "aws_iam_user_policy" "uabac" {
  user   = aws_iam_user.u.name
  policy = ${hclOf(abac('B'))}
}
`;
    const bypass = async (g2Tagging: string) => (await scanText(hcl(g2Tagging), 'main.tf')).findings.filter((finding) => finding.ruleId === 'identity-abac-tag-bypass').map((finding) => finding.message.split(' can retag ')[0]);
    expect(await bypass(` ${tagging}`)).toEqual(['group aws_iam_group.g1', 'user aws_iam_user.u']);
    expect(await bypass(tagging)).toEqual(['group aws_iam_group.g1', 'user aws_iam_user.u']);
  });

  it('an inline policy names its holder, a NotAction names what it leaves', async () => {
    const text = groupPolicyTemplate(`- Effect: Allow\n  NotAction: [iam:*, organizations:*]\n  Resource: "*"`);
    const [finding] = (await identityFindings(text)).filter((item) => item.ruleId === 'identity-full-admin');
    expect(finding?.message).toMatch(/^policy power of group Ops allows every action except iam:\* and organizations:\* on every resource with no condition that limits it, which leaves sts:AssumeRole, .* allowed: group Ops can grant themselves the rest$/);
  });

  it('a NotAction names what it leaves past the Denies of the principals it reaches, not what they refuse', async () => {
    const text = groupPolicyTemplate(
      `- Effect: Allow\n  NotAction: s3:*\n  Resource: "*"\n- Effect: Deny\n  Action: [iam:PassRole, iam:AttachRolePolicy, iam:PutRolePolicy, sts:AssumeRole]\n  Resource: "*"`,
    );
    const [finding] = (await identityFindings(text)).filter((item) => item.ruleId === 'identity-full-admin');
    expect(finding?.message).toMatch(/^policy power of group Ops allows every action except s3:\* on every resource with no condition that limits it, which leaves iam:CreateAccessKey, .* allowed: group Ops can grant themselves the rest$/);
    expect(finding?.message).not.toMatch(/PassRole|AttachRolePolicy|PutRolePolicy|sts:AssumeRole/);
  });

  it('a NotResource of IAM ARNs leaves only the escalation actions on other resources, and the message says so', async () => {
    const text = policyTemplate(`- Effect: Allow\n  NotAction: s3:*\n  NotResource: arn:*:iam::*:*`);
    const [finding] = (await identityFindings(text)).filter((item) => item.ruleId === 'identity-full-admin');
    expect(finding?.message).toMatch(/^policy Policy \(not attached to a role, user or group in this template\) allows every action except s3:\* on every resource but arn:\*:iam::\*:\* with no condition that limits it, which leaves iam:CreateAccountAlias, .* allowed: whoever it is attached to can grant themselves the rest$/);
    expect(finding?.message).not.toMatch(/PassRole|AttachRolePolicy|sts:AssumeRole/);
  });

  it('a NotResource of every role leaves the escalation actions on users and policies, and not those on roles', async () => {
    const text = policyTemplate(`- Effect: Allow\n  Action: "*"\n  NotResource: arn:*:iam::*:role/*`);
    const [finding] = (await identityFindings(text)).filter((item) => item.ruleId === 'identity-full-admin');
    expect(finding?.message).toMatch(/^policy Policy .* allows every action on every resource but arn:\*:iam::\*:role\/\* with no condition that limits it, which leaves iam:CreateAccessKey, iam:CreatePolicyVersion, /);
    expect(finding?.message).not.toMatch(/PassRole|AttachRolePolicy|sts:AssumeRole,/);
  });

  it('a Deny of iam:* beside an Allow of everything: the message names the STS write actions it leaves, not "anything in the account"', async () => {
    const text = groupPolicyTemplate(`- Effect: Allow\n  Action: "*"\n  Resource: "*"\n- Effect: Deny\n  Action: iam:*\n  Resource: "*"`);
    const [finding] = (await identityFindings(text)).filter((item) => item.ruleId === 'identity-full-admin');
    expect(finding?.message).toMatch(/^policy power of group Ops allows every action on every resource with no condition that limits it, which Deny statements do not take back whole: they leave sts:AssumeRole, .* allowed to group Ops$/);
    expect(finding?.message).not.toMatch(/iam:/);
  });

  // A Deny of every action on the resources of the holder's own account (StringEquals aws:ResourceAccount: the
  // owner's, however the input writes it) refuses every IAM and STS write action on a role, user, group or policy
  // there. The requests of the actions on no resource (iam:CreateAccountAlias, iam:UpdateAccountPasswordPolicy,
  // iam:UpdateAccountEmailAddress, sts:GetWebIdentityToken, ...) carry no aws:ResourceAccount, so StringEquals is false
  // for them and the Deny leaves them: IAM/STS write actions, which the rule holds as near-admin (as for a NotAction
  // leaving them), so it still fires, but the holder cannot do anything in the account, and the message says what is
  // left. StringNotEquals of the owner's account refuses those alone (the key is missing), and leaves every write
  // action on the account's roles, users and policies: the holder stays an administrator there.
  it.each([
    ['resource-account-deny.yaml', ['DeniedOwnRole', 'DeniedOwnLiteralRole'], ['DeniedApartFromOwnRole'], ['DeniedOtherUnknownRole'], ['DeniedOtherUnknownRole']],
    ['resource-account-deny.json', ['DeniedOwnRole', 'DeniedOwnLiteralRole'], ['DeniedApartFromOwnRole'], ['DeniedOtherUnknownRole'], ['DeniedOtherUnknownRole']],
    ['tf-resource-account-deny', ['aws_iam_role.denied_own', 'aws_iam_role.denied_own_literal'], ['aws_iam_role.denied_apart_from_own'], ['aws_iam_role.denied_other'], []],
    ['resource-account-deny.plan.json', ['aws_iam_role.denied_own_literal'], ['aws_iam_role.denied_apart_from_own'], ['aws_iam_role.denied_other'], []],
  ])(
    'still fires beside a Deny of everything on the own account\'s resources (%s), naming the write actions on no resource it leaves, which carry no aws:ResourceAccount; beside one of everything else, naming the escalation actions it leaves',
    async (name, ownDenied, othersDenied, notKnown, mayBeOwn) => {
      const result = await scan([join(import.meta.dirname, '..', 'fixtures', 'sagemaker-execution-role-admin', name)]);
      const messages = result.findings.filter((finding) => finding.ruleId === 'identity-full-admin').map((finding) => finding.message);
      expect(messages).toHaveLength(ownDenied.length + othersDenied.length + notKnown.length + mayBeOwn.length);
      const allOf = (role: string) => messages.filter((text) => text.startsWith(`policy execution of role ${role} `) || text.startsWith(`policy aws_iam_role_policy.${role.split('.')[1]} `));
      const of = (role: string) => allOf(role)[0];
      const ownLeft = /do not take back whole: they leave iam:CreateAccountAlias, iam:DeleteAccountAlias, iam:DeleteAccountPasswordPolicy and \d+ more IAM\/STS write actions allowed/;
      for (const role of ownDenied) {
        expect(of(role), role).toMatch(ownLeft);
        expect(of(role)).not.toMatch(/PassRole|AttachRolePolicy|CreateAccessKey|sts:AssumeRole/);
      }
      for (const role of othersDenied) expect(of(role), role).toMatch(/do not take back whole: they leave iam:PassRole, iam:AttachRolePolicy, iam:PutRolePolicy and \d+ more IAM\/STS write actions allowed/);
      // An account written out that is not the owner's: the Deny refuses nothing of the owner's account. Where the
      // input does not tell the owner's (a template where condition Prod, which ties it to another, is false), the
      // account written out may be the owner's: the Deny may refuse every action on a resource, and the message names
      // only those it surely leaves, the actions on no resource.
      for (const role of notKnown) expect(allOf(role), role).toEqual(expect.arrayContaining([expect.stringMatching(/can do anything in the account( \(only for some values of the template parameters\))?$/)]));
      for (const role of mayBeOwn) expect(allOf(role), role).toEqual(expect.arrayContaining([expect.stringMatching(ownLeft)]));
    },
  );

  // An Allow of every action on every resource under StringEquals aws:ResourceAccount of the holder's own account
  // (however the input writes it) allows every action on a resource of that account: every IAM and STS write action on
  // its roles, users and policies (iam:PassRole, iam:AttachRolePolicy, ...), with which the holder grants itself the
  // rest; not the actions on no resource, whose requests carry no aws:ResourceAccount. Another account, or one deputy
  // cannot resolve, limits it: silent. A Deny on a pattern of accounts (StringLike / StringNotLike "49*") is decided
  // against the owner's account id where the input tells it (493827160514 matches 49*), as a Deny on the id written out.
  it.each([
    ['resource-account-allow.yaml', ['AllowedOwnRole', 'AllowedOwnLiteralRole'], ['PatternDeniedOwnRole'], ['PatternDeniedApartRole']],
    ['resource-account-allow.json', ['AllowedOwnRole', 'AllowedOwnLiteralRole'], ['PatternDeniedOwnRole'], ['PatternDeniedApartRole']],
    ['tf-resource-account-allow', ['aws_iam_role.allowed_own', 'aws_iam_role.allowed_own_literal'], ['aws_iam_role.pattern_denied_own'], ['aws_iam_role.pattern_denied_apart']],
    ['resource-account-allow.plan.json', ['aws_iam_role.allowed_own'], ['aws_iam_role.pattern_denied_own'], ['aws_iam_role.pattern_denied_apart']],
  ])(
    'fires for an Allow of everything on the own account\'s resources (%s), naming the write actions on them; a Deny on a pattern of accounts is decided against the owner\'s id',
    async (name, ownAllowed, ownDenied, othersDenied) => {
      const result = await scan([join(import.meta.dirname, '..', 'fixtures', 'sagemaker-execution-role-admin', name)]);
      const messages = result.findings.filter((finding) => finding.ruleId === 'identity-full-admin').map((finding) => finding.message);
      // The Allows on another account's resources, on an account not resolved, and one the own account's Deny takes back: silent.
      expect(messages).toHaveLength(ownAllowed.length + ownDenied.length + othersDenied.length);
      const of = (role: string) => messages.find((text) => text.startsWith(`policy execution of role ${role} `) || text.startsWith(`policy aws_iam_role_policy.${role.split('.')[1]} `));
      for (const role of ownAllowed) {
        expect(of(role), role).toMatch(
          /allows every action on Resource "\*" under conditions that hold for every request on a resource of its own account \(aws:ResourceAccount\): iam:PassRole, iam:AttachRolePolicy, iam:PutRolePolicy and \d+ more IAM\/STS write actions stay allowed on the roles, users and policies there, and .* can grant themselves the rest/,
        );
        expect(of(role)).not.toMatch(/CreateAccountAlias|UpdateAccountPasswordPolicy/);
      }
      for (const role of ownDenied) {
        expect(of(role), role).toMatch(/do not take back whole: they leave iam:CreateAccountAlias, iam:DeleteAccountAlias, iam:DeleteAccountPasswordPolicy and \d+ more IAM\/STS write actions allowed/);
        expect(of(role)).not.toMatch(/PassRole|AttachRolePolicy|CreateAccessKey|sts:AssumeRole/);
      }
      for (const role of othersDenied) expect(of(role), role).toMatch(/do not take back whole: they leave iam:PassRole, iam:AttachRolePolicy, iam:PutRolePolicy and \d+ more IAM\/STS write actions allowed/);
    },
  );

  // An Allow of everything under a pattern of accounts (StringLike aws:ResourceAccount "49*") is decided against the
  // account of the principals the policy is attached to (493827160514, where the input tells it): a role, a user and a
  // group, or a role attached by name that the input does not declare, which is in the policy's account. A pattern the
  // account does not match ("30*") limits it; where the account is not known, so does any pattern but "*". A Deny on the
  // pattern refuses the requests on the account's resources of a role attached by name, as it does a declared role's.
  it.each([
    ['resource-account-pattern.yaml', ['of role PatternOwnRole ', 'of role AnyAccountRole ', '(attached to user Analyst and group Analysts)', '(attached to role existing-admin-role,'], 'role existing-denied-role'],
    ['resource-account-pattern.json', ['of role PatternOwnRole ', 'of role AnyAccountRole ', '(attached to user Analyst and group Analysts)', '(attached to role existing-admin-role,'], 'role existing-denied-role'],
    ['tf-resource-account-pattern', ['(attached to role aws_iam_role.pattern_own)', '(attached to role aws_iam_role.any_account)', '(attached to group aws_iam_group.analysts and user aws_iam_user.analyst)', '(attached to role existing-admin-role,'], 'role existing-denied-role'],
    ['resource-account-pattern.plan.json', ['(attached to role aws_iam_role.pattern_own)', '(attached to role aws_iam_role.any_account)', '(attached to group aws_iam_group.analysts and user aws_iam_user.analyst)', '(attached to role existing-admin-role,'], 'role existing-denied-role'],
  ])('decides an Allow of everything under a pattern of accounts against its holders\' account (%s)', async (name, ownAllowed, namedDenied) => {
    const result = await scan([join(import.meta.dirname, '..', 'fixtures', 'identity-full-admin', name)]);
    const messages = result.findings.filter((finding) => finding.ruleId === 'identity-full-admin').map((finding) => finding.message);
    expect(messages).toHaveLength(ownAllowed.length + 1);
    for (const holders of ownAllowed) {
      expect(messages.find((text) => text.includes(holders)), holders).toMatch(
        /allows every action on Resource "\*" under conditions that hold for every request on a resource of its own account \(aws:ResourceAccount\): iam:PassRole, iam:AttachRolePolicy, iam:PutRolePolicy and \d+ more IAM\/STS write actions stay allowed on the roles, users and policies there/,
      );
    }
    const denied = messages.find((text) => text.includes(`(attached to ${namedDenied},`));
    expect(denied).toMatch(/do not take back whole: they leave iam:CreateAccountAlias, iam:DeleteAccountAlias, iam:DeleteAccountPasswordPolicy and \d+ more IAM\/STS write actions allowed/);
    expect(denied).not.toMatch(/PassRole|AttachRolePolicy|can do anything/);
  });

  it('an Allow of everything on the own account\'s resources in a permission set limits it: the accounts it is assigned in are not the owner\'s', async () => {
    const text = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  DataScientists:
    Type: AWS::SSO::PermissionSet
    Properties:
      InstanceArn: arn:aws:sso:::instance/ssoins-1234567890abcdef
      Name: DataScientists
      InlinePolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: "*"
            Resource: "*"
            Condition:
              StringEquals:
                aws:ResourceAccount: !Ref AWS::AccountId
`;
    expect((await identityFindings(text)).filter((item) => item.ruleId === 'identity-full-admin')).toEqual([]);
  });

  it('an Allow of every action but some on the own account\'s resources names what it leaves there', async () => {
    const text = groupPolicyTemplate(`- Effect: Allow\n  NotAction: iam:PassRole\n  Resource: "*"\n  Condition:\n    StringEquals:\n      aws:ResourceAccount: !Ref AWS::AccountId`);
    const [finding] = (await identityFindings(text)).filter((item) => item.ruleId === 'identity-full-admin');
    expect(finding?.message).toMatch(/^policy power of group Ops allows every action except iam:PassRole on Resource "\*" under conditions that hold for every request on a resource of its own account \(aws:ResourceAccount\): iam:AttachRolePolicy, iam:PutRolePolicy, iam:CreateAccessKey and \d+ more IAM\/STS write actions stay allowed on the roles, users and policies there, and group Ops can grant themselves the rest$/);
  });

  it('a NotResource of other resources leaves every escalation action, and the message names what it leaves out', async () => {
    const text = policyTemplate(`- Effect: Allow\n  Action: "*"\n  NotResource: arn:aws:s3:::secret-bucket/*`);
    const [finding] = (await identityFindings(text)).filter((item) => item.ruleId === 'identity-full-admin');
    expect(finding?.message).toMatch(/^policy Policy .* allows every action on every resource but arn:aws:s3:::secret-bucket\/\* with no condition that limits it, which leaves iam:PassRole, /);
  });

  it('an empty NotResource ([] or "") leaves out nothing: every resource, as with Resource "*" (RULES.md reads it unset)', async () => {
    for (const notResource of ['[]', '""']) {
      const findings = await identityFindings(policyTemplate(`- Effect: Allow\n  Action: "*"\n  NotResource: ${notResource}`));
      const message = (ruleId: string) => findings.find((item) => item.ruleId === ruleId)?.message;
      expect(message('identity-full-admin'), notResource).toMatch(/^policy Policy .* allows every action on every resource with no condition that limits it: whoever it is attached to can do anything in the account$/);
      expect(message('identity-passrole-unscoped'), notResource).toMatch(/ allows iam:PassRole \(through \*\) on every resource with no iam:PassedToService condition/);
    }
  });

  it('a NotResource with an unresolved part still leaves the escalation actions without resource types, which act on "*"', async () => {
    const text = policyTemplate(
      `- Effect: Allow\n  Action: "*"\n  NotResource: [arn:*:iam::*:*, arn:*:sts::*:*, !Sub "arn:aws:s3:::\${Bucket}"]\n- Effect: Allow\n  NotAction: s3:*\n  NotResource: !Sub "arn:aws:s3:::\${Bucket}"`,
      'Parameters:\n  Bucket:\n    Type: String',
    );
    const messages = (await identityFindings(text)).filter((item) => item.ruleId === 'identity-full-admin').map((item) => item.message);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/^policy Policy .* allows every action on every resource but arn:\*:iam::\*:\*, arn:\*:sts::\*:\*, arn:aws:s3:::\$\{Bucket\} with no condition that limits it, which leaves iam:CreateAccountAlias, /);
    // The NotResource leaves out a bucket: every resource but it, though every escalation action is left.
    expect(messages[1]).toMatch(/^policy Policy .* allows every action except s3:\* on every resource but arn:aws:s3:::\$\{Bucket\} with no condition that limits it, which leaves iam:PassRole, iam:AttachRolePolicy, iam:PutRolePolicy and 122 more IAM\/STS write actions allowed/);
  });

  it('AddTags under a TaggingAction condition a request without the key passes says the condition does not require it', async () => {
    const tagging = (condition: string) => `- Effect: Allow\n  Action: sagemaker:AddTags\n  Resource: "*"${condition}`;
    const messages = async (condition: string) =>
      (await identityFindings(policyTemplate(tagging(condition)))).filter((item) => item.ruleId === 'identity-addtags-unscoped').map((item) => item.message.replace(/^policy Policy \([^)]*\) /, ''));
    const notRequired = 'allows sagemaker:AddTags, and its sagemaker:TaggingAction condition also admits a request that carries no sagemaker:TaggingAction: tags can be changed on existing resources, not only set while creating them';
    expect(await messages('\n  Condition:\n    StringEqualsIfExists:\n      sagemaker:TaggingAction: CreateTrainingJob')).toEqual([notRequired]);
    expect(await messages('\n  Condition:\n    StringNotEquals:\n      sagemaker:TaggingAction: CreateEndpoint')).toEqual([notRequired]);
    expect(await messages('')).toEqual(['allows sagemaker:AddTags without a sagemaker:TaggingAction condition: tags can be changed on existing resources, not only set while creating them']);
    expect(await messages('\n  Condition:\n    StringEquals:\n      sagemaker:TaggingAction: CreateTrainingJob')).toEqual([]);
  });

  it('condition-key-not-applicable leaves a statement whose action is misspelled to policy-unknown-action: which keys it supports is not known', async () => {
    const statement = (action: string) => `- Effect: Allow\n  Action: ${action}\n  Resource: "*"\n  Condition:\n    StringEquals:\n      sagemaker:VolumeKmsKeyArn: arn:aws:kms:us-east-1:111122223334:key/abc`;
    const ruleIds = async (action: string) => (await scanText(policyTemplate(statement(action)))).findings.map((finding) => finding.ruleId).sort();
    expect(await ruleIds('sagemaker:CreateFlowDefiniton')).toEqual(['policy-unknown-action']);
    expect(await ruleIds('sagemaker:CreateFlowDefinition')).toEqual(['identity-condition-key-not-applicable']);
  });

  it('condition-key-not-applicable is high in a Deny and medium in an Allow', async () => {
    const statement = (effect: string) => `- Effect: ${effect}\n  Action: sagemaker:CreateEndpoint\n  Resource: "*"\n  Condition:\n    StringEquals:\n      sagemaker:RootAccess: Enabled`;
    const severities = async (effect: string) =>
      (await identityFindings(policyTemplate(statement(effect)))).filter((item) => item.ruleId === 'identity-condition-key-not-applicable').map((item) => item.severity);
    expect(await severities('Deny')).toEqual(['high']);
    expect(await severities('Allow')).toEqual(['medium']);
  });

  it('the VPC endpoint rule pairs a statement only with an endpoint that serves one of its actions, and names that one', async () => {
    const endpoint = (name: string, service: string) => `  ${name}:\n    Type: AWS::EC2::VPCEndpoint\n    Properties:\n      VpcEndpointType: Interface\n      ServiceName: !Sub com.amazonaws.\${AWS::Region}.sagemaker.${service}\n      VpcId: vpc-1\n`;
    const ipLimited = (action: string) => `- Effect: Allow\n  Action: ${action}\n  Resource: "*"\n  Condition:\n    IpAddress:\n      aws:SourceIp: 192.0.2.0/24`;
    const messages = async (action: string, endpoints: string) =>
      (await identityFindings(policyTemplate(ipLimited(action), endpoints))).filter((item) => item.ruleId === 'identity-sourceip-with-vpc-endpoint').map((item) => /but (\w+) creates/.exec(item.message)![1]);
    // The presigned URL call goes to the API endpoint, not the runtime's.
    expect(await messages('sagemaker:CreatePresignedNotebookInstanceUrl', endpoint('Runtime', 'runtime'))).toEqual([]);
    expect(await messages('sagemaker:CreatePresignedNotebookInstanceUrl', endpoint('Runtime', 'runtime') + endpoint('Api', 'api'))).toEqual(['Api']);
    expect(await messages('sagemaker:InvokeEndpointAsync', endpoint('Api', 'api') + endpoint('Runtime', 'runtime'))).toEqual(['Runtime']);
    expect(await messages('sagemaker:InvokeEndpoint', endpoint('Api', 'api'))).toEqual([]);
    expect(await messages('sagemaker:*', endpoint('Runtime', 'runtime'))).toEqual(['Runtime']);
  });

  it('the VPC endpoint rule sends Feature Store records to the featurestore-runtime endpoint and Studio URLs to the Studio endpoint', async () => {
    const endpoint = (name: string, serviceName: string) => `  ${name}:\n    Type: AWS::EC2::VPCEndpoint\n    Properties:\n      VpcEndpointType: Interface\n      ServiceName: !Sub ${serviceName}\n      VpcId: vpc-1\n`;
    const api = endpoint('Api', 'com.amazonaws.${AWS::Region}.sagemaker.api');
    const featureStore = endpoint('FeatureStore', 'com.amazonaws.${AWS::Region}.sagemaker.featurestore-runtime');
    const studio = endpoint('Studio', 'aws.sagemaker.${AWS::Region}.studio');
    const notebook = endpoint('Notebook', 'aws.sagemaker.${AWS::Region}.notebook');
    const ipLimited = (action: string) => `- Effect: Allow\n  Action: ${action}\n  Resource: "*"\n  Condition:\n    IpAddress:\n      aws:SourceIp: 192.0.2.0/24`;
    const messages = async (action: string, endpoints: string) =>
      (await identityFindings(policyTemplate(ipLimited(action), endpoints))).filter((item) => item.ruleId === 'identity-sourceip-with-vpc-endpoint').map((item) => /but (\w+) creates/.exec(item.message)![1]);
    // The Feature Store Runtime API's actions, each a name of the IAM catalog: a misspelled one would be served by no endpoint.
    for (const action of ['sagemaker:BatchGetRecord', 'sagemaker:BatchWriteRecord', 'sagemaker:DeleteRecord', 'sagemaker:GetRecord', 'sagemaker:ListRecords', 'sagemaker:PutRecord']) {
      expect(await messages(action, api + featureStore), action).toEqual(['FeatureStore']);
      expect(await messages(action, api + studio + notebook), action).toEqual([]);
    }
    expect(await messages('sagemaker:CreateFeatureGroup', featureStore)).toEqual([]);
    expect(await messages('sagemaker:CreateTrainingJob', featureStore + studio)).toEqual([]);
    expect(await messages('sagemaker:*Record', featureStore)).toEqual(['FeatureStore']);
    // CreatePresignedDomainUrl goes through the API endpoint; the Studio endpoint serves the URL it returns, not a notebook's.
    expect(await messages('sagemaker:CreatePresignedDomainUrl', studio)).toEqual(['Studio']);
    expect(await messages('sagemaker:CreatePresignedDomainUrl', api)).toEqual(['Api']);
    expect(await messages('sagemaker:CreatePresignedDomainUrl', notebook + featureStore)).toEqual([]);
    expect(await messages('sagemaker:CreatePresignedNotebookInstanceUrl', studio)).toEqual([]);
  });

  it('the VPC endpoint rule pairs the calls of the Metrics Service, Edge Manager and the Augmented AI Runtime with no endpoint', async () => {
    const api = `  Api:\n    Type: AWS::EC2::VPCEndpoint\n    Properties:\n      VpcEndpointType: Interface\n      ServiceName: !Sub com.amazonaws.\${AWS::Region}.sagemaker.api\n      VpcId: vpc-1\n`;
    const ipLimited = (action: string) => `- Effect: Allow\n  Action: ${action}\n  Resource: "*"\n  Condition:\n    IpAddress:\n      aws:SourceIp: 192.0.2.0/24`;
    const paired = async (action: string) => (await identityFindings(policyTemplate(ipLimited(action), api))).filter((item) => item.ruleId === 'identity-sourceip-with-vpc-endpoint').length;
    const otherApis = ['BatchGetMetrics', 'BatchPutMetrics', 'GetDeployments', 'GetDeviceRegistration', 'SendHeartbeat', 'DeleteHumanLoop', 'DescribeHumanLoop', 'ListHumanLoops', 'StartHumanLoop', 'StopHumanLoop'];
    // Each a name of the IAM catalog: a misspelled one would still be served by the API endpoint.
    for (const action of otherApis) expect(await paired(`sagemaker:${action}`), action).toBe(0);
    // Their resources are made and described through the SageMaker API.
    for (const action of ['CreateFlowDefinition', 'DescribeFlowDefinition', 'CreateDeviceFleet', 'RegisterDevices', 'CreateTrialComponent']) expect(await paired(`sagemaker:${action}`), action).toBe(1);
  });

  it('the VPC endpoint rule relates the finding to the endpoint', async () => {
    const text = policyTemplate(
      `- Effect: Allow\n  Action: sagemaker:InvokeEndpoint\n  Resource: "*"\n  Condition:\n    IpAddress:\n      aws:SourceIp: 192.0.2.0/24`,
      `  Runtime:\n    Type: AWS::EC2::VPCEndpoint\n    Properties:\n      VpcEndpointType: Interface\n      ServiceName: com.amazonaws.eu-west-1.sagemaker.runtime\n      VpcId: vpc-1\n`,
    );
    const [finding] = (await identityFindings(text)).filter((item) => item.ruleId === 'identity-sourceip-with-vpc-endpoint');
    expect(finding?.related).toEqual([{ message: 'VPC endpoint Runtime', resource: expect.stringMatching(/#Runtime$/), location: expect.objectContaining({ startLine: 19 }) }]);
  });
});

describe('identity rules on Terraform HCL', () => {
  it('reads aws_vpc_endpoint service_name and relates the finding to that line', async () => {
    const result = await scanText(
      `data "aws_region" "current" {}

resource "aws_vpc_endpoint" "runtime" {
  vpc_id            = "vpc-0a1b2c3d"
  service_name      = "com.amazonaws.\${data.aws_region.current.name}.sagemaker.runtime"
  vpc_endpoint_type = "Interface"
}

resource "aws_iam_policy" "invoke" {
  name = "invoke"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sagemaker:InvokeEndpoint", Resource = "*", Condition = { IpAddress = { "aws:SourceIp" = "192.0.2.0/24" } } }]
  })
}
`,
      'main.tf',
    );
    const findings = result.findings.filter((item) => item.ruleId === 'identity-sourceip-with-vpc-endpoint');
    expect(findings.map((item) => item.location.startLine)).toEqual([13]);
    expect(findings[0]?.related).toEqual([{ message: 'VPC endpoint aws_vpc_endpoint.runtime', resource: 'aws_vpc_endpoint.runtime', location: expect.objectContaining({ startLine: 5 }) }]);
  });

  it('names principals of for_each instances by their full address', async () => {
    const result = await scanText(
      `resource "aws_iam_user" "team" {
  for_each = toset(["a", "b"])
  name     = each.key
}

resource "aws_iam_policy" "pass" {
  name   = "pass"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "iam:PassRole", Resource = "*" }] })
}

resource "aws_iam_user_policy_attachment" "pass" {
  for_each   = aws_iam_user.team
  user       = each.value.name
  policy_arn = aws_iam_policy.pass.arn
}
`,
      'main.tf',
    );
    const [finding] = result.findings.filter((item) => item.ruleId === 'identity-passrole-unscoped');
    expect(finding?.message).toBe(
      'policy aws_iam_policy.pass (attached to user aws_iam_user.team["a"] and user aws_iam_user.team["b"]) allows iam:PassRole on Resource "*" with no iam:PassedToService condition: user aws_iam_user.team["a"] and user aws_iam_user.team["b"] can hand any role to any service',
    );
  });
});

/** The Allow of CreateTrainingJob on `allowed`, and the Denies of the seed's guardrails on `denied`. */
function trainingDeniedOn(allowed: string, denied: string): string {
  const guardrails = ['"Null": {sagemaker:VolumeKmsKeyArn: "true"}', '"Null": {sagemaker:VpcSubnets: "true"}', '"Null": {sagemaker:VpcSecurityGroupIds: "true"}', '"Null": {sagemaker:NetworkIsolation: "true"}', 'Bool: {sagemaker:NetworkIsolation: "false"}'];
  const denies = guardrails.map((condition) => `- Effect: Deny\n  Action: sagemaker:CreateTrainingJob\n  Resource: ${denied}\n  Condition:\n    ${condition}`);
  return [`- Effect: Allow\n  Action: sagemaker:CreateTrainingJob\n  Resource: ${allowed}`, ...denies].join('\n');
}

describe('identity-sagemaker-guardrail-missing: Denies refuse the requests the Allow grants', () => {
  const jobs = 'arn:aws:sagemaker:us-east-1:111122223333:training-job';
  const cases: Array<[string, string, string, number]> = [
    ['a Deny on the ARN the Allow writes, region and account written out', `${jobs}/*`, `${jobs}/*`, 0],
    ['a Deny on the name prefix the Allow grants', `${jobs}/team-a-*`, `${jobs}/team-a-*`, 0],
    ['a Deny on every job covers a name prefix', `${jobs}/team-a-*`, 'arn:aws:sagemaker:*:*:training-job/*', 0],
    ['a Deny on another name prefix', `${jobs}/team-a-*`, `${jobs}/team-b-*`, 1],
    ['a Deny on a longer name prefix leaves the rest', `${jobs}/team-*`, `${jobs}/team-a-*`, 1],
    ['a Deny in another region', `${jobs}/*`, 'arn:aws:sagemaker:eu-west-1:111122223333:training-job/*', 1],
    ['a Deny in another account', `${jobs}/*`, 'arn:aws:sagemaker:us-east-1:444455556666:training-job/*', 1],
    ['a Deny in one region leaves the others Resource "*" grants', '"*"', `${jobs}/*`, 1],
    ['a Deny in the owner\'s region leaves the others Resource "*" grants', '"*"', '!Sub "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:training-job/*"', 1],
    ['a Deny in every region covers Resource "*"', '"*"', 'arn:aws:sagemaker:*:*:training-job/*', 0],
    ['a Deny in the owner\'s region covers an Allow in the owner\'s region', '!Sub "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:training-job/*"', '!Sub "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:training-job/*"', 0],
    ['a Deny in one region leaves the others a wildcard region grants', 'arn:aws:sagemaker:*:111122223333:training-job/*', `${jobs}/*`, 1],
    ['a Deny on the regions a partial wildcard grants', 'arn:aws:sagemaker:us-*:111122223333:training-job/*', 'arn:aws:sagemaker:us-*:111122223333:training-job/*', 0],
    ['a Deny on regions of one letter more leaves the rest', 'arn:aws:sagemaker:us-*:111122223333:training-job/*', 'arn:aws:sagemaker:us-e*:111122223333:training-job/*', 1],
    ['a Deny in one of the regions a partial wildcard grants', 'arn:aws:sagemaker:us-*:111122223333:training-job/*', `${jobs}/*`, 1],
    ['a Deny in the owner\'s region leaves the others a partial wildcard grants', 'arn:aws:sagemaker:us-*:111122223333:training-job/*', '!Sub "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:training-job/*"', 1],
    ['a Deny on the regions a single-character wildcard grants', 'arn:aws:sagemaker:us-east-?:111122223333:training-job/*', 'arn:aws:sagemaker:us-east-?:111122223333:training-job/*', 0],
    ['a Deny in one of the regions a single-character wildcard grants', 'arn:aws:sagemaker:us-east-?:111122223333:training-job/*', `${jobs}/*`, 1],
    ['the owner\'s region and account in the Deny are the ones the Allow writes out', `${jobs}/*`, '!Sub "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:training-job/*"', 0],
    ['an Allow whose name stops before the type grants training jobs in its region', 'arn:aws:sagemaker:us-east-1:111122223333:*', `${jobs}/*`, 0],
    ['an Allow whose name stops before the type, Denied in another region', 'arn:aws:sagemaker:us-east-1:111122223333:*', 'arn:aws:sagemaker:eu-west-1:111122223333:training-job/*', 1],
    ['a single-character wildcard stands for a name of the prefix', `${jobs}/job-?`, `${jobs}/job-*`, 0],
    ['each entry must be denied', `[${jobs}/team-a-*, ${jobs}/team-b-*]`, `${jobs}/team-a-*`, 1],
    ['an entry of another service asks nothing of the Deny', `[${jobs}/team-a-*, "arn:aws:s3:::ml-artifacts/*"]`, `${jobs}/team-a-*`, 0],
    ['an entry of another SageMaker type asks nothing of the Deny', `[${jobs}/team-a-*, "arn:aws:sagemaker:us-east-1:111122223333:model/*"]`, `${jobs}/team-a-*`, 0],
    ['a Deny on a narrower prefix the probe name would begin', `${jobs}/team-*`, `${jobs}/team-d*`, 1],
    ['a Deny on names with a dash leaves names without one', `${jobs}/*`, `${jobs}/*-*`, 1],
    // The owner has one region: two written out cannot both be it.
    ['the owner\'s region in the Deny is at most one of two the Allow writes out', `[${jobs}/*, "arn:aws:sagemaker:eu-west-1:111122223333:training-job/*"]`, '!Sub "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:training-job/*"', 1],
    ['the owner\'s account alone in the Deny, the region written out', `${jobs}/*`, '!Sub "arn:aws:sagemaker:us-east-1:${AWS::AccountId}:training-job/*"', 0],
    ['the owner\'s region alone in the Deny, the account written out', `${jobs}/*`, '!Sub "arn:aws:sagemaker:${AWS::Region}:111122223333:training-job/*"', 0],
    // A name not known keeps the entry's region and account; the answer rests on it only where the Deny writes a name.
    ['a name not known, Denied on every job of its region and account', '!Sub ["arn:aws:sagemaker:us-east-1:111122223333:training-job/${P}-*", {P: !ImportValue Prefix}]', `${jobs}/*`, 0],
    ['a name not known, Denied on a prefix it may begin', '!Sub ["arn:aws:sagemaker:us-east-1:111122223333:training-job/${P}-*", {P: !ImportValue Prefix}]', `${jobs}/team-a-*`, 0],
    ['a name not known, Denied in another region', '!Sub ["arn:aws:sagemaker:us-east-1:111122223333:training-job/${P}-*", {P: !ImportValue Prefix}]', 'arn:aws:sagemaker:eu-west-1:111122223333:training-job/*', 1],
    // A region not known may be the one the Deny writes: the answer is open, never a finding; it is not every region.
    ['a region not known, Denied in the owner\'s region', '!Sub ["arn:aws:sagemaker:${R}:111122223333:training-job/*", {R: !ImportValue Region}]', '!Sub "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:training-job/*"', 0],
    ['a region not known, Denied in a region written out', '!Sub ["arn:aws:sagemaker:${R}:111122223333:training-job/*", {R: !ImportValue Region}]', `${jobs}/*`, 0],
    ['a Resource not known, Denied in the owner\'s region', '!ImportValue JobArn', '!Sub "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:training-job/*"', 0],
    ['a region not known, Denied on another type only', '!Sub ["arn:aws:sagemaker:${R}:111122223333:training-job/*", {R: !ImportValue Region}]', 'arn:aws:sagemaker:*:*:model/*', 1],
  ];

  it.each(cases)('%s', (_name, allowed, denied, count) => {
    expect(guardrailFindings(policyTemplate(trainingDeniedOn(allowed, denied)))).toHaveLength(count);
  });

  // aws:RequestedRegion is in every request: an Allow conditioned on it grants its Resource in those regions only.
  const owners = '!Sub "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:training-job/*"';
  const usEast = '!Sub "arn:aws:sagemaker:us-east-1:${AWS::AccountId}:training-job/*"';
  const regional: Array<[string, string, string, number]> = [
    ['the owner\'s region, Denied there', 'StringEquals: {aws:RequestedRegion: !Ref AWS::Region}', owners, 0],
    ['a region written out, Denied there', 'StringEquals: {aws:RequestedRegion: us-east-1}', usEast, 0],
    ['a region written out alone is the owner\'s', 'StringEquals: {aws:RequestedRegion: us-east-1}', owners, 0],
    ['two regions, Denied in one', 'StringEquals: {aws:RequestedRegion: [us-east-1, eu-west-1]}', usEast, 1],
    ['the regions of a pattern, Denied on it', 'StringLike: {aws:RequestedRegion: us-*}', 'arn:aws:sagemaker:us-*:*:training-job/*', 0],
    ['the regions of a pattern, Denied in one', 'StringLike: {aws:RequestedRegion: us-*}', usEast, 1],
    ['every region but one, Denied in it', 'StringNotEquals: {aws:RequestedRegion: us-east-1}', usEast, 1],
    ['a region not known, Denied in the owner\'s', 'StringEquals: {aws:RequestedRegion: !ImportValue Region}', owners, 0],
  ];

  // Denies on every resource answer alike for every resource of one region (the answer is remembered so), and apart
  // for resources of another: locked to eu-west-1, only the Allow there is open, in whatever order the Allows come.
  it.each([
    ['us-east-1', 'eu-west-1', 'us-east-1'],
    ['eu-west-1', 'us-east-1', 'us-east-1'],
    ['us-east-1', 'us-east-1', 'eu-west-1'],
  ])('Denies on every resource, Allows in %s, %s and %s: the one in the region locked to is reported', (...regions) => {
    const allows = regions.map((region, index) => `- Effect: Allow\n  Action: sagemaker:CreateTrainingJob\n  Resource: arn:aws:sagemaker:${region}:111122223333:training-job/t${index}-*`);
    const lock = '- Effect: Deny\n  Action: "*"\n  Resource: "*"\n  Condition:\n    StringNotEquals: {aws:RequestedRegion: eu-west-1}';
    const found = guardrailFindings(policyTemplate([...allows, lock].join('\n')));
    expect(found.map((finding) => finding.location.startLine)).toEqual([regions.indexOf('eu-west-1')].map((index) => 10 + index * 3));
  });

  it.each(regional)('Resource "*" in %s', (_name, condition, denied, count) => {
    const statements = trainingDeniedOn('"*"', denied).replace('  Resource: "*"', `  Resource: "*"\n  Condition:\n    ${condition}`);
    expect(guardrailFindings(policyTemplate(statements))).toHaveLength(count);
  });

  it('a resource the template declares is in the owner\'s region: a Deny written there refuses it', () => {
    const notebook = '  Notebook:\n    Type: AWS::SageMaker::NotebookInstance\n    Properties: {InstanceType: ml.t3.medium, RoleArn: arn:aws:iam::111122223333:role/x}\n';
    const owners = '!Sub "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:*"';
    expect(guardrailFindings(policyTemplate(trainingDeniedOn('!Ref Notebook', owners), notebook))).toHaveLength(0);
    expect(guardrailFindings(policyTemplate(trainingDeniedOn('!Ref Notebook', `${jobs}/*`), notebook))).toHaveLength(1);
  });

  // A request in every region is one in the owner's region and one in another, each carrying aws:RequestedRegion.
  const regionLock = '- Effect: Deny\n  Action: "*"\n  Resource: "*"\n  Condition:\n    StringNotEquals: {aws:RequestedRegion: !Ref AWS::Region}';
  it('a Deny of every other region, with the guardrails denied in the owner\'s region, guards Resource "*"', () => {
    expect(guardrailFindings(policyTemplate(`${trainingDeniedOn('"*"', owners)}\n${regionLock}`))).toHaveLength(0);
    expect(guardrailFindings(policyTemplate(`- Effect: Allow\n  Action: sagemaker:CreateTrainingJob\n  Resource: "*"\n${regionLock}`))).toHaveLength(1);
  });

  // A region lock written out (AWS's `StringNotEquals aws:RequestedRegion: us-east-1`, or every region of a plan) with
  // the guardrails denied in that region: a request in that region meets the guardrails, one anywhere else the lock.
  // (The Denies name the owner's account: Resource "*" grants the owner's resources, which a Deny in an account written
  // out may not name.)
  const lockedTo = (condition: string) => `- Effect: Deny\n  Action: "*"\n  Resource: "*"\n  Condition:\n    ${condition}`;
  const twoRegions = `[${usEast}, ${usEast.replace('us-east-1', 'eu-west-1')}]`;
  it.each([
    ['locked to the region the guardrails are denied in', '"*"', usEast, lockedTo('StringNotEquals: {aws:RequestedRegion: us-east-1}'), 0],
    ['locked to it, written in capitals and compared ignoring case', '"*"', usEast, lockedTo('StringNotEqualsIgnoreCase: {aws:RequestedRegion: US-EAST-1}'), 0],
    ['locked to it by NotResource', '"*"', usEast, '- Effect: Deny\n  Action: "*"\n  NotResource: "arn:aws:sagemaker:us-east-1:*:*"', 0],
    ['locked to two regions, the guardrails denied in both', '"*"', twoRegions, lockedTo('StringNotEquals: {aws:RequestedRegion: [us-east-1, eu-west-1]}'), 0],
    ['locked to two regions, the guardrails denied in one', '"*"', usEast, lockedTo('StringNotEquals: {aws:RequestedRegion: [us-east-1, eu-west-1]}'), 1],
    ['locked to another region than the guardrails\'', '"*"', usEast, lockedTo('StringNotEquals: {aws:RequestedRegion: eu-west-1}'), 1],
    ['locked to regions of a pattern, the guardrails denied in one of them', '"*"', usEast, lockedTo('StringNotLike: {aws:RequestedRegion: us-*}'), 1],
    // The owner's region may be another than the guardrails': the lock to it leaves it open there.
    ['locked to the owner\'s region, the guardrails denied in one written out', '"*"', usEast, lockedTo('StringNotEquals: {aws:RequestedRegion: !Ref AWS::Region}'), 1],
    ['an Allow in the owner\'s region, the guardrails denied in one written out', owners, usEast, '', 1],
    ['an Allow in the owner\'s region, locked to the region the guardrails are denied in', owners, usEast, lockedTo('StringNotEquals: {aws:RequestedRegion: us-east-1}'), 0],
    ['locked to a region not known', '"*"', usEast, lockedTo('StringNotEquals: {aws:RequestedRegion: !ImportValue Region}'), 0],
    // Text no region is makes no case of its own, and the lock refuses each region but the one it names.
    ['locked to the region and a value no region is', '"*"', usEast, lockedTo('StringNotEquals: {aws:RequestedRegion: [us-east-1, "us-east-1,eu-west-1"]}'), 0],
    ['locked to the region and a pattern compared as text', '"*"', usEast, lockedTo('StringNotEquals: {aws:RequestedRegion: [us-east-1, "us-*"]}'), 0],
  ])('Resource "*" and the guardrails denied in a region written out, %s', (_name, allowed, denied, lock, count) => {
    expect(guardrailFindings(policyTemplate([trainingDeniedOn(allowed, denied), lock].filter(Boolean).join('\n')))).toHaveLength(count);
  });

  it('Denies pinned to the owner\'s region by aws:RequestedRegion refuse what an Allow pinned there grants', () => {
    const pin = 'StringEquals: {aws:RequestedRegion: !Ref AWS::Region}';
    const pinned = trainingDeniedOn('"*"', '"*"').replace('  Resource: "*"', `  Resource: "*"\n  Condition:\n    ${pin}`).replaceAll('  Condition:\n    "Null"', `  Condition:\n    ${pin}\n    "Null"`).replace('  Condition:\n    Bool', `  Condition:\n    ${pin}\n    Bool`);
    expect(guardrailFindings(policyTemplate(pinned))).toHaveLength(0);
    expect(guardrailFindings(policyTemplate(pinned.replace(`  Resource: "*"\n  Condition:\n    ${pin}\n- Effect: Deny`, '  Resource: "*"\n- Effect: Deny')))).toHaveLength(1);
  });

  // The region an Allow writes out alone is taken for the owner's (asOwners): its request in the owner's region carries
  // aws:RequestedRegion = ${AWS::Region}, as a Deny written with ${AWS::Region} in its ARN counts already.
  const pinnedTo = (region: string) => trainingDeniedOn('"*"', '"*"').replaceAll('  Condition:\n    ', `  Condition:\n    StringEquals: {aws:RequestedRegion: ${region}}\n    `).replace(/^- Effect: Allow\n.*\n.*\n/, '');
  it.each([
    ['an ARN in one region written out', `- Effect: Allow\n  Action: sagemaker:CreateTrainingJob\n  Resource: ${jobs}/*`, '!Ref AWS::Region', 0],
    ['Resource "*" pinned to one region written out', '- Effect: Allow\n  Action: sagemaker:CreateTrainingJob\n  Resource: "*"\n  Condition:\n    StringEquals: {aws:RequestedRegion: us-east-1}', '!Ref AWS::Region', 0],
    ['an ARN in one region written out, Denies pinned to another', `- Effect: Allow\n  Action: sagemaker:CreateTrainingJob\n  Resource: ${jobs}/*`, 'us-west-2', 1],
    ['ARNs in two regions written out', `- Effect: Allow\n  Action: sagemaker:CreateTrainingJob\n  Resource: [${jobs}/*, "arn:aws:sagemaker:eu-west-1:111122223333:training-job/*"]`, '!Ref AWS::Region', 1],
  ])('Denies pinned by aws:RequestedRegion, for %s', (_name, allow, region, count) => {
    expect(guardrailFindings(policyTemplate(`${allow}\n${pinnedTo(region)}`))).toHaveLength(count);
  });

  // A region not known (a parameter without a value) may be the one a Deny is pinned to: never a finding alone.
  it('Denies pinned by aws:RequestedRegion leave open an Allow in a region not known', () => {
    const params = 'Parameters:\n  Region:\n    Type: String\n';
    const inRegion = '- Effect: Allow\n  Action: sagemaker:CreateTrainingJob\n  Resource: !Sub "arn:aws:sagemaker:${Region}:111122223333:training-job/*"';
    const pinnedAllow = '- Effect: Allow\n  Action: sagemaker:CreateTrainingJob\n  Resource: "*"\n  Condition:\n    StringEquals: {aws:RequestedRegion: !Ref Region}';
    expect(guardrailFindings(params + policyTemplate(`${inRegion}\n${pinnedTo('!Ref AWS::Region')}`))).toHaveLength(0);
    expect(guardrailFindings(params + policyTemplate(`${pinnedAllow}\n${pinnedTo('!Ref AWS::Region')}`))).toHaveLength(0);
    // Another doubt than the region is a finding still: a Deny of another action, or with a key the request may not carry.
    expect(guardrailFindings(params + policyTemplate(`${inRegion}\n${pinnedTo('!Ref AWS::Region').replaceAll('Action: sagemaker:CreateTrainingJob', 'Action: sagemaker:CreateModel')}`))).toHaveLength(1);
    expect(guardrailFindings(params + policyTemplate(`${inRegion}\n${pinnedTo('!Ref AWS::Region').replaceAll('  Condition:\n', '  Condition:\n    StringNotEquals: {sagemaker:InstanceTypes: ml.m5.large}\n')}`))).toHaveLength(1);
  });
});

/** A policy document allowing sagemaker:CreateTrainingJob on every resource, which the guardrail rule reports. */
const TRAINING = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sagemaker:CreateTrainingJob', Resource: '*' }] };

/** What the guardrail findings call their policy, in the parentheses after its name. */
function guardrailLabels(result: Awaited<ReturnType<typeof scanText>>): Array<string | undefined> {
  return result.findings.filter((finding) => finding.ruleId === 'identity-sagemaker-guardrail-missing').map((finding) => /^policy \S+ \((.*)\) allows /.exec(finding.message)?.[1]);
}

/** A plan JSON planning the resources: their values, the values known after apply, and their configuration expressions. */
function planOf(resources: ReadonlyArray<{ type: string; name: string; values: Record<string, unknown>; unknown?: Record<string, boolean>; expressions?: Record<string, unknown> }>): string {
  const head = ({ type, name }: { type: string; name: string }) => ({ address: `${type}.${name}`, mode: 'managed', type, name, provider_name: 'registry.terraform.io/hashicorp/aws' });
  return JSON.stringify(
    {
      format_version: '1.2',
      planned_values: { root_module: { resources: resources.map((resource) => ({ ...head(resource), values: resource.values })) } },
      resource_changes: resources.map((resource) => ({ ...head(resource), change: { actions: ['create'], before: null, after: resource.values, after_unknown: resource.unknown ?? {} } })),
      configuration: { root_module: { resources: resources.map((resource) => ({ ...head(resource), expressions: resource.expressions ?? {} })) } },
    },
    null,
    2,
  );
}

/** The plan's policy train of TRAINING and its attachment to the role `role` writes (`value`: its planned value, if known). */
function trainingPlanResources(role: unknown, value?: string): Parameters<typeof planOf>[0] {
  return [
    { type: 'aws_iam_policy', name: 'train', values: { name: 'train', policy: JSON.stringify(TRAINING) }, unknown: { arn: true, id: true } },
    {
      type: 'aws_iam_role_policy_attachment',
      name: 'train',
      values: value === undefined ? {} : { role: value },
      unknown: value === undefined ? { role: true, policy_arn: true } : { policy_arn: true },
      expressions: { role, policy_arn: { references: ['aws_iam_policy.train.arn', 'aws_iam_policy.train'] } },
    },
  ];
}

/** HCL for a JSON value written with jsonencode (object keys as quoted strings). */
function hclOf(value: unknown): string {
  return `jsonencode(${JSON.stringify(value).replaceAll('":', '" =')})`;
}

/** Terraform: `before`, then a policy of TRAINING attached to the role named `role`. */
function trainingAttachedTo(role: string, before = ''): string {
  return `${before}resource "aws_iam_policy" "train" {
  name   = "train"
  policy = ${hclOf(TRAINING)}
}
resource "aws_iam_role_policy_attachment" "train" {
  role       = "${role}"
  policy_arn = aws_iam_policy.train.arn
}
`;
}

describe('identity-sagemaker-guardrail-missing configuration', () => {
  const allDefaults = `- Effect: Allow
  Action: sagemaker:CreateTrainingJob
  Resource: "*"
  Condition:
    ArnLike:
      sagemaker:VolumeKmsKeyArn: arn:aws:kms:*:*:key/*
    Bool:
      sagemaker:NetworkIsolation: "true"
    "Null":
      sagemaker:VpcSubnets: "false"
      sagemaker:VpcSecurityGroupIds: "false"`;

  it('every default key is one the IAM catalog lists for its action', () => {
    for (const [action, keys] of Object.entries(DEFAULT_GUARDRAIL_KEYS)) {
      for (const key of keys) expect(iamCatalog().actionSupportsKey(action, key.split('=')[0]!), `${action} ${key}`).toBe(true);
    }
  });

  it('lists the missing keys per action, grouping actions that miss the same keys', () => {
    // IfExists: requests without a key pass its condition, so the statement gives all three actions and enforces nothing.
    const findings = guardrailFindings(policyTemplate(`- Effect: Allow\n  Action: [sagemaker:CreateTrainingJob, sagemaker:CreateHyperParameterTuningJob, sagemaker:CreateNotebookInstance]\n  Resource: "*"\n  Condition:\n    BoolIfExists:\n      sagemaker:NetworkIsolation: "true"\n    StringEqualsIfExists:\n      sagemaker:RootAccess: Disabled`));
    expect(findings.map((finding) => finding.message)).toEqual([
      'policy Policy (not attached to a role, user or group in this template) allows SageMaker actions without the guardrail conditions the SageMaker examples use: sagemaker:CreateTrainingJob and sagemaker:CreateHyperParameterTuningJob need sagemaker:VolumeKmsKeyArn, sagemaker:NetworkIsolation=true, sagemaker:VpcSubnets, sagemaker:VpcSecurityGroupIds; sagemaker:CreateNotebookInstance needs sagemaker:DirectInternetAccess=Disabled, sagemaker:RootAccess=Disabled',
    ]);
    expect(findings[0]!.location.startLine).toBe(10);
  });

  it('says a policy is attached to no principal "in this template", "configuration" or "plan", by what was scanned', async () => {
    const fixtures = join(import.meta.dirname, '..', 'fixtures', 'identity-sourceip-with-vpc-endpoint');
    const result = await scan([join(fixtures, 'api-endpoint.plan.json'), join(fixtures, 'tf-api-endpoint')]);
    const unattached = (file: string) => result.findings.filter((finding) => finding.location.file.includes(file) && finding.message.includes('(not attached')).map((finding) => /\(not attached[^)]*\)/.exec(finding.message)![0]);
    expect(new Set(unattached('.plan.json'))).toEqual(new Set(['(not attached to a role, user or group in this plan)']));
    expect(new Set(unattached('tf-api-endpoint'))).toEqual(new Set(['(not attached to a role, user or group in this configuration)']));
  });

  it('names the roles, users and groups made elsewhere that a policy is attached to by name, in each format', async () => {
    const template = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
${ROLE}
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [!Ref Worker, existing-ml-role]
      Users: [alice, "arn:aws:iam::493827160514:user/ops/bob"]
      PolicyDocument: ${JSON.stringify(TRAINING)}
`;
    // IAM refuses bob's ARN where it takes a user's name: the policy is not attached to bob.
    expect(guardrailLabels(await scanText(template))).toEqual(['attached to role Worker and to role existing-ml-role and user alice, which this template does not declare']);
    expect(guardrailLabels(await scanText(trainingAttachedTo('existing-ml-role'), 'main.tf'))).toEqual(['attached to role existing-ml-role, which this configuration does not declare']);
    const head = (type: string, name: string) => ({ address: `${type}.${name}`, mode: 'managed', type, name, provider_name: 'registry.terraform.io/hashicorp/aws' });
    const values = [
      { ...head('aws_iam_policy', 'train'), values: { name: 'train', policy: JSON.stringify(TRAINING) } },
      { ...head('aws_iam_role_policy_attachment', 'train'), values: { role: 'existing-ml-role' } },
    ];
    const plan = {
      format_version: '1.2',
      planned_values: { root_module: { resources: values } },
      resource_changes: values.map(({ values: after, ...rest }) => ({ ...rest, change: { actions: ['create'], before: null, after, after_unknown: rest.type === 'aws_iam_policy' ? { arn: true } : { policy_arn: true } } })),
      configuration: { root_module: { resources: [{ address: 'aws_iam_role_policy_attachment.train', mode: 'managed', type: 'aws_iam_role_policy_attachment', name: 'train', expressions: { role: { constant_value: 'existing-ml-role' }, policy_arn: { references: ['aws_iam_policy.train.arn', 'aws_iam_policy.train'] } } }] } },
    };
    expect(guardrailLabels(await scanText(JSON.stringify(plan, null, 2), 'plan.json'))).toEqual(['attached to role existing-ml-role, which this plan does not declare']);
  });

  it('attaches a policy to the declared role whose name its attachment writes in another case, in each format', async () => {
    // IAM names are unique in an account whatever their case, and IAM finds the role a name it is given means in any case.
    const template = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
${ROLE.replace('    Properties:\n', '    Properties:\n      RoleName: MLRole\n')}
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [mlrole]
      PolicyDocument: ${JSON.stringify(TRAINING)}
`;
    expect(guardrailLabels(await scanText(template))).toEqual(['attached to role Worker']);
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'ec2.amazonaws.com' } }] };
    const worker = `resource "aws_iam_role" "worker" {
  name               = "MLRole"
  assume_role_policy = ${hclOf(trust)}
}
`;
    expect(guardrailLabels(await scanText(trainingAttachedTo('mlrole', worker), 'main.tf'))).toEqual(['attached to role aws_iam_role.worker']);
    const plan = planOf([
      { type: 'aws_iam_role', name: 'worker', values: { name: 'MLRole', assume_role_policy: JSON.stringify(trust) }, unknown: { arn: true, id: true } },
      ...trainingPlanResources({ constant_value: 'mlrole' }, 'mlrole'),
    ]);
    expect(guardrailLabels(await scanText(plan, 'plan.json'))).toEqual(['attached to role aws_iam_role.worker']);
  });

  it('does not say a role is not declared when a role declared with a name not known (${Env}-ml) may be it', async () => {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'ec2.amazonaws.com' } }] };
    const template = (roleName: string) => `Parameters:
  Env: { Type: String }
Resources:
  Worker:
    Type: AWS::IAM::Role
    Properties:
      RoleName: ${roleName}
      AssumeRolePolicyDocument: ${JSON.stringify(trust)}
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [prod-ml, other-role]
      PolicyDocument: ${JSON.stringify(TRAINING)}
`;
    // Deployed with Env=prod (or as stack prod), Worker is prod-ml: other-role is the one the template cannot declare.
    expect(guardrailLabels(await scanText(template('!Sub "${Env}-ml"')))).toEqual(['attached to role other-role, which this template does not declare, and to role prod-ml']);
    expect(guardrailLabels(await scanText(template('!Sub "${AWS::StackName}-ml"')))).toEqual(['attached to role other-role, which this template does not declare, and to role prod-ml']);
    expect(guardrailLabels(await scanText(template('!Sub "${Env}-other"')))).toEqual(['attached to role prod-ml and role other-role, which this template does not declare']);
    // A name is the role's whatever its case.
    expect(guardrailLabels(await scanText(template('!Sub "${Env}-ML"')))).toEqual(['attached to role other-role, which this template does not declare, and to role prod-ml']);
    const worker = `variable "env" {
  type = string
}
resource "aws_iam_role" "worker" {
  name               = "\${var.env}-ml"
  assume_role_policy = ${hclOf(trust)}
}
`;
    expect(guardrailLabels(await scanText(trainingAttachedTo('prod-ml', worker), 'main.tf'))).toEqual(['attached to role prod-ml']);
    expect(guardrailLabels(await scanText(trainingAttachedTo('Prod-ML', worker), 'main.tf'))).toEqual(['attached to role Prod-ML']);
  });

  it('attaches a policy to the declared role whose name its attachment writes with the same symbolic value', async () => {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'ec2.amazonaws.com' } }] };
    const template = (roleName: string, attached: string) => `Parameters:
  Env: { Type: String }
Resources:
  Worker:
    Type: AWS::IAM::Role
    Properties:
      RoleName: ${roleName}
      AssumeRolePolicyDocument: ${JSON.stringify(trust)}
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [${attached}]
      PolicyDocument: ${JSON.stringify(TRAINING)}
`;
    expect(guardrailLabels(await scanText(template('!Sub "${AWS::StackName}-ml"', '!Sub "${AWS::StackName}-ml"')))).toEqual(['attached to role Worker']);
    expect(guardrailLabels(await scanText(template('!Sub "${AWS::StackName}-ml"', '!Join ["-", [!Ref AWS::StackName, ml]]')))).toEqual(['attached to role Worker']);
    expect(guardrailLabels(await scanText(template('!Sub "${Env}-ml"', '!Sub "${Env}-ml"')))).toEqual(['attached to role Worker']);
    expect(guardrailLabels(await scanText(template('!Sub "${Env}-ml"', '!Join ["-", [!Ref Env, ml]]')))).toEqual(['attached to role Worker']);
    // Another expression of a parameter without a value may give another name: neither merged nor said undeclared.
    expect(guardrailLabels(await scanText(template('!Sub "${Env}-ml"', '!Sub "${Env}-ML"')))).toEqual(['attached to role ${Env}-ML']);
    const worker = (name: string) => `variable "env" {
  type = string
}
resource "aws_iam_role" "worker" {
  name               = "${name}"
  assume_role_policy = ${hclOf(trust)}
}
`;
    expect(guardrailLabels(await scanText(trainingAttachedTo('${var.env}-ml', worker('${var.env}-ml')), 'main.tf'))).toEqual(['attached to role aws_iam_role.worker']);
    expect(guardrailLabels(await scanText(trainingAttachedTo('${var.env}-ML', worker('${var.env}-ml')), 'main.tf'))).toEqual(['attached to role ${var.env}-ML']);
    // A plan keeps no expressions: two names known after apply are not known to be one.
    const plan = planOf([
      { type: 'aws_iam_role', name: 'worker', values: { assume_role_policy: JSON.stringify(trust) }, unknown: { name: true, arn: true, id: true }, expressions: { name: { references: ['random_pet.p.id', 'random_pet.p'] } } },
      ...trainingPlanResources({ references: ['random_pet.p.id', 'random_pet.p'] }),
    ]);
    expect(guardrailLabels(await scanText(plan, 'plan.json'))).toEqual(['attached to a role whose name is not known']);
  });

  it('takes a role declared with name_prefix for one whose name starts with the prefix and the provider\'s suffix only', async () => {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'ec2.amazonaws.com' } }] };
    const generated = 'ml-2024010112345678900000001a';
    const worker = `resource "aws_iam_role" "worker" {
  name_prefix        = "ml-"
  assume_role_policy = ${hclOf(trust)}
}
`;
    const hcl = (role: string) => `${worker}resource "aws_iam_policy" "train" {
  name   = "train"
  policy = ${hclOf(TRAINING)}
}
resource "aws_iam_role_policy_attachment" "train" {
  role       = ${role}
  policy_arn = aws_iam_policy.train.arn
}
`;
    // The provider makes the name: a reference to the role is the role.
    expect(guardrailLabels(await scanText(hcl('aws_iam_role.worker.name'), 'main.tf'))).toEqual(['attached to role aws_iam_role.worker']);
    expect(guardrailLabels(await scanText(hcl('aws_iam_role.worker.id'), 'main.tf'))).toEqual(['attached to role aws_iam_role.worker']);
    // name_prefix holds the prefix alone, which IAM is then given: no role the configuration declares is named so.
    expect(guardrailLabels(await scanText(hcl('aws_iam_role.worker.name_prefix'), 'main.tf'))).toEqual(['attached to role ml-, which this configuration does not declare']);
    expect(guardrailLabels(await scanText(hcl('"ml-"'), 'main.tf'))).toEqual(['attached to role ml-, which this configuration does not declare']);
    // A name the provider may have made: maybe the role, maybe not.
    expect(guardrailLabels(await scanText(hcl(`"${generated}"`), 'main.tf'))).toEqual([`attached to role ${generated}`]);
    expect(guardrailLabels(await scanText(hcl('"ml-legacy"'), 'main.tf'))).toEqual(['attached to role ml-legacy, which this configuration does not declare']);
    const role = { type: 'aws_iam_role', name: 'worker', values: { name_prefix: 'ml-', assume_role_policy: JSON.stringify(trust) }, unknown: { name: true, arn: true, id: true, unique_id: true } };
    const plan = (expression: unknown, value?: string) => planOf([role, ...trainingPlanResources(expression, value)]);
    expect(guardrailLabels(await scanText(plan({ references: ['aws_iam_role.worker.name', 'aws_iam_role.worker'] }), 'plan.json'))).toEqual(['attached to role aws_iam_role.worker']);
    expect(guardrailLabels(await scanText(plan({ references: ['aws_iam_role.worker.name_prefix', 'aws_iam_role.worker'] }, 'ml-'), 'plan.json'))).toEqual(['attached to role ml-, which this plan does not declare']);
    expect(guardrailLabels(await scanText(plan({ constant_value: generated }, generated), 'plan.json'))).toEqual([`attached to role ${generated}`]);
    expect(guardrailLabels(await scanText(plan({ constant_value: 'ml-legacy' }, 'ml-legacy'), 'plan.json'))).toEqual(['attached to role ml-legacy, which this plan does not declare']);
  });

  it('says a policy attached to a role named by a value not known is attached to one, without naming it', async () => {
    const template = `Parameters:
  RoleName: { Type: String }
Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [!Ref RoleName, existing-ml-role]
      PolicyDocument: ${JSON.stringify(TRAINING)}
`;
    expect(guardrailLabels(await scanText(template))).toEqual(['attached to role existing-ml-role, which this template does not declare, and to a role whose name is not known']);
    const variable = 'variable "role_name" {\n  type = string\n}\n';
    expect(guardrailLabels(await scanText(trainingAttachedTo('${var.role_name}', variable), 'main.tf'))).toEqual(['attached to a role whose name is not known']);
  });

  it('says so of a policy attached to a list of roles not known, which has no entries to read', async () => {
    const template = `Parameters:
  RoleNames: { Type: CommaDelimitedList }
Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: !Ref RoleNames
      PolicyDocument: ${JSON.stringify(TRAINING)}
`;
    expect(guardrailLabels(await scanText(template))).toEqual(['attached to a role whose name is not known']);
    const configuration = `variable "role_names" {
  type = list(string)
}
resource "aws_iam_policy" "train" {
  name   = "train"
  policy = ${hclOf(TRAINING)}
}
resource "aws_iam_policy_attachment" "train" {
  name       = "train"
  roles      = var.role_names
  policy_arn = aws_iam_policy.train.arn
}
`;
    expect(guardrailLabels(await scanText(configuration, 'main.tf'))).toEqual(['attached to a role whose name is not known']);
  });

  it('the defaults hold without configuration', () => {
    expect(guardrailFindings(policyTemplate(allDefaults))).toEqual([]);
  });

  it('configuration replaces the keys of the actions it names (case-insensitively), and adds actions', () => {
    const context = { guardrailKeys: { 'SageMaker:createtrainingjob': ['sagemaker:InstanceTypes'], 'sagemaker:CreateModel': ['sagemaker:NetworkIsolation=true'] } };
    expect(guardrailFindings(policyTemplate(allDefaults), context).map((finding) => finding.message)).toEqual([
      'policy Policy (not attached to a role, user or group in this template) allows SageMaker actions without the guardrail conditions the SageMaker examples use: SageMaker:createtrainingjob needs sagemaker:InstanceTypes',
    ]);
    const model = `- Effect: Allow\n  Action: sagemaker:CreateModel\n  Resource: "*"\n  Condition:\n    Bool:\n      sagemaker:NetworkIsolation: "false"`;
    expect(guardrailFindings(policyTemplate(model), context).map((finding) => finding.message)).toEqual([
      'policy Policy (not attached to a role, user or group in this template) allows SageMaker actions without the guardrail conditions the SageMaker examples use: sagemaker:CreateModel needs sagemaker:NetworkIsolation=true',
    ]);
  });

  it('an action whose resource type the catalog writes with a wildcard (dms endpoint:*) is granted on a named resource of that type', () => {
    const context = { guardrailKeys: { 'dms:CreateEndpoint': ['aws:TagKeys'] } };
    const on = (resource: string) => guardrailFindings(policyTemplate(`- Effect: Allow\n  Action: dms:CreateEndpoint\n  Resource: ${resource}`), context).map((finding) => finding.message);
    expect(on('arn:aws:dms:us-east-1:111122223334:endpoint:ABCDEFGHIJ')).toEqual([
      'policy Policy (not attached to a role, user or group in this template) allows SageMaker actions without the guardrail conditions the SageMaker examples use: dms:CreateEndpoint needs aws:TagKeys',
    ]);
    expect(on('arn:aws:dms:us-east-1:111122223334:rep:ABCDEFGHIJ')).toEqual([]);
  });

  it('an empty list turns the requirement off for that action', () => {
    const bare = `- Effect: Allow\n  Action: sagemaker:CreateTrainingJob\n  Resource: "*"`;
    expect(guardrailFindings(policyTemplate(bare))).toHaveLength(1);
    expect(guardrailFindings(policyTemplate(bare), { guardrailKeys: { 'sagemaker:CreateTrainingJob': [] } })).toEqual([]);
  });
});

describe('identity-sagemaker-guardrail-missing: statements that may name no action of the guardrails\' services are not asked about each', () => {
  const SAGEMAKER = new Set(['sagemaker']);
  /** The statements of the policy `policyTemplate` makes of these. */
  function statementsOf(statements: string) {
    const parsed = parseCloudFormation('template.yaml', policyTemplate(statements));
    expect(parsed.errors).toEqual([]);
    return new ResourceGraph(parsed.worlds[0]!).heldPolicies()[0]!.doc.statements;
  }
  const training = `\n  Resource: "*"`;
  const cases: Array<[string, string, boolean, number]> = [
    ['every action', `- Effect: Allow\n  Action: "*"${training}`, true, 1],
    ['every action but S3\'s, which leaves SageMaker\'s', `- Effect: Allow\n  NotAction: "s3:*"${training}`, true, 1],
    ['a wildcard after the service', `- Effect: Allow\n  Action: sagemaker:Create*${training}`, true, 1],
    ['the service in another case', `- Effect: Allow\n  Action: SageMaker:CreateTrainingJob${training}`, true, 1],
    ['a wildcard in the service', `- Effect: Allow\n  Action: sage?aker:CreateTrainingJob${training}`, true, 1],
    ['a wildcard service', `- Effect: Allow\n  Action: "*:CreateTrainingJob"${training}`, true, 1],
    // A value not known may be any action: asked about each (and no finding rests on it).
    ['an action a value not known writes', `- Effect: Allow\n  Action: !ImportValue TrainingAction${training}`, true, 0],
    ['an action a value not known ends', `- Effect: Allow\n  Action: !Sub ["sagemaker:\${Verb}TrainingJob", {Verb: !ImportValue Verb}]${training}`, true, 0],
    ['a service a value not known writes', `- Effect: Allow\n  Action: !Sub ["\${Service}:CreateTrainingJob", {Service: !ImportValue Service}]${training}`, true, 0],
    ['only actions of other services', `- Effect: Allow\n  Action: [s3:GetObject, iam:PassRole, logs:*]${training}`, false, 0],
    ['a service that begins as SageMaker\'s', `- Effect: Allow\n  Action: sagemaker-geospatial:*${training}`, false, 0],
    ['a service SageMaker\'s begins as', `- Effect: Allow\n  Action: sage:CreateTrainingJob${training}`, false, 0],
  ];
  it.each(cases)('%s', (_, statements, mayName, findings) => {
    const statement = statementsOf(statements)[0]!;
    expect(mayNameActionOf(statement, SAGEMAKER)).toBe(mayName);
    // What is skipped is what `grants` gives none of the actions.
    if (!mayName) expect(Object.keys(DEFAULT_GUARDRAIL_KEYS).filter((action) => grants(statement, action, Date.parse('2026-12-07T10:00:00Z')))).toEqual([]);
    expect(guardrailFindings(policyTemplate(statements))).toHaveLength(findings);
  });

  it('reads the services of the configured actions, not SageMaker\'s alone', () => {
    const putObject = `- Effect: Allow\n  Action: S3:PutObject\n  Resource: "*"`;
    expect(mayNameActionOf(statementsOf(putObject)[0]!, new Set(['sagemaker', 's3']))).toBe(true);
    const findings = guardrailFindings(policyTemplate(putObject), { guardrailKeys: { 's3:PutObject': ['s3:x-amz-server-side-encryption'] } });
    expect(findings.map((finding) => finding.message)).toEqual([
      'policy Policy (not attached to a role, user or group in this template) allows SageMaker actions without the guardrail conditions the SageMaker examples use: s3:PutObject needs s3:x-amz-server-side-encryption',
    ]);
  });
});

describe('a condition on a key an action never carries: the statement gives no such action', () => {
  const policy = (actions: string, condition: string) => `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: sagemaker.amazonaws.com }
            Action: sts:AssumeRole
            Condition: { StringEquals: { aws:SourceAccount: !Ref AWS::AccountId } }
      Policies:
        - PolicyName: jobs
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: [${actions}]
                Resource: "*"
                Condition:
${condition}
`;
  const rulesFired = async (actions: string, condition: string) =>
    (await scanText(policy(actions, condition))).findings.map((finding) => finding.ruleId).filter((id) => id.startsWith('identity-')).sort();

  it.each([
    ['a positive operator on a SageMaker key leaves PassRole and AddTags out', 'sagemaker:CreateTrainingJob, sagemaker:AddTags, iam:PassRole', '                  StringEquals: { sagemaker:VolumeKmsKeyArn: arn:aws:kms:us-east-1:111122223334:key/abc }', ['identity-sagemaker-guardrail-missing']],
    ['Bool NetworkIsolation leaves CreateNotebookInstance out, so only training needs more keys', 'sagemaker:CreateTrainingJob, sagemaker:CreateNotebookInstance', '                  Bool: { sagemaker:NetworkIsolation: "true" }', ['identity-sagemaker-guardrail-missing']],
    ['a negated operator holds on a request without the key: PassRole is still given', 'iam:PassRole', '                  StringNotEquals: { sagemaker:VolumeKmsKeyArn: arn:aws:kms:us-east-1:111122223334:key/abc }', ['identity-condition-key-not-applicable', 'identity-passrole-unscoped']],
    ['IfExists holds on a request without the key: PassRole is still given', 'iam:PassRole', '                  StringEqualsIfExists: { sagemaker:VolumeKmsKeyArn: arn:aws:kms:us-east-1:111122223334:key/abc }', ['identity-condition-key-not-applicable', 'identity-passrole-unscoped']],
  ])('%s', async (_name, actions, condition, expected) => {
    expect(await rulesFired(actions, condition)).toEqual(expected);
  });

  it('still names only the training action as missing keys when the notebook action is never given', async () => {
    const result = await scanText(policy('sagemaker:CreateTrainingJob, sagemaker:CreateNotebookInstance', '                  Bool: { sagemaker:NetworkIsolation: "true" }'));
    const message = result.findings.find((finding) => finding.ruleId === 'identity-sagemaker-guardrail-missing')?.message ?? '';
    expect(message).toContain('sagemaker:CreateTrainingJob');
    expect(message).not.toContain('CreateNotebookInstance');
  });
});

describe('identity-abac-tag-bypass suggests limits the other rules are silent on', () => {
  it('the limits its fix names, written as its good example writes them, leave every rule silent', async () => {
    const limited = identityAbacTagBypass.meta.good.find((example) => example.title.startsWith('Tagging only while creating'))!.code;
    for (const limit of ['StringEquals: {sagemaker:TaggingAction:', 'ForAllValues:StringEquals: {aws:TagKeys:', 'Null: {aws:TagKeys: "false"}']) expect(identityAbacTagBypass.meta.fix).toContain(limit);
    // Before: the same access, with tagging and untagging free.
    const free = limited.split('\n- Effect: Allow\n  Action: sagemaker:AddTags')[0] + '\n- Effect: Allow\n  Action: [sagemaker:AddTags, sagemaker:DeleteTags]\n  Resource: "*"';
    expect(await identityRuleIds(`${policyTemplate(free)}\n${ROLE}\n      ManagedPolicyArns: [!Ref Policy]`)).toEqual(['identity-abac-tag-bypass', 'identity-addtags-unscoped']);
    const result = await scanText(`${policyTemplate(limited)}\n${ROLE}\n      ManagedPolicyArns: [!Ref Policy]`);
    expect(result.findings.map((finding) => finding.ruleId)).toEqual([]);
    // Without the Null, the aws:TagKeys limit is the one identity-forallvalues-without-null reports.
    const withoutNull = limited.replace('\n    "Null":\n      aws:TagKeys: "false"', '');
    expect(await identityRuleIds(`${policyTemplate(withoutNull)}\n${ROLE}\n      ManagedPolicyArns: [!Ref Policy]`)).toEqual(['identity-forallvalues-without-null']);
  });
});

describe('identity-forallvalues-without-null fix', () => {
  const messages = async (statements: string) =>
    (await scanText(policyTemplate(statements))).findings.filter((finding) => finding.ruleId === 'identity-forallvalues-without-null').map((finding) => finding.message);

  it('asks for the Null in the statement when every action it allows carries the key', async () => {
    const [message] = await messages(`- Effect: Allow\n  Action: [sagemaker:CreateTrainingJob, sagemaker:CreateHyperParameterTuningJob]\n  Resource: "*"\n  Condition:\n    ForAllValues:StringEquals:\n      sagemaker:VpcSubnets: [subnet-1]`);
    expect(message).toMatch(/add Null \{"sagemaker:VpcSubnets": "false"\} to the statement$/);
  });

  it('does not ask for a Null that would refuse the statement\'s actions whose requests never carry the key', async () => {
    const [message] = await messages(`- Effect: Allow\n  Action: [sagemaker:CreateTrainingJob, sagemaker:DescribeTrainingJob]\n  Resource: "*"\n  Condition:\n    ForAllValues:StringEquals:\n      sagemaker:VpcSubnets: [subnet-1]`);
    expect(message).not.toMatch(/to the statement$/);
    expect(message).toMatch(/move sagemaker:CreateTrainingJob to a separate statement with Null \{"sagemaker:VpcSubnets": "false"\}; in this statement the Null would also refuse sagemaker:DescribeTrainingJob, whose requests never carry sagemaker:VpcSubnets/);
  });

  it('keeps the action lists, read from the IAM catalog, out of the fingerprint', async () => {
    const scan = async (actions: string) =>
      (await scanText(policyTemplate(`- Effect: Allow\n  Action: [${actions}]\n  Resource: "*"\n  Condition:\n    ForAllValues:StringEquals:\n      sagemaker:VpcSubnets: [subnet-1]`))).findings.filter((finding) => finding.ruleId === 'identity-forallvalues-without-null');
    const [one] = await scan('sagemaker:CreateTrainingJob, sagemaker:DescribeTrainingJob');
    const [other] = await scan('sagemaker:CreateTrainingJob, sagemaker:DescribeTrainingJob, sagemaker:ListTrainingJobs');
    expect(other!.message).not.toBe(one!.message);
    expect(other!.fingerprint).toBe(one!.fingerprint);
  });

  it('does not ask for a Null in a statement of actions it cannot list, which a Null would refuse where they carry no tags', async () => {
    for (const actions of ['Action: "*"', 'NotAction: iam:*']) {
      const [message] = await messages(`- Effect: Allow\n  ${actions}\n  Resource: "*"\n  Condition:\n    ForAllValues:StringEquals:\n      aws:TagKeys: [team]`);
      expect(message).not.toMatch(/to the statement$/);
      expect(message).toMatch(/add Null \{"aws:TagKeys": "false"\} in a statement that allows only the actions whose requests carry aws:TagKeys/);
    }
    const [orgPaths] = await messages(`- Effect: Allow\n  Action: "*"\n  Resource: "*"\n  Condition:\n    ForAllValues:StringLike:\n      aws:PrincipalOrgPaths: [o-1/*]`);
    expect(orgPaths).toMatch(/to the statement$/);
  });

  it('asks first for the plain operator on a single-valued key, as policy-single-valued-set-operator does, in every format', async () => {
    const directory = join(import.meta.dirname, '..', 'fixtures', 'identity-forallvalues-without-null');
    for (const fixture of ['single-valued-key.yaml', 'single-valued-key.json', 'tf-single-valued-key', 'single-valued-key.plan.json']) {
      const { findings } = await scan([join(directory, fixture)]);
      const [forAllValues] = findings.filter((finding) => finding.ruleId === 'identity-forallvalues-without-null');
      const [singleValued] = findings.filter((finding) => finding.ruleId === 'policy-single-valued-set-operator');
      expect(forAllValues!.message, fixture).toMatch(/aws:RequestTag\/team holds a single value, so use StringEquals, which also refuses a request without it, or add Null \{"aws:RequestTag\/team": "false"\} to the statement$/);
      expect(singleValued!.message, fixture).toMatch(/\(use StringEquals\)$/);
      expect(singleValued!.location.startLine).toBe(forAllValues!.location.startLine);
    }
  });

  it('names the plain operator, without IfExists, beside the Null in each advice on a single-valued key', async () => {
    const statement = (operator: string, actions: string) => `- Effect: Allow\n  Action: [${actions}]\n  Resource: "*"\n  Condition:\n    ${operator}:\n      sagemaker:RootAccess: [Disabled]`;
    const [ifExists] = await messages(statement('ForAllValues:StringEqualsIfExists', 'sagemaker:CreateNotebookInstance'));
    expect(ifExists).toMatch(/so use StringEquals, which also refuses a request without it, or add Null \{"sagemaker:RootAccess": "false"\} to the statement$/);
    const [mixed] = await messages(statement('ForAllValues:StringEquals', 'sagemaker:CreateNotebookInstance, sagemaker:DescribeNotebookInstance'));
    expect(mixed).toMatch(/move sagemaker:CreateNotebookInstance to a separate statement with StringEquals \(sagemaker:RootAccess holds a single value\) or with Null \{"sagemaker:RootAccess": "false"\}; in this statement either would also refuse sagemaker:DescribeNotebookInstance/);
    const [never] = await messages(statement('ForAllValues:StringEquals', 'sagemaker:DescribeNotebookInstance'));
    expect(never).toMatch(/so StringEquals \(sagemaker:RootAccess holds a single value\) or a Null \{"sagemaker:RootAccess": "false"\} would refuse all of them/);
    const [unlisted] = await messages(`- Effect: Allow\n  Action: "*"\n  Resource: "*"\n  Condition:\n    ForAllValues:StringEquals:\n      aws:RequestTag/team: [vision]`);
    expect(unlisted).toMatch(/use StringEquals \(aws:RequestTag\/team holds a single value\), or add Null \{"aws:RequestTag\/team": "false"\}, in a statement that allows only the actions whose requests carry aws:RequestTag\/team/);
  });

  it('says a Null would refuse everything when no action of the statement carries the key', async () => {
    const [message] = await messages(`- Effect: Allow\n  Action: sagemaker:DescribeTrainingJob\n  Resource: "*"\n  Condition:\n    ForAllValues:StringEquals:\n      sagemaker:VpcSubnets: [subnet-1]`);
    expect(message).toMatch(/none of the statement's actions carry sagemaker:VpcSubnets/);
  });
});

describe('identity rules: policy variables in Resource', () => {
  /**
   * A managed policy attached to the owner's role Worker (or, `holder`, to the group Team or the user Bob), with these
   * statements, under `version` (none when null).
   */
  const attached = (statements: string, version: string | null = '"2012-10-17"', holder = 'Roles: [!Ref Worker]') => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
${ROLE}
  Team:
    Type: AWS::IAM::Group
  Bob:
    Type: AWS::IAM::User
    Properties:
      UserName: Bob
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ${holder}
      PolicyDocument:
${version === null ? '' : `        Version: ${version}\n`}        Statement:
${indentLines(statements, '          ')}
`;
  const passRole = `- Effect: Allow\n  Action: iam:PassRole\n  Resource: "*"`;
  /** `attached` to the group Team, whose requests deputy reads without saying aws:username: a value not said, or none. */
  const ofGroup = (statements: string, version?: string | null) => attached(statements, version, 'Groups: [!Ref Team]');

  it('reads ${aws:PrincipalAccount} as the account of the role\'s own requests: a Deny on its roles takes PassRole back', async () => {
    const deny = `${passRole}\n- Effect: Deny\n  Action: iam:PassRole\n  Resource: arn:aws:iam::\${aws:PrincipalAccount}:role/*`;
    expect(await identityRuleIds(attached(deny))).toEqual([]);
    // Without a Version (or under 2008-10-17) the text is no account: the Deny names no role, and PassRole is left.
    expect(await identityRuleIds(attached(deny, null))).toEqual(['identity-passrole-unscoped']);
    expect(await identityRuleIds(attached(deny, '"2008-10-17"'))).toEqual(['identity-passrole-unscoped']);
  });

  it('reads a Deny on a variable the request does not say as naming neither every role nor none', async () => {
    // Denied on the one role named like the caller: every other role is left to pass.
    const own = `${passRole}\n- Effect: Deny\n  Action: iam:PassRole\n  Resource: arn:aws:iam::\${aws:PrincipalAccount}:role/\${aws:username}`;
    expect(await identityRuleIds(ofGroup(own))).toEqual(['identity-passrole-unscoped']);
    // Denied on every role but the caller's team's: roles of one name prefix are left, not any role.
    const team = `${passRole}\n- Effect: Deny\n  Action: iam:PassRole\n  NotResource: arn:aws:iam::\${aws:PrincipalAccount}:role/\${aws:PrincipalTag/team}-*`;
    expect(await identityRuleIds(attached(team))).toEqual([]);
  });

  it('reads ${aws:PrincipalAccount} as one part of an Allow\'s ARN: every role of the account is any role', async () => {
    const allow = (resource: string) => `- Effect: Allow\n  Action: iam:PassRole\n  Resource: ${resource}`;
    expect(await identityRuleIds(attached(allow('arn:aws:iam::${aws:PrincipalAccount}:role/*')))).toEqual(['identity-passrole-unscoped']);
    // As text (no Version) the colon in it is one of the ARN's: the resource part `PrincipalAccount}:role/*` names no role.
    expect(await identityRuleIds(attached(allow('arn:aws:iam::${aws:PrincipalAccount}:role/*'), null))).toEqual([]);
    // The escape `${*}` is a `*` in the name, never a wildcard.
    expect(await identityRuleIds(attached(allow('arn:aws:iam::${aws:PrincipalAccount}:role/${*}')))).toEqual([]);
    // A resource type read past the variable: sagemaker:AddTags on every training job of the caller's account.
    const tags = `- Effect: Allow\n  Action: sagemaker:AddTags\n  Resource: arn:aws:sagemaker:*:\${aws:PrincipalAccount}:training-job/*`;
    expect(await identityRuleIds(attached(tags))).toEqual(['identity-addtags-unscoped']);
    expect(await identityRuleIds(attached(tags, null))).toEqual([]);
  });

  it('leaves open a Deny on a variable the request does not say for a name a policy writes, not for any name', async () => {
    const tags = (allowed: string, denied: string, deny = 'Resource') =>
      `- Effect: Allow\n  Action: sagemaker:AddTags\n  Resource: arn:aws:sagemaker:*:*:training-job/${allowed}\n- Effect: Deny\n  Action: sagemaker:AddTags\n  ${deny}: arn:aws:sagemaker:*:*:training-job/${denied}`;
    // The caller may be named admin: the Deny may refuse the one job granted.
    expect(await identityRuleIds(ofGroup(tags('admin', '${aws:username}')))).toEqual([]);
    expect(await identityRuleIds(ofGroup(tags('admin', '${aws:username}', 'NotResource')))).toEqual([]);
    // Every job is granted, one for each caller denied; a job that is no variable's stays denied as written.
    expect(await identityRuleIds(ofGroup(tags('*', '${aws:username}')))).toEqual(['identity-addtags-unscoped']);
    expect(await identityRuleIds(ofGroup(tags('admin', 'admin-${aws:username}')))).toEqual(['identity-addtags-unscoped']);
    // As text (no Version) `${aws:username}` is no caller's name, and names no job admin.
    expect(await identityRuleIds(ofGroup(tags('admin', '${aws:username}'), null))).toEqual(['identity-addtags-unscoped']);
  });

  it('names what an Allow grants as its Version reads a ${...}: text under none, a name or an escaped character under 2012-10-17', async () => {
    const tags = (allowed: string, denied: string) =>
      `- Effect: Allow\n  Action: sagemaker:AddTags\n  Resource: arn:aws:sagemaker:*:*:training-job/${allowed}\n- Effect: Deny\n  Action: sagemaker:AddTags\n  Resource: arn:aws:sagemaker:*:*:training-job/${denied}`;
    // Without a Version the Allow grants the one job named `${aws:username}`, which the same text, or `$*`, denies.
    expect(await identityRuleIds(ofGroup(tags('${aws:username}', '${aws:username}'), null))).toEqual([]);
    expect(await identityRuleIds(ofGroup(tags('${aws:username}', '$*'), null))).toEqual([]);
    expect(await identityRuleIds(ofGroup(tags('${aws:username}', 'admin'), null))).toEqual(['identity-addtags-unscoped']);
    // Under 2012-10-17 it grants a job of each caller's name, which `$*` or `admin` does not deny.
    expect(await identityRuleIds(ofGroup(tags('${aws:username}', '$*')))).toEqual(['identity-addtags-unscoped']);
    // `${*}` grants the job named `*`, which the Deny of the same escape refuses; a wildcard is no more granted.
    expect(await identityRuleIds(ofGroup(tags('${*}', '${*}')))).toEqual([]);
    expect(await identityRuleIds(ofGroup(tags('${*}', 'admin')))).toEqual(['identity-addtags-unscoped']);
  });

  it('reads an Allow and a Deny on the same policy variable as one resource for each request', async () => {
    const tags = (allowed: string, denied: string, deny = 'Resource') =>
      `- Effect: Allow\n  Action: sagemaker:AddTags\n  Resource: arn:aws:sagemaker:*:*:training-job/${allowed}\n- Effect: Deny\n  Action: sagemaker:AddTags\n  ${deny}: arn:aws:sagemaker:*:*:training-job/${denied}`;
    // The Deny refuses the one job the Allow grants, whoever the caller is; its key may be written in another case.
    expect(await identityRuleIds(ofGroup(tags('${aws:username}', '${aws:username}')))).toEqual([]);
    expect(await identityRuleIds(ofGroup(tags('team-${aws:username}-*', 'team-${AWS:UserName}-*')))).toEqual([]);
    // A NotResource on it leaves that job granted; a Deny of one name refuses one caller's only.
    expect(await identityRuleIds(ofGroup(tags('${aws:username}', '${aws:username}', 'NotResource')))).toEqual(['identity-addtags-unscoped']);
    expect(await identityRuleIds(ofGroup(tags('${aws:username}', 'admin')))).toEqual(['identity-addtags-unscoped']);
    // Another variable may hold the same value, as may the same one in another shape of the same length: left open, no
    // finding rests on it. Text beside it on one side only is another length, for every value of it: no Deny of that job.
    expect(await identityRuleIds(ofGroup(tags('${aws:username}', '${aws:userid}')))).toEqual([]);
    expect(await identityRuleIds(ofGroup(tags('${aws:username}-x', '-x${aws:username}')))).toEqual([]);
    expect(await identityRuleIds(ofGroup(tags('${aws:username}', '${aws:username}-x')))).toEqual(['identity-addtags-unscoped']);
    expect(await identityRuleIds(ofGroup(tags('team-${aws:username}-x', 'team-${aws:username}')))).toEqual(['identity-addtags-unscoped']);
    // The same text and a wildcard after it is no more granted by it alone.
    expect(await identityRuleIds(ofGroup(tags('${aws:username}-*', '${aws:username}')))).toEqual(['identity-addtags-unscoped']);
  });

  it("reads a policy variable's default in the requests without its key only, where a variable without one names nothing", async () => {
    const tags = (allowed: string, ...denied: string[]) =>
      `- Effect: Allow\n  Action: sagemaker:AddTags\n  Resource: "arn:aws:sagemaker:*:*:training-job/${allowed}"\n` +
      denied.map((resource) => `- Effect: Deny\n  Action: sagemaker:AddTags\n  ${resource.startsWith('!') ? 'NotResource' : 'Resource'}: "arn:aws:sagemaker:*:*:training-job/${resource.replace('!', '')}"`).join('\n');
    // Attached to no one, the policy is read for requests with and without aws:username, which the input does not say.
    const unattached = (statements: string) => attached(statements, '"2012-10-17"', '');
    // Without aws:username the Allow grants job x, which a Deny on the variable without a default does not name.
    expect(await identityRuleIds(unattached(tags("${aws:username, 'x'}", '${aws:username}')))).toEqual(['identity-addtags-unscoped']);
    expect(await identityRuleIds(unattached(tags("${aws:username, 'x'}", "${aws:username, 'y'}")))).toEqual(['identity-addtags-unscoped']);
    // Refused in both requests: by the same default, by the variable and x, by a wildcard after the default.
    expect(await identityRuleIds(unattached(tags("${aws:username, 'x'}", "${AWS:UserName, 'x'}")))).toEqual([]);
    expect(await identityRuleIds(unattached(tags("${aws:username, 'x'}", '${aws:username}', 'x')))).toEqual([]);
    expect(await identityRuleIds(unattached(tags("team-${aws:username, 'x'}-a", 'team-*')))).toEqual([]);
    // Two keys with defaults: a request with both, without either or both, each refused by a Deny naming its job.
    const both = "${aws:username, 'x'}-${aws:PrincipalTag/team, 't'}";
    expect(await identityRuleIds(unattached(tags(both, both)))).toEqual([]);
    expect(await identityRuleIds(unattached(tags(both, "${aws:username, 'x'}-${aws:PrincipalTag/team}", '${aws:username}-t', 'x-t')))).toEqual([]);
    // Without both keys job x-t, which neither Deny names there.
    expect(await identityRuleIds(unattached(tags(both, "${aws:username, 'x'}-${aws:PrincipalTag/team}", '${aws:username}-t')))).toEqual(['identity-addtags-unscoped']);
    // A NotResource on the variable without a default names nothing without the key: that Deny refuses job x there.
    expect(await identityRuleIds(unattached(tags("${aws:username, 'x'}", '!${aws:username}', '${aws:username}')))).toEqual([]);
    // The default is verbatim: `*` is the character, which a Deny on job `y` does not name.
    expect(await identityRuleIds(unattached(tags("${aws:username, '*'}", '${aws:username}', 'y')))).toEqual(['identity-addtags-unscoped']);
    // A group's members are users, whose requests carry aws:username: the default is granted to none of them.
    expect(await identityRuleIds(ofGroup(tags("${aws:username, 'x'}", '${aws:username}')))).toEqual([]);
    expect(await identityRuleIds(ofGroup(tags(both, "${aws:username, 'x'}-${aws:PrincipalTag/team}", '${aws:username}-t')))).toEqual([]);
  });

  // A role's requests carry no aws:username (IAM User Guide, AWS global condition context keys: aws:username), and a
  // variable on a key the request lacks has no value: an entry holding it names no resource (IAM User Guide, policy
  // variables with no value). A user's requests carry its name, which the variable then is.
  const jobs = (allowed: string, denied?: string, deny = 'Resource') =>
    `- Effect: Allow\n  Action: sagemaker:AddTags\n  Resource: "arn:aws:sagemaker:*:*:training-job/${allowed}"` +
    (denied === undefined ? '' : `\n- Effect: Deny\n  Action: sagemaker:AddTags\n  ${deny}: "arn:aws:sagemaker:*:*:training-job/${denied}"`);

  it("reads ${aws:username} in a role's requests as no value: an Allow on it grants the role nothing, a Deny on it refuses nothing", async () => {
    expect(await identityRuleIds(attached(jobs('${aws:username}')))).toEqual([]);
    expect(await identityRuleIds(attached(jobs('${aws:username}', 'admin')))).toEqual([]);
    expect(await identityRuleIds(attached(jobs('team-${aws:username}-*', '$*')))).toEqual([]);
    // The Deny names no job: the one the Allow grants is left. As NotResource it leaves out none: every job is refused.
    expect(await identityRuleIds(attached(jobs('admin', '${aws:username}')))).toEqual(['identity-addtags-unscoped']);
    expect(await identityRuleIds(attached(jobs('admin', '${aws:username}', 'NotResource')))).toEqual([]);
    // A default is what the role's requests read: job x, refused by a Deny of x, not by one on the variable without a default.
    expect(await identityRuleIds(attached(jobs("${aws:username, 'x'}", 'x')))).toEqual([]);
    expect(await identityRuleIds(attached(jobs("${aws:username, 'x'}", '${aws:username}')))).toEqual(['identity-addtags-unscoped']);
    // A Deny of PassRole on the role named like the caller names none of the role's.
    const own = `${passRole}\n- Effect: Deny\n  Action: iam:PassRole\n  Resource: arn:aws:iam::\${aws:PrincipalAccount}:role/\${aws:username}`;
    expect(await identityRuleIds(attached(own))).toEqual(['identity-passrole-unscoped']);
  });

  it("reads ${aws:username} in a user's requests as the user's name, and never as a default", async () => {
    const ofBob = (statements: string) => attached(statements, '"2012-10-17"', 'Users: [!Ref Bob]');
    expect(await identityRuleIds(ofBob(jobs('${aws:username}', 'Bob')))).toEqual([]);
    expect(await identityRuleIds(ofBob(jobs('${aws:username}', '${aws:username}')))).toEqual([]);
    expect(await identityRuleIds(ofBob(jobs('${aws:username}', 'Alice')))).toEqual(['identity-addtags-unscoped']);
    expect(await identityRuleIds(ofBob(jobs('${aws:username}', 'bob')))).toEqual(['identity-addtags-unscoped']);
    expect(await identityRuleIds(ofBob(jobs("${aws:username, 'x'}", 'Bob')))).toEqual([]);
    expect(await identityRuleIds(ofBob(jobs("${aws:username, 'x'}", 'x')))).toEqual(['identity-addtags-unscoped']);
  });

  it('does not read an Allow on the role named like the caller as one on any role', async () => {
    expect(await identityRuleIds(attached(`- Effect: Allow\n  Action: iam:PassRole\n  Resource: arn:aws:iam::\${aws:PrincipalAccount}:role/\${aws:username}`))).toEqual([]);
  });
});
