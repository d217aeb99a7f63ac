/**
 * Symbolic string and ARN matching. Markers (see src/model/value.ts) are opaque atoms: a marker equals only the
 * identical marker, `*` may absorb atoms, `?` never does. When atoms keep the answer open it is `'unknown'`.
 */
import { MARK_START, NO_VARIABLE_VALUE, OTHER_REGION, OWNER_ACCOUNT, OWNER_PARTITION, OWNER_REGION, OWNER_URL_SUFFIX, hasMarker, hasUnresolvedPiece, isKnownAtPlan, isPolicyVariableValue, namesProbe, tokenize } from '../model/value.js';
import { triAnd, type Tri } from '../model/tri.js';
import { accountId, isRegionText } from '../model/arn.js';
import type { RequestContext } from './request.js';
import { withProperties } from '../model/objects.js';

export interface MatchOptions {
  wildcards: boolean;
  ignoreCase: boolean;
}

/**
 * A piece of a pattern. `verbatim` pieces (policy variables, substituted or not, and the `${*}` escapes) never act as
 * wildcards, and are one piece of the ARN part they are written in: their colons part no ARN. `variable`: a policy
 * variable the request gives no single value (`${aws:username}`, verbatim), which is one string for each request, not
 * known: the symbol of its value (`policyVariableValue`), which it matches (a value holding it names what the same
 * variable names), and which is the same string on both sides (`role/${aws:username}` never names `role/<its value>-x`:
 * `lengthsMayAgree`); any other text written in a policy (`admin`), or another variable's value, it may be ('unknown');
 * never a name of deputy's probes (`namesProbe`). Text outside the grammar IAM documents is one too
 * (`unreadVariableValue`). A variable with no value in the request (`NO_VARIABLE_VALUE`) makes the pattern match nothing.
 */
export interface PatternPiece {
  text: string;
  verbatim?: boolean;
  variable?: string;
}

/** A pattern as written, or as pieces when some characters must stay literal. */
export type Pattern = string | readonly PatternPiece[];

const STAR = Symbol('*');
const ONE = Symbol('?');
/** A single literal character, a whole marker (an atom: a policy variable not known is its value's), or a wildcard. */
type PatternElement = string | typeof STAR | typeof ONE;

const ARN_PARTS = 6;

/**
 * Matching is a pure function of its arguments, and large inputs repeat the same patterns and values across many
 * roles (modules instantiated per team): results are remembered, keyed by everything they depend on (of the
 * request, only the foreign accounts, the region apart and the owner's account id and partition), and forgotten wholesale when the
 * memory grows large.
 */
const MEMORY_LIMIT = 100_000;
/** Results by kind of match, pattern (strings and piece lists apart), value and the request's foreign accounts and region apart: lookups need no key text built per call. */
const remembered = new Map<string, { strings: PatternMemory; pieceLists: PatternMemory }>();
type PatternMemory = Map<string, Map<string, Map<string, Tri>>>;
let rememberedCount = 0;
/** The key text of each set of foreign accounts. */
const setKeys = new WeakMap<ReadonlySet<string>, string>();
/**
 * The key text of each context with an owner's account id or partition or a region apart (`RegionApart`): its foreign
 * accounts', that id, that partition and its regions', built once.
 */
const contextKeys = new WeakMap<RequestContext, string>();

