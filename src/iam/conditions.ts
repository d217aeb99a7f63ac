/**
 * IAM condition evaluation in three-valued logic (IAM User Guide: "Condition operators", "Single-valued vs.
 * multivalued context keys", "Policy variables"). Operators and keys are ANDed, the values of one key ORed.
 */
import type { ConditionEntry } from '../model/policy.js';
import { triAnd, triNot, triOr, type Tri } from '../model/tri.js';
import { MARK_END, MARK_START, NO_VARIABLE_VALUE, hasMarker, isKnownAtPlan, isPolicyVariableValue, isUnresolved, policyVariableValue, tokenize, unreadVariableValue, type Unresolved } from '../model/value.js';
import { matchArn, matchString, type Pattern, type PatternPiece } from './match.js';
import { ifExistsPassesMissingKey, parseOperator, type ParsedOperator } from './operators.js';
import { KEYS_OF_EVERY_REQUEST, SECOND, TIME_KEYS, currentTimeText, firstRequestTime, requestContext, withKeysAbsent, type RequestContext } from './request.js';
import { withProperties } from '../model/objects.js';

type KeyState = { state: 'present'; values: readonly string[] } | { state: 'absent' } | { state: 'unknown' };

export function evaluateConditions(entries: readonly ConditionEntry[], ctx: RequestContext): Tri {
  // Evaluated for every statement and probe: a plain loop, no arrays or closures per call.
  let result: Tri = true;
  for (const entry of entries) {
    const holds = evaluateConditionEntry(entry, ctx);
    if (holds === false) return false;
    if (holds === 'unknown') result = 'unknown';
  }
  return result;
}

export function evaluateConditionEntry(entry: ConditionEntry, ctx: RequestContext): Tri {
  if (entry.unresolved) return 'unknown';
  const operator = parseOperator(entry.operator);
  if ('error' in operator) return 'unknown'; // reported by policy-invalid-condition-operator
  const key = lookupKey(entry.key, ctx);
  if (key.state === 'unknown') return 'unknown';
  if (operator.family === 'Null') return qualifiedNull(operator, evaluateNull(entry, key.state === 'absent'), key.state === 'absent');

  if (key.state === 'absent') {
    if (ifExistsPassesMissingKey(operator) || operator.setQualifier === 'ForAllValues') return true;
    if (operator.setQualifier === 'ForAnyValue') return false;
    return operator.negated; // negated operators hold on a missing key
  }

  // For a negated operator a request value passes when it matches none of the policy values.
  const passes = (requestValue: string): Tri => {
    const matchesAny = triOr(entry.values.map(({ value }) => compareValue(operator, requestValue, value, ctx, entry.literalVariables === true)));
    return operator.negated ? triNot(matchesAny) : matchesAny;
  };
  if (operator.setQualifier === 'ForAllValues') return triAnd(key.values.map(passes));
  if (operator.setQualifier === 'ForAnyValue') return triOr(key.values.map(passes));
  // A multivalued request key needs a set qualifier; IAM does not document the result without one.
  return key.values.length === 1 ? passes(key.values[0]!) : 'unknown';
}

/**
 * Whether a condition written with only empty values (a statement's `unsetConditions`) fails on every request: IAM
 * reads a key with an empty value as missing (IAM User Guide, "Condition operators"), so no request value equals `""`,
 * and a positive operator fails on a missing key: `StringEquals: {iam:PassedToService: ""}` passes no request, while
 * `StringNotEquals`, `...IfExists` and `ForAllValues:` of `""` hold where the key is missing, and limit nothing.
 */
export function holdsForNoRequest(entry: ConditionEntry): boolean {
  if (!writtenEmpty(entry)) return false;
  return evaluateConditionEntry(entry, requestContext({}, [entry.key])) === false && evaluateConditionEntry(entry, requestContext({ [entry.key]: ANY_REQUEST_VALUE })) === false;
}

