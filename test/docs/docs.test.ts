import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { renderRuleDoc, renderRuleIndex } from '../../src/docs/render.js';

const DOCS = join(import.meta.dirname, '..', '..', 'docs', 'rules');

describe('docs/rules', () => {
  it('holds exactly one page per rule and the index', () => {
    expect(readdirSync(DOCS).sort()).toEqual(['README.md', ...RULES.map((rule) => `${rule.meta.id}.md`)].sort());
  });

  it.each(RULES.map((rule) => [rule.meta.id, rule] as const))('%s.md is up to date (run `npm run docs`)', (id, rule) => {
    expect(readFileSync(join(DOCS, `${id}.md`), 'utf8')).toBe(renderRuleDoc(rule.meta));
  });

  it('a severity note, shown instead of the severity (docs, `deputy explain`, SARIF help), starts with the rule\'s own severity', () => {
    const notes = RULES.filter((rule) => rule.meta.severityNote !== undefined).map((rule) => [rule.meta.id, rule.meta.severityNote!.split(/[ ;,]/)[0]]);
    expect(notes).toEqual(RULES.filter((rule) => rule.meta.severityNote !== undefined).map((rule) => [rule.meta.id, rule.meta.severity]));
  });

  it('the index is up to date (run `npm run docs`)', () => {
    expect(readFileSync(join(DOCS, 'README.md'), 'utf8')).toBe(renderRuleIndex(RULES.map((rule) => rule.meta)));
  });
});

describe('renderRuleDoc', () => {
  it('writes each list as one list, however many items it has', () => {
    const meta = RULES.find((rule) => rule.meta.id === 'trust-service-without-source-condition')!.meta;
    const three = { ...meta, messages: { a: 'first {x}', b: 'second {x}', c: 'third {x}' } };
    const page = renderRuleDoc(three);
    expect(page).toContain('## Messages\n\n- first {x}\n- second {x}\n- third {x}\n\n## Sources\n\n');
    expect(page).toContain(meta.sources.map((source) => `- [${source.title}](${source.url})`).join('\n') + '\n');
  });
});
