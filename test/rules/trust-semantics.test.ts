import { describe, expect, it } from 'vitest';
import { linesOf, roleTemplate, scanText } from '../helpers.js';

/**
 * Adversarial trust-policy cases from RULES.md, one line each: statements (YAML, indented under Statement:)
 * and the rules that must report. Everything not listed must stay silent.
 */
const SAGEMAKER = `- Effect: Allow
  Principal:
    Service: sagemaker.amazonaws.com
  Action: sts:AssumeRole`;

const TRUST_RULES = [
  'trust-service-without-source-condition',
  'trust-source-condition-ineffective',
  'trust-source-account-mismatch',
  'trust-source-arn-wrong-service',
  'trust-any-principal',
  'trust-cross-account-without-external-id',
];

const cases: Array<[string, string, string[]]> = [
  ['no condition at all', SAGEMAKER, ['trust-service-without-source-condition']],
  ['owner account via AWS::AccountId pins it', `${SAGEMAKER}\n  Condition:\n    StringEquals:\n      aws:SourceAccount: !Ref AWS::AccountId`, []],
  ['ArnLike with the owner account in the ARN', `${SAGEMAKER}\n  Condition:\n    ArnLike:\n      aws:SourceArn: !Sub arn:\${AWS::Partition}:sagemaker:*:\${AWS::AccountId}:*`, []],
  ['ArnEquals honours wildcards: account wildcard is ineffective', `${SAGEMAKER}\n  Condition:\n    ArnEquals:\n      aws:SourceArn: arn:aws:sagemaker:*:*:*`, ['trust-source-condition-ineffective']],
  ['StringLike "*" on SourceAccount is ineffective', `${SAGEMAKER}\n  Condition:\n    StringLike:\n      aws:SourceAccount: "*"`, ['trust-source-condition-ineffective']],
  ['StringEquals does not honour wildcards: "*" is a literal that pins nothing real, and no foreign account matches it', `${SAGEMAKER}\n  Condition:\n    StringEquals:\n      aws:SourceAccount: "*"`, []],
  ['only negated operators are ineffective', `${SAGEMAKER}\n  Condition:\n    StringNotEquals:\n      aws:SourceAccount: "210987654321"`, ['trust-source-condition-ineffective']],
  ['Null "false" only checks presence', `${SAGEMAKER}\n  Condition:\n    "Null":\n      aws:SourceArn: "false"`, ['trust-source-condition-ineffective']],
  ['ForAllValues on a single-valued key the request carries still pins', `${SAGEMAKER}\n  Condition:\n    ForAllValues:StringEquals:\n      aws:SourceAccount: !Ref AWS::AccountId`, []],
  ['a prefix wildcard account admits other accounts', `${SAGEMAKER}\n  Condition:\n    StringLike:\n      aws:SourceAccount: "2109876543*"`, ['trust-source-condition-ineffective']],
  ['case-insensitive keys', `${SAGEMAKER}\n  Condition:\n    StringEquals:\n      aws:sourceaccount: !Ref AWS::AccountId`, []],
  [
    'a Deny of every foreign SourceAccount protects an unconditioned Allow',
    `${SAGEMAKER}\n- Effect: Deny\n  Principal:\n    Service: sagemaker.amazonaws.com\n  Action: sts:AssumeRole\n  Condition:\n    StringNotEquals:\n      aws:SourceAccount: !Ref AWS::AccountId`,
    [],
  ],
  [
    'a Deny with IfExists on a key the service sends still protects',
    `${SAGEMAKER}\n- Effect: Deny\n  Principal: "*"\n  Action: sts:AssumeRole\n  Condition:\n    StringNotEqualsIfExists:\n      aws:SourceAccount: !Ref AWS::AccountId`,
    [],
  ],
  ['an unresolved SourceAccount never fires alone', `${SAGEMAKER}\n  Condition:\n    StringEquals:\n      aws:SourceAccount: !ImportValue shared-account-id`, []],
  ['EC2 does not send source keys', `- Effect: Allow\n  Principal:\n    Service: ec2.amazonaws.com\n  Action: sts:AssumeRole`, []],
  ['actions are case-insensitive', `- Effect: Allow\n  Principal:\n    Service: sagemaker.amazonaws.com\n  Action: STS:assumerole`, ['trust-service-without-source-condition']],
  ['sts:* covers AssumeRole', `- Effect: Allow\n  Principal:\n    Service: sagemaker.amazonaws.com\n  Action: "sts:*"`, ['trust-service-without-source-condition']],
  ['web identity federation is out of scope', `- Effect: Allow\n  Principal: "*"\n  Action: sts:AssumeRoleWithWebIdentity`, []],
  ['Principal "*" with no condition', `- Effect: Allow\n  Principal: "*"\n  Action: sts:AssumeRole`, ['trust-any-principal']],
  ['Principal AWS "*" pinned to the organization', `- Effect: Allow\n  Principal:\n    AWS: "*"\n  Action: sts:AssumeRole\n  Condition:\n    StringEquals:\n      aws:PrincipalOrgID: o-a1b2c3d4e5`, []],
  ['Principal "*" with only MFA: anyone can have MFA', `- Effect: Allow\n  Principal: "*"\n  Action: sts:AssumeRole\n  Condition:\n    Bool:\n      aws:MultiFactorAuthPresent: "true"`, ['trust-any-principal']],
  ['Allow with NotPrincipal admits everyone else', `- Effect: Allow\n  NotPrincipal:\n    AWS: arn:aws:iam::210987654321:root\n  Action: sts:AssumeRole`, ['trust-any-principal']],
  ['another account without external id', `- Effect: Allow\n  Principal:\n    AWS: arn:aws:iam::210987654321:root\n  Action: sts:AssumeRole`, ['trust-cross-account-without-external-id']],
  ['another account with external id', `- Effect: Allow\n  Principal:\n    AWS: "210987654321"\n  Action: sts:AssumeRole\n  Condition:\n    StringEquals:\n      sts:ExternalId: partner-issued-id`, []],
  ['another account with MFA age', `- Effect: Allow\n  Principal:\n    AWS: arn:aws:iam::210987654321:root\n  Action: sts:AssumeRole\n  Condition:\n    NumericLessThan:\n      aws:MultiFactorAuthAge: "3600"`, []],
  ['an external id pattern any caller can meet does not count', `- Effect: Allow\n  Principal:\n    AWS: arn:aws:iam::210987654321:root\n  Action: sts:AssumeRole\n  Condition:\n    StringLike:\n      sts:ExternalId: "*"`, ['trust-cross-account-without-external-id']],
  ['an empty external id no request can carry counts as unset', `- Effect: Allow\n  Principal:\n    AWS: arn:aws:iam::210987654321:root\n  Action: sts:AssumeRole\n  Condition:\n    StringEquals:\n      sts:ExternalId: ""`, ['trust-cross-account-without-external-id']],
  ['the owner account is not cross-account', `- Effect: Allow\n  Principal:\n    AWS: !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root\n  Action: sts:AssumeRole`, []],
  [
    'SourceAccount and SourceArn accounts differ',
    `${SAGEMAKER}\n  Condition:\n    StringEquals:\n      aws:SourceAccount: "210987654321"\n    ArnLike:\n      aws:SourceArn: arn:aws:sagemaker:us-east-1:109876543210:*`,
    ['trust-source-account-mismatch'],
  ],
  ['SourceArn of another service', `${SAGEMAKER}\n  Condition:\n    ArnLike:\n      aws:SourceArn: arn:aws:s3:::training-bucket`, ['trust-source-arn-wrong-service']],
  ['SourceArn with a wildcard service matches', `${SAGEMAKER}\n  Condition:\n    ArnLike:\n      aws:SourceArn: !Sub arn:aws:*:us-east-1:\${AWS::AccountId}:*`, []],
];

