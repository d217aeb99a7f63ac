/**
 * The values a variable's `validation` blocks let it take, where they list them: Terraform refuses to plan with any
 * other, so a root variable given no value that a trust principal is named by is analyzed for each (input-worlds.ts),
 * as is one passed whole to a called module's variable whose validation lists them (`passedVariable`).
 */
import { hasUnresolvedPiece, type Value } from '../../src/model/index.js';
import { VARIABLE_FILE_SCOPE } from './config.js';
import { ExpressionSyntaxError, evaluate, evaluateRaw, parseTemplate, type Expr, type Scope } from './expression/index.js';
import { isRecord } from './hcl.js';
import type { ModuleNode } from './instance.js';
import { readTypeConstraint } from './types.js';

/** Constants only: a list of values written out may call functions (`toset([...])`), and reads nothing. */
const CONSTANTS: Scope = { resolve: () => undefined, readFile: () => ({ error: 'a validation list of values reads no file' }) };

/**
 * The values of the variable `name` (declared with the body `body`) that its `validation` blocks allow, in the order the
 * first listing block writes them, where some block's condition lists them (`listedValues`) and the variable is a string
 * (or has no type); each value is kept only where no block's condition is false for it (several blocks must all hold).
 * Undefined where no block lists them, or none is left.
 */
export function validatedValues(name: string, body: Readonly<Record<string, unknown>>): string[] | undefined {
  const { conditions, listed } = validation(name, body);
  if (listed.length === 0) return undefined;
  const allowed = listed[0]!.filter((value) => conditions.every((condition) => holdsFor(condition, name, value) !== false));
  return allowed.length > 0 ? [...new Set(allowed)] : undefined;
}

/**
 * The values a block of the variable's validation lists (`listedValues`) where `value` is none of them: Terraform refuses
 * it, whatever the other blocks say. Undefined where every such block lists it, or none lists values.
 */
export function listNotHolding(name: string, body: Readonly<Record<string, unknown>>, value: string): string[] | undefined {
  return validation(name, body).listed.find((values) => !values.includes(value));
}

/**
 * Why Terraform refuses a text a variable takes, where a block of its validation lists the values it allows and the text
 * is none of them (`listNotHolding`), in its words: `whose` names the validation (`its validation`), and the text is quoted
 * unless `sensitive` or the variable is declared sensitive. Undefined where every list holds it, or none is written.
 */
export function validationRefusal(variable: { name: string; body: Readonly<Record<string, unknown>>; whose: string }, value: string, sensitive: boolean): string | undefined {
  const listed = listNotHolding(variable.name, variable.body, value);
  const shown = sensitive || declaredSensitive(variable.body) ? 'the value' : JSON.stringify(value);
  return listed && `${shown} is not one of the values ${variable.whose} allows (${listed.join(', ')})`;
}

/** Whether a variable is declared `sensitive`: Terraform converts the argument to a bool, so `sensitive = "true"` is taken too. */
export function declaredSensitive(body: Readonly<Record<string, unknown>>): boolean {
  return body.sensitive !== undefined && [true, 'true'].includes(evaluateRaw(body.sensitive, VARIABLE_FILE_SCOPE) as boolean | string);
}

/** The conditions of a string variable's validation blocks, and the values of each that lists them (none for another type). */
function validation(name: string, body: Readonly<Record<string, unknown>>): { conditions: Expr[]; listed: string[][] } {
  const kind = readTypeConstraint(body.type).kind;
  if (kind !== 'string' && kind !== 'any') return { conditions: [], listed: [] };
  const conditions = validationBlocks(body.validation).flatMap((block) => {
    const expression = conditionExpression(block.condition);
    return expression ? [expression] : [];
  });
  return { conditions, listed: conditions.map((condition) => listedValues(name, condition)).filter((values) => values !== undefined) };
}

/**
 * The variable a module block's argument passes whole (`service = var.svc`, `"${var.svc}"` in `.tf.json`); undefined for
 * any other argument.
 */
export function passedVariable(written: unknown): string | undefined {
  const expression = conditionExpression(written);
  return expression && variableRead(expression);
}

/** A variable of a called module, declared with `body`, that a variable of the calling module is passed to whole. */
export interface PassedTo {
  /** The module's path from the calling module (`module.role`, `module.role.module.inner`). */
  readonly module: string;
  readonly name: string;
  readonly body: Readonly<Record<string, unknown>>;
  /**
   * Whether a call on the way may make no instance, its `count` or `for_each` not a constant that makes one at least
   * (`makesInstances`): Terraform validates the variable only of an instance it makes.
   */
  readonly mayMakeNone: boolean;
}

/**
 * By variable of `node`: the variables with a `validation` of the modules it calls that it passes the variable to whole
 * (`passedVariable`), and of those they pass it on to in turn, at any depth. Each module folder is read once (`read`),
 * however many blocks call it.
 */
