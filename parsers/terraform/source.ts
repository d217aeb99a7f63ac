/**
 * Positions in HCL source text, which @cdktf/hcl2json does not give: a scanner that follows strings, templates,
 * heredocs, comments and bracket depth well enough to find every block header and every attribute's expression.
 * It never judges syntax (hcl2json does); on text it does not understand it skips to the next line.
 */
import type { SourceLocation, StringOrigin } from '../../src/model/index.js';
import { templateLinesFit, withTemplate, type TemplateSyntax } from '../template-origin.js';
import { AS_WRITTEN, TWO_FOR_ONE, writtenColumns, type ReadStep } from '../written-columns.js';
import { lastAtOrBefore, lineStarts } from '../../src/model/order.js';

/**
 * How many labels each top-level block kind has (`resource "type" "name"`, `variable "name"`): in `.tf.json` their
 * bodies sit that many objects deep.
 */
export const JSON_LABEL_DEPTH: Readonly<Record<string, number>> = { resource: 2, data: 2, module: 1, variable: 1, output: 1, provider: 1, check: 1 };

export interface SourceAttribute {
  name: string;
  nameStart: number;
  /** The expression after `=`, without surrounding blanks or a trailing comment. */
  start: number;
  end: number;
}

/** Where an expression is written in its file: an attribute's, or one written inside it (an entry of a list). */
export interface WrittenExpression {
  start: number;
  end: number;
}

export interface SourceBlock {
  type: string;
  labels: string[];
  /** Offset of the block type keyword. */
  start: number;
  /** Offset just after the closing brace. */
  end: number;
  attributes: SourceAttribute[];
  blocks: SourceBlock[];
}

/** Whether a nested block writes blocks of a type: it is one, or a `dynamic` block of that type. */
export function writesBlockType(nested: SourceBlock, type: string): boolean {
  return nested.type === type || (nested.type === 'dynamic' && nested.labels[0] === type);
}

export interface SourceComment {
  start: number;
  end: number;
  text: string;
}

/** Offsets to lines and columns, and the locations of scanned blocks and attributes. */
export class TextPositions {
  /** Where each line starts, found on the first ask (a plan of tens of megabytes may never need them). */
  private starts?: number[];

  constructor(
    readonly file: string,
    readonly text: string,
  ) {}

  private get lineStarts(): number[] {
    return (this.starts ??= lineStarts(this.text));
  }

  /** The offset where a 1-based line starts (the end of the text past the last line). */
  lineStart(line: number): number {
    return this.lineStarts[line - 1] ?? this.text.length;
  }

  /** 1-based line and column of an offset. */
  lineColumn(offset: number): { line: number; column: number } {
    const starts = this.lineStarts;
    const index = lastAtOrBefore(starts, offset);
    return { line: index + 1, column: offset - starts[index]! + 1 };
  }

  location(start: number, end: number): SourceLocation {
    const from = this.lineColumn(start);
    const to = this.lineColumn(Math.max(start, end));
    return { file: this.file, startLine: from.line, startColumn: from.column, endLine: to.line, endColumn: to.column };
  }

  /** The header of a block: from its type keyword to its opening brace. */
  blockLocation(block: SourceBlock): SourceLocation {
    const brace = this.text.indexOf('{', block.start);
    return this.location(block.start, brace < 0 || brace > block.end ? block.start : brace + 1);
  }

  attributeLocation(attribute: SourceAttribute): SourceLocation {
    return this.location(attribute.nameStart, attribute.end);
  }
}

export class HclSource extends TextPositions {
  readonly body: SourceBlock;
  readonly comments: SourceComment[] = [];
  private position = 0;

  constructor(file: string, text: string) {
    super(file, text);
    this.body = { type: '', labels: [], start: 0, end: text.length, attributes: [], blocks: [] };
    this.readBody(this.body);
  }

