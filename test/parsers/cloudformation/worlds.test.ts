import { describe, expect, it } from 'vitest';
import { ENUMERATION_LIMIT } from '../../../parsers/cloudformation/worlds.js';
import { hasUnresolvedPiece, MAX_WORLDS, isUnresolved, OWNER_ACCOUNT, OWNER_REGION, prop, type ParsedWorld, type Unresolved } from '../../../src/model/index.js';
import { FILE, lineOf, onlyWorld, parse, resourceOf, template } from './helpers.js';

/** The notices on condition worlds are about the whole template: no line. */
const onFile = (messages: string[]) => messages.map((message) => ({ file: FILE, message }));

const roleName = (world: ParsedWorld) => prop(resourceOf(world, 'Role').properties, 'RoleName');
const roleNames = (parsed: ReturnType<typeof parse>) => parsed.worlds.map((world) => [world.conditions, roleName(world)]);

/** A template of the parameters and conditions given (a line each) and one role, `Role`, with the properties given (a flow mapping). */
function conditionedRole(parameters: readonly string[], conditions: readonly string[], properties: string, mapping?: string): string {
  return [
    ...(parameters.length > 0 ? ['Parameters:', ...parameters.map((parameter) => `  ${parameter}`)] : []),
    ...(mapping ? ['Mappings:', `  ${mapping}`] : []),
    'Conditions:',
    ...conditions.map((condition) => `  ${condition}`),
    'Resources:',
    '  Role:',
    '    Type: AWS::IAM::Role',
    `    Properties: ${properties}`,
  ].join('\n');
}

/**
 * Asserts that no world reads `condition` true: the role named `reached` under it is never analyzed. `varied`, a
 * condition a description depends on, makes worlds vary the parameters it compares.
 */
