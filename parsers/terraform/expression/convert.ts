/** Terraform's automatic conversions, number formatting and equality over deputy's Value model. */
import { MARK_END, MARK_START, Unresolved, compareUtf8, displayString, hasMarker, isObject, textPattern, tokenize, unresolvedMarker, unresolvedPieceOf, type Value } from '../../../src/model/index.js';
import { jsonEncode } from './json.js';
import { unresolved } from './reasons.js';

/** Numbers as Terraform prints them: decimal notation, never an exponent (`1e+22` is `10000000000000000000000`). */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  const text = String(value);
  if (!text.includes('e')) return text;
  const negative = value < 0;
  const [mantissa, exponentText] = (negative ? text.slice(1) : text).split('e');
  const exponent = Number(exponentText);
  const [whole, fraction = ''] = mantissa.split('.');
  const digits = whole + fraction;
  const point = whole.length + exponent;
  let result: string;
  if (point <= 0) result = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) result = digits + '0'.repeat(point - digits.length);
  else result = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${result}` : result;
}

/** Arrays that stand for Terraform sets (deputy's values have no set type), made by `toset` or a `set(...)` type. */
const sets = new WeakSet<Value[]>();

export function asSet(items: Value[]): Value[] {
  sets.add(items);
  if (orderTurnsOnMarkers(items)) unordered.add(items);
  return items;
}

/**
 * Values an attribute written as `jsonencode(x)` keeps as x, for the structure and locations of the JSON AWS receives
 * (`ModuleInstance.evaluateAttribute`): what Terraform holds there is the text, which an interpolation reads.
 */
const keptFromEncoding = new WeakSet<object>();

export function keptEncoded(value: Value): Value {
  if (value !== null && typeof value === 'object' && !(value instanceof Unresolved)) keptFromEncoding.add(value);
  return value;
}

export function isKeptEncoded(value: Value): boolean {
  return value !== null && typeof value === 'object' && keptFromEncoding.has(value);
}

/** Sets, and lists made from them, in an order that is not Terraform's: their elements are known, their positions not. */
const unordered = new WeakSet<Value[]>();

export function withUnknownOrder(items: Value[]): Value[] {
  unordered.add(items);
  return items;
}

/**
 * Of a list `concat` or `flatten` made, how many of its elements each argument of `concat`, or each element of the
 * list `flatten` read, gave it: where an element made by a `for` expression is written turns on how many the
 * arguments before it made, which only evaluating them tells.
 */
const joined = new WeakMap<Value[], readonly number[]>();

export function recordJoined(items: Value[], lengths: readonly number[]): Value[] {
  joined.set(items, lengths);
  return items;
}

export function joinedLengths(items: Value[]): readonly number[] | undefined {
  return joined.get(items);
}

/**
 * Whether a list's or set's order is not known statically: Terraform orders a set of strings by their values, and an
 * element known only when it plans (the owner's partition, a resource attribute) or not at all may sort anywhere.
 * What reads its elements by position (an index, element(), slice()) is then unknown; the rest is not.
 */
export function hasUnknownOrder(collection: Value[]): boolean {
  return unordered.has(collection);
}

/** Whether a set's order turns on what its markers stand for: decided once, as a set is made, since it never changes. */
function orderTurnsOnMarkers(items: Value[]): boolean {
  if (items.length < 2 || !items.some((item) => item instanceof Unresolved || (typeof item === 'string' && hasMarker(item)))) return false;
  if (!items.every((item) => typeof item === 'string')) return true;
  // Sorted by their text, neighbours whose order a marker decides are in no known order; if none is, all are known.
  const sorted = [...(items as string[])].sort(compareUtf8);
  for (let index = 1; index < sorted.length; index++) if (orderTurnsOnMarker(sorted[index - 1]!, sorted[index]!)) return true;
  return false;
}

/** Whether two strings first differ inside a marker (or at one): the values it stands for decide their order. */
function orderTurnsOnMarker(left: string, right: string): boolean {
  let open = 0;
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    const character = left[index]!;
    if (character !== right[index]) return open > 0 || character === MARK_START || right[index] === MARK_START;
    if (character === MARK_START) open++;
    else if (character === MARK_END) open--;
  }
  return open > 0;
}

/** What reading a list of unknown order by position gives. */
export function unknownPosition(): Unresolved {
  return new Unresolved('unknown value: the order of a set with elements known only when Terraform plans is not known statically');
}

/** The key Terraform gives an element when it iterates a list or set: a list's index, a set's element itself. */
export function elementKey(collection: Value[], item: Value, index: number): Value {
  return sets.has(collection) ? item : index;
}

export function typeName(value: Value): string {
  if (value === null) return 'null';
  if (value instanceof Unresolved) return 'unknown';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'object';
  return typeof value;
}

/** An Unresolved for a string whose value depends on markers (the owner's symbols, resource attributes, unknown pieces). */
export function unknownFromMarkers(text: string): Unresolved {
  return unresolvedPieceOf(text) ?? unresolved('unknown value', displayString(text));
}

/**
 * What a function that rewrites a text (`what`: replace, lower, a format verb that pads or cuts) makes of one holding a
 * resource attribute or a piece not known: a value not known, named by what made it. Keeping the marker would say the
 * piece is still that value, and a lone one would link to the resource it names, although the function may have
 * rewritten its text; the owner's symbols, whose shape is known, are not asked about here.
 */
export function rewrittenUnknown(what: string, text: string): Unresolved {
  return unresolved('unknown value', `${what} of ${displayString(text)}`);
}

/** String conversion for interpolation and string arguments; unknown values become markers. */
export function toText(value: Value, what: string): string | Unresolved {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Unresolved) return unresolvedMarker(value);
  // A local written as jsonencode({...}) is the JSON text in Terraform (`"Condition": ${local.condition}`).
  if (isKeptEncoded(value)) return jsonEncode(value);
  if (value === null) return unresolved('type error', `${what} is null`);
  return unresolved('type error', `${what} must be a string, not a ${typeName(value)}`);
}

export function toNumber(value: Value, what: string): number | Unresolved {
  if (typeof value === 'number') return value;
  if (value instanceof Unresolved) return value;
  if (typeof value === 'string') {
    if (hasMarker(value)) return unknownFromMarkers(value);
    if (/^\s*-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(value)) return Number(value);
  }
  return unresolved('type error', `${what} must be a number, not ${describe(value)}`);
}

export function toBool(value: Value, what: string): boolean | Unresolved {
  if (typeof value === 'boolean') return value;
  if (value instanceof Unresolved) return value;
  if (value === 'true' || value === 'false') return value === 'true';
  if (typeof value === 'string' && hasMarker(value)) return unknownFromMarkers(value);
  return unresolved('type error', `${what} must be a bool, not ${describe(value)}`);
}

export function describe(value: Value): string {
  if (typeof value === 'string') return `the string "${displayString(value).slice(0, 40)}"`;
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeName(value)} ${String(value)}`;
  return `a ${typeName(value)}`;
}

