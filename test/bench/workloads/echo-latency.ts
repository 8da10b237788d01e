/**
 * Echo latency: one byte at a time into `stty raw -echo; exec cat`, so the
 * byte that comes back is cat's, with no line discipline in between. Each
 * round trip starts only when the previous one ended. Optionally another
 * terminal on the same connection floods meanwhile: `yes`, or a `cat` loop
 * of the corpus, both bounded by `timeout`; or it runs a program that does
 * not read, and is sent a paste it never takes (`unread`).
 */
import { connect, openReady, shellReady, type Connection } from '../clients/connection.js';
import { sentinel, waitForBytes, waitForText, type BenchStream } from '../clients/bench-stream.js';
import { corpusText, type CorpusFile } from '../corpus.js';
import { childPids, killPids } from '../proc.js';
import type { ServerProcess } from '../server-process.js';
import { MiB, nowMs, percentile } from '../stats.js';

export type Flood = 'none' | 'yes' | 'cat' | 'unread';

export interface EchoOptions {
  roundTrips: number;
  flood: Flood;
  /** seconds: the flood's `timeout`; it is ended sooner when the round trips are done. */
  floodSeconds: number;
  corpus: CorpusFile;
  /** milliseconds between one echo and the next keystroke: 0 is back to back, more is a typing pace. */
  gapMs?: number;
  /** bytes the `unread` terminal is sent. */
  pasteBytes?: number;
  /**
   * milliseconds from the first timed keystroke: round trips not done by then
   * count as timed out (Infinity) instead of failing the run, so a server
   * that freezes yields a figure, and the bench goes on.
   */
  deadlineMs?: number;
}

export interface EchoFigures {
  p50: number;
  p99: number;
  /** Round trips asked for. */
  roundTrips: number;
  /** Round trips not done by the deadline (always 0 without one). */
  timedOut: number;
  /** milliseconds: the slowest round trip that did come back. */
  slowest: number;
}

/** milliseconds: one round trip slower than this is a failure, not a sample. */
const ROUND_TRIP_TIMEOUT_MS = 10_000;
/**
 * seconds: how long the `unread` program stops reading unless the bench lets
 * it go on sooner (it always does, once the round trips are done or timed
 * out). Only a bound if the bench itself is gone.
 */
const UNREAD_SLEEP_SECONDS = 120;

class RoundTripTimeout extends Error {}

function floodCommand(options: EchoOptions): string {
  if (options.flood === 'yes') return `exec timeout ${options.floodSeconds} yes\r`;
  // `while cat`: the loop ends when cat fails (the PTY is gone), never spins orphaned.
  return `exec timeout ${options.floodSeconds} sh -c 'while cat ${options.corpus.path}; do :; done'\r`;
}

function roundTrip(stream: BenchStream, byte: number, timeoutMs = ROUND_TRIP_TIMEOUT_MS): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new RoundTripTimeout(`echo of byte ${byte} did not come back within ${Math.round(timeoutMs)} ms`));
    }, timeoutMs);
    const stop = stream.listen((chunk) => {
      if (!chunk.includes(byte)) return;
      clearTimeout(timer);
      stop();
      resolve(nowMs() - start);
    });
    const start = nowMs();
    stream.write(Uint8Array.of(byte));
  });
}

/**
 * Opens the terminal next to the echo one and sets it going. Returns what
 * lets it go again once the round trips are over (nothing, for the floods,
 * which end with their connection).
 */
async function startNeighbour(connection: Connection, options: EchoOptions): Promise<() => void> {
  const neighbour = await connection.open();
  await shellReady(neighbour);
  if (options.flood !== 'unread') {
    neighbour.write(floodCommand(options));
    await waitForBytes(neighbour, neighbour.received + MiB, 30_000);
    return () => {};
  }
  // The shell prints its pid, stops reading (sleep), and reads again (cat) once
  // the bench ends the sleep: a frozen server then gets going again the way
  // it would in use, by the program draining its input, so the next
  // measurement starts on a server that is not still stuck on this one.
  let output = '';
  const stopCollecting = neighbour.listen((chunk) => (output += Buffer.from(chunk).toString('latin1')));
  const mark = sentinel('UNREAD');
  const stopped = waitForText(neighbour, mark.text, 10_000);
  neighbour.write(`stty raw -echo; echo TP_""PID_$$; ${mark.command}; sleep ${UNREAD_SLEEP_SECONDS}; exec cat >/dev/null\r`);
  await stopped;
  stopCollecting();
  const shell = Number(/TP_PID_(\d+)/.exec(output)?.[1]);
  if (!Number.isInteger(shell)) throw new Error(`the unread terminal printed no pid: ${JSON.stringify(output.slice(-200))}`);
  // Lowercase corpus text: nothing in it is a sentinel, and cat throws it away.
  neighbour.write(corpusText(options.pasteBytes ?? 0));
  return () => void killPids(childPids(shell));
}

export async function echoLatency(server: ServerProcess, options: EchoOptions): Promise<EchoFigures> {
  const connection = await connect(server);
  let release = () => {};
  try {
    const [echo] = await openReady(connection, 1);
    const raw = sentinel('RAW');
    const inRaw = waitForText(echo, raw.text, 10_000);
    echo.write(`stty raw -echo; ${raw.command}; exec cat\r`);
    await inRaw;
    // cat must be running (not the shell) before the first timed byte.
    await roundTrip(echo, 0x21);
    if (options.flood !== 'none') release = await startNeighbour(connection, options);
    const samples: number[] = [];
    const deadline = nowMs() + (options.deadlineMs ?? Infinity);
    while (samples.length < options.roundTrips) {
      if (options.gapMs) await new Promise((resolve) => setTimeout(resolve, options.gapMs));
      const timeoutMs = options.deadlineMs === undefined ? ROUND_TRIP_TIMEOUT_MS : deadline - nowMs();
      if (timeoutMs <= 0) break;
      try {
        samples.push(await roundTrip(echo, 0x61 + (samples.length % 26), timeoutMs));
      } catch (error) {
        if (options.deadlineMs === undefined || !(error instanceof RoundTripTimeout)) throw error;
        break;
      }
    }
    const slowest = Math.max(0, ...samples);
    const timedOut = options.roundTrips - samples.length;
    // Those not done by the deadline are slower than any that were: Infinity ranks them last.
    samples.push(...Array<number>(timedOut).fill(Infinity));
    return { p50: percentile(samples, 50), p99: percentile(samples, 99), roundTrips: options.roundTrips, timedOut, slowest };
  } finally {
    release();
    await connection.close();
  }
}
