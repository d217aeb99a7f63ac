/**
 * One Terraform file to plain data in @cdktf/hcl2json's shape (every block a list of bodies, every expression a
 * `"${...}"` template string). The WASM module is imported on first use only: a scan without `.tf` files never
 * pays for it. `parseHclFile` is self-contained so that a worker pool can run it.
 */
import { readUtf8SourceText } from '../source-text.js';
import { escapeRegExp, fileFailure, type InputError } from '../../src/model/index.js';
import { jsonRefusal, lineColumn } from '../cloudformation/fast.js';
import { lineStarts, shownPositions } from '../../src/model/order.js';
import { repeatedKeyMessage, repeatedKeysOfVariableFile } from './json-repeated-keys.js';
import { HclSource, JSON_LABEL_DEPTH, type SourceBlock } from './source.js';
import { ownEntry, setOwn } from '../../src/model/objects.js';

export type RawBody = Record<string, unknown>;

export type HclParse = { body: RawBody } | { errors: InputError[] };

type Hcl2Json = { parse(filename: string, contents: string): Promise<Record<string, unknown>> };
let hcl2json: Promise<Hcl2Json> | undefined;

async function loadHcl2Json(): Promise<Hcl2Json> {
  hcl2json ??= import('@cdktf/hcl2json').then((module) => (module as unknown as { default?: Hcl2Json }).default ?? (module as unknown as Hcl2Json));
  return hcl2json;
}

/**
 * Never throws: each syntax error becomes an InputError at the line hcl2json names (`syntaxErrors`). A text that could
 * exhaust the stack of the thread that parses it is parsed in a thread of its own (`isolated` says this is that thread).
 */
export async function parseHclFile(name: string, text: string, options: { isolated?: boolean } = {}): Promise<HclParse> {
  if (name.endsWith('.json')) return parseJsonFile(name, text);
  const deepest = options.isolated ? undefined : deeplyNested(text);
  if (deepest) return (await import('./isolated.js')).parseIsolated(name, text, deepest);
  try {
    const { parse } = await loadHcl2Json();
    return { body: await parse(name, text) };
  } catch (error) {
    return { errors: syntaxErrors(name, text, (error as Error).message) };
  }
}

/**
 * How much of a thread's stack hcl2json may use on a text, in its own units: each level of brackets costs about as
 * much as ten unary operators (`!!x`, `- -1`) or ten conditionals (`?`). hcl2json runs out of the main thread's stack
 * some 1,000 levels of nested blocks down (10,000 here), 11,600 unary operators or 18,000 conditionals, and then
 * leaves its Go runtime broken: the next file it parses may end the process.
 */
const RISKY_NESTING = 2_000;

/**
 * Where a text nests so deeply (`RISKY_NESTING`) that hcl2json might run out of stack on it, counted everywhere,
 * strings and comments included (a count too high only costs a thread): the deepest bracket (unmatched closing ones
 * ignored), else the longest run of unary operators, else the last conditional. Undefined for the texts of real
 * configurations.
 */
export function deeplyNested(text: string): { line: number; column: number } | undefined {
  let depth = 0;
  let deepest = 0;
  let deepestAt = 0;
  let run = 0;
  let longestRun = 0;
  let runAt = 0;
  let conditionals = 0;
  let lastConditional = 0;
  for (let offset = 0; offset < text.length; offset++) {
    const code = text.charCodeAt(offset);
    if (code === 0x28 || code === 0x5b || code === 0x7b) {
      if (++depth > deepest) {
        deepest = depth;
        deepestAt = offset;
      }
    } else if (code === 0x29 || code === 0x5d || code === 0x7d) depth = Math.max(0, depth - 1);
    if (code === 0x21 || code === 0x2d) {
      if (++run > longestRun) {
        longestRun = run;
        runAt = offset;
      }
    } else if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) run = 0;
    if (code === 0x3f) {
      conditionals++;
      lastConditional = offset;
    }
  }
  if (deepest * 10 + longestRun + conditionals <= RISKY_NESTING) return undefined;
  return lineColumn(text, deepest * 10 >= Math.max(longestRun, conditionals) ? deepestAt : longestRun >= conditionals ? runAt : lastConditional);
}

