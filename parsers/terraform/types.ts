/**
 * A variable's declared `type` applied to its value as Terraform converts it: object types keep their declared
 * attributes and fill absent `optional(...)` ones with their default or null, numbers and bools become strings for
 * `string`, and collections convert element by element. Anything this does not model passes through unchanged.
 */
import { Unresolved, hasMarker, isObject, type Value, type ValueObject } from '../../src/model/index.js';
import { evaluate, formatNumber, parseExpression, setOf, type Expr, type Scope } from './expression/index.js';
import { setOwn } from '../../src/model/objects.js';

export type TypeConstraint =
  | { kind: 'any' }
  | { kind: 'string' | 'number' | 'bool' }
  | { kind: 'list' | 'set' | 'map'; element: TypeConstraint }
  | { kind: 'tuple'; elements: TypeConstraint[] }
  | { kind: 'object'; attributes: Map<string, { type: TypeConstraint; optional: boolean; default?: Expr }> };

const ANY: TypeConstraint = { kind: 'any' };
const NO_SCOPE: Scope = { resolve: () => undefined, readFile: () => ({ error: 'a type default cannot read files' }) };

/** The constraint written as `type = ...` (hcl2json gives it as `"${...}"`); `any` when absent or not understood. */
export function readTypeConstraint(raw: unknown): TypeConstraint {
  if (typeof raw !== 'string') return ANY;
  const text = raw.startsWith('${') && raw.endsWith('}') ? raw.slice(2, -1) : raw;
  try {
    return fromExpr(parseExpression(text));
  } catch {
    return ANY;
  }
}

/** The type constraint a variable's `type` argument writes, parsed already. */
export function typeConstraintOf(expr: Expr): TypeConstraint {
  return fromExpr(expr);
}

function fromExpr(expr: Expr): TypeConstraint {
  if (expr.kind === 'traversal' && expr.steps.length === 0) {
    return expr.root === 'string' || expr.root === 'number' || expr.root === 'bool' ? { kind: expr.root } : ANY;
  }
  if (expr.kind !== 'call' || expr.args.length === 0) return ANY;
  const [first] = expr.args;
  switch (expr.name) {
    case 'list':
    case 'set':
    case 'map':
      return { kind: expr.name, element: fromExpr(first!) };
    case 'tuple':
      return first!.kind === 'tuple' ? { kind: 'tuple', elements: first!.items.map(fromExpr) } : ANY;
    case 'object': {
      if (first!.kind !== 'object') return ANY;
      const attributes = new Map<string, { type: TypeConstraint; optional: boolean; default?: Expr }>();
      for (const item of first!.items) {
        const value = item.value;
        if (value.kind === 'call' && value.name === 'optional' && value.args.length > 0) {
          attributes.set(item.keyText, { type: fromExpr(value.args[0]!), optional: true, ...(value.args[1] ? { default: value.args[1] } : {}) });
        } else attributes.set(item.keyText, { type: fromExpr(value), optional: false });
      }
      return { kind: 'object', attributes };
    }
    default:
      return ANY;
  }
}

/**
 * Whether a value converted to the type keeps each element at the key or position it is written at: a set orders and
 * merges its elements; every other conversion keeps them (an object type may drop or add attributes, never move one).
 */
export function keepsPositions(type: TypeConstraint): boolean {
  switch (type.kind) {
    case 'set':
      return false;
    case 'list':
    case 'map':
      return keepsPositions(type.element);
    case 'tuple':
      return type.elements.every(keepsPositions);
    case 'object':
      return [...type.attributes.values()].every((attribute) => keepsPositions(attribute.type));
    default:
      return true;
  }
}

/**
 * `refused`, when given, hears why Terraform would refuse the value, in its words (`element "ml": string required`); the
 * part it refuses is left as written. A value not known statically (unknown, or holding markers) is never refused.
 */
