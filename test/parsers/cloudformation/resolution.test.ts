import { describe, expect, it } from 'vitest';
import {
  OWNER_ACCOUNT,
  OWNER_PARTITION,
  OWNER_REGION,
  OWNER_STACK_ID,
  OWNER_STACK_NAME,
  OWNER_URL_SUFFIX,
  prop,
  refMarker,
  Unresolved,
  unresolvedMarker,
  type Value,
} from '../../../src/model/index.js';
import { onlyWorld, parse, resourceOf, template } from './helpers.js';

const PREAMBLE = template(`
  Parameters:
    Env: {Type: String, Default: dev}
    Subnets: {Type: CommaDelimitedList, Default: "a, b,c"}
    Ids: {Type: 'List<AWS::EC2::Subnet::Id>', Default: 'subnet-1,subnet-2'}
    Port: {Type: Number, Default: 8080}
    NoDefault: {Type: String}
    Secret: {Type: 'AWS::SSM::Parameter::Value<String>', Default: /org/key}
  Mappings:
    Accounts:
      dev: {Id: '111111111111', Regions: [eu-west-1, us-east-1]}
    Regional:
      us-east-1: {Any: '*', Id: '111111111111'}
      eu-west-1: {Any: '*', Id: '222222222222'}
  Conditions:
    Always: !Equals [a, a]
    Never: !Not [!Condition Always]
  Resources:
    Role: {Type: AWS::IAM::Role}
    Custom: {Type: Custom::Thing}
`);

function targetTemplate(valueSource: string): string {
  return `${PREAMBLE}  Target:\n    Type: AWS::SNS::Topic\n    Properties:\n      Value: ${valueSource}\n`;
}

function resolvedProperties(valueSource: string, parameters?: Record<string, string>): Record<string, Value> {
  return resourceOf(onlyWorld(targetTemplate(valueSource), parameters), 'Target').properties as Record<string, Value>;
}

/** A parameter without a value, as a piece of a string: messages show it as the template writes it, `${NoDefault}`. */
const NO_DEFAULT = unresolvedMarker(new Unresolved('parameter NoDefault has no value', 'NoDefault'));

/** A RegExp stands for an Unresolved value whose reason matches it. */
function expectResolved(actual: Value | undefined, expected: Value | RegExp): void {
  if (expected instanceof RegExp) {
    expect(actual).toBeInstanceOf(Unresolved);
    expect((actual as Unresolved).reason).toMatch(expected);
  } else expect(actual).toEqual(expected);
}

