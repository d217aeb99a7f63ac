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
        return kind === undefined ? [] : [[kind, withRepeatedLabels(pair.value as YamlNode | null, JSON_LABEL_DEPTH[kind] ?? 0, document)]];
      });
      this.bodyWithRepeatedKeys = jsonBody(members);
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
      if (isMap(body as YamlNode)) this.body.blocks.push(blockOf(kind, labels, isSeq(value) ? ((body as YamlNode).range?.[0] ?? keyStart) : keyStart, body as YamlNode));
    }
  }
}

/**
 * A value of the file as `JSON.parse` gives it, but for the objects of labels above the bodies: each is a list of
 * one-label objects, so that a label written twice keeps both (the list form the JSON syntax also allows).
 */
function withRepeatedLabels(node: YamlNode | null, depth: number, document: Document): unknown {
  if (node === null) return null;
  if (depth === 0) return node.toJS(document);
  if (isSeq(node)) return node.items.flatMap((item) => (isMap(item as YamlNode) ? (withRepeatedLabels(item as YamlNode, depth, document) as unknown[]) : []));
  if (!isMap(node)) return node.toJS(document);
  return (node.items as Pair[]).flatMap((pair) => {
    const label = keyOf(pair);
    return label === undefined ? [] : [{ [label]: withRepeatedLabels(pair.value as YamlNode | null, depth - 1, document) }];
  });
}

function keyOf(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

/** A JSON object as a block: every key an attribute, and objects (or lists of objects) also nested blocks. */
function blockOf(type: string, labels: string[], start: number, node: YamlNode): SourceBlock {
  const block: SourceBlock = { type, labels, start, end: node.range?.[1] ?? start, attributes: [], blocks: [] };
  if (!isMap(node)) return block;
  for (const pair of node.items) {
    const name = keyOf(pair);
    const value = pair.value as YamlNode | null;
    if (name === undefined || !value?.range) continue;
    const nameStart = (pair.key as YamlNode).range?.[0] ?? value.range[0];
    block.attributes.push({ name, nameStart, start: value.range[0], end: value.range[1] });
    const nested = isSeq(value) ? value.items : [value];
    for (const item of nested) if (isMap(item as YamlNode)) block.blocks.push(blockOf(name, [], (item as YamlNode).range?.[0] ?? nameStart, item as YamlNode));
  }
  return block;
}
