import { SAGEMAKER_TYPES } from '../../parsers/terraform/resources.js';
import type { Resource } from '../model/resource.js';
import { OWNER_ACCOUNT, OWNER_PARTITION, OWNER_REGION, lowerCaseLiterals, prop, unresolvedMarker } from '../model/value.js';
import { ownEntry } from '../model/objects.js';

/**
 * What `aws:SourceArn` SageMaker presents when it assumes a role for a resource (seed:
 * sagemaker-confused-deputy-prevention.md; RULES.md format table). `presented` lists alternatives: the role
 * is usable when its trust policy allows any one of them. `recommended` is what a fix should allow.
 */
export interface SageMakerFeature {
  feature: string;
  /** Resource parts of the ARNs SageMaker may present, any of which must be allowed. */
  presented(resource: Resource): readonly string[];
  /** Resource parts a trust policy should allow for this resource. */
  recommended(resource: Resource): readonly string[];
}

/**
 * Any resource part, one list for every use that allows it (a plan has thousands of such uses): the lists a feature
 * gives are read, never changed.
 */
export const ANY_RESOURCE_PART: readonly string[] = ['*'];
const ANY = (): readonly string[] => ANY_RESOURCE_PART;

/** The resource's own name, read from its CloudFormation property or, for a Terraform resource, from its type's name attribute. */
function nameOf(resource: Resource, cloudFormationProperty: string): string {
  const property = resource.format === 'cloudformation' ? cloudFormationProperty : ownEntry(SAGEMAKER_TYPES, resource.type)?.nameAttribute;
  const value = property === undefined ? undefined : prop(resource.properties, property);
  return typeof value === 'string' && value !== '' ? value : unresolvedMarker(`${property ?? 'the name'} of ${resource.name} is generated at deploy time`);
}

/**
 * The resource's name as written and in lower case: SageMaker writes many names in lower case in its ARNs, and which
 * ARNs it does so for is not documented, so a source ARN with either may be the one it presents.
 */
function nameCases(resource: Resource, cloudFormationProperty: string): string[] {
  const name = nameOf(resource, cloudFormationProperty);
  const lowerCase = lowerCaseLiterals(name);
  return lowerCase === name ? [name] : [name, lowerCase];
}

/** `NotebookInstance` for `AWS::SageMaker::NotebookInstance` and for `aws_sagemaker_notebook_instance`. */
export function sageMakerShortType(resource: Resource): string {
  return resource.format === 'cloudformation' ? resource.type.replace(/^AWS::SageMaker::/, '') : (ownEntry(SAGEMAKER_TYPES, resource.type)?.shortType ?? resource.type);
}

/**
 * Own-ARN resource types for features where `*` and the resource's own ARN both work: the ARN ends in the resource's
 * name, or without `nameProperty` in an id SageMaker generates (the Service Authorization Reference's
 * `cluster/${ClusterId}`, `partner-app/${AppId}`), which is not known.
 */
export const OWN_ARN: Readonly<Record<string, { arnType: string; nameProperty?: string }>> = {
  NotebookInstance: { arnType: 'notebook-instance', nameProperty: 'NotebookInstanceName' },
  FeatureGroup: { arnType: 'feature-group', nameProperty: 'FeatureGroupName' },
  MonitoringSchedule: { arnType: 'monitoring-schedule', nameProperty: 'MonitoringScheduleName' },
  DataQualityJobDefinition: { arnType: 'data-quality-job-definition', nameProperty: 'JobDefinitionName' },
  ModelQualityJobDefinition: { arnType: 'model-quality-job-definition', nameProperty: 'JobDefinitionName' },
  ModelBiasJobDefinition: { arnType: 'model-bias-job-definition', nameProperty: 'JobDefinitionName' },
  ModelExplainabilityJobDefinition: { arnType: 'model-explainability-job-definition', nameProperty: 'JobDefinitionName' },
  InferenceExperiment: { arnType: 'inference-experiment', nameProperty: 'Name' },
  Cluster: { arnType: 'cluster' },
  MlflowTrackingServer: { arnType: 'mlflow-tracking-server', nameProperty: 'TrackingServerName' },
  PartnerApp: { arnType: 'partner-app' },
  // A versioned model package (`model-package/GROUP/VERSION`) writes no ModelPackageName: its ARN is then not known.
  ModelPackage: { arnType: 'model-package', nameProperty: 'ModelPackageName' },
  FlowDefinition: { arnType: 'flow-definition', nameProperty: 'FlowDefinitionName' },
};

