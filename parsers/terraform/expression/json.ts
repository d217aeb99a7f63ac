/** `jsonencode`/`jsondecode` with Terraform's output format, keeping markers intact inside JSON text. */
import { MARK_END, MARK_START, Unresolved, compareUtf8, isObject, tokenize, unresolvedMarker, type Value, type ValueObject } from '../../../src/model/index.js';
import { jsonSyntaxError } from '../../cloudformation/fast.js';
import { formatNumber } from './convert.js';
import { unresolved } from './reasons.js';
import { setOwn } from '../../../src/model/objects.js';

const MAX_JSON_DEPTH = 100;

// Go's encoding/json (which Terraform uses) escapes these besides quotes, backslashes and control characters.
const ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

const NEEDS_ESCAPE = /["\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]/;

function quoteLiteral(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return `"${text}"`;
  const quoted = JSON.stringify(text);
  return /[<>&\u2028\u2029]/.test(quoted) ? quoted.replace(/[<>&\u2028\u2029]/g, (char) => ESCAPES[char]) : quoted;
}

/** A JSON string literal; a marker keeps its raw delimiters (JSON-escaping only its payload) so it stays one atom. */
function quoteString(text: string): string {
  if (!text.includes(MARK_START)) return quoteLiteral(text);
  let body = '';
  for (const token of tokenize(text)) {
    if ('literal' in token) body += quoteLiteral(token.literal).slice(1, -1);
    else body += MARK_START + quoteLiteral(token.text.slice(1, -1)).slice(1, -1) + MARK_END;
  }
  return `"${body}"`;
}

/** Terraform's `jsonencode`: compact, object keys sorted, unknown values as marker strings so the JSON stays valid. */
export function jsonEncode(value: Value): string | Unresolved {
  try {
    return encode(value, 0);
  } catch (error) {
    if (error instanceof DepthError) return unresolved('limit', 'value nested too deeply for jsonencode');
    throw error;
  }
}

class DepthError extends Error {}

function encode(value: Value, depth: number): string {
  if (depth > MAX_JSON_DEPTH) throw new DepthError();
  if (value === null) return 'null';
  if (value instanceof Unresolved) return quoteString(unresolvedMarker(value));
  if (typeof value === 'string') return quoteString(value);
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let out: string;
  if (Array.isArray(value)) {
    out = '[';
    for (let index = 0; index < value.length; index++) out += (index > 0 ? ',' : '') + encode(value[index], depth + 1);
    return out + ']';
  }
  // Go sorts the keys by their UTF-8 bytes.
  const keys = Object.keys(value).sort(compareUtf8);
  out = '{';
  for (let index = 0; index < keys.length; index++) out += (index > 0 ? ',' : '') + quoteString(keys[index]) + ':' + encode(value[keys[index]], depth + 1);
  return out + '}';
}

// Markers hold control characters that JSON forbids inside strings: swap them for private-use characters.
const PRIVATE_START = '\uE001';
const PRIVATE_END = '\uE002';

/** Why `jsondecode` refused a text that is not JSON, and the offset in the text where parsing stopped. */
export interface DecodeFailure {
  reason: string;
  offset: number;
}

const decodeFailures = new WeakMap<Unresolved, DecodeFailure>();

/** The JSON syntax error behind an Unresolved `jsonDecode` made of a text that is not JSON; undefined for any other. */
export function decodeFailureOf(value: Value): DecodeFailure | undefined {
  return value instanceof Unresolved ? decodeFailures.get(value) : undefined;
}

/** Terraform's `jsondecode`. Markers inside JSON strings survive; JSON made invalid by an unknown piece is unknown. */
export function jsonDecode(text: string): Value {
  const swapped = text.includes(MARK_START) ? text.split(MARK_START).join(PRIVATE_START).split(MARK_END).join(PRIVATE_END) : text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(swapped);
  } catch (error) {
    if (text.includes(MARK_START)) return unresolved('unknown value', 'jsondecode of text with unknown pieces outside JSON strings');
    const failure = jsonSyntaxError(text, error);
    const refused = unresolved('type error', `jsondecode: ${failure.reason}`);
    decodeFailures.set(refused, failure);
    return refused;
  }
  return swapped === text ? (parsed as Value) : unswap(parsed as Value);
}

function unswap(value: Value): Value {
  if (typeof value === 'string') return value.includes(PRIVATE_START) ? value.split(PRIVATE_START).join(MARK_START).split(PRIVATE_END).join(MARK_END) : value;
  if (Array.isArray(value)) return value.map(unswap);
  if (isObject(value)) {
    const result: ValueObject = {};
    for (const [key, item] of Object.entries(value)) setOwn(result, unswap(key) as string, unswap(item));
    return result;
  }
  return value;
}
