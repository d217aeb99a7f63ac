/** The references an expression makes, for dependency ordering and graph edges. */
import type { Expr, ScopeTraversalNode, TemplateNode, TemplatePart, TraversalStep } from './ast.js';
import type { Traversal } from './evaluate.js';

/**
 * Every reference's static prefix: the root name, then attribute names and literal indexes up to the first
 * step that needs evaluation. Names bound by `for` expressions and template `for` directives are not references.
 */
export function traversalsIn(expr: Expr): Traversal[] {
  const found: Traversal[] = [];
  visit(expr, new Set(), (traversal) => found.push(staticPrefix(traversal.root, traversal.steps)), undefined);
  return found;
}

/**
 * The references an expression makes as a plan's configuration lists them (`aws_iam_role.r["k"].arn`,
 * `aws_iam_role.r["k"]`, `aws_iam_role.r`; `module.m["k"].out`, `module.m["k"]`; `var.x.y`, `var.x`): each
 * reference's static prefix, then the shorter ones down to what it names (a resource, data source, module instance,
 * variable, local value, `each.value`, ...), and for a resource instance the resource; a module's down to its instance
 * only (a module read whole is listed alone). Terraform lists each reference where it is written, one written twice
 * twice (checked with plans of Terraform 1.0 to 1.11: `"${aws_iam_role.a.arn}-${aws_iam_role.a.arn}"` lists
 * `aws_iam_role.a.arn`, `aws_iam_role.a` twice over).
 */
export function planReferencesIn(expr: Expr): string[] {
  const found: string[] = [];
  visit(expr, new Set(), ({ root, steps }) => {
    // The steps that name what is read: a resource (`type.name`), a data source (`data.type.name`), a module instance
    // (`module.name`, `module.name["k"]`), or a value of the module (`var.name`, `local.name`, `each.value`).
    const keyedModule = root === 'module' && steps[1]?.type === 'index';
    const naming = root === 'data' || keyedModule ? 2 : 1;
    let text = root;
    const prefixes: string[] = [];
    for (let index = 0; index < steps.length; index++) {
      const step = steps[index]!;
      const key = step.type === 'attr' ? undefined : literalKey(step.key);
      if (step.type === 'index' && key === undefined) break;
      // As Terraform writes a reference: `.name`, `[0]`, `["k"]`.
      const written = step.type === 'attr' ? `.${step.name}` : `[${JSON.stringify(key)}]`;
      text += written;
      if (index + 1 >= naming) prefixes.push(text);
    }
    if (prefixes.length === 0 || prefixes.at(-1) !== text) prefixes.push(text);
    found.push(...prefixes.reverse());
  }, undefined);
  return found;
}

/** An index written as a literal (`0`, `"k"`), which a reference names statically; undefined for one evaluation gives. */
function literalKey(key: Expr): string | number | undefined {
  if (key.kind === 'literal' && (typeof key.value === 'string' || typeof key.value === 'number')) return key.value;
  if (key.kind === 'template' && key.parts.length === 1 && key.parts[0]!.kind === 'text') return key.parts[0]!.value;
  return undefined;
}

/**
 * How an expression reads the instance's own key (`each.key`, `count.index`, and `each.value` where `eachValueIsKey`,
 * under a `for_each` set): as the whole key of an index into a resource, data source or module
 * (`aws_iam_role.r[each.key]`, `element(aws_iam_role.r[*].arn, count.index)`), or otherwise (`r["${each.key}-admin"]`,
 * `r[count.index + 1]`, `r[var.roles[each.key]]`, `reverse(r[*].arn)[count.index]`), or not at all. Terraform lists the
 * same references for all of these; the first reads the instance with the referring one's key.
 */
export function ownKeyUse(expr: Expr, eachValueIsKey = false): 'index' | 'derived' | 'none' {
  return keyUse(expr, (traversal) => isOwnKey(traversal, eachValueIsKey));
}

/**
 * How an expression reads `each.value` where it is a text known when planning (a constant `for_each` map's): as the
 * whole key of an index into a resource, data source or module (`aws_iam_role.r[each.value]`), otherwise, or not at
 * all, as `ownKeyUse` tells for the own key.
 */
export function eachValueUse(expr: Expr): 'index' | 'derived' | 'none' {
  return keyUse(expr, ({ root, steps }) => root === 'each' && steps.length === 1 && steps[0]!.type === 'attr' && steps[0]!.name === 'value');
}

function keyUse(expr: Expr, isKey: (traversal: ScopeTraversalNode) => boolean): 'index' | 'derived' | 'none' {
  let use: 'index' | 'derived' | 'none' = 'none';
  visit(expr, new Set(), (traversal, indexOf) => {
    if (!isKey(traversal)) return;
    // An index into a value computed otherwise (`reverse(r[*].arn)[count.index]`, a for expression) may reorder it.
    if (indexOf === undefined || indexOf === '' || NOT_INSTANCES.has(indexOf)) use = 'derived';
    else if (use === 'none') use = 'index';
  }, undefined);
  return use;
}

/** Roots of references whose values are not instances of a resource, data source or module (an own key indexing them is not the instance's key). */
export const NOT_INSTANCES: ReadonlySet<string> = new Set(['var', 'local', 'each', 'count', 'path', 'terraform', 'self']);

