import { stringify } from 'yaml';
import { scanText } from '../../helpers.js';
import { describe, expect, it } from 'vitest';
import type { ParsedWorld, Path } from '../../../src/model/index.js';
import { lineOf, onlyWorld, parse, resourceOf, template } from './helpers.js';

const YAML = template(`
  AWSTemplateFormatVersion: '2010-09-09'
  Parameters:
    Env: {Type: String, AllowedValues: [prod, dev]}
  Conditions:
    IsProd: !Equals [!Ref Env, prod]
  Resources:
    Role:
      Type: AWS::IAM::Role
      Properties:
        RoleName: !Sub '\${Env}-role'
        AssumeRolePolicyDocument:
          Version: 2012-10-17
          Statement:
            - Effect: Allow
              Principal:
                Service: sagemaker.amazonaws.com
              Action: sts:AssumeRole
              Condition: !If
                - IsProd
                - StringEquals:
                    aws:SourceAccount: !Ref AWS::AccountId
                  ArnLike:
                    aws:SourceArn: !Sub 'arn:\${AWS::Partition}:sagemaker:\${AWS::Region}:\${AWS::AccountId}:*'
                - StringEquals:
                    aws:SourceAccount: '111122223333'
        Policies:
          - PolicyName: inline
            PolicyDocument:
              Statement:
                - !If [IsProd, {Sid: ProdOnly, Effect: Allow, Action: 's3:*', Resource: '*'}, !Ref AWS::NoValue]
                - Sid: Always
                  Effect: Allow
                  Action: 'sqs:*'
                  Resource: '*'
          - PolicyName: second
            PolicyDocument: '{"Statement": []}'
`);

function worlds(): { prod: ParsedWorld; dev: ParsedWorld } {
  const parsed = parse(YAML);
  expect(parsed.errors).toEqual([]);
  const [prod, dev] = parsed.worlds;
  expect([prod!.conditions, dev!.conditions]).toEqual([{ IsProd: true }, { IsProd: false }]);
  return { prod: prod!, dev: dev! };
}

const startLine = (world: ParsedWorld, path: Path) => resourceOf(world, 'Role').locator.locate(path).startLine;
const CONDITION: Path = ['Properties', 'AssumeRolePolicyDocument', 'Statement', 0, 'Condition'];
const INLINE: Path = ['Properties', 'Policies', 0, 'PolicyDocument', 'Statement'];

describe('YAML locations', () => {
  it('locates the logical id key of a resource', () => {
    const { prod } = worlds();
    expect(resourceOf(prod, 'Role').location).toEqual({ file: 'stacks/template.yaml', startLine: 7, startColumn: 3, endLine: 7, endColumn: 7 });
  });

  it.each<[string, 'prod' | 'dev', Path, number]>([
    ['inside the true branch of Fn::If', 'prod', [...CONDITION, 'StringEquals', 'aws:SourceAccount'], 21],
    ['a Fn::Sub inside the true branch', 'prod', [...CONDITION, 'ArnLike', 'aws:SourceArn'], 23],
    ['inside the false branch of Fn::If', 'dev', [...CONDITION, 'StringEquals', 'aws:SourceAccount'], 25],
    ['the branch itself', 'prod', CONDITION, 20],
    ['the value of a Fn::Sub', 'prod', ['Properties', 'RoleName'], 10],
    ['a path deeper than the resolved tree', 'prod', ['Properties', 'RoleName', 'x', 0], 10],
    ['a list item that Fn::If kept', 'prod', [...INLINE, 0, 'Action'], 30],
    ['a list item that moved up after AWS::NoValue', 'dev', [...INLINE, 0, 'Action'], 33],
    ['a policy given as a JSON string', 'dev', ['Properties', 'Policies', 1, 'PolicyDocument', 'Statement', 0], 36],
    ['a property that does not exist (nearest ancestor)', 'prod', ['Properties', 'Nope', 'Deeper'], 9],
    ['a key outside Properties', 'prod', ['Type'], 8],
  ])('locates %s', (_name, worldName, path, line) => {
    expect(startLine(worlds()[worldName], path)).toBe(line);
  });

  it('gives whole pairs: key start to value end', () => {
    const { prod } = worlds();
    const location = resourceOf(prod, 'Role').locator.locate([...CONDITION, 'ArnLike']);
    const line = lineOf(YAML, 'aws:SourceArn');
    expect(location).toEqual({ file: 'stacks/template.yaml', startLine: line - 1, startColumn: 17, endLine: line, endColumn: YAML.split('\n')[line - 1]!.length + 1 });
    expect(resourceOf(prod, 'Role').locator.locate([])).toMatchObject({ startLine: 7, endLine: 36 });
  });

  it('ends a block list or mapping at its last value, not at a comment after it on that line', () => {
    const text = template(`
      Resources:
        Role:
          Type: AWS::IAM::Role
          Properties:
            Policies:
              - PolicyName: inline
                PolicyDocument:
                  Statement:
                    - Effect: Allow
                      Action:
                        - sagemaker:CreateTrainingJob
                        - kms:CreateGrant # Required if KmsKeyId specified
                      Resource: '*'
                      Condition:
                        StringEquals:
                          aws:RequestedRegion: eu-west-1 # the only region
    `);
    const role = resourceOf(onlyWorld(text), 'Role');
    const statement: Path = ['Properties', 'Policies', 0, 'PolicyDocument', 'Statement', 0];
    const actionLine = lineOf(text, 'kms:CreateGrant');
    const conditionLine = lineOf(text, 'aws:RequestedRegion');
    const endOf = (line: number, value: string) => text.split('\n')[line - 1]!.indexOf(value) + value.length + 1;
    expect(role.locator.locate([...statement, 'Action'])).toMatchObject({ endLine: actionLine, endColumn: endOf(actionLine, 'kms:CreateGrant') });
    expect(role.locator.locate([...statement, 'Condition'])).toMatchObject({ endLine: conditionLine, endColumn: endOf(conditionLine, 'eu-west-1') });
    expect(role.locator.locate(statement)).toMatchObject({ endLine: conditionLine, endColumn: endOf(conditionLine, 'eu-west-1') });
  });

  it('keeps locating when the precise parser is stricter than the fast one', () => {
    const text = template(`
      Resources:
        Role:
          Type: AWS::IAM::Role
          Properties:
            RoleName: x
        Stack:
          Type: AWS::CloudFormation::Stack
          Properties:
            Parameters:
              Overrides: !Sub '{
                "Account": "\${AWS::AccountId}"
              }'
    `);
    const parsed = parse(text);
    expect(parsed.errors).toEqual([]);
    const role = resourceOf(parsed.worlds[0]!, 'Role');
    expect(role.location.startLine).toBe(2);
    expect(role.locator.locate(['Properties', 'RoleName']).startLine).toBe(5);
  });
});

