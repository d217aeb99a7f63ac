/**
 * Reading JSON text without building values: the character codes of its tokens, where a string ends, what it reads,
 * and a cursor that walks objects and lists and tells where each value is.
 */
import { LineCounter } from 'yaml';
import { writtenInInterpolationOrVariable, writtenRange, type InterpolationWriting, type Path, type SourceLocation, type StringOrigin } from '../src/model/index.js';

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const SLASH = 0x2f;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;

/** Offset just after the string whose opening quote is at `start` (the text's length when it is not closed). */
export function stringEnd(text: string, start: number): number {
  for (let quote = text.indexOf('"', start + 1); quote >= 0; quote = text.indexOf('"', quote + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
  }
  return text.length;
}

/** The value of a JSON string token (quotes included); its text between the quotes if it does not parse. */
export function stringValue(token: string): string {
  if (!token.includes('\\')) return token.slice(1, -1);
  try {
    return JSON.parse(token) as string;
  } catch {
    return token.slice(1, -1);
  }
}

/**
 * Where the character at `index` of what a JSON string reads as is written, the string's text starting at `start` (past
 * its opening quote): an escape is longer than the character it reads as (`\\n`, `\\u0026`).
 */
export function writtenOffset(text: string, start: number, index: number): number {
  let at = start;
  for (let read = 0; read < index; read++) at += text.charCodeAt(at) !== BACKSLASH ? 1 : text[at + 1] === 'u' ? 6 : 2;
  return at;
}

/**
 * JSON text written in a JSON string (its characters from `start`, past the opening quote, to `end`, the closing quote),
 * rewritten as long as it is written: an escape that stands for a character outside the inner text's strings (`\\"`
 * opening or closing one, `\\n` between tokens) is that character with blanks beside it, outside the string. Inside
 * an inner string an escape reads shorter: the blanks it leaves follow the string's closing quote, so that every token
 * starts where the file writes it (a character inside such a string after an escape is placed that much earlier).
 */
export function sameLengthJsonInString(text: string, start: number, end: number): string {
  let rewritten = '';
  let inString = false;
  let escaping = false;
  let owed = 0;
  for (let at = start; at < end; ) {
    const length = text.charCodeAt(at) !== BACKSLASH ? 1 : text[at + 1] === 'u' ? 6 : 2;
    const char = length === 1 ? text[at]! : (JSON.parse(`"${text.slice(at, at + length)}"`) as string);
    at += length;
    if (inString) {
      rewritten += char;
      owed += length - 1;
      if (escaping) escaping = false;
      else if (char === '\\') escaping = true;
      else if (char === '"') {
        inString = false;
        rewritten += ' '.repeat(owed);
        owed = 0;
      }
    } else if (char === '"') {
      inString = true;
      rewritten += ' '.repeat(length - 1) + char;
    } else rewritten += (isBlank(char.charCodeAt(0)) ? ' ' : char) + ' '.repeat(length - 1);
  }
  return rewritten + ' '.repeat(owed);
}

/**
 * What a cursor found walking a text: where the items of each array entered start, and the keys of each object entered
 * (by where the array or object starts). A key's entry holds where its last writing and its value start.
 */
export class WalkedText {
  readonly items = new Map<number, number[]>();
  readonly objects = new Map<number, Map<string, [number, number]>>();
}

/** Walks JSON text without building values; on anything unexpected it stops where it is (callers then find fewer spans). */
export class JsonCursor {
  position = 0;

  constructor(
    readonly text: string,
    /** What the cursor found in the text, for a text located in again and again: each array and object is walked once. */
    private readonly walked?: WalkedText,
  ) {}

  /** The character code at the cursor after blanks; NaN at the end of the text. */
  peek(): number {
    this.position = skipBlanks(this.text, this.position);
    return this.text.charCodeAt(this.position);
  }

  /**
   * Calls `read` on every key of the object at the cursor, with where the key starts, and the cursor on the key's
   * value; `read` must consume it.
   */
  eachEntry(read: (key: string, keyStart: number) => void): void {
    if (this.peek() !== OPEN_BRACE) return this.skipValue();
    this.position++;
    while (this.peek() === QUOTE) {
      const keyStart = this.position;
      const key = this.readString();
      if (this.peek() !== COLON) return;
      this.position++;
      const before = this.position;
      read(key, keyStart);
      if (this.position === before) return;
      if (this.peek() === COMMA) this.position++;
    }
    if (this.peek() === CLOSE_BRACE) this.position++;
  }

  eachItem(read: () => void): void {
    if (this.peek() !== OPEN_BRACKET) return this.skipValue();
    this.position++;
    while (this.peek() !== CLOSE_BRACKET && this.position < this.text.length) {
      const before = this.position;
      read();
      if (this.position === before) return;
      if (this.peek() === COMMA) this.position++;
    }
    this.position++;
  }

  /**
   * Moves onto the value of `key` in the object at the cursor; returns where the key starts, or undefined. Of a key the
   * object repeats, the last writing: the one JSON.parse (and IAM) reads.
   */
  enterKey(key: string): number | undefined {
    if (this.peek() !== OPEN_BRACE) return undefined;
    if (!this.walked) return this.findKey(key);
    let keys = this.walked.objects.get(this.position);
    if (!keys) this.walked.objects.set(this.position, (keys = this.objectKeys()));
    const found = keys.get(key);
    if (!found) return undefined;
    this.position = found[1];
    return found[0];
  }

  /** Every key of the object at the cursor, read in one walk; the cursor is left after it. */
  private objectKeys(): Map<string, [number, number]> {
    const keys = new Map<string, [number, number]>();
    this.eachEntry((key, keyStart) => {
      this.peek();
      keys.set(key, [keyStart, this.position]);
      this.skipValue();
    });
    return keys;
  }

  /** `enterKey` by walking the object at the cursor. */
  private findKey(key: string): number | undefined {
    this.position++;
    let found: { start: number; value: number } | undefined;
    while (this.peek() === QUOTE) {
      const start = this.position;
      const end = stringEnd(this.text, start);
      this.position = end;
      if (this.peek() !== COLON) break;
      this.position++;
      if (stringEquals(this.text, start, key)) {
        this.peek();
        found = { start, value: this.position };
      }
      this.skipValue();
      if (this.peek() === COMMA) this.position++;
    }
    if (!found) return undefined;
    this.position = found.value;
    return found.start;
  }

  /**
   * Moves onto item `index` of the array at the cursor; returns where it starts, or undefined (also for a negative or
   * fractional index, which no item has). With `walked`, the items skipped are remembered by array: entering item after
   * item of one array walks it once.
   */
  enterItem(index: number): number | undefined {
    if (!Number.isInteger(index) || index < 0 || this.peek() !== OPEN_BRACKET) return undefined;
    let starts = this.walked?.items.get(this.position);
    if (this.walked && !starts) this.walked.items.set(this.position, (starts = [this.position + 1]));
    let item = 0;
    this.position++;
    if (starts) {
      item = Math.min(index, starts.length - 1);
      this.position = starts[item]!;
    }
    for (; item < index; item++) {
      if (this.peek() === CLOSE_BRACKET) return undefined;
      this.skipValue();
      if (this.peek() !== COMMA) return undefined;
      this.position++;
      starts?.push(this.position);
    }
    const next = this.peek();
    return next === CLOSE_BRACKET || Number.isNaN(next) ? undefined : this.position;
  }

  /** Whether the cursor remembers the objects and arrays it walked (`WalkedText`). */
  get remembersWalks(): boolean {
    return this.walked !== undefined;
  }

  /**
   * `pathRange` from step `depth` of a path, for the value at the cursor (reached by the steps before, its key or item
   * written at `start`), in one walk of it: the keys of each object are walked to its end for a key's last writing, and
   * each writing's value is followed while it is walked past, rather than skipped and walked again once entered (a plan's
   * policy string was read three times to locate a finding in it). Leaves the cursor where `skipValue` leaves it.
   * `knownEnd` tells where a value the whole path leads to ends, where the caller knows it (`pathRange`).
   */
  follow(path: Path, depth: number, start: number, knownEnd?: (valueStart: number) => number | undefined): PathRange {
    const text = this.text;
    const valueStart = (this.position = skipBlanks(text, this.position));
    const open = text.charCodeAt(valueStart);
    const step = path[depth];
    let deepest: PathRange | undefined;
    // Whether the value was walked to its closing bracket, entry by entry or item by item; else it is skipped.
    let closed = false;
    if (step !== undefined && open === OPEN_BRACE) {
      const key = String(step);
      this.position++;
      while (this.peek() === QUOTE) {
        const keyStart = this.position;
        this.position = stringEnd(text, keyStart);
        if (this.peek() !== COLON) break;
        this.position++;
        if (stringEquals(text, keyStart, key)) deepest = this.follow(path, depth + 1, keyStart, knownEnd);
        else this.skipValue();
        if (this.peek() === COMMA) this.position++;
      }
      closed = this.peek() === CLOSE_BRACE;
    } else if (typeof step === 'number' && Number.isInteger(step) && step >= 0 && open === OPEN_BRACKET) {
      this.position++;
      for (let item = 0; this.peek() !== CLOSE_BRACKET; item++) {
        if (item === step && !Number.isNaN(this.peek())) deepest = this.follow(path, depth + 1, this.position, knownEnd);
        else this.skipValue();
        if (this.peek() !== COMMA) break;
        this.position++;
      }
      closed = this.peek() === CLOSE_BRACKET;
    }
    if (closed) {
      this.position++;
      // Brackets are counted alike by the walk and by `skipValue`, which also reads on past a bracket that ends no value.
      closed = endsScalar(text.charCodeAt(this.position));
    }
    if (!closed) this.skipFrom(valueStart, depth === path.length ? knownEnd : undefined);
    return deepest ?? { start, end: this.position, reached: depth, valueStart };
  }

  /** Moves past the value at `valueStart`: to where `knownEnd` says it ends, if that is where `skipValue` would stop. */
  skipFrom(valueStart: number, knownEnd: ((valueStart: number) => number | undefined) | undefined): void {
    const end = knownEnd?.(valueStart);
    if (end !== undefined && endsScalar(this.text.charCodeAt(end))) this.position = end;
    else {
      this.position = valueStart;
      this.skipValue();
    }
  }

  /** The string or number at the cursor, read; anything else is skipped and read as undefined. */
  readScalar(): string | number | undefined {
    if (this.peek() === QUOTE) return this.readString();
    const start = this.position;
    this.skipValue();
    const text = this.text.slice(start, this.position).trim();
    return /^-?\d/.test(text) ? Number(text) : undefined;
  }

  readString(): string {
    const start = this.position;
    this.position = stringEnd(this.text, start);
    return stringValue(this.text.slice(start, this.position));
  }

  skipValue(): void {
    const text = this.text;
    let depth = 0;
    this.position = skipBlanks(text, this.position);
    do {
      const code = text.charCodeAt(this.position);
      if (Number.isNaN(code)) return;
      if (code === QUOTE) {
        this.position = stringEnd(text, this.position);
        continue;
      }
      if (code === OPEN_BRACE || code === OPEN_BRACKET) depth++;
      else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        if (depth === 0) return;
        depth--;
      } else if (depth === 0 && (code === COMMA || code === COLON)) return;
      this.position++;
    } while (depth > 0 || !endsScalar(text.charCodeAt(this.position)));
  }
}

