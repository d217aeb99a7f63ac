/** The IAM condition-operator grammar: `[ForAllValues:|ForAnyValue:]<Base>[IfExists]`, case-sensitive. */
import { editDistance } from '../model/edit-distance.js';
import { ownEntry } from '../model/objects.js';

export type OperatorFamily = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IpAddress' | 'Arn' | 'Null';
export type SetQualifier = 'ForAllValues' | 'ForAnyValue';

export interface ParsedOperator {
  /** As written. */
  text: string;
  /** The operator without qualifier and `IfExists`, e.g. `StringEquals`. */
  base: string;
  family: OperatorFamily;
  setQualifier?: SetQualifier;
  ifExists: boolean;
  /** Negated operators (`StringNotEquals`, `NotIpAddress`, ...) hold when the value matches none of the policy values. */
  negated: boolean;
  /** `*` and `?` are wildcards (StringLike and all Arn operators). */
  wildcards: boolean;
  ignoreCase: boolean;
}

/**
 * Whether `IfExists` makes the operator hold on a request without the key. Not under `ForAnyValue:`: with no request
 * value there is none to pass, whatever `IfExists` says (IAM refuses such a request).
 */
export function ifExistsPassesMissingKey(operator: ParsedOperator): boolean {
  return operator.ifExists && operator.setQualifier !== 'ForAnyValue';
}

interface BaseTraits {
  family: OperatorFamily;
  negated?: boolean;
  wildcards?: boolean;
  ignoreCase?: boolean;
}

const BASES: Record<string, BaseTraits> = {
  StringEquals: { family: 'String' },
  StringNotEquals: { family: 'String', negated: true },
  StringEqualsIgnoreCase: { family: 'String', ignoreCase: true },
  StringNotEqualsIgnoreCase: { family: 'String', negated: true, ignoreCase: true },
  StringLike: { family: 'String', wildcards: true },
  StringNotLike: { family: 'String', negated: true, wildcards: true },
  NumericEquals: { family: 'Numeric' },
  NumericNotEquals: { family: 'Numeric', negated: true },
  NumericLessThan: { family: 'Numeric' },
  NumericLessThanEquals: { family: 'Numeric' },
  NumericGreaterThan: { family: 'Numeric' },
  NumericGreaterThanEquals: { family: 'Numeric' },
  DateEquals: { family: 'Date' },
  DateNotEquals: { family: 'Date', negated: true },
  DateLessThan: { family: 'Date' },
  DateLessThanEquals: { family: 'Date' },
  DateGreaterThan: { family: 'Date' },
  DateGreaterThanEquals: { family: 'Date' },
  Bool: { family: 'Bool' },
  BinaryEquals: { family: 'Binary' },
  IpAddress: { family: 'IpAddress' },
  NotIpAddress: { family: 'IpAddress', negated: true },
  ArnEquals: { family: 'Arn', wildcards: true },
  ArnLike: { family: 'Arn', wildcards: true },
  ArnNotEquals: { family: 'Arn', negated: true, wildcards: true },
  ArnNotLike: { family: 'Arn', negated: true, wildcards: true },
  Null: { family: 'Null' },
};

export const BASE_OPERATORS: readonly string[] = Object.keys(BASES);
export const SET_QUALIFIERS: readonly SetQualifier[] = ['ForAllValues', 'ForAnyValue'];
const IF_EXISTS = 'IfExists';

/** Policies repeat a handful of operators, and conditions are evaluated for every probe: each text is parsed once. */
const parsedOperators = new Map<string, Readonly<ParsedOperator> | Readonly<{ error: string }>>();
const PARSED_OPERATORS_LIMIT = 10_000;

export function parseOperator(op: string): Readonly<ParsedOperator> | Readonly<{ error: string }> {
  let parsed = parsedOperators.get(op);
  if (!parsed) {
    parsed = Object.freeze(readOperator(op));
    if (parsedOperators.size >= PARSED_OPERATORS_LIMIT) parsedOperators.clear();
    parsedOperators.set(op, parsed);
  }
  return parsed;
}

