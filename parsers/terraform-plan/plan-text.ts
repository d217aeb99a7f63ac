/**
 * Locations inside the plan file. A plan can be tens of megabytes, so nothing is done until a location is asked
 * for: then one pass over the text finds where each planned resource object starts and ends, and a path is followed
 * inside that object only. Terraform writes plans minified, so the `yaml` reader the CloudFormation parser locates
 * JSON with (one long flow line per plan) is far too slow here; a JSON-only walk gives the same ranges.
 */
import { pathStartsWith, type Path, type SourceLocation } from '../../src/model/index.js';
import { addressInModule, type WrittenResource } from './address.js';
import { TextPositions, type SourceAttribute } from '../terraform/source.js';
import { JsonSource } from '../terraform/json-source.js';
import { COLON, COMMA, fileCursor, isBlank, JsonCursor, OPEN_BRACE, pathRange, QUOTE, skipBlanks, stringEnd, stringEquals, stringValue, WalkedText, writtenOffset, type PathRange } from '../json-text.js';

/** Where a resource's values are written: a planned resource object, a prior_state one, or a change's `after`. */
type WrittenIn = 'planned' | 'prior_state' | 'resource_changes';

export class PlanText {
  private starts?: ResourceStarts;
  /** Each planned resource object's start and end, by address, once the search missed one and the file was walked. */
  private walked?: Map<string, [number, number]>;
  private readonly positions: TextPositions;
  /** Each entry of `resource_changes` (not a deposed object's) by address, once one is located. */
  private changes?: Map<string, [number, number]>;
  /** Each resource object of `prior_state` (not a deposed object) by address, once one is located. */
  private priorObjects?: Map<string, [number, number]>;
  private readonly cursor: JsonCursor;
  /**
   * The JSON strings of resources' values read for locations inside them, by the text the values hold there, the
   * least recently used first: resources stamped out of one module write one policy alike, and one reading serves
   * them all (what the string reads as, and the places found in it); the walk to a resource's string compares the
   * string written before in place, where it would read its escapes one by one. Only the last RECENT_STRINGS are kept:
   * kept for every string, the texts outlived the scan's young objects (3 MB for the bench plan's 3,674 located
   * policies), and were copied by the garbage collector for nothing.
   */
  private readonly readStrings = new Map<string, ReadString>();
  /** The place last located in, and the string there if the values hold what it reads as: findings in one string come one after the other. */
  private lastPlace?: { place: StringPlace; valueStart: number; string: ReadString | undefined };
  /** The plan read as the members of its top-level object, whose strings are literals (`variableAssignment`), once one is asked for. */
  private members?: JsonSource;

  constructor(
    readonly file: string,
    private readonly text: string,
    /** Where `planned_values` is known to end (the key that follows it), if it is. */
    private readonly plannedValuesEnd?: number,
    /** Where the entry of `resource_changes` for a resource starts, where the read of the plan found it. */
    private readonly changeStart: (address: string) => number | undefined = () => undefined,
  ) {
    this.cursor = new JsonCursor(text);
    this.positions = new TextPositions(file, text);
  }

  /**
   * Where the plan writes the value it was made with for a root variable (`variables.<name>.value`), read as a variable
   * file's assignment is (`variableFileSource`): from the key `value` to the end of the value.
   */
  variableAssignment(name: string): { source: JsonSource; attribute: SourceAttribute } | undefined {
    const source = (this.members ??= new JsonSource(this.file, this.text, true));
    const member = (start: number | undefined, key: string) => {
      const written = start === undefined ? undefined : source.writtenAt(start);
      return written?.kind === 'object' ? written.members.get(key) : undefined;
    };
    const variables = source.body.attributes.findLast((attribute) => attribute.name === 'variables');
    const value = member(member(variables?.start, name)?.start, 'value');
    return value && { source, attribute: { name: 'value', nameStart: value.from, start: value.start, end: value.end } };
  }

  /**
   * Locates a path inside a planned resource object (`['values', 'assume_role_policy']`): the key and its value, or
   * the nearest ancestor the path reaches; the start of the file for a resource the plan does not list. `order` is
   * the resource's position among the resource objects of `planned_values` as they are written, if known.
   */
  locate(address: string, path: Path, order?: number): SourceLocation {
    return this.locateInSpan(this.span(address, order), path);
  }

