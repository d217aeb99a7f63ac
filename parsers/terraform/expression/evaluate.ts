/** Tree-walking evaluator of parsed expressions over deputy's Value model. Never throws. */
import { Unresolved, bothHold, compareUtf8, hasMarker, isKnownAtPlan, isObject, passedOn, throughChoices, unresolvedMarker, type Choice, type ChoiceTerm, type Value, type ValueObject } from '../../../src/model/index.js';
import { ExpressionSyntaxError, type CallNode, type Expr, type ForNode, type TemplateNode, type TraversalStep } from './ast.js';
import { containsUnknown, deepEqual, describe, elementKey, equals, formatNumber, hasUnknownOrder, toBool, toNumber, toText, unknownFromMarkers, unknownPosition, withUnknownOrder } from './convert.js';
import { callFunction } from './functions.js';
import type { FileSetResult } from './fileset.js';
import { parseTemplate } from './parser.js';
import { awaitsInput, isError, unresolved } from './reasons.js';
import { decodeFailureOf, type DecodeFailure } from './json.js';
import { lineColumn } from '../../cloudformation/fast.js';
import { setOwn, withProperties } from '../../../src/model/objects.js';
import { withoutMark } from '../../source-text.js';

export type Traversal = Array<string | number>;

export interface Scope {
  /**
   * Value of a reference: called with the longest static traversal (root name, attribute names, literal or
   * evaluated indexes). Returns undefined when the root name is unknown to the scope (the evaluator then yields
   * Unresolved("unknown reference: ...")).
   */
  resolve(traversal: Traversal): Value | undefined;
  /**
   * For file()/templatefile(): path as written (relative to the module folder), returns text and the display path;
   * `error` when Terraform could not read the file either, `refused` when deputy chose not to read it.
   */
  readFile(path: string): FileRead;
  /**
   * For fileset(): the regular files under `path` (as written, relative to the module folder as `readFile`'s) that
   * match `pattern` (`fileSet` in fileset.ts); a scope without it lists none (the result is not known).
   */
  fileSet?(path: string, pattern: string): FileSetResult;
  /**
   * Told by templatefile() that the file `readFile` gave as `read` rendered, with the rendered line each of its written
   * lines starts on (`renderedLineStarts`): where a finding in the rendering is written.
   */
  renderedTemplate?(read: TextRead, lineStarts: ReadonlyArray<number | undefined>): void;
  /**
   * Told that a function passes the element at `step` of `list` on, unchanged, into the list it makes (`concat`,
   * `flatten`): a statement of a local keeps where the local writes it.
   */
  passedElement?(list: Value[], step: number, element: Value): void;
  /** Whether function calls are refused: Terraform reads a variable file's values and `-var` values as constants. */
  refusesCalls?: boolean;
  /**
   * The text of the ARN a reference alone to a resource's `arn` (`refMarker`) stands for, where the scope knows how it is
   * written: an IAM role's, user's, group's or policy's (`iamArnText`). A function that cuts text at its separators
   * (`cutsText`: `basename`, `split`) reads it there, rather than leave its result not known.
   */
  arnText?(reference: string): string | undefined;
  /**
   * Told, once an evaluation ends, of each call in it that Terraform refuses (`jsondecode` of a text that is not JSON),
   * unless `try` or `can` took its error: Terraform refuses the configuration, and says where.
   */
  refusedCall?(refusal: RefusedCall): void;
}

/** A function call Terraform refuses (`Scope.refusedCall`). */
export interface RefusedCall {
  /** The function called. */
  name: string;
  /** Why, naming the file a `file()` argument read and where in it. */
  message: string;
  /**
   * Where the call is written, when it is in the text the expression was parsed from: the keys and indexes `evaluateRaw`
   * followed down the hcl2json value to the string that text is (none for `evaluate`), and which call of the function
   * it is in that text (`callStarts`).
   */
  written?: { path: Array<string | number>; ordinal: number };
}

