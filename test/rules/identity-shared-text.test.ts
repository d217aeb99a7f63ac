import { describe, expect, it } from 'vitest';
import { parseCloudFormation } from '../../parsers/cloudformation/index.js';
import { identityPolicyGroups } from '../../rules/identity/identity-policies.js';
import { identitySageMakerGuardrailMissing } from '../../rules/identity/identity-sagemaker-guardrail-missing.js';
import { ResourceGraph } from '../../src/graph/graph.js';
import { defaultServicePrincipals } from '../../src/iam/service-principals.js';
import { sageMakerRoleWithTextPolicies, scanText } from '../helpers.js';

const TRAIN = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sagemaker:CreateTrainingJob", "Resource": "*", "Condition": {"StringEquals": {"sagemaker:VolumeKmsKeyArn": "arn:aws:kms:us-east-1:111122223333:key/k"}, "StringEqualsIfExists": {"sagemaker:DirectInternetAccess": "Disabled"}}}]}`;
const GUARDED_TRAIN = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sagemaker:CreateTrainingJob", "Resource": "*", "Condition": {"StringEquals": {"sagemaker:VolumeKmsKeyArn": "arn:aws:kms:us-east-1:111122223333:key/k"}, "Bool": {"sagemaker:NetworkIsolation": "true"}, "ForAllValues:StringEquals": {"sagemaker:VpcSubnets": ["subnet-1"], "sagemaker:VpcSecurityGroupIds": ["sg-1"]}, "Null": {"sagemaker:VpcSubnets": "false", "sagemaker:VpcSecurityGroupIds": "false"}}}]}`;
const DENY_TRAINING = `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "sagemaker:CreateTrainingJob", "Resource": "*"}]}`;

/** A SageMaker role holding the given inline policy texts as p0, p1, ... */
function role(name: string, ...policies: string[]): string {
  return sageMakerRoleWithTextPolicies(name, Object.fromEntries(policies.map((text, index) => [`p${index}`, text])));
}

function findingsOn(result: Awaited<ReturnType<typeof scanText>>, ruleId: string): string[] {
  return result.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => `${finding.resource.address.split('#')[1]}: ${finding.message}`);
}

// Roles stamped out of one module repeat a policy text: the identity rules read it once, yet what depends on the
// role (its name, the Denies in its other policies) stays the role's own.
describe('identity policies that repeat the same text', () => {
  it('are checked once per text and reported per role, with each role\'s own Denies', async () => {
    const result = await scanText(`Resources:
${role('First', TRAIN)}${role('Denied', TRAIN, DENY_TRAINING)}${role('Guarded', GUARDED_TRAIN)}${role('Second', TRAIN)}`);
    expect(result.errors).toEqual([]);
    const missing = 'sagemaker:CreateTrainingJob needs sagemaker:NetworkIsolation=true, sagemaker:VpcSubnets, sagemaker:VpcSecurityGroupIds';
    expect(findingsOn(result, 'identity-sagemaker-guardrail-missing')).toEqual([
      `First: policy p0 of role First allows SageMaker actions without the guardrail conditions the SageMaker examples use: ${missing}`,
      `Second: policy p0 of role Second allows SageMaker actions without the guardrail conditions the SageMaker examples use: ${missing}`,
    ]);
    expect(findingsOn(result, 'identity-condition-key-not-applicable').map((finding) => finding.split(':')[0])).toEqual(['First', 'Denied', 'Second']);
  });

  it('group the documents of a graph by the statements they share', () => {
    const parsed = parseCloudFormation('template.yaml', `Resources:
${role('First', TRAIN)}${role('Second', TRAIN, GUARDED_TRAIN)}`);
    const groups = identityPolicyGroups(new ResourceGraph(parsed.worlds[0]!));
    expect(groups.map((group) => group.positions.map((position) => `${position} ${group.all[position]!.label}`))).toEqual([
      ['0 policy p0 of role First', '1 policy p0 of role Second'],
      ['2 policy p1 of role Second'],
    ]);
  });

  it('compute per rule context: a configuration does not see what another one found', () => {
    const parsed = parseCloudFormation('template.yaml', `Resources:
${role('First', TRAIN)}`);
    const graph = new ResourceGraph(parsed.worlds[0]!);
    const check = (guardrailKeys: Record<string, string[]>) =>
      identitySageMakerGuardrailMissing.check(graph, { services: defaultServicePrincipals, now: Date.parse('2026-12-07T10:00:00Z'), guardrailKeys }).map((report) => report.data.missing);
    expect(check({ 'sagemaker:CreateTrainingJob': ['sagemaker:VolumeKmsKeyArn'] })).toEqual([]);
    expect(check({ 'sagemaker:CreateTrainingJob': ['sagemaker:NetworkIsolation=true'] })).toEqual(['sagemaker:CreateTrainingJob needs sagemaker:NetworkIsolation=true']);
  });

  it('builds requests without a deprecated alias of a guardrail key for the statements that name it', async () => {
    const plain = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sagemaker:CreateLabelingJob", "Resource": "*"}]}`;
    const aliased = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sagemaker:CreateLabelingJob", "Resource": "*", "Condition": {"StringEqualsIfExists": {"sagemaker:VolumeKmsKey": "arn:aws:kms:us-east-1:111122223333:key/k"}}}]}`;
    // IfExists lets a request without the alias through: only requests built without the alias as well show that.
    for (const roles of [[role('Plain', plain), role('Aliased', aliased)], [role('Aliased', aliased), role('Plain', plain)]]) {
      const result = await scanText(`Resources:
${roles.join('')}`);
      expect(result.errors).toEqual([]);
      expect(findingsOn(result, 'identity-sagemaker-guardrail-missing').sort()).toEqual(
        ['Aliased', 'Plain'].map((name) => `${name}: policy p0 of role ${name} allows SageMaker actions without the guardrail conditions the SageMaker examples use: sagemaker:CreateLabelingJob needs sagemaker:VolumeKmsKeyArn`),
      );
    }
  });
});
