import type { RuleMeta } from '../model/rule.js';

/** `deputy explain <id>`: the rule's metadata as plain text. */
export function renderRuleText(meta: RuleMeta): string {
  const lines = [
    `${meta.id} (${meta.severityNote ?? meta.severity})`,
    meta.title,
    '',
    meta.summary,
    '',
    ...(meta.details ? [meta.details, ''] : []),
    'Why it matters',
    meta.rationale,
    '',
  ];
  for (const [heading, examples] of [['Bad', meta.bad], ['Good', meta.good]] as const) {
    for (const example of examples) lines.push(`${heading}: ${example.title}`, ...example.code.split('\n').map((line) => `    ${line}`), '');
  }
  lines.push('Fix', meta.fix, '', 'Sources', ...meta.sources.map((source) => `  ${source.title}: ${source.url}`), '');
  return lines.join('\n');
}