function expectNeverTrue(condition: string, parameters: readonly string[], { mapping, varied }: { mapping?: string; varied?: string } = {}): void {
  const conditions = [`Impossible: ${condition}`, ...(varied ? [`Varied: ${varied}`] : [])];
  const parsed = parse(conditionedRole(parameters, conditions, `{RoleName: !If [Impossible, reached, other]${varied ? ', Description: !If [Varied, one, other]' : ''}}`, mapping));
  expect(parsed.errors).toEqual([]);
  for (const world of parsed.worlds) expect(roleName(world)).not.toBe('reached');
}

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
      conditionedRole([`Env: {Type: String}`], [`IsProd: !Equals [!Ref Env, prod]`], `{RoleName: !If [IsProd, !Sub '\${Env}-role', other-role], Description: !Ref Env}`),
    );
    expect(parsed.worlds.map((world) => world.conditions)).toEqual([{ IsProd: true }, { IsProd: false }]);
    const [prod, other] = parsed.worlds.map((world) => resourceOf(world, 'Role').properties);
    expect(prod).toEqual({ RoleName: 'prod-role', Description: 'prod' });
    expect(prop(other, 'RoleName')).toBe('other-role');
    // Known only to differ from prod, and shown as the template writes the parameter, as without a world.
    expect((prop(other, 'Description') as Unresolved).reason).toBe("Env has a value other than 'prod'");
    expect(String(prop(other, 'Description'))).toBe('${Env}');
  });

  it('varies a parameter read from SSM by the value it reads, supplied or not: its Default and a supplied value name the SSM parameter', () => {
    const text = conditionedRole([`Stage: {Type: 'AWS::SSM::Parameter::Value<String>', Default: /org/stage, AllowedValues: [/org/stage, /org/other]}`], [`IsShared: !Equals [!Ref Stage, shared]`], `{RoleName: !If [IsShared, !Ref Stage, own]}`);
    for (const parsed of [parse(text), parse(text, { Stage: '/org/other' })]) {
      expect(parsed.errors).toEqual([]);
      expect(parsed.worlds.map((world) => [world.conditions, resourceOf(world, 'Role').properties])).toEqual([
        [{ IsShared: true }, { RoleName: 'shared' }],
        [{ IsShared: false }, { RoleName: 'own' }],
      ]);
    }
  });

  it('assumes a parameter equal to, and other than, what Fn::Equals compares it with through another Ref', () => {
    for (const [equals, expected] of [
      ['[!Ref TrustedAccount, !Ref AWS::AccountId]', OWNER_ACCOUNT],
      ['[!Ref AWS::AccountId, !Ref TrustedAccount]', OWNER_ACCOUNT],
      ['[!Ref TrustedAccount, !Ref HomeAccount]', '111122223333'],
    ]) {
      const parsed = parse(
        conditionedRole([`TrustedAccount: {Type: String}`, `HomeAccount: {Type: String, Default: '111122223333'}`], [`IsSameAccount: !Equals ${equals}`], `{RoleName: !If [IsSameAccount, !Ref TrustedAccount, other]}`),
      );
      expect(parsed.errors).toEqual([]);
      expect(roleNames(parsed)).toEqual([
        [{ IsSameAccount: true }, expected],
        [{ IsSameAccount: false }, 'other'],
      ]);
    }
  });

  it('compares a parameter assumed equal to, or other than, the owner account with the account the world assumes when a condition also compares the account with a literal', () => {
    const parsed = parse(
      template(`
        Parameters:
          TrustedAccount: {Type: String}
        Conditions:
          IsSameAccount: !Equals [!Ref TrustedAccount, !Ref AWS::AccountId]
          IsProdAccount: !Equals [!Ref AWS::AccountId, '111122223333']
        Resources:
          Role:
            Type: AWS::IAM::Role
            Condition: IsProdAccount
            Properties: {RoleName: !If [IsSameAccount, !Ref TrustedAccount, other]}
      `),
    );
    expect(parsed.errors).toEqual([]);
    const roleNames = parsed.worlds.flatMap((world) => world.resources.map((resource) => [world.conditions.IsSameAccount, prop(resource.properties, 'RoleName')]));
    expect(roleNames).toContainEqual([true, OWNER_ACCOUNT]);
    expect(roleNames).toContainEqual([false, 'other']);
  });

  it('decides again a condition on a parameter assumed equal to the owner account where only the account a world assumes changes', () => {
    // Rows of assumptions are decided one from the one before it; TrustsProd names TrustedAccount alone, but reads it as
    // the account each world assumes: after (owner, 111122223333), the row (owner, another account) reads it false.
    const parsed = parse(
      conditionedRole(
        [`TrustedAccount: {Type: String}`],
        [`SameOrProd: !Or [!Equals [!Ref TrustedAccount, !Ref AWS::AccountId], !Equals [!Ref AWS::AccountId, '111122223333']]`, `TrustsProd: !Equals [!Ref TrustedAccount, '111122223333']`],
        `{RoleName: !If [TrustsProd, prod, other], Description: !If [SameOrProd, same, elsewhere]}`,
      ),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.worlds.map((world) => world.conditions)).toEqual([
      { SameOrProd: true, TrustsProd: true },
      { SameOrProd: true, TrustsProd: false },
      { SameOrProd: false, TrustsProd: true },
      { SameOrProd: false, TrustsProd: false },
    ]);
  });

  it('decides a condition holding a Fn::If by the truth of the condition it reads in each world', () => {
    // Big reads IsProd through Fn::If, which the reads of a condition do not list: each world decides it afresh.
    const parsed = parse(
      conditionedRole(
        [`Env: {Type: String}`, `Tier: {Type: String, AllowedValues: [large, small]}`],
        [`Big: !Equals [!If [IsProd, !Ref Tier, small], large]`, `IsProd: !Equals [!Ref Env, prod]`],
        `{RoleName: !If [Big, big, other], Description: !If [IsProd, prod, other]}`,
      ),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.worlds.map((world) => world.conditions)).toEqual([
      { Big: true, IsProd: true },
      { Big: false, IsProd: false },
      { Big: false, IsProd: true },
    ]);
  });

  it('assumes two parameters without values equal, and not, when Fn::Equals compares them; the value stays unknown', () => {
    const parsed = parse(
      conditionedRole([`SourceAccount: {Type: String}`, `TargetAccount: {Type: String}`], [`SameAccount: !Equals [!Ref SourceAccount, !Ref TargetAccount]`], `{RoleName: !If [SameAccount, !Ref TargetAccount, other]}`),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.worlds.map((world) => world.conditions)).toEqual([{ SameAccount: true }, { SameAccount: false }]);
    const [same, other] = parsed.worlds.map(roleName);
    expect(typeof same === 'string' && hasUnresolvedPiece(same)).toBe(true);
    expect(other).toBe('other');
  });

  it('assumes parameters compared with each other, none with a value, all equal in one world', () => {
    const parsed = parse(
      conditionedRole([`A: {Type: String}`, `B: {Type: String}`, `C: {Type: String}`], [`AB: !Equals [!Ref A, !Ref B]`, `BC: !Equals [!Ref B, !Ref C]`, `AllSame: !And [!Condition AB, !Condition BC]`], `{RoleName: !If [AllSame, same, apart]}`),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.worlds.map(roleName)).toContain('same');
  });

  it.each([
    ['a pseudo parameter', [], `!FindInMap [RegionMap, !Ref 'AWS::Region', Stage]`, 'RegionMap: {us-east-1: {Stage: prod}, eu-west-1: {Stage: dev}}'],
    ['a parameter without a value', ['Env: {Type: String}'], '!FindInMap [RegionMap, !Ref Env, Stage]', 'RegionMap: {prod: {Stage: prod}, sandbox: {Stage: dev}}'],
    ['the second key', ['Env: {Type: String}'], '!FindInMap [RegionMap, all, !Ref Env]', 'RegionMap: {all: {live: prod, sandbox: dev}}'],
  ])('assumes the keys of a mapping a condition reads with Fn::FindInMap keyed by %s', (_name, parameters, lookup, mapping) => {
    const parsed = parse(conditionedRole(parameters, [`IsDev: !Equals [${lookup}, dev]`], '{RoleName: !If [IsDev, dev-role, other-role]}', mapping));
    expect(parsed.errors).toEqual([]);
    expect(parsed.worlds.map((world) => roleName(world)).sort()).toEqual(['dev-role', 'other-role']);
  });

  it('assumes one key of a big mapping per value its lookups read: the other keys make the same conditions, and no world is sampled', () => {
    const regions = Array.from({ length: 40 }, (_, index) => `r${index}: {Stage: ${index % 2 === 0 ? 'prod' : 'dev'}, Bucket: b${index}}`).join(', ');
    const accounts = Array.from({ length: 40 }, (_, index) => `a${index}: {Stage: ${index % 3 === 0 ? 'prod' : 'dev'}}`).join(', ');
    const parsed = parse(
      conditionedRole(
        ['Env: {Type: String}', 'Account: {Type: String}'],
        [`IsDev: !Equals [!FindInMap [RegionMap, !Ref 'AWS::Region', Stage], dev]`, 'IsDevAccount: !Equals [!FindInMap [AccountMap, !Ref Account, Stage], dev]', 'Both: !And [!Condition IsDev, !Condition IsDevAccount]'],
        '{RoleName: !If [Both, dev-role, other-role]}',
        `RegionMap: {${regions}}\n  AccountMap: {${accounts}}`,
      ),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.notices).toEqual([]);
    expect([...new Set(parsed.worlds.map((world) => roleName(world)))].sort()).toEqual(['dev-role', 'other-role']);
  });

  it('varies pseudo parameters in conditions only; properties keep the owner symbols', () => {
    const parsed = parse(
      conditionedRole([], [`InUsEast1: !Equals [!Ref 'AWS::Region', us-east-1]`], `{RoleName: !If [InUsEast1, !Ref 'AWS::Region', elsewhere]}`),
    );
    expect(parsed.worlds.map((world) => [world.conditions, resourceOf(world, 'Role').properties])).toEqual([
      [{ InUsEast1: true }, { RoleName: OWNER_REGION }],
      [{ InUsEast1: false }, { RoleName: 'elsewhere' }],
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

const SAGEMAKER = 'sagemaker.amazonaws.com';
const EC2 = 'ec2.amazonaws.com';

/** A role whose trust policy names SageMaker when `condition` is true and EC2 otherwise. */
function switchedRole(name: string, condition: string, extra = ''): string[] {
  return [
    `  ${name}:`,
    '    Type: AWS::IAM::Role',
    ...(extra ? [`    ${extra}`] : []),
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    '        Statement:',
    `          - {Effect: Allow, Action: sts:AssumeRole, Principal: {Service: !If [${condition}, ${SAGEMAKER}, ${EC2}]}}`,
  ];
}

const range = (count: number) => Array.from({ length: count }, (_, index) => index);
/** Conditions in a chain deeper than a reading of each inside the one that reads it could go (the stack ends near 4,000). */
const CHAIN = 6000;

/** Role{i} trusts SageMaker only when C{i}: P{i} is 'on' (parameters without defaults). */
function independentRoles(count: number): string {
  return [
    'Parameters:',
    ...range(count).map((i) => `  P${i}: {Type: String}`),
    'Conditions:',
    ...range(count).map((i) => `  C${i}: !Equals [!Ref P${i}, 'on']`),
    'Resources:',
    ...range(count).flatMap((i) => switchedRole(`Role${i}`, `C${i}`)),
  ].join('\n');
}

/** The services each role trusts across the worlds, sorted and without repeats. */
function servicesAcrossWorlds(worlds: ParsedWorld[], role: string): string[] {
  const services = worlds.map((world) => prop(prop((prop(prop(resourceOf(world, role).properties, 'AssumeRolePolicyDocument'), 'Statement') as unknown[])[0] as never, 'Principal'), 'Service'));
  return [...new Set(services.map(String))].sort();
}

const allConditions = (count: number, value: boolean) => Object.fromEntries(range(count).map((i) => [`C${i}`, value]));

describe('world planning when the combinations do not fit', () => {
  it.each([
    { count: 1, worlds: 2, sideBySide: false, notices: [] },
    { count: 4, worlds: MAX_WORLDS, sideBySide: false, notices: [] },
    { count: 5, worlds: 2, sideBySide: true, notices: ['conditions depend on P0, P1, P2, P3, P4 (32 combinations); no condition or resource combines two of them, so 2 worlds vary them side by side'] },
    {
      count: 10,
      worlds: 2,
      sideBySide: true,
      notices: ['conditions depend on P0, P1, P2, P3, P4, P5, P6, P7, P8, P9 (1024 combinations); no condition or resource combines two of them, so 2 worlds vary them side by side'],
    },
    {
      count: 16,
      worlds: 2,
      sideBySide: true,
      notices: [`conditions depend on ${range(16).map((i) => `P${i}`).join(', ')} (65536 combinations); no condition or resource combines two of them, so 2 worlds vary them side by side`],
    },
    {
      count: 80,
      worlds: 2,
      sideBySide: true,
      notices: [`conditions depend on ${range(80).map((i) => `P${i}`).join(', ')} (about 10^24 combinations); no condition or resource combines two of them, so 2 worlds vary them side by side`],
    },
  ])('$count independent parameter(s): every role trusts SageMaker in some world and EC2 in another ($worlds worlds)', ({ count, worlds, sideBySide, notices }) => {
    const parsed = parse(independentRoles(count));
    expect(parsed.errors).toEqual([]);
    expect(parsed.notices).toEqual(onFile(notices));
    expect(parsed.worlds).toHaveLength(worlds);
    for (const i of range(count)) expect(servicesAcrossWorlds(parsed.worlds, `Role${i}`)).toEqual([EC2, SAGEMAKER]);
    if (sideBySide) expect(parsed.worlds.map((world) => world.conditions)).toEqual([allConditions(count, true), allConditions(count, false)]);
  });

  it('varies the parameters one condition combines in every combination, side by side with the others', () => {
    const parsed = parse(
      template(`
        Parameters:
          A: {Type: String}
          B: {Type: String}
          C: {Type: String}
          D: {Type: String}
          E: {Type: String}
        Conditions:
          AOn: !Equals [!Ref A, 'on']
          BOn: !Equals [!Ref B, 'on']
          Both: !And [!Condition AOn, !Condition BOn]
          COn: !Equals [!Ref C, 'on']
          DOn: !Equals [!Ref D, 'on']
          EOn: !Equals [!Ref E, 'on']
        Resources:
          BothRole: {Type: AWS::IAM::Role, Condition: Both}
          CRole: {Type: AWS::IAM::Role, Condition: COn}
          DRole: {Type: AWS::IAM::Role, Condition: DOn}
          ERole: {Type: AWS::IAM::Role, Condition: EOn}
      `),
    );
    expect(parsed.notices).toEqual(onFile(['conditions depend on A, B, C, D, E (32 combinations); 4 worlds vary (A, B), C, D, E side by side, as no condition or resource combines parameters of two of these groups']));
    expect(parsed.worlds.map((world) => [world.conditions, names(world)])).toEqual([
      [{ AOn: true, BOn: true, Both: true, COn: true, DOn: true, EOn: true }, ['BothRole', 'CRole', 'DRole', 'ERole']],
      [{ AOn: true, BOn: false, Both: false, COn: false, DOn: false, EOn: false }, []],
      [{ AOn: false, BOn: true, Both: false, COn: true, DOn: true, EOn: true }, ['CRole', 'DRole', 'ERole']],
      [{ AOn: false, BOn: false, Both: false, COn: false, DOn: false, EOn: false }, []],
    ]);
  });

  it('varies together the parameters of the conditions one resource, or a resource it refers to, is written under', () => {
    const parsed = parse(
      template(`
        Parameters:
          A: {Type: String}
          B: {Type: String}
          C: {Type: String}
          D: {Type: String}
          E: {Type: String}
          F: {Type: String}
        Conditions:
          AOn: !Equals [!Ref A, 'on']
          BOn: !Equals [!Ref B, 'on']
          COn: !Equals [!Ref C, 'on']
          DOn: !Equals [!Ref D, 'on']
          EOn: !Equals [!Ref E, 'on']
          FOn: !Equals [!Ref F, 'on']
        Resources:
          Role:
            Type: AWS::IAM::Role
            Condition: AOn
            Properties:
              Description: !If [BOn, strict, open]
          Model:
            Type: AWS::SageMaker::Model
            Condition: COn
            Properties:
              ExecutionRoleArn: !GetAtt Role.Arn
          DRole: {Type: AWS::IAM::Role, Condition: DOn}
          ERole: {Type: AWS::IAM::Role, Condition: EOn}
          FRole: {Type: AWS::IAM::Role, Condition: FOn}
      `),
    );
    expect(parsed.notices).toEqual(onFile(['conditions depend on A, B, C, D, E, F (64 combinations); 8 worlds vary (A, B, C), D, E, F side by side, as no condition or resource combines parameters of two of these groups']));
    // Every combination of the role's and the model's conditions is in some world.
    const combinations = new Set(parsed.worlds.map((world) => ['AOn', 'BOn', 'COn'].map((name) => world.conditions[name]).join()));
    expect(combinations.size).toBe(8);
  });

  it('varies together the parameters of conditions joined through the conditions they read, and apart those joined through one that reads none', () => {
    const parsed = parse(
      template(`
        Parameters:
          A: {Type: String}
          B: {Type: String}
          C: {Type: String}
          D: {Type: String}
          E: {Type: String}
          Fixed: {Type: String}
        Conditions:
          FixedOn: !Equals [!Ref Fixed, 'on']
          AOn: !And [!Condition FixedOn, !Equals [!Ref A, 'on']]
          BOn: !And [!Condition FixedOn, !Equals [!Ref B, 'on']]
          COn: !Equals [!Ref C, 'on']
          CAndD: !And [!Condition COn, !Equals [!Ref D, 'on']]
          Chained: !Not [!Condition CAndD]
          EOn: !Equals [!Ref E, 'on']
        Resources:
          ARole: {Type: AWS::IAM::Role, Condition: AOn}
          BRole: {Type: AWS::IAM::Role, Condition: BOn}
          ChainedRole: {Type: AWS::IAM::Role, Condition: Chained}
          ERole: {Type: AWS::IAM::Role, Condition: EOn}
      `),
      { Fixed: 'on' },
    );
    expect(parsed.notices).toEqual(onFile(['conditions depend on A, B, C, D, E (32 combinations); 3 worlds vary A, B, (C, D), E side by side, as no condition or resource combines parameters of two of these groups']));
    const combinations = new Set(parsed.worlds.map((world) => ['COn', 'CAndD', 'Chained'].map((name) => world.conditions[name]).join()));
    expect(combinations.size).toBe(3);
  });

  // CloudFormation sets no limit on how deep conditions read conditions but the template's size: 20,000 of them fit in
  // one. Each is read after those it reads, not inside them, and the names each one depends on are never listed.
  describe.each([
    ['YAML', 'template.yaml', (conditions: Array<[string, unknown]>, text: (value: unknown) => string) => ['Parameters:', '  P: {Type: String}', 'Conditions:', ...conditions.map(([name, value]) => `  ${name}: ${text(value)}`), 'Resources:', `  Role: {Type: AWS::IAM::Role, Condition: C${CHAIN - 1}}`].join('\n')],
    ['JSON', 'template.json', (conditions: Array<[string, unknown]>) => JSON.stringify({ Parameters: { P: { Type: 'String' } }, Conditions: Object.fromEntries(conditions), Resources: { Role: { Type: 'AWS::IAM::Role', Condition: `C${CHAIN - 1}` } } })],
  ])('a chain of %s conditions, each reading the one before it', (_format, file, write) => {
    const chain: Array<[string, unknown]> = range(CHAIN).map((i) => [`C${i}`, i === 0 ? { 'Fn::Equals': [{ Ref: 'P' }, 'on'] } : { 'Fn::And': [{ Condition: `C${i - 1}` }, { 'Fn::Equals': [{ Ref: 'P' }, 'on'] }] }]);
    const text = write(chain, (value) => JSON.stringify(value));

    it('is read whole: the role exists where P is on, in the world that assumes it', () => {
      const parsed = parse(text, undefined, file);
      expect(parsed.errors).toEqual([]);
      expect(parsed.worlds.map((world) => [world.conditions[`C${CHAIN - 1}`], names(world)])).toEqual([
        [true, ['Role']],
        [false, []],
      ]);
    });

    it('leaves the role out where P is supplied otherwise', () => {
      const parsed = parse(text, { P: 'off' }, file);
      expect(parsed.errors).toEqual([]);
      expect(parsed.worlds.map(names)).toEqual([[]]);
    });
  });

  it('varies parameters with defaults and several values side by side, the baseline first', () => {
    const parameters = ['A', 'B', 'C', 'D', 'E'];
    const text = [
      'Parameters:',
      ...parameters.map((name) => `  ${name}: {Type: String, Default: x}`),
      'Conditions:',
      ...parameters.flatMap((name) => [1, 2, 3].map((value) => `  ${name}${value}: !Equals [!Ref ${name}, v${value}]`)),
      'Resources:',
      ...parameters.flatMap((name) => [1, 2, 3].map((value) => `  R${name}${value}: {Type: AWS::IAM::Role, Condition: ${name}${value}}`)),
    ].join('\n');
    const parsed = parse(text);
    expect(parsed.notices).toEqual(onFile(['conditions depend on A, B, C, D, E (1024 combinations); no condition or resource combines two of them, so 4 worlds vary them side by side']));
    expect(parsed.worlds.map(names)).toEqual([[], ...[1, 2, 3].map((value) => parameters.map((name) => `R${name}${value}`))]);
  });

  it(`samples a group of parameters with more than ${ENUMERATION_LIMIT} combinations, keeping every outcome of every condition`, () => {
    const text = [
      'Parameters:',
      ...range(16).map((i) => `  P${i}: {Type: String}`),
      'Conditions:',
      ...range(16).map((i) => `  C${i}: !Equals [!Ref P${i}, 'on']`),
      `  FirstHalf: !And [${range(8).map((i) => `!Condition C${i}`).join(', ')}]`,
      `  SecondHalf: !And [${range(8).map((i) => `!Condition C${i + 8}`).join(', ')}]`,
      '  All: !And [!Condition FirstHalf, !Condition SecondHalf]',
      'Resources:',
      '  AllRole: {Type: AWS::IAM::Role, Condition: All}',
      ...range(16).flatMap((i) => switchedRole(`Role${i}`, `C${i}`)),
    ].join('\n');
    const parsed = parse(text);
    expect(parsed.notices).toEqual(onFile([`conditions on ${range(16).map((i) => `P${i}`).join(', ')} have 65536 combinations of values: only ${MAX_WORLDS} are analyzed`]));
    expect(parsed.worlds).toHaveLength(MAX_WORLDS);
    for (const i of range(16)) expect(servicesAcrossWorlds(parsed.worlds, `Role${i}`)).toEqual([EC2, SAGEMAKER]);
    expect(parsed.worlds.map((world) => names(world).includes('AllRole'))).toEqual([true, ...range(MAX_WORLDS - 1).map(() => false)]);
  });

  it(`names the condition outcomes left out when one parameter has more than ${MAX_WORLDS} of them`, () => {
    const regions = range(20).map((i) => `region-${i}`);
    const text = [
      'Conditions:',
      ...regions.map((region, i) => `  In${i}: !Equals [!Ref 'AWS::Region', ${region}]`),
      'Resources:',
      ...regions.flatMap((_, i) => switchedRole(`Role${i}`, `In${i}`)),
    ].join('\n');
    const parsed = parse(text);
    expect(parsed.notices).toEqual(onFile([
      `conditions on AWS::Region have 21 different outcomes: only ${MAX_WORLDS} are analyzed`,
      `only ${MAX_WORLDS} condition worlds are analyzed: none of them has condition In16 true, condition In17 true, condition In18 true, condition In19 true`,
    ]));
    expect(parsed.worlds).toHaveLength(MAX_WORLDS);
    expect(regions.map((_, i) => servicesAcrossWorlds(parsed.worlds, `Role${i}`))).toEqual(regions.map((_, i) => (i < MAX_WORLDS ? [EC2, SAGEMAKER] : [EC2])));
  });

  it('explores values with the same condition outcomes once: 25 regions in one Fn::Or make two worlds', () => {
    const regions = range(25).map((i) => `region-${i}`);
    const chunks = range(5).map((chunk) => `!Or [${regions.slice(chunk * 5, chunk * 5 + 5).map((region) => `!Equals [!Ref 'AWS::Region', ${region}]`).join(', ')}]`);
    const text = ['Conditions:', `  InRegions: !Or [${chunks.join(', ')}]`, 'Resources:', ...switchedRole('Role', 'InRegions')].join('\n');
    const parsed = parse(text);
    expect(parsed.notices).toEqual([]);
    expect(parsed.worlds.map((world) => world.conditions)).toEqual([{ InRegions: true }, { InRegions: false }]);
  });
});

const CDK_METADATA_AVAILABLE = template(`
  Conditions:
    CDKMetadataAvailable: !Or
      - !Or [!Equals [!Ref 'AWS::Region', af-south-1], !Equals [!Ref 'AWS::Region', ap-east-1], !Equals [!Ref 'AWS::Region', ap-northeast-1], !Equals [!Ref 'AWS::Region', ap-northeast-2], !Equals [!Ref 'AWS::Region', ap-south-1], !Equals [!Ref 'AWS::Region', ap-southeast-1], !Equals [!Ref 'AWS::Region', ap-southeast-2], !Equals [!Ref 'AWS::Region', ca-central-1], !Equals [!Ref 'AWS::Region', cn-north-1], !Equals [!Ref 'AWS::Region', cn-northwest-1]]
      - !Or [!Equals [!Ref 'AWS::Region', eu-central-1], !Equals [!Ref 'AWS::Region', eu-north-1], !Equals [!Ref 'AWS::Region', eu-south-1], !Equals [!Ref 'AWS::Region', eu-west-1], !Equals [!Ref 'AWS::Region', eu-west-2], !Equals [!Ref 'AWS::Region', eu-west-3], !Equals [!Ref 'AWS::Region', me-south-1], !Equals [!Ref 'AWS::Region', sa-east-1], !Equals [!Ref 'AWS::Region', us-east-1], !Equals [!Ref 'AWS::Region', us-east-2]]
      - !Or [!Equals [!Ref 'AWS::Region', us-west-1], !Equals [!Ref 'AWS::Region', us-west-2], !Equals [!Ref 'AWS::Region', il-central-1], !Equals [!Ref 'AWS::Region', me-central-1], !Equals [!Ref 'AWS::Region', ap-south-2]]
  Resources:
    Role:
      Type: AWS::IAM::Role
      Properties:
        AssumeRolePolicyDocument:
          Statement: [{Effect: Allow, Action: sts:AssumeRole, Principal: {Service: sagemaker.amazonaws.com}}]
    CDKMetadata:
      Type: AWS::CDK::Metadata
      Properties: {Analytics: v2:deflate64:H4sIAAAAAAAA}
      Metadata: {aws:cdk:path: Stack/CDKMetadata/Default}
      Condition: CDKMetadataAvailable
`);

describe('conditions that drive worlds', () => {
  it("ignores CDKMetadataAvailable, which gates only AWS::CDK::Metadata: one world, no notice", () => {
    const parsed = parse(CDK_METADATA_AVAILABLE);
    expect(parsed.errors).toEqual([]);
    expect(parsed.notices).toEqual([]);
    expect(parsed.worlds.map((world) => [world.conditions, names(world)])).toEqual([[{}, ['Role', 'CDKMetadata']]]);
  });

  const placements = {
    Condition: (type: string) => [`  Gated: {Type: ${type}, Condition: IsProd}`],
    'Fn::If in Properties': (type: string) => [`  Gated: {Type: ${type}, Properties: {Description: !If [IsProd, prod, dev]}}`],
    'Fn::If in Metadata': (type: string) => [`  Gated: {Type: ${type}, Metadata: {Note: !If [IsProd, prod, dev]}}`],
  };
  const types: Array<[string, number]> = [
    ['AWS::IAM::Role', 2],
    ['AWS::IAM::ManagedPolicy', 2],
    ['AWS::IAM::User', 2],
    ['AWS::SageMaker::Domain', 2],
    ['AWS::EC2::VPCEndpoint', 2],
    ['AWS::SNS::Topic', 1],
    ['AWS::CDK::Metadata', 1],
    ['AWS::IAM::InstanceProfile', 1],
  ];
  it.each(Object.keys(placements).flatMap((placement) => types.map(([type, worlds]) => ({ placement, type, worlds }))))('$placement on $type: $worlds world(s)', ({ placement, type, worlds }) => {
    const text = ['Parameters:', '  Env: {Type: String}', 'Conditions:', '  IsProd: !Equals [!Ref Env, prod]', 'Resources:', ...placements[placement as keyof typeof placements](type)].join('\n');
    const parsed = parse(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.notices).toEqual([]);
    expect(parsed.worlds.map((world) => world.conditions)).toEqual(worlds === 2 ? [{ IsProd: true }, { IsProd: false }] : [{}]);
  });

  it('reports every resource condition whose value differs across worlds, also one gating only an unmodelled resource', () => {
    const parsed = parse(
      template(`
        Parameters:
          Env: {Type: String, AllowedValues: [dev, staging, prod]}
        Conditions:
          IsProd: !Equals [!Ref Env, prod]
          IsDev: !Equals [!Ref Env, dev]
          ForOutput: !Equals [!Ref Env, prod]
        Resources:
          Role: {Type: AWS::IAM::Role, Condition: IsProd}
          Topic: {Type: AWS::SNS::Topic, Condition: IsDev}
        Outputs:
          Arn: {Condition: ForOutput, Value: !Ref Role}
      `),
    );
    expect(parsed.worlds.map((world) => [world.conditions, names(world)])).toEqual([
      [{ IsProd: true, IsDev: false }, ['Role']],
      [{ IsProd: false, IsDev: true }, ['Topic']],
    ]);
  });
});

describe('resource conditions', () => {
  const RESOURCE_CONDITIONS = template(`
    Parameters:
      Env: {Type: String, AllowedValues: [dev, prod]}
      Strictness: {Type: String, AllowedValues: [strict, lax]}
    Conditions:
      IsProd: !Equals [!Ref Env, prod]
      NotProd: !Not [!Condition IsProd]
      Strict: !Equals [!Ref Strictness, strict]
      ProdAndStrict: !And [!Condition IsProd, !Condition Strict]
      Unused: !Equals [!Ref Env, dev]
      ForOutput: !Condition Strict
    Resources:
      RoleA: {Type: AWS::IAM::Role, Condition: IsProd}
      RoleB:
        Type: AWS::IAM::Role
        Properties:
          RoleName: !If [ProdAndStrict, strict-role, !If [NotProd, dev-role, !Ref AWS::NoValue]]
      RoleC:
        Type: AWS::IAM::Role
        Metadata: {Note: !If [NotProd, dev, prod]}
      Topic: {Type: AWS::SNS::Topic, Properties: {TopicName: !Sub '\${Env}-topic'}}
    Outputs:
      X: {Condition: ForOutput, Value: x}
  `);

  it('lists, per resource, the conditions deciding its existence, Properties and Metadata, transitively, in declaration order', () => {
    const parsed = parse(RESOURCE_CONDITIONS);
    expect(parsed.errors).toEqual([]);
    expect(parsed.resourceConditions).toEqual({
      [`${FILE}#RoleA`]: ['IsProd'],
      [`${FILE}#RoleB`]: ['IsProd', 'NotProd', 'Strict', 'ProdAndStrict'],
      [`${FILE}#RoleC`]: ['IsProd', 'NotProd'],
      [`${FILE}#Topic`]: [],
    });
    expect(parsed.worlds.map((world) => world.conditions)).toEqual([
      { IsProd: true, NotProd: false, Strict: true, ProdAndStrict: true },
      { IsProd: true, NotProd: false, Strict: false, ProdAndStrict: false },
      { IsProd: false, NotProd: true, Strict: true, ProdAndStrict: false },
      { IsProd: false, NotProd: true, Strict: false, ProdAndStrict: false },
    ]);
  });

  it('tells the conditions written around a place and those of the Fn::If branches written within it', () => {
    const text = template(`
      Parameters:
        Env: {Type: String, AllowedValues: [dev, prod]}
        Mode: {Type: String, AllowedValues: [strict, lax]}
      Conditions:
        IsProd: !Equals [!Ref Env, prod]
        Strict: !Equals [!Ref Mode, strict]
      Resources:
        Role:
          Type: AWS::IAM::Role
          Properties:
            RoleName: !If [IsProd, !Join ["-", [app, !If [Strict, strict, lax]]], dev]
            Path: /app/
    `);
    const parsed = parse(text);
    expect(parsed.errors).toEqual([]);
    // Where IsProd holds, the role's name is located at the Fn::Join its branch writes.
    const prod = parsed.worlds.find((world) => world.conditions.IsProd)!;
    const { locator } = resourceOf(prod, 'Role');
    const name = locator.locate(['Properties', 'RoleName']);
    expect(name.startLine).toBe(lineOf(text, 'RoleName'));
    expect(parsed.conditionsAround!(name)).toEqual(['IsProd']);
    expect(parsed.conditionsWithin!(name)).toEqual(['Strict']);
    const path = locator.locate(['Properties', 'Path']);
    expect(parsed.conditionsAround!(path)).toEqual([]);
    expect(parsed.conditionsWithin!(path)).toEqual([]);
  });

  it('tells the conditions written around and inside a principal\'s or managed policy\'s name, and none of its other properties', () => {
    const parsed = parse(
      template(`
        Parameters:
          Env: {Type: String, AllowedValues: [dev, prod]}
          Mode: {Type: String, AllowedValues: [strict, lax]}
        Conditions:
          IsProd: !Equals [!Ref Env, prod]
          Strict: !Equals [!Ref Mode, strict]
        Resources:
          Bob:
            Type: AWS::IAM::User
            Properties:
              UserName: !If [IsProd, bob, bob-dev]
              Path: !If [Strict, /strict/, /lax/]
          Locked:
            Type: AWS::IAM::Group
            Condition: IsProd
            Properties:
              GroupName: !Join ["-", [locked, !If [Strict, strict, lax]]]
          Carol:
            Type: AWS::IAM::User
            Properties:
              Path: !If [Strict, /strict/, /lax/]
          NoPassRole:
            Type: AWS::IAM::ManagedPolicy
            Properties:
              ManagedPolicyName: !If [Strict, no-passrole, !Ref AWS::NoValue]
              PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Deny, Action: iam:PassRole, Resource: "*"}]}
      `),
    );
    expect(parsed.errors).toEqual([]);
    expect(['Bob', 'Locked', 'Carol', 'NoPassRole', 'Missing'].map((logicalId) => parsed.conditionsOfName!(`${FILE}#${logicalId}`))).toEqual([['IsProd'], ['IsProd', 'Strict'], [], ['Strict'], []]);
  });

  it('gives the users and group a UserToGroupAddition names its conditions, which vary the worlds as a user\'s own would', () => {
    const parsed = parse(
      template(`
        Parameters:
          Env: {Type: String, AllowedValues: [dev, prod]}
          Team: {Type: String}
        Conditions:
          IsProd: !Equals [!Ref Env, prod]
          IsData: !Equals [!Ref Team, data]
        Resources:
          Ops: {Type: AWS::IAM::Group}
          Alice: {Type: AWS::IAM::User}
          Bob: {Type: AWS::IAM::User}
          Carol: {Type: AWS::IAM::User}
          AddAlice:
            Type: AWS::IAM::UserToGroupAddition
            Condition: IsProd
            Properties: {GroupName: !Ref Ops, Users: [!Ref Alice]}
          AddChosen:
            Type: AWS::IAM::UserToGroupAddition
            Properties: {GroupName: !Ref Ops, Users: [!If [IsData, !Ref Bob, !Ref AWS::NoValue]]}
      `),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.resourceConditions).toEqual({
      [`${FILE}#Ops`]: ['IsProd', 'IsData'],
      [`${FILE}#Alice`]: ['IsProd'],
      [`${FILE}#Bob`]: ['IsData'],
      [`${FILE}#Carol`]: [],
      [`${FILE}#AddAlice`]: ['IsProd'],
      [`${FILE}#AddChosen`]: ['IsData'],
    });
    const members = (world: ParsedWorld) => world.edges.filter((edge) => edge.kind === 'member-of').map((edge) => edge.from.split('#')[1]);
    expect(parsed.worlds.map((world) => [world.conditions, members(world)])).toEqual([
      [{ IsProd: true, IsData: true }, ['Alice', 'Bob']],
      [{ IsProd: true, IsData: false }, ['Alice']],
      [{ IsProd: false, IsData: true }, ['Bob']],
      [{ IsProd: false, IsData: false }, []],
    ]);
  });

  it.each([
    ['a Fn::If on an undeclared condition', 'Resources:\n  Role: {Type: AWS::IAM::Role, Properties: {RoleName: !If [Missing, a, b]}}\n', { [`${FILE}#Role`]: [] }],
    ['a condition that refers to itself', 'Conditions:\n  Loop: !Condition Loop\nResources:\n  Role: {Type: AWS::IAM::Role, Condition: Loop}\n', { [`${FILE}#Role`]: ['Loop'] }],
    ['a YAML syntax error', 'Resources: [\n', {}],
    ['a document that is not a mapping', '- a\n- b\n', {}],
  ])('with %s', (_name, text, expected) => {
    expect(parse(text).resourceConditions).toEqual(expected);
  });
});


describe('list parameters compared in conditions', () => {
  it.each(['CommaDelimitedList', 'List<AWS::EC2::VPC::Id>', 'AWS::SSM::Parameter::Value<List<String>>'])('assumes a %s equal to, and other than, the text its items joined with commas are compared with', (type) => {
    const parsed = parse(
      conditionedRole([`Ids: {Type: '${type}'}`], [`OnlyAB: !Equals [!Join [',', !Ref Ids], 'a,b']`], `{RoleName: !If [OnlyAB, !Join ['+', !Ref Ids], other]}`),
    );
    expect(parsed.errors).toEqual([]);
    expect(roleNames(parsed)).toEqual([
      [{ OnlyAB: true }, 'a+b'],
      [{ OnlyAB: false }, 'other'],
    ]);
  });

  it('assumes an item equal to, and other than, what Fn::Select of it is compared with; the rest of the list stays unknown', () => {
    const parsed = parse(
      conditionedRole([`Accounts: {Type: CommaDelimitedList}`], [`OwnFirst: !Equals [!Select [0, !Ref Accounts], !Ref AWS::AccountId]`], `{RoleName: !If [OwnFirst, !Select [0, !Ref Accounts], other], Description: !Select [1, !Ref Accounts], Path: !Join [',', !Ref Accounts]}`),
    );
    expect(parsed.errors).toEqual([]);
    expect(roleNames(parsed)).toEqual([
      [{ OwnFirst: true }, OWNER_ACCOUNT],
      [{ OwnFirst: false }, 'other'],
    ]);
    for (const world of parsed.worlds) {
      const properties = resourceOf(world, 'Role').properties;
      expect(isUnresolved(prop(properties, 'Description'))).toBe(true);
      expect(isUnresolved(prop(properties, 'Path'))).toBe(true);
    }
  });

  it('assumes the items joined with another delimiter equal to, and other than, a text without knowing the list: Fn::Join of "" compared with ""', () => {
    const parsed = parse(
      conditionedRole([`Ids: {Type: CommaDelimitedList}`], [`HasIds: !Not [!Equals [!Join ['', !Ref Ids], '']]`], `{RoleName: !If [HasIds, some, none], Description: !Select [0, !Ref Ids]}`),
    );
    expect(parsed.errors).toEqual([]);
    expect(roleNames(parsed)).toEqual([
      [{ HasIds: false }, 'none'],
      [{ HasIds: true }, 'some'],
    ]);
    for (const world of parsed.worlds) expect(isUnresolved(prop(resourceOf(world, 'Role').properties, 'Description'))).toBe(true);
  });

  it('never assumes an item a text no item is: CloudFormation splits the list at commas and trims each item', () => {
    const parsed = parse(
      conditionedRole([`Accounts: {Type: CommaDelimitedList}`], [`Impossible: !Or [!Equals [!Select [0, !Ref Accounts], '111111111111,222222222222'], !Equals [!Select [1, !Ref Accounts], ' 333333333333']]`], `{RoleName: !If [Impossible, impossible, other]}`),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.worlds.map(roleName)).toEqual(['other']);
  });

  it('reaches a condition on two items together', () => {
    const parsed = parse(
      conditionedRole([`Accounts: {Type: CommaDelimitedList}`], [`Pair: !And [!Equals [!Select [0, !Ref Accounts], '111111111111'], !Equals [!Select ['1', !Ref Accounts], '222222222222']]`], `{RoleName: !If [Pair, pair, other]}`),
    );
    expect(parsed.worlds.map(roleName)).toEqual(['pair', 'other']);
  });

  it('assumes items of two lists without values compared with each other equal in one world and apart in another', () => {
    const parsed = parse(
      conditionedRole([`Sources: {Type: CommaDelimitedList}`, `Targets: {Type: 'List<AWS::EC2::VPC::Id>'}`], [`SameFirst: !Equals [!Select [0, !Ref Sources], !Select [0, !Ref Targets]]`], `{RoleName: !If [SameFirst, !Select [0, !Ref Targets], other]}`),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.worlds.map((world) => world.conditions)).toEqual([{ SameFirst: true }, { SameFirst: false }]);
    const [same, other] = parsed.worlds.map(roleName);
    expect(typeof same === 'string' && hasUnresolvedPiece(same)).toBe(true);
    expect(other).toBe('other');
  });

  it('samples the items of a list compared at many positions, and says so', () => {
    const positions = range(12);
    const text = [
      'Parameters:',
      '  Accounts: {Type: CommaDelimitedList}',
      'Conditions:',
      ...positions.map((i) => `  Known${i}: !Or [!Equals [!Select [${i}, !Ref Accounts], a], !Equals [!Select [${i}, !Ref Accounts], b], !Equals [!Select [${i}, !Ref Accounts], c]]`),
      'Resources:',
      ...positions.flatMap((i) => switchedRole(`Role${i}`, `Known${i}`)),
    ].join('\n');
    const parsed = parse(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.notices).toEqual(onFile(['conditions on the items of Accounts have 16777216 combinations of values: only 40 are analyzed']));
    expect(parsed.worlds.length).toBeLessThanOrEqual(MAX_WORLDS);
    for (const i of positions) expect(servicesAcrossWorlds(parsed.worlds, `Role${i}`)).toEqual([EC2, SAGEMAKER]);
  });

  it.each([
    ['the joined text and the first item disagree', "!And [!Equals [!Join [',', !Ref L], a], !Equals [!Select [0, !Ref L], b]]"],
    ['two joins disagree', "!And [!Equals [!Join ['-', !Ref L], a-b], !Equals [!Join [',', !Ref L], c]]"],
    ['a join and an item disagree', "!And [!Equals [!Join ['', !Ref L], ab], !Equals [!Select [0, !Ref L], c]]"],
    ['an item is and is not a value', '!And [!Equals [!Select [0, !Ref L], a], !Not [!Equals [!Select [0, !Ref L], a]]]'],
    ['the first item is two values', '!And [!Equals [!Select [0, !Ref L], a], !Equals [!Select [0, !Ref L], b]]'],
    ['an item is outside AllowedValues', "!Equals [!Select [0, !Ref Allowed], c]"],
    ['the items of AllowedValues never join to the text', "!Equals [!Join ['', !Ref Allowed], c]"],
  ])('never makes true a condition that cannot be: %s', (_case, condition) => {
    expectNeverTrue(condition, ['L: {Type: CommaDelimitedList}', 'Allowed: {Type: CommaDelimitedList, AllowedValues: [a, b]}']);
  });

  it('assumes an item of a list with AllowedValues only among them', () => {
    const parsed = parse(
      conditionedRole([`Stages: {Type: CommaDelimitedList, AllowedValues: [dev, prod]}`], [`ProdSecond: !Equals [!Select [1, !Ref Stages], prod]`], `{RoleName: !If [ProdSecond, prod-second, other], Description: !Select [1, !Ref Stages]}`),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.worlds.map(roleName)).toEqual(['prod-second', 'other']);
    const seconds = parsed.worlds.map((world) => prop(resourceOf(world, 'Role').properties, 'Description'));
    for (const second of seconds) expect(isUnresolved(second) || ['dev', 'prod'].includes(String(second))).toBe(true);
  });

  it('keeps a list compared whole unknown: CloudFormation compares only strings', () => {
    const text = conditionedRole([`Accounts: {Type: CommaDelimitedList}`], [`Single: !Equals [!Ref Accounts, '111111111111']`], `{RoleName: !If [Single, single, other]}`);
    const world = onlyWorld(text);
    expect(String(roleName(world))).toMatch(/condition Single, whose value is not known here/);
  });

  it('explores 30 list parameters within the world limit, each compared by Fn::Join and Fn::Select, alone or all together', () => {
    const count = 30;
    for (const together of [false, true]) {
      const text = [
        'Parameters:',
        ...range(count).map((i) => `  L${i}: {Type: CommaDelimitedList}`),
        'Conditions:',
        ...range(count).map((i) => `  C${i}: !Or [!Equals [!Join [',', !Ref L${i}], 'a${i},b'], !Equals [!Select [1, !Ref L${i}], !Ref AWS::AccountId]]`),
        ...(together ? [`  All: !And [${range(count).map((i) => `!Condition C${i}`).join(', ')}]`, 'Resources:', '  AllRole: {Type: AWS::IAM::Role, Condition: All}'] : ['Resources:']),
        ...range(count).flatMap((i) => switchedRole(`Role${i}`, `C${i}`)),
      ].join('\n');
      const parsed = parse(text);
      expect(parsed.errors).toEqual([]);
      expect(parsed.worlds.length).toBeLessThanOrEqual(MAX_WORLDS);
      for (const i of range(count)) expect(servicesAcrossWorlds(parsed.worlds, `Role${i}`)).toEqual([EC2, SAGEMAKER]);
      if (together) expect(parsed.worlds.some((world) => names(world).includes('AllRole'))).toBe(true);
    }
  });
});

describe('a parameter compared with itself, and names assumed apart', () => {
  it('holds !Equals [!Ref X, {Ref: X}] true in every world, X assumed a compared value or another', () => {
    const parsed = parse(
      template(`
        Parameters:
          Env: {Type: String}
        Conditions:
          IsProd: !Equals [!Ref Env, prod]
          Same: !Equals [!Ref Env, {Ref: Env}]
          NotProd: !And [!Condition Same, !Not [!Condition IsProd]]
        Resources:
          Role:
            Type: AWS::IAM::Role
            Properties: {RoleName: !If [NotProd, not-prod, other]}
          Never: {Type: AWS::IAM::Role, Condition: Different}
      `).replace('Resources:', "  Different: !Not [!Equals [!Ref Env, !Ref Env]]\nResources:"),
    );
    expect(parsed.errors).toEqual([]);
    expect(roleNames(parsed)).toEqual([
      [{ IsProd: true, NotProd: false }, 'other'],
      [{ IsProd: false, NotProd: true }, 'not-prod'],
    ]);
    for (const world of parsed.worlds) expect(names(world)).not.toContain('Never');
  });

  it('holds a parameter without a value equal to itself in the one world', () => {
    const world = onlyWorld(
      template(`
        Parameters:
          Env: {Type: String}
        Conditions:
          Same: !Equals [!Ref Env, !Ref Env]
        Resources:
          Role: {Type: AWS::IAM::Role, Condition: Same}
      `),
    );
    expect(names(world)).toEqual(['Role']);
  });

  it.each([
    ['the first and the second piece of one split', "!And [!Equals [!Select [0, !Split [',', !Ref Env]], !Ref Env], !Equals [!Select [1, !Split [',', !Ref Env]], !Ref Env]]"],
    ['a value and its JSON text', '!Equals [!ToJsonString {Ref: Env}, !Ref Env]'],
    ['a key and what a mapping holds under it', '!Equals [!FindInMap [Names, !Ref Env, name], !Ref Env]'],
  ])('never takes what an intrinsic makes of an unknown value for that value: %s', (_case, condition) => {
    expectNeverTrue(condition, ['Env: {Type: String}'], { mapping: 'Names: {prod: {name: production}}', varied: '!Equals [!Ref Env, prod]' });
  });

  it.each([
    ['two items of one split, each joined into a text', "!Equals [!Join ['', [!Select [0, !Split [',', !Ref Env]]]], !Join ['', [!Select [1, !Split [',', !Ref Env]]]]]"],
    ['two items of one list, each substituted into a text', "!Equals [!Sub ['${A}', {A: !Select [0, !Ref Ids]}], !Sub ['${A}', {A: !Select [1, !Ref Ids]}]]"],
  ])('never reads two unknowns written alike in texts as one value: %s', (_case, condition) => {
    expectNeverTrue(condition, ['Env: {Type: String}', 'Ids: {Type: CommaDelimitedList}']);
  });

  it('assumes parameters compared with each other all apart in some world', () => {
    const parsed = parse(
      conditionedRole([`A: {Type: String}`, `B: {Type: String}`, `C: {Type: String}`], [`AB: !Equals [!Ref A, !Ref B]`, `BC: !Equals [!Ref B, !Ref C]`, `AC: !Equals [!Ref A, !Ref C]`, `AllApart: !And [!Not [!Condition AB], !Not [!Condition BC], !Not [!Condition AC]]`], `{RoleName: !If [AllApart, apart, other]}`),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.worlds.map(roleName)).toContain('apart');
  });
});

describe('a parameter compared through Fn::Sub or Fn::Join', () => {
  it.each([
    ["!Sub '${Env}'", 'prod'],
    ["!Sub ['${ Env }']", 'prod'],
    ["!Sub ['${Env}', {}]", 'prod'],
    ["!Sub ['${Env}', {Other: x}]", 'prod'],
    ["!Join ['', [!Ref Env]]", 'prod'],
    ["!Sub 'app-${Env}'", 'app-prod'],
    ["!Join ['-', [app, !Ref Env, ml]]", 'app-prod-ml'],
    // `${!Env}` is the text `${Env}`, not the parameter; `${aws:username}` an IAM policy variable, left as written.
    ["!Sub '${!Env}-${Env}-${aws:username}'", '${Env}-prod-${aws:username}'],
  ])('explores both branches of %s compared with %s, with a Default or without', (side, literal) => {
    for (const parameter of ['Env: {Type: String, Default: prod}', 'Env: {Type: String}']) {
      const parsed = parse(conditionedRole([parameter], [`IsProd: !Equals [${side}, '${literal}']`], '{RoleName: !If [IsProd, prod-role, other-role]}'));
      expect(parsed.errors).toEqual([]);
      expect(roleNames(parsed)).toEqual([
        [{ IsProd: true }, 'prod-role'],
        [{ IsProd: false }, 'other-role'],
      ]);
    }
  });

  it('varies a pseudo parameter compared through Fn::Sub', () => {
    const parsed = parse(conditionedRole([], ["InVirginia: !Equals [!Sub 'region-${AWS::Region}', region-us-east-1]"], '{RoleName: !If [InVirginia, east, other]}'));
    expect(roleNames(parsed)).toEqual([
      [{ InVirginia: true }, 'east'],
      [{ InVirginia: false }, 'other'],
    ]);
  });

  it('holds a text written otherwise than the literal never equal to it, and assumes no value from it', () => {
    expectNeverTrue("!Equals [!Sub 'app-${Env}', prod]", ['Env: {Type: String}'], { varied: '!Equals [!Ref Env, prod]' });
    const world = onlyWorld(conditionedRole(['Env: {Type: String}'], ["IsProd: !Equals [!Sub 'app-${Env}', prod]"], '{RoleName: !If [IsProd, prod-role, other-role]}'));
    expect(roleName(world)).toBe('other-role');
  });

  it('reads one value written with the same text around it as equal, and with text of another length as different', () => {
    const parsed = parse(
      conditionedRole(
        ['Env: {Type: String}'],
        ["IsProd: !Equals [!Ref Env, prod]", "Same: !Equals [!Sub 'app-${Env}', !Join ['-', [app, !Ref Env]]]", "Longer: !Equals [!Sub 'app-${Env}', !Ref Env]"],
        '{RoleName: !If [IsProd, prod-role, other-role], Description: !If [Same, !If [Longer, both, same], other]}',
      ),
    );
    expect(parsed.errors).toEqual([]);
    for (const world of parsed.worlds) expect(prop(resourceOf(world, 'Role').properties, 'Description')).toBe('same');
  });

  it.each([
    ["!Sub '${A}'", '!Ref B'],
    ["!Sub 'a-${A}'", "!Join ['', [a-, !Ref B]]"],
  ])('assumes two parameters without values equal, and not, when Fn::Equals compares %s with %s', (left, right) => {
    const parsed = parse(conditionedRole(['A: {Type: String}', 'B: {Type: String}'], [`Same: !Equals [${left}, ${right}]`], '{RoleName: !If [Same, same, apart]}'));
    expect(roleNames(parsed)).toEqual([
      [{ Same: true }, 'same'],
      [{ Same: false }, 'apart'],
    ]);
  });

  it('does not take a Fn::Sub whose variable map names the variable for the parameter', () => {
    const world = onlyWorld(conditionedRole(['Env: {Type: String}'], ["Fixed: !Equals [!Sub ['${Env}', {Env: prod}], prod]"], '{RoleName: !If [Fixed, prod-role, other-role]}'));
    expect(roleName(world)).toBe('prod-role');
  });
});

describe('parameters a trust policy names a principal by', () => {
  /** A template of the parameters given (a line each) and one role, `Role`, trusting the principal given (a flow mapping). */
  function trustingRole(parameters: readonly string[], principal: string, extra: readonly string[] = []): string {
    return [
      'Parameters:',
      ...parameters.map((parameter) => `  ${parameter}`),
      ...extra,
      'Resources:',
      '  Role:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      `      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Action: sts:AssumeRole, Principal: ${principal}}]}`,
    ].join('\n');
  }
  const principalOf = (world: ParsedWorld) => prop((statement(world)[0] as never), 'Principal');
  const SERVICE = "Svc: {Type: String, AllowedValues: [sagemaker.amazonaws.com, ec2.amazonaws.com]}";

  it('varies a String parameter with AllowedValues over each of them: the world of no value knows less than each, and is left out', () => {
    const parsed = parse(trustingRole([SERVICE], '{Service: !Ref Svc}'));
    expect(parsed.errors).toEqual([]);
    expect(parsed.notices).toEqual([]);
    expect(parsed.worlds.map((world) => [world.parameters, principalOf(world)])).toEqual([
      [{ Svc: SAGEMAKER }, { Service: SAGEMAKER }],
      [{ Svc: EC2 }, { Service: EC2 }],
    ]);
    expect(parsed.principalParameters).toEqual({ [`${FILE}#Role`]: ['Svc'] });
  });

  it('reads a parameter that allows one value as that value, in one world', () => {
    const world = onlyWorld(trustingRole(["Partner: {Type: String, AllowedValues: ['210987654321']}"], "{AWS: !Sub 'arn:aws:iam::${Partner}:root'}"));
    expect(principalOf(world)).toEqual({ AWS: 'arn:aws:iam::210987654321:root' });
  });

  it('takes a Default as one of the values the deployer may choose: its world is the baseline, world 0', () => {
    const parsed = parse(trustingRole(['Svc: {Type: String, Default: ec2.amazonaws.com, AllowedValues: [sagemaker.amazonaws.com, ec2.amazonaws.com]}'], '{Service: !Ref Svc}'));
    expect(parsed.worlds.map((world) => principalOf(world))).toEqual([{ Service: EC2 }, { Service: SAGEMAKER }]);
  });

  it.each([
    ['no AllowedValues', 'Svc: {Type: String}', undefined],
    ['a Default alone', 'Svc: {Type: String, Default: ec2.amazonaws.com}', undefined],
    ['a value supplied', SERVICE, { Svc: SAGEMAKER }],
    ['a list type and a value supplied', 'Svc: {Type: CommaDelimitedList, AllowedValues: [sagemaker.amazonaws.com, ec2.amazonaws.com]}', { Svc: EC2 }],
    ['a list type and no AllowedValues', 'Svc: {Type: CommaDelimitedList, Default: sagemaker.amazonaws.com}', undefined],
    ['an SSM list type', 'Svc: {Type: "AWS::SSM::Parameter::Value<List<String>>", AllowedValues: [sagemaker.amazonaws.com, ec2.amazonaws.com]}', undefined],
  ])('keeps one world for a parameter with %s', (_, parameter, supplied) => {
    const parsed = parse(trustingRole([parameter], '{Service: !Ref Svc}'), supplied);
    expect(parsed.worlds).toHaveLength(1);
    expect(parsed.principalParameters).toBeUndefined();
  });

  it('keeps one world for a parameter with AllowedValues that the role reads elsewhere than in a principal', () => {
    const text = trustingRole([SERVICE], '{Service: sagemaker.amazonaws.com}').replace('    Properties:', '    Properties:\n      Description: !Ref Svc');
    expect(parse(text).worlds).toHaveLength(1);
  });

  it.each([
    ['a list of principals', '{Service: [lambda.amazonaws.com, !Ref Svc]}', SERVICE, [['lambda.amazonaws.com', SAGEMAKER], ['lambda.amazonaws.com', EC2]]],
    ['Fn::Sub', "{Service: !Sub '${Svc}.amazonaws.com'}", 'Svc: {Type: String, AllowedValues: [sagemaker, ec2]}', [SAGEMAKER, EC2]],
    ['Fn::Join', "{Service: !Join ['', [!Ref Svc, .amazonaws.com]]}", 'Svc: {Type: String, AllowedValues: [sagemaker, ec2]}', [SAGEMAKER, EC2]],
    ['a Fn::FindInMap key', '{Service: !FindInMap [Services, !Ref Svc, Principal]}', 'Svc: {Type: String, AllowedValues: [training, hosts]}', [SAGEMAKER, EC2]],
  ])('reads each value through %s', (_, principal, parameter, services) => {
    const mapping = ['Mappings:', '  Services:', `    training: {Principal: ${SAGEMAKER}}`, `    hosts: {Principal: ${EC2}}`];
    const parsed = parse(trustingRole([parameter], principal, mapping));
    expect(parsed.errors).toEqual([]);
    expect(parsed.worlds.map((world) => prop(principalOf(world), 'Service'))).toEqual(services);
  });

  it('varies a parameter a NotPrincipal names', () => {
    const parsed = parse(trustingRole(["Who: {Type: String, AllowedValues: ['210987654321', '345678901234']}"], '*').replace('Principal: *', 'NotPrincipal: {AWS: !Ref Who}'));
    expect(parsed.worlds.map((world) => prop(statement(world)[0] as never, 'NotPrincipal'))).toEqual([{ AWS: '210987654321' }, { AWS: '345678901234' }]);
  });

  it('varies a parameter of a Fn::If branch in every combination with the parameter its condition compares', () => {
    const parsed = parse(trustingRole(['Env: {Type: String, AllowedValues: [dev, prod]}', SERVICE], '{Service: !If [IsProd, !Ref Svc, lambda.amazonaws.com]}', ['Conditions:', '  IsProd: !Equals [!Ref Env, prod]']));
    expect(parsed.worlds.map((world) => [world.conditions, world.parameters, prop(principalOf(world), 'Service')])).toEqual([
      [{ IsProd: true }, { Env: 'prod', Svc: SAGEMAKER }, SAGEMAKER],
      [{ IsProd: true }, { Env: 'prod', Svc: EC2 }, EC2],
      [{ IsProd: false }, { Env: 'dev', Svc: SAGEMAKER }, 'lambda.amazonaws.com'],
      [{ IsProd: false }, { Env: 'dev', Svc: EC2 }, 'lambda.amazonaws.com'],
    ]);
  });

  it(`names the values left out when a parameter allows more than ${MAX_WORLDS}, and varies parameters of two roles side by side`, () => {
    const services = range(MAX_WORLDS + 1).map((i) => `s${i}.amazonaws.com`);
    const text = [
      'Parameters:',
      `  Many: {Type: String, AllowedValues: [${services.join(', ')}]}`,
      `  ${SERVICE}`,
      'Resources:',
      ...['Many', 'Svc'].flatMap((name) => [`  ${name}Role:`, '    Type: AWS::IAM::Role', `    Properties: {AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Action: sts:AssumeRole, Principal: {Service: !Ref ${name}}}]}}`]),
    ].join('\n');
    const parsed = parse(text);
    expect(parsed.notices).toEqual(onFile([
      `trust principals depend on Many, Svc (${2 * (MAX_WORLDS + 1)} combinations); no condition or resource combines two of them, so ${MAX_WORLDS} worlds vary them side by side`,
      `trust principals on Many have ${MAX_WORLDS + 1} different outcomes: only ${MAX_WORLDS} are analyzed`,
      `only ${MAX_WORLDS} worlds are analyzed: none of them has Many = s${MAX_WORLDS}.amazonaws.com`,
    ]));
    expect(parsed.worlds).toHaveLength(MAX_WORLDS);
    expect(servicesAcrossWorlds(parsed.worlds, 'SvcRole')).toEqual([EC2, SAGEMAKER]);
  });

  describe('a list parameter', () => {
    const SERVICES = 'Svcs: {Type: CommaDelimitedList, AllowedValues: [sagemaker.amazonaws.com, ec2.amazonaws.com]}';

    it.each(['CommaDelimitedList', 'List<String>'])('varies a %s over the list of each value alone and the list of all, each world giving it as its items joined', (type) => {
      const parsed = parse(trustingRole([SERVICES.replace('CommaDelimitedList', type)], '{Service: !Ref Svcs}'));
      expect(parsed.errors).toEqual([]);
      expect(parsed.notices).toEqual([]);
      expect(parsed.worlds.map((world) => [world.parameters, principalOf(world)])).toEqual([
        [{ Svcs: SAGEMAKER }, { Service: [SAGEMAKER] }],
        [{ Svcs: EC2 }, { Service: [EC2] }],
        [{ Svcs: `${SAGEMAKER},${EC2}` }, { Service: [SAGEMAKER, EC2] }],
      ]);
      expect(parsed.principalParameters).toEqual({ [`${FILE}#Role`]: ['Svcs'] });
      expect(parsed.principalListParameters).toEqual(['Svcs']);
    });

    it('reads a list that allows one value as the list of it, in one world; and takes a Default as one of the lists', () => {
      const world = onlyWorld(trustingRole(['Svcs: {Type: CommaDelimitedList, AllowedValues: [sagemaker.amazonaws.com]}'], '{Service: !Ref Svcs}'));
      expect(principalOf(world)).toEqual({ Service: [SAGEMAKER] });
      const withDefault = parse(trustingRole([SERVICES.replace('}', ', Default: ec2.amazonaws.com}')], '{Service: !Ref Svcs}'));
      expect(withDefault.worlds.map((world) => prop(principalOf(world), 'Service'))).toEqual([[EC2], [SAGEMAKER], [SAGEMAKER, EC2]]);
      const ofBoth = parse(trustingRole([SERVICES.replace('}', ", Default: 'ec2.amazonaws.com,sagemaker.amazonaws.com'}")], '{Service: !Ref Svcs}'));
      expect(ofBoth.worlds.map((world) => prop(principalOf(world), 'Service'))).toEqual([[EC2, SAGEMAKER], [SAGEMAKER], [EC2]]);
    });

    it('varies a list a Fn::If branch or a NotPrincipal names whole', () => {
      const branch = parse(trustingRole([SERVICES], '{Service: !If [Always, !Ref Svcs, lambda.amazonaws.com]}', ['Conditions:', "  Always: !Equals [a, a]"]));
      expect(branch.worlds.map((world) => prop(principalOf(world), 'Service'))).toEqual([[SAGEMAKER], [EC2], [SAGEMAKER, EC2]]);
      const excepted = parse(trustingRole([SERVICES], '*').replace('Principal: *', 'NotPrincipal: {Service: !Ref Svcs}'));
      expect(excepted.worlds).toHaveLength(3);
    });

    it.each([
      ['an item of a list of principals, a list in a list', '{Service: [lambda.amazonaws.com, !Ref Svcs]}'],
      ['Fn::Select', '{Service: !Select [0, !Ref Svcs]}'],
      ['Fn::Join', "{Service: !Join ['', !Ref Svcs]}"],
    ])('keeps one world where the trust policy names it as %s', (_, principal) => {
      const parsed = parse(trustingRole([SERVICES], principal));
      expect(parsed.worlds).toHaveLength(1);
      expect(parsed.principalParameters).toBeUndefined();
    });

    it('leaves out AllowedValues no item can be (a comma in it), and varies a list none of whose values is one no more', () => {
      const parsed = parse(trustingRole(["Svcs: {Type: CommaDelimitedList, AllowedValues: ['sagemaker.amazonaws.com,ec2.amazonaws.com', personalize.amazonaws.com]}"], '{Service: !Ref Svcs}'));
      expect(parsed.worlds.map((world) => prop(principalOf(world), 'Service'))).toEqual([['personalize.amazonaws.com']]);
      expect(parse(trustingRole(["Svcs: {Type: CommaDelimitedList, AllowedValues: ['a,b']}"], '{Service: !Ref Svcs}')).principalParameters).toBeUndefined();
    });

    it(`names the lists left out when a list allows more than ${MAX_WORLDS - 1} values`, () => {
      const services = range(MAX_WORLDS).map((i) => `s${i}.amazonaws.com`);
      const parsed = parse(trustingRole([`Many: {Type: CommaDelimitedList, AllowedValues: [${services.join(', ')}]}`], '{Service: !Ref Many}'));
      expect(parsed.notices).toEqual(onFile([`trust principals on Many have ${MAX_WORLDS + 1} different outcomes: only ${MAX_WORLDS} are analyzed`]));
      expect(parsed.worlds).toHaveLength(MAX_WORLDS);
      // The list of all is kept: a finding on any one value holds in it.
      expect(parsed.worlds.some((world) => (prop(principalOf(world), 'Service') as string[]).length === MAX_WORLDS)).toBe(true);
    });

    it('is varied beside a condition that compares its items', () => {
      const parsed = parse(trustingRole([SERVICES], '{Service: !If [TrustsSageMaker, !Ref Svcs, lambda.amazonaws.com]}', ['Conditions:', `  TrustsSageMaker: !Equals [!Select [0, !Ref Svcs], ${SAGEMAKER}]`]));
      expect(parsed.errors).toEqual([]);
      expect(parsed.worlds.map((world) => [world.conditions, prop(principalOf(world), 'Service')])).toEqual([
        [{ TrustsSageMaker: true }, [SAGEMAKER]],
        [{ TrustsSageMaker: false }, 'lambda.amazonaws.com'],
        [{ TrustsSageMaker: true }, [SAGEMAKER, EC2]],
      ]);
    });
  });
});
