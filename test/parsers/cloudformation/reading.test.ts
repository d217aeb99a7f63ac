import { describe, expect, it } from 'vitest';
import { parseFast } from '../../../parsers/cloudformation/fast.js';
import { PreciseDocument } from '../../../parsers/cloudformation/precise.js';
import { TemplateSource } from '../../../parsers/cloudformation/source.js';
import { INTRINSIC_TAG_NAMES, longFormKey } from '../../../parsers/cloudformation/schema.js';
import { FILE, parse, template } from './helpers.js';

/** Both paths must read a document identically. */
function readBothWays(text: string): unknown {
  const fast = parseFast(text, false);
  if (!fast.ok) throw new Error(fast.refusal.message);
  const precise = new PreciseDocument('t.yaml', text);
  expect(precise.error).toBeUndefined();
  expect(precise.toTemplate()).toEqual(fast.template);
  return fast.template;
}

describe('short-form tags', () => {
  const kinds = [
    { kind: 'scalar', source: 'x', data: 'x' },
    { kind: 'sequence', source: '[a, b]', data: ['a', 'b'] },
    { kind: 'mapping', source: '{k: v}', data: { k: 'v' } },
  ];
  const cases = [...INTRINSIC_TAG_NAMES].flatMap((name) => kinds.map((kind) => ({ name, ...kind })));

  it.each(cases)('!$name in $kind form becomes the long form', ({ name, kind, source, data }) => {
    const expected = name === 'GetAtt' && kind === 'scalar' ? [data] : data; // `!GetAtt x` is split at its (missing) dot
    expect(readBothWays(`Value: !${name} ${source}\n`)).toEqual({ Value: { [longFormKey(name)]: expected } });
  });

  it.each([
    ['!GetAtt Role.Arn', { 'Fn::GetAtt': ['Role', 'Arn'] }],
    ['!GetAtt Stack.Outputs.RoleArn', { 'Fn::GetAtt': ['Stack', 'Outputs.RoleArn'] }],
    ['!GetAtt [Role, Arn]', { 'Fn::GetAtt': ['Role', 'Arn'] }],
    ['!Ref AWS::Region', { Ref: 'AWS::Region' }],
    ['!Condition IsProd', { Condition: 'IsProd' }],
    ["!Sub ['${A}-x', {A: !Ref B}]", { 'Fn::Sub': ['${A}-x', { A: { Ref: 'B' } }] }],
    ['!If [C, !Ref AWS::NoValue, !GetAZs ""]', { 'Fn::If': ['C', { Ref: 'AWS::NoValue' }, { 'Fn::GetAZs': '' }] }],
  ])('%s', (source, expected) => {
    expect(readBothWays(`Value: ${source}\n`)).toEqual({ Value: expected });
  });

  it('reads block forms', () => {
    const text = template(`
      Value: !Join
        - ''
        - - !Ref A
          - !Base64
            Fn::Sub: x
    `);
    expect(readBothWays(text)).toEqual({ Value: { 'Fn::Join': ['', [{ Ref: 'A' }, { 'Fn::Base64': { 'Fn::Sub': 'x' } }]] } });
  });
});

