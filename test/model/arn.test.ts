import { describe, expect, it } from 'vitest';
import { arnText, attachedIamName, iamNameInTemplate, iamNameKey, iamNameOf, iamNamesPattern, joinArn, literalMayBeNameOf, mayBeIamName, mayBeNameOf, partitionOfRegion, pieceNamingEach, splitArn, splitArnAnyPrefixCase } from '../../src/model/arn.js';
import { OWNER_REGION, OWNER_STACK_ID, OWNER_STACK_NAME, OWNER_URL_SUFFIX, Unresolved, refMarker, unresolvedMarker } from '../../src/model/value.js';

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

describe('mayBeIamName', () => {
  it('takes a name, literal or built from pieces, and refuses an ARN or a path written outside them', () => {
    const env = unresolvedMarker('parameter Env has no value');
    const ssm = unresolvedMarker('parameter RoleName is read from SSM parameter /ml/role-name');
    expect(['exec', 'Ml+=,.@_-1', `${env}-ml`, `${OWNER_STACK_NAME}-ml`, ssm, 'ml-<your value>', ''].map(mayBeIamName)).toEqual([true, true, true, true, true, true, true]);
    expect(['arn:aws:iam::111122223333:role/exec', `arn:aws:iam::111122223333:role/${env}`, `${env}:role/exec`, 'team/exec', '/exec'].map(mayBeIamName)).toEqual([false, false, false, false, false]);
  });

  it("refuses a name built from an owner's symbol that always holds a separator (a stack ID's colons), not one that holds a name's characters", () => {
    // arn:aws:cloudformation:us-east-1:123456789012:stack/name/id: IAM refuses `${AWS::StackId}-exec` as a role's name.
    expect([`${OWNER_STACK_ID}-exec`, OWNER_STACK_ID].map(mayBeIamName)).toEqual([false, false]);
    expect(attachedIamName(`${OWNER_STACK_ID}-exec`)).toBeUndefined();
    // A region's hyphen and a DNS suffix's dots may be in a name.
    expect([`${OWNER_REGION}-exec`, `exec.${OWNER_URL_SUFFIX}`, `${OWNER_STACK_NAME}-exec`].map(mayBeIamName)).toEqual([true, true, true]);
  });

  it('leaves an attachment through a value IAM refuses naming no principal made elsewhere', () => {
    expect(attachedIamName('arn:aws:iam::111122223333:role/exec')).toBeUndefined();
    expect(attachedIamName('team/exec')).toBeUndefined();
    expect(attachedIamName('exec')).toEqual({ name: 'exec' });
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
describe('mayBeNameOf', () => {
  const team = unresolvedMarker('variable var.team has no value');
  const env = unresolvedMarker('parameter Env has no value');
  const anyName = new Unresolved('variable var.members has no value');
  it.each<[string, Parameters<typeof mayBeNameOf>[0], Parameters<typeof mayBeNameOf>[1], boolean]>([
    ['a value not known, a name not known', anyName, new Unresolved('parameter BobName has no value'), true],
    ['a value not known, a name not written (generated)', anyName, undefined, true],
    ['a value not known, a literal name', anyName, 'bob', true],
    ['its literal runs, a literal name in another case', `${team}-ops`, 'ML-Ops', true],
    ['its literal runs, a literal name without them', `${team}-ops`, 'bob', false],
    ['both ending alike', `${team}-ops`, `${env}-ops`, true],
    ['both ending otherwise', `${team}-ops`, `${env}-svc`, false],
    ['both starting otherwise', `a-${team}`, `b-${env}`, false],
    ['one starting with the other\'s start, one ending with the other\'s end', `a${team}-x`, `ab${env}`, true],
    ['its runs, a name not written', `${team}-ops`, undefined, true],
    ['a dot written is a dot', `${team}.ops`, 'aXops', false],
    ['runs between, found in turn', `a-${team}-b-${env}-c`, 'a-x-b-y-c', true],
    ['runs between, not in turn', `${team}b${env}a${team}`, 'ab', false],
    ['runs that would overlap', `ab${team}ba`, 'aba', false],
    ['its runs, a name one of those a conditional chooses', `${team}-ops`, new Unresolved('condition var.prod is not known', 'var.prod', [{ value: 'bob', when: [] }, { value: 'ml-ops', when: [] }]), true],
    ['its runs, a name none of those a conditional chooses', `${team}-ops`, new Unresolved('condition var.prod is not known', 'var.prod', [{ value: 'bob', when: [] }, { value: 'bob-dev', when: [] }]), false],
  ])('%s', (_case, value, name, expected) => {
    expect(mayBeNameOf(value, name)).toBe(expected);
  });
});
describe('literalMayBeNameOf', () => {
  const team = unresolvedMarker('variable var.team has no value');
  const chosen = (...values: string[]): Unresolved => new Unresolved('condition var.prod is not known', 'var.prod', values.map((value) => ({ value, when: [] })));
  it.each<[string, Parameters<typeof literalMayBeNameOf>[1], boolean]>([
    ['a name not known', new Unresolved('variable var.user_name has no value'), true],
    ['a name of its runs, in another case', `${team}-BOB`, true],
    ['a name of other runs', `${team}-svc`, false],
    ['the literal name itself, which is the name or not', 'x-bob', false],
    ['a name not written (generated)', undefined, false],
    ['a conditional choosing it literally, which is its own branch', chosen('x-bob', 'bob-dev'), false],
    ['a conditional choosing a name of its runs', chosen('bob', `${team}-bob`), true],
  ])('%s', (_case, name, expected) => {
    expect(literalMayBeNameOf('x-bob', name)).toBe(expected);
  });
});

describe('pieceNamingEach', () => {
  const env = unresolvedMarker(new Unresolved('variable var.env has no value', 'var.env'));
  const team = unresolvedMarker(new Unresolved('variable var.team has no value', 'var.team'));
  it('gives the value the one piece takes to be each name, as the name writes it, the text around it read in any case', () => {
    expect(pieceNamingEach(`${env}-bob`, ['dev-bob', 'Prod-BOB'])).toEqual({ written: 'var.env', values: ['dev', 'Prod'] });
    expect(pieceNamingEach(`team-${env}`, ['TEAM-'])).toEqual({ written: 'var.env', values: [''] });
    // A piece alone is the whole name.
    expect(pieceNamingEach(new Unresolved('parameter UserName has no value', 'UserName'), ['dev-bob'])).toEqual({ written: 'UserName', values: ['dev-bob'] });
  });

  it.each<[string, Parameters<typeof pieceNamingEach>[0], Parameters<typeof pieceNamingEach>[1]]>([
    ['two pieces, which more than one split may give', `${team}-${env}`, ['ml-dev']],
    ['a piece beside a reference', `${refMarker('Bob')}-${env}`, ['dev-bob']],
    ['a piece not shown', `${unresolvedMarker('variable var.env has no value')}-bob`, ['dev-bob']],
    ['a function of a variable, which may give any case of the name', `${unresolvedMarker(new Unresolved('not known', 'upper(var.env)'))}-bob`, ['dev-bob']],
    ['one of several a conditional chooses', new Unresolved('condition var.prod is not known', 'var.prod', [{ value: 'dev-bob', when: [] }]), ['dev-bob']],
    ['a name not written out', `${env}-bob`, ['dev-bob', `${team}-bob`]],
    ['a name not written', `${env}-bob`, ['dev-bob', undefined]],
    ['a name it cannot be', `${env}-bob`, ['dev-bob', 'dev-carl']],
    ['no name', `${env}-bob`, []],
  ])('gives none for %s', (_case, value, names) => {
    expect(pieceNamingEach(value, names)).toBeUndefined();
  });
});

describe('iamNameInTemplate', () => {
  it('reads the name of an IAM ARN written as template text at the colons and slashes outside what it interpolates', () => {
    expect(iamNameInTemplate('arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${Env}-ml', 'role', 'cloudformation')).toBe('${Env}-ml');
    expect(iamNameInTemplate('arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/team/${var.env}-ml', 'role', 'terraform')).toBe('${var.env}-ml');
    expect(iamNameInTemplate('arn:aws:iam::${local.a}:role/${format("%s:%s/x", var.env, "}")}', 'role', 'terraform')).toBe('${format("%s:%s/x", var.env, "}")}');
    expect(iamNameInTemplate('arn:aws:iam::1:role/${lookup({a = "b"}, var.k)}-ml', 'role', 'terraform')).toBe('${lookup({a = "b"}, var.k)}-ml');
    expect(iamNameInTemplate('arn:aws:iam::1:role/%{if var.a}x%{else}y%{endif}', 'role', 'terraform')).toBe('%{if var.a}x%{else}y%{endif}');
  });

  it('reads `%{` as a directive in Terraform only: in a Fn::Sub it is text, which an IAM path may hold', () => {
    const arn = 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/%{team/${Env}-ml';
    expect(iamNameInTemplate(arn, 'role', 'cloudformation')).toBe('${Env}-ml');
    // A Terraform directive that does not close: the parts are not known.
    expect(iamNameInTemplate(arn, 'role', 'terraform')).toBeUndefined();
    // `%%{` is text in a Fn::Sub as well (CloudFormation has no such escape), where Terraform writes `%{` literally.
    const doubled = 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/%%{team/${Env}-ml';
    expect(iamNameInTemplate(doubled, 'role', 'cloudformation')).toBe('${Env}-ml');
    expect(iamNameInTemplate(doubled, 'role', 'terraform')).toBeUndefined();
  });

  it('gives a text that is not an ARN as it is', () => {
    expect(iamNameInTemplate('${Env}-ml', 'role', 'cloudformation')).toBe('${Env}-ml');
  });

  it('reads no name from an ARN of another type, of AWS, or whose parts are not known', () => {
    expect(iamNameInTemplate('arn:aws:iam::${AWS::AccountId}:user/${Env}', 'role', 'cloudformation')).toBeUndefined();
    expect(iamNameInTemplate('arn:aws:s3:::role/${Env}', 'role', 'cloudformation')).toBeUndefined();
    expect(iamNameInTemplate('arn:aws:iam::aws:policy/${Env}', 'policy', 'cloudformation')).toBeUndefined();
    expect(iamNameInTemplate('arn:${AWS::Partition}:iam', 'role', 'cloudformation')).toBeUndefined();
    expect(iamNameInTemplate('arn:aws:iam::1:role/${var.env', 'role', 'terraform')).toBeUndefined();
    // Written literally, `${` interpolates nothing: what is between the braces is text, and may hold a slash.
    expect(iamNameInTemplate('arn:aws:iam::1:role/$${a/b}', 'role', 'terraform')).toBeUndefined();
    expect(iamNameInTemplate('arn:aws:iam::1:role/${!a/b}', 'role', 'cloudformation')).toBeUndefined();
  });
});


describe('splitArn', () => {
  it('reads a policy variable as one piece where the text reads them, and text at every colon elsewhere', () => {
    const written = 'arn:aws:sagemaker:*:${aws:PrincipalAccount}:training-job/${aws:username}:x';
    expect(splitArn(written, true)).toEqual({ partition: 'aws', service: 'sagemaker', region: '*', account: '${aws:PrincipalAccount}', resource: 'training-job/${aws:username}:x' });
    expect(splitArn(written)?.account).toBe('${aws');
    // An unclosed `${` is text: its colons part the ARN.
    expect(splitArn('arn:aws:iam::${aws:role/x', true)).toEqual({ partition: 'aws', service: 'iam', region: '', account: '${aws', resource: 'role/x' });
  });
});

describe('splitArnAnyPrefixCase', () => {
  it('splits text whose arn is in capitals, keeping the prefix as written', () => {
    expect(splitArnAnyPrefixCase('ARN:AWS:SAGEMAKER:us-east-1:210987654321:*')).toEqual({ prefix: 'ARN', partition: 'AWS', service: 'SAGEMAKER', region: 'us-east-1', account: '210987654321', resource: '*' });
    expect(splitArnAnyPrefixCase('Arn:aws:sagemaker:::x')?.prefix).toBe('Arn');
    expect(splitArnAnyPrefixCase('arn:aws:s3:::bucket')).toEqual({ prefix: 'arn', partition: 'aws', service: 's3', region: '', account: '', resource: 'bucket' });
  });

  it('splits no text that does not begin with arn in some case, or has fewer than six parts', () => {
    expect(splitArnAnyPrefixCase('ar*:aws:sagemaker:us-east-1:210987654321:*')).toBeUndefined();
    expect(splitArnAnyPrefixCase('urn:aws:sagemaker:us-east-1:210987654321:*')).toBeUndefined();
    expect(splitArnAnyPrefixCase('ARN:AWS:SAGEMAKER')).toBeUndefined();
  });
});

describe('partitionOfRegion', () => {
  it.each([
    ['us-east-1', 'aws'],
    ['ap-southeast-7', 'aws'],
    ['mx-central-1', 'aws'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-iso-east-1', undefined],
    ['eu-isoe-west-1', undefined],
    ['eusc-de-east-1', undefined],
    ['not a region', undefined],
    [undefined, undefined],
  ])('%s is in %s', (region, partition) => {
    expect(partitionOfRegion(region)).toBe(partition);
  });
});

describe('arnText', () => {
  it('writes the parts as joinArn joins them, and splitArn reads them back', () => {
    const parts = { partition: 'aws', service: 'sagemaker', region: 'us-east-1', account: '111122223333', resource: 'training-job/a:b' };
    const text = arnText(parts.partition, parts.service, parts.region, parts.account, parts.resource);
    expect(text).toBe('arn:aws:sagemaker:us-east-1:111122223333:training-job/a:b');
    expect(joinArn(parts)).toBe(text);
    expect(splitArn(text)).toMatchObject(parts);
  });
});
