import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
