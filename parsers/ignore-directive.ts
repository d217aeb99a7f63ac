/**
 * The `deputy:ignore <rule>[,<rule>] -- <reason>` directive of a comment, as Terraform reads it and as a CloudFormation
 * YAML template's comment is recognised (to say that it suppresses nothing there).
 */

/**
 * A comment that holds the directive right after its markers, in any case and after any number of them (`# Deputy:Ignore`,
 * `## deputy:ignore`, `/** deputy:ignore`): the directive, or one written almost so. Prose that mentions it
 * (`# the deputy:ignore below`) and a longer word (`# deputy:ignored`) are not.
 */
export const NEAR_DIRECTIVE = /^[#/*\s]*(deputy:ignore)\b/i;

/** The rule ids and the reason written after `deputy:ignore`: the ids split at blanks and commas, the reason after `--`. */
export function directiveParts(written: string): { rules: string[]; reason: string } {
  const [ids, ...reasonParts] = written.split('--');
  return { rules: ids!.split(/[\s,]+/).filter((id) => id !== ''), reason: reasonParts.join('--').trim() };
}
