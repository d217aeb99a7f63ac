import type { Rule } from '../../src/model/rule.js';
import { nameOf } from '../support.js';
import { dialectOf, inputLeftOut, isUnset, propertiesPath, settingFix, propertyLines, unsetOn, type AlongsideSetting, type Names, type SettingFix } from './settings.js';
import { isObject } from '../../src/model/value.js';
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
      ...vpcFix(resource, name),
    }));
  },
};

/** What the snippet's references stand for, which the template or module may not declare. */
const STAND_INS: Names = {
  cloudformation: ': PrivateSubnet and NotebookSecurityGroup stand for yours; declare them (parameters of type AWS::EC2::Subnet::Id and AWS::EC2::SecurityGroup::Id, or resources) or put yours in their place',
  terraform: ': aws_subnet.private and aws_security_group.notebook stand for yours; declare them, or put yours (a variable, a data source) in their place',
};

/** What the subnet reference stands for, where the notebook already names its security groups. */
const SUBNET_STAND_INS: Names = {
  cloudformation: ': PrivateSubnet stands for yours; declare it (a parameter of type AWS::EC2::Subnet::Id, or a resource) or put yours in its place',
  terraform: ': aws_subnet.private stands for yours; declare it, or put yours (a variable, a data source) in its place',
};

/**
 * The fix that places the notebook in a subnet, with a security group where it names none. Where its module reads the
 * subnet from an input its call leaves out, the fix sets that input in the call (`settingFix`), with the security
 * groups' input where the module reads them from one the same call leaves out too.
 */
function vpcFix(resource: Resource, name: string): SettingFix {
  const dialect = dialectOf(resource);
  const subnet: AlongsideSetting = { name, value: { reference: SUBNET } };
  const groups: AlongsideSetting = { name: SECURITY_GROUPS[dialect], value: { references: SECURITY_GROUP } };
  const groupsWritten = securityGroupsOf(resource);
  const input = inputLeftOut(resource, name);
  if (input) {
    const groupsInput = inputLeftOut(resource, groups.name);
    // Read whole from an input the call leaves out, the groups are its default: none where it names none (a plan holds
    // them as known after apply then, as the provider computes them).
    const groupsValue = isObject(resource.properties) ? resource.properties[groups.name] : undefined;
    if (groupsInput && groupsInput.module === input.module && groupsInput.scope === input.scope && !(Array.isArray(groupsValue) && groupsValue.length > 0)) {
      return settingFix(resource, name, subnet.value, `a private subnet of your VPC and ${groupsInput.input} to a security group for the notebook${STAND_INS[dialect]}`, input, [{ ...groups, input: groupsInput }]);
    }
    if (groupsWritten === 'named') return settingFix(resource, name, subnet.value, `a private subnet of your VPC, of the VPC of the security groups ${nameOf(resource)} already names${SUBNET_STAND_INS[dialect]}`, input);
    // The module may compute the groups from the subnet (`var.subnet == null ? null : [...]`): they are not known to stay empty.
    const groupsNote =
      groupsWritten === 'none'
        ? `; its module writes no ${groups.name}, so the notebook gets the default security group of the subnet's VPC`
        : `; its module writes ${groups.name} with no group as this call leaves them: check they name one once the subnet is set, else the notebook gets the default security group of the subnet's VPC`;
    return settingFix(resource, name, subnet.value, `a private subnet of your VPC${SUBNET_STAND_INS[dialect]}${groupsNote}`, input);
  }
  switch (groupsWritten) {
    case 'named':
      return { fix: { description: `Place ${nameOf(resource)} in a private subnet of your VPC, of the VPC of the security groups it already names${SUBNET_STAND_INS[dialect]}`, snippet: propertyLines(resource, [subnet]) } };
    case 'written-empty':
      return { fix: { description: `Place ${nameOf(resource)} in a private subnet of your VPC, with a security group, writing these in place of the ${SECURITY_GROUPS[dialect]} it writes without a group${STAND_INS[dialect]}`, snippet: propertyLines(resource, [subnet, groups]) } };
    case 'none':
      return { fix: { description: `Place ${nameOf(resource)} in a private subnet of your VPC, with a security group${STAND_INS[dialect]}`, snippet: propertyLines(resource, [subnet, groups]) } };
  }
}

/** The subnet and the security group the fix references, which stand for the user's own (`STAND_INS`). */
const SUBNET: Names = { cloudformation: 'PrivateSubnet', terraform: 'aws_subnet.private.id' };
const SECURITY_GROUP: Names = { cloudformation: 'NotebookSecurityGroup', terraform: 'aws_security_group.notebook.id' };

/**
 * Whether the notebook already writes its security groups (`SecurityGroupIds`, `security_groups`), as a value or one not
 * known statically (`named`): the fix then sets the subnet alone, since writing the attribute again is an error
 * ("Attribute redefined" in HCL, a duplicate key in YAML and JSON) and would drop the groups the notebook names. Written
 * without a group (`[]`, `null`, `AWS::NoValue`), the key is still there: the fix writes it in that key's place. A plan
 * holds the provider's default `[]`, or a value known after apply (the provider computes the attribute), for an attribute
 * the configuration leaves out, which is no key written.
 */
function securityGroupsOf(resource: Resource): 'named' | 'written-empty' | 'none' {
  const name = SECURITY_GROUPS[dialectOf(resource)];
  const { properties } = resource;
  // The provider computes `security_groups`: a plan holds it as known after apply where the configuration leaves it out.
  if (resource.writes?.(name) === false) return 'none';
  if (!isUnset(isObject(properties) ? properties[name] : undefined)) return 'named';
  const written = resource.writes
    ? resource.writes(name) === true
    : resource.writesKey
      ? resource.writesKey([...propertiesPath(resource), name])
      : isObject(properties) && Object.hasOwn(properties, name);
  return written ? 'written-empty' : 'none';
}

const SECURITY_GROUPS: Names = { cloudformation: 'SecurityGroupIds', terraform: 'security_groups' };
