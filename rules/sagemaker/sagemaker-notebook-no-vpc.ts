import type { Rule } from '../../src/model/rule.js';
import { nameOf } from '../support.js';
import { dialectOf, fixForm, unsetOn, type Names } from './settings.js';
import type { Resource } from '../../src/model/resource.js';

export const sageMakerNotebookNoVpc: Rule = {
  meta: {
    id: 'sagemaker-notebook-no-vpc',
    family: 'sagemaker',
    severity: 'low',
    title: 'SageMaker notebook instance outside your VPC',
    summary: 'A notebook instance without `SubnetId` (`subnet_id`): it runs only in a network SageMaker manages, with no security groups, flow logs or VPC endpoints of yours.',
    rationale:
      'Without a subnet, the notebook instance has a single network interface in a VPC that SageMaker manages and always has direct internet access: none of your network controls (security groups, network ACLs, VPC endpoint policies, flow logs) apply to it, and it cannot reach private resources in your VPC without going over the internet. "You can restrict which traffic can access the internet by launching your Studio and SageMaker AI notebook instances in an Amazon VPC." Placing it in a private subnet is also the precondition for `DirectInternetAccess: Disabled` (see sagemaker-notebook-direct-internet).',
    sources: [
      { title: 'Amazon SageMaker AI: Connect a notebook instance in a VPC to external resources', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/appendix-notebook-and-internet-access.html' },
      { title: 'Amazon SageMaker AI: Connect to SageMaker AI resources from within a VPC', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/infrastructure-connect-to-resources.html' },
    ],
    messages: {
      unset: 'Notebook instance {resource} has no {property}: it runs outside your VPC, where your security groups, endpoint policies and flow logs do not apply',
    },
    bad: [
      {
        title: 'No SubnetId',
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
        title: 'In a private subnet with a security group',
        language: 'yaml',
        code: `Notebook:
  Type: AWS::SageMaker::NotebookInstance
  Properties:
    InstanceType: ml.t3.medium
    RoleArn: !GetAtt NotebookRole.Arn
    SubnetId: !Ref PrivateSubnet
    SecurityGroupIds:
      - !Ref NotebookSecurityGroup`,
      },
    ],
    fix: 'Set `SubnetId` and `SecurityGroupIds` (Terraform `subnet_id`, `security_groups`) to a private subnet of your VPC and a security group for the notebook.',
  },
  check(graph) {
    return unsetOn(
      graph,
      { cloudformation: 'AWS::SageMaker::NotebookInstance', terraform: 'aws_sagemaker_notebook_instance' },
      { cloudformation: 'SubnetId', terraform: 'subnet_id' },
    ).map(({ resource, name, path }) => ({
      messageId: 'unset',
      data: { resource: nameOf(resource), type: resource.type, property: name },
      resource,
      locator: resource.locator,
      path,
      fix: { description: `Place ${nameOf(resource)} in a private subnet of your VPC, with a security group${STAND_INS[dialectOf(resource)]}`, snippet: vpcSnippet(resource, name) },
    }));
  },
};

/** What the snippet's references stand for, which the template or module may not declare. */
const STAND_INS: Names = {
  cloudformation: ': PrivateSubnet and NotebookSecurityGroup stand for yours; declare them (parameters of type AWS::EC2::Subnet::Id and AWS::EC2::SecurityGroup::Id, or resources) or put yours in their place',
  terraform: ': aws_subnet.private and aws_security_group.notebook stand for yours; declare them, or put yours (a variable, a data source) in their place',
};

function vpcSnippet(resource: Resource, property: string): string {
  switch (fixForm(resource, property)) {
    case 'cloudformation-yaml':
      return 'SubnetId: !Ref PrivateSubnet\nSecurityGroupIds:\n  - !Ref NotebookSecurityGroup';
    case 'cloudformation-json':
      return '"SubnetId": { "Ref": "PrivateSubnet" },\n"SecurityGroupIds": [{ "Ref": "NotebookSecurityGroup" }]';
    case 'terraform-json':
      return '"subnet_id": "${aws_subnet.private.id}",\n"security_groups": ["${aws_security_group.notebook.id}"]';
    case 'hcl':
      return 'subnet_id       = aws_subnet.private.id\nsecurity_groups = [aws_security_group.notebook.id]';
  }
}
