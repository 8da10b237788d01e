/**
 * termplex's own lines inside a terminal: dim for what happened, red for
 * errors. Bracketed and prefixed so nobody mistakes them for program output.
 */
const DIM = '\x1b[2m';
const NOT_DIM = '\x1b[22m';
const RED = '\x1b[31m';
const DEFAULT_COLOUR = '\x1b[39m';

export function lossNotice(bytes: number): string {
  return `${DIM}[termplex: ${bytes} bytes of output were lost]${NOT_DIM}`;
}

export function exitNotice(code: number | null, signal: string | null): string {
  const how = signal ? `was ended by ${signal}` : `exited with code ${code}`;
  return `${DIM}[termplex: the process ${how}; press Enter to start a new session]${NOT_DIM}`;
}

export function closedNotice(): string {
  return `${DIM}[termplex: the session was closed; press Enter to start a new one]${NOT_DIM}`;
}

/** Input that did not fit beside what already waits for the connection: refused whole, and said so. */
export function refusedInputNotice(bytes: number, held: number, limit: number): string {
  return `${RED}[termplex: refused ${bytes} bytes of input: at most ${limit} bytes can wait to be sent, and ${held} already are]${DEFAULT_COLOUR}`;
}

/** The session a terminal had open is gone after the server came back (restarted, or the grace period ran out). */
export function goneNotice(): string {
  return `[termplex: The session in this terminal ended while the server was away. Press Enter to start a new one.]`;
}

/** Input held for a session that then ended: it was never sent. */
export function unsentNotice(bytes: number): string {
  return `${DIM}[termplex: the ${bytes} bytes typed while disconnected were not sent]${NOT_DIM}`;
}

export function errorNotice(code: string, message: string, restartable: boolean): string {
  return `${RED}[termplex: ${message} (${code})${restartable ? '; press Enter to start a new session' : ''}]${DEFAULT_COLOUR}`;
}

/** Escape sequences (SGR colours) take no columns. */
const visibleLength = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '').length;

/** Breaks a notice at spaces so no word is cut at the terminal's right edge; a word wider than `cols` is left to wrap. */
export function wrapNotice(line: string, cols: number): string {
  const [first, ...rest] = line.split(' ');
  const lines: string[] = [];
  let current = first;
  let width = visibleLength(first);
  for (const word of rest) {
    const length = visibleLength(word);
    if (width + 1 + length > cols) {
      lines.push(current);
      current = word;
      width = length;
    } else {
      current += ' ' + word;
      width += 1 + length;
    }
  }
  lines.push(current);
  return lines.join('\r\n');
}