/** Where a path leads in JSON text: the key (or item) and value of the deepest step reached, and how many steps that is. */
export interface PathRange {
  start: number;
  end: number;
  reached: number;
  valueStart?: number;
}

/**
 * The range of the key and value a path leads to inside the object at `span`, or of the deepest one it reaches, and
 * how many of its steps it reaches. A repeated key is entered at its last writing, the one JSON.parse reads.
 * `knownEnd`: where a value the whole path leads to ends, if the caller knows (a string it read before, compared in
 * place), so that the walk does not read it again; undefined where it does not.
 */
export function pathRange(cursor: JsonCursor, span: [number, number], path: Path, knownEnd?: (valueStart: number) => number | undefined): PathRange {
  cursor.position = span[0];
  if (!cursor.remembersWalks) {
    const found = path.length === 0 ? undefined : cursor.follow(path, 0, span[0], knownEnd);
    return found && found.reached > 0 ? found : { start: span[0], end: span[1], reached: 0 };
  }
  let start = span[0];
  let valueStart: number | undefined;
  let reached = 0;
  for (const step of path) {
    // A number names a key of an object (`Resources` may hold `"1"`) and an item of an array.
    const found = typeof step === 'string' || cursor.peek() === OPEN_BRACE ? cursor.enterKey(String(step)) : cursor.enterItem(step);
    if (found === undefined) break;
    start = found;
    valueStart = cursor.position;
    reached++;
  }
  if (valueStart === undefined) return { start: span[0], end: span[1], reached };
  // Only the deepest value reached is skipped for its end: the values around it are much longer.
  cursor.skipFrom(valueStart, reached === path.length ? knownEnd : undefined);
  return { start, end: cursor.position, reached, valueStart };
}

