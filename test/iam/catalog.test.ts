import { beforeAll, describe, expect, it } from 'vitest';
import { IamCatalog, iamCatalog } from '../../src/iam/catalog.js';

let catalog: IamCatalog;
beforeAll(async () => {
  catalog = await IamCatalog.load(['SageMaker', 'iam', 'sts', 'kms', 'secretsmanager', 'ssm', 's3', 'nosuchservice']);
});

describe('IamCatalog.load', () => {
  it('loads only the services asked for that exist', () => {
    expect(catalog.services.sort()).toEqual(['iam', 'kms', 's3', 'sagemaker', 'secretsmanager', 'ssm', 'sts']);
    expect(catalog.isLoaded('sagemaker')).toBe(true);
    expect(catalog.isLoaded('ec2')).toBe(false);
  });

});

describe('services and actions', () => {
  it('knows every service prefix, loaded or not', () => {
    expect(catalog.serviceExists('ec2')).toBe(true);
    expect(catalog.serviceExists('SageMaker')).toBe(true);
    expect(catalog.serviceExists('nosuchservice')).toBe(false);
  });

  it('checks action existence case-insensitively', () => {
    expect(catalog.actionExists('sagemaker:CreateFlowDefinition')).toBe(true);
    expect(catalog.actionExists('sagemaker:CreateFlowDefiniton')).toBe(false);
    expect(catalog.actionExists('SAGEMAKER:createflowdefinition')).toBe(true);
    expect(catalog.actionExists('sts:AssumeRole')).toBe(true);
    expect(catalog.actionExists('nosuchservice:Foo')).toBe(false);
    expect(catalog.actionExists('no-colon')).toBe(false);
  });

  it("names the services of the ARNs an action acts on, from its resource types, loaded either way", () => {
    for (const loaded of [catalog, iamCatalog()]) {
      expect([...loaded.actionResourceServices('sts:AssumeRole')!]).toEqual(['iam']);
      expect([...loaded.actionResourceServices('SageMaker:AddTags')!]).toEqual(['sagemaker']);
      // No resource type: only "*" names its resources.
      expect([...loaded.actionResourceServices('sts:GetCallerIdentity')!]).toEqual([]);
      expect(loaded.actionResourceServices('sagemaker:NoSuchAction')).toBeUndefined();
    }
  });

  it('names the ARN formats of the resource types an action acts on', () => {
    expect(iamCatalog().actionResourceArns('sts:AssumeRole')).toEqual(['arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}']);
    expect(iamCatalog().actionResourceArns('sts:GetCallerIdentity')).toEqual([]);
    expect(iamCatalog().actionResourceArns('sagemaker:NoSuchAction')).toBeUndefined();
  });

  it("lists the condition keys of the resource types an action acts on, not the action's own", () => {
    // Both name the tags of the role being assumed (trust.ts reads them as the role's own).
    for (const loaded of [catalog, iamCatalog()]) {
      expect(loaded.actionResourceKeys('sts:AssumeRole')).toEqual(['aws:ResourceTag/${TagKey}', 'iam:ResourceTag/${TagKey}']);
      expect(loaded.actionConditionKeys('sts:AssumeRole')).toContain('aws:RequestTag/${TagKey}');
      expect(loaded.actionResourceKeys('sts:GetCallerIdentity')).toEqual([]);
      expect(loaded.actionResourceKeys('sagemaker:NoSuchAction')).toEqual([]);
    }
  });

  it('lists actions in canonical casing', () => {
    expect(catalog.actions('iam')).toContain('iam:PassRole');
    expect(catalog.actions('nosuchservice')).toEqual([]);
  });

  it('throws for a service that exists but was not loaded', () => {
    expect(() => catalog.actionExists('ec2:RunInstances')).toThrow(/not loaded/);
    expect(() => catalog.conditionKey('ec2:InstanceType')).toThrow(/not loaded/);
  });
});

describe('expandAction', () => {
  it('expands wildcards case-insensitively to canonical names', () => {
    expect(catalog.expandAction('iam:Pass*')).toEqual(['iam:PassRole']);
    expect(catalog.expandAction('IAM:passrol?')).toEqual(['iam:PassRole']);
    expect(catalog.expandAction('sts:AssumeRole')).toEqual(['sts:AssumeRole']);
    expect(catalog.expandAction('sts:AssumeRole*')).toEqual(expect.arrayContaining(['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity']));
  });

  it('expands service wildcards and * over loaded services only', () => {
    expect(catalog.expandAction('s*:AssumeRole')).toEqual(['sts:AssumeRole']);
    expect(catalog.expandAction('*').length).toBe(catalog.services.reduce((n, s) => n + catalog.actions(s).length, 0));
  });

  it('returns nothing for patterns that match no action', () => {
    expect(catalog.expandAction('sagemaker:CreateFlowDefiniton')).toEqual([]);
    expect(catalog.expandAction('iam:Nope*')).toEqual([]);
    expect(catalog.expandAction('nosuchservice:*')).toEqual([]);
  });
});