  /**
   * Locates a path inside a resource's entry in `resource_changes` (`['change', 'after', 'policy']`): for a changed
   * resource that planned_values leaves out (older plans).
   */
  locateChange(address: string, path: Path): SourceLocation {
    return this.locateInSpan(this.changeSpan(address), path);
  }

  /**
   * Locates a path inside a resource object of `prior_state` (`['values', 'assume_role_policy']`): for a resource the
   * plan does not change and leaves out of planned_values (a targeted plan).
   */
  locatePrior(address: string, path: Path): SourceLocation {
    return this.locateInSpan(this.priorSpan(address), path);
  }

  /**
   * Locates a path of a resource's values (`['role_arn']`) in the object that writes them (`['values']` of a planned
   * or prior resource object, `['change', 'after']` of a change), or, where those leave the value out as known only
   * after apply, its mark in the resource's change (`"role_arn": true` in `after_unknown`): the line that says what
   * the value is, rather than the whole block of values.
   */
  locateValue(address: string, written: WrittenIn, path: Path, order?: number): SourceLocation {
    const found = this.inValues(address, written, path, order);
    if (found && found.reached === path.length) return this.positions.location(found.start, found.end);
    // A deployed resource's values are all known.
    const changeSpan = written === 'prior_state' ? undefined : this.changeSpan(address);
    const open = changeSpan && pathRange(this.cursor, changeSpan, ['change', 'after_unknown', ...path]);
    // Taken where it reaches more of the path than the values do (a block may be written with only its open part marked).
    const reachedInValues = found ? Math.max(0, found.reached) : 0;
    if (open && open.reached - 2 > reachedInValues) return this.positions.location(open.start, open.end);
    return found ? this.positions.location(found.start, found.end) : this.fileStart();
  }

  /**
   * Locates a path inside the JSON text a string of a resource's values holds (`inner`, a path in the document that text
   * reads as, at `path` of the values, where they hold `value`): the plan writes the text as one JSON string on one
   * line, its escapes (`\n`, `\"`) longer than what they read as. Undefined when the values write no string there,
   * `isValue` refuses what the string reads as (the values read it otherwise), or the path does not enter the text.
   */
  locateInString(address: string, written: WrittenIn, path: Path, inner: Path, value: string, isValue: (text: string) => boolean, order?: number): SourceLocation | undefined {
    const place: StringPlace = { address, written, path, order };
    if (!this.lastPlace || !samePlace(this.lastPlace.place, place)) this.lastPlace = { place, ...this.readString(place, value, isValue) };
    const { valueStart, string } = this.lastPlace;
    if (!string) return undefined;
    const inToken = string.locate(inner);
    return inToken && this.positions.location(valueStart + inToken[0], valueStart + inToken[1]);
  }

  /**
   * The JSON string a path of a resource's values leads to, read for locations inside it (`locateInString`), and where
   * it starts; no string where the values write none there or `isValue` refuses what it reads as.
   */
  private readString(place: StringPlace, value: string, isValue: (text: string) => boolean): { valueStart: number; string: ReadString | undefined } {
    const known = this.readStrings.get(value);
    // Where the walk found the string known written (a key written twice is walked to its last writing).
    let knownAt = -1;
    const knownEnd = known && ((start: number) => (this.writes(known.token, start) ? (knownAt = start) + known.token.length : undefined));
    const found = this.inValues(place.address, place.written, place.path, place.order, knownEnd);
    const valueStart = found?.valueStart;
    if (!found || found.reached !== place.path.length || valueStart === undefined || this.text.charCodeAt(valueStart) !== QUOTE) return { valueStart: 0, string: undefined };
    let string = known;
    if (!string || knownAt !== valueStart || found.end !== valueStart + string.token.length) {
      const token = this.text.slice(valueStart, found.end);
      string = new ReadString(token, stringValue(token));
    }
    // Moved to the end, the most recently used.
    this.readStrings.delete(value);
    this.readStrings.set(value, string);
    if (this.readStrings.size > RECENT_STRINGS) this.readStrings.delete(this.readStrings.keys().next().value!);
    return { valueStart, string: isValue(string.read) ? string : undefined };
  }

