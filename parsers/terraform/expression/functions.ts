/**
 * The Terraform functions deputy evaluates. Unknown arguments propagate (a wholly unknown argument makes the
 * result unknown unless the function can do better, like `jsonencode` or `join`); what Terraform would reject
 * becomes `type error: ...`; any other function is `unsupported function: name`.
 */
import { Unresolved, compareText, hasMarker, isKnownAtPlan, isObject, tokenize, type Value, type ValueObject } from '../../../src/model/index.js';
import { asSet, containsUnknown, hasUnknownOrder, unknownPosition, withUnknownOrder, deepEqual, describe, equals, mapLiterals, toBool, toNumber, toText, typeName, unknownFromMarkers } from './convert.js';
import { evaluateTemplateFile, indexValue, type EvaluationContext } from './evaluate.js';
import { format } from './format.js';
import { jsonDecode, jsonEncode } from './json.js';
import { unresolved } from './reasons.js';
import { translateRegex } from './regex.js';

type Implementation = (args: Value[], context: EvaluationContext) => Value;

interface FunctionSpec {
  /** Smallest and largest argument counts (Infinity: variadic). */
  arity: [number, number];
  /** Whether a wholly unknown argument may reach the implementation; otherwise it becomes the result. */
  acceptsUnknown?: boolean;
  run: Implementation;
}

const fail = (name: string, detail: string) => unresolved('type error', `${name}: ${detail}`);

function text(name: string, value: Value, what = 'argument'): string | Unresolved {
  return toText(value, `the ${what} of ${name}`);
}

function list(name: string, value: Value): Value[] | Unresolved {
  if (value instanceof Unresolved) return value;
  if (Array.isArray(value)) return value;
  return fail(name, `expects a list, not ${describe(value)}`);
}

function map(name: string, value: Value): ValueObject | Unresolved {
  if (value instanceof Unresolved) return value;
  if (isObject(value)) return value;
  return fail(name, `expects a map or object, not ${describe(value)}`);
}

/**
 * A Terraform set of the items (what `toset` and a `set(...)` type make): each element once, strings and numbers in
 * the order Terraform gives sets, unknown elements last; `name` says what made it, in the reason of a failure.
 */
export function setOf(name: string, items: Value[]): Value[] | Unresolved {
  const known = items.filter((item) => !(item instanceof Unresolved));
  const unknown = items.filter((item) => item instanceof Unresolved);
  const unique: Value[] = [];
  for (const item of unify(name, known)) {
    if (item instanceof Unresolved) return item;
    if (!unique.some((existing) => deepEqual(existing, item))) unique.push(item);
  }
  const sorted = unique.every((item) => typeof item === 'number')
    ? (unique as number[]).sort((left, right) => left - right)
    : unique.every((item) => typeof item === 'string')
      ? (unique as string[]).sort(compareText)
      : unique;
  return asSet([...sorted, ...unknown]);
}

/** Terraform's list/set element type unification: mixed primitives become strings. */
function unify(name: string, items: Value[]): Value[] {
  const types = new Set(items.filter((item) => item !== null && !(item instanceof Unresolved)).map(typeName));
  if (types.size <= 1 || ![...types].every((type) => type === 'string' || type === 'number' || type === 'boolean')) return items;
  return items.map((item) => (item === null || item instanceof Unresolved ? item : text(name, item, 'element')));
}

function splitKeepingMarkers(separator: string, value: string): string[] {
  if (!hasMarker(value)) return value.split(separator);
  const pieces = [''];
  for (const token of tokenize(value)) {
    if ('literal' in token) {
      const parts = token.literal.split(separator);
      pieces[pieces.length - 1] += parts[0];
      pieces.push(...parts.slice(1));
    } else pieces[pieces.length - 1] += token.text;
  }
  return pieces;
}

function replace(value: string, search: string, replacement: string): string | Unresolved {
  if (search.length > 1 && search.startsWith('/') && search.endsWith('/')) {
    const regex = translateRegex(search.slice(1, -1));
    if (regex instanceof Unresolved) return regex;
    return mapLiterals(value, (literal) => literal.replace(regex, (...match) => expandReplacement(replacement, match)));
  }
  if (search === '') return fail('replace', 'the substring to replace must not be empty');
  return mapLiterals(value, (literal) => literal.split(search).join(replacement));
}