export function validatedModuleVariables(node: ModuleNode, read = new Map<ModuleNode, ReadonlyMap<string, PassedTo[]>>()): ReadonlyMap<string, PassedTo[]> {
  const known = read.get(node);
  if (known) return known;
  const passed = new Map<string, PassedTo[]>();
  for (const [call, { body: callBody }] of node.config.modules) {
    const child = node.children.get(call);
    if (!child || 'skipped' in child) continue;
    const onward = validatedModuleVariables(child, read);
    const mayMakeNone = !makesInstances(callBody);
    for (const [argument, written] of Object.entries(callBody)) {
      const name = passedVariable(written);
      const declaration = child.config.variables.get(argument);
      if (name === undefined || !declaration) continue;
      const found = [
        ...(declaration.body.validation === undefined ? [] : [{ module: `module.${call}`, name: argument, body: declaration.body, mayMakeNone }]),
        ...(onward.get(argument) ?? []).map((variable) => ({ ...variable, module: `module.${call}.${variable.module}`, mayMakeNone: mayMakeNone || variable.mayMakeNone })),
      ];
      if (found.length > 0) passed.set(name, [...(passed.get(name) ?? []), ...found]);
    }
  }
  read.set(node, passed);
  return passed;
}

/**
 * Whether a `module` block makes an instance at least whatever the inputs: it writes neither `count` nor `for_each`, or
 * writes a constant one (`count = 1`, `for_each = toset(["a"])`) that makes some. A count of 0, an empty collection, or
 * one that reads anything (a set of an element not known too) may make none.
 */
function makesInstances(callBody: Readonly<Record<string, unknown>>): boolean {
  if (Object.hasOwn(callBody, 'count')) {
    const count = evaluateRaw(callBody.count, CONSTANTS);
    return typeof count === 'number' && count >= 1;
  }
  if (Object.hasOwn(callBody, 'for_each')) {
    const forEach = evaluateRaw(callBody.for_each, CONSTANTS);
    const keys = Array.isArray(forEach) ? forEach : isRecord(forEach) ? Object.keys(forEach) : [];
    return keys.length > 0 && keys.every((key) => typeof key === 'string' && !hasUnresolvedPiece(key));
  }
  return true;
}

/** The blocks a `validation` argument of a variable body holds: a list of them (HCL), or one object (`.tf.json` may write either). */
function validationBlocks(written: unknown): Array<Record<string, unknown>> {
  if (written === undefined) return [];
  return (Array.isArray(written) ? written : [written]).filter(isRecord);
}

/** The expression a `condition` argument writes (`"${...}"`, as hcl2json and `.tf.json` give it); undefined for any other text. */
function conditionExpression(written: unknown): Expr | undefined {
  if (typeof written !== 'string' || !written.includes('${')) return undefined;
  try {
    const { parts } = parseTemplate(written);
    return parts.length === 1 && parts[0]!.kind === 'interpolation' ? parts[0].expr : undefined;
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) return undefined;
    throw error;
  }
}

/**
 * The values a condition lets `var.<name>` take, where it lists them: `contains(<texts>, var.x)` (the list may be made by
 * `toset`/`tolist`, and reads nothing), `var.x == "a"` (either side), and `||` of such. Undefined for any other condition.
 */
export function listedValues(name: string, condition: Expr): string[] | undefined {
  switch (condition.kind) {
    case 'parentheses':
      return listedValues(name, condition.expr);
    case 'binary': {
      if (condition.operator === '||') {
        const [left, right] = [listedValues(name, condition.left), listedValues(name, condition.right)];
        return left && right && [...left, ...right];
      }
      if (condition.operator !== '==') return undefined;
      const other = isVariable(name, condition.left) ? condition.right : isVariable(name, condition.right) ? condition.left : undefined;
      const value = other && constantValue(other);
      return typeof value === 'string' ? [value] : undefined;
    }
    case 'call': {
      if (condition.name !== 'contains' || condition.args.length !== 2 || condition.expandFinal || !isVariable(name, condition.args[1]!)) return undefined;
      const list = constantValue(condition.args[0]!);
      return Array.isArray(list) && list.every((value) => typeof value === 'string') ? (list as string[]) : undefined;
    }
    default:
      return undefined;
  }
}

/** Whether an expression is `var.<name>`, in parentheses or not. */
function isVariable(name: string, expression: Expr): boolean {
  return variableRead(expression) === name;
}

/** The name of the variable an expression is whole (`var.<name>`, in parentheses or not); undefined for any other. */
function variableRead(expression: Expr): string | undefined {
  if (expression.kind === 'parentheses') return variableRead(expression.expr);
  return expression.kind === 'traversal' && expression.root === 'var' && expression.steps.length === 1 && expression.steps[0]!.type === 'attr' ? expression.steps[0].name : undefined;
}

/** The value of an expression that reads nothing: a string, or a list of strings, with no piece not known; undefined otherwise. */
function constantValue(expression: Expr): Value | undefined {
  const value = evaluate(expression, CONSTANTS);
  if (typeof value === 'string') return hasUnresolvedPiece(value) ? undefined : value;
  return Array.isArray(value) && value.every((item) => typeof item === 'string' && !hasUnresolvedPiece(item)) ? value : undefined;
}

/** Whether a condition holds where `var.<name>` is `value`: undefined where it reads anything else, or is not known. */
function holdsFor(condition: Expr, name: string, value: string): boolean | undefined {
  const scope: Scope = { ...CONSTANTS, resolve: (traversal) => (traversal.length === 2 && traversal[0] === 'var' && traversal[1] === name ? value : undefined) };
  const result = evaluate(condition, scope);
  return typeof result === 'boolean' ? result : undefined;
}