function readOperator(op: string): ParsedOperator | { error: string } {
  if (op.trim() === '') return { error: 'empty condition operator' };
  let rest = op;
  let setQualifier: SetQualifier | undefined;
  const colon = op.indexOf(':');
  if (colon >= 0) {
    const qualifier = op.slice(0, colon);
    if (!SET_QUALIFIERS.includes(qualifier as SetQualifier)) {
      const near = closest(qualifier, SET_QUALIFIERS);
      const hint = near && near.distance <= 3 ? `did you mean '${near.name}:'?` : `only 'ForAllValues:' and 'ForAnyValue:' may prefix an operator`;
      return { error: `'${qualifier}:' is not a set qualifier in '${op}': ${hint}` };
    }
    setQualifier = qualifier as SetQualifier;
    rest = op.slice(colon + 1);
    if (rest === '') return { error: `'${op}': no operator after the set qualifier` };
    if (rest.includes(':')) return { error: `'${op}': an operator takes at most one set qualifier` };
  }

  let ifExists = false;
  let base = rest;
  if (rest.endsWith(IF_EXISTS) && rest !== IF_EXISTS) {
    ifExists = true;
    base = rest.slice(0, -IF_EXISTS.length);
  }
  const traits = ownEntry(BASES, base);
  if (!traits) return { error: unknownOperatorMessage(op, rest, setQualifier) };

  if (base === 'Null' && ifExists) return { error: `'${op}': IfExists cannot be used with Null (Null itself tests whether the key exists)` };

  return {
    text: op,
    base,
    family: traits.family,
    ...(setQualifier ? { setQualifier } : {}),
    ifExists,
    negated: traits.negated ?? false,
    wildcards: traits.wildcards ?? false,
    ignoreCase: traits.ignoreCase ?? false,
  };
}

function unknownOperatorMessage(op: string, withoutQualifier: string, setQualifier: SetQualifier | undefined): string {
  const prefix = setQualifier ? `${setQualifier}:` : '';
  const candidates = [...BASE_OPERATORS, ...BASE_OPERATORS.filter((name) => name !== 'Null').map((name) => name + IF_EXISTS)];
  const caseInsensitive = candidates.find((name) => name.toLowerCase() === withoutQualifier.toLowerCase());
  if (caseInsensitive) return `'${op}' is not a condition operator: operator names are case-sensitive, use '${prefix}${caseInsensitive}'`;
  // IfExists written before the rest of the name (`StringEqualsIfExistsIgnoreCase`): the nearest name by edit distance
  // drops it (`StringEqualsIgnoreCase`), which changes what the condition does on a request without the key.
  const inside = /IfExists(?!$)/i.exec(withoutQualifier);
  const moved = inside ? (withoutQualifier.slice(0, inside.index) + withoutQualifier.slice(inside.index + IF_EXISTS.length) + IF_EXISTS).toLowerCase() : undefined;
  const ifExistsLast = moved === undefined ? undefined : candidates.find((name) => name.toLowerCase() === moved);
  if (ifExistsLast) return `'${op}' is not a condition operator: IfExists ends an operator's name, use '${prefix}${ifExistsLast}'`;
  // IfExists written more than once, in any case as where it is moved (`StringEqualsIfExistsIfExists`,
  // `StringEqualsIfexistsIfExists`), is the name with it once.
  const once = withoutQualifier.replace(/(?:IfExists){2,}$/i, IF_EXISTS).toLowerCase();
  const repeated = once === withoutQualifier.toLowerCase() ? undefined : candidates.find((name) => name.toLowerCase() === once);
  // Else a typo is a letter or two off (an eighth of a long name): further off, the nearest name swaps a word for
  // another (StringLikeIgnoreCase is not StringEqualsIgnoreCase, ArnMatches neither ArnEquals nor ArnLike): a guess.
  const nearest = repeated ? { name: repeated } : closest(withoutQualifier, candidates, Math.max(2, Math.floor(withoutQualifier.length / 8)));
  return nearest ? `'${op}' is not a condition operator: did you mean '${prefix}${nearest.name}'?` : `'${op}' is not a condition operator, and no operator has a name close to it`;
}

/**
 * The candidate closest to the text: one the text is a prefix of first (`String` → `StringEquals`), else by edit
 * distance, within `allowed` edits (undefined when none is).
 */
function closest(text: string, candidates: readonly string[], allowed = Infinity): { name: string; distance: number } | undefined {
  const lower = text.toLowerCase();
  const byPrefix = text.length >= 3 ? candidates.find((name) => name.toLowerCase().startsWith(lower)) : undefined;
  if (byPrefix) return { name: byPrefix, distance: byPrefix.length - text.length };
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = editDistance(lower, name.toLowerCase(), allowed);
    if (distance <= allowed && distance < (best?.distance ?? Infinity)) best = { name, distance };
  }
  return best;
}
