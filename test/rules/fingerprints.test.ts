import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { scan } from '../../src/analyze/engine.js';
import { isSharedFixture } from './fixture-formats.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/**
 * A baseline holds fingerprints: one that changes brings every accepted finding back as new. A fingerprint is built
 * from the rule, the file, the resource, the path's names, the message id and the message's data, so a change to a
 * rule's messages or their data changes them. Pinned here for the first firing fixture of each rule; when a change is
 * meant, `npx vitest run test/rules/fingerprints.test.ts -u` writes the new ones, and the closing note says whose
 * baselines it breaks.
 */
describe('fingerprints', () => {
  it('stay what baselines recorded', async () => {
    const pinned: Record<string, { fixture: string; fingerprints: string[] }> = {};
    for (const rule of RULES) {
      const id = rule.meta.id;
      const expected = JSON.parse(readFileSync(join(FIXTURES, id, 'expected.json'), 'utf8')) as Record<string, number[]>;
      // The rule's own fixtures: one another rule's folder holds (`isSharedFixture`) is pinned there.
      const fixture = Object.keys(expected)
        .filter((name) => !isSharedFixture(name))
        .sort()
        .find((name) => expected[name]!.length > 0)!;
      const result = await scan([join(FIXTURES, id, fixture)]);
      pinned[id] = { fixture, fingerprints: result.findings.filter((finding) => finding.ruleId === id).map((finding) => finding.fingerprint).sort() };
    }
    await expect(`${JSON.stringify(pinned, null, 2)}\n`).toMatchFileSnapshot('./__snapshots__/fingerprints.json');
  });
});
