/** `# deputy:ignore <rule>[,<rule>] -- <reason>` comments inside a block or on the line just before it. */
import type { InlineSuppression, InputError } from '../../src/model/index.js';
import type { ModuleFile } from './config.js';
import type { SourceBlock, SourceComment } from './source.js';

const DIRECTIVE = /deputy:ignore\b(.*)$/s;

/** Suppressions of a block; a directive without rule ids or without a reason is reported in `errors` (once per comment). */
export function suppressionsOf(file: ModuleFile, block: SourceBlock, errors: InputError[]): InlineSuppression[] {
  const { source } = file;
  const headerLine = source.lineColumn(block.start).line;
  const found: InlineSuppression[] = [];
  for (const comment of source.comments) {
    const inside = comment.start > block.start && comment.start < block.end;
    if (!inside && source.lineColumn(comment.start).line !== headerLine - 1) continue;
    const parsed = readDirective(comment);
    if (!parsed) continue;
    const location = source.location(comment.start, comment.end);
    if ('problem' in parsed) {
      if (!reported.has(comment)) {
        reported.add(comment);
        errors.push({ file: file.file, line: location.startLine, column: location.startColumn, message: parsed.problem });
      }
      continue;
    }
    found.push({ rules: parsed.rules, reason: parsed.reason, location });
  }
  return found;
}

/**
 * `deputy:ignore` comments neither inside a resource or data block nor on the line before one suppress nothing:
 * errors at their lines, so that a misplaced or misspelt suppression is never silently ignored.
 */
export function unattachedDirectives(file: ModuleFile): InputError[] {
  const { source } = file;
  const blocks = source.body.blocks.filter((block) => block.type === 'resource' || block.type === 'data');
  return source.comments.flatMap((comment) => {
    if (!readDirective(comment)) return [];
    const line = source.lineColumn(comment.start).line;
    if (blocks.some((block) => (comment.start > block.start && comment.start < block.end) || source.lineColumn(block.start).line === line + 1)) return [];
    const location = source.location(comment.start, comment.end);
    return [{ file: file.file, line: location.startLine, column: location.startColumn, message: 'deputy:ignore is neither inside a resource or data block nor on the line before one, so it suppresses nothing' }];
  });
}

/** Comments already reported: a block with several instances reads its comments once per instance. */
const reported = new WeakSet<SourceComment>();

function readDirective(comment: SourceComment): { rules: string[]; reason: string } | { problem: string } | undefined {
  const text = comment.text.replace(/^(#|\/\/|\/\*)/, '').replace(/\*\/$/, '').trim();
  const match = DIRECTIVE.exec(text);
  if (!match || !text.startsWith('deputy:ignore')) return undefined;
  const [ids, ...reasonParts] = match[1]!.split('--');
  const rules = ids!.split(/[\s,]+/).filter((id) => id !== '');
  const reason = reasonParts.join('--').trim();
  if (rules.length === 0) return { problem: 'deputy:ignore names no rule: write `# deputy:ignore <rule-id> -- <reason>`' };
  if (reason === '') return { problem: `deputy:ignore ${rules.join(',')} has no reason: write \`-- <why this is acceptable>\` after the rule ids` };
  return { rules, reason };
}
