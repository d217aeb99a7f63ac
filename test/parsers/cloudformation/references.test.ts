import { describe, expect, it } from 'vitest';
import { Unresolved } from '../../../src/model/index.js';
import { FILE, onlyWorld, parse, resourceOf, template } from './helpers.js';

/** `RoleName: <value>` sits on line 9, its value at column 17; errors point at the name a short form gives. */
function withRoleName(value: string): string {
  return template(`
    Parameters:
      Env: {Type: String, Default: dev}
    Conditions:
      IsProd: !Equals [!Ref Env, prod]
    Resources:
      Role:
        Type: AWS::IAM::Role
        Properties:
          RoleName: ${value}
  `);
}

const NOT_DECLARED = 'which is neither a parameter nor a resource of this template';
const NOT_RESOURCE = 'which is not a resource of this template';

describe('malformed references', () => {
  it.each([
    ['!Ref', 'Ref needs the name of a parameter or resource'],
    ['{Ref: [Env]}', 'Ref needs the name of a parameter or resource'],
    ['!GetAtt', 'Fn::GetAtt needs a resource name and an attribute ([Resource, Attribute] or Resource.Attribute)'],
    ['!GetAtt Role', 'Fn::GetAtt needs a resource name and an attribute ([Resource, Attribute] or Resource.Attribute)'],
    ['!GetAtt [Role]', 'Fn::GetAtt needs a resource name and an attribute ([Resource, Attribute] or Resource.Attribute)'],
  ])('%s is an input error on its line', (value, message) => {
    const errors = parse(withRoleName(value)).errors;
    expect(errors.map((error) => [error.line, error.message])).toEqual([[9, message]]);
  });
});

describe('functions given no value, or arguments of another shape', () => {
  const SUB = 'a text, or a list of a text and a mapping of the values of its variables ([text, {Name: value}])';
  const JOIN = 'a list of a delimiter and the list of values to join ([",", [a, b]])';
  const IF = 'a list of a condition name and the values for true and for false ([Condition, a, b])';
  it.each([
    ['!Sub', `Fn::Sub has no value: it needs ${SUB}`],
    ["{'Fn::Sub': null}", `Fn::Sub has no value: it needs ${SUB}`],
    ['!Sub [role-x, {Name: x}, more]', `Fn::Sub needs ${SUB}`],
    ['!Sub [{Name: x}]', `Fn::Sub needs ${SUB}`],
    ['!Sub {Name: x}', `Fn::Sub needs ${SUB}`],
    ['!Join', `Fn::Join has no value: it needs ${JOIN}`],
    ['!Join [",", a]', `Fn::Join needs ${JOIN}`],
    ['!Select', 'Fn::Select has no value: it needs a list of an index and the list to select from ([0, [a, b]])'],
    ['!Split [","]', 'Fn::Split needs a list of a delimiter and the text to split ([",", text])'],
    ['!If', `Fn::If has no value: it needs ${IF}`],
    ['!If [IsProd, a]', `Fn::If needs ${IF}`],
    ['!FindInMap [Map, Key]', 'Fn::FindInMap needs a list of a mapping name, a top-level key and a second-level key ([Map, Key, Name])'],
    ['!ImportValue', 'Fn::ImportValue has no value: it needs the name of an exported output'],
    ["!ImportValue ''", 'Fn::ImportValue has no value: it needs the name of an exported output'],
    ['!Base64', 'Fn::Base64 has no value: it needs the text to encode'],
    ["{'Fn::And': [{Condition: IsProd}]}", 'Fn::And needs a list of two conditions or more'],
    ['!Cidr [10.0.0.0/16, 4]', 'Fn::Cidr needs a list of an address block, a count of subnets and the bits of each ([10.0.0.0/16, 4, 8])'],
  ])('%s is an input error on its line', (value, message) => {
    const errors = parse(withRoleName(value)).errors;
    expect(errors.map((error) => [error.line, error.message])).toEqual([[9, message]]);
  });

  it.each([
    '!Sub role-${Env}',
    "!Sub ['role-${Env}']",
    "!Sub ['role-${Name}', {Name: !Ref Env}]",
    '!Join ["-", [a, !Ref Env]]',
    '!Join [",", !Split ["/", !Ref Env]]',
    '!Select [0, !Split ["-", !Ref Env]]',
    '!Select [!Ref Env, [a, b]]',
    "!Select [0, !GetAZs '']",
    '!If [IsProd, a, !Ref AWS::NoValue]',
    '!FindInMap [Names, !Ref Env, Role]',
    '!FindInMap [Names, !Ref Env, Role, {DefaultValue: x}]',
    "!ImportValue {'Fn::Sub': '${Env}-name'}",
    "!Base64 {'Fn::Sub': '${Env}'}",
    '!Select [0, !Cidr [!Ref Env, 4, 8]]',
  ])('%s is read without an error', (value) => {
    const source = withRoleName(value).replace('Conditions:', 'Mappings:\n  Names:\n    dev: {Role: r}\nConditions:');
    expect(parse(source).errors).toEqual([]);
  });

  it('reports one in a JSON template at its line', () => {
    const parsed = parse('{"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {\n"AssumeRolePolicyDocument": {"Fn::Sub": null},\n"Policies": [{"PolicyName": "p", "PolicyDocument": {"Fn::Join": [","]}}]}}}}\n', undefined, 'stacks/template.json');
    expect(parsed.errors.map((error) => [error.line, error.message.split(': it')[0].split(' needs')[0]])).toEqual([
      [2, 'Fn::Sub has no value'],
      [3, 'Fn::Join'],
    ]);
  });

  it('reports a function of no value in a policy document at its line and still analyzes the other resources', () => {
    const parsed = parse(
      template(`
        Resources:
          Role:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument: !Sub
              Policies:
                - PolicyName: p
                  PolicyDocument: !If
          Other:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument: {Version: 2012-10-17, Statement: []}
      `),
    );
    // On the tag's line, where the value it lacks would be.
    expect(parsed.errors.map((error) => [error.line, error.column, error.message.split(': it')[0]])).toEqual([
      [5, 37, 'Fn::Sub has no value'],
      [8, 30, 'Fn::If has no value'],
    ]);
    expect(resourceOf(parsed.worlds[0]!, 'Other')).toBeDefined();
  });
});

