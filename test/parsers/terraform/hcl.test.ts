import { describe, expect, it } from 'vitest';
import { MOST_SYNTAX_ERRORS, deeplyNested, parseHclFile } from '../../../parsers/terraform/hcl.js';
import { scanTree } from './helpers.js';

describe('parseHclFile', () => {
  it.each([
    ['a missing expression', 'resource "a" "b" {\n  x = \n}\n', { line: 2, column: 7, message: 'Invalid expression: Expected the start of an expression, but found an invalid expression token.' }],
    ['an unclosed block, at its opening brace', 'locals {\n  a = 1\n', { line: 1, column: 8, message: expect.stringContaining('Unclosed configuration block') }],
    ['an error at the end of the file, at the end of its last line', 'locals {\n  a = [1,\n', { line: 2, column: 10, message: expect.stringContaining('found the end of the file') }],
    // HCL counts the emoji as one character; editors and SARIF count its two UTF-16 code units.
    ['an error after characters outside the BMP, in UTF-16 code units', 'locals {\n  a = "日本語😀" +\n}\n', { line: 2, column: 16, message: 'Invalid expression: Expected the start of an expression, but found an invalid expression token.' }],
    // hcl2json's conversion names no place for these: deputy's scanner finds the block.
    ['blocks of one type with and without labels, at the first unlike the first', 'resource "aws_iam_role" "r" {\n  name = "r"\n}\n\nresource {\n}\n', { line: 5, column: 1, message: 'cannot parse: convert to HCL: convert file: convert body: convert block: invalid HCL detected for "resource" block, cannot have blocks with and without labels' }],
    ['nested blocks with and without labels, at the first unlike the first', 'locals {\n}\nresource "aws_iam_role" "r" {\n  dynamic "x" {\n  }\n  dynamic {\n  }\n}\n', { line: 6, column: 3, message: 'cannot parse: convert to HCL: convert file: convert body: convert block: convert body: convert block: invalid HCL detected for "dynamic" block, cannot have blocks with and without labels' }],
    ['a block whose blocks hcl2json cannot convert, at that block', 'resource {\n}\nresource "aws_iam_role" "r" {\n  dynamic "x" {\n  }\n  dynamic {\n  }\n}\n', { line: 3, column: 1, message: 'cannot parse: convert to HCL: convert file: convert body: convert block: Unable to convert Block to JSON: resource.aws_iam_role.r' }],
  ])('reports %s as an InputError at its line', async (_title, text, expected) => {
    const parsed = await parseHclFile('bad.tf', text);
    expect(parsed).toEqual({ errors: [{ file: 'bad.tf', ...expected }] });
  });

  it('reports each syntax error at its own place, in the order of their places', async () => {
    const parsed = await parseHclFile('dir/bad.tf', 'resource "aws_iam_role" "a" {\n  name = "a" ; x = 1\n  q = @\n  r = $\n  s = "t\n}\n');
    expect(parsed).toEqual({
      errors: [
        { file: 'dir/bad.tf', line: 2, column: 14, message: expect.stringMatching(/^Invalid character: The ";" character is not valid\./) },
        { file: 'dir/bad.tf', line: 2, column: 14, message: 'Missing newline after argument: An argument definition must end with a newline.' },
        { file: 'dir/bad.tf', line: 3, column: 7, message: 'Invalid character: This character is not used within the language.' },
        { file: 'dir/bad.tf', line: 4, column: 7, message: 'Invalid character: This character is not used within the language.' },
        // A diagnostic of several lines (`5,9-6,1`) is at its first.
        { file: 'dir/bad.tf', line: 5, column: 9, message: expect.stringMatching(/^Invalid multi-line string: /) },
        { file: 'dir/bad.tf', line: 6, column: 2, message: expect.stringMatching(/^Invalid multi-line string: /) },
      ],
    });
  });

  it('lists the first syntax errors of a file, then one that says how many more there are', async () => {
    // An invalid character on each of 30 lines, and an invalid expression at the first: 31 errors.
    const parsed = await parseHclFile('bin.tf', `locals {\n${Array.from({ length: 30 }, (_, index) => `  a${index} = @\n`).join('')}}\n`);
    expect('errors' in parsed && parsed.errors.map(({ line, column, message }) => [line, column, message.split(':')[0]])).toEqual([
      [2, 8, 'Invalid character'],
      [2, 8, 'Invalid expression'],
      ...Array.from({ length: MOST_SYNTAX_ERRORS - 2 }, (_, index) => [index + 3, 8, 'Invalid character']),
      [MOST_SYNTAX_ERRORS + 1, 8, `and ${31 - MOST_SYNTAX_ERRORS} more syntax errors from here on`],
    ]);
  });

  it('tells where a text nests so deeply that hcl2json might run out of stack, counting brackets, unary operators and conditionals', () => {
    const local = (value: string) => `locals {\n  a = 1\n  x = ${value}\n}\n`;
    expect(deeplyNested(local(`${'('.repeat(150)}1${')'.repeat(150)}`))).toBeUndefined();
    expect(deeplyNested(local(`${'('.repeat(250)}1${')'.repeat(250)}`))).toEqual({ line: 3, column: 256 });
    expect(deeplyNested(local(`${'! '.repeat(1_500)}true`))).toBeUndefined();
    expect(deeplyNested(local(`${'! '.repeat(2_500)}true`))).toEqual({ line: 3, column: 5_005 });
    expect(deeplyNested(local('true ? 1 : '.repeat(2_500) + '1'))).toEqual({ line: 3, column: 27_501 });
    // Closing brackets that open nothing do not hide the ones after them.
    expect(deeplyNested(`# ${')'.repeat(1_000)}\n${local(`${'('.repeat(250)}1${')'.repeat(250)}`)}`)).toEqual({ line: 4, column: 256 });
    // A comment line of dashes, a certificate, a long file of ordinary blocks: nothing to isolate.
    const ordinary = `# ${'-'.repeat(120)}\n${'resource "aws_iam_role" "r" {\n  name = "-----BEGIN-----"\n  tags = { a = "b" }\n}\n'.repeat(2_000)}`;
    expect(deeplyNested(ordinary)).toBeUndefined();
  });

  it('reports a text too deeply nested to parse here at its deepest place, never handing it to hcl2json in this thread', async () => {
    // Under vitest no worker can start (the sources are TypeScript): the text is refused as it is when its thread fails.
    const parsed = await parseHclFile('deep.tf', `locals {\n  x = ${'('.repeat(20_000)}1${')'.repeat(20_000)}\n}\n`);
    expect(parsed).toEqual({ errors: [{ file: 'deep.tf', line: 2, column: 20_006, message: 'cannot parse: nested too deeply for the HCL parser (no thread to read it in)' }] });
    expect(await parseHclFile('fine.tf', 'locals {\n  x = ((1))\n}\n')).toEqual({ body: { locals: [{ x: '${((1))}' }] } });
  });

  it('reads .tf.json into the shape hcl2json gives HCL: every body a list', async () => {
    const parsed = await parseHclFile('main.tf.json', JSON.stringify({ resource: { aws_iam_role: { r: { name: 'x' } } }, variable: { v: { default: 1 } }, locals: { a: '${var.v}' } }));
    expect(parsed).toEqual({ body: { resource: { aws_iam_role: { r: [{ name: 'x' }] } }, variable: { v: [{ default: 1 }] }, locals: [{ a: '${var.v}' }] } });
  });

  it('reads lists of objects wherever .tf.json allows them in place of an object of labels', async () => {
    const written = { resource: [{ aws_iam_role: { a: { name: 'a' } } }, { aws_iam_role: [{ b: [{ name: 'b' }] }], aws_iam_policy: { p: { name: 'p' } } }], variable: [{ v: {} }] };
    expect(await parseHclFile('main.tf.json', JSON.stringify(written))).toEqual({
      body: { resource: { aws_iam_role: { a: [{ name: 'a' }], b: [{ name: 'b' }] }, aws_iam_policy: { p: [{ name: 'p' }] } }, variable: { v: [{}] } },
    });
  });

  it('reports invalid JSON with its line', async () => {
    expect(await parseHclFile('main.tf.json', '{\n  "resource": {\n}')).toEqual({ errors: [expect.objectContaining({ file: 'main.tf.json', line: 3 })] });
  });

  it('reports invalid JSON the way CloudFormation JSON is reported: line, column, no echo of the text', async () => {
    const parsed = await parseHclFile('main.tf.json', '{\n  "resource": {\n    "a": 1,\n  }\n}');
    expect(parsed).toEqual({ errors: [{ file: 'main.tf.json', line: 4, column: 3, message: expect.stringMatching(/^JSON syntax error: /) }] });
    expect('errors' in parsed && parsed.errors[0]!.message).not.toContain('"resource"');
  });
});

describe('command-line variables', () => {
  it('reports a --var that no scanned root declares', async () => {
    const result = await scanTree({ 'main.tf': 'variable "known" {}\n' }, { variables: { known: 'a', unknown: 'b' } });
    expect(result.errors).toEqual([{ file: '(command line)', message: 'variable unknown (--var) is not declared by any scanned root module' }]);
  });

  it('reports a --var when no root module is scanned at all, as a --parameter no template declares is', async () => {
    const template = 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n';
    const result = await scanTree({ 'stack.yaml': template }, { variables: { region: 'us-east-1' } });
    expect(result.errors).toEqual([{ file: '(command line)', message: 'variable region (--var) is not declared by any scanned root module' }]);
  });

  it('accepts a --var on a scan that reads a plan, which may be the value the plan was made with', async () => {
    const plan = JSON.stringify({ format_version: '1.2', planned_values: { root_module: {} }, resource_changes: [], configuration: { root_module: { variables: { env: {} } } } });
    const result = await scanTree({ 'main.tf': 'variable "env" {}\n', 'plan.json': plan }, { variables: { env: 'prod' } });
    expect(result.errors).toEqual([]);
  });
});
