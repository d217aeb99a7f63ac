import { describe, expect, it } from 'vitest';
import { withTemplate } from '../../parsers/template-origin.js';
import { HCL_TEMPLATE } from '../../parsers/terraform/source.js';
import { writtenPosition } from '../../src/model/index.js';

/**
 * Where each column of the rendering (and the one after it) is written, the template written on one line; with `end`,
 * each column as the end of a range.
 */
function writtenColumnsOf(written: string, rendered: string, end = false): number[] {
  const fitted = withTemplate({ line: 1, column: 1, indentColumn: 1 }, [written], HCL_TEMPLATE).fit!(rendered)!;
  return Array.from({ length: rendered.length + 1 }, (_, index) => fitted.writtenColumn!(1, index + 1, end));
}

describe('a template line fitted to its rendering', () => {
  it.each([
    // Each run between interpolations is held once before the last run: every column of a run is where it is written,
    // what an interpolation wrote is at the interpolation.
    ['runs held once', 'A${p}B${q}A${r}Z', 'A1B2A3Z', [1, 2, 6, 7, 11, 12, 16, 17]],
    // `-` is held twice before `Z`: where it is is not known, and all between `A` and `Z` is at the first interpolation.
    ['a run held twice', 'A${p}-${q}Z', 'A1-2-3Z', [1, 2, 2, 2, 2, 2, 11, 12]],
    // The second `-` is the last run's own: the first is held once before it.
    ['a run held again only in the last run', 'A${p}-${q}-Z', 'A1-2-Z', [1, 2, 6, 7, 11, 12, 13]],
    ['a run held twice before the last run', 'A${p}-${q}-Z', 'A1-2--Z', [1, 2, 2, 2, 2, 11, 12, 13]],
    // Places of a run may overlap: `aa` is held twice in `aaa`.
    ['a run held twice, overlapping', 'A${p}aa${q}Z', 'A1aaa2Z', [1, 2, 2, 2, 2, 2, 12, 13]],
    // `b` is held in `ab` too, before the run after it: held once from there.
    ['a run held once after the run before it', 'A${p}ab${q}b${r}Z', 'A1abb3Z', [1, 2, 6, 7, 8, 13, 17, 18]],
  ])('locates %s', (_what, written, rendered, expected) => {
    expect(writtenColumnsOf(written, rendered)).toEqual(expected);
  });
});

describe('a template line fitted to its rendering, its columns ending ranges', () => {
  it.each([
    // Inside what an interpolation wrote, a range ends after the interpolation (a range of all it wrote spans it); at
    // the end of what it wrote, or of a run, as a range's start is.
    ['runs held once', 'A${p}B${q}Z', 'A11B22Z', [1, 2, 6, 6, 7, 11, 11, 12]],
    // Between two runs found, all the interpolations and the run not found between them.
    ['a run held twice', 'A${p}-${q}Z', 'A1-2-3Z', [1, 2, 11, 11, 11, 11, 11, 12]],
    // An interpolation that ends the line: after it.
    ['an interpolation last', 'A${local.stmt}', 'A{"a":1}', [1, 2, 15, 15, 15, 15, 15, 15, 15]],
  ])('locates %s', (_what, written, rendered, expected) => {
    expect(writtenColumnsOf(written, rendered, true)).toEqual(expected);
  });

  it('places a range inside what an interpolation wrote on the whole interpolation, in a heredoc and in a quoted string over \\n lines', () => {
    const heredoc = withTemplate({ line: 4, column: 3, indentColumn: 3 }, ['{', '  "Statement": [${local.stmt}]', '}'], HCL_TEMPLATE).fit!('{\n  "Statement": [{"Effect":"Allow"}]\n}')!;
    const statement = '  "Statement": ['.length + 1;
    expect([writtenPosition(heredoc, 2, statement, false), writtenPosition(heredoc, 2, statement + '{"Effect"'.length, true)]).toEqual([
      { line: 5, column: 3 + statement - 1 },
      { line: 5, column: 3 + statement - 1 + '${local.stmt}'.length },
    ]);
  });
});

