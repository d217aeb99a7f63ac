import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRule } from '../../rules/index.js';
import { scan } from '../../src/analyze/engine.js';
import { ANNOTATIONS_SHOWN_PER_COMMAND, escapeData, escapeProperty, formatAnnotation, renderGitHub } from '../../src/report/github.js';
import { HOSTILE, fixedPerWorld, hostileSample, placedNotices, type Sample } from './sample.js';

/** How the Actions runner reads a workflow command line back (its documented unescaping). */
function parseCommand(line: string): { command: string; properties: Record<string, string>; message: string } | undefined {
  const match = /^::(\w+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!match) return undefined;
  const unescapeData = (text: string): string => text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
  const unescapeProperty = (text: string): string => unescapeData(text.replace(/%3A/g, ':').replace(/%2C/g, ','));
  const properties: Record<string, string> = {};
  for (const pair of (match[2] ?? '').split(',').filter(Boolean)) {
    const at = pair.indexOf('=');
    properties[pair.slice(0, at)] = unescapeProperty(pair.slice(at + 1));
  }
  return { command: match[1]!, properties, message: unescapeData(match[3]!) };
}

let sample: Sample;
beforeAll(async () => {
  sample = await hostileSample();
});
afterAll(() => sample.dispose());

describe('escaping', () => {
  it.each([
    ['100%', '100%25', '100%25'],
    ['a\nb', 'a%0Ab', 'a%0Ab'],
    ['a\r\nb', 'a%0D%0Ab', 'a%0D%0Ab'],
    ['%0A', '%250A', '%250A'],
    ['a:b,c', 'a:b,c', 'a%3Ab%2Cc'],
    ['x\n::error file=x::pwned', 'x%0A::error file=x::pwned', 'x%0A%3A%3Aerror file=x%3A%3Apwned'],
    ['bell\u0007 and vt\u000b', 'bell  and vt ', 'bell  and vt '],
  ])('%j → data %j, property %j', (input, data, property) => {
    expect(escapeData(input)).toBe(data);
    expect(escapeProperty(input)).toBe(property);
  });

  it('round-trips through the runner’s unescaping for data and properties', () => {
    const text = 'a%b\nc\r\nd:e,f %0A %3A';
    const line = formatAnnotation({ command: 'error', file: text, title: text, message: text });
    expect(line.split('\n')).toHaveLength(1);
    expect(parseCommand(line)).toEqual({ command: 'error', properties: { file: text, title: text }, message: text });
  });
});

