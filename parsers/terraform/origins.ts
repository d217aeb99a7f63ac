/**
 * Where evaluated values were written. Every object the parser builds from a block body (a resource, a nested
 * block, a `dynamic` block's instance, a policy document and its statements, the argument of `jsonencode`) is
 * registered here with a locator for paths below it, and so is a local's value, a variable's default, an argument of a
 * `module` block and an output's value (in HCL or in a `.tf.json` file); a list or object written inside one is
 * registered once it is read apart from it (`local.statements.a`, `var.teams.research`, `each.value`). Locating a
 * path into a resource walks its value and asks the deepest registered object on the way: a finding on a trust policy
 * built by `data.aws_iam_policy_document` lands on the data source's `condition` block, wherever the document travelled
 * through locals and modules.
 */
import type { Path, SourceLocation, StringOrigin } from '../../src/model/index.js';
import { writtenPosition, writtenRange, isObject, locationKey, pathKey, stepInto as valueStep, Unresolved, type Value, type ValueObject } from '../../src/model/index.js';
import { setOwn } from '../../src/model/objects.js';
import { hasUnknownOrder, joinedLengths, parseExpression, parseTemplate } from './expression/index.js';
import type { CallNode, Expr, ForNode, ObjectItem, ObjectNode, TemplateNode } from './expression/ast.js';
import { JsonCursor, OPEN_BRACE, OPEN_BRACKET, QUOTE, linePositions, pathRange, stringEnd, stringValue, textLocator, writtenOffset } from '../json-text.js';
import type { ModuleSource } from './config.js';
import { HclSource, heredocTemplateOrigin, writesBlockType, type SourceAttribute, type SourceBlock } from './source.js';
import { JsonSource, type WrittenSpan } from './json-source.js';
import { keepsPositions, typeConstraintOf } from './types.js';

export interface Origin {
  /**
   * Never undefined: falls back to the object's own location. `value`, when given, is the value this origin is of, as
   * evaluated: how many elements each argument of a `concat` gave it tells where an element a `for` made is written.
   */
  locate(path: Path, value?: Value): SourceLocation;
  /** Where the text of the string at `path` below this value starts, when it is written where its lines can be mapped. */
  stringOrigin?(path: Path): StringOrigin | undefined;
  /** The origin of the value at `step` below this one, when it is written here as a list or object of its own. */
  part?(step: string | number): Origin | undefined;
  /**
   * The origin of the value that the string at `step` below this one is the JSON text of, when it is written here as
   * `jsonencode({...})`: the paths inside the text are located below it.
   */
  encodedPart?(step: string | number): Origin | undefined;
  /**
   * Where the value at `path` below this one is written, when the expression there reads it from elsewhere (a local
   * value, a module input, `each.value` of a module call): where it is written, through any such reads in turn
   * (`valueWrittenIn`); with `part`, of a string built around reads, where the read that gives that part writes it.
   */
  valueWrittenAt?(path: Path, part?: string): SourceLocation | undefined;
  /** The input variable the value at `path` below this one is read from whole, in the module that writes it (`variableReadIn`). */
  variableReadAt?(path: Path): string | undefined;
  /**
   * The `content` block of the `dynamic` block that writes the nested block at `path` below this one, when one does and
   * no record of it is kept on the block itself (a plan's blocks, matched to what the file writes).
   */
  dynamicAt?(path: Path): object | undefined;
  /** Whether the value is written out as a list or object of its entries (not built by a `for` expression, a call). */
  writesEntries?(): boolean;
  /** Set where the value is a list or object written in Terraform's JSON syntax (not a string template). */
  jsonSyntax?: true;
  /** Whether the string at `path` below this value is written as an HCL quoted string (not a heredoc, a reference, a call). */
  quotedAt?(path: Path): boolean;
}

/**
 * Where the text of a string is written: its characters (a heredoc, a file read with `file()`), or the list or object it
 * is the `jsonencode()` of. A string has no identity an origin could be registered on, so this is kept by where the
 * string is read: an attribute of a block, or the key a local or a module's argument or output is evaluated under.
 */
export type WrittenText = { characters: StringOrigin } | { encoded: Origin };

const origins = new WeakMap<object, Origin>();
/** Values every parse shares (`sharedValue`): none is registered, lest one file's origin locate it in all the others. */
const shared = new WeakSet<object>();

/**
 * Marks a value made once for every parse (one `Unresolved` for every mark a plan makes) as no one's: a path that leads
 * to it is located by the value that holds it, in the file being read.
 */
export function sharedValue<T extends object>(value: T): T {
  shared.add(value);
  return value;
}

/** The first registration wins: a value passed on (a document through a local, a module input) keeps where it was written. */
export function registerOrigin(value: Value, origin: Origin): void {
  if (value !== null && typeof value === 'object' && !origins.has(value) && !shared.has(value)) origins.set(value, origin);
}

/**
 * Registers `child`, the value at `step` of `parent`, where the origin of `parent` writes it as a list or object of its
 * own: read apart from its parent (`local.statements.a`, `each.value` over a local), a statement in a local is still
 * located where it is written. Done as values are read rather than for every value a local holds.
 */
export function registerPart(parent: Value, step: string | number, child: Value): void {
  if (child === null || typeof child !== 'object' || origins.has(child) || shared.has(child)) return;
  const part = originOf(parent)?.part?.(step);
  if (part) origins.set(child, part);
}

/** Where the object itself was written, when it is registered. */
export function originOf(value: Value): Origin | undefined {
  return value !== null && typeof value === 'object' ? origins.get(value) : undefined;
}

/**
 * The origin of an object merged from the objects of several blocks (a block and the override blocks merged into it):
 * each key is located where the block `writing` names was written, anything else where the first was.
 */
export function mergedOrigin(parts: ReadonlyArray<Origin | undefined>, writing: (name: string) => number, fallback: Origin): Origin {
  const owner = (name: unknown): Origin => (typeof name === 'string' ? parts[writing(name)] : parts[0]) ?? fallback;
  return {
    locate: (path, value) => owner(path[0]).locate(path, value),
    stringOrigin: (path) => owner(path[0]).stringOrigin?.(path),
  };
}

/** The deepest registered object on `path` below `root` (`value`), and the rest of the path from it. */
function deepestOrigin(root: Value, path: Path): { origin: Origin; rest: Path; value: Value } | undefined {
  let found: { origin: Origin; rest: Path; value: Value } | undefined;
  let node: Value | undefined = root;
  for (let index = 0; ; index++) {
    if (node !== null && typeof node === 'object') {
      const origin = origins.get(node);
      if (origin) found = { origin, rest: path.slice(index), value: node };
    }
    if (index >= path.length || node === undefined) break;
    const step = path[index]!;
    node = Array.isArray(node) && typeof step === 'number' ? node[step] : isObject(node) && typeof step === 'string' ? node[step] : undefined;
  }
  return found;
}

/**
 * Whether the value at `path` below `root` is a list or object written in Terraform's JSON syntax: where it is
 * registered, or below a registered one as its parts (a statement of a `.tf.json` local's list, read through `concat`).
 */
export function writtenAsJsonValue(root: Value, path: Path): boolean {
  const found = deepestOrigin(root, path);
  let origin = found?.origin;
  for (const step of found?.rest ?? []) origin = origin?.part?.(step);
  return origin?.jsonSyntax === true;
}

/** Whether the string at `path` below `root` is written as an HCL quoted string, where its quotes are escaped. */
export function writtenAsQuotedString(root: Value, path: Path): boolean {
  const found = deepestOrigin(root, path);
  return found !== undefined && found.origin.quotedAt?.(found.rest) === true;
}

/** Where the deepest registered object on `path` below `root` locates the rest of the path; undefined when none is. */
export function originLocation(root: Value, path: Path): SourceLocation | undefined {
  const found = deepestOrigin(root, path);
  return found?.origin.locate(found.rest, found.value);
}

export function locateValue(root: Value, path: Path, fallback: SourceLocation): SourceLocation {
  const found = deepestOrigin(root, path);
  return found ? found.origin.locate(found.rest, found.value) : fallback;
}

/** `Origin.valueWrittenAt` of the deepest registered object on `path` below `root`. */
export function valueWrittenAt(root: Value, path: Path, part?: string): SourceLocation | undefined {
  const found = deepestOrigin(root, path);
  return found?.origin.valueWrittenAt?.(found.rest, part);
}

/** `Origin.variableReadAt` of the deepest registered object on `path` below `root`. */
export function variableReadAt(root: Value, path: Path): string | undefined {
  const found = deepestOrigin(root, path);
  return found?.origin.variableReadAt?.(found.rest);
}

/** `Locator.fileReadAt` of the string at `path` below `root`. */
export function fileReadAt(root: Value, path: Path): string | undefined {
  const origin = stringOriginOf(root, path);
  return origin?.readWith === 'file' ? origin.file : undefined;
}

export function stringOriginOf(root: Value, path: Path): StringOrigin | undefined {
  const found = deepestOrigin(root, path);
  return found && found.rest.length > 0 ? found.origin.stringOrigin?.(found.rest) : undefined;
}

/**
 * The origin of an object built from a block body: its attributes and, below them, their expressions. `texts`: where
 * the text of a string an attribute reads is written, by the path of the attribute or of its entry (`pathKey`);
 * `readFrom`: where the string an attribute reads from an iterator's element is written, by the attribute's name.
 */
export function bodyOrigin(source: ModuleSource, block: SourceBlock, texts: ReadonlyMap<string, WrittenText> = new Map(), reads?: WrittenReads, readFrom?: ReadonlyMap<string, () => SourceLocation>): Origin {
  const readLocal = reads?.local;
  return {
    locate(path, value) {
      // A string an attribute reads whole from the element an iterator gives (`variable = cond.value.variable`) is
      // where that element writes it, as a list or object read so is.
      const read = path.length === 1 && typeof path[0] === 'string' ? readFrom?.get(path[0]) : undefined;
      if (read) return read();
      // A path inside the text of a string that jsonencode() wrote elsewhere (a local's entry) is located there; the
      // string as a whole is where the block reads it.
      for (let length = path.length - 1; texts.size > 0 && length > 0; length--) {
        const text = texts.get(pathKey(path.slice(0, length)));
        if (text && 'encoded' in text) return text.encoded.locate(path.slice(length));
      }
      const [first, ...rest] = path;
      if (typeof first === 'string') {
        // An attribute written twice (which Terraform refuses) holds the last value, as deputy reads it.
        const attribute = block.attributes.findLast((candidate) => candidate.name === first);
        if (attribute) return locateInAttribute(source, attribute, rest, undefined, readLocal, isObject(value) && Object.hasOwn(value, first) ? value[first] : undefined);
        const nested = block.blocks.find((candidate) => writesBlockType(candidate, first));
        if (nested) return source.blockLocation(nested);
      }
      return source.blockLocation(block);
    },
    valueWrittenAt([name, ...rest], part) {
      const attribute = typeof name === 'string' ? block.attributes.findLast((candidate) => candidate.name === name) : undefined;
      return attribute && reads && valueWrittenIn(source, attribute, rest, reads, part);
    },
    variableReadAt([name, ...rest]) {
      const attribute = typeof name === 'string' ? block.attributes.findLast((candidate) => candidate.name === name) : undefined;
      return attribute && reads && variableReadIn(source, attribute, rest, reads);
    },
    stringOrigin(path) {
      const recorded = texts.get(pathKey(path));
      if (recorded) return 'characters' in recorded ? recorded.characters : undefined;
      const [name, ...rest] = path;
      const attribute = block.attributes.findLast((candidate) => candidate.name === name);
      return attribute && writtenTextOrigin(source, attribute, rest, reads);
    },
    quotedAt([name, ...rest]) {
      const attribute = block.attributes.findLast((candidate) => candidate.name === name);
      let expr = attribute ? writtenExpression(source, attribute) : undefined;
      for (const step of rest) expr = expr && stepInto(expr, step)?.expr;
      if (!attribute || !expr) return false;
      // The string a local or a module input the attribute reads whole holds, where a finding in it points.
      let place: WrittenPlace = { source, attribute, expr };
      let current = reads;
      for (let left = MOST_WHOLE_READS; current && left > 0; left--) {
        const read = readAt(place.expr, current);
        if (!read || read.steps.length > 0) break;
        place = read.place;
        current = read.reads ?? current;
      }
      return writtenAsQuoted({ source: place.source, attribute: place.attribute }, place.expr);
    },
  };
}

