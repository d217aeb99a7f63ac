import { describe, expect, it } from 'vitest';
import data from '../../src/iam/service-principals.json' with { type: 'json' };
import {
  arnServiceFor,
  defaultServicePrincipals,
  sourceArnServices,
  normalizePrincipal,
  principalPartition,
  sendsSourceContext,
  sameServicePrincipal,
  spelledInOtherPartition,
  servicePrincipal,
  ServicePrincipalCatalog,
} from '../../src/iam/service-principals.js';

describe('service-principals.json', () => {
  it('has well-formed, unique entries with an https source', () => {
    const seen = new Set<string>();
    for (const entry of data) {
      expect(entry.principal).toMatch(/^[a-z0-9.-]+\.amazonaws\.com$/);
      expect(typeof entry.sendsSourceArn).toBe('boolean');
      expect(typeof entry.sendsSourceAccount).toBe('boolean');
      expect(entry.arnService).toMatch(/^[a-z0-9-]+$/);
      for (const other of (entry as { otherArnServices?: string[] }).otherArnServices ?? []) expect(other).toMatch(/^[a-z0-9-]+$/);
      expect(entry.source).toMatch(/^https:\/\//);
      expect(seen.has(entry.principal)).toBe(false);
      seen.add(entry.principal);
    }
  });

  it('covers the seed services', () => {
    expect(servicePrincipal('sagemaker.amazonaws.com')?.source).toContain('sagemaker');
    expect(servicePrincipal('personalize.amazonaws.com')?.source).toContain('personalize');
  });
});

describe('servicePrincipal', () => {
  it('finds entries case-insensitively and across partitions and regional forms', () => {
    for (const form of ['SageMaker.AmazonAWS.com', 'sagemaker.amazonaws.com.cn', ' sagemaker.amazonaws.com ', 'states.us-gov-west-1.amazonaws.com'])
      expect(servicePrincipal(form)).toBeDefined();
    expect(servicePrincipal('sagemaker.amazonaws.com.cn')?.principal).toBe('sagemaker.amazonaws.com');
    expect(normalizePrincipal('states.eu-west-1.amazonaws.com')).toBe('states.amazonaws.com');
    expect(normalizePrincipal('ec2.c2s.ic.gov')).toBe('ec2.amazonaws.com');
  });

  it('is undefined for principals the catalog does not know', () => {
    expect(servicePrincipal('nosuch.amazonaws.com')).toBeUndefined();
    expect(sendsSourceContext('nosuch.amazonaws.com')).toBeUndefined();
  });
});

describe('send flags', () => {
  it('sagemaker and personalize send both keys', () => {
    for (const principal of ['sagemaker.amazonaws.com', 'personalize.amazonaws.com']) {
      expect(servicePrincipal(principal)).toMatchObject({ sendsSourceArn: true, sendsSourceAccount: true });
      expect(sendsSourceContext(principal)).toBe(true);
    }
  });

  it('elasticmapreduce sends both keys, on its own ARNs', () => {
    expect(servicePrincipal('elasticmapreduce.amazonaws.com')).toMatchObject({ sendsSourceArn: true, sendsSourceAccount: true });
    expect(servicePrincipal('elasticmapreduce.amazonaws.com')?.source).toContain('/emr/');
    expect(arnServiceFor('elasticmapreduce.amazonaws.com')).toBe('elasticmapreduce');
  });

  it('services whose pages show only aws:SourceArn in the trust policy are not said to send aws:SourceAccount', () => {
    for (const principal of ['eks-fargate-pods.amazonaws.com', 'logs.amazonaws.com', 'logs.eu-west-1.amazonaws.com'])
      expect(servicePrincipal(principal)).toMatchObject({ sendsSourceArn: true, sendsSourceAccount: false });
  });

  it('codedeploy sends both keys, on deployment group ARNs and, for ECS blue/green through a stack, on CloudFormation ones', () => {
    const entry = servicePrincipal('codedeploy.amazonaws.com')!;
    expect(entry).toMatchObject({ sendsSourceArn: true, sendsSourceAccount: true });
    expect(entry.source).toContain('/codedeploy/');
    expect(arnServiceFor('codedeploy.amazonaws.com')).toBe('codedeploy');
    expect(sourceArnServices(entry)).toEqual(['codedeploy', 'cloudformation']);
  });

  it('a principal with no other ARN services presents its own only', () => {
    expect(sourceArnServices(servicePrincipal('monitoring.rds.amazonaws.com')!)).toEqual(['rds']);
  });

  it('cloudformation.amazonaws.com is not catalogued: only the StackSets administration role is shown to receive the keys', () => {
    expect(servicePrincipal('cloudformation.amazonaws.com')).toBeUndefined();
  });

  it('ec2 sends neither', () => {
    expect(servicePrincipal('ec2.amazonaws.com')).toMatchObject({ sendsSourceArn: false, sendsSourceAccount: false });
    expect(sendsSourceContext('ec2.amazonaws.com')).toBe(false);
  });
});

describe('arnServiceFor', () => {
  it('uses the catalog where the ARN service differs from the host', () => {
    expect(arnServiceFor('ecs-tasks.amazonaws.com')).toBe('ecs');
    expect(arnServiceFor('vpc-flow-logs.amazonaws.com')).toBe('ec2');
    expect(arnServiceFor('resources.cloudformation.amazonaws.com')).toBe('cloudformation');
    expect(arnServiceFor('monitoring.rds.amazonaws.com')).toBe('rds');
    expect(arnServiceFor('eks-fargate-pods.amazonaws.com')).toBe('eks');
    expect(arnServiceFor('sagemaker.amazonaws.com.cn')).toBe('sagemaker');
  });

  it('falls back to the first label of the host', () => {
    expect(arnServiceFor('foo.amazonaws.com')).toBe('foo');
    expect(arnServiceFor('Foo.amazonaws.com.cn')).toBe('foo');
  });
});

describe('withExtraPrincipals', () => {
  const extended = defaultServicePrincipals.withExtraPrincipals([
    { principal: 'Custom.AmazonAWS.com', sendsSourceArn: true, sendsSourceAccount: false, arnService: 'custom-svc' },
    { principal: 'ec2.amazonaws.com', sendsSourceArn: true, sendsSourceAccount: true },
  ]);

  it('returns a new catalog and leaves the default untouched', () => {
    expect(extended).toBeInstanceOf(ServicePrincipalCatalog);
    expect(extended).not.toBe(defaultServicePrincipals);
    expect(defaultServicePrincipals.servicePrincipal('custom.amazonaws.com')).toBeUndefined();
    expect(defaultServicePrincipals.sendsSourceContext('ec2.amazonaws.com')).toBe(false);
    expect(extended.entries.length).toBe(defaultServicePrincipals.entries.length + 1);
  });

  it('adds and overrides entries, with defaults for arnService and source', () => {
    expect(extended.servicePrincipal('custom.amazonaws.com')).toMatchObject({ principal: 'custom.amazonaws.com', arnService: 'custom-svc', source: 'configuration' });
    expect(extended.sendsSourceContext('ec2.amazonaws.com')).toBe(true);
    expect(extended.arnServiceFor('ec2.amazonaws.com')).toBe('ec2');
    expect(extended.servicePrincipal('sagemaker.amazonaws.com')).toEqual(defaultServicePrincipals.servicePrincipal('sagemaker.amazonaws.com'));
  });

  it('rejects malformed entries', () => {
    expect(() => defaultServicePrincipals.withExtraPrincipals([{ principal: '', sendsSourceArn: true, sendsSourceAccount: true }])).toThrow(TypeError);
    expect(() =>
      defaultServicePrincipals.withExtraPrincipals([{ principal: 'x.amazonaws.com', sendsSourceArn: 'yes', sendsSourceAccount: true } as never]),
    ).toThrow(/sendsSourceArn/);
  });
});

describe('principalPartition and spelledInOtherPartition', () => {
  it.each([
    ['sagemaker.amazonaws.com.cn', 'aws-cn'],
    ['SageMaker.AmazonAWS.com.CN', 'aws-cn'],
    ['ec2.c2s.ic.gov', 'aws-iso'],
    ['ec2.sc2s.sgov.gov', 'aws-iso-b'],
    ['sagemaker.amazonaws.com', undefined],
    ['states.us-east-1.amazonaws.com', undefined],
  ])('%s is spelled with the DNS suffix of %s', (principal, partition) => {
    expect(principalPartition(principal)).toBe(partition);
  });

  it('a spelling is of another partition only where the role\'s is known and differs', () => {
    expect(spelledInOtherPartition('sagemaker.amazonaws.com.cn', 'aws')).toBe(true);
    expect(spelledInOtherPartition('sagemaker.amazonaws.com.cn', 'aws-us-gov')).toBe(true);
    expect(spelledInOtherPartition('sagemaker.amazonaws.com.cn', 'aws-cn')).toBe(false);
    expect(spelledInOtherPartition('sagemaker.amazonaws.com.cn', undefined)).toBe(false);
    expect(spelledInOtherPartition('sagemaker.amazonaws.com', 'aws-cn')).toBe(false);
  });
});

describe('sameServicePrincipal', () => {
  it.each([
    ['sagemaker.amazonaws.com.cn', 'sagemaker.amazonaws.com', 'aws-cn', true],
    ['sagemaker.amazonaws.com.cn', 'sagemaker.amazonaws.com', undefined, true],
    ['sagemaker.amazonaws.com.cn', 'sagemaker.amazonaws.com', 'aws', false],
    ['sagemaker.amazonaws.com', 'sagemaker.c2s.ic.gov', 'aws-cn', false],
    ['sagemaker.amazonaws.com.cn', 'lambda.amazonaws.com', 'aws-cn', false],
    ['SageMaker.amazonaws.com.cn', 'sagemaker.amazonaws.com.cn', 'aws', true],
    ['states.us-east-1.amazonaws.com', 'states.amazonaws.com', 'aws', true],
  ])('%s and %s on a role of %s: %s', (one, other, partition, same) => {
    expect(sameServicePrincipal(one, other, partition)).toBe(same);
    expect(sameServicePrincipal(other, one, partition)).toBe(same);
  });
});
