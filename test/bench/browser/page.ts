/**
 * Runs in headless Chromium. Two ways to put the same terminal output on a
 * screen, in the same page, timed the same way (until the last byte is
 * parsed and one frame has been painted):
 *  - `session`: a real <term-session> on a <term-connection>; the shell
 *    `cat`s the corpus, the bytes cross the server and the socket.
 *  - `bare`: a plain xterm.js Terminal with the session's options, fed the
 *    very bytes the PTY produces through `terminal.write()`; no network.
 * Each with either renderer: xterm's DOM renderer, or its WebGL addon
 * (`renderer="webgl"` on the session, the addon loaded on the bare one).
 */
import '@termplex/elements';
import type { TermSession } from '@termplex/elements';
import { WebglAddon } from '@xterm/addon-webgl';
import { Terminal } from '@xterm/xterm';
import xtermCss from '@xterm/xterm/css/xterm.css?inline';

const style = document.createElement('style');
// Every box at the top left, one over another: xterm stops drawing a terminal scrolled out of view.
style.textContent = `${xtermCss}\n.bench-box { position: absolute; top: 0; left: 0; width: 800px; height: 480px; }`;
document.head.append(style);

/** bytes per bare write: the server's largest output frame, so both sides write alike. */
const WRITE_CHUNK = 64 * 1024;

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/** bytes of the output a bare terminal draws, and forgets, before its clock starts. */
const WARM_UP = 4 * 1024;

let topmost = 0;
/** Puts `box` over the page's other boxes: the terminal being timed is the one in view. */
function raise(box: Element | null): void {
  if (box instanceof HTMLElement) box.style.zIndex = String(++topmost);
}

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

export type BenchRenderer = 'dom' | 'webgl';

const sessions: Partial<Record<BenchRenderer, TermSession>> = {};

async function openSession(wsUrl: string, token: string, renderer: BenchRenderer): Promise<TermSession> {
  const box = document.createElement('div');
  box.className = 'bench-box';
  const connection = document.createElement('term-connection');
  connection.setAttribute('url', wsUrl);
  // A block the box's size: inline, it gave the session a height of 0, and xterm draws nothing it cannot see.
  connection.style.cssText = 'display: block; width: 100%; height: 100%;';
  (connection as unknown as { token: string }).token = token;
  const element = document.createElement('term-session') as TermSession;
  element.setAttribute('profile', 'sh');
  element.setAttribute('renderer', renderer);
  element.style.cssText = 'display: block; width: 100%; height: 100%;';
  const opened = new Promise((resolve) => element.addEventListener('term-session-open', resolve, { once: true }));
  connection.append(element);
  box.append(connection);
  document.body.append(box);
  await opened;
  const ready = screenShows(element.terminal!, 'TP_READY_END');
  element.write('echo TP_""READY_END\r');
  await ready;
  // A fallback would time the DOM renderer under the WebGL row's name.
  if (element.getAttribute('active-renderer') !== renderer) throw new Error(`the ${renderer} session draws with ${element.getAttribute('active-renderer')}`);
  if (element.terminal!.element!.clientHeight === 0) throw new Error('the session has no height: xterm would paint none of it');
  return element;
}

/** Opens one session per renderer (each on a connection of its own, as one page's session would be). */
async function prepare(wsUrl: string, token: string): Promise<void> {
  for (const renderer of ['dom', 'webgl'] as const) sessions[renderer] ??= await openSession(wsUrl, token, renderer);
}

/** milliseconds from typing `command` until `sentinel` is on the screen and painted. */
async function timeSession(command: string, sentinel: string, renderer: BenchRenderer): Promise<number> {
  const session = sessions[renderer];
  if (!session) throw new Error('prepare() first');
  raise(session.closest('.bench-box'));
  await nextFrame();
  const done = screenShows(session.terminal!, sentinel);
  const start = performance.now();
  session.write(`${command}\r`);
  await done;
  await nextFrame();
  return performance.now() - start;
}

/** milliseconds to write `url`'s bytes into a bare Terminal like the session's, parsed and painted. */
async function timeBare(url: string, renderer: BenchRenderer): Promise<number> {
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const model = sessions[renderer]?.terminal;
  const box = document.createElement('div');
  box.className = 'bench-box';
  document.body.append(box);
  raise(box);
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
  // Throws where there is no WebGL 2: the row then fails rather than timing the DOM renderer.
  if (renderer === 'webgl') terminal.loadAddon(new WebglAddon());
  // The session's terminal has drawn its prompt before its clock starts; this
  // one draws some of the same text first too, so neither pays for its first
  // frame's set-up (glyphs into the atlas, WebGL's first draw) inside the timing.
  await new Promise<void>((resolve) => terminal.write(bytes.subarray(0, WARM_UP), resolve));
  await nextFrame();
  terminal.reset();
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
  for (const renderer of ['dom', 'webgl'] as const) {
    sessions[renderer]?.closest('.bench-box')?.remove();
    delete sessions[renderer];
  }
}

export interface PageApi {
  prepare: typeof prepare;
  timeSession: typeof timeSession;
  timeBare: typeof timeBare;
  closeSession: typeof closeSession;
}

Object.assign(window, { termplexBench: { prepare, timeSession, timeBare, closeSession } satisfies PageApi });
