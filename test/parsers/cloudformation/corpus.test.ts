import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { looksLikeCloudFormation, parseCloudFormation } from '../../../parsers/cloudformation/index.js';
import type { ParsedFile } from '../../../src/model/index.js';

const CORPUS = '/work/shared/corpus/cfn';

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(folder, entry.name)) : [join(folder, entry.name)]));
}

describe.skipIf(!existsSync(CORPUS))('real templates (shared corpus)', () => {
  const files = existsSync(CORPUS) ? filesUnder(CORPUS) : [];
  const parsed = new Map<string, ParsedFile>();

  it('reads every file without throwing: each one parses or reports input errors', () => {
    expect(files).toHaveLength(135);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(looksLikeCloudFormation(file, text), file).toBe(true);
      const result = parseCloudFormation(file, text, {});
      expect(result.worlds.length > 0 || result.errors.length > 0, file).toBe(true);
      for (const error of result.errors) expect(error.message, file).not.toMatch(/internal error/);
      parsed.set(file, result);
    }
    const failing = [...parsed].filter(([, result]) => result.worlds.length === 0).map(([file]) => file);
    expect(failing).toEqual([]);
  });

  it('reports template errors only where CloudFormation would reject the template', () => {
    const errors = [...parsed].flatMap(([file, result]) => result.errors.map(({ line, column, message }) => `${file.slice(CORPUS.length + 1)}:${line}:${column} ${message}`));
    // SAM's expected output for a test input whose state machine names a function that neither template declares.
    expect(errors).toEqual(['aws__serverless-application-model/tests/translator/output/connector_sfn_to_function.json:119:15 Fn::GetAtt of "StateMachineFunction", which is not a resource of this template']);
  });

  it('locates every resource and policy, and lists duplicate keys, without throwing', () => {
    for (const [file, result] of parsed) {
      for (const world of result.worlds) {
        for (const resource of world.resources) {
          expect(resource.location.file).toBe(file);
          expect(resource.location.startLine).toBeGreaterThan(0);
          expect(() => world.duplicateKeys(resource.address)).not.toThrow();
        }
        for (const policy of world.policies) {
          const resource = world.resources.find((candidate) => candidate.address === policy.resource)!;
          expect(resource.locator.locate([...policy.path, 'Statement', 0, 'Condition']).startLine).toBeGreaterThanOrEqual(resource.location.startLine);
        }
        for (const edge of world.edges) expect(world.resources.some((resource) => resource.address === edge.to)).toBe(true);
      }
    }
  });
});
