import type { Resource } from '../../src/model/resource.js';
import type { Rule } from '../../src/model/rule.js';
import { Unresolved, asList, hasMarker, prop, type Value } from '../../src/model/value.js';
import { nameOf } from '../support.js';
import { dialectOf, isUnset, kmsKeyFix, unsetOn } from './settings.js';

const VARIANTS = { cloudformation: 'ProductionVariants', terraform: 'production_variants' } as const;
/** Shadow variants run beside the production ones, on instances of their own. */
const SHADOW_VARIANTS = { cloudformation: 'ShadowProductionVariants', terraform: 'shadow_production_variants' } as const;
const INSTANCE_TYPE = { cloudformation: 'InstanceType', terraform: 'instance_type' } as const;
const SERVERLESS_CONFIG = { cloudformation: 'ServerlessConfig', terraform: 'serverless_config' } as const;

/**
 * Instance families with NVMe instance storage, where CreateEndpointConfig refuses a KmsKeyId: EC2 marks them with a
 * `d` among the letters after the generation (m5d, c6gd, g4dn, p4de), and a few families carry instance storage
 * without the letter, among them those whose names add a suffix after a hyphen (p6-b200) or whose series letters
 * hold the `d` (dl1) (EC2 User Guide, instance store volumes).
 */
const LOCAL_STORAGE_FAMILIES = new Set(['dl1', 'g5', 'g6', 'g6e', 'gr6', 'p5', 'p5e', 'p5en', 'p6-b200', 'p6-b300', 'p6e-gb200', 'trn1', 'trn1n', 'trn2']);

/** `ml.<family>.<size>`, the family as EC2 writes it: series letters, generation, attribute letters, then an optional `-` suffix (p6e-gb200). */
const INSTANCE_TYPE_PATTERN = /^ml\.([a-z]+\d+([a-z]*)(?:-[a-z0-9]+)?)\.[a-z0-9-]+$/;

