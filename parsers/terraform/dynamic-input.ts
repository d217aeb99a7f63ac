/**
 * Statements written as objects a module turns into blocks: `trust_policy_permissions = { X = { actions = [...],
 * principals = [{ type, identifiers }], condition = [{ test, variable, values }] } }`, which the module's
 * `dynamic "statement"` block iterates, its nested `dynamic "condition"` block making a `condition` block of each entry
 * of the object's `condition`. A fix goes into that object, written as the module reads it: `condition {}` blocks do not
 * parse there. The keys are the ones the content of the dynamic blocks reads from its iterator (`statement.value.condition`,
 * `condition.value.test`), whatever the module names them.
 */
import { encloses, hasMarker, isObject, locationKey, type SourceLocation, type Value, type ValueObject } from '../../src/model/index.js';
import type { Expr } from './expression/index.js';
import { deepEqual } from './expression/convert.js';
import { attributeExpression, dynamicIteratorName, originOf } from './origins.js';
import type { HclSource, SourceBlock } from './source.js';
import type { JsonSource } from './json-source.js';
import { dropsAttribute, objectTypeOf } from './types.js';

/** How an object that a dynamic block made a statement of writes one: the keys the module reads. */
export interface StatementInput {
  /** The file the object is written in; whether that is in Terraform's JSON syntax (a `.tf.json` file): the fix is JSON too. */
  file: string;
  json: boolean;
  /** Whether the dynamic block iterates a map (a statement of its own is an entry under a key) or a list. */
  keyed: boolean;
  /** The keys the map has already: a statement of its own takes another. */
  takenKeys: readonly string[];
  /** The element's key of its conditions, each condition's keys, and whether they are a map (by name) or a list. */
  condition: { collection: string; test: string; variable: string; values: string; keyed: boolean; takenKeys: readonly string[] };
  /** What the object writes for its conditions: nothing, an empty collection (the fix's replace it), or entries (the fix's are added). */
  conditions: 'none' | 'empty' | 'some';
  /**
   * How a statement of its own is written: the keys of its actions and principals, of its effect and Sid where the
   * object writes them, and the other keys the module requires, as the object writes them (HCL text). Undefined where
   * the module does not read its actions and principals from the object, requires what deputy cannot write, or the
   * collection is not written out (a `for` expression builds it): there is no place for another entry.
   */
  statement?: { actions: string; principals: { list: string; type: string; identifiers: string }; effect?: string; sid?: string; others: ReadonlyArray<[string, string]> };
}

/** What a dynamic block made a block of: its iterator's element in its collection, and the `content` block that wrote it. */
interface DynamicMade {
  iterator: string;
  element: Value;
  collection: Value;
  content: SourceBlock;
  source: HclSource | JsonSource;
  /** Whether a place is inside a variable's default, where the fix's references are not allowed. */
  inVariableDefault(place: SourceLocation): boolean;
  /** Which block it is, where the same block is recorded again (a plan's document built anew): counted once. */
  key?: string;
}

const madeByDynamic = new WeakMap<ValueObject, DynamicMade>();
/** Every block each dynamic block's content made, in every module instance. */
const madeByContent = new WeakMap<SourceBlock, DynamicMade[]>();

/** Remembers that `block` is what a dynamic block's `content` made of `element`. */
export function recordDynamicBlock(block: ValueObject, made: DynamicMade): void {
  madeByDynamic.set(block, made);
  const all = madeByContent.get(made.content);
  const again = made.key === undefined || !all ? -1 : all.findIndex((other) => other.key === made.key);
  if (again >= 0) all![again] = made;
  else if (all) all.push(made);
  else madeByContent.set(made.content, [made]);
}

/**
 * Where the `content` of the dynamic block that made `block` is written, if one did, and how many blocks it makes (in
 * every module instance).
 */