describe('GitHub annotations', () => {
  it('emits one line per unsuppressed finding, input error and notice, and nothing that starts a command of its own', () => {
    const output = renderGitHub(sample.result, { sourceRoot: sample.root, cwd: sample.root });
    const lines = output.trimEnd().split('\n');
    const visible = sample.result.findings.filter((finding) => !finding.suppressed);
    const commands = lines.filter((line) => line.startsWith('::'));
    expect(commands).toHaveLength(visible.length + sample.result.errors.length + sample.result.notices.length);
    expect(lines.filter((line) => !line.startsWith('::'))).toEqual([`deputy: ${visible.length} findings, 2 input errors`]);
    expect(output).not.toMatch(/\r/);
    for (const line of commands) {
      const parsed = parseCommand(line)!;
      expect(['error', 'warning', 'notice']).toContain(parsed.command);
      expect(parsed.properties.title).toMatch(/^(deputy: |[a-z-]+ \((critical|high|medium|low)\): )/);
    }
    // The runner trims leading blanks before looking for `::`.
    expect(lines.filter((line) => line.trimStart().startsWith('::error file=x'))).toEqual([]);
  });

  it('names a file scanned through a symbolic link into the source root from the root, as its real path is', async () => {
    const link = join(mkdtempSync(join(tmpdir(), 'deputy-link-')), 'repolink');
    symlinkSync(sample.root, link);
    // Scanned by the link's path from the root, the files are reported by their absolute paths through the link.
    const result = await scan([join(link, 'odd %2C, name: #1')], { cwd: sample.root });
    const output = renderGitHub(result, { sourceRoot: sample.root, cwd: sample.root });
    expect(output).toContain('::error file=odd %252C%2C name%3A #1/stack.yaml,');
    expect(output).not.toContain(link);
    rmSync(dirname(link), { recursive: true });
  });

  it('carries file (repo-relative, escaped), line, col, endLine, endColumn, title and the whole message', () => {
    const output = renderGitHub(sample.result, { sourceRoot: sample.root, cwd: sample.root });
    const finding = sample.result.findings.find((item) => item.ruleId === 'policy-documentation-placeholder')!;
    const line = output.split('\n').find((item) => item.includes('policy-documentation-placeholder'))!;
    expect(line).toContain('file=odd %252C%2C name%3A #1/stack.yaml,');
    expect(parseCommand(line)).toEqual({
      command: 'warning',
      properties: {
        file: 'odd %2C, name: #1/stack.yaml',
        line: String(finding.location.startLine),
        col: String(finding.location.startColumn),
        endLine: String(finding.location.endLine),
        endColumn: String(finding.location.endColumn),
        title: `policy-documentation-placeholder (medium): ${findRule('policy-documentation-placeholder')!.meta.title}`,
      },
      message: finding.message.replace(/[\u0001\u001b]/g, ' '),
    });
    expect(finding.message).toContain(HOSTILE);
  });

  it('gives columns only to a range on one line: GitHub takes none for a range over several lines', () => {
    const finding = sample.result.findings.find((item) => !item.suppressed)!;
    const spread = { ...finding, location: { ...finding.location, startLine: 4, startColumn: 5, endLine: 10, endColumn: 34 } };
    const line = renderGitHub({ ...sample.result, errors: [], notices: [], findings: [spread] }, { sourceRoot: sample.root, cwd: sample.root }).split('\n').find((item) => item.startsWith('::'))!;
    const { properties } = parseCommand(line)!;
    expect([properties.line, properties.endLine, properties.col, properties.endColumn]).toEqual(['4', '10', undefined, undefined]);
  });

  it('maps severities to commands, most severe first, and adds the fix to the message', () => {
    const output = renderGitHub(sample.result, { sourceRoot: sample.root, cwd: sample.root });
    const parsed = output.split('\n').filter((line) => line.startsWith('::')).map((line) => parseCommand(line)!);
    const findings = parsed.filter((command) => command.properties.title?.includes('('));
    expect(findings.map((command) => command.command)).toEqual(['error', 'error', 'error', 'warning']);
    const high = findings.find((command) => command.properties.title!.startsWith('trust-service-without-source-condition (high)'))!;
    expect(high.message).toMatch(/\nFix: Add this Condition/);
  });

  it('annotates a finding whose worlds take different fixes once, with each fix and the worlds it is for', async () => {
    const { root, result, finding } = await fixedPerWorld();
    const annotations = renderGitHub(result, { sourceRoot: root, cwd: root }).split('\n').filter((line) => line.startsWith('::'));
    expect(annotations).toHaveLength(1);
    const [pipeline, model] = finding.fixes!;
    expect(parseCommand(annotations[0]!)!.message).toBe(`${finding.message}\nFix when condition IsModel is false: ${pipeline!.description}\nFix when condition IsModel is true: ${model!.description}`);
  });

  it("says in a plan finding's message, as the text report words it, whether the plan brings it or it is deployed, and what the plan does to its resource", async () => {
    const root = join(import.meta.dirname, '..', '..');
    const planned = await scan([join(root, 'test', 'parsers', 'terraform-plan', 'change-kinds', 'plan.json')]);
    const messages = renderGitHub(planned, { sourceRoot: root, cwd: root })
      .split('\n')
      .filter((line) => line.startsWith('::'))
      .map((line) => parseCommand(line)!)
      .filter((command) => command.properties.title?.startsWith('trust-any-principal ('))
      .map((command) => command.message);
    expect(messages.map((message) => message.split('\n').find((line) => line.startsWith('Plan: '))).sort()).toEqual([
      'Plan: existing finding, changed by this plan (aws_iam_role.replaced: replace)',
      'Plan: existing finding, changed by this plan (aws_iam_role.updated: update)',
      'Plan: existing finding, not changed by this plan (aws_iam_role.noop: no-op)',
      'Plan: new finding (aws_iam_role.broke: update)',
      'Plan: new finding (aws_iam_role.created: create)',
    ]);
    // After the message, before the fix.
    for (const message of messages) expect(message).toMatch(/^[^\n]+\nPlan: [^\n]+\nFix: /);
  });

  it("says of a finding on a resource the plan lists no change for only its status; nothing of a plan in a template's findings", () => {
    const [first] = sample.result.findings.filter((finding) => !finding.suppressed);
    const annotated = (findings: readonly (typeof first)[]) =>
      renderGitHub({ ...sample.result, errors: [], notices: [], findings: findings as never }, { sourceRoot: sample.root, cwd: sample.root })
        .split('\n')
        .filter((line) => line.startsWith('::'))
        .map((line) => parseCommand(line)!.message);
    expect(annotated([{ ...first!, status: 'existing', changed: false }])[0]!.split('\n').filter((line) => line.startsWith('Plan: '))).toEqual(['Plan: existing finding, not changed by this plan']);
    expect(annotated(sample.result.findings).join('\n')).not.toContain('Plan: ');
  });

  it('writes input errors and notices before the findings, and says what passes the per-step limit of GitHub', () => {
    const output = renderGitHub(sample.result, { sourceRoot: sample.root, cwd: sample.root });
    const titles = output.split('\n').filter((line) => line.startsWith('::')).map((line) => parseCommand(line)!.properties.title!);
    const firstFinding = titles.findIndex((title) => !title.startsWith('deputy: '));
    expect(firstFinding).toBe(sample.result.errors.length + sample.result.notices.length);
    expect(titles.slice(firstFinding).filter((title) => title.startsWith('deputy: '))).toEqual([]);
    expect(output).not.toContain('annotations of each kind');

    // One error finding and one warning past the limit: the input errors are still among the errors shown.
    const [error, warning] = (['high', 'medium'] as const).map((severity) => sample.result.findings.find((finding) => finding.severity === severity && !finding.suppressed)!);
    const many = { ...sample.result, findings: [...Array.from({ length: ANNOTATIONS_SHOWN_PER_COMMAND + 1 }, () => error!), ...Array.from({ length: ANNOTATIONS_SHOWN_PER_COMMAND + 1 }, () => warning!)] };
    const lines = renderGitHub(many, { sourceRoot: sample.root, cwd: sample.root }).trimEnd().split('\n');
    const commands = lines.filter((line) => line.startsWith('::')).map((line) => parseCommand(line)!);
    const shownErrors = commands.filter((command) => command.command === 'error').slice(0, ANNOTATIONS_SHOWN_PER_COMMAND);
    expect(shownErrors.filter((command) => command.properties.title === 'deputy: input error')).toHaveLength(sample.result.errors.length);
    const droppedErrors = sample.result.errors.length + 1;
    expect(lines.at(-1)).toBe(`deputy: GitHub shows the first ${ANNOTATIONS_SHOWN_PER_COMMAND} annotations of each kind of a step; ${droppedErrors} errors and 1 warning are only in this log`);
  });

  it('annotates input errors (without a file when they concern the command line) and notices; never suppressed findings', () => {
    const output = renderGitHub(sample.result, { sourceRoot: sample.root, cwd: sample.root });
    const parsed = output.split('\n').filter((line) => line.startsWith('::')).map((line) => parseCommand(line)!);
    const errors = parsed.filter((command) => command.properties.title === 'deputy: input error');
    expect(errors.map((command) => command.properties)).toEqual([
      { file: 'odd %2C, name: #1/stack.yaml', line: '3', col: '5', title: 'deputy: input error' },
      { title: 'deputy: input error' },
    ]);
    expect(errors[1]!.message).toBe('(command line): parameter Env is not declared by any scanned template');
    expect(parsed.filter((command) => command.command === 'notice').map((command) => command.properties.title)).toEqual(['deputy: not fully analyzed']);
    expect(output).not.toContain('accepted: ');
  });

  it('annotates a notice on its line and column when it has them, on its file otherwise', () => {
    const output = renderGitHub({ ...sample.result, notices: placedNotices() }, { sourceRoot: sample.root, cwd: sample.root });
    const notices = output.split('\n').flatMap((line) => {
      const parsed = parseCommand(line);
      return parsed?.properties.title === 'deputy: not fully analyzed' ? [parsed] : [];
    });
    expect(notices).toEqual([
      { command: 'notice', properties: { file: 'odd %2C, name: #1/stack.yaml', line: '2', col: '3', title: 'deputy: not fully analyzed' }, message: 'transform MyMacro is not expanded: resources it would add are not analyzed' },
      { command: 'notice', properties: { file: 'odd %2C, name: #1/stack.yaml', title: 'deputy: not fully analyzed' }, message: 'conditions depend on A, B (4 combinations)' },
    ]);
  });
});
