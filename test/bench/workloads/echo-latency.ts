/**
 * Echo latency: one byte at a time into `stty raw -echo; exec cat`, so the
 * byte that comes back is cat's, with no line discipline in between. Each
 * round trip starts only when the previous one ended. Optionally another
 * terminal on the same connection floods meanwhile: `yes`, or a `cat` loop
 * of the corpus, both bounded by `timeout`.
 */
import { connect, openReady, shellReady } from '../clients/connection.js';
import { sentinel, waitForBytes, waitForText, type BenchStream } from '../clients/bench-stream.js';
import type { CorpusFile } from '../corpus.js';
import type { ServerProcess } from '../server-process.js';
import { MiB, nowMs, percentile } from '../stats.js';

export type Flood = 'none' | 'yes' | 'cat';

export interface EchoOptions {
  roundTrips: number;
  flood: Flood;
  /** seconds: the flood's `timeout`; it is ended sooner when the round trips are done. */
  floodSeconds: number;
  corpus: CorpusFile;
  /** milliseconds between one echo and the next keystroke: 0 is back to back, more is a typing pace. */
  gapMs?: number;
}

export interface EchoFigures {
  p50: number;
  p99: number;
}

/** milliseconds: one round trip slower than this is a failure, not a sample. */
const ROUND_TRIP_TIMEOUT_MS = 10_000;

function floodCommand(options: EchoOptions): string {
  if (options.flood === 'yes') return `exec timeout ${options.floodSeconds} yes\r`;
  // `while cat`: the loop ends when cat fails (the PTY is gone), never spins orphaned.
  return `exec timeout ${options.floodSeconds} sh -c 'while cat ${options.corpus.path}; do :; done'\r`;
}

function roundTrip(stream: BenchStream, byte: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`echo of byte ${byte} did not come back within ${ROUND_TRIP_TIMEOUT_MS} ms`));
    }, ROUND_TRIP_TIMEOUT_MS);
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

export async function echoLatency(server: ServerProcess, options: EchoOptions): Promise<EchoFigures> {
  const connection = await connect(server);
  try {
    const [echo] = await openReady(connection, 1);
    const raw = sentinel('RAW');
    const inRaw = waitForText(echo, raw.text, 10_000);
    echo.write(`stty raw -echo; ${raw.command}; exec cat\r`);
    await inRaw;
    // cat must be running (not the shell) before the first timed byte.
    await roundTrip(echo, 0x21);
    if (options.flood !== 'none') {
      const flood = await connection.open();
      await shellReady(flood);
      flood.write(floodCommand(options));
      await waitForBytes(flood, flood.received + MiB, 30_000);
    }
    const samples: number[] = [];
    for (let i = 0; i < options.roundTrips; i++) {
      if (options.gapMs) await new Promise((resolve) => setTimeout(resolve, options.gapMs));
      samples.push(await roundTrip(echo, 0x61 + (i % 26)));
    }
    return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
  } finally {
    await connection.close();
  }
}
