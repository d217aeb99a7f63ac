import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UNUSED_SUPPRESSION_ID } from '../../src/analyze/suppress.js';
import { CROSS_ACCOUNT, SERVICE, partnerRole, project, serviceRole } from './support.js';

const BIN = join(import.meta.dirname, '..', '..', 'dist', 'src', 'cli', 'main.js');

/** Runs the built CLI (`npm run build` first) outside GitHub Actions, in a folder that is its own git root. */
function deputy(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, NO_COLOR: '1' };
  delete env.GITHUB_ACTIONS;
  delete env.GITHUB_STEP_SUMMARY;
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function repository(files: Record<string, string>): string {
  const directory = project(files);
  mkdirSync(join(directory, '.git'));
  return directory;
}

const inline = (rule: string, reason: string) => `    Metadata:\n      deputy:\n        ignore:\n          - rule: ${rule}\n            reason: ${reason}\n`;
const jsonOf = (run: { stdout: string }) => JSON.parse(run.stdout) as { findings: Array<{ ruleId: string; suppressed?: { source: string }; location: { startLine: number } }>; errors: unknown[] };

describe('deputy scan with .deputy.yml', { timeout: 60_000 }, () => {
  it('finds the config upward from the scanned path; its failOn applies unless --fail-on is given', () => {
    const directory = repository({ '.deputy.yml': 'failOn: critical\n', 'stacks/partner.yaml': `Resources:\n${serviceRole()}` });
    expect(deputy(['scan', 'stacks'], directory).code).toBe(0);
    expect(deputy(['scan', '.'], join(directory, 'stacks')).code).toBe(0);
    expect(deputy(['scan', 'stacks', '--fail-on', 'high'], directory).code).toBe(1);
  });

  it('turns rules off and overrides severities', () => {
    const directory = repository({ '.deputy.yml': `rules:\n  ${SERVICE}: low\n`, 'stack.yaml': `Resources:\n${serviceRole()}` });
    const run = deputy(['scan', '.'], directory);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`stack.yaml:10:15  low       ${SERVICE}`);
  });

  it('reads --config instead of the discovered file', () => {
    const directory = repository({ '.deputy.yml': 'failOn: none\n', 'strict.yml': 'failOn: high\n', 'stack.yaml': `Resources:\n${serviceRole()}` });
    expect(deputy(['scan', '.'], directory).code).toBe(0);
    expect(deputy(['scan', '.', '--config', 'strict.yml'], directory).code).toBe(1);
  });

  it('an invalid configuration is a usage error naming file and line, and nothing is scanned', () => {
    const directory = repository({ '.deputy.yml': 'rules:\n  trust-any-principals: off\n', 'stack.yaml': `Resources:\n${serviceRole()}` });
    const run = deputy(['scan', '.'], directory);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('.deputy.yml:2:3: unknown rule "trust-any-principals"; did you mean "trust-any-principal"?');
    const missing = deputy(['scan', '.', '--config', 'nope.yml'], directory);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.yml:1:1: cannot read the configuration file: ENOENT');
  });
});