/**
 * Whether the condition was written with empty texts only (`""`, `[""]`), which IAM compares as written; not an empty
 * list or an operator with no key, which name nothing to compare.
 */
export function writtenEmpty(entry: ConditionEntry): boolean {
  return !entry.unresolved && entry.key !== '' && entry.values.length > 0 && entry.values.every(({ value }) => value === '');
}

/** A value a request carries, which no empty text equals or matches. */
const ANY_REQUEST_VALUE = 'any-value';

/**
 * Whether the conditions may hold, for some value of those not known, for every request the context stands for: not
 * where they fail for one of them whatever those values are. A key the context does not tell may be missing from the
 * request (`withoutUntoldKeys`), and on a missing key the values decide nothing (IAM User Guide, "Condition
 * operators": the condition is false, true for a negated operator, as `...IfExists`, `Null` and the set qualifiers
 * read it): `StringEquals aws:SourceVpce: <not known>` fails for every request through no endpoint, so does not hold
 * for every request, while `StringNotEquals` of it holds for those, and may for the rest.
 */
export function mayHoldForEveryRequest(entries: readonly ConditionEntry[], ctx: RequestContext, mayLack: (key: string) => boolean = notInEveryRequest): boolean {
  return evaluateConditions(entries, ctx) !== false && evaluateConditions(entries, withoutUntoldKeys(entries, ctx, mayLack)) !== false;
}

/**
 * The request the context stands for without each key of the conditions that it does not tell (neither present nor
 * absent) and that a request may lack (`mayLack`, of the key lower-cased; by default every key but those every request
 * carries): a condition's key, and one a policy variable in its values reads (`${aws:PrincipalTag/owner}` of a group's
 * member, which may have no such tag). One context per context and keys.
 */
export function withoutUntoldKeys(entries: readonly ConditionEntry[], ctx: RequestContext, mayLack: (key: string) => boolean = notInEveryRequest): RequestContext {
  let untold: string[] | undefined;
  for (const entry of entries) {
    if (entry.unresolved) continue;
    for (const key of keysRead(entry)) if (mayLack(key) && lookupKey(key, ctx).state === 'unknown' && !untold?.includes(key)) (untold ??= []).push(key);
  }
  return untold ? withKeysAbsent(ctx, untold) : ctx;
}

/** The keys, lower-cased, a condition reads: its own, and those the policy variables in its values read; remembered. */
export function keysRead(entry: ConditionEntry): readonly string[] {
  let keys = keysReadBy.get(entry);
  if (keys === undefined) {
    keys = [entry.key, ...entry.values.flatMap(({ value }) => (typeof value === 'string' ? variableKeys(value) : []))].map((name) => name.toLowerCase());
    keysReadBy.set(entry, keys);
  }
  return keys;
}

const keysReadBy = new WeakMap<ConditionEntry, readonly string[]>();

/** A key (lower-cased) that is not among those every request carries (`KEYS_OF_EVERY_REQUEST`). */
export function notInEveryRequest(key: string): boolean {
  return !KEYS_OF_EVERY_REQUEST.has(key);
}

/** A key present with no values counts as absent (the IAM guide: "missing context keys or context keys with empty values"). */
function lookupKey(key: string, ctx: RequestContext): KeyState {
  const lower = key.toLowerCase();
  const values = ctx.present.get(lower);
  if (values && values.length > 0) return { state: 'present', values };
  if (values || ctx.absent.has(lower) || ctx.absentPrefixes?.some((prefix) => lower.startsWith(prefix))) return { state: 'absent' };
  return { state: 'unknown' };
}

/** Whether the request tells the key: present (with values or none), or absent (`lookupKey`). */
export function keyKnown(key: string, ctx: RequestContext): boolean {
  return lookupKey(key, ctx).state !== 'unknown';
}