describe('YAML 1.1 scalars as CloudFormation reads them', () => {
  it.each([
    ['2012-10-17', '2012-10-17'],
    ['2010-09-09', '2010-09-09'],
    ['"2012-10-17"', '2012-10-17'],
    ['yes', true],
    ['On', true],
    ['NO', false],
    ['off', false],
    ['"yes"', 'yes'],
    ['true', true],
    ['~', null],
    ['', null],
    ['123456789012', 123456789012],
    ['012345678901', '012345678901'],
    ['0755', 493],
    ['0x1F', 31],
    ['1_000', 1000],
    ['1:30', 90],
    ['1.5', 1.5],
    ['"1.5"', '1.5'],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/*'],
  ])('%s', (source, expected) => {
    expect(readBothWays(`Value: ${source}\n`)).toEqual({ Value: expected });
  });

  it('keeps the values of JSON scalars on both paths', () => {
    const text = '{"Version": "2012-10-17", "N": 1e3, "B": false, "Z": null, "S": "x\\/y"}';
    const fast = parseFast(text, true);
    expect(fast.ok && fast.template).toEqual({ Version: '2012-10-17', N: 1000, B: false, Z: null, S: 'x/y' });
    expect(new PreciseDocument('t.json', text).toTemplate()).toEqual(fast.ok && fast.template);
  });

  it('supports merge keys like js-yaml', () => {
    const text = template(`
      Base: &base {A: 1, B: 2}
      Value:
        <<: *base
        B: 3
    `);
    expect(readBothWays(text)).toEqual({ Base: { A: 1, B: 2 }, Value: { A: 1, B: 3 } });
  });

  it('reads an alias as the last node of its anchor written before it, an anchor written again included', () => {
    const text = template(`
      A: &x one
      B: *x
      C: &x {K: two}
      D: *x
      E: [*x, &x three, *x]
    `);
    expect(readBothWays(text)).toEqual({ A: 'one', B: 'one', C: { K: 'two' }, D: { K: 'two' }, E: [{ K: 'two' }, 'three', 'three'] });
  });
});

describe('fast path refusals', () => {
  it('reads a YAML file with duplicate keys through the precise path (the last value wins)', () => {
    const fast = parseFast('A: 1\nA: 2\n', false);
    expect(fast).toMatchObject({ ok: false, retryPrecisely: true, refusal: { message: expect.stringMatching(/duplicated mapping key/), line: 2 } });
    const parsed = parse(template(`
      Resources:
        Topic:
          Type: AWS::SNS::Topic
          Properties:
            TopicName: first
            TopicName: second
    `));
    expect(parsed.errors).toEqual([]);
    expect(parsed.worlds[0]!.resources[0]!.properties).toEqual({ TopicName: 'second' });
  });

  it('reads tags js-yaml does not know through the precise path', () => {
    const parsed = parse('Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Code: !Rain::Embed handler.py\n');
    expect(parsed.errors).toEqual([]);
    expect(parsed.worlds[0]!.resources[0]!.properties).toEqual({ Code: 'handler.py' });
  });

  it.each([
    ['a flow mapping', '{Resources: {Topic: {Type: AWS::SNS::Topic}}}'],
    ['a flow mapping after a comment', '{ # the stack\n  Resources: {Topic: {Type: AWS::SNS::Topic}}}'],
    ['block style with flow mappings', 'Resources:\n  Topic: {"Type": AWS::SNS::Topic, Properties: {}}\n'],
    ['block style with a tab inside a block scalar', 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: |\n        a\n        \tb\n'],
  ])('reads YAML written as %s', (_name, text) => {
    const parsed = parse(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.worlds[0]!.resources.map((resource) => resource.type)).toEqual(['AWS::SNS::Topic']);
  });
});

describe('input errors', () => {
  it.each([
    ['YAML', 'Resources:\n  Topic:\n    Type: [unclosed\n', 'stacks/template.yaml', /^YAML syntax error/, 3],
    ['YAML bad indentation', 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n   Bad: x\n', 'stacks/template.yaml', /^YAML syntax error/, 4],
    ['JSON', '{\n  "Resources": {\n    "Topic": {"Type": "AWS::SNS::Topic" "X": 1}\n  }\n}', 'stacks/template.json', /^JSON syntax error: /, 3],
  ])('%s syntax errors carry line and column', (_name, text, file, message, line) => {
    const parsed = parse(text, undefined, file);
    expect(parsed.worlds).toEqual([]);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toMatchObject({ file, line, message: expect.stringMatching(message) });
    expect(parsed.errors[0]!.column).toBeGreaterThan(0);
    expect(parsed.errors[0]!.message).not.toMatch(/\n|at .*\.js/);
  });

  it.each([
    ['YAML', 'x.yaml', 'Resources:\n  Topic:\n    Type: [unclosed\n', /^YAML syntax error/, 3, 20],
    ['YAML with CRLF line breaks', 'x.yaml', 'Resources:\r\n  Topic:\r\n    Type: [unclosed\r\n', /^YAML syntax error/, 3, 20],
    ['JSON', 'x.json', '{\n  "Resources": {\n', /^JSON syntax error/, 2, 17],
    ['JSON without a final line break', 'x.json', '{\n  "Resources": {', /^JSON syntax error/, 2, 17],
  ])('places a %s error at the end of the text at the end of its last line, not on a line past it', (_name, file, text, message, line, column) => {
    expect(parse(text, undefined, file).errors).toEqual([{ file, line, column, message: expect.stringMatching(message) }]);
  });

  it.each([
    ['YAML read by the fast path', 'x.yaml', 'Resources:\r  Role:\r    Type: AWS::IAM::Role\r    Properties:\r      RoleName: r\r', 5],
    ['YAML with a duplicate key, read by the precise path', 'x.yaml', 'Resources:\r  Role:\r    Type: AWS::IAM::Role\r    Properties:\r      RoleName: r\r      RoleName: r\r', 6],
    ['JSON', 'x.json', '{\r  "Resources": {\r    "Role": {\r      "Type": "AWS::IAM::Role",\r      "Properties": {\r        "RoleName": "r"}}}}\r', 6],
  ])('takes a lone carriage return for a line break, as YAML and editors do: %s', (_name, file, text, line) => {
    const source = new TemplateSource(file, text);
    expect(source.errors).toEqual([]);
    expect(source.locate(['Resources', 'Role', 'Properties', 'RoleName'])).toMatchObject({ startLine: line });
  });

  it('gives the exact JSON error position', () => {
    const parsed = parse('{\n  "Resources": {\n    "A": 1\n    "B": 2\n  }\n}', undefined, 'x.json');
    expect(parsed.errors).toEqual([{ file: 'x.json', line: 4, column: 5, message: "JSON syntax error: Expected ',' or '}' after property value" }]);
  });

  it('finds the position itself when V8 gives none, and never echoes the text', () => {
    const parsed = parse('{\n  "Resources": {\n    "A": [1, }\n  }\n}', undefined, 'x.json');
    expect(parsed.errors).toEqual([{ file: 'x.json', line: 3, column: 14, message: "JSON syntax error: Unexpected token '}'" }]);
  });

  it.each([
    ['a line comment', 'x.json', '{ // the stack\n  "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}\n}\n', 1, 3, 'JSON syntax error: comments are not allowed in JSON'],
    ['a block comment', 'x.template', '{\n  /* stack */ "Resources": {}\n}\n', 2, 3, 'JSON syntax error: comments are not allowed in JSON'],
    ['a comment, in a .yaml file', 'x.yaml', '{\n  "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},\n  // more\n}\n', 3, 3, 'JSON syntax error: comments are not allowed in JSON'],
    ['a trailing comma', 'x.json', '{"Resources": {"Topic": {"Type": "AWS::SNS::Topic"},}}', 1, 53, 'JSON syntax error: Expected double-quoted property name'],
    ['an unquoted value', 'x.json', '{\n  "Resources": x\n}', 2, 16, "JSON syntax error: Unexpected token 'x'"],
    ['unquoted keys, in a .json file', 'x.json', '{Resources: {}}', 1, 2, "JSON syntax error: Expected property name or '}'"],
  ])('reads text that starts like JSON as JSON only: %s', (_name, file, text, line, column, message) => {
    const parsed = parse(text, undefined, file);
    expect(parsed.errors).toEqual([{ file, line, column, message }]);
    expect(parsed.worlds).toEqual([]);
  });

  it.each([
    ['several documents', 'Resources: {}\n---\nResources: {}\n', 2, 1, 'the file holds several YAML documents; a template is one document'],
    ['a document after an end marker', 'Resources: {}\n...\nOther: {}\n', 3, 1, 'the file holds several YAML documents; a template is one document'],
    ['a tab as indentation', 'Resources:\n  Role:\n\tType: AWS::IAM::Role\n', 3, 1, 'YAML syntax error: Tabs are not allowed as indentation'],
    ['a tab after spaces', 'Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n    \tRoleName: x\n', 5, 5, 'YAML syntax error: Tabs are not allowed as indentation'],
    ['an unexpected bracket', 'Resources: ]\n', 1, 12, "YAML syntax error: Unexpected ']'"],
    ['text after a quoted value', "Resources: 'x' y\n", 1, 16, 'YAML syntax error: Unexpected text after a value'],
    ['a list item after a mapping', 'Resources: {}\n- x\n', 2, 1, "YAML syntax error: A key must be on one line (missing ':'?)"],
    ['a mapping on the line of its key', 'Resources: Role: x\n', 1, 12, 'YAML syntax error: A mapping cannot start on the line of its key'],
    // YAML refuses the line whose text the indented section would continue: the section's line is where the mistake is.
    ['a section indented under a section\'s text', 'Description: x\n Resources:\n  R:\n    Type: AWS::IAM::Role\n', 2, 2, "YAML syntax error: Resources is indented under Description, a section that holds text: a template's sections start in the first column"],
    ['SAM\'s Globals indented under a section\'s text', 'Description: x\n Globals:\n  Function:\n   Timeout: 3\nResources:\n  R:\n    Type: AWS::SNS::Topic\n', 2, 2, "YAML syntax error: Globals is indented under Description, a section that holds text: a template's sections start in the first column"],
    ['a section indented under a section\'s text, a comment between', "AWSTemplateFormatVersion: '2010-09-09'\nDescription: x\n\n  # roles\n  Resources:\n    R:\n      Type: AWS::IAM::Role\n", 5, 3, "YAML syntax error: Resources is indented under Description, a section that holds text: a template's sections start in the first column"],
    ['a key indented under a section\'s text that is no section', 'Description: x\n Other:\n  R: 1\n', 1, 14, 'YAML syntax error: A mapping cannot start on the line of its key'],
    ['a directive without ---', '%YAML 1.1\nResources: {}\n', 2, 1, "YAML syntax error: Missing the '---' line after the directives"],
    ['a misspelt intrinsic tag', 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Reff Name\n', 5, 18, 'unknown tag !Reff: CloudFormation has no such intrinsic function (a misspelt !Ref, !Sub, !GetAtt, ...?)'],
    ['an unknown tag on a mapping', 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties: !Unknown {TopicName: x}\n', 4, 17, 'unknown tag !Unknown: CloudFormation has no such intrinsic function (a misspelt !Ref, !Sub, !GetAtt, ...?)'],
    ['an alias of no anchor', 'Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      Path: *nothing\n', 5, 13, 'YAML syntax error: unidentified alias "nothing" (no anchor &nothing is written before it)'],
    ['an alias before its anchor', 'Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      Path: *p\n      RoleName: &p x\n', 5, 13, 'YAML syntax error: unidentified alias "p" (no anchor &p is written before it)'],
    ['an alias of no anchor, beside a key written twice', 'Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Type: AWS::IAM::Role\n    Properties: {Path: *nothing}\n', 5, 24, 'YAML syntax error: unidentified alias "nothing" (no anchor &nothing is written before it)'],
  ])('reports YAML errors in plain words: %s', (_name, text, line, column, message) => {
    const parsed = parse(text);
    expect(parsed.errors).toEqual([{ file: 'stacks/template.yaml', line, column, message }]);
    expect(parsed.worlds).toEqual([]);
  });

  it('reads the rule functions of a Rules section (!ValueOfAll, !EachMemberIn, !RefAll) as intrinsic functions', () => {
    const parsed = parse('Rules:\n  Subnets:\n    Assertions:\n      - Assert: !EachMemberIn [!ValueOfAll [AWS::EC2::Subnet::Id, VpcId], !RefAll AWS::EC2::VPC::Id]\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n');
    expect(parsed.errors).toEqual([]);
    expect(parsed.worlds[0]!.resources.map((resource) => resource.name)).toEqual(['Topic']);
  });

  it("reads YAML's own tags (!!str) as the values they tag, not as unknown intrinsic functions", () => {
    const parsed = parse('Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !!str 12\n      DisplayName: !Ref AWS::StackName\n');
    expect(parsed.errors).toEqual([]);
    expect(parsed.worlds[0]!.resources[0]!.properties).toMatchObject({ TopicName: '12' });
  });

  it('reports truncated JSON at its end', () => {
    const parsed = parse('{\n  "Resources": {', undefined, 'x.json');
    expect(parsed.errors).toEqual([{ file: 'x.json', line: 2, column: 17, message: "JSON syntax error: Expected property name or '}'" }]);
  });

  it('refuses an alias bomb at the alias whose expansion exceeds the node budget', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level <= 9; level++) levels.push(`${'abcdefghij'[level]}: &${'abcdefghij'[level]} [${Array(9).fill(`*${'abcdefghij'[level - 1]}`).join(', ')}]`);
    const bomb = `Resources: {}\n${levels.join('\n')}\n`;
    for (const text of [bomb, `${bomb}a: duplicate\n`]) {
      const parsed = parse(text);
      expect(parsed.worlds).toEqual([]);
      // `f: &f [*e, ...`: the first *e takes the count past the budget.
      expect(parsed.errors).toEqual([{ file: 'stacks/template.yaml', line: 7, column: 8, message: 'refused: the document expands to too many nodes (YAML alias bomb?)' }]);
    }
  });

  it.each([
    ['JSON', `{"Resources": ${'['.repeat(500)}${']'.repeat(500)}}`, 'deep.json', 1, 215],
    ['JSON past what a YAML parser reads', `{"Resources": ${'['.repeat(40_000)}${']'.repeat(40_000)}}`, 'deep.json', 1, 215],
    ['YAML flow', `Resources: ${'['.repeat(500)}${']'.repeat(500)}\n`, 'deep.yaml', 1, 212],
    ['YAML block', `Resources:\n${Array.from({ length: 500 }, (_, depth) => `${' '.repeat(depth + 1)}k${depth}:`).join('\n')} x\n`, 'deep.yaml', 202, 202],
    // Too deep for both YAML parsers (their stacks overflow): found in the text, by the indentation of keys and items.
    ['YAML block past what the parsers read', `Resources:\n${Array.from({ length: 3000 }, (_, depth) => `${' '.repeat(depth + 1)}k${depth}:`).join('\n')} x\n`, 'deep.yaml', 202, 202],
    ['YAML block items past what the parsers read', `Resources:\n  a:\n${Array.from({ length: 3000 }, (_, depth) => `${' '.repeat(2 * depth + 2)}- k:`).join('\n')} x\n`, 'deep.yaml', 102, 203],
    // js-yaml reads it, and the precise parser (which locates the depth past the limit) overflows closing its levels.
    ['YAML block past what the precise parser reads, then a shallower key', `Resources:\n  R:\n${Array.from({ length: 3000 }, (_, depth) => `${' '.repeat(depth + 3)}a:`).join('\n')} x\n  S: 1\n`, 'deep.yaml', 202, 203],
    // Too deep for js-yaml: found in the text, one level past the limit.
    ['YAML flow past what js-yaml reads', `Resources: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, 'deep.yaml', 1, 213],
    [
      'YAML flow past what js-yaml reads, after brackets in scalars and comments',
      `Description: a[0] "[[" '{{' # [[[\nMetadata: {k: "[", l: '{'}\nResources: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
      'deep.yaml',
      3,
      213,
    ],
    // Explicit keys (`? `), each a mapping, counted as `- ` items are.
    ['YAML explicit keys past what the parsers read', `Resources:\n  R:\n    X:\n      ${'? '.repeat(3000)}x\n`, 'deep.yaml', 4, 403],
  ])('refuses nesting deeper than 200 levels where the limit is crossed (%s)', (_name, text, file, line, column) => {
    const parsed = parse(text, undefined, file);
    expect(parsed.worlds).toEqual([]);
    expect(parsed.errors).toEqual([{ file, line, column, message: 'refused: the document nests deeper than 200 levels' }]);
  });

  it.each([
    // js-yaml overflows on explicit keys on a key's line, which YAML refuses: the precise parser says where.
    ['explicit keys on the line of a key', `Resources:\n  R:\n    X: ${'? '.repeat(5000)}x\n`, 3, 8, 'YAML syntax error: A mapping cannot start on the line of its key'],
    // Nested past the stack through explicit keys and values (`: `), which no count of the text follows: where it overflowed.
    ['explicit keys in an explicit value', `Resources:\n  R:\n    ? a\n    : ${'? - '.repeat(2000)}x\n`, 4, 1889, 'the document nests too deeply to be read'],
  ])('refuses a document that overflows the parsers at a place (%s)', (_name, text, line, column, message) => {
    const parsed = parse(text, undefined, 'deep.yaml');
    expect(parsed.worlds).toEqual([]);
    expect(parsed.errors).toEqual([{ file: 'deep.yaml', line, column, message }]);
  });

  // How the time grows with the blank runs is measured by bench/scale.mjs ('... 100n blanks before a nest too deep').
  it('finds the depth past the limit after lines of long blank runs that no colon ends', () => {
    // Key and item lines whose plain text holds 100,000 blanks and no `: `, then a flow nest js-yaml overflows on.
    const blanks = ' '.repeat(100_000);
    const text = `Description: a${blanks}b\nResources:\n  R:\n    L:\n      - a${blanks}b\n      -   k${blanks}v\n    X: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    const parsed = parse(text, undefined, 'deep.yaml');
    expect(parsed.errors).toEqual([{ file: 'deep.yaml', line: 7, column: 207, message: 'refused: the document nests deeper than 200 levels' }]);
  });

  it.each([
    ['an empty file', ''],
    ['a list', '- a\n- b\n'],
    ['a scalar', 'just text\n'],
  ])('rejects %s', (_name, text) => {
    const parsed = parse(text);
    expect(parsed.worlds).toEqual([]);
    expect(parsed.errors).toHaveLength(1);
  });

  it('reports resources without a Type and keeps the others', () => {
    const text = 'Resources:\n  Broken:\n    Properties: {}\n  Topic:\n    Type: AWS::SNS::Topic\n';
    const parsed = parse(text);
    expect(parsed.errors).toEqual([{ file: 'stacks/template.yaml', line: 2, column: 3, message: 'resource Broken has no Type' }]);
    expect(parsed.worlds[0]!.resources.map((resource) => resource.name)).toEqual(['Topic']);
    // One written, but not as a resource type: said at the Type.
    const written = parse('Parameters:\n  RoleType:\n    Type: String\nResources:\n  Counted:\n    Type: 5\n  Referenced:\n    Type: !Ref RoleType\n  Topic:\n    Type: AWS::SNS::Topic\n');
    expect(written.errors).toEqual([
      { file: 'stacks/template.yaml', line: 6, column: 5, message: 'resource Counted has a Type that is not a resource type written out, such as AWS::IAM::Role' },
      { file: 'stacks/template.yaml', line: 8, column: 5, message: 'resource Referenced has a Type that is not a resource type written out, such as AWS::IAM::Role' },
    ]);
    expect(written.worlds[0]!.resources.map((resource) => resource.name)).toEqual(['Topic']);
  });

  it.each([
    ['YAML', 'stack.yaml', 'Resources:\n  Type: AWS::IAM::Role\n  Properties:\n    RoleName: r\n  Topic:\n    Type: AWS::SNS::Topic\n', [2, 3], [3, 3]],
    ['JSON', 'stack.json', '{"Resources": {\n  "Type": "AWS::IAM::Role",\n  "Properties": {"RoleName": "r"},\n  "Topic": {"Type": "AWS::SNS::Topic"}\n}}', [2, 3], [3, 3]],
  ])('says a resource written in %s without its logical id misses it, at each of its attributes', (_syntax, file, text, type, properties) => {
    const parsed = parse(text, undefined, file);
    const missing = (attribute: string) => `${attribute} is a resource attribute, not a resource: written directly under Resources, it belongs to a resource whose logical id is missing (declare the resource's attributes under a logical id of their own)`;
    expect(parsed.errors).toEqual([
      { file, line: type[0], column: type[1], message: missing('Type') },
      { file, line: properties[0], column: properties[1], message: missing('Properties') },
    ]);
    expect(parsed.worlds[0]!.resources.map((resource) => resource.name)).toEqual(['Topic']);
  });

  it.each([
    // A top-level key indented by mistake under a key with no value: the YAML parses, the resources nested in it.
    ['a YAML format version over Resources indented by mistake', 'stack.yaml', 'AWSTemplateFormatVersion:\n Resources:\n  R:\n   Type: AWS::IAM::Role\n', 2, 2, 'AWSTemplateFormatVersion is a mapping, not a string: is Resources nested under it by mistake?'],
    ['a YAML description over Resources indented by mistake', 'stack.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nDescription:\n  Resources:\n    R:\n      Type: AWS::IAM::Role\n', 3, 3, 'Description is a mapping, not a string: is Resources nested under it by mistake?'],
    ['a JSON format version holding Resources', 'stack.json', '{"AWSTemplateFormatVersion": {"Resources": {"R": {"Type": "AWS::IAM::Role"}}}}', 1, 31, 'AWSTemplateFormatVersion is a mapping, not a string: is Resources nested under it by mistake?'],
    ['a YAML description written with a function', 'stack.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nDescription: !Sub "${AWS::StackName} roles"\nResources: {}\n', 2, 19, 'Description is a mapping, not a string: CloudFormation takes no Fn::Sub there, only a literal string'],
    ['a JSON format version written with a Ref', 'stack.json', '{"AWSTemplateFormatVersion": {"Ref": "Version"}, "Resources": {}}', 1, 31, 'AWSTemplateFormatVersion is a mapping, not a string: CloudFormation takes no Ref there, only a literal string'],
    ['a JSON description that is a list', 'stack.json', '{"AWSTemplateFormatVersion": "2010-09-09", "Description": ["a"], "Resources": {}}', 1, 44, 'Description is a list, not a string'],
  ])('reports %s at the line that holds it', (_name, file, text, line, column, message) => {
    expect(parse(text, undefined, file).errors).toEqual([{ file, line, column, message }]);
  });

  it.each([
    ['an unquoted YAML format version and a folded description', 'stack.yaml', 'AWSTemplateFormatVersion: 2010-09-09\nDescription: >\n  a\n  b\nResources: {}\n'],
    ['an empty YAML description', 'stack.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nDescription:\nResources: {}\n'],
    ['a JSON format version and description', 'stack.json', '{"AWSTemplateFormatVersion": "2010-09-09", "Description": "a", "Resources": {}}'],
  ])('reads %s without an error', (_name, file, text) => {
    expect(parse(text, undefined, file).errors).toEqual([]);
  });

  it('never throws', () => {
    const inputs = ['\u0000', '{', '[', '!!', ': :', '*unknown', '&a [*a]', 'Resources: !Ref', '\uFEFF{"Resources": {}}', 'Resources: [1, 2]', 'Conditions: !If', '%YAML 9.9\n---\na: 1'];
    for (const text of inputs) expect(() => parse(text)).not.toThrow();
    expect(parse('\uFEFF{"Resources": {"T": {"Type": "AWS::SNS::Topic"}}}', undefined, 'bom.json').errors).toEqual([]);
  });

  it('notices transforms it does not expand, each at the Transform key of the list', () => {
    const parsed = parse('Transform:\n  - AWS::Serverless-2016-10-31\n  - MyMacro\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies: [{SQSPollerPolicy: {QueueName: q}}]\n');
    expect(parsed.notices).toEqual([
      { file: FILE, line: 1, column: 1, message: 'transform MyMacro is not expanded: resources it would add are not analyzed' },
      { file: FILE, line: 1, column: 1, message: 'transform AWS::Serverless-2016-10-31 is not expanded whole: these IAM roles and policies it generates are not analyzed: the policy templates of F (SQSPollerPolicy)' },
    ]);
    expect(parsed.worlds[0]!.resources[0]).toMatchObject({ type: 'AWS::Serverless::Function', kind: 'other' });
  });

  it.each([
    ['YAML', 'AWSTemplateFormatVersion: "2010-09-09"\nTransform: MyMacro\nResources:\n  T:\n    Type: AWS::SNS::Topic\n', 'stack.yaml'],
    ['JSON', '{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Transform": "MyMacro",\n  "Resources": {"T": {"Type": "AWS::SNS::Topic"}}\n}\n', 'stack.json'],
  ])('places a transform written alone at the Transform key (%s)', (_, text, file) => {
    expect(parse(text, undefined, file).notices).toEqual([{ file, line: file.endsWith('.json') ? 3 : 2, column: file.endsWith('.json') ? 3 : 1, message: 'transform MyMacro is not expanded: resources it would add are not analyzed' }]);
  });

  it('reads an Fn::Transform in Resources (AWS::Include) as no resource: a notice, not an input error, and Refs to what it adds are not refused', () => {
    const text = 'Resources:\n  Fn::Transform:\n    Name: AWS::Include\n    Parameters:\n      Location: s3://bucket/roles.yaml\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !GetAtt IncludedRole.RoleName\n';
    const parsed = parse(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.notices).toEqual([{ file: FILE, line: 2, column: 3, message: 'Fn::Transform AWS::Include (s3://bucket/roles.yaml) in Resources is not expanded: the resources it adds are not analyzed' }]);
    expect(parsed.worlds[0]!.resources.map((resource) => resource.name)).toEqual(['Topic']);
    const json = '{\n  "Resources": {\n    "Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": "s3://bucket/roles.json"}},\n    "Topic": {"Type": "AWS::SNS::Topic"}\n  }\n}\n';
    expect(parse(json, undefined, 'x.json')).toMatchObject({ errors: [], notices: [{ file: 'x.json', line: 3, column: 5, message: 'Fn::Transform AWS::Include (s3://bucket/roles.json) in Resources is not expanded: the resources it adds are not analyzed' }] });
  });

  it('notices a transform the Transform section writes with its parameters', () => {
    const parsed = parse('Transform:\n  Name: AWS::Include\n  Parameters:\n    Location: s3://bucket/rest.yaml\nResources:\n  T:\n    Type: AWS::SNS::Topic\n');
    expect(parsed.errors).toEqual([]);
    expect(parsed.notices).toEqual([{ file: FILE, line: 1, column: 1, message: 'transform AWS::Include (s3://bucket/rest.yaml) is not expanded: resources it would add are not analyzed' }]);
  });

  it('places a Fn::ForEach it does not expand at its logical id', () => {
    const text = 'Transform: AWS::LanguageExtensions\nResources:\n  T:\n    Type: AWS::SNS::Topic\n  Fn::ForEach::Topics:\n    - Name\n    - !Ref Names\n    - Topic${Name}:\n        Type: AWS::SNS::Topic\n';
    expect(parse(text).notices).toEqual([{ file: FILE, line: 5, column: 3, message: 'Fn::ForEach::Topics is not expanded: its collection refers to Names, which is not a parameter of the template, so the resources it generates are not analyzed' }]);
  });

  it.each([
    // The execution role is analyzed (sam.ts) with the policy documents, AWS managed policies and ARNs written for it.
    ['a function without Role whose Policies name a managed policy and write a document', 'Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies: [AmazonS3ReadOnlyAccess, {Statement: [{Effect: Allow, Action: s3:GetObject, Resource: "*"}]}]\n', []],
    ['a function without Role whose Policies use policy templates, one in a Fn::If branch', 'Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies: [AmazonS3ReadOnlyAccess, {S3ReadPolicy: {BucketName: b}}, !If [Own, {SQSPollerPolicy: {QueueName: q}}, !Ref AWS::NoValue]]\n', ['the policy templates of Fn (S3ReadPolicy, SQSPollerPolicy)']],
    ['a function whose Role is AWS::NoValue in one branch', 'Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Role: !If [Own, arn:aws:iam::1:role/r, !Ref AWS::NoValue]\n', []],
    ['a function with a DeploymentPreference without Role', 'Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Role: arn:aws:iam::1:role/r\n      DeploymentPreference: {Type: AllAtOnce}\n', ['the CodeDeploy role of the DeploymentPreference of Fn']],
    ['a function with a ScheduleV2 event without RoleArn', 'Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Role: arn:aws:iam::1:role/r\n      Events:\n        Tick: {Type: ScheduleV2, Properties: {ScheduleExpression: rate(1 hour)}}\n', ['the roles of the event sources of Fn']],
    ['a state machine without Role', 'Machine:\n    Type: AWS::Serverless::StateMachine\n', []],
    ['a state machine with an event source', 'Machine:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      Role: arn:aws:iam::1:role/r\n      Events:\n        Api: {Type: Api, Properties: {Path: /, Method: post}}\n', ['the roles of the event sources of Machine']],
    ['a connector, and an embedded one', 'Link:\n    Type: AWS::Serverless::Connector\n  Queue:\n    Type: AWS::SQS::Queue\n    Connectors:\n      ToFn: {Properties: {Destination: {Id: Fn}, Permissions: [Write]}}\n', ['connector Link', 'the connectors of Queue']],
    ['several, listed in one notice', 'A:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      Policies: [{LambdaInvokePolicy: {FunctionName: f}}]\n  B:\n    Type: AWS::Serverless::GraphQLApi\n', ['the policy templates of A (LambdaInvokePolicy)', 'the roles of GraphQL API B']],
    ['policy templates beside a Role, which SAM generates no role for', 'Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Role: arn:aws:iam::1:role/r\n      Policies: [{S3ReadPolicy: {BucketName: b}}]\n', []],
    ['a function with its own Role and a disabled DeploymentPreference', 'Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Role: arn:aws:iam::1:role/r\n      DeploymentPreference: {Enabled: False, Type: AllAtOnce}\n', []],
    ['a function with its own Role', 'Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Role: !GetAtt Own.Arn\n      Events:\n        Tick: {Type: ScheduleV2, Properties: {RoleArn: arn:aws:iam::1:role/s}}\n', []],
    ['a state machine with its own Role and no events', 'Machine:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      Role: arn:aws:iam::1:role/r\n', []],
    ['serverless resources that add no IAM', 'Table:\n    Type: AWS::Serverless::SimpleTable\n  Layer:\n    Type: AWS::Serverless::LayerVersion\n', []],
  ])('names what SAM generates of IAM that is not analyzed: %s', (_, resources, parts) => {
    const parsed = parse(`Transform: AWS::Serverless-2016-10-31\nConditions:\n  Own: !Equals [a, a]\nResources:\n  ${resources}`);
    const expected = parts.length === 0 ? [] : [{ file: FILE, line: 1, column: 1, message: `transform AWS::Serverless-2016-10-31 is not expanded whole: these IAM roles and policies it generates are not analyzed: ${parts.join('; ')}` }];
    expect(parsed.notices).toEqual(expected);
  });

  it.each([
    ['YAML', 'Parameters:\n  Bucket: {Type: String}\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./child.yaml\n      Parameters: {TopicArn: !Ref Topic}\n  Remote:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: !Sub https://${Bucket}.s3.amazonaws.com/x.yaml\n', 'stack.yaml', [6, 3, 11, 3]],
    ['JSON', '{\n  "Parameters": {"Bucket": {"Type": "String"}},\n  "Resources": {\n    "Topic": {"Type": "AWS::SNS::Topic"},\n    "Child": {"Type": "AWS::CloudFormation::Stack", "Properties": {"TemplateURL": "./child.yaml", "Parameters": {"TopicArn": {"Ref": "Topic"}}}},\n    "Remote": {"Type": "AWS::CloudFormation::Stack", "Properties": {"TemplateURL": {"Fn::Sub": "https://${Bucket}.s3.amazonaws.com/x.yaml"}}}\n  }\n}\n', 'stack.json', [5, 5, 6, 5]],
  ])('notices each nested stack at its logical id: its parameters and outputs are not followed (%s)', (_, text, file, [childLine, childColumn, remoteLine, remoteColumn]) => {
    const parsed = parse(text, undefined, file);
    expect(parsed.errors).toEqual([]);
    expect(parsed.notices).toEqual([
      { file, line: childLine, column: childColumn, message: 'nested stack Child (./child.yaml) is not followed: the Parameters passed here do not reach its template (a local one is analyzed only when scanned, on its own), and its outputs (Child.Outputs.*) are not known here' },
      { file, line: remoteLine, column: remoteColumn, message: 'nested stack Remote is not followed: the Parameters passed here do not reach its template (a local one is analyzed only when scanned, on its own), and its outputs (Remote.Outputs.*) are not known here' },
    ]);
  });

  it.each([
    ['YAML', 'Resources:\n  Inline:\n    Type: AWS::CloudFormation::StackSet\n    Properties:\n      StackSetName: roles\n      PermissionModel: SERVICE_MANAGED\n      TemplateBody: |\n        Resources:\n          Role:\n            Type: AWS::IAM::Role\n            Properties:\n              AssumeRolePolicyDocument:\n                Statement:\n                  - {Effect: Allow, Principal: {Service: sagemaker.amazonaws.com}, Action: sts:AssumeRole}\n  Remote:\n    Type: AWS::CloudFormation::StackSet\n    Properties:\n      StackSetName: remote\n      PermissionModel: SELF_MANAGED\n      TemplateURL: https://bucket.s3.amazonaws.com/roles.yaml\n  Stack:\n    Type: AWS::SNS::Topic\n', 'stack-set.yaml', [15, 3, 9, 11]],
    ['JSON', '{\n  "Resources": {\n    "Inline": {"Type": "AWS::CloudFormation::StackSet", "Properties": {"StackSetName": "roles", "PermissionModel": "SERVICE_MANAGED", "TemplateBody": "{\\"Resources\\": {\\"Role\\": {\\"Type\\": \\"AWS::IAM::Role\\"}}}"}},\n    "Remote": {"Type": "AWS::CloudFormation::StackSet", "Properties": {"StackSetName": "remote", "PermissionModel": "SELF_MANAGED", "TemplateURL": "https://bucket.s3.amazonaws.com/roles.yaml"}},\n    "Stack": {"Type": "AWS::SNS::Topic"}\n  }\n}\n', 'stack-set.json', [4, 5, 3, 170]],
  ])('reads the template a stack set writes in its TemplateBody, located in the file, and notices one at a URL (%s)', (_, text, file, [remoteLine, remoteColumn, roleLine, roleColumn]) => {
    const parsed = parse(text, undefined, file);
    expect(parsed.errors).toEqual([]);
    expect(parsed.notices).toEqual([
      { file, line: remoteLine, column: remoteColumn, message: 'stack set Remote (https://bucket.s3.amazonaws.com/roles.yaml) is not followed: the template it deploys to its stack instances is analyzed only when scanned, on its own, without the Parameters passed here' },
    ]);
    expect(parsed.worlds[0]!.resources.map(({ address }) => address)).toEqual([`${file}#Inline`, `${file}#Remote`, `${file}#Stack`]);
    const [deployed, ...others] = parsed.deployedTemplates ?? [];
    expect(others).toEqual([]);
    expect(deployed!.file).toBe(file);
    expect(deployed!.errors).toEqual([]);
    const [role, ...rest] = deployed!.worlds[0]!.resources;
    expect(rest).toEqual([]);
    expect({ address: role!.address, name: role!.name, file: role!.file }).toEqual({ address: `${file}#Inline/TemplateBody#Role`, name: 'Role', file });
    expect(role!.location).toMatchObject({ file, startLine: roleLine, startColumn: roleColumn });
  });

  it.each([
    ['a JSON string', '{"Resources": {"Sets": {"Type": "AWS::CloudFormation::StackSet", "Properties": {"TemplateBody": "{\\"Resources\\": {\\"Role\\": {\\"Description\\": \\"say \\\\\\"hi\\\\\\"\\", \\"Type\\": \\"AWS::IAM::Role\\"}}}"}}}}', 'sets.json', 1, 164, 'Type'],
    ['a block scalar holding JSON', 'Resources:\n  Sets:\n    Type: AWS::CloudFormation::StackSet\n    Properties:\n      TemplateBody: |\n        {"Resources":\n          {"Role": {"Type": "AWS::IAM::Role"}}}\n', 'sets.yaml', 7, 12, 'Role'],
    ['a quoted YAML string without escapes', "Resources:\n  Sets:\n    Type: AWS::CloudFormation::StackSet\n    Properties:\n      TemplateBody: '{Resources: {Role: {Type: AWS::IAM::Role}}}'\n", 'sets.yaml', 5, 35, 'Role'],
  ])('places each token of a TemplateBody written as %s where the file writes it', (_, text, file, line, column, token) => {
    const parsed = parse(text, undefined, file);
    expect(parsed.errors).toEqual([]);
    expect(parsed.notices).toEqual([]);
    const deployed = parsed.deployedTemplates![0]!;
    expect(deployed.errors).toEqual([]);
    const role = deployed.worlds[0]!.resources[0]!;
    const at = token === 'Type' ? role.locator!.locate(['Type']) : role.location;
    expect(at).toMatchObject({ startLine: line, startColumn: column });
    expect(text.split('\n')[line - 1]!.slice(column - 1)).toMatch(new RegExp(`^\\\\?"?${token}`));
  });

  it('reads a stack set TemplateBody that writes its own stack set, each addressed under the one it is written in', () => {
    const text = template(`
      Resources:
        Outer:
          Type: AWS::CloudFormation::StackSet
          Properties:
            TemplateBody: |
              Resources:
                Inner:
                  Type: AWS::CloudFormation::StackSet
                  Properties:
                    TemplateBody: |
                      Resources:
                        Role: {Type: AWS::IAM::Role}
    `);
    const inner = parse(text).deployedTemplates![0]!.deployedTemplates![0]!;
    expect(inner.worlds[0]!.resources.map(({ address, location }) => [address, location.startLine, location.startColumn])).toEqual([[`${FILE}#Outer/TemplateBody#Inner/TemplateBody#Role`, 12, 19]]);
  });

  it('says what is wrong in a TemplateBody at its line in the file, naming the stack set, and reads the rest', () => {
    const text = template(`
      Resources:
        Broken:
          Type: AWS::CloudFormation::StackSet
          Properties:
            TemplateBody: |
              Resources:
                Role:
                  Type: AWS::IAM::Role
                  Properties: {AssumeRolePolicyDocument: {Statement: [}
        NoResources:
          Type: AWS::CloudFormation::StackSet
          Properties:
            TemplateBody: "just text"
        Topic:
          Type: AWS::SNS::Topic
    `);
    const parsed = parse(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.worlds[0]!.resources.map(({ name }) => name)).toEqual(['Broken', 'NoResources', 'Topic']);
    const [broken, noResources] = parsed.deployedTemplates!;
    expect(broken!.incomplete).toBe(true);
    expect(broken!.errors).toEqual([expect.objectContaining({ file: FILE, line: 9, message: expect.stringMatching(/^in the TemplateBody of stack set Broken: /) })]);
    expect(noResources!.errors).toEqual([{ file: FILE, message: 'in the TemplateBody of stack set NoResources: the template is not a mapping' }]);
  });

  it.each([
    ['written with escapes in a YAML string', 'TemplateBody: "Resources:\\n  Role: {Type: AWS::IAM::Role}\\n"', 'the template written in its TemplateBody is not analyzed, as its text is not written line for line as it reads (escapes, folded lines); a block scalar (|) is', 5, 7],
    ['folded', 'TemplateBody: >\n        {"Resources":\n        {"Role": {"Type": "AWS::IAM::Role"}}}', 'the template written in its TemplateBody is not analyzed, as its text is not written line for line as it reads (escapes, folded lines); a block scalar (|) is', 5, 7],
    ['computed by Fn::Sub', 'TemplateBody: !Sub "Resources: {Role: {Type: AWS::IAM::Role, Properties: {Path: ${AWS::Region}}}}"', 'the template its TemplateBody computes, which it deploys to its stack instances, is not analyzed', 2, 3],
  ])('notices a stack set whose TemplateBody is %s, and reads no template of it', (_, body, said, line, column) => {
    const parsed = parse(`Resources:\n  Sets:\n    Type: AWS::CloudFormation::StackSet\n    Properties:\n      ${body}\n`);
    expect(parsed.errors).toEqual([]);
    expect(parsed.notices).toEqual([{ file: FILE, line, column, message: `stack set Sets is not followed: ${said}` }]);
    expect(parsed.deployedTemplates).toBeUndefined();
  });

  it('leaves CloudFormation resources that deploy no template unnoticed (a macro, a wait condition handle)', () => {
    expect(parse('Resources:\n  Handle:\n    Type: AWS::CloudFormation::WaitConditionHandle\n  Macro:\n    Type: AWS::CloudFormation::Macro\n    Properties: {Name: m, FunctionName: f}\n').notices).toEqual([]);
  });

  it('notices a SAM application as a nested stack, by its Location', () => {
    const text = 'Transform: AWS::Serverless-2016-10-31\nResources:\n  App:\n    Type: AWS::Serverless::Application\n    Properties:\n      Location: ./app.yaml\n';
    expect(parse(text).notices).toEqual([
      { file: FILE, line: 3, column: 3, message: 'nested stack App (./app.yaml) is not followed: the Parameters passed here do not reach its template (a local one is analyzed only when scanned, on its own), and its outputs (App.Outputs.*) are not known here' },
    ]);
  });

  it('leaves SAM resources without the SAM transform unnoticed (SAM\'s own translator test inputs)', () => {
    expect(parse('Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n').notices).toEqual([]);
  });

  it('reads a Globals DeploymentPreference as the function\'s own', () => {
    const text = 'Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    DeploymentPreference: {Type: Linear10PercentEvery1Minute}\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Role: arn:aws:iam::1:role/r\n';
    expect(parse(text).notices.map((notice) => notice.message)).toEqual(['transform AWS::Serverless-2016-10-31 is not expanded whole: these IAM roles and policies it generates are not analyzed: the CodeDeploy role of the DeploymentPreference of Fn']);
  });
});

