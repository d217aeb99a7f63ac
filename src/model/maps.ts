/** The list a map holds at a key, made when it holds none. */
export function listAt<K, T>(map: Map<K, T[]>, key: K): T[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}
