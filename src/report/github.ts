import { RULES } from '../../rules/index.js';
import type { ScanResult } from '../analyze/engine.js';
import { UNUSED_SUPPRESSION } from '../analyze/suppress.js';
import { fixesOf, fixWorlds, mostSevereFirst, type Finding, type Severity } from '../model/finding.js';
import type { RuleMeta } from '../model/rule.js';
import { namesFile, pathFromRoot } from './source-root.js';
import { planStatus } from './text.js';

export interface GitHubOptions {
  /** The repository root (`GITHUB_WORKSPACE`): annotation paths are relative to it. */
  sourceRoot: string;
  cwd?: string;
  rules?: readonly RuleMeta[];
}

type Command = 'error' | 'warning' | 'notice';

const COMMAND: Record<Severity, Command> = { critical: 'error', high: 'error', medium: 'warning', low: 'notice' };

/**
 * The runner decodes only these escapes; every other control character is replaced so that nothing read from a
 * template can end the command's line (and so start a command of its own) or disturb the log.
 */
export function escapeData(text: string): string {
  return text
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

interface Annotation {
  command: Command;
  file?: string;
  line?: number;
  col?: number;
  endLine?: number;
  endColumn?: number;
  title?: string;
  message: string;
}

/** One line per annotation: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`. */
export function formatAnnotation(annotation: Annotation): string {
  const properties = (['file', 'line', 'col', 'endLine', 'endColumn', 'title'] as const)
    .filter((name) => annotation[name] !== undefined)
    .map((name) => `${name}=${escapeProperty(String(annotation[name]))}`);
  return `::${annotation.command}${properties.length ? ` ${properties.join(',')}` : ''}::${escapeData(annotation.message)}`;
}

/** GitHub shows this many annotations of each command per step and drops the rest. */
export const ANNOTATIONS_SHOWN_PER_COMMAND = 10;

/**
 * GitHub Actions workflow commands for the input errors and the notices, then the unsuppressed findings (most severe
 * first), then plain lines: GitHub shows only the first annotations of each command of a step, and an input error,
 * which fails the scan on its own, must not be among those it drops.
 */
export function renderGitHub(result: ScanResult, options: GitHubOptions): string {
  const titles = new Map([...(options.rules ?? RULES.map((rule) => rule.meta)), UNUSED_SUPPRESSION].map((meta) => [meta.id, meta.title]));
  const where = (file: string): string => pathFromRoot(file, options.sourceRoot, options.cwd) ?? file;
  const annotations: Annotation[] = [];
  for (const error of result.errors) annotations.push(placedAnnotation('error', 'deputy: input error', error, where));
  for (const notice of result.notices) annotations.push(placedAnnotation('notice', 'deputy: not fully analyzed', notice, where));
  const findings = result.findings.filter((finding) => !finding.suppressed).sort(mostSevereFirst);
  for (const finding of findings) annotations.push(findingAnnotation(finding, titles.get(finding.ruleId), where));
  const lines = annotations.map(formatAnnotation);
  const { findings: count, errors } = result.summary;
  lines.push(`deputy: ${count} finding${count === 1 ? '' : 's'}${errors ? `, ${errors} input error${errors === 1 ? '' : 's'}` : ''}`);
  const dropped = droppedAnnotations(annotations);
  if (dropped) lines.push(`deputy: GitHub shows the first ${ANNOTATIONS_SHOWN_PER_COMMAND} annotations of each kind of a step; ${dropped} are only in this log`);
  return lines.join('\n') + '\n';
}

/** How many annotations of each command pass GitHub's limit, as `3 errors and 1 notice`; undefined when none does. */
function droppedAnnotations(annotations: readonly Annotation[]): string | undefined {
  const counts = new Map<Command, number>();
  for (const { command } of annotations) counts.set(command, (counts.get(command) ?? 0) + 1);
  const parts = (['error', 'warning', 'notice'] as const).flatMap((command) => {
    const over = (counts.get(command) ?? 0) - ANNOTATIONS_SHOWN_PER_COMMAND;
    return over > 0 ? [`${over} ${command}${over === 1 ? '' : 's'}`] : [];
  });
  return parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/**
 * An input error or notice, on its line when it has one; one about the command line (a pseudo-file) names it in the
 * message instead, as it has no file to annotate.
 */
function placedAnnotation(command: Command, title: string, { file, line, column, message }: { file: string; line?: number; column?: number; message: string }, where: (file: string) => string): Annotation {
  const hasFile = namesFile(file);
  return {
    command,
    ...(hasFile ? { file: where(file) } : {}),
    ...(hasFile && line !== undefined ? { line } : {}),
    ...(hasFile && line !== undefined && column !== undefined ? { col: column } : {}),
    title,
    message: hasFile ? message : `${file}: ${message}`,
  };
}

function findingAnnotation(finding: Finding, title: string | undefined, where: (file: string) => string): Annotation {
  const { startLine, startColumn, endLine, endColumn } = finding.location;
  const fix = fixesOf(finding).map((fix) => `\nFix${fixWorlds(fix)}: ${fix.description}`).join('');
  const inPlan = planStatus(finding);
  const plan = inPlan ? `\nPlan: ${inPlan}` : '';
  return {
    command: COMMAND[finding.severity],
    file: where(finding.location.file),
    line: startLine,
    // GitHub takes columns on one line only: the runner drops them from a range over several lines, as the Checks API
    // and @actions/core ("cannot be sent when startLine and endLine are different values") require.
    ...(endLine > startLine ? {} : { col: startColumn }),
    endLine: Math.max(startLine, endLine),
    ...(endLine > startLine ? {} : { endColumn: Math.max(startColumn, endColumn) }),
    title: `${finding.ruleId} (${finding.severity})${title ? `: ${title}` : ''}`,
    message: `${finding.message}${plan}${fix}`,
  };
}
