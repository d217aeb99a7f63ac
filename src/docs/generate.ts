import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../rules/index.js';
import { renderRuleDoc, renderRuleIndex } from './render.js';

/** `npm run docs`: rewrites docs/rules/ from rule metadata (run from the repository root). */
export function generateDocs(directory = join(process.cwd(), 'docs', 'rules')): string[] {
  mkdirSync(directory, { recursive: true });
  const wanted = new Map<string, string>([['README.md', renderRuleIndex(RULES.map((rule) => rule.meta))]]);
  for (const rule of RULES) wanted.set(`${rule.meta.id}.md`, renderRuleDoc(rule.meta));
  for (const existing of readdirSync(directory)) if (!wanted.has(existing)) rmSync(join(directory, existing));
  for (const [name, content] of wanted) writeFileSync(join(directory, name), content);
  return [...wanted.keys()];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const written = generateDocs();
  process.stdout.write(`wrote ${written.length} files to docs/rules\n`);
}
