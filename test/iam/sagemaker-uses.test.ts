import { describe, expect, it } from 'vitest';
import { parseCloudFormation } from '../../parsers/cloudformation/index.js';
import { parseTerraformPlan } from '../../parsers/terraform-plan/index.js';
import { ResourceGraph } from '../../src/graph/graph.js';
import { sageMakerUses, sageMakerUsesByRole, sageMakerUsesOf } from '../../src/iam/sagemaker-uses.js';

const ACCOUNT = '493827160514';
const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

/** A plan of the root module alone, its resources created as `values` says. */
function planGraph(resources: Array<{ address: string; values: Record<string, unknown> }>): ResourceGraph {
  const entry = ({ address, values }: { address: string; values: Record<string, unknown> }) => {
    const [type, name] = address.split('.');
    return { address, mode: 'managed', type, name, provider_name: 'registry.terraform.io/hashicorp/aws', schema_version: 0, values, sensitive_values: {} };
  };
  const document = {
    format_version: '1.2',
    terraform_version: '1.9.5',
    planned_values: { root_module: { resources: resources.map(entry) } },
    resource_changes: resources.map((resource) => ({ ...entry(resource), change: { actions: ['create'], before: null, after: resource.values, after_unknown: {}, before_sensitive: false, after_sensitive: {} } })),
  };
  const parsed = parseTerraformPlan('plan.json', JSON.stringify(document, null, 2));
  expect(parsed.errors).toEqual([]);
  return new ResourceGraph(parsed.worlds[0]!);
}

const role = (address: string, name: string, path?: string) => ({ address, values: { name, assume_role_policy: trust, ...(path === undefined ? {} : { path }) } });
const step = (type: string, name: string, roleArn: string) => ({ Name: name, Type: type, Arguments: type === 'Tuning' ? { TrainingJobDefinition: { RoleArn: roleArn } } : type === 'Model' ? { ExecutionRoleArn: roleArn } : { RoleArn: roleArn } });
const pipeline = (address: string, name: string, steps: unknown[], roleArn?: string) => ({
  address,
  values: { pipeline_name: name, pipeline_definition: JSON.stringify({ Version: '2020-12-01', Steps: steps }), ...(roleArn === undefined ? {} : { role_arn: roleArn }) },
});
const uses = (graph: ResourceGraph) => sageMakerUses(graph).map((use) => `${use.user.address} ${use.feature} -> ${use.role.address} at ${use.path.join('.')}`);

