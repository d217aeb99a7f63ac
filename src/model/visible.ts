/**
 * Characters a message shows as nothing or as a plain space: blanks other than the space (a tab, a line break, a
 * no-break space) and format characters (a zero-width space, a soft hyphen, a byte order mark).
 */
const HIDDEN = /[^\S ]|\p{Cf}/u;
const EVERY_HIDDEN = new RegExp(HIDDEN.source, 'gu');

/** Whether the text holds a character a message would show as nothing or as a plain space. */
export function holdsHidden(text: string): boolean {
  return HIDDEN.test(text);
}

/**
 * The text with each character that shows as nothing or as a space, but the space, written as its escape (`\u200b`),
 * as JSON writes a control character: a name written with one shows why it is not the name it looks like.
 */
export function visibleText(text: string): string {
  return text.replace(EVERY_HIDDEN, (character) => [...Array(character.length).keys()].map((index) => `\\u${character.charCodeAt(index).toString(16).padStart(4, '0')}`).join(''));
}