export function dynamicContentOf(block: ValueObject): { location: SourceLocation; blocks: number } | undefined {
  const made = madeByDynamic.get(block);
  return made && { location: made.source.blockLocation(made.content), blocks: madeByContent.get(made.content)!.length };
}

/** The `content` block of the dynamic block that made `block`, if one did: the blocks one dynamic block made share it. */
export function madeByDynamicContent(block: ValueObject): SourceBlock | undefined {
  return madeByDynamic.get(block)?.content;
}

const inputs = new WeakMap<ValueObject, StatementInput | null>();

/**
 * How the statement block a policy document was built from is written as an object, when a dynamic block made it of
 * an object written in HCL for it alone and reads its conditions from that object; undefined otherwise (a block
 * written as a block, an object built for several statements, a content whose conditions are its own).
 */
export function statementInput(block: ValueObject): StatementInput | undefined {
  let input = inputs.get(block);
  if (input === undefined) inputs.set(block, (input = readStatementInput(block) ?? null));
  return input ?? undefined;
}

function readStatementInput(block: ValueObject): StatementInput | undefined {
  const made = madeByDynamic.get(block);
  if (!made || !isObject(made.element)) return undefined;
  const { content, source, iterator, element, collection } = made;
  const written = writtenPlace(element);
  // The fix is written into the element: the object must be written there, for this statement alone (not a `for`
  // body or a module's object that other statements come from too).
  if (!written || !writtenForItAlone(made, written) || made.inVariableDefault(written)) return undefined;
  const condition = nestedInput(content, source, iterator, 'condition', ['test', 'variable', 'values']);
  if (!condition) return undefined;
  // A module input type without the attribute (this module's, or one the value passed through) drops what the fix writes.
  if (dropsAttribute(element, condition.collection)) return undefined;
  const conditionsWritten = conditionsIn(element, condition.collection, written);
  if (conditionsWritten === undefined) return undefined;
  const conditions = element[condition.collection];
  const declared = objectTypeOf(element)?.attributes.get(condition.collection)?.type.kind;
  const conditionsKeyed = isObject(conditions) || declared === 'map' || declared === 'object';
  return {
    file: written.file,
    json: written.file.endsWith('.json'),
    keyed: isObject(collection),
    takenKeys: isObject(collection) ? Object.keys(collection) : [],
    condition: { collection: condition.collection, test: condition.keys.test!, variable: condition.keys.variable!, values: condition.keys.values!, keyed: conditionsKeyed, takenKeys: isObject(conditions) ? Object.keys(conditions) : [] },
    conditions: conditionsWritten,
    ...withStatement(made, condition.collection),
  };
}

/**
 * Where the object is written that a statement block was made of, where a fix of the statement goes into that object
 * (`statementInput`): the one text the fix changes, whichever roles the content block makes statements for.
 */
export function statementInputPlace(block: ValueObject): SourceLocation | undefined {
  const made = statementInput(block) ? madeByDynamic.get(block) : undefined;
  return made && isObject(made.element) ? writtenPlace(made.element) : undefined;
}

/** Where an object is written, when the configuration writes it as one. */
function writtenPlace(value: ValueObject): SourceLocation | undefined {
  return originOf(value)?.locate([]);
}

/** Whether no other element written at the same place (by a `for` body, or a module's code for each of its instances) differs from this one. */
function writtenForItAlone(made: DynamicMade, written: SourceLocation): boolean {
  return !placesOf(made.content).varied.has(locationKey(written));
}

/**
 * Of the elements a content block made blocks of, the places where differing elements are written; read again when
 * the content made more blocks since (values are evaluated as they are first read).
 */
const placesByContent = new WeakMap<SourceBlock, { varied: ReadonlySet<string>; made: number }>();

