/**
 * Positions in a `.tf.json` file, in the same block/attribute view the HCL scanner gives. The text is walked with the
 * JSON cursor the plan is located with: the `yaml` reader took about twenty times as long as `JSON.parse` (2.5 s for a
 * generated 2 MB file).
 */
import type { StringOrigin } from '../../src/model/index.js';
import { oneLineStringOrigin, quotedStringOrigin } from '../cloudformation/precise.js';
import { fileCursor, JsonCursor, OPEN_BRACE, OPEN_BRACKET, QUOTE, stringEnd, stringValue } from '../json-text.js';
import { templateLinesFit, withTemplate } from '../template-origin.js';
import { isRecord, jsonBody, type RawBody } from './hcl.js';
import { addRepeatedExpressionKeys, COMMENT_KEY, MOST_NESTED, type RepeatedKey } from './json-repeated-keys.js';
import { HCL_TEMPLATE, interpolatesOnly, JSON_LABEL_DEPTH, TextPositions, type SourceBlock, type SourceComment } from './source.js';
import { ownEntry, setOwn } from '../../src/model/objects.js';

export class JsonSource extends TextPositions {
  readonly body: SourceBlock;
  readonly comments: SourceComment[] = [];
  /**
   * The file's body when it writes a key twice where the JSON syntax makes each one more blocks (two top-level
   * `"locals"`, a resource name twice): `JSON.parse`, which reads the file otherwise, keeps only the last.
   */
  readonly bodyWithRepeatedKeys?: RawBody;
  /**
   * Attributes a body sets twice, and keys an object of an attribute's value writes twice (`"tags": {"team": ..., "team":
   * ...}`): Terraform refuses both, the last is read. At the second one's name.
   */
  readonly repeatedAttributes: RepeatedKey[] = [];
  private repeated = false;
  private readonly cursor: JsonCursor;
  /** The values `writtenAt` has read, by where they start. */
  private readonly writtenValues = new Map<number, WrittenJson>();
  /** Where the file writes a variable's `default`, whose strings Terraform takes as the text they are, not templates. */
  private literalSpans?: Array<[start: number, end: number]>;

  /**
   * `variables`: the text is a `.tfvars.json` file, whose members are attributes (a root variable's value each) and
   * whose strings are the text they are, not templates (`${aws:username}` there is a policy variable).
   */
  constructor(
    file: string,
    text: string,
    readonly variables = false,
  ) {
    super(file, text);
    this.body = { type: '', labels: [], start: 0, end: text.length, attributes: [], blocks: [] };
    this.cursor = fileCursor(text);
    if (variables) {
      const { cursor } = this;
      cursor.eachEntry((name, nameStart) => {
        const start = (cursor.peek(), cursor.position);
        cursor.skipValue();
        this.body.attributes.push({ name, nameStart, start, end: cursor.position });
      });
      return;
    }
    const kinds = new Set<string>();
    this.cursor.eachEntry((kind, keyStart) => {
      if (kind === COMMENT_KEY) return this.cursor.skipValue();
      if (kinds.has(kind)) this.repeated = true;
      kinds.add(kind);
      this.addLabelled(kind, [], keyStart, ownEntry(JSON_LABEL_DEPTH, kind) ?? 0);
    });
    if (this.repeated) {
      const cursor = fileCursor(text);
      const members: Array<[string, unknown]> = [];
      try {
        cursor.eachEntry((kind) => members.push([kind, withRepeatedLabels(cursor, ownEntry(JSON_LABEL_DEPTH, kind) ?? 0, ownEntry(ATTRIBUTE_KEYS, kind) ?? NO_ATTRIBUTE_KEYS)]));
        this.bodyWithRepeatedKeys = jsonBody(members);
      } catch (error) {
        // Not JSON: the parse of the file reports where.
        if (!(error instanceof SyntaxError)) throw error;
      }
    }
  }

  /**
   * The JSON value written at `start` (an attribute's, or one inside it): an object's members or a list's items and
   * where each is written. Read once per value, when a value is first located below it or read apart from it.
   */
  writtenAt(start: number): WrittenJson {
    let found = this.writtenValues.get(start);
    if (!found) {
      found = readWritten(this.text, start);
      this.writtenValues.set(start, found);
    }
    return found;
  }

