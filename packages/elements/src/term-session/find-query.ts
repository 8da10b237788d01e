/**
 * What a search in a terminal's scrollback asks for, and how its outcome
 * reads: the key that opens the find bar, a pattern's validity, the match
 * count. No DOM beyond a KeyboardEvent's fields, no terminal.
 */
import { isApple } from './key-bindings.js';

/** Options of `<term-session>.find()`. */
export interface FindOptions {
  /** Match upper and lower case exactly (default: ignore case). */
  caseSensitive?: boolean;
  /** `text` is a JavaScript regular expression (no flags; case follows `caseSensitive`). */
  regex?: boolean;
  /** Search upwards, towards older output (default: downwards, wrapping at the end). */
  backwards?: boolean;
}

/**
 * Matches highlighted (and counted) at most. Past it the count reads "1000+":
 * each highlight is an xterm decoration, and tens of thousands of them make
 * every keystroke in the find bar slow.
 */
export const HIGHLIGHT_LIMIT = 1000;

/**
 * Ctrl+Shift+F everywhere, and Cmd+F on macOS: keys a shell rarely needs
 * (plain Ctrl+F is readline's forward-char, and stays the shell's). A layout
 * whose F key types no Latin letter is matched by the key's position.
 */
export function isFindKey(event: KeyboardEvent, apple = isApple): boolean {
  const key = event.key.toLowerCase();
  const isF = key === 'f' || (!/^[a-z]$/.test(key) && event.code === 'KeyF');
  if (!isF || event.altKey) return false;
  if (event.ctrlKey && event.shiftKey && !event.metaKey) return true;
  return apple && event.metaKey && !event.ctrlKey && !event.shiftKey;
}

/**
 * Why `pattern` is not a regular expression, in words a person can act on;
 * undefined when it is one. The flags are the ones the search addon compiles
 * it with, so what passes here never throws there.
 */
export function regexProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'g');
    return undefined;
  } catch (error) {
    // V8 says "Invalid regular expression: /(/g: Unterminated group"; the pattern is already on screen.
    const reason = String((error as Error).message).replace(/^Invalid regular expression: \/[\s\S]*\/[a-z]*: /, '');
    return `Invalid regular expression: ${reason}`;
  }
}

/** The addon's result event: `index` is -1 when the current match lies past the highlight limit. */
export interface FindResults {
  index: number;
  count: number;
}

/** "3 of 12", "No results", "1 of 1000+" or "1000+ results" (the current match is past the limit). */
export function countLabel({ index, count }: FindResults, limit = HIGHLIGHT_LIMIT): string {
  if (count === 0) return 'No results';
  const total = count >= limit ? `${limit}+` : String(count);
  return index >= 0 ? `${index + 1} of ${total}` : `${total} ${count === 1 ? 'result' : 'results'}`;
}
