/**
 * Each workload, run on both sides and recorded. Sides alternate within a
 * run and the order flips from one run to the next, so drift on this shared
 * machine (another process waking up, thermal limits) falls on both.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CorpusFile } from './corpus.js';
import { PACED_GAP_MS, UNREAD_PASTE_BYTES, type Mode } from './modes.js';
import type { Samples, Side } from './samples.js';
import type { ServerOptions, ServerProcess, StopSignal } from './server-process.js';
import { KiB } from './stats.js';
import { catThroughput, startThroughputVariants, type ThroughputVariant } from './workloads/throughput.js';
import { echoLatency, type EchoFigures, type Flood } from './workloads/echo-latency.js';
import { idleMemory, slowConsumerMemory } from './workloads/memory.js';
import { openTime } from './workloads/open-time.js';
import { ResumeBench } from './workloads/resume.js';
import { RestartBench } from './workloads/restart.js';
import { sandboxOpenTime } from './workloads/sandbox-open.js';
import { startServer } from './server-process.js';

export interface BenchContext {
  mode: Mode;
  corpus: CorpusFile;
  servers: Record<Side, ServerProcess>;
  /** The sides whose server started; a workload measures only these. */
  sides: readonly Side[];
  serverOptions: Record<Side, ServerOptions>;
  samples: Samples;
  log(line: string): void;
}

export const WORKLOADS = ['throughput', 'echo', 'echo-unread', 'memory', 'open', 'sandbox', 'record', 'resume', 'restart', 'browser'] as const;
export type WorkloadName = (typeof WORKLOADS)[number];

/** `items` in order on even runs, reversed on odd ones. */
export function inTurn<T>(items: readonly T[], run: number): T[] {
  return run % 2 === 0 ? [...items] : [...items].reverse();
}

export function sideOrder(run: number): Side[] {
  return inTurn<Side>(['raw', 'raw-mux', 'termplex'], run);
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function eachRun(ctx: BenchContext, runs: number, body: (side: Side, run: number) => Promise<void>, skip: readonly Side[] = []): Promise<void> {
  for (let run = 0; run < runs; run++) {
    for (const side of sideOrder(run)) {
      if (!ctx.sides.includes(side) || skip.includes(side)) continue;
      try {
        await body(side, run);
      } catch (error) {
        throw new Error(`${side}, run ${run + 1}: ${messageOf(error)} [${ctx.servers[side].diagnostics()}]`);
      }
    }
  }
}

const fmt = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2));

/**
 * The default termplex server (screen snapshots on) and raw, then the
 * variants (throughput.ts) against the same raw figures; all in turn,
 * the order reversed from one run to the next.
 */
async function throughput(ctx: BenchContext): Promise<void> {
  const sides: ThroughputVariant[] = ctx.sides.map((side) => ({ side, id: 'throughput', label: side, server: ctx.servers[side], parallel: true, close: async () => {} }));
  const variants = ctx.sides.includes('termplex') ? await startThroughputVariants(ctx.serverOptions.termplex) : [];
  const n = ctx.mode.parallelTerminals;
  // Which process is which, e.g. for the --cpu-prof files (named by PID).
  ctx.log(`throughput servers: ${[...sides, ...variants].map((v) => `${v.label} pid ${v.server.pid}`).join(', ')}`);
  try {
    for (let run = 0; run < ctx.mode.runs; run++) {
      for (const v of inTurn([...sides, ...variants], run)) {
        try {
          const single = await catThroughput(v.server, ctx.corpus, 1);
          ctx.samples.add(`${v.id}.single`, v.side, single.rate);
          ctx.samples.add(`${v.id}.rssRise`, v.side, single.rssRise);
          const parallel = v.parallel ? (await catThroughput(v.server, ctx.corpus, n)).rate : undefined;
          if (parallel !== undefined) ctx.samples.add(`${v.id}.parallel`, v.side, parallel);
          ctx.log(
            `throughput ${v.label}: ${fmt(single.rate)} MiB/s single (RSS +${fmt(single.rssRise / 2 ** 20)} MiB)` +
              `${parallel === undefined ? '' : `, ${fmt(parallel)} MiB/s x${n}`}`,
          );
        } catch (error) {
          throw new Error(`${v.label}, run ${run + 1}: ${messageOf(error)} [${v.server.diagnostics()}]`);
        }
      }
    }
  } finally {
    await Promise.all(variants.map((v) => v.close()));
  }
}

/** Records one echo measurement as `<id>.p50` and `<id>.p99`, and logs it. */
function recordEcho(ctx: BenchContext, side: Side, id: string, label: string, figures: EchoFigures): void {
  ctx.samples.add(`${id}.p50`, side, figures.p50);
  ctx.samples.add(`${id}.p99`, side, figures.p99);
  const ms = (value: number) => (value === Infinity ? 'timed out' : `${fmt(value)} ms`);
  const done = figures.roundTrips - figures.timedOut;
  const timedOut = figures.timedOut === 0 ? '' : `; ${figures.timedOut} of ${figures.roundTrips} timed out${done > 0 ? `, slowest of the ${done} done ${ms(figures.slowest)}` : ''}`;
  ctx.log(`echo ${side} (${label}): p50 ${ms(figures.p50)}, p99 ${ms(figures.p99)}${timedOut}`);
}

