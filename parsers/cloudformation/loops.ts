/**
 * `Fn::ForEach` loops of the AWS::LanguageExtensions transform in the Resources and Conditions sections and in a
 * resource's properties (where a loop writes keys into the mapping it is written in, never items of a list such as
 * statements), expanded as CloudFormation expands them: each item of the collection writes the fragment's keys and
 * values once, with the loop's identifier replaced by the item: `${Id}` in keys and `Fn::Sub` texts, `&{Id}` there by
 * the item without its non-alphanumeric characters, and `Ref: Id` by the item. Loops nest; a collection is a list
 * written out, a `Ref` to a list parameter with a value or a `Fn::FindInMap` that finds a list. Each entry keeps the
 * path of the fragment it is written in.
 */
import { hasMarker, pathKey, Unresolved, type Value } from '../../src/model/index.js';
import { isPlainObject } from './shape.js';
import { setOwn } from '../../src/model/objects.js';
import type { TemplateNotice, TemplateProblem } from './template.js';

/** CloudFormation's quota of resources in a template: a loop that would write more is not read past it. */
export const MOST_GENERATED_ENTRIES = 500;
/** How many nodes the written entries may hold together: a large fragment written for each of many items would not fit memory. */
export const MOST_GENERATED_NODES = 1_000_000;

export const LOOP_PREFIX = 'Fn::ForEach::';

/** An entry of a section: written there, or by a loop (then at the path of its fragment, its key and value as the item writes them). */
export interface SectionEntry {
  key: string;
  value: unknown;
  writtenAt: Array<string | number>;
}

/** What a loop's collection is: its items, or why they are not known. */
export type Collection = { items: string[] } | { unknown: string };

/** What a collection reads from the template. */
export interface CollectionSources {
  /** The items of a list parameter. */
  listParameter(name: string): Collection;
  /** The value of an intrinsic function written at a path of the template (`Fn::FindInMap`), as properties resolve it. */
  value(node: unknown, at: ReadonlyArray<string | number>): Value;
  /** The parameters a collection reads that take their Default, no value being given (`Env=dev`). */
  defaultsTaken(node: unknown): string[];
}

/** Shared by the sections of a template: the limits hold for all its loops together. */
export interface LoopBudget {
  entries: number;
  nodes: number;
}

export function loopBudget(): LoopBudget {
  return { entries: MOST_GENERATED_ENTRIES, nodes: MOST_GENERATED_NODES };
}

/** Where loops write: a section of the template, or a mapping in a resource's properties. */
interface Target {
  /** What the loops generate, as notices say it: `resources`, `conditions`, `keys`. */
  generated: string;
  /** What declares the keys written beside the loops, as problems say it: `the Resources section`. */
  declarer: string;
  /**
   * Whether the loops write keys into a resource's properties: what they generate does not count against
   * CloudFormation's quota of resources, and a loop that is not expanded stays a key of the mapping, so that what reads
   * it knows that the loop writes keys it does not know (`Resource.macroKey`); in a section nothing is declared by it.
   */
  inProperties: boolean;
}

/** What the loops of a template share: where their collections read, the limits, and what is said about them. */
interface Expansion {
  sources: CollectionSources;
  budget: LoopBudget;
  problems: TemplateProblem[];
  notices: TemplateNotice[];
  /** How many nodes each fragment holds, by its path: a fragment is counted once for each item that writes it. */
  nodeCounts: Map<string, number>;
}

/**
 * The entries of a section in the order written, each loop's in its place, its loops expanded where the template
 * declares the AWS::LanguageExtensions transform (`sources` for their collections). A key written twice is read once,
 * as CloudFormation rejects such a template. A loop nested in another says its problems and notices for each item of the
 * outer one: `unique` says them once.
 */