  /**
   * Where the text of the JSON string written at `start` is, through its escapes, as a CloudFormation JSON template's
   * string is placed (`JsonTemplateText`); undefined where no string is written there. The string is a template
   * (`${...}` interpolates, `$${` reads as `${`) but where it `writesLiterally`; one whose text breaks lines (`\n`)
   * places a rendering on the lines of the text it keeps, as a heredoc does, those lines all on the file's one line. It
   * names its file: a module call's argument is read in another file.
   * Undefined too for a template of interpolations alone, which writes none of the text.
   */
  stringOriginAt(start: number): StringOrigin | undefined {
    const { text, file } = this;
    if (text.charCodeAt(start) !== QUOTE) return undefined;
    const end = stringEnd(text, start);
    const written = text.slice(start + 1, end - 1);
    const value = stringValue(text.slice(start, end));
    const literal = this.writesLiterally(start);
    // A template of interpolations alone (`"${file(...)}"`) writes none of the text: it is made where they read it.
    if (!literal && interpolatesOnly(value)) return undefined;
    if (value.includes('\n')) {
      const placed = { ...quotedStringOrigin(written, true, value, (at) => this.lineColumn(start + 1 + at)), file };
      const fit = literal ? undefined : templateLinesFit(placed, value, HCL_TEMPLATE);
      return { ...placed, fit: fit ?? ((rendered) => withFile(placed.fit?.(rendered), file)) };
    }
    const { line, column } = this.lineColumn(start + 1);
    const origin = { ...oneLineStringOrigin(line, column, written, true, false, value), file };
    return literal ? origin : withTemplate(origin, [value], HCL_TEMPLATE);
  }

  /**
   * Whether a string written at `start` is the text it writes rather than a template: in a `.tfvars.json` file, and in a
   * variable's `default`, which Terraform reads without evaluating it (`${aws:username}` there is a policy variable).
   */
  writesLiterally(start: number): boolean {
    if (this.variables) return true;
    this.literalSpans ??= this.body.blocks.flatMap((block) => (block.type === 'variable' ? block.attributes.filter((attribute) => attribute.name === 'default').map((attribute): [number, number] => [attribute.start, attribute.end]) : []));
    return this.literalSpans.some(([from, to]) => start >= from && start < to);
  }

  /** The value at the cursor, under `labels` of a block kind, `depth` labels still to come: blocks of `parent`. */
  private addLabelled(kind: string, labels: string[], keyStart: number, depth: number, parent = this.body): void {
    const { cursor } = this;
    if (depth > 0) {
      // The JSON syntax allows a list of objects wherever an object of labels stands.
      eachObject(cursor, () => {
        const written = new Set<string>();
        cursor.eachEntry((label, labelStart) => {
          if (written.has(label)) this.repeated = true;
          written.add(label);
          this.addLabelled(kind, [...labels, label], labelStart, depth - 1, parent);
        });
      });
      return;
    }
    // A list of bodies (`"x": [{...}, {...}]`) writes several blocks: each starts at its own object.
    const listed = cursor.peek() === OPEN_BRACKET;
    eachObject(cursor, (start) => parent.blocks.push(this.blockOf(kind, labels, listed ? start : keyStart, ownEntry(ATTRIBUTE_KEYS, kind))));
  }

  /**
   * The JSON object at the cursor as a block: every key an attribute, and objects (or lists of objects) also nested
   * blocks. A key written twice is more blocks when each holds blocks, else an attribute set twice.
   */
  private blockOf(type: string, labels: string[], start: number, attributeKeys: (key: string) => boolean = NO_ATTRIBUTE_KEYS, depth = 0): SourceBlock {
    const { cursor } = this;
    const block: SourceBlock = { type, labels, start, end: start, attributes: [], blocks: [] };
    const written = new Map<string, boolean>();
    cursor.eachEntry((name, nameStart) => {
      const valueStart = (cursor.peek(), cursor.position);
      const nested = cursor.peek() === OPEN_BRACE || cursor.peek() === OPEN_BRACKET;
      let holdsBlocks = nested;
      // The data source a check block scopes is labelled as one the file declares.
      if (depth === 0 && type === 'check' && name === 'data') this.addLabelled(name, [], nameStart, JSON_LABEL_DEPTH[name]!, block);
      // A comment, whatever it holds: Terraform reads nothing of it.
      else if (name === COMMENT_KEY) cursor.skipValue();
      // An attribute's value is an expression, whose objects write no blocks.
      else if (nested && attributeKeys(name)) {
        holdsBlocks = false;
        addRepeatedExpressionKeys(cursor, this.repeatedAttributes);
      }
      // Deeper than any block Terraform nests, an object is an attribute's value: it is located as a whole.
      else if (nested && depth < MOST_NESTED) holdsBlocks = this.nestedBlocks(block, name, depth + 1);
      else cursor.skipValue();
      // A comment may be written any number of times.
      if (written.has(name) && name !== COMMENT_KEY) {
        this.repeated = true;
        if (attributeKeys(name) || !written.get(name) || !holdsBlocks) this.repeatedAttributes.push({ name, offset: nameStart });
      }
      written.set(name, holdsBlocks);
      block.attributes.push({ name, nameStart, start: valueStart, end: cursor.position });
    });
    block.end = cursor.position;
    return block;
  }

