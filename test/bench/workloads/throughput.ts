/**
 * Throughput: `cat` of the corpus in fresh terminals, timed from the moment
 * the command is typed to the sentinel echoed after it. With several
 * terminals they share one termplex socket (the raw baseline: one socket
 * each) and the figure is the aggregate.
 */
import { connect, openReady } from '../clients/connection.js';
import { sentinel, waitForText } from '../clients/bench-stream.js';
import type { CorpusFile } from '../corpus.js';
import type { ServerProcess } from '../server-process.js';
import { MiB, nowMs } from '../stats.js';

/** milliseconds: even 64 MiB at 4 MiB/s fits; a stall fails the run instead of hanging it. */
const CAT_TIMEOUT_MS = 120_000;

/** Returns MiB/s of corpus text delivered, summed over `terminals`. */
export async function catThroughput(server: ServerProcess, corpus: CorpusFile, terminals: number): Promise<number> {
  const connection = await connect(server);
  try {
    const streams = await openReady(connection, terminals);
    const done = sentinel('CAT');
    const seen = streams.map((s) => waitForText(s, done.text, CAT_TIMEOUT_MS));
    const start = nowMs();
    for (const s of streams) s.write(`cat ${corpus.path}; ${done.command}\r`);
    const end = Math.max(...(await Promise.all(seen)));
    return (terminals * corpus.bytes) / MiB / ((end - start) / 1000);
  } finally {
    await connection.close();
  }
}