describe('trust rules on adversarial policies', () => {
  it.each(cases)('%s', (_name, statements, expected) => {
    const result = scanText(roleTemplate(statements));
    expect(result.errors).toEqual([]);
    const fired = TRUST_RULES.filter((rule) => linesOf(result, rule).length > 0);
    expect(fired).toEqual(expected);
  });
});

describe('trust-service-without-source-condition fix', () => {
  it('builds the Condition block from the owner account and the pipeline that uses the role', () => {
    const result = scanText(
      roleTemplate(
        SAGEMAKER,
        `  Pipeline:
    Type: AWS::SageMaker::Pipeline
    Properties:
      PipelineName: churn-training
      RoleArn: !GetAtt Role.Arn
      PipelineDefinition:
        PipelineDefinitionBody: "{}"
`,
      ),
    );
    const finding = result.findings.find((item) => item.ruleId === 'trust-service-without-source-condition');
    expect(finding?.location.startLine).toBe(11);
    expect(finding?.fix?.snippet).toBe(
      [
        'Condition:',
        '  StringEquals:',
        '    aws:SourceAccount: !Ref AWS::AccountId',
        '  ArnLike:',
        '    aws:SourceArn: !Sub arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:pipeline/churn-training/*',
      ].join('\n'),
    );
  });
});
