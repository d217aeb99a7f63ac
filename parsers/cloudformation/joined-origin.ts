/**
 * Positions in the text a `Fn::Join` makes (a policy written as JSON text in pieces, each on its own line), read back to
 * the items that write them.
 */
import { writtenPosition, type StringOrigin } from '../../src/model/index.js';
import { lastAtOrBefore, lineStarts } from '../../src/model/order.js';
import { findRuns } from '../template-origin.js';

/**
 * An item of the list a `Fn::Join` joins: its text when it is written as a literal string, with where that text starts
 * when the file shows it (see `StringOrigin`); undefined for any other item (a `Ref`, a `Fn::Sub`).
 */
export type JoinedItem = { value: string; origin: StringOrigin | undefined } | undefined;

interface Piece {
  /** Where the piece starts in its run, or in the rendering once placed. */
  offset: number;
  value: string;
  origin: StringOrigin;
  /** Where each line of the value starts, counted on the first position asked inside it. */
  lineStarts?: number[];
}

/**
 * The origin of the text a `Fn::Join` of these items makes with this delimiter, undefined when no item's text is shown
 * by the file. It is fitted to each rendering as a template line is: the literal items next to each other, with the
 * delimiters between and around them, are a run of text the rendering holds, and the other items render as anything.
 */
export function joinedOrigin(delimiter: string, items: readonly JoinedItem[]): StringOrigin | undefined {
  const first = items.find((item) => item?.origin)?.origin;
  if (!first) return undefined;
  const runs: Array<{ text: string; pieces: Piece[] }> = [{ text: '', pieces: [] }];
  items.forEach((item, index) => {
    const run = runs.at(-1)!;
    if (index > 0) run.text += delimiter;
    if (!item) {
      runs.push({ text: '', pieces: [] });
      return;
    }
    if (item.origin && item.value !== '') run.pieces.push({ offset: run.text.length, value: item.value, origin: item.origin });
    run.text += item.value;
  });
  const { line, column, indentColumn } = first;
  return {
    line,
    column,
    indentColumn,
    fit(rendered) {
      const texts = runs.map((run) => run.text);
      // One run is all the text (no item but literal ones): findRuns wants the first and the last apart.
      const found = texts.length === 1 ? (rendered === texts[0] ? [0] : undefined) : findRuns(rendered, texts);
      if (!found) return undefined;
      const pieces = runs.flatMap((run, index) => {
        const at = found[index];
        return at === undefined ? [] : run.pieces.map((piece) => ({ ...piece, offset: at + piece.offset }));
      });
      if (pieces.length === 0) return undefined;
      const starts = pieces.map((piece) => piece.offset);
      const renderedLineStarts = lineStarts(rendered);
      return {
        line,
        column,
        indentColumn,
        positionInPieces(textLine, textColumn, end) {
          const offset = (renderedLineStarts[textLine - 1] ?? Number.NaN) + textColumn - 1;
          // An end is the end of the piece it follows; a start, the start of the piece it begins.
          const piece = pieces[lastAtOrBefore(starts, end ? offset - 1 : offset)]!;
          const inside = offset - piece.offset;
          if (!(inside >= 0 && (end ? inside <= piece.value.length && inside > 0 : inside < piece.value.length))) return undefined;
          const pieceLineStarts = (piece.lineStarts ??= lineStarts(piece.value));
          const pieceLine = lastAtOrBefore(pieceLineStarts, inside);
          return writtenPosition(piece.origin, pieceLine + 1, inside - pieceLineStarts[pieceLine]! + 1, end);
        },
      };
    },
  };
}