/** `Null: {key: "true"}` holds when the key is absent, `"false"` when it is present. */
function evaluateNull(entry: ConditionEntry, isAbsent: boolean): Tri {
  return triOr(
    entry.values.map(({ value }): Tri => {
      if (isUnresolved(value) || hasMarker(value)) return 'unknown';
      const expected = value.toLowerCase();
      if (expected === 'true') return isAbsent;
      if (expected === 'false') return !isAbsent;
      return 'unknown';
    }),
  );
}

/**
 * `ForAllValues:Null` / `ForAnyValue:Null`: IAM accepts them, and documents neither. On a request with the key they are
 * `Null` (every reading agrees: nothing to quantify but the key being there). On one without it, `Null` is read either
 * as it is or as the qualifier reads a missing key (`ForAllValues:` true, `ForAnyValue:` false), and simulators differ:
 * the outcome is known only where both readings give it.
 */
function qualifiedNull(operator: ParsedOperator, plain: Tri, isAbsent: boolean): Tri {
  if (!operator.setQualifier || !isAbsent) return plain;
  const vacuous = operator.setQualifier === 'ForAllValues';
  return plain === vacuous ? plain : 'unknown';
}

/**
 * Whether one request value matches one policy value under the operator's *positive* form; `literalVariables`: the
 * policy's `${...}` is text (`ConditionEntry.literalVariables`).
 */
function compareValue(operator: ParsedOperator, requestValue: string, policyValue: string | Unresolved, ctx: RequestContext, literalVariables: boolean): Tri {
  if (ctx.strangerAccounts && namesNoChosenAccount(policyValue, literalVariables) && exactComparison(operator) && holdsStrangerAccount(requestValue, ctx.strangerAccounts)) return false;
  if (isUnresolved(policyValue)) return 'unknown';
  switch (operator.family) {
    // The operators IAM substitutes policy variables under (IAM User Guide: "Condition operators").
    case 'String':
    case 'Arn':
    case 'Bool': {
      const pattern = literalVariables ? policyValue : substituteVariables(policyValue, ctx);
      if (pattern === 'unknown') return 'unknown';
      if (operator.family === 'Arn') return matchArn(pattern, requestValue, ctx);
      return matchString(pattern, requestValue, operator.family === 'Bool' ? BOOL_COMPARISON : operator, ctx);
    }
    case 'Binary':
      return matchString(policyValue, requestValue, { wildcards: false, ignoreCase: false }, ctx);
    case 'Numeric':
      return compareOrdered(operator, requestValue, policyValue, numberReadings);
    case 'Date':
      return compareOrdered(operator, requestValue, policyValue, iamDateReadings);
    case 'IpAddress':
      return compareIp(requestValue, policyValue);
    case 'Null':
      return 'unknown'; // handled by evaluateNull
  }
}

/** How `Bool` compares: `true`/`false` in any case, no wildcards. */
const BOOL_COMPARISON = { wildcards: false, ignoreCase: true } as const;

/** Operators that compare whole values, without wildcards or ranges: each policy value admits one request value. */
function exactComparison(operator: ParsedOperator): boolean {
  if (operator.wildcards) return false;
  if (operator.family === 'String') return true;
  if (operator.family !== 'Numeric' && operator.family !== 'Date') return false;
  const relation = operator.base.slice(operator.family.length);
  return relation === 'Equals' || relation === 'NotEquals';
}

/**
 * A policy value not known statically and without policy variables (`RequestContext.strangerAccounts`): one string fixed
 * at deploy, which names at most one of the accounts a stranger may choose. A value known statically is compared as
 * written; a policy variable reads the request itself.
 */
function namesNoChosenAccount(policyValue: string | Unresolved, literalVariables: boolean): boolean {
  if (isUnresolved(policyValue)) return true;
  // Most values are written out: no marker at all.
  if (!hasMarker(policyValue) || isKnownAtPlan(policyValue)) return false;
  if (literalVariables) return true;
  return !tokenize(policyValue).some((token) => 'literal' in token && token.literal.includes('${'));
}

