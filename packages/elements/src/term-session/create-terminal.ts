/**
 * An xterm Terminal with everything a <term-session> needs on it: fit,
 * Unicode 11 widths, safe links that open on Ctrl/Cmd+click, no clipboard reads, no answers to replayed queries. Every piece is
 * registered on the caller's store.
 */
import { FitAddon } from '@xterm/addon-fit';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal, type ITerminalOptions } from '@xterm/xterm';
import type { DisposableStore } from '../disposables.js';
import { refuseClipboardAccess, refuseReplayedQueries } from './query-guard.js';
import { KeyBindings } from './key-bindings.js';
import { LinkHint } from './link-hint.js';

export interface CreatedTerminal {
  terminal: Terminal;
  fit: FitAddon;
  /** Where features claim keys before the shell sees them. */
  keys: KeyBindings;
}

/**
 * Row height as a multiple of the font's. At 1 (xterm's default) the DOM
 * renderer clips the underscore of common monospace fonts (DejaVu Sans Mono
 * among them; xterm.js issue #4067), so `snake_case` reads as `snake case`.
 */
const LINE_HEIGHT = 1.1;

export function createTerminal(container: HTMLElement, options: ITerminalOptions, store: DisposableStore, replaying: () => boolean): CreatedTerminal {
  // allowProposedApi: the unicode API (character widths) is still "proposed" in xterm 6.
  const hint = new LinkHint(container.parentElement ?? container);
  store.add(() => hint.dispose());
  const terminal = store.add(new Terminal({ lineHeight: LINE_HEIGHT, ...options, linkHandler: hint.linkHandler, allowProposedApi: true }));
  const fit = new FitAddon();
  terminal.loadAddon(fit);
  // Unicode 11 widths, as the shell's wcwidth has them: an emoji or a CJK character takes two columns.
  terminal.loadAddon(new Unicode11Addon());
  terminal.unicode.activeVersion = '11';
  const { activate, hover, leave } = hint.handlers;
  terminal.loadAddon(new WebLinksAddon(activate, { hover, leave }));
  for (const guard of refuseReplayedQueries(terminal, replaying)) store.add(guard);
  store.add(refuseClipboardAccess(terminal));
  terminal.open(container);
  return { terminal, fit, keys: new KeyBindings(terminal) };
}

/**
 * Fits the terminal to its box. A box with no size (hidden, not laid out yet)
 * keeps the current size rather than shrinking to the addon's 2x1 minimum.
 */
export function fitIfLaidOut(fit: FitAddon, container: HTMLElement): void {
  if (container.clientWidth > 0 && container.clientHeight > 0) fit.fit();
}
