/** What deputy models of each resource type: everything else is `other` (kept, but never analyzed on its own). */
import type { ResourceKind } from '../../src/model/index.js';
import { ownEntry } from '../../src/model/objects.js';

const KINDS: Readonly<Record<string, ResourceKind>> = {
  'AWS::IAM::Role': 'iam-role',
  'AWS::IAM::Policy': 'iam-policy',
  'AWS::IAM::ManagedPolicy': 'iam-policy',
  'AWS::IAM::RolePolicy': 'iam-policy',
  'AWS::IAM::UserPolicy': 'iam-policy',
  'AWS::IAM::GroupPolicy': 'iam-policy',
  'AWS::IAM::User': 'iam-user',
  'AWS::IAM::Group': 'iam-group',
  'AWS::IAM::UserToGroupAddition': 'iam-group-membership',
  'AWS::SSO::PermissionSet': 'sso-permission-set',
  'AWS::EC2::VPCEndpoint': 'vpc-endpoint',
};

export function kindOf(type: string): ResourceKind {
  return ownEntry(KINDS, type) ?? (type.startsWith('AWS::SageMaker::') ? 'sagemaker' : 'other');
}
