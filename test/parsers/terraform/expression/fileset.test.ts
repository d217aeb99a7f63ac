import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fileSet, matchComponent, type FileSetResult } from '../../../../parsers/terraform/expression/index.js';
import { diskFolderTree } from '../../../../parsers/terraform/folder-tree.js';
import { scanTree } from '../helpers.js';
import { plain, run, scopeOf } from './helpers.js';
import { evaluate, parseExpression } from '../../../../parsers/terraform/expression/index.js';

/** A folder of files (`''` content for an empty one, `{ link }` for a symbolic link, `{ folder: true }` for an empty folder). */
function write(tree: Record<string, string | { link: string } | { folder: true }>): string {
  const directory = realpathSync(mkdtempSync(join(tmpdir(), 'deputy-fileset-')));
  for (const [path, content] of Object.entries(tree)) {
    const full = join(directory, path);
    mkdirSync(dirname(full), { recursive: true });
    if (typeof content === 'string') writeFileSync(full, content);
    else if ('link' in content) symlinkSync(content.link, full);
    else mkdirSync(full, { recursive: true });
  }
  return directory;
}

describe('fileset pattern parts (doublestar v1, as Terraform matches one name)', () => {
  test.each([
    ['*.json', 'a.json', true],
    ['*.json', '.hidden.json', true],
    ['*.json', 'a.json.bak', false],
    ['*', 'anything', true],
    ['?.json', 'a.json', true],
    ['?.json', 'ab.json', false],
    ['[ab].json', 'b.json', true],
    ['[ab].json', 'c.json', false],
    ['[a-c].json', 'c.json', true],
    ['[^a].json', 'a.json', false],
    ['[^a].json', 'b.json', true],
    ['{trust,role}.json', 'role.json', true],
    ['{trust,role}.json', 'policy.json', false],
    ['{a,b}*.json', 'beta.json', true],
    ['\\*.json', '*.json', true],
    ['\\*.json', 'a.json', false],
    ['a**', 'abc', true],
    // What follows a star is matched with its errors dropped, as doublestar v1 does (`m, _ := matchComponent`).
    ['*[.json', 'a.json', false],
    ['*{a,b', 'a', false],
  ])('%s against %s: %s', (pattern, name, matches) => {
    expect(matchComponent(pattern, name)).toBe(matches);
  });
});