/** Go's regexp replacement template: `$1`, `${1}`, `$name`, `${name}`, `$$`. */
function expandReplacement(template: string, match: unknown[]): string {
  const groups = (typeof match[match.length - 1] === 'object' ? match[match.length - 1] : undefined) as Record<string, string | undefined> | undefined;
  const numbered = match.slice(0, typeof match[match.length - 1] === 'object' ? -3 : -2) as Array<string | undefined>;
  return template.replace(/\$(\$|\{(\w+)\}|(\w+))/g, (_whole, dollar: string, braced: string | undefined, bare: string | undefined) => {
    if (dollar === '$') return '$';
    const name = braced ?? bare ?? '';
    if (/^\d+$/.test(name)) return numbered[Number(name)] ?? '';
    return groups?.[name] ?? '';
  });
}

function graphemeCount(value: string): number {
  if (/^[\x00-\x7f]*$/.test(value)) return value.length;
  let count = 0;
  for (const _segment of new Intl.Segmenter().segment(value)) count++;
  return count;
}

/** A file Terraform fails to read is an error `try` and `can` catch; one deputy chose not to read is unknown. */
function notRead(name: string, read: { error: string } | { refused: string }): Unresolved {
  return 'error' in read ? unresolved('unreadable file', `${name}: ${read.error}`) : unresolved('file not read', `${name}: ${read.refused}`);
}

function flatten(items: Value[], depth = 0): Value[] | Unresolved {
  if (depth > 100) return unresolved('limit', 'flatten: lists nested too deeply');
  const out: Value[] = [];
  for (const item of items) {
    if (Array.isArray(item)) {
      const inner = flatten(item, depth + 1);
      if (inner instanceof Unresolved) return inner;
      out.push(...inner);
    } else if (item instanceof Unresolved) return item;
    else out.push(item);
  }
  return out;
}

