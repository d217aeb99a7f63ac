import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/analyze/engine.js';
import { escapeMarkdown, renderMarkdown } from '../../src/report/markdown.js';
import { HOSTILE, fixedPerWorld, hostileSample, placedNotices, type Sample } from './sample.js';

/** What a CommonMark reader shows for escaped text: backslash escapes and entities undone. */
function shown(markdown: string): string {
  return markdown
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Table cells: split on pipes that are not backslash-escaped, as GFM does. */
function cells(row: string): string[] {
  return row.split(/(?<!\\)\|/).slice(1, -1).map((cell) => cell.trim());
}

let sample: Sample;
beforeAll(async () => {
  sample = await hostileSample();
});
afterAll(() => sample.dispose());

describe('Markdown escaping', () => {
  it.each([
    ['a | b', 'a \\| b'],
    ['`code`', '\\`code\\`'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert\\(1\\)&lt;/script&gt;'],
    ['@org/team #12', '\\@org/team \\#12'],
    ['*bold* _em_ [x](y) ~~s~~ $x$', '\\*bold\\* \\_em\\_ \\[x\\]\\(y\\) \\~\\~s\\~\\~ \\$x\\$'],
    ['line\nbreak\r\n', 'line break '],
    ['a\\|b', 'a\\\\\\|b'],
  ])('%j → %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it('shows the text it was given, with line breaks and control characters as spaces', () => {
    expect(shown(escapeMarkdown(HOSTILE))).toBe(HOSTILE.replace(/[\u0000-\u001f]+/g, ' '));
  });
});

const CHANGE_KINDS = join(import.meta.dirname, '..', 'parsers', 'terraform-plan', 'change-kinds', 'plan.json');

describe('Markdown report of a plan', () => {
  it("says in each finding's message cell, as the text report words it, whether the plan brings it or it is deployed, and what the plan does to its resource", async () => {
    const planned = await scan([CHANGE_KINDS]);
    const rows = renderMarkdown(planned, { sourceRoot: join(import.meta.dirname, '..', '..') })
      .split('\n')
      .filter((line) => line.includes('trust\\-any\\-principal'));
    const said = rows.map((row) => {
      const [, , , resource, message] = cells(row);
      return [shown(resource!), shown(message!).split('<br>').find((part) => part.startsWith('**Plan:** '))];
    });
    expect(said.sort()).toEqual([
      ['aws_iam_role.broke', '**Plan:** new finding (aws_iam_role.broke: update)'],
      ['aws_iam_role.created', '**Plan:** new finding (aws_iam_role.created: create)'],
      ['aws_iam_role.noop', '**Plan:** existing finding, not changed by this plan (aws_iam_role.noop: no-op)'],
      ['aws_iam_role.replaced', '**Plan:** existing finding, changed by this plan (aws_iam_role.replaced: replace)'],
      ['aws_iam_role.updated', '**Plan:** existing finding, changed by this plan (aws_iam_role.updated: update)'],
    ]);
    // Before the fix, which ends the cell.
    for (const row of rows) expect(cells(row)[4]).toMatch(/^[^|]*<br>\*\*Plan:\*\* [^|]*<br>\*\*Fix:\*\* /);
  });

  it('keeps a row whole where the address the plan names holds markup (a for_each key is any text)', () => {
    const [first] = sample.result.findings.filter((finding) => !finding.suppressed);
    const address = 'aws_iam_role.r["a | `b` <i>@team</i>"]';
    const finding = { ...first!, resource: { ...first!.resource, address }, status: 'new' as const, changed: true, change: 'create' as const };
    const row = renderMarkdown({ ...sample.result, findings: [finding] }, { sourceRoot: sample.root, cwd: sample.root }).split('\n').find((line) => /^\| (critical|high|medium|low) \| \[/.test(line))!;
    expect(cells(row)).toHaveLength(5);
    expect(shown(cells(row)[4]!)).toContain(`<br>**Plan:** new finding (${address}: create)`);
  });

  it("says each fix of a finding whose worlds take different ones, with the worlds it is for, in its one row's message cell", async () => {
    const { root, result, finding } = await fixedPerWorld();
    const rows = renderMarkdown(result, { sourceRoot: root, cwd: root }).split('\n').filter((line) => /^\| (critical|high|medium|low) \| \[/.test(line));
    expect(rows).toHaveLength(1);
    const [pipeline, model] = finding.fixes!;
    expect(shown(cells(rows[0]!)[4]!).split('<br>')).toEqual([finding.message, `**Fix when condition IsModel is false:** ${pipeline!.description}`, `**Fix when condition IsModel is true:** ${model!.description}`]);
  });

  it("says nothing of a plan in a template's findings", () => {
    expect(renderMarkdown(sample.result, { sourceRoot: sample.root, cwd: sample.root })).not.toContain('Plan:');
  });
});

describe('Markdown report', () => {
  const render = (linkBase?: string): string => renderMarkdown(sample.result, { sourceRoot: sample.root, cwd: sample.root, ...(linkBase ? { linkBase } : {}) });

  it('counts findings by severity, suppressed findings and input errors', () => {
    const lines = render().split('\n');
    expect(lines[0]).toBe(`## deputy: 4 findings in 1 file; 1 file analyzed`);
    const header = lines.indexOf('| critical | high | medium | low | suppressed | input errors |');
    expect(cells(lines[header + 2]!)).toEqual(['0', '3', '1', '0', '3', '2']);
  });

  it('lists each unsuppressed finding in one table row whose cells hostile text cannot split', () => {
    const markdown = render();
    const rows = markdown.split('\n').filter((line) => /^\| (critical|high|medium|low) \| \[/.test(line));
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(cells(row)).toHaveLength(5);
    const finding = sample.result.findings.find((item) => item.ruleId === 'policy-documentation-placeholder')!;
    const row = rows.find((line) => line.includes('policy\\-documentation\\-placeholder'))!;
    const [severity, rule, location, resource, message] = cells(row);
    expect(severity).toBe('medium');
    expect(rule).toBe('[policy\\-documentation\\-placeholder](https://github.com/deputy-iam/deputy/blob/main/docs/rules/policy-documentation-placeholder.md)');
    expect(location).toBe(`[odd %2C, name: \\#1/stack.yaml:${finding.location.startLine}](odd%20%252C%2C%20name%3A%20%231/stack.yaml#L${finding.location.startLine})`);
    expect(shown(resource!)).toBe(finding.resource.address);
    expect(shown(message!)).toBe(finding.message.replace(/[\u0000-\u001f]+/g, ' '));
    expect(markdown).not.toMatch(/<(?!br>)/);
    expect(markdown.replace(/```(mermaid)?\n/g, '')).not.toMatch(/(?<!\\)`/);
    expect(markdown).not.toMatch(/(?<!\\)@/);
    expect(markdown).not.toContain('accepted: ');
  });

  it('links to the commit when given a link base', () => {
    const markdown = render('https://github.com/o/r/blob/abc123/');
    expect(markdown).toContain('](https://github.com/o/r/blob/abc123/odd%20%252C%2C%20name%3A%20%231/stack.yaml#L');
  });

  it('names a file outside the source root without a link: the commit does not hold it', () => {
    const outside = join(sample.root, '..', 'plan.json');
    const [finding] = sample.result.findings;
    const result = { ...sample.result, findings: [{ ...finding!, location: { ...finding!.location, file: outside, startLine: 4 } }], errors: [{ file: outside, line: 2, message: 'bad plan' }] };
    const markdown = renderMarkdown(result, { sourceRoot: sample.root, cwd: sample.root, linkBase: 'https://github.com/o/r/blob/abc123' });
    expect(markdown).not.toContain('plan.json#L');
    expect(markdown).toContain(` | ${escapeMarkdown(`${outside}:4`)} | `);
    expect(markdown).toContain(`\n- ${escapeMarkdown(`${outside}:2`)}: bad plan\n`);
  });

  it('lists input errors and notices, and draws the roles in one intact mermaid block', () => {
    const markdown = render();
    expect(markdown).toContain('### Input errors');
    expect(markdown).toMatch(/- \[odd %2C, name: \\#1\/stack\.yaml:3\]\(.*#L3\): bad input: x ::error file=x::pwned/);
    expect(markdown).toContain('- \\(command line\\): parameter Env is not declared by any scanned template');
    expect(markdown).toContain('### Not fully analyzed');
    const fences = markdown.split('\n').filter((line) => line.startsWith('```'));
    expect(fences).toEqual(['```mermaid', '```']);
    const diagram = markdown.slice(markdown.indexOf('```mermaid'), markdown.lastIndexOf('```'));
    expect(diagram).toContain('flowchart LR');
    expect(diagram).toContain('role ExecRole');
    expect(diagram).toContain('SageMaker Model OrphanModel');
  });

  it('links a notice to its line when it has one, and names its file otherwise', () => {
    const markdown = renderMarkdown({ ...sample.result, notices: placedNotices() }, { sourceRoot: sample.root, cwd: sample.root, linkBase: 'https://github.com/o/r/blob/abc' });
    const section = markdown.slice(markdown.indexOf('### Not fully analyzed'));
    expect(section.split('\n').filter((line) => line.startsWith('- '))).toEqual([
      `- [${escapeMarkdown('odd %2C, name: #1/stack.yaml:2')}](https://github.com/o/r/blob/abc/odd%20%252C%2C%20name%3A%20%231/stack.yaml#L2): ${escapeMarkdown('transform MyMacro is not expanded: resources it would add are not analyzed')}`,
      `- ${escapeMarkdown('odd %2C, name: #1/stack.yaml')}: ${escapeMarkdown('conditions depend on A, B (4 combinations)')}`,
    ]);
  });

  it('names the command line as such when run from a folder below the source root', () => {
    const markdown = renderMarkdown(sample.result, { sourceRoot: sample.root, cwd: join(sample.root, 'odd %2C, name: #1') });
    expect(markdown).toContain('\n- \\(command line\\): parameter Env is not declared by any scanned template\n');
  });

  it('leaves the diagram out when asked, or when there is no role', () => {
    expect(renderMarkdown(sample.result, { sourceRoot: sample.root, diagram: false })).not.toContain('```mermaid');
    expect(renderMarkdown({ ...sample.result, graph: { roles: [] } }, { sourceRoot: sample.root })).not.toContain('```mermaid');
  });

  it("stays within GitHub's 1 MiB for a job summary: the counts and the most severe findings first, then errors, notices and the diagram as room is left", () => {
    const [finding] = sample.result.findings.filter((item) => !item.suppressed);
    const long = 'x'.repeat(2_000);
    const findings = Array.from({ length: 600 }, (_, index) => ({ ...finding!, severity: index === 599 ? ('critical' as const) : ('low' as const), message: `${index} ${long}` }));
    const errors = Array.from({ length: 600 }, (_, index) => ({ file: 'stack.yaml', line: index + 1, message: long }));
    const wide = { ...sample.result, findings, errors };
    const markdown = renderMarkdown(wide, { sourceRoot: sample.root, cwd: sample.root });
    expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(1024 * 1024);
    expect(markdown.startsWith('## deputy:')).toBe(true);
    const rows = markdown.split('\n').filter((line) => /^\| (critical|high|medium|low) \| \[/.test(line));
    expect(rows.length).toBeGreaterThan(300);
    expect(rows.length).toBeLessThan(500);
    expect(rows[0]).toMatch(/^\| critical \| .* 599 x/);
    expect(markdown).toContain(`${600 - rows.length} more findings are not listed here.`);
    // The table took the room: the input errors are only counted.
    expect(markdown).toContain('### Input errors\n\n\n600 more input errors are not listed here.');
    const small = renderMarkdown(wide, { sourceRoot: sample.root, cwd: sample.root, maxBytes: 340 });
    expect(Buffer.byteLength(small)).toBeLessThanOrEqual(340);
    expect(small).toContain('600 more findings are not listed here.');
    expect(small.split('\n').filter((line) => /^\| (critical|high|medium|low) \| \[/.test(line))).toEqual([]);
  });

  it('leaves the diagram out when it does not fit, and says so', () => {
    const bare = { ...sample.result, findings: [], errors: [], notices: [] };
    const whole = renderMarkdown(bare, { sourceRoot: sample.root, cwd: sample.root });
    expect(whole).toContain('```mermaid');
    const cut = renderMarkdown(bare, { sourceRoot: sample.root, cwd: sample.root, maxBytes: Buffer.byteLength(whole) - 10 });
    expect(cut).not.toContain('```mermaid');
    expect(cut).toContain('The diagram of roles and the SageMaker resources that use them is left out: the summary is full.');
  });

  it('caps the input errors and notices it lists, and says how many it left out', () => {
    const errors = Array.from({ length: 3 }, (_, index) => ({ file: 'stack.yaml', line: index + 1, message: `error ${index}` }));
    const notices = Array.from({ length: 3 }, (_, index) => ({ file: 'stack.yaml', message: `notice ${index}` }));
    const markdown = renderMarkdown({ ...sample.result, errors, notices }, { sourceRoot: sample.root, cwd: sample.root, maxRows: 2 });
    expect(markdown).toContain('1 more input errors are not listed here.');
    expect(markdown).toContain('1 more notices are not listed here.');
    expect(markdown).not.toContain('error 2');
    expect(markdown).not.toContain('notice 2');
  });

  it('caps the table and says how many findings it left out', () => {
    const markdown = renderMarkdown(sample.result, { sourceRoot: sample.root, cwd: sample.root, maxRows: 1 });
    expect(markdown).toContain('3 more findings are not listed here.');
    expect(markdown.split('\n').filter((line) => /^\| (critical|high|medium|low) \| \[/.test(line))).toHaveLength(1);
  });
});
