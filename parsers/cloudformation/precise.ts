/**
 * Precise path: the `yaml` package's node tree with source ranges. Used lazily for locations, duplicate keys and
 * string origins, and as the template itself when the fast path refuses a file. JSON is read here too (JSON is YAML).
 */
import { isAlias, isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Alias, type Document, type Node, type Pair, type Scalar, type Tags, type YAMLMap } from 'yaml';
import { writtenPosition, type Path, type SourceLocation, type StringOrigin } from '../../src/model/index.js';
import { withTemplate, type TemplateSyntax } from '../template-origin.js';
import { AS_WRITTEN, TWO_FOR_ONE, writtenColumns, type ReadStep } from '../written-columns.js';
import { lastAtOrBefore, lineStarts as lineStartsOf, shownPositions } from '../../src/model/order.js';
import { tooDeepRefusal, type Refusal } from './fast.js';
import { joinedOrigin } from './joined-origin.js';
import { INTRINSIC_TAG_NAMES, longForm, longFormKey, resolvePlainScalar } from './schema.js';
import { countNode, nodeBudget, ShapeError, type ShapeCounter } from './shape.js';
import { setOwn } from '../../src/model/objects.js';

const INTRINSIC_YAML_TAGS: Tags = [...INTRINSIC_TAG_NAMES].flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => value },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (node: unknown) => node },
  { tag: `!${name}`, collection: 'map' as const, resolve: (node: unknown) => node },
]);

/** A key repeated in one mapping; `path` is the long-form path of the mapping from the document root. */
export interface SourceDuplicate {
  path: Array<string | number>;
  key: string;
  locations: SourceLocation[];
}

type Range = readonly [number, number];
type RangedNode = Node & { range: [number, number, number] };

export class PreciseDocument {
  private readonly lineCounter = new LineCounter();
  private readonly document: Document.Parsed;
  /** By alias, the node it names (`aliasTargets`). */
  private targets?: ReadonlyMap<Alias, Node | undefined>;

  constructor(
    private readonly file: string,
    private readonly text: string,
  ) {
    this.document = parseDocument(text, {
      version: '1.1',
      // Plain scalars are resolved like the fast path does (see scalarValue): YAML's own scalar tags are not needed.
      schema: 'failsafe',
      uniqueKeys: false,
      prettyErrors: false,
      lineCounter: this.lineCounter,
      customTags: INTRINSIC_YAML_TAGS,
    });
  }

  /**
   * The first syntax error (later ones are usually consequences of it), else the first tag that names no intrinsic
   * function (`!Reff`): the `yaml` package only warns of it and reads the node as if untagged, which would analyze a
   * misspelt `!Ref` as a literal string.
   */
  get error(): Refusal | undefined {
    const error = this.document.errors[0] ?? this.document.warnings.find(isUnknownLocalTag);
    if (!error) return this.unidentifiedAlias();
    // The composer reports the stack it overflowed on a collection too deep as an error of that collection.
    if (error.code === 'RESOURCE_EXHAUSTION') return tooDeepRefusal(this.text, false, error.pos[0]);
    const { line, col } = this.lineCounter.linePos(error.pos[0]);
    return sectionIndentedUnder(this.text, line) ?? { message: plainMessage(error), ...shownPositions(this.text)(line, col) };
  }

  /**
   * The first alias that names no anchor written before it (`*nothing`): the `yaml` package parses it without an error
   * and would read it as null, where js-yaml and CloudFormation refuse the document.
   */
  private unidentifiedAlias(): Refusal | undefined {
    let found: Alias | undefined;
    for (const [alias, target] of this.aliasTargets()) {
      if (target === undefined) {
        found = alias;
        break;
      }
    }
    if (!found) return undefined;
    const message = `YAML syntax error: unidentified alias "${found.source}" (no anchor &${found.source} is written before it)`;
    const offset = found.range?.[0];
    if (offset === undefined) return { message };
    const { line, col } = this.lineCounter.linePos(offset);
    return { message, ...shownPositions(this.text)(line, col) };
  }

  /**
   * What each alias names, in the order they are written: the last node with its anchor before it, as the `yaml`
   * package resolves an alias (undefined where none is). Found in one pass: the package's own resolution walks the whole
   * document for each alias, quadratic in a template whose resources share one anchored policy.
   */
  private aliasTargets(): ReadonlyMap<Alias, Node | undefined> {
    if (!this.targets) {
      const anchored = new Map<string, Node>();
      const targets = new Map<Alias, Node | undefined>();
      visit(this.document, (_key, node) => {
        if (isAlias(node)) targets.set(node, anchored.get(node.source));
        else if (isNode(node) && node.anchor) anchored.set(node.anchor, node);
      });
      this.targets = targets;
    }
    return this.targets;
  }