  /**
   * The blocks an object, or a list, at the cursor writes under `name`; whether it may be written as blocks (an
   * object, or a list of objects only, none included).
   */
  private nestedBlocks(block: SourceBlock, name: string, depth: number): boolean {
    const { cursor } = this;
    let onlyObjects = true;
    const list = cursor.peek() === OPEN_BRACKET;
    const visit = (start: number): void => {
      if (name === 'dynamic') this.addDynamicBlocks(block, depth);
      else block.blocks.push(this.blockOf(name, [], start, NO_ATTRIBUTE_KEYS, depth));
    };
    if (!list) visit(cursor.position);
    else {
      cursor.eachItem(() => {
        if (cursor.peek() === OPEN_BRACE) visit(cursor.position);
        else {
          onlyObjects = false;
          cursor.skipValue();
        }
      });
    }
    return onlyObjects;
  }

  /**
   * `"dynamic": {"statement": {...}}` as HCL's `dynamic "statement" {...}` is seen: a `dynamic` block labelled with the
   * type it writes, one for each spec (a type may hold a list of them), its `content` inside.
   */
  private addDynamicBlocks(block: SourceBlock, depth: number): void {
    const { cursor } = this;
    const written = new Set<string>();
    cursor.eachEntry((type) => {
      // A type written twice is more dynamic blocks, which JSON.parse would not keep.
      if (written.has(type)) this.repeated = true;
      written.add(type);
      eachObject(cursor, (start) => block.blocks.push(this.blockOf('dynamic', [type], start, NO_ATTRIBUTE_KEYS, depth)));
    });
  }
}

function withFile(origin: StringOrigin | undefined, file: string): StringOrigin | undefined {
  return origin && { ...origin, file };
}

/** Where a value is written: from its key (an object's member) or its first character (a list's item) to its end. */
export interface WrittenSpan {
  /** Where the value itself starts. */
  start: number;
  /** Where what locates it starts: the member's key, or the item itself. */
  from: number;
  end: number;
}

/**
 * A JSON value as an expression of the Terraform JSON syntax writes it: an object (whose keys are templates: one that
 * interpolates, `"${var.team}"`, is computed), a list, or anything else (a string is a template, whose value may be
 * built anywhere).
 */
export type WrittenJson =
  | { kind: 'object'; members: Map<string, WrittenSpan>; computedKeys: boolean }
  | { kind: 'list'; items: WrittenSpan[] }
  | { kind: 'other' };