/**
 * Whether a request value holds, written out, one of the accounts a stranger chose (as a whole, or the account of an
 * ARN). Its other parts (the owner's partition, a role name shaped after the policy) do not change with the account:
 * each choice of account makes another value, so a policy value equals the request's for one account at most.
 */
function holdsStrangerAccount(requestValue: string, accounts: ReadonlySet<string>): boolean {
  for (const token of hasMarker(requestValue) ? tokenize(requestValue) : [{ literal: requestValue }]) {
    if (!('literal' in token)) continue;
    for (const account of accounts) if (token.literal.includes(account)) return true;
  }
  return false;
}

/**
 * A Numeric or Date comparison of the request's value with the policy's, each read as IAM reads it, as written: a value
 * IAM cannot compare matches nothing. A Date value with two readings (`iamDateReadings`: `2999`) decides the comparison
 * only where both give the same answer.
 */
function compareOrdered(operator: ParsedOperator, requestValue: string, policyValue: string, read: (text: string) => readonly number[]): Tri {
  if (hasMarker(requestValue) || hasMarker(policyValue)) return 'unknown';
  const relation = operator.base.slice(operator.family.length);
  let answer: Tri | undefined;
  for (const actual of read(requestValue)) {
    for (const expected of read(policyValue)) {
      const compared = compareNumbers(relation, actual, expected);
      if (answer !== undefined && answer !== compared) return 'unknown';
      answer = compared;
    }
  }
  return answer ?? false;
}

function compareNumbers(relation: string, actual: number, expected: number): Tri {
  switch (relation) {
    case 'Equals':
    case 'NotEquals': // negation is applied by the caller
      return actual === expected;
    case 'LessThan':
      return actual < expected;
    case 'LessThanEquals':
      return actual <= expected;
    case 'GreaterThan':
      return actual > expected;
    case 'GreaterThanEquals':
      return actual >= expected;
    default:
      return 'unknown';
  }
}

/** A Numeric operator's value as IAM reads it: one number, or none. */
function numberReadings(text: string): number[] {
  const number = parseNumber(text);
  return number === undefined ? [] : [number];
}

export function parseNumber(text: string): number | undefined {
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : undefined;
}

/**
 * The W3C profile of ISO 8601 that IAM documents for the Date operators: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`,
 * `YYYY-MM-DDThh:mm[:ss[.s]]TZD` (no zone is UTC).
 */
const W3C_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$/;

/**
 * The times, in milliseconds since the epoch, IAM may read a Date operator's value as (IAM User Guide, "Date condition
 * operators": "one of the W3C implementations of the ISO 8601 date formats or in epoch (UNIX) time"): a date of the W3C
 * profile (`W3C_DATE`), or epoch seconds; both for four digits (`2999`: the year 2999, or 2999 seconds after 1970),
 * which the guide does not say how IAM reads. None for any other text, which IAM cannot compare: ISO 8601's basic
 * format (`20000101T000000Z`), blanks around, a day that does not exist. Every reader of a Date value reads it so: the
 * conditions' evaluation, the times they tell apart (`conditionTimes`), policy-condition-type-mismatch (`isIamDate`).
 */
export function iamDateReadings(text: string): number[] {
  const readings = /^\d+$/.test(text) ? [Number(text) * SECOND] : [];
  const match = W3C_DATE.exec(text);
  if (!match) return readings;
  const [year, month = 1, day = 1, hour = 0, minute = 0, second = 0] = match.slice(1, 7).map((part) => (part === undefined ? undefined : Number(part)));
  const date = new Date(Date.UTC(year!, month - 1, day));
  date.setUTCFullYear(year!);
  const valid = date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second < 61 && zoneOffsetMinutes(match[8]) !== undefined;
  if (!valid) return readings;
  const millis = match[7] ? Math.floor(Number(`0.${match[7]}`) * SECOND) : 0;
  return [...readings, date.getTime() + ((hour * 60 + minute) * 60 + second) * SECOND + millis - zoneOffsetMinutes(match[8])! * 60 * SECOND];
}

