/**
 * Positions in a template's rendered text (an HCL heredoc or `templatefile()` file, a CloudFormation `Fn::Sub`
 * string), read back to where the template is written.
 */
import type { StringOrigin } from '../src/model/index.js';

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
}

/**
 * The origin of a template's text (a heredoc, a `templatefile()` file), with `fit`: a rendering of the template is
 * located through it on the lines it keeps as written. Where every written line is kept (no directive, no
 * interpolation that wrote line breaks), each rendered line is its written line, read as written (escapes decoded)
 * but for what its interpolations wrote: a column there is mapped in the literal runs around them, found in order
 * (one written between two interpolations only where the rendered line holds it once there), and inside what one
 * wrote to where it is written. Else only the lines before the first one that is not written as
 * rendered, and after the last, are: lines written with interpolations end those runs, as they may have written any
 * number of lines.
 */
export function withTemplate(origin: StringOrigin, writtenLines: readonly string[], syntax: TemplateSyntax): StringOrigin {
  const lines = writtenLines.map(withoutCarriageReturn);
  if (!lines.some((line) => syntax.start.test(line))) return origin;
  // Read on the first fit: most origins are never asked for one (a finding inside the text needs it).
  let templates: ReturnType<TemplateSyntax['line']>[] | undefined;
  return {
    ...origin,
    fit(rendered) {
      const runsOf = (templates ??= lines.map(syntax.line));
      const renderedLines = rendered.split('\n').map(withoutCarriageReturn);
      const sameLines = runsOf.every((template) => template !== undefined) && renderedLines.length === lines.length;
      const columnsOf = (written: number, renderedLine: string): ((column: number) => number) | undefined => {
        const runs = runsOf[written];
        if (!runs) return undefined;
        const first = runs[0]!;
        if (runs.length === 1) return renderedLine === syntax.unescaped(first.text) ? syntax.writtenColumns(first.text) : undefined;
        if (!sameLines) return undefined;
        const readRuns = runs.map((run) => syntax.unescaped(run.text));
        const found = findRuns(renderedLine, readRuns);
        if (!found) return undefined;
        // The runs found, in order: where each starts and ends in the rendering and where it is written. A run not
        // found is left out: what lies before the next one found is located at the interpolation before that one.
        const placed = runs.flatMap((run, index) => {
          const at = found[index];
          return at === undefined ? [] : [{ at, end: at + readRuns[index]!.length, start: run.start, writtenEnd: run.start + run.text.length, columns: syntax.writtenColumns(run.text) }];
        });
        return (column) => {
          const position = column - 1;
          // The first run that ends at or after the position (they end in order): the position is in it, or in what
          // the interpolation written before it wrote, located there.
          let index = 0;
          for (let high = placed.length; index < high; ) {
            const middle = (index + high) >> 1;
            if (placed[middle]!.end < position) index = middle + 1;
            else high = middle;
          }
          const run = placed[index];
          if (!run) return lines[written]!.length + 1;
          if (position >= run.at) return run.start + run.columns(position - run.at + 1);
          return index === 0 ? 1 : placed[index - 1]!.writtenEnd + 1;
        };
      };
      // By rendered line (1-based): the written line and its columns.
      const kept = new Map<number, { line: number; column: (column: number) => number }>();
      const keep = (written: number, at: number): boolean => {
        const column = columnsOf(written, renderedLines[at]!);
        if (column) kept.set(at + 1, { line: written + 1, column });
        return column !== undefined;
      };
      let top = 0;
      while (top < lines.length && top < renderedLines.length && keep(top, top)) top++;
      for (let bottom = 1; bottom <= Math.min(lines.length, renderedLines.length) - top; bottom++) {
        if (!keep(lines.length - bottom, renderedLines.length - bottom)) break;
      }
      if (kept.size === 0) return undefined;
      const { fit: _fit, writtenColumn: fileColumn, ...fitted } = origin;
      // The template's own escapes are read here; the origin's, if any, are those of the file that holds the template.
      const templateColumn = (line: number, column: number): number => kept.get(line)?.column(column) ?? column;
      return {
        ...fitted,
        writtenLine: (line) => kept.get(line)?.line,
        writtenColumn: fileColumn ? (line, column) => fileColumn(kept.get(line)?.line ?? line, templateColumn(line, column)) : templateColumn,
      };
    },
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
function findRuns(rendered: string, runs: readonly string[]): Array<number | undefined> | undefined {
  const last = runs[runs.length - 1]!;
  const lastAt = rendered.length - last.length;
  if (!rendered.startsWith(runs[0]!) || !rendered.endsWith(last) || lastAt < runs[0]!.length) return undefined;
  const found: Array<number | undefined> = [0];
  const lastBefore = lastOccurrences(rendered, lastAt, runs.slice(1, -1));
  let from = runs[0]!.length;
  for (let index = 1; index < runs.length - 1; index++) {
    const run = runs[index]!;
    const at = run === '' ? -1 : rendered.indexOf(run, from);
    const once = at >= 0 && at + run.length <= lastAt && lastBefore.get(run) === at;
    found.push(once ? at : undefined);
    if (once) from = at + run.length;
  }
  found.push(lastAt);
  return found;
}

/**
 * Where each (non-empty) text last occurs in `rendered` ending at or before `end`; a text that does not is left out.
 * Texts of one length are looked for together, from `end` back, by a rolling hash of the rendering, until each is met:
 * searching the rest of the rendering for each text again (a `Fn::Sub` policy of thousands of statements, each run
 * between its substitutions met once) took time quadratic in their number.
 */
function lastOccurrences(rendered: string, end: number, texts: readonly string[]): Map<string, number> {
  const found = new Map<string, number>();
  const byLength = new Map<number, Map<number, string[]>>();
  for (const text of new Set(texts)) {
    if (text === '' || text.length > end) continue;
    let byHash = byLength.get(text.length);
    if (!byHash) byLength.set(text.length, (byHash = new Map()));
    const hash = windowHash(text, 0, text.length);
    byHash.set(hash, [...(byHash.get(hash) ?? []), text]);
  }
  for (const [length, byHash] of byLength) {
    let unmet = [...byHash.values()].reduce((count, same) => count + same.length, 0);
    // The weight of a window's last character, which leaves it as the window moves back by one.
    let lastWeight = 1;
    for (let step = 1; step < length; step++) lastWeight = Math.imul(lastWeight, HASH_BASE);
    let hash = windowHash(rendered, end - length, end);
    for (let at = end - length; unmet > 0; ) {
      const candidates = byHash.get(hash);
      if (candidates) {
        for (const text of candidates) {
          if (!found.has(text) && rendered.startsWith(text, at)) {
            found.set(text, at);
            unmet--;
          }
        }
      }
      if (--at < 0) break;
      // The window moves back one character: its last leaves, each other one weighs a base more, the new first weighs one.
      hash = (Math.imul(hash - Math.imul(rendered.charCodeAt(at + length), lastWeight), HASH_BASE) + rendered.charCodeAt(at)) | 0;
    }
  }
  return found;
}

/**
 * The hash of `text` from `start` to `end`: each character weighs the base to the power of its place from `start`, in
 * 32-bit arithmetic (texts that share a hash are told apart by comparing them).
 */
function windowHash(text: string, start: number, end: number): number {
  let hash = 0;
  for (let at = end - 1; at >= start; at--) hash = (Math.imul(hash, HASH_BASE) + text.charCodeAt(at)) | 0;
  return hash;
}

const HASH_BASE = 65_599;