  /** Whether the plan writes `token` at `start`: compared as a slice, which V8 compares in bulk, where startsWith compares character by character. */
  private writes(token: string, start: number): boolean {
    return this.text.slice(start, start + token.length) === token;
  }

  /**
   * The range a path of a resource's values leads to in the object that writes them (`values` of a planned or prior
   * resource object, `change.after` of a change), with how many of the path's steps it reaches there.
   */
  private inValues(address: string, written: WrittenIn, path: Path, order?: number, knownEnd?: (valueStart: number) => number | undefined): PathRange | undefined {
    const span = written === 'planned' ? this.span(address, order) : written === 'prior_state' ? this.priorSpan(address) : this.changeSpan(address);
    if (!span) return undefined;
    const valuesPath = written === 'resource_changes' ? ['change', 'after'] : ['values'];
    const found = pathRange(this.cursor, span, [...valuesPath, ...path], knownEnd);
    found.reached -= valuesPath.length;
    return found;
  }

  /** A resource's entry of `resource_changes`: where the read found it, else (a plan read whole) by walking the file. */
  private changeSpan(address: string): [number, number] | undefined {
    const start = this.changeStart(address);
    if (start !== undefined) return [start, start];
    this.changes ??= resourceChangeSpans(this.text);
    return this.changes.get(address);
  }

  private priorSpan(address: string): [number, number] | undefined {
    this.priorObjects ??= moduleResourceSpans(this.text, ['prior_state', 'values']);
    return this.priorObjects.get(address);
  }

  private fileStart(): SourceLocation {
    return { file: this.file, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
  }

  private locateInSpan(span: [number, number] | undefined, path: Path): SourceLocation {
    if (!span) return this.fileStart();
    const { start, end } = pathRange(this.cursor, span, path);
    return this.positions.location(start, end);
  }

  private span(address: string, order: number | undefined): [number, number] | undefined {
    if (!this.walked) {
      this.starts ??= new ResourceStarts(this.text, this.plannedValuesEnd);
      const start = this.starts.find(address, order);
      if (start !== undefined) return [start, start];
      this.walked = moduleResourceSpans(this.text, ['planned_values']);
      this.starts = undefined;
    }
    return this.walked.get(address);
  }
}

/** How many strings `PlanText` keeps read (`readStrings`): the texts of a module's resources, written one after the other. */
const RECENT_STRINGS = 64;

/**
 * A JSON string of the plan read for locations inside it: as written (its token, quotes included), what it reads as,
 * a cursor in that, and where what it reads is written in the token, each found from the last place asked where that
 * is before it. A policy naming thousands of accounts has thousands of findings in one string: each walked the string
 * from its start, which took time quadratic in their number; from the second location on, the cursor remembers the
 * arrays and keys it walked. Most strings have one finding, which one walk of the text locates.
 */
class ReadString {
  private cursor: JsonCursor;
  private located = 0;
  private lastRead = 0;
  private lastReadWritten = 1;
  /** The path `locate` was asked for last, and its answer. */
  private lastInner?: Path;
  private lastWritten?: [number, number];

  constructor(
    readonly token: string,
    readonly read: string,
  ) {
    this.cursor = new JsonCursor(read);
  }

  /**
   * Where in its token the key and value (or item) a path inside leads to is written, or the deepest step it reaches;
   * undefined where it enters nothing. The resources that share a string mostly have one finding alike in it: the
   * path asked last is answered again without a walk.
   */
  locate(inner: Path): [number, number] | undefined {
    if (this.lastInner && this.lastInner.length === inner.length && pathStartsWith(inner, this.lastInner)) return this.lastWritten;
    const inside = this.range(inner);
    const start = inside.reached === 0 ? undefined : this.writtenOffset(inside.start);
    this.lastInner = inner;
    this.lastWritten = start === undefined ? undefined : [start, writtenOffset(this.token, start, inside.end - inside.start)];
    return this.lastWritten;
  }

  /** The range a path leads to in what the string reads as (`pathRange`). */
  private range(inner: Path): PathRange {
    if (++this.located === 2) this.cursor = new JsonCursor(this.cursor.text, new WalkedText());
    return pathRange(this.cursor, [0, this.cursor.text.length], inner);
  }