export function sectionEntries(
  sectionName: string,
  section: Record<string, unknown>,
  sources: CollectionSources | undefined,
  budget: LoopBudget,
): { entries: SectionEntry[]; problems: TemplateProblem[]; notices: TemplateNotice[] } {
  const generated = sectionName === 'Resources' ? 'resources' : 'conditions';
  if (!sources) {
    const loops = Object.keys(section).filter((key) => key.startsWith(LOOP_PREFIX));
    const notices = loops.map((key) => ({ path: [sectionName, key], message: `${key} is not expanded: the template does not declare the AWS::LanguageExtensions transform, so the ${generated} it generates are not analyzed` }));
    const entries = Object.entries(section).flatMap(([key, value]) => (key.startsWith(LOOP_PREFIX) ? [] : [{ key, value, writtenAt: [sectionName, key] }]));
    return { entries, problems: [], notices };
  }
  const expansion: Expansion = { sources, budget, problems: [], notices: [], nodeCounts: new Map() };
  const target: Target = { generated, declarer: `the ${sectionName} section`, inProperties: false };
  const entries = mappingEntries(section, [sectionName], target, expansion);
  return { entries, problems: expansion.problems, notices: expansion.notices };
}

/** Keys that loops write into a mapping of a resource's properties, such as `${Setting}: Disabled` in the notebook's. */
const PROPERTY_KEYS: Target = { generated: 'keys', declarer: 'the mapping it is written in', inProperties: true };

/**
 * A resource's properties (written at `at`) with the loops in them expanded, at any depth: each writes its keys into the
 * mapping it is written in. A mapping that loops wrote keys into is listed in `written`, with where each such key is
 * written (a path from the mapping, through the loop's fragment), for the resolver to locate what it holds.
 */
export function propertiesWithLoops(
  properties: unknown,
  at: ReadonlyArray<string | number>,
  sources: CollectionSources,
  budget: LoopBudget,
  written: WeakMap<object, ReadonlyMap<string, ReadonlyArray<string | number>>>,
): { properties: unknown; problems: TemplateProblem[]; notices: TemplateNotice[] } {
  const expansion: Expansion = { sources, budget, problems: [], notices: [], nodeCounts: new Map() };
  // A node is copied only where a loop below it wrote something: most properties hold none.
  const expanded = (node: unknown, path: ReadonlyArray<string | number>): unknown => {
    if (Array.isArray(node)) {
      let items: unknown[] | undefined;
      node.forEach((item, index) => {
        const inner = expanded(item, [...path, index]);
        if (inner !== item) (items ??= [...node])[index] = inner;
      });
      return items ?? node;
    }
    if (!isPlainObject(node)) return node;
    if (!Object.keys(node).some((key) => key.startsWith(LOOP_PREFIX))) {
      let copy: Record<string, unknown> | undefined;
      for (const [key, value] of Object.entries(node)) {
        const inner = expanded(value, [...path, key]);
        if (inner !== value) setOwn((copy ??= { ...node }), key, inner);
      }
      return copy ?? node;
    }
    const result: Record<string, unknown> = {};
    const origins = new Map<string, ReadonlyArray<string | number>>();
    for (const { key, value, writtenAt } of mappingEntries(node, path, PROPERTY_KEYS, expansion)) {
      setOwn(result, key, expanded(value, writtenAt));
      if (writtenAt.length !== path.length + 1 || writtenAt.at(-1) !== key) origins.set(key, writtenAt.slice(path.length));
    }
    if (origins.size > 0) written.set(result, origins);
    return result;
  };
  const result = expanded(properties, at);
  return { properties: result, problems: expansion.problems, notices: expansion.notices };
}

