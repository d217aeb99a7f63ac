import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseParameterFile } from '../../src/cli/parameters.js';

describe('parseParameterFile', () => {
  it('says why a parameters file cannot be read: missing, or a folder', () => {
    const directory = mkdtempSync(join(tmpdir(), 'deputy-parameters-'));
    try {
      const missing = join(directory, 'params.json');
      expect(() => parseParameterFile(missing)).toThrow(`--parameters file ${missing} cannot be read: ENOENT (no such file or directory)`);
      expect(() => parseParameterFile(directory)).toThrow(`--parameters file ${directory} cannot be read: EISDIR (a folder, not a file)`);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
