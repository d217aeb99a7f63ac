/** Positions in a `.tf.json` file, in the same block/attribute view the HCL scanner gives. */
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import { JSON_LABEL_DEPTH, TextPositions, type SourceBlock, type SourceComment } from './source.js';

export class JsonSource extends TextPositions {
  readonly body: SourceBlock;
  readonly comments: SourceComment[] = [];

  constructor(file: string, text: string) {
    super(file, text);
    this.body = { type: '', labels: [], start: 0, end: text.length, attributes: [], blocks: [] };
    const document = parseDocument(text, { uniqueKeys: false, strict: false });
    if (!isMap(document.contents)) return;
    for (const pair of document.contents.items) {
      const kind = keyOf(pair);
      if (kind === undefined) continue;
      this.addLabelled(kind, [], pair, JSON_LABEL_DEPTH[kind] ?? 0);
    }
  }

  private addLabelled(kind: string, labels: string[], pair: Pair, depth: number): void {
    const value = pair.value as YamlNode | null;
    if (depth > 0) {
      // The JSON syntax allows a list of objects wherever an object of labels stands.
      for (const map of isSeq(value) ? value.items : [value]) {
        if (!isMap(map as YamlNode)) continue;
        for (const inner of (map as YAMLMap).items as Pair[]) {
          const label = keyOf(inner);
          if (label !== undefined) this.addLabelled(kind, [...labels, label], inner, depth - 1);
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
