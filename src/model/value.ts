import type { Path } from './location.js';

/**
 * Values after intrinsic/expression resolution.
 *
 * Whole values that cannot be known statically are `Unresolved` instances (with the reason). Inside strings,
 * symbolic pieces are embedded as *markers*: `\u0001<kind>|<payload>\u0002`. Keeping them inside ordinary
 * strings means joins, splits and substitutions need no special cases; matching code treats a marker as one
 * opaque atom (see src/iam/match.ts). Payloads never contain `:` so ARN splitting stays correct.
 *
 * Marker kinds:
 * - `sym`  the owner's symbolic value: `AWS.AccountId`, `AWS.Region`, `AWS.Partition`, `AWS.URLSuffix`,
 *          `AWS.StackName`, `AWS.StackId`. The owner's account is by definition not any foreign account. Rules
 *          also ask about deputy's own (`deputy.AnyName`, ...) and a policy variable's value (`policyVariableValue`).
 * - `ref`  a reference to an attribute of a resource declared in the same stack/module:
 *          `<LogicalId>` (Ref) or `<LogicalId>.<Attribute>` (GetAtt). Its value is not known, but it
 *          belongs to the owner.
 * - `unk`  an unresolved piece inside a string; the payload is the reason, then how the input writes it where known,
 *          then the values its template parameter allows where it lists them (`Unresolved.allowed`).
 */
export class Unresolved {
  /**
   * `written`: the expression as the input writes it (`var.region`), where the parser knows it; messages show that.
   * `choices`: where the value is one of values written out, chosen by a condition not known (a Terraform conditional
   * on a variable without a value), each of them with when it is the one.
   * `entries`: where the value is one of lists written out, chosen by a condition known only after apply (no choice of
   * the deployer, so none is kept): the entries every one of them holds, which the list holds whichever it is.
   * `more`: the list holds `entries` and others not known (`concat(["carol"], var.users)`).
   * `allowed`: of a template parameter without a value, the values its AllowedValues let the deployer give: it is one of
   * them, no condition of the input choosing which.
   */
  constructor(
    readonly reason: string,
    readonly written?: string,
    readonly choices?: readonly Choice[],
    readonly entries?: readonly Value[],
    readonly more?: true,
    readonly allowed?: readonly string[],
  ) {}
  toString(): string {
    return this.written === undefined ? `<unresolved: ${this.reason}>` : '${' + this.written + '}';
  }
}

/** One of the values an `Unresolved` may be (`choices`), and when it is: every term holds (`var.use_a is false`). */
export interface Choice {
  value: Value;
  when: readonly ChoiceTerm[];
}

/**
 * A condition as the input writes it (`var.use_a`), and whether it holds. `compares`: where the condition is an
 * equality of an expression with a literal (`var.env == "prod"`, `"prod" != var.env`), the expression as written, the
 * literal and whether the condition is `==`: two such of one expression say whether they can hold together.
 */
export interface ChoiceTerm {
  condition: string;
  holds: boolean;
  compares?: { subject: string; value: string | number | boolean; equal: boolean };
}

/**
 * The terms of two choices made together (`a`'s not already said, then `b`'s), or undefined where they cannot both hold
 * (`excludes`).
 */
export function bothHold(a: readonly ChoiceTerm[], b: readonly ChoiceTerm[]): readonly ChoiceTerm[] | undefined {
  const added: ChoiceTerm[] = [];
  for (const term of a) {
    if (b.some((other) => excludes(term, other))) return undefined;
    if (!b.some(({ condition, holds }) => condition === term.condition && holds === term.holds)) added.push(term);
  }
  return added.length === 0 ? b : [...added, ...b];
}

/**
 * Whether two terms cannot both hold: one needs a condition to hold and the other not (a condition is known by its
 * text), or, of one expression (`compares`), one says it is a literal and the other that it is another, or is not it.
 */