describe('intrinsic functions', () => {
  it.each<[string, Value | RegExp]>([
    ['42', 42],
    ['true', true],
    ["'{\"Version\": \"2012-10-17\"}'", '{"Version": "2012-10-17"}'],
    ['!Ref Role', refMarker('Role')],
    ['!GetAtt Role.Arn', refMarker('Role', 'Arn')],
    ['!GetAtt [Role, !Sub RoleId]', refMarker('Role', 'RoleId')],
    ['!GetAtt Custom.Value', /Custom.Value is returned by a custom resource/],
    ["!Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${Env}'", `arn:${OWNER_PARTITION}:iam::${OWNER_ACCOUNT}:role/dev`],
    ["!Sub '${Role.Arn}'", refMarker('Role', 'Arn')],
    ["!Sub '${!Literal}-${Env}'", '${Literal}-dev'],
    ["!Sub ['${A}-${B}', {A: x, B: !Ref Env}]", 'x-dev'],
    ["!Sub 'home/${aws:username}/*'", 'home/${aws:username}/*'],
    ["!Sub '${NoDefault}-x'", `${NO_DEFAULT}-x`],
    ["!Sub '${Subnets}'", unresolvedMarker('Subnets is not a string')],
    ["!Join [':', [a, !Ref Env, 1]]", 'a:dev:1'],
    ["!Join [',', !Ref Subnets]", 'a,b,c'],
    ["!Join ['', [a, !Ref AWS::NoValue, b]]", 'ab'],
    ["!Join [',', !GetAZs '']", /Fn::GetAZs/],
    ['!Select [1, !Ref Subnets]', 'b'],
    ["!Select ['0', [x, y]]", 'x'],
    ['!Select [5, [x]]', /out of range/],
    ["!Split [',', 'a,b']", ['a', 'b']],
    ["!Split [':', !Sub 'arn:${AWS::Partition}:x']", ['arn', OWNER_PARTITION, 'x']],
    ['!FindInMap [Accounts, !Ref Env, Id]', '111111111111'],
    ['!FindInMap [Accounts, dev, Regions]', ['eu-west-1', 'us-east-1']],
    ['!FindInMap [Accounts, prod, Id, {DefaultValue: none}]', 'none'],
    ['!FindInMap [Accounts, prod, Id]', /mapping Accounts has no prod\/Id/],
    ['!FindInMap [Accounts, !Ref NoDefault, Id]', /NoDefault has no value/],
    ['!FindInMap [Regional, !Ref AWS::Region, Any]', '*'], // every region's entry holds the same value
    ['!FindInMap [Regional, !Ref AWS::Region, Id]', /not known statically/], // the entries differ
    ['!FindInMap [Regional, !Ref AWS::Region, Any, {DefaultValue: x}]', /not known statically/], // a missing region finds the default
    ['!If [Always, first, second]', 'first'],
    ['!If [Never, first, second]', 'second'],
    ["{'Fn::Base64': !Sub '${Env}'}", 'ZGV2'],
    ["!GetAZs ''", /availability zones/],
    ['!Cidr [10.0.0.0/16, 2, 8]', /address blocks/],
    ['!ImportValue shared-role-arn', /Fn::ImportValue shared-role-arn/],
    ["{'Fn::ImportValue': !Sub '${Env}-arn'}", /Fn::ImportValue dev-arn/],
    ['!ToJsonString {a: !Ref Env, b: [1, true]}', '{"a":"dev","b":[1,true]}'],
    ['!ToJsonString {a: !Ref AWS::AccountId, b: !Ref NoDefault}', `{"a":"${OWNER_ACCOUNT}","b":"${NO_DEFAULT}"}`],
    ['!Length [a, b, c]', 3],
    ["{'Fn::Length': !Ref Subnets}", 3],
    ['!Equals [a, a]', true],
    ['!Not [!Equals [!Ref Env, dev]]', false],
    // A text written with a value not known is never a literal that does not start and end as it does.
    ["!Equals [!Sub 'app-${NoDefault}-x', prod-x]", false],
    ["!Equals [prod, !Join ['-', [!Ref NoDefault, x]]]", false],
    ["!Equals [!Sub 'app-${NoDefault}-x', app-prod-x]", /Fn::Equals is not known statically/],
    ["!Equals [!Sub 'app-${NoDefault}${NoDefault}-x', app--x]", /Fn::Equals is not known statically/],
    ['!And [!Condition Always, !Equals [!Ref AWS::Region, x]]', /Fn::And is not known statically/],
    ['!Transform {Name: AWS::Include, Parameters: {Location: s3://bucket/x}}', /macro/],
    ['[a, !Ref AWS::NoValue, !If [Never, c, !Ref AWS::NoValue], d]', ['a', 'd']],
    ['{Keep: x, Drop: !Ref AWS::NoValue}', { Keep: 'x' }],
  ])('%s', (source, expected) => {
    expectResolved(resolvedProperties(source).Value, expected);
  });

  // A resource's attribute, or a parameter without a value, is not known: an intrinsic that computes its result from the
  // characters of a text holding one (where the delimiter is, the encoding) may give anything, so what it gives is not
  // the attribute (a lone marker would link to the resource) and no piece of it is.
  it.each<[string, RegExp]>([
    ["!Split [',', !GetAtt Role.Arn]", /^Fn::Split of \$\{Role.Arn\}, which is not known statically$/],
    ["!Select [0, !Split [',', !GetAtt Role.Arn]]", /^Fn::Split of \$\{Role.Arn\}/],
    // A role's name holds no `/`, but may hold a comma: the delimiter may cut it.
    ["!Select [1, !Split [',', !Sub 'role/${Role}']]", /^Fn::Split of role\/\$\{Role\}/],
    ["!Join ['', !Split [',', !Ref Role]]", /^Fn::Split of \$\{Role\}/],
    ["{'Fn::Length': !Split [',', !GetAtt Role.Arn]}", /^Fn::Split of \$\{Role.Arn\}/],
    ["!Split ['-', !Sub '${NoDefault}-x']", /^Fn::Split of \$\{NoDefault\}-x/],
    ["{'Fn::Base64': !GetAtt Role.Arn}", /^Fn::Base64 of \$\{Role.Arn\}, which is not known statically$/],
    ["{'Fn::Base64': !Sub 'arn-${Role.Arn}'}", /^Fn::Base64 of arn-\$\{Role.Arn\}/],
    // The encoding of the owner's account is not the account.
    ["{'Fn::Base64': !Ref AWS::AccountId}", /^Fn::Base64 of \$\{AWS::AccountId\}/],
  ])('%s: computed from a text not known, so not known itself', (source, reason) => {
    expectResolved(resolvedProperties(source).Value, reason);
  });

  it.each<[string, Value]>([
    ['!Sub "${Role.Arn}"', refMarker('Role', 'Arn')],
    // Join writes its delimiter only between items: of one item, it gives the item.
    ["!Join [',', [!GetAtt Role.Arn]]", refMarker('Role', 'Arn')],
    ["!Select [0, [!GetAtt Role.Arn, x]]", refMarker('Role', 'Arn')],
    ['!If [Always, !GetAtt Role.Arn, x]', refMarker('Role', 'Arn')],
    // Text written beside the value leaves the value's piece as it is: the piece is still the ARN, the whole is not.
    ['!Sub "${Role.Arn}-v2"', `${refMarker('Role', 'Arn')}-v2`],
    ["!Join ['/', [!GetAtt Role.Arn, x]]", `${refMarker('Role', 'Arn')}/x`],
    ['!ToJsonString [!GetAtt Role.Arn]', `["${refMarker('Role', 'Arn')}"]`],
    // The owner's symbols are split as written around them.
    ["!Select [4, !Split [':', !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/x']]", OWNER_ACCOUNT],
    // A role's Ref, its name, is text of IAM name characters alone: a delimiter holding none of them leaves it whole.
    ["!Select [1, !Split ['/', !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${Role}']]", refMarker('Role')],
  ])('%s: the reference itself, or text holding it as it is', (source, expected) => {
    expectResolved(resolvedProperties(source).Value, expected);
  });

  it.each([
    ['!Ref Missing', /Ref to Missing, which the template does not declare/],
    ['!GetAtt Missing.Arn', /does not declare/],
    ['!If [Undeclared, first, second]', /Undeclared, which is not a known condition/],
    // CodePipeline's function, which only its parameter overrides read: CloudFormation has no such function.
    ['{Fn::GetParam: [a, b, c]}', /Fn::GetParam is not supported/],
  ])('%s is unresolved (and an input error, see references.test.ts)', (source, reason) => {
    const parsed = parse(targetTemplate(source));
    expect(parsed.errors).toHaveLength(1);
    expectResolved(prop(resourceOf(parsed.worlds[0]!, 'Target').properties, 'Value'), reason);
  });

  it.each(['!Ref AWS::NoValue', '!If [Never, x, !Ref AWS::NoValue]'])('%s removes the property', (source) => {
    expect(resolvedProperties(source)).toEqual({});
  });

  it('keeps a condition object inside properties as written (an IAM Condition block is not a CloudFormation one)', () => {
    expect(resolvedProperties('{Condition: Always}').Value).toEqual({ Condition: 'Always' });
  });
});

