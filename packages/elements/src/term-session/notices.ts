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

export function errorNotice(code: string, message: string, restartable: boolean): string {
  return `${RED}[termplex: ${message} (${code})${restartable ? '; press Enter to start a new session' : ''}]${DEFAULT_COLOUR}`;
}
