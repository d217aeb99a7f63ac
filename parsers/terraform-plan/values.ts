/** Planned attribute values with what the plan leaves open made explicit, and the owner's account as a symbol. */
import { columnBeforeReplacements, OWNER_ACCOUNT, Unresolved, isObject, type Value, type ValueObject } from '../../src/model/index.js';
import { wholeAccountPattern } from '../../src/model/arn.js';
import { setOwn } from '../../src/model/objects.js';
import { sharedValue } from '../terraform/origins.js';

/**
 * Marks every value that `after_unknown` says is known only after apply (Terraform leaves it out of the planned
 * values), and every sensitive value the plan hides, as Unresolved. `values` is changed in place and returned.
 */
export function markOpenValues(values: ValueObject, unknown: unknown, sensitive: unknown): ValueObject {
  if (hasMarks(unknown)) overlay(values, unknown, KNOWN_AFTER_APPLY);
  // Most resources hide nothing (`{}`): no walk is set up for them.
  if (hasMarks(sensitive)) overlay(values, sensitive, SENSITIVE);
  return values;
}

/** Whether a marker tree (`after_unknown`, `after_sensitive`) marks anything. */
export function hasMarks(marks: unknown): boolean {
  if (Array.isArray(marks)) return marks.length > 0;
  if (isRecord(marks)) for (const _ in marks) return true;
  return false;
}

/**
 * How a mark is read: the value set (what the value is, as Terraform shows it; one for every mark, as a plan marks
 * tens of thousands and where one sits is where it is read from), and whether it replaces a value the plan holds.
 */
interface Marking {
  open: Unresolved;
  replaceKnown: boolean;
}

const KNOWN_AFTER_APPLY: Marking = { open: sharedValue(new Unresolved('known after apply')), replaceKnown: true };
/** A sensitive value the plan holds is read as planned: only one it leaves out is open. */
const SENSITIVE: Marking = { open: sharedValue(new Unresolved('sensitive value')), replaceKnown: false };

/**
 * Marks nested deeper than this are read as marking the whole value they are in: no provider schema nests so deep, and
 * a walk of a hand-made plan nested thousands deep would exhaust the stack.
 */
const MOST_MARK_DEPTH = 1000;

/** Walks a marker tree (`true` leaves, objects and lists mirroring the value) and sets each marked leaf. */
function overlay(target: ValueObject | Value[], marks: unknown, marking: Marking, depth = 0): void {
  if (Array.isArray(marks)) for (let index = 0; index < marks.length; index++) overlayStep(target, index, marks[index], marking, depth);
  // for-in reads the keys without a list of them; marks are plain JSON objects, with nothing inherited to enumerate.
  else if (isRecord(marks)) for (const key in marks) overlayStep(target, key, marks[key], marking, depth);
}

function overlayStep(target: ValueObject | Value[], step: string | number, mark: unknown, marking: Marking, depth: number): void {
  // Nearly every mark is a `true` leaf known after apply, which replaces the value without reading it.
  if (mark === true) {
    if (marking.replaceKnown || read(target, step) === undefined) write(target, step, marking.open);
  } else if (depth >= MOST_MARK_DEPTH && hasMarks(mark)) write(target, step, marking.open);
  else if (isRecord(mark) || Array.isArray(mark)) {
    const current = read(target, step);
    let container = current;
    if (!Array.isArray(container) && !isObject(container)) {
      if (!marking.replaceKnown) return;
      // A known text or number that parts are marked inside (Terraform marks no such thing): its shape is not what the
      // mark says, and it is read as wholly unknown rather than replaced by the parts.
      if (current !== undefined && current !== null) return write(target, step, marking.open);
      container = Array.isArray(mark) ? [] : {};
      write(target, step, container);
    }
    // An empty mark (`{}`, `[]`: nothing inside is open) has no path to lead to.
    if (hasMarks(mark)) overlay(container as ValueObject | Value[], mark, marking, depth + 1);
  }
}

function read(target: ValueObject | Value[], step: string | number): Value | undefined {
  return Array.isArray(target) ? (typeof step === 'number' ? target[step] : undefined) : typeof step === 'string' && Object.hasOwn(target, step) ? target[step] : undefined;
}