describe('JSON locations', () => {
  const JSON_TEMPLATE = template(`
    {
      "Resources": {
        "Role": {
          "Type": "AWS::IAM::Role",
          "Properties": {
            "RoleName": {"Fn::Sub": "\${AWS::StackName}-role"},
            "AssumeRolePolicyDocument": {
              "Statement": [
                {
                  "Effect": "Allow",
                  "Principal": {"Service": "sagemaker.amazonaws.com"},
                  "Action": "sts:AssumeRole",
                  "Condition": {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}}
                }
              ]
            }
          }
        }
      }
    }
  `);

  it.each<[string, Path, { startLine: number; startColumn: number; endLine: number; endColumn: number }]>([
    ['the logical id', [], { startLine: 3, startColumn: 5, endLine: 18, endColumn: 6 }],
    ['a Fn::Sub value', ['Properties', 'RoleName'], { startLine: 6, startColumn: 9, endLine: 6, endColumn: 58 }],
    ['a condition key', ['Properties', 'AssumeRolePolicyDocument', 'Statement', 0, 'Condition', 'StringEquals', 'aws:SourceAccount'], { startLine: 13, startColumn: 46, endLine: 13, endColumn: 92 }],
    ['a statement', ['Properties', 'AssumeRolePolicyDocument', 'Statement', 0], { startLine: 9, startColumn: 13, endLine: 14, endColumn: 14 }],
  ])('locates %s', (_name, path, expected) => {
    const parsed = parse(JSON_TEMPLATE, undefined, 'stacks/template.json');
    expect(parsed.errors).toEqual([]);
    const role = resourceOf(parsed.worlds[0]!, 'Role');
    expect(role.locator.locate(path)).toEqual({ file: 'stacks/template.json', ...expected });
  });

  it('locates the logical id key only for the resource location', () => {
    const role = resourceOf(parse(JSON_TEMPLATE, undefined, 'stacks/template.json').worlds[0]!, 'Role');
    expect(role.location).toEqual({ file: 'stacks/template.json', startLine: 3, startColumn: 5, endLine: 3, endColumn: 11 });
  });
});

