import type { Resource } from '../../src/model/resource.js';
import type { Rule, RuleReport } from '../../src/model/rule.js';
import type { Path } from '../../src/model/location.js';
import { asList, isObject, prop, Unresolved, type ValueObject } from '../../src/model/value.js';
import { nameOf } from '../support.js';
import { booleanOf, dialectOf, isUnset, readSetting, resourcesOfType, settingFix, shown } from './settings.js';
import { withProperties } from '../../src/model/objects.js';

const MODEL = { cloudformation: 'AWS::SageMaker::Model', terraform: 'aws_sagemaker_model' } as const;
const ISOLATION = { cloudformation: 'EnableNetworkIsolation', terraform: 'enable_network_isolation' } as const;
const CONTAINERS = { cloudformation: ['PrimaryContainer', 'Containers'], terraform: ['primary_container', 'container'] } as const;
/** What gives a container its model: the artifacts' S3 location, or a model package. */
const MODEL_DATA = { cloudformation: ['ModelDataUrl', 'ModelDataSource', 'ModelPackageName'], terraform: ['model_data_url', 'model_data_source', 'model_package_name'] } as const;

export const sageMakerModelNoNetworkIsolation: Rule = {
  meta: {
    id: 'sagemaker-model-no-network-isolation',
    family: 'sagemaker',
    severity: 'low',
    title: 'SageMaker model without network isolation',
    summary: 'A model whose `EnableNetworkIsolation` (`enable_network_isolation`) is not true: its inference containers may make outbound network calls.',
    rationale:
      '"SageMaker training and deployed inference containers are internet-enabled by default", which "could provide an avenue for unauthorized access to your data": code in the container, including a compromised library, can send request payloads or model artifacts to a remote host. With `EnableNetworkIsolation: true` "the containers can\'t make any outbound network calls, even to other AWS services such as Amazon S3", and no AWS credentials are made available to the container; SageMaker still downloads the model artifacts with the execution role, outside the container. The property defaults to false. CloudFormation accepts a boolean or the strings "true"/"false"; a value deputy cannot resolve is not reported.',
    sources: [
      { title: 'Amazon SageMaker AI: Run training and inference containers in internet-free mode', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/mkt-algo-model-internet-free.html' },
      { title: 'AWS CloudFormation: AWS::SageMaker::Model', url: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-model.html' },
    ],
    messages: {
      unset: 'Model {resource} does not set {property} (default false): its inference containers can make outbound network calls',
      disabled: 'Model {resource} sets {property} to {value}: its inference containers can make outbound network calls',
    },
    bad: [
      {
        title: 'No EnableNetworkIsolation',
        language: 'yaml',
        code: `Model:
  Type: AWS::SageMaker::Model
  Properties:
    ExecutionRoleArn: !GetAtt ModelRole.Arn
    PrimaryContainer:
      Image: !Ref InferenceImage
      ModelDataUrl: !Sub s3://\${ArtifactBucket}/model.tar.gz`,
      },
    ],
    good: [
      {
        title: 'Network isolation on',
        language: 'yaml',
        code: `Model:
  Type: AWS::SageMaker::Model
  Properties:
    ExecutionRoleArn: !GetAtt ModelRole.Arn
    EnableNetworkIsolation: true
    PrimaryContainer:
      Image: !Ref InferenceImage
      ModelDataUrl: !Sub s3://\${ArtifactBucket}/model.tar.gz`,
      },
    ],
    fix: 'Set `EnableNetworkIsolation: true` (Terraform `enable_network_isolation = true`) unless the container must call out; then run it in your VPC (`VpcConfig`) with endpoints for what it needs.',
  },
  check(graph) {
    const reports: RuleReport[] = [];
    for (const resource of resourcesOfType(graph, MODEL)) {
      const setting = readSetting(resource, ISOLATION);
      const modelData = MODEL_DATA[dialectOf(resource)][0];
      // Isolated, a container that downloads its model at run time (a Hugging Face model by HF_MODEL_ID) fails to start.
      const caveat = namesNoModelData(resource) ? `; its containers name no ${modelData}, so they may download their model at run time, which network isolation stops: give them their artifacts in ${modelData} first` : '';
      const fix = settingFix(resource, setting.name, { boolean: true }, `true${caveat}`);
      const data = { resource: nameOf(resource), type: resource.type, property: setting.name };
      if (setting.state === 'unset') reports.push({ messageId: 'unset', data, resource, locator: resource.locator, path: setting.path, ...fix });
      else if (setting.state === 'set' && booleanOf(setting.value) === false) {
        reports.push({ messageId: 'disabled', data: withProperties(data, { value: shown(setting.value) }), resource, locator: resource.locator, path: setting.path, ...fix });
      }
    }
    return reports;
  },
};

/**
 * Whether the model writes its containers and none of them names model data (each known to name none). A plan holds a
 * value known after apply for what the provider computes (`model_data_source`) where the configuration leaves it out:
 * left out, it names none, as in the `.tf` files.
 */
function namesNoModelData(model: Resource): boolean {
  const dialect = dialectOf(model);
  const containers = CONTAINERS[dialect].flatMap((name) => asList(prop(model.properties, name)).map((container, index) => ({ container, path: [name, index] })));
  const namesNone = (container: ValueObject, path: Path, key: string): boolean => isUnset(container[key]) || (container[key] instanceof Unresolved && model.writes?.([...path, key]) === false);
  return containers.length > 0 && containers.every(({ container, path }) => isObject(container) && MODEL_DATA[dialect].every((key) => namesNone(container, path, key)));
}
