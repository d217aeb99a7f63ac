/**
 * Keys an HCL object constructor repeats. Terraform accepts `{ StringEquals = {...}, StringEquals = {...} }` without a
 * word and keeps the last (hashicorp/terraform#28727), so a policy written with `jsonencode` loses the earlier ones
 * just as JSON does; in a `.tf.json` file too, where the constructor is written in a string's expression
 * (`"${jsonencode({...})}"`). An object the JSON syntax writes itself is none: Terraform refuses a key it repeats
 * ("Duplicate object attribute"). Only keys written as literals count: a computed key `(var.key)` may differ from every
 * other. An object a local writes (`Condition = local.conditions`) is read where the local is written.
 */
import type { DuplicateKey, Path, Resource } from '../../src/model/index.js';
import type { Expr } from './expression/ast.js';
import type { ModuleSource } from './config.js';
import { MOST_LOCALS_FOLLOWED, isJsonSyntaxValue, valueRead, unwrap, writtenExpression, type LocalReader } from './origins.js';
import type { SourceBlock } from './source.js';

const finders = new WeakMap<Resource, () => DuplicateKey[]>();

/** A declaration's blocks, each read only in what it `writes` of the merged resource. */
export type WrittenBlocks = ReadonlyArray<{ source: ModuleSource; block: SourceBlock; writes: (name: string) => boolean }>;

/**
 * The keys found in a declaration, by its first block. They are a fact of its text and of the locals its folder writes,
 * which every instance of it reads alike (each key of a `for_each`, each index of a `count`, each instance of its
 * module): found once, not once an instance (a `for_each` over a local of n entries would be read n times).
 */
const foundInBlocks = new WeakMap<SourceBlock, DuplicateKey[]>();

/**
 * Remembers where a resource's blocks are written (its block, and the override blocks merged into it), to find its
 * repeated keys when a rule asks: in each block, only in what it `writes` of the merged resource.
 */
export function registerDuplicateKeys(resource: Resource, written: WrittenBlocks, readLocal: LocalReader): void {
  if (written.length === 0) return;
  finders.set(resource, () => duplicateKeysOfBlocks(written, readLocal));
}

export function duplicateKeysOf(resource: Resource): DuplicateKey[] {
  return finders.get(resource)?.() ?? [];
}

/** The keys a declaration's blocks repeat (`foundInBlocks`): its block, then the override blocks merged into it. */
export function duplicateKeysOfBlocks(written: WrittenBlocks, readLocal: LocalReader): DuplicateKey[] {
  const first = written[0];
  if (!first) return [];
  let found = foundInBlocks.get(first.block);
  if (!found) foundInBlocks.set(first.block, (found = written.flatMap(({ source, block, writes }) => duplicateKeysInBody(source, block, [], readLocal, writes))));
  return found;
}

function duplicateKeysInBody(source: ModuleSource, block: SourceBlock, prefix: Path, readLocal: LocalReader, writes: (name: string) => boolean = () => true): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  for (const attribute of block.attributes) {
    if (!writes(attribute.name)) continue;
    const expr = writtenExpression(source, attribute);
    if (!expr) continue;
    collect(expr, [...prefix, attribute.name], attribute.start, source, found, readLocal);
  }
  const indexes = new Map<string, number>();
  for (const nested of block.blocks) {
    if (nested.type === 'dynamic' || !writes(nested.type)) continue;
    const index = indexes.get(nested.type) ?? 0;
    indexes.set(nested.type, index + 1);
    found.push(...duplicateKeysInBody(source, nested, [...prefix, nested.type, index], readLocal));
  }
  return found;
}

function collect(expr: Expr, path: Path, offset: number, source: ModuleSource, found: DuplicateKey[], readLocal: LocalReader, localsFollowed = 0): void {
  const node = unwrap(expr);
  // Locals that read each other in a loop (which Terraform refuses) stop here.
  const local = localsFollowed < MOST_LOCALS_FOLLOWED ? valueRead(node, readLocal) : undefined;
  if (local) {
    collect(local.expr, path, local.writtenIn.attribute.start, local.writtenIn.source, found, readLocal, localsFollowed + 1);
    return;
  }
  if (node.kind === 'tuple') {
    node.items.forEach((item, index) => collect(item, [...path, index], offset, source, found, readLocal, localsFollowed));
    return;
  }
  if (node.kind !== 'object') return;
  const constructor = !isJsonSyntaxValue(node);
  const byKey = new Map<string, typeof node.items>();
  for (const item of node.items) {
    const literal = item.key.kind === 'literal' || (item.key.kind === 'template' && item.key.parts.every((part) => part.kind === 'text'));
    if (literal) byKey.set(item.keyText, [...(byKey.get(item.keyText) ?? []), item]);
  }
  for (const [key, items] of byKey) {
    if (items.length > 1 && constructor) {
      found.push({ path, key, locations: items.map((item) => source.location(offset + item.keyStart, offset + item.valueEnd)) });
    }
    // Only the last occurrence survives: keys repeated inside the dropped ones change nothing.
    collect(items[items.length - 1]!.value, [...path, key], offset, source, found, readLocal, localsFollowed);
  }
}