async function echo(ctx: BenchContext): Promise<void> {
  const floods: Flood[] = ['none', 'yes', 'cat'];
  await eachRun(ctx, ctx.mode.runs, async (side) => {
    for (const flood of floods) {
      const figures = await echoLatency(ctx.servers[side], { roundTrips: ctx.mode.echoRoundTrips, flood, floodSeconds: ctx.mode.floodSeconds, corpus: ctx.corpus });
      recordEcho(ctx, side, `echo.${flood}`, `flood: ${flood}`, figures);
    }
    const paced = await echoLatency(ctx.servers[side], { roundTrips: ctx.mode.pacedRoundTrips, flood: 'none', floodSeconds: 0, corpus: ctx.corpus, gapMs: PACED_GAP_MS });
    recordEcho(ctx, side, 'echo.paced', `one key per ${PACED_GAP_MS} ms`, paced);
  });
}

/**
 * Its own workload, not part of `echo`: a server with the known bug freezes
 * here until the deadline, and `--only echo` should not pay for that.
 */
async function echoUnread(ctx: BenchContext): Promise<void> {
  await eachRun(ctx, ctx.mode.runs, async (side) => {
    const figures = await echoLatency(ctx.servers[side], {
      roundTrips: ctx.mode.echoRoundTrips,
      flood: 'unread',
      floodSeconds: 0,
      corpus: ctx.corpus,
      pasteBytes: UNREAD_PASTE_BYTES,
      deadlineMs: ctx.mode.unreadDeadlineMs,
    });
    recordEcho(ctx, side, 'echo-unread', `beside ${UNREAD_PASTE_BYTES / KiB} KiB unread, deadline ${ctx.mode.unreadDeadlineMs / 1000} s`, figures);
    // raw-mux writes to its PTYs as raw does (node-pty's blocking path): raw already shows what that costs.
  }, ['raw-mux']);
}

async function memory(ctx: BenchContext): Promise<void> {
  await eachRun(ctx, ctx.mode.memoryRuns, async (side) => {
    const idle = await idleMemory(side, ctx.mode.shellCounts, ctx.serverOptions[side]);
    ctx.samples.add('memory.idle', side, idle.idle);
    ctx.samples.add('memory.few', side, idle.few);
    ctx.samples.add('memory.many', side, idle.many);
    ctx.samples.add('memory.perSession', side, idle.perSession);
    ctx.samples.add('memory.afterClose', side, idle.afterClose);
    const slow = await slowConsumerMemory(side, ctx.mode.slowFloodSeconds, ctx.mode.slowReadRate, ctx.serverOptions[side]);
    ctx.samples.add('memory.slowPeak', side, slow.peakAbove);
    const MiBs = (b: number) => fmt(b / 2 ** 20);
    ctx.log(
      `memory ${side}: idle ${MiBs(idle.idle)} MiB, ${MiBs(idle.few)} / ${MiBs(idle.many)} MiB with ${ctx.mode.shellCounts.join(' / ')} shells, ` +
        `${fmt(idle.perSession / 1024)} KiB per session, ${idle.afterClose >= 0 ? '+' : ''}${MiBs(idle.afterClose)} MiB 3 s after closing them; ` +
        `slow reader peak +${MiBs(slow.peakAbove)} MiB${slow.capped ? ' (stopped at the safety cap)' : ''}`,
    );
  });
}

async function open(ctx: BenchContext): Promise<void> {
  await eachRun(ctx, ctx.mode.runs, async (side) => {
    const figures = await openTime(ctx.servers[side], ctx.mode.opens);
    ctx.samples.add('open.opened.p50', side, figures.openedP50);
    ctx.samples.add('open.opened.p90', side, figures.openedP90);
    ctx.samples.add('open.firstByte.p50', side, figures.firstByteP50);
    ctx.samples.add('open.firstByte.p90', side, figures.firstByteP90);
    ctx.samples.add('open.churn.p50', side, figures.churnP50);
    ctx.samples.add('open.fresh.firstByte.p50', side, figures.freshFirstByteP50);
    ctx.log(
      `open ${side}: p50 ${fmt(figures.openedP50)} ms, p90 ${fmt(figures.openedP90)} ms; first byte p50 ${fmt(figures.firstByteP50)} ms; ` +
        `right after a close p50 ${fmt(figures.churnP50)} ms; new socket to first byte p50 ${fmt(figures.freshFirstByteP50)} ms`,
    );
  });
}

/**
 * A sandboxed profile against the same shell unsandboxed, on one termplex
 * server (the raw column is the plain profile here). Needs bubblewrap: the
 * server refuses to start a sandboxed profile this machine cannot enforce.
 */