/**
 * Whether an expression written in an attribute is a quoted string (a string of the JSON syntax, in a `.tf.json` or
 * `.tfvars.json` file), or reads one whole from a local (`local.trust`), where a snippet pasted into its text escapes
 * its quotes.
 */
export function writtenAsQuoted(at: { source: ModuleSource; attribute: SourceAttribute }, expr: Expr, readLocal?: LocalReader): boolean {
  const { place, written } = throughLocalsReadWhole(at, expr, readLocal);
  const node = unwrap(written, false);
  return (node.kind === 'template' || node.kind === 'literal') && place.source.text[place.attribute.start + node.start] === '"';
}

/**
 * The expression written in an attribute, or where it reads a local value whole (`local.trust`), the local's, through
 * locals read whole in turn (without `readLocal`, the attribute's); with where it is written.
 */
export function throughLocalsReadWhole<Place extends { source: ModuleSource; attribute: SourceAttribute }>(at: Place, expr: Expr, readLocal: LocalReader | undefined): { place: Place | { source: ModuleSource; attribute: SourceAttribute }; written: Expr } {
  let place: Place | { source: ModuleSource; attribute: SourceAttribute } = at;
  let written = expr;
  for (let followed = 0; readLocal && followed < MOST_LOCALS_FOLLOWED; followed++) {
    const local = valueRead(written, readLocal);
    if (!local) break;
    place = local.writtenIn;
    written = local.expr;
  }
  return { place, written };
}

/**
 * Where the text of a heredoc or quoted string (a string of a `.tf.json` file) written at `path` below the attribute's
 * expression (an entry of a list) starts; with `reads`, what an interpolation of a local or a root variable written
 * there writes is located where the local or the variable's text writes it (`withEncodingInterpolations`).
 */
export function writtenTextOrigin(source: ModuleSource, attribute: SourceAttribute, path: Path = [], reads?: TextReads): StringOrigin | undefined {
  return source instanceof HclSource ? heredocAt(source, attribute, path, reads) : jsonStringAt(source, attribute, { start: attribute.start }, path, reads);
}

/** What a template's interpolations read whole, where a path inside what one wrote is located (`withEncodingInterpolations`). */
export type TextReads = Pick<WrittenReads, 'local'> & Partial<Pick<WrittenReads, 'variable'>>;

function heredocAt(source: HclSource, attribute: SourceAttribute, path: Path, reads?: TextReads): StringOrigin | undefined {
  let expr = attributeExpression(source, attribute);
  for (const step of path) expr = expr && (stepInto(expr, step)?.expr ?? null);
  if (!expr) return undefined;
  const origin = heredocTemplateOrigin(source, path.length > 0 ? { start: attribute.start + expr.start, end: attribute.start + expr.end } : attribute);
  const written = expr;
  return origin && withEncodingInterpolations({ source, attribute }, () => templateOf(written), origin, reads);
}

/** The template an expression is, out of parentheses. */
function templateOf(expr: Expr): TemplateNode | undefined {
  let node = expr;
  while (node.kind === 'parentheses') node = node.expr;
  return node.kind === 'template' ? node : undefined;
}

/**
 * The origin of a template (a heredoc, a quoted string, a `.tf.json` string) written in `at.attribute` as `template`
 * (its offsets relative to the attribute's start) whose renderings also locate a path inside what one interpolation
 * wrote, where it writes the value out (`${jsonencode({...})}`, or with `reads` a local that does, read whole:
 * `${local.statement}`): below that value, as a `jsonencode()` attribute's value is located; and where it reads a
 * variable whole whose text as written is what it wrote (`${var.statement}`): in that text.
 */
function withEncodingInterpolations(at: { source: ModuleSource; attribute: SourceAttribute }, template: () => TemplateNode | undefined, origin: StringOrigin, reads?: TextReads): StringOrigin {
  const { fit } = origin;
  if (!fit) return origin;
  return {
    ...origin,
    fit(rendered) {
      const fitted = fit(rendered);
      if (!fitted?.interpolationAt) return fitted;
      let renderedLines: string[] | undefined;
      const lineOf = (line: number): string | undefined => (renderedLines ??= rendered.split('\n'))[line - 1];
      return {
        ...fitted,
        writtenInInterpolation: (path, start, end) => encodedInterpolationLocation(at, template, fitted, lineOf(start.line), path, start, end, reads?.local),
        ...(reads?.variable ? { writtenInVariable: (path: Path, start: TextPosition, end: TextPosition) => variableTextLocation(fitted, lineOf(start.line), path, start, end, reads.variable!) } : {}),
      };
    },
  };
}

type TextPosition = { line: number; column: number };

/**
 * The steps at the end of a path of a template's rendering that lead, in what the interpolation `interpolation` wrote
 * on `line`, to the range `start` to `end`; undefined where none do, or where the value they are below is less than a
 * statement or its `Condition` (`holdsStatements`).
 */
function pathInInterpolation(line: string, interpolation: { column: number; end: number }, path: Path, start: TextPosition, end: TextPosition): Path | undefined {
  const encoded = line.slice(interpolation.column - 1, interpolation.end - 1);
  const cursor = new JsonCursor(encoded);
  for (let below = 0; below <= path.length; below++) {
    const rest = path.slice(path.length - below);
    const range = pathRange(cursor, [0, encoded.length], rest);
    if (range.reached === below && range.start === start.column - interpolation.column && range.end === end.column - interpolation.column) {
      return holdsStatements(path.slice(0, path.length - below)) ? rest : undefined;
    }
  }
  return undefined;
}

/**
 * `StringOrigin.writtenInVariable` of a rendering of a template (`fitted`, whose line `line` holds the path's range from
 * `start` to `end`): the interpolation that wrote the range reads a root variable whole, whose value is written as the
 * text it rendered, a constant (its default, or a variable file's value, where that is what is used): located in that
 * text. A module's variable is what its caller writes, where the fix of a root variable's text would not do.
 */
function variableTextLocation(fitted: StringOrigin, line: string | undefined, path: Path, start: TextPosition, end: TextPosition, variable: WrittenReads['variable']): SourceLocation | undefined {
  const interpolation = fitted.interpolationAt?.(start.line, start.column);
  if (!interpolation || line === undefined || end.line !== start.line || end.column > interpolation.end) return undefined;
  const name = fitted.variableReadAt?.(start.line, interpolation.column, interpolation.end);
  const written = name === undefined ? undefined : variable(name);
  if (!written || written.reads !== READS_NOTHING) return undefined;
  const expr = writtenExpression(written.source, written.attribute);
  const text = line.slice(interpolation.column - 1, interpolation.end - 1);
  if (!expr || literalOf(expr) !== text) return undefined;
  const rest = pathInInterpolation(line, interpolation, path, start, end);
  const origin = rest && writtenTextOrigin(written.source, written.attribute);
  const fittedText = origin?.fit ? origin.fit(text) : origin;
  if (!fittedText) return undefined;
  // The statement itself is the whole text.
  return rest!.length > 0 ? textLocator(text, fittedText, () => written.source.file)?.(rest!) : writtenRange([0, text.length], linePositions(text), fittedText, written.source.file);
}

/**
 * Whether the value at a path of a policy's text is the policy, its statements, one statement or a statement's
 * `Condition`: a fix of a statement (of its conditions) written inside it is written as that value's object. Another part
 * of a statement an interpolation writes (`"Principal": ${local.principal}`) is located at the interpolation, in the
 * statement a fix written in the policy's text edits.
 */
function holdsStatements(path: Path): boolean {
  if (path.length === 0) return true;
  if (path[0] !== 'Statement') return false;
  const inStatement = typeof path[1] === 'number' ? path.slice(2) : path.slice(1);
  return inStatement.length === 0 || (inStatement.length === 1 && inStatement[0] === 'Condition');
}

/**
 * `StringOrigin.writtenInInterpolation` of a rendering of a template (`fitted`, whose line `line` holds the path's range
 * from `start` to `end`) written in `at.attribute` as `template`: the interpolation that wrote the range must be
 * `jsonencode` of a list or object written out (there or in a local it reads whole), and the steps of the path below its
 * value those that lead to the range in what it wrote.
 */
function encodedInterpolationLocation(at: { source: ModuleSource; attribute: SourceAttribute }, template: () => TemplateNode | undefined, fitted: StringOrigin, line: string | undefined, path: Path, start: { line: number; column: number }, end: { line: number; column: number }, readLocal?: LocalReader): SourceLocation | undefined {
  const interpolation = fitted.interpolationAt?.(start.line, start.column);
  if (!interpolation || line === undefined || end.line !== start.line || end.column > interpolation.end) return undefined;
  const written = writtenPosition(fitted, start.line, interpolation.column, false);
  if (!written || (fitted.file !== undefined && fitted.file !== at.source.file)) return undefined;
  // The interpolation of the template written where it starts (its `${`).
  const offset = at.source.lineStart(written.line) + written.column - 1 - at.attribute.start;
  const part = template()?.parts.find((candidate) => candidate.kind === 'interpolation' && candidate.start === offset);
  if (part?.kind !== 'interpolation') return undefined;
  const { place, written: call } = throughLocalsReadWhole(at, part.expr, readLocal);
  const encoding = unwrap(call, false);
  const value = encoding.kind === 'call' && encoding.name === 'jsonencode' && encoding.args.length === 1 ? encoding.args[0]! : undefined;
  if (!value || !writesListOrObject(value)) return undefined;
  const rest = pathInInterpolation(line, interpolation, path, start, end);
  return rest && locateBelow(place.source, place.attribute, { expr: value, range: [value.start, value.end] }, rest);
}

