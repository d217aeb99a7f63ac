import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/analyze/engine.js';

/**
 * Valid JSON in shapes no tool writes: values of the fixtures' plans and templates replaced, where the parsers read
 * (a resource's values, a change, the configuration's expressions, a statement, an intrinsic function), by values of
 * another type or intrinsic functions with wrong arguments. Each is analyzed or refused with a message; none may end
 * in an internal error.
 */
const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const PLAN_KEYS = ['values', 'change', 'expressions', 'references', 'after_unknown', 'after_sensitive', 'module_calls', 'child_modules', 'prior_state', 'variables', 'resource_drift', 'configuration'];
const TEMPLATE_KEYS = ['Resources', 'Properties', 'PolicyDocument', 'AssumeRolePolicyDocument', 'Statement', 'Condition', 'Parameters', 'Conditions', 'Policies', 'Fn::Sub', 'Fn::If', 'Ref', 'Fn::GetAtt', 'Fn::Join'];
const REPLACEMENTS: unknown[] = [
  null, 0, -1, 1.5, true, '', 'x', '${x}', 'arn:aws:iam::123456789012:role/x', [], [null], [{}], {}, { a: 1 },
  '{"Version":"2012-10-17","Statement":{}}', '{"Statement":[{"Effect":"Allow"}]}',
  { Ref: 1 }, { Ref: 'AWS::NoValue' }, { 'Fn::Sub': [] }, { 'Fn::Sub': ['${A}', { A: { Ref: 'B' } }] }, { 'Fn::If': ['x'] },
  { 'Fn::If': ['C', 1, { Ref: 'AWS::NoValue' }] }, { 'Fn::GetAtt': 'a' }, { 'Fn::GetAtt': ['a', 1] }, { 'Fn::Join': [1] },
  { 'Fn::Join': ['', [{ Ref: 'X' }, 'y']] }, { 'Fn::Select': ['a', []] }, { 'Fn::Select': [5, [1]] }, { 'Fn::Split': [',', 1] },
  { 'Fn::FindInMap': ['a'] }, { 'Fn::ImportValue': {} }, { 'Fn::Equals': [] }, { 'Fn::Not': [{}] }, { Condition: 'x' },
];

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

function fixtureFiles(test: (name: string) => boolean): string[] {
  const files: string[] = [];
  const walk = (directory: string): void => {
    for (const name of readdirSync(directory).sort()) {
      const path = join(directory, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (test(name)) files.push(path);
    }
  };
  walk(FIXTURES);
  return files;
}

/** The paths of every value in the document, those under one of `keys` apart. */
function valuePaths(value: unknown, keys: readonly string[]): { hot: string[][]; all: string[][] } {
  const hot: string[][] = [];
  const all: string[][] = [];
  const visit = (node: unknown, path: string[], under: boolean): void => {
    if (path.length > 0) (under ? hot : all).push(path);
    if (node !== null && typeof node === 'object') for (const key of Object.keys(node)) visit((node as Record<string, unknown>)[key], [...path, key], under || keys.includes(key));
  };
  visit(value, [], false);
  return { hot, all: [...all, ...hot] };
}

const scratch = mkdtempSync(join(tmpdir(), 'deputy-shapes-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The internal errors of `rounds` mutations of the sources, and how many of them were analyzed (read as a plan or template). */
async function mutated(sources: readonly string[], keys: readonly string[], rounds: number, seed: number, suffix: string): Promise<{ internalErrors: string[]; analyzed: number }> {
  const next = random(seed);
  const internalErrors: string[] = [];
  let analyzed = 0;
  for (let round = 0; round < rounds; round++) {
    const source = sources[Math.floor(next() * sources.length)]!;
    // A fixture may start with a byte order mark, which templates may hold and JSON.parse refuses.
    const document = JSON.parse(readFileSync(source, 'utf8').replace(/^\uFEFF/, '')) as unknown;
    const { hot, all } = valuePaths(document, keys);
    const edits = 1 + Math.floor(next() * 3);
    for (let edit = 0; edit < edits; edit++) {
      const paths = hot.length > 0 && next() < 0.85 ? hot : all;
      const path = paths[Math.floor(next() * paths.length)];
      if (!path) continue;
      let parent = document as Record<string, unknown> | undefined;
      for (const key of path.slice(0, -1)) parent = parent?.[key] as Record<string, unknown> | undefined;
      if (parent !== null && typeof parent === 'object') parent[path.at(-1)!] = structuredClone(REPLACEMENTS[Math.floor(next() * REPLACEMENTS.length)]);
    }
    const file = join(scratch, `round-${round}${suffix}`);
    writeFileSync(file, JSON.stringify(document, null, next() < 0.5 ? 2 : 0));
    const result = await scan([file]);
    analyzed += result.summary.filesAnalyzed;
    for (const error of result.errors) if (error.message.startsWith('internal error')) internalErrors.push(`${source} (round ${round}): ${error.message}`);
  }
  return { internalErrors, analyzed };
}

describe('values of the wrong shape', () => {
  it('in Terraform plans make no internal error', async () => {
    const { internalErrors, analyzed } = await mutated(fixtureFiles((name) => name.endsWith('.plan.json')), PLAN_KEYS, 150, 7, '.plan.json');
    expect(internalErrors).toEqual([]);
    expect(analyzed).toBeGreaterThan(100);
  }, 120_000);

  it('in CloudFormation JSON templates make no internal error', async () => {
    const templates = fixtureFiles((name) => name.endsWith('.json') && !name.endsWith('.plan.json') && name !== 'expected.json' && !name.endsWith('.tf.json') && !name.endsWith('.tfvars.json'));
    const { internalErrors, analyzed } = await mutated(templates, TEMPLATE_KEYS, 150, 11, '.json');
    expect(internalErrors).toEqual([]);
    expect(analyzed).toBeGreaterThan(100);
  }, 120_000);
});
