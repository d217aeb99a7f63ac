/** Terraform's `format` (Go fmt verbs as cty's stdlib implements them). */
import { Unresolved, hasMarker, isKnownAtPlan, isObject, unresolvedMarker, type Value } from '../../../src/model/index.js';
import { describe, formatNumber, rewrittenUnknown, toBool, toNumber, toText } from './convert.js';
import { jsonEncode } from './json.js';
import { unresolved } from './reasons.js';

const VERB = /%([-+# 0]*)(?:\[(\d+)\])?(\d*)(?:\.(\d*))?([a-zA-Z%])?/y;

export function format(spec: string, args: Value[]): string | Unresolved {
  let out = '';
  let next = 0;
  let position = 0;
  let used = 0;
  while (position < spec.length) {
    const percent = spec.indexOf('%', position);
    if (percent < 0) {
      out += spec.slice(position);
      break;
    }
    out += spec.slice(position, percent);
    VERB.lastIndex = percent;
    const match = VERB.exec(spec);
    if (!match || match[5] === undefined) return unresolved('type error', `format: unfinished verb at offset ${percent}`);
    position = VERB.lastIndex;
    const [, flags, argIndex, widthText, precisionText, verb] = match;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argIndex !== undefined) next = Number(argIndex) - 1;
    if (next >= args.length || next < 0) return unresolved('type error', `format: not enough arguments for %${verb}`);
    const arg = args[next++];
    used = Math.max(used, next);
    if (typeof arg === 'string' && !isKnownAtPlan(arg) && !writesVerbatim(verb, flags, widthText, precisionText)) {
      out += unresolvedMarker(rewrittenUnknown(`format's ${match[0]}`, arg));
      continue;
    }
    const piece = formatVerb(verb, flags, precisionText === undefined ? undefined : Number(precisionText || '0'), arg);
    if (piece instanceof Unresolved) return piece;
    out += pad(piece, widthText === '' ? 0 : Number(widthText), flags, verb);
  }
  if (used < args.length) return unresolved('type error', `format: too many arguments; only ${used} used by the format string`);
  return out;
}

/**
 * Whether a verb writes a string argument's text as it is: `%s` and `%v` with no width (which pads a text shorter than
 * it) and no precision (which cuts one longer); the others quote it, read it as a number or write its bytes.
 */
function writesVerbatim(verb: string, flags: string, widthText: string, precisionText: string | undefined): boolean {
  return (verb === 's' || (verb === 'v' && !flags.includes('#'))) && widthText === '' && precisionText === undefined;
}

function pad(text: string, width: number, flags: string, verb: string): string {
  const length = [...text].length;
  if (width <= length || hasMarker(text)) return text;
  const fill = width - length;
  if (flags.includes('-')) return text + ' '.repeat(fill);
  if (flags.includes('0') && 'dfeEgGxXob'.includes(verb)) {
    const sign = /^[-+ ]/.test(text) ? text[0] : '';
    return sign + '0'.repeat(fill) + text.slice(sign.length);
  }
  return ' '.repeat(fill) + text;
}

function formatVerb(verb: string, flags: string, precision: number | undefined, arg: Value): string | Unresolved {
  // An unknown argument leaves an unknown piece in the text, whatever the verb.
  if (arg instanceof Unresolved) return unresolvedMarker(arg);
  switch (verb) {
    case 'v':
      if (flags.includes('#') || Array.isArray(arg) || isObject(arg) || arg === null) return jsonEncode(arg);
      return toText(arg, 'a format argument');
    case 's': {
      const text = toText(arg, `the argument of %s`);
      if (text instanceof Unresolved) return text;
      return precision === undefined || hasMarker(text) ? text : [...text].slice(0, precision).join('');
    }
    case 'q': {
      const text = toText(arg, 'the argument of %q');
      return text instanceof Unresolved ? text : jsonEncode(text);
    }
    case 't': {
      const bool = toBool(arg, 'the argument of %t');
      return bool instanceof Unresolved ? bool : String(bool);
    }
    case 'd':
    case 'b':
    case 'o':
    case 'x':
    case 'X': {
      if (typeof arg === 'string' && hasMarker(arg)) return arg;
      if ((verb === 'x' || verb === 'X') && typeof arg === 'string') {
        const hex = Buffer.from(arg, 'utf8').toString('hex');
        return verb === 'X' ? hex.toUpperCase() : hex;
      }
      const number = toNumber(arg, `the argument of %${verb}`);
      if (number instanceof Unresolved) return number;
      if (!Number.isInteger(number)) return unresolved('type error', `format: %${verb} needs a whole number, not ${formatNumber(number)}`);
      const radix = { d: 10, b: 2, o: 8, x: 16, X: 16 }[verb];
      const digits = Math.abs(number).toString(radix);
      return sign(number, flags) + (verb === 'X' ? digits.toUpperCase() : digits);
    }
    case 'f':
    case 'e':
    case 'E':
    case 'g':
    case 'G': {
      if (typeof arg === 'string' && hasMarker(arg)) return arg;
      const number = toNumber(arg, `the argument of %${verb}`);
      if (number instanceof Unresolved) return number;
      return sign(number, flags) + floatText(Math.abs(number), verb, precision);
    }
    default:
      return unresolved('type error', `format: unsupported verb %${verb} for ${describe(arg)}`);
  }
}

function sign(number: number, flags: string): string {
  if (number < 0) return '-';
  if (flags.includes('+')) return '+';
  return flags.includes(' ') ? ' ' : '';
}

function floatText(number: number, verb: string, precision: number | undefined): string {
  if (verb === 'f') return number.toFixed(precision ?? 6);
  if (verb === 'e' || verb === 'E') {
    const text = number.toExponential(precision ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
    return verb === 'E' ? text.toUpperCase() : text;
  }
  // %g: the shortest representation (or `precision` significant digits), exponent only for large/small magnitudes.
  const exponent = number === 0 ? 0 : Math.floor(Math.log10(number));
  const significant = precision ?? -1;
  if (exponent < -4 || exponent >= (significant < 0 ? 21 : significant)) {
    const text = (significant < 0 ? number.toExponential() : number.toExponential(Math.max(significant - 1, 0))).replace(/\.?0+e/, 'e').replace(/e([+-])(\d)$/, 'e$10$2');
    return verb === 'G' ? text.toUpperCase() : text;
  }
  return significant < 0 ? formatNumber(number) : String(Number(number.toPrecision(Math.max(significant, 1))));
}
