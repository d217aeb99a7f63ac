/**
 * `resource_changes`, read apart from the rest of the plan. Every change repeats its resource's planned values
 * (`after`) and deployed values (`before`), so the list is often the longest part of a plan, and deputy reads only a
 * change's actions and what it leaves open. Terraform writes the list minified, one change after the other
 * (`},{"address":`): each change is parsed on its own, so that its values are dropped while they are young instead
 * of being copied by every garbage collection of the read; they are parsed again from the text when they are needed.
 */
import { asRecord } from './configuration.js';
import { hasMarks } from './values.js';
import { isObject, type ResourceChange, type Value } from '../../src/model/index.js';
import { LargeMap } from '../../src/model/large-map.js';
import { CLOSE_BRACE } from '../json-text.js';

type Json = Record<string, unknown>;

/** A plan: its changes, and the document, whose `resource_changes` is not to be read (it may stand in for the list). */
export interface PlanJson {
  document: Json;
  changes: PlanChange[];
  /** Whether each change was parsed on its own (and planned_values where it stands), or the whole text at once. */
  read: 'in parts' | 'in parts, planned_values in place' | 'whole';
  /**
   * Where planned_values ends in the text, when the list was read in parts right after it (no `resource_drift`
   * between them): at the plan's own `"resource_changes"` key.
   */
  plannedValuesEnd?: number;
  /** The first part of a change written in another shape than Terraform writes it (`misshapenChange`). */
  misshapenChange?: MisshapenChange;
}

/** Where a part of a change is written in another shape than Terraform writes it, and the shape it should have. */
export interface MisshapenChange {
  path: Array<string | number>;
  shape: string;
}

/** An entry of `resource_changes` with a string address. */
export class PlanChange {
  /** From `actions`; undefined for a resource only being deleted (or forgotten), which is not reported. A replacement
   * that forgets the deployed object (`["create", "forget"]`) is a `replace`: the object it replaces was deployed. */
  readonly kind: ResourceChange | undefined;
  /** Whether the plan forgets the resource (`removed` with `destroy = false`): it stays deployed, no longer managed. */
  readonly forgets: boolean;
  /** What the change leaves open (`after_unknown`) and hides (`after_sensitive`). */
  readonly afterUnknown: unknown;
  readonly afterSensitive: unknown;
  /** Whether `before` and `after` are objects: only those are read again. */
  readonly writesBefore: boolean;
  private readonly writesAfter: boolean;

  constructor(
    readonly address: string,
    readonly deposed: boolean,
    details: Json,
    /** Its position in `resource_changes`. */
    readonly index: number,
    /**
     * The entry, or the plan's text when the entry was read on its own (its values were then not kept): it is read again
     * from `offset` to `end` there, which each change keeps where a slice of the text would be an object for each.
     */
    private readonly entry: Json | string,
    /** Where the entry starts in the plan's text, when it was read on its own. */
    readonly offset: number | undefined,
    private readonly end: number | undefined,
    /** The address the resource had before a `moved` block gave it this one (`previous_address`). */
    readonly previousAddress: string | undefined,
  ) {
    this.kind = changeKind(details.actions);
    this.forgets = Array.isArray(details.actions) && details.actions.includes('forget');
    this.afterUnknown = shareIfEmpty(details.after_unknown);
    this.afterSensitive = shareIfEmpty(details.after_sensitive);
    this.writesBefore = isObject(details.before as Value);
    this.writesAfter = isObject(details.after as Value);
  }

  /** The values before (deployed) or after (planned) the change, when the plan writes them as an object. */
  values(side: 'before' | 'after'): Json | undefined {
    if (!(side === 'before' ? this.writesBefore : this.writesAfter)) return undefined;
    const entry = typeof this.entry === 'string' ? asRecord(JSON.parse(this.entry.slice(this.offset, this.end))) : this.entry;
    return asRecord(entry.change)[side] as Json;
  }
}