describe('conditionKey', () => {
  it('resolves global keys with their types', () => {
    expect(catalog.conditionKey('aws:SourceArn')).toMatchObject({ key: 'aws:SourceArn', type: 'ARN' });
    expect(catalog.conditionKey('aws:sourceaccount')).toMatchObject({ key: 'aws:SourceAccount', type: 'String' });
    expect(catalog.conditionKey('aws:MultiFactorAuthPresent')?.type).toBe('Bool');
    expect(catalog.conditionKey('aws:SourceIp')?.type).toBe('IPAddress');
  });

  it('resolves template keys', () => {
    expect(catalog.conditionKey('aws:ResourceTag/team')).toMatchObject({ key: 'aws:ResourceTag/${TagKey}', type: 'String' });
    expect(catalog.conditionKey('AWS:PrincipalTag/Team')?.key).toBe('aws:PrincipalTag/${TagKey}');
    expect(catalog.conditionKey('sagemaker:ResourceTag/project')?.key).toBe('sagemaker:ResourceTag/${TagKey}');
    expect(catalog.conditionKey('s3:ExistingObjectTag/classification')?.key).toBe('s3:ExistingObjectTag/<key>');
    expect(catalog.conditionKey('aws:ResourceTag/')).toBeUndefined();
  });

  it('resolves service keys case-insensitively with canonical casing', () => {
    expect(catalog.conditionKey('sagemaker:volumekmskeyarn')).toMatchObject({ key: 'sagemaker:VolumeKmsKeyArn', type: 'ARN' });
    expect(catalog.conditionKey('iam:PassedToService')?.type).toBe('String');
    expect(catalog.conditionKey('token.actions.githubusercontent.com:repository')).toBeDefined();
    expect(catalog.conditionKey('saml:aud')).toBeDefined();
  });

  it('is undefined for unknown keys', () => {
    expect(catalog.conditionKey('sagemaker:NoSuchKey')).toBeUndefined();
    expect(catalog.conditionKey('aws:NoSuchKey')).toBeUndefined();
    expect(catalog.conditionKey('nosuchservice:Key')).toBeUndefined();
  });
});

describe('deprecated keys', () => {
  it('parses "has been replaced by"', () => {
    expect(catalog.isDeprecatedKey('sagemaker:VolumeKmsKey')).toBe(true);
    expect(catalog.conditionKey('sagemaker:VolumeKmsKey')?.deprecated).toEqual({ replacement: 'sagemaker:VolumeKmsKeyArn' });
    expect(catalog.conditionKey('sagemaker:OutputKmsKey')?.deprecated?.replacement).toBe('sagemaker:OutputKmsKeyArn');
  });

  it('parses "is deprecated. Instead, use the X condition key"', () => {
    expect(catalog.conditionKey('kms:CustomerMasterKeySpec')?.deprecated).toEqual({ replacement: 'kms:KeySpec' });
  });

  it('parses "Deprecated: Use X"', () => {
    expect(catalog.conditionKey('secretsmanager:KmsKeyId')?.deprecated).toEqual({ replacement: 'secretsmanager:KmsKeyArn' });
  });

  it('does not flag current keys', () => {
    expect(catalog.isDeprecatedKey('sagemaker:VolumeKmsKeyArn')).toBe(false);
    expect(catalog.conditionKey('sagemaker:VolumeKmsKeyArn')?.deprecated).toBeUndefined();
    expect(catalog.isDeprecatedKey('aws:SourceArn')).toBe(false);
    expect(catalog.isDeprecatedKey('sagemaker:NoSuchKey')).toBe(false);
  });
});

describe('actionConditionKeys', () => {
  it('includes action-level and resource-type-level keys', () => {
    const keys = catalog.actionConditionKeys('sagemaker:CreateTrainingJob');
    expect(keys).toEqual(expect.arrayContaining(['sagemaker:VolumeKmsKeyArn', 'sagemaker:NetworkIsolation', 'aws:RequestTag/${TagKey}']));
    expect(keys).toContain('sagemaker:ResourceTag/${TagKey}');
    expect(keys).not.toContain('sagemaker:VolumeKmsKey');
    expect(new Set(keys.map((k) => k.toLowerCase())).size).toBe(keys.length);
  });

  it('lists iam:PassedToService for iam:PassRole and nothing for unknown actions', () => {
    expect(catalog.actionConditionKeys('IAM:passrole')).toContain('iam:PassedToService');
    expect(catalog.actionConditionKeys('sagemaker:CreateFlowDefiniton')).toEqual([]);
  });

  it('lists the actions of a service that support a key, template keys included', () => {
    expect(catalog.actionsSupportingKey('sagemaker', 'SageMaker:NetworkIsolation')).toEqual(expect.arrayContaining(['sagemaker:CreateTrainingJob', 'sagemaker:CreateHyperParameterTuningJob']));
    expect(catalog.actionsSupportingKey('sagemaker', 'sagemaker:NetworkIsolation')).not.toContain('sagemaker:CreateNotebookInstance');
    expect(catalog.actionsSupportingKey('iam', 'iam:PassedToService')).toEqual(['iam:PassRole']);
    expect(catalog.actionsSupportingKey('sagemaker', 'sagemaker:ResourceTag/team')).toContain('sagemaker:CreateTrainingJob');
    expect(catalog.actionsSupportingKey('nosuchservice', 'sagemaker:NetworkIsolation')).toEqual([]);
    for (const [service, key] of [['sagemaker', 'sagemaker:VolumeKmsKeyArn'], ['sts', 'aws:SourceArn']] as const) {
      expect(catalog.actionsSupportingKey(service, key)).toEqual(catalog.actions(service).filter((action) => catalog.actionSupportsKey(action, key)));
    }
  });

  it('matches template keys against concrete ones', () => {
    expect(catalog.actionSupportsKey('sagemaker:CreateTrainingJob', 'sagemaker:ResourceTag/team')).toBe(true);
    expect(catalog.actionSupportsKey('sagemaker:CreateTrainingJob', 'SageMaker:VolumeKmsKeyArn')).toBe(true);
    expect(catalog.actionSupportsKey('sagemaker:CreateTrainingJob', 'sagemaker:RootAccess')).toBe(false);
  });
});