const FUNCTIONS: Record<string, FunctionSpec> = {
  jsonencode: { arity: [1, 1], acceptsUnknown: true, run: ([value]) => jsonEncode(value) },
  jsondecode: {
    arity: [1, 1],
    run: ([value]) => {
      const source = text('jsondecode', value);
      return source instanceof Unresolved ? source : jsonDecode(source);
    },
  },
  file: {
    arity: [1, 1],
    run: ([path], context) => {
      const name = text('file', path, 'path');
      if (name instanceof Unresolved) return name;
      if (hasMarker(name)) return unknownFromMarkers(name);
      const read = context.scope.readFile(name);
      return 'text' in read ? read.text : notRead(name, read);
    },
  },
  templatefile: {
    arity: [2, 2],
    run: ([path, vars], context) => {
      if (context.inTemplateFile) return fail('templatefile', 'cannot be called from inside a template file');
      const name = text('templatefile', path, 'path');
      if (name instanceof Unresolved) return name;
      if (hasMarker(name)) return unknownFromMarkers(name);
      const variables = map('templatefile', vars);
      if (variables instanceof Unresolved) return variables;
      const read = context.scope.readFile(name);
      return 'text' in read ? evaluateTemplateFile(read, variables, context) : notRead(name, read);
    },
  },
  format: {
    arity: [1, Infinity],
    acceptsUnknown: true,
    run: ([spec, ...args]) => {
      if (spec instanceof Unresolved) return spec;
      const pattern = text('format', spec, 'format string');
      if (pattern instanceof Unresolved) return pattern;
      return hasMarker(pattern) ? unknownFromMarkers(pattern) : format(pattern, args);
    },
  },
  // A wholly unknown argument may be a list of unknown length: the result is unknown.
  formatlist: {
    arity: [1, Infinity],
    run: ([spec, ...args]) => {
      const pattern = text('formatlist', spec, 'format string');
      if (pattern instanceof Unresolved) return pattern;
      const lists = args.filter((arg): arg is Value[] => Array.isArray(arg));
      const lengths = new Set(lists.map((items) => items.length));
      if (lengths.size > 1) return fail('formatlist', 'all list arguments must have the same length');
      const length = lists.length > 0 ? lists[0].length : 1;
      const out: Value[] = [];
      for (let index = 0; index < length; index++) {
        const result = format(pattern, args.map((arg) => (Array.isArray(arg) ? arg[index] : arg)));
        if (result instanceof Unresolved) return result;
        out.push(result);
      }
      return out;
    },
  },
  join: {
    arity: [2, Infinity],
    run: ([separator, ...lists]) => {
      const sep = text('join', separator, 'separator');
      if (sep instanceof Unresolved) return sep;
      const pieces: string[] = [];
      for (const value of lists) {
        const items = list('join', value);
        if (items instanceof Unresolved) return items;
        for (const item of items) {
          if (item === null) return fail('join', 'a list element is null');
          const piece = text('join', item, 'list element');
          if (piece instanceof Unresolved) return piece;
          pieces.push(piece);
        }
      }
      return pieces.join(sep);
    },
  },
  split: {
    arity: [2, 2],
    run: ([separator, value]) => {
      const sep = text('split', separator, 'separator');
      if (sep instanceof Unresolved) return sep;
      const source = text('split', value, 'string');
      if (source instanceof Unresolved) return source;
      return sep === '' ? [...source] : splitKeepingMarkers(sep, source);
    },
  },
  concat: {
    arity: [1, Infinity],
    run: (args) => {
      const out: Value[] = [];
      for (const arg of args) {
        const items = list('concat', arg);
        if (items instanceof Unresolved) return items;
        out.push(...items);
      }
      return out;
    },
  },
  merge: {
    arity: [0, Infinity],
    run: (args) => {
      const out: ValueObject = {};
      for (const arg of args) {
        if (arg === null) continue;
        const entries = map('merge', arg);
        if (entries instanceof Unresolved) return entries;
        Object.assign(out, entries);
      }
      return out;
    },
  },
  lookup: {
    arity: [2, 3],
    run: ([target, key, fallback]) => {
      const entries = map('lookup', target);
      if (entries instanceof Unresolved) return entries;
      if (typeof key === 'string' && !hasMarker(key) && !Object.prototype.hasOwnProperty.call(entries, key)) {
        return fallback === undefined ? fail('lookup', `no key "${key}" and no default`) : fallback;
      }
      return indexValue(entries, key);
    },
  },
  replace: {
    arity: [3, 3],
    run: ([value, search, replacement]) => {
      const source = text('replace', value, 'string');
      const pattern = text('replace', search, 'substring');
      const by = text('replace', replacement, 'replacement');
      if (source instanceof Unresolved) return source;
      if (pattern instanceof Unresolved) return pattern;
      if (by instanceof Unresolved) return by;
      if (hasMarker(pattern)) return unknownFromMarkers(pattern);
      return replace(source, pattern, by);
    },
  },
  lower: { arity: [1, 1], run: ([value]) => mapText('lower', value, (literal) => literal.toLowerCase()) },
  upper: { arity: [1, 1], run: ([value]) => mapText('upper', value, (literal) => literal.toUpperCase()) },
  trimspace: { arity: [1, 1], run: ([value]) => mapText('trimspace', value, (literal) => literal, true) },
  tostring: {
    arity: [1, 1],
    run: ([value]) => (value === null ? null : typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? text('tostring', value) : fail('tostring', `cannot convert ${describe(value)} to a string`)),
  },
  tonumber: { arity: [1, 1], run: ([value]) => (value === null ? null : toNumber(value, 'the argument of tonumber')) },
  tobool: {
    arity: [1, 1],
    run: ([value]) => (value === null || typeof value === 'boolean' ? value : value === 'true' || value === 'false' ? value === 'true' : fail('tobool', `cannot convert ${describe(value)} to a bool`)),
  },
  tolist: {
    arity: [1, 1],
    run: ([value]) => {
      const items = list('tolist', value);
      if (items instanceof Unresolved) return items;
      // A copy: the argument may be a set, the result never is.
      return [...unify('tolist', items)];
    },
  },
  toset: {
    arity: [1, 1],
    run: ([value]) => {
      const items = list('toset', value);
      if (items instanceof Unresolved) return items;
      return setOf('toset', items);
    },
  },
  tomap: { arity: [1, 1], run: ([value]) => map('tomap', value) },
  coalesce: {
    arity: [1, Infinity],
    acceptsUnknown: true,
    run: (args) => {
      for (const arg of args) {
        if (arg instanceof Unresolved) return arg;
        if (arg !== null && arg !== '') return arg;
      }
      return fail('coalesce', 'no non-null, non-empty-string arguments');
    },
  },
  coalescelist: {
    arity: [1, Infinity],
    acceptsUnknown: true,
    run: (args) => {
      for (const arg of args) {
        const items = list('coalescelist', arg);
        if (items instanceof Unresolved) return items;
        if (items.length > 0) return items;
      }
      return fail('coalescelist', 'no non-empty list arguments');
    },
  },
  element: {
    arity: [2, 2],
    run: ([value, index]) => {
      const items = list('element', value);
      if (items instanceof Unresolved) return items;
      if (index instanceof Unresolved) return unresolved('unresolvable index', index.reason);
      const position = toNumber(index, 'the index of element');
      if (position instanceof Unresolved) return typeof index === 'string' && hasMarker(index) ? unresolved('unresolvable index', position.reason) : position;
      if (!Number.isInteger(position)) return fail('element', `the index ${position} is not a whole number`);
      if (position < 0) return fail('element', 'the index must not be negative');
      if (items.length === 0) return fail('element', 'cannot use element function with an empty list');
      if (hasUnknownOrder(items)) return unknownPosition();
      return items[position % items.length];
    },
  },
  length: {
    arity: [1, 1],
    run: ([value]) => {
      if (Array.isArray(value)) return value.length;
      if (isObject(value)) return Object.keys(value).length;
      if (typeof value === 'string') return hasMarker(value) ? unknownFromMarkers(value) : graphemeCount(value);
      return fail('length', `cannot take the length of ${describe(value)}`);
    },
  },
  flatten: {
    arity: [1, 1],
    run: ([value]) => {
      const items = list('flatten', value);
      if (items instanceof Unresolved) return items;
      const flat = flatten(items);
      // flatten lifts the elements of nested lists: one of unknown order leaves theirs unknown.
      return Array.isArray(flat) && holdsUnknownOrder(items) ? withUnknownOrder(flat) : flat;
    },
  },
  distinct: {
    arity: [1, 1],
    run: ([value]) => {
      const items = list('distinct', value);
      if (items instanceof Unresolved) return items;
      if (items.some(containsUnknown)) return unresolved('unknown value', 'distinct over a list with unknown elements');
      return items.filter((item, index) => items.findIndex((other) => deepEqual(other, item)) === index);
    },
  },
  keys: {
    arity: [1, 1],
    run: ([value]) => {
      const entries = map('keys', value);
      return entries instanceof Unresolved ? entries : Object.keys(entries).sort(compareText);
    },
  },
  values: {
    arity: [1, 1],
    run: ([value]) => {
      const entries = map('values', value);
      return entries instanceof Unresolved ? entries : Object.keys(entries).sort(compareText).map((key) => entries[key]);
    },
  },
  compact: {
    arity: [1, 1],
    run: ([value]) => {
      const items = list('compact', value);
      if (items instanceof Unresolved) return items;
      const out: Value[] = [];
      for (const item of items) {
        if (item === null || item === '') continue;
        if (item instanceof Unresolved) return item;
        const piece = text('compact', item, 'element');
        if (piece instanceof Unresolved) return piece;
        out.push(piece);
      }
      return out;
    },
  },
  contains: {
    arity: [2, 2],
    run: ([value, wanted]) => {
      const items = list('contains', value);
      if (items instanceof Unresolved) return items;
      let undecided: Unresolved | undefined;
      for (const item of items) {
        const equal = equals(item, wanted);
        if (equal === true) return true;
        if (equal instanceof Unresolved) undecided ??= equal;
      }
      return undecided ?? false;
    },
  },
  zipmap: {
    arity: [2, 2],
    run: ([keyList, valueList]) => {
      const keys = list('zipmap', keyList);
      if (keys instanceof Unresolved) return keys;
      const values = list('zipmap', valueList);
      if (values instanceof Unresolved) return values;
      if (keys.length !== values.length) return fail('zipmap', `${keys.length} keys but ${values.length} values`);
      const out: ValueObject = {};
      for (const [index, key] of keys.entries()) {
        const name = text('zipmap', key, 'key');
        if (name instanceof Unresolved) return name;
        if (!isKnownAtPlan(name)) return unknownFromMarkers(name);
        out[name] = values[index];
      }
      return out;
    },
  },
  alltrue: { arity: [1, 1], run: ([value]) => allOrAny('alltrue', value, true) },
  anytrue: { arity: [1, 1], run: ([value]) => allOrAny('anytrue', value, false) },
  sort: {
    arity: [1, 1],
    run: ([value]) => {
      const items = list('sort', value);
      if (items instanceof Unresolved) return items;
      const texts: string[] = [];
      for (const item of items) {
        if (item === null) return fail('sort', 'a list element is null');
        if (item instanceof Unresolved) return item;
        const piece = text('sort', item, 'element');
        if (piece instanceof Unresolved) return piece;
        if (hasMarker(piece)) return unknownFromMarkers(piece);
        texts.push(piece);
      }
      return texts.sort(compareText);
    },
  },
  reverse: {
    arity: [1, 1],
    run: ([value]) => {
      const items = list('reverse', value);
      return items instanceof Unresolved ? items : [...items].reverse();
    },
  },
  slice: {
    arity: [3, 3],
    run: ([value, from, to]) => {
      const items = list('slice', value);
      if (items instanceof Unresolved) return items;
      const start = toNumber(from, 'the start index of slice');
      if (start instanceof Unresolved) return start;
      const end = toNumber(to, 'the end index of slice');
      if (end instanceof Unresolved) return end;
      if (!Number.isInteger(start) || !Number.isInteger(end)) return fail('slice', 'indexes must be whole numbers');
      if (start < 0 || end > items.length || start > end) return fail('slice', `indexes ${start} to ${end} do not fit a list of ${items.length}`);
      if (hasUnknownOrder(items) && end - start < items.length) return unknownPosition();
      return items.slice(start, end);
    },
  },
  basename: {
    arity: [1, 1],
    run: ([value]) => {
      const path = text('basename', value, 'path');
      if (path instanceof Unresolved) return path;
      if (path === '') return '.';
      const trimmed = path.replace(/\/+$/, '');
      return trimmed === '' ? '/' : trimmed.slice(trimmed.lastIndexOf('/') + 1);
    },
  },
  base64encode: {
    arity: [1, 1],
    run: ([value]) => {
      const source = text('base64encode', value, 'string');
      if (source instanceof Unresolved) return source;
      return hasMarker(source) ? unknownFromMarkers(source) : Buffer.from(source, 'utf8').toString('base64');
    },
  },
};