const BYTE_ORDER_MARK = 0xfeff;

/** A cursor at the start of a file's text, past a byte order mark. */
export function fileCursor(text: string, walked?: WalkedText): JsonCursor {
  const cursor = new JsonCursor(text, walked);
  if (text.charCodeAt(0) === BYTE_ORDER_MARK) cursor.position = 1;
  return cursor;
}

/** Where the last writing of a key of the file's top-level object starts (JSON.parse reads the last), if it is written. */
export function topLevelKeyOffset(text: string, key: string): number | undefined {
  return fileCursor(text).enterKey(key);
}

/** JSON's whitespace: the only blanks between the tokens of text that JSON.parse accepted. */
export function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

export function skipBlanks(text: string, offset: number): number {
  while (isBlank(text.charCodeAt(offset))) offset++;
  return offset;
}

/** Whether a number, `true`, `false` or `null` ends before this character (NaN: the end of the text). */
function endsScalar(code: number): boolean {
  return isBlank(code) || code === COMMA || code === CLOSE_BRACE || code === CLOSE_BRACKET || Number.isNaN(code);
}

/** Escapes that stand for the character escaped: all that addresses of module instances hold (`module.a[\"b\"]`). */
function isLiteralEscape(code: number): boolean {
  return code === QUOTE || code === BACKSLASH || code === SLASH;
}

