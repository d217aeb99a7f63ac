import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../src/analyze/engine.js';

interface Expected {
  /** `file` (relative to the example folder) tells apart the files of a Terraform project and its modules. */
  findings: Array<{ ruleId: string; resource: string; file?: string; line: number }>;
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
  it('has at least three CloudFormation stacks, a Terraform project and a Terraform plan', () => {
    const names = exampleFolders().map((folder) => folder.slice(EXAMPLES.length + 1));
    expect(names.filter((name) => name.startsWith('cloudformation')).length).toBeGreaterThanOrEqual(3);
    expect(names).toContain('terraform');
    expect(names).toContain('terraform-plan');
  });

  it.each(exampleFolders().map((folder) => [folder.slice(EXAMPLES.length + 1), folder]))('%s matches expected.json', async (_name, folder) => {
    const expected = JSON.parse(readFileSync(join(folder, 'expected.json'), 'utf8')) as Expected;
    const result = await scan([folder]);
    expect(result.errors).toEqual([]);
    const withFile = expected.findings.some((finding) => finding.file !== undefined);
    const actual = result.findings.map((finding) => ({
      ruleId: finding.ruleId,
      // CloudFormation addresses are `file#LogicalId`; Terraform addresses are the resource's own.
      resource: finding.resource.address.includes('#') ? finding.resource.address.split('#')[1] : finding.resource.address,
      ...(withFile ? { file: relative(folder, resolve(finding.location.file)).split(sep).join('/') } : {}),
      line: finding.location.startLine,
    }));
    const order = (a: { file?: string; line: number; ruleId: string }, b: { file?: string; line: number; ruleId: string }): number =>
      (a.file ?? '').localeCompare(b.file ?? '') || a.line - b.line || a.ruleId.localeCompare(b.ruleId);
    expect(actual.sort(order)).toEqual([...expected.findings].sort(order));
  });
});

describe('the real-world corpus', () => {
  const corpus = join(import.meta.dirname, '..', '..', 'shared', 'corpus', 'cfn');
  it.runIf(existsSync(corpus))('scans ../shared/corpus/cfn with no internal error', async () => {
    const result = await scan([corpus]);
    expect(result.errors.filter((error) => error.message.startsWith('internal error'))).toEqual([]);
    expect(result.summary.filesAnalyzed).toBeGreaterThan(100);
  }, 120_000);
});

describe('the real-world plan corpus', () => {
  const corpus = join(import.meta.dirname, '..', '..', 'shared', 'corpus', 'plan');
  it.runIf(existsSync(corpus))('scans ../shared/corpus/plan (format 0.1 to 1.2) with no internal error', async () => {
    const result = await scan([corpus]);
    expect(result.errors.filter((error) => error.message.startsWith('internal error'))).toEqual([]);
    expect(result.summary.filesAnalyzed).toBeGreaterThanOrEqual(190);
  }, 120_000);
});

describe('the real-world Terraform corpus', () => {
  const corpus = join(import.meta.dirname, '..', '..', 'shared', 'corpus', 'tf');
  it.runIf(existsSync(corpus))('scans ../shared/corpus/tf (module folders of real projects) with no internal error', async () => {
    const result = await scan([corpus]);
    expect(result.errors.filter((error) => error.message.startsWith('internal error'))).toEqual([]);
    expect(result.summary.filesAnalyzed).toBeGreaterThan(200);
    expect(result.summary.resources).toBeGreaterThan(500);
  }, 120_000);
});