/** Whether IAM reads the text as a Date operator's value (`iamDateReadings`). */
export function isIamDate(value: string): boolean {
  return iamDateReadings(value).length > 0;
}

/** The minutes a W3C zone (`Z`, `+05:00`, `-0130`) is ahead of UTC; undefined for hours or minutes out of range. */
function zoneOffsetMinutes(zone: string | undefined): number | undefined {
  if (!zone || zone === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2));
  if (hours >= 24 || minutes >= 60) return undefined;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

function compareIp(requestValue: string, policyValue: string): Tri {
  if (hasMarker(requestValue) || hasMarker(policyValue)) return 'unknown';
  const range = parseCidr(policyValue.trim());
  const address = parseIp(requestValue.trim());
  if (!range || !address || range.version !== address.version) return false;
  const shift = BigInt((range.version === 4 ? 32 : 128) - range.prefix);
  return address.bits >> shift === range.bits >> shift;
}

interface IpAddressBits {
  version: 4 | 6;
  bits: bigint;
}

/** `a.b.c.d/n` or `x:y::z/n`; a bare address is a full-length prefix. */
export function parseCidr(text: string): (IpAddressBits & { prefix: number }) | undefined {
  const [addressText = '', prefixText, ...extra] = text.split('/');
  const address = parseIp(addressText);
  if (!address || extra.length > 0) return undefined;
  const width = address.version === 4 ? 32 : 128;
  if (prefixText === undefined) return withProperties(address, { prefix: width });
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > width) return undefined;
  return withProperties(address, { prefix: Number(prefixText) });
}

export function parseIp(text: string): IpAddressBits | undefined {
  if (text.includes(':')) {
    const bits = parseIpv6(text);
    return bits === undefined ? undefined : { version: 6, bits };
  }
  const bits = parseIpv4(text);
  return bits === undefined ? undefined : { version: 4, bits };
}

function parseIpv4(text: string): bigint | undefined {
  const octets = text.split('.');
  if (octets.length !== 4 || !octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255)) return undefined;
  return octets.reduce((bits, octet) => (bits << 8n) | BigInt(octet), 0n);
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (half: string): string[] | undefined => {
    if (half === '') return [];
    const groups = half.split(':');
    const last = groups[groups.length - 1]!;
    if (last.includes('.')) {
      // An embedded IPv4 tail (`::ffff:192.0.2.1`) is two 16-bit groups.
      const ipv4 = parseIpv4(last);
      if (ipv4 === undefined) return undefined;
      groups.splice(-1, 1, (ipv4 >> 16n).toString(16), (ipv4 & 0xffffn).toString(16));
    }
    return groups;
  };
  if (halves.length === 2 && halves[0]!.includes('.')) return undefined; // an IPv4 tail must come last
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...Array<string>(missing).fill('0'), ...tail];
  if (!groups.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))) return undefined;
  return groups.reduce((bits, group) => (bits << 16n) | BigInt(`0x${group}`), 0n);
}

const ESCAPES = new Map([['*', '*'], ['?', '?'], ['$', '$']]);
const VARIABLE = /\$\{([^}]*)\}/g;
/**
 * A variable as IAM reads one (IAM User Guide, "Specifying default values": "surround the default value with single
 * quotes (' '), and separate the variable text and the default value with a comma and space (, )"): a key without
 * spaces, then maybe `, '` a default `'`. How IAM reads other text (`${aws:username,'x'}`, `${aws:username, "x"}`,
 * `${ aws:username }`) the guide does not say: it is not known (`unreadVariableValue`).
 */