/** The calls Terraform refuses that deputy tells (`Scope.refusedCall`), and `templatefile`, whose file may make one. */
const REFUSABLE_CALL = /\b(?:jsondecode|templatefile)\s*\(/;

/** Whether evaluating an expression, by its text, may make a call Terraform refuses (`Scope.refusedCall`). */
export function mayRefuse(text: string): boolean {
  return REFUSABLE_CALL.test(text);
}

/** Where each call of the function `name` starts in an expression's text, in order. */
export function callStarts(text: string, name: string): number[] {
  const starts: number[] = [];
  for (const match of text.matchAll(new RegExp(`\\b${name}\\s*\\(`, 'g'))) starts.push(match.index);
  return starts;
}

/** A file `file()`/`templatefile()` read: its text without the byte order mark it may begin with (`byteOrderMark`). */
export type TextRead = { text: string; file: string; byteOrderMark?: true };

/**
 * What `file()` gives of a file read: its text as the bytes write it, a byte order mark included (Terraform makes the
 * string of the bytes, and an IAM policy so read is refused: "contains an invalid JSON policy"). `templatefile()`
 * renders the text without it, as HCL's template parser skips it.
 */
export function fileFunctionValue(read: TextRead): string {
  return read.byteOrderMark ? `\uFEFF${read.text}` : read.text;
}
export type FileRead = TextRead | { error: string } | { refused: string };

/** Names bound by `for` expressions and `templatefile` variables; they shadow the scope's names. */
type Locals = Record<string, Value>;

/** Largest number of elements one evaluation may build through `for` expressions and templates. */
export const ELEMENT_BUDGET = 100_000;

export interface EvaluationContext {
  scope: Scope;
  locals: Locals;
  /** Remaining elements `for` expressions may produce. */
  budget: { elements: number };
  /** Inside a template file: `templatefile` may not call itself. */
  inTemplateFile: boolean;
  /** The text the expressions were parsed from, when known: a value not known is shown as written there. */
  source?: string;
  /**
   * The calls Terraform refuses so far, with the last file `file()` read (which names the file a refused `jsondecode`
   * reads); only for a scope told of them (`Scope.refusedCall`).
   */
  refused?: RefusalState;
}

/**
 * The calls Terraform refuses so far in an evaluation, the last file `file()` read, and the keys and indexes of the
 * hcl2json value `evaluateRawIn` is in (null for an object key: its calls are not placed).
 */
interface RefusalState {
  calls: RefusedCall[];
  lastRead?: TextRead;
  path: Array<string | number | null>;
}

/** `source`: the text `expr` was parsed from, so that a value not known names the expression that gives it. */
export function evaluate(expr: Expr, scope: Scope, source?: string): Value {
  const context = newContext(scope, source);
  return told(context, guarded(() => evaluateIn(expr, context)));
}

function newContext(scope: Scope, source?: string): EvaluationContext {
  return { scope, locals: Object.create(null) as Locals, budget: { elements: ELEMENT_BUDGET }, inTemplateFile: false, ...(source !== undefined ? { source } : {}), ...(scope.refusedCall ? { refused: { calls: [], path: [] } } : {}) };
}

/** `value`, once the scope is told of the calls Terraform refuses in the evaluation that gave it. */
function told(context: EvaluationContext, value: Value): Value {
  for (const call of context.refused?.calls ?? []) context.scope.refusedCall!(call);
  return value;
}

function guarded(run: () => Value): Value {
  try {
    return run();
  } catch (error) {
    if (error instanceof RangeError) return unresolved('limit', 'value nested too deeply');
    throw error;
  }
}

/** An hcl2json JSON value: strings are templates (a lone `"${x}"` yields x's value unconverted), arrays and objects recurse. */
export function evaluateRaw(raw: unknown, scope: Scope): Value {
  const context = newContext(scope);
  return told(context, guarded(() => evaluateRawIn(raw, context)));
}

function evaluateRawIn(raw: unknown, context: EvaluationContext): Value {
  if (typeof raw === 'string') {
    if (!raw.includes('{')) return raw;
    let template: TemplateNode;
    try {
      template = parseTemplate(raw);
    } catch (error) {
      if (error instanceof ExpressionSyntaxError) return unresolved('syntax', `${error.message} at offset ${error.offset}`);
      throw error;
    }
    return evaluateIn(template, withProperties(context, { source: raw }));
  }
  if (raw === null || typeof raw === 'number' || typeof raw === 'boolean') return raw;
  if (Array.isArray(raw)) return raw.map((item, index) => evaluateEntry(item, index, context));
  if (typeof raw === 'object') {
    const result: ValueObject = {};
    for (const [rawKey, rawValue] of Object.entries(raw)) {
      setOwn(result, rawKey.includes('{') ? keyString(evaluateEntry(rawKey, null, context)) : rawKey, evaluateEntry(rawValue, rawKey, context));
    }
    return result;
  }
  return unresolved('type error', `unexpected ${typeof raw} in the parsed file`);
}

/** An entry of an hcl2json list or object (null: an object's key), evaluated with its step on the path where refused calls are placed (`RefusalState.path`). */
function evaluateEntry(raw: unknown, step: string | number | null, context: EvaluationContext): Value {
  const path = context.refused?.path;
  path?.push(step);
  const value = evaluateRawIn(raw, context);
  path?.pop();
  return value;
}

/** An object key; an unknown or unusable key becomes an `unk` marker so the object's other keys stay known. */
function keyString(key: Value): string {
  const text = key instanceof Unresolved ? key : toText(key, 'an object key');
  return text instanceof Unresolved ? unresolvedMarker(text) : text;
}

/**
 * Expressions that compute a value (references, calls, operators, `for`), whose value, when not known, is shown as the
 * expression is written: the outermost one, as `upper(var.x)` is not var.x.
 */
const COMPUTING: ReadonlySet<Expr['kind']> = new Set(['traversal', 'relative', 'splat', 'call', 'conditional', 'for', 'unary', 'binary']);

/**
 * Expressions whose value not known is one of the `choices` it carries: a conditional, those that pass a value on
 * whole (a reference, which walks into the choices: `local.role.arn`), and a call or template that makes a text of each
 * choice (`textOfEachChoice`). What any other makes of it (an operator, another call) is none of them.
 */
const KEEPING_CHOICES: ReadonlySet<Expr['kind']> = new Set(['conditional', 'parentheses', 'template', 'traversal', 'relative', 'call']);

function evaluateIn(expr: Expr, context: EvaluationContext): Value {
  const value = evaluateNode(expr, context);
  if (!(value instanceof Unresolved) || isError(value)) return value;
  const keeping = KEEPING_CHOICES.has(expr.kind);
  if (context.source === undefined || !COMPUTING.has(expr.kind)) return keeping ? value : passedOn(value);
  return new Unresolved(value.reason, writtenText(expr, context.source), keeping ? value.choices : undefined, keeping ? value.entries : undefined, keeping ? value.more : undefined);
}

function evaluateNode(expr: Expr, context: EvaluationContext): Value {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'template':
      return evaluateTemplate(expr, context);
    case 'tuple':
      return expr.items.map((item) => evaluateIn(item, context));
    case 'object': {
      const result: ValueObject = {};
      for (const item of expr.items) setOwn(result, keyString(evaluateIn(item.key, context)), evaluateIn(item.value, context));
      return result;
    }
    case 'parentheses':
      return evaluateIn(expr.expr, context);
    case 'traversal':
      return evaluateTraversal(expr.root, expr.steps, context);
    case 'relative':
      return applySteps(evaluateIn(expr.source, context), expr.steps, context);
    case 'splat':
      return evaluateSplat(evaluateIn(expr.source, context), expr.steps, context);
    case 'call':
      return evaluateCall(expr, context);
    case 'conditional':
      return evaluateConditional(expr.condition, expr.then, expr.else, context);
    case 'for':
      return evaluateFor(expr, context);
    case 'unary': {
      const operand = evaluateIn(expr.operand, context);
      if (expr.operator === '!') {
        const bool = toBool(operand, 'the operand of !');
        return bool instanceof Unresolved ? bool : !bool;
      }
      const number = toNumber(operand, 'the operand of -');
      return number instanceof Unresolved ? number : -number;
    }
    case 'binary':
      return evaluateBinary(expr.operator, expr.left, expr.right, context);
  }
}

