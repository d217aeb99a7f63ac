import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { scan } from '../../src/analyze/engine.js';

/**
 * Every example policy of the SageMaker page "Identity-based policy examples" (../shared/seeds/), as a template holding
 * it in an AWS::IAM::ManagedPolicy, with the verdict a careful reviewer gives written next to it in expected.json:
 * the findings of every rule in RULES.md. Expectations name the line for the rules whose locations are settled; for
 * the identity rules they give only the count (one entry per finding).
 *
 * Which rule ids are checked: those registered in rules/index.ts. Expectations of a RULES.md rule that is not
 * registered yet are listed below as todo and become exact as soon as the rule exists.
 */
const DIRECTORY = join(import.meta.dirname, '..', 'fixtures', 'seed-examples');
const RULES_MD = join(import.meta.dirname, '..', '..', '..', 'shared', 'RULES.md');

interface Verdict {
  title: string;
  verdict: string;
  findings: Array<{ rule: string; line?: number }>;
}

const expected = JSON.parse(readFileSync(join(DIRECTORY, 'expected.json'), 'utf8')) as Record<string, Verdict>;
const registered = new Set(RULES.map((rule) => rule.meta.id));
const mentioned = new Set(Object.values(expected).flatMap((verdict) => verdict.findings.map((finding) => finding.rule)));
const listedInRulesMd = new Set([...readFileSync(RULES_MD, 'utf8').matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((match) => match[1]!));

/** `rule@line`, or `rule@?` for rules whose expectations give no line. */
function key(rule: string, line: number, unlocated: ReadonlySet<string>): string {
  return `${rule}@${unlocated.has(rule) ? '?' : line}`;
}

describe('SageMaker identity-policy seed examples', () => {
  it('has a verdict for every example and an example for every verdict', () => {
    const files = readdirSync(DIRECTORY).filter((name) => name !== 'expected.json');
    expect(files.sort()).toEqual(Object.keys(expected).sort());
    expect(files).toHaveLength(23);
  });

  it('expects only rule ids RULES.md lists, each rule either always or never with a line', () => {
    for (const rule of mentioned) expect(listedInRulesMd.has(rule), rule).toBe(true);
    for (const rule of mentioned) {
      const entries = Object.values(expected).flatMap((verdict) => verdict.findings.filter((finding) => finding.rule === rule));
      expect(new Set(entries.map((entry) => entry.line === undefined)).size, rule).toBe(1);
    }
  });

  it('catches the mistakes the page carries: the operator "String", CreateFlowDefiniton, VolumeKmsKey, a repeated key', () => {
    const rulesOf = (file: string) => expected[file]!.findings.map((finding) => finding.rule);
    expect(rulesOf('22-tag-globally-restrict-domain.json')).toContain('policy-invalid-condition-operator');
    expect(rulesOf('11-input-encryption.json')).toEqual(expect.arrayContaining(['policy-unknown-action', 'policy-deprecated-condition-key']));
    expect(rulesOf('23-search-visibility.json')).toContain('policy-duplicate-key');
  });

  const unlocated = new Set(
    Object.values(expected).flatMap((verdict) => verdict.findings.filter((finding) => finding.line === undefined).map((finding) => finding.rule)),
  );

  it.each(Object.entries(expected))('%s', async (name, verdict) => {
    const result = await scan([join(DIRECTORY, name)]);
    expect(result.errors).toEqual([]);
    const found = result.findings.map((finding) => key(finding.ruleId, finding.location.startLine, unlocated)).sort();
    const wanted = verdict.findings.filter((finding) => registered.has(finding.rule)).map((finding) => key(finding.rule, finding.line ?? 0, unlocated)).sort();
    expect(found, verdict.verdict).toEqual(wanted);
  });

  for (const rule of [...mentioned].filter((id) => !registered.has(id)).sort()) {
    it.todo(`${rule}: not registered yet, so its expectations are not checked`);
  }
});