describe('references to undeclared names', () => {
  it.each([
    ['!Ref NoSuchParam', 22, `Ref to "NoSuchParam", ${NOT_DECLARED}`],
    ['{Ref: NoSuchParam}', 18, `Ref to "NoSuchParam", ${NOT_DECLARED}`],
    ['!GetAtt Nope.Arn', 25, `Fn::GetAtt of "Nope", ${NOT_RESOURCE}`],
    ['!GetAtt [Nope, Arn]', 26, `Fn::GetAtt of "Nope", ${NOT_RESOURCE}`],
    ["{'Fn::GetAtt': Nope.Arn}", 18, `Fn::GetAtt of "Nope", ${NOT_RESOURCE}`],
    ['!GetAtt Env.Value', 25, `Fn::GetAtt of "Env", ${NOT_RESOURCE}`],
    ["!Sub 'role-${Nope}-${Env}'", 28, `\${Nope} in Fn::Sub refers to "Nope", ${NOT_DECLARED}`],
    ['!Sub role-${ Nope }', 27, `\${ Nope } in Fn::Sub refers to "Nope", ${NOT_DECLARED}`],
    ["!Sub ['${Env}-${Nope.Arn}', {}]", 31, `\${Nope.Arn} in Fn::Sub refers to "Nope", ${NOT_RESOURCE}`],
    ['!Sub "a\\"${Nope}"', 23, `\${Nope} in Fn::Sub refers to "Nope", ${NOT_DECLARED}`], // escapes: where the string starts
    ['!If [NoCond, a, b]', 22, 'Fn::If on condition "NoCond", which is not defined in Conditions'],
  ])('%s', (value, column, message) => {
    const parsed = parse(withRoleName(value));
    expect(parsed.errors).toEqual([{ file: 'stacks/template.yaml', line: 9, column, message }]);
    // The rest is analyzed; the value resolves as before.
    const roleName = resourceOf(parsed.worlds[0]!, 'Role').properties;
    expect(String(Object.values(roleName as object)[0])).toMatch(/unresolved|\u0001unk/);
  });

  it.each([
    [
      'a resource Condition',
      `
      Resources:
        Role:
          Type: AWS::IAM::Role
          Condition: NoCond
      `,
      [{ line: 4, column: 5, message: 'condition "NoCond" is not defined in Conditions' }],
    ],
    [
      'an output Condition and GetAtt',
      `
      Resources:
        Role: {Type: AWS::IAM::Role}
      Outputs:
        Arn:
          Condition: NoCond
          Value: !GetAtt Gone.Arn
      `,
      [
        { line: 5, column: 5, message: 'condition "NoCond" is not defined in Conditions' },
        { line: 6, column: 20, message: `Fn::GetAtt of "Gone", ${NOT_RESOURCE}` },
      ],
    ],
    [
      'the Condition function and Ref inside Conditions',
      `
      Conditions:
        A: !And [!Condition B, !Condition Missing]
        B: !Equals [!Ref Stage, prod]
      Resources:
        Role: {Type: AWS::IAM::Role, Condition: A}
      `,
      [
        { line: 2, column: 37, message: 'condition "Missing" is not defined in Conditions' },
        { line: 3, column: 20, message: `Ref to "Stage", ${NOT_DECLARED}` },
      ],
    ],
    [
      'circular conditions',
      `
      Conditions:
        A: !Not [!Condition B]
        B: !Or [!Equals [a, b], !Condition A]
        C: !Not [!Condition C]
      Resources:
        Role: {Type: AWS::IAM::Role, Condition: A}
      `,
      [
        { line: 3, column: 38, message: 'conditions refer to each other in a circle (A → B → A); CloudFormation rejects the template' },
        { line: 4, column: 23, message: 'conditions refer to each other in a circle (C → C); CloudFormation rejects the template' },
      ],
    ],
    [
      'a ${} on a later line of a !Sub block scalar',
      `
      Resources:
        Policy:
          Type: AWS::IAM::ManagedPolicy
          Properties:
            PolicyDocument: !Sub |
              {
                "Resource": "arn:\${AWS::Partition}:s3:::\${Bucket}/*"
              }
      `,
      [{ line: 7, column: 51, message: `\${Bucket} in Fn::Sub refers to "Bucket", ${NOT_DECLARED}` }],
    ],
    [
      'a JSON template',
      `
      {
        "Resources": {
          "Role": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": {"Ref": "Nope"}, "Path": {"Fn::Sub": "/\${Nope}/"}}}
        }
      }
      `,
      [
        { line: 3, column: 68, message: `Ref to "Nope", ${NOT_DECLARED}` },
        { line: 3, column: 106, message: `\${Nope} in Fn::Sub refers to "Nope", ${NOT_DECLARED}` },
      ],
    ],
  ])('%s', (_name, text, expected) => {
    const file = text.trim().startsWith('{') ? 'stacks/template.json' : 'stacks/template.yaml';
    const parsed = parse(template(text), undefined, file);
    expect(parsed.errors).toEqual(expected.map((error) => ({ file, ...error })));
    expect(parsed.worlds.length).toBeGreaterThan(0);
  });

  it('accepts what CloudFormation resolves', () => {
    const text = withRoleName(
      "!Sub ['${AWS::AccountId}-${Env}-${Role.Arn}-${!Literal}-${aws:username}-${X}', {X: !If [IsProd, !Ref AWS::NoValue, !GetAtt Role.RoleId]}]",
    ).replace('Conditions:', 'Conditions:\n  Both: !And [!Condition IsProd, !Not [!Condition IsProd]]');
    expect(parse(text).errors).toEqual([]);
    expect(onlyWorld("Resources:\n  Role: {Type: AWS::IAM::Role, Properties: {Path: {'Fn::GetAtt': Role.Arn}, X: !Ref AWS::NoValue}}\n").resources).toHaveLength(1);
  });

  it.each([
    ['Transform: AWS::Serverless-2016-10-31\n', 'AWS::Serverless::Function'],
    ['Transform: [MyMacro]\n', 'AWS::Lambda::Function'],
    ['', 'AWS::Serverless::Function'], // SAM types without a Transform: SAM's own test templates
  ])('does not check names when a transform adds resources (%s%s)', (transform, type) => {
    const text = `${transform}Resources:\n  MyFunction:\n    Type: ${type}\n    Properties:\n      Role: !GetAtt MyFunctionRole.Arn\n      Api: !Ref ServerlessRestApi\n      Name: !If [NoCond, a, b]\n`;
    const line = text.split('\n').findIndex((row) => row.includes('NoCond')) + 1;
    expect(parse(text).errors).toEqual([{ file: 'stacks/template.yaml', line, column: 18, message: 'Fn::If on condition "NoCond", which is not defined in Conditions' }]);
  });

  it('keeps resolving the offending values to Unresolved', () => {
    const parsed = parse(withRoleName('!If [NoCond, a, b]'));
    expect(resourceOf(parsed.worlds[0]!, 'Role').properties).toEqual({ RoleName: expect.any(Unresolved) });
  });
});

