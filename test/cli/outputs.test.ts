import { describe, expect, it } from 'vitest';
import { planOutputs } from '../../src/cli/outputs.js';
import { UsageError } from '../../src/cli/usage-error.js';

describe('planOutputs', () => {
  it.each([
    [undefined, undefined, {}, { targets: [{ format: 'text' }] }],
    ['json', undefined, {}, { targets: [{ format: 'json' }] }],
    [undefined, 'report.txt', {}, { targets: [{ format: 'text', file: 'report.txt' }] }],
    [['sarif', 'json'], ['a.sarif'], {}, { targets: [{ format: 'sarif', file: 'a.sarif' }, { format: 'json' }] }],
    [['sarif', 'json'], ['-', 'b.json'], {}, { targets: [{ format: 'sarif' }, { format: 'json', file: 'b.json' }] }],
    [['sarif', 'junit', 'text'], ['a.sarif', 'b.xml'], {}, { targets: [{ format: 'sarif', file: 'a.sarif' }, { format: 'junit', file: 'b.xml' }, { format: 'text' }] }],
    [undefined, undefined, { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: '/s.md' }, { targets: [{ format: 'github' }], stepSummary: '/s.md' }],
    [undefined, undefined, { GITHUB_ACTIONS: 'true' }, { targets: [{ format: 'github' }] }],
    [undefined, undefined, { GITHUB_ACTIONS: 'false', GITHUB_STEP_SUMMARY: '/s.md' }, { targets: [{ format: 'text' }] }],
    ['sarif', undefined, { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: '/s.md' }, { targets: [{ format: 'sarif' }] }],
    [undefined, 'r.txt', { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: '/s.md' }, { targets: [{ format: 'text', file: 'r.txt' }] }],
  ])('--format %j --output %j in %j', (formats, outputs, env, plan) => {
    expect(planOutputs(formats, outputs, env)).toEqual(plan);
  });

  it.each([
    [['sarif', 'json'], undefined, 'sarif, json would all go to standard output'],
    [['sarif', 'json', 'text'], ['a.sarif'], 'json, text would all go to standard output'],
    [['sarif', 'json'], ['-', '-'], 'sarif, json would all go to standard output'],
    ['json', ['a', 'b'], '2 --output values for 1 --format value:'],
    [['json', 'sarif'], ['x/../same', 'same'], '--output same is given for more than one --format'],
  ])('refuses --format %j --output %j', (formats, outputs, message) => {
    expect(() => planOutputs(formats, outputs, {})).toThrow(UsageError);
    expect(() => planOutputs(formats, outputs, {})).toThrow(message);
  });
});