function excludes(a: ChoiceTerm, b: ChoiceTerm): boolean {
  if (a.condition === b.condition) return a.holds !== b.holds;
  const [first, second] = [saidOf(a), saidOf(b)];
  if (!first || !second || first.subject !== second.subject) return false;
  const same = first.value === second.value;
  return first.equal && second.equal ? !same : first.equal !== second.equal && same;
}

/** Whether `b` holds wherever `a` does: the same condition, or `X == "a"` holding where `X == "b"` does not hold. */
function termImplies(a: ChoiceTerm, b: ChoiceTerm): boolean {
  if (a.condition === b.condition) return a.holds === b.holds;
  const [first, second] = [saidOf(a), saidOf(b)];
  if (!first || !second || first.subject !== second.subject) return false;
  const same = first.value === second.value;
  return first.equal ? second.equal === same : !second.equal && same;
}

/** What a term of an equality says where it holds as it does: its expression equal to the literal, or not. */
function saidOf({ holds, compares }: ChoiceTerm): ChoiceTerm['compares'] {
  return compares && { subject: compares.subject, value: compares.value, equal: compares.equal === holds };
}

/**
 * The choices that make none of `choices` hold (each holds where all its terms do): for each, one of its terms does not,
 * made together (`bothHold`), without those another of them implies; none where one holds in any case (it has no term).
 * Undefined past `most` of them.
 */
export function noneHolds(choices: ReadonlyArray<readonly ChoiceTerm[]>, most: number): Array<readonly ChoiceTerm[]> | undefined {
  let none: Array<readonly ChoiceTerm[]> = [[]];
  for (const choice of choices) {
    none = leastChoices(
      none.flatMap((made) =>
        choice.flatMap((term) => {
          const both = bothHold(made, [{ ...term, holds: !term.holds }]);
          return both ? [both] : [];
        }),
      ),
      termsImply,
    );
    if (none.length > most) return undefined;
  }
  return none;
}

/**
 * The choices, one or another, but those that hold only where another does (`implies(a, b)`: b holds wherever a does):
 * they add nothing. Of two alike, the first is kept.
 */
export function leastChoices<T>(choices: readonly T[], implies: (a: T, b: T) => boolean): T[] {
  return choices.filter((choice, index) => !choices.some((other, position) => position !== index && implies(choice, other) && (position < index || !implies(other, choice))));
}

/** Whether `b` holds wherever `a` does: each of its terms is implied by one of `a`'s (`termImplies`). */
export function termsImply(a: readonly ChoiceTerm[], b: readonly ChoiceTerm[]): boolean {
  return b.every((term) => a.some((other) => termImplies(other, term)));
}

/** When a choice is made, as messages tell it: `var.use_a is true and var.internal is false`. */
export function choiceText(when: readonly ChoiceTerm[]): string {
  return when.map(({ condition, holds }) => `${condition} is ${holds}`).join(' and ');
}

/** When two things that each hold only when a choice is made so (a `choiceText`, one or another), or in any case (undefined), both hold. */
export function bothWhens(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined || a === b) return b;
  if (b === undefined) return a;
  return `${grouped(a)} and ${grouped(b)}`;
}

/** A when as a part of `... and ...` reads it: in parentheses where it is one or another. */
function grouped(when: string): string {
  return when.includes(' or ') ? `(${when})` : when;
}

/** What an operation gives of a value not known that it does not pass on whole: the value, without its `choices` or `entries`. */
export function passedOn(value: Unresolved): Unresolved {
  return value.choices || value.entries ? new Unresolved(value.reason, value.written) : value;
}

/** What reading into a value not known gives (`local.role.arn`): the reading of each of its choices, or the value itself. */
export function throughChoices(value: Unresolved, read: (choice: Value) => Value): Unresolved {
  return value.choices ? new Unresolved(value.reason, value.written, value.choices.map((choice) => ({ value: read(choice.value), when: choice.when }))) : passedOn(value);
}