describe('functions CloudFormation does not have', () => {
  const UNKNOWN = (key: string) => `unknown function ${key}: CloudFormation has no such intrinsic function (a misspelt Fn::Sub, Fn::GetAtt, ...?)`;

  it.each([
    ["{'Fn::Subb': 'role-${Env}'}", 'Fn::Subb', 18],
    ["{'Fn::GetAttr': [Role, Arn]}", 'Fn::GetAttr', 18],
    ["!Join ['-', [{'Fn::Sbu': x}, b]]", 'Fn::Sbu', 31],
  ])('%s is an input error at the function, and the rest is analyzed', (value, key, column) => {
    const parsed = parse(withRoleName(value));
    expect(parsed.errors).toEqual([{ file: 'stacks/template.yaml', line: 9, column, message: UNKNOWN(key) }]);
    expect(resourceOf(parsed.worlds[0]!, 'Role').type).toBe('AWS::IAM::Role');
  });

  it('reports one in JSON at its line, in conditions and outputs too', () => {
    const text = JSON.stringify(
      {
        Conditions: { IsProd: { 'Fn::Equalss': ['a', 'b'] } },
        Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { 'Fn::Joinn': ['-', ['a', 'b']] } } } },
        Outputs: { Name: { Value: { 'Fn::GetAttt': ['Topic', 'TopicName'] } } },
      },
      null,
      2,
    );
    const lines = text.split('\n');
    const lineOfKey = (key: string) => lines.findIndex((row) => row.includes(`"${key}"`)) + 1;
    const errors = parse(text, undefined, 'stacks/template.json').errors;
    expect(errors.map((error) => [error.line, error.message])).toEqual(['Fn::Equalss', 'Fn::Joinn', 'Fn::GetAttt'].map((key) => [lineOfKey(key), UNKNOWN(key)]));
  });

  it('accepts every function CloudFormation has, in long form, and the loops and macros of transforms', () => {
    const text = template(`
      Transform: AWS::LanguageExtensions
      Parameters:
        Env: {Type: String, Default: dev}
        Names: {Type: CommaDelimitedList, Default: "a,b"}
      Mappings:
        Sizes: {dev: {Size: small}}
      Conditions:
        IsDev: {'Fn::Equals': [{Ref: Env}, dev]}
        Either: {'Fn::Or': [{Condition: IsDev}, {'Fn::And': [{Condition: IsDev}, {'Fn::Not': [{Condition: IsDev}]}]}]}
      Resources:
        Role:
          Type: AWS::IAM::Role
          Properties:
            RoleName: {'Fn::Join': ['-', [{'Fn::Select': [0, {'Fn::Split': [',', 'a,b']}]}, {'Fn::Base64': x}, {'Fn::FindInMap': [Sizes, {Ref: Env}, Size]}, {'Fn::Sub': x}]]}
            Description: {'Fn::ToJsonString': {n: {'Fn::Length': {Ref: Names}}, c: {'Fn::Cidr': [10.0.0.0/16, 2, 8]}, z: {'Fn::GetAZs': ''}, i: {'Fn::ImportValue': x}, f: {'Fn::If': [IsDev, a, {Ref: AWS::NoValue}]}, g: {'Fn::GetAtt': [Role, Arn]}}}
            Path: {'Fn::Transform': {Name: PathMacro, Parameters: {Given: {'Fn::MacroOwn': x}}}}
            Tags:
              'Fn::ForEach::Tags':
                - Key
                - [a, b]
                - {'Tag\${Key}': {Ref: Key}}
      Rules:
        OnlyDev:
          Assertions:
            - Assert: {'Fn::Contains': [[dev], {Ref: Env}]}
            - Assert: {'Fn::EachMemberIn': [{'Fn::ValueOfAll': ['AWS::EC2::VPC::Id', Tags]}, {'Fn::RefAll': 'AWS::EC2::VPC::Id'}]}
    `);
    expect(parse(text).errors).toEqual([]);
  });

  it('does not check them where a macro transform reads the template first', () => {
    const text = "Transform: [MyMacro]\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: {'Fn::MacroOwn': x}\n";
    expect(parse(text).errors).toEqual([]);
  });
});