async function sandbox(ctx: BenchContext): Promise<void> {
  const server = await startServer('termplex', { ...ctx.serverOptions.termplex, sandbox: true });
  try {
    for (let run = 0; run < ctx.mode.runs; run++) {
      const figures = await sandboxOpenTime(server, ctx.mode.sandboxOpens);
      ctx.samples.add('sandbox.firstByte.p50', 'termplex', figures.sandboxedP50);
      ctx.samples.add('sandbox.firstByte.p50', 'raw', figures.plainP50);
      ctx.log(`sandbox: open to first byte p50 ${fmt(figures.sandboxedP50)} ms sandboxed, ${fmt(figures.plainP50)} ms plain (${ctx.mode.sandboxOpens} each)`);
    }
  } catch (error) {
    throw new Error(`${messageOf(error)} [${server.diagnostics()}]`);
  } finally {
    await server.close();
  }
}

/**
 * What recording costs: `cat` of the corpus on a server recording every
 * session (--record into a temporary folder) against the same server not
 * recording, in turn (the raw column is the one not recording).
 */
async function record(ctx: BenchContext): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'termplex-bench-casts-'));
  const recording = await startServer('termplex', { ...ctx.serverOptions.termplex, record: dir });
  const plain = ctx.servers.termplex;
  try {
    for (let run = 0; run < ctx.mode.runs; run++) {
      for (const [side, server] of inTurn<[Side, ServerProcess]>([['termplex', recording], ['raw', plain]], run)) {
        const figure = (await catThroughput(server, ctx.corpus, 1)).rate;
        ctx.samples.add('record.throughput', side, figure);
        ctx.log(`record: ${fmt(figure)} MiB/s ${side === 'termplex' ? 'recording' : 'not recording'}`);
      }
    }
    const casts = readdirSync(dir);
    const bytes = casts.reduce((sum, name) => sum + statSync(path.join(dir, name)).size, 0);
    ctx.log(`record: ${casts.length} recordings, ${fmt(bytes / 2 ** 20)} MiB written`);
  } catch (error) {
    throw new Error(`${messageOf(error)} [${recording.diagnostics()}]`);
  } finally {
    await recording.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function resume(ctx: BenchContext): Promise<void> {
  if (!ctx.sides.includes('termplex')) throw new Error('needs the termplex server');
  const bench = await ResumeBench.start(ctx.servers.termplex, ctx.mode.resumeSessions);
  try {
    for (let run = 0; run < ctx.mode.resumeRuns; run++) {
      const figures = await bench.once();
      ctx.samples.add('resume.ms', 'termplex', figures.resumeMs);
      ctx.samples.add('resume.openedMs', 'termplex', figures.openedMs);
      ctx.samples.add('resume.lostBytes', 'termplex', figures.lostBytes);
      ctx.samples.add('resume.sequenceBreaks', 'termplex', figures.sequenceBreaks);
      ctx.log(`resume: ${fmt(figures.resumeMs)} ms (opened after ${fmt(figures.openedMs)} ms), lost ${figures.lostBytes} B, ${figures.sequenceBreaks} sequence breaks`);
    }
  } finally {
    await bench.close();
  }
}

/** Each run restarts the web server twice, after SIGTERM and after SIGKILL, in turn. */
async function restart(ctx: BenchContext): Promise<void> {
  const bench = await RestartBench.start(ctx.mode.restartSessions, ctx.serverOptions.termplex);
  try {
    for (let run = 0; run < ctx.mode.restartRuns; run++) {
      for (const signal of inTurn<StopSignal>(['SIGTERM', 'SIGKILL'], run)) {
        let figures;
        try {
          figures = await bench.once(signal);
        } catch (error) {
          throw new Error(`${signal}, run ${run + 1}: ${messageOf(error)} [${bench.diagnostics()}]`);
        }
        const id = signal === 'SIGTERM' ? 'restart' : 'restart.kill';
        ctx.samples.add(`${id}.ms`, 'termplex', figures.restartMs);
        ctx.samples.add(`${id}.openedMs`, 'termplex', figures.openedMs);
        ctx.samples.add(`${id}.outageMs`, 'termplex', figures.outageMs);
        ctx.samples.add('restart.startMs', 'termplex', figures.startMs);
        ctx.samples.add('restart.lostBytes', 'termplex', figures.lostBytes);
        ctx.samples.add('restart.sequenceBreaks', 'termplex', figures.sequenceBreaks);
        ctx.log(
          `restart after ${signal}: ${fmt(figures.restartMs)} ms from the URL line (socket after ${fmt(figures.connectMs)} ms, opened after ${fmt(figures.openedMs)} ms); ` +
            `start-up ${fmt(figures.startMs)} ms, outage ${fmt(figures.outageMs)} ms; lost ${figures.lostBytes} B, ${figures.sequenceBreaks} sequence breaks`,
        );
      }
    }
  } finally {
    await bench.close();
  }
}

export const PLAN: Record<WorkloadName, (ctx: BenchContext) => Promise<void>> = {
  throughput,
  echo,
  'echo-unread': echoUnread,
  memory,
  open,
  sandbox,
  record,
  resume,
  restart,
  browser: async (ctx) => {
    const { browserWorkload } = await import('./workloads/browser.js');
    await browserWorkload(ctx);
  },
};
