/**
 * Fast path: `JSON.parse` for JSON, js-yaml 3 for YAML. Tagged nodes become long-form intrinsics and the result
 * is checked against the shape limits (depth, alias expansion) in one walk.
 */
import { CLOSE_BRACE, CLOSE_BRACKET, COMMA, OPEN_BRACE, OPEN_BRACKET, QUOTE, stringEnd, stringValue } from '../json-text.js';
import { shownPositions } from '../../src/model/order.js';
import { safeLoadYaml, isTagObject, longForm } from './schema.js';
import { countNode, isPlainObject, MAX_DEPTH, nodeBudget, ShapeError, TOO_DEEP, type ShapeCounter } from './shape.js';
import { setOwn } from '../../src/model/objects.js';

export interface Refusal {
  message: string;
  line?: number;
  column?: number;
}

export type FastResult =
  | { ok: true; template: unknown }
  /** `retryPrecisely`: the precise path may still read the file (js-yaml refuses duplicate keys, unknown tags, ...), or refuse it at its place. */
  | { ok: false; refusal: Refusal; retryPrecisely: boolean };

/**
 * Text is read as JSON when it starts like JSON: a `[`, or a `{` followed by a quoted key, `}` or a comment (a YAML
 * flow mapping has plain keys); in a `.json` file, any bracket. JSON that `JSON.parse` refuses is not re-read as YAML:
 * YAML would accept `{ // note` and read the comment and the next key as one key.
 */
