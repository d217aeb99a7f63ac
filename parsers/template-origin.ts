/**
 * Positions in a template's rendered text (an HCL heredoc or `templatefile()` file, a CloudFormation `Fn::Sub`
 * string), read back to where the template is written.
 */
import { writtenPosition, type StringOrigin } from '../src/model/index.js';
import { lastAtOrBefore, lineStarts } from '../src/model/order.js';

/** How a template syntax writes its lines. */
export interface TemplateSyntax {
  /** Where an interpolation (or a directive) may start. */
  start: RegExp;
  /**
   * A written line: the literal runs around and between its interpolations, each with where it starts (one run for a
   * line without any); undefined when the line may move or remove line breaks of the rendering (a directive, an
   * interpolation it does not close).
   */
  line(written: string): Array<{ start: number; text: string }> | undefined;
  /** The text a literal part of a line reads as. */
  unescaped(written: string): string;
  /** The columns, in a literal part as written, of the columns of the text it reads as. */
  writtenColumns(written: string): (column: number) => number;
  /**
   * How many written lines, from `index` on, one line of the template is written over: more than one where the syntax
   * lets an interpolation's expression break lines (HCL's `${jsonencode({` ... `})}`) and the line at `index` leaves one
   * open that a later line closes, with no line break written outside interpolations in between; else 1.
   */
  linesSpanned?(lines: readonly string[], index: number): number;
  /**
   * The Terraform input variable an interpolation as written (`${var.partner_external_id}`, delimiters included) reads
   * whole, where the syntax has such variables and it reads one; `StringOrigin.variableReadAt` reads it.
   */
  variableRead?(interpolation: string): string | undefined;
}

/**
 * The origin of a template's text (a heredoc, a `templatefile()` file), with `fit`: a rendering of the template is
 * located through it on the lines it keeps as written. The template's lines are its written lines, but where an
 * interpolation written over several of them (`TemplateSyntax.linesSpanned`) makes them one. Where every line is kept
 * (no directive, no interpolation that wrote line breaks), each rendered line is its template line, read as written
 * (escapes decoded) but for what its interpolations wrote: a column there is mapped in the literal runs around them,
 * found in order (one written between two interpolations only where the rendered line holds it once there), and inside
 * what one wrote to where it is written. Else, given `lineStarts` from the rendering (the rendered line each written
 * line starts on, where the template's own text writes the line break before it, and the number of rendered lines
 * after them), each template line that starts one rendered line before the next is that line, read so (a directive's
 * lines, and those of an interpolation that wrote line breaks, are not); without them only the lines before the first
 * one that is not written as rendered, and after the last, are: lines written with interpolations end those runs, as
 * they may have written any number of lines.
 */
