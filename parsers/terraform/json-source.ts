/** Positions in a `.tf.json` file, in the same block/attribute view the HCL scanner gives. */
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import { jsonBody, type RawBody } from './hcl.js';
import { JSON_LABEL_DEPTH, TextPositions, type SourceBlock, type SourceComment } from './source.js';

export class JsonSource extends TextPositions {
  readonly body: SourceBlock;
  readonly comments: SourceComment[] = [];
  /**
   * The file's body when it writes a key twice where the JSON syntax makes each one more blocks (two top-level
   * `"locals"`, a resource name twice): `JSON.parse`, which reads the file otherwise, keeps only the last.
   */
  readonly bodyWithRepeatedKeys?: RawBody;
  /** Attributes a body sets twice (Terraform refuses them; the last is read), at the second one's name. */
  readonly repeatedAttributes: Array<{ name: string; offset: number }> = [];
  private repeated = false;

  constructor(file: string, text: string) {
    super(file, text);
    this.body = { type: '', labels: [], start: 0, end: text.length, attributes: [], blocks: [] };
    const document = parseDocument(text, { uniqueKeys: false, strict: false });
    if (!isMap(document.contents)) return;
    const kinds = new Set<string>();
    for (const pair of document.contents.items) {
      const kind = keyOf(pair);
      if (kind === undefined) continue;
      if (kinds.has(kind)) this.repeated = true;
      kinds.add(kind);
      this.addLabelled(kind, [], pair, JSON_LABEL_DEPTH[kind] ?? 0);
    }
    if (this.repeated) {
      const members = document.contents.items.flatMap((pair): Array<[string, unknown]> => {
        const kind = keyOf(pair);
        return kind === undefined ? [] : [[kind, withRepeatedLabels(pair.value as YamlNode | null, JSON_LABEL_DEPTH[kind] ?? 0, document, ATTRIBUTE_KEYS[kind] ?? NO_ATTRIBUTE_KEYS)]];
      });
      this.bodyWithRepeatedKeys = jsonBody(members);
    }
  }

  /**
   * A JSON object as a block: every key an attribute, and objects (or lists of objects) also nested blocks. A key
   * written twice is more blocks when each holds blocks, else an attribute set twice.
   */
  private blockOf(type: string, labels: string[], start: number, node: YamlNode, attributeKeys: (key: string) => boolean = NO_ATTRIBUTE_KEYS): SourceBlock {
    const block: SourceBlock = { type, labels, start, end: node.range?.[1] ?? start, attributes: [], blocks: [] };
    if (!isMap(node)) return block;
    const written = new Map<string, YamlNode | null>();
    for (const pair of node.items) {
      const name = keyOf(pair);
      const value = pair.value as YamlNode | null;
      if (name === undefined || !value?.range) continue;
      const nameStart = (pair.key as YamlNode).range?.[0] ?? value.range[0];
      // "//" is a comment, which may be written any number of times.
      if (written.has(name) && name !== '//') {
        this.repeated = true;
        if (attributeKeys(name) || !writesBlocks(written.get(name)!) || !writesBlocks(value)) this.repeatedAttributes.push({ name, offset: nameStart });
      }
      written.set(name, value);
      block.attributes.push({ name, nameStart, start: value.range[0], end: value.range[1] });
      const nested = isSeq(value) ? value.items : [value];
      for (const item of nested) {
        if (!isMap(item as YamlNode)) continue;
        if (name === 'dynamic') this.addDynamicBlocks(block, item as YAMLMap);
        else block.blocks.push(this.blockOf(name, [], (item as YamlNode).range?.[0] ?? nameStart, item as YamlNode));
      }
    }
    return block;
  }

  /**
   * `"dynamic": {"statement": {...}}` as HCL's `dynamic "statement" {...}` is seen: a `dynamic` block labelled with the
   * type it writes, one for each spec (a type may hold a list of them), its `content` inside.
   */
  private addDynamicBlocks(block: SourceBlock, types: YAMLMap): void {
    const written = new Set<string>();
    for (const pair of types.items as Pair[]) {
      const type = keyOf(pair);
      const specs = pair.value as YamlNode | null;
      if (type === undefined || !specs) continue;
      // A type written twice is more dynamic blocks, which JSON.parse would not keep.
      if (written.has(type)) this.repeated = true;
      written.add(type);
      for (const spec of isSeq(specs) ? specs.items : [specs]) {
        if (isMap(spec as YamlNode)) block.blocks.push(this.blockOf('dynamic', [type], (spec as YamlNode).range?.[0] ?? 0, spec as YamlNode));
      }
    }
  }

