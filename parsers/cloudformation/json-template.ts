/**
 * Locations in a template written as JSON, found by walking its text: what the precise path gives a JSON template, without
 * building the `yaml` package's node tree of the whole file for the first location (on a 1 MB template of 400 roles,
 * about half of a scan). Only text `JSON.parse` read is walked: no comment, tag or alias can be met.
 */
import type { Path, SourceLocation, StringOrigin } from '../../src/model/index.js';
import { fileCursor, JsonCursor, OPEN_BRACE, OPEN_BRACKET, pathRange, QUOTE, stringEnd, stringValue, WalkedText } from '../json-text.js';
import { TextPositions } from '../terraform/source.js';
import { joinedOrigin, type JoinedItem } from './joined-origin.js';
import { oneLineStringOrigin, quotedStringOrigin, stringPositions, type PositionInString } from './precise.js';

export class JsonTemplateText {
  private readonly positions: TextPositions;
  private readonly cursor: JsonCursor;
  /** The root value's start and end. */
  private readonly root: [number, number];

  constructor(file: string, text: string) {
    this.positions = new TextPositions(file, text);
    // Every finding walks from the root: each object's keys are read once (`Resources` may hold thousands).
    this.cursor = fileCursor(text, new WalkedText());
    this.cursor.peek();
    const start = this.cursor.position;
    this.cursor.skipValue();
    this.root = [start, this.cursor.position];
  }

  /**
   * Locates a path as the precise path does: a path ending on a key gives the key and its value (only the key with
   * `keyOnly`), an index the item; a path that does not lead to a value gives the deepest one it reaches. A key the
   * object repeats is its last writing, the one `JSON.parse` read.
   */
  locate(path: Path, keyOnly = false): SourceLocation {
    const { start, end, reached, valueStart } = pathRange(this.cursor, this.root, path);
    const key = keyOnly && reached === path.length && valueStart !== undefined && valueStart !== start;
    return this.positions.location(start, key ? stringEnd(this.cursor.text, start) : end);
  }

  /** The string written at a path (for an `Fn::Sub` object, its template string) and where its text starts. */
  stringAt(path: Path): { origin: StringOrigin; value: string } | undefined {
    const { reached, valueStart } = pathRange(this.cursor, this.root, path);
    if (reached !== path.length || valueStart === undefined) return undefined;
    const sub = this.subTemplate(valueStart);
    const start = sub ?? valueStart;
    const text = this.cursor.text;
    if (text.charCodeAt(start) !== QUOTE) return undefined;
    const end = stringEnd(text, start);
    const value = stringValue(text.slice(start, end));
    // A Fn::Sub template's lines are read as a template's: one whose text breaks lines (`\n`) is not placed.
    if (sub !== undefined && value.includes('\n')) return undefined;
    return { origin: this.stringOrigin(start, end, value, sub !== undefined), value };
  }

  /**
   * The origin of the text of the string token from `start` to `end`, which reads `value`. A JSON string is written on
   * one line: one whose text breaks lines (`\n`) is placed through its escapes, as a YAML double-quoted scalar is.
   */
  private stringOrigin(start: number, end: number, value: string, sub: boolean): StringOrigin {
    const written = this.cursor.text.slice(start + 1, end - 1);
    if (value.includes('\n')) return quotedStringOrigin(written, true, value, (at) => this.positions.lineColumn(start + 1 + at));
    const { line, column } = this.positions.lineColumn(start + 1);
    return oneLineStringOrigin(line, column, written, true, sub, value);
  }

  /**
   * The origin of the text a `Fn::Join` object written at a path makes, from where its literal items are written (see
   * `joinedOrigin`); undefined for anything else, and for a join of a list an intrinsic gives.
   */
  joinedOriginAt(path: Path): StringOrigin | undefined {
    const { reached, valueStart } = pathRange(this.cursor, this.root, path);
    if (reached !== path.length || valueStart === undefined) return undefined;
    const args = this.onlyKeyValue(valueStart, 'Fn::Join');
    if (args === undefined) return undefined;
    const cursor = this.cursor;
    const item = (index: number): number | undefined => {
      cursor.position = args;
      return cursor.enterItem(index);
    };
    const [delimiterStart, listStart] = [item(0), item(1)];
    if (delimiterStart === undefined || listStart === undefined || item(2) !== undefined) return undefined;
    if (cursor.text.charCodeAt(delimiterStart) !== QUOTE || cursor.text.charCodeAt(listStart) !== OPEN_BRACKET) return undefined;
    cursor.position = delimiterStart;
    const delimiter = cursor.readString();
    cursor.position = listStart;
    const items: JoinedItem[] = [];
    cursor.eachItem(() => {
      if (cursor.peek() !== QUOTE) {
        items.push(undefined);
        return cursor.skipValue();
      }
      const start = cursor.position;
      const value = cursor.readString();
      items.push({ value, origin: this.stringOrigin(start, cursor.position, value, false) });
    });
    return joinedOrigin(delimiter, items);
  }

  /** The positions of the characters of the string at `path` (see `stringPositions`). */
  positionsInString(path: Path): PositionInString | undefined {
    return stringPositions(this.stringAt(path), (line) => this.cursor.text.slice(this.positions.lineStart(line), this.positions.lineStart(line + 1)));
  }

  /** Where the template of an object that is one `Fn::Sub` starts (its string, or its list's first item); undefined for anything else. */
  private subTemplate(objectStart: number): number | undefined {
    const value = this.onlyKeyValue(objectStart, 'Fn::Sub');
    if (value === undefined) return undefined;
    const cursor = this.cursor;
    cursor.position = value;
    return cursor.peek() === OPEN_BRACKET ? cursor.enterItem(0) : value;
  }

  /** Where the value of an object whose only key is `key` starts (an intrinsic function's arguments); undefined for anything else. */
  private onlyKeyValue(objectStart: number, key: string): number | undefined {
    const cursor = this.cursor;
    cursor.position = objectStart;
    if (cursor.peek() !== OPEN_BRACE) return undefined;
    let keys = 0;
    let value: number | undefined;
    cursor.eachEntry((found) => {
      keys++;
      if (found === key) {
        cursor.peek();
        value = cursor.position;
      }
      cursor.skipValue();
    });
    return keys === 1 ? value : undefined;
  }
}
