import { valueAt } from '../../src/graph/graph.js';
import { iamCatalog } from '../../src/iam/catalog.js';
import { actionApplies } from '../../src/iam/trust.js';
import type { Path } from '../../src/model/location.js';
import type { ConditionEntry, Statement } from '../../src/model/policy.js';
import type { Resource } from '../../src/model/resource.js';
import type { Rule, RuleReport } from '../../src/model/rule.js';
import { displayString, hasUnresolvedPiece, tokenize } from '../../src/model/value.js';
import { nameOf, policiesWithFindings } from '../support.js';
import { conditionsOnKeys, identityPolicyGroups, policyValues } from './identity-policies.js';

/** Interface endpoint service names of the SageMaker API, runtime and notebooks (`com.amazonaws.<region>.sagemaker.api`, `aws.sagemaker.<region>.notebook`). */
const SAGEMAKER_ENDPOINT_SERVICES = [/^com\.amazonaws\.[^.]+\.sagemaker\.(api|runtime)(-fips)?$/, /^aws\.sagemaker\.[^.]+\.notebook$/];
const SOURCE_IP = 'aws:sourceip';

export const identitySourceIpWithVpcEndpoint: Rule = {
  meta: {
    id: 'identity-sourceip-with-vpc-endpoint',
    family: 'identity',
    severity: 'low',
    title: 'aws:SourceIp condition next to a SageMaker interface VPC endpoint',
    summary: 'SageMaker API access is conditioned on `aws:SourceIp` while the same template creates an interface VPC endpoint for the SageMaker API, runtime or notebook service, where IP filtering does not work.',
    rationale:
      'The SageMaker identity-policy examples limit API and notebook access by `aws:SourceIp` and warn: "Using this method to filter by IP address is incompatible when connecting to SageMaker AI through a VPC interface endpoint." Requests that travel through an interface endpoint do not carry the public source address the condition tests, so an Allow on `aws:SourceIp` refuses the callers the endpoint was built for, and a Deny on `NotIpAddress` refuses them all. Inside a VPC, `aws:SourceVpce`, `aws:SourceVpc` or `aws:VpcSourceIp` express the intent. An endpoint is an interface endpoint where its type says `Interface` (`VpcEndpointType`, `vpc_endpoint_type`; unset is a gateway endpoint).',
    sources: [
      { title: 'Amazon SageMaker AI identity-based policy examples (Limit access to a notebook instance by IP address)', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_id-based-policy-examples.html' },
      { title: 'IAM User Guide: AWS global condition context keys (aws:SourceIp)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip' },
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
  check(graph) {
    const restricting = policiesWithFindings(identityPolicyGroups(graph), ({ doc }) => sourceIpConditions(doc.statements));
    if (restricting.length === 0) return [];
    const endpoints = graph.resources().flatMap((resource) => {
      const path = serviceNamePath(resource);
      const service = sageMakerEndpointService(resource, path);
      return service ? [{ resource, service, path }] : [];
    });
    if (endpoints.length === 0) return [];
    const endpoint = endpoints[0]!;
    const reports: RuleReport[] = [];
    for (const { policy, found } of restricting) {
      for (const condition of found) {
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

/** The aws:SourceIp conditions of statements that decide some SageMaker action. */
function sourceIpConditions(statements: readonly Statement[]): ConditionEntry[] {
  return statements.flatMap((statement) => {
    const conditions = conditionsOnKeys(statement, [SOURCE_IP]);
    return conditions.length > 0 && iamCatalog().actions('sagemaker').some((action) => actionApplies(statement, action) === true) ? conditions : [];
  });
}

/** Where a VPC endpoint names its service: CloudFormation `ServiceName`, Terraform `service_name`. */
function serviceNamePath(resource: Resource): Path {
  return resource.format === 'cloudformation' ? ['Properties', 'ServiceName'] : ['service_name'];
}

/**
 * The SageMaker service an interface VPC endpoint connects to, as written; undefined for other services, names not known
 * as a whole, and other endpoint types (unset is a gateway endpoint, which SageMaker services do not offer).
 */
function sageMakerEndpointService(resource: Resource, path: Path): string | undefined {
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
  return SAGEMAKER_ENDPOINT_SERVICES.some((pattern) => pattern.test(shape)) ? displayString(name) : undefined;
}
