/**
 * Keys Terraform's JSON syntax refuses to see written twice: an attribute a body sets twice, and a key an object of an
 * expression writes twice ("Duplicate object attribute"). `JSON.parse`, which reads the values, keeps the last.
 */
import { fileCursor, OPEN_BRACE, OPEN_BRACKET, type JsonCursor } from '../json-text.js';

export interface RepeatedKey {
  name: string;
  /** Where its second (or later) writing starts. */
  offset: number;
}

/**
 * How deep JSON is walked as blocks, and for repeated keys: far deeper than Terraform nests blocks, and shallow enough
 * for the call stack (a file nested 1,600 deep overflowed it). Below, values are read whole.
 */
export const MOST_NESTED = 200;

/** The key of a comment in a body (a block's, or a variable file's), read by no one: in an expression's object, a key like any other. */
export const COMMENT_KEY = '//';

/** Adds the keys each object of the expression at the cursor repeats, at any depth, to `found` (`//` too), and moves past it. */
export function addRepeatedExpressionKeys(cursor: JsonCursor, found: RepeatedKey[], depth = 0): void {
  const next = cursor.peek();
  if (depth >= MOST_NESTED || (next !== OPEN_BRACE && next !== OPEN_BRACKET)) return cursor.skipValue();
  if (next === OPEN_BRACKET) return cursor.eachItem(() => addRepeatedExpressionKeys(cursor, found, depth + 1));
  const written = new Set<string>();
  cursor.eachEntry((name, offset) => {
    if (written.has(name)) found.push({ name, offset });
    written.add(name);
    addRepeatedExpressionKeys(cursor, found, depth + 1);
  });
}

/**
 * The keys a `.tfvars.json` file's text (valid JSON) repeats: a variable's name, which Terraform refuses as an
 * attribute set twice ("Duplicate attribute definition"), or a key in the objects of its value; not in a comment.
 */
export function repeatedKeysOfVariableFile(text: string): RepeatedKey[] {
  const found: RepeatedKey[] = [];
  const names = new Set<string>();
  const cursor = fileCursor(text);
  cursor.eachEntry((name, offset) => {
    if (name === COMMENT_KEY) return cursor.skipValue();
    if (names.has(name)) found.push({ name, offset });
    names.add(name);
    addRepeatedExpressionKeys(cursor, found);
  });
  return found;
}

export function repeatedKeyMessage(name: string): string {
  return `${name} is written twice in one JSON object, where it can only be set once; the last value is analyzed (Terraform refuses it)`;
}