export type Scalar = string | number | boolean | null;
export type Value = Scalar | Unresolved | Value[] | { [key: string]: Value };
export type ValueObject = { [key: string]: Value };

export const MARK_START = '\u0001';
export const MARK_END = '\u0002';

export type MarkerKind = 'sym' | 'ref' | 'unk';


/** Stands for `:` inside marker payloads, so that splitting an ARN at its colons never cuts a marker. */
const PAYLOAD_COLON = '\uA789';

export function marker(kind: MarkerKind, payload: string): string {
  return `${MARK_START}${kind}|${markerPayload(payload)}${MARK_END}`;
}

/** A payload as a marker holds it (what `tokenize` reads back). */
export function markerPayload(payload: string): string {
  return isEscapedInPayload(payload) ? payload.replace(/:/g, PAYLOAD_COLON).replace(/[\u0001\u0002]/g, ' ') : payload;
}

/** Whether a payload holding this text is written otherwise: it holds a colon or a marker's bounds. */
function isEscapedInPayload(text: string): boolean {
  return text.includes(':') || text.includes(MARK_START) || text.includes(MARK_END);
}

export const OWNER_ACCOUNT = marker('sym', 'AWS.AccountId');
export const OWNER_REGION = marker('sym', 'AWS.Region');
export const OWNER_PARTITION = marker('sym', 'AWS.Partition');
export const OWNER_URL_SUFFIX = marker('sym', 'AWS.URLSuffix');
export const OWNER_STACK_NAME = marker('sym', 'AWS.StackName');
export const OWNER_STACK_ID = marker('sym', 'AWS.StackId');
/** A region other than the owner's: of a request a policy grants in every region, made outside the owner's region. */
export const OTHER_REGION = marker('sym', 'deputy.OtherRegion');

/**
 * The name of deputy's probes: what rules ask about where they mean a resource (service, principal) no policy names, as
 * deputy's own symbols (`deputy.AnyName`, ...) stand for every name or a value apart.
 */
export const PROBE_NAME = 'deputy-probe';
const PROBE_SYMBOL_START = `${MARK_START}sym|deputy.`;

/** Whether a text names one of deputy's probes (`PROBE_NAME`, a `deputy.` symbol): no policy names it. */
export function namesProbe(text: string): boolean {
  return text.includes(PROBE_NAME) || text.includes(PROBE_SYMBOL_START);
}

/**
 * The value a policy variable the request does not say holds there (`${aws:username}`: its key, read case-insensitively
 * as IAM reads keys): one string for each request that holds the key, a symbol equal to itself only. A Resource entry's
 * `variable` piece stands for it (`PatternPiece`), and so does the name an Allow on the entry grants, so a Deny written
 * with the same variable names that one resource. A default (`${aws:username, 'x'}`) is read only in a request without
 * the key (`defaultedKeys`): where the key is there, the variable is that one value, with or without a default. It is
 * no probe's (`namesProbe`): it may be a name a policy writes.
 */
export function policyVariableValue(key: string): string {
  return marker('sym', `PolicyVariable.${key.toLowerCase()}`);
}

/** How the payload of a policy variable's symbols starts (`policyVariableValue`, `NO_VARIABLE_VALUE`, `unreadVariableValue`). */
const POLICY_VARIABLE_START = `${MARK_START}sym|PolicyVariable.`;

/**
 * Whether a marker is the value of a policy variable (`policyVariableValue`): one string in each request, the same
 * wherever the variable is written. Not `NO_VARIABLE_VALUE`, nor text outside the grammar (`unreadVariableValue`), which IAM
 * may read as no variable at all.
 */
export function isPolicyVariableValue(marker: string): boolean {
  return marker.startsWith(POLICY_VARIABLE_START) && marker !== NO_VARIABLE_VALUE && !marker.startsWith(UNREAD_VARIABLE_START);
}