/**
 * A `.tfvars` or `.tfvars.json` file: variable names to raw values. Values Terraform refuses but that can be read (a
 * name or an object key a JSON file writes twice, whose last value is read) come with `errors`.
 */
export async function parseVariableFile(file: string, absolute: string): Promise<{ values: RawBody; errors?: InputError[] } | { errors: InputError[] }> {
  let read: ReturnType<typeof readUtf8SourceText>;
  try {
    read = readUtf8SourceText(absolute);
  } catch (error) {
    return { errors: [{ file, message: `cannot read variable file: ${fileFailure(error)}` }] };
  }
  const readable = terraformText(file, read);
  if ('refusal' in readable) return { errors: [readable.refusal] };
  const { text } = readable;
  if (file.endsWith('.json')) {
    try {
      const values: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
      if (!isRecord(values)) return { errors: [{ file, message: 'a .tfvars.json file must hold an object' }] };
      const errors = repeatedKeysOfVariableFile(text).map(({ name, offset }) => ({ file, ...lineColumn(text, offset), message: repeatedKeyMessage(name) }));
      return errors.length > 0 ? { values, errors } : { values };
    } catch (error) {
      return { errors: [{ file, ...jsonRefusal(text.replace(/^\uFEFF/, ''), error) }] };
    }
  }
  const parsed = await parseHclFile(file, text);
  return 'errors' in parsed ? parsed : { values: parsed.body };
}

/** A Terraform file written in UTF-16: Terraform refuses it, so what it would configure cannot be applied. */
/**
 * The text of a `.tf`, `.tfvars` or JSON file of theirs as Terraform reads it, or why Terraform refuses the file: written
 * in UTF-16 (`utf16Refusal`), or holding bytes that are not UTF-8 outside comments (`notUtf8Refusal`).
 */
export function terraformText(file: string, read: ReturnType<typeof readUtf8SourceText>): { text: string } | { refusal: InputError } {
  if ('utf16' in read) return { refusal: utf16Refusal(file, read.utf16) };
  const refusal = notUtf8Refusal(file, read.text, read.notUtf8);
  return refusal ? { refusal } : { text: read.text };
}

function utf16Refusal(file: string, encoding: string): InputError {
  return { file, line: 1, column: 1, message: `written in ${encoding.toUpperCase()} (it begins with that byte order mark): Terraform reads only UTF-8 and refuses this file (Invalid character encoding); save it as UTF-8` };
}

/**
 * A `.tf` or `.tfvars` file with bytes that are not UTF-8 (`notUtf8`, where its text holds them) outside comments:
 * Terraform refuses it (Invalid character encoding), here at the first. Terraform reads them in a comment, and in a
 * `.tf.json` or `.tfvars.json` file (as U+FFFD), as deputy does.
 */
function notUtf8Refusal(file: string, text: string, notUtf8: readonly number[] | undefined): InputError | undefined {
  if (notUtf8 === undefined || file.endsWith('.json')) return undefined;
  const { comments } = new HclSource(file, text);
  let comment = 0;
  const first = notUtf8.find((offset) => {
    while (comments[comment] !== undefined && comments[comment]!.end <= offset) comment++;
    return !(comments[comment] !== undefined && comments[comment]!.start <= offset);
  });
  if (first === undefined) return undefined;
  return { file, ...lineColumn(text, first), message: 'holds bytes that are not UTF-8, the first here: Terraform reads only UTF-8 and refuses this file (Invalid character encoding); save it as UTF-8' };
}

/**
 * The text `file()` or `templatefile()` reads of a file (`readUtf8SourceText`), or why Terraform fails the call, an
 * `error` of the read: bytes that are not UTF-8 anywhere in it (no comment is read there), a file in UTF-16 too
 * (Terraform: "contents of ... are not valid UTF-8; use the filebase64 function ..."). The text leaves out a byte order
 * mark the file begins with, which `byteOrderMark` tells (`fileFunctionValue`).
 */
