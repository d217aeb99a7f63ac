import { describe, expect, it } from 'vitest';
import { markOpenValues } from '../../../parsers/terraform-plan/values.js';
import { Unresolved, type Value, type ValueObject } from '../../../src/model/index.js';

/** A value nested `depth` objects deep under `a`, with `leaf` at the bottom, and its mark tree with `true` there. */
function nested(depth: number, leaf: unknown): Record<string, unknown> {
  let value: unknown = leaf;
  for (let level = 0; level < depth; level++) value = { a: value };
  return value as Record<string, unknown>;
}

describe('markOpenValues', () => {
  it('marks what after_unknown marks, nested as deep as a provider nests', () => {
    const values = nested(5, 'x') as ValueObject;
    markOpenValues(values, nested(5, true), {});
    let inner: Value = values;
    for (let level = 0; level < 4; level++) inner = (inner as ValueObject).a!;
    expect((inner as ValueObject).a).toBeInstanceOf(Unresolved);
  });

  it('reads a mark nested thousands deep (a hand-made plan) as marking the value it is in, without exhausting the stack', () => {
    const values: ValueObject = { deep: nested(5000, 'x') as ValueObject, name: 'kept' };
    expect(() => markOpenValues(values, { deep: nested(5000, true) }, {})).not.toThrow();
    expect(values.name).toBe('kept');
    let inner: Value = values.deep!;
    let depth = 0;
    while (!(inner instanceof Unresolved) && depth < 5000) {
      inner = (inner as ValueObject).a!;
      depth++;
    }
    expect(inner).toBeInstanceOf(Unresolved);
    expect(depth).toBeLessThan(5000);
  });
});
