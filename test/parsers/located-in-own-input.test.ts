import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTerraform } from '../../parsers/terraform/index.js';
import { parseTerraformPlan } from '../../parsers/terraform-plan/index.js';
import { ResourceGraph } from '../../src/graph/graph.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

function planFixtures(): string[] {
  return readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.plan.json'))
    .sort();
}

// The trust fixes take a plan resource its `.tf` files do not declare as located in the plan file, without locating
// the statement (`locatedInPlanAlone` in rules/trust/fix.ts): what that skips would have answered the same file. Read
// one after the other in one process, the fixtures also pin that no parse locates a value in another's file.
describe('a plan read alone locates every statement of every policy in the plan file', () => {
  const files = planFixtures();

  it('has plan fixtures to read', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it.each(files)('%s', (path) => {
    const file = join(FIXTURES, path);
    const parsed = parseTerraformPlan(file, readFileSync(file, 'utf8'));
    const located: string[] = [];
    for (const world of parsed.worlds) {
      for (const { holder, doc } of new ResourceGraph(world).heldPolicies()) {
        expect(holder.writtenInFolder).not.toBe(true);
        for (const at of [doc.path, ...doc.statements.map((statement) => statement.path)]) located.push(doc.locator.locate(at).file);
      }
    }
    expect(located.filter((where) => where !== file)).toEqual([]);
  });

  it('locates a statement known only after apply in its own plan, after another plan wrote one (a value every parse shares)', () => {
    const located = ['identity-abac-tag-bypass/limited-or-unknown.plan.json', 'identity-addtags-unscoped/scoped-or-unknown.plan.json'].map((path) => {
      const file = join(FIXTURES, path);
      const [world] = parseTerraformPlan(file, readFileSync(file, 'utf8')).worlds;
      const held = new ResourceGraph(world!).heldPolicies().filter(({ doc }) => doc.statements.length > 0);
      const open = held.find(({ holder }) => holder.address.endsWith('_later'));
      expect(open).toBeDefined();
      return { file, at: open!.doc.locator.locate(open!.doc.statements[0]!.path).file };
    });
    for (const { file, at } of located) expect(at).toBe(file);
  });
});

/** The fixture folders that hold a Terraform configuration. */
function terraformFolders(): string[] {
  const folders: string[] = [];
  for (const rule of readdirSync(FIXTURES).sort()) {
    for (const entry of readdirSync(join(FIXTURES, rule)).sort()) {
      const folder = join(FIXTURES, rule, entry);
      if (statSync(folder).isDirectory() && readdirSync(folder).some((name) => name.endsWith('.tf') || name.endsWith('.tf.json'))) folders.push(folder);
    }
  }
  return folders;
}

// Origins are registered on the values the Terraform reader makes (parsers/terraform/origins.ts): read one after the
// other in one process, no folder's statements may be located in another's files.
describe('a Terraform folder read after others locates every statement of every policy in its own files', () => {
  const folders = terraformFolders();

  it('has folders to read', () => {
    expect(folders.length).toBeGreaterThan(500);
  });

  it.each(folders.map((folder) => [folder.slice(FIXTURES.length + 1), folder]))('%s', async (_name, folder) => {
    const parsed = await parseTerraform([{ file: folder, absolute: folder, explicit: true }], { scanRoots: [folder], display: (absolute) => absolute, variables: {}, variableFiles: [] });
    const outside: string[] = [];
    for (const file of parsed.files) {
      for (const world of file.worlds) {
        for (const { doc } of new ResourceGraph(world).heldPolicies()) {
          for (const at of [doc.path, ...doc.statements.map((statement) => statement.path)]) {
            const located = doc.locator.locate(at).file;
            if (!located.startsWith(`${folder}/`)) outside.push(located);
          }
        }
      }
    }
    expect(outside).toEqual([]);
  });
});