/** Whether a value holds anything unknown: an Unresolved anywhere, or an `unk` marker in a string. */
export function containsUnknown(value: Value): boolean {
  if (value instanceof Unresolved) return true;
  if (typeof value === 'string') return value.includes(`${MARK_START}unk|`);
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (isObject(value)) return Object.values(value).some(containsUnknown);
  return false;
}

export function containsMarker(value: Value): boolean {
  if (value instanceof Unresolved) return true;
  if (typeof value === 'string') return hasMarker(value);
  if (Array.isArray(value)) return value.some(containsMarker);
  if (isObject(value)) return Object.values(value).some(containsMarker);
  return false;
}

export function deepEqual(left: Value, right: Value): boolean {
  if (left === right) return true;
  if (left instanceof Unresolved || right instanceof Unresolved) return false;
  if (Array.isArray(left)) return Array.isArray(right) && left.length === right.length && left.every((item, index) => deepEqual(item, right[index]));
  if (isObject(left)) {
    if (!isObject(right)) return false;
    const keys = Object.keys(left);
    return keys.length === Object.keys(right).length && keys.every((key) => key in right && deepEqual(left[key], right[key]));
  }
  return false;
}

/**
 * `==` as Terraform decides it, or Unresolved when the answer depends on unknown values. Identical symbols or
 * references are equal; anything unknown compared with something different is undecidable, but for a text whose known
 * pieces a text known cannot fill.
 */
export function equals(left: Value, right: Value): boolean | Unresolved {
  if (left instanceof Unresolved) return left;
  if (right instanceof Unresolved) return right;
  // As Terraform compares with null: a list, object or text that is there is not null, whatever it holds that is not
  // known (`var.statements != null` over a map with an open value); only a value wholly unknown may be null.
  if (left === null || right === null) {
    const other = left === null ? right : left;
    if (other === null) return true;
    if (typeof other !== 'string' || !isWhollyUnknown(other) || isNeverEmptyReference(other)) return false;
  }
  // A managed resource's `arn` or `id` is known after apply, but never null or empty (`var.role_arn != ""`).
  if ((left === '' && typeof right === 'string' && isNeverEmptyReference(right)) || (right === '' && typeof left === 'string' && isNeverEmptyReference(left))) return false;
  if (deepEqual(left, right) && !containsUnknown(left)) return true;
  // A text whose known pieces another text cannot fill, whatever the rest is (`jsonencode(aws_iam_role.r) == "{}"`), is not it.
  if (typeof left === 'string' && typeof right === 'string' && hasMarker(left) !== hasMarker(right) && !new RegExp(`^${textPattern(hasMarker(left) ? left : right)}$`).test(hasMarker(left) ? right : left)) return false;
  if (containsMarker(left) || containsMarker(right)) {
    const text = typeof left === 'string' && hasMarker(left) ? left : typeof right === 'string' && hasMarker(right) ? right : undefined;
    return text !== undefined ? unknownFromMarkers(text) : unresolved('unknown value', 'comparison of values that are not known');
  }
  return false;
}

/** Whether a text is one reference to the `arn` or `id` of a resource (refMarker), which apply always sets. */
function isNeverEmptyReference(text: string): boolean {
  const tokens = tokenize(text);
  if (tokens.length !== 1) return false;
  const token = tokens[0]!;
  return 'kind' in token && token.kind === 'ref' && /\.(?:arn|id)$/.test(token.payload);
}

/** Whether a text is one marker of a value not known, with nothing written around it. */
function isWhollyUnknown(text: string): boolean {
  if (!hasMarker(text)) return false;
  const tokens = tokenize(text);
  return tokens.length === 1 && !('literal' in tokens[0]!);
}

/** Applies `transform` to the literal runs of a string, leaving markers as they are. */
export function mapLiterals(text: string, transform: (literal: string) => string): string {
  if (!hasMarker(text)) return transform(text);
  return tokenize(text)
    .map((token) => ('literal' in token ? transform(token.literal) : token.text))
    .join('');
}
