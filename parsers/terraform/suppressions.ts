/** `# deputy:ignore <rule>[,<rule>] -- <reason>` comments inside a block or on the line just before it. */
import type { BlockSuppressions, InlineSuppression, InputError } from '../../src/model/index.js';
import type { ModuleSource } from './config.js';
import type { SourceBlock, SourceComment } from './source.js';
import { directiveParts, NEAR_DIRECTIVE } from '../ignore-directive.js';

const DIRECTIVE = /deputy:ignore\b(.*)$/s;

/**
 * The suppressions of a `data` block, which declares no resource, with the spans it is written in: the block and each
 * override block merged into it, where a comment suppresses as one on the block it merges into. Undefined without any.
 */
export function dataBlockSuppressions(
  written: ReadonlyArray<{ source: ModuleSource; block: SourceBlock }>,
  block: Omit<BlockSuppressions, 'spans' | 'suppressions'>,
  errors: InputError[],
): BlockSuppressions | undefined {
  const suppressions = written.flatMap(({ source, block: part }) => suppressionsOf(source, part, errors));
  if (suppressions.length === 0) return undefined;
  return { ...block, spans: written.map(({ source, block: part }) => source.location(part.start, part.end)), suppressions };
}

/** Suppressions of a block; a directive without rule ids or without a reason is reported in `errors` (once per comment). */
export function suppressionsOf(source: ModuleSource, block: SourceBlock, errors: InputError[]): InlineSuppression[] {
  const found: InlineSuppression[] = [];
  // Comments are in text order: those on the line before the header, then those inside the block, are found by
  // position (a file of thousands of blocks and comments read every comment for every block).
  const headerLine = source.lineColumn(block.start).line;
  const comments = source.comments;
  const candidates = [
    ...(headerLine > 1 ? comments.slice(firstAtOrAfter(comments, source.lineStart(headerLine - 1)), firstAtOrAfter(comments, source.lineStart(headerLine))).filter((comment) => startsItsLine(source, comment)) : []),
    ...comments.slice(firstAtOrAfter(comments, block.start + 1), firstAtOrAfter(comments, block.end)),
  ];
  for (const comment of candidates) {
    const parsed = readDirective(comment);
    if (!parsed) continue;
    const location = source.location(comment.start, comment.end);
    if ('problem' in parsed) {
      if (!reported.has(comment)) {
        reported.add(comment);
        errors.push({ file: source.file, line: location.startLine, column: location.startColumn, message: parsed.problem });
      }
      continue;
    }
    found.push({ rules: parsed.rules, reason: parsed.reason, location });
  }
  return found;
}

/**
 * `deputy:ignore` comments neither inside a resource, data or module block nor on the line before one suppress nothing:
 * errors at their lines, so that a misplaced or misspelt suppression is never silently ignored.
 */
export function unattachedDirectives(source: ModuleSource): InputError[] {
  // Top-level blocks, in text order and never nested in one another: the only block a comment can be inside is the
  // last one that starts before it, and a block whose header follows it starts after it.
  const blocks = source.body.blocks.filter((block) => block.type === 'resource' || block.type === 'data' || block.type === 'module');
  return source.comments.flatMap((comment) => {
    if (!readDirective(comment)) return [];
    const line = source.lineColumn(comment.start).line;
    const next = firstAtOrAfter(blocks, comment.start + 1);
    const enclosing = blocks[next - 1];
    if (enclosing && comment.start > enclosing.start && comment.start < enclosing.end) return [];
    // Only a comment that starts its line is on the line before a block: one that trails code (the closing brace of the
    // block before) was written for that code, and must not suppress the next block's findings.
    for (let index = next; index < blocks.length && startsItsLine(source, comment) && source.lineColumn(blocks[index]!.start).line <= line + 1; index++) {
      if (source.lineColumn(blocks[index]!.start).line === line + 1) return [];
    }
    const location = source.location(comment.start, comment.end);
    return [{ file: source.file, line: location.startLine, column: location.startColumn, message: 'deputy:ignore is neither inside a resource, data or module block nor on the line before one, so it suppresses nothing' }];
  });
}

/** Whether only blanks come before the comment on its line. */
function startsItsLine(source: ModuleSource, comment: SourceComment): boolean {
  const { line } = source.lineColumn(comment.start);
  return /^[ \t]*$/.test(source.text.slice(source.lineStart(line), comment.start));
}

/** The position of the first item (in text order) that starts at or after the offset; the length when none does. */
function firstAtOrAfter(items: ReadonlyArray<{ start: number }>, offset: number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (items[middle]!.start < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Comments already reported: a block with several instances reads its comments once per instance. */
const reported = new WeakSet<SourceComment>();

function readDirective(comment: SourceComment): { rules: string[]; reason: string } | { problem: string } | undefined {
  const text = comment.text.replace(/^(#|\/\/|\/\*)/, '').replace(/\*\/$/, '').trim();
  const match = DIRECTIVE.exec(text);
  if (!match || !text.startsWith('deputy:ignore')) {
    // Written almost so (`# Deputy:Ignore`, `## deputy:ignore`, `/** deputy:ignore`): the user meant a suppression, which
    // would otherwise be silently none.
    const near = NEAR_DIRECTIVE.exec(text);
    return near ? { problem: `"${comment.text.slice(0, comment.text.indexOf(near[1]!) + near[1]!.length)}" is not read as a suppression: write \`# deputy:ignore <rule-id> -- <reason>\` (deputy:ignore in lower case, right after one comment marker)` } : undefined;
  }
  const { rules, reason } = directiveParts(match[1]!);
  if (rules.length === 0) return { problem: 'deputy:ignore names no rule: write `# deputy:ignore <rule-id> -- <reason>`' };
  if (reason === '') return { problem: `deputy:ignore ${rules.join(',')} has no reason: write \`-- <why this is acceptable>\` after the rule ids` };
  return { rules, reason };
}
