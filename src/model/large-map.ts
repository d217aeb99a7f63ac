/**
 * A map of many string keys, held in smaller Maps chosen by a few characters of the key. V8 keeps the table of a Map
 * of more than 4,096 entries in large object space, where filling it costs about ten times as much for each entry (20,000
 * numbers: 5.1 ms in one Map, 0.3 ms in Maps of 2,000); the changes of the bench plan, by address, took 9.0 ms to index
 * in one Map and 4.4 ms in these (least of 30 runs).
 */
export class LargeMap<V> {
  private readonly parts: Array<Map<string, V> | undefined> = new Array<Map<string, V> | undefined>(PARTS);

  /** How many keys it holds. */
  get size(): number {
    let size = 0;
    for (const part of this.parts) size += part?.size ?? 0;
    return size;
  }

  get(key: string): V | undefined {
    return this.parts[partOf(key)]?.get(key);
  }

  has(key: string): boolean {
    return this.parts[partOf(key)]?.has(key) === true;
  }

  set(key: string, value: V): void {
    (this.parts[partOf(key)] ??= new Map()).set(key, value);
  }

  /** Sets the value at a key, and tells whether the key is new: one lookup, where `has` and then `set` take two. */
  setNew(key: string, value: V): boolean {
    const part = (this.parts[partOf(key)] ??= new Map());
    const size = part.size;
    part.set(key, value);
    return part.size > size;
  }
}

/**
 * A lookup of items by the key each gives (`keyOf`; undefined: the item is not indexed), the last under a key kept,
 * indexed in a LargeMap on the first ask: a scan that asks nothing indexes nothing.
 */
export function indexedOnFirstAsk<T>(items: Iterable<T>, keyOf: (item: T) => string | undefined): (key: string) => T | undefined {
  let index: LargeMap<T> | undefined;
  return (key) => {
    if (!index) {
      index = new LargeMap();
      for (const item of items) {
        const itemKey = keyOf(item);
        if (itemKey !== undefined) index.set(itemKey, item);
      }
    }
    return index.get(key);
  };
}

/** Enough for 20,000 keys to stay under 4,096 in each Map, if they spread evenly. */
const PARTS = 64;

/**
 * Which of the Maps holds a key: read from its length and characters near its end and in its middle, where keys that
 * share a long beginning (addresses of one module) differ: their last character alone may be the same (`"]`).
 */
function partOf(key: string): number {
  const { length } = key;
  if (length === 0) return 0;
  const hash = Math.imul(Math.imul(Math.imul(length, 31) + key.charCodeAt(length - 1), 31) + key.charCodeAt(length >> 1), 31) + key.charCodeAt(Math.max(0, length - 3));
  return (hash ^ (hash >>> 6)) & (PARTS - 1);
}
