/**
 * The Terraform functions deputy evaluates. Unknown arguments propagate (a wholly unknown argument makes the
 * result unknown unless the function can do better, like `jsonencode` or `join`); what Terraform would reject
 * becomes `type error: ...`; any other function is `unsupported function: name`.
 */
import { MARK_END, Unresolved, compareUtf8, editsOwnerSymbol, hasMarker, isKnownAtPlan, isObject, loneReferencePayload, searchReaches, tokenize, type Token, type Value, type ValueObject } from '../../../src/model/index.js';
import { asSet, containsUnknown, hasUnknownOrder, isKeptEncoded, recordJoined, unknownPosition, withUnknownOrder, deepEqual, describe, equals, formatNumber, mapLiterals, rewrittenUnknown, toBool, toNumber, toText, typeName, unknownFromMarkers } from './convert.js';
import { ELEMENT_BUDGET, fileFunctionValue, renderTemplate, indexValue, type EvaluationContext, type Scope } from './evaluate.js';
import { format } from './format.js';
import { keepsIamNameWhole } from '../../../src/model/arn.js';
import { mergedOpen } from './open-object.js';
import { jsonDecode, jsonEncode } from './json.js';
import { isError, unresolved } from './reasons.js';
import { goMatches, patternReaches, translateRegex } from './regex.js';
import { setOwn } from '../../../src/model/objects.js';

/**
 * `name`: where `cutsText`'s argument is an ARN the scope writes around the reference to its principal's name, cut only
 * at characters no IAM name holds (`cutsAroundName`), that reference, which stands for a name none of those characters.
 */
type Implementation = (args: Value[], context: EvaluationContext, name?: string) => Value;