function remember(kind: string, pattern: Pattern, value: string, ctx: RequestContext | undefined, compute: () => Tri): Tri {
  let accounts = '';
  if (ctx) {
    const setKey = setKeys.get(ctx.foreignAccounts);
    if (setKey === undefined) setKeys.set(ctx.foreignAccounts, (accounts = [...ctx.foreignAccounts].sort().join(',')));
    else accounts = setKey;
    if (ctx.ownerAccount !== undefined || ctx.ownerPartition !== undefined || ctx.regionApart) {
      const known = contextKeys.get(ctx);
      if (known !== undefined) accounts = known;
      else {
        if (ctx.ownerAccount !== undefined) accounts = `${accounts}\u0003${ctx.ownerAccount}`;
        if (ctx.ownerPartition !== undefined) accounts = `${accounts}\u0004${ctx.ownerPartition}`;
        if (ctx.regionApart) accounts = `${accounts}\u0000${ctx.regionApart.region}\u0000${[...ctx.regionApart.from].sort().join(',')}`;
        contextKeys.set(ctx, accounts);
      }
    }
  }
  let memory = remembered.get(kind);
  if (!memory) remembered.set(kind, (memory = { strings: new Map(), pieceLists: new Map() }));
  const patterns = typeof pattern === 'string' ? memory.strings : memory.pieceLists;
  // A variable piece matches as its value (`PatternPiece`), which the request decides: the same text may be another.
  const patternKey = typeof pattern === 'string' ? pattern : pattern.map((piece) => (piece.variable ? `x${piece.variable}` : `${piece.verbatim ? 'v' : 'p'}${piece.text}`)).join('\u0000');
  let byValue = patterns.get(patternKey);
  if (!byValue) patterns.set(patternKey, (byValue = new Map()));
  let byAccounts = byValue.get(value);
  if (!byAccounts) byValue.set(value, (byAccounts = new Map()));
  const known = byAccounts.get(accounts);
  if (known !== undefined) return known;
  const result = compute();
  if (rememberedCount >= MEMORY_LIMIT) {
    remembered.clear();
    rememberedCount = 0;
  }
  byAccounts.set(accounts, result);
  rememberedCount++;
  return result;
}

export function matchString(pattern: Pattern, value: string, options: MatchOptions, ctx?: RequestContext): Tri {
  return remember(`${options.wildcards ? 'w' : 'l'}${options.ignoreCase ? 'i' : 'c'}`, pattern, value, ctx, () => computeMatchString(pattern, value, options, ctx));
}

function computeMatchString(pattern: Pattern, value: string, options: MatchOptions, ctx?: RequestContext): Tri {
  if (typeof pattern !== 'string' && pattern.some((piece) => piece.variable === NO_VARIABLE_VALUE)) return false;
  const pieces = toPieces(pattern);
  const patternText = pieces.map((piece) => piece.text).join('');
  const partition = ctx?.ownerPartition;
  if (partition !== undefined && (patternText.includes(OWNER_PARTITION) || value.includes(OWNER_PARTITION))) {
    return matchString(inPartition(pieces, partition), value.replaceAll(OWNER_PARTITION, partition), options, ctx);
  }
  const valueElements = toValueElements(value, options.ignoreCase);
  const patternElements = toPatternElements(pieces, options);
  if (globMatch(patternElements, valueElements)) return true;

  const variables = pieces.some((piece) => piece.variable);
  if (!variables && !hasMarker(patternText) && !hasMarker(value)) return false;
  // Each marker stands for some string: if no choice of strings can make the two agree, nothing will (`processing-job/*`
  // never matches `training-job/<unknown>`, nor `pipeline/p3/*` the execution `pipeline/p2/execution/<unknown>`).
  if (!someStringMatchesBoth(patternElements, valueElements)) return false;
  // A policy variable not known may be the text it meets (another variable's value, or its own in another shape: `${aws:username}-x`
  // against `-x${aws:username}`), unless that names a probe: its one value is not theirs. Its own value alone it matched
  // above, as the marker it is; its own value in a shape of another length it never is (`lengthsMayAgree`).
  if (variables) return namesProbe(value) || !lengthsMayAgree(patternElements, valueElements) ? false : 'unknown';
  // A value the request holds that is not known (the name of a user CloudFormation names, substituted for
  // `${aws:username}`) is one string too, read verbatim: no probe's either.
  if (namesProbe(value) && pieces.some((piece) => piece.verbatim && hasUnresolvedPiece(piece.text))) return false;
  const knownOwner = pieces.every((piece) => !piece.verbatim) ? ownerSymbolKnown(patternText, value, ctx) : undefined;
  if (knownOwner) return matchString(knownOwner.pattern, knownOwner.value, options, ctx);
  if (ownerAccountMeetsForeign(patternText, value, ctx) || ownerAccountMeetsNonAccount(patternText, value, options) || ownerRegionMeetsOther(patternText, value) || regionSymbolApart(patternText, value, options, ctx)) return false;
  return matchArnShapedString(pieces, value, options, ctx) ?? 'unknown';
}

/**
 * A String operator on two ARN-shaped strings whose first five colons can only be ARN separators: no wildcard before
 * the resource part, and no markers there but the owner's symbols (an account, region or partition holds no colon;
 * whatever the resource part holds, an unknown job name included, moves no colon before it). Then the parts line up,
 * and comparing them one by one decides what the whole strings cannot (`...:${AWS::AccountId}:training-job/*` never
 * matches `...:${AWS::AccountId}:*`, nor `...:${AWS::AccountId}:*` the execution `...:pipeline/p2/execution/<unknown>`).
 */
