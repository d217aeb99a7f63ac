import { describe, expect, it } from 'vitest';
import { iamNameOf } from '../../src/model/arn.js';

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
});