export function fileFunctionText(path: string, read: ReturnType<typeof readUtf8SourceText>): { text: string; byteOrderMark?: true } | { error: string } {
  if ('utf16' in read || read.notUtf8 !== undefined) return { error: `contents of ${path} are not valid UTF-8, which Terraform refuses in file() and templatefile(); save it as UTF-8` };
  return read.byteOrderMark ? { text: read.text, byteOrderMark: true } : { text: read.text };
}

/**
 * HCL counts a column in characters (grapheme clusters); deputy's positions, as editors and SARIF count them, in UTF-16
 * code units: a line with `😀` before the error is one column further on. Lines of ASCII, nearly all, count alike.
 */
function codeUnitColumns(text: string): (line: number, column: number) => number {
  let starts: number[] | undefined;
  return (line, column) => {
    starts ??= lineStarts(text);
    const start = starts[line - 1];
    if (start === undefined) return column;
    const before = text.slice(start, starts[line] ?? text.length);
    if (!/[^\x00-\x7f]/.test(before)) return column;
    let units = 0;
    let characters = 1;
    for (const { segment } of GRAPHEMES.segment(before)) {
      if (characters === column) break;
      units += segment.length;
      characters++;
    }
    return units + 1 + Math.max(0, column - characters);
  };
}

const GRAPHEMES = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Past this many syntax errors in one file, one more error says how many are left out. */
export const MOST_SYNTAX_ERRORS = 10;

/**
 * hcl2json reports every diagnostic of a file in one message, `parse config: [file:line,col-endcol: Summary; Detail
 * file:line,col-endline,endcol: Summary; Detail ...]`: each becomes an error at its own place, in the order of their
 * places, up to MOST_SYNTAX_ERRORS (a binary file makes hundreds, one per character hcl2json does not know).
 */
function syntaxErrors(file: string, text: string, message: string): InputError[] {
  const listed = message.replace(/^parse config: \[/, '').replace(/\]$/, '');
  const name = escapeRegExp(file);
  const starts = [...listed.matchAll(new RegExp(`${name}:(\\d+),(\\d+)-\\d+(?:,\\d+)?: `, 'g'))];
  if (starts.length === 0) return [{ file, ...unplacedErrorPlace(file, text, message), message: `cannot parse: ${message.replace(/^parse config: /, '')}` }];
  const shown = shownPositions(text);
  const column = codeUnitColumns(text);
  const errors = starts
    .map((start, index) => {
      const summary = listed.slice(start.index + start[0].length, starts[index + 1]?.index ?? listed.length);
      const line = Number(start[1]);
      return { file, ...shown(line, column(line, Number(start[2]))), message: summary.replace(/;\s*/, ': ').trim() };
    })
    .sort((a, b) => a.line - b.line || a.column - b.column);
  if (errors.length <= MOST_SYNTAX_ERRORS) return errors;
  const firstLeftOut = errors[MOST_SYNTAX_ERRORS]!;
  const leftOut = errors.length - MOST_SYNTAX_ERRORS;
  return [...errors.slice(0, MOST_SYNTAX_ERRORS), { file, line: firstLeftOut.line, column: firstLeftOut.column, message: `and ${leftOut.toLocaleString('en-US')} more syntax error${leftOut === 1 ? '' : 's'} from here on` }];
}


/** Errors hcl2json's conversion gives without a place: blocks of one type (`resource`), some labelled, some not ... */
const LABELS_MIXED = /invalid HCL detected for "([^"]+)" block, cannot have blocks with and without labels/;
/** ... and the same in the blocks of one block, which it names by its type and labels (`resource.aws_iam_role.r`). */
const BLOCK_NOT_CONVERTED = /Unable to convert Block to JSON: (\S+)$/;

/**
 * Where an error hcl2json gives without a place is, when deputy's scanner finds it: for LABELS_MIXED, the first block
 * of the type whose labels are written unlike those of the first one (`resource {` after `resource "aws_iam_role" "r" {`);
 * for BLOCK_NOT_CONVERTED, the block it names.
 */
