/**
 * One template file: read by the fast path, by the precise path when the fast path refuses it, and located
 * through the precise path only when a location or the duplicate keys are asked for; JSON the fast path read is
 * located by walking its text.
 */
import { CST, Lexer } from 'yaml';
import { escapeRegExp, type InputError, type Path, type SourceLocation, type StringOrigin } from '../../src/model/index.js';
import { jsonHasDuplicateKeys, lineColumn, looksLikeJson, parseFast, tooDeepRefusal, type Refusal } from './fast.js';
import { sameLengthJsonInString, stringEnd, topLevelKeyOffset } from '../json-text.js';
import { JsonTemplateText } from './json-template.js';
import { PreciseDocument, type PositionInString, type SourceDuplicate } from './precise.js';
import { ShapeError } from './shape.js';

/**
 * A YAML document whose root is a block mapping: after blank and comment lines, directives and a bare document start
 * (`---`), its first line starts at the first column with neither a flow collection (`{`, `[`) nor a tag or anchor.
 */
const BLOCK_MAPPING_ROOT = /^(?:[ \t]*(?:#.*)?\r?\n|%.*\r?\n|---[ \t]*(?:#.*)?\r?\n)*[^\s#{[!&*%|>-]/;

export class TemplateSource {
  /** The document as plain data with long-form intrinsics; undefined when it cannot be read. */
  readonly document: unknown;
  readonly errors: InputError[] = [];
  private precise: PreciseDocument | undefined;
  /** For JSON text `JSON.parse` read: where its locations are found. */
  private jsonText: JsonTemplateText | undefined;
  private readonly readAsJson: boolean = false;
  private readonly locations = new Map<string, SourceLocation>();
  /** By path: where the characters of the string there are (one string may hold thousands of problems). */
  private readonly positionsInStrings = new Map<string, PositionInString | undefined>();
  private duplicates: SourceDuplicate[] | undefined;
  /** False when js-yaml read the file (it refuses duplicate keys); for JSON, checked on first request. */
  private mayHaveDuplicates: boolean | undefined;

  /** How the file is written: JSON, or YAML (which includes flow-style YAML). */
  readonly syntax: 'json' | 'yaml';

  private readonly text: string;

  constructor(
    readonly file: string,
    text: string,
    /**
     * Where a path of a template that the file writes as the entries of an object rather than as text is (a Terraform
     * `jsonencode({...})`), or the nearest written ancestor: the text is then not the file's.
     */
    private readonly writtenAt?: (path: Path) => SourceLocation,
  ) {
    // YAML (and editors) take a lone carriage return for a line break, as CloudFormation does; the precise parser and its
    // line counter see only LF and CRLF. One LF for each lone CR keeps every offset and puts each line where it is shown.
    text = text.replace(/\r(?!\n)/g, '\n');
    this.text = text;
    const json = looksLikeJson(file, text);
    this.syntax = json ? 'json' : 'yaml';
    const fast = parseFast(text, json);
    if (fast.ok) {
      this.document = fast.template;
      this.mayHaveDuplicates = json ? undefined : false;
      this.readAsJson = json;
      return;
    }
    if (fast.retryPrecisely) {
      let precise: PreciseDocument;
      try {
        precise = this.preciseDocument();
      } catch (error) {
        // The `yaml` package's parser recurses into each block level: text nested too deep for it overflows the stack.
        if (!(error instanceof RangeError)) throw error;
        this.addError(tooDeepRefusal(text, false));
        return;
      }
      const preciseError = precise.error;
      if (!preciseError) {
        this.document = this.readPrecisely(precise);
        this.mayHaveDuplicates = true;
        return;
      }
      this.addError(preciseError);
    } else this.addError(fast.refusal);
  }

  /** Never throws: falls back to the nearest located ancestor, at worst the start of the file. */
  locate(path: Path, keyOnly = false): SourceLocation {
    const cacheKey = `${keyOnly}${JSON.stringify(path)}`;
    let location = this.locations.get(cacheKey);
    if (!location) {
      location = this.writtenAt ? this.writtenAt(path) : this.safely(() => this.locator().locate(path, keyOnly)) ?? { file: this.file, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
      this.locations.set(cacheKey, location);
    }
    return location;
  }

  /**
   * Where the text of the string written at `path` starts (see PreciseDocument.stringAt), or where the pieces of the one
   * a `Fn::Join` there makes are written (PreciseDocument.joinedOriginAt). Never throws.
   */
  stringOrigin(path: Path): StringOrigin | undefined {
    if (this.writtenAt) return undefined;
    return this.safely(() => {
      const locator = this.locator();
      return locator.stringAt(path)?.origin ?? locator.joinedOriginAt(path);
    });
  }

  /**
   * The string written at `path` (its value `value`) placed where the file writes it: blank lines before it and blanks
   * before each of its lines, so that what reads it as a text of its own (a stack set's TemplateBody) finds each of its
   * characters at the line and column of the file. Undefined where the file does not write its lines one to one (an
   * escape, a folded line). A line left blank may be written with fewer blanks than the others (a block scalar's).
   */
  placedString(path: Path, value: string): string | undefined {
    const origin = this.stringOrigin(path);
    if (!origin || origin.file !== undefined) return undefined;
    const fileLines = this.text.split(/\r?\n/);
    const placed = fileLines.slice(0, origin.line - 1).map(() => '');
    if (this.syntax === 'json') {
      // JSON text in a JSON string (on one line): its escapes are rewritten as long as they are written.
      const start = fileLines.slice(0, origin.line - 1).reduce((offset, line) => offset + line.length + 1, 0) + origin.column - 1;
      if (this.text[start - 1] !== '"' || !/^\s*\{/.test(value)) return undefined;
      return [...placed, ' '.repeat(origin.column - 1) + sameLengthJsonInString(this.text, start, stringEnd(this.text, start - 1) - 1)].join('\n');
    }
    if (origin.writtenColumn || origin.writtenLine || origin.fit) return undefined;
    for (const [index, line] of value.split('\n').entries()) {
      const column = index === 0 ? origin.column : origin.indentColumn;
      const written = fileLines[origin.line - 1 + index];
      if (line !== '' && written?.slice(column - 1, column - 1 + line.length) !== line) return undefined;
      placed.push(line === '' ? '' : ' '.repeat(column - 1) + line);
    }
    return placed.join('\n');
  }

  /** The key ending `path` as written when YAML read it as null (see PreciseDocument.nullKeyAt); JSON keys are strings. Never throws. */
  nullKey(path: Path): string | undefined {
    return this.readAsJson || this.syntax === 'json' ? undefined : this.safely(() => this.preciseDocument().nullKeyAt(path));
  }

  /** Line and column of the key (or node) at `path`, or of character `offset` of the string there when the file shows it. */
  position(path: Path, offset?: number): { line: number; column: number } {
    if (this.writtenAt) {
      const { startLine, startColumn } = this.locate(path, true);
      return { line: startLine, column: startColumn };
    }
    const inside = offset === undefined ? undefined : this.safely(() => this.positionsInString(path)?.(offset));
    if (inside) return inside;
    // A top-level key (`Transform`) is found in the text while the precise path is not made: most templates need none.
    const key = !this.precise && path.length === 1 && typeof path[0] === 'string' ? this.keyOffsetInText(path[0]) : undefined;
    if (key !== undefined) return lineColumn(this.text, key);
    const { startLine, startColumn } = this.locate(path, true);
    return { line: startLine, column: startColumn };
  }

  private positionsInString(path: Path): PositionInString | undefined {
    const key = JSON.stringify(path);
    if (!this.positionsInStrings.has(key)) this.positionsInStrings.set(key, this.locator().positionsInString(path));
    return this.positionsInStrings.get(key);
  }

  /**
   * Where a key of the template's top-level mapping is written, found without the precise path; undefined when it is not
   * found so. A key of a top-level block mapping starts its line, and nothing nested in it does (it is indented); in a
   * flow mapping (`{`, JSON text read as YAML) a nested key may start its line as well, so the key is found so only when
   * the document is a block mapping. The fast path read the file, so a top-level YAML key is written once (js-yaml
   * refuses duplicates): a second line that starts with the key (a quoted or flow continuation js-yaml lets start its
   * line) leaves it to the precise path too.
   */
  private keyOffsetInText(key: string): number | undefined {
    if (this.syntax === 'json') return topLevelKeyOffset(this.text, key);
    if (!BLOCK_MAPPING_ROOT.test(this.text)) return undefined;
    const escaped = escapeRegExp(key);
    // A key may also be written after `?` (an explicit key), a tag or an anchor (`decorated`), which the search does not
    // take for it: a line so written leaves the key to the precise path as well.
    const found = [...this.text.matchAll(new RegExp(`^(?<decorated>(?:[?!&]\\S*[ \\t]+)*)(?:${escaped}|"${escaped}"|'${escaped}')[ \\t]*(?<end>:|\\r?$)`, 'gm'))];
    const [only] = found;
    return found.length === 1 && only!.groups!.decorated === '' && only!.groups!.end === ':' ? only!.index : undefined;
  }

  /**
   * The comments of a YAML template that `holding` (without `g` or `y`) matches, with where each starts: what YAML reads
   * as a comment, not text of a scalar (quoted, block or plain) that looks like one. JSON has none. The text is lexed
   * only when `holding` matches it at all.
   */
  yamlComments(holding: RegExp): Array<{ text: string; line: number; column: number }> {
    if (this.syntax === 'json' || !holding.test(this.text)) return [];
    const found: Array<{ text: string; line: number; column: number }> = [];
    let offset = 0;
    // The lexer's marker of a scalar is no text of the file, and the token after it is the scalar's text, however it
    // starts (a block scalar's lines may start with `#`); nor are its document-mode and flow-end markers.
    let scalar = false;
    for (const token of new Lexer().lex(this.text)) {
      if (scalar) scalar = false;
      else {
        const type = CST.tokenType(token);
        if (type === 'scalar') scalar = true;
        if (type === 'scalar' || type === 'doc-mode' || type === 'flow-error-end') continue;
        if (type === 'comment' && holding.test(token)) found.push({ text: token, ...lineColumn(this.text, offset) });
      }
      offset += token.length;
    }
    return found;
  }

  duplicateKeys(): SourceDuplicate[] {
    if (!this.duplicates) {
      this.mayHaveDuplicates ??= jsonHasDuplicateKeys(this.text);
      this.duplicates = (this.mayHaveDuplicates && this.safely(() => this.preciseDocument().duplicateKeys())) || [];
    }
    return this.duplicates;
  }

  private safely<T>(read: () => T | undefined): T | undefined {
    try {
      return read();
    } catch {
      return undefined;
    }
  }

  private locator(): JsonTemplateText | PreciseDocument {
    return this.readAsJson ? (this.jsonText ??= new JsonTemplateText(this.file, this.text)) : this.preciseDocument();
  }

  private preciseDocument(): PreciseDocument {
    return (this.precise ??= new PreciseDocument(this.file, this.text));
  }

  private readPrecisely(precise: PreciseDocument): unknown {
    try {
      return precise.toTemplate();
    } catch (error) {
      if (!(error instanceof ShapeError || error instanceof RangeError)) throw error;
      const offset = error instanceof ShapeError ? error.offset : undefined;
      this.addError({ message: `refused: ${error.message}`, ...(offset === undefined ? {} : precise.position(offset)) });
      return undefined;
    }
  }

  private addError({ message, line, column }: Refusal): void {
    if (this.writtenAt) {
      // A text not written as the file's lines: the error is where the file writes the text, at its line there.
      const { startLine, startColumn } = this.writtenAt([]);
      this.errors.push({ file: this.file, message: line === undefined ? message : `${message} (line ${line} of the template)`, line: startLine, column: startColumn });
      return;
    }
    this.errors.push({ file: this.file, message, ...(line === undefined ? {} : { line, column }) });
  }
}