/** Whether a text holds the value of a policy variable (`isPolicyVariableValue`). */
export function holdsPolicyVariableValue(text: string): boolean {
  return text.includes(POLICY_VARIABLE_START) && tokenize(text).some((token) => 'kind' in token && isPolicyVariableValue(token.text));
}

/**
 * What a policy variable with no value stands for (IAM User Guide, "Policy variables with no value": a key the request
 * does not hold, without a default): no string at all. An entry of Resource or NotResource holding it matches no
 * resource, a condition value holding it no request value (`PatternPiece`).
 */
// A blank no key holds (`VARIABLE_BODY`): `${none}` is a variable of its own.
export const NO_VARIABLE_VALUE = marker('sym', 'PolicyVariable. none');

/** How the payload of `unreadVariableValue`'s symbol starts, and the symbol itself. */
const UNREAD_VARIABLE = 'PolicyVariable.unread ';
const UNREAD_VARIABLE_START = `${MARK_START}sym|${UNREAD_VARIABLE}`;

/**
 * What `${...}` text outside the grammar the IAM User Guide documents stands for (`${aws:username,'x'}`, `${ aws:username }`,
 * `${aws:username, "x"}`): IAM Access Analyzer reports such text, and the guide does not say how IAM reads it (a
 * variable, or one with no value). Not known, as a variable the request does not say is (`policyVariableValue`), one
 * symbol for each text; but an Allow on it grants nothing a finding may rest on (`holdsUnreadVariable`).
 */
export function unreadVariableValue(text: string): string {
  return marker('sym', `${UNREAD_VARIABLE}${text}`);
}

/** Whether a value holds `${...}` text outside the documented grammar (`unreadVariableValue`). */
export function holdsUnreadVariable(value: string): boolean {
  return value.includes(UNREAD_VARIABLE_START);
}

/** How a reference marker starts (`refMarker`): its payload follows. */
const REFERENCE_START = `${MARK_START}ref|`;

export function refMarker(logicalId: string, attribute?: string): string {
  const payload = attribute ? `${logicalId}.${attribute}` : logicalId;
  // A plan links tens of thousands of references: its parts are checked, as a check of the joined payload would copy
  // it into one string first.
  if (isEscapedInPayload(logicalId) || (attribute !== undefined && isEscapedInPayload(attribute))) return marker('ref', payload);
  return `${REFERENCE_START}${payload}${MARK_END}`;
}

/**
 * The attribute of a reference a Terraform plan lists without one (`aws_iam_role.r[each.value].arn` is listed as
 * `aws_iam_role.r`): any attribute of the resource, which one not known. A private-use character, which no attribute
 * name holds: messages and fixes show the reference without it (`referenceText`), never an attribute made up for it.
 */
export const UNLISTED_ATTRIBUTE = '\uE004';

/** A reference marker's payload as the input writes the reference: one listed without attribute shows none. */
export function referenceText(payload: string): string {
  return payload.endsWith(`.${UNLISTED_ATTRIBUTE}`) ? payload.slice(0, -UNLISTED_ATTRIBUTE.length - 1) : payload;
}

/**
 * Parts an unresolved piece's payload into its reason and how the input writes it: a private-use character, which
 * JSON text keeps as it is (a control character would be escaped where jsonencode quotes the marker).
 */
const WRITTEN_SEPARATOR = '\uE003';

/** Goes before each of the values a piece allows (`Unresolved.allowed`), after how the input writes it. */
const ALLOWED_SEPARATOR = '\uE005';

/**
 * An unresolved piece to embed inside a string: an Unresolved's, or one of the reason given. A piece keeps the values
 * its parameter allows (`!Sub 'iam:${Verb}'`), so that a reading may take each of them in its place
 * (`withPiecesGiven`), where each can be written in a text that may be JSON (a policy written as a JSON string) and the
 * marker (`carriesInPayload`); else it is any text.
 */
