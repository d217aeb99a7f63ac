import { describe, expect, it } from 'vitest';
import { withTemplate } from '../../parsers/template-origin.js';
import { HCL_TEMPLATE } from '../../parsers/terraform/source.js';

/** Where each column of the rendering (and the one after it) is written, the template written on one line. */
function writtenColumnsOf(written: string, rendered: string): number[] {
  const fitted = withTemplate({ line: 1, column: 1, indentColumn: 1 }, [written], HCL_TEMPLATE).fit!(rendered)!;
  return Array.from({ length: rendered.length + 1 }, (_, index) => fitted.writtenColumn!(1, index + 1));
}

describe('a template line fitted to its rendering', () => {
  it.each([
    // Each run between interpolations is held once before the last run: every column of a run is where it is written,
    // what an interpolation wrote is at the interpolation.
    ['runs held once', 'A${p}B${q}A${r}Z', 'A1B2A3Z', [1, 2, 6, 7, 11, 12, 16, 17]],
    // `-` is held twice before `Z`: where it is is not known, and all between `A` and `Z` is at the first interpolation.
    ['a run held twice', 'A${p}-${q}Z', 'A1-2-3Z', [1, 2, 2, 2, 2, 2, 11, 12]],
    // The second `-` is the last run's own: the first is held once before it.
    ['a run held again only in the last run', 'A${p}-${q}-Z', 'A1-2-Z', [1, 2, 6, 7, 11, 12, 13]],
    ['a run held twice before the last run', 'A${p}-${q}-Z', 'A1-2--Z', [1, 2, 2, 2, 2, 11, 12, 13]],
  ])('locates %s', (_what, written, rendered, expected) => {
    expect(writtenColumnsOf(written, rendered)).toEqual(expected);
  });
});
