import type { Rule } from '../../src/model/rule.js';
import { nameOf } from '../support.js';
import { kmsKeyFix, unsetOn } from './settings.js';

export const sageMakerNotebookNoKms: Rule = {
  meta: {
    id: 'sagemaker-notebook-no-kms',
    family: 'sagemaker',
    severity: 'low',
    title: 'SageMaker notebook instance without a customer managed KMS key',
    summary: 'A notebook instance without `KmsKeyId` (`kms_key_id`): its ML storage volume, where notebooks and data live, is encrypted with a key you do not control.',
    rationale:
      'The ML storage volume of a notebook instance (`/home/ec2-user/SageMaker`) holds the notebooks and whatever data users copy there, and persists across stops. "For notebook instances, if you don\'t specify a KMS key, SageMaker encrypts both OS volumes and ML data volumes with a system-managed KMS key": the data is encrypted, but you cannot restrict who may decrypt it with a key policy, audit its use in CloudTrail, or revoke access by disabling the key. "Sensitive data that needs to be encrypted with a KMS key for compliance reasons should be stored in the ML storage volume or in Amazon S3, both of which can be encrypted using a KMS key you specify."',
    sources: [
      { title: 'Amazon SageMaker AI: Notebook instances, SageMaker AI jobs, and endpoints (encryption at rest)', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/encryption-at-rest-nbi.html' },
      { title: 'AWS CloudFormation: AWS::SageMaker::NotebookInstance', url: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-notebookinstance.html' },
    ],
    messages: {
      unset: 'Notebook instance {resource} has no {property}: its ML storage volume is encrypted with a key SageMaker manages, not one whose policy you control',
    },
    bad: [
      {
        title: 'No KmsKeyId',
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
        title: 'A customer managed key',
        language: 'yaml',
        code: `Notebook:
  Type: AWS::SageMaker::NotebookInstance
  Properties:
    InstanceType: ml.t3.medium
    RoleArn: !GetAtt NotebookRole.Arn
    KmsKeyId: !Ref NotebookKey`,
      },
    ],
    fix: 'Create a customer managed KMS key (`AWS::KMS::Key`, Terraform `aws_kms_key`) whose policy lets the notebook\'s execution role use it, and set `KmsKeyId` (`kms_key_id`) to it.',
  },
  check(graph) {
    return unsetOn(
      graph,
      { cloudformation: 'AWS::SageMaker::NotebookInstance', terraform: 'aws_sagemaker_notebook_instance' },
      { cloudformation: 'KmsKeyId', terraform: 'kms_key_id' },
    ).map(({ resource, name, path }) => ({
      messageId: 'unset',
      data: { resource: nameOf(resource), type: resource.type, property: name },
      resource,
      locator: resource.locator,
      path,
      ...kmsKeyFix(graph, resource, name, { cloudformation: 'NotebookKey', terraform: 'notebook' }, "the notebook's execution role"),
    }));
  },
};
