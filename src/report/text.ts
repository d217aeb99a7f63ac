import type { ScanResult } from '../analyze/engine.js';
import { SEVERITIES, fixesOf, fixWorlds, type Finding, type Severity } from '../model/finding.js';

export interface TextOptions {
  color: boolean;
  /** Returns the text of a file for code frames, or undefined. */
  readSource(file: string): string | undefined;
}

/**
 * Template text must never drive the terminal, nor start a line of its own (a CI log reads `::command::` at the
 * start of any line): control characters, line feeds included, are shown, not sent.
 */
function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * A file's path as the start of a line: the runner reads a line that starts with `::` (after any leading whitespace) as
 * a workflow command, and a file name can (`::error title=x::stack.yaml`), so such a relative path is shown as `./…`.
 */
function shownFile(file: string): string {
  const shown = printable(file);
  return /^\s*::/.test(shown) ? `./${shown}` : shown;
}

const COLORS: Record<Severity | 'dim' | 'bold' | 'reset' | 'error', string> = {
  critical: '\u001b[35;1m',
  high: '\u001b[31;1m',
  medium: '\u001b[33m',
  low: '\u001b[36m',
  error: '\u001b[31m',
  dim: '\u001b[2m',
  bold: '\u001b[1m',
  reset: '\u001b[0m',
};

/** Related locations shown under a finding; a role that thousands of resources use would fill the terminal. */
const MOST_RELATED_SHOWN = 20;

/** Findings grouped by file as `path:line:col  severity  rule-id  message`, a short code frame and the fix. */
export function renderText(result: ScanResult, options: TextOptions): string {
  const paint = (style: keyof typeof COLORS, text: string): string => (options.color ? `${COLORS[style]}${text}${COLORS.reset}` : text);
  const lines: string[] = [];
  const visible = result.findings.filter((finding) => !finding.suppressed);
  const byFile = new Map<string, Finding[]>();
  for (const finding of visible) {
    const ofFile = byFile.get(finding.location.file);
    if (ofFile) ofFile.push(finding);
    else byFile.set(finding.location.file, [finding]);
  }
  for (const [file, findings] of byFile) {
    lines.push(paint('bold', shownFile(file)));
    const text = options.readSource(file);
    const source = text?.split(/\r\n?|\n/);
    // A masked value may be written over several lines (a heredoc in a variable file): the file is masked whole.
    const shownSource = text !== undefined && result.mask ? result.mask(source!.join('\n')).split('\n') : source;
    for (const finding of findings) {
      const { startLine, startColumn } = finding.location;
      lines.push(`${shownFile(file)}:${startLine}:${startColumn}  ${paint(finding.severity, finding.severity.padEnd(8))}  ${finding.ruleId}  ${printable(finding.message)}`);
      const inPlan = planStatus(finding);
      if (inPlan) lines.push(`    plan: ${printable(inPlan)}`);
      if (source) lines.push(...codeFrame(source, shownSource!, startLine, startColumn, finding.location.endLine, result.mask).map((line) => paint('dim', line)));
      for (const related of finding.related.slice(0, MOST_RELATED_SHOWN)) {
        lines.push(paint('dim', `    related: ${printable(related.location.file)}:${related.location.startLine}:${related.location.startColumn}  ${printable(related.message)}`));
      }
      const unshown = finding.related.length - MOST_RELATED_SHOWN;
      if (unshown > 0) lines.push(paint('dim', `    related: ${unshown.toLocaleString('en-US')} more (the json format lists them all)`));
      for (const fix of fixesOf(finding)) {
        lines.push(`    fix${printable(fixWorlds(fix))}: ${printable(fix.description)}`);
        lines.push(...fix.snippet.split('\n').map((line) => `      ${printable(line)}`));
      }
    }
    lines.push('');
  }
  for (const error of result.errors) lines.push(`${paint('error', 'error')}  ${printable(inputPlace(error))}  ${printable(error.message)}`);
  for (const notice of result.notices) lines.push(paint('dim', `note  ${printable(inputPlace(notice))}  ${printable(notice.message)}`));
  if (result.errors.length > 0 || result.notices.length > 0) lines.push('');
  const { bySeverity, findings, filesAnalyzed } = result.summary;
  const hidden = result.findings.length - visible.length;
  const counts = SEVERITIES.filter((severity) => bySeverity[severity] > 0).map((severity) => `${bySeverity[severity]} ${severity}`);
  lines.push(
    `${findings} finding${findings === 1 ? '' : 's'}${counts.length ? ` (${counts.join(', ')})` : ''}${filesCounted(visible, filesAnalyzed)}` +
      (result.errors.length ? `, ${result.errors.length} input error${result.errors.length === 1 ? '' : 's'}` : '') +
      (hidden > 0 ? `; ${hidden} suppressed, not shown` : ''),
  );
  return lines.join('\n') + '\n';
}