/**
 * Where the entry at `path` of the lists and objects an attribute writes out is, in HCL or the JSON syntax: the offsets
 * of its text in the file (with an object entry's key). Undefined where the path leads elsewhere (into an object with
 * a computed key after the one named, or into what a reference or a call gives).
 */
export function writtenEntry(source: ModuleSource, attribute: SourceAttribute, path: Path): { start: number; end: number } | undefined {
  if (source instanceof JsonSource) {
    let span: { start: number; from?: number; end?: number } | undefined = { start: attribute.start };
    for (const step of path) span = span && jsonStep(source, span.start, step);
    return span && { start: span.from ?? attribute.start, end: span.end ?? attribute.end };
  }
  let expr = attributeExpression(source, attribute);
  let range: [number, number] = [0, attribute.end - attribute.start];
  for (const step of path) {
    const node = expr && unwrap(expr, false);
    const item = node?.kind === 'object' ? node.items.findLast((candidate) => hcl2jsonKey(source.text.slice(attribute.start + candidate.keyStart, attribute.start + candidate.keyEnd), candidate) === step) : undefined;
    expr = item ? item.value : node?.kind === 'tuple' && typeof step === 'number' ? (node.items[step] ?? null) : null;
    if (!expr) return undefined;
    range = item ? [item.keyStart, item.valueEnd] : [expr.start, expr.end];
  }
  return { start: attribute.start + range[0], end: attribute.start + range[1] };
}

/**
 * The key hcl2json gives an object's entry, from the key as written: the text of one written as the text it is, the
 * template of a quoted one (`"a${var.k}"`: `a${var.k}`), a computed one as an interpolation (`(var.k)`: `${(var.k)}`).
 */
function hcl2jsonKey(written: string, item: ObjectItem): string {
  if (literalKey(item)) return item.keyText;
  if (written.startsWith('(')) return `\${${written}}`;
  return written.startsWith('"') ? written.slice(1, -1) : written;
}

/** Whether an object's key is written as the text it is, not computed (`(var.k)`, `"${var.k}"`). */
function literalKey({ key }: ObjectItem): boolean {
  return (key.kind === 'literal' && typeof key.value === 'string') || (key.kind === 'template' && key.parts.every((part) => part.kind === 'text'));
}

const parsedAttributes = new WeakMap<SourceAttribute, Expr | null>();

/** An expression written in an attribute, with the range that locates it (relative to the attribute's start; none for the attribute's own). */
interface Written {
  expr: Expr;
  range?: [number, number];
}

/**
 * The origin of the value an attribute's expression writes (a local's, a variable's default): paths below it, and the
 * lists and objects written in it, in HCL or in the JSON syntax.
 */
export function attributeOrigin(source: ModuleSource, attribute: SourceAttribute, reads?: WrittenReads): Origin {
  if (source instanceof JsonSource) {
    const origin = jsonOrigin(source, attribute, { start: attribute.start }, reads);
    return reads ? { ...origin, valueWrittenAt: (path: Path, part?: string) => valueWrittenIn(source, attribute, path, reads, part), variableReadAt: (path: Path) => variableReadIn(source, attribute, path, reads) } : origin;
  }
  return {
    locate: (path, value) => locateInAttribute(source, attribute, path, undefined, reads?.local, value),
    ...(reads ? { valueWrittenAt: (path: Path, part?: string) => valueWrittenIn(source, attribute, path, reads, part), variableReadAt: (path: Path) => variableReadIn(source, attribute, path, reads) } : {}),
    stringOrigin: (path) => heredocAt(source, attribute, path, reads),
    part(step) {
      const expr = attributeExpression(source, attribute);
      return expr ? partOrigin(source, attribute, expr, step) : undefined;
    },
    writesEntries() {
      const expr = attributeExpression(source, attribute);
      return expr !== null && writesListOrObject(expr);
    },
    encodedPart(step) {
      const expr = attributeExpression(source, attribute);
      return expr ? encodedPartOrigin(source, attribute, expr, step) : undefined;
    },
  };
}

/**
 * The origin of the value at `step` below `parent` when it is written there as a list or object: that value is then
 * the one evaluating the written expression made. A reference, a call (`jsonencode` included: its value is text) or a
 * `for` expression gives a value made elsewhere, or one not written in any one place; and in an object with a computed
 * key (`(var.team) = [...]`), that key may be the one that holds the value.
 */
function partOrigin(source: HclSource, attribute: SourceAttribute, parent: Expr, step: string | number): Origin | undefined {
  const written = stepInto(parent, step);
  if (!written || written.computedKeys || !writesListOrObject(written.expr)) return undefined;
  return {
    locate: (path, value) => locateBelow(source, attribute, written, path, undefined, undefined, value),
    part: (next) => partOrigin(source, attribute, written.expr, next),
    encodedPart: (next) => encodedPartOrigin(source, attribute, written.expr, next),
    writesEntries: () => writesListOrObject(written.expr),
  };
}

/**
 * The origin of the list or object whose JSON text is the value at `step` below `parent`, when it is written there as
 * `jsonencode({...})` or `jsonencode([...])`: the text is then that value's rendering, and a path inside it is the
 * same path below the written value.
 */
function encodedPartOrigin(source: HclSource, attribute: SourceAttribute, parent: Expr, step: string | number): Origin | undefined {
  const written = stepInto(parent, step);
  if (!written || written.computedKeys) return undefined;
  const node = unwrap(written.expr, false);
  if (node.kind !== 'call' || node.name !== 'jsonencode' || node.args.length !== 1 || !writesListOrObject(node.args[0]!)) return undefined;
  return { locate: (path) => locateBelow(source, attribute, written, path) };
}

/**
 * The origin of a JSON value written at `at.start` in an attribute (located by `at.from` to `at.end`; the attribute's
 * own value by the attribute), as `partOrigin` has it in HCL: the JSON syntax writes a list or an object as one, a
 * string is a template (`"${concat(...)}"`, `"${local.other}"`) whose value is made elsewhere or not in one place, and
 * an object with a computed key (`"${var.team}"`) may hold the value under that key instead.
 */
function jsonOrigin(source: JsonSource, attribute: SourceAttribute, at: Pick<WrittenSpan, 'start'> & Partial<WrittenSpan>, reads?: TextReads): Origin {
  return {
    ...(source.writtenAt(at.start).kind === 'other' ? {} : { jsonSyntax: true as const }),
    locate(path) {
      let span = at;
      let steps = 0;
      for (const step of path) {
        const next = jsonStep(source, span.start, step);
        if (!next) break;
        span = next;
        steps++;
      }
      return (steps < path.length ? locateInJsonTemplate(source, attribute, span.start, path.slice(steps)) : undefined) ?? (span.from === undefined || span.end === undefined ? source.attributeLocation(attribute) : source.location(span.from, span.end));
    },
    writesEntries: () => source.writtenAt(at.start).kind !== 'other',
    stringOrigin: (path) => jsonStringAt(source, attribute, at, path, reads),
    part(step) {
      const written = source.writtenAt(at.start);
      if (written.kind === 'object' && written.computedKeys) return undefined;
      const next = jsonStep(source, at.start, step);
      return next && source.writtenAt(next.start).kind !== 'other' ? jsonOrigin(source, attribute, next, reads) : undefined;
    },
  };
}

/**
 * Where a path below the JSON string written at `start` (in `attribute`) is written in the expression of its template,
 * as far as it leads there (`"${jsonencode({...})}"`, as HCL's `jsonencode({...})`); undefined where it leads nowhere.
 */
function locateInJsonTemplate(source: JsonSource, attribute: SourceAttribute, start: number, path: Path): SourceLocation | undefined {
  if (source.text.charCodeAt(start) !== QUOTE) return undefined;
  const cursor = new JsonCursor(source.text);
  cursor.position = start;
  let expr: Expr;
  try {
    expr = positionedJsonExpression(cursor, attribute.start, 0, source.writesLiterally(attribute.start));
  } catch {
    return undefined;
  }
  const reached = followWritten({ source, attribute, expr }, path);
  return reached.steps > 0 ? writtenLocation(reached) : undefined;
}

/**
 * Where the text of the JSON string at `path` below the value written at `at.start` in `attribute` starts
 * (`JsonSource.stringOriginAt`); what its interpolations write out is located in their expressions, as an HCL
 * template's is (`withEncodingInterpolations`).
 */
function jsonStringAt(source: JsonSource, attribute: SourceAttribute, at: Pick<WrittenSpan, 'start'>, path: Path, reads?: TextReads): StringOrigin | undefined {
  let span: Pick<WrittenSpan, 'start'> | undefined = at;
  for (const step of path) span = span && jsonStep(source, span.start, step);
  const origin = span && source.stringOriginAt(span.start);
  if (!origin || source.writesLiterally(span!.start)) return origin;
  const start = span!.start;
  const template = (): TemplateNode | undefined => {
    try {
      return positionedTemplate(source.text, start, stringEnd(source.text, start), attribute.start);
    } catch {
      return undefined;
    }
  };
  return withEncodingInterpolations({ source, attribute }, template, origin, reads);
}

/** Where the member `step` of the JSON object, or the item `step` of the JSON list, written at `start` is. */
function jsonStep(source: JsonSource, start: number, step: string | number): WrittenSpan | undefined {
  const written = source.writtenAt(start);
  if (written.kind === 'object' && typeof step === 'string') return written.members.get(step);
  if (written.kind === 'list' && typeof step === 'number') return written.items[step];
  return undefined;
}

function writesListOrObject(expr: Expr): boolean {
  const { kind } = unwrap(expr, false);
  return kind === 'object' || kind === 'tuple';
}

interface ObjectKeys {
  /** The item of each key as written; of a key written twice, the last, whose value Terraform keeps. */
  items: Map<string, ObjectItem>;
  /**
   * The position of the last item whose key is written other than as the text it is (`(var.k)`, which only evaluating
   * it tells), -1 for none: it may write a key written before it again, and keep its value.
   */
  lastComputed: number;
}

/** Indexed once per object: reading every entry of a map local of thousands would otherwise search it each time. */
const objectKeys = new WeakMap<ObjectNode, ObjectKeys>();

function keysOf(node: ObjectNode): ObjectKeys {
  let keys = objectKeys.get(node);
  if (!keys) {
    const lastComputed = node.items.findLastIndex((item) => !literalKey(item));
    keys = { items: new Map(node.items.map((item) => [item.keyText, item])), lastComputed };
    objectKeys.set(node, keys);
  }
  return keys;
}

/** Where the module that writes an expression writes a local value (HCL or the JSON syntax). */
export type LocalReader = (name: string) => { source: ModuleSource; attribute: SourceAttribute } | undefined;