/** Marks that mark nothing (`{}`, most of them) are all one object: each change keeps its marks to the end of the read. */
const NO_MARKS: Readonly<Json> = Object.freeze({});

function shareIfEmpty(marks: unknown): unknown {
  return isObject(marks as Value) && !hasMarks(marks) ? NO_MARKS : marks;
}

/**
 * The first part of the `index`th entry of `resource_changes` that is not written as Terraform writes it, each of which
 * would read as nothing (the change, or a part of it) and pass the plan without its findings: an entry that is not an
 * object; an `address` that is not a string; a `deposed` or `previous_address` that is not one; a `change` that is not
 * an object; `actions` that are not a list of texts; `before` or `after` that are neither an object nor null; marks
 * (`after_unknown`, `after_sensitive`) that are neither an object mirroring the values nor `true` or `false` (a
 * resource's, never a list, string or number), which would mark nothing and leave the values they stand for read as
 * planned.
 */
function misshapenEntry(item: unknown, index: number): MisshapenChange | undefined {
  // Every change is checked: nothing is made for one written as Terraform writes it (no path, no list of its parts).
  if (!isJsonObject(item)) return misshapenAt(index, [], 'an object');
  const { address, deposed, previous_address: previous, change } = item;
  if (typeof address !== 'string') return misshapenAt(index, ['address'], 'a string');
  if (!absentOr(deposed, 'string')) return misshapenAt(index, ['deposed'], 'a string');
  if (!absentOr(previous, 'string')) return misshapenAt(index, ['previous_address'], 'a string');
  if (!isJsonObject(change)) return misshapenAt(index, ['change'], 'an object');
  const { actions, before, after, after_unknown: unknown, after_sensitive: sensitive } = change;
  if (!Array.isArray(actions) || !actions.every(isText)) return misshapenAt(index, ['change', 'actions'], 'a list of actions ("create", "update", ...)');
  if (!absentOr(before, 'object')) return misshapenAt(index, ['change', 'before'], 'an object (or null)');
  if (!absentOr(after, 'object')) return misshapenAt(index, ['change', 'after'], 'an object (or null)');
  if (!shapedMarks(unknown)) return misshapenAt(index, ['change', 'after_unknown'], 'an object (or true)');
  if (!shapedMarks(sensitive)) return misshapenAt(index, ['change', 'after_sensitive'], 'an object (or true)');
  return undefined;
}

function misshapenAt(index: number, path: string[], shape: string): MisshapenChange {
  return { path: ['resource_changes', index, ...path], shape };
}

const isText = (value: unknown): boolean => typeof value === 'string';

/** A JSON value that is an object (not an array, not null). */
export const isJsonObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Not written (or null, as a Go encoder writes an empty field), or written as a value of the kind given. */
function absentOr(value: unknown, kind: 'string' | 'object'): boolean {
  return value === undefined || value === null || (kind === 'string' ? typeof value === 'string' : isJsonObject(value));
}

/**
 * Marks written as Terraform writes them (`after_unknown`, `after_sensitive`, a planned resource's `sensitive_values`):
 * none, `true` or `false` for the whole value, or an object mirroring the values.
 */
export function shapedMarks(marks: unknown): boolean {
  return marks === NO_MARKS || marks === undefined || marks === null || typeof marks === 'boolean' || isObject(marks as Value);
}

/**
 * Parses a plan's JSON text, as `JSON.parse` would: it throws the same error on invalid text. Whatever does not read
 * as Terraform writes the list (another key order, blanks, a change that is not an object) is read by `JSON.parse` of
 * the whole text.
 */
export function readPlanJson(text: string): PlanJson {
  return readInParts(text) ?? wholePlan(JSON.parse(text) as unknown);
}