export function withTemplate(origin: StringOrigin, writtenLines: readonly string[], syntax: TemplateSyntax, lineStarts?: ReadonlyArray<number | undefined>): StringOrigin {
  const written = writtenLines.map(withoutCarriageReturn);
  if (!written.some((line) => syntax.start.test(line))) return origin;
  // Read on the first fit: most origins are never asked for one (a finding inside the text needs it).
  let template: TemplateLine[] | undefined;
  return {
    ...origin,
    fit(rendered) {
      const lines = (template ??= templateLines(written, syntax));
      const renderedLines = rendered.split('\n').map(withoutCarriageReturn);
      const sameLines = lines.every(({ runs }) => runs !== undefined) && renderedLines.length === lines.length;
      // `alone`: the template line is known to render as this one line, whatever its interpolations wrote. The column
      // of the template line's text (its written lines joined) that writes a column of the rendered line.
      const columnsOf = (index: number, rendered: number, alone: boolean): ((column: number, end?: boolean) => number) | undefined => {
        const renderedLine = renderedLines[rendered]!;
        const { runs, text } = lines[index]!;
        if (!runs) return undefined;
        const first = runs[0]!;
        if (runs.length === 1) return renderedLine === syntax.unescaped(first.text) ? syntax.writtenColumns(first.text) : undefined;
        if (!alone) return undefined;
        const readRuns = runs.map((run) => syntax.unescaped(run.text));
        const found = findRuns(renderedLine, readRuns);
        if (!found) return undefined;
        // The runs found, in order: where each starts and ends in the rendering and where it is written. A run not
        // found is left out: what lies before the next one found is located at the interpolation before that one.
        const placed = runs.flatMap((run, at) => {
          const from = found[at];
          return from === undefined ? [] : [{ at: from, end: from + readRuns[at]!.length, start: run.start, writtenEnd: run.start + run.text.length, columns: syntax.writtenColumns(run.text) }];
        });
        if (syntax.variableRead) interpolated.set(rendered + 1, { index, found, readRuns });
        return (column, end) => {
          const position = column - 1;
          // The first run that ends at or after the position (they end in order): the position is in it, or in what
          // the interpolations written before it wrote, located at the first one's start (after the last one's end when
          // it ends a range, which then spans them).
          let next = 0;
          for (let high = placed.length; next < high; ) {
            const middle = (next + high) >> 1;
            if (placed[middle]!.end < position) next = middle + 1;
            else high = middle;
          }
          const run = placed[next];
          if (!run) return text.length + 1;
          if (position >= run.at) return run.start + run.columns(position - run.at + 1);
          if (end) return run.start + 1;
          return next === 0 ? 1 : placed[next - 1]!.writtenEnd + 1;
        };
      };
      // By rendered line (1-based): the template line and its columns.
      const kept = new Map<number, { index: number; column: (column: number, end?: boolean) => number }>();
      // By rendered line (1-based) holding interpolations: its template line, and where each literal run is found in it.
      const interpolated = new Map<number, { index: number; found: ReadonlyArray<number | undefined>; readRuns: readonly string[] }>();
      const keep = (index: number, at: number, alone: boolean): boolean => {
        const column = columnsOf(index, at, alone);
        if (column) kept.set(at + 1, { index, column });
        return column !== undefined;
      };
      if (!sameLines && lineStarts?.length === written.length + 1 && lineStarts[written.length] === renderedLines.length) {
        lines.forEach(({ first, starts }, index) => {
          const at = lineStarts[first];
          if (at !== undefined && lineStarts[first + starts.length] === at + 1) keep(index, at, true);
        });
      } else {
        let top = 0;
        while (top < lines.length && top < renderedLines.length && keep(top, top, sameLines)) top++;
        for (let bottom = 1; bottom <= Math.min(lines.length, renderedLines.length) - top; bottom++) {
          if (!keep(lines.length - bottom, renderedLines.length - bottom, sameLines)) break;
        }
      }
      if (kept.size === 0) return undefined;
      // The one interpolation written between two literal runs found next to each other (at `run` and after it), as
      // written: nothing else is written between them.
      const writtenAfterRun = (index: number, run: number): string | undefined => {
        const { runs, text } = lines[index]!;
        const [before, after] = [runs![run], runs![run + 1]];
        return before && after ? text.slice(before.start + before.text.length, after.start) : undefined;
      };
      const variableRead = syntax.variableRead;
      // The variable that interpolation reads whole, where it renders the line's characters from `column` to `end`
      // (1-based, `end` after the last).
      const variableReadAt = (line: number, column: number, end: number): string | undefined => {
        const runs = interpolated.get(line);
        if (!runs || !variableRead) return undefined;
        const { index, found, readRuns } = runs;
        const run = found.findIndex((at, next) => at !== undefined && at + readRuns[next]!.length === column - 1 && found[next + 1] === end - 1);
        const interpolation = run < 0 ? undefined : writtenAfterRun(index, run);
        return interpolation === undefined ? undefined : variableRead(interpolation);
      };
      // That interpolation, where it renders the line's character at `column`.
      const interpolationAt = (line: number, column: number): ReturnType<NonNullable<StringOrigin['interpolationAt']>> => {
        const runs = interpolated.get(line);
        if (!runs) return undefined;
        const { found, readRuns } = runs;
        const run = found.findIndex((at, next) => at !== undefined && at + readRuns[next]!.length < column && column <= (found[next + 1] ?? -1));
        return run < 0 ? undefined : { column: found[run]! + readRuns[run]!.length + 1, end: found[run + 1]! + 1 };
      };
      // Where a column of a rendered line kept is written: the written line (1-based) and its column there.
      const writtenAt = (line: number, column: number, end?: boolean): { line: number; column: number } | undefined => {
        const entry = kept.get(line);
        if (!entry) return undefined;
        const { first, starts } = lines[entry.index]!;
        const inText = entry.column(column, end);
        const below = lastAtOrBefore(starts, inText - 1);
        return { line: first + below + 1, column: inText - starts[below]! };
      };
      const { fit: _fit, writtenColumn: fileColumn, ...fitted } = origin;
      // The template's own escapes are read here; the origin's, if any, are those of the file that holds the template.
      const templateColumn = (line: number, column: number, end?: boolean): number => writtenAt(line, column, end)?.column ?? column;
      return {
        ...fitted,
        writtenLine: (line, column, end) => writtenAt(line, column, end)?.line,
        writtenColumn: fileColumn ? (line, column, end) => fileColumn(writtenAt(line, column, end)?.line ?? line, templateColumn(line, column, end), end) : templateColumn,
        // Only Terraform's templates (those with variables) are asked what an interpolation is.
        ...(variableRead ? { variableReadAt, interpolationAt } : {}),
      };
    },
  };
}