/** The parts of a source ARN SageMaker makes when it runs (written once: a plan has a pipeline for every team). */
const EXECUTION_ID = unresolvedMarker('execution id');
export const JOB_NAME = unresolvedMarker('job name');

const LITERAL_STAR: SageMakerFeature = { feature: 'Inference', presented: ANY, recommended: ANY };

const FEATURES: Record<string, SageMakerFeature> = {
  Model: LITERAL_STAR,
  EndpointConfig: LITERAL_STAR,
  Endpoint: LITERAL_STAR,
  InferenceComponent: LITERAL_STAR,
  Domain: { ...LITERAL_STAR, feature: 'Studio' },
  UserProfile: { ...LITERAL_STAR, feature: 'Studio' },
  Space: { ...LITERAL_STAR, feature: 'Studio' },
  App: { ...LITERAL_STAR, feature: 'Studio' },
  Pipeline: {
    feature: 'Pipelines',
    presented: (resource) => nameCases(resource, 'PipelineName').map((name) => `pipeline/${name}/execution/${EXECUTION_ID}`),
    recommended: (resource) => nameCases(resource, 'PipelineName').map((name) => `pipeline/${name}/*`),
  },
  Image: { feature: 'Images', presented: () => ['image', 'image-version'], recommended: () => ['image', 'image-version'] },
  ImageVersion: { feature: 'Images', presented: () => ['image', 'image-version'], recommended: () => ['image', 'image-version'] },
  DeviceFleet: { feature: 'Edge Manager', presented: () => ['*', `edge-packaging-job/${JOB_NAME}`], recommended: ANY },
  // A job presents its own ARN, as the jobs that pipeline steps start do (seed: "SageMaker Processing Jobs").
  ProcessingJob: { feature: 'Processing', presented: (resource) => nameCases(resource, 'ProcessingJobName').map((name) => `processing-job/${name}`), recommended: () => ['processing-job/*'] },
};

export function sageMakerFeature(resource: Resource): SageMakerFeature {
  const shortType = sageMakerShortType(resource);
  const known = ownEntry(FEATURES, shortType);
  if (known) return known;
  let feature = featuresOfOtherTypes.get(shortType);
  if (!feature) featuresOfOtherTypes.set(shortType, (feature = otherFeature(shortType)));
  return feature;
}

/** The features of the types FEATURES does not list, each made once: a plan asks for one per resource (its notebooks). */
const featuresOfOtherTypes = new Map<string, SageMakerFeature>();

function otherFeature(shortType: string): SageMakerFeature {
  const own = ownEntry(OWN_ARN, shortType);
  return {
    feature: shortType,
    presented: (user) => {
      if (!own) return ANY_RESOURCE_PART;
      const names = own.nameProperty ? nameCases(user, own.nameProperty) : [unresolvedMarker(`the id of ${user.name} is generated at deploy time`)];
      return ['*', ...names.map((name) => `${own.arnType}/${name}`)];
    },
    recommended: ANY,
  };
}

/** A SageMaker ARN in the owner's partition and account, and the owner's region unless the resource's is known. */
export function ownerSageMakerArn(resourcePart: string, region: string = OWNER_REGION): string {
  return `arn:${OWNER_PARTITION}:sagemaker:${region}:${OWNER_ACCOUNT}:${resourcePart}`;
}
