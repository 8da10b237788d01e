/**
 * Throughput: `cat` of the corpus in fresh terminals, timed from the moment
 * the command is typed to the sentinel echoed after it. With several
 * terminals they share one termplex socket (the raw baseline: one socket
 * each) and the figure is the aggregate. Besides the default termplex
 * server (screen snapshots on) it runs variants: the same server with
 * --no-snapshots, the cost of snapshots; and a web server in front of a
 * PTY host, the cost of the extra hop.
 */
import { connect, openReady } from '../clients/connection.js';
import { sentinel, waitForText } from '../clients/bench-stream.js';
import type { CorpusFile } from '../corpus.js';
import { HostedServer } from '../hosted-server.js';
import type { Side } from '../samples.js';
import { startServer, type ServerOptions, type ServerProcess } from '../server-process.js';
import { MiB, nowMs } from '../stats.js';

/** milliseconds: even 64 MiB at 4 MiB/s fits; a stall fails the run instead of hanging it. */
const CAT_TIMEOUT_MS = 120_000;

/** milliseconds between RSS readings while the corpus streams. */
const RSS_EVERY_MS = 100;

export interface CatFigures {
  /** MiB/s of corpus text delivered, summed over the terminals. */
  rate: number;
  /** bytes: the server's highest RSS while it streamed, above its RSS just before. */
  rssRise: number;
}

export async function catThroughput(server: ServerProcess, corpus: CorpusFile, terminals: number): Promise<CatFigures> {
  const connection = await connect(server);
  try {
    const streams = await openReady(connection, terminals);
    const done = sentinel('CAT');
    const seen = streams.map((s) => waitForText(s, done.text, CAT_TIMEOUT_MS));
    const before = server.rss();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, server.rss())), RSS_EVERY_MS);
    const start = nowMs();
    for (const s of streams) s.write(`cat ${corpus.path}; ${done.command}\r`);
    const end = Math.max(...(await Promise.all(seen)));
    clearInterval(sampler);
    return { rate: (terminals * corpus.bytes) / MiB / ((end - start) / 1000), rssRise: peak - before };
  } finally {
    await connection.close();
  }
}

/** A server throughput runs against; its figures are `<id>.single` and `<id>.parallel`. */
export interface ThroughputVariant {
  side: Side;
  id: string;
  /** For the log. */
  label: string;
  server: ServerProcess;
  /** Whether it runs the several-terminals figure too. */
  parallel: boolean;
  close(): Promise<void>;
}

/** The termplex servers beside the default one: started together, or none (a failure closes those that started). */
export async function startThroughputVariants(options: ServerOptions): Promise<ThroughputVariant[]> {
  const started = await Promise.allSettled([
    startServer('termplex', { ...options, noSnapshots: true }).then((server): ThroughputVariant => ({
      side: 'termplex',
      id: 'throughput.noSnapshots',
      label: 'termplex --no-snapshots',
      server,
      parallel: true,
      close: () => server.close(),
    })),
    HostedServer.start({ nodeArgs: options.nodeArgs }).then((hosted): ThroughputVariant => ({
      side: 'termplex',
      id: 'throughput.ptyHost',
      label: 'termplex --pty-host',
      server: hosted.server,
      parallel: false,
      close: () => hosted.close(),
    })),
  ]);
  const variants = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = started.find((result) => result.status === 'rejected');
  if (failed === undefined) return variants;
  await Promise.all(variants.map((v) => v.close()));
  throw failed.reason;
}