function readWritten(text: string, start: number): WrittenJson {
  const cursor = new JsonCursor(text);
  cursor.position = start;
  const span = (from: number): WrittenSpan => {
    // Past the blanks before the value.
    cursor.peek();
    const valueStart = cursor.position;
    cursor.skipValue();
    return { start: valueStart, from: from < 0 ? valueStart : from, end: cursor.position };
  };
  const next = cursor.peek();
  if (next === OPEN_BRACE) {
    // Of a key written twice, the last: JSON.parse keeps its value.
    const members = new Map<string, WrittenSpan>();
    let computedKeys = false;
    cursor.eachEntry((key, keyStart) => {
      members.set(key, span(keyStart));
      if (/[$%]\{/.test(key)) computedKeys = true;
    });
    return { kind: 'object', members, computedKeys };
  }
  if (next === OPEN_BRACKET) {
    const items: WrittenSpan[] = [];
    cursor.eachItem(() => items.push(span(-1)));
    return { kind: 'list', items };
  }
  return { kind: 'other' };
}

/** Calls `visit` with where each object at the cursor starts: the object there, or each object of the list there; skips anything else. */
function eachObject(cursor: JsonCursor, visit: (start: number) => void): void {
  const visitObject = (): void => {
    if (cursor.peek() === OPEN_BRACE) visit(cursor.position);
    else cursor.skipValue();
  };
  if (cursor.peek() === OPEN_BRACKET) cursor.eachItem(visitObject);
  else visitObject();
}

/**
 * Which keys of a top-level body are attributes whatever their value, as the block type's schema says: a repeated one
 * is set twice, never more blocks. The others' nested blocks depend on a provider's schema, which deputy does not
 * have: an object (or list of objects) there is taken for blocks.
 */
const ATTRIBUTE_KEYS: Readonly<Record<string, (key: string) => boolean>> = {
  resource: (key) => META_ARGUMENTS.has(key),
  data: (key) => META_ARGUMENTS.has(key),
  locals: () => true,
  module: () => true,
  variable: (key) => key !== 'validation',
  output: (key) => key !== 'precondition',
};

const NO_ATTRIBUTE_KEYS = (): boolean => false;

/** The arguments Terraform itself reads in a resource or data source, whatever its type: attributes all. */
const META_ARGUMENTS = new Set(['count', 'for_each', 'depends_on', 'provider']);

/**
 * The value at the cursor as `JSON.parse` gives it, but for the objects of labels above the bodies: each is a list of
 * one-label objects, so that a label written twice keeps both (the list form the JSON syntax also allows).
 */
function withRepeatedLabels(cursor: JsonCursor, depth: number, attributeKeys: (key: string) => boolean): unknown {
  if (depth === 0) return withRepeatedBlocks(cursor, attributeKeys);
  const labelled: unknown[] = [];
  eachObject(cursor, () => cursor.eachEntry((label) => labelled.push({ [label]: withRepeatedLabels(cursor, depth - 1, attributeKeys) })));
  return labelled;
}

/**
 * A body (or any value below it) as `JSON.parse` gives it, but for a key written twice whose values all write blocks:
 * it holds all of their blocks, as a list. Of an attribute set twice (an error), the last value is kept, as `JSON.parse`
 * keeps it.
 */
function withRepeatedBlocks(cursor: JsonCursor, attributeKeys: (key: string) => boolean = NO_ATTRIBUTE_KEYS, depth = 0): unknown {
  const next = cursor.peek();
  if ((next !== OPEN_BRACE && next !== OPEN_BRACKET) || depth >= MOST_NESTED) return readWhole(cursor);
  if (next === OPEN_BRACKET) {
    const items: unknown[] = [];
    cursor.eachItem(() => items.push(withRepeatedBlocks(cursor, NO_ATTRIBUTE_KEYS, depth + 1)));
    return items;
  }
  const byKey = new Map<string, unknown[]>();
  cursor.eachEntry((key) => {
    // An attribute's value is an expression, whose objects write no blocks: as JSON.parse reads it.
    const value = attributeKeys(key) ? readWhole(cursor) : withRepeatedBlocks(cursor, NO_ATTRIBUTE_KEYS, depth + 1);
    const values = byKey.get(key);
    if (values) values.push(value);
    else byKey.set(key, [value]);
  });
  const value: Record<string, unknown> = {};
  for (const [key, values] of byKey) {
    if (values.length === 1 || attributeKeys(key) || !values.every(writesBlocks)) setOwn(value, key, values[values.length - 1]);
    else setOwn(value, key, values.flatMap((written) => (Array.isArray(written) ? written : [written])));
  }
  return value;
}

/** The value at the cursor as `JSON.parse` reads it (a SyntaxError when the text is not JSON), moving past it. */
function readWhole(cursor: JsonCursor): unknown {
  cursor.peek();
  const start = cursor.position;
  cursor.skipValue();
  const written = cursor.text.slice(start, cursor.position).trim();
  return written === '' ? null : (JSON.parse(written) as unknown);
}

/** Whether a value may be written as nested blocks: an object, or a list of objects (none included). */
function writesBlocks(value: unknown): boolean {
  return isRecord(value) || (Array.isArray(value) && value.every(isRecord));
}