/** What the module instance that evaluates an expression reads whole, where it is written. */
export interface WrittenReads {
  local: LocalReader;
  /**
   * Where an input variable's value is written: the argument of the call of this module instance, else the variable's
   * default (none for a root variable a variable file or `--var` sets), with the reads of the module that writes it,
   * and the variable's `type` argument, whose `optional(..., default)` attributes fill in what the value leaves out.
   * `givenByPlan`: a root variable's value written only in a plan's own entry (set with `-var`, or by a variable file
   * the folder does not hold).
   */
  variable(name: string): { source: ModuleSource; attribute: SourceAttribute; reads: WrittenReads; type?: { source: ModuleSource; attribute: SourceAttribute }; givenByPlan?: true } | undefined;
  /**
   * Where `each.value` is written, for an expression written in a `module` block with `for_each` (an argument of one
   * instance of the call): the call's `for_each` and the instance's key, whose entry `each.value` is.
   */
  each?(): { source: ModuleSource; attribute: SourceAttribute; key: string } | undefined;
  /**
   * The key of the instance an expression is evaluated for, where it is one of a block with `count` (`count.index`) or
   * `for_each` (`each.key`): a read indexed by it (`var.names[count.index]`, `local.by_name[each.key]`) reads there.
   */
  instanceKey?(root: 'count' | 'each'): string | number | undefined;
  /**
   * Where the element a name bound inside an expression stands for is written: a dynamic block's iterator
   * (`statement.value`: the entry `key` of the dynamic block's `for_each`), or a `for` expression's variable (`url` in
   * `[for url in var.urls : replace(url, "https://", "")]`: the element `key` of its collection), with the reads of
   * the expression that writes the collection.
   */
  bound?(root: string): BoundElement | undefined;
  /**
   * Where the output of a module call without `count` or `for_each` (`module.policies.partner_trust`) writes its value:
   * the output's `value` argument in the module's folder, with the reads of that module.
   */
  output?(call: string, name: string): { source: ModuleSource; attribute: SourceAttribute; reads: WrittenReads } | undefined;
}

/** The reads of a text that reads nothing whole: a variable file's, which holds constants. */
export const READS_NOTHING: WrittenReads = { local: () => undefined, variable: () => undefined };

/** `WrittenReads.bound`: the collection's expression (a dynamic block's `for_each` written in `attribute`), and the key. */
export interface BoundElement {
  source: ModuleSource;
  attribute: SourceAttribute;
  collection?: Written;
  key: string | number;
  reads: WrittenReads;
  iterator: boolean;
}

/** The key a read's index step gives where it is the instance's own `count.index` or `each.key` (`WrittenReads.instanceKey`). */
function instanceKeyRead(expr: Expr, reads: WrittenReads): string | number | undefined {
  const node = unwrap(expr, false);
  if (node.kind !== 'traversal' || node.steps.length !== 1 || node.steps[0]!.type !== 'attr') return undefined;
  const name = node.steps[0]!.name;
  if (node.root === 'count' && name === 'index') return reads.instanceKey?.('count');
  if (node.root === 'each' && name === 'key') return reads.instanceKey?.('each');
  return undefined;
}

/** Reads of whole local values and variables followed in turn, at most (Terraform refuses a cycle; deputy stops). */
const MOST_WHOLE_READS = 32;

/**
 * A variable's type a value was read through, the path below the variable's value that was read, and how many of its
 * last steps are still read below it: a read from its value further on (`cfg = var.outer.inner`) reads the steps it
 * writes below what it reads, which are not below this variable's value.
 */
interface ReadThrough {
  type: { source: HclSource; attribute: SourceAttribute };
  path: Path;
  below: number;
}

/**
 * Where the value the attribute's expression leads to at `path` is written, when the expression there reads it from a
 * local, a variable or `each.value` (`"${var.key_arn}"`, `var.cfg.principal`, `each.value.trusted`), through any such
 * reads in turn: the attribute that writes it last, or the entry of the list or object written there that the read
 * reaches (an entry of a module call's `for_each` map, of an object a caller passes); an attribute the value leaves
 * out where the variable's type fills it in (`optional(string, "x")`) is written in the type. Undefined where the path
 * does not lead to such a read, or to a value written in one place.
 */
export function valueWrittenIn(source: ModuleSource, attribute: SourceAttribute, path: Path, reads: WrittenReads, part?: string): SourceLocation | undefined {
  const written = writtenExpression(source, attribute);
  const found = written && followReads({ source, attribute, expr: written }, path, reads);
  if (!found) return undefined;
  // A string built around reads (`"repo:${var.org}/*"`): where the part a finding is about is written, when one read gives it.
  const inString = part === undefined ? undefined : partWrittenIn(found.place, found.reads, part, 0);
  if (inString) return inString;
  // A value a conditional chooses between literals (`var.internet ? "Enabled" : "Disabled"`) is changed where the one
  // value its condition reads is written (`default = true`), not in either branch.
  const decided = decidedAt(found.place, found.reads, 0);
  if (decided) return decided;
  if (!found.moved) return undefined;
  return writtenOutAt(found.place);
}

/**
 * The input variable whose value the attribute's expression gives whole at `path` (`var.partner_external_id`, its lone
 * `"${...}"`), down the lists and objects written out and through the locals of the module that writes the attribute,
 * which reads the variable by that name: the name, though the value is read as the variable's default or the value set
 * for it. Undefined where the path leads to anything else (a part of a variable's value, a text built around one, a
 * module input read from its caller).
 */
export function variableReadIn(source: ModuleSource, attribute: SourceAttribute, path: Path, reads: WrittenReads): string | undefined {
  const written = writtenExpression(source, attribute);
  let place: WrittenPlace | undefined = written ? { source, attribute, expr: written } : undefined;
  let pending = path;
  for (let left = MOST_WHOLE_READS; place && left > 0; left--) {
    const reached = followWritten(place, pending, reads.local);
    pending = pending.slice(reached.steps);
    const variable = nameReadWhole(reached.expr, 'var');
    if (variable !== undefined) return pending.length === 0 ? variable : undefined;
    const node = unwrap(reached.expr, false);
    if (node.kind !== 'traversal' || node.root !== 'local') return undefined;
    const read = readAt(reached.expr, reads);
    place = read?.place;
    pending = [...(read?.steps ?? []), ...pending];
  }
  return undefined;
}

/** Where a place reached through reads is written, unless it reads on from what is not followed (a resource's attribute, a `for` expression's element): written nowhere here. */
function writtenOutAt(place: WrittenPlace): SourceLocation | undefined {
  const last = unwrap(place.expr, false).kind;
  return last === 'traversal' || last === 'relative' || last === 'splat' ? undefined : writtenLocation(place);
}

/**
 * Of a conditional whose branches are both literals, where the one value its condition reads is written (a variable's
 * default, a module's argument, a local), through reads and conditionals of literals in turn (`local.open =
 * var.internet ? true : false`): what decides which branch's literal the value is. Undefined for anything else, and
 * where the condition reads two values (`var.a && var.b`) or calls a function, or where its value is not written here.
 */
function decidedAt(place: WrittenPlace, reads: WrittenReads, depth: number): SourceLocation | undefined {
  const node = unwrap(place.expr, false);
  if (node.kind !== 'conditional' || literalOf(node.then) === undefined || literalOf(node.else) === undefined || depth >= MOST_WHOLE_READS) return undefined;
  const read = conditionRead(node.condition, reads);
  const found = read && followReads({ source: place.source, attribute: place.attribute, expr: read }, [], reads);
  if (!found?.moved) return undefined;
  return unwrap(found.place.expr, false).kind === 'conditional' ? decidedAt(found.place, found.reads, depth + 1) : writtenOutAt(found.place);
}

/**
 * The one value a condition reads (`var.internet`, `!var.internet`, `var.env == "prod" || var.env == "stage"`,
 * `var.subnet != null`): a local, a variable or `each.value` (or a part of one written as literal keys) read alike
 * wherever it is, with literals and operators around it. Undefined where it reads two values or none, or calls a function.
 */
function conditionRead(condition: Expr, reads: WrittenReads): Expr | undefined {
  let read: { node: Expr; key: string } | undefined;
  const alone = (node: Expr): boolean => {
    switch (node.kind) {
      case 'literal':
        return true;
      case 'parentheses':
        return alone(node.expr);
      case 'unary':
        return alone(node.operand);
      case 'binary':
        return alone(node.left) && alone(node.right);
      case 'template':
        return node.parts.every((part) => part.kind === 'text' || (part.kind === 'interpolation' && alone(part.expr)));
      case 'traversal': {
        const steps = keySteps(node, reads);
        const key = steps && JSON.stringify([node.root, ...steps]);
        if (key === undefined || (read && read.key !== key)) return false;
        read = { node, key };
        return true;
      }
      default:
        return false;
    }
  };
  return alone(condition) ? read?.node : undefined;
}

/** Where `followReads` reached a value, the reads of the module that writes it, and whether a read moved it elsewhere. */
interface ReachedPlace {
  place: WrittenPlace;
  reads: WrittenReads;
  moved: boolean;
}

/**
 * Where the value `path` leads to from `from` is, through the lists and objects written out and the reads of locals,
 * variables and `each.value` (`valueWrittenIn`), and `lookup(map, "key", default)`: the place reached, the reads of the
 * module that writes it, and whether a read (or a type's `optional()` default) moved it elsewhere. Undefined where the
 * path leads into what is not written out.
 */
function followReads(from: WrittenPlace, path: Path, reads: WrittenReads): ReachedPlace | undefined {
  const found = followReadsFrom(from, path, reads, { left: MOST_WHOLE_READS });
  return found && 'place' in found ? found : undefined;
}

/**
 * `followReads`, or, where the value is an object written out without the key a step reads (and no type's `optional()`
 * fills it in), the steps left from that key (`lacks`): `lookup` then gives its default. `budget`: the reads still
 * followed, shared with the lookups followed inside.
 */
function followReadsFrom(from: WrittenPlace, path: Path, reads: WrittenReads, budget: { left: number }): ReachedPlace | { lacks: Path } | undefined {
  let place = from;
  let pending: Path = path;
  // The variables' types the value was read through, the last nearest where it is written.
  let through: ReadThrough[] = [];
  let moved = false;
  for (; budget.left > 0; budget.left--) {
    // Down the lists and objects written out, as locating does (into locals `concat` or a step reads whole).
    while (pending.length > 0) {
      const step = pending[0]!;
      const stepped = stepInto(place.expr, step, reads.local);
      if (stepped && !isNullLiteral(stepped.expr)) {
        const at = stepped.writtenIn ?? place;
        place = { source: at.source, attribute: at.attribute, expr: stepped.expr, ...(stepped.range ? { range: stepped.range } : {}) };
        pending = pending.slice(1);
        // Below an element a `for` makes, its variable reads the collection's element.
        if (stepped.element) reads = withBound(reads, stepped.element.name, { source: at.source, attribute: at.attribute, collection: { expr: stepped.element.collection, range: [stepped.element.collection.start, stepped.element.collection.end] }, key: stepped.element.key, reads, iterator: false });
        continue;
      }
      // An instance of `for_each = { for nb in var.notebooks : nb.name => nb }`: the element of the list written with that name.
      const element = stepped ? undefined : keyedElement(place, step, reads, budget);
      if (element) {
        place = element.place;
        pending = [element.index, ...pending.slice(1)];
        moved = true;
        continue;
      }
      // An attribute left out of an object written out, or written null: a type's optional() default fills it in.
      if (!stepped && !lacksKey(place.expr, step)) break;
      const filled = optionalDefault(through, pending);
      if (!filled) return stepped ? undefined : { lacks: pending };
      place = filled.place;
      through = filled.through;
      pending = pending.slice(1);
      moved = true;
    }
    const looked = lookupRead(place.expr);
    if (looked) {
      // The map's entry where it writes the key; the default where the map is written without it.
      const inMap = followReadsFrom({ ...place, expr: looked.map }, [looked.key, ...pending], reads, budget);
      const lacking = inMap !== undefined && 'lacks' in inMap && inMap.lacks.length === pending.length + 1;
      const found = lacking ? looked.fallback && followReadsFrom({ ...place, expr: looked.fallback }, pending, reads, budget) : inMap;
      return found && 'place' in found ? { ...found, moved: true } : undefined;
    }
    const read = readAt(place.expr, reads);
    if (!read) break;
    if (read.through && pending.length + read.steps.length > 0 && !keepsTypePositions(read.through)) return undefined;
    place = read.place;
    pending = [...read.steps, ...pending];
    through = through.map((entry) => ({ ...entry, below: Math.min(entry.below, pending.length - read.steps.length) }));
    if (read.through) through.push({ type: read.through, path: pending, below: pending.length });
    reads = read.reads ?? reads;
    moved = true;
  }
  // A condition's one value written as a string is read as a list of it (its path ends in [0]): the string is that value.
  if (pending.length === 1 && pending[0] === 0 && writesString(place.expr)) pending = [];
  return pending.length === 0 ? { place, reads, moved } : undefined;
}

