import type { Rule } from '../../src/model/rule.js';
import { checkEnum } from './settings.js';

export const sageMakerDomainPublicInternet: Rule = {
  meta: {
    id: 'sagemaker-domain-public-internet',
    family: 'sagemaker',
    severity: 'medium',
    title: 'SageMaker Studio domain with public internet access',
    summary:
      'A SageMaker domain whose `AppNetworkAccessType` (`app_network_access_type`) is `PublicInternetOnly` or unset: AWS\'s default is `PublicInternetOnly`, so Studio apps reach the internet through a VPC SageMaker manages.',
    rationale:
      '"By default, SageMaker Studio provides a network interface that allows communication with the internet through a VPC managed by SageMaker AI": traffic to AWS services and to the SageMaker API goes through an internet gateway, outside your VPC\'s security groups, endpoint policies and flow logs. Studio runs user code with the domain\'s execution roles, so a compromised package or notebook can send data anywhere. `VpcOnly` sends all Studio traffic through your VPC, where you control it. The property is a case-sensitive enum, `PublicInternetOnly` or `VpcOnly`; any other spelling fails the deployment. `VpcOnly` needs private subnets and interface endpoints (SageMaker API, runtime, S3, ...) or a NAT gateway.',
    sources: [
      { title: 'Amazon SageMaker AI: Connect Studio notebooks in a VPC to external resources', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/studio-notebooks-and-internet-access.html' },
      { title: 'AWS CloudFormation: AWS::SageMaker::Domain', url: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-domain.html' },
    ],
    messages: {
      unset: 'Domain {resource} does not set {property}, so AWS applies its default {default}: Studio apps reach the internet outside your VPC',
      risky: 'Domain {resource} sets {property} to {value}: Studio apps reach the internet outside your VPC',
      invalid: 'Domain {resource} sets {property} to {value}, which AWS rejects (it accepts exactly {accepted}, case-sensitively): the deployment fails',
    },
    bad: [
      {
        title: 'No AppNetworkAccessType: AWS uses PublicInternetOnly',
        language: 'yaml',
        code: `Domain:
  Type: AWS::SageMaker::Domain
  Properties:
    DomainName: research
    AuthMode: IAM
    VpcId: !Ref Vpc
    SubnetIds: [!Ref PrivateSubnet]
    DefaultUserSettings:
      ExecutionRole: !GetAtt StudioRole.Arn`,
      },
    ],
    good: [
      {
        title: 'All Studio traffic through your VPC',
        language: 'yaml',
        code: `Domain:
  Type: AWS::SageMaker::Domain
  Properties:
    DomainName: research
    AuthMode: IAM
    VpcId: !Ref Vpc
    SubnetIds: [!Ref PrivateSubnet]
    AppNetworkAccessType: VpcOnly
    DefaultUserSettings:
      ExecutionRole: !GetAtt StudioRole.Arn
      SecurityGroups: [!Ref StudioSecurityGroup]`,
      },
    ],
    fix: 'Set `AppNetworkAccessType: VpcOnly` (Terraform `app_network_access_type = "VpcOnly"`) with private subnets, security groups in the user settings, and interface endpoints or a NAT gateway for what Studio must reach.',
  },
  check(graph) {
    return checkEnum(graph, {
      types: { cloudformation: 'AWS::SageMaker::Domain', terraform: 'aws_sagemaker_domain' },
      property: { cloudformation: 'AppNetworkAccessType', terraform: 'app_network_access_type' },
      accepted: ['PublicInternetOnly', 'VpcOnly'],
      risky: ['PublicInternetOnly'],
      awsDefault: 'PublicInternetOnly',
      safe: 'VpcOnly',
      // AWS refuses a VpcOnly domain whose users have no security group ("Required when ... VpcOnly").
      fixNote: {
        cloudformation: ' (needs private subnets, a security group in DefaultUserSettings.SecurityGroups or each user profile, and VPC endpoints or a NAT gateway)',
        terraform: ' (needs private subnets, a security group in default_user_settings.security_groups or each user profile, and VPC endpoints or a NAT gateway)',
      },
    });
  },
};