describe("an IAM principal's ARN cut by Fn::Split", () => {
  const principals = template(`
    Parameters:
      Env: {Type: String, Default: dev}
      NoDefault: {Type: String}
    Conditions:
      Always: !Equals [a, a]
    Resources:
      Generated: {Type: AWS::IAM::Role}
      Named: {Type: AWS::IAM::Role, Properties: {RoleName: !Sub '\${Env}-exec', Path: /ml/team/}}
      NameNotKnown: {Type: AWS::IAM::Role, Properties: {RoleName: !Ref NoDefault, Path: /ml/}}
      PathNotKnown: {Type: AWS::IAM::Role, Properties: {Path: !Sub '/\${NoDefault}/'}}
      NoPath: {Type: AWS::IAM::Role, Properties: {Path: !Ref AWS::NoValue}}
      ChosenProperties: {Type: AWS::IAM::Role, Properties: !If [Always, {Path: /a/}, {Path: /b/}]}
      Self: {Type: AWS::IAM::Role, Properties: {RoleName: !Select [1, !Split ['/', !GetAtt Self.Arn]]}}
      User: {Type: AWS::IAM::User}
      Group: {Type: AWS::IAM::Group, Properties: {GroupName: ops}}
      Policy: {Type: AWS::IAM::ManagedPolicy}
  `);
  const resolved = (source: string): Value | undefined => prop(resourceOf(onlyWorld(`${principals}  Target:\n    Type: AWS::SNS::Topic\n    Properties:\n      Value: ${source}\n`), 'Target').properties, 'Value');
  const prefix = `arn:${OWNER_PARTITION}:iam::${OWNER_ACCOUNT}`;

  // The ARN is `arn:...:role` + the path's parts + the name: the role's RoleName, or its Ref (the name, whatever it is)
  // where CloudFormation generates it or it is not known here.
  it.each<[string, Value]>([
    ["!Split ['/', !GetAtt Generated.Arn]", [`${prefix}:role`, refMarker('Generated')]],
    ["!Select [1, !Split ['/', !GetAtt Generated.Arn]]", refMarker('Generated')],
    ["!Select [1, !Split ['/', !Sub '\${Generated.Arn}']]", refMarker('Generated')],
    ["!Split ['/', !GetAtt Named.Arn]", [`${prefix}:role`, 'ml', 'team', 'dev-exec']],
    ["!Select [2, !Split ['/', !GetAtt NameNotKnown.Arn]]", refMarker('NameNotKnown')],
    ["!Select [1, !Split ['/', !GetAtt NoPath.Arn]]", refMarker('NoPath')],
    ["!Split [':', !GetAtt Generated.Arn]", ['arn', OWNER_PARTITION, 'iam', '', OWNER_ACCOUNT, `role/${refMarker('Generated')}`]],
    // The resource part cut again, as templates write it.
    ["!Select [1, !Split ['/', !Select [5, !Split [':', !GetAtt Generated.Arn]]]]", refMarker('Generated')],
    ["!Select [1, !Split ['/', !GetAtt User.Arn]]", refMarker('User')],
    ["!Select [1, !Split ['/', !GetAtt Group.Arn]]", 'ops'],
    // A name written is text known: a delimiter a name may hold cuts it where it is (not one reaching into the owner's symbols).
    ["!Split ['=', !GetAtt Named.Arn]", [`${prefix}:role/ml/team/dev-exec`]],
  ])('%s', (source, expected) => {
    expectResolved(resolved(source), expected);
  });

  it.each<[string, RegExp]>([
    // A name not known may hold the delimiter.
    ["!Split [',', !GetAtt Generated.Arn]", /^Fn::Split of \$\{Generated.Arn\}, which is not known statically$/],
    ["!Split ['e', !GetAtt NameNotKnown.Arn]", /^Fn::Split of \$\{NameNotKnown.Arn\}/],
    ["!Split ['/', !GetAtt PathNotKnown.Arn]", /^Fn::Split of \$\{PathNotKnown.Arn\}/],
    ["!Split ['/', !GetAtt ChosenProperties.Arn]", /^Fn::Split of \$\{ChosenProperties.Arn\}/],
    // Not an ARN: the role's id; a managed policy's Ref is its ARN, and nothing is its name.
    ["!Split ['/', !GetAtt Generated.RoleId]", /^Fn::Split of \$\{Generated.RoleId\}/],
    ["!Split ['/', !Ref Policy]", /^Fn::Split of \$\{Policy\}/],
    // The owner's partition holds hyphens (aws-us-gov).
    ["!Split ['-', !GetAtt Named.Arn]", /^Fn::Split of \$\{Named.Arn\}/],
  ])('%s is not known', (source, reason) => {
    expectResolved(resolved(source), reason);
  });

  it("reads a role's name cut from its own ARN (a circular reference CloudFormation refuses) as its name, not known", () => {
    expect(prop(resourceOf(onlyWorld(principals), 'Self').properties, 'RoleName')).toEqual(refMarker('Self'));
  });
});

