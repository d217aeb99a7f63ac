import { describe, expect, it } from 'vitest';
import { findPlaceholder } from '../../rules/policy/policy-documentation-placeholder.js';
import { MARK_END, MARK_START, marker } from '../../src/model/value.js';

const REF = marker('ref', 'Bucket');

// A value's markers are read as blanks: text a marker holds is no placeholder, and a marker separates the text around it.
describe('findPlaceholder on values with markers', () => {
  it('reads the text around a marker, never the marker\'s own', () => {
    expect(findPlaceholder(`arn:aws:s3:::${REF}-123456789012`)).toBe('123456789012');
    expect(findPlaceholder(`${REF}123456789012`)).toBe('123456789012');
    expect(findPlaceholder(marker('ref', '123456789012'))).toBeUndefined();
    expect(findPlaceholder(`${marker('ref', '<Name>')}/x`)).toBeUndefined();
    expect(findPlaceholder(`${REF}/<Name>`)).toBe('<Name>');
  });

  it('reads an unterminated marker start as text, as tokenize does', () => {
    expect(findPlaceholder(`${MARK_START}ref|123456789012`)).toBe('123456789012');
    expect(findPlaceholder(`a${MARK_END}123456789012`)).toBe('123456789012');
  });

  it('reads plain text, empty text and a configured sample as written', () => {
    expect(findPlaceholder('arn:aws:iam::111122223333:role/x')).toBe('111122223333');
    expect(findPlaceholder('')).toBeUndefined();
    expect(findPlaceholder(`${REF}-YOUR_ACCOUNT`, ['YOUR_ACCOUNT'])).toBe('YOUR_ACCOUNT');
    expect(findPlaceholder(`${REF}-YOUR_ACCOUNT`)).toBeUndefined();
  });

  it('ends a marker at the first end after its start, as tokenize does', () => {
    expect(findPlaceholder(`${MARK_START}a${MARK_START}123456789012${MARK_END}`)).toBeUndefined();
    expect(findPlaceholder(`${MARK_START}a${MARK_END}123456789012${MARK_END}`)).toBe('123456789012');
  });
});