/** The entries of a mapping with loops, in the order written, each loop's in its place. */
function mappingEntries(mapping: Record<string, unknown>, at: ReadonlyArray<string | number>, target: Target, expansion: Expansion): SectionEntry[] {
  const { sources, budget, problems, notices, nodeCounts } = expansion;
  const { generated } = target;
  const entries: SectionEntry[] = [];
  const declared = new Set(Object.keys(mapping).filter((key) => !key.startsWith(LOOP_PREFIX)));
  const keys = new Set(declared);
  const keepUnexpanded = (loopName: string, loop: unknown, loopAt: Array<string | number>): void => {
    // A loop nested in another is written once, whatever number of items leave it unexpanded.
    if (!target.inProperties || keys.has(loopName)) return;
    keys.add(loopName);
    entries.push({ key: loopName, value: loop, writtenAt: loopAt });
  };

  const expandLoop = (loopName: string, loop: unknown, loopAt: Array<string | number>, bindings: ReadonlyMap<string, string>): boolean => {
    if (!Array.isArray(loop) || loop.length !== 3 || typeof loop[0] !== 'string' || loop[0] === '' || !isPlainObject(loop[2])) {
      problems.push({ path: loopAt, message: `${loopName} must be a list of an identifier, a collection and a mapping of what each item writes` });
      keepUnexpanded(loopName, loop, loopAt);
      return true;
    }
    const [identifier, written, fragment] = loop as [string, unknown, Record<string, unknown>];
    const collection = collectionOf(written, [...loopAt, 1], bindings, sources);
    if ('unknown' in collection) {
      notices.push({ path: loopAt, message: `${loopName} is not expanded: ${collection.unknown}, so the ${generated} it generates are not analyzed` });
      keepUnexpanded(loopName, loop, loopAt);
      return true;
    }
    const defaults = sources.defaultsTaken(written);
    // Worlds vary parameters for conditions, but a loop is expanded once: what another value would generate is not read.
    if (defaults.length > 0) notices.push({ path: loopAt, message: `${loopName} is expanded with ${defaults.join(' and ')}, the Default, as no value is given: the ${generated} another value would generate are not analyzed (give it with --parameter)` });
    for (const item of collection.items) {
      const itemBindings = new Map(bindings).set(identifier, item);
      for (const [key, value] of Object.entries(fragment)) {
        const fragmentAt = [...loopAt, 2, key];
        if (key.startsWith(LOOP_PREFIX)) {
          if (!expandLoop(key, value, fragmentAt, itemBindings)) return false;
          continue;
        }
        const fragmentKey = pathKey(fragmentAt);
        const nodes = nodeCounts.get(fragmentKey) ?? countNodes(value);
        nodeCounts.set(fragmentKey, nodes);
        if ((!target.inProperties && budget.entries === 0) || budget.nodes < nodes) {
          notices.push({ path: loopAt, message: `${loopName} generates more ${generated} than deputy expands (${MOST_GENERATED_ENTRIES}, CloudFormation's quota of resources in a template, or ${MOST_GENERATED_NODES} nodes of template in all): those past them are not analyzed` });
          return false;
        }
        const name = substituteText(key, itemBindings);
        if (keys.has(name)) {
          const already = declared.has(name) ? `which ${target.declarer} declares too` : 'more than once';
          problems.push({ path: fragmentAt, message: `${loopName} generates ${name} ${already}; CloudFormation rejects the template` });
          continue;
        }
        if (!target.inProperties) budget.entries--;
        budget.nodes -= nodes;
        keys.add(name);
        entries.push({ key: name, value: substitute(value, itemBindings), writtenAt: fragmentAt });
      }
    }
    return true;
  };

  for (const [key, value] of Object.entries(mapping)) {
    if (!key.startsWith(LOOP_PREFIX)) entries.push({ key, value, writtenAt: [...at, key] });
    else expandLoop(key, value, [...at, key], new Map());
  }
  return entries;
}

