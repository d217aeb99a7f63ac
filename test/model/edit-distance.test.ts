import { describe, expect, it } from 'vitest';
import { editDistance } from '../../src/model/edit-distance.js';

describe('editDistance', () => {
  it.each([
    ['sagemaker', 'sagemaker', 0],
    ['sagemkaer', 'sagemaker', 1], // two letters swapped: one edit, as a typist makes it
    ['cloudwacth', 'cloudwatch', 1],
    ['kitten', 'sitting', 3],
    ['iam', 'xsiam', 2],
    ['ca', 'abc', 3], // optimal string alignment: a swapped pair is not edited again
    ['', 'sts', 3],
  ] as const)('%s to %s is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });

  it('answers limit + 1 once the distance must exceed the limit', () => {
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
    expect(editDistance('sagemkaer', 'sagemaker', 1)).toBe(1);
  });
});
