import { describe, expect, it } from 'vitest';
import { parseFast } from '../../../parsers/cloudformation/fast.js';
import { PreciseDocument } from '../../../parsers/cloudformation/precise.js';
import { INTRINSIC_TAG_NAMES, longFormKey } from '../../../parsers/cloudformation/schema.js';
import { parse, template } from './helpers.js';

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

  it('reads JSON-like text that only YAML accepts (trailing comma)', () => {
    const parsed = parse('{"Resources": {"Topic": {"Type": "AWS::SNS::Topic"},}}', undefined, 'lenient.json');
    expect(parsed.errors).toEqual([]);
    expect(parsed.worlds[0]!.resources).toHaveLength(1);
  });

  it('reads YAML flow style that starts like JSON', () => {
    const parsed = parse('{Resources: {Topic: {Type: AWS::SNS::Topic}}}');
    expect(parsed.errors).toEqual([]);
    expect(parsed.worlds[0]!.resources.map((resource) => resource.type)).toEqual(['AWS::SNS::Topic']);
  });
});

describe('input errors', () => {
  it.each([
    ['YAML', 'Resources:\n  Topic:\n    Type: [unclosed\n', 'stacks/template.yaml', /^YAML syntax error/, 4],
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

  it('gives the exact JSON error position', () => {
    const parsed = parse('{\n  "Resources": {\n    "A": 1\n    "B": 2\n  }\n}', undefined, 'x.json');
    expect(parsed.errors).toEqual([{ file: 'x.json', line: 4, column: 5, message: "JSON syntax error: Expected ',' or '}' after property value" }]);
  });

  it('takes the position from the YAML reading when V8 gives none, and never echoes the text', () => {
    const parsed = parse('{\n  "Resources": {\n    "A": [1, }\n  }\n}', undefined, 'x.json');
    expect(parsed.errors).toEqual([{ file: 'x.json', line: 3, column: expect.any(Number), message: "JSON syntax error: Unexpected token '}'" }]);
  });

  it('reports truncated JSON at its end', () => {
    const parsed = parse('{\n  "Resources": {', undefined, 'x.json');
    expect(parsed.errors).toEqual([{ file: 'x.json', line: 2, column: 17, message: "JSON syntax error: Expected property name or '}'" }]);
  });

  it('refuses an alias bomb', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level <= 9; level++) levels.push(`${'abcdefghij'[level]}: &${'abcdefghij'[level]} [${Array(9).fill(`*${'abcdefghij'[level - 1]}`).join(', ')}]`);
    const bomb = `Resources: {}\n${levels.join('\n')}\n`;
    for (const text of [bomb, `${bomb}a: duplicate\n`]) {
      const parsed = parse(text);
      expect(parsed.worlds).toEqual([]);
      expect(parsed.errors).toEqual([{ file: 'stacks/template.yaml', message: expect.stringMatching(/alias/) }]);
    }
  });

  it.each([
    ['JSON', `{"Resources": ${'['.repeat(500)}${']'.repeat(500)}}`, 'deep.json'],
    ['YAML flow', `Resources: ${'['.repeat(500)}${']'.repeat(500)}\n`, 'deep.yaml'],
    ['YAML block', `Resources:\n${Array.from({ length: 500 }, (_, depth) => `${' '.repeat(depth + 1)}k${depth}:`).join('\n')} x\n`, 'deep.yaml'],
  ])('refuses nesting deeper than 200 levels (%s)', (_name, text, file) => {
    const parsed = parse(text, undefined, file);
    expect(parsed.worlds).toEqual([]);
    expect(parsed.errors).toEqual([{ file, message: expect.stringMatching(/deeper than 200 levels|too deeply/) }]);
  });

  it.each([
    ['an empty file', ''],
    ['a list', '- a\n- b\n'],
    ['a scalar', 'just text\n'],
    ['several documents', 'Resources: {}\n---\nResources: {}\n'],
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
  });

  it('never throws', () => {
    const inputs = ['\u0000', '{', '[', '!!', ': :', '*unknown', '&a [*a]', 'Resources: !Ref', '\uFEFF{"Resources": {}}', 'Resources: [1, 2]', 'Conditions: !If', '%YAML 9.9\n---\na: 1'];
    for (const text of inputs) expect(() => parse(text)).not.toThrow();
    expect(parse('\uFEFF{"Resources": {"T": {"Type": "AWS::SNS::Topic"}}}', undefined, 'bom.json').errors).toEqual([]);
  });

  it('notices transforms it does not expand', () => {
    const parsed = parse('Transform: [AWS::Serverless-2016-10-31, MyMacro]\nResources:\n  F:\n    Type: AWS::Serverless::Function\n');
    expect(parsed.notices).toEqual(['transform MyMacro is not expanded: resources it would add are not analyzed']);
    expect(parsed.worlds[0]!.resources[0]).toMatchObject({ type: 'AWS::Serverless::Function', kind: 'other' });
  });
});