/**
 * Of an object a `for` expression makes of a list's elements as they are, keyed by an attribute of each
 * (`{ for nb in var.notebooks : nb.name => nb }`), the entry `key`: the list's expression, and the index of the one
 * element the list where it is written (through reads) writes with that attribute. Undefined where an element is not
 * an object whose attribute is written as a literal, where none or two have it, or where the list is not written out.
 */
function keyedElement(place: WrittenPlace, key: string | number, reads: WrittenReads, budget: { left: number }): { place: WrittenPlace; index: number } | undefined {
  const node = unwrap(place.expr, false);
  if (node.kind !== 'for' || node.grouping || node.keyExpr === undefined || typeof key !== 'string' || !passesElement(node)) return undefined;
  const keyRead = unwrap(node.keyExpr, false);
  const step = keyRead.kind === 'traversal' && keyRead.root === node.valueVar && keyRead.steps.length === 1 ? keyRead.steps[0]! : undefined;
  if (step?.type !== 'attr') return undefined;
  const collection = followReadsFrom({ source: place.source, attribute: place.attribute, expr: node.collection }, [], reads, budget);
  const list = collection && 'place' in collection ? unwrap(collection.place.expr, false) : undefined;
  if (list?.kind !== 'tuple') return undefined;
  const keys = list.items.map((item) => {
    const object = unwrap(item, false);
    if (object.kind !== 'object' || keysOf(object).lastComputed >= 0) return undefined;
    const written = keysOf(object).items.get(step.name);
    return written ? literalOf(written.value) : undefined;
  });
  if (keys.some((written) => typeof written !== 'string')) return undefined;
  const index = keys.indexOf(key);
  return index >= 0 && keys.lastIndexOf(key) === index ? { place: { source: place.source, attribute: place.attribute, expr: node.collection, range: [node.collection.start, node.collection.end] }, index } : undefined;
}

/** Whether an expression is a string written out: a literal, or a template (`"repo:${var.org}/*"`). */
function writesString(expr: Expr): boolean {
  const node = unwrap(expr, false);
  return node.kind === 'template' || (node.kind === 'literal' && typeof node.value === 'string');
}

/**
 * Where `part` of the string written at `place` is written: the string itself where its own text holds it (none for
 * the string the search starts from), else where the one local, variable or `each.value` it interpolates whose value
 * holds it writes that (through any such reads and strings built in turn). Undefined where none does, where two
 * places do, or where a directive (`%{ if }`, `%{ for }`) builds the string.
 */
function partWrittenIn(place: WrittenPlace, reads: WrittenReads, part: string, depth: number): SourceLocation | undefined {
  const node = unwrap(place.expr, false);
  // The string the search starts from is the value's own place, which `valueWrittenIn` gives where a read moved it.
  const here = () => (depth > 0 ? writtenLocation(place) : undefined);
  // A number written where a string is read (`account = 123456789012`) is its decimal text in the string built.
  if (node.kind === 'literal') return (typeof node.value === 'string' || typeof node.value === 'number') && String(node.value).includes(part) ? here() : undefined;
  if (depth >= MOST_WHOLE_READS) return undefined;
  // A function of strings (`replace(url, "https://", "")`) keeps the part one of its arguments writes, as a template
  // keeps the part one interpolation gives.
  if (node.kind === 'call') return onePlaceWriting(place, node.args, reads, part, depth, true);
  if (node.kind !== 'template') return undefined;
  if (node.parts.some((piece) => piece.kind === 'text' && piece.value.includes(part))) return here();
  if (node.parts.some((piece) => piece.kind !== 'text' && piece.kind !== 'interpolation')) return undefined;
  return onePlaceWriting(place, node.parts.flatMap((piece) => (piece.kind === 'interpolation' ? [piece.expr] : [])), reads, part, depth);
}

/**
 * The one place where what the expressions read (a local, a variable, `each.value`, a bound element), or an argument
 * of a call written among them, writes `part`; undefined where none does or two do. `ofCall`: the expressions are a
 * call's arguments, of which one that is a list or object (`lookup(local.by_team, ...)` past a computed key), or a
 * conditional, may hold the part where it is not searched: none is then the one place.
 */
function onePlaceWriting(place: WrittenPlace, exprs: readonly Expr[], reads: WrittenReads, part: string, depth: number, ofCall = false): SourceLocation | undefined {
  const found: SourceLocation[] = [];
  for (const expr of exprs) {
    const read = followReads({ source: place.source, attribute: place.attribute, expr }, [], reads);
    const written = unwrap(expr, false);
    if (ofCall && ['object', 'tuple', 'for', 'conditional'].includes(unwrap(read?.moved ? read.place.expr : expr, false).kind)) return undefined;
    const at = read?.moved
      ? partWrittenIn(read.place, read.reads, part, depth + 1)
      : written.kind === 'call' || written.kind === 'literal' || written.kind === 'template'
        ? partWrittenIn({ source: place.source, attribute: place.attribute, expr, range: [expr.start, expr.end] }, reads, part, depth + 1)
        : undefined;
    // The same read twice (`"${var.org}-${var.org}"`) writes it in one place.
    if (at && !found.some((other) => locationKey(other) === locationKey(at))) found.push(at);
  }
  return found.length === 1 ? found[0] : undefined;
}

/** `reads` with a name bound to an element (`WrittenReads.bound`), hiding the same name bound outside. */
export function withBound(reads: WrittenReads, name: string, element: BoundElement): WrittenReads {
  const outer = reads.bound;
  return { ...reads, bound: (root) => (root === name ? element : outer?.(root)) };
}

/** The map, the key written as a literal and the default (none in the two-argument form) of a call of `lookup`. */
function lookupRead(expr: Expr): { map: Expr; key: string; fallback?: Expr } | undefined {
  const node = unwrap(expr, false);
  if (node.kind !== 'call' || node.name !== 'lookup' || node.expandFinal || node.args.length < 2 || node.args.length > 3) return undefined;
  const key = literalOf(node.args[1]!);
  return typeof key === 'string' ? { map: node.args[0]!, key, ...(node.args[2] ? { fallback: node.args[2] } : {}) } : undefined;
}

/** A local, a variable or `each.value` read (whole or a part written as steps of literal keys), where it is written. */
function readAt(expr: Expr, reads: WrittenReads): { place: WrittenPlace; steps: Path; reads?: WrittenReads; through?: ReadThrough['type'] } | undefined {
  const node = unwrap(expr, false);
  if (node.kind !== 'traversal') return undefined;
  const steps = keySteps(node, reads);
  if (!steps) return undefined;
  const bound = reads.bound?.(node.root);
  if (bound) return boundRead(node, steps, bound);
  const [name, ...rest] = steps;
  if (typeof name !== 'string' || node.steps[0]!.type !== 'attr') return undefined;
  let written: { source: ModuleSource; attribute: SourceAttribute; reads?: WrittenReads; type?: { source: ModuleSource; attribute: SourceAttribute } } | undefined;
  let into: Path = rest;
  if (node.root === 'local') written = reads.local(name);
  else if (node.root === 'var') written = reads.variable(name);
  else if (node.root === 'each' && name === 'value') {
    const each = reads.each?.();
    written = each;
    if (each) into = [each.key, ...rest];
  }
  if (!written) return undefined;
  const expression = writtenExpression(written.source, written.attribute);
  if (!expression) return undefined;
  const type = written.type?.source instanceof HclSource ? { source: written.type.source, attribute: written.type.attribute } : undefined;
  return { place: { source: written.source, attribute: written.attribute, expr: expression }, steps: into, ...(written.reads ? { reads: written.reads } : {}), ...(type ? { through: type } : {}) };
}

/** A traversal's steps as keys: attributes, and indexes written as literals or the instance's own key; undefined where one is another. */
function keySteps(node: Extract<Expr, { kind: 'traversal' }>, reads: WrittenReads): Array<string | number> | undefined {
  const steps: Array<string | number> = [];
  for (const step of node.steps) {
    const key = step.type === 'attr' ? step.name : (literalOf(step.key) ?? instanceKeyRead(step.key, reads));
    if ((typeof key === 'number' && Number.isInteger(key)) || typeof key === 'string') steps.push(key);
    else return undefined;
  }
  return steps;
}

/** `readAt` of a name bound to an element (`BoundElement`): an iterator's `value` and the steps below it, a `for` variable and its steps. */
function boundRead(node: Extract<Expr, { kind: 'traversal' }>, steps: Array<string | number>, bound: BoundElement): ReturnType<typeof readAt> {
  if (bound.iterator && (steps[0] !== 'value' || node.steps[0]!.type !== 'attr')) return undefined;
  const collection = bound.collection ?? (() => {
    const written = writtenExpression(bound.source, bound.attribute);
    return written ? { expr: written } : undefined;
  })();
  if (!collection) return undefined;
  return { place: { source: bound.source, attribute: bound.attribute, ...collection }, steps: [bound.key, ...(bound.iterator ? steps.slice(1) : steps)], reads: bound.reads };
}

function isNullLiteral(expr: Expr): boolean {
  const node = unwrap(expr, false);
  return node.kind === 'literal' && node.value === null;
}

/** Whether an expression is an object written out without the key `step`, and with no key computed (which may be it). */
function lacksKey(expr: Expr, step: string | number): boolean {
  const node = unwrap(expr, false);
  if (node.kind !== 'object' || typeof step !== 'string') return false;
  const { items, lastComputed } = keysOf(node);
  return !items.has(step) && lastComputed < 0;
}