  private addLabelled(kind: string, labels: string[], pair: Pair, depth: number): void {
    const value = pair.value as YamlNode | null;
    if (depth > 0) {
      // The JSON syntax allows a list of objects wherever an object of labels stands.
      for (const map of isSeq(value) ? value.items : [value]) {
        if (!isMap(map as YamlNode)) continue;
        const written = new Set<string>();
        for (const inner of (map as YAMLMap).items as Pair[]) {
          const label = keyOf(inner);
          if (label === undefined) continue;
          if (written.has(label)) this.repeated = true;
          written.add(label);
          this.addLabelled(kind, [...labels, label], inner, depth - 1);
        }
      }
      return;
    }
    const keyStart = (pair.key as YamlNode | null)?.range?.[0] ?? 0;
    // A list of bodies (`"x": [{...}, {...}]`) writes several blocks: each starts at its own object.
    for (const body of isSeq(value) ? value.items : [value]) {
      if (isMap(body as YamlNode)) this.body.blocks.push(this.blockOf(kind, labels, isSeq(value) ? ((body as YamlNode).range?.[0] ?? keyStart) : keyStart, body as YamlNode, ATTRIBUTE_KEYS[kind]));
    }
  }
}

/**
 * A value of the file as `JSON.parse` gives it, but for the objects of labels above the bodies: each is a list of
 * one-label objects, so that a label written twice keeps both (the list form the JSON syntax also allows).
 */
function withRepeatedLabels(node: YamlNode | null, depth: number, document: Document, attributeKeys: (key: string) => boolean): unknown {
  if (node === null) return null;
  if (depth === 0) return withRepeatedBlocks(node, document, attributeKeys);
  if (isSeq(node)) return node.items.flatMap((item) => (isMap(item as YamlNode) ? (withRepeatedLabels(item as YamlNode, depth, document, attributeKeys) as unknown[]) : []));
  if (!isMap(node)) return node.toJS(document);
  return (node.items as Pair[]).flatMap((pair) => {
    const label = keyOf(pair);
    return label === undefined ? [] : [{ [label]: withRepeatedLabels(pair.value as YamlNode | null, depth - 1, document, attributeKeys) }];
  });
}

/**
 * A body (or any value below it) as `JSON.parse` gives it, but for a key written twice whose values all write blocks:
 * it holds all of their blocks, as a list. Of an attribute set twice (an error), the last value is kept, as `JSON.parse`
 * keeps it.
 */
function withRepeatedBlocks(node: YamlNode, document: Document, attributeKeys: (key: string) => boolean = NO_ATTRIBUTE_KEYS): unknown {
  if (isSeq(node)) return node.items.map((item) => withRepeatedBlocks(item as YamlNode, document));
  if (!isMap(node)) return node.toJS(document);
  const byKey = new Map<string, Array<YamlNode | null>>();
  for (const pair of node.items as Pair[]) {
    const key = keyOf(pair);
    if (key === undefined) continue;
    const values = byKey.get(key);
    if (values) values.push(pair.value as YamlNode | null);
    else byKey.set(key, [pair.value as YamlNode | null]);
  }
  const value: Record<string, unknown> = {};
  for (const [key, values] of byKey) {
    const last = values[values.length - 1]!;
    if (values.length === 1 || attributeKeys(key) || !values.every(writesBlocks)) value[key] = last === null ? null : withRepeatedBlocks(last, document);
    else value[key] = values.flatMap((written) => (isSeq(written) ? written.items : [written]).map((item) => withRepeatedBlocks(item as YamlNode, document)));
  }
  return value;
}

function keyOf(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

/** Whether a value may be written as nested blocks: an object, or a list of objects (none included). */
function writesBlocks(node: YamlNode | null): boolean {
  return isMap(node) || (isSeq(node) && node.items.every((item) => isMap(item as YamlNode)));
}

/**
 * Which keys of a top-level body are attributes whatever their value, as the block type's schema says: a repeated one
 * is set twice, never more blocks. The others' nested blocks depend on a provider's schema, which deputy does not
 * have: an object (or list of objects) there is taken for blocks.
 */
const ATTRIBUTE_KEYS: Readonly<Record<string, (key: string) => boolean>> = {
  locals: () => true,
  module: () => true,
  variable: (key) => key !== 'validation',
  output: (key) => key !== 'precondition',
};

const NO_ATTRIBUTE_KEYS = (): boolean => false;
