import type { Resource } from './resource.js';
import type { Value } from './value.js';
/** A range in a source file. Lines and columns are 1-based; `file` is the path as given to the scanner. */
export interface SourceLocation {
  file: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** Whether `inner` lies within `outer` (in the same file). */
export function encloses(outer: SourceLocation, inner: SourceLocation): boolean {
  if (outer.file !== inner.file) return false;
  const startsAfter = inner.startLine > outer.startLine || (inner.startLine === outer.startLine && inner.startColumn >= outer.startColumn);
  const endsBefore = inner.endLine < outer.endLine || (inner.endLine === outer.endLine && inner.endColumn <= outer.endColumn);
  return startsAfter && endsBefore;
}

/** A key that two locations share when they are the same place: the file and the range. */
export function locationKey({ file, startLine, startColumn, endLine, endColumn }: SourceLocation): string {
  return `${file}\u0000${startLine}\u0000${startColumn}\u0000${endLine}\u0000${endColumn}`;
}

/** A path into a parsed document or a resolved value: object keys and array indexes. */
export type Path = ReadonlyArray<string | number>;

/**
 * How an interpolation of a template writes a value of its JSON text (`Locator.interpolationWriting`): `encoded`, where
 * `locate` places the value in the expression of the interpolation that writes it out (`${jsonencode({...})}` in a
 * heredoc), where a fix is written as that expression is; else `whole`, where the value is all that one interpolation
 * renders (`"Condition": ${replace(local.c, ...)}`), where a fix of the value is the text that replaces the interpolation.
 */
export type InterpolationWriting = 'encoded' | 'whole';

/**
 * Turns a path into a resource's *resolved* properties (or into the raw template) into a source location.
 * Implementations fall back to the nearest ancestor that has a location, so the answer is never empty
 * while the resource itself has one.
 */
export interface Locator {
  locate(path: Path): SourceLocation;
  /**
   * The resource whose paths it locates, when it says: a rule may report on one resource at a path of another (a role,
   * at the statement of a policy attached to it), and a plan tells per resource what it changes.
   */
  readonly resource?: Resource;
  /**
   * Where the text of a string value starts in the file, for mapping positions inside it (a policy written as a
   * JSON string). Undefined when the string was not written as one scalar whose lines are lines of the file.
   */
  stringOrigin?(path: Path): StringOrigin | undefined;
  /**
   * Where a path inside a string value written as JSON text lands, when the source writes that value as an expression
   * rather than as text (Terraform's `jsonencode({...})` rendered into a plan, CloudFormation's `Fn::ToJsonString`);
   * undefined when it cannot tell.
   * `value` is what the text holds at the path, `document` what the whole text holds.
   */
  locateInString?(path: Path, value: Value | undefined, document: Value): SourceLocation | undefined;
  /**
   * Where the value at a path is written when the source reads it from elsewhere (a Terraform local value, a module
   * input or a part of one, `each.value` of a module call, an `optional()` default of a variable's type, the Default of
   * a CloudFormation parameter that neither a supplied value nor a world's assumption replaces): the literal a finding
   * on it may ask to change, beside the place `locate` gives. Undefined otherwise.
   */
  valueWrittenAt?(path: Path, part?: string): SourceLocation | undefined;
  /**
   * The Terraform input variable the value at a path is read from whole (`var.partner_external_id`), by the name the
   * module that writes the resource reads it, where the source tells it (an expression, or a heredoc's interpolation
   * written alone: `StringOrigin.variableReadAt`): a fix there may read it by that name, though the value read is the
   * variable's default. Undefined otherwise.
   */
  variableReadAt?(path: Path): string | undefined;
  /** `valueWrittenAt` for a path inside a string value written as JSON text, as `locateInString` locates it. */
  valueWrittenInString?(path: Path, document: Value, part?: string): SourceLocation | undefined;
  /**
   * The file a Terraform `file()` call reads whose text is the string value at a path, whole: text taken as written, in
   * which no `${...}` resolves, unlike a heredoc's or a `templatefile()` template's. Undefined otherwise.
   */
  fileReadAt?(path: Path): string | undefined;
  /**
   * Terraform: the `module` block that leaves out the input variable the value at a path is read from whole, where the
   * module passes it through unchanged (`kms_key_id = var.kms_key_id`, also through a local or the inputs of the
   * modules between, each written as the variable read whole): the outermost call of the chain that does not set it,
   * where a fix sets it. Undefined where the module computes the value (`coalesce(var.k, ...)`, a conditional), where
   * every call sets it (to null, or from a root variable), and in a root module.
   */
  inputLeftOutAt?(path: Path): InputLeftOut | undefined;
  /** `variableReadAt` for a path inside a string value written as JSON text (a policy a plan holds rendered from a policy document data source). */
  variableReadInString?(path: Path, document: Value): string | undefined;
  /**
   * The value the source builds the element at a path inside a string value written as JSON text from, where it
   * builds one (a statement of a policy document data source whose text a plan holds): how a fix of it is written.
   */
  builtValueInString?(path: Path, document: Value): Value | undefined;
  /** How an interpolation of the template of JSON text writes the value at a path inside it, if one does. */
  interpolationWriting?(path: Path): InterpolationWriting | undefined;
  /** `builtValueInString` for a path of the resource, asked of a locator of JSON text. */
  builtValue?(path: Path): Value | undefined;
  /**
   * The key at the end of a path as written, when YAML read it as null (an unquoted `Null`, `NULL`, `null` or `~`): the
   * data holds the key "null", which is not what the file seems to say. Undefined otherwise, and for JSON.
   */
  nullKey?(path: Path): string | undefined;
}

/**
 * Where a column (1-based) of a line of text that was rewritten piece by piece was written: `replacement(at)` gives the
 * length of a replacement starting at `at` in the line and the length of what it replaced, undefined where the
 * character is as written. Used for `StringOrigin.writtenColumn` where a reader rewrote a text (the owner's account read
 * as a symbol, a CloudFormation dynamic reference read as an unresolved piece).
 */
export function columnBeforeReplacements(line: string, column: number, replacement: (at: number) => readonly [length: number, replaced: number] | undefined): number {
  let read = 0;
  let original = 0;
  while (read < column - 1 && read < line.length) {
    const piece = replacement(read);
    read += piece ? piece[0] : 1;
    original += piece ? piece[1] : 1;
  }
  return original + 1 + Math.max(0, column - 1 - read);
}

/** A `module` block that leaves out an input (`Locator.inputLeftOutAt`). */
export interface InputLeftOut {
  /** Where the block is written (its header). */
  call: SourceLocation;
  /** The module's input variable the block leaves out. */
  input: string;
  /** The call's address (`module.a.module.notebook`, without instance keys). */
  module: string;
  /** The address of the module instance the block is written in (`module.a.`, empty for the root module), whose references it reads. */
  scope: string;
  /** How the file that writes the block is written. */
  syntax: 'hcl' | 'json';
  /** Whether the block is written in code terraform init installed (a registry or git module's call of another module). */
  installed: boolean;
}

/** The first character of a string's text sits at `line`/`column`; later lines of the text start at `indentColumn`. */
export interface StringOrigin {
  /** The file holding the text, when it is not the resource's own file (a policy read with Terraform's `file()`). */
  file?: string;
  /** The Terraform function that read the text from `file`: `file()` takes it as written, `templatefile()` renders it. */
  readWith?: 'file' | 'templatefile';
  line: number;
  column: number;
  indentColumn: number;
  /**
   * Where a column of the text's line `line` is written in the file's line, both counted from where that line of the
   * text starts (1-based), when they differ: an escape written longer than what it stands for (`$${` in a heredoc
   * reads as `${`), or a literal read as a longer symbol. Without it, columns are the same. `end`: the column ends a
   * range, and one inside what a template's interpolation wrote is placed after the interpolation, not at its start.
   */
  writtenColumn?(line: number, column: number, end?: boolean): number;
  /**
   * The line of the written text (counted as `line` is) that writes the column of a line of the text (`end` as
   * `writtenColumn` takes it), when they differ: a line of a template whose interpolation is written over several lines
   * writes what follows it on the last. Undefined when none does (a line a template directive wrote): positions there
   * are not in the file.
   */
  writtenLine?(line: number, column: number, end?: boolean): number | undefined;
  /**
   * The origin of one rendering of a template written at this origin (a heredoc or a `templatefile()` file, the pieces
   * of a CloudFormation `Fn::Join`): none when the rendering does not keep the written lines (a directive, an
   * interpolation that wrote line breaks). Without it, the text is the written text.
   */
  fit?(rendered: string): StringOrigin | undefined;
  /**
   * Where a position of the text (its line and column) is written, for a text written in pieces apart (the literal items
   * of a `Fn::Join`, each on its own line): undefined for a position no piece written out holds. `end`: the position ends
   * a range, and one where a piece ends and the next begins is the end of the first. With it, the members above place
   * nothing but the text's start.
   */
  positionInPieces?(line: number, column: number, end: boolean): { line: number; column: number } | undefined;
  /**
   * The Terraform input variable whose value alone writes the characters of the text's line `line` from `column` to
   * `end` (1-based, `end` after the last), for a rendering of a template (`fit`) where one interpolation written alone
   * between literal runs wrote them and reads the variable whole (`"${var.partner_external_id}"` in a heredoc): the
   * name, though the value rendered is the variable's default. Undefined otherwise.
   */
  variableReadAt?(line: number, column: number, end: number): string | undefined;
  /**
   * For a rendering of a template (`fit`): the columns of the text's line `line` from `column` to `end` (1-based, `end`
   * after the last) that the one interpolation written alone between literal runs rendered, where it rendered the
   * character at `column` (where it is written: `writtenPosition` of them). Undefined where no one interpolation is known to.
   */
  interpolationAt?(line: number, column: number): { column: number; end: number } | undefined;
  /**
   * Where a path of the text (from its root) is written when it leads into what one interpolation of a template's
   * rendering (`fit`) wrote and that interpolation writes the value out (`${jsonencode({...})}` in a heredoc): `start`
   * and `end`, the path's range in the text (1-based, `end` after its last character). Undefined otherwise.
   */
  writtenInInterpolation?(path: Path, start: { line: number; column: number }, end: { line: number; column: number }): SourceLocation | undefined;
  /**
   * As `writtenInInterpolation`, where the interpolation reads a Terraform input variable whole (`[${var.statement}]`)
   * and the text of the variable's value as written (its default, a variable file's value) is what it rendered: in
   * that text.
   */
  writtenInVariable?(path: Path, start: { line: number; column: number }, end: { line: number; column: number }): SourceLocation | undefined;
}

/** Where a position of a string's text (its line and column, 1-based) is written in the file, through its origin. */
export function writtenPosition(origin: StringOrigin, line: number, column: number, end: boolean): { line: number; column: number } | undefined {
  if (origin.positionInPieces) return origin.positionInPieces(line, column, end);
  const writtenLine = origin.writtenLine ? origin.writtenLine(line, column, end) : line;
  if (writtenLine === undefined) return undefined;
  const textColumn = origin.writtenColumn ? origin.writtenColumn(line, column, end) : column;
  return { line: origin.line + writtenLine - 1, column: (writtenLine === 1 ? origin.column : origin.indentColumn) + textColumn - 1 };
}

/**
 * Where a range of a string's text (offsets into it, whose line and column `position` gives) is written, through the
 * text's origin, in the origin's file or else in `file`; undefined when an end is written nowhere (a line a template
 * directive wrote).
 */
export function writtenRange(range: readonly [number, number], position: (offset: number) => { line: number; col: number }, origin: StringOrigin, file: string): SourceLocation | undefined {
  const toFile = (offset: number, end: boolean): { line: number; column: number } | undefined => {
    const { line, col } = position(offset);
    return writtenPosition(origin, line, col, end);
  };
  const start = toFile(range[0], false);
  const end = toFile(range[1], true);
  if (!start || !end) return undefined;
  return { file: origin.file ?? file, startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column };
}

/**
 * Where a path whose range of a template's text is `range` (offsets into it, whose line and column `position` gives, as
 * `writtenRange` takes them) is written inside what an interpolation wrote: its expression
 * (`StringOrigin.writtenInInterpolation`), else the variable's text it reads (`writtenInVariable`); undefined where the
 * origin tells no such place.
 */
export function writtenInInterpolationOrVariable(origin: StringOrigin, path: Path, range: readonly [number, number], position: (offset: number) => { line: number; col: number }): SourceLocation | undefined {
  if (!origin.writtenInInterpolation && !origin.writtenInVariable) return undefined;
  const [first, after] = [position(range[0]), position(range[1])];
  const [start, end] = [{ line: first.line, column: first.col }, { line: after.line, column: after.col }];
  return origin.writtenInInterpolation?.(path, start, end) ?? origin.writtenInVariable?.(path, start, end);
}

/** Whether `path` begins with every step of `prefix`. */
export function pathStartsWith(path: Path, prefix: Path): boolean {
  return prefix.length <= path.length && prefix.every((step, index) => path[index] === step);
}

/**
 * `path` followed by `steps`. Statements keep their paths for the whole scan: a spread (`[...path, step]`) would
 * give each one an array with room for 16 more steps, this gives it just the steps it holds. Copied step by step:
 * `concat` costs ten times as much, and policies are read a path per element.
 */
export function childPath(path: Path, ...steps: Array<string | number>): Path {
  const joined = new Array<string | number>(path.length + steps.length);
  for (let index = 0; index < path.length; index++) joined[index] = path[index]!;
  for (let index = 0; index < steps.length; index++) joined[path.length + index] = steps[index]!;
  return joined;
}

export function pathKey(path: Path): string {
  return JSON.stringify(path);
}