function matchArnShapedString(pieces: readonly PatternPiece[], value: string, options: MatchOptions, ctx: RequestContext | undefined): Tri | undefined {
  const patternParts = splitArnPieces(pieces);
  const valueParts = splitArnPieces([{ text: value }]);
  if (!patternParts || !valueParts) return undefined;
  const patternBeforeResource = patternParts.slice(0, ARN_PARTS - 1);
  const onlySymbols = (part: readonly PatternPiece[]): boolean => part.every((piece) => isKnownAtPlan(piece.text));
  if (![...patternBeforeResource, ...valueParts.slice(0, ARN_PARTS - 1)].every(onlySymbols)) return undefined;
  const wildBeforeResource = patternBeforeResource.some((part) => part.some((piece) => !piece.verbatim && /[*?]/.test(piece.text)));
  if (options.wildcards && wildBeforeResource) return undefined;
  return triAnd(patternParts.map((part, index) => matchString(part, valueParts[index]!.map((piece) => piece.text).join(''), options, ctx)));
}

/**
 * IAM `Arn*` operators: the six colon-separated parts (the resource is everything after the fifth colon) are
 * matched separately, with wildcards, case-sensitively.
 */
export function matchArn(pattern: Pattern, value: string, ctx?: RequestContext): Tri {
  return remember('arn', pattern, value, ctx, () => computeMatchArn(pattern, value, ctx));
}

function computeMatchArn(pattern: Pattern, value: string, ctx?: RequestContext): Tri {
  const pieces = toPieces(pattern);
  const options: MatchOptions = { wildcards: true, ignoreCase: false };
  if (pieces.length === 1 && pieces[0]!.text === '*' && !pieces[0]!.verbatim) return true;

  const patternParts = splitArnPieces(pieces);
  const valueParts = splitArnPieces([{ text: value }])?.map((part) => part.map((piece) => piece.text).join(''));
  if (!patternParts || !valueParts) {
    // Markers never hold `:` themselves, but the value they stand for may (a whole ARN behind one `Ref`).
    const patternText = pieces.map((piece) => piece.text).join('');
    if (!hasMarker(patternText) && !hasMarker(value)) return false;
    // A whole-string match lets `*` and each marker span colons: when even that fails, no part-wise match can succeed.
    const whole = matchString(pieces, value, options, ctx);
    if (whole !== 'unknown') return whole;
    if (hasUnresolvedPiece(patternText) || hasUnresolvedPiece(value)) return 'unknown';
    // A `*` of the pattern may span the colons of the parts it lacks (`arn:aws:*`), as IAM reads a `*` ending a part.
    const patternCouldBeArn = patternParts !== undefined || hasMarker(patternText) || pieces.some((piece) => !piece.verbatim && piece.text.includes('*'));
    const valueCouldBeArn = valueParts !== undefined || hasMarker(value);
    return patternCouldBeArn && valueCouldBeArn ? 'unknown' : false;
  }
  return triAnd(patternParts.map((part, index) => matchString(part, valueParts[index]!, options, ctx)));
}

/** Per pattern, per action: rules test every catalog action of a service against the same few patterns. */
const rememberedActions = new Map<string, Map<string, boolean>>();

/** IAM action names: case-insensitive, `*` and `?` wildcards. */
export function matchAction(pattern: string, action: string): boolean {
  let results = rememberedActions.get(pattern);
  if (!results) {
    if (rememberedActions.size >= MEMORY_LIMIT) rememberedActions.clear();
    results = new Map();
    rememberedActions.set(pattern, results);
  }
  let result = results.get(action);
  if (result === undefined) {
    if (results.size >= MEMORY_LIMIT) results.clear();
    result = computeMatchAction(pattern, action);
    results.set(action, result);
  }
  return result;
}

function computeMatchAction(pattern: string, action: string): boolean {
  const elements: PatternElement[] = Array.from(pattern.toLowerCase(), (char) => (char === '*' ? STAR : char === '?' ? ONE : char));
  return globMatch(elements, Array.from(action.toLowerCase()));
}

function toPieces(pattern: Pattern): readonly PatternPiece[] {
  return typeof pattern === 'string' ? [{ text: pattern }] : pattern;
}

