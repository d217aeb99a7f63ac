import { describe, expect, it } from 'vitest';
import { jsonHasDuplicateKeys } from '../../../parsers/cloudformation/fast.js';
import { lineOf, onlyWorld, parse, template } from './helpers.js';

const STATEMENT = ['Properties', 'AssumeRolePolicyDocument', 'Statement', 0];

const YAML = template(`
  Resources:
    Role:
      Type: AWS::IAM::Role
      Properties:
        AssumeRolePolicyDocument:
          Statement:
            - Effect: Allow
              Principal: {Service: sagemaker.amazonaws.com}
              Action: sts:AssumeRole
              Condition:
                StringEquals:
                  aws:SourceAccount: '111111111111'
                  aws:SourceAccount: !Ref AWS::AccountId
    Other:
      Type: AWS::SNS::Topic
      Properties: {TopicName: a, TopicName: b}
`);

const JSON_TEMPLATE = template(`
  {
    "Resources": {
      "Role": {
        "Type": "AWS::IAM::Role",
        "Properties": {
          "AssumeRolePolicyDocument": {
            "Statement": [{
              "Effect": "Allow",
              "Action": "sts:AssumeRole",
              "Condition": {
                "StringEquals": {
                  "aws:SourceAccount": "111111111111",
                  "aws:SourceAccount": {"Ref": "AWS::AccountId"}
                }
              }
            }]
          }
        }
      },
      "Other": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "a", "TopicName": "b"}}
    }
  }
`);

describe('duplicate keys', () => {
  it.each([
    ['YAML', YAML, 'stacks/template.yaml'],
    ['JSON', JSON_TEMPLATE, 'stacks/template.json'],
  ])('finds both occurrences in %s, per resource', (_name, text, file) => {
    const world = onlyWorld(text, undefined, file);
    const [first, second] = [lineOf(text, 'aws:SourceAccount'), lineOf(text, 'aws:SourceAccount', 2)];
    const duplicates = world.duplicateKeys(`${file}#Role`);
    expect(duplicates).toEqual([{ path: [...STATEMENT, 'Condition', 'StringEquals'], key: 'aws:SourceAccount', locations: [expect.objectContaining({ file, startLine: first }), expect.objectContaining({ file, startLine: second })] }]);
    expect(world.duplicateKeys(`${file}#Other`)).toEqual([{ path: ['Properties'], key: 'TopicName', locations: [expect.anything(), expect.anything()] }]);
    expect(world.duplicateKeys(`${file}#Missing`)).toEqual([]);
    // The last occurrence is the one that counts.
    expect(world.resources[0]!.properties).toMatchObject({ AssumeRolePolicyDocument: { Statement: [{ Condition: { StringEquals: { 'aws:SourceAccount': expect.stringContaining('AWS.AccountId') } } }] } });
  });

  it('reports nothing for templates without duplicates', () => {
    for (const [text, file] of [
      ['Resources:\n  Role: {Type: AWS::IAM::Role, Properties: {RoleName: x}}\n', 'a.yaml'],
      ['{"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "x\\"y"}}}}', 'a.json'],
    ] as const) {
      expect(onlyWorld(text, undefined, file).duplicateKeys(`${file}#Role`)).toEqual([]);
    }
  });

  it('reports a duplicate inside a Fn::If branch at its resolved path, only where the branch is taken', () => {
    const text = template(`
      Parameters:
        Strict: {Type: String, AllowedValues: ['yes', 'no']}
      Conditions:
        IsStrict: !Equals [!Ref Strict, 'yes']
      Resources:
        Role:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - Effect: Allow
                  Action: sts:AssumeRole
                  Condition: !If
                    - IsStrict
                    - StringEquals: {aws:SourceAccount: '1', aws:SourceAccount: '2'}
                    - !Ref AWS::NoValue
            Tags:
              - {Key: a, Key: b, Value: c}
    `);
    const [strict, lax] = parse(text).worlds;
    expect(strict!.conditions).toEqual({ IsStrict: true });
    expect(strict!.duplicateKeys('stacks/template.yaml#Role').map(({ path, key }) => [path, key])).toEqual([
      [[...STATEMENT, 'Condition', 'StringEquals'], 'aws:SourceAccount'],
      [['Properties', 'Tags', 0], 'Key'],
    ]);
    expect(lax!.duplicateKeys('stacks/template.yaml#Role').map(({ path, key }) => [path, key])).toEqual([[['Properties', 'Tags', 0], 'Key']]);
  });

  it('reports a repeated section of a resource at the resource itself', () => {
    const text = 'Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties: {RoleName: a}\n    Properties: {RoleName: b}\n';
    const world = onlyWorld(text);
    expect(world.duplicateKeys('stacks/template.yaml#Role')).toEqual([{ path: [], key: 'Properties', locations: [expect.objectContaining({ startLine: 4 }), expect.objectContaining({ startLine: 5 })] }]);
    expect(world.resources[0]!.properties).toEqual({ RoleName: 'b' });
  });
});