function wholePlan(document: unknown): PlanJson {
  const plan = asRecord(document);
  const items: unknown[] = Array.isArray(plan.resource_changes) ? plan.resource_changes : [];
  const changes: PlanChange[] = [];
  let misshapen: MisshapenChange | undefined;
  for (let index = 0; index < items.length; index++) {
    misshapen ??= misshapenEntry(items[index], index);
    const change = planChange(items[index], items[index] as Json, index);
    if (change) changes.push(change);
  }
  return { document: plan, changes, read: 'whole', ...(misshapen ? { misshapenChange: misshapen } : {}) };
}

function planChange(item: unknown, entry: Json | string, index: number, offset?: number, end?: number): PlanChange | undefined {
  const record = asRecord(item);
  if (typeof record.address !== 'string') return undefined;
  return new PlanChange(record.address, typeof record.deposed === 'string', asRecord(record.change), index, entry, offset, end, typeof record.previous_address === 'string' ? record.previous_address : undefined);
}

const LIST_START = '"resource_changes":[';
/** Between two changes as Terraform writes them; a change ends after the brace. */
const BETWEEN_CHANGES = '},{"address":';
/** Keys Terraform writes after the list, as they follow the list's end (`],"`), by their first character. */
const KEYS_AFTER_LIST = new Map<number, string[]>();
for (const key of ['output_changes', 'prior_state', 'configuration', 'relevant_attributes', 'checks', 'deferred_changes', 'timestamp', 'applyable', 'complete', 'errored']) {
  KEYS_AFTER_LIST.set(key.charCodeAt(0), [...(KEYS_AFTER_LIST.get(key.charCodeAt(0)) ?? []), `${key}":`]);
}
/** The list's end as the plan's last value: `]`, then the plan's `}`. */
const LIST_AT_PLAN_END = /^\]\}\s*$/;

/**
 * Where the list that starts at `first` ends: its `]` before the first key Terraform writes after the list, or at the
 * end of the plan. A search for `],"` checks the key after each: a regular expression searched 15 MB of the 20k
 * plan's changes in 9-13 ms, this in 2-4 ms.
 */
function listEnd(text: string, first: number): number | undefined {
  for (let bracket = text.indexOf('],"', first); bracket >= 0; bracket = text.indexOf('],"', bracket + 3)) {
    const keys = KEYS_AFTER_LIST.get(text.charCodeAt(bracket + 3));
    if (keys) for (const key of keys) if (text.startsWith(key, bracket + 3)) return bracket;
  }
  const last = text.lastIndexOf(']');
  return last >= first && LIST_AT_PLAN_END.test(text.slice(last)) ? last : undefined;
}

/** Stands for the list in the rest of the plan: JSON text can write it only as an escape, which Terraform never does. */
const CUT = '\u0000resource_changes';
/** A change with more false ends than this (objects inside it that start with `address`) has the whole plan read. */
const MOST_FALSE_ENDS = 16;

/**
 * The plan with `resource_changes` cut out and each change parsed on its own; undefined when the text does not read
 * as Terraform writes it, or is not valid JSON (the whole read then says why). The rest of the plan must parse with
 * the list replaced by a string that is then the plan's `resource_changes`, and every change must parse alone: so the
 * pieces are the whole, valid, and read as one. The rest is parsed first: parsed the other way round, the garbage
 * collector promoted 85 MB instead of 74 MB per scan of the 20,000-resource bench plan.
 */
function readInParts(text: string): PlanJson | undefined {
  const key = text.indexOf(LIST_START);
  if (key < 0) return undefined;
  const first = key + LIST_START.length;
  const end = listEnd(text, first);
  // A later key of that name, even one that is not the plan's own, would make the reading ambiguous.
  if (end === undefined || text.includes('"resource_changes"', end)) return undefined;
  const inPlace = readPlannedValuesInPlace(text, key, end);
  const document = inPlace ?? readRest(text, first - 1, JSON.stringify(CUT), end);
  if (!document) return undefined;
  const read = readChanges(text, first, end);
  if (!read) return undefined;
  const plannedValuesEnd = document.resource_drift === undefined ? key : undefined;
  return { document, ...read, read: inPlace ? 'in parts, planned_values in place' : 'in parts', plannedValuesEnd };
}

