import type { Finding } from './finding.js';
import type { GraphSummary } from '../graph/summary.js';
import { escapeRegExp } from './value.js';

/**
 * A value the user supplied for a CloudFormation parameter the template declares `NoEcho` (`--parameter`,
 * `--parameters`), or for a Terraform root variable declared `sensitive = true` (`--var`, `--var-file`, a tfvars file;
 * the value a plan holds): CloudFormation shows it as `****` in the console and in describe calls, Terraform as
 * `(sensitive value)`, and the value is often a deploy-time secret (an external id from CI secrets). The analysis reads
 * the value as it is; only what deputy prints shows it masked, as `<Name>` (the parameter's name in angle brackets;
 * `<var.name>` for a variable, as Terraform refers to it): a reader knows where the value comes from, and the mask holds
 * no `*` that a message about a wildcard in the value would be read as pointing at. A value of several items (a
 * `CommaDelimitedList`, a Terraform list, map or object) masks each item as the name of that item as the template or
 * configuration reads it (`<Partners[1]>`, `!Select [1, !Ref Partners]`; `<var.ids.prod>`): findings about two items
 * are told apart, in their messages, fingerprints and the names fixes make up, without showing either.
 */
export interface MaskedValue {
  /** The parameter's name, or `var.` and the variable's. */
  name: string;
  value: string;
  /**
   * A number of a Terraform value: masked only where it is a number of its own, not where its digits fall inside
   * another (the account `210987654321` holds a `1` and a `3`), which would hide the account and change the
   * fingerprints of findings that hold no secret.
   */
  number?: true;
}

/**
 * The texts to mask for a value supplied for a NoEcho parameter: the value, each item of a list's (named by its
 * position where the list has several), and the account of an ARN among them, which messages show alone
 * (`principal <PartnerArn> of account <PartnerArn>`).
 */
export function maskedValuesOf(name: string, value: string, isList: boolean): MaskedValue[] {
  if (!isList) return withAccounts([{ name, value }]);
  const items = value.split(',').map((item) => item.trim());
  // The whole text first (a list of one item is the list, named as it is); the account of an ARN is named as its item.
  return distinctValues([{ name, value }, ...withAccounts(items.map((item, index) => ({ name: items.length > 1 ? `${name}[${index}]` : name, value: item })))]);
}

/**
 * The texts to mask for the value of a sensitive Terraform root variable (`var.` and its name): each text and number
 * in it, however deep in lists, maps and objects (Terraform hides the whole value), and the account of an ARN among them.
 * Booleans and null are not masked (nothing secret, and `true` would be masked in every message); neither are the keys
 * of a map, which name the items rather than hold the secret, and name them in the mask where the value holds several
 * (`<var.partners[1]>`, `<var.ids.prod>`, as the configuration reads them). A value not known (`Unresolved`) holds
 * nothing to mask.
 */
export function maskedLeavesOf(name: string, value: unknown): MaskedValue[] {
  const texts: MaskedValue[] = [];
  const numbers: MaskedValue[] = [];
  const walk = (item: unknown, at: string, depth: number): void => {
    if (typeof item === 'string') texts.push({ name: at, value: item });
    else if (typeof item === 'number' && Number.isFinite(item)) numbers.push({ name: at, value: String(item), number: true });
    else if (depth < 100 && Array.isArray(item)) item.forEach((inner, index) => walk(inner, `${at}[${index}]`, depth + 1));
    else if (depth < 100 && item !== null && typeof item === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(item))) for (const [key, inner] of Object.entries(item)) walk(inner, /^[A-Za-z_][\w-]*$/.test(key) ? `${at}.${key}` : `${at}[${JSON.stringify(key)}]`, depth + 1);
  };
  walk(value, name, 0);
  // A value of one leaf is the variable, named as it is.
  const named = (leaves: MaskedValue[]): MaskedValue[] => (texts.length + numbers.length > 1 ? leaves : leaves.map((leaf) => ({ ...leaf, name })));
  const masked = withAccounts(named(texts));
  const written = new Set(masked.map((item) => item.value));
  return [...masked, ...distinctValues(named(numbers)).filter((item) => !written.has(item.value))];
}

/** The values, then the account of each ARN among them (named as the value it is in), each text once, by the first name it has. */
function withAccounts(values: readonly MaskedValue[]): MaskedValue[] {
  const accounts = values.flatMap(({ name, value }) => {
    const account = /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(value)?.[1];
    return account === undefined ? [] : [{ name, value: account }];
  });
  return distinctValues([...values, ...accounts]);
}