describe('locating in large mappings', () => {
  it('finds the last pair of a repeated key, whether a mapping is searched or looked up', () => {
    for (const count of [3, 40]) {
      const keys = Array.from({ length: count }, (_, index) => `  R${index}: ${index}`);
      const text = `Resources:\n${keys.join('\n')}\n  R1: again\n  1: number\n`;
      const precise = new PreciseDocument('t.yaml', text);
      expect(precise.locate(['Resources', 'R1'])?.startLine).toBe(count + 2);
      expect(precise.locate(['Resources', `R${count - 1}`])?.startLine).toBe(count + 1);
      expect(precise.locate(['Resources', 1])?.startLine).toBe(count + 3);
      expect(precise.locate(['Resources', 'R-missing'])?.startLine).toBe(1);
    }
  });
});

describe('top-level key positions', () => {
  it.each([
    ['YAML after a comment and a block scalar', 'stack.yaml', '# stack\nDescription: |\n  Transform: not this\nTransform: MyMacro\nResources: {}\n', true],
    ['YAML with a quoted key', 'stack.yaml', 'Resources: {}\n"Transform" : MyMacro\n', true],
    ['YAML with a single-quoted key and a list', 'stack.yaml', "Resources: {}\n'Transform':\n  - MyMacro\n", true],
    ['YAML in flow style', 'stack.yaml', '{Resources: {}, Transform: MyMacro}\n', false],
    // A flow mapping's keys may start their lines at any depth: a nested one is no top-level key.
    ['YAML in flow style, a nested key starting its line first', 'stack.yaml', '{\nMetadata: {\nTransform: doc\n},\nTransform: MyMacro,\nResources: {}\n}\n', false],
    ['YAML in flow style, only a nested key starting its line', 'stack.yaml', '{Transform: MyMacro, Metadata: {\nTransform: doc}, Resources: {}}\n', false],
    ['JSON text read as YAML after a comment', 'stack.yaml', '# stack\n{\n"Metadata": {\n"Transform": "doc"\n},\n"Transform": "MyMacro",\n"Resources": {}\n}\n', false],
    ['YAML with the root mapping on the document start line', 'stack.yaml', '--- {Metadata: {\nTransform: doc}, Transform: MyMacro, Resources: {}}\n', false],
    // js-yaml reads a quoted scalar continued on an unindented line (the yaml package refuses it).
    ['YAML with a quoted scalar continued at the first column', 'stack.yaml', 'Description: "first line\nTransform: not a key"\nTransform: MyMacro\nResources: {}\n', false],
    // The top-level key written after `?` or a tag is not found so; a continuation js-yaml lets start its line is.
    ['YAML with an explicit top-level key and a quoted scalar continued at the first column', 'stack.yaml', 'Metadata: {Note: "built by\nTransform: the pipeline"}\n? Transform\n: MyMacro\nResources: {}\n', false],
    ['YAML with a tagged top-level key and a quoted scalar continued at the first column', 'stack.yaml', "Metadata: {Note: 'built by\nTransform: the pipeline'}\n!!str Transform: MyMacro\nResources: {}\n", false],
    ['YAML after a directive and a document start', 'stack.yaml', '%YAML 1.1\n--- # stack\nResources: {}\nTransform: MyMacro\n', true],
    ['JSON with the key inside a resource first', 'stack.json', '{\n  "Resources": {"T": {"Type": "X", "Properties": {"Transform": 1}}},\n  "Transform": "MyMacro"\n}\n', true],
    ['JSON on one line', 'stack.json', '{"Resources":{},"Transform":["A","MyMacro"]}', true],
    ['JSON after a byte order mark', 'stack.json', '\uFEFF{"Transform": "MyMacro",\n "Resources": {}}', true],
  ])('are the same found in the text as through the precise path (%s)', (_, file, text, inText) => {
    const source = new TemplateSource(file, text);
    const fromText = source.position(['Transform']);
    // Found in the text, the template is not read again precisely (a SAM template with no finding needs it for nothing else).
    expect(Reflect.get(source, 'precise') === undefined).toBe(inText);
    const precise = new TemplateSource(file, text);
    precise.locate(['Resources']);
    expect(fromText).toEqual(precise.position(['Transform']));
  });
});