describe('string origins', () => {
  const ORIGINS_YAML = template(`
    Resources:
      Role:
        Type: AWS::IAM::Role
        Properties:
          AssumeRolePolicyDocument:
            |
            {"Statement": []}
          Description: plain text
          RoleName: 'quoted'
          Path: "/double/"
          PermissionsBoundary: 'two
            lines'
          Policies:
            - PolicyName: literal
              PolicyDocument: |
                {
                  "Statement": []
                }
            - PolicyName: sub
              PolicyDocument: !Sub |-
                {"Resource": "arn:\${AWS::Partition}:s3:::x"}
            - PolicyName: sub-list
              PolicyDocument: !Sub
                - |
                  {"Resource": "\${Bucket}"}
                - {Bucket: x}
            - PolicyName: long-sub
              PolicyDocument: {'Fn::Sub': '{"Resource": "\${AWS::Region}"}'}
            - PolicyName: join
              PolicyDocument: !Join ['', ['{', '}']]
            - PolicyName: !Ref AWS::StackName
              PolicyDocument: >
                {"Statement":
                []}
            - PolicyName: escaped
              PolicyDocument: "{\\n}"
            - PolicyName: folded-kept
              PolicyDocument: >-
                {"Statement": []}
            - PolicyName: quoted-blank-line
              PolicyDocument: '{

                }'
            - PolicyName: quoted-escaped-break
              PolicyDocument: "{\\
                }"
  `);
  const role = () => resourceOf(parse(ORIGINS_YAML).worlds[0]!, 'Role');
  const policy = (index: number, key = 'PolicyDocument'): Path => ['Properties', 'Policies', index, key];

  // An origin that places each position of the text itself (a quoted scalar whose text or source has several lines).
  const placing = (line: number, column: number) => ({ line, column, indentColumn: column, positionInPieces: expect.any(Function), fit: expect.any(Function) });

  it.each<[string, Path, { line: number; column: number; indentColumn: number; fit?: unknown } | undefined]>([
    ['a block scalar whose | sits on its own line', ['Properties', 'AssumeRolePolicyDocument'], { line: 7, column: 9, indentColumn: 9 }],
    ['a plain scalar', ['Properties', 'Description'], { line: 8, column: 20, indentColumn: 20 }],
    ['a single-quoted scalar', ['Properties', 'RoleName'], { line: 9, column: 18, indentColumn: 18 }],
    ['a double-quoted scalar', ['Properties', 'Path'], { line: 10, column: 14, indentColumn: 14 }],
    ['a quoted scalar over two lines, folded with a space, from its first line', ['Properties', 'PermissionsBoundary'], placing(11, 29)],
    ['a quoted scalar with a blank line (a line break in its text)', policy(8), placing(41, 28)],
    ['a double-quoted scalar with an escaped line break', policy(9), placing(45, 28)],
    ['a block scalar after its key', policy(0), { line: 16, column: 13, indentColumn: 13 }],
    ['!Sub |-', policy(1), { line: 21, column: 13, indentColumn: 13, fit: expect.any(Function) }],
    ['the template of a !Sub list', policy(2), { line: 25, column: 15, indentColumn: 15, fit: expect.any(Function) }],
    ['a long-form Fn::Sub', policy(3), { line: 28, column: 40, indentColumn: 40, fit: expect.any(Function) }],
    ['a Fn::Join, from its first piece', policy(4), { line: 30, column: 40, indentColumn: 40, fit: expect.any(Function) }],
    ['a folded block scalar whose lines are joined with spaces, from its first line', policy(5), { line: 33, column: 13, indentColumn: 13, fit: expect.any(Function) }],
    ['a Ref', policy(5, 'PolicyName'), undefined],
    ['a double-quoted scalar whose text has several lines (\\n)', policy(6), placing(36, 28)],
    ['a folded block scalar of one line', policy(7), { line: 39, column: 13, indentColumn: 13 }],
    ['a mapping', ['Properties'], undefined],
    ['a path that does not exist', ['Properties', 'Nope', 0], undefined],
  ])('%s', (_name, path, expected) => {
    expect(role().locator.stringOrigin!(path)).toEqual(expected);
  });

  it('gives the position after the quote in a JSON template', () => {
    const text = '{"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {\n  "Policies": [{"PolicyName": "p", "PolicyDocument": "{\\"Statement\\": []}"}]}}}}\n';
    const role = resourceOf(parse(text, undefined, 'stacks/template.json').worlds[0]!, 'Role');
    const column = text.split('\n')[1]!.indexOf('"{') + 2;
    expect(column).toBe(55);
    expect(role.locator.stringOrigin!(['Properties', 'Policies', 0, 'PolicyDocument'])).toEqual({ line: 2, column, indentColumn: column, writtenColumn: expect.any(Function) });
  });

  it('reads columns back through escapes of quoted scalars and the substitutions of Fn::Sub', async () => {
    const policy = (condition: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole", ${condition}}]}`;
    const wildcard = '"Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:sagemaker:*:*:*"}}';
    const lines = [
      'Resources:',
      '  Escaped:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      `      AssumeRolePolicyDocument: ${JSON.stringify(policy(`"Sid": "\u{1F600}x", ${wildcard}`)).replace('\u{1F600}', '\\U0001F600')}`,
      '  Substituted:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      `      AssumeRolePolicyDocument: !Sub '${policy(`"Sid": "\${AWS::StackName}x\${!Literal}", ${wildcard}`)}'`,
      '',
    ];
    const result = await scanText(lines.join('\n'));
    const columns = Object.fromEntries(result.findings.filter((finding) => finding.ruleId === 'trust-source-condition-ineffective').map((finding) => [finding.resource.address.split('#')[1], `${finding.location.startLine}:${finding.location.startColumn}`]));
    // The pair "aws:SourceArn": ... starts where its key's quote is written: \" in the double-quoted scalar.
    expect(columns).toEqual({ Escaped: `5:${lines[4]!.indexOf('\\"aws:SourceArn') + 1}`, Substituted: `9:${lines[8]!.indexOf('"aws:SourceArn') + 1}` });
  });

  it('places each position of a double-quoted scalar through its escapes, its folded lines and an escaped line break', () => {
    const lines = [
      'Resources:',
      '  Role:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      Description: "a\\nb\\"c\\t\\u0041\\x41\\/\\\\\\U0001F600\\ \\_\\N\\L\\Pd', // every kind of escape
      '        e  ', // folded with a space: the blanks around the break are read as none
      '',
      '        \t  f\\', // a blank line reads as a line break; an escaped break as nothing
      '        \tg"',
      '',
    ];
    const role = resourceOf(parse(lines.join('\n')).worlds[0]!, 'Role');
    const value = (role.properties as Record<string, unknown>).Description as string;
    expect(value).toBe('a\nb"c\tAA/\\\u{1F600} \u00a0\u0085\u2028\u2029d e\nfg');
    const origin = role.locator.stringOrigin!(['Properties', 'Description'])!.fit!(value)!;
    // Where each character of the text is written, by its offset in the text.
    const at = (offset: number, end = false) => {
      const line = value.slice(0, offset).split('\n').length;
      return origin.positionInPieces!(line, offset - value.lastIndexOf('\n', offset - 1), end);
    };
    const written = (character: string, occurrence = 0) => {
      let offset = -1;
      for (let count = 0; count <= occurrence; count++) offset = value.indexOf(character, offset + 1);
      return at(offset);
    };
    const column = (line: number, text: string) => ({ line, column: lines[line - 1]!.indexOf(text) + 1 });
    expect(at(0)).toEqual(column(5, 'a\\n'));
    expect(written('b')).toEqual(column(5, 'b\\"'));
    expect(written('"')).toEqual(column(5, '\\"c'));
    expect(written('A')).toEqual(column(5, '\\u0041'));
    expect(written('A', 1)).toEqual(column(5, '\\x41'));
    expect(written('/')).toEqual(column(5, '\\/'));
    // After a code point past U+FFFF (two units of the text, one escape).
    expect(written(' ')).toEqual(column(5, '\\ '));
    expect(written('d')).toEqual(column(5, 'd'));
    expect(written('e')).toEqual(column(6, 'e'));
    expect(written('f')).toEqual(column(8, 'f'));
    expect(written('g')).toEqual(column(9, 'g'));
    // A range ending before an escaped line break ends before it, on its line; one ending at the text's end, at the quote.
    expect(at(value.indexOf('g'), true)).toEqual(column(8, '\\'));
    expect(at(value.length, true)).toEqual(column(9, '"'));
  });

  it('locates a finding inside a policy written in a double-quoted scalar whose text breaks lines, at its line and column', async () => {
    const written = '\\"Principal\\": {\\"AWS\\": \\"*\\"}';
    const lines = [
      'Resources:',
      '  R:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument: "{\\"Version\\": \\"2012-10-17\\",\\n \\"Statement\\": [{\\"Effect\\": \\"Allow\\",\\n',
      `        ${written}, \\"Action\\": \\"sts:AssumeRole\\"}]}"`,
      '',
    ];
    const result = await scanText(lines.join('\n'));
    const finding = result.findings.find((item) => item.ruleId === 'trust-any-principal')!;
    const aws = lines[5]!.indexOf('\\"AWS');
    expect(finding.location).toMatchObject({ startLine: 6, startColumn: aws + 1, endLine: 6, endColumn: lines[5]!.indexOf('}') + 1 });
  });

  it('places a position of a JSON template string whose text has several lines through its escapes', () => {
    const text = '{"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {\n  "Description": "a\\n\\u0042\\\"\\nc"}}}}\n';
    const role = resourceOf(parse(text, undefined, 'stacks/template.json').worlds[0]!, 'Role');
    const origin = role.locator.stringOrigin!(['Properties', 'Description'])!.fit!('a\nB"\nc')!;
    const line = text.split('\n')[1]!;
    expect([origin.positionInPieces!(2, 1, false), origin.positionInPieces!(2, 2, false), origin.positionInPieces!(3, 1, false)]).toEqual([
      { line: 2, column: line.indexOf('\\u0042') + 1 },
      { line: 2, column: line.indexOf('\\"') + 1 },
      { line: 2, column: line.indexOf('c"') + 1 },
    ]);
  });

  it('gives a span inside a Fn::Sub policy that holds substitutions from its written start to its written end', async () => {
    const condition = '"Condition": {"StringEquals": {"aws:SourceAccount": "${AWS::AccountId}", "sagemaker:x": "${AWS::Region}:${AWS::Partition}:a*b"}}';
    const line = `      AssumeRolePolicyDocument: !Sub '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole", ${condition}}]}'`;
    const result = await scanText(['Resources:', '  Role:', '    Type: AWS::IAM::Role', '    Properties:', line, ''].join('\n'));
    const finding = result.findings.find((item) => item.ruleId === 'policy-wildcard-in-equals-operator')!;
    const written = '"sagemaker:x": "${AWS::Region}:${AWS::Partition}:a*b"';
    expect(finding.location).toMatchObject({ startLine: 5, startColumn: line.indexOf(written) + 1, endLine: 5, endColumn: line.indexOf(written) + written.length + 1 });
  });

  it('follows Fn::If into the branch it takes, and never throws', () => {
    const text = 'Conditions:\n  Always: !Equals [a, a]\nResources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      Path: !If [Always, /taken/, /other/]\n';
    const role = resourceOf(parse(text).worlds[0]!, 'Role');
    expect(role.locator.stringOrigin!(['Properties', 'Path'])).toEqual({ line: 7, column: 26, indentColumn: 26 });
    for (const path of [[], ['Properties', 'Path', 'x'], ['Metadata'], [Symbol.iterator as unknown as string]]) expect(role.locator.stringOrigin!(path)).toBeUndefined();
  });
});

describe('Fn::Join of JSON text pieces', () => {
  const passRole = (lines: string[], name = 'template.yaml') => scanText(lines.join('\n'), name).then((result) => result.findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => finding.location));
  const span = (lines: string[], line: number, written: string) => ({ startLine: line, startColumn: lines[line - 1]!.indexOf(written) + 1, endLine: line, endColumn: lines[line - 1]!.indexOf(written) + written.length + 1 });
  const user = ['Resources:', '  U:', '    Type: AWS::IAM::User', '  P:', '    Type: AWS::IAM::Policy', '    Properties:', '      PolicyName: p', '      Users: [!Ref U]'];

  it('locates inside the piece on its own line, through the escapes of a JSON string and a Ref between pieces', async () => {
    const lines = [
      '{"Resources": {"U": {"Type": "AWS::IAM::User"}, "P": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "p", "Users": [{"Ref": "U"}],',
      '  "PolicyDocument": {"Fn::Join": ["", [',
      '    "{\\"Version\\": \\"2012-10-17\\", \\"Statement\\": [",',
      '    "{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"iam:PassRole\\", \\"Resource\\": \\"arn:aws:iam::", {"Ref": "AWS::AccountId"}, ":role/*\\"}",',
      '    "]}"',
      ']]}}}}}',
    ];
    expect(await passRole(lines, 'template.json')).toEqual([expect.objectContaining(span(lines, 4, '\\"Action\\": \\"iam:PassRole\\"'))]);
  });

  it('locates a piece of a !Join with a line break between pieces, and a piece written as a block scalar', async () => {
    const lines = [
      ...user,
      '      PolicyDocument: !Join',
      '        - "\\n"',
      `        - - '{"Version": "2012-10-17", "Statement": ['`,
      '          - |-',
      '            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},',
      '            {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}',
      `          - ']}'`,
    ];
    expect(await passRole(lines)).toEqual([expect.objectContaining(span(lines, 14, '"Action": "iam:PassRole"'))]);
  });

  it('locates inside a piece whose text ends in an escaped line break, in JSON and in a double-quoted YAML scalar', async () => {
    const json = [
      '{"Resources": {"U": {"Type": "AWS::IAM::User"}, "P": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "p", "Users": [{"Ref": "U"}],',
      '  "PolicyDocument": {"Fn::Join": ["", [',
      '    "{\\"Version\\": \\"2012-10-17\\",\\n",',
      '    "\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"iam:PassRole\\",\\n",',
      '    "\\"Resource\\": \\"*\\"}]}"',
      ']]}}}}}',
    ];
    expect(await passRole(json, 'template.json')).toEqual([expect.objectContaining(span(json, 4, '\\"Action\\": \\"iam:PassRole\\"'))]);
    const yaml = [
      ...user,
      '      PolicyDocument: !Join',
      '        - ""',
      '        - - "{\\"Version\\": \\"2012-10-17\\",\\n"',
      '          - "\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"iam:PassRole\\",\\n"',
      '          - "\\"Resource\\": \\"*\\"}]}"',
    ];
    expect(await passRole(yaml)).toEqual([expect.objectContaining(span(yaml, 12, '\\"Action\\": \\"iam:PassRole\\"'))]);
  });

  it('falls back to the key for what an item other than a literal string writes', async () => {
    const lines = [...user, `      PolicyDocument: !Join ['', ['{"Version": "2012-10-17", "Statement": [', !Sub '{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}', ']}']]`];
    expect(await passRole(lines)).toEqual([expect.objectContaining({ startLine: 9, startColumn: 7 })]);
  });

  const origin = (text: string, path: Path) => resourceOf(onlyWorld(text), 'P').locator.stringOrigin!(path)!;
  const JOINED = template(`
    Parameters:
      Name: {Type: String, Default: a}
    Resources:
      P:
        Type: AWS::IAM::ManagedPolicy
        Properties:
          PolicyDocument: !Join
            - ''
            - - 'ab'
              - !Ref Name
              - 'cd'
              - !Ref Name
              - 'cd'
              - !Ref Name
              - 'ef'
  `);
  const place = (rendered: string) => {
    const fitted = origin(JOINED, ['Properties', 'PolicyDocument']).fit!(rendered);
    return (column: number, end = false) => fitted?.positionInPieces!(1, column, end);
  };

  it('places a start where a piece begins and an end where it ends, each at its own line', () => {
    const at = place('abXcdYcdZef');
    expect([at(1), at(2), at(3, true)]).toEqual([{ line: 9, column: 14 }, { line: 9, column: 15 }, { line: 9, column: 16 }]);
    // The rendering of Ref Name is no piece's.
    expect([at(3), at(4, true)]).toEqual([undefined, undefined]);
    expect([at(10), at(12, true)]).toEqual([{ line: 15, column: 14 }, { line: 15, column: 16 }]);
  });

  it('does not place a piece the rendering holds more than once where it may be, nor a rendering without the first or last piece', () => {
    // cd is held three times between ab and ef: which is which is not known.
    expect(place('abcdcdcdcdef')(5)).toBeUndefined();
    expect(place('abcdcdcdcdef')(1)).toEqual({ line: 9, column: 14 });
    expect(origin(JOINED, ['Properties', 'PolicyDocument']).fit!('xxcdcdef')).toBeUndefined();
  });
});

