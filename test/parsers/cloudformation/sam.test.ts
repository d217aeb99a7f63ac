import { describe, expect, it } from 'vitest';
import { OWNER_PARTITION } from '../../../src/model/index.js';
import { FILE, lineOf, onlyWorld, parse, resourceOf, template } from './helpers.js';

/** The world of a template in which its condition Prod holds, or does not. */
const worldWhere = (text: string, prod: boolean) => parse(text).worlds.find((world) => world.conditions.Prod === prod)!;

const SAM = template(`
  Transform: AWS::Serverless-2016-10-31
  Resources:
    Boundary:
      Type: AWS::IAM::ManagedPolicy
      Properties:
        PolicyDocument: {Statement: [{Effect: Allow, Action: "s3:*", Resource: "*"}]}
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        Handler: app.handler
        Runtime: python3.12
        RolePath: /functions/
        PermissionsBoundary: !Ref Boundary
        Policies:
          - AmazonS3ReadOnlyAccess
          - S3ReadPolicy:
              BucketName: data
          - Statement:
              - Effect: Allow
                Action: iam:PassRole
                Resource: "*"
          - arn:aws:iam::aws:policy/AdministratorAccess
    Machine:
      Type: AWS::Serverless::StateMachine
      Properties:
        Policies:
          Statement:
            - Effect: Allow
              Action: states:StartExecution
              Resource: "*"
    Model:
      Type: AWS::SageMaker::Model
      Properties:
        ExecutionRoleArn: !GetAtt FnRole.Arn
`);

