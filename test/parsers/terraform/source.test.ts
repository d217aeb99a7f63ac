import { describe, expect, it } from 'vitest';
import { HclSource, heredocOrigin } from '../../../parsers/terraform/source.js';

function scanned(text: string): HclSource {
  return new HclSource('main.tf', text);
}

describe('HCL source scanner', () => {
  it('records block headers, labels and attribute expressions with their lines', () => {
    const source = scanned(`# leading comment
resource "aws_iam_role" "x" {
  name = "a{b}"   # not a brace
  tags = {
    team = "ml"
  }
  inline_policy {
    name = "p"
  }
}
provider "aws" { region = "us-east-1" }
`);
    const [role, provider] = source.body.blocks;
    expect(role).toMatchObject({ type: 'resource', labels: ['aws_iam_role', 'x'] });
    expect(role!.attributes.map((attribute) => [attribute.name, source.text.slice(attribute.start, attribute.end)])).toEqual([
      ['name', '"a{b}"'],
      ['tags', '{\n    team = "ml"\n  }'],
    ]);
    expect(role!.blocks.map((block) => [block.type, source.lineColumn(block.start).line])).toEqual([['inline_policy', 7]]);
    expect(source.blockLocation(role!)).toMatchObject({ startLine: 2, endLine: 2 });
    expect(provider).toMatchObject({ type: 'provider', labels: ['aws'] });
    expect(provider!.attributes.map((attribute) => source.text.slice(attribute.start, attribute.end))).toEqual(['"us-east-1"']);
  });

  it.each([
    ['a heredoc holding braces and a fake closing word', 'x = <<EOF\n{ "a": "EOFX }" \n  EOF_NOT\nEOF\ny = 1', ['x', 'y']],
    ['an indented heredoc', 'x = <<-JSON\n    {\n    }\n    JSON\ny = 2', ['x', 'y']],
    ['a template whose interpolation holds a quoted brace', 'x = "${join("}", ["a"])}"\ny = 3', ['x', 'y']],
    ['an escaped interpolation', 'x = "$${notref} {"\ny = 4', ['x', 'y']],
    ['block and line comments holding braces and equals', '/* { = */ x = 1 // }\n# y = {\nz = [\n  1, # ]\n  2,\n]\n', ['x', 'z']],
    ['an expression spanning lines inside brackets', 'x = merge(\n  {a = 1},\n  {b = 2}\n)\ny = 5', ['x', 'y']],
    ['an interpolation holding comments with a quote and braces', 'x = "${var.a /* " } */}-${var.b # "}\n}"\ny = 6', ['x', 'y']],
    // Read as levels of a stack, not calls: 20,000 deep overflowed the stack of the scanner (deputy stopped).
    ['templates nested 20,000 deep in interpolations', `x = ${'"${'.repeat(20_000)}a${'}"'.repeat(20_000)}\ny = 7`, ['x', 'y']],
    ['templates nested 20,000 deep in interpolations never closed', `x = ${'"${'.repeat(20_000)}\ny = 8\n`, ['x']],
  ])('%s', (_title, text, names) => {
    expect(scanned(text).body.attributes.map((attribute) => attribute.name)).toEqual(names);
  });

  it('keeps the comments it skips, with their offsets', () => {
    const source = scanned('x = 1 # deputy:ignore a -- b\n/* c */\n');
    expect(source.comments.map((comment) => [comment.text, source.lineColumn(comment.start).line])).toEqual([
      ['# deputy:ignore a -- b', 1],
      ['/* c */', 2],
    ]);
  });

  it('keeps the comments written in the interpolations of quoted strings and heredocs, in text order, as Terraform reads them', () => {
    const source = scanned(
      [
        'a = "${var.x /* one */}-${upper("${var.y # two\n}") // three\n}" # four',
        'b = <<-EOT',
        '  $${literal # no} ${var.z /* five */} %{ if true # six',
        '  }yes%{ endif }',
        '  ${unclosed # seven',
        '  EOT',
        '# eight',
      ].join('\n'),
    );
    expect(source.body.attributes.map((attribute) => attribute.name)).toEqual(['a', 'b']);
    expect(source.comments.map((comment) => [comment.text, source.lineColumn(comment.start).line])).toEqual([
      ['/* one */', 1],
      ['# two', 1],
      ['// three', 2],
      ['# four', 3],
      ['/* five */', 5],
      ['# six', 5],
      ['# eight', 9],
    ]);
  });

  it('gives where a heredoc text starts and the indentation <<- strips', () => {
    const source = scanned('policy = <<-EOT\n      {\n        "a": 1\n      }\n    EOT\nplain = <<EOT\n{}\nEOT\n');
    const [indented, plain] = source.body.attributes;
    expect(heredocOrigin(source, indented!)).toEqual({ line: 2, column: 7, indentColumn: 7 });
    expect(heredocOrigin(source, plain!)).toEqual({ line: 7, column: 1, indentColumn: 1 });
  });
});