/** `pieces`, when given, receives the text each part rendered, unless the template is a lone interpolation. */
function evaluateTemplate(template: TemplateNode, context: EvaluationContext, pieces?: string[]): Value {
  const parts = template.parts;
  // A template that is a lone interpolation yields the value itself, unconverted.
  if (parts.length === 1 && parts[0].kind === 'interpolation') return evaluateIn(parts[0].expr, context);
  const text = templateText(template, context, pieces, true);
  if (text instanceof Unresolved) return text;
  // hcl2json rewrites `"${c ? "x" : "y"}"` as `"%{if c}x%{else}y%{endif}"`: a template that is nothing but one
  // unknown piece is the unknown value itself, as the conditional would have been.
  if (parts.length === 1 && parts[0].kind !== 'text' && LONE_UNKNOWN_PIECE.test(text)) return unknownFromMarkers(text);
  return text;
}

const LONE_UNKNOWN_PIECE = /^\u0001unk\|[^\u0002]*\u0002$/;

/**
 * A part's piece of a template, or with `keepsChoices` the choices it is one of: an interpolation of a value one of
 * choices, an `%{if}` on a condition that awaits an input (hcl2json's `"${c ? "x" : "y"}"`), as a conditional keeps them.
 */
function templatePart(part: TemplateNode['parts'][number], context: EvaluationContext, keepsChoices: boolean): string | Unresolved {
  switch (part.kind) {
    case 'text':
      return part.value;
    case 'interpolation': {
      const value = evaluateIn(part.expr, context);
      return keepsChoices && value instanceof Unresolved && value.choices ? value : interpolated(value);
    }
    case 'templateIf': {
      const condition = toBool(evaluateIn(part.condition, context), 'the %{if} condition');
      if (condition instanceof Unresolved) {
        if (isError(condition)) return condition;
        const then = templateText(part.then, context, undefined, keepsChoices);
        const otherwise = part.else ? templateText(part.else, context, undefined, keepsChoices) : '';
        if (then === otherwise) return then;
        if (!keepsChoices || !awaitsInput(condition) || !isChosenText(then) || !isChosenText(otherwise)) return unresolvedMarker(condition.reason);
        const choices = branchChoices(condition, part.condition, then, otherwise, context);
        return choices.length <= MOST_CHOICES ? new Unresolved(condition.reason, condition.written, choices) : unresolvedMarker(condition.reason);
      }
      if (condition) return templateText(part.then, context, undefined, keepsChoices);
      return part.else ? templateText(part.else, context, undefined, keepsChoices) : '';
    }
    case 'templateFor': {
      const collection = evaluateIn(part.collection, context);
      if (collection instanceof Unresolved) return isError(collection) ? collection : unresolvedMarker(collection.reason);
      const entries = iterate(collection, 'the %{for} collection', context);
      if (entries instanceof Unresolved) return entries;
      let text = '';
      for (const [key, value] of entries) {
        const piece = templateText(part.body, withLocals(context, part.keyVar, key, part.valueVar, value));
        if (piece instanceof Unresolved) return piece;
        if (context.budget.elements < 0) return exhausted();
        text += piece;
      }
      return text;
    }
  }
}

/** A template's text, or the choices of one (`templateText`): not a piece that fails it. */
function isChosenText(text: string | Unresolved): boolean {
  return typeof text === 'string' || text.choices !== undefined;
}

/** An interpolation's piece of a template. */
function interpolated(value: Value): string | Unresolved {
  // An error fails the whole template, as in Terraform; an unknown value leaves an unknown piece.
  if (value instanceof Unresolved && isError(value)) return value;
  return toText(value, 'an interpolated value');
}

/**
 * The text of a template's parts, or with `keepsChoices`, where a part is one of choices (`templatePart`), the text of
 * each (`textOfEachChoice`); past those, such a part is an unknown piece.
 */
function templateText(template: TemplateNode, context: EvaluationContext, pieces?: string[], keepsChoices = false): string | Unresolved {
  const values: Array<string | Unresolved> = [];
  for (const part of template.parts) {
    const piece = templatePart(part, context, keepsChoices);
    if (piece instanceof Unresolved && !piece.choices) return piece;
    values.push(piece);
  }
  const joined = (chosen: readonly Value[], pieces?: string[]): string | Unresolved => {
    let text = '';
    for (const value of chosen) {
      const piece = interpolated(value);
      if (piece instanceof Unresolved) return piece;
      pieces?.push(piece);
      text += piece;
    }
    return text;
  };
  return (keepsChoices ? textOfEachChoice(values, joined) : undefined) ?? joined(values, pieces);
}