describe('parameters', () => {
  it.each<[string, Value | RegExp]>([
    ['!Ref Env', 'dev'],
    ['!Ref Subnets', ['a', 'b', 'c']],
    ['!Ref Ids', ['subnet-1', 'subnet-2']],
    ['!Ref Port', '8080'],
    ['!Ref NoDefault', /parameter NoDefault has no value/],
    ['!Ref Secret', /parameter Secret is read from SSM parameter \/org\/key/],
  ])('default: %s', (source, expected) => {
    expectResolved(resolvedProperties(source).Value, expected);
  });

  it.each<[string, Value | RegExp]>([
    ['!Ref Env', 'prod'],
    ['!Ref Subnets', ['x', 'y']],
    ['!Ref Ids', []],
    ['!Ref Port', '443'],
    ['!Ref NoDefault', 'given'],
    ['!Ref Secret', /SSM parameter \/other\/key/],
    ['!FindInMap [Accounts, !Ref Env, Id, {DefaultValue: unknown-env}]', 'unknown-env'],
  ])('supplied: %s', (source, expected) => {
    const parameters = { Env: 'prod', Subnets: 'x,y', Ids: '', Port: '443', NoDefault: 'given', Secret: '/other/key', Undeclared: 'ignored' };
    expectResolved(resolvedProperties(source, parameters).Value, expected);
  });

  it.each([
    ['AWS::AccountId', OWNER_ACCOUNT],
    ['AWS::Region', OWNER_REGION],
    ['AWS::Partition', OWNER_PARTITION],
    ['AWS::URLSuffix', OWNER_URL_SUFFIX],
    ['AWS::StackName', OWNER_STACK_NAME],
    ['AWS::StackId', OWNER_STACK_ID],
  ])('pseudo parameter %s is the owner symbol', (name, expected) => {
    expect(resolvedProperties(`!Ref ${name}`).Value).toBe(expected);
    expect(resolvedProperties(`!Sub '\${${name}}'`).Value).toBe(expected);
  });

  it.each<[string, Value | RegExp]>([
    ['!Ref Subnets', ['']],
    ["{'Fn::Length': !Ref Subnets}", 1],
    ['!Select [0, !Ref Subnets]', ''],
  ])('an empty CommaDelimitedList is one empty item, one more than its commas: %s', (source, expected) => {
    expectResolved(resolvedProperties(source, { Subnets: '' }).Value, expected);
  });

  it('leaves AWS::NotificationARNs unresolved', () => {
    expectResolved(resolvedProperties('!Ref AWS::NotificationARNs').Value, /deploy time/);
  });
});