function write(target: ValueObject | Value[], step: string | number, value: Value): void {
  if (Array.isArray(target)) {
    if (typeof step === 'number') {
      while (target.length < step) target.push(null);
      target[step] = value;
    }
  } else if (typeof step === 'string') setOwn(target, step, value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Writes the owner's account as a symbol in a value; `key`: the attribute the value is of, if any. */
export type Symbolizer = (value: Value, key?: string) => Value;

/**
 * Replaces the deploying account's literal id (as a whole number) in every string, policy text included, by the
 * owner's account symbol: Terraform renders `data.aws_caller_identity` into a literal, which would otherwise read
 * as some other account (a trust policy naming its own account would look cross-account). The region is left
 * literal: as a symbol it would tell rules less than the literal does. The returned function changes values in
 * place where it can.
 *
 * Inside JSON text (`jsonAttributes`), the symbol is written as JSON escapes, which JSON.parse turns into the
 * symbol itself, and only inside JSON strings: an account written as a bare JSON number stays a number.
 */
export function ownerSymbolizer(accounts: ReadonlySet<string>, jsonAttributes: ReadonlySet<string>): Symbolizer {
  const patterns = [...accounts].map((account) => ({
    literal: account,
    plain: wholeAccountPattern(account),
    // Not right after a key's colon or in a list, where a bare number would stand.
    inJson: new RegExp(`(?<![0-9])(?<!"\\s*:\\s*|[\\[,]\\s*)${account}(?![0-9])`, 'g'),
  }));
  if (patterns.length === 0) return (value) => value;
  const escaped = OWNER_ACCOUNT_IN_JSON;
  // Texts repeat (policies stamped out of one module): each is rewritten once, and the copies share the result.
  const rewritten = { plain: new RewrittenTexts(), json: new RewrittenTexts() };
  // Every string of the plan is checked: a loop, not a callback made for each string.
  const mentionsAccount = (text: string): boolean => {
    for (let index = 0; index < patterns.length; index++) if (text.includes(patterns[index]!.literal)) return true;
    return false;
  };
  /** `key`: the attribute the text is the value of, if any (its JSON text is rewritten as JSON). */
  const symbolize = (text: string, key: string | undefined): string => {
    if (!mentionsAccount(text)) return text;
    const jsonText = key !== undefined && jsonAttributes.has(key) && text.startsWith('{');
    const known = jsonText ? rewritten.json : rewritten.plain;
    let result = known.get(text);
    if (result === undefined) {
      result = text;
      for (const { literal, plain, inJson } of patterns) if (result.includes(literal)) result = jsonText ? result.replace(inJson, escaped) : result.replace(plain, OWNER_ACCOUNT);
      known.set(text, result);
    }
    return result;
  };
  const visit = (node: Value, key: string | undefined): Value => {
    if (typeof node === 'string') return symbolize(node, key);
    if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) {
        const item = node[index]!;
        const symbolized = visit(item, undefined);
        if (symbolized !== item) node[index] = symbolized;
      }
    } else if (isObject(node)) {
      // Values are plain JSON objects (or made like them): for-in reads their keys without a list of them.
      for (const key in node) {
        const value = node[key]!;
        const symbolized = visit(value, key);
        if (symbolized !== value) node[key] = symbolized;
      }
    }
    return node;
  };
  return (value, key) => visit(value, key);
}

/**
 * Texts rewritten, by the text. The copies of a text mostly come one after another (the instances of a module list
 * their resources alike), and comparing two texts stops at their first difference, where a lookup hashes the whole
 * text (5.8 MB of policies per scan of the bench plan): the last text of each length is compared first.
 */
class RewrittenTexts {
  private readonly byText = new Map<string, string>();
  private readonly lastOfLength = new Map<number, { text: string; result: string }>();

  get(text: string): string | undefined {
    const last = this.lastOfLength.get(text.length);
    if (last?.text === text) return last.result;
    const result = this.byText.get(text);
    if (result !== undefined) this.setLast(text, result);
    return result;
  }

  set(text: string, result: string): void {
    this.byText.set(text, result);
    this.setLast(text, result);
  }

  private setLast(text: string, result: string): void {
    const last = this.lastOfLength.get(text.length);
    if (last) {
      last.text = text;
      last.result = result;
    } else this.lastOfLength.set(text.length, { text, result });
  }
}

/** The owner's account symbol as `ownerSymbolizer` writes it inside JSON text: JSON escapes, which JSON.parse reads as the symbol. */
const OWNER_ACCOUNT_IN_JSON = JSON.stringify(OWNER_ACCOUNT).slice(1, -1);
/** An account id, which the symbol stands for. */
const ACCOUNT_ID_LENGTH = 12;

/**
 * Where a column (1-based) of a line of text that `ownerSymbolizer` rewrote was before, each symbol read back as the
 * account id it replaced.
 */
export function unsymbolizedColumn(line: string, column: number): number {
  return columnBeforeReplacements(line, column, (at) =>
    line.startsWith(OWNER_ACCOUNT_IN_JSON, at) ? [OWNER_ACCOUNT_IN_JSON.length, ACCOUNT_ID_LENGTH] : line.startsWith(OWNER_ACCOUNT, at) ? [OWNER_ACCOUNT.length, ACCOUNT_ID_LENGTH] : undefined,
  );
}