/** Whether converting a value to the type keeps its elements where they are written (not a set). */
function keepsTypePositions({ source, attribute }: ReadThrough['type']): boolean {
  const expression = attributeExpression(source, attribute);
  return expression === null || keepsPositions(typeConstraintOf(expression));
}

/**
 * The `optional(type, default)` default that fills in the attribute the value read at `pending[0]` leaves out: of the
 * types it was read through, the nearest where it is written whose object type declares one there. Its place (the
 * attribute in the type, its default below it), and the types below which the default is read on.
 */
function optionalDefault(through: readonly ReadThrough[], pending: Path): { place: WrittenPlace; through: ReadThrough[] } | undefined {
  for (let index = through.length - 1; index >= 0; index--) {
    const { type, path, below } = through[index]!;
    // The step left out is at this position below the variable's value, when it is still read below it.
    if (pending.length > below) continue;
    const at = path.length - pending.length;
    const expression = attributeExpression(type.source, type.attribute);
    const filled = expression ? optionalAttributeDefault(expression, path.slice(0, at), pending[0]!) : undefined;
    if (filled) return { place: { source: type.source, attribute: type.attribute, ...filled }, through: through.slice(0, index + 1) };
  }
  return undefined;
}

/**
 * The default of the `optional(type, default)` attribute `key` of the object type a type expression gives at `path`
 * below its value, with the range of the attribute; undefined where the type declares no such default there.
 */
function optionalAttributeDefault(type: Expr, path: Path, key: string | number): { expr: Expr; range: [number, number] } | undefined {
  const object = typeof key === 'string' ? typeAt(type, path) : undefined;
  const item = object && keysOf(object).items.get(key as string);
  const value = item && unwrap(item.value, false);
  if (!item || value?.kind !== 'call' || value.name !== 'optional' || value.args.length !== 2) return undefined;
  return { expr: value.args[1]!, range: [item.keyStart, item.valueEnd] };
}

/**
 * `origin`, of a variable's value converted to its type from `written`, the value as written: where the value leaves an
 * attribute out (or sets it null) that an `optional(type, default)` of the type fills in, the value there is written
 * in the type.
 */
export function withTypeDefaults(origin: Origin, written: Value, type: { source: ModuleSource; attribute: SourceAttribute } | undefined): Origin {
  if (!type || !(type.source instanceof HclSource)) return origin;
  const { source, attribute } = type;
  return { ...origin, valueWrittenAt: (path, part) => origin.valueWrittenAt?.(path, part) ?? typeDefaultWrittenAt(source, attribute, written, path) };
}

/** Where the `optional()` default of a type that fills in the value at `path` below `written` is written; undefined where none does. */
function typeDefaultWrittenAt(source: HclSource, attribute: SourceAttribute, written: Value, path: Path): SourceLocation | undefined {
  const expression = attributeExpression(source, attribute);
  let value: Value | undefined = written;
  for (let index = 0; expression && index < path.length; index++) {
    const step = path[index]!;
    if (isObject(value) && typeof step === 'string' && (!Object.hasOwn(value, step) || value[step] === null)) {
      const filled = optionalAttributeDefault(expression, path.slice(0, index), step);
      return filled && writtenLocation(followWritten({ source, attribute, ...filled }, path.slice(index + 1)));
    }
    value = valueStep(value, step);
  }
  return undefined;
}

/** The `object({...})` type a type expression gives at a path below its value; undefined for any other, or one not understood. */
function typeAt(expr: Expr, path: Path): ObjectNode | undefined {
  let node = unwrap(expr, false);
  for (const step of path) {
    if (node.kind === 'call' && node.name === 'optional' && node.args.length > 0) node = unwrap(node.args[0]!, false);
    if (node.kind !== 'call' || node.args.length === 0) return undefined;
    const first = unwrap(node.args[0]!, false);
    if (node.name === 'object' && first.kind === 'object' && typeof step === 'string') {
      const item = keysOf(first).items.get(step);
      if (!item) return undefined;
      node = unwrap(item.value, false);
    } else if ((node.name === 'map' && typeof step === 'string') || (node.name === 'list' && typeof step === 'number')) node = first;
    else if (node.name === 'tuple' && first.kind === 'tuple' && typeof step === 'number' && first.items[step]) node = unwrap(first.items[step]!, false);
    else return undefined;
  }
  if (node.kind === 'call' && node.name === 'optional' && node.args.length > 0) node = unwrap(node.args[0]!, false);
  if (node.kind !== 'call' || node.name !== 'object' || node.args.length !== 1) return undefined;
  const object = unwrap(node.args[0]!, false);
  return object.kind === 'object' ? object : undefined;
}

/** A step's expression, written in another attribute than the one stepped from (a local's, where a call reads it whole). */
interface SteppedInto extends Written {
  byPosition: boolean;
  computedKeys: boolean;
  writtenIn?: { source: ModuleSource; attribute: SourceAttribute };
  /** Where `writtenIn` is in another module than the expression stepped into (a module input's argument): that module's reader. */
  reader?: ValueReader;
  /**
   * Of an element a `for` expression makes: its variable, and the collection's element it stands for (the same index of
   * a list made without `if`, the same key of an object keyed by its key variable), where that is known.
   */
  element?: { name: string; collection: Expr; key: string | number };
}

/**
 * The expression an object key or tuple index leads to (through `jsonencode`), the range that locates it, whether it
 * is reached by position, and whether the object has computed keys (one of which may hold the value instead). With
 * `readLocal`, a local read whole (`jsonencode(local.trust)`) and a list `concat` reads from a local are followed into
 * the local.
 */
function stepInto(expr: Expr, step: string | number, readLocal?: ValueReader, localsFollowed = 0, value?: Value): SteppedInto | undefined {
  const node = unwrap(expr);
  // Locals that read each other in a loop (which Terraform refuses) stop here.
  const local = readLocal && localsFollowed < MOST_LOCALS_FOLLOWED ? valueRead(node, readLocal) : undefined;
  if (local) {
    const item = stepInto(local.expr, step, local.reader, localsFollowed + 1, value);
    return item && { ...item, writtenIn: item.writtenIn ?? local.writtenIn, reader: item.reader ?? local.reader };
  }
  if (node.kind === 'call') return stepIntoCall(node, step, readLocal, value);
  if (node.kind === 'conditional') {
    // The value came from the branch taken; when the other cannot hold the step, it is this one.
    const holding = [node.then, node.else].filter((branch) => mayHold(branch, step));
    return holding.length === 1 ? stepInto(holding[0]!, step, readLocal, 0, value) : undefined;
  }
  if (node.kind === 'object' && typeof step === 'string') {
    const { items, lastComputed } = keysOf(node);
    const item = items.get(step);
    // A computed key after it (`(var.k) = ...`) may be the same key, whose value the object then keeps.
    if (item && lastComputed >= 0 && lastComputed > node.items.lastIndexOf(item)) return undefined;
    return item && { expr: item.value, range: [item.keyStart, item.valueEnd], byPosition: false, computedKeys: lastComputed >= 0 };
  }
  // Every element a `for` expression makes is its value expression, evaluated; of the grouping form, a list of them.
  if (node.kind === 'for' && !node.grouping && typeof step === (node.keyExpr ? 'string' : 'number') && !passesElement(node)) {
    const element = node.condition === undefined && (node.keyExpr === undefined || readsVariableWhole(node.keyExpr, node.keyVar)) ? { element: { name: node.valueVar, collection: node.collection, key: step } } : {};
    return { expr: node.valueExpr, range: [node.valueExpr.start, node.valueExpr.end], byPosition: false, computedKeys: false, ...element };
  }
  const item = node.kind === 'tuple' && typeof step === 'number' ? node.items[step] : undefined;
  return item && { expr: item, range: [item.start, item.end], byPosition: true, computedKeys: false };
}

/** Whether an expression is the `for` variable `name` read whole (`k` in `k => r.arn`). */
export function readsVariableWhole(expression: Expr | undefined, name: string | undefined): boolean {
  const node = expression && unwrap(expression, false);
  return name !== undefined && node?.kind === 'traversal' && node.root === name && node.steps.length === 0;
}

/** Whether a `for` expression's value is its element as it is (`[for s in local.statements : s]`): written elsewhere. */
function passesElement(node: ForNode): boolean {
  return readsVariableWhole(node.valueExpr, node.valueVar);
}

/**
 * Whether the value of an expression may have an element at `step`: not when it is written as an object without that
 * key (and no computed key), a list without that index, or a scalar; a reference or a call may hold anything.
 */
function mayHold(expr: Expr, step: string | number): boolean {
  const node = unwrap(expr, false);
  switch (node.kind) {
    case 'object': {
      const { items, lastComputed } = keysOf(node);
      return typeof step === 'string' && (items.has(step) || lastComputed >= 0);
    }
    case 'tuple':
      return typeof step === 'number' && step < node.items.length;
    case 'conditional':
      return mayHold(node.then, step) || mayHold(node.else, step);
    case 'literal':
    case 'template':
      return false;
    default:
      return true;
  }
}

/**
 * `concat` of written lists and `merge` of written objects: the item an index or key leads to is in one of the
 * arguments (`concat([a], [b, c])[2]` is c; of a key written in several objects, `merge` keeps the last), as far as
 * the arguments before it (concat) or after it (merge) are written out: one that is a reference or a conditional may
 * hold any number of items or keys. A list concat reads from a local is written out there (with `readLocal`), and a
 * last argument that is a `for` expression holds the items after the others. With `value`, the list the call made as
 * evaluated, how many items each argument gave it is known (`joinedLengths`): a `for` expression in any position holds
 * its own, and an argument read from elsewhere is passed over. `flatten` of a list written out likewise: an element
 * written as an object gives one item, a list of objects its own, a `for` expression that makes objects as many as
 * evaluating it made.
 */