describe('Fn::ToJsonString', () => {
  const TO_JSON_YAML = template(`
    Conditions:
      Always: !Equals [a, a]
    Resources:
      Role:
        Type: AWS::IAM::Role
        Properties:
          AssumeRolePolicyDocument:
            Fn::ToJsonString:
              Statement:
                - Effect: Allow
                  Principal: {Service: sagemaker.amazonaws.com}
                  Condition:
                    StringEquals: {aws:SourceAccount: !Ref AWS::AccountId}
          Policies:
            - PolicyName: short
              PolicyDocument: !ToJsonString
                Statement:
                  - !If [Always, {Sid: Taken, Action: 's3:*'}, {Sid: Other}]
            - PolicyName: text
              PolicyDocument: !Sub '{"Statement": []}'
  `);
  const role = () => resourceOf(parse(TO_JSON_YAML).worlds[0]!, 'Role');
  const TRUST: Path = ['Properties', 'AssumeRolePolicyDocument'];
  const SHORT: Path = ['Properties', 'Policies', 0, 'PolicyDocument'];

  it.each<[string, Path, number, number]>([
    ['a condition key, inside the long form', [...TRUST, 'Statement', 0, 'Condition', 'StringEquals', 'aws:SourceAccount'], 13, 32],
    ['a key in the Fn::If branch taken, inside the short form', [...SHORT, 'Statement', 0, 'Sid'], 18, 31],
    ['a key the value does not have, at its nearest ancestor', [...TRUST, 'Statement', 0, 'Action'], 10, 15],
  ])('locates %s in the template value the text is written from', (_name, path, line, column) => {
    const location = role().locator.locateInString!(path, undefined, null);
    expect([location?.startLine, location?.startColumn]).toEqual([line, column]);
  });

  it('writes the policy as a template value, unlike a policy written as JSON text', () => {
    expect(role().writtenPolicy!(TRUST)).toBe('object');
    expect(role().writtenPolicy!(SHORT)).toBe('object');
    expect(role().writtenPolicy!(['Properties', 'Policies', 1, 'PolicyDocument'])).toBeUndefined();
    expect(role().locator.locateInString!(['Properties', 'Policies', 1, 'PolicyDocument', 'Statement'], undefined, null)).toBeUndefined();
  });

  it('locates inside the argument of a JSON template', () => {
    const text = '{"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {\n  "AssumeRolePolicyDocument": {"Fn::ToJsonString":\n    {"Statement": [{"Effect": "Allow"}]}}}}}}\n';
    const location = resourceOf(parse(text, undefined, 'stacks/template.json').worlds[0]!, 'Role').locator.locateInString!([...TRUST, 'Statement', 0, 'Effect'], undefined, null);
    expect([location?.startLine, location?.startColumn]).toEqual([3, 21]);
  });
});

