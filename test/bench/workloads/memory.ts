/**
 * Memory: the server process's own RSS (its shells are other processes) on a
 * fresh server: idle, then with idle shells open, and the peak while one
 * terminal floods into a client that reads slowly. Each measurement starts a
 * server of its own, so earlier workloads leave no garbage behind.
 */
import { connect, openReady } from '../clients/connection.js';
import { readSlowly } from '../clients/open-socket.js';
import { RawSession } from '../clients/raw-client.js';
import { RawMuxSession } from '../clients/raw-mux-client.js';
import { TermplexSession } from '../clients/termplex-client.js';
import type { BenchStream } from '../clients/bench-stream.js';
import { startServer, type ServerKind, type ServerOptions, type ServerProcess } from '../server-process.js';
import { median, MiB } from '../stats.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** bytes: median of a few samples a little apart, after letting the server settle. */
async function settledRss(server: ServerProcess, settleMs = 500): Promise<number> {
  await sleep(settleMs);
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(server.rss());
    await sleep(100);
  }
  return median(samples);
}

export interface IdleMemory {
  /** bytes */
  idle: number;
  /** bytes, with `counts[0]` and `counts[1]` idle shells open. */
  few: number;
  many: number;
  /** bytes per session: (many - few) / (counts[1] - counts[0]), the marginal cost. */
  perSession: number;
  /** bytes: RSS 3 s after every session closed, minus `idle` (what teardown leaves behind). */
  afterClose: number;
}

/** milliseconds after the last close before the `afterClose` reading. */
const AFTER_CLOSE_MS = 3_000;

export async function idleMemory(kind: ServerKind, counts: [number, number], options: ServerOptions = {}): Promise<IdleMemory> {
  const server = await startServer(kind, options);
  try {
    const idle = await settledRss(server);
    const connection = await connect(server);
    await openReady(connection, counts[0]);
    const few = await settledRss(server);
    await openReady(connection, counts[1] - counts[0]);
    const many = await settledRss(server);
    await connection.close();
    const afterClose = await settledRss(server, AFTER_CLOSE_MS);
    return { idle, few, many, perSession: (many - few) / (counts[1] - counts[0]), afterClose: afterClose - idle };
  } finally {
    await server.close();
  }
}

export interface SlowConsumerMemory {
  /** bytes: RSS just before the flood. */
  before: number;
  /** bytes: highest RSS sampled during the flood, minus `before`. */
  peakAbove: number;
  /** true when the flood was cut short because RSS passed the safety cap. */
  capped: boolean;
}

/** bytes: a runaway baseline is stopped here rather than allowed to take the machine. */
const RSS_CAP = 2048 * MiB;

function socketOf(stream: BenchStream) {
  if (stream instanceof RawSession) return stream.socket;
  if (stream instanceof TermplexSession || stream instanceof RawMuxSession) return stream.socket;
  throw new Error('unknown stream type');
}

export async function slowConsumerMemory(kind: ServerKind, seconds: number, readBytesPerSecond: number, options: ServerOptions = {}): Promise<SlowConsumerMemory> {
  const server = await startServer(kind, options);
  try {
    const connection = await connect(server);
    const [stream] = await openReady(connection, 1);
    const before = await settledRss(server);
    const stopReading = readSlowly(socketOf(stream), readBytesPerSecond);
    stream.write(`exec timeout ${seconds} yes\r`);
    let peak = before;
    let capped = false;
    const deadline = Date.now() + seconds * 1000 + 500;
    while (Date.now() < deadline && !capped) {
      await sleep(100);
      const rss = server.rss();
      if (rss > peak) peak = rss;
      capped = rss > RSS_CAP;
    }
    stopReading();
    // Close through the server, not the client: the client's socket may hold a backlog.
    await server.close();
    await connection.close();
    return { before, peakAbove: peak - before, capped };
  } finally {
    await server.close();
  }
}
