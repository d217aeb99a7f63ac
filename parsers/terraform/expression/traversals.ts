/** The references an expression makes, for dependency ordering and graph edges. */
import type { Expr, TemplateNode, TemplatePart, TraversalStep } from './ast.js';
import type { Traversal } from './evaluate.js';

/**
 * Every reference's static prefix: the root name, then attribute names and literal indexes up to the first
 * step that needs evaluation. Names bound by `for` expressions and template `for` directives are not references.
 */
export function traversalsIn(expr: Expr): Traversal[] {
  const found: Traversal[] = [];
  visit(expr, new Set(), found);
  return found;
}

function visit(expr: Expr, bound: ReadonlySet<string>, found: Traversal[]): void {
  switch (expr.kind) {
    case 'literal':
      return;
    case 'template':
      return visitTemplate(expr, bound, found);
    case 'tuple':
      for (const item of expr.items) visit(item, bound, found);
      return;
    case 'object':
      for (const item of expr.items) {
        visit(item.key, bound, found);
        visit(item.value, bound, found);
      }
      return;
    case 'parentheses':
      return visit(expr.expr, bound, found);
    case 'traversal': {
      if (!bound.has(expr.root)) found.push(staticPrefix(expr.root, expr.steps));
      return visitSteps(expr.steps, bound, found);
    }
    case 'relative':
    case 'splat':
      visit(expr.source, bound, found);
      return visitSteps(expr.steps, bound, found);
    case 'call':
      for (const arg of expr.args) visit(arg, bound, found);
      return;
    case 'conditional':
      visit(expr.condition, bound, found);
      visit(expr.then, bound, found);
      return visit(expr.else, bound, found);
    case 'for': {
      visit(expr.collection, bound, found);
      const inner = withNames(bound, expr.keyVar, expr.valueVar);
      if (expr.keyExpr) visit(expr.keyExpr, inner, found);
      visit(expr.valueExpr, inner, found);
      if (expr.condition) visit(expr.condition, inner, found);
      return;
    }
    case 'unary':
      return visit(expr.operand, bound, found);
    case 'binary':
      visit(expr.left, bound, found);
      return visit(expr.right, bound, found);
  }
}

function visitTemplate(template: TemplateNode, bound: ReadonlySet<string>, found: Traversal[]): void {
  for (const part of template.parts) visitPart(part, bound, found);
}

function visitPart(part: TemplatePart, bound: ReadonlySet<string>, found: Traversal[]): void {
  switch (part.kind) {
    case 'text':
      return;
    case 'interpolation':
      return visit(part.expr, bound, found);
    case 'templateIf':
      visit(part.condition, bound, found);
      visitTemplate(part.then, bound, found);
      if (part.else) visitTemplate(part.else, bound, found);
      return;
    case 'templateFor':
      visit(part.collection, bound, found);
      return visitTemplate(part.body, withNames(bound, part.keyVar, part.valueVar), found);
  }
}

function visitSteps(steps: TraversalStep[], bound: ReadonlySet<string>, found: Traversal[]): void {
  for (const step of steps) if (step.type === 'index') visit(step.key, bound, found);
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
