/**
 * One headless Chromium page driven over the DevTools protocol on a pipe,
 * with nothing enabled but Runtime. Why not playwright: it enables the
 * Network domain on every page, and Chromium then reports every WebSocket
 * frame to the client with its payload base64-encoded. That costs the
 * <term-session> side alone (the bare terminal reads its bytes before the
 * clock starts): in one 4 MiB run the browser process's main thread and its
 * DevTools pipe writer were busy 144 ms and 106 ms (16 ms and 2 ms in the bare
 * run), and the measured rate fell from about 23 to 13 MiB/s. Users have no
 * DevTools attached, so the benchmark must not either.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { chromiumArgs, findChromium } from '../../support/chromium.mjs';

/** Flags playwright also passes, so a page in the background is never throttled. */
const UNTHROTTLED = [
  '--headless',
  '--remote-debugging-pipe',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
  '--disable-ipc-flooding-protection',
  '--disable-extensions',
  '--disable-hang-monitor',
  '--disable-breakpad',
];

/** milliseconds: the longest any one protocol command (a whole timed run included) may take. */
const COMMAND_TIMEOUT = 120_000;
/** milliseconds: the page script has defined its API by then, or something is broken. */
const LOAD_TIMEOUT = 30_000;
/** milliseconds: Chromium closes its helper processes in this time after Browser.close, or is killed. */
const CLOSE_TIMEOUT = 5_000;

export interface CdpPage {
  /** Evaluates `expression` in the page, awaiting a promise; returns its JSON value. */
  evaluate<T>(expression: string): Promise<T>;
  /** Uncaught exceptions the page has thrown so far. */
  readonly errors: string[];
  close(): Promise<void>;
}

interface Reply {
  id?: number;
  method?: string;
  sessionId?: string;
  result?: Record<string, unknown>;
  error?: { message: string };
  params?: Record<string, unknown>;
}

export async function openCdpPage(url: string, ready: string): Promise<CdpPage> {
  const { executablePath, env } = await findChromium();
  const profile = mkdtempSync(path.join(tmpdir(), 'termplex-bench-chromium-'));
  // fd 3: commands to Chromium, fd 4: its replies, each a JSON text ended by NUL.
  const child = spawn(executablePath, [...chromiumArgs, ...UNTHROTTLED, `--user-data-dir=${profile}`, 'about:blank'], {
    env,
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const connection = new PipeConnection(child, () => `Chromium: ${stderr.trim().split('\n').at(-1) ?? '(no output)'}`);
  let closing: Promise<void> | undefined;
  // Never throws: a failed close must not keep the harness from closing the servers.
  const close = () =>
    (closing ??= (async () => {
      // Browser.close lets Chromium end its renderer and GPU processes, which a SIGKILL to the browser alone would leave writing to the profile.
      connection.send('Browser.close').catch(() => {});
      const timer = setTimeout(() => child.kill('SIGKILL'), CLOSE_TIMEOUT);
      await exited;
      clearTimeout(timer);
      try {
        rmSync(profile, { recursive: true, force: true, maxRetries: 10 });
      } catch {
        // A helper process still held the profile: a temporary directory left behind, nothing worse.
      }
    })());
  try {
    const { targetId } = await connection.send<{ targetId: string }>('Target.createTarget', { url });
    const { sessionId } = await connection.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
    const errors: string[] = [];
    connection.onEvent = (event) => {
      if (event.sessionId !== sessionId || event.method !== 'Runtime.exceptionThrown') return;
      const details = event.params?.exceptionDetails as { text?: string; exception?: { description?: string } } | undefined;
      errors.push(details?.exception?.description ?? details?.text ?? 'unknown exception');
    };
    await connection.send('Runtime.enable', {}, sessionId);
    const evaluate = async <T>(expression: string): Promise<T> => {
      const result = await connection.send<{ result: { value: T }; exceptionDetails?: { text: string; exception?: { description?: string } } }>(
        'Runtime.evaluate',
        { expression, awaitPromise: true, returnByValue: true },
        sessionId,
      );
      if (result.exceptionDetails) throw new Error(`page: ${result.exceptionDetails.exception?.description ?? result.exceptionDetails.text}`);
      return result.result.value;
    };
    const deadline = Date.now() + LOAD_TIMEOUT;
    while (!(await evaluate<boolean>(ready))) {
      if (Date.now() > deadline) throw new Error(`page ${url} not ready after ${LOAD_TIMEOUT} ms (${ready})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { evaluate, errors, close };
  } catch (error) {
    await close();
    throw error;
  }
}

class PipeConnection {
  onEvent: (event: Reply) => void = () => {};
  #nextId = 0;
  readonly #waiting = new Map<number, { resolve(result: Record<string, unknown>): void; reject(error: Error): void }>();
  readonly #input: Writable;
  #buffered = '';

  constructor(child: ChildProcess, describe: () => string) {
    this.#input = child.stdio[3] as Writable;
    // A write after Chromium died fails with EPIPE; the exit handler below already rejects what waits.
    this.#input.on('error', () => {});
    const output = child.stdio[4] as Readable;
    output.setEncoding('utf8');
    output.on('data', (text: string) => this.#receive(text));
    child.once('exit', (code, signal) => {
      for (const { reject } of this.#waiting.values()) reject(new Error(`Chromium exited (${code ?? signal}); ${describe()}`));
      this.#waiting.clear();
    });
  }

  send<T>(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<T> {
    const id = ++this.#nextId;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(id);
        reject(new Error(`${method} got no answer within ${COMMAND_TIMEOUT} ms`));
      }, COMMAND_TIMEOUT);
      this.#waiting.set(id, {
        resolve: (result) => (clearTimeout(timer), resolve(result as T)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      this.#input.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
    });
  }

  #receive(text: string): void {
    this.#buffered += text;
    let end: number;
    while ((end = this.#buffered.indexOf('\0')) >= 0) {
      const message = JSON.parse(this.#buffered.slice(0, end)) as Reply;
      this.#buffered = this.#buffered.slice(end + 1);
      const waiter = message.id === undefined ? undefined : this.#waiting.get(message.id);
      if (!waiter) {
        this.onEvent(message);
        continue;
      }
      this.#waiting.delete(message.id!);
      if (message.error) waiter.reject(new Error(message.error.message));
      else waiter.resolve(message.result ?? {});
    }
  }
}
