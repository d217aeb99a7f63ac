import { RULES } from '../../rules/index.js';
import type { ScanResult } from '../analyze/engine.js';
import { SEVERITIES, fixesOf, fixWorlds, mostSevereFirst } from '../model/finding.js';
import { renderMermaid } from './mermaid.js';
import { ruleDocsUrl } from './sarif.js';
import { pathFromRoot, wellFormed } from './source-root.js';
import { filesCounted, planStatus } from './text.js';

export interface MarkdownOptions {
  sourceRoot: string;
  cwd?: string;
  /**
   * Where file links point: `https://github.com/OWNER/REPO/blob/SHA` in a job summary. Without it, links are
   * relative to the source root (right for a Markdown file committed there).
   */
  linkBase?: string;
  /** Adds the Mermaid diagram of roles and the SageMaker resources that use them. */
  diagram?: boolean;
  /** Findings, input errors and notices beyond this many of each are counted but not listed. */
  maxRows?: number;
  /** The most UTF-8 bytes the Markdown may take: GitHub keeps at most 1 MiB of a step's job summary. */
  maxBytes?: number;
}

/** GitHub's 1 MiB for a step's job summary, less room for the lines another tool may append in the same step. */
const MOST_BYTES = 1024 * 1024 - 16 * 1024;

/**
 * Inline Markdown text that renders as itself: HTML is inert, no emphasis, code, link, math, mention (`@team`)
 * or issue reference starts, pipes cannot split a table cell, and line breaks cannot end one.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#+!|~@$-]/g, (char) => `\\${char}`);
}

function linkTarget(path: string): string {
  return wellFormed(path)
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[()!*']/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

/** Rules with a docs page link to it; deputy's own reports (an unused suppression) have none. */
function ruleLink(ruleId: string): string {
  const documented = RULES.some((rule) => rule.meta.id === ruleId);
  return documented ? `[${escapeMarkdown(ruleId)}](${ruleDocsUrl(ruleId)})` : escapeMarkdown(ruleId);
}

export function renderMarkdown(result: ScanResult, options: MarkdownOptions): string {
  const where = (file: string): string => pathFromRoot(file, options.sourceRoot, options.cwd) ?? file;
  // Only a file under the source root is in the commit (or beside this Markdown) to link to.
  const link = (file: string, line: number): string => {
    const path = pathFromRoot(file, options.sourceRoot, options.cwd);
    if (path === undefined) return escapeMarkdown(`${file}:${line}`);
    const target = `${options.linkBase ? `${options.linkBase.replace(/\/+$/, '')}/` : ''}${linkTarget(path)}#L${line}`;
    return `[${escapeMarkdown(`${path}:${line}`)}](${target})`;
  };
  const { summary } = result;
  const visible = result.findings.filter((finding) => !finding.suppressed).sort(mostSevereFirst);
  const suppressed = result.findings.length - visible.length;
  const lines: string[] = [
    `## deputy: ${summary.findings} finding${summary.findings === 1 ? '' : 's'}${filesCounted(visible, summary.filesAnalyzed)}`,
    '',
    `| ${SEVERITIES.join(' | ')} | suppressed | input errors |`,
    `|${SEVERITIES.map(() => '---:').join('|')}|---:|---:|`,
    `| ${SEVERITIES.map((severity) => summary.bySeverity[severity]).join(' | ')} | ${suppressed} | ${result.errors.length} |`,
    '',
  ];
  const maxRows = options.maxRows ?? 500;
  // The counts come first; the findings, input errors, notices and the diagram then take what is left, in that order.
  const budget = { bytes: (options.maxBytes ?? MOST_BYTES) - byteLength(lines) };
  if (visible.length > 0) {
    const rows = visible
      .slice(0, maxRows)
      .map((finding) => {
        const inPlan = planStatus(finding);
        return `| ${finding.severity} | ${ruleLink(finding.ruleId)} | ${link(finding.location.file, finding.location.startLine)} | ${escapeMarkdown(
          finding.resource.address,
        )} | ${escapeMarkdown(finding.message)}${inPlan ? `<br>**Plan:** ${escapeMarkdown(inPlan)}` : ''}${fixesOf(finding).map((fix) => `<br>**Fix${escapeMarkdown(fixWorlds(fix))}:** ${escapeMarkdown(fix.description)}`).join('')} |`;
      });
    appendSection(lines, budget, ['### Findings', '', '| severity | rule | location | resource | message |', '|---|---|---|---|---|'], rows, visible.length, (count) => `${count} more findings are not listed here.`);
  }
  if (result.errors.length > 0) {
    const items = result.errors.slice(0, maxRows).map((error) => {
      const at = error.line !== undefined ? link(error.file, error.line) : escapeMarkdown(where(error.file));
      return `- ${at}: ${escapeMarkdown(error.message)}`;
    });
    appendSection(lines, budget, ['### Input errors', ''], items, result.errors.length, (count) => `${count} more input errors are not listed here.`);
  }
  if (result.notices.length > 0) {
    const items = result.notices.slice(0, maxRows).map((notice) => `- ${notice.line !== undefined ? link(notice.file, notice.line) : escapeMarkdown(where(notice.file))}: ${escapeMarkdown(notice.message)}`);
    appendSection(lines, budget, ['### Not fully analyzed', ''], items, result.notices.length, (count) => `${count} more notices are not listed here.`);
  }
  if ((options.diagram ?? true) && result.graph.roles.length > 0) {
    const diagram = ['### Roles and the SageMaker resources that use them', '', '```mermaid', renderMermaid(result.graph).trimEnd(), '```', ''];
    const leftOut = ['The diagram of roles and the SageMaker resources that use them is left out: the summary is full.', ''];
    if (byteLength(diagram) <= budget.bytes) lines.push(...diagram);
    else if (byteLength(leftOut) <= budget.bytes) lines.push(...leftOut);
  }
  return lines.join('\n');
}

/** UTF-8 bytes of the lines joined by line breaks, with the break after the last. */
function byteLength(lines: readonly string[]): number {
  let bytes = 0;
  for (const line of lines) bytes += Buffer.byteLength(line) + 1;
  return bytes;
}

/**
 * Appends a section's heading lines and as many of its items as the budget leaves room for (keeping room to say how
 * many are not listed), then that count when some are left out: of `total`, the items are the first ones. A section
 * whose heading does not fit is left out.
 */
function appendSection(lines: string[], budget: { bytes: number }, head: readonly string[], items: readonly string[], total: number, leftOut: (count: number) => string): void {
  const reserve = byteLength(['', leftOut(total)]);
  let used = byteLength([...head, '']);
  if (used + reserve > budget.bytes) return;
  let listed = 0;
  for (const item of items) {
    const size = Buffer.byteLength(item) + 1;
    if (used + size + reserve > budget.bytes) break;
    used += size;
    listed++;
  }
  const section = [...head, ...items.slice(0, listed), ...(total > listed ? ['', leftOut(total - listed)] : []), ''];
  budget.bytes -= byteLength(section);
  lines.push(...section);
}