describe('JSON text with dynamic references', () => {
  const trusted = (lines: string[], name: string) =>
    scanText(lines.join('\n'), name).then((result) => result.findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition').map((finding) => finding.location));
  const span = (lines: string[], line: number, written: string) => expect.objectContaining({ startLine: line, startColumn: lines[line - 1]!.indexOf(written) + 1 });
  // Each {{resolve:...}} is read as an unresolved piece, longer than the reference: what follows it on its line is
  // located where it is written, not as many columns further on.
  const policy = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "{{resolve:ssm:/app/partner-role-arn}}"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "{{resolve:ssm:/app/external-id}}"}}}, {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]}';
  const role = ['Resources:', '  Role:', '    Type: AWS::IAM::Role', '    Properties:'];

  it('locates what follows a reference on its line in YAML', async () => {
    const lines = [...role, `      AssumeRolePolicyDocument: '${policy}'`];
    expect(await trusted(lines, 'template.yaml')).toEqual([span(lines, 5, '"Service"')]);
  });

  it('locates what follows a reference on its line in JSON, through the escapes of the string', async () => {
    const lines = ['{"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {', `  "AssumeRolePolicyDocument": ${JSON.stringify(policy)}`, '}}}}'];
    expect(await trusted(lines, 'template.json')).toEqual([span(lines, 2, '\\"Service\\"')]);
  });
});

describe('where a value read from a parameter is written', () => {
  /** Each finding's rule, line and the lines where the values it reads are written (`related`), in a template with one parameter. */
  async function placesOf(text: string, name: string, parameters: Record<string, string> = {}): Promise<string[]> {
    const result = await scanText(text, name, parameters);
    expect(result.errors).toEqual([]);
    return result.findings
      .filter((finding) => finding.ruleId === 'sagemaker-domain-public-internet' || finding.ruleId === 'policy-malformed')
      .map((finding) => [finding.ruleId, finding.location.startLine, ...finding.related.filter((entry) => entry.message === 'where the value read here is written').map((entry) => entry.location.startLine)].join(' '));
  }
  const yaml = (access: string) =>
    [
      'Parameters:',
      '  Access:',
      `    Type: String${access}`,
      '  TopicArn:',
      '    Type: String',
      "    Default: ''",
      'Resources:',
      '  Domain:',
      '    Type: AWS::SageMaker::Domain',
      '    Properties:',
      '      AppNetworkAccessType: !Ref Access',
      '      AuthMode: IAM',
      '      DomainName: studio',
      '      DefaultUserSettings: {ExecutionRole: arn:aws:iam::210987654321:role/studio}',
      '      SubnetIds: [subnet-0a1b2c3d]',
      '      VpcId: vpc-0a1b2c3d',
      '  AlarmPolicy:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - Effect: Allow',
      '            Action: sns:Publish',
      '            Resource:',
      '              - !Ref TopicArn',
      '',
    ].join('\n');

  it("relates a finding on a value a parameter's Default gives to the Default, in YAML and JSON", async () => {
    expect(await placesOf(yaml('\n    Default: PublicInternetOnly'), 'template.yaml')).toEqual(['sagemaker-domain-public-internet 12 4', 'policy-malformed 26 7']);
    const json = {
      Parameters: { Access: { Type: 'String', Default: 'PublicInternetOnly' }, TopicArn: { Type: 'String', Default: '' } },
      Resources: {
        Domain: { Type: 'AWS::SageMaker::Domain', Properties: { AppNetworkAccessType: { Ref: 'Access' }, AuthMode: 'IAM', DomainName: 'studio', DefaultUserSettings: { ExecutionRole: 'arn:aws:iam::210987654321:role/studio' }, SubnetIds: ['subnet-0a1b2c3d'], VpcId: 'vpc-0a1b2c3d' } },
        AlarmPolicy: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: [{ Ref: 'TopicArn' }] }] } } },
      },
    };
    const text = JSON.stringify(json, null, 2);
    const line = (needle: string, after = 0) => text.split('\n').findIndex((candidate, index) => index >= after && candidate.includes(needle)) + 1;
    expect(await placesOf(text, 'template.json')).toEqual([`sagemaker-domain-public-internet ${line('"AppNetworkAccessType"')} ${line('"Default": "PublicInternetOnly"')}`, `policy-malformed ${line('"Resource"')} ${line('"Default": ""')}`]);
  });

  it('relates nothing when the value is supplied, or a world assumes it rather than the Default', async () => {
    expect(await placesOf(yaml('\n    Default: VpcOnly'), 'template.yaml', { Access: 'PublicInternetOnly', TopicArn: '' })).toEqual(['sagemaker-domain-public-internet 12', 'policy-malformed 26']);
    // A condition compares the domain's access, so worlds explore it: the finding is in the world that assumes
    // PublicInternetOnly, which the Default (VpcOnly) does not write; the topic's Default still gives the empty Resource.
    const conditional = yaml('\n    Default: VpcOnly').replace('Resources:', 'Conditions:\n  Public: !Equals [!Ref Access, PublicInternetOnly]\nResources:').replace("    Default: ''", "    Default: ''\n  Unused:\n    Type: String");
    const withCondition = conditional.replace('      AuthMode: IAM', '      AuthMode: !If [Public, IAM, SSO]');
    expect(await placesOf(withCondition, 'template.yaml')).toEqual(['sagemaker-domain-public-internet 16', 'policy-malformed 30 7']);
  });

  // An SSM parameter type's Default names the SSM parameter the value is read from: the value is not written there.
  it("relates no Default of an SSM parameter type, which names where the value is read, in YAML and JSON", async () => {
    const related = async (text: string, name: string) =>
      (await scanText(text, name)).findings
        .filter((finding) => finding.ruleId === 'identity-forallvalues-without-null')
        .map((finding) => [finding.location.startLine, ...finding.related.map((entry) => entry.location.startLine)]);
    const template = (type: string) => ({
      Parameters: { Types: { Type: type, Default: type === 'String' ? 'ml.m5.large' : '/ml/allowed-instance-types' } },
      Resources: {
        Policy: {
          Type: 'AWS::IAM::ManagedPolicy',
          Properties: {
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 'sagemaker:CreateEndpointConfig', Resource: '*', Condition: { 'ForAllValues:StringLike': { 'sagemaker:InstanceTypes': { Ref: 'Types' } } } }],
            },
          },
        },
      },
    });
    for (const [format, name] of [[(value: unknown) => JSON.stringify(value, null, 2), 'template.json'], [(value: unknown) => stringify(value), 'template.yaml']] as const) {
      const text = (type: string) => format(template(type));
      const line = (type: string, needle: string) => text(type).split('\n').findIndex((candidate) => candidate.includes(needle)) + 1;
      expect(await related(text('String'), name), name).toEqual([[line('String', 'sagemaker:InstanceTypes'), line('String', 'Default')]]);
      expect(await related(text('AWS::SSM::Parameter::Value<String>'), name), name).toEqual([[line('AWS::SSM::Parameter::Value<String>', 'sagemaker:InstanceTypes')]]);
    }
  });
});