/** The items of a collection: a list of texts written out, a `Ref` to a list parameter with a value, or a `Fn::FindInMap` that finds a list. */
function collectionOf(written: unknown, at: ReadonlyArray<string | number>, bindings: ReadonlyMap<string, string>, sources: CollectionSources): Collection {
  if (Array.isArray(written)) return itemsOf(written, 'an item of its collection is not written out');
  const [[name, args] = []] = isPlainObject(written) && Object.keys(written).length === 1 ? Object.entries(written) : [];
  if (name === 'Ref' && typeof args === 'string') {
    if (bindings.has(args)) return { unknown: `its collection refers to ${args}, the identifier of an outer loop, not to a list` };
    return sources.listParameter(args);
  }
  if (name !== 'Fn::FindInMap') return { unknown: 'its collection is neither a list, a Ref to a list parameter nor a Fn::FindInMap' };
  // An outer loop's item may be a key of the mapping (`!FindInMap [Teams, !Ref Team, Members]`).
  const found = sources.value(substitute(written, bindings), at);
  if (found instanceof Unresolved) return { unknown: `its collection, a Fn::FindInMap, is not known: ${found.reason}` };
  if (!Array.isArray(found)) return { unknown: 'its collection, a Fn::FindInMap, finds no list' };
  return itemsOf(found, 'an item of the list its Fn::FindInMap finds is not known');
}

/** A list's items as texts, when each is a string (not holding a value not known), a number or a boolean. */
function itemsOf(list: readonly unknown[], unknown: string): Collection {
  const items = list.map((item) => (typeof item === 'string' ? (hasMarker(item) ? undefined : item) : typeof item === 'number' || typeof item === 'boolean' ? String(item) : undefined));
  return items.every((item) => item !== undefined) ? { items } : { unknown };
}

/** The loop identifiers a text writes (`${Id}`, `&{Id}`), replaced by their items; anything else as it is. */
function substituteText<T>(text: T, bindings: ReadonlyMap<string, string>): T | string {
  if (typeof text !== 'string' || !text.includes('{')) return text;
  return text.replace(/([$&])\{([^}]*)\}/g, (whole, sign: string, name: string) => {
    const item = bindings.get(name);
    if (item === undefined) return whole;
    return sign === '$' ? item : item.replace(/[^0-9A-Za-z]+/g, '');
  });
}

/** A fragment as an item writes it: keys, `Fn::Sub` texts and `Ref`s to the identifiers replaced; nodes that hold none are kept as they are. */
function substitute(node: unknown, bindings: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(node)) {
    const items = node.map((item) => substitute(item, bindings));
    return items.every((item, index) => item === node[index]) ? node : items;
  }
  if (!isPlainObject(node)) return node;
  const keys = Object.keys(node);
  if (keys.length === 1 && keys[0] === 'Ref' && typeof node.Ref === 'string' && bindings.has(node.Ref)) return bindings.get(node.Ref);
  if (keys.length === 1 && keys[0] === 'Fn::Sub') {
    // A text left without substitutions is the text: a `Fn::If` or `Fn::GetAtt` given `!Sub Is${Team}` reads a name.
    const args = node['Fn::Sub'];
    const text = substituteText(Array.isArray(args) ? args[0] : args, bindings);
    if (typeof text === 'string' && !text.includes('${')) return text;
    if (typeof args === 'string') return { 'Fn::Sub': text };
    if (Array.isArray(args)) return { 'Fn::Sub': args.map((arg, index) => (index === 0 ? text : substitute(arg, bindings))) };
  }
  const result: Record<string, unknown> = {};
  let changed = false;
  for (const key of keys) {
    const name = substituteText(key, bindings);
    const value = substitute(node[key], bindings);
    changed ||= name !== key || value !== node[key];
    setOwn(result, name, value);
  }
  return changed ? result : node;
}

function countNodes(node: unknown): number {
  if (Array.isArray(node)) return node.reduce<number>((sum, item) => sum + countNodes(item), 1);
  if (isPlainObject(node)) return Object.values(node).reduce<number>((sum, value) => sum + countNodes(value), 1);
  return 1;
}

/**
 * Each problem or notice once: a loop nested in another is expanded for each item of the outer one, and the loops in
 * the properties of a resource a loop generates for each resource generated.
 */
export function unique<Said extends TemplateProblem | TemplateNotice>(said: Said[]): Said[] {
  const seen = new Set<string>();
  return said.filter(({ path, message }) => {
    const key = JSON.stringify([path, message]);
    return !seen.has(key) && (seen.add(key), true);
  });
}
