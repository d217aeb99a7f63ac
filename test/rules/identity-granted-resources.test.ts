import { describe, expect, it } from 'vitest';
import { parseCloudFormation } from '../../parsers/cloudformation/index.js';
import { grantedResources, identityPolicyGroups } from '../../rules/identity/identity-policies.js';
import { ResourceGraph } from '../../src/graph/graph.js';
import type { Statement } from '../../src/model/policy.js';
import { OWNER_ACCOUNT, OWNER_PARTITION, OWNER_REGION } from '../../src/model/value.js';
import { sageMakerRoleWithTextPolicies } from '../helpers.js';

const NOW = Date.parse('2026-12-07T10:00:00Z');
const TRAIN = 'sagemaker:CreateTrainingJob';

/** The statement of a role's inline policy that allows training jobs on the given Resource entries. */
function statementOn(...resources: string[]): Statement {
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: TRAIN, Resource: resources }] });
  const parsed = parseCloudFormation('template.yaml', `Resources:\n${sageMakerRoleWithTextPolicies('Trainer', { p0: policy })}`);
  return identityPolicyGroups(new ResourceGraph(parsed.worlds[0]!))[0]!.statements[0]!;
}

/** The probed resources with the owner's symbols and the wildcard marker written short. */
function probed(statement: Statement): unknown {
  const short = (text: string) =>
    text.replaceAll(OWNER_PARTITION, 'P').replaceAll(OWNER_REGION, 'R').replaceAll(OWNER_ACCOUNT, 'A').replace(/\u0001sym\|deputy\.AnyName\u0002/g, '<any>').replace(/\u0001sym\|deputy\.AnyRegion\u0002/g, '<every region>');
  return grantedResources(statement, TRAIN, NOW).map(({ resource, asOwners }) => (asOwners ? [short(resource), ...asOwners.map(short)] : [short(resource)]));
}

// grantedResources writes each probe's variants (the region and account written out, and the owner's for them) once
// each, in order: the first is the resource, the others its asOwners.
describe('grantedResources', () => {
  it('asks a resource written in one region and account also as the owner\'s, each variant once', () => {
    expect(probed(statementOn('arn:aws:sagemaker:us-east-1:111122223333:training-job/t0-*'))).toEqual([
      ['arn:P:sagemaker:us-east-1:111122223333:training-job/t0-<any>', 'arn:P:sagemaker:us-east-1:A:training-job/t0-<any>', 'arn:P:sagemaker:R:111122223333:training-job/t0-<any>', 'arn:P:sagemaker:R:A:training-job/t0-<any>'],
    ]);
  });

  it('keeps a wildcard region or account as any, which the owner\'s stands for only once', () => {
    expect(probed(statementOn('arn:aws:sagemaker:*:*:training-job/job'))).toEqual([['arn:P:sagemaker:<every region>:A:training-job/job']]);
    expect(probed(statementOn('arn:aws:sagemaker:us-east-?:*:training-job/job'))).toEqual([['arn:P:sagemaker:us-east-_:A:training-job/job', 'arn:P:sagemaker:R:A:training-job/job']]);
  });

  it('reads the regions of two entries apart: neither is taken for the owner\'s', () => {
    expect(probed(statementOn('arn:aws:sagemaker:us-east-1:111122223333:training-job/a', 'arn:aws:sagemaker:eu-west-1:111122223333:training-job/b'))).toEqual([
      ['arn:P:sagemaker:us-east-1:111122223333:training-job/a', 'arn:P:sagemaker:us-east-1:A:training-job/a'],
      ['arn:P:sagemaker:eu-west-1:111122223333:training-job/b', 'arn:P:sagemaker:eu-west-1:A:training-job/b'],
    ]);
  });
});
