import type { Value, ValueObject } from '../../../src/model/index.js';
import { unresolved } from './reasons.js';

/**
 * Objects whose names are not all known (`openObject`), with how each reads a name and lists its names: an instance's
 * stand-in beside a plan, whose resource's attributes are known only from its provider's schema or the plan's instance,
 * and what `merge` makes of one.
 */
const openObjects = new WeakMap<object, OpenReading>();

interface OpenReading {
  read: (name: string) => Value;
  list: () => readonly string[] | undefined;
}

/**
 * An object that has every name, reading each through `read`, and lists the names `list` gives on each listing of
 * them (Object.keys, entries, JSON.stringify, a `for` over it, `merge` reading it whole): none where it gives
 * undefined, as what is read so is not known (`list` is told, to say so). A read of a name the value it stands for
 * lacks, Terraform refuses.
 */
export function openObject(read: (name: string) => Value, list: () => readonly string[] | undefined): ValueObject {
  let listed: ReadonlySet<string> | undefined;
  const object = new Proxy({} as ValueObject, {
    has: (_, name) => typeof name === 'string',
    get: (_, name) => (typeof name === 'string' ? read(name) : undefined),
    // A listing asks each name listed whether it is enumerable.
    getOwnPropertyDescriptor: (_, name) => (typeof name === 'string' ? { value: read(name), writable: false, enumerable: listed?.has(name) === true, configurable: true } : undefined),
    ownKeys: (target) => {
      const names = list();
      if (!names) return Reflect.ownKeys(target);
      listed ??= new Set(names);
      return [...names];
    },
  });
  openObjects.set(object, { read, list });
  return object;
}

/**
 * Terraform's `merge` of objects, where one may be open (`openObject`): the result is open too, each name read from
 * the last object that has it. An open one has every name: a name only an object before the last open one lists may
 * or may not be the open one's, and is not known; any other name an object after it lists is that object's, the rest
 * the open one's. Listing the result's names lists the open one's, and where it lists them, those of the objects
 * merged with it. Undefined where none is open.
 */
export function mergedOpen(objects: readonly ValueObject[]): ValueObject | undefined {
  const last = objects.findLastIndex((object) => openObjects.has(object));
  if (last < 0) return undefined;
  const { read, list } = openObjects.get(objects[last]!)!;
  const after: ValueObject = Object.assign({}, ...objects.slice(last + 1));
  // An open one before it lists nothing the last one does not have.
  const before = new Set(objects.slice(0, last).flatMap((object) => (openObjects.has(object) ? [] : Object.keys(object))));
  const listMerged = () => {
    const names = list();
    return names && [...new Set([...before, ...names, ...Object.keys(after)])];
  };
  return openObject((name) => (Object.hasOwn(after, name) ? after[name]! : before.has(name) ? unresolved('unknown value', `whether the open object merged after it has "${name}"`) : read(name)), listMerged);
}