  /** Where the character at `index` of what the string reads as is written in its token. */
  private writtenOffset(index: number): number {
    if (index < this.lastRead) {
      this.lastRead = 0;
      this.lastReadWritten = 1;
    }
    this.lastReadWritten = writtenOffset(this.token, this.lastReadWritten, index - this.lastRead);
    this.lastRead = index;
    return this.lastReadWritten;
  }
}

/** Where a string of a resource's values is: the resource, the object that writes its values, the path there (`PlanText.locateInString`). */
interface StringPlace {
  address: string;
  written: WrittenIn;
  path: Path;
  /** The resource's position among the resource objects of `planned_values`, if known. */
  order: number | undefined;
}

function samePlace(a: StringPlace, b: StringPlace): boolean {
  // The order first: a number, where two addresses built apart are compared character by character.
  return a.order === b.order && a.written === b.written && a.address === b.address && a.path.length === b.path.length && pathStartsWith(a.path, b.path);
}

/**
 * Where planned resource objects start, found by a search rather than a walk: Terraform writes `planned_values` before
 * `resource_drift`/`resource_changes`, and starts every resource object with its address (`{"address":"..."`). A
 * resource this does not find (another key order) is looked up by walking the whole file. Paths are followed from
 * the start.
 */
class ResourceStarts {
  /**
   * Where each object that reads as a resource starts, the address followed by `mode` as Terraform writes them, in the
   * order they are written: module objects and values holding an `address` key are found too, and left out. Only this
   * list is kept: a list of 20,000 offsets outgrows the young generation into memory of its own, fresh pages each time
   * (three lists, with every object's start and address, took 138 page faults a scan of the bench plan, this one 45).
   * An address is read again from its object's start; the other objects are found again if a lookup by address needs them.
   */
  private readonly resources: number[] = [];
  /** The first object of each address, module objects included, read only when a resource is not where its order says. */
  private byAddress?: Map<string, number>;
  private readonly regionStart: number;
  private readonly regionEnd: number;

  constructor(
    private readonly text: string,
    knownEnd: number | undefined,
  ) {
    this.regionStart = text.indexOf('"planned_values"');
    this.regionEnd = this.regionStart < 0 ? this.regionStart : knownEnd !== undefined && knownEnd > this.regionStart ? knownEnd : plannedValuesEnd(text, this.regionStart);
    this.eachObject((open, _address, resource) => {
      if (resource) this.resources.push(open);
    });
  }

  /**
   * Where the object of this address starts: the resource object at its position (`order`) when it has the address,
   * else the first object found with it. Comparing an address in place reads no string; the lookup by address reads
   * every one.
   */
  find(address: string, order: number | undefined): number | undefined {
    const object = order === undefined ? undefined : this.resources[order];
    if (object !== undefined && stringEquals(this.text, addressValue(this.text, object), address)) return object;
    if (!this.byAddress) {
      const byAddress = new Map<string, number>();
      this.eachObject((open, value) => {
        const found = stringValue(this.text.slice(value, stringEnd(this.text, value)));
        if (!byAddress.has(found)) byAddress.set(found, open);
      });
      this.byAddress = byAddress;
    }
    return this.byAddress.get(address);
  }

