/**
 * Session open time. termplex: `open` on a socket that is already open,
 * until `opened`, and until the shell's first output byte (its prompt). The
 * raw baseline has no such message: a terminal is a new WebSocket, so its
 * figures are connect-to-open and connect-to-first-byte.
 */
import { waitForBytes, type BenchStream } from '../clients/bench-stream.js';
import { openRawSession } from '../clients/raw-client.js';
import { TermplexClient } from '../clients/termplex-client.js';
import type { ServerProcess } from '../server-process.js';
import { nowMs, percentile } from '../stats.js';

export interface OpenFigures {
  /** milliseconds until the server says the terminal exists. */
  openedP50: number;
  openedP90: number;
  /** milliseconds until the shell's first byte arrives. */
  firstByteP50: number;
  firstByteP90: number;
}

interface Timed {
  stream: BenchStream;
  start: number;
  opened: number;
}

async function timeOpens(count: number, openOne: () => Promise<Timed>): Promise<OpenFigures> {
  const opened: number[] = [];
  const firstByte: number[] = [];
  for (let i = 0; i < count; i++) {
    const timed = await openOne();
    // The first byte may already be in; `received` then says so.
    if (timed.stream.received === 0) await waitForBytes(timed.stream, 1, 10_000);
    firstByte.push(nowMs() - timed.start);
    opened.push(timed.opened - timed.start);
    await timed.stream.close();
  }
  return {
    openedP50: percentile(opened, 50),
    openedP90: percentile(opened, 90),
    firstByteP50: percentile(firstByte, 50),
    firstByteP90: percentile(firstByte, 90),
  };
}

export async function openTime(server: ServerProcess, count: number): Promise<OpenFigures> {
  if (server.kind === 'raw') {
    return timeOpens(count, async () => {
      const start = nowMs();
      const stream = await openRawSession(server.wsUrl);
      return { stream, start, opened: nowMs() };
    });
  }
  const client = await TermplexClient.connect(server.wsUrl, server.token);
  try {
    return await timeOpens(count, async () => {
      const start = nowMs();
      const stream = await client.open();
      return { stream, start, opened: nowMs() };
    });
  } finally {
    await client.close();
  }
}