function stepIntoCall(node: CallNode, step: string | number, readLocal?: ValueReader, value?: Value): ReturnType<typeof stepInto> {
  if (node.expandFinal) return undefined;
  const joined = Array.isArray(value) && !hasUnknownOrder(value) ? joinedLengths(value) : undefined;
  if (node.name === 'concat' && typeof step === 'number') {
    const lists = node.args.map((arg) => {
      const local = readLocal && valueRead(arg, readLocal);
      return { local, list: unwrap(local?.expr ?? arg, false) };
    });
    // Lengths of another list than this call made (a list written out that gave it another number of items) are not used.
    const lengths = joined?.length === node.args.length && lists.every(({ list }, position) => list.kind !== 'tuple' || list.items.length === joined[position]) ? joined : madeByTotal(lists.map(({ list }) => (list.kind === 'tuple' ? list.items.length : undefined)), value);
    let index = step;
    for (const [position, { local, list }] of lists.entries()) {
      const made = list.kind === 'tuple' ? list.items.length : lengths?.[position];
      // A `for` expression makes any number of elements: the rest, when it is the last argument.
      if (made === undefined ? list.kind === 'for' && position === node.args.length - 1 : index < made) {
        // A conditional argument (`var.x ? [{...}] : []`) holds the item in the branch that can hold that index.
        if (list.kind !== 'tuple' && list.kind !== 'for' && list.kind !== 'conditional') return undefined;
        const item = stepInto(list, index);
        return item && local ? { ...item, writtenIn: local.writtenIn, reader: local.reader } : item;
      }
      if (made === undefined) return undefined;
      index -= made;
    }
  } else if (node.name === 'flatten' && typeof step === 'number' && node.args.length === 1) {
    const list = unwrap(node.args[0]!, false);
    if (list.kind !== 'tuple') return undefined;
    // Objects are lifted as they are: a list written of objects alone gives its own, a `for` expression making objects as many as it made.
    const elements = list.items.map((element) => {
      const written = unwrap(element, false);
      const objects = written.kind === 'tuple' ? written.items.every((item) => unwrap(item, false).kind === 'object') : written.kind === 'for' && unwrap(written.valueExpr, false).kind === 'object';
      return { written, objects, counted: written.kind === 'object' ? 1 : written.kind === 'tuple' && objects ? written.items.length : undefined };
    });
    const lengths = joined?.length === list.items.length ? joined : madeByTotal(elements.map(({ counted }) => counted), value);
    let index = step;
    for (const [position, element] of list.items.entries()) {
      const { written, objects, counted } = elements[position]!;
      const made = counted ?? lengths?.[position];
      if (made === undefined || (lengths && lengths[position] !== made)) return undefined;
      if (index < made) {
        if (written.kind === 'object') return { expr: element, range: [element.start, element.end], byPosition: true, computedKeys: false };
        return objects ? stepInto(written, index) : undefined;
      }
      index -= made;
    }
  } else if (node.name === 'merge' && typeof step === 'string') {
    for (let index = node.args.length - 1; index >= 0; index--) {
      const object = unwrap(node.args[index]!, false);
      if (object.kind !== 'object') return undefined;
      const { items, lastComputed } = keysOf(object);
      if (items.has(step)) return stepInto(object, step);
      if (lastComputed >= 0) return undefined;
    }
  }
  return undefined;
}

/**
 * How many items each argument gave a list whose items are known (a plan's), where all but one are counted as written:
 * that one gave the rest. Undefined otherwise.
 */
function madeByTotal(counted: ReadonlyArray<number | undefined>, value: Value | undefined): readonly number[] | undefined {
  if (!Array.isArray(value) || hasUnknownOrder(value) || counted.filter((count) => count === undefined).length !== 1) return undefined;
  const rest = value.length - counted.reduce<number>((sum, count) => sum + (count ?? 0), 0);
  return rest < 0 ? undefined : counted.map((count) => count ?? rest);
}

/** The name of the variable or local value an expression reads whole (`var.roles`, `local.statements`, not a part of one: `var.roles.train`). */
export function nameReadWhole(expr: Expr, root: 'var' | 'local'): string | undefined {
  const node = unwrap(expr, false);
  const step = node.kind === 'traversal' && node.root === root && node.steps.length === 1 ? node.steps[0]! : undefined;
  return step?.type === 'attr' ? step.name : undefined;
}

/** How many locals read whole from one another a step follows (a search for repeated keys too). */
export const MOST_LOCALS_FOLLOWED = 16;

/**
 * What locating follows a value read into, where it is written: the locals alone (`LocalReader`), or a module instance's
 * reads (`WrittenReads`), with which its input variables (an argument of its call, a variable's default) and `each.value`
 * of its instance are followed too, as the `.tf` scan follows them where it evaluates.
 */
export type ValueReader = LocalReader | WrittenReads;

/** The locals a `ValueReader` reads. */
function localsOf(reader: ValueReader): LocalReader {
  return typeof reader === 'function' ? reader : reader.local;
}

/**
 * The expression of the local an expression reads whole (`local.statements`), or of the entry of it that it reads by
 * keys written as literals (`local.policies.pass`, `local.documents[0]`), in HCL or the JSON syntax, and where it is
 * written: its offsets are relative to the attribute it is written in (`writtenExpression`). With a module instance's
 * reads, so a variable (`var.statements`), `each.value` (the entry of the `for_each` under the instance's key) and a
 * name bound to an element (`WrittenReads.bound`), with the reader of the module that writes it.
 */
export function valueRead(expr: Expr, reader: ValueReader): { expr: Expr; writtenIn: { source: ModuleSource; attribute: SourceAttribute }; reader: ValueReader } | undefined {
  const node = unwrap(expr, false);
  if (node.kind !== 'traversal') return undefined;
  const [first, ...rest] = node.steps;
  if (first?.type !== 'attr') return undefined;
  const reads = typeof reader === 'function' ? undefined : reader;
  let written: { source: ModuleSource; attribute: SourceAttribute; reads?: WrittenReads } | undefined;
  let entrySteps: Array<string | number | undefined> = rest.map((step) => (step.type === 'attr' ? step.name : literalKeyOf(step.key)));
  const bound = reads?.bound?.(node.root);
  if (bound) {
    // A dynamic block's iterator (`inline_policy.value`), or a `for` expression's variable: the element of its collection.
    if (bound.iterator && first.name !== 'value') return undefined;
    written = bound;
    entrySteps = [bound.key, ...(bound.iterator ? [] : [first.name]), ...entrySteps];
  } else if (node.root === 'local') written = localsOf(reader)(first.name);
  else if (node.root === 'var') {
    // A value the plan alone gives is located where it is read, as the `.tf` scan locates a value given with --var.
    const variable = reads?.variable(first.name);
    written = variable?.givenByPlan ? undefined : variable;
  } else if (node.root === 'each' && first.name === 'value') {
    const each = reads?.each?.();
    written = each;
    if (each) entrySteps = [each.key, ...entrySteps];
  }
  const writtenExpr = bound?.collection?.expr ?? (written && writtenExpression(written.source, written.attribute));
  if (!written || !writtenExpr) return undefined;
  const at = written.reads ?? reader;
  let read = { expr: writtenExpr, writtenIn: { source: written.source, attribute: written.attribute }, reader: at };
  // An entry read by literal keys (`local.policies.pass`, `local.statements[0]`) is the expression written there.
  for (const key of entrySteps) {
    const entry = key === undefined ? undefined : stepInto(read.expr, key, read.reader);
    if (!entry || entry.element || entry.computedKeys) return undefined;
    read = { expr: entry.expr, writtenIn: entry.writtenIn ?? read.writtenIn, reader: entry.reader ?? read.reader };
  }
  return read;
}

function literalKeyOf(expr: Expr): string | number | undefined {
  const key = literalOf(expr);
  return typeof key === 'string' || typeof key === 'number' ? key : undefined;
}

/**
 * Follows object keys and tuple indexes of the attribute's expression (through `jsonencode`) as far as they go; with
 * `readLocal`, also into the locals `concat` reads lists from. In the JSON syntax, as far as `placedLocation` places.
 */
export function locateInAttribute(source: ModuleSource, attribute: SourceAttribute, path: Path, isPlanned?: (written: Value) => boolean, readLocal?: ValueReader, value?: Value): SourceLocation {
  if (path.length === 0) return source.attributeLocation(attribute);
  const expr = writtenExpression(source, attribute);
  return expr ? locateBelow(source, attribute, { expr }, path, isPlanned, readLocal, value) : source.attributeLocation(attribute);
}

/** `locateInAttribute` from an expression written in the attribute; `value`: the value it evaluated to, when known. */
function locateBelow(source: ModuleSource, attribute: SourceAttribute, from: Written, path: Path, isPlanned?: (written: Value) => boolean, readLocal?: ValueReader, value?: Value): SourceLocation {
  const reached = followWritten({ source, attribute, ...from }, path, readLocal, value);
  // A value that reached its element by position, and is known to be another one there (a list reordered since it
  // was written), is located at its list. One reached by its key that writes another literal than the planned value
  // is not where the value is written: the attribute is.
  if (reached.steps === path.length && isPlanned) {
    // An element that is not a literal (an interpolation, a reference) is not known to hold the value either; one written
    // of literals alone (a statement) is compared whole.
    if (reached.list) {
      // An element that reads a local whole (`local.pinned` in a list of statements) is the local's value, written there.
      // Its parts written as references or other expressions hold whatever the plan holds there (`UNREAD_PART`); the
      // literal keys and values around them tell it apart from the other elements.
      const local = reached.reader && valueRead(reached.expr, reached.reader);
      const written = literalValueOf(local ? local.expr : reached.expr);
      if (written === undefined || written === UNREAD_PART || !isPlanned(written)) return placedLocation(attribute, reached.list);
      if (local) return writtenLocation(local.writtenIn);
    } else {
      const written = literalOf(reached.expr);
      if (written !== undefined && !isPlanned(written)) return writtenLocation({ ...reached, range: undefined });
    }
  }
  return placedLocation(attribute, reached);
}

/**
 * Whether the value at `path` below an attribute's expression, where locating reaches it (through the locals it reads),
 * is one the JSON syntax writes itself: a list or object of a `.tf.json` local, not one an expression writes.
 */
export function writtenAsJsonValueIn(source: ModuleSource, attribute: SourceAttribute, path: Path, readLocal?: ValueReader): boolean {
  const expr = writtenExpression(source, attribute);
  const reached = expr && followWritten({ source, attribute, expr }, path, readLocal);
  return reached !== null && reached.steps === path.length && jsonSyntaxValues.has(reached.expr) && (reached.expr.kind === 'object' || reached.expr.kind === 'tuple');
}

/**
 * Where `locateBelow` locates a place it reached from `attribute`. In the JSON syntax, a value of a local the expression
 * reads that the syntax writes itself (a list, an object, a string: a local's statement) is located where it is written,
 * as the scan of the folder locates the values of locals, and so is one written in the expression of a string that
 * interpolates (`"${jsonencode({...})}"`), as in HCL; a value the attribute itself writes in the syntax is located at
 * the attribute.
 */
function placedLocation(attribute: SourceAttribute, place: WrittenPlace): SourceLocation {
  const wholeAttribute = place.source instanceof JsonSource && place.attribute === attribute && jsonSyntaxValues.has(place.expr);
  return writtenLocation(wholeAttribute ? { ...place, range: undefined } : place);
}

/** An expression written in an attribute of a file, with the range that locates it (none: the attribute's own). */
interface WrittenPlace extends Written {
  source: ModuleSource;
  attribute: SourceAttribute;
}

/**
 * Follows object keys and tuple indexes from an expression as far as they go (`stepInto`, into locals with
 * `readLocal`, and with the value the expression evaluated to alongside when it is known): where it stops, how many
 * steps it took, and the list the last step reached its element in by position.
 */
function followWritten(from: WrittenPlace, path: Path, readLocal?: ValueReader, value?: Value): WrittenPlace & { steps: number; list?: WrittenPlace; reader?: ValueReader } {
  let place = from;
  let reader = readLocal;
  let list: WrittenPlace | undefined;
  let steps = 0;
  let evaluated = value;
  for (const step of path) {
    const written = stepInto(place.expr, step, reader, 0, evaluated);
    if (!written) break;
    reader = written.reader ?? reader;
    evaluated = valueStep(evaluated, step);
    list = written.byPosition ? place : undefined;
    const at = written.writtenIn ?? place;
    place = { source: at.source, attribute: at.attribute, expr: written.expr, ...(written.range ? { range: written.range } : {}) };
    steps++;
  }
  return { ...place, steps, ...(list ? { list } : {}), ...(reader ? { reader } : {}) };
}