/** Whether the JSON string at `start` reads `expected`, compared in place. */
export function stringEquals(text: string, start: number, expected: string): boolean {
  let position = 0;
  for (let index = start + 1; index < text.length; index++, position++) {
    let code = text.charCodeAt(index);
    if (code === QUOTE) return position === expected.length;
    if (code === BACKSLASH) {
      code = text.charCodeAt(++index);
      if (!isLiteralEscape(code)) return stringValue(text.slice(start, stringEnd(text, start))) === expected;
    }
    if (code !== expected.charCodeAt(position)) return false;
  }
  return false;
}

/** The line and column (1-based) of an offset of a text. */
export function linePositions(text: string): (offset: number) => { line: number; col: number } {
  const counter = new LineCounter();
  counter.addNewLine(0);
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) counter.addNewLine(index + 1);
  return counter.linePos;
}

/**
 * The Terraform input variable whose value alone writes the value at `path` inside JSON text rendered from a template
 * (`origin`, fitted as `valueInText` fits it): the characters between a string's quotes, or a list's or object's whole
 * text, are those one interpolation written alone renders (`StringOrigin.variableReadAt`: `"${var.partner_external_id}"`,
 * `[${var.statement}]` in a heredoc). Undefined otherwise.
 */
export function variableReadInText(text: string, origin: StringOrigin, path: Path): string | undefined {
  const value = valueInText(text, origin, path, (fitted) => fitted.variableReadAt !== undefined);
  if (!value || value.start.line !== value.end.line || value.range[1] - value.range[0] < 2) return undefined;
  const { fitted, range: [valueStart, valueEnd], start, end } = value;
  if (text[valueStart] === '"') return text[valueEnd - 1] === '"' ? fitted.variableReadAt!(start.line, start.column + 1, end.column - 1) : undefined;
  return text[valueStart] === '{' || text[valueStart] === '[' ? fitted.variableReadAt!(start.line, start.column, end.column) : undefined;
}