/**
 * A line of a template: its written lines from `first` (one, or those an interpolation is written over), joined as
 * `text`, where each starts in it (`starts`, the first at 0), and its literal runs (`TemplateSyntax.line`).
 */
interface TemplateLine {
  text: string;
  first: number;
  starts: number[];
  runs: ReturnType<TemplateSyntax['line']>;
}

function templateLines(written: readonly string[], syntax: TemplateSyntax): TemplateLine[] {
  const lines: TemplateLine[] = [];
  for (let first = 0; first < written.length; ) {
    const alone = syntax.line(written[first]!);
    // Only a line not read alone may be one an interpolation is written over.
    const spanned = alone === undefined ? (syntax.linesSpanned?.(written, first) ?? 1) : 1;
    const text = spanned === 1 ? written[first]! : written.slice(first, first + spanned).join('\n');
    const starts = spanned === 1 ? [0] : lineStarts(text);
    lines.push({ text, first, starts, runs: spanned === 1 ? alone : syntax.line(text) });
    first += spanned;
  }
  return lines;
}

/** An origin at the first line and column of a text: through it, a position is read as the text's own. */
const TEXT_START: StringOrigin = { line: 1, column: 1, indentColumn: 1 };

/**
 * How a template written as one string over `\n` lines (a `.tf.json` string, an HCL quoted string) fits a rendering:
 * its text (`text`: the string's escapes read, the template's own and its interpolations as written) is fitted as a
 * heredoc's lines are (`withTemplate`, from `TEXT_START`), and each position of the text that gives is placed in the
 * file through `placed`: the lines of the text are not lines of the file, which `withTemplate` alone would take them
 * for. Undefined where the text interpolates nothing and escapes no `${`.
 */
export function templateLinesFit(placed: StringOrigin, text: string, syntax: TemplateSyntax): StringOrigin['fit'] {
  const fitTemplate = withTemplate(TEXT_START, text.split('\n'), syntax).fit;
  return fitTemplate && ((rendered) => renderedLinesOrigin(placed, fitTemplate(rendered)));
}

/** The origin of a rendering that `template` places in the text `placed` places in the file (see `templateLinesFit`). */
function renderedLinesOrigin(placed: StringOrigin, template: StringOrigin | undefined): StringOrigin | undefined {
  if (!template) return undefined;
  const { file, line, column, indentColumn } = placed;
  return {
    ...(file === undefined ? {} : { file }),
    line,
    column,
    indentColumn,
    positionInPieces(textLine, textColumn, end) {
      const inTemplate = writtenPosition(template, textLine, textColumn, end);
      return inTemplate && placed.positionInPieces!(inTemplate.line, inTemplate.column, end);
    },
    ...(template.variableReadAt ? { variableReadAt: template.variableReadAt } : {}),
    ...(template.interpolationAt ? { interpolationAt: template.interpolationAt } : {}),
  };
}

function withoutCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/**
 * Where each literal run of a written line starts in its rendering: the first at the start, the last at the end, the
 * others in order between them, each where the rendering holds it once between the last run found and the last run
 * (so it is that run); undefined for a run it may hold more than once there. Undefined when the first or last is not
 * where it must be.
 */
export function findRuns(rendered: string, runs: readonly string[]): Array<number | undefined> | undefined {
  const last = runs[runs.length - 1]!;
  const lastAt = rendered.length - last.length;
  if (!rendered.startsWith(runs[0]!) || !rendered.endsWith(last) || lastAt < runs[0]!.length) return undefined;
  const found: Array<number | undefined> = [0];
  const lastTwo = lastTwoOccurrences(rendered, lastAt, runs.slice(1, -1));
  let from = runs[0]!.length;
  for (let index = 1; index < runs.length - 1; index++) {
    const run = runs[index]!;
    // Held once from `from` to the last run: its last place there is at or after `from`, the one before it is not.
    const places = lastTwo.get(run);
    const once = places !== undefined && places.last >= from && places.before < from;
    found.push(once ? places.last : undefined);
    if (once) from = places.last + run.length;
  }
  found.push(lastAt);
  return found;
}