describe('where the part of a Fn::Sub string a parameter substitutes is written', () => {
  /** Each placeholder finding's line and the lines where the values it reads are written. */
  async function placesOf(text: string, name: string, parameters: Record<string, string> = {}): Promise<string[]> {
    const result = await scanText(text, name, parameters);
    expect(result.errors).toEqual([]);
    return result.findings
      .filter((finding) => finding.ruleId === 'policy-documentation-placeholder')
      .map((finding) => [finding.location.startLine, ...finding.related.filter((entry) => entry.message === 'where the value read here is written').map((entry) => entry.location.startLine)].join(' '));
  }
  const resources = [
    '!Sub "arn:aws:sns:${AWS::Region}:${AWS::AccountId}:${TopicName}"',
    '!Sub ["arn:aws:sns:${AWS::Region}:${Owner}:alarms", {Owner: !Ref Account}]',
    '!Sub "arn:aws:sns:${AWS::Region}:${Account}:${TopicName}"',
    '!Sub "arn:aws:sns:${AWS::Region}:111122223333:${TopicName}"',
    '!Sub "arn:aws:sns:${AWS::Region}:${Account}:${Topic}"',
  ];
  const yaml = [
    'Parameters:',
    '  TopicName:',
    '    Type: String',
    '    Default: alarms-111122223333',
    '  Account:',
    '    Type: String',
    "    Default: '111122223333'",
    'Resources:',
    '  Topic:',
    '    Type: AWS::SNS::Topic',
    '  AlarmPolicy:',
    '    Type: AWS::IAM::ManagedPolicy',
    '    Properties:',
    '      PolicyDocument:',
    '        Version: "2012-10-17"',
    '        Statement:',
    '          - Effect: Allow',
    '            Action: sns:Publish',
    '            Resource:',
    ...resources.map((resource) => `              - ${resource}`),
    '',
  ].join('\n');

  it("relates the Default of the one parameter whose value holds the part, in YAML and JSON", async () => {
    // 20: ${TopicName} alone holds it; 21: a variable of the map reads Account; 22: both parameters hold it; 23: the
    // Sub's own text does; 24: a resource's Ref, whose value is not known here, is substituted beside Account.
    expect(await placesOf(yaml, 'template.yaml')).toEqual(['20 4', '21 7', '22', '23', '24']);
    const json = {
      Parameters: { TopicName: { Type: 'String', Default: 'alarms-111122223333' }, Account: { Type: 'String', Default: '111122223333' } },
      Resources: {
        Topic: { Type: 'AWS::SNS::Topic' },
        AlarmPolicy: {
          Type: 'AWS::IAM::ManagedPolicy',
          Properties: {
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: 'sns:Publish',
                  Resource: [
                    { 'Fn::Sub': 'arn:aws:sns:${AWS::Region}:${AWS::AccountId}:${TopicName}' },
                    { 'Fn::Sub': ['arn:aws:sns:${AWS::Region}:${Owner}:alarms', { Owner: { Ref: 'Account' } }] },
                    { 'Fn::Sub': 'arn:aws:sns:${AWS::Region}:${Account}:${TopicName}' },
                  ],
                },
              ],
            },
          },
        },
      },
    };
    const text = JSON.stringify(json, null, 2);
    const line = (needle: string) => text.split('\n').findIndex((candidate) => candidate.includes(needle)) + 1;
    // Each item is located at its object, the line before its Fn::Sub (two before the text of a Fn::Sub list).
    const item = (needle: string, before = 1) => line(needle) - before;
    expect(await placesOf(text, 'template.json')).toEqual([`${item(':${TopicName}"')} ${line('"Default": "alarms-')}`, `${item('${Owner}', 2)} ${line('"Default": "111122223333"')}`, `${item('${Account}:${TopicName}')}`]);
  });

  it('relates nothing where the parameter is supplied', async () => {
    expect(await placesOf(yaml.replace('alarms-111122223333', 'alarms'), 'template.yaml', { TopicName: 'alarms-111122223333' })).toEqual(['20', '21 7', '22', '23', '24']);
  });
});