  private readBody(block: SourceBlock): void {
    const text = this.text;
    for (;;) {
      this.skipBlank(true);
      if (this.position >= text.length) return;
      const char = text[this.position]!;
      if (char === '}') {
        this.position++;
        block.end = this.position;
        return;
      }
      const nameStart = this.position;
      const name = this.readIdentifier();
      if (!name) {
        this.skipLine();
        continue;
      }
      this.skipBlank(false);
      if (text[this.position] === '=' && text[this.position + 1] !== '=') {
        this.position++;
        this.skipBlank(false);
        const start = this.position;
        const end = this.readExpression();
        block.attributes.push({ name, nameStart, start, end });
        continue;
      }
      const child: SourceBlock = { type: name, labels: [], start: nameStart, end: text.length, attributes: [], blocks: [] };
      for (;;) {
        this.skipBlank(false);
        const next = text[this.position];
        if (next === '"') child.labels.push(this.readQuotedLabel());
        else if (next !== undefined && /[A-Za-z_]/.test(next)) child.labels.push(this.readIdentifier());
        else break;
      }
      if (text[this.position] !== '{') {
        this.skipLine();
        continue;
      }
      this.position++;
      block.blocks.push(child);
      this.readBody(child);
    }
  }

  private readIdentifier(): string {
    const match = /[A-Za-z_][\w-]*/y;
    match.lastIndex = this.position;
    const found = match.exec(this.text);
    if (!found) return '';
    this.position += found[0].length;
    return found[0];
  }

  private readQuotedLabel(): string {
    const start = this.position;
    this.skipQuoted();
    try {
      return JSON.parse(this.text.slice(start, this.position)) as string;
    } catch {
      return this.text.slice(start + 1, this.position - 1);
    }
  }

  /** Skips spaces, tabs and comments; newlines too when `newlines`. */
  private skipBlank(newlines: boolean): void {
    const text = this.text;
    while (this.position < text.length) {
      const char = text[this.position]!;
      if (char === ' ' || char === '\t' || char === '\r' || (newlines && char === '\n')) this.position++;
      else if (startsComment(text, this.position)) this.skipComment();
      else return;
    }
  }

  private skipLine(): void {
    const newline = this.text.indexOf('\n', this.position);
    this.position = newline < 0 ? this.text.length : newline + 1;
  }

  private skipComment(): void {
    this.position = skipComment(this.text, this.position, this.comments);
  }

  /** Reads an expression up to the end of its line (outside brackets) or an unmatched closing bracket; returns its end offset. */
  private readExpression(): number {
    const text = this.text;
    let depth = 0;
    let end = this.position;
    while (this.position < text.length) {
      const char = text[this.position]!;
      if (char === '\n' && depth === 0) break;
      if (startsComment(text, this.position)) {
        this.skipComment();
        continue;
      }
      if (char === '"') {
        this.skipQuoted();
        end = this.position;
        continue;
      }
      if (char === '<' && text[this.position + 1] === '<' && this.skipHeredoc()) {
        end = this.position;
        continue;
      }
      if (char === '(' || char === '[' || char === '{') depth++;
      else if (char === ')' || char === ']' || char === '}') {
        if (depth === 0) break;
        depth--;
      }
      this.position++;
      if (!/\s/.test(char)) end = this.position;
    }
    return end;
  }

  private skipQuoted(): void {
    this.position = quotedEnd(this.text, this.position, this.comments);
  }

  /** Skips `<<ID` / `<<-ID` up to the line that closes it; false when this is not a heredoc. */
  private skipHeredoc(): boolean {
    const marker = /<<-?([A-Za-z_][\w-]*)[ \t]*\r?\n/y;
    marker.lastIndex = this.position;
    const found = marker.exec(this.text);
    if (!found) return false;
    const closing = new RegExp(`^[ \\t]*${found[1]}[ \\t]*\\r?$`, 'm');
    const bodyStart = this.position + found[0].length;
    const rest = this.text.slice(bodyStart);
    const close = closing.exec(rest);
    interpolationComments(close ? rest.slice(0, close.index) : rest, bodyStart, this.comments);
    this.position = close ? bodyStart + close.index + close[0].replace(/\r$/, '').length : this.text.length;
    return true;
  }
}