function placesOf(content: SourceBlock): { varied: ReadonlySet<string> } {
  const made = madeByContent.get(content) ?? [];
  let places = placesByContent.get(content);
  if (!places || places.made !== made.length) {
    const first = new Map<string, Value>();
    const varied = new Set<string>();
    for (const { element } of made) {
      const place = isObject(element) ? writtenPlace(element) : undefined;
      if (!place) continue;
      const key = locationKey(place);
      const seen = first.get(key);
      if (seen === undefined) first.set(key, element);
      else if (!deepEqual(seen, element)) varied.add(key);
    }
    placesByContent.set(content, (places = { varied, made: made.length }));
  }
  return places;
}

/**
 * What the object writes for its conditions: nothing (the key is not written, or a type's default fills it), an empty
 * collection or null, or entries written in the object; undefined where they are read from elsewhere (`condition =
 * local.common`): entries added there would reach every statement that reads it, and a `condition` beside it would
 * be a second one.
 */
function conditionsIn(element: ValueObject, key: string, written: SourceLocation): StatementInput['conditions'] | undefined {
  const origin = originOf(element)!;
  const at = origin.locate([key]);
  if (locationKey(at) === locationKey(written) || !encloses(written, at)) return 'none';
  const value = element[key];
  const empty = value === null || value === undefined || (Array.isArray(value) ? value.length === 0 : isObject(value) && Object.keys(value).length === 0);
  if (empty) return 'empty';
  // Written in the object, its first entry is located there, apart from the key.
  const first = Array.isArray(value) ? 0 : isObject(value) ? Object.keys(value)[0]! : undefined;
  const entry = first === undefined ? undefined : origin.locate([key, first]);
  return entry && encloses(written, entry) && locationKey(entry) !== locationKey(at) ? 'some' : undefined;
}

/**
 * The keys of a statement of its own: its actions and principals, its effect and Sid where the content reads them, and
 * each other attribute the input's type requires, copied as the object writes it where that is a literal.
 */
function withStatement(made: DynamicMade, conditionKey: string): Pick<StatementInput, 'statement'> {
  const { content, source, iterator, element, collection } = made;
  // Another entry goes where the collection's entries are written out: not into a `for` expression that builds them.
  if (!originOf(collection)?.writesEntries?.()) return {};
  const actions = attributeKey(content, source, iterator, 'actions');
  const principals = nestedInput(content, source, iterator, 'principals', ['type', 'identifiers']);
  if (!actions || !principals || !isObject(element)) return {};
  const effect = attributeKey(content, source, iterator, 'effect');
  const sid = attributeKey(content, source, iterator, 'sid');
  const written = new Set([actions, principals.collection, conditionKey, effect, sid]);
  const others: Array<[string, string]> = [];
  for (const [name, attribute] of objectTypeOf(element)?.attributes ?? []) {
    if (attribute.optional || written.has(name)) continue;
    const text = literalText(element[name]);
    if (text === undefined) return {};
    others.push([name, text]);
  }
  return {
    statement: {
      actions,
      principals: { list: principals.collection, type: principals.keys.type!, identifiers: principals.keys.identifiers! },
      ...(effect !== undefined ? { effect } : {}),
      ...(sid !== undefined ? { sid } : {}),
      others,
    },
  };
}

/**
 * A value written out in HCL: strings, numbers, booleans and null, and lists of them; undefined for anything else. The
 * JSON syntax writes such a value the same way.
 */
function literalText(value: Value | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    const items = value.map(literalText);
    return items.every((item) => item !== undefined) ? `[${items.join(', ')}]` : undefined;
  }
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  // A reference or a value known only after apply is not copied as what it evaluates to.
  return typeof value === 'string' && !value.includes('${') && !hasMarker(value) ? JSON.stringify(value) : undefined;
}

/**
 * The key of the element a `dynamic "<type>"` block of the content iterates (`for_each = statement.value.condition`),
 * and the keys its own content reads from its entries for each attribute named.
 */