function isOwnKey({ root, steps }: ScopeTraversalNode, eachValueIsKey: boolean): boolean {
  const first = steps[0];
  return first?.type === 'attr' && ((root === 'each' && (first.name === 'key' || (eachValueIsKey && first.name === 'value'))) || (root === 'count' && first.name === 'index'));
}

/** Functions whose second argument indexes their first (`element(list, i)`, `lookup(map, k)`). */
const INDEXING_CALLS = new Set(['element', 'lookup']);

/** Functions that return their one argument's elements in its order (a list of a resource's instances stays one). */
const ORDER_KEEPING_CALLS = new Set(['tolist']);

/** The root of what an expression indexes: the reference it starts from, `''` for a value computed otherwise. */
function indexedRoot(expr: Expr): string {
  if (expr.kind === 'parentheses') return indexedRoot(expr.expr);
  if (expr.kind === 'traversal') return expr.root;
  if (expr.kind === 'call' && ORDER_KEEPING_CALLS.has(expr.name) && expr.args.length === 1) return indexedRoot(expr.args[0]!);
  return expr.kind === 'relative' || expr.kind === 'splat' ? indexedRoot(expr.source) : '';
}

/**
 * Reported for each reference not bound by a `for`, with the root of what it is the whole key of an index into
 * (`''` when that is computed), or undefined when it is not one.
 */
type OnTraversal = (traversal: ScopeTraversalNode, indexOf: string | undefined) => void;

function visit(expr: Expr, bound: ReadonlySet<string>, on: OnTraversal, indexOf: string | undefined): void {
  switch (expr.kind) {
    case 'literal':
      return;
    case 'template': {
      // `"${each.key}"` is the key itself.
      const [only] = expr.parts;
      if (indexOf !== undefined && expr.parts.length === 1 && only!.kind === 'interpolation') return visit(only!.expr, bound, on, indexOf);
      return visitTemplate(expr, bound, on);
    }
    case 'tuple':
      for (const item of expr.items) visit(item, bound, on, undefined);
      return;
    case 'object':
      for (const item of expr.items) {
        visit(item.key, bound, on, undefined);
        visit(item.value, bound, on, undefined);
      }
      return;
    case 'parentheses':
      return visit(expr.expr, bound, on, indexOf);
    case 'traversal': {
      if (!bound.has(expr.root)) on(expr, indexOf);
      // A name a `for` binds holds a value computed otherwise.
      return visitSteps(expr.steps, bound, on, bound.has(expr.root) ? '' : expr.root);
    }
    case 'relative':
    case 'splat':
      visit(expr.source, bound, on, undefined);
      return visitSteps(expr.steps, bound, on, indexedRoot(expr.source));
    case 'call':
      expr.args.forEach((arg, position) => visit(arg, bound, on, position === 1 && INDEXING_CALLS.has(expr.name) ? indexedRoot(expr.args[0]!) : undefined));
      return;
    case 'conditional':
      visit(expr.condition, bound, on, undefined);
      visit(expr.then, bound, on, undefined);
      return visit(expr.else, bound, on, undefined);
    case 'for': {
      visit(expr.collection, bound, on, undefined);
      const inner = withNames(bound, expr.keyVar, expr.valueVar);
      if (expr.keyExpr) visit(expr.keyExpr, inner, on, undefined);
      visit(expr.valueExpr, inner, on, undefined);
      if (expr.condition) visit(expr.condition, inner, on, undefined);
      return;
    }
    case 'unary':
      return visit(expr.operand, bound, on, undefined);
    case 'binary':
      visit(expr.left, bound, on, undefined);
      return visit(expr.right, bound, on, undefined);
  }
}

function visitTemplate(template: TemplateNode, bound: ReadonlySet<string>, on: OnTraversal): void {
  for (const part of template.parts) visitPart(part, bound, on);
}

function visitPart(part: TemplatePart, bound: ReadonlySet<string>, on: OnTraversal): void {
  switch (part.kind) {
    case 'text':
      return;
    case 'interpolation':
      return visit(part.expr, bound, on, undefined);
    case 'templateIf':
      visit(part.condition, bound, on, undefined);
      visitTemplate(part.then, bound, on);
      if (part.else) visitTemplate(part.else, bound, on);
      return;
    case 'templateFor':
      visit(part.collection, bound, on, undefined);
      return visitTemplate(part.body, withNames(bound, part.keyVar, part.valueVar), on);
  }
}

/** `root`: what the steps index into, as `OnTraversal` reports it. */
function visitSteps(steps: TraversalStep[], bound: ReadonlySet<string>, on: OnTraversal, root: string): void {
  for (const step of steps) if (step.type === 'index') visit(step.key, bound, on, root);
}

function withNames(bound: ReadonlySet<string>, keyVar: string | undefined, valueVar: string): ReadonlySet<string> {
  const names = new Set(bound);
  if (keyVar !== undefined) names.add(keyVar);
  names.add(valueVar);
  return names;
}

function staticPrefix(root: string, steps: TraversalStep[]): Traversal {
  const traversal: Traversal = [root];
  for (const step of steps) {
    const key = step.type === 'attr' ? step.name : literalKey(step.key);
    if (key === undefined) break;
    traversal.push(key);
  }
  return traversal;
}