/**
 * The two sides with the owner's account written as the account id it stands for (`RequestContext.ownerAccount`), where
 * one side is that symbol alone and the other holds no marker (`49*` against the owner's `493827160514`); undefined
 * otherwise.
 */
function ownerSymbolKnown(patternText: string, value: string, ctx: RequestContext | undefined): { pattern: string; value: string } | undefined {
  const known = ctx?.ownerAccount;
  if (known === undefined) return undefined;
  if (value === OWNER_ACCOUNT && !hasMarker(patternText)) return { pattern: patternText, value: known };
  if (patternText === OWNER_ACCOUNT && !hasMarker(value)) return { pattern: known, value };
  return undefined;
}

/**
 * The pattern with the owner's partition written as the partition it stands for (`RequestContext.ownerPartition`: `aws`
 * in `us-east-1`), wherever it is: the symbol is that text, so `arn:aws:iam::*:user/bob` under StringLike, whose `*`
 * may span colons, is compared with the whole of bob's ARN. Policy variables stay as they are.
 */
function inPartition(pieces: readonly PatternPiece[], partition: string): PatternPiece[] {
  return pieces.map((piece) => (piece.variable ? piece : withProperties(piece, { text: piece.text.replaceAll(OWNER_PARTITION, partition) })));
}

/** The owner's account is known to differ from every foreign probe account (either side may be the owner). */
function ownerAccountMeetsForeign(patternText: string, value: string, ctx: RequestContext | undefined): boolean {
  if (!ctx) return false;
  const isForeign = (text: string) => !hasMarker(text) && ctx.foreignAccounts.has(text);
  return (patternText === OWNER_ACCOUNT && isForeign(value)) || (value === OWNER_ACCOUNT && isForeign(patternText));
}

/**
 * The owner's account, twelve digits, is known to differ from a text no account id is (`${aws:ResourceAccount}` read as
 * text, `my-account`): one with a character no pattern of digits holds (either side may be the owner's).
 */
function ownerAccountMeetsNonAccount(patternText: string, value: string, options: MatchOptions): boolean {
  const notAccount = (text: string, wildcards: boolean) => !hasMarker(text) && (wildcards ? /[^\d*?]/.test(text) : accountId(text) === undefined);
  return (value === OWNER_ACCOUNT && notAccount(patternText, options.wildcards)) || (patternText === OWNER_ACCOUNT && notAccount(value, false));
}

/** The owner's region is known to differ from OTHER_REGION (either side may be the owner's). */
function ownerRegionMeetsOther(patternText: string, value: string): boolean {
  return (patternText === OWNER_REGION && value === OTHER_REGION) || (patternText === OTHER_REGION && value === OWNER_REGION);
}

/**
 * The request's region, a symbol, is known to differ from a region written out (`RequestContext.regionApart`), in either
 * case (a region is written in lower case, so it differs from the text in upper case too), and from text no region is
 * (`us-east-1,eu-west-1`, or `us-*` compared without wildcards).
 */
function regionSymbolApart(patternText: string, value: string, options: MatchOptions, ctx: RequestContext | undefined): boolean {
  const apart = ctx?.regionApart;
  if (!apart) return false;
  const differs = (text: string) => apart.from.has(text.toLowerCase()) || (!hasMarker(text) && holdsNoRegionCharacter(options.wildcards ? text.replace(/[*?]/g, '') : text));
  return (value === apart.region && differs(patternText)) || (patternText === apart.region && differs(value));
}

/** Some character of the text is one no region name holds (`us-east-1,eu-west-1`). */
function holdsNoRegionCharacter(text: string): boolean {
  return text !== '' && !isRegionText(text);
}

function toPatternElements(pieces: readonly PatternPiece[], options: MatchOptions): PatternElement[] {
  const elements: PatternElement[] = [];
  for (const piece of pieces) {
    for (const token of tokenize(piece.text)) {
      if (!('literal' in token)) {
        elements.push(token.text);
        continue;
      }
      if (piece.variable) {
        elements.push(piece.variable);
        continue;
      }
      const literal = options.ignoreCase ? token.literal.toLowerCase() : token.literal;
      for (const char of literal) {
        const wild = options.wildcards && !piece.verbatim;
        elements.push(wild && char === '*' ? STAR : wild && char === '?' ? ONE : char);
      }
    }
  }
  return elements;
}

