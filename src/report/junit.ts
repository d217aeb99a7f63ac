import type { ScanResult } from '../analyze/engine.js';
import { fixesOf, fixWorlds, type Finding } from '../model/finding.js';
import type { InputError } from '../model/resource.js';
import { namesFile, pathFromRoot } from './source-root.js';
import { planStatus } from './text.js';

export interface JUnitOptions {
  /** Paths in the report are relative to this folder when the files lie under it. */
  sourceRoot: string;
  cwd?: string;
}

/**
 * Text as XML 1.0 character data. Characters XML cannot hold at all (most C0 controls, lone surrogates,
 * U+FFFE/U+FFFF) are shown as `\xNN`/U+FFFD instead of being dropped or breaking the document; in attributes,
 * tabs and line breaks are kept as character references so that parsers do not normalise them to spaces, and in
 * character data no line starts with `::`.
 */
export function escapeXml(text: string, attribute = false): string {
  const escaped = text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff]/g, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
  // A line of character data that starts with `::` would be read as a workflow command by a GitHub runner that logs the
  // report: its first colon is written as a character reference, which XML readers decode to the same text.
  return attribute ? escaped.replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;') : escaped.replace(/\r/g, '&#13;').replace(/^(\s*):(?=:)/gm, '$1&#58;');
}

interface Case {
  name: string;
  classname: string;
  file: string;
  line?: number;
  body: string;
  outcome: 'failure' | 'error' | 'skipped' | 'passed';
}

/**
 * JUnit XML: one testsuite per file (CI test views group by suite, so findings sit under the template a reviewer
 * opens), one testcase per finding with a `<failure>`; input errors are `<error>` cases, suppressed findings
 * `<skipped>` ones.
 */
export function renderJUnit(result: ScanResult, options: JUnitOptions): string {
  const where = (file: string): string => pathFromRoot(file, options.sourceRoot, options.cwd) ?? file;
  const suites = new Map<string, Case[]>();
  const add = (suite: string, testCase: Case): void => {
    suites.set(suite, [...(suites.get(suite) ?? []), testCase]);
  };
  for (const finding of result.findings) add(where(finding.location.file), findingCase(finding, where));
  for (const error of result.errors) add(where(error.file), errorCase(error, where));
  if (suites.size === 0) {
    const analyzed = result.summary.filesAnalyzed;
    add('deputy', { name: `no findings in ${analyzed} file${analyzed === 1 ? '' : 's'}`, classname: 'deputy', file: '', body: '', outcome: 'passed' });
  }
  const count = (cases: Case[], outcome: Case['outcome']): number => cases.filter((testCase) => testCase.outcome === outcome).length;
  const all = [...suites.values()].flat();
  const totals = (cases: Case[]): string =>
    `tests="${cases.length}" failures="${count(cases, 'failure')}" errors="${count(cases, 'error')}" skipped="${count(cases, 'skipped')}"`;
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="deputy" ${totals(all)}>`];
  for (const [suite, cases] of suites) {
    lines.push(`  <testsuite name="${escapeXml(suite, true)}" ${totals(cases)}>`);
    for (const testCase of cases) lines.push(...renderCase(testCase));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}

function renderCase(testCase: Case): string[] {
  const attributes = [
    `name="${escapeXml(testCase.name, true)}"`,
    `classname="${escapeXml(testCase.classname, true)}"`,
    ...(testCase.file ? [`file="${escapeXml(testCase.file, true)}"`] : []),
    ...(testCase.line !== undefined ? [`line="${testCase.line}"`] : []),
  ].join(' ');
  if (testCase.outcome === 'passed') return [`    <testcase ${attributes}/>`];
  const firstLine = testCase.body.split('\n')[0] ?? '';
  return [
    `    <testcase ${attributes}>`,
    `      <${testCase.outcome} message="${escapeXml(firstLine, true)}"${testCase.outcome === 'skipped' ? '/>' : `>${escapeXml(testCase.body)}</${testCase.outcome}>`}`,
    '    </testcase>',
  ];
}

function findingCase(finding: Finding, where: (file: string) => string): Case {
  const file = where(finding.location.file);
  const { startLine, startColumn } = finding.location;
  if (finding.suppressed) {
    return {
      name: `${finding.ruleId} ${finding.resource.address}`,
      classname: file,
      file,
      line: startLine,
      body: `suppressed (${finding.suppressed.source}): ${finding.suppressed.reason}`,
      outcome: 'skipped',
    };
  }
  const inPlan = planStatus(finding);
  const body = [
    `${finding.severity}: ${finding.message}`,
    `at ${file}:${startLine}:${startColumn} (${finding.resource.type} ${finding.resource.address})`,
    ...(inPlan ? [`plan: ${inPlan}`] : []),
    ...finding.related.map((related) => `related: ${where(related.location.file)}:${related.location.startLine}: ${related.message}`),
    ...fixesOf(finding).flatMap((fix) => [`fix${fixWorlds(fix)}: ${fix.description}`, fix.snippet]),
  ].join('\n');
  return { name: `${finding.ruleId} ${finding.resource.address}`, classname: file, file, line: startLine, body, outcome: 'failure' };
}

function errorCase(error: InputError, where: (file: string) => string): Case {
  const file = where(error.file);
  const position = [error.line, error.column].filter((part) => part !== undefined).join(':');
  return {
    name: `input error${position ? ` at ${position}` : ''}`,
    classname: file,
    // A pseudo-file ("(command line)") is no file a CI test view could open.
    file: namesFile(error.file) ? file : '',
    ...(error.line !== undefined ? { line: error.line } : {}),
    body: error.message,
    outcome: 'error',
  };
}