export function unresolvedMarker(unresolved: Unresolved | string): string {
  if (typeof unresolved === 'string') return marker('unk', unresolved);
  if (unresolved.written === undefined) return marker('unk', unresolved.reason);
  const { allowed } = unresolved;
  const carried = allowed && allowed.length > 0 && allowed.every(carriesInPayload) ? allowed.map((value) => `${ALLOWED_SEPARATOR}${value}`).join('') : '';
  return marker('unk', `${unresolved.reason}${WRITTEN_SEPARATOR}${unresolved.written}${carried}`);
}

/** Whether a text stays as it is in a marker's payload inside JSON text: no character JSON escapes, none a payload is parted by. */
function carriesInPayload(text: string): boolean {
  return !/["\\\u0000-\u001f\uE000-\uE0FF\uA789]/.test(text);
}

/** The Unresolved an unresolved piece's payload (as `tokenize` gives it) stands for. */
function unresolvedOfPayload(payload: string): Unresolved {
  const [reason, writtenAndAllowed] = payload.split(PAYLOAD_COLON).join(':').split(WRITTEN_SEPARATOR);
  if (writtenAndAllowed === undefined || !writtenAndAllowed.includes(ALLOWED_SEPARATOR)) return new Unresolved(reason!, writtenAndAllowed);
  const [written, ...allowed] = writtenAndAllowed.split(ALLOWED_SEPARATOR);
  return new Unresolved(reason!, written, undefined, undefined, undefined, allowed);
}

export function isUnresolved(value: unknown): value is Unresolved {
  return value instanceof Unresolved;
}

export function hasMarker(text: string): boolean {
  return text.includes(MARK_START);
}

export function hasUnresolvedPiece(text: string): boolean {
  return text.includes(`${MARK_START}unk|`);
}

export type Token = { literal: string } | { kind: MarkerKind; payload: string; text: string };

/** Splits a string into literal runs and markers. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const start = text.indexOf(MARK_START, index);
    if (start < 0) {
      tokens.push({ literal: text.slice(index) });
      break;
    }
    if (start > index) tokens.push({ literal: text.slice(index, start) });
    const end = text.indexOf(MARK_END, start);
    if (end < 0) {
      tokens.push({ literal: text.slice(start) });
      break;
    }
    const body = text.slice(start + 1, end);
    const bar = body.indexOf('|');
    tokens.push({ kind: body.slice(0, bar) as MarkerKind, payload: body.slice(bar + 1), text: text.slice(start, end + 1) });
    index = end + 1;
  }
  return tokens;
}

/**
 * A regular expression source matching the texts a value written with pieces not known may be (`${Env}-ml`,
 * `${AWS::StackName}-ml`): each marker stands for any text; any text for a value not resolved at all.
 */
export function textPattern(written: string | Unresolved): string {
  if (written instanceof Unresolved) return '[^]*';
  let pattern = '';
  for (const token of tokenize(written)) pattern += 'literal' in token ? escapeRegExp(token.literal) : '[^]*';
  return pattern;
}

/** The text as a regular expression source that matches it literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The text with its literal runs in lower case and its markers as they are: what a marker stands for (a parameter, the
 * stack's name) is a value of its own, whose case is not known.
 */
export function lowerCaseLiterals(text: string): string {
  if (!hasMarker(text)) return text.toLowerCase();
  return tokenize(text)
    .map((token) => ('literal' in token ? token.literal.toLowerCase() : token.text))
    .join('');
}

/** Whether a string's value is known when Terraform plans: literal text and the owner's symbols, no resource attribute or unresolved piece. */
export function isKnownAtPlan(text: string): boolean {
  return !text.includes(`${MARK_START}unk|`) && !text.includes(REFERENCE_START);
}

/** The first unresolved piece of a string, as the Unresolved it stands for; undefined when it has none. */
export function unresolvedPieceOf(text: string): Unresolved | undefined {
  if (!hasUnresolvedPiece(text)) return undefined;
  for (const token of tokenize(text)) if ('kind' in token && token.kind === 'unk') return unresolvedOfPayload(token.payload);
  return undefined;
}

/** The pieces not known of a string, each as the Unresolved it stands for, in order. */
export function unresolvedPieces(text: string): Unresolved[] {
  if (!hasUnresolvedPiece(text)) return [];
  return tokenize(text).flatMap((token) => ('kind' in token && token.kind === 'unk' ? [unresolvedOfPayload(token.payload)] : []));
}

/** The string with each piece not known that `given` gives a text for written as that text, the others as they are. */
export function withPiecesGiven(text: string, given: (piece: Unresolved) => string | undefined): string {
  if (!hasUnresolvedPiece(text)) return text;
  return tokenize(text)
    .map((token) => ('literal' in token ? token.literal : token.kind === 'unk' ? (given(unresolvedOfPayload(token.payload)) ?? token.text) : token.text))
    .join('');
}

/** The text a string writes around its markers, each marker left out (`Write_${Stage}` → `Write_`). */
export function literalText(text: string): string {
  return markersReplaced(text, '');
}

/** A marker as `tokenize` reads one: from a start to the next end (a start with no end after it is literal text). */
const MARKER = new RegExp(`${MARK_START}[^${MARK_END}]*${MARK_END}`, 'g');

/** The text with each marker (as `tokenize` reads them) replaced by `replacement`, without a token for each. */
export function markersReplaced(text: string, replacement: string): string {
  return hasMarker(text) ? text.replace(MARKER, replacement) : text;
}

/**
 * The payload of a string made of one reference marker alone, as `tokenize` reads it; undefined for any other string.
 * Read in place, with no token: a plan links most role and policy values to the resources they name.
 */
export function loneReferencePayload(text: string): string | undefined {
  return text.startsWith(REFERENCE_START) && text.indexOf(MARK_END) === text.length - 1 ? text.slice(REFERENCE_START.length, -1) : undefined;
}

/**
 * Human-readable form: markers become `${AWS::AccountId}`, `${Role.Arn}`, an unresolved piece the expression the input
 * writes for it (`${var.region}`), else `<unresolved: reason>`.
 */
export function displayString(text: string): string {
  if (!hasMarker(text)) return text;
  return tokenize(text)
    .map((token) => {
      if ('literal' in token) return token.literal;
      if (token.kind === 'sym') return '${' + token.payload.replace('.', '::') + '}';
      if (token.kind === 'ref') return '${' + referenceText(token.payload) + '}';
      return unresolvedOfPayload(token.payload).toString();
    })
    .join('');
}

/**
 * Where Terraform reads the owner's symbolic values: an attribute of a data source. AWS provider 6 deprecates the
 * region's `name` (and from 6.47 its `id`) for `region`, an attribute provider 5 does not have: no expression reads
 * the region in both without a warning, so messages and fixes read `name`, and a fix says what provider 6 reads instead (`provider6`).
 */
export const TERRAFORM_OWNER: Readonly<Record<string, { dataSource: string; attribute: string; provider6?: string }>> = {
  'AWS.AccountId': { dataSource: 'aws_caller_identity', attribute: 'account_id' },
  'AWS.Region': { dataSource: 'aws_region', attribute: 'name', provider6: 'region' },
  'AWS.Partition': { dataSource: 'aws_partition', attribute: 'partition' },
  'AWS.URLSuffix': { dataSource: 'aws_partition', attribute: 'dns_suffix' },
};

const LOWER_CASE = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';

/**
 * A character every value of an owner's symbol holds, what those values are, and one of them: each region name has a
 * hyphen (`us-east-1`, `cn-north-1`), each partition's DNS suffix a dot (`amazonaws.com`, `amazonaws.com.cn`), each
 * stack ID the colons of an ARN. The others may be letters and digits alone: the partition `aws`, the account id, a
 * stack's name. `characters`: those any of its values may be made of (`us-gov-west-1`, `c2s.ic.gov`, `cloud.adc-e.uk`,
 * a stack ID's name and UUID), which an edit of a text must leave alone for the symbol to stay whole (`editsOwnerSymbol`).
 */
const OWNER_SYMBOL_ALWAYS_HOLDS: Readonly<Record<string, { character: string; values: string; example: string; characters: string }>> = {
  'AWS.Region': { character: '-', values: 'every region name', example: 'us-east-1', characters: `${LOWER_CASE}${DIGITS}-` },
  'AWS.URLSuffix': { character: '.', values: 'every DNS suffix', example: 'amazonaws.com', characters: `${LOWER_CASE}${DIGITS}.-` },
  'AWS.StackId': { character: ':', values: 'every stack ID', example: 'arn:aws:cloudformation:us-east-1:123456789012:stack/name/id', characters: `${LOWER_CASE}${LOWER_CASE.toUpperCase()}${DIGITS}-:/` },
};

const NO_SYMBOLS: readonly never[] = [];

/** What OWNER_SYMBOL_ALWAYS_HOLDS says of each owner's symbol it names in a text, in order, with the symbol as written. */
export function ownerSymbolsAlwaysHolding(text: string): ReadonlyArray<(typeof OWNER_SYMBOL_ALWAYS_HOLDS)[string] & { written: string }> {
  // Most texts (every Sid of a plan) hold no marker at all.
  if (!hasMarker(text)) return NO_SYMBOLS;
  const found: Array<(typeof OWNER_SYMBOL_ALWAYS_HOLDS)[string] & { written: string }> = [];
  for (const token of tokenize(text)) {
    if ('kind' in token && token.kind === 'sym' && Object.hasOwn(OWNER_SYMBOL_ALWAYS_HOLDS, token.payload)) found.push({ ...OWNER_SYMBOL_ALWAYS_HOLDS[token.payload]!, written: token.text });
  }
  return found;
}

/**
 * The characters the values of each owner's symbol are made of: those OWNER_SYMBOL_ALWAYS_HOLDS names (`characters`),
 * and a partition (`aws`, `aws-us-gov`), an account id, a stack's name (letters, digits and hyphens), a region other
 * than the owner's.
 */
const OWNER_SYMBOL_CHARACTERS: ReadonlyMap<string, string> = new Map([
  ...Object.entries(OWNER_SYMBOL_ALWAYS_HOLDS).map(([symbol, { characters }]) => [symbol, characters] as const),
  ['AWS.Partition', `${LOWER_CASE}-`],
  ['AWS.AccountId', DIGITS],
  ['AWS.StackName', `${LOWER_CASE}${LOWER_CASE.toUpperCase()}${DIGITS}-`],
  ['deputy.OtherRegion', OWNER_SYMBOL_ALWAYS_HOLDS['AWS.Region']!.characters],
]);

/**
 * Whether an edit of a text's characters (a split at a delimiter, a replace) may rewrite an owner's symbol of `text`
 * in any of its values: `reaches` tells whether a match may take one of the characters those values are made of
 * (OWNER_SYMBOL_CHARACTERS), as any match that reaches into the symbol, or
 * runs across it, does. Kept whole, the symbol would still stand for its value: `replace(data.aws_region.current.name,
 * "-", "")` or `!Join ["", !Split ["-", !Ref AWS::Region]]` (letters and digits) would be a Sid a region's hyphen makes
 * invalid; so would `split("2", ...)`, which cuts us-east-2 and not us-east-1; `split("-", "arn:${partition}:...")`
 * cuts aws-us-gov, and a replace of the regular expression `^[^/]+` takes the partition and account with the text
 * around them.
 */
export function editsOwnerSymbol(text: string, reaches: (characters: string) => boolean): boolean {
  if (!hasMarker(text)) return false;
  for (const token of tokenize(text)) {
    if (!('kind' in token) || token.kind !== 'sym') continue;
    const characters = OWNER_SYMBOL_CHARACTERS.get(token.payload);
    if (characters !== undefined && reaches(characters)) return true;
  }
  return false;
}

/**
 * Whether a text searched for (a split's delimiter, a replace's substring) may be found reaching into a value made of
 * `characters`: an empty one is found between every two characters; any other takes one of its own characters there.
 */
export function searchReaches(search: string, characters: string): boolean {
  return search === '' || [...search].some((character) => characters.includes(character));
}

/** The owner's values an input tells (a plan's caller identity its account, its region the partition), by symbol. */
export type OwnerValuesKnown = Readonly<Record<string, string | undefined>>;

/**
 * A displayed value as a Terraform reader would write it: the owner's values as the input tells them (`known`: a plan
 * writes the account id, as a locked provider's configuration may, and its region tells the partition), the others as
 * the data sources that give them (as `declared` names the one of a type the module reads them from, else `current`).
 */
export function inTerraformTerms(displayed: string, known: OwnerValuesKnown = {}, declared: (dataSource: string) => OwnerValueWritten | undefined = () => undefined): string {
  return Object.entries(TERRAFORM_OWNER).reduce((text, [payload, { dataSource, attribute }]) => {
    const symbol = displayString(marker('sym', payload));
    if (!text.includes(symbol)) return text;
    const written = declared(dataSource);
    return text.split(symbol).join(known[payload] ?? (written === NOT_READ ? OWNER_VALUE_WORDS[payload]! : `\${${written ?? `data.${dataSource}.current`}.${attribute}}`));
  }, displayed);
}

/**
 * How `inTerraformTerms` writes an owner's value: as the attribute of the data source a reference names, or, for a
 * text that quotes the module (a message) where it reads no such data source, in words (`NOT_READ`): a data source a
 * fix would declare there (`current2`) is no name of the module's.
 */
export type OwnerValueWritten = string | typeof NOT_READ;
export const NOT_READ = Symbol('not read');

/** The owner's values in words (`NOT_READ`). */
const OWNER_VALUE_WORDS: Readonly<Record<string, string>> = {
  'AWS.AccountId': "<the owner's account id>",
  'AWS.Region': "<the owner's region>",
  'AWS.Partition': "<the owner's partition>",
  'AWS.URLSuffix': "<the owner's partition's DNS suffix>",
};

export function displayValue(value: Value): string {
  if (value instanceof Unresolved) return value.toString();
  if (typeof value === 'string') return displayString(value);
  return JSON.stringify(value, (_key, inner) => (typeof inner === 'string' ? displayString(inner) : inner instanceof Unresolved ? inner.toString() : inner));
}

export function isObject(value: Value | undefined): value is ValueObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Unresolved);
}

/** Case-sensitive property read that tolerates non-objects. */
export function prop(value: Value | undefined, key: string): Value | undefined {
  return isObject(value) ? value[key] : undefined;
}

/** The value a path step leads to: a list's element or an object's property; undefined where the step does not fit. */
export function stepInto(value: Value | undefined, step: string | number): Value | undefined {
  if (Array.isArray(value)) return typeof step === 'number' ? value[step] : undefined;
  return isObject(value) && typeof step === 'string' && Object.hasOwn(value, step) ? value[step] : undefined;
}

/** The value a path leads to, its steps taken from `from` on; undefined where a step does not fit. */
export function valueAtPath(value: Value | undefined, path: Path, from = 0): Value | undefined {
  let current = value;
  for (let index = from; index < path.length && current !== undefined; index++) current = stepInto(current, path[index]!);
  return current;
}

/** A field that may be a single value or a list, as IAM and CloudFormation allow. */
export function asList(value: Value | undefined): Value[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