const VARIABLE_BODY = /^([^\s,']+)(?:, '([^']*)')?$/;

/**
 * The policy variables a text writes, outside its markers: a marker's payload tells how the input writes a value not
 * known (`Fn::Split of "${Env}-x"`, a parameter's allowed `${aws:username}`), and holds no variable of the policy.
 */
function variableMatches(text: string): RegExpExecArray[] {
  const matches = [...text.matchAll(VARIABLE)];
  if (!hasMarker(text)) return matches;
  // A variable may hold a whole marker (a default written `${aws:username, '${var.name}'}`), not begin or end in one.
  const inMarker = (index: number) => text.lastIndexOf(MARK_START, index) > text.lastIndexOf(MARK_END, index);
  return matches.filter((match) => !inMarker(match.index) && !inMarker(match.index + match[0].length - 1));
}

/** The request keys a text's policy variables read (`${aws:PrincipalTag/team}` → `aws:PrincipalTag/team`). */
export function variableKeys(text: string): string[] {
  return variableMatches(text).flatMap((match) => (ESCAPES.has(match[1]!) ? [] : (VARIABLE_BODY.exec(match[1]!)?.slice(1, 2) ?? [])));
}

/**
 * The keys, lower-cased, of a text's policy variables written with a default (`${aws:username, 'x'}`), once each: a
 * request without one of them reads the default there, and any other variable on that key as having no value.
 */
export function defaultedKeys(text: string): string[] {
  const keys = new Set<string>();
  for (const match of variableMatches(text)) {
    const variable = VARIABLE_BODY.exec(match[1]!);
    if (variable?.[2] !== undefined) keys.add(variable[1]!.toLowerCase());
  }
  return [...keys];
}

/** The text with its policy variables substituted from the request; undefined where one has no single value there. */
export function substitutedText(text: string, ctx: RequestContext): string | undefined {
  const pattern = substituteVariables(text, ctx);
  if (pattern === 'unknown') return undefined;
  if (typeof pattern === 'string') return pattern;
  return pattern.some((piece) => piece.variable === NO_VARIABLE_VALUE) ? undefined : pattern.map((piece) => piece.text).join('');
}

/**
 * A Resource (NotResource) entry of a policy that reads policy variables, as a pattern for the request: each variable
 * with a single value there substituted (`substituteVariables`: `${aws:PrincipalAccount}` is the account of the
 * owner's principals, `${aws:username, 'x'}` is `x` in a request without aws:username). One the request does not say,
 * or holds with the value the variable stands for (`policyVariableValue`: a group's member's name), stays as written, a
 * `variable` piece (`PatternPiece`): one string for each request, not known, which may be a name a policy writes
 * (`role/${aws:username}` may name `role/admin`: the match is 'unknown') but not one of the probes rules ask about
 * (`namesProbe`), which name resources no policy names (`role/${aws:username}` does not name `role/deputy-probe`, and a
 * Deny of NotResource `role/${aws:username}` refuses it), and is the value the same variable holds
 * (`policyVariableValue`: `role/${aws:username}` names what an Allow on it grants, and so does
 * `role/${aws:username, 'x'}` in a request with aws:username). One with no value there is `NO_VARIABLE_VALUE`: the entry
 * names no resource.
 */
export function requestPattern(text: string, ctx: RequestContext | undefined): Pattern {
  return substituteVariables(text, ctx, true);
}

/**
 * Substitutes policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'default'}`) from the request.
 * Substituted text and the escapes `${*}`, `${?}`, `${$}` are verbatim: never wildcards. A variable with no value (its
 * key absent from the request and no default) is a `NO_VARIABLE_VALUE` piece, which matches nothing; text outside the grammar
 * (`VARIABLE_BODY`) makes the whole 'unknown', or with `keepNotKnown` is a `variable` piece (`unreadVariableValue`). One without a single value in the request, which may hold it, makes the whole
 * 'unknown', or with `keepNotKnown` stays as written (a `variable` piece).
 */
function substituteVariables(text: string, ctx: RequestContext | undefined): Pattern | 'unknown';
function substituteVariables(text: string, ctx: RequestContext | undefined, keepNotKnown: true): Pattern;
function substituteVariables(text: string, ctx: RequestContext | undefined, keepNotKnown = false): Pattern | 'unknown' {
  if (!text.includes('${')) return text;
  const pieces: PatternPiece[] = [];
  let index = 0;
  for (const match of variableMatches(text)) {
    const body = match[1]!;
    let piece: PatternPiece | undefined = ESCAPES.has(body) ? { text: ESCAPES.get(body)!, verbatim: true } : undefined;
    if (piece === undefined) {
      const variable = VARIABLE_BODY.exec(body);
      const key = variable && ctx ? lookupKey(variable[1]!, ctx) : ({ state: 'unknown' } as const);
      // A value the request holds that is a policy variable's (a group's member's name) is not known: kept as written.
      if (key.state === 'present' && key.values.length === 1 && !isPolicyVariableValue(key.values[0]!)) piece = { text: key.values[0]!, verbatim: true };
      else if (key.state === 'absent') piece = variable?.[2] !== undefined ? { text: variable[2], verbatim: true } : { text: match[0], verbatim: true, variable: NO_VARIABLE_VALUE };
      else if (!keepNotKnown) return 'unknown';
      else piece = { text: match[0], verbatim: true, variable: variable ? policyVariableValue(variable[1]!) : unreadVariableValue(body) };
    }
    pieces.push({ text: text.slice(index, match.index) }, piece);
    index = match.index + match[0].length;
  }
  pieces.push({ text: text.slice(index) });
  return pieces;
}

/** The latest time a Date holds (year 275760): a policy's later dates are no request's time. */
const LATEST_DATE = 8.64e15;

/**
 * The times at which a request may be made, as the conditions on its time tell them apart: now, and every later instant
 * at which a date of their aws:CurrentTime / aws:EpochTime conditions changes their outcome (the date and a second
 * after it, for each reading of it: `iamDateReadings`; for a string pattern on aws:CurrentTime, the earliest time that
 * begins as the pattern does before its first wildcard and the earliest later one that does not). Between two of these
 * the conditions all keep their outcome. A request cannot be made in the past.
 */
export function conditionTimes(conditions: readonly ConditionEntry[], now: number): number[] {
  const times = new Set([now]);
  for (const condition of conditions) {
    if (!onRequestTime(condition)) continue;
    const operator = parseOperator(condition.operator);
    const ignoreCase = !('error' in operator) && operator.ignoreCase;
    for (const entry of condition.values) {
      if (typeof entry.value !== 'string' || hasMarker(entry.value)) continue;
      const text = ignoreCase ? entry.value.toUpperCase() : entry.value;
      // A date, or epoch seconds as the Numeric operators read them (`+1924992000`, `1924992000.5`).
      const seconds = parseNumber(text);
      const dates = [...iamDateReadings(text), ...(seconds === undefined ? [] : [Math.floor(seconds) * SECOND])];
      const changes = dates.length === 0 ? timesMatchingBounds(condition.key, text) : dates.flatMap((date) => [date, date + SECOND]);
      for (const time of changes) if (time > now && time <= LATEST_DATE) times.add(time);
    }
  }
  return [...times];
}

/**
 * The outcomes of conditions at times in order (`conditionTimes`) from the scan's instant `now` on, each that lasts one
 * second alone between two others that agree read as theirs (a date and the second after it: `DateEquals`,
 * `DateNotEquals`, `StringEquals` of an instant). What the conditions do for the requests of one second is practically
 * nothing: a window that holds only then grants nothing, one that fails only then limits nothing. The scan's own second
 * is past by the time the template is deployed: an outcome there that changes at the next second is read as that
 * second's (`DateEquals` of the scan's second grants nothing, `DateNotEquals` of it limits nothing).
 */
export function lastingOutcomes<T>(times: readonly number[], outcomes: readonly T[], now: number): T[] {
  const lasting = outcomes.map((outcome, index) => (index > 0 && index < times.length - 1 && times[index + 1]! - times[index]! <= SECOND && outcomes[index - 1] === outcomes[index + 1] ? outcomes[index - 1]! : outcome));
  const first = firstRequestTime(now);
  for (let index = times.length - 2; index >= 0; index--) if (times[index]! < first && times[index + 1]! <= first) lasting[index] = lasting[index + 1]!;
  return lasting;
}

/**
 * The times aws:CurrentTime can hold as `timeKeys` writes it, years 0 to 9999: their ISO 8601 strings all have the
 * same form, so they sort as the times do.
 */
const FIRST_TIME = Date.parse('0000-01-01T00:00:00.000Z');
const LAST_TIME = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * For a string pattern on aws:CurrentTime, the earliest time whose aws:CurrentTime begins as the pattern does before
 * its first wildcard (`2099-04-3*`: 2099-04-30) and the earliest later time whose aws:CurrentTime does not (2099-05-01),
 * where such times are; none for another key, a pattern without a wildcard or one that begins with it.
 */
function timesMatchingBounds(key: string, pattern: string): number[] {
  const wildcard = pattern.search(/[*?]/);
  if (key.toLowerCase() !== 'aws:currenttime' || wildcard <= 0) return [];
  const start = pattern.slice(0, wildcard);
  const first = earliestTimeFrom(start);
  if (first === undefined || !currentTimeText(first).startsWith(start)) return [];
  // The strings that begin with `start` are those from it up to, not including, `start` with its last character the next one.
  const after = earliestTimeFrom(start.slice(0, -1) + String.fromCharCode(start.charCodeAt(start.length - 1) + 1));
  return after === undefined ? [first] : [first, after];
}

/** The earliest time whose aws:CurrentTime does not sort before the text; undefined when none is that late. */
function earliestTimeFrom(text: string): number | undefined {
  let low = FIRST_TIME;
  let high = LAST_TIME + 1;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (currentTimeText(middle) >= text) high = middle;
    else low = middle + 1;
  }
  return low > LAST_TIME ? undefined : low;
}

/** Whether the condition is on a key that holds the request's time (`TIME_KEYS`). */
export function onRequestTime(condition: ConditionEntry): boolean {
  return TIME_KEYS.includes(condition.key.toLowerCase());
}

/**
 * Whether a condition reads the request's time as its key holds it, each of its values written out and read so: a
 * Date operator on aws:CurrentTime or aws:EpochTime, a Numeric one on aws:EpochTime (epoch seconds), a String one of
 * the key's text (`timeKeys`: `2026-12-07T12:00:00Z`, `1796558400`) whose values tell apart the times they match
 * (`conditionTimes`: a text, `*`, or on aws:CurrentTime a text then `*`), or `Null`, which asks only whether the time is
 * there. Another operator on those keys, or a value IAM does not read as written (`isIamDate`; a number with blanks
 * around), is policy-condition-type-mismatch's to report: the time is then no value the condition names.
 */
export function comparesRequestTime(entry: ConditionEntry): boolean {
  const operator = parseOperator(entry.operator);
  if (entry.unresolved || 'error' in operator || !onRequestTime(entry) || entry.values.length === 0) return false;
  if (operator.family === 'Null') return true;
  const epoch = entry.key.toLowerCase() === 'aws:epochtime';
  const reads = operator.family === 'Date' ? isIamDate : operator.family === 'Numeric' && epoch ? (text: string) => parseNumber(text) !== undefined : operator.family === 'String' ? (text: string) => timesTold(text, epoch) : undefined;
  return reads !== undefined && entry.values.every(({ value }) => typeof value === 'string' && !hasMarker(value) && reads(value));
}

/**
 * Whether a String operator's value on the request's time tells apart the times it matches (`conditionTimes`): one
 * without policy variables or `?`, whose `*`s all end it, after a start on aws:CurrentTime (`2999-*`) or alone.
 */
function timesTold(text: string, epoch: boolean): boolean {
  if (text.includes('${') || text.includes('?')) return false;
  const wildcard = text.indexOf('*');
  return wildcard === -1 || (/^\**$/.test(text.slice(wildcard)) && (wildcard === 0 || !epoch));
}
