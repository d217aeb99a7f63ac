import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { scan } from '../../src/analyze/engine.js';
import { FIXTURE_FORMATS, isSharedFixture } from './fixture-formats.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/**
 * Where a finding is located and how its message names whom it reaches are not what it is, and keep its fingerprint,
 * which a baseline holds: these rules' findings were pointed at a more specific line (sagemaker-execution-role-admin,
 * at the Action entry that grants the administrator's reach), or name a group's members otherwise, and the fingerprints
 * of each of their firing fixtures are pinned (`__snapshots__/fixtures.test.ts.snap`), beside the first one's of every
 * rule (fingerprints.test.ts).
 */
const FINGERPRINTS_PINNED: ReadonlySet<string> = new Set(['sagemaker-execution-role-admin', 'identity-full-admin', 'identity-passrole-unscoped']);

/**
 * test/fixtures/<rule-id>/expected.json maps each fixture file to the lines where that rule must report ([] = silent);
 * a fixture another rule's folder holds is named by its path from this folder (`../<other-rule>/<file>`), not copied.
 */
describe.each(RULES.map((rule) => rule.meta.id))('%s fixtures', (ruleId) => {
  const directory = join(FIXTURES, ruleId);
  const expected = existsSync(join(directory, 'expected.json'))
    ? (JSON.parse(readFileSync(join(directory, 'expected.json'), 'utf8')) as Record<string, number[]>)
    : {};

  it('has firing and silent cases in every input format, each listed in expected.json', async () => {
    const files = readdirSync(directory).filter((name) => name !== 'expected.json');
    const names = Object.keys(expected);
    expect(files.sort()).toEqual(names.filter((name) => !isSharedFixture(name)).sort());
    for (const name of names.filter(isSharedFixture)) expect(existsSync(join(directory, name)), name).toBe(true);
    for (const format of FIXTURE_FORMATS) {
      const ofFormat = names.filter((name) => format.matches(basename(name)));
      expect(ofFormat.some((name) => expected[name]!.length > 0), `a firing ${format.name} case`).toBe(true);
      expect(ofFormat.some((name) => expected[name]!.length === 0), `a silent ${format.name} case`).toBe(true);
    }
  });

  it.each(Object.entries(expected))('%s', async (name, lines) => {
    const result = await scan([join(directory, name)]);
    expect(result.errors).toEqual([]);
    const ofRule = result.findings.filter((finding) => finding.ruleId === ruleId);
    expect(ofRule.map((finding) => finding.location.startLine).sort((a, b) => a - b)).toEqual([...lines].sort((a, b) => a - b));
    if (FINGERPRINTS_PINNED.has(ruleId) && lines.length > 0) expect(ofRule.map((finding) => finding.fingerprint).sort()).toMatchSnapshot('fingerprints');
  });
});
