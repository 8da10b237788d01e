/**
 * Copy and paste with the keys people expect, as VS Code's terminal has them:
 *
 *   copy   Ctrl+Shift+C, Ctrl+Insert (Cmd+C on macOS); Ctrl+C when text is
 *          selected (otherwise Ctrl+C interrupts, as always)
 *   paste  Ctrl+Shift+V, Shift+Insert (Cmd+V on macOS); Ctrl+V
 *
 * `shell-keys` gives Ctrl+C and Ctrl+V back to the shell alone (^C and ^V
 * always), for people who want a classic terminal. Paste goes through the
 * browser's own paste (no permission prompt): the key is kept from xterm,
 * which would send ^V, and the browser's paste event reaches xterm's paste
 * handler (bracketed paste, line endings). Copy writes the selection with the
 * Clipboard API, falling back to the browser's copy command.
 *
 * Optional: copy-on-select (ttyd's habit), and OSC 52 clipboard writes by
 * programs (off unless the page asks: a remote program setting the user's
 * clipboard is a way to plant a command for the next paste). Reads are
 * never allowed.
 */
import type { IDisposable, Terminal } from '@xterm/xterm';
import type { KeyBindings } from './key-bindings.js';
import { isApple } from './key-bindings.js';

export interface ClipboardSettings {
  /** Ctrl+C and Ctrl+V always go to the shell. */
  shellKeys(): boolean;
  copyOnSelect(): boolean;
  /** Programs may set the clipboard with OSC 52. */
  allowOsc52Write(): boolean;
}

/** Result of a binding: claim the key and cancel the browser's action, or claim it and let the browser act (its paste). */
type Claim = 'copy' | 'native' | undefined;

function classify(event: KeyboardEvent, hasSelection: boolean, shellKeys: boolean): Claim {
  const key = event.key.toLowerCase();
  const { ctrlKey: ctrl, shiftKey: shift, altKey: alt, metaKey: meta } = event;
  if (alt) return undefined;
  if (isApple) {
    if (meta && !ctrl && key === 'c') return 'copy';
    if (meta && !ctrl && key === 'v') return 'native';
    return undefined;
  }
  if (meta) return undefined;
  if (ctrl && shift && key === 'c') return 'copy';
  if (ctrl && shift && key === 'v') return 'native';
  if (ctrl && !shift && event.key === 'Insert') return 'copy';
  if (shift && !ctrl && event.key === 'Insert') return 'native';
  if (shellKeys) return undefined;
  if (ctrl && !shift && key === 'c' && hasSelection) return 'copy';
  if (ctrl && !shift && key === 'v') return 'native';
  return undefined;
}

export async function writeClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No Clipboard API (an insecure origin) or no permission: the browser's copy command, which
    // puts the document's selection (xterm keeps its own selection in a hidden one) on the clipboard.
    return document.execCommand('copy');
  }
}

/** The bindings and listeners; everything returned must be disposed with the terminal. */
export function clipboardSupport(terminal: Terminal, keys: KeyBindings, settings: ClipboardSettings): IDisposable[] {
  const disposables: IDisposable[] = [];
  disposables.push(
    keys.add((event) => {
      const claim = classify(event, terminal.hasSelection(), settings.shellKeys());
      if (claim === 'copy') {
        const text = terminal.getSelection();
        if (text) void writeClipboard(text);
        return true;
      }
      return false;
    }),
  );
  disposables.push(keys.addNative((event) => classify(event, terminal.hasSelection(), settings.shellKeys()) === 'native'));
  disposables.push(
    terminal.onSelectionChange(() => {
      if (!settings.copyOnSelect()) return;
      const text = terminal.getSelection();
      if (text) void writeClipboard(text);
    }),
  );
  // OSC 52: "52;<targets>;<base64 or ?>". A query ('?') is never answered; a write only when allowed.
  disposables.push(
    terminal.parser.registerOscHandler(52, (data) => {
      const payload = data.slice(data.indexOf(';') + 1);
      if (!settings.allowOsc52Write() || payload === '?' || payload === '') return true;
      try {
        const bytes = Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
        void writeClipboard(new TextDecoder().decode(bytes));
      } catch {
        // not base64: ignored
      }
      return true;
    }),
  );
  return disposables;
}
