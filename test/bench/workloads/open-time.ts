/**
 * Session open time. termplex: `open` on a socket that is already open,
 * until `opened`, and until the shell's first output byte (its prompt). The
 * raw baseline has no such message: a terminal is a new WebSocket, so its
 * figures are connect-to-open and connect-to-first-byte.
 *
 * raw-mux (many PTYs on one socket) has an open message like termplex's,
 * so its figures are on an open socket too. The `fresh*` figures are every
 * side's from a new socket: connect (termplex: and hello) to the first byte.
 *
 * Two phases. `fresh`: terminals are opened one after another and kept, in
 * batches, so nothing else is going on in the server. `churn`: each open
 * follows the close of the previous terminal, so the server is tearing a
 * session down while it sets the next one up (a page that swaps terminals).
 */
import { waitForBytes, type BenchStream } from '../clients/bench-stream.js';
import { openRawSession } from '../clients/raw-client.js';
import { RawMuxClient } from '../clients/raw-mux-client.js';
import { TermplexClient } from '../clients/termplex-client.js';
import type { ServerProcess } from '../server-process.js';
import { nowMs, percentile } from '../stats.js';

export interface OpenFigures {
  /** milliseconds until the server says the terminal exists (raw: the socket is open). */
  openedP50: number;
  openedP90: number;
  /** milliseconds until the shell's first byte arrives. */
  firstByteP50: number;
  firstByteP90: number;
  /** milliseconds until `opened`, each open right after a close. */
  churnP50: number;
  /** milliseconds from a new socket's connect to the shell's first byte. */
  freshFirstByteP50: number;
}

/** Terminals kept open at once: under the server's default of 32 per socket. */
const BATCH = 25;
/** milliseconds for a closed batch's processes to be gone before the next batch. */
const SETTLE_MS = 500;

interface Timing {
  opened: number;
  firstByte: number;
  stream: BenchStream;
}

async function timeOne(open: () => Promise<BenchStream>): Promise<Timing> {
  const start = nowMs();
  const stream = await open();
  const opened = nowMs() - start;
  // The first byte may already be in (it can ride in the same TCP segment as `opened`).
  if (stream.received === 0) await waitForBytes(stream, 1, 10_000);
  return { opened, firstByte: nowMs() - start, stream };
}

async function measure(count: number, open: () => Promise<BenchStream>): Promise<Omit<OpenFigures, 'freshFirstByteP50'>> {
  const opened: number[] = [];
  const firstByte: number[] = [];
  for (let done = 0; done < count; ) {
    const batch: BenchStream[] = [];
    for (; batch.length < BATCH && done < count; done++) {
      const t = await timeOne(open);
      opened.push(t.opened);
      firstByte.push(t.firstByte);
      batch.push(t.stream);
    }
    await Promise.all(batch.map((s) => s.close()));
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  }
  const churn: number[] = [];
  for (let i = 0; i < Math.min(count, BATCH); i++) {
    const t = await timeOne(open);
    churn.push(t.opened);
    await t.stream.close();
  }
  return {
    openedP50: percentile(opened, 50),
    openedP90: percentile(opened, 90),
    firstByteP50: percentile(firstByte, 50),
    firstByteP90: percentile(firstByte, 90),
    churnP50: percentile(churn, 50),
  };
}

/** A new socket and one terminal on it, closed together. */
interface FreshTerminal {
  stream: BenchStream;
  close(): Promise<void>;
}

async function freshTerminal(server: ServerProcess): Promise<FreshTerminal> {
  if (server.kind === 'raw') {
    const stream = await openRawSession(server.wsUrl);
    return { stream, close: () => stream.close() };
  }
  const client = server.kind === 'raw-mux' ? await RawMuxClient.connect(server.wsUrl) : await TermplexClient.connect(server.wsUrl, server.token);
  const stream = await client.open();
  return { stream, close: async () => (await stream.close(), await client.close()) };
}

/** milliseconds, p50: connect to first byte on a new socket each time, one at a time. */
async function freshFirstByte(server: ServerProcess, count: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = nowMs();
    const terminal = await freshTerminal(server);
    if (terminal.stream.received === 0) await waitForBytes(terminal.stream, 1, 10_000);
    samples.push(nowMs() - start);
    await terminal.close();
  }
  return percentile(samples, 50);
}

async function onOneSocket(server: ServerProcess, count: number): Promise<Omit<OpenFigures, 'freshFirstByteP50'>> {
  // raw: no socket to share, so each open is a new one (and its figures the fresh ones).
  if (server.kind === 'raw') return measure(count, () => openRawSession(server.wsUrl));
  const client = server.kind === 'raw-mux' ? await RawMuxClient.connect(server.wsUrl) : await TermplexClient.connect(server.wsUrl, server.token);
  try {
    return await measure(count, () => client.open());
  } finally {
    await client.close();
  }
}

export async function openTime(server: ServerProcess, count: number): Promise<OpenFigures> {
  const figures = await onOneSocket(server, count);
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const freshFirstByteP50 = server.kind === 'raw' ? figures.firstByteP50 : await freshFirstByte(server, Math.min(count, BATCH));
  return { ...figures, freshFirstByteP50 };
}