describe('resources', () => {
  it('builds addresses, kinds, resolved properties and metadata', () => {
    const text = template(`
      Resources:
        Role:
          Type: AWS::IAM::Role
          Metadata:
            deputy: {ignore: [{rule: trust-any-principal, reason: !Sub 'tested in \${AWS::Region}'}]}
          Properties: {RoleName: app}
        Policy: {Type: AWS::IAM::ManagedPolicy}
        User: {Type: AWS::IAM::User}
        Group: {Type: AWS::IAM::Group}
        Addition: {Type: AWS::IAM::UserToGroupAddition}
        Notebook: {Type: AWS::SageMaker::NotebookInstance}
        Endpoint: {Type: AWS::EC2::VPCEndpoint}
        Fn: {Type: AWS::Serverless::Function}
    `);
    const world = onlyWorld(text);
    expect(world.resources.map(({ address, kind }) => [address, kind])).toEqual([
      ['stacks/template.yaml#Role', 'iam-role'],
      ['stacks/template.yaml#Policy', 'iam-policy'],
      ['stacks/template.yaml#User', 'iam-user'],
      ['stacks/template.yaml#Group', 'iam-group'],
      ['stacks/template.yaml#Addition', 'iam-group-membership'],
      ['stacks/template.yaml#Notebook', 'sagemaker'],
      ['stacks/template.yaml#Endpoint', 'vpc-endpoint'],
      ['stacks/template.yaml#Fn', 'other'],
    ]);
    const role = resourceOf(world, 'Role');
    expect(role).toMatchObject({ name: 'Role', type: 'AWS::IAM::Role', file: 'stacks/template.yaml', format: 'cloudformation', properties: { RoleName: 'app' } });
    expect(role.metadata).toEqual({ deputy: { ignore: [{ rule: 'trust-any-principal', reason: `tested in ${OWNER_REGION}` }] } });
    expect(resourceOf(world, 'Policy').properties).toEqual({});
  });
});
