import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderText } from '../../src/report/text.js';
import { hostileSample, type Sample } from './sample.js';

let sample: Sample;
beforeAll(async () => {
  sample = await hostileSample();
});
afterAll(() => sample.dispose());

describe('text report', () => {
  it('shows the first 20 related locations of a finding and counts the rest', () => {
    const withRelated = sample.result.findings.find((finding) => finding.related.length > 0)!;
    const related = (count: number) => Array.from({ length: count }, (_, index) => ({ message: `use ${index}`, location: { ...withRelated.location, startLine: index + 1, endLine: index + 1 } }));
    const render = (count: number) => renderText({ ...sample.result, findings: [{ ...withRelated, related: related(count) }] }, { color: false, readSource: () => undefined });
    const relatedLines = (text: string) => text.split('\n').filter((line) => line.startsWith('    related: '));

    const many = relatedLines(render(1_500));
    expect(many).toHaveLength(21);
    expect(many[19]).toMatch(/ use 19$/);
    expect(many[20]).toBe('    related: 1,480 more (the json format lists them all)');
    expect(relatedLines(render(20))).toHaveLength(20);
    expect(relatedLines(render(20)).at(-1)).toMatch(/ use 19$/);
  });
});