describe('Default and AllowedValues items that are no text', () => {
  const MAPPING = 'parameter Env has an AllowedValues item that is a mapping, not a text: CloudFormation takes each item as one value the parameter may be';
  const LIST = 'parameter Env has an AllowedValues item that is a list, not a text: CloudFormation takes each item as one value the parameter may be';
  const REF = 'parameter Env has an AllowedValues item that is a Ref, not a text: CloudFormation takes no function there, only a literal text';
  const trusting = (allowed: string, declaration = 'AllowedValues') =>
    template(`
    Parameters:
      Env:
        Type: String
        ${declaration}: ${allowed}
    Resources:
      Role:
        Type: AWS::IAM::Role
        Properties:
          AssumeRolePolicyDocument:
            Statement:
              - Effect: Allow
                Principal: {AWS: !Sub 'arn:aws:iam::\${Env}:root'}
                Action: sts:AssumeRole
  `);
  const account = (parsed: ReturnType<typeof parse>) => parsed.worlds.map((world) => world.parameters.Env);

  it('is an input error at the item, in YAML and JSON, and the template is analyzed over the texts alone', () => {
    const yaml = trusting("\n          - {a: 1}\n          - '111122223333'\n          - [x, y]\n          - !Ref AWS::Region");
    const fromYaml = parse(yaml);
    expect(fromYaml.errors.map((error) => [error.line, error.message])).toEqual([[5, MAPPING], [7, LIST], [8, REF]]);
    expect(account(fromYaml)).toEqual(['111122223333']);
    const json = JSON.stringify({ Parameters: { Env: { Type: 'String', AllowedValues: [{ a: 1 }, '111122223333', ['x', 'y'], { Ref: 'AWS::Region' }] } }, Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${Env}:root' } }, Action: 'sts:AssumeRole' }] } } } } }, null, 2);
    const fromJson = parse(json, undefined, 'stacks/template.json');
    const lineOfItem = (needle: string) => json.split('\n').findIndex((line) => line.includes(needle)) + 1;
    expect(fromJson.errors.map((error) => [error.line, error.message])).toEqual([[lineOfItem('"a": 1') - 1, MAPPING], [lineOfItem('"x"') - 1, LIST], [lineOfItem('"Ref": "AWS::Region"') - 1, REF]]);
    expect(account(fromJson)).toEqual(['111122223333']);
    for (const parsed of [fromYaml, fromJson]) expect(JSON.stringify(parsed.worlds[0]!.resources.map((resource) => resource.properties))).not.toContain('[object Object]');
  });

  it('takes numbers and booleans as their text, and a parameter none of whose items is a text as one without AllowedValues', () => {
    expect(parse(trusting('[111122223333, true]')).errors).toEqual([]);
    expect(account(parse(trusting('[111122223333, true]')))).toEqual(['111122223333', 'true']);
    const none = parse(trusting('[{a: 1}]'));
    expect(none.errors.map((error) => error.message)).toEqual([MAPPING]);
    expect(account(none)).toEqual([undefined]);
  });

  it('is an input error at a Default that is a mapping or function, or a list item that is one, read as no Default, in YAML and JSON', () => {
    const DEFAULT = 'parameter Env has a Default that is a mapping, not a text: CloudFormation takes a literal text';
    const fromYaml = parse(trusting('{a: 1}', 'Default'));
    expect(fromYaml.errors.map((error) => [error.line, error.message])).toEqual([[4, DEFAULT]]);
    expect(account(fromYaml)).toEqual([undefined]);
    expect(parse(trusting('[prod, !Ref AWS::Region]', 'Default')).errors.map((error) => [error.line, error.message])).toEqual([[4, 'parameter Env has a Default item that is a Ref, not a text: CloudFormation takes no function there, only a literal text']]);
    const json = JSON.stringify({ Parameters: { Env: { Type: 'String', Default: { a: 1 } } }, Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${Env}:root' } }, Action: 'sts:AssumeRole' }] } } } } }, null, 2);
    const fromJson = parse(json, undefined, 'stacks/template.json');
    expect(fromJson.errors.map((error) => [error.line, error.message])).toEqual([[json.split('\n').findIndex((line) => line.includes('"Default"')) + 1, DEFAULT]]);
    expect(account(fromJson)).toEqual([undefined]);
    // A number, and a list of texts (a list parameter's, read comma-joined), are Defaults as before.
    for (const written of ['111122223333', '[a, b]']) expect(parse(trusting(written, 'Default')).errors).toEqual([]);
  });

  it('is an input error at AllowedValues written as one text, a mapping or a function, read as none, in YAML and JSON', () => {
    const refused = (what: string) => `parameter Env has AllowedValues written as ${what}, not a list: CloudFormation refuses it (write a list, even of one value)`;
    const fromYaml = parse(trusting("'111122223333'"));
    expect(fromYaml.errors.map((error) => [error.line, error.message])).toEqual([[4, refused('one text')]]);
    expect(account(fromYaml)).toEqual([undefined]);
    expect(fromYaml.worlds[0]!.resources).toHaveLength(1);
    expect(parse(trusting('{a: 1}')).errors.map((error) => error.message)).toEqual([refused('a mapping')]);
    expect(parse(trusting('!Ref AWS::Region')).errors.map((error) => error.message)).toEqual([refused('a Ref')]);
    expect(parse(trusting('111122223333')).errors.map((error) => error.message)).toEqual([refused('one text')]);
    const json = JSON.stringify({ Parameters: { Env: { Type: 'String', AllowedValues: '111122223333' } }, Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${Env}:root' } }, Action: 'sts:AssumeRole' }] } } } } }, null, 2);
    const fromJson = parse(json, undefined, 'stacks/template.json');
    expect(fromJson.errors.map((error) => [error.line, error.message])).toEqual([[json.split('\n').findIndex((line) => line.includes('"AllowedValues"')) + 1, refused('one text')]]);
    expect(account(fromJson)).toEqual([undefined]);
    // Written with no value (YAML null), it is none, as before.
    expect(parse(trusting('')).errors).toEqual([]);
  });
});

describe('a value supplied for a list parameter with AllowedValues', () => {
  const declared = (type: string, noEcho = false) =>
    `Parameters:\n  Services:\n    Type: ${type}\n    AllowedValues: [sagemaker.amazonaws.com, ec2.amazonaws.com]${noEcho ? '\n    NoEcho: true' : ''}\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n`;
  const errors = (text: string, value: string) => parse(text, { Services: value }).errors.map((error) => [error.line, error.message]);

  it.each(['CommaDelimitedList', 'List<String>'])('is checked item by item, as CloudFormation checks a %s', (type) => {
    expect(errors(declared(type), 'ec2.amazonaws.com, sagemaker.amazonaws.com')).toEqual([]);
    expect(errors(declared(type), 'ec2.amazonaws.com')).toEqual([]);
    expect(errors(declared(type), 'ec2.amazonaws.com,s3.amazonaws.com')).toEqual([
      [2, 'the value "ec2.amazonaws.com,s3.amazonaws.com" given for parameter Services has the item "s3.amazonaws.com" that is not one of its AllowedValues (sagemaker.amazonaws.com, ec2.amazonaws.com)'],
    ]);
  });

  it('names no item of a NoEcho value, and checks a String parameter by its whole value as before', () => {
    expect(errors(declared('CommaDelimitedList', true), 'ec2.amazonaws.com,s3.amazonaws.com')).toEqual([
      [2, 'the value <Services> given for parameter Services has an item that is not one of its AllowedValues (sagemaker.amazonaws.com, ec2.amazonaws.com)'],
    ]);
    expect(errors(declared('String'), 'ec2.amazonaws.com,sagemaker.amazonaws.com').map(([, message]) => message)).toEqual([
      'the value "ec2.amazonaws.com,sagemaker.amazonaws.com" given for parameter Services is not one of its AllowedValues (sagemaker.amazonaws.com, ec2.amazonaws.com)',
    ]);
  });
});

describe('a value supplied for a parameter with AllowedPattern', () => {
  const declared = (type: string, extra = '') =>
    `Parameters:\n  Services:\n    Type: ${type}\n    AllowedPattern: "[a-z0-9]+\\\\.amazonaws\\\\.com"${extra}\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n`;
  const errors = (text: string, value: string) => parse(text, { Services: value }).errors.map((error) => [error.line, error.message]);
  const PATTERN = '([a-z0-9]+\\.amazonaws\\.com)';

  it.each(['CommaDelimitedList', 'List<String>'])('is matched item by item, whole and case-sensitive, as CloudFormation matches a %s', (type) => {
    expect(declared(type)).toContain('AllowedPattern: "[a-z0-9]+\\\\.amazonaws\\\\.com"');
    expect(errors(declared(type), 'ec2.amazonaws.com, sagemaker.amazonaws.com')).toEqual([]);
    expect(errors(declared(type), 'ec2.amazonaws.com,s3.amazonaws.com.evil')).toEqual([
      [2, `the value "ec2.amazonaws.com,s3.amazonaws.com.evil" given for parameter Services has the item "s3.amazonaws.com.evil" that does not match its AllowedPattern ${PATTERN}`],
    ]);
    expect(errors(declared(type), 'SageMaker.amazonaws.com').map(([, message]) => message)).toEqual([
      `the value "SageMaker.amazonaws.com" given for parameter Services has the item "SageMaker.amazonaws.com" that does not match its AllowedPattern ${PATTERN}`,
    ]);
  });

  it('names no item of a NoEcho value, and matches a String parameter by its whole value', () => {
    expect(errors(declared('CommaDelimitedList', '\n    NoEcho: true'), 'ec2.amazonaws.com,s3')).toEqual([
      [2, `the value <Services> given for parameter Services has an item that does not match its AllowedPattern ${PATTERN}`],
    ]);
    expect(errors(declared('String'), 'ec2.amazonaws.com')).toEqual([]);
    expect(errors(declared('String'), 'ec2.amazonaws.com,sagemaker.amazonaws.com')).toEqual([
      [2, `the value "ec2.amazonaws.com,sagemaker.amazonaws.com" given for parameter Services does not match its AllowedPattern ${PATTERN}`],
    ]);
  });

  it('says only the AllowedValues an item is outside of, where both refuse it', () => {
    const both = declared('CommaDelimitedList', '\n    AllowedValues: [ec2.amazonaws.com, sagemaker.amazonaws.com]');
    expect(errors(both, 'ec2.amazonaws.com,s3')).toEqual([
      [2, 'the value "ec2.amazonaws.com,s3" given for parameter Services has the item "s3" that is not one of its AllowedValues (ec2.amazonaws.com, sagemaker.amazonaws.com)'],
    ]);
  });

  it.each(['List<Number>', 'List<AWS::EC2::Subnet::Id>', 'AWS::SSM::Parameter::Value<List<String>>', 'AWS::SSM::Parameter::Value<String>'])(
    'is not matched for a %s, whose values the documentation gives the pattern no say over',
    (type) => {
      expect(errors(declared(type), 'not-matching')).toEqual([]);
    },
  );

  it('is not matched against a pattern JavaScript does not read as CloudFormation does', () => {
    const java = `Parameters:\n  Services:\n    Type: CommaDelimitedList\n    AllowedPattern: '\\Qprod\\E-.*'\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n`;
    expect(errors(java, 'dev-x')).toEqual([]);
  });
});

describe('a parameter Default its AllowedValues or AllowedPattern refuse', () => {
  const PATTERN = '([a-z0-9]+[.]amazonaws[.]com)';
  const stack = (parameter: Record<string, unknown>) => ({ Parameters: { Services: parameter }, Resources: { Topic: { Type: 'AWS::SNS::Topic' } } });
  const yamlOf = (parameter: Record<string, unknown>) =>
    `Parameters:\n  Services:\n${Object.entries(parameter).map(([key, value]) => `    ${key}: ${Array.isArray(value) ? `\n${value.map((item) => `      - ${JSON.stringify(item)}\n`).join('').trimEnd()}` : JSON.stringify(value)}`).join('\n')}\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n`;
  const jsonOf = (parameter: Record<string, unknown>) => JSON.stringify(stack(parameter), null, 2);
  /** The errors of the template written in YAML and in JSON, each with the text of its line. */
  const errorsIn = (parameter: Record<string, unknown>, supplied?: Record<string, string>) =>
    [yamlOf(parameter), jsonOf(parameter)].map((text) => {
      const file = text.startsWith('{') ? 'stacks/template.json' : FILE;
      return parse(text, supplied, file).errors.map((error) => [text.split('\n')[error.line - 1]!.trim(), error.message]);
    });

  it('is an input error at the Default of a String, in YAML and JSON, whole and case-sensitive', () => {
    expect(errorsIn({ Type: 'String', Default: 'sagemaker', AllowedPattern: '[a-z0-9]+[.]amazonaws[.]com' })).toEqual([
      [['Default: "sagemaker"', `parameter Services has a Default "sagemaker" that does not match its AllowedPattern ${PATTERN}`]],
      [['"Default": "sagemaker",', `parameter Services has a Default "sagemaker" that does not match its AllowedPattern ${PATTERN}`]],
    ]);
    expect(errorsIn({ Type: 'String', Default: 'SageMaker.amazonaws.com', AllowedPattern: '[a-z0-9]+[.]amazonaws[.]com' }).map((errors) => errors.length)).toEqual([1, 1]);
    expect(errorsIn({ Type: 'String', Default: 'sagemaker.amazonaws.com.evil.example', AllowedPattern: '[a-z0-9]+[.]amazonaws[.]com' }).map((errors) => errors.length)).toEqual([1, 1]);
    expect(errorsIn({ Type: 'String', Default: 'sagemaker.amazonaws.com', AllowedPattern: '[a-z0-9]+[.]amazonaws[.]com' })).toEqual([[], []]);
  });

  it('is an input error at the Default outside the AllowedValues, said alone where the pattern refuses it too', () => {
    expect(errorsIn({ Type: 'String', Default: 'qa', AllowedValues: ['dev', 'prod'] })).toEqual([
      [['Default: "qa"', 'parameter Services has a Default "qa" that is not one of its AllowedValues (dev, prod)']],
      [['"Default": "qa",', 'parameter Services has a Default "qa" that is not one of its AllowedValues (dev, prod)']],
    ]);
    expect(errorsIn({ Type: 'String', Default: 'QA', AllowedValues: ['dev', 'prod'], AllowedPattern: '[a-z]+' }).map((errors) => errors.map(([, message]) => message))).toEqual([
      ['parameter Services has a Default "QA" that is not one of its AllowedValues (dev, prod)'],
      ['parameter Services has a Default "QA" that is not one of its AllowedValues (dev, prod)'],
    ]);
    expect(errorsIn({ Type: 'Number', Default: 3, AllowedValues: [1, 2] }).map((errors) => errors.length)).toEqual([1, 1]);
    expect(errorsIn({ Type: 'Number', Default: 2, AllowedValues: [1, 2] })).toEqual([[], []]);
  });

  it.each(['CommaDelimitedList', 'List<String>'])('matches each item of a %s Default, and points at the item of one written as a list', (type) => {
    const ITEM = `parameter Services has a Default "ec2.amazonaws.com,sagemaker" with the item "sagemaker" that does not match its AllowedPattern ${PATTERN}`;
    expect(errorsIn({ Type: type, Default: 'ec2.amazonaws.com, sagemaker', AllowedPattern: '[a-z0-9]+[.]amazonaws[.]com' }).map((errors) => errors.map(([, message]) => message))).toEqual([
      [ITEM.replace('"ec2.amazonaws.com,sagemaker"', '"ec2.amazonaws.com, sagemaker"')],
      [ITEM.replace('"ec2.amazonaws.com,sagemaker"', '"ec2.amazonaws.com, sagemaker"')],
    ]);
    expect(errorsIn({ Type: type, Default: ['ec2.amazonaws.com', 'sagemaker', 'lambda.amazonaws.com'], AllowedPattern: '[a-z0-9]+[.]amazonaws[.]com' })).toEqual([
      [['- "sagemaker"', ITEM.replace('"ec2.amazonaws.com,sagemaker"', '"ec2.amazonaws.com,sagemaker,lambda.amazonaws.com"')]],
      [['"sagemaker",', ITEM.replace('"ec2.amazonaws.com,sagemaker"', '"ec2.amazonaws.com,sagemaker,lambda.amazonaws.com"')]],
    ]);
    expect(errorsIn({ Type: type, Default: 'ec2.amazonaws.com,lambda', AllowedValues: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] }).map((errors) => errors.map(([, message]) => message))).toEqual([
      ['parameter Services has a Default "ec2.amazonaws.com,lambda" with the item "lambda" that is not one of its AllowedValues (ec2.amazonaws.com, lambda.amazonaws.com)'],
      ['parameter Services has a Default "ec2.amazonaws.com,lambda" with the item "lambda" that is not one of its AllowedValues (ec2.amazonaws.com, lambda.amazonaws.com)'],
    ]);
    expect(errorsIn({ Type: type, Default: 'ec2.amazonaws.com,sagemaker.amazonaws.com', AllowedPattern: '[a-z0-9]+[.]amazonaws[.]com' })).toEqual([[], []]);
  });

  it('refuses the empty Default of a CommaDelimitedList, a list of one empty item, where the pattern does not match it', () => {
    expect(errorsIn({ Type: 'CommaDelimitedList', Default: '', AllowedPattern: '\\w+' }).map((errors) => errors.map(([, message]) => message))).toEqual([
      ['parameter Services has a Default "" with the item "" that does not match its AllowedPattern (\\w+)'],
      ['parameter Services has a Default "" with the item "" that does not match its AllowedPattern (\\w+)'],
    ]);
    expect(errorsIn({ Type: 'CommaDelimitedList', Default: '', AllowedPattern: '\\w*' })).toEqual([[], []]);
  });

  it('is refused even where a value is given, beside a value given that is refused too', () => {
    const refusing = { Type: 'String', Default: 'sagemaker', AllowedPattern: '[a-z0-9]+[.]amazonaws[.]com' };
    expect(errorsIn(refusing, { Services: 'sagemaker.amazonaws.com' }).map((errors) => errors.map(([, message]) => message))).toEqual([
      [`parameter Services has a Default "sagemaker" that does not match its AllowedPattern ${PATTERN}`],
      [`parameter Services has a Default "sagemaker" that does not match its AllowedPattern ${PATTERN}`],
    ]);
    expect(errorsIn(refusing, { Services: 'ec2' })[0]!.map(([, message]) => message)).toEqual([
      `the value "ec2" given for parameter Services does not match its AllowedPattern ${PATTERN}`,
      `parameter Services has a Default "sagemaker" that does not match its AllowedPattern ${PATTERN}`,
    ]);
  });

  it('shows the Default of a NoEcho parameter as written, as the template does', () => {
    expect(errorsIn({ Type: 'String', NoEcho: true, Default: 'hunter2', AllowedPattern: '[a-z]+' })[0]!.map(([, message]) => message)).toEqual([
      'parameter Services has a Default "hunter2" that does not match its AllowedPattern ([a-z]+)',
    ]);
  });

  it.each([
    ['a pattern JavaScript does not read as CloudFormation does', { Type: 'String', Default: 'dev-x', AllowedPattern: '\\Qprod\\E-.*' }],
    ['a List<Number>, whose items no pattern is matched against', { Type: 'List<Number>', Default: '1,2', AllowedPattern: '[a-z]+' }],
    ['a list of AWS ids', { Type: 'List<AWS::EC2::Subnet::Id>', Default: 'subnet-1', AllowedPattern: '[a-z]+' }],
    ['an SSM parameter, whose Default names the SSM parameter', { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/org/name', AllowedPattern: '[a-z]+' }],
    ['a parameter without a Default', { Type: 'String', AllowedPattern: '[a-z]+', AllowedValues: ['dev'] }],
  ])('is not checked for %s', (_, parameter) => {
    expect(errorsIn(parameter)).toEqual([[], []]);
  });
});
