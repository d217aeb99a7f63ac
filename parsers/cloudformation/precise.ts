/**
 * Precise path: the `yaml` package's node tree with source ranges. Used lazily for locations and duplicate keys,
 * and as the template itself when the fast path refuses a file. JSON is read here too (JSON is YAML).
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, type Scalar, type Tags } from 'yaml';
import type { Path, SourceLocation } from '../../src/model/index.js';
import type { Refusal } from './fast.js';
import { INTRINSIC_TAG_NAMES, longForm, longFormKey, resolvePlainScalar } from './schema.js';
import { countNode, nodeBudget, setOwn, type ShapeCounter } from './shape.js';

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

  /** The first syntax error (later ones are usually consequences of it). */
  get error(): Refusal | undefined {
    const error = this.document.errors[0];
    if (!error) return undefined;
    const { line, col } = this.lineCounter.linePos(error.pos[0]);
    return { message: `YAML syntax error: ${error.message}`, line, column: col };
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
    let node: unknown = this.document.contents;
    if (!isNodeWithRange(node)) return undefined;
    let range: Range = [node.range[0], node.range[1]];
    let keyRange: Range | undefined;
    for (const element of path) {
      node = this.deref(node);
      const tagName = intrinsicTagName(node);
      if (tagName && element === longFormKey(tagName)) continue;
      keyRange = undefined;
      const item: unknown = isSeq(node) && typeof element === 'number' ? node.items[element] : undefined;
      if (isMap(node)) {
        const pair = lastPair(node.items, String(element));
        if (!pair || !isNodeWithRange(pair.key)) break;
        keyRange = [pair.key.range[0], pair.key.range[1]];
        range = pairRange(pair.key, pair.value);
        node = pair.value;
      } else if (isNodeWithRange(item)) {
        range = [item.range[0], item.range[1]];
        node = item;
      } else break;
    }
    return this.location(keyOnly && keyRange ? keyRange : range);
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
    return isAlias(node) ? node.resolve(this.document) : node;
  }

  private toPlain(node: unknown, depth: number, counter: ShapeCounter): unknown {
    node = this.deref(node);
    countNode(counter, depth);
    let value: unknown;
    if (isMap(node)) {
      const result: Record<string, unknown> = {};
      const merged: unknown[] = [];
      for (const pair of node.items) {
        const key = keyString(pair.key);
        if (key === '<<' && isScalar(pair.key) && pair.key.type === 'PLAIN') merged.push(...mergeSources(this.deref(pair.value)));
        else setOwn(result, key, this.toPlain(pair.value, depth + 1, counter));
      }
      for (const source of merged) {
        const sourceValue = this.toPlain(source, depth + 1, counter) as Record<string, unknown>;
        for (const key of Object.keys(sourceValue)) if (!Object.hasOwn(result, key)) setOwn(result, key, sourceValue[key]);
      }
      value = result;
    } else if (isSeq(node)) {
      value = node.items.map((item) => this.toPlain(item, depth + 1, counter));
    } else {
      value = isScalar(node) ? scalarValue(node) : null;
    }
    const tagName = intrinsicTagName(node);
    return tagName ? longForm(tagName, value) : value;
  }
}

function mergeSources(value: unknown): unknown[] {
  if (isMap(value)) return [value];
  return isSeq(value) ? value.items : [];
}

/** A pair goes from the start of its key to the end of its value (an empty value ends with the key). */
function pairRange(key: RangedNode, value: unknown): Range {
  return [key.range[0], Math.max(key.range[1], isNodeWithRange(value) ? value.range[1] : 0)];
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

function lastPair(pairs: Pair[], key: string): Pair | undefined {
  for (let index = pairs.length - 1; index >= 0; index--) if (keyString(pairs[index].key) === key) return pairs[index];
  return undefined;
}