describe('the execution roles SAM generates', () => {
  it('are roles at the function or state machine, holding the policy documents, managed policies, boundary and path written for them', () => {
    const world = onlyWorld(SAM);
    const role = resourceOf(world, 'FnRole');
    expect(role).toMatchObject({ address: `${FILE}#FnRole`, type: 'AWS::IAM::Role', kind: 'iam-role', format: 'cloudformation' });
    expect(role.location).toEqual(resourceOf(world, 'Fn').location);
    // SAM's own trust is left out: no trust rule judges what the template cannot change.
    expect(role.properties).toEqual({
      Policies: [{ PolicyName: 'FnRolePolicy2', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] } }],
      ManagedPolicyArns: [`arn:${OWNER_PARTITION}:iam::aws:policy/AmazonS3ReadOnlyAccess`, 'arn:aws:iam::aws:policy/AdministratorAccess'],
      PermissionsBoundary: expect.any(String),
      Path: '/functions/',
    });
    expect(resourceOf(world, 'MachineRole').properties).toEqual({ Policies: [{ PolicyName: 'MachineRolePolicy0', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'states:StartExecution', Resource: '*' }] } }] });
    const rolePolicies = world.policies.filter((policy) => policy.resource.endsWith('Role'));
    expect(rolePolicies.map(({ holder }) => holder)).toEqual([resourceOf(world, 'FnRole'), resourceOf(world, 'MachineRole')]);
    expect(rolePolicies.map(({ holder: _, ...ref }) => ref)).toEqual([
      { resource: `${FILE}#FnRole`, path: ['Properties', 'Policies', 0, 'PolicyDocument'], kind: 'identity', name: 'FnRolePolicy2' },
      { resource: `${FILE}#MachineRole`, path: ['Properties', 'Policies', 0, 'PolicyDocument'], kind: 'identity', name: 'MachineRolePolicy0' },
    ]);
    expect(world.managedPolicyArns.map(({ principal, via }) => [principal, via])).toEqual([
      [`${FILE}#FnRole`, ['Properties', 'ManagedPolicyArns', 0]],
      [`${FILE}#FnRole`, ['Properties', 'ManagedPolicyArns', 1]],
    ]);
    expect(world.edges).toEqual(
      expect.arrayContaining([
        { from: `${FILE}#FnRole`, to: `${FILE}#Boundary`, kind: 'permissions-boundary', via: ['Properties', 'PermissionsBoundary'] },
        { from: `${FILE}#Model`, to: `${FILE}#FnRole`, kind: 'uses-role', via: ['Properties', 'ExecutionRoleArn'] },
      ]),
    );
  });

  it('locate each value where the function writes it', () => {
    const role = resourceOf(onlyWorld(SAM), 'FnRole');
    expect(role.locator.locate(['Properties', 'Policies', 0, 'PolicyDocument', 'Statement', 0, 'Action']).startLine).toBe(lineOf(SAM, 'Action: iam:PassRole'));
    expect(role.locator.locate(['Properties', 'ManagedPolicyArns', 1]).startLine).toBe(lineOf(SAM, 'AdministratorAccess'));
    expect(role.locator.locate(['Properties', 'PermissionsBoundary']).startLine).toBe(lineOf(SAM, 'PermissionsBoundary:'));
    expect(role.locator.locate(['Properties', 'Path']).startLine).toBe(lineOf(SAM, 'RolePath:'));
  });

  it('take a function\'s AssumeRolePolicyDocument as their trust, where it is written; a state machine takes none', () => {
    const text = template(`
      Transform: AWS::Serverless-2016-10-31
      Resources:
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - Effect: Allow
                  Principal: {Service: edgelambda.amazonaws.com}
                  Action: sts:AssumeRole
    `);
    const world = onlyWorld(text);
    expect(world.policies).toEqual([{ resource: `${FILE}#FnRole`, holder: resourceOf(world, 'FnRole'), path: ['Properties', 'AssumeRolePolicyDocument'], kind: 'trust' }]);
    expect(resourceOf(world, 'FnRole').locator.locate(['Properties', 'AssumeRolePolicyDocument', 'Statement', 0, 'Principal']).startLine).toBe(lineOf(text, 'Principal:'));
  });

  it('take PermissionsBoundary, RolePath and AssumeRolePolicyDocument from Globals.Function where a function writes none, located there; a state machine takes none', () => {
    const text = template(`
      Transform: AWS::Serverless-2016-10-31
      Globals:
        Function:
          PermissionsBoundary: arn:aws:iam::111122223333:policy/boundary
          RolePath: /sam/
          AssumeRolePolicyDocument:
            Statement:
              - Effect: Allow
                Principal: {Service: sagemaker.amazonaws.com}
                Action: sts:AssumeRole
      Resources:
        Fn:
          Type: AWS::Serverless::Function
        Own:
          Type: AWS::Serverless::Function
          Properties:
            RolePath: /own/
            AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: "sts:AssumeRole"}]}
        Machine:
          Type: AWS::Serverless::StateMachine
    `);
    const parsed = parse(text);
    expect(parsed.errors).toEqual([]);
    const world = parsed.worlds[0]!;
    const trust = { Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    expect(resourceOf(world, 'FnRole').properties).toEqual({ AssumeRolePolicyDocument: trust, PermissionsBoundary: 'arn:aws:iam::111122223333:policy/boundary', Path: '/sam/' });
    const fnRole = resourceOf(world, 'FnRole');
    expect(fnRole.locator.locate(['Properties', 'AssumeRolePolicyDocument', 'Statement', 0, 'Principal']).startLine).toBe(lineOf(text, 'Principal: {Service: sagemaker'));
    expect(fnRole.locator.locate(['Properties', 'Path']).startLine).toBe(lineOf(text, 'RolePath: /sam/'));
    // SAM merges a trust written on the function and in Globals (their statements together): left out, and noticed.
    expect(resourceOf(world, 'OwnRole').properties).toEqual({ PermissionsBoundary: 'arn:aws:iam::111122223333:policy/boundary', Path: '/own/' });
    expect(resourceOf(world, 'MachineRole').properties).toEqual({});
    expect(parsed.notices.map((notice) => notice.message)).toEqual([
      'transform AWS::Serverless-2016-10-31 is not expanded whole: these IAM roles and policies it generates are not analyzed: the trust policy of OwnRole, which SAM merges from the AssumeRolePolicyDocument of Own and of Globals',
    ]);
  });

  it('take nothing from Globals.Function for a property the function writes as AWS::NoValue, which SAM lets override it', () => {
    const text = template(`
      Transform: AWS::Serverless-2016-10-31
      Parameters:
        Env: {Type: String}
      Conditions:
        Prod: !Equals [!Ref Env, prod]
      Globals:
        Function:
          PermissionsBoundary: arn:aws:iam::111122223333:policy/boundary
          RolePath: /sam/
      Resources:
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            PermissionsBoundary: !If [Prod, arn:aws:iam::111122223333:policy/prod, !Ref AWS::NoValue]
            RolePath: !Ref AWS::NoValue
    `);
    const role = (prod: boolean) => resourceOf(worldWhere(text, prod), 'FnRole');
    expect(role(true).properties).toEqual({ PermissionsBoundary: 'arn:aws:iam::111122223333:policy/prod' });
    expect(role(false).properties).toEqual({});
  });

  it('attach what an intrinsic function gives in Policies as it is, converting only a name written as a string', () => {
    const text = template(`
      Transform: AWS::Serverless-2016-10-31
      Parameters:
        Env: {Type: String}
      Conditions:
        Prod: !Equals [!Ref Env, prod]
      Resources:
        Launch:
          Type: AWS::IAM::ManagedPolicy
          Properties:
            PolicyDocument: {Statement: [{Effect: Allow, Action: "iam:PassRole", Resource: "*"}]}
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            Policies:
              - !Ref Launch
              - !If [Prod, AWSLambdaExecute, !Ref AWS::NoValue]
              - AmazonS3ReadOnlyAccess
    `);
    const world = worldWhere(text, true);
    expect(resourceOf(world, 'FnRole').properties).toEqual({ ManagedPolicyArns: [expect.stringContaining('Launch'), 'AWSLambdaExecute', `arn:${OWNER_PARTITION}:iam::aws:policy/AmazonS3ReadOnlyAccess`] });
    expect(world.edges).toContainEqual({ from: `${FILE}#Launch`, to: `${FILE}#FnRole`, kind: 'attached-policy', via: ['Properties', 'ManagedPolicyArns', 0], holder: `${FILE}#FnRole` });
  });

  it('are not generated for a resource given its Role, nor where the template declares the role itself', () => {
    const text = template(`
      Transform: AWS::Serverless-2016-10-31
      Resources:
        Own:
          Type: AWS::Serverless::Function
          Properties:
            Role: arn:aws:iam::111122223333:role/own
            Policies: [{Statement: [{Effect: Allow, Action: "iam:PassRole", Resource: "*"}]}]
        Declared:
          Type: AWS::Serverless::Function
          Properties:
            Policies: [AdministratorAccess]
        DeclaredRole:
          Type: AWS::IAM::Role
    `);
    expect(onlyWorld(text).resources.map((resource) => resource.name)).toEqual(['Own', 'Declared', 'DeclaredRole']);
  });

  it('exist in the worlds where SAM generates them: a Role that is AWS::NoValue in one, the Condition of the function, a Fn::If in Policies', () => {
    const text = template(`
      Transform: AWS::Serverless-2016-10-31
      Parameters:
        Env: {Type: String}
      Conditions:
        Prod: !Equals [!Ref Env, prod]
      Resources:
        Fn:
          Type: AWS::Serverless::Function
          Condition: Prod
          Properties:
            Policies:
              - !If [Prod, {Statement: [{Effect: Allow, Action: "s3:GetObject", Resource: "*"}]}, !Ref AWS::NoValue]
        Chosen:
          Type: AWS::Serverless::Function
          Properties:
            Role: !If [Prod, arn:aws:iam::111122223333:role/prod, !Ref AWS::NoValue]
    `);
    const parsed = parse(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.resourceConditions[`${FILE}#FnRole`]).toEqual(['Prod']);
    const roles = (prod: boolean) => parsed.worlds.find((world) => world.conditions.Prod === prod)!.resources.filter((resource) => resource.type === 'AWS::IAM::Role');
    expect(roles(true).map((role) => [role.name, role.condition, role.properties])).toEqual([['FnRole', 'Prod', { Policies: [{ PolicyName: 'FnRolePolicy0', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } }] }]]);
    expect(roles(false).map((role) => [role.name, role.properties])).toEqual([['ChosenRole', {}]]);
  });

  it('name an inline policy by the index of its Policies entry as written, in a world where an entry before it is AWS::NoValue too', () => {
    const text = template(`
      Transform: AWS::Serverless-2016-10-31
      Parameters:
        Env: {Type: String}
      Conditions:
        Prod: !Equals [!Ref Env, prod]
      Resources:
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            Policies:
              - !If [Prod, {Statement: [{Effect: Allow, Action: "s3:GetObject", Resource: "*"}]}, !Ref AWS::NoValue]
              - {Statement: [{Effect: Allow, Action: "iam:PassRole", Resource: "*"}]}
    `);
    const names = (prod: boolean) => {
      const world = worldWhere(text, prod);
      return world.policies.map((policy) => [policy.name, resourceOf(world, 'FnRole').locator.locate([...policy.path, 'Statement', 0]).startLine]);
    };
    expect(names(true)).toEqual([
      ['FnRolePolicy0', lineOf(text, 's3:GetObject')],
      ['FnRolePolicy1', lineOf(text, 'iam:PassRole')],
    ]);
    expect(names(false)).toEqual([['FnRolePolicy1', lineOf(text, 'iam:PassRole')]]);
  });

  it('are named after the functions a Fn::ForEach loop generates', () => {
    const text = 'Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]\nResources:\n  Fn::ForEach::Fns:\n    - Name\n    - [A, B]\n    - Fn${Name}:\n        Type: AWS::Serverless::Function\n        Properties:\n          Policies: [{Statement: [{Effect: Allow, Action: "iam:PassRole", Resource: "*"}]}]\n';
    const world = onlyWorld(text);
    expect(world.resources.filter((resource) => resource.kind === 'iam-role').map((role) => [role.name, role.locator.locate(['Properties', 'Policies', 0, 'PolicyDocument', 'Statement', 0]).startLine])).toEqual([
      ['FnARole', 9],
      ['FnBRole', 9],
    ]);
  });

  it('are not generated without the SAM transform (SAM\'s own translator test inputs)', () => {
    expect(onlyWorld('Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n').resources.map((resource) => resource.name)).toEqual(['Fn']);
  });
});