  /** Calls `visit` on each object of the region that starts with an address: where it and its address string start, and whether it reads as a resource. */
  private eachObject(visit: (open: number, address: number, resource: boolean) => void): void {
    const { text, regionStart, regionEnd } = this;
    for (let key = regionStart < 0 ? -1 : nextAddressKey(text, regionStart); key >= 0 && key < regionEnd; key = nextAddressKey(text, key + 1)) {
      let open = key - 1;
      while (open > regionStart && isBlank(text.charCodeAt(open))) open--;
      if (text.charCodeAt(open) !== OPEN_BRACE) continue;
      const colon = skipBlanks(text, key + '"address"'.length);
      if (text.charCodeAt(colon) !== COLON) continue;
      const value = skipBlanks(text, colon + 1);
      if (text.charCodeAt(value) !== QUOTE) continue;
      const end = stringEnd(text, value);
      if (end > regionEnd) break;
      const comma = skipBlanks(text, end);
      visit(open, value, text.charCodeAt(comma) === COMMA && text.startsWith('"mode"', skipBlanks(text, comma + 1)));
    }
  }
}

/** Where the address string of an object `ResourceStarts` found starts: past its brace, key and colon. */
function addressValue(text: string, open: number): number {
  return skipBlanks(text, skipBlanks(text, skipBlanks(text, open + 1) + '"address"'.length) + 1);
}

/** Where `resource_drift` or `resource_changes` follows `planned_values`; where `planned_values` starts without them. */
function plannedValuesEnd(text: string, plannedValues: number): number {
  // One search reads the region once and stops at whichever key comes first; a regular expression skips through the
  // text by its literal start, where indexOf stops at every quote.
  const keys = /"resource_(?:changes|drift)"/g;
  keys.lastIndex = plannedValues;
  return keys.exec(text)?.index ?? plannedValues;
}

/** Where `"address"` next occurs from `from`, or -1. */
function nextAddressKey(text: string, from: number): number {
  // V8 searches for a pattern's first character first: a quote starts every other token of JSON, a `d` far fewer.
  for (let tail = text.indexOf('ddress"', from + 2); tail >= 0; tail = text.indexOf('ddress"', tail + 1)) {
    if (text.startsWith('"a', tail - 2)) return tail - 2;
  }
  return -1;
}

/**
 * The span of every resource object of the module tree at `section` (`planned_values`, `prior_state.values`): its root
 * module and nested child modules, by address.
 */
function moduleResourceSpans(text: string, section: readonly string[]): Map<string, [number, number]> {
  const spans = new Map<string, [number, number]>();
  const cursor = fileCursor(text);
  // A module's address may follow its resources: their addresses are written in full once the module is read.
  const readModule = (root: boolean): void => {
    let moduleAddress: string | undefined = root ? '' : undefined;
    const objects: ResourceObject[] = [];
    cursor.eachEntry((key) => {
      if (key === 'resources') readResourceObjects(cursor, objects);
      else if (key === 'child_modules') cursor.eachItem(() => readModule(false));
      else if (key === 'address' && !root && cursor.peek() === QUOTE) moduleAddress = cursor.readString();
      else cursor.skipValue();
    });
    for (const { written, span } of objects) {
      const address = moduleAddress === undefined ? written.address : addressInModule(written, moduleAddress);
      if (typeof address === 'string') spans.set(address, span);
    }
  };
  const enter = (depth: number): void =>
    cursor.eachEntry((key) => {
      if (depth < section.length ? key !== section[depth] : key !== 'root_module') return cursor.skipValue();
      if (depth < section.length) enter(depth + 1);
      else readModule(true);
    });
  enter(0);
  return spans;
}

/** The span of every entry of `resource_changes` for a resource itself (not a deposed object), by its address; the last one of an address. */
function resourceChangeSpans(text: string): Map<string, [number, number]> {
  const spans = new Map<string, [number, number]>();
  const cursor = fileCursor(text);
  const objects: ResourceObject[] = [];
  cursor.eachEntry((key) => (key === 'resource_changes' ? readResourceObjects(cursor, objects) : cursor.skipValue()));
  for (const { written, span } of objects) if (typeof written.address === 'string') spans.set(written.address, span);
  return spans;
}

/** A resource object of the plan text: what it writes about where it stands, and its span. */
interface ResourceObject {
  written: WrittenResource;
  span: [number, number];
}

/** Reads each object of the list at the cursor, but a deposed object (`deposed` in a change, `deposed_key` in a state). */
function readResourceObjects(cursor: JsonCursor, objects: ResourceObject[]): void {
  cursor.eachItem(() => {
    const start = cursor.position;
    const written: WrittenResource = {};
    let deposed = false;
    cursor.eachEntry((field) => {
      if (field === 'address' || field === 'mode' || field === 'type' || field === 'name' || field === 'index') written[field] = cursor.readScalar();
      else {
        deposed ||= field === 'deposed' || field === 'deposed_key';
        cursor.skipValue();
      }
    });
    if (!deposed) objects.push({ written, span: [start, cursor.position] });
  });
}