function withLocals(context: EvaluationContext, keyVar: string | undefined, key: Value, valueVar: string, value: Value): EvaluationContext {
  const locals = Object.create(context.locals) as Locals;
  if (keyVar !== undefined) setOwn(locals, keyVar, key);
  setOwn(locals, valueVar, value);
  return withProperties(context, { locals });
}

/** Key/value pairs of a collection: list indexes, set elements, or object keys in lexical order (as Terraform iterates maps). */
function iterate(collection: Value, what: string, context: EvaluationContext): Array<[Value, Value]> | Unresolved {
  if (collection instanceof Unresolved) return collection;
  let entries: Array<[Value, Value]>;
  if (Array.isArray(collection)) entries = collection.map((item, index) => [elementKey(collection, item, index), item]);
  else if (isObject(collection)) entries = Object.keys(collection).sort(compareUtf8).map((key) => [key, collection[key]]);
  else return unresolved('type error', `${what} must be a list or map, not ${describe(collection)}`);
  context.budget.elements -= entries.length;
  return context.budget.elements < 0 ? exhausted() : entries;
}

const exhausted = () => unresolved('limit', 'for expressions produce too many elements');

function evaluateTraversal(root: string, steps: TraversalStep[], context: EvaluationContext): Value {
  if (root in context.locals) return applySteps(context.locals[root], steps, context);
  const traversal: Traversal = [root];
  let index = 0;
  let dynamicKey: Value | undefined;
  for (; index < steps.length; index++) {
    const step = steps[index];
    if (step.type === 'attr') {
      traversal.push(step.name);
      continue;
    }
    const key = evaluateIn(step.key, context);
    if ((typeof key === 'string' && !hasMarker(key)) || (typeof key === 'number' && Number.isInteger(key))) {
      traversal.push(key);
      continue;
    }
    dynamicKey = key;
    break;
  }
  const value = context.scope.resolve(traversal);
  if (value === undefined) return unresolved('unknown reference', traversalText(traversal));
  if (index === steps.length) return value;
  return applySteps(indexValue(value, dynamicKey as Value), steps.slice(index + 1), context);
}

export function traversalText(traversal: Traversal): string {
  let text = String(traversal[0]);
  for (const step of traversal.slice(1)) text += typeof step === 'number' ? `[${step}]` : /^[A-Za-z_][\w-]*$/.test(step) ? `.${step}` : `[${JSON.stringify(step)}]`;
  return text;
}

/** Follows a traversal's steps (after its root) through a value, as a Scope's `resolve` may do for its own values. */
export function valueAt(value: Value, steps: Traversal): Value {
  let current = value;
  for (let index = 0; index < steps.length; index++) {
    if (current instanceof Unresolved) return throughChoices(current, (choice) => valueAt(choice, steps.slice(index)));
    const step = steps[index]!;
    current = typeof step === 'string' && !Array.isArray(current) ? attribute(current, step) : indexValue(current, step);
  }
  return current;
}

function applySteps(value: Value, steps: TraversalStep[], context: EvaluationContext): Value {
  let current = value;
  for (let index = 0; index < steps.length; index++) {
    if (current instanceof Unresolved) return throughChoices(current, (choice) => applySteps(choice, steps.slice(index), context));
    const step = steps[index]!;
    current = step.type === 'attr' ? attribute(current, step.name) : indexValue(current, evaluateIn(step.key, context));
  }
  return current;
}

function attribute(target: Value, name: string): Value {
  if (target instanceof Unresolved) return passedOn(target);
  if (isObject(target)) return Object.hasOwn(target, name) ? target[name] : unresolved('type error', `no attribute "${name}"`);
  if (target === null) return unresolved('type error', `attribute "${name}" of a null value`);
  return unresolved('type error', `attribute "${name}" of ${describe(target)}`);
}

/** Index access on a value (also `traversal` steps the scope did not take), with Terraform's conversions. */
export function indexValue(target: Value, key: Value): Value {
  if (target instanceof Unresolved) return passedOn(target);
  if (key instanceof Unresolved) return isError(key) ? key : unresolved('unresolvable index', key.reason);
  if (typeof key === 'string' && hasMarker(key)) {
    // A key written with the owner's symbols is the same key wherever it is written (for_each instances keyed so).
    if (isObject(target) && isKnownAtPlan(key) && Object.prototype.hasOwnProperty.call(target, key)) return target[key];
    return unresolved('unresolvable index', unknownFromMarkers(key).reason);
  }
  if (Array.isArray(target)) {
    const index = toNumber(key, 'a list index');
    if (index instanceof Unresolved) return index;
    if (!Number.isInteger(index)) return unresolved('type error', `list index ${formatNumber(index)} is not a whole number`);
    if (index < 0 || index >= target.length) return unresolved('type error', `index ${index} out of range for a list of ${target.length}`);
    return hasUnknownOrder(target) ? unknownPosition() : target[index];
  }
  if (isObject(target)) {
    const name = toText(key, 'a map key');
    if (name instanceof Unresolved) return name;
    return Object.prototype.hasOwnProperty.call(target, name) ? target[name] : unresolved('type error', `no key "${name}"`);
  }
  if (target === null) return unresolved('type error', 'index into a null value');
  return unresolved('type error', `index into ${describe(target)}`);
}

