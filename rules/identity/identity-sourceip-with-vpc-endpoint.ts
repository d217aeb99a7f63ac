import { valueAt } from '../../src/graph/graph.js';
import { iamCatalog } from '../../src/iam/catalog.js';
import { matchAction } from '../../src/iam/match.js';
import { actionApplies } from '../../src/iam/trust.js';
import type { Path } from '../../src/model/location.js';
import type { ConditionEntry, Statement } from '../../src/model/policy.js';
import type { Resource } from '../../src/model/resource.js';
import type { Rule, RuleReport } from '../../src/model/rule.js';
import { displayString, hasUnresolvedPiece, tokenize } from '../../src/model/value.js';
import { nameOf, policiesWithFindings } from '../support.js';
import { appliesAtNoTime, conditionsOnKeys, identityPolicyGroups, policyValues } from './identity-policies.js';

/** The actions of the SageMaker Runtime API, whose requests go to its own endpoint (`runtime.sagemaker.<region>`), not the SageMaker API's. */
const RUNTIME_ACTIONS = ['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointAsync', 'sagemaker:InvokeEndpointWithResponseStream'];

/**
 * The actions of the SageMaker Feature Store Runtime API, whose requests go to its own endpoint
 * (`featurestore-runtime.sagemaker.<region>`), not the SageMaker API's; its UpdateRecord is authorized as PutRecord
 * (`sagemaker:IsUpdateRecord`).
 */
const FEATURE_STORE_RUNTIME_ACTIONS = ['sagemaker:BatchGetRecord', 'sagemaker:BatchWriteRecord', 'sagemaker:DeleteRecord', 'sagemaker:GetRecord', 'sagemaker:ListRecords', 'sagemaker:PutRecord'];

/**
 * The actions of SageMaker's other APIs, each with its own endpoint and no interface endpoint service the rule knows,
 * so that none pairs with the SageMaker API endpoint: the Metrics Service (`metrics.sagemaker.<region>`), Edge Manager
 * (`edge.sagemaker.<region>`) and the Augmented AI Runtime (`a2i-runtime.sagemaker.<region>`), whose actions are
 * SageMaker's in IAM.
 */
const OTHER_API_ACTIONS = [
  'sagemaker:BatchGetMetrics',
  'sagemaker:BatchPutMetrics',
  'sagemaker:GetDeployments',
  'sagemaker:GetDeviceRegistration',
  'sagemaker:SendHeartbeat',
  'sagemaker:DeleteHumanLoop',
  'sagemaker:DescribeHumanLoop',
  'sagemaker:ListHumanLoops',
  'sagemaker:StartHumanLoop',
  'sagemaker:StopHumanLoop',
];

/**
 * The SageMaker interface endpoint services (their service names, any region) and the actions whose requests go
 * through each: every action is served by one endpoint service, but the calls that return a presigned URL, whose URL
 * the notebook or Studio endpoint serves while the call goes through the API endpoint (the seed: the IP condition on
 * CreatePresignedNotebookInstanceUrl "restricts access to both the call ... and to the URL that the call returns"; the
 * Studio page: "When users call CreatePresignedDomainUrl ... that call goes through the interface endpoint used to
 * connect to the SageMaker API").
 */
const SAGEMAKER_ENDPOINT_SERVICES: ReadonlyArray<{ name: RegExp; actions: readonly string[]; except?: readonly string[]; source: string }> = [
  {
    name: /^com\.amazonaws\.[^.]+\.sagemaker\.api(-fips)?$/,
    actions: ['sagemaker:*'],
    except: [...RUNTIME_ACTIONS, ...FEATURE_STORE_RUNTIME_ACTIONS, ...OTHER_API_ACTIONS],
    source: 'https://docs.aws.amazon.com/sagemaker/latest/dg/interface-vpc-endpoint.html',
  },
  { name: /^com\.amazonaws\.[^.]+\.sagemaker\.runtime(-fips)?$/, actions: RUNTIME_ACTIONS, source: 'https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_Operations_Amazon_SageMaker_Runtime.html' },
  {
    name: /^com\.amazonaws\.[^.]+\.sagemaker\.featurestore-runtime$/,
    actions: FEATURE_STORE_RUNTIME_ACTIONS,
    source: 'https://docs.aws.amazon.com/sagemaker/latest/dg/feature-store-storage-configurations-online-store.html',
  },
  { name: /^aws\.sagemaker\.[^.]+\.notebook$/, actions: ['sagemaker:CreatePresignedNotebookInstanceUrl'], source: 'https://docs.aws.amazon.com/sagemaker/latest/dg/notebook-interface-endpoint.html' },
  { name: /^aws\.sagemaker\.[^.]+\.studio$/, actions: ['sagemaker:CreatePresignedDomainUrl'], source: 'https://docs.aws.amazon.com/sagemaker/latest/dg/studio-interface-endpoint.html' },
];
const SOURCE_IP = 'aws:sourceip';