/**
 * The plan with the list cut out: the text up to `cutFrom`, then `members` (which write the list's key with CUT for its
 * value), then the text after the list, joined into one text (a copy) and parsed. Undefined unless it parses and
 * CUT is then the plan's own `resource_changes`.
 */
function readRest(text: string, cutFrom: number, members: string, end: number): Json | undefined {
  let document: unknown;
  try {
    document = JSON.parse(text.slice(0, cutFrom) + members + text.slice(end + 1));
  } catch {
    return undefined;
  }
  return asRecord(document).resource_changes === CUT ? (document as Json) : undefined;
}

const PLANNED_VALUES_KEY = ',"planned_values":';
/** Stands for planned_values in the rest of the plan, as CUT stands for the list. */
const PLANNED_VALUES_CUT = '\u0000planned_values';

/**
 * `readRest` without copying planned_values, which is often as long as the list: when Terraform wrote it right before
 * the list (`...,"planned_values":{...},"resource_changes":[`), it is parsed where it stands, and the rest around it
 * is joined. As with the list: the rest must parse with both cut out, the markers must then be the plan's own
 * values, and no later key may have either name; so the rest and planned_values are the plan, read as one. Undefined
 * when the text is not written that way (`readRest` then reads it).
 */
function readPlannedValuesInPlace(text: string, key: number, end: number): Json | undefined {
  const planned = text.indexOf(PLANNED_VALUES_KEY);
  // A list of drift between them would end in `]`: planned_values ends in `}` right before the key's comma.
  if (planned < 0 || planned > key || text.charCodeAt(key - 2) !== CLOSE_BRACE || text.includes('"planned_values"', end)) return undefined;
  let plannedValues: unknown;
  try {
    plannedValues = JSON.parse(text.slice(planned + PLANNED_VALUES_KEY.length, key - 1));
  } catch {
    return undefined;
  }
  const rest = readRest(text, planned, `,"planned_values":${JSON.stringify(PLANNED_VALUES_CUT)},"resource_changes":${JSON.stringify(CUT)}`, end);
  if (rest?.planned_values !== PLANNED_VALUES_CUT) return undefined;
  rest.planned_values = plannedValues;
  return rest;
}

/** The changes of the list between `first` and `end` (its closing bracket), each parsed on its own. */
function readChanges(text: string, first: number, end: number): Pick<PlanJson, 'changes' | 'misshapenChange'> | undefined {
  const changes: PlanChange[] = [];
  let misshapen: MisshapenChange | undefined;
  for (let start = first, index = 0; start < end; index++) {
    let cut = start;
    let piece: string;
    let parsed: unknown;
    for (let falseEnds = 0; ; falseEnds++) {
      const between = text.indexOf(BETWEEN_CHANGES, cut);
      cut = between < 0 || between > end ? end : between + 1;
      piece = text.slice(start, cut);
      try {
        parsed = JSON.parse(piece);
        break;
      } catch {
        if (cut === end || falseEnds === MOST_FALSE_ENDS) return undefined;
      }
    }
    misshapen ??= misshapenEntry(parsed, index);
    const change = planChange(parsed, text, index, start, cut);
    if (change) changes.push(change);
    start = cut + 1;
  }
  return { changes, ...(misshapen ? { misshapenChange: misshapen } : {}) };
}

/**
 * The entries of `resource_changes` by address (the last one, if an address repeats); deposed objects (left from an
 * earlier replacement) are not the resource itself. Each remembers whether a resource found it.
 */
