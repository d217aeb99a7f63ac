import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { FIXTURE_FORMATS } from './fixture-formats.js';

const RULES_MD = join(import.meta.dirname, '..', '..', '..', 'shared', 'RULES.md');

describe('rule metadata', () => {
  const catalog = readFileSync(RULES_MD, 'utf8');
  const listed = new Map([...catalog.matchAll(/^\| `([a-z0-9-]+)` \| ([a-z]+)/gm)].map((match) => [match[1]!, match[2]!]));

  it.each(RULES.map((rule) => [rule.meta.id, rule] as const))('%s is in RULES.md with its severity, documented, with fixtures', (id, rule) => {
    expect(listed.get(id)).toBe(rule.meta.severity);
    expect(rule.meta.title.length).toBeGreaterThan(10);
    expect(rule.meta.rationale.length).toBeGreaterThan(100);
    expect(rule.meta.sources.length).toBeGreaterThan(0);
    expect(rule.meta.bad.length).toBeGreaterThan(0);
    expect(rule.meta.good.length).toBeGreaterThan(0);
    expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
    expect(existsSync(join(import.meta.dirname, '..', '..', 'docs', 'rules', `${id}.md`))).toBe(true);
    const expectedFile = join(import.meta.dirname, '..', 'fixtures', id, 'expected.json');
    expect(existsSync(expectedFile)).toBe(true);
    const fixtures = Object.keys(JSON.parse(readFileSync(expectedFile, 'utf8')) as Record<string, number[]>);
    for (const format of FIXTURE_FORMATS) expect(fixtures.some((name) => format.matches(basename(name))), `${format.name} fixtures`).toBe(true);
  });

  it('the registry holds exactly the ids RULES.md lists', () => {
    expect(RULES.map((rule) => rule.meta.id).sort()).toEqual([...listed.keys()].sort());
  });

  it('ids are unique', () => {
    expect(new Set(RULES.map((rule) => rule.meta.id)).size).toBe(RULES.length);
  });
});