interface FunctionSpec {
  /** Smallest and largest argument counts (Infinity: variadic). */
  arity: [number, number];
  /** Whether a wholly unknown argument may reach the implementation; otherwise it becomes the result. */
  acceptsUnknown?: boolean;
  /**
   * The position of the string argument whose text the result is computed from, rather than passed on: a resource
   * attribute or a piece not known in it makes the result unknown (`rewrittenUnknown`), since what the function does to
   * it turns on the value it stands for (`replace(aws_iam_role.x.arn, "role/", "role/other-")` is another role's ARN).
   */
  rewritesText?: number;
  /**
   * The position of the string argument the function cuts at its separators and keeps pieces of (`basename`, `split`,
   * `trimprefix`): a reference alone to an ARN there is read as the text the scope writes for it (`Scope.arnText`), so
   * that `basename(aws_iam_role.r.arn)` is the role's name, as it is in Terraform.
   */
  cutsText?: number;
  /**
   * What a function that cuts its text (`cutsText`) and computes its result from it (`rewritesText`) cuts at: `split`'s
   * separator, `basename`'s `/`, the affix `trimprefix` and `trimsuffix` remove. An ARN the scope writes with the reference to its principal's name (`Scope.arnText`:
   * a name not known) is cut where the name holds none of those characters (`keepsIamNameWhole`),
   * the reference kept whole as the name's piece: `basename(aws_iam_role.r.arn)` of a role made with `name_prefix` is
   * `aws_iam_role.r.name`.
   */
  cutsAt?: (args: Value[]) => Value;
  /**
   * The arguments whose values (or elements) the result is, unchanged or converted to its own type (`tostring`), chosen
   * among them (`coalesce`, `element`'s list), rather than a value computed from them: what `passedArguments` tells.
   */
  passesValues?: 'all' | readonly number[];
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
      ? (unique as string[]).sort(compareUtf8)
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

/**
 * Go's filepath.Clean on a slash-separated path: no empty or `.` element, a `..` takes the element before it away (at
 * the root, nothing), `.` for nothing left. A marker is a piece of its own, never one of those elements.
 */
function cleanPath(path: string): string {
  const rooted = path.startsWith('/');
  const kept: string[] = [];
  for (const element of splitKeepingMarkers('/', path)) {
    if (element === '' || element === '.') continue;
    if (element !== '..') kept.push(element);
    else if (kept.length > 0 && kept.at(-1) !== '..') kept.pop();
    else if (!rooted) kept.push('..');
  }
  const cleaned = (rooted ? '/' : '') + kept.join('/');
  return cleaned === '' ? '.' : cleaned;
}

function replace(value: string, search: string, replacement: string): string | Unresolved {
  if (search.length > 1 && search.startsWith('/') && search.endsWith('/')) {
    const regex = translateRegex(search.slice(1, -1), 'replace');
    if (regex instanceof Unresolved) return regex;
    if (editsOwnerSymbol(value, (characters) => patternReaches(regex, characters))) return rewrittenUnknown('replace', value);
    let refused: Unresolved | undefined;
    const replaced = mapLiterals(value, (literal) => {
      const matches = goMatches(regex, literal, 'replace');
      if (matches instanceof Unresolved) {
        refused ??= matches;
        return literal;
      }
      let text = '';
      let from = 0;
      for (const match of matches) {
        text += literal.slice(from, match.index) + expandReplacement(replacement, match);
        from = match.index + match[0].length;
      }
      return text + literal.slice(from);
    });
    return refused ?? replaced;
  }
  if (search === '') return fail('replace', 'the substring to replace must not be empty');
  if (editsOwnerSymbol(value, (characters) => searchReaches(search, characters))) return rewrittenUnknown('replace', value);
  return mapLiterals(value, (literal) => literal.split(search).join(replacement));
}

/** Go's regexp replacement template: `$1`, `${1}`, `$name`, `${name}`, `$$`. */
function expandReplacement(template: string, match: RegExpExecArray): string {
  return template.replace(/\$(\$|\{(\w+)\}|(\w+))/g, (_whole, dollar: string, braced: string | undefined, bare: string | undefined) => {
    if (dollar === '$') return '$';
    const name = braced ?? bare ?? '';
    if (/^\d+$/.test(name)) return match[Number(name)] ?? '';
    return match.groups?.[name] ?? '';
  });
}

function graphemeCount(value: string): number {
  if (ONE_GRAPHEME_A_CHARACTER.test(value)) return value.length;
  let count = 0;
  for (const _grapheme of graphemes(value)) count++;
  return count;
}

/** ASCII without CR: one grapheme a character (CR LF is one). */
const ONE_GRAPHEME_A_CHARACTER = /^[\x00-\x0c\x0e-\x7f]*$/;

/** About how long the pieces of a text `graphemes` segments one by one are. */
const GRAPHEME_PIECE = 4096;

/**
 * The grapheme clusters of a text, as Terraform counts characters (`length`, `substr`). V8's segmenter takes time far
 * beyond the text's length on long text (80,000 CJK characters: a minute and a half), and each segment it makes holds
 * a copy of the text: the text is segmented in pieces. A piece's last cluster may go on past the piece's end, so it is
 * segmented again at the start of the next piece: a cluster boundary depends on the characters before it back to the
 * previous boundary and on the one after it, all inside the piece (a text written in any script, not only one with
 * ASCII, is cut). A piece holding less than two clusters (a base with thousands of combining marks) is made longer.
 */
function* graphemes(text: string): Generator<string> {
  const segmenter = new Intl.Segmenter();
  let piece = GRAPHEME_PIECE;
  for (let start = 0; start < text.length; ) {
    const end = Math.min(text.length, start + piece);
    const segments = Array.from(segmenter.segment(text.slice(start, end)), ({ segment }) => segment);
    if (end === text.length) {
      yield* segments;
      return;
    }
    if (segments.length < 2) {
      piece *= 2;
      continue;
    }
    segments.pop();
    for (const segment of segments) {
      yield segment;
      start += segment.length;
    }
    piece = GRAPHEME_PIECE;
  }
}

/** A file Terraform fails to read is an error `try` and `can` catch; one deputy chose not to read is unknown. */
function notRead(name: string, read: { error: string } | { refused: string }): Unresolved {
  return 'error' in read ? unresolved('unreadable file', `${name}: ${read.error}`) : unresolved('file not read', `${name}: ${read.refused}`);
}

/** `lengths`, when given, receives how many elements each of `items` gave the list made. */
function flatten(items: Value[], scope: Scope, depth = 0, lengths?: number[]): Value[] | Unresolved {
  if (depth > 100) return unresolved('limit', 'flatten: lists nested too deeply');
  const out: Value[] = [];
  for (let index = 0; index < items.length; index++) {
    const item = items[index]!;
    const before = out.length;
    if (Array.isArray(item)) {
      const inner = flatten(item, scope, depth + 1);
      if (inner instanceof Unresolved) return inner;
      out.push(...inner);
    } else if (item instanceof Unresolved) return item;
    else out.push(passedOn(scope, items, index));
    lengths?.push(out.length - before);
  }
  return out;
}

/**
 * The element at `index` of `list`, told to the scope as passed on into another list; not one of a list whose order is
 * not known (a set), where the index is not where the element is written.
 */
function passedOn(scope: Scope, list: Value[], index: number): Value {
  const element = list[index]!;
  if (element !== null && typeof element === 'object' && !hasUnknownOrder(list)) scope.passedElement?.(list, index, element);
  return element;
}

const ARN_BUILD_PARTS = ['partition', 'service', 'region', 'account_id', 'resource'] as const;

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
      if (!('text' in read)) return notRead(name, read);
      if (context.refused) context.refused.lastRead = read;
      return fileFunctionValue(read);
    },
  },
  fileset: {
    arity: [2, 2],
    run: ([path, pattern], context) => {
      const folder = text('fileset', path, 'path');
      if (folder instanceof Unresolved) return folder;
      const glob = text('fileset', pattern, 'pattern');
      if (glob instanceof Unresolved) return glob;
      if (hasMarker(folder) || hasMarker(glob)) return unknownFromMarkers(hasMarker(folder) ? folder : glob);
      const listed = context.scope.fileSet?.(folder, glob) ?? { refused: 'files are not listed here' };
      return 'files' in listed ? setOf('fileset', listed.files) : notRead('fileset', listed);
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
      return 'text' in read ? renderTemplate(read, variables, context) : notRead(name, read);
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
    rewritesText: 1,
    cutsText: 1,
    cutsAt: ([separator]) => separator,
    run: ([separator, value]) => {
      const sep = text('split', separator, 'separator');
      if (sep instanceof Unresolved) return sep;
      const source = text('split', value, 'string');
      if (source instanceof Unresolved) return source;
      if (editsOwnerSymbol(source, (characters) => searchReaches(sep, characters))) return rewrittenUnknown('split', source);
      return sep === '' ? [...source] : splitKeepingMarkers(sep, source);
    },
  },
  concat: {
    passesValues: 'all',
    arity: [1, Infinity],
    acceptsUnknown: true,
    run: (args, { scope }) => {
      const out: Value[] = [];
      const lengths: number[] = [];
      let notKnown: Unresolved | undefined;
      for (const arg of args) {
        const items = list('concat', arg);
        if (items instanceof Unresolved) {
          if (isError(items) || items.choices || notKnown?.choices) return notKnown ?? items;
          notKnown ??= items;
          out.push(...(items.entries ?? []));
          continue;
        }
        for (let index = 0; index < items.length; index++) out.push(passedOn(scope, items, index));
        lengths.push(items.length);
      }
      if (!notKnown) return recordJoined(out, lengths);
      // A list not known beside lists written out holds their entries, and more: the list is known in part.
      const held = out.filter((entry) => !containsUnknown(entry));
      return held.length > 0 ? new Unresolved(notKnown.reason, notKnown.written, undefined, held, true) : notKnown;
    },
  },
  merge: {
    passesValues: 'all',
    arity: [0, Infinity],
    run: (args) => {
      const objects: ValueObject[] = [];
      for (const arg of args) {
        if (arg === null) continue;
        const entries = map('merge', arg);
        if (entries instanceof Unresolved) return entries;
        objects.push(entries);
      }
      return mergedOpen(objects) ?? Object.assign({}, ...objects);
    },
  },
  lookup: {
    passesValues: [0, 2],
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
    rewritesText: 0,
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
  lower: { arity: [1, 1], rewritesText: 0, run: ([value]) => mapText('lower', value, (literal) => literal.toLowerCase()) },
  upper: { arity: [1, 1], rewritesText: 0, run: ([value]) => mapText('upper', value, (literal) => literal.toUpperCase()) },
  // The AWS provider's function (Terraform 1.8, provider 5.40): the ARN of its five parts, joined as written.
  'provider::aws::arn_build': {
    arity: [5, 5],
    run: (parts) => {
      const texts: string[] = [];
      for (const [index, part] of ARN_BUILD_PARTS.entries()) {
        const written = text('provider::aws::arn_build', parts[index]!, part);
        if (written instanceof Unresolved) return written;
        texts.push(written);
      }
      return `arn:${texts.join(':')}`;
    },
  },
  // Its inverse: the first five colons part the ARN (aws-sdk-go-v2's arn.Parse), the resource keeps those after them.
  'provider::aws::arn_parse': {
    arity: [1, 1],
    rewritesText: 0,
    cutsText: 0,
    cutsAt: () => ':',
    run: ([value]) => {
      const arn = text('provider::aws::arn_parse', value, 'arn');
      if (arn instanceof Unresolved) return arn;
      if (editsOwnerSymbol(arn, (characters) => characters.includes(':'))) return rewrittenUnknown('provider::aws::arn_parse', arn);
      const sections = splitKeepingMarkers(':', arn);
      if (sections.length < 6 || sections[0] !== 'arn') return fail('provider::aws::arn_parse', sections[0] === 'arn' ? 'not enough sections' : 'arn: invalid prefix');
      return { ...Object.fromEntries(ARN_BUILD_PARTS.slice(0, 4).map((part, index) => [part, sections[index + 1]!])), resource: sections.slice(5).join(':') };
    },
  },
  // Blanks no IAM name holds: an ARN whose name is not known is left as it is, the reference it was, as by `trim`.
  trimspace: { arity: [1, 1], rewritesText: 0, cutsText: 0, cutsAt: () => GO_SPACES, run: ([value]) => mapText('trimspace', value, (literal) => literal, true) },
  tostring: {
    passesValues: 'all',
    arity: [1, 1],
    run: ([value]) => (value === null ? null : typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? text('tostring', value) : fail('tostring', `cannot convert ${describe(value)} to a string`)),
  },
  tonumber: { arity: [1, 1], run: ([value]) => (value === null ? null : toNumber(value, 'the argument of tonumber')) },
  tobool: {
    arity: [1, 1],
    run: ([value]) => (value === null || typeof value === 'boolean' ? value : value === 'true' || value === 'false' ? value === 'true' : fail('tobool', `cannot convert ${describe(value)} to a bool`)),
  },
  tolist: {
    passesValues: 'all',
    arity: [1, 1],
    run: ([value]) => {
      const items = list('tolist', value);
      if (items instanceof Unresolved) return items;
      // A copy: the argument may be a set, the result never is.
      return [...unify('tolist', items)];
    },
  },
  toset: {
    passesValues: 'all',
    arity: [1, 1],
    run: ([value]) => {
      const items = list('toset', value);
      if (items instanceof Unresolved) return items;
      return setOf('toset', items);
    },
  },
  tomap: { arity: [1, 1], passesValues: 'all', run: ([value]) => map('tomap', value) },
  coalesce: {
    passesValues: 'all',
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
    passesValues: 'all',
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
    passesValues: [0],
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
    passesValues: 'all',
    arity: [1, 1],
    run: ([value], context) => {
      const items = list('flatten', value);
      if (items instanceof Unresolved) return items;
      const lengths: number[] = [];
      const flat = flatten(items, context.scope, 0, lengths);
      if (flat instanceof Unresolved) return flat;
      recordJoined(flat, lengths);
      // flatten lifts the elements of nested lists: one of unknown order leaves theirs unknown.
      return holdsUnknownOrder(items) ? withUnknownOrder(flat) : flat;
    },
  },
  distinct: {
    passesValues: 'all',
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
      return entries instanceof Unresolved ? entries : Object.keys(entries).sort(compareUtf8);
    },
  },
  values: {
    passesValues: 'all',
    arity: [1, 1],
    run: ([value]) => {
      const entries = map('values', value);
      return entries instanceof Unresolved ? entries : Object.keys(entries).sort(compareUtf8).map((key) => entries[key]);
    },
  },
  compact: {
    passesValues: 'all',
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
      return items instanceof Unresolved ? items : holds(items, wanted);
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
        setOwn(out, name, values[index]);
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
      return texts.sort(compareUtf8);
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
    rewritesText: 0,
    cutsText: 0,
    cutsAt: () => '/',
    run: ([value]) => {
      const path = text('basename', value, 'path');
      if (path instanceof Unresolved) return path;
      if (path === '') return '.';
      const trimmed = path.replace(/\/+$/, '');
      // A marker is a piece of its own: a reference's instance key may hold a slash (`aws_iam_role.r["a/b"].name`).
      return trimmed === '' ? '/' : splitKeepingMarkers('/', trimmed).at(-1)!;
    },
  },
  // Go's filepath.Dir: the path up to its last slash, cleaned (`cleanPath`).
  dirname: {
    arity: [1, 1],
    rewritesText: 0,
    cutsText: 0,
    cutsAt: () => '/',
    run: ([value]) => {
      const path = text('dirname', value, 'path');
      if (path instanceof Unresolved) return path;
      const pieces = splitKeepingMarkers('/', path);
      return cleanPath(pieces.length > 1 ? `${pieces.slice(0, -1).join('/')}/` : '');
    },
  },
  setunion: { arity: [1, Infinity], run: (args) => setCombination('setunion', args, (items) => items.flat()) },
  setintersection: {
    arity: [1, Infinity],
    run: (args) => setCombination('setintersection', args, ([first, ...others]) => keptWhere(first, (item) => allOf(others.map((other) => holds(other, item))))),
  },
  setsubtract: { arity: [2, 2], run: (args) => setCombination('setsubtract', args, ([first, second]) => keptWhere(first, (item) => negated(holds(second, item)))) },
  one: {
    passesValues: 'all',
    arity: [1, 1],
    run: ([value]) => {
      const items = list('one', value);
      if (items instanceof Unresolved) return items;
      if (items.length > 1) return fail('one', 'must be a list, set, or tuple value with either zero or one elements');
      return items.length === 0 ? null : items[0]!;
    },
  },
  // deputy keeps no sensitivity marks: a sensitive value is analyzed as any other, as Terraform applies it.
  sensitive: { arity: [1, 1], passesValues: 'all', run: ([value]) => value },
  nonsensitive: { arity: [1, 1], passesValues: 'all', run: ([value]) => value },
  trimprefix: { arity: [2, 2], cutsText: 0, cutsAt: ([, prefix]) => prefix, run: ([value, prefix], _, name) => trimAffix('trimprefix', value, prefix, 'start', name) },
  trimsuffix: { arity: [2, 2], cutsText: 0, cutsAt: ([, suffix]) => suffix, run: ([value, suffix], _, name) => trimAffix('trimsuffix', value, suffix, 'end', name) },
  trim: {
    arity: [2, 2],
    cutsText: 0,
    cutsAt: ([, cutset]) => cutset,
    run: ([value, cutset], _, name) => {
      const source = text('trim', value, 'string');
      const characters = knownText('trim', cutset, 'characters to trim');
      if (source instanceof Unresolved) return source;
      if (characters instanceof Unresolved) return characters;
      const cut = new Set(characters);
      const tokens = tokenize(source);
      const start = trimmedLength(source, tokens, cut, name);
      if (typeof start !== 'number' || start === source.length) return typeof start === 'number' ? '' : start;
      const end = trimmedLength(source, tokens.reverse(), cut, name, true);
      return typeof end === 'number' ? source.slice(start, source.length - end) : end;
    },
  },
  startswith: { arity: [2, 2], run: ([value, prefix]) => affixTest('startswith', value, prefix, 'start') },
  endswith: { arity: [2, 2], run: ([value, suffix]) => affixTest('endswith', value, suffix, 'end') },
  strcontains: {
    arity: [2, 2],
    run: ([value, wanted]) => {
      const source = text('strcontains', value, 'string');
      const part = knownText('strcontains', wanted, 'substring');
      if (source instanceof Unresolved) return source;
      if (part instanceof Unresolved) return part;
      // A part found in the written text is there whatever the markers stand for; one not found may span them.
      if (tokenize(source).some((token) => 'literal' in token && token.literal.includes(part))) return true;
      return hasMarker(source) ? unknownFromMarkers(source) : false;
    },
  },
  title: {
    arity: [1, 1],
    run: ([value]) => {
      const source = knownText('title', value, 'string');
      if (source instanceof Unresolved) return source;
      let previous = ' ';
      let titled = '';
      for (const rune of source) {
        titled += isWordSeparator(previous) ? titleCase(rune) : rune;
        previous = rune;
      }
      return titled;
    },
  },
  chomp: {
    arity: [1, 1],
    run: ([value]) => {
      const source = text('chomp', value, 'string');
      if (source instanceof Unresolved) return source;
      const chomped = source.replace(/(?:\r\n?|\n)*$/, '');
      // A marker at the end may stand for text that ends in newlines too.
      return chomped.endsWith(MARK_END) ? unknownFromMarkers(source) : chomped;
    },
  },
  substr: {
    arity: [3, 3],
    run: ([value, offset, length]) => {
      const source = knownText('substr', value, 'string');
      if (source instanceof Unresolved) return source;
      const from = wholeNumber('substr', offset, 'offset');
      if (from instanceof Unresolved) return from;
      const count = wholeNumber('substr', length, 'length');
      if (count instanceof Unresolved) return count;
      let characters: string[] = [];
      if (ONE_GRAPHEME_A_CHARACTER.test(source)) characters = source.split('');
      else {
        // Only the graphemes up to the end taken are needed when both are counted from the start.
        const needed = from >= 0 && count >= 0 ? from + count : Infinity;
        for (const grapheme of graphemes(source)) {
          if (characters.length >= needed) break;
          characters.push(grapheme);
        }
      }
      const start = from < 0 ? Math.max(0, characters.length + from) : from;
      // A negative length takes the rest of the string.
      return characters.slice(start, count < 0 ? undefined : start + count).join('');
    },
  },
  index: {
    arity: [2, 2],
    run: ([value, wanted]) => {
      const items = list('index', value);
      if (items instanceof Unresolved) return items;
      if (hasUnknownOrder(items)) return unknownPosition();
      for (const [position, item] of items.entries()) {
        const equal = equals(item, wanted);
        if (equal === true) return position;
        if (equal instanceof Unresolved) return equal;
      }
      return fail('index', 'item not found');
    },
  },
  regex: { arity: [2, 2], run: ([pattern, value]) => regexMatches('regex', pattern, value) },
  regexall: { arity: [2, 2], run: ([pattern, value]) => regexMatches('regexall', pattern, value) },
  max: {
    arity: [1, Infinity],
    run: (args) => {
      const values = numbers('max', args);
      return values instanceof Unresolved ? values : Math.max(...values);
    },
  },
  min: {
    arity: [1, Infinity],
    run: (args) => {
      const values = numbers('min', args);
      return values instanceof Unresolved ? values : Math.min(...values);
    },
  },
  abs: { arity: [1, 1], run: ([value]) => mapNumber('abs', value, Math.abs) },
  ceil: { arity: [1, 1], run: ([value]) => mapNumber('ceil', value, Math.ceil) },
  floor: { arity: [1, 1], run: ([value]) => mapNumber('floor', value, Math.floor) },
  templatestring: {
    arity: [2, 2],
    run: ([template, vars], context) => {
      if (context.inTemplateFile) return fail('templatestring', 'cannot be called from inside a template');
      const source = knownText('templatestring', template, 'template');
      if (source instanceof Unresolved) return source;
      const variables = map('templatestring', vars);
      return variables instanceof Unresolved ? variables : renderTemplate({ text: source }, variables, context);
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

/** Whether the items hold the value as `==` decides it: unknown when an item that is not known may be it. */
function holds(items: Value[], wanted: Value): boolean | Unresolved {
  let undecided: Unresolved | undefined;
  for (const item of items) {
    const equal = equals(item, wanted);
    if (equal === true) return true;
    if (equal instanceof Unresolved) undecided ??= equal;
  }
  return undecided ?? false;
}

function negated(answer: boolean | Unresolved): boolean | Unresolved {
  return answer instanceof Unresolved ? answer : !answer;
}

/** Whether every answer is yes: no when one is no, else unknown when one is not known. */
function allOf(answers: Array<boolean | Unresolved>): boolean | Unresolved {
  if (answers.includes(false)) return false;
  return answers.find((answer): answer is Unresolved => answer instanceof Unresolved) ?? true;
}

/** The items the test keeps; unknown when it cannot tell for one of them. */
function keptWhere(items: Value[], keeps: (item: Value) => boolean | Unresolved): Value[] | Unresolved {
  const kept: Value[] = [];
  for (const item of items) {
    const answer = keeps(item);
    if (answer instanceof Unresolved) return answer;
    if (answer) kept.push(item);
  }
  return kept;
}

/**
 * A set function over its arguments' elements (setunion, setintersection, setsubtract): Terraform gives every argument's
 * elements one type, so a number meeting a string is compared as the string it converts to.
 */
function setCombination(name: string, args: Value[], combine: (sets: Value[][]) => Value[] | Unresolved): Value {
  const sets: Value[][] = [];
  for (const arg of args) {
    const items = list(name, arg);
    if (items instanceof Unresolved) return items;
    sets.push(items);
  }
  const unified = unify(name, sets.flat());
  let offset = 0;
  const combined = combine(sets.map((items) => unified.slice(offset, (offset += items.length))));
  return combined instanceof Unresolved ? combined : setOf(name, combined);
}

/** A string argument whose whole text must be known: markers in it make the result unknown. */
function knownText(name: string, value: Value, what: string): string | Unresolved {
  const written = text(name, value, what);
  return written instanceof Unresolved || !hasMarker(written) ? written : unknownFromMarkers(written);
}

function wholeNumber(name: string, value: Value, what: string): number | Unresolved {
  const number = toNumber(value, `the ${what} of ${name}`);
  if (number instanceof Unresolved || Number.isInteger(number)) return number;
  return fail(name, `the ${what} must be a whole number, not ${formatNumber(number)}`);
}

/**
 * Whether a string starts (or ends) with the affix, read from its written end: a marker there, or a literal end shorter
 * than the affix that begins it, may stand for text that does or does not; not the reference to an IAM name (`name`)
 * of an affix made of characters no such name holds (`Implementation`): the name is never empty.
 */
function hasAffix(source: string, affix: string, side: 'start' | 'end', name?: string): boolean | Unresolved {
  const tokens = tokenize(source);
  const edge = side === 'start' ? tokens[0] : tokens[tokens.length - 1];
  if (affix === '') return true;
  if (edge === undefined) return false;
  if (!('literal' in edge)) return edge.text === name ? false : unknownFromMarkers(source);
  const literal = edge.literal;
  if (tokens.length === 1 || literal.length >= affix.length) return side === 'start' ? literal.startsWith(affix) : literal.endsWith(affix);
  const maybe = side === 'start' ? affix.startsWith(literal) : affix.endsWith(literal);
  return maybe ? unknownFromMarkers(source) : false;
}

/**
 * Whether the string has the affix (`hasAffix`). An affix written with the owner's symbols (`arn:${data.aws_partition.
 * current.partition}:iam::`) is there where the string writes it as it is, whatever their values; else not known.
 */
function affixTest(name: string, value: Value, affix: Value, side: 'start' | 'end', iamName?: string): boolean | Unresolved {
  const source = text(name, value, 'string');
  if (source instanceof Unresolved) return source;
  const part = text(name, affix, side === 'start' ? 'prefix' : 'suffix');
  if (part instanceof Unresolved) return part;
  if (!hasMarker(part)) return hasAffix(source, part, side, iamName);
  return isKnownAtPlan(part) && (side === 'start' ? source.startsWith(part) : source.endsWith(part)) ? true : unknownFromMarkers(part);
}

/**
 * How much of a text `trim` removes at its start (at its end: `fromEnd`, the tokens read from the last), rune by rune
 * while they are in the cutset. A marker reached there may stand for text that begins (or ends) with one: not known, but
 * the reference to an IAM name (`name`) of a cutset none of its characters holds (`Implementation`), where the trim
 * stops, the name never being empty.
 */
function trimmedLength(source: string, tokens: readonly Token[], cut: ReadonlySet<string>, name: string | undefined, fromEnd = false): number | Unresolved {
  let length = 0;
  for (const token of tokens) {
    if (!('literal' in token)) return token.text === name ? length : unknownFromMarkers(source);
    const runes = [...token.literal];
    if (fromEnd) runes.reverse();
    const kept = runes.findIndex((rune) => !cut.has(rune));
    if (kept < 0) length += token.literal.length;
    else return length + runes.slice(0, kept).join('').length;
  }
  return length;
}

/** trimprefix and trimsuffix: the affix removed once where the string has it. */
function trimAffix(name: string, value: Value, affix: Value, side: 'start' | 'end', iamName?: string): Value {
  const present = affixTest(name, value, affix, side, iamName);
  if (present instanceof Unresolved) return present;
  const source = value as string;
  const length = (affix as string).length;
  if (!present) return source;
  return side === 'start' ? source.slice(length) : source.slice(0, source.length - length);
}

/** Go's `strings.Title` word boundaries (Terraform's title): ASCII letters, digits and `_` join words, as do other letters and digits; other ASCII and spaces part them. */
function isWordSeparator(rune: string): boolean {
  if (rune.charCodeAt(0) <= 0x7f) return !/[0-9A-Za-z_]/.test(rune);
  return !/[\p{L}\p{Nd}]/u.test(rune) && /\p{White_Space}/u.test(rune);
}

/** The four Unicode digraphs have a title case of their own (ǆ to ǅ), unlike their upper case. */
const TITLE_DIGRAPHS: Readonly<Record<string, string>> = { Ǆ: 'ǅ', ǅ: 'ǅ', ǆ: 'ǅ', Ǉ: 'ǈ', ǈ: 'ǈ', ǉ: 'ǈ', Ǌ: 'ǋ', ǋ: 'ǋ', ǌ: 'ǋ', Ǳ: 'ǲ', ǲ: 'ǲ', ǳ: 'ǲ' };

/** Go maps one character to one: an upper case that JavaScript writes with several (ß to SS) leaves it as it is. */
function titleCase(rune: string): string {
  const upper = TITLE_DIGRAPHS[rune] ?? rune.toUpperCase();
  return [...upper].length === 1 ? upper : rune;
}

/** The capture groups of each translated pattern (translateRegex keeps one RegExp per pattern). */
const captureGroups = new WeakMap<RegExp, { names: string[]; groupCount: number }>();

function captureGroupsOf(regex: RegExp): { names: string[]; groupCount: number } {
  let groups = captureGroups.get(regex);
  if (!groups) {
    // From a match of the empty string by the pattern or nothing.
    const empty = new RegExp(`${regex.source}|`, regex.flags).exec('')!;
    captureGroups.set(regex, (groups = { names: Object.keys(empty.groups ?? {}), groupCount: empty.length - 1 }));
  }
  return groups;
}

/**
 * regex (the first match) and regexall (every match): the matched text without capture groups, else the groups, a list
 * of them or an object of named ones (a group that took no part is null).
 */
function regexMatches(name: 'regex' | 'regexall', pattern: Value, value: Value): Value {
  const source = knownText(name, pattern, 'pattern');
  if (source instanceof Unresolved) return source;
  const subject = knownText(name, value, 'string');
  if (subject instanceof Unresolved) return subject;
  const regex = translateRegex(source, name);
  if (regex instanceof Unresolved) return regex;
  const { names, groupCount } = captureGroupsOf(regex);
  if (names.length > 0 && names.length < groupCount) return fail(name, `the regular expression /${source}/ mixes named and unnamed capture groups`);
  const result = (match: RegExpExecArray): Value => {
    if (groupCount === 0) return match[0];
    if (names.length > 0) return Object.fromEntries(names.map((group) => [group, match.groups?.[group] ?? null]));
    return match.slice(1).map((group) => group ?? null);
  };
  const matches = goMatches(regex, subject, name);
  if (matches instanceof Unresolved) return matches;
  if (name === 'regexall') return matches.map(result);
  return matches[0] ? result(matches[0]) : fail(name, 'the pattern did not match any part of the given string');
}

function numbers(name: string, args: Value[]): number[] | Unresolved {
  const out: number[] = [];
  for (const arg of args) {
    const number = toNumber(arg, `an argument of ${name}`);
    if (number instanceof Unresolved) return number;
    out.push(number);
  }
  return out;
}

function mapNumber(name: string, value: Value, transform: (number: number) => number): Value {
  const number = toNumber(value, `the argument of ${name}`);
  return number instanceof Unresolved ? number : transform(number);
}

/**
 * The positions of the arguments a function gives the value of, or an element of, as it is (`passesValues`); `try`,
 * which the evaluator reads itself, gives its first argument that evaluates. Undefined for a function that computes
 * another value, or one not supported. The plan reader asks it of a `.tf` expression (`isValueItself`).
 */
export function passedArguments(name: string): 'all' | readonly number[] | undefined {
  return name === 'try' ? 'all' : Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name]!.passesValues : undefined;
}

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
  return trimEnds ? mapped.replace(GO_SPACE_ENDS, '') : mapped;
}

/**
 * The blanks `trimspace` cuts off a text's ends (Go's unicode.IsSpace): JavaScript's `\s` but U+0085, and not the
 * byte order mark, which file() keeps (Terraform 1.11: `trimspace` of "\uFEFFab\n" is 3 characters).
 */
const GO_SPACES = '\t\n\v\f\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';
const GO_SPACE_ENDS = new RegExp(`^[${GO_SPACES}]+|[${GO_SPACES}]+$`, 'g');

export const SUPPORTED_FUNCTIONS: readonly string[] = [...Object.keys(FUNCTIONS), 'try', 'can'].sort();

export function callFunction(name: string, args: Value[], context: EvaluationContext): Value {
  const spec = Object.prototype.hasOwnProperty.call(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  if (!spec) return unresolved('unsupported function', name);
  const [min, max] = spec.arity;
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    return fail(name, `takes ${expected} argument${expected === '1' ? '' : 's'}, not ${args.length}`);
  }
  // A local written as jsonencode({...}) is kept as its structure (for locations); a function reads the JSON text
  // Terraform holds there (`length`, `replace`, `jsonencode` again).
  if (args.some(isKeptEncoded)) args = args.map((arg) => (isKeptEncoded(arg) ? jsonEncode(arg) : arg));
  if (!spec.acceptsUnknown) {
    const unknown = args.find((arg): arg is Unresolved => arg instanceof Unresolved);
    if (unknown) return unknown;
  }
  const cut = spec.cutsText === undefined ? undefined : args[spec.cutsText];
  const arn = typeof cut === 'string' && loneReferencePayload(cut) !== undefined ? context.scope.arnText?.(cut) : undefined;
  if (arn !== undefined) args = args.with(spec.cutsText!, arn);
  const keepsName = arn !== undefined && cutsAroundName(spec, args);
  const rewritten = spec.rewritesText === undefined ? undefined : args[spec.rewritesText];
  if (typeof rewritten === 'string' && !isKnownAtPlan(rewritten) && !(rewritten === arn && keepsName)) return rewrittenUnknown(name, rewritten);
  const result = spec.run(args, context, keepsName ? nameIn(arn) : undefined);
  // An ARN left as it is (`trimsuffix(aws_iam_role.r.arn, "/")`) is the reference it was read for.
  if (arn !== undefined && result === arn) return cut!;
  // Lists that double through locals (`l1 = concat(local.l0, local.l0)`, ...) grow past what memory holds: a list
  // larger than one evaluation builds through `for` expressions is not known, nor what is built from it next.
  if (Array.isArray(result) && result.length > ELEMENT_BUDGET) {
    return unresolved('limit', `${name}: a list of ${result.length.toLocaleString('en-US')} elements, more than deputy builds (${ELEMENT_BUDGET.toLocaleString('en-US')})`);
  }
  // A list built from one whose positions are unknown (tolist, concat, distinct, compact, ...) keeps them unknown;
  // one that orders its result itself (toset, sort) does not.
  if (Array.isArray(result) && !ORDERING_FUNCTIONS.has(name) && args.some((arg) => Array.isArray(arg) && hasUnknownOrder(arg))) withUnknownOrder(result);
  return result;
}

/**
 * Whether the function cuts its text only at characters no IAM name holds (`cutsAt`): an ARN the scope writes around
 * the reference to its principal's name (`Scope.arnText`, its only piece not known) keeps the reference whole.
 */
function cutsAroundName(spec: FunctionSpec, args: Value[]): boolean {
  const cut = spec.cutsAt?.(args);
  return typeof cut === 'string' && keepsIamNameWhole(cut);
}

/** The reference to its principal's name an ARN the scope writes ends with (`iamArnText`), where the name is not known. */
function nameIn(arn: string): string | undefined {
  const last = tokenize(arn).at(-1);
  return last && !('literal' in last) ? last.text : undefined;
}

/** Functions whose result's order is their own, not their argument's. */
const ORDERING_FUNCTIONS = new Set(['toset', 'sort', 'keys', 'values', 'setunion', 'setintersection', 'setsubtract', 'setproduct']);

function holdsUnknownOrder(value: Value): boolean {
  return Array.isArray(value) && (hasUnknownOrder(value) || value.some(holdsUnknownOrder));
}