function distinctValues(values: readonly MaskedValue[]): MaskedValue[] {
  const byValue = new Map<string, MaskedValue>();
  for (const item of values) if (!byValue.has(item.value)) byValue.set(item.value, item);
  return [...byValue.values()];
}

/** How a masked value is shown. */
export function maskOf(name: string): string {
  return `<${name}>`;
}

/**
 * A function that masks each of the values in a text, and in the forms a report may write it in (JSON-escaped in a
 * snippet of a JSON template, twice in a policy a plan holds, its quotes doubled in a single-quoted YAML scalar), in any case (a message may show a
 * value lower-cased); the longest value first, in one pass, so a mask is never masked again. Undefined with no value to mask.
 */
export function masking(values: readonly MaskedValue[]): ((text: string) => string) | undefined {
  const forms = new Map<string, string>();
  const numbers = new Set<string>();
  // A value of several lines, as a heredoc writes it: each line may be indented there (`<<-EOT` strips it).
  const indented: Array<{ source: string; pattern: RegExp; mask: string; length: number }> = [];
  for (const { name, value, number } of values) {
    if (value === '') continue;
    // Only lines of text: blank lines around it would make a pattern of none (matched between any two characters).
    const lines = value.trim();
    if (lines.includes('\n')) {
      const source = lines.split('\n').map(escapeRegExp).join('\\n[ \\t]*');
      indented.push({ source, pattern: new RegExp(`^${source}$`, 'iu'), mask: maskOf(name), length: lines.length });
    }
    if (number) {
      if (!forms.has(value)) {
        forms.set(value, maskOf(name));
        numbers.add(value);
      }
      continue;
    }
    const escaped = JSON.stringify(value).slice(1, -1);
    // Terraform writes JSON as Go does, `<`, `>`, `&`, U+2028 and U+2029 as \u escapes (jsonencode, terraform show -json).
    const goEscaped = escaped.replace(/[<>&\u2028\u2029]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
    // JSON-escaped twice: a policy document a plan holds as a JSON string, in the plan's text that a snippet quotes.
    for (const form of [value, escaped, JSON.stringify(escaped).slice(1, -1), goEscaped, JSON.stringify(goEscaped).slice(1, -1), value.replace(/'/g, "''")]) if (!forms.has(form.toLowerCase())) forms.set(form.toLowerCase(), maskOf(name));
  }
  if (forms.size === 0) return undefined;
  const pattern = new RegExp(
    [
      ...indented,
      ...[...forms.keys()].map((form) => {
        const escaped = escapeRegExp(form);
        return { source: numbers.has(form) ? `(?<![\\p{L}\\p{N}.])${escaped}(?![\\p{L}\\p{N}]|\\.\\p{N})` : escaped, length: form.length };
      }),
    ]
      .sort((a, b) => b.length - a.length)
      .map(({ source }) => source)
      .join('|'),
    'giu',
  );
  // A value of several lines is masked on its first, its other lines left empty: a file's lines keep their numbers.
  const masked = (found: string): string => (forms.get(found.toLowerCase()) ?? indented.find((value) => value.pattern.test(found))?.mask ?? '****') + '\n'.repeat(found.split('\n').length - 1);
  return (text) => (text === '' ? text : text.replace(pattern, masked));
}

/** A finding with the values masked in what it says: its message, its fixes and its related locations' messages. */
export function maskedFinding(finding: Finding, mask: (text: string) => string): Finding {
  const masked: Finding = { ...finding, message: mask(finding.message), related: finding.related.map((related) => ({ ...related, message: mask(related.message) })) };
  if (finding.fix) masked.fix = { ...finding.fix, description: mask(finding.fix.description), snippet: mask(finding.fix.snippet) };
  if (finding.fixes) masked.fixes = finding.fixes.map((fix) => ({ when: mask(fix.when), description: mask(fix.description), snippet: mask(fix.snippet) }));
  if (finding.branch !== undefined) masked.branch = mask(finding.branch);
  if (finding.suppressed) masked.suppressed = { ...finding.suppressed, reason: mask(finding.suppressed.reason) };
  return masked;
}

/** The graph with the values masked in the names and principals it shows. */
export function maskedGraph(graph: GraphSummary, mask: (text: string) => string): GraphSummary {
  return {
    roles: graph.roles.map((role) => ({
      ...role,
      name: mask(role.name),
      principals: role.principals.map((principal) => ({ ...principal, value: mask(principal.value), ...(principal.conditions ? { conditions: principal.conditions.map(mask) } : {}) })),
      policies: role.policies.map((policy) => ({ ...policy, name: mask(policy.name) })),
      users: role.users.map((user) => ({ ...user, name: mask(user.name) })),
    })),
  };
}