function nestedInput(content: SourceBlock, source: HclSource | JsonSource, iterator: string, type: string, attributes: readonly string[]): { collection: string; keys: Record<string, string> } | undefined {
  const nested = content.blocks.filter((candidate) => candidate.type === 'dynamic' && candidate.labels[0] === type);
  if (nested.length !== 1) return undefined;
  const dynamic = nested[0]!;
  const collection = attributeKey(dynamic, source, iterator, 'for_each');
  const innerContent = dynamic.blocks.filter((candidate) => candidate.type === 'content');
  if (collection === undefined || innerContent.length !== 1) return undefined;
  const innerIterator = dynamicIteratorName(source, dynamic) ?? type;
  const keys: Record<string, string> = {};
  for (const attribute of attributes) {
    const key = attributeKey(innerContent[0]!, source, innerIterator, attribute);
    if (key === undefined) return undefined;
    keys[attribute] = key;
  }
  return { collection, keys };
}

/** The key of an iterator's value that an attribute of the block is (`actions = statement.value.actions`), as `keyRead` reads it. */
function attributeKey(block: SourceBlock, source: HclSource | JsonSource, iterator: string, name: string): string | undefined {
  const attribute = block.attributes.findLast((candidate) => candidate.name === name);
  const expression = attribute && attributeExpression(source, attribute);
  return expression ? keyRead(expression, iterator) : undefined;
}

/** Functions that give their first argument as it is where it is set: `try(x, [])`, `coalesce(x, [])`, `tolist(x)`. */
const PASSING_FUNCTIONS = new Set(['try', 'coalesce', 'tolist', 'toset']);

/**
 * The key of the iterator's element that the expression gives as it is: `statement.value.condition`,
 * `statement.value["condition"]`, `lookup(statement.value, "condition", [])`, wrapped in `try()`, `coalesce()`, a
 * conversion, parentheses, `"${...}"` alone, or a conditional whose other branch is a literal (`x != null ? x : []`).
 * Undefined for anything that computes from it (`"aws:${cond.value.variable}"`): what the fix writes would not be what
 * the module passes on.
 */
export function keyRead(expr: Expr, iterator: string): string | undefined {
  switch (expr.kind) {
    case 'parentheses':
      return keyRead(expr.expr, iterator);
    case 'template':
      return expr.parts.length === 1 && expr.parts[0]!.kind === 'interpolation' ? keyRead(expr.parts[0]!.expr, iterator) : undefined;
    case 'traversal': {
      const [value, key, ...rest] = expr.steps;
      if (expr.root !== iterator || rest.length > 0 || value?.type !== 'attr' || value.name !== 'value' || !key) return undefined;
      return key.type === 'attr' ? key.name : literalString(key.key);
    }
    case 'call': {
      const [first, second] = expr.args;
      if (expr.name === 'lookup' && first?.kind === 'traversal' && first.root === iterator && first.steps.length === 1 && first.steps[0]!.type === 'attr' && first.steps[0]!.name === 'value') return second && literalString(second);
      return PASSING_FUNCTIONS.has(expr.name) && first ? keyRead(first, iterator) : undefined;
    }
    case 'conditional': {
      const [then, otherwise] = [keyRead(expr.then, iterator), keyRead(expr.else, iterator)];
      if (then !== undefined && (otherwise === then || isLiteral(expr.else))) return then;
      return otherwise !== undefined && isLiteral(expr.then) ? otherwise : undefined;
    }
    default:
      return undefined;
  }
}

function literalString(expr: Expr): string | undefined {
  if (expr.kind === 'literal' && typeof expr.value === 'string') return expr.value;
  if (expr.kind === 'template' && expr.parts.length === 1 && expr.parts[0]!.kind === 'text') return expr.parts[0]!.value;
  return undefined;
}

/** A literal, or an empty list or object: what a conditional gives where the element has no value. */
function isLiteral(expr: Expr): boolean {
  return expr.kind === 'literal' || (expr.kind === 'tuple' && expr.items.length === 0) || (expr.kind === 'object' && expr.items.length === 0);
}
