/**
 * Replayed output must not make the terminal answer old questions. A program
 * that asked "where is the cursor?" (ESC[6n) before a reload is long gone or
 * has given up; if xterm answered the replayed question, the answer would be
 * typed into whatever runs now. While `replaying()` is true, these queries are
 * swallowed (a handler returning true stops xterm's own).
 */
import type { IDisposable, Terminal } from '@xterm/xterm';

export function refuseReplayedQueries(terminal: Terminal, replaying: () => boolean): IDisposable[] {
  const parser = terminal.parser;
  const swallow = () => replaying();
  return [
    parser.registerCsiHandler({ final: 'n' }, swallow), // DSR: ESC[5n status, ESC[6n cursor position
    parser.registerCsiHandler({ prefix: '?', final: 'n' }, swallow), // DEC-private DSR
    parser.registerCsiHandler({ final: 'c' }, swallow), // DA1 primary device attributes
    parser.registerCsiHandler({ prefix: '>', final: 'c' }, swallow), // DA2 secondary
    parser.registerCsiHandler({ prefix: '=', final: 'c' }, swallow), // DA3 tertiary
    parser.registerCsiHandler({ intermediates: '$', final: 'p' }, swallow), // DECRQM, ANSI modes
    parser.registerCsiHandler({ prefix: '?', intermediates: '$', final: 'p' }, swallow), // DECRQM, DEC modes
    parser.registerCsiHandler({ prefix: '>', final: 'q' }, swallow), // XTVERSION
    parser.registerDcsHandler({ intermediates: '$', final: 'q' }, swallow), // DECRQSS
    // Colour queries (palette, foreground, background, cursor) carry a '?' where a colour would be.
    ...[4, 10, 11, 12].map((ident) => parser.registerOscHandler(ident, (data) => replaying() && data.includes('?'))),
  ];
}

/**
 * OSC 52 lets a program read (and set) the clipboard. Reading it would hand
 * whatever the user last copied, anywhere, to a remote process: refused, always.
 * Setting it is ignored as well, unless the page allows it (`clipboard-write`,
 * clipboard.ts, whose handler comes later and so is asked first).
 */
export function refuseClipboardAccess(terminal: Terminal): IDisposable {
  return terminal.parser.registerOscHandler(52, () => true);
}