  /** The document as plain data with long-form intrinsics; throws ShapeError past the shape limits. */
  toTemplate(): unknown {
    return this.toPlain(this.document.contents, 0, { nodes: 0, budget: nodeBudget(this.text) });
  }

  /**
   * Locates a long-form path, falling back to the deepest node the path reaches. A path ending on a mapping
   * key gives the whole pair (or only the key with `keyOnly`), a sequence index gives the item.
   */
  locate(path: Path, keyOnly = false): SourceLocation | undefined {
    const found = this.walk(path);
    return found && this.location(keyOnly && found.keyRange ? found.keyRange : found.range);
  }

  /**
   * The string written as one scalar at a long-form path (for a `Fn::Sub` node, its template string) and where its
   * text starts; undefined for anything else, and for a flow scalar whose text or source spans several lines.
   */
  stringAt(path: Path): { origin: StringOrigin; value: string } | undefined {
    const found = this.walk(path);
    if (!found?.complete) return undefined;
    let node = found.node;
    const tagName = intrinsicTagName(node);
    const sub = tagName === 'Sub' || (!tagName && isMap(node) && node.items.length === 1 && keyString(node.items[0]!.key) === 'Fn::Sub');
    if (sub) {
      let text = tagName ? node : this.deref((node as YAMLMap).items[0]!.value);
      if (isSeq(text) && (tagName || !intrinsicTagName(text))) text = this.deref(text.items[0]);
      if (text !== node && intrinsicTagName(text)) return undefined;
      node = text;
    } else if (tagName) return undefined;
    return this.scalarStringAt(node, sub);
  }

  /**
   * The origin of the text a `Fn::Join` written at a long-form path makes, from where its literal items are written
   * (see `joinedOrigin`); undefined for anything else, and for a join of a list an intrinsic gives.
   */
  joinedOriginAt(path: Path): StringOrigin | undefined {
    const found = this.walk(path);
    if (!found?.complete) return undefined;
    const { node } = found;
    const tagName = intrinsicTagName(node);
    const longFormJoin = !tagName && isMap(node) && node.items.length === 1 && keyString(node.items[0]!.key) === 'Fn::Join';
    const args = tagName === 'Join' ? node : longFormJoin ? this.deref((node as YAMLMap).items[0]!.value) : undefined;
    if (!isSeq(args) || args.items.length !== 2 || (args !== node && intrinsicTagName(args))) return undefined;
    const [delimiter, list] = args.items.map((item) => this.deref(item));
    const delimiterText = isScalar(delimiter) && !intrinsicTagName(delimiter) ? scalarValue(delimiter) : undefined;
    if (typeof delimiterText !== 'string' || !isSeq(list) || intrinsicTagName(list)) return undefined;
    return joinedOrigin(
      delimiterText,
      list.items.map((written) => {
        const item = this.deref(written);
        const value = isScalar(item) && !intrinsicTagName(item) ? scalarValue(item) : undefined;
        if (typeof value !== 'string') return undefined;
        // An item whose text is written in pieces itself (a folded scalar, a quoted one over several lines) is placed
        // through them: its origin fitted to its own text, whose positions its pieces give.
        const inPieces = this.scalarStringAt(item, false)?.origin;
        return { value, origin: inPieces?.fit ? inPieces.fit(value) : inPieces };
      }),
    );
  }