/** Where a range of an attribute's expression is; the attribute itself without one. */
function writtenLocation({ source, attribute, range }: Pick<WrittenPlace, 'source' | 'attribute' | 'range'>): SourceLocation {
  return range ? source.location(attribute.start + range[0], attribute.start + range[1]) : source.attributeLocation(attribute);
}

/**
 * The name a dynamic block's `iterator` argument gives its iterator (a bare name; a string in the JSON syntax),
 * undefined where it writes none: the iterator is then named after the block type.
 */
export function dynamicIteratorName(source: ModuleSource, dynamic: SourceBlock): string | undefined {
  const iterator = dynamic.attributes.findLast((attribute) => attribute.name === 'iterator');
  const expression = iterator && attributeExpression(source, iterator);
  if (!expression) return undefined;
  const node = unwrap(expression, false);
  if (node.kind === 'traversal' && node.steps.length === 0) return node.root;
  const literal = literalOf(node);
  return typeof literal === 'string' ? literal : undefined;
}

/** The value of a literal or of a quoted string or heredoc with no interpolation; undefined for any other expression. */
export function literalOf(expr: Expr): Value | undefined {
  const node = unwrap(expr);
  if (node.kind === 'literal') return node.value as Value;
  if (node.kind === 'template' && node.parts.every((part) => part.kind === 'text')) return node.parts.map((part) => (part as { value: string }).value).join('');
  return undefined;
}

/**
 * A part of a value written as an expression that is no literal (a reference, a template that interpolates, a call),
 * as `literalValueOf` gives it: a plan's value there is whatever it holds.
 */
export const UNREAD_PART = sharedValue(new Unresolved('written as an expression'));

/**
 * The value of a literal, or of an object or tuple written under keys written as text (a statement), each part written
 * as another expression being `UNREAD_PART`.
 */
function literalValueOf(expr: Expr): Value | undefined {
  const node = unwrap(expr, false);
  if (node.kind === 'tuple') {
    const items: Value[] = [];
    for (const item of node.items) {
      const value = literalValueOf(item);
      if (value === undefined) return undefined;
      items.push(value);
    }
    return items;
  }
  if (node.kind === 'object') {
    const object: ValueObject = {};
    for (const item of node.items) {
      const key = literalOf(item.key);
      const value = key === undefined || key === null ? undefined : literalValueOf(item.value);
      if (value === undefined) return undefined;
      setOwn(object, String(key), value);
    }
    return object;
  }
  const literal = literalOf(node);
  return literal === undefined ? UNREAD_PART : literal;
}

/**
 * The attribute's expression, parsed once (null when it does not parse); offsets are relative to the attribute's start
 * in HCL. In the JSON syntax, the expression the value stands for (`"${aws_iam_role.r.arn}"` is the reference, a string
 * a template, lists and objects written out), whose offsets are not the file's.
 */
export function attributeExpression(source: HclSource | JsonSource, attribute: SourceAttribute): Expr | null {
  let expr = parsedAttributes.get(attribute);
  if (expr === undefined) {
    try {
      const text = source.text.slice(attribute.start, attribute.end);
      expr = source instanceof HclSource ? parseExpression(text) : jsonSyntaxExpression(JSON.parse(text), 0, source.writesLiterally(attribute.start));
    } catch {
      expr = null;
    }
    parsedAttributes.set(attribute, expr);
  }
  return expr;
}

const positionedAttributes = new WeakMap<SourceAttribute, Expr | null>();

/**
 * The attribute's expression with offsets relative to the attribute's start in either syntax, as the reads followed to
 * where a value is written locate it (`valueWrittenIn`): in the JSON syntax, read again from the text with where each
 * value, key and template part is written, once a finding asks for it.
 */
export function writtenExpression(source: ModuleSource, attribute: SourceAttribute): Expr | null {
  if (source instanceof HclSource || attributeExpression(source, attribute) === null) return attributeExpression(source, attribute);
  let expr = positionedAttributes.get(attribute);
  if (expr === undefined) {
    const cursor = new JsonCursor(source.text);
    cursor.position = attribute.start;
    try {
      expr = positionedJsonExpression(cursor, attribute.start, 0, source.writesLiterally(attribute.start));
    } catch {
      expr = null;
    }
    positionedAttributes.set(attribute, expr);
  }
  return expr;
}

/**
 * The values `positionedJsonExpression` read: each written in the JSON syntax itself, not in the expression of a string
 * that interpolates (`"${jsonencode({...})}"`).
 */
const jsonSyntaxValues = new WeakSet<Expr>();

/** Whether `writtenExpression` read a value in the JSON syntax itself (a `.tf.json` object), not in a string's expression. */
export function isJsonSyntaxValue(expr: Expr): boolean {
  return jsonSyntaxValues.has(expr);
}

/** `jsonSyntaxExpression` of the value at the cursor, with its offsets (and its templates') relative to `base`. */
function positionedJsonExpression(cursor: JsonCursor, base: number, depth: number, literal: boolean): Expr {
  const expr = positionedJsonValue(cursor, base, depth, literal);
  jsonSyntaxValues.add(expr);
  return expr;
}

function positionedJsonValue(cursor: JsonCursor, base: number, depth: number, literal: boolean): Expr {
  if (depth > MOST_JSON_DEPTH) throw new RangeError('nested too deeply');
  const next = cursor.peek();
  const start = cursor.position;
  if (next === OPEN_BRACE) {
    const items: ObjectItem[] = [];
    cursor.eachEntry((keyText, keyStart) => {
      const keyEnd = stringEnd(cursor.text, keyStart);
      const value = positionedJsonExpression(cursor, base, depth + 1, literal);
      items.push({ keyText, key: positionedString(cursor.text, keyStart, keyEnd, base, literal), value, keyStart: keyStart - base, keyEnd: keyEnd - base, valueStart: value.start, valueEnd: value.end });
    });
    return { kind: 'object', items, start: start - base, end: cursor.position - base };
  }
  if (next === OPEN_BRACKET) {
    const items: Expr[] = [];
    cursor.eachItem(() => items.push(positionedJsonExpression(cursor, base, depth + 1, literal)));
    return { kind: 'tuple', items, start: start - base, end: cursor.position - base };
  }
  if (next === QUOTE) {
    cursor.position = stringEnd(cursor.text, start);
    return positionedString(cursor.text, start, cursor.position, base, literal);
  }
  cursor.skipValue();
  return { kind: 'literal', value: JSON.parse(cursor.text.slice(start, cursor.position)) as number | boolean | null, start: start - base, end: cursor.position - base };
}

/** A JSON string (quotes at `start` and `end - 1`) as a literal of its text (`literal`: of a `.tfvars.json` file), else as the template it is. */
function positionedString(text: string, start: number, end: number, base: number, literal: boolean): Expr {
  return literal ? { kind: 'literal', value: stringValue(text.slice(start, end)), start: start - base, end: end - base } : positionedTemplate(text, start, end, base);
}

/**
 * The template a JSON string (quotes at `start` and `end - 1`) is, its offsets moved from the string's value to where
 * each character is written in the text, relative to `base`: an escape (`\"`) is written wider than the character.
 */
function positionedTemplate(text: string, start: number, end: number, base: number): TemplateNode {
  // A copy: parseTemplate's trees are cached and shared, by every string of the same text.
  const template = structuredClone(parseTemplate(stringValue(text.slice(start, end))));
  const written: number[] = [];
  for (let at = start + 1; at < end - 1; at = writtenOffset(text, at, 1)) written.push(at - base);
  written.push(end - 1 - base);
  const move = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(move);
    else if (node !== null && typeof node === 'object') {
      const positioned = node as Record<string, unknown>;
      for (const [key, value] of Object.entries(positioned)) {
        if (typeof value === 'number' && POSITION_KEYS.has(key)) positioned[key] = written[Math.min(value, written.length - 1)]!;
        else if (typeof value === 'object') move(value);
      }
    }
  };
  move(template);
  // The string itself, quotes included, as HCL's template is.
  template.start = start - base;
  template.end = end - base;
  return template;
}

/** The fields of a syntax tree's nodes that are offsets (`NodeBase`, `ObjectItem`, `TraversalStep`). */
const POSITION_KEYS = new Set(['start', 'end', 'keyStart', 'keyEnd', 'valueStart', 'valueEnd']);

/**
 * The expression a value of the JSON syntax stands for: each string (an object key too) a template, as Terraform reads
 * it (`"${aws_iam_role.r.arn}"` is the reference), or the literal it is (`literal`: in a `.tfvars.json` file); lists
 * and objects written out. Its offsets are not the file's. Throws past the depth the native parser takes, and where a
 * template does not parse.
 */
function jsonSyntaxExpression(value: unknown, depth: number, literal: boolean): Expr {
  if (depth > MOST_JSON_DEPTH) throw new RangeError('nested too deeply');
  const at = { start: 0, end: 0 };
  const string = (text: string): Expr => (literal ? { kind: 'literal', value: text, ...at } : parseTemplate(text));
  if (typeof value === 'string') return string(value);
  if (Array.isArray(value)) return { kind: 'tuple', items: value.map((item) => jsonSyntaxExpression(item, depth + 1, literal)), ...at };
  if (value !== null && typeof value === 'object') {
    const items = Object.entries(value).map(([key, item]) => ({ keyText: key, key: string(key), value: jsonSyntaxExpression(item, depth + 1, literal), keyStart: 0, keyEnd: 0, valueStart: 0, valueEnd: 0 }));
    return { kind: 'object', items, ...at };
  }
  return { kind: 'literal', value: value as number | boolean | null, ...at };
}

/** As deep as the native syntax parser reads. */
const MOST_JSON_DEPTH = 200;

/** `file` or `templatefile` where an expression is a call of it (out of parentheses): a read of a file's text. */
export function fileReadCall(expr: Expr): 'file' | 'templatefile' | undefined {
  const node = unwrap(expr, false);
  return node.kind === 'call' && (node.name === 'file' || node.name === 'templatefile') ? node.name : undefined;
}

/**
 * The value a policy attribute writes: inside parentheses, `jsonencode(...)` and a lone `"${...}"`. Without
 * `throughJsonencode`, the expression whose value is the attribute's as it is (a `jsonencode` call is then a value built).
 */
export function unwrap(expr: Expr, throughJsonencode = true): Expr {
  let node = expr;
  for (;;) {
    if (node.kind === 'parentheses') node = node.expr;
    else if (throughJsonencode && node.kind === 'call' && node.name === 'jsonencode' && node.args.length === 1) node = node.args[0]!;
    else if (node.kind === 'template' && node.parts.length === 1 && node.parts[0]!.kind === 'interpolation') node = node.parts[0]!.expr;
    else return node;
  }
}