describe('key facts the policy-grammar rules read', () => {
  it('tells multivalued keys (ArrayOf types) from single-valued ones', () => {
    expect(catalog.isMultivaluedKey('aws:TagKeys')).toBe(true);
    expect(catalog.isMultivaluedKey('sagemaker:VpcSubnets')).toBe(true);
    expect(catalog.isMultivaluedKey('sagemaker:ImageArns')).toBe(true);
    expect(catalog.isMultivaluedKey('aws:SourceArn')).toBe(false);
    expect(catalog.isMultivaluedKey('aws:sourceaccount')).toBe(false);
    expect(catalog.isMultivaluedKey('sagemaker:RootAccess')).toBe(false);
    expect(catalog.isMultivaluedKey('sagemaker:NoSuchKey')).toBeUndefined();
  });

  it('knows whether any action of the key\'s service still lists a key', () => {
    expect(catalog.keyListedByAnyAction('sagemaker:VolumeKmsKey')).toBe(false);
    expect(catalog.keyListedByAnyAction('SAGEMAKER:volumekmskey')).toBe(false);
    expect(catalog.keyListedByAnyAction('sagemaker:VolumeKmsKeyArn')).toBe(true);
    expect(catalog.keyListedByAnyAction('sagemaker:ResourceTag/team')).toBe(true);
  });

  it('lists every service prefix, loaded or not', () => {
    expect(catalog.serviceNames()).toEqual(expect.arrayContaining(['sagemaker', 'ec2', 'groundtruthlabeling']));
    expect(catalog.serviceNames()).not.toContain('elastic-inference');
  });

  it('reads a final /tag-key as a variable, as some services spell resource-tag keys', () => {
    expect(catalog.conditionKey('secretsmanager:ResourceTag/SageMaker')?.key).toBe('secretsmanager:ResourceTag/${TagKey}');
    expect(catalog.actionSupportsKey('secretsmanager:DescribeSecret', 'secretsmanager:ResourceTag/SageMaker')).toBe(true);
    // SSM lists ssm:resourceTag/${TagKey} on SendCommand and ssm:resourceTag/tag-key on the parameter GetParameter reads: one key.
    expect(catalog.actionSupportsKey('ssm:SendCommand', 'ssm:resourceTag/Env')).toBe(true);
    expect(catalog.actionSupportsKey('ssm:GetParameter', 'ssm:resourceTag/Env')).toBe(true);
  });
});

describe('the shared on-demand catalog', () => {
  it('reads services when a lookup needs them, including those defining keys of non-service prefixes', () => {
    const shared = iamCatalog();
    expect(shared).toBe(iamCatalog());
    expect(shared.actionExists('ec2:RunInstances')).toBe(true);
    expect(shared.conditionKey('saml:aud')?.type).toBe('String');
    expect(shared.isMultivaluedKey('saml:edupersonaffiliation')).toBe(true);
    expect(shared.expandAction('sagemaker:*FlowDefinition')).toEqual(
      expect.arrayContaining(['sagemaker:CreateFlowDefinition', 'sagemaker:DeleteFlowDefinition', 'sagemaker:DescribeFlowDefinition']),
    );
    expect(shared.expandAction('sagemaker:*Environment')).toEqual([]);
  });

  it('answers a key the same before and after other services are read', () => {
    const lazy = IamCatalog.lazy();
    const before = lazy.conditionKey('aws:ResourceTag/team');
    expect(before?.key).toBe('aws:ResourceTag/${TagKey}');
    expect(lazy.conditionKey('ec2:InstanceType')?.type).toBe('String');
    expect(lazy.isLoaded('ec2')).toBe(true);
    expect(lazy.conditionKey('AWS:resourcetag/team')).toBe(before);
    expect(lazy.conditionKey('ec2:NoSuchKey')).toBeUndefined();
    expect(lazy.conditionKey('kms:KeySpec')?.type).toBe('String');
  });
});
