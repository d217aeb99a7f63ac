import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/analyze/engine.js';
import { masking } from '../../src/model/masked.js';
import { renderText } from '../../src/report/text.js';
import { fixedPerWorld, hostileSample, placedNotices, type Sample } from './sample.js';

let sample: Sample;
beforeAll(async () => {
  sample = await hostileSample();
});
afterAll(() => sample.dispose());

describe('text report', () => {
  it('shows each fix of a finding whose worlds take different ones under the worlds it is for, with its snippet', async () => {
    const { result, finding } = await fixedPerWorld();
    const text = renderText(result, { color: false, readSource: () => undefined });
    const [pipeline, model] = finding.fixes!;
    const indented = (snippet: string) => snippet.split('\n').map((line) => `      ${line}`).join('\n');
    expect(text).toContain(`    fix when condition IsModel is false: ${pipeline!.description}\n${indented(pipeline!.snippet)}\n    fix when condition IsModel is true: ${model!.description}\n${indented(model!.snippet)}\n`);
    expect(text.split('\n').filter((line) => line.startsWith('    fix'))).toHaveLength(2);
  });

  it('shows the first 20 related locations of a finding and counts the rest', () => {
    const withRelated = sample.result.findings.find((finding) => finding.related.length > 0)!;
    const related = (count: number) => Array.from({ length: count }, (_, index) => ({ message: `use ${index}`, location: { ...withRelated.location, startLine: index + 1, endLine: index + 1 } }));
    const render = (count: number) => renderText({ ...sample.result, findings: [{ ...withRelated, related: related(count) }] }, { color: false, readSource: () => undefined });
    const relatedLines = (text: string) => text.split('\n').filter((line) => line.startsWith('    related: '));

    const many = relatedLines(render(1_500));
    expect(many).toHaveLength(21);
    expect(many[19]).toMatch(/ use 19$/);
    expect(many[20]).toBe('    related: 1,480 more (the json format lists them all)');
    expect(relatedLines(render(20))).toHaveLength(20);
    expect(relatedLines(render(20)).at(-1)).toMatch(/ use 19$/);
  });

  it('shows the file of a related location as it shows the finding\'s own: a name cannot start a line or drive the terminal', () => {
    const withRelated = sample.result.findings.find((finding) => finding.related.length > 0)!;
    const file = 'b\n::warning title=pwned::x\u001b[31m.tf';
    const related = [{ message: 'trust policy', location: { ...withRelated.location, file } }];
    const text = renderText({ ...sample.result, findings: [{ ...withRelated, related }] }, { color: false, readSource: () => undefined });
    expect(text).toContain(`    related: b\\x0a::warning title=pwned::x\\x1b[31m.tf:${withRelated.location.startLine}:`);
    expect(text.split('\n').filter((line) => line.startsWith('::'))).toEqual([]);
  });

  it('never starts a line with a workflow command when a file name starts with one', () => {
    const [first] = sample.result.findings.filter((finding) => !finding.suppressed);
    for (const file of ['::error title=pwned::stack.yaml', ' ::stop-commands::token/stack.yaml']) {
      const moved = { ...first!, location: { ...first!.location, file } };
      const text = renderText({ ...sample.result, findings: [moved] }, { color: false, readSource: () => undefined });
      expect(text.split('\n').filter((line) => line.trimStart().startsWith('::'))).toEqual([]);
      expect(text).toContain(`./${file}:${first!.location.startLine}:${first!.location.startColumn}  `);
    }
  });
});

describe('text report of a plan', () => {
  it('says under each finding whether it is new in the plan or already deployed, whether the plan changes it, and what the plan does to its resource', async () => {
    const planned = await scan([join(import.meta.dirname, '..', 'parsers', 'terraform-plan', 'change-kinds', 'plan.json')]);
    const text = renderText(planned, { color: false, readSource: () => undefined });
    expect(text.split('\n').filter((line) => line.startsWith('    plan: '))).toEqual([
      '    plan: new finding (aws_iam_role.broke: update)',
      '    plan: new finding (aws_iam_role.created: create)',
      '    plan: existing finding, not changed by this plan (aws_iam_role.noop: no-op)',
      '    plan: existing finding, changed by this plan (aws_iam_role.replaced: replace)',
      '    plan: existing finding, changed by this plan (aws_iam_role.updated: update)',
    ]);
    // Each under its own finding.
    expect(text).toMatch(/ trust-any-principal  [^\n]*aws_iam_role\.noop:[^\n]*\n    plan: existing finding, not changed by this plan \(aws_iam_role\.noop: no-op\)\n/);
  });

  it('says of a finding on a resource the plan lists no change for (a targeted plan leaves it as deployed) only its status', () => {
    const [first] = sample.result.findings.filter((finding) => !finding.suppressed);
    const text = renderText({ ...sample.result, findings: [{ ...first!, status: 'existing', changed: false }] }, { color: false, readSource: () => undefined });
    expect(text.split('\n').filter((line) => line.startsWith('    plan: '))).toEqual(['    plan: existing finding, not changed by this plan']);
  });

  it('says nothing of a plan for findings of a template', () => {
    expect(renderText(sample.result, { color: false, readSource: () => undefined })).not.toContain('    plan: ');
  });
});

