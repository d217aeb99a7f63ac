/**
 * Translates an RE2 pattern (Terraform's regex engine) to a JavaScript RegExp where both engines agree.
 * Constructs whose meaning differs or that JavaScript lacks make the call unresolved instead of guessed; `caller`, the
 * function the pattern is given to, names the call in the reason.
 */
import type { Unresolved } from '../../../src/model/index.js';
import { unresolved } from './reasons.js';

const cache = new Map<string, RegExp | Unresolved>();

export function translateRegex(pattern: string, caller: string): RegExp | Unresolved {
  const key = `${caller}\u0000${pattern}`;
  let result = cache.get(key);
  if (result === undefined) {
    result = translate(pattern, caller);
    if (cache.size > 1000) cache.clear();
    cache.set(key, result);
  }
  if (result instanceof RegExp) result.lastIndex = 0;
  return result;
}

function translate(pattern: string, caller: string): RegExp | Unresolved {
  const unsupported = (what: string) => unresolved('unsupported function', `${caller} with the regular expression /${pattern}/ (${what})`);
  if (OUTSIDE_SHARED_READING.test(pattern)) return unsupported('characters outside ASCII');
  let flags = 'g';
  let index = 0;
  const leading = /^\(\?([imsU]+)\)/.exec(pattern);
  if (leading) {
    if (leading[1].includes('U')) return unsupported('ungreedy flag');
    flags += [...new Set(leading[1])].join('');
    index = leading[0].length;
  }
  let out = '';
  let inClass = false;
  while (index < pattern.length) {
    const char = pattern[index];
    if (char === '\\') {
      const next = pattern[index + 1];
      if (next === undefined) return unresolved('type error', `${caller}: the regular expression /${pattern}/ ends with a backslash`);
      if (!inClass && next === 'A') out += flags.includes('m') ? '(?<![\\s\\S])' : '^';
      else if (!inClass && next === 'z') out += flags.includes('m') ? '(?![\\s\\S])' : '$';
      else if ('QEpPCXGZ'.includes(next) || /[1-9]/.test(next) || (next === 'x' && pattern[index + 2] === '{')) return unsupported(`\\${next}`);
      else out += char + next;
      index += 2;
      continue;
    }
    if (inClass) {
      if (pattern.startsWith('[:', index)) return unsupported('POSIX class');
      if (char === ']') inClass = false;
      out += char;
      index++;
      continue;
    }
    if (char === '[') {
      const classStart = pattern[index + 1] === '^' ? index + 2 : index + 1;
      // RE2 reads `[]a]` as a class holding `]`; JavaScript reads `[]` as an empty class.
      if (pattern[classStart] === ']') return unsupported('"]" first in a class');
      inClass = true;
      out += pattern.slice(index, classStart);
      index = classStart;
      continue;
    }
    if (char === '(' && pattern[index + 1] === '?') {
      if (pattern.startsWith('(?P<', index)) {
        out += '(?<';
        index += 4;
        continue;
      }
      if (pattern.startsWith('(?:', index) || (pattern.startsWith('(?<', index) && /[A-Za-z_]/.test(pattern[index + 3] ?? ''))) {
        out += pattern.slice(index, index + 3);
        index += 3;
        continue;
      }
      return unsupported(`group ${pattern.slice(index, index + 4)}`);
    }
    out += char;
    index++;
  }
  try {
    return new RegExp(out, flags);
  } catch (error) {
    return unresolved('type error', `${caller}: invalid regular expression /${pattern}/: ${(error as Error).message}`);
  }
}

/**
 * Where RE2 and JavaScript read a text apart: outside ASCII (case folding, `\\s`, `\\b`, characters beyond the basic
 * plane) and at a carriage return, which RE2's `.` matches and JavaScript's does not.
 */
const OUTSIDE_SHARED_READING = /[^\x00-\x7f]|\r/;

/**
 * The successive matches of a translated pattern in a text, as Go's regexp finds them: an empty match right where the
 * match before it ended is not one (JavaScript's matchAll returns it). Unresolved for a text the engines read apart.
 */
export function goMatches(regex: RegExp, text: string, caller: string): RegExpExecArray[] | Unresolved {
  if (OUTSIDE_SHARED_READING.test(text)) return unresolved('unsupported function', `${caller} on a text with characters outside ASCII or a carriage return, which RE2 and JavaScript match apart`);
  const matches: RegExpExecArray[] = [];
  let previousEnd = -1;
  for (const match of text.matchAll(regex)) {
    if (match[0] !== '' || match.index !== previousEnd) matches.push(match);
    previousEnd = match.index + match[0].length;
  }
  return matches;
}

/**
 * Whether a translated pattern may find a match that reaches into a value made of `characters` (`editsOwnerSymbol`):
 * where one of its atoms (a character, an escape, a class, `.`) matches one of them, which a match reaching into the
 * value takes; or where it finds an empty match (`_*`, `\b`), which a replace finds between the value's characters
 * too. Read from the pattern's atoms, whatever their place: one that no match takes (in a lookahead) still counts.
 */
export function patternReaches(regex: RegExp, characters: string): boolean {
  const flags = regex.flags.replace(/[gy]/g, '');
  const { source } = regex;
  for (let index = 0; index < source.length; ) {
    const { length, takes } = atomAt(source, index);
    if (takes) {
      const atom = new RegExp(`^(?:${source.slice(index, index + length)})$`, flags);
      if ([...characters].some((character) => atom.test(character))) return true;
    }
    index += length;
  }
  const everywhere = new RegExp(source, `${flags}g`);
  return ['', characters, ...characters].some((probe) => [...probe.matchAll(everywhere)].some((match) => match[0] === ''));
}

/** The piece of a JavaScript pattern's text at `index`: its length, and whether it is an atom that takes a character. */
function atomAt(source: string, index: number): { length: number; takes: boolean } {
  const char = source[index]!;
  if (char === '\\') {
    const next = source[index + 1];
    if (next === 'b' || next === 'B') return { length: 2, takes: false };
    return { length: next === 'x' ? 4 : next === 'u' ? 6 : next === 'c' ? 3 : 2, takes: true };
  }
  if (char === '[') {
    let end = index + 1;
    if (source[end] === '^') end++;
    // A class holds at least one character: `]` first would be one (the translation refuses it).
    for (end++; end < source.length && source[end] !== ']'; end++) if (source[end] === '\\') end++;
    return { length: end + 1 - index, takes: true };
  }
  if (char === '(') {
    const group = /^\(\?(?::|=|!|<=|<!|<[A-Za-z_]\w*>)/.exec(source.slice(index));
    return { length: group ? group[0].length : 1, takes: false };
  }
  if (char === '{') {
    const quantifier = /^\{\d+(?:,\d*)?\}/.exec(source.slice(index));
    if (quantifier) return { length: quantifier[0].length, takes: false };
  }
  return { length: 1, takes: !')|*+?^$'.includes(char) };
}