describe('duplicate logical ids', () => {
  const YAML_TWICE = 'Resources:\n  Role:\n    Type: AWS::IAM::Role\n  Topic:\n    Type: AWS::SNS::Topic\n  Role:\n    Type: AWS::IAM::User\n';
  const YAML_THRICE = 'Resources:\n  Role: {Type: AWS::IAM::Role}\n  Role: {Type: AWS::IAM::Group}\n  Topic: {Type: AWS::SNS::Topic}\n  Role: {Type: AWS::IAM::User}\n';
  const JSON_TWICE = '{\n  "Resources": {\n    "Role": {"Type": "AWS::IAM::Role"},\n    "Topic": {"Type": "AWS::SNS::Topic"},\n    "Role": {"Type": "AWS::IAM::User"}\n  }\n}\n';
  const REJECTED = 'CloudFormation rejects the template';

  it.each([
    ['YAML', YAML_TWICE, 'stacks/template.yaml', { line: 6, column: 3, message: `logical id "Role" is declared twice (lines 2 and 6); ${REJECTED}` }],
    ['YAML, three times', YAML_THRICE, 'stacks/template.yaml', { line: 5, column: 3, message: `logical id "Role" is declared 3 times (lines 2, 3 and 5); ${REJECTED}` }],
    ['JSON', JSON_TWICE, 'stacks/template.json', { line: 5, column: 5, message: `logical id "Role" is declared twice (lines 3 and 5); ${REJECTED}` }],
  ])('are reported at the last declaration (%s), which is the one analyzed', (_name, text, file, error) => {
    const parsed = parse(text, undefined, file);
    expect(parsed.errors).toEqual([{ file, ...error }]);
    expect(parsed.worlds[0]!.resources.map(({ name, type }) => `${name} ${type}`)).toEqual(['Role AWS::IAM::User', 'Topic AWS::SNS::Topic']);
  });

  it('tell of a section written twice, whose earlier resources are not analyzed', () => {
    const parsed = parse('Resources:\n  Old: {Type: AWS::IAM::Role}\nResources:\n  New: {Type: AWS::IAM::User}\n');
    expect(parsed.errors).toEqual([]);
    expect(parsed.notices).toEqual([{ file: 'stacks/template.yaml', line: 3, column: 1, message: 'section Resources is written twice: only this last one is read; what the one at line 1 declares is not analyzed' }]);
    expect(parsed.worlds[0]!.resources.map(({ name }) => name)).toEqual(['New']);
  });

  it('leaves duplicates inside a resource to the rules', () => {
    expect(parse('Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Type: AWS::IAM::Role\n').errors).toEqual([]);
  });
});

describe('repeated keys in JSON text', () => {
  it('finds a key repeated in one object, escaped or not, in small and large objects, and nothing across objects', () => {
    const keys = (count: number) => Array.from({ length: count }, (_, index) => `"k${index}": ${index}`);
    const cases: Array<[string, boolean]> = [
      ['{"a": 1, "a": 2}', true],
      ['{"a": {"b": 1}, "b": 2}', false],
      ['[{"a": 1}, {"a": 1}]', false],
      ['{"a": [{"a": 1}], "b": {"a": 2, "c": 3, "a": 4}}', true],
      ['{"a\\"": 1, "a\\u0022": 2}', true],
      ['{"x": "\\\\", "x": 1}', true],
      ['{"x": "\\\\\\"", "y": 1}', false],
      [`{${keys(40).join(', ')}}`, false],
      [`{${[...keys(40), '"k3": 0'].join(', ')}}`, true],
      [`{${['"k39": 0', ...keys(40)].join(', ')}}`, true],
    ];
    for (const [text, repeats] of cases) expect(jsonHasDuplicateKeys(text), text).toBe(repeats);
  });
});