/**
 * What a plan does to a finding, as the JSON report's `status`, `changed` and `change` say it: `new finding
 * (aws_iam_role.x: create)`, `existing finding, changed by this plan (aws_iam_role.x: update)`. Undefined outside plans.
 * Every report that shows findings to a reader words it so.
 */
export function planStatus({ status, changed, change, resource }: Finding): string | undefined {
  if (status === undefined) return undefined;
  const finding = status === 'new' ? 'new finding' : `existing finding, ${changed ? 'changed' : 'not changed'} by this plan`;
  return change === undefined ? finding : `${finding} (${resource.address}: ${change})`;
}

/**
 * Where the findings shown are, and how many files were analyzed: `in 6 files; 11 files analyzed`. The two are counted
 * apart, as a finding may be in a file that is no input of its own (a template a `templatefile()` reads, the `.tf`
 * file beside a plan).
 */
export function filesCounted(findings: readonly Finding[], filesAnalyzed: number): string {
  const holding = new Set(findings.map((finding) => finding.location.file)).size;
  const analyzed = `${filesAnalyzed} file${filesAnalyzed === 1 ? '' : 's'} analyzed`;
  return holding === 0 ? `; ${analyzed}` : ` in ${holding} file${holding === 1 ? '' : 's'}; ${analyzed}`;
}

/** `file:line:column` of an input error or notice, as much of it as is known. */
export function inputPlace({ file, line, column }: { file: string; line?: number; column?: number }): string {
  return [file, line, line === undefined ? undefined : column].filter((part) => part !== undefined).join(':');
}

/** The most of a source line a code frame shows. */
const FRAME_WIDTH = 160;
/** How much of a longer line is shown before the finding's column. */
const FRAME_LEAD = 40;

/**
 * One line of context before and after the finding's first line. A line longer than the frame (a minified plan or
 * template is one line) is shown around the finding's column, the same part of each line, cuts marked by an ellipsis.
 */
function codeFrame(source: string[], shownSource: string[], startLine: number, startColumn: number, endLine: number, mask?: (text: string) => string): string[] {
  const first = Math.max(1, startLine - 1);
  const last = Math.min(source.length, Math.max(startLine + 1, Math.min(endLine, startLine + 2)));
  const width = String(last).length;
  // A masked value (a plan holds the values of sensitive variables) is masked in the whole file before a line is cut,
  // so no piece of it is shown (`shownSource`); the finding's column is where it falls in the masked line.
  const shown = (line: number): string => shownSource[line - 1] ?? '';
  const findingLine = shown(startLine);
  const column = mask ? mask((source[startLine - 1] ?? '').slice(0, startColumn - 1)).length + 1 : startColumn;
  const from = Math.max(0, Math.min(column - 1 - FRAME_LEAD, findingLine.length - FRAME_WIDTH));
  const frame: string[] = [];
  for (let line = first; line <= last; line++) {
    const marker = line === startLine ? '>' : ' ';
    frame.push(`    ${marker} ${String(line).padStart(width)} | ${printable(framePart(shown(line), from))}`);
  }
  return frame;
}

function framePart(text: string, from: number): string {
  if (text.length <= FRAME_WIDTH && from === 0) return text;
  const part = text.slice(from, from + FRAME_WIDTH);
  return `${from > 0 && part !== '' ? '…' : ''}${part}${from + FRAME_WIDTH < text.length ? '…' : ''}`;
}