function unplacedErrorPlace(file: string, text: string, message: string): { line: number; column: number } | Record<string, never> {
  const mixed = LABELS_MIXED.exec(message)?.[1];
  const named = BLOCK_NOT_CONVERTED.exec(message)?.[1];
  if (mixed === undefined && named === undefined) return {};
  const blocks: SourceBlock[] = [];
  // In the order the file writes them: a stack, each block's children pushed last first.
  for (const pending = [new HclSource(file, text).body]; pending.length > 0; ) {
    const block = pending.pop()!;
    if (block.type === mixed || [block.type, ...block.labels].join('.') === named) blocks.push(block);
    for (let index = block.blocks.length - 1; index >= 0; index--) pending.push(block.blocks[index]!);
  }
  const labelled = blocks[0] && blocks[0].labels.length > 0;
  const found = named === undefined ? blocks.find((block) => block.labels.length > 0 !== labelled) : blocks[0];
  return found ? lineColumn(text, found.start) : {};
}

/** `.tf.json`: the same structure, but a body may be written as an object or a list of objects. */
function parseJsonFile(file: string, text: string): HclParse {
  let document: unknown;
  const content = text.replace(/^\uFEFF/, '');
  try {
    document = JSON.parse(content);
  } catch (error) {
    return { errors: [{ file, ...jsonRefusal(content, error) }] };
  }
  if (!isRecord(document)) return { errors: [{ file, message: 'a .tf.json file must hold an object' }] };
  return { body: jsonBody(Object.entries(document)) };
}

/**
 * The body of a `.tf.json` file from its top-level members, in order: a kind written more than once (two `"locals"`)
 * holds the blocks of each.
 */
export function jsonBody(members: ReadonlyArray<readonly [string, unknown]>): RawBody {
  const byKind = new Map<string, unknown[]>();
  for (const [kind, value] of members) appendTo(byKind, kind, asBodies(value));
  const body: RawBody = {};
  for (const [kind, values] of byKind) {
    const depth = ownEntry(JSON_LABEL_DEPTH, kind);
    setOwn(body, kind, depth === undefined ? values.map(withoutComment) : nest(values, depth));
  }
  return body;
}

/**
 * A block's body without its `"//"` key, a comment in the JSON syntax. (Below the top-level blocks, an object may be
 * an attribute's value, where `"//"` is a key like any other: only the provider's schema would tell.)
 */
function withoutComment(body: unknown): unknown {
  if (!isRecord(body) || !Object.hasOwn(body, '//')) return body;
  const { '//': _comment, ...kept } = body;
  return kept;
}

/** Labels down to the bodies; the JSON syntax allows a list of objects wherever an object of labels stands. */
function nest(value: unknown, depth: number): unknown {
  const maps = Array.isArray(value) ? value.filter(isRecord) : isRecord(value) ? [value] : undefined;
  if (!maps) return value;
  const byLabel = new Map<string, unknown[]>();
  for (const map of maps) for (const [label, inner] of Object.entries(map)) appendTo(byLabel, label, asBodies(inner));
  return Object.fromEntries([...byLabel].map(([label, inners]) => [label, depth === 1 ? inners.map(withoutComment) : nest(inners, depth - 1)]));
}

/**
 * The `dynamic` blocks of a body by the type they write. hcl2json gives an object of types; `.tf.json` may also give a
 * list of such objects, and a type a list of specs.
 */
export function dynamicBlocks(value: unknown): Map<string, RawBody[]> {
  const byType = new Map<string, unknown[]>();
  for (const written of Array.isArray(value) ? value : [value]) {
    if (isRecord(written)) for (const [type, specs] of Object.entries(written)) appendTo(byType, type, asBodies(specs).filter(isRecord));
  }
  return byType as Map<string, RawBody[]>;
}

/** Appends to the list of the key, made when first needed: a list copied for each addition took quadratic time. */
function appendTo(lists: Map<string, unknown[]>, key: string, items: readonly unknown[]): void {
  let list = lists.get(key);
  if (!list) lists.set(key, (list = []));
  for (const item of items) list.push(item);
}

function asBodies(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
