/**
 * Keys an HCL object constructor repeats. Terraform accepts `{ StringEquals = {...}, StringEquals = {...} }` without a
 * word and keeps the last (hashicorp/terraform#28727), so a policy written with `jsonencode` loses the earlier ones
 * just as JSON does. Only keys written as literals count: a computed key `(var.key)` may differ from every other.
 */
import type { DuplicateKey, Path, Resource } from '../../src/model/index.js';
import type { Expr } from './expression/ast.js';
import { attributeExpression, unwrap } from './origins.js';
import type { HclSource, SourceBlock } from './source.js';

const finders = new WeakMap<Resource, () => DuplicateKey[]>();

/**
 * Remembers where a resource's blocks are written (its block, and the override blocks merged into it), to find its
 * repeated keys when a rule asks: in each block, only in what it `writes` of the merged resource.
 */
export function registerDuplicateKeys(resource: Resource, written: ReadonlyArray<{ source: HclSource; block: SourceBlock; writes: (name: string) => boolean }>): void {
  if (written.length === 0) return;
  let found: DuplicateKey[] | undefined;
  finders.set(resource, () => (found ??= written.flatMap(({ source, block, writes }) => duplicateKeysInBody(source, block, [], writes))));
}

export function duplicateKeysOf(resource: Resource): DuplicateKey[] {
  return finders.get(resource)?.() ?? [];
}

function duplicateKeysInBody(source: HclSource, block: SourceBlock, prefix: Path, writes: (name: string) => boolean = () => true): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  for (const attribute of block.attributes) {
    if (!writes(attribute.name)) continue;
    const expr = attributeExpression(source, attribute);
    if (!expr) continue;
    collect(expr, [...prefix, attribute.name], attribute.start, source, found);
  }
  const indexes = new Map<string, number>();
  for (const nested of block.blocks) {
    if (nested.type === 'dynamic' || !writes(nested.type)) continue;
    const index = indexes.get(nested.type) ?? 0;
    indexes.set(nested.type, index + 1);
    found.push(...duplicateKeysInBody(source, nested, [...prefix, nested.type, index]));
  }
  return found;
}

function collect(expr: Expr, path: Path, offset: number, source: HclSource, found: DuplicateKey[]): void {
  const node = unwrap(expr);
  if (node.kind === 'tuple') {
    node.items.forEach((item, index) => collect(item, [...path, index], offset, source, found));
    return;
  }
  if (node.kind !== 'object') return;
  const byKey = new Map<string, typeof node.items>();
  for (const item of node.items) {
    const literal = item.key.kind === 'literal' || (item.key.kind === 'template' && item.key.parts.every((part) => part.kind === 'text'));
    if (literal) byKey.set(item.keyText, [...(byKey.get(item.keyText) ?? []), item]);
  }
  for (const [key, items] of byKey) {
    if (items.length > 1) {
      found.push({ path, key, locations: items.map((item) => source.location(offset + item.keyStart, offset + item.valueEnd)) });
    }
    // Only the last occurrence survives: keys repeated inside the dropped ones change nothing.
    collect(items[items.length - 1]!.value, [...path, key], offset, source, found);
  }
}