function toValueElements(value: string, ignoreCase: boolean): string[] {
  // Most values hold no marker: one literal run, with nothing to tokenize.
  if (!hasMarker(value)) return characters(ignoreCase ? value.toLowerCase() : value);
  return tokenize(value).flatMap((token) => {
    if (!('literal' in token)) return [token.text];
    return characters(ignoreCase ? token.literal.toLowerCase() : token.literal);
  });
}

/**
 * The characters of a text as `Array.from` reads them (code points), split by `split('')` where that reads them the
 * same: Array.from steps an iterator for each character.
 */
function characters(text: string): string[] {
  return SURROGATE.test(text) ? Array.from(text) : text.split('');
}

/** A half of a character outside the Basic Multilingual Plane, which `split('')` would part from the other. */
const SURROGATE = /[\uD800-\uDFFF]/;

const isAtom = (element: string) => element.length > 1 && element.startsWith(MARK_START);

/**
 * Symbols that stand for text without a colon: an account id, a region, a partition, a DNS suffix. Where one meets a
 * `:` of the other side, no choice of its value reads it (`arn:aws:sagemaker:*:${AWS::AccountId}:model/*` under
 * StringLike never matches `arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:*`, which SageMaker
 * presents for a model).
 */
const COLON_FREE_SYMBOLS: ReadonlySet<string> = new Set([OWNER_ACCOUNT, OWNER_REGION, OWNER_PARTITION, OWNER_URL_SUFFIX, OTHER_REGION]);

/**
 * The characters those symbols are written with: digits (an account), letters, digits and hyphens (a region, a
 * partition), and dots (a DNS suffix). Never a literal `*` or `?`: compared literally (StringEquals),
 * `arn:aws:sagemaker:*:${AWS::AccountId}:*` never matches `arn:aws:sagemaker:${AWS::Region}:${AWS::AccountId}:*`.
 */
function isSymbolCharacter(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x2d || code === 0x2e;
}

/** A symbol of those, met by a literal character that no value of it holds. */
function symbolCannotRead(symbol: PatternElement | undefined, element: PatternElement | undefined): boolean {
  return typeof element === 'string' && typeof symbol === 'string' && COLON_FREE_SYMBOLS.has(symbol) && !isAtom(element) && !isSymbolCharacter(element.charCodeAt(0));
}

/**
 * Whether some string matches both the pattern and the value when every marker, of either side, may stand for any
 * string (a run, as a `*` of the pattern is): the search walks both at once, one character both read at a time.
 */
function someStringMatchesBoth(pattern: readonly PatternElement[], value: readonly string[]): boolean {
  const isRun = (element: PatternElement | undefined): boolean => element === STAR || (typeof element === 'string' && isAtom(element));
  const width = value.length + 1;
  const seen = new Uint8Array((pattern.length + 1) * width);
  const pending: number[] = [];
  const reach = (p: number, v: number) => {
    if (seen[p * width + v]) return;
    seen[p * width + v] = 1;
    pending.push(p * width + v);
  };
  reach(0, 0);
  for (let state = pending.pop(); state !== undefined; state = pending.pop()) {
    const p = Math.floor(state / width);
    const v = state % width;
    if (p === pattern.length && v === value.length) return true;
    const patternElement = pattern[p];
    const valueElement = value[v];
    const patternRun = isRun(patternElement);
    const valueRun = isRun(valueElement);
    // A run may end here, reading nothing more.
    if (patternRun) reach(p + 1, v);
    if (valueRun) reach(p, v + 1);
    if (patternElement === undefined || valueElement === undefined || (patternRun && valueRun)) continue;
    // Literal characters must be the same; `?` and a run read any one character, but a symbol without colons no `:` (nor any character it is not written with).
    if (!patternRun && !valueRun && patternElement !== ONE && patternElement !== valueElement) continue;
    if ((valueRun && symbolCannotRead(valueElement, patternElement)) || (patternRun && symbolCannotRead(patternElement, valueElement))) continue;
    reach(patternRun ? p : p + 1, valueRun ? v : v + 1);
  }
  return false;
}

/**
 * Whether some lengths of the policy variables' values (`policyVariableValue`) let the pattern and the value be as long
 * as each other. A variable holds one value in a request, on both sides: each of its atoms is that many characters, at
 * least one (a key with an empty value is a missing key: IAM User Guide, "Policy variables with no value"). Each
 * literal character and `?` is one character, a `*` any number. Atoms of any other kind, on one side more than the
 * other, may be any length: the answer is then yes. So `role/${aws:username}` never names `role/<its value>-x`, nor
 * `team-${aws:username}-*` the name `team-<its value>`, while `${aws:username}-x` may be `-x<its value>`.
 */
