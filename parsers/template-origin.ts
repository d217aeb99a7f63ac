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
   * A written line: its text before the first interpolation and after the last one; undefined when the line may
   * move or remove line breaks of the rendering (a directive, an interpolation it does not close).
   */
  line(written: string): { prefix: string; suffix: string; interpolates: boolean } | undefined;
  /** The text a literal part of a line reads as. */
  unescaped(written: string): string;
  /** The column, in a literal part as written, of a column of the text it reads as. */
  writtenColumn(written: string, column: number): number;
}

/**
 * The origin of a template's text (a heredoc, a `templatefile()` file), with `fit`: a rendering of the template is
 * located through it on the lines it keeps as written. Where every written line is kept (no directive, no
 * interpolation that wrote line breaks), each rendered line is its written line, read as written (escapes decoded)
 * but for what its interpolations wrote: a column there is mapped before the first one and after the last one, and
 * between them to where the first one is written. Else only the lines before the first one that is not written as
 * rendered, and after the last, are: lines written with interpolations end those runs, as they may have written any
 * number of lines.
 */
export function withTemplate(origin: StringOrigin, writtenLines: readonly string[], syntax: TemplateSyntax): StringOrigin {
  const lines = writtenLines.map(withoutCarriageReturn);
  if (!lines.some((line) => syntax.start.test(line))) return origin;
  const templates = lines.map(syntax.line);
  const keepsLines = templates.every((template) => template !== undefined);
  return {
    ...origin,
    fit(rendered) {
      const renderedLines = rendered.split('\n').map(withoutCarriageReturn);
      const sameLines = keepsLines && renderedLines.length === lines.length;
      const columnsOf = (written: number, renderedLine: string): ((column: number) => number) | undefined => {
        const template = templates[written];
        if (!template) return undefined;
        const prefix = syntax.unescaped(template.prefix);
        if (!template.interpolates) return renderedLine === prefix ? (column) => syntax.writtenColumn(template.prefix, column) : undefined;
        const suffix = syntax.unescaped(template.suffix);
        if (!sameLines || renderedLine.length < prefix.length + suffix.length || !renderedLine.startsWith(prefix) || !renderedLine.endsWith(suffix)) return undefined;
        const suffixStart = renderedLine.length - suffix.length;
        const writtenSuffixStart = lines[written]!.length - template.suffix.length;
        return (column) => {
          if (column <= prefix.length) return syntax.writtenColumn(template.prefix, column);
          if (column > suffixStart) return writtenSuffixStart + syntax.writtenColumn(template.suffix, column - suffixStart);
          return template.prefix.length + 1;
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
