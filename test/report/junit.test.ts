import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/analyze/engine.js';
import { escapeXml, renderJUnit } from '../../src/report/junit.js';
import { HOSTILE, fixedPerWorld, hostileSample, type Sample } from './sample.js';

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (_whole, entity: string) =>
    entity.startsWith('#x') ? String.fromCodePoint(parseInt(entity.slice(2), 16)) : entity.startsWith('#') ? String.fromCodePoint(Number(entity.slice(1))) : ENTITIES[entity]!,
  );
}

/**
 * A strict reader for the XML subset JUnit reports use (declaration, elements, attributes, character data): it
 * throws on anything not well-formed, such as a raw `<` or `&` in text, an unknown entity, a character XML 1.0
 * forbids, an unquoted attribute or unbalanced tags.
 */
function parseXml(xml: string): XmlElement {
  if (/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u.test(xml)) throw new Error('character not allowed in XML 1.0');
  if (/&(?!(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);)/.test(xml)) throw new Error('bare & or unknown entity');
  let rest = xml.replace(/^<\?xml [^?]*\?>\s*/, '');
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack = [root];
  while (rest.length > 0) {
    const top = stack[stack.length - 1]!;
    const text = /^[^<]+/.exec(rest);
    if (text) {
      if (text[0].includes('>') && top !== root) throw new Error('raw > in text');
      if (top === root && text[0].trim()) throw new Error('text outside the root element');
      top.text += decode(text[0]);
      rest = rest.slice(text[0].length);
      continue;
    }
    const close = /^<\/([A-Za-z_][\w.-]*)\s*>/.exec(rest);
    if (close) {
      if (top.name !== close[1]) throw new Error(`</${close[1]}> closes <${top.name}>`);
      stack.pop();
      rest = rest.slice(close[0].length);
      continue;
    }
    const open = /^<([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>/.exec(rest);
    if (!open) throw new Error(`not well-formed at: ${rest.slice(0, 40)}`);
    const attributes: Record<string, string> = {};
    for (const [, name, value] of open[2]!.matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
      if (name! in attributes) throw new Error(`attribute ${name} repeated`);
      attributes[name!] = decode(value!);
    }
    const element: XmlElement = { name: open[1]!, attributes, children: [], text: '' };
    if (top === root && root.children.length > 0) throw new Error('more than one root element');
    top.children.push(element);
    if (!open[3]) stack.push(element);
    rest = rest.slice(open[0].length);
  }
  if (stack.length !== 1) throw new Error(`<${stack[stack.length - 1]!.name}> is not closed`);
  return root.children[0]!;
}

let sample: Sample;
beforeAll(async () => {
  sample = await hostileSample();
});
afterAll(() => sample.dispose());

describe('JUnit XML', () => {
  it('escapes markup, keeps line breaks in attributes, and shows characters XML cannot hold', () => {
    expect(escapeXml('<a href="x">&\'</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
    expect(escapeXml('a\nb\tc', true)).toBe('a&#10;b&#9;c');
    expect(escapeXml('a\nb')).toBe('a\nb');
    expect(escapeXml('bell\u0007 esc\u001b nul\u0000')).toBe('bell\\x07 esc\\x1b nul\\x00');
    expect(escapeXml('lone \ud800 pair \ud83d\ude00 \uffff')).toBe('lone \ufffd pair \ud83d\ude00 \ufffd');
  });

  it('starts no line with a workflow command, as a GitHub runner logging the report would read one, and keeps the text', () => {
    expect(escapeXml('x\n::error file=x::pwned\n  ::warning::y')).toBe('x\n&#58;:error file=x::pwned\n  &#58;:warning::y');
    const xml = renderJUnit(sample.result, { sourceRoot: sample.root, cwd: sample.root });
    expect(xml.split('\n').filter((line) => line.trimStart().startsWith('::'))).toEqual([]);
    expect(xml).toContain('&#58;:error file=x::pwned');
  });

  it('the checker rejects what is not well-formed', () => {
    expect(() => parseXml('<a><b></a></b>')).toThrow();
    expect(() => parseXml('<a>x & y</a>')).toThrow();
    expect(() => parseXml('<a>\u0001</a>')).toThrow();
    expect(() => parseXml('<a x=1/>')).toThrow();
    expect(parseXml('<a x="1&#10;2"><b/>t&lt;</a>')).toEqual({ name: 'a', attributes: { x: '1\n2' }, children: [{ name: 'b', attributes: {}, children: [], text: '' }], text: 't<' });
  });

  it('is well-formed with hostile content: one suite per file, a failure per finding, errors and skipped cases', () => {
    const document = parseXml(renderJUnit(sample.result, { sourceRoot: sample.root, cwd: sample.root }));
    expect(document.name).toBe('testsuites');
    const visible = sample.result.findings.filter((finding) => !finding.suppressed);
    expect(document.attributes).toMatchObject({
      tests: String(sample.result.findings.length + sample.result.errors.length),
      failures: String(visible.length),
      errors: '2',
      skipped: '3',
    });
    const [file, commandLine] = document.children;
    expect(file!.attributes.name).toBe('odd %2C, name: #1/stack.yaml');
    expect(commandLine!.attributes.name).toBe('(command line)');
    const failures = file!.children.filter((testCase) => testCase.children[0]!.name === 'failure');
    expect(failures).toHaveLength(visible.length);
    const placeholder = failures.find((testCase) => testCase.attributes.name!.startsWith('policy-documentation-placeholder'))!;
    const finding = visible.find((item) => item.ruleId === 'policy-documentation-placeholder')!;
    expect(placeholder.attributes).toMatchObject({ classname: 'odd %2C, name: #1/stack.yaml', line: String(finding.location.startLine) });
    const failure = placeholder.children[0]!;
    // Text survives exactly, except the characters XML cannot carry, which are shown escaped.
    const shown = HOSTILE.replace(/\u0001/g, '\\x01').replace(/\u001b/g, '\\x1b');
    expect(failure.text).toContain(shown);
    expect(failure.attributes.message).toBe(`medium: ${finding.message.split('\n')[0]}`);
    expect(failure.attributes.type).toBeUndefined();
    const skipped = file!.children.filter((testCase) => testCase.children[0]!.name === 'skipped');
    expect(skipped.map((testCase) => testCase.children[0]!.attributes.message!.split(':')[0])).toEqual(['suppressed (inline)', 'suppressed (config)', 'suppressed (baseline)']);
    const errors = [...file!.children, ...commandLine!.children].filter((testCase) => testCase.children[0]!.name === 'error');
    expect(errors.map((testCase) => testCase.attributes.name)).toEqual(['input error at 3:5', 'input error']);
    expect(errors[0]!.children[0]!.text).toBe(`bad input: ${shown}`);
  });

  it("says in a plan finding's failure, as the text report words it, whether the plan brings it or it is deployed, and what the plan does to its resource", async () => {
    const root = join(import.meta.dirname, '..', '..');
    const planned = await scan([join(root, 'test', 'parsers', 'terraform-plan', 'change-kinds', 'plan.json')]);
    const cases = parseXml(renderJUnit(planned, { sourceRoot: root })).children.flatMap((suite) => suite.children);
    const said = cases
      .filter((testCase) => testCase.attributes.name!.startsWith('trust-any-principal '))
      .map((testCase) => [testCase.attributes.name, testCase.children[0]!.text.split('\n')[2]]);
    expect(said).toEqual([
      ['trust-any-principal aws_iam_role.broke', 'plan: new finding (aws_iam_role.broke: update)'],
      ['trust-any-principal aws_iam_role.created', 'plan: new finding (aws_iam_role.created: create)'],
      ['trust-any-principal aws_iam_role.noop', 'plan: existing finding, not changed by this plan (aws_iam_role.noop: no-op)'],
      ['trust-any-principal aws_iam_role.replaced', 'plan: existing finding, changed by this plan (aws_iam_role.replaced: replace)'],
      ['trust-any-principal aws_iam_role.updated', 'plan: existing finding, changed by this plan (aws_iam_role.updated: update)'],
    ]);
  });

  it('fails a finding whose worlds take different fixes once, with each fix, the worlds it is for and its snippet', async () => {
    const { root, result, finding } = await fixedPerWorld();
    const failures = parseXml(renderJUnit(result, { sourceRoot: root, cwd: root })).children.flatMap((suite) => suite.children).map((testCase) => testCase.children[0]!);
    expect(failures).toHaveLength(1);
    const [pipeline, model] = finding.fixes!;
    expect(failures[0]!.text).toContain(`\nfix when condition IsModel is false: ${pipeline!.description}\n${pipeline!.snippet}\nfix when condition IsModel is true: ${model!.description}\n${model!.snippet}`);
  });

  it("says nothing of a plan in a template's findings", () => {
    const failures = parseXml(renderJUnit(sample.result, { sourceRoot: sample.root, cwd: sample.root }))
      .children.flatMap((suite) => suite.children)
      .flatMap((testCase) => testCase.children.filter((outcome) => outcome.name === 'failure'));
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) expect(failure.text.split('\n').filter((line) => line.startsWith('plan: '))).toEqual([]);
  });

  it('names the command line as such when run from a folder below the source root', () => {
    const document = parseXml(renderJUnit(sample.result, { sourceRoot: sample.root, cwd: join(sample.root, 'odd %2C, name: #1') }));
    const commandLine = document.children.find((suite) => suite.children.some((testCase) => testCase.children[0]!.text.startsWith('parameter Env')))!;
    expect(commandLine.attributes.name).toBe('(command line)');
    expect(commandLine.children[0]!.attributes.classname).toBe('(command line)');
    // Its cases name no file: CI test views link a case's file attribute to the repository.
    expect(commandLine.children[0]!.attributes.file).toBeUndefined();
  });

  it('passes one case when there is nothing to report', () => {
    const empty = { ...sample.result, findings: [], errors: [], notices: [], summary: { ...sample.result.summary, findings: 0, errors: 0, filesAnalyzed: 2 } };
    const document = parseXml(renderJUnit(empty, { sourceRoot: sample.root }));
    expect(document.attributes).toMatchObject({ tests: '1', failures: '0', errors: '0', skipped: '0' });
    expect(document.children[0]!.children[0]!.attributes.name).toBe('no findings in 2 files');
  });
});
