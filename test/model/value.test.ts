import { describe, expect, it } from 'vitest';
import { loneReferencePayload, MARK_END, MARK_START, marker, markerPayload, refMarker } from '../../src/model/value.js';

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
