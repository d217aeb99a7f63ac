import type { Rule } from '../../src/model/rule.js';
import { checkEnum } from './settings.js';

export const sageMakerNotebookRootAccess: Rule = {
  meta: {
    id: 'sagemaker-notebook-root-access',
    family: 'sagemaker',
    severity: 'medium',
    title: 'SageMaker notebook instance gives its users root access',
    summary:
      'A notebook instance whose `RootAccess` (`root_access`) is `Enabled` or unset: AWS\'s default is `Enabled`, so every user of the notebook is root on the instance.',
    rationale:
      '"By default, when you create a notebook instance, users that log into that notebook instance have root access" and "because users with root access have administrator privileges, users can access and edit all files on a notebook instance". Root on the instance can change system software, disable agents and reach every credential and file the instance holds. The SageMaker identity-policy examples require `sagemaker:RootAccess: Disabled` on both CreateNotebookInstance and UpdateNotebookInstance. Unset is not safe: some scanners treat a missing RootAccess as disabled, but AWS applies `Enabled`. The property is a case-sensitive enum, `Enabled` or `Disabled`; any other spelling fails the deployment. Lifecycle configurations still run as root when user root access is disabled, so setup scripts keep working.',
    sources: [
      { title: 'Amazon SageMaker AI: Control root access to a SageMaker notebook instance', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/nbi-root-access.html' },
      { title: 'Amazon SageMaker AI: Identity-based policy examples (disable internet and root access)', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_id-based-policy-examples.html' },
      { title: 'AWS CloudFormation: AWS::SageMaker::NotebookInstance', url: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-notebookinstance.html' },
    ],
    messages: {
      unset: 'Notebook instance {resource} does not set {property}, so AWS applies its default {default}: every notebook user is root on the instance',
      risky: 'Notebook instance {resource} sets {property} to {value}: every notebook user is root on the instance',
      invalid: 'Notebook instance {resource} sets {property} to {value}, which AWS rejects (it accepts exactly {accepted}, case-sensitively): the deployment fails',
    },
    bad: [
      {
        title: 'No RootAccess: AWS enables it',
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
        title: 'Root access disabled for notebook users',
        language: 'yaml',
        code: `Notebook:
  Type: AWS::SageMaker::NotebookInstance
  Properties:
    InstanceType: ml.t3.medium
    RoleArn: !GetAtt NotebookRole.Arn
    RootAccess: Disabled`,
      },
    ],
    fix: 'Set `RootAccess: Disabled` (Terraform `root_access = "Disabled"`); install what users need from a lifecycle configuration, which still runs as root.',
  },
  check(graph) {
    return checkEnum(graph, {
      types: { cloudformation: 'AWS::SageMaker::NotebookInstance', terraform: 'aws_sagemaker_notebook_instance' },
      property: { cloudformation: 'RootAccess', terraform: 'root_access' },
      accepted: ['Enabled', 'Disabled'],
      risky: ['Enabled'],
      awsDefault: 'Enabled',
      safe: 'Disabled',
      fixNote: ' (lifecycle configurations still run as root)',
    });
  },
};