export function convertToType(value: Value, type: TypeConstraint, refused?: (problem: string) => void): Value {
  if (value instanceof Unresolved || value === null || type.kind === 'any') return value;
  const refuse = (problem: string): Value => {
    refused?.(problem);
    return value;
  };
  const within = (step: string) => refused && ((problem: string) => refused(`${step}: ${problem}`));
  const isCollection = Array.isArray(value) || isObject(value);
  switch (type.kind) {
    case 'string':
      if (isCollection) return refuse('string required');
      return typeof value === 'number' ? formatNumber(value) : typeof value === 'boolean' ? String(value) : value;
    case 'number':
      if (typeof value === 'number' || (typeof value === 'string' && hasMarker(value))) return value;
      return typeof value === 'string' ? (parsedNumber(value) ?? refuse('a number is required')) : refuse(isCollection ? 'number required' : 'a number is required');
    case 'bool':
      if (typeof value === 'boolean' || (typeof value === 'string' && hasMarker(value))) return value;
      if (typeof value === 'string' && Object.hasOwn(BOOL_TEXTS, value)) return BOOL_TEXTS[value]!;
      if (typeof value !== 'string') return refuse('bool required');
      // cty's hint, for the two words only in another case.
      return refuse(['true', 'false'].includes(value.toLowerCase()) ? `a bool is required; to convert from string, use lowercase "${value.toLowerCase()}"` : 'a bool is required');
    case 'list':
      if (!Array.isArray(value)) return refuse(`${typeText(type)} required`);
      return value.map((item, index) => convertToType(item, type.element, within(`element ${index}`)));
    case 'set':
      if (!Array.isArray(value)) return refuse(`${typeText(type)} required`);
      return setOf('set', value.map((item, index) => convertToType(item, type.element, within(`element ${index}`))));
    case 'map':
      if (!isObject(value)) return refuse(`${typeText(type)} required`);
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, convertToType(item, type.element, within(`element ${JSON.stringify(key)}`))]));
    case 'tuple':
      if (!Array.isArray(value) || value.length !== type.elements.length) return refuse(`a tuple of ${type.elements.length} element${type.elements.length === 1 ? '' : 's'} required`);
      return value.map((item, index) => convertToType(item, type.elements[index]!, within(`element ${index}`)));
    case 'object': {
      if (!isObject(value)) return refuse('object required');
      const converted: ValueObject = {};
      objectTypes.set(converted, type);
      convertedFrom.set(converted, value);
      for (const [name, attribute] of type.attributes) {
        if (Object.hasOwn(value, name) && value[name] !== null) setOwn(converted, name, convertToType(value[name]!, attribute.type, within(`attribute ${JSON.stringify(name)}`)));
        else if (attribute.optional) setOwn(converted, name, attribute.default ? convertToType(evaluate(attribute.default, NO_SCOPE), attribute.type) : null);
        else if (Object.hasOwn(value, name)) setOwn(converted, name, null);
        else refused?.(`attribute ${JSON.stringify(name)} is required`);
      }
      return converted;
    }
  }
}

const objectTypes = new WeakMap<ValueObject, Extract<TypeConstraint, { kind: 'object' }>>();
const convertedFrom = new WeakMap<ValueObject, ValueObject>();

/** The object as it was written, before conversions to module inputs' object types filled in or dropped attributes. */
export function writtenBeforeConversion(value: ValueObject): ValueObject {
  let written = value;
  for (let from = convertedFrom.get(written); from; from = convertedFrom.get(written)) written = from;
  return written;
}

/** The object type a value was converted to (a module input's `object({...})`): it has the type's attributes only. */
export function objectTypeOf(value: ValueObject): Extract<TypeConstraint, { kind: 'object' }> | undefined {
  return objectTypes.get(value);
}

/**
 * Whether an object type the value was converted to on its way (a module input's, then a module it passes it to, in
 * turn) has no such attribute: that conversion dropped what the value wrote under it.
 */
export function dropsAttribute(value: ValueObject, name: string): boolean {
  for (let current: ValueObject | undefined = value; current; current = convertedFrom.get(current)) {
    const type = objectTypes.get(current);
    if (type && !type.attributes.has(name)) return true;
  }
  return false;
}

/** The texts Terraform converts to a bool. */
const BOOL_TEXTS: Readonly<Record<string, boolean>> = { true: true, false: false, '1': true, '0': false };

/**
 * A string as Terraform reads it as a number (Go's `big.ParseFloat` in base 10): a decimal with an optional exponent,
 * `p` a power of two, or an infinity; no blanks, no other base. Undefined for any other text.
 */
function parsedNumber(text: string): number | undefined {
  const written = /^([+-]?)(?:(\d+\.?\d*|\.\d+)(?:([eEpP])([+-]?\d+))?|(inf|Inf))$/.exec(text);
  if (!written) return undefined;
  const [, sign, mantissa, exponentKind, exponent, infinity] = written;
  const magnitude = infinity ? Infinity : exponentKind === 'p' || exponentKind === 'P' ? Number(mantissa) * 2 ** Number(exponent) : Number(text.slice(sign!.length));
  return sign === '-' ? -magnitude : magnitude;
}

/** A type as Terraform's messages name it: `list of string`, `map of list of string`. */
function typeText(type: TypeConstraint): string {
  switch (type.kind) {
    case 'list':
    case 'set':
    case 'map':
      return `${type.kind} of ${typeText(type.element)}`;
    case 'any':
      return 'any';
    default:
      return type.kind;
  }
}