describe('text report summary line', () => {
  it('says how many files hold a finding shown and, apart, how many were analyzed (a finding may be in a file that is no input)', () => {
    const [first] = sample.result.findings.filter((finding) => !finding.suppressed);
    const inFile = (file: string) => ({ ...first!, suppressed: false, location: { ...first!.location, file } });
    const last = (findings: readonly (typeof first)[], filesAnalyzed: number) =>
      renderText({ ...sample.result, errors: [], notices: [], findings: findings as never, summary: { ...sample.result.summary, findings: findings.length, filesAnalyzed } }, { color: false, readSource: () => undefined }).trimEnd().split('\n').at(-1);
    expect(last([inFile('a.yaml'), inFile('a.yaml'), inFile('b.yaml')], 11)).toMatch(/^3 findings \(.*\) in 2 files; 11 files analyzed$/);
    // Two templates a templatefile() of the one .tf file analyzed reads.
    expect(last([inFile('trust.json.tpl'), inFile('policy.json.tpl')], 1)).toMatch(/^2 findings \(.*\) in 2 files; 1 file analyzed$/);
    expect(last([], 11)).toMatch(/^0 findings[^;]*; 11 files analyzed$/);
    // A suppressed finding is not shown, and its file is not counted.
    expect(last([inFile('a.yaml'), { ...inFile('b.yaml'), suppressed: true }], 11)).toMatch(/ in 1 file; 11 files analyzed; 1 suppressed, not shown$/);
  });
});

describe('text report notices', () => {
  it('shows a notice at file:line:column when it has a line, at its file otherwise', () => {
    const text = renderText({ ...sample.result, errors: [], notices: placedNotices() }, { color: false, readSource: () => undefined });
    expect(text.split('\n').filter((line) => line.startsWith('note  '))).toEqual([
      'note  odd %2C, name: #1/stack.yaml:2:3  transform MyMacro is not expanded: resources it would add are not analyzed',
      'note  odd %2C, name: #1/stack.yaml  conditions depend on A, B (4 combinations)',
    ]);
  });
});

describe('text report code frame', () => {
  const finding = (startLine: number, startColumn: number) => ({
    ruleId: 'trust-service-without-source-condition',
    severity: 'high' as const,
    message: 'm',
    resource: { address: 'r', type: 't', file: 'plan.json' },
    location: { file: 'plan.json', startLine, startColumn, endLine: startLine, endColumn: startColumn + 1 },
    related: [],
    fingerprint: 'f',
  });
  const render = (source: string, ...findings: ReturnType<typeof finding>[]) =>
    renderText(
      { findings, errors: [], notices: [], summary: { findings: findings.length, bySeverity: { critical: 0, high: findings.length, medium: 0, low: 0 }, byRule: {}, filesAnalyzed: 1 } } as never,
      { color: false, readSource: () => source },
    )
      .split('\n')
      .filter((line) => line.startsWith('    > '));

  it('shows a long line around the finding column, not its start (a minified plan is one line)', () => {
    const line = `{"planned_values":${'x'.repeat(5_000)}"assume_role_policy":"AT_COLUMN"${'y'.repeat(5_000)}}`;
    const column = line.indexOf('"assume_role_policy"') + 1;
    const [frame] = render(line, finding(1, column));
    expect(frame).toBe(`    > 1 | …${line.slice(column - 1 - 40, column - 1 + 120)}…`);
    expect(frame).toContain('"assume_role_policy":"AT_COLUMN"');
  });

  it('ends the window at the end of the line and starts it at the start when the column is near either', () => {
    const line = `a${'-'.repeat(300)}z`;
    expect(render(line, finding(1, 300))[0]).toBe(`    > 1 | …${line.slice(-160)}`);
    expect(render(line, finding(1, 3))[0]).toBe(`    > 1 | ${line.slice(0, 160)}…`);
    expect(render('short line', finding(1, 3))[0]).toBe('    > 1 | short line');
  });

  it('masks a sensitive value written over several lines (a heredoc in a variable file) on every line it holds', () => {
    const source = ['trust = <<-EOT', '  {"Sid":"Secret1",', '   "Principal":{"Service":"sagemaker.amazonaws.com"}}', 'EOT', 'name = "n"'].join('\n');
    const mask = masking([{ name: 'var.trust', value: '{"Sid":"Secret1",\n "Principal":{"Service":"sagemaker.amazonaws.com"}}\n' }])!;
    const text = renderText(
      { findings: [finding(3, 4)], errors: [], notices: [], mask, summary: { findings: 1, bySeverity: { critical: 0, high: 1, medium: 0, low: 0 }, byRule: {}, filesAnalyzed: 1 } } as never,
      { color: false, readSource: () => source },
    );
    expect(text).not.toContain('Secret1');
    expect(text.split('\n').filter((line) => /^ {4}[ >] \d/.test(line))).toEqual(['      2 |   <var.trust>', '    > 3 | ', '      4 | EOT']);
  });

  it('keeps every finding of a file in its order', () => {
    const source = Array.from({ length: 30 }, (_, index) => `line ${index + 1}`).join('\n');
    expect(render(source, finding(3, 1), finding(20, 1), finding(7, 1))).toEqual(['    > 3 | line 3', '    > 20 | line 20', '    > 7 | line 7']);
  });
});