export class ResourceChanges {
  private readonly records: PlanChange[] = [];
  /** Position in `records` of each address's change (they are in the order the addresses are first written). */
  private readonly positions = new LargeMap<number>();
  private readonly found: Uint8Array;
  private foundCount = 0;
  /** Where the change after the last one found is. */
  private next = 0;
  /** The changes of `records` that write the resource's deployed values (`before`): none of a plan that only creates. */
  private readonly deployed: PlanChange[] = [];
  /** The addresses changes move resources away from, once asked. */
  private previousAddresses?: Set<string>;

  /** The changes of deposed objects. */
  private readonly deposed: PlanChange[] = [];

  constructor(changes: readonly PlanChange[]) {
    for (let index = 0; index < changes.length; index++) {
      const change = changes[index]!;
      if (change.deposed) {
        this.deposed.push(change);
        continue;
      }
      if (this.positions.setNew(change.address, this.records.length)) this.records.push(change);
      else {
        // An address written again (Terraform writes none twice): its last change, at the place of its first.
        const first = this.records.findIndex((record) => record.address === change.address);
        this.records[first] = change;
        this.positions.set(change.address, first);
      }
    }
    this.found = new Uint8Array(this.records.length);
    // Indexed, as in the loop above and in `movesAway`: run once per plan, mostly before it is optimised, `for of`
    // allocates a step result per change.
    for (let position = 0; position < this.records.length; position++) if (this.records[position]!.writesBefore) this.deployed.push(this.records[position]!);
  }

  /** The change of the resource at the address. */
  find(address: string): PlanChange | undefined {
    // Planned values and changes mostly list resources in one order: the change after the last one found is tried
    // first, which compares two addresses where a lookup would hash one and compare it too.
    let position: number | undefined = this.next;
    if (this.records[position]?.address !== address) position = this.positions.get(address);
    if (position === undefined) return undefined;
    this.next = position + 1;
    if (this.found[position] === 0) {
      this.found[position] = 1;
      this.foundCount++;
    }
    return this.records[position];
  }

  /** The changes of deposed objects of addresses the plan has no other change for: no current object is there. */
  deposedAlone(): PlanChange[] {
    return this.deposed.filter((change) => !this.positions.has(change.address));
  }

  /** Whether the plan has a change for the resource at the address (not only for a deposed object of it). */
  has(address: string): boolean {
    return this.positions.has(address);
  }

  /**
   * Every change of a resource itself that writes its deployed values, the last one of an address: the world before
   * the plan reads only these, and a plan of thousands of resources it creates has none or few.
   */
  withDeployedValues(): readonly PlanChange[] {
    return this.deployed;
  }

  /** Whether a change moves the resource at the address to another (`moved`): the state holds it there until applied. */
  movesAway(address: string): boolean {
    if (!this.previousAddresses) {
      this.previousAddresses = new Set();
      for (let position = 0; position < this.records.length; position++) {
        const { previousAddress } = this.records[position]!;
        if (previousAddress !== undefined) this.previousAddresses.add(previousAddress);
      }
    }
    return this.previousAddresses.has(address);
  }

  /** The change of the resource at the address, looked up without counting it as found. */
  get(address: string): PlanChange | undefined {
    const position = this.positions.get(address);
    return position === undefined ? undefined : this.records[position];
  }

  /** The changes no resource found. */
  unfound(): PlanChange[] {
    const unfound: PlanChange[] = [];
    if (this.foundCount < this.records.length) {
      for (let position = 0; position < this.records.length; position++) if (this.found[position] === 0) unfound.push(this.records[position]!);
    }
    return unfound;
  }
}

function changeKind(actions: unknown): ResourceChange | undefined {
  if (!Array.isArray(actions)) return undefined;
  // `["create", "forget"]` replaces the deployed object, which stays deployed, no longer managed (`destroy = false`).
  if (actions.includes('create')) return actions.includes('delete') || actions.includes('forget') ? 'replace' : 'create';
  if (actions.includes('update')) return 'update';
  if (actions.includes('read')) return 'read';
  if (actions.includes('no-op')) return 'no-op';
  return undefined;
}
