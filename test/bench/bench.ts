/**
 * One benchmark invocation: the corpus, both servers, every chosen workload
 * (a failing workload is reported, and the others still run), then the rows.
 */
import { writeCorpus } from './corpus.js';
import type { Mode } from './modes.js';
import { PLAN, WORKLOADS, type BenchContext, type WorkloadName } from './plan.js';
import { buildRows, machine, type Row } from './report.js';
import { Samples, type Side } from './samples.js';
import { startServer, type ServerOptions, type ServerProcess } from './server-process.js';
import { rowSpecs } from './targets.js';

export interface BenchOptions {
  mode: Mode;
  workloads?: readonly WorkloadName[];
  /** Extra node flags for the termplex server (e.g. --cpu-prof). */
  termplexNodeArgs?: string[];
  log?(line: string): void;
}

export interface BenchResult {
  date: string;
  mode: string;
  machine: Record<string, string | number>;
  seconds: number;
  rows: Row[];
  errors: string[];
  samples: Record<string, number[]>;
}

export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const startedAt = Date.now();
  const log = options.log ?? (() => {});
  const samples = new Samples();
  const errors: string[] = [];
  const corpus = writeCorpus(options.mode.corpusBytes);
  const serverOptions: Record<Side, ServerOptions> = { termplex: { nodeArgs: options.termplexNodeArgs ?? [] }, raw: {}, 'raw-mux': {} };
  const servers: Partial<Record<Side, ServerProcess>> = {};
  try {
    const sides: Side[] = ['raw', 'raw-mux', 'termplex'];
    const started = await Promise.allSettled(sides.map((side) => startServer(side, serverOptions[side])));
    started.forEach((result, i) => {
      if (result.status === 'fulfilled') servers[sides[i]] = result.value;
      else errors.push(`setup: ${result.reason instanceof Error ? result.reason.message : String(result.reason)}`);
    });
    const ctx: BenchContext = {
      mode: options.mode,
      corpus,
      servers: servers as Record<Side, ServerProcess>,
      sides: sides.filter((side) => servers[side]),
      serverOptions,
      samples,
      log,
    };
    for (const name of options.workloads ?? WORKLOADS) {
      const began = Date.now();
      try {
        await PLAN[name](ctx);
      } catch (error) {
        const message = `${name}: ${error instanceof Error ? error.message : String(error)}`;
        errors.push(message);
        log(`FAILED ${message}`);
      }
      log(`${name} took ${((Date.now() - began) / 1000).toFixed(1)} s`);
    }
  } catch (error) {
    errors.push(`setup: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await Promise.all(Object.values(servers).map((s) => s.close()));
    corpus.dispose();
  }
  return {
    date: new Date().toISOString(),
    mode: options.mode.name,
    machine: machine(),
    seconds: Math.round((Date.now() - startedAt) / 100) / 10,
    rows: buildRows(rowSpecs(options.mode), samples).filter((row) => (options.workloads ?? WORKLOADS).includes(row.id.split('.')[0] as WorkloadName)),
    errors,
    samples: samples.toJSON(),
  };
}
