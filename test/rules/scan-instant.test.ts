import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scan } from '../../src/analyze/engine.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/** An instant a clock may read. */
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
    await scan([template, join(FIXTURES, 'trust-service-without-source-condition', 'time-seconds-open.yaml')]);
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
