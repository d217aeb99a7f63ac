import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../src/analyze/engine.js';

interface Expected {
  findings: Array<{ ruleId: string; resource: string; line: number }>;
}

const EXAMPLES = join(import.meta.dirname, '..', 'examples');

/** Every example folder holding an expected.json: the scan must produce exactly those findings. */
function exampleFolders(): string[] {
  const folders: string[] = [];
  const walk = (directory: string): void => {
    if (existsSync(join(directory, 'expected.json'))) folders.push(directory);
    for (const entry of readdirSync(directory, { withFileTypes: true })) if (entry.isDirectory()) walk(join(directory, entry.name));
  };
  walk(EXAMPLES);
  return folders;
}

describe('examples', () => {
  it('has at least three CloudFormation stacks', () => {
    expect(exampleFolders().filter((folder) => folder.includes('cloudformation')).length).toBeGreaterThanOrEqual(3);
  });

  it.each(exampleFolders().map((folder) => [folder.slice(EXAMPLES.length + 1), folder]))('%s matches expected.json', async (_name, folder) => {
    const expected = JSON.parse(readFileSync(join(folder, 'expected.json'), 'utf8')) as Expected;
    const result = await scan([folder]);
    expect(result.errors).toEqual([]);
    const actual = result.findings.map((finding) => ({
      ruleId: finding.ruleId,
      // CloudFormation addresses are `file#LogicalId`; Terraform addresses are the resource's own.
      resource: finding.resource.address.includes('#') ? finding.resource.address.split('#')[1] : finding.resource.address,
      line: finding.location.startLine,
    }));
    const order = (a: { line: number; ruleId: string }, b: { line: number; ruleId: string }): number => a.line - b.line || a.ruleId.localeCompare(b.ruleId);
    expect(actual.sort(order)).toEqual([...expected.findings].sort(order));
  });
});

describe('the real-world corpus', () => {
  const corpus = join(import.meta.dirname, '..', '..', 'shared', 'corpus', 'cfn');
  it.runIf(existsSync(corpus))('scans ../shared/corpus/cfn with no internal error', async () => {
    const result = await scan([corpus]);
    expect(result.errors.filter((error) => error.message.startsWith('internal error'))).toEqual([]);
    expect(result.summary.filesAnalyzed).toBeGreaterThan(100);
  });
});

describe('the real-world plan corpus', () => {
  const corpus = join(import.meta.dirname, '..', '..', 'shared', 'corpus', 'plan');
  it.runIf(existsSync(corpus))('scans ../shared/corpus/plan (format 0.1 to 1.2) with no internal error', async () => {
    const result = await scan([corpus]);
    expect(result.errors.filter((error) => error.message.startsWith('internal error'))).toEqual([]);
    expect(result.summary.filesAnalyzed).toBeGreaterThanOrEqual(190);
  }, 120_000);
});