/**
 * Adds to `comments` those written in the interpolations and directives of a template's text (a heredoc's body, which
 * starts at `offset` in its file) that close in it.
 */
function interpolationComments(template: string, offset: number, comments: SourceComment[]): void {
  const opening = /([$%])\1?\{/g;
  for (let found = opening.exec(template); found; found = opening.exec(template)) {
    if (found[0].length === 3) continue; // `$${` and `%%{` are literal
    const written: SourceComment[] = [];
    const close = interpolationEnd(template, opening.lastIndex, written);
    if (close === undefined) return;
    comments.push(...written.map((comment) => ({ ...comment, start: comment.start + offset, end: comment.end + offset })));
    opening.lastIndex = close;
  }
}

/**
 * Where the text of a heredoc starts, and the indentation `<<-` strips from each line: positions in the heredoc's text
 * as written (nothing interpolated) are positions in the file. A quoted string's, through its escapes (`quotedStringOrigin`).
 */
export function heredocOrigin(source: HclSource, attribute: SourceAttribute): StringOrigin | undefined {
  const heredoc = readHeredoc(source, attribute);
  if (!heredoc) return quotedStringOrigin(source, attribute);
  const { origin, written } = heredoc;
  if (!written.some((line) => TEMPLATE_ESCAPE.test(line))) return origin;
  const columnsOf: Array<(column: number) => number> = [];
  return { ...origin, writtenColumn: (line, column) => (columnsOf[line] ??= escapedColumns(written[line - 1] ?? ''))(column) };
}

/**
 * `heredocOrigin`, for the heredoc's text as rendered (see `withTemplate`), which reads the escapes itself, or a quoted
 * string's, as rendered too. It names its file: the string may be read in another file's resource (a local's, or a module call's argument).
 */
export function heredocTemplateOrigin(source: HclSource, written: WrittenExpression): StringOrigin | undefined {
  const heredoc = readHeredoc(source, written);
  if (!heredoc) return quotedStringOrigin(source, written, true);
  return withTemplate({ ...heredoc.origin, file: source.file }, [...heredoc.written, ''], HCL_TEMPLATE);
}

/**
 * Where the characters of a quoted string are written, as `heredocOrigin` tells a heredoc's: a policy written as one
 * (`"{\"Version\":...}"`, as terraformer writes it) is located inside it, through its escapes, on its one line. With
 * `template`, one that interpolates is too: a rendering is fitted to the lines (`\n`) of its text as a heredoc's are
 * (`templateLinesFit`). Undefined for any other expression, for a string that interpolates or holds a directive
 * without `template`, and for one of interpolations alone, which writes none of the text.
 */
function quotedStringOrigin(source: HclSource, expression: WrittenExpression, template = false): StringOrigin | undefined {
  const text = source.text.slice(expression.start, expression.end).trimEnd();
  if (text.length < 2 || !text.startsWith('"') || !text.endsWith('"')) return undefined;
  const written = text.slice(1, -1);
  const literal = readQuoted(written, false);
  const read = literal ?? (template ? readQuoted(written, true) : undefined);
  if (!read || (!literal && interpolatesOnly(read.text))) return undefined;
  const textLineStarts = lineStarts(read.text);
  const start = source.lineColumn(expression.start + 1);
  let columns: ((column: number) => number) | undefined;
  const placed: StringOrigin = {
    file: source.file,
    ...start,
    indentColumn: start.column,
    positionInPieces: (line, column) => {
      const offset = (textLineStarts[line - 1] ?? Number.NaN) + column - 1;
      if (!(offset >= 0 && offset <= read.text.length)) return undefined;
      columns ??= writtenColumns(written, (at) => read.escapes.get(at) ?? AS_WRITTEN);
      return source.lineColumn(expression.start + columns(offset + 1));
    },
  };
  const fit = literal ? undefined : templateLinesFit(placed, read.text, HCL_TEMPLATE);
  return fit ? { ...placed, fit } : placed;
}

/** An escape of an HCL quoted string: `\n`, `\"`, `\u00e9`, `\U0001F600`... */
const QUOTED_ESCAPE = /\\(?:([nrt"\\])|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))/y;

/** What the one-character escapes of an HCL quoted string read as. */
const ESCAPED: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** The text an escape `QUOTED_ESCAPE` found writes; undefined for a code point Unicode has not (`\U00110000`). */
function escapedText([, character, short, long]: RegExpExecArray): string | undefined {
  if (character !== undefined) return ESCAPED[character];
  const codePoint = Number.parseInt(short ?? long!, 16);
  return codePoint > 0x10ffff ? undefined : String.fromCodePoint(codePoint);
}

/**
 * What the text of an HCL quoted string as written (between its quotes) reads as, and the escapes it is read through,
 * by written offset: each escape as the character it writes (`\n` breaks a line of the text). As a literal (not
 * `template`), `$${` and `%%{` read as `${` and `%{`, and a string that interpolates does not read alone. As a
 * `template`, those and its interpolations and directives are left as written, for `withTemplate` to read: an
 * escape that writes `$`, `%` or `{` is then not read, as it would write them where the template has none (or hide
 * one). Undefined too where a quote ends the string (`"a" == "b"`), or a line break (in an interpolation) is written.
 */
function readQuoted(written: string, template: boolean): { text: string; escapes: Map<number, ReadStep> } | undefined {
  const escapes = new Map<number, ReadStep>();
  let text = '';
  for (let at = 0; at < written.length; ) {
    const char = written[at]!;
    if (char === '"' || char === '\n') return undefined;
    if (char === '\\') {
      QUOTED_ESCAPE.lastIndex = at;
      const escape = QUOTED_ESCAPE.exec(written);
      const read = escape ? escapedText(escape) : undefined;
      if (!escape || read === undefined || (template && (read === '$' || read === '%' || read === '{'))) return undefined;
      escapes.set(at, { length: escape[0].length, units: read.length });
      text += read;
      at += escape[0].length;
    } else if ((char === '$' || char === '%') && written[at + 1] === char && written[at + 2] === '{') {
      if (!template) escapes.set(at, TWO_FOR_ONE);
      text += template ? written.slice(at, at + 3) : `${char}{`;
      at += 3;
    } else if ((char === '$' || char === '%') && written[at + 1] === '{') {
      const end = template ? interpolationEnd(written, at + 2) : undefined;
      if (end === undefined || written.slice(at, end).includes('\n')) return undefined;
      text += written.slice(at, end);
      at = end;
    } else {
      text += char;
      at++;
    }
  }
  return { text, escapes };
}

/** Where a heredoc's text starts, and its lines as written, the indentation `<<-` strips taken off. */
function readHeredoc(source: HclSource, written: WrittenExpression): { origin: StringOrigin; written: string[] } | undefined {
  const header = /^<<(-?)([A-Za-z_][\w-]*)[ \t]*\r?\n/.exec(source.text.slice(written.start, written.end));
  if (!header) return undefined;
  const bodyStart = written.start + header[0].length;
  const firstLine = source.lineColumn(bodyStart).line;
  const lines = source.text.slice(bodyStart, written.end).split('\n').slice(0, -1);
  let indent = 0;
  if (header[1] === '-') {
    const indents = lines.filter((line) => line.trim() !== '').map((line) => /^[ \t]*/.exec(line)![0].length);
    indent = indents.length > 0 ? Math.min(...indents) : 0;
  }
  return { origin: { line: firstLine, column: indent + 1, indentColumn: indent + 1 }, written: lines.map((line) => line.slice(indent)) };
}

/**
 * Where the text a `file()` read gives (as written) or a `templatefile()` read renders is written: in the file read,
 * whose lines a rendering may move (`lineStarts`, as `Scope.renderedTemplate` is told them).
 */
export function readFileOrigin(file: string, writtenText: string, call: 'file' | 'templatefile', lineStarts?: ReadonlyArray<number | undefined>): StringOrigin {
  const origin: StringOrigin = { file, readWith: call, line: 1, column: 1, indentColumn: 1 };
  return call === 'templatefile' ? withTemplate(origin, writtenText.split('\n'), HCL_TEMPLATE, lineStarts) : origin;
}

/** HCL's templates (heredocs, `templatefile()` files) as `withTemplate` reads them. */
export const HCL_TEMPLATE: TemplateSyntax = { start: /[$%]\{/, line: templateLine, linesSpanned: templateLinesSpanned, unescaped, writtenColumns: escapedColumns, variableRead: (interpolation) => /^\$\{\s*var\.([A-Za-z_][\w-]*)\s*\}$/.exec(interpolation)?.[1] };

/** Whether an HCL template is of interpolations alone (`"${file(...)}"`): it writes none of the text it renders. */
export function interpolatesOnly(template: string): boolean {
  return HCL_TEMPLATE.line(template)?.every((run) => run.text === '') ?? false;
}

/**
 * A written template line: its literal runs around and between interpolations; undefined when the line holds a
 * directive (`%{`), a strip marker (`${~`, `~}`) or an interpolation it does not close, any of which may move or
 * remove line breaks. The line may be several written lines an interpolation is written over (`templateLinesSpanned`).
 */
function templateLine(line: string): Array<{ start: number; text: string }> | undefined {
  const read = readTemplateLine(line);
  return read && 'runs' in read ? read.runs : undefined;
}

/** `templateLine`, or where the interpolation that the line does not close starts (`open`). */
function readTemplateLine(line: string): { runs: Array<{ start: number; text: string }> } | { open: number } | undefined {
  const runs: Array<{ start: number; text: string }> = [];
  let runStart = 0;
  for (let at = 0; at < line.length; at++) {
    if (line.startsWith('$${', at) || line.startsWith('%%{', at)) {
      at += 2;
      continue;
    }
    if (line.startsWith('%{', at)) return undefined;
    if (!line.startsWith('${', at)) continue;
    if (line[at + 2] === '~') return undefined;
    const end = interpolationEnd(line, at + 2);
    if (end === undefined) return { open: at };
    if (line[end - 2] === '~') return undefined;
    runs.push({ start: runStart, text: line.slice(runStart, at) });
    runStart = end;
    at = end - 1;
  }
  runs.push({ start: runStart, text: line.slice(runStart) });
  return { runs };
}

/**
 * `TemplateSyntax.linesSpanned` of HCL's templates: an interpolation's expression may break lines (`${jsonencode({`
 * ... `})}`), and then the written lines up to the one that closes it (and any it leaves open in turn) are one line of
 * the template, where no line break is written outside its interpolations.
 */
function templateLinesSpanned(lines: readonly string[], index: number): number {
  let read = readTemplateLine(lines[index]!);
  if (!read || 'runs' in read) return 1;
  // Read at most so far ahead: a template whose interpolation runs on further is not located inside there.
  const text = lines.slice(index, index + MOST_LINES_SPANNED).join('\n');
  const starts = lineStarts(text);
  let spanned = 1;
  while (read && 'open' in read) {
    const end = interpolationEnd(text, read.open + 2);
    if (end === undefined) return 1;
    spanned = lastAtOrBefore(starts, end) + 1;
    read = readTemplateLine(spanned < starts.length ? text.slice(0, starts[spanned]! - 1) : text);
  }
  return read && read.runs.every((run) => !run.text.includes('\n')) ? spanned : 1;
}

/** How many written lines one line of a template is read over at most (`templateLinesSpanned`). */
const MOST_LINES_SPANNED = 1000;

/** Whether a comment (`#`, `//`, `/*`) starts at an offset outside strings. */
function startsComment(text: string, at: number): boolean {
  const char = text[at];
  return char === '#' || (char === '/' && (text[at + 1] === '/' || text[at + 1] === '*'));
}

/** Past the comment that starts at `start` (before the line break that ends a line comment); adds it to `comments`. */
function skipComment(text: string, start: number, comments: SourceComment[] | undefined): number {
  let end: number;
  if (text[start] === '/' && text[start + 1] === '*') {
    const close = text.indexOf('*/', start + 2);
    end = close < 0 ? text.length : close + 2;
  } else {
    const newline = text.indexOf('\n', start);
    end = newline < 0 ? text.length : newline;
  }
  comments?.push({ start, end, text: text.slice(start, end) });
  return end;
}

/**
 * Past the quoted template whose `"` is at `from`, interpolations that hold strings of their own included; at the
 * line break that ends it unclosed, or at the text's end. The comments written in its interpolations go to `comments`.
 */
function quotedEnd(text: string, from: number, comments?: SourceComment[]): number {
  return nestedEnd(text, from + 1, TEMPLATE, comments) ?? text.length;
}

/**
 * Past the `}` that closes an interpolation whose expression starts at `from`; undefined when none does. An expression
 * may hold comments, as anywhere (a `}` or `"` in one is not read): they go to `comments`.
 */
function interpolationEnd(text: string, from: number, comments?: SourceComment[]): number | undefined {
  return nestedEnd(text, from, 1, comments);
}

/** A quoted template open, among the levels `nestedEnd` holds; an interpolation's level is the count of its open `{`. */
const TEMPLATE = 0;

/**
 * Past the end of the quoted template or interpolation the scan starts in at `from` (`outer`): the templates and
 * interpolations open in it are levels of a stack, not calls, so that `"${"${"${...` written thousands deep is read
 * as any other text. A template nested in an interpolation and unclosed at its line break closes there; undefined when
 * the text ends first (the outer template closes at a line break, its caller's end).
 */
function nestedEnd(text: string, from: number, outer: number, comments?: SourceComment[]): number | undefined {
  const levels = [outer];
  let position = from;
  while (position < text.length) {
    const char = text[position]!;
    const level = levels.length - 1;
    if (levels[level] === TEMPLATE) {
      if (char === '\\') position += 2;
      else if (char === '"' || char === '\n') {
        levels.pop();
        if (char === '"') position++;
        if (levels.length === 0) return position;
      } else if ((char === '$' || char === '%') && text[position + 1] === char && text[position + 2] === '{') position += 3; // `$${` is a literal `${`
      else if ((char === '$' || char === '%') && text[position + 1] === '{') {
        levels.push(1);
        position += 2;
      } else position++;
    } else if (char === '"') {
      levels.push(TEMPLATE);
      position++;
    } else if (startsComment(text, position)) position = skipComment(text, position, comments);
    else {
      if (char === '{') levels[level]!++;
      else if (char === '}' && --levels[level]! === 0) levels.pop();
      position++;
      if (levels.length === 0) return position;
    }
  }
  return levels[0] === TEMPLATE && levels.length === 1 ? position : undefined;
}

function unescaped(written: string): string {
  return written.replaceAll('$${', '${').replaceAll('%%{', '%{');
}

/** `$${` and `%%{`, which a heredoc reads as `${` and `%{`. */
const TEMPLATE_ESCAPE = /\$\$\{|%%\{/;

/** The columns in a written line of the columns in the text it reads as, each `$${` and `%%{` before them written one longer. */
function escapedColumns(written: string): (column: number) => number {
  return writtenColumns(written, (at) => templateEscapeStep(written, at));
}

/** How a template's text reads from an offset: `$${` and `%%{` as `${` and `%{`, the rest as written. */
function templateEscapeStep(written: string, at: number): ReadStep {
  return written.startsWith('$${', at) || written.startsWith('%%{', at) ? TWO_FOR_ONE : AS_WRITTEN;
}

