/**
 * `npm run bench [-- options]`: termplex against the raw baseline, on this
 * machine, in one invocation. Prints the table and writes it as JSON.
 *
 *   --quick             every workload, smaller (under 2 minutes)
 *   --only a,b          only these workloads (throughput, echo, echo-unread, memory, open, resume, restart, browser)
 *   --out FILE          where the JSON goes (default test/bench/results/latest[-quick].json)
 *   --cpu-prof          profile the termplex server (V8 .cpuprofile in test/bench/results/profiles)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBench } from './bench.js';
import { MODES, type Mode } from './modes.js';
import { WORKLOADS, type WorkloadName } from './plan.js';
import { formatTable } from './report.js';

const here = path.dirname(fileURLToPath(import.meta.url));

interface CliOptions {
  mode: Mode;
  workloads: WorkloadName[];
  out: string;
  cpuProf: boolean;
}

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npm run bench -- [--quick] [--only ${WORKLOADS.join(',')}] [--out FILE] [--cpu-prof]\n`);
  process.exit(2);
}

function parse(argv: string[]): CliOptions {
  let mode = MODES.full;
  let workloads: WorkloadName[] = [...WORKLOADS];
  let out: string | undefined;
  let cpuProf = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') mode = MODES.quick;
    else if (arg === '--smoke') mode = MODES.smoke;
    else if (arg === '--cpu-prof') cpuProf = true;
    else if (arg === '--only' || arg === '--out') {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) usage(`${arg} needs a value`);
      if (arg === '--out') out = value;
      else {
        const names = value.split(',');
        const unknown = names.filter((n) => !(WORKLOADS as readonly string[]).includes(n));
        if (unknown.length > 0) usage(`--only: unknown workload ${unknown.map((n) => JSON.stringify(n)).join(', ')}; choose from ${WORKLOADS.join(', ')}`);
        workloads = names as WorkloadName[];
      }
    } else if (arg === '--help' || arg === '-h') usage('termplex benchmark');
    else usage(`unknown option ${JSON.stringify(arg)}`);
  }
  const suffix = mode.name === 'full' ? '' : `-${mode.name}`;
  return { mode, workloads, cpuProf, out: out ?? path.join(here, 'results', `latest${suffix}.json`) };
}

const options = parse(process.argv.slice(2));
// Exiting runs server-process.ts's 'exit' hook, which ends every server and shell this run started.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
const profiles = path.join(here, 'results', 'profiles');
if (options.cpuProf) mkdirSync(profiles, { recursive: true });
const log = (line: string) => process.stderr.write(`  ${line}\n`);
log(`mode ${options.mode.name}: ${options.workloads.join(', ')}`);
const result = await runBench({
  mode: options.mode,
  workloads: options.workloads,
  termplexNodeArgs: options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profiles}`] : [],
  log,
});
process.stdout.write(`\ntermplex benchmark, ${result.mode} mode, ${result.date}, ${result.machine.cpu} x${result.machine.cores}, node ${result.machine.node}, ${result.seconds} s\n\n`);
process.stdout.write(`${formatTable(result.rows)}\n`);
for (const error of result.errors) process.stdout.write(`error: ${error}\n`);
mkdirSync(path.dirname(options.out), { recursive: true });
// JSON has no Infinity (it would become null, i.e. no figure): a timed-out figure is written as the string.
const timedOut = (_key: string, value: unknown) => (value === Infinity ? 'timed out' : value);
writeFileSync(options.out, `${JSON.stringify(result, timedOut, 2)}\n`);
process.stdout.write(`\nJSON: ${path.relative(process.cwd(), options.out)}\n`);
process.exitCode = result.errors.length > 0 ? 1 : 0;