describe('deputy scan with inline suppressions', { timeout: 60_000 }, () => {
  it('a suppressed finding never fails the build, is hidden from text and kept in JSON', () => {
    const directory = repository({ 'stack.yaml': `Resources:\n${serviceRole('Role', inline(SERVICE, 'accepted for the pilot'))}` });
    const text = deputy(['scan', '.'], directory);
    expect(text.code).toBe(0);
    expect(text.stdout).not.toContain(SERVICE);
    const json = jsonOf(deputy(['scan', '.', '--format', 'json'], directory));
    expect(json.findings.map((finding) => [finding.ruleId, finding.suppressed?.source])).toEqual([[SERVICE, 'inline']]);
  });

  it('an unmatched suppression is shown in every output, fails only at --fail-on low', () => {
    const directory = repository({ 'stack.yaml': `Resources:\n${serviceRole('Role', inline(CROSS_ACCOUNT, 'stale'))}`, '.deputy.yml': `rules:\n  ${SERVICE}: off\n` });
    const text = deputy(['scan', '.'], directory);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`stack.yaml:7:13  low       ${UNUSED_SUPPRESSION_ID}  the suppression of ${CROSS_ACCOUNT} on Role matches no finding ("stale")`);
    expect(deputy(['scan', '.', '--fail-on', 'low'], directory).code).toBe(1);
    const sarif = JSON.parse(deputy(['scan', '.', '--format', 'sarif'], directory).stdout);
    expect(sarif.runs[0].results.map((result: { ruleId: string; level: string }) => [result.ruleId, result.level])).toEqual([[UNUSED_SUPPRESSION_ID, 'note']]);
  });

  it('a suppression without a reason is an input error: exit 2, the finding still reported', () => {
    const directory = repository({ 'stack.yaml': `Resources:\n${serviceRole('Role', '    Metadata:\n      deputy:\n        ignore:\n          - rule: ' + SERVICE + '\n')}` });
    const json = deputy(['scan', '.', '--format', 'json'], directory);
    expect(json.code).toBe(2);
    const report = jsonOf(json);
    expect(report.errors).toEqual([{ file: 'stack.yaml', line: 7, column: 13, message: `the suppression of ${SERVICE} on Role needs a reason: say why the finding is accepted` }]);
    expect(report.findings.map((finding) => [finding.ruleId, finding.suppressed ?? null])).toEqual([[SERVICE, null]]);
  });
});

describe('deputy scan --write-baseline / --baseline', { timeout: 60_000 }, () => {
  it('writes the baseline and exits 0 despite findings; with it, only new findings are reported and fail', () => {
    const directory = repository({ 'stack.yaml': `Resources:\n${serviceRole('Old')}` });
    const write = deputy(['scan', '.', '--write-baseline', 'deputy-baseline.json'], directory);
    expect(write.code).toBe(0);
    expect(write.stdout).toBe('');
    expect(write.stderr).toContain('wrote 1 fingerprint to deputy-baseline.json');
    const baseline = JSON.parse(readFileSync(join(directory, 'deputy-baseline.json'), 'utf8'));
    expect(baseline.entries).toEqual([{ fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/), ruleId: SERVICE, resource: 'Old', file: 'stack.yaml' }]);

    expect(deputy(['scan', '.', '--baseline', 'deputy-baseline.json'], directory).code).toBe(0);
    writeFileSync(join(directory, 'stack.yaml'), `# moved down\n\nResources:\n${serviceRole('Old')}${partnerRole('New').replace('123456789012', '210987654321')}`);
    const after = deputy(['scan', '.', '--baseline', 'deputy-baseline.json'], directory);
    expect(after.code).toBe(0);
    expect(after.stdout).not.toContain('Old');
    expect(after.stdout).toContain(CROSS_ACCOUNT);
    const json = jsonOf(deputy(['scan', '.', '--baseline', 'deputy-baseline.json', '--format', 'json'], directory));
    expect(json.findings.filter((finding) => finding.suppressed?.source === 'baseline').map((finding) => [finding.ruleId, finding.location.startLine])).toEqual([[SERVICE, 12]]);
    writeFileSync(join(directory, 'stack.yaml'), `Resources:\n${serviceRole('Old')}${serviceRole('New')}`);
    expect(deputy(['scan', '.', '--baseline', 'deputy-baseline.json'], directory).code).toBe(1);
  });

  it('a missing or invalid baseline is a usage error naming the file', () => {
    const directory = repository({ 'stack.yaml': `Resources:\n${serviceRole()}`, 'broken.json': '{"version": 1' });
    const missing = deputy(['scan', '.', '--baseline', 'absent.json'], directory);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read the baseline file absent.json: ENOENT');
    const broken = deputy(['scan', '.', '--baseline', 'broken.json'], directory);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('the baseline file broken.json is not valid JSON');
    expect(existsSync(join(directory, 'absent.json'))).toBe(false);
  });
});