describe('where a value a mapping gives, or a part a Fn::Join joins, is written', () => {
  // The account of a principal of another account is the value trust-cross-account-without-external-id is about: where
  // it is read from a mapping or a parameter, whole or as a part of the ARN, the finding relates where it is written.
  const principals: Record<string, unknown> = {
    ByMapping: { 'Fn::FindInMap': ['Partners', 'Audit', 'Account'] },
    ByMappingOfParameter: { 'Fn::FindInMap': ['Partners', { Ref: 'Team' }, 'Account'] },
    BySubOfMapping: { 'Fn::Sub': ['arn:aws:iam::${Partner}:root', { Partner: { 'Fn::FindInMap': ['Partners', 'Audit', 'Account'] } }] },
    BySubOfParameter: { 'Fn::Sub': 'arn:aws:iam::${PartnerAccount}:root' },
    ByJoinOfParameter: { 'Fn::Join': ['', ['arn:aws:iam::', { Ref: 'PartnerAccount' }, ':root']] },
    ByJoinOfMapping: { 'Fn::Join': [':', ['arn:aws:iam:', { 'Fn::FindInMap': ['Partners', 'Audit', 'Account'] }, 'root']] },
    // Silent: the account is written out, in the principal or in the text the Fn::Join writes around a read.
    Written: 'arn:aws:iam::410987654321:root',
    ByJoinAroundWritten: { 'Fn::Join': ['', ['arn:aws:iam::410987654321', { Ref: 'RootSuffix' }]] },
  };
  const json = {
    Mappings: { Partners: { Audit: { Account: '210987654321' } } },
    Parameters: {
      PartnerAccount: { Type: 'String', Default: '310987654321' },
      Team: { Type: 'String', Default: 'Audit' },
      RootSuffix: { Type: 'String', Default: ':root' },
    },
    Resources: Object.fromEntries(
      Object.entries(principals).map(([name, principal]) => [
        name,
        { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] } } },
      ]),
    ),
  };

  it('relates the mapping entry or the Default that writes the account, in YAML and JSON', async () => {
    for (const [text, name] of [[JSON.stringify(json, null, 2), 'template.json'], [stringify(json), 'template.yaml']] as const) {
      const line = (needle: string) => text.split('\n').findIndex((candidate) => candidate.includes(needle)) + 1;
      const result = await scanText(text, name);
      expect(result.errors).toEqual([]);
      const related = Object.fromEntries(
        result.findings
          .filter((finding) => finding.ruleId === 'trust-cross-account-without-external-id')
          .map((finding) => [finding.resource.address.split('#')[1], finding.related.filter((entry) => entry.message === 'where the value read here is written').map((entry) => entry.location.startLine)]),
      );
      const mapping = line('210987654321');
      const defaultValue = line('310987654321');
      expect(related, name).toEqual({
        ByMapping: [mapping],
        ByMappingOfParameter: [mapping],
        BySubOfMapping: [mapping],
        BySubOfParameter: [defaultValue],
        ByJoinOfParameter: [defaultValue],
        ByJoinOfMapping: [mapping],
        Written: [],
        ByJoinAroundWritten: [],
      });
    }
  });
});

describe('where an item of a list a mapping entry or a list parameter gives is written', () => {
  // Each principal of the list is a finding of its own: it relates the item of the mapping entry that writes it, or the
  // Default of the list parameter; the list a Fn::FindInMap finds from its DefaultValue is written in the resource.
  const principals: Record<string, unknown> = {
    ByMapping: { 'Fn::FindInMap': ['Partners', 'Audit', 'Accounts'] },
    ByMappingOfParameter: { 'Fn::FindInMap': ['Partners', { Ref: 'Team' }, 'Accounts'] },
    ByListParameter: { Ref: 'PartnerRoots' },
    ByDefaultValue: { 'Fn::FindInMap': ['Partners', 'Billing', 'Accounts', { DefaultValue: ['arn:aws:iam::710987654321:root'] }] },
  };
  const json = {
    Mappings: { Partners: { Audit: { Accounts: ['arn:aws:iam::210987654321:root', 'arn:aws:iam::310987654321:root'] } } },
    Parameters: {
      Team: { Type: 'String', Default: 'Audit' },
      PartnerRoots: { Type: 'CommaDelimitedList', Default: 'arn:aws:iam::510987654321:root,arn:aws:iam::610987654321:root' },
    },
    Transform: 'AWS::LanguageExtensions',
    Resources: Object.fromEntries(
      Object.entries(principals).map(([name, principal]) => [
        name,
        { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] } } },
      ]),
    ),
  };

  it('relates the item of the mapping entry, or the Default, that writes each principal, in YAML and JSON', async () => {
    for (const [text, name] of [[JSON.stringify(json, null, 2), 'template.json'], [stringify(json), 'template.yaml']] as const) {
      const line = (needle: string) => text.split('\n').findIndex((candidate) => candidate.includes(needle)) + 1;
      const result = await scanText(text, name);
      expect(result.errors).toEqual([]);
      const related = result.findings
        .filter((finding) => finding.ruleId === 'trust-cross-account-without-external-id')
        .map((finding) => [finding.resource.address.split('#')[1], finding.message.match(/account (\d+)/)![1], ...finding.related.filter((entry) => entry.message === 'where the value read here is written').map((entry) => entry.location.startLine)]);
      const roots = line('510987654321');
      expect(related, name).toEqual([
        ['ByMapping', '210987654321', line('210987654321')],
        ['ByMapping', '310987654321', line('310987654321')],
        ['ByMappingOfParameter', '210987654321', line('210987654321')],
        ['ByMappingOfParameter', '310987654321', line('310987654321')],
        ['ByListParameter', '510987654321', roots],
        ['ByListParameter', '610987654321', roots],
        ['ByDefaultValue', '710987654321'],
      ]);
    }
  });
});

