/** The references an expression makes, for dependency ordering and graph edges. */
import type { Expr, ScopeTraversalNode, TemplateNode, TemplatePart, TraversalStep } from './ast.js';
import type { Traversal } from './evaluate.js';

/**
 * Every reference's static prefix: the root name, then attribute names and literal indexes up to the first
 * step that needs evaluation. Names bound by `for` expressions and template `for` directives are not references.
 */
export function traversalsIn(expr: Expr): Traversal[] {
  const found: Traversal[] = [];
  visit(expr, new Set(), (traversal) => found.push(staticPrefix(traversal.root, traversal.steps)), false);
  return found;
}

/**
 * Whether the expression reads the instance's own key (`each.key`, `count.index`) only as the whole key of an index
 * (`aws_iam_role.r[each.key]`), if at all: not in a key built from it (`r["${each.key}-admin"]`, `r[count.index + 1]`)
 * nor anywhere else (`lookup(m, each.key)`). Terraform lists the same references for all of these.
 */
export function readsOwnKeyOnlyAsIndex(expr: Expr): boolean {
  let elsewhere = false;
  visit(expr, new Set(), (traversal, wholeIndexKey) => {
    if (!wholeIndexKey && isOwnKey(traversal)) elsewhere = true;
  }, false);
  return !elsewhere;
}

function isOwnKey({ root, steps }: ScopeTraversalNode): boolean {
  const first = steps[0];
  return first?.type === 'attr' && ((root === 'each' && first.name === 'key') || (root === 'count' && first.name === 'index'));
}

/** Reported for each reference not bound by a `for`, with whether it is the whole key of an index step. */
type OnTraversal = (traversal: ScopeTraversalNode, wholeIndexKey: boolean) => void;

function visit(expr: Expr, bound: ReadonlySet<string>, on: OnTraversal, wholeIndexKey: boolean): void {
  switch (expr.kind) {
    case 'literal':
      return;
    case 'template': {
      // `"${each.key}"` is the key itself.
      const [only] = expr.parts;
      if (wholeIndexKey && expr.parts.length === 1 && only!.kind === 'interpolation') return visit(only!.expr, bound, on, true);
      return visitTemplate(expr, bound, on);
    }
    case 'tuple':
      for (const item of expr.items) visit(item, bound, on, false);
      return;
    case 'object':
      for (const item of expr.items) {
        visit(item.key, bound, on, false);
        visit(item.value, bound, on, false);
      }
      return;
    case 'parentheses':
      return visit(expr.expr, bound, on, wholeIndexKey);
    case 'traversal': {
      if (!bound.has(expr.root)) on(expr, wholeIndexKey);
      return visitSteps(expr.steps, bound, on);
    }
    case 'relative':
    case 'splat':
      visit(expr.source, bound, on, false);
      return visitSteps(expr.steps, bound, on);
    case 'call':
      for (const arg of expr.args) visit(arg, bound, on, false);
      return;
    case 'conditional':
      visit(expr.condition, bound, on, false);
      visit(expr.then, bound, on, false);
      return visit(expr.else, bound, on, false);
    case 'for': {
      visit(expr.collection, bound, on, false);
      const inner = withNames(bound, expr.keyVar, expr.valueVar);
      if (expr.keyExpr) visit(expr.keyExpr, inner, on, false);
      visit(expr.valueExpr, inner, on, false);
      if (expr.condition) visit(expr.condition, inner, on, false);
      return;
    }
    case 'unary':
      return visit(expr.operand, bound, on, false);
    case 'binary':
      visit(expr.left, bound, on, false);
      return visit(expr.right, bound, on, false);
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
      return visit(part.expr, bound, on, false);
    case 'templateIf':
      visit(part.condition, bound, on, false);
      visitTemplate(part.then, bound, on);
      if (part.else) visitTemplate(part.else, bound, on);
      return;
    case 'templateFor':
      visit(part.collection, bound, on, false);
      return visitTemplate(part.body, withNames(bound, part.keyVar, part.valueVar), on);
  }
}

function visitSteps(steps: TraversalStep[], bound: ReadonlySet<string>, on: OnTraversal): void {
  for (const step of steps) if (step.type === 'index') visit(step.key, bound, on, true);
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
    if (step.type === 'attr') traversal.push(step.name);
    else if (step.key.kind === 'literal' && (typeof step.key.value === 'string' || typeof step.key.value === 'number')) traversal.push(step.key.value);
    else if (step.key.kind === 'template' && step.key.parts.length === 1 && step.key.parts[0].kind === 'text') traversal.push(step.key.parts[0].value);
    else break;
  }
  return traversal;
}
