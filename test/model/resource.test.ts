import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileFailure } from '../../src/model/resource.js';

function failureOf(read: () => unknown): unknown {
  try {
    read();
  } catch (error) {
    return error;
  }
  throw new Error('expected the read to fail');
}

describe('fileFailure', () => {
  it('says what the codes a file is most often refused with mean, beside the code a search finds', () => {
    const directory = mkdtempSync(join(tmpdir(), 'deputy-failure-'));
    try {
      expect(fileFailure(failureOf(() => readFileSync(join(directory, 'missing.yaml'))))).toBe('ENOENT (no such file or directory)');
      expect(fileFailure(failureOf(() => readFileSync(directory)))).toBe('EISDIR (a folder, not a file)');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('gives a code it has no words for as it is, and the message of an error without a code', () => {
    expect(fileFailure(Object.assign(new Error('resource busy'), { code: 'EBUSY' }))).toBe('EBUSY');
    expect(fileFailure(new Error('stream destroyed'))).toBe('stream destroyed');
    expect(fileFailure('thrown text')).toBe('error');
  });
});
