/**
 * Fast path: `JSON.parse` for JSON, js-yaml 3 for YAML. Tagged nodes become long-form intrinsics and the result
 * is checked against the shape limits (depth, alias expansion) in one walk.
 */
import { safeLoadYaml, isTagObject, longForm } from './schema.js';
import { countNode, isPlainObject, nodeBudget, setOwn, ShapeError, type ShapeCounter } from './shape.js';

export interface Refusal {
  message: string;
  line?: number;
  column?: number;
}

export type FastResult =
  | { ok: true; template: unknown }
  /** `retryPrecisely`: the precise path may still read the file (js-yaml refuses duplicate keys, unknown tags, ...). */
  | { ok: false; refusal: Refusal; retryPrecisely: boolean };

export function parseFast(text: string, json: boolean): FastResult {
  let loaded: unknown;
  try {
    loaded = json ? JSON.parse(text) : safeLoadYaml(text);
  } catch (error) {
    if (error instanceof RangeError) return refuse({ message: 'the document nests too deeply to be read' }, false);
    // Text that starts like JSON but is not JSON may still be YAML flow style.
    if (json) return refuse(jsonRefusal(text, error), true);
    const { reason, mark } = error as { reason?: string; mark?: { line: number; column: number } };
    const message = `YAML syntax error: ${reason ?? String(error)}`;
    return refuse(mark ? { message, line: mark.line + 1, column: mark.column + 1 } : { message }, true);
  }
  try {
    return { ok: true, template: normalize(loaded, 0, { nodes: 0, budget: nodeBudget(text) }) };
  } catch (error) {
    if (error instanceof ShapeError || error instanceof RangeError) return refuse({ message: `refused: ${error.message}` }, false);
    throw error;
  }
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

function jsonRefusal(text: string, error: unknown): Refusal {
  const raw = error instanceof Error ? error.message : String(error);
  // V8 says `... in JSON at position 7 (line 1 column 8)`, or `Unexpected token 'x', "<text>" is not valid JSON`
  // (with `...` around long text) and no position.
  const message = `JSON syntax error: ${raw.replace(/(?: in JSON)? at position \d+[\s\S]*$/, '').replace(/, (?:\.\.\.)?"[\s\S]*is not valid JSON$/, '')}`;
  const position = /at position (\d+)/.exec(raw);
  const offset = position ? Number(position[1]) : /end of JSON input/.test(raw) ? text.length : undefined;
  return offset === undefined ? { message } : { message, ...lineColumn(text, offset) };
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
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
  const openObjects: Array<Set<string> | undefined> = []; // one entry per open object (its keys) or array (undefined)
  let expectingKey = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '"') {
      const end = closingQuote(text, index);
      const keys = openObjects[openObjects.length - 1];
      if (expectingKey && keys) {
        const raw = text.slice(index, end + 1);
        const key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        if (keys.has(key)) return true;
        keys.add(key);
      }
      expectingKey = false;
      index = end;
    } else if (char === '{') {
      openObjects.push(new Set());
      expectingKey = true;
    } else if (char === '[') openObjects.push(undefined);
    else if (char === '}' || char === ']') openObjects.pop();
    else if (char === ',') expectingKey = openObjects[openObjects.length - 1] !== undefined;
  }
  return false;
}

function closingQuote(text: string, start: number): number {
  for (let index = start + 1; index < text.length; index++) {
    if (text[index] === '\\') index++;
    else if (text[index] === '"') return index;
  }
  return text.length;
}