function evaluateSplat(source: Value, steps: TraversalStep[], context: EvaluationContext): Value {
  if (source instanceof Unresolved) return source;
  // A splat on null is an empty list; on a single value it wraps it in a list first.
  const items = source === null ? [] : Array.isArray(source) ? source : [source];
  return items.map((item) => applySteps(item, steps, context));
}

function evaluateConditional(conditionExpr: Expr, thenExpr: Expr, elseExpr: Expr, context: EvaluationContext): Value {
  const condition = toBool(evaluateIn(conditionExpr, context), 'the condition');
  if (condition instanceof Unresolved) {
    if (isError(condition)) return condition;
    const then = evaluateIn(thenExpr, context);
    const otherwise = evaluateIn(elseExpr, context);
    if (deepEqual(then, otherwise) && !containsUnknown(then)) return then;
    // A condition known only after apply, or that deputy does not compute, may go one way only (a role's unique_id is
    // never ""): no branch is taken for one the deployment may have, but between lists, what both hold is held.
    if (!awaitsInput(condition)) {
      const entries = entriesOfBoth(then, otherwise);
      const more = [then, otherwise].some((branch) => branch instanceof Unresolved && branch.more) || undefined;
      return entries.length > 0 ? new Unresolved(condition.reason, condition.written, undefined, entries, more) : condition;
    }
    // Either branch may be the value, as the deployer gives the input: each is kept, with the condition as written, for
    // what reads which one it may be (the roles a resource may use).
    const choices = branchChoices(condition, conditionExpr, then, otherwise, context);
    return new Unresolved(condition.reason, condition.written, choices.length <= MOST_CHOICES ? choices : undefined);
  }
  const chosen = evaluateIn(condition ? thenExpr : elseExpr, context);
  if (typeof chosen !== 'number' && typeof chosen !== 'boolean') return chosen;
  // Terraform unifies the branch types: a number or bool facing a string branch becomes a string. It evaluates the
  // branch not taken for its type only, and drops its errors: a call refused there is none of Terraform's.
  const other = tookErrors(context, context.refused?.calls.length ?? 0, evaluateIn(condition ? elseExpr : thenExpr, context));
  return typeof other === 'string' ? toText(chosen, 'the conditional result') : chosen;
}

/** The entries known of both lists (`entriesHeld`) that a condition not chosen by the deployer chooses between (`Unresolved.entries`). */
function entriesOfBoth(then: Value, otherwise: Value): Value[] {
  const held = entriesHeld(otherwise);
  return held.length === 0 ? held : commonEntries(entriesHeld(then), held);
}

/** The entries of `entries` that `others` holds too. */
function commonEntries(entries: Value[], others: Value[]): Value[] {
  return entries.filter((entry) => others.some((other) => deepEqual(entry, other)));
}

/**
 * The entries known (no piece not known) that a value holds if it is a list: all of a list's, those every choice of a
 * value not known holds where each is a list, and those a choice known only after apply keeps (`Unresolved.entries`).
 */
function entriesHeld(value: Value): Value[] {
  if (Array.isArray(value)) return value.filter((entry) => !containsUnknown(entry));
  if (!(value instanceof Unresolved)) return [];
  if (value.entries) return [...value.entries];
  return value.choices?.length ? value.choices.map((choice) => entriesHeld(choice.value)).reduce(commonEntries) : [];
}

/**
 * The most choices a value not known keeps: conditionals that read one another (`l1 = var.v ? local.l0 : local.l0`, and
 * so on) double them at each step, and a value with more is read as one of none written out.
 */
const MOST_CHOICES = 64;

/**
 * The choices of a conditional (or `%{if}`) whose condition awaits an input: each branch's (`choicesUnder`), with the
 * condition as written, for what reads which one it may be.
 */
function branchChoices(condition: Unresolved, conditionExpr: Expr, then: Value, otherwise: Value, context: EvaluationContext): Choice[] {
  const { source } = context;
  if (source === undefined) {
    const written = condition.written ?? condition.reason;
    return [...choicesUnder(then, { condition: written, holds: true }), ...choicesUnder(otherwise, { condition: written, holds: false })];
  }
  const compared = comparison(conditionExpr, source);
  const term = { condition: writtenText(conditionExpr, source), ...(compared ? { compares: compared } : {}) };
  return [...choicesUnder(then, { ...term, holds: true }), ...choicesUnder(otherwise, { ...term, holds: false })];
}

/** What an equality of an expression with a literal compares (`ChoiceTerm.compares`): the expression as written, the literal. */
function comparison(expr: Expr, source: string): ChoiceTerm['compares'] {
  const bare = unwrapParentheses(expr);
  if (bare.kind !== 'binary' || (bare.operator !== '==' && bare.operator !== '!=')) return undefined;
  const [onLeft, onRight] = [literalOf(bare.left), literalOf(bare.right)];
  if ((onLeft === undefined) === (onRight === undefined)) return undefined;
  const [subject, value] = onRight === undefined ? [bare.right, onLeft!] : [bare.left, onRight];
  return { subject: writtenText(unwrapParentheses(subject), source), value, equal: bare.operator === '==' };
}

/** A literal written out: a number, a bool, or a quoted string without interpolations or directives. */
function literalOf(expr: Expr): string | number | boolean | undefined {
  const bare = unwrapParentheses(expr);
  if (bare.kind === 'literal') return bare.value ?? undefined;
  if (bare.kind !== 'template') return undefined;
  let text = '';
  for (const part of bare.parts) {
    if (part.kind !== 'text') return undefined;
    text += part.value;
  }
  return text;
}