describe('a template line an interpolation writes over several lines', () => {
  // A heredoc (at line 4, column 3) whose jsonencode({...}) breaks lines: the written lines up to the one that closes it
  // render as one line.
  const written = ['{', '  "Statement": [${jsonencode({', '    Effect = "Allow"', '  })}, ${jsonencode({', '    Effect = "Deny"', '  })}],', '  "Version": "2012-10-17"', '}', ''];
  const rendered = '{\n  "Statement": [{"Effect":"Allow"}, {"Effect":"Deny"}],\n  "Version": "2012-10-17"\n}\n';
  const fitted = withTemplate({ line: 4, column: 3, indentColumn: 3 }, written, HCL_TEMPLATE).fit!(rendered)!;
  const statements = '  "Statement": ['.length + 1;

  it('places its runs on the lines that write them, and the lines after it on theirs', () => {
    const between = statements + '{"Effect":"Allow"}'.length;
    expect([
      writtenPosition(fitted, 2, 1, false),
      writtenPosition(fitted, 2, statements, false),
      // The run between the two interpolations, written after the first one closes.
      writtenPosition(fitted, 2, between, false),
      // The last run, after the second one closes.
      writtenPosition(fitted, 2, between + ', {"Effect":"Deny"}'.length, false),
      writtenPosition(fitted, 3, 3, false),
    ]).toEqual([
      { line: 5, column: 3 },
      { line: 5, column: 3 + statements - 1 },
      { line: 7, column: 3 + '  })}'.length },
      { line: 9, column: 3 + '  })}'.length },
      { line: 10, column: 5 },
    ]);
  });

  it('tells each interpolation where it renders, written where it starts', () => {
    const second = statements + '{"Effect":"Allow"}, '.length;
    expect([fitted.interpolationAt!(2, statements + 1), fitted.interpolationAt!(2, second + 1)]).toEqual([
      { column: statements, end: statements + '{"Effect":"Allow"}'.length },
      { column: second, end: second + '{"Effect":"Deny"}'.length },
    ]);
    expect(writtenPosition(fitted, 2, second, false)).toEqual({ line: 7, column: 3 + '  })}, '.length });
  });

  it('spans the lines of interpolations left open in turn; not those of one a directive follows, nor of one never closed', () => {
    expect(HCL_TEMPLATE.linesSpanned!(['a ${b(', ')} x ${c(', 'd)} e', 'f'], 0)).toBe(3);
    expect(HCL_TEMPLATE.linesSpanned!(['a ${b(', ')} %{ if x }', '%{ endif }'], 0)).toBe(1);
    expect(HCL_TEMPLATE.linesSpanned!(['a ${b(', 'c'], 0)).toBe(1);
    expect(HCL_TEMPLATE.linesSpanned!(['a ${b} c'], 0)).toBe(1);
  });
});

describe('a template line of thousands of runs fitted to its rendering', () => {
  // Each statement's text between substitutions is a run, held once, of one of 300 lengths (bench/scale.mjs times the shape).
  it('locates the last run where it is written', () => {
    const statements = Array.from({ length: 8000 }, (_, index) => `{"Sid":"${'S'.repeat((index * 7) % 300)}","Effect":"Allow","Action":"sagemaker:CreateTrainingJob","Resource":"arn:\${var.partition}:sagemaker:::training-job/\${var.prefix}-${index}-*"}`);
    const written = `{"Version":"2012-10-17","Statement":[${statements.join(',')}]}`;
    const rendered = written.replaceAll('${var.partition}', 'aws').replaceAll('${var.prefix}', 'ml');
    const fitted = withTemplate({ line: 1, column: 1, indentColumn: 1 }, [written], HCL_TEMPLATE).fit!(rendered)!;
    expect(fitted.writtenColumn!(1, rendered.lastIndexOf('"Sid"') + 1)).toBe(written.lastIndexOf('"Sid"') + 1);
  });
});