/** `Locator.interpolationWriting` of a path inside JSON text whose characters are written at `origin`, as `textLocator` locates it. */
export function interpolationWritingInText(text: string, origin: StringOrigin, path: Path): InterpolationWriting | undefined {
  const value = valueInText(text, origin, path, (fitted) => Boolean(fitted.writtenInInterpolation || fitted.interpolationAt));
  if (!value) return undefined;
  const { fitted, start, end } = value;
  if (fitted.writtenInInterpolation?.(path, start, end) !== undefined) return 'encoded';
  const interpolation = start.line === end.line ? fitted.interpolationAt?.(start.line, start.column) : undefined;
  return interpolation?.column === start.column && interpolation.end === end.column ? 'whole' : undefined;
}

/**
 * The value at `path` inside JSON text whose characters are written at `origin`, for a question the origin fitted to
 * the text (as `textLocator` fits it, unless it is already) `answers`: that fitted origin, the value's range (not its
 * key's too: an interpolation may write the value of a key the text writes), and the line and column (1-based) where it
 * starts and after its last character. Undefined at the root or where the text holds no value there.
 */
function valueInText(text: string, origin: StringOrigin, path: Path, answers: (fitted: StringOrigin) => boolean): { fitted: StringOrigin; range: [number, number]; start: { line: number; column: number }; end: { line: number; column: number } } | undefined {
  const fitted = origin.fit ? origin.fit(text) : origin;
  if (!fitted || !answers(fitted) || path.length === 0) return undefined;
  const { reached, valueStart, end } = pathRange(new JsonCursor(text, new WalkedText()), [0, text.length], path);
  if (reached !== path.length || valueStart === undefined) return undefined;
  const position = linePositions(text);
  const [first, after] = [position(valueStart), position(end)];
  return { fitted, range: [valueStart, end], start: { line: first.line, column: first.col }, end: { line: after.line, column: after.col } };
}

/**
 * Locates paths inside JSON text whose characters are written at `origin`: at the key and value (or item) a path leads
 * to, or the deepest of its steps the text holds; undefined where the text is not written so (a line a template
 * directive wrote).
 */
export function textLocator(text: string, origin: StringOrigin | undefined, file: () => string): ((path: Path) => SourceLocation | undefined) | undefined {
  const fitted = origin?.fit ? origin.fit(text) : origin;
  if (!fitted) return undefined;
  // Built on the first path asked for: most documents read have nothing located in them.
  let cursor: JsonCursor | undefined;
  let positions: ReturnType<typeof linePositions> | undefined;
  return (path) => {
    const { start, end, reached } = pathRange((cursor ??= new JsonCursor(text, new WalkedText())), [0, text.length], path);
    if (reached === 0) return undefined;
    positions ??= linePositions(text);
    return writtenInInterpolationOrVariable(fitted, path.slice(0, reached), [start, end], positions) ?? writtenRange([start, end], positions, fitted, file());
  };
}
