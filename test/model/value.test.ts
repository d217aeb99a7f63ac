import { describe, expect, it } from 'vitest';
import { choiceText, displayString, loneReferencePayload, MARK_END, MARK_START, marker, markerPayload, noneHolds, refMarker, UNLISTED_ATTRIBUTE, type ChoiceTerm } from '../../src/model/value.js';

describe('reference markers', () => {
  it('write their payload as marker() writes it, whichever part holds what a payload escapes', () => {
    const parts: Array<[string, string | undefined]> = [
      ['aws_iam_role.r', 'arn'],
      ['module.a["k"].aws_iam_role.r', undefined],
      ['module.a["x:y"].aws_iam_role.r', 'arn'],
      ['Role', 'a:b'],
      [`Role${MARK_START}`, 'Arn'],
      ['Role', `Arn${MARK_END}`],
      ['Role', ''],
    ];
    for (const [logicalId, attribute] of parts) {
      const payload = attribute ? `${logicalId}.${attribute}` : logicalId;
      expect(refMarker(logicalId, attribute), payload).toBe(marker('ref', payload));
      expect(loneReferencePayload(refMarker(logicalId, attribute))).toBe(markerPayload(payload));
    }
    expect(markerPayload('module.a["x:y"].r.arn')).not.toContain(':');
  });
});

describe('a reference listed without attribute', () => {
  it('shows as the reference the input writes, with no attribute made up for it', () => {
    const unlisted = refMarker('aws_iam_role.r["a"]', UNLISTED_ATTRIBUTE);
    expect(displayString(unlisted)).toBe('${aws_iam_role.r["a"]}');
    expect(displayString(`arn:aws:iam::123456789012:role/${refMarker('module.m.aws_iam_role.r', UNLISTED_ATTRIBUTE)}`)).toBe('arn:aws:iam::123456789012:role/${module.m.aws_iam_role.r}');
    expect(displayString(refMarker('aws_iam_role.r', 'arn'))).toBe('${aws_iam_role.r.arn}');
  });
});

describe('the choices that make none of some choices hold', () => {
  const term = (condition: string, holds: boolean): ChoiceTerm => ({ condition, holds });
  const texts = (choices: ReadonlyArray<readonly ChoiceTerm[]> | undefined) => choices?.map(choiceText);
  it('negate each term of one, and make the negations of several together, leaving out what cannot hold or adds nothing', () => {
    expect(texts(noneHolds([[term('var.on', true)]], 16))).toEqual(['var.on is false']);
    expect(texts(noneHolds([[term('var.a', true), term('var.b', false)]], 16))).toEqual(['var.a is false', 'var.b is true']);
    // var.a ? [x] : var.b ? [x] : []: x is left out only where neither branch names it.
    expect(texts(noneHolds([[term('var.a', true)], [term('var.a', false), term('var.b', true)]], 16))).toEqual(['var.a is false and var.b is false']);
    // Named whichever var.a is: nothing leaves it out; a choice of no term holds in any case.
    expect(noneHolds([[term('var.a', true)], [term('var.a', false)]], 16)).toEqual([]);
    expect(noneHolds([[]], 16)).toEqual([]);
    // (a and b) or (c and d): four ways to leave both out, past a limit of three.
    expect(noneHolds([[term('a', true), term('b', true)], [term('c', true), term('d', true)]], 3)).toBeUndefined();
  });
});