function writtenText(expr: Expr, source: string): string {
  return source.slice(expr.start, expr.end).replace(/\s+/g, ' ');
}

/**
 * The choices a branch taken when `term` holds gives: the branch, or each choice of a conditional in it, when both hold;
 * none of those that cannot (`var.a ? (var.a ? x : y) : z` never gives y, nor `var.e == "a" ? (var.e == "b" ? x : y) : z`
 * x: `bothHold`). A condition, and an expression compared, is known by its text: one written alike in two modules,
 * reading two variables, is taken for one.
 */
function choicesUnder(branch: Value, term: ChoiceTerm): Choice[] {
  if (!(branch instanceof Unresolved && branch.choices)) return [{ value: branch, when: [term] }];
  return branch.choices.flatMap((choice) => {
    const when = bothHold([term], choice.when);
    return when === undefined ? [] : [when === choice.when ? choice : { value: choice.value, when }];
  });
}

function evaluateFor(node: ForNode, context: EvaluationContext): Value {
  const collection = evaluateIn(node.collection, context);
  const entries = iterate(collection, 'the for collection', context);
  if (entries instanceof Unresolved) return entries;
  const tuple: Value[] = [];
  const object: ValueObject = {};
  const groups = new Map<string, Value[]>();
  for (const [key, value] of entries) {
    const inner = withLocals(context, node.keyVar, key, node.valueVar, value);
    if (node.condition) {
      const keep = toBool(evaluateIn(node.condition, inner), 'the for condition');
      if (keep instanceof Unresolved) return keep;
      if (!keep) continue;
    }
    const item = evaluateIn(node.valueExpr, inner);
    if (context.budget.elements < 0) return exhausted();
    if (!node.keyExpr) {
      tuple.push(item);
      continue;
    }
    const keyValue = evaluateIn(node.keyExpr, inner);
    if (keyValue instanceof Unresolved) return keyValue;
    const keyText = toText(keyValue, 'a for key');
    if (keyText instanceof Unresolved) return keyText;
    if (!isKnownAtPlan(keyText)) return unknownFromMarkers(keyText);
    if (node.grouping) {
      const group = groups.get(keyText);
      if (group) group.push(item);
      else groups.set(keyText, [item]);
    } else if (Object.prototype.hasOwnProperty.call(object, keyText)) {
      return unresolved('type error', `duplicate key "${keyText}" in a for expression (use ... to group)`);
    } else setOwn(object, keyText, item);
  }
  // The tuple is in the collection's order: one that is not known leaves the positions of its elements unknown.
  if (!node.keyExpr) return Array.isArray(collection) && hasUnknownOrder(collection) ? withUnknownOrder(tuple) : tuple;
  if (node.grouping) for (const [key, group] of groups) setOwn(object, key, group);
  return object;
}

function evaluateBinary(operator: string, leftExpr: Expr, rightExpr: Expr, context: EvaluationContext): Value {
  const left = evaluateIn(leftExpr, context);
  const right = evaluateIn(rightExpr, context);
  switch (operator) {
    case '==':
    case '!=': {
      const equal = equals(left, right);
      return equal instanceof Unresolved ? equal : operator === '==' ? equal : !equal;
    }
    case '&&':
    case '||': {
      const a = toBool(left, `the left operand of ${operator}`);
      const b = toBool(right, `the right operand of ${operator}`);
      // A known operand that decides the result wins over an unknown one (false && x, true || x).
      const decisive = operator === '||';
      if (a === decisive || b === decisive) return decisive;
      if (a instanceof Unresolved) return a;
      if (b instanceof Unresolved) return b;
      return decisive ? a || b : a && b;
    }
  }
  const a = toNumber(left, `the left operand of ${operator}`);
  if (a instanceof Unresolved) return a;
  const b = toNumber(right, `the right operand of ${operator}`);
  if (b instanceof Unresolved) return b;
  switch (operator) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? unresolved('type error', 'division by zero') : a / b;
    case '%':
      return b === 0 ? unresolved('type error', 'modulo by zero') : a % b;
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    default:
      return a >= b;
  }
}

function evaluateCall({ name, args: argExprs, expandFinal, start }: CallNode, context: EvaluationContext): Value {
  if (context.scope.refusesCalls) return unresolved('type error', 'functions may not be called here');
  if (name === 'try' || name === 'can') return withoutChoices(name === 'try' ? evaluateTry(argExprs, context) : evaluateCan(argExprs, context));
  // Terraform takes templatestring's template only from a reference to a named value (checked with terraform console 1.11).
  if (name === 'templatestring' && argExprs[0] !== undefined && argExprs[0].kind !== 'traversal') return unresolved('type error', 'templatestring: the template must be a reference to a named value (local.x, var.x), not written in the call');
  const args = argExprs.map((arg) => evaluateIn(arg, context));
  if (expandFinal) {
    const last = args.pop();
    if (last instanceof Unresolved) return passedOn(last);
    if (!Array.isArray(last)) return unresolved('type error', `... expands a list, not ${describe(last ?? null)}`);
    args.push(...last);
  }
  const refusedBefore = context.refused?.calls.length ?? 0;
  const mapped = textOfEachChoice(args, (chosen) => callFunction(name, chosen, context));
  if (mapped) return mapped;
  const result = callFunction(name, args, context);
  if (context.refused && name === 'jsondecode') {
    const failure = decodeFailureOf(result);
    if (failure) context.refused.calls.push({ name, message: inTemplate(decodeRefusal(failure, args[0] as string, argExprs[0]!, context.refused.lastRead), start, context), ...writtenCall(name, start, context) });
  }
  // A call refused in the file templatefile() rendered is written there, not in the expression: Terraform reports the
  // templatefile() call, naming the file and where in it the call is (checked with terraform plan 1.11; `renderTemplate`).
  if (name === 'templatefile') retellRefused(context, refusedBefore, (call) => ({ name, message: `templatefile: ${call.message}`, ...writtenCall(name, start, context) }));
  // A function that gives an argument not known back (`length(var.c ? a : b)`) gives none of its choices; a list it
  // makes known in part (`concat`, `Unresolved.more`) is its own, and one that gives a list of the same entries keeps it.
  return result instanceof Unresolved && result.more && (!args.includes(result) || SAME_ENTRIES.has(name)) ? result : withoutChoices(result);
}

