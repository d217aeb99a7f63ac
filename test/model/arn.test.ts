import { describe, expect, it } from 'vitest';
import { iamNameKey, iamNameOf, iamNamesPattern } from '../../src/model/arn.js';
import { OWNER_STACK_NAME, Unresolved, unresolvedMarker } from '../../src/model/value.js';

describe('iamNameOf', () => {
  it('reads the name from an IAM ARN of the type, path included', () => {
    expect(iamNameOf('arn:aws:iam::111122223333:role/service-role/exec', 'role')).toBe('exec');
    expect(iamNameOf('arn:aws-us-gov:iam::111122223333:policy/p', 'policy')).toBe('p');
  });

  it('gives no name for an ARN of another type, service, or of an AWS managed policy', () => {
    expect(iamNameOf('arn:aws:iam::111122223333:user/exec', 'role')).toBeUndefined();
    expect(iamNameOf('arn:aws:s3:::role/exec', 'role')).toBeUndefined();
    expect(iamNameOf('arn:aws:iam::aws:policy/AdministratorAccess', 'policy')).toBeUndefined();
  });

  it('takes any other text as the name itself', () => {
    expect(iamNameOf('exec', 'role')).toBe('exec');
    expect(iamNameOf('arn:short', 'role')).toBe('arn:short');
  });

  it('never cuts a piece not known: a slash its reason writes is no path of the ARN', () => {
    // `${RoleName}` of an SSM parameter type, `!FindInMap [M, prod, other]` without the entry: reasons that write a slash.
    const ssm = unresolvedMarker('parameter RoleName is read from SSM parameter /ml/role-name');
    expect(iamNameOf(`arn:aws:iam::111122223333:role/${ssm}`, 'role')).toBe(ssm);
    expect(iamNameOf(`arn:aws:iam::111122223333:role/service-role/${ssm}-ml`, 'role')).toBe(`${ssm}-ml`);
    expect(iamNameOf(`arn:aws:iam::111122223333:role/${ssm}/exec`, 'role')).toBe('exec');
  });
});

describe('IAM names in another case', () => {
  it('have one key', () => {
    expect(iamNameKey('MLRole')).toBe(iamNameKey('mlrole'));
    expect(iamNameKey('MLRole')).not.toBe(iamNameKey('ml-role'));
  });

  it('may be the name a value written with pieces not known stands for, in any case', () => {
    const mayBeIamName = (written: Parameters<typeof iamNamesPattern>[0], name: string) => iamNamesPattern(written)?.test(name) ?? false;
    const env = unresolvedMarker('parameter Env has no value');
    expect(mayBeIamName(`${env}-ML`, 'prod-ml')).toBe(true);
    expect(mayBeIamName(`${OWNER_STACK_NAME}-Ml`, 'prod-mL')).toBe(true);
    expect(mayBeIamName(`${env}-ml`, 'prod-mlx')).toBe(false);
    expect(mayBeIamName(new Unresolved('parameter Name has no value'), 'anything')).toBe(true);
    // A literal name is the name or not: `iamNameKey` compares it.
    expect(mayBeIamName('MLRole', 'mlrole')).toBe(false);
  });
});
