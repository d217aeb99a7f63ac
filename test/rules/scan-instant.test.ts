import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scan } from '../../src/analyze/engine.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/** The instant the scan-second fixtures write (`DateEquals`/`DateNotEquals` of `aws:CurrentTime`). */
const SCAN_SECOND = Date.parse('2026-12-07T10:00:00Z');

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the scan takes its instant once', () => {
  const template = join(FIXTURES, 'identity-full-admin', 'time-window.yaml');

  it('reads the clock once, where no instant is given: every rule reads the conditions on the time at that one', async () => {
    // A clock a second later at each read: two readers would see different seconds.
    let reads = 0;
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => SCAN_SECOND + 1000 * reads++);
    await scan([template, join(FIXTURES, 'trust-service-without-source-condition', 'scan-second.yaml')]);
    expect(clock).toHaveBeenCalledTimes(1);
  });

  it('reads no clock where the instant is given, and reads the conditions at it', async () => {
    const clock = vi.spyOn(Date, 'now');
    const fromFuture = async (now?: number) => (await scan([template], now === undefined ? {} : { now })).findings.filter((finding) => finding.ruleId === 'identity-full-admin' && finding.location.startLine === 61);
    const [after] = await fromFuture(Date.parse('3000-01-01T00:00:00Z'));
    expect(clock).not.toHaveBeenCalled();
    expect(after?.message).toBe('policy windows of role Operator allows every action on every resource under conditions every request meets: role Operator can do anything in the account');
    const [before] = await fromFuture();
    expect(before?.message).toBe('policy windows of role Operator allows every action on every resource under conditions every request from 2999-01-01T00:00:01Z on meets: role Operator can do anything in the account');
    expect(after?.fingerprint).toBe(before?.fingerprint);
  });
});

/**
 * The scan-second fixtures of each rule, scanned during the second they write: the scan's own second is past by the time
 * the template is deployed, so they report as their expected.json says they do at any later time (fixtures.test.ts).
 */
const SCAN_SECOND_FIXTURES: ReadonlyArray<[string, string]> = [
  ['trust-service-without-source-condition', 'scan-second.yaml'],
  ['trust-service-without-source-condition', 'scan-second.json'],
  ['trust-service-without-source-condition', 'tf-scan-second'],
  ['trust-service-without-source-condition', 'tf-scan-second-json'],
  ['identity-passrole-unscoped', 'scan-second.yaml'],
  ['identity-passrole-unscoped', 'scan-second.json'],
  ['identity-passrole-unscoped', 'tf-scan-second'],
  ['identity-passrole-unscoped', 'tf-scan-second-json'],
];

describe.each([
  ['at its start', 0],
  ['in its middle', 500],
  ['at its last millisecond', 999],
])('a scan during the second a fixture writes, %s', (_, offset) => {
  it.each(SCAN_SECOND_FIXTURES)('%s %s', async (ruleId, name) => {
    const expected = JSON.parse(readFileSync(join(FIXTURES, ruleId, 'expected.json'), 'utf8')) as Record<string, number[]>;
    const result = await scan([join(FIXTURES, ruleId, name)], { now: SCAN_SECOND + offset });
    expect(result.errors).toEqual([]);
    const lines = result.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.location.startLine);
    expect(lines.sort((one, other) => one - other)).toEqual(expected[name]);
    expect(lines.length).toBeGreaterThan(0);
  });
});