export const sageMakerEndpointConfigNoKms: Rule = {
  meta: {
    id: 'sagemaker-endpoint-config-no-kms',
    family: 'sagemaker',
    severity: 'low',
    title: 'SageMaker endpoint configuration without a customer managed KMS key',
    summary:
      'An endpoint configuration without `KmsKeyId` (`kms_key_arn`) whose instances could take one: the ML storage volumes of the endpoint are encrypted with a transient key you do not control. For a configuration of serverless variants only, the key would encrypt the container image SageMaker keeps for them.',
    rationale:
      'The storage volume attached to each endpoint instance holds the model artifacts and what the container writes to `/opt/ml` and `/tmp`. "If you don\'t specify a KMS key, SageMaker encrypts storage volumes with a transient key": you cannot restrict decryption with a key policy, audit it in CloudTrail, or revoke it. Endpoint configurations that use an instance type with local NVMe storage are exempt, because "if you specify a value for KmsKeyId when using any nitro-based instances with local storage, the call to CreateEndpointConfig fails" (those volumes are encrypted by a hardware module): deputy recognises them by EC2\'s `d` in the instance family (ml.g4dn, ml.m5d, ml.p4d) and the families with instance storage but no such `d` (ml.g5, ml.g6, ml.p5, ml.p6-b200, ml.p6e-gb200, ml.dl1, ml.trn1, ...), and says nothing when an instance type cannot be resolved or its family cannot be read from it. A serverless variant has no instances: for it SageMaker "uses this key to encrypt your Amazon ECR image", and a configuration of serverless variants only is reported in those terms.',
    sources: [
      { title: 'Amazon SageMaker AI: Notebook instances, SageMaker AI jobs, and endpoints (encryption at rest)', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/encryption-at-rest-nbi.html' },
      { title: 'Amazon SageMaker API Reference: CreateEndpointConfig (KmsKeyId)', url: 'https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpointConfig.html' },
      { title: 'Amazon EC2 User Guide: Instance store volumes', url: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/InstanceStorage.html' },
      { title: 'Amazon SageMaker AI: Serverless Inference, create an endpoint configuration (KmsKeyId)', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/serverless-endpoints-create-config.html' },
    ],
    messages: {
      unset: 'Endpoint configuration {resource} has no {property}: the storage volumes of its endpoint instances are encrypted with a transient key, not one whose policy you control',
      unsetServerless: 'Endpoint configuration {resource} has no {property}: SageMaker encrypts the container image of its serverless variants with a key you do not choose, not one whose policy you control',
    },
    bad: [
      {
        title: 'No KmsKeyId on EBS-backed instances',
        language: 'yaml',
        code: `EndpointConfig:
  Type: AWS::SageMaker::EndpointConfig
  Properties:
    ProductionVariants:
      - VariantName: primary
        ModelName: !GetAtt Model.ModelName
        InstanceType: ml.m5.xlarge
        InitialInstanceCount: 1`,
      },
    ],
    good: [
      {
        title: 'A customer managed key',
        language: 'yaml',
        code: `EndpointConfig:
  Type: AWS::SageMaker::EndpointConfig
  Properties:
    KmsKeyId: !Ref EndpointKey
    ProductionVariants:
      - VariantName: primary
        ModelName: !GetAtt Model.ModelName
        InstanceType: ml.m5.xlarge
        InitialInstanceCount: 1`,
      },
    ],
    fix: 'Set `KmsKeyId` (Terraform `kms_key_arn`) to a customer managed KMS key whose policy lets the endpoint\'s execution role use it; with local-storage instance types (ml.g4dn, ml.g5, ...) leave it out, their volumes are encrypted in hardware.',
  },
  check(graph) {
    return unsetOn(
      graph,
      { cloudformation: 'AWS::SageMaker::EndpointConfig', terraform: 'aws_sagemaker_endpoint_configuration' },
      { cloudformation: 'KmsKeyId', terraform: 'kms_key_arn' },
    )
      .filter(({ resource }) => mayTakeKey(resource))
      .map(({ resource, name, path }) => ({
        messageId: serverlessOnly(resource) ? 'unsetServerless' : 'unset',
        data: { resource: nameOf(resource), type: resource.type, property: name },
        resource,
        locator: resource.locator,
        path,
        ...kmsKeyFix(graph, resource, name, { cloudformation: 'EndpointKey', terraform: 'endpoint' }, "the endpoint's execution role"),
      }));
  },
};

/** True when every variant's instance type, production or shadow, is known, of a family deputy can read, and none has local storage (serverless variants have none). */
function mayTakeKey(config: Resource): boolean {
  const lists = variantLists(config);
  if (lists.some((variants) => variants instanceof Unresolved)) return false;
  return lists.flatMap(asList).every((variant) => {
    if (variant instanceof Unresolved) return false;
    const instanceType = prop(variant, INSTANCE_TYPE[dialectOf(config)]);
    if (isUnset(instanceType)) return true;
    return typeof instanceType === 'string' && !hasMarker(instanceType) && hasLocalStorage(instanceType) === false;
  });
}

/** True when every variant, production or shadow, is serverless: written with a serverless configuration and no instance type. */
function serverlessOnly(config: Resource): boolean {
  const dialect = dialectOf(config);
  const variants = variantLists(config).flatMap(asList);
  return variants.length > 0 && variants.every((variant) => !isUnset(prop(variant, SERVERLESS_CONFIG[dialect])) && isUnset(prop(variant, INSTANCE_TYPE[dialect])));
}

/** The production variants, then the shadow ones, as the configuration writes each list. */
function variantLists(config: Resource): Array<Value | undefined> {
  const dialect = dialectOf(config);
  return [VARIANTS, SHADOW_VARIANTS].map((names) => prop(config.properties, names[dialect]));
}

/** Whether the instance type has local NVMe storage; undefined when its family cannot be read from it. */
function hasLocalStorage(instanceType: string): boolean | undefined {
  const match = INSTANCE_TYPE_PATTERN.exec(instanceType);
  if (!match) return undefined;
  const [, family, attributes] = match;
  return attributes.includes('d') || LOCAL_STORAGE_FAMILIES.has(family);
}
