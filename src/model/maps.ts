/** The list a map holds at a key, made when it holds none; any map with `get` and `set`, a `LargeMap` too. */
export function listAt<K, T>(map: { get(key: K): T[] | undefined; set(key: K, list: T[]): unknown }, key: K): T[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}