/** Functions whose list holds the entries of their argument's, and only those (`toset(concat(["carol"], var.users))`). */
const SAME_ENTRIES: ReadonlySet<string> = new Set(['toset', 'tolist', 'distinct', 'sort']);

function withoutChoices(value: Value): Value {
  return value instanceof Unresolved ? passedOn(value) : value;
}

/**
 * What a function or template that makes one text of its values (`lower`, `trimspace`, `format("%s", ...)`, `tostring`,
 * `"role/${...}"`) makes where some are choices (`lower(var.c ? aws_iam_role.a.arn : aws_iam_role.b.arn)`): the text it
 * makes of each choice, with when it is made (the choices of two values made together, `bothHold`), as
 * `var.c ? lower(aws_iam_role.a.arn) : lower(aws_iam_role.b.arn)` gives them. What each choice makes is the function's
 * own answer: `lower` of a role's ARN is not known (`rewrittenUnknown`), as it is without a choice. Undefined where no
 * value has choices, one choice is not a text or makes none (a list, a number, a bool: nothing reads choices of those,
 * and a condition made of one is not decided by them), none makes a known text, or the choices together are more than
 * MOST_CHOICES.
 */
function textOfEachChoice(values: readonly Value[], make: (values: Value[]) => Value): Unresolved | undefined {
  const chosen = values.find((value): value is Unresolved => value instanceof Unresolved && value.choices !== undefined);
  if (!chosen) return undefined;
  let combinations: Array<{ values: Value[]; when: readonly ChoiceTerm[] }> = [{ values: [], when: [] }];
  for (const value of values) {
    if (!(value instanceof Unresolved && value.choices)) {
      for (const combination of combinations) combination.values.push(value);
      continue;
    }
    if (!value.choices.every((choice) => isText(choice.value))) return undefined;
    combinations = combinations.flatMap((combination) =>
      value.choices!.flatMap((choice) => {
        const when = bothHold(combination.when, choice.when);
        return when === undefined ? [] : [{ values: [...combination.values, choice.value], when }];
      }),
    );
    if (combinations.length > MOST_CHOICES) return undefined;
  }
  const choices: Choice[] = [];
  for (const combination of combinations) {
    const made = make(combination.values);
    if (!isText(made)) return undefined;
    choices.push({ value: made, when: combination.when });
  }
  return choices.some((choice) => typeof choice.value === 'string') ? new Unresolved(chosen.reason, chosen.written, choices) : undefined;
}

/** A text, or one not known that is no error (`lower` of a role's ARN). */
function isText(value: Value): boolean {
  return typeof value === 'string' || (value instanceof Unresolved && !isError(value) && value.choices === undefined);
}

/** The message of a call refused at `start` of a template's text, saying where there it is. */
function inTemplate(message: string, start: number, context: EvaluationContext): string {
  if (!context.inTemplateFile || context.source === undefined) return message;
  const { line, column } = lineColumn(context.source, start);
  return `line ${line}, column ${column} of the template: ${message}`;
}

/** Where the call of `name` at `start` is written (`RefusedCall.written`), when it is in the text the expression was parsed from, not in an object key. */
function writtenCall(name: string, start: number, context: EvaluationContext): Pick<RefusedCall, 'written'> {
  const path = context.refused?.path;
  if (!path || context.source === undefined || context.inTemplateFile || path.includes(null)) return {};
  const ordinal = callStarts(context.source, name).indexOf(start);
  return ordinal < 0 ? {} : { written: { path: path.slice() as Array<string | number>, ordinal } };
}

/** Why Terraform refuses `jsondecode` of `text`: where JSON parsing stops, in the file a `file()` argument read. */
function decodeRefusal(failure: DecodeFailure, text: string, argument: Expr, lastRead: TextRead | undefined): string {
  const { line, column } = lineColumn(text, failure.offset);
  const inner = unwrapParentheses(argument);
  const read = inner.kind === 'call' && inner.name === 'file' && lastRead && fileFunctionValue(lastRead) === text ? lastRead : undefined;
  const what = read ? `${read.file} is` : 'the text given is';
  return `jsondecode: ${what} not valid JSON: ${failure.reason} at line ${line}, column ${column}${read ? '' : ' of the text'} (Terraform refuses it)`;
}

function unwrapParentheses(expr: Expr): Expr {
  return expr.kind === 'parentheses' ? unwrapParentheses(expr.expr) : expr;
}

/**
 * `try(a, b, ...)`: the first argument that evaluates without a Terraform error. An argument that is wholly
 * unknown (an Unresolved that is not an error) makes the result unknown, since that argument may or may not fail
 * once known. A value that merely contains unknown pieces (markers, nested Unresolved) is returned: it did not fail.
 */