export const identitySourceIpWithVpcEndpoint: Rule = {
  meta: {
    id: 'identity-sourceip-with-vpc-endpoint',
    family: 'identity',
    severity: 'low',
    title: 'aws:SourceIp condition next to a SageMaker interface VPC endpoint',
    summary: 'SageMaker access is conditioned on `aws:SourceIp` while the same template creates an interface VPC endpoint for the SageMaker API, runtime, Feature Store runtime, notebook or Studio service that serves those actions, where IP filtering does not work.',
    rationale:
      'The SageMaker identity-policy examples limit API and notebook access by `aws:SourceIp` and warn: "Using this method to filter by IP address is incompatible when connecting to SageMaker AI through a VPC interface endpoint." Requests that travel through an interface endpoint do not carry the public source address the condition tests, so an Allow on `aws:SourceIp` refuses the callers the endpoint was built for, and a Deny on `NotIpAddress` refuses them all. Inside a VPC, `aws:SourceVpce`, `aws:SourceVpc` or `aws:VpcSourceIp` express the intent. An endpoint is an interface endpoint where its type says `Interface` (`VpcEndpointType`, `vpc_endpoint_type`; unset is a gateway endpoint). The rule pairs a statement only with an endpoint that serves one of its actions, and names it: the SageMaker Runtime endpoint (`com.amazonaws.<region>.sagemaker.runtime`) serves InvokeEndpoint, InvokeEndpointAsync and InvokeEndpointWithResponseStream (the SageMaker Runtime API), the Feature Store runtime endpoint (`...sagemaker.featurestore-runtime`) GetRecord, PutRecord, DeleteRecord, BatchGetRecord, BatchWriteRecord and ListRecords (the Feature Store Runtime API), the API endpoint (`...sagemaker.api`) every other SageMaker action but those of the other SageMaker APIs, which have their own endpoints (BatchPutMetrics and BatchGetMetrics of the Metrics Service, the Edge Manager calls, and the human loops of the Augmented AI Runtime), a notebook endpoint (`aws.sagemaker.<region>.notebook`) the notebook instance URL that CreatePresignedNotebookInstanceUrl grants (the seed: the IP condition on it restricts "the URL that the call returns"), and a Studio endpoint (`aws.sagemaker.<region>.studio`) the Studio URL that CreatePresignedDomainUrl grants, whose call goes through the API endpoint. An IP condition on CreatePresignedNotebookInstanceUrl beside a runtime endpoint alone, or on Feature Store records beside an API endpoint alone, is not reported, nor one of a statement whose conditions on the request\'s time hold at no time from the scan on (`DateLessThan: {aws:CurrentTime: "2000-01-01T00:00:00Z"}`): it applies to no request.',
    sources: [
      { title: 'Amazon SageMaker AI identity-based policy examples (Limit access to a notebook instance by IP address)', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_id-based-policy-examples.html' },
      { title: 'IAM User Guide: AWS global condition context keys (aws:SourceIp)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip' },
      { title: 'Amazon SageMaker AI: Connect to SageMaker AI within your VPC', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/interface-vpc-endpoint.html' },
      { title: 'Amazon SageMaker Runtime API operations', url: 'https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_Operations_Amazon_SageMaker_Runtime.html' },
      { title: 'Amazon SageMaker AI: Connect to a notebook instance through a VPC interface endpoint', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/notebook-interface-endpoint.html' },
      { title: 'Amazon SageMaker Feature Store Runtime API operations', url: 'https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_Operations_Amazon_SageMaker_Feature_Store_Runtime.html' },
      { title: 'Amazon SageMaker Feature Store: Online store (AWS PrivateLink to the Feature Store Runtime endpoint)', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/feature-store-storage-configurations-online-store.html' },
      { title: 'Amazon SageMaker AI: Connect to Amazon SageMaker Studio and Studio Classic through an interface VPC endpoint', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/studio-interface-endpoint.html' },
      { title: 'Amazon SageMaker API Reference: the SageMaker APIs (Metrics Service, Edge Manager, Feature Store Runtime, ...)', url: 'https://docs.aws.amazon.com/sagemaker/latest/APIReference/Welcome.html' },
      { title: 'Amazon Augmented AI Runtime API Reference', url: 'https://docs.aws.amazon.com/augmented-ai/2019-11-07/APIReference/Welcome.html' },
    ],
    messages: {
      sourceIp:
        '{policy} conditions SageMaker access on {key}, but {endpoint} creates an interface VPC endpoint for {service}: requests through it do not carry the public source address (use aws:SourceVpce, aws:SourceVpc or aws:VpcSourceIp)',
    },
    bad: [
      {
        title: 'IP allow-list for callers that come through the endpoint',
        language: 'yaml',
        code: `SageMakerApiEndpoint:
  Type: AWS::EC2::VPCEndpoint
  Properties:
    VpcEndpointType: Interface
    ServiceName: !Sub com.amazonaws.\${AWS::Region}.sagemaker.api
    VpcId: !Ref Vpc
DataScientists:
  Type: AWS::IAM::ManagedPolicy
  Properties:
    PolicyDocument:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Action: sagemaker:CreatePresignedNotebookInstanceUrl
          Resource: "*"
          Condition:
            IpAddress:
              aws:SourceIp: 192.0.2.0/24`,
      },
    ],
    good: [
      {
        title: 'Only calls through the endpoint',
        language: 'yaml',
        code: `Condition:
  StringEquals:
    aws:SourceVpce: !Ref SageMakerApiEndpoint`,
      },
    ],
    fix: 'Replace the `aws:SourceIp` condition by `aws:SourceVpce` (the endpoint id), `aws:SourceVpc` or `aws:VpcSourceIp` for callers inside the VPC.',
  },
  check(graph, { now }) {
    const restricting = policiesWithFindings(identityPolicyGroups(graph), ({ doc }) => sourceIpConditions(doc.statements, now));
    if (restricting.length === 0) return [];
    const endpoints = graph.resources().flatMap((resource) => {
      const path = serviceNamePath(resource);
      const endpoint = sageMakerEndpointService(resource, path);
      return endpoint ? [{ resource, path, ...endpoint }] : [];
    });
    if (endpoints.length === 0) return [];
    const reports: RuleReport[] = [];
    for (const { policy, found } of restricting) {
      for (const { statement, condition } of found) {
        const endpoint = endpoints.find(({ actions }) => actions.some((action) => actionApplies(statement, action) === true));
        if (!endpoint) continue;
        reports.push({
          messageId: 'sourceIp',
          ...policyValues(policy, { key: condition.key, endpoint: nameOf(endpoint.resource), service: endpoint.service }),
          resource: policy.holder,
          locator: policy.doc.locator,
          path: condition.path,
          related: [{ message: `VPC endpoint ${nameOf(endpoint.resource)}`, resource: endpoint.resource, locator: endpoint.resource.locator, path: endpoint.path }],
        });
      }
    }
    return reports;
  },
};

/**
 * The aws:SourceIp conditions of statements that decide some SageMaker action, each with its statement: not of one that
 * applies at no time from the scan at `now` on (`appliesAtNoTime`), which refuses no caller and grants none.
 */
function sourceIpConditions(statements: readonly Statement[], now: number): Array<{ statement: Statement; condition: ConditionEntry }> {
  return statements.flatMap((statement) => {
    const conditions = conditionsOnKeys(statement, [SOURCE_IP]);
    return conditions.length > 0 && !appliesAtNoTime(statement, now) && iamCatalog().actions('sagemaker').some((action) => actionApplies(statement, action) === true) ? conditions.map((condition) => ({ statement, condition })) : [];
  });
}

/** The SageMaker actions (of the IAM catalog) each endpoint service serves, in the order of SAGEMAKER_ENDPOINT_SERVICES; made once. */
function servedActions(): ReadonlyArray<readonly string[]> {
  served ??= SAGEMAKER_ENDPOINT_SERVICES.map(({ actions, except = [] }) => iamCatalog().actions('sagemaker').filter((action) => actions.some((pattern) => matchAction(pattern, action)) && !except.includes(action)));
  return served;
}

let served: ReadonlyArray<readonly string[]> | undefined;

/** Where a VPC endpoint names its service: CloudFormation `ServiceName`, Terraform `service_name`. */
function serviceNamePath(resource: Resource): Path {
  return resource.format === 'cloudformation' ? ['Properties', 'ServiceName'] : ['service_name'];
}

/**
 * The SageMaker service an interface VPC endpoint connects to, as written, and the actions it serves; undefined for other
 * services, names not known as a whole, and other endpoint types (unset is a gateway endpoint, which SageMaker services
 * do not offer).
 */
function sageMakerEndpointService(resource: Resource, path: Path): { service: string; actions: readonly string[] } | undefined {
  if (resource.kind !== 'vpc-endpoint') return undefined;
  const type = valueAt(resource.properties, resource.format === 'cloudformation' ? ['Properties', 'VpcEndpointType'] : ['vpc_endpoint_type']);
  if (type !== 'Interface') return undefined;
  const name = valueAt(resource.properties, path);
  if (typeof name !== 'string') return undefined;
  // The region is usually `${AWS::Region}`, or a variable or parameter not known statically: any marker stands for one
  // label, so the service is read from the labels written out (a name not known as a whole names no service).
  if (hasUnresolvedPiece(name) && tokenize(name).every((token) => !('literal' in token))) return undefined;
  const shape = tokenize(name)
    .map((token) => ('literal' in token ? token.literal : 'region'))
    .join('');
  const index = SAGEMAKER_ENDPOINT_SERVICES.findIndex(({ name: pattern }) => pattern.test(shape));
  return index < 0 ? undefined : { service: displayString(name), actions: servedActions()[index]! };
}
