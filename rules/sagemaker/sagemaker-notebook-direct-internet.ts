import type { Rule } from '../../src/model/rule.js';
import { checkEnum } from './settings.js';

export const sageMakerNotebookDirectInternet: Rule = {
  meta: {
    id: 'sagemaker-notebook-direct-internet',
    family: 'sagemaker',
    severity: 'medium',
    title: 'SageMaker notebook instance with direct internet access',
    summary:
      'A notebook instance whose `DirectInternetAccess` (`direct_internet_access`) is `Enabled` or unset: AWS\'s default is `Enabled`, so the notebook reaches the internet through a network interface SageMaker manages, outside your VPC\'s controls.',
    rationale:
      'With direct internet access, "SageMaker AI provides a network interface that allows the notebook to communicate with the internet through a VPC managed by SageMaker AI"; all traffic outside your VPC\'s CIDR, including traffic to S3 and DynamoDB, goes over the public internet and past your security groups, NAT and endpoint policies. A notebook runs arbitrary code with its execution role\'s credentials, so malicious or careless code (a compromised package) can send data anywhere. The SageMaker identity-policy examples pair `sagemaker:DirectInternetAccess: Disabled` with root-access control for exactly this reason. The property is a case-sensitive enum: `Enabled` or `Disabled`; leaving it out means `Enabled`, and any other spelling (`disabled`, `false`) fails the deployment. `Disabled` requires `SubnetId` and `SecurityGroupIds`, and the VPC then needs a NAT gateway or VPC endpoints for the notebook to reach SageMaker and S3.',
    sources: [
      { title: 'Amazon SageMaker AI: Connect a notebook instance in a VPC to external resources', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/appendix-notebook-and-internet-access.html' },
      { title: 'Amazon SageMaker AI: Identity-based policy examples (disable internet and root access)', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_id-based-policy-examples.html' },
      { title: 'AWS CloudFormation: AWS::SageMaker::NotebookInstance', url: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-notebookinstance.html' },
    ],
    messages: {
      unset: 'Notebook instance {resource} does not set {property}, so AWS applies its default {default}: the notebook has direct internet access outside your VPC',
      risky: 'Notebook instance {resource} sets {property} to {value}: the notebook has direct internet access outside your VPC',
      invalid: 'Notebook instance {resource} sets {property} to {value}, which AWS rejects (it accepts exactly {accepted}, case-sensitively): the deployment fails',
    },
    bad: [
      {
        title: 'No DirectInternetAccess: AWS enables it',
        language: 'yaml',
        code: `Notebook:
  Type: AWS::SageMaker::NotebookInstance
  Properties:
    InstanceType: ml.t3.medium
    RoleArn: !GetAtt NotebookRole.Arn`,
      },
    ],
    good: [
      {
        title: 'In your VPC, without direct internet access',
        language: 'yaml',
        code: `Notebook:
  Type: AWS::SageMaker::NotebookInstance
  Properties:
    InstanceType: ml.t3.medium
    RoleArn: !GetAtt NotebookRole.Arn
    SubnetId: !Ref PrivateSubnet
    SecurityGroupIds:
      - !Ref NotebookSecurityGroup
    DirectInternetAccess: Disabled`,
      },
    ],
    fix: 'Set `DirectInternetAccess: Disabled` (Terraform `direct_internet_access = "Disabled"`) with `SubnetId` and `SecurityGroupIds` of a private subnet; give the VPC a NAT gateway or interface endpoints (SageMaker API and runtime, S3) for what the notebook must reach.',
  },
  check(graph) {
    return checkEnum(graph, {
      types: { cloudformation: 'AWS::SageMaker::NotebookInstance', terraform: 'aws_sagemaker_notebook_instance' },
      property: { cloudformation: 'DirectInternetAccess', terraform: 'direct_internet_access' },
      accepted: ['Enabled', 'Disabled'],
      risky: ['Enabled'],
      awsDefault: 'Enabled',
      safe: 'Disabled',
      fixNote: {
        cloudformation: ' (needs SubnetId and SecurityGroupIds; the VPC then needs a NAT gateway or VPC endpoints)',
        terraform: ' (needs subnet_id and security_groups; the VPC then needs a NAT gateway or VPC endpoints)',
      },
    });
  },
};