function lengthsMayAgree(pattern: readonly PatternElement[], value: readonly string[]): boolean {
  // What the value's characters outnumber the pattern's by, and by variable how many more times the pattern holds it.
  let gap = 0;
  let star = false;
  const excess = new Map<string, number>();
  for (const element of pattern) {
    if (element === STAR) star = true;
    else if (element === ONE || !isAtom(element)) gap--;
    else excess.set(element, (excess.get(element) ?? 0) + 1);
  }
  for (const element of value) {
    if (!isAtom(element)) gap++;
    else excess.set(element, (excess.get(element) ?? 0) - 1);
  }
  // The pattern's fixed length minus the value's, with each variable one character long: the least each may be.
  let least = -gap;
  let longer = false;
  let shorter = false;
  for (const [atom, count] of excess) {
    if (count === 0) continue;
    if (!isPolicyVariableValue(atom)) return true;
    least += count;
    if (count > 0) longer = true;
    else shorter = true;
  }
  // A variable the value holds more often lets the value outgrow whatever the pattern's `*` does not take; without a
  // `*`, variables that lengthen each side may meet at many lengths.
  if (shorter && (star || longer)) return true;
  // With each variable one character, the pattern's fixed part is `least` characters longer than the value. As the
  // variables grow, the pattern only lengthens (`longer`) or only shortens (`shorter`) against it; a `*` lengthens it too.
  if (star) return least <= 0;
  if (!longer && !shorter) return least === 0;
  if (longer) return least <= 0 && singleVariableDivides(excess, -gap);
  return least >= 0 && singleVariableDivides(excess, -gap);
}

/**
 * Without a `*`, with the variables only one side holds more of: where that is one variable, the difference of the
 * fixed lengths must be a multiple of how many more times it is held (`${aws:username}-${aws:username}` is odd in length,
 * never `<its value>` plus an even number of characters). With more, some lengths may add up.
 */
function singleVariableDivides(excess: ReadonlyMap<string, number>, fixedGap: number): boolean {
  let only: number | undefined;
  for (const count of excess.values()) {
    if (count === 0) continue;
    if (only !== undefined) return true;
    only = count;
  }
  return only === undefined || fixedGap % only === 0;
}

/** Glob matching with backtracking to the last `*` (linear in practice, never exponential). */
function globMatch(pattern: readonly PatternElement[], value: readonly string[]): boolean {
  let p = 0;
  let v = 0;
  let lastStar = -1;
  let resumeAt = 0;
  while (v < value.length) {
    const element = pattern[p];
    if (element === STAR) {
      lastStar = p++;
      resumeAt = v;
    } else if (element !== undefined && (element === ONE ? !isAtom(value[v]!) : element === value[v])) {
      p++;
      v++;
    } else if (lastStar >= 0) {
      p = lastStar + 1;
      v = ++resumeAt;
    } else {
      return false;
    }
  }
  while (pattern[p] === STAR) p++;
  return p === pattern.length;
}

/**
 * The six parts of an ARN pattern (the resource is everything after the fifth colon): split at the first five colons
 * outside verbatim pieces (`PatternPiece`), each one piece of the part it is written in, keeping each piece's flags;
 * undefined when there are fewer. Rules read a policy's parts as text (`splitArn`, `resourceArn` in rules/support.ts).
 */
function splitArnPieces(pieces: readonly PatternPiece[]): PatternPiece[][] | undefined {
  const parts: PatternPiece[][] = [[]];
  for (const piece of pieces) {
    if (piece.verbatim) {
      parts[parts.length - 1]!.push(piece);
      continue;
    }
    let rest = piece.text;
    let colon: number;
    while (parts.length < ARN_PARTS && (colon = rest.indexOf(':')) >= 0) {
      parts[parts.length - 1]!.push(withProperties(piece, { text: rest.slice(0, colon) }));
      parts.push([]);
      rest = rest.slice(colon + 1);
    }
    parts[parts.length - 1]!.push(withProperties(piece, { text: rest }));
  }
  return parts.length === ARN_PARTS ? parts : undefined;
}
