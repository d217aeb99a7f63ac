import { describe, expect, it } from 'vitest';
import { MAX_WORLDS } from '../../../parsers/cloudformation/worlds.js';
import { hasUnresolvedPiece, OWNER_REGION, prop, type ParsedWorld } from '../../../src/model/index.js';
import { onlyWorld, parse, resourceOf, template } from './helpers.js';

const names = (world: ParsedWorld) => world.resources.map((resource) => resource.name);
const statement = (world: ParsedWorld) => prop(prop(resourceOf(world, 'Role').properties, 'AssumeRolePolicyDocument'), 'Statement') as unknown[];

function restrictedRole(parameter: string): string {
  return template(`
    Parameters:
      ${parameter}
    Conditions:
      Restrict: !Equals [!Ref RestrictAccount, 'true']
    Resources:
      Role:
        Type: AWS::IAM::Role
        Properties:
          AssumeRolePolicyDocument:
            Statement:
              - Effect: Allow
                Principal: {Service: sagemaker.amazonaws.com}
                Action: sts:AssumeRole
                Condition: !If [Restrict, {StringEquals: {aws:SourceAccount: !Ref AWS::AccountId}}, !Ref AWS::NoValue]
  `);
}

describe('condition worlds', () => {
  it('explores both branches of Fn::If on an unsupplied parameter', () => {
    const parsed = parse(restrictedRole("RestrictAccount: {Type: String, AllowedValues: ['true', 'false']}"));
    expect(parsed.errors).toEqual([]);
    expect(parsed.worlds.map((world) => world.conditions)).toEqual([{ Restrict: true }, { Restrict: false }]);
    expect(statement(parsed.worlds[0]!)[0]).toHaveProperty('Condition');
    expect(statement(parsed.worlds[1]!)[0]).not.toHaveProperty('Condition');
  });

  it('starts from the defaults: the baseline is world 0, and a Default still counts as unsupplied', () => {
    const parsed = parse(restrictedRole("RestrictAccount: {Type: String, Default: 'false'}"));
    expect(parsed.worlds.map((world) => world.conditions)).toEqual([{ Restrict: false }, { Restrict: true }]);
  });

  it('uses one world when the parameter is supplied', () => {
    const world = onlyWorld(restrictedRole("RestrictAccount: {Type: String, Default: 'false'}"), { RestrictAccount: 'true' });
    expect(world.conditions).toEqual({});
    expect(statement(world)[0]).toHaveProperty('Condition');
  });

  it('varies parameters, not conditions: IsProd and IsDev are never both true', () => {
    const parsed = parse(
      template(`
        Parameters:
          Env: {Type: String, Default: dev, AllowedValues: [dev, staging, prod]}
        Conditions:
          IsProd: !Equals [!Ref Env, prod]
          IsDev: !Equals [dev, !Ref Env]
        Resources:
          ProdRole: {Type: AWS::IAM::Role, Condition: IsProd}
          DevRole: {Type: AWS::IAM::Role, Condition: IsDev}
          Topic:
            Type: AWS::SNS::Topic
            Properties: {TopicName: !Sub '\${Env}-topic'}
      `),
    );
    expect(parsed.worlds.map((world) => [world.conditions, names(world)])).toEqual([
      [{ IsProd: false, IsDev: true }, ['DevRole', 'Topic']],
      [{ IsProd: true, IsDev: false }, ['ProdRole', 'Topic']],
      [{ IsProd: false, IsDev: false }, ['Topic']],
    ]);
    expect(parsed.worlds.map((world) => prop(resourceOf(world, 'Topic').properties, 'TopicName'))).toEqual(['dev-topic', 'prod-topic', 'staging-topic']);
  });

  it('removes a resource whose condition is false', () => {
    const text = template(`
      Parameters:
        CreateRole: {Type: String, Default: 'yes'}
      Conditions:
        WantRole: !Equals [!Ref CreateRole, 'yes']
      Resources:
        Role: {Type: AWS::IAM::Role, Condition: WantRole}
        Topic: {Type: AWS::SNS::Topic}
    `);
    expect(names(onlyWorld(text, { CreateRole: 'no' }))).toEqual(['Topic']);
    expect(names(onlyWorld(text, { CreateRole: 'yes' }))).toEqual(['Role', 'Topic']);
  });

  it('assumes "some other value" when there is neither default nor AllowedValues', () => {
    const parsed = parse(
      template(`
        Parameters:
          Env: {Type: String}
        Conditions:
          IsProd: !Equals [!Ref Env, prod]
        Resources:
          Topic:
            Type: AWS::SNS::Topic
            Properties: {TopicName: !If [IsProd, !Sub '\${Env}-topic', other-topic], DisplayName: !Ref Env}
      `),
    );
    expect(parsed.worlds.map((world) => world.conditions)).toEqual([{ IsProd: true }, { IsProd: false }]);
    const [prod, other] = parsed.worlds.map((world) => resourceOf(world, 'Topic').properties);
    expect(prod).toEqual({ TopicName: 'prod-topic', DisplayName: 'prod' });
    expect(prop(other, 'TopicName')).toBe('other-topic');
    expect(String(prop(other, 'DisplayName'))).toMatch(/Env has a value other than 'prod'/);
  });

  it('varies pseudo parameters in conditions only; properties keep the owner symbols', () => {
    const parsed = parse(
      template(`
        Conditions:
          InUsEast1: !Equals [!Ref 'AWS::Region', us-east-1]
        Resources:
          Topic:
            Type: AWS::SNS::Topic
            Properties: {TopicName: !If [InUsEast1, !Ref 'AWS::Region', elsewhere]}
      `),
    );
    expect(parsed.worlds.map((world) => [world.conditions, resourceOf(world, 'Topic').properties])).toEqual([
      [{ InUsEast1: true }, { TopicName: OWNER_REGION }],
      [{ InUsEast1: false }, { TopicName: 'elsewhere' }],
    ]);
  });

  it('keeps one world for conditions that decide nothing about resources', () => {
    const text = template(`
      Parameters:
        Env: {Type: String}
      Conditions:
        IsProd: !Equals [!Ref Env, prod]
      Resources:
        Topic: {Type: AWS::SNS::Topic}
      Outputs:
        Arn: {Condition: IsProd, Value: !Ref Topic}
    `);
    expect(onlyWorld(text).conditions).toEqual({});
  });

  it('follows conditions that refer to conditions, And/Or/Not, and survives cycles', () => {
    const parsed = parse(
      template(`
        Parameters:
          Env: {Type: String, AllowedValues: [dev, prod]}
          Audit: {Type: String, AllowedValues: ['on', 'off']}
        Conditions:
          IsProd: !Equals [!Ref Env, prod]
          AuditOn: !Equals [!Ref Audit, 'on']
          Strict: !And [!Condition IsProd, !Or [!Condition AuditOn, !Not [!Condition IsProd]]]
          Loop: !Condition Loop
        Resources:
          StrictRole: {Type: AWS::IAM::Role, Condition: Strict}
          LoopRole: {Type: AWS::IAM::Role, Condition: Loop}
      `),
    );
    expect(parsed.worlds.map((world) => [world.conditions, names(world)])).toEqual([
      [{ IsProd: true, AuditOn: true, Strict: true }, ['StrictRole', 'LoopRole']],
      [{ IsProd: true, AuditOn: false, Strict: false }, ['LoopRole']],
      [{ IsProd: false, AuditOn: true, Strict: false }, ['LoopRole']],
      [{ IsProd: false, AuditOn: false, Strict: false }, ['LoopRole']],
    ]);
  });

  it(`caps the number of worlds at ${MAX_WORLDS}, varying one parameter at a time`, () => {
    const parameters = ['A', 'B', 'C', 'D', 'E'];
    const text = [
      'Parameters:',
      ...parameters.map((name) => `  ${name}: {Type: String, Default: x}`),
      'Conditions:',
      ...parameters.flatMap((name) => [1, 2, 3].map((value) => `  ${name}${value}: !Equals [!Ref ${name}, v${value}]`)),
      'Resources:',
      ...parameters.flatMap((name) => [1, 2, 3].map((value) => `  R${name}${value}: {Type: AWS::SNS::Topic, Condition: ${name}${value}}`)),
    ].join('\n');
    const parsed = parse(text);
    expect(parsed.worlds.length).toBeLessThanOrEqual(MAX_WORLDS);
    expect(parsed.worlds.length).toBeGreaterThan(10);
    expect(names(parsed.worlds[0]!)).toEqual([]);
    expect(parsed.worlds.every((world) => names(world).length <= 1)).toBe(true);
    expect(parsed.notices).toEqual([
      'conditions depend on A, B, C, D, E (1024 combinations): each parameter is varied alone',
      `only the first ${MAX_WORLDS} condition worlds are analyzed`,
    ]);
  });

  it('resolves Fn::If to an unresolved value when its condition stays unknown', () => {
    const text = template(`
      Parameters:
        Ids: {Type: CommaDelimitedList}
      Conditions:
        HasIds: !Not [!Equals [!Join ['', !Ref Ids], '']]
      Resources:
        Topic:
          Type: AWS::SNS::Topic
          Properties: {TopicName: !If [HasIds, a, b], DisplayName: !Sub 'x-\${AWS::Region}'}
    `);
    const properties = resourceOf(onlyWorld(text), 'Topic').properties;
    expect(String(prop(properties, 'TopicName'))).toMatch(/condition HasIds, whose value is not known here/);
    expect(hasUnresolvedPiece(String(prop(properties, 'DisplayName')))).toBe(false);
  });
});