/** `alltrue` (all = true) and `anytrue` (all = false): a known element that decides the answer wins over unknown ones. */
function allOrAny(name: string, value: Value, all: boolean): Value {
  const items = list(name, value);
  if (items instanceof Unresolved) return items;
  let undecided: Unresolved | undefined;
  for (const item of items) {
    const bool = item === null ? fail(name, 'a list element is null') : toBool(item, `an element of ${name}`);
    if (bool === !all) return !all;
    if (bool instanceof Unresolved) undecided ??= bool;
  }
  return undecided ?? all;
}

function mapText(name: string, value: Value, transform: (literal: string) => string, trimEnds = false): Value {
  const source = text(name, value);
  if (source instanceof Unresolved) return source;
  const mapped = mapLiterals(source, transform);
  return trimEnds ? mapped.replace(/^[\s]+|[\s]+$/g, '') : mapped;
}

export const SUPPORTED_FUNCTIONS: readonly string[] = [...Object.keys(FUNCTIONS), 'try', 'can'].sort();

export function callFunction(name: string, args: Value[], context: EvaluationContext): Value {
  const spec = Object.prototype.hasOwnProperty.call(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  if (!spec) return unresolved('unsupported function', name);
  const [min, max] = spec.arity;
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    return fail(name, `takes ${expected} argument${expected === '1' ? '' : 's'}, not ${args.length}`);
  }
  if (!spec.acceptsUnknown) {
    const unknown = args.find((arg): arg is Unresolved => arg instanceof Unresolved);
    if (unknown) return unknown;
  }
  const result = spec.run(args, context);
  // A list built from one whose positions are unknown (tolist, concat, distinct, compact, ...) keeps them unknown;
  // one that orders its result itself (toset, sort) does not.
  if (Array.isArray(result) && !ORDERING_FUNCTIONS.has(name) && args.some((arg) => Array.isArray(arg) && hasUnknownOrder(arg))) withUnknownOrder(result);
  return result;
}

/** Functions whose result's order is their own, not their argument's. */
const ORDERING_FUNCTIONS = new Set(['toset', 'sort', 'keys', 'values', 'setunion', 'setintersection', 'setsubtract', 'setproduct']);

function holdsUnknownOrder(value: Value): boolean {
  return Array.isArray(value) && (hasUnknownOrder(value) || value.some(holdsUnknownOrder));
}