function evaluateTry(argExprs: Expr[], context: EvaluationContext): Value {
  if (argExprs.length === 0) return unresolved('type error', 'try needs at least one argument');
  // The calls refused in the arguments are not Terraform's errors once one argument gives the value.
  const refusedBefore = context.refused?.calls.length ?? 0;
  for (const arg of argExprs) {
    const value = evaluateIn(arg, context);
    if (value instanceof Unresolved) {
      if (isError(value)) continue;
      return tookErrors(context, refusedBefore, value);
    }
    if (containsError(value)) continue;
    return tookErrors(context, refusedBefore, value);
  }
  return unresolved('type error', 'no argument of try evaluated without an error');
}

function evaluateCan(argExprs: Expr[], context: EvaluationContext): Value {
  if (argExprs.length !== 1) return unresolved('type error', 'can takes exactly one argument');
  const refusedBefore = context.refused?.calls.length ?? 0;
  const value = tookErrors(context, refusedBefore, evaluateIn(argExprs[0], context));
  if (value instanceof Unresolved) return isError(value) ? false : value;
  return !containsError(value);
}

/** `value`, the calls refused since there were `before` of them forgotten: `try` or `can` took their errors, or a branch not taken made them. */
function tookErrors(context: EvaluationContext, before: number, value: Value): Value {
  if (context.refused) context.refused.calls.length = before;
  return value;
}

/** Rewrites the calls refused since there were `before` of them, as the call that made them is told (`templatefile`, `renderTemplate`). */
function retellRefused(context: EvaluationContext, before: number, retell: (call: RefusedCall) => RefusedCall): void {
  const calls = context.refused?.calls;
  for (let index = before; calls && index < calls.length; index++) calls[index] = retell(calls[index]!);
}

function containsError(value: Value): boolean {
  if (value instanceof Unresolved) return isError(value);
  if (Array.isArray(value)) return value.some(containsError);
  if (isObject(value)) return Object.values(value).some(containsError);
  return false;
}

/** `templatefile()` of a file already read, with its variables evaluated: as `renderTemplate`, in a context of its own. */
export function renderTemplateFile(read: TextRead, vars: ValueObject, scope: Scope): Value {
  const context = newContext(scope);
  return told(context, guarded(() => renderTemplate(read, vars, context)));
}

/**
 * Evaluates a template's text with `vars` as its only names: a file's (templatefile), whose rendered lines the scope
 * is told of, or a string's (templatestring).
 */
export function renderTemplate(read: TextRead | { text: string; file?: undefined }, vars: ValueObject, context: EvaluationContext): Value {
  // HCL's template parser skips a byte order mark the template begins with: `templatestring` of a text file() read
  // renders without it, as templatefile() does.
  const text = withoutMark(read.text);
  let template: TemplateNode;
  try {
    template = parseTemplate(text);
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) return unresolved('syntax', `${error.message} at offset ${error.offset} of the template`);
    throw error;
  }
  const locals = Object.assign(Object.create(null) as Locals, vars);
  const templateScope: Scope = {
    resolve: (traversal) => unresolved('type error', `the template refers to "${traversalText(traversal)}", which is not among its variables`),
    readFile: (path) => context.scope.readFile(path),
  };
  const inner: EvaluationContext = { scope: templateScope, locals, budget: context.budget, inTemplateFile: true, source: text, ...(context.refused ? { refused: context.refused } : {}) };
  const pieces: string[] = [];
  const refusedBefore = context.refused?.calls.length ?? 0;
  const result = evaluateTemplate(template, inner, pieces);
  if (read.file !== undefined) retellRefused(context, refusedBefore, (call) => ({ ...call, message: `${read.file}: ${call.message}` }));
  if (read.file !== undefined && typeof result === 'string' && pieces.length === template.parts.length) context.scope.renderedTemplate?.(read, renderedLineStarts(text, template, pieces));
  return typeof result === 'string' || result instanceof Unresolved ? result : toText(result, 'the template result');
}

/**
 * The rendered line (0-based) on which each written line of a template starts, where a line break the template's own
 * text writes (not a directive's, nor one a strip marker removed) ends the line before it; undefined where none does.
 * `pieces` are the texts its parts rendered. One entry more than the written lines: the number of rendered lines.
 * A written line that starts one rendered line before the next is that rendered line, whatever its interpolations
 * wrote; one a directive wrote, or an interpolation that wrote line breaks, is not.
 */
function renderedLineStarts(text: string, template: TemplateNode, pieces: readonly string[]): Array<number | undefined> {
  const written = text.split('\n').length;
  const starts = new Array<number | undefined>(written + 1);
  starts[0] = 0;
  let renderedLine = 0;
  // The written line the part starts on, counted on from the part before.
  let writtenLine = 0;
  let counted = 0;
  template.parts.forEach((part, index) => {
    for (; counted < part.start; counted++) if (text.charCodeAt(counted) === NEWLINE) writtenLine++;
    const piece = pieces[index]!;
    if (part.kind === 'text') {
      // A strip marker before the text removed all its leading whitespace, and with it the line breaks there; one after
      // it removes only line breaks after those the text keeps.
      const leading = LEADING_WHITESPACE.exec(text.slice(part.start, part.end))![0];
      let line = writtenLine + (piece.startsWith(leading) ? 0 : countNewlines(leading));
      for (let at = piece.indexOf('\n'); at >= 0; at = piece.indexOf('\n', at + 1)) starts[++line] = ++renderedLine;
    } else renderedLine += countNewlines(piece);
  });
  starts[written] = renderedLine + 1;
  return starts;
}

const NEWLINE = 10;
const LEADING_WHITESPACE = /^[ \t\r\n]*/;

function countNewlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  return count;
}