  /** A string scalar and where its text starts (see `stringAt`); `sub`: it is the template of a `Fn::Sub`. */
  private scalarStringAt(node: unknown, sub: boolean): { origin: StringOrigin; value: string } | undefined {
    if (!isScalar(node) || !isNodeWithRange(node)) return undefined;
    const value = scalarValue(node);
    if (typeof value !== 'string') return undefined;
    const [start, end] = node.range;
    const from = this.lineCounter.linePos(start);
    if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
      // The text starts on the line after the header; the block indentation is where the first content line's text starts.
      const lines = value.split('\n');
      const first = lines.findIndex((line) => line.trim() !== '');
      if (first < 0) return undefined;
      const indent = leadingSpaces(this.lineText(from.line + 1 + first)) - leadingSpaces(lines[first]!) + 1;
      if (lines.some((line, index) => line !== '' && !this.lineText(from.line + 1 + index).startsWith(line, indent - 1))) {
        // A folded scalar joins lines: where it joins each line of the file to the next with a space (no blank or
        // more-indented line between them), its text is those lines' texts joined so, and positions in it are theirs.
        return sub || node.type !== 'BLOCK_FOLDED' ? undefined : this.foldedStringAt(from.line + 1, indent, value);
      }
      const origin: StringOrigin = { line: from.line + 1, column: indent, indentColumn: indent };
      return { origin: sub ? withTemplate(origin, lines, SUB_TEMPLATE) : origin, value };
    }
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    // A quoted scalar whose text or source has several lines (`\n`, a line folded or escaped): each position is placed
    // through the escapes and the folding (not for a Fn::Sub template, whose lines are read as a template's).
    if (value.includes('\n') || /[\r\n]/.test(this.text.slice(start, end))) return quoted && !sub ? this.quotedLinesStringAt(node, value) : undefined;
    const written = quoted ? this.text.slice(start + 1, end).replace(/["'][ \t]*$/, '') : '';
    return { origin: oneLineStringOrigin(from.line, from.col + (quoted ? 1 : 0), written, node.type === 'QUOTE_DOUBLE', sub, value), value };
  }

  /**
   * A folded block scalar whose content lines (from `firstLine`, text starting at `indent`) are all folded into one
   * line of its text, each joined to the next with a space: its origin is that of those lines joined (see
   * `joinedOrigin`); undefined for any other folding.
   */
  private foldedStringAt(firstLine: number, indent: number, value: string): { origin: StringOrigin; value: string } | undefined {
    const text = value.replace(/\n+$/, '');
    if (text.includes('\n')) return undefined;
    const written: string[] = [];
    for (let line = firstLine, length = -1; length < text.length; line++) {
      const content = this.lineText(line).replace(/\r?\n$/, '').slice(indent - 1);
      if (content === '' || /^\s/.test(content)) return undefined;
      written.push(content);
      length += content.length + 1;
    }
    if (written.join(' ') !== text) return undefined;
    // The last line's piece ends with the line breaks the scalar keeps (`>` keeps one).
    const last = written.length - 1;
    const ending = value.slice(text.length);
    const origin = joinedOrigin(' ', written.map((content, index) => ({ value: index === last ? content + ending : content, origin: { line: firstLine + index, column: indent, indentColumn: indent } })));
    return origin && { origin, value };
  }

  /**
   * A quoted scalar whose text or source has several lines: YAML folds a line break (with the blanks around it) into a
   * space, or into line breaks where blank lines follow, and a double-quoted scalar escapes a line break (`\` at a
   * line's end: read as nothing) or writes one (`\n`). Its origin places each position of its text where it is
   * written (see `quotedStringOrigin`).
   */
  private quotedLinesStringAt(node: RangedNode & Scalar, value: string): { origin: StringOrigin; value: string } | undefined {
    const quote = node.type === 'QUOTE_DOUBLE' ? '"' : "'";
    const [start, end] = node.range;
    const closing = this.text.lastIndexOf(quote, end - 1);
    if (closing <= start) return undefined;
    const written = this.text.slice(start + 1, closing);
    return { origin: quotedStringOrigin(written, quote === '"', value, (at) => this.position(start + 1 + at)), value };
  }

  /** The positions of the characters of the string at `path` (see `stringPositions`). */
  positionsInString(path: Path): PositionInString | undefined {
    return stringPositions(this.stringAt(path), (line) => this.lineText(line));
  }

  /** The node a long-form path leads to (`complete`), or the deepest one it reaches, with its range. */
  private walk(path: Path): { node: unknown; range: Range; keyRange?: Range; complete: boolean } | undefined {
    let node: unknown = this.document.contents;
    if (!isNodeWithRange(node)) return undefined;
    let range: Range = [node.range[0], valueEnd(node)];
    let keyRange: Range | undefined;
    for (const element of path) {
      node = this.deref(node);
      keyRange = undefined;
      const tagName = intrinsicTagName(node);
      if (tagName && element === longFormKey(tagName)) {
        if (isNodeWithRange(node)) range = [node.range[0], valueEnd(node)]; // a short-form intrinsic starts at its value
        continue;
      }
      const item: unknown = isSeq(node) && typeof element === 'number' ? node.items[element] : undefined;
      if (isMap(node)) {
        const pair = lastPair(node, String(element));
        if (!pair || !isNodeWithRange(pair.key)) return { node, range, complete: false };
        keyRange = [pair.key.range[0], pair.key.range[1]];
        range = pairRange(pair.key, pair.value);
        node = pair.value;
      } else if (isNodeWithRange(item)) {
        range = [item.range[0], valueEnd(item)];
        node = item;
      } else return { node, range, complete: false };
    }
    return { node: this.deref(node), range, keyRange, complete: true };
  }

  /** The text of a 1-based line, with its line break. */
  private lineText(line: number): string {
    const starts = this.lineCounter.lineStarts;
    return line >= 1 && line <= starts.length ? this.text.slice(starts[line - 1], starts[line]) : '';
  }

  /**
   * The mapping key that ends a long-form path as written, when it is a plain scalar that YAML 1.1 reads as null
   * (`Null`, `NULL`, `null`, `~`): its value names the key "null". Undefined for any other key.
   */
  nullKeyAt(path: Path): string | undefined {
    if (path.length === 0 || path[path.length - 1] !== 'null') return undefined;
    const parent = this.walk(path.slice(0, -1));
    if (!parent?.complete) return undefined;
    const map = parent.node;
    const pair = isMap(map) && !intrinsicTagName(map) ? lastPair(map, 'null') : undefined;
    const key: unknown = pair?.key;
    return isScalar(key) && key.type === 'PLAIN' && !key.tag && scalarValue(key) === null ? (key.source ?? '') : undefined;
  }

  /** Every mapping key that occurs more than once in its mapping, in source order. */
  duplicateKeys(): SourceDuplicate[] {
    const found: SourceDuplicate[] = [];
    const visit = (node: unknown, path: Array<string | number>): void => {
      const tagName = intrinsicTagName(node);
      const inner = tagName ? [...path, longFormKey(tagName)] : path;
      if (isSeq(node)) node.items.forEach((item, index) => visit(item, [...inner, index]));
      if (!isMap(node)) return;
      const pairsByKey = new Map<string, Pair[]>();
      for (const pair of node.items) {
        const key = keyString(pair.key);
        const pairs = pairsByKey.get(key);
        if (pairs) pairs.push(pair);
        else pairsByKey.set(key, [pair]);
        visit(pair.value, [...inner, key]);
      }
      for (const [key, pairs] of pairsByKey) {
        if (pairs.length < 2 || key === '<<') continue;
        found.push({ path: inner, key, locations: pairs.map((pair) => this.pairLocation(pair)) });
      }
    };
    visit(this.document.contents, []);
    return found;
  }

  private pairLocation(pair: Pair): SourceLocation {
    return this.location(pairRange(pair.key as RangedNode, pair.value));
  }

  private location([start, end]: Range): SourceLocation {
    const from = this.lineCounter.linePos(start);
    // A block collection ends at the start of the next line: end the location on its last line instead.
    const to = end > start && this.text[end - 1] === '\n' ? this.lineCounter.linePos(end - 1) : this.lineCounter.linePos(end);
    return { file: this.file, startLine: from.line, startColumn: from.col, endLine: to.line, endColumn: to.col };
  }

  private deref(node: unknown): unknown {
    return isAlias(node) ? this.aliasTargets().get(node) : node;
  }

  /** Where character `offset` of the text is. */
  position(offset: number): { line: number; column: number } {
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }

  /**
   * `expanding` is the outermost alias being expanded: where a limit is crossed inside it, the alias is what the
   * user wrote there (an alias bomb's anchors are harmless until used).
   */
  private toPlain(node: unknown, depth: number, counter: ShapeCounter, expanding?: RangedNode): unknown {
    if (!expanding && isAlias(node) && isNodeWithRange(node)) expanding = node;
    node = this.deref(node);
    try {
      countNode(counter, depth);
    } catch (error) {
      const at = expanding ?? node;
      if (error instanceof ShapeError && isNodeWithRange(at)) error.offset = at.range[0];
      throw error;
    }
    let value: unknown;
    if (isMap(node)) {
      const result: Record<string, unknown> = {};
      const merged: unknown[] = [];
      for (const pair of node.items) {
        const key = keyString(pair.key);
        if (key === '<<' && isScalar(pair.key) && pair.key.type === 'PLAIN') merged.push(...mergeSources(this.deref(pair.value)));
        else setOwn(result, key, this.toPlain(pair.value, depth + 1, counter, expanding));
      }
      for (const source of merged) {
        const sourceValue = this.toPlain(source, depth + 1, counter, expanding) as Record<string, unknown>;
        for (const key of Object.keys(sourceValue)) if (!Object.hasOwn(result, key)) setOwn(result, key, sourceValue[key]);
      }
      value = result;
    } else if (isSeq(node)) {
      value = node.items.map((item) => this.toPlain(item, depth + 1, counter, expanding));
    } else {
      value = isScalar(node) ? scalarValue(node) : null;
    }
    const tagName = intrinsicTagName(node);
    return tagName ? longForm(tagName, value) : value;
  }
}

/**
 * The origin of a string written on one line, its text starting at `column`: `written` is its text as written between
 * its quotes (empty for a plain scalar), whose escapes are longer than what they read as; `sub`, an `Fn::Sub` template.
 */
export function oneLineStringOrigin(line: number, column: number, written: string, doubleQuoted: boolean, sub: boolean, value: string): StringOrigin {
  const origin: StringOrigin = { line, column, indentColumn: column };
  if (doubleQuoted ? written.includes('\\') : written.includes("''")) {
    let columns: ((column: number) => number) | undefined;
    origin.writtenColumn = (_line, textColumn) => (columns ??= quotedColumns(written, doubleQuoted))(textColumn);
  }
  return sub ? withTemplate(origin, [value], SUB_TEMPLATE) : origin;
}

/**
 * The origin of a quoted string's text (`value`) written as `written` between its quotes, over one line or several,
 * `position` giving where each offset of `written` is in the file: a position of the text is placed through the
 * escapes and the line folding (see `quotedStep`). A position is placed nowhere when `written` does not read as
 * `value` so (a reading this does not know), and the origin fits only a text that is `value`: the fast path's reader
 * may read a scalar otherwise (js-yaml 3 keeps the blanks that end a folded line).
 */
export function quotedStringOrigin(written: string, doubleQuoted: boolean, value: string, position: (at: number) => { line: number; column: number }): StringOrigin {
  const { line, column } = position(0);
  // Read on the first position asked: most origins are never asked for one.
  let columns: { starts: (column: number) => number; ends: (column: number) => number } | null | undefined;
  let valueLineStarts: number[] | undefined;
  const placed: StringOrigin = {
    line,
    column,
    indentColumn: column,
    positionInPieces(textLine, textColumn, end) {
      if (columns === undefined) {
        const step = quotedStep(written, doubleQuoted);
        columns = readsAs(written, step, value) ? { starts: writtenColumns(written, step), ends: writtenColumns(written, step, true) } : null;
      }
      if (columns === null) return undefined;
      const offset = ((valueLineStarts ??= lineStartsOf(value))[textLine - 1] ?? Number.NaN) + textColumn - 1;
      if (!(offset >= 0 && offset <= value.length)) return undefined;
      return position((end ? columns.ends : columns.starts)(offset + 1) - 1);
    },
  };
  return { ...placed, fit: (rendered) => (rendered === value ? placed : undefined) };
}

/** Whether `written`, read by `step`, reads as `value`: as many characters, and those written as they read are the same. */
function readsAs(written: string, step: (at: number) => ReadStep, value: string): boolean {
  let read = 0;
  for (let at = 0; at < written.length; ) {
    const { length, units } = step(at);
    if (length === 1 && units === 1 && written[at] !== value[read]) return false;
    at += length;
    read += units;
  }
  return read === value.length;
}

/** Where a character of a string is in its file, by its offset in the string. */
export type PositionInString = (offset: number) => { line: number; column: number };

/**
 * Where each character of a string (its origin and value) is when the file (`lineText`, by 1-based line) shows the
 * text of its line from there unchanged, else where the string starts. Each line of the string is compared with the
 * file's once, from its end: a `Fn::Sub` of thousands of names not declared has a problem at each.
 */
export function stringPositions(found: { origin: StringOrigin; value: string } | undefined, lineText: (line: number) => string): PositionInString | undefined {
  if (!found) return undefined;
  const { origin, value } = found;
  const lineStarts = lineStartsOf(value);
  if (origin.positionInPieces) {
    return (offset) => {
      const index = lastAtOrBefore(lineStarts, offset);
      return writtenPosition(origin, index + 1, offset - lineStarts[index]! + 1, false) ?? { line: origin.line, column: origin.column };
    };
  }
  // By line of the string: the offset from which the file shows the rest of that line as it reads.
  const shownFrom: number[] = [];
  const shownFromOf = (index: number): number => {
    const start = lineStarts[index]!;
    const end = index + 1 < lineStarts.length ? lineStarts[index + 1]! - 1 : value.length;
    const fileLine = lineText(origin.line + index);
    const fileStart = (index === 0 ? origin.column : origin.indentColumn) - 1 - start;
    if (fileStart + end > fileLine.length) return end;
    let from = end;
    while (from > start && fileLine[fileStart + from - 1] === value[from - 1]) from--;
    return from;
  };
  return (offset) => {
    const index = lastAtOrBefore(lineStarts, offset);
    const column = (index === 0 ? origin.column : origin.indentColumn) + offset - lineStarts[index]!;
    return offset >= (shownFrom[index] ??= shownFromOf(index)) ? { line: origin.line + index, column } : { line: origin.line, column: origin.column };
  };
}

/** The yaml package's messages that name its internals or its API, in plain words. */
const PLAIN_MESSAGES: Readonly<Record<string, string>> = {
  'Implicit keys need to be on a single line': "A key must be on one line (missing ':'?)",
  'Implicit map keys need to be followed by map values': "A key must be followed by ':'",
  'Nested mappings are not allowed in compact mappings': 'A mapping cannot start on the line of its key',
  'Unexpected doc-end without preceding document': "Unexpected '...' before any document",
  'Missing directives-end indicator line': "Missing the '---' line after the directives",
  'Missing directives-end/doc-start indicator line': "Missing the '---' line after the directives",
};

/** Names for the yaml package's token types, which some of its messages show. */
const TOKEN_NAMES: Readonly<Record<string, string>> = {
  'doc-start': "'---'", 'doc-end': "'...'", 'block-map': 'mapping', 'block-seq': 'list', 'block-scalar': 'block scalar',
  'flow-collection': 'flow collection', 'flow-map-start': "'{'", 'flow-map-end': "'}'", 'flow-seq-start': "'['",
  'flow-seq-end': "']'", 'flow-error-end': 'end of a flow collection', 'map-value-ind': "':'", 'seq-item-ind': "'-'",
  'explicit-key-ind': "'?'", comma: "','", scalar: 'text', 'directive-line': 'directive', 'byte-order-mark': 'byte order mark', newline: 'line break',
};

/** A message of the yaml package without its token-type names and API hints. */
/**
 * A tag written with one `!` that the intrinsic tags do not resolve. `!!str` and the like are YAML's own, and a
 * namespaced tag (`!Rain::Embed`) is a preprocessor's, which the node it tags is read through.
 */
function isUnknownLocalTag({ code, message }: { code: string; message: string }): boolean {
  return code === 'TAG_RESOLVE_FAILED' && /^Unresolved tag: ![^!:]+$/.test(message);
}

/** A template's top-level sections (CloudFormation template anatomy, SAM's Globals, CodeDeploy's Hooks, as detect.ts's NO_OWNER reads them). */
const TEMPLATE_SECTIONS: ReadonlySet<string> = new Set(['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings', 'Conditions', 'Transform', 'Resources', 'Outputs', 'Globals', 'Hooks']);
/** The sections whose value is text (Transform: a macro's name), written on the section's line. */
const SECTION_WITH_TEXT = /^["']?(AWSTemplateFormatVersion|Description|Transform)["']?[ \t]*:[ \t]+[^\s#{[|>&*]/;
const INDENTED_SECTION = /^([ \t]+)["']?(\w+)["']?[ \t]*:(?:[ \t]|$)/;

/**
 * Where YAML refuses a section indented by mistake (` Resources:`) under a section that writes its text (`Description:
 * x`): at the text's line, which the indented key would continue ("A mapping cannot start on the line of its key"), or
 * at the indented line ("All mapping items must start at the same column"). Said at the indented section, in the
 * template's terms; undefined for any other error.
 */
function sectionIndentedUnder(text: string, line: number): Refusal | undefined {
  const lines = text.split(/\r?\n/);
  const blank = (at: number) => /^[ \t]*(?:#.*)?$/.test(lines[at]!);
  let owner = line - 1;
  let indented = owner;
  if (INDENTED_SECTION.test(lines[owner] ?? '')) while (owner > 0 && blank(--owner));
  else while (indented + 1 < lines.length && blank(++indented));
  const written = SECTION_WITH_TEXT.exec(lines[owner] ?? '');
  const section = INDENTED_SECTION.exec(lines[indented] ?? '');
  if (owner === indented || !written || !section || !TEMPLATE_SECTIONS.has(section[2]!)) return undefined;
  return {
    message: `YAML syntax error: ${section[2]} is indented under ${written[1]}, a section that holds text: a template's sections start in the first column`,
    ...shownPositions(text)(indented + 1, section[1]!.length + 1),
  };
}

function plainMessage({ code, message }: { code: string; message: string }): string {
  if (code === 'MULTIPLE_DOCS') return 'the file holds several YAML documents; a template is one document';
  if (code === 'TAG_RESOLVE_FAILED') return `unknown tag ${message.replace(/^Unresolved tag: /, '')}: CloudFormation has no such intrinsic function (a misspelt !Ref, !Sub, !GetAtt, ...?)`;
  const name = (type: string) => TOKEN_NAMES[type] ?? type;
  const reworded = message
    .replace(/^(?:Unexpected ([\w-]+) token(?: in YAML (?:stream|document))?|Unsupported token (?:\(type: )?([\w-]+)\)?)(?:: (.*))?$/, (_all, token?: string, other?: string, source?: string) => {
      const what = name((token ?? other)!);
      return `Unexpected ${what}${source && !what.startsWith("'") ? ` ${source}` : ''}`;
    })
    .replace(/^Unexpected ([\w-]+) at node end$/, (_all, type: string) => `Unexpected ${name(type)} after a value`)
    .replace(/^Expected a flow scalar value, but found: ([\w-]+)$/, (_all, type: string) => `Expected a value, found ${name(type)}`)
    .replace(/^Unexpected token in block scalar header: ([\w-]+)$/, (_all, type: string) => `Unexpected ${name(type)} in a block scalar header`);
  return `YAML syntax error: ${PLAIN_MESSAGES[message] ?? reworded}`;
}

/**
 * The columns, in a quoted scalar as written, of the columns of the text it reads as: escapes (`\\"`, `\\u00e9`, `''`)
 * are written longer, and so are line breaks folded or escaped (see `quotedStep`).
 */
function quotedColumns(written: string, doubleQuoted: boolean): (column: number) => number {
  return writtenColumns(written, quotedStep(written, doubleQuoted));
}

/**
 * How a quoted scalar as written (between its quotes) reads from an offset, per YAML 1.2 (7.3.1, 7.3.2, 7.3.3): an
 * escape (`\\x41`, `\\u00e9`, `\\U0001F600`, `\\n`, `\\ `...) reads as one character (two UTF-16 units past
 * U+FFFF), `''` as one quote; the blanks ending a line, its break, the blank lines after it and the blanks starting the
 * next line read as one space, or as a line break per blank line; an escaped line break (`\\` at a line's end), its
 * blank lines and the blanks starting the next line read as nothing, or a line break per blank line.
 */
function quotedStep(written: string, doubleQuoted: boolean): (at: number) => ReadStep {
  // Where the run of blanks holding an offset ends (the last asked): each blank of a long run is asked in turn.
  let blanksFrom = -1;
  let blanksEnd = -1;
  const blanksAfter = (at: number): number => {
    if (at < blanksFrom || at > blanksEnd) {
      blanksFrom = at;
      for (blanksEnd = at; written[blanksEnd] === ' ' || written[blanksEnd] === '\t'; ) blanksEnd++;
    }
    return blanksEnd;
  };
  const breakLength = (at: number): number => (written.startsWith('\r\n', at) ? 2 : written[at] === '\n' || written[at] === '\r' ? 1 : 0);
  // From a line break: past it, the blank lines after it and the blanks starting the next line, with how many blank lines.
  const folded = (at: number): { end: number; blankLines: number } => {
    let end = at + breakLength(at);
    let blankLines = 0;
    for (let next = blanksAfter(end); breakLength(next) > 0; next = blanksAfter(end)) {
      end = next + breakLength(next);
      blankLines++;
    }
    return { end: blanksAfter(end), blankLines };
  };
  return (at) => {
    const character = written[at];
    if (doubleQuoted && character === '\\') {
      if (breakLength(at + 1) > 0) {
        const { end, blankLines } = folded(at + 1);
        return { length: end - at, units: blankLines };
      }
      // A code point past U+FFFF reads as two UTF-16 units.
      const units = written[at + 1] === 'U' && Number.parseInt(written.slice(at + 2, at + 10), 16) > 0xffff ? 2 : 1;
      return { length: ESCAPE_LENGTHS[written[at + 1] ?? ''] ?? 2, units };
    }
    if (character === ' ' || character === '\t' || character === '\n' || character === '\r') {
      const lineEnd = blanksAfter(at);
      if (breakLength(lineEnd) > 0) {
        const { end, blankLines } = folded(lineEnd);
        return { length: end - at, units: blankLines === 0 ? 1 : blankLines };
      }
    }
    return !doubleQuoted && written.startsWith("''", at) ? TWO_FOR_ONE : AS_WRITTEN;
  };
}

/** Double-quoted escapes longer than a backslash and one character: `\\xXX`, `\\uXXXX`, `\\UXXXXXXXX`. */
const ESCAPE_LENGTHS: Readonly<Record<string, number>> = { x: 4, u: 6, U: 10 };

/**
 * `Fn::Sub` strings as `withTemplate` reads them: `${Name}` is substituted (no nesting), `${!Literal}` reads as
 * `${Literal}`.
 */
const SUB_TEMPLATE: TemplateSyntax = {
  start: /\$\{/,
  line(written) {
    const runs: Array<{ start: number; text: string }> = [];
    let runStart = 0;
    for (let at = written.indexOf('${'); at >= 0; at = written.indexOf('${', at)) {
      if (written[at + 2] === '!') {
        at += 3;
        continue;
      }
      const end = written.indexOf('}', at + 2);
      if (end < 0) return undefined;
      runs.push({ start: runStart, text: written.slice(runStart, at) });
      runStart = end + 1;
      at = runStart;
    }
    runs.push({ start: runStart, text: written.slice(runStart) });
    return runs;
  },
  unescaped: (written) => written.replaceAll('${!', '${'),
  // `${!` reads as `${`: the `!` after the brace is skipped.
  writtenColumns: (written) => writtenColumns(written, (at) => (written.startsWith('{!', at) && written[at - 1] === '$' ? TWO_FOR_ONE : AS_WRITTEN)),
};

function leadingSpaces(text: string): number {
  return text.length - text.replace(/^ +/, '').length;
}

function mergeSources(value: unknown): unknown[] {
  if (isMap(value)) return [value];
  return isSeq(value) ? value.items : [];
}

/** A pair goes from the start of its key to the end of its value (an empty value ends with the key). */
function pairRange(key: RangedNode, value: unknown): Range {
  return [key.range[0], Math.max(key.range[1], isNodeWithRange(value) ? valueEnd(value) : 0)];
}

/**
 * Where a node's value ends. The yaml package ends a block list or mapping after the comment on its last line (and
 * the line break): it ends here with the value of its last entry, so that a location does not take in the comment.
 */
function valueEnd(node: RangedNode): number {
  if ((isSeq(node) || isMap(node)) && !node.flow) {
    const last: unknown = node.items[node.items.length - 1];
    if (isPair(last) && isNodeWithRange(last.key)) return Math.max(last.key.range[1], isNodeWithRange(last.value) ? valueEnd(last.value) : 0);
    if (isNodeWithRange(last)) return valueEnd(last);
  }
  return node.range[1];
}

function isNodeWithRange(node: unknown): node is RangedNode {
  return typeof node === 'object' && node !== null && Array.isArray((node as Node).range);
}

function intrinsicTagName(node: unknown): string | undefined {
  const tag = (node as Node | undefined)?.tag;
  const name = tag?.startsWith('!') ? tag.slice(1) : undefined;
  return name !== undefined && INTRINSIC_TAG_NAMES.has(name) ? name : undefined;
}

/** Plain untagged scalars resolve exactly as on the fast path; quoted and block scalars are strings. */
function scalarValue(node: Scalar): unknown {
  if (node.type === 'PLAIN' && !node.tag) return node.source ? resolvePlainScalar(node.source) : null;
  const { value } = node;
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : String(node.source ?? value);
}

function keyString(key: unknown): string {
  return String(isScalar(key) ? scalarValue(key) : key);
}

/** The last pair of a mapping with the key. */
function lastPair(map: YAMLMap, key: string): Pair | undefined {
  const pairs = map.items as Pair[];
  if (pairs.length <= MOST_PAIRS_SEARCHED) {
    for (let index = pairs.length - 1; index >= 0; index--) if (keyString(pairs[index]!.key) === key) return pairs[index];
    return undefined;
  }
  // `Resources` of a large template: searched for every finding, it made locating them take quadratic time.
  let byKey = pairsByKey.get(map);
  if (!byKey) {
    byKey = new Map();
    for (const pair of pairs) byKey.set(keyString(pair.key), pair);
    pairsByKey.set(map, byKey);
  }
  return byKey.get(key);
}

/** Past this many pairs, a mapping's pairs are looked up by key (the last of a repeated key) rather than searched. */
const MOST_PAIRS_SEARCHED = 16;
const pairsByKey = new WeakMap<YAMLMap, Map<string, Pair>>();
