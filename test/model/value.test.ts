import { describe, expect, it } from 'vitest';
import { displayString, loneReferencePayload, MARK_END, MARK_START, marker, markerPayload, refMarker, UNLISTED_ATTRIBUTE } from '../../src/model/value.js';

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
