/**
 * Runs in headless Chromium. Two ways to put the same terminal output on a
 * screen, in the same page, timed the same way (until the last byte is
 * parsed and one frame has been painted):
 *  - `session`: a real <term-session> on a <term-connection>; the shell
 *    `cat`s the corpus, the bytes cross the server and the socket.
 *  - `bare`: a plain xterm.js Terminal with the session's options, fed the
 *    very bytes the PTY produces through `terminal.write()`; no network.
 */
import '@termplex/elements';
import type { TermSession } from '@termplex/elements';
import { Terminal } from '@xterm/xterm';
import xtermCss from '@xterm/xterm/css/xterm.css?inline';

const style = document.createElement('style');
style.textContent = `${xtermCss}\n.bench-box { width: 800px; height: 480px; }`;
document.head.append(style);

/** bytes per bare write: the server's largest output frame, so both sides write alike. */
const WRITE_CHUNK = 64 * 1024;

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/** Resolves once `text` is on one of the few lines at or above the cursor. */
function screenShows(terminal: Terminal, text: string): Promise<void> {
  return new Promise((resolve) => {
    const shows = () => {
      const buffer = terminal.buffer.active;
      const y = buffer.baseY + buffer.cursorY;
      for (let line = Math.max(0, y - 3); line <= y; line++) {
        if (buffer.getLine(line)?.translateToString(true).includes(text)) return true;
      }
      return false;
    };
    const listener = terminal.onWriteParsed(() => {
      if (!shows()) return;
      listener.dispose();
      resolve();
    });
  });
}

let session: TermSession | undefined;

async function openSession(wsUrl: string, token: string): Promise<TermSession> {
  const box = document.createElement('div');
  box.className = 'bench-box';
  const connection = document.createElement('term-connection');
  connection.setAttribute('url', wsUrl);
  (connection as unknown as { token: string }).token = token;
  const element = document.createElement('term-session') as TermSession;
  element.setAttribute('profile', 'sh');
  element.style.cssText = 'display: block; width: 100%; height: 100%;';
  const opened = new Promise((resolve) => element.addEventListener('term-session-open', resolve, { once: true }));
  connection.append(element);
  box.append(connection);
  document.body.append(box);
  await opened;
  const ready = screenShows(element.terminal!, 'TP_READY_END');
  element.write('echo TP_""READY_END\r');
  await ready;
  return element;
}

async function prepare(wsUrl: string, token: string): Promise<void> {
  session ??= await openSession(wsUrl, token);
}

/** milliseconds from typing `command` until `sentinel` is on the screen and painted. */
async function timeSession(command: string, sentinel: string): Promise<number> {
  if (!session) throw new Error('prepare() first');
  const done = screenShows(session.terminal!, sentinel);
  const start = performance.now();
  session.write(`${command}\r`);
  await done;
  await nextFrame();
  return performance.now() - start;
}

/** milliseconds to write `url`'s bytes into a bare Terminal like the session's, parsed and painted. */
async function timeBare(url: string): Promise<number> {
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const model = session?.terminal;
  const box = document.createElement('div');
  box.className = 'bench-box';
  document.body.append(box);
  const terminal = new Terminal({
    cols: model?.cols ?? 80,
    rows: model?.rows ?? 24,
    scrollback: model?.options.scrollback ?? 1000,
    fontSize: model?.options.fontSize ?? 14,
    fontFamily: model?.options.fontFamily ?? 'monospace',
    lineHeight: model?.options.lineHeight ?? 1,
    letterSpacing: model?.options.letterSpacing ?? 0,
    theme: model?.options.theme ?? {},
  });
  terminal.open(box);
  await nextFrame();
  const start = performance.now();
  await new Promise<void>((resolve) => {
    for (let at = 0; at < bytes.byteLength; at += WRITE_CHUNK) {
      const last = at + WRITE_CHUNK >= bytes.byteLength;
      terminal.write(bytes.subarray(at, at + WRITE_CHUNK), last ? resolve : undefined);
    }
  });
  await nextFrame();
  const elapsed = performance.now() - start;
  terminal.dispose();
  box.remove();
  return elapsed;
}

async function closeSession(): Promise<void> {
  session?.closest('.bench-box')?.remove();
  session = undefined;
}

export interface PageApi {
  prepare: typeof prepare;
  timeSession: typeof timeSession;
  timeBare: typeof timeBare;
  closeSession: typeof closeSession;
}

Object.assign(window, { termplexBench: { prepare, timeSession, timeBare, closeSession } satisfies PageApi });