describe('fileset on disk', () => {
  let directory: string;
  const inside = (path: string): boolean => path === directory || path.startsWith(`${directory}/`);
  const list = (folder: string, pattern: string, accept = inside): FileSetResult => fileSet(join(directory, folder), pattern, diskFolderTree(accept));

  beforeAll(() => {
    directory = write({
      'a.json': '{}',
      'b.txt': '',
      '.hidden.json': '{}',
      'folder.json/inner.json': '{}',
      'linked.json': { link: 'a.json' },
      'dangling.txt': { link: 'nowhere.txt' },
      'policies/trust.json': '{}',
      'policies/role.json': '{}',
      'policies/nested/deep.json': '{}',
      'policies/nested/notes.md': '',
      'policies/more': { link: 'nested' },
      'empty': { folder: true },
    });
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  test.each<[string, string, string[]]>([
    // Regular files only (links followed): no folder (folder.json), no dangling link.
    ['.', '*.json', ['.hidden.json', 'a.json', 'linked.json']],
    ['.', 'policies/*.json', ['policies/role.json', 'policies/trust.json']],
    ['.', './policies/../policies/{trust,role}.json', ['policies/role.json', 'policies/trust.json']],
    ['.', 'policies/[r]*.json', ['policies/role.json']],
    ['.', 'policies/?????.json', ['policies/trust.json']],
    // `**` spans zero or more folders, links to folders followed; the path is removed from each name.
    ['policies', '**/*.json', ['more/deep.json', 'nested/deep.json', 'role.json', 'trust.json']],
    ['policies', '**', ['more/deep.json', 'more/notes.md', 'nested/deep.json', 'nested/notes.md', 'role.json', 'trust.json']],
    ['policies', 'nested/*', ['nested/deep.json', 'nested/notes.md']],
    ['policies/nested', '../*.json', ['../role.json', '../trust.json']],
    ['policies', 'nested', []],
    ['policies', 'missing/*.json', []],
    ['missing', '*', []],
    ['empty', '**', []],
  ])('fileset(%s, %s)', (folder, pattern, files) => {
    expect(list(folder, pattern)).toEqual({ files });
  });

  test('a matched link that leads nowhere fails, as Terraform fails to stat it', () => {
    expect(list('.', 'dangling.txt')).toEqual({ error: expect.stringContaining('failed to stat') });
  });

  test('a malformed pattern fails', () => {
    expect(list('.', '[')).toEqual({ error: expect.stringContaining('failed to glob pattern') });
    expect(list('.', '{a,b')).toEqual({ error: expect.stringContaining('failed to glob pattern') });
    // Terraform lists nothing for these: the error after a star is dropped (terraform console: fileset(".", "*[.json") is []).
    expect(list('.', '*[.json')).toEqual({ files: [] });
  });

  test('outside the scanned folders nothing is listed: the result is not known', () => {
    const onlyPolicies = (path: string) => path === join(directory, 'policies') || path.startsWith(join(directory, 'policies') + '/');
    expect(list('policies', '*.json', onlyPolicies)).toEqual({ files: ['role.json', 'trust.json'] });
    expect(list('policies', '../*.json', onlyPolicies)).toEqual({ refused: expect.stringContaining('outside the scanned folders') });
    expect(list('policies/nested', '../../*', onlyPolicies)).toEqual({ refused: expect.stringContaining('outside the scanned folders') });
  });

  test('a link out of the scanned folders to a file `**` passes by is not looked into: the files that match are listed', () => {
    const outside = write({ 'notice.txt': 'x', 'shared/x.json': '{}' });
    const scanned = write({ 'p/a.json': '{}', 'p/sub/b.json': '{}', 'p/NOTICE': { link: join(outside, 'notice.txt') } });
    try {
      const accept = (path: string) => path === scanned || path.startsWith(`${scanned}/`);
      // terraform console beside such a folder: ["a.json", "sub/b.json"].
      expect(fileSet(join(scanned, 'p'), '**/*.json', diskFolderTree(accept))).toEqual({ files: ['a.json', 'sub/b.json'] });
      // One the pattern matches, or a folder `**` would go into, is still not read: the result is not known.
      expect(fileSet(join(scanned, 'p'), '**/NOTICE', diskFolderTree(accept))).toEqual({ refused: expect.stringContaining('outside the scanned folders') });
      expect(fileSet(join(scanned, 'p'), '**', diskFolderTree(accept))).toEqual({ refused: expect.stringContaining('outside the scanned folders') });
      symlinkSync(join(outside, 'shared'), join(scanned, 'p', 'shared'));
      expect(fileSet(join(scanned, 'p'), '**/*.json', diskFolderTree(accept))).toEqual({ refused: expect.stringContaining('outside the scanned folders') });
    } finally {
      rmSync(outside, { recursive: true, force: true });
      rmSync(scanned, { recursive: true, force: true });
    }
  });

  test('a link that loops back to a folder `**` walks stops the walk: the result is not known', () => {
    const looping = write({ 'p/a.json': '{}', 'p/sub/b.json': '{}', 'p/sub/up': { link: '..' } });
    try {
      const accept = (path: string) => path === looping || path.startsWith(`${looping}/`);
      expect(fileSet(join(looping, 'p'), '**/*.json', diskFolderTree(accept))).toEqual({ refused: expect.stringContaining('links back to a folder it is in') });
      // A pattern of fixed depth goes through the link once, as Terraform does.
      expect(fileSet(join(looping, 'p'), 'sub/up/*.json', diskFolderTree(accept))).toEqual({ files: ['sub/up/a.json'] });
    } finally {
      rmSync(looping, { recursive: true, force: true });
    }
  });
});

describe('fileset() order', () => {
  test('sorts names by their UTF-8 bytes, as Terraform does: a name past U+FFFF after one of U+E000-U+FFFF', () => {
    const folder = write({ '\u{1F600}.json': '', '\uFF5A.json': '', 'a.json': '' });
    try {
      expect(fileSet(folder, '*.json', diskFolderTree(() => true))).toEqual({ files: ['a.json', '\uFF5A.json', '\u{1F600}.json'] });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('fileset() in an expression', () => {
  const listing = { 'policies/*.json': ['policies/b.json', 'policies/a.json', 'policies/a.json'] };
  const scope = {
    ...scopeOf({ path: { module: '.' } }, { './policies/a.json': 'A', './policies/b.json': 'B' }),
    fileSet: (path: string, pattern: string): FileSetResult => (path === '.' && pattern in listing ? { files: listing[pattern as keyof typeof listing] } : { refused: `${path} is outside the scanned folders` }),
  };
  const evaluated = (source: string) => plain(evaluate(parseExpression(source), scope));

  test('is a set of the names, sorted, each once, that a for expression reads', () => {
    expect(evaluated('fileset(path.module, "policies/*.json")')).toEqual(['policies/a.json', 'policies/b.json']);
    expect(evaluated('[for f in fileset(path.module, "policies/*.json") : file("${path.module}/${f}")]')).toEqual(['A', 'B']);
  });

  test('what is not listed is not known, never an error of the configuration', () => {
    expect(evaluated('fileset("../other", "*.json")')).toEqual({ unresolved: 'file not read: fileset: ../other is outside the scanned folders' });
    expect(plain(run('fileset(path.module, "*.json")', { path: { module: '.' } }))).toEqual({ unresolved: 'file not read: fileset: files are not listed here' });
    expect(evaluated('fileset(var.unknown, "*.json")')).toEqual({ unresolved: 'unknown reference: var.unknown' });
  });
});

describe('fileset() in a scan', () => {
  const trust = (service: string, sid: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] }, null, 2);
  const main = (pattern: string) => `data "aws_iam_policy_document" "trust" {
  source_policy_documents = [for f in fileset(path.module, "${pattern}") : file("\${path.module}/\${f}")]
}

resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
`;

  test('a statement of an included file is located in that file', async () => {
    const result = await scanTree({ 'main.tf': main('policies/*.json'), 'policies/a.json': trust('sagemaker.amazonaws.com', 'A'), 'policies/b.json': trust('ec2.amazonaws.com', 'B') });
    const found = result.findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition');
    expect(found.map((finding) => [finding.location.file, finding.location.startLine])).toEqual([['policies/a.json', 8]]);
    expect(found[0]!.fix?.description).not.toContain('for expression');
  });

  test('a link loop under `**` ends the walk, with no finding on what is not known', async () => {
    const result = await scanTree({ 'main.tf': main('**/*.json'), 'policies/a.json': trust('sagemaker.amazonaws.com', 'A'), 'policies/loop': { link: '..' } });
    expect(result.errors).toEqual([]);
    expect(result.findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition')).toEqual([]);
  });
});