describe('sageMakerUses: the roles pipeline steps name', () => {
  it('tells apart two roles of one name by the path an ARN writes, and leaves out a role nothing uses', () => {
    const graph = planGraph([
      role('aws_iam_role.plain', 'exec'),
      role('aws_iam_role.pathed', 'exec', '/service-role/'),
      role('aws_iam_role.idle', 'idle'),
      pipeline('aws_sagemaker_pipeline.p', 'p', [
        step('Training', 'InPath', `arn:aws:iam::${ACCOUNT}:role/service-role/exec`),
        step('Processing', 'AtRoot', `arn:aws:iam::${ACCOUNT}:role/exec`),
        step('Training', 'OtherPath', `arn:aws:iam::${ACCOUNT}:role/jobs/exec`),
        step('Training', 'Missing', `arn:aws:iam::${ACCOUNT}:role/nobody`),
      ]),
    ]);
    expect(uses(graph)).toEqual([
      'aws_sagemaker_pipeline.p Training step InPath -> aws_iam_role.pathed at pipeline_definition.Steps.0.Arguments.RoleArn',
      'aws_sagemaker_pipeline.p Processing step AtRoot -> aws_iam_role.plain at pipeline_definition.Steps.1.Arguments.RoleArn',
    ]);
    const idle = graph.resource('aws_iam_role.idle')!;
    expect(sageMakerUsesOf(graph, idle)).toEqual([]);
    expect([...sageMakerUsesByRole(graph).keys()].map((used) => used.address)).toEqual(['aws_iam_role.pathed', 'aws_iam_role.plain']);
  });

  it("reads nested Condition steps, each job's role where its type writes it, and the pipeline's own role first", () => {
    const graph = planGraph([
      role('aws_iam_role.own', 'own'),
      role('aws_iam_role.tuner', 'tuner', '/ml/'),
      pipeline(
        'aws_sagemaker_pipeline.p',
        'p',
        [{ Name: 'Check', Type: 'Condition', Arguments: { IfSteps: [step('Tuning', 'Tune', `arn:aws:iam::${ACCOUNT}:role/ml/tuner`)], ElseSteps: [step('Unknown', 'Odd', `arn:aws:iam::${ACCOUNT}:role/own`), step('Model', 'Register', `arn:aws:iam::${ACCOUNT}:role/own`)] } }],
        `arn:aws:iam::${ACCOUNT}:role/own`,
      ),
    ]);
    const found = sageMakerUses(graph);
    expect(uses(graph)).toEqual([
      'aws_sagemaker_pipeline.p Pipelines -> aws_iam_role.own at role_arn',
      'aws_sagemaker_pipeline.p Tuning step Tune -> aws_iam_role.tuner at pipeline_definition.Steps.0.Arguments.IfSteps.0.Arguments.TrainingJobDefinition.RoleArn',
      'aws_sagemaker_pipeline.p Model step Register -> aws_iam_role.own at pipeline_definition.Steps.0.Arguments.ElseSteps.1.Arguments.ExecutionRoleArn',
    ]);
    expect(found[1]!.alternatives.map((alternative) => alternative.split('/')[0])).toEqual(['training-job', 'hyper-parameter-tuning-job']);
    expect(found[1]!.recommended).toEqual(['training-job/*']);
    expect(sageMakerUsesOf(graph, graph.resource('aws_iam_role.own')!).map((use) => use.feature)).toEqual(['Pipelines', 'Model step Register']);
  });

  it('reads a step whose type is a name on the prototype of objects as no job', () => {
    const graph = planGraph([
      role('aws_iam_role.exec', 'exec'),
      pipeline('aws_sagemaker_pipeline.p', 'p', [step('constructor', 'Odd', `arn:aws:iam::${ACCOUNT}:role/exec`), step('toString', 'Odder', `arn:aws:iam::${ACCOUNT}:role/exec`), step('Processing', 'Real', `arn:aws:iam::${ACCOUNT}:role/exec`)]),
    ]);
    expect(uses(graph)).toEqual(['aws_sagemaker_pipeline.p Processing step Real -> aws_iam_role.exec at pipeline_definition.Steps.2.Arguments.RoleArn']);
  });

  it('takes the first role in graph order of two a step may name, by reference or by name, in one template only', () => {
    const template = (roles: string, steps: string) => `Resources:
${roles}  Pipeline:
    Type: AWS::SageMaker::Pipeline
    Properties:
      PipelineName: p
      RoleArn: !GetAtt Second.Arn
      PipelineDefinition:
        PipelineDefinitionBody: !Sub '{"Steps": [${steps}]}'
`;
    const cfnRole = (name: string, roleName: string) => `  ${name}:
    Type: AWS::IAM::Role
    Properties:
      RoleName: ${roleName}
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: sagemaker.amazonaws.com}, Action: sts:AssumeRole}]}
`;
    const graphOf = (text: string) => new ResourceGraph(parseCloudFormation('template.yaml', text).worlds[0]!);
    const byNameThenReference = graphOf(
      template(cfnRole('First', 'shared') + cfnRole('Second', 'other'), '{"Name": "A", "Type": "Training", "Arguments": {"RoleArn": "${Second.Arn}"}}, {"Name": "B", "Type": "Training", "Arguments": {"RoleArn": "arn:aws:iam::${AWS::AccountId}:role/shared"}}, {"Name": "C", "Type": "Training", "Arguments": {"RoleArn": "arn:aws:iam::${AWS::AccountId}:role/${Second}"}}'),
    );
    expect(sageMakerUses(byNameThenReference).map((use) => `${use.feature} -> ${use.role.name}`)).toEqual(['Pipelines -> Second', 'Training step A -> Second', 'Training step B -> First', 'Training step C -> Second']);
    // Named by a reference to the second role's name, which the first one writes as its own RoleName: the first in graph order.
    const bothNamed = graphOf(template(cfnRole('First', '!Ref Second') + cfnRole('Second', 'other'), '{"Name": "D", "Type": "Training", "Arguments": {"RoleArn": "arn:aws:iam::${AWS::AccountId}:role/${Second}"}}'));
    expect(sageMakerUses(bothNamed).map((use) => `${use.feature} -> ${use.role.name}`)).toEqual(['Pipelines -> Second', 'Training step D -> First']);
  });
});