export function looksLikeJson(file: string, text: string): boolean {
  return /^\s*[{[]/.test(text) && (/\.json$/i.test(file) || /^\s*(?:\[|\{\s*(?:["}/]|$))/.test(text));
}

/** Tabs before the first non-space character of a line: js-yaml 3 reads them silently, the precise path reports them. */
const TAB_INDENT = /^ *\t/m;

export function parseFast(text: string, json: boolean): FastResult {
  if (!json && TAB_INDENT.test(text)) return refuse({ message: 'YAML syntax error: tabs are not allowed as indentation' }, true);
  let loaded: unknown;
  try {
    loaded = json ? JSON.parse(text) : safeLoadYaml(text);
  } catch (error) {
    if (error instanceof RangeError) {
      // js-yaml recursed past the stack where the text nests no deeper than the limit by its count (`? ` keys on a key's
      // line, which YAML refuses): the precise path reads it, and says where it breaks.
      const refusal = tooDeepRefusal(text, json);
      return refuse(refusal, !json && refusal.line === undefined);
    }
    if (json) return refuse(jsonRefusal(text, error), false);
    const { reason, mark } = error as { reason?: string; mark?: { line: number; column: number } };
    const message = `YAML syntax error: ${reason ?? String(error)}`;
    return refuse(mark ? { message, line: mark.line + 1, column: mark.column + 1 } : { message }, true);
  }
  try {
    return { ok: true, template: normalize(loaded, 0, { nodes: 0, budget: nodeBudget(text) }) };
  } catch (error) {
    if (!(error instanceof ShapeError || error instanceof RangeError)) throw error;
    // YAML that js-yaml could load is shallow enough for the precise path, which refuses it too, at its place.
    if (!json) return refuse({ message: `refused: ${error.message}` }, true);
    const deep = error instanceof ShapeError && error.limit === 'depth' ? deepOpening(text, true) : undefined;
    return refuse({ message: `refused: ${error.message}`, ...(deep === undefined ? {} : lineColumn(text, deep)) }, false);
  }
}

/**
 * Why a document too deep for the parser that overflowed its stack (a RangeError) is refused: past MAX_DEPTH at the
 * place `deepOpening` finds, else (the text nests no deeper than that by its brackets and indentation) at `overflowAt`,
 * where the parser overflowed, when it says.
 */
export function tooDeepRefusal(text: string, json: boolean, overflowAt?: number): Refusal {
  const deep = deepOpening(text, json);
  if (deep !== undefined) return { message: `refused: ${TOO_DEEP}`, ...lineColumn(text, deep) };
  return { message: 'the document nests too deeply to be read', ...(overflowAt === undefined ? {} : lineColumn(text, overflowAt)) };
}

/**
 * Where the first collection deeper than MAX_DEPTH starts, read from the text alone: for JSON, the first node past the
 * limit; for YAML, one past it. YAML nests through flow collections and through block indentation (each key or `- `
 * item indented past its parent's, and `- ` items written under a key at its column): both are counted, the block
 * levels by a stack of the columns that open them. Quoted strings, comments and the lines of block scalars (`|`, `>`)
 * are skipped, and in YAML outside flow collections a bracket counts only where a value starts (`a[0]` is a plain
 * scalar). Nesting is counted from the root, so the opening found is deeper than the limit.
 */
function deepOpening(text: string, json: boolean): number | undefined {
  let open = 0;
  const blocks: BlockLevel[] = [];
  /** The indentation a block scalar's lines are deeper than, while the scan is in one. */
  let scalarIndent: number | undefined;
  for (let index = 0; index < text.length; index++) {
    if (!json && open === 0 && (index === 0 || text.charCodeAt(index - 1) === NEWLINE)) {
      const end = lineEnd(text, index);
      const line = text.slice(index, end);
      const indent = /^ */.exec(line)![0].length;
      const blank = /^\s*(?:#.*)?$/.test(line);
      if (scalarIndent !== undefined && (blank || indent > scalarIndent)) {
        index = end;
        continue;
      }
      scalarIndent = undefined;
      if (!blank) {
        const deep = blockLevels(blocks, line, indent);
        if (deep !== undefined) return index + deep;
        if (BLOCK_SCALAR_HEADER.test(line)) scalarIndent = indent;
      }
    }
    const code = text.charCodeAt(index);
    const inFlow = json || open > 0;
    if (code === QUOTE && (inFlow || startsValue(text, index))) index = stringEnd(text, index) - 1;
    else if (!json && code === APOSTROPHE && (inFlow || startsValue(text, index))) index = singleQuotedEnd(text, index) - 1;
    else if (!json && code === HASH && (index === 0 || /\s/.test(text[index - 1]!))) index = lineEnd(text, index) - 1;
    else if ((code === OPEN_BRACE || code === OPEN_BRACKET) && (inFlow || startsValue(text, index))) {
      // The first block level is the document's own mapping, at depth 0 as the root of a flow document is.
      if (++open + Math.max(blocks.length - 1, 0) > MAX_DEPTH + 1) return index;
    } else if ((code === CLOSE_BRACE || code === CLOSE_BRACKET) && open > 0) open--;
  }
  return undefined;
}

interface BlockLevel {
  column: number;
  sequence: boolean;
}

/** A line whose value is a block scalar: `key: |`, `- >-`, with tags, anchors and a comment after. */
const BLOCK_SCALAR_HEADER = /(?:^|[:-][ \t])[ \t]*(?:[!&]\S*[ \t]+)*[|>][1-9+-]{0,2}[ \t]*(?:#.*)?$/;
/**
 * A `- ` item, a `? ` explicit key, or a key (quoted, or plain: `aws:SourceArn` holds a colon no blank follows) and its
 * colon. A plain key's blanks before its colon are its own characters' (`[^:#]`): a `[ \t]*` after them would retry
 * every run of blanks at each of its characters, quadratic in a line of blanks no colon ends (`- a<80,000 blanks>b`).
 */
const BLOCK_ENTRY = /^(?:[-?] +|[-?]$)|^(?:(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*')[ \t]*|(?:[^\s#'"{[\]}?,:-]|-(?=\S))(?:[^:#]|:(?=\S))*?):(?:[ \t]|$)/;

/**
 * Updates the block levels open at a line of block YAML (indented by `indent`) for the `- ` items and `? ` explicit keys
 * and the key it starts with (each `? ` opens a mapping, as each `- ` a list), and returns the column of the first of
 * them past MAX_DEPTH + 1 levels (with the caller's convention).
 */
function blockLevels(blocks: BlockLevel[], line: string, indent: number): number | undefined {
  let column = indent;
  let first = true;
  for (let entry = BLOCK_ENTRY.exec(line.slice(column)); entry; entry = BLOCK_ENTRY.exec(line.slice(column))) {
    const indicator = /^[-?](?: |$)/.test(entry[0]);
    const sequence = indicator && entry[0].startsWith('-');
    if (first) {
      // A `- ` item at a key's column is that key's value; anything else at or left of a level closes it.
      for (let top = blocks.at(-1); top && (top.column > column || (top.column === column && !(sequence && !top.sequence))); top = blocks.at(-1)) blocks.pop();
      first = false;
    }
    blocks.push({ column, sequence });
    if (blocks.length > MAX_DEPTH + 1) return column;
    if (!indicator) return undefined;
    column += entry[0].length;
  }
  return undefined;
}

const NEWLINE = 0x0a;
const APOSTROPHE = 0x27;
const HASH = 0x23;

/** Whether a YAML value may start at `index` of a block line: after indentation, `- `, `? `, `key: ` and any tags or anchors. */
function startsValue(text: string, index: number): boolean {
  const before = text.slice(text.lastIndexOf('\n', index - 1) + 1, index);
  return /(?:^|[:?-][ \t])[ \t]*(?:[!&]\S*[ \t]+)*$/.test(before);
}

/** Offset just after a YAML single-quoted scalar (`''` is a quote inside it). */
function singleQuotedEnd(text: string, start: number): number {
  for (let quote = text.indexOf("'", start + 1); quote >= 0; quote = text.indexOf("'", quote + 2)) {
    if (text[quote + 1] !== "'") return quote + 1;
  }
  return text.length;
}

function lineEnd(text: string, index: number): number {
  const end = text.indexOf('\n', index);
  return end < 0 ? text.length : end;
}

function refuse(refusal: Refusal, retryPrecisely: boolean): FastResult {
  return { ok: false, refusal, retryPrecisely };
}

/** Replaces tag objects by long-form intrinsics, in place (aliased nodes are shared, and converted once per use). */
function normalize(value: unknown, depth: number, counter: ShapeCounter): unknown {
  if (value === null || typeof value !== 'object') return value;
  countNode(counter, depth);
  if (isTagObject(value)) return normalize(longForm(value.name, value.data), depth, counter);
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) value[index] = normalize(value[index], depth + 1, counter);
  } else if (isPlainObject(value)) {
    for (const key of Object.keys(value)) {
      const item = value[key];
      const normalized = normalize(item, depth + 1, counter);
      if (normalized !== item) setOwn(value, key, normalized);
    }
  }
  return value;
}

/** JSON.parse's complaint without V8's echo of the text, with the line and column where parsing stopped (found when V8 gives none). */
export function jsonRefusal(text: string, error: unknown): Refusal {
  const { reason, offset } = jsonSyntaxError(text, error);
  const { line, column } = lineColumn(text, offset);
  return { message: `JSON syntax error: ${reason}`, ...shownPositions(text)(line, column) };
}

/** JSON.parse's complaint without V8's echo of the text, and the offset where parsing stopped (found when V8 gives none). */
export function jsonSyntaxError(text: string, error: unknown): { reason: string; offset: number } {
  const raw = error instanceof Error ? error.message : String(error);
  // V8 says `... in JSON at position 7 (line 1 column 8)`, or `Unexpected token 'x', "<text>" is not valid JSON`
  // (with `...` around long text) and no position: then it is found by bisection.
  const reason = raw.replace(/(?: in JSON)? at position \d+[\s\S]*$/, '').replace(/, (?:\.\.\.)?"[\s\S]*is not valid JSON$/, '');
  const position = /at position (\d+)/.exec(raw);
  const offset = position ? Number(position[1]) : /end of JSON input/.test(raw) ? text.length : jsonErrorOffset(text);
  const comment = /^\/[/*]/.test(text.slice(offset));
  // V8 quotes the character it stops at: a byte order mark (Terraform's file() keeps a file's) shows as nothing.
  const mark = text.charCodeAt(offset) === 0xfeff;
  return { reason: comment ? 'comments are not allowed in JSON' : mark ? 'a byte order mark (U+FEFF), which JSON does not allow' : reason, offset };
}

/** Where JSON.parse stops: the length of the longest prefix that can still begin a JSON text (found by bisection). */
function jsonErrorOffset(text: string): number {
  const viable = (length: number): boolean => {
    try {
      JSON.parse(text.slice(0, length));
      return true;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const position = /at position (\d+)/.exec(message);
      return position ? Number(position[1]) >= length : /end of JSON input/.test(message);
    }
  };
  let [low, high] = [0, text.length];
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (viable(middle)) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The 1-based line and column of an offset of a text. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index >= 0 && index < offset; index = text.indexOf('\n', index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Whether a JSON object repeats a key (JSON.parse silently keeps the last one). Expects valid JSON. */
export function jsonHasDuplicateKeys(text: string): boolean {
  // One entry per open object (the keys read so far) or array (undefined).
  const openObjects: Array<ObjectKeys | undefined> = [];
  let expectingKey = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) {
      const end = stringEnd(text, index);
      const keys = openObjects[openObjects.length - 1];
      if (expectingKey && keys) {
        const key = stringValue(text.slice(index, end));
        if (keys.has(key)) return true;
        keys.add(key);
      }
      expectingKey = false;
      index = end - 1;
    } else if (code === OPEN_BRACE) {
      openObjects.push(new ObjectKeys());
      expectingKey = true;
    } else if (code === OPEN_BRACKET) openObjects.push(undefined);
    else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) openObjects.pop();
    else if (code === COMMA) expectingKey = openObjects[openObjects.length - 1] !== undefined;
  }
  return false;
}

/** The keys of an object: most hold a few, searched in a list; a large one (a template's Resources) gets a Set. */
class ObjectKeys {
  private list: string[] = [];
  private set?: Set<string>;

  has(key: string): boolean {
    return this.set ? this.set.has(key) : this.list.includes(key);
  }

  add(key: string): void {
    if (this.set) this.set.add(key);
    else if (this.list.length < 16) this.list.push(key);
    else this.set = new Set([...this.list, key]);
  }
}