describe('where the parameter that decides a Fn::If choosing a literal is written', () => {
  // DirectInternetAccess: !If [AllowInternet, Enabled, Disabled] is changed where the one parameter the condition reads
  // takes its Default, as a Terraform conditional of literals relates the variable's default.
  const accesses: Record<string, unknown> = {
    ByEquals: { 'Fn::If': ['AllowInternet', 'Enabled', 'Disabled'] },
    ByNegatedCondition: { 'Fn::If': ['Closed', 'Disabled', 'Enabled'] },
    NestedOnOneParameter: { 'Fn::If': ['AllowInternet', { 'Fn::If': ['AllowInternet', 'Enabled', 'Disabled'] }, 'Disabled'] },
    ByOtherParameter: { 'Fn::If': ['Dev', 'Enabled', 'Disabled'] },
    // A branch that reads a parameter relates its Default, as before.
    BranchRead: { 'Fn::If': ['AllowInternet', { Ref: 'Access' }, 'Disabled'] },
    // Silent: two parameters decide (in one condition, or in nested ones), or a pseudo parameter, or a mapping.
    TwoParameters: { 'Fn::If': ['OpenDev', 'Enabled', 'Disabled'] },
    NestedOnTwoParameters: { 'Fn::If': ['Dev', { 'Fn::If': ['AllowInternet', 'Enabled', 'Disabled'] }, 'Disabled'] },
    ByRegion: { 'Fn::If': ['InUsEast', 'Enabled', 'Disabled'] },
    ByMapping: { 'Fn::If': ['MappedOpen', 'Enabled', 'Disabled'] },
  };
  const json = (internet: string) => ({
    Mappings: { Settings: { Internet: { Value: 'mapped-on' } } },
    Parameters: {
      Internet: { Type: 'String', Default: internet },
      Stage: { Type: 'String', Default: 'stage-dev' },
      Access: { Type: 'String', Default: 'Enabled' },
    },
    Conditions: {
      AllowInternet: { 'Fn::Equals': [{ Ref: 'Internet' }, 'internet-on'] },
      Closed: { 'Fn::Not': [{ Condition: 'AllowInternet' }] },
      Dev: { 'Fn::Equals': [{ Ref: 'Stage' }, 'stage-dev'] },
      OpenDev: { 'Fn::And': [{ Condition: 'AllowInternet' }, { 'Fn::Equals': [{ Ref: 'Stage' }, 'stage-dev'] }] },
      InUsEast: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] },
      MappedOpen: { 'Fn::Equals': [{ 'Fn::FindInMap': ['Settings', 'Internet', 'Value'] }, 'mapped-on'] },
    },
    Resources: Object.fromEntries(
      Object.entries(accesses).map(([name, access]) => [
        name,
        { Type: 'AWS::SageMaker::NotebookInstance', Properties: { InstanceType: 'ml.t3.medium', RoleArn: 'arn:aws:iam::493827160514:role/notebook', DirectInternetAccess: access } },
      ]),
    ),
  });
  const formats = (internet: string) => [[JSON.stringify(json(internet), null, 2), 'template.json'], [stringify(json(internet)), 'template.yaml']] as const;
  async function relatedOf(text: string, name: string, parameters: Record<string, string> = {}): Promise<Record<string, number[]>> {
    const result = await scanText(text, name, parameters);
    expect(result.errors).toEqual([]);
    return Object.fromEntries(
      result.findings
        .filter((finding) => finding.ruleId === 'sagemaker-notebook-direct-internet')
        .map((finding) => [finding.resource.address.split('#')[1], finding.related.filter((entry) => entry.message === 'where the value read here is written').map((entry) => entry.location.startLine)]),
    );
  }

  it('relates the Default of the one parameter the conditions read, in YAML and JSON', async () => {
    for (const [text, name] of formats('internet-on')) {
      const line = (needle: string) => text.split('\n').findIndex((candidate) => candidate.includes(needle)) + 1;
      const [internet, stage] = [line('internet-on'), line('stage-dev')];
      expect(await relatedOf(text, name), name).toEqual({
        ByEquals: [internet],
        ByNegatedCondition: [internet],
        NestedOnOneParameter: [internet],
        ByOtherParameter: [stage],
        BranchRead: [line('Enabled')],
        TwoParameters: [],
        NestedOnTwoParameters: [],
        ByRegion: [],
        ByMapping: [],
      });
    }
  });

  it('relates nothing where the parameter is supplied, or a world assumes the value that makes the finding', async () => {
    for (const [text, name] of formats('internet-on')) {
      const related = await relatedOf(text, name, { Internet: 'internet-on' });
      expect([related.ByEquals, related.ByNegatedCondition, related.NestedOnOneParameter], name).toEqual([[], [], []]);
    }
    // The Default closes it: the finding is in the world that assumes internet-on, which the Default does not write.
    for (const [text, name] of formats('internet-off')) {
      const related = await relatedOf(text, name);
      expect([related.ByEquals, related.ByNegatedCondition, related.NestedOnOneParameter], name).toEqual([[], [], []]);
    }
  });
});

describe('where a finding on a property the resource leaves out points', () => {
  // As a Terraform resource's is at its block's header (and as cfn-lint says it): at the Properties key, one line, or at
  // the logical id where there are no Properties; a property written empty is at its own line, and Properties a Fn::If
  // chooses are at the branch chosen.
  const json = {
    Conditions: { InUsEast: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } },
    Resources: {
      Unset: { Type: 'AWS::SageMaker::NotebookInstance', Properties: { InstanceType: 'ml.t3.medium', RoleArn: 'arn:aws:iam::493827160514:role/notebook' } },
      Bare: { Type: 'AWS::SageMaker::NotebookInstance' },
      Empty: { Type: 'AWS::SageMaker::NotebookInstance', Properties: { InstanceType: 'ml.t3.medium', RoleArn: 'arn:aws:iam::493827160514:role/notebook', KmsKeyId: '' } },
      Chosen: {
        Type: 'AWS::SageMaker::NotebookInstance',
        Properties: { 'Fn::If': ['InUsEast', { InstanceType: 'ml.t3.medium', RoleArn: 'arn:aws:iam::493827160514:role/a' }, { InstanceType: 'ml.t3.large', RoleArn: 'arn:aws:iam::493827160514:role/b' }] },
      },
    },
  };

  it('is the Properties key line, or the logical id line, in YAML and JSON', async () => {
    for (const [text, name] of [[JSON.stringify(json, null, 2), 'template.json'], [stringify(json), 'template.yaml']] as const) {
      const lines = text.split('\n');
      // The line of `needle` at or after the line of `after`, and the column where `needle` starts on it.
      const at = (after: string, needle: string) => {
        const line = lines.findIndex((candidate, index) => index >= lines.findIndex((first) => first.includes(after)) && candidate.includes(needle));
        const column = lines[line]!.indexOf(needle) + 1;
        return { startLine: line + 1, startColumn: column };
      };
      const key = (after: string, word: string) => {
        const { startLine, startColumn } = at(after, word);
        // The key as written, quoted in JSON.
        const quoted = name.endsWith('.json') ? 2 : 0;
        return { startLine, startColumn: startColumn - quoted / 2, endLine: startLine, endColumn: startColumn - quoted / 2 + word.length + quoted };
      };
      const result = await scanText(text, name);
      expect(result.errors).toEqual([]);
      const located = Object.fromEntries(
        result.findings
          .filter((finding) => finding.ruleId === 'sagemaker-notebook-no-kms')
          .map((finding) => [finding.resource.address.split('#')[1], (({ startLine, startColumn, endLine, endColumn }) => ({ startLine, startColumn, endLine, endColumn }))(finding.location)]),
      );
      expect(located.Unset, name).toEqual(key('Unset', 'Properties'));
      expect(located.Bare, name).toEqual(key('Bare', 'Bare'));
      expect(located.Empty!.startLine, name).toBe(at('Empty', 'KmsKeyId').startLine);
      expect(located.Chosen!.startLine, name).toBe(at('Chosen', 'InstanceType').startLine - (name.endsWith('.json') ? 1 : 0));
      expect(located.Chosen!.endLine, name).toBeGreaterThan(located.Chosen!.startLine);
    }
  });
});
