import type { RuleMeta } from '../model/rule.js';

/** The docs page of a rule, generated from its metadata (docs/rules/<id>.md). */
export function renderRuleDoc(meta: RuleMeta): string {
  const fence = (language: string, code: string): string => ['```' + language, code, '```'].join('\n');
  const sections = [
    `<!-- Generated from the rule's metadata by \`npm run docs\`. Do not edit by hand. -->`,
    `# ${meta.id}`,
    `**${meta.title}** · severity **${meta.severityNote ?? meta.severity}** · family \`${meta.family}\``,
    meta.summary,
    ...(meta.details ? [meta.details] : []),
    '## Why it matters',
    meta.rationale,
    '## Bad',
    ...meta.bad.flatMap((example) => [`*${example.title}*`, fence(example.language, example.code)]),
    '## Good',
    ...meta.good.flatMap((example) => [`*${example.title}*`, fence(example.language, example.code)]),
    '## Fix',
    meta.fix,
    '## Messages',
    Object.values(meta.messages).flatMap((message) => withVariants(message, meta.variants ?? {}).map((text) => `- ${text}`)).join('\n'),
    '## Sources',
    meta.sources.map((source) => `- [${source.title}](${source.url})`).join('\n'),
  ];
  // Each list is one section, its items on consecutive lines.
  return sections.join('\n\n') + '\n';
}

/** A message template as each variant of its placeholders says it (`RuleMeta.variants`): one line per variant. */
function withVariants(message: string, variants: Readonly<Record<string, Readonly<Record<string, string>>>>): string[] {
  let texts = [message];
  for (const [name, alternatives] of Object.entries(variants)) {
    if (message.includes(`{${name}}`)) texts = texts.flatMap((text) => Object.values(alternatives).map((alternative) => text.split(`{${name}}`).join(alternative)));
  }
  return texts;
}

export function renderRuleIndex(metas: readonly RuleMeta[]): string {
  const rows = metas.map((meta) => `| [\`${meta.id}\`](${meta.id}.md) | ${meta.severityNote ?? meta.severity} | ${meta.title} |`);
  return [
    `<!-- Generated from the rules' metadata by \`npm run docs\`. Do not edit by hand. -->`,
    '# deputy rules',
    '',
    '| id | severity | what it reports |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
