import { RULES } from '../../rules/index.js';
import type { ScanResult } from '../analyze/engine.js';
import { SEVERITIES, severityRank } from '../model/finding.js';
import { renderMermaid } from './mermaid.js';
import { ruleDocsUrl } from './sarif.js';
import { pathFromRoot, wellFormed } from './source-root.js';

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
  /** Findings beyond this many are counted but not listed (a job summary holds at most 1 MiB). */
  maxRows?: number;
}

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
  const link = (file: string, line: number): string => {
    const path = where(file);
    const target = `${options.linkBase ? `${options.linkBase.replace(/\/+$/, '')}/` : ''}${linkTarget(path)}#L${line}`;
    return `[${escapeMarkdown(`${path}:${line}`)}](${target})`;
  };
  const { summary } = result;
  const visible = result.findings.filter((finding) => !finding.suppressed).sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  const suppressed = result.findings.length - visible.length;
  const lines: string[] = [
    `## deputy: ${summary.findings} finding${summary.findings === 1 ? '' : 's'} in ${summary.filesAnalyzed} file${summary.filesAnalyzed === 1 ? '' : 's'}`,
    '',
    `| ${SEVERITIES.join(' | ')} | suppressed | input errors |`,
    `|${SEVERITIES.map(() => '---:').join('|')}|---:|---:|`,
    `| ${SEVERITIES.map((severity) => summary.bySeverity[severity]).join(' | ')} | ${suppressed} | ${result.errors.length} |`,
    '',
  ];
  if (visible.length > 0) {
    const maxRows = options.maxRows ?? 500;
    lines.push('### Findings', '', '| severity | rule | location | resource | message |', '|---|---|---|---|---|');
    for (const finding of visible.slice(0, maxRows)) {
      lines.push(
        `| ${finding.severity} | ${ruleLink(finding.ruleId)} | ${link(finding.location.file, finding.location.startLine)} | ${escapeMarkdown(
          finding.resource.address,
        )} | ${escapeMarkdown(finding.message)}${finding.fix ? `<br>**Fix:** ${escapeMarkdown(finding.fix.description)}` : ''} |`,
      );
    }
    if (visible.length > maxRows) lines.push('', `${visible.length - maxRows} more findings are not listed here.`);
    lines.push('');
  }
  if (result.errors.length > 0) {
    lines.push('### Input errors', '');
    for (const error of result.errors) {
      const at = error.line !== undefined && !/^\(.*\)$/.test(error.file) ? link(error.file, error.line) : escapeMarkdown(where(error.file));
      lines.push(`- ${at}: ${escapeMarkdown(error.message)}`);
    }
    lines.push('');
  }
  if (result.notices.length > 0) {
    lines.push('### Not fully analyzed', '');
    for (const notice of result.notices) lines.push(`- ${escapeMarkdown(where(notice.file))}: ${escapeMarkdown(notice.message)}`);
    lines.push('');
  }
  if ((options.diagram ?? true) && result.graph.roles.length > 0) {
    lines.push('### Roles and the SageMaker resources that use them', '', '```mermaid', renderMermaid(result.graph).trimEnd(), '```', '');
  }
  return lines.join('\n');
}
