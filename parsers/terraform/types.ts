/**
 * A variable's declared `type` applied to its value as Terraform converts it: object types keep their declared
 * attributes and fill absent `optional(...)` ones with their default or null, numbers and bools become strings for
 * `string`, and collections convert element by element. Anything this does not model passes through unchanged.
 */
import { Unresolved, hasMarker, isObject, type Value, type ValueObject } from '../../src/model/index.js';
import { evaluate, formatNumber, parseExpression, setOf, type Expr, type Scope } from './expression/index.js';

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

export function convertToType(value: Value, type: TypeConstraint): Value {
  if (value instanceof Unresolved || value === null || type.kind === 'any') return value;
  switch (type.kind) {
    case 'string':
      return typeof value === 'number' ? formatNumber(value) : typeof value === 'boolean' ? String(value) : value;
    case 'number':
      return typeof value === 'string' && !hasMarker(value) && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
    case 'bool':
      return value === 'true' ? true : value === 'false' ? false : value;
    case 'list':
      return Array.isArray(value) ? value.map((item) => convertToType(item, type.element)) : value;
    case 'set':
      return Array.isArray(value) ? setOf('set', value.map((item) => convertToType(item, type.element))) : value;
    case 'map':
      return isObject(value) ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, convertToType(item, type.element)])) : value;
    case 'tuple':
      return Array.isArray(value) ? value.map((item, index) => convertToType(item, type.elements[index] ?? ANY)) : value;
    case 'object': {
      if (!isObject(value)) return value;
      const converted: ValueObject = {};
      for (const [name, attribute] of type.attributes) {
        if (Object.hasOwn(value, name) && value[name] !== null) converted[name] = convertToType(value[name]!, attribute.type);
        else if (attribute.optional) converted[name] = attribute.default ? convertToType(evaluate(attribute.default, NO_SCOPE), attribute.type) : null;
        else if (Object.hasOwn(value, name)) converted[name] = null;
      }
      return converted;
    }
  }
}