/**
 * Where each (non-empty) text last occurs in `rendered` ending at or before `end`, and where it occurs last before
 * that (-1 for nowhere); a text that does not occur is left out. The texts are looked for together in one pass over
 * the rendering, from `end` back (an Aho-Corasick automaton of the texts read backwards): searching the rest of the
 * rendering for each text (a `Fn::Sub` policy of thousands of statements, each run between its substitutions held
 * once), or once for each length of text, took time quadratic in their number.
 */
function lastTwoOccurrences(rendered: string, end: number, texts: readonly string[]): Map<string, { last: number; before: number }> {
  const distinct = [...new Set(texts)].filter((text) => text !== '' && text.length <= end);
  const size = distinct.reduce((sum, text) => sum + text.length, 1);
  // The trie of the texts read backwards: a node's first child is in `firstChild`, its others in `otherChildren` (by
  // node and character code) and, to be walked, in their first sibling's `sibling` list.
  const firstChild = new Int32Array(size).fill(-1);
  const sibling = new Int32Array(size).fill(-1);
  const code = new Int32Array(size);
  const text = new Int32Array(size).fill(-1);
  const otherChildren = new Map<number, number>();
  const child = (node: number, character: number): number => {
    const first = firstChild[node]!;
    if (first < 0 || code[first] === character) return first;
    return otherChildren.get(node * 0x10000 + character) ?? -1;
  };
  let nodes = 1;
  distinct.forEach((written, index) => {
    let node = 0;
    for (let at = written.length - 1; at >= 0; at--) {
      const character = written.charCodeAt(at);
      let next = child(node, character);
      if (next < 0) {
        next = nodes++;
        code[next] = character;
        const first = firstChild[node]!;
        if (first < 0) firstChild[node] = next;
        else {
          otherChildren.set(node * 0x10000 + character, next);
          sibling[next] = sibling[first]!;
          sibling[first] = next;
        }
      }
      node = next;
    }
    text[node] = index;
  });
  // Breadth first: each node's failure (the longest proper suffix of what it reads that the trie holds) and the
  // nearest node ending a text along its failures.
  const failure = new Int32Array(nodes);
  const nearestText = new Int32Array(nodes).fill(-1);
  const queue = new Int32Array(nodes);
  let tail = 0;
  for (let node = firstChild[0]!; node >= 0; node = sibling[node]!) queue[tail++] = node;
  for (let head = 0; head < tail; head++) {
    const node = queue[head]!;
    for (let next = firstChild[node]!; next >= 0; next = sibling[next]!) {
      let fallback = failure[node]!;
      let target = child(fallback, code[next]!);
      while (target < 0 && fallback !== 0) target = child((fallback = failure[fallback]!), code[next]!);
      failure[next] = Math.max(target, 0);
      nearestText[next] = text[failure[next]!]! >= 0 ? failure[next]! : nearestText[failure[next]!]!;
      queue[tail++] = next;
    }
  }
  const last = new Int32Array(distinct.length).fill(-1);
  const before = new Int32Array(distinct.length).fill(-1);
  let state = 0;
  for (let at = end - 1; at >= 0; at--) {
    const character = rendered.charCodeAt(at);
    let next = child(state, character);
    while (next < 0 && state !== 0) next = child((state = failure[state]!), character);
    state = Math.max(next, 0);
    // The texts that start at `at`, longest first; each shorter one starts where a longer one does, so past a text
    // met twice already every shorter one was met twice too.
    for (let node = text[state]! >= 0 ? state : nearestText[state]!; node >= 0; node = nearestText[node]!) {
      const index = text[node]!;
      if (before[index]! >= 0) break;
      if (last[index]! < 0) last[index] = at;
      else before[index] = at;
    }
  }
  const places = new Map<string, { last: number; before: number }>();
  distinct.forEach((written, index) => {
    if (last[index]! >= 0) places.set(written, { last: last[index]!, before: before[index]! });
  });
  return places;
}
